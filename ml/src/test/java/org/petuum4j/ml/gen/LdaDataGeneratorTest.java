package org.petuum4j.ml.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ml.data.CorpusReader;

class LdaDataGeneratorTest {
  @TempDir Path dir;

  static LdaDataGenerator gen(long seed) {
    return LdaDataGenerator.builder().docs(200).words(100).topics(5).docLength(40).seed(seed).build();
  }

  @Test
  void plantedTopics_areDistributionsConcentratedOnDisjointSubsets() {
    double[][] phi = gen(3).plantedTopics();
    assertThat(phi).hasNumberOfRows(5);
    for (double[] topic : phi) {
      double sum = 0;
      int dominant = 0;
      for (double p : topic) {
        sum += p;
        dominant += p > 0.05 / 100 + 1e-12 ? 1 : 0;
      }
      assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
      assertThat(dominant).isEqualTo(20);
    }
    for (int w = 0; w < 100; w++) {
      int owners = 0;
      for (double[] topic : phi) {
        owners += topic[w] > 0.05 / 100 + 1e-12 ? 1 : 0;
      }
      assertThat(owners).as("word %d", w).isEqualTo(1);
    }
  }

  @Test
  void write_isReproducibleAndReadsBack() throws IOException {
    Path a = dir.resolve("a.txt");
    Path av = dir.resolve("av.txt");
    Path b = dir.resolve("b.txt");
    Path bv = dir.resolve("bv.txt");
    LdaDataGenerator.Summary s = gen(9).write(a, av);
    gen(9).write(b, bv);
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(Files.readAllBytes(av)).isEqualTo(Files.readAllBytes(bv));
    Corpus c = CorpusReader.readUci(a, av);
    assertThat(c.numDocs()).isEqualTo(200);
    assertThat(c.numTokens()).isEqualTo((int) s.tokens());
    assertThat(s.tokens()).isBetween(200L * 30, 200L * 50);
    assertThat(c.wordName(0)).matches("k[0-4]w0");
    assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(writeOther()));
  }

  private Path writeOther() throws IOException {
    Path c = dir.resolve("c.txt");
    gen(10).write(c, null);
    return c;
  }
}

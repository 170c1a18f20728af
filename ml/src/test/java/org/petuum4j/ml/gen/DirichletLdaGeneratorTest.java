package org.petuum4j.ml.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ml.data.CorpusReader;

class DirichletLdaGeneratorTest {
  @TempDir Path dir;

  @Test
  void documentLengths_arePoissonWithTheMean() {
    Corpus c = DirichletLdaGenerator.builder().docs(4000).words(500).topics(10).docLength(100).seed(3).build()
        .generate();
    double sum = 0;
    double sq = 0;
    for (int d = 0; d < c.numDocs(); d++) {
      int n = c.docEnd(d) - c.docStart(d);
      sum += n;
      sq += (double) n * n;
    }
    double mean = sum / c.numDocs();
    double var = sq / c.numDocs() - mean * mean;
    // The standard error of the mean is sqrt(100 / 4000) = 0.16; of the variance about 100 * sqrt(2 / 4000) = 2.2.
    assertThat(mean).isCloseTo(100, within(0.8));
    assertThat(var / mean).as("dispersion index of a Poisson").isCloseTo(1.0, within(0.12));
  }

  @Test
  void shortDocuments_areNeverEmpty() {
    Corpus c = DirichletLdaGenerator.builder().docs(5000).words(300).topics(5).docLength(1.5).seed(4).build()
        .generate();
    int min = Integer.MAX_VALUE;
    for (int d = 0; d < c.numDocs(); d++) {
      min = Math.min(min, c.docEnd(d) - c.docStart(d));
    }
    assertThat(min).isEqualTo(1);
    // A zero-truncated Poisson(1.5) has mean 1.5 / (1 - e^-1.5) = 1.926.
    assertThat(c.numTokens() / (double) c.numDocs()).isCloseTo(1.926, within(0.05));
  }

  @Test
  void poisson_matchesItsMeanAndVarianceAboveTheSplitPoint() {
    SplittableRandom rng = new SplittableRandom(5);
    double sum = 0;
    double sq = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      int x = DirichletLdaGenerator.poisson(rng, 1000);
      sum += x;
      sq += (double) x * x;
    }
    double mean = sum / n;
    assertThat(mean).isCloseTo(1000, within(1.0));
    assertThat(sq / n - mean * mean).isCloseTo(1000, within(40.0));
  }

  @Test
  void plantedTopics_areSparseDirichletDraws() {
    double[][] phi = DirichletLdaGenerator.builder().words(2000).topics(20).topicBeta(0.05).seed(6).build()
        .plantedTopics();
    for (double[] topic : phi) {
      assertThat(Arrays.stream(topic).sum()).isCloseTo(1.0, within(1e-9));
      double[] sorted = topic.clone();
      Arrays.sort(sorted);
      double top = 0;
      int n = 0;
      while (top < 0.9) {
        top += sorted[sorted.length - 1 - n++];
      }
      // Dirichlet(0.05) over 2,000 words: 90% of the mass on a few percent of the words (about 40
      // of the expected 100 draws of Gamma(0.05) worth counting); Dirichlet(1) would need over 1,300.
      assertThat(n).as("words holding 90% of a topic").isBetween(10, 250);
    }
  }

  /**
   * With a tiny document concentration every document is about one topic; assigning each document
   * to its most likely planted topic and pooling its words must give back that topic's word
   * distribution, so the tokens really come from the planted topics.
   */
  @Test
  void generatedTokens_recoverThePlantedTopics() {
    DirichletLdaGenerator g = DirichletLdaGenerator.builder().docs(3000).words(200).topics(5).docLength(40)
        .topicBeta(0.05).docAlpha(0.001).seed(7).build();
    double[][] phi = g.plantedTopics();
    Corpus c = g.generate();
    double[][] counts = new double[5][200];
    for (int d = 0; d < c.numDocs(); d++) {
      int best = 0;
      double bestLl = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < 5; k++) {
        double ll = 0;
        for (int i = c.docStart(d); i < c.docEnd(d); i++) {
          ll += Math.log(phi[k][c.word(i)] + 1e-300);
        }
        if (ll > bestLl) {
          bestLl = ll;
          best = k;
        }
      }
      for (int i = c.docStart(d); i < c.docEnd(d); i++) {
        counts[best][c.word(i)]++;
      }
    }
    for (int k = 0; k < 5; k++) {
      double total = Arrays.stream(counts[k]).sum();
      assertThat(total).as("tokens of topic %d", k).isGreaterThan(10_000);
      double tv = 0;
      for (int w = 0; w < 200; w++) {
        tv += Math.abs(counts[k][w] / total - phi[k][w]) / 2;
      }
      assertThat(tv).as("total variation, topic %d", k).isLessThan(0.03);
    }
  }

  @Test
  void write_isByteIdenticalPerSeedAndReadsBack() throws IOException {
    DirichletLdaGenerator.Builder b = DirichletLdaGenerator.builder().docs(300).words(400).topics(8).docLength(7);
    Path a = dir.resolve("a.txt");
    Path av = dir.resolve("av.txt");
    Path x = dir.resolve("b.txt");
    Path xv = dir.resolve("bv.txt");
    Path o = dir.resolve("o.txt");
    Path ov = dir.resolve("ov.txt");
    LdaDataGenerator.Summary s = b.seed(9).build().write(a, av);
    b.seed(9).build().write(x, xv);
    b.seed(10).build().write(o, ov);
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(x));
    assertThat(Files.readAllBytes(av)).isEqualTo(Files.readAllBytes(xv));
    assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(o));
    Corpus c = CorpusReader.readUci(a, av);
    assertThat(c.numDocs()).isEqualTo(300);
    assertThat((long) c.numTokens()).isEqualTo(s.tokens());
    assertThat(c.wordName(3)).isEqualTo("w3");
  }

  @Test
  void builder_namesTheBadValue() {
    assertThatThrownBy(() -> DirichletLdaGenerator.builder().topicBeta(0))
        .hasMessage("topicBeta must be a finite number > 0, was 0.0");
    assertThatThrownBy(() -> DirichletLdaGenerator.builder().docLength(-1))
        .hasMessage("docLength must be in (0, 1048576], was -1.0");
  }
}

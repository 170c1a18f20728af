package org.petuum4j.ml.lda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ml.data.CorpusReader;
import org.petuum4j.ml.gen.LdaDataGenerator;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.job.EmbeddedDeployment;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;

class LdaModelTest {
  @TempDir Path dir;

  static LdaModel small() {
    return new LdaModel(3, 0.1, 0.01, new String[] {"apple", "bean", "corn"},
        new int[][] {{0, 2}, {}, {1}}, new int[][] {{5, 1}, {}, {7}});
  }

  @Test
  void saveThenLoad_roundTripsExactly() throws IOException {
    LdaModel m = small();
    Path f = dir.resolve("topics.txt");
    m.save(f);
    assertThat(Files.readString(f)).isEqualTo(
        "petuum4j-lda v1\ntopics 3\nwords 3\nalpha 0.1\nbeta 0.01\napple\t0:5 2:1\nbean\t\ncorn\t1:7\n");
    LdaModel back = LdaModel.load(f);
    assertThat(back).isEqualTo(m);
    assertThat(back.topicTotal(0)).isEqualTo(5);
    assertThat(back.topWords(0, 2)).containsExactly(0, 1);
    double[] p = back.topicWordDistribution(1);
    assertThat(p[2]).isEqualTo((7 + 0.01) / (7 + 3 * 0.01));
  }

  @Test
  void load_rejectsBadLinesWithFileAndLine() throws IOException {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "petuum4j-lda v1\ntopics 3\nwords 2\nalpha 0.1\nbeta 0.01\na\t0:5\nb\t3:1\n");
    assertThatThrownBy(() -> LdaModel.load(f)).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(f + ":7: bad cell '3:1'");
    Files.writeString(f, "petuum4j-lda v1\ntopics x\n");
    assertThatThrownBy(() -> LdaModel.load(f)).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(f + ":2: expected 'topics N'");
  }

  @Test
  void jobFactory_runsOnEmbeddedDeployment_andItsTablesHoldEveryToken() throws Exception {
    Path dw = dir.resolve("docword.txt");
    Path v = dir.resolve("vocab.txt");
    LdaDataGenerator.builder().docs(60).words(50).topics(3).docLength(20).seed(2).build().write(dw, v);
    Corpus corpus = CorpusReader.readUci(dw, v);
    LdaConfig config = LdaConfig.defaults(3).withIterations(4).withAlgorithm(LdaConfig.Algorithm.ROTATION);
    JobParams params = LdaJob.params("uci", dw, v, config);
    List<String> events = new ArrayList<>();
    try (JobResult r = new EmbeddedDeployment(3, 2).run(LdaJob.class, params, events::add)) {
      long tokens = 0;
      WordTopicLayout layout = LdaJob.layout(params, config, corpus.numWords());
      for (int w = 0; w < corpus.numWords(); w++) {
        Row row = r.read("lda.word_topic", layout.rowOf(w));
        long n = 0;
        for (int k = 0; k < 3; k++) {
          n += row.getLong(layout.col(w, k));
          tokens += row.getLong(layout.col(w, k));
        }
        assertThat(n).as("word %d", w).isEqualTo(corpus.wordFrequencies()[w]);
      }
      assertThat(tokens).isEqualTo(corpus.numTokens());
      Row totals = r.read("lda.topics", 0);
      assertThat(totals.getLong(0) + totals.getLong(1) + totals.getLong(2)).isEqualTo(corpus.numTokens());
    }
    assertThat(events).hasSize(5);
    assertThat(LdaWorker.decode(events.get(4)).iteration()).isEqualTo(4);
  }
}

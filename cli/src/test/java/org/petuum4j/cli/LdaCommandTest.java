package org.petuum4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.cli.MainTest.Run;
import org.petuum4j.ml.lda.LdaModel;

class LdaCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path docword;
  static Path vocab;

  @BeforeAll
  static void generate() {
    docword = data.resolve("docword.small.txt");
    vocab = data.resolve("vocab.small.txt");
    Run r = MainTest.run("datagen", "lda", "--docs", "300", "--words", "120", "--topics", "4", "--doc-length", "60",
        "--seed", "5", "--out", docword.toString(), "--vocab-out", vocab.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote 300 documents").contains("over 120 words").contains("planted: 4 topics");
  }

  @Test
  void datagen_kindDirichlet_writesTheSameBytesForASeedAndTrains() throws IOException {
    Path[] out = new Path[4];
    for (int i = 0; i < 2; i++) {
      out[2 * i] = dir.resolve("d" + i + ".txt");
      out[2 * i + 1] = dir.resolve("v" + i + ".txt");
      Run r = MainTest.run("datagen", "lda", "--kind", "dirichlet", "--docs", "400", "--words", "150", "--topics",
          "4", "--doc-length", "7", "--topic-beta", "0.05", "--seed", "8", "--out", out[2 * i].toString(),
          "--vocab-out", out[2 * i + 1].toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("wrote 400 documents").contains("dirichlet: 4 topics").contains("topic-beta 0.05");
    }
    assertThat(Files.readAllBytes(out[0])).isEqualTo(Files.readAllBytes(out[2]));
    Run t = MainTest.run("train", "lda", "--data", out[0].toString(), "--vocab", out[1].toString(), "--topics", "4",
        "--iterations", "5", "--eval-every", "5");
    assertThat(t.code()).as(t.err()).isZero();
    Run bad = MainTest.run("datagen", "lda", "--topic-beta", "0.1", "--out", dir.resolve("x").toString(),
        "--vocab-out", dir.resolve("y").toString());
    assertOneLineError(bad);
    assertThat(bad.err()).contains("--topic-beta: only with --kind dirichlet");
  }

  private String[] train(String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "lda", "--data", docword.toString(), "--vocab", vocab.toString(),
        "--topics", "4", "--iterations", "30", "--eval-every", "10",
        "--metrics", dir.resolve("metrics.csv").toString(), "--model", dir.resolve("topics.txt").toString()));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  private static void assertOneLineError(Run r) {
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("petuum4j: ").doesNotContain("Exception").doesNotContain("\tat ");
  }

  private void assertNoOutputsLeft() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("files left in the output directory").isEmpty();
    }
  }

  @Test
  void train_printsIterationsAndTopics_writesMetricsAndLoadableTopics() throws IOException {
    for (String algorithm : new String[] {"data", "rotation"}) {
      Run r = MainTest.run(train("--algorithm", algorithm));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();
      assertThat(r.out()).contains("training LDA: 300 documents, 120 words").contains("4 topics")
          .contains(algorithm.equals("data") ? "data-parallel" : "rotation")
          .contains("tokens/second over").contains("topic 3 (").contains("topics written to").contains("metrics written to");

      List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"), StandardCharsets.UTF_8);
      assertThat(lines.get(0)).isEqualTo("iteration,seconds,tokens,tokens_per_second,log_likelihood");
      assertThat(lines).hasSize(5);
      double first = Double.parseDouble(lines.get(1).split(",")[4]);
      double last = Double.parseDouble(lines.get(4).split(",")[4]);
      assertThat(last).isGreaterThan(first);

      LdaModel m = LdaModel.load(dir.resolve("topics.txt"));
      assertThat(m.numTopics()).isEqualTo(4);
      assertThat(m.numWords()).isEqualTo(120);
      // Every planted topic's words are named k<t>w<i>: a learned topic's top words share one t.
      for (int k = 0; k < 4; k++) {
        int[] top = m.topWords(k, 5);
        String planted = m.word(top[0]).substring(0, m.word(top[0]).indexOf('w'));
        for (int w : top) {
          assertThat(m.word(w)).startsWith(planted + "w");
        }
      }
    }
  }

  @Test
  void train_readsTextAndLabeledLines() throws IOException {
    Path text = dir.resolve("docs.txt");
    Files.writeString(text, "The cat sat on the mat with another cat.\nDogs and cats are pets; the dog barks.\n"
        + "Stocks fell as markets and bonds slid.\nThe market rallied, stocks rose!\n");
    Run r = MainTest.run("train", "lda", "--format", "text", "--data", text.toString(), "--topics", "2",
        "--iterations", "5", "--top-words", "3");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("training LDA: 4 documents").contains("topic 1 (");
    assertThat(r.out()).doesNotContain(" the ").doesNotContain(" and ");

    Path svm = dir.resolve("docs.libsvm");
    Files.writeString(svm, "a 0:3 2:1\nb 1:2 3:4\n\nc 0:1 3:1\n");
    Run s = MainTest.run("train", "lda", "--format", "libsvm", "--data", svm.toString(), "--topics", "2",
        "--iterations", "3");
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out()).contains("training LDA: 4 documents, 4 words, 12 tokens");
  }

  @Test
  void badOptions_areOneLineErrorsWithExitTwo_andWriteNothing() throws IOException {
    String[][] bad = {
      {"--topics", "0"}, {"--alpha", "-1"}, {"--beta", "NaN"}, {"--iterations", "0"},
      {"--algorithm", "magic"}, {"--format", "csv"}, {"--staleness", "-2"}, {"--workers", "0"},
      {"--topics", "many"}
    };
    for (String[] b : bad) {
      Run r = MainTest.run(train(b));
      assertOneLineError(r);
      assertThat(r.err()).contains(b[0]);
      assertThat(r.out()).isEmpty();
    }
    assertNoOutputsLeft();
  }

  @Test
  void malformedInput_namesFileAndLine_andWritesNothing() throws IOException {
    Path bad = data.resolve("docword.bad.txt");
    Files.writeString(bad, "2\n3\n2\n1 1 2\n2 4 1\n");
    Run r = MainTest.run("train", "lda", "--data", bad.toString(), "--vocab", data.resolve("none").toString());
    assertOneLineError(r);
    assertThat(r.err()).contains("--vocab: file not found");

    Run u = MainTest.run("train", "lda", "--data", bad.toString(), "--metrics", dir.resolve("m.csv").toString());
    assertOneLineError(u);
    assertThat(u.err()).isEqualTo("petuum4j: " + bad + ":5: word id 4 outside [1, 3] in line '2 4 1'\n");

    Path svm = data.resolve("bad.libsvm");
    Files.writeString(svm, "a 0:3 2:1\nb 1:two\n");
    Run s = MainTest.run("train", "lda", "--format", "libsvm", "--data", svm.toString(),
        "--model", dir.resolve("t.txt").toString());
    assertOneLineError(s);
    assertThat(s.err()).isEqualTo("petuum4j: " + svm + ":2: bad entry '1:two' (expected word:count) in line 'b 1:two'\n");
    assertNoOutputsLeft();
  }
}

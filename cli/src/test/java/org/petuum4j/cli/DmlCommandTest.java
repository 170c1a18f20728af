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
import org.petuum4j.ml.dml.DmlJob;
import org.petuum4j.ml.dml.DmlModel;
import org.petuum4j.ml.dml.DmlConfig;
import org.petuum4j.ps.Consistency;

class DmlCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;
  static Path train;
  static Path test;

  @BeforeAll
  static void generate() {
    train = data.resolve("train.libsvm");
    test = data.resolve("test.libsvm");
    Run r = MainTest.run("datagen", "dml", "--rows", "1500", "--test-rows", "500", "--seed", "5",
        "--out", train.toString(), "--test-out", test.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("4 classes separated by the first 3 of 20 features; seed 5");
  }

  private String[] trainArgs(String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "dml", "--train", train.toString(), "--test", test.toString(),
        "--num-pairs", "4000", "--staleness", "2", "--epochs", "10",
        "--metrics", dir.resolve("metrics.csv").toString(), "--model", dir.resolve("model.txt").toString()));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void train_endToEnd_beatsEuclideanAndWritesMetricsAndALoadableModel() throws IOException {
    Run r = MainTest.run(trainArgs());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("training distance metric: 1,500 rows, 4,000 pairs, 500 held-out rows, "
        + "2,000 held-out pairs, dimension 20, rank 20, 2 workers, 2 shards, SSP(2)");
    String summary = r.out().lines().filter(l -> l.startsWith("held-out pair accuracy: ")).findFirst().orElseThrow();
    String[] f = summary.split(" ");
    double learned = Double.parseDouble(f[3]);
    double euclidean = Double.parseDouble(f[7]);
    assertThat(learned).isGreaterThanOrEqualTo(0.9);
    assertThat(euclidean).isLessThan(0.7);

    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"), StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo("epoch,seconds,objective,train_accuracy,test_accuracy");
    assertThat(lines).hasSize(11);
    DmlModel m = DmlModel.load(dir.resolve("model.txt"));
    DmlJob.Data d = DmlJob.load(DmlJob.params(train, test, null, null, 4000, 2000, 1, false,
        DmlConfig.defaults(Consistency.bsp(), 1)));
    assertThat(m.accuracy(d.test(), d.testPairs())).isCloseTo(learned, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void malformedPairsFile_exits2WithFileAndLineAndLeavesNoModel() throws IOException {
    Path pairs = data.resolve("bad.pairs");
    Files.writeString(pairs, "0 1 1\n0 2\n");
    Run r = MainTest.run(trainArgs("--pairs", pairs.toString()));
    KMeansCommandTest.assertOneLineError(r);
    assertThat(r.err()).contains(pairs + ":2: expected 'i j s'");
    assertNoOutputsLeft();
  }

  @Test
  void malformedFeatures_exit2WithFileAndLine() throws IOException {
    Path bad = data.resolve("bad.libsvm");
    Files.writeString(bad, "0 1:1\n1 1:2 1:3\n");
    Run r = MainTest.run("train", "dml", "--train", bad.toString(), "--test", test.toString(),
        "--model", dir.resolve("model.txt").toString());
    KMeansCommandTest.assertOneLineError(r);
    assertThat(r.err()).contains(bad + ":2: ");
    assertNoOutputsLeft();
  }

  @Test
  void badOptions_exit2WithOneLineAndWriteNothing() throws IOException {
    String[][] cases = {
      {"--learning-rate", "0"}, {"--margin", "-1"}, {"--num-pairs", "0"}, {"--rank", "-2"},
      {"--epochs", "0"}, {"--staleness", "x"}, {"--test-pairs", dir.resolve("missing").toString()}
    };
    for (String[] c : cases) {
      Run r = MainTest.run(trainArgs(c));
      KMeansCommandTest.assertOneLineError(r);
      assertThat(r.err()).as(String.join(" ", c)).contains(c[0]);
      assertThat(r.out()).isEmpty();
      assertNoOutputsLeft();
    }
  }

  @Test
  void singleClassWithoutPairsFiles_isAOneLineError() throws IOException {
    Path one = data.resolve("one.libsvm");
    Files.writeString(one, "0 1:1\n0 1:2\n");
    Run r = MainTest.run("train", "dml", "--train", one.toString(), "--test", test.toString());
    KMeansCommandTest.assertOneLineError(r);
    assertThat(r.err()).contains("at least two classes");
  }

  private void assertNoOutputsLeft() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("files left in the output directory").isEmpty();
    }
  }
}

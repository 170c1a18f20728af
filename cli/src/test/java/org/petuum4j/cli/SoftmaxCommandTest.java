package org.petuum4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.cli.MainTest.Run;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.softmax.SoftmaxModel;

class SoftmaxCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;
  static Path train;
  static Path test;
  static double plantedAccuracy;
  static double plantedLoss;

  @BeforeAll
  static void generate() {
    train = data.resolve("train.libsvm");
    test = data.resolve("test.libsvm");
    Run r = MainTest.run("datagen", "softmax", "--rows", "4000", "--test-rows", "2000", "--classes", "4",
        "--features", "10", "--seed", "3", "--out", train.toString(), "--test-out", test.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote 4,000 training rows to " + train).contains("4 classes, 10 features");
    String planted = r.out().lines().filter(l -> l.startsWith("planted model on the test rows: ")).findFirst()
        .orElseThrow();
    String[] f = planted.split("[ ,]+");
    plantedAccuracy = Double.parseDouble(f[7]);
    plantedLoss = Double.parseDouble(f[9]);
  }

  private String[] trainArgs(String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "softmax", "--train", train.toString(), "--test", test.toString(),
        "--staleness", "2", "--epochs", "10", "--batch-size", "50", "--learning-rate", "0.5", "--decay", "0.1",
        "--metrics", dir.resolve("metrics.csv").toString(), "--model", dir.resolve("model.txt").toString()));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void train_endToEnd_reachesThePlantedQualityAndWritesMetricsAndALoadableModel() throws IOException {
    Run r = MainTest.run(trainArgs());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("training softmax regression: 4,000 rows, 2,000 held-out rows, dimension 10, "
        + "4 classes, 2 workers, 2 shards, SSP(2)").contains("model written to").contains("metrics written to");
    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"), StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo("epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy");
    assertThat(lines).hasSize(11);
    String[] last = lines.get(10).split(",");
    double testLoss = Double.parseDouble(last[4]);
    double testAccuracy = Double.parseDouble(last[5]);
    assertThat(testAccuracy).isGreaterThan(plantedAccuracy - 0.02);
    assertThat(testLoss).isLessThan(plantedLoss + 0.02);
    SoftmaxModel m = SoftmaxModel.load(dir.resolve("model.txt"));
    assertThat(m.classes()).isEqualTo(4);
    SoftmaxModel.Evaluation e = m.evaluate(DenseDataset.readLibSvm(test, false, 10));
    assertThat(e.logLoss()).isCloseTo(testLoss, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void train_onALocalCluster_reachesThePlantedQualityToo() throws IOException {
    Run r = MainTest.run("train", "softmax", "--train", train.toString(), "--test", test.toString(), "--epochs", "6",
        "--batch-size", "50", "--learning-rate", "0.5", "--workers", "2", "--cluster", "local:1,2",
        "--model", dir.resolve("model.txt").toString());
    assertThat(r.code()).as(r.err()).isZero();
    String[] last = r.out().lines().filter(l -> l.matches("\\s+6\\s.*")).findFirst().orElseThrow().trim().split("\\s+");
    assertThat(Double.parseDouble(last[5])).as(r.out()).isGreaterThan(plantedAccuracy - 0.02);
    assertThat(SoftmaxModel.load(dir.resolve("model.txt")).dimension()).isEqualTo(10);
  }

  @Test
  void predict_classifiesWithTheSavedModel() throws IOException {
    assertThat(MainTest.run(trainArgs()).code()).isZero();
    Path ids = dir.resolve("ids.txt");
    Run r = MainTest.run("predict", "softmax", "--model", dir.resolve("model.txt").toString(), "--data",
        test.toString(), "--out", ids.toString());
    assertThat(r.code()).as(r.err()).isZero();
    SoftmaxModel m = SoftmaxModel.load(dir.resolve("model.txt"));
    DenseDataset rows = DenseDataset.readLibSvm(test, false, 10);
    SoftmaxModel.Evaluation e = m.evaluate(rows);
    assertThat(r.out()).contains(String.format(Locale.ROOT, "2,000 rows: accuracy %.4f, log-loss %.6f", e.accuracy(),
        e.logLoss())).contains("class ids written to " + ids);
    List<String> lines = Files.readAllLines(ids);
    assertThat(lines).hasSize(2000);
    for (int i = 0; i < 2000; i += 37) {
      assertThat(Integer.parseInt(lines.get(i))).isEqualTo(m.predict(rows, i));
    }
    Run toStdout = MainTest.run("predict", "softmax", "--model", dir.resolve("model.txt").toString(), "--data",
        test.toString());
    assertThat(toStdout.out().lines().toList()).isEqualTo(lines);
    assertThat(toStdout.err()).startsWith("2,000 rows: accuracy ");
    Run wrong = MainTest.run("predict", "softmax", "--model", dir.resolve("metrics.csv").toString(),
        "--data", test.toString());
    assertOneLineError(wrong);
    assertThat(wrong.err()).contains(dir.resolve("metrics.csv") + ":1: not a petuum4j softmax model");
  }

  @Test
  void badLabelsAndMalformedLines_exit2WithFileAndLineAndLeaveNoOutputs() throws IOException {
    Path bad = data.resolve("bad.libsvm");
    String[][] cases = {
      {"0 1:0.5\n2.5 1:1\n", ":2: label '2.5' is not a class id"},
      {"0 1:0.5\n1 1:1\n7 2:1\n", ":3: label '7' is not a class id (an integer in [0, 4))"},
      {"1 1:0.5 1:2\n", ":1: feature index 1 repeats"},
    };
    for (String[] c : cases) {
      Files.writeString(bad, c[0]);
      Run r = MainTest.run("train", "softmax", "--train", train.toString(), "--test", bad.toString(),
          "--model", dir.resolve("model.txt").toString(), "--metrics", dir.resolve("metrics.csv").toString());
      assertOneLineError(r);
      assertThat(r.err()).as(c[0]).contains(bad + c[1]);
      assertNoOutputsLeft();
    }
    Files.writeString(bad, "0 1:0.5\n5 1:1\n");
    Run r = MainTest.run("train", "softmax", "--train", bad.toString(), "--test", test.toString(), "--classes", "3");
    assertOneLineError(r);
    assertThat(r.err()).contains(bad + ":2: label '5' is not a class id (an integer in [0, 3))");
  }

  @Test
  void badOptions_exit2WithOneLineAndWriteNothing() throws IOException {
    String[][] cases = {
      {"--classes", "1"}, {"--epochs", "0"}, {"--staleness", "x"}, {"--workers", "0"}, {"--batch-size", "0"},
      {"--learning-rate", "0"}, {"--decay", "-1"}, {"--l2", "-1"}
    };
    for (String[] c : cases) {
      Run r = MainTest.run(trainArgs(c));
      assertOneLineError(r);
      assertThat(r.err()).as(String.join(" ", c)).contains(c[0]);
      assertThat(r.out()).isEmpty();
      assertNoOutputsLeft();
    }
    Run missing = MainTest.run("train", "softmax", "--train", dir.resolve("nope").toString(), "--test", test.toString());
    assertOneLineError(missing);
    assertThat(missing.err()).contains("--train: file not found");
  }

  static void assertOneLineError(Run r) {
    KMeansCommandTest.assertOneLineError(r);
  }

  private void assertNoOutputsLeft() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("files left in the output directory").isEmpty();
    }
  }
}

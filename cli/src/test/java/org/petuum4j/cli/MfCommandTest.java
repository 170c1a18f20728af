package org.petuum4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.petuum4j.cli.MainTest.Run;
import org.petuum4j.ml.data.RatingsReader;
import org.petuum4j.ml.mf.MfModel;

class MfCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;
  static Path train;
  static Path test;

  @BeforeAll
  static void generate() {
    train = data.resolve("train.csv");
    test = data.resolve("test.csv");
    Run r = MainTest.run("datagen", "mf", "--users", "300", "--items", "200", "--rank", "3", "--ratings", "24000",
        "--noise", "0.5", "--seed", "5", "--format", "csv", "--out", train.toString(), "--test-out", test.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("noise level: 0.5; planted model test RMSE: 0.");
  }

  private String[] trainArgs(String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "mf", "--train", train.toString(), "--test", test.toString(),
        "--rank", "3", "--epochs", "20", "--metrics", dir.resolve("metrics.csv").toString(),
        "--model", dir.resolve("model.txt").toString()));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "rotation"})
  void train_printsEpochsAndWritesALoadableModel(String algorithm) throws IOException {
    Run r = MainTest.run(trainArgs("--algorithm", algorithm));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("training matrix factorisation (" + algorithm + "): ")
        .contains("epoch   seconds  train_rmse  test_rmse")
        .contains("model written to").contains("metrics written to");
    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertThat(csv).hasSize(21);
    assertThat(csv.get(0)).isEqualTo(TrainMfCommand.METRICS_HEADER);
    double lastTestRmse = Double.parseDouble(csv.get(20).split(",")[3]);
    assertThat(lastTestRmse).isLessThan(0.55);
    MfModel m = MfModel.load(dir.resolve("model.txt"));
    assertThat(m.rank()).isEqualTo(3);
    assertThat(m.rmse(RatingsReader.read(test))).isCloseTo(lastTestRmse, org.assertj.core.data.Offset.offset(1e-5));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "--algorithm=als", "--rank=0", "--epochs=0", "--learning-rate=-1", "--l2=NaN", "--staleness=-2",
    "--clocks-per-epoch=0", "--workers=0", "--nope"})
  void train_badOptionsAreOneLineWithNoOutput(String option) throws IOException {
    Run r = MainTest.run(trainArgs(option));
    assertOneLineError(r);
    assertThat(r.out()).isEmpty();
    assertNoOutputsLeft();
  }

  @Test
  void train_malformedRatingsNameFileAndLine() throws IOException {
    Path bad = data.resolve("bad.tsv");
    Files.writeString(bad, "1\t2\t3.5\n1\t2\n");
    Run r = MainTest.run("train", "mf", "--train", bad.toString(), "--test", test.toString(),
        "--model", dir.resolve("model.txt").toString());
    assertOneLineError(r);
    assertThat(r.err()).startsWith("petuum4j: " + bad + ":2: expected 'user<TAB>item<TAB>rating");
    assertThat(r.out()).isEmpty();
    assertNoOutputsLeft();
  }

  @Test
  void datagen_badOptionIsOneLine() throws IOException {
    Run r = MainTest.run("datagen", "mf", "--format", "json", "--out", dir.resolve("a").toString(),
        "--test-out", dir.resolve("b").toString());
    assertOneLineError(r);
    assertThat(r.err()).contains("--format must be tsv, csv, dat or mm, was 'json'");
    assertNoOutputsLeft();
  }

  private static void assertOneLineError(Run r) {
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("petuum4j: ").doesNotContain("\tat ");
  }

  private void assertNoOutputsLeft() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("files left in the output directory").isEmpty();
    }
  }
}

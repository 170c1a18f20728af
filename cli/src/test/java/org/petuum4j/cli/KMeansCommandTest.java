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
import org.petuum4j.ml.data.CsvReader;
import org.petuum4j.ml.kmeans.KMeansModel;

class KMeansCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;
  static Path csv;
  static Path svm;
  static double plantedWcss;

  @BeforeAll
  static void generate() {
    csv = data.resolve("points.csv");
    svm = data.resolve("points.libsvm");
    String[] common = {"--rows", "2000", "--k", "4", "--dimension", "3", "--noise", "0.5", "--seed", "4"};
    Run a = MainTest.run(concat(new String[] {"datagen", "kmeans", "--out", csv.toString()}, common));
    assertThat(a.code()).as(a.err()).isZero();
    Run b = MainTest.run(concat(new String[] {"datagen", "kmeans", "--format", "libsvm", "--out", svm.toString()}, common));
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(a.out()).contains("wrote 2,000 rows of dimension 3 around 4 planted centres to " + csv);
    String planted = a.out().lines().filter(l -> l.startsWith("planted WCSS: ")).findFirst().orElseThrow();
    plantedWcss = Double.parseDouble(planted.split(" ")[2]);
    assertThat(b.out()).contains(planted);
  }

  private String[] train(String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "kmeans", "--data", csv.toString(), "--k", "4",
        "--workers", "2", "--staleness", "1", "--epochs", "4",
        "--metrics", dir.resolve("metrics.csv").toString(), "--model", dir.resolve("model.txt").toString()));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void train_endToEnd_printsEpochsWritesMetricsAndALoadableModel() throws IOException {
    Run r = MainTest.run(train());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("training k-means: 2,000 rows, dimension 3, k 4, 2 workers, 2 shards, SSP(1)")
        .contains("model written to").contains("metrics written to");
    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"), StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo("epoch,seconds,wcss");
    assertThat(lines).hasSize(5);
    double wcss = Double.parseDouble(lines.get(4).split(",")[2]);
    assertThat(wcss).isBetween(0.97 * plantedWcss, 1.02 * plantedWcss);
    KMeansModel m = KMeansModel.load(dir.resolve("model.txt"));
    assertThat(m.k()).isEqualTo(4);
    assertThat(m.wcss(CsvReader.read(csv))).isCloseTo(wcss, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void predict_assignsWithTheSavedModel() throws IOException {
    assertThat(MainTest.run(train()).code()).isZero();
    Path ids = dir.resolve("ids.txt");
    Run r = MainTest.run("predict", "kmeans", "--model", dir.resolve("model.txt").toString(), "--data", svm.toString(),
        "--out", ids.toString());
    assertThat(r.code()).as(r.err()).isZero();
    KMeansModel m = KMeansModel.load(dir.resolve("model.txt"));
    var points = CsvReader.read(csv);
    assertThat(r.out()).contains(String.format(java.util.Locale.ROOT, "2,000 rows: wcss %.6f", m.wcss(points)));
    List<String> lines = Files.readAllLines(ids);
    assertThat(lines).hasSize(2000);
    for (int i = 0; i < 2000; i += 97) {
      assertThat(Integer.parseInt(lines.get(i))).isEqualTo(m.assign(points, i));
    }
    Run wrong = MainTest.run("predict", "kmeans", "--model", dir.resolve("model.txt").toString(),
        "--data", dir.resolve("metrics.csv").toString());
    assertOneLineError(wrong);
  }

  @Test
  void train_libSvmInput_isDetectedByName() {
    Run r = MainTest.run("train", "kmeans", "--data", svm.toString(), "--k", "4", "--epochs", "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("2,000 rows, dimension 3");
  }

  @Test
  void malformedCsv_exits2WithFileAndLineAndLeavesNoModel() throws IOException {
    Path bad = data.resolve("bad.csv");
    Files.writeString(bad, "1,2\n3,4\n5,,6\n");
    Run r = MainTest.run("train", "kmeans", "--data", bad.toString(), "--k", "1",
        "--model", dir.resolve("model.txt").toString());
    assertOneLineError(r);
    assertThat(r.err()).contains(bad + ":3: expected 2 fields as in the first line, found 3");
    assertNoOutputsLeft();
  }

  @Test
  void badOptions_exit2WithOneLineAndWriteNothing() throws IOException {
    String[][] cases = {
      {"--k", "0"}, {"--k", "2001"}, {"--epochs", "0"}, {"--staleness", "-1"}, {"--workers", "0"},
      {"--format", "xml"}, {"--batch-size", "0"}
    };
    for (String[] c : cases) {
      Run r = MainTest.run(train(c));
      assertOneLineError(r);
      assertThat(r.err()).as(String.join(" ", c)).contains(c[0]);
      assertThat(r.out()).isEmpty();
      assertNoOutputsLeft();
    }
  }

  static void assertOneLineError(Run r) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("petuum4j: ").doesNotContain("Exception").doesNotContain("\tat ");
  }

  private void assertNoOutputsLeft() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("files left in the output directory").isEmpty();
    }
  }

  static String[] concat(String[] a, String[] b) {
    String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}

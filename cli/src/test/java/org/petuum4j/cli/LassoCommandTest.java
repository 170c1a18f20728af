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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.petuum4j.cli.MainTest.Run;
import org.petuum4j.ml.lasso.LassoModel;

class LassoCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path svm;
  static Path x;
  static Path y;

  static MainTest.Run run(String... args) {
    return MainTest.run(args);
  }

  @BeforeAll
  static void generate() {
    svm = data.resolve("lasso.libsvm");
    x = data.resolve("X.mtx");
    y = data.resolve("y.mtx");
    String[] common = {"--rows", "400", "--features", "120", "--nnz", "12", "--correlated-groups", "8",
        "--group-size", "4", "--seed", "2"};
    Run a = run(concat(new String[] {"datagen", "lasso", "--out", svm.toString()}, common));
    assertThat(a.code()).as(a.err()).isZero();
    Run b = run(concat(new String[] {"datagen", "lasso", "--format", "mm", "--out", x.toString(),
        "--response-out", y.toString()}, common));
    assertThat(b.code()).as(b.err()).isZero();
  }

  /** A small train command writing into {@code dir}; {@code extra} options replace the defaults. */
  private String[] train(String... extra) {
    List<String> given = List.of(extra);
    List<String> a = new ArrayList<>(List.of("train", "lasso", "--train", svm.toString(), "--lambda", "0.01",
        "--metrics", dir.resolve("metrics.csv").toString(), "--model", dir.resolve("model.txt").toString()));
    if (!given.contains("--rounds")) {
      a.addAll(List.of("--rounds", "300"));
    }
    if (!given.contains("--parallelism")) {
      a.addAll(List.of("--parallelism", "4"));
    }
    a.addAll(given);
    return a.toArray(String[]::new);
  }

  private static void assertOneLineError(Run r, int code) {
    assertThat(r.code()).isEqualTo(code);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("petuum4j: ").doesNotContain("Exception").doesNotContain("\tat ");
  }

  private void assertNoOutputsLeft() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("files left in the output directory").isEmpty();
    }
  }

  @Test
  void datagen_reportsWhatItWrote() {
    Run r = run("datagen", "lasso", "--rows", "50", "--features", "40", "--nnz", "6", "--correlated-groups", "2",
        "--group-size", "3", "--out", dir.resolve("d").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote 50 rows x 40 features, 6 non-zeros per row, to " + dir.resolve("d"))
        .contains("planted coefficients: 2 non-zero; 2 correlated groups of 3 features; noise 0.1; seed 1");
  }

  @Test
  void train_writesMetricsWithTheDocumentedHeaderAndTheModel() throws IOException {
    Run r = run(train());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("training Lasso: 400 rows, 120 features")
        .contains("300 rounds, 1,200 coordinate updates").contains("model written to").contains("metrics written to");

    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"), StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo("round,seconds,objective,nonzeros");
    assertThat(lines).hasSize(302);
    assertThat(lines.get(1)).startsWith("0,").endsWith(",0");
    String[] last = lines.get(301).split(",");
    assertThat(last[0]).isEqualTo("300");
    double objective = Double.parseDouble(last[2]);
    assertThat(objective).isLessThan(Double.parseDouble(lines.get(1).split(",")[2]));
    LassoModel m = LassoModel.load(dir.resolve("model.txt"));
    assertThat(m.nonZeros()).isEqualTo(Integer.parseInt(last[3]));
  }

  @Test
  void train_readsMatrixMarketWithItsResponseToTheSameResult() throws IOException {
    assertThat(run(train("--scheduler", "roundrobin")).code()).isZero();
    double[] fromSvm = LassoModel.load(dir.resolve("model.txt")).coefficients();
    Run r = run("train", "lasso", "--train", x.toString(), "--response", y.toString(), "--lambda", "0.01",
        "--rounds", "300", "--parallelism", "4", "--scheduler", "roundrobin",
        "--model", dir.resolve("mm.txt").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(LassoModel.load(dir.resolve("mm.txt")).coefficients()).containsExactly(fromSvm);
  }

  @Test
  void nonPositiveLambda_isAOneLineUsageErrorAndWritesNothing() throws IOException {
    for (String lambda : new String[] {"0", "-0.5", "NaN"}) {
      List<String> a = new ArrayList<>(List.of(train()));
      a.set(a.indexOf("--lambda") + 1, lambda);
      Run r = run(a.toArray(String[]::new));
      assertOneLineError(r, 2);
      assertThat(r.err()).contains("--lambda must be a finite number > 0, was ");
      assertThat(r.out()).isEmpty();
    }
    assertNoOutputsLeft();
  }

  @Test
  void malformedMatrixMarket_namesFileAndLineAndWritesNothing() throws IOException {
    Path bad = dir.resolve("bad.mtx");
    Files.writeString(bad, "%%MatrixMarket matrix coordinate real general\n3 2 2\n1 1 0.5\n4 2 1\n");
    Path metrics = data.resolve("m.csv");
    Run r = run("train", "lasso", "--train", bad.toString(), "--response", y.toString(), "--lambda", "0.1",
        "--metrics", metrics.toString());
    assertOneLineError(r, 2);
    assertThat(r.err()).isEqualTo("petuum4j: " + bad + ":4: row index 4 outside [1, 3] in line '4 2 1'\n");
    assertThat(metrics).doesNotExist();

    Files.writeString(bad, "%%MatrixMarket matrix coordinate real general\n3 2 1\n1 1 zero\n");
    Run n = run("train", "lasso", "--train", bad.toString(), "--response", y.toString(), "--lambda", "0.1");
    assertOneLineError(n, 2);
    assertThat(n.err()).contains(bad + ":3: value 'zero' is not a finite decimal number");
  }

  @Test
  void badOptions_areOneLineUsageErrors() throws IOException {
    assertOneLineError(run(train("--scheduler", "fastest")), 2);
    assertThat(run(train("--scheduler", "fastest")).err()).contains("--scheduler: unknown scheduler 'fastest'");
    assertOneLineError(run(train("--parallelism", "0")), 2);
    assertOneLineError(run(train("--cluster", "local:0,2")), 2);
    assertOneLineError(run(train("--workers", "0", "--cluster", "local:2,2")), 2);
    assertOneLineError(run(train("--threshold", "2")), 2);
    assertOneLineError(run(train("--response", y.toString())), 2);
    assertThat(run("train", "lasso", "--train", x.toString(), "--lambda", "1").err())
        .contains("--response is required when --train is a Matrix Market file");
    assertOneLineError(run("train", "lasso", "--train", dir.resolve("missing").toString(), "--lambda", "1"), 2);
    assertOneLineError(run("datagen", "lasso", "--features", "10", "--nnz", "11", "--out", dir.resolve("o").toString()), 2);
    assertOneLineError(run("datagen", "lasso", "--format", "mm", "--out", dir.resolve("o").toString()), 2);
    assertNoOutputsLeft();
  }

  /** The summary line's final objective. */
  private static double finalObjective(Run r) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("; objective (\\S+), ").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dependency", "roundrobin"})
  void localCluster_reachesTheEmbeddedObjective(String scheduler) throws IOException {
    Run embedded = run(train("--scheduler", scheduler, "--rounds", "1500", "--workers", "2"));
    assertThat(embedded.code()).as(embedded.err()).isZero();
    double[] embeddedModel = LassoModel.load(dir.resolve("model.txt")).coefficients();
    Run cluster = run(train("--scheduler", scheduler, "--rounds", "1500", "--workers", "2", "--cluster", "local:2,2"));
    assertThat(cluster.code()).as(cluster.err()).isZero();
    double e = finalObjective(embedded);
    double c = finalObjective(cluster);
    assertThat(Math.abs(c - e) / e).as("cluster %s vs embedded %s", c, e).isLessThanOrEqualTo(1e-6);
    assertThat(cluster.out()).contains("1500 rounds, 6,000 coordinate updates").contains("model written to");
    assertThat(LassoModel.load(dir.resolve("model.txt")).nonZeros()).isEqualTo(new LassoModel(embeddedModel).nonZeros());
    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1502);
  }

  @Test
  void checkpointOptions_areAOneLineUsageError() throws IOException {
    Run r = run(train("--checkpoint-every", "10", "--checkpoint-dir", dir.resolve("ck").toString(),
        "--cluster", "local:1,1"));
    assertOneLineError(r, 2);
    assertThat(r.err()).contains("train lasso cannot checkpoint or resume");
    assertThat(r.out()).isEmpty();
    assertNoOutputsLeft();
  }

  @Test
  void divergence_isAOneLineFailure() throws IOException {
    Run r = run(train("--scheduler", "priority", "--parallelism", "60", "--rounds", "3000"));
    assertOneLineError(r, 1);
    assertThat(r.err()).startsWith("petuum4j: Lasso diverged");
    assertNoOutputsLeft();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] c = new String[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}

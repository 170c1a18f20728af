package org.petuum4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path train;
  static Path test;

  /** What one in-process run printed and returned. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs {@code base} followed by {@code extra}. */
  static Run run(List<String> base, String... extra) {
    List<String> args = new ArrayList<>(base);
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @BeforeAll
  static void generate() {
    train = data.resolve("train.libsvm");
    test = data.resolve("test.libsvm");
    generateLogReg(train, test, 4000, 200, 3);
  }

  /** Writes a generated logistic-regression training set and a quarter as many test rows. */
  static void generateLogReg(Path train, Path test, int rows, int features, int seed) {
    Run r = run("datagen", "logreg", "--rows", Integer.toString(rows), "--test-rows", Integer.toString(rows / 4),
        "--features", Integer.toString(features), "--nnz", "20", "--seed", Integer.toString(seed),
        "--out", train.toString(), "--test-out", test.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  /** A small train command writing into {@code dir}; {@code extra} options replace the defaults. */
  private String[] trainArgs(String... extra) {
    List<String> given = List.of(extra);
    List<String> args = new ArrayList<>(List.of("train", "logreg", "--train", train.toString(), "--test", test.toString()));
    if (!given.contains("--epochs")) {
      args.addAll(List.of("--epochs", "2"));
    }
    if (!given.contains("--model")) {
      args.addAll(List.of("--model", dir.resolve("model.txt").toString()));
    }
    args.addAll(List.of("--metrics", dir.resolve("metrics.csv").toString()));
    args.addAll(given);
    return args.toArray(String[]::new);
  }

  private void assertNoOutputsLeft() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("files left in the output directory").isEmpty();
    }
  }

  private static void assertOneLineUsageError(Run r) {
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("petuum4j: ").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void datagen_printsWhatItWroteAndThePlantedError() {
    Run r = run("datagen", "logreg", "--rows", "500", "--test-rows", "100", "--features", "50",
        "--nnz", "5", "--seed", "1", "--out", dir.resolve("a").toString(), "--test-out", dir.resolve("b").toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("wrote 500 training rows to " + dir.resolve("a"))
        .contains("wrote 100 test rows to " + dir.resolve("b"))
        .containsPattern("planted model test error: 0\\.\\d{4}\\n");
    assertThat(dir.resolve("a")).exists();
  }

  @Test
  void train_endToEnd_printsEpochsAndWritesMetricsCsvAndModel() throws IOException {
    Run r = run(trainArgs("--workers", "2", "--staleness", "1"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("epoch   seconds  train_loss  test_loss test_error")
        .containsPattern("\\n    1 +\\d+\\.\\d\\d +\\d\\.\\d{6} +\\d\\.\\d{6} +\\d\\.\\d{4}\\n")
        .containsPattern("\\n    2 ")
        .contains("model written to").contains("metrics written to");
    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertThat(csv).hasSize(3);
    assertThat(csv.get(0)).isEqualTo("epoch,seconds,train_loss,test_loss,test_error,recoveries");
    assertThat(csv.get(1)).matches("1,\\d+\\.\\d{4},\\d\\.\\d{6},\\d\\.\\d{6},0\\.\\d{6},0");
    assertThat(csv.get(2)).startsWith("2,");
    assertThat(Files.readAllLines(dir.resolve("model.txt")).get(0)).isEqualTo("petuum4j-logreg v1");
    assertThat(r.err()).as("no progress bar without a terminal").isEmpty();
  }

  @Test
  void train_withStraggler_runsAndWritesTheSameCsv() throws IOException {
    Run r = run(trainArgs("--workers", "2", "--staleness", "2", "--straggler-ms", "1", "--straggler-prob", "0.5"));

    assertThat(r.code()).as(r.err()).isZero();
    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertThat(csv).hasSize(3);
    assertThat(csv.get(2)).startsWith("2,");
  }

  @Test
  void predict_usesTheSavedModel() throws IOException {
    assertThat(run(trainArgs()).code()).isZero();

    Run r = run("predict", "logreg", "--model", dir.resolve("model.txt").toString(),
        "--data", test.toString(), "--out", dir.resolve("pred.txt").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("1,000 examples: log_loss \\d\\.\\d{6}, error 0\\.\\d{4}");
    List<String> lines = Files.readAllLines(dir.resolve("pred.txt"));
    assertThat(lines).hasSize(1000).allMatch(l -> l.matches("[01] [01]\\.\\d{6}"));
    String lastEpochError = Files.readAllLines(dir.resolve("metrics.csv")).get(2).split(",")[4];
    assertThat(r.out()).contains("error " + lastEpochError.substring(0, 6));
  }

  @Test
  void predict_withoutOut_writesPredictionsToStdout() throws IOException {
    assertThat(run(trainArgs()).code()).isZero();

    Run r = run("predict", "logreg", "--model", dir.resolve("model.txt").toString(), "--data", test.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).hasSize(1000);
    assertThat(r.err()).contains("1,000 examples: log_loss");
  }

  @Test
  void train_missingFile_exits2NamingOptionAndFile() throws IOException {
    Run r = run("train", "logreg", "--train", dir.resolve("nope.libsvm").toString(), "--test", test.toString(),
        "--model", dir.resolve("model.txt").toString());

    assertOneLineUsageError(r);
    assertThat(r.err()).contains("--train: file not found: " + dir.resolve("nope.libsvm"));
    assertNoOutputsLeft();
  }

  @Test
  void train_negativeStaleness_exits2NamingTheAllowedValues() throws IOException {
    Run r = run(trainArgs("--staleness", "-1"));

    assertOneLineUsageError(r);
    assertThat(r.err()).contains("--staleness").contains("non-negative integer or 'inf'").contains("-1");
    assertNoOutputsLeft();
  }

  @Test
  void train_zeroWorkers_exits2NamingTheRange() throws IOException {
    Run r = run(trainArgs("--workers", "0"));

    assertOneLineUsageError(r);
    assertThat(r.err()).contains("--workers must be between 1 and 1024, was 0");
    assertNoOutputsLeft();
  }

  @Test
  void train_otherOutOfRangeOptions_exit2() throws IOException {
    String[][] cases = {
      {"--shards", "0", "--shards must be between 1 and 1024, was 0"},
      {"--epochs", "0", "--epochs must be between 1 and 100000, was 0"},
      {"--batch-size", "-3", "--batch-size must be >= 1, was -3"},
      {"--batches-per-clock", "0", "--batches-per-clock must be >= 1, was 0"},
      {"--learning-rate", "0", "--learning-rate must be a finite number > 0, was 0.0"},
      {"--l2", "-1e-3", "--l2 must be a finite number >= 0, was -0.001"},
      {"--decay", "NaN", "--decay must be a finite number >= 0, was NaN"},
      {"--block-width", "1000", "--block-width must be a power of two between 1 and 16777216, was 1000"},
      {"--workers", "two", "Invalid value for option '--workers': 'two' is not an int"},
      {"--straggler-ms", "-5", "--straggler-ms must be between 0 and 60000, was -5"},
      {"--straggler-ms", "60001", "--straggler-ms must be between 0 and 60000, was 60001"},
      {"--straggler-prob", "1.5", "--straggler-prob must be between 0 and 1, was 1.5"},
      {"--straggler-prob", "NaN", "--straggler-prob must be between 0 and 1, was NaN"},
      {"--update", "minibatch", "--update must be 'example' or 'batch', was 'minibatch'"},
      {"--clocks-per-epoch", "0", "--clocks-per-epoch must be between 1 and 1000000, was 0"},
      {"--clocks-per-epoch", "some", "--clocks-per-epoch must be an integer in [1, 1000000] or 'auto', was 'some'"},
      {"--batch-size", "50", "--batch-size applies to --update batch only"},
      {"--batches-per-clock", "5", "--batches-per-clock applies to --update batch only"},
    };
    for (String[] c : cases) {
      Run r = run(trainArgs(c[0], c[1]));
      assertOneLineUsageError(r);
      assertThat(r.err()).as(c[0]).contains(c[2]);
    }
    Run r = run(trainArgs("--update", "batch", "--clocks-per-epoch", "4"));
    assertOneLineUsageError(r);
    assertThat(r.err()).contains("--clocks-per-epoch applies to --update example only");
    assertNoOutputsLeft();
  }

  @Test
  void train_malformedLibSvm_exits2WithFileAndLineAndLeavesNoModel() throws IOException {
    Path bad = data.resolve("bad.libsvm");
    Files.writeString(bad, "1 1:0.5\n0 2:1\n1 abc:1 3:0.5\n");

    Run r = run("train", "logreg", "--train", bad.toString(), "--test", test.toString(),
        "--model", dir.resolve("model.txt").toString(), "--metrics", dir.resolve("metrics.csv").toString());

    assertOneLineUsageError(r);
    assertThat(r.err()).contains(bad + ":3: bad feature 'abc:1'").contains("'1 abc:1 3:0.5'");
    assertThat(dir.resolve("model.txt")).doesNotExist();
    assertNoOutputsLeft();
  }

  @Test
  void train_badLabel_exits2() throws IOException {
    Path bad = data.resolve("label.libsvm");
    Files.writeString(bad, "1 1:0.5\n3 2:1\n");

    Run r = run("train", "logreg", "--train", test.toString(), "--test", bad.toString());

    assertOneLineUsageError(r);
    assertThat(r.err()).contains(bad + ":2: bad label '3'");
  }

  @Test
  void train_zeroBasedFlag_readsZeroBasedFiles() throws IOException {
    Path zb = data.resolve("zero.libsvm");
    Files.writeString(zb, "1 0:1 1:0.5\n0 2:1\n1 0:0.7\n0 1:0.1 2:0.9\n");

    assertThat(run("train", "logreg", "--train", zb.toString(), "--test", zb.toString(), "--epochs", "1").code())
        .isEqualTo(2);
    Run r = run("train", "logreg", "--train", zb.toString(), "--test", zb.toString(), "--epochs", "1", "--zero-based");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("dimension 3");
  }

  @Test
  void train_modelPathIsADirectory_exits2BeforeTraining() {
    Run r = run(trainArgs("--model", dir.toString()));

    assertOneLineUsageError(r);
    assertThat(r.err()).contains("--model: is a directory");
  }

  @Test
  void missingSubcommandOrUnknownOption_exit2() {
    assertOneLineUsageError(run("train"));
    assertOneLineUsageError(run("train", "logreg", "--bogus"));
    assertOneLineUsageError(run("frobnicate"));
    assertOneLineUsageError(run("datagen", "logreg", "--out", "x"));
  }

  @Test
  void help_onEveryCommand() {
    for (String[] cmd : new String[][] {{}, {"datagen"}, {"datagen", "logreg"}, {"train"},
        {"train", "logreg"}, {"predict"}, {"predict", "logreg"}, {"demo"}}) {
      String[] args = Stream.concat(Stream.of(cmd), Stream.of("--help")).toArray(String[]::new);
      Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).as(String.join(" ", args)).contains("Usage: petuum4j");
    }
    assertThat(run("train", "logreg", "--help").out()).contains("--staleness").contains("'inf'");
  }

  @Test
  void version_printsTheProjectVersion() {
    Run r = run("--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("petuum4j 0.").doesNotContain("unknown");
  }

  @Test
  void progressBar_rendersEpochAndFraction() {
    assertThat(ConsoleListener.bar(3, 10, 50, 200))
        .isEqualTo("epoch 3/10 [########......................]  25% 50/200");
  }

  @Test
  void progressBar_countsOutsideTheEpoch_drawAnEmptyOrFullBarInsteadOfFailing() {
    assertThat(ConsoleListener.bar(2, 3, -15, 100)).startsWith("epoch 2/3 [..............................]   0%");
    assertThat(ConsoleListener.bar(2, 3, 250, 100)).startsWith("epoch 2/3 [##############################] 100%");
  }

  @Test
  void consoleListener_drawsBarOnlyWhenAskedAndClearsItBeforeEpochLines() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ConsoleListener withBar = new ConsoleListener(new PrintWriter(out), new PrintWriter(err), true, 2, m -> "line");
    withBar.onProgress(1, 10, 100);
    withBar.onEpoch(new org.petuum4j.ml.logreg.EpochMetrics(1, 1, 100, 0.5, 0.5, 0.1));

    assertThat(err.toString()).startsWith("\repoch 1/2 [###").endsWith("\r");
    assertThat(out.toString()).isEqualTo("line" + System.lineSeparator());

    StringWriter err2 = new StringWriter();
    ConsoleListener noBar = new ConsoleListener(new PrintWriter(new StringWriter()), new PrintWriter(err2), false, 2, m -> "x");
    noBar.onProgress(1, 10, 100);
    assertThat(err2.toString()).isEmpty();
  }
}

package org.petuum4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.gen.LogRegDataGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code petuum4j datagen}: synthetic data sets with a known answer. */
@Command(
    name = "datagen",
    mixinStandardHelpOptions = true,
    description = "Generate synthetic data sets.",
    subcommands = {DatagenCommand.LogReg.class, DatagenLassoCommand.class, DatagenKMeansCommand.class,
        DatagenDmlCommand.class, DatagenLdaCommand.class, DatagenMfCommand.class, DatagenSoftmaxCommand.class})
final class DatagenCommand {

  /** {@code petuum4j datagen logreg}. */
  @Command(
      name = "logreg",
      mixinStandardHelpOptions = true,
      description = {
        "Generate LibSVM training and test files (1-based indices) from a planted logistic "
            + "regression model: K distinct uniform feature indices per row with values U(0,1), a "
            + "weight vector with 10%% non-zeros drawn N(0,1), labels ~ Bernoulli(sigmoid(3 x.w)).",
        "Output is byte-identical for a seed. Prints the planted model's test error (predict 1 iff "
            + "x.w > 0) as the reference a trained model can approach."
      })
  static final class LogReg implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rows", paramLabel = "N", description = "Training rows (default: ${DEFAULT-VALUE}).")
    long rows = 100_000;

    @Option(names = "--test-rows", paramLabel = "M", description = "Test rows (default: ${DEFAULT-VALUE}).")
    long testRows = 10_000;

    @Option(names = "--features", paramLabel = "D", description = "Number of features (default: ${DEFAULT-VALUE}).")
    int features = 10_000;

    @Option(names = "--nnz", paramLabel = "K", description = "Non-zeros per row, at most D (default: ${DEFAULT-VALUE}).")
    int nnz = 50;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Training file to write.")
    Path out;

    @Option(names = "--test-out", required = true, paramLabel = "FILE", description = "Test file to write.")
    Path testOut;

    @Override
    public Integer call() throws IOException, UserException {
      Inputs.inRange("--rows", rows, 1, Integer.MAX_VALUE - 8);
      Inputs.inRange("--test-rows", testRows, 1, Integer.MAX_VALUE - 8);
      Inputs.inRange("--features", features, 1, Integer.MAX_VALUE - 8);
      Inputs.inRange("--nnz", nnz, 1, Math.min(features, 1 << 24));
      Inputs.outputFile("--out", out);
      Inputs.outputFile("--test-out", testOut, out);
      generate(spec.commandLine().getOut(), rows, testRows, features, nnz, seed, out, testOut);
      return Main.EXIT_OK;
    }

    /** Generates and prints what was written; shared with {@code demo}. */
    static LogRegDataGenerator.Summary generate(PrintWriter pw, long rows, long testRows, int features,
        int nnz, long seed, Path out, Path testOut) throws IOException {
      long start = System.nanoTime();
      LogRegDataGenerator.Summary s = LogRegDataGenerator.builder()
          .trainRows(rows).testRows(testRows).features(features).nonZerosPerRow(nnz).seed(seed)
          .build()
          .write(out, testOut);
      double seconds = (System.nanoTime() - start) / 1e9;
      pw.printf(Locale.ROOT, "wrote %,d training rows to %s (%s)%n", s.trainRows(), out, megabytes(s.trainBytes()));
      pw.printf(Locale.ROOT, "wrote %,d test rows to %s (%s)%n", s.testRows(), testOut, megabytes(s.testBytes()));
      pw.printf(Locale.ROOT, "planted model: %,d features, %,d non-zero weights, %d non-zeros per row, seed %d (%.1f s)%n",
          s.features(), s.plantedNonZeros(), s.nonZerosPerRow(), seed, seconds);
      pw.printf(Locale.ROOT, "planted model test error: %.4f%n", s.plantedTestError());
      pw.flush();
      return s;
    }

    private static String megabytes(long bytes) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
  }
}

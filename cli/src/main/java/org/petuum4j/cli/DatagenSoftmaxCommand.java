package org.petuum4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.data.LibSvmRegressionReader;
import org.petuum4j.ml.gen.SoftmaxDataGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j datagen softmax}. */
@Command(
    name = "softmax",
    mixinStandardHelpOptions = true,
    description = {
      "Generate multiclass data from a planted softmax model: weights N(0, 9 / D), biases 0, features N(0, 1) "
          + "written with 6 decimals, and each label drawn from the planted class probabilities (so labels are noisy). "
          + "Writes dense LibSVM training and test files, labels 0..K-1; byte-identical for a seed.",
      "Prints the planted model's held-out accuracy and log-loss: what a trained model can be compared with."
    })
final class DatagenSoftmaxCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--rows", paramLabel = "N", description = "Training rows (default: ${DEFAULT-VALUE}).")
  int rows = 10_000;

  @Option(names = "--test-rows", paramLabel = "M", description = "Test rows (default: ${DEFAULT-VALUE}).")
  int testRows = 2_000;

  @Option(names = "--classes", paramLabel = "K", description = "Classes, >= 2 (default: ${DEFAULT-VALUE}).")
  int classes = 5;

  @Option(names = "--features", paramLabel = "D", description = "Features (default: ${DEFAULT-VALUE}).")
  int features = 20;

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
    Inputs.inRange("--classes", classes, 2, LibSvmRegressionReader.MAX_CLASSES);
    Inputs.inRange("--features", features, 1, 1 << 20);
    Inputs.outputFile("--out", out);
    Inputs.outputFile("--test-out", testOut, out);
    SoftmaxDataGenerator.Summary s = new SoftmaxDataGenerator(rows, testRows, classes, features, seed)
        .write(out, testOut);
    PrintWriter pw = spec.commandLine().getOut();
    pw.printf(Locale.ROOT, "wrote %,d training rows to %s (%.1f MB) and %,d test rows to %s (%.1f MB): "
        + "%d classes, %d features%n", rows, out, s.trainBytes() / 1e6, testRows, testOut, s.testBytes() / 1e6,
        classes, features);
    pw.printf(Locale.ROOT, "planted model on the test rows: accuracy %.4f, log-loss %.6f%n", s.plantedTestAccuracy(),
        s.plantedTestLogLoss());
    pw.flush();
    return Main.EXIT_OK;
  }
}

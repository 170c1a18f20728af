package org.petuum4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.gen.DmlDataGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j datagen dml}. */
@Command(
    name = "dml",
    mixinStandardHelpOptions = true,
    description = {
      "Generate LibSVM training and test files (1-based, label = class 0..C-1) for distance metric "
          + "learning: the first I features separate the classes (class centres uniform on [-2, 2], "
          + "N(0, 0.2^2) around them), the N features after them are N(0, 1) noise that swamps plain "
          + "Euclidean distance. Byte-identical for a seed."
    })
final class DatagenDmlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--rows", paramLabel = "N", description = "Training rows (default: ${DEFAULT-VALUE}).")
  int rows = 5_000;

  @Option(names = "--test-rows", paramLabel = "M", description = "Test rows (default: ${DEFAULT-VALUE}).")
  int testRows = 1_000;

  @Option(names = "--classes", paramLabel = "C", description = "Classes, >= 2 (default: ${DEFAULT-VALUE}).")
  int classes = 4;

  @Option(names = "--informative", paramLabel = "I", description = "Features that separate the classes (default: ${DEFAULT-VALUE}).")
  int informative = 3;

  @Option(names = "--noise-features", paramLabel = "N", description = "Pure-noise features (default: ${DEFAULT-VALUE}).")
  int noiseFeatures = 17;

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
    Inputs.inRange("--classes", classes, 2, 1 << 24);
    Inputs.inRange("--informative", informative, 1, 1 << 16);
    Inputs.inRange("--noise-features", noiseFeatures, 0, 1 << 16);
    Inputs.outputFile("--out", out);
    Inputs.outputFile("--test-out", testOut, out);
    DmlDataGenerator g = new DmlDataGenerator(rows, testRows, classes, informative, noiseFeatures, seed);
    long[] bytes = g.write(out, testOut);
    PrintWriter pw = spec.commandLine().getOut();
    pw.printf(Locale.ROOT, "wrote %,d training rows to %s (%.1f MB) and %,d test rows to %s (%.1f MB)%n",
        rows, out, bytes[0] / 1e6, testRows, testOut, bytes[1] / 1e6);
    pw.printf(Locale.ROOT, "%d classes separated by the first %d of %d features; seed %d%n",
        classes, informative, g.features(), seed);
    pw.flush();
    return Main.EXIT_OK;
  }
}

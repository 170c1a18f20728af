package org.petuum4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.gen.LassoDataGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j datagen lasso}. */
@Command(
    name = "lasso",
    mixinStandardHelpOptions = true,
    description = {
      "Generate sparse regression data for Lasso with a planted sparse coefficient vector and groups "
          + "of strongly correlated features (about 0.96 within a group), so that which features a "
          + "parallel Lasso updates together matters.",
      "Each row has K non-zeros: about half from whole correlated groups (a shared N(0,1) value plus "
          + "N(0, 0.2^2) per member), the rest from independent features with N(0,1) values. Half the "
          + "planted coefficients sit on one member of a group each, the rest on independent features; "
          + "each is +-(0.5 + U(0,1)). y = x.b + noise * N(0,1). Byte-identical output for a seed.",
      "--format libsvm writes 'y j:x ...' lines (1-based) to --out; --format mm writes a Matrix Market "
          + "coordinate matrix to --out and the response (n x 1 array) to --response-out."
    })
final class DatagenLassoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--rows", paramLabel = "N", description = "Rows (default: ${DEFAULT-VALUE}).")
  int rows = 10_000;

  @Option(names = "--features", paramLabel = "D", description = "Features (default: ${DEFAULT-VALUE}).")
  int features = 10_000;

  @Option(names = "--nnz", paramLabel = "K", description = "Non-zeros per row, at most D (default: ${DEFAULT-VALUE}).")
  int nnz = 20;

  @Option(names = "--correlated-groups", paramLabel = "G",
      description = "Groups of correlated features, G * S <= D (default: ${DEFAULT-VALUE}).")
  int groups = 100;

  @Option(names = "--group-size", paramLabel = "S", description = "Features per group, 2 to K (default: ${DEFAULT-VALUE}).")
  int groupSize = 5;

  @Option(names = "--support", paramLabel = "B", description = "Planted non-zero coefficients, 0 to D (default: D / 20).")
  Integer support;

  @Option(names = "--noise", paramLabel = "SIGMA", description = "Response noise standard deviation, >= 0 (default: ${DEFAULT-VALUE}).")
  double noise = 0.1;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--format", paramLabel = "FMT", description = "libsvm or mm (default: ${DEFAULT-VALUE}).")
  String format = "libsvm";

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Data file (the matrix, for mm).")
  Path out;

  @Option(names = "--response-out", paramLabel = "FILE", description = "Response file; required with --format mm.")
  Path responseOut;

  @Override
  public Integer call() throws IOException, UserException {
    Inputs.inRange("--rows", rows, 1, Integer.MAX_VALUE - 8);
    Inputs.inRange("--features", features, 1, Integer.MAX_VALUE - 8);
    Inputs.inRange("--nnz", nnz, 1, features);
    Inputs.inRange("--correlated-groups", groups, 0, features / Math.max(2, groupSize));
    Inputs.inRange("--group-size", groupSize, 2, Math.max(2, nnz));
    if (support != null) {
      Inputs.inRange("--support", support, 0, features);
    }
    Inputs.nonNegative("--noise", noise);
    boolean mm;
    switch (format.toLowerCase(Locale.ROOT)) {
      case "libsvm" -> mm = false;
      case "mm", "matrixmarket" -> mm = true;
      default -> throw new UserException("--format must be libsvm or mm, was '" + format + "'");
    }
    if (mm && responseOut == null) {
      throw new UserException("--response-out is required with --format mm");
    }
    if (!mm && responseOut != null) {
      throw new UserException("--response-out is only for --format mm; LibSVM lines carry the response");
    }
    Inputs.outputFile("--out", out);
    if (responseOut != null) {
      Inputs.outputFile("--response-out", responseOut, out);
    }
    LassoDataGenerator.Builder b = LassoDataGenerator.builder().rows(rows).features(features)
        .nonZerosPerRow(nnz).correlatedGroups(groups).groupSize(groupSize).noise(noise).seed(seed);
    if (support != null) {
      b.support(support);
    }
    LassoDataGenerator g;
    try {
      g = b.build();
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    long start = System.nanoTime();
    long bytes = mm ? g.writeMatrixMarket(out, responseOut) : g.writeLibSvm(out);
    double seconds = (System.nanoTime() - start) / 1e9;
    PrintWriter pw = spec.commandLine().getOut();
    pw.printf(Locale.ROOT, "wrote %,d rows x %,d features, %d non-zeros per row, to %s%s (%.1f MB, %.1f s)%n",
        rows, features, nnz, out, mm ? " and " + responseOut : "", bytes / 1e6, seconds);
    pw.printf(Locale.ROOT, "planted coefficients: %,d non-zero; %,d correlated groups of %d features; noise %s; seed %d%n",
        g.support(), groups, groupSize, noise, seed);
    pw.flush();
    return Main.EXIT_OK;
  }
}

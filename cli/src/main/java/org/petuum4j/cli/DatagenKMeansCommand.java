package org.petuum4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.gen.KMeansDataGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j datagen kmeans}. */
@Command(
    name = "kmeans",
    mixinStandardHelpOptions = true,
    description = {
      "Generate points around K planted centres drawn uniformly from [-spread, spread]^D: each row "
          + "picks a centre uniformly and adds N(0, noise^2) per coordinate. Byte-identical for a seed.",
      "--format csv writes comma-separated numbers; libsvm writes 'c 1:x1 ... D:xD' with the planted "
          + "centre c as the label. Prints the planted WCSS (points to their own centres), about "
          + "rows * D * noise^2: the level a good clustering reaches."
    })
final class DatagenKMeansCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--rows", paramLabel = "N", description = "Rows (default: ${DEFAULT-VALUE}).")
  int rows = 10_000;

  @Option(names = "--k", paramLabel = "K", description = "Planted centres (default: ${DEFAULT-VALUE}).")
  int k = 10;

  @Option(names = "--dimension", paramLabel = "D", description = "Features (default: ${DEFAULT-VALUE}).")
  int dimension = 10;

  @Option(names = "--spread", paramLabel = "A", description = "Centres lie in [-A, A]^D (default: ${DEFAULT-VALUE}).")
  double spread = 10;

  @Option(names = "--noise", paramLabel = "SIGMA", description = "Standard deviation around a centre (default: ${DEFAULT-VALUE}).")
  double noise = 1;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--format", paramLabel = "FMT", description = "csv or libsvm (default: ${DEFAULT-VALUE}).")
  String format = "csv";

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write.")
  Path out;

  @Override
  public Integer call() throws IOException, UserException {
    Inputs.inRange("--rows", rows, 1, Integer.MAX_VALUE - 8);
    Inputs.inRange("--k", k, 1, 1 << 24);
    Inputs.inRange("--dimension", dimension, 1, 1 << 24);
    Inputs.nonNegative("--spread", spread);
    Inputs.nonNegative("--noise", noise);
    boolean csv = switch (format.toLowerCase(Locale.ROOT)) {
      case "csv" -> true;
      case "libsvm" -> false;
      default -> throw new UserException("--format must be csv or libsvm, was '" + format + "'");
    };
    Inputs.outputFile("--out", out);
    KMeansDataGenerator.Summary s = new KMeansDataGenerator(rows, k, dimension, spread, noise, seed).write(out, csv);
    PrintWriter pw = spec.commandLine().getOut();
    pw.printf(Locale.ROOT, "wrote %,d rows of dimension %d around %d planted centres to %s (%.1f MB)%n",
        rows, dimension, k, out, s.bytes() / 1e6);
    pw.printf(Locale.ROOT, "planted WCSS: %.6f (%.6f per row)%n", s.plantedWcss(), s.plantedWcss() / rows);
    pw.flush();
    return Main.EXIT_OK;
  }
}

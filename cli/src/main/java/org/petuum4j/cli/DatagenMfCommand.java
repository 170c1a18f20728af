package org.petuum4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.gen.MfDataGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j datagen mf}. */
@Command(
    name = "mf",
    mixinStandardHelpOptions = true,
    description = {
      "Generate training and test ratings from a planted low-rank model: user and item factors with "
          + "N(0, 1/sqrt(K)) entries, distinct (user, item) pairs drawn uniformly, rating = mean + p_u . q_i "
          + "+ noise * N(0,1). Ids are 1-based. Byte-identical output for a seed.",
      "Prints the noise level and the planted model's test RMSE (the noise as realised): the reference "
          + "a trained model can approach."
    })
final class DatagenMfCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--users", paramLabel = "U", description = "Users (default: ${DEFAULT-VALUE}).")
  int users = 1_000;

  @Option(names = "--items", paramLabel = "I", description = "Items (default: ${DEFAULT-VALUE}).")
  int items = 1_000;

  @Option(names = "--rank", paramLabel = "K", description = "Planted rank (default: ${DEFAULT-VALUE}).")
  int rank = 5;

  @Option(names = "--ratings", paramLabel = "N", description = "Ratings in total, at most U * I / 2 (default: ${DEFAULT-VALUE}).")
  long ratings = 100_000;

  @Option(names = "--noise", paramLabel = "SIGMA", description = "Noise standard deviation, >= 0 (default: ${DEFAULT-VALUE}).")
  double noise = 0.5;

  @Option(names = "--test-fraction", paramLabel = "F", description = "Share of ratings in the test file, in [0, 1) (default: ${DEFAULT-VALUE}).")
  double testFraction = 0.1;

  @Option(names = "--mean", paramLabel = "M", description = "Mean rating (default: ${DEFAULT-VALUE}).")
  double mean = 3.0;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--format", paramLabel = "FMT", description = "tsv, csv, dat ('::') or mm (default: ${DEFAULT-VALUE}).")
  String format = "tsv";

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Training ratings to write.")
  Path out;

  @Option(names = "--test-out", required = true, paramLabel = "FILE", description = "Test ratings to write.")
  Path testOut;

  @Override
  public Integer call() throws Exception {
    Inputs.inRange("--users", users, 1, 100_000_000);
    Inputs.inRange("--items", items, 1, 100_000_000);
    Inputs.inRange("--rank", rank, 1, 1024);
    Inputs.inRange("--ratings", ratings, 1, Math.min((long) users * items / 2, Integer.MAX_VALUE - 8));
    Inputs.nonNegative("--noise", noise);
    if (!(testFraction >= 0 && testFraction < 1)) {
      throw new UserException("--test-fraction must be at least 0 and below 1, was " + testFraction);
    }
    if (!Double.isFinite(mean)) {
      throw new UserException("--mean must be a finite number, was " + mean);
    }
    String sep = switch (format) {
      case "tsv" -> "\t";
      case "csv" -> ",";
      case "dat" -> "::";
      case "mm" -> "mm";
      default -> throw new UserException("--format must be tsv, csv, dat or mm, was '" + format + "'");
    };
    Inputs.outputFile("--out", out);
    Inputs.outputFile("--test-out", testOut, out);
    MfDataGenerator.Summary s = new MfDataGenerator(users, items, rank, ratings, noise, testFraction, mean, seed)
        .write(out, testOut, sep);
    var pw = spec.commandLine().getOut();
    pw.printf(Locale.ROOT, "wrote %,d training ratings to %s%n", s.trainRatings(), out);
    pw.printf(Locale.ROOT, "wrote %,d test ratings to %s%n", s.testRatings(), testOut);
    pw.printf(Locale.ROOT, "planted model: %,d users, %,d items, rank %d, mean %s, seed %d%n", users, items, rank, mean, seed);
    pw.printf(Locale.ROOT, "noise level: %s; planted model test RMSE: %.4f%n", noise, s.plantedTestRmse());
    pw.flush();
    return Main.EXIT_OK;
  }
}

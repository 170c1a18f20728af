package org.petuum4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.data.CsvReader;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.kmeans.KMeansModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j predict kmeans}. */
@Command(
    name = "kmeans",
    mixinStandardHelpOptions = true,
    description = "Assign points to the nearest centre of a model saved by 'train kmeans --model'. Writes one "
        + "0-based cluster id per row to --out or else to stdout, and the WCSS to stdout, or to stderr when "
        + "the ids go to stdout.")
final class PredictKMeansCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Points, CSV or LibSVM.")
  Path data;

  @Option(names = "--format", paramLabel = "FMT",
      description = "csv, libsvm, or auto: csv for a name ending in .csv (default: ${DEFAULT-VALUE}).")
  String format = "auto";

  @Option(names = "--zero-based", description = "LibSVM feature indices start at 0 (default: 1).")
  boolean zeroBased;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the cluster ids here instead of stdout.")
  Path out;

  @Override
  public Integer call() throws IOException, UserException {
    boolean csv = TrainKMeansCommand.csv(format, data);
    PredictOutput.checkFiles(model, data, out);
    KMeansModel m = KMeansModel.load(model);
    DenseDataset points = csv ? CsvReader.read(data) : DenseDataset.readLibSvm(data, zeroBased, m.dimension());
    if (points.rows() > 0 && points.dimension() != m.dimension()) {
      throw new UserException("--data: " + data + " has " + points.dimension() + " columns, the model "
          + m.dimension());
    }
    PrintWriter summaryTo = PredictOutput.write(spec, out, w -> writeAssignments(w, m, points));
    summaryTo.printf(Locale.ROOT, "%,d rows: wcss %.6f%n", points.rows(), points.rows() > 0 ? m.wcss(points) : 0.0);
    return PredictOutput.finish(summaryTo, out, "cluster ids");
  }

  private static void writeAssignments(Writer w, KMeansModel m, DenseDataset points) throws IOException {
    for (int i = 0; i < points.rows(); i++) {
      w.append(Integer.toString(m.assign(points, i))).append('\n');
    }
  }
}

package org.petuum4j.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.data.AtomicFile;
import org.petuum4j.ml.data.CsvReader;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.kmeans.KMeansConfig;
import org.petuum4j.ml.kmeans.KMeansJob;
import org.petuum4j.ml.kmeans.KMeansMetrics;
import org.petuum4j.ml.kmeans.KMeansModel;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.Deployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j train kmeans}. */
@Command(
    name = "kmeans",
    mixinStandardHelpOptions = true,
    description = {
      "Mini-batch k-means with the centres on the parameter server: k-means++ initial centres from a "
          + "seeded sample, then each worker thread assigns mini-batches of its share of the rows to the "
          + "nearest (SSP-stale) centres and moves each centre towards its rows with rate 1 / (rows so far).",
      "Prints the within-cluster sum of squares (WCSS) after every epoch; with --metrics also writes "
          + "them as CSV (" + TrainKMeansCommand.METRICS_HEADER + ")."
    })
final class TrainKMeansCommand implements Callable<Integer> {
  static final String METRICS_HEADER = "epoch,seconds,wcss";

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "Points: CSV of numbers, or LibSVM (labels ignored).")
  Path data;

  @Option(names = "--format", paramLabel = "FMT",
      description = "csv, libsvm, or auto: csv for a name ending in .csv, else libsvm (default: ${DEFAULT-VALUE}).")
  String format = "auto";

  @Option(names = "--zero-based", description = "LibSVM feature indices start at 0 (default: 1).")
  boolean zeroBased;

  @Option(names = "--k", required = true, paramLabel = "K", description = "Number of clusters, 1 to the number of rows.")
  int k;

  @Mixin DeploymentOptions deploy;

  @Option(names = "--staleness", paramLabel = "S",
      description = "SSP staleness: a non-negative integer (0 = BSP) or 'inf' (ASP) (default: ${DEFAULT-VALUE}).")
  String staleness = "0";

  @Option(names = "--epochs", paramLabel = "E", description = "Passes over the data, 1-100000 (default: ${DEFAULT-VALUE}).")
  int epochs = 10;

  @Option(names = "--batch-size", paramLabel = "B",
      description = "Rows per mini-batch and worker; one clock per mini-batch (default: ${DEFAULT-VALUE}).")
  int batchSize = KMeansConfig.DEFAULT_BATCH_SIZE;

  @Option(names = "--init-sample", paramLabel = "N",
      description = "Rows k-means++ picks the initial centres from (default: ${DEFAULT-VALUE}).")
  int initSample = KMeansConfig.DEFAULT_INIT_SAMPLE;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the initialisation and shuffles (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--metrics", paramLabel = "FILE", description = "Write per-epoch metrics as CSV.")
  Path metrics;

  @Option(names = "--model", paramLabel = "FILE", description = "Save the centres (text format, see README).")
  Path model;

  /** True if {@code --format} (csv, libsvm or auto, by the file name) says the data is CSV. */
  static boolean csv(String format, Path data) throws UserException {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "csv" -> true;
      case "libsvm" -> false;
      case "auto" -> data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
      default -> throw new UserException("--format must be csv, libsvm or auto, was '" + format + "'");
    };
  }

  @Override
  public Integer call() throws Exception {
    Deployment deployment = deploy.deployment();
    Consistency consistency = Inputs.staleness("--staleness", staleness);
    Inputs.inRange("--k", k, 1, 1 << 24);
    Inputs.inRange("--epochs", epochs, 1, 100_000);
    Inputs.inRange("--batch-size", batchSize, 1, Integer.MAX_VALUE);
    Inputs.inRange("--init-sample", initSample, 1, Integer.MAX_VALUE);
    boolean csv = csv(format, data);
    Inputs.existingFile("--data", data);
    if (model != null) {
      Inputs.outputFile("--model", model, data);
    }
    if (metrics != null) {
      Inputs.outputFile("--metrics", metrics, data, model);
    }
    DenseDataset points = csv ? CsvReader.read(data) : DenseDataset.readLibSvm(data, zeroBased, 0);
    if (k > points.rows()) {
      throw new UserException("--k must be at most the number of rows (" + points.rows() + " in " + data + "), was " + k);
    }
    KMeansConfig config = new KMeansConfig(k, consistency, epochs, batchSize, seed, initSample);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "training k-means: %,d rows, dimension %,d, k %d, %d workers, %d shards, %s%n",
        points.rows(), points.dimension(), k, deploy.workers, deploy.shards, consistency);
    out.printf(Locale.ROOT, "%5s %9s %16s %12s%n", "epoch", "seconds", "wcss", "wcss_per_row");
    out.flush();
    List<KMeansMetrics> history = new ArrayList<>();
    KMeansModel trained = KMeansJob.train(deployment, KMeansJob.params(data, csv, zeroBased, config), m -> {
      history.add(m);
      out.printf(Locale.ROOT, "%5d %9.2f %16.6f %12.6f%n", m.epoch(), m.seconds(), m.wcss(), m.wcss() / points.rows());
      out.flush();
    });
    if (model != null) {
      trained.save(model);
      out.println("model written to " + model);
    }
    if (metrics != null) {
      AtomicFile.write(metrics, os -> {
        Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
        w.write(METRICS_HEADER + "\n");
        for (KMeansMetrics m : history) {
          w.write(String.format(Locale.ROOT, "%d,%.4f,%.6f\n", m.epoch(), m.seconds(), m.wcss()));
        }
        w.flush();
      });
      out.println("metrics written to " + metrics);
    }
    out.flush();
    return Main.EXIT_OK;
  }
}

package org.petuum4j.cli;

import java.io.IOException;
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
import org.petuum4j.ml.data.LibSvmRegressionReader;
import org.petuum4j.ml.data.MatrixMarketReader;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ml.lasso.LassoConfig;
import org.petuum4j.ml.lasso.LassoDivergedException;
import org.petuum4j.ml.lasso.LassoJob;
import org.petuum4j.ml.lasso.LassoListener;
import org.petuum4j.ml.lasso.LassoMetrics;
import org.petuum4j.ml.lasso.LassoModel;
import org.petuum4j.ml.lasso.LassoTrainer;
import org.petuum4j.ps.job.Deployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j train lasso}. */
@Command(
    name = "lasso",
    mixinStandardHelpOptions = true,
    description = {
      "Lasso, min 1/(2n) ||y - Xb||^2 + lambda ||b||_1 (no intercept), by model-parallel "
          + "coordinate descent on the STRADS scheduler: each worker thread owns a share of the rows "
          + "and their residuals; each round the scheduler picks up to P coefficients, the workers "
          + "push their partial dot products, one worker pulls them into soft-threshold updates "
          + "written to the parameter server, and every worker updates its residuals.",
      "Input: LibSVM 'y j:x ...' lines (1-based indices unless --zero-based), or a Matrix Market "
          + "coordinate matrix (recognised by its %%MatrixMarket banner) with the response in "
          + "--response (Matrix Market, n x 1, array or coordinate).",
      "Schedulers: roundrobin (consecutive features), random (Shotgun: P uniform features), "
          + "priority (by the size of each coefficient's last change; can diverge on correlated "
          + "features), dependency (priority candidates whose columns correlate below --threshold "
          + "with those already chosen).",
      "Runs embedded, or with --cluster on a cluster of processes, each of which reads the training "
          + "files itself; the scheduler runs in the process of worker 0.",
      "Prints a line every --print-every rounds; with --metrics writes every round as CSV ("
          + TrainLassoCommand.METRICS_HEADER + "); with --model saves the coefficients (text format: "
          + "'petuum4j-lasso v1', 'dimension D', 'nonzeros K', then K lines '0-based-index value')."
    })
final class TrainLassoCommand implements Callable<Integer> {
  /** The metrics CSV header; one row per round follows, from round 0 (all coefficients 0). */
  static final String METRICS_HEADER = "round,seconds,objective,nonzeros";

  @Spec CommandSpec spec;

  @Option(names = "--train", required = true, paramLabel = "FILE",
      description = "Training data: LibSVM regression lines, or a Matrix Market design matrix.")
  Path train;

  @Option(names = "--response", paramLabel = "FILE",
      description = "The response vector (Matrix Market, n x 1); required with Matrix Market --train.")
  Path response;

  @Option(names = "--zero-based", description = "LibSVM feature indices start at 0 (default: 1).")
  boolean zeroBased;

  @Option(names = "--lambda", required = true, paramLabel = "L", description = "L1 strength, a finite number > 0.")
  double lambda;

  @Mixin DeploymentOptions deploy;

  @Option(names = "--scheduler", paramLabel = "NAME",
      description = "priority, dependency, random or roundrobin (default: ${DEFAULT-VALUE}).")
  String scheduler = "dependency";

  @Option(names = "--parallelism", paramLabel = "P",
      description = "Coefficients updated per round, >= 1 (default: ${DEFAULT-VALUE}).")
  int parallelism = LassoConfig.DEFAULT_PARALLELISM;

  @Option(names = "--rounds", paramLabel = "R", description = "Maximum rounds, >= 0 (default: ${DEFAULT-VALUE}).")
  int rounds = LassoConfig.DEFAULT_ROUNDS;

  @Option(names = "--pipeline-depth", paramLabel = "D",
      description = "Rounds the scheduler runs ahead, 0-64; round r is scheduled with the changes of "
          + "rounds before r - D (default: ${DEFAULT-VALUE}).")
  int pipelineDepth = 1;

  @Option(names = "--threshold", paramLabel = "T",
      description = "Correlation threshold of the dependency scheduler, in (0, 1] (default: ${DEFAULT-VALUE}).")
  double threshold = 0.1;

  @Option(names = "--priority-floor", paramLabel = "F",
      description = "Weight every coefficient keeps in priority sampling, > 0 (default: ${DEFAULT-VALUE}).")
  double floor = 1e-6;

  @Option(names = "--tolerance", paramLabel = "T",
      description = "Stop once a sweep (about one update per feature) lowers the objective by at most "
          + "this fraction; 0 runs all rounds (default: ${DEFAULT-VALUE}).")
  double tolerance = 0;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the random schedulers (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--print-every", paramLabel = "N",
      description = "Print a progress line every N rounds, >= 1 (default: about one per sweep).")
  Integer printEvery;

  @Option(names = "--metrics", paramLabel = "FILE", description = "Write per-round metrics as CSV.")
  Path metrics;

  @Option(names = "--model", paramLabel = "FILE", description = "Save the coefficients.")
  Path model;

  @Override
  public Integer call() throws Exception {
    Deployment deployment = deploy.deployment();
    if (deploy.checkpointEvery > 0 || deploy.resume != null) {
      throw new UserException("train lasso cannot checkpoint or resume; run it without --checkpoint-every and --resume");
    }
    LassoConfig config = config();
    if (printEvery != null) {
      Inputs.inRange("--print-every", printEvery, 1, Integer.MAX_VALUE);
    }
    Inputs.existingFile("--train", train);
    boolean matrixMarket = MatrixMarketReader.isMatrixMarket(train);
    if (matrixMarket && response == null) {
      throw new UserException("--response is required when --train is a Matrix Market file (" + train + ")");
    }
    if (!matrixMarket && response != null) {
      throw new UserException("--response is only for Matrix Market input; " + train
          + " is read as LibSVM, whose lines start with the response");
    }
    if (response != null) {
      Inputs.existingFile("--response", response);
    }
    if (model != null) {
      Inputs.outputFile("--model", model, train, response);
    }
    if (metrics != null) {
      Inputs.outputFile("--metrics", metrics, train, response, model);
    }
    RegressionDataset data = matrixMarket
        ? MatrixMarketReader.readRegression(train, response)
        : (zeroBased ? LibSvmRegressionReader.zeroBased() : LibSvmRegressionReader.oneBased()).read(train);
    if (data.rows() == 0) {
      throw new UserException("--train: no rows in " + train);
    }
    if (data.numFeatures() == 0) {
      throw new UserException("--train: no features in " + train);
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      run(out, config, data, deployment, matrixMarket);
    } catch (LassoDivergedException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("petuum4j: " + e.getMessage());
      err.flush();
      return Main.EXIT_FAILURE;
    }
    return Main.EXIT_OK;
  }

  private LassoConfig config() throws UserException {
    Inputs.positive("--lambda", lambda);
    LassoConfig.Schedule schedule;
    try {
      schedule = LassoConfig.Schedule.parse(scheduler);
    } catch (IllegalArgumentException e) {
      throw new UserException("--scheduler: " + e.getMessage());
    }
    Inputs.inRange("--parallelism", parallelism, 1, Integer.MAX_VALUE);
    Inputs.inRange("--rounds", rounds, 0, Integer.MAX_VALUE);
    Inputs.inRange("--pipeline-depth", pipelineDepth, 0, 64);
    if (!(threshold > 0) || threshold > 1) {
      throw new UserException("--threshold must be in (0, 1], was " + threshold);
    }
    Inputs.positive("--priority-floor", floor);
    Inputs.nonNegative("--tolerance", tolerance);
    return LassoConfig.builder().lambda(lambda).workers(deploy.workers).shards(deploy.shards).schedule(schedule)
        .parallelism(parallelism).rounds(rounds).pipelineDepth(pipelineDepth)
        .threshold(threshold).floor(floor).tolerance(tolerance).seed(seed).build();
  }

  /**
   * Embedded: {@link LassoTrainer}, whose threads exchange through shared memory. On a cluster:
   * {@link LassoJob}, the same program with its rounds exchanged through tables.
   */
  private void run(PrintWriter out, LassoConfig config, RegressionDataset data, Deployment deployment,
      boolean matrixMarket) throws Exception {
    out.printf(Locale.ROOT, "training Lasso: %,d rows, %,d features, %,d non-zeros; %s%n",
        data.rows(), data.numFeatures(), data.nonZeros(), config);
    out.printf(Locale.ROOT, "lambda_max = max_j |x_j . y| / n = %.6g (every coefficient is 0 at or above it)%n",
        LassoTrainer.lambdaMax(data));
    out.printf(Locale.ROOT, "%8s %9s %16s %9s%n", "round", "seconds", "objective", "nonzeros");
    out.flush();
    int every = printEvery != null ? printEvery
        : (int) Math.max(1, ((long) data.numFeatures() + config.parallelism() - 1) / config.parallelism());
    List<LassoMetrics> rows = new ArrayList<>();
    LassoListener listener = m -> {
      rows.add(m);
      if (m.round() % every == 0) {
        line(out, m);
      }
    };
    boolean embedded = deploy.cluster == null;
    LassoModel trained = embedded ? new LassoTrainer(config).train(data, listener)
        : LassoJob.train(deployment, LassoJob.params(config, train, matrixMarket ? response : null, zeroBased)
            .with("features", data.numFeatures()), listener);
    LassoMetrics last = rows.get(rows.size() - 1);
    if (last.round() % every != 0) {
      line(out, last);
    }
    out.printf(Locale.ROOT, "%d rounds, %,d coordinate updates in %.2f s; objective %.10g, %,d non-zero coefficients%n",
        last.round(), last.updates(), last.seconds(), last.objective(), trained.nonZeros());
    if (model != null) {
      trained.save(model);
      out.println("model written to " + model);
    }
    if (metrics != null) {
      writeMetrics(metrics, rows);
      out.println("metrics written to " + metrics);
    }
    out.flush();
  }

  private static void line(PrintWriter out, LassoMetrics m) {
    out.printf(Locale.ROOT, "%8d %9.2f %16.10g %9d%n", m.round(), m.seconds(), m.objective(), m.nonZeros());
    out.flush();
  }

  static void writeMetrics(Path file, List<LassoMetrics> rows) throws IOException {
    AtomicFile.write(file, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      w.write(METRICS_HEADER + "\n");
      for (LassoMetrics m : rows) {
        w.write(String.format(Locale.ROOT, "%d,%.6f,%.12g,%d\n", m.round(), m.seconds(), m.objective(), m.nonZeros()));
      }
      w.flush();
    });
  }
}

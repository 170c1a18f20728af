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
import org.petuum4j.ml.data.Ratings;
import org.petuum4j.ml.data.RatingsReader;
import org.petuum4j.ml.mf.MfConfig;
import org.petuum4j.ml.mf.MfJob;
import org.petuum4j.ml.mf.MfMetrics;
import org.petuum4j.ml.mf.MfModel;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.JobParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j train mf}. */
@Command(
    name = "mf",
    mixinStandardHelpOptions = true,
    description = {
      "Matrix factorisation of a ratings matrix by SGD with L2: rating ~ mean + p_u . q_i, user and item "
          + "factors in parameter-server tables. Each worker owns a share of the users and their ratings.",
      "--algorithm sgd: data-parallel; every worker updates any item, item factors read under SSP "
          + "(--staleness), --clocks-per-epoch clocks per epoch. --algorithm rotation: model-parallel; the "
          + "items are cut into one block per worker and in clock t worker w updates block (w + t) mod W "
          + "only, handed over through the item table with staleness 0.",
      "Input: 'user item rating [timestamp]' lines separated by tab, comma or '::' (MovieLens), or Matrix "
          + "Market coordinate files. Prints train and test RMSE per epoch; with --metrics also as CSV ("
          + TrainMfCommand.METRICS_HEADER + ")."
    })
final class TrainMfCommand implements Callable<Integer> {
  static final String METRICS_HEADER = "epoch,seconds,train_rmse,test_rmse";

  @Spec CommandSpec spec;

  @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training ratings.")
  Path train;

  @Option(names = "--test", required = true, paramLabel = "FILE", description = "Test ratings, evaluated after every epoch.")
  Path test;

  @Option(names = "--algorithm", paramLabel = "ALG", description = "sgd or rotation (default: ${DEFAULT-VALUE}).")
  String algorithm = "sgd";

  @Mixin DeploymentOptions deploy;

  @Option(names = "--staleness", paramLabel = "S",
      description = "SSP staleness of the item factors for sgd: a non-negative integer (0 = BSP) or 'inf' (default: ${DEFAULT-VALUE}).")
  String staleness = "0";

  @Option(names = "--rank", paramLabel = "K", description = "Factors per user and item, 1-1024 (default: ${DEFAULT-VALUE}).")
  int rank = MfConfig.DEFAULT_RANK;

  @Option(names = "--epochs", paramLabel = "E", description = "Passes over the training ratings, 1-100000 (default: ${DEFAULT-VALUE}).")
  int epochs = 10;

  @Option(names = "--learning-rate", paramLabel = "ETA0", description = "Initial SGD step, > 0 (default: ${DEFAULT-VALUE}).")
  double learningRate = MfConfig.DEFAULT_LEARNING_RATE;

  @Option(names = "--decay", paramLabel = "D", description = "Step in epoch t: eta0 / (1 + D t), D >= 0 (default: ${DEFAULT-VALUE}).")
  double decay = MfConfig.DEFAULT_DECAY;

  @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 strength, >= 0 (default: ${DEFAULT-VALUE}).")
  double l2 = MfConfig.DEFAULT_L2;

  @Option(names = "--clocks-per-epoch", paramLabel = "C", description = "Clocks per epoch for sgd, 1-1048576 (default: ${DEFAULT-VALUE}).")
  int clocksPerEpoch = MfConfig.DEFAULT_CLOCKS_PER_EPOCH;

  @Option(names = "--init-scale", paramLabel = "S",
      description = "Initial factors are uniform in [-S, S), S > 0 (default: ${DEFAULT-VALUE}).")
  double initScale = MfConfig.DEFAULT_INIT_SCALE;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the initial factors and orders (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--metrics", paramLabel = "FILE", description = "Write per-epoch metrics as CSV.")
  Path metrics;

  @Option(names = "--model", paramLabel = "FILE", description = "Save the trained model (text format, see MfModel).")
  Path model;

  @Override
  public Integer call() throws Exception {
    Deployment deployment = deploy.deployment();
    MfConfig config = config();
    Inputs.existingFile("--train", train);
    Inputs.existingFile("--test", test);
    if (model != null) {
      Inputs.outputFile("--model", model, train, test);
    }
    if (metrics != null) {
      Inputs.outputFile("--metrics", metrics, train, test, model);
    }
    Ratings trainData = RatingsReader.read(train);
    Ratings testData = RatingsReader.read(test);
    if (trainData.size() == 0) {
      throw new UserException("--train: no ratings in " + train);
    }
    if (testData.size() == 0) {
      throw new UserException("--test: no ratings in " + test);
    }
    int items = trainData.distinctItems().length;
    if (config.algorithm() == MfConfig.Algorithm.ROTATION && items < deploy.workers) {
      throw new UserException("--algorithm rotation needs at least one item per worker: " + items + " items, "
          + deploy.workers + " workers");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "training matrix factorisation (%s): %,d ratings (%,d users, %,d items), %,d test ratings, "
            + "rank %d, %d workers, %d shards, %s%n",
        config.algorithm(), trainData.size(), trainData.distinctUsers().length, items, testData.size(),
        config.rank(), deploy.workers, deploy.shards,
        config.algorithm() == MfConfig.Algorithm.ROTATION ? "item blocks rotate, staleness 0" : config.staleness());
    out.printf(Locale.ROOT, "%5s %9s %11s %10s%n", "epoch", "seconds", "train_rmse", "test_rmse");
    out.flush();
    List<MfMetrics> done = new ArrayList<>();
    JobParams params = MfJob.params(train, test, config);
    MfModel trained = MfJob.train(deployment, params, m -> {
      synchronized (done) {
        done.add(m);
        out.printf(Locale.ROOT, "%5d %9.2f %11.6f %10.6f%n", m.epoch(), m.seconds(), m.trainRmse(), m.testRmse());
        out.flush();
      }
    });
    if (model != null) {
      trained.save(model);
      out.println("model written to " + model);
    }
    if (metrics != null) {
      AtomicFile.write(metrics, os -> {
        Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
        w.write(METRICS_HEADER + "\n");
        for (MfMetrics m : done) {
          w.write(String.format(Locale.ROOT, "%d,%.4f,%.6f,%.6f\n", m.epoch(), m.seconds(), m.trainRmse(), m.testRmse()));
        }
        w.flush();
      });
      out.println("metrics written to " + metrics);
    }
    out.flush();
    return Main.EXIT_OK;
  }

  private MfConfig config() throws UserException {
    MfConfig.Algorithm a;
    try {
      a = MfConfig.Algorithm.parse(algorithm);
    } catch (IllegalArgumentException e) {
      throw new UserException("--algorithm must be 'sgd' or 'rotation', was '" + algorithm + "'");
    }
    Consistency consistency = Inputs.staleness("--staleness", staleness);
    Inputs.inRange("--rank", rank, 1, MfConfig.MAX_RANK);
    Inputs.inRange("--epochs", epochs, 1, 100_000);
    Inputs.positive("--learning-rate", learningRate);
    Inputs.nonNegative("--decay", decay);
    Inputs.nonNegative("--l2", l2);
    Inputs.inRange("--clocks-per-epoch", clocksPerEpoch, 1, 1 << 20);
    Inputs.positive("--init-scale", initScale);
    return new MfConfig(a, rank, epochs, learningRate, decay, l2, consistency, clocksPerEpoch,
        initScale, seed);
  }
}

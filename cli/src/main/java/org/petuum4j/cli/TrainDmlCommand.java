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
import org.petuum4j.ml.dml.DmlConfig;
import org.petuum4j.ml.dml.DmlJob;
import org.petuum4j.ml.dml.DmlMetrics;
import org.petuum4j.ml.dml.DmlModel;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.JobParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j train dml}. */
@Command(
    name = "dml",
    mixinStandardHelpOptions = true,
    description = {
      "Distance metric learning (Xing et al. 2002, Petuum's data-parallel example): learns L so that "
          + "||L(x - y)||^2 is small for similar pairs and at least --margin for dissimilar ones, by "
          + "mini-batch SGD with L on the parameter server (loss: the distance of similar pairs plus "
          + "--dissimilar-weight * max(0, margin - distance) of dissimilar ones). L starts as the identity.",
      "Pairs come from files ('i j 1|0' per line, 0-based rows of the features file; 1 = similar) or, "
          + "without them, are drawn from the class labels, half similar and half dissimilar.",
      "A pair is classified similar iff its distance is at most a threshold chosen on the training pairs. "
          + "Prints per epoch the objective and the training and held-out pair accuracy, then plain "
          + "Euclidean distance's held-out accuracy for comparison; --metrics writes the epochs as CSV ("
          + TrainDmlCommand.METRICS_HEADER + ")."
    })
final class TrainDmlCommand implements Callable<Integer> {
  static final String METRICS_HEADER = "epoch,seconds,objective,train_accuracy,test_accuracy";

  @Spec CommandSpec spec;

  @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training features, LibSVM (label = class).")
  Path train;

  @Option(names = "--test", required = true, paramLabel = "FILE", description = "Held-out features, LibSVM (label = class).")
  Path test;

  @Option(names = "--pairs", paramLabel = "FILE", description = "Training pairs of --train rows (default: drawn from labels).")
  Path pairs;

  @Option(names = "--test-pairs", paramLabel = "FILE", description = "Held-out pairs of --test rows (default: drawn from labels).")
  Path testPairs;

  @Option(names = "--num-pairs", paramLabel = "N", description = "Training pairs to draw from labels (default: ${DEFAULT-VALUE}).")
  int numPairs = 10_000;

  @Option(names = "--num-test-pairs", paramLabel = "N", description = "Held-out pairs to draw from labels (default: ${DEFAULT-VALUE}).")
  int numTestPairs = 2_000;

  @Option(names = "--pair-seed", paramLabel = "SEED", description = "Seed of the drawn pairs (default: ${DEFAULT-VALUE}).")
  long pairSeed = 1;

  @Option(names = "--zero-based", description = "Feature indices start at 0 (default: 1, as in LibSVM).")
  boolean zeroBased;

  @Option(names = "--rank", paramLabel = "K", description = "Rows of L; 0 = the number of features (default: ${DEFAULT-VALUE}).")
  int rank = 0;

  @Mixin DeploymentOptions deploy;

  @Option(names = "--staleness", paramLabel = "S",
      description = "SSP staleness: a non-negative integer (0 = BSP) or 'inf' (ASP) (default: ${DEFAULT-VALUE}).")
  String staleness = "0";

  @Option(names = "--epochs", paramLabel = "E", description = "Passes over the training pairs, 1-100000 (default: ${DEFAULT-VALUE}).")
  int epochs = 10;

  @Option(names = "--batch-size", paramLabel = "B", description = "Pairs per mini-batch and worker (default: ${DEFAULT-VALUE}).")
  int batchSize = DmlConfig.DEFAULT_BATCH_SIZE;

  @Option(names = "--learning-rate", paramLabel = "ETA0",
      description = "Initial learning rate, > 0; tuned for features of unit scale (default: ${DEFAULT-VALUE}).")
  double learningRate = DmlConfig.DEFAULT_LEARNING_RATE;

  @Option(names = "--decay", paramLabel = "D", description = "Learning rate of epoch t: eta0 / (1 + D t) (default: ${DEFAULT-VALUE}).")
  double decay = DmlConfig.DEFAULT_DECAY;

  @Option(names = "--margin", paramLabel = "M", description = "Distance dissimilar pairs should reach, > 0 (default: ${DEFAULT-VALUE}).")
  double margin = 1;

  @Option(names = "--dissimilar-weight", paramLabel = "LAMBDA", description = "Weight of the dissimilar pairs' loss, > 0 (default: ${DEFAULT-VALUE}).")
  double dissimilarWeight = 1;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the mini-batch sampling (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--metrics", paramLabel = "FILE", description = "Write per-epoch metrics as CSV.")
  Path metrics;

  @Option(names = "--model", paramLabel = "FILE", description = "Save L and the threshold (text format, see README).")
  Path model;

  @Override
  public Integer call() throws Exception {
    Deployment deployment = deploy.deployment();
    Consistency consistency = Inputs.staleness("--staleness", staleness);
    Inputs.inRange("--num-pairs", numPairs, 1, Integer.MAX_VALUE - 8);
    Inputs.inRange("--num-test-pairs", numTestPairs, 1, Integer.MAX_VALUE - 8);
    Inputs.inRange("--rank", rank, 0, 1 << 16);
    Inputs.inRange("--epochs", epochs, 1, 100_000);
    Inputs.inRange("--batch-size", batchSize, 1, Integer.MAX_VALUE);
    Inputs.positive("--learning-rate", learningRate);
    Inputs.nonNegative("--decay", decay);
    Inputs.positive("--margin", margin);
    Inputs.positive("--dissimilar-weight", dissimilarWeight);
    Inputs.existingFile("--train", train);
    Inputs.existingFile("--test", test);
    if (pairs != null) {
      Inputs.existingFile("--pairs", pairs);
    }
    if (testPairs != null) {
      Inputs.existingFile("--test-pairs", testPairs);
    }
    if (model != null) {
      Inputs.outputFile("--model", model, train, test, pairs, testPairs);
    }
    if (metrics != null) {
      Inputs.outputFile("--metrics", metrics, train, test, pairs, testPairs, model);
    }
    DmlConfig config = new DmlConfig(rank, consistency, epochs, batchSize, learningRate, decay, margin,
        dissimilarWeight, seed);
    JobParams params = DmlJob.params(train, test, pairs, testPairs, numPairs, numTestPairs, pairSeed, zeroBased, config);
    DmlJob.Data data;
    try {
      data = DmlJob.load(params);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    int d = data.train().dimension();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "training distance metric: %,d rows, %,d pairs, %,d held-out rows, %,d held-out pairs, "
            + "dimension %,d, rank %d, %d workers, %d shards, %s%n",
        data.train().rows(), data.trainPairs().size(), data.test().rows(), data.testPairs().size(), d,
        rank == 0 ? d : rank, deploy.workers, deploy.shards, consistency);
    out.printf(Locale.ROOT, "%5s %9s %12s %10s %10s%n", "epoch", "seconds", "objective", "train_acc", "test_acc");
    out.flush();
    List<DmlMetrics> history = new ArrayList<>();
    DmlModel trained = DmlJob.train(deployment, params.with("dimension", d), m -> {
      history.add(m);
      out.printf(Locale.ROOT, "%5d %9.2f %12.6f %10.4f %10.4f%n",
          m.epoch(), m.seconds(), m.objective(), m.trainAccuracy(), m.testAccuracy());
      out.flush();
    });
    double euclidean = DmlModel.euclidean(d).calibrate(data.train(), data.trainPairs())
        .accuracy(data.test(), data.testPairs());
    out.printf(Locale.ROOT, "held-out pair accuracy: %.4f learned (threshold %.6f), %.4f Euclidean%n",
        trained.accuracy(data.test(), data.testPairs()), trained.threshold(), euclidean);
    if (model != null) {
      trained.save(model);
      out.println("model written to " + model);
    }
    if (metrics != null) {
      AtomicFile.write(metrics, os -> {
        Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
        w.write(METRICS_HEADER + "\n");
        for (DmlMetrics m : history) {
          w.write(String.format(Locale.ROOT, "%d,%.4f,%.6f,%.6f,%.6f\n",
              m.epoch(), m.seconds(), m.objective(), m.trainAccuracy(), m.testAccuracy()));
        }
        w.flush();
      });
      out.println("metrics written to " + metrics);
    }
    out.flush();
    return Main.EXIT_OK;
  }
}

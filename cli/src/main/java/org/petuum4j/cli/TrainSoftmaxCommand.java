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
import org.petuum4j.ml.data.LibSvmRegressionReader;
import org.petuum4j.ml.softmax.SoftmaxConfig;
import org.petuum4j.ml.softmax.SoftmaxJob;
import org.petuum4j.ml.softmax.SoftmaxMetrics;
import org.petuum4j.ml.softmax.SoftmaxModel;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.JobParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j train softmax}. */
@Command(
    name = "softmax",
    mixinStandardHelpOptions = true,
    description = {
      "Multiclass (softmax, multinomial logistic) regression by data-parallel mini-batch SGD: the K x D "
          + "weights and K biases live in a table of the parameter server; each worker thread visits its share "
          + "of the training rows in mini-batches, reads the (SSP-stale) weights, and sends one update per "
          + "class per mini-batch, then clocks.",
      "Objective: mean log-loss + l2 / 2 * ||W||^2 (biases not regularised). Learning rate in epoch t "
          + "(0-based): eta0 / (1 + decay * t).",
      "Input: LibSVM whose labels are class ids 0..K-1 (dense rows are fine). Prints per epoch the training "
          + "and held-out log-loss and accuracy; --metrics writes them as CSV (" + TrainSoftmaxCommand.METRICS_HEADER
          + ")."
    })
final class TrainSoftmaxCommand implements Callable<Integer> {
  static final String METRICS_HEADER = "epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy";

  @Spec CommandSpec spec;

  @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training data, LibSVM (label = class id).")
  Path train;

  @Option(names = "--test", required = true, paramLabel = "FILE", description = "Held-out data, LibSVM (label = class id).")
  Path test;

  @Option(names = "--zero-based", description = "Feature indices start at 0 (default: 1, as in LibSVM).")
  boolean zeroBased;

  @Option(names = "--classes", paramLabel = "K",
      description = "Number of classes, 2-" + LibSvmRegressionReader.MAX_CLASSES + "; 0 = the largest training label + 1 "
          + "(default: ${DEFAULT-VALUE}).")
  int classes = 0;

  @Mixin DeploymentOptions deploy;

  @Option(names = "--staleness", paramLabel = "S",
      description = "SSP staleness: a non-negative integer (0 = BSP) or 'inf' (ASP) (default: ${DEFAULT-VALUE}).")
  String staleness = "0";

  @Option(names = "--epochs", paramLabel = "E", description = "Passes over the training rows, 1-100000 (default: ${DEFAULT-VALUE}).")
  int epochs = 10;

  @Option(names = "--batch-size", paramLabel = "B", description = "Rows per mini-batch and worker (default: ${DEFAULT-VALUE}).")
  int batchSize = SoftmaxConfig.DEFAULT_BATCH_SIZE;

  @Option(names = "--learning-rate", paramLabel = "ETA0",
      description = "Initial learning rate, > 0; suits features in [0, 1] such as pixels (default: ${DEFAULT-VALUE}).")
  double learningRate = SoftmaxConfig.DEFAULT_LEARNING_RATE;

  @Option(names = "--decay", paramLabel = "D", description = "Learning rate of epoch t: eta0 / (1 + D t) (default: ${DEFAULT-VALUE}).")
  double decay = SoftmaxConfig.DEFAULT_DECAY;

  @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 strength, >= 0 (default: ${DEFAULT-VALUE}).")
  double l2 = SoftmaxConfig.DEFAULT_L2;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the shuffles (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--metrics", paramLabel = "FILE", description = "Write per-epoch metrics as CSV.")
  Path metrics;

  @Option(names = "--model", paramLabel = "FILE", description = "Save the weights and biases (text format, see README).")
  Path model;

  @Override
  public Integer call() throws Exception {
    Deployment deployment = deploy.deployment();
    Consistency consistency = Inputs.staleness("--staleness", staleness);
    if (classes != 0) {
      Inputs.inRange("--classes", classes, 2, LibSvmRegressionReader.MAX_CLASSES);
    }
    Inputs.inRange("--epochs", epochs, 1, 100_000);
    Inputs.inRange("--batch-size", batchSize, 1, Integer.MAX_VALUE);
    Inputs.positive("--learning-rate", learningRate);
    Inputs.nonNegative("--decay", decay);
    Inputs.nonNegative("--l2", l2);
    Inputs.existingFile("--train", train);
    Inputs.existingFile("--test", test);
    if (model != null) {
      Inputs.outputFile("--model", model, train, test);
    }
    if (metrics != null) {
      Inputs.outputFile("--metrics", metrics, train, test, model);
    }
    SoftmaxConfig config = new SoftmaxConfig(consistency, epochs, batchSize, learningRate, decay, l2, seed);
    JobParams params = SoftmaxJob.params(train, test, zeroBased, classes, config);
    SoftmaxJob.Data data;
    try {
      data = SoftmaxJob.load(params);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    int d = data.train().dimension();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "training softmax regression: %,d rows, %,d held-out rows, dimension %,d, %d classes, "
            + "%d workers, %d shards, %s%n",
        data.train().rows(), data.test().rows(), d, data.classes(), deploy.workers, deploy.shards, consistency);
    out.printf(Locale.ROOT, "%5s %9s %10s %9s %10s %9s%n", "epoch", "seconds", "train_loss", "train_acc", "test_loss",
        "test_acc");
    out.flush();
    List<SoftmaxMetrics> history = new ArrayList<>();
    SoftmaxModel trained = SoftmaxJob.train(deployment,
        params.with("classes", data.classes()).with("dimension", d), m -> {
          history.add(m);
          out.printf(Locale.ROOT, "%5d %9.2f %10.6f %9.4f %10.6f %9.4f%n", m.epoch(), m.seconds(), m.trainLoss(),
              m.trainAccuracy(), m.testLoss(), m.testAccuracy());
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
        for (SoftmaxMetrics m : history) {
          w.write(String.format(Locale.ROOT, "%d,%.4f,%.6f,%.6f,%.6f,%.6f\n", m.epoch(), m.seconds(), m.trainLoss(),
              m.trainAccuracy(), m.testLoss(), m.testAccuracy()));
        }
        w.flush();
      });
      out.println("metrics written to " + metrics);
    }
    out.flush();
    return Main.EXIT_OK;
  }
}

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
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.logreg.EpochMetrics;
import org.petuum4j.ml.logreg.LogRegConfig;
import org.petuum4j.ml.logreg.LogRegModel;
import org.petuum4j.ml.logreg.LogRegJob;
import org.petuum4j.ml.logreg.TrainingListener;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.Consistency;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code petuum4j train}: train a model on the embedded parameter server. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a model, on the embedded parameter server or on a cluster (--cluster).",
    subcommands = {TrainCommand.LogReg.class, TrainLassoCommand.class, TrainKMeansCommand.class,
        TrainDmlCommand.class, TrainLdaCommand.class, TrainMfCommand.class, TrainSoftmaxCommand.class})
final class TrainCommand {

  /** The metrics CSV header; one row per epoch follows. */
  static final String METRICS_HEADER = "epoch,seconds,train_loss,test_loss,test_error,recoveries";

  /** {@code petuum4j train logreg}. */
  @Command(
      name = "logreg",
      mixinStandardHelpOptions = true,
      description = {
        "Sparse logistic regression by data-parallel mini-batch SGD: each worker thread owns a share "
            + "of the training rows, reads the weights from the parameter server under SSP, and "
            + "sends one batched update per mini-batch, then clocks.",
        "Learning rate in epoch t (0-based): eta0 / (1 + decay * t). L2 is applied once per "
            + "mini-batch to the weights that mini-batch touched.",
        "Prints one line per epoch; with --metrics also writes them as CSV ("
            + METRICS_HEADER + ")."
      })
  static final class LogReg implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training data, LibSVM.")
    Path train;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "Test data, LibSVM, evaluated after every epoch.")
    Path test;

    @Option(names = "--zero-based", description = "Feature indices in the data files start at 0 (default: 1, as in LibSVM).")
    boolean zeroBased;

    @Mixin DeploymentOptions deploy;

    @Option(names = "--staleness", paramLabel = "S",
        description = "SSP staleness: a non-negative integer (0 = BSP) or 'inf' (ASP) (default: ${DEFAULT-VALUE}).")
    String staleness = "0";

    @Option(names = "--epochs", paramLabel = "E", description = "Passes over the training data, 1-100000 (default: ${DEFAULT-VALUE}).")
    int epochs = 10;

    @Option(names = "--update", paramLabel = "MODE",
        description = "How examples update the weights: 'example' (per-example SGD on each worker's "
            + "replica of the weights, exchanged at every clock) or 'batch' (mini-batch SGD through "
            + "the parameter server) (default: ${DEFAULT-VALUE}).")
    String update = "example";

    @Option(names = "--clocks-per-epoch", paramLabel = "C",
        description = "With --update example: clocks (exchanges of updates between the workers) per "
            + "epoch, 1-1000000, or 'auto' to choose from the data's size and dimension (default: ${DEFAULT-VALUE}).")
    String clocksPerEpoch = "auto";

    @Option(names = "--batch-size", paramLabel = "B",
        description = "With --update batch: examples per mini-batch and worker; the weights are updated "
            + "after each (default: ${DEFAULT-VALUE}).")
    int batchSize = LogRegConfig.DEFAULT_BATCH_SIZE;

    @Option(names = "--batches-per-clock", paramLabel = "K",
        description = "With --update batch: mini-batches per clock, >= 1: a worker sends its updates and "
            + "syncs with the others every K mini-batches, reading its own updates in between; raise it "
            + "when network round trips bound a cluster's training (default: ${DEFAULT-VALUE}).")
    int batchesPerClock = 1;

    @Option(names = "--learning-rate", paramLabel = "ETA0",
        description = "Initial learning rate, > 0 (default: " + LogRegConfig.DEFAULT_EXAMPLE_LEARNING_RATE
            + " with --update example, " + LogRegConfig.DEFAULT_LEARNING_RATE + " with --update batch).")
    Double learningRate;

    @Option(names = "--decay", paramLabel = "D", description = "Learning-rate decay per epoch, >= 0 (default: ${DEFAULT-VALUE}).")
    double decay = LogRegConfig.DEFAULT_DECAY;

    @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 regularisation strength, >= 0 (default: ${DEFAULT-VALUE}).")
    double l2 = LogRegConfig.DEFAULT_L2;

    @Option(names = "--block-width", paramLabel = "COLS",
        description = "Columns per weight-table row, a power of two (default: ${DEFAULT-VALUE}).")
    int blockWidth = LogRegConfig.DEFAULT_BLOCK_WIDTH;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the per-epoch shuffles (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--straggler-ms", paramLabel = "MS",
        description = "Inject a straggler: at every clock one worker drawn at random (seeded by --seed) "
            + "sleeps MS milliseconds, 0-60000; 0 = none (default: ${DEFAULT-VALUE}).")
    int stragglerMs = 0;

    @Option(names = "--straggler-prob", paramLabel = "P",
        description = "Chance in [0, 1] that a clock has a straggler (default: ${DEFAULT-VALUE}).")
    double stragglerProb = 1.0;

    @Option(names = "--metrics", paramLabel = "FILE", description = "Write per-epoch metrics as CSV.")
    Path metrics;

    @Option(names = "--model", paramLabel = "FILE", description = "Save the trained model (text format, see README).")
    Path model;

    @Override
    public Integer call() throws Exception {
      Deployment deployment = deploy.deployment();
      LogRegConfig config = config();
      Inputs.existingFile("--train", train);
      Inputs.existingFile("--test", test);
      if (model != null) {
        Inputs.outputFile("--model", model, train, test);
      }
      if (metrics != null) {
        Inputs.outputFile("--metrics", metrics, train, test, model);
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      SparseDataset trainData = Inputs.readLibSvm("--train", train, zeroBased);
      SparseDataset testData = Inputs.readLibSvm("--test", test, zeroBased);
      if (trainData.rows() == 0) {
        throw new UserException("--train: no examples in " + train);
      }
      if (testData.rows() == 0) {
        throw new UserException("--test: no examples in " + test);
      }
      int dimension = Math.max(1, Math.max(trainData.dimension(), testData.dimension()));
      JobParams params = LogRegJob.params(train, test, zeroBased, config).with("dimension", dimension);
      run(out, err, config, new DataShape(trainData.rows(), testData.rows(), dimension),
          listener -> LogRegJob.train(deployment, params, listener), model, metrics);
      // Keeps the parsed files alive through the job, whose embedded program reads them through
      // LibSvmReader.readShared instead of parsing them again.
      java.lang.ref.Reference.reachabilityFence(trainData);
      java.lang.ref.Reference.reachabilityFence(testData);
      return Main.EXIT_OK;
    }

    private LogRegConfig config() throws UserException {
      Consistency consistency = Inputs.staleness("--staleness", staleness);
      Inputs.inRange("--epochs", epochs, 1, 100_000);
      Inputs.inRange("--batch-size", batchSize, 1, Integer.MAX_VALUE);
      Inputs.inRange("--batches-per-clock", batchesPerClock, 1, Integer.MAX_VALUE);
      LogRegConfig.Update mode;
      try {
        mode = LogRegJob.update(update);
      } catch (IllegalArgumentException e) {
        throw new UserException("--update must be 'example' or 'batch', was '" + update + "'");
      }
      int clocks = 0;
      if (!clocksPerEpoch.equals("auto")) {
        try {
          clocks = Integer.parseInt(clocksPerEpoch);
        } catch (NumberFormatException e) {
          throw new UserException("--clocks-per-epoch must be an integer in [1, "
              + LogRegConfig.MAX_CLOCKS_PER_EPOCH + "] or 'auto', was '" + clocksPerEpoch + "'");
        }
        Inputs.inRange("--clocks-per-epoch", clocks, 1, LogRegConfig.MAX_CLOCKS_PER_EPOCH);
      }
      var parsed = spec.commandLine().getParseResult();
      if (mode == LogRegConfig.Update.EXAMPLE) {
        for (String option : new String[] {"--batch-size", "--batches-per-clock"}) {
          if (parsed.hasMatchedOption(option)) {
            throw new UserException(option + " applies to --update batch only; with --update example "
                + "the workers exchange updates --clocks-per-epoch times per epoch");
          }
        }
      } else if (parsed.hasMatchedOption("--clocks-per-epoch")) {
        throw new UserException("--clocks-per-epoch applies to --update example only; with --update batch "
            + "the clocks follow --batch-size and --batches-per-clock");
      }
      if (learningRate != null) {
        Inputs.positive("--learning-rate", learningRate);
      }
      Inputs.nonNegative("--decay", decay);
      Inputs.nonNegative("--l2", l2);
      if (blockWidth < 1 || blockWidth > LogRegConfig.MAX_BLOCK_WIDTH || Integer.bitCount(blockWidth) != 1) {
        throw new UserException("--block-width must be a power of two between 1 and "
            + LogRegConfig.MAX_BLOCK_WIDTH + ", was " + blockWidth);
      }
      Inputs.inRange("--straggler-ms", stragglerMs, 0, LogRegConfig.MAX_STRAGGLER_MILLIS);
      if (!(stragglerProb >= 0 && stragglerProb <= 1)) {
        throw new UserException("--straggler-prob must be between 0 and 1, was " + stragglerProb);
      }
      LogRegConfig.Builder b = LogRegConfig.builder()
          .workers(deploy.workers).shards(deploy.shards).consistency(consistency)
          .update(mode).clocksPerEpoch(clocks)
          .epochs(epochs).batchSize(batchSize).batchesPerClock(batchesPerClock)
          .decay(decay).l2(l2)
          .blockWidth(blockWidth).seed(seed)
          .stragglerMillis(stragglerMs).stragglerProbability(stragglerProb);
      if (learningRate != null) {
        b.learningRate(learningRate);
      }
      return b.build();
    }

    /** Trains, prints per-epoch lines, saves model and metrics; shared with {@code demo}. */
    static LogRegModel run(PrintWriter out, PrintWriter err, LogRegConfig config, DataShape data,
        Training training, Path model, Path metrics) throws Exception {
      out.printf(Locale.ROOT, "training logistic regression: %,d examples, %,d test examples, "
              + "dimension %,d, %d workers, %d shards, %s, %s%n",
          data.rows(), data.testRows(), data.dimension(),
          config.workers(), config.shards(), config.consistency(),
          config.update() == LogRegConfig.Update.EXAMPLE
              ? "per-example updates, " + (config.clocksPerEpoch() == 0 ? "automatic" : config.clocksPerEpoch())
                  + " clocks per epoch"
              : "mini-batches of " + config.batchSize() + ", " + config.batchesPerClock() + " per clock");
      out.printf(Locale.ROOT, "%5s %9s %11s %10s %10s%n", "epoch", "seconds", "train_loss", "test_loss", "test_error");
      out.flush();
      List<EpochRow> epochs = new ArrayList<>();
      int[] recoveries = {0};
      ConsoleListener console = new ConsoleListener(out, err, System.console() != null, config.epochs(), m -> {
        // After a recovery, epochs from the checkpoint on come again: the later report wins.
        epochs.removeIf(e -> e.metrics().epoch() >= m.epoch());
        epochs.add(new EpochRow(m, recoveries[0]));
        return String.format(Locale.ROOT, "%5d %9.2f %11.6f %10.6f %10.4f",
            m.epoch(), m.seconds(), m.trainLoss(), m.testLoss(), m.testError());
      });
      TrainingListener listener = new TrainingListener() {
        @Override
        public void onEpoch(EpochMetrics m) {
          console.onEpoch(m);
        }

        @Override
        public void onProgress(int epoch, long done, long total) {
          console.onProgress(epoch, done, total);
        }

        @Override
        public void onNote(String message) {
          if (message.startsWith(EventSink.RECOVERY)) {
            recoveries[0]++;
          }
          console.onNote(message);
        }
      };
      LogRegModel trained = training.train(listener);
      EpochMetrics last = epochs.get(epochs.size() - 1).metrics();
      out.printf(Locale.ROOT, "%,.0f examples/second over %.2f s of training%n",
          last.samples() / Math.max(last.seconds(), 1e-9), last.seconds());
      if (model != null) {
        trained.save(model);
        out.println("model written to " + model);
      }
      if (metrics != null) {
        writeMetrics(metrics, epochs);
        out.println("metrics written to " + metrics);
      }
      out.flush();
      return trained;
    }

    /** An epoch's metrics and how many recoveries preceded them. */
    record EpochRow(EpochMetrics metrics, int recoveries) {}

    /** Sizes printed in the header line. */
    record DataShape(long rows, long testRows, int dimension) {}

    /** Runs the training, reporting to the listener. */
    @FunctionalInterface
    interface Training {
      LogRegModel train(TrainingListener listener) throws Exception;
    }

    static void writeMetrics(Path file, List<EpochRow> epochs) throws IOException {
      AtomicFile.write(file, os -> {
        Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
        w.write(METRICS_HEADER + "\n");
        for (EpochRow e : epochs) {
          EpochMetrics m = e.metrics();
          w.write(String.format(Locale.ROOT, "%d,%.4f,%.6f,%.6f,%.6f,%d\n",
              m.epoch(), m.seconds(), m.trainLoss(), m.testLoss(), m.testError(), e.recoveries()));
        }
        w.flush();
      });
    }
  }
}

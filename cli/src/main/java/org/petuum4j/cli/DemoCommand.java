package org.petuum4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.logreg.LogRegConfig;
import org.petuum4j.ml.logreg.LogRegTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code petuum4j demo}: generate a data set and train on it, to see the whole system at work. */
@Command(
    name = "demo",
    aliases = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a synthetic logistic regression data set (the same as 'datagen logreg' with its "
          + "defaults and seed 42) into --dir, then train on it with 2 worker threads and 2 server "
          + "shards on the embedded parameter server under SSP, writing model.txt and metrics.csv "
          + "next to the data. Compare the final test error with the planted model's."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to write data, model and metrics (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("runs", "demo");

  @Option(names = "--rows", paramLabel = "N", description = "Training rows (default: ${DEFAULT-VALUE}).")
  int rows = 100_000;

  @Option(names = "--staleness", paramLabel = "S",
      description = "SSP staleness, a non-negative integer or 'inf' (default: ${DEFAULT-VALUE}).")
  String staleness = "2";

  @Option(names = "--epochs", paramLabel = "E", description = "Epochs, 1-1000 (default: ${DEFAULT-VALUE}).")
  int epochs = 10;

  @Override
  public Integer call() throws Exception {
    Inputs.inRange("--rows", rows, 1, 100_000_000);
    Inputs.inRange("--epochs", epochs, 1, 1_000);
    LogRegConfig config = LogRegConfig.builder()
        .workers(2).shards(2).consistency(Inputs.staleness("--staleness", staleness)).epochs(epochs)
        .build();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserException("--dir: not a directory: " + dir);
    }
    PrintWriter out = spec.commandLine().getOut();
    Path train = dir.resolve("train.libsvm");
    Path test = dir.resolve("test.libsvm");
    out.println("== generating data (petuum4j datagen logreg)");
    DatagenCommand.LogReg.generate(out, rows, Math.max(1, rows / 10), 10_000, 50, 42, train, test);
    SparseDataset trainData = LibSvmReader.oneBased().read(train);
    SparseDataset testData = LibSvmReader.oneBased().read(test);
    out.println("== training (petuum4j train logreg --workers 2 --shards 2 --staleness " + staleness + ")");
    TrainCommand.LogReg.run(out, spec.commandLine().getErr(), config,
        new TrainCommand.LogReg.DataShape(trainData.rows(), testData.rows(),
            Math.max(trainData.dimension(), testData.dimension())),
        listener -> new LogRegTrainer(config).train(trainData, testData, listener),
        dir.resolve("model.txt"), dir.resolve("metrics.csv"));
    return Main.EXIT_OK;
  }
}

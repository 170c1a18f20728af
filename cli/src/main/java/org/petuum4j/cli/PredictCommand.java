package org.petuum4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.logreg.Evaluation;
import org.petuum4j.ml.logreg.LogRegModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code petuum4j predict}: apply a saved model. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Apply a saved model to data.",
    subcommands = {PredictCommand.LogReg.class, PredictKMeansCommand.class, PredictSoftmaxCommand.class})
final class PredictCommand {

  /** {@code petuum4j predict logreg}. */
  @Command(
      name = "logreg",
      mixinStandardHelpOptions = true,
      description = {
        "Predict with a model saved by 'train logreg --model'. Writes one line per example, "
            + "'<predicted label 0|1> <probability of 1>', to --out or else to stdout, and a summary "
            + "(log-loss and error against the file's labels) to stdout, or to stderr when the "
            + "predictions go to stdout."
      })
  static final class LogReg implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Data to predict, LibSVM.")
    Path data;

    @Option(names = "--zero-based", description = "Feature indices in the data file start at 0 (default: 1).")
    boolean zeroBased;

    @Option(names = "--out", paramLabel = "FILE", description = "Write predictions here instead of stdout.")
    Path out;

    @Override
    public Integer call() throws IOException, UserException {
      PredictOutput.checkFiles(model, data, out);
      LogRegModel m = LogRegModel.load(model);
      SparseDataset d = Inputs.readLibSvm("--data", data, zeroBased);
      PrintWriter summaryTo = PredictOutput.write(spec, out, w -> writePredictions(w, m, d));
      if (d.rows() > 0) {
        Evaluation e = m.evaluate(d);
        summaryTo.printf(Locale.ROOT, "%,d examples: log_loss %.6f, error %.4f%n", e.rows(), e.logLoss(), e.error());
      } else {
        summaryTo.println("no examples in " + data);
      }
      return PredictOutput.finish(summaryTo, out, "predictions");
    }

    private static void writePredictions(Writer w, LogRegModel m, SparseDataset d) throws IOException {
      StringBuilder sb = new StringBuilder(32);
      for (int i = 0; i < d.rows(); i++) {
        double p = m.probability(d, i);
        sb.setLength(0);
        sb.append(m.predict(d, i)).append(' ').append(String.format(Locale.ROOT, "%.6f", p)).append('\n');
        w.append(sb);
      }
    }
  }
}

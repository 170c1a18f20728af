package org.petuum4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.data.LibSvmRegressionReader;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ml.softmax.SoftmaxModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j predict softmax}. */
@Command(
    name = "softmax",
    mixinStandardHelpOptions = true,
    description = "Classify rows with a model saved by 'train softmax --model'. Writes one class id (0-based) per row "
        + "to --out or else to stdout, and the accuracy and mean log-loss against the file's labels (which must be "
        + "class ids of the model) to stdout, or to stderr when the ids go to stdout.")
final class PredictSoftmaxCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rows to classify, LibSVM.")
  Path data;

  @Option(names = "--zero-based", description = "Feature indices start at 0 (default: 1).")
  boolean zeroBased;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the class ids here instead of stdout.")
  Path out;

  @Override
  public Integer call() throws IOException, UserException {
    PredictOutput.checkFiles(model, data, out);
    SoftmaxModel m = SoftmaxModel.load(model);
    RegressionDataset sparse = (zeroBased ? LibSvmRegressionReader.zeroBased() : LibSvmRegressionReader.oneBased())
        .classes(m.classes()).read(data);
    if (sparse.numFeatures() > m.dimension()) {
      throw new UserException("--data: " + data + " has " + sparse.numFeatures() + " features, the model "
          + m.dimension());
    }
    DenseDataset rows = DenseDataset.fromSparse(sparse, m.dimension());
    PrintWriter summaryTo = PredictOutput.write(spec, out, w -> writeClasses(w, m, rows));
    if (rows.rows() > 0) {
      SoftmaxModel.Evaluation e = m.evaluate(rows);
      summaryTo.printf(Locale.ROOT, "%,d rows: accuracy %.4f, log-loss %.6f%n", rows.rows(), e.accuracy(), e.logLoss());
    } else {
      summaryTo.println("0 rows");
    }
    return PredictOutput.finish(summaryTo, out, "class ids");
  }

  private static void writeClasses(Writer w, SoftmaxModel m, DenseDataset rows) throws IOException {
    for (int i = 0; i < rows.rows(); i++) {
      w.append(Integer.toString(m.predict(rows, i))).append('\n');
    }
  }
}

package org.petuum4j.ml.gen;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.petuum4j.ml.data.AtomicFile;
import org.petuum4j.ml.softmax.SoftmaxModel;

/**
 * Generates multiclass data from a planted softmax regression model, as dense LibSVM files
 * (1-based; the label is the class, {@code 0..K-1}).
 *
 * <p>The model: a {@code K x D} weight matrix with entries N(0, ({@value #SIGNAL}^2 / D)), biases
 * 0, so that a row's scores have a standard deviation of about {@value #SIGNAL}. A row has {@code
 * D} features drawn from N(0, 1), written with 6 decimals, and its label is drawn from the planted
 * model's class probabilities for the written values: labels are noisy, and {@link
 * Summary#plantedTestAccuracy()} and {@link Summary#plantedTestLogLoss()} (the planted model on the
 * test file) are what a trained model can be compared with. Training and test files share the model
 * and use different random streams. Output is a function of the configuration alone, byte for
 * byte; files are written atomically.
 */
public final class SoftmaxDataGenerator {
  static final double SIGNAL = 3.0;

  private final int rows;
  private final int testRows;
  private final int classes;
  private final int features;
  private final long seed;

  /** @throws IllegalArgumentException unless rows, testRows and features are >= 1 and classes >= 2 */
  public SoftmaxDataGenerator(int rows, int testRows, int classes, int features, long seed) {
    if (rows < 1 || testRows < 1 || classes < 2 || features < 1) {
      throw new IllegalArgumentException("need rows, test rows and features >= 1 and classes >= 2; had " + rows
          + ", " + testRows + ", " + features + ", " + classes);
    }
    this.rows = rows;
    this.testRows = testRows;
    this.classes = classes;
    this.features = features;
    this.seed = seed;
  }

  /** What {@link #write} produced. */
  public record Summary(long trainBytes, long testBytes, double plantedTestAccuracy, double plantedTestLogLoss) {}

  /** The planted model (biases 0). */
  public SoftmaxModel planted() {
    SplittableRandom rng = new SplittableRandom(LogRegDataGenerator.streamSeed(seed, 0, 0));
    double[][] w = new double[classes][features];
    double scale = SIGNAL / Math.sqrt(features);
    for (double[] row : w) {
      for (int j = 0; j < features; j++) {
        row[j] = scale * KMeansDataGenerator.gaussian(rng);
      }
    }
    return SoftmaxModel.of(w, new double[classes]);
  }

  /** Writes the training and the test file. */
  public Summary write(Path train, Path test) throws IOException {
    double[][] w = new double[classes][];
    SoftmaxModel model = planted();
    for (int k = 0; k < classes; k++) {
      w[k] = model.row(k);
    }
    long trainBytes = write(train, rows, w, 1, new double[2]);
    double[] planted = new double[2];
    long testBytes = write(test, testRows, w, 2, planted);
    return new Summary(trainBytes, testBytes, planted[1] / testRows, planted[0] / testRows);
  }

  /** Writes {@code n} rows; adds the planted model's log-loss sum and right predictions to {@code sums}. */
  private long write(Path file, int n, double[][] w, long stream, double[] sums) throws IOException {
    SplittableRandom rng = new SplittableRandom(LogRegDataGenerator.streamSeed(seed, stream, 0));
    long[] bytes = new long[1];
    double[] x = new double[features];
    String[] text = new String[features];
    double[] z = new double[classes];
    AtomicFile.write(file, out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < features; j++) {
          text[j] = String.format(Locale.ROOT, "%.6f", KMeansDataGenerator.gaussian(rng));
          x[j] = Double.parseDouble(text[j]);
        }
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int k = 0; k < classes; k++) {
          double s = 0;
          for (int j = 0; j < features; j++) {
            s += w[k][j] * x[j];
          }
          z[k] = s;
          if (s > max) {
            max = s;
            best = k;
          }
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
          sum += StrictMath.exp(z[k] - max);
        }
        double u = rng.nextDouble() * sum;
        int y = classes - 1;
        for (int k = 0; k < classes - 1; k++) {
          u -= StrictMath.exp(z[k] - max);
          if (u < 0) {
            y = k;
            break;
          }
        }
        sums[0] += max + StrictMath.log(sum) - z[y];
        sums[1] += best == y ? 1 : 0;
        line.setLength(0);
        line.append(y);
        for (int j = 0; j < features; j++) {
          line.append(' ').append(j + 1).append(':').append(text[j]);
        }
        line.append('\n');
        bytes[0] += line.length();
        writer.append(line);
      }
      writer.flush();
    });
    return bytes[0];
  }
}

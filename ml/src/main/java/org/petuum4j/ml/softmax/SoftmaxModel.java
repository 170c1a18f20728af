package org.petuum4j.ml.softmax;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.data.ModelText;

/**
 * A multinomial logistic regression (softmax) model over {@link #classes()} classes and {@link
 * #dimension()} features: class {@code k} scores {@code z_k = w_k . x + b_k}, and {@code p(k | x) =
 * exp(z_k) / sum_j exp(z_j)}; the prediction is the highest score (ties to the lower class).
 * Immutable and thread-safe.
 *
 * <h2>File format</h2>
 *
 * A UTF-8 text file: {@code petuum4j-softmax v1}, {@code classes K}, {@code dimension D}, then
 * {@code K} lines of {@code D + 1} space-separated numbers: the weights of class {@code k}, then its
 * bias, all written by {@link Double#toString(double)} (so a file round-trips exactly). {@link
 * #save} writes atomically; {@link #load} rejects any deviation with a {@link
 * MalformedDataException} naming file and line.
 */
public final class SoftmaxModel {
  static final String FORMAT_TAG = "petuum4j-softmax v1";

  /** Row k: the D weights of class k, then its bias. */
  private final double[][] w;

  /**
   * A model from {@code rows} (copied): one per class, at least 2, each the class's {@code D >= 1}
   * weights followed by its bias, all finite.
   */
  public SoftmaxModel(double[][] rows) {
    if (rows.length < 2 || rows[0].length < 2) {
      throw new IllegalArgumentException("a model needs >= 2 classes and >= 1 feature (rows of >= 2 numbers)");
    }
    this.w = new double[rows.length][];
    for (int k = 0; k < rows.length; k++) {
      if (rows[k].length != rows[0].length) {
        throw new IllegalArgumentException("row " + k + " has " + rows[k].length + " numbers, row 0 has "
            + rows[0].length);
      }
      for (double v : rows[k]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("row " + k + " is not finite");
        }
      }
      this.w[k] = rows[k].clone();
    }
  }

  /** A model from a {@code K x D} weight matrix and {@code K} biases (both copied). */
  public static SoftmaxModel of(double[][] weights, double[] biases) {
    if (weights.length != biases.length) {
      throw new IllegalArgumentException(weights.length + " weight rows but " + biases.length + " biases");
    }
    double[][] rows = new double[weights.length][];
    for (int k = 0; k < weights.length; k++) {
      rows[k] = java.util.Arrays.copyOf(weights[k], weights[k].length + 1);
      rows[k][weights[k].length] = biases[k];
    }
    return new SoftmaxModel(rows);
  }

  /** Held-out quality of a model on labelled data. */
  public record Evaluation(double logLoss, double accuracy) {}

  public int classes() {
    return w.length;
  }

  public int dimension() {
    return w[0].length - 1;
  }

  /** A copy of class {@code k}'s weights and bias ({@code D + 1} numbers). */
  public double[] row(int k) {
    return w[k].clone();
  }

  /** The most probable class of row {@code i} of {@code data}. */
  public int predict(DenseDataset data, int i) {
    checkDimension(data);
    double[] z = new double[classes()];
    scores(w, data, i, z);
    return argmax(z);
  }

  /** {@code p(k | x_i)} for every class {@code k}. */
  public double[] probabilities(DenseDataset data, int i) {
    checkDimension(data);
    double[] z = new double[classes()];
    double lse = scores(w, data, i, z);
    for (int k = 0; k < z.length; k++) {
      z[k] = Math.exp(z[k] - lse);
    }
    return z;
  }

  /**
   * Mean log-loss and accuracy on {@code data}, whose labels must be class ids of this model.
   *
   * @throws IllegalArgumentException if {@code data} is empty, of another dimension, or has a label
   *     that is not a class id
   */
  public Evaluation evaluate(DenseDataset data) {
    checkDimension(data);
    if (data.rows() == 0) {
      throw new IllegalArgumentException("no rows to evaluate");
    }
    for (int i = 0; i < data.rows(); i++) {
      double y = data.label(i);
      if (!(y == Math.rint(y) && y >= 0 && y < classes())) {
        throw new IllegalArgumentException("row " + i + ": label " + y + " is not a class id in [0, " + classes() + ")");
      }
    }
    double[] sums = new double[2];
    accumulate(w, data, 0, data.rows(), new double[classes()], sums);
    return new Evaluation(sums[0] / data.rows(), sums[1] / data.rows());
  }

  private void checkDimension(DenseDataset data) {
    if (data.dimension() != dimension()) {
      throw new IllegalArgumentException("data has dimension " + data.dimension() + ", the model " + dimension());
    }
  }

  /**
   * Writes the scores of row {@code i} under {@code w} (rows of D weights and a bias) into {@code z}
   * and returns their log-sum-exp, computed without overflow.
   */
  static double scores(double[][] w, DenseDataset data, int i, double[] z) {
    int d = data.dimension();
    int o = data.offset(i);
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < w.length; k++) {
      double[] row = w[k];
      double s = row[d];
      for (int j = 0; j < d; j++) {
        s += row[j] * data.flat(o + j);
      }
      z[k] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (double s : z) {
      sum += Math.exp(s - max);
    }
    return max + Math.log(sum);
  }

  /** Adds the log-loss sum and the number of right predictions of rows {@code [from, to)} to {@code sums}. */
  static void accumulate(double[][] w, DenseDataset data, int from, int to, double[] z, double[] sums) {
    for (int i = from; i < to; i++) {
      double lse = scores(w, data, i, z);
      int y = (int) data.label(i);
      sums[0] += lse - z[y];
      sums[1] += argmax(z) == y ? 1 : 0;
    }
  }

  static int argmax(double[] z) {
    int best = 0;
    for (int k = 1; k < z.length; k++) {
      if (z[k] > z[best]) {
        best = k;
      }
    }
    return best;
  }

  /** Writes the model in the format above, atomically. */
  public void save(Path file) throws IOException {
    ModelText.save(file, FORMAT_TAG + "\nclasses " + classes() + "\ndimension " + dimension() + "\n", w);
  }

  /**
   * Reads a model written by {@link #save}.
   *
   * @throws MalformedDataException if the file is not in the documented format
   */
  public static SoftmaxModel load(Path file) throws IOException {
    String name = file.toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      ModelText.tag(r, name, FORMAT_TAG, "softmax");
      int k = ModelText.header(r, name, 2, "classes");
      if (k < 2) {
        throw new MalformedDataException(name, 2, "a model needs at least 2 classes", "classes " + k);
      }
      int d = ModelText.header(r, name, 3, "dimension");
      double[][] rows = new double[k][];
      for (int c = 0; c < k; c++) {
        rows[c] = ModelText.numbers(r.readLine(), name, 4 + c, d + 1);
      }
      String extra = r.readLine();
      if (extra != null) {
        throw new MalformedDataException(name, 4 + k, "unexpected line after the " + k + " classes", extra);
      }
      return new SoftmaxModel(rows);
    }
  }

  @Override
  public String toString() {
    return "SoftmaxModel[classes=" + classes() + ", dimension=" + dimension() + "]";
  }
}

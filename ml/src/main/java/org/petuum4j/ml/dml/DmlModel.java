package org.petuum4j.ml.dml;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.data.ModelText;

/**
 * A learned distance {@code ||L(x - y)||^2} with {@code L} a {@link #rank()} x {@link #dimension()}
 * matrix, and a threshold: a pair is predicted similar iff its distance is at most {@link
 * #threshold()}. Immutable and thread-safe.
 *
 * <h2>File format</h2>
 *
 * A UTF-8 text file: {@code petuum4j-dml v1}, {@code rank K}, {@code dimension D}, {@code threshold
 * T}, then {@code K} lines of {@code D} space-separated numbers (the rows of {@code L}), all written
 * by {@link Double#toString(double)}. {@link #save} writes atomically; {@link #load} rejects any
 * deviation with a {@link MalformedDataException} naming file and line.
 */
public final class DmlModel {
  static final String FORMAT_TAG = "petuum4j-dml v1";

  private final double[][] l;
  private final double threshold;

  /** A model with map {@code l} (copied; rows of equal length >= 1, finite) and a finite threshold. */
  public DmlModel(double[][] l, double threshold) {
    if (l.length < 1 || l[0].length < 1) {
      throw new IllegalArgumentException("L needs rank >= 1 and dimension >= 1");
    }
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite, was " + threshold);
    }
    this.l = new double[l.length][];
    for (int r = 0; r < l.length; r++) {
      if (l[r].length != l[0].length || !Arrays.stream(l[r]).allMatch(Double::isFinite)) {
        throw new IllegalArgumentException("row " + r + " of L has another length or a non-finite value");
      }
      this.l[r] = l[r].clone();
    }
    this.threshold = threshold;
  }

  /** Plain squared Euclidean distance (L = I), threshold 0: the baseline a learned metric should beat. */
  public static DmlModel euclidean(int dimension) {
    double[][] identity = new double[dimension][dimension];
    for (int j = 0; j < dimension; j++) {
      identity[j][j] = 1;
    }
    return new DmlModel(identity, 0);
  }

  public int rank() {
    return l.length;
  }

  public int dimension() {
    return l[0].length;
  }

  public double threshold() {
    return threshold;
  }

  /** A copy of row {@code r} of L. */
  public double[] row(int r) {
    return l[r].clone();
  }

  /** {@code ||L(x_i - x_j)||^2} for rows {@code i} and {@code j} of {@code data}. */
  public double distance(DenseDataset data, int i, int j) {
    checkDimension(data);
    return distance(l, data, i, j, new double[dimension()], null);
  }

  /** True iff the pair's distance is at most the threshold. */
  public boolean similar(DenseDataset data, int i, int j) {
    return distance(data, i, j) <= threshold;
  }

  /** Fraction of {@code pairs} of {@code data} whose similarity is predicted right. */
  public double accuracy(DenseDataset data, Pairs pairs) {
    if (pairs.size() == 0) {
      throw new IllegalArgumentException("no pairs to evaluate");
    }
    int right = 0;
    for (int p = 0; p < pairs.size(); p++) {
      right += similar(data, pairs.first(p), pairs.second(p)) == pairs.similar(p) ? 1 : 0;
    }
    return (double) right / pairs.size();
  }

  /**
   * The same map with the threshold that classifies {@code pairs} best: the midpoint between the
   * two consecutive sorted distances where the count of right answers peaks (the first such place).
   */
  public DmlModel calibrate(DenseDataset data, Pairs pairs) {
    int n = pairs.size();
    if (n == 0) {
      throw new IllegalArgumentException("no pairs to calibrate on");
    }
    double[] dist = new double[n];
    Integer[] order = new Integer[n];
    for (int p = 0; p < n; p++) {
      dist[p] = distance(data, pairs.first(p), pairs.second(p));
      order[p] = p;
    }
    Arrays.sort(order, (x, y) -> Double.compare(dist[x], dist[y]));
    int right = n - pairs.similarCount();
    int best = right;
    double bestThreshold = dist[order[0]] - 1;
    for (int t = 0; t < n; t++) {
      right += pairs.similar(order[t]) ? 1 : -1;
      boolean boundary = t == n - 1 || dist[order[t + 1]] > dist[order[t]];
      if (boundary && right > best) {
        best = right;
        bestThreshold = t == n - 1 ? dist[order[t]] + 1 : (dist[order[t]] + dist[order[t + 1]]) / 2;
      }
    }
    return new DmlModel(l, bestThreshold);
  }

  /**
   * {@code ||L(x_i - x_j)||^2}; leaves {@code x_i - x_j} in {@code u} and, if {@code v} is not null,
   * {@code L(x_i - x_j)} in {@code v}.
   */
  static double distance(double[][] l, DenseDataset data, int i, int j, double[] u, double[] v) {
    int d = u.length;
    for (int c = 0, oi = data.offset(i), oj = data.offset(j); c < d; c++) {
      u[c] = data.flat(oi + c) - data.flat(oj + c);
    }
    double s = 0;
    for (int r = 0; r < l.length; r++) {
      double[] row = l[r];
      double z = 0;
      for (int c = 0; c < d; c++) {
        z += row[c] * u[c];
      }
      if (v != null) {
        v[r] = z;
      }
      s += z * z;
    }
    return s;
  }

  private void checkDimension(DenseDataset data) {
    if (data.dimension() != dimension()) {
      throw new IllegalArgumentException("data has dimension " + data.dimension() + ", the model " + dimension());
    }
  }

  /** Writes the model in the format above, atomically. */
  public void save(Path file) throws IOException {
    ModelText.save(file, FORMAT_TAG + "\nrank " + rank() + "\ndimension " + dimension() + "\nthreshold " + threshold + "\n", l);
  }

  /**
   * Reads a model written by {@link #save}.
   *
   * @throws MalformedDataException if the file is not in the documented format
   */
  public static DmlModel load(Path file) throws IOException {
    String name = file.toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      ModelText.tag(r, name, FORMAT_TAG, "metric");
      int k = ModelText.header(r, name, 2, "rank");
      int d = ModelText.header(r, name, 3, "dimension");
      String t = r.readLine();
      double threshold = Double.NaN;
      if (t != null && t.startsWith("threshold ")) {
        try {
          threshold = Double.parseDouble(t.substring("threshold ".length()));
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      if (!Double.isFinite(threshold)) {
        throw new MalformedDataException(name, 4, "expected 'threshold T' with T a finite number", t == null ? "" : t);
      }
      double[][] l = new double[k][];
      for (int row = 0; row < k; row++) {
        l[row] = ModelText.numbers(r.readLine(), name, 5 + row, d);
      }
      String extra = r.readLine();
      if (extra != null) {
        throw new MalformedDataException(name, 5 + k, "unexpected line after the " + k + " rows of L", extra);
      }
      return new DmlModel(l, threshold);
    }
  }

  @Override
  public String toString() {
    return "DmlModel[rank=" + rank() + ", dimension=" + dimension() + ", threshold=" + threshold + "]";
  }
}

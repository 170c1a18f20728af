package org.petuum4j.ml.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dense data set: {@link #rows()} examples of {@link #dimension()} real features, stored row-major
 * in one array, each with a real label (0 where the input had none, as in CSV). The input of apps
 * that work on dense vectors, such as k-means and distance metric learning.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class DenseDataset {
  private final int rows;
  private final int dimension;
  private final double[] values;
  private final double[] labels;

  private DenseDataset(int rows, int dimension, double[] values, double[] labels) {
    this.rows = rows;
    this.dimension = dimension;
    this.values = values;
    this.labels = labels;
  }

  /**
   * A data set of {@code labels.length} rows of {@code dimension} features, row-major in {@code
   * values} (copied).
   *
   * @throws IllegalArgumentException if the sizes disagree or a value or label is not finite
   */
  public static DenseDataset of(int dimension, double[] values, double[] labels) {
    if (dimension < 1 || (long) dimension * labels.length != values.length) {
      throw new IllegalArgumentException("need dimension >= 1 and dimension * rows = values.length; had dimension "
          + dimension + ", " + labels.length + " rows, " + values.length + " values");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("row " + i / dimension + ": feature " + i % dimension + " is not finite");
      }
    }
    for (int i = 0; i < labels.length; i++) {
      if (!Double.isFinite(labels[i])) {
        throw new IllegalArgumentException("row " + i + ": label is not finite");
      }
    }
    return new DenseDataset(labels.length, dimension, values.clone(), labels.clone());
  }

  /**
   * Densifies a sparse data set to {@code dimension} features (at least its own), its targets
   * becoming the labels.
   */
  public static DenseDataset fromSparse(RegressionDataset sparse, int dimension) {
    if (dimension < Math.max(1, sparse.numFeatures())) {
      throw new IllegalArgumentException("dimension " + dimension + " is below the data's "
          + sparse.numFeatures() + " features (or 1)");
    }
    int n = sparse.rows();
    double[] values = new double[Math.multiplyExact(n, dimension)];
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = sparse.target(i);
      for (int k = sparse.rowStart(i); k < sparse.rowEnd(i); k++) {
        values[i * dimension + sparse.col(k)] = sparse.value(k);
      }
    }
    return new DenseDataset(n, dimension, values, labels);
  }

  /**
   * Reads a LibSVM file (any numeric label, see {@link LibSvmRegressionReader}) as a dense data set
   * of {@code dimension} features, or of as many as the file has if {@code dimension <= 0}.
   *
   * @throws MalformedDataException naming file and line of the first malformed line
   * @throws IOException if the file has more features than a positive {@code dimension}
   */
  public static DenseDataset readLibSvm(Path file, boolean zeroBased, int dimension) throws IOException {
    RegressionDataset sparse = (zeroBased ? LibSvmRegressionReader.zeroBased() : LibSvmRegressionReader.oneBased())
        .read(file);
    if (dimension > 0 && sparse.numFeatures() > dimension) {
      throw new IOException(file + ": has " + sparse.numFeatures() + " features, more than the expected "
          + dimension);
    }
    return fromSparse(sparse, dimension > 0 ? dimension : Math.max(1, sparse.numFeatures()));
  }

  /** Trusted constructor for readers of this package. */
  static DenseDataset trusted(int dimension, double[] values, double[] labels) {
    return new DenseDataset(labels.length, dimension, values, labels);
  }

  public int rows() {
    return rows;
  }

  public int dimension() {
    return dimension;
  }

  /** Feature {@code j} of row {@code i}. */
  public double value(int i, int j) {
    return values[i * dimension + j];
  }

  /** The flat (row-major) index of row {@code i}'s first feature, {@code i * dimension()}; see {@link #flat}. */
  public int offset(int i) {
    return i * dimension;
  }

  /** Feature at flat index {@code k} (row-major); with {@link #offset} for tight loops. */
  public double flat(int k) {
    return values[k];
  }

  /** Copies row {@code i} into {@code dst[0..dimension)}. */
  public void copyRow(int i, double[] dst) {
    System.arraycopy(values, i * dimension, dst, 0, dimension);
  }

  /** Label of row {@code i}. */
  public double label(int i) {
    return labels[i];
  }

  /** Squared Euclidean distance between row {@code i} and {@code point[0..dimension)}. */
  public double squaredDistance(int i, double[] point) {
    double s = 0;
    for (int j = 0, k = i * dimension; j < dimension; j++, k++) {
      double t = values[k] - point[j];
      s += t * t;
    }
    return s;
  }

  @Override
  public String toString() {
    return "DenseDataset[rows=" + rows + ", dimension=" + dimension + "]";
  }
}

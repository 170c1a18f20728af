package org.petuum4j.ml.kmeans;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.data.ModelText;

/**
 * Trained k-means centres; a point belongs to its nearest centre in Euclidean distance (ties to the
 * lower index). Immutable and thread-safe.
 *
 * <h2>File format</h2>
 *
 * A UTF-8 text file: the line {@code petuum4j-kmeans v1}, then {@code k K}, then {@code dimension
 * D}, then {@code K} lines of {@code D} space-separated numbers written by {@link
 * Double#toString(double)} (so a file round-trips exactly), one centre per line. {@link #save}
 * writes atomically; {@link #load} rejects any deviation with a {@link MalformedDataException}
 * naming file and line.
 */
public final class KMeansModel {
  static final String FORMAT_TAG = "petuum4j-kmeans v1";

  private final double[][] centres;

  /** A model with the given centres (copied): at least one, all of the same dimension >= 1, finite. */
  public KMeansModel(double[][] centres) {
    if (centres.length < 1 || centres[0].length < 1) {
      throw new IllegalArgumentException("a model needs k >= 1 centres of dimension >= 1");
    }
    this.centres = new double[centres.length][];
    for (int c = 0; c < centres.length; c++) {
      if (centres[c].length != centres[0].length) {
        throw new IllegalArgumentException("centre " + c + " has dimension " + centres[c].length
            + ", centre 0 has " + centres[0].length);
      }
      for (double v : centres[c]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("centre " + c + " is not finite");
        }
      }
      this.centres[c] = centres[c].clone();
    }
  }

  public int k() {
    return centres.length;
  }

  public int dimension() {
    return centres[0].length;
  }

  /** A copy of centre {@code c}. */
  public double[] centre(int c) {
    return centres[c].clone();
  }

  /** The index of the centre nearest to row {@code i} of {@code data}, whose dimension must match. */
  public int assign(DenseDataset data, int i) {
    checkDimension(data);
    return nearest(centres, data, i);
  }

  /** Within-cluster sum of squares of {@code data} under these centres. */
  public double wcss(DenseDataset data) {
    checkDimension(data);
    double s = 0;
    for (int i = 0; i < data.rows(); i++) {
      s += data.squaredDistance(i, centres[nearest(centres, data, i)]);
    }
    return s;
  }

  private void checkDimension(DenseDataset data) {
    if (data.dimension() != dimension()) {
      throw new IllegalArgumentException("data has dimension " + data.dimension() + ", the model " + dimension());
    }
  }

  static int nearest(double[][] centres, DenseDataset data, int i) {
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centres.length; c++) {
      double d = data.squaredDistance(i, centres[c]);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  /** Writes the model in the format above, atomically. */
  public void save(Path file) throws IOException {
    ModelText.save(file, FORMAT_TAG + "\nk " + k() + "\ndimension " + dimension() + "\n", centres);
  }

  /**
   * Reads a model written by {@link #save}.
   *
   * @throws MalformedDataException if the file is not in the documented format
   */
  public static KMeansModel load(Path file) throws IOException {
    String name = file.toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      ModelText.tag(r, name, FORMAT_TAG, "k-means");
      int k = ModelText.header(r, name, 2, "k");
      int d = ModelText.header(r, name, 3, "dimension");
      double[][] centres = new double[k][d];
      for (int c = 0; c < k; c++) {
        centres[c] = ModelText.numbers(r.readLine(), name, 4 + c, d);
      }
      String extra = r.readLine();
      if (extra != null) {
        throw new MalformedDataException(name, 4 + k, "unexpected line after the " + k + " centres", extra);
      }
      return new KMeansModel(centres);
    }
  }

  @Override
  public String toString() {
    return "KMeansModel[k=" + k() + ", dimension=" + dimension() + "]";
  }
}

package org.petuum4j.ml.logreg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.petuum4j.ml.data.AtomicFile;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.data.SparseDataset;

/**
 * A trained logistic regression model: {@code P(y = 1 | x) = sigmoid(x . w)}, with no intercept
 * (add a constant feature to the data to get one). Features at or beyond {@link #dimension()}
 * have weight 0. Immutable and thread-safe.
 *
 * <h2>File format</h2>
 *
 * A UTF-8 text file, lines ending in {@code \n}:
 *
 * <pre>
 * petuum4j-logreg v1
 * dimension 10000
 * nonzeros 2
 * 17 0.53125
 * 9001 -1.25
 * </pre>
 *
 * The first line is the format tag, then the dimension {@code D >= 1}, then the number {@code N}
 * of non-zero weights, then {@code N} lines {@code index weight} with 0-based indices strictly
 * increasing in {@code [0, D)} and weights written by {@link Float#toString(float)}, so a file
 * round-trips bit for bit. Weights not listed are 0. {@link #save} writes atomically; {@link
 * #load} rejects any deviation with a {@link MalformedDataException} naming file and line.
 */
public final class LogRegModel {
  static final String FORMAT_TAG = "petuum4j-logreg v1";

  private final float[] weights;

  /** A model with the given weights (copied); {@code weights.length} is the dimension, >= 1. */
  public LogRegModel(float[] weights) {
    if (weights.length < 1) {
      throw new IllegalArgumentException("a model needs dimension >= 1, was " + weights.length);
    }
    for (int j = 0; j < weights.length; j++) {
      if (!Float.isFinite(weights[j])) {
        throw new IllegalArgumentException("weight " + j + " is not finite: " + weights[j]);
      }
    }
    this.weights = weights.clone();
  }

  /** Number of weights; features at or beyond it are ignored. */
  public int dimension() {
    return weights.length;
  }

  /** Weight of feature {@code j} (0 beyond the dimension). */
  public float weight(int j) {
    return j < weights.length ? weights[j] : 0f;
  }

  /** A copy of the weights. */
  public float[] weights() {
    return weights.clone();
  }

  /** {@code x . w} for row {@code row} of {@code data}. */
  public double margin(SparseDataset data, int row) {
    double z = 0;
    for (int k = data.rowStart(row), end = data.rowEnd(row); k < end; k++) {
      int c = data.col(k);
      if (c < weights.length) {
        z += data.value(k) * weights[c];
      }
    }
    return z;
  }

  /** {@code P(y = 1 | x)} for row {@code row} of {@code data}. */
  public double probability(SparseDataset data, int row) {
    return Logistic.sigmoid(margin(data, row));
  }

  /** The predicted label, 1 iff the probability exceeds 1/2. */
  public int predict(SparseDataset data, int row) {
    return margin(data, row) > 0 ? 1 : 0;
  }

  /** Mean log-loss and error rate on {@code data}, which must have at least one row. */
  public Evaluation evaluate(SparseDataset data) {
    if (data.rows() == 0) {
      throw new IllegalArgumentException("cannot evaluate on an empty data set");
    }
    double loss = 0;
    long errors = 0;
    for (int i = 0; i < data.rows(); i++) {
      double z = margin(data, i);
      loss += Logistic.logLoss(z, data.label(i));
      if ((z > 0 ? 1f : 0f) != data.label(i)) {
        errors++;
      }
    }
    return new Evaluation(data.rows(), loss / data.rows(), (double) errors / data.rows());
  }

  /** Writes the model in the format above, atomically: on failure no partial file is left. */
  public void save(Path file) throws IOException {
    AtomicFile.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      int nonZeros = 0;
      for (float v : weights) {
        if (v != 0f) {
          nonZeros++;
        }
      }
      w.write(FORMAT_TAG + "\ndimension " + weights.length + "\nnonzeros " + nonZeros + "\n");
      StringBuilder line = new StringBuilder(32);
      for (int j = 0; j < weights.length; j++) {
        if (weights[j] != 0f) {
          line.setLength(0);
          line.append(j).append(' ').append(weights[j]).append('\n');
          w.append(line);
        }
      }
      w.flush();
    });
  }

  /**
   * Reads a model written by {@link #save}.
   *
   * @throws MalformedDataException if the file is not in the documented format
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  public static LogRegModel load(Path file) throws IOException {
    String name = file.toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String tag = r.readLine();
      if (!FORMAT_TAG.equals(tag)) {
        throw new MalformedDataException(name, 1,
            "not a petuum4j logistic regression model (expected '" + FORMAT_TAG + "')",
            tag == null ? "" : tag);
      }
      int dimension = (int) headerValue(r, name, 2, "dimension", 1, Integer.MAX_VALUE - 8);
      long nonZeros = headerValue(r, name, 3, "nonzeros", 0, dimension);
      float[] w = new float[dimension];
      int prev = -1;
      for (long i = 0; i < nonZeros; i++) {
        long lineNo = 4 + i;
        String line = r.readLine();
        if (line == null) {
          throw new MalformedDataException(name, lineNo,
              "file ends after " + i + " of " + nonZeros + " weights", "");
        }
        int sp = line.indexOf(' ');
        int index;
        float value;
        try {
          index = Integer.parseInt(line.substring(0, Math.max(sp, 0)));
          value = Float.parseFloat(line.substring(sp + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
          throw new MalformedDataException(name, lineNo, "expected 'index weight'", line);
        }
        if (index <= prev || index >= dimension) {
          throw new MalformedDataException(name, lineNo, "index " + index
              + " must be greater than the previous (" + prev + ") and below the dimension ("
              + dimension + ")", line);
        }
        if (!Float.isFinite(value)) {
          throw new MalformedDataException(name, lineNo, "weight is not finite", line);
        }
        w[index] = value;
        prev = index;
      }
      String extra = r.readLine();
      if (extra != null) {
        throw new MalformedDataException(name, 4 + nonZeros,
            "unexpected line after the " + nonZeros + " weights", extra);
      }
      return new LogRegModel(w);
    }
  }

  private static long headerValue(BufferedReader r, String file, int lineNo, String key, long min, long max)
      throws IOException {
    String line = r.readLine();
    String prefix = key + " ";
    if (line == null || !line.startsWith(prefix)) {
      throw new MalformedDataException(file, lineNo, "expected '" + key + " <number>'", line == null ? "" : line);
    }
    long v;
    try {
      v = Long.parseLong(line.substring(prefix.length()));
    } catch (NumberFormatException e) {
      throw new MalformedDataException(file, lineNo, "expected '" + key + " <number>'", line);
    }
    if (v < min || v > max) {
      throw new MalformedDataException(file, lineNo, key + " must be in [" + min + ", " + max + "]", line);
    }
    return v;
  }

  @Override
  public String toString() {
    return "LogRegModel[dimension=" + weights.length + "]";
  }
}

package org.petuum4j.ml.lasso;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.petuum4j.ml.data.AtomicFile;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.data.RegressionDataset;

/**
 * Lasso coefficients: the prediction for a row {@code x} is {@code x . b}, no intercept. Features
 * at or beyond {@link #dimension()} have coefficient 0. Immutable and thread-safe.
 *
 * <h2>File format</h2>
 *
 * A UTF-8 text file, lines ending in {@code \n}:
 *
 * <pre>
 * petuum4j-lasso v1
 * dimension 1000
 * nonzeros 2
 * 17 0.5312500000000001
 * 901 -1.25
 * </pre>
 *
 * The format tag, the dimension {@code D >= 1}, the number {@code N} of non-zero coefficients,
 * then {@code N} lines {@code index coefficient}: 0-based indices strictly increasing in {@code
 * [0, D)}, coefficients written by {@link Double#toString(double)}, so a file round-trips bit for
 * bit. Coefficients not listed are 0. {@link #save} writes atomically; {@link #load} rejects any
 * deviation with a {@link MalformedDataException} naming file and line.
 */
public final class LassoModel {
  static final String FORMAT_TAG = "petuum4j-lasso v1";

  private final double[] coefficients;

  /** A model with these coefficients (copied); the length is the dimension, {@code >= 1}. */
  public LassoModel(double[] coefficients) {
    if (coefficients.length < 1) {
      throw new IllegalArgumentException("a model needs dimension >= 1, was " + coefficients.length);
    }
    for (int j = 0; j < coefficients.length; j++) {
      if (!Double.isFinite(coefficients[j])) {
        throw new IllegalArgumentException("coefficient " + j + " is not finite: " + coefficients[j]);
      }
    }
    this.coefficients = coefficients.clone();
  }

  public int dimension() {
    return coefficients.length;
  }

  /** Coefficient of feature {@code j} (0 beyond the dimension). */
  public double coefficient(int j) {
    return j < coefficients.length ? coefficients[j] : 0;
  }

  /** A copy of the coefficients. */
  public double[] coefficients() {
    return coefficients.clone();
  }

  /** Number of coefficients that are not 0. */
  public int nonZeros() {
    int k = 0;
    for (double v : coefficients) {
      if (v != 0) {
        k++;
      }
    }
    return k;
  }

  /** {@code x . b} for row {@code row} of {@code data}. */
  public double predict(RegressionDataset data, int row) {
    double s = 0;
    for (int k = data.rowStart(row), end = data.rowEnd(row); k < end; k++) {
      int c = data.col(k);
      if (c < coefficients.length) {
        s += data.value(k) * coefficients[c];
      }
    }
    return s;
  }

  /** The Lasso objective {@code 1/(2n) ||y - X b||^2 + lambda ||b||_1} on {@code data} (n >= 1). */
  public double objective(RegressionDataset data, double lambda) {
    if (data.rows() == 0) {
      throw new IllegalArgumentException("cannot evaluate on an empty data set");
    }
    double rss = 0;
    for (int i = 0; i < data.rows(); i++) {
      double e = data.target(i) - predict(data, i);
      rss += e * e;
    }
    double l1 = 0;
    for (double v : coefficients) {
      l1 += Math.abs(v);
    }
    return rss / (2.0 * data.rows()) + lambda * l1;
  }

  /** Writes the model in the format above, atomically: on failure no partial file is left. */
  public void save(Path file) throws IOException {
    AtomicFile.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write(FORMAT_TAG + "\ndimension " + coefficients.length + "\nnonzeros " + nonZeros() + "\n");
      StringBuilder line = new StringBuilder(40);
      for (int j = 0; j < coefficients.length; j++) {
        if (coefficients[j] != 0) {
          line.setLength(0);
          line.append(j).append(' ').append(coefficients[j]).append('\n');
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
   */
  public static LassoModel load(Path file) throws IOException {
    String name = file.toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String tag = r.readLine();
      if (!FORMAT_TAG.equals(tag)) {
        throw new MalformedDataException(name, 1,
            "not a petuum4j Lasso model (expected '" + FORMAT_TAG + "')", tag == null ? "" : tag);
      }
      int dimension = (int) headerValue(r, name, 2, "dimension", 1, Integer.MAX_VALUE - 8);
      long nonZeros = headerValue(r, name, 3, "nonzeros", 0, dimension);
      double[] b = new double[dimension];
      int prev = -1;
      for (long i = 0; i < nonZeros; i++) {
        long lineNo = 4 + i;
        String line = r.readLine();
        if (line == null) {
          throw new MalformedDataException(name, lineNo, "file ends after " + i + " of " + nonZeros + " coefficients", "");
        }
        int sp = line.indexOf(' ');
        int index;
        double value;
        try {
          index = Integer.parseInt(line.substring(0, Math.max(sp, 0)));
          value = Double.parseDouble(line.substring(sp + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
          throw new MalformedDataException(name, lineNo, "expected 'index coefficient'", line);
        }
        if (index <= prev || index >= dimension) {
          throw new MalformedDataException(name, lineNo, "index " + index
              + " must be greater than the previous (" + prev + ") and below the dimension (" + dimension + ")", line);
        }
        if (!Double.isFinite(value) || value == 0) {
          throw new MalformedDataException(name, lineNo, "coefficient must be finite and non-zero", line);
        }
        b[index] = value;
        prev = index;
      }
      String extra = r.readLine();
      if (extra != null) {
        throw new MalformedDataException(name, 4 + nonZeros, "unexpected line after the " + nonZeros + " coefficients", extra);
      }
      return new LassoModel(b);
    }
  }

  private static long headerValue(BufferedReader r, String file, int lineNo, String key, long min, long max)
      throws IOException {
    String line = r.readLine();
    String prefix = key + " ";
    long v;
    try {
      if (line == null || !line.startsWith(prefix)) {
        throw new NumberFormatException();
      }
      v = Long.parseLong(line.substring(prefix.length()));
    } catch (NumberFormatException e) {
      throw new MalformedDataException(file, lineNo, "expected '" + key + " <number>'", line == null ? "" : line);
    }
    if (v < min || v > max) {
      throw new MalformedDataException(file, lineNo, key + " must be in [" + min + ", " + max + "]", line);
    }
    return v;
  }

  @Override
  public String toString() {
    return "LassoModel[dimension=" + coefficients.length + ", nonZeros=" + nonZeros() + "]";
  }
}

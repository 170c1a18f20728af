package org.petuum4j.ml.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads regression data in LibSVM form, {@code target index:value index:value ...} per line, into
 * a {@link RegressionDataset}. Unlike {@link LibSvmReader}, which reads class labels, the target
 * is any finite decimal number.
 *
 * <p>Indices are 1-based ({@link #oneBased()}, the LibSVM convention) or 0-based ({@link
 * #zeroBased()}); the data set stores 0-based features, and its feature count is one more than the
 * largest index present. Fields are separated by spaces or tabs; {@code #} starts a comment; blank
 * lines are skipped; unsorted indices are sorted; a repeated index is an error. Every error is a
 * {@link MalformedDataException} naming file, line and text. Instances are immutable.
 *
 * <p>{@link #classes(int)} makes a reader for multiclass data, whose targets must be class ids.
 */
public final class LibSvmRegressionReader {
  /** Largest number of classes {@link #classes(int)} accepts. */
  public static final int MAX_CLASSES = 1 << 16;

  private final int indexBase;
  /** 0: any finite target; else targets must be integers in [0, classes). */
  private final int classes;

  private LibSvmRegressionReader(int indexBase, int classes) {
    this.indexBase = indexBase;
    this.classes = classes;
  }

  public static LibSvmRegressionReader oneBased() {
    return new LibSvmRegressionReader(1, 0);
  }

  public static LibSvmRegressionReader zeroBased() {
    return new LibSvmRegressionReader(0, 0);
  }

  /**
   * The same reader accepting only class ids as targets: integers (any decimal spelling of one, such
   * as {@code 3.0}) in {@code [0, classes)}, {@code classes} in {@code [2, }{@value #MAX_CLASSES}{@code ]};
   * any other target is a {@link MalformedDataException} naming file and line.
   */
  public LibSvmRegressionReader classes(int classes) {
    if (classes < 2 || classes > MAX_CLASSES) {
      throw new IllegalArgumentException("classes must be in [2, " + MAX_CLASSES + "], was " + classes);
    }
    return new LibSvmRegressionReader(indexBase, classes);
  }

  /**
   * Reads the whole file.
   *
   * @throws MalformedDataException on the first malformed line
   */
  public RegressionDataset read(Path file) throws IOException {
    String name = file.toString();
    int[] rowPtr = new int[1024];
    double[] targets = new double[1024];
    int[] cols = new int[1 << 14];
    double[] vals = new double[1 << 14];
    int rows = 0;
    int nnz = 0;
    int maxCol = -1;
    long lineNo = 0;
    int[] rowCols = new int[64];
    double[] rowVals = new double[64];
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        int hash = line.indexOf('#');
        String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
        if (body.isEmpty()) {
          continue;
        }
        String[] t = body.split("[ \t]+");
        double y = MatrixMarketReader.decimal(t[0]);
        if (Double.isNaN(y)) {
          throw new MalformedDataException(name, lineNo, "target '" + t[0] + "' is not a finite decimal number", line);
        }
        if (classes > 0 && !(y == Math.rint(y) && y >= 0 && y < classes)) {
          throw new MalformedDataException(name, lineNo,
              "label '" + t[0] + "' is not a class id (an integer in [0, " + classes + "))", line);
        }
        int m = t.length - 1;
        if (rowCols.length < m) {
          rowCols = new int[Math.max(m, 2 * rowCols.length)];
          rowVals = new double[rowCols.length];
        }
        boolean sorted = true;
        for (int f = 0; f < m; f++) {
          String tok = t[f + 1];
          int colon = tok.indexOf(':');
          long index = -1;
          double v = Double.NaN;
          if (colon > 0) {
            try {
              index = Long.parseLong(tok.substring(0, colon));
            } catch (NumberFormatException e) {
              index = -1;
            }
            v = MatrixMarketReader.decimal(tok.substring(colon + 1));
          }
          if (index < 0 || Double.isNaN(v)) {
            throw new MalformedDataException(name, lineNo,
                "bad feature '" + tok + "' (expected index:value with a finite decimal value)", line);
          }
          if (index < indexBase || index - indexBase > Integer.MAX_VALUE - 9) {
            throw new MalformedDataException(name, lineNo, "feature index " + index + " outside ["
                + indexBase + ", " + (Integer.MAX_VALUE - 9 + indexBase) + "]", line);
          }
          rowCols[f] = (int) (index - indexBase);
          rowVals[f] = v;
          sorted &= f == 0 || rowCols[f] > rowCols[f - 1];
        }
        if (!sorted) {
          sortRow(rowCols, rowVals, m);
        }
        for (int f = 1; f < m; f++) {
          if (rowCols[f] == rowCols[f - 1]) {
            throw new MalformedDataException(name, lineNo,
                "feature index " + (rowCols[f] + indexBase) + " repeats", line);
          }
        }
        if (rows + 1 == rowPtr.length) {
          rowPtr = Arrays.copyOf(rowPtr, 2 * rowPtr.length);
          targets = Arrays.copyOf(targets, 2 * targets.length);
        }
        if ((long) nnz + m > Integer.MAX_VALUE - 8) {
          throw new MalformedDataException(name, lineNo, "too many non-zeros for one data set (at most 2^31 - 9)", line);
        }
        if (nnz + m > cols.length) {
          int len = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(nnz + m, 2L * cols.length));
          cols = Arrays.copyOf(cols, len);
          vals = Arrays.copyOf(vals, len);
        }
        System.arraycopy(rowCols, 0, cols, nnz, m);
        System.arraycopy(rowVals, 0, vals, nnz, m);
        nnz += m;
        if (m > 0) {
          maxCol = Math.max(maxCol, rowCols[m - 1]);
        }
        targets[rows] = y;
        rowPtr[++rows] = nnz;
      }
    }
    return RegressionDataset.trusted(Arrays.copyOf(rowPtr, rows + 1), Arrays.copyOf(cols, nnz),
        Arrays.copyOf(vals, nnz), Arrays.copyOf(targets, rows), maxCol + 1);
  }

  /** Sorts a row by column: packs (column, position) into longs so one primitive sort does it. */
  private static void sortRow(int[] c, double[] v, int m) {
    long[] keys = new long[m];
    for (int i = 0; i < m; i++) {
      keys[i] = ((long) c[i] << 32) | i;
    }
    Arrays.sort(keys);
    double[] vs = Arrays.copyOf(v, m);
    for (int i = 0; i < m; i++) {
      c[i] = (int) (keys[i] >>> 32);
      v[i] = vs[(int) keys[i]];
    }
  }
}

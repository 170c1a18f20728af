package org.petuum4j.ml.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads Matrix Market files (NIST; {@code https://math.nist.gov/MatrixMarket/formats.html}), the
 * input format of Petuum's Lasso: a design matrix in coordinate form and the response as a
 * separate vector.
 *
 * <p>Accepted, case-insensitively: the banner {@code %%MatrixMarket matrix coordinate real
 * general} (field {@code integer} or {@code pattern} instead of {@code real} also works; pattern
 * entries are 1), then {@code %} comment lines, then the size line {@code rows columns entries},
 * then one entry {@code row column value} per line with 1-based indices. Blank lines are skipped;
 * repeated entries are summed, as MATLAB's {@code mmread} does. A response vector is either {@code
 * matrix array real general} with size line {@code n 1} and one value per line, or {@code matrix
 * coordinate real general} with size {@code n 1} (entries not listed are 0). Values must be finite.
 * Every deviation is a {@link MalformedDataException} naming file, line and text, e.g. {@code
 * X.mtx:7: column index 12 outside [1, 10] in line '3 12 0.5'}.
 */
public final class MatrixMarketReader {
  private static final String BANNER = "%%matrixmarket";

  private MatrixMarketReader() {}

  /**
   * Reads a design matrix ({@code x}) and a response vector ({@code y}) with as many rows.
   *
   * @throws MalformedDataException on the first malformed line of either file, or if the row
   *     counts differ (naming the vector's size line)
   */
  public static RegressionDataset readRegression(Path x, Path y) throws IOException {
    Coordinates c = readCoordinates(x);
    double[] targets = readVector(y, c.rows);
    return c.toDataset(targets);
  }

  /** True if the file starts with the Matrix Market banner; used to tell it from LibSVM. */
  public static boolean isMatrixMarket(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      return first != null && first.toLowerCase(Locale.ROOT).startsWith(BANNER);
    }
  }

  /**
   * Reads a response vector of {@code expectedRows} entries.
   *
   * @throws MalformedDataException if malformed or of another length
   */
  public static double[] readVector(Path file, int expectedRows) throws IOException {
    Lines in = new Lines(file);
    try (in) {
      Header h = header(in, true);
      if (h.cols != 1) {
        throw in.error("a response vector must have 1 column, the size line says " + h.cols);
      }
      if (h.rows != expectedRows) {
        throw in.error("the response has " + h.rows + " rows, the matrix has " + expectedRows);
      }
      double[] y = new double[expectedRows];
      if (h.array) {
        for (int i = 0; i < h.rows; i++) {
          String[] t = in.entry(h.rows, i);
          if (t.length != 1) {
            throw in.error("expected one value per line");
          }
          y[i] = value(in, t[0]);
        }
      } else {
        for (long e = 0; e < h.entries; e++) {
          String[] t = in.entry(h.entries, e);
          int row = entryIndex(in, t, h);
          y[row] += h.pattern ? 1 : value(in, t[2]);
        }
      }
      in.expectEnd(h.array ? h.rows : h.entries);
      return y;
    }
  }

  /** A coordinate matrix as read: 0-based (row, column, value) triples in file order. */
  static final class Coordinates {
    final int rows;
    final int cols;
    final int[] r;
    final int[] c;
    final double[] v;

    Coordinates(int rows, int cols, int[] r, int[] c, double[] v) {
      this.rows = rows;
      this.cols = cols;
      this.r = r;
      this.c = c;
      this.v = v;
    }

    /** Sorts by (row, column) with two stable counting sorts and sums repeated entries. */
    RegressionDataset toDataset(double[] targets) {
      int n = v.length;
      int[] byCol = countingOrder(c, cols, identity(n));
      int[] order = countingOrder(r, rows, byCol);
      int[] rowPtr = new int[rows + 1];
      int[] outC = new int[n];
      double[] outV = new double[n];
      int m = 0;
      int prevR = -1;
      int prevC = -1;
      for (int k = 0; k < n; k++) {
        int e = order[k];
        if (r[e] == prevR && c[e] == prevC) {
          outV[m - 1] += v[e];
        } else {
          outC[m] = c[e];
          outV[m] = v[e];
          rowPtr[r[e] + 1]++;
          m++;
          prevR = r[e];
          prevC = c[e];
        }
      }
      for (int i = 0; i < rows; i++) {
        rowPtr[i + 1] += rowPtr[i];
      }
      return RegressionDataset.trusted(rowPtr, Arrays.copyOf(outC, m), Arrays.copyOf(outV, m), targets, cols);
    }

    private static int[] identity(int n) {
      int[] a = new int[n];
      for (int i = 0; i < n; i++) {
        a[i] = i;
      }
      return a;
    }

    /** {@code in} reordered stably by {@code key[in[k]]} in {@code [0, range)}. */
    private static int[] countingOrder(int[] key, int range, int[] in) {
      int[] start = new int[range + 1];
      for (int e : in) {
        start[key[e] + 1]++;
      }
      for (int i = 0; i < range; i++) {
        start[i + 1] += start[i];
      }
      int[] out = new int[in.length];
      for (int e : in) {
        out[start[key[e]]++] = e;
      }
      return out;
    }
  }

  static Coordinates readCoordinates(Path file) throws IOException {
    Lines in = new Lines(file);
    try (in) {
      Header h = header(in, false);
      if (h.entries > Integer.MAX_VALUE - 8) {
        throw in.error("too many entries for one data set (at most 2^31 - 9)");
      }
      int cap = (int) Math.min(h.entries, 1 << 20);
      int[] r = new int[cap];
      int[] c = new int[cap];
      double[] v = new double[cap];
      int n = 0;
      for (long e = 0; e < h.entries; e++) {
        String[] t = in.entry(h.entries, e);
        int row = entryIndex(in, t, h);
        if (n == r.length) {
          int len = (int) Math.min(h.entries, 2L * n);
          r = Arrays.copyOf(r, len);
          c = Arrays.copyOf(c, len);
          v = Arrays.copyOf(v, len);
        }
        r[n] = row;
        c[n] = Integer.parseInt(t[1]) - 1;
        v[n] = h.pattern ? 1 : value(in, t[2]);
        n++;
      }
      in.expectEnd(h.entries);
      return new Coordinates(h.rows, h.cols, r, c, v);
    }
  }

  private record Header(int rows, int cols, long entries, boolean array, boolean pattern) {}

  private static Header header(Lines in, boolean allowArray) throws IOException {
    String banner = in.next(false);
    String[] b = banner == null ? new String[0] : banner.trim().toLowerCase(Locale.ROOT).split("\\s+");
    if (b.length != 5 || !b[0].equals(BANNER)) {
      throw in.error("expected the banner '%%MatrixMarket matrix coordinate real general'");
    }
    if (!b[1].equals("matrix")) {
      throw in.error("object '" + b[1] + "' is not supported (only 'matrix')");
    }
    boolean array = b[2].equals("array");
    if (!b[2].equals("coordinate") && !(allowArray && array)) {
      throw in.error("format '" + b[2] + "' is not supported here (expected 'coordinate'"
          + (allowArray ? " or 'array'" : "") + ")");
    }
    boolean pattern = b[3].equals("pattern");
    if (!b[3].equals("real") && !b[3].equals("integer") && !(pattern && !array)) {
      throw in.error("field '" + b[3] + "' is not supported (expected 'real', 'integer'"
          + (array ? "" : " or 'pattern'") + ")");
    }
    if (!b[4].equals("general")) {
      throw in.error("symmetry '" + b[4] + "' is not supported (only 'general')");
    }
    String size;
    do {
      size = in.next(true);
    } while (size != null && size.startsWith("%"));
    if (size == null) {
      throw in.error("file ends before the size line");
    }
    String[] s = in.tokens(size);
    if (s.length != (array ? 2 : 3)) {
      throw in.error("expected the size line '" + (array ? "rows columns" : "rows columns entries") + "'");
    }
    long rows = count(in, s[0], "rows");
    long cols = count(in, s[1], "columns");
    long entries = array ? rows * cols : count(in, s[2], "entries");
    if (rows > Integer.MAX_VALUE - 8 || cols > Integer.MAX_VALUE - 8) {
      throw in.error("at most 2^31 - 9 rows and columns are supported");
    }
    if (!array && entries > rows * cols) {
      throw in.error(entries + " entries cannot fit a " + rows + " x " + cols + " matrix");
    }
    return new Header((int) rows, (int) cols, entries, array, pattern);
  }

  private static long count(Lines in, String token, String what) throws MalformedDataException {
    try {
      long v = Long.parseLong(token);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw in.error("number of " + what + " '" + token + "' is not a non-negative integer");
  }

  /** Checks an entry's shape and indices; returns its 0-based row. */
  private static int entryIndex(Lines in, String[] t, Header h) throws MalformedDataException {
    int want = h.pattern ? 2 : 3;
    if (t.length != want) {
      throw in.error("expected '" + (h.pattern ? "row column" : "row column value") + "', found "
          + t.length + " fields");
    }
    int row = index(in, t[0], "row", h.rows);
    index(in, t[1], "column", h.cols);
    return row - 1;
  }

  private static int index(Lines in, String token, String what, int max) throws MalformedDataException {
    long v;
    try {
      v = Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw in.error(what + " index '" + token + "' is not an integer");
    }
    if (v < 1 || v > max) {
      throw in.error(what + " index " + token + " outside [1, " + max + "]");
    }
    return (int) v;
  }

  private static double value(Lines in, String token) throws MalformedDataException {
    double v = decimal(token);
    if (Double.isNaN(v)) {
      throw in.error("value '" + token + "' is not a finite decimal number");
    }
    return v;
  }

  /**
   * The value of a decimal number ({@code [+-]digits[.digits][(e|E)[+-]digits]}), or NaN if the
   * token is anything else or overflows. Stricter than {@link Double#parseDouble}, which also
   * takes {@code NaN}, {@code Infinity}, hex and a {@code d} or {@code f} suffix.
   */
  static double decimal(String token) {
    for (int i = 0; i < token.length(); i++) {
      char ch = token.charAt(i);
      if ((ch < '0' || ch > '9') && ch != '.' && ch != '-' && ch != '+' && ch != 'e' && ch != 'E') {
        return Double.NaN;
      }
    }
    try {
      double v = Double.parseDouble(token);
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** The file's lines with their numbers, and errors that name them. */
  private static final class Lines implements AutoCloseable {
    private final String name;
    private final BufferedReader reader;
    private long lineNo;
    private String line = "";

    Lines(Path file) throws IOException {
      this.name = file.toString();
      this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    /** The next line (blank ones skipped if asked), or null at the end. */
    String next(boolean skipBlank) throws IOException {
      while (true) {
        String l = reader.readLine();
        if (l == null) {
          return null;
        }
        lineNo++;
        line = l;
        if (!skipBlank || !l.isBlank()) {
          return l;
        }
      }
    }

    /** The fields of the next non-blank line, which must be entry {@code e} of {@code total}. */
    String[] entry(long total, long e) throws IOException {
      String l = next(true);
      if (l == null) {
        line = "";
        throw error("file ends after " + e + " of " + total + " entries");
      }
      return tokens(l);
    }

    String[] tokens(String l) {
      return l.trim().split("[ \t]+");
    }

    void expectEnd(long total) throws IOException {
      if (next(true) != null) {
        throw error("more entries than the " + total + " the size line declares");
      }
    }

    MalformedDataException error(String problem) {
      return new MalformedDataException(name, Math.max(lineNo, 1), problem, line);
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}

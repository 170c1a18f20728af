package org.petuum4j.ml.data;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

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
  private final int threads;
  private final int chunkBytes;

  private LibSvmRegressionReader(int indexBase, int classes, int threads, int chunkBytes) {
    this.indexBase = indexBase;
    this.classes = classes;
    this.threads = threads;
    this.chunkBytes = chunkBytes;
  }

  public static LibSvmRegressionReader oneBased() {
    return new LibSvmRegressionReader(1, 0, Runtime.getRuntime().availableProcessors(),
        LibSvmReader.DEFAULT_CHUNK_BYTES);
  }

  public static LibSvmRegressionReader zeroBased() {
    return new LibSvmRegressionReader(0, 0, Runtime.getRuntime().availableProcessors(),
        LibSvmReader.DEFAULT_CHUNK_BYTES);
  }

  /** The same reader with {@code threads} parser threads ({@code >= 1}). */
  public LibSvmRegressionReader threads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    return new LibSvmRegressionReader(indexBase, classes, threads, chunkBytes);
  }

  /** Chunk size; small values let tests cross chunk boundaries with small files. */
  LibSvmRegressionReader chunkBytes(int chunkBytes) {
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunkBytes must be >= 1, was " + chunkBytes);
    }
    return new LibSvmRegressionReader(indexBase, classes, threads, chunkBytes);
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
    return new LibSvmRegressionReader(indexBase, classes, threads, chunkBytes);
  }

  /**
   * Reads the whole file, in chunks of about {@value LibSvmReader#DEFAULT_CHUNK_BYTES} bytes parsed
   * in parallel on every available core (see {@link LibSvmReader}).
   *
   * @throws MalformedDataException on the first malformed line
   */
  public RegressionDataset read(Path file) throws IOException {
    String name = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      List<long[]> bounds = LibSvmReader.chunkBounds(ch, chunkBytes);
      List<Chunk> chunks = LibSvmReader.parseChunks(ch, bounds, threads, name, this::parse, c -> c.problem != null);
      return concatenate(chunks, name);
    }
  }

  /** A chunk's rows, or the first bad line in it. */
  private static final class Chunk extends ParsedChunk {
    int[] rowPtr = new int[1024];
    double[] targets = new double[1024];
    int[] cols = new int[1 << 14];
    double[] vals = new double[1 << 14];

    @Override
    int[] cols() {
      return cols;
    }

    @Override
    Object values() {
      return vals;
    }

    @Override
    Object labels() {
      return targets;
    }

    @Override
    int rowLength(int i) {
      return rowPtr[i + 1] - rowPtr[i];
    }
  }

  /** A malformed line's problem, caught by {@link #parse}. */
  private static final class BadLine extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadLine(String problem) {
      super(problem, null, false, false);
    }
  }

  /** Parses one chunk of whole lines; stops at the first bad line, recording it. */
  private Chunk parse(byte[] bytes) {
    Chunk c = new Chunk();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
        StandardCharsets.UTF_8))) {
      parseLines(r, c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return c;
  }

  private void parseLines(BufferedReader r, Chunk c) throws IOException {
    int[] rowPtr = c.rowPtr;
    double[] targets = c.targets;
    int[] cols = c.cols;
    double[] vals = c.vals;
    int rows = 0;
    int nnz = 0;
    int maxCol = -1;
    long lineNo = 0;
    int[] rowCols = new int[64];
    double[] rowVals = new double[64];
    String line = null;
    try {
      while ((line = r.readLine()) != null) {
        lineNo++;
        int hash = line.indexOf('#');
        int to = hash >= 0 ? hash : line.length();
        int from = 0;
        while (from < to && line.charAt(from) <= ' ') {
          from++;
        }
        while (to > from && line.charAt(to - 1) <= ' ') {
          to--;
        }
        if (from == to) {
          continue;
        }
        int targetEnd = tokenEnd(line, from, to);
        double y = decimal(line, from, targetEnd);
        if (Double.isNaN(y)) {
          throw new BadLine("target '" + line.substring(from, targetEnd)
              + "' is not a finite decimal number");
        }
        if (classes > 0 && !(y == Math.rint(y) && y >= 0 && y < classes)) {
          throw new BadLine("label '" + line.substring(from, targetEnd)
              + "' is not a class id (an integer in [0, " + classes + "))");
        }
        int m = 0;
        boolean sorted = true;
        for (int p = skipSeparators(line, targetEnd, to); p < to; p = skipSeparators(line, p, to)) {
          int tokEnd = tokenEnd(line, p, to);
          int colon = line.indexOf(':', p);
          long index = -1;
          double v = Double.NaN;
          if (colon > p && colon < tokEnd) {
            index = index(line, p, colon);
            v = decimal(line, colon + 1, tokEnd);
          }
          if (index < 0 || Double.isNaN(v)) {
            throw new BadLine("bad feature '" + line.substring(p, tokEnd)
                + "' (expected index:value with a finite decimal value)");
          }
          if (index < indexBase || index - indexBase > Integer.MAX_VALUE - 9) {
            throw new BadLine("feature index " + index + " outside ["
                + indexBase + ", " + (Integer.MAX_VALUE - 9 + indexBase) + "]");
          }
          if (m == rowCols.length) {
            rowCols = Arrays.copyOf(rowCols, 2 * m);
            rowVals = Arrays.copyOf(rowVals, 2 * m);
          }
          rowCols[m] = (int) (index - indexBase);
          rowVals[m] = v;
          sorted &= m == 0 || rowCols[m] > rowCols[m - 1];
          m++;
          p = tokEnd;
        }
        if (!sorted) {
          sortRow(rowCols, rowVals, m);
        }
        for (int f = 1; f < m; f++) {
          if (rowCols[f] == rowCols[f - 1]) {
            throw new BadLine("feature index " + (rowCols[f] + indexBase) + " repeats");
          }
        }
        if (rows + 1 == rowPtr.length) {
          rowPtr = Arrays.copyOf(rowPtr, 2 * rowPtr.length);
          targets = Arrays.copyOf(targets, 2 * targets.length);
        }
        if ((long) nnz + m > Integer.MAX_VALUE - 8) {
          throw new BadLine("too many non-zeros for one data set (at most 2^31 - 9)");
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
    } catch (BadLine e) {
      c.problem = e.getMessage();
      c.problemLine = line;
    }
    c.rowPtr = rowPtr;
    c.targets = targets;
    c.cols = cols;
    c.vals = vals;
    c.rows = rows;
    c.nnz = nnz;
    c.maxCol = maxCol;
    c.lines = lineNo;
  }

  private static RegressionDataset concatenate(List<Chunk> chunks, String name) throws IOException {
    LibSvmReader.Totals t = LibSvmReader.totals(chunks, name);
    int[] rowPtr = new int[t.rows() + 1];
    int[] cols = new int[t.nnz()];
    double[] vals = new double[t.nnz()];
    double[] targets = new double[t.rows()];
    ParsedChunk.concatenate(chunks, rowPtr, cols, vals, targets);
    return RegressionDataset.trusted(rowPtr, cols, vals, targets, t.maxCol() + 1);
  }

  /** The end of the token at {@code from}: the next space or tab, or {@code to}. */
  private static int tokenEnd(String s, int from, int to) {
    int i = from;
    while (i < to && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
      i++;
    }
    return i;
  }

  private static int skipSeparators(String s, int from, int to) {
    int i = from;
    while (i < to && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** The feature index in {@code s[from, to)} as {@link Long#parseLong} reads it, or -1 if it is none. */
  private static long index(String s, int from, int to) {
    try {
      return Long.parseLong(s, from, to, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22
  };

  /**
   * The finite decimal number in {@code s[from, to)}, or NaN if it is none; the same double as
   * {@link Double#parseDouble}. Plain decimals of at most 15 significant digits (such as {@code
   * 0.003922} or {@code -12.5}) take Clinger's fast path: the digits and the power of ten are both
   * exact doubles, so one correctly rounded division gives the correctly rounded value. Everything
   * else (exponents, longer mantissas) goes to {@link MatrixMarketReader#decimal}.
   */
  static double decimal(String s, int from, int to) {
    int i = from;
    boolean negative = false;
    if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    boolean any = false;
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        any = true;
        if (mantissa != 0 || c != '0') {
          digits++;
        }
        mantissa = mantissa * 10 + (c - '0');
        if (fraction >= 0) {
          fraction++;
        }
        if (digits > 15) {
          break;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        break;
      }
    }
    if (i == to && any && digits <= 15 && fraction <= 22) {
      double v = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
      return negative ? -v : v;
    }
    return MatrixMarketReader.decimal(s.substring(from, to));
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

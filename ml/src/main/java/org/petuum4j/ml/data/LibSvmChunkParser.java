package org.petuum4j.ml.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses the LibSVM lines of one chunk of a file (a byte range that starts at a line start and
 * ends after a newline or at end of file) into growable CSR arrays.
 *
 * <p>Implementation notes: one pass over the bytes, no per-line or per-token objects. A line is
 * {@code label (index:value)* [# comment]} with blanks being spaces, tabs or a trailing CR; blank
 * lines and lines starting with {@code #} are skipped. Rows whose indices are not increasing are
 * sorted; a repeated index is an error. On the first bad line the parser stops and records the
 * line (1-based within the chunk) and the problem; the reader turns that into a file-wide line
 * number once it knows how many lines the earlier chunks held.
 */
final class LibSvmChunkParser extends ParsedChunk {
  /** The chunk's bytes; dropped once parsed so that finished chunks hold only their arrays. */
  private byte[] b;
  private final int end;
  private final int indexBase;
  private int pos;

  int[] rowLengths;
  float[] labels;
  int[] cols;
  float[] vals;

  LibSvmChunkParser(byte[] b, int from, int to, int indexBase) {
    this.b = b;
    this.end = to;
    this.indexBase = indexBase;
    int bytes = to - from;
    // Typical files spend 8-16 bytes per cell and a few hundred per row; grown on demand.
    int cellGuess = Math.max(16, bytes / 12);
    int rowGuess = Math.max(16, bytes / 256);
    this.cols = new int[cellGuess];
    this.vals = new float[cellGuess];
    this.labels = new float[rowGuess];
    this.rowLengths = new int[rowGuess];
    this.pos = from;
  }

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
    return labels;
  }

  @Override
  int rowLength(int i) {
    return rowLengths[i];
  }

  /** Parses the whole chunk; returns false if a line was malformed (see {@link #problem}). */
  boolean parse() {
    try {
      return parseLines();
    } finally {
      b = null;
    }
  }

  private boolean parseLines() {
    while (pos < end) {
      lines++;
      int lineStart = pos;
      if (!parseLine()) {
        int eol = lineStart;
        while (eol < end && b[eol] != '\n') {
          eol++;
        }
        int textEnd = eol > lineStart && b[eol - 1] == '\r' ? eol - 1 : eol;
        problemLine = new String(b, lineStart, textEnd - lineStart, StandardCharsets.UTF_8);
        return false;
      }
    }
    return true;
  }

  /** Parses one line starting at {@code pos}, leaving {@code pos} after its newline. */
  private boolean parseLine() {
    skipBlanks();
    if (atLineEnd()) {
      skipNewline();
      return true;
    }
    if (b[pos] == '#') {
      skipRestOfLine();
      return true;
    }
    int labelStart = pos;
    int labelEnd = tokenEnd(pos);
    float label = DecimalParser.parseFloat(b, labelStart, labelEnd);
    if (label != 0f && label != 1f && label != -1f) {
      problem = "bad label '" + text(labelStart, labelEnd) + "' (expected 0, 1, -1 or +1)";
      return false;
    }
    pos = labelEnd;
    int rowStart = nnz;
    int prevCol = -1;
    boolean sorted = true;
    while (true) {
      skipBlanks();
      if (atLineEnd()) {
        skipNewline();
        break;
      }
      if (b[pos] == '#') {
        skipRestOfLine();
        break;
      }
      int tokStart = pos;
      int tokEnd = tokenEnd(pos);
      int col = parseFeature(tokStart, tokEnd);
      if (col < 0) {
        return false;
      }
      if (col <= prevCol) {
        sorted = false;
      }
      prevCol = col;
      pos = tokEnd;
    }
    if (!sorted && !sortRow(rowStart)) {
      return false;
    }
    if (nnz > rowStart && cols[nnz - 1] > maxCol) {
      maxCol = cols[nnz - 1];
    }
    addRow(label == 0f || label == -1f ? 0f : 1f, nnz - rowStart);
    return true;
  }

  /** Parses {@code index:value} and appends it; returns the 0-based column, or -1 on error. */
  private int parseFeature(int from, int to) {
    int i = from;
    long index = 0;
    while (i < to && DecimalParser.isDigit(b[i])) {
      if (index <= Integer.MAX_VALUE) {
        index = index * 10 + (b[i] - '0');
      }
      i++;
    }
    if (i == from || i >= to || b[i] != ':') {
      problem = "bad feature '" + text(from, to) + "' (expected index:value)";
      return -1;
    }
    long col = index - indexBase;
    if (col < 0) {
      problem = "bad feature '" + text(from, to) + "' (index 0 in 1-based input; is the file 0-based?)";
      return -1;
    }
    if (col >= Integer.MAX_VALUE) {
      problem = "bad feature '" + text(from, to) + "' (index too large, at most "
          + (Integer.MAX_VALUE - 1 + indexBase) + ")";
      return -1;
    }
    float v = DecimalParser.parseFloat(b, i + 1, to);
    if (Float.isNaN(v)) {
      problem = "bad feature '" + text(from, to) + "' (value is not a finite number)";
      return -1;
    }
    if (nnz == cols.length) {
      int cap = grow(cols.length);
      cols = Arrays.copyOf(cols, cap);
      vals = Arrays.copyOf(vals, cap);
    }
    cols[nnz] = (int) col;
    vals[nnz] = v;
    nnz++;
    return (int) col;
  }

  /** Sorts the cells of the current row by column; false if a column repeats. */
  private boolean sortRow(int rowStart) {
    int n = nnz - rowStart;
    long[] packed = new long[n];
    for (int k = 0; k < n; k++) {
      // Columns are non-negative, so ordering the packed longs orders by column.
      packed[k] = ((long) cols[rowStart + k] << 32) | (Float.floatToRawIntBits(vals[rowStart + k]) & 0xffffffffL);
    }
    Arrays.sort(packed);
    for (int k = 0; k < n; k++) {
      int col = (int) (packed[k] >>> 32);
      if (k > 0 && col == cols[rowStart + k - 1]) {
        problem = "duplicate feature index " + ((long) col + indexBase);
        return false;
      }
      cols[rowStart + k] = col;
      vals[rowStart + k] = Float.intBitsToFloat((int) packed[k]);
    }
    return true;
  }

  private void addRow(float label, int length) {
    if (rows == labels.length) {
      int cap = grow(labels.length);
      labels = Arrays.copyOf(labels, cap);
      rowLengths = Arrays.copyOf(rowLengths, cap);
    }
    labels[rows] = label;
    rowLengths[rows] = length;
    rows++;
  }

  private static int grow(int capacity) {
    long next = capacity + (capacity >> 1) + 16L;
    if (next > Integer.MAX_VALUE - 8) {
      if (capacity >= Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("more than " + capacity + " cells in one chunk");
      }
      next = Integer.MAX_VALUE - 8;
    }
    return (int) next;
  }

  private void skipBlanks() {
    while (pos < end && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\r')) {
      pos++;
    }
  }

  private boolean atLineEnd() {
    return pos >= end || b[pos] == '\n';
  }

  private void skipNewline() {
    if (pos < end) {
      pos++;
    }
  }

  private void skipRestOfLine() {
    while (pos < end && b[pos] != '\n') {
      pos++;
    }
    skipNewline();
  }

  /** End of the token starting at {@code from}: the next blank, newline or end of chunk. */
  private int tokenEnd(int from) {
    int i = from;
    while (i < end) {
      byte c = b[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  private String text(int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }
}

package org.petuum4j.ml.data;

/**
 * A parsed chunk of a LibSVM file: the rows and non-zeros it holds (in arrays whose element types
 * its reader chooses), its largest column, and the lines it read, or its first bad line. {@link
 * LibSvmReader#totals} checks and sums them over a file's chunks, and {@link #concatenate} joins
 * the chunks' rows.
 */
abstract class ParsedChunk {
  int rows;
  int nnz;
  int maxCol = -1;
  /** Lines consumed, including blank and comment lines; on error, the bad line's number in the chunk. */
  long lines;
  /** The first bad line's problem and text, or null. */
  String problem;
  String problemLine;

  /** The columns of the chunk's non-zeros, {@code [0, nnz)}. */
  abstract int[] cols();

  /** The values of the chunk's non-zeros, {@code [0, nnz)}: an array of one primitive type. */
  abstract Object values();

  /** The labels of the chunk's rows, {@code [0, rows)}: an array of one primitive type. */
  abstract Object labels();

  /** The non-zeros of row {@code i} of the chunk. */
  abstract int rowLength(int i);

  /**
   * Copies the chunks' rows, in order, into compressed-row arrays sized for their totals: row
   * offsets {@code rowPtr} ({@code rowPtr[0]} already 0), columns, and values and labels arrays of
   * the chunks' element types.
   */
  static void concatenate(java.util.List<? extends ParsedChunk> chunks, int[] rowPtr, int[] cols, Object vals,
      Object labels) {
    int row = 0;
    int cell = 0;
    for (ParsedChunk c : chunks) {
      System.arraycopy(c.cols(), 0, cols, cell, c.nnz);
      System.arraycopy(c.values(), 0, vals, cell, c.nnz);
      System.arraycopy(c.labels(), 0, labels, row, c.rows);
      for (int i = 0; i < c.rows; i++) {
        rowPtr[row + i + 1] = rowPtr[row + i] + c.rowLength(i);
      }
      row += c.rows;
      cell += c.nnz;
    }
  }
}

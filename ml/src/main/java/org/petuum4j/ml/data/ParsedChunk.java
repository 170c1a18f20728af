package org.petuum4j.ml.data;

/**
 * What a parsed chunk of a LibSVM file tells about itself, whatever arrays its rows went into:
 * the rows and non-zeros it holds, its largest column, and the lines it read, or its first bad
 * line. {@link LibSvmReader#totals} checks and sums them over a file's chunks.
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
}

package org.petuum4j.ps;

/** How a row stores its cells. */
public enum RowKind {
  /** One array slot per column: fast, memory proportional to the row width. */
  DENSE,
  /** A hash map of the non-zero columns: memory proportional to the non-zeros. */
  SPARSE
}

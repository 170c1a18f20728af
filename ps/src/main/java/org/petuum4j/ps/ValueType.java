package org.petuum4j.ps;

/** The primitive type of a table's cells. Integer types add exactly; floating types round per addition. */
public enum ValueType {
  FLOAT(4),
  DOUBLE(8),
  INT(4),
  LONG(8);

  private final int bytes;

  ValueType(int bytes) {
    this.bytes = bytes;
  }

  /** Size of one cell on the wire and in dense storage. */
  public int bytes() {
    return bytes;
  }

  /** True for {@link #INT} and {@link #LONG}, whose increments should use the exact {@code long} methods. */
  public boolean isIntegral() {
    return this == INT || this == LONG;
  }
}

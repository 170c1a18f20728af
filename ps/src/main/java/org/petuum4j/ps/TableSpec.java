package org.petuum4j.ps;

/**
 * What a table is: its name, row layout, cell type, number of rows (or unbounded), row width and
 * consistency model. Immutable; validated when built.
 *
 * <pre>{@code
 * TableSpec w = TableSpec.builder("weights")
 *     .kind(RowKind.DENSE).type(ValueType.FLOAT)
 *     .rows(16).width(65_536)
 *     .consistency(Consistency.ssp(3))
 *     .build();
 * }</pre>
 */
public record TableSpec(
    String name, RowKind kind, ValueType type, int rows, int width, Consistency consistency) {

  /** {@link #rows()} value of a table whose row ids are any non-negative int, created on first use. */
  public static final int UNBOUNDED_ROWS = -1;

  public TableSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("table name must not be blank");
    }
    if (kind == null || type == null || consistency == null) {
      throw new IllegalArgumentException("table '" + name + "': kind, type and consistency must be set");
    }
    if (rows != UNBOUNDED_ROWS && rows <= 0) {
      throw new IllegalArgumentException(
          "table '" + name + "': rows must be > 0 or UNBOUNDED_ROWS, was " + rows);
    }
    if (width <= 0) {
      throw new IllegalArgumentException("table '" + name + "': width must be > 0, was " + width);
    }
  }

  public boolean isUnbounded() {
    return rows == UNBOUNDED_ROWS;
  }

  /** Throws unless {@code row} and {@code col} address a cell of this table. */
  public void checkCell(int row, int col) {
    checkRow(row);
    if (col < 0 || col >= width) {
      throw new IndexOutOfBoundsException(
          "table '" + name + "': column " + col + " outside [0, " + width + ")");
    }
  }

  /** Throws unless {@code row} is a row id of this table. */
  public void checkRow(int row) {
    if (row < 0 || (rows != UNBOUNDED_ROWS && row >= rows)) {
      throw new IndexOutOfBoundsException(
          "table '" + name + "': row " + row + " outside [0, " + (rows == UNBOUNDED_ROWS ? "unbounded" : rows) + ")");
    }
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builder with defaults: dense, double, unbounded rows, width 1, BSP. */
  public static final class Builder {
    private final String name;
    private RowKind kind = RowKind.DENSE;
    private ValueType type = ValueType.DOUBLE;
    private int rows = UNBOUNDED_ROWS;
    private int width = 1;
    private Consistency consistency = Consistency.bsp();

    private Builder(String name) {
      this.name = name;
    }

    public Builder kind(RowKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder type(ValueType type) {
      this.type = type;
      return this;
    }

    public Builder dense(ValueType type) {
      return kind(RowKind.DENSE).type(type);
    }

    public Builder sparse(ValueType type) {
      return kind(RowKind.SPARSE).type(type);
    }

    public Builder rows(int rows) {
      this.rows = rows;
      return this;
    }

    public Builder unboundedRows() {
      this.rows = UNBOUNDED_ROWS;
      return this;
    }

    public Builder width(int width) {
      this.width = width;
      return this;
    }

    public Builder consistency(Consistency consistency) {
      this.consistency = consistency;
      return this;
    }

    public TableSpec build() {
      return new TableSpec(name, kind, type, rows, width, consistency);
    }
  }
}

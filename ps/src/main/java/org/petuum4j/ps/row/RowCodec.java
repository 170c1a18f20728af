package org.petuum4j.ps.row;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.ValueType;

/**
 * The binary form of rows and row deltas, for transports that carry them over a network. Every
 * value is big-endian; dense rows are written as one bulk array. Decoding checks every length
 * against the bytes present and the limits given, and throws {@link IllegalArgumentException} on
 * anything malformed, so a garbage frame can never allocate unbounded memory or produce a
 * half-built row.
 *
 * <p>Row: {@code kind:u8 type:u8 width:i32}, then for a dense row {@code width} values of the
 * type, for a sparse row {@code n:i32} and {@code n} pairs {@code col:i32 value:f64|i64}.
 *
 * <p>Delta: {@code flags:u8 (bit 0 dense, bit 1 integral, bit 2 float32) table:i32 row:i32
 * size:i32}, then for a sparse delta {@code size} columns {@code i32}, then {@code size} values
 * {@code f64|f32|i64}. Deltas of float tables are float32 on the wire: their op-logs round them to
 * float precision, so nothing is lost.
 */
public final class RowCodec {
  private static final int DENSE = 1;
  private static final int INTEGRAL = 2;
  private static final int FLOAT32 = 4;

  private RowCodec() {}

  /** Bytes {@link #writeRow} will write for {@code row}. */
  public static int rowSize(RowData row) {
    if (row.kind() == RowKind.DENSE) {
      return 6 + row.width() * elementBytes(row.type());
    }
    return 10 + row.nonZeros() * 12;
  }

  private static int elementBytes(ValueType t) {
    return switch (t) {
      case FLOAT, INT -> 4;
      case DOUBLE, LONG -> 8;
    };
  }

  /** Writes {@code row} at the buffer's position, which must leave {@link #rowSize} bytes. */
  public static void writeRow(RowData row, ByteBuffer out) {
    out.put((byte) row.kind().ordinal()).put((byte) row.type().ordinal()).putInt(row.width());
    if (row instanceof DenseFloatRow r) {
      out.asFloatBuffer().put(r.values);
      out.position(out.position() + 4 * r.values.length);
    } else if (row instanceof DenseDoubleRow r) {
      out.asDoubleBuffer().put(r.values);
      out.position(out.position() + 8 * r.values.length);
    } else if (row instanceof DenseIntRow r) {
      out.asIntBuffer().put(r.values);
      out.position(out.position() + 4 * r.values.length);
    } else if (row instanceof DenseLongRow r) {
      out.asLongBuffer().put(r.values);
      out.position(out.position() + 8 * r.values.length);
    } else {
      out.putInt(row.nonZeros());
      boolean integral = row.type().isIntegral();
      row.forEachNonZero((c, v) -> {
        out.putInt(c);
        if (integral) {
          out.putLong(row.getLong(c));
        } else {
          out.putDouble(v);
        }
      });
    }
  }

  /**
   * Reads a row written by {@link #writeRow}.
   *
   * @param maxWidth the largest width accepted
   * @throws IllegalArgumentException if the bytes are not a well-formed row
   */
  public static RowData readRow(ByteBuffer in, int maxWidth) {
    try {
      RowKind kind = enumAt(RowKind.values(), in.get(), "row kind");
      ValueType type = enumAt(ValueType.values(), in.get(), "value type");
      int width = in.getInt();
      if (width < 1 || width > maxWidth) {
        throw new IllegalArgumentException("row width " + width + " outside [1, " + maxWidth + "]");
      }
      RowData row = RowData.create(kind, type, width);
      if (kind == RowKind.DENSE) {
        need(in, (long) width * elementBytes(type));
        if (row instanceof DenseFloatRow r) {
          in.asFloatBuffer().get(r.values);
        } else if (row instanceof DenseDoubleRow r) {
          in.asDoubleBuffer().get(r.values);
        } else if (row instanceof DenseIntRow r) {
          in.asIntBuffer().get(r.values);
        } else {
          in.asLongBuffer().get(((DenseLongRow) row).values);
        }
        in.position(in.position() + width * elementBytes(type));
        return row;
      }
      int n = in.getInt();
      if (n < 0 || n > width) {
        throw new IllegalArgumentException("sparse row with " + n + " cells, width " + width);
      }
      need(in, n * 12L);
      for (int i = 0; i < n; i++) {
        int c = checkCol(in.getInt(), width);
        if (type.isIntegral()) {
          row.addLong(c, in.getLong());
        } else {
          row.add(c, in.getDouble());
        }
      }
      return row;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated row");
    }
  }

  /** Bytes {@link #writeDelta} will write for {@code d}, in float32 or not. */
  public static int deltaSize(RowDelta d, boolean float32) {
    int value = float32 && !d.isIntegral() ? 4 : 8;
    return 13 + d.size() * (d.isDense() ? value : value + 4);
  }

  /**
   * Writes {@code d} at the buffer's position, which must leave {@link #deltaSize} bytes; {@code
   * float32} writes floating values as floats (for float tables, whose deltas are float-precise).
   */
  public static void writeDelta(RowDelta d, ByteBuffer out, boolean float32) {
    boolean f32 = float32 && !d.isIntegral();
    out.put((byte) ((d.isDense() ? DENSE : 0) | (d.isIntegral() ? INTEGRAL : 0) | (f32 ? FLOAT32 : 0)));
    out.putInt(d.table()).putInt(d.row()).putInt(d.size());
    int n = d.size();
    if (!d.isDense()) {
      for (int i = 0; i < n; i++) {
        out.putInt(d.col(i));
      }
    }
    if (d.isIntegral()) {
      for (int i = 0; i < n; i++) {
        out.putLong(d.longValue(i));
      }
    } else if (f32) {
      for (int i = 0; i < n; i++) {
        out.putFloat((float) d.doubleValue(i));
      }
    } else {
      for (int i = 0; i < n; i++) {
        out.putDouble(d.doubleValue(i));
      }
    }
  }

  /**
   * Reads a delta written by {@link #writeDelta}. Checks only its own form; the receiver checks
   * table, row and columns against its specs.
   *
   * @param maxSize the largest number of entries accepted
   * @throws IllegalArgumentException if the bytes are not a well-formed delta
   */
  public static RowDelta readDelta(ByteBuffer in, int maxSize) {
    try {
      int flags = in.get();
      if ((flags & ~(DENSE | INTEGRAL | FLOAT32)) != 0 || (flags & (INTEGRAL | FLOAT32)) == (INTEGRAL | FLOAT32)) {
        throw new IllegalArgumentException("bad delta flags " + flags);
      }
      int table = in.getInt();
      int row = in.getInt();
      int size = in.getInt();
      boolean dense = (flags & DENSE) != 0;
      if (size < 0 || size > maxSize || (dense && size == 0)) {
        throw new IllegalArgumentException("delta size " + size + " outside [0, " + maxSize + "]");
      }
      boolean f32 = (flags & FLOAT32) != 0;
      long valueBytes = f32 ? 4 : 8;
      need(in, size * (dense ? valueBytes : valueBytes + 4));
      int[] cols = null;
      if (!dense) {
        cols = new int[size];
        for (int i = 0; i < size; i++) {
          cols[i] = in.getInt();
        }
      }
      if ((flags & INTEGRAL) != 0) {
        long[] v = new long[size];
        in.asLongBuffer().get(v);
        in.position(in.position() + 8 * size);
        return dense ? RowDelta.denseLong(table, row, v) : RowDelta.sparseLong(table, row, cols, v, size);
      }
      double[] v = new double[size];
      if (f32) {
        for (int i = 0; i < size; i++) {
          v[i] = in.getFloat();
        }
      } else {
        in.asDoubleBuffer().get(v);
        in.position(in.position() + 8 * size);
      }
      return dense ? RowDelta.dense(table, row, v) : RowDelta.sparse(table, row, cols, v, size);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated delta");
    }
  }

  private static void need(ByteBuffer in, long bytes) {
    if (in.remaining() < bytes) {
      throw new IllegalArgumentException("truncated: need " + bytes + " bytes, have " + in.remaining());
    }
  }

  private static int checkCol(int c, int width) {
    if (c < 0 || c >= width) {
      throw new IllegalArgumentException("column " + c + " outside [0, " + width + ")");
    }
    return c;
  }

  private static <E> E enumAt(E[] values, byte b, String what) {
    if (b < 0 || b >= values.length) {
      throw new IllegalArgumentException("bad " + what + " " + b);
    }
    return values[b];
  }
}

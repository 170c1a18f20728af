package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.row.RowCodec;
import org.petuum4j.ps.row.RowData;
import org.petuum4j.ps.row.RowDelta;

/**
 * Writing and reading the parts of messages. Every reader checks lengths and counts against the
 * bytes present before allocating, and throws {@link ProtocolException} (or Netty's {@link
 * IndexOutOfBoundsException} for a short frame) on malformed input.
 */
final class Wire {
  /** Longest string accepted (event text, class names, error messages). */
  static final int MAX_STRING = 1 << 20;

  private Wire() {}

  /** A buffer holding a frame header for {@code type}; finish it with {@link #finish}. */
  static ByteBuf frame(ByteBufAllocator alloc, MessageType type, int payloadHint) {
    ByteBuf b = alloc.buffer(5 + payloadHint);
    b.writeInt(0).writeByte(type.id);
    return b;
  }

  /** Fills in the length of a frame started by {@link #frame}. */
  static ByteBuf finish(ByteBuf b) {
    b.setInt(0, b.writerIndex() - 4);
    return b;
  }

  static void writeString(ByteBuf b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.writeInt(bytes.length).writeBytes(bytes);
  }

  static String readString(ByteBuf b) {
    int n = count(b, MAX_STRING, 1);
    String s = b.toString(b.readerIndex(), n, StandardCharsets.UTF_8);
    b.skipBytes(n);
    return s;
  }

  /**
   * Reads a count and checks it is at most {@code max} and that {@code count * minBytesEach}
   * bytes remain.
   */
  static int count(ByteBuf b, int max, int minBytesEach) {
    int n = b.readInt();
    if (n < 0 || n > max) {
      throw new ProtocolException("count " + n + " outside [0, " + max + "]");
    }
    if ((long) n * minBytesEach > b.readableBytes()) {
      throw new ProtocolException("count " + n + " needs more bytes than the frame holds");
    }
    return n;
  }

  static void writeParams(ByteBuf b, Map<String, String> params) {
    b.writeInt(params.size());
    params.forEach((k, v) -> {
      writeString(b, k);
      writeString(b, v);
    });
  }

  static Map<String, String> readParams(ByteBuf b) {
    int n = count(b, 100_000, 8);
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(readString(b), readString(b));
    }
    return m;
  }

  /** Checkpoint settings: directory ("" for none), every, keep, resume. */
  static void writeCheckpoints(ByteBuf b, org.petuum4j.ps.checkpoint.CheckpointOptions c) {
    writeString(b, c == null ? "" : c.dir().toAbsolutePath().toString());
    b.writeInt(c == null ? 0 : c.every()).writeInt(c == null ? 1 : c.keep()).writeBoolean(c != null && c.resume());
  }

  static org.petuum4j.ps.checkpoint.CheckpointOptions readCheckpoints(ByteBuf b) {
    String dir = readString(b);
    int every = b.readInt();
    int keep = b.readInt();
    boolean resume = b.readBoolean();
    if (dir.isEmpty()) {
      return null;
    }
    try {
      return new org.petuum4j.ps.checkpoint.CheckpointOptions(java.nio.file.Path.of(dir), every, keep, resume, 0);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("bad checkpoint settings: " + e.getMessage());
    }
  }

  static void writeFiles(ByteBuf b, Map<String, String> files) {
    writeParams(b, files);
  }

  static void writeSpecs(ByteBuf b, List<TableSpec> specs) {
    b.writeInt(specs.size());
    for (TableSpec s : specs) {
      writeString(b, s.name());
      b.writeByte(s.kind().ordinal()).writeByte(s.type().ordinal()).writeInt(s.rows()).writeInt(s.width());
      b.writeByte(s.consistency().model().ordinal()).writeInt(s.consistency().staleness());
    }
  }

  static List<TableSpec> readSpecs(ByteBuf b) {
    int n = count(b, 100_000, 18);
    List<TableSpec> specs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = readString(b);
      RowKind kind = enumAt(RowKind.values(), b.readByte());
      ValueType type = enumAt(ValueType.values(), b.readByte());
      int rows = b.readInt();
      int width = b.readInt();
      Consistency.Model model = enumAt(Consistency.Model.values(), b.readByte());
      int staleness = b.readInt();
      try {
        specs.add(new TableSpec(name, kind, type, rows, width, new Consistency(model, staleness)));
      } catch (IllegalArgumentException e) {
        throw new ProtocolException("bad table spec: " + e.getMessage());
      }
    }
    return specs;
  }

  static void writeRow(ByteBuf b, RowData row) {
    int n = RowCodec.rowSize(row);
    b.ensureWritable(n);
    ByteBuffer nio = b.nioBuffer(b.writerIndex(), n);
    RowCodec.writeRow(row, nio);
    b.writerIndex(b.writerIndex() + n);
  }

  static RowData readRow(ByteBuf b, int maxWidth) {
    ByteBuffer nio = b.nioBuffer(b.readerIndex(), b.readableBytes());
    try {
      RowData row = RowCodec.readRow(nio, maxWidth);
      b.skipBytes(nio.position());
      return row;
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(e.getMessage());
    }
  }

  static void writeDelta(ByteBuf b, RowDelta d, boolean float32) {
    int n = RowCodec.deltaSize(d, float32);
    b.ensureWritable(n);
    ByteBuffer nio = b.nioBuffer(b.writerIndex(), n);
    RowCodec.writeDelta(d, nio, float32);
    b.writerIndex(b.writerIndex() + n);
  }

  static RowDelta readDelta(ByteBuf b, int maxSize) {
    ByteBuffer nio = b.nioBuffer(b.readerIndex(), b.readableBytes());
    try {
      RowDelta d = RowCodec.readDelta(nio, maxSize);
      b.skipBytes(nio.position());
      return d;
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(e.getMessage());
    }
  }

  static <E> E enumAt(E[] values, int ordinal) {
    if (ordinal < 0 || ordinal >= values.length) {
      throw new ProtocolException("bad enum ordinal " + ordinal);
    }
    return values[ordinal];
  }

  /** Throws unless the frame was read to its end. */
  static void end(ByteBuf b, MessageType type) {
    if (b.isReadable()) {
      throw new ProtocolException(type + " frame has " + b.readableBytes() + " trailing bytes");
    }
  }
}

package org.petuum4j.ml.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files of unsigned bytes, the format of MNIST and Fashion-MNIST ({@code
 * train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}), plain or gzip-compressed (recognised
 * by the gzip magic bytes, whatever the file name).
 *
 * <p>Format: a big-endian header of two zero bytes, the element type ({@code 0x08}, unsigned byte,
 * is the only one read here), the number of dimensions {@code d}, then {@code d} big-endian 32-bit
 * sizes, then the elements in row-major order. A file that does not follow it is an {@link
 * IOException} naming the file and the byte offset of the problem.
 */
public final class IdxReader {
  private static final int UNSIGNED_BYTE = 0x08;

  private IdxReader() {}

  /** The dimensions and the elements (unsigned: read them with {@code & 0xFF}) of an IDX file. */
  public record IdxArray(int[] dimensions, byte[] data) {
    /** The size of dimension 0: images or labels. */
    public int count() {
      return dimensions[0];
    }

    /** Elements per item: the product of the dimensions after the first (1 for labels). */
    public int itemSize() {
      int n = 1;
      for (int i = 1; i < dimensions.length; i++) {
        n *= dimensions[i];
      }
      return n;
    }

    /** Element {@code k} of item {@code i}, in [0, 255]. */
    public int get(int i, int k) {
      return data[i * itemSize() + k] & 0xFF;
    }
  }

  /** Reads {@code file}, expecting {@code expectedDimensions} dimensions (1 for labels, 3 for images). */
  public static IdxArray read(Path file, int expectedDimensions) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
      return read(file, in, expectedDimensions);
    }
  }

  private static IdxArray read(Path file, InputStream stream, int expectedDimensions) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new IOException(file + ": byte 0: not an IDX file (shorter than its 4-byte magic number)");
    }
    if ((magic >>> 16) != 0) {
      throw new IOException(String.format("%s: byte 0: not an IDX file (magic number 0x%08x, expected 0x0000%02x%02x)",
          file, magic, UNSIGNED_BYTE, expectedDimensions));
    }
    int type = (magic >>> 8) & 0xFF;
    int dims = magic & 0xFF;
    if (type != UNSIGNED_BYTE) {
      throw new IOException(String.format("%s: byte 2: element type 0x%02x, only unsigned bytes (0x08) are supported",
          file, type));
    }
    if (dims != expectedDimensions) {
      throw new IOException(file + ": byte 3: " + dims + " dimensions, expected " + expectedDimensions);
    }
    int[] sizes = new int[dims];
    long total = 1;
    for (int i = 0; i < dims; i++) {
      try {
        sizes[i] = in.readInt();
      } catch (EOFException e) {
        throw new IOException(file + ": byte " + (4 + 4 * i) + ": truncated header (" + dims + " sizes expected)");
      }
      if (sizes[i] < 0) {
        throw new IOException(file + ": byte " + (4 + 4 * i) + ": negative size " + sizes[i] + " of dimension " + i);
      }
      total *= sizes[i];
      if (total > Integer.MAX_VALUE - 8) {
        throw new IOException(file + ": byte " + (4 + 4 * i) + ": dimensions " + Arrays.toString(Arrays.copyOf(sizes, i + 1))
            + " hold more than 2^31 elements");
      }
    }
    long header = 4 + 4L * dims;
    byte[] data = new byte[(int) total];
    int got = in.readNBytes(data, 0, data.length);
    if (got < data.length) {
      throw new IOException(file + ": byte " + (header + got) + ": truncated: " + got + " data bytes, expected "
          + data.length + " for dimensions " + Arrays.toString(sizes));
    }
    if (in.read() >= 0) {
      throw new IOException(file + ": byte " + (header + data.length) + ": trailing bytes after the "
          + data.length + " data bytes of dimensions " + Arrays.toString(sizes));
    }
    return new IdxArray(sizes, data);
  }
}

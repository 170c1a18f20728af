package org.petuum4j.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  private static byte[] idx(int magic, int[] sizes, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
    b.putInt(magic);
    for (int s : sizes) {
      b.putInt(s);
    }
    b.put(data);
    return b.array();
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    return f;
  }

  @Test
  void read_imagesPlainAndGzipped() throws IOException {
    byte[] pixels = {0, 1, 2, 3, 4, 5, (byte) 200, (byte) 255, 9, 10, 11, 12};
    byte[] bytes = idx(0x0803, new int[] {2, 2, 3}, pixels);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(bytes);
    }

    for (Path f : new Path[] {file("images-idx3-ubyte", bytes), file("images.gz", gz.toByteArray())}) {
      IdxReader.IdxArray a = IdxReader.read(f, 3);
      assertThat(a.dimensions()).containsExactly(2, 2, 3);
      assertThat(a.count()).isEqualTo(2);
      assertThat(a.itemSize()).isEqualTo(6);
      assertThat(a.get(1, 0)).isEqualTo(200);
      assertThat(a.get(1, 1)).isEqualTo(255);
      assertThat(a.get(1, 5)).isEqualTo(12);
    }
  }

  @Test
  void read_labels() throws IOException {
    IdxReader.IdxArray a = IdxReader.read(file("labels", idx(0x0801, new int[] {3}, new byte[] {7, 0, 9})), 1);

    assertThat(a.count()).isEqualTo(3);
    assertThat(a.itemSize()).isEqualTo(1);
    assertThat(a.get(2, 0)).isEqualTo(9);
  }

  @Test
  void read_malformed_namesFileAndByteOffset() throws IOException {
    Path badMagic = file("a", idx(0x12340803, new int[] {1}, new byte[] {1}));
    Path badType = file("b", idx(0x0D01, new int[] {1}, new byte[4]));
    Path badDims = file("c", idx(0x0803, new int[] {1}, new byte[] {1}));
    Path truncated = file("d", idx(0x0803, new int[] {2, 2, 2}, new byte[5]));
    Path trailing = file("e", idx(0x0801, new int[] {2}, new byte[3]));
    Path empty = file("f", new byte[2]);
    Path negative = file("g", idx(0x0801, new int[] {-1}, new byte[0]));

    assertThatThrownBy(() -> IdxReader.read(badMagic, 1))
        .hasMessage(badMagic + ": byte 0: not an IDX file (magic number 0x12340803, expected 0x00000801)");
    assertThatThrownBy(() -> IdxReader.read(badType, 1))
        .hasMessage(badType + ": byte 2: element type 0x0d, only unsigned bytes (0x08) are supported");
    assertThatThrownBy(() -> IdxReader.read(badDims, 1)).hasMessage(badDims + ": byte 3: 3 dimensions, expected 1");
    assertThatThrownBy(() -> IdxReader.read(truncated, 3))
        .hasMessage(truncated + ": byte 21: truncated: 5 data bytes, expected 8 for dimensions [2, 2, 2]");
    assertThatThrownBy(() -> IdxReader.read(trailing, 1))
        .hasMessage(trailing + ": byte 10: trailing bytes after the 2 data bytes of dimensions [2]");
    assertThatThrownBy(() -> IdxReader.read(empty, 1))
        .hasMessage(empty + ": byte 0: not an IDX file (shorter than its 4-byte magic number)");
    assertThatThrownBy(() -> IdxReader.read(negative, 1)).hasMessage(negative + ": byte 4: negative size -1 of dimension 0");
  }
}

package org.petuum4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistConverterTest {
  @TempDir Path dir;

  private Path gz(String name, int magic, int[] sizes, byte[] data) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
    b.putInt(magic);
    for (int s : sizes) {
      b.putInt(s);
    }
    b.put(data);
    Path f = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write(b.array());
    }
    return f;
  }

  @Test
  void convert_writesLabelAndNonZeroScaledPixels() throws IOException {
    Path images = gz("img.gz", 0x0803, new int[] {2, 2, 2}, new byte[] {0, (byte) 255, 1, 0, 0, 0, 0, (byte) 128});
    Path labels = gz("lab.gz", 0x0801, new int[] {2}, new byte[] {9, 0});

    int n = FashionMnistConverter.convert(images, labels, dir.resolve("out/train.libsvm"));

    assertThat(n).isEqualTo(2);
    assertThat(Files.readAllLines(dir.resolve("out/train.libsvm")))
        .containsExactly("9 2:1 3:0.003922", "0 4:0.501961");
  }

  @Test
  void convert_mismatchedCountsOrBadLabel_namesTheFiles() throws IOException {
    Path images = gz("img.gz", 0x0803, new int[] {2, 1, 1}, new byte[] {1, 2});
    Path oneLabel = gz("one.gz", 0x0801, new int[] {1}, new byte[] {1});
    Path badLabel = gz("bad.gz", 0x0801, new int[] {2}, new byte[] {1, 10});

    assertThatThrownBy(() -> FashionMnistConverter.convert(images, oneLabel, dir.resolve("o")))
        .hasMessage(images + " holds 2 images but " + oneLabel + " holds 1 labels");
    assertThatThrownBy(() -> FashionMnistConverter.convert(images, badLabel, dir.resolve("o")))
        .hasMessage(badLabel + ": byte 9: label 10 of item 1 is not in [0, 9]");
    assertThat(dir.resolve("o")).doesNotExist();
  }

  @Test
  void scaled_dropsTrailingZeros() {
    assertThat(FashionMnistConverter.scaled(255)).isEqualTo("1");
    assertThat(FashionMnistConverter.scaled(51)).isEqualTo("0.2");
    assertThat(FashionMnistConverter.scaled(1)).isEqualTo("0.003922");
  }
}

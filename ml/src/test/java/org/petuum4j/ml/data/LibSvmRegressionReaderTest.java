package org.petuum4j.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibSvmRegressionReaderTest {
  @TempDir Path dir;

  private Path file(String content) throws IOException {
    Path f = dir.resolve("d.libsvm");
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void read_parsesRealTargetsAndSortsIndices() throws IOException {
    RegressionDataset d = LibSvmRegressionReader.oneBased().read(file(
        "# header comment\n-1.25 3:0.5 1:2\n\n3e2\t2:-1 # trailing\r\n0 10:1e-3\n"));
    assertThat(d.rows()).isEqualTo(3);
    assertThat(d.numFeatures()).isEqualTo(10);
    assertThat(MatrixMarketReaderTest.cells(d, 0)).isEqualTo("0:2.0 2:0.5");
    assertThat(MatrixMarketReaderTest.cells(d, 1)).isEqualTo("1:-1.0");
    assertThat(MatrixMarketReaderTest.cells(d, 2)).isEqualTo("9:0.001");
    assertThat(d.target(0)).isEqualTo(-1.25);
    assertThat(d.target(1)).isEqualTo(300);
    RegressionDataset z = LibSvmRegressionReader.zeroBased().read(file("1 0:1\n"));
    assertThat(MatrixMarketReaderTest.cells(z, 0)).isEqualTo("0:1.0");
  }

  @Test
  void badLines_areReportedWithFileAndLine() throws IOException {
    expectError("1 1:1\nabc 1:1\n", ":2: target 'abc' is not a finite decimal number in line 'abc 1:1'");
    expectError("1 1:x\n", ":1: bad feature '1:x' (expected index:value with a finite decimal value)");
    expectError("1 a:1\n", ":1: bad feature 'a:1'");
    expectError("1 0:1\n", ":1: feature index 0 outside [1, ");
    expectError("1 2:1 2:3\n", ":1: feature index 2 repeats");
    expectError("1 2:Infinity\n", ":1: bad feature '2:Infinity'");
  }

  @Test
  void smallChunksOnSeveralThreads_readTheSameDataAndNumberLinesAcrossChunks() throws IOException {
    StringBuilder text = new StringBuilder("# generated\n");
    java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
    for (int i = 0; i < 500; i++) {
      text.append(i % 7 == 0 ? "\n" : "").append(rng.nextInt(-50, 50) / 8.0);
      for (int j = 1 + rng.nextInt(5); j <= 40; j += 1 + rng.nextInt(9)) {
        text.append(' ').append(j).append(':').append(rng.nextInt(1000) / 1000.0);
      }
      text.append(i % 3 == 0 ? " # note\r\n" : "\n");
    }
    Path f = file(text.toString());
    RegressionDataset whole = LibSvmRegressionReader.oneBased().threads(1).read(f);
    RegressionDataset chunked = LibSvmRegressionReader.oneBased().threads(3).chunkBytes(97).read(f);

    assertThat(chunked.rows()).isEqualTo(whole.rows()).isEqualTo(500);
    assertThat(chunked.numFeatures()).isEqualTo(whole.numFeatures());
    for (int i = 0; i < whole.rows(); i++) {
      assertThat(MatrixMarketReaderTest.cells(chunked, i)).as("row %d", i).isEqualTo(MatrixMarketReaderTest.cells(whole, i));
      assertThat(chunked.target(i)).isEqualTo(whole.target(i));
    }

    // A bad line far into the file keeps its file-wide number, and earlier chunks do not hide it.
    String[] lines = text.toString().split("\n", -1);
    lines[500] = "1 x:1";
    Path bad = dir.resolve("bad.libsvm");
    Files.writeString(bad, String.join("\n", lines), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> LibSvmRegressionReader.oneBased().threads(3).chunkBytes(97).read(bad))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(bad + ":501: bad feature 'x:1'");
  }

  private void expectError(String content, String message) throws IOException {
    Path f = file(content);
    assertThatThrownBy(() -> LibSvmRegressionReader.oneBased().read(f))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(f + message);
  }
}

package org.petuum4j.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibSvmReaderTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static MalformedDataException malformed(LibSvmReader reader, Path p) {
    try {
      reader.read(p);
    } catch (MalformedDataException e) {
      return e;
    } catch (IOException e) {
      throw new AssertionError("expected MalformedDataException", e);
    }
    throw new AssertionError("expected MalformedDataException for " + p);
  }

  @Test
  void readShared_returnsTheSameParseWhileTheFileIsUnchanged_andRereadsAChangedOne() throws IOException {
    Path f = dir.resolve("shared.libsvm");
    Files.writeString(f, "1 1:0.5 3:2\n0 2:1\n");

    SparseDataset first = LibSvmReader.oneBased().readShared(f);
    SparseDataset again = LibSvmReader.oneBased().readShared(dir.resolve(".").resolve("shared.libsvm"));
    SparseDataset zeroBased = LibSvmReader.zeroBased().readShared(f);

    assertThat(again).isSameAs(first);
    assertThat(zeroBased).isNotSameAs(first);
    assertThat(zeroBased.dimension()).isEqualTo(first.dimension() + 1);
    Files.writeString(f, "1 1:0.5 3:2\n0 2:1\n1 5:1\n");
    SparseDataset changed = LibSvmReader.oneBased().readShared(f);
    assertThat(changed).isNotSameAs(first);
    assertThat(changed.rows()).isEqualTo(3);
    assertThat(changed).isEqualTo(LibSvmReader.oneBased().read(f));
  }

  @Test
  void read_oneBasedFile_storesZeroBasedCsr() throws IOException {
    Path p = file("a.libsvm", "1 1:0.5 3:2\n0 2:1.5\n-1\n+1 4:-1e-2\n");
    SparseDataset d = LibSvmReader.oneBased().read(p);

    assertThat(d.rows()).isEqualTo(4);
    assertThat(d.nonZeros()).isEqualTo(4);
    assertThat(d.dimension()).isEqualTo(4);
    assertThat(d.maxFeature()).isEqualTo(3);
    assertThat(new float[] {d.label(0), d.label(1), d.label(2), d.label(3)})
        .containsExactly(1f, 0f, 0f, 1f);
    assertThat(d.rowStart(0)).isZero();
    assertThat(d.rowEnd(0)).isEqualTo(2);
    assertThat(new int[] {d.col(0), d.col(1), d.col(2), d.col(3)}).containsExactly(0, 2, 1, 3);
    assertThat(new float[] {d.value(0), d.value(1), d.value(2), d.value(3)})
        .containsExactly(0.5f, 2f, 1.5f, -0.01f);
    assertThat(d.rowStart(2)).isEqualTo(d.rowEnd(2));
  }

  @Test
  void read_zeroBasedFlag_keepsIndices() throws IOException {
    Path p = file("z.libsvm", "1 0:1 5:2\n0 2:3\n");
    SparseDataset d = LibSvmReader.zeroBased().read(p);

    assertThat(d.col(0)).isZero();
    assertThat(d.col(1)).isEqualTo(5);
    assertThat(d.col(2)).isEqualTo(2);
    assertThat(d.dimension()).isEqualTo(6);
  }

  @Test
  void read_indexZeroInOneBasedFile_isRejectedWithHint() throws IOException {
    Path p = file("z.libsvm", "1 0:1 5:2\n");
    MalformedDataException e = malformed(LibSvmReader.oneBased(), p);

    assertThat(e.line()).isEqualTo(1);
    assertThat(e.getMessage()).contains("bad feature '0:1'").contains("0-based");
  }

  @Test
  void read_commentsBlankLinesTabsAndCrlf_areAccepted() throws IOException {
    Path p = file("c.libsvm",
        "# header comment\r\n\r\n1\t1:1   2:2 # trailing comment\r\n   \n  0 3:3\r\n# end");
    SparseDataset d = LibSvmReader.oneBased().read(p);

    assertThat(d.rows()).isEqualTo(2);
    assertThat(d.nonZeros()).isEqualTo(3);
    assertThat(d.value(2)).isEqualTo(3f);
  }

  @Test
  void read_lastLineWithoutNewline_isRead() throws IOException {
    SparseDataset d = LibSvmReader.oneBased().read(file("n.libsvm", "1 1:1\n0 2:2"));

    assertThat(d.rows()).isEqualTo(2);
    assertThat(d.col(1)).isEqualTo(1);
  }

  @Test
  void read_unsortedIndices_areSorted() throws IOException {
    SparseDataset d = LibSvmReader.oneBased().read(file("u.libsvm", "1 9:9 2:2 5:5\n"));

    assertThat(new int[] {d.col(0), d.col(1), d.col(2)}).containsExactly(1, 4, 8);
    assertThat(new float[] {d.value(0), d.value(1), d.value(2)}).containsExactly(2f, 5f, 9f);
  }

  @Test
  void read_duplicateIndex_namesIt() throws IOException {
    Path p = file("d.libsvm", "1 1:1\n1 3:1 2:1 3:2\n");
    MalformedDataException e = malformed(LibSvmReader.oneBased(), p);

    assertThat(e.getMessage()).isEqualTo(p + ":2: duplicate feature index 3 in line '1 3:1 2:1 3:2'");
  }

  @Test
  void read_badFeature_messageNamesFileLineTokenAndLine() throws IOException {
    StringBuilder sb = new StringBuilder("# comment\n");
    for (int i = 0; i < 15; i++) {
      sb.append("0 1:1\n");
    }
    sb.append("1 abc:1 3:0.5\n0 2:1\n");
    Path p = file("train.libsvm", sb.toString());

    MalformedDataException e = malformed(LibSvmReader.oneBased(), p);

    assertThat(e.getMessage()).isEqualTo(
        p + ":17: bad feature 'abc:1' (expected index:value) in line '1 abc:1 3:0.5'");
    assertThat(e.file()).isEqualTo(p.toString());
    assertThat(e.line()).isEqualTo(17);
    assertThat(e.lineText()).isEqualTo("1 abc:1 3:0.5");
  }

  @Test
  void read_badValues_areRejected() throws IOException {
    for (String line : new String[] {"1 1:x", "1 1:", "1 1:1e99", "1 1:nan", "1 :1", "1 1", "1 -1:1", "1 1:2:3"}) {
      MalformedDataException e = malformed(LibSvmReader.oneBased(), file("v.libsvm", "1 1:1\n" + line + "\n"));
      assertThat(e.line()).as(line).isEqualTo(2);
      assertThat(e.getMessage()).as(line).contains("bad feature").contains("in line '" + line + "'");
    }
  }

  @Test
  void read_labelsOtherThanZeroOneOrSigned_areRejected() throws IOException {
    for (String label : new String[] {"2", "0.5", "-2", "yes", "1:1"}) {
      MalformedDataException e = malformed(LibSvmReader.oneBased(), file("l.libsvm", "1 1:1\n" + label + " 2:1\n"));
      assertThat(e.getMessage()).as(label)
          .contains(":2: bad label '" + label + "' (expected 0, 1, -1 or +1)");
    }
  }

  @Test
  void read_labelSpellings_mapToZeroAndOne() throws IOException {
    SparseDataset d = LibSvmReader.oneBased().read(file("s.libsvm", "1.0\n-1.0\n+1\n0.0\n-0\n"));

    assertThat(new float[] {d.label(0), d.label(1), d.label(2), d.label(3), d.label(4)})
        .containsExactly(1f, 0f, 1f, 0f, 0f);
  }

  @Test
  void read_missingFile_throwsNoSuchFile() {
    assertThatThrownBy(() -> LibSvmReader.oneBased().read(dir.resolve("nope.libsvm")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void read_emptyFile_givesEmptyDataset() throws IOException {
    SparseDataset d = LibSvmReader.oneBased().read(file("e.libsvm", ""));

    assertThat(d.rows()).isZero();
    assertThat(d.dimension()).isZero();
  }

  @Test
  void read_manySmallChunksInParallel_equalsSingleChunk() throws IOException {
    SplittableRandom rng = new SplittableRandom(3);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      if (i % 97 == 0) {
        sb.append("# comment ").append(i).append('\n');
      }
      sb.append(rng.nextBoolean() ? "+1" : "-1");
      int col = 0;
      for (int k = rng.nextInt(6); k > 0; k--) {
        col += 1 + rng.nextInt(50);
        sb.append(' ').append(col).append(':').append(rng.nextInt(1000) / 100.0);
      }
      sb.append('\n');
    }
    Path p = file("big.libsvm", sb.toString());

    SparseDataset whole = LibSvmReader.oneBased().threads(1).read(p);
    for (int chunk : new int[] {1, 7, 64, 1000}) {
      assertThat(LibSvmReader.oneBased().threads(3).chunkBytes(chunk).read(p)).as("chunk " + chunk).isEqualTo(whole);
    }
    assertThat(whole.rows()).isEqualTo(2000);
  }

  @Test
  void read_errorInLaterChunk_reportsFileWideLineNumber() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < 500; i++) {
      sb.append(i % 10 == 0 ? "# c\n" : "1 1:1 2:2\n");
    }
    sb.append("1 1:1 2:oops\n");
    for (int i = 0; i < 100; i++) {
      sb.append("1 3:3\n");
    }
    Path p = file("late.libsvm", sb.toString());

    for (int chunk : new int[] {16, 100, 1 << 20}) {
      MalformedDataException e = malformed(LibSvmReader.oneBased().threads(2).chunkBytes(chunk), p);
      assertThat(e.line()).as("chunk " + chunk).isEqualTo(500);
      assertThat(e.lineText()).isEqualTo("1 1:1 2:oops");
    }
  }

  @Test
  void read_firstOfSeveralErrors_isReported() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 300; i++) {
      sb.append(i == 120 || i == 250 ? "7 1:1\n" : "0 1:1\n");
    }
    MalformedDataException e = malformed(LibSvmReader.oneBased().threads(2).chunkBytes(32), file("two.libsvm", sb.toString()));

    assertThat(e.line()).isEqualTo(120);
  }

  @Test
  void threads_rejectsZero() {
    assertThatThrownBy(() -> LibSvmReader.oneBased().threads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads must be >= 1, was 0");
  }
}

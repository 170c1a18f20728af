package org.petuum4j.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path dir;

  private long filesIn(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @Test
  void write_createsFileAndParents() throws IOException {
    Path target = dir.resolve("a/b/out.txt");

    AtomicFile.write(target, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));

    assertThat(target).hasContent("hello");
    assertThat(filesIn(target.getParent())).isEqualTo(1);
  }

  @Test
  void write_failure_leavesNoFileAndNoTemporary() throws IOException {
    Path target = dir.resolve("out.txt");

    assertThatThrownBy(() -> AtomicFile.write(target, out -> {
      out.write(new byte[100_000]);
      throw new IOException("disk full");
    })).hasMessage("disk full");

    assertThat(target).doesNotExist();
    assertThat(filesIn(dir)).isZero();
  }

  @Test
  void write_failure_keepsPreviousContent() throws IOException {
    Path target = dir.resolve("out.txt");
    Files.writeString(target, "old");

    assertThatThrownBy(() -> AtomicFile.write(target, out -> {
      out.write("new".getBytes(StandardCharsets.UTF_8));
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(target).hasContent("old");
    assertThat(filesIn(dir)).isEqualTo(1);
  }

  @Test
  void write_replacesExistingFile() throws IOException {
    Path target = dir.resolve("out.txt");
    Files.writeString(target, "old content that is longer");

    AtomicFile.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));

    assertThat(target).hasContent("new");
  }
}

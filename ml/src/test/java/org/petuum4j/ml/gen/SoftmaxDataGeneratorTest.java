package org.petuum4j.ml.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftmaxDataGeneratorTest {
  @TempDir Path dir;

  @Test
  void output_isAFunctionOfTheSeedWithEveryClassAndDenseRows() throws IOException {
    Path a = dir.resolve("a.libsvm");
    Path at = dir.resolve("at.libsvm");
    Path b = dir.resolve("b.libsvm");
    Path bt = dir.resolve("bt.libsvm");
    SoftmaxDataGenerator.Summary s = new SoftmaxDataGenerator(500, 200, 3, 5, 9).write(a, at);
    assertThat(new SoftmaxDataGenerator(500, 200, 3, 5, 9).write(b, bt)).isEqualTo(s);
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    assertThat(Files.readAllBytes(bt)).isEqualTo(Files.readAllBytes(at));
    assertThat(s.trainBytes()).isEqualTo(Files.size(a));
    List<String> lines = Files.readAllLines(a);
    assertThat(lines).hasSize(500);
    assertThat(lines.get(0)).matches("[0-2] 1:-?\\d\\.\\d{6} 2:\\S+ 3:\\S+ 4:\\S+ 5:-?\\d+\\.\\d{6}");
    assertThat(lines.stream().map(l -> l.charAt(0)).distinct()).containsExactlyInAnyOrder('0', '1', '2');
    assertThat(s.plantedTestAccuracy()).isBetween(0.5, 1.0);
    assertThat(s.plantedTestLogLoss()).isBetween(0.0, Math.log(3));
    SoftmaxDataGenerator other = new SoftmaxDataGenerator(500, 200, 3, 5, 10);
    assertThat(other.planted().row(0)).isNotEqualTo(new SoftmaxDataGenerator(500, 200, 3, 5, 9).planted().row(0));
    assertThatThrownBy(() -> new SoftmaxDataGenerator(1, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}

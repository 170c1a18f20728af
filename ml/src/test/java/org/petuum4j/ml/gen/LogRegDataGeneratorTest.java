package org.petuum4j.ml.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;

class LogRegDataGeneratorTest {
  @TempDir Path dir;

  private static LogRegDataGenerator.Builder small() {
    return LogRegDataGenerator.builder()
        .trainRows(10_000).testRows(3_000).features(500).nonZerosPerRow(20).seed(11);
  }

  @Test
  void write_sameSeed_isByteIdenticalForAnyThreadCount() throws IOException {
    LogRegDataGenerator.Summary a = small().threads(1).build()
        .write(dir.resolve("a-train"), dir.resolve("a-test"));
    LogRegDataGenerator.Summary b = small().threads(3).build()
        .write(dir.resolve("b-train"), dir.resolve("b-test"));

    assertThat(Files.mismatch(dir.resolve("a-train"), dir.resolve("b-train"))).isEqualTo(-1);
    assertThat(Files.mismatch(dir.resolve("a-test"), dir.resolve("b-test"))).isEqualTo(-1);
    assertThat(a).isEqualTo(b);
    assertThat(a.trainBytes()).isEqualTo(Files.size(dir.resolve("a-train")));
  }

  @Test
  void write_differentSeed_givesDifferentDataAndModel() throws IOException {
    small().build().write(dir.resolve("a-train"), dir.resolve("a-test"));
    small().seed(12).build().write(dir.resolve("b-train"), dir.resolve("b-test"));

    assertThat(Files.mismatch(dir.resolve("a-train"), dir.resolve("b-train"))).isNotEqualTo(-1);
    assertThat(small().build().plantedWeights()).isNotEqualTo(small().seed(12).build().plantedWeights());
  }

  @Test
  void write_seed11_matchesGoldenOutput() throws Exception {
    LogRegDataGenerator.Summary s = small().threads(2).build().write(dir.resolve("train"), dir.resolve("test"));

    // Pins the byte stream: any change to sampling, seeding or formatting shows up here.
    assertThat(Files.readAllLines(dir.resolve("train")).get(0)).isEqualTo(
        "1 27:0.357069 94:0.078106 162:0.352086 183:0.083694 217:0.453425 242:0.088215 314:0.966087"
            + " 323:0.210283 332:0.807048 353:0.345316 354:0.859693 355:0.953959 364:0.791697"
            + " 374:0.592716 388:0.400878 389:0.302734 393:0.450664 417:0.303371 437:0.940855"
            + " 445:0.428024");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertThat(HexFormat.of().formatHex(sha.digest(Files.readAllBytes(dir.resolve("train")))))
        .isEqualTo("16d3204305ae4325d7a88b1f130d5a27cdf65e3bc357bf232ba3e20094154ec3");
    assertThat(s.trainBytes()).isEqualTo(2_555_084L);
    assertThat(s.plantedTestError()).isEqualTo(832 / 3000.0);
  }

  @Test
  void write_rowsFollowTheDocumentedShape() throws IOException {
    LogRegDataGenerator.Summary s = small().build().write(dir.resolve("train"), dir.resolve("test"));
    SparseDataset train = LibSvmReader.oneBased().read(dir.resolve("train"));
    SparseDataset test = LibSvmReader.oneBased().read(dir.resolve("test"));

    assertThat(train.rows()).isEqualTo(10_000);
    assertThat(test.rows()).isEqualTo(3_000);
    assertThat(train.nonZeros()).isEqualTo(10_000 * 20);
    assertThat(train.maxFeature()).isLessThan(500);
    double sum = 0;
    for (int k = 0; k < train.nonZeros(); k++) {
      assertThat(train.value(k)).isGreaterThan(0f).isLessThan(1f);
      sum += train.value(k);
    }
    assertThat(sum / train.nonZeros()).isBetween(0.49, 0.51);
    long ones = 0;
    for (int i = 0; i < train.rows(); i++) {
      // The reader sorts unsorted rows, so check the file itself kept distinct indices.
      assertThat(train.rowEnd(i) - train.rowStart(i)).isEqualTo(20);
      ones += (long) train.label(i);
    }
    assertThat(ones).isBetween(3_000L, 7_000L);
    assertThat(s.plantedNonZeros()).isEqualTo(50);
    assertThat(s.plantedTestError()).isBetween(0.05, 0.35);
  }

  @Test
  void plantedTestError_matchesRecomputationFromTheFile() throws IOException {
    LogRegDataGenerator gen = small().build();
    LogRegDataGenerator.Summary s = gen.write(dir.resolve("train"), dir.resolve("test"));
    SparseDataset test = LibSvmReader.oneBased().read(dir.resolve("test"));
    double[] w = gen.plantedWeights();

    long errors = 0;
    for (int i = 0; i < test.rows(); i++) {
      double z = 0;
      for (int k = test.rowStart(i); k < test.rowEnd(i); k++) {
        z += w[test.col(k)] * test.value(k);
      }
      if ((z > 0 ? 1f : 0f) != test.label(i)) {
        errors++;
      }
    }
    assertThat(s.plantedTestError()).isEqualTo((double) errors / test.rows());
  }

  @Test
  void sampler_drawsDistinctSortedValuesUniformly() {
    LogRegDataGenerator.Sampler sampler = new LogRegDataGenerator.Sampler(10);
    SplittableRandom rng = new SplittableRandom(5);
    int[] out = new int[4];
    int[] counts = new int[10];
    for (int r = 0; r < 20_000; r++) {
      sampler.sample(rng, 4, out);
      for (int j = 1; j < 4; j++) {
        assertThat(out[j]).isGreaterThan(out[j - 1]);
      }
      for (int v : out) {
        counts[v]++;
      }
    }
    for (int c : counts) {
      assertThat(c).isBetween(7_600, 8_400);
    }
    sampler.sample(rng, 10, new int[10]);
  }

  @Test
  void builder_rejectsBadSettingsWithTheValue() {
    assertThatThrownBy(() -> LogRegDataGenerator.builder().features(0))
        .hasMessage("features must be >= 1, was 0");
    assertThatThrownBy(() -> LogRegDataGenerator.builder().trainRows(-5))
        .hasMessage("training rows must be >= 1, was -5");
    assertThatThrownBy(() -> LogRegDataGenerator.builder().features(10).nonZerosPerRow(11).build())
        .hasMessage("non-zeros per row (11) must be <= features (10)");
  }

  @Test
  void write_unwritableTarget_leavesNothingBehind() throws IOException {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file where a directory is needed");

    assertThatThrownBy(() -> small().build().write(dir.resolve("train"), blocker.resolve("test")))
        .isInstanceOf(IOException.class);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("blocker", "train");
    }
  }
}

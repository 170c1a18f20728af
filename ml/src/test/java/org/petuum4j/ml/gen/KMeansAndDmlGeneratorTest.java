package org.petuum4j.ml.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.CsvReader;
import org.petuum4j.ml.data.DenseDataset;

class KMeansAndDmlGeneratorTest {
  @TempDir Path dir;

  @Test
  void kmeans_isByteIdenticalForASeedAndItsLibSvmLabelsAreThePlantedCentres() throws IOException {
    KMeansDataGenerator g = new KMeansDataGenerator(500, 3, 2, 10, 0.5, 8);
    g.write(dir.resolve("a.csv"), true);
    g.write(dir.resolve("b.csv"), true);
    new KMeansDataGenerator(500, 3, 2, 10, 0.5, 9).write(dir.resolve("c.csv"), true);
    assertThat(Files.readAllBytes(dir.resolve("a.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("b.csv")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("c.csv")));
    g.write(dir.resolve("a.libsvm"), false);
    DenseDataset svm = DenseDataset.readLibSvm(dir.resolve("a.libsvm"), false, 0);
    DenseDataset csv = CsvReader.read(dir.resolve("a.csv"));
    double[][] centres = g.centres();
    assertThat(svm.rows()).isEqualTo(500);
    for (int i = 0; i < svm.rows(); i++) {
      assertThat(svm.value(i, 1)).isEqualTo(csv.value(i, 1));
      // N(0, 0.25) per coordinate: every point of this seed lies within 2.1 of its label's centre
      assertThat(svm.squaredDistance(i, centres[(int) svm.label(i)])).isLessThan(2 * 9 * 0.25);
    }
  }

  @Test
  void dml_onlyTheInformativeFeaturesDependOnTheClass() throws IOException {
    new DmlDataGenerator(2000, 10, 2, 1, 2, 3).write(dir.resolve("t.libsvm"), dir.resolve("h.libsvm"));
    DenseDataset d = DenseDataset.readLibSvm(dir.resolve("t.libsvm"), false, 0);
    assertThat(d.dimension()).isEqualTo(3);
    double[][] mean = new double[2][3];
    int[] count = new int[2];
    for (int i = 0; i < d.rows(); i++) {
      int c = (int) d.label(i);
      count[c]++;
      for (int j = 0; j < 3; j++) {
        mean[c][j] += d.value(i, j);
      }
    }
    for (int c = 0; c < 2; c++) {
      for (int j = 0; j < 3; j++) {
        mean[c][j] /= count[c];
      }
    }
    assertThat(Math.abs(mean[0][0] - mean[1][0])).isGreaterThan(0.2);
    assertThat(Math.abs(mean[0][1] - mean[1][1])).isLessThan(0.15);
    assertThat(Math.abs(mean[0][2] - mean[1][2])).isLessThan(0.15);
    assertThat(Files.readAllLines(dir.resolve("h.libsvm"))).hasSize(10);
  }
}

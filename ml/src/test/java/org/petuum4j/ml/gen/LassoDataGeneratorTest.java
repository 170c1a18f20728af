package org.petuum4j.ml.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.LibSvmRegressionReader;
import org.petuum4j.ml.data.MatrixMarketReader;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.sched.ColumnCorrelation;

class LassoDataGeneratorTest {
  @TempDir Path dir;

  private static LassoDataGenerator small() {
    return LassoDataGenerator.builder().rows(2000).features(300).nonZerosPerRow(20)
        .correlatedGroups(20).groupSize(5).support(12).noise(0.1).seed(4).build();
  }

  @Test
  void generate_hasKNonZerosPerRowAndThePlantedSupport() {
    LassoDataGenerator g = small();
    RegressionDataset d = g.generate();
    assertThat(d.rows()).isEqualTo(2000);
    assertThat(d.numFeatures()).isEqualTo(300);
    for (int i = 0; i < d.rows(); i++) {
      assertThat(d.rowEnd(i) - d.rowStart(i)).isEqualTo(20);
    }
    double[] b = g.plantedCoefficients();
    int nonZeros = 0;
    for (double v : b) {
      if (v != 0) {
        nonZeros++;
        assertThat(Math.abs(v)).isBetween(0.5, 1.5);
      }
    }
    assertThat(nonZeros).isEqualTo(12);
    // Half of the support sits on the first member of a group.
    for (int grp = 0; grp < 6; grp++) {
      assertThat(b[g.group(grp)[0]]).isNotZero();
    }
  }

  @Test
  void groupMembers_correlateStronglyAndOtherFeaturesHardly() {
    LassoDataGenerator g = small();
    RegressionDataset d = g.generate();
    ColumnCorrelation c = new ColumnCorrelation(List.of(d.columnsOfRows(0, 1000), d.columnsOfRows(1000, 2000)));
    int[] grp = g.group(3);
    for (int i = 1; i < grp.length; i++) {
      assertThat(c.between(grp[0], grp[i])).isGreaterThan(0.9);
    }
    assertThat(c.between(g.group(0)[0], g.group(1)[0])).isLessThan(0.1);
  }

  @Test
  void response_followsThePlantedModelUpToTheNoise() {
    LassoDataGenerator g = small();
    RegressionDataset d = g.generate();
    double[] b = g.plantedCoefficients();
    double sq = 0;
    for (int i = 0; i < d.rows(); i++) {
      double p = 0;
      for (int k = d.rowStart(i); k < d.rowEnd(i); k++) {
        p += d.value(k) * b[d.col(k)];
      }
      sq += (d.target(i) - p) * (d.target(i) - p);
    }
    assertThat(Math.sqrt(sq / d.rows())).isBetween(0.09, 0.11);
  }

  @Test
  void writtenFiles_readBackToTheSameDataInBothFormats() throws IOException {
    LassoDataGenerator g = small();
    RegressionDataset d = g.generate();
    Path svm = dir.resolve("d.libsvm");
    Path x = dir.resolve("X.mtx");
    Path y = dir.resolve("y.mtx");
    assertThat(g.writeLibSvm(svm)).isEqualTo(Files.size(svm));
    g.writeMatrixMarket(x, y);

    for (RegressionDataset back : List.of(LibSvmRegressionReader.oneBased().read(svm),
        MatrixMarketReader.readRegression(x, y))) {
      assertThat(back.rows()).isEqualTo(d.rows());
      assertThat(back.nonZeros()).isEqualTo(d.nonZeros());
      for (int i = 0; i < d.rows(); i++) {
        assertThat(back.target(i)).isEqualTo(d.target(i));
        for (int k = d.rowStart(i); k < d.rowEnd(i); k++) {
          assertThat(back.col(k)).isEqualTo(d.col(k));
          assertThat(back.value(k)).isEqualTo(d.value(k));
        }
      }
    }
  }

  @Test
  void output_isAFunctionOfTheSettings() throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    small().writeLibSvm(a);
    small().writeLibSvm(b);
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    Path c = dir.resolve("c");
    LassoDataGenerator.builder().rows(2000).features(300).nonZerosPerRow(20)
        .correlatedGroups(20).groupSize(5).support(12).seed(5).build().writeLibSvm(c);
    assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
  }

  @Test
  void builder_rejectsImpossibleSettings() {
    assertThatThrownBy(() -> LassoDataGenerator.builder().features(10).nonZerosPerRow(11).build())
        .hasMessage("non-zeros per row must be between 1 and the features (10), was 11");
    assertThatThrownBy(() -> LassoDataGenerator.builder().features(10).nonZerosPerRow(5).correlatedGroups(3).groupSize(4).build())
        .hasMessage("correlated groups must be between 0 and features / group size (2), was 3");
    assertThatThrownBy(() -> LassoDataGenerator.builder().features(100).nonZerosPerRow(3).correlatedGroups(1).groupSize(5).build())
        .hasMessage("group size (5) must not exceed the non-zeros per row (3)");
    assertThatThrownBy(() -> LassoDataGenerator.builder().features(60).nonZerosPerRow(20).correlatedGroups(11).groupSize(5).build())
        .hasMessage("the 5 features outside the groups are too few for 10 independent non-zeros per row; use fewer groups or more features");
    assertThatThrownBy(() -> LassoDataGenerator.builder().rows(0).build()).hasMessage("rows must be >= 1, was 0");
    assertThatThrownBy(() -> LassoDataGenerator.builder().noise(-1).build()).hasMessage("noise must be a finite number >= 0, was -1.0");
    assertThatThrownBy(() -> LassoDataGenerator.builder().support(-1).build()).hasMessage("support must be between 0 and the features (10000), was -1");
  }
}

package org.petuum4j.ml.lasso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.data.RegressionDataset;

class LassoModelTest {
  @TempDir Path dir;

  @Test
  void saveThenLoad_roundTripsBitForBit() throws IOException {
    double[] b = {0, 0.1 + 0.2, 0, -1e-300, 12345.678901234567, 0};
    Path f = dir.resolve("m.txt");
    new LassoModel(b).save(f);

    assertThat(Files.readString(f)).isEqualTo(
        "petuum4j-lasso v1\ndimension 6\nnonzeros 3\n1 0.30000000000000004\n3 -1.0E-300\n4 12345.678901234567\n");
    assertThat(LassoModel.load(f).coefficients()).containsExactly(b);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(f);
    }
  }

  @Test
  void objective_isHalfMeanSquaredErrorPlusL1() {
    // rows: [1 0] -> 1, [0 2] -> 0, [3 1] -> 2
    RegressionDataset d = RegressionDataset.fromCsr(new int[] {0, 1, 2, 4}, new int[] {0, 1, 0, 1},
        new double[] {1, 2, 3, 1}, new double[] {1, 0, 2}, 2);
    LassoModel m = new LassoModel(new double[] {0.5, -1});
    // predictions 0.5, -2, 0.5; errors 0.5, 2, 1.5; squares 0.25 + 4 + 2.25 = 6.5
    assertThat(m.objective(d, 0.1)).isCloseTo(6.5 / 6 + 0.1 * 1.5, within(1e-15));
    assertThat(m.predict(d, 2)).isEqualTo(0.5);
  }

  @Test
  void load_rejectsMalformedFilesNamingTheLine() throws IOException {
    assertLoadFails("petuum4j-logreg v1\n", "m.txt:1: not a petuum4j Lasso model");
    assertLoadFails("petuum4j-lasso v1\ndimension x\n", "m.txt:2: expected 'dimension <number>'");
    assertLoadFails("petuum4j-lasso v1\ndimension 3\nnonzeros 4\n", "m.txt:3: nonzeros must be in [0, 3]");
    assertLoadFails("petuum4j-lasso v1\ndimension 3\nnonzeros 1\n3 1.0\n", "m.txt:4: index 3 must be greater than the previous (-1) and below the dimension (3)");
    assertLoadFails("petuum4j-lasso v1\ndimension 3\nnonzeros 1\n1 NaN\n", "m.txt:4: coefficient must be finite and non-zero");
    assertLoadFails("petuum4j-lasso v1\ndimension 3\nnonzeros 2\n1 1.0\n", "m.txt:5: file ends after 1 of 2 coefficients");
    assertLoadFails("petuum4j-lasso v1\ndimension 3\nnonzeros 0\nextra\n", "m.txt:4: unexpected line");
  }

  private void assertLoadFails(String content, String messageStart) throws IOException {
    Path f = dir.resolve("m.txt");
    Files.writeString(f, content, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> LassoModel.load(f)).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(f.toString().replace("m.txt", "") + messageStart);
  }

  @Test
  void constructor_rejectsNonFiniteCoefficients() {
    assertThatThrownBy(() -> new LassoModel(new double[] {1, Double.NaN})).hasMessage("coefficient 1 is not finite: NaN");
    assertThatThrownBy(() -> new LassoModel(new double[0])).hasMessage("a model needs dimension >= 1, was 0");
  }
}

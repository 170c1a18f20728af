package org.petuum4j.ml.logreg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.gen.LogRegDataGenerator;

class LogRegModelTest {
  @TempDir Path dir;

  private static float[] randomWeights(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] w = new float[n];
    for (int j = 0; j < n; j++) {
      if (rng.nextInt(3) == 0) {
        w[j] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(-8, 4)));
      }
    }
    return w;
  }

  @Test
  void saveLoad_trainedModel_predictsIdentically() throws IOException {
    LogRegDataGenerator.builder().trainRows(3_000).testRows(1_000).features(300).nonZerosPerRow(10).seed(2)
        .build().write(dir.resolve("train"), dir.resolve("test"));
    SparseDataset train = LibSvmReader.oneBased().read(dir.resolve("train"));
    SparseDataset test = LibSvmReader.oneBased().read(dir.resolve("test"));
    LogRegModel model = new LogRegTrainer(LogRegConfig.builder().epochs(2).build()).train(train, test);

    model.save(dir.resolve("model.txt"));
    LogRegModel loaded = LogRegModel.load(dir.resolve("model.txt"));

    assertThat(loaded.weights()).isEqualTo(model.weights());
    for (int i = 0; i < test.rows(); i++) {
      assertThat(loaded.probability(test, i)).isEqualTo(model.probability(test, i));
      assertThat(loaded.predict(test, i)).isEqualTo(model.predict(test, i));
    }
    assertThat(loaded.evaluate(test)).isEqualTo(model.evaluate(test));
  }

  @Test
  void save_writesTheDocumentedFormat() throws IOException {
    new LogRegModel(new float[] {0f, 0.53125f, 0f, -1.25f, 0f}).save(dir.resolve("m"));

    assertThat(Files.readString(dir.resolve("m")))
        .isEqualTo("petuum4j-logreg v1\ndimension 5\nnonzeros 2\n1 0.53125\n3 -1.25\n");
  }

  @Test
  void saveLoad_roundTripsEveryBit() throws IOException {
    float[] w = randomWeights(5_000, 4);
    w[7] = Float.MIN_VALUE;
    w[8] = -Float.MAX_VALUE;

    new LogRegModel(w).save(dir.resolve("m"));

    assertThat(LogRegModel.load(dir.resolve("m")).weights()).isEqualTo(w);
  }

  @Test
  void load_malformedFiles_nameFileAndLine() throws IOException {
    String[][] cases = {
      {"something else\n", ":1: not a petuum4j logistic regression model"},
      {"petuum4j-logreg v1\ndim 3\n", ":2: expected 'dimension <number>'"},
      {"petuum4j-logreg v1\ndimension 0\nnonzeros 0\n", ":2: dimension must be in [1, "},
      {"petuum4j-logreg v1\ndimension 3\nnonzeros 4\n", ":3: nonzeros must be in [0, 3]"},
      {"petuum4j-logreg v1\ndimension 3\nnonzeros 2\n0 1.5\n", ":5: file ends after 1 of 2 weights"},
      {"petuum4j-logreg v1\ndimension 3\nnonzeros 2\n1 1.5\n1 2\n", ":5: index 1 must be greater than the previous (1)"},
      {"petuum4j-logreg v1\ndimension 3\nnonzeros 1\n3 1.5\n", ":4: index 3 must be greater"},
      {"petuum4j-logreg v1\ndimension 3\nnonzeros 1\n0 abc\n", ":4: expected 'index weight' in line '0 abc'"},
      {"petuum4j-logreg v1\ndimension 3\nnonzeros 1\n0 NaN\n", ":4: weight is not finite"},
      {"petuum4j-logreg v1\ndimension 3\nnonzeros 1\n0 1\nextra\n", ":5: unexpected line"},
    };
    for (String[] c : cases) {
      Path p = dir.resolve("bad-model");
      Files.writeString(p, c[0]);
      assertThatThrownBy(() -> LogRegModel.load(p)).as(c[0])
          .isInstanceOf(MalformedDataException.class)
          .hasMessageStartingWith(p + c[1]);
    }
  }

  @Test
  void save_failure_leavesNoPartialFile() throws IOException {
    Path blocker = dir.resolve("not-a-dir");
    Files.writeString(blocker, "x");

    assertThatThrownBy(() -> new LogRegModel(new float[] {1f}).save(blocker.resolve("model")))
        .isInstanceOf(IOException.class);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(blocker);
    }
  }

  @Test
  void predict_ignoresFeaturesBeyondTheDimension() {
    SparseDataset d = SparseDataset.fromCsr(new int[] {0, 2}, new int[] {0, 7}, new float[] {2f, 100f}, new float[] {1f});
    LogRegModel m = new LogRegModel(new float[] {0.5f, 1f});

    assertThat(m.margin(d, 0)).isEqualTo(1.0);
    assertThat(m.predict(d, 0)).isEqualTo(1);
    assertThat(m.probability(d, 0)).isCloseTo(1 / (1 + Math.exp(-1)), org.assertj.core.api.Assertions.within(1e-15));
  }

  @Test
  void constructor_rejectsNonFiniteWeights() {
    assertThatThrownBy(() -> new LogRegModel(new float[] {1f, Float.NaN}))
        .hasMessage("weight 1 is not finite: NaN");
    assertThatThrownBy(() -> new LogRegModel(new float[0]))
        .hasMessage("a model needs dimension >= 1, was 0");
  }
}

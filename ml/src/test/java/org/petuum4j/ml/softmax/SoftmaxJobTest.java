package org.petuum4j.ml.softmax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.gen.SoftmaxDataGenerator;
import org.petuum4j.ml.logreg.TrainingDivergedException;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.EmbeddedDeployment;
import org.petuum4j.ps.job.JobParams;

class SoftmaxJobTest {
  static final int K = 4;
  static final int D = 10;

  @TempDir static Path data;
  @TempDir Path dir;
  static Path train;
  static Path test;
  static SoftmaxDataGenerator.Summary planted;

  @BeforeAll
  static void generate() throws IOException {
    train = data.resolve("train.libsvm");
    test = data.resolve("test.libsvm");
    planted = new SoftmaxDataGenerator(4000, 2000, K, D, 3).write(train, test);
  }

  /** Features are N(0, 1) here, so ||x||^2 is about D: a larger step than the default suits them. */
  static JobParams params(Consistency c, int epochs) {
    return SoftmaxJob.params(train, test, false, 0, new SoftmaxConfig(c, epochs, 50, 0.5, 0.1, 1e-4, 1));
  }

  @Test
  void twoWorkersUnderSsp_reachThePlantedModelsHeldOutQuality() throws Exception {
    List<SoftmaxMetrics> epochs = new ArrayList<>();
    SoftmaxModel m = SoftmaxJob.train(new EmbeddedDeployment(2, 2), params(Consistency.ssp(2), 10), epochs::add);

    assertThat(epochs).extracting(SoftmaxMetrics::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    SoftmaxMetrics last = epochs.get(9);
    assertThat(m.classes()).isEqualTo(K);
    assertThat(m.dimension()).isEqualTo(D);
    assertThat(last.testAccuracy()).isGreaterThan(planted.plantedTestAccuracy() - 0.02);
    assertThat(last.testLoss()).isLessThan(planted.plantedTestLogLoss() + 0.02);
    assertThat(last.trainLoss()).isLessThan(epochs.get(0).trainLoss());
    SoftmaxJob.Data d = SoftmaxJob.load(params(Consistency.bsp(), 1));
    SoftmaxModel.Evaluation e = m.evaluate(d.test());
    assertThat(e.logLoss()).isCloseTo(last.testLoss(), Offset.offset(1e-9));
    assertThat(e.accuracy()).isCloseTo(last.testAccuracy(), Offset.offset(1e-12));
    // The generator's figures are the planted model's, evaluated by the model's own code.
    SoftmaxModel.Evaluation p = new SoftmaxDataGenerator(4000, 2000, K, D, 3).planted().evaluate(d.test());
    assertThat(p.accuracy()).isCloseTo(planted.plantedTestAccuracy(), Offset.offset(1e-12));
    assertThat(p.logLoss()).isCloseTo(planted.plantedTestLogLoss(), Offset.offset(1e-9));
    assertThat(planted.plantedTestAccuracy()).isBetween(0.6, 0.95);
  }

  @Test
  void model_roundTripsWithIdenticalPredictionsAndRejectsMalformedFiles() throws Exception {
    SoftmaxModel m = SoftmaxJob.train(new EmbeddedDeployment(1, 1), params(Consistency.bsp(), 2),
        SoftmaxListener.NONE);
    Path f = dir.resolve("model.txt");
    m.save(f);
    SoftmaxModel back = SoftmaxModel.load(f);
    for (int k = 0; k < K; k++) {
      assertThat(back.row(k)).containsExactly(m.row(k));
    }
    SoftmaxJob.Data d = SoftmaxJob.load(params(Consistency.bsp(), 1));
    for (int i = 0; i < d.test().rows(); i++) {
      assertThat(back.predict(d.test(), i)).isEqualTo(m.predict(d.test(), i));
      assertThat(back.probabilities(d.test(), i)).containsExactly(m.probabilities(d.test(), i));
    }
    assertThat(back.evaluate(d.test())).isEqualTo(m.evaluate(d.test()));

    Files.writeString(f, "petuum4j-softmax v1\nclasses 2\ndimension 1\n1 2\n3\n");
    assertThatThrownBy(() -> SoftmaxModel.load(f)).isInstanceOf(MalformedDataException.class)
        .hasMessage(f + ":5: expected 2 numbers, found 1 in line '3'");
    Files.writeString(f, "petuum4j-kmeans v1\nk 2\n");
    assertThatThrownBy(() -> SoftmaxModel.load(f)).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(f + ":1: not a petuum4j softmax model");
    Files.writeString(f, "petuum4j-softmax v1\nclasses 2\ndimension 1\n1 2\n3 4\n5 6\n");
    assertThatThrownBy(() -> SoftmaxModel.load(f)).hasMessageStartingWith(f + ":6: unexpected line");
  }

  @Test
  void badLabelsAndMalformedLines_nameFileAndLine() throws IOException {
    Path bad = dir.resolve("bad.libsvm");
    String[][] cases = {
      {"0 1:0.5\n# comment\n\n1.5 1:2\n", ":4: label '1.5' is not a class id (an integer in [0, 3))"},
      {"0 1:0.5\n3 1:2\n", ":2: label '3' is not a class id (an integer in [0, 3))"},
      {"0 1:0.5\n-1 1:2\n", ":2: label '-1' is not a class id"},
      {"2 1:0.5\n1 2:x\n", ":2: bad feature '2:x'"},
      {"cat 1:0.5\n", ":1: target 'cat' is not a finite decimal number"},
    };
    for (String[] c : cases) {
      Files.writeString(bad, c[0]);
      JobParams p = SoftmaxJob.params(bad, test, false, 3, SoftmaxConfig.defaults(Consistency.bsp(), 1));
      assertThatThrownBy(() -> SoftmaxJob.train(new EmbeddedDeployment(1, 1), p, SoftmaxListener.NONE))
          .as(c[0]).isInstanceOf(MalformedDataException.class).hasMessageStartingWith(bad + c[1]);
    }
    // Without --classes, K is the largest training label plus one; a held-out label beyond it is named.
    Path small = dir.resolve("small.libsvm");
    Files.writeString(small, "0 1:1\n2 2:1\n1 3:1\n");
    Files.writeString(bad, "1 1:1\n3 1:1\n");
    JobParams p = SoftmaxJob.params(small, bad, false, 0, SoftmaxConfig.defaults(Consistency.bsp(), 1));
    assertThatThrownBy(() -> SoftmaxJob.load(p)).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(bad + ":2: label '3' is not a class id (an integer in [0, 3))");
    Files.writeString(bad, "");
    assertThatThrownBy(() -> SoftmaxJob.load(p)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(bad + ": no rows");
  }

  @Test
  void aHugeLearningRate_diverges() {
    JobParams p = SoftmaxJob.params(train, test, false, 0,
        new SoftmaxConfig(Consistency.bsp(), 3, 10, 1e300, 0, 0, 1));
    assertThatThrownBy(() -> SoftmaxJob.train(new EmbeddedDeployment(2, 1), p, SoftmaxListener.NONE))
        .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("smaller learning rate");
  }

  @Test
  void config_rejectsBadValuesNamingThem() {
    assertThatThrownBy(() -> new SoftmaxConfig(Consistency.bsp(), 0, 1, 0.1, 0, 0, 1)).hasMessageContaining("epochs");
    assertThatThrownBy(() -> new SoftmaxConfig(Consistency.bsp(), 1, 0, 0.1, 0, 0, 1)).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> new SoftmaxConfig(Consistency.bsp(), 1, 1, 0, 0, 0, 1)).hasMessageContaining("learningRate");
    assertThatThrownBy(() -> new SoftmaxConfig(Consistency.bsp(), 1, 1, 1, -1, 0, 1)).hasMessageContaining("decay");
    assertThatThrownBy(() -> new SoftmaxConfig(Consistency.bsp(), 1, 1, 1, 0, Double.NaN, 1)).hasMessageContaining("l2");
    assertThatThrownBy(() -> new SoftmaxConfig(null, 1, 1, 1, 0, 0, 1)).hasMessageContaining("consistency");
    assertThat(new SoftmaxConfig(Consistency.bsp(), 1, 1, 0.5, 1, 0, 1).learningRate(3)).isEqualTo(0.125);
  }

  @Test
  void events_roundTrip() {
    SoftmaxMetrics m = new SoftmaxMetrics(3, 1.25, 0.5, 0.75, 0.625, 0.875);
    assertThat(SoftmaxJob.decode(SoftmaxJob.encode(m))).isEqualTo(m);
    assertThatThrownBy(() -> SoftmaxJob.decode("progress 1")).isInstanceOf(IllegalArgumentException.class);
  }
}

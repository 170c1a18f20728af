package org.petuum4j.ml.dml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.gen.DmlDataGenerator;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.EmbeddedDeployment;
import org.petuum4j.ps.job.JobParams;

class DmlJobTest {
  @TempDir static Path data;
  @TempDir Path dir;
  static Path train;
  static Path test;

  @BeforeAll
  static void generate() throws IOException {
    train = data.resolve("train.libsvm");
    test = data.resolve("test.libsvm");
    new DmlDataGenerator(1500, 500, 4, 3, 17, 5).write(train, test);
  }

  static JobParams params(Consistency c, int epochs) {
    return DmlJob.params(train, test, null, null, 4000, 2000, 9, false, DmlConfig.defaults(c, epochs));
  }

  @Test
  void twoWorkersUnderSsp_separateThePlantedClassesFarBetterThanEuclidean() throws Exception {
    List<DmlMetrics> epochs = new ArrayList<>();
    JobParams p = params(Consistency.ssp(2), 10);
    DmlModel m = DmlJob.train(new EmbeddedDeployment(2, 2), p, epochs::add);

    DmlJob.Data d = DmlJob.load(p);
    double learned = m.accuracy(d.test(), d.testPairs());
    double euclidean = DmlModel.euclidean(20).calibrate(d.train(), d.trainPairs()).accuracy(d.test(), d.testPairs());
    // The planted metric: the three informative features only.
    double[][] planted = new double[3][20];
    for (int j = 0; j < 3; j++) {
      planted[j][j] = 1;
    }
    double oracle = new DmlModel(planted, 0).calibrate(d.train(), d.trainPairs()).accuracy(d.test(), d.testPairs());
    assertThat(epochs).extracting(DmlMetrics::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(epochs.get(9).testAccuracy()).isEqualTo(learned);
    assertThat(learned).isGreaterThanOrEqualTo(0.9);
    assertThat(learned).isGreaterThan(oracle - 0.02);
    assertThat(euclidean).isLessThan(0.7);
    assertThat(epochs.get(9).objective()).isLessThan(epochs.get(0).objective());
  }

  @Test
  void pairsFromLabels_areSeededBalancedAndTrue() throws IOException {
    DmlJob.Data d = DmlJob.load(params(Consistency.bsp(), 1));
    Pairs p = d.trainPairs();
    assertThat(p.size()).isEqualTo(4000);
    assertThat(p.similarCount()).isEqualTo(2000);
    for (int i = 0; i < p.size(); i++) {
      assertThat(d.train().label(p.first(i)) == d.train().label(p.second(i))).isEqualTo(p.similar(i));
      assertThat(p.first(i)).isNotEqualTo(p.second(i));
    }
    Pairs again = Pairs.fromLabels(d.train(), 4000, 9);
    assertThat(again.first(17)).isEqualTo(p.first(17));
    assertThat(again.second(3999)).isEqualTo(p.second(3999));
  }

  @Test
  void pairsFiles_areReadAndUsedInsteadOfLabels() throws Exception {
    Path pairs = dir.resolve("train.pairs");
    Path testPairs = dir.resolve("test.pairs");
    DmlJob.Data drawn = DmlJob.load(params(Consistency.bsp(), 1));
    write(pairs, drawn.trainPairs());
    write(testPairs, drawn.testPairs());
    JobParams p = DmlJob.params(train, test, pairs, testPairs, 0, 0, 0, false, DmlConfig.defaults(Consistency.bsp(), 2));
    DmlJob.Data read = DmlJob.load(p);
    assertThat(read.testPairs().size()).isEqualTo(2000);
    assertThat(read.trainPairs().second(123)).isEqualTo(drawn.trainPairs().second(123));
    DmlModel m = DmlJob.train(new EmbeddedDeployment(1, 1), p, DmlListener.NONE);
    assertThat(m.accuracy(read.test(), read.testPairs())).isGreaterThan(0.8);
  }

  @Test
  void malformedPairsAndFeatures_nameFileAndLine() throws IOException {
    Path pairs = dir.resolve("bad.pairs");
    Files.writeString(pairs, "# i j similar\n0 1 1\n\n2 3 2\n");
    JobParams p = DmlJob.params(train, test, pairs, null, 0, 100, 0, false, DmlConfig.defaults(Consistency.bsp(), 1));
    assertThatThrownBy(() -> DmlJob.train(new EmbeddedDeployment(1, 1), p, DmlListener.NONE))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(pairs + ":4: expected 'i j s' with s 1 (similar) or 0 (dissimilar) in line '2 3 2'");
    Files.writeString(pairs, "0 1500 1\n");
    assertThatThrownBy(() -> DmlJob.load(p)).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(pairs + ":1: row '1500' is not a row number in [0, 1500)");
    Path features = dir.resolve("bad.libsvm");
    Files.writeString(features, "0 1:0.5\n1 2:x\n");
    JobParams q = DmlJob.params(features, test, null, null, 10, 10, 0, false, DmlConfig.defaults(Consistency.bsp(), 1));
    assertThatThrownBy(() -> DmlJob.load(q)).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(features + ":2: ");
  }

  @Test
  void model_calibratesRoundTripsAndRejectsMalformedFiles() throws IOException {
    DmlJob.Data d = DmlJob.load(params(Consistency.bsp(), 1));
    DmlModel m = DmlModel.euclidean(20).calibrate(d.train(), d.trainPairs());
    double best = m.accuracy(d.train(), d.trainPairs());
    double[][] identity = new double[20][];
    for (int r = 0; r < 20; r++) {
      identity[r] = m.row(r);
    }
    for (double f : new double[] {0.5, 0.9, 0.99, 1.01, 1.1, 2}) {
      assertThat(new DmlModel(identity, m.threshold() * f).accuracy(d.train(), d.trainPairs()))
          .as("accuracy at %s times the chosen threshold", f).isLessThanOrEqualTo(best);
    }
    assertThat(best).isGreaterThan(0.5);
    Path f = dir.resolve("m.txt");
    m.save(f);
    DmlModel back = DmlModel.load(f);
    assertThat(back.threshold()).isEqualTo(m.threshold());
    assertThat(back.row(19)).containsExactly(m.row(19));
    assertThat(back.accuracy(d.test(), d.testPairs())).isEqualTo(m.accuracy(d.test(), d.testPairs()));
    Files.writeString(f, "petuum4j-dml v1\nrank 1\ndimension 2\nthreshold x\n1 2\n");
    assertThatThrownBy(() -> DmlModel.load(f)).isInstanceOf(MalformedDataException.class)
        .hasMessage(f + ":4: expected 'threshold T' with T a finite number in line 'threshold x'");
  }

  @Test
  void tooLargeLearningRate_isReportedAsDivergence() {
    JobParams p = DmlJob.params(train, test, null, null, 1000, 100, 9, false,
        new DmlConfig(0, Consistency.bsp(), 3, 100, 1.0, 0, 1, 1, 1));
    assertThatThrownBy(() -> DmlJob.train(new EmbeddedDeployment(2, 1), p, DmlListener.NONE))
        .isInstanceOf(org.petuum4j.ml.logreg.TrainingDivergedException.class)
        .hasMessageStartingWith("training diverged in epoch 1 (objective ")
        .hasMessageEndingWith("use a smaller learning rate than 1.0");
  }

  private static void write(Path file, Pairs p) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < p.size(); i++) {
      b.append(p.first(i)).append(' ').append(p.second(i)).append(' ').append(p.similar(i) ? 1 : 0).append('\n');
    }
    Files.writeString(file, b);
  }
}

package org.petuum4j.ml.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.data.RatingsReader;
import org.petuum4j.ml.gen.MfDataGenerator;
import org.petuum4j.ml.logreg.TrainingDivergedException;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.EmbeddedDeployment;
import org.petuum4j.ps.job.JobParams;

class MfJobTest {
  static final double NOISE = 0.5;
  @TempDir static Path data;
  static Path train;
  static Path test;
  static MfDataGenerator.Summary summary;

  @BeforeAll
  static void generate() throws Exception {
    train = data.resolve("train.tsv");
    test = data.resolve("test.tsv");
    summary = new MfDataGenerator(400, 300, 4, 40_000, NOISE, 0.1, 3.0, 11).write(train, test, "\t");
  }

  static MfConfig config(MfConfig.Algorithm a) {
    return MfConfig.defaults(a).withRank(4).withEpochs(25);
  }

  @ParameterizedTest
  @EnumSource(MfConfig.Algorithm.class)
  void train_reachesTheNoiseLevelWithTwoWorkers(MfConfig.Algorithm algorithm) throws Exception {
    List<MfMetrics> epochs = new ArrayList<>();
    MfModel model = MfJob.train(new EmbeddedDeployment(2, 2), MfJob.params(train, test, config(algorithm)), epochs::add);

    assertThat(epochs).hasSize(25);
    assertThat(epochs).extracting(MfMetrics::epoch).startsWith(1, 2, 3);
    MfMetrics last = epochs.get(epochs.size() - 1);
    assertThat(last.testRmse()).isLessThanOrEqualTo(1.1 * NOISE);
    assertThat(epochs.get(0).testRmse()).isGreaterThan(last.testRmse());
    // The model read back from the tables predicts what the workers evaluated.
    assertThat(model.rmse(RatingsReader.read(test))).isCloseTo(last.testRmse(), org.assertj.core.data.Offset.offset(1e-4));
    assertThat(model.users()).isEqualTo(400);
  }

  @Test
  void train_stopsAtTheTargetRmse() throws Exception {
    List<MfMetrics> epochs = new ArrayList<>();
    JobParams p = MfJob.params(train, test, config(MfConfig.Algorithm.ROTATION)).with("targetRmse", 0.9);
    MfJob.train(new EmbeddedDeployment(2, 1), p, epochs::add);
    assertThat(epochs.get(epochs.size() - 1).testRmse()).isLessThanOrEqualTo(0.9);
    assertThat(epochs.subList(0, epochs.size() - 1)).allMatch(m -> m.testRmse() > 0.9);
    assertThat(epochs.size()).isLessThan(25);
  }

  @Test
  void train_sgdUnderSspWithStalenessTwo() throws Exception {
    MfConfig c = config(MfConfig.Algorithm.SGD);
    c = new MfConfig(c.algorithm(), c.rank(), c.epochs(), c.learningRate(), c.decay(), c.l2(), Consistency.ssp(2),
        8, c.initScale(), c.seed());
    List<MfMetrics> epochs = new ArrayList<>();
    MfJob.train(new EmbeddedDeployment(2, 2), MfJob.params(train, test, c), epochs::add);
    assertThat(epochs.get(epochs.size() - 1).testRmse()).isLessThanOrEqualTo(1.1 * NOISE);
  }

  @Test
  void train_withAStragglerSleepsAndStillConverges() throws Exception {
    MfConfig c = config(MfConfig.Algorithm.SGD).withEpochs(3).withClocksPerEpoch(5)
        .withStaleness(Consistency.ssp(2)).withStraggler(20, 1.0);
    List<MfMetrics> epochs = new ArrayList<>();
    long t0 = System.nanoTime();
    MfJob.train(new EmbeddedDeployment(2, 2), MfJob.params(train, test, c), epochs::add);
    // 15 clocks, one of the two workers sleeps 20 ms at each: each worker sleeps at some.
    assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(15 * 20 / 2.0);
    assertThat(epochs).hasSize(3);
    assertThat(epochs.get(2).testRmse()).isLessThan(epochs.get(0).testRmse());
  }

  @Test
  void params_carryTheStraggler() {
    MfConfig c = config(MfConfig.Algorithm.SGD).withStraggler(7, 0.25);
    MfConfig back = MfJob.config(MfJob.params(train, test, c));
    assertThat(back.stragglerMillis()).isEqualTo(7);
    assertThat(back.stragglerProbability()).isEqualTo(0.25);
    assertThat(back).isEqualTo(c);
  }

  @Test
  void straggler_isAPureFunctionAndRespectsTheProbability() {
    int[] count = new int[3];
    for (long clock = 0; clock < 2000; clock++) {
      int w = MfConfig.straggler(5, 2, clock, 1.0);
      assertThat(w).isEqualTo(MfConfig.straggler(5, 2, clock, 1.0)).isBetween(0, 1);
      count[w]++;
      assertThat(MfConfig.straggler(5, 2, clock, 0.0)).isEqualTo(-1);
      count[2] += MfConfig.straggler(5, 2, clock, 0.5) < 0 ? 1 : 0;
    }
    assertThat(count[0]).isBetween(800, 1200);
    assertThat(count[2]).isBetween(800, 1200);
    assertThatThrownBy(() -> config(MfConfig.Algorithm.SGD).withStraggler(-1, 1))
        .hasMessageContaining("straggler sleep (ms)");
    assertThatThrownBy(() -> config(MfConfig.Algorithm.SGD).withStraggler(1, 1.5))
        .hasMessageContaining("straggler probability");
  }

  @Test
  void train_tooLargeALearningRateDiverges() {
    MfConfig c = config(MfConfig.Algorithm.SGD).withLearningRate(50, 0);
    assertThatThrownBy(() -> MfJob.train(new EmbeddedDeployment(2, 2), MfJob.params(train, test, c), MfListener.NONE))
        .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("training diverged in epoch");
  }

  @Test
  void train_malformedInputNamesFileAndLine() throws Exception {
    Path bad = data.resolve("bad.csv");
    Files.writeString(bad, "1,2,3\n1,x,4\n");
    assertThatThrownBy(() -> MfJob.train(new EmbeddedDeployment(2, 2),
        MfJob.params(bad, test, config(MfConfig.Algorithm.SGD)), MfListener.NONE))
        .isInstanceOf(MalformedDataException.class).hasMessageStartingWith(bad + ":2: item id 'x'");
  }

  @Test
  void model_saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
    MfModel m = MfJob.train(new EmbeddedDeployment(1, 1),
        MfJob.params(train, test, config(MfConfig.Algorithm.SGD).withEpochs(2)), MfListener.NONE);
    Path f = dir.resolve("model.txt");
    m.save(f);
    MfModel back = MfModel.load(f);
    assertThat(back.rank()).isEqualTo(4);
    assertThat(back.mean()).isEqualTo(m.mean());
    assertThat(back.userFactors(17)).containsExactly(m.userFactors(17));
    assertThat(back.itemFactors(300)).containsExactly(m.itemFactors(300));
    assertThat(back.predict(3, 5)).isEqualTo(m.predict(3, 5));
    assertThat(back.predict(100_000, 5)).isEqualTo(m.mean());
  }
}

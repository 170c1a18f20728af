package org.petuum4j.ml.logreg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.gen.LogRegDataGenerator;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.Partitions;

class LogRegTrainerTest {
  @TempDir static Path dir;
  static SparseDataset train;
  static SparseDataset test;
  static double plantedTestError;

  @BeforeAll
  static void generate() throws IOException {
    LogRegDataGenerator.Summary s = LogRegDataGenerator.builder()
        .trainRows(20_000).testRows(5_000).features(1_000).nonZerosPerRow(50).seed(5).build()
        .write(dir.resolve("train.libsvm"), dir.resolve("test.libsvm"));
    train = LibSvmReader.oneBased().read(dir.resolve("train.libsvm"));
    test = LibSvmReader.oneBased().read(dir.resolve("test.libsvm"));
    plantedTestError = s.plantedTestError();
  }

  /**
   * The reference: plain single-threaded mini-batch SGD over the same order, with the documented
   * update {@code w_j -= eta_t * (sum g_i x_ij / |B| + lambda w_j)} for the touched {@code j}.
   */
  private static float[] sequentialSgd(SparseDataset data, LogRegConfig c, int dimension) {
    float[] w = new float[dimension];
    int n = data.rows();
    int batches = Math.max(1, (n + c.batchSize() - 1) / c.batchSize());
    int[] order = new int[n];
    for (int epoch = 0; epoch < c.epochs(); epoch++) {
      SgdWorker.epochOrder(order, 0, c.shuffle(), c.seed(), 0, epoch);
      double eta = c.learningRate() / (1 + c.decay() * epoch);
      for (int b = 0; b < batches; b++) {
        Partitions.Range r = Partitions.range(n, b, batches);
        float[] acc = new float[dimension];
        boolean[] touched = new boolean[dimension];
        for (long p = r.from(); p < r.to(); p++) {
          int i = order[(int) p];
          double z = 0;
          for (int k = data.rowStart(i); k < data.rowEnd(i); k++) {
            z += data.value(k) * (double) w[data.col(k)];
          }
          double g = 1 / (1 + Math.exp(-z)) - data.label(i);
          for (int k = data.rowStart(i); k < data.rowEnd(i); k++) {
            acc[data.col(k)] += (float) (g * data.value(k));
            touched[data.col(k)] = true;
          }
        }
        for (int j = 0; j < dimension; j++) {
          if (touched[j]) {
            w[j] += (float) -(eta / r.size() * acc[j] + eta * c.l2() * w[j]);
          }
        }
      }
    }
    return w;
  }

  /**
   * The reference of {@link LogRegConfig.Update#EXAMPLE} under BSP, written from its contract:
   * at every clock all workers start from the same weights (BSP: every update of the clocks
   * before), each runs plain per-example SGD {@code w_j -= eta_t (g x_j + lambda w_j)} over its
   * segment of the clock on a copy of its own, and the next clock's weights are the start plus
   * every worker's change. Computed in double.
   */
  private static double[] replicaSgd(SparseDataset data, LogRegConfig c, int dimension, int clocks) {
    int workers = c.workers();
    double[] w = new double[dimension];
    int[][] orders = new int[workers][];
    for (int epoch = 0; epoch < c.epochs(); epoch++) {
      double eta = c.learningRate() / (1 + c.decay() * epoch);
      for (int t = 0; t < workers; t++) {
        Partitions.Range share = Partitions.range(data.rows(), t, workers);
        orders[t] = new int[(int) share.size()];
        SgdWorker.epochOrder(orders[t], share.from(), c.shuffle(), c.seed(), t, epoch);
      }
      for (int clock = 0; clock < clocks; clock++) {
        double[] next = w.clone();
        for (int t = 0; t < workers; t++) {
          double[] r = w.clone();
          Partitions.Range seg = Partitions.range(orders[t].length, clock, clocks);
          for (long p = seg.from(); p < seg.to(); p++) {
            int i = orders[t][(int) p];
            double z = 0;
            for (int k = data.rowStart(i); k < data.rowEnd(i); k++) {
              z += data.value(k) * r[data.col(k)];
            }
            double g = 1 / (1 + Math.exp(-z)) - data.label(i);
            for (int k = data.rowStart(i); k < data.rowEnd(i); k++) {
              int j = data.col(k);
              r[j] -= eta * (g * data.value(k) + c.l2() * r[j]);
            }
          }
          for (int j = 0; j < dimension; j++) {
            next[j] += r[j] - w[j];
          }
        }
        w = next;
      }
    }
    return w;
  }

  @Test
  void train_perExampleBspOneWorker_equalsSequentialPerExampleSgd() {
    LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.EXAMPLE).clocksPerEpoch(5)
        .workers(1).shards(2).consistency(Consistency.bsp()).blockWidth(256)
        .epochs(2).learningRate(0.1).decay(0.5).l2(1e-3).seed(9)
        .build();

    double[] expected = replicaSgd(train, config, 1_000, 5);
    float[] actual = new LogRegTrainer(config).train(train, test).weights();

    for (int j = 0; j < expected.length; j++) {
      assertThat((double) actual[j]).as("weight %d", j).isCloseTo(expected[j], within(2e-4));
    }
    assertThat(actual).as("training moved the weights").isNotEqualTo(new float[1_000]);
  }

  @Test
  void train_perExampleBspThreeWorkers_sumsTheReplicasChangesAtEveryClock() {
    LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.EXAMPLE).clocksPerEpoch(4)
        .workers(3).shards(2).consistency(Consistency.bsp()).blockWidth(512)
        .epochs(2).learningRate(0.05).decay(0.5).l2(1e-4).seed(2)
        .build();

    double[] expected = replicaSgd(train, config, 1_000, 4);
    float[] actual = new LogRegTrainer(config).train(train, test).weights();

    // A mutant that refreshed the replica only once per epoch, or sent the replica instead of its
    // change, differs from this reference by orders of magnitude more.
    for (int j = 0; j < expected.length; j++) {
      assertThat((double) actual[j]).as("weight %d", j).isCloseTo(expected[j], within(2e-4));
    }
  }

  @Test
  void train_perExampleDefaults_beatMiniBatchesPerEpochAndApproachThePlantedModel() {
    LogRegConfig perExample = LogRegConfig.builder().workers(2).shards(2).epochs(2).seed(3).build();
    LogRegConfig batches = LogRegConfig.builder().update(LogRegConfig.Update.BATCH)
        .workers(2).shards(2).epochs(2).seed(3).build();

    Evaluation e = new LogRegTrainer(perExample).train(train, test).evaluate(test);
    Evaluation b = new LogRegTrainer(batches).train(train, test).evaluate(test);

    assertThat(perExample.update()).isEqualTo(LogRegConfig.Update.EXAMPLE);
    assertThat(e.error()).isLessThanOrEqualTo(plantedTestError + 0.03);
    assertThat(e.logLoss()).as("held-out log-loss after 2 epochs").isLessThan(b.logLoss());
  }

  @Test
  void clocksPerEpoch_auto_followsTheCostOfAClockWithinItsBounds() {
    LogRegConfig auto = LogRegConfig.builder().build();
    // 50,000 rows of 50 non-zeros over 10,000 weights: 24 D / nnz = 4,800 rows per clock.
    assertThat(auto.clocksPerEpoch(50_000, 50, 10_000)).isEqualTo(10);
    // A tiny model: capped.
    assertThat(auto.clocksPerEpoch(1_000_000, 50, 100)).isEqualTo(LogRegConfig.MAX_AUTO_CLOCKS);
    // A huge model for the data: at least the floor.
    assertThat(auto.clocksPerEpoch(500_000, 50, 1_000_000)).isEqualTo(LogRegConfig.MIN_AUTO_CLOCKS);
    // Never more clocks than rows.
    assertThat(auto.clocksPerEpoch(3, 50, 1_000_000)).isEqualTo(3);
    LogRegConfig fixed = LogRegConfig.builder().clocksPerEpoch(7).build();
    assertThat(fixed.clocksPerEpoch(50_000, 50, 10_000)).isEqualTo(7);
    assertThat(fixed.clocksPerEpoch(5, 50, 10_000)).isEqualTo(5);
  }

  @Test
  void train_bspOneWorker_equalsSequentialSgd() {
    LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.BATCH)
        .workers(1).shards(2).consistency(Consistency.bsp()).blockWidth(1024)
        .epochs(3).batchSize(64).learningRate(2).decay(0.5).l2(1e-3).seed(9)
        .build();

    float[] expected = sequentialSgd(train, config, 1_000);
    float[] actual = new LogRegTrainer(config).train(train, test).weights();

    assertThat(actual).hasSize(1_000);
    for (int j = 0; j < expected.length; j++) {
      assertThat(actual[j]).as("weight %d", j).isCloseTo(expected[j], within(1e-6f));
    }
    assertThat(actual).as("training moved the weights").isNotEqualTo(new float[1_000]);
  }

  @Test
  void train_bspOneWorkerFewNonZerosForTheDimension_equalsSequentialSgd() throws IOException {
    // 8 rows of 5 non-zeros per batch against 100,000 features: the worker lists and sorts the
    // touched features instead of scanning its bitset of them (SgdWorker.accumulate).
    LogRegDataGenerator.builder().trainRows(3_000).testRows(100).features(100_000).nonZerosPerRow(5).seed(6).build()
        .write(dir.resolve("wide-train.libsvm"), dir.resolve("wide-test.libsvm"));
    SparseDataset wide = LibSvmReader.oneBased().read(dir.resolve("wide-train.libsvm"));
    SparseDataset wideTest = LibSvmReader.oneBased().read(dir.resolve("wide-test.libsvm"));
    LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.BATCH)
        .workers(1).shards(2).consistency(Consistency.bsp()).blockWidth(1 << 14)
        .epochs(2).batchSize(8).learningRate(2).decay(0.5).l2(1e-3).seed(4)
        .build();

    float[] actual = new LogRegTrainer(config).train(wide, wideTest).weights();
    // The dimension is the largest index in the data plus one.
    assertThat(actual.length).isBetween(99_000, 100_000);
    float[] expected = sequentialSgd(wide, config, actual.length);

    int moved = 0;
    for (int j = 0; j < expected.length; j++) {
      assertThat(actual[j]).as("weight %d", j).isCloseTo(expected[j], within(1e-6f));
      moved += actual[j] != 0 ? 1 : 0;
    }
    assertThat(moved).as("weights training moved").isGreaterThan(5_000);
  }

  @Test
  void train_bspOneWorkerUnshuffledSeveralRows_equalsSequentialSgd() {
    LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.BATCH)
        .workers(1).shards(3).consistency(Consistency.bsp()).blockWidth(256).shuffle(false)
        .epochs(2).batchSize(100).learningRate(1).decay(0).l2(1e-4)
        .build();

    float[] expected = sequentialSgd(train, config, 1_000);
    float[] actual = new LogRegTrainer(config).train(train, test).weights();

    for (int j = 0; j < expected.length; j++) {
      assertThat(actual[j]).as("weight %d", j).isCloseTo(expected[j], within(1e-6f));
    }
  }

  @Test
  void train_bspOneWorkerWithStraggler_stillEqualsSequentialSgd() {
    LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.BATCH)
        .workers(1).shards(2).consistency(Consistency.bsp()).blockWidth(1024)
        .epochs(2).batchSize(1000).learningRate(2).decay(0.5).l2(1e-3).seed(9)
        .stragglerMillis(1).stragglerProbability(0.5)
        .build();

    float[] expected = sequentialSgd(train, config, 1_000);
    float[] actual = new LogRegTrainer(config).train(train, test).weights();

    for (int j = 0; j < expected.length; j++) {
      assertThat(actual[j]).as("weight %d", j).isCloseTo(expected[j], within(1e-6f));
    }
  }

  @Test
  void train_bspOneWorkerSeveralBatchesPerClock_stillEqualsSequentialSgd() {
    // 20,000 rows in batches of 64: 313 mini-batches per epoch, 45 clocks of 7 (the last of 5).
    // Equal to sequential SGD only if every mini-batch of a clock sees the ones before it. Up to
    // float rounding: the server adds a clock's updates of a weight as one merged delta, so the
    // next clock's copy may differ from the step-by-step sums in the last bits.
    LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.BATCH)
        .workers(1).shards(2).consistency(Consistency.bsp()).blockWidth(256)
        .epochs(2).batchSize(64).batchesPerClock(7).learningRate(2).decay(0.5).l2(1e-3).seed(9)
        .build();

    float[] expected = sequentialSgd(train, config, 1_000);
    float[] actual = new LogRegTrainer(config).train(train, test).weights();

    for (int j = 0; j < expected.length; j++) {
      assertThat(actual[j]).as("weight %d", j).isCloseTo(expected[j], within(1e-5f));
    }
    assertThat(SgdWorker.clocksPerEpoch(313, 7)).isEqualTo(45);
  }

  @Test
  void train_twoWorkersManyBatchesPerClock_approachesThePlantedModel() {
    LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.BATCH)
        .workers(2).shards(2).consistency(Consistency.ssp(2)).epochs(6).batchesPerClock(20).seed(3).build();

    Evaluation e = new LogRegTrainer(config).train(train, test).evaluate(test);

    assertThat(e.error()).isLessThanOrEqualTo(plantedTestError + 0.03);
  }

  @Test
  void clocksPerEpoch_isOnePerBatchesPerClockRoundedUp() {
    assertThat(SgdWorker.clocksPerEpoch(10, 1)).isEqualTo(10);
    assertThat(SgdWorker.clocksPerEpoch(10, 5)).isEqualTo(2);
    assertThat(SgdWorker.clocksPerEpoch(10, 3)).isEqualTo(4);
    assertThat(SgdWorker.clocksPerEpoch(10, 1_000)).isEqualTo(1);
    assertThat(SgdWorker.clocksPerEpoch(Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(1);
  }

  @Test
  void straggler_isReproducibleUniformOverWorkersAndHitsWithTheGivenProbability() {
    int workers = 4;
    int clocks = 40_000;
    int[] hits = new int[workers];
    int none = 0;
    for (long c = 0; c < clocks; c++) {
      int s = SgdWorker.straggler(7, workers, c, 0.5);
      assertThat(SgdWorker.straggler(7, workers, c, 0.5)).isEqualTo(s);
      if (s < 0) {
        none++;
      } else {
        hits[s]++;
      }
    }
    assertThat(none).isBetween(19_000, 21_000);
    for (int h : hits) {
      assertThat(h).isBetween(4_500, 5_500);
    }
    for (long c = 0; c < 1_000; c++) {
      assertThat(SgdWorker.straggler(7, workers, c, 0.0)).isEqualTo(-1);
      assertThat(SgdWorker.straggler(7, workers, c, 1.0)).isBetween(0, workers - 1);
    }
  }

  @Test
  void train_twoWorkersSsp_approachesThePlantedModel() {
    List<EpochMetrics> epochs = new ArrayList<>();
    LogRegConfig config = LogRegConfig.builder()
        .workers(2).shards(2).consistency(Consistency.ssp(2)).epochs(6).seed(3).build();

    LogRegModel model = new LogRegTrainer(config).train(train, test, new TrainingListener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        epochs.add(m);
      }
    });

    assertThat(epochs).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3, 4, 5, 6);
    EpochMetrics first = epochs.get(0);
    EpochMetrics last = epochs.get(epochs.size() - 1);
    assertThat(last.testError()).isLessThanOrEqualTo(plantedTestError + 0.03);
    assertThat(last.testLoss()).isLessThan(first.testLoss()).isLessThan(Math.log(2));
    assertThat(last.trainLoss()).isLessThan(first.trainLoss());
    assertThat(last.samples()).isEqualTo(6L * train.rows());
    assertThat(last.seconds()).isGreaterThan(first.seconds());
    // The workers' parallel evaluation agrees with evaluating the returned model directly.
    Evaluation direct = model.evaluate(test);
    assertThat(last.testError()).isEqualTo(direct.error());
    assertThat(last.testLoss()).isCloseTo(direct.logLoss(), within(1e-9));
    assertThat(last.trainLoss()).isCloseTo(model.evaluate(train).logLoss(), within(1e-9));
  }

  @Test
  void train_asp_stillLearns() {
    LogRegConfig config = LogRegConfig.builder()
        .workers(2).consistency(Consistency.asp()).epochs(3).build();

    LogRegModel model = new LogRegTrainer(config).train(train, test);

    assertThat(model.evaluate(test).error()).isLessThanOrEqualTo(plantedTestError + 0.05);
  }

  @Test
  void train_reportsProgressUpToEveryExample() {
    long[] lastDone = new long[3];
    LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.BATCH).workers(2).epochs(2).batchSize(500).build();

    new LogRegTrainer(config).train(train, test, new TrainingListener() {
      @Override
      public synchronized void onProgress(int epoch, long done, long total) {
        assertThat(total).isEqualTo(train.rows());
        lastDone[epoch] = Math.max(lastDone[epoch], done);
      }
    });

    assertThat(lastDone[1]).isEqualTo(train.rows());
    assertThat(lastDone[2]).isEqualTo(train.rows());
  }

  @Test
  void train_hugeLearningRate_reportsDivergence() {
    LogRegConfig config = LogRegConfig.builder().workers(2).epochs(3).learningRate(1e6).l2(1e-3).build();

    assertThatThrownBy(() -> new LogRegTrainer(config).train(train, test))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("smaller learning rate");
  }

  @Test
  void train_emptyTrainingSet_isRejected() {
    SparseDataset empty = SparseDataset.fromCsr(new int[] {0}, new int[0], new float[0], new float[0]);

    assertThatThrownBy(() -> new LogRegTrainer(LogRegConfig.builder().build()).train(empty, test))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the training set has no rows");
  }

  @Test
  void blockWidth_narrowsSoEveryShardGetsARow() {
    assertThat(LogRegTrainer.blockWidth(10_000, 1 << 16, 2)).isEqualTo(8_192);
    assertThat(LogRegTrainer.blockWidth(1_000_000, 1 << 16, 2)).isEqualTo(1 << 16);
    assertThat(LogRegTrainer.blockWidth(100, 1 << 16, 4)).isEqualTo(1_024);
    assertThat(LogRegTrainer.blockWidth(100, 256, 4)).isEqualTo(256);
  }

  @Test
  void batchesPerEpoch_coversTheLargestShare() {
    assertThat(SgdWorker.batchesPerEpoch(1_000, 3, 100)).isEqualTo(4);
    assertThat(SgdWorker.batchesPerEpoch(1, 4, 100)).isEqualTo(1);
    assertThat(SgdWorker.batchesPerEpoch(600, 2, 100)).isEqualTo(3);
  }

  @Test
  void epochOrder_isAPermutationThatChangesPerEpochAndWorker() {
    int[] a = new int[100];
    int[] b = new int[100];
    int[] c = new int[100];
    SgdWorker.epochOrder(a, 50, true, 1, 0, 0);
    SgdWorker.epochOrder(b, 50, true, 1, 0, 1);
    SgdWorker.epochOrder(c, 50, true, 1, 1, 0);

    assertThat(a).containsExactlyInAnyOrder(java.util.stream.IntStream.range(50, 150).toArray());
    assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    int[] again = new int[100];
    SgdWorker.epochOrder(again, 50, true, 1, 0, 0);
    assertThat(again).isEqualTo(a);
  }
}

package org.petuum4j.ml.logreg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.petuum4j.ps.Consistency;

class LogRegConfigTest {

  @Test
  void builder_rejectsOutOfRangeValuesNamingThem() {
    LogRegConfig.Builder b = LogRegConfig.builder();
    assertThatThrownBy(() -> b.workers(0)).hasMessage("workers must be in [1, 1024], was 0");
    assertThatThrownBy(() -> b.shards(-1)).hasMessage("shards must be in [1, 1024], was -1");
    assertThatThrownBy(() -> b.epochs(0)).hasMessage("epochs must be >= 1, was 0");
    assertThatThrownBy(() -> b.batchSize(0)).hasMessage("batch size must be >= 1, was 0");
    assertThatThrownBy(() -> b.batchesPerClock(0)).hasMessage("mini-batches per clock must be >= 1, was 0");
    assertThatThrownBy(() -> b.learningRate(-0.5)).hasMessage("learning rate must be finite and > 0, was -0.5");
    assertThatThrownBy(() -> b.learningRate(Double.NaN)).hasMessage("learning rate must be finite and > 0, was NaN");
    assertThatThrownBy(() -> b.decay(-1)).hasMessage("learning-rate decay must be finite and >= 0, was -1.0");
    assertThatThrownBy(() -> b.l2(Double.POSITIVE_INFINITY))
        .hasMessage("L2 strength must be finite and >= 0, was Infinity");
    assertThatThrownBy(() -> b.blockWidth(1000))
        .hasMessage("block width must be a power of two in [1, 16777216], was 1000");
    assertThatThrownBy(() -> b.consistency(null)).hasMessage("consistency must not be null");
    assertThatThrownBy(() -> b.update(null)).hasMessage("update mode must not be null");
    assertThatThrownBy(() -> b.clocksPerEpoch(-1)).hasMessage("clocks per epoch must be in [0, 1000000], was -1");
    assertThatThrownBy(() -> LogRegJob.update("minibatch"))
        .hasMessage("update mode must be example or batch, was 'minibatch'");
    assertThatThrownBy(() -> b.stragglerMillis(-1)).hasMessage("straggler sleep (ms) must be in [0, 60000], was -1");
    assertThatThrownBy(() -> b.stragglerProbability(1.5))
        .hasMessage("straggler probability must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> b.stragglerProbability(Double.NaN))
        .hasMessage("straggler probability must be in [0, 1], was NaN");
  }

  @Test
  void learningRate_decaysPerEpoch() {
    LogRegConfig c = LogRegConfig.builder().learningRate(2).decay(0.5).build();

    assertThat(c.learningRate(0)).isEqualTo(2.0);
    assertThat(c.learningRate(2)).isEqualTo(1.0);
  }

  @Test
  void builder_keepsWhatWasSet() {
    LogRegConfig c = LogRegConfig.builder().workers(3).shards(4).consistency(Consistency.ssp(3))
        .epochs(7).batchSize(9).batchesPerClock(4).learningRate(0.1).decay(0).l2(0).blockWidth(512).seed(77)
        .shuffle(false).stragglerMillis(20).stragglerProbability(0.5)
        .build();

    assertThat(c.toString()).isEqualTo("LogRegConfig[workers=3, shards=4, update=EXAMPLE, clocksPerEpoch=0,"
        + " consistency=SSP(3), epochs=7,"
        + " batchSize=9, batchesPerClock=4, learningRate=0.1, decay=0.0, l2=0.0, blockWidth=512, seed=77, shuffle=false,"
        + " stragglerMillis=20, stragglerProbability=0.5]");
  }

  @Test
  void learningRate_defaultsToTheUpdateModesOwn() {
    assertThat(LogRegConfig.builder().build().learningRate()).isEqualTo(LogRegConfig.DEFAULT_EXAMPLE_LEARNING_RATE);
    assertThat(LogRegConfig.builder().update(LogRegConfig.Update.BATCH).build().learningRate())
        .isEqualTo(LogRegConfig.DEFAULT_LEARNING_RATE);
    assertThat(LogRegConfig.builder().learningRate(3).update(LogRegConfig.Update.BATCH).build().learningRate())
        .isEqualTo(3.0);
  }

  @Test
  void jobParams_roundTripEveryField() {
    for (LogRegConfig.Update u : LogRegConfig.Update.values()) {
      for (Consistency k : new Consistency[] {Consistency.ssp(3), Consistency.sspPush(2), Consistency.asp(),
          Consistency.bsp()}) {
        for (double eta : new double[] {Double.NaN, 0.3}) {
          LogRegConfig.Builder b = LogRegConfig.builder().workers(3).shards(4).consistency(k).update(u)
              .clocksPerEpoch(6).epochs(7).batchSize(9).batchesPerClock(4).decay(0).l2(0).blockWidth(512).seed(77)
              .shuffle(false).stragglerMillis(20).stragglerProbability(0.5);
          LogRegConfig c = Double.isNaN(eta) ? b.build() : b.learningRate(eta).build();

          LogRegConfig back = LogRegJob.config(
              LogRegJob.params(java.nio.file.Path.of("a"), java.nio.file.Path.of("b"), false, c),
              new org.petuum4j.ps.job.JobShape(3, 4));

          assertThat(back.toString()).isEqualTo(c.toString());
        }
      }
    }
  }
}

package org.petuum4j.ml.logreg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress of a job whose processes each count their own workers' examples (issue 16, item 1). */
class LogRegJobProgressTest {

  @Test
  void progressEventsOfSeveralProcesses_sumToTheJobsCountPerEpoch() {
    List<long[]> seen = new ArrayList<>();
    LogRegJob.ProgressSum sum = new LogRegJob.ProgressSum(new TrainingListener() {
      @Override
      public void onProgress(int epoch, long done, long total) {
        seen.add(new long[] {epoch, done, total});
      }
    });

    // Two processes (first workers 0 and 2) over a 100-row epoch, through the wire format.
    LogRegJob.decode("progress 1 30 100 0", sum);
    LogRegJob.decode("progress 1 20 100 2", sum);
    LogRegJob.decode("progress 1 50 100 0", sum);
    LogRegJob.decode("progress 1 50 100 2", sum);
    // Process 0 starts epoch 2 first: epoch 2's count is its own, not 100 + its own.
    LogRegJob.decode("progress 2 10 100 0", sum);

    assertThat(seen).extracting(a -> a[1]).containsExactly(30L, 50L, 70L, 100L, 10L);
    assertThat(seen).extracting(a -> a[0]).containsExactly(1L, 1L, 1L, 1L, 2L);
    assertThat(seen).allSatisfy(a -> assertThat(a[2]).isEqualTo(100));
  }

  @Test
  void encoderTagsProgressWithTheProcess_andEpochEventsStillDecode() {
    List<String> events = new ArrayList<>();
    TrainingListener enc = LogRegJob.encoder(new org.petuum4j.ps.job.EventSink() {
      @Override
      public void emit(String event) {
        events.add(event);
      }

      @Override
      public void note(String message) {}
    }, 4);
    enc.onProgress(3, 100, 100);
    enc.onEpoch(new EpochMetrics(3, 1.5, 300, 0.4, 0.5, 0.2));

    assertThat(events.get(0)).isEqualTo("progress 3 100 100 4");
    assertThat(LogRegJob.epochOf(events.get(0))).isNull();
    assertThat(LogRegJob.epochOf(events.get(1)).testError()).isEqualTo(0.2);
  }
}

package org.petuum4j.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.petuum4j.ps.WorkerContext;

@Timeout(30)
class PipelineStalenessTest {

  /** Records, for every round it schedules, which rounds' feedback it had received. */
  static class RecordingScheduler implements Scheduler {
    final List<List<Integer>> seenAtSchedule = new ArrayList<>();
    final List<Integer> fed = new ArrayList<>();
    int n;

    @Override
    public void init(int numParams, int numWorkers, int parallelism, long seed) {
      n = numParams;
    }

    @Override
    public synchronized Task schedule(int round) {
      seenAtSchedule.add(List.copyOf(fed));
      return Task.of(round % n);
    }

    @Override
    public synchronized void feedback(Task task, double[] deltas) {
      // The program's pull writes the round number into the change, so feedback names its round.
      fed.add((int) deltas[0]);
    }
  }

  /** Pulls the round number as the change, so the feedback says which round it came from. */
  static class RoundEcho implements ModelParallelProgram {
    int round;

    @Override
    public int numParams() {
      return 5;
    }

    @Override
    public void push(WorkerContext ctx, Task task, double[] partialsOut) {}

    @Override
    public void pull(Task task, double[] current, double[] summed, double[] deltasOut) {
      deltasOut[0] = round++;
    }

    @Override
    public void update(WorkerContext ctx, Task task, double[] deltas) {}
  }

  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {0, 1, 2, 5})
  void scheduleOfRoundR_seesExactlyTheFeedbackOfRoundsBeforeRMinusDepth(int depth) {
    RecordingScheduler s = new RecordingScheduler();
    int rounds = 40;
    ModelParallelRuntime.builder(new RoundEcho()).workers(2).scheduler(s)
        .pipelineDepth(depth).maxRounds(rounds).build().run();

    assertThat(s.seenAtSchedule.size()).isBetween(rounds, rounds + depth);
    for (int r = 0; r < rounds; r++) {
      List<Integer> expected = new ArrayList<>();
      for (int k = 0; k <= r - depth - 1; k++) {
        expected.add(k);
      }
      assertThat(s.seenAtSchedule.get(r)).as("feedback seen when scheduling round %d", r).isEqualTo(expected);
    }
  }

  @Test
  void depthOne_schedulesTheNextRoundWhileTheCurrentOneRuns() throws InterruptedException {
    // Round 5's pull waits until round 6 has been scheduled: that must happen meanwhile, since
    // round 6 needs only the feedback of round 4.
    CountDownLatch scheduled6 = new CountDownLatch(1);
    boolean[] overlapped = new boolean[1];
    Scheduler s = new RecordingScheduler() {
      @Override
      public synchronized Task schedule(int round) {
        if (round == 6) {
          scheduled6.countDown();
        }
        return super.schedule(round);
      }
    };
    RoundEcho program = new RoundEcho() {
      @Override
      public void pull(Task task, double[] current, double[] summed, double[] deltasOut) {
        if (round == 5) {
          try {
            overlapped[0] = scheduled6.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        super.pull(task, current, summed, deltasOut);
      }
    };
    ModelParallelRuntime.builder(program).workers(2).scheduler(s).pipelineDepth(1).maxRounds(10).build().run();
    assertThat(overlapped[0]).as("round 6 was scheduled during round 5").isTrue();
  }
}

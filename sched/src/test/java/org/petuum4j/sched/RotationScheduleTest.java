package org.petuum4j.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RotationScheduleTest {

  @ParameterizedTest(name = "{0} workers, {1} blocks, {2} parameters")
  @CsvSource({"1,1,5", "2,2,10", "3,3,11", "3,5,17", "4,4,4"})
  void workersGetDisjointBlocks_andEveryBlockVisitsEveryWorkerOverBRounds(int workers, int blocks, int n) {
    Scheduler s = Schedulers.rotation(blocks);
    s.init(n, workers, 1, 1);
    // block id -> its parameters, as first seen
    Set<String> visits = new HashSet<>();
    Set<Integer> everBlockStart = new HashSet<>();
    for (int r = 0; r < 2 * blocks; r++) {
      Task t = s.schedule(r);
      assertThat(t.isShared()).isFalse();
      assertThat(t.workers()).isEqualTo(workers);
      Set<Integer> inRound = new HashSet<>();
      for (int w = 0; w < workers; w++) {
        assertThat(t.to(w)).isGreaterThan(t.from(w));
        int first = t.param(t.from(w));
        for (int i = t.from(w); i < t.to(w); i++) {
          assertThat(inRound.add(t.param(i))).as("parameter %d owned twice in round %d", t.param(i), r).isTrue();
          assertThat(t.param(i)).as("a block is contiguous").isEqualTo(first + i - t.from(w));
        }
        everBlockStart.add(first);
        if (r < blocks) {
          assertThat(visits.add(first + "@" + w)).as("block starting at %d visits worker %d twice", first, w).isTrue();
        }
      }
    }
    assertThat(everBlockStart).hasSize(blocks);
    assertThat(visits).as("every (block, worker) pair within the first B rounds").hasSize(blocks * workers);
  }
}

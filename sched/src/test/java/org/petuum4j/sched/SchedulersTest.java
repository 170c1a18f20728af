package org.petuum4j.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulersTest {

  private static Set<Integer> distinctParams(Task t, int n) {
    Set<Integer> s = new HashSet<>();
    for (int i = 0; i < t.size(); i++) {
      assertThat(t.param(i)).isBetween(0, n - 1);
      assertThat(s.add(t.param(i))).as("parameter %d twice in %s", t.param(i), t).isTrue();
    }
    return s;
  }

  @Test
  void roundRobin_coversEveryParameterOncePerSweep() {
    Scheduler s = Schedulers.roundRobin();
    s.init(10, 2, 4, 1);
    assertThat(s.schedule(0).params()).containsExactly(0, 1, 2, 3);
    assertThat(s.schedule(1).params()).containsExactly(4, 5, 6, 7);
    assertThat(s.schedule(2).params()).containsExactly(8, 9, 0, 1);
    assertThat(s.schedule(5).params()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void roundRobin_capsParallelismAtTheParameterCount() {
    Scheduler s = Schedulers.roundRobin();
    s.init(3, 1, 8, 1);
    assertThat(s.schedule(7).params()).containsExactly(0, 1, 2);
  }

  @Test
  void random_drawsDistinctUniformParametersReproducibly() {
    Scheduler a = Schedulers.random();
    Scheduler b = Schedulers.random();
    a.init(50, 2, 10, 42);
    b.init(50, 2, 10, 42);
    int[] counts = new int[50];
    int rounds = 20_000;
    for (int r = 0; r < rounds; r++) {
      Task t = a.schedule(r);
      assertThat(t.size()).isEqualTo(10);
      assertThat(t).isEqualTo(b.schedule(r));
      for (int p : distinctParams(t, 50)) {
        counts[p]++;
      }
    }
    for (int c : counts) {
      assertThat(c / (double) rounds).isCloseTo(10 / 50.0, within(0.015));
    }
  }

  @Test
  void random_withParallelismEqualToTheCountTakesAll() {
    Scheduler s = Schedulers.random();
    s.init(7, 1, 7, 3);
    assertThat(distinctParams(s.schedule(0), 7)).hasSize(7);
  }

  @Test
  void priority_schedulesEveryParameterOnceBeforeAnyTwice() {
    Scheduler s = Schedulers.priority();
    s.init(23, 2, 5, 9);
    Set<Integer> seen = new HashSet<>();
    for (int r = 0; r < 4; r++) {
      Task t = s.schedule(r);
      for (int p : distinctParams(t, 23)) {
        assertThat(seen.add(p)).as("parameter %d scheduled again in the first sweep", p).isTrue();
      }
      s.feedback(t, new double[t.size()]);
    }
    Task last = s.schedule(4);
    assertThat(distinctParams(last, 23)).hasSize(5).containsAll(complement(seen, 23));
  }

  @Test
  void priority_afterTheFirstSweepFollowsTheLastChanges() {
    int n = 40;
    Scheduler s = Schedulers.priority(0.01);
    s.init(n, 1, 1, 5);
    for (int r = 0; r < n; r++) {
      Task t = s.schedule(r);
      // Parameter 7 changed by 3, parameter 11 by 1, the rest not at all.
      double d = t.param(0) == 7 ? 3 : t.param(0) == 11 ? 1 : 0;
      s.feedback(t, new double[] {d});
    }
    int[] counts = new int[n];
    int rounds = 50_000;
    for (int r = n; r < n + rounds; r++) {
      Task t = s.schedule(r);
      counts[t.param(0)]++;
      // Feed back the same change again, so priorities stay put.
      double d = t.param(0) == 7 ? 3 : t.param(0) == 11 ? 1 : 0;
      s.feedback(t, new double[] {d});
    }
    double total = 3.01 + 1.01 + 38 * 0.01;
    assertThat(counts[7] / (double) rounds).isCloseTo(3.01 / total, within(0.01));
    assertThat(counts[11] / (double) rounds).isCloseTo(1.01 / total, within(0.01));
    assertThat(counts[0] / (double) rounds).isCloseTo(0.01 / total, within(0.003));
  }

  @Test
  void priority_withoutFeedbackRunsOutAfterOneSweep() {
    Scheduler s = Schedulers.priority();
    s.init(5, 1, 3, 1);
    assertThat(s.schedule(0).size()).isEqualTo(3);
    assertThat(s.schedule(1).size()).as("no parameter has a priority yet").isEqualTo(2);
    assertThat(s.schedule(2).size()).isZero();
  }

  @Test
  void dependency_neverPairsDependentParameters() {
    int n = 60;
    // Parameters in the same group of 6 depend strongly, others not at all.
    Dependency groups = (a, b) -> a / 6 == b / 6 ? 0.9 : 0.0;
    Scheduler s = Schedulers.dependency(groups, 0.5);
    s.init(n, 2, 8, 3);
    Set<Integer> firstSweep = new HashSet<>();
    for (int r = 0; r < 200; r++) {
      Task t = s.schedule(r);
      Set<Integer> chosen = distinctParams(t, n);
      assertThat(chosen.stream().map(p -> p / 6).distinct().count()).isEqualTo(chosen.size());
      assertThat(t.size()).as("10 groups leave room for 8").isEqualTo(8);
      firstSweep.addAll(chosen);
      double[] deltas = new double[t.size()];
      Arrays.fill(deltas, 0.1);
      s.feedback(t, deltas);
    }
    assertThat(firstSweep).hasSize(n);
  }

  @Test
  void dependency_returnsFewerWhenCandidatesConflict() {
    Scheduler s = Schedulers.dependency((a, b) -> 1.0, 0.5);
    s.init(100, 1, 10, 1);
    Task t = s.schedule(0);
    assertThat(t.size()).isEqualTo(1);
    // The rejected never-scheduled candidates went back: all 100 are still reachable.
    Set<Integer> seen = new HashSet<>();
    for (int r = 0; r < 100; r++) {
      Task u = r == 0 ? t : s.schedule(r);
      seen.addAll(distinctParams(u, 100));
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void factories_rejectBadSettings() {
    assertThatThrownBy(() -> Schedulers.priority(0)).hasMessage("priority floor must be finite and > 0, was 0.0");
    assertThatThrownBy(() -> Schedulers.dependency((a, b) -> 0, -1)).hasMessageContaining("threshold must be finite and > 0");
    assertThatThrownBy(() -> Schedulers.rotation(0)).hasMessage("rotation blocks must be >= 1, was 0");
    Scheduler r = Schedulers.rotation(2);
    assertThatThrownBy(() -> r.init(10, 3, 1, 1)).hasMessageContaining("at least one block per worker: 2 blocks, 3 workers");
  }

  private static Set<Integer> complement(Set<Integer> s, int n) {
    Set<Integer> c = new HashSet<>();
    for (int i = 0; i < n; i++) {
      if (!s.contains(i)) {
        c.add(i);
      }
    }
    return c;
  }
}

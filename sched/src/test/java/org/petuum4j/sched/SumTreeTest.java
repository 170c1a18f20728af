package org.petuum4j.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SumTreeTest {

  @Property(tries = 200)
  void total_isTheSumOfTheLeavesAfterAnyUpdates(
      @ForAll @IntRange(min = 1, max = 70) int n,
      @ForAll @Size(max = 200) java.util.List<@IntRange(min = 0, max = 1000) Integer> ops) {
    SumTree t = new SumTree(n);
    double[] w = new double[n];
    for (int k = 0; k < ops.size(); k++) {
      int i = (k * 31 + ops.get(k)) % n;
      w[i] = ops.get(k) / 7.0;
      t.set(i, w[i]);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      assertThat(t.get(i)).isEqualTo(w[i]);
      sum += w[i];
    }
    assertThat(t.total()).isCloseTo(sum, within(1e-9 * Math.max(1, sum)));
    if (sum > 0) {
      for (int k = 0; k < 50; k++) {
        int s = t.sample(k / 50.0);
        assertThat(w[s]).as("a sampled leaf has weight > 0").isPositive();
      }
    } else {
      assertThat(t.sample(0.5)).isEqualTo(-1);
    }
  }

  @Test
  void sample_frequenciesFollowTheWeights() {
    SumTree t = new SumTree(5);
    double[] w = {1, 0, 2, 3, 4};
    for (int i = 0; i < w.length; i++) {
      t.set(i, w[i]);
    }
    SplittableRandom r = new SplittableRandom(7);
    int[] counts = new int[5];
    int draws = 200_000;
    for (int k = 0; k < draws; k++) {
      counts[t.sample(r.nextDouble())]++;
    }
    assertThat(counts[1]).isZero();
    for (int i = 0; i < w.length; i++) {
      assertThat(counts[i] / (double) draws).isCloseTo(w[i] / 10, within(0.005));
    }
  }

  @Test
  void sample_edgesOfTheUnitIntervalLandOnPositiveLeaves() {
    SumTree t = new SumTree(6);
    t.set(0, 0.1);
    t.set(3, 0.2);
    assertThat(t.sample(0)).isZero();
    assertThat(t.sample(Math.nextDown(1.0))).isEqualTo(3);
  }

  @Test
  void fill_setsEveryWeight() {
    SumTree t = new SumTree(1000);
    t.fill(0.5);
    assertThat(t.total()).isEqualTo(500);
    t.set(999, 0);
    assertThat(t.total()).isEqualTo(499.5);
  }

  @Test
  void set_rejectsNegativeAndNonFiniteWeights() {
    SumTree t = new SumTree(3);
    assertThatThrownBy(() -> t.set(0, -1)).hasMessageContaining("finite and >= 0");
    assertThatThrownBy(() -> t.set(0, Double.NaN)).hasMessageContaining("finite and >= 0");
    assertThatThrownBy(() -> t.set(0, Double.POSITIVE_INFINITY)).hasMessageContaining("finite and >= 0");
    assertThatThrownBy(() -> t.set(3, 1)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}

package org.petuum4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CurvesTest {
  private final double[] x = {0, 1, 3};
  private final double[] y = {-10, -6, -4};

  @Test
  void valueAt_interpolatesAndClamps() {
    assertThat(Curves.valueAt(x, y, 0.5)).isCloseTo(-8, within(1e-12));
    assertThat(Curves.valueAt(x, y, 2)).isCloseTo(-5, within(1e-12));
    assertThat(Curves.valueAt(x, y, -1)).isEqualTo(-10);
    assertThat(Curves.valueAt(x, y, 9)).isEqualTo(-4);
  }

  @Test
  void timeToReach_interpolatesBetweenTheLastMissAndTheFirstHit() {
    assertThat(Curves.timeToReach(x, y, -5, true)).isCloseTo(2, within(1e-12));
    assertThat(Curves.timeToReach(x, y, -10, true)).isEqualTo(0);
    assertThat(Curves.timeToReach(x, y, -3, true)).isNaN();
    double[] down = {5, 3, 2};
    assertThat(Curves.timeToReach(x, down, 4, false)).isCloseTo(0.5, within(1e-12));
    assertThat(Curves.timeToReach(x, down, 1, false)).isNaN();
  }

  @Test
  void emptyOrMismatchedCurvesAreRejected() {
    assertThatThrownBy(() -> Curves.valueAt(new double[0], new double[0], 1)).hasMessageContaining("at least one");
    assertThatThrownBy(() -> Curves.timeToReach(new double[] {1}, new double[] {1, 2}, 1, true))
        .hasMessageContaining("as many");
  }
}

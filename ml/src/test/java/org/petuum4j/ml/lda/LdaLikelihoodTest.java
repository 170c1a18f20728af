package org.petuum4j.ml.lda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LdaLikelihoodTest {

  @Test
  void logGamma_matchesFactorialsAndHalfIntegers() {
    assertThat(LdaLikelihood.logGamma(1)).isCloseTo(0, within(1e-13));
    assertThat(LdaLikelihood.logGamma(11)).isCloseTo(Math.log(3628800), within(1e-12));
    assertThat(LdaLikelihood.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
    assertThat(LdaLikelihood.logGamma(0.01)).isCloseTo(4.599479878042022, within(1e-11));
    assertThat(LdaLikelihood.logGamma(1e6 + 0.01)).isCloseTo(1.2815504569147611e7 + 0.01 * Math.log(1e6), within(1e-3));
  }

  /** lgamma(n + a) - lgamma(a) = sum_{i < n} log(a + i): the rising factorial, computed directly. */
  static double rising(int n, double a) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.log(a + i);
    }
    return s;
  }

  @Test
  void joint_equalsTheProductOfRisingFactorials() {
    int k = 3;
    int w = 4;
    double alpha = 0.2;
    double beta = 0.07;
    int[] docStart = {0, 4, 7};
    int[] words = {0, 1, 1, 3, 2, 2, 0};
    int[] topics = {0, 0, 2, 1, 2, 2, 0};
    double expected = 0;
    // documents: doc 0 has topic counts {2, 1, 1}, doc 1 {1, 0, 2}
    expected += rising(2, alpha) + rising(1, alpha) + rising(1, alpha) - rising(4, k * alpha);
    expected += rising(1, alpha) + rising(2, alpha) - rising(3, k * alpha);
    // word-topic counts: (0,0)=2, (1,0)=1, (1,2)=1, (3,1)=1, (2,2)=2; topic totals {3, 1, 3}
    expected += rising(2, beta) + 3 * rising(1, beta) + rising(2, beta);
    expected -= rising(3, w * beta) + rising(1, w * beta) + rising(3, w * beta);
    assertThat(LdaLikelihood.joint(docStart, words, topics, k, w, alpha, beta)).isCloseTo(expected, within(1e-10));
  }
}

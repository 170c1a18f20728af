package org.petuum4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.petuum4j.ml.data.Corpus;

class TopicFitTest {
  // doc 0: words 1, 0, 0, 0 (word 0 three times); doc 1: word 1 twice.
  private final TopicFit.Bags bags = TopicFit.Bags.of(new Corpus(new int[] {0, 4, 6}, new int[] {1, 0, 0, 0, 1, 1}, 2,
      null));

  @Test
  void bags_countEachWordOncePerDocumentInIncreasingOrder() {
    assertThat(bags.docStart()).containsExactly(0, 2, 3);
    assertThat(bags.words()).containsExactly(0, 1, 1);
    assertThat(bags.counts()).containsExactly(3, 1, 2);
  }

  @Test
  void logLikelihood_isTheCountWeightedLogOfTheMixture() {
    double[][] phi = {{0.5, 0.5}, {0.2, 0.8}};
    double[] theta = {0.25, 0.75};
    // word 0: 0.25 * 0.5 + 0.75 * 0.2 = 0.275; word 1: 0.25 * 0.5 + 0.75 * 0.8 = 0.725
    assertThat(TopicFit.logLikelihood(bags, 0, phi, theta))
        .isCloseTo(3 * Math.log(0.275) + Math.log(0.725), within(1e-12));
  }

  @Test
  void theta_isTheDocumentTopicCountsPlusAlpha_whenTopicsOwnTheirWords() {
    // Each word belongs to one topic, so the counts are the word counts from the first step on.
    double[][] phi = {{1, 0}, {0, 1}};
    assertThat(TopicFit.theta(bags, 0, phi, 0.5, 10)).containsExactly(new double[] {3.5 / 5, 1.5 / 5}, within(1e-12));
    assertThat(TopicFit.theta(bags, 1, phi, 0.5, 10)).containsExactly(new double[] {0.5 / 3, 2.5 / 3}, within(1e-12));
  }

  @Test
  void perToken_averagesOverAllTokens() {
    double[][] phi = {{1, 0}, {0, 1}};
    double expected = (3 * Math.log(0.7) + Math.log(0.3) + 2 * Math.log(2.5 / 3)) / 6;
    assertThat(TopicFit.perToken(bags, phi, 0.5, 10)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void theta_movesTowardsTheTopicThatExplainsTheDocument() {
    // Overlapping topics: doc 1 (word 1 only) must lean to topic 1, which gives word 1 more mass.
    double[][] phi = {{0.9, 0.1}, {0.2, 0.8}};
    double[] theta = TopicFit.theta(bags, 1, phi, 0.1, 50);
    assertThat(theta[1]).isGreaterThan(0.9);
    assertThat(theta[0] + theta[1]).isCloseTo(1, within(1e-12));
  }

  @Test
  void normalise_makesEachTopicSumToOne() {
    double[][] w = TopicFit.normalise(new double[][] {{1, 3}, {2, 2}});
    assertThat(w[0]).containsExactly(0.25, 0.75);
    assertThat(w[1]).containsExactly(0.5, 0.5);
  }
}

package org.petuum4j.ml.lda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.petuum4j.ps.row.RowData;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.ValueType;

class SparseLdaSamplerTest {
  static final int W = 5;
  static final double ALPHA = 0.3;
  static final double BETA = 0.05;

  /**
   * A fixed state with K topics: word-topic counts, topic totals consistent with them, and one
   * open document.
   */
  static SparseLdaSampler state(int k, int[][] counts, int[] docZ) {
    SparseLdaSampler s = new SparseLdaSampler(k, W, ALPHA, BETA);
    RowData totals = RowData.create(RowKind.DENSE, ValueType.LONG, k);
    for (int w = 0; w < W; w++) {
      RowData row = RowData.create(RowKind.SPARSE, ValueType.INT, k);
      for (int t = 0; t < k; t++) {
        row.addLong(t, counts[w][t]);
        totals.addLong(t, counts[w][t]);
      }
      s.loadWord(w, row);
    }
    s.loadTotals(totals);
    s.prepare();
    s.beginDoc(docZ, 0, docZ.length);
    return s;
  }

  /** The exact conditional of the removed token from the same counts, by the textbook formula. */
  static double[] exact(int k, int[][] counts, int[] docZ, int word, int removedTopic) {
    double[] p = new double[k];
    double sum = 0;
    for (int t = 0; t < k; t++) {
      long nk = 0;
      for (int w = 0; w < W; w++) {
        nk += counts[w][t];
      }
      int nd = 0;
      for (int z : docZ) {
        nd += z == t ? 1 : 0;
      }
      int nwk = counts[word][t];
      if (t == removedTopic) {
        nk--;
        nd--;
        nwk--;
      }
      p[t] = (nd + ALPHA) * (nwk + BETA) / (nk + W * BETA);
      sum += p[t];
    }
    for (int t = 0; t < k; t++) {
      p[t] /= sum;
    }
    return p;
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 8, 40, 100})
  void draws_matchTheExactConditional_chiSquare(int k) {
    SplittableRandom rng = new SplittableRandom(k);
    int[][] counts = new int[W][k];
    for (int w = 0; w < W; w++) {
      for (int t = 0; t < k; t++) {
        counts[w][t] = rng.nextInt(4) == 0 ? rng.nextInt(9) : 0;
      }
    }
    counts[1][2] += 3;
    int[] docZ = {2, 0, 2, k - 1, 1, 2, 0};
    SparseLdaSampler s = state(k, counts, docZ);
    double[] p = exact(k, counts, docZ, 1, 2);

    int n = 400_000;
    long[] seen = new long[k];
    for (int i = 0; i < n; i++) {
      int t = s.resample(1, 2, rng.nextDouble());
      seen[t]++;
      // Put the token back into topic 2, so that every draw sees the same state.
      s.remove(1, t);
      s.add(1, 2);
    }
    assertThat(s.wordCount(1, 2)).isEqualTo(counts[1][2]);
    double chi2 = 0;
    double tv = 0;
    for (int t = 0; t < k; t++) {
      double e = n * p[t];
      chi2 += (seen[t] - e) * (seen[t] - e) / e;
      tv += Math.abs(seen[t] / (double) n - p[t]) / 2;
    }
    // k - 1 degrees of freedom: the 0.999 quantile is below k - 1 + 5 sqrt(2 (k - 1)) + 10.
    assertThat(chi2).isLessThan(k - 1 + 5 * Math.sqrt(2.0 * (k - 1)) + 10);
    assertThat(tv).isLessThan(0.01);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 40, 70})
  void draws_afterManyMoves_stillMatchTheConditionalOfTheNewCounts(int k) {
    // Moves tokens around through remove/add, then checks the bookkeeping (s and r buckets,
    // sorted packed counts) against the exact conditional of the counts it should now hold.
    SplittableRandom rng = new SplittableRandom(99);
    int[][] counts = new int[W][k];
    int[] words = new int[30];
    int[] docZ = new int[30];
    for (int i = 0; i < 30; i++) {
      words[i] = rng.nextInt(W);
      docZ[i] = rng.nextInt(k);
      counts[words[i]][docZ[i]]++;
    }
    counts[3][1] += 5;
    SparseLdaSampler s = state(k, counts, docZ);
    for (int step = 0; step < 500; step++) {
      int i = rng.nextInt(30);
      counts[words[i]][docZ[i]]--;
      int t = s.resample(words[i], docZ[i], rng.nextDouble());
      counts[words[i]][t]++;
      docZ[i] = t;
    }
    for (int w = 0; w < W; w++) {
      for (int t = 0; t < k; t++) {
        assertThat(s.wordCount(w, t)).as("n[%d][%d]", w, t).isEqualTo(counts[w][t]);
      }
    }
    int i = 0;
    double[] p = exact(k, counts, docZ, words[i], docZ[i]);
    int n = 300_000;
    long[] seen = new long[k];
    for (int j = 0; j < n; j++) {
      int t = s.resample(words[i], docZ[i], rng.nextDouble());
      seen[t]++;
      s.remove(words[i], t);
      s.add(words[i], docZ[i]);
    }
    double tv = 0;
    for (int t = 0; t < k; t++) {
      tv += Math.abs(seen[t] / (double) n - p[t]) / 2;
    }
    assertThat(tv).isLessThan(0.01);
  }

  /**
   * With no counts but the open document's, nearly all of the mass is in the smoothing bucket,
   * whose walk skips blocks of topics: every topic must still come out with its exact probability.
   */
  @ParameterizedTest
  @ValueSource(ints = {31, 32, 33, 97})
  void draws_fromTheSmoothingBucket_matchTheExactConditional(int k) {
    int[][] counts = new int[W][k];
    int[] docZ = {k - 1, k / 2};
    counts[0][k - 1] = 1;
    counts[2][k / 2] = 1;
    SparseLdaSampler s = state(k, counts, docZ);
    double[] p = exact(k, counts, docZ, 0, k - 1);
    SplittableRandom rng = new SplittableRandom(k);
    int n = 200_000;
    long[] seen = new long[k];
    for (int i = 0; i < n; i++) {
      int t = s.resample(0, k - 1, rng.nextDouble());
      seen[t]++;
      s.remove(0, t);
      s.add(0, k - 1);
    }
    double chi2 = 0;
    for (int t = 0; t < k; t++) {
      double e = n * p[t];
      chi2 += (seen[t] - e) * (seen[t] - e) / e;
    }
    assertThat(chi2).isLessThan(k - 1 + 5 * Math.sqrt(2.0 * (k - 1)) + 10);
  }
}

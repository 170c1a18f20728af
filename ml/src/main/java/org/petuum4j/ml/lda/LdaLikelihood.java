package org.petuum4j.ml.lda;

/**
 * The collapsed joint log-likelihood {@code log P(w, z)} of LDA with symmetric priors (Griffiths
 * and Steyvers 2004), the quantity MALLET's {@code modelLogLikelihood()} reports:
 *
 * <pre>
 *   sum_d [ lgamma(K alpha) - lgamma(N_d + K alpha) + sum_k (lgamma(n_dk + alpha) - lgamma(alpha)) ]
 * + sum_k [ lgamma(W beta) - lgamma(n_k + W beta) + sum_w (lgamma(n_wk + beta) - lgamma(beta)) ]
 * </pre>
 *
 * Terms with a zero count vanish, so every sum runs over non-zero counts only. The pieces are
 * exposed separately so that workers can add up their shares.
 */
public final class LdaLikelihood {
  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7
  };
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private LdaLikelihood() {}

  /** {@code log Gamma(x)} for {@code x > 0}, to about 1e-14 relative (Lanczos, g = 7). */
  public static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    }
    x -= 1;
    double a = LANCZOS[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += LANCZOS[i] / (x + i);
    }
    return HALF_LOG_TWO_PI + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /**
   * One document's term, from its non-zero topic counts {@code counts[0..n)} and its length.
   */
  public static double document(int[] counts, int n, int length, int topics, double alpha) {
    double s = logGamma(topics * alpha) - logGamma(length + topics * alpha);
    double lgAlpha = logGamma(alpha);
    for (int i = 0; i < n; i++) {
      s += logGamma(counts[i] + alpha) - lgAlpha;
    }
    return s;
  }

  /** One word-topic cell's term {@code lgamma(n + beta) - lgamma(beta)} (0 for n = 0). */
  public static double wordTopic(long count, double beta) {
    return count == 0 ? 0 : logGamma(count + beta) - logGamma(beta);
  }

  /** One topic's normalising term {@code lgamma(W beta) - lgamma(n_k + W beta)}. */
  public static double topic(long total, int words, double beta) {
    return logGamma(words * beta) - logGamma(total + words * beta);
  }

  /**
   * The whole joint log-likelihood of a state: document {@code d} is tokens {@code [docStart[d],
   * docStart[d + 1])}, token {@code i} has word {@code words[i]} and topic {@code topics[i]}.
   */
  public static double joint(int[] docStart, int[] words, int[] topics, int numTopics, int numWords,
      double alpha, double beta) {
    double ll = 0;
    int[] dc = new int[numTopics];
    int[] nz = new int[numTopics];
    int[] vals = new int[numTopics];
    long[] totals = new long[numTopics];
    int[][] wt = new int[numWords][];
    for (int d = 0; d + 1 < docStart.length; d++) {
      int n = 0;
      for (int i = docStart[d]; i < docStart[d + 1]; i++) {
        int k = topics[i];
        if (dc[k]++ == 0) {
          nz[n++] = k;
        }
        totals[k]++;
        if (wt[words[i]] == null) {
          wt[words[i]] = new int[numTopics];
        }
        wt[words[i]][k]++;
      }
      for (int j = 0; j < n; j++) {
        vals[j] = dc[nz[j]];
        dc[nz[j]] = 0;
      }
      ll += document(vals, n, docStart[d + 1] - docStart[d], numTopics, alpha);
    }
    for (int[] row : wt) {
      if (row != null) {
        for (int c : row) {
          ll += wordTopic(c, beta);
        }
      }
    }
    for (int k = 0; k < numTopics; k++) {
      ll += topic(totals[k], numWords, beta);
    }
    return ll;
  }
}

package org.petuum4j.bench;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.petuum4j.ml.data.Corpus;

/**
 * One quality measure for topic models trained in different ways (collapsed Gibbs sampling,
 * Spark's EM or online variational Bayes): how well each system's topics explain the training
 * corpus, computed by this one piece of code from point estimates.
 *
 * <p>Given topics {@code phi} (K rows, each a distribution over the W words), every document's
 * topic mixture {@code theta_d} is fitted by the same fixed-point iteration for every system:
 * starting from uniform, {@code n_dk = sum_w c_dw theta_dk phi_kw / sum_j theta_dj phi_jw}, then
 * {@code theta_dk = (n_dk + alpha) / (N_d + K alpha)}, i.e. the document-topic counts plus alpha
 * that Spark's EM keeps, with the topics held fixed. The measure is the training-corpus
 * log-likelihood {@code sum_d sum_w c_dw log(sum_k theta_dk phi_kw)} (natural log), divided by
 * the number of tokens: the average log-probability of a training token (higher is better).
 * Fitting theta by shared code rather than taking each system's own document state keeps a
 * difference in how the systems represent documents (Gibbs assignments, variational parameters)
 * out of the comparison; only the topics differ.
 */
final class TopicFit {
  private TopicFit() {}

  /**
   * The corpus as bags of words: document {@code d} is entries {@code [docStart[d], docStart[d +
   * 1])}, each a word (increasing within a document) and its count.
   */
  record Bags(int[] docStart, int[] words, int[] counts, int numWords) {
    int numDocs() {
      return docStart.length - 1;
    }

    static Bags of(Corpus corpus) {
      int[] docStart = new int[corpus.numDocs() + 1];
      int[] words = new int[corpus.numTokens()];
      int[] counts = new int[corpus.numTokens()];
      int n = 0;
      for (int d = 0; d < corpus.numDocs(); d++) {
        int[] ws = new int[corpus.docEnd(d) - corpus.docStart(d)];
        for (int i = 0; i < ws.length; i++) {
          ws[i] = corpus.word(corpus.docStart(d) + i);
        }
        Arrays.sort(ws);
        for (int i = 0; i < ws.length; i++) {
          if (i > 0 && ws[i] == ws[i - 1]) {
            counts[n - 1]++;
          } else {
            words[n] = ws[i];
            counts[n++] = 1;
          }
        }
        docStart[d + 1] = n;
      }
      return new Bags(docStart, Arrays.copyOf(words, n), Arrays.copyOf(counts, n), corpus.numWords());
    }
  }

  /**
   * Topics from non-negative weights ({@code weights[k][w]}, e.g. counts plus beta): each row
   * divided by its sum, in place; returns {@code weights}.
   */
  static double[][] normalise(double[][] weights) {
    for (double[] row : weights) {
      double sum = 0;
      for (double v : row) {
        sum += v;
      }
      for (int w = 0; w < row.length; w++) {
        row[w] /= sum;
      }
    }
    return weights;
  }

  /** Document {@code d}'s mixture fitted to {@code phi} by {@code iterations} fixed-point steps. */
  static double[] theta(Bags bags, int d, double[][] phi, double alpha, int iterations) {
    int k = phi.length;
    double[] theta = new double[k];
    Arrays.fill(theta, 1.0 / k);
    double[] n = new double[k];
    double length = 0;
    for (int i = bags.docStart[d]; i < bags.docStart[d + 1]; i++) {
      length += bags.counts[i];
    }
    for (int it = 0; it < iterations; it++) {
      Arrays.fill(n, 0);
      for (int i = bags.docStart[d]; i < bags.docStart[d + 1]; i++) {
        int w = bags.words[i];
        double p = 0;
        for (int j = 0; j < k; j++) {
          p += theta[j] * phi[j][w];
        }
        double scale = bags.counts[i] / p;
        for (int j = 0; j < k; j++) {
          n[j] += theta[j] * phi[j][w] * scale;
        }
      }
      for (int j = 0; j < k; j++) {
        theta[j] = (n[j] + alpha) / (length + k * alpha);
      }
    }
    return theta;
  }

  /** {@code sum_w c_dw log(sum_k theta_k phi_kw)} of document {@code d}. */
  static double logLikelihood(Bags bags, int d, double[][] phi, double[] theta) {
    double ll = 0;
    for (int i = bags.docStart[d]; i < bags.docStart[d + 1]; i++) {
      int w = bags.words[i];
      double p = 0;
      for (int j = 0; j < phi.length; j++) {
        p += theta[j] * phi[j][w];
      }
      ll += bags.counts[i] * Math.log(p);
    }
    return ll;
  }

  /**
   * The average log-probability of a training token: every document's mixture fitted to {@code
   * phi} ({@link #theta}), then {@link #logLikelihood} summed over documents and divided by the
   * number of tokens. Documents are processed in parallel.
   */
  static double perToken(Bags bags, double[][] phi, double alpha, int iterations) {
    double sum = IntStream.range(0, bags.numDocs()).parallel()
        .mapToDouble(d -> logLikelihood(bags, d, phi, theta(bags, d, phi, alpha, iterations))).sum();
    return sum / Arrays.stream(bags.counts).asLongStream().sum();
  }
}

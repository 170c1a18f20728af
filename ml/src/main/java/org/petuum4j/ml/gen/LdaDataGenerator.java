package org.petuum4j.ml.gen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ml.data.CorpusReader;

/**
 * Generates a corpus from a planted LDA model and writes it as UCI bag-of-words ({@code docword}
 * and {@code vocab} files).
 *
 * <p>The model: the vocabulary of {@code W} words is shuffled and cut into {@code K} disjoint
 * subsets of {@code W / K} words (the first {@code W mod K} get one more); topic {@code k} puts
 * {@value #SUBSET_MASS} of its mass on its subset, spread by a Dirichlet(1) draw, and the rest
 * uniformly on all words, so topics are distinct but overlap a little. Document {@code d} has a
 * length uniform in {@code [L - L/2, L + L/2]} for mean length {@code L}, a topic mixture drawn from
 * a symmetric Dirichlet({@code docAlpha}), and each token draws a topic from the mixture and a
 * word from the topic. Word {@code i} is named {@code k<t>w<i>}, {@code t} being the topic whose
 * subset holds it, so topics are easy to read.
 *
 * <p>Reproducible: the output is a function of the settings alone ({@link SplittableRandom} seeded
 * by the seed; the topics and the documents use different streams).
 *
 * <pre>{@code
 * LdaDataGenerator g = LdaDataGenerator.builder().docs(20_000).words(10_000).topics(50)
 *     .docLength(100).seed(1).build();
 * g.write(Path.of("docword.txt"), Path.of("vocab.txt"));
 * }</pre>
 */
public final class LdaDataGenerator {
  static final double SUBSET_MASS = 0.95;

  private final int docs;
  private final int words;
  private final int topics;
  private final int docLength;
  private final double docAlpha;
  private final long seed;

  private LdaDataGenerator(Builder b) {
    this.docs = b.docs;
    this.words = b.words;
    this.topics = b.topics;
    this.docLength = b.docLength;
    this.docAlpha = b.docAlpha;
    this.seed = b.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What {@link #write} wrote. */
  public record Summary(int docs, int words, int topics, long tokens, long entries) {}

  /** The planted topics: {@code [K][W]} word distributions, each summing to 1. */
  public double[][] plantedTopics() {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] perm = new int[words];
    for (int i = 0; i < words; i++) {
      perm[i] = i;
    }
    for (int i = words - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    double[][] phi = new double[topics][words];
    for (int k = 0; k < topics; k++) {
      int from = subsetStart(k);
      int to = subsetStart(k + 1);
      double sum = 0;
      double[] g = new double[to - from];
      for (int i = 0; i < g.length; i++) {
        g[i] = -Math.log(1 - rng.nextDouble());
        sum += g[i];
      }
      Arrays.fill(phi[k], (1 - SUBSET_MASS) / words);
      for (int i = 0; i < g.length; i++) {
        phi[k][perm[from + i]] += SUBSET_MASS * g[i] / sum;
      }
    }
    return phi;
  }

  /** For every word, the planted topic whose subset holds it (its largest probability). */
  private int[] subsetOfWord() {
    double[][] phi = plantedTopics();
    int[] owner = new int[words];
    for (int w = 0; w < words; w++) {
      int best = 0;
      for (int k = 1; k < topics; k++) {
        if (phi[k][w] > phi[best][w]) {
          best = k;
        }
      }
      owner[w] = best;
    }
    return owner;
  }

  private int subsetStart(int k) {
    int base = words / topics;
    int extra = words % topics;
    return k * base + Math.min(k, extra);
  }

  /** Generates the corpus in memory. */
  public Corpus generate() {
    int minLength = docLength - docLength / 2;
    int[] owner = subsetOfWord();
    String[] vocab = new String[words];
    for (int w = 0; w < words; w++) {
      vocab[w] = "k" + owner[w] + "w" + w;
    }
    return sampleDocuments(plantedTopics(), docs, docAlpha, seed,
        rng -> minLength + rng.nextInt(docLength / 2 * 2 + 1), vocab);
  }

  /**
   * The LDA generative process over given topics {@code phi} (rows summing to 1): {@code docs}
   * documents, each of {@code length.applyAsInt(rng)} tokens (drawn first, from the documents'
   * generator), a symmetric Dirichlet({@code docAlpha}) topic mixture, and each token's topic from
   * the mixture and word from that topic. Shared by both generators, so their documents come from
   * the same code and the same random stream for a seed.
   */
  static Corpus sampleDocuments(double[][] phi, int docs, double docAlpha, long seed,
      java.util.function.ToIntFunction<SplittableRandom> length, String[] vocab) {
    int topics = phi.length;
    int words = vocab.length;
    double[][] cum = new double[topics][words];
    for (int k = 0; k < topics; k++) {
      double s = 0;
      for (int w = 0; w < words; w++) {
        s += phi[k][w];
        cum[k][w] = s;
      }
      cum[k][words - 1] = Double.POSITIVE_INFINITY;
    }
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL).split();
    Corpus.Builder b = new Corpus.Builder();
    double[] theta = new double[topics];
    int[] doc = new int[16];
    for (int d = 0; d < docs; d++) {
      int n = length.applyAsInt(rng);
      if (doc.length < n) {
        doc = new int[Math.max(n, doc.length * 2)];
      }
      double sum = 0;
      for (int k = 0; k < topics; k++) {
        theta[k] = gamma(rng, docAlpha);
        sum += theta[k];
      }
      if (sum == 0) {
        theta[rng.nextInt(topics)] = sum = 1;
      }
      for (int i = 0; i < n; i++) {
        double u = rng.nextDouble() * sum;
        int k = 0;
        while (k < topics - 1 && (u -= theta[k]) >= 0) {
          k++;
        }
        int w = Arrays.binarySearch(cum[k], rng.nextDouble());
        doc[i] = w >= 0 ? w : -w - 1;
      }
      Arrays.sort(doc, 0, n);
      for (int i = 0; i < n; i++) {
        b.add(doc[i], 1);
      }
      b.endDoc();
    }
    return b.build(words, vocab);
  }

  /** Generates the corpus and writes it atomically as UCI {@code docword} and {@code vocab} files. */
  public Summary write(Path docword, Path vocab) throws IOException {
    Corpus c = generate();
    long entries = CorpusReader.writeUci(c, docword, vocab);
    return new Summary(docs, words, topics, c.numTokens(), entries);
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang, boosted for shape < 1. */
  static double gamma(SplittableRandom rng, double shape) {
    if (shape < 1) {
      double u = rng.nextDouble();
      return gamma(rng, shape + 1) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  private static double normal(SplittableRandom rng) {
    double u;
    double v;
    double s;
    do {
      u = 2 * rng.nextDouble() - 1;
      v = 2 * rng.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }

  /** Builder; every setter validates and names the bad value. */
  public static final class Builder {
    private int docs = 1000;
    private int words = 1000;
    private int topics = 10;
    private int docLength = 100;
    private double docAlpha = 0.1;
    private long seed = 1;

    private Builder() {}

    public Builder docs(int n) {
      this.docs = check("docs", n, 1, Integer.MAX_VALUE);
      return this;
    }

    public Builder words(int n) {
      this.words = check("words", n, 1, 1 << 26);
      return this;
    }

    public Builder topics(int n) {
      this.topics = check("topics", n, 1, 1 << 16);
      return this;
    }

    /** Mean document length; lengths are uniform in {@code [L - L/2, L + L/2]}. */
    public Builder docLength(int n) {
      this.docLength = check("docLength", n, 1, 1 << 24);
      return this;
    }

    /** Concentration of the documents' symmetric Dirichlet topic mixtures, > 0. */
    public Builder docAlpha(double a) {
      if (!(a > 0) || Double.isInfinite(a)) {
        throw new IllegalArgumentException("docAlpha must be a finite number > 0, was " + a);
      }
      this.docAlpha = a;
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    public LdaDataGenerator build() {
      if (topics > words) {
        throw new IllegalArgumentException("topics (" + topics + ") must not exceed words (" + words + ")");
      }
      if ((long) docs * (docLength + docLength / 2) > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("docs x docLength is too many tokens: " + docs + " x " + docLength);
      }
      return new LdaDataGenerator(this);
    }

    private static int check(String name, int v, int min, int max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + v);
      }
      return v;
    }
  }
}

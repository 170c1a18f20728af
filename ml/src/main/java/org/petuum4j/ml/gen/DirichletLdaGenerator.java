package org.petuum4j.ml.gen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ml.data.CorpusReader;

/**
 * Generates a corpus from the LDA generative process itself, with no structure planted beyond it,
 * and writes it as UCI bag-of-words ({@code docword} and {@code vocab} files).
 *
 * <p>The model (Blei, Ng and Jordan 2003): each of {@code K} topics is a draw from a symmetric
 * Dirichlet({@code topicBeta}) over all {@code W} words; each document has a Poisson({@code L})
 * length (a draw of 0 is drawn again, so no document is empty; for {@code L >= 10} this almost
 * never happens), a topic mixture from a symmetric Dirichlet({@code docAlpha}), and each token draws a
 * topic from the mixture and a word from the topic. Unlike {@link LdaDataGenerator}, topics share
 * words and word frequencies follow from the Dirichlet draws, which is the neutral ground the LDA
 * benchmarks want: neither sampler's layout is favoured by disjoint topics. Words are named
 * {@code w<i>}.
 *
 * <p>Reproducible: the output is a function of the settings alone ({@link SplittableRandom} seeded
 * by the seed; the topics and the documents use different streams).
 *
 * <pre>{@code
 * DirichletLdaGenerator g = DirichletLdaGenerator.builder().docs(20_000).words(10_000).topics(50)
 *     .docLength(100).topicBeta(0.05).docAlpha(0.1).seed(1).build();
 * g.write(Path.of("docword.txt"), Path.of("vocab.txt"));
 * }</pre>
 */
public final class DirichletLdaGenerator {
  private final int docs;
  private final int words;
  private final int topics;
  private final double docLength;
  private final double topicBeta;
  private final double docAlpha;
  private final long seed;

  private DirichletLdaGenerator(Builder b) {
    this.docs = b.docs;
    this.words = b.words;
    this.topics = b.topics;
    this.docLength = b.docLength;
    this.topicBeta = b.topicBeta;
    this.docAlpha = b.docAlpha;
    this.seed = b.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The planted topics: {@code [K][W]} word distributions, each summing to 1. */
  public double[][] plantedTopics() {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] phi = new double[topics][words];
    for (int k = 0; k < topics; k++) {
      double[] p = phi[k];
      double sum = 0;
      // Gamma draws of shape 0.05 underflow to 0 now and then; a topic whose draws all did (only
      // for tiny W) gets one word, which is the limit of the Dirichlet as the shape goes to 0.
      for (int w = 0; w < words; w++) {
        p[w] = LdaDataGenerator.gamma(rng, topicBeta);
        sum += p[w];
      }
      if (sum == 0) {
        p[rng.nextInt(words)] = sum = 1;
      }
      for (int w = 0; w < words; w++) {
        p[w] /= sum;
      }
    }
    return phi;
  }

  /** Generates the corpus in memory. */
  public Corpus generate() {
    String[] vocab = new String[words];
    for (int w = 0; w < words; w++) {
      vocab[w] = "w" + w;
    }
    return LdaDataGenerator.sampleDocuments(plantedTopics(), docs, docAlpha, seed, rng -> {
      int length;
      do {
        length = poisson(rng, docLength);
      } while (length == 0);
      return length;
    }, vocab);
  }

  /** Generates the corpus and writes it atomically as UCI {@code docword} and {@code vocab} files. */
  public LdaDataGenerator.Summary write(Path docword, Path vocab) throws IOException {
    Corpus c = generate();
    long entries = CorpusReader.writeUci(c, docword, vocab);
    return new LdaDataGenerator.Summary(docs, words, topics, c.numTokens(), entries);
  }

  /**
   * Poisson({@code mean}): Knuth's product of uniforms for small means; for large ones the sum of
   * Poisson draws of mean at most 30 each (a Poisson sum is Poisson), which keeps {@code
   * exp(-mean)} from underflowing at the cost of mean / 30 loops.
   */
  static int poisson(SplittableRandom rng, double mean) {
    int n = 0;
    double rest = mean;
    while (rest > 0) {
      double m = Math.min(rest, 30);
      rest -= m;
      double limit = Math.exp(-m);
      double p = rng.nextDouble();
      while (p > limit) {
        n++;
        p *= rng.nextDouble();
      }
    }
    return n;
  }

  /** Builder; every setter validates and names the bad value. */
  public static final class Builder {
    private int docs = 20_000;
    private int words = 10_000;
    private int topics = 50;
    private double docLength = 100;
    private double topicBeta = 0.05;
    private double docAlpha = 0.1;
    private long seed = 1;

    private Builder() {}

    public Builder docs(int n) {
      this.docs = check("docs", n, 1, Integer.MAX_VALUE);
      return this;
    }

    public Builder words(int n) {
      this.words = check("words", n, 1, 1 << 24);
      return this;
    }

    public Builder topics(int n) {
      this.topics = check("topics", n, 1, 1 << 16);
      return this;
    }

    /** Mean document length (the Poisson mean), in (0, 2^20]. */
    public Builder docLength(double mean) {
      if (!(mean > 0) || mean > (1 << 20)) {
        throw new IllegalArgumentException("docLength must be in (0, 1048576], was " + mean);
      }
      this.docLength = mean;
      return this;
    }

    /** Concentration of the topics' symmetric Dirichlet over the words, > 0. */
    public Builder topicBeta(double b) {
      this.topicBeta = positive("topicBeta", b);
      return this;
    }

    /** Concentration of the documents' symmetric Dirichlet topic mixtures, > 0. */
    public Builder docAlpha(double a) {
      this.docAlpha = positive("docAlpha", a);
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    public DirichletLdaGenerator build() {
      if ((long) words * topics > 1L << 28) {
        throw new IllegalArgumentException("words x topics is too many cells for the planted topics: " + words
            + " x " + topics);
      }
      // Poisson lengths rarely exceed mean + 10 sqrt(mean) + 10; the corpus must stay below 2^31 tokens.
      double tokens = docs * (docLength + 10 * Math.sqrt(docLength) + 10);
      if (tokens > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("docs x docLength is too many tokens: " + docs + " x " + docLength);
      }
      return new DirichletLdaGenerator(this);
    }

    private static double positive(String name, double v) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + " must be a finite number > 0, was " + v);
      }
      return v;
    }

    private static int check(String name, int v, int min, int max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + v);
      }
      return v;
    }
  }
}

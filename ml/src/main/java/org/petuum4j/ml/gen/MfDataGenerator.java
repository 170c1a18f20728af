package org.petuum4j.ml.gen;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.petuum4j.ml.data.AtomicFile;

/**
 * Generates ratings from a planted low-rank model: user factors {@code p_u} and item factors
 * {@code q_i} with entries drawn {@code N(0, 1/sqrt(k))} (so {@code p_u . q_i} has variance about
 * 1), and {@code ratings} distinct (user, item) pairs drawn uniformly, each rated {@code mean + p_u
 * . q_i + noise * N(0, 1)}, rounded to 4 decimals. Each rating goes to the test file with
 * probability {@code testFraction}, else to the training file. User and item ids are 1-based.
 *
 * <pre>{@code
 * MfDataGenerator.Summary s = new MfDataGenerator(500, 300, 5, 60_000, 0.5, 0.1, 3.0, 7)
 *     .write(Path.of("train.tsv"), Path.of("test.tsv"), "\t");
 * }</pre>
 *
 * <p>Reproducible: the output is a function of the settings alone (one {@link SplittableRandom}
 * from the seed, {@link StrictMath} for the Gaussian draws). Files are written atomically.
 */
public final class MfDataGenerator {
  private final int users;
  private final int items;
  private final int rank;
  private final long ratings;
  private final double noise;
  private final double testFraction;
  private final double mean;
  private final long seed;

  /**
   * @throws IllegalArgumentException naming the bad value: sizes must be >= 1, {@code ratings <=
   *     users * items / 2} (so distinct pairs are drawn quickly), {@code noise >= 0}, {@code
   *     testFraction} in [0, 1)
   */
  public MfDataGenerator(int users, int items, int rank, long ratings, double noise, double testFraction,
      double mean, long seed) {
    if (users < 1 || items < 1 || rank < 1) {
      throw new IllegalArgumentException("users, items and rank must be >= 1, were " + users + ", " + items + ", " + rank);
    }
    if (ratings < 1 || ratings > (long) users * items / 2) {
      throw new IllegalArgumentException("ratings must be in [1, users * items / 2 = " + (long) users * items / 2
          + "], was " + ratings);
    }
    if (!(noise >= 0) || Double.isInfinite(noise)) {
      throw new IllegalArgumentException("noise must be finite and >= 0, was " + noise);
    }
    if (!(testFraction >= 0 && testFraction < 1)) {
      throw new IllegalArgumentException("test fraction must be in [0, 1), was " + testFraction);
    }
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean must be finite, was " + mean);
    }
    this.users = users;
    this.items = items;
    this.rank = rank;
    this.ratings = ratings;
    this.noise = noise;
    this.testFraction = testFraction;
    this.mean = mean;
    this.seed = seed;
  }

  /**
   * What was written.
   *
   * @param trainRatings ratings in the training file
   * @param testRatings ratings in the test file
   * @param noise the noise standard deviation asked for
   * @param plantedTestRmse RMSE of the planted model's exact predictions on the test ratings: the
   *     noise as realised, what a trained model can approach
   */
  public record Summary(long trainRatings, long testRatings, double noise, double plantedTestRmse) {}

  /**
   * Writes the training and test ratings as {@code user SEP item SEP rating} lines ({@code sep} one
   * of tab, comma, {@code ::}), or as Matrix Market coordinate files if {@code sep} is {@code "mm"}.
   */
  public Summary write(Path train, Path test, String sep) throws IOException {
    if (!sep.equals("\t") && !sep.equals(",") && !sep.equals("::") && !sep.equals("mm")) {
      throw new IllegalArgumentException("separator must be tab, ',', '::' or 'mm', was '" + sep + "'");
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double scale = 1 / Math.sqrt(Math.sqrt(rank));
    double[] p = gaussians(rnd, users * rank, scale);
    double[] q = gaussians(rnd, items * rank, scale);
    LongOpenHashSet seen = new LongOpenHashSet();
    StringBuilder tr = new StringBuilder();
    StringBuilder te = new StringBuilder();
    long nTrain = 0;
    long nTest = 0;
    double testSse = 0;
    String s = sep.equals("mm") ? " " : sep;
    while (seen.size() < ratings) {
      int u = rnd.nextInt(users);
      int i = rnd.nextInt(items);
      if (!seen.add((long) u * items + i)) {
        continue;
      }
      double dot = 0;
      for (int f = 0; f < rank; f++) {
        dot += p[u * rank + f] * q[i * rank + f];
      }
      double exact = mean + dot;
      double r = Math.round((exact + noise * LassoDataGenerator.gaussian(rnd)) * 1e4) / 1e4;
      boolean isTest = rnd.nextDouble() < testFraction;
      StringBuilder out = isTest ? te : tr;
      out.append(u + 1).append(s).append(i + 1).append(s).append(String.format(Locale.ROOT, "%.4f", r)).append('\n');
      if (isTest) {
        nTest++;
        testSse += (r - exact) * (r - exact);
      } else {
        nTrain++;
      }
    }
    writeFile(train, tr, sep, nTrain);
    writeFile(test, te, sep, nTest);
    return new Summary(nTrain, nTest, noise, nTest == 0 ? Double.NaN : Math.sqrt(testSse / nTest));
  }

  private void writeFile(Path file, StringBuilder body, String sep, long n) throws IOException {
    AtomicFile.write(file, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      if (sep.equals("mm")) {
        w.write("%%MatrixMarket matrix coordinate real general\n" + users + " " + items + " " + n + "\n");
      }
      w.append(body);
      w.flush();
    });
  }

  private static double[] gaussians(SplittableRandom rnd, int n, double scale) {
    double[] a = new double[n];
    for (int k = 0; k < n; k++) {
      a[k] = scale * LassoDataGenerator.gaussian(rnd);
    }
    return a;
  }
}

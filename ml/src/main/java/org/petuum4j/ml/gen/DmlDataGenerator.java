package org.petuum4j.ml.gen;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.petuum4j.ml.data.AtomicFile;

/**
 * Generates labelled data for distance metric learning, as LibSVM files (1-based; the label is the
 * class, {@code 0..C-1}), where only a few dimensions separate the classes and the rest is noise.
 *
 * <p>The model: {@code C} class centres over the first {@code I} ("informative") features, each
 * coordinate uniform on {@code [-}{@value #CLASS_SPREAD}{@code , }{@value #CLASS_SPREAD}{@code ]};
 * a row picks a class uniformly, takes its centre plus N(0, {@value #WITHIN_STD}^2) noise on the
 * informative features, and N(0, 1) on each of the {@code N} noise features that follow. So under
 * plain Euclidean distance the noise dominates, while a metric that keeps only the informative
 * features separates the classes. Values are written with 6 decimals; output is a function of the
 * configuration alone; files are written atomically.
 */
public final class DmlDataGenerator {
  static final double CLASS_SPREAD = 2.0;
  static final double WITHIN_STD = 0.2;

  private final int rows;
  private final int testRows;
  private final int classes;
  private final int informative;
  private final int noiseFeatures;
  private final long seed;

  /**
   * @throws IllegalArgumentException unless rows, testRows and informative are >= 1, classes >= 2
   *     and noiseFeatures >= 0
   */
  public DmlDataGenerator(int rows, int testRows, int classes, int informative, int noiseFeatures, long seed) {
    if (rows < 1 || testRows < 1 || classes < 2 || informative < 1 || noiseFeatures < 0) {
      throw new IllegalArgumentException("need rows, test rows, informative features >= 1, classes >= 2, "
          + "noise features >= 0; had " + rows + ", " + testRows + ", " + informative + ", " + classes + ", "
          + noiseFeatures);
    }
    this.rows = rows;
    this.testRows = testRows;
    this.classes = classes;
    this.informative = informative;
    this.noiseFeatures = noiseFeatures;
    this.seed = seed;
  }

  /** Number of features: informative plus noise. */
  public int features() {
    return informative + noiseFeatures;
  }

  /** Writes the training and the test file; returns the bytes written to each. */
  public long[] write(Path train, Path test) throws IOException {
    SplittableRandom centresRng = new SplittableRandom(LogRegDataGenerator.streamSeed(seed, 0, 0));
    double[][] centres = new double[classes][informative];
    for (double[] c : centres) {
      for (int j = 0; j < informative; j++) {
        c[j] = (2 * centresRng.nextDouble() - 1) * CLASS_SPREAD;
      }
    }
    return new long[] {write(train, rows, centres, 1), write(test, testRows, centres, 2)};
  }

  private long write(Path file, int n, double[][] centres, long stream) throws IOException {
    SplittableRandom rng = new SplittableRandom(LogRegDataGenerator.streamSeed(seed, stream, 0));
    long[] bytes = new long[1];
    AtomicFile.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < n; i++) {
        int c = rng.nextInt(classes);
        line.setLength(0);
        line.append(c);
        for (int j = 0; j < informative + noiseFeatures; j++) {
          double v = j < informative
              ? centres[c][j] + WITHIN_STD * KMeansDataGenerator.gaussian(rng)
              : KMeansDataGenerator.gaussian(rng);
          line.append(' ').append(j + 1).append(':').append(String.format(Locale.ROOT, "%.6f", v));
        }
        line.append('\n');
        bytes[0] += line.length();
        w.append(line);
      }
      w.flush();
    });
    return bytes[0];
  }
}

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
 * Generates points around planted Gaussian centres, for k-means, as CSV or LibSVM (1-based, the
 * label being the planted cluster, which k-means ignores).
 *
 * <p>The model: {@code k} centres drawn uniformly from {@code [-spread, spread]^D}; each row picks a
 * centre uniformly and adds N(0, noise^2) to each coordinate. Values are written with 6 decimals.
 * {@link Summary#plantedWcss()} is the sum of squared distances of the written points to their
 * planted centres: about {@code rows * D * noise^2}, the level a good clustering reaches.
 * Output is a function of the configuration alone, byte for byte; the file is written atomically.
 */
public final class KMeansDataGenerator {
  private final int rows;
  private final int k;
  private final int dimension;
  private final double spread;
  private final double noise;
  private final long seed;

  /**
   * @throws IllegalArgumentException unless rows, k and dimension are >= 1 and spread and noise
   *     finite and >= 0
   */
  public KMeansDataGenerator(int rows, int k, int dimension, double spread, double noise, long seed) {
    if (rows < 1 || k < 1 || dimension < 1) {
      throw new IllegalArgumentException("rows, k and dimension must be >= 1, were " + rows + ", " + k + ", " + dimension);
    }
    if (!(spread >= 0) || !(noise >= 0) || Double.isInfinite(spread) || Double.isInfinite(noise)) {
      throw new IllegalArgumentException("spread and noise must be finite and >= 0, were " + spread + ", " + noise);
    }
    this.rows = rows;
    this.k = k;
    this.dimension = dimension;
    this.spread = spread;
    this.noise = noise;
    this.seed = seed;
  }

  /** What {@link #write} produced. */
  public record Summary(int rows, long bytes, double plantedWcss) {}

  /** The planted centres. */
  public double[][] centres() {
    SplittableRandom rng = new SplittableRandom(LogRegDataGenerator.streamSeed(seed, 0, 0));
    double[][] c = new double[k][dimension];
    for (double[] centre : c) {
      for (int j = 0; j < dimension; j++) {
        centre[j] = (2 * rng.nextDouble() - 1) * spread;
      }
    }
    return c;
  }

  /** Writes the points to {@code file}, as CSV if {@code csv}, else LibSVM. */
  public Summary write(Path file, boolean csv) throws IOException {
    double[][] centres = centres();
    SplittableRandom rng = new SplittableRandom(LogRegDataGenerator.streamSeed(seed, 1, 0));
    double[] wcss = new double[1];
    long[] bytes = new long[1];
    AtomicFile.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < rows; i++) {
        int c = rng.nextInt(k);
        line.setLength(0);
        if (!csv) {
          line.append(c);
        }
        for (int j = 0; j < dimension; j++) {
          String v = String.format(Locale.ROOT, "%.6f", centres[c][j] + noise * gaussian(rng));
          double diff = Double.parseDouble(v) - centres[c][j];
          wcss[0] += diff * diff;
          if (csv) {
            line.append(j == 0 ? "" : ",").append(v);
          } else {
            line.append(' ').append(j + 1).append(':').append(v);
          }
        }
        line.append('\n');
        bytes[0] += line.length();
        w.append(line);
      }
      w.flush();
    });
    return new Summary(rows, bytes[0], wcss[0]);
  }

  /** Box-Muller with StrictMath, identical on every JVM. */
  static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }
}

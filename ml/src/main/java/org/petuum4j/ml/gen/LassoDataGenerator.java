package org.petuum4j.ml.gen;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.petuum4j.ml.data.AtomicFile;
import org.petuum4j.ml.data.RegressionDataset;

/**
 * Generates sparse regression data with a planted sparse coefficient vector and groups of
 * strongly correlated features, so that which coordinates a parallel Lasso updates together
 * matters.
 *
 * <p>The data: features are {@code [0, D)}. A random permutation assigns {@code G} groups of
 * {@code S} features each; the other features are independent. The planted vector {@code b} has
 * {@code support} non-zeros: one on the first member of each of the first {@code min(G,
 * ceil(support / 2))} groups, the rest on random independent features (group members if those run
 * out); each is {@code +-(0.5 + U(0, 1))}. Every row has exactly {@code K} non-zeros: {@code g =
 * min(G, max(1, floor(K / (2S))))} distinct random groups (none if {@code G = 0}) contribute all
 * their members, each with value {@code u + 0.2 e} for one {@code u ~ N(0, 1)} per group and row
 * and fresh {@code e ~ N(0, 1)}, so two members of a group correlate at about 0.96; the other
 * {@code K - g S} are distinct features drawn uniformly from the independent ones (never a group
 * member, so groups stay clean), with values {@code N(0, 1)}. Values are
 * rounded to 6 decimals. The response is {@code y = x . b + noise * N(0, 1)}.
 *
 * <pre>{@code
 * LassoDataGenerator g = LassoDataGenerator.builder().rows(10_000).features(50_000)
 *     .nonZerosPerRow(20).correlatedGroups(500).seed(7).build();
 * RegressionDataset data = g.generate();
 * g.writeLibSvm(Path.of("lasso.libsvm"));
 * }</pre>
 *
 * <p>Reproducible: the output is a function of the settings alone (one {@link SplittableRandom}
 * stream from the seed; {@link StrictMath} for the Gaussian draws). Files are written atomically.
 */
public final class LassoDataGenerator {
  /** Standard deviation of a group member around its group's common value. */
  static final double GROUP_SPREAD = 0.2;
  static final double VALUE_SCALE = 1e6;

  private final int rows;
  private final int features;
  private final int nonZerosPerRow;
  private final int groups;
  private final int groupSize;
  private final int support;
  private final double noise;
  private final long seed;
  /** Set by {@link #generate()}. */
  private double[] planted;
  private int[][] groupMembers;

  private LassoDataGenerator(Builder b) {
    this.rows = b.rows;
    this.features = b.features;
    this.nonZerosPerRow = b.nonZerosPerRow;
    this.groups = b.groups;
    this.groupSize = b.groupSize;
    this.support = b.supportSet ? b.support : Math.max(1, features / 20);
    this.noise = b.noise;
    this.seed = b.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The planted coefficients (after {@link #generate()}). */
  public double[] plantedCoefficients() {
    requireGenerated();
    return planted.clone();
  }

  /** The features of correlated group {@code g}, ascending (after {@link #generate()}). */
  public int[] group(int g) {
    requireGenerated();
    return groupMembers[g].clone();
  }

  /** Number of planted non-zero coefficients. */
  public int support() {
    return support;
  }

  private void requireGenerated() {
    if (planted == null) {
      throw new IllegalStateException("call generate() first");
    }
  }

  /** Generates the data set in memory. Deterministic; calling it again gives the same data. */
  public synchronized RegressionDataset generate() {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] perm = new int[features];
    for (int i = 0; i < features; i++) {
      perm[i] = i;
    }
    for (int i = features - 1; i > 0; i--) {
      int t = rnd.nextInt(i + 1);
      int x = perm[i];
      perm[i] = perm[t];
      perm[t] = x;
    }
    int grouped = groups * groupSize;
    int[][] members = new int[groups][];
    for (int g = 0; g < groups; g++) {
      members[g] = Arrays.copyOfRange(perm, g * groupSize, (g + 1) * groupSize);
      Arrays.sort(members[g]);
    }
    double[] b = new double[features];
    int onGroups = Math.min(groups, (support + 1) / 2);
    for (int g = 0; g < onGroups; g++) {
      b[members[g][0]] = coefficient(rnd);
    }
    // The rest on independent features (perm[grouped..]), then on unused group members.
    int placed = onGroups;
    for (int i = grouped; i < features && placed < support; i++, placed++) {
      b[perm[i]] = coefficient(rnd);
    }
    for (int i = 0; i < grouped && placed < support; i++) {
      if (b[perm[i]] == 0) {
        b[perm[i]] = coefficient(rnd);
        placed++;
      }
    }

    int groupsPerRow = groupsPerRow(groups, groupSize, nonZerosPerRow);
    long cells = (long) rows * nonZerosPerRow;
    int[] rowPtr = new int[rows + 1];
    int[] cols = new int[(int) cells];
    double[] vals = new double[(int) cells];
    double[] y = new double[rows];
    IntOpenHashSet inRow = new IntOpenHashSet();
    IntOpenHashSet groupsInRow = new IntOpenHashSet();
    long[] packed = new long[nonZerosPerRow];
    double[] rowVals = new double[nonZerosPerRow];
    int cell = 0;
    for (int i = 0; i < rows; i++) {
      inRow.clear();
      groupsInRow.clear();
      int m = 0;
      while (groupsInRow.size() < groupsPerRow) {
        int g = rnd.nextInt(groups);
        if (groupsInRow.add(g)) {
          double u = gaussian(rnd);
          for (int f : members[g]) {
            inRow.add(f);
            rowVals[m] = round(u + GROUP_SPREAD * gaussian(rnd));
            packed[m] = ((long) f << 32) | m;
            m++;
          }
        }
      }
      while (m < nonZerosPerRow) {
        int f = perm[grouped + rnd.nextInt(features - grouped)];
        if (inRow.add(f)) {
          rowVals[m] = round(gaussian(rnd));
          packed[m] = ((long) f << 32) | m;
          m++;
        }
      }
      Arrays.sort(packed, 0, m);
      double dot = 0;
      for (int k = 0; k < m; k++) {
        int f = (int) (packed[k] >>> 32);
        double v = rowVals[(int) packed[k]];
        cols[cell] = f;
        vals[cell] = v;
        dot += v * b[f];
        cell++;
      }
      rowPtr[i + 1] = cell;
      y[i] = dot + noise * gaussian(rnd);
    }
    this.planted = b;
    this.groupMembers = members;
    return RegressionDataset.fromCsr(rowPtr, cols, vals, y, features);
  }

  /** Writes {@link #generate()}'s data as LibSVM {@code y j:x ...} with 1-based indices. */
  public long writeLibSvm(Path out) throws IOException {
    RegressionDataset d = generate();
    AtomicFile.write(out, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      StringBuilder line = new StringBuilder(64 + 24 * nonZerosPerRow);
      for (int i = 0; i < d.rows(); i++) {
        line.setLength(0);
        line.append(d.target(i));
        for (int k = d.rowStart(i); k < d.rowEnd(i); k++) {
          line.append(' ').append(d.col(k) + 1).append(':').append(d.value(k));
        }
        line.append('\n');
        w.append(line);
      }
      w.flush();
    });
    return Files.size(out);
  }

  /**
   * Writes {@link #generate()}'s data as Matrix Market: the design matrix in coordinate form to
   * {@code x}, the response as an {@code n x 1} array to {@code y}. Returns the bytes written.
   */
  public long writeMatrixMarket(Path x, Path y) throws IOException {
    RegressionDataset d = generate();
    AtomicFile.write(x, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      w.write("%%MatrixMarket matrix coordinate real general\n");
      w.write("% petuum4j datagen lasso: " + d.rows() + " rows, " + features + " features, seed " + seed + "\n");
      w.write(d.rows() + " " + features + " " + d.nonZeros() + "\n");
      StringBuilder line = new StringBuilder(48);
      for (int i = 0; i < d.rows(); i++) {
        for (int k = d.rowStart(i); k < d.rowEnd(i); k++) {
          line.setLength(0);
          line.append(i + 1).append(' ').append(d.col(k) + 1).append(' ').append(d.value(k)).append('\n');
          w.append(line);
        }
      }
      w.flush();
    });
    AtomicFile.write(y, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      w.write("%%MatrixMarket matrix array real general\n");
      w.write(d.rows() + " 1\n");
      for (int i = 0; i < d.rows(); i++) {
        w.write(Double.toString(d.target(i)));
        w.write('\n');
      }
      w.flush();
    });
    return Files.size(x) + Files.size(y);
  }

  /** Groups a row draws: about half its non-zeros, at least one group if there are any. */
  static int groupsPerRow(int groups, int groupSize, int nonZerosPerRow) {
    return groups == 0 ? 0 : Math.min(groups, Math.max(1, nonZerosPerRow / (2 * groupSize)));
  }

  private static double coefficient(SplittableRandom rnd) {
    double m = 0.5 + rnd.nextDouble();
    return rnd.nextBoolean() ? m : -m;
  }

  private static double round(double v) {
    return Math.round(v * VALUE_SCALE) / VALUE_SCALE;
  }

  /** Box-Muller with StrictMath, so every JVM draws the same numbers. */
  static double gaussian(SplittableRandom rnd) {
    double u1 = 1.0 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }

  /** Builder; {@link #build()} validates and names the bad setting. */
  public static final class Builder {
    private int rows = 10_000;
    private int features = 10_000;
    private int nonZerosPerRow = 20;
    private int groups = 100;
    private int groupSize = 5;
    private int support;
    private boolean supportSet;
    private double noise = 0.1;
    private long seed = 1;

    private Builder() {}

    /** Rows {@code n >= 1} (default 10,000). */
    public Builder rows(int v) {
      this.rows = v;
      return this;
    }

    /** Features {@code D >= 1} (default 10,000). */
    public Builder features(int v) {
      this.features = v;
      return this;
    }

    /** Non-zeros per row {@code K}, in {@code [1, D]} (default 20). */
    public Builder nonZerosPerRow(int v) {
      this.nonZerosPerRow = v;
      return this;
    }

    /** Correlated groups {@code G >= 0}, with {@code G * S <= D} (default 100). */
    public Builder correlatedGroups(int v) {
      this.groups = v;
      return this;
    }

    /** Features per group {@code S >= 2}, at most {@code K} (default 5). */
    public Builder groupSize(int v) {
      this.groupSize = v;
      return this;
    }

    /** Planted non-zero coefficients, in {@code [0, D]} (default {@code max(1, D / 20)}). */
    public Builder support(int v) {
      this.support = v;
      this.supportSet = true;
      return this;
    }

    /** Standard deviation of the response noise, finite and {@code >= 0} (default 0.1). */
    public Builder noise(double v) {
      this.noise = v;
      return this;
    }

    public Builder seed(long v) {
      this.seed = v;
      return this;
    }

    public LassoDataGenerator build() {
      check(rows >= 1, "rows must be >= 1, was " + rows);
      check(features >= 1, "features must be >= 1, was " + features);
      check(nonZerosPerRow >= 1 && nonZerosPerRow <= features,
          "non-zeros per row must be between 1 and the features (" + features + "), was " + nonZerosPerRow);
      check((long) rows * nonZerosPerRow <= Integer.MAX_VALUE - 8,
          "rows * non-zeros per row must stay below 2^31 - 8, was " + (long) rows * nonZerosPerRow);
      check(groupSize >= 2, "group size must be >= 2, was " + groupSize);
      check(groups >= 0 && (long) groups * groupSize <= features,
          "correlated groups must be between 0 and features / group size (" + features / groupSize + "), was " + groups);
      check(groups == 0 || groupSize <= nonZerosPerRow,
          "group size (" + groupSize + ") must not exceed the non-zeros per row (" + nonZerosPerRow + ")");
      int groupsPerRow = groupsPerRow(groups, groupSize, nonZerosPerRow);
      check((long) features - (long) groups * groupSize >= nonZerosPerRow - (long) groupsPerRow * groupSize,
          "the " + (features - (long) groups * groupSize) + " features outside the groups are too few for "
              + (nonZerosPerRow - groupsPerRow * groupSize) + " independent non-zeros per row; use fewer groups or more features");
      check(!supportSet || (support >= 0 && support <= features),
          "support must be between 0 and the features (" + features + "), was " + support);
      check(noise >= 0 && Double.isFinite(noise), "noise must be a finite number >= 0, was " + noise);
      return new LassoDataGenerator(this);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}

package org.petuum4j.ml.gen;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.petuum4j.ml.data.AtomicFile;

/**
 * Generates synthetic binary classification data from a planted logistic regression model and
 * writes it as LibSVM files (1-based indices).
 *
 * <p>The model: a weight vector {@code w} over {@code D} features with {@code round(D / 10)}
 * (at least one) non-zero coordinates at uniformly drawn positions, each drawn from N(0, 1). Each
 * row has {@code K} distinct feature indices drawn uniformly from {@code [0, D)}, written in
 * ascending order, with values uniform on (0, 1) in steps of 10^-6 (so the decimal text is exact
 * and the parsed float equals {@code (float) k / 1e6f}); its label is 1 with probability {@code
 * sigmoid(3 * x.w)}, else 0. The training and test files share the planted model and use
 * different random streams. {@link Summary#plantedTestError()} is the error on the test file of
 * predicting 1 iff {@code x.w > 0}: the reference a trained model can be compared with.
 *
 * <pre>{@code
 * Summary s = LogRegDataGenerator.builder().features(10_000).nonZerosPerRow(50).seed(7)
 *     .trainRows(100_000).testRows(10_000).build()
 *     .write(Path.of("train.libsvm"), Path.of("test.libsvm"));
 * }</pre>
 *
 * <p>Reproducibility: output is a function of the configuration alone, byte for byte. Rows are
 * produced in blocks of {@value #BLOCK_ROWS}; block {@code b} of stream {@code s} draws from its
 * own {@link SplittableRandom} seeded by mixing (seed, s, b), so blocks can be generated in
 * parallel and the thread count does not change the output. Transcendental functions come from
 * {@link StrictMath}, whose results are the same on every JVM.
 *
 * <p>Files are written atomically (see {@link AtomicFile}): a failure leaves no partial file.
 */
public final class LogRegDataGenerator {
  static final int BLOCK_ROWS = 4096;
  /** Values are {@code k / VALUE_SCALE} with {@code k} uniform in {@code [1, VALUE_SCALE)}. */
  static final int VALUE_SCALE = 1_000_000;
  static final double WEIGHT_DENSITY = 0.1;
  static final double LABEL_SCALE = 3.0;
  /** Keeps one row's text well inside a Java array. */
  static final int MAX_NON_ZEROS_PER_ROW = 1 << 24;

  private static final long STREAM_WEIGHTS = 0;
  private static final long STREAM_TRAIN = 1;
  private static final long STREAM_TEST = 2;

  private final long trainRows;
  private final long testRows;
  private final int features;
  private final int nonZerosPerRow;
  private final long seed;
  private final int threads;
  private final double[] planted;
  private final int plantedNonZeros;

  private LogRegDataGenerator(Builder b) {
    this.trainRows = b.trainRows;
    this.testRows = b.testRows;
    this.features = b.features;
    this.nonZerosPerRow = b.nonZerosPerRow;
    this.seed = b.seed;
    this.threads = b.threads;
    this.planted = new double[features];
    this.plantedNonZeros = plantWeights(planted, seed);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What {@link #write} produced. */
  public record Summary(
      long trainRows,
      long testRows,
      long trainBytes,
      long testBytes,
      int features,
      int nonZerosPerRow,
      int plantedNonZeros,
      double plantedTrainError,
      double plantedTestError) {}

  /** Writes the training file and the test file, each atomically, and reports what was written. */
  public Summary write(Path trainFile, Path testFile) throws IOException {
    long[] trainStats = writeStream(trainFile, STREAM_TRAIN, trainRows);
    long[] testStats = writeStream(testFile, STREAM_TEST, testRows);
    return new Summary(
        trainRows,
        testRows,
        trainStats[0],
        testStats[0],
        features,
        nonZerosPerRow,
        plantedNonZeros,
        (double) trainStats[1] / trainRows,
        (double) testStats[1] / testRows);
  }

  /** The planted weight vector (a copy). */
  double[] plantedWeights() {
    return planted.clone();
  }

  private int plantWeights(double[] w, long seed) {
    SplittableRandom rng = new SplittableRandom(streamSeed(seed, STREAM_WEIGHTS, 0));
    int m = (int) Math.max(1, Math.round(features * WEIGHT_DENSITY));
    int[] chosen = new int[m];
    Sampler sampler = new Sampler(features);
    sampler.sample(rng, m, chosen);
    for (int i = 0; i < m; i++) {
      w[chosen[i]] = gaussian(rng);
    }
    return m;
  }

  /** Box-Muller with StrictMath, so the planted model is identical on every JVM. */
  private static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }

  /** Returns {bytes written, planted-model errors}. */
  private long[] writeStream(Path file, long stream, long rows) throws IOException {
    long[] stats = new long[2];
    long blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
    // One sampler per busy thread: its stamp array is as large as the dimension.
    Queue<Sampler> samplers = new ConcurrentLinkedQueue<>();
    AtomicFile.write(file, out -> {
      if (threads == 1) {
        for (long b = 0; b < blocks; b++) {
          emit(generateBlock(stream, b, rows, samplers), out, stats);
        }
        return;
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "datagen");
        t.setDaemon(true);
        return t;
      });
      try {
        // A bounded window of blocks in flight keeps memory flat while the writer drains in order.
        ArrayDeque<Future<Block>> window = new ArrayDeque<>();
        long next = 0;
        while (next < blocks || !window.isEmpty()) {
          while (next < blocks && window.size() < 2 * threads) {
            long b = next++;
            window.add(pool.submit(() -> generateBlock(stream, b, rows, samplers)));
          }
          emit(window.poll().get(), out, stats);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing " + file);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IOException("generating " + file + " failed", e.getCause());
      } finally {
        pool.shutdownNow();
      }
    });
    return stats;
  }

  private static void emit(Block block, OutputStream out, long[] stats) {
    try {
      out.write(block.bytes, 0, block.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stats[0] += block.length;
    stats[1] += block.errors;
  }

  /** One block of rows as LibSVM text, plus how many of them the planted model gets wrong. */
  private static final class Block {
    byte[] bytes;
    int length;
    long errors;
  }

  private Block generateBlock(long stream, long blockIndex, long rows, Queue<Sampler> samplers) {
    Sampler sampler = samplers.poll();
    if (sampler == null) {
      sampler = new Sampler(features);
    }
    try {
      return generateBlock(stream, blockIndex, rows, sampler);
    } finally {
      samplers.offer(sampler);
    }
  }

  private Block generateBlock(long stream, long blockIndex, long rows, Sampler sampler) {
    SplittableRandom rng = new SplittableRandom(streamSeed(seed, stream, blockIndex));
    long first = blockIndex * BLOCK_ROWS;
    int n = (int) Math.min(BLOCK_ROWS, rows - first);
    int k = nonZerosPerRow;
    int[] idx = new int[k];
    int[] val = new int[k];
    Block block = new Block();
    // Per cell: ' ', up to 10 index digits, ':', "0." and up to 6 value digits; plus label and '\n'.
    int maxRowBytes = k * 20 + 2;
    block.bytes = new byte[(int) Math.max(maxRowBytes, Math.min((long) n * maxRowBytes, 16 << 20))];
    for (int r = 0; r < n; r++) {
      if (block.bytes.length - block.length < maxRowBytes) {
        long cap = Math.max((long) block.bytes.length * 2, (long) block.length + maxRowBytes);
        block.bytes = Arrays.copyOf(block.bytes, (int) Math.min(cap, Integer.MAX_VALUE - 8));
      }
      sampler.sample(rng, k, idx);
      double margin = 0;
      for (int j = 0; j < k; j++) {
        val[j] = 1 + rng.nextInt(VALUE_SCALE - 1);
        margin += planted[idx[j]] * ((float) val[j] / (float) VALUE_SCALE);
      }
      double p = 1.0 / (1.0 + StrictMath.exp(-LABEL_SCALE * margin));
      int label = rng.nextDouble() < p ? 1 : 0;
      int predicted = margin > 0 ? 1 : 0;
      if (predicted != label) {
        block.errors++;
      }
      block.length = writeRow(block.bytes, block.length, label, idx, val, k);
    }
    return block;
  }

  private static int writeRow(byte[] b, int pos, int label, int[] idx, int[] val, int k) {
    b[pos++] = (byte) ('0' + label);
    for (int j = 0; j < k; j++) {
      b[pos++] = ' ';
      pos = writeInt(b, pos, idx[j] + 1);
      b[pos++] = ':';
      b[pos++] = '0';
      b[pos++] = '.';
      int v = val[j];
      int digits = 6;
      while (v % 10 == 0) {
        v /= 10;
        digits--;
      }
      for (int d = digits - 1; d >= 0; d--) {
        b[pos + d] = (byte) ('0' + v % 10);
        v /= 10;
      }
      pos += digits;
    }
    b[pos++] = '\n';
    return pos;
  }

  private static int writeInt(byte[] b, int pos, int value) {
    int len = 1;
    for (int t = value; t >= 10; t /= 10) {
      len++;
    }
    int v = value;
    for (int d = len - 1; d >= 0; d--) {
      b[pos + d] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return pos + len;
  }

  /** SplitMix64's finalizer over (seed, stream, block): independent, well-spread seeds. */
  static long streamSeed(long seed, long stream, long block) {
    long z = mix64(seed + 0x9E3779B97F4A7C15L * (stream + 1));
    return mix64(z + 0xBF58476D1CE4E5B9L * (block + 1));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Draws {@code k} distinct values from {@code [0, n)} with Floyd's algorithm (exactly {@code k}
   * random draws, uniform over subsets), returned sorted. Membership uses a stamp per value, so a
   * draw costs O(1) and nothing is cleared between rows.
   */
  static final class Sampler {
    final int[] stamps;
    private int round;

    Sampler(int n) {
      this.stamps = new int[n];
    }

    void sample(SplittableRandom rng, int k, int[] out) {
      if (++round == 0) {
        Arrays.fill(stamps, 0);
        round = 1;
      }
      int n = stamps.length;
      int c = 0;
      for (int j = n - k; j < n; j++) {
        int t = rng.nextInt(j + 1);
        int pick = stamps[t] == round ? j : t;
        stamps[pick] = round;
        out[c++] = pick;
      }
      Arrays.sort(out, 0, k);
    }
  }

  /** Configuration; every setter validates at once and names the bad value. */
  public static final class Builder {
    private long trainRows = 100_000;
    private long testRows = 10_000;
    private int features = 10_000;
    private int nonZerosPerRow = 50;
    private long seed = 1;
    private int threads = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /** Rows in the training file, {@code >= 1}. Default 100,000. */
    public Builder trainRows(long rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("training rows must be >= 1, was " + rows);
      }
      this.trainRows = rows;
      return this;
    }

    /** Rows in the test file, {@code >= 1}. Default 10,000. */
    public Builder testRows(long rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("test rows must be >= 1, was " + rows);
      }
      this.testRows = rows;
      return this;
    }

    /** Dimension {@code D}, {@code >= 1}. Default 10,000. */
    public Builder features(int features) {
      if (features < 1) {
        throw new IllegalArgumentException("features must be >= 1, was " + features);
      }
      this.features = features;
      return this;
    }

    /**
     * Non-zeros per row {@code K}, in {@code [1, 2^24]} and at most the number of features.
     * Default 50.
     */
    public Builder nonZerosPerRow(int k) {
      if (k < 1 || k > MAX_NON_ZEROS_PER_ROW) {
        throw new IllegalArgumentException(
            "non-zeros per row must be in [1, " + MAX_NON_ZEROS_PER_ROW + "], was " + k);
      }
      this.nonZerosPerRow = k;
      return this;
    }

    /** Seed of every random draw. Default 1. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Generator threads, {@code >= 1}; does not change the output. Default: available cores. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Checks the settings against each other and draws the planted model. */
    public LogRegDataGenerator build() {
      if (nonZerosPerRow > features) {
        throw new IllegalArgumentException(
            "non-zeros per row (" + nonZerosPerRow + ") must be <= features (" + features + ")");
      }
      return new LogRegDataGenerator(this);
    }
  }
}

package org.petuum4j.ml.logreg;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ps.Checkpointable;
import org.petuum4j.ps.Partitions;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.WorkerContext;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.ProcessContext;

/**
 * One worker thread of data-parallel SGD for logistic regression, in either {@link
 * LogRegConfig.Update} mode.
 *
 * <p>Implementation notes, {@link LogRegConfig.Update#EXAMPLE}. Every clock covers one of
 * {@code batchesPerEpoch} near-equal segments of the worker's epoch order. At the clock's start
 * the worker reads every weight row (SSP-stale by at most the bound) and copies it into a
 * thread-private {@code float[]} replica and a base copy; it then runs plain per-example SGD on
 * the replica, each example moving the weights it touches by {@code -eta_t * (g x_j + lambda
 * w_j)}; at the clock it sends the non-zero cells of {@code replica - base}, in ascending order,
 * one batched {@code inc} per weight row. So the inner loop reads and writes one float array per
 * non-zero: nothing per increment goes through a view or the op-log (or even a touched-bit: the
 * clock's scan of both copies is {@code O(D)} like the copy itself), and nothing is allocated
 * per example. Why a replica rather than views of
 * the table plus deltas: a view's {@code get} and the op-log's add per non-zero were most of
 * the per-example cost of per-example updates (two structures touched per feature instead of
 * one), and Bösen's {@code mlr}, which keeps a thread-private copy synced a few times per epoch,
 * showed that the extra staleness within a clock costs little. The copy costs {@code O(D)} per
 * clock, which {@link LogRegConfig#clocksPerEpoch(long, double, int)} keeps small against the
 * examples' work.
 *
 * <p>Implementation notes, {@link LogRegConfig.Update#BATCH}. The worker owns the contiguous range {@link WorkerContext#partition}
 * of the training rows and, every epoch, visits them in an order of its own (runs of rows
 * shuffled with a seed derived from the configured seed, the worker and the epoch; see {@link
 * #epochOrder}), cut into {@code batchesPerEpoch} near-equal mini-batches; every worker has the
 * same number of batches so that the workers' clocks stay level. For each mini-batch it:
 *
 * <ol>
 *   <li>reads every weight row (the views are SSP-stale by at most the table's staleness and
 *       show this worker's own updates);
 *   <li>for each example computes {@code g = sigmoid(x.w) - y} and adds {@code g * x_j} into a
 *       dense float accumulator, marking each touched feature in a bitset (small enough to stay in
 *       cache) and, when the batch has few non-zeros for the dimension, listing it once;
 *   <li>for each touched feature {@code j}, in ascending order, sends {@code -eta_t * (acc_j /
 *       |batch| + lambda * w_j)}: one batched {@code inc} per weight row;
 * </ol>
 *
 * <p>After every {@link LogRegConfig#batchesPerClock} mini-batches (and after an epoch's last) it
 * sleeps if it is the clock's injected straggler (see {@link #straggler}) and calls {@code
 * clock()}, which sends the clock's updates, merged per weight row. Within a clock the views
 * already hold the worker's own updates, so its mini-batches follow one another as in sequential
 * SGD whatever the number per clock.
 *
 * <p>So L2 is applied once per mini-batch to the coordinates that batch touched (the usual
 * sparse-SGD shortcut: untouched weights are not decayed), and every example of a batch sees the
 * same weights. After each epoch all workers {@code barrier()}, evaluate their shares of the
 * training and test sets on the now complete weights, sum the partial losses through the metrics
 * table, {@code barrier()} again, and worker 0 reports.
 */
final class SgdWorker implements WorkerProgram {
  static final String WEIGHTS = "logreg.weights";
  static final String METRICS = "logreg.metrics";
  /** Metrics-table columns: per-epoch sums of the workers' partial results. */
  static final int TRAIN_LOSS = 0;
  static final int TEST_LOSS = 1;
  static final int TEST_ERRORS = 2;
  static final int METRICS_WIDTH = 3;
  /** Rows per run of the per-epoch shuffle; see {@link #epochOrder}. */
  static final int SHUFFLE_RUN = 32;

  private final LogRegConfig config;
  private final SparseDataset train;
  private final SparseDataset test;
  private final int dimension;
  private final int blocks;
  private final int shift;
  private final int batchesPerEpoch;
  private final int clocksPerEpoch;
  /** Mini-batches (or, with {@link LogRegConfig.Update#EXAMPLE}, segments) per clock. */
  private final int batchesPerClock;
  private final boolean perExample;
  private final TrainingListener listener;
  /**
   * Examples this process's workers have done in the running epoch, by epoch parity: the slot of
   * epoch {@code e + 1} is cleared between the two barriers that end epoch {@code e}, when no
   * worker reports progress, so that a per-process count never mixes epochs (and a cluster's
   * processes, each counting its own, are summed by the job's event decoder).
   */
  private final AtomicLongArray progress = new AtomicLongArray(2);
  /** The process whose in-memory input {@code train} and {@code test} are, or null if they are whole data sets. */
  private final ProcessContext local;
  /** Training rows over all processes. */
  private final long totalRows;

  SgdWorker(LogRegConfig config, SparseDataset train, SparseDataset test, int dimension,
      int blockWidth, int batchesPerEpoch, TrainingListener listener) {
    this(config, train, test, dimension, blockWidth, batchesPerEpoch, listener, null, train.rows());
  }

  /**
   * A worker of a process whose own data {@code train} and {@code test} are ({@code local}'s input),
   * {@code totalRows} training rows over all processes; {@code batchesPerEpoch} must be the same in
   * every process (enough for the largest share of any process).
   */
  SgdWorker(LogRegConfig config, SparseDataset train, SparseDataset test, int dimension,
      int blockWidth, int batchesPerEpoch, TrainingListener listener, ProcessContext local, long totalRows) {
    this.local = local;
    this.totalRows = totalRows;
    this.config = config;
    this.train = train;
    this.test = test;
    this.dimension = dimension;
    this.blocks = (int) (((long) dimension + blockWidth - 1) / blockWidth);
    this.shift = Integer.numberOfTrailingZeros(blockWidth);
    this.batchesPerEpoch = batchesPerEpoch;
    this.perExample = config.update() == LogRegConfig.Update.EXAMPLE;
    this.batchesPerClock = perExample ? 1 : config.batchesPerClock();
    this.clocksPerEpoch = clocksPerEpoch(batchesPerEpoch, batchesPerClock);
    this.listener = listener;
  }

  /** Mini-batches per epoch for every worker: enough for the largest share. */
  static int batchesPerEpoch(long rows, int workers, int batchSize) {
    long largestShare = (rows + workers - 1) / workers;
    return (int) Math.max(1, (largestShare + batchSize - 1) / batchSize);
  }

  /**
   * The {@code batchesPerEpoch} of every worker when {@code rows} rows with {@code nonZeros}
   * non-zeros in all are split over {@code workers}: mini-batches enough for the largest share
   * with {@link LogRegConfig.Update#BATCH}, the clocks per epoch with {@link
   * LogRegConfig.Update#EXAMPLE}.
   */
  static int batchesPerEpoch(LogRegConfig config, long rows, long nonZeros, int workers, int dimension) {
    if (config.update() == LogRegConfig.Update.BATCH) {
      return batchesPerEpoch(rows, workers, config.batchSize());
    }
    long largestShare = (rows + workers - 1) / workers;
    return config.clocksPerEpoch(largestShare, rows == 0 ? 0 : (double) nonZeros / rows, dimension);
  }

  /** Clocks per epoch: one per {@code batchesPerClock} mini-batches, the last clock maybe with fewer. */
  static int clocksPerEpoch(int batchesPerEpoch, int batchesPerClock) {
    return (int) (((long) batchesPerEpoch + batchesPerClock - 1) / batchesPerClock);
  }

  /**
   * The order in which a worker visits its share in an epoch. Shuffled, it is a random permutation
   * of runs of {@value #SHUFFLE_RUN} consecutive rows (the last run may be shorter), each run
   * visited in file order: fully random rows would make every example a cache and TLB miss on
   * the data arrays, which measured 2.5 times slower at a million rows, while runs this long are
   * nearly as fast as a sequential scan and still mix examples from all over the share into every
   * mini-batch. Unshuffled, it is the file order.
   */
  static void epochOrder(int[] order, long from, boolean shuffle, long seed, int worker, int epoch) {
    int n = order.length;
    if (!shuffle) {
      for (int i = 0; i < n; i++) {
        order[i] = (int) (from + i);
      }
      return;
    }
    int runs = (n + SHUFFLE_RUN - 1) / SHUFFLE_RUN;
    int[] perm = new int[runs];
    for (int r = 0; r < runs; r++) {
      perm[r] = r;
    }
    // Odd multipliers keep (worker, epoch) -> seed one-to-one for any realistic counts.
    SplittableRandom rng = new SplittableRandom(
        seed ^ (0x9E3779B97F4A7C15L * (worker + 1)) ^ (0xBF58476D1CE4E5B9L * (epoch + 1)));
    for (int r = runs - 1; r > 0; r--) {
      int j = rng.nextInt(r + 1);
      int t = perm[r];
      perm[r] = perm[j];
      perm[j] = t;
    }
    int p = 0;
    for (int r : perm) {
      for (int i = r * SHUFFLE_RUN, end = Math.min(n, i + SHUFFLE_RUN); i < end; i++) {
        order[p++] = (int) (from + i);
      }
    }
  }

  /**
   * The worker that straggles at global clock {@code clock} (counted from 0 over all epochs), or
   * -1 for none: with probability {@code probability}, a worker drawn uniformly from {@code
   * workers}. A pure function of its arguments, so every worker computes the same answer.
   */
  static int straggler(long seed, int workers, long clock, double probability) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL ^ (0x9E3779B97F4A7C15L * (clock + 1)));
    int worker = rng.nextInt(workers);
    return rng.nextDouble() < probability ? worker : -1;
  }

  @Override
  public void run(WorkerContext ctx) throws InterruptedException {
    Table weights = ctx.table(WEIGHTS);
    Table metrics = ctx.table(METRICS);
    int width = 1 << shift;
    int mask = width - 1;
    Partitions.Range share = share(ctx, train.rows());
    int[] order = new int[(int) share.size()];
    Row[] views = new Row[blocks];
    // The mini-batch path's gradient accumulator and touched-feature marks; the per-example path
    // keeps its replica and base copy instead (below).
    float[] acc = perExample ? null : new float[dimension];
    long[] seen = perExample ? null : new long[(dimension + 63) >>> 6];
    int[] touched = perExample ? null : new int[(dimension + 63) / 64 / 16 + 1];
    int[] cols = new int[width];
    float[] deltas = new float[width];
    // Seconds of training before this epoch, and when this epoch's training began.
    double[] time = {0, System.nanoTime()};
    ctx.checkpointed(new Checkpointable() {
      @Override
      public void save(DataOutputStream out) throws IOException {
        out.writeDouble(time[0] + (System.nanoTime() - time[1]) / 1e9);
      }

      @Override
      public void restore(DataInputStream in) throws IOException {
        time[0] = in.readDouble();
      }
    });
    // A resumed job starts at the checkpoint's clock: clock startClock % clocksPerEpoch of epoch
    // startClock / clocksPerEpoch. A checkpoint at an epoch's end precedes that epoch's evaluation.
    int startClock = ctx.currentClock();
    int startEpoch = startClock / clocksPerEpoch;

    // The per-example path's replica doubles as the evaluation's plain copy of the weights.
    float[] replica = new float[dimension];
    float[] base = perExample ? new float[dimension] : null;
    ctx.barrier();
    time[1] = System.nanoTime();
    if (startClock > 0 && startClock % clocksPerEpoch == 0) {
      endEpoch(ctx, weights, metrics, startEpoch - 1, replica, time);
    }
    int resumeClock = startClock % clocksPerEpoch;
    if (resumeClock > 0) {
      // Resumed inside an epoch: the examples before the resumed clock count as done.
      progress.addAndGet(startEpoch & 1,
          Partitions.range(order.length, resumeClock * batchesPerClock, batchesPerEpoch).from());
    }
    for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
      epochOrder(order, share.from(), config.shuffle(), config.seed(), ctx.workerId(), epoch);
      double eta = config.learningRate(epoch);
      for (int clock = epoch == startEpoch ? startClock % clocksPerEpoch : 0; clock < clocksPerEpoch; clock++) {
        int firstBatch = clock * batchesPerClock;
        int endBatch = (int) Math.min(batchesPerEpoch, (long) firstBatch + batchesPerClock);
        if (perExample) {
          Partitions.Range r = Partitions.range(order.length, clock, batchesPerEpoch);
          replicaClock(weights, replica, base, order, (int) r.from(), (int) r.to(), cols, deltas, eta, epoch);
          endBatch = firstBatch;
        }
        for (int batch = firstBatch; batch < endBatch; batch++) {
          Partitions.Range r = Partitions.range(order.length, batch, batchesPerEpoch);
          int from = (int) r.from();
          int to = (int) r.to();
          for (int b = 0; b < blocks; b++) {
            views[b] = weights.get(b);
          }
          int m = accumulate(order, from, to, views, mask, acc, seen, touched);
          int size = to - from;
          if (size > 0) {
            sendUpdate(weights, views, acc, seen, m < 0 ? null : touched, m, cols, deltas, eta / size,
                eta * config.l2());
            listener.onProgress(epoch + 1, progress.addAndGet(epoch & 1, size), totalRows);
          }
        }
        if (config.stragglerMillis() > 0 && straggler(config.seed(), ctx.numWorkers(),
            (long) epoch * clocksPerEpoch + clock, config.stragglerProbability()) == ctx.workerId()) {
          Thread.sleep(config.stragglerMillis());
        }
        ctx.clock();
      }
      endEpoch(ctx, weights, metrics, epoch, replica, time);
    }
  }

  /** Examples between two progress reports of {@link LogRegConfig.Update#EXAMPLE}. */
  private static final int PROGRESS_STEP = 4096;
  /**
   * Examples per call of {@link #sgd}. Short calls, so that HotSpot sees hundreds of invocations
   * in the first epoch and compiles the method whole with the optimising compiler there: with
   * calls of 4,096 examples, PrintCompilation showed the full C2 compile of {@code sgd} landing
   * only after the first epoch at 100k x 10k, which ran in on-stack-replaced code that was
   * deoptimised twice. (The rest of the first epoch's extra time, 0.1-0.15 s there, is the first
   * clocks, where the parameter server's own paths are still being compiled.)
   */
  private static final int SGD_CALL = 64;

  /**
   * One clock of {@link LogRegConfig.Update#EXAMPLE}: refreshes the replica from the table, runs
   * per-example SGD over {@code order[from..to)} on it, and sends the difference as increments
   * (the caller clocks).
   */
  private void replicaClock(Table weights, float[] replica, float[] base, int[] order, int from,
      int to, int[] cols, float[] deltas, double eta, int epoch) {
    readWeights(weights, replica);
    System.arraycopy(replica, 0, base, 0, dimension);
    double decay = eta * config.l2();
    for (int p = from; p < to; p += PROGRESS_STEP) {
      int end = Math.min(to, p + PROGRESS_STEP);
      for (int q = p; q < end; q += SGD_CALL) {
        sgd(order, q, Math.min(end, q + SGD_CALL), replica, eta, decay);
      }
      listener.onProgress(epoch + 1, progress.addAndGet(epoch & 1, end - p), totalRows);
    }
    int width = 1 << shift;
    for (int b = 0; b < blocks; b++) {
      int offset = b * width;
      int count = 0;
      for (int c = 0, end = Math.min(width, dimension - offset); c < end; c++) {
        float delta = replica[offset + c] - base[offset + c];
        if (delta != 0f) {
          cols[count] = c;
          deltas[count++] = delta;
        }
      }
      flush(weights, b, cols, deltas, count);
    }
  }

  /** Reads every weight row (under the table's consistency) into the plain array {@code into}. */
  private void readWeights(Table weights, float[] into) {
    int width = 1 << shift;
    for (int b = 0; b < blocks; b++) {
      Row view = weights.get(b);
      int offset = b * width;
      for (int c = 0, end = Math.min(width, dimension - offset); c < end; c++) {
        into[offset + c] = (float) view.get(c);
      }
    }
  }

  /**
   * Per-example SGD over {@code order[from..to)} on {@code w}: each example moves every weight
   * {@code j} it touches by {@code -(eta g x_j + decay w_j)}. A method of its own, called per few
   * thousand examples, so that the JIT compiles it whole early (see {@link #accumulate}).
   */
  private void sgd(int[] order, int from, int to, float[] w, double eta, double decay) {
    float l2 = (float) decay;
    for (int p = from; p < to; p++) {
      int i = order[p];
      int start = train.rowStart(i);
      int end = train.rowEnd(i);
      double z = 0;
      for (int k = start; k < end; k++) {
        z += train.value(k) * w[train.col(k)];
      }
      float s = (float) (eta * (Logistic.sigmoid(z) - train.label(i)));
      for (int k = start; k < end; k++) {
        int c = train.col(k);
        w[c] -= s * train.value(k) + l2 * w[c];
      }
    }
  }

  /**
   * Ends an epoch: every worker evaluates its share of the training and test sets on the complete
   * weights, the partial sums meet in the metrics table, and worker 0 reports. {@code time} holds
   * the seconds trained before the epoch and the epoch's start.
   */
  private void endEpoch(WorkerContext ctx, Table weights, Table metrics, int epoch, float[] dense,
      double[] time) {
    boolean reporter = ctx.workerId() == 0;
    long n = totalRows;
    ctx.barrier();
    double trainSeconds = time[0] + (System.nanoTime() - time[1]) / 1e9;
    evaluate(ctx, weights, metrics, epoch, dense);
    progress.set((epoch + 1) & 1, 0);
    ctx.barrier();
    if (reporter) {
      Row m = metrics.get(epoch);
      double trainLoss = m.get(TRAIN_LOSS) / n;
      if (!Double.isFinite(trainLoss)) {
        throw new TrainingDivergedException("training diverged in epoch " + (epoch + 1)
            + " (training loss " + trainLoss + "); use a smaller learning rate than "
            + config.learningRate());
      }
      listener.onEpoch(new EpochMetrics(
          epoch + 1,
          trainSeconds,
          (epoch + 1) * n,
          trainLoss,
          m.get(TEST_LOSS) / test.rows(),
          m.get(TEST_ERRORS) / test.rows()));
    }
    time[0] = trainSeconds;
    time[1] = System.nanoTime();
  }

  /**
   * Adds the log-loss gradient of the examples {@code order[from..to)} into {@code acc} and marks
   * the features they touch in {@code seen}. A batch with few non-zeros for the dimension also
   * lists those features in {@code touched} (to be sent in sorted order) and returns how many; a
   * larger one only marks them, without a branch, for a scan of the bitset, and returns -1. A
   * method of its own, called once per mini-batch, so that the JIT compiles it whole early on
   * rather than through on-stack replacement of {@link #run}'s loops.
   */
  private int accumulate(int[] order, int from, int to, Row[] views, int mask, float[] acc, long[] seen,
      int[] touched) {
    long nonZeros = 0;
    for (int p = from; p < to; p++) {
      nonZeros += train.rowEnd(order[p]) - train.rowStart(order[p]);
    }
    boolean list = nonZeros * 16 < seen.length;
    int m = 0;
    for (int p = from; p < to; p++) {
      int i = order[p];
      int start = train.rowStart(i);
      int end = train.rowEnd(i);
      double z = 0;
      for (int k = start; k < end; k++) {
        int c = train.col(k);
        z += train.value(k) * views[c >>> shift].get(c & mask);
      }
      double g = Logistic.sigmoid(z) - train.label(i);
      if (list) {
        for (int k = start; k < end; k++) {
          int c = train.col(k);
          long word = seen[c >>> 6];
          long bit = 1L << c;
          if ((word & bit) == 0) {
            seen[c >>> 6] = word | bit;
            touched[m++] = c;
          }
          acc[c] += (float) (g * train.value(k));
        }
      } else {
        for (int k = start; k < end; k++) {
          int c = train.col(k);
          seen[c >>> 6] |= 1L << c;
          acc[c] += (float) (g * train.value(k));
        }
      }
    }
    return list ? m : -1;
  }

  /**
   * Turns the mini-batch's accumulated gradient into one batched increment per weight row, and
   * clears the accumulator and the touched bits.
   *
   * <p>The touched features go out in ascending order, so that this pass and the parameter
   * server's op-log and row updates walk their arrays forwards instead of jumping around; at a
   * million features that is most of the difference between hitting and missing the caches. The
   * order comes from sorting the touched list {@code touched[0..m)} when the batch made one (see
   * {@link #accumulate}), else ({@code touched} null) from scanning the bitset.
   */
  private void sendUpdate(Table weights, Row[] views, float[] acc, long[] seen, int[] touched, int m,
      int[] cols, float[] deltas, double scale, double decay) {
    int mask = (1 << shift) - 1;
    int block = -1;
    int count = 0;
    if (touched != null) {
      Arrays.sort(touched, 0, m);
      for (int t = 0; t < m; t++) {
        int c = touched[t];
        seen[c >>> 6] = 0;
        int b = c >>> shift;
        if (b != block) {
          flush(weights, block, cols, deltas, count);
          block = b;
          count = 0;
        }
        cols[count] = c & mask;
        deltas[count++] = (float) -(scale * acc[c] + decay * views[b].get(c & mask));
        acc[c] = 0f;
      }
    } else {
      for (int w = 0; w < seen.length; w++) {
        long word = seen[w];
        if (word == 0) {
          continue;
        }
        seen[w] = 0;
        while (word != 0) {
          int c = (w << 6) + Long.numberOfTrailingZeros(word);
          word &= word - 1;
          int b = c >>> shift;
          if (b != block) {
            flush(weights, block, cols, deltas, count);
            block = b;
            count = 0;
          }
          cols[count] = c & mask;
          deltas[count++] = (float) -(scale * acc[c] + decay * views[b].get(c & mask));
          acc[c] = 0f;
        }
      }
    }
    flush(weights, block, cols, deltas, count);
  }

  private static void flush(Table weights, int block, int[] cols, float[] deltas, int count) {
    if (count > 0) {
      weights.inc(block, cols, deltas, count);
    }
  }

  /** A worker's rows of {@code rows}: its share of a whole data set, or of its process's input. */
  private Partitions.Range share(WorkerContext ctx, long rows) {
    return local == null ? ctx.partition(rows) : local.localShare(rows, ctx.workerId());
  }

  /**
   * Adds this worker's share of the training and test losses and test errors to the metrics row.
   * The weights are first copied into the plain array {@code dense} (the worker's own: the
   * replica, with per-example updates), so that a margin costs an array read per non-zero instead
   * of a view call with a shift and mask to find the row: at 1M x 1M the evaluation, which reads
   * every training row, had taken about as many profile samples as the epoch's training.
   */
  private void evaluate(WorkerContext ctx, Table weights, Table metrics, int epoch, float[] dense) {
    readWeights(weights, dense);
    double trainLoss = 0;
    Partitions.Range tr = share(ctx, train.rows());
    for (int i = (int) tr.from(); i < tr.to(); i++) {
      trainLoss += Logistic.logLoss(margin(train, i, dense), train.label(i));
    }
    double testLoss = 0;
    long testErrors = 0;
    Partitions.Range te = share(ctx, test.rows());
    for (int i = (int) te.from(); i < te.to(); i++) {
      double z = margin(test, i, dense);
      testLoss += Logistic.logLoss(z, test.label(i));
      if ((z > 0 ? 1f : 0f) != test.label(i)) {
        testErrors++;
      }
    }
    metrics.inc(epoch, new int[] {TRAIN_LOSS, TEST_LOSS, TEST_ERRORS},
        new double[] {trainLoss, testLoss, testErrors}, METRICS_WIDTH);
  }

  private static double margin(SparseDataset data, int i, float[] w) {
    double z = 0;
    for (int k = data.rowStart(i), end = data.rowEnd(i); k < end; k++) {
      z += data.value(k) * w[data.col(k)];
    }
    return z;
  }
}

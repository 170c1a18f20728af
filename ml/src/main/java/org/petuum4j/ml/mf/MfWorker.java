package org.petuum4j.ml.mf;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.petuum4j.ml.logreg.TrainingDivergedException;
import org.petuum4j.ps.Partitions;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.WorkerContext;
import org.petuum4j.ps.WorkerProgram;

/**
 * One worker thread of matrix factorisation by SGD, in either of the two schedules of {@link
 * MfConfig.Algorithm}.
 *
 * <p>Implementation notes. The worker owns a range of user rows ({@link MfLayout}) and all the
 * training ratings of those users, so no other worker ever writes its user factors: it keeps them
 * in a local array and sends their change to the user table once per epoch, before the epoch's
 * evaluation barrier. Item factors are shared. The worker keeps a local copy of the item rows it
 * works on; per clock it refreshes that copy from the item table, runs SGD over the clock's
 * ratings on the local copies ({@code e = r - mean - p.q; p += eta (e q - lambda p); q += eta (e p
 * - lambda q)}), sends the change of every item row it touched as one dense increment and calls
 * {@code clock()}.
 *
 * <ul>
 *   <li>{@code SGD}: the clock's ratings are the next of {@code clocksPerEpoch} slices of the
 *       worker's ratings; every item row is refreshed (SSP-stale by at most the table's
 *       staleness) and the increments of workers that touched the same item in the same clock add
 *       up.
 *   <li>{@code ROTATION}: epoch sub-step {@code t} processes the worker's ratings of item block
 *       {@code (w + t) mod W} only, so the blocks of one clock are disjoint and each item row has a
 *       single writer per clock. The item table is BSP, so the read at clock {@code c} contains
 *       everything the block's previous owner wrote at clock {@code c - 1}: the hand-over is exact,
 *       through the parameter server alone.
 * </ul>
 *
 * <p>Initial factors are uniform in {@code [-initScale, initScale)}, from a generator seeded by the
 * configured seed and the id, so they do not depend on the number of workers; each worker
 * writes those of its users and of one item block, then all meet at a barrier. After each epoch:
 * barrier, every worker adds its share of the squared errors (its users' training ratings, a
 * slice of the test ratings) to the epoch's metrics row, barrier, worker 0 reports, and every
 * worker stops early if the test RMSE reached {@code targetRmse}.
 */
final class MfWorker implements WorkerProgram {
  static final String USERS = "mf.users";
  static final String ITEMS = "mf.items";
  static final String METRICS = "mf.metrics";
  static final int TRAIN_SSE = 0;
  static final int TEST_SSE = 1;
  static final int METRICS_WIDTH = 2;

  private final MfConfig config;
  private final MfData data;
  private final double targetRmse;
  private final MfListener listener;

  MfWorker(MfConfig config, MfData data, double targetRmse, MfListener listener) {
    this.config = config;
    this.data = data;
    this.targetRmse = targetRmse;
    this.listener = listener;
  }

  @Override
  public void run(WorkerContext ctx) throws InterruptedException {
    MfLayout lay = data.layout;
    int k = config.rank();
    int w = ctx.workerId();
    Table users = ctx.table(USERS);
    Table items = ctx.table(ITEMS);
    Table metrics = ctx.table(METRICS);

    Partitions.Range myRows = lay.userRowsOf(w);
    int userFrom = lay.firstUser(myRows.from());
    int userTo = lay.firstUser(myRows.to());
    float[] p = new float[(userTo - userFrom) * k];
    for (int u = userFrom; u < userTo; u++) {
      init(p, (u - userFrom) * k, k, 2 * (long) u);
    }
    float[] pushed = new float[p.length];
    pushUsers(users, lay, myRows, userFrom, p, pushed);
    float[] q = new float[lay.items() * k];
    float[] base = new float[q.length];
    Partitions.Range initBlock = lay.itemBlock(w);
    float[] rowBuf = new float[lay.itemWidth()];
    for (long row = initBlock.from(); row < initBlock.to(); row++) {
      Arrays.fill(rowBuf, 0f);
      for (int i = lay.firstItem(row); i < lay.firstItem(row + 1); i++) {
        init(rowBuf, (i - lay.firstItem(row)) * k, k, 2 * (long) i + 1);
      }
      items.incDense((int) row, rowBuf);
    }
    ctx.barrier();

    int[] uu = data.u[w];
    int[] ii = data.i[w];
    float[] rr = data.r[w];
    boolean[] touched = new boolean[lay.itemRows()];
    boolean reporter = w == 0;
    double seconds = 0;
    int itemRows = lay.itemRows();
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      long start = System.nanoTime();
      float eta = (float) config.learningRate(epoch);
      float lambda = (float) config.l2();
      if (config.algorithm() == MfConfig.Algorithm.SGD) {
        for (int c = 0; c < config.clocksPerEpoch(); c++) {
          readItems(items, 0, itemRows, q, base);
          Partitions.Range slice = Partitions.range(rr.length, c, config.clocksPerEpoch());
          sgd(uu, ii, rr, (int) slice.from(), (int) slice.to(), userFrom, p, q, eta, lambda, touched);
          pushItems(items, 0, itemRows, q, base, touched);
          straggle(ctx, (long) epoch * config.clocksPerEpoch() + c);
          ctx.clock();
        }
      } else {
        int[] start0 = data.blockStart[w];
        for (int t = 0; t < lay.workers(); t++) {
          int b = (w + t) % lay.workers();
          Partitions.Range block = lay.itemBlock(b);
          readItems(items, (int) block.from(), (int) block.to(), q, base);
          sgd(uu, ii, rr, start0[b], start0[b + 1], userFrom, p, q, eta, lambda, touched);
          pushItems(items, (int) block.from(), (int) block.to(), q, base, touched);
          straggle(ctx, (long) epoch * lay.workers() + t);
          ctx.clock();
        }
      }
      pushUsers(users, lay, myRows, userFrom, p, pushed);
      seconds += (System.nanoTime() - start) / 1e9;
      ctx.barrier();
      evaluate(ctx, users, items, metrics, epoch, q, base, p, userFrom);
      ctx.barrier();
      Row m = metrics.get(epoch);
      double trainRmse = Math.sqrt(m.get(TRAIN_SSE) / data.trainSize());
      double testRmse = data.testR.length == 0 ? Double.NaN : Math.sqrt(m.get(TEST_SSE) / data.testR.length);
      if (!Double.isFinite(trainRmse)) {
        if (reporter) {
          throw new TrainingDivergedException("training diverged in epoch " + (epoch + 1)
              + " (training RMSE " + trainRmse + "); use a smaller learning rate than " + config.learningRate());
        }
        return;
      }
      if (reporter) {
        listener.onEpoch(new MfMetrics(epoch + 1, seconds, trainRmse, testRmse));
      }
      if (testRmse <= targetRmse) {
        return;
      }
    }
  }

  /** Sleeps if this worker is the injected straggler of clock {@code clock} (see {@link MfConfig}). */
  private void straggle(WorkerContext ctx, long clock) throws InterruptedException {
    if (config.stragglerMillis() > 0 && MfConfig.straggler(config.seed(), ctx.numWorkers(), clock,
        config.stragglerProbability()) == ctx.workerId()) {
      Thread.sleep(config.stragglerMillis());
    }
  }

  /** The initial factors of one id: uniform in [-s, s), seeded by (seed, key). */
  private void init(float[] dst, int off, int k, long key) {
    SplittableRandom rng = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + key);
    float s = (float) config.initScale();
    for (int f = 0; f < k; f++) {
      dst[off + f] = (float) ((2 * rng.nextDouble() - 1) * s);
    }
  }

  /** One SGD pass over ratings {@code [from, to)}; marks the item rows it touched. */
  private void sgd(int[] uu, int[] ii, float[] rr, int from, int to, int userFrom, float[] p, float[] q,
      float eta, float lambda, boolean[] touched) {
    int k = config.rank();
    float mean = (float) data.mean;
    int perRow = data.layout.itemsPerRow();
    for (int n = from; n < to; n++) {
      int pu = (uu[n] - userFrom) * k;
      int qi = ii[n] * k;
      touched[ii[n] / perRow] = true;
      float dot = 0;
      for (int f = 0; f < k; f++) {
        dot += p[pu + f] * q[qi + f];
      }
      float e = rr[n] - mean - dot;
      for (int f = 0; f < k; f++) {
        float pf = p[pu + f];
        float qf = q[qi + f];
        p[pu + f] = pf + eta * (e * qf - lambda * pf);
        q[qi + f] = qf + eta * (e * pf - lambda * qf);
      }
    }
  }

  /** Copies item rows {@code [from, to)} into {@code q} and {@code base}. */
  private void readItems(Table items, int from, int to, float[] q, float[] base) {
    MfLayout lay = data.layout;
    int k = config.rank();
    for (int row = from; row < to; row++) {
      Row v = items.get(row);
      int off = lay.firstItem(row) * k;
      int n = (lay.firstItem(row + 1) - lay.firstItem(row)) * k;
      for (int c = 0; c < n; c++) {
        float x = (float) v.get(c);
        q[off + c] = x;
        base[off + c] = x;
      }
    }
  }

  /** Sends the change of every touched item row in {@code [from, to)} and clears the marks. */
  private void pushItems(Table items, int from, int to, float[] q, float[] base, boolean[] touched) {
    MfLayout lay = data.layout;
    int k = config.rank();
    float[] delta = new float[lay.itemWidth()];
    for (int row = from; row < to; row++) {
      if (!touched[row]) {
        continue;
      }
      touched[row] = false;
      int off = lay.firstItem(row) * k;
      int n = (lay.firstItem(row + 1) - lay.firstItem(row)) * k;
      Arrays.fill(delta, n, delta.length, 0f);
      for (int c = 0; c < n; c++) {
        delta[c] = q[off + c] - base[off + c];
      }
      items.incDense(row, delta);
    }
  }

  /** Sends the change of this worker's user factors since the last push. */
  private void pushUsers(Table users, MfLayout lay, Partitions.Range rows, int userFrom, float[] p, float[] pushed) {
    int k = config.rank();
    float[] delta = new float[lay.userWidth()];
    for (long row = rows.from(); row < rows.to(); row++) {
      int off = (lay.firstUser(row) - userFrom) * k;
      int n = (lay.firstUser(row + 1) - lay.firstUser(row)) * k;
      Arrays.fill(delta, 0f);
      for (int c = 0; c < n; c++) {
        delta[c] = p[off + c] - pushed[off + c];
        pushed[off + c] = p[off + c];
      }
      users.incDense((int) row, delta);
    }
  }

  /**
   * Adds this worker's squared errors (its training ratings, a slice of the test set) to the
   * metrics row. Its training ratings are all of users it owns, so they are scored with its own
   * factors {@code p} (what it has just pushed); the other workers' users are fetched only when it
   * has test ratings to score (none when a process holds only its training share, as in Spark).
   */
  private void evaluate(WorkerContext ctx, Table users, Table items, Table metrics, int epoch, float[] q, float[] base,
      float[] p, int userFrom) {
    MfLayout lay = data.layout;
    int k = config.rank();
    readItems(items, 0, lay.itemRows(), q, base);
    int w = ctx.workerId();
    double trainSse = sse(data.u[w], data.i[w], data.r[w], 0, data.r[w].length, p, userFrom, q);
    Partitions.Range te = ctx.partition(data.testR.length);
    double testSse = 0;
    if (te.size() > 0) {
      float[] all = new float[lay.users() * k];
      for (int row = 0; row < lay.userRows(); row++) {
        Row v = users.get(row);
        int off = lay.firstUser(row) * k;
        int n = (lay.firstUser(row + 1) - lay.firstUser(row)) * k;
        for (int c = 0; c < n; c++) {
          all[off + c] = (float) v.get(c);
        }
      }
      testSse = sse(data.testU, data.testI, data.testR, (int) te.from(), (int) te.to(), all, 0, q);
    }
    metrics.inc(epoch, new int[] {TRAIN_SSE, TEST_SSE}, new double[] {trainSse, testSse}, METRICS_WIDTH);
  }

  /** Squared errors of ratings {@code [from, to)}, user {@code u}'s factors at {@code p[(u - userFrom) * k]}. */
  private double sse(int[] uu, int[] ii, float[] rr, int from, int to, float[] p, int userFrom, float[] q) {
    int k = config.rank();
    double sum = 0;
    for (int n = from; n < to; n++) {
      double pred = data.mean;
      if (uu[n] >= 0 && ii[n] >= 0) {
        for (int f = 0; f < k; f++) {
          pred += p[(uu[n] - userFrom) * k + f] * q[ii[n] * k + f];
        }
      }
      double e = rr[n] - pred;
      sum += e * e;
    }
    return sum;
  }
}

package org.petuum4j.ml.kmeans;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ps.Partitions;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.WorkerContext;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.EventSink;

/**
 * One worker thread of data-parallel mini-batch k-means (Sculley, "Web-Scale K-Means Clustering",
 * WWW 2010) on the parameter server.
 *
 * <p>Implementation notes. Centre {@code c} is row {@code c} of the centroid table: columns {@code
 * [0, D)} hold the centre, column {@code D} the number {@code v_c} of rows assigned to it so far.
 * Worker 0 adds the k-means++ centres (count 0) before the first barrier. Every epoch a worker
 * visits its contiguous share in a seeded shuffled order, in {@code clocksPerEpoch} mini-batches
 * (the same count on every worker so that clocks stay level). Per mini-batch it reads the centres
 * (SSP-stale by at most the staleness, with its own updates), assigns each row to its nearest
 * centre, and for each centre {@code c} that got {@code n_c} rows with sum {@code s_c} sends
 * {@code (s_c - n_c * c) / (v_c + W * n_c)} to the centre and {@code n_c} to the count. With one
 * worker that is exactly Sculley's per-centre learning rate {@code 1 / v_c} applied to the batch
 * mean; with {@code W} workers assigning similar numbers of rows the {@code W} concurrent steps
 * add up to the same step taken on the union of their batches, instead of overshooting W-fold.
 * After each epoch: barrier, every worker adds the WCSS of its share under the complete centres to
 * the metrics table, barrier, worker 0 reports.
 */
final class KMeansWorker implements WorkerProgram {
  static final String CENTROIDS = "kmeans.centroids";
  static final String METRICS = "kmeans.metrics";

  private final KMeansConfig config;
  private final DenseDataset data;
  private final double[][] initial;
  private final EventSink events;

  KMeansWorker(KMeansConfig config, DenseDataset data, double[][] initial, EventSink events) {
    this.config = config;
    this.data = data;
    this.initial = initial;
    this.events = events;
  }

  @Override
  public void run(WorkerContext ctx) {
    int k = config.k();
    int d = data.dimension();
    Table centroids = ctx.table(CENTROIDS);
    Table metrics = ctx.table(METRICS);
    if (ctx.workerId() == 0) {
      for (int c = 0; c < k; c++) {
        double[] row = new double[d + 1];
        System.arraycopy(initial[c], 0, row, 0, d);
        centroids.incDense(c, row);
      }
    }
    Partitions.Range share = ctx.partition(data.rows());
    int[] order = new int[(int) share.size()];
    long largest = (data.rows() + ctx.numWorkers() - 1) / ctx.numWorkers();
    int clocks = (int) Math.max(1, (largest + config.batchSize() - 1) / config.batchSize());
    double[][] centres = new double[k][d];
    double[] counts = new double[k];
    double[][] sums = new double[k][d];
    int[] assigned = new int[k];
    double[] delta = new double[d + 1];
    double seconds = 0;
    ctx.barrier();
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      long start = System.nanoTime();
      shuffle(order, (int) share.from(), config.seed(), ctx.workerId(), epoch);
      for (int batch = 0; batch < clocks; batch++) {
        Partitions.Range r = Partitions.range(order.length, batch, clocks);
        read(centroids, centres, counts);
        for (int p = (int) r.from(); p < r.to(); p++) {
          int i = order[p];
          int c = KMeansModel.nearest(centres, data, i);
          assigned[c]++;
          double[] s = sums[c];
          for (int j = 0, o = data.offset(i); j < d; j++) {
            s[j] += data.flat(o + j);
          }
        }
        for (int c = 0; c < k; c++) {
          int n = assigned[c];
          if (n == 0) {
            continue;
          }
          double rate = 1.0 / (counts[c] + (double) ctx.numWorkers() * n);
          for (int j = 0; j < d; j++) {
            delta[j] = (sums[c][j] - n * centres[c][j]) * rate;
            sums[c][j] = 0;
          }
          delta[d] = n;
          centroids.incDense(c, delta);
          assigned[c] = 0;
        }
        ctx.clock();
      }
      ctx.barrier();
      seconds += (System.nanoTime() - start) / 1e9;
      read(centroids, centres, counts);
      double wcss = 0;
      for (int i = (int) share.from(); i < share.to(); i++) {
        wcss += data.squaredDistance(i, centres[KMeansModel.nearest(centres, data, i)]);
      }
      metrics.inc(epoch, 0, wcss);
      ctx.barrier();
      if (ctx.workerId() == 0) {
        events.emit(KMeansJob.encode(new KMeansMetrics(epoch + 1, seconds, metrics.get(epoch).get(0))));
      }
    }
  }

  private static void read(Table centroids, double[][] centres, double[] counts) {
    int d = centres[0].length;
    for (int c = 0; c < centres.length; c++) {
      Row row = centroids.get(c);
      for (int j = 0; j < d; j++) {
        centres[c][j] = row.get(j);
      }
      counts[c] = row.get(d);
    }
  }

  /** Fills {@code order} with {@code from + [0, order.length)} shuffled by (seed, worker, epoch). */
  static void shuffle(int[] order, int from, long seed, int worker, int epoch) {
    SplittableRandom rng = new SplittableRandom(
        seed ^ (0x9E3779B97F4A7C15L * (worker + 1)) ^ (0xBF58476D1CE4E5B9L * (epoch + 1)));
    for (int i = 0; i < order.length; i++) {
      int j = rng.nextInt(i + 1);
      order[i] = order[j];
      order[j] = from + i;
    }
  }

  /**
   * Greedy k-means++ (Arthur and Vassilvitskii, SODA 2007, with the local trials of their paper's
   * section 6 and of scikit-learn) over a seeded uniform sample of at most {@code sample} rows: the
   * first centre uniformly; for each next one, {@code 2 + floor(ln k)} candidates drawn with
   * probability proportional to their squared distance to the nearest centre so far (uniformly if
   * all distances are 0), keeping the candidate that leaves the smallest total. The trials make
   * the classic failure, two centres in one planted cluster, much rarer than one draw per centre.
   */
  static double[][] kMeansPlusPlus(DenseDataset data, int k, int sample, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = data.rows();
    int m = Math.min(n, sample);
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    for (int i = 0; i < m; i++) {
      int j = i + rng.nextInt(n - i);
      int t = rows[i];
      rows[i] = rows[j];
      rows[j] = t;
    }
    int trials = 2 + (int) Math.log(k);
    double[][] centres = new double[k][data.dimension()];
    double[] nearest = new double[m];
    double[] point = new double[data.dimension()];
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    data.copyRow(rows[rng.nextInt(m)], centres[0]);
    double total = 0;
    for (int s = 0; s < m; s++) {
      nearest[s] = data.squaredDistance(rows[s], centres[0]);
      total += nearest[s];
    }
    for (int c = 1; c < k; c++) {
      double bestTotal = Double.POSITIVE_INFINITY;
      int best = -1;
      for (int trial = 0; trial < trials; trial++) {
        int pick = total > 0 ? draw(nearest, rng.nextDouble() * total) : rng.nextInt(m);
        data.copyRow(rows[pick], point);
        double t = 0;
        for (int s = 0; s < m && t < bestTotal; s++) {
          t += Math.min(nearest[s], data.squaredDistance(rows[s], point));
        }
        if (t < bestTotal) {
          bestTotal = t;
          best = pick;
        }
      }
      data.copyRow(rows[best], centres[c]);
      total = 0;
      for (int s = 0; s < m; s++) {
        nearest[s] = Math.min(nearest[s], data.squaredDistance(rows[s], centres[c]));
        total += nearest[s];
      }
    }
    return centres;
  }

  /** The first index whose cumulative weight exceeds {@code target}. */
  private static int draw(double[] weights, double target) {
    double acc = 0;
    for (int s = 0; s < weights.length; s++) {
      acc += weights[s];
      if (acc > target) {
        return s;
      }
    }
    return weights.length - 1;
  }
}

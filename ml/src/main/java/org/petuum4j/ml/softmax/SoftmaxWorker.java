package org.petuum4j.ml.softmax;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.logreg.TrainingDivergedException;
import org.petuum4j.ps.Partitions;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.WorkerContext;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.EventSink;

/**
 * One worker thread of data-parallel mini-batch SGD for softmax regression.
 *
 * <p>Implementation notes. Row {@code k} of the weight table holds class {@code k}'s {@code D}
 * weights and, in column {@code D}, its bias; all start at 0. A worker owns a contiguous share of
 * the training rows and visits it every epoch in a fresh seeded order, in {@code clocksPerEpoch}
 * mini-batches (the same count on every worker, so that clocks stay level). Per mini-batch of
 * {@code B} rows it reads the weights (SSP-stale by at most the staleness, with its own updates),
 * sums the log-loss gradient {@code (p_k - [k = y]) (x, 1)} over the batch, and sends {@code -eta_t
 * (gradient / B + lambda w_k)} (no L2 on the bias) as one dense increment per class, then clocks.
 * After each epoch: barrier; every worker adds the log-loss sums and right predictions of its share
 * of the training and of the held-out rows under the complete weights to the metrics table;
 * barrier; worker 0 reports.
 */
final class SoftmaxWorker implements WorkerProgram {
  static final String WEIGHTS = "softmax.weights";
  static final String METRICS = "softmax.metrics";
  /** Training counts as diverged when its log-loss exceeds this many times the starting ln K. */
  static final double DIVERGED = 1000;

  private final SoftmaxConfig config;
  private final int classes;
  private final DenseDataset train;
  private final DenseDataset test;
  private final EventSink events;

  SoftmaxWorker(SoftmaxConfig config, int classes, DenseDataset train, DenseDataset test, EventSink events) {
    this.config = config;
    this.classes = classes;
    this.train = train;
    this.test = test;
    this.events = events;
  }

  @Override
  public void run(WorkerContext ctx) {
    int d = train.dimension();
    Table weights = ctx.table(WEIGHTS);
    Table metrics = ctx.table(METRICS);
    Partitions.Range share = ctx.partition(train.rows());
    Partitions.Range testShare = ctx.partition(test.rows());
    int[] order = new int[(int) share.size()];
    for (int p = 0; p < order.length; p++) {
      order[p] = (int) share.from() + p;
    }
    long largest = (train.rows() + ctx.numWorkers() - 1) / ctx.numWorkers();
    int clocks = (int) Math.max(1, (largest + config.batchSize() - 1) / config.batchSize());
    SplittableRandom rng = new SplittableRandom(config.seed() ^ (0x9E3779B97F4A7C15L * (ctx.workerId() + 1)));
    double[][] w = new double[classes][d + 1];
    double[][] grad = new double[classes][d + 1];
    double[] z = new double[classes];
    double[] sums = new double[4];
    double seconds = 0;
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      long start = System.nanoTime();
      shuffle(order, rng);
      double eta = config.learningRate(epoch);
      for (int batch = 0; batch < clocks; batch++) {
        Partitions.Range r = Partitions.range(order.length, batch, clocks);
        if (r.size() > 0) {
          read(weights, w);
          for (int p = (int) r.from(); p < r.to(); p++) {
            addGradient(order[p], w, z, grad);
          }
          double scale = -eta / r.size();
          double shrink = -eta * config.l2();
          for (int k = 0; k < classes; k++) {
            double[] g = grad[k];
            double[] wk = w[k];
            for (int j = 0; j < d; j++) {
              g[j] = scale * g[j] + shrink * wk[j];
            }
            g[d] *= scale;
            weights.incDense(k, g);
            Arrays.fill(g, 0);
          }
        }
        ctx.clock();
      }
      ctx.barrier();
      seconds += (System.nanoTime() - start) / 1e9;
      read(weights, w);
      Arrays.fill(sums, 0);
      SoftmaxModel.accumulate(w, train, (int) share.from(), (int) share.to(), z, sums);
      double[] testSums = new double[2];
      SoftmaxModel.accumulate(w, test, (int) testShare.from(), (int) testShare.to(), z, testSums);
      sums[2] = testSums[0];
      sums[3] = testSums[1];
      metrics.incDense(epoch, sums);
      ctx.barrier();
      if (ctx.workerId() == 0) {
        Row m = metrics.get(epoch);
        SoftmaxMetrics result = new SoftmaxMetrics(epoch + 1, seconds, m.get(0) / train.rows(),
            m.get(1) / train.rows(), m.get(2) / test.rows(), m.get(3) / test.rows());
        // All-zero weights start at log-loss ln K; SGD that works lowers it.
        double startLoss = Math.log(classes);
        if (!(result.trainLoss() <= DIVERGED * startLoss) || !Double.isFinite(result.testLoss())) {
          throw new TrainingDivergedException("training diverged in epoch " + (epoch + 1) + " (training log-loss "
              + result.trainLoss() + ", starting from " + startLoss + "); use a smaller learning rate than "
              + config.learningRate());
        }
        events.emit(SoftmaxJob.encode(result));
      }
    }
  }

  /** Adds the log-loss gradient of training row {@code i} under {@code w} to {@code grad}. */
  private void addGradient(int i, double[][] w, double[] z, double[][] grad) {
    int d = train.dimension();
    int o = train.offset(i);
    double lse = SoftmaxModel.scores(w, train, i, z);
    int y = (int) train.label(i);
    for (int k = 0; k < classes; k++) {
      double g = Math.exp(z[k] - lse) - (k == y ? 1 : 0);
      double[] row = grad[k];
      for (int j = 0; j < d; j++) {
        row[j] += g * train.flat(o + j);
      }
      row[d] += g;
    }
  }

  private static void read(Table weights, double[][] w) {
    for (int k = 0; k < w.length; k++) {
      weights.get(k).copyTo(w[k]);
    }
  }

  /** Shuffles {@code order} in place (Fisher-Yates, from the back). */
  private static void shuffle(int[] order, SplittableRandom rng) {
    for (int p = order.length - 1; p > 0; p--) {
      int q = rng.nextInt(p + 1);
      int t = order[p];
      order[p] = order[q];
      order[q] = t;
    }
  }
}

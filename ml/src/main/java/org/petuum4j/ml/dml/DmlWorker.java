package org.petuum4j.ml.dml;

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
 * One worker thread of data-parallel SGD for distance metric learning.
 *
 * <p>Implementation notes. Row {@code r} of the table is row {@code r} of L; worker 0 adds the
 * initial L (the identity, cut or padded to the rank: training starts from Euclidean distance)
 * before the first barrier. A worker owns a contiguous share of the training pairs; every epoch
 * it runs {@code clocksPerEpoch} mini-batches (the same count on every worker), each of {@code B}
 * pairs drawn uniformly from its share with a seed of (seed, worker, epoch). Per mini-batch it reads
 * L (SSP-stale by at most the staleness, with its own updates); for each pair, with {@code u = x -
 * y} and {@code v = L u}, the loss is {@code |v|^2} for a similar pair and {@code lambda * max(0,
 * margin - |v|^2)} for a dissimilar one, whose gradient in L is {@code +-2 v u^T} (or 0 when the
 * hinge is inactive); it sends {@code -eta_t / B} times the summed gradient, one dense increment per
 * row of L, and clocks. After each epoch: barrier; worker 0 evaluates the complete L (objective,
 * threshold chosen on the training pairs, training and held-out accuracy) and reports; barrier, so
 * that no worker updates L before worker 0 has read it.
 */
final class DmlWorker implements WorkerProgram {
  static final String L = "dml.L";
  static final double DIVERGED = 1000;

  private final DmlConfig config;
  private final int rank;
  private final DenseDataset train;
  private final Pairs trainPairs;
  private final DenseDataset test;
  private final Pairs testPairs;
  private final EventSink events;

  DmlWorker(DmlConfig config, int rank, DenseDataset train, Pairs trainPairs, DenseDataset test, Pairs testPairs,
      EventSink events) {
    this.config = config;
    this.rank = rank;
    this.train = train;
    this.trainPairs = trainPairs;
    this.test = test;
    this.testPairs = testPairs;
    this.events = events;
  }

  @Override
  public void run(WorkerContext ctx) {
    int d = train.dimension();
    Table table = ctx.table(L);
    if (ctx.workerId() == 0) {
      for (int r = 0; r < Math.min(rank, d); r++) {
        table.inc(r, r, 1.0);
      }
    }
    Partitions.Range share = ctx.partition(trainPairs.size());
    long largest = (trainPairs.size() + ctx.numWorkers() - 1) / ctx.numWorkers();
    int clocks = (int) Math.max(1, (largest + config.batchSize() - 1) / config.batchSize());
    double[][] l = new double[rank][d];
    double[][] grad = new double[rank][d];
    double[] u = new double[d];
    double[] v = new double[rank];
    double seconds = 0;
    double startObjective = 0;
    if (ctx.workerId() == 0) {
      for (int r = 0; r < Math.min(rank, d); r++) {
        l[r][r] = 1;
      }
      startObjective = objective(l);
    }
    ctx.barrier();
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      long start = System.nanoTime();
      SplittableRandom rng = new SplittableRandom(
          config.seed() ^ (0x9E3779B97F4A7C15L * (ctx.workerId() + 1)) ^ (0xBF58476D1CE4E5B9L * (epoch + 1)));
      double step = config.learningRate(epoch) / config.batchSize();
      for (int batch = 0; batch < clocks; batch++) {
        if (share.size() > 0) {
          read(table, l);
          for (int b = 0; b < config.batchSize(); b++) {
            int p = (int) (share.from() + rng.nextInt((int) share.size()));
            double dist = DmlModel.distance(l, train, trainPairs.first(p), trainPairs.second(p), u, v);
            double g = trainPairs.similar(p) ? 2 : dist < config.margin() ? -2 * config.dissimilarWeight() : 0;
            if (g != 0) {
              for (int r = 0; r < rank; r++) {
                double gv = g * v[r];
                double[] row = grad[r];
                for (int c = 0; c < d; c++) {
                  row[c] += gv * u[c];
                }
              }
            }
          }
          for (int r = 0; r < rank; r++) {
            for (int c = 0; c < d; c++) {
              grad[r][c] *= -step;
            }
            table.incDense(r, grad[r]);
            Arrays.fill(grad[r], 0);
          }
        }
        ctx.clock();
      }
      ctx.barrier();
      seconds += (System.nanoTime() - start) / 1e9;
      if (ctx.workerId() == 0) {
        read(table, l);
        events.emit(DmlJob.encode(evaluate(l, epoch + 1, seconds, startObjective)));
      }
      ctx.barrier();
    }
  }

  /**
   * The epoch's metrics. Training counts as diverged when L is not finite or the objective exceeds
   * {@value #DIVERGED} times its value at the start: SGD that works lowers it.
   */
  private DmlMetrics evaluate(double[][] l, int epoch, double seconds, double startObjective) {
    double objective = objective(l);
    if (!(objective <= DIVERGED * startObjective) || !Arrays.stream(l)
        .flatMapToDouble(Arrays::stream).allMatch(Double::isFinite)) {
      throw new TrainingDivergedException("training diverged in epoch " + epoch + " (objective " + objective
          + ", starting from " + startObjective + "); use a smaller learning rate than " + config.learningRate());
    }
    DmlModel model = new DmlModel(l, 0).calibrate(train, trainPairs);
    return new DmlMetrics(epoch, seconds, objective, model.accuracy(train, trainPairs),
        model.accuracy(test, testPairs));
  }

  /** Mean loss over the training pairs. */
  private double objective(double[][] l) {
    double[] u = new double[train.dimension()];
    double loss = 0;
    for (int p = 0; p < trainPairs.size(); p++) {
      double dist = DmlModel.distance(l, train, trainPairs.first(p), trainPairs.second(p), u, null);
      loss += trainPairs.similar(p) ? dist : config.dissimilarWeight() * Math.max(0, config.margin() - dist);
    }
    return loss / trainPairs.size();
  }

  static void read(Table table, double[][] l) {
    for (int r = 0; r < l.length; r++) {
      Row row = table.get(r);
      row.copyTo(l[r]);
    }
  }
}

package org.petuum4j.ml.logreg;

import java.util.List;
import java.util.function.BiFunction;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.EmbeddedRuntime;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;

/**
 * Trains sparse binary logistic regression by data-parallel mini-batch SGD on the parameter
 * server, as in Petuum's logistic regression app (Xing et al., "Petuum: A New Platform for
 * Distributed Machine Learning on Big Data", KDD 2015; SSP from Ho et al., "More Effective
 * Distributed ML via a Stale Synchronous Parallel Parameter Server", NIPS 2013).
 *
 * <p>Objective: mean log-loss plus {@code (lambda / 2) ||w||^2}, no intercept. The weight vector
 * lives in a dense float table, cut into rows of {@link LogRegConfig#blockWidth()} columns
 * (narrowed, down to a power of two, when the dimension is small, so that every server shard
 * holds a row), read under the configured consistency model. Each worker thread owns a
 * contiguous share of the training rows. Epoch {@code t} (0-based) uses learning rate {@code eta0
 * / (1 + decay * t)}. With {@link LogRegConfig.Update#EXAMPLE} (the default) every example moves
 * every weight {@code j} it touches by {@code -eta_t * (g x_j + lambda w_j)}, {@code g =
 * sigmoid(x . w) - y}, on the worker's replica of the weights, whose change goes to the parameter
 * server at each of the {@link LogRegConfig#clocksPerEpoch()} clocks of an epoch. With {@link
 * LogRegConfig.Update#BATCH} a mini-batch {@code B} of {@link LogRegConfig#batchSize()} examples
 * moves every weight {@code j} it touches by {@code -eta_t * (sum_{i in B} g_i x_ij / |B| + lambda
 * w_j)}, one {@code clock()} per {@link LogRegConfig#batchesPerClock()} mini-batches. Either way
 * the L2 term is applied to the touched coordinates only. After every epoch the model is evaluated on the training and test sets
 * in parallel and reported to the {@link TrainingListener}.
 *
 * <p>The dimension is one more than the largest feature index in the training or test set.
 * Results are reproducible for a seed with one worker, or with any number of workers under BSP up
 * to the order in which the servers add concurrent increments.
 *
 * <pre>{@code
 * LogRegModel model = new LogRegTrainer(LogRegConfig.builder().workers(2).build())
 *     .train(train, test, new TrainingListener() {
 *       public void onEpoch(EpochMetrics m) { System.out.println(m); }
 *     });
 * }</pre>
 */
public final class LogRegTrainer {
  private final LogRegConfig config;

  public LogRegTrainer(LogRegConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
  }

  public LogRegConfig config() {
    return config;
  }

  /** Trains without reporting. */
  public LogRegModel train(SparseDataset train, SparseDataset test) {
    return train(train, test, TrainingListener.NONE);
  }

  /**
   * Trains on {@code train}, evaluating on {@code test} after every epoch, in an embedded runtime
   * with the configured workers and shards.
   *
   * @throws IllegalArgumentException if either data set is empty
   * @throws TrainingDivergedException if the weights stopped being finite
   * @throws org.petuum4j.ps.PsException if a worker fails (including by an exception from the
   *     listener), with the failure as cause
   */
  public LogRegModel train(SparseDataset train, SparseDataset test, TrainingListener listener) {
    if (train.rows() == 0) {
      throw new IllegalArgumentException("the training set has no rows");
    }
    if (test.rows() == 0) {
      throw new IllegalArgumentException("the test set has no rows");
    }
    int dimension = dimension(train, test);
    int width = blockWidth(dimension, config.blockWidth(), config.shards());
    int batches = SgdWorker.batchesPerEpoch(config, train.rows(), train.nonZeros(), config.workers(), dimension);
    EmbeddedRuntime.Builder b = EmbeddedRuntime.builder().workers(config.workers()).shards(config.shards());
    tables(config, dimension).forEach(b::table);
    try (EmbeddedRuntime rt = b.build()) {
      try {
        rt.run(new SgdWorker(config, train, test, dimension, width, batches, listener));
      } catch (PsException e) {
        throw unwrapDivergence(e);
      }
      return readModel(rt::read, dimension, width);
    }
  }

  /** The model dimension: one more than the largest feature index of either set, at least 1. */
  static int dimension(SparseDataset train, SparseDataset test) {
    return Math.max(1, Math.max(train.dimension(), test.dimension()));
  }

  /** The weight table (dense float, one row per block) and the per-epoch metrics table. */
  static List<TableSpec> tables(LogRegConfig config, int dimension) {
    int width = blockWidth(dimension, config.blockWidth(), config.shards());
    int blocks = (int) (((long) dimension + width - 1) / width);
    TableSpec weights = TableSpec.builder(SgdWorker.WEIGHTS)
        .dense(ValueType.FLOAT).rows(blocks).width(width)
        .consistency(config.consistency())
        .build();
    // One row per epoch, created when first used. Read only after a barrier, so its own
    // consistency model does not matter; BSP is the simplest.
    TableSpec metrics = TableSpec.builder(SgdWorker.METRICS)
        .dense(ValueType.DOUBLE).unboundedRows().width(SgdWorker.METRICS_WIDTH)
        .consistency(Consistency.bsp())
        .build();
    return List.of(weights, metrics);
  }

  /** Reads the final weight rows into a model. */
  static LogRegModel readModel(BiFunction<String, Integer, Row> reader, int dimension, int width) {
    int blocks = (int) (((long) dimension + width - 1) / width);
    float[] w = new float[dimension];
    for (int b = 0; b < blocks; b++) {
      Row row = reader.apply(SgdWorker.WEIGHTS, b);
      int base = b * width;
      for (int c = 0, end = Math.min(width, dimension - base); c < end; c++) {
        w[base + c] = (float) row.get(c);
      }
    }
    return new LogRegModel(w);
  }

  /**
   * A divergence inside a worker surfaces as itself, not wrapped in the job failure: the {@link
   * TrainingDivergedException} in {@code e}'s causes, or else {@code e}. For every app whose workers
   * throw it.
   */
  public static RuntimeException unwrapDivergence(PsException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TrainingDivergedException d) {
        return new TrainingDivergedException(d.getMessage());
      }
    }
    return e;
  }

  /**
   * The table's row width: the configured width, halved while the rows would be fewer than the
   * shards (so that every shard serves part of the vector), but never below 1024 columns, where
   * per-row overheads would dominate.
   */
  static int blockWidth(int dimension, int configured, int shards) {
    int width = configured;
    while (width > 1024 && ((long) dimension + width - 1) / width < shards) {
      width >>= 1;
    }
    return width;
  }
}

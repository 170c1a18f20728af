package org.petuum4j.ml.lasso;

import java.util.List;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ps.PsException;
import org.petuum4j.sched.ModelParallelRuntime;

/**
 * Lasso by model-parallel coordinate descent on the STRADS scheduler, as in Petuum's Lasso app
 * (Xing et al., KDD 2015; Lee et al., "On Model Parallelization and Scheduling Strategies for
 * Distributed Machine Learning", NIPS 2014; parallel coordinate descent after Bradley et al.,
 * "Parallel Coordinate Descent for L1-Regularized Loss Minimization", ICML 2011).
 *
 * <p>Minimises {@code F(b) = 1/(2n) ||y - X b||^2 + lambda ||b||_1} over {@code b} in {@code
 * R^D}, no intercept, starting from {@code b = 0}. The rows of {@code X} are split into {@code W}
 * contiguous partitions, one per worker, and each worker keeps the residuals {@code r = y - X b}
 * of its rows. Each round the {@link LassoConfig.Schedule schedule} picks up to {@code P}
 * coordinates; every worker pushes {@code z_j = sum_{i in its rows} x_ij r_i} for each; the puller
 * sets {@code b_j <- S(b_j ||x_j||^2/n + z_j/n, lambda) / (||x_j||^2/n)} (S the soft threshold;
 * the column norms are reduced once at the start) and writes the changes to the parameter
 * server; every worker then subtracts {@code x_ij delta_j} from its residuals. With {@code P = 1}
 * this is exact sequential coordinate descent; with larger {@code P} the coordinates of a round
 * are updated from the same residuals, which can overshoot when their columns correlate: what the
 * dependency schedule avoids.
 *
 * <p>Runs for {@link LassoConfig#rounds()} rounds or until the {@link LassoConfig#tolerance()}
 * test or the {@link LassoConfig#targetObjective()} stops it. Reports {@link LassoMetrics} after every round. Runs are reproducible for a seed
 * (partial sums are added in worker order, and schedules depend only on the seed and on changes
 * {@code pipelineDepth + 1} rounds old).
 *
 * <pre>{@code
 * RegressionDataset data = MatrixMarketReader.readRegression(Path.of("X.mtx"), Path.of("y.mtx"));
 * LassoModel model = new LassoTrainer(LassoConfig.builder().lambda(0.05).build())
 *     .train(data, m -> System.out.println(m));
 * }</pre>
 */
public final class LassoTrainer {
  /**
   * A run counts as diverged once its objective exceeds this multiple of the objective at {@code b
   * = 0}, which bounds the optimum from above.
   */
  static final double DIVERGENCE_FACTOR = 1e6;
  static final String DIVERGENCE_ADVICE =
      "update fewer coordinates per round (parallelism) or use the dependency scheduler";

  private final LassoConfig config;

  public LassoTrainer(LassoConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
  }

  public LassoConfig config() {
    return config;
  }

  /**
   * {@code max_j |x_j . y| / n}: the smallest lambda whose solution is all zeros, so useful values
   * are fractions of it. O(non-zeros).
   */
  public static double lambdaMax(RegressionDataset data) {
    if (data.rows() == 0) {
      return 0;
    }
    double[] xy = new double[data.numFeatures()];
    for (int i = 0; i < data.rows(); i++) {
      for (int k = data.rowStart(i); k < data.rowEnd(i); k++) {
        xy[data.col(k)] += data.value(k) * data.target(i);
      }
    }
    double max = 0;
    for (double v : xy) {
      max = Math.max(max, Math.abs(v));
    }
    return max / data.rows();
  }

  /**
   * Trains on {@code data} with the configured number of workers (at most one per row).
   *
   * @throws IllegalArgumentException if the data has no rows or no features
   * @throws LassoDivergedException if the objective rose above {@value #DIVERGENCE_FACTOR} times
   *     its starting value or a coefficient stopped being finite
   * @throws org.petuum4j.ps.PsException if a worker or the listener fails, with the failure as cause
   */
  public LassoModel train(RegressionDataset data, LassoListener listener) {
    if (data.rows() == 0) {
      throw new IllegalArgumentException("the data set has no rows");
    }
    if (data.numFeatures() == 0) {
      throw new IllegalArgumentException("the data set has no features");
    }
    int workers = Math.min(config.workers(), data.rows());
    LassoProgram program = new LassoProgram(data, workers, config.lambda());
    LassoProgress progress = new LassoProgress(config, program, data.numFeatures(), listener);
    ModelParallelRuntime runtime = ModelParallelRuntime.builder(program)
        .workers(workers).shards(config.shards())
        .scheduler(LassoProgress.scheduler(config, () -> List.of(program.partitions())))
        .parallelism(config.parallelism())
        .pipelineDepth(config.pipelineDepth())
        .maxRounds(config.rounds())
        .seed(config.seed())
        .table(LassoProgram.normsTable(data.numFeatures(), workers))
        .listener(progress::onRound)
        .build();
    try {
      return new LassoModel(runtime.run().parameters());
    } catch (PsException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof LassoDivergedException d) {
          throw new LassoDivergedException(d.getMessage());
        }
      }
      throw e;
    }
  }
}

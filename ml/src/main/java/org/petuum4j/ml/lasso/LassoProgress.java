package org.petuum4j.ml.lasso;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.petuum4j.sched.ColumnCorrelation;
import org.petuum4j.sched.RoundReport;
import org.petuum4j.sched.Scheduler;
import org.petuum4j.sched.Schedulers;
import org.petuum4j.sched.SparseColumns;

/**
 * Turns the scheduler's round reports into {@link LassoMetrics} and decides when to stop
 * (divergence, target objective, tolerance per sweep); the same for {@link LassoTrainer} and
 * {@link LassoJob}. Runs on the puller's thread only.
 */
final class LassoProgress {
  private final LassoConfig config;
  private final LassoProgram program;
  private final LassoListener listener;
  /** Rounds per sweep: about one update per feature. */
  private final int sweep;
  private double start;
  private double sweepStart;
  private LassoMetrics last;

  LassoProgress(LassoConfig config, LassoProgram program, int features, LassoListener listener) {
    this.config = config;
    this.program = program;
    this.listener = listener;
    this.sweep = sweep(features, config.parallelism());
  }

  /** Rounds of about one update per feature. */
  static int sweep(int features, int parallelism) {
    return (int) Math.max(1, ((long) features + parallelism - 1) / parallelism);
  }

  /** The metrics of the latest report. */
  LassoMetrics last() {
    return last;
  }

  boolean onRound(RoundReport report) {
    int round = report.completedRounds();
    double objective = program.objective(report.statistics()[0]);
    if (round == 0) {
      start = objective;
    }
    last = new LassoMetrics(round, report.seconds(), report.updates(), objective, program.nonZeros());
    listener.onRound(last);
    if (!(objective <= LassoTrainer.DIVERGENCE_FACTOR * start)) {
      throw new LassoDivergedException(String.format(Locale.ROOT,
          "Lasso diverged by round %d: objective %.4g, above %.0e times its start %.4g; %s",
          round, objective, LassoTrainer.DIVERGENCE_FACTOR, start, LassoTrainer.DIVERGENCE_ADVICE));
    }
    if (objective <= config.targetObjective()) {
      return false;
    }
    if (config.tolerance() == 0 || round % sweep != 0) {
      return true;
    }
    // Stop once a whole sweep lowered the objective by at most the tolerance, relatively.
    double before = sweepStart;
    sweepStart = objective;
    return round == 0 || before - objective > config.tolerance() * Math.abs(objective);
  }

  /**
   * The configured schedule; the dependency schedule's correlations come from {@code partitions},
   * asked for only then.
   */
  static Scheduler scheduler(LassoConfig config, Supplier<List<SparseColumns>> partitions) {
    return switch (config.schedule()) {
      case ROUND_ROBIN -> Schedulers.roundRobin();
      case RANDOM -> Schedulers.random();
      case PRIORITY -> Schedulers.priority(config.floor());
      case DEPENDENCY -> Schedulers.dependency(new ColumnCorrelation(partitions.get()), config.threshold(),
          config.floor());
    };
  }
}

package org.petuum4j.ml.lasso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ml.gen.LassoDataGenerator;
import org.petuum4j.ml.lasso.LassoConfig.Schedule;

class LassoTrainerTest {
  static final double LAMBDA = 0.005;
  static RegressionDataset data;
  static double[] optimum;
  static double optimalObjective;

  @BeforeAll
  static void solveReference() {
    // Independent features: every schedule converges here; correlated ones are the next test's.
    data = LassoDataGenerator.builder().rows(300).features(60).nonZerosPerRow(10)
        .correlatedGroups(0).support(15).seed(11).build().generate();
    optimum = ReferenceLasso.solve(data, LAMBDA);
    optimalObjective = new LassoModel(optimum).objective(data, LAMBDA);
    assertThat(new LassoModel(optimum).nonZeros()).as("an interesting optimum").isBetween(10, 40);
  }

  static Stream<Arguments> schedulesAndWorkers() {
    List<Arguments> a = new ArrayList<>();
    for (Schedule s : Schedule.values()) {
      a.add(Arguments.of(s, 2));
      a.add(Arguments.of(s, 3));
    }
    return a.stream();
  }

  @ParameterizedTest(name = "{0}, {1} workers")
  @MethodSource("schedulesAndWorkers")
  void train_reachesTheReferenceOptimumAndItsSupport(Schedule schedule, int workers) {
    LassoModel m = new LassoTrainer(LassoConfig.builder().lambda(LAMBDA).workers(workers)
        .schedule(schedule).parallelism(4).rounds(1500).seed(5).build())
        .train(data, LassoListener.NONE);

    double f = m.objective(data, LAMBDA);
    assertThat((f - optimalObjective) / optimalObjective).isBetween(-1e-12, 1e-6);
    for (int j = 0; j < optimum.length; j++) {
      assertThat(m.coefficient(j) != 0).as("coefficient %d non-zero", j).isEqualTo(optimum[j] != 0);
    }
  }

  @Test
  void dependencySchedule_needsFewerUpdatesThanRandomOnCorrelatedFeatures() {
    RegressionDataset correlated = LassoDataGenerator.builder().rows(400).features(200).nonZerosPerRow(20)
        .correlatedGroups(30).groupSize(5).seed(3).build().generate();
    double lambda = 0.01;
    double best = new LassoModel(ReferenceLasso.solve(correlated, lambda)).objective(correlated, lambda);

    long dependency = updatesToTarget(correlated, lambda, best, Schedule.DEPENDENCY);
    long random = updatesToTarget(correlated, lambda, best, Schedule.RANDOM);

    assertThat(dependency).as("dependency-aware updates to within 1e-3").isPositive();
    assertThat(random).as("random updates to within 1e-3").isPositive();
    assertThat(dependency).isLessThan(random);
  }

  /** Coordinate updates until the objective is within 1e-3 (relative) of {@code best}; -1 if never. */
  private static long updatesToTarget(RegressionDataset d, double lambda, double best, Schedule s) {
    long[] hit = {-1};
    new LassoTrainer(LassoConfig.builder().lambda(lambda).workers(2).schedule(s).parallelism(8)
        .rounds(3000).seed(1).build())
        .train(d, m -> {
          if (hit[0] < 0 && m.objective() - best <= 1e-3 * best) {
            hit[0] = m.updates();
          }
        });
    return hit[0];
  }

  @Test
  void metrics_reportEveryRoundFromTheAllZeroStart() {
    List<LassoMetrics> seen = new ArrayList<>();
    LassoModel m = new LassoTrainer(LassoConfig.builder().lambda(LAMBDA).schedule(Schedule.PRIORITY)
        .parallelism(4).rounds(50).build()).train(data, seen::add);

    assertThat(seen).extracting(LassoMetrics::round).containsExactlyElementsOf(range(0, 50));
    double yy = 0;
    for (int i = 0; i < data.rows(); i++) {
      yy += data.target(i) * data.target(i);
    }
    assertThat(seen.get(0).objective()).isCloseTo(yy / (2.0 * data.rows()), within(1e-12));
    assertThat(seen.get(0).nonZeros()).isZero();
    assertThat(seen.get(0).updates()).isZero();
    assertThat(seen.get(50).updates()).isEqualTo(200);
    LassoMetrics last = seen.get(50);
    assertThat(last.objective()).as("tracked objective = exact objective of the final model")
        .isCloseTo(m.objective(data, LAMBDA), within(1e-10 * last.objective()));
    assertThat(last.nonZeros()).isEqualTo(m.nonZeros());
  }

  @Test
  void train_isReproducibleForASeed() {
    LassoConfig c = LassoConfig.builder().lambda(LAMBDA).workers(3).schedule(Schedule.DEPENDENCY)
        .parallelism(8).rounds(200).pipelineDepth(2).seed(9).build();
    double[] a = new LassoTrainer(c).train(data, LassoListener.NONE).coefficients();
    double[] b = new LassoTrainer(c).train(data, LassoListener.NONE).coefficients();
    assertThat(b).containsExactly(a);
  }

  @Test
  void tolerance_stopsOnceASweepNoLongerHelps() {
    List<LassoMetrics> seen = new ArrayList<>();
    LassoModel m = new LassoTrainer(LassoConfig.builder().lambda(LAMBDA).schedule(Schedule.ROUND_ROBIN)
        .parallelism(6).rounds(100_000).tolerance(1e-9).build()).train(data, seen::add);
    int rounds = seen.get(seen.size() - 1).round();
    assertThat(rounds).isLessThan(5000).isEqualTo(rounds / 10 * 10);
    assertThat(m.objective(data, LAMBDA)).isCloseTo(optimalObjective, within(1e-7 * optimalObjective));
  }

  @Test
  void priorityWithoutDependencyChecks_divergesOnCorrelatedFeaturesWithAClearError() {
    RegressionDataset correlated = LassoDataGenerator.builder().rows(400).features(200).nonZerosPerRow(20)
        .correlatedGroups(30).groupSize(5).seed(3).build().generate();
    LassoTrainer t = new LassoTrainer(LassoConfig.builder().lambda(0.01).schedule(Schedule.PRIORITY)
        .parallelism(32).rounds(5000).build());
    assertThatThrownBy(() -> t.train(correlated, LassoListener.NONE))
        .isInstanceOf(LassoDivergedException.class)
        .hasMessageStartingWith("Lasso diverged")
        .hasMessageEndingWith("update fewer coordinates per round (parallelism) or use the dependency scheduler");
  }

  @Test
  void targetObjective_stopsTheRunOnceReached() {
    double target = optimalObjective * 1.01;
    List<LassoMetrics> seen = new ArrayList<>();
    new LassoTrainer(LassoConfig.builder().lambda(LAMBDA).parallelism(4).rounds(100_000)
        .targetObjective(target).build()).train(data, seen::add);
    assertThat(seen.get(seen.size() - 1).objective()).isLessThanOrEqualTo(target);
    assertThat(seen.get(seen.size() - 2).objective()).isGreaterThan(target);
  }

  @Test
  void lambdaMax_isTheSmallestLambdaWithAnAllZeroSolution() {
    double max = LassoTrainer.lambdaMax(data);
    LassoConfig.Builder b = LassoConfig.builder().parallelism(4).rounds(400);
    assertThat(new LassoTrainer(b.lambda(max * 1.0001).build()).train(data, LassoListener.NONE).nonZeros()).isZero();
    assertThat(new LassoTrainer(b.lambda(max * 0.99).build()).train(data, LassoListener.NONE).nonZeros()).isPositive();
  }

  @Test
  void train_rejectsEmptyData() {
    RegressionDataset empty = RegressionDataset.fromCsr(new int[] {0}, new int[0], new double[0], new double[0], 3);
    LassoTrainer t = new LassoTrainer(LassoConfig.builder().lambda(1).build());
    assertThatThrownBy(() -> t.train(empty, LassoListener.NONE)).hasMessage("the data set has no rows");
  }

  @Test
  void config_rejectsBadValuesNamingThem() {
    assertThatThrownBy(() -> LassoConfig.builder().lambda(0).build()).hasMessage("lambda must be a finite number > 0, was 0.0");
    assertThatThrownBy(() -> LassoConfig.builder().lambda(-2).build()).hasMessage("lambda must be a finite number > 0, was -2.0");
    assertThatThrownBy(() -> LassoConfig.builder().build()).hasMessage("lambda must be a finite number > 0, was NaN");
    assertThatThrownBy(() -> LassoConfig.builder().lambda(1).workers(0).build()).hasMessage("workers must be between 1 and 1024, was 0");
    assertThatThrownBy(() -> LassoConfig.builder().lambda(1).parallelism(0).build()).hasMessage("parallelism must be >= 1, was 0");
    assertThatThrownBy(() -> LassoConfig.builder().lambda(1).threshold(1.5).build()).hasMessage("threshold must be in (0, 1], was 1.5");
    assertThatThrownBy(() -> LassoConfig.builder().lambda(1).pipelineDepth(65).build()).hasMessage("pipeline depth must be between 0 and 64, was 65");
    assertThatThrownBy(() -> Schedule.parse("fastest")).hasMessage("unknown scheduler 'fastest' (expected priority, dependency, random or roundrobin)");
    assertThat(Schedule.parse("round-robin")).isEqualTo(Schedule.ROUND_ROBIN);
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> l = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      l.add(i);
    }
    return l;
  }
}

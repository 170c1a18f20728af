package org.petuum4j.ml.lasso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.petuum4j.ml.data.LibSvmRegressionReader;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ml.gen.LassoDataGenerator;
import org.petuum4j.ml.lasso.LassoConfig.Schedule;
import org.petuum4j.ps.job.EmbeddedDeployment;
import org.petuum4j.ps.job.JobParams;

/**
 * The job runs the trainer's program through the table exchange: on the embedded deployment it
 * takes the trainer's steps exactly, with every schedule. (Across processes: {@code
 * LassoCommandTest} in module cli and {@code PetuumLassoTest} in module spark.)
 */
class LassoJobTest {
  static final double LAMBDA = 0.005;
  @TempDir
  static Path dir;
  static Path file;
  static RegressionDataset data;
  static double optimalObjective;

  @BeforeAll
  static void data() throws Exception {
    file = dir.resolve("lasso.libsvm");
    LassoDataGenerator.builder().rows(300).features(60).nonZerosPerRow(10).correlatedGroups(0).support(15).seed(11)
        .build().writeLibSvm(file);
    data = LibSvmRegressionReader.oneBased().read(file);
    optimalObjective = new LassoModel(ReferenceLasso.solve(data, LAMBDA)).objective(data, LAMBDA);
  }

  static LassoConfig config(Schedule s, int rounds) {
    return LassoConfig.builder().lambda(LAMBDA).workers(3).shards(2).schedule(s).parallelism(4).pipelineDepth(2)
        .rounds(rounds).seed(5).build();
  }

  @ParameterizedTest
  @EnumSource(Schedule.class)
  void embeddedDeployment_takesTheTrainersStepsAndReachesTheOptimum(Schedule schedule) throws Exception {
    LassoConfig config = config(schedule, 1500);
    List<LassoMetrics> viaJob = new ArrayList<>();
    LassoModel job = LassoJob.train(new EmbeddedDeployment(3, 2), LassoJob.params(config, file, null, false),
        viaJob::add);
    List<LassoMetrics> viaTrainer = new ArrayList<>();
    LassoModel trainer = new LassoTrainer(config).train(data, viaTrainer::add);

    assertThat(job.coefficients()).containsExactly(trainer.coefficients());
    assertThat(viaJob).extracting(LassoMetrics::objective)
        .containsExactlyElementsOf(viaTrainer.stream().map(LassoMetrics::objective).toList());
    double f = job.objective(data, LAMBDA);
    assertThat((f - optimalObjective) / optimalObjective).isBetween(-1e-12, 1e-6);
  }

  @Test
  void evalEvery_reportsEveryKRoundsAndTheLast() throws Exception {
    JobParams params = LassoJob.params(config(Schedule.ROUND_ROBIN, 100), file, null, false).with("evalEvery", 15);
    List<LassoMetrics> metrics = new ArrayList<>();
    LassoModel m = LassoJob.train(new EmbeddedDeployment(2, 1), params, metrics::add);
    assertThat(metrics).extracting(LassoMetrics::round).containsExactly(0, 15, 30, 45, 60, 75, 90, 100);
    assertThat(metrics.get(metrics.size() - 1).objective()).isEqualTo(m.objective(data, LAMBDA), org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void moreWorkersThanRows_leavesSomeWorkersWithoutRowsAndStillConverges() throws Exception {
    Path small = dir.resolve("small.libsvm");
    LassoDataGenerator.builder().rows(5).features(8).nonZerosPerRow(3).correlatedGroups(0).support(3).seed(2)
        .build().writeLibSvm(small);
    RegressionDataset d = LibSvmRegressionReader.oneBased().read(small);
    LassoConfig config = LassoConfig.builder().lambda(0.01).schedule(Schedule.DEPENDENCY).parallelism(2).rounds(400)
        .build();
    LassoModel job = LassoJob.train(new EmbeddedDeployment(7, 2), LassoJob.params(config, small, null, false),
        LassoListener.NONE);
    LassoModel trainer = new LassoTrainer(config).train(d, LassoListener.NONE);
    double f = job.objective(d, 0.01);
    double e = trainer.objective(d, 0.01);
    assertThat(Math.abs(f - e) / e).isLessThanOrEqualTo(1e-6);
  }

  @Test
  void badParameter_isRejectedBeforeTheJobStarts() {
    JobParams params = LassoJob.params(config(Schedule.DEPENDENCY, 10), file, null, false).with("scheduler", "fifo");
    assertThatThrownBy(() -> LassoJob.train(new EmbeddedDeployment(2, 1), params, LassoListener.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown scheduler 'fifo'");
  }
}

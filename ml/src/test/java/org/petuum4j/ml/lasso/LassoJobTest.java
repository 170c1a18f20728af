package org.petuum4j.ml.lasso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.LibSvmRegressionReader;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ml.gen.LassoDataGenerator;
import org.petuum4j.ps.job.EmbeddedDeployment;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;

class LassoJobTest {
  @TempDir
  Path dir;

  /** Round-robin coordinate descent through tables takes the same steps as the scheduler's. */
  @Test
  void matchesTheRoundRobinTrainer() throws Exception {
    Path file = dir.resolve("lasso.libsvm");
    LassoDataGenerator.builder().rows(300).features(60).nonZerosPerRow(10).correlatedGroups(0).support(15).seed(11)
        .build().writeLibSvm(file);
    RegressionDataset data = LibSvmRegressionReader.oneBased().read(file);
    double lambda = 0.005;
    int rounds = 300;
    JobParams params = LassoJob.params(file, lambda, 4, rounds);
    List<LassoMetrics> metrics = new ArrayList<>();
    LassoModel viaJob;
    try (JobResult r = new EmbeddedDeployment(3, 2).run(LassoJob.class, params,
        e -> metrics.add(LassoJob.metricsOf(e)))) {
      viaJob = LassoJob.readModel(r, data.numFeatures());
    }
    LassoModel viaTrainer = new LassoTrainer(LassoConfig.builder().lambda(lambda).workers(3).shards(2)
        .schedule(LassoConfig.Schedule.ROUND_ROBIN).parallelism(4).rounds(rounds).tolerance(0).build())
        .train(data, LassoListener.NONE);

    for (int j = 0; j < data.numFeatures(); j++) {
      assertThat(viaJob.coefficient(j)).as("coefficient %d", j).isCloseTo(viaTrainer.coefficient(j), within(1e-9));
    }
    // Reports every sweep of 15 rounds, from round 0 to the end, with the objective of the coefficients then.
    assertThat(metrics).extracting(LassoMetrics::round).startsWith(0, 15, 30).endsWith(rounds);
    assertThat(metrics.get(metrics.size() - 1).objective())
        .isCloseTo(viaJob.objective(data, lambda), within(1e-12));
    assertThat(metrics.get(metrics.size() - 1).nonZeros()).isEqualTo(viaJob.nonZeros());
  }
}

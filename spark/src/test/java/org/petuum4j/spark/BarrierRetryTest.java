package org.petuum4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.gen.LogRegDataGenerator;
import org.petuum4j.ml.logreg.EpochMetrics;
import org.petuum4j.ml.logreg.LogRegJob;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;

/**
 * A task failing in the middle of a fit: Spark retries the barrier stage (local[2,4] allows task
 * retries), and the new attempt resumes from the newest checkpoint instead of starting over.
 */
class BarrierRetryTest {
  @TempDir
  static Path dir;
  static SparkSession spark;
  static Dataset<Row> train;

  @BeforeAll
  static void setUp() throws Exception {
    LogRegDataGenerator.builder().trainRows(4_000).testRows(100).features(200).nonZerosPerRow(20).seed(3)
        .build().write(dir.resolve("train.libsvm"), dir.resolve("test.libsvm"));
    spark = SparkSession.builder().master("local[2,4]").appName("BarrierRetryTest")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    train = SparkTests.frame(spark, LibSvmReader.oneBased().read(dir.resolve("train.libsvm")), 200).cache();
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Logistic regression's fit with the failing factory. */
  static final class FailingTraining extends PetuumLogisticRegression.LogRegTraining {
    private static final long serialVersionUID = 1L;

    FailingTraining() {
      super("features", "label");
    }

    @Override
    Class<? extends JobFactory> factory() {
      return FailingLogRegJob.class;
    }
  }

  @Test
  void aFailedTaskRetriesTheStage_whichResumesFromTheNewestCheckpoint() throws Exception {
    // 4,000 rows over 2 workers at batch 100: 20 clocks per epoch; checkpoints at 10, 20, 30; fail at 35.
    FailingLogRegJob.failures.set(1);
    FailingLogRegJob.failAtClock = 35;
    Path checkpoints = dir.resolve("checkpoints");
    PetuumLogisticRegression lr = new PetuumLogisticRegression().setNumWorkers(2).setNumShards(1).setMaxIter(3)
        .setCheckpointDir(checkpoints.toString()).setCheckpointEvery(10);
    Dataset<Row> rows = train.select(functions.col("features"), functions.col("label").cast(DataTypes.DoubleType));
    JobParams params = JobParams.builder().put("epochs", 3).put("staleness", "2").put("seed", 1)
        .put("update", "batch").build();

    FitOutput out = lr.fitInBarrierMode(rows, new FailingTraining(), params);

    assertThat(FailingLogRegJob.failures.get()).isZero();
    assertThat(out.notes()).anyMatch(n -> n.startsWith("resuming from checkpoint") && n.endsWith("at clock 30"));
    // The retried attempt reports epoch 2's end (clock 40) and epoch 3, not epoch 1 again.
    List<EpochMetrics> epochs = out.events().stream().map(LogRegJob::epochOf).toList();
    assertThat(epochs).extracting(EpochMetrics::epoch).containsExactly(2, 3);
    assertThat(epochs.get(1).trainLoss()).isLessThan(Math.log(2));
    // A finished fit removes its checkpoints.
    try (Stream<Path> fits = Files.list(checkpoints.resolve(lr.uid()))) {
      assertThat(fits).isEmpty();
    }
  }
}

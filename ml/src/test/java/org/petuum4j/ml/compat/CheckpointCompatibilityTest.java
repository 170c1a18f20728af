package org.petuum4j.ml.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.gen.LogRegDataGenerator;
import org.petuum4j.ml.logreg.EpochMetrics;
import org.petuum4j.ml.logreg.LogRegConfig;
import org.petuum4j.ml.logreg.LogRegJob;
import org.petuum4j.ml.logreg.LogRegModel;
import org.petuum4j.ml.logreg.TrainingListener;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
import org.petuum4j.ps.job.EmbeddedDeployment;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.JobParams;

/**
 * A checkpoint written by petuum4j 0.1.0, committed under {@code
 * src/test/resources/compat/logreg-checkpoint/}, must still resume: a logistic regression job
 * continued from it ends with exactly the weights of an uninterrupted run. One worker under BSP
 * makes both runs deterministic; with 200 rows in mini-batches of 50 an epoch is 4 clocks, and the
 * committed checkpoint is at clock 5, inside epoch 2, so the resumed run must restore the server's
 * rows and the worker's place in the epoch. The data files are committed beside it, so a change of
 * the data generator cannot hide a change of the checkpoint format. Written once by {@link
 * #writeFixture}:
 *
 * <pre>
 * mvn -q -pl ml -am test -Dtest=CheckpointCompatibilityTest#writeFixture \
 *     -Dpetuum4j.writeFixtures=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class CheckpointCompatibilityTest {
  static final Path FIXTURE = ModelFormatCompatibilityTest.FIXTURES.resolve("logreg-checkpoint");
  static final String CHECKPOINT = "ckpt-000000005";

  static JobParams params() {
    LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.BATCH).workers(1).shards(2)
        .consistency(Consistency.bsp()).epochs(3)
        .batchSize(50).seed(3).build();
    return LogRegJob.params(FIXTURE.resolve("train.libsvm"), FIXTURE.resolve("test.libsvm"), false, config);
  }

  static LogRegModel train(EmbeddedDeployment deployment, List<EpochMetrics> epochs) throws Exception {
    return LogRegJob.train(deployment, params(), new TrainingListener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        epochs.add(m);
      }
    });
  }

  @Test
  @EnabledIfSystemProperty(named = "petuum4j.writeFixtures", matches = "true")
  void writeFixture(@TempDir Path tmp) throws Exception {
    Files.createDirectories(FIXTURE);
    LogRegDataGenerator.builder().trainRows(200).testRows(50).features(20).nonZerosPerRow(4).seed(5).build()
        .write(FIXTURE.resolve("train.libsvm"), FIXTURE.resolve("test.libsvm"));
    Path all = tmp.resolve("ckpt");
    train(new EmbeddedDeployment(new JobShape(1, 2), new CheckpointOptions(all, 5, 10, false, 0)), new ArrayList<>());
    copy(all.resolve(CHECKPOINT), FIXTURE.resolve("ckpt").resolve(CHECKPOINT));
  }

  @Test
  void resumedFromTheCommittedCheckpoint_endsWithTheWeightsOfAnUninterruptedRun(@TempDir Path tmp) throws Exception {
    List<EpochMetrics> uninterrupted = new ArrayList<>();
    LogRegModel expected = train(new EmbeddedDeployment(1, 2), uninterrupted);

    // A copy, since the resumed run writes its own checkpoints beside the committed one.
    Path dir = tmp.resolve("ckpt");
    copy(FIXTURE.resolve("ckpt").resolve(CHECKPOINT), dir.resolve(CHECKPOINT));
    List<EpochMetrics> resumed = new ArrayList<>();
    LogRegModel model = train(new EmbeddedDeployment(new JobShape(1, 2), new CheckpointOptions(dir, 5, 10, true, 0)),
        resumed);

    assertThat(model.dimension()).isEqualTo(20);
    assertThat(model.weights()).containsExactly(expected.weights());
    // Resumed inside epoch 2: it reports epochs 2 and 3, with the uninterrupted run's losses.
    assertThat(resumed).extracting(EpochMetrics::epoch).containsExactly(2, 3);
    for (int e = 0; e < 2; e++) {
      assertThat(resumed.get(e).trainLoss()).isEqualTo(uninterrupted.get(e + 1).trainLoss());
      assertThat(resumed.get(e).testLoss()).isEqualTo(uninterrupted.get(e + 1).testLoss());
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}

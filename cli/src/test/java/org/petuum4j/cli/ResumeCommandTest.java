package org.petuum4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --checkpoint-every} and {@code --resume} on the embedded runtime. */
class ResumeCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;
  static Path train;
  static Path test;

  @BeforeAll
  static void generate() {
    train = data.resolve("train.libsvm");
    test = data.resolve("test.libsvm");
    MainTest.generateLogReg(train, test, 3000, 200, 4);
  }

  /** One worker under BSP: a deterministic run, so resumed and uninterrupted runs print the same. */
  private static MainTest.Run train(String... extra) {
    return MainTest.run(List.of("train", "logreg", "--train", train.toString(), "--test",
        test.toString(), "--epochs", "4", "--workers", "1", "--shards", "2", "--staleness", "0"), extra);
  }

  /** As {@link #train}, with mini-batch updates of 100 examples: 30 clocks per epoch. */
  private static MainTest.Run trainBatches(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--update", "batch", "--batch-size", "100"));
    args.addAll(List.of(extra));
    return train(args.toArray(String[]::new));
  }

  private static String lastEpoch(MainTest.Run r) {
    List<String> lines = r.out().lines().filter(l -> l.matches("\\s+4\\s.*")).toList();
    assertThat(lines).as(r.out()).hasSize(1);
    // Drop the seconds column, which differs between runs.
    return lines.get(0).trim().replaceFirst("^4\\s+\\S+", "4");
  }

  @Test
  void resume_skipsADamagedCheckpoint_andEndsExactlyLikeAnUninterruptedRun() throws Exception {
    Path ckpt = dir.resolve("ckpt");
    MainTest.Run first = trainBatches("--checkpoint-every", "25", "--checkpoint-dir", ckpt.toString(),
        "--keep-checkpoints", "2");
    assertThat(first.code()).as(first.err()).isZero();
    // 30 clocks per epoch, 120 in all: checkpoints at 100 and 75 are kept.
    assertThat(ckpt.resolve("ckpt-000000100")).isDirectory();
    assertThat(ckpt.resolve("ckpt-000000075")).isDirectory();
    Path file = ckpt.resolve("ckpt-000000100/worker-0.state");
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] ^= 1;
    Files.write(file, bytes);

    MainTest.Run resumed = trainBatches("--resume", ckpt.toString());
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("ckpt-000000100 is damaged (worker-0.state fails its checksum)")
        .contains("# resuming from checkpoint " + ckpt.resolve("ckpt-000000075") + " at clock 75");
    assertThat(resumed.out()).doesNotContainPattern("(?m)^\\s+2\\s").containsPattern("(?m)^\\s+3\\s");
    assertThat(lastEpoch(resumed)).isEqualTo(lastEpoch(first));
  }

  @Test
  void resume_midClockGroupOfSeveralBatches_endsExactlyLikeAnUninterruptedRun() {
    Path ckpt = dir.resolve("ckpt");
    // 30 mini-batches per epoch in clocks of 4: 8 clocks per epoch (the last of 2), 32 in all;
    // the newest checkpoint, at clock 30, is in the middle of the last epoch.
    MainTest.Run first = trainBatches("--batches-per-clock", "4", "--checkpoint-every", "5", "--checkpoint-dir",
        ckpt.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(ckpt.resolve("ckpt-000000030")).isDirectory();
    assertThat(ckpt.resolve("ckpt-000000035")).doesNotExist();

    MainTest.Run resumed = trainBatches("--batches-per-clock", "4", "--resume", ckpt.toString());
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("# resuming from checkpoint " + ckpt.resolve("ckpt-000000030") + " at clock 30")
        .doesNotContainPattern("(?m)^\\s+3\\s").containsPattern("(?m)^\\s+4\\s");
    assertThat(lastEpoch(resumed)).isEqualTo(lastEpoch(first));
  }

  @Test
  void resume_perExampleUpdatesMidEpoch_endsExactlyLikeAnUninterruptedRun() {
    Path ckpt = dir.resolve("ckpt");
    // 7 clocks per epoch, 28 in all: the newest checkpoint, at clock 25, is in the last epoch
    // after its fourth clock, so the resumed run must rebuild the replica from the table there.
    MainTest.Run first = train("--update", "example", "--clocks-per-epoch", "7", "--checkpoint-every", "5",
        "--checkpoint-dir", ckpt.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(ckpt.resolve("ckpt-000000025")).isDirectory();

    MainTest.Run resumed = train("--update", "example", "--clocks-per-epoch", "7", "--resume", ckpt.toString());
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("# resuming from checkpoint " + ckpt.resolve("ckpt-000000025") + " at clock 25")
        .doesNotContainPattern("(?m)^\\s+3\\s").containsPattern("(?m)^\\s+4\\s");
    assertThat(lastEpoch(resumed)).isEqualTo(lastEpoch(first));
  }

  @Test
  void resume_refusesACheckpointOfOtherTables() {
    Path ckpt = dir.resolve("ckpt");
    assertThat(train("--checkpoint-every", "5", "--checkpoint-dir", ckpt.toString()).code()).isZero();
    // Another table layout: 8 columns per weight row instead of 1024 (the dimension is 200).
    MainTest.Run r = train("--resume", ckpt.toString(), "--block-width", "8");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("petuum4j: checkpoint ").contains("has tables").hasLineCount(1);
    Path points = dir.resolve("points.csv");
    assertThat(MainTest.run("datagen", "kmeans", "--rows", "500", "--k", "2", "--out", points.toString()).code()).isZero();
    MainTest.Run kmeans = MainTest.run("train", "kmeans", "--data", points.toString(), "--k", "2",
        "--checkpoint-every", "5", "--checkpoint-dir", dir.resolve("km").toString());
    assertThat(kmeans.code()).isEqualTo(2);
    assertThat(kmeans.err()).contains("KMeansJob cannot continue from checkpoints").hasLineCount(1);
    MainTest.Run missing = train("--resume", dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--resume: no such directory");
  }
}

package org.petuum4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code train logreg --cluster local:2,2 --checkpoint-every K}: a worker or server process killed
 * with SIGKILL mid-training is replaced, the job rolls back to the newest checkpoint and finishes
 * by itself, with the final test loss of a run without the failure.
 */
class RecoveryCommandTest {
  static final int EPOCHS = 12;
  @TempDir static Path data;
  @TempDir Path dir;
  static Path train;
  static Path test;

  @BeforeAll
  static void generate() {
    train = data.resolve("train.libsvm");
    test = data.resolve("test.libsvm");
    MainTest.generateLogReg(train, test, 8000, 300, 11);
  }

  private static MainTest.Run train(String... extra) {
    return MainTest.run(List.of("train", "logreg", "--train", train.toString(), "--test",
        test.toString(), "--epochs", Integer.toString(EPOCHS), "--workers", "2", "--shards", "2", "--staleness", "1",
        "--cluster", "local:2,2"), extra);
  }

  private static double finalTestLoss(MainTest.Run r) {
    Matcher m = Pattern.compile("(?m)^\\s+" + EPOCHS + "\\s+\\S+\\s+\\S+\\s+(\\S+)\\s+\\S+$").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"worker", "server"})
  void killedProcess_jobRecoversAndReachesTheFaultFreeLoss(String victim) throws Exception {
    MainTest.Run clean = train();
    assertThat(clean.code()).as(clean.err()).isZero();

    Path checkpoints = dir.resolve("ckpt");
    Thread killer = new Thread(() -> {
      try {
        while (!Files.isDirectory(checkpoints.resolve("ckpt-000000060"))) {
          Thread.sleep(5);
        }
        ProcessHandle.current().children()
            .filter(c -> c.info().arguments().map(a -> List.of(a).contains("-Dpetuum4j.role=" + victim)).orElse(false))
            .findFirst().orElseThrow().destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    killer.start();
    MainTest.Run recovered = train("--checkpoint-every", "30", "--checkpoint-dir", checkpoints.toString(),
        "--metrics", dir.resolve("metrics.csv").toString());
    killer.join();
    assertThat(recovered.code()).as(recovered.err()).isZero();
    assertThat(recovered.out()).contains("# recovery 1 of at most 3 after: ").contains(victim + " process")
        .contains("# resuming from checkpoint");
    assertThat(finalTestLoss(recovered)).isCloseTo(finalTestLoss(clean),
        org.assertj.core.data.Percentage.withPercentage(1));
    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertThat(csv).hasSize(EPOCHS + 1);
    assertThat(csv.get(EPOCHS)).endsWith(",1");
  }
}

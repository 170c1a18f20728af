package org.petuum4j.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;

/**
 * Automatic recovery on a local cluster: a worker or server process killed with SIGKILL after a
 * checkpoint; the job rolls back to it, finishes by itself, and its tables are exactly those of a
 * run without the failure: no checkpointed update lost, none applied twice.
 */
class RecoveryTest {
  static final int CLOCKS = 40;
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"worker", "server"})
  void killedProcess_isReplaced_andTheTablesComeOutExact(String victim) throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    List<String> notes = new CopyOnWriteArrayList<>();
    EventSink sink = new EventSink() {
      @Override
      public void emit(String event) {
        events.add(event);
      }

      @Override
      public void note(String message) {
        notes.add(message);
      }
    };
    Thread killer = new Thread(() -> {
      try {
        while (!Files.isDirectory(dir.resolve("ckpt-000000010"))) {
          Thread.sleep(20);
        }
        ProcessHandle p = ProcessHandle.current().children()
            .filter(c -> c.info().arguments().map(a -> List.of(a).contains("-Dpetuum4j.role=" + victim)).orElse(false))
            .findFirst().orElseThrow();
        p.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    killer.start();
    ClusterDeployment d = ClusterDeployment.local(2, 2, new JobShape(3, 2))
        .checkpoints(new CheckpointOptions(dir, 5, 2, false, 2));
    try (JobResult r = d.run(TestJobs.Summing.class,
        JobParams.of(Map.of("clocks", Integer.toString(CLOCKS), "sleepMs", "40")), sink)) {
      killer.join();
      for (int row = 0; row < 4; row++) {
        for (int w = 0; w < 3; w++) {
          assertThat(r.read("counts", row).getLong(w)).as("cell (%d, %d)", row, w)
              .isEqualTo(TestJobs.Summing.expected(row, w, CLOCKS));
        }
      }
    }
    assertThat(notes).anyMatch(n -> n.startsWith(EventSink.RECOVERY + "1 of at most 2") && n.contains("lost"))
        .anyMatch(n -> n.startsWith("resuming from checkpoint"));
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isZero();
  }
}

package org.petuum4j.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;

/** Real child processes on this machine: the job's result, its events, failures and clean-up. */
class LocalClusterTest {

  @Test
  void localCluster_runsTheJobInChildProcessesAndLeavesNoneBehind() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    ClusterDeployment d = ClusterDeployment.local(2, 2, new JobShape(3, 3));
    List<ProcessHandle> before = children();
    try (JobResult r = d.run(TestJobs.Counting.class, JobParams.of(Map.of("clocks", "20")), events::add)) {
      // Every child's command line names its role, for ps and pgrep.
      assertThat(ProcessHandle.current().children().map(LocalClusterTest::role).toList())
          .containsExactlyInAnyOrder("coordinator", "server", "server", "worker", "worker");
      // 20 clocks, 5 per row: row 0 cell w holds 5 * (w + 1).
      for (int w = 0; w < 3; w++) {
        assertThat(r.read("counts", 0).getLong(w)).isEqualTo(5L * (w + 1));
        assertThat(r.read("counts", 3).getLong(w)).isEqualTo(5L * (w + 1));
      }
    }
    assertThat(events).filteredOn(e -> e.startsWith("clock ")).hasSize(20);
    List<String> pids = events.stream().filter(e -> e.startsWith("pid ")).distinct().toList();
    assertThat(pids).hasSize(2).doesNotContain("pid " + ProcessHandle.current().pid());
    assertThat(children()).isEqualTo(before);
  }

  @Test
  void killedWorkerProcess_failsTheJobNamingItAndLeavesNoProcesses() throws Exception {
    ClusterDeployment d = ClusterDeployment.local(1, 2, new JobShape(2, 1));
    List<String> events = new CopyOnWriteArrayList<>();
    long[] killedAt = {0};
    Thread killer = new Thread(() -> {
      try {
        // Wait for both worker processes to report, then kill the second one with SIGKILL.
        while (events.stream().filter(e -> e.startsWith("pid ")).count() < 2) {
          Thread.sleep(20);
        }
        Thread.sleep(300);
        long pid = Long.parseLong(events.stream().filter(e -> e.startsWith("pid ")).toList().get(1).substring(4));
        killedAt[0] = System.nanoTime();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    killer.start();
    assertThatThrownBy(() -> d.run(TestJobs.Counting.class,
            JobParams.of(Map.of("clocks", "100000", "sleepMs", "5")), events::add))
        .isInstanceOf(PsException.class)
        .hasMessageContaining("worker process")
        .hasMessageContaining("lost")
        .hasMessageContaining("host 127.0.0.1");
    long failedAt = System.nanoTime();
    killer.join();
    assertThat(TimeUnit.NANOSECONDS.toMillis(failedAt - killedAt[0])).as("ms from SIGKILL to the error").isLessThan(10_000);
    assertThat(children()).isEmpty();
  }

  @Test
  void stoppedServerProcess_isDetectedByHeartbeatTimeout() throws Exception {
    ClusterDeployment d = ClusterDeployment.local(2, 1, new JobShape(1, 2), java.time.Duration.ofSeconds(2));
    List<String> events = new CopyOnWriteArrayList<>();
    Thread stopper = new Thread(() -> {
      try {
        while (events.isEmpty()) {
          Thread.sleep(20);
        }
        ProcessHandle server = ProcessHandle.current().children().filter(p -> "server".equals(role(p))).findFirst()
            .orElseThrow();
        // SIGSTOP: the process stays alive with its connections open, but falls silent.
        new ProcessBuilder("kill", "-STOP", Long.toString(server.pid())).start().waitFor();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    stopper.start();
    assertThatThrownBy(() -> d.run(TestJobs.Counting.class,
            JobParams.of(Map.of("clocks", "100000", "sleepMs", "5")), events::add))
        .isInstanceOf(PsException.class)
        .hasMessageContaining("server process")
        .hasMessageContaining("no heartbeat for 2000 ms");
    stopper.join();
    assertThat(children()).isEmpty();
  }

  private static String role(ProcessHandle p) {
    return p.info().arguments().stream().flatMap(java.util.Arrays::stream)
        .filter(a -> a.startsWith("-Dpetuum4j.role=")).map(a -> a.substring("-Dpetuum4j.role=".length()))
        .findFirst().orElse("?");
  }

  private static List<ProcessHandle> children() throws InterruptedException {
    // Children that are exiting may linger for a moment.
    for (int i = 0; i < 50 && ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive); i++) {
      Thread.sleep(100);
    }
    return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
  }
}

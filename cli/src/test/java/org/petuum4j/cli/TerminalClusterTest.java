package org.petuum4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train logreg --cluster local:2,2} as a person runs it: at a terminal, so that the
 * progress bar is drawn. Each worker process counts only its own examples; before the job summed
 * them per process, the bar's count went negative in the second epoch and the job failed with
 * {@code count is negative} (issue 16, item 1), which no test with redirected output could see.
 * The terminal is util-linux's {@code script}, which runs the command on a pseudo-terminal.
 */
class TerminalClusterTest {
  @TempDir static Path data;

  @BeforeAll
  static void generate() {
    MainTest.generateLogReg(data.resolve("train.libsvm"), data.resolve("test.libsvm"), 20_000, 500, 3);
  }

  @Test
  void clusterTrainingAtATerminal_drawsTheBarEveryEpochAndSucceeds() throws Exception {
    Path script = Path.of("/usr/bin/script");
    Assumptions.assumeTrue(Files.isExecutable(script), "util-linux's script(1) is not installed");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cmd = String.join(" ", List.of(java, "-Xmx512m", "-cp", "'" + System.getProperty("java.class.path") + "'",
        Main.class.getName(), "train", "logreg", "--train", data.resolve("train.libsvm").toString(),
        "--test", data.resolve("test.libsvm").toString(), "--epochs", "3", "--cluster", "local:2,2",
        // A straggler at every clock stretches each epoch to about half a second, so that the
        // bar (redrawn at most every 100 ms) is drawn in every epoch, not only the first.
        "--straggler-ms", "30"));
    Path log = data.resolve("terminal.log");
    Process p = new ProcessBuilder(script.toString(), "-qec", cmd, "/dev/null")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the job finished").isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).doesNotContain("count is negative").doesNotContain("job failed");
    assertThat(out).containsPattern("(?m)^\\s+3\\s");
    // The bar was drawn (stderr is the terminal) and never showed a count outside [0, 20,000].
    assertThat(out).contains("epoch 1/3 [").contains("epoch 2/3 [").contains("epoch 3/3 [");
    for (String bar : out.split("\r")) {
      int at = bar.indexOf("] ");
      if (bar.startsWith("epoch ") && at > 0) {
        String count = bar.substring(bar.lastIndexOf(' ') + 1).split("/")[0].replace(",", "").trim();
        assertThat(Long.parseLong(count)).as(bar).isBetween(0L, 20_000L);
      }
    }
  }
}

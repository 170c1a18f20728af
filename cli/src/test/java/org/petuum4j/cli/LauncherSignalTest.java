package org.petuum4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher of {@code --cluster local:S,W} leaves no process behind whether it is interrupted
 * (Ctrl-C is SIGINT), terminated, or killed outright.
 */
class LauncherSignalTest {
  @TempDir static Path data;
  static Path train;
  static Path test;

  @BeforeAll
  static void generate() {
    train = data.resolve("train.libsvm");
    test = data.resolve("test.libsvm");
    MainTest.generateLogReg(train, test, 2000, 100, 5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM", "KILL"})
  void signalledLauncher_leavesNoChildProcesses(String signal) throws Exception {
    Assumptions.assumeFalse(signal.equals("INT") && sigintIgnored(),
        "SIGINT is ignored in this process (as in anything started in the background by a "
            + "non-interactive shell, or under nohup), and the launcher inherits that, as the JVM "
            + "keeps an ignored SIGINT ignored; run the tests in the foreground to cover Ctrl-C");
    Process launcher = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "train", "logreg", "--train", train.toString(), "--test", test.toString(), "--epochs", "100000",
        "--workers", "2", "--cluster", "local:1,2")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      List<ProcessHandle> children = List.of();
      for (int i = 0; i < 300 && children.size() < 4; i++) {
        Thread.sleep(100);
        children = launcher.children().filter(ProcessHandle::isAlive).toList();
      }
      assertThat(children).as("coordinator, server and two workers").hasSize(4);
      Thread.sleep(1000);
      new ProcessBuilder("kill", "-" + signal, Long.toString(launcher.pid())).start().waitFor();
      assertThat(launcher.waitFor(15, TimeUnit.SECONDS)).as("the launcher exits").isTrue();
      for (ProcessHandle c : children) {
        c.onExit().get(15, TimeUnit.SECONDS);
        assertThat(c.isAlive()).as("child %d", c.pid()).isFalse();
      }
    } finally {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }

  /** Whether this process ignores SIGINT (Linux: bit 1 of the SigIgn mask in /proc/self/status). */
  static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
      }
    }
    return false;
  }
}

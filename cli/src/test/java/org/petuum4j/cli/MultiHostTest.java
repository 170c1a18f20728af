package org.petuum4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.net.Netns;

/**
 * A cluster over three network hosts, built from network namespaces on this machine: the
 * coordinator on one, the server on another, two worker processes and the driver on a third; the
 * spec names the hosts by name. Needs root and iproute2 (CI has both); skipped otherwise, with
 * the reason printed.
 */
class MultiHostTest {
  @TempDir Path dir;

  @Test
  void trainLogReg_acrossThreeNamespaceHosts() throws Exception {
    Optional<String> unavailable = Netns.unavailableReason();
    unavailable.ifPresent(reason -> System.err.println("MultiHostTest skipped: " + reason));
    Assumptions.assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));

    Path train = dir.resolve("train.libsvm");
    Path test = dir.resolve("test.libsvm");
    MainTest.Run gen = MainTest.run("datagen", "logreg", "--rows", "4000", "--test-rows", "1000", "--features", "200",
        "--nnz", "20", "--seed", "9", "--out", train.toString(), "--test-out", test.toString());
    assertThat(gen.code()).as(gen.err()).isZero();

    try (Netns net = Netns.create("coord", "server", "worker")) {
      Files.writeString(dir.resolve("cluster.secret"), "a-secret-shared-by-three-hosts\n");
      Path spec = dir.resolve("cluster.yaml");
      Files.writeString(spec, String.join("\n",
          "coordinator: {host: " + net.hostname("coord") + ", port: 7100}",
          "servers:",
          "  - {host: " + net.hostname("server") + ", port: 7200}",
          "workers:",
          "  - {host: " + net.hostname("worker") + "}",
          "  - {host: " + net.ip("worker") + "}",
          "secret-file: cluster.secret",
          ""));
      List<Process> nodes = new ArrayList<>();
      try {
        nodes.add(start(net, "coord", "coordinator", "--cluster", spec.toString()));
        nodes.add(start(net, "server", "server", "--cluster", spec.toString(), "--index", "0"));
        nodes.add(start(net, "worker", "worker", "--cluster", spec.toString(), "--index", "0"));
        nodes.add(start(net, "worker", "worker", "--cluster", spec.toString(), "--index", "1"));
        Process driver = start(net, "worker", "train", "logreg", "--train", train.toString(), "--test",
            test.toString(), "--epochs", "3", "--workers", "2", "--shards", "2", "--cluster", spec.toString());
        assertThat(driver.waitFor(120, TimeUnit.SECONDS)).as("the driver finishes").isTrue();
        String out = Files.readString(log("train"));
        assertThat(driver.exitValue()).as(out).isZero();
        assertThat(out).contains("test_error").containsPattern("(?m)^\\s+3\\s");
        for (Process p : nodes) {
          assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("every process exits after the job").isTrue();
          assertThat(p.exitValue()).isZero();
        }
      } finally {
        nodes.forEach(Process::destroyForcibly);
      }
    }
  }

  private Path log(String name) {
    return dir.resolve(name + ".log");
  }

  private Process start(Netns net, String host, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    String name = args[0].equals("train") ? "train" : args[0] + "-" + (args.length > 4 ? args[4] : "0");
    return net.command(host, cmd).redirectErrorStream(true).redirectOutput(log(name).toFile()).start();
  }
}

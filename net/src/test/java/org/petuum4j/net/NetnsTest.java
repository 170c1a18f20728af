package org.petuum4j.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Netns} fixture really gives separate hosts: names resolve inside every namespace,
 * traffic crosses the bridge, loopback listeners stay private, and close() leaves nothing behind.
 * Skipped, with the reason, where namespaces are unavailable (not root, no iproute2, no
 * capabilities).
 */
class NetnsTest {

  private static void assumeNetns() {
    Optional<String> reason = Netns.unavailableReason();
    reason.ifPresent(r -> System.err.println("NetnsTest skipped: " + r));
    Assumptions.assumeTrue(reason.isEmpty(), () -> "network namespaces unavailable: " + reason.orElse(""));
  }

  private static List<String> java(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.add("-Xshare:auto");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(NetnsProbeMain.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs a client JVM in {@code host} and returns its output lines, one per op. */
  private static CompletableFuture<List<String>> client(Netns net, String host, String... ops) throws IOException {
    List<String> args = new ArrayList<>(List.of("client"));
    args.addAll(List.of(ops));
    Process p = net.command(host, java(args.toArray(String[]::new)))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return CompletableFuture.supplyAsync(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        List<String> lines = r.lines().toList();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException("client in " + host + " failed: " + lines);
        }
        return lines;
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        p.destroyForcibly();
      }
    });
  }

  @Test
  @Timeout(60)
  void hostsReachEachOtherByNameAcrossTheBridgeButNotEachOthersLoopback() throws Exception {
    assumeNetns();
    try (Netns net = Netns.create("alpha", "beta", "gamma")) {
      String ipA = net.ip("alpha");
      assertThat(List.of(ipA, net.ip("beta"), net.ip("gamma")))
          .containsExactly(Netns.SUBNET + ".10", Netns.SUBNET + ".11", Netns.SUBNET + ".12");
      String nameA = net.hostname("alpha");

      Process server = net.command("alpha", java("server", ipA, "127.0.0.1"))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        List<String> listen = CompletableFuture.supplyAsync(() -> {
          try {
            return List.of(String.valueOf(out.readLine()), String.valueOf(out.readLine()));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }).get(30, TimeUnit.SECONDS);
        assertThat(listen.get(0)).startsWith("LISTEN " + ipA + " ");
        assertThat(listen.get(1)).startsWith("LISTEN 127.0.0.1 ");
        int onIp = Integer.parseInt(listen.get(0).split(" ")[2]);
        int onLoopback = Integer.parseInt(listen.get(1).split(" ")[2]);
        assertThat(net.pids("alpha")).contains(server.pid());

        var fromBeta = client(net, "beta",
            "resolve:" + nameA,
            "resolve:" + net.hostname("gamma"),
            "resolve:localhost",
            "localhost",
            "echo:" + nameA + ":" + onIp + ":hello-from-beta",
            "echo:" + nameA + ":" + onLoopback + ":sneak-by-name",
            "echo:127.0.0.1:" + onLoopback + ":sneak-by-loopback");
        var fromGamma = client(net, "gamma", "echo:" + nameA + ":" + onIp + ":hello-from-gamma");
        var fromAlpha = client(net, "alpha", "echo:127.0.0.1:" + onLoopback + ":own-loopback");

        List<String> beta = fromBeta.get(40, TimeUnit.SECONDS);
        assertThat(beta).hasSize(7);
        assertThat(beta.get(0)).isEqualTo("RESOLVED " + nameA + " " + ipA);
        assertThat(beta.get(1)).isEqualTo("RESOLVED " + net.hostname("gamma") + " " + net.ip("gamma"));
        assertThat(beta.get(2)).isEqualTo("RESOLVED localhost 127.0.0.1");
        // the machine's own name means "this host", as on a real machine
        assertThat(beta.get(3)).isEqualTo("LOCALHOST " + net.ip("beta"));
        assertThat(beta.get(4)).isEqualTo("REPLY echo:hello-from-beta");
        // alpha's loopback listener is invisible from beta, by alpha's address or beta's loopback
        assertThat(beta.get(5)).startsWith("FAILED java.net.ConnectException");
        assertThat(beta.get(6)).startsWith("FAILED java.net.ConnectException");
        assertThat(fromGamma.get(40, TimeUnit.SECONDS)).containsExactly("REPLY echo:hello-from-gamma");
        // ...while it is up and answering inside alpha itself
        assertThat(fromAlpha.get(40, TimeUnit.SECONDS)).containsExactly("REPLY echo:own-loopback");

        server.getOutputStream().close();
        assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
      } finally {
        server.destroyForcibly();
      }
    }
  }

  @Test
  @Timeout(60)
  void closeKillsLeftoverProcessesAndRemovesNamespacesAndHostsFiles() throws Exception {
    assumeNetns();
    Netns net = Netns.create("solo");
    String ns = net.namespace("solo");
    String runPrefix = ns.substring(0, ns.lastIndexOf('-') + 1);
    assertThat(Path.of("/etc/netns", ns, "hosts")).exists();
    assertThat(Files.readString(Path.of("/etc/netns", ns, "hosts")))
        .contains(net.ip("solo") + "\t" + net.hostname("solo"));
    assertThat(namespacesStartingWith(runPrefix)).hasSize(2); // the host and the bridge

    // a shell with a background child: both must die, not only the process we started
    Process sh = net.command("solo", List.of("sh", "-c", "sleep 600 & exec sleep 600")).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (net.pids("solo").size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<Long> pids = net.pids("solo");
    assertThat(pids).hasSizeGreaterThanOrEqualTo(2).contains(sh.pid());

    net.close();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("pid %d still alive", pid).isFalse();
    }
    assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(namespacesStartingWith(runPrefix)).isEmpty();
    assertThat(Path.of("/etc/netns", ns)).doesNotExist();
    net.close(); // idempotent
  }

  private static List<String> namespacesStartingWith(String prefix) throws IOException {
    Path run = Path.of("/run/netns");
    if (!Files.isDirectory(run)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(run)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
    }
  }

  @Test
  void rejectsMalformedOrDuplicateHostNamesBeforeTouchingTheSystem() {
    assertThatThrownBy(Netns::create).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Netns.create("Upper")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Upper");
    assertThatThrownBy(() -> Netns.create("a", "a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
    assertThatThrownBy(() -> Netns.create("has space")).isInstanceOf(IllegalArgumentException.class);
  }
}

package org.petuum4j.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of simulated network hosts on this machine, for multi-host tests: one Linux network
 * namespace per host, each with a veth interface {@code eth0} carrying one IPv4 address on the
 * private subnet {@value #SUBNET}.0/24 and its loopback up, all veths plugged into one Linux
 * bridge that lives in a further namespace of its own.
 *
 * <p>Isolation: nothing is created in the root namespace except the namespace handles
 * ({@code /run/netns/p4j-*}) and the per-namespace files under {@code /etc/netns/}. Every run uses a
 * fresh random suffix in its namespace names and host names, and every run has its own bridge, so
 * parallel runs never share an L2 domain, never collide on names, and may all use the same subnet.
 * The bridge's namespace has no firewall rules, and {@code bridge-nf-call-ip(6)tables} is switched
 * off there when the key exists (it is per namespace), so bridged traffic is forwarded whatever
 * the host's firewall says; the root namespace's settings are never touched.
 *
 * <p>Host names: each host {@code h} gets the resolvable name {@link #hostname(String)
 * hostname(h)} = {@code h + "-" + suffix}. Every namespace gets {@code /etc/netns/<ns>/hosts}
 * mapping {@code localhost} to the loopback addresses, every host name to its IP, and this
 * machine's own host name ({@code uname -n}, shared by all namespaces) to the namespace's own
 * IP, so {@code InetAddress.getLocalHost()} inside a host answers that host's address as it would
 * on a real machine. {@code ip netns exec} bind-mounts that file over {@code /etc/hosts}, so any
 * process started through {@link #command(String, List)} (Java included) resolves the names; a
 * process outside the namespaces does not.
 *
 * <p>Clean-up: {@link #close()} SIGKILLs every process still running in any of the namespaces,
 * then deletes the namespaces (which destroys the veths and the bridge with them) and the
 * {@code /etc/netns} directories. It is idempotent, also runs from a JVM shutdown hook, and
 * {@link #create(String...)} first sweeps namespaces left behind by a JVM that died without
 * closing (their names carry the creator's pid), so even a crashed run leaks nothing for long.
 *
 * <p>Requires Linux, root (CAP_NET_ADMIN and CAP_SYS_ADMIN) and iproute2's {@code ip}; tests call
 * {@link #unavailableReason()} first and skip with that reason otherwise. Not thread-safe.
 */
public final class Netns implements AutoCloseable {

  /** The first three octets of the simulated hosts' /24; host {@code i} gets {@code .(10 + i)}. */
  public static final String SUBNET = "10.213.77";

  /** Prefix of every namespace this class creates; the sweep touches nothing else. */
  private static final String PREFIX = "p4j-";

  /** {@code p4j-<creator pid>-<8 hex>-<role>}: the shape the stale sweep recognises. */
  private static final Pattern OWNED = Pattern.compile("p4j-(\\d+)-([0-9a-f]{8})-(br|h\\d+)");

  /** One DNS label, kept short so that {@code name-suffix} stays a valid label. */
  private static final Pattern HOST_NAME = Pattern.compile("[a-z]([a-z0-9-]{0,38}[a-z0-9])?");

  private static final Path ETC_NETNS = Path.of("/etc/netns");
  private static final long COMMAND_TIMEOUT_SECONDS = 20;
  private static final int MAX_HOSTS = 200;

  private static final Object PROBE_LOCK = new Object();
  private static Optional<String> probed;

  private final String ipBinary;
  private final String suffix;
  private final String bridgeNs;
  /** Host name (as given to create) to its namespace, in creation order. */
  private final Map<String, String> namespaces = new LinkedHashMap<>();
  private final Map<String, String> ips = new LinkedHashMap<>();
  private final Thread shutdownHook;
  private boolean closed;

  private Netns(String ipBinary, String suffix) {
    this.ipBinary = ipBinary;
    this.suffix = suffix;
    this.bridgeNs = PREFIX + ProcessHandle.current().pid() + "-" + suffix + "-br";
    this.shutdownHook = new Thread(this::closeQuietly, "netns-cleanup-" + suffix);
  }

  /**
   * Why network namespaces cannot be used here, or empty if they can. Checks the OS, the
   * {@code ip} binary, the effective uid, and finally really creates (and deletes) a namespace
   * holding a bridge and a veth pair, so a container without the needed capabilities or kernel
   * support is reported too. The answer is computed once per JVM.
   *
   * @return a human-readable reason for {@code Assumptions.assumeTrue(reason.isEmpty(), ...)}
   */
  public static Optional<String> unavailableReason() {
    synchronized (PROBE_LOCK) {
      if (probed == null) {
        probed = probe();
      }
      return probed;
    }
  }

  private static Optional<String> probe() {
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.of("network namespaces need Linux; this is " + os);
    }
    Optional<String> ip = findIp();
    if (ip.isEmpty()) {
      return Optional.of("iproute2's `ip` binary not found on PATH or in /usr/sbin, /sbin");
    }
    long euid = effectiveUid();
    if (euid != 0) {
      return Optional.of("network namespaces need root; running as uid " + euid);
    }
    String ns = PREFIX + ProcessHandle.current().pid() + "-" + randomSuffix() + "-br";
    try {
      Result add = exec(List.of(ip.get(), "netns", "add", ns));
      if (add.code != 0) {
        return Optional.of("`ip netns add` failed: " + add.output.strip());
      }
      Result bridge = exec(List.of(ip.get(), "-n", ns, "link", "add", "p4jbr", "type", "bridge"));
      if (bridge.code != 0) {
        return Optional.of("cannot create a bridge in a namespace: " + bridge.output.strip());
      }
      Result veth = exec(List.of(ip.get(), "-n", ns, "link", "add", "p4ja", "type", "veth",
          "peer", "name", "p4jb"));
      if (veth.code != 0) {
        return Optional.of("cannot create a veth pair in a namespace: " + veth.output.strip());
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot run " + ip.get() + ": " + e.getMessage());
    } finally {
      try {
        exec(List.of(ip.get(), "netns", "delete", ns));
      } catch (IOException ignored) {
        // the probe's own result already says what went wrong
      }
    }
  }

  /**
   * Builds one host per name, plugged into a fresh bridge, with addresses {@value #SUBNET}.10,
   * .11, ... in the given order. On any failure everything built so far is removed again.
   *
   * @param hostNames distinct lowercase DNS labels (letters, digits, '-', at most 40 chars),
   *     e.g. {@code "coord", "server", "worker"}
   * @return the hosts; close it to remove them
   * @throws IllegalStateException if namespaces are unavailable or a command fails (with its output)
   * @throws IllegalArgumentException for no, duplicate, too many or malformed names
   */
  public static Netns create(String... hostNames) {
    if (hostNames.length == 0 || hostNames.length > MAX_HOSTS) {
      throw new IllegalArgumentException("need 1 to " + MAX_HOSTS + " host names, got " + hostNames.length);
    }
    for (String h : hostNames) {
      if (h == null || !HOST_NAME.matcher(h).matches()) {
        throw new IllegalArgumentException("host name must be a lowercase DNS label of at most 40"
            + " characters: " + h);
      }
    }
    if (java.util.Set.of(hostNames).size() != hostNames.length) {
      throw new IllegalArgumentException("duplicate host names: " + List.of(hostNames));
    }
    Optional<String> reason = unavailableReason();
    if (reason.isPresent()) {
      throw new IllegalStateException("network namespaces unavailable: " + reason.get());
    }
    String ip = findIp().orElseThrow();
    sweepStale(ip);
    Netns n = new Netns(ip, randomSuffix());
    Runtime.getRuntime().addShutdownHook(n.shutdownHook);
    try {
      n.build(hostNames);
      return n;
    } catch (RuntimeException | Error e) {
      try {
        n.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void build(String[] hostNames) {
    ip("netns", "add", bridgeNs);
    ip("-n", bridgeNs, "link", "add", "br0", "type", "bridge");
    for (String key : List.of("bridge-nf-call-iptables", "bridge-nf-call-ip6tables", "bridge-nf-call-arptables")) {
      // The key exists only with br_netfilter loaded; it is per namespace, so this touches
      // nothing outside the bridge's own namespace (whose iptables are empty anyway).
      Result r = run(List.of(ipBinary, "netns", "exec", bridgeNs, "sh", "-c",
          "f=/proc/sys/net/bridge/" + key + "; if [ -e $f ]; then echo 0 > $f; fi"));
      if (r.code != 0) {
        throw new IllegalStateException("cannot disable " + key + " in " + bridgeNs + ": " + r.output);
      }
    }
    ip("-n", bridgeNs, "link", "set", "br0", "up");
    String uname = machineHostName();
    for (int i = 0; i < hostNames.length; i++) {
      String host = hostNames[i];
      String ns = PREFIX + ProcessHandle.current().pid() + "-" + suffix + "-h" + i;
      String addr = SUBNET + "." + (10 + i);
      namespaces.put(host, ns);
      ips.put(host, addr);
      ip("netns", "add", ns);
      ip("link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", "v" + i, "netns", bridgeNs);
      ip("-n", bridgeNs, "link", "set", "v" + i, "master", "br0");
      ip("-n", bridgeNs, "link", "set", "v" + i, "up");
      ip("-n", ns, "addr", "add", addr + "/24", "dev", "eth0");
      ip("-n", ns, "link", "set", "eth0", "up");
      ip("-n", ns, "link", "set", "lo", "up");
    }
    for (String host : hostNames) {
      writeHostsFile(namespaces.get(host), ips.get(host), uname);
    }
  }

  private void writeHostsFile(String ns, String ownIp, String uname) {
    StringBuilder sb = new StringBuilder();
    sb.append("# written by petuum4j Netns test fixture; removed on close\n");
    sb.append("127.0.0.1\tlocalhost\n");
    sb.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
    for (Map.Entry<String, String> e : ips.entrySet()) {
      sb.append(e.getValue()).append('\t').append(hostname(e.getKey()));
      if (e.getValue().equals(ownIp) && uname != null && !uname.isBlank()) {
        sb.append(' ').append(uname);
      }
      sb.append('\n');
    }
    try {
      Path dir = ETC_NETNS.resolve(ns);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("hosts"), sb.toString(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + ETC_NETNS.resolve(ns).resolve("hosts"), e);
    }
  }

  /** The host names given to {@link #create(String...)}, in order. */
  public List<String> hosts() {
    return List.copyOf(ips.keySet());
  }

  /** The IPv4 address (dotted quad) of {@code host}. */
  public String ip(String host) {
    return lookup(ips, host);
  }

  /**
   * The name under which {@code host} resolves inside every namespace of this set:
   * {@code host + "-" + suffix}, unique to this run so it never resolves by accident outside.
   */
  public String hostname(String host) {
    lookup(ips, host);
    return host + "-" + suffix;
  }

  /** The network namespace of {@code host}, e.g. for {@code ip netns exec} in a shell script. */
  public String namespace(String host) {
    return lookup(namespaces, host);
  }

  /**
   * A process builder that runs {@code argv} inside {@code host}'s namespace, via
   * {@code ip netns exec <ns> argv...}. {@code ip} execs the command, so the started
   * {@link Process}'s pid is the command's own. Environment and working directory are inherited
   * and may be changed on the returned builder as usual.
   */
  public ProcessBuilder command(String host, List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command for host " + host);
    }
    List<String> full = new ArrayList<>(List.of(ipBinary, "netns", "exec", namespace(host)));
    full.addAll(argv);
    return new ProcessBuilder(full);
  }

  /** Pids of the processes currently running in {@code host}'s namespace. */
  public List<Long> pids(String host) {
    return nsPids(ipBinary, namespace(host));
  }

  /**
   * Kills every process left in the namespaces (SIGKILL, repeated until none remain, so children
   * forked meanwhile go too), deletes the namespaces, which removes the veths and the bridge,
   * and deletes the {@code /etc/netns} directories. Idempotent.
   *
   * @throws IllegalStateException if something could not be removed (everything else still is)
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException ignored) {
      // running inside the hook itself, or JVM shutting down
    }
    List<String> all = new ArrayList<>(namespaces.values());
    all.add(bridgeNs);
    List<String> failures = removeNamespaces(ipBinary, all);
    if (!failures.isEmpty()) {
      throw new IllegalStateException("netns clean-up incomplete: " + String.join("; ", failures));
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      System.err.println("Netns: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "Netns" + ips + " suffix " + suffix;
  }

  // --- clean-up shared with the stale sweep -------------------------------------------------

  private static List<String> removeNamespaces(String ip, List<String> all) {
    List<String> failures = new ArrayList<>();
    for (String ns : all) {
      try {
        killAll(ip, ns);
      } catch (RuntimeException e) {
        failures.add(e.getMessage());
      }
    }
    for (String ns : all) {
      try {
        if (Files.exists(Path.of("/run/netns", ns))) {
          Result r = exec(List.of(ip, "netns", "delete", ns));
          if (r.code != 0) {
            failures.add("ip netns delete " + ns + ": " + r.output.strip());
          }
        }
      } catch (IOException e) {
        failures.add("ip netns delete " + ns + ": " + e.getMessage());
      }
      try {
        Path dir = ETC_NETNS.resolve(ns);
        if (Files.isDirectory(dir)) {
          try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
              Files.deleteIfExists(f);
            }
          }
          Files.deleteIfExists(dir);
        }
      } catch (IOException e) {
        failures.add("cannot remove " + ETC_NETNS.resolve(ns) + ": " + e);
      }
    }
    return failures;
  }

  private static void killAll(String ip, String ns) {
    if (!Files.exists(Path.of("/run/netns", ns))) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<Long> pids = nsPids(ip, ns);
      pids.remove(ProcessHandle.current().pid());
      if (pids.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("processes " + pids + " in " + ns + " survive SIGKILL");
      }
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(p -> {
          p.destroyForcibly();
          try {
            p.onExit().get(2, TimeUnit.SECONDS);
          } catch (Exception ignored) {
            // re-checked by the next round of `ip netns pids`
          }
        });
      }
    }
  }

  private static List<Long> nsPids(String ip, String ns) {
    Result r = run(List.of(ip, "netns", "pids", ns));
    if (r.code != 0) {
      throw new IllegalStateException("ip netns pids " + ns + ": " + r.output.strip());
    }
    List<Long> pids = new ArrayList<>();
    for (String line : r.output.split("\\s+")) {
      if (!line.isBlank()) {
        pids.add(Long.parseLong(line.strip()));
      }
    }
    return pids;
  }

  /**
   * Removes namespaces of this class whose creating JVM is gone (killed before close() or its
   * shutdown hook could run). A live creator's namespaces are never touched.
   */
  private static void sweepStale(String ip) {
    Path run = Path.of("/run/netns");
    if (!Files.isDirectory(run)) {
      return;
    }
    List<String> stale = new ArrayList<>();
    try (var entries = Files.list(run)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        Matcher m = OWNED.matcher(p.getFileName().toString());
        if (m.matches()
            && !ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false)) {
          stale.add(m.group());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return; // best effort
    }
    Collections.sort(stale);
    List<String> failures = removeNamespaces(ip, stale);
    if (!failures.isEmpty()) {
      System.err.println("Netns: sweeping stale namespaces: " + failures);
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  private static String lookup(Map<String, String> map, String host) {
    String v = map.get(host);
    if (v == null) {
      throw new IllegalArgumentException("unknown host " + host + "; hosts are " + map.keySet());
    }
    return v;
  }

  private void ip(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ipBinary);
    cmd.addAll(List.of(args));
    Result r = run(cmd);
    if (r.code != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + r.code + "): "
          + r.output.strip());
    }
  }

  private static Optional<String> findIp() {
    List<Path> dirs = new ArrayList<>();
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty()) {
        dirs.add(Path.of(d));
      }
    }
    dirs.addAll(List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"), Path.of("/bin")));
    for (Path d : dirs) {
      Path p = d.resolve("ip");
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p.toAbsolutePath().toString());
      }
    }
    return Optional.empty();
  }

  private static long effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // fall through
    }
    return -1;
  }

  private static String machineHostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      return null;
    }
  }

  private static String randomSuffix() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> cmd) {
    try {
      return exec(cmd);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
    }
  }

  private static Result exec(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out after " + COMMAND_TIMEOUT_SECONDS + " s: " + String.join(" ", cmd));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
  }
}

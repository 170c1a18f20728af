package org.petuum4j.net;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Where the processes of a cluster run: the coordinator's host and port, one entry per server
 * process (host, port) and per worker process (host), the cluster secret, optional TLS and the
 * heartbeat timeout. Read from YAML:
 *
 * <pre>
 * coordinator: {host: 10.0.0.1, port: 7100}
 * servers:
 *   - {host: node2, port: 7200}
 *   - {host: node2, port: 7201}
 * workers:
 *   - {host: node3}
 *   - {host: node4}
 * secret-file: cluster.secret          # relative to this file; or set PETUUM4J_SECRET
 * heartbeat-timeout-ms: 5000           # optional, 500-600000
 * tls: {keystore: cluster.p12, password-env: PETUUM4J_TLS_PASSWORD}   # optional
 * </pre>
 *
 * <p>Hosts are names or IP addresses. Each listener binds to the address its {@code host}
 * resolves to, or to {@code bind} when an entry gives one (e.g. {@code bind: 0.0.0.0}); nothing
 * binds to every interface unless asked. A {@code local:S,W} spec puts everything on 127.0.0.1
 * with ports picked at start.
 *
 * @param coordinator the coordinator's endpoint
 * @param servers one endpoint per server process
 * @param workers one endpoint per worker process (port unused)
 * @param secretFile the secret's file, or {@code null} to take it from {@code PETUUM4J_SECRET}
 * @param heartbeatTimeout silence after which a process counts as dead
 * @param keystore the TLS keystore, or {@code null} for plain TCP
 * @param keystorePasswordEnv the environment variable holding the keystore password
 */
public record ClusterSpec(Endpoint coordinator, List<Endpoint> servers, List<Endpoint> workers, Path secretFile,
    Duration heartbeatTimeout, Path keystore, String keystorePasswordEnv) {

  /** The environment variable that holds the cluster secret when no secret file is named. */
  public static final String SECRET_ENV = "PETUUM4J_SECRET";
  static final String LOOPBACK = "127.0.0.1";

  /**
   * One process's address.
   *
   * @param host the name or IP address others reach it by
   * @param port its port (0: pick a free one)
   * @param bind the address its listener binds to
   */
  public record Endpoint(String host, int port, String bind) {}

  /** Parses {@code local:S,W}: S server and W worker processes on this machine. */
  public static ClusterSpec local(String text) {
    String[] parts = text.substring("local:".length()).split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("--cluster local:S,W needs two counts, was '" + text + "'");
    }
    int s = count(parts[0], "S (server processes)", text);
    int w = count(parts[1], "W (worker processes)", text);
    return local(s, w);
  }

  /** {@code s} server and {@code w} worker processes on 127.0.0.1. */
  public static ClusterSpec local(int s, int w) {
    Endpoint any = new Endpoint(LOOPBACK, 0, LOOPBACK);
    return new ClusterSpec(any, List.of(java.util.Collections.nCopies(s, any).toArray(new Endpoint[0])),
        List.of(java.util.Collections.nCopies(w, any).toArray(new Endpoint[0])), null,
        NetConfig.DEFAULT_HEARTBEAT_TIMEOUT, null, null);
  }

  private static int count(String v, String what, String text) {
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1 && n <= 256) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--cluster " + text + ": " + what + " must be an integer 1-256, was '" + v + "'");
  }

  /**
   * Reads a YAML cluster spec.
   *
   * @throws IllegalArgumentException naming the file and the bad key
   */
  public static ClusterSpec read(Path file) throws IOException {
    Object root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
    }
    String where = file.toString();
    Map<?, ?> m = map(root, where, "the document");
    known(m, where, "", Set.of("coordinator", "servers", "workers", "secret-file", "heartbeat-timeout-ms", "tls"));
    Endpoint coordinator = endpoint(m.get("coordinator"), where, "coordinator", true);
    List<Endpoint> servers = endpoints(m.get("servers"), where, "servers", true);
    List<Endpoint> workers = endpoints(m.get("workers"), where, "workers", false);
    Path base = file.toAbsolutePath().getParent();
    Path secret = m.get("secret-file") == null ? null : base.resolve(string(m.get("secret-file"), where, "secret-file"));
    Duration timeout = NetConfig.DEFAULT_HEARTBEAT_TIMEOUT;
    if (m.get("heartbeat-timeout-ms") != null) {
      timeout = Duration.ofMillis(integer(m.get("heartbeat-timeout-ms"), where, "heartbeat-timeout-ms", 500, 600_000));
    }
    Path keystore = null;
    String passwordEnv = null;
    if (m.get("tls") != null) {
      Map<?, ?> tls = map(m.get("tls"), where, "tls");
      known(tls, where, "tls.", Set.of("keystore", "password-env"));
      keystore = base.resolve(string(tls.get("keystore"), where, "tls.keystore"));
      passwordEnv = string(tls.get("password-env"), where, "tls.password-env");
    }
    return new ClusterSpec(coordinator, servers, workers, secret, timeout, keystore, passwordEnv);
  }

  /** The cluster secret: the secret file's contents, else {@code PETUUM4J_SECRET}. */
  public ClusterSecret secret() throws IOException {
    String text;
    String from;
    if (secretFile != null) {
      text = Files.readString(secretFile, StandardCharsets.UTF_8);
      from = "secret file " + secretFile;
    } else {
      text = System.getenv(SECRET_ENV);
      from = "environment variable " + SECRET_ENV;
      if (text == null) {
        throw new IllegalArgumentException("no cluster secret: name a secret-file in the cluster spec or set " + SECRET_ENV);
      }
    }
    try {
      return ClusterSecret.of(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(from + ": " + e.getMessage());
    }
  }

  private static Map<?, ?> map(Object o, String file, String key) {
    if (o instanceof Map<?, ?> m) {
      return m;
    }
    throw new IllegalArgumentException(file + ": " + key + " must be a mapping");
  }

  private static void known(Map<?, ?> m, String file, String prefix, Set<String> keys) {
    for (Object k : m.keySet()) {
      if (!keys.contains(String.valueOf(k))) {
        throw new IllegalArgumentException(file + ": unknown key '" + prefix + k + "'; known keys are " + keys);
      }
    }
  }

  private static List<Endpoint> endpoints(Object o, String file, String key, boolean needPort) {
    if (!(o instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(file + ": " + key + " must be a non-empty list of {host: ...} entries");
    }
    List<Endpoint> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(endpoint(list.get(i), file, key + "[" + i + "]", needPort));
    }
    return List.copyOf(out);
  }

  private static Endpoint endpoint(Object o, String file, String key, boolean needPort) {
    Map<?, ?> m = map(o, file, key);
    known(m, file, key + ".", Set.of("host", "port", "bind"));
    String host = string(m.get("host"), file, key + ".host");
    int port = needPort ? integer(m.get("port"), file, key + ".port", 1, 65535) : 0;
    String bind = m.get("bind") == null ? host : string(m.get("bind"), file, key + ".bind");
    return new Endpoint(host, port, bind);
  }

  private static String string(Object o, String file, String key) {
    if (o == null || String.valueOf(o).isBlank()) {
      throw new IllegalArgumentException(file + ": " + key + " is missing");
    }
    return String.valueOf(o);
  }

  private static int integer(Object o, String file, String key, int min, int max) {
    if (!(o instanceof Integer i) || i < min || i > max) {
      throw new IllegalArgumentException(file + ": " + key + " must be an integer " + min + "-" + max + ", was " + o);
    }
    return i;
  }
}

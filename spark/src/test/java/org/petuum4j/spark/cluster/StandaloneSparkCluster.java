package org.petuum4j.spark.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A real Spark standalone cluster on loopback for tests and benchmarks: one master and {@code
 * workers} workers, each its own JVM started from the Spark jars on this JVM's class path, each
 * worker offering {@code coresPerWorker} cores (1 by default, so that every executor of an
 * application is its own JVM on its own worker).
 *
 * <p>How the executors find their classes. A standalone worker builds an executor's command with
 * Spark's launcher ({@code WorkerCommandBuilder}, {@code AbstractCommandBuilder.buildClassPath}),
 * which needs {@code SPARK_HOME} (its {@code jars/} directory must exist and is put on the class
 * path), a Scala version ({@code SPARK_SCALA_VERSION}, else it looks for a Spark build tree) and
 * appends {@code SPARK_DIST_CLASSPATH} -- the hook Spark's "Hadoop free" builds use. The fixture
 * makes a temporary {@code SPARK_HOME} with an empty {@code jars/} and hands every daemon this
 * JVM's class path (the test class path under Surefire) in {@code SPARK_DIST_CLASSPATH}, so the
 * executors run the same Spark, Scala, petuum4j and test classes as the driver, directories
 * included.
 *
 * <p>Every JVM (master, workers and, through {@code spark.executor.extraJavaOptions}, the
 * executors) gets the module options Spark's own launcher passes on Java 17 ({@link
 * JavaModuleOptions}). The driver is the calling JVM; it needs them too (Surefire's argLine).
 *
 * <p>{@link #close()} kills every process the fixture started, executors included (they are
 * children of the workers), and deletes the temporary directory; a shutdown hook does the same if
 * the JVM exits without {@code close()}.
 */
public final class StandaloneSparkCluster implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");
  private static final String REGISTERED = "Successfully registered with master";
  private static final String DAEMON_LOG_CONFIG = "log4j2-daemons.properties";
  /** The main class of an executor JVM of a standalone (coarse-grained) application. */
  public static final String EXECUTOR_MAIN_CLASS =
      "org.apache.spark.executor.CoarseGrainedExecutorBackend";

  private final Path home;
  private final int coresPerWorker;
  private final int executorMemoryMb;
  private final String classPath;
  private final List<Process> started = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private Process master;
  private String masterUrl;
  private final Thread shutdownHook;
  private boolean closed;

  private StandaloneSparkCluster(Path home, int coresPerWorker, int executorMemoryMb) {
    this.home = home;
    this.coresPerWorker = coresPerWorker;
    this.executorMemoryMb = executorMemoryMb;
    this.classPath = testClassPath();
    this.shutdownHook = new Thread(this::killAll, "standalone-spark-cluster-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Two workers of 1 core each, executors of 1 GiB. */
  public static StandaloneSparkCluster start() {
    return start(2, 1, 1024);
  }

  /**
   * Starts a master and {@code workers} workers and returns once every worker has registered with
   * the master.
   *
   * @param executorMemoryMb the memory of each executor ({@code spark.executor.memory} in {@link
   *     #driverConf()}); each worker offers it plus headroom
   */
  public static StandaloneSparkCluster start(int workers, int coresPerWorker, int executorMemoryMb) {
    if (workers < 1 || coresPerWorker < 1 || executorMemoryMb < 64) {
      throw new IllegalArgumentException("workers and cores must be >= 1, executor memory >= 64 MiB");
    }
    Path home;
    try {
      home = Files.createTempDirectory("petuum4j-spark-home");
      Files.createDirectories(home.resolve("jars"));
      Files.createDirectories(home.resolve("conf"));
      Files.createDirectories(home.resolve("logs"));
      // The daemons log at INFO whatever logging configuration the class path holds: start() waits
      // for their INFO messages.
      Files.writeString(home.resolve("conf").resolve(DAEMON_LOG_CONFIG), String.join("\n",
          "rootLogger.level = info",
          "rootLogger.appenderRef.stderr.ref = console",
          "appender.console.type = Console",
          "appender.console.name = console",
          "appender.console.target = SYSTEM_ERR",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex",
          ""), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StandaloneSparkCluster cluster = new StandaloneSparkCluster(home, coresPerWorker, executorMemoryMb);
    try {
      cluster.startMaster();
      for (int i = 0; i < workers; i++) {
        cluster.startWorker(i);
      }
      for (int i = 0; i < workers; i++) {
        cluster.awaitLog(cluster.workers.get(i), cluster.workerLog(i), Pattern.compile(Pattern.quote(REGISTERED)));
      }
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The master's URL, {@code spark://127.0.0.1:port}. */
  public String masterUrl() {
    return masterUrl;
  }

  /** The temporary SPARK_HOME; logs are under {@code logs/}, executors' work dirs under {@code work/}. */
  public Path home() {
    return home;
  }

  /** The number of cores the cluster offers in total. */
  public int totalCores() {
    return workers.size() * coresPerWorker;
  }

  /**
   * The Spark properties a driver needs for this cluster: the master, loopback addresses, the
   * executors' size (1 executor per worker) and module options; no web UI. Put them on a {@code
   * SparkSession.Builder} or {@code SparkConf}, adding the application's own.
   */
  public Map<String, String> driverConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.master", masterUrl);
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.executor.cores", Integer.toString(coresPerWorker));
    conf.put("spark.cores.max", Integer.toString(totalCores()));
    conf.put("spark.executor.memory", executorMemoryMb + "m");
    conf.put("spark.executor.extraJavaOptions", JavaModuleOptions.defaultModuleOptions());
    conf.put("spark.local.dir", home.resolve("driver-local").toString());
    conf.put("spark.sql.shuffle.partitions", Integer.toString(Math.max(2, totalCores())));
    // Start jobs only once every executor has registered (a barrier stage needs all slots, and
    // Spark re-checks for them only every 15 s by default), and re-check every second when an
    // executor was lost and is being replaced.
    conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
    conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
    conf.put("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "1s");
    conf.put("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "120");
    return conf;
  }

  /** The worker JVMs, in start order. */
  public List<ProcessHandle> workerProcesses() {
    return workers.stream().map(Process::toHandle).collect(Collectors.toList());
  }

  /** The master JVM. */
  public ProcessHandle masterProcess() {
    return master.toHandle();
  }

  /** The live executor JVMs of the given worker (its descendants running the executor main class). */
  public List<ProcessHandle> executorProcesses(int worker) {
    return workers.get(worker).toHandle().descendants()
        .filter(ProcessHandle::isAlive)
        .filter(StandaloneSparkCluster::isExecutor)
        .collect(Collectors.toList());
  }

  /** The live executor JVMs of all workers. */
  public List<ProcessHandle> executorProcesses() {
    List<ProcessHandle> all = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      all.addAll(executorProcesses(i));
    }
    return all;
  }

  /**
   * The live JVM of the application's executor {@code executorId} (as Spark's listener events and
   * task infos name it): the executor process whose command line has {@code --executor-id <id>}.
   */
  public Optional<ProcessHandle> executorProcess(String executorId) {
    String flag = " --executor-id " + executorId + " ";
    return executorProcesses().stream().filter(p -> (commandLine(p) + " ").contains(flag)).findFirst();
  }

  private static boolean isExecutor(ProcessHandle p) {
    return commandLine(p).contains(EXECUTOR_MAIN_CLASS);
  }

  /**
   * A process's whole command line. On Linux from {@code /proc/pid/cmdline}: {@code
   * ProcessHandle.Info} truncates long command lines there, and a Spark JVM's class path is long.
   */
  static String commandLine(ProcessHandle p) {
    Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
    if (Files.isReadable(proc)) {
      try {
        return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
      } catch (IOException e) {
        return ""; // the process is gone
      }
    }
    return p.info().commandLine().orElse("");
  }

  /** The text of every daemon and executor log, for failure messages. */
  public String logs() {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path p : files.filter(f -> Files.isRegularFile(f)
              && (f.toString().endsWith(".log") || f.getFileName().toString().matches("std(out|err)")))
          .sorted().collect(Collectors.toList())) {
        b.append("==== ").append(home.relativize(p)).append('\n').append(tail(p, 60)).append('\n');
      }
    } catch (IOException | UncheckedIOException e) {
      b.append("(logs unreadable: ").append(e).append(")\n");
    }
    return b.toString();
  }

  private void startMaster() {
    Path log = home.resolve("logs").resolve("master.log");
    master = launch("org.apache.spark.deploy.master.Master", log, List.of(
        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0"));
    Matcher m = awaitLog(master, log, MASTER_URL);
    masterUrl = m.group(1);
  }

  private Path workerLog(int i) {
    return home.resolve("logs").resolve("worker-" + i + ".log");
  }

  private void startWorker(int i) {
    Path workDir = home.resolve("work").resolve("worker-" + i);
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Headroom over the executor's heap: Spark adds no overhead in standalone mode, but a worker
    // refuses an executor that asks for more than it offers.
    int workerMemoryMb = executorMemoryMb + 256;
    Process worker = launch("org.apache.spark.deploy.worker.Worker", workerLog(i), List.of(
        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0",
        "--cores", Integer.toString(coresPerWorker), "--memory", workerMemoryMb + "m",
        "--work-dir", workDir.toString(), masterUrl));
    workers.add(worker);
  }

  private Process launch(String mainClass, Path log, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    // The daemons only start executors and pass messages: start fast, stay small.
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
    cmd.add("-Dlog4j2.configurationFile=" + home.resolve("conf").resolve(DAEMON_LOG_CONFIG));
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    cmd.add("-Dspark.master.rest.enabled=false");
    cmd.add("-Dspark.worker.cleanup.enabled=false");
    cmd.add("-cp");
    cmd.add(home.resolve("conf") + File.pathSeparator + classPath);
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("PYSPARK"));
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_DIST_CLASSPATH", classPath);
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_DIRS", home.resolve("local").toString());
    env.put("SPARK_LOG_DIR", home.resolve("logs").toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.directory(home.toFile());
    try {
      Process p = pb.start();
      synchronized (started) {
        started.add(p);
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass, e);
    }
  }

  private Matcher awaitLog(Process process, Path log, Pattern pattern) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String text = read(log);
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return m;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(log.getFileName() + ": process exited with "
            + process.exitValue() + " before logging '" + pattern + "':\n" + tail(log, 80));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException(log.getFileName() + ": no '" + pattern + "' within "
        + START_TIMEOUT.toSeconds() + " s:\n" + tail(log, 80));
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(Path log, int lines) {
    String[] all = read(log).split("\n");
    return String.join("\n", Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
  }

  /**
   * The class path the daemons and executors get: Surefire's test class path when run by Surefire
   * (its own {@code java.class.path} may be a manifest-only jar), else this JVM's.
   */
  static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return Arrays.stream(cp.split(Pattern.quote(File.pathSeparator)))
        .filter(e -> !e.isBlank() && new File(e).exists())
        .map(e -> new File(e).getAbsolutePath())
        .distinct()
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Kills workers (their executors first), then the master, and deletes the temporary home. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down; the hook is running or ran
    }
    deleteRecursively(home);
  }

  private void killAll() {
    List<Process> mine;
    synchronized (started) {
      mine = new ArrayList<>(started);
    }
    // Executors are the workers' children: collect them, kill the master and workers first (so
    // that no worker launches a replacement), then the collected children, then sweep for any
    // process whose command line names this cluster's home (every executor's class path does), in
    // case one was launched after the collection and re-parented when its worker died.
    List<ProcessHandle> children = new ArrayList<>();
    for (Process p : mine) {
      p.toHandle().descendants().forEach(children::add);
    }
    List<ProcessHandle> all = new ArrayList<>();
    for (Process p : mine) {
      all.add(p.toHandle());
    }
    all.addAll(children);
    for (ProcessHandle h : all) {
      h.destroyForcibly();
    }
    String marker = home.toString();
    long self = ProcessHandle.current().pid();
    ProcessHandle.allProcesses()
        .filter(h -> h.pid() != self)
        .filter(h -> commandLine(h).contains(marker))
        .forEach(h -> {
          h.destroyForcibly();
          all.add(h);
        });
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported below if still alive
      }
    }
    List<ProcessHandle> alive = all.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    if (!alive.isEmpty()) {
      System.err.println("StandaloneSparkCluster: still alive after SIGKILL: " + alive);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort: a temporary directory
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }
}

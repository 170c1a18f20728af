package org.petuum4j.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.gen.LogRegDataGenerator;
import org.petuum4j.ml.logreg.Evaluation;
import org.petuum4j.ml.logreg.LogRegConfig;
import org.petuum4j.ml.logreg.LogRegModel;
import org.petuum4j.ml.logreg.LogRegTrainer;
import org.petuum4j.ps.Consistency;
import org.petuum4j.spark.PetuumLogisticRegression;
import org.petuum4j.spark.PetuumLogisticRegressionModel;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * {@link PetuumLogisticRegression} on a real standalone cluster of two workers, each executor its
 * own JVM (issue 8, item 4 and the executor-kill "must show"): the fit runs across both executors
 * and matches the stand-alone app; and with checkpoints, killing an executor JVM with SIGKILL in
 * the middle of a fit makes Spark retry the barrier stage, which resumes from the newest
 * checkpoint and ends with the quality of a fit without the fault. First, the fixture itself: a
 * plain barrier stage's two tasks run in the two executor JVMs; last, {@link
 * StandaloneSparkCluster#close()} leaves no process. One cluster for all (starting it and its
 * executors is most of the time); the fault comes last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
  private static final int EPOCHS = 10;
  private static final double L2 = 1e-4;

  private Path dir;
  private StandaloneSparkCluster cluster;
  private SparkSession spark;
  private final StageRecorder stages = new StageRecorder();
  private Dataset<Row> train;
  private SparseDataset testSet;
  private SparseDataset trainSet;
  private int dimension;
  /** The held-out evaluation of the fault-free fit on the cluster, for the executor-kill test. */
  private Evaluation faultFree;

  @BeforeAll
  void startClusterAndData(@TempDir Path tmp) throws IOException {
    dir = tmp;
    Path trainFile = dir.resolve("train.libsvm");
    Path testFile = dir.resolve("test.libsvm");
    LogRegDataGenerator.builder().trainRows(20_000).testRows(4_000).features(2_000).nonZerosPerRow(20)
        .seed(7).build().write(trainFile, testFile);
    trainSet = LibSvmReader.oneBased().read(trainFile);
    testSet = LibSvmReader.oneBased().read(testFile);
    dimension = Math.max(trainSet.dimension(), testSet.dimension());
    long t0 = System.nanoTime();
    cluster = StandaloneSparkCluster.start();
    long t1 = System.nanoTime();
    SparkSession.Builder b = SparkSession.builder().appName("petuum4j-standalone-fit-test");
    cluster.driverConf().forEach(b::config);
    // After the executor kill, the replacement executor comes from the same worker; let the
    // barrier stage be retried and never exclude the worker.
    b.config("spark.stage.maxConsecutiveAttempts", "8");
    b.config("spark.excludeOnFailure.enabled", "false");
    spark = b.getOrCreate();
    // One SparkContext per JVM: a session some other test left running would be reused instead.
    assertThat(spark.sparkContext().master()).as("a session left over in this JVM").isEqualTo(cluster.masterUrl());
    spark.sparkContext().addSparkListener(stages);
    System.err.printf("standalone cluster up in %.1f s, session with both executors in %.1f s%n", (t1 - t0) / 1e9,
        (System.nanoTime() - t1) / 1e9);
    // Executors read the file themselves: one machine, the same path.
    train = spark.read().format("libsvm").option("numFeatures", Integer.toString(dimension))
        .load(trainFile.toString());
  }

  @AfterAll
  void stopAndCheckNothingIsLeft() {
    List<ProcessHandle> started = new ArrayList<>();
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      if (cluster != null) {
        started.add(cluster.masterProcess());
        started.addAll(cluster.workerProcesses());
        started.addAll(cluster.executorProcesses());
        cluster.close();
      }
    }
    assertThat(started).as("processes left after the cluster's close").noneMatch(ProcessHandle::isAlive);
  }

  private PetuumLogisticRegression estimator() {
    return new PetuumLogisticRegression().setNumWorkers(2).setNumShards(2).setStaleness(2).setMaxIter(EPOCHS)
        .setUpdate("batch").setBatchSize(100).setRegParam(L2).setSeed(1);
  }

  private Evaluation evaluate(PetuumLogisticRegressionModel model) {
    double[] c = model.coefficients().toArray();
    float[] w = new float[dimension];
    for (int j = 0; j < Math.min(c.length, dimension); j++) {
      w[j] = (float) c[j];
    }
    return new LogRegModel(w).evaluate(testSet);
  }

  @Test
  @Order(1)
  @Timeout(120)
  void barrierTasksRunInTheTwoExecutorJvms() {
    JavaRDD<Integer> data = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(Arrays.asList(1, 2, 3, 4), 2);
    ClassTag<Long> tag = ClassTag$.MODULE$.apply(Long.class);
    List<Long> pids = JavaRDD.fromRDD(data.rdd().barrier().mapPartitions(new PidOfTask(), false, tag), tag).collect();
    assertThat(pids).hasSize(2).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());
    assertThat(cluster.executorProcesses().stream().map(ProcessHandle::pid).collect(Collectors.toList()))
        .as("the tasks ran in the workers' executor JVMs, one per worker")
        .containsExactlyInAnyOrderElementsOf(pids);
    for (int w = 0; w < 2; w++) {
      assertThat(cluster.executorProcesses(w)).hasSize(1);
    }
  }

  /** A barrier task: meets the other task, returns its JVM's pid. */
  private static final class PidOfTask
      extends AbstractFunction1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Long>>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public scala.collection.Iterator<Long> apply(scala.collection.Iterator<Integer> rows) {
      BarrierTaskContext.get().barrier();
      return CollectionConverters.asScala(List.of(ProcessHandle.current().pid()).iterator());
    }
  }

  @Test
  @Order(2)
  @Timeout(240)
  void fitRunsAcrossBothExecutorsWithTheQualityOfTheStandaloneApp() {
    stages.clear();
    PetuumLogisticRegressionModel model = estimator().fit(train);
    faultFree = evaluate(model);

    LogRegConfig config = LogRegConfig.builder().workers(2).shards(2).consistency(Consistency.parseStaleness("2"))
        .update(LogRegConfig.Update.BATCH).epochs(EPOCHS).batchSize(100).l2(L2).seed(1).build();
    Evaluation standalone = new LogRegTrainer(config).train(trainSet, testSet).evaluate(testSet);
    assertThat(faultFree.error()).as("test error on the cluster vs the stand-alone app (%s)", standalone)
        .isCloseTo(standalone.error(), within(0.02));
    assertThat(faultFree.logLoss()).isCloseTo(standalone.logLoss(), within(0.03 * standalone.logLoss()));

    // The barrier stage's two tasks ran, and succeeded, in two different executors, which are two
    // JVMs (one per worker), neither of them this one.
    Map<Integer, String> executorOfTask = stages.awaitSuccessfulBarrierTasks(2);
    assertThat(executorOfTask).as("barrier tasks by partition -> executor id").containsOnlyKeys(0, 1);
    assertThat(Set.copyOf(executorOfTask.values())).hasSize(2);
    List<Long> pids = executorOfTask.values().stream()
        .map(id -> cluster.executorProcess(id).orElseThrow(() -> new AssertionError("no JVM for executor " + id)))
        .map(ProcessHandle::pid).collect(Collectors.toList());
    assertThat(pids).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());
  }

  @Test
  @Order(3)
  @Timeout(300)
  void killingAnExecutorJvmRetriesTheStageWhichResumesFromTheLastCheckpoint() throws Exception {
    Path checkpoints = dir.resolve("checkpoints");
    stages.clear();
    PetuumLogisticRegression estimator = estimator().setCheckpointDir(checkpoints.toString()).setCheckpointEvery(5);
    CompletableFuture<PetuumLogisticRegressionModel> fit = CompletableFuture.supplyAsync(() -> estimator.fit(train));

    // Wait for a committed checkpoint (a ckpt-<clock> directory with its manifest: written last).
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    Path committed = null;
    while (committed == null && !fit.isDone() && System.nanoTime() < deadline) {
      committed = newestCheckpoint(checkpoints);
      if (committed == null) {
        Thread.sleep(20);
      }
    }
    assertThat(fit).as("the fit ended before the first checkpoint; make it longer").isNotDone();
    assertThat(committed).as("no checkpoint within 120 s").isNotNull();

    // Kill the executor of task 0, which hosts the coordinator, a server shard and a worker.
    String victimId = stages.runningBarrierTask(0).orElseThrow(() -> new AssertionError("task 0 is not running"));
    ProcessHandle victim = cluster.executorProcess(victimId)
        .orElseThrow(() -> new AssertionError("no JVM for executor " + victimId));
    assertThat(victim.destroyForcibly()).isTrue(); // SIGKILL
    victim.onExit().get(30, TimeUnit.SECONDS);
    assertThat(fit).as("the fit ended before the kill; make it longer").isNotDone();

    PetuumLogisticRegressionModel model = fit.get(240, TimeUnit.SECONDS);
    System.err.printf("killed executor %s (pid %d) after checkpoint %s; barrier stage attempts %s; notes %s%n",
        victimId, victim.pid(), committed.getFileName(), stages.barrierAttempts(), model.summary().notes());

    assertThat(stages.barrierAttempts()).as("barrier stage attempts").anyMatch(a -> a > 0);
    assertThat(model.summary().resumed()).as("notes: %s", model.summary().notes()).isTrue();
    int clock = model.summary().notes().stream().map(RESUMED::matcher).filter(Matcher::find)
        .mapToInt(m -> Integer.parseInt(m.group(1))).findFirst().orElseThrow();
    assertThat(clock).as("resumed from clock").isPositive();
    Evaluation resumed = evaluate(model);
    assertThat(faultFree).as("the fault-free fit (test 1) ran first").isNotNull();
    assertThat(resumed.logLoss()).as("held-out log-loss after the kill vs without it (%s)", faultFree)
        .isCloseTo(faultFree.logLoss(), within(0.01 * faultFree.logLoss()));
    assertThat(resumed.error()).isCloseTo(faultFree.error(), within(0.01));
  }

  private static final Pattern RESUMED = Pattern.compile("resuming from checkpoint .* at clock (\\d+)");

  /** The newest committed checkpoint directory under {@code root}, or null. */
  private static Path newestCheckpoint(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().equals("manifest"))
          .map(Path::getParent)
          .filter(p -> p.getFileName().toString().startsWith("ckpt-"))
          .max(Path::compareTo).orElse(null);
    } catch (java.io.UncheckedIOException e) {
      return null; // a staging directory renamed while walking; try again
    }
  }

  /** What the scheduler did with barrier stages: attempts, and which executor ran which task. */
  static final class StageRecorder extends SparkListener {
    private final Set<Integer> barrierStages = ConcurrentHashMap.newKeySet();
    private final List<Integer> barrierAttempts = new CopyOnWriteArrayList<>();
    private final Map<Integer, String> running = new ConcurrentHashMap<>();
    private final Map<Integer, String> succeeded = new ConcurrentHashMap<>();

    void clear() {
      barrierAttempts.clear();
      running.clear();
      succeeded.clear();
    }

    private static boolean isBarrier(StageInfo info) {
      return CollectionConverters.asJava(info.rddInfos()).stream().anyMatch(r -> r.isBarrier());
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
      StageInfo info = event.stageInfo();
      if (isBarrier(info)) {
        barrierStages.add(info.stageId());
        barrierAttempts.add(info.attemptNumber());
      }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
      // nothing: attempts are recorded on submission
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
      if (barrierStages.contains(event.stageId())) {
        running.put(event.taskInfo().index(), event.taskInfo().executorId());
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
      if (barrierStages.contains(event.stageId())) {
        running.remove(event.taskInfo().index(), event.taskInfo().executorId());
        if (event.taskInfo().successful()) {
          succeeded.put(event.taskInfo().index(), event.taskInfo().executorId());
        }
      }
    }

    List<Integer> barrierAttempts() {
      return List.copyOf(barrierAttempts);
    }

    /** The successful barrier tasks once there are {@code n} (listener events arrive asynchronously). */
    Map<Integer, String> awaitSuccessfulBarrierTasks(int n) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (succeeded.size() < n && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return Map.copyOf(succeeded);
    }

    java.util.Optional<String> runningBarrierTask(int index) {
      return java.util.Optional.ofNullable(running.get(index));
    }
  }
}

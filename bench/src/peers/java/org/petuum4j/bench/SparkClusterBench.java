package org.petuum4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.Ratings;
import org.petuum4j.ml.data.RatingsReader;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.gen.LogRegDataGenerator;
import org.petuum4j.ml.gen.MfDataGenerator;
import org.petuum4j.ml.logreg.Evaluation;
import org.petuum4j.ml.logreg.LogRegConfig;
import org.petuum4j.ml.logreg.LogRegModel;
import org.petuum4j.ml.mf.MfConfig;
import org.petuum4j.ml.mf.MfModel;
import org.petuum4j.spark.PetuumLogisticRegression;
import org.petuum4j.spark.PetuumLogisticRegressionModel;
import org.petuum4j.spark.PetuumMatrixFactorization;
import org.petuum4j.spark.PetuumMatrixFactorizationModel;
import org.petuum4j.spark.cluster.StandaloneSparkCluster;
import scala.jdk.javaapi.CollectionConverters;

/**
 * petuum4j's Spark estimators against Spark MLlib's on a real Spark standalone cluster: a master
 * and two workers of one core each on loopback ({@link StandaloneSparkCluster}, the fixture of the
 * spark module's tests), so each system trains in the same two executor JVMs, from the same cached
 * DataFrame, driven from this JVM.
 *
 * <p>Logistic regression: {@link PetuumLogisticRegression} (2 barrier tasks, 2 shards) against
 * MLlib's {@code LogisticRegression} (L-BFGS), L2 {@code --l2} for both (MLlib's {@code regParam}
 * with {@code elasticNetParam 0}), no intercept, MLlib's standardization off. Both models are
 * scored on the held-out rows by the same code ({@link LogRegModel#evaluate}) in the driver.
 *
 * <p>Procedure, as {@code LogRegVsSparkBench}'s: (1) search: petuum4j fits with 1, 2, 4, ... up to
 * {@code --max-epochs} passes, MLlib with {@code maxIter = --spark-max-iter}, {@code tol 0}; the
 * target is the worse of the two best held-out log-losses times {@code 1 + --slack}; each
 * system's fewest passes or iterations reaching it come from doubling and bisection. (2) timing:
 * {@code --repeats} rounds, the systems alternating, each timing one whole {@code fit} call on the
 * cached DataFrame (petuum4j's includes its label check, its repartition to the barrier tasks and
 * the start of its parameter server inside the executors). Medians and their ratio are reported,
 * and with {@code --docs DIR} written as a row of {@code DIR/benchmarks.md}.
 *
 * <p>Run through {@code bench/run-spark-cluster.sh}.
 */
public final class SparkClusterBench {
  private SparkClusterBench() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = LassoSchedulerBench.options(args);
    int executorMb = Integer.parseInt(opt.getOrDefault("executor-memory-mb", "2048"));
    Path docs = opt.containsKey("docs") ? Path.of(opt.get("docs")) : null;
    long t0 = System.nanoTime();
    try (StandaloneSparkCluster cluster = StandaloneSparkCluster.start(2, 1, executorMb)) {
      SparkSession.Builder b = SparkSession.builder().appName("petuum4j-vs-mllib-standalone");
      cluster.driverConf().forEach(b::config);
      SparkSession spark = b.getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
      spark.sparkContext().addSparkListener(STAGES);
      System.out.printf(Locale.ROOT, "standalone cluster %s: 2 workers x 1 core, executors of %d MiB; up with "
          + "both executors in %.1f s%n", cluster.masterUrl(), executorMb, (System.nanoTime() - t0) / 1e9);
      String workloads = opt.getOrDefault("workloads", "logreg,mf");
      try {
        for (String w : workloads.split(",")) {
          switch (w.strip()) {
            case "logreg" -> logisticRegression(spark, opt, docs, String.join(" ", args));
            case "mf" -> matrixFactorization(spark, opt, docs, String.join(" ", args));
            default -> throw new IllegalArgumentException("--workloads: logreg and/or mf, was '" + w + "'");
          }
        }
      } finally {
        spark.stop();
      }
    }
  }

  /**
   * Where a fit's wall time went: the Spark stages that completed during it, by name, with their
   * durations (submission to completion) and whether they were barrier stages. Diagnostics only.
   */
  static final class StageTimes extends SparkListener {
    private final List<String> done = new CopyOnWriteArrayList<>();

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
      StageInfo i = event.stageInfo();
      if (i.submissionTime().isDefined() && i.completionTime().isDefined()) {
        boolean barrier = CollectionConverters.asJava(i.rddInfos()).stream().anyMatch(r -> r.isBarrier());
        done.add(String.format(Locale.ROOT, "%s%s %.2f s", barrier ? "[barrier] " : "", i.name().replaceAll(" at .*", ""),
            ((Long) i.completionTime().get() - (Long) i.submissionTime().get()) / 1e3));
      }
    }

    /** The stages completed since the last call (after the listener bus caught up). */
    String drain() {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String out = String.join("; ", done);
      done.clear();
      return out;
    }
  }

  static final StageTimes STAGES = new StageTimes();

  /** One timed fit: wall seconds of the {@code fit} call and the held-out objective (lower is better). */
  record Run(double seconds, double objective) {}

  /** What {@link #timeToTarget} measured. */
  record Comparison(double target, double bestPetuum, double bestPeer, int petuumPasses, int peerPasses,
      double petuumSeconds, double peerSeconds, double petuumObjective, double peerObjective, int petuumReached,
      int peerReached, int repeats, boolean peerStillImproving) {
    double ratio() {
      return peerSeconds / petuumSeconds;
    }
  }

  /**
   * The procedure of both workloads. Search: petuum4j with 1, 2, 4, ... up to {@code petuumMax}
   * passes, the peer with {@code peerMax}; the target is the worse best times {@code 1 + slack};
   * each system's fewest passes reaching it by doubling (the peer from {@code peerStart}) and
   * bisection. Timing: {@code repeats} rounds, alternating which system goes first; medians.
   */
  static Comparison timeToTarget(IntFunction<Run> petuum, int petuumMax, IntFunction<Run> peer, int peerStart,
      int peerMax, double slack, int repeats) {
    System.out.println("search:");
    TreeMap<Integer, Double> petuumObj = new TreeMap<>();
    for (int e = 1; ; e = Math.min(2 * e, petuumMax)) {
      petuumObj.put(e, petuum.apply(e).objective());
      if (e >= petuumMax) {
        break;
      }
    }
    double bestPetuum = petuumObj.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double bestPeer = peer.apply(peerMax).objective();
    double target = Math.max(bestPetuum, bestPeer) * (1 + slack);
    int petuumPasses = fewest(petuumObj, target, petuum);
    TreeMap<Integer, Double> peerObj = new TreeMap<>();
    peerObj.put(peerMax, bestPeer);
    for (int it = peerStart; it < peerMax; it *= 2) {
      double o = peer.apply(it).objective();
      peerObj.put(it, o);
      if (o <= target) {
        break;
      }
    }
    int peerPasses = fewest(peerObj, target, peer);
    System.out.printf(Locale.ROOT, "target %.6f (worse best x %.4f; best petuum4j %.6f, peer %.6f); petuum4j needs %d "
        + "passes, the peer %d%n", target, 1 + slack, bestPetuum, bestPeer, petuumPasses, peerPasses);
    System.out.println("timing:");
    double[] pt = new double[repeats];
    double[] st = new double[repeats];
    double[] po = new double[repeats];
    double[] so = new double[repeats];
    int pOk = 0;
    int sOk = 0;
    for (int r = 0; r < repeats; r++) {
      for (int k = 0; k < 2; k++) {
        if ((k + r) % 2 == 0) {
          Run p = petuum.apply(petuumPasses);
          pt[r] = p.seconds();
          po[r] = p.objective();
          pOk += po[r] <= target ? 1 : 0;
        } else {
          Run s = peer.apply(peerPasses);
          st[r] = s.seconds();
          so[r] = s.objective();
          sOk += so[r] <= target ? 1 : 0;
        }
      }
    }
    return new Comparison(target, bestPetuum, bestPeer, petuumPasses, peerPasses, SspStragglerBench.median(pt),
        SspStragglerBench.median(st), SspStragglerBench.median(po), SspStragglerBench.median(so), pOk, sOk, repeats,
        peerPasses * 10 >= peerMax * 9);
  }

  /**
   * The fewest passes reaching {@code target}: the smallest measured one that does, refined by
   * bisection against the largest measured one below it (which does not).
   */
  private static int fewest(TreeMap<Integer, Double> objective, double target, IntFunction<Run> fit) {
    Integer reached = null;
    for (Map.Entry<Integer, Double> e : objective.entrySet()) {
      if (e.getValue() <= target) {
        reached = e.getKey();
        break;
      }
    }
    if (reached == null) {
      throw new IllegalStateException("no measured run reached the target " + target + ": " + objective);
    }
    Integer below = objective.lowerKey(reached);
    int failed = below == null ? 0 : below;
    int ok = reached;
    while (ok - failed > 1) {
      int mid = (failed + ok) / 2;
      if (fit.apply(mid).objective() <= target) {
        ok = mid;
      } else {
        failed = mid;
      }
    }
    return ok;
  }

  static void logisticRegression(SparkSession spark, Map<String, String> opt, Path docs, String command)
      throws IOException {
    long rows = Long.parseLong(opt.getOrDefault("rows", "100000"));
    int features = Integer.parseInt(opt.getOrDefault("features", "10000"));
    int nnz = Integer.parseInt(opt.getOrDefault("nnz", "50"));
    int maxEpochs = Integer.parseInt(opt.getOrDefault("max-epochs", "8"));
    int sparkMaxIter = Integer.parseInt(opt.getOrDefault("spark-max-iter", "100"));
    int repeats = Integer.parseInt(opt.getOrDefault("repeats", "3"));
    double slack = Double.parseDouble(opt.getOrDefault("slack", "0.002"));
    double l2 = Double.parseDouble(opt.getOrDefault("l2", Double.toString(LogRegConfig.DEFAULT_L2)));
    LogRegConfig.Update update = org.petuum4j.ml.logreg.LogRegJob.update(opt.getOrDefault("update", "example"));
    double eta0 = Double.parseDouble(opt.getOrDefault("learning-rate", Double.toString(
        update == LogRegConfig.Update.EXAMPLE ? LogRegConfig.DEFAULT_EXAMPLE_LEARNING_RATE : LogRegConfig.DEFAULT_LEARNING_RATE)));
    double decay = Double.parseDouble(opt.getOrDefault("decay", Double.toString(LogRegConfig.DEFAULT_DECAY)));
    int batch = Integer.parseInt(opt.getOrDefault("batch-size", Integer.toString(LogRegConfig.DEFAULT_BATCH_SIZE)));
    int staleness = Integer.parseInt(opt.getOrDefault("staleness", "2"));
    int batchesPerClock = Integer.parseInt(opt.getOrDefault("batches-per-clock", "1"));
    int clocks = Integer.parseInt(opt.getOrDefault("clocks-per-epoch", "0"));
    String updates = update == LogRegConfig.Update.EXAMPLE
        ? "per-example updates, " + (clocks == 0 ? "automatic clocks per epoch" : clocks + " clocks per epoch")
        : String.format(Locale.ROOT, "batch %d per worker, %d mini-batch(es) per clock", batch, batchesPerClock);

    Path dir = Path.of(opt.getOrDefault("data", String.format(Locale.ROOT, "data/bench/logreg-%dx%dx%d", rows, features, nnz)));
    Path train = dir.resolve("train.libsvm");
    Path test = dir.resolve("test.libsvm");
    if (!Files.exists(train) || !Files.exists(test)) {
      LogRegDataGenerator.builder().trainRows(rows).testRows(rows / 10).features(features).nonZerosPerRow(nnz)
          .seed(42).build().write(train, test);
    }
    String dataName = String.format(Locale.ROOT, "generated, %,d x %,d, %d non-zeros per row", rows, features, nnz);
    SparseDataset testSet = LibSvmReader.oneBased().read(test);
    int dimension = Math.max(features, testSet.dimension());
    // Spark's own LibSVM reader, one partition per executor, cached in the executors: the same
    // DataFrame for both systems.
    Dataset<Row> df = spark.read().format("libsvm").option("numFeatures", Integer.toString(dimension))
        .load(train.toAbsolutePath().toString()).repartition(2).persist(StorageLevel.MEMORY_ONLY());
    long trainRows = df.count();
    String settings = String.format(Locale.ROOT, "standalone cluster on loopback, 2 workers x 1 core, one executor "
            + "JVM each; L2 %s both, no intercept; petuum4j: 2 barrier tasks, 2 shards, staleness %d, %s, "
            + "eta0 %s, decay %s; MLlib: regParam %s, elasticNetParam 0, standardization off, tol 0",
        l2, staleness, updates, eta0, decay, l2);
    System.out.printf(Locale.ROOT, "logistic regression; data: %s: %,d training rows (cached DataFrame, 2 "
        + "partitions), %,d test rows%n", dataName, trainRows, testSet.rows());
    System.out.println("settings: " + settings);

    IntFunction<Run> petuum = epochs -> {
      PetuumLogisticRegression est = new PetuumLogisticRegression().setNumWorkers(2).setNumShards(2)
          .setStaleness(staleness).setMaxIter(epochs).setUpdate(update.name()).setClocksPerEpoch(clocks)
          .setBatchSize(batch).setBatchesPerClock(batchesPerClock).setLearningRate(eta0).setDecay(decay)
          .setRegParam(l2).setSeed(1);
      STAGES.drain(); // outside the timed region
      long s = System.nanoTime();
      PetuumLogisticRegressionModel m = est.fit(df);
      double sec = (System.nanoTime() - s) / 1e9;
      Evaluation e = evaluate(m.coefficients().toArray(), dimension, testSet);
      System.out.printf(Locale.ROOT, "  petuum4j %3d epochs  %7.2f s  held-out log-loss %.6f  error %.4f   (training "
          + "%.2f s as the workers measured it; stages: %s)%n", epochs, sec, e.logLoss(), e.error(),
          lastOf(m.summary().seconds()), STAGES.drain());
      printTimings(m.summary().notes());
      return new Run(sec, e.logLoss());
    };
    IntFunction<Run> mllib = iters -> {
      LogisticRegression lr = new LogisticRegression().setRegParam(l2).setElasticNetParam(0.0)
          .setStandardization(false).setFitIntercept(false).setTol(0).setMaxIter(iters);
      long s = System.nanoTime();
      LogisticRegressionModel m = lr.fit(df);
      double sec = (System.nanoTime() - s) / 1e9;
      Evaluation e = evaluate(m.coefficients().toArray(), dimension, testSet);
      System.out.printf(Locale.ROOT, "  MLlib    %3d iters   %7.2f s  held-out log-loss %.6f  error %.4f%n", iters,
          sec, e.logLoss(), e.error());
      return new Run(sec, e.logLoss());
    };
    Comparison c = timeToTarget(petuum, maxEpochs, mllib, 5, sparkMaxIter, slack, repeats);
    df.unpersist();
    // The default size keeps the row's old name; other sizes get rows of their own.
    String workload = "logistic regression vs Spark MLlib on a standalone Spark cluster (2 executors)"
        + (rows == 100_000 && features == 10_000 && nnz == 50 ? "" : ", " + dataName);
    report(c, "held-out log-loss", workload,
        String.format(Locale.ROOT, "%s: %,d train / %,d test rows, dimension %,d", dataName, trainRows,
            testSet.rows(), dimension),
        "PetuumLogisticRegression", "epochs", "MLlib LogisticRegression", "maxIter", settings, docs, command);
  }

  static void matrixFactorization(SparkSession spark, Map<String, String> opt, Path docs, String command)
      throws IOException {
    int users = Integer.parseInt(opt.getOrDefault("users", "10000"));
    int items = Integer.parseInt(opt.getOrDefault("items", "5000"));
    long count = Long.parseLong(opt.getOrDefault("ratings", "1000000"));
    int planted = Integer.parseInt(opt.getOrDefault("planted-rank", "5"));
    double noise = Double.parseDouble(opt.getOrDefault("noise", "0.5"));
    int rank = Integer.parseInt(opt.getOrDefault("rank", "10"));
    double l2 = Double.parseDouble(opt.getOrDefault("mf-l2", "0.1"));
    double sgdL2 = Double.parseDouble(opt.getOrDefault("sgd-l2", Double.toString(l2)));
    double eta0 = Double.parseDouble(opt.getOrDefault("mf-learning-rate", Double.toString(MfConfig.DEFAULT_LEARNING_RATE)));
    double decay = Double.parseDouble(opt.getOrDefault("mf-decay", Double.toString(MfConfig.DEFAULT_DECAY)));
    String algorithm = opt.getOrDefault("algorithm", "sgd");
    int maxEpochs = Integer.parseInt(opt.getOrDefault("mf-max-epochs", "32"));
    int alsMaxIter = Integer.parseInt(opt.getOrDefault("als-max-iter", "10"));
    int repeats = Integer.parseInt(opt.getOrDefault("repeats", "3"));
    double slack = Double.parseDouble(opt.getOrDefault("slack", "0.002"));
    long seed = 1;

    Path dir = Files.createTempDirectory("spark-cluster-mf");
    Path gen = dir.resolve("generated.tsv");
    new MfDataGenerator(users, items, planted, count, noise, 0, 3.0, seed).write(gen, dir.resolve("empty.tsv"), "\t");
    Ratings all = RatingsReader.read(gen);
    Ratings[] split = MfVsAlsBench.split(all, 0.1, seed);
    String dataName = String.format(Locale.ROOT, "generated: %,d users, %,d items, planted rank %d, noise %s, "
        + "%,d ratings", users, items, planted, noise, all.size());
    List<Row> rows = new ArrayList<>(split[0].size());
    for (int k = 0; k < split[0].size(); k++) {
      rows.add(RowFactory.create((int) split[0].user(k), (int) split[0].item(k), split[0].value(k)));
    }
    StructType schema = new StructType().add("user", DataTypes.IntegerType, false)
        .add("item", DataTypes.IntegerType, false).add("rating", DataTypes.FloatType, false);
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(2).persist(StorageLevel.MEMORY_ONLY());
    long trainRows = df.count();
    rows = null;
    Ratings test = split[1];
    long[] trainUsers = split[0].distinctUsers();
    long[] trainItems = split[0].distinctItems();
    String settings = String.format(Locale.ROOT, "standalone cluster on loopback, 2 workers x 1 core, one executor "
            + "JVM each; rank %d; petuum4j: algorithm %s, 2 barrier tasks, 2 shards, regParam %s, eta0 %s, decay %s; "
            + "ALS: regParam %s (ALS-WR scaling), seed %d",
        rank, algorithm, sgdL2, eta0, decay, l2, seed);
    System.out.printf(Locale.ROOT, "matrix factorisation; data: %s; %,d train (cached DataFrame, 2 partitions) / %,d "
        + "test ratings%n", dataName, trainRows, test.size());
    System.out.println("settings: " + settings);

    IntFunction<Run> petuum = epochs -> {
      PetuumMatrixFactorization est = new PetuumMatrixFactorization().setNumWorkers(2).setNumShards(2)
          .setAlgorithm(algorithm).setRank(rank).setRegParam(sgdL2).setLearningRate(eta0).setDecay(decay)
          .setMaxIter(epochs).setSeed(seed);
      STAGES.drain(); // outside the timed region
      long s = System.nanoTime();
      PetuumMatrixFactorizationModel m = est.fit(df);
      double sec = (System.nanoTime() - s) / 1e9;
      double rmse = rmse(test, m::predict);
      System.out.printf(Locale.ROOT, "  petuum4j %3d epochs  %7.2f s  held-out RMSE %.6f   (training %.2f s as the "
          + "workers measured it; stages: %s)%n", epochs, sec, rmse, lastOf(m.summary().seconds()), STAGES.drain());
      printTimings(m.summary().notes());
      return new Run(sec, rmse);
    };
    IntFunction<Run> als = iters -> {
      ALS a = new ALS().setRank(rank).setRegParam(l2).setMaxIter(iters).setSeed(seed).setUserCol("user")
          .setItemCol("item").setRatingCol("rating").setColdStartStrategy("drop");
      long s = System.nanoTime();
      ALSModel m = a.fit(df);
      double sec = (System.nanoTime() - s) / 1e9;
      MfModel f = new MfModel(rank, 0, trainUsers, factors(m.userFactors(), trainUsers, rank), trainItems,
          factors(m.itemFactors(), trainItems, rank));
      double rmse = rmse(test, f::predict);
      System.out.printf(Locale.ROOT, "  ALS      %3d iters   %7.2f s  held-out RMSE %.6f%n", iters, sec, rmse);
      return new Run(sec, rmse);
    };
    Comparison c = timeToTarget(petuum, maxEpochs, als, 1, alsMaxIter, slack, repeats);
    df.unpersist();
    report(c, "held-out RMSE", "matrix factorisation vs Spark MLlib ALS on a standalone Spark cluster (2 executors)",
        String.format(Locale.ROOT, "%s: %,d train / %,d test ratings", dataName, trainRows, test.size()),
        "PetuumMatrixFactorization", "epochs", "MLlib ALS", "maxIter", settings, docs, command);
  }

  /** The barrier task's own timing notes (diagnostics). */
  private static void printTimings(List<String> notes) {
    notes.stream().filter(n -> n.startsWith("barrier task")).forEach(n -> System.out.println("      " + n));
  }

  private static double lastOf(double[] a) {
    return a.length == 0 ? Double.NaN : a[a.length - 1];
  }

  /** Prediction of a rating. */
  interface Predictor {
    double predict(long user, long item);
  }

  /** Root mean squared error on {@code ratings}: the same code for both systems' models. */
  static double rmse(Ratings ratings, Predictor p) {
    double sse = 0;
    for (int k = 0; k < ratings.size(); k++) {
      double e = ratings.value(k) - p.predict(ratings.user(k), ratings.item(k));
      sse += e * e;
    }
    return Math.sqrt(sse / ratings.size());
  }

  private static float[] factors(Dataset<Row> df, long[] ids, int rank) {
    float[] out = new float[ids.length * rank];
    for (Row r : df.collectAsList()) {
      int k = java.util.Arrays.binarySearch(ids, r.getInt(0));
      List<Object> f = r.getList(1);
      for (int j = 0; j < rank; j++) {
        out[k * rank + j] = ((Number) f.get(j)).floatValue();
      }
    }
    return out;
  }

  private static void report(Comparison c, String objective, String workload, String data, String petuumName,
      String petuumUnit, String peerName, String peerUnit, String settings, Path docs, String command)
      throws IOException {
    System.out.printf(Locale.ROOT, "time to %s <= %.6f, median of %d: petuum4j %.2f s (%d %s; %d/%d reached; %.6f), "
            + "%s %.2f s (%s %d; %d/%d reached; %.6f); peer / petuum4j = %.2fx%n",
        objective, c.target(), c.repeats(), c.petuumSeconds(), c.petuumPasses(), petuumUnit, c.petuumReached(),
        c.repeats(), c.petuumObjective(), peerName, c.peerSeconds(), peerUnit, c.peerPasses(), c.peerReached(),
        c.repeats(), c.peerObjective(), c.ratio());
    String caveat = c.peerStillImproving()
        ? String.format(Locale.ROOT, " Caveat: %s needed nearly all of its largest search budget, so the target is "
            + "its %s there, not at its optimum.", peerName, objective)
        : "";
    if (docs == null) {
      return;
    }
    BenchReport.upsertRow(docs.resolve("benchmarks.md"), List.of(
        workload,
        data,
        String.format(Locale.ROOT, "%s: %.2f s (%d %s; %d/%d runs reached)", petuumName, c.petuumSeconds(),
            c.petuumPasses(), petuumUnit, c.petuumReached(), c.repeats()),
        String.format(Locale.ROOT, "%s: %.2f s (%s %d; %d/%d runs reached)", peerName, c.peerSeconds(), peerUnit,
            c.peerPasses(), c.peerReached(), c.repeats()),
        String.format(Locale.ROOT, "%.2fx", c.ratio()),
        String.format(Locale.ROOT, "%s <= %.6f (petuum4j %.6f, peer %.6f)", objective, c.target(),
            c.petuumObjective(), c.peerObjective()),
        String.format(Locale.ROOT, "`bench/run-spark-cluster.sh %s`; median of %d alternating runs, each one whole "
            + "`fit` call from the driver on the same cached DataFrame (petuum4j's includes its input checks, "
            + "repartition to the barrier tasks and parameter-server start-up); both models scored by the same code "
            + "in the driver; target: the worse of the two systems' best %s times 1.002; %s.%s", command, c.repeats(),
            objective, settings, caveat)));
    System.out.println("row written to " + docs.resolve("benchmarks.md"));
  }

  private static Evaluation evaluate(double[] coefficients, int dimension, SparseDataset test) {
    float[] w = new float[dimension];
    for (int j = 0; j < Math.min(dimension, coefficients.length); j++) {
      w[j] = (float) coefficients[j];
    }
    return new LogRegModel(w).evaluate(test);
  }
}

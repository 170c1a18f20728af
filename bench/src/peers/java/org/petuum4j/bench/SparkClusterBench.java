package org.petuum4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.gen.LogRegDataGenerator;
import org.petuum4j.ml.logreg.Evaluation;
import org.petuum4j.ml.logreg.LogRegConfig;
import org.petuum4j.ml.logreg.LogRegModel;
import org.petuum4j.spark.PetuumLogisticRegression;
import org.petuum4j.spark.PetuumLogisticRegressionModel;
import org.petuum4j.spark.cluster.StandaloneSparkCluster;

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
      System.out.printf(Locale.ROOT, "standalone cluster %s: 2 workers x 1 core, executors of %d MiB; up with "
          + "both executors in %.1f s%n", cluster.masterUrl(), executorMb, (System.nanoTime() - t0) / 1e9);
      try {
        logisticRegression(spark, opt, docs, String.join(" ", args));
      } finally {
        spark.stop();
      }
    }
  }

  private record Run(double seconds, Evaluation evaluation) {}

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
    double eta0 = Double.parseDouble(opt.getOrDefault("learning-rate", Double.toString(LogRegConfig.DEFAULT_LEARNING_RATE)));
    double decay = Double.parseDouble(opt.getOrDefault("decay", Double.toString(LogRegConfig.DEFAULT_DECAY)));
    int batch = Integer.parseInt(opt.getOrDefault("batch-size", Integer.toString(LogRegConfig.DEFAULT_BATCH_SIZE)));
    int staleness = Integer.parseInt(opt.getOrDefault("staleness", "2"));

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
            + "JVM each; L2 %s both, no intercept; petuum4j: 2 barrier tasks, 2 shards, staleness %d, batch %d per "
            + "worker, eta0 %s, decay %s; MLlib: regParam %s, elasticNetParam 0, standardization off, tol 0",
        l2, staleness, batch, eta0, decay, l2);
    System.out.printf(Locale.ROOT, "data: %s: %,d training rows (cached DataFrame, 2 partitions), %,d test rows%n",
        dataName, trainRows, testSet.rows());
    System.out.println("settings: " + settings);

    IntFunction<Run> petuum = epochs -> {
      PetuumLogisticRegression est = new PetuumLogisticRegression().setNumWorkers(2).setNumShards(2)
          .setStaleness(staleness).setMaxIter(epochs).setBatchSize(batch).setLearningRate(eta0).setDecay(decay)
          .setRegParam(l2).setSeed(1);
      long s = System.nanoTime();
      PetuumLogisticRegressionModel m = est.fit(df);
      double sec = (System.nanoTime() - s) / 1e9;
      Run r = new Run(sec, evaluate(m.coefficients().toArray(), dimension, testSet));
      System.out.printf(Locale.ROOT, "  petuum4j %3d epochs  %7.2f s  held-out log-loss %.6f  error %.4f%n", epochs,
          sec, r.evaluation.logLoss(), r.evaluation.error());
      return r;
    };
    IntFunction<Run> mllib = iters -> {
      LogisticRegression lr = new LogisticRegression().setRegParam(l2).setElasticNetParam(0.0)
          .setStandardization(false).setFitIntercept(false).setTol(0).setMaxIter(iters);
      long s = System.nanoTime();
      LogisticRegressionModel m = lr.fit(df);
      double sec = (System.nanoTime() - s) / 1e9;
      Run r = new Run(sec, evaluate(m.coefficients().toArray(), dimension, testSet));
      System.out.printf(Locale.ROOT, "  MLlib    %3d iters   %7.2f s  held-out log-loss %.6f  error %.4f%n", iters,
          sec, r.evaluation.logLoss(), r.evaluation.error());
      return r;
    };

    // Search (also warms both systems up in the executors).
    System.out.println("search:");
    TreeMap<Integer, Double> petuumLoss = new TreeMap<>();
    for (int e = 1; ; e = Math.min(2 * e, maxEpochs)) {
      petuumLoss.put(e, petuum.apply(e).evaluation.logLoss());
      if (e >= maxEpochs) {
        break;
      }
    }
    double bestPetuum = petuumLoss.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double bestSpark = mllib.apply(sparkMaxIter).evaluation.logLoss();
    double target = Math.max(bestPetuum, bestSpark) * (1 + slack);
    int needEpochs = fewest(petuumLoss, target, petuum);
    TreeMap<Integer, Double> sparkLoss = new TreeMap<>();
    sparkLoss.put(sparkMaxIter, bestSpark);
    for (int it = 5; it < sparkMaxIter; it *= 2) {
      double loss = mllib.apply(it).evaluation.logLoss();
      sparkLoss.put(it, loss);
      if (loss <= target) {
        break;
      }
    }
    int needIters = fewest(sparkLoss, target, mllib);
    System.out.printf(Locale.ROOT, "target held-out log-loss %.6f (worse best x %.4f; best petuum4j %.6f, MLlib %.6f); "
        + "petuum4j needs %d epochs, MLlib %d iterations%n", target, 1 + slack, bestPetuum, bestSpark, needEpochs, needIters);

    System.out.println("timing:");
    double[] pt = new double[repeats];
    double[] st = new double[repeats];
    double[] pl = new double[repeats];
    double[] sl = new double[repeats];
    int pOk = 0;
    int sOk = 0;
    for (int r = 0; r < repeats; r++) {
      for (int k = 0; k < 2; k++) {
        if ((k + r) % 2 == 0) {
          Run p = petuum.apply(needEpochs);
          pt[r] = p.seconds;
          pl[r] = p.evaluation.logLoss();
          pOk += pl[r] <= target ? 1 : 0;
        } else {
          Run s = mllib.apply(needIters);
          st[r] = s.seconds;
          sl[r] = s.evaluation.logLoss();
          sOk += sl[r] <= target ? 1 : 0;
        }
      }
    }
    double p = SspStragglerBench.median(pt);
    double s = SspStragglerBench.median(st);
    System.out.printf(Locale.ROOT, "time to held-out log-loss <= %.6f, median of %d: petuum4j %.2f s (%d/%d reached; "
            + "log-loss %.6f), MLlib %.2f s (%d/%d reached; log-loss %.6f); MLlib / petuum4j = %.2fx%n",
        target, repeats, p, pOk, repeats, SspStragglerBench.median(pl), s, sOk, repeats, SspStragglerBench.median(sl),
        s / p);
    String caveat = needIters * 10 >= sparkMaxIter * 9
        ? String.format(Locale.ROOT, " Caveat: MLlib was still improving at maxIter %d, so the target is its held-out "
            + "loss there, not at its optimum.", sparkMaxIter)
        : "";
    if (docs != null) {
      BenchReport.upsertRow(docs.resolve("benchmarks.md"), List.of(
          "logistic regression vs Spark MLlib on a standalone Spark cluster (2 executors)",
          String.format(Locale.ROOT, "%s: %,d train / %,d test rows, dimension %,d", dataName, trainRows,
              testSet.rows(), dimension),
          String.format(Locale.ROOT, "PetuumLogisticRegression: %.2f s (%d epochs; %d/%d runs reached)", p, needEpochs,
              pOk, repeats),
          String.format(Locale.ROOT, "MLlib LogisticRegression: %.2f s (maxIter %d; %d/%d runs reached)", s, needIters,
              sOk, repeats),
          String.format(Locale.ROOT, "%.2fx", s / p),
          String.format(Locale.ROOT, "held-out log-loss <= %.6f (petuum4j %.6f, MLlib %.6f)", target,
              SspStragglerBench.median(pl), SspStragglerBench.median(sl)),
          String.format(Locale.ROOT, "`bench/run-spark-cluster.sh %s`; median of %d alternating runs, each one whole "
              + "`fit` call from the driver on the same cached DataFrame (petuum4j's includes its label check, "
              + "repartition to the barrier tasks and parameter-server start-up); both models scored by the same "
              + "code in the driver; %s.%s", command, repeats, settings, caveat)));
      System.out.println("row written to " + docs.resolve("benchmarks.md"));
    }
    df.unpersist();
  }

  /**
   * The fewest passes reaching {@code target}: the smallest measured one that does, refined by
   * bisection against the largest measured one below it that does not.
   */
  private static int fewest(TreeMap<Integer, Double> loss, double target, IntFunction<Run> fit) {
    Integer reached = null;
    for (Map.Entry<Integer, Double> e : loss.entrySet()) {
      if (e.getValue() <= target) {
        reached = e.getKey();
        break;
      }
    }
    if (reached == null) {
      throw new IllegalStateException("no measured run reached the target " + target + ": " + loss);
    }
    Integer below = loss.lowerKey(reached);
    int failed = below == null ? 0 : below;
    int ok = reached;
    while (ok - failed > 1) {
      int mid = (failed + ok) / 2;
      if (fit.apply(mid).evaluation.logLoss() <= target) {
        ok = mid;
      } else {
        failed = mid;
      }
    }
    return ok;
  }

  private static Evaluation evaluate(double[] coefficients, int dimension, SparseDataset test) {
    float[] w = new float[dimension];
    for (int j = 0; j < Math.min(dimension, coefficients.length); j++) {
      w[j] = (float) coefficients[j];
    }
    return new LogRegModel(w).evaluate(test);
  }
}

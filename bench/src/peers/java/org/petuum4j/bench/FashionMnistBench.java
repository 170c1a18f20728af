package org.petuum4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.dml.DmlConfig;
import org.petuum4j.ml.dml.DmlJob;
import org.petuum4j.ml.dml.DmlMetrics;
import org.petuum4j.ml.dml.DmlModel;
import org.petuum4j.ml.dml.Pairs;
import org.petuum4j.ml.kmeans.KMeansConfig;
import org.petuum4j.ml.kmeans.KMeansJob;
import org.petuum4j.ml.kmeans.KMeansModel;
import org.petuum4j.ml.softmax.SoftmaxConfig;
import org.petuum4j.ml.softmax.SoftmaxJob;
import org.petuum4j.ml.softmax.SoftmaxModel;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.EmbeddedDeployment;
import org.petuum4j.ps.job.JobParams;

/**
 * Fashion-MNIST ({@code bench/data/fetch-fashion-mnist.sh}): three summary rows of {@code
 * docs/benchmarks.md}, one per part ({@code --parts kmeans,dml,softmax}, all by default).
 *
 * <p>k-means, petuum4j against Spark MLlib {@code KMeans}, on the 60,000 training images, K = 10,
 * W threads each: within-cluster sum of squares (WCSS, computed by the same code, {@link
 * KMeansModel#wcss}, from each system's centres) against wall time. Search: petuum4j runs {@code
 * --kmeans-epochs} epochs of mini-batch k-means (k-means++ initial centres from a sample), its WCSS
 * after each; Spark fits from scratch (k-means|| initialisation, tol 0) with maxIter on a grid. The
 * target is the worse of the two best WCSS times {@code 1 + --slack}; then {@code --repeats}
 * alternating rounds time each system with the fewest epochs or iterations that reach it (petuum4j:
 * the whole train call incl. start-up and per-epoch evaluation; Spark: fit on a cached DataFrame
 * read by its LibSVM reader, one partition per thread). Plot: {@code docs/img/kmeans-fashion-mnist.png}.
 *
 * <p>Distance metric learning has no Spark peer: petuum4j's learned metric against the Euclidean
 * distance, both thresholded on the training pairs (the same {@link DmlModel#calibrate}), scored
 * by held-out pair accuracy on pairs drawn from the test images' labels.
 *
 * <p>Softmax (multinomial logistic) regression, petuum4j's app against Spark MLlib's {@code
 * LogisticRegression} (family multinomial, {@code local[W]}), 60,000 training / 10,000 test images,
 * the same L2 {@code --l2} on the weights (Spark: {@code regParam}, {@code elasticNetParam} 0,
 * standardization off; both fit biases, unregularised): held-out log-loss, by the same code ({@link
 * SoftmaxModel#evaluate}), against wall time. Search: petuum4j runs {@code --softmax-epochs}
 * epochs, Spark fits with {@code --softmax-spark-max-iter} and tol 0; the target is the worse of the
 * two best held-out log-losses times {@code 1 + --slack}; Spark's fewest iterations that reach it
 * come from {@link LogRegVsSparkBench#fewestIterations}; then alternating timed rounds as for
 * k-means. Plot: {@code docs/img/softmax-fashion-mnist.png}.
 *
 * <p>Run through {@code bench/run-fashion-mnist.sh [--docs docs] [--workers 2] [--repeats 3] ...}.
 */
public final class FashionMnistBench {
  private FashionMnistBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = LassoSchedulerBench.options(args);
    Path train = Path.of(opt.getOrDefault("train", "data/fashion-mnist/train.libsvm"));
    Path test = Path.of(opt.getOrDefault("test", "data/fashion-mnist/test.libsvm"));
    int workers = Integer.parseInt(opt.getOrDefault("workers", "2"));
    int k = Integer.parseInt(opt.getOrDefault("k", "10"));
    int kmEpochs = Integer.parseInt(opt.getOrDefault("kmeans-epochs", "10"));
    int sparkMaxIter = Integer.parseInt(opt.getOrDefault("spark-max-iter", "15"));
    int repeats = Integer.parseInt(opt.getOrDefault("repeats", "3"));
    double slack = Double.parseDouble(opt.getOrDefault("slack", "0.002"));
    int dmlRank = Integer.parseInt(opt.getOrDefault("dml-rank", "64"));
    int dmlEpochs = Integer.parseInt(opt.getOrDefault("dml-epochs", "10"));
    int pairs = Integer.parseInt(opt.getOrDefault("pairs", "20000"));
    int testPairs = Integer.parseInt(opt.getOrDefault("test-pairs", "5000"));
    double dmlLr = Double.parseDouble(opt.getOrDefault("dml-learning-rate", Double.toString(DmlConfig.DEFAULT_LEARNING_RATE)));
    int smEpochs = Integer.parseInt(opt.getOrDefault("softmax-epochs", "15"));
    double smLr = Double.parseDouble(opt.getOrDefault("softmax-learning-rate",
        Double.toString(SoftmaxConfig.DEFAULT_LEARNING_RATE)));
    double smDecay = Double.parseDouble(opt.getOrDefault("softmax-decay", Double.toString(SoftmaxConfig.DEFAULT_DECAY)));
    double smL2 = Double.parseDouble(opt.getOrDefault("l2", Double.toString(SoftmaxConfig.DEFAULT_L2)));
    int smSparkMaxIter = Integer.parseInt(opt.getOrDefault("softmax-spark-max-iter", "100"));
    String parts = opt.getOrDefault("parts", "kmeans,dml,softmax");
    Path docs = opt.containsKey("docs") ? Path.of(opt.get("docs")) : null;
    String command = "`bench/run-fashion-mnist.sh " + String.join(" ", args) + "`";

    DenseDataset data = null;
    if (parts.contains("kmeans") || parts.contains("dml")) {
      data = DenseDataset.readLibSvm(train, false, 784);
      System.out.printf(Locale.ROOT, "Fashion-MNIST: %,d training images, dimension %d%n", data.rows(),
          data.dimension());
    }
    if (parts.contains("kmeans")) {
      kmeans(train, data, workers, k, kmEpochs, sparkMaxIter, repeats, slack, docs, command);
    }
    if (parts.contains("dml")) {
      dml(train, test, data, workers, dmlRank, dmlEpochs, dmlLr, pairs, testPairs, docs, command);
    }
    if (parts.contains("softmax")) {
      Softmax s = new Softmax(train, test, workers, smEpochs, smLr, smDecay, smL2);
      s.run(smSparkMaxIter, repeats, slack, docs, command);
    }
  }

  private static void kmeans(Path train, DenseDataset data, int workers, int k, int epochs, int sparkMaxIter,
      int repeats, double slack, Path docs, String command) throws Exception {
    String settings = String.format(Locale.ROOT, "K %d, %d threads each; petuum4j: mini-batch k-means, %d workers, "
        + "2 shards, BSP, batch %d per worker, k-means++ on a sample of %,d rows, seed 1; Spark: KMeans local[%d], "
        + "k-means|| initialisation (initSteps 2), tol 0, seed 1", k, workers, workers, KMeansConfig.DEFAULT_BATCH_SIZE,
        KMeansConfig.DEFAULT_INIT_SAMPLE, workers);
    System.out.println("k-means settings: " + settings);
    List<double[]> ours = petuumKMeans(train, workers, k, epochs);
    for (double[] p : ours) {
      System.out.printf(Locale.ROOT, "petuum4j k-means epoch %2d: %6.2f s, WCSS %.6e%n", (int) p[0], p[1], p[2]);
    }
    double bestOurs = ours.stream().mapToDouble(p -> p[2]).min().orElseThrow();

    SparkSession spark = LocalSpark.start("kmeans-vs-petuum4j", workers);
    try {
      Dataset<Row> df = spark.read().format("libsvm").option("numFeatures", "784").load(train.toString())
          .repartition(workers).persist(StorageLevel.MEMORY_ONLY());
      df.count();
      sparkKMeans(df, data, k, 2); // warm-up
      List<double[]> theirs = new ArrayList<>();
      for (int it : new int[] {1, 2, 3, 5, 8, 10, 15, 20, 30, 40, 60, 80}) {
        if (it > sparkMaxIter) {
          break;
        }
        double[] p = sparkKMeans(df, data, k, it);
        theirs.add(p);
        System.out.printf(Locale.ROOT, "Spark KMeans maxIter %2d: %6.2f s, WCSS %.6e%n", it, p[1], p[2]);
      }
      double bestTheirs = theirs.stream().mapToDouble(p -> p[2]).min().orElseThrow();
      double target = Math.max(bestOurs, bestTheirs) * (1 + slack);
      int needEpochs = firstAtOrBelow(ours, target);
      int needIters = firstAtOrBelow(theirs, target);
      System.out.printf(Locale.ROOT, "target WCSS %.6e (worse best x %.4f; best petuum4j %.6e, Spark %.6e); petuum4j "
          + "needs %d epochs, Spark maxIter %d%n", target, 1 + slack, bestOurs, bestTheirs, needEpochs, needIters);
      double[][] rounds = alternate(repeats, () -> {
        long t0 = System.nanoTime();
        List<double[]> run = petuumKMeans(train, workers, k, needEpochs);
        return new double[] {(System.nanoTime() - t0) / 1e9, run.get(run.size() - 1)[2]};
      }, () -> {
        double[] p = sparkKMeans(df, data, k, needIters);
        return new double[] {p[1], p[2]};
      });
      double[] pt = rounds[0];
      double[] pw = rounds[1];
      double[] st = rounds[2];
      double[] sw = rounds[3];
      double p = SspStragglerBench.median(pt);
      double s = SspStragglerBench.median(st);
      int pOk = count(pw, target);
      int sOk = count(sw, target);
      System.out.printf(Locale.ROOT, "time to WCSS <= %.6e, median of %d: petuum4j %.2f s (%d/%d reached), Spark %.2f "
          + "s (%d/%d reached); Spark / petuum4j = %.2fx%n", target, repeats, p, pOk, repeats, s, sOk, repeats, s / p);
      if (docs != null) {
        String png = "img/kmeans-fashion-mnist.png";
        BenchReport.lineChart(docs.resolve(png), "k-means on Fashion-MNIST (K = " + k + "): WCSS against wall time",
            "wall time (s)", "WCSS", List.of(
                new BenchReport.Series("petuum4j (per epoch of one run)", col(ours, 1), col(ours, 2)),
                new BenchReport.Series("Spark MLlib KMeans (fit per maxIter)", col(theirs, 1), col(theirs, 2))));
        BenchReport.upsertRow(docs.resolve("benchmarks.md"), List.of(
            "k-means vs Spark MLlib (Fashion-MNIST)",
            String.format(Locale.ROOT, "Fashion-MNIST: %,d training images, 784 pixels scaled to [0, 1], K = %d",
                data.rows(), k),
            String.format(Locale.ROOT, "%.2f s (%d epochs; %d/%d runs reached; WCSS %.6e)", p, needEpochs, pOk,
                repeats, SspStragglerBench.median(pw)),
            String.format(Locale.ROOT, "Spark MLlib KMeans: %.2f s (maxIter %d; %d/%d runs reached; WCSS %.6e)", s,
                needIters, sOk, repeats, SspStragglerBench.median(sw)),
            String.format(Locale.ROOT, "%.2fx", s / p),
            String.format(Locale.ROOT, "WCSS <= %.6e (best: petuum4j %.6e, Spark %.6e)", target, bestOurs, bestTheirs),
            String.format(Locale.ROOT, "%s; median of %d alternating runs, each a whole training from scratch "
                + "(petuum4j: train call incl. reading the file, start-up and per-epoch WCSS; Spark: fit on a cached "
                + "DataFrame incl. its initialisation); WCSS by the same code; %s. Plot: [%s](%s)", command, repeats,
                settings, png, png)));
        System.out.println("k-means row and plot written to " + docs);
      }
    } finally {
      spark.stop();
    }
  }

  private static void dml(Path train, Path test, DenseDataset data, int workers, int rank, int epochs, double lr,
      int numPairs, int numTestPairs, Path docs, String command) throws Exception {
    DmlConfig config = new DmlConfig(rank, Consistency.bsp(), epochs, DmlConfig.DEFAULT_BATCH_SIZE, lr,
        DmlConfig.DEFAULT_DECAY, 1, 1, 1);
    JobParams params = DmlJob.params(train, test, null, null, numPairs, numTestPairs, 7, false, config);
    List<DmlMetrics> epochsRun = new ArrayList<>();
    long t0 = System.nanoTime();
    DmlJob.train(new EmbeddedDeployment(workers, 2), params, m -> {
      epochsRun.add(m);
      System.out.printf(Locale.ROOT, "petuum4j DML epoch %2d: %6.2f s, objective %.6f, train pair accuracy %.4f, "
          + "held-out %.4f%n", m.epoch(), m.seconds(), m.objective(), m.trainAccuracy(), m.testAccuracy());
    });
    double wall = (System.nanoTime() - t0) / 1e9;
    DmlJob.Data d = DmlJob.load(params);
    DmlModel euclid = DmlModel.euclidean(d.train().dimension()).calibrate(d.train(), d.trainPairs());
    double euclidTest = euclid.accuracy(d.test(), d.testPairs());
    DmlMetrics last = epochsRun.get(epochsRun.size() - 1);
    String settings = String.format(Locale.ROOT, "L is %d x 784, %d workers, 2 shards, BSP, %d epochs, batch %d per "
            + "worker, eta0 %s, decay %s, margin 1, dissimilar weight 1; %,d training pairs and %,d held-out pairs "
            + "drawn from the labels (seed 7, pairs of the same class are similar); both distances thresholded on the "
            + "training pairs", rank, workers, epochs, DmlConfig.DEFAULT_BATCH_SIZE, lr, DmlConfig.DEFAULT_DECAY,
        numPairs, numTestPairs);
    System.out.printf(Locale.ROOT, "held-out pair accuracy: petuum4j DML %.4f (%.2f s wall), Euclidean %.4f%n",
        last.testAccuracy(), wall, euclidTest);
    if (docs != null) {
      BenchReport.upsertRow(docs.resolve("benchmarks.md"), List.of(
          "distance metric learning vs Euclidean distance (Fashion-MNIST; no Spark peer)",
          String.format(Locale.ROOT, "Fashion-MNIST: %,d training / %,d test images, 784 pixels in [0, 1]",
              d.train().rows(), d.test().rows()),
          String.format(Locale.ROOT, "held-out pair accuracy %.4f after %d epochs (%.2f s wall incl. start-up; %.2f s "
              + "training)", last.testAccuracy(), last.epoch(), wall, last.seconds()),
          String.format(Locale.ROOT, "Euclidean distance (no learning): held-out pair accuracy %.4f", euclidTest),
          String.format(Locale.ROOT, "%+.4f accuracy", last.testAccuracy() - euclidTest),
          "not a speed comparison: held-out pair-classification accuracy of each distance, same pairs, same "
              + "threshold rule",
          String.format(Locale.ROOT, "%s; one run; %s", command, settings)));
      System.out.println("DML row written to " + docs);
    }
  }

  /**
   * Softmax regression, petuum4j's app against Spark MLlib's multinomial {@code LogisticRegression}:
   * time to the same held-out log-loss, computed by the same code ({@link SoftmaxModel#evaluate})
   * from each system's weights and biases.
   */
  private record Softmax(Path train, Path test, int workers, int epochs, double lr, double decay, double l2) {
    void run(int sparkMaxIter, int repeats, double slack, Path docs, String command) throws Exception {
      DenseDataset testSet = DenseDataset.readLibSvm(test, false, 784);
      String settings = String.format(Locale.ROOT, "10 classes, weights and biases, L2 %s on the weights both, biases "
          + "not regularised, %d threads each; petuum4j: %d workers, 2 shards, BSP, batch %d per worker, eta0 %s, decay "
          + "%s, seed 1; Spark: LogisticRegression local[%d], family multinomial, regParam %s, elasticNetParam 0, "
          + "standardization off, fitIntercept, tol 0", l2, workers, workers, SoftmaxConfig.DEFAULT_BATCH_SIZE, lr,
          decay, workers, l2);
      System.out.println("softmax settings: " + settings);
      List<double[]> ours = petuum(epochs);
      for (double[] p : ours) {
        System.out.printf(Locale.ROOT, "petuum4j softmax epoch %2d: %6.2f s, held-out log-loss %.6f, accuracy %.4f%n",
            (int) p[0], p[1], p[2], p[3]);
      }
      double bestOurs = ours.stream().mapToDouble(p -> p[2]).min().orElseThrow();
      SparkSession spark = SparkSession.builder().master("local[" + workers + "]").appName("softmax-vs-petuum4j")
          .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
      try {
        Dataset<Row> df = spark.read().format("libsvm").option("numFeatures", "784").load(train.toString())
            .repartition(workers).persist(StorageLevel.MEMORY_ONLY());
        df.count();
        spark(df, testSet, 2); // warm-up
        List<double[]> theirs = new ArrayList<>();
        theirs.add(spark(df, testSet, sparkMaxIter));
        double bestTheirs = theirs.get(0)[2];
        double target = Math.max(bestOurs, bestTheirs) * (1 + slack);
        int needEpochs = firstAtOrBelow(ours, target);
        int needIters = LogRegVsSparkBench.fewestIterations(sparkMaxIter, it -> {
          double[] p = spark(df, testSet, it);
          theirs.add(p);
          return p[2] <= target;
        });
        theirs.sort((a, b) -> Double.compare(a[0], b[0]));
        System.out.printf(Locale.ROOT, "target held-out log-loss %.6f (worse best x %.4f; best petuum4j %.6f, Spark "
            + "%.6f at maxIter %d); petuum4j needs %d epochs, Spark maxIter %d%n", target, 1 + slack, bestOurs,
            bestTheirs, sparkMaxIter, needEpochs, needIters);
        double[][] rounds = alternate(repeats, () -> {
          long t0 = System.nanoTime();
          List<double[]> run = petuum(needEpochs);
          return new double[] {(System.nanoTime() - t0) / 1e9, run.get(run.size() - 1)[2]};
        }, () -> {
          double[] p = spark(df, testSet, needIters);
          return new double[] {p[1], p[2]};
        });
        double p = SspStragglerBench.median(rounds[0]);
        double s = SspStragglerBench.median(rounds[2]);
        int pOk = count(rounds[1], target);
        int sOk = count(rounds[3], target);
        double training = ours.get(needEpochs - 1)[4];
        System.out.printf(Locale.ROOT, "time to held-out log-loss <= %.6f, median of %d: petuum4j %.2f s (%d/%d "
            + "reached; %.2f s of it training in the search run), Spark %.2f s (%d/%d reached); Spark / petuum4j = "
            + "%.2fx%n", target, repeats, p, pOk, repeats, training, s, sOk, repeats, s / p);
        String caveat = LogRegVsSparkBench.notConvergedCaveat(needIters, sparkMaxIter, bestOurs);
        if (docs != null) {
          String png = "img/softmax-fashion-mnist.png";
          BenchReport.lineChart(docs.resolve(png), "softmax regression on Fashion-MNIST: held-out log-loss against "
              + "wall time", "wall time (s)", "held-out log-loss", List.of(
                  new BenchReport.Series("petuum4j (per epoch of one run)", col(ours, 1), col(ours, 2)),
                  new BenchReport.Series("Spark MLlib LogisticRegression (fit per maxIter)", col(theirs, 1),
                      col(theirs, 2))));
          BenchReport.upsertRow(docs.resolve("benchmarks.md"), List.of(
              "softmax regression vs Spark MLlib (Fashion-MNIST)",
              String.format(Locale.ROOT, "Fashion-MNIST: 60,000 training / %,d test images, 784 pixels scaled to "
                  + "[0, 1], 10 classes", testSet.rows()),
              String.format(Locale.ROOT, "%.2f s (%d epochs; %d/%d runs reached; log-loss %.6f)", p, needEpochs, pOk,
                  repeats, SspStragglerBench.median(rounds[1])),
              String.format(Locale.ROOT, "Spark MLlib LogisticRegression (multinomial): %.2f s (maxIter %d; %d/%d "
                  + "runs reached; log-loss %.6f)", s, needIters, sOk, repeats, SspStragglerBench.median(rounds[3])),
              String.format(Locale.ROOT, "%.2fx", s / p),
              String.format(Locale.ROOT, "held-out log-loss <= %.6f (best: petuum4j %.6f, Spark %.6f)", target,
                  bestOurs, bestTheirs),
              String.format(Locale.ROOT, "%s; median of %d alternating runs, each a whole training from scratch "
                  + "(petuum4j: train call incl. reading both files, start-up and per-epoch evaluation, of which "
                  + "training proper was %.2f s; Spark: fit on a cached DataFrame); log-loss by the same code; %s. "
                  + "Plot: [%s](%s).%s", command, repeats, training, settings, png, png, caveat)));
          System.out.println("softmax row and plot written to " + docs);
        }
      } finally {
        spark.stop();
      }
    }

    /** Per epoch: {epoch, wall seconds since the train call began, held-out log-loss, accuracy, training seconds}. */
    private List<double[]> petuum(int runEpochs) throws Exception {
      SoftmaxConfig config = new SoftmaxConfig(Consistency.bsp(), runEpochs, SoftmaxConfig.DEFAULT_BATCH_SIZE, lr,
          decay, l2, 1);
      List<double[]> out = new ArrayList<>();
      long t0 = System.nanoTime();
      SoftmaxJob.train(new EmbeddedDeployment(workers, 2),
          SoftmaxJob.params(train, test, false, 10, config).with("dimension", 784),
          m -> out.add(new double[] {m.epoch(), (System.nanoTime() - t0) / 1e9, m.testLoss(), m.testAccuracy(),
              m.seconds()}));
      return out;
    }

    /** {maxIter, seconds of the fit, held-out log-loss, held-out accuracy}. */
    private double[] spark(Dataset<Row> df, DenseDataset testSet, int iters) {
      long t0 = System.nanoTime();
      LogisticRegressionModel m = new LogisticRegression().setFamily("multinomial").setRegParam(l2)
          .setElasticNetParam(0).setStandardization(false).setFitIntercept(true).setTol(0).setMaxIter(iters).fit(df);
      double seconds = (System.nanoTime() - t0) / 1e9;
      Matrix c = m.coefficientMatrix();
      double[][] w = new double[c.numRows()][c.numCols()];
      for (int k = 0; k < w.length; k++) {
        for (int j = 0; j < w[k].length; j++) {
          w[k][j] = c.apply(k, j);
        }
      }
      SoftmaxModel.Evaluation e = SoftmaxModel.of(w, m.interceptVector().toArray()).evaluate(testSet);
      System.out.printf(Locale.ROOT, "Spark LogisticRegression maxIter %3d: %6.2f s, held-out log-loss %.6f, "
          + "accuracy %.4f%n", iters, seconds, e.logLoss(), e.accuracy());
      return new double[] {iters, seconds, e.logLoss(), e.accuracy()};
    }
  }

  /**
   * {@code repeats} rounds, each timing both systems once, which one first alternating; a run
   * returns {seconds, quality} and is printed. Returns {petuum4j seconds, petuum4j quality, Spark
   * seconds, Spark quality}, one entry per round.
   */
  private static double[][] alternate(int repeats, Callable<double[]> petuum, Callable<double[]> spark)
      throws Exception {
    double[][] out = new double[4][repeats];
    for (int r = 0; r < repeats; r++) {
      for (int j = 0; j < 2; j++) {
        boolean ours = (j + r) % 2 == 0;
        double[] run = (ours ? petuum : spark).call();
        out[ours ? 0 : 2][r] = run[0];
        out[ours ? 1 : 3][r] = run[1];
        System.out.printf(Locale.ROOT, "round %d %s: %.2f s, %.6e%n", r + 1, ours ? "petuum4j" : "Spark", run[0],
            run[1]);
      }
    }
    return out;
  }

  /** Per epoch: {epoch, wall seconds since the train call began, WCSS}. */
  private static List<double[]> petuumKMeans(Path train, int workers, int k, int epochs) throws Exception {
    KMeansConfig config = new KMeansConfig(k, Consistency.bsp(), epochs, KMeansConfig.DEFAULT_BATCH_SIZE, 1,
        KMeansConfig.DEFAULT_INIT_SAMPLE);
    List<double[]> out = new ArrayList<>();
    long t0 = System.nanoTime();
    KMeansJob.train(new EmbeddedDeployment(workers, 2), KMeansJob.params(train, false, false, config),
        m -> out.add(new double[] {m.epoch(), (System.nanoTime() - t0) / 1e9, m.wcss()}));
    return out;
  }

  /** {maxIter, seconds of the fit, WCSS of its centres}. */
  private static double[] sparkKMeans(Dataset<Row> df, DenseDataset data, int k, int iters) {
    long t0 = System.nanoTime();
    org.apache.spark.ml.clustering.KMeansModel m = new KMeans().setK(k).setMaxIter(iters).setTol(0).setSeed(1)
        .fit(df);
    double s = (System.nanoTime() - t0) / 1e9;
    Vector[] c = m.clusterCenters();
    double[][] centres = new double[c.length][];
    for (int i = 0; i < c.length; i++) {
      centres[i] = c[i].toArray();
    }
    return new double[] {iters, s, new KMeansModel(centres).wcss(data)};
  }

  private static int firstAtOrBelow(List<double[]> curve, double target) {
    for (double[] p : curve) {
      if (p[2] <= target) {
        return (int) p[0];
      }
    }
    return -1;
  }

  private static int count(double[] v, double target) {
    int n = 0;
    for (double x : v) {
      n += x <= target ? 1 : 0;
    }
    return n;
  }

  private static double[] col(List<double[]> rows, int c) {
    return rows.stream().mapToDouble(r -> r[c]).toArray();
  }
}

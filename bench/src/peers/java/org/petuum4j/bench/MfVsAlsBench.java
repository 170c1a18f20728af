package org.petuum4j.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.petuum4j.ml.data.Ratings;
import org.petuum4j.ml.data.RatingsReader;
import org.petuum4j.ml.gen.MfDataGenerator;
import org.petuum4j.ml.mf.MfConfig;
import org.petuum4j.ml.mf.MfJob;
import org.petuum4j.ml.mf.MfMetrics;
import org.petuum4j.ml.mf.MfModel;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.EmbeddedDeployment;
import org.petuum4j.ps.job.JobParams;

/**
 * Matrix factorisation, petuum4j against Spark MLlib ALS, in one invocation on the same ratings,
 * the same train/test split and the same machine: time to reach ALS's held-out RMSE.
 *
 * <p>The ratings ({@code --ratings FILE}, any {@link RatingsReader} format; else generated with
 * {@link MfDataGenerator} from {@code --users --items --planted-rank --count --noise}) are split
 * with a seeded coin ({@code --test-fraction}), and test ratings whose user or item does not occur
 * in the training part are moved to it, so both systems predict every test rating from factors.
 * Spark first: {@code ALS} with {@code rank}, {@code regParam = --l2}, {@code maxIter}, in {@code
 * local[W]}; its test RMSE (computed by the same code as ours, from its factors) is the target.
 * Spark's regularisation is ALS-WR's ({@code lambda} times the number of ratings of the user or
 * item), which is what per-rating L2 in SGD amounts to, so the same {@code lambda} is the same
 * objective. Then petuum4j, embedded with W workers and W shards, for each algorithm asked, with
 * the target RMSE as its stopping rule; its time is the whole {@code MfJob.train} call (data
 * loading, table set-up and per-epoch evaluation included). Run through {@code
 * bench/run-mf-vs-als.sh [--ratings bench/data/data/movielens.tsv] ...}.
 */
public final class MfVsAlsBench {
  private MfVsAlsBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = LassoSchedulerBench.options(args);
    int rank = Integer.parseInt(opt.getOrDefault("rank", "10"));
    double l2 = Double.parseDouble(opt.getOrDefault("l2", "0.1"));
    int alsIters = Integer.parseInt(opt.getOrDefault("als-iters", "10"));
    int workers = Integer.parseInt(opt.getOrDefault("workers", "2"));
    double lr = Double.parseDouble(opt.getOrDefault("learning-rate", Double.toString(MfConfig.DEFAULT_LEARNING_RATE)));
    double decay = Double.parseDouble(opt.getOrDefault("decay", Double.toString(MfConfig.DEFAULT_DECAY)));
    double sgdL2 = Double.parseDouble(opt.getOrDefault("sgd-l2", Double.toString(l2)));
    int maxEpochs = Integer.parseInt(opt.getOrDefault("max-epochs", "200"));
    double testFraction = Double.parseDouble(opt.getOrDefault("test-fraction", "0.1"));
    long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
    String[] algorithms = opt.getOrDefault("algorithms", "sgd,rotation").split(",");

    Path dir = Files.createTempDirectory("mf-vs-als");
    Ratings all;
    String source;
    if (opt.containsKey("ratings")) {
      all = RatingsReader.read(Path.of(opt.get("ratings")));
      source = opt.get("ratings");
    } else {
      int users = Integer.parseInt(opt.getOrDefault("users", "10000"));
      int items = Integer.parseInt(opt.getOrDefault("items", "5000"));
      long count = Long.parseLong(opt.getOrDefault("count", "1000000"));
      double noise = Double.parseDouble(opt.getOrDefault("noise", "0.5"));
      int planted = Integer.parseInt(opt.getOrDefault("planted-rank", "5"));
      Path gen = dir.resolve("generated.tsv");
      new MfDataGenerator(users, items, planted, count, noise, 0, 3.0, seed).write(gen, dir.resolve("empty.tsv"), "\t");
      all = RatingsReader.read(gen);
      source = String.format(Locale.ROOT, "generated: %,d users, %,d items, planted rank %d, noise %s", users, items, planted, noise);
    }
    Ratings[] split = split(all, testFraction, seed);
    Path trainFile = dir.resolve("train.tsv");
    Path testFile = dir.resolve("test.tsv");
    write(trainFile, split[0]);
    write(testFile, split[1]);
    System.out.printf(Locale.ROOT, "data: %s; %,d ratings, %,d users, %,d items; split %,d train / %,d test (seed %d)%n",
        source, all.size(), all.distinctUsers().length, all.distinctItems().length, split[0].size(), split[1].size(), seed);
    System.out.printf(Locale.ROOT, "hyper-parameters: rank %d, L2 %s (Spark regParam); %d threads%n", rank, l2, workers);

    SparkSession spark = SparkSession.builder().master("local[" + workers + "]").appName("mf-vs-petuum4j")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    double target;
    double alsSeconds;
    try {
      Dataset<Row> train = toDataFrame(spark, split[0]).persist(StorageLevel.MEMORY_ONLY());
      train.count();
      // A first fit warms up Spark's code paths; the timed fit is the second.
      fitAls(train, rank, l2, alsIters, seed);
      long t0 = System.nanoTime();
      ALSModel als = fitAls(train, rank, l2, alsIters, seed);
      alsSeconds = (System.nanoTime() - t0) / 1e9;
      target = toModel(als, rank, split[0]).rmse(split[1]);
      System.out.printf(Locale.ROOT, "spark ALS   maxIter=%d rank=%d regParam=%s: %.2f s, test RMSE %.6f (the target)%n",
          alsIters, rank, l2, alsSeconds, target);
    } finally {
      spark.stop();
    }

    double best = Double.POSITIVE_INFINITY;
    for (String name : algorithms) {
      MfConfig config = new MfConfig(MfConfig.Algorithm.parse(name), rank, maxEpochs, lr, decay, sgdL2,
          Consistency.bsp(), MfConfig.DEFAULT_CLOCKS_PER_EPOCH, MfConfig.DEFAULT_INIT_SCALE, seed);
      JobParams params = MfJob.params(trainFile, testFile, config).with("targetRmse", target);
      List<MfMetrics> epochs = new ArrayList<>();
      long t0 = System.nanoTime();
      MfJob.train(new EmbeddedDeployment(workers, workers), params, epochs::add);
      double s = (System.nanoTime() - t0) / 1e9;
      MfMetrics last = epochs.get(epochs.size() - 1);
      boolean reached = last.testRmse() <= target;
      if (reached) {
        best = Math.min(best, s);
      }
      System.out.printf(Locale.ROOT, "petuum4j %-8s rank=%d l2=%s eta0=%s decay=%s: %.2f s wall (%.2f s in epochs), "
              + "%d epochs, test RMSE %.6f, reached: %s%n",
          name, rank, sgdL2, lr, decay, s, last.seconds(), last.epoch(), last.testRmse(), reached ? "yes" : "no");
    }
    System.out.printf(Locale.ROOT, "time to ALS's test RMSE %.6f: petuum4j (best) %s, Spark ALS %.2f s; ratio %s%n",
        target, Double.isInfinite(best) ? "did not reach it" : String.format(Locale.ROOT, "%.2f s", best), alsSeconds,
        Double.isInfinite(best) ? "n/a" : String.format(Locale.ROOT, "%.1fx", alsSeconds / best));
  }

  private static ALSModel fitAls(Dataset<Row> train, int rank, double l2, int iters, long seed) {
    return new ALS().setRank(rank).setRegParam(l2).setMaxIter(iters).setSeed(seed)
        .setUserCol("user").setItemCol("item").setRatingCol("rating").setColdStartStrategy("drop").fit(train);
  }

  /** ALS's factors as an {@link MfModel} with mean 0, so both systems are scored by the same code. */
  private static MfModel toModel(ALSModel als, int rank, Ratings train) {
    long[] users = train.distinctUsers();
    long[] items = train.distinctItems();
    float[] p = factors(als.userFactors(), users, rank);
    float[] q = factors(als.itemFactors(), items, rank);
    return new MfModel(rank, 0, users, p, items, q);
  }

  private static float[] factors(Dataset<Row> df, long[] ids, int rank) {
    float[] out = new float[ids.length * rank];
    for (Row r : df.collectAsList()) {
      int k = Arrays.binarySearch(ids, r.getInt(0));
      List<Object> f = r.getList(1);
      for (int j = 0; j < rank; j++) {
        out[k * rank + j] = ((Number) f.get(j)).floatValue();
      }
    }
    return out;
  }

  /** Train and test parts; test ratings of ids unseen in training go to training. */
  static Ratings[] split(Ratings all, double testFraction, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = all.size();
    boolean[] test = new boolean[n];
    for (int k = 0; k < n; k++) {
      test[k] = rnd.nextDouble() < testFraction;
    }
    it.unimi.dsi.fastutil.longs.LongOpenHashSet users = new it.unimi.dsi.fastutil.longs.LongOpenHashSet();
    it.unimi.dsi.fastutil.longs.LongOpenHashSet items = new it.unimi.dsi.fastutil.longs.LongOpenHashSet();
    for (int k = 0; k < n; k++) {
      if (!test[k]) {
        users.add(all.user(k));
        items.add(all.item(k));
      }
    }
    for (int k = 0; k < n; k++) {
      if (test[k] && (!users.contains(all.user(k)) || !items.contains(all.item(k)))) {
        test[k] = false;
        users.add(all.user(k));
        items.add(all.item(k));
      }
    }
    return new Ratings[] {subset(all, test, false), subset(all, test, true)};
  }

  private static Ratings subset(Ratings all, boolean[] test, boolean want) {
    int m = 0;
    for (boolean t : test) {
      m += t == want ? 1 : 0;
    }
    long[] u = new long[m];
    long[] i = new long[m];
    float[] v = new float[m];
    int p = 0;
    for (int k = 0; k < all.size(); k++) {
      if (test[k] == want) {
        u[p] = all.user(k);
        i[p] = all.item(k);
        v[p++] = all.value(k);
      }
    }
    return Ratings.of(u, i, v);
  }

  private static void write(Path file, Ratings r) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int k = 0; k < r.size(); k++) {
        w.write(r.user(k) + "\t" + r.item(k) + "\t" + r.value(k) + "\n");
      }
    }
  }

  private static Dataset<Row> toDataFrame(SparkSession spark, Ratings r) {
    List<Row> rows = new ArrayList<>(r.size());
    for (int k = 0; k < r.size(); k++) {
      rows.add(RowFactory.create((int) r.user(k), (int) r.item(k), r.value(k)));
    }
    StructType schema = new StructType()
        .add("user", DataTypes.IntegerType, false)
        .add("item", DataTypes.IntegerType, false)
        .add("rating", DataTypes.FloatType, false);
    return spark.createDataFrame(rows, schema);
  }
}

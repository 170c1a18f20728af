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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
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
    int alsMaxIter = Integer.parseInt(opt.getOrDefault("als-max-iter", "30"));
    int alsBlocks = Integer.parseInt(opt.getOrDefault("als-blocks", "10"));
    int workers = Integer.parseInt(opt.getOrDefault("workers", "2"));
    double lr = Double.parseDouble(opt.getOrDefault("learning-rate", Double.toString(MfConfig.DEFAULT_LEARNING_RATE)));
    double decay = Double.parseDouble(opt.getOrDefault("decay", Double.toString(MfConfig.DEFAULT_DECAY)));
    double sgdL2 = Double.parseDouble(opt.getOrDefault("sgd-l2", Double.toString(l2)));
    int maxEpochs = Integer.parseInt(opt.getOrDefault("max-epochs", "60"));
    int repeats = Integer.parseInt(opt.getOrDefault("repeats", "3"));
    double slack = Double.parseDouble(opt.getOrDefault("slack", "0.002"));
    double testFraction = Double.parseDouble(opt.getOrDefault("test-fraction", "0.1"));
    long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
    String[] algorithms = opt.getOrDefault("algorithms", "sgd,rotation").split(",");
    Path docs = opt.containsKey("docs") ? Path.of(opt.get("docs")) : null;

    Path dir = Files.createTempDirectory("mf-vs-als");
    Ratings all;
    String source;
    if (opt.containsKey("ratings")) {
      all = RatingsReader.read(Path.of(opt.get("ratings")));
      source = opt.getOrDefault("name", opt.get("ratings"));
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
    double mean = mean(split[0]);
    String dataDesc = String.format(Locale.ROOT, "%s: %,d ratings, %,d users, %,d items; %,d train / %,d test (seeded split)",
        source, all.size(), all.distinctUsers().length, all.distinctItems().length, split[0].size(), split[1].size());
    System.out.println("data: " + dataDesc);
    String settings = String.format(Locale.ROOT, "rank %d, lambda %s both (per rating; Spark regParam, whose ALS-WR "
            + "scaling lambda n_u, lambda n_i is the same objective), both predict mean + p.q with the training mean "
            + "%.4f (ALS fits the centred ratings); petuum4j: %d workers, %d shards, BSP, eta0 %s, decay %s, "
            + "%d clocks per epoch, init scale %s; Spark: ALS local[%d], %d user and item blocks, checkpoint interval 10, "
            + "seed %d",
        rank, l2, mean, workers, workers, lr, decay, MfConfig.DEFAULT_CLOCKS_PER_EPOCH, MfConfig.DEFAULT_INIT_SCALE,
        workers, alsBlocks, seed);
    if (sgdL2 != l2) {
      settings += String.format(Locale.ROOT, "; petuum4j lambda %s (differs)", sgdL2);
    }
    System.out.println("settings: " + settings);

    SparkSession spark = LocalSpark.start("mf-vs-petuum4j", workers);
    // ALS checkpoints its factors every 10 iterations when there is a checkpoint directory; without
    // one, the lineage of a long run overflows the stack when tasks are serialised (Spark's advice).
    spark.sparkContext().setCheckpointDir(dir.resolve("spark-checkpoints").toString());
    try {
      StructType schema = new StructType()
          .add("user", DataTypes.IntegerType, false)
          .add("item", DataTypes.IntegerType, false)
          .add("rating", DataTypes.FloatType, false);
      // Spark's own CSV reader, centred, one partition per thread, cached.
      Dataset<Row> train = spark.read().schema(schema).option("sep", "\t").csv(trainFile.toString())
          .withColumn("rating", functions.col("rating").minus(mean).cast(DataTypes.FloatType))
          .repartition(workers).persist(StorageLevel.MEMORY_ONLY());
      train.count();
      // A first fit warms up Spark's code paths.
      fitAls(train, rank, l2, 2, alsBlocks, seed);

      // Search. Spark: a fit from scratch per maxIter on a grid; its time is that fit's.
      List<double[]> alsCurve = new ArrayList<>();
      for (int it : iterationGrid(alsMaxIter)) {
        long t0 = System.nanoTime();
        ALSModel m = fitAls(train, rank, l2, it, alsBlocks, seed);
        double s = (System.nanoTime() - t0) / 1e9;
        double rmse = toModel(m, rank, mean, split[0]).rmse(split[1]);
        alsCurve.add(new double[] {it, s, rmse});
        System.out.printf(Locale.ROOT, "spark ALS search  maxIter %3d: %6.2f s, test RMSE %.6f%n", it, s, rmse);
      }
      double bestAls = alsCurve.stream().mapToDouble(c -> c[2]).min().orElseThrow();
      // petuum4j: one run per algorithm without a target, wall time since the train call.
      Map<String, List<double[]>> curves = new LinkedHashMap<>();
      double bestPetuum = Double.POSITIVE_INFINITY;
      for (String name : algorithms) {
        List<double[]> curve = petuum(name, trainFile, testFile, rank, maxEpochs, lr, decay, sgdL2, workers, seed,
            Double.NEGATIVE_INFINITY).curve;
        curves.put(name, curve);
        double b = curve.stream().mapToDouble(c -> c[2]).min().orElseThrow();
        bestPetuum = Math.min(bestPetuum, b);
        System.out.printf(Locale.ROOT, "petuum4j %s search: %d epochs, best test RMSE %.6f (epoch %d)%n", name,
            curve.size(), b, (int) curve.stream().filter(c -> c[2] == b).findFirst().orElseThrow()[0]);
      }
      double target = Math.max(bestAls, bestPetuum) * (1 + slack);
      int alsIters = -1;
      for (double[] c : alsCurve) {
        if (c[2] <= target) {
          alsIters = (int) c[0];
          break;
        }
      }
      System.out.printf(Locale.ROOT, "target test RMSE %.6f (the worse of the two best, %.6f ALS and %.6f petuum4j, "
          + "x %.4f); ALS reaches it at maxIter %d%n", target, bestAls, bestPetuum, 1 + slack, alsIters);

      // Timing: alternating rounds, petuum4j with the target as its stopping rule.
      double[] alsT = new double[repeats];
      double[] alsR = new double[repeats];
      Map<String, double[]> pT = new LinkedHashMap<>();
      Map<String, double[]> pR = new LinkedHashMap<>();
      Map<String, int[]> pE = new LinkedHashMap<>();
      for (String name : algorithms) {
        pT.put(name, new double[repeats]);
        pR.put(name, new double[repeats]);
        pE.put(name, new int[repeats]);
      }
      System.out.println("round  system            seconds  test RMSE  reached");
      for (int r = 0; r < repeats; r++) {
        for (int k = 0; k < 2; k++) {
          if ((k + r) % 2 == 0) {
            long t0 = System.nanoTime();
            ALSModel m = fitAls(train, rank, l2, alsIters, alsBlocks, seed);
            alsT[r] = (System.nanoTime() - t0) / 1e9;
            alsR[r] = toModel(m, rank, mean, split[0]).rmse(split[1]);
            System.out.printf(Locale.ROOT, "%5d  %-16s  %7.2f  %9.6f  %s%n", r + 1, "spark ALS", alsT[r], alsR[r],
                alsR[r] <= target ? "yes" : "no");
          } else {
            for (String name : algorithms) {
              Run run = petuum(name, trainFile, testFile, rank, maxEpochs, lr, decay, sgdL2, workers, seed, target);
              pT.get(name)[r] = run.seconds;
              pR.get(name)[r] = run.rmse;
              pE.get(name)[r] = run.curve.size();
              System.out.printf(Locale.ROOT, "%5d  petuum4j %-8s  %7.2f  %9.6f  %s (%d epochs)%n", r + 1, name,
                  run.seconds, run.rmse, run.rmse <= target ? "yes" : "no", run.curve.size());
            }
          }
        }
      }
      double als = SspStragglerBench.median(alsT);
      int alsOk = count(alsR, target);
      String bestName = null;
      double best = Double.POSITIVE_INFINITY;
      StringBuilder cell = new StringBuilder();
      for (String name : algorithms) {
        double t = SspStragglerBench.median(pT.get(name));
        int ok = count(pR.get(name), target);
        int epochs = medianInt(pE.get(name));
        if (cell.length() > 0) {
          cell.append("; ");
        }
        cell.append(String.format(Locale.ROOT, "%s %.2f s (%d epochs, RMSE %.6f; %d/%d runs reached)", name, t, epochs,
            SspStragglerBench.median(pR.get(name)), ok, repeats));
        if (ok * 2 > repeats && t < best) {
          best = t;
          bestName = name;
        }
      }
      System.out.printf(Locale.ROOT, "time to test RMSE <= %.6f, median of %d: petuum4j %s; Spark ALS %.2f s "
              + "(maxIter %d, RMSE %.6f, %d/%d reached); ALS / best petuum4j = %s%n", target, repeats, cell, als,
          alsIters, SspStragglerBench.median(alsR), alsOk, repeats,
          bestName == null ? "n/a" : String.format(Locale.ROOT, "%.1fx", als / best));

      // ALS needing nearly all its search iterations means it had not converged: say so.
      double alsLast = alsCurve.get(alsCurve.size() - 1)[2];
      double alsBefore = alsCurve.size() > 1 ? alsCurve.get(alsCurve.size() - 2)[2] : alsLast;
      String caveat = alsIters * 10 >= alsMaxIter * 9 || alsLast < alsBefore * (1 - slack)
          ? String.format(Locale.ROOT, " Caveat: ALS was still improving at maxIter %d (held-out RMSE %.6f there), "
              + "so the target may be above its optimum.", alsMaxIter, alsLast)
          : "";
      if (!caveat.isEmpty()) {
        System.out.println(caveat.strip());
      }
      if (docs != null) {
        Files.createDirectories(docs.resolve("img"));
        List<BenchReport.Series> series = new ArrayList<>();
        series.add(new BenchReport.Series("Spark ALS (fit per maxIter)", column(alsCurve, 1), column(alsCurve, 2)));
        for (Map.Entry<String, List<double[]>> e : curves.entrySet()) {
          series.add(new BenchReport.Series("petuum4j " + e.getKey(), column(e.getValue(), 1), column(e.getValue(), 2)));
        }
        double maxT = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x())).max().orElse(1);
        series.add(new BenchReport.Series(String.format(Locale.ROOT, "target %.4f", target), new double[] {0, maxT},
            new double[] {target, target}));
        BenchReport.lineChart(docs.resolve("img/mf-vs-als.png"), "Matrix factorisation on " + source
            + ": held-out RMSE against wall time", "wall time (s)", "held-out RMSE", series);
        String command = "`bench/run-mf-vs-als.sh " + String.join(" ", args) + "`";
        BenchReport.upsertRow(docs.resolve("benchmarks.md"), List.of(
            "matrix factorisation vs Spark MLlib ALS (" + source + ")",
            dataDesc,
            cell.toString(),
            String.format(Locale.ROOT, "Spark MLlib ALS: %.2f s (maxIter %d, RMSE %.6f; %d/%d runs reached)", als,
                alsIters, SspStragglerBench.median(alsR), alsOk, repeats),
            bestName == null ? "n/a (petuum4j did not reach the target)"
                : String.format(Locale.ROOT, "%.1fx (%s)", als / best, bestName),
            String.format(Locale.ROOT, "held-out RMSE <= %.6f (best: ALS %.6f, petuum4j %.6f)", target, bestAls,
                bestPetuum),
            String.format(Locale.ROOT, "%s; median of %d alternating runs, each a whole training from scratch "
                + "(petuum4j: train call incl. start-up, data loading and per-epoch evaluation, stopping at the first "
                + "epoch at or below the target; Spark: fit on a cached DataFrame with the fewest iterations that "
                + "reach it); same RMSE code; %s.%s Plot: [img/mf-vs-als.png](img/mf-vs-als.png)", command, repeats,
                settings, caveat)));
        StringBuilder sec = new StringBuilder();
        sec.append("## Matrix factorisation vs Spark MLlib ALS\n\n![held-out RMSE against wall time](img/mf-vs-als.png)\n\n");
        sec.append(String.format(Locale.ROOT, "Command: %s. Data: %s. Settings: %s. ", command, dataDesc, settings));
        sec.append("Each ALS point is a separate fit from scratch with that maxIter (its wall time and held-out RMSE); "
            + "each petuum4j point is one epoch of one run, at the wall time since the train call began (start-up, "
            + "loading and evaluation included). The timed runs of the summary row are separate from these.\n\n");
        sec.append(caveat.strip()).append(caveat.isEmpty() ? "" : "\n\n");
        sec.append("| ALS maxIter | fit time (s) | held-out RMSE |\n|---|---|---|\n");
        for (double[] c : alsCurve) {
          sec.append(String.format(Locale.ROOT, "| %d | %.2f | %.6f |%n", (int) c[0], c[1], c[2]));
        }
        for (Map.Entry<String, List<double[]>> e : curves.entrySet()) {
          List<double[]> c = e.getValue();
          int reach = -1;
          for (double[] x : c) {
            if (x[2] <= target) {
              reach = (int) x[0];
              break;
            }
          }
          double[] last = c.get(c.size() - 1);
          sec.append(String.format(Locale.ROOT, "%npetuum4j %s: %s; after %d epochs (%.2f s) held-out RMSE %.6f.",
              e.getKey(), reach < 0 ? "did not reach the target" : "reached the target at epoch " + reach,
              (int) last[0], last[1], last[2]));
        }
        sec.append("\n");
        BenchReport.replaceSection(docs.resolve("benchmarks.md"), "mf-vs-als", sec.toString());
        System.out.println("row, section and plot written to " + docs);
      }
    } finally {
      spark.stop();
    }
  }

  /** One petuum4j run: its wall time, final test RMSE and per-epoch (epoch, wall seconds, test RMSE). */
  private record Run(double seconds, double rmse, List<double[]> curve) {}

  private static Run petuum(String name, Path trainFile, Path testFile, int rank, int maxEpochs, double lr,
      double decay, double l2, int workers, long seed, double target) throws Exception {
    MfConfig config = new MfConfig(MfConfig.Algorithm.parse(name), rank, maxEpochs, lr, decay, l2,
        Consistency.bsp(), MfConfig.DEFAULT_CLOCKS_PER_EPOCH, MfConfig.DEFAULT_INIT_SCALE, seed);
    JobParams params = MfJob.params(trainFile, testFile, config).with("targetRmse", target);
    List<double[]> curve = new ArrayList<>();
    long t0 = System.nanoTime();
    MfJob.train(new EmbeddedDeployment(workers, workers), params,
        m -> curve.add(new double[] {m.epoch(), (System.nanoTime() - t0) / 1e9, m.testRmse()}));
    double s = (System.nanoTime() - t0) / 1e9;
    return new Run(s, curve.get(curve.size() - 1)[2], curve);
  }

  /** maxIter values of the ALS search: 1 to 6, then 8, 10, 12, 15, 20, 25, 30, ... up to {@code max}. */
  static List<Integer> iterationGrid(int max) {
    List<Integer> out = new ArrayList<>();
    int[] steps = {1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20};
    for (int s : steps) {
      if (s <= max) {
        out.add(s);
      }
    }
    for (int s = 25; s <= max; s += 5) {
      out.add(s);
    }
    if (out.isEmpty() || out.get(out.size() - 1) != max) {
      out.add(max);
    }
    return out;
  }

  private static double[] column(List<double[]> rows, int c) {
    return rows.stream().mapToDouble(r -> r[c]).toArray();
  }

  private static int count(double[] v, double target) {
    int n = 0;
    for (double x : v) {
      n += x <= target ? 1 : 0;
    }
    return n;
  }

  private static int medianInt(int[] v) {
    int[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double mean(Ratings r) {
    double sum = 0;
    for (int k = 0; k < r.size(); k++) {
      sum += r.value(k);
    }
    return r.size() == 0 ? 0 : sum / r.size();
  }

  private static ALSModel fitAls(Dataset<Row> train, int rank, double l2, int iters, int blocks, long seed) {
    return new ALS().setRank(rank).setRegParam(l2).setMaxIter(iters).setSeed(seed).setNumBlocks(blocks)
        .setUserCol("user").setItemCol("item").setRatingCol("rating").setColdStartStrategy("drop").fit(train);
  }

  /** ALS's factors as an {@link MfModel} with the given mean, so both systems are scored by the same code. */
  private static MfModel toModel(ALSModel als, int rank, double mean, Ratings train) {
    long[] users = train.distinctUsers();
    long[] items = train.distinctItems();
    float[] p = factors(als.userFactors(), users, rank);
    float[] q = factors(als.itemFactors(), items, rank);
    return new MfModel(rank, mean, users, p, items, q);
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
}

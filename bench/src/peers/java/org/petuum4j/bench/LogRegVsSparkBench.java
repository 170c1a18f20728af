package org.petuum4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.gen.LogRegDataGenerator;
import org.petuum4j.ml.logreg.EpochMetrics;
import org.petuum4j.ml.logreg.LogRegConfig;
import org.petuum4j.ml.logreg.LogRegModel;
import org.petuum4j.ml.logreg.LogRegTrainer;
import org.petuum4j.ml.logreg.TrainingListener;
import org.petuum4j.ps.Consistency;

/**
 * Logistic regression, petuum4j against Spark MLlib, in one invocation on the same LibSVM data
 * and the same machine: wall time until the held-out log-loss, computed by the same code ({@link
 * LogRegModel#evaluate}) for both models, is at or below a target both reach.
 *
 * <p>Matched settings: L2 strength {@code lambda} for both (petuum4j {@code l2}, Spark {@code
 * regParam} with {@code elasticNetParam = 0}), no intercept, Spark's standardization off, W
 * threads each (petuum4j W embedded workers and 2 shards, Spark {@code local[W]}). The objectives
 * differ in one detail, printed with the results: petuum4j's SGD applies the L2 term per example
 * (or, with {@code --update batch}, per mini-batch) to the weights it touched, Spark's L-BFGS
 * minimises {@code mean log-loss + lambda/2 ||w||^2} exactly. petuum4j runs with its defaults
 * unless options say otherwise ({@code --update}, {@code --clocks-per-epoch}, {@code
 * --batch-size}, {@code --learning-rate}, {@code --decay}).
 *
 * <p>Procedure. (1) Search: petuum4j runs {@code --max-epochs} epochs, evaluated after each;
 * Spark fits with {@code maxIter = --spark-max-iter} and {@code tol = 0}. The target is the worse
 * of the two best held-out losses times {@code 1 + --slack}, so both reach it. The fewest
 * petuum4j epochs that reach it come from the search; Spark's fewest iterations by doubling
 * {@code maxIter} from 5 and bisecting. (2) Timing: {@code --repeats} rounds, the order of the two
 * systems alternating, each timing a complete training from scratch with exactly those epochs or
 * iterations: petuum4j's whole {@code train} call (start-up of the embedded parameter server and
 * its per-epoch evaluation included), Spark's {@code fit} on a cached DataFrame read by Spark's own LibSVM reader, one partition per thread. Medians and their
 * ratio are reported; a timed run that misses the target is reported as such.
 *
 * <p>Run through {@code bench/run-logreg-vs-spark.sh [--train F --test F | --rows N --features D
 * --nnz K] [--workers W] [--repeats R] [--target-loss L] [--docs DIR] ...}; {@code --target-loss}
 * replaces the target rule above by a given held-out log-loss.
 */
public final class LogRegVsSparkBench {
  private LogRegVsSparkBench() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = LassoSchedulerBench.options(args);
    int workers = Integer.parseInt(opt.getOrDefault("workers", "2"));
    int maxEpochs = Integer.parseInt(opt.getOrDefault("max-epochs", "20"));
    int sparkMaxIter = Integer.parseInt(opt.getOrDefault("spark-max-iter", "100"));
    int repeats = Integer.parseInt(opt.getOrDefault("repeats", "3"));
    double slack = Double.parseDouble(opt.getOrDefault("slack", "0.002"));
    double l2 = Double.parseDouble(opt.getOrDefault("l2", Double.toString(LogRegConfig.DEFAULT_L2)));
    LogRegConfig.Update update = org.petuum4j.ml.logreg.LogRegJob.update(opt.getOrDefault("update", "example"));
    int clocks = Integer.parseInt(opt.getOrDefault("clocks-per-epoch", "0"));
    double eta0 = Double.parseDouble(opt.getOrDefault("learning-rate", Double.toString(
        update == LogRegConfig.Update.EXAMPLE ? LogRegConfig.DEFAULT_EXAMPLE_LEARNING_RATE : LogRegConfig.DEFAULT_LEARNING_RATE)));
    double decay = Double.parseDouble(opt.getOrDefault("decay", Double.toString(LogRegConfig.DEFAULT_DECAY)));
    int batch = Integer.parseInt(opt.getOrDefault("batch-size", Integer.toString(LogRegConfig.DEFAULT_BATCH_SIZE)));
    String staleness = opt.getOrDefault("staleness", "2");
    Path docs = opt.containsKey("docs") ? Path.of(opt.get("docs")) : null;

    Path train;
    Path test;
    String dataName;
    if (opt.containsKey("train")) {
      train = Path.of(opt.get("train"));
      test = Path.of(opt.getOrDefault("test", ""));
      dataName = opt.getOrDefault("name", train.getParent() == null ? train.toString() : train.getParent().getFileName().toString());
    } else {
      long rows = Long.parseLong(opt.getOrDefault("rows", "100000"));
      int features = Integer.parseInt(opt.getOrDefault("features", "10000"));
      int nnz = Integer.parseInt(opt.getOrDefault("nnz", "50"));
      Path dir = Path.of(opt.getOrDefault("data", String.format(Locale.ROOT, "data/bench/logreg-%dx%dx%d", rows, features, nnz)));
      train = dir.resolve("train.libsvm");
      test = dir.resolve("test.libsvm");
      if (!Files.exists(train) || !Files.exists(test)) {
        LogRegDataGenerator.builder().trainRows(rows).testRows(rows / 10).features(features).nonZerosPerRow(nnz)
            .seed(42).build().write(train, test);
      }
      dataName = String.format(Locale.ROOT, "generated, %,d x %,d, %d non-zeros per row", rows, features, nnz);
    }
    SparseDataset trainSet = LibSvmReader.oneBased().read(train);
    SparseDataset testSet = LibSvmReader.oneBased().read(test);
    int dimension = Math.max(1, Math.max(trainSet.dimension(), testSet.dimension()));
    System.out.printf(Locale.ROOT, "data: %s: %,d training rows, %,d test rows, dimension %,d, %,d non-zeros%n",
        dataName, trainSet.rows(), testSet.rows(), dimension, trainSet.nonZeros());
    String updates = update == LogRegConfig.Update.EXAMPLE
        ? "per-example updates, " + (clocks == 0 ? "automatic clocks per epoch" : clocks + " clocks per epoch")
        : "mini-batches of " + batch + " per worker";
    String settings = String.format(Locale.ROOT, "L2 %s both, no intercept; petuum4j: %d workers, 2 shards, "
            + "staleness %s, %s, eta0 %s, decay %s; Spark: local[%d], regParam %s, "
            + "elasticNetParam 0, standardization off, tol 0",
        l2, workers, staleness, updates, eta0, decay, workers, l2);
    Petuum petuum = (epochCount) -> petuum(trainSet, testSet, workers, staleness, epochCount, update, clocks, batch,
        eta0, decay, l2);
    System.out.println("settings: " + settings);

    // Search, petuum4j.
    List<EpochMetrics> epochs = petuum.run(maxEpochs).epochs;
    double bestPetuum = epochs.stream().mapToDouble(EpochMetrics::testLoss).min().orElseThrow();
    System.out.printf(Locale.ROOT, "petuum4j search: %d epochs, best held-out log-loss %.6f%n", maxEpochs, bestPetuum);

    SparkSession spark = LocalSpark.start("logreg-vs-petuum4j", workers);
    try {
      // Spark's own LibSVM reader, cut into one partition per thread and cached: a DataFrame made
      // from a driver-side list would ship its rows inside every task of every iteration.
      Dataset<Row> df = spark.read().format("libsvm").option("numFeatures", Integer.toString(dimension))
          .load(train.toString()).repartition(workers).persist(StorageLevel.MEMORY_ONLY());
      df.count();
      double bestSpark = sparkFit(df, testSet, dimension, l2, sparkMaxIter).loss;
      System.out.printf(Locale.ROOT, "Spark search: maxIter %d, held-out log-loss %.6f%n", sparkMaxIter, bestSpark);
      // --target-loss sets the target outright, e.g. Spark's best over its iterations (with no L2
      // an early L-BFGS iterate generalises better than the converged fit the search measured).
      double target = opt.containsKey("target-loss") ? Double.parseDouble(opt.get("target-loss"))
          : Math.max(bestPetuum, bestSpark) * (1 + slack);
      int needEpochs = -1;
      for (EpochMetrics m : epochs) {
        if (m.testLoss() <= target) {
          needEpochs = m.epoch();
          break;
        }
      }
      int reached = fewestIterations(sparkMaxIter, it -> sparkFit(df, testSet, dimension, l2, it).loss <= target);
      System.out.printf(Locale.ROOT, "target held-out log-loss %.6f (%s); petuum4j needs %d epochs, "
          + "Spark %d iterations%n", target, opt.containsKey("target-loss") ? "given"
              : String.format(Locale.ROOT, "worse best x %.4f", 1 + slack), needEpochs, reached);

      System.out.println("round  system    seconds  held-out log-loss  test error  reached");
      double[] pt = new double[repeats];
      double[] st = new double[repeats];
      double[] pl = new double[repeats];
      double[] sl = new double[repeats];
      int pOk = 0;
      int sOk = 0;
      for (int r = 0; r < repeats; r++) {
        for (int k = 0; k < 2; k++) {
          if ((k + r) % 2 == 0) {
            long t0 = System.nanoTime();
            Result p = petuum.run(needEpochs);
            pt[r] = (System.nanoTime() - t0) / 1e9;
            pl[r] = p.evaluation.logLoss();
            pOk += pl[r] <= target ? 1 : 0;
            System.out.printf(Locale.ROOT, "%5d  petuum4j  %7.2f  %17.6f  %10.4f  %s%n", r + 1, pt[r], pl[r],
                p.evaluation.error(), pl[r] <= target ? "yes" : "no");
          } else {
            SparkResult s = sparkFit(df, testSet, dimension, l2, reached);
            st[r] = s.seconds;
            sl[r] = s.loss;
            sOk += sl[r] <= target ? 1 : 0;
          }
        }
      }
      double p = SspStragglerBench.median(pt);
      double s = SspStragglerBench.median(st);
      System.out.printf(Locale.ROOT, "time to held-out log-loss <= %.6f, median of %d: petuum4j %.2f s (%d/%d "
              + "reached; log-loss %.6f), Spark MLlib %.2f s (%d/%d reached; log-loss %.6f); Spark / petuum4j = %.2fx%n",
          target, repeats, p, pOk, repeats, SspStragglerBench.median(pl), s, sOk, repeats,
          SspStragglerBench.median(sl), s / p);
      String caveat = notConvergedCaveat(reached, sparkMaxIter, bestPetuum);
      if (docs != null) {
        BenchReport.upsertRow(docs.resolve("benchmarks.md"), List.of(
            "logistic regression vs Spark MLlib (" + dataName + ")",
            String.format(Locale.ROOT, "%s: %,d train / %,d test rows, dimension %,d", dataName, trainSet.rows(),
                testSet.rows(), dimension),
            String.format(Locale.ROOT, "%.2f s (%d epochs; %d/%d runs reached)", p, needEpochs, pOk, repeats),
            String.format(Locale.ROOT, "Spark MLlib LogisticRegression: %.2f s (maxIter %d; %d/%d runs reached)",
                s, reached, sOk, repeats),
            String.format(Locale.ROOT, "%.2fx", s / p),
            String.format(Locale.ROOT, "held-out log-loss <= %.6f (petuum4j %.6f, Spark %.6f)", target,
                SspStragglerBench.median(pl), SspStragglerBench.median(sl)),
            String.format(Locale.ROOT, "`bench/run-logreg-vs-spark.sh %s`; median of %d alternating runs, each a "
                + "whole training from scratch (petuum4j: train call incl. start-up and per-epoch evaluation; "
                + "Spark: fit on a cached DataFrame); same loss code; %s.%s", String.join(" ", args), repeats, settings,
                caveat)));
        System.out.println("row written to " + docs.resolve("benchmarks.md"));
      }
    } finally {
      spark.stop();
    }
  }

  /**
   * The fewest iterations in {@code [1, maxIter]} for which {@code reaches} holds, taking it to be
   * monotone: doubling from 5 (capped at {@code maxIter}) until it holds, then bisecting; -1 if it
   * does not hold at {@code maxIter}. Each test is a fit from scratch.
   */
  static int fewestIterations(int maxIter, IntPredicate reaches) {
    int failed = 0;
    int reached = -1;
    for (int iters = 5; reached < 0 && iters < 2 * maxIter; iters *= 2) {
      int it = Math.min(iters, maxIter);
      if (reaches.test(it)) {
        reached = it;
      } else {
        failed = it;
      }
    }
    while (reached - failed > 1) {
      int mid = (failed + reached) / 2;
      if (reaches.test(mid)) {
        reached = mid;
      } else {
        failed = mid;
      }
    }
    return reached;
  }

  /**
   * Spark needing nearly all its search iterations means it had not converged: then a sentence (with
   * a leading space) saying so, which is also printed; else "".
   */
  static String notConvergedCaveat(int reached, int sparkMaxIter, double bestPetuum) {
    if (reached * 10 < sparkMaxIter * 9) {
      return "";
    }
    String caveat = String.format(Locale.ROOT, " Caveat: Spark was still improving at maxIter %d, so the target is "
        + "its held-out loss there, not at its optimum; petuum4j's best was %.6f.", sparkMaxIter, bestPetuum);
    System.out.println(caveat.strip());
    return caveat;
  }

  private record Result(List<EpochMetrics> epochs, org.petuum4j.ml.logreg.Evaluation evaluation) {}

  /** A petuum4j training of the given epochs with the benchmark's settings. */
  private interface Petuum {
    Result run(int epochs);
  }

  private record SparkResult(double seconds, double loss) {}

  private static Result petuum(SparseDataset train, SparseDataset test, int workers, String staleness, int epochs,
      LogRegConfig.Update update, int clocks, int batch, double eta0, double decay, double l2) {
    LogRegConfig config = LogRegConfig.builder().workers(workers).shards(2).update(update).clocksPerEpoch(clocks)
        .consistency(Consistency.parseStaleness(staleness)).epochs(epochs).batchSize(batch)
        .learningRate(eta0).decay(decay).l2(l2).seed(1).build();
    List<EpochMetrics> metrics = new ArrayList<>();
    LogRegModel model = new LogRegTrainer(config).train(train, test, new TrainingListener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        metrics.add(m);
      }
    });
    return new Result(metrics, model.evaluate(test));
  }

  private static SparkResult sparkFit(Dataset<Row> df, SparseDataset test, int dimension, double l2, int iters) {
    LogisticRegression lr = new LogisticRegression().setRegParam(l2).setElasticNetParam(0.0)
        .setStandardization(false).setFitIntercept(false).setTol(0).setMaxIter(iters);
    long t0 = System.nanoTime();
    LogisticRegressionModel model = lr.fit(df);
    double s = (System.nanoTime() - t0) / 1e9;
    double[] c = model.coefficients().toArray();
    float[] w = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      w[j] = (float) c[j];
    }
    org.petuum4j.ml.logreg.Evaluation e = new LogRegModel(w).evaluate(test);
    System.out.printf(Locale.ROOT, "       spark     %7.2f  %17.6f  %10.4f  (maxIter %d)%n", s, e.logLoss(), e.error(), iters);
    return new SparkResult(s, e.logLoss());
  }
}

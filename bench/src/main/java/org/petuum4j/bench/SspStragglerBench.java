package org.petuum4j.bench;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.petuum4j.ml.data.AtomicFile;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.gen.LogRegDataGenerator;
import org.petuum4j.ml.logreg.EpochMetrics;
import org.petuum4j.ml.logreg.LogRegConfig;
import org.petuum4j.ml.logreg.LogRegTrainer;
import org.petuum4j.ml.logreg.TrainingListener;
import org.petuum4j.ps.Consistency;

/**
 * The SSP experiment of the Petuum papers (Ho et al., NIPS 2013, Figure 3; Xing et al., KDD 2015)
 * for logistic regression: one injected straggler, the same data and the same SGD under
 * staleness 0 (BSP), 1, 2, 4, 8 and unbounded (ASP); training loss against wall time for each,
 * and the time each needs to reach a target training loss.
 *
 * <p>The straggler is {@link LogRegConfig#stragglerMillis()}: at every clock one worker drawn at
 * random (seeded) sleeps, with the configured probability, before it clocks. Under BSP every
 * sleep stalls every worker; under SSP the other workers run up to {@code s} clocks ahead, so the
 * sleeps of different workers overlap.
 *
 * <p>The data is generated with {@link LogRegDataGenerator} (seeded) into {@code --data} on first
 * use. Every configuration runs {@code --repeats} times, the configurations in rotating order
 * (so drift of the machine's load spreads over all of them), after one unmeasured warm-up run.
 * The target is the training loss BSP (with the straggler) reaches after {@code --target-epoch}
 * epochs in its first repetition; a run's time to target is the training time (evaluation
 * excluded) at the end of its first epoch whose training loss is at or below it. The report gives
 * the median over repetitions. A BSP run without straggler is included for reference.
 *
 * <p>Writes one CSV per run ({@code epoch,seconds,train_loss,test_loss,test_error}) and {@code
 * summary.csv} into {@code --out}; with {@code --docs DIR}, also the plot {@code
 * DIR/img/ssp-logreg.png} (the median repetition of each configuration) and its section and
 * summary row in {@code DIR/benchmarks.md}.
 *
 * <pre>
 * bench/run-ssp-experiment.sh [--rows N] [--features D] [--epochs E] [--straggler-ms MS] ...
 * </pre>
 */
public final class SspStragglerBench {
  private static final List<String> KNOWN = List.of("data", "out", "docs", "rows", "test-rows", "features",
      "nnz", "workers", "epochs", "batch-size", "straggler-ms", "straggler-prob", "repeats", "target-epoch",
      "staleness");

  private SspStragglerBench() {}

  /** One configuration of the experiment. */
  record Setup(String name, Consistency consistency, boolean straggler) {}

  /** One run's per-epoch metrics. */
  record Run(Setup setup, int repeat, List<EpochMetrics> epochs) {
    double seconds() {
      return epochs.get(epochs.size() - 1).seconds();
    }

    /** Training seconds at the end of the first epoch with training loss {@code <= target}, or NaN. */
    double timeTo(double target) {
      for (EpochMetrics m : epochs) {
        if (m.trainLoss() <= target) {
          return m.seconds();
        }
      }
      return Double.NaN;
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> o = options(args, KNOWN);
    Path data = Path.of(o.getOrDefault("data", "data/bench/ssp-logreg"));
    Path out = Path.of(o.getOrDefault("out", "runs/ssp-logreg"));
    Path docs = o.containsKey("docs") ? Path.of(o.get("docs")) : null;
    long rows = Long.parseLong(o.getOrDefault("rows", "50000"));
    long testRows = Long.parseLong(o.getOrDefault("test-rows", "5000"));
    int features = Integer.parseInt(o.getOrDefault("features", "10000"));
    int nnz = Integer.parseInt(o.getOrDefault("nnz", "50"));
    int workers = Integer.parseInt(o.getOrDefault("workers", "2"));
    int epochs = Integer.parseInt(o.getOrDefault("epochs", "12"));
    int batch = Integer.parseInt(o.getOrDefault("batch-size", "250"));
    int stragglerMs = Integer.parseInt(o.getOrDefault("straggler-ms", "10"));
    double stragglerProb = Double.parseDouble(o.getOrDefault("straggler-prob", "1"));
    int repeats = Integer.parseInt(o.getOrDefault("repeats", "3"));
    int targetEpoch = Integer.parseInt(o.getOrDefault("target-epoch", Integer.toString(Math.max(1, epochs * 2 / 3))));
    if (targetEpoch < 1 || targetEpoch > epochs) {
      throw new IllegalArgumentException("--target-epoch must be in [1, " + epochs + "], was " + targetEpoch);
    }
    List<Setup> setups = setups(o.getOrDefault("staleness", "0,1,2,4,8,inf"));

    Path train = data.resolve("train.libsvm");
    Path test = data.resolve("test.libsvm");
    String dataName = String.format(Locale.ROOT, "generated, %,d x %,d, %d non-zeros per row", rows, features, nnz);
    if (!Files.exists(train) || !Files.exists(test)) {
      LogRegDataGenerator.Summary s = LogRegDataGenerator.builder()
          .trainRows(rows).testRows(testRows).features(features).nonZerosPerRow(nnz).seed(42)
          .build().write(train, test);
      System.out.printf(Locale.ROOT, "generated %s (%s); planted model test error %.4f%n",
          data, dataName, s.plantedTestError());
    }
    SparseDataset trainSet = LibSvmReader.oneBased().read(train);
    SparseDataset testSet = LibSvmReader.oneBased().read(test);
    if (trainSet.rows() != rows) {
      dataName = String.format(Locale.ROOT, "%s: %,d rows", train, trainSet.rows());
    }

    String settings = String.format(Locale.ROOT, "%d workers, 2 shards, batch %d per worker, %d epochs, "
            + "eta0 %s, decay %s, L2 %s; straggler: at every clock one random worker sleeps %d ms with "
            + "probability %s", workers, batch, epochs, LogRegConfig.DEFAULT_LEARNING_RATE,
        LogRegConfig.DEFAULT_DECAY, LogRegConfig.DEFAULT_L2, stragglerMs, stragglerProb);
    System.out.println("data: " + dataName + " (" + train + ")");
    System.out.println("settings: " + settings);

    run(config(Consistency.bsp(), workers, 2, batch, 0, 1), trainSet, testSet); // warm-up
    Map<Setup, List<Run>> runs = new LinkedHashMap<>();
    setups.forEach(s -> runs.put(s, new ArrayList<>()));
    Files.createDirectories(out);
    for (int r = 0; r < repeats; r++) {
      for (int k = 0; k < setups.size(); k++) {
        Setup s = setups.get((k + r) % setups.size());
        LogRegConfig c = config(s.consistency(), workers, epochs, batch, s.straggler() ? stragglerMs : 0, stragglerProb);
        Run run = new Run(s, r, run(c, trainSet, testSet));
        runs.get(s).add(run);
        writeCsv(out.resolve(fileName(s) + "-rep" + (r + 1) + ".csv"), run.epochs());
        EpochMetrics last = run.epochs().get(run.epochs().size() - 1);
        System.out.printf(Locale.ROOT, "rep %d  %-18s %7.2f s  train_loss %.6f  test_error %.4f%n",
            r + 1, s.name(), run.seconds(), last.trainLoss(), last.testError());
      }
    }

    double target = runs.get(setups.get(0)).get(0).epochs().get(targetEpoch - 1).trainLoss();
    System.out.printf(Locale.ROOT, "target train loss %.6f (BSP with straggler, epoch %d, repetition 1)%n",
        target, targetEpoch);
    StringBuilder table = new StringBuilder(
        "| configuration | time to target (s), median | runs reaching it | total training time (s), median"
            + " | final train loss, median | final test error, median |\n|---|---|---|---|---|---|\n");
    StringBuilder summary = new StringBuilder("configuration,repeat,seconds,time_to_target,final_train_loss,final_test_error\n");
    List<BenchReport.Series> series = new ArrayList<>();
    Map<Setup, Double> medianTime = new LinkedHashMap<>();
    System.out.println("configuration        time_to_target  reached  total_s  final_train_loss  final_test_error");
    for (Setup s : setups) {
      List<Run> rs = runs.get(s);
      double[] times = rs.stream().mapToDouble(x -> x.timeTo(target)).filter(Double::isFinite).toArray();
      double tt = times.length * 2 > rs.size() ? median(times) : Double.NaN;
      medianTime.put(s, tt);
      double total = median(rs.stream().mapToDouble(Run::seconds).toArray());
      double loss = median(rs.stream().mapToDouble(x -> last(x).trainLoss()).toArray());
      double err = median(rs.stream().mapToDouble(x -> last(x).testError()).toArray());
      System.out.printf(Locale.ROOT, "%-20s %14s  %d/%d  %7.2f  %16.6f  %16.4f%n",
          s.name(), Double.isNaN(tt) ? "not reached" : String.format(Locale.ROOT, "%.2f", tt),
          times.length, rs.size(), total, loss, err);
      table.append(String.format(Locale.ROOT, "| %s | %s | %d/%d | %.2f | %.6f | %.4f |%n", s.name(),
          Double.isNaN(tt) ? "not reached" : String.format(Locale.ROOT, "%.2f", tt),
          times.length, rs.size(), total, loss, err));
      for (Run x : rs) {
        summary.append(String.format(Locale.ROOT, "%s,%d,%.4f,%s,%.6f,%.6f%n", s.name(), x.repeat() + 1,
            x.seconds(), Double.isNaN(x.timeTo(target)) ? "" : String.format(Locale.ROOT, "%.4f", x.timeTo(target)),
            last(x).trainLoss(), last(x).testError()));
      }
      Run mid = rs.stream().sorted((a, b) -> Double.compare(a.seconds(), b.seconds())).toList().get(rs.size() / 2);
      series.add(new BenchReport.Series(s.name(),
          mid.epochs().stream().mapToDouble(EpochMetrics::seconds).toArray(),
          mid.epochs().stream().mapToDouble(EpochMetrics::trainLoss).toArray()));
    }
    String summaryText = summary.toString();
    AtomicFile.write(out.resolve("summary.csv"), os -> os.write(summaryText.getBytes(StandardCharsets.UTF_8)));
    System.out.println("CSV files written to " + out);

    if (docs != null) {
      Path png = docs.resolve("img/ssp-logreg.png");
      BenchReport.lineChart(png, "Logistic regression with a straggler: training loss vs time",
          "training time (s), evaluation excluded", "training log-loss", series);
      double bsp = medianTime.get(setups.get(0));
      Setup best = bestBounded(setups, medianTime);
      String how = String.format(Locale.ROOT, "median of %d runs, alternating; training time to the "
          + "end of the first epoch with train loss <= target; %s", repeats, settings);
      if (best != null) {
        BenchReport.upsertRow(docs.resolve("benchmarks.md"), List.of(
            "logistic regression, SSP vs BSP with a straggler",
            dataName,
            String.format(Locale.ROOT, "%s: %.2f s", best.name(), medianTime.get(best)),
            String.format(Locale.ROOT, "petuum4j BSP: %.2f s", bsp),
            String.format(Locale.ROOT, "%.2fx", bsp / medianTime.get(best)),
            String.format(Locale.ROOT, "train log-loss <= %.6f", target),
            how));
      }
      List<String> shown = new ArrayList<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        if (!args[i].equals("--docs")) {
          shown.add(args[i] + " " + args[i + 1]);
        }
      }
      BenchReport.replaceSection(docs.resolve("benchmarks.md"), "ssp-logreg", String.format(Locale.ROOT, """
          ## SSP with a straggler: logistic regression

          ![training loss against time](img/ssp-logreg.png)

          Command: `bench/run-ssp-experiment.sh%s`. Data: %s. Settings: %s. Target: train log-loss
          %.6f, what BSP reached after %d epochs. Time is training time (the per-epoch evaluation
          is excluded); a run reaches the target at the end of the first epoch whose training loss is
          at or below it. Medians over %d runs per configuration, configurations alternating. The
          plot shows, per configuration, the run with the median total time.

          %s
          %s
          """, shown.isEmpty() ? "" : " " + String.join(" ", shown), dataName, settings, target, targetEpoch,
          repeats, table, findings(setups, runs, medianTime, best,
              clocksPerEpoch(trainSet.rows(), workers, batch), stragglerMs, stragglerProb, epochs)));
      System.out.println("plot written to " + png + ", report to " + docs.resolve("benchmarks.md"));
    }
  }

  /** What the numbers say, in words: computed from them, so that a rerun cannot contradict it. */
  static String findings(List<Setup> setups, Map<Setup, List<Run>> runs, Map<Setup, Double> medianTime, Setup best,
      int clocksPerEpoch, int stragglerMs, double p, int epochs) {
    Setup bsp = setups.get(0);
    double bspTime = medianTime.get(bsp);
    StringBuilder f = new StringBuilder("**What it shows.** ");
    double sleep = (double) clocksPerEpoch * epochs * stragglerMs * p / 1000;
    f.append(String.format(Locale.ROOT, "The straggler adds about %.1f s of sleep to the %d clocks of a run; under "
        + "BSP every worker waits for all of it, so BSP takes %.1fx as long as without the straggler. ",
        sleep, clocksPerEpoch * epochs, median(runs.get(bsp).stream().mapToDouble(Run::seconds).toArray())
            / median(runs.get(setups.get(setups.size() - 1)).stream().mapToDouble(Run::seconds).toArray())));
    if (best != null && medianTime.get(best) < bspTime) {
      f.append(String.format(Locale.ROOT, "Bounded staleness beats BSP: %s reaches the target in %.2f s against "
          + "BSP's %.2f s (%.2fx faster)", best.name(), medianTime.get(best), bspTime, bspTime / medianTime.get(best)));
      List<String> each = new ArrayList<>();
      for (Setup s : setups.subList(1, setups.size() - 1)) {
        if (s.consistency().isBounded()) {
          each.add(String.format(Locale.ROOT, "%s %.2fx", s.name(), bspTime / medianTime.get(s)));
        }
      }
      f.append(" (").append(String.join(", ", each)).append("). ");
    } else {
      f.append("No bounded staleness beat BSP here. ");
    }
    for (Setup s : setups) {
      if (!s.consistency().isBounded() && best != null) {
        double asp = medianTime.get(s);
        double ratio = asp / medianTime.get(best);
        if (Double.isNaN(asp)) {
          f.append("Unbounded staleness hurts: ASP did not reach the target in most runs. ");
        } else if (ratio > 1.1) {
          f.append(String.format(Locale.ROOT, "Unbounded staleness hurts: ASP needs %.2f s, %.2fx the best bounded "
              + "staleness. ", asp, ratio));
        } else {
          f.append(String.format(Locale.ROOT, "Unbounded staleness does not hurt in this setting: ASP reaches the "
              + "target in %.2f s (%.2fx the best bounded staleness), and its final training loss, %.6f, is "
              + "within %.2f%% of BSP's %.6f. A likely reason: the workers meet at a barrier after every epoch "
              + "(for the evaluation), which bounds ASP's drift at %d clocks, and 2 workers can only be so far "
              + "apart; the losses of unbounded staleness in the SSP papers come from many workers. ",
              asp, ratio, finalLoss(runs.get(s)), 100 * Math.abs(finalLoss(runs.get(s)) / finalLoss(runs.get(bsp)) - 1),
              finalLoss(runs.get(bsp)), clocksPerEpoch));
        }
      }
    }
    return f.toString().strip();
  }

  private static double finalLoss(List<Run> runs) {
    return median(runs.stream().mapToDouble(x -> last(x).trainLoss()).toArray());
  }

  /** As in {@code SgdWorker}: mini-batches per epoch, enough for the largest worker's share. */
  static int clocksPerEpoch(long rows, int workers, int batch) {
    long share = (rows + workers - 1) / workers;
    return (int) Math.max(1, (share + batch - 1) / batch);
  }

  private static EpochMetrics last(Run r) {
    return r.epochs().get(r.epochs().size() - 1);
  }

  private static LogRegConfig config(Consistency c, int workers, int epochs, int batch, int stragglerMs, double p) {
    return LogRegConfig.builder().update(LogRegConfig.Update.BATCH).workers(workers).shards(2).consistency(c)
        .epochs(epochs).batchSize(batch).seed(1).stragglerMillis(stragglerMs).stragglerProbability(p).build();
  }

  /** Trains with {@code config} and returns the per-epoch metrics. */
  static List<EpochMetrics> run(LogRegConfig config, SparseDataset train, SparseDataset test) {
    List<EpochMetrics> epochs = new ArrayList<>();
    new LogRegTrainer(config).train(train, test, new TrainingListener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        epochs.add(m);
      }
    });
    return epochs;
  }

  static String fileName(Setup s) {
    if (!s.straggler()) {
      return "bsp-no-straggler";
    }
    return s.consistency().isBounded() ? "staleness-" + s.consistency().staleness() : "staleness-inf";
  }

  static void writeCsv(Path file, List<EpochMetrics> epochs) throws IOException {
    AtomicFile.write(file, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      w.write("epoch,seconds,train_loss,test_loss,test_error\n");
      for (EpochMetrics m : epochs) {
        w.write(String.format(Locale.ROOT, "%d,%.4f,%.6f,%.6f,%.6f\n",
            m.epoch(), m.seconds(), m.trainLoss(), m.testLoss(), m.testError()));
      }
      w.flush();
    });
  }

  /** BSP, SSP(s) and ASP with the straggler for each staleness in the list (which must start with 0), then BSP without. */
  static List<Setup> setups(String staleness) {
    List<Setup> setups = new ArrayList<>();
    for (String s : staleness.split(",")) {
      Consistency c = Consistency.parseStaleness(s.trim());
      setups.add(new Setup(c.isBounded() ? (c.staleness() == 0 ? "BSP" : "SSP(" + c.staleness() + ")") : "ASP (unbounded)",
          c, true));
    }
    if (!setups.get(0).consistency().isBounded() || setups.get(0).consistency().staleness() != 0) {
      throw new IllegalArgumentException("--staleness must start with 0: the target comes from BSP");
    }
    setups.add(new Setup("BSP, no straggler", Consistency.bsp(), false));
    return setups;
  }

  /** The bounded staleness > 0 with the straggler and the shortest median time to target, or null. */
  static Setup bestBounded(List<Setup> setups, Map<Setup, Double> medianTime) {
    Setup best = null;
    for (Setup s : setups.subList(1, setups.size() - 1)) {
      if (s.consistency().isBounded() && Double.isFinite(medianTime.get(s))
          && (best == null || medianTime.get(s) < medianTime.get(best))) {
        best = s;
      }
    }
    return best;
  }

  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** {@code --name value} pairs. */
  static Map<String, String> options(String[] args, List<String> known) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      String name = args[i].substring(2);
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option '" + args[i] + "'; known: --" + String.join(", --", known));
      }
      o.put(name, args[++i]);
    }
    return o;
  }
}

package org.petuum4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.petuum4j.bench.SspStragglerBench.Setup;
import org.petuum4j.ml.data.AtomicFile;
import org.petuum4j.ml.gen.MfDataGenerator;
import org.petuum4j.ml.mf.MfConfig;
import org.petuum4j.ml.mf.MfJob;
import org.petuum4j.ml.mf.MfMetrics;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.EmbeddedDeployment;

/**
 * The SSP experiment for matrix factorisation (issue 6, item 5), the counterpart of {@link
 * SspStragglerBench}: data-parallel SGD ({@code --algorithm sgd}, item factors in an SSP table)
 * with one injected straggler ({@link MfConfig#stragglerMillis()}: at every clock one worker drawn
 * at random sleeps, with the configured probability, before it clocks), under staleness 0 (BSP),
 * 1, 2, 4, 8 and unbounded (ASP), plus BSP without the straggler for reference.
 *
 * <p>The ratings are generated with {@link MfDataGenerator} (planted low rank plus Gaussian noise,
 * seeded) into {@code --data} on first use, or read from {@code --train} and {@code --test}. Every
 * configuration runs {@code --repeats} times, configurations in rotating order, after one
 * unmeasured warm-up run. The target is the training RMSE that BSP (with the straggler) reaches
 * after {@code --target-epoch} epochs in its first repetition; a run's time to target is its
 * training time (the per-epoch evaluation excluded, {@link MfMetrics#seconds()}) at the end of its
 * first epoch at or below it. Medians over repetitions.
 *
 * <p>Writes one CSV per run ({@code epoch,seconds,train_rmse,test_rmse}) and {@code summary.csv}
 * into {@code --out}; with {@code --docs DIR}, the plot {@code DIR/img/ssp-mf.png} (per
 * configuration the run with the median total time), its section {@code ssp-mf} and a summary
 * row of {@code DIR/benchmarks.md}. Run through {@code bench/run-ssp-mf.sh}.
 */
public final class MfSspStragglerBench {
  private static final List<String> KNOWN = List.of("data", "train", "test", "out", "docs", "users", "items",
      "ratings", "planted-rank", "noise", "rank", "workers", "epochs", "clocks-per-epoch", "learning-rate", "decay",
      "l2", "straggler-ms", "straggler-prob", "repeats", "target-epoch", "staleness");

  private MfSspStragglerBench() {}

  /** One run's per-epoch metrics. */
  record Run(Setup setup, int repeat, List<MfMetrics> epochs) {
    double seconds() {
      return epochs.get(epochs.size() - 1).seconds();
    }

    double finalTrainRmse() {
      return epochs.get(epochs.size() - 1).trainRmse();
    }

    double finalTestRmse() {
      return epochs.get(epochs.size() - 1).testRmse();
    }

    /** Training seconds at the end of the first epoch with training RMSE {@code <= target}, or NaN. */
    double timeTo(double target) {
      for (MfMetrics m : epochs) {
        if (m.trainRmse() <= target) {
          return m.seconds();
        }
      }
      return Double.NaN;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = SspStragglerBench.options(args, KNOWN);
    Path data = Path.of(o.getOrDefault("data", "data/bench/ssp-mf"));
    Path out = Path.of(o.getOrDefault("out", "runs/ssp-mf"));
    Path docs = o.containsKey("docs") ? Path.of(o.get("docs")) : null;
    int users = Integer.parseInt(o.getOrDefault("users", "10000"));
    int items = Integer.parseInt(o.getOrDefault("items", "5000"));
    long count = Long.parseLong(o.getOrDefault("ratings", "1000000"));
    int planted = Integer.parseInt(o.getOrDefault("planted-rank", "5"));
    double noise = Double.parseDouble(o.getOrDefault("noise", "0.5"));
    int rank = Integer.parseInt(o.getOrDefault("rank", "10"));
    int workers = Integer.parseInt(o.getOrDefault("workers", "2"));
    int epochs = Integer.parseInt(o.getOrDefault("epochs", "12"));
    int clocks = Integer.parseInt(o.getOrDefault("clocks-per-epoch", "50"));
    double eta0 = Double.parseDouble(o.getOrDefault("learning-rate", Double.toString(MfConfig.DEFAULT_LEARNING_RATE)));
    double decay = Double.parseDouble(o.getOrDefault("decay", Double.toString(MfConfig.DEFAULT_DECAY)));
    double l2 = Double.parseDouble(o.getOrDefault("l2", Double.toString(MfConfig.DEFAULT_L2)));
    int stragglerMs = Integer.parseInt(o.getOrDefault("straggler-ms", "10"));
    double stragglerProb = Double.parseDouble(o.getOrDefault("straggler-prob", "1"));
    int repeats = Integer.parseInt(o.getOrDefault("repeats", "3"));
    int targetEpoch = Integer.parseInt(o.getOrDefault("target-epoch", Integer.toString(Math.max(1, epochs * 2 / 3))));
    if (targetEpoch < 1 || targetEpoch > epochs) {
      throw new IllegalArgumentException("--target-epoch must be in [1, " + epochs + "], was " + targetEpoch);
    }
    List<Setup> setups = SspStragglerBench.setups(o.getOrDefault("staleness", "0,1,2,4,8,inf"));

    Path train;
    Path test;
    String dataName;
    if (o.containsKey("train")) {
      train = Path.of(o.get("train"));
      test = Path.of(o.getOrDefault("test", o.get("train")));
      dataName = train.toString();
    } else {
      train = data.resolve(String.format(Locale.ROOT, "train-%dx%dx%d-r%d.tsv", users, items, count, planted));
      test = data.resolve(String.format(Locale.ROOT, "test-%dx%dx%d-r%d.tsv", users, items, count, planted));
      dataName = String.format(Locale.ROOT, "generated: %,d users x %,d items, %,d ratings (10%% held out), "
          + "planted rank %d, noise %s", users, items, count, planted, noise);
      if (!Files.exists(train) || !Files.exists(test)) {
        Files.createDirectories(data);
        new MfDataGenerator(users, items, planted, count, noise, 0.1, 3.0, 42).write(train, test, "\t");
        System.out.println("generated " + train + " and " + test);
      }
    }
    String settings = String.format(Locale.ROOT, "--algorithm sgd, %d workers, %d shards, rank %d, %d epochs, %d "
            + "clocks per epoch, eta0 %s, decay %s, L2 %s; straggler: at every clock one random worker sleeps %d ms "
            + "with probability %s", workers, workers, rank, epochs, clocks, eta0, decay, l2, stragglerMs,
        stragglerProb);
    System.out.println("data: " + dataName);
    System.out.println("settings: " + settings);
    MfConfig base = new MfConfig(MfConfig.Algorithm.SGD, rank, epochs, eta0, decay, l2, Consistency.bsp(), clocks,
        MfConfig.DEFAULT_INIT_SCALE, 1);

    run(base.withEpochs(2), train, test, workers); // warm-up
    Map<Setup, List<Run>> runs = new LinkedHashMap<>();
    setups.forEach(s -> runs.put(s, new ArrayList<>()));
    Files.createDirectories(out);
    for (int r = 0; r < repeats; r++) {
      for (int k = 0; k < setups.size(); k++) {
        Setup s = setups.get((k + r) % setups.size());
        MfConfig c = base.withStaleness(s.consistency()).withStraggler(s.straggler() ? stragglerMs : 0, stragglerProb);
        Run run = new Run(s, r, run(c, train, test, workers));
        runs.get(s).add(run);
        writeCsv(out.resolve(SspStragglerBench.fileName(s) + "-rep" + (r + 1) + ".csv"), run.epochs());
        System.out.printf(Locale.ROOT, "rep %d  %-18s %7.2f s  train RMSE %.6f  test RMSE %.6f%n",
            r + 1, s.name(), run.seconds(), run.finalTrainRmse(), run.finalTestRmse());
      }
    }

    List<MfMetrics> first = runs.get(setups.get(0)).get(0).epochs();
    double target = first.get(Math.min(targetEpoch, first.size()) - 1).trainRmse();
    System.out.printf(Locale.ROOT, "target train RMSE %.6f (BSP with straggler, epoch %d, repetition 1)%n",
        target, targetEpoch);
    StringBuilder table = new StringBuilder(
        "| configuration | time to target (s), median | runs reaching it | total training time (s), median"
            + " | final train RMSE, median | final test RMSE, median |\n|---|---|---|---|---|---|\n");
    StringBuilder summary = new StringBuilder("configuration,repeat,seconds,time_to_target,final_train_rmse,final_test_rmse\n");
    List<BenchReport.Series> series = new ArrayList<>();
    Map<Setup, Double> medianTime = new LinkedHashMap<>();
    Map<Setup, Double> medianTotal = new LinkedHashMap<>();
    Map<Setup, Double> medianTrain = new LinkedHashMap<>();
    for (Setup s : setups) {
      List<Run> rs = runs.get(s);
      double[] times = rs.stream().mapToDouble(x -> x.timeTo(target)).filter(Double::isFinite).toArray();
      double tt = times.length * 2 > rs.size() ? SspStragglerBench.median(times) : Double.NaN;
      medianTime.put(s, tt);
      double total = SspStragglerBench.median(rs.stream().mapToDouble(Run::seconds).toArray());
      medianTotal.put(s, total);
      double trainRmse = SspStragglerBench.median(rs.stream().mapToDouble(Run::finalTrainRmse).toArray());
      medianTrain.put(s, trainRmse);
      double testRmse = SspStragglerBench.median(rs.stream().mapToDouble(Run::finalTestRmse).toArray());
      String ttText = Double.isNaN(tt) ? "not reached" : String.format(Locale.ROOT, "%.2f", tt);
      System.out.printf(Locale.ROOT, "%-20s time to target %s, %d/%d reached, total %.2f s, train RMSE %.6f, "
          + "test RMSE %.6f%n", s.name(), ttText, times.length, rs.size(), total, trainRmse, testRmse);
      table.append(String.format(Locale.ROOT, "| %s | %s | %d/%d | %.2f | %.6f | %.6f |%n", s.name(), ttText,
          times.length, rs.size(), total, trainRmse, testRmse));
      for (Run x : rs) {
        summary.append(String.format(Locale.ROOT, "%s,%d,%.4f,%s,%.6f,%.6f%n", s.name(), x.repeat() + 1,
            x.seconds(), Double.isNaN(x.timeTo(target)) ? "" : String.format(Locale.ROOT, "%.4f", x.timeTo(target)),
            x.finalTrainRmse(), x.finalTestRmse()));
      }
      Run mid = rs.stream().sorted((a, b) -> Double.compare(a.seconds(), b.seconds())).toList().get(rs.size() / 2);
      series.add(new BenchReport.Series(s.name(),
          mid.epochs().stream().mapToDouble(MfMetrics::seconds).toArray(),
          mid.epochs().stream().mapToDouble(MfMetrics::trainRmse).toArray()));
    }
    String summaryText = summary.toString();
    AtomicFile.write(out.resolve("summary.csv"), os -> os.write(summaryText.getBytes(StandardCharsets.UTF_8)));
    System.out.println("CSV files written to " + out);

    Setup best = SspStragglerBench.bestBounded(setups, medianTime);
    String findings = findings(setups, medianTime, medianTotal, medianTrain, best,
        (double) clocks * epochs * stragglerMs * stragglerProb / 1000, clocks * epochs, clocks);
    System.out.println(findings);
    if (docs != null) {
      Path png = docs.resolve("img/ssp-mf.png");
      BenchReport.lineChart(png, "Matrix factorisation (SGD) with a straggler: training RMSE vs time",
          "training time (s), evaluation excluded", "training RMSE", series);
      double bsp = medianTime.get(setups.get(0));
      String how = String.format(Locale.ROOT, "median of %d runs, alternating; training time to the end of the "
          + "first epoch with train RMSE <= target; %s", repeats, settings);
      if (best != null) {
        BenchReport.upsertRow(docs.resolve("benchmarks.md"), List.of(
            "matrix factorisation, SSP vs BSP with a straggler",
            dataName,
            String.format(Locale.ROOT, "%s: %.2f s", best.name(), medianTime.get(best)),
            String.format(Locale.ROOT, "petuum4j BSP: %.2f s", bsp),
            String.format(Locale.ROOT, "%.2fx", bsp / medianTime.get(best)),
            String.format(Locale.ROOT, "train RMSE <= %.6f", target),
            how));
      }
      List<String> shown = new ArrayList<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        if (!args[i].equals("--docs")) {
          shown.add(args[i] + " " + args[i + 1]);
        }
      }
      BenchReport.replaceSection(docs.resolve("benchmarks.md"), "ssp-mf", String.format(Locale.ROOT, """
          ## SSP with a straggler: matrix factorisation

          ![training RMSE against time](img/ssp-mf.png)

          Command: `bench/run-ssp-mf.sh%s`. Data: %s. Settings: %s. The item factors are the shared SSP
          table; each worker owns its users' factors. Target: train RMSE %.6f, what BSP reached after %d
          epochs. Time is training time (the per-epoch evaluation is excluded); a run reaches the target
          at the end of the first epoch whose training RMSE is at or below it. Medians over %d runs per
          configuration, configurations alternating. The plot shows, per configuration, the run with
          the median total time.

          %s
          %s
          """, shown.isEmpty() ? "" : " " + String.join(" ", shown), dataName, settings, target, targetEpoch,
          repeats, table, findings));
      System.out.println("plot written to " + png + ", report to " + docs.resolve("benchmarks.md"));
    }
  }

  /**
   * What the numbers say, in words, computed from them so that a rerun cannot contradict it.
   * {@code setups} are BSP, the other staleness values, and last BSP without straggler.
   */
  static String findings(List<Setup> setups, Map<Setup, Double> medianTime, Map<Setup, Double> medianTotal,
      Map<Setup, Double> finalTrainRmse, Setup best, double sleepSeconds, int clocks, int clocksPerEpoch) {
    Setup bsp = setups.get(0);
    Setup clean = setups.get(setups.size() - 1);
    double bspTime = medianTime.get(bsp);
    StringBuilder f = new StringBuilder("**What it shows.** ");
    f.append(String.format(Locale.ROOT, "The straggler adds about %.1f s of sleep to the %d clocks of a run; under "
        + "BSP every worker waits for all of it, so BSP takes %.1fx as long as without the straggler. ",
        sleepSeconds, clocks, medianTotal.get(bsp) / medianTotal.get(clean)));
    if (best != null && medianTime.get(best) < bspTime) {
      f.append(String.format(Locale.ROOT, "Bounded staleness beats BSP: %s reaches the target in %.2f s against "
          + "BSP's %.2f s (%.2fx faster)", best.name(), medianTime.get(best), bspTime, bspTime / medianTime.get(best)));
      List<String> each = new ArrayList<>();
      for (Setup s : setups.subList(1, setups.size() - 1)) {
        if (s.consistency().isBounded()) {
          each.add(Double.isNaN(medianTime.get(s)) ? s.name() + " not reached"
              : String.format(Locale.ROOT, "%s %.2fx", s.name(), bspTime / medianTime.get(s)));
        }
      }
      f.append(" (").append(String.join(", ", each)).append("). ");
    } else {
      f.append("No bounded staleness beat BSP here. ");
    }
    for (Setup s : setups) {
      if (s.consistency().isBounded() || best == null) {
        continue;
      }
      double asp = medianTime.get(s);
      double ratio = asp / medianTime.get(best);
      if (Double.isNaN(asp)) {
        f.append("Unbounded staleness hurts: ASP did not reach the target in most runs. ");
      } else if (ratio > 1.1) {
        f.append(String.format(Locale.ROOT, "Unbounded staleness hurts: ASP needs %.2f s, %.2fx the best bounded "
            + "staleness. ", asp, ratio));
      } else {
        f.append(String.format(Locale.ROOT, "Unbounded staleness does not hurt in this setting: ASP reaches the "
            + "target in %.2f s (%.2fx the best bounded staleness), and its final training RMSE, %.6f, is within "
            + "%.2f%% of BSP's %.6f. A likely reason: the workers meet at a barrier after every epoch (for the "
            + "evaluation), which bounds ASP's drift at %d clocks, and 2 workers can only be so far apart; the "
            + "losses of unbounded staleness in the SSP papers come from many workers. ", asp, ratio,
            finalTrainRmse.get(s), 100 * Math.abs(finalTrainRmse.get(s) / finalTrainRmse.get(bsp) - 1),
            finalTrainRmse.get(bsp), clocksPerEpoch));
      }
    }
    return f.toString().strip();
  }

  private static List<MfMetrics> run(MfConfig config, Path train, Path test, int workers) throws Exception {
    List<MfMetrics> epochs = new ArrayList<>();
    MfJob.train(new EmbeddedDeployment(workers, workers), MfJob.params(train, test, config), epochs::add);
    return epochs;
  }

  static void writeCsv(Path file, List<MfMetrics> epochs) throws IOException {
    StringBuilder sb = new StringBuilder("epoch,seconds,train_rmse,test_rmse\n");
    for (MfMetrics m : epochs) {
      sb.append(String.format(Locale.ROOT, "%d,%.4f,%.6f,%.6f%n", m.epoch(), m.seconds(), m.trainRmse(), m.testRmse()));
    }
    String text = sb.toString();
    AtomicFile.write(file, os -> os.write(text.getBytes(StandardCharsets.UTF_8)));
  }

}

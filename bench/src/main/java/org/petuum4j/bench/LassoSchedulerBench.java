package org.petuum4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ml.gen.LassoDataGenerator;
import org.petuum4j.ml.lasso.LassoConfig;
import org.petuum4j.ml.lasso.LassoConfig.Schedule;
import org.petuum4j.ml.lasso.LassoDivergedException;
import org.petuum4j.ml.lasso.LassoListener;
import org.petuum4j.ml.lasso.LassoMetrics;
import org.petuum4j.ml.lasso.LassoModel;
import org.petuum4j.ml.lasso.LassoTrainer;
import org.petuum4j.sched.SparseColumns;

/**
 * Lasso on generated data with correlated feature groups: for each schedule, the coordinate
 * updates and the training seconds until the objective is within a relative {@code --target}
 * (default 1e-3) of the optimum, on the embedded runtime. The optimum comes from sequential cyclic
 * coordinate descent on the same data, run until a sweep moves no coefficient by more than 1e-12.
 * For each parallelism asked, prints one row per schedule and the ratio of the updates random
 * (Shotgun) scheduling needed to those of every other schedule: above 1 means fewer updates than
 * random. A run that has not reached the target after {@code --max-updates} says "not yet"; one
 * whose objective blew up says "diverged".
 *
 * <p>Build and run (about two minutes at the default size on two cores):
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * java -Xmx8g -cp bench/target/benchmarks.jar org.petuum4j.bench.LassoSchedulerBench \
 *     [--rows 50000] [--features 100000] [--nnz 20] [--groups 2000] [--group-size 5] \
 *     [--lambda-ratio 0.05] [--workers 2] [--parallelism 32,512,4096] [--target 1e-3] \
 *     [--max-updates 200000000] [--seed 1] [--schedulers roundrobin,random,priority,dependency]
 * </pre>
 *
 * <p>{@code lambda = ratio * lambda_max}, where {@code lambda_max = max_j |x_j . y| / n} is the
 * smallest lambda whose solution is all zeros. Before the timed runs each schedule trains once on
 * a small problem, so that no schedule pays for the JIT compilation of code all of them share.
 * Spark MLlib's LinearRegression (elastic net 1) is not compared here yet: that needs the peers
 * profile of the bench module.
 */
public final class LassoSchedulerBench {
  private LassoSchedulerBench() {}

  public static void main(String[] args) {
    Map<String, String> opt = options(args);
    int rows = Integer.parseInt(opt.getOrDefault("rows", "50000"));
    int features = Integer.parseInt(opt.getOrDefault("features", "100000"));
    int nnz = Integer.parseInt(opt.getOrDefault("nnz", "20"));
    int groups = Integer.parseInt(opt.getOrDefault("groups", "2000"));
    int groupSize = Integer.parseInt(opt.getOrDefault("group-size", "5"));
    double lambdaRatio = Double.parseDouble(opt.getOrDefault("lambda-ratio", "0.05"));
    int workers = Integer.parseInt(opt.getOrDefault("workers", "2"));
    List<Integer> parallelisms = new ArrayList<>();
    for (String p : opt.getOrDefault("parallelism", "32,512,4096").split(",")) {
      parallelisms.add(Integer.parseInt(p));
    }
    double target = Double.parseDouble(opt.getOrDefault("target", "1e-3"));
    long maxUpdates = Long.parseLong(opt.getOrDefault("max-updates", "200000000"));
    long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
    List<Schedule> schedules = new ArrayList<>();
    for (String s : opt.getOrDefault("schedulers", "roundrobin,random,priority,dependency").split(",")) {
      schedules.add(Schedule.parse(s));
    }

    long t0 = System.nanoTime();
    RegressionDataset data = LassoDataGenerator.builder().rows(rows).features(features).nonZerosPerRow(nnz)
        .correlatedGroups(groups).groupSize(groupSize).seed(seed).build().generate();
    double lambda = lambdaRatio * LassoTrainer.lambdaMax(data);
    System.out.printf(Locale.ROOT, "data: %,d rows x %,d features, %,d non-zeros, %,d groups of %d "
            + "correlated features, seed %d (generated in %.1f s)%n",
        rows, features, data.nonZeros(), groups, groupSize, seed, seconds(t0));
    System.out.printf(Locale.ROOT, "lambda = %.3g * lambda_max = %.6g; %d workers, pipeline depth 1; "
            + "target: objective within %.0e of the optimum%n", lambdaRatio, lambda, workers, target);

    t0 = System.nanoTime();
    Reference ref = optimum(data, lambda);
    System.out.printf(Locale.ROOT, "optimum (sequential cyclic coordinate descent, %,d sweeps, %.1f s): "
        + "objective %.12g, %,d non-zeros%n", ref.sweeps, seconds(t0), ref.objective, ref.nonZeros);

    warmUp(schedules, workers);

    double goal = ref.objective * (1 + target);
    for (int parallelism : parallelisms) {
      System.out.printf("%nparallelism %d%n%-11s %-9s %10s %14s %8s %9s %12s%n", parallelism,
          "scheduler", "result", "rounds", "updates", "sweeps", "seconds", "updates/s");
      Map<Schedule, Long> updates = new LinkedHashMap<>();
      for (Schedule s : schedules) {
        LassoConfig config = LassoConfig.builder().lambda(lambda).workers(workers).schedule(s)
            .parallelism(parallelism).rounds((int) Math.min(Integer.MAX_VALUE, maxUpdates / parallelism))
            .targetObjective(goal).seed(seed).build();
        LassoMetrics[] last = new LassoMetrics[1];
        String result;
        try {
          new LassoTrainer(config).train(data, m -> last[0] = m);
          result = last[0].objective() <= goal ? "reached" : "not yet";
        } catch (LassoDivergedException e) {
          result = "diverged";
        }
        LassoMetrics m = last[0];
        if (result.equals("reached")) {
          updates.put(s, m.updates());
        }
        System.out.printf(Locale.ROOT, "%-11s %-9s %,10d %,14d %8.1f %9.2f %,12.0f%n",
            s.cliName(), result, m.round(), m.updates(), (double) m.updates() / features, m.seconds(),
            m.updates() / Math.max(m.seconds(), 1e-9));
      }
      Long random = updates.get(Schedule.RANDOM);
      StringBuilder ratios = new StringBuilder("updates to target, random's divided by each schedule's:");
      for (Map.Entry<Schedule, Long> e : updates.entrySet()) {
        if (random != null && e.getKey() != Schedule.RANDOM) {
          ratios.append(String.format(Locale.ROOT, " %s %.2fx", e.getKey().cliName(), (double) random / e.getValue()));
        }
      }
      System.out.println(random == null ? "random did not reach the target: no ratios" : ratios);
    }
  }

  record Reference(double objective, int nonZeros, int sweeps) {}

  /** Sequential cyclic coordinate descent until no coefficient moves by more than 1e-12 in a sweep. */
  static Reference optimum(RegressionDataset data, double lambda) {
    return optimum(data, lambda, 1e-12);
  }

  /**
   * Sequential cyclic coordinate descent until a sweep over every coefficient moves none by more
   * than {@code maxMove}. Between full sweeps it sweeps only the non-zero coefficients until they
   * settle (glmnet's active-set strategy): the result is the same optimum, since only a quiet full
   * sweep ends the loop, but it gets there without touching the zero coefficients thousands of
   * times.
   */
  static Reference optimum(RegressionDataset data, double lambda, double maxMove) {
    int n = data.rows();
    int d = data.numFeatures();
    SparseColumns x = data.columnsOfRows(0, n);
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = data.target(i);
    }
    double[] c = new double[d];
    for (int j = 0; j < d; j++) {
      c[j] = x.squaredNorm(j) / n;
    }
    double[] b = new double[d];
    int[] all = new int[d];
    for (int j = 0; j < d; j++) {
      all[j] = j;
    }
    int sweeps = 0;
    while (sweeps < 100_000) {
      sweeps++;
      if (sweep(x, c, b, r, n, lambda, all, d) <= maxMove) {
        break;
      }
      int[] active = new int[d];
      int m = 0;
      for (int j = 0; j < d; j++) {
        if (b[j] != 0) {
          active[m++] = j;
        }
      }
      while (sweeps < 100_000 && sweep(x, c, b, r, n, lambda, active, m) > maxMove) {
        sweeps++;
      }
    }
    LassoModel model = new LassoModel(b);
    return new Reference(model.objective(data, lambda), model.nonZeros(), sweeps);
  }

  /** One coordinate-descent pass over {@code coords[0..m)}; returns the largest coefficient move. */
  private static double sweep(SparseColumns x, double[] c, double[] b, double[] r, int n, double lambda,
      int[] coords, int m) {
    double move = 0;
    for (int t = 0; t < m; t++) {
      int j = coords[t];
      if (c[j] == 0) {
        continue;
      }
      double z = 0;
      for (int k = x.start(j); k < x.end(j); k++) {
        z += x.value(k) * r[x.row(k)];
      }
      double v = b[j] * c[j] + z / n;
      double next = (v > lambda ? v - lambda : v < -lambda ? v + lambda : 0) / c[j];
      double delta = next - b[j];
      if (delta != 0) {
        for (int k = x.start(j); k < x.end(j); k++) {
          r[x.row(k)] -= x.value(k) * delta;
        }
        b[j] = next;
        move = Math.max(move, Math.abs(delta));
      }
    }
    return move;
  }

  private static void warmUp(List<Schedule> schedules, int workers) {
    RegressionDataset small = LassoDataGenerator.builder().rows(2000).features(2000).nonZerosPerRow(20)
        .correlatedGroups(50).seed(99).build().generate();
    double lambda = 0.05 * LassoTrainer.lambdaMax(small);
    for (Schedule s : schedules) {
      try {
        new LassoTrainer(LassoConfig.builder().lambda(lambda).workers(workers).schedule(s)
            .parallelism(32).rounds(2000).build()).train(small, LassoListener.NONE);
      } catch (LassoDivergedException e) {
        // Warming up only; the measured run reports divergence.
      }
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }
}

package org.petuum4j.bench;

import cc.mallet.topics.ParallelTopicModel;
import cc.mallet.topics.TopicAssignment;
import cc.mallet.types.Alphabet;
import cc.mallet.types.FeatureSequence;
import cc.mallet.types.Instance;
import cc.mallet.types.InstanceList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ml.data.CorpusReader;
import org.petuum4j.ml.gen.DirichletLdaGenerator;
import org.petuum4j.ml.gen.LdaDataGenerator;
import org.petuum4j.ml.lda.LdaConfig;
import org.petuum4j.ml.lda.LdaJob;
import org.petuum4j.ml.lda.LdaLikelihood;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.EmbeddedDeployment;

/**
 * LDA, petuum4j against MALLET's {@code ParallelTopicModel} (SparseLDA, the reference JVM
 * implementation), in one invocation on the same generated corpus, K, priors and thread count.
 *
 * <p>Both run {@code --iterations} Gibbs sweeps in chunks of {@code --chunk}; after each chunk the
 * joint log-likelihood {@code log P(w, z)} of the current state is computed by the same code
 * ({@link LdaLikelihood}; for MALLET from its topic assignments, outside its timed section; its own
 * {@code modelLogLikelihood()} is printed alongside at the end as a check). Times are sampling wall
 * time only. MALLET: {@code alphaSum = alpha * K}, {@code beta}, symmetric alpha, no
 * hyper-parameter optimisation, {@code --threads} threads. petuum4j: the embedded {@link LdaJob},
 * {@code --threads} workers and 2 shards, data-parallel or rotation, SSP({@code --staleness}, default 0:
 * with two balanced workers BSP costs no waiting, and staleness 1 measured a lower log-likelihood
 * per iteration at the same speed).
 *
 * <p>With {@code --repeats R} each system runs R times, alternating, and the medians are reported;
 * with {@code --report DIR} the summary row of {@code DIR/benchmarks.md} (tokens/second, time to the
 * lower of the two final log-likelihoods, log-likelihood at equal wall time) and a plot in {@code
 * DIR/img/} are written.
 *
 * <p>{@code --systems} names the parts to run: {@code petuum4j,mallet} (the default) for the
 * comparison above, {@code spark} for the one with Spark MLlib's LDA ({@link LdaVsSparkBench}, its
 * own row), both with {@code petuum4j,mallet,spark}.
 *
 * <p>{@code --corpus} picks the data: {@code planted} (the default, {@link LdaDataGenerator}),
 * {@code dirichlet} ({@link DirichletLdaGenerator}: {@code --planted} topics drawn from
 * Dirichlet({@code --topic-beta}, default 0.05), Poisson({@code --doc-length}) documents, mixtures
 * from Dirichlet({@code --doc-alpha}, default 0.1)) or {@code uci} (files {@code --data} and {@code
 * --vocab}, e.g. from {@code bench/data/fetch-gcide.sh}, named {@code --name} in the row). With
 * {@code --processes separate} every run is a JVM of its own, started with the options in {@code
 * --jvm} (default none), which reports its peak resident set ({@code VmHWM}); the row then gives
 * both systems' peak RSS. Times to MALLET's final log-likelihood (the median of its runs' final
 * values) are reported with their spread over the runs.
 *
 * <p>Run through {@code bench/run-lda-vs-mallet.sh [--corpus planted] [--docs 20000] [--words
 * 10000] [--doc-length 100] [--planted 50] [--topics 20] [--iterations 200] [--chunk 20]
 * [--threads 2] [--algorithm data] [--alpha 0.1] [--beta 0.01] [--systems petuum4j,mallet]
 * [--processes shared]}.
 */
public final class LdaVsMalletBench {
  private LdaVsMalletBench() {}

  record Point(int iteration, double seconds, double ll) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = LassoSchedulerBench.options(args);
    int docs = Integer.parseInt(opt.getOrDefault("docs", "20000"));
    int words = Integer.parseInt(opt.getOrDefault("words", "10000"));
    int docLength = Integer.parseInt(opt.getOrDefault("doc-length", "100"));
    int planted = Integer.parseInt(opt.getOrDefault("planted", "50"));
    int topics = Integer.parseInt(opt.getOrDefault("topics", "20"));
    double alpha = Double.parseDouble(opt.getOrDefault("alpha", "0.1"));
    double beta = Double.parseDouble(opt.getOrDefault("beta", "0.01"));
    int iterations = Integer.parseInt(opt.getOrDefault("iterations", "200"));
    int chunk = Integer.parseInt(opt.getOrDefault("chunk", "20"));
    int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
    int staleness = Integer.parseInt(opt.getOrDefault("staleness", "0"));
    int repeats = Integer.parseInt(opt.getOrDefault("repeats", "1"));
    String algorithm = opt.getOrDefault("algorithm", "data");
    String systems = opt.getOrDefault("systems", "petuum4j,mallet");
    long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
    Path report = opt.containsKey("report") ? Path.of(opt.get("report")) : null;

    String kind = opt.getOrDefault("corpus", opt.containsKey("data") ? "uci" : "planted");
    boolean separate = switch (opt.getOrDefault("processes", "shared")) {
      case "shared" -> false;
      case "separate" -> true;
      default -> throw new IllegalArgumentException("--processes must be shared or separate, was '"
          + opt.get("processes") + "'");
    };
    String jvm = opt.getOrDefault("jvm", "");

    if (opt.containsKey("child")) {
      child(opt.get("child"), Path.of(opt.get("data")), Path.of(opt.get("vocab")), topics, alpha, beta, iterations,
          chunk, threads, staleness, algorithm, seed);
      return;
    }

    Path docword;
    Path vocab;
    String dataDesc;
    Corpus corpus;
    if (kind.equals("uci")) {
      if (!opt.containsKey("data") || !opt.containsKey("vocab")) {
        throw new IllegalArgumentException("--corpus uci needs --data DOCWORD and --vocab VOCAB");
      }
      docword = Path.of(opt.get("data"));
      vocab = Path.of(opt.get("vocab"));
      corpus = CorpusReader.readUci(docword, vocab);
      dataDesc = String.format(Locale.ROOT, "%s: %,d docs, %,d tokens (%.1f per doc), vocabulary %,d",
          opt.getOrDefault("name", docword.getFileName().toString()), corpus.numDocs(), corpus.numTokens(),
          corpus.numTokens() / (double) corpus.numDocs(), corpus.numWords());
    } else {
      Path dir = Files.createTempDirectory("lda-bench");
      docword = dir.resolve("docword.bench.txt");
      vocab = dir.resolve("vocab.bench.txt");
      switch (kind) {
        case "planted" -> {
          LdaDataGenerator.builder().docs(docs).words(words).topics(planted).docLength(docLength).seed(seed)
              .build().write(docword, vocab);
          corpus = CorpusReader.readUci(docword, vocab);
          dataDesc = String.format(Locale.ROOT, "generated: %,d docs, %,d tokens, vocabulary %,d, %d planted topics",
              corpus.numDocs(), corpus.numTokens(), corpus.numWords(), planted);
        }
        case "dirichlet" -> {
          double topicBeta = Double.parseDouble(opt.getOrDefault("topic-beta", "0.05"));
          double docAlpha = Double.parseDouble(opt.getOrDefault("doc-alpha", "0.1"));
          DirichletLdaGenerator.builder().docs(docs).words(words).topics(planted).docLength(docLength)
              .topicBeta(topicBeta).docAlpha(docAlpha).seed(seed).build().write(docword, vocab);
          corpus = CorpusReader.readUci(docword, vocab);
          dataDesc = String.format(Locale.ROOT, "generated (plain LDA process): %,d docs of Poisson(%d) tokens, %,d "
                  + "tokens, vocabulary %,d, %d topics ~ Dirichlet(%s), mixtures ~ Dirichlet(%s)", corpus.numDocs(),
              docLength, corpus.numTokens(), corpus.numWords(), planted, topicBeta, docAlpha);
        }
        default -> throw new IllegalArgumentException("--corpus must be planted, dirichlet or uci, was '" + kind + "'");
      }
    }
    String settings = String.format(Locale.ROOT, "K %d, alpha %s per topic (MALLET alphaSum %s, symmetric, no "
            + "hyper-parameter optimisation), beta %s, %d threads each, %d iterations; petuum4j: %s, %s, %d workers, 2 "
            + "shards%s", topics, alpha, alpha * topics, beta, threads, iterations, algorithm, Consistency.ssp(staleness),
        threads, separate ? "; each run in a JVM of its own (java " + (jvm.isBlank() ? "with default options" : jvm)
            + "), peak RSS its VmHWM" : "");
    System.out.println("corpus: " + dataDesc);
    System.out.println("settings: " + settings);

    String command = "`bench/run-lda-vs-mallet.sh " + String.join(" ", args) + "`";
    if (systems.contains("spark")) {
      LdaVsSparkBench.run(corpus, docword, vocab, dataDesc, opt, topics, alpha, beta, threads, staleness, algorithm,
          seed, repeats, report, command);
    }

    String ourName = "petuum4j (" + algorithm + ", " + Consistency.ssp(staleness) + ")";
    List<List<Point>> oursRuns = new ArrayList<>();
    List<List<Point>> theirRuns = new ArrayList<>();
    List<Double> oursRss = new ArrayList<>();
    List<Double> theirRss = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      for (int k = 0; k < 2; k++) {
        if ((k + r) % 2 == 0) {
          if (systems.contains("petuum4j")) {
            if (separate) {
              oursRuns.add(inChild("petuum4j", jvm, args, docword, vocab, oursRss));
            } else {
              oursRuns.add(petuum(corpus, docword, vocab, topics, alpha, beta, iterations, chunk, threads, staleness,
                  algorithm, seed));
            }
            report(ourName, oursRuns.get(oursRuns.size() - 1), corpus.numTokens());
          }
        } else if (systems.contains("mallet")) {
          if (separate) {
            theirRuns.add(inChild("mallet", jvm, args, docword, vocab, theirRss));
          } else {
            theirRuns.add(mallet(corpus, topics, alpha, beta, iterations, chunk, threads, (int) seed));
          }
          report("MALLET ParallelTopicModel", theirRuns.get(theirRuns.size() - 1), corpus.numTokens());
        }
      }
    }
    if (oursRuns.isEmpty() || theirRuns.isEmpty()) {
      return;
    }
    List<Point> ours = medianRun(oursRuns);
    List<Point> theirs = medianRun(theirRuns);
    double oursTps = SspStragglerBench.median(oursRuns.stream().mapToDouble(p -> tokensPerSecond(p, corpus.numTokens())).toArray());
    double theirTps = SspStragglerBench.median(theirRuns.stream().mapToDouble(p -> tokensPerSecond(p, corpus.numTokens())).toArray());
    double t = Math.min(last(ours).seconds(), last(theirs).seconds());
    double oursAtT = at(ours, t);
    double theirsAtT = at(theirs, t);
    double target = Math.min(last(ours).ll(), last(theirs).ll());
    double oursTo = SspStragglerBench.median(oursRuns.stream().mapToDouble(p -> timeTo(p, target)).toArray());
    double theirsTo = SspStragglerBench.median(theirRuns.stream().mapToDouble(p -> timeTo(p, target)).toArray());
    // MALLET's final log-likelihood (median over its runs): the quality a MALLET user stops at.
    double malletFinal = SspStragglerBench.median(theirRuns.stream().mapToDouble(p -> last(p).ll()).toArray());
    double[] oursToM = oursRuns.stream().mapToDouble(p -> timeTo(p, malletFinal)).toArray();
    double[] theirsToM = theirRuns.stream().mapToDouble(p -> timeTo(p, malletFinal)).toArray();
    double oursToMallet = SspStragglerBench.median(oursToM);
    double theirsToMallet = SspStragglerBench.median(theirsToM);
    System.out.printf(Locale.ROOT, "tokens/s (median of %d): petuum4j %,.0f, MALLET %,.0f (petuum4j / MALLET %.2fx)%n",
        repeats, oursTps, theirTps, oursTps / theirTps);
    System.out.printf(Locale.ROOT, "at equal wall time %.2f s (interpolated between reports): petuum4j LL %.6e, "
        + "MALLET LL %.6e%n", t, oursAtT, theirsAtT);
    System.out.printf(Locale.ROOT, "time to LL >= %.6e (the lower final LL): petuum4j %.2f s, MALLET %.2f s "
        + "(MALLET / petuum4j %.2fx)%n", target, oursTo, theirsTo, theirsTo / oursTo);
    System.out.printf(Locale.ROOT, "time to LL >= %.6e (MALLET's median final LL): petuum4j %.2f s %s, MALLET %.2f s "
        + "%s (MALLET / petuum4j %.2fx)%n", malletFinal, oursToMallet, spread(oursToM), theirsToMallet,
        spread(theirsToM), theirsToMallet / oursToMallet);
    if (separate) {
      String rssText;
      rssText = String.format(Locale.ROOT, "petuum4j %,.0f MB %s, MALLET %,.0f MB %s (petuum4j / MALLET %.2fx)",
          median(oursRss), spread(oursRss), median(theirRss), spread(theirRss), median(oursRss) / median(theirRss));
      System.out.println("peak RSS (median, own processes): " + rssText);
    }
    if (report != null) {
      String png = String.format(Locale.ROOT, "img/lda-vs-mallet-%s%dk-k%d.png", kind.equals("planted") ? ""
          : kind.equals("uci") ? opt.getOrDefault("name", "uci") + "-" : kind + "-", corpus.numTokens() / 1000, topics);
      BenchReport.lineChart(report.resolve(png), String.format(Locale.ROOT, "LDA, %,d tokens, K = %d: "
              + "log-likelihood against sampling time", corpus.numTokens(), topics), "sampling wall time (s)",
          "log P(w, z)", List.of(series(ourName, ours), series("MALLET ParallelTopicModel", theirs)));
      BenchReport.upsertRow(report.resolve("benchmarks.md"), List.of(
          String.format(Locale.ROOT, "LDA vs MALLET (%s, %s, K = %d)", kind.equals("planted") ? "generated"
              : kind.equals("uci") ? opt.getOrDefault("name", docword.getFileName().toString()) : kind,
              tokens(corpus), topics),
          dataDesc,
          String.format(Locale.ROOT, "%,.0f tokens/s; %.2f s to the target LL; %.2f s %s to MALLET's final LL%s",
              oursTps, oursTo, oursToMallet, spread(oursToM), separate ? String.format(Locale.ROOT,
                  "; peak RSS %,.0f MB %s", median(oursRss), spread(oursRss)) : ""),
          String.format(Locale.ROOT, "MALLET ParallelTopicModel: %,.0f tokens/s; %.2f s to the target LL; %.2f s %s to "
              + "its final LL%s", theirTps, theirsTo, theirsToMallet, spread(theirsToM), separate
              ? String.format(Locale.ROOT, "; peak RSS %,.0f MB %s", median(theirRss), spread(theirRss)) : ""),
          String.format(Locale.ROOT, "time to MALLET's final LL: %.2fx (MALLET / petuum4j); time to target LL: %.2fx; "
              + "tokens/s: %.2fx (petuum4j / MALLET)%s", theirsToMallet / oursToMallet, theirsTo / oursTo,
              oursTps / theirTps, separate ? String.format(Locale.ROOT, "; peak RSS %.2fx (petuum4j / MALLET)",
                  median(oursRss) / median(theirRss)) : ""),
          String.format(Locale.ROOT, "joint log-likelihood log P(w, z) >= %.6e (the lower of the two final values; "
              + "MALLET's median final value %.6e); at equal wall time %.2f s: petuum4j %.6e, MALLET %.6e", target,
              malletFinal, t, oursAtT, theirsAtT),
          String.format(Locale.ROOT, "%s; %s; %d run(s) each, alternating (medians); sampling wall time only, the "
              + "log-likelihood of each state computed by the same code (LdaLikelihood) every %d iterations outside "
              + "the timed sections; times to the target interpolated between those reports; spreads are (min-max, "
              + "max/min) over the runs. Plot: [%s](%s)", command, settings, repeats, chunk, png, png)));
      System.out.println("row and plot written to " + report);
    }
  }

  private static List<Point> petuum(Corpus corpus, Path docword, Path vocab, int topics, double alpha, double beta,
      int iterations, int chunk, int threads, int staleness, String algorithm, long seed) throws Exception {
    LdaConfig config = LdaConfig.defaults(topics).withPriors(alpha, beta).withIterations(iterations)
        .withEvalEvery(chunk).withSeed(seed).withConsistency(Consistency.ssp(staleness))
        .withAlgorithm(algorithm.equals("rotation") ? LdaConfig.Algorithm.ROTATION : LdaConfig.Algorithm.DATA);
    List<Point> out = new ArrayList<>();
    LdaJob.train(new EmbeddedDeployment(threads, 2), LdaJob.params("uci", docword, vocab, config), corpus,
        it -> {
          out.add(new Point(it.iteration(), it.seconds(), it.logLikelihood()));
          System.out.printf(Locale.ROOT, "petuum4j  iteration %4d  %8.2f s  LL %.6e%n", it.iteration(),
              it.seconds(), it.logLikelihood());
        });
    return out;
  }

  /** The spread of {@code v}: "(min-max, max/min x)". */
  static String spread(double[] v) {
    return spread(v, "%.2f");
  }

  /** Of MB figures, in whole MB. */
  static String spread(List<Double> v) {
    return spread(v.stream().mapToDouble(Double::doubleValue).toArray(), "%,.0f");
  }

  private static String spread(double[] v, String number) {
    double min = java.util.Arrays.stream(v).min().orElse(Double.NaN);
    double max = java.util.Arrays.stream(v).max().orElse(Double.NaN);
    return String.format(Locale.ROOT, "(" + number + "-" + number + ", %.2fx)", min, max, max / min);
  }

  static double median(List<Double> v) {
    return SspStragglerBench.median(v.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * Runs one system in a JVM of its own ({@code java [jvm] -cp <this class path> LdaVsMalletBench
   * --child SYSTEM ...} with this run's options), so that its peak resident set (the child's {@code
   * VmHWM}, added to {@code rss} in MB) is its own and not the other system's or this driver's.
   */
  static List<Point> inChild(String system, String jvm, String[] args, Path docword, Path vocab, List<Double> rss)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (!jvm.isBlank()) {
      cmd.addAll(List.of(jvm.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
        LdaVsMalletBench.class.getName()));
    Map<String, String> opt = LassoSchedulerBench.options(args);
    opt.remove("report");
    opt.remove("repeats");
    opt.put("child", system);
    opt.put("data", docword.toString());
    opt.put("vocab", vocab.toString());
    opt.forEach((k, v) -> {
      cmd.add("--" + k);
      cmd.add(v);
    });
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<Point> points = new ArrayList<>();
    double peak = Double.NaN;
    try (java.io.BufferedReader r = p.inputReader()) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ");
        if (f[0].equals("point")) {
          points.add(new Point(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
        } else if (f[0].equals("vmhwm-kb")) {
          peak = Long.parseLong(f[1]) / 1024.0;
        } else {
          System.out.println(line);
        }
      }
    }
    int code = p.waitFor();
    if (code != 0 || points.isEmpty() || Double.isNaN(peak)) {
      throw new IllegalStateException(system + " child exited with " + code + " after " + points.size()
          + " points: " + cmd);
    }
    System.out.printf(Locale.ROOT, "%s: peak RSS %,.0f MB (own process)%n", system, peak);
    rss.add(peak);
    return points;
  }

  /** The child side of {@link #inChild}: one run, its points and its peak RSS on stdout. */
  private static void child(String system, Path docword, Path vocab, int topics, double alpha, double beta,
      int iterations, int chunk, int threads, int staleness, String algorithm, long seed) throws Exception {
    Corpus corpus = CorpusReader.readUci(docword, vocab);
    List<Point> points = switch (system) {
      case "petuum4j" -> petuum(corpus, docword, vocab, topics, alpha, beta, iterations, chunk, threads, staleness,
          algorithm, seed);
      case "mallet" -> mallet(corpus, topics, alpha, beta, iterations, chunk, threads, (int) seed);
      default -> throw new IllegalArgumentException("--child must be petuum4j or mallet, was '" + system + "'");
    };
    for (Point p : points) {
      System.out.println("point " + p.iteration() + " " + p.seconds() + " " + p.ll());
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        System.out.println("vmhwm-kb " + line.replaceAll("[^0-9]", ""));
      }
    }
  }

  /** The corpus size for a row's name, e.g. "2.0M tokens". */
  static String tokens(Corpus corpus) {
    return corpus.numTokens() >= 1_000_000
        ? String.format(Locale.ROOT, "%.1fM tokens", corpus.numTokens() / 1e6)
        : String.format(Locale.ROOT, "%,d tokens", corpus.numTokens());
  }

  private static Point last(List<Point> p) {
    return p.get(p.size() - 1);
  }

  private static double tokensPerSecond(List<Point> p, long tokens) {
    return last(p).iteration() * (double) tokens / last(p).seconds();
  }

  /** The run with the median total time. */
  private static List<Point> medianRun(List<List<Point>> runs) {
    List<List<Point>> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> Double.compare(last(a).seconds(), last(b).seconds()));
    return sorted.get(sorted.size() / 2);
  }

  private static double timeTo(List<Point> p, double target) {
    return Curves.timeToReach(p.stream().mapToDouble(Point::seconds).toArray(),
        p.stream().mapToDouble(Point::ll).toArray(), target, true);
  }

  private static BenchReport.Series series(String name, List<Point> p) {
    // The state at iteration 0 is random; leaving it out keeps the scale of the plot on the run.
    List<Point> shown = p.stream().filter(x -> x.iteration() > 0).toList();
    return new BenchReport.Series(name, shown.stream().mapToDouble(Point::seconds).toArray(),
        shown.stream().mapToDouble(Point::ll).toArray());
  }

  /** The log-likelihood at {@code seconds}, linearly interpolated between the reports around it. */
  static double at(List<Point> points, double seconds) {
    return Curves.valueAt(points.stream().mapToDouble(Point::seconds).toArray(),
        points.stream().mapToDouble(Point::ll).toArray(), seconds);
  }

  static void report(String name, List<Point> points, long tokens) {
    if (points.isEmpty()) {
      return;
    }
    Point last = points.get(points.size() - 1);
    System.out.printf(Locale.ROOT, "%-40s %4d iterations in %8.2f s: %,12.0f tokens/s; final LL %.6e%n",
        name, last.iteration(), last.seconds(), last.iteration() * (double) tokens / last.seconds(), last.ll());
  }

  static List<Point> mallet(Corpus corpus, int topics, double alpha, double beta, int iterations, int chunk,
      int threads, int seed) throws Exception {
    Logger.getLogger(ParallelTopicModel.class.getName()).setLevel(Level.OFF);
    ParallelTopicModel.logger.setLevel(Level.OFF);
    Alphabet alphabet = new Alphabet();
    for (int w = 0; w < corpus.numWords(); w++) {
      alphabet.lookupIndex(corpus.wordName(w), true);
    }
    InstanceList instances = new InstanceList(alphabet, null);
    for (int d = 0; d < corpus.numDocs(); d++) {
      int from = corpus.docStart(d);
      int[] f = new int[corpus.docEnd(d) - from];
      for (int i = 0; i < f.length; i++) {
        f[i] = corpus.word(from + i);
      }
      instances.add(new Instance(new FeatureSequence(alphabet, f), null, "d" + d, null));
    }
    ParallelTopicModel m = new ParallelTopicModel(topics, alpha * topics, beta);
    m.printLogLikelihood = false;
    m.setTopicDisplay(Integer.MAX_VALUE, 0);
    m.setOptimizeInterval(0);
    m.setSymmetricAlpha(true);
    m.setNumThreads(threads);
    m.setRandomSeed(seed);
    m.addInstances(instances);
    List<Point> points = new ArrayList<>();
    points.add(new Point(0, 0, likelihood(m, corpus, topics, alpha, beta)));
    double seconds = 0;
    for (int done = 0; done < iterations; ) {
      int n = Math.min(chunk, iterations - done);
      m.setNumIterations(n);
      long t0 = System.nanoTime();
      m.estimate();
      seconds += (System.nanoTime() - t0) / 1e9;
      done += n;
      double ll = likelihood(m, corpus, topics, alpha, beta);
      points.add(new Point(done, seconds, ll));
      System.out.printf(Locale.ROOT, "MALLET    iteration %4d  %8.2f s  LL %.6e (its own modelLogLikelihood %.6e)%n",
          done, seconds, ll, m.modelLogLikelihood());
    }
    return points;
  }

  /** The same log-likelihood code as petuum4j's, on MALLET's current topic assignments. */
  static double likelihood(ParallelTopicModel m, Corpus corpus, int topics, double alpha, double beta) {
    List<TopicAssignment> data = m.getData();
    int[] docStart = new int[data.size() + 1];
    for (int d = 0; d < data.size(); d++) {
      docStart[d + 1] = docStart[d] + ((FeatureSequence) data.get(d).instance.getData()).getLength();
    }
    int[] w = new int[docStart[data.size()]];
    int[] z = new int[w.length];
    for (int d = 0; d < data.size(); d++) {
      FeatureSequence fs = (FeatureSequence) data.get(d).instance.getData();
      int[] zs = data.get(d).topicSequence.getFeatures();
      for (int i = 0; i < fs.getLength(); i++) {
        w[docStart[d] + i] = fs.getIndexAtPosition(i);
        z[docStart[d] + i] = zs[i];
      }
    }
    return LdaLikelihood.joint(docStart, w, z, topics, corpus.numWords(), alpha, beta);
  }
}

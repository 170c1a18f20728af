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
import org.petuum4j.ml.gen.LdaDataGenerator;
import org.petuum4j.ml.lda.LdaConfig;
import org.petuum4j.ml.lda.LdaIteration;
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
 * <p>Run through {@code bench/run-lda-vs-mallet.sh [--docs 20000] [--words 10000] [--doc-length
 * 100] [--planted 50] [--topics 20] [--iterations 200] [--chunk 20] [--threads 2]
 * [--algorithm data] [--alpha 0.1] [--beta 0.01]}.
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
    String algorithm = opt.getOrDefault("algorithm", "data");
    String systems = opt.getOrDefault("systems", "petuum4j,mallet");
    long seed = Long.parseLong(opt.getOrDefault("seed", "1"));

    Path dir = Files.createTempDirectory("lda-bench");
    Path docword = dir.resolve("docword.bench.txt");
    Path vocab = dir.resolve("vocab.bench.txt");
    LdaDataGenerator.builder().docs(docs).words(words).topics(planted).docLength(docLength).seed(seed)
        .build().write(docword, vocab);
    Corpus corpus = CorpusReader.readUci(docword, vocab);
    System.out.printf(Locale.ROOT, "corpus: %,d docs, %,d tokens, vocabulary %,d (%d planted topics); K = %d; "
            + "alpha = %s per topic (MALLET alphaSum = %s), beta = %s; %d threads; %d iterations%n",
        corpus.numDocs(), corpus.numTokens(), corpus.numWords(), planted, topics, alpha, alpha * topics, beta,
        threads, iterations);

    List<Point> ours = new ArrayList<>();
    List<Point> theirs = new ArrayList<>();
    if (systems.contains("petuum4j")) {
      LdaConfig config = LdaConfig.defaults(topics).withPriors(alpha, beta).withIterations(iterations)
          .withEvalEvery(chunk).withSeed(seed).withConsistency(Consistency.ssp(staleness))
          .withAlgorithm(algorithm.equals("rotation") ? LdaConfig.Algorithm.ROTATION : LdaConfig.Algorithm.DATA);
      List<LdaIteration> its = new ArrayList<>();
      LdaJob.train(new EmbeddedDeployment(threads, 2), LdaJob.params("uci", docword, vocab, config), corpus,
          it -> {
            its.add(it);
            System.out.printf(Locale.ROOT, "petuum4j  iteration %4d  %8.2f s  LL %.6e%n", it.iteration(),
                it.seconds(), it.logLikelihood());
          });
      for (LdaIteration it : its) {
        ours.add(new Point(it.iteration(), it.seconds(), it.logLikelihood()));
      }
    }
    if (systems.contains("mallet")) {
      theirs = mallet(corpus, topics, alpha, beta, iterations, chunk, threads, (int) seed);
    }
    report("petuum4j (" + algorithm + ", " + Consistency.ssp(staleness) + ")", ours, corpus.numTokens());
    report("MALLET ParallelTopicModel", theirs, corpus.numTokens());
    if (!ours.isEmpty() && !theirs.isEmpty()) {
      double t = Math.min(ours.get(ours.size() - 1).seconds(), theirs.get(theirs.size() - 1).seconds());
      System.out.printf(Locale.ROOT, "at equal wall time %.2f s (interpolated between reports): petuum4j LL %.6e, "
          + "MALLET LL %.6e%n", t, at(ours, t), at(theirs, t));
    }
  }

  /** The log-likelihood at {@code seconds}, linearly interpolated between the reports around it. */
  static double at(List<Point> points, double seconds) {
    for (int i = 1; i < points.size(); i++) {
      Point a = points.get(i - 1);
      Point b = points.get(i);
      if (seconds <= b.seconds()) {
        double f = b.seconds() > a.seconds() ? (seconds - a.seconds()) / (b.seconds() - a.seconds()) : 1;
        return a.ll() + Math.max(0, f) * (b.ll() - a.ll());
      }
    }
    return points.get(points.size() - 1).ll();
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

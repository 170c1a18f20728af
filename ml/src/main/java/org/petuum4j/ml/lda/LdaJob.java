package org.petuum4j.ml.lda;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ml.data.CorpusReader;
import org.petuum4j.ml.data.Tokenizer;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/**
 * LDA topic modelling by collapsed Gibbs sampling on the parameter server, as a {@link JobFactory}
 * so that it runs on any {@link Deployment}: every worker process reads the corpus named in the
 * parameters and runs {@link LdaWorker} (SparseLDA sampling, data-parallel or with rotating
 * vocabulary blocks) on its share of the documents.
 *
 * <p>Parameters: {@code format} ({@code uci}, {@code libsvm} for {@code label word:count} lines,
 * or {@code text}), {@code data} and optionally {@code vocab} (paths), and the {@link LdaConfig}
 * fields ({@code topics}, {@code alpha}, {@code beta}, {@code iterations}, {@code algorithm}
 * {@code data|rotation}, {@code staleness} as in {@link Consistency#parseStaleness}, {@code seed},
 * {@code evalEvery}). Build them with {@link #params}, run with {@link #train}.
 *
 * <p>Tables: {@value LdaWorker#WORD_TOPIC} (W rows of width K, int; dense up to {@value
 * #DENSE_MAX_TOPICS} topics or 2^25 cells, sparse beyond), {@value LdaWorker#TOPICS} (one dense
 * long row) and
 * {@value LdaWorker#METRICS} (log-likelihood sums).
 *
 * <p>A process given its own documents in memory ({@link ProcessContext#input()}: a {@link
 * Corpus} over the job's whole vocabulary, e.g. a Spark partition) samples those instead of
 * reading the corpus; such a job names the vocabulary size in parameter {@code words}, and runs
 * data-parallel only.
 */
public final class LdaJob implements JobFactory {
  /** Word-topic rows of at most this many topics are dense whatever the vocabulary size. */
  static final int DENSE_MAX_TOPICS = 256;
  /**
   * Beyond {@link #DENSE_MAX_TOPICS}, the word-topic table is still dense if it has at most this
   * many cells (128 MB per copy): copying and scanning a dense row is far cheaper than the hash
   * maps of sparse rows (measured: at K = 1000 and W = 10,000, sparse rows made reloading and
   * sending the counts about 40% of a worker's time), but every copy of the table (servers, process
   * cache, each worker's views) holds all W x K cells.
   */
  static final long DENSE_MAX_CELLS = 1L << 25;

  public LdaJob() {}

  /** The parameters of a job on {@code data} ({@code vocab} may be null) in {@code format}. */
  public static JobParams params(String format, Path data, Path vocab, LdaConfig config) {
    Consistency c = config.consistency();
    return JobParams.builder()
        .put("format", format)
        .put("data", data.toAbsolutePath())
        .put("vocab", vocab == null ? null : vocab.toAbsolutePath())
        .put("topics", config.topics())
        .put("alpha", config.alpha())
        .put("beta", config.beta())
        .put("iterations", config.iterations())
        .put("algorithm", config.algorithm().name().toLowerCase(Locale.ROOT))
        .put("staleness", c.isBounded() ? Integer.toString(c.staleness()) : "inf")
        .put("push", c.model() == Consistency.Model.SSP_PUSH)
        .put("seed", config.seed())
        .put("evalEvery", config.evalEvery())
        .build();
  }

  /** The configuration in {@code params}. */
  public static LdaConfig config(JobParams p) {
    Consistency c = Consistency.parseStaleness(p.string("staleness", "0"));
    if (p.bool("push", false) && c.isBounded()) {
      c = Consistency.sspPush(c.staleness());
    }
    LdaConfig.Algorithm a = switch (p.string("algorithm", "data")) {
      case "data" -> LdaConfig.Algorithm.DATA;
      case "rotation" -> LdaConfig.Algorithm.ROTATION;
      default -> throw new IllegalArgumentException("job parameter 'algorithm' must be data or rotation, was '"
          + p.string("algorithm") + "'");
    };
    return new LdaConfig(p.integer("topics"), p.real("alpha", 0.1), p.real("beta", 0.01),
        p.integer("iterations", 100), a, c, p.longValue("seed", 1), p.integer("evalEvery", 1));
  }

  /** Reads the corpus named in {@code params}. */
  public static Corpus readCorpus(JobParams p) throws IOException {
    Path data = Path.of(p.string("data"));
    Path vocab = p.has("vocab") ? Path.of(p.string("vocab")) : null;
    return switch (p.string("format", "uci")) {
      case "uci" -> CorpusReader.readUci(data, vocab);
      case "libsvm" -> CorpusReader.readLabeled(data, vocab);
      case "text" -> CorpusReader.readText(data, Tokenizer.english());
      default -> throw new IllegalArgumentException("job parameter 'format' must be uci, libsvm or text, was '"
          + p.string("format") + "'");
    };
  }

  /**
   * Trains on {@code deployment} and returns the topics; {@code corpus} is the submitter's copy of
   * the corpus in the parameters (for its vocabulary and checks). Calls {@code listener} in this
   * process as iterations are reported.
   *
   * @throws IllegalArgumentException if a word occurs too often for the packed counts of K topics
   */
  public static LdaModel train(Deployment deployment, JobParams params, Corpus corpus, LdaListener listener)
      throws Exception {
    LdaConfig config = config(params);
    checkCounts(corpus, config.topics());
    JobParams withWords = params.with("words", corpus.numWords());
    try (JobResult result = deployment.run(LdaJob.class, withWords,
        event -> listener.onIteration(LdaWorker.decode(event)))) {
      return readModel(result, corpus, config);
    }
  }

  static LdaModel readModel(JobResult result, Corpus corpus, LdaConfig config) {
    return readModel(result, corpus.numWords(), corpus.vocabulary(), config);
  }

  /**
   * The topics in the final tables of a job of {@code params} (which name the vocabulary size
   * {@code words}); words are named by their ids.
   */
  public static LdaModel readModel(JobResult result, JobParams params) {
    int numWords = params.integer("words");
    String[] vocab = new String[numWords];
    for (int w = 0; w < numWords; w++) {
      vocab[w] = Integer.toString(w);
    }
    return readModel(result, numWords, vocab, config(params));
  }

  /** The iteration reported by an event from a worker of this job. */
  public static LdaIteration iterationOf(String event) {
    return LdaWorker.decode(event);
  }

  private static LdaModel readModel(JobResult result, int numWords, String[] vocabulary, LdaConfig config) {
    int[][] topics = new int[numWords][];
    int[][] counts = new int[numWords][];
    int[] ks = new int[config.topics()];
    int[] cs = new int[config.topics()];
    for (int w = 0; w < numWords; w++) {
      Row row = result.read(LdaWorker.WORD_TOPIC, w);
      int n = 0;
      for (int k = 0; k < config.topics(); k++) {
        long c = row.getLong(k);
        if (c != 0) {
          ks[n] = k;
          cs[n++] = (int) c;
        }
      }
      topics[w] = Arrays.copyOf(ks, n);
      counts[w] = Arrays.copyOf(cs, n);
    }
    return new LdaModel(config.topics(), config.alpha(), config.beta(), vocabulary, topics, counts);
  }

  /**
   * Throws {@link IllegalArgumentException}, naming the word, unless every word's token count fits
   * the sampler's packed counts for {@code topics} topics (2^31 / 2^ceil(log2 K) tokens per word).
   */
  public static void checkCounts(Corpus corpus, int topics) {
    long max = SparseLdaSampler.maxCount(topics);
    long[] f = corpus.wordFrequencies();
    for (int w = 0; w < f.length; w++) {
      if (f[w] > max) {
        throw new IllegalArgumentException("word '" + corpus.wordName(w) + "' occurs " + f[w]
            + " times; with " + topics + " topics a word may occur at most " + max + " times");
      }
    }
  }

  /**
   * The rotation block of every word: {@code blocks} contiguous ranges of word ids with about
   * equal numbers of tokens, so that the workers' sub-iterations take about equal time.
   */
  static int[] blocks(Corpus corpus, int blocks) {
    long[] f = corpus.wordFrequencies();
    long total = Math.max(1, corpus.numTokens());
    int[] block = new int[f.length];
    long before = 0;
    for (int w = 0; w < f.length; w++) {
      block[w] = (int) Math.min(blocks - 1, (before + f[w] / 2) * blocks / total);
      before += f[w];
    }
    return block;
  }

  /** Whether the word-topic table of {@code numWords} x {@code topics} has dense rows. */
  static boolean dense(int numWords, int topics) {
    return topics <= DENSE_MAX_TOPICS || (long) numWords * topics <= DENSE_MAX_CELLS;
  }

  /** Yes: workers checkpoint their topic assignments and start at the resumed clock. */
  @Override
  public boolean resumable() {
    return true;
  }

  @Override
  public List<TableSpec> tables(JobParams params, JobShape shape) throws IOException {
    LdaConfig config = config(params);
    int numWords = params.has("words") ? params.integer("words") : readCorpus(params).numWords();
    int k = config.topics();
    Consistency wordConsistency = config.algorithm() == LdaConfig.Algorithm.ROTATION
        ? Consistency.bsp() : config.consistency();
    return List.of(
        TableSpec.builder(LdaWorker.WORD_TOPIC)
            .kind(dense(numWords, k) ? RowKind.DENSE : RowKind.SPARSE).type(ValueType.INT)
            .rows(numWords).width(k).consistency(wordConsistency).build(),
        TableSpec.builder(LdaWorker.TOPICS).dense(ValueType.LONG).rows(1).width(k)
            .consistency(config.consistency()).build(),
        TableSpec.builder(LdaWorker.METRICS).dense(ValueType.DOUBLE).rows(config.evaluations()).width(1)
            .consistency(Consistency.bsp()).build());
  }

  @Override
  public WorkerProgram program(JobParams params, ProcessContext process) throws IOException {
    LdaConfig config = config(params);
    java.util.Optional<Corpus> local = process.input(Corpus.class);
    if (local.isPresent()) {
      if (config.algorithm() == LdaConfig.Algorithm.ROTATION) {
        throw new IllegalArgumentException("the rotation schedules vocabulary blocks by the whole corpus's word "
            + "frequencies, which a process holding only its own documents does not have; use algorithm data");
      }
      checkCounts(local.get(), config.topics());
      return new LdaWorker(local.get(), config, null, process.events(), process);
    }
    Corpus corpus = readCorpus(params);
    checkCounts(corpus, config.topics());
    int[] blockOfWord = config.algorithm() == LdaConfig.Algorithm.ROTATION
        ? blocks(corpus, process.shape().workers()) : null;
    return new LdaWorker(corpus, config, blockOfWord, process.events());
  }
}

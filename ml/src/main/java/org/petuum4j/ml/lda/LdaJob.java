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
 * <p>Tables: {@value LdaWorker#WORD_TOPIC} (int counts, blocks of consecutive words per row, dense
 * or sparse rows as {@link WordTopicLayout} decides from the parameter {@code wordTopicCells} that
 * {@link #train} sets), {@value LdaWorker#TOPICS} (one dense long row) and {@value
 * LdaWorker#METRICS} (log-likelihood sums).
 *
 * <p>A process given its own documents in memory ({@link ProcessContext#input()}: a {@link
 * Corpus} over the job's whole vocabulary, e.g. a Spark partition) samples those instead of
 * reading the corpus; such a job names the vocabulary size in parameter {@code words}, and runs
 * data-parallel only.
 */
public final class LdaJob implements JobFactory {
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
    JobParams withWords = params.with("words", corpus.numWords())
        .with("wordTopicCells", WordTopicLayout.cellBound(corpus.wordFrequencies(), config.topics()));
    try (JobResult result = deployment.run(LdaJob.class, withWords,
        event -> listener.onIteration(LdaWorker.decode(event)))) {
      return readModel(result, layout(withWords, config, corpus.numWords()), corpus.vocabulary(), config);
    }
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
    LdaConfig config = config(params);
    return readModel(result, layout(params, config, numWords), vocab, config);
  }

  /** The iteration reported by an event from a worker of this job. */
  public static LdaIteration iterationOf(String event) {
    return LdaWorker.decode(event);
  }

  /** The layout of the word-topic table of a job of {@code params} over {@code numWords} words. */
  static WordTopicLayout layout(JobParams params, LdaConfig config, int numWords) {
    return WordTopicLayout.of(numWords, config.topics(),
        params.has("wordTopicCells") ? params.longValue("wordTopicCells", -1) : -1);
  }

  static LdaModel readModel(JobResult result, WordTopicLayout layout, String[] vocabulary,
      LdaConfig config) {
    int numWords = layout.numWords();
    int k = config.topics();
    int[][] topics = new int[numWords][];
    int[][] counts = new int[numWords][];
    int[] ks = new int[k];
    int[] cs = new int[k];
    int[] cols = new int[layout.width()];
    long[] vals = new long[layout.width()];
    for (int r = 0; r < layout.rows(); r++) {
      Row row = result.read(LdaWorker.WORD_TOPIC, r);
      int[] n = {0};
      row.forEachNonZero((col, value) -> {
        cols[n[0]] = col;
        vals[n[0]++] = (long) value;
      });
      sortByColumn(cols, vals, n[0]);
      int first = layout.firstWord(r);
      int i = 0;
      for (int j = 0; j < layout.wordsIn(r); j++) {
        int m = 0;
        while (i < n[0] && cols[i] < (j + 1) * k) {
          ks[m] = cols[i] - j * k;
          cs[m++] = (int) vals[i];
          i++;
        }
        topics[first + j] = Arrays.copyOf(ks, m);
        counts[first + j] = Arrays.copyOf(cs, m);
      }
    }
    return new LdaModel(config.topics(), config.alpha(), config.beta(), vocabulary, topics, counts);
  }

  /** Sorts the first {@code n} cells by column (a sparse row's cells come in hash order). */
  private static void sortByColumn(int[] cols, long[] vals, int n) {
    boolean sorted = true;
    for (int i = 1; i < n && sorted; i++) {
      sorted = cols[i - 1] < cols[i];
    }
    if (sorted) {
      return;
    }
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) {
      packed[i] = (long) cols[i] << 32 | (vals[i] & 0xFFFFFFFFL);
    }
    Arrays.sort(packed);
    for (int i = 0; i < n; i++) {
      cols[i] = (int) (packed[i] >>> 32);
      vals[i] = (int) packed[i];
    }
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
        layout(params, config, numWords).spec(wordConsistency),
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
      return new LdaWorker(local.get(), config, layout(params, config, params.integer("words")), null,
          process.events(), process);
    }
    Corpus corpus = readCorpus(params);
    checkCounts(corpus, config.topics());
    int[] blockOfWord = config.algorithm() == LdaConfig.Algorithm.ROTATION
        ? blocks(corpus, process.shape().workers()) : null;
    return new LdaWorker(corpus, config, layout(params, config, corpus.numWords()), blockOfWord, process.events());
  }
}

package org.petuum4j.ml.lda;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ps.Checkpointable;
import org.petuum4j.ps.Partitions;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.WorkerContext;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.ProcessContext;

/**
 * One worker thread of collapsed Gibbs sampling for LDA on the parameter server.
 *
 * <p>Implementation notes. The worker owns the documents {@link WorkerContext#partition} gives it;
 * their token assignments (and so their document-topic counts, recomputed from the assignments
 * when a document is opened) never leave it. The word-topic counts ({@link #WORD_TOPIC}: blocks of
 * consecutive words per row, see {@link WordTopicLayout}) and the topic totals ({@link #TOPICS}:
 * one row) live on the parameter server. The worker samples from a local copy of the counts of
 * its words, kept in {@link SparseLdaSampler}'s packed layout: at the start of each clock it
 * reloads the rows holding them from the server (under SSP a row holds every worker's changes up
 * to {@code staleness} clocks back and all of its own), samples, updating the copy in place,
 * records each changed assignment, and before {@code clock()} sends the net change of every
 * touched row as one batched increment.
 *
 * <p>Data-parallel: one clock per iteration over all the worker's tokens. Rotation: the vocabulary
 * is cut into P blocks of about equal token mass ({@link LdaJob#blocks}); an iteration is P
 * clocks, and in clock {@code t} worker {@code w} samples only its tokens of block {@code (w + t)
 * mod P}. Each document's tokens are grouped by block once, so a clock visits a contiguous run of
 * each document. The word-topic table is BSP there, so the rows of a block, reloaded when the
 * block changes hands, hold every change of its previous owner; only the topic totals are stale.
 *
 * <p>Evaluation: all workers {@code barrier()}, each adds to {@link #METRICS} its documents' terms
 * of the log-likelihood and the word terms of its share of the word-topic rows (worker 0 also the topic
 * terms), {@code barrier()} again, and worker 0 emits the sum as an event.
 */
final class LdaWorker implements WorkerProgram {
  static final String WORD_TOPIC = "lda.word_topic";
  static final String TOPICS = "lda.topics";
  static final String METRICS = "lda.metrics";
  static final String EVENT = "iteration";

  private final Corpus corpus;
  private final LdaConfig config;
  private final WordTopicLayout layout;
  private final int[] blockOfWord;
  private final EventSink events;
  /** The process whose own documents the corpus is, or null for a corpus every process reads whole. */
  private final ProcessContext local;

  /**
   * @param blockOfWord the rotation block of every word, or null for data-parallel sampling
   */
  LdaWorker(Corpus corpus, LdaConfig config, WordTopicLayout layout, int[] blockOfWord, EventSink events) {
    this(corpus, config, layout, blockOfWord, events, null);
  }

  /**
   * A worker of a process whose own documents {@code corpus} is ({@code local}'s input; {@code null}:
   * the whole corpus, of which each worker takes its share).
   */
  LdaWorker(Corpus corpus, LdaConfig config, WordTopicLayout layout, int[] blockOfWord, EventSink events,
      ProcessContext local) {
    if (layout.numWords() != corpus.numWords() || layout.topics() != config.topics()) {
      throw new IllegalArgumentException("word-topic layout " + layout + " of " + layout.numWords()
          + " words does not fit " + corpus.numWords() + " words and " + config.topics() + " topics");
    }
    this.local = local;
    this.layout = layout;
    this.corpus = corpus;
    this.config = config;
    this.blockOfWord = blockOfWord;
    this.events = events;
  }

  /** The event of one evaluated iteration, for {@link #decode}. */
  static String encode(LdaIteration it) {
    return String.format(Locale.ROOT, "%s %d %s %d %s", EVENT, it.iteration(), Double.toString(it.seconds()),
        it.tokens(), Double.toString(it.logLikelihood()));
  }

  static LdaIteration decode(String event) {
    String[] f = event.split(" ");
    if (f.length != 5 || !f[0].equals(EVENT)) {
      throw new IllegalArgumentException("unknown LDA event '" + event + "'");
    }
    return new LdaIteration(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]),
        Double.parseDouble(f[4]));
  }

  @Override
  public void run(WorkerContext ctx) {
    new State(ctx).run();
  }

  /** The per-thread state. */
  private final class State implements Row.CellConsumer {
    final WorkerContext ctx;
    final Table wordTopic;
    final Table topics;
    final Table metrics;
    final int numTopics = config.topics();
    final int numWords = corpus.numWords();
    final int blocks;
    final int firstDoc;
    final int numDocs;
    final int[] words;
    final int[] z;
    final int[] docOff;
    final int[] segOff;
    /** Per rotation block, the rows holding this worker's words of the block, ascending. */
    final int[][] rowsOfBlock;
    /** Whether this worker has a token of the word. */
    final boolean[] mine;
    final SparseLdaSampler sampler;
    SplittableRandom rng;
    /**
     * Changed assignments of the current clock, one long each: word {@code << 33 | (old topic + 1)
     * << 16 | new topic} (old -1 for a new token; K <= 2^16); {@link #byRow} is their counting
     * sort by row. One array read in order instead of three read through a permutation: sending
     * the changes was 13% of a worker's time at K = 500 with three.
     */
    final long[] changed;
    final long[] byRow;
    int changes;
    final int[] rowStart;
    final int[] delta;
    final int[] touched;
    final boolean[] isTouched;
    final int[] cols;
    final double[] deltas;
    final double[] totalDeltas;
    double cellSum;

    State(WorkerContext ctx) {
      this.ctx = ctx;
      this.wordTopic = ctx.table(WORD_TOPIC);
      this.topics = ctx.table(TOPICS);
      this.metrics = ctx.table(METRICS);
      this.blocks = blockOfWord == null ? 1 : ctx.numWorkers();
      Partitions.Range r = local == null ? ctx.partition(corpus.numDocs())
          : local.localShare(corpus.numDocs(), ctx.workerId());
      this.firstDoc = (int) r.from();
      this.numDocs = (int) r.size();
      int tokenFrom = numDocs == 0 ? 0 : corpus.docStart(firstDoc);
      int tokenTo = numDocs == 0 ? 0 : corpus.docEnd(firstDoc + numDocs - 1);
      int n = tokenTo - tokenFrom;
      this.words = new int[n];
      this.z = new int[n];
      this.docOff = new int[numDocs + 1];
      this.segOff = new int[numDocs * blocks + 1];
      int[] perBlock = new int[blocks + 1];
      for (int d = 0; d < numDocs; d++) {
        int from = corpus.docStart(firstDoc + d);
        int to = corpus.docEnd(firstDoc + d);
        int base = from - tokenFrom;
        docOff[d] = base;
        Arrays.fill(perBlock, 0);
        for (int i = from; i < to; i++) {
          perBlock[block(corpus.word(i)) + 1]++;
        }
        for (int b = 0; b < blocks; b++) {
          perBlock[b + 1] += perBlock[b];
          segOff[d * blocks + b] = base + perBlock[b];
        }
        for (int i = from; i < to; i++) {
          int w = corpus.word(i);
          words[base + perBlock[block(w)]++] = w;
        }
      }
      docOff[numDocs] = n;
      segOff[numDocs * blocks] = n;
      this.mine = new boolean[numWords];
      for (int w : words) {
        mine[w] = true;
      }
      // A row may hold words of two rotation blocks; it is loaded in both blocks' clocks.
      int rows = layout.rows();
      boolean[][] rowInBlock = new boolean[blocks][rows];
      int[] count = new int[blocks];
      for (int w = 0; w < numWords; w++) {
        if (mine[w]) {
          int b = block(w);
          int row = layout.rowOf(w);
          if (!rowInBlock[b][row]) {
            rowInBlock[b][row] = true;
            count[b]++;
          }
        }
      }
      this.rowsOfBlock = new int[blocks][];
      for (int b = 0; b < blocks; b++) {
        rowsOfBlock[b] = new int[count[b]];
        int filled = 0;
        for (int row = 0; row < rows; row++) {
          if (rowInBlock[b][row]) {
            rowsOfBlock[b][filled++] = row;
          }
        }
      }
      this.sampler = new SparseLdaSampler(numTopics, numWords, config.alpha(), config.beta());
      this.rng = new SplittableRandom(config.seed() ^ (0x9E3779B97F4A7C15L * (ctx.workerId() + 1)));
      this.changed = new long[n];
      this.byRow = new long[n];
      this.rowStart = new int[rows + 1];
      int width = Math.max(layout.width(), numTopics);
      this.delta = new int[width];
      this.touched = new int[width];
      this.isTouched = new boolean[width];
      this.cols = new int[width];
      this.deltas = new double[width];
      this.totalDeltas = new double[numTopics];
    }

    int block(int w) {
      return blockOfWord == null ? 0 : blockOfWord[w];
    }

    void run() {
      // Seconds of sampling so far; a checkpoint saves it with the assignments.
      double[] seconds = {0};
      ctx.checkpointed(new Checkpointable() {
        @Override
        public void save(DataOutputStream out) throws IOException {
          out.writeDouble(seconds[0]);
          out.writeInt(z.length);
          for (int k : z) {
            out.writeInt(k);
          }
        }

        @Override
        public void restore(DataInputStream in) throws IOException {
          seconds[0] = in.readDouble();
          if (in.readInt() != z.length) {
            throw new IOException("the checkpoint holds another number of tokens for worker " + ctx.workerId());
          }
          for (int i = 0; i < z.length; i++) {
            z[i] = in.readInt();
          }
        }
      });
      // A resumed job starts at the checkpoint's clock: sub-iteration start % blocks of iteration
      // start / blocks + 1, with the assignments as they were; its random stream starts afresh.
      int start = ctx.currentClock();
      boolean reporter = ctx.workerId() == 0;
      if (start == 0) {
        for (int i = 0; i < z.length; i++) {
          int k = rng.nextInt(numTopics);
          z[i] = k;
          record(words[i], -1, k);
        }
        sendChanges();
        ctx.barrier();
        evaluate(0, 0);
      } else {
        rng = new SplittableRandom(config.seed() ^ (0x9E3779B97F4A7C15L * (ctx.workerId() + 1))
            ^ (0xBF58476D1CE4E5B9L * start));
        if (start % blocks == 0 && config.evaluates(start / blocks)) {
          // The checkpoint came before this iteration's evaluation.
          ctx.barrier();
          evaluate(start / blocks, reporter ? seconds[0] : 0);
        }
      }
      long began = System.nanoTime();
      for (int iter = start / blocks + 1; iter <= config.iterations(); iter++) {
        for (int t = iter == start / blocks + 1 ? start % blocks : 0; t < blocks; t++) {
          int b = (ctx.workerId() + t) % blocks;
          for (int r : rowsOfBlock[b]) {
            sampler.loadRow(wordTopic.get(r), layout.firstWord(r), layout.wordsIn(r), mine);
          }
          sampler.loadTotals(topics.get(0));
          sampler.prepare();
          sample(b);
          sendChanges();
          seconds[0] += (System.nanoTime() - began) / 1e9;
          ctx.clock();
          began = System.nanoTime();
        }
        if (config.evaluates(iter)) {
          ctx.barrier();
          evaluate(iter, reporter ? seconds[0] : 0);
          began = System.nanoTime();
        }
      }
    }

    void sample(int b) {
      SparseLdaSampler s = sampler;
      int[] zz = z;
      int[] ww = words;
      for (int d = 0; d < numDocs; d++) {
        int from = segOff[d * blocks + b];
        int to = segOff[d * blocks + b + 1];
        if (from == to) {
          continue;
        }
        s.beginDoc(zz, docOff[d], docOff[d + 1]);
        for (int i = from; i < to; i++) {
          int w = ww[i];
          int old = zz[i];
          int k = s.resample(w, old, rng.nextDouble());
          if (k != old) {
            zz[i] = k;
            record(w, old, k);
          }
        }
        s.endDoc();
      }
    }

    void record(int w, int old, int k) {
      changed[changes++] = (long) w << 33 | (long) (old + 1) << 16 | k;
    }

    /** Sends the net change of every touched word-topic row and of the totals; one batch per row. */
    void sendChanges() {
      int m = changes;
      int rows = layout.rows();
      long[] ch = changed;
      long[] sorted = byRow;
      for (int c = 0; c < m; c++) {
        rowStart[layout.rowOf((int) (ch[c] >>> 33)) + 1]++;
      }
      for (int r = 0; r < rows; r++) {
        rowStart[r + 1] += rowStart[r];
      }
      for (int c = 0; c < m; c++) {
        sorted[rowStart[layout.rowOf((int) (ch[c] >>> 33))]++] = ch[c];
      }
      // rowStart[r] is now the end of row r's run, which is the start of row r + 1's.
      int from = 0;
      while (from < m) {
        int r = layout.rowOf((int) (sorted[from] >>> 33));
        int to = rowStart[r];
        int nt = 0;
        for (int j = from; j < to; j++) {
          long c = sorted[j];
          int w = (int) (c >>> 33);
          int o = (int) ((c >>> 16) & 0x1FFFF) - 1;
          if (o >= 0) {
            int col = layout.col(w, o);
            if (!isTouched[col]) {
              isTouched[col] = true;
              touched[nt++] = col;
            }
            delta[col]--;
            totalDeltas[o]--;
          }
          int k = (int) (c & 0xFFFF);
          int col = layout.col(w, k);
          if (!isTouched[col]) {
            isTouched[col] = true;
            touched[nt++] = col;
          }
          delta[col]++;
          totalDeltas[k]++;
        }
        int nc = 0;
        for (int j = 0; j < nt; j++) {
          int col = touched[j];
          isTouched[col] = false;
          if (delta[col] != 0) {
            cols[nc] = col;
            deltas[nc++] = delta[col];
            delta[col] = 0;
          }
        }
        if (nc > 0) {
          wordTopic.inc(r, cols, deltas, nc);
        }
        from = to;
      }
      Arrays.fill(rowStart, 0);
      boolean any = false;
      for (double d : totalDeltas) {
        any |= d != 0;
      }
      if (any) {
        topics.incDense(0, totalDeltas);
        Arrays.fill(totalDeltas, 0);
      }
      changes = 0;
    }

    /**
     * Adds this worker's terms of the log-likelihood; worker 0 reports the sum. Called right after
     * a barrier, so that every row read holds every worker's changes.
     */
    void evaluate(int iter, double seconds) {
      double ll = 0;
      int[] dc = delta;
      int[] vals = cols;
      for (int d = 0; d < numDocs; d++) {
        int n = 0;
        for (int i = docOff[d]; i < docOff[d + 1]; i++) {
          if (dc[z[i]]++ == 0) {
            touched[n++] = z[i];
          }
        }
        for (int j = 0; j < n; j++) {
          vals[j] = dc[touched[j]];
          dc[touched[j]] = 0;
        }
        ll += LdaLikelihood.document(vals, n, docOff[d + 1] - docOff[d], numTopics, config.alpha());
      }
      Partitions.Range share = ctx.partition(layout.rows());
      cellSum = 0;
      for (long r = share.from(); r < share.to(); r++) {
        wordTopic.get((int) r).forEachNonZero(this);
      }
      ll += cellSum;
      if (ctx.workerId() == 0) {
        Row totals = topics.get(0);
        for (int k = 0; k < numTopics; k++) {
          ll += LdaLikelihood.topic(totals.getLong(k), numWords, config.beta());
        }
      }
      int row = config.evalIndex(iter);
      metrics.inc(row, 0, ll);
      ctx.barrier();
      if (ctx.workerId() == 0) {
        double sum = metrics.get(row).get(0);
        events.emit(encode(new LdaIteration(iter, seconds, (long) iter * corpus.numTokens(), sum)));
      }
    }

    /** Adds one word-topic cell's likelihood term during {@link #evaluate}. */
    @Override
    public void accept(int col, double value) {
      cellSum += LdaLikelihood.wordTopic((long) value, config.beta());
    }
  }
}

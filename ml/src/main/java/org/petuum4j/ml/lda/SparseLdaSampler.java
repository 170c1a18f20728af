package org.petuum4j.ml.lda;

import java.util.Arrays;
import org.petuum4j.ps.Row;

/**
 * The SparseLDA collapsed Gibbs sampler (Yao, Mimno and McCallum, "Efficient methods for topic
 * model inference on streaming document collections", KDD 2009), over one worker's local copy of
 * the word-topic counts and topic totals.
 *
 * <p>The conditional of a token of word {@code w} in document {@code d}, its own assignment
 * removed, splits into three buckets:
 *
 * <pre>
 * p(k) ∝ (n_dk + alpha)(n_wk + beta) / (n_k + W beta)
 *      = alpha beta / (n_k + W beta)          s: smoothing, every topic
 *      + n_dk beta / (n_k + W beta)            r: the document's topics
 *      + n_wk (alpha + n_dk) / (n_k + W beta)  q: the word's topics
 * </pre>
 *
 * {@code s} and {@code r} are kept up to date incrementally and {@code q} is summed over the
 * word's non-zero topics only, with the per-topic coefficient {@code (alpha + n_dk) / (n_k + W
 * beta)} cached; so a token costs time in the number of topics its word and document use, not in
 * K. Most of the mass is usually in {@code q}, whose entries are kept sorted by decreasing count
 * so that the walk stops early.
 *
 * <p>A word's count must stay below {@code 2^(31 - topicBits)} ({@link #maxCount}). Not
 * thread-safe: one per worker thread.
 */
final class SparseLdaSampler implements Row.CellConsumer {
  /*
   * Implementation notes.
   *
   * Taken from MALLET 2.1.1 (ParallelTopicModel and WorkerRunnable, learnt from, not copied):
   * - A word's counts are packed into one int per topic, count << topicBits | topic, kept in
   *   decreasing order (so by count) and terminated by 0 or the end of the array; a count change
   *   moves its entry by swaps. The q walk meets the big counts first and stops early.
   * - One fused pass over the word's entries decrements the old topic's count and computes the
   *   q scores; when the draw falls in q (most of the time) the chosen entry is incremented where
   *   the walk stopped, without a search.
   * - The s, r and q buckets with s and r kept up to date per count change, and the per-topic
   *   coefficient (alpha + n_dk) / (n_k + W beta) cached, reset to alpha / (n_k + W beta) for the
   *   document's topics when the document closes.
   * - Arrays sized to what a word uses (MALLET sizes each word's array to min(K, its frequency)):
   *   here to the counts loaded plus a quarter, growing on demand, so the copy of a large
   *   vocabulary of rare words costs about its non-zero counts, not W x K.
   *
   * Where this differs, for corpora of short documents and for large K:
   * - 1 / (n_k + W beta) is kept per topic (inv), so a count change costs one division
   *   and the walks none; MALLET divides in each step of its s walk and several times per change.
   * - The s walk skips blocks of 32 topics through their sums (invBlocks): with few tokens per
   *   document and per word, s holds a large share of the mass (for a word of 20 tokens at
   *   K = 500 about a fifth), and the walk of K steps was 9% of a worker's time on GCIDE at
   *   K = 500 (4% with blocks; JFR).
   * - The per-document state (counts, non-zero topics) lives in arrays reused across documents
   *   and cleared through the list of the document's topics; MALLET allocates two int[K] per
   *   document, 4 KB of zeroed memory per 8-token document at K = 500.
   * - The counts come from and go back to the parameter server, a row of a block of words at a
   *   time (loadRow, WordTopicLayout), instead of being shared between threads.
   */

  private static final int[] EMPTY = new int[0];

  private final int numTopics;
  private final double alpha;
  private final double beta;
  private final double betaSum;
  private final double alphaBeta;
  private final int topicBits;
  private final int topicMask;
  private final int[][] wordTopics;
  private final int[] topicTotals;
  private final int[] docCounts;
  private final int[] docTopics;
  private int docNonZero;
  private final double[] coef;
  /** {@code 1 / (n_k + W beta)}, kept with the totals so that the walks need no division. */
  private final double[] inv;
  /**
   * Sums of {@link #inv} over blocks of {@value #BLOCK} topics, kept with it: the walk of the
   * smoothing bucket skips whole blocks, so it costs about {@code K / 32 + 32} steps instead of K.
   */
  private final double[] invBlocks;
  private static final int BLOCK_BITS = 5;
  private static final int BLOCK = 1 << BLOCK_BITS;
  private final double[] scores;
  private double smoothing;
  private double docBeta;
  /** The packed counts of the word being loaded. */
  private int[] loadBuf;
  /** The non-zero cells of the row being loaded, {@code column << 32 | count}. */
  private long[] rowBuf = new long[64];
  private long[] rowSpare = new long[0];
  /** Per word of the row being loaded, where its cells end in {@link #rowBuf}. */
  private int[] wordEnd = new int[0];
  private int rowFill;
  private boolean rowSorted;

  SparseLdaSampler(int numTopics, int numWords, double alpha, double beta) {
    this.numTopics = numTopics;
    this.alpha = alpha;
    this.beta = beta;
    this.betaSum = beta * numWords;
    this.alphaBeta = alpha * beta;
    this.topicBits = topicBits(numTopics);
    this.topicMask = (1 << topicBits) - 1;
    this.wordTopics = new int[numWords][];
    Arrays.fill(wordTopics, EMPTY);
    this.topicTotals = new int[numTopics];
    this.docCounts = new int[numTopics];
    this.docTopics = new int[numTopics];
    this.coef = new double[numTopics];
    this.inv = new double[numTopics];
    this.invBlocks = new double[(numTopics + BLOCK - 1) >> BLOCK_BITS];
    this.scores = new double[numTopics];
    this.loadBuf = new int[Math.min(numTopics, 64)];
  }

  static int topicBits(int numTopics) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(numTopics - 1));
  }

  /** The largest word-topic count the packed layout holds for {@code numTopics} topics. */
  static long maxCount(int numTopics) {
    return (1L << (31 - topicBits(numTopics))) - 1;
  }

  // ---- state from the parameter server ----

  /** Replaces word {@code w}'s counts with the non-zero cells of {@code row} (width K). */
  void loadWord(int w, Row row) {
    rowFill = 0;
    row.forEachNonZero(this);
    setWord(w, 0, rowFill, 0);
  }

  /**
   * Replaces the counts of the words {@code firstWord + j}, {@code j < words}, for which {@code
   * wanted} is true with the cells of {@code row}, which holds word {@code firstWord + j}'s count of
   * topic {@code k} in column {@code j K + k} (a {@link WordTopicLayout} row). One pass over the
   * row's non-zero cells, in column order for dense rows; a sparse row's cells are grouped by word
   * first.
   */
  void loadRow(Row row, int firstWord, int words, boolean[] wanted) {
    rowFill = 0;
    rowSorted = true;
    row.forEachNonZero(this);
    if (!rowSorted) {
      groupByWord(words);
    }
    int i = 0;
    for (int j = 0; j < words; j++) {
      long end = (long) (j + 1) * numTopics << 32;
      int from = i;
      while (i < rowFill && rowBuf[i] < end) {
        i++;
      }
      if (wanted[firstWord + j]) {
        setWord(firstWord + j, from, i, j * numTopics);
      }
    }
  }

  /**
   * Orders a sparse row's cells (hash order) by word, by a counting sort on {@code col / K}: the
   * order within a word does not matter, {@link #setWord} sorts a word's few cells itself. A
   * comparison sort of the whole row was 5% of a worker's time at K = 500.
   */
  private void groupByWord(int words) {
    if (wordEnd.length < words + 1) {
      wordEnd = new int[words + 1];
    }
    Arrays.fill(wordEnd, 0, words + 1, 0);
    int n = rowFill;
    long[] a = rowBuf;
    for (int i = 0; i < n; i++) {
      wordEnd[(int) (a[i] >>> 32) / numTopics + 1]++;
    }
    for (int j = 0; j < words; j++) {
      wordEnd[j + 1] += wordEnd[j];
    }
    if (rowSpare.length < a.length) {
      rowSpare = new long[a.length];
    }
    long[] b = rowSpare;
    for (int i = 0; i < n; i++) {
      b[wordEnd[(int) (a[i] >>> 32) / numTopics]++] = a[i];
    }
    rowSpare = a;
    rowBuf = b;
  }

  /** Sets word {@code w}'s counts from {@code rowBuf[from, to)}, whose columns start at {@code base}. */
  private void setWord(int w, int from, int to, int base) {
    int n = to - from;
    if (loadBuf.length < n) {
      loadBuf = new int[Math.max(n, Math.min(numTopics, 2 * loadBuf.length))];
    }
    for (int i = 0; i < n; i++) {
      long cell = rowBuf[from + i];
      loadBuf[i] = (int) cell << topicBits | ((int) (cell >>> 32) - base);
    }
    int[] e = wordTopics[w];
    if (e.length < n || e.length > 2 * n + 8) {
      // Sized to the word's counts: most words of a large vocabulary hold a handful of topics.
      e = n == 0 ? EMPTY : new int[Math.min(numTopics, n + (n >> 2) + 2)];
      wordTopics[w] = e;
    }
    Arrays.sort(loadBuf, 0, n);
    for (int i = 0; i < n; i++) {
      e[i] = loadBuf[n - 1 - i];
    }
    Arrays.fill(e, n, e.length, 0);
  }

  /** Receives one cell in {@link #loadWord} and {@link #loadRow}. */
  @Override
  public void accept(int col, double value) {
    long c = (long) value;
    if (c < 0 || c > (Integer.MAX_VALUE >>> topicBits)) {
      throw new IllegalStateException("word-topic count " + c + " outside [0, " + (Integer.MAX_VALUE >>> topicBits) + "]");
    }
    if (c == 0) {
      return;
    }
    if (rowFill == rowBuf.length) {
      rowBuf = Arrays.copyOf(rowBuf, 2 * rowFill);
    }
    long cell = (long) col << 32 | c;
    rowSorted &= rowFill == 0 || rowBuf[rowFill - 1] < cell;
    rowBuf[rowFill++] = cell;
  }

  /** Replaces the topic totals with {@code row} (width K). */
  void loadTotals(Row row) {
    for (int k = 0; k < numTopics; k++) {
      topicTotals[k] = (int) row.getLong(k);
    }
  }

  /** Recomputes the smoothing mass and the coefficients after the totals changed; no open document. */
  void prepare() {
    double s = 0;
    Arrays.fill(invBlocks, 0);
    for (int k = 0; k < numTopics; k++) {
      double v = 1 / (topicTotals[k] + betaSum);
      inv[k] = v;
      invBlocks[k >> BLOCK_BITS] += v;
      s += alphaBeta * v;
      coef[k] = alpha * v;
    }
    smoothing = s;
  }

  // ---- one document ----

  /** Opens the document whose assignments are {@code z[from, to)}. */
  void beginDoc(int[] z, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      int k = z[i];
      if (docCounts[k]++ == 0) {
        docTopics[n++] = k;
      }
    }
    docNonZero = n;
    double r = 0;
    for (int j = 0; j < n; j++) {
      int k = docTopics[j];
      r += beta * docCounts[k] * inv[k];
      coef[k] = (alpha + docCounts[k]) * inv[k];
    }
    docBeta = r;
  }

  /** Closes the open document. */
  void endDoc() {
    for (int j = 0; j < docNonZero; j++) {
      int k = docTopics[j];
      docCounts[k] = 0;
      coef[k] = alpha * inv[k];
    }
    docNonZero = 0;
    docBeta = 0;
  }

  /** Takes a token of word {@code w} with topic {@code t} out of the open document and the counts. */
  void remove(int w, int t) {
    removeFromTopic(t);
    decrementWord(w, t);
  }

  /** Adds a token of word {@code w} with topic {@code t} to the open document and the counts. */
  void add(int w, int t) {
    addToTopic(t);
    incrementWord(w, t);
  }

  /**
   * One Gibbs step for a token of word {@code w} in the open document: takes it out of topic
   * {@code old}, draws its new topic from the conditional given every other assignment (using the
   * uniform {@code u} in [0, 1)), adds it there and returns the new topic.
   *
   * <p>Fused as in MALLET: one pass over the word's entries both decrements {@code old}'s count
   * and computes the {@code q} scores, and when the draw falls in {@code q} (most of the time) the
   * chosen entry is incremented where the walk stopped.
   */
  int resample(int w, int old, double u) {
    removeFromTopic(old);
    int[] e = wordTopics[w];
    int len = e.length;
    int bits = topicBits;
    int mask = topicMask;
    double[] sc = scores;
    double[] cf = coef;
    int target = old;
    double q = 0;
    int n = 0;
    while (n < len) {
      int v = e[n];
      if (v == 0) {
        break;
      }
      if ((v & mask) == target) {
        target = -1;
        v -= 1 << bits;
        int i = n;
        while (i + 1 < len && e[i + 1] > v) {
          e[i] = e[i + 1];
          i++;
        }
        e[i] = (v >>> bits) == 0 ? 0 : v;
        v = e[n];
        if (v == 0) {
          break;
        }
      }
      double x = cf[v & mask] * (v >>> bits);
      sc[n] = x;
      q += x;
      n++;
    }
    if (target >= 0) {
      throw new IllegalStateException("word " + w + " has no count in topic " + old);
    }
    double x = u * (smoothing + docBeta + q);
    int k;
    if (x < q) {
      int i = 0;
      while (i < n - 1) {
        x -= sc[i];
        if (x < 0) {
          break;
        }
        i++;
      }
      int v = e[i] + (1 << bits);
      k = v & mask;
      while (i > 0 && e[i - 1] < v) {
        e[i] = e[i - 1];
        i--;
      }
      e[i] = v;
    } else {
      k = drawSmoothOrDoc(x - q);
      incrementWord(w, k);
    }
    addToTopic(k);
    return k;
  }

  /** A topic from the {@code r} and {@code s} buckets, {@code x} in [0, docBeta + smoothing). */
  private int drawSmoothOrDoc(double x) {
    if (x < docBeta && docNonZero > 0) {
      x /= beta;
      for (int j = 0; j < docNonZero - 1; j++) {
        int k = docTopics[j];
        x -= docCounts[k] * inv[k];
        if (x < 0) {
          return k;
        }
      }
      return docTopics[docNonZero - 1];
    }
    x = Math.max(0, x - docBeta) / alphaBeta;
    double[] sums = invBlocks;
    int last = sums.length - 1;
    int b = 0;
    while (b < last && x >= sums[b]) {
      x -= sums[b++];
    }
    // Rounding may leave x just past the block's sum: the block's last topic then takes it.
    double[] v = inv;
    int end = Math.min(numTopics, (b + 1) << BLOCK_BITS) - 1;
    for (int k = b << BLOCK_BITS; k < end; k++) {
      x -= v[k];
      if (x < 0) {
        return k;
      }
    }
    return end;
  }

  private void removeFromTopic(int t) {
    double v = inv[t];
    int dc = docCounts[t];
    double before = alphaBeta * v;
    double docBefore = beta * dc * v;
    dc--;
    docCounts[t] = dc;
    double was = v;
    v = 1 / (--topicTotals[t] + betaSum);
    inv[t] = v;
    invBlocks[t >> BLOCK_BITS] += v - was;
    smoothing += alphaBeta * v - before;
    docBeta += beta * dc * v - docBefore;
    coef[t] = (alpha + dc) * v;
    if (dc == 0) {
      int j = 0;
      while (docTopics[j] != t) {
        j++;
      }
      docTopics[j] = docTopics[--docNonZero];
    }
  }

  private void addToTopic(int t) {
    double v = inv[t];
    int dc = docCounts[t];
    double before = alphaBeta * v;
    double docBefore = beta * dc * v;
    if (dc == 0) {
      docTopics[docNonZero++] = t;
    }
    dc++;
    docCounts[t] = dc;
    double was = v;
    v = 1 / (++topicTotals[t] + betaSum);
    inv[t] = v;
    invBlocks[t >> BLOCK_BITS] += v - was;
    smoothing += alphaBeta * v - before;
    docBeta += beta * dc * v - docBefore;
    coef[t] = (alpha + dc) * v;
  }

  private void decrementWord(int w, int t) {
    int[] e = wordTopics[w];
    int len = e.length;
    int i = 0;
    while (true) {
      int v = i < len ? e[i] : 0;
      if (v == 0) {
        throw new IllegalStateException("word " + w + " has no count in topic " + t);
      }
      if ((v & topicMask) == t) {
        break;
      }
      i++;
    }
    int v = e[i] - (1 << topicBits);
    while (i + 1 < len && e[i + 1] > v) {
      e[i] = e[i + 1];
      i++;
    }
    e[i] = (v >>> topicBits) == 0 ? 0 : v;
  }

  private void incrementWord(int w, int t) {
    int[] e = wordTopics[w];
    int len = e.length;
    int i = 0;
    while (i < len) {
      int v = e[i];
      if (v == 0 || (v & topicMask) == t) {
        break;
      }
      i++;
    }
    if (i == len) {
      e = Arrays.copyOf(e, Math.min(numTopics, Math.max(4, 2 * len)));
      wordTopics[w] = e;
    }
    int v = (e[i] == 0 ? t : e[i]) + (1 << topicBits);
    while (i > 0 && e[i - 1] < v) {
      e[i] = e[i - 1];
      i--;
    }
    e[i] = v;
  }

  // ---- inspection, for tests ----

  int wordCount(int w, int t) {
    for (int v : wordTopics[w]) {
      if (v != 0 && (v & topicMask) == t) {
        return v >>> topicBits;
      }
    }
    return 0;
  }

  int topicTotal(int t) {
    return topicTotals[t];
  }

  int docCount(int t) {
    return docCounts[t];
  }
}

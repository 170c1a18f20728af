package org.petuum4j.ml.lda;

import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;

/**
 * How the word-topic counts are laid out in table {@value LdaWorker#WORD_TOPIC}: {@link
 * #wordsPerRow} consecutive words per row, word {@code w}'s count of topic {@code k} in row {@code
 * w / B}, column {@code (w mod B) K + k}, B a power of two; dense or sparse rows.
 *
 * <p>Implementation notes. One row per word made the parameter server's per-row costs (a cache
 * entry, a view and an op-log per worker, a request and a reply per clock) the bulk of a clock on
 * corpora of short documents and large vocabularies: there a worker samples a few tokens per word
 * and clock but reloads every word's row (measured on 119k GCIDE definitions, 48.6k words, K = 50:
 * 35k rows per worker and clock, half the heap in per-row objects and 1.2 GB resident). Blocks of
 * words cut those costs by the block size; the cells a row holds, and so the bytes copied, are the
 * same. A dense row has at most {@value #DENSE_ROW_CELLS} cells, a sparse one at most {@value
 * #SPARSE_ROW_CELLS} (of which only the non-zero ones cost anything), and at least half that
 * unless it holds a single word or {@value #MAX_WORDS_PER_ROW}.
 *
 * <p>Dense or sparse: a word of {@code f} tokens has at most {@code min(K, f)} non-zero counts, so
 * {@code sum_w min(K, f_w)} bounds the occupied cells at any time. When it is below a quarter of
 * the {@code W K} cells the rows are sparse. Not by the bytes of one copy (a hash-map cell costs
 * four to six dense ones), but because dense rows copy and scan every cell each clock, and each
 * worker's op-log of a dense row accumulates every cell in a long: on GCIDE at K = 50 (bound 22%
 * of the cells) sparse rows gave a peak RSS of 422 MB against 1,046 MB and sampled 100 iterations
 * in 48 s against 56 s (one run each, loaded machine); at K = 500 (3.6%) dense rows would hold 97
 * MB per copy for at most 3.5 MB of counts. The price where the bound is high: on the planted
 * 2M-token corpus at K = 1000 (20%) rotation took 15.3 s for 20 iterations with sparse rows
 * against 12.8 s with dense ones, at 688 MB against 1,672 MB. With no bound known (a process given
 * only its own documents) the rule is the size-only one: dense up to {@value #DENSE_MAX_TOPICS}
 * topics or {@code 2^25} cells.
 */
final class WordTopicLayout {
  /** Without an occupancy bound, rows of at most this many topics are dense whatever the vocabulary size. */
  static final int DENSE_MAX_TOPICS = 256;
  /**
   * Beyond {@link #DENSE_MAX_TOPICS}, the table is still dense if it has at most this many cells
   * (128 MB per copy): copying and scanning a dense row is far cheaper than the hash maps of sparse
   * rows (measured: at K = 1000 and W = 10,000, sparse rows made reloading and sending the counts
   * about 40% of a worker's time), but every copy of the table (servers, process cache, each
   * worker's views) holds all W x K cells.
   */
  static final long DENSE_MAX_CELLS = 1L << 25;
  static final int DENSE_ROW_CELLS = 4096;
  static final int SPARSE_ROW_CELLS = 32768;
  static final int MAX_WORDS_PER_ROW = 256;

  private final int numWords;
  private final int topics;
  private final int wordsPerRow;
  /** {@code log2(wordsPerRow)}: a word's row and column are a shift and a mask, not a division. */
  private final int shift;
  private final boolean dense;

  /** @param wordsPerRow a power of two */
  WordTopicLayout(int numWords, int topics, int wordsPerRow, boolean dense) {
    if (numWords < 1 || topics < 1 || wordsPerRow < 1 || Integer.bitCount(wordsPerRow) != 1
        || (long) wordsPerRow * topics > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("bad word-topic layout: " + numWords + " words, " + topics + " topics, "
          + wordsPerRow + " words per row (a power of two)");
    }
    this.numWords = numWords;
    this.topics = topics;
    this.wordsPerRow = wordsPerRow;
    this.shift = Integer.numberOfTrailingZeros(wordsPerRow);
    this.dense = dense;
  }

  /**
   * The layout for {@code numWords} words and {@code topics} topics; {@code cellBound} is {@code
   * sum_w min(K, f_w)} over the corpus, or negative if unknown.
   */
  static WordTopicLayout of(int numWords, int topics, long cellBound) {
    long cells = (long) numWords * topics;
    boolean dense = topics <= DENSE_MAX_TOPICS || cells <= DENSE_MAX_CELLS;
    if (cellBound >= 0) {
      dense &= cellBound * 4 >= cells;
    }
    int perRow = Math.max(1, Math.min(MAX_WORDS_PER_ROW, (dense ? DENSE_ROW_CELLS : SPARSE_ROW_CELLS) / topics));
    return new WordTopicLayout(numWords, topics, Integer.highestOneBit(perRow), dense);
  }

  /** {@code sum_w min(topics, f_w)}: no more word-topic counts than this are ever non-zero. */
  static long cellBound(long[] wordFrequencies, int topics) {
    long b = 0;
    for (long f : wordFrequencies) {
      b += Math.min(topics, f);
    }
    return b;
  }

  int numWords() {
    return numWords;
  }

  int topics() {
    return topics;
  }

  int wordsPerRow() {
    return wordsPerRow;
  }

  boolean dense() {
    return dense;
  }

  int rows() {
    return (int) ((numWords + (long) wordsPerRow - 1) / wordsPerRow);
  }

  int width() {
    return wordsPerRow * topics;
  }

  int rowOf(int word) {
    return word >>> shift;
  }

  int firstWord(int row) {
    return row << shift;
  }

  /** The number of words in {@code row}: {@link #wordsPerRow} except perhaps in the last row. */
  int wordsIn(int row) {
    return Math.min(wordsPerRow, numWords - row * wordsPerRow);
  }

  /** The column of word {@code word}'s count of topic {@code topic} in its row. */
  int col(int word, int topic) {
    return (word & (wordsPerRow - 1)) * topics + topic;
  }

  TableSpec spec(Consistency consistency) {
    return TableSpec.builder(LdaWorker.WORD_TOPIC).kind(dense ? RowKind.DENSE : RowKind.SPARSE)
        .type(ValueType.INT).rows(rows()).width(width()).consistency(consistency).build();
  }

  @Override
  public String toString() {
    return (dense ? "dense" : "sparse") + " rows of " + wordsPerRow + " words x " + topics + " topics";
  }
}

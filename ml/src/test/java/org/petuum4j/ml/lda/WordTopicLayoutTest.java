package org.petuum4j.ml.lda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.row.RowData;

class WordTopicLayoutTest {
  @Test
  void everyWordTopicPair_hasItsOwnCell_andRowsCoverTheVocabulary() {
    WordTopicLayout l = new WordTopicLayout(103, 7, 8, true);
    assertThat(l.rows()).isEqualTo(13);
    assertThat(l.wordsIn(12)).isEqualTo(7);
    boolean[][] seen = new boolean[l.rows()][l.width()];
    for (int w = 0; w < 103; w++) {
      assertThat(l.firstWord(l.rowOf(w))).isLessThanOrEqualTo(w);
      assertThat(w - l.firstWord(l.rowOf(w))).isLessThan(l.wordsIn(l.rowOf(w)));
      for (int k = 0; k < 7; k++) {
        int c = l.col(w, k);
        assertThat(seen[l.rowOf(w)][c]).as("word %d topic %d", w, k).isFalse();
        seen[l.rowOf(w)][c] = true;
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
      // words, topics, cell bound, dense?, words per row
      "48605, 50, 530078, false, 256", // GCIDE, K = 50: the bound is 22% of the cells
      "48605, 20, 373699, true, 128", // GCIDE, K = 20: 38%
      "48605, 500, 880673, false, 64", // GCIDE, K = 500: 3.6%
      "10000, 1000, 2000000, false, 32", // the planted 2M-token corpus: 20%
      "10000, 500, 1972800, true, 8", // the plain Dirichlet 2M-token corpus: 39%
      "10000, 1000, -1, true, 4", // no bound: the size-only rule
      "200000, 1000, -1, false, 32", // no bound, 2e8 cells: sparse
      "1000, 10, -1, true, 256", // at most 256 words per row
      "1000, 100000, -1, false, 1"})
  void of_picksDenseOrSparseFromTheOccupancyBound(int words, int topics, long bound, boolean dense, int perRow) {
    WordTopicLayout l = WordTopicLayout.of(words, topics, bound);
    assertThat(l.dense()).isEqualTo(dense);
    assertThat(l.wordsPerRow()).isEqualTo(perRow);
    assertThat(l.spec(org.petuum4j.ps.Consistency.bsp()).kind()).isEqualTo(dense ? RowKind.DENSE : RowKind.SPARSE);
  }

  @Test
  void constructor_rejectsAWordsPerRowThatIsNoPowerOfTwo() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WordTopicLayout(10, 3, 6, true))
        .hasMessageContaining("6 words per row (a power of two)");
  }

  @Test
  void cellBound_isTheSumOfMinTopicsAndFrequency() {
    assertThat(WordTopicLayout.cellBound(new long[] {0, 3, 50, 7}, 5)).isEqualTo(0 + 3 + 5 + 5);
  }

  /** The sampler's packed per-word counts, loaded from rows of either kind, give back every cell. */
  @ParameterizedTest
  @CsvSource({"DENSE, 5", "SPARSE, 5", "DENSE, 64", "SPARSE, 300"})
  void loadRow_roundTripsTheCounts_ofTheWantedWordsOnly(RowKind kind, int topics) {
    int words = 37;
    WordTopicLayout l = new WordTopicLayout(words, topics, 8, kind == RowKind.DENSE);
    SplittableRandom rng = new SplittableRandom(topics);
    int[][] counts = new int[words][topics];
    RowData[] rows = new RowData[l.rows()];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = RowData.create(kind, ValueType.INT, l.width());
    }
    for (int w = 0; w < words; w++) {
      for (int k = 0; k < topics; k++) {
        if (rng.nextInt(3) == 0) {
          counts[w][k] = 1 + rng.nextInt(1000);
          rows[l.rowOf(w)].addLong(l.col(w, k), counts[w][k]);
        }
      }
    }
    boolean[] wanted = new boolean[words];
    for (int w = 0; w < words; w += 2) {
      wanted[w] = true;
    }
    SparseLdaSampler s = new SparseLdaSampler(topics, words, 0.1, 0.01);
    for (int r = 0; r < rows.length; r++) {
      s.loadRow(rows[r], l.firstWord(r), l.wordsIn(r), wanted);
    }
    for (int w = 0; w < words; w++) {
      for (int k = 0; k < topics; k++) {
        assertThat(s.wordCount(w, k)).as("word %d topic %d", w, k).isEqualTo(wanted[w] ? counts[w][k] : 0);
      }
    }
    // Reloading after the counts changed replaces them, zeros included.
    int w = 4;
    for (int k = 0; k < topics; k++) {
      rows[l.rowOf(w)].addLong(l.col(w, k), -counts[w][k]);
    }
    rows[l.rowOf(w)].addLong(l.col(w, topics - 1), 9);
    s.loadRow(rows[l.rowOf(w)], l.firstWord(l.rowOf(w)), l.wordsIn(l.rowOf(w)), wanted);
    for (int k = 0; k < topics; k++) {
      assertThat(s.wordCount(w, k)).isEqualTo(k == topics - 1 ? 9 : 0);
    }
    assertThat(s.wordCount(6, 0)).isEqualTo(counts[6][0]);
  }
}

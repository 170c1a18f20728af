package org.petuum4j.ml.mf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.petuum4j.ps.Partitions;

class MfLayoutTest {

  @ParameterizedTest
  @CsvSource({"1000, 700, 2, 2", "5, 3, 3, 1", "9066, 671, 4, 7", "64, 64, 1, 1", "3, 130, 2, 5"})
  void ownersAndBlocksMatchThePartitions(int users, int items, int workers, int shards) {
    MfLayout lay = MfLayout.of(users, items, 3, workers, shards);
    for (int u = 0; u < users; u++) {
      Partitions.Range rows = lay.userRowsOf(lay.ownerOf(u));
      assertThat(u).isGreaterThanOrEqualTo(lay.firstUser(rows.from())).isLessThan(lay.firstUser(rows.to()));
    }
    // Every item is in exactly one block, so the blocks of one rotation clock, (w + t) mod W for
    // w = 0..W-1, are disjoint and cover the items.
    int[] seen = new int[items];
    for (int b = 0; b < workers; b++) {
      Partitions.Range rows = lay.itemBlock(b);
      for (int i = lay.firstItem(rows.from()); i < lay.firstItem(rows.to()); i++) {
        seen[i]++;
        assertThat(lay.blockOf(i)).isEqualTo(b);
      }
    }
    assertThat(seen).containsOnly(1);
    assertThat(lay.itemWidth()).isEqualTo(lay.itemsPerRow() * 3);
  }
}

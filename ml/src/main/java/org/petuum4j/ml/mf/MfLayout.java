package org.petuum4j.ml.mf;

import org.petuum4j.ps.Partitions;

/**
 * How the factors sit in the tables and who owns what: users and items are cut into table rows of
 * {@code usersPerRow} / {@code itemsPerRow} consecutive dense ids (each row holds their {@code k}
 * factors side by side), so that a worker reads a few hundred rows instead of one per id. Worker
 * {@code w} of {@code W} owns the user rows {@code Partitions.range(userRows, w, W)} and with them
 * all ratings of those users; item block {@code b} is the item rows {@code
 * Partitions.range(itemRows, b, W)}.
 */
record MfLayout(int users, int items, int rank, int workers, int usersPerRow, int itemsPerRow) {
  /** Ids per table row at most; rows of up to {@code 64 k} floats. */
  static final int MAX_IDS_PER_ROW = 64;

  static MfLayout of(int users, int items, int rank, int workers, int shards) {
    int parts = Math.max(workers, shards);
    return new MfLayout(users, items, rank, workers, perRow(users, parts), perRow(items, parts));
  }

  /** Enough rows for four per worker or shard, but no more than needed at 64 ids per row. */
  private static int perRow(int n, int parts) {
    return Math.max(1, Math.min(MAX_IDS_PER_ROW, n / (4 * parts)));
  }

  int userRows() {
    return (users + usersPerRow - 1) / usersPerRow;
  }

  int itemRows() {
    return (items + itemsPerRow - 1) / itemsPerRow;
  }

  int userWidth() {
    return usersPerRow * rank;
  }

  int itemWidth() {
    return itemsPerRow * rank;
  }

  /** The user rows worker {@code w} owns. */
  Partitions.Range userRowsOf(int w) {
    return Partitions.range(userRows(), w, workers);
  }

  /** The first user (dense id) of row {@code row}. */
  int firstUser(long row) {
    return (int) Math.min(users, row * usersPerRow);
  }

  /** The first item (dense id) of row {@code row}. */
  int firstItem(long row) {
    return (int) Math.min(items, row * itemsPerRow);
  }

  /** The worker that owns user {@code u}. */
  int ownerOf(int u) {
    return ownerOfRow(u / usersPerRow, userRows());
  }

  /** The item rows of block {@code b}. */
  Partitions.Range itemBlock(int b) {
    return Partitions.range(itemRows(), b, workers);
  }

  /** The block of item {@code i}. */
  int blockOf(int i) {
    return ownerOfRow(i / itemsPerRow, itemRows());
  }

  /** Inverse of {@link Partitions#range}: the part that holds {@code row} of {@code rows}. */
  private int ownerOfRow(int row, int rows) {
    long base = rows / workers;
    long extra = rows % workers;
    long bigParts = extra * (base + 1);
    return (int) (row < bigParts ? row / (base + 1) : extra + (row - bigParts) / base);
  }
}

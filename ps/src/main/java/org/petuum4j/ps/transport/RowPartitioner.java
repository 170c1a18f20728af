package org.petuum4j.ps.transport;

import org.petuum4j.ps.TableSpec;

/**
 * Which shard owns a row (round-robin for bounded tables, hashed for unbounded ones), and the
 * one-long key of a (table, row) pair that clients and shards index rows by.
 */
public final class RowPartitioner {
  private RowPartitioner() {}

  /** The key of row {@code row} of table {@code table}. */
  public static long key(int table, int row) {
    return ((long) table << 32) | (row & 0xFFFFFFFFL);
  }

  public static int shardOf(TableSpec spec, int row, int numShards) {
    if (!spec.isUnbounded()) {
      return row % numShards;
    }
    // Unbounded row ids are often clustered (word ids, user ids): mix before taking the modulus.
    int h = row * 0x9E3779B9;
    h ^= h >>> 16;
    return Math.floorMod(h, numShards);
  }
}

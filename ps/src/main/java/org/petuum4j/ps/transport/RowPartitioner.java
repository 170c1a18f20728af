package org.petuum4j.ps.transport;

import org.petuum4j.ps.TableSpec;

/** Which shard owns a row: round-robin for bounded tables, hashed for unbounded ones. */
public final class RowPartitioner {
  private RowPartitioner() {}

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

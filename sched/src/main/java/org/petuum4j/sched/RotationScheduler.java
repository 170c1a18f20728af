package org.petuum4j.sched;

import org.petuum4j.ps.Partitions;

/**
 * Block rotation (STRADS' schedule for LDA and matrix factorisation): the parameters are cut into
 * {@code B >= W} contiguous blocks of near-equal size, and in round {@code r} worker {@code w}
 * owns block {@code (w + r) mod B}. Blocks of one round are disjoint, and over any {@code B}
 * consecutive rounds every block visits every worker exactly once. Ignores the parallelism: a
 * round covers {@code W} whole blocks, so its cost is that of the work it schedules.
 */
final class RotationScheduler implements Scheduler {
  private final int blocks;
  private int n;
  private int workers;

  RotationScheduler(int blocks) {
    this.blocks = blocks;
  }

  @Override
  public void init(int numParams, int numWorkers, int parallelism, long seed) {
    if (blocks < numWorkers) {
      throw new IllegalArgumentException(
          "rotation needs at least one block per worker: " + blocks + " blocks, " + numWorkers + " workers");
    }
    if (blocks > numParams) {
      throw new IllegalArgumentException(
          "rotation needs at most one block per parameter: " + blocks + " blocks, " + numParams + " parameters");
    }
    n = numParams;
    workers = numWorkers;
  }

  /** The block worker {@code worker} owns in round {@code round}. */
  static int blockOf(int worker, int round, int blocks) {
    return (int) ((worker + (long) round) % blocks);
  }

  @Override
  public Task schedule(int round) {
    int[] start = new int[workers + 1];
    for (int w = 0; w < workers; w++) {
      start[w + 1] = start[w] + (int) Partitions.range(n, blockOf(w, round, blocks), blocks).size();
    }
    int[] params = new int[start[workers]];
    for (int w = 0; w < workers; w++) {
      Partitions.Range r = Partitions.range(n, blockOf(w, round, blocks), blocks);
      for (int i = 0; i < r.size(); i++) {
        params[start[w] + i] = (int) (r.from() + i);
      }
    }
    return Task.trusted(params, start);
  }

  @Override
  public String toString() {
    return "rotation(blocks=" + blocks + ")";
  }
}

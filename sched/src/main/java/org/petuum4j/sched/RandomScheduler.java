package org.petuum4j.sched;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.SplittableRandom;

/**
 * Shotgun (Bradley et al., ICML 2011): each round, {@code P} distinct parameters uniformly at
 * random, independently of the past. Robert Floyd's algorithm draws them in O(P), whatever the
 * number of parameters.
 */
final class RandomScheduler implements Scheduler {
  private int n;
  private int p;
  private SplittableRandom random;
  private final IntOpenHashSet chosen = new IntOpenHashSet();

  @Override
  public void init(int numParams, int numWorkers, int parallelism, long seed) {
    n = numParams;
    p = Math.min(parallelism, numParams);
    random = new SplittableRandom(seed);
  }

  @Override
  public Task schedule(int round) {
    chosen.clear();
    int[] params = new int[p];
    int k = 0;
    for (int j = n - p; j < n; j++) {
      int t = random.nextInt(j + 1);
      int pick = chosen.add(t) ? t : j;
      if (pick == j) {
        chosen.add(j);
      }
      params[k++] = pick;
    }
    return Task.trusted(params, null);
  }

  @Override
  public String toString() {
    return "random";
  }
}

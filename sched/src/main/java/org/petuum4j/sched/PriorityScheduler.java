package org.petuum4j.sched;

import java.util.Arrays;

/**
 * Each round, {@code P} distinct parameters: never-scheduled ones first, in random order; then
 * each with probability proportional to {@code |its last change| + floor} (STRADS' priority
 * schedule; Lee et al., NIPS 2014). O(P log N) per round, O(log N) per fed-back change.
 */
final class PriorityScheduler implements Scheduler {
  private final double floor;
  private PrioritySampler sampler;
  private int p;

  PriorityScheduler(double floor) {
    this.floor = floor;
  }

  @Override
  public void init(int numParams, int numWorkers, int parallelism, long seed) {
    sampler = new PrioritySampler(numParams, floor, seed);
    p = Math.min(parallelism, numParams);
  }

  @Override
  public Task schedule(int round) {
    int[] params = new int[p];
    int k = 0;
    sampler.beginRound();
    while (k < p) {
      int j = sampler.draw();
      if (j < 0) {
        break;
      }
      params[k++] = j;
    }
    sampler.endRound();
    return Task.trusted(k == p ? params : Arrays.copyOf(params, k), null);
  }

  @Override
  public void feedback(Task task, double[] deltas) {
    for (int i = 0; i < task.size(); i++) {
      sampler.changed(task.param(i), deltas[i]);
    }
  }

  @Override
  public String toString() {
    return "priority(floor=" + floor + ")";
  }
}

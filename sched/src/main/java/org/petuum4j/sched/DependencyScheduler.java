package org.petuum4j.sched;

import java.util.Arrays;

/**
 * Dependency-aware schedule (STRADS; Lee et al., NIPS 2014): draws candidates as {@link
 * PriorityScheduler} does and accepts a candidate only if its {@link Dependency} with every
 * parameter already accepted this round is below the threshold, until {@code P} are accepted or
 * {@value #CANDIDATES_PER_SLOT} * P candidates have been drawn. A round costs O(candidates * log N)
 * for the draws plus one {@link Dependency.Round#admits} test per candidate, independent of N.
 */
final class DependencyScheduler implements Scheduler {
  static final int CANDIDATES_PER_SLOT = 4;

  private final Dependency dependency;
  private final double threshold;
  private final double floor;
  private PrioritySampler sampler;
  private int p;

  DependencyScheduler(Dependency dependency, double threshold, double floor) {
    this.dependency = dependency;
    this.threshold = threshold;
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
    long budget = (long) CANDIDATES_PER_SLOT * p;
    sampler.beginRound();
    Dependency.Round chosen = dependency.round(threshold);
    for (long drawn = 0; k < p && drawn < budget; drawn++) {
      int c = sampler.draw();
      if (c < 0) {
        break;
      }
      if (chosen.admits(c)) {
        chosen.add(c);
        params[k++] = c;
      } else {
        sampler.rejectLast();
      }
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
    return "dependency(threshold=" + threshold + ", floor=" + floor + ")";
  }
}

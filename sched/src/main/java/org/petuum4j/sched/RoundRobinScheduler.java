package org.petuum4j.sched;

/** Round {@code r} takes the next {@code P} parameters in id order, wrapping around. */
final class RoundRobinScheduler implements Scheduler {
  private int n;
  private int p;

  @Override
  public void init(int numParams, int numWorkers, int parallelism, long seed) {
    n = numParams;
    p = Math.min(parallelism, numParams);
  }

  @Override
  public Task schedule(int round) {
    int[] params = new int[p];
    int start = (int) ((long) round * p % n);
    for (int i = 0; i < p; i++) {
      int j = start + i;
      params[i] = j >= n ? j - n : j;
    }
    return Task.trusted(params, null);
  }

  @Override
  public String toString() {
    return "round-robin";
  }
}

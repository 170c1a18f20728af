package org.petuum4j.ps;

/** Splits {@code total} items into contiguous, near-equal ranges, one per worker. */
public final class Partitions {
  private Partitions() {}

  /** A half-open range of item indices. */
  public record Range(long from, long to) {
    public long size() {
      return to - from;
    }
  }

  /** The range of worker {@code worker} of {@code workers}; sizes differ by at most one. */
  public static Range range(long total, int worker, int workers) {
    if (workers <= 0 || worker < 0 || worker >= workers) {
      throw new IllegalArgumentException("worker " + worker + " of " + workers);
    }
    long base = total / workers;
    long extra = total % workers;
    long from = worker * base + Math.min(worker, extra);
    long to = from + base + (worker < extra ? 1 : 0);
    return new Range(from, to);
  }
}

package org.petuum4j.ps.job;

/**
 * How many worker threads and server shards a job runs with.
 *
 * @param workers worker threads over all processes, at least 1
 * @param shards server shards over all processes, at least 1
 */
public record JobShape(int workers, int shards) {
  public JobShape {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + workers);
    }
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, was " + shards);
    }
  }
}

package org.petuum4j.ml.mf;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.petuum4j.ml.data.Ratings;

/**
 * One process's view of the data in dense ids: the training ratings of every worker (those of the
 * users it owns, in a seeded random order, and for the rotation grouped by item block with that
 * order kept inside each block), and the test ratings. Users and items are numbered by ascending
 * id among the training ratings; test ratings of ids not in the training set get -1 and are
 * predicted as the mean. Every process builds the same numbering from the same files.
 */
final class MfData {
  final long[] userIds;
  final long[] itemIds;
  final double mean;
  /** Training ratings over all processes. */
  final long trainTotal;
  final MfLayout layout;
  /** Per worker: dense user, dense item and rating of its training ratings. */
  final int[][] u;
  final int[][] i;
  final float[][] r;
  /** Per worker, if grouped by block (else null): its ratings of block {@code b} are {@code [start[b], start[b+1])}. */
  final int[][] blockStart;
  final int[] testU;
  final int[] testI;
  final float[] testR;

  MfData(Ratings train, Ratings test, int rank, int workers, int shards, long seed, boolean byBlock) {
    this(nonEmpty(train).distinctUsers(), train.distinctItems(), meanOf(train), train.size(), train, test, rank,
        workers, shards, seed, byBlock);
  }

  /**
   * One process's data when the process holds only its own training ratings ({@code train}: those
   * of the users its workers own) out of {@code trainTotal} over all processes, with the ids and
   * mean of all of them; workers of other processes get no ratings here.
   */
  MfData(long[] userIds, long[] itemIds, double mean, long trainTotal, Ratings train, Ratings test, int rank,
      int workers, int shards, long seed, boolean byBlock) {
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.mean = mean;
    this.trainTotal = trainTotal;
    layout = MfLayout.of(userIds.length, itemIds.length, rank, workers, shards);

    int n = train.size();
    int[] du = new int[n];
    int[] owner = new int[n];
    int[] count = new int[workers];
    for (int k = 0; k < n; k++) {
      du[k] = Arrays.binarySearch(userIds, train.user(k));
      if (du[k] < 0) {
        throw new IllegalArgumentException("user " + train.user(k) + " is not among the job's users");
      }
      owner[k] = layout.ownerOf(du[k]);
      count[owner[k]]++;
    }
    u = new int[workers][];
    i = new int[workers][];
    r = new float[workers][];
    for (int w = 0; w < workers; w++) {
      u[w] = new int[count[w]];
      i[w] = new int[count[w]];
      r[w] = new float[count[w]];
    }
    int[] fill = new int[workers];
    for (int k = 0; k < n; k++) {
      int w = owner[k];
      int p = fill[w]++;
      u[w][p] = du[k];
      i[w][p] = Arrays.binarySearch(itemIds, train.item(k));
      r[w][p] = train.value(k);
    }
    blockStart = new int[workers][];
    for (int w = 0; w < workers; w++) {
      shuffle(w, new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (w + 1))));
      if (byBlock) {
        groupByBlock(w);
      }
    }

    int m = test.size();
    testU = new int[m];
    testI = new int[m];
    testR = new float[m];
    for (int k = 0; k < m; k++) {
      testU[k] = Math.max(-1, Arrays.binarySearch(userIds, test.user(k)));
      testI[k] = Math.max(-1, Arrays.binarySearch(itemIds, test.item(k)));
      testR[k] = test.value(k);
    }
  }

  /** Training ratings over all processes. */
  long trainSize() {
    return trainTotal;
  }

  private static Ratings nonEmpty(Ratings train) {
    if (train.size() == 0) {
      throw new IllegalArgumentException("the training set has no ratings");
    }
    return train;
  }

  private static double meanOf(Ratings train) {
    double sum = 0;
    for (int k = 0; k < train.size(); k++) {
      sum += train.value(k);
    }
    return sum / train.size();
  }

  private void shuffle(int w, SplittableRandom rng) {
    int[] uu = u[w];
    int[] ii = i[w];
    float[] rr = r[w];
    for (int k = rr.length - 1; k > 0; k--) {
      int j = rng.nextInt(k + 1);
      int a = uu[k]; uu[k] = uu[j]; uu[j] = a;
      int b = ii[k]; ii[k] = ii[j]; ii[j] = b;
      float c = rr[k]; rr[k] = rr[j]; rr[j] = c;
    }
  }

  /** Stable counting sort of worker {@code w}'s ratings by item block. */
  private void groupByBlock(int w) {
    int blocks = layout.workers();
    int n = r[w].length;
    int[] start = new int[blocks + 1];
    int[] block = new int[n];
    for (int k = 0; k < n; k++) {
      block[k] = layout.blockOf(i[w][k]);
      start[block[k] + 1]++;
    }
    for (int b = 0; b < blocks; b++) {
      start[b + 1] += start[b];
    }
    int[] pos = Arrays.copyOf(start, blocks);
    int[] uu = new int[n];
    int[] ii = new int[n];
    float[] rr = new float[n];
    for (int k = 0; k < n; k++) {
      int p = pos[block[k]]++;
      uu[p] = u[w][k];
      ii[p] = i[w][k];
      rr[p] = r[w][k];
    }
    u[w] = uu;
    i[w] = ii;
    r[w] = rr;
    blockStart[w] = start;
  }
}

package org.petuum4j.sched;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws distinct parameters for one round: first, parameters never scheduled yet, uniformly at
 * random (a parameter has no priority before its first change); then parameters with probability
 * proportional to {@code |last change| + floor}. Shared by the priority and dependency-aware
 * schedules.
 *
 * <p>Implementation notes: the never-scheduled parameters form the tail {@code [next, n)} of a
 * permutation, drawn by incremental Fisher-Yates steps (O(1) each); the others sit in a {@link
 * SumTree} (O(log n) per draw and per change). A round draws without replacement by zeroing each
 * drawn tree weight, and {@link #endRound()} puts the weights back, and returns drawn but rejected
 * never-scheduled parameters to the tail. A parameter has tree weight 0 from its first draw until
 * its first change is fed back. Cost of a round: O(draws * log n), independent of n otherwise
 * (the O(n) arrays are built once). Not thread-safe.
 */
final class PrioritySampler {
  private final int n;
  private final double floor;
  private final SplittableRandom random;
  private final SumTree tree;
  private final int[] perm;
  private int next;

  // The current round's draws, in order.
  private int[] drawn = new int[16];
  private boolean[] fromTail = new boolean[16];
  private boolean[] accepted = new boolean[16];
  private double[] oldWeight = new double[16];
  private int draws;
  private int roundStart;

  PrioritySampler(int n, double floor, long seed) {
    this.n = n;
    this.floor = floor;
    this.random = new SplittableRandom(seed);
    this.tree = new SumTree(n);
    this.perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
  }

  /** Starts a round's draws. */
  void beginRound() {
    draws = 0;
    roundStart = next;
  }

  /** Draws a parameter not drawn before in this round, or returns -1 if none is left. */
  int draw() {
    int p;
    boolean tail;
    double w = 0;
    if (next < n) {
      int t = next + random.nextInt(n - next);
      p = perm[t];
      perm[t] = perm[next];
      perm[next] = p;
      next++;
      tail = true;
    } else {
      p = tree.sample(random.nextDouble());
      if (p < 0) {
        return -1;
      }
      w = tree.get(p);
      tree.set(p, 0);
      tail = false;
    }
    if (draws == drawn.length) {
      int len = draws * 2;
      drawn = Arrays.copyOf(drawn, len);
      fromTail = Arrays.copyOf(fromTail, len);
      accepted = Arrays.copyOf(accepted, len);
      oldWeight = Arrays.copyOf(oldWeight, len);
    }
    drawn[draws] = p;
    fromTail[draws] = tail;
    accepted[draws] = true;
    oldWeight[draws] = w;
    draws++;
    return p;
  }

  /** Marks the latest draw as not scheduled after all. */
  void rejectLast() {
    accepted[draws - 1] = false;
  }

  /** Ends the round: restores drawn weights and returns rejected never-scheduled draws. */
  void endRound() {
    // Tail draws occupy perm[roundStart, next) in draw order; keep the accepted ones there.
    int keep = roundStart;
    for (int k = 0; k < draws; k++) {
      if (fromTail[k] && accepted[k]) {
        perm[keep++] = drawn[k];
      }
    }
    int back = keep;
    for (int k = 0; k < draws; k++) {
      if (fromTail[k] && !accepted[k]) {
        perm[back++] = drawn[k];
      } else if (!fromTail[k]) {
        tree.set(drawn[k], oldWeight[k]);
      }
    }
    next = keep;
    draws = 0;
  }

  /** Records the latest change of parameter {@code p}. */
  void changed(int p, double delta) {
    double w = Math.abs(delta) + floor;
    // A non-finite change cannot reach here (the runtime rejects it); keep the tree valid anyway.
    tree.set(p, Double.isFinite(w) ? w : Double.MAX_VALUE / n);
  }

  /** Weight of {@code p} in the tree (0 if never changed); for tests. */
  double weight(int p) {
    return tree.get(p);
  }
}

package org.petuum4j.sched;

/**
 * Non-negative weights over {@code [0, n)} with O(log n) update and O(log n) sampling of an index
 * with probability proportional to its weight.
 *
 * <p>Implementation notes: a complete binary tree in an array, leaves at {@code [cap, 2 cap)} with
 * {@code cap} the next power of two, each inner node the sum of its children. An update rewrites
 * the leaf and recomputes the sums on its path from the children, rather than adding a
 * difference, so rounding errors do not accumulate over millions of updates: every node is always
 * the correctly rounded sum of its two children. Sampling walks down from the root, never into a
 * subtree of total weight 0, so a zero-weight index is never returned. Not thread-safe.
 */
final class SumTree {
  private final int n;
  private final int cap;
  private final double[] tree;

  /** All weights 0. */
  SumTree(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a sum tree needs at least one leaf, was " + n);
    }
    this.n = n;
    this.cap = Integer.highestOneBit(n) == n ? n : Integer.highestOneBit(n) << 1;
    this.tree = new double[2 * cap];
  }

  int size() {
    return n;
  }

  double total() {
    return tree[1];
  }

  double get(int i) {
    return tree[cap + i];
  }

  /** Sets the weight of {@code i}, which must be finite and {@code >= 0}. */
  void set(int i, double weight) {
    if (i < 0 || i >= n) {
      throw new IndexOutOfBoundsException("index " + i + " outside [0, " + n + ")");
    }
    if (!(weight >= 0) || weight == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("weight must be finite and >= 0, was " + weight);
    }
    int node = cap + i;
    tree[node] = weight;
    for (node >>= 1; node >= 1; node >>= 1) {
      tree[node] = tree[2 * node] + tree[2 * node + 1];
    }
  }

  /** Sets every weight to {@code weight} in O(n). */
  void fill(double weight) {
    for (int i = 0; i < cap; i++) {
      tree[cap + i] = i < n ? weight : 0;
    }
    for (int node = cap - 1; node >= 1; node--) {
      tree[node] = tree[2 * node] + tree[2 * node + 1];
    }
  }

  /**
   * The index whose cumulative weight interval holds {@code u * total()}, for {@code u} in {@code
   * [0, 1)}; -1 if the total is 0.
   */
  int sample(double u) {
    if (!(tree[1] > 0)) {
      return -1;
    }
    double x = u * tree[1];
    int node = 1;
    while (node < cap) {
      int left = 2 * node;
      // Rounding can put x just past a subtree's sum; never step into a subtree of weight 0.
      if ((x < tree[left] && tree[left] > 0) || !(tree[left + 1] > 0)) {
        node = left;
      } else {
        x -= tree[left];
        node = left + 1;
      }
    }
    return node - cap;
  }
}

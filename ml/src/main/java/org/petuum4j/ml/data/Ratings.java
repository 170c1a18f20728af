package org.petuum4j.ml.data;

import java.util.Arrays;

/**
 * Ratings as read from a file: {@code (user, item, rating)} triples in file order, with the ids
 * as written (non-negative integers, not necessarily dense). Immutable after construction: the
 * accessors return copies or single values.
 */
public final class Ratings {
  private final long[] users;
  private final long[] items;
  private final float[] values;

  /** Takes the arrays (not copied), which must have the same length. */
  Ratings(long[] users, long[] items, float[] values) {
    if (users.length != items.length || users.length != values.length) {
      throw new IllegalArgumentException("users, items and values differ in length");
    }
    this.users = users;
    this.items = items;
    this.values = values;
  }

  /** Ratings from copies of the given arrays; ids must be >= 0 and values finite. */
  public static Ratings of(long[] users, long[] items, float[] values) {
    for (int i = 0; i < users.length; i++) {
      if (users[i] < 0 || items[i] < 0 || !Float.isFinite(values[i])) {
        throw new IllegalArgumentException("rating " + i + ": ids must be >= 0 and the value finite");
      }
    }
    return new Ratings(users.clone(), items.clone(), values.clone());
  }

  public int size() {
    return values.length;
  }

  public long user(int i) {
    return users[i];
  }

  public long item(int i) {
    return items[i];
  }

  public float value(int i) {
    return values[i];
  }

  /** The distinct user ids, ascending. */
  public long[] distinctUsers() {
    return distinct(users);
  }

  /** The distinct item ids, ascending. */
  public long[] distinctItems() {
    return distinct(items);
  }

  /** The sorted distinct values of {@code ids}. */
  static long[] distinct(long[] ids) {
    long[] s = ids.clone();
    Arrays.sort(s);
    int n = 0;
    for (int i = 0; i < s.length; i++) {
      if (n == 0 || s[i] != s[n - 1]) {
        s[n++] = s[i];
      }
    }
    return Arrays.copyOf(s, n);
  }

  @Override
  public String toString() {
    return "Ratings[" + values.length + "]";
  }
}

package org.petuum4j.sched;

import java.util.Arrays;

/**
 * How strongly updating two parameters in the same round interferes: 0 for none. For linear
 * models, the absolute correlation of the two feature columns ({@link ColumnCorrelation}). Used by
 * {@link Schedulers#dependency}, from the scheduler thread only.
 */
@FunctionalInterface
public interface Dependency {

  /** A non-negative strength for two distinct parameters. */
  double between(int a, int b);

  /**
   * Starts choosing one round's parameters: candidates are tested against everything added so
   * far. The default tests pair by pair with {@link #between}, O(chosen) per test;
   * implementations that can test against a whole set faster override it. One round at a time.
   */
  default Round round(double threshold) {
    return new Round() {
      private int[] chosen = new int[16];
      private int count;

      @Override
      public boolean admits(int candidate) {
        for (int i = 0; i < count; i++) {
          if (between(candidate, chosen[i]) >= threshold) {
            return false;
          }
        }
        return true;
      }

      @Override
      public void add(int parameter) {
        if (count == chosen.length) {
          chosen = Arrays.copyOf(chosen, 2 * count);
        }
        chosen[count++] = parameter;
      }
    };
  }

  /** One round's growing set of chosen parameters. */
  interface Round {
    /** True if the candidate's dependency with every parameter added so far is below the threshold. */
    boolean admits(int candidate);

    /** Adds a parameter (not yet added) to the round. */
    void add(int parameter);
  }
}

package org.petuum4j.bench;

/**
 * Reading values off an objective-against-time curve given as points {@code (x[i], y[i])} with
 * increasing {@code x}, by linear interpolation between neighbouring points. Used to compare two
 * systems at equal wall time, or at an equal objective, when each reports only now and then.
 */
public final class Curves {
  private Curves() {}

  /**
   * {@code y} at {@code t}: interpolated between the points around it; before the first point the
   * first {@code y}, after the last the last {@code y}.
   *
   * @throws IllegalArgumentException if the curve is empty or the arrays differ in length
   */
  public static double valueAt(double[] x, double[] y, double t) {
    check(x, y);
    if (t <= x[0]) {
      return y[0];
    }
    for (int i = 1; i < x.length; i++) {
      if (t <= x[i]) {
        double f = x[i] > x[i - 1] ? (t - x[i - 1]) / (x[i] - x[i - 1]) : 1;
        return y[i - 1] + f * (y[i] - y[i - 1]);
      }
    }
    return y[y.length - 1];
  }

  /**
   * The first {@code x} at which the curve reaches {@code target} (at or above it if {@code
   * higherIsBetter}, else at or below), interpolated between the last point short of it and the
   * first that reaches it; NaN if no point does.
   */
  public static double timeToReach(double[] x, double[] y, double target, boolean higherIsBetter) {
    check(x, y);
    for (int i = 0; i < x.length; i++) {
      boolean ok = higherIsBetter ? y[i] >= target : y[i] <= target;
      if (ok) {
        if (i == 0 || y[i] == y[i - 1]) {
          return x[i];
        }
        double f = (target - y[i - 1]) / (y[i] - y[i - 1]);
        return x[i - 1] + Math.max(0, Math.min(1, f)) * (x[i] - x[i - 1]);
      }
    }
    return Double.NaN;
  }

  private static void check(double[] x, double[] y) {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException("a curve needs as many x as y values and at least one point, had "
          + x.length + " and " + y.length);
    }
  }
}

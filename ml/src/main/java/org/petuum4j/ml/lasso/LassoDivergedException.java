package org.petuum4j.ml.lasso;

/**
 * Parallel coordinate descent diverged: coordinates updated together overshot each other, which
 * happens when a round holds too many correlated features. Fewer coordinates per round, or the
 * dependency schedule, avoid it.
 */
public final class LassoDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LassoDivergedException(String message) {
    super(message);
  }
}

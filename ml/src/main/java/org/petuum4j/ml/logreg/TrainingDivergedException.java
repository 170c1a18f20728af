package org.petuum4j.ml.logreg;

/**
 * Training produced non-finite weights or factors, almost always because the learning rate is too
 * large. Thrown by logistic regression and matrix factorisation.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}

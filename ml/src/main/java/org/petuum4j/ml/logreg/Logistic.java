package org.petuum4j.ml.logreg;

/** The logistic function and the log-loss, written to stay finite for any margin. */
final class Logistic {
  private Logistic() {}

  /** {@code 1 / (1 + e^-z)}, without overflow for large {@code |z|}. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }

  /** {@code -log p(y | z)} for label {@code y} in {0, 1}: {@code log(1 + e^z) - y z}. */
  static double logLoss(double z, float y) {
    double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    return softplus - y * z;
  }
}

package org.petuum4j.ml.lasso;

/**
 * The state of a Lasso run after some rounds.
 *
 * @param round rounds completed (0: the all-zero start)
 * @param seconds wall-clock training seconds up to the end of that round
 * @param updates coordinate updates so far, over all rounds
 * @param objective {@code 1/(2n) ||y - X b||^2 + lambda ||b||_1} of the current coefficients
 * @param nonZeros coefficients that are not 0
 */
public record LassoMetrics(int round, double seconds, long updates, double objective, int nonZeros) {}

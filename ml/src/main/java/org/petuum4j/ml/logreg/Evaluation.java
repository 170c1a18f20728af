package org.petuum4j.ml.logreg;

/**
 * A model's quality on a labelled data set.
 *
 * @param rows examples evaluated
 * @param logLoss mean log-loss (natural log)
 * @param error fraction misclassified (predict 1 iff probability > 0.5)
 */
public record Evaluation(long rows, double logLoss, double error) {}

/**
 * Spark ML estimators that train with petuum4j inside a Spark job: {@link
 * org.petuum4j.spark.PetuumLogisticRegression}, {@link org.petuum4j.spark.PetuumLasso}, {@link
 * org.petuum4j.spark.PetuumMatrixFactorization} and {@link org.petuum4j.spark.PetuumLDA}. They fit
 * in a {@code Pipeline} like MLlib's own, take MLlib's column parameters plus petuum4j's (see
 * {@link org.petuum4j.spark.PetuumEstimator}), and produce models that transform DataFrames and
 * save and load with Spark ML's persistence. A fit is one Spark barrier stage whose tasks host the
 * coordinator, the server shards and one worker process each, over their own partitions; Spark
 * places the tasks and retries the stage when one fails. Spark is a {@code provided} dependency.
 */
package org.petuum4j.spark;

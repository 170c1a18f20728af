package org.petuum4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.petuum4j.ml.data.SparseDataset;

/** Test fixtures: a local[2] session without UI, and data sets as DataFrames. */
final class SparkTests {
  private SparkTests() {}

  static SparkSession session(Class<?> test) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(test.getSimpleName())
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  /** Columns {@code label} (double) and {@code features} (sparse vectors of {@code dimension}). */
  static Dataset<Row> frame(SparkSession spark, SparseDataset data, int dimension) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < data.rows(); i++) {
      int from = data.rowStart(i);
      int to = data.rowEnd(i);
      int[] idx = new int[to - from];
      double[] val = new double[to - from];
      for (int k = from; k < to; k++) {
        idx[k - from] = data.col(k);
        val[k - from] = data.value(k);
      }
      rows.add(RowFactory.create((double) data.label(i), Vectors.sparse(dimension, idx, val)));
    }
    StructType schema = new StructType()
        .add("label", DataTypes.DoubleType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    return spark.createDataFrame(rows, schema);
  }
}

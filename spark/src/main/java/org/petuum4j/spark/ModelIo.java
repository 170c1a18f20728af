package org.petuum4j.spark;

import java.util.List;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Saving and loading models the way Spark ML's own do: {@code <path>/metadata} holds the class,
 * uid and params as {@code DefaultParamsWriter} writes them (so {@code Pipeline} and {@code
 * PipelineModel} persistence work), {@code <path>/data} the model's own data as Parquet.
 */
final class ModelIo {
  private ModelIo() {}

  static void save(Params model, String path, SparkSession spark, StructType schema, List<Row> rows) {
    DefaultParamsWriter.saveMetadata(model, path, spark);
    spark.createDataFrame(rows, schema).repartition(1).write().parquet(path + "/data");
  }

  /** The metadata at {@code path}, checked to be of {@code type}. */
  static DefaultParamsReader.Metadata metadata(String path, SparkSession spark, Class<?> type) {
    return DefaultParamsReader.loadMetadata(path, spark, type.getName());
  }

  /** Sets {@code model}'s params from the metadata. */
  static <T extends Params> T withParams(T model, DefaultParamsReader.Metadata metadata) {
    metadata.getAndSetParams(model, scala.Option.empty());
    return model;
  }

  static List<Row> data(String path, SparkSession spark) {
    return spark.read().parquet(path + "/data").collectAsList();
  }
}

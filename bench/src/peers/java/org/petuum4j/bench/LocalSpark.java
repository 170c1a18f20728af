package org.petuum4j.bench;

import org.apache.spark.sql.SparkSession;

/** The Spark session of the side-by-side peers: {@code local[threads]}, no UI, driver on loopback, errors only. */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession start(String appName, int threads) {
    SparkSession spark = SparkSession.builder().master("local[" + threads + "]").appName(appName)
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    return spark;
  }
}

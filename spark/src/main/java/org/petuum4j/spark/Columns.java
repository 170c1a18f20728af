package org.petuum4j.spark;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema checks with messages that name the param, the column and what it is. */
final class Columns {
  private Columns() {}

  static StructField require(StructType schema, String param, String column) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(param + " '" + column + "' is not a column of the input; it has "
          + Arrays.toString(schema.fieldNames()));
    }
    return schema.apply(column);
  }

  static void requireVector(StructType schema, String param, String column) {
    DataType t = require(schema, param, column).dataType();
    if (!t.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException(param + " '" + column + "' must be a column of vectors "
          + "(org.apache.spark.ml.linalg.Vector), is " + t.simpleString());
    }
  }

  static void requireNumeric(StructType schema, String param, String column) {
    DataType t = require(schema, param, column).dataType();
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException(param + " '" + column + "' must be a numeric column, is " + t.simpleString());
    }
  }

  /** {@code schema} with {@code column} added, unless the name is empty (the output is not wanted). */
  static StructType add(StructType schema, String param, String column, DataType type) {
    if (column.isEmpty()) {
      return schema;
    }
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(param + " '" + column + "' already exists in the input; choose another name");
    }
    return schema.add(column, type, false);
  }
}

package org.petuum4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Lasso model fitted by {@link PetuumLasso}: predicts {@code x . b}; features beyond the trained
 * dimension have coefficient 0. Saves and loads with Spark ML's persistence.
 */
public final class PetuumLassoModel extends Model<PetuumLassoModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final double[] coefficients;
  private final PetuumTrainingSummary summary;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;

  PetuumLassoModel(String uid, double[] coefficients, PetuumTrainingSummary summary) {
    this.uid = uid;
    this.coefficients = coefficients;
    this.summary = summary;
    featuresCol = new Param<>(this, "featuresCol", "features column (vectors)");
    predictionCol = new Param<>(this, "predictionCol", "prediction column");
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public String getFeaturesCol() {
    return $(featuresCol);
  }

  public String getPredictionCol() {
    return $(predictionCol);
  }

  public PetuumLassoModel setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  public PetuumLassoModel setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  public Vector coefficients() {
    return Vectors.dense(coefficients.clone());
  }

  public int numFeatures() {
    return coefficients.length;
  }

  /** Coefficients that are not zero. */
  public int nonZeros() {
    return (int) Arrays.stream(coefficients).filter(c -> c != 0).count();
  }

  public boolean hasSummary() {
    return summary != null;
  }

  /**
   * The fit's summary: the objective before the first sweep and after every sweep.
   *
   * @throws IllegalStateException for a loaded model
   */
  public PetuumTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("this model has no training summary: it was loaded, not fitted");
    }
    return summary;
  }

  public double predict(Vector x) {
    return dot(coefficients, x);
  }

  private static double dot(double[] b, Vector x) {
    double s = 0;
    if (x instanceof SparseVector v) {
      int[] idx = v.indices();
      double[] val = v.values();
      for (int k = 0; k < idx.length; k++) {
        if (idx[k] < b.length) {
          s += val[k] * b[idx[k]];
        }
      }
    } else {
      double[] val = x.toArray();
      for (int j = 0, n = Math.min(val.length, b.length); j < n; j++) {
        s += val[j] * b[j];
      }
    }
    return s;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Columns.requireVector(schema, "featuresCol", getFeaturesCol());
    return Columns.add(schema, "predictionCol", getPredictionCol(), DataTypes.DoubleType);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    double[] b = coefficients;
    return dataset.toDF().withColumn(getPredictionCol(),
        udf((UDF1<Vector, Double>) x -> dot(b, x), DataTypes.DoubleType).apply(col(getFeaturesCol())));
  }

  @Override
  public PetuumLassoModel copy(ParamMap extra) {
    PetuumLassoModel m = new PetuumLassoModel(uid, coefficients, summary);
    copyValues(m, extra);
    return m.setParent(parent());
  }

  @Override
  public MLWriter write() {
    PetuumLassoModel self = this;
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        ModelIo.save(self, path, sparkSession(),
            new StructType().add("coefficients", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
            List.of(RowFactory.create(Arrays.stream(coefficients).boxed().toList())));
      }
    };
  }

  public static MLReader<PetuumLassoModel> read() {
    return new MLReader<>() {
      @Override
      public PetuumLassoModel load(String path) {
        DefaultParamsReader.Metadata meta = ModelIo.metadata(path, sparkSession(), PetuumLassoModel.class);
        List<Double> c = ModelIo.data(path, sparkSession()).get(0).getList(0);
        return ModelIo.withParams(new PetuumLassoModel(meta.uid(),
            c.stream().mapToDouble(Double::doubleValue).toArray(), null), meta);
      }
    };
  }

  public static PetuumLassoModel load(String path) {
    return read().load(path);
  }
}

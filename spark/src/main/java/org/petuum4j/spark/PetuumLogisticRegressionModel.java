package org.petuum4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
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
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A logistic-regression model fitted by {@link PetuumLogisticRegression}: {@code P(y = 1 | x) =
 * sigmoid(x . w)}, no intercept. {@link #transform} adds, like MLlib's model, {@code
 * rawPredictionCol} ({@code [-m, m]} for the margin {@code m = x . w}), {@code probabilityCol}
 * ({@code [1 - p, p]}) and {@code predictionCol} (1 iff {@code p > 0.5}); an empty column name
 * leaves that column out. Features beyond the trained dimension have weight 0. Saves and loads
 * with Spark ML's persistence ({@link #write()}, {@link #load}).
 */
public final class PetuumLogisticRegressionModel extends Model<PetuumLogisticRegressionModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final float[] weights;
  private final PetuumTrainingSummary summary;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final Param<String> rawPredictionCol;

  PetuumLogisticRegressionModel(String uid, float[] weights, PetuumTrainingSummary summary) {
    this.uid = uid;
    this.weights = weights;
    this.summary = summary;
    featuresCol = new Param<>(this, "featuresCol", "features column (vectors)");
    predictionCol = new Param<>(this, "predictionCol", "prediction column");
    probabilityCol = new Param<>(this, "probabilityCol", "column of class probabilities [P(0), P(1)]");
    rawPredictionCol = new Param<>(this, "rawPredictionCol", "column of raw predictions [-margin, margin]");
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(rawPredictionCol, "rawPrediction");
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

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public Param<String> rawPredictionCol() {
    return rawPredictionCol;
  }

  public String getFeaturesCol() {
    return $(featuresCol);
  }

  public String getPredictionCol() {
    return $(predictionCol);
  }

  public String getProbabilityCol() {
    return $(probabilityCol);
  }

  public String getRawPredictionCol() {
    return $(rawPredictionCol);
  }

  public PetuumLogisticRegressionModel setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  public PetuumLogisticRegressionModel setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  public PetuumLogisticRegressionModel setProbabilityCol(String value) {
    set(probabilityCol, value);
    return this;
  }

  public PetuumLogisticRegressionModel setRawPredictionCol(String value) {
    set(rawPredictionCol, value);
    return this;
  }

  /** The weights {@code w}, one per feature of the trained dimension. */
  public Vector coefficients() {
    double[] w = new double[weights.length];
    for (int j = 0; j < w.length; j++) {
      w[j] = weights[j];
    }
    return Vectors.dense(w);
  }

  public int numFeatures() {
    return weights.length;
  }

  public int numClasses() {
    return 2;
  }

  /** Whether this model came from a fit in this session (a loaded one has no summary). */
  public boolean hasSummary() {
    return summary != null;
  }

  /**
   * The fit's summary: the mean training log-loss after every pass.
   *
   * @throws IllegalStateException for a loaded model
   */
  public PetuumTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("this model has no training summary: it was loaded, not fitted");
    }
    return summary;
  }

  /** The margin {@code x . w}. */
  public double margin(Vector x) {
    return margin(weights, x);
  }

  /** {@code P(y = 1 | x)}. */
  public double probability(Vector x) {
    return sigmoid(margin(weights, x));
  }

  private static double margin(float[] w, Vector x) {
    double z = 0;
    if (x instanceof SparseVector s) {
      int[] idx = s.indices();
      double[] v = s.values();
      for (int k = 0; k < idx.length; k++) {
        if (idx[k] < w.length) {
          z += v[k] * w[idx[k]];
        }
      }
    } else {
      double[] v = x.toArray();
      for (int j = 0, n = Math.min(v.length, w.length); j < n; j++) {
        z += v[j] * w[j];
      }
    }
    return z;
  }

  private static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  static StructType outputSchema(StructType schema, String prediction, String probability, String raw) {
    StructType out = Columns.add(schema, "rawPredictionCol", raw, SQLDataTypes.VectorType());
    out = Columns.add(out, "probabilityCol", probability, SQLDataTypes.VectorType());
    return Columns.add(out, "predictionCol", prediction, DataTypes.DoubleType);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Columns.requireVector(schema, "featuresCol", getFeaturesCol());
    return outputSchema(schema, getPredictionCol(), getProbabilityCol(), getRawPredictionCol());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    float[] w = weights;
    Dataset<Row> out = dataset.toDF();
    org.apache.spark.sql.Column features = col(getFeaturesCol());
    if (!getRawPredictionCol().isEmpty()) {
      UserDefinedFunction raw = udf((UDF1<Vector, Vector>) x -> {
        double m = margin(w, x);
        return Vectors.dense(-m, m);
      }, SQLDataTypes.VectorType());
      out = out.withColumn(getRawPredictionCol(), raw.apply(features));
    }
    if (!getProbabilityCol().isEmpty()) {
      UserDefinedFunction prob = udf((UDF1<Vector, Vector>) x -> {
        double p = sigmoid(margin(w, x));
        return Vectors.dense(1 - p, p);
      }, SQLDataTypes.VectorType());
      out = out.withColumn(getProbabilityCol(), prob.apply(features));
    }
    if (!getPredictionCol().isEmpty()) {
      UserDefinedFunction pred = udf((UDF1<Vector, Double>) x -> margin(w, x) > 0 ? 1.0 : 0.0, DataTypes.DoubleType);
      out = out.withColumn(getPredictionCol(), pred.apply(features));
    }
    return out;
  }

  @Override
  public PetuumLogisticRegressionModel copy(ParamMap extra) {
    PetuumLogisticRegressionModel m = new PetuumLogisticRegressionModel(uid, weights, summary);
    copyValues(m, extra);
    return m.setParent(parent());
  }

  @Override
  public MLWriter write() {
    PetuumLogisticRegressionModel self = this;
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        ModelIo.save(self, path, sparkSession(),
            new StructType().add("weights", DataTypes.createArrayType(DataTypes.FloatType, false), false),
            List.of(RowFactory.create((Object) toList(weights))));
      }
    };
  }

  private static List<Float> toList(float[] a) {
    Float[] boxed = new Float[a.length];
    for (int i = 0; i < a.length; i++) {
      boxed[i] = a[i];
    }
    return java.util.Arrays.asList(boxed);
  }

  public static MLReader<PetuumLogisticRegressionModel> read() {
    return new MLReader<>() {
      @Override
      public PetuumLogisticRegressionModel load(String path) {
        DefaultParamsReader.Metadata meta = ModelIo.metadata(path, sparkSession(), PetuumLogisticRegressionModel.class);
        Row data = ModelIo.data(path, sparkSession()).get(0);
        List<Float> w = data.getList(0);
        float[] weights = new float[w.size()];
        for (int i = 0; i < weights.length; i++) {
          weights[i] = w.get(i);
        }
        return ModelIo.withParams(new PetuumLogisticRegressionModel(meta.uid(), weights, null), meta);
      }
    };
  }

  public static PetuumLogisticRegressionModel load(String path) {
    return read().load(path);
  }
}

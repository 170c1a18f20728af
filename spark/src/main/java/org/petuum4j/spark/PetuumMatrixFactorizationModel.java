package org.petuum4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A matrix-factorisation model fitted by {@link PetuumMatrixFactorization}: the predicted rating
 * of user {@code u} for item {@code i} is {@code mean + p_u . q_i}. {@link #transform} adds {@code
 * predictionCol} (float, like MLlib's {@code ALSModel}); a user or item not seen in training gets
 * NaN, or with {@code coldStartStrategy} {@code "drop"} its row is dropped. Saves and loads with
 * Spark ML's persistence.
 */
public final class PetuumMatrixFactorizationModel extends Model<PetuumMatrixFactorizationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final int rank;
  private final double mean;
  private final long[] userIds;
  private final float[] userFactors;
  private final long[] itemIds;
  private final float[] itemFactors;
  private final PetuumTrainingSummary summary;
  private final Param<String> userCol;
  private final Param<String> itemCol;
  private final Param<String> predictionCol;
  private final Param<String> coldStartStrategy;

  PetuumMatrixFactorizationModel(String uid, int rank, double mean, long[] userIds, float[] userFactors,
      long[] itemIds, float[] itemFactors, PetuumTrainingSummary summary) {
    this.uid = uid;
    this.rank = rank;
    this.mean = mean;
    this.userIds = userIds;
    this.userFactors = userFactors;
    this.itemIds = itemIds;
    this.itemFactors = itemFactors;
    this.summary = summary;
    userCol = new Param<>(this, "userCol", "user id column (integers)");
    itemCol = new Param<>(this, "itemCol", "item id column (integers)");
    predictionCol = new Param<>(this, "predictionCol", "prediction column");
    coldStartStrategy = new Param<>(this, "coldStartStrategy",
        "prediction for a user or item not seen in training: 'nan' (NaN) or 'drop' (drop the row)");
    setDefault(userCol, "user");
    setDefault(itemCol, "item");
    setDefault(predictionCol, "prediction");
    setDefault(coldStartStrategy, "nan");
  }

  static String checkColdStart(String value) {
    if (!"nan".equals(value) && !"drop".equals(value)) {
      throw new IllegalArgumentException("coldStartStrategy must be 'nan' or 'drop', was '" + value + "'");
    }
    return value;
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> userCol() {
    return userCol;
  }

  public Param<String> itemCol() {
    return itemCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> coldStartStrategy() {
    return coldStartStrategy;
  }

  public String getUserCol() {
    return $(userCol);
  }

  public String getItemCol() {
    return $(itemCol);
  }

  public String getPredictionCol() {
    return $(predictionCol);
  }

  public String getColdStartStrategy() {
    return $(coldStartStrategy);
  }

  public PetuumMatrixFactorizationModel setUserCol(String value) {
    set(userCol, value);
    return this;
  }

  public PetuumMatrixFactorizationModel setItemCol(String value) {
    set(itemCol, value);
    return this;
  }

  public PetuumMatrixFactorizationModel setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  public PetuumMatrixFactorizationModel setColdStartStrategy(String value) {
    set(coldStartStrategy, checkColdStart(value));
    return this;
  }

  public int rank() {
    return rank;
  }

  /** The mean training rating, the bias every prediction starts from. */
  public double mean() {
    return mean;
  }

  /** The predicted rating, or NaN if the user or the item was not in the training data. */
  public double predict(long user, long item) {
    return predict(rank, mean, userIds, userFactors, itemIds, itemFactors, user, item);
  }

  private static float predict(int k, double mean, long[] users, float[] p, long[] items, float[] q, long user,
      long item) {
    int u = Arrays.binarySearch(users, user);
    int i = Arrays.binarySearch(items, item);
    if (u < 0 || i < 0) {
      return Float.NaN;
    }
    double dot = 0;
    for (int f = 0; f < k; f++) {
      dot += p[u * k + f] * q[i * k + f];
    }
    return (float) (mean + dot);
  }

  /** Like {@code ALSModel.userFactors}: columns {@code id} (long) and {@code features} (array of float). */
  public Dataset<Row> userFactors() {
    return factors(userIds, userFactors);
  }

  /** Like {@code ALSModel.itemFactors}. */
  public Dataset<Row> itemFactors() {
    return factors(itemIds, itemFactors);
  }

  private Dataset<Row> factors(long[] ids, float[] f) {
    List<Row> rows = new ArrayList<>();
    for (int a = 0; a < ids.length; a++) {
      rows.add(RowFactory.create(ids[a], floats(Arrays.copyOfRange(f, a * rank, (a + 1) * rank))));
    }
    return SparkSession.active().createDataFrame(rows, new StructType().add("id", DataTypes.LongType, false)
        .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false));
  }

  public boolean hasSummary() {
    return summary != null;
  }

  /**
   * The fit's summary: the training RMSE after every pass.
   *
   * @throws IllegalStateException for a loaded model
   */
  public PetuumTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("this model has no training summary: it was loaded, not fitted");
    }
    return summary;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    PetuumMatrixFactorization.requireIntegral(schema, "userCol", getUserCol());
    PetuumMatrixFactorization.requireIntegral(schema, "itemCol", getItemCol());
    return Columns.add(schema, "predictionCol", getPredictionCol(), DataTypes.FloatType);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    int k = rank;
    double m = mean;
    long[] users = userIds;
    float[] p = userFactors;
    long[] items = itemIds;
    float[] q = itemFactors;
    UserDefinedFunction f = udf((UDF2<Long, Long, Float>) (u, i) ->
        u == null || i == null ? Float.NaN : predict(k, m, users, p, items, q, u, i), DataTypes.FloatType);
    Dataset<Row> out = dataset.toDF().withColumn(getPredictionCol(),
        f.apply(col(getUserCol()).cast(DataTypes.LongType), col(getItemCol()).cast(DataTypes.LongType)));
    return getColdStartStrategy().equals("drop") ? out.filter(col(getPredictionCol()).isNaN().unary_$bang()) : out;
  }

  @Override
  public PetuumMatrixFactorizationModel copy(ParamMap extra) {
    PetuumMatrixFactorizationModel c = new PetuumMatrixFactorizationModel(uid, rank, mean, userIds, userFactors,
        itemIds, itemFactors, summary);
    copyValues(c, extra);
    return c.setParent(parent());
  }

  private static List<Float> floats(float[] a) {
    Float[] boxed = new Float[a.length];
    for (int i = 0; i < a.length; i++) {
      boxed[i] = a[i];
    }
    return Arrays.asList(boxed);
  }

  private static List<Long> longs(long[] a) {
    return Arrays.stream(a).boxed().toList();
  }

  private static float[] toFloats(List<Float> a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i);
    }
    return out;
  }

  @Override
  public MLWriter write() {
    PetuumMatrixFactorizationModel self = this;
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        StructType schema = new StructType()
            .add("rank", DataTypes.IntegerType, false)
            .add("mean", DataTypes.DoubleType, false)
            .add("userIds", DataTypes.createArrayType(DataTypes.LongType, false), false)
            .add("userFactors", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("itemIds", DataTypes.createArrayType(DataTypes.LongType, false), false)
            .add("itemFactors", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        ModelIo.save(self, path, sparkSession(), schema, List.of(RowFactory.create(rank, mean, longs(userIds),
            floats(userFactors), longs(itemIds), floats(itemFactors))));
      }
    };
  }

  public static MLReader<PetuumMatrixFactorizationModel> read() {
    return new MLReader<>() {
      @Override
      public PetuumMatrixFactorizationModel load(String path) {
        DefaultParamsReader.Metadata meta = ModelIo.metadata(path, sparkSession(),
            PetuumMatrixFactorizationModel.class);
        Row d = ModelIo.data(path, sparkSession()).get(0);
        List<Long> users = d.getList(2);
        List<Long> items = d.getList(4);
        PetuumMatrixFactorizationModel m = new PetuumMatrixFactorizationModel(meta.uid(), d.getInt(0), d.getDouble(1),
            users.stream().mapToLong(Long::longValue).toArray(), toFloats(d.getList(3)),
            items.stream().mapToLong(Long::longValue).toArray(), toFloats(d.getList(5)), null);
        return ModelIo.withParams(m, meta);
      }
    };
  }

  public static PetuumMatrixFactorizationModel load(String path) {
    return read().load(path);
  }
}

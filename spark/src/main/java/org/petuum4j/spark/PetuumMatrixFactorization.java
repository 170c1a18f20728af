package org.petuum4j.spark;

import static org.apache.spark.sql.functions.col;

import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.petuum4j.ml.data.Ratings;
import org.petuum4j.ml.mf.MfConfig;
import org.petuum4j.ml.mf.MfJob;
import org.petuum4j.ml.mf.MfMetrics;
import org.petuum4j.ml.mf.MfModel;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import scala.Tuple2;

/**
 * Matrix factorisation of explicit ratings by petuum4j's SGD on the parameter server ({@link
 * MfJob}: data-parallel SGD under SSP, or the STRADS rotation of item blocks), as a Spark ML
 * estimator with the input columns of MLlib's {@code ALS}: {@code userCol} ({@code "user"}),
 * {@code itemCol} ({@code "item"}), integer ids; {@code ratingCol} ({@code "rating"}), numbers.
 * It minimises {@code sum (r_ui - mean - p_u . q_i)^2 + regParam (|p_u|^2 + |q_i|^2)} over the
 * ratings, with {@code rank} factors per user and item.
 *
 * <p>Before the barrier stage, one Spark job (one pass over the input) finds the distinct user and
 * item ids and the mean rating, and the ratings are partitioned so that each barrier task holds
 * exactly the ratings of the users its worker threads own. The ids travel to every task in the stage's
 * closure, so they must fit in memory (8 bytes per distinct user and item).
 */
public final class PetuumMatrixFactorization
    extends PetuumEstimator<PetuumMatrixFactorizationModel, PetuumMatrixFactorization>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final Param<String> userCol = new Param<>(this, "userCol", "user id column (integers)");
  private final Param<String> itemCol = new Param<>(this, "itemCol", "item id column (integers)");
  private final Param<String> ratingCol = new Param<>(this, "ratingCol", "rating column (numbers)");
  private final Param<String> predictionCol = new Param<>(this, "predictionCol", "prediction column");
  private final Param<String> coldStartStrategy = new Param<>(this, "coldStartStrategy",
      "prediction for a user or item not seen in training: 'nan' (NaN) or 'drop' (drop the row)");
  private final IntParam rank = new IntParam(this, "rank", "factors per user and item (1-" + MfConfig.MAX_RANK + ")");
  private final DoubleParam regParam = new DoubleParam(this, "regParam", "L2 regularisation strength (>= 0)");
  private final DoubleParam learningRate = new DoubleParam(this, "learningRate", "initial learning rate (> 0)");
  private final DoubleParam decay = new DoubleParam(this, "decay", "learning-rate decay per pass (>= 0)");
  private final Param<String> algorithm = new Param<>(this, "algorithm",
      "'sgd' (data-parallel SGD under SSP) or 'rotation' (model-parallel rotation of item blocks)");
  private final IntParam clocksPerEpoch = new IntParam(this, "clocksPerEpoch", "clocks per pass (>= 1)");
  private final DoubleParam initScale = new DoubleParam(this, "initScale",
      "initial factors are uniform in [-initScale, initScale) (> 0)");

  public PetuumMatrixFactorization() {
    this(Identifiable$.MODULE$.randomUID("petuumMF"));
  }

  public PetuumMatrixFactorization(String uid) {
    super(uid);
    setDefault(userCol, "user");
    setDefault(itemCol, "item");
    setDefault(ratingCol, "rating");
    setDefault(predictionCol, "prediction");
    setDefault(coldStartStrategy, "nan");
    setDefault(rank, MfConfig.DEFAULT_RANK);
    setDefault(regParam, MfConfig.DEFAULT_L2);
    setDefault(learningRate, MfConfig.DEFAULT_LEARNING_RATE);
    setDefault(decay, MfConfig.DEFAULT_DECAY);
    setDefault(algorithm, "sgd");
    setDefault(clocksPerEpoch, MfConfig.DEFAULT_CLOCKS_PER_EPOCH);
    setDefault(initScale, MfConfig.DEFAULT_INIT_SCALE);
  }

  public Param<String> userCol() {
    return userCol;
  }

  public Param<String> itemCol() {
    return itemCol;
  }

  public Param<String> ratingCol() {
    return ratingCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> coldStartStrategy() {
    return coldStartStrategy;
  }

  public IntParam rank() {
    return rank;
  }

  public DoubleParam regParam() {
    return regParam;
  }

  public DoubleParam learningRate() {
    return learningRate;
  }

  public DoubleParam decay() {
    return decay;
  }

  public Param<String> algorithm() {
    return algorithm;
  }

  public IntParam clocksPerEpoch() {
    return clocksPerEpoch;
  }

  public DoubleParam initScale() {
    return initScale;
  }

  public String getUserCol() {
    return $(userCol);
  }

  public String getItemCol() {
    return $(itemCol);
  }

  public String getRatingCol() {
    return $(ratingCol);
  }

  public String getPredictionCol() {
    return $(predictionCol);
  }

  public String getColdStartStrategy() {
    return $(coldStartStrategy);
  }

  public int getRank() {
    return (Integer) $(rank);
  }

  public double getRegParam() {
    return (Double) $(regParam);
  }

  public double getLearningRate() {
    return (Double) $(learningRate);
  }

  public double getDecay() {
    return (Double) $(decay);
  }

  public String getAlgorithm() {
    return $(algorithm);
  }

  public int getClocksPerEpoch() {
    return (Integer) $(clocksPerEpoch);
  }

  public double getInitScale() {
    return (Double) $(initScale);
  }

  public PetuumMatrixFactorization setUserCol(String value) {
    set(userCol, value);
    return this;
  }

  public PetuumMatrixFactorization setItemCol(String value) {
    set(itemCol, value);
    return this;
  }

  public PetuumMatrixFactorization setRatingCol(String value) {
    set(ratingCol, value);
    return this;
  }

  public PetuumMatrixFactorization setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  /** {@code "nan"} (the default) or {@code "drop"}, as MLlib's {@code ALS}. */
  public PetuumMatrixFactorization setColdStartStrategy(String value) {
    set(coldStartStrategy, PetuumMatrixFactorizationModel.checkColdStart(value));
    return this;
  }

  public PetuumMatrixFactorization setRank(int value) {
    if (value < 1 || value > MfConfig.MAX_RANK) {
      throw new IllegalArgumentException("rank must be in 1-" + MfConfig.MAX_RANK + ", was " + value);
    }
    set(rank, value);
    return this;
  }

  public PetuumMatrixFactorization setRegParam(double value) {
    set(regParam, nonNegative("regParam", value));
    return this;
  }

  public PetuumMatrixFactorization setLearningRate(double value) {
    set(learningRate, positive("learningRate", value));
    return this;
  }

  public PetuumMatrixFactorization setDecay(double value) {
    set(decay, nonNegative("decay", value));
    return this;
  }

  /** {@code "sgd"} or {@code "rotation"}. */
  public PetuumMatrixFactorization setAlgorithm(String value) {
    if (!value.equals("sgd") && !value.equals("rotation")) {
      throw new IllegalArgumentException("algorithm must be 'sgd' or 'rotation', was '" + value + "'");
    }
    set(algorithm, value);
    return this;
  }

  public PetuumMatrixFactorization setClocksPerEpoch(int value) {
    set(clocksPerEpoch, atLeast("clocksPerEpoch", value, 1));
    return this;
  }

  public PetuumMatrixFactorization setInitScale(double value) {
    set(initScale, positive("initScale", value));
    return this;
  }

  static void requireIntegral(StructType schema, String param, String column) {
    DataType t = Columns.require(schema, param, column).dataType();
    if (!(t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType)
        || t.equals(DataTypes.ByteType))) {
      throw new IllegalArgumentException(param + " '" + column + "' must be a column of integer ids, is "
          + t.simpleString());
    }
  }

  @Override
  public StructType transformSchema(StructType schema) {
    requireIntegral(schema, "userCol", getUserCol());
    requireIntegral(schema, "itemCol", getItemCol());
    return Columns.add(schema, "predictionCol", getPredictionCol(), DataTypes.FloatType);
  }

  @Override
  public PetuumMatrixFactorizationModel fit(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    transformSchema(schema);
    Columns.requireNumeric(schema, "ratingCol", getRatingCol());
    Dataset<Row> rows = dataset.select(col(getUserCol()).cast(DataTypes.LongType).as("u"),
        col(getItemCol()).cast(DataTypes.LongType).as("i"), col(getRatingCol()).cast(DataTypes.FloatType).as("r"));
    InputStats stats = InputStats.of(rows);
    if (stats.invalid() > 0) {
      throw new IllegalArgumentException("the input has " + stats.invalid()
          + " rows with a null or NaN in userCol '" + getUserCol() + "', itemCol '" + getItemCol()
          + "' or ratingCol '" + getRatingCol() + "'; drop or fill them first");
    }
    long total = stats.count();
    if (total == 0) {
      throw new IllegalArgumentException("the input has no ratings to train on");
    }
    long[] users = stats.users();
    long[] items = stats.items();
    int tasks = tasks(rows);
    if (getAlgorithm().equals("rotation") && items.length < tasks * getWorkerThreads()) {
      throw new IllegalArgumentException("algorithm 'rotation' needs at least one item per worker thread: "
          + items.length + " items, " + tasks * getWorkerThreads() + " worker threads");
    }
    JobParams params = JobParams.builder()
        .put("algorithm", getAlgorithm())
        .put("rank", getRank())
        .put("epochs", getMaxIter())
        .put("learningRate", getLearningRate())
        .put("decay", getDecay())
        .put("l2", getRegParam())
        .put("staleness", stalenessParam())
        .put("clocksPerEpoch", getClocksPerEpoch())
        .put("initScale", getInitScale())
        .put("seed", getSeed())
        .build();
    double mean = stats.sum() / total;
    FitOutput out = fitInBarrierMode(rows, new MfTraining(users, items, mean, total, new HashMap<>(params.asMap())),
        params);
    List<Double> rmse = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    for (String e : out.events()) {
      MfMetrics m = MfJob.metricsOf(e);
      rmse.add(m.trainRmse());
      seconds.add(m.seconds());
    }
    PetuumTrainingSummary summary = new PetuumTrainingSummary("training RMSE",
        rmse.stream().mapToDouble(Double::doubleValue).toArray(),
        seconds.stream().mapToDouble(Double::doubleValue).toArray(), out.notes());
    Factors f = (Factors) out.model();
    PetuumMatrixFactorizationModel model = new PetuumMatrixFactorizationModel(uid(), f.rank(), f.mean(), users,
        f.userFactors(), items, f.itemFactors(), summary);
    copyValues(model, extractParamMap());
    return model.setParent(this);
  }

  /**
   * What the fit needs to know of its input before the barrier stage, found in one Spark job (one
   * pass over the input, no shuffle): the rows with a null id or rating or a NaN rating, the valid
   * ratings' count and sum, and the distinct user and item ids, ascending.
   */
  record InputStats(long invalid, long count, double sum, long[] users, long[] items) implements Serializable {
    static InputStats of(Dataset<Row> rows) {
      List<InputStats> parts = rows.javaRDD().mapPartitions(it -> {
        it.unimi.dsi.fastutil.longs.LongOpenHashSet u = new it.unimi.dsi.fastutil.longs.LongOpenHashSet();
        it.unimi.dsi.fastutil.longs.LongOpenHashSet i = new it.unimi.dsi.fastutil.longs.LongOpenHashSet();
        long invalid = 0;
        long count = 0;
        double sum = 0;
        while (it.hasNext()) {
          Row r = it.next();
          if (r.isNullAt(0) || r.isNullAt(1) || r.isNullAt(2) || Float.isNaN(r.getFloat(2))) {
            invalid++;
            continue;
          }
          u.add(r.getLong(0));
          i.add(r.getLong(1));
          count++;
          sum += r.getFloat(2);
        }
        return List.of(new InputStats(invalid, count, sum, u.toLongArray(), i.toLongArray())).iterator();
      }).collect();
      long invalid = 0;
      long count = 0;
      double sum = 0;
      it.unimi.dsi.fastutil.longs.LongOpenHashSet u = new it.unimi.dsi.fastutil.longs.LongOpenHashSet();
      it.unimi.dsi.fastutil.longs.LongOpenHashSet i = new it.unimi.dsi.fastutil.longs.LongOpenHashSet();
      for (InputStats p : parts) {
        invalid += p.invalid();
        count += p.count();
        sum += p.sum();
        u.addAll(LongArrayList.wrap(p.users()));
        i.addAll(LongArrayList.wrap(p.items()));
      }
      long[] users = u.toLongArray();
      long[] items = i.toLongArray();
      Arrays.sort(users);
      Arrays.sort(items);
      return new InputStats(invalid, count, sum, users, items);
    }
  }

  public static MLReader<PetuumMatrixFactorization> read() {
    return new DefaultParamsReader<>();
  }

  public static PetuumMatrixFactorization load(String path) {
    return read().load(path);
  }

  /** The trained factors, flattened: {@code rank} floats per id, ids in ascending order. */
  record Factors(int rank, double mean, float[] userFactors, float[] itemFactors) implements Serializable {}

  /** The job of a fit: {@link MfJob} with each task holding the ratings of its workers' users. */
  static final class MfTraining extends Training.OfRows {
    private static final long serialVersionUID = 1L;
    private final long[] users;
    private final long[] items;
    private final double mean;
    private final long total;
    private final HashMap<String, String> params;

    MfTraining(long[] users, long[] items, double mean, long total, HashMap<String, String> params) {
      this.users = users;
      this.items = items;
      this.mean = mean;
      this.total = total;
      this.params = params;
    }

    @Override
    Class<? extends JobFactory> factory() {
      return MfJob.class;
    }

    /**
     * Sends every rating to the task owning its user. Each input partition ships one block per
     * task, a row of three primitive arrays (user ids, item ids, ratings), rather than a row per
     * rating: the shuffle then serialises a few arrays instead of hundreds of thousands of rows.
     */
    @Override
    JavaRDD<Row> place(Dataset<Row> selected, int tasks, int threadsPerTask, int shards) {
      long[] u = users;
      int numItems = items.length;
      HashMap<String, String> p = params;
      return selected.javaRDD().mapPartitionsToPair(it -> {
        java.util.function.IntUnaryOperator owner = MfJob.owners(u.length, numItems, JobParams.of(p),
            new JobShape(tasks * threadsPerTask, shards));
        LongArrayList[] bu = new LongArrayList[tasks];
        LongArrayList[] bi = new LongArrayList[tasks];
        FloatArrayList[] br = new FloatArrayList[tasks];
        for (int t = 0; t < tasks; t++) {
          bu[t] = new LongArrayList();
          bi[t] = new LongArrayList();
          br[t] = new FloatArrayList();
        }
        while (it.hasNext()) {
          Row r = it.next();
          long user = r.getLong(0);
          int t = owner.applyAsInt(Arrays.binarySearch(u, user)) / threadsPerTask;
          bu[t].add(user);
          bi[t].add(r.getLong(1));
          br[t].add(r.getFloat(2));
        }
        List<Tuple2<Integer, Row>> out = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
          if (!bu[t].isEmpty()) {
            out.add(new Tuple2<>(t, RowFactory.create(bu[t].toLongArray(), bi[t].toLongArray(), br[t].toFloatArray())));
          }
        }
        return out.iterator();
      }).partitionBy(new HashPartitioner(tasks)).values();
    }

    /** Reads the blocks {@link #place} sent to this task. */
    @Override
    Partition read(Iterator<Row> rows) {
      LongArrayList u = new LongArrayList();
      LongArrayList i = new LongArrayList();
      FloatArrayList r = new FloatArrayList();
      while (rows.hasNext()) {
        Row block = rows.next();
        u.addElements(u.size(), (long[]) block.get(0));
        i.addElements(i.size(), (long[]) block.get(1));
        r.addElements(r.size(), (float[]) block.get(2));
      }
      Ratings ratings = Ratings.of(u.toLongArray(), i.toLongArray(), r.toFloatArray());
      return new Partition(new MfJob.LocalRatings(users, items, mean, total, ratings), ratings.size(),
          Integer.toString(ratings.size()));
    }

    @Override
    JobParams plan(JobParams base, List<String> summaries, int threadsPerProcess) {
      return base.with("users", users.length).with("items", items.length);
    }

    @Override
    Serializable readModel(JobResult result, JobParams params, JobShape shape) {
      MfModel m = MfJob.readModel(result, params, shape, new MfJob.LocalRatings(users, items, mean, total,
          Ratings.of(new long[0], new long[0], new float[0])));
      int k = m.rank();
      float[] p = new float[users.length * k];
      float[] q = new float[items.length * k];
      for (int a = 0; a < users.length; a++) {
        System.arraycopy(m.userFactors(users[a]), 0, p, a * k, k);
      }
      for (int b = 0; b < items.length; b++) {
        System.arraycopy(m.itemFactors(items[b]), 0, q, b * k, k);
      }
      return new Factors(k, m.mean(), p, q);
    }
  }

  private int tasks(Dataset<Row> rows) {
    return getNumWorkers() > 0 ? getNumWorkers() : rows.sparkSession().sparkContext().defaultParallelism();
  }
}

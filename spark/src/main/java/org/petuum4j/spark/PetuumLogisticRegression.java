package org.petuum4j.spark;

import static org.apache.spark.sql.functions.col;

import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.logreg.EpochMetrics;
import org.petuum4j.ml.logreg.LogRegConfig;
import org.petuum4j.ml.logreg.LogRegJob;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;

/**
 * Binary logistic regression (labels 0 and 1, no intercept: add a constant feature if you need
 * one) trained by petuum4j's data-parallel mini-batch SGD under SSP ({@link LogRegJob}), as a
 * Spark ML estimator. It takes the columns and the common setters of MLlib's {@code
 * LogisticRegression} ({@code featuresCol}, {@code labelCol}, {@code predictionCol}, {@code
 * probabilityCol}, {@code rawPredictionCol}, {@code maxIter}, {@code regParam} as the L2 strength),
 * so swapping one for the other in a pipeline is one line:
 *
 * <pre>{@code
 * Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
 *     tokenizer, hashingTF,
 *     new PetuumLogisticRegression().setMaxIter(10).setRegParam(0.001)});   // was: new LogisticRegression()
 * PipelineModel model = pipeline.fit(training);
 * }</pre>
 *
 * <p>plus petuum4j's: {@link #setStaleness staleness}, {@link #setNumShards numShards}, {@link
 * #setNumWorkers numWorkers} (barrier tasks), {@link #setWorkerThreads workerThreads}, {@link
 * #setUpdate update} ({@code example}, the default: per-example SGD on each worker's replica, exchanged
 * {@link #setClocksPerEpoch clocksPerEpoch} times per pass, 0 = chosen from the data; or {@code
 * batch}: mini-batch SGD with {@link #setBatchSize batchSize} and {@link #setBatchesPerClock
 * batchesPerClock}), {@link #setLearningRate learningRate} (default 0.1 for {@code example}, 5.0 for
 * {@code batch}) and {@link #setDecay decay} (the learning rate of pass {@code t} is {@code
 * learningRate / (1 + decay t)}), seed and checkpoints.
 * The fit runs in Spark's barrier execution mode (see {@link PetuumEstimator}) as one Spark job
 * when the input already has one balanced partition per barrier task; the tasks check the labels
 * as they read them, and a label other than 0 or 1 fails the fit, naming the value, before any
 * training starts.
 */
public final class PetuumLogisticRegression
    extends PetuumEstimator<PetuumLogisticRegressionModel, PetuumLogisticRegression>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final Param<String> featuresCol = new Param<>(this, "featuresCol", "features column (vectors)");
  private final Param<String> labelCol = new Param<>(this, "labelCol", "label column (0 or 1)");
  private final Param<String> predictionCol = new Param<>(this, "predictionCol", "prediction column");
  private final Param<String> probabilityCol = new Param<>(this, "probabilityCol",
      "column of class probabilities [P(0), P(1)]");
  private final Param<String> rawPredictionCol = new Param<>(this, "rawPredictionCol",
      "column of raw predictions [-margin, margin]");
  private final DoubleParam regParam = new DoubleParam(this, "regParam", "L2 regularisation strength (>= 0)");
  private final DoubleParam learningRate = new DoubleParam(this, "learningRate", "initial learning rate (> 0)");
  private final DoubleParam decay = new DoubleParam(this, "decay", "learning-rate decay per pass (>= 0)");
  private final Param<String> update = new Param<>(this, "update",
      "how examples update the weights: example (per-example SGD on each worker's replica) or batch (mini-batch SGD)");
  private final IntParam clocksPerEpoch = new IntParam(this, "clocksPerEpoch",
      "with update example: exchanges of updates per pass over the data, 0 = chosen from the data (>= 0)");
  private final IntParam batchSize = new IntParam(this, "batchSize",
      "examples per mini-batch and worker thread (>= 1)");
  private final IntParam batchesPerClock = new IntParam(this, "batchesPerClock",
      "mini-batches per clock: updates are sent and the workers sync every this many mini-batches (>= 1)");

  public PetuumLogisticRegression() {
    this(Identifiable$.MODULE$.randomUID("petuumLogReg"));
  }

  public PetuumLogisticRegression(String uid) {
    super(uid);
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(rawPredictionCol, "rawPrediction");
    setDefault(regParam, LogRegConfig.DEFAULT_L2);
    setDefault(update, "example");
    setDefault(clocksPerEpoch, 0);
    setDefault(decay, LogRegConfig.DEFAULT_DECAY);
    setDefault(batchSize, LogRegConfig.DEFAULT_BATCH_SIZE);
    setDefault(batchesPerClock, 1);
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public Param<String> labelCol() {
    return labelCol;
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

  public DoubleParam regParam() {
    return regParam;
  }

  public DoubleParam learningRate() {
    return learningRate;
  }

  public DoubleParam decay() {
    return decay;
  }

  public Param<String> update() {
    return update;
  }

  public IntParam clocksPerEpoch() {
    return clocksPerEpoch;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public IntParam batchesPerClock() {
    return batchesPerClock;
  }

  public String getFeaturesCol() {
    return $(featuresCol);
  }

  public String getLabelCol() {
    return $(labelCol);
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

  public double getRegParam() {
    return (Double) $(regParam);
  }

  /** The learning rate set, or else the default of the update mode. */
  public double getLearningRate() {
    if (isSet(learningRate)) {
      return (Double) $(learningRate);
    }
    return LogRegJob.update(getUpdate()) == LogRegConfig.Update.EXAMPLE
        ? LogRegConfig.DEFAULT_EXAMPLE_LEARNING_RATE : LogRegConfig.DEFAULT_LEARNING_RATE;
  }

  public String getUpdate() {
    return $(update);
  }

  public int getClocksPerEpoch() {
    return (Integer) $(clocksPerEpoch);
  }

  public double getDecay() {
    return (Double) $(decay);
  }

  public int getBatchSize() {
    return (Integer) $(batchSize);
  }

  public int getBatchesPerClock() {
    return (Integer) $(batchesPerClock);
  }

  public PetuumLogisticRegression setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  public PetuumLogisticRegression setLabelCol(String value) {
    set(labelCol, value);
    return this;
  }

  public PetuumLogisticRegression setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  public PetuumLogisticRegression setProbabilityCol(String value) {
    set(probabilityCol, value);
    return this;
  }

  public PetuumLogisticRegression setRawPredictionCol(String value) {
    set(rawPredictionCol, value);
    return this;
  }

  /** The L2 strength (MLlib's name), a finite number >= 0. */
  public PetuumLogisticRegression setRegParam(double value) {
    set(regParam, nonNegative("regParam", value));
    return this;
  }

  public PetuumLogisticRegression setLearningRate(double value) {
    set(learningRate, positive("learningRate", value));
    return this;
  }

  public PetuumLogisticRegression setDecay(double value) {
    set(decay, nonNegative("decay", value));
    return this;
  }

  /** {@code example} (the default) or {@code batch}; see the class comment. */
  public PetuumLogisticRegression setUpdate(String value) {
    set(update, LogRegJob.update(value).name().toLowerCase(java.util.Locale.ROOT));
    return this;
  }

  /** With {@code update} {@code example}: clocks per pass, {@code >= 0}; 0 (the default) chooses from the data. */
  public PetuumLogisticRegression setClocksPerEpoch(int value) {
    set(clocksPerEpoch, atLeast("clocksPerEpoch", value, 0));
    return this;
  }

  public PetuumLogisticRegression setBatchSize(int value) {
    set(batchSize, atLeast("batchSize", value, 1));
    return this;
  }

  /**
   * Mini-batches per clock ({@code >= 1}, default 1): each worker sends its updates and meets the
   * others' every this many mini-batches, reading its own updates in between. Raise it when network
   * round trips, not arithmetic, bound the fit.
   */
  public PetuumLogisticRegression setBatchesPerClock(int value) {
    set(batchesPerClock, atLeast("batchesPerClock", value, 1));
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Columns.requireVector(schema, "featuresCol", getFeaturesCol());
    return PetuumLogisticRegressionModel.outputSchema(schema, getPredictionCol(), getProbabilityCol(),
        getRawPredictionCol());
  }

  @Override
  public PetuumLogisticRegressionModel fit(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    transformSchema(schema);
    Columns.requireNumeric(schema, "labelCol", getLabelCol());
    Dataset<Row> rows = dataset.select(col(getFeaturesCol()), col(getLabelCol()).cast(DataTypes.DoubleType).as(getLabelCol()));
    JobParams params = JobParams.builder()
        .put("staleness", stalenessParam())
        .put("epochs", getMaxIter())
        .put("update", getUpdate())
        .put("clocksPerEpoch", getClocksPerEpoch())
        .put("batchSize", getBatchSize())
        .put("batchesPerClock", getBatchesPerClock())
        .put("learningRate", getLearningRate())
        .put("decay", getDecay())
        .put("l2", getRegParam())
        .put("seed", getSeed())
        .build();
    FitOutput out = fitInBarrierMode(rows, new LogRegTraining(getFeaturesCol(), getLabelCol()), params);
    List<Double> loss = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    for (String e : out.events()) {
      EpochMetrics m = LogRegJob.epochOf(e);
      if (m != null) {
        loss.add(m.trainLoss());
        seconds.add(m.seconds());
      }
    }
    PetuumTrainingSummary summary = new PetuumTrainingSummary("mean training log-loss",
        loss.stream().mapToDouble(Double::doubleValue).toArray(),
        seconds.stream().mapToDouble(Double::doubleValue).toArray(), out.notes());
    PetuumLogisticRegressionModel model = new PetuumLogisticRegressionModel(uid(), (float[]) out.model(), summary);
    copyValues(model, extractParamMap());
    return model.setParent(this);
  }

  public static MLReader<PetuumLogisticRegression> read() {
    return new DefaultParamsReader<>();
  }

  public static PetuumLogisticRegression load(String path) {
    return read().load(path);
  }

  /**
   * The job of a fit: {@link LogRegJob} over each partition's rows, read as Spark SQL's internal
   * rows: the vectors' index and value arrays are copied straight out of Spark's row format,
   * without building a {@code Row} and a {@code Vector} per row first. The labels are checked on
   * the way.
   */
  static class LogRegTraining extends Training<InternalRow> {
    private static final long serialVersionUID = 1L;
    /** Spark ML's vector type as Spark SQL stores it: a struct of type, size, indices and values. */
    private static final int VECTOR_FIELDS = 4;
    private static final byte SPARSE = 0;
    private final String featuresCol;
    private final String labelCol;

    LogRegTraining(String featuresCol, String labelCol) {
      this.featuresCol = featuresCol;
      this.labelCol = labelCol;
    }

    @Override
    Class<? extends JobFactory> factory() {
      return LogRegJob.class;
    }

    /** The selected columns (features vector, label double) as internal rows. */
    @Override
    JavaRDD<InternalRow> rdd(Dataset<Row> selected) {
      return selected.queryExecution().toRdd().toJavaRDD();
    }

    @Override
    Partition read(Iterator<InternalRow> rows) {
      IntArrayList rowPtr = new IntArrayList();
      IntArrayList cols = new IntArrayList();
      FloatArrayList vals = new FloatArrayList();
      FloatArrayList labels = new FloatArrayList();
      rowPtr.add(0);
      int dimension = 0;
      while (rows.hasNext()) {
        InternalRow r = rows.next();
        if (r.isNullAt(1) || r.getDouble(1) != 0.0 && r.getDouble(1) != 1.0) {
          throw new IllegalArgumentException("labelCol '" + labelCol + "' must hold 0 or 1 for binary logistic "
              + "regression; found " + (r.isNullAt(1) ? "null" : Double.toString(r.getDouble(1))));
        }
        if (r.isNullAt(0)) {
          throw new IllegalArgumentException("featuresCol '" + featuresCol + "' holds a null vector");
        }
        InternalRow v = r.getStruct(0, VECTOR_FIELDS);
        ArrayData x = v.getArray(3);
        if (v.getByte(0) == SPARSE) {
          dimension = Math.max(dimension, v.getInt(1));
          ArrayData idx = v.getArray(2);
          for (int k = 0, n = idx.numElements(); k < n; k++) {
            double value = x.getDouble(k);
            if (value != 0) {
              cols.add(idx.getInt(k));
              vals.add((float) value);
            }
          }
        } else {
          int n = x.numElements();
          dimension = Math.max(dimension, n);
          for (int j = 0; j < n; j++) {
            double value = x.getDouble(j);
            if (value != 0) {
              cols.add(j);
              vals.add((float) value);
            }
          }
        }
        labels.add((float) r.getDouble(1));
        rowPtr.add(cols.size());
      }
      SparseDataset data = SparseDataset.fromCsr(rowPtr.toIntArray(), cols.toIntArray(), vals.toFloatArray(),
          labels.toFloatArray());
      return new Partition(data, data.rows(), data.rows() + " " + dimension + " " + data.nonZeros());
    }

    @Override
    JobParams plan(JobParams base, List<String> summaries, int threadsPerProcess) {
      long total = 0;
      long largest = 0;
      long nonZeros = 0;
      int dimension = 0;
      for (String s : summaries) {
        String[] f = s.split(" ");
        long rows = Long.parseLong(f[0]);
        total += rows;
        largest = Math.max(largest, rows);
        dimension = Math.max(dimension, Integer.parseInt(f[1]));
        nonZeros += Long.parseLong(f[2]);
      }
      if (total == 0) {
        throw new IllegalArgumentException("the input has no rows to train on");
      }
      return base.with("dimension", Math.max(1, dimension))
          .with("totalRows", total)
          .with("batchesPerEpoch", LogRegJob.batchesPerEpoch(base, largest, threadsPerProcess,
              (double) nonZeros / total, Math.max(1, dimension)));
    }

    @Override
    Serializable readModel(JobResult result, JobParams params, JobShape shape) {
      return LogRegJob.readModel(result, params, shape).weights();
    }
  }
}

package org.petuum4j.spark;

import static org.apache.spark.sql.functions.col;

import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ml.lasso.LassoConfig;
import org.petuum4j.ml.lasso.LassoJob;
import org.petuum4j.ml.lasso.LassoMetrics;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;

/**
 * Lasso regression, {@code min 1/(2n) ||y - X b||^2 + regParam ||b||_1} (no intercept: center the
 * label or add a constant feature), by petuum4j's model-parallel coordinate descent on the STRADS
 * scheduler ({@link LassoJob}, the program of {@code train lasso}: {@code scheduler} picks up to
 * {@code parallelism} coordinates per round, {@code pipelineDepth} rounds ahead) as a Spark ML
 * estimator; the columns of MLlib's {@code LinearRegression} ({@code featuresCol}, {@code
 * labelCol}, {@code predictionCol}). {@code maxIter} counts sweeps: one sweep is {@code ceil(D /
 * parallelism)} rounds, about one update per coordinate. Each round is bulk-synchronous whatever
 * {@code staleness} says (the puller needs every worker's partial sums). The scheduler runs in
 * task 0; the dependency schedule's column correlations are estimated from task 0's partition,
 * the only rows it holds (they steer the speed, not the optimum). Checkpoints are not supported.
 */
public final class PetuumLasso extends PetuumEstimator<PetuumLassoModel, PetuumLasso> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final Param<String> featuresCol = new Param<>(this, "featuresCol", "features column (vectors)");
  private final Param<String> labelCol = new Param<>(this, "labelCol", "label column (numbers)");
  private final Param<String> predictionCol = new Param<>(this, "predictionCol", "prediction column");
  private final DoubleParam regParam = new DoubleParam(this, "regParam", "L1 strength lambda (> 0)");
  private final IntParam parallelism = new IntParam(this, "parallelism", "coordinates updated per round (>= 1)");
  private final Param<String> scheduler = new Param<>(this, "scheduler",
      "which coordinates a round updates: roundrobin, random, priority or dependency");
  private final IntParam pipelineDepth = new IntParam(this, "pipelineDepth",
      "rounds the scheduler runs ahead (0-64)");

  public PetuumLasso() {
    this(Identifiable$.MODULE$.randomUID("petuumLasso"));
  }

  public PetuumLasso(String uid) {
    super(uid);
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(regParam, 0.01);
    setDefault(parallelism, LassoConfig.DEFAULT_PARALLELISM);
    setDefault(scheduler, LassoConfig.Schedule.ROUND_ROBIN.cliName());
    setDefault(pipelineDepth, 1);
  }

  public Param<String> scheduler() {
    return scheduler;
  }

  public IntParam pipelineDepth() {
    return pipelineDepth;
  }

  public String getScheduler() {
    return $(scheduler);
  }

  public int getPipelineDepth() {
    return (Integer) $(pipelineDepth);
  }

  /** roundrobin (the default), random, priority or dependency, as {@code train lasso --scheduler}. */
  public PetuumLasso setScheduler(String value) {
    set(scheduler, LassoConfig.Schedule.parse(value).cliName());
    return this;
  }

  /** Rounds the scheduler runs ahead, 0 to 64 (default 1). */
  public PetuumLasso setPipelineDepth(int value) {
    if (value < 0 || value > 64) {
      throw new IllegalArgumentException("pipelineDepth must be between 0 and 64, was " + value);
    }
    set(pipelineDepth, value);
    return this;
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

  public DoubleParam regParam() {
    return regParam;
  }

  public IntParam parallelism() {
    return parallelism;
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

  public double getRegParam() {
    return (Double) $(regParam);
  }

  public int getParallelism() {
    return (Integer) $(parallelism);
  }

  public PetuumLasso setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  public PetuumLasso setLabelCol(String value) {
    set(labelCol, value);
    return this;
  }

  public PetuumLasso setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  /** The L1 strength lambda, a finite number > 0. */
  public PetuumLasso setRegParam(double value) {
    set(regParam, positive("regParam", value));
    return this;
  }

  public PetuumLasso setParallelism(int value) {
    set(parallelism, atLeast("parallelism", value, 1));
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Columns.requireVector(schema, "featuresCol", getFeaturesCol());
    return Columns.add(schema, "predictionCol", getPredictionCol(), DataTypes.DoubleType);
  }

  @Override
  public PetuumLassoModel fit(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    transformSchema(schema);
    Columns.requireNumeric(schema, "labelCol", getLabelCol());
    Dataset<Row> rows = dataset.select(col(getFeaturesCol()),
        col(getLabelCol()).cast(DataTypes.DoubleType).as(getLabelCol()));
    List<Row> first = rows.limit(1).collectAsList();
    if (first.isEmpty()) {
      throw new IllegalArgumentException("the input has no rows to train on");
    }
    int d = ((Vector) first.get(0).get(0)).size();
    int p = Math.min(getParallelism(), d);
    int sweep = (d + p - 1) / p;
    LassoConfig config = LassoConfig.builder().lambda(getRegParam())
        .schedule(LassoConfig.Schedule.parse(getScheduler())).parallelism(p)
        .rounds((int) Math.min(Integer.MAX_VALUE, (long) getMaxIter() * sweep))
        .pipelineDepth(getPipelineDepth()).seed(getSeed()).build();
    JobParams params = LassoJob.withConfig(JobParams.builder(), config)
        .put("evalEvery", sweep)
        .put("features", d)
        .build();
    FitOutput out = fitInBarrierMode(rows, new LassoTraining(getFeaturesCol(), getLabelCol(), d), params);
    List<Double> objective = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    for (String e : out.events()) {
      LassoMetrics m = LassoJob.metricsOf(e);
      objective.add(m.objective());
      seconds.add(m.seconds());
    }
    PetuumTrainingSummary summary = new PetuumTrainingSummary(
        "Lasso objective 1/(2n) ||y - Xb||^2 + regParam ||b||_1, before the first and after every sweep",
        objective.stream().mapToDouble(Double::doubleValue).toArray(),
        seconds.stream().mapToDouble(Double::doubleValue).toArray(), out.notes());
    PetuumLassoModel model = new PetuumLassoModel(uid(), (double[]) out.model(), summary);
    copyValues(model, extractParamMap());
    return model.setParent(this);
  }

  public static MLReader<PetuumLasso> read() {
    return new DefaultParamsReader<>();
  }

  public static PetuumLasso load(String path) {
    return read().load(path);
  }

  /** The job of a fit: {@link LassoJob} over each partition's rows. */
  static final class LassoTraining extends Training.OfRows {
    private static final long serialVersionUID = 1L;
    private final String featuresCol;
    private final String labelCol;
    private final int features;

    LassoTraining(String featuresCol, String labelCol, int features) {
      this.featuresCol = featuresCol;
      this.labelCol = labelCol;
      this.features = features;
    }

    @Override
    Class<? extends JobFactory> factory() {
      return LassoJob.class;
    }

    @Override
    Partition read(Iterator<Row> rows) {
      IntArrayList rowPtr = new IntArrayList();
      IntArrayList cols = new IntArrayList();
      DoubleArrayList vals = new DoubleArrayList();
      DoubleArrayList targets = new DoubleArrayList();
      rowPtr.add(0);
      while (rows.hasNext()) {
        Row r = rows.next();
        Vector v = r.getAs(0);
        if (v.size() != features) {
          throw new IllegalArgumentException("featuresCol '" + featuresCol + "' holds vectors of sizes " + features
              + " and " + v.size() + "; all must have the same size");
        }
        if (r.isNullAt(1) || !Double.isFinite(r.getDouble(1))) {
          throw new IllegalArgumentException("labelCol '" + labelCol + "' must hold finite numbers; found "
              + (r.isNullAt(1) ? "null" : Double.toString(r.getDouble(1))));
        }
        SparseVector s = v.toSparse();
        int[] idx = s.indices();
        double[] x = s.values();
        for (int k = 0; k < idx.length; k++) {
          if (x[k] != 0) {
            cols.add(idx[k]);
            vals.add(x[k]);
          }
        }
        targets.add(r.getDouble(1));
        rowPtr.add(cols.size());
      }
      RegressionDataset data = RegressionDataset.fromCsr(rowPtr.toIntArray(), cols.toIntArray(),
          vals.toDoubleArray(), targets.toDoubleArray(), features);
      return new Partition(data, data.rows(), Integer.toString(data.rows()));
    }

    @Override
    JobParams plan(JobParams base, List<String> summaries, int threadsPerProcess) {
      long total = 0;
      for (String s : summaries) {
        total += Long.parseLong(s);
      }
      return base.with("totalRows", total);
    }

    @Override
    Serializable readModel(JobResult result, JobParams params, JobShape shape) {
      return LassoJob.readModel(result, features).coefficients();
    }
  }
}

package org.petuum4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * An LDA model fitted by {@link PetuumLDA}: the word-topic counts {@code n_wk} of the final Gibbs
 * state, giving topic {@code k}'s word distribution {@code phi_wk = (n_wk + beta) / (n_k + W
 * beta)}. {@link #transform} adds {@code topicDistributionCol}: each document's topic mixture
 * {@code theta}, inferred with the topics fixed by {@value #INFERENCE_ITERATIONS} EM iterations of
 * {@code theta_k <- (sum_w c_w r_wk + alpha) / (N + K alpha)}, {@code r_wk} proportional to {@code
 * theta_k phi_wk} (deterministic, so a loaded model transforms identically); an empty document
 * gets the uniform mixture. Saves and loads with Spark ML's persistence.
 */
public final class PetuumLDAModel extends Model<PetuumLDAModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  /** EM iterations of the inference of a document's topic mixture. */
  public static final int INFERENCE_ITERATIONS = 50;

  private final String uid;
  private final int k;
  private final int vocabSize;
  private final double alpha;
  private final double beta;
  /** {@code n_wk} at {@code w * k + t}. */
  private final int[] counts;
  private final PetuumTrainingSummary summary;
  private final Param<String> featuresCol;
  private final Param<String> topicDistributionCol;

  PetuumLDAModel(String uid, int k, int vocabSize, double alpha, double beta, int[] counts,
      PetuumTrainingSummary summary) {
    this.uid = uid;
    this.k = k;
    this.vocabSize = vocabSize;
    this.alpha = alpha;
    this.beta = beta;
    this.counts = counts;
    this.summary = summary;
    featuresCol = new Param<>(this, "featuresCol", "term-count vectors column");
    topicDistributionCol = new Param<>(this, "topicDistributionCol", "column of each document's topic mixture");
    setDefault(featuresCol, "features");
    setDefault(topicDistributionCol, "topicDistribution");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public Param<String> topicDistributionCol() {
    return topicDistributionCol;
  }

  public String getFeaturesCol() {
    return $(featuresCol);
  }

  public String getTopicDistributionCol() {
    return $(topicDistributionCol);
  }

  public PetuumLDAModel setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  public PetuumLDAModel setTopicDistributionCol(String value) {
    set(topicDistributionCol, value);
    return this;
  }

  /** Number of topics. */
  public int getK() {
    return k;
  }

  public int vocabSize() {
    return vocabSize;
  }

  /** The document-topic prior alpha. */
  public double docConcentration() {
    return alpha;
  }

  /** The topic-word prior beta. */
  public double topicConcentration() {
    return beta;
  }

  /** {@code n_wk}: tokens of term {@code w} assigned to topic {@code t} in the final state. */
  public int count(int w, int t) {
    return counts[w * k + t];
  }

  /** Topic-word probabilities {@code phi}, {@code vocabSize x k} (column {@code t} is topic {@code t}). */
  public Matrix topicsMatrix() {
    double[] phi = phi();
    double[] colMajor = new double[vocabSize * k];
    for (int w = 0; w < vocabSize; w++) {
      for (int t = 0; t < k; t++) {
        colMajor[t * vocabSize + w] = phi[w * k + t];
      }
    }
    return new DenseMatrix(vocabSize, k, colMajor);
  }

  /** {@code phi_wk} at {@code w * k + t}. */
  private double[] phi() {
    long[] totals = new long[k];
    for (int w = 0; w < vocabSize; w++) {
      for (int t = 0; t < k; t++) {
        totals[t] += counts[w * k + t];
      }
    }
    double[] phi = new double[vocabSize * k];
    for (int w = 0; w < vocabSize; w++) {
      for (int t = 0; t < k; t++) {
        phi[w * k + t] = (counts[w * k + t] + beta) / (totals[t] + vocabSize * beta);
      }
    }
    return phi;
  }

  /**
   * Like MLlib's {@code LDAModel.describeTopics}: columns {@code topic} (int), {@code termIndices}
   * (array of int) and {@code termWeights} (array of double), the {@code maxTermsPerTopic} most
   * probable terms of each topic by decreasing probability.
   */
  public Dataset<Row> describeTopics(int maxTermsPerTopic) {
    double[] phi = phi();
    int n = Math.min(maxTermsPerTopic, vocabSize);
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      int topic = t;
      Integer[] order = new Integer[vocabSize];
      for (int w = 0; w < vocabSize; w++) {
        order[w] = w;
      }
      Arrays.sort(order, (a, b) -> Double.compare(phi[b * k + topic], phi[a * k + topic]));
      List<Integer> idx = new ArrayList<>();
      List<Double> weights = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        idx.add(order[j]);
        weights.add(phi[order[j] * k + topic]);
      }
      rows.add(RowFactory.create(t, idx, weights));
    }
    return SparkSession.active().createDataFrame(rows, new StructType()
        .add("topic", DataTypes.IntegerType, false)
        .add("termIndices", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
        .add("termWeights", DataTypes.createArrayType(DataTypes.DoubleType, false), false));
  }

  public Dataset<Row> describeTopics() {
    return describeTopics(10);
  }

  public boolean hasSummary() {
    return summary != null;
  }

  /**
   * The fit's summary: the log-likelihood of the corpus with its topic assignments after every
   * evaluated sweep.
   *
   * @throws IllegalStateException for a loaded model
   */
  public PetuumTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("this model has no training summary: it was loaded, not fitted");
    }
    return summary;
  }

  /** A document's topic mixture; see the class comment. */
  public Vector topicDistribution(Vector termCounts) {
    return Vectors.dense(infer(phi(), k, alpha, termCounts));
  }

  private static double[] infer(double[] phi, int k, double alpha, Vector doc) {
    double[] theta = new double[k];
    Arrays.fill(theta, 1.0 / k);
    SparseVector s = doc.toSparse();
    int[] idx = s.indices();
    double[] c = s.values();
    int w = phi.length / k;
    double total = 0;
    for (int j = 0; j < idx.length; j++) {
      if (idx[j] < w) {
        total += c[j];
      }
    }
    if (total == 0) {
      return theta;
    }
    double[] n = new double[k];
    for (int it = 0; it < INFERENCE_ITERATIONS; it++) {
      Arrays.fill(n, 0);
      for (int j = 0; j < idx.length; j++) {
        if (idx[j] >= w || c[j] == 0) {
          continue;
        }
        int off = idx[j] * k;
        double z = 0;
        for (int t = 0; t < k; t++) {
          z += theta[t] * phi[off + t];
        }
        for (int t = 0; t < k; t++) {
          n[t] += c[j] * theta[t] * phi[off + t] / z;
        }
      }
      for (int t = 0; t < k; t++) {
        theta[t] = (n[t] + alpha) / (total + k * alpha);
      }
    }
    return theta;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Columns.requireVector(schema, "featuresCol", getFeaturesCol());
    return Columns.add(schema, "topicDistributionCol", getTopicDistributionCol(), SQLDataTypes.VectorType());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    double[] phi = phi();
    int topics = k;
    double a = alpha;
    return dataset.toDF().withColumn(getTopicDistributionCol(),
        udf((UDF1<Vector, Vector>) v -> Vectors.dense(infer(phi, topics, a, v)), SQLDataTypes.VectorType())
            .apply(col(getFeaturesCol())));
  }

  @Override
  public PetuumLDAModel copy(ParamMap extra) {
    PetuumLDAModel m = new PetuumLDAModel(uid, k, vocabSize, alpha, beta, counts, summary);
    copyValues(m, extra);
    return m.setParent(parent());
  }

  @Override
  public MLWriter write() {
    PetuumLDAModel self = this;
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        StructType schema = new StructType()
            .add("k", DataTypes.IntegerType, false)
            .add("vocabSize", DataTypes.IntegerType, false)
            .add("alpha", DataTypes.DoubleType, false)
            .add("beta", DataTypes.DoubleType, false)
            .add("counts", DataTypes.createArrayType(DataTypes.IntegerType, false), false);
        ModelIo.save(self, path, sparkSession(), schema,
            List.of(RowFactory.create(k, vocabSize, alpha, beta, Arrays.stream(counts).boxed().toList())));
      }
    };
  }

  public static MLReader<PetuumLDAModel> read() {
    return new MLReader<>() {
      @Override
      public PetuumLDAModel load(String path) {
        DefaultParamsReader.Metadata meta = ModelIo.metadata(path, sparkSession(), PetuumLDAModel.class);
        Row d = ModelIo.data(path, sparkSession()).get(0);
        List<Integer> c = d.getList(4);
        PetuumLDAModel m = new PetuumLDAModel(meta.uid(), d.getInt(0), d.getInt(1), d.getDouble(2), d.getDouble(3),
            c.stream().mapToInt(Integer::intValue).toArray(), null);
        return ModelIo.withParams(m, meta);
      }
    };
  }

  public static PetuumLDAModel load(String path) {
    return read().load(path);
  }
}

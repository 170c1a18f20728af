package org.petuum4j.spark;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
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
import org.apache.spark.sql.types.StructType;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ml.lda.LdaConfig;
import org.petuum4j.ml.lda.LdaIteration;
import org.petuum4j.ml.lda.LdaJob;
import org.petuum4j.ml.lda.LdaModel;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;

/**
 * LDA topic modelling by petuum4j's collapsed Gibbs sampling on the parameter server ({@link
 * LdaJob}, SparseLDA sampling, data-parallel under SSP), as a Spark ML estimator. Like MLlib's
 * {@code LDA} it takes a column of term-count vectors ({@code featuresCol}, e.g. from {@code
 * CountVectorizer}; every vector of the vocabulary's size, counts non-negative integers), {@code
 * k} topics, {@code maxIter} sweeps, {@code docConcentration} (the symmetric document-topic prior
 * alpha) and {@code topicConcentration} (the topic-word prior beta), and its model adds a {@code
 * topicDistributionCol} in {@link PetuumLDAModel#transform}. The model-parallel rotation of
 * vocabulary blocks is not available on Spark: it schedules blocks by the whole corpus's word
 * frequencies, which no task holds.
 */
public final class PetuumLDA extends PetuumEstimator<PetuumLDAModel, PetuumLDA> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final Param<String> featuresCol = new Param<>(this, "featuresCol", "term-count vectors column");
  private final Param<String> topicDistributionCol = new Param<>(this, "topicDistributionCol",
      "column of each document's topic mixture, added by the model's transform");
  private final IntParam k = new IntParam(this, "k", "number of topics (1-" + LdaConfig.MAX_TOPICS + ")");
  private final DoubleParam docConcentration = new DoubleParam(this, "docConcentration",
      "symmetric Dirichlet prior alpha on each document's topic mixture (> 0)");
  private final DoubleParam topicConcentration = new DoubleParam(this, "topicConcentration",
      "symmetric Dirichlet prior beta on each topic's word distribution (> 0)");

  public PetuumLDA() {
    this(Identifiable$.MODULE$.randomUID("petuumLDA"));
  }

  public PetuumLDA(String uid) {
    super(uid);
    setDefault(featuresCol, "features");
    setDefault(topicDistributionCol, "topicDistribution");
    setDefault(k, 10);
    setDefault(docConcentration, 0.1);
    setDefault(topicConcentration, 0.01);
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public Param<String> topicDistributionCol() {
    return topicDistributionCol;
  }

  public IntParam k() {
    return k;
  }

  public DoubleParam docConcentration() {
    return docConcentration;
  }

  public DoubleParam topicConcentration() {
    return topicConcentration;
  }

  public String getFeaturesCol() {
    return $(featuresCol);
  }

  public String getTopicDistributionCol() {
    return $(topicDistributionCol);
  }

  public int getK() {
    return (Integer) $(k);
  }

  public double getDocConcentration() {
    return (Double) $(docConcentration);
  }

  public double getTopicConcentration() {
    return (Double) $(topicConcentration);
  }

  public PetuumLDA setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  public PetuumLDA setTopicDistributionCol(String value) {
    set(topicDistributionCol, value);
    return this;
  }

  public PetuumLDA setK(int value) {
    if (value < 1 || value > LdaConfig.MAX_TOPICS) {
      throw new IllegalArgumentException("k must be in 1-" + LdaConfig.MAX_TOPICS + ", was " + value);
    }
    set(k, value);
    return this;
  }

  public PetuumLDA setDocConcentration(double value) {
    set(docConcentration, positive("docConcentration", value));
    return this;
  }

  public PetuumLDA setTopicConcentration(double value) {
    set(topicConcentration, positive("topicConcentration", value));
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Columns.requireVector(schema, "featuresCol", getFeaturesCol());
    return Columns.add(schema, "topicDistributionCol", getTopicDistributionCol(), SQLDataTypes.VectorType());
  }

  @Override
  public PetuumLDAModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Dataset<Row> rows = dataset.select(col(getFeaturesCol()));
    List<Row> first = rows.limit(1).collectAsList();
    if (first.isEmpty()) {
      throw new IllegalArgumentException("the input has no documents to train on");
    }
    int vocabSize = ((Vector) first.get(0).get(0)).size();
    JobParams params = JobParams.builder()
        .put("topics", getK())
        .put("alpha", getDocConcentration())
        .put("beta", getTopicConcentration())
        .put("iterations", getMaxIter())
        .put("algorithm", "data")
        .put("staleness", stalenessParam())
        .put("seed", getSeed())
        .put("words", vocabSize)
        .build();
    FitOutput out = fitInBarrierMode(rows, new LdaTraining(getFeaturesCol(), vocabSize), params);
    List<Double> ll = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    for (String e : out.events()) {
      LdaIteration it = LdaJob.iterationOf(e);
      ll.add(it.logLikelihood());
      seconds.add(it.seconds());
    }
    PetuumTrainingSummary summary = new PetuumTrainingSummary("log-likelihood of the corpus and its topic assignments",
        ll.stream().mapToDouble(Double::doubleValue).toArray(),
        seconds.stream().mapToDouble(Double::doubleValue).toArray(), out.notes());
    PetuumLDAModel model = new PetuumLDAModel(uid(), getK(), vocabSize, getDocConcentration(),
        getTopicConcentration(), (int[]) out.model(), summary);
    copyValues(model, extractParamMap());
    return model.setParent(this);
  }

  public static MLReader<PetuumLDA> read() {
    return new DefaultParamsReader<>();
  }

  public static PetuumLDA load(String path) {
    return read().load(path);
  }

  /** The job of a fit: {@link LdaJob} over each partition's documents. */
  static final class LdaTraining extends Training.OfRows {
    private static final long serialVersionUID = 1L;
    private final String column;
    private final int vocabSize;

    LdaTraining(String column, int vocabSize) {
      this.column = column;
      this.vocabSize = vocabSize;
    }

    @Override
    Class<? extends JobFactory> factory() {
      return LdaJob.class;
    }

    @Override
    Partition read(Iterator<Row> rows) {
      Corpus.Builder b = new Corpus.Builder();
      while (rows.hasNext()) {
        Vector v = rows.next().getAs(0);
        if (v.size() != vocabSize) {
          throw new IllegalArgumentException("featuresCol '" + column + "' holds vectors of sizes " + vocabSize
              + " and " + v.size() + "; every document's vector must have the vocabulary's size");
        }
        SparseVector s = v.toSparse();
        int[] idx = s.indices();
        double[] x = s.values();
        for (int j = 0; j < idx.length; j++) {
          if (x[j] < 0 || x[j] != Math.rint(x[j]) || x[j] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("featuresCol '" + column + "' must hold term counts (non-negative "
                + "integers); found " + x[j] + " for term " + idx[j]);
          }
          b.add(idx[j], (int) x[j]);
        }
        b.endDoc();
      }
      Corpus corpus = b.build(vocabSize, null);
      return new Partition(corpus, corpus.numDocs(), corpus.numDocs() + " " + corpus.numTokens());
    }

    @Override
    JobParams plan(JobParams base, List<String> summaries, int threadsPerProcess) {
      long tokens = 0;
      for (String s : summaries) {
        tokens += Long.parseLong(s.split(" ")[1]);
      }
      if (tokens == 0) {
        throw new IllegalArgumentException("featuresCol '" + column + "' has no terms in any document");
      }
      return base;
    }

    @Override
    Serializable readModel(JobResult result, JobParams params, JobShape shape) {
      LdaModel m = LdaJob.readModel(result, params);
      int topics = m.numTopics();
      int[] counts = new int[m.numWords() * topics];
      for (int w = 0; w < m.numWords(); w++) {
        for (int t = 0; t < topics; t++) {
          counts[w * topics + t] = m.count(w, t);
        }
      }
      return counts;
    }
  }
}

package org.petuum4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ml.data.CorpusReader;
import org.petuum4j.ml.gen.LdaDataGenerator;
import org.petuum4j.ml.lda.LdaConfig;
import org.petuum4j.ml.lda.LdaIteration;
import org.petuum4j.ml.lda.LdaJob;
import org.petuum4j.ml.lda.LdaModel;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.EmbeddedDeployment;

class PetuumLDATest {
  private static final int K = 6;
  private static final int WORDS = 240;
  private static final int SWEEPS = 60;

  @TempDir
  static Path dir;
  static SparkSession spark;
  static LdaDataGenerator generator;
  static Corpus corpus;
  static Dataset<Row> docs;
  static PipelineModel fitted;

  @BeforeAll
  static void setUp() throws Exception {
    generator = LdaDataGenerator.builder().docs(500).words(WORDS).topics(K).docLength(80).docAlpha(0.1).seed(7)
        .build();
    generator.write(dir.resolve("docword.txt"), dir.resolve("vocab.txt"));
    corpus = CorpusReader.readUci(dir.resolve("docword.txt"), dir.resolve("vocab.txt"));
    spark = SparkTests.session(PetuumLDATest.class);
    docs = frame(corpus).cache();
    fitted = new Pipeline().setStages(new PipelineStage[] {estimator()}).fit(docs);
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Columns {@code id} and {@code features}: each document's term counts, as CountVectorizer makes them. */
  static Dataset<Row> frame(Corpus c) {
    List<Row> rows = new ArrayList<>();
    for (int d = 0; d < c.numDocs(); d++) {
      TreeMap<Integer, Double> counts = new TreeMap<>();
      for (int i = c.docStart(d); i < c.docEnd(d); i++) {
        counts.merge(c.word(i), 1.0, Double::sum);
      }
      int[] idx = counts.keySet().stream().mapToInt(Integer::intValue).toArray();
      double[] val = counts.values().stream().mapToDouble(Double::doubleValue).toArray();
      rows.add(RowFactory.create(d, Vectors.sparse(c.numWords(), idx, val)));
    }
    return spark.createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType, false)
        .add("features", SQLDataTypes.VectorType(), false));
  }

  /**
   * One worker thread in one task, so that the fit is a function of the seed and can be compared
   * with golden values and with the stand-alone app (with two, which reads see which of the other
   * worker's updates depends on timing). Seed 1 recovers the planted topics; like any Gibbs sampler,
   * some seeds settle where two planted topics share one learned topic (with one worker on this
   * corpus, 3 seeds in 12).
   */
  private static PetuumLDA estimator() {
    return new PetuumLDA().setK(K).setMaxIter(SWEEPS).setNumWorkers(1).setNumShards(1).setStaleness(0).setSeed(1);
  }

  /**
   * Greedy matching of learned to planted topics by total-variation distance; the distances of the
   * matched pairs, in the order matched (smallest first).
   */
  static double[] matchedDistances(Matrix phi, double[][] planted) {
    double[][] tv = new double[K][K];
    for (int a = 0; a < K; a++) {
      for (int b = 0; b < K; b++) {
        double s = 0;
        for (int w = 0; w < WORDS; w++) {
          s += Math.abs(phi.apply(w, a) - planted[b][w]);
        }
        tv[a][b] = s / 2;
      }
    }
    boolean[] usedA = new boolean[K];
    boolean[] usedB = new boolean[K];
    double[] out = new double[K];
    for (int round = 0; round < K; round++) {
      int ba = -1;
      int bb = -1;
      for (int a = 0; a < K; a++) {
        for (int b = 0; b < K; b++) {
          if (!usedA[a] && !usedB[b] && (ba < 0 || tv[a][b] < tv[ba][bb])) {
            ba = a;
            bb = b;
          }
        }
      }
      usedA[ba] = true;
      usedB[bb] = true;
      out[round] = tv[ba][bb];
    }
    return out;
  }

  private static PetuumLDAModel model() {
    return (PetuumLDAModel) fitted.stages()[0];
  }

  @Test
  void fitInAPipeline_recoversThePlantedTopics() {
    PetuumLDAModel model = model();
    assertThat(model.vocabSize()).isEqualTo(WORDS);
    long tokens = 0;
    for (int w = 0; w < WORDS; w++) {
      for (int t = 0; t < K; t++) {
        tokens += model.count(w, t);
      }
    }
    assertThat(tokens).isEqualTo(corpus.numTokens());
    double[] distances = matchedDistances(model.topicsMatrix(), generator.plantedTopics());
    assertThat(distances[K - 1]).as("the worst matched pair").isLessThan(0.1);
    double[] ll = model.summary().objectiveHistory();
    assertThat(ll).hasSize(SWEEPS + 1);
    assertThat(ll[SWEEPS]).isGreaterThan(ll[0]);
    List<Row> topics = model.describeTopics(5).collectAsList();
    assertThat(topics).hasSize(K);
    List<Double> weights = topics.get(0).getList(2);
    assertThat(weights).hasSize(5).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void transform_addsTopicMixturesThatMatchTheDocuments() {
    List<Row> out = fitted.transform(docs).select("id", "topicDistribution").limit(50).collectAsList();
    for (Row r : out) {
      Vector theta = r.getAs(1);
      assertThat(theta.size()).isEqualTo(K);
      double sum = 0;
      for (int t = 0; t < K; t++) {
        assertThat(theta.apply(t)).isBetween(0.0, 1.0);
        sum += theta.apply(t);
      }
      assertThat(sum).isCloseTo(1.0, within(1e-9));
      // docAlpha 0.1 documents are dominated by one or two topics (a uniform mixture would give
      // the top two 2/K); the fit is deterministic, and this holds for every one of its documents.
      double[] sorted = theta.toArray().clone();
      java.util.Arrays.sort(sorted);
      assertThat(sorted[K - 1] + sorted[K - 2]).isGreaterThan(0.5);
    }
  }

  @Test
  void fitEqualsTheStandaloneAppOnTheSameCorpus() throws Exception {
    // The same seed, one worker and the same document order: the same sample, count for count.
    LdaConfig config = LdaConfig.defaults(K).withIterations(SWEEPS).withEvalEvery(1).withSeed(1)
        .withConsistency(Consistency.bsp());
    List<LdaIteration> its = new ArrayList<>();
    LdaModel standalone = LdaJob.train(new EmbeddedDeployment(1, 1), LdaJob.params("uci", dir.resolve("docword.txt"),
        dir.resolve("vocab.txt"), config), corpus, its::add);
    PetuumLDAModel model = model();
    for (int w = 0; w < WORDS; w++) {
      for (int t = 0; t < K; t++) {
        assertThat(model.count(w, t)).as("count of word %d in topic %d", w, t).isEqualTo(standalone.count(w, t));
      }
    }
    double[] ll = model.summary().objectiveHistory();
    assertThat(ll).containsExactly(its.stream().mapToDouble(LdaIteration::logLikelihood).toArray());
  }

  /**
   * Two tasks under SSP(2): the fit depends on timing, but whatever the interleaving every token
   * is counted once, in the word it is, which a lost or doubled update or a dropped document
   * would break.
   */
  @Test
  void twoTasksUnderSsp_countEveryTokenOnce() {
    PetuumLDAModel model = estimator().setNumWorkers(2).setNumShards(2).setStaleness(2).setMaxIter(10).fit(docs);
    long[] frequency = corpus.wordFrequencies();
    for (int w = 0; w < WORDS; w++) {
      long n = 0;
      for (int t = 0; t < K; t++) {
        n += model.count(w, t);
      }
      assertThat(n).as("tokens of word %d", w).isEqualTo(frequency[w]);
    }
    assertThat(model.summary().objectiveHistory()).hasSize(11);
  }

  @Test
  void savedModelLoadsAndTransformsIdentically() throws Exception {
    String path = dir.resolve("lda-model").toString();
    model().write().overwrite().save(path);
    PetuumLDAModel loaded = PetuumLDAModel.load(path);
    assertThat(loaded.topicsMatrix()).isEqualTo(model().topicsMatrix());
    assertThat(loaded.transform(docs).select("topicDistribution").collectAsList())
        .isEqualTo(model().transform(docs).select("topicDistribution").collectAsList());
  }

  @Test
  void badInput_isNamed() {
    Dataset<Row> fractional = spark.createDataFrame(List.of(RowFactory.create(0, Vectors.dense(1.5, 2))),
        docs.schema());
    // Rejected by the barrier task that read it, reported as the fit's own error without a retry.
    assertThatThrownBy(() -> estimator().setNumShards(1).fit(fractional)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("featuresCol 'features' must hold term counts (non-negative integers); found 1.5 for term 0");
    assertThatThrownBy(() -> estimator().setFeaturesCol("id").fit(docs)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("featuresCol 'id' must be a column of vectors");
    assertThatThrownBy(() -> estimator().setK(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be in 1-65536, was 0");
  }
}

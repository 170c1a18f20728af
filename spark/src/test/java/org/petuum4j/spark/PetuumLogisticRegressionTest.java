package org.petuum4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.gen.LogRegDataGenerator;
import org.petuum4j.ml.logreg.LogRegConfig;
import org.petuum4j.ml.logreg.LogRegJob;
import org.petuum4j.ml.logreg.LogRegModel;
import org.petuum4j.ml.logreg.TrainingListener;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.EmbeddedDeployment;

class PetuumLogisticRegressionTest {
  private static final int FEATURES = 1_000;
  private static final int EPOCHS = 4;

  @TempDir
  static Path dir;
  static SparkSession spark;
  static SparseDataset trainSet;
  static SparseDataset testSet;
  static Dataset<Row> train;
  static Dataset<Row> test;
  static PipelineModel fitted;

  @BeforeAll
  static void setUp() throws Exception {
    LogRegDataGenerator.builder().trainRows(10_000).testRows(3_000).features(FEATURES).nonZerosPerRow(30).seed(7)
        .build().write(dir.resolve("train.libsvm"), dir.resolve("test.libsvm"));
    trainSet = LibSvmReader.oneBased().read(dir.resolve("train.libsvm"));
    testSet = LibSvmReader.oneBased().read(dir.resolve("test.libsvm"));
    spark = SparkTests.session(PetuumLogisticRegressionTest.class);
    train = SparkTests.frame(spark, trainSet, FEATURES).cache();
    test = SparkTests.frame(spark, testSet, FEATURES).cache();
    PetuumLogisticRegression lr = estimator();
    fitted = new Pipeline().setStages(new PipelineStage[] {lr}).fit(train);
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static PetuumLogisticRegression estimator() {
    return new PetuumLogisticRegression().setMaxIter(EPOCHS).setRegParam(1e-4).setNumWorkers(2).setNumShards(2)
        .setStaleness(2).setSeed(3);
  }

  private static double error(Dataset<Row> predictions) {
    return predictions.filter(functions.col("prediction").notEqual(functions.col("label"))).count()
        / (double) predictions.count();
  }

  @Test
  void fitInAPipeline_transformAddsMllibColumnsWithSaneValues() {
    Dataset<Row> out = fitted.transform(test);
    assertThat(out.columns()).contains("label", "features", "rawPrediction", "probability", "prediction");
    for (Row r : out.limit(200).collectAsList()) {
      Vector p = r.getAs("probability");
      Vector raw = r.getAs("rawPrediction");
      double prediction = r.getAs("prediction");
      assertThat(p.apply(0) + p.apply(1)).isCloseTo(1.0, within(1e-9));
      assertThat(raw.apply(0)).isCloseTo(-raw.apply(1), within(1e-12));
      assertThat(prediction).isEqualTo(p.apply(1) > 0.5 ? 1.0 : 0.0);
    }
    PetuumLogisticRegressionModel model = (PetuumLogisticRegressionModel) fitted.stages()[0];
    assertThat(model.numFeatures()).isEqualTo(FEATURES);
    double[] history = model.summary().objectiveHistory();
    assertThat(history).hasSize(EPOCHS);
    assertThat(history[EPOCHS - 1]).isLessThan(history[0]).isLessThan(Math.log(2));
  }

  @Test
  void testErrorMatchesTheStandaloneAppOnTheSameData() throws Exception {
    double sparkError = error(fitted.transform(test));
    LogRegConfig config = LogRegConfig.builder().workers(2).shards(2).consistency(Consistency.ssp(2)).epochs(EPOCHS)
        .l2(1e-4).seed(3).build();
    LogRegModel standalone = LogRegJob.train(new EmbeddedDeployment(2, 2),
        LogRegJob.params(dir.resolve("train.libsvm"), dir.resolve("test.libsvm"), false, config),
        new TrainingListener() {});
    double standaloneError = standalone.evaluate(testSet).error();
    assertThat(sparkError).isCloseTo(standaloneError, within(0.01));
    assertThat(sparkError).isLessThan(0.3);
  }

  @Test
  void severalBatchesPerClock_reachTheStandaloneAppsError() throws Exception {
    PetuumLogisticRegressionModel model = estimator().setUpdate("batch").setBatchesPerClock(10).fit(train);
    double sparkError = error(model.transform(test));
    LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.BATCH).workers(2).shards(2)
        .consistency(Consistency.ssp(2)).epochs(EPOCHS).batchesPerClock(10).l2(1e-4).seed(3).build();
    LogRegModel standalone = LogRegJob.train(new EmbeddedDeployment(2, 2),
        LogRegJob.params(dir.resolve("train.libsvm"), dir.resolve("test.libsvm"), false, config),
        new TrainingListener() {});
    assertThat(sparkError).isCloseTo(standalone.evaluate(testSet).error(), within(0.01));
    assertThat(sparkError).isLessThan(0.3);
  }

  @Test
  void savedModelLoadsAndTransformsIdentically() throws Exception {
    PetuumLogisticRegressionModel model = (PetuumLogisticRegressionModel) fitted.stages()[0];
    String path = dir.resolve("model").toString();
    model.write().overwrite().save(path);
    PetuumLogisticRegressionModel loaded = PetuumLogisticRegressionModel.load(path);
    assertThat(loaded.uid()).isEqualTo(model.uid());
    assertThat(loaded.coefficients()).isEqualTo(model.coefficients());
    assertThat(loaded.hasSummary()).isFalse();
    List<Row> a = model.transform(test).select("probability", "prediction").collectAsList();
    List<Row> b = loaded.transform(test).select("probability", "prediction").collectAsList();
    assertThat(b).isEqualTo(a);

    String pipelinePath = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(pipelinePath);
    PipelineModel reloaded = PipelineModel.load(pipelinePath);
    assertThat(reloaded.transform(test).select("probability", "prediction").collectAsList()).isEqualTo(a);
  }

  /** The README's example: MLlib's text pipeline with its LogisticRegression swapped for petuum4j's. */
  @Test
  void readmeExample_swapsOneStageOfAnMllibTextPipeline() {
    java.util.Random rnd = new java.util.Random(1);
    String[] spam = {"win", "cash", "prize", "free", "offer", "click", "money", "now"};
    String[] ham = {"meeting", "project", "lunch", "report", "team", "schedule", "notes", "review"};
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      boolean isSpam = rnd.nextBoolean();
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 8; w++) {
        String[] from = rnd.nextDouble() < 0.75 == isSpam ? spam : ham;
        text.append(from[rnd.nextInt(from.length)]).append(' ');
      }
      rows.add(org.apache.spark.sql.RowFactory.create(text.toString(), isSpam ? 1.0 : 0.0));
    }
    Dataset<Row> docs = spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
        .add("text", org.apache.spark.sql.types.DataTypes.StringType)
        .add("label", org.apache.spark.sql.types.DataTypes.DoubleType));
    Dataset<Row>[] split = docs.randomSplit(new double[] {0.8, 0.2}, 7);

    org.apache.spark.ml.feature.Tokenizer tokenizer =
        new org.apache.spark.ml.feature.Tokenizer().setInputCol("text").setOutputCol("words");
    org.apache.spark.ml.feature.HashingTF hashingTF = new org.apache.spark.ml.feature.HashingTF()
        .setNumFeatures(1000).setInputCol("words").setOutputCol("features");
    org.apache.spark.ml.classification.LogisticRegression mllib =
        new org.apache.spark.ml.classification.LogisticRegression().setMaxIter(10).setRegParam(0.001);
    PetuumLogisticRegression petuum = new PetuumLogisticRegression().setMaxIter(10).setRegParam(0.001);

    double mllibError = error(new Pipeline().setStages(new PipelineStage[] {tokenizer, hashingTF, mllib})
        .fit(split[0]).transform(split[1]));
    double petuumError = error(new Pipeline().setStages(new PipelineStage[] {tokenizer, hashingTF, petuum})
        .fit(split[0]).transform(split[1]));
    assertThat(petuumError).isLessThan(0.15).isCloseTo(mllibError, within(0.03));
  }

  @Test
  void labelsOtherThanZeroAndOne_areNamedByValue() {
    Dataset<Row> bad = train.limit(100).withColumn("label",
        functions.when(functions.col("label").equalTo(1.0), 2.0).otherwise(0.0));
    assertThatThrownBy(() -> estimator().fit(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labelCol 'label' must hold 0 or 1").hasMessageContaining("found 2.0");
  }

  @Test
  void badLabelsInInputUsedAsItIs_failTheFitBeforeTrainingNamingTheValue() {
    // Two partitions, as the barrier tasks need: the tasks check the labels as they read them.
    Dataset<Row> three = train.withColumn("label",
        functions.when(functions.col("label").equalTo(1.0), 3.0).otherwise(0.0));
    assertThat(three.javaRDD().getNumPartitions()).isEqualTo(2);
    assertThatThrownBy(() -> estimator().fit(three))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labelCol 'label' must hold 0 or 1 for binary logistic regression; found 3.0");
    Dataset<Row> nulls = train.withColumn("y",
        functions.when(functions.col("label").equalTo(1.0), functions.lit(null)).otherwise(0.0));
    assertThatThrownBy(() -> estimator().setLabelCol("y").fit(nulls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labelCol 'y' must hold 0 or 1 for binary logistic regression; found null");
  }

  @Test
  void unbalancedPartitions_areRepartitionedFirst_andTheFitSaysSo() {
    // Partition 1 keeps a tenth of its rows: far from an even split of the training rows.
    JavaRDD<Row> skewed = train.javaRDD().mapPartitionsWithIndex((p, it) -> {
      List<Row> kept = new java.util.ArrayList<>();
      for (int i = 0; it.hasNext(); i++) {
        Row r = it.next();
        if (p == 0 || i % 10 == 0) {
          kept.add(r);
        }
      }
      return kept.iterator();
    }, true);
    Dataset<Row> frame = spark.createDataFrame(skewed, train.schema());
    PetuumLogisticRegressionModel model = estimator().fit(frame);
    assertThat(model.summary().notes()).anyMatch(n -> n.startsWith("the input's 2 partitions were unbalanced"));
    assertThat(error(model.transform(test))).isLessThan(0.3);
    PetuumLogisticRegressionModel balanced = (PetuumLogisticRegressionModel) fitted.stages()[0];
    assertThat(balanced.summary().notes()).noneMatch(n -> n.contains("unbalanced"));
  }

  @Test
  void denseAndSparseVectorsOfTheSameRows_trainTheSameModel() {
    org.apache.spark.sql.expressions.UserDefinedFunction dense = functions.udf(
        (Vector v) -> v.toDense(), org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
    Dataset<Row> rows = train.limit(2_000).repartition(1).cache();
    PetuumLogisticRegression one = estimator().setNumWorkers(1).setNumShards(1).setStaleness(0).setMaxIter(2);
    PetuumLogisticRegressionModel fromSparse = one.fit(rows);
    PetuumLogisticRegressionModel fromDense = one.fit(rows.withColumn("features", dense.apply(functions.col("features"))));
    assertThat(fromDense.coefficients().toArray()).containsExactly(fromSparse.coefficients().toArray());
    assertThat(fromSparse.coefficients().numNonzeros()).isGreaterThan(100);
  }

  @Test
  void badParams_giveErrorsNamingTheParam() {
    assertThatThrownBy(() -> estimator().setNumShards(3).fit(train))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numShards 3 exceeds the 2 barrier tasks");
    assertThatThrownBy(() -> estimator().setFeaturesCol("nope").fit(train))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("featuresCol 'nope' is not a column of the input; it has [label, features]");
    assertThatThrownBy(() -> estimator().setFeaturesCol("label").fit(train))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("featuresCol 'label' must be a column of vectors");
    assertThatThrownBy(() -> estimator().setNumShards(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("numShards must be >= 1, was 0");
    assertThatThrownBy(() -> estimator().setBatchesPerClock(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("batchesPerClock must be >= 1, was 0");
    assertThatThrownBy(() -> estimator().setLearningRate(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("learningRate must be a finite number > 0, was -1.0");
    assertThatThrownBy(() -> estimator().setUpdate("minibatch"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("update mode must be example or batch, was 'minibatch'");
    assertThatThrownBy(() -> estimator().setClocksPerEpoch(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("clocksPerEpoch must be >= 0, was -1");
    assertThat(estimator().getLearningRate()).isEqualTo(LogRegConfig.DEFAULT_EXAMPLE_LEARNING_RATE);
    assertThat(estimator().setUpdate("BATCH").getLearningRate()).isEqualTo(LogRegConfig.DEFAULT_LEARNING_RATE);
    assertThatThrownBy(() -> estimator().setCheckpointDir(dir.toString()).fit(train))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set checkpointEvery >= 1");
  }
}

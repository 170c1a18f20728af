package org.petuum4j.ml.dml;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.data.LibSvmRegressionReader;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ml.logreg.LogRegTrainer;
import org.petuum4j.ml.logreg.TrainingDivergedException;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/**
 * Distance metric learning (Xing, Ng, Jordan and Russell, "Distance Metric Learning, with
 * Application to Clustering with Side-Information", NIPS 2002; the data-parallel example of the
 * Petuum paper, Xing et al., KDD 2015) as a {@link JobFactory}: learns a linear map L so that
 * {@code ||L(x - y)||^2} is small for similar pairs and at least a margin for dissimilar ones, by
 * mini-batch SGD on the mean of {@code ||L(x - y)||^2} over similar pairs plus {@code lambda *
 * max(0, margin - ||L(x - y)||^2)} over dissimilar ones, with L in a parameter-server table (see
 * {@link DmlWorker}). A pair is then classified similar iff its distance is at most a threshold
 * chosen on the training pairs; the metric is that classification's accuracy on held-out pairs.
 *
 * <p>Parameters: {@code train}, {@code test} (LibSVM paths; labels are class ids, any numbers),
 * {@code zeroBased}; {@code pairs}, {@code testPairs} (pairs files, see {@link Pairs}) or, where
 * absent, {@code numPairs}, {@code numTestPairs} pairs drawn from the class labels with {@code
 * pairSeed}; {@code dimension} (absent: the larger feature count of the two files); and the {@link
 * DmlConfig} fields {@code rank}, {@code staleness}, {@code epochs}, {@code batchSize}, {@code
 * learningRate}, {@code decay}, {@code margin}, {@code dissimilarWeight}, {@code seed}.
 */
public final class DmlJob implements JobFactory {
  private static final String EPOCH = "epoch";

  public DmlJob() {}

  /** The data of a job: features and pairs, for training and held out. */
  public record Data(DenseDataset train, Pairs trainPairs, DenseDataset test, Pairs testPairs) {}

  /**
   * The parameters of a job; {@code pairs} or {@code testPairs} may be null to draw {@code
   * numPairs} or {@code numTestPairs} pairs from the labels with {@code pairSeed}.
   */
  public static JobParams params(Path train, Path test, Path pairs, Path testPairs, int numPairs, int numTestPairs,
      long pairSeed, boolean zeroBased, DmlConfig config) {
    Consistency c = config.consistency();
    return JobParams.builder()
        .put("train", train.toAbsolutePath())
        .put("test", test.toAbsolutePath())
        .put("pairs", pairs == null ? null : pairs.toAbsolutePath())
        .put("testPairs", testPairs == null ? null : testPairs.toAbsolutePath())
        .put("numPairs", numPairs)
        .put("numTestPairs", numTestPairs)
        .put("pairSeed", pairSeed)
        .put("zeroBased", zeroBased)
        .put("rank", config.rank())
        .put("staleness", c.isBounded() ? Integer.toString(c.staleness()) : "inf")
        .put("epochs", config.epochs())
        .put("batchSize", config.batchSize())
        .put("learningRate", config.learningRate())
        .put("decay", config.decay())
        .put("margin", config.margin())
        .put("dissimilarWeight", config.dissimilarWeight())
        .put("seed", config.seed())
        .build();
  }

  /**
   * Trains on {@code deployment}, calling {@code listener} as epochs finish; returns L with the
   * threshold chosen on the training pairs.
   *
   * @throws TrainingDivergedException if L stopped being finite
   */
  public static DmlModel train(Deployment deployment, JobParams params, DmlListener listener) throws Exception {
    Data data = load(params);
    int d = data.train().dimension();
    int rank = rank(params, d);
    try (JobResult result = deployment.run(DmlJob.class, params.with("dimension", d),
        event -> listener.onEpoch(decode(event)))) {
      double[][] l = new double[rank][d];
      for (int r = 0; r < rank; r++) {
        result.read(DmlWorker.L, r).copyTo(l[r]);
      }
      return new DmlModel(l, 0).calibrate(data.train(), data.trainPairs());
    } catch (PsException e) {
      throw LogRegTrainer.unwrapDivergence(e);
    }
  }

  @Override
  public List<TableSpec> tables(JobParams params, JobShape shape) throws IOException {
    int d = params.has("dimension") ? params.integer("dimension") : load(params).train().dimension();
    return List.of(TableSpec.builder(DmlWorker.L)
        .dense(ValueType.DOUBLE).rows(rank(params, d)).width(d)
        .consistency(config(params).consistency())
        .build());
  }

  @Override
  public WorkerProgram program(JobParams params, ProcessContext process) throws IOException {
    Data data = load(params);
    return new DmlWorker(config(params), rank(params, data.train().dimension()), data.train(), data.trainPairs(),
        data.test(), data.testPairs(), process.events());
  }

  /**
   * Reads the features and reads or draws the pairs that {@code params} name.
   *
   * @throws org.petuum4j.ml.data.MalformedDataException for a malformed features or pairs file
   * @throws IllegalArgumentException if there are no training or no held-out pairs
   */
  public static Data load(JobParams p) throws IOException {
    LibSvmRegressionReader reader = p.bool("zeroBased", false)
        ? LibSvmRegressionReader.zeroBased() : LibSvmRegressionReader.oneBased();
    RegressionDataset trainSparse = reader.read(Path.of(p.string("train")));
    RegressionDataset testSparse = reader.read(Path.of(p.string("test")));
    int d = p.integer("dimension", Math.max(1, Math.max(trainSparse.numFeatures(), testSparse.numFeatures())));
    DenseDataset train = DenseDataset.fromSparse(trainSparse, d);
    DenseDataset test = DenseDataset.fromSparse(testSparse, d);
    long seed = p.longValue("pairSeed", 1);
    Pairs trainPairs = pairs(p, "pairs", "numPairs", train, seed);
    Pairs testPairs = pairs(p, "testPairs", "numTestPairs", test, ~seed);
    return new Data(train, trainPairs, test, testPairs);
  }

  private static Pairs pairs(JobParams p, String fileKey, String countKey, DenseDataset data, long seed)
      throws IOException {
    Pairs pairs = p.has(fileKey)
        ? Pairs.read(Path.of(p.string(fileKey)), data.rows())
        : Pairs.fromLabels(data, p.integer(countKey), seed);
    if (pairs.size() == 0) {
      throw new IllegalArgumentException("no pairs " + (p.has(fileKey) ? "in " + p.string(fileKey) : "drawn"));
    }
    return pairs;
  }

  private static int rank(JobParams p, int dimension) {
    int rank = p.integer("rank", 0);
    return rank == 0 ? dimension : rank;
  }

  static DmlConfig config(JobParams p) {
    return new DmlConfig(p.integer("rank", 0), Consistency.parseStaleness(p.string("staleness", "0")),
        p.integer("epochs", 10), p.integer("batchSize", DmlConfig.DEFAULT_BATCH_SIZE),
        p.real("learningRate", DmlConfig.DEFAULT_LEARNING_RATE), p.real("decay", DmlConfig.DEFAULT_DECAY),
        p.real("margin", 1), p.real("dissimilarWeight", 1), p.longValue("seed", 1));
  }

  static String encode(DmlMetrics m) {
    return EPOCH + " " + m.epoch() + " " + m.seconds() + " " + m.objective() + " " + m.trainAccuracy() + " "
        + m.testAccuracy();
  }

  static DmlMetrics decode(String event) {
    String[] f = event.split(" ");
    if (f.length != 6 || !f[0].equals(EPOCH)) {
      throw new IllegalArgumentException("unknown metric-learning event '" + event + "'");
    }
    return new DmlMetrics(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
        Double.parseDouble(f[4]), Double.parseDouble(f[5]));
  }
}

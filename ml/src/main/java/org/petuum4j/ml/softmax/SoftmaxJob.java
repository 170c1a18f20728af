package org.petuum4j.ml.softmax;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.data.LibSvmRegressionReader;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ml.logreg.LogRegTrainer;
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
 * Multinomial logistic (softmax) regression by data-parallel mini-batch SGD, as a {@link
 * JobFactory} that runs on any {@link Deployment}: the {@code K x (D + 1)} weights and biases live
 * in a dense table of the parameter server; every worker process reads the LibSVM files named in
 * the parameters and runs {@link SoftmaxWorker} (see there for the update rule) on its worker
 * threads; the log-loss and accuracy of every epoch come back as events.
 *
 * <p>Parameters: {@code train}, {@code test} (LibSVM paths, labels class ids {@code 0..K-1}; dense
 * files such as the converted Fashion-MNIST are fine), {@code zeroBased}; {@code classes} ({@code
 * K}; 0 or absent: the largest training label plus one, at least 2); {@code dimension} (0 or
 * absent: the larger feature count of the two files; {@link #train} reads the files in the calling
 * process too unless both are given); and the {@link SoftmaxConfig} fields {@code
 * staleness} (as in {@link Consistency#parseStaleness}), {@code epochs}, {@code batchSize}, {@code
 * learningRate}, {@code decay}, {@code l2}, {@code seed}. Use {@link #params} to build them and
 * {@link #train} to run.
 *
 * <pre>{@code
 * JobParams p = SoftmaxJob.params(Path.of("train.libsvm"), Path.of("test.libsvm"), false, 0, config);
 * SoftmaxModel m = SoftmaxJob.train(new EmbeddedDeployment(2, 2), p, metrics -> System.out.println(metrics));
 * }</pre>
 */
public final class SoftmaxJob implements JobFactory {
  private static final String EPOCH = "epoch";

  public SoftmaxJob() {}

  /** The data of a job: training and held-out rows, dense, and the number of classes. */
  public record Data(DenseDataset train, DenseDataset test, int classes) {}

  /** The parameters of a job; {@code classes} 0 takes the largest training label plus one. */
  public static JobParams params(Path train, Path test, boolean zeroBased, int classes, SoftmaxConfig config) {
    Consistency c = config.consistency();
    return JobParams.builder()
        .put("train", train.toAbsolutePath())
        .put("test", test.toAbsolutePath())
        .put("zeroBased", zeroBased)
        .put("classes", classes)
        .put("staleness", c.isBounded() ? Integer.toString(c.staleness()) : "inf")
        .put("epochs", config.epochs())
        .put("batchSize", config.batchSize())
        .put("learningRate", config.learningRate())
        .put("decay", config.decay())
        .put("l2", config.l2())
        .put("seed", config.seed())
        .build();
  }

  /**
   * Trains on {@code deployment}, calling {@code listener} as epochs finish, and returns the final
   * weights.
   *
   * @throws org.petuum4j.ml.data.MalformedDataException if a data file is malformed or has a label
   *     that is not a class id
   * @throws org.petuum4j.ml.logreg.TrainingDivergedException if the log-loss stopped being finite
   */
  public static SoftmaxModel train(Deployment deployment, JobParams params, SoftmaxListener listener)
      throws Exception {
    int classes = params.integer("classes", 0);
    int d = params.integer("dimension", 0);
    if (classes == 0 || d == 0) {
      // Read here only when the parameters do not say; the workers read the files anyway.
      Data data = load(params);
      classes = data.classes();
      d = data.train().dimension();
    }
    JobParams fixed = params.with("classes", classes).with("dimension", d);
    try (JobResult result = deployment.run(SoftmaxJob.class, fixed, event -> listener.onEpoch(decode(event)))) {
      double[][] rows = new double[classes][d + 1];
      for (int k = 0; k < rows.length; k++) {
        result.read(SoftmaxWorker.WEIGHTS, k).copyTo(rows[k]);
      }
      return new SoftmaxModel(rows);
    } catch (PsException e) {
      throw LogRegTrainer.unwrapDivergence(e);
    }
  }

  @Override
  public List<TableSpec> tables(JobParams params, JobShape shape) throws IOException {
    int classes = params.integer("classes", 0);
    int d = params.integer("dimension", 0);
    if (classes == 0 || d == 0) {
      Data data = load(params);
      classes = data.classes();
      d = data.train().dimension();
    }
    TableSpec weights = TableSpec.builder(SoftmaxWorker.WEIGHTS)
        .dense(ValueType.DOUBLE).rows(classes).width(d + 1)
        .consistency(config(params).consistency())
        .build();
    // One row per epoch; read only after a barrier, so BSP is enough.
    TableSpec metrics = TableSpec.builder(SoftmaxWorker.METRICS)
        .dense(ValueType.DOUBLE).unboundedRows().width(4)
        .consistency(Consistency.bsp())
        .build();
    return List.of(weights, metrics);
  }

  @Override
  public WorkerProgram program(JobParams params, ProcessContext process) throws IOException {
    Data data = load(params);
    return new SoftmaxWorker(config(params), data.classes(), data.train(), data.test(), process.events());
  }

  /**
   * Reads the training and held-out files that {@code params} name.
   *
   * @throws org.petuum4j.ml.data.MalformedDataException for a malformed line or a label that is not
   *     a class id, naming file and line
   * @throws IllegalArgumentException if a file has no rows or {@code dimension} is below a file's
   *     feature count
   */
  public static Data load(JobParams p) throws IOException {
    LibSvmRegressionReader reader = p.bool("zeroBased", false)
        ? LibSvmRegressionReader.zeroBased() : LibSvmRegressionReader.oneBased();
    int classes = p.integer("classes", 0);
    Path trainFile = Path.of(p.string("train"));
    Path testFile = Path.of(p.string("test"));
    RegressionDataset trainSparse = reader.classes(classes > 0 ? classes : LibSvmRegressionReader.MAX_CLASSES)
        .read(trainFile);
    if (classes == 0) {
      classes = 2;
      for (int i = 0; i < trainSparse.rows(); i++) {
        classes = Math.max(classes, (int) trainSparse.target(i) + 1);
      }
    }
    RegressionDataset testSparse = reader.classes(classes).read(testFile);
    nonEmpty(trainFile, trainSparse);
    nonEmpty(testFile, testSparse);
    int d = p.integer("dimension", 0);
    if (d == 0) {
      d = Math.max(1, Math.max(trainSparse.numFeatures(), testSparse.numFeatures()));
    }
    return new Data(DenseDataset.fromSparse(trainSparse, d), DenseDataset.fromSparse(testSparse, d), classes);
  }

  private static void nonEmpty(Path file, RegressionDataset data) {
    if (data.rows() == 0) {
      throw new IllegalArgumentException(file + ": no rows");
    }
  }

  static SoftmaxConfig config(JobParams p) {
    return new SoftmaxConfig(Consistency.parseStaleness(p.string("staleness", "0")), p.integer("epochs", 10),
        p.integer("batchSize", SoftmaxConfig.DEFAULT_BATCH_SIZE),
        p.real("learningRate", SoftmaxConfig.DEFAULT_LEARNING_RATE), p.real("decay", SoftmaxConfig.DEFAULT_DECAY),
        p.real("l2", SoftmaxConfig.DEFAULT_L2), p.longValue("seed", 1));
  }

  static String encode(SoftmaxMetrics m) {
    return EPOCH + " " + m.epoch() + " " + m.seconds() + " " + m.trainLoss() + " " + m.trainAccuracy() + " "
        + m.testLoss() + " " + m.testAccuracy();
  }

  static SoftmaxMetrics decode(String event) {
    String[] f = event.split(" ");
    if (f.length != 7 || !f[0].equals(EPOCH)) {
      throw new IllegalArgumentException("unknown softmax-regression event '" + event + "'");
    }
    return new SoftmaxMetrics(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
        Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
  }
}

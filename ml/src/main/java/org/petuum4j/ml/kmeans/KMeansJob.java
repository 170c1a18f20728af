package org.petuum4j.ml.kmeans;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.petuum4j.ml.data.CsvReader;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.Row;
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
 * Mini-batch k-means with the centres on the parameter server, as a {@link JobFactory} that runs
 * on any {@link Deployment}: every worker process reads the data file named in the parameters,
 * computes the same seeded k-means++ initial centres, and runs {@link KMeansWorker} (see there for
 * the update rule) on its worker threads; the WCSS of every epoch comes back as an event.
 *
 * <p>Parameters: {@code data} (path), {@code csv} (true for CSV, else LibSVM, whose labels are
 * ignored), {@code zeroBased} (LibSVM indices), {@code dimension} (LibSVM: features to read, 0 or
 * absent for as many as the file has), and the {@link KMeansConfig} fields {@code k}, {@code
 * staleness} (as in {@link Consistency#parseStaleness}), {@code epochs}, {@code batchSize}, {@code
 * seed}, {@code initSample}. Use {@link #params} to build them and {@link #train} to run.
 *
 * <pre>{@code
 * JobParams p = KMeansJob.params(Path.of("points.csv"), true, false, config);
 * KMeansModel m = KMeansJob.train(new EmbeddedDeployment(2, 2), p, metrics -> System.out.println(metrics));
 * }</pre>
 */
public final class KMeansJob implements JobFactory {
  private static final String EPOCH = "epoch";

  public KMeansJob() {}

  /** The parameters of a job clustering {@code data}. */
  public static JobParams params(Path data, boolean csv, boolean zeroBased, KMeansConfig config) {
    Consistency c = config.consistency();
    return JobParams.builder()
        .put("data", data.toAbsolutePath())
        .put("csv", csv)
        .put("zeroBased", zeroBased)
        .put("k", config.k())
        .put("staleness", c.isBounded() ? Integer.toString(c.staleness()) : "inf")
        .put("epochs", config.epochs())
        .put("batchSize", config.batchSize())
        .put("seed", config.seed())
        .put("initSample", config.initSample())
        .build();
  }

  /**
   * Clusters on {@code deployment}, calling {@code listener} as epochs finish, and returns the
   * final centres.
   *
   * @throws IllegalArgumentException if {@code k} exceeds the number of rows
   * @throws org.petuum4j.ml.data.MalformedDataException if the data file is malformed
   */
  public static KMeansModel train(Deployment deployment, JobParams params, KMeansListener listener) throws Exception {
    KMeansConfig config = config(params);
    DenseDataset data = read(params);
    check(config, data);
    int d = data.dimension();
    JobParams fixed = params.with("dimension", d);
    try (JobResult result = deployment.run(KMeansJob.class, fixed, event -> listener.onEpoch(decode(event)))) {
      double[][] centres = new double[config.k()][d];
      for (int c = 0; c < config.k(); c++) {
        Row row = result.read(KMeansWorker.CENTROIDS, c);
        for (int j = 0; j < d; j++) {
          centres[c][j] = row.get(j);
        }
      }
      return new KMeansModel(centres);
    }
  }

  @Override
  public List<TableSpec> tables(JobParams params, JobShape shape) throws IOException {
    KMeansConfig config = config(params);
    int d = params.integer("dimension", 0) > 0 ? params.integer("dimension") : read(params).dimension();
    TableSpec centroids = TableSpec.builder(KMeansWorker.CENTROIDS)
        .dense(ValueType.DOUBLE).rows(config.k()).width(d + 1)
        .consistency(config.consistency())
        .build();
    // One row per epoch; read only after a barrier, so BSP is enough.
    TableSpec metrics = TableSpec.builder(KMeansWorker.METRICS)
        .dense(ValueType.DOUBLE).unboundedRows().width(1)
        .consistency(Consistency.bsp())
        .build();
    return List.of(centroids, metrics);
  }

  @Override
  public WorkerProgram program(JobParams params, ProcessContext process) throws IOException {
    KMeansConfig config = config(params);
    DenseDataset data = read(params);
    check(config, data);
    double[][] initial = KMeansWorker.kMeansPlusPlus(data, config.k(), config.initSample(), config.seed());
    return new KMeansWorker(config, data, initial, process.events());
  }

  private static void check(KMeansConfig config, DenseDataset data) {
    if (config.k() > data.rows()) {
      throw new IllegalArgumentException("k = " + config.k() + " exceeds the " + data.rows() + " rows of the data");
    }
  }

  static KMeansConfig config(JobParams p) {
    return new KMeansConfig(p.integer("k"), Consistency.parseStaleness(p.string("staleness", "0")),
        p.integer("epochs", 10), p.integer("batchSize", KMeansConfig.DEFAULT_BATCH_SIZE),
        p.longValue("seed", 1), p.integer("initSample", KMeansConfig.DEFAULT_INIT_SAMPLE));
  }

  /** Reads the data file the parameters name. */
  static DenseDataset read(JobParams p) throws IOException {
    Path file = Path.of(p.string("data"));
    return p.bool("csv", false)
        ? CsvReader.read(file)
        : DenseDataset.readLibSvm(file, p.bool("zeroBased", false), p.integer("dimension", 0));
  }

  static String encode(KMeansMetrics m) {
    return EPOCH + " " + m.epoch() + " " + m.seconds() + " " + m.wcss();
  }

  static KMeansMetrics decode(String event) {
    String[] f = event.split(" ");
    if (f.length != 4 || !f[0].equals(EPOCH)) {
      throw new IllegalArgumentException("unknown k-means event '" + event + "'");
    }
    return new KMeansMetrics(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
  }
}

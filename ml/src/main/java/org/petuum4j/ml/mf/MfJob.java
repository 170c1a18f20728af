package org.petuum4j.ml.mf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.petuum4j.ml.data.Ratings;
import org.petuum4j.ml.data.RatingsReader;
import org.petuum4j.ml.logreg.TrainingDivergedException;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/**
 * Matrix factorisation as a {@link JobFactory}, so that it runs on any {@link Deployment}:
 * minimises {@code sum over training ratings (r_ui - mean - p_u . q_i)^2 + lambda (|p_u|^2 +
 * |q_i|^2)} by SGD, with the user factors {@code p} and item factors {@code q} in parameter-server
 * tables (Koren, Bell and Volinsky, "Matrix Factorization Techniques for Recommender Systems",
 * IEEE Computer 2009). Two schedules ({@link MfConfig.Algorithm}): data-parallel SGD under SSP,
 * and the model-parallel rotation of disjoint item blocks of STRADS (Kim et al., "STRADS: A
 * Distributed Framework for Scheduled Model Parallel Machine Learning", EuroSys 2016), which
 * communicates only through the tables. See {@link MfWorker} for the details.
 *
 * <p>Every worker process reads the ratings files named in the parameters ({@link RatingsReader}
 * formats). Parameters: {@code train}, {@code test} (paths), {@code algorithm}, {@code rank},
 * {@code epochs}, {@code learningRate}, {@code decay}, {@code l2}, {@code staleness} (as in {@link
 * Consistency#parseStaleness}), {@code clocksPerEpoch}, {@code initScale}, {@code seed}, {@code stragglerMillis}, {@code stragglerProbability}
 * (see {@link MfConfig}), and
 * optionally {@code targetRmse} (stop after the first epoch whose test RMSE is at most this);
 * workers and shards come from the deployment. Use {@link #params} to build them and {@link #train}
 * to run.
 *
 * <p>A process given its own ratings in memory ({@link ProcessContext#input()}: a {@link
 * LocalRatings}, e.g. a Spark partition holding exactly the ratings of the users its workers own,
 * see {@link #ownerOf}) trains on those instead of the files, without a test set; such a job names
 * the numbers of distinct {@code users} and {@code items} in its parameters instead of files.
 */
public final class MfJob implements JobFactory {
  private static final String EPOCH = "epoch";

  public MfJob() {}

  /**
   * A process's own training ratings, with what every process must agree on: the sorted distinct
   * user and item ids and the mean rating over all processes, and how many ratings they hold.
   */
  public record LocalRatings(long[] userIds, long[] itemIds, double mean, long total, Ratings ratings) {}

  /**
   * For a job of {@code params} with {@code users} users and {@code items} items on {@code shape}:
   * the worker thread that owns (trains on) the ratings of the user with dense id {@code user}
   * ({@code 0..users-1}, the rank of its id among the sorted distinct ids). Make it once and apply
   * it per rating.
   */
  public static java.util.function.IntUnaryOperator owners(int users, int items, JobParams params, JobShape shape) {
    MfLayout layout = MfLayout.of(users, items, config(params).rank(), shape.workers(), shape.shards());
    return layout::ownerOf;
  }

  /** The trained model in the final tables of a job of {@code params} on {@code shape} over {@code data}. */
  public static MfModel readModel(JobResult result, JobParams params, JobShape shape, LocalRatings data) {
    MfConfig config = config(params);
    MfLayout lay = MfLayout.of(data.userIds().length, data.itemIds().length, config.rank(), shape.workers(),
        shape.shards());
    float[] p = readFactors(result, MfWorker.USERS, lay.userRows(), lay.usersPerRow(), lay.users(), config.rank());
    float[] q = readFactors(result, MfWorker.ITEMS, lay.itemRows(), lay.itemsPerRow(), lay.items(), config.rank());
    return new MfModel(config.rank(), data.mean(), data.userIds(), p, data.itemIds(), q);
  }

  /** The metrics of an event from a worker of this job. */
  public static MfMetrics metricsOf(String event) {
    MfMetrics[] out = {null};
    decode(event, m -> out[0] = m);
    return out[0];
  }

  /** The parameters of a job training on {@code train}, evaluating on {@code test}. */
  public static JobParams params(Path train, Path test, MfConfig config) {
    Consistency c = config.staleness();
    return JobParams.builder()
        .put("train", train.toAbsolutePath())
        .put("test", test.toAbsolutePath())
        .put("algorithm", config.algorithm())
        .put("rank", config.rank())
        .put("epochs", config.epochs())
        .put("learningRate", config.learningRate())
        .put("decay", config.decay())
        .put("l2", config.l2())
        .put("staleness", c.isBounded() ? Integer.toString(c.staleness()) : "inf")
        .put("clocksPerEpoch", config.clocksPerEpoch())
        .put("initScale", config.initScale())
        .put("seed", config.seed())
        .put("stragglerMillis", config.stragglerMillis())
        .put("stragglerProbability", config.stragglerProbability())
        .build();
  }

  /** The configuration the parameters describe. */
  public static MfConfig config(JobParams p) {
    return new MfConfig(
        MfConfig.Algorithm.parse(p.string("algorithm", "sgd")),
        p.integer("rank", MfConfig.DEFAULT_RANK),
        p.integer("epochs", 10),
        p.real("learningRate", MfConfig.DEFAULT_LEARNING_RATE),
        p.real("decay", MfConfig.DEFAULT_DECAY),
        p.real("l2", MfConfig.DEFAULT_L2),
        Consistency.parseStaleness(p.string("staleness", "0")),
        p.integer("clocksPerEpoch", MfConfig.DEFAULT_CLOCKS_PER_EPOCH),
        p.real("initScale", MfConfig.DEFAULT_INIT_SCALE),
        p.longValue("seed", 1),
        p.integer("stragglerMillis", 0),
        p.real("stragglerProbability", 1.0));
  }

  /**
   * Trains on {@code deployment}; calls {@code listener} in this process as epochs finish.
   *
   * @throws org.petuum4j.ml.data.MalformedDataException if a ratings file is malformed
   * @throws IllegalArgumentException if the training set is empty or there are fewer items than
   *     workers for the rotation
   * @throws TrainingDivergedException if the factors stopped being finite
   */
  public static MfModel train(Deployment deployment, JobParams params, MfListener listener) throws Exception {
    MfConfig config = config(params);
    MfData data = data(params, config, deployment.shape());
    try (JobResult result = deployment.run(MfJob.class, params, event -> decode(event, listener))) {
      return readModel(result, config.rank(), data);
    } catch (PsException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof TrainingDivergedException d) {
          throw new TrainingDivergedException(d.getMessage());
        }
      }
      throw e;
    }
  }

  @Override
  public List<TableSpec> tables(JobParams params, JobShape shape) throws IOException {
    MfConfig config = config(params);
    if (params.has("users")) {
      return tables(config, MfLayout.of(params.integer("users"), params.integer("items"), config.rank(),
          shape.workers(), shape.shards()));
    }
    return tables(config, data(params, config, shape).layout);
  }

  @Override
  public WorkerProgram program(JobParams params, ProcessContext process) throws IOException {
    MfConfig config = config(params);
    MfData data;
    java.util.Optional<LocalRatings> local = process.input(LocalRatings.class);
    if (local.isPresent()) {
      LocalRatings l = local.get();
      JobShape shape = process.shape();
      data = new MfData(l.userIds(), l.itemIds(), l.mean(), l.total(), l.ratings(),
          Ratings.of(new long[0], new long[0], new float[0]), config.rank(), shape.workers(), shape.shards(),
          config.seed(), config.algorithm() == MfConfig.Algorithm.ROTATION);
    } else {
      data = data(params, config, process.shape());
    }
    double target = params.real("targetRmse", Double.NEGATIVE_INFINITY);
    EventSink sink = process.events();
    return new MfWorker(config, data, target, m -> sink.emit(String.format(Locale.ROOT, "%s %d %s %s %s",
        EPOCH, m.epoch(), Double.toString(m.seconds()), Double.toString(m.trainRmse()), Double.toString(m.testRmse()))));
  }

  static void decode(String event, MfListener listener) {
    String[] f = event.split(" ");
    if (!f[0].equals(EPOCH) || f.length != 5) {
      throw new IllegalArgumentException("unknown matrix-factorisation event '" + event + "'");
    }
    listener.onEpoch(new MfMetrics(Integer.parseInt(f[1]), Double.parseDouble(f[2]),
        Double.parseDouble(f[3]), Double.parseDouble(f[4])));
  }

  private static MfData data(JobParams params, MfConfig config, JobShape shape) throws IOException {
    Ratings train = RatingsReader.read(Path.of(params.string("train")));
    Ratings test = RatingsReader.read(Path.of(params.string("test")));
    MfData d = new MfData(train, test, config.rank(), shape.workers(), shape.shards(), config.seed(),
        config.algorithm() == MfConfig.Algorithm.ROTATION);
    if (config.algorithm() == MfConfig.Algorithm.ROTATION && d.layout.items() < shape.workers()) {
      throw new IllegalArgumentException("the rotation needs at least one item per worker: "
          + d.layout.items() + " items, " + shape.workers() + " workers");
    }
    return d;
  }

  /** User and item tables (dense float, BSP users; items BSP for the rotation) and the metrics table. */
  static List<TableSpec> tables(MfConfig config, MfLayout lay) {
    Consistency itemConsistency = config.algorithm() == MfConfig.Algorithm.ROTATION ? Consistency.bsp() : config.staleness();
    return List.of(
        TableSpec.builder(MfWorker.USERS).dense(ValueType.FLOAT).rows(lay.userRows()).width(lay.userWidth())
            .consistency(Consistency.bsp()).build(),
        TableSpec.builder(MfWorker.ITEMS).dense(ValueType.FLOAT).rows(lay.itemRows()).width(lay.itemWidth())
            .consistency(itemConsistency).build(),
        // One row per epoch, read only after a barrier.
        TableSpec.builder(MfWorker.METRICS).dense(ValueType.DOUBLE).unboundedRows().width(MfWorker.METRICS_WIDTH)
            .consistency(Consistency.bsp()).build());
  }

  private static MfModel readModel(JobResult result, int k, MfData data) {
    MfLayout lay = data.layout;
    float[] p = readFactors(result, MfWorker.USERS, lay.userRows(), lay.usersPerRow(), lay.users(), k);
    float[] q = readFactors(result, MfWorker.ITEMS, lay.itemRows(), lay.itemsPerRow(), lay.items(), k);
    return new MfModel(k, data.mean, data.userIds, p, data.itemIds, q);
  }

  private static float[] readFactors(JobResult result, String table, int rows, int perRow, int ids, int k) {
    float[] out = new float[ids * k];
    for (int row = 0; row < rows; row++) {
      Row v = result.read(table, row);
      int off = row * perRow * k;
      for (int c = 0, n = Math.min(perRow * k, out.length - off); c < n; c++) {
        out[off + c] = (float) v.get(c);
      }
    }
    return out;
  }
}

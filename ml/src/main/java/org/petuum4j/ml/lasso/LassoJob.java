package org.petuum4j.ml.lasso;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.petuum4j.ml.data.LibSvmRegressionReader;
import org.petuum4j.ml.data.MatrixMarketReader;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ps.Partitions;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;
import org.petuum4j.sched.ModelParallelRuntime;
import org.petuum4j.sched.Scheduler;
import org.petuum4j.sched.Schedulers;
import org.petuum4j.sched.SparseColumns;

/**
 * Lasso as a {@link JobFactory}, so that it runs on every deployment (embedded, a cluster of
 * processes, a Spark barrier stage): {@link LassoProgram} on the scheduler, with every schedule,
 * pipelining and parallelism of {@link LassoTrainer}, its rounds exchanged through
 * parameter-server tables ({@link ModelParallelRuntime#workerProgram}).
 *
 * <pre>{@code
 * LassoConfig config = LassoConfig.builder().lambda(0.01).schedule(LassoConfig.Schedule.DEPENDENCY).build();
 * LassoModel m = LassoJob.train(deployment, LassoJob.params(config, Path.of("train.libsvm"), null, false),
 *     metrics -> System.out.println(metrics));
 * }</pre>
 *
 * <p>Data: a process given its own rows in memory ({@link ProcessContext#input()}: a {@link
 * RegressionDataset}, e.g. a Spark partition) shares them among its threads; otherwise every
 * process reads the training file ({@code train}: LibSVM regression lines, {@code zeroBased}, or a
 * Matrix Market matrix with the {@code response} vector) and worker {@code w} owns the rows {@code
 * Partitions.range(n, w, W)}, as embedded. Parameters: those of {@link LassoConfig} ({@code
 * lambda}, {@code scheduler}, {@code parallelism}, {@code rounds}, {@code pipelineDepth}, {@code
 * threshold}, {@code floor}, {@code tolerance}, {@code targetObjective}, {@code seed}), {@code
 * evalEvery} (rounds between metrics events, default 1), {@code features} (D; read from the file
 * if absent) and, for in-memory inputs, {@code totalRows} (n over all processes). The worker
 * threads and shards are the deployment's. Not resumable from checkpoints.
 */
public final class LassoJob implements JobFactory {
  /*
   * Implementation notes.
   *
   * The scheduler, the listener (metrics, divergence, tolerance) and the pull run in the process
   * of worker 0 alone; the other processes build the same runtime around their own program, and
   * their scheduler is never asked for a task, so it is a round-robin placeholder rather than,
   * for the dependency schedule, a copy of the column correlations.
   *
   * Dependency schedule: embedded, the correlations are summed over the workers' partitions. On a
   * cluster every process reads the whole file, so the puller's process computes them over the
   * same W partitions of it, and the run is the embedded run, round for round. On Spark the
   * puller's process holds only its own partition; the correlations are estimated from it. The
   * schedule affects how fast the objective falls and how stable large rounds are, not the
   * optimum, which every schedule reaches.
   */

  private static final String EVENT = "round";

  public LassoJob() {}

  /** The parameters of a job on a training file; {@code response} only for Matrix Market input. */
  public static JobParams params(LassoConfig config, Path train, Path response, boolean zeroBased) {
    JobParams.Builder b = JobParams.builder().put("train", train.toAbsolutePath()).put("zeroBased", zeroBased);
    if (response != null) {
      b.put("response", response.toAbsolutePath());
    }
    return withConfig(b, config).build();
  }

  /** The parameters of {@code config}, to which a deployment adds its inputs (Spark: {@code features}, {@code totalRows}). */
  public static JobParams.Builder withConfig(JobParams.Builder b, LassoConfig config) {
    return b.put("lambda", config.lambda()).put("scheduler", config.schedule().cliName())
        .put("parallelism", config.parallelism()).put("rounds", config.rounds())
        .put("pipelineDepth", config.pipelineDepth()).put("threshold", config.threshold())
        .put("floor", config.floor()).put("tolerance", config.tolerance())
        .put("targetObjective", config.targetObjective()).put("seed", config.seed());
  }

  /** The configuration in a job's parameters (workers and shards are the deployment's). */
  static LassoConfig config(JobParams p) {
    LassoConfig.Builder b = LassoConfig.builder().lambda(p.real("lambda"));
    if (p.has("scheduler")) {
      b.schedule(LassoConfig.Schedule.parse(p.string("scheduler")));
    }
    return b.parallelism(p.integer("parallelism", LassoConfig.DEFAULT_PARALLELISM))
        .rounds(p.integer("rounds", LassoConfig.DEFAULT_ROUNDS))
        .pipelineDepth(p.integer("pipelineDepth", 1))
        .threshold(p.real("threshold", Schedulers.DEFAULT_THRESHOLD))
        .floor(p.real("floor", Schedulers.DEFAULT_FLOOR))
        .tolerance(p.real("tolerance", 0))
        .targetObjective(p.real("targetObjective", Double.NEGATIVE_INFINITY))
        .seed(p.longValue("seed", 1))
        .build();
  }

  /**
   * Trains on {@code deployment} and returns the coefficients; {@code listener} receives the
   * metrics every {@code evalEvery} rounds and after the last, on the thread that delivers the
   * deployment's events.
   *
   * @throws LassoDivergedException if the run diverged (embedded and where the cause survives)
   */
  public static LassoModel train(Deployment deployment, JobParams params, LassoListener listener) throws Exception {
    config(params);
    JobParams fixed = params.has("features") ? params : params.with("features", read(params).numFeatures());
    int d = fixed.integer("features");
    try (JobResult result = deployment.run(LassoJob.class, fixed, event -> listener.onRound(metricsOf(event)))) {
      return readModel(result, d);
    } catch (PsException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof LassoDivergedException div) {
          throw new LassoDivergedException(div.getMessage());
        }
      }
      throw e;
    }
  }

  static RegressionDataset read(JobParams p) throws IOException {
    Path train = Path.of(p.string("train"));
    if (p.has("response")) {
      return MatrixMarketReader.readRegression(train, Path.of(p.string("response")));
    }
    return (p.bool("zeroBased", false) ? LibSvmRegressionReader.zeroBased() : LibSvmRegressionReader.oneBased())
        .read(train);
  }

  private static int features(JobParams p) throws IOException {
    int d = p.has("features") ? p.integer("features") : read(p).numFeatures();
    if (d < 1) {
      throw new IllegalArgumentException("Lasso needs at least one feature");
    }
    return d;
  }

  private static int maxTaskSize(LassoConfig config, int d) {
    return Math.min(config.parallelism(), d);
  }

  @Override
  public List<TableSpec> tables(JobParams params, JobShape shape) throws IOException {
    LassoConfig config = config(params);
    int d = features(params);
    List<TableSpec> t = new ArrayList<>(
        ModelParallelRuntime.runtimeTables(d, 1, shape.workers(), maxTaskSize(config, d)));
    t.add(LassoProgram.normsTable(d, shape.workers()));
    return t;
  }

  @Override
  public WorkerProgram program(JobParams params, ProcessContext process) throws IOException {
    LassoConfig config = config(params);
    Optional<RegressionDataset> local = process.input(RegressionDataset.class);
    RegressionDataset data = local.isPresent() ? local.get() : read(params);
    int d = features(params);
    if (data.numFeatures() != d) {
      throw new IllegalArgumentException("this process's data has " + data.numFeatures()
          + " features, the job " + d);
    }
    long n = local.isPresent() ? params.longValue("totalRows") : data.rows();
    if (n < 1) {
      throw new IllegalArgumentException("Lasso needs at least one row");
    }
    int workers = process.shape().workers();
    Partitions.Range[] mine = new Partitions.Range[process.localWorkers()];
    for (int k = 0; k < mine.length; k++) {
      int w = process.firstWorker() + k;
      mine[k] = local.isPresent() ? process.localShare(data.rows(), w) : Partitions.range(n, w, workers);
    }
    LassoProgram program = new LassoProgram(data, d, n, config.lambda(), process.firstWorker(), mine);
    boolean pulls = process.firstWorker() == 0;
    Scheduler scheduler = !pulls ? Schedulers.roundRobin() : LassoProgress.scheduler(config, () -> local.isPresent()
        ? Arrays.asList(program.partitions())
        : Arrays.asList(LassoProgram.partitionsOf(data, workers)));
    int every = Math.max(1, params.integer("evalEvery", 1));
    EventSink events = process.events();
    LassoProgress progress = new LassoProgress(config, program, d, LassoListener.NONE);
    return ModelParallelRuntime.builder(program)
        .workers(workers)
        .scheduler(scheduler)
        .parallelism(config.parallelism())
        .maxTaskSize(maxTaskSize(config, d))
        .pipelineDepth(config.pipelineDepth())
        .maxRounds(config.rounds())
        .seed(config.seed())
        .listener(report -> {
          boolean go = progress.onRound(report);
          int round = report.completedRounds();
          if (round % every == 0 || !go || round == config.rounds()) {
            events.emit(event(progress.last()));
          }
          return go;
        })
        .build()
        .workerProgram(process);
  }

  private static String event(LassoMetrics m) {
    return String.format(Locale.ROOT, "%s %d %s %d %s %d", EVENT, m.round(), Double.toString(m.seconds()),
        m.updates(), Double.toString(m.objective()), m.nonZeros());
  }

  /** The coefficients in the final tables of a job with {@code features} features. */
  public static LassoModel readModel(JobResult result, int features) {
    return new LassoModel(ModelParallelRuntime.readParameters(result, features));
  }

  /** The metrics of an event from a worker of this job. */
  public static LassoMetrics metricsOf(String event) {
    String[] f = event.split(" ");
    if (f.length != 6 || !f[0].equals(EVENT)) {
      throw new IllegalArgumentException("unknown Lasso event '" + event + "'");
    }
    return new LassoMetrics(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]),
        Double.parseDouble(f[4]), Integer.parseInt(f[5]));
  }
}

package org.petuum4j.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.EmbeddedRuntime;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerContext;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.ProcessContext;

/**
 * Runs a {@link ModelParallelProgram} on the embedded parameter server: {@code W} worker threads
 * do rounds of push, reduce, pull, broadcast and update, while a {@link Scheduler} chooses the
 * rounds' parameters ahead of time.
 *
 * <pre>{@code
 * ModelParallelRuntime.Result result = ModelParallelRuntime.builder(program)
 *     .workers(2).scheduler(Schedulers.priority()).parallelism(32)
 *     .pipelineDepth(1).maxRounds(10_000)
 *     .listener(r -> r.statistics()[0] > target)   // stop once the loss is low enough
 *     .build()
 *     .run();
 * double[] model = result.parameters();
 * }</pre>
 *
 * <p>A round: every worker pushes its partial results; they are summed on worker 0 (the puller),
 * which calls pull, adds the changes to the dense double table {@link #PARAMETER_TABLE} ({@link
 * #PARAMETER_ROW_WIDTH} parameters per row; parameter {@code j} is row {@code j / width}, column
 * {@code j % width}) and broadcasts them with the next round's task; every worker applies them in
 * update and ends its clock. The puller alone writes the parameter table, so it keeps a copy of
 * the parameters to hand to pull instead of reading rows back every round; the table holds the
 * model for anyone else to read, and at the end.
 *
 * <p>Pipelining: with depth {@code d} the schedule of round {@code r} is computed while rounds
 * {@code r - d .. r - 1} run, from the feedback of rounds up to {@code r - d - 1} exactly (see
 * {@link Scheduler}); at most {@code d + 1} schedules are ever waiting. Runs are therefore
 * reproducible for a seed up to the program's own nondeterminism: partial results are summed in
 * worker order.
 *
 * <p>Deployments. {@link #run()} runs the job on an embedded runtime of its own. On any {@link
 * org.petuum4j.ps.job.Deployment} (a cluster of processes, a Spark barrier stage) the same program
 * runs through an app's {@link org.petuum4j.ps.job.JobFactory}: its {@code tables} returns {@link
 * #runtimeTables} plus the program's own, its {@code program} builds this runtime in each process
 * and returns {@link #workerProgram}, and the parameters come back with {@link #readParameters}:
 *
 * <pre>{@code
 * public List<TableSpec> tables(JobParams params, JobShape shape) {
 *   List<TableSpec> t = new ArrayList<>(ModelParallelRuntime.runtimeTables(numParams, numStatistics,
 *       shape.workers(), Math.min(parallelism, numParams)));
 *   t.addAll(programTables);
 *   return t;
 * }
 * public WorkerProgram program(JobParams params, ProcessContext process) {
 *   return ModelParallelRuntime.builder(programOfThisProcess).workers(process.shape().workers())
 *       .scheduler(...).parallelism(parallelism).maxRounds(rounds).listener(...).build()
 *       .workerProgram(process);
 * }
 * }</pre>
 *
 * <p>A runtime runs one job. If a worker, the scheduler or the listener fails, every worker is
 * released and {@link #run()} throws (on a deployment: the job fails).
 */
public final class ModelParallelRuntime {
  /*
   * Implementation notes.
   *
   * Where the scheduler runs. STRADS runs its schedulers as a role of their own, with processes of
   * their own. Here the scheduler and its pipeline live with the puller (worker 0), in its process:
   * the puller already holds the feedback (the changes it decided) and hands out the next task in
   * the same broadcast as the changes, so a round costs the same two exchanges whether or not
   * anything is scheduled. A scheduler role would add a process and a network hop per round
   * (feedback to it, the task back) for no gain at this scale: scheduling a round costs
   * microseconds to milliseconds, which the pipeline already hides behind the rounds in flight.
   *
   * Exchanges. Embedded, run() uses EmbeddedExchange (threads meet at a Phaser, one clock a
   * round); workerProgram() uses TableExchange, which works on every deployment (two BSP clocks a
   * round) and gives the puller the same sums bit for bit, so a job's rounds are the same on every
   * deployment for the same per-worker data.
   */

  /** Name of the table holding the parameters. */
  public static final String PARAMETER_TABLE = "sched.params";
  /** Parameters per row of {@link #PARAMETER_TABLE} (fewer if there are fewer parameters). */
  public static final int PARAMETER_ROW_WIDTH = 1024;

  private final ModelParallelProgram program;
  private final int numParams;
  private final int workers;
  private final int shards;
  private final Scheduler scheduler;
  private final int parallelism;
  private final int depth;
  private final int maxRounds;
  private final long seed;
  private final RoundListener listener;
  private final List<TableSpec> tables;
  private final int maxTaskSize;
  private final int width;
  private final int rows;
  private boolean ran;

  // Written by the puller, read after the job (thread join orders them).
  private int completedRounds;
  private long updates;
  private double seconds;

  private ModelParallelRuntime(Builder b) {
    this.program = b.program;
    this.numParams = b.program.numParams();
    if (numParams < 1) {
      throw new IllegalArgumentException("a program needs at least one parameter, had " + numParams);
    }
    if (b.program.numStatistics() < 0) {
      throw new IllegalArgumentException("numStatistics must be >= 0, was " + b.program.numStatistics());
    }
    this.workers = b.workers;
    this.shards = b.shards;
    this.scheduler = b.scheduler;
    this.parallelism = b.parallelism;
    this.depth = b.depth;
    this.maxRounds = b.maxRounds;
    this.seed = b.seed;
    this.listener = b.listener;
    this.maxTaskSize = b.maxTaskSize > 0 ? b.maxTaskSize : Math.min(parallelism, numParams);
    this.width = Math.min(PARAMETER_ROW_WIDTH, numParams);
    this.rows = (numParams + width - 1) / width;
    List<TableSpec> t = new ArrayList<>(b.tables);
    t.add(0, parameterTable(numParams));
    this.tables = List.copyOf(t);
  }

  private static TableSpec parameterTable(int numParams) {
    int width = Math.min(PARAMETER_ROW_WIDTH, numParams);
    // Only the puller writes it and nobody reads it during the job, so consistency is moot.
    return TableSpec.builder(PARAMETER_TABLE).dense(ValueType.DOUBLE).rows((numParams + width - 1) / width)
        .width(width).consistency(Consistency.bsp()).build();
  }

  /**
   * The runtime's own tables for a job on a {@link org.petuum4j.ps.job.Deployment}: the parameter
   * table and the exchange's. A {@link org.petuum4j.ps.job.JobFactory} returns them with the
   * program's own tables; the arguments must match the runtime its processes build.
   *
   * @param numParams the program's {@link ModelParallelProgram#numParams()}
   * @param numStatistics the program's {@link ModelParallelProgram#numStatistics()}
   * @param workers worker threads of the job, over all processes
   * @param maxTaskSize the most parameters a round may have: the runtime's {@link
   *     Builder#maxTaskSize}, by default {@code min(parallelism, numParams)}
   */
  public static List<TableSpec> runtimeTables(int numParams, int numStatistics, int workers, int maxTaskSize) {
    if (numParams < 1 || numStatistics < 0 || workers < 1 || maxTaskSize < 1) {
      throw new IllegalArgumentException("runtime tables need numParams >= 1, numStatistics >= 0, workers >= 1 and "
          + "maxTaskSize >= 1; had " + numParams + ", " + numStatistics + ", " + workers + ", " + maxTaskSize);
    }
    List<TableSpec> t = new ArrayList<>();
    t.add(parameterTable(numParams));
    t.addAll(List.of(TableExchange.tables(workers, maxTaskSize, numStatistics)));
    return List.copyOf(t);
  }

  /** Every table of this job on a deployment: {@link #runtimeTables} and the builder's {@link Builder#table}s. */
  public List<TableSpec> jobTables() {
    List<TableSpec> t = new ArrayList<>(runtimeTables(numParams, program.numStatistics(), workers, maxTaskSize));
    t.addAll(tables.subList(1, tables.size()));
    return List.copyOf(t);
  }

  /**
   * This job's rounds as the program of one process of a deployment; every process of the job
   * builds an equal runtime (same workers, schedule, parallelism, rounds, seed) around its own
   * program instance and runs what this returns on its worker threads. The scheduler and the
   * listener run in the process of worker 0 (the puller) alone. The workers exchange partial
   * results and decisions through the tables of {@link #runtimeTables}, which the job must have.
   *
   * @throws IllegalArgumentException if the process's job has another number of workers
   * @throws IllegalStateException if this runtime already ran
   */
  public WorkerProgram workerProgram(ProcessContext process) {
    if (process.shape().workers() != workers) {
      throw new IllegalArgumentException("the runtime was built for " + workers + " workers, the job has "
          + process.shape().workers());
    }
    synchronized (this) {
      if (ran) {
        throw new IllegalStateException("this runtime already ran a job; build a new one");
      }
      ran = true;
    }
    TableExchange exchange = new TableExchange(workers, maxTaskSize, program.numStatistics());
    SchedulePipeline pipeline = new SchedulePipeline(scheduler, depth, maxRounds);
    return ctx -> {
      try {
        runWorker(ctx, exchange, pipeline);
      } finally {
        if (ctx.workerId() == Exchange.PULLER) {
          pipeline.close();
        }
      }
    };
  }

  /** The parameters in the final tables of a job run through {@link #workerProgram}. */
  public static double[] readParameters(JobResult result, int numParams) {
    int width = Math.min(PARAMETER_ROW_WIDTH, numParams);
    double[] params = new double[numParams];
    for (int r = 0, rows = (numParams + width - 1) / width; r < rows; r++) {
      Row row = result.read(PARAMETER_TABLE, r);
      int base = r * width;
      for (int c = 0, end = Math.min(width, numParams - base); c < end; c++) {
        params[base + c] = row.get(c);
      }
    }
    return params;
  }

  public static Builder builder(ModelParallelProgram program) {
    if (program == null) {
      throw new IllegalArgumentException("program must not be null");
    }
    return new Builder(program);
  }

  /**
   * What a job produced.
   *
   * @param parameters the final parameter values, read from the parameter table
   * @param rounds rounds applied
   * @param updates parameter updates applied (sum of the rounds' task sizes)
   * @param seconds wall-clock seconds from the start of round 0 to the end of the last round
   */
  public record Result(double[] parameters, int rounds, long updates, double seconds) {}

  /**
   * Runs the job to the end: {@code maxRounds} rounds, or until the listener stops it.
   *
   * @throws PsException if a worker, the scheduler or the listener failed, with the failure as
   *     cause
   * @throws IllegalStateException if this runtime already ran
   */
  public Result run() {
    synchronized (this) {
      if (ran) {
        throw new IllegalStateException("this runtime already ran a job; build a new one");
      }
      ran = true;
    }
    EmbeddedExchange exchange = new EmbeddedExchange(workers);
    SchedulePipeline pipeline = new SchedulePipeline(scheduler, depth, maxRounds);
    EmbeddedRuntime.Builder rb = EmbeddedRuntime.builder().workers(workers).shards(shards);
    tables.forEach(rb::table);
    try (EmbeddedRuntime rt = rb.build(); pipeline) {
      rt.run(ctx -> runWorker(ctx, exchange, pipeline));
      double[] params = new double[numParams];
      for (int r = 0; r < rows; r++) {
        Row row = rt.read(PARAMETER_TABLE, r);
        int base = r * width;
        for (int c = 0, end = Math.min(width, numParams - base); c < end; c++) {
          params[base + c] = row.get(c);
        }
      }
      return new Result(params, completedRounds, updates, seconds);
    }
  }

  private void runWorker(WorkerContext ctx, Exchange exchange, SchedulePipeline pipeline) throws Exception {
    int w = ctx.workerId();
    try {
      program.init(ctx);
      // Every worker's init, including its table increments, is done and visible.
      ctx.barrier();
      Puller puller = w == Exchange.PULLER ? new Puller(ctx, pipeline) : null;
      Exchange.Decision d = exchange.broadcast(ctx, puller == null ? null : puller.start());
      int stats = program.numStatistics();
      double[] statsOut = new double[stats];
      double[] partials = new double[16];
      while (true) {
        Task task = d.next();
        int p = task == null ? 0 : task.size();
        if (partials.length < p + stats) {
          partials = new double[Math.max(p + stats, 2 * partials.length)];
        } else {
          Arrays.fill(partials, 0, p + stats, 0);
        }
        if (task != null) {
          program.push(ctx, task, partials);
        }
        if (stats > 0) {
          Arrays.fill(statsOut, 0);
          program.statistics(ctx, statsOut);
          System.arraycopy(statsOut, 0, partials, p, stats);
        }
        double[] sums = exchange.reduce(ctx, task, partials, stats);
        d = exchange.broadcast(ctx, puller == null ? null : puller.decide(task, sums));
        if (d.stop()) {
          break;
        }
        program.update(ctx, task, d.deltas());
        if (puller != null) {
          puller.roundApplied();
        }
        exchange.endRound(ctx);
      }
    } catch (Throwable e) {
      exchange.abort(e);
      pipeline.abort(e);
      throw e;
    }
  }

  /** Worker 0's part: sums to changes, the parameter table, the schedule, the listener. */
  private final class Puller {
    private final Table table;
    private final SchedulePipeline pipeline;
    private final double[] values = new double[numParams];
    private final boolean[] inRound = new boolean[numParams];
    private double[] current = new double[16];
    private double[] deltas = new double[16];
    private int round;
    private long start;
    private long lastRoundEnd;

    Puller(WorkerContext ctx, SchedulePipeline pipeline) {
      this.table = ctx.table(PARAMETER_TABLE);
      this.pipeline = pipeline;
      double[] row = new double[width];
      for (int r = 0; r < rows; r++) {
        table.get(r).copyTo(row);
        int base = r * width;
        System.arraycopy(row, 0, values, base, Math.min(width, numParams - base));
      }
    }

    Exchange.Decision start() {
      scheduler.init(numParams, workers, parallelism, seed);
      pipeline.start();
      Task first = maxRounds > 0 ? checked(pipeline.take(0), 0) : null;
      start = System.nanoTime();
      lastRoundEnd = start;
      return new Exchange.Decision(null, first, false);
    }

    Exchange.Decision decide(Task task, double[] sums) {
      int p = task == null ? 0 : task.size();
      double[] stats = Arrays.copyOfRange(sums, p, p + program.numStatistics());
      seconds = (lastRoundEnd - start) / 1e9;
      boolean go = listener.onRound(new RoundReport(round, seconds, updates, stats));
      if (!go || task == null) {
        return new Exchange.Decision(null, null, true);
      }
      if (current.length < p) {
        current = new double[Math.max(p, 2 * current.length)];
        deltas = new double[current.length];
      }
      for (int i = 0; i < p; i++) {
        current[i] = values[task.param(i)];
      }
      Arrays.fill(deltas, 0, p, 0);
      program.pull(task, current, sums, deltas);
      for (int i = 0; i < p; i++) {
        double delta = deltas[i];
        if (!Double.isFinite(delta)) {
          throw new PsException("pull produced a non-finite change " + delta + " for parameter "
              + task.param(i) + " in round " + round);
        }
        if (delta != 0) {
          int j = task.param(i);
          values[j] += delta;
          table.inc(j / width, j % width, delta);
        }
      }
      updates += p;
      pipeline.feedback(round, task, Arrays.copyOf(deltas, p));
      round++;
      Task next = round < maxRounds ? checked(pipeline.take(round), round) : null;
      return new Exchange.Decision(deltas, next, false);
    }

    void roundApplied() {
      lastRoundEnd = System.nanoTime();
      completedRounds = round;
    }

    /** Rejects a scheduler's task that names a parameter twice or out of range. */
    private Task checked(Task t, int r) {
      if (t == null) {
        throw new PsException("the scheduler returned no task for round " + r);
      }
      if (!t.isShared() && t.workers() != workers) {
        throw new PsException("the scheduler's task for round " + r + " is partitioned for "
            + t.workers() + " workers, the job has " + workers);
      }
      int bad = -1;
      String why = null;
      int i = 0;
      for (; i < t.size(); i++) {
        int j = t.param(i);
        if (j < 0 || j >= numParams) {
          bad = j;
          why = "outside [0, " + numParams + ")";
          break;
        }
        if (inRound[j]) {
          bad = j;
          why = "twice";
          break;
        }
        inRound[j] = true;
      }
      for (int k = 0; k < i; k++) {
        inRound[t.param(k)] = false;
      }
      if (why != null) {
        throw new PsException("the scheduler's task for round " + r + " names parameter " + bad + " " + why);
      }
      return t;
    }
  }

  /** Builder; validates eagerly. */
  public static final class Builder {
    private final ModelParallelProgram program;
    private int workers = 1;
    private int shards = 1;
    private Scheduler scheduler = Schedulers.roundRobin();
    private int parallelism = 1;
    private int depth = 1;
    private int maxTaskSize;
    private int maxRounds = Integer.MAX_VALUE;
    private boolean stopSet;
    private long seed = 1;
    private RoundListener listener = RoundListener.NONE;
    private final List<TableSpec> tables = new ArrayList<>();

    private Builder(ModelParallelProgram program) {
      this.program = program;
    }

    /** Worker threads, at least 1 (default 1). */
    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("workers must be >= 1, was " + n);
      }
      this.workers = n;
      return this;
    }

    /** Parameter-server shards, at least 1 (default 1). */
    public Builder shards(int m) {
      if (m < 1) {
        throw new IllegalArgumentException("shards must be >= 1, was " + m);
      }
      this.shards = m;
      return this;
    }

    /** The schedule (default {@link Schedulers#roundRobin()}); one scheduler serves one job. */
    public Builder scheduler(Scheduler s) {
      if (s == null) {
        throw new IllegalArgumentException("scheduler must not be null");
      }
      this.scheduler = s;
      return this;
    }

    /** Parameters per round {@code P}, at least 1 (default 1); capped at the parameter count. */
    public Builder parallelism(int p) {
      if (p < 1) {
        throw new IllegalArgumentException("parallelism must be >= 1, was " + p);
      }
      this.parallelism = p;
      return this;
    }

    /**
     * How many rounds ahead the scheduler may run, 0 to 64 (default 1): round {@code r} is
     * scheduled with the changes of rounds {@code < r - depth}. 0 schedules each round after the
     * previous one, on the puller.
     */
    public Builder pipelineDepth(int d) {
      if (d < 0 || d > 64) {
        throw new IllegalArgumentException("pipeline depth must be between 0 and 64, was " + d);
      }
      this.depth = d;
      return this;
    }

    /**
     * The most parameters a round's task may have on a deployment, where the exchange tables are
     * sized for it (default {@code min(parallelism, numParams)}; a rotation's rounds need {@code
     * numParams}). A larger task fails the job there; the embedded {@link #run()} has no limit.
     */
    public Builder maxTaskSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxTaskSize must be >= 1, was " + n);
      }
      this.maxTaskSize = n;
      return this;
    }

    /** Stop after this many rounds, {@code >= 0}. */
    public Builder maxRounds(int rounds) {
      if (rounds < 0) {
        throw new IllegalArgumentException("maxRounds must be >= 0, was " + rounds);
      }
      this.maxRounds = rounds;
      this.stopSet = true;
      return this;
    }

    /** Seed handed to the scheduler (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Receives a report per round and may stop the job (see {@link RoundListener}). */
    public Builder listener(RoundListener l) {
      if (l == null) {
        throw new IllegalArgumentException("listener must not be null");
      }
      this.listener = l;
      this.stopSet |= l != RoundListener.NONE;
      return this;
    }

    /** Adds a table for the program's own use (e.g. an initial reduction); names must be unique. */
    public Builder table(TableSpec spec) {
      if (spec.name().equals(PARAMETER_TABLE)) {
        throw new IllegalArgumentException("table name '" + PARAMETER_TABLE + "' is the runtime's own");
      }
      for (TableSpec t : tables) {
        if (t.name().equals(spec.name())) {
          throw new IllegalArgumentException("table '" + spec.name() + "' was already added");
        }
      }
      tables.add(spec);
      return this;
    }

    /**
     * @throws IllegalStateException if neither {@link #maxRounds} nor a {@link #listener} was set,
     *     so that nothing would end the job
     */
    public ModelParallelRuntime build() {
      if (!stopSet) {
        throw new IllegalStateException("set maxRounds or a listener that stops the job");
      }
      return new ModelParallelRuntime(this);
    }
  }
}

package org.petuum4j.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.JobRunner;
import org.petuum4j.ps.WorkerContext;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

@Timeout(30)
class ModelParallelRuntimeTest {

  /**
   * Sets every parameter it is scheduled on to the sum over workers of {@code data[w][j] = (w + 1)
   * * (j + 1)}, so after one sweep each parameter is {@code W (W + 1) / 2 * (j + 1)}. Each worker
   * counts the changes it applied and reports the count as its statistic.
   */
  static class SumProgram implements ModelParallelProgram {
    final int n;
    final int workers;
    final long[] applied;
    final AtomicInteger pulls = new AtomicInteger();

    SumProgram(int n, int workers) {
      this.n = n;
      this.workers = workers;
      this.applied = new long[workers];
    }

    @Override
    public int numParams() {
      return n;
    }

    @Override
    public void push(WorkerContext ctx, Task task, double[] partialsOut) {
      int w = ctx.workerId();
      for (int i = task.from(w); i < task.to(w); i++) {
        partialsOut[i] = (w + 1.0) * (task.param(i) + 1);
      }
    }

    @Override
    public void pull(Task task, double[] current, double[] summed, double[] deltasOut) {
      pulls.incrementAndGet();
      for (int i = 0; i < task.size(); i++) {
        deltasOut[i] = summed[i] - current[i];
      }
    }

    @Override
    public void update(WorkerContext ctx, Task task, double[] deltas) {
      applied[ctx.workerId()] += task.size();
    }

    @Override
    public int numStatistics() {
      return 1;
    }

    @Override
    public void statistics(WorkerContext ctx, double[] out) {
      out[0] = applied[ctx.workerId()];
    }
  }

  @Test
  void workerProgram_onADeployment_givesTheEmbeddedRunsParametersAndReports() {
    for (Scheduler[] pair : new Scheduler[][] {{Schedulers.priority(), Schedulers.priority()},
        {Schedulers.rotation(4), Schedulers.rotation(4)}, {Schedulers.random(), Schedulers.random()}}) {
      List<double[]> embeddedStats = new ArrayList<>();
      ModelParallelRuntime.Result embedded = ModelParallelRuntime.builder(new SumProgram(13, 3))
          .workers(3).scheduler(pair[0]).parallelism(4).pipelineDepth(2).maxRounds(25).seed(5)
          .listener(r -> embeddedStats.add(r.statistics().clone())).build().run();

      List<double[]> stats = new ArrayList<>();
      ModelParallelRuntime rt = ModelParallelRuntime.builder(new SumProgram(13, 3))
          .workers(3).scheduler(pair[1]).parallelism(4).pipelineDepth(2).maxRounds(25).seed(5).maxTaskSize(13)
          .listener(r -> stats.add(r.statistics().clone())).build();
      List<TableSpec> tables = rt.jobTables();
      JobRunner.FinalRows rows = JobRunner.embedded().run(3, 2, tables,
          rt.workerProgram(new ProcessContext(0, 3, new JobShape(3, 2), EventSink.NONE)));
      double[] params = new double[13];
      for (int j = 0; j < 13; j++) {
        params[j] = rows.read(ModelParallelRuntime.PARAMETER_TABLE, 0).get(j);
      }

      assertThat(params).as("%s", pair[0]).containsExactly(embedded.parameters());
      assertThat(stats).hasSameSizeAs(embeddedStats);
      for (int r = 0; r < stats.size(); r++) {
        assertThat(stats.get(r)).containsExactly(embeddedStats.get(r));
      }
    }
  }

  @Test
  void workerProgram_taskLargerThanTheExchangeTables_failsTheJobWithTheLimit() {
    ModelParallelRuntime rt = ModelParallelRuntime.builder(new SumProgram(12, 2))
        .workers(2).scheduler(Schedulers.rotation(2)).maxRounds(3).build();
    assertThatThrownBy(() -> JobRunner.embedded().run(2, 1, rt.jobTables(),
        rt.workerProgram(new ProcessContext(0, 2, new JobShape(2, 1), EventSink.NONE))))
        .satisfies(e -> assertThat(ExchangeContract.chain(e)).contains("more than the 1 the exchange tables were made for"));
  }

  @Test
  void run_sumsPartialsOverWorkersIntoTheParameterTable() {
    SumProgram prog = new SumProgram(10, 3);
    ModelParallelRuntime.Result r = ModelParallelRuntime.builder(prog)
        .workers(3).shards(2).parallelism(3).maxRounds(4).build().run();

    assertThat(r.rounds()).isEqualTo(4);
    assertThat(r.updates()).isEqualTo(12);
    for (int j = 0; j < 10; j++) {
      assertThat(r.parameters()[j]).isEqualTo(6.0 * (j + 1));
    }
    assertThat(prog.pulls).hasValue(4);
    assertThat(prog.applied).containsExactly(12, 12, 12);
  }

  @Test
  void run_writesParametersAcrossSeveralTableRows() {
    int n = 2 * ModelParallelRuntime.PARAMETER_ROW_WIDTH + 5;
    SumProgram prog = new SumProgram(n, 2);
    ModelParallelRuntime.Result r = ModelParallelRuntime.builder(prog)
        .workers(2).parallelism(500).maxRounds((n + 499) / 500).build().run();
    for (int j = 0; j < n; j++) {
      assertThat(r.parameters()[j]).isEqualTo(3.0 * (j + 1));
    }
  }

  @Test
  void listener_seesEveryRoundBoundaryWithSummedStatistics() {
    List<RoundReport> reports = Collections.synchronizedList(new ArrayList<>());
    ModelParallelRuntime.builder(new SumProgram(8, 2))
        .workers(2).parallelism(3).maxRounds(5)
        .listener(rep -> reports.add(rep))
        .build().run();

    assertThat(reports).extracting(RoundReport::completedRounds).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(reports).extracting(RoundReport::updates).containsExactly(0L, 3L, 6L, 9L, 12L, 15L);
    // Two workers each applied 3 changes per round.
    assertThat(reports).extracting(rep -> rep.statistics()[0]).containsExactly(0.0, 6.0, 12.0, 18.0, 24.0, 30.0);
    assertThat(reports.get(0).seconds()).isZero();
    for (int i = 1; i < reports.size(); i++) {
      assertThat(reports.get(i).seconds()).isGreaterThanOrEqualTo(reports.get(i - 1).seconds());
    }
  }

  @Test
  void listener_stopsTheJobBeforeTheNextPull() {
    SumProgram prog = new SumProgram(8, 2);
    ModelParallelRuntime.Result r = ModelParallelRuntime.builder(prog)
        .workers(2).parallelism(1)
        .listener(rep -> rep.completedRounds() < 3)
        .build().run();

    assertThat(r.rounds()).isEqualTo(3);
    assertThat(prog.pulls).hasValue(3);
    assertThat(r.parameters()).containsExactly(3, 6, 9, 0, 0, 0, 0, 0);
  }

  @Test
  void initIncrements_becomeTheInitialParameterValues() {
    SumProgram prog = new SumProgram(4, 2) {
      @Override
      public void init(WorkerContext ctx) {
        ctx.table(ModelParallelRuntime.PARAMETER_TABLE).inc(0, 3, 100 + ctx.workerId());
      }

      @Override
      public void pull(Task task, double[] current, double[] summed, double[] deltasOut) {
        for (int i = 0; i < task.size(); i++) {
          deltasOut[i] = task.param(i) == 3 ? 0.5 : 0;
          if (task.param(i) == 3) {
            assertThat(current[i]).isEqualTo(201);
          }
        }
      }
    };
    ModelParallelRuntime.Result r = ModelParallelRuntime.builder(prog).workers(2).parallelism(4).maxRounds(1).build().run();
    assertThat(r.parameters()).containsExactly(0, 0, 0, 201.5);
  }

  @Test
  void programTables_areAvailableToTheProgram() {
    SumProgram prog = new SumProgram(3, 2) {
      @Override
      public void init(WorkerContext ctx) {
        Table t = ctx.table("norms");
        t.inc(0, 0, ctx.workerId() + 1);
        ctx.barrier();
        assertThat(t.get(0).get(0)).isEqualTo(3);
      }
    };
    ModelParallelRuntime.builder(prog).workers(2).maxRounds(1)
        .table(TableSpec.builder("norms").rows(1).width(1).build()).build().run();
  }

  @Test
  void rotation_runsPartitionedTasksWithOneContributorPerParameter() {
    int workers = 3;
    int n = 12;
    SumProgram prog = new SumProgram(n, workers) {
      @Override
      public void pull(Task task, double[] current, double[] summed, double[] deltasOut) {
        // Accumulate: after B rounds every block was pushed once by every worker.
        System.arraycopy(summed, 0, deltasOut, 0, task.size());
      }
    };
    ModelParallelRuntime.Result r = ModelParallelRuntime.builder(prog)
        .workers(workers).scheduler(Schedulers.rotation(workers)).maxRounds(workers).build().run();
    for (int j = 0; j < n; j++) {
      assertThat(r.parameters()[j]).as("parameter %d", j).isEqualTo((1 + 2 + 3) * (j + 1.0));
    }
    assertThat(r.updates()).isEqualTo((long) n * workers);
  }

  @Test
  void pushFailure_failsTheJobWithoutHangingTheOthers() {
    SumProgram prog = new SumProgram(6, 3) {
      @Override
      public void push(WorkerContext ctx, Task task, double[] partialsOut) {
        if (ctx.workerId() == 2 && applied[2] >= 4) {
          throw new IllegalStateException("disk on fire");
        }
        super.push(ctx, task, partialsOut);
      }
    };
    assertThatThrownBy(() -> ModelParallelRuntime.builder(prog).workers(3).parallelism(2).maxRounds(100).build().run())
        .isInstanceOf(PsException.class)
        .hasRootCauseMessage("disk on fire");
  }

  @Test
  void pullFailure_failsTheJob() {
    SumProgram prog = new SumProgram(6, 2) {
      @Override
      public void pull(Task task, double[] current, double[] summed, double[] deltasOut) {
        throw new ArithmeticException("bad pull");
      }
    };
    assertThatThrownBy(() -> ModelParallelRuntime.builder(prog).workers(2).maxRounds(5).build().run())
        .hasRootCauseMessage("bad pull");
  }

  @Test
  void nonFiniteChange_isRejectedNamingParameterAndRound() {
    SumProgram prog = new SumProgram(6, 2) {
      @Override
      public void pull(Task task, double[] current, double[] summed, double[] deltasOut) {
        deltasOut[0] = pulls.incrementAndGet() == 3 ? Double.NaN : 1;
      }
    };
    assertThatThrownBy(() -> ModelParallelRuntime.builder(prog).workers(2).maxRounds(5).build().run())
        .hasStackTraceContaining("pull produced a non-finite change NaN for parameter 2 in round 2");
  }

  @Test
  void schedulerFailure_failsTheJob() {
    Scheduler broken = new Scheduler() {
      @Override
      public void init(int numParams, int numWorkers, int parallelism, long seed) {}

      @Override
      public Task schedule(int round) {
        if (round == 3) {
          throw new IllegalStateException("out of ideas");
        }
        return Task.of(round);
      }
    };
    assertThatThrownBy(() -> ModelParallelRuntime.builder(new SumProgram(6, 2))
            .workers(2).scheduler(broken).maxRounds(6).build().run())
        .hasRootCauseMessage("out of ideas");
  }

  @Test
  void badTasks_areRejectedNamingTheRoundAndParameter() {
    Scheduler twice = fixed(Task.of(1, 2, 1));
    assertThatThrownBy(() -> ModelParallelRuntime.builder(new SumProgram(6, 1)).scheduler(twice).maxRounds(2).build().run())
        .hasStackTraceContaining("the scheduler's task for round 0 names parameter 1 twice");
    Scheduler outside = fixed(Task.of(6));
    assertThatThrownBy(() -> ModelParallelRuntime.builder(new SumProgram(6, 1)).scheduler(outside).maxRounds(2).build().run())
        .hasStackTraceContaining("names parameter 6 outside [0, 6)");
    Scheduler wrongWorkers = fixed(Task.partitioned(new int[][] {{0}, {1}}));
    assertThatThrownBy(() -> ModelParallelRuntime.builder(new SumProgram(6, 3)).workers(3).scheduler(wrongWorkers).maxRounds(2).build().run())
        .hasStackTraceContaining("partitioned for 2 workers, the job has 3");
  }

  @Test
  void emptyTasks_andZeroRoundsAreFine() {
    ModelParallelRuntime.Result r = ModelParallelRuntime.builder(new SumProgram(3, 2))
        .workers(2).scheduler(fixed(Task.of())).maxRounds(3).build().run();
    assertThat(r.rounds()).isEqualTo(3);
    assertThat(r.updates()).isZero();
    List<RoundReport> reports = new ArrayList<>();
    ModelParallelRuntime.Result none = ModelParallelRuntime.builder(new SumProgram(3, 2))
        .workers(2).maxRounds(0).listener(reports::add).build().run();
    assertThat(none.rounds()).isZero();
    assertThat(reports).extracting(RoundReport::completedRounds).containsExactly(0);
  }

  @Test
  void builder_rejectsBadSettingsNamingThem() {
    SumProgram p = new SumProgram(3, 1);
    assertThatThrownBy(() -> ModelParallelRuntime.builder(p).workers(0)).hasMessage("workers must be >= 1, was 0");
    assertThatThrownBy(() -> ModelParallelRuntime.builder(p).parallelism(0)).hasMessage("parallelism must be >= 1, was 0");
    assertThatThrownBy(() -> ModelParallelRuntime.builder(p).pipelineDepth(65)).hasMessage("pipeline depth must be between 0 and 64, was 65");
    assertThatThrownBy(() -> ModelParallelRuntime.builder(p).maxRounds(-1)).hasMessage("maxRounds must be >= 0, was -1");
    assertThatThrownBy(() -> ModelParallelRuntime.builder(p).build()).hasMessage("set maxRounds or a listener that stops the job");
    assertThatThrownBy(() -> ModelParallelRuntime.builder(p).table(TableSpec.builder(ModelParallelRuntime.PARAMETER_TABLE).build()))
        .hasMessageContaining("is the runtime's own");
    assertThatThrownBy(() -> ModelParallelRuntime.builder(new SumProgram(0, 1)).maxRounds(1).build())
        .hasMessage("a program needs at least one parameter, had 0");
  }

  @Test
  void run_twiceIsRejected() {
    ModelParallelRuntime rt = ModelParallelRuntime.builder(new SumProgram(3, 1)).maxRounds(1).build();
    rt.run();
    assertThatThrownBy(rt::run).isInstanceOf(IllegalStateException.class);
  }

  private static Scheduler fixed(Task t) {
    return new Scheduler() {
      @Override
      public void init(int numParams, int numWorkers, int parallelism, long seed) {}

      @Override
      public Task schedule(int round) {
        return t;
      }
    };
  }
}

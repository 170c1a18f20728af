package org.petuum4j.net;

import java.util.List;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/** Job factories the multi-process tests run; public so that worker processes can load them by name. */
public final class TestJobs {
  private TestJobs() {}

  static final TableSpec COUNTS = TableSpec.builder("counts").dense(ValueType.LONG).rows(4).width(16)
      .consistency(Consistency.ssp(1)).build();

  /**
   * Every worker adds {@code worker + 1} to cell {@code (clock mod 4, worker)} for {@code clocks}
   * clocks (parameter, default 20), sleeping {@code sleepMs} per clock, with a barrier halfway;
   * worker 0 emits an event per clock. Every process reports its pid as an event first.
   */
  public static final class Counting implements JobFactory {
    public Counting() {}

    @Override
    public List<TableSpec> tables(JobParams params, JobShape shape) {
      return List.of(COUNTS);
    }

    @Override
    public WorkerProgram program(JobParams params, ProcessContext process) {
      int clocks = params.integer("clocks", 20);
      long sleepMs = params.longValue("sleepMs", 0);
      process.events().emit("pid " + ProcessHandle.current().pid());
      return ctx -> {
        Table t = ctx.table("counts");
        for (int c = 0; c < clocks; c++) {
          t.get(c % 4);
          t.incLong(c % 4, ctx.workerId(), ctx.workerId() + 1);
          if (sleepMs > 0) {
            Thread.sleep(sleepMs);
          }
          ctx.clock();
          if (c == clocks / 2) {
            ctx.barrier();
          }
          if (ctx.workerId() == 0) {
            process.events().emit("clock " + c);
          }
        }
      };
    }
  }
}

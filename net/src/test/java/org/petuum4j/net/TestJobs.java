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
   * A deterministic integer program with checkpointed worker state: at clock c every worker adds
   * {@code (w + 1) * c} to cell {@code (c mod 3, w)} and c to its running total, which it adds to
   * cell {@code (3, w)} at the end; {@code clocks} clocks (default 40), {@code sleepMs} per clock.
   * Every process reports its pid first.
   */
  public static final class Summing implements JobFactory {
    public Summing() {}

    @Override
    public boolean resumable() {
      return true;
    }

    @Override
    public List<TableSpec> tables(JobParams params, JobShape shape) {
      return List.of(COUNTS);
    }

    @Override
    public WorkerProgram program(JobParams params, ProcessContext process) {
      int clocks = params.integer("clocks", 40);
      long sleepMs = params.longValue("sleepMs", 0);
      process.events().emit("pid " + ProcessHandle.current().pid());
      return ctx -> {
        long[] total = {0};
        ctx.checkpointed(new org.petuum4j.ps.Checkpointable() {
          @Override
          public void save(java.io.DataOutputStream out) throws java.io.IOException {
            out.writeLong(total[0]);
          }

          @Override
          public void restore(java.io.DataInputStream in) throws java.io.IOException {
            total[0] = in.readLong();
          }
        });
        Table t = ctx.table("counts");
        for (int c = ctx.currentClock(); c < clocks; c++) {
          t.get(c % 3);
          t.incLong(c % 3, ctx.workerId(), (long) (ctx.workerId() + 1) * c);
          total[0] += c;
          if (sleepMs > 0) {
            Thread.sleep(sleepMs);
          }
          ctx.clock();
        }
        t.incLong(3, ctx.workerId(), total[0]);
      };
    }

    /** The final value of cell {@code (row, w)}. */
    static long expected(int row, int w, int clocks) {
      long sum = 0;
      for (int c = 0; c < clocks; c++) {
        if (row == 3) {
          sum += c;
        } else if (c % 3 == row) {
          sum += (long) (w + 1) * c;
        }
      }
      return sum;
    }
  }

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

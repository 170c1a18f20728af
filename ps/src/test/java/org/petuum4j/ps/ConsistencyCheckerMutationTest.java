package org.petuum4j.ps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.petuum4j.ps.client.PsClient;

/**
 * The checker is only worth its zero if it catches a broken implementation: here the client's
 * read path is mutated to accept rows one clock staler than the table allows.
 */
class ConsistencyCheckerMutationTest {
  private static final JobRunner TOO_STALE = JobRunner.embedded(new PsClient.Options(1));

  @Test
  void checker_catchesReadPathServingTooStaleRow() {
    // Worker 0 reads at clock 0, then again at clock 1: under BSP it must see worker 1's clock-0
    // increment; the mutant keeps serving the clock-0 copy, which lacks it.
    ConsistencyChecker checker = readTwiceUnderBsp(TOO_STALE);
    assertThat(checker.violations())
        .anySatisfy(v -> assertThat(v).contains("thread 0 at clock 1").contains("must contain at least"));
  }

  @Test
  void checker_findsNoViolationInTheSameProgramOnTheCorrectReadPath() {
    ConsistencyChecker checker = readTwiceUnderBsp(JobRunner.embedded());
    assertThat(checker.readCount()).isEqualTo(8);
    assertThat(checker.violations()).isEmpty();
  }

  /** Two workers each read, increment their own cell, clock, and read again, under BSP. */
  private static ConsistencyChecker readTwiceUnderBsp(JobRunner runner) {
    ConsistencyChecker checker = new ConsistencyChecker(0);
    TableSpec spec = TableSpec.builder("t").dense(ValueType.LONG).rows(1).width(2).consistency(Consistency.bsp()).build();
    runner.run(2, 1, List.of(spec), ctx -> {
      Table t = checker.recording(ctx, ctx.table("t"));
      t.get(0);
      t.incLong(0, ctx.workerId(), 1);
      ctx.clock();
      t.get(0);
      ctx.clock();
    });
    return checker;
  }

  @Test
  void checker_catchesTheMutantInRandomProgramsWithAStraggler() {
    int caught = 0;
    List<String> sample = new ArrayList<>();
    for (long seed = 1; seed <= 10; seed++) {
      RandomProgram p = new RandomProgram(3, 2, Consistency.ssp(1), RowKind.DENSE, ValueType.LONG, 6, 2, 0, 1500, seed);
      List<String> v = p.runAndCheck(TOO_STALE);
      if (!v.isEmpty()) {
        caught++;
        sample.add(v.get(0));
      }
    }
    assertThat(caught).as("programs in which the too-stale mutant was caught: %s", sample).isGreaterThanOrEqualTo(5);
  }
}

package org.petuum4j.sched;

import java.util.List;
import org.petuum4j.ps.JobRunner;
import org.petuum4j.ps.TableSpec;

/** The exchange between the threads of one process. */
class EmbeddedExchangeTest extends ExchangeContract {
  @Override
  protected JobRunner runner() {
    return JobRunner.embedded();
  }

  @Override
  Exchange exchange(int workers, int capacity, int stats) {
    return new EmbeddedExchange(workers);
  }

  @Override
  List<TableSpec> tables(int workers, int capacity, int stats) {
    return List.of();
  }
}

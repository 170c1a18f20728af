package org.petuum4j.sched;

import java.util.List;
import org.petuum4j.ps.JobRunner;
import org.petuum4j.ps.TableSpec;

/** The exchange through tables, on the embedded runtime; {@code NettyTableExchangeTest} in module net runs it over Netty. */
public class TableExchangeTest extends ExchangeContract {
  @Override
  protected JobRunner runner() {
    return JobRunner.embedded();
  }

  @Override
  Exchange exchange(int workers, int capacity, int stats) {
    return new TableExchange(workers, capacity, stats);
  }

  @Override
  List<TableSpec> tables(int workers, int capacity, int stats) {
    return List.of(TableExchange.tables(workers, capacity, stats));
  }
}

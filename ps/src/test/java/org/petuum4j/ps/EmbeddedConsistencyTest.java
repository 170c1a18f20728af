package org.petuum4j.ps;

/** The SSP contract on the embedded runtime. */
class EmbeddedConsistencyTest extends ConsistencyContract {
  @Override
  protected JobRunner runner() {
    return JobRunner.embedded();
  }
}

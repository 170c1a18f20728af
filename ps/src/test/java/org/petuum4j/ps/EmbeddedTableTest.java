package org.petuum4j.ps;

/** Table semantics on the embedded runtime. */
class EmbeddedTableTest extends TableContract {
  @Override
  protected JobRunner runner() {
    return JobRunner.embedded();
  }
}

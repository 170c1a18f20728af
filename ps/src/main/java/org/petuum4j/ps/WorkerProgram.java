package org.petuum4j.ps;

/** The user's program, run once on every worker thread. */
@FunctionalInterface
public interface WorkerProgram {
  void run(WorkerContext ctx) throws Exception;
}

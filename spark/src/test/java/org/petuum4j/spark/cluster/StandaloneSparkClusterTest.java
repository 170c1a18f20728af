package org.petuum4j.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/** The fixture itself: a barrier stage of 2 tasks runs in 2 executor JVMs, and close leaves none. */
class StandaloneSparkClusterTest {

  @Test
  @Timeout(180)
  void barrierTasksRunInTwoExecutorJvmsAndCloseKillsEverything() {
    List<ProcessHandle> started;
    List<ProcessHandle> executors;
    List<Long> pids;
    try (StandaloneSparkCluster cluster = StandaloneSparkCluster.start()) {
      assertThat(cluster.masterUrl()).startsWith("spark://127.0.0.1:");
      SparkConf conf = new SparkConf().setAppName("fixture-test");
      cluster.driverConf().forEach(conf::set);
      try (JavaSparkContext sc = new JavaSparkContext(conf)) {
        JavaRDD<Integer> data = sc.parallelize(Arrays.asList(1, 2, 3, 4), 2);
        pids = JavaRDD.fromRDD(data.rdd().barrier().mapPartitions(new PidOfTask(), false,
            scala.reflect.ClassTag$.MODULE$.apply(Long.class)), scala.reflect.ClassTag$.MODULE$.apply(Long.class))
            .collect();
        executors = cluster.executorProcesses();
        started = new java.util.ArrayList<>(executors);
        started.addAll(cluster.workerProcesses());
        started.add(cluster.masterProcess());
      }
    }
    long self = ProcessHandle.current().pid();
    assertThat(pids).hasSize(2).doesNotHaveDuplicates().doesNotContain(self);
    assertThat(executors.stream().map(ProcessHandle::pid).collect(Collectors.toList()))
        .as("the tasks ran in the workers' executor JVMs")
        .containsExactlyInAnyOrderElementsOf(pids);
    assertThat(started).as("no process left after close").noneMatch(ProcessHandle::isAlive);
  }

  /** A barrier task: meets the other task, returns its JVM's pid. */
  private static final class PidOfTask
      extends AbstractFunction1<Iterator<Integer>, Iterator<Long>> implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Long> apply(Iterator<Integer> rows) {
      BarrierTaskContext.get().barrier();
      return CollectionConverters.asScala(List.of(ProcessHandle.current().pid()).iterator());
    }
  }
}

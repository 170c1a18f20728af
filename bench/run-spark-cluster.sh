#!/usr/bin/env bash
# petuum4j's Spark estimators vs Spark MLlib's on a real Spark standalone cluster (a master and two
# 1-core workers on loopback, each executor its own JVM; StandaloneSparkCluster from the spark
# module's tests), same executors, same cached DataFrame: time to the same held-out quality.
# Downloads Spark 4.1 (profile -Pbench) into the local Maven repository on first use; installs
# nothing else. Options go to SparkClusterBench, e.g.
#   bench/run-spark-cluster.sh                          # generated 100k x 10k x 50 non-zeros
#   bench/run-spark-cluster.sh --rows 20000 --repeats 1 # quick
#   bench/run-spark-cluster.sh --docs docs              # and write the row of docs/benchmarks.md
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# Compiles the reactor including test classes (the fixture lives in the spark module's tests; the
# sibling modules resolve to their target/classes and target/test-classes, nothing is installed)
# and writes bench's class path: ml, ps, sched, net, spark (+ its test classes) and Spark.
mvn -q -B -Pbench -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=target/peers.classpath
# The module opens Spark's own launcher passes on Java 17 (its JavaModuleOptions); the cluster's
# JVMs get them from the fixture.
source bench/spark-opens.sh
exec java -Xmx4g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${opens[@]}" \
  -cp "bench/target/classes:$(cat bench/target/peers.classpath)" \
  org.petuum4j.bench.SparkClusterBench "$@"

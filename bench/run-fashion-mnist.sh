#!/usr/bin/env bash
# Fashion-MNIST: k-means, petuum4j vs Spark MLlib KMeans (time to the same WCSS, alternating runs,
# medians), and petuum4j distance metric learning against the Euclidean distance (held-out pair
# accuracy; there is no Spark peer). Needs data/fashion-mnist/ from bench/data/fetch-fashion-mnist.sh.
# Writes two summary rows of docs/benchmarks.md and docs/img/kmeans-fashion-mnist.png with --docs docs.
# Options go to FashionMnistBench, e.g. --repeats 3 --kmeans-epochs 10 --dml-epochs 10 --parts kmeans,dml.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# Compiles the reactor (the sibling modules resolve to their target/classes, nothing is
# installed) and writes each module's classpath; bench's holds ml, ps, sched, net and Spark.
mvn -q -B -Pbench -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/peers.classpath
# The module opens Spark's own launcher passes on Java 17 (its JavaModuleOptions).
source bench/spark-opens.sh
exec java -Xmx8g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${opens[@]}" \
  -cp "bench/target/classes:$(cat bench/target/peers.classpath)" \
  org.petuum4j.bench.FashionMnistBench "$@"

#!/usr/bin/env bash
# Fashion-MNIST: k-means, petuum4j vs Spark MLlib KMeans (time to the same WCSS, alternating runs,
# medians); petuum4j distance metric learning against the Euclidean distance (held-out pair
# accuracy; there is no Spark peer); softmax regression, petuum4j vs Spark MLlib's multinomial
# LogisticRegression (time to the same held-out log-loss, alternating runs, medians). Needs
# data/fashion-mnist/ from bench/data/fetch-fashion-mnist.sh. Writes three summary rows of
# docs/benchmarks.md and docs/img/kmeans-fashion-mnist.png and docs/img/softmax-fashion-mnist.png
# with --docs docs. Options go to FashionMnistBench, e.g. --repeats 3 --kmeans-epochs 10
# --dml-epochs 10 --softmax-epochs 15 --softmax-spark-max-iter 100 --parts kmeans,dml,softmax (the
# default). Time on the 2-core machine: k-means and DML ~8 minutes; softmax ~20 unloaded, 41 as
# first measured under other builds' load (--repeats 3). Spark's search dominates: its fits from
# scratch at maxIter 100, then 5, 10, ..., 100 and the bisection, about 840 L-BFGS iterations.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# Compiles the reactor (the sibling modules resolve to their target/classes, nothing is
# installed) and writes each module's classpath; bench's holds ml, ps, sched, net and Spark.
mvn -q -B -Pbench -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=target/peers.classpath
# The module opens Spark's own launcher passes on Java 17 (its JavaModuleOptions).
source bench/spark-opens.sh
exec java -Xmx8g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${opens[@]}" \
  -cp "bench/target/classes:$(cat bench/target/peers.classpath)" \
  org.petuum4j.bench.FashionMnistBench "$@"

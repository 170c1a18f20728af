#!/usr/bin/env bash
# Logistic regression time-to-target, petuum4j vs Spark MLlib LogisticRegression (L2, no
# intercept, no standardization), same JVM, same data, same loss code. Downloads Spark 4.1
# (profile -Pbench) into the local Maven repository on first use; installs nothing else.
# Options go to LogRegVsSparkBench, e.g.
#   bench/run-logreg-vs-spark.sh                       # generated 100k x 10k x 50 non-zeros
#   bench/run-logreg-vs-spark.sh --train data/spamassassin/train.libsvm \
#       --test data/spamassassin/test.libsvm --name SpamAssassin --docs docs
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
  org.petuum4j.bench.LogRegVsSparkBench "$@"

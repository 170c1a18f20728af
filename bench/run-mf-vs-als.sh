#!/usr/bin/env bash
# Matrix factorisation time-to-RMSE, petuum4j vs Spark MLlib ALS (local[W]), same JVM, same ratings and
# split. Downloads Spark 4.1 (profile -Pbench) on first use. Options go to MfVsAlsBench, e.g.
#   bench/data/fetch-movielens.sh && bench/run-mf-vs-als.sh --ratings bench/data/data/movielens.tsv --name MovieLens --docs docs
# Builds the modules it needs in the reactor (no mvn install), so it runs this checkout's code.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -q -B -Pbench -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=target/peers.classpath
# The module opens Spark's own launcher passes on Java 17 (its JavaModuleOptions).
source bench/spark-opens.sh
exec java -Xmx4g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${opens[@]}" -cp "bench/target/classes:$(cat bench/target/peers.classpath)" \
  org.petuum4j.bench.MfVsAlsBench "$@"

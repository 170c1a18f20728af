#!/usr/bin/env bash
# Lasso time-to-target, petuum4j vs Spark MLlib LinearRegression (elastic net 1), same JVM, same
# data. Downloads Spark 4.1 (profile -Pbench) on first use. Options go to LassoVsSparkBench.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# Builds the modules it needs in the reactor (no mvn install), so it runs this checkout's code.
mvn -q -B -Pbench -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=target/peers.classpath
# The module opens Spark's own launcher passes on Java 17 (its JavaModuleOptions).
source bench/spark-opens.sh
exec java -Xmx12g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${opens[@]}" -cp "bench/target/classes:$(cat bench/target/peers.classpath)" \
  org.petuum4j.bench.LassoVsSparkBench "$@"

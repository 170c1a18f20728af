#!/usr/bin/env bash
# Lasso time-to-target, petuum4j vs Spark MLlib LinearRegression (elastic net 1), same JVM, same
# data. Downloads Spark 4.1 (profile -Pbench) on first use. Options go to LassoVsSparkBench.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# Builds the modules it needs in the reactor (no mvn install), so it runs this checkout's code.
mvn -q -B -Pbench -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/peers.classpath
# The module opens Spark's own launcher passes on Java 17 (its JavaModuleOptions).
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
exec java -Xmx12g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${opens[@]}" -cp "bench/target/classes:$(cat bench/target/peers.classpath)" \
  org.petuum4j.bench.LassoVsSparkBench "$@"

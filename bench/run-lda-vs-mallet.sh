#!/usr/bin/env bash
# LDA, petuum4j vs MALLET's ParallelTopicModel: same generated corpus, K, priors, threads and
# iterations; tokens/second and log-likelihood (same code for both) at equal wall time. With
# --systems spark (or petuum4j,mallet,spark), also petuum4j vs Spark MLlib's LDA: time to a training
# log-likelihood per token both reach. Builds the bench module with its peers (profile -Pbench,
# downloads MALLET and Spark on first use) without installing anything. Options go to
# LdaVsMalletBench, e.g. --topics 1000 --iterations 100.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# test-compile, not compile: the reactor resolves the spark module's test-jar (a -Pbench dependency) only from
# its compiled test classes.
mvn -q -B -Pbench -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=target/peers.classpath
cp="bench/target/classes:ml/target/classes:sched/target/classes:ps/target/classes:$(cat bench/target/peers.classpath)"
# The module opens Spark's own launcher passes on Java 17 (its JavaModuleOptions), for the Spark part.
source bench/spark-opens.sh
exec java -Xmx8g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${opens[@]}" -cp "$cp" \
  org.petuum4j.bench.LdaVsMalletBench "$@"

#!/usr/bin/env bash
# LDA, petuum4j vs MALLET's ParallelTopicModel: same generated corpus, K, priors, threads and
# iterations; tokens/second and log-likelihood (same code for both) at equal wall time. Builds the
# bench module with its peers (profile -Pbench, downloads MALLET and Spark on first use) without
# installing anything. Options go to LdaVsMalletBench, e.g. --topics 1000 --iterations 100.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -q -B -Pbench -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/peers.classpath
cp="bench/target/classes:ml/target/classes:sched/target/classes:ps/target/classes:$(cat bench/target/peers.classpath)"
exec java -Xmx8g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" org.petuum4j.bench.LdaVsMalletBench "$@"

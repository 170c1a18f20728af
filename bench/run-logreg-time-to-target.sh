#!/usr/bin/env bash
# Logistic regression's time to a held-out target with its defaults against its best setting from
# a small search (and, with --peer-name/--peer-seconds, against a peer figure measured elsewhere),
# with the spread of repeated runs. Generates the data (seeded) into data/bench/ on first use.
# Installs nothing. E.g. (the 100k x 10k row of docs/benchmarks.md):
#   bench/run-logreg-time-to-target.sh --rows 100000 --features 10000 --nnz 50 --target-error 0.1820 --docs docs
# Options: see org.petuum4j.bench.LogRegTimeToTargetBench.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -q -B -DskipTests package -pl bench -am
exec java -Xmx8g -Djava.awt.headless=true -cp bench/target/benchmarks.jar \
  org.petuum4j.bench.LogRegTimeToTargetBench "$@"

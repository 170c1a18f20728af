#!/usr/bin/env bash
# The SSP experiment for matrix factorisation (issue 6, item 5): data-parallel SGD (item factors in
# an SSP table) on generated ratings with one injected straggler, staleness 0, 1, 2, 4, 8 and
# unbounded, plus BSP without the straggler. Writes one CSV per run to runs/ssp-mf/, the plot
# docs/img/ssp-mf.png, its section and summary row of docs/benchmarks.md. Generates the ratings
# (seeded, about 20 MB) into data/bench/ssp-mf on first use. Installs nothing.
# Usage: bench/run-ssp-mf.sh [--epochs E] [--clocks-per-epoch C] [--straggler-ms MS] [--straggler-prob P]
#   [--staleness 0,1,2,4,8,inf] [--repeats R] [--target-epoch N] [--users U --items I --ratings N] ...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -q -B -DskipTests package -pl bench -am
exec java -Xmx3g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp bench/target/benchmarks.jar \
  org.petuum4j.bench.MfSspStragglerBench --docs docs "$@"

#!/usr/bin/env bash
# The SSP experiment (issue 6, item 5): logistic regression on generated data with one injected
# straggler, staleness 0, 1, 2, 4, 8 and unbounded, plus BSP without the straggler. Writes one CSV
# per run to runs/ssp-logreg/, the plot docs/img/ssp-logreg.png and its section of
# docs/benchmarks.md. Generates the data (seeded, about 45 MB) into data/bench/ssp-logreg on first
# use. Installs nothing. About 3 minutes on 2 cores with the defaults.
# Usage: bench/run-ssp-experiment.sh [--epochs E] [--straggler-ms MS] [--straggler-prob P]
#   [--staleness 0,1,2,4,8,inf] [--repeats R] [--target-epoch N] [--rows N] [--features D] ...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -q -B -DskipTests package -pl bench -am
exec java -Xmx2g -Djava.awt.headless=true -cp bench/target/benchmarks.jar \
  org.petuum4j.bench.SspStragglerBench --docs docs "$@"

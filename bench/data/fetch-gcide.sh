#!/usr/bin/env bash
# Fetches a real corpus of short documents, the definitions of the GNU Collaborative International
# Dictionary of English (GCIDE, GPL v3; Webster's 1913 plus later additions), and converts it into a
# UCI bag-of-words corpus for LDA: one document per definition paragraph (about 8 tokens each after
# stop words), the words of at least 2 documents as vocabulary.
#
# Downloads: the Debian package dict-gcide (about 15 MB) with `apt-get download` and unpacks it
# into data/debian/ of this checkout with dpkg-deb; nothing is installed system-wide (dict-gcide's
# dictionary server dependency is not needed). Run `apt-get update` first on a fresh machine.
# Writes: data/gcide/docword.gcide.txt and data/gcide/vocab.gcide.txt. The conversion (pronunciations
# and bracketed etymologies and source marks removed, the built-in English tokenizer, an evenly
# spaced sample of max-docs of the dictionary's ~254,000 paragraphs) is documented in
# bench/src/main/java/org/petuum4j/bench/GcideConverter.java.
# Usage: bench/data/fetch-gcide.sh [max-docs (default 120000)] [min-docs (default 2)]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dict=data/debian/dict-gcide/usr/share/dictd/gcide.dict.dz
if [ ! -f "$dict" ]; then
  command -v apt-get >/dev/null || { echo "fetch-gcide: apt-get not found (needs a Debian-based system)" >&2; exit 2; }
  mkdir -p data/debian
  echo "downloading the Debian package dict-gcide into data/debian/"
  (cd data/debian && rm -f dict-gcide_*.deb && apt-get download dict-gcide)
  dpkg-deb -x data/debian/dict-gcide_*.deb data/debian/dict-gcide
fi
mvn -q -B -DskipTests package -pl bench -am
java -cp bench/target/benchmarks.jar org.petuum4j.bench.GcideConverter "$dict" data/gcide "${1:-120000}" "${2:-2}"
ls -l data/gcide

#!/usr/bin/env bash
# Writes MovieLens ratings (the 100k-rating sample shipped as dslabs::movielens) to
# bench/data/data/movielens.tsv as tab-separated 'userId movieId rating' lines, no header.
# Installs, with apt-get, the Debian packages r-base-core (R) and r-cran-dslabs (the data set)
# if Rscript or the package is missing; needs root for that.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/data/movielens.tsv"
mkdir -p "$here/data"
if ! command -v Rscript >/dev/null || ! Rscript -e 'library(dslabs)' >/dev/null 2>&1; then
  echo "installing Debian packages r-base-core and r-cran-dslabs (apt-get)" >&2
  apt-get install -y --no-install-recommends r-base-core r-cran-dslabs >&2
fi
tmp="$out.tmp"
Rscript -e 'library(dslabs); data(movielens);
  write.table(movielens[, c("userId", "movieId", "rating")], file = commandArgs(TRUE)[1],
              sep = "\t", row.names = FALSE, col.names = FALSE, quote = FALSE)' "$tmp"
mv "$tmp" "$out"
echo "wrote $(wc -l < "$out") ratings to $out"

#!/usr/bin/env bash
# Logistic regression, petuum4j vs LIBLINEAR (L2-regularised logistic regression, no bias), on the
# same LibSVM train/test files; held-out error and log-loss of both computed by the same awk code
# (LIBLINEAR's from `liblinear-predict -b 1` probabilities, petuum4j's are the ones it prints per
# epoch with the same definitions). Installs the Debian package liblinear-tools with apt-get if
# `liblinear-train` is missing. LIBLINEAR is single-threaded; petuum4j runs 2 workers, 2 shards.
#
# LIBLINEAR minimises 0.5 |w|^2 + C sum_i loss_i; petuum4j minimises mean_i loss_i + (l2/2) |w|^2,
# so the same objective is C = 1/(l2 n). Measured:
#   1. petuum4j with its defaults (`train logreg --workers 2 --shards 2 --epochs N`), REPEATS runs:
#      per-epoch held-out error and log-loss, training time (its own, reading and evaluation
#      excluded) and the whole call's wall time and peak RSS;
#   2. LIBLINEAR -s 0 (primal trust-region Newton) and -s 7 (dual coordinate descent) at the matched
#      C, default -e, REPEATS runs each;
#   3. a search over C (multiples of the matched C) and -e for LIBLINEAR's best held-out log-loss
#      (one run per setting), then REPEATS runs of the best setting;
#   4. time to a common target: the worse of the two systems' best held-out log-loss times 1.002;
#      petuum4j's time is its training time at the end of the first epoch at or below it, LIBLINEAR's
#      the median time of the fastest setting of the search at or below it (re-timed REPEATS times).
# LIBLINEAR's times are whole `liblinear-train` calls, which include reading the LibSVM file;
# reading is measured by a call with -e 1e30 (reading, one function and gradient evaluation,
# writing the model) just before each timed call, and the row gives training time both with
# reading and without it (the per-run difference, so both calls see the same machine load).
#
# Usage: bench/run-logreg-vs-liblinear.sh [--train FILE --test FILE] [--name NAME] [--jar JAR]
#          [--epochs N] [--repeats R] [--l2 LAMBDA] [--c-factors "0.1 0.3 1 3 10 30 100"]
#          [--rows ROWS --features FEATURES] [--eps "0.1 0.01 0.001"] [--dual-eps "1 0.1 0.01"] [--work DIR] [--docs DIR] [--note TEXT]
# Without --train/--test it generates ROWS x FEATURES (default 100,000 x 10,000; 50 non-zeros per
# row, seed 42, ROWS/10 test rows) with the jar's `datagen logreg` into
# data/bench/logreg-liblinear-ROWSxFEATURES/. The jar defaults to
# cli/target/petuum4j.jar (built with mvn -DskipTests package -pl cli -am if missing). With --docs,
# the row replaces the summary row of the same workload in DIR/benchmarks.md (or is added at the
# end of the summary table); it is always printed. --note appends TEXT to the row (e.g. the load).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

train="" test="" name="" rows=100000 features=10000 jar="cli/target/petuum4j.jar" epochs=10 repeats=3 l2=1e-4
c_factors="0.1 0.3 1 3 10 30 100" eps_grid="0.1 0.01 0.001" dual_eps="1 0.1 0.01" work="" docs="" note=""
while [ $# -gt 0 ]; do
  case "$1" in
    --train) train="$2"; shift 2 ;;
    --test) test="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --features) features="$2"; shift 2 ;;
    --name) name="$2"; name_opt=" --name \"$2\""; shift 2 ;;
    --note) note="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --l2) l2="$2"; shift 2 ;;
    --c-factors) c_factors="$2"; shift 2 ;;
    --eps) eps_grid="$2"; shift 2 ;;
    --dual-eps) dual_eps="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --docs) docs="$2"; shift 2 ;;
    -h|--help) sed -n 2,33p "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v liblinear-train > /dev/null; then
  echo "installing liblinear-tools (Debian)" >&2
  apt-get install -y liblinear-tools > /dev/null || { apt-get update > /dev/null && apt-get install -y liblinear-tools > /dev/null; }
fi
if [ "$jar" = cli/target/petuum4j.jar ]; then
  # The default jar is built from this checkout, so that the row measures this code.
  mvn -q -B -DskipTests package -pl cli -am
elif [ ! -f "$jar" ]; then
  echo "no jar at $jar" >&2; exit 2
fi
if [ -z "$train" ]; then
  d=data/bench/logreg-liblinear-${rows}x$features
  train=$d/train.libsvm test=$d/test.libsvm
  if [ ! -f "$train" ] || [ ! -f "$test" ]; then
    mkdir -p "$d"
    java -jar "$jar" datagen logreg --rows "$rows" --test-rows $((rows / 10)) --features "$features" --nnz 50 \
      --seed 42 --out "$train" --test-out "$test" >&2
  fi
  generated=1
fi
[ -n "$test" ] || { echo "--test is required with --train" >&2; exit 2; }
work=${work:-runs/logreg-vs-liblinear/$(basename "$(dirname "$train")")}
mkdir -p "$work"

commas() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n); out = ""; while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } print s out }'; }
# Shape of the data: rows, test rows, dimension (largest 1-based index), non-zeros per row.
read -r n nnz dim < <(awk '{ k += NF - 1; for (i = 2; i <= NF; i++) { split($i, a, ":"); if (a[1] + 0 > d) d = a[1] + 0 } }
  END { printf "%d %.0f %d\n", NR, k / NR, d }' "$train")
m=$(wc -l < "$test")
c_match=$(awk -v l="$l2" -v n="$n" 'BEGIN { printf "%.6g", 1 / (l * n) }')
data_desc="$(commas "$n") train / $(commas "$m") test rows, dimension $(commas "$dim"), about $nnz non-zeros per row"
[ -n "$name" ] || name="generated, $(commas "$n") x $(commas "$dim"), $nnz non-zeros per row"
echo "data: $train ($data_desc); matched C = 1/(l2 n) = $c_match" >&2

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
spread() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }

# Held-out error and log-loss from liblinear-predict -b 1 output ("labels A B" then "pred pA pB").
score() {  # score PREDICTIONS TEST -> "error logloss"
  awk 'NR == FNR { y[FNR] = $1 + 0; next }
    FNR == 1 { for (i = 2; i <= NF; i++) col[$i + 0] = i; next }
    { t = y[FNR - 1]; p = $(col[t]); if (p < 1e-15) p = 1e-15; ll -= log(p); if ($1 + 0 != t) e++; k++ }
    END { printf "%.4f %.6f\n", e / k, ll / k }' "$2" "$1"
}

# One timed liblinear-train call: prints "wall_s rss_kb".
ll_train() {  # ll_train MODEL ARGS...
  local model=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.out" liblinear-train -q -B -1 "$@" "$train" "$model" > /dev/null
  cat "$work/time.out"
}

# 1. petuum4j.
echo "== petuum4j: $repeats runs of train logreg --workers 2 --shards 2 --epochs $epochs (defaults otherwise)" >&2
for r in $(seq 1 "$repeats"); do
  /usr/bin/time -f "%e %M" -o "$work/p4j-time-$r.out" java -jar "$jar" train logreg --train "$train" --test "$test" \
    --workers 2 --shards 2 --epochs "$epochs" --metrics "$work/p4j-metrics-$r.csv" > "$work/p4j-$r.log" 2>&1
  echo "   run $r: $(tail -n 1 "$work/p4j-metrics-$r.csv") (wall $(cut -d' ' -f1 "$work/p4j-time-$r.out") s)" >&2
done
p4j_best=$(for r in $(seq 1 "$repeats"); do awk -F, 'NR > 1 && (b == "" || $4 < b) { b = $4 } END { print b }' "$work/p4j-metrics-$r.csv"; done | median)
p4j_wall=$(for r in $(seq 1 "$repeats"); do cut -d' ' -f1 "$work/p4j-time-$r.out"; done | median)
p4j_rss=$(for r in $(seq 1 "$repeats"); do cut -d' ' -f2 "$work/p4j-time-$r.out"; done | median)
# Per-epoch medians over the runs: epoch seconds test_loss test_error.
p4j_epochs=$(for r in $(seq 1 "$repeats"); do awk -F, 'NR > 1 { print $1, $2, $4, $5 }' "$work/p4j-metrics-$r.csv"; done |
  sort -k1,1n -k2,2g | awk '{ k = $1; s[k] = s[k] " " $2; l[k] = l[k] " " $3; e[k] = e[k] " " $4; if (k > K) K = k }
    function med(str,   a, n, i, j, t) { n = split(str, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    END { for (k = 1; k <= K; k++) printf "%d %.3f %.6f %.4f\n", k, med(s[k]), med(l[k]), med(e[k]) }')
echo "   petuum4j per epoch (medians: epoch, training s, test log-loss, test error):" >&2
echo "$p4j_epochs" | sed 's/^/     /' >&2

# 2. LIBLINEAR at the matched C.
declare -A res net
run_setting() {  # run_setting SOLVER C EPS RUNS -> sets res[key]="median_wall spread rss error logloss"
  # With RUNS > 1 each timed call is preceded by a reading call (-e 1e30) and the per-run
  # differences go to net[key] (median and spread), so reading is subtracted at the same load.
  local s=$1 c=$2 e=$3 runs=$4 key="s$1 c$2 e$3" walls="" rss="" nets="" l0
  for r in $(seq 1 "$runs"); do
    [ "$runs" = 1 ] || l0=$(ll_train "$work/load.model" -s "$s" -c "$c" -e 1e30 | cut -d' ' -f1)
    read -r w k < <(ll_train "$work/model" -s "$s" -c "$c" -e "$e")
    walls="$walls $w"; rss="$rss $k"
    [ "$runs" = 1 ] || { nets="$nets $(awk -v a="$w" -v b="$l0" 'BEGIN { printf "%.2f", a - b }')"; loads="${loads:-} $l0"; }
  done
  [ "$runs" = 1 ] || net[$key]="$(tr ' ' '\n' <<< "$nets" | grep . | median) $(tr ' ' '\n' <<< "$nets" | grep . | spread)"
  liblinear-predict -b 1 "$test" "$work/model" "$work/pred" > /dev/null
  local sc; sc=$(score "$work/pred" "$test")
  res[$key]="$(tr ' ' '\n' <<< "$walls" | grep . | median) $(tr ' ' '\n' <<< "$walls" | grep . | spread) $(tr ' ' '\n' <<< "$rss" | grep . | median) $sc"
  echo "   -s $s -c $c -e $e: wall $(cut -d' ' -f1,2 <<< "${res[$key]}") s${net[$key]:+ (without reading ${net[$key]} s)}, error/log-loss $sc" >&2
}
echo "== LIBLINEAR at the matched C = $c_match, default -e, $repeats runs each" >&2
run_setting 0 "$c_match" 0.01 "$repeats"
run_setting 7 "$c_match" 0.1 "$repeats"

# 3. Search over C and -e (one run each), then re-time the best.
echo "== LIBLINEAR search: C = {$c_factors} x $c_match, -e {$eps_grid} (-s 0) and {$dual_eps} (-s 7)" >&2
for f in $c_factors; do
  c=$(awk -v f="$f" -v c="$c_match" 'BEGIN { printf "%.6g", f * c }')
  for e in $eps_grid; do [ -n "${res[s0 c$c e$e]:-}" ] || run_setting 0 "$c" "$e" 1; done
  for e in $dual_eps; do [ -n "${res[s7 c$c e$e]:-}" ] || run_setting 7 "$c" "$e" 1; done
done
best_key=$(for k in "${!res[@]}"; do echo "$(cut -d' ' -f5 <<< "${res[$k]}") $k"; done | sort -g | head -n 1 | cut -d' ' -f2-)
ll_best=$(cut -d' ' -f5 <<< "${res[$best_key]}")
read -r bs bc be <<< "$(sed 's/^s//; s/ c/ /; s/ e/ /' <<< "$best_key")"
echo "   best held-out log-loss: $ll_best at -s $bs -c $bc -e $be" >&2
edge=""
for f in $(tr ' ' '\n' <<< "$c_factors" | sort -g | sed -n '1p;$p'); do
  [ "$(awk -v f="$f" -v c="$c_match" 'BEGIN { printf "%.6g", f * c }')" = "$bc" ] && edge=" Caveat: LIBLINEAR's best C is at the edge of the searched grid."
done

# 4. Target and the fastest LIBLINEAR setting reaching it.
target=$(awk -v a="$p4j_best" -v b="$ll_best" 'BEGIN { t = (a > b ? a : b) * 1.002; printf "%.6f", t }')
fast_key=$(for k in "${!res[@]}"; do
  awk -v t="$target" -v k="$k" '$5 <= t { print $1, k }' <<< "${res[$k]}"; done | sort -g | head -n 1 | cut -d' ' -f2-)
read -r fs fc fe <<< "$(sed 's/^s//; s/ c/ /; s/ e/ /' <<< "$fast_key")"
unset 'res[$fast_key]'
echo "== re-timing the fastest setting reaching the target $target: -s $fs -c $fc -e $fe, $repeats runs" >&2
run_setting "$fs" "$fc" "$fe" "$repeats"
read -r ll_wall ll_spread ll_rss ll_err ll_loss <<< "${res[$fast_key]}"
read -r ll_net ll_net_spread <<< "${net[$fast_key]}"
load=$(tr ' ' '\n' <<< "$loads" | grep . | median); load_spread=$(tr ' ' '\n' <<< "$loads" | grep . | spread)
p4j_hit=$(echo "$p4j_epochs" | awk -v t="$target" '$3 <= t { print $1, $2, $3, $4; exit }')
read -r p4j_hit_epoch p4j_hit_s p4j_hit_loss p4j_hit_err <<< "${p4j_hit:-- - - -}"

ratio=$(awk -v a="$ll_wall" -v l="$ll_net" -v p="$p4j_hit_s" 'BEGIN { if (p == "-") print "-"; else printf "%.2fx (%.2fx without its reading)", a / p, l / p }')
read -r m0w m0s m0r m0e m0l <<< "${res[s0 c$c_match e0.01]}"
read -r m7w m7s m7r m7e m7l <<< "${res[s7 c$c_match e0.1]}"
read -r m0n m0ns <<< "${net[s0 c$c_match e0.01]}"
read -r m7n m7ns <<< "${net[s7 c$c_match e0.1]}"
last=$(echo "$p4j_epochs" | tail -n 1)
curve=$(echo "$p4j_epochs" | awk '{ printf "%s%d: %.4f / %.4f", (NR > 1 ? ", " : ""), $1, $4, $3 }')
workload="logistic regression vs LIBLINEAR ($name)"
cmd="bench/run-logreg-vs-liblinear.sh"
if [ -n "${generated:-}" ]; then
  [ "$rows" = 100000 ] || cmd="$cmd --rows $rows"
  [ "$features" = 10000 ] || cmd="$cmd --features $features"
else
  cmd="$cmd --train $train --test $test"
fi
[ "$jar" = cli/target/petuum4j.jar ] || cmd="$cmd --jar $jar"
[ "$repeats" = 3 ] || cmd="$cmd --repeats $repeats"
[ "$l2" = 1e-4 ] || cmd="$cmd --l2 $l2"
[ "$c_factors" = "0.1 0.3 1 3 10 30 100" ] || cmd="$cmd --c-factors \"$c_factors\""
[ "$eps_grid" = "0.1 0.01 0.001" ] || cmd="$cmd --eps \"$eps_grid\""
[ "$dual_eps" = "1 0.1 0.01" ] || cmd="$cmd --dual-eps \"$dual_eps\""
cmd="$cmd --epochs $epochs${name_opt:-}${docs:+ --docs $docs}"
row="| $workload | $data_desc | ${p4j_hit_s} s ($p4j_hit_epoch epochs, log-loss $p4j_hit_loss, error $p4j_hit_err; median of $repeats) | LIBLINEAR -s $fs (C $fc, -e $fe): $ll_wall s ($ll_spread) incl. reading, $ll_net s ($ll_net_spread) without; log-loss $ll_loss, error $ll_err | $ratio | held-out log-loss <= $target (best: petuum4j $p4j_best, LIBLINEAR $ll_best at -s $bs -c $bc -e $be) | \`$cmd\`; median of $repeats runs each; same held-out error and log-loss definitions (LIBLINEAR's from \`liblinear-predict -b 1\`); L2 $l2 both, no intercept (LIBLINEAR -B -1), matched C = 1/(l2 n) = $c_match; petuum4j: \`train logreg --workers 2 --shards 2 --epochs $epochs\` with its defaults (per-example updates, automatic clocks per epoch, eta0 0.1, decay 0.5, BSP), training time as it reports it (reading and per-epoch evaluation excluded; whole call $p4j_wall s wall, peak RSS $((p4j_rss / 1024)) MB), per epoch error / log-loss $curve; LIBLINEAR 2.3.0 (Debian liblinear-tools), single-threaded, whole \`liblinear-train\` call (reading included; reading measured by a call with -e 1e30, i.e. reading, one function and gradient evaluation and writing the model, just before each timed call and subtracted per run: $load s, $load_spread), peak RSS $((ll_rss / 1024)) MB; at the matched C: -s 0 (primal trust-region Newton, -e 0.01) $m0w s ($m0s; $m0n s without reading), log-loss $m0l, error $m0e; -s 7 (dual, -e 0.1) $m7w s ($m7s; $m7n s without reading), log-loss $m7l, error $m7e; search: C = {$c_factors} x the matched C, -e {$eps_grid} for -s 0 and {$dual_eps} for -s 7, one run each, the fastest setting at or below the target re-timed.$edge${note:+ $note} |"
echo "$row"
if [ -n "$docs" ]; then
  f="$docs/benchmarks.md"
  ROW="$row" WL="| $workload |" awk '
    index($0, ENVIRON["WL"]) == 1 { print ENVIRON["ROW"]; done = 1; next }
    /<!-- end:summary -->/ && !done { print ENVIRON["ROW"]; done = 1 }
    { print }' "$f" > "$f.tmp" && mv "$f.tmp" "$f"
  echo "row written to $f" >&2
fi

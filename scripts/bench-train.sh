#!/usr/bin/env bash
# Training at scale (issue 7): `roleclass train` on a generated 1,000,000-row training CSV
# (scripts/gen-training.py), under /usr/bin/time -v: wall time and peak RSS.
#
# Usage: scripts/bench-train.sh [DATA.csv]
#   Without DATA.csv, generates $ROWS rows into $DATA (kept between runs; regenerated when
#   missing).
# Environment:
#   ROWS=1000000              rows to generate
#   DATA=/tmp/roleclass-train-$ROWS.csv
#   MODEL=/tmp/big-model.json where the model goes
#   RUNS=1                    repeat the run (prints every run, then the median wall time)
#   TRAIN_ARGS="..."          extra arguments for train
#   CARGO_TARGET_DIR honoured as by cargo
# Targets (issue 7): under 30 s and under 500 MiB peak RSS for 1,000,000 rows.
set -euo pipefail

cd "$(dirname "$0")/.."
ROWS="${ROWS:-1000000}"
DATA="${1:-${DATA:-/tmp/roleclass-train-$ROWS.csv}}"
MODEL="${MODEL:-/tmp/big-model.json}"
RUNS="${RUNS:-1}"
TRAIN_ARGS="${TRAIN_ARGS:-}"
BIN="${CARGO_TARGET_DIR:-target}/release/roleclass"

say() { printf '%s\n' "$*" >&2; }

if [ ! -x /usr/bin/time ]; then
    say "error: /usr/bin/time is missing (apt-get install -y time)"
    exit 2
fi
if [ ! -s "$DATA" ]; then
    say "generating $ROWS rows into $DATA..."
    python3 scripts/gen-training.py -n "$ROWS" "$DATA"
fi

say "building (release)..."
cargo build --release --quiet --bin roleclass

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
walls=()
for run in $(seq "$RUNS"); do
    # shellcheck disable=SC2086
    /usr/bin/time -v "$BIN" train "$DATA" -o "$MODEL" $TRAIN_ARGS 2>"$log" || {
        cat "$log" >&2
        exit 1
    }
    grep -v -E '^\s' "$log" | tail -n 3 >&2
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss_kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    walls+=("$wall")
    printf 'run %d: %s rows, wall %.2f s, peak RSS %.1f MiB, user %s s, sys %s s\n' \
        "$run" "$(($(wc -l <"$DATA") - 1))" "$wall" "$(awk -v k="$rss_kib" 'BEGIN { print k / 1024 }')" \
        "$(sed -n 's/.*User time (seconds): //p' "$log")" \
        "$(sed -n 's/.*System time (seconds): //p' "$log")"
done
if [ "$RUNS" -gt 1 ]; then
    printf '%s\n' "${walls[@]}" | sort -n |
        awk '{ t[NR] = $1 } END { printf "median wall %.2f s over %d runs\n", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2, NR }'
fi

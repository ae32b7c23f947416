#!/usr/bin/env bash
# Benchmark of `roleclass batch` against the floor of merely copying the CSV.
#
# Generates deterministic CSVs of realistic statements (examples/gen_statements.rs), then for
# each size measures
#   floor: read every record with the csv crate and write it back with two constant
#          columns (examples/csv_floor.rs),
#   batch: target/release/roleclass batch FILE -o OUT --quiet,
# (median wall time of RUNS runs, with hyperfine when installed) and the peak RSS of batch
# (/usr/bin/time -v). Prints: rows, floor s, batch s, ratio, rows/s, peak RSS MiB.
#
# Usage: scripts/bench-batch.sh
# Environment:
#   ROWS="1000000 5000000"   row counts to measure
#   RUNS=5                   timed runs per command
#   THREADS=N                pass --threads N to batch (default: the binary's default)
#   BATCH_ARGS="..."         extra arguments for batch (e.g. --model model.json)
#   KEEP=1                   keep the temporary directory (data and outputs)
# Targets (issue 3): batch <= 1.5x floor, i.e. > 2 million rows/s on 2 cores, and peak RSS
# under 32 MiB for 1M and 5M rows.
set -euo pipefail

cd "$(dirname "$0")/.."
ROWS="${ROWS:-1000000 5000000}"
RUNS="${RUNS:-5}"
THREADS="${THREADS:-}"
BATCH_ARGS="${BATCH_ARGS:-}"

say() { printf '%s\n' "$*" >&2; }

# Path of the executable named $1 that the cargo build command "${@:2}" reports (no jq).
executable() {
    local name="$1"
    shift
    "$@" --message-format=json 2>/dev/null |
        sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' |
        grep -E "/${name}(-[0-9a-f]+)?(\\.exe)?\$" | tail -n 1
}

say "building (release)..."
cargo build --release --quiet --bin roleclass
ROLECLASS="$(executable roleclass cargo build --release --bin roleclass)"
cargo build --release --quiet --example gen_statements --example csv_floor
GEN="$(executable gen_statements cargo build --release --example gen_statements)"
FLOOR="$(executable csv_floor cargo build --release --example csv_floor)"
for bin in "$ROLECLASS" "$GEN" "$FLOOR"; do
    if [[ -z "$bin" || ! -x "$bin" ]]; then
        say "error: could not find a built executable (got '${bin}')"
        exit 1
    fi
done

HAVE_TIME=1
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    HAVE_TIME=0
    say "note: GNU time (/usr/bin/time -v) is not installed, so peak RSS is not measured;"
    say "      install it with: sudo apt-get install -y time"
fi
HAVE_HYPERFINE=0
if command -v hyperfine >/dev/null 2>&1; then
    HAVE_HYPERFINE=1
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/roleclass-bench.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then
    say "keeping $TMP"
else
    trap 'rm -rf "$TMP"' EXIT
fi

# Median wall-clock seconds of RUNS runs of the command "${@:2}" (stdout discarded); the
# output file $1 is removed before each run, so that truncating it is not timed.
median_seconds() {
    local out="$1"
    shift
    if [[ "$HAVE_HYPERFINE" == 1 ]]; then
        local quoted
        quoted="$(printf '%q ' "$@")"
        hyperfine --style none --warmup 1 --runs "$RUNS" --prepare "rm -f $(printf '%q' "$out")" \
            --export-json "$TMP/hyperfine.json" "$quoted" >/dev/null 2>&1
        sed -n 's/.*"median": *\([0-9.eE+-]*\).*/\1/p' "$TMP/hyperfine.json" | head -n 1
        return
    fi
    "$@" >/dev/null 2>&1 # warm-up (page cache)
    local i start end
    for ((i = 0; i < RUNS; i++)); do
        rm -f "$out"
        start="$(date +%s.%N)"
        "$@" >/dev/null 2>&1
        end="$(date +%s.%N)"
        awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f\n", e - s }'
    done | sort -g | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}

# Peak RSS in MiB of one run of the given command.
peak_rss_mib() {
    if [[ "$HAVE_TIME" == 0 ]]; then
        echo "n/a"
        return
    fi
    /usr/bin/time -v "$@" 2>"$TMP/time.txt" >/dev/null
    awk -F: '/Maximum resident set size/ { printf "%.1f\n", $2 / 1024 }' "$TMP/time.txt"
}

read -ra EXTRA <<<"$BATCH_ARGS"
if [[ -n "$THREADS" ]]; then
    EXTRA+=(--threads "$THREADS")
fi

RESULTS=()
for n in $ROWS; do
    data="$TMP/statements-$n.csv"
    say "generating $n rows..."
    "$GEN" "$data" "$n"

    batch=("$ROLECLASS" batch "$data" -o "$TMP/batch.csv" --quiet ${EXTRA[@]+"${EXTRA[@]}"})

    # A failing batch must stop the benchmark, not be timed.
    if ! "${batch[@]}" 2>"$TMP/batch.err"; then
        say "error: roleclass batch failed:"
        cat "$TMP/batch.err" >&2
        exit 1
    fi
    "$FLOOR" "$data" "$TMP/floor.csv" 2>/dev/null
    if [[ "$(wc -l <"$TMP/batch.csv")" != "$(wc -l <"$TMP/floor.csv")" ]]; then
        say "warning: batch and floor outputs have different line counts"
    fi

    say "timing the floor ($RUNS runs)..."
    floor_s="$(median_seconds "$TMP/floor.csv" "$FLOOR" "$data" "$TMP/floor.csv")"
    say "timing batch ($RUNS runs)..."
    batch_s="$(median_seconds "$TMP/batch.csv" "${batch[@]}")"
    say "measuring peak RSS..."
    rm -f "$TMP/batch.csv"
    rss="$(peak_rss_mib "${batch[@]}")"
    rm -f "$TMP/floor.csv" "$TMP/batch.csv"
    RESULTS+=("$(awk -v n="$n" -v f="$floor_s" -v b="$batch_s" -v r="$rss" \
        'BEGIN { printf "%10d  %8.3f  %8.3f  %6.2f  %12.0f  %10s\n", n, f, b, b / f, n / b, r }')")
    rm -f "$data"
done

echo
echo "roleclass batch benchmark: $(nproc) cores, $(uname -m), ${RUNS} runs (median)$([[ "$HAVE_HYPERFINE" == 1 ]] && echo ', hyperfine')"
printf '%10s  %8s  %8s  %6s  %12s  %10s\n' rows "floor s" "batch s" ratio "rows/s" "RSS MiB"
printf '%s\n' "${RESULTS[@]}"

#!/usr/bin/env bash
# Benchmark of `roleclass batch` against the floor of merely copying the CSV.
#
# Generates deterministic CSVs of realistic statements (examples/gen_statements.rs) in two
# shapes:
#   plain:  about one statement in eight holds a comma and is quoted (mostly unquoted rows),
#   quoted: every statement holds a comma and is quoted, one in sixteen also holds `""`
#           (as in real exports),
# then for each size and shape runs RUNS pairs of
#   floor: read every record with the csv crate and write it back with two constant
#          columns (examples/csv_floor.rs),
#   batch: ROLECLASS batch FILE -o OUT --quiet,
# interleaved (floor then batch, then batch then floor, ...) so that a change of load on the
# machine hits both alike. Prints per size and shape: the median wall time of each, the median
# of the per-pair ratios batch/floor and their range, rows/s, the median CPU time (user + sys)
# of floor and batch, and the largest peak RSS of batch (CPU and RSS need GNU time).
#
# Usage: scripts/bench-batch.sh
# Environment:
#   ROWS="1000000 5000000"   row counts to measure
#   SHAPES="plain quoted"    file shapes to measure
#   RUNS=9                   timed pairs per size and shape (after one untimed pair)
#   THREADS=N                pass --threads N to batch (default: the binary's default)
#   BATCH_ARGS="..."         extra arguments for batch (e.g. --model model.json)
#   ROLECLASS=PATH           time this binary instead of building target/release/roleclass
#   KEEP=1                   keep the temporary directory (data and outputs)
# Targets (issues 3 and 14): batch <= 1.3x floor for both shapes at 1M and 5M rows, and peak
# RSS under 32 MiB.
set -euo pipefail

cd "$(dirname "$0")/.."
ROWS="${ROWS:-1000000 5000000}"
SHAPES="${SHAPES:-plain quoted}"
RUNS="${RUNS:-9}"
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
if [[ -z "${ROLECLASS:-}" ]]; then
    cargo build --release --quiet --bin roleclass
    ROLECLASS="$(executable roleclass cargo build --release --bin roleclass)"
fi
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
if ! /usr/bin/time -f '%U' true >/dev/null 2>&1; then
    HAVE_TIME=0
    say "note: GNU time (/usr/bin/time) is not installed, so CPU time and peak RSS are not"
    say "      measured; install it with: sudo apt-get install -y time"
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/roleclass-bench.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then
    say "keeping $TMP"
else
    trap 'rm -rf "$TMP"' EXIT
fi

# One timed run of the command "${@:3}" with stdout and stderr discarded; the output file $2
# is removed first, so that truncating it is not timed. Appends "wall cpu rss_kib" to $1.
timed_run() {
    local log="$1" out="$2"
    shift 2
    rm -f "$out"
    local start end
    start="$(date +%s%N)"
    if [[ "$HAVE_TIME" == 1 ]]; then
        /usr/bin/time -f '%U %S %M' -o "$TMP/time.txt" "$@" >/dev/null 2>&1
    else
        "$@" >/dev/null 2>&1
        echo "0 0 0" >"$TMP/time.txt"
    fi
    end="$(date +%s%N)"
    awk -v s="$start" -v e="$end" '{ printf "%.6f %.2f %d\n", (e - s) / 1e9, $1 + $2, $3 }' \
        "$TMP/time.txt" >>"$log"
}

# Median of the numbers on stdin.
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

read -ra EXTRA <<<"$BATCH_ARGS"
if [[ -n "$THREADS" ]]; then
    EXTRA+=(--threads "$THREADS")
fi

RESULTS=()
for n in $ROWS; do
    for shape in $SHAPES; do
        data="$TMP/statements-$shape-$n.csv"
        say "generating $n $shape rows..."
        case "$shape" in
        plain) "$GEN" "$data" "$n" ;;
        quoted) "$GEN" --quoted "$data" "$n" ;;
        *)
            say "error: unknown shape '$shape' (plain or quoted)"
            exit 2
            ;;
        esac

        batch=("$ROLECLASS" batch "$data" -o "$TMP/batch.csv" --quiet ${EXTRA[@]+"${EXTRA[@]}"})
        floor=("$FLOOR" "$data" "$TMP/floor.csv")

        # A failing batch must stop the benchmark, not be timed.
        if ! "${batch[@]}" 2>"$TMP/batch.err"; then
            say "error: roleclass batch failed:"
            cat "$TMP/batch.err" >&2
            exit 1
        fi
        "${floor[@]}" 2>/dev/null
        if [[ "$(wc -l <"$TMP/batch.csv")" != "$(wc -l <"$TMP/floor.csv")" ]]; then
            say "warning: batch and floor outputs have different line counts"
        fi

        say "timing $RUNS pairs of floor and batch (load average: $(cut -d' ' -f1-3 /proc/loadavg))..."
        : >"$TMP/floor.log"
        : >"$TMP/batch.log"
        for ((i = 0; i < RUNS; i++)); do
            if ((i % 2 == 0)); then
                timed_run "$TMP/floor.log" "$TMP/floor.csv" "${floor[@]}"
                timed_run "$TMP/batch.log" "$TMP/batch.csv" "${batch[@]}"
            else
                timed_run "$TMP/batch.log" "$TMP/batch.csv" "${batch[@]}"
                timed_run "$TMP/floor.log" "$TMP/floor.csv" "${floor[@]}"
            fi
        done
        floor_s="$(cut -d' ' -f1 "$TMP/floor.log" | median)"
        batch_s="$(cut -d' ' -f1 "$TMP/batch.log" | median)"
        floor_cpu="$(cut -d' ' -f2 "$TMP/floor.log" | median)"
        batch_cpu="$(cut -d' ' -f2 "$TMP/batch.log" | median)"
        rss_kib="$(cut -d' ' -f3 "$TMP/batch.log" | sort -g | tail -n 1)"
        paste -d' ' "$TMP/floor.log" "$TMP/batch.log" |
            awk '{ printf "%.4f\n", $4 / $1 }' >"$TMP/ratios.txt"
        ratio="$(median <"$TMP/ratios.txt")"
        spread="$(sort -g "$TMP/ratios.txt" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }')"
        rm -f "$TMP/floor.csv" "$TMP/batch.csv"
        RESULTS+=("$(awk -v n="$n" -v shape="$shape" -v f="$floor_s" -v b="$batch_s" \
            -v r="$ratio" -v sp="$spread" -v fc="$floor_cpu" -v c="$batch_cpu" -v m="$rss_kib" \
            -v t="$HAVE_TIME" \
            'BEGIN { printf "%10d  %-6s  %7.3f  %7.3f  %5.2f  %-11s  %10.0f  %13s  %7s\n",
                n, shape, f, b, r, sp, n / b, t ? sprintf("%.2f / %.2f", fc, c) : "n/a",
                t ? sprintf("%.1f", m / 1024) : "n/a" }')")
        rm -f "$data"
    done
done

echo
echo "roleclass batch benchmark: $(nproc) cores, $(uname -m), medians of ${RUNS} interleaved pairs, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%10s  %-6s  %7s  %7s  %5s  %-11s  %10s  %13s  %7s\n' \
    rows shape "floor s" "batch s" ratio "ratio range" "rows/s" "CPU s (f / b)" "RSS MiB"
printf '%s\n' "${RESULTS[@]}"

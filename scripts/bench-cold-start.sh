#!/usr/bin/env bash
# Cold start (issue 7): whole-process wall time of one `roleclass classify` on the embedded
# model, median of RUNS runs (hyperfine when installed, else a bash loop timed with date), then
# the model load time alone (criterion: benches/classify.rs, group `model_load`).
#
# Usage: scripts/bench-cold-start.sh
# Environment:
#   RUNS=50          timed runs (at least 20)
#   WARMUP=5         untimed runs first (page cache, dynamic loader)
#   NO_LOAD_BENCH=1  skip the criterion model-load bench
#   NO_HYPERFINE=1   time with the bash loop even when hyperfine is installed
#   ROLECLASS=PATH   time this binary instead of building target/release/roleclass (e.g. a
#                    saved build, to run the script alternately on the builds before and
#                    after a change)
#   CARGO_TARGET_DIR honoured as by cargo
# Target (issue 7): median under 5 ms on the 2-core development machine.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS="${RUNS:-50}"
WARMUP="${WARMUP:-5}"
TEXT="Manages the engineering department budget"
BIN="${ROLECLASS:-}"

say() { printf '%s\n' "$*" >&2; }

if [ "$RUNS" -lt 20 ]; then
    say "error: RUNS must be at least 20"
    exit 2
fi

if [ -z "$BIN" ]; then
    say "building (release)..."
    cargo build --release --quiet --bin roleclass
    BIN="${CARGO_TARGET_DIR:-target}/release/roleclass"
fi
"$BIN" classify "$TEXT"

if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
    json="$(mktemp)"
    trap 'rm -f "$json"' EXIT
    # -N: no intermediate shell, so its start-up is not counted.
    hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$json" \
        --command-name "roleclass classify" "$BIN classify '$TEXT'" >&2
    python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"cold start: median {r['median'] * 1e3:.2f} ms, mean {r['mean'] * 1e3:.2f} ms, "
      f"min {r['min'] * 1e3:.2f} ms, max {r['max'] * 1e3:.2f} ms over {len(r['times'])} runs (hyperfine -N)")
PY
else
    for _ in $(seq "$WARMUP"); do "$BIN" classify "$TEXT" >/dev/null; done
    times=()
    for _ in $(seq "$RUNS"); do
        start=$(date +%s%N)
        "$BIN" classify "$TEXT" >/dev/null
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v runs="$RUNS" '
        { t[NR] = $1 }
        END {
            m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
            printf "cold start: median %.2f ms, min %.2f ms, max %.2f ms over %d runs (bash loop, includes fork/exec)\n", m / 1000, t[1] / 1000, t[NR] / 1000, runs
        }'
fi

if [ -z "${NO_LOAD_BENCH:-}" ]; then
    say "model load (criterion, benches/classify.rs)..."
    cargo bench --quiet --bench classify -- model_load 2>&1 |
        grep -E '^model_load/|time:' | grep -v '%' >&2 || true
fi

#!/usr/bin/env bash
# Load benchmark of `roleclass serve` (a benchmark, not a test): oha on loopback, keep-alive
# connections, a single-line `POST /api/classify`. Reports requests/s and p50/p99 latency at
# saturation and at a fixed 1,000 requests/s (with latency correction, so a stall is not
# hidden), and the server's peak RSS (VmHWM) over the whole run.
#
# Targets (issue #13): >= 20,000 requests/s at saturation; p99 < 5 ms at 1,000 requests/s;
# peak RSS < 64 MiB. On a 2-core machine the load generator and the server share the cores.
#
# Usage: scripts/bench-serve.sh            (DURATION=20s CONNECTIONS=50 to change the runs)
# Installs oha with `cargo install oha --locked` when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-20s}
connections=${CONNECTIONS:-50}

if ! command -v oha >/dev/null 2>&1; then
    echo "== installing oha (cargo install oha --locked)"
    cargo install oha --locked
fi
cargo build --release --quiet

work=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

target/release/roleclass serve --addr 127.0.0.1:0 -q >"$work/url" 2>"$work/stderr" &
pid=$!
for _ in $(seq 1 100); do
    [ -s "$work/url" ] && break
    sleep 0.05
done
url="$(head -n 1 "$work/url")api/classify"
body='{"texts":["Manages the engineering department budget"]}'
echo "server: $url (pid $pid); $(oha --version); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# One oha run; prints requests/s, p50, p99 and the success rate.
run() {
    local name=$1
    shift
    oha --no-tui --output-format json -m POST -T application/json -d "$body" "$@" "$url" >"$work/result.json"
    python3 - "$name" "$work/result.json" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
r = json.load(open(path))
s, p = r["summary"], r["latencyPercentiles"]
codes = r.get("statusCodeDistribution", {})
print(f"{name:<34} {s['requestsPerSec']:>9.0f} req/s   p50 {p['p50'] * 1000:6.3f} ms   "
      f"p99 {p['p99'] * 1000:6.3f} ms   success {s['successRate']:.3f}   status {codes}")
PY
}

run "warm-up (2 s)" -z 2s -c "$connections" >/dev/null
run "saturation ($connections connections, $duration)" -z "$duration" -c "$connections"
run "fixed 1,000 req/s (8 connections, $duration)" -z "$duration" -c 8 -q 1000 --latency-correction
echo "server peak RSS: $(awk '/VmHWM/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$pid/status")"

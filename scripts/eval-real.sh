#!/usr/bin/env bash
# Figures of the shipped model on real job-posting text, beside the cross-validated and
# held-out figures recorded in the model card (issue 15), then the audit figures on the
# real postings (scripts/eval-real-audit.sh, issue 11) when that script is present.
#
# Usage: scripts/eval-real.sh [REALDEV_DIR]
#   REALDEV_DIR  the real development set (default ../shared/realdev, or $ROLECLASS_REALDEV's
#                folder); it is not part of the repository, and the script says so and exits 0
#                when it is absent.
# Environment: CARGO_TARGET_DIR honoured as by cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${1:-${ROLECLASS_REALDEV:+$(dirname "$ROLECLASS_REALDEV")}}"
dir="${dir:-../shared/realdev}"
if [ ! -f "$dir/lines.csv" ]; then
    echo "eval-real: no real development set at $dir (lines.csv); nothing to measure" >&2
    exit 0
fi

cargo build --release --quiet --bin roleclass
bin="${CARGO_TARGET_DIR:-target}/release/roleclass"
card=$(mktemp)
real=$(mktemp)
trap 'rm -f "$card" "$real"' EXIT
"$bin" inspect --format json >"$card"
"$bin" evaluate --format json "$dir/lines.csv" >"$real"

python3 - "$card" "$real" "$dir/lines.csv" <<'PY'
import json, sys
card = json.load(open(sys.argv[1]))
real = json.load(open(sys.argv[2]))
cv = card["cross_validation"]["figures"]
held = (card.get("heldout") or {}).get("figures", {})
rows = [
    ("accuracy on director/vp (unsure counted wrong)", "accuracy"),
    ("coverage (director/vp rows answered)", "coverage"),
    ("selective accuracy (answered rows right)", "selective_accuracy"),
    ("mean confidence of those answers", "mean_confidence"),
    ("unsure on either rows", "either_unsure_rate"),
    ("macro-F1", "macro_f1"),
    ("balanced accuracy", "balanced_accuracy"),
    ("expected calibration error (all answers)", "ece"),
]
def fig(f, key):
    v = f.get(key)
    return "n/a" if v is None else f"{v:.3f}"
print(f"{'figure':<48} {'cross-val':>9} {'held-out':>9} {'real dev':>9}")
for name, key in rows:
    print(f"{name:<48} {fig(cv, key):>9} {fig(held, key):>9} {fig(real, key):>9}")
print(f"\nreal development set: {sys.argv[3]} ({real['n']} rows: {real['n_labeled']} director/vp, {real['either_rows']} either)")
goals = [
    ("selective accuracy >= 0.90", real["selective_accuracy"] >= 0.90),
    ("coverage >= 0.80", real["coverage"] >= 0.80),
    ("unsure on either >= 0.60", real["either_unsure_rate"] >= 0.60),
    ("|mean confidence - selective accuracy| <= 0.03", abs(real["mean_confidence"] - real["selective_accuracy"]) <= 0.03),
]
for name, ok in goals:
    print(f"  {'met' if ok else 'MISSED':<6} {name}")
PY

if [ -x scripts/eval-real-audit.sh ]; then
    echo
    scripts/eval-real-audit.sh "$dir/postings"
fi

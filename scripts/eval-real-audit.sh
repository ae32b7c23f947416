#!/usr/bin/env bash
# Audit on the real development set (issue 11): duty extraction precision and recall, and the
# posting-level figures, from the release binary's `audit --format jsonl`.
#
# Usage: scripts/eval-real-audit.sh [POSTINGS_DIR]
#   POSTINGS_DIR  default ../shared/realdev/postings (relative to the repository root); its
#                 parent holds duties.csv, and it holds INDEX.csv. When the folder is absent the
#                 script says so and exits 0 (the set is not part of the repository).
# Environment:
#   ROLECLASS=path   the binary to run (default: target/release/roleclass, built first)
#   MODEL=path       passed as --model (default: the embedded model)
#   VERBOSE=1        list the unmatched statements and duties, and every posting's figures
#
# Extraction. Every statement audit classified (the `statements` of each posting) is compared
# with the duty statements of the same posting in duties.csv. Both sides are normalised the same
# way, into a sequence of words: Unicode NFKC, curly quotes and dashes made plain, apostrophes
# dropped ("you'll" = "youll"), every other character that is not a letter or digit made a
# space (punctuation and markup do not count), lower case, single spaces. A statement and a duty *match* when the normalised texts are equal,
# when the statement is part of the duty (audit cuts a bullet into sentences, and duties.csv
# keeps whole bullets), or when the duty is part of the statement and at least half as long (in
# characters): a statement that kept a short lead-in still counts, one that swallowed the next
# bullet does not. Precision = statements that match some duty / all
# statements; recall = duties matched by some statement / all duties (504).
#
# Postings. INDEX.csv gives each posting's title level and, for 18 postings, a clear content
# level (7 of them the other level than the title's). Printed: content level right (x/18),
# mismatches flagged (verdict `mismatch` on x of the 7), false mismatches (verdict `mismatch`
# on any of the other 41 postings, split into clear and unclear ones), and the title's claimed
# level right (x/48).
set -euo pipefail

cd "$(dirname "$0")/.."
DIR="${1:-../shared/realdev/postings}"
if [ ! -d "$DIR" ]; then
    printf 'eval-real-audit: %s not found: the real development set is not here, nothing to measure\n' "$DIR" >&2
    exit 0
fi
for f in "$DIR/INDEX.csv" "$DIR/../duties.csv"; do
    if [ ! -f "$f" ]; then
        printf 'eval-real-audit: %s not found\n' "$f" >&2
        exit 2
    fi
done

BIN="${ROLECLASS:-}"
if [ -z "$BIN" ]; then
    BIN="${CARGO_TARGET_DIR:-target}/release/roleclass"
    printf 'building (release)...\n' >&2
    cargo build --release --quiet --bin roleclass
fi
MODEL_ARGS=()
if [ -n "${MODEL:-}" ]; then
    MODEL_ARGS=(--model "$MODEL")
fi

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
# Exit code 1 would mean --fail-on-mismatch, which is not given; anything else is an error.
"$BIN" "${MODEL_ARGS[@]}" audit --format jsonl "$DIR" >"$report"

python3 - "$report" "$DIR/INDEX.csv" "$DIR/../duties.csv" <<'PY'
import csv, json, os, re, sys, unicodedata

report_path, index_path, duties_path = sys.argv[1:4]
verbose = os.environ.get("VERBOSE") == "1"

PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "\u00a0": " "})

def norm(s):
    s = unicodedata.normalize("NFKC", s).translate(PLAIN)
    s = re.sub(r"[^\w\s]|_", " ", s.replace("'", "")).lower()
    return " ".join(s.split())

def matches(statement, duty):
    if statement == duty or f" {statement} " in f" {duty} ":
        return True
    return f" {duty} " in f" {statement} " and 2 * len(duty) >= len(statement)

audits = {}
with open(report_path, encoding="utf-8") as f:
    for line in f:
        a = json.loads(line)
        audits[os.path.basename(a["file"])] = a

duties = {}
with open(duties_path, encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        duties.setdefault(row["posting"], []).append(norm(row["text"]))

with open(index_path, encoding="utf-8", newline="") as f:
    index = list(csv.DictReader(f))

n_stmt = n_stmt_ok = n_duty = n_duty_ok = 0
for name, a in sorted(audits.items()):
    ds = duties.get(name, [])
    ss = [norm(s["text"]) for s in a["statements"]]
    ok_s = [any(matches(s, d) for d in ds) for s in ss]
    ok_d = [any(matches(s, d) for s in ss) for d in ds]
    n_stmt += len(ss); n_stmt_ok += sum(ok_s)
    n_duty += len(ds); n_duty_ok += sum(ok_d)
    if verbose:
        print(f"{name}: {sum(ok_s)}/{len(ss)} statements are duties, {sum(ok_d)}/{len(ds)} duties found")
        for s, ok in zip(ss, ok_s):
            if not ok:
                print(f"    not a duty: {s}")
        for d, ok in zip(ds, ok_d):
            if not ok:
                print(f"    missed:     {d}")
missing = sorted(set(duties) - set(audits))
for name in missing:
    n_duty += len(duties[name])
if missing:
    print(f"warning: no audit for {', '.join(missing)}", file=sys.stderr)

def ratio(a, b):
    return f"{a / b:.3f}" if b else "n/a"

print(f"extraction   {n_stmt} statements classified, {n_duty} duties in duties.csv")
print(f"  precision  {ratio(n_stmt_ok, n_stmt)}  ({n_stmt_ok} of {n_stmt} statements are duties)")
print(f"  recall     {ratio(n_duty_ok, n_duty)}  ({n_duty_ok} of {n_duty} duties classified)")

clear = right = flagged = n_mis = false_clear = false_unclear = title_ok = 0
wrong = []
no_cue = 0
for row in index:
    a = audits.get(row["file"])
    if a is None:
        continue
    title_ok += a["claimed_level"] == row["title_level"]
    if a["content_level"] == "unknown":
        no_cue += 1
    truth = row["content_level"]
    true_mismatch = truth in ("director", "vp") and truth != row["title_level"]
    if truth in ("director", "vp"):
        clear += 1
        right += a["content_level"] == truth
        if a["content_level"] != truth:
            wrong.append(f"{row['file']} reads {a['content_level']} (is {truth})")
    if true_mismatch:
        n_mis += 1
        flagged += a["verdict"] == "mismatch"
        if a["verdict"] != "mismatch":
            wrong.append(f"{row['file']} not flagged ({a['verdict']}, {a['content_level']} {a['confidence']})")
    elif a["verdict"] == "mismatch":
        if truth in ("director", "vp"):
            false_clear += 1
        else:
            false_unclear += 1
        wrong.append(f"{row['file']} false mismatch ({a['content_level']} {a['confidence']}, truth {truth})")

print(f"postings     {len(index)} in INDEX.csv")
print(f"  content level right     {right}/{clear}")
print(f"  mismatches flagged      {flagged}/{n_mis}")
print(f"  false mismatches        {false_clear + false_unclear}  ({false_clear} on clear postings, {false_unclear} on unclear ones)")
print(f"  title claimed level     {title_ok}/{len(index)}")
print(f"  content level unknown   {no_cue}/{len(index)}  (no duty line carries a level cue)")
if verbose and wrong:
    print("errors:")
    for w in wrong:
        print(f"  {w}")
PY

#!/usr/bin/env python3
"""Generate a large, deterministic training CSV (`text,role,source`) for `roleclass train`
benchmarks (issue 7: 1,000,000 rows in under 30 s and 500 MiB).

Rows are recombined from training/tasks.csv, so the vocabulary and label mix are realistic:
every (base row, generic prefix, generic suffix) triple is enumerated, shuffled with a fixed
seed, and the first N distinct texts are written with the base row's role. The prefixes and
suffixes are level-neutral posting wording; they never turn one label's text into another's.
Texts are unique (after trimming), so `train` neither drops duplicates nor sees one text with
two labels.

Usage: scripts/gen-training.py [-n ROWS] [--seed SEED] [--tasks training/tasks.csv] OUTPUT
"""

import argparse
import csv
import hashlib
import random
import sys
from pathlib import Path

PREFIXES = [
    "", "You will ", "In this role, you ", "Expected to ", "Key duty: ", "Day to day: ",
    "Responsibilities include: ", "The role: ", "We count on you to ", "Often: ",
    "Main task: ", "What you will do: ", "Part of the job: ", "Ideally you ",
    "You are expected to ", "Core duty: ", "Typical week: ", "Among other things: ",
    "Primary focus: ", "On a regular basis: ", "From day one: ", "Also: ",
    "Important: ", "Each week: ",
]

SUFFIXES = [
    "", " as needed", " on an ongoing basis", " with care", " in close collaboration",
    " and document the outcome", " with a bias for action", " in a fast-paced environment",
    " together with peers", " and share what you learn", " with clear written communication",
    " while staying hands-on where useful", " in a remote-friendly setting",
    " and follow up on results", " using good judgement", " with a focus on clarity",
    " and keep stakeholders informed", " in line with company values",
    " across time zones", " with an open mind", " and iterate when needed",
    " in a transparent way", " with attention to detail", " and learn from feedback",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("-n", "--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--tasks",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "training" / "tasks.csv",
    )
    args = parser.parse_args()

    with args.tasks.open(newline="", encoding="utf-8") as f:
        base = [(r["text"].strip(), r["role"].strip(), r["source"].strip()) for r in csv.DictReader(f)]
    base = [row for row in base if row[0]]

    capacity = len(base) * len(PREFIXES) * len(SUFFIXES)
    if args.rows > capacity:
        print(f"error: at most {capacity} rows can be generated from {args.tasks}", file=sys.stderr)
        return 2

    rng = random.Random(args.seed)
    triples = [(b, p, s) for b in range(len(base)) for p in range(len(PREFIXES)) for s in range(len(SUFFIXES))]
    rng.shuffle(triples)

    seen = set()
    written = 0
    digest = hashlib.sha256()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_name(args.output.name + ".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["text", "role", "source"])
        for b, p, s in triples:
            text, role, source = base[b]
            prefix = PREFIXES[p]
            if prefix and not prefix.endswith(": "):
                # "You will" + "Set team goals" -> "You will set team goals".
                text = text[:1].lower() + text[1:]
            # Keep a closing full stop after the suffix: "Ship it. with care" reads badly.
            stop = "." if text.endswith(".") else ""
            text = f"{prefix}{text.rstrip('.')}{SUFFIXES[s]}{stop}".strip()
            if text in seen:
                continue
            seen.add(text)
            out.writerow([text, role, f"generated:{source}"])
            written += 1
            if written == args.rows:
                break
    tmp.replace(args.output)
    digest.update(args.output.read_bytes())
    print(
        f"wrote {written} rows to {args.output} (seed {args.seed}, sha256 {digest.hexdigest()})",
        file=sys.stderr,
    )
    return 0 if written == args.rows else 1


if __name__ == "__main__":
    sys.exit(main())

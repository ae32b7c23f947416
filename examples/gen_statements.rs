//! Writes a deterministic CSV of realistic engineering-leadership statements for the batch
//! benchmark: `id,text`, one statement of about 80 characters per row, a mix of
//! Director-level, VP-level and generic duties; about one row in eight contains a comma and
//! is therefore quoted.
//!
//! With `--quoted`, every statement contains a comma, as in real exports, so every statement
//! is quoted; one in sixteen also holds a quoted word (`""cloud""` inside the field).
//!
//! Usage: `cargo run --release --example gen_statements -- [--quoted] OUT ROWS [SEED]`
//! (ROWS accepts `_` separators and a `k`/`m` suffix: `1m`, `5_000_000`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// Openings by level: (Director, VP, generic).
const DIRECTOR_VERBS: &[&str] = &[
    "Manage a team of",
    "Hire and coach",
    "Run weekly one-on-ones with",
    "Lead sprint planning for",
    "Write performance reviews for",
    "Grow and mentor",
    "Unblock delivery for",
    "Staff on-call rotations for",
];
const DIRECTOR_OBJECTS: &[&str] = &[
    "six engineering managers",
    "the payments platform engineers",
    "two mobile squads",
    "the data pipeline team",
    "senior backend engineers",
    "the site reliability group",
    "new engineering leads",
    "the checkout and search teams",
];
const DIRECTOR_TAILS: &[&str] = &[
    "to ship the quarterly roadmap on time",
    "and keep incident follow-ups on track",
    "so releases go out every two weeks",
    "while holding the hiring bar high",
    "and report delivery risks to the VP",
    "across two time zones",
];
const VP_VERBS: &[&str] = &[
    "Set the multi-year strategy for",
    "Own the annual budget of",
    "Report to the CEO and board on",
    "Build the leadership bench in",
    "Define the operating model for",
    "Negotiate headcount plans for",
    "Shape company-wide architecture for",
    "Present results to investors for",
];
const VP_OBJECTS: &[&str] = &[
    "the whole engineering organization",
    "all product engineering groups",
    "four directors and their orgs",
    "a 300-person R&D division",
    "every platform and product line",
    "the engineering and security orgs",
];
const VP_TAILS: &[&str] = &[
    "and align it with company goals",
    "with the executive team",
    "over the next three fiscal years",
    "and drive annual planning",
    "with clear metrics for the board",
    "during an acquisition",
];
const GENERIC: &[&str] = &[
    "Partner with product and design leaders to prioritize the roadmap",
    "Promote a culture of code review and blameless postmortems",
    "Work with recruiting to improve candidate experience and pipeline",
    "Keep engineering documentation current for the organization",
    "Track delivery metrics and share progress with stakeholders weekly",
    "Champion security and accessibility in every release",
];
const COMMA_TAILS: &[&str] = &[
    ", with a focus on reliability",
    ", balancing speed and quality",
    ", in close contact with sales",
    ", the technical vision and strategy, and R&D programs",
    ", including hiring, onboarding and retention",
    ", from planning to delivery",
];
/// Quoted words for `--quoted` (written with doubled quotes inside the quoted field).
const QUOTED_WORDS: &[&str] = &[" \"cloud first\"", " (\"one team\")", " \"build vs buy\""];

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn statement(rng: &mut XorShift, quoted: bool, out: &mut String) {
    out.clear();
    match rng.next() % 10 {
        0..=3 => {
            out.push_str(rng.pick(DIRECTOR_VERBS));
            out.push(' ');
            out.push_str(rng.pick(DIRECTOR_OBJECTS));
            out.push(' ');
            out.push_str(rng.pick(DIRECTOR_TAILS));
        }
        4..=7 => {
            out.push_str(rng.pick(VP_VERBS));
            out.push(' ');
            out.push_str(rng.pick(VP_OBJECTS));
            out.push(' ');
            out.push_str(rng.pick(VP_TAILS));
        }
        _ => out.push_str(rng.pick(GENERIC)),
    }
    if quoted && rng.next() % 16 == 0 {
        out.push_str(rng.pick(QUOTED_WORDS));
    }
    if quoted || rng.next() % 8 == 0 {
        // The first three tails keep the default file as it always was.
        let tails = if quoted {
            COMMA_TAILS
        } else {
            &COMMA_TAILS[..3]
        };
        out.push_str(rng.pick(tails));
    }
}

fn parse_count(s: &str) -> Option<u64> {
    let s = s.replace('_', "").to_ascii_lowercase();
    let (digits, scale) = match s.strip_suffix('m') {
        Some(d) => (d.to_string(), 1_000_000),
        None => match s.strip_suffix('k') {
            Some(d) => (d.to_string(), 1_000),
            None => (s.clone(), 1),
        },
    };
    digits.parse::<u64>().ok().map(|n| n * scale)
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let quoted = args.iter().any(|a| a == "--quoted");
    args.retain(|a| a != "--quoted");
    let (Some(path), Some(rows)) = (args.first(), args.get(1).and_then(|s| parse_count(s))) else {
        eprintln!("usage: gen_statements [--quoted] OUT ROWS [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42u64);
    match write(path, rows, seed, quoted) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write(path: &str, rows: u64, seed: u64, quoted: bool) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, File::create(path)?);
    let mut rng = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut text = String::new();
    writeln!(out, "id,text")?;
    for id in 1..=rows {
        statement(&mut rng, quoted, &mut text);
        if text.contains(',') || text.contains('"') {
            writeln!(out, "{id},\"{}\"", text.replace('"', "\"\""))?;
        } else {
            writeln!(out, "{id},{text}")?;
        }
    }
    out.flush()
}

//! Duty extraction on postings in formats and conventions the first fixtures did not cover
//! (`tests/fixtures/formats/`, described in `tests/fixtures/README.md`): through the real
//! binary, `audit --format jsonl` must classify exactly the duty statements each fixture's
//! sidecar (`<name>.duties`, one duty per line) lists: precision and recall 1 on every fixture.
//!
//! Statements and duties are compared the way `scripts/eval-real-audit.sh` compares them on
//! the real development set: both normalised into words (NFKC, curly quotes and dashes made
//! plain, apostrophes dropped, every other non-alphanumeric character a space, lower case), a
//! statement matches a duty when they are equal, when the statement is part of the duty, or
//! when the duty is part of the statement and at least half as long.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_fixtures_described, roleclass, root, stdout_of};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const FORMATS: &str = "tests/fixtures/formats";

/// The fixture postings (every file but the `.duties` and `.title` sidecars), sorted.
fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(FORMATS))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "duties" && e != "title"))
        .collect();
    files.sort();
    files
}

/// The words of `s`, as the eval script normalises them.
fn norm(s: &str) -> String {
    let plain: String = s
        .nfkc()
        .filter(|c| !matches!(c, '\'' | '\u{2018}' | '\u{2019}'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .flat_map(char::to_lowercase)
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The eval script's matching rule (see the module docs).
fn matches(statement: &str, duty: &str) -> bool {
    let padded = |s: &str| format!(" {s} ");
    statement == duty
        || padded(duty).contains(&padded(statement))
        || (padded(statement).contains(&padded(duty)) && 2 * duty.len() >= statement.len())
}

/// The expected duties of a fixture, from its sidecar.
fn expected(posting: &Path) -> Vec<String> {
    let sidecar = posting.with_extension("duties");
    std::fs::read_to_string(&sidecar)
        .unwrap_or_else(|e| panic!("{}: {e}", sidecar.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn audit(posting: &Path) -> Value {
    let out = stdout_of(
        roleclass()
            .args(["audit", "--format", "jsonl"])
            .arg(posting),
    );
    serde_json::from_slice(&out).unwrap()
}

/// Marks a statement must not start with: bullet markers left in the text.
fn starts_with_marker(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    matches!(first, "o" | "-" | "*" | "•" | "▪" | "–" | "—")
        || first.strip_suffix(')').is_some_and(|l| l.len() == 1)
}

#[test]
fn every_format_fixture_gives_exactly_its_duties() {
    let files = fixtures();
    assert!(files.len() >= 12, "only {} format fixtures", files.len());
    let mut failures = Vec::new();
    let (mut found, mut classified, mut duties_found, mut duties) = (0, 0, 0, 0);
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let want = expected(file);
        assert!(!want.is_empty(), "{name}: its sidecar lists no duty");
        let want_n: Vec<String> = want.iter().map(|d| norm(d)).collect();
        let report = audit(file);
        let got: Vec<String> = report["statements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap().to_owned())
            .collect();
        let got_n: Vec<String> = got.iter().map(|s| norm(s)).collect();
        for (s, raw) in got_n.iter().zip(&got) {
            classified += 1;
            if want_n.iter().any(|d| matches(s, d)) {
                found += 1;
            } else {
                failures.push(format!("{name}: not a duty: {raw:?}"));
            }
            if starts_with_marker(raw) {
                failures.push(format!("{name}: a bullet marker left in {raw:?}"));
            }
        }
        for (d, raw) in want_n.iter().zip(&want) {
            duties += 1;
            if got_n.iter().any(|s| matches(s, d)) {
                duties_found += 1;
            } else {
                failures.push(format!("{name}: missed: {raw:?}"));
            }
        }
    }
    eprintln!(
        "format fixtures: precision {found}/{classified}, recall {duties_found}/{duties} ({} postings)",
        files.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The level the audit claims for a posting when told its title with `--title`.
fn claimed_by(posting: &Path, title: &str) -> Value {
    let out = stdout_of(
        roleclass()
            .args(["audit", "--format", "jsonl", "--title", title])
            .arg(posting),
    );
    let report: Value = serde_json::from_slice(&out).unwrap();
    report["claimed_level"].clone()
}

/// A fixture with a `.title` sidecar (the title as its writer names it): the audit finds that
/// title, or one that holds it or is held in it, and claims the same level.
#[test]
fn every_title_sidecar_is_the_title_found() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in fixtures() {
        let sidecar = file.with_extension("title");
        let Ok(want) = std::fs::read_to_string(&sidecar) else {
            continue;
        };
        let want = want.trim();
        checked += 1;
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let report = audit(&file);
        let got = report["title"].as_str().unwrap_or("");
        let (w, g) = (norm(want), norm(got));
        if g.is_empty() || !(w.contains(&g) || g.contains(&w)) {
            failures.push(format!("{name}: title {got:?}, its writer names {want:?}"));
        }
        if report["claimed_level"] != claimed_by(&file, want) {
            failures.push(format!(
                "{name}: claims {}, its writer's title {want:?} claims {}",
                report["claimed_level"],
                claimed_by(&file, want)
            ));
        }
    }
    assert!(checked >= 10, "only {checked} title sidecars");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The matching rule itself: a statement cut from a duty matches it, a statement that
/// swallowed the next duty does not, and punctuation and apostrophes do not count.
#[test]
fn the_matching_rule_is_the_eval_scripts() {
    let duty = norm("Own the budget, and report on it to the CEO.");
    assert!(matches(&norm("Own the budget"), &duty));
    assert!(matches(
        &norm("own the budget and report on it to the ceo"),
        &duty
    ));
    assert!(!matches(&norm("Own the budget and hire the team"), &duty));
    let short = norm("Own the budget.");
    assert!(matches(&norm("Key duty: own the budget"), &short));
    assert!(!matches(
        &norm("Own the budget. Hire the team and set the hiring plan for the department."),
        &short
    ));
    assert_eq!(norm("You’ll lead – “the” team"), "youll lead the team");
}

/// The fixtures the README describes are the fixtures there are, each with its sidecar.
#[test]
fn every_format_fixture_is_described() {
    assert_fixtures_described(&fixtures(), "duties");
}

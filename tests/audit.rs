//! `roleclass audit` through the real binary: one verdict per fixture posting, the JSON, JSON
//! Lines and CSV shapes, directories, stdin, `--title` and `--fail-on-mismatch`.

mod common;

use common::{roleclass, root};
use predicates::prelude::*;
use serde_json::Value;

const FIXTURES: &str = "tests/fixtures/postings";

fn audit_json(file: &str, extra: &[&str]) -> Value {
    let out = roleclass()
        .args(["audit", "--format", "jsonl"])
        .args(extra)
        .arg(format!("{FIXTURES}/{file}"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn each_fixture_gets_its_verdict() {
    let cases = [
        (
            "director_consistent.md",
            "director",
            "director",
            "consistent",
        ),
        ("vp_consistent.md", "vp", "vp", "consistent"),
        ("director_title_vp_duties.md", "director", "vp", "mismatch"),
        ("vp_title_team_duties.txt", "vp", "director", "mismatch"),
        ("no_headings.txt", "vp", "vp", "consistent"),
        ("markdown_nested.md", "director", "unknown", "mixed"),
        ("crlf_director.txt", "director", "director", "consistent"),
        ("no_duties.md", "director", "unknown", "no_duties_found"),
    ];
    for (file, claimed, content, verdict) in cases {
        let report = audit_json(file, &[]);
        assert_eq!(report["claimed_level"], claimed, "{file}");
        assert_eq!(report["verdict"], verdict, "{file}");
        if content != "unknown" || verdict == "no_duties_found" {
            assert_eq!(report["content_level"], content, "{file}");
        }
    }
}

#[test]
fn json_has_the_documented_shape() {
    let report = audit_json("director_title_vp_duties.md", &["--explain"]);
    for key in [
        "file",
        "title",
        "claimed_level",
        "content_level",
        "confidence",
        "verdict",
    ] {
        assert!(!report[key].is_null(), "missing {key}");
    }
    let counts = &report["counts"];
    let total = counts["director"].as_u64().unwrap()
        + counts["vp"].as_u64().unwrap()
        + counts["unsure"].as_u64().unwrap();
    let statements = report["statements"].as_array().unwrap();
    assert_eq!(total as usize, statements.len());
    for s in statements {
        assert!(s["text"].is_string() && s["role"].is_string() && s["confidence"].is_number());
        assert!(s.get("section").is_some());
        assert!(s["explanation"]["terms"].is_array());
    }
    let skipped = report["skipped"].as_array().unwrap();
    assert!(skipped
        .iter()
        .all(|s| s["text"].is_string() && s["reason"].is_string()));
    assert!(skipped
        .iter()
        .any(|s| s["reason"].as_str().unwrap().contains("requirements")));
    // Without --explain the statements carry no explanation.
    let plain = audit_json("director_title_vp_duties.md", &[]);
    assert!(plain["statements"][0].get("explanation").is_none());
}

#[test]
fn text_report_lists_the_disagreeing_lines_with_their_words() {
    roleclass()
        .args(["audit", &format!("{FIXTURES}/director_title_vp_duties.md")])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("MISMATCH: the duties read as vp")
                .and(predicate::str::contains(
                    "lines that disagree with the title",
                ))
                .and(predicate::str::contains("because: ")),
        );
}

#[test]
fn a_directory_is_audited_with_a_summary_and_csv_rows() {
    roleclass()
        .args(["audit", FIXTURES])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("summary")
                .and(predicate::str::contains("vp_title_team_duties.txt")),
        );
    let out = roleclass()
        .args(["audit", "--format", "csv", FIXTURES])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("file,title,claimed_level,content_level,confidence,verdict,director,vp,unsure,statements,skipped")
    );
    assert_eq!(lines.count(), 8);
}

#[test]
fn fail_on_mismatch_exits_1_only_when_there_is_one() {
    roleclass()
        .args([
            "audit",
            "--fail-on-mismatch",
            &format!("{FIXTURES}/vp_title_team_duties.txt"),
        ])
        .assert()
        .code(1);
    roleclass()
        .args([
            "audit",
            "--fail-on-mismatch",
            &format!("{FIXTURES}/vp_consistent.md"),
        ])
        .assert()
        .success();
}

#[test]
fn stdin_and_title_override() {
    let posting = std::fs::read_to_string(root().join(FIXTURES).join("vp_consistent.md")).unwrap();
    let out = roleclass()
        .args([
            "audit",
            "--format",
            "jsonl",
            "--title",
            "Director of Engineering",
            "-",
        ])
        .write_stdin(posting)
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["file"], "-");
    assert_eq!(report["claimed_level"], "director");
    assert_eq!(report["verdict"], "mismatch");
}

#[test]
fn json_is_one_document_and_jsonl_one_line_per_posting() {
    let json = roleclass()
        .args(["audit", "--format", "json", FIXTURES])
        .output()
        .unwrap();
    assert!(json.status.success());
    let array: Value = serde_json::from_slice(&json.stdout).unwrap();
    let array = array.as_array().expect("one JSON array");
    assert_eq!(array.len(), 8);
    let jsonl = roleclass()
        .args(["audit", "--format", "jsonl", FIXTURES])
        .output()
        .unwrap();
    let lines = common::json_lines(&jsonl.stdout);
    assert_eq!(&lines, array);
    // Keys in the documented order.
    let text = String::from_utf8(jsonl.stdout).unwrap();
    let first = text.lines().next().unwrap();
    let order = [
        "\"file\"",
        "\"title\"",
        "\"claimed_level\"",
        "\"content_level\"",
        "\"confidence\"",
        "\"verdict\"",
        "\"counts\"",
        "\"statements\"",
        "\"skipped\"",
    ];
    let positions: Vec<usize> = order.iter().map(|k| first.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first}");
}

//! The core issue through the real binary: train, classify, evaluate, the shipped model, and
//! the errors of each.

mod common;

use common::{json_lines, roleclass, root, small_training_csv, stdout_of, write};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn classifies_the_readme_examples() {
    roleclass()
        .args(["classify", "Manages the engineering department budget"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("vp "));
    roleclass()
        .args([
            "classify",
            "Runs sprint retrospectives and backlog refinement with the team leads",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("director "));
}

#[test]
fn works_from_any_directory_with_the_embedded_model() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = roleclass();
    cmd.current_dir(dir.path())
        .args(["classify", "Reports directly to the CEO"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("vp "));
}

#[test]
fn json_lines_have_probabilities_that_sum_to_one() {
    let out = roleclass()
        .args([
            "classify",
            "--format",
            "jsonl",
            "Own the quarterly sprint goals of your squad",
            "Foster a culture of innovation",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 2);
    for line in &lines {
        let p = &line["probabilities"];
        let sum = p["director"].as_f64().unwrap() + p["vp"].as_f64().unwrap();
        assert!((sum - 1.0).abs() < 1e-9);
        assert!(line["text"].is_string() && line["confidence"].is_number());
    }
    assert_eq!(lines[0]["role"], "director");
    assert_eq!(lines[1]["role"], "unsure");
}

#[test]
fn stdin_is_streamed_and_blank_lines_are_counted() {
    let out = roleclass()
        .args(["classify", "--format", "jsonl"])
        .write_stdin(
            "Manages the engineering department budget\n\n   \nRuns the team's sprint planning\r\n",
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[1]["line"], 4);
    assert_eq!(lines[1]["text"], "Runs the team's sprint planning");
}

#[test]
fn csv_output_has_the_documented_header() {
    roleclass()
        .args([
            "classify",
            "--format",
            "csv",
            "Present the roadmap to the board, twice a year",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "line,text,role,confidence\n1,\"Present the roadmap to the board, twice a year\",vp,",
        ));
}

#[test]
fn text_and_csv_carry_the_input_line_number() {
    let input = "Manages the engineering department budget\n\nRuns the team's sprint planning\n";
    let text =
        String::from_utf8(stdout_of(roleclass().arg("classify").write_stdin(input))).unwrap();
    let numbers: Vec<&str> = text
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(numbers, ["1", "3"], "{text}");
    let csv = String::from_utf8(stdout_of(
        roleclass()
            .args(["classify", "--format", "csv"])
            .write_stdin(input),
    ))
    .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "line,text,role,confidence");
    assert!(lines[1].starts_with("1,Manages the engineering"), "{csv}");
    assert!(lines[2].starts_with("3,Runs the team's"), "{csv}");
    // Arguments are answered in order, one line each: no number in text.
    let text =
        String::from_utf8(stdout_of(roleclass().args(["classify", "Own the budget"]))).unwrap();
    assert!(
        !text.starts_with(char::is_whitespace) && !text.starts_with('1'),
        "{text}"
    );
}

#[test]
fn explain_with_csv_is_refused_alike_everywhere() {
    let posting = root().join("tests/fixtures/postings/vp_consistent.md");
    let mut messages = Vec::new();
    for args in [
        vec!["classify", "--format", "csv", "--explain", "Own the budget"],
        vec!["batch", "--explain"],
        vec![
            "audit",
            "--format",
            "csv",
            "--explain",
            posting.to_str().unwrap(),
        ],
    ] {
        let output = roleclass()
            .args(&args)
            .write_stdin("text\nOwn the budget\n")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        messages.push(String::from_utf8(output.stderr).unwrap());
    }
    assert!(messages[0].contains("--explain cannot be used with --format csv"));
    assert!(messages.iter().all(|m| *m == messages[0]), "{messages:?}");
}

#[test]
fn a_statement_with_no_known_word_is_unsure() {
    roleclass()
        .args(["classify", "zzqx blorft wibble"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("unsure "));
}

#[test]
fn threshold_turns_weak_answers_into_unsure() {
    let text = "Keep investors informed";
    roleclass()
        .args(["classify", "--threshold", "1.0", text])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("unsure "));
    roleclass()
        .args(["classify", "--threshold", "0.4", text])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "threshold must be between 0.5 and 1",
        ));
}

#[test]
fn a_500_word_statement_gets_finite_probabilities() {
    let text = "Manage the department budget and run the sprint retrospectives ".repeat(50);
    let out = roleclass()
        .args(["classify", "--format", "jsonl", &text])
        .output()
        .unwrap();
    assert!(out.status.success());
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (d, v) = (
        line["probabilities"]["director"].as_f64().unwrap(),
        line["probabilities"]["vp"].as_f64().unwrap(),
    );
    assert!(d.is_finite() && v.is_finite() && (d + v - 1.0).abs() < 1e-9);
}

#[test]
fn evaluate_reaches_the_accuracy_target_on_heldout() {
    let out = roleclass()
        .args(["evaluate", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let figures: Value = serde_json::from_slice(&out.stdout).unwrap();
    let accuracy = figures["accuracy"].as_f64().unwrap();
    let macro_f1 = figures["macro_f1"].as_f64().unwrap();
    assert!(accuracy >= 0.92, "held-out accuracy {accuracy}");
    assert!(macro_f1 >= 0.92, "held-out macro-F1 {macro_f1}");
    for key in [
        "n",
        "unsure",
        "confusion",
        "coverage",
        "selective_accuracy",
        "either_unsure_rate",
        "ece",
    ] {
        assert!(!figures[key].is_null(), "missing {key}");
    }
    for class in ["director", "vp"] {
        for key in ["precision", "recall", "f1", "support"] {
            assert!(
                figures["per_class"][class][key].is_number(),
                "{class}.{key}"
            );
        }
    }
}

#[test]
fn evaluate_min_accuracy_gates_with_exit_code_1() {
    roleclass()
        .args(["evaluate", "--min-accuracy", "1.0"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("below --min-accuracy"));
    roleclass()
        .args(["evaluate", "--min-accuracy", "0.5"])
        .assert()
        .success()
        .stdout(predicate::str::contains("accuracy"));
}

#[test]
fn the_committed_model_is_what_training_produces() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.json");
    let assert = roleclass()
        .args(["train", "--heldout", "training/heldout.csv", "-o"])
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    // linfa-bayes 0.8.1 dbg!-prints every class histogram during fit; none of it may leak.
    assert!(
        !stderr.contains("ClassHistogram") && !stderr.contains("[/"),
        "{stderr}"
    );
    assert!(stderr.contains("cross-validated accuracy"), "{stderr}");
    let fresh = std::fs::read(&out).unwrap();
    let committed = std::fs::read(root().join("models/roleclass.json")).unwrap();
    assert!(
        fresh == committed,
        "models/roleclass.json is stale: run `cargo run --release -- train --heldout training/heldout.csv` and commit it"
    );
}

#[test]
fn training_twice_gives_byte_identical_models() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "data.csv", small_training_csv());
    let mut outputs = Vec::new();
    for name in ["a.json", "b.json"] {
        let out = dir.path().join(name);
        roleclass()
            .arg("train")
            .arg(&data)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
    // And the trained model is usable.
    roleclass()
        .arg("--model")
        .arg(dir.path().join("a.json"))
        .args(["classify", "Own the department budget"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("vp "));
}

/// Each bad input: exit code 2, one line on stderr naming the file, no model written.
#[test]
fn training_errors_name_the_file_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, &[u8], &str)> = vec![
        ("empty.csv", b"", "empty.csv: empty file"),
        (
            "header.csv",
            b"text,role,source\n",
            "header.csv: no data rows",
        ),
        (
            "nocol.csv",
            b"text,label\nA b c,vp\n",
            "nocol.csv: no column named \"role\"",
        ),
        (
            "role.csv",
            b"text,role\nA b c,vp\nD e f,manager\n",
            "role.csv:3: column 2 (\"role\"): unknown role \"manager\"",
        ),
        (
            "one.csv",
            b"text,role\nA b c,vp\nD e f,vp\n",
            "one.csv: training needs both director and vp rows",
        ),
        (
            "ragged.csv",
            b"text,role\nA b c,vp\nD,e,f,director\n",
            "ragged.csv:3: expected 2 fields",
        ),
        (
            "conflict.csv",
            b"text,role\nA b c,vp\nA b c,director\n",
            "conflict.csv:3: the same text is labeled director here and vp on line 2",
        ),
    ];
    for (name, contents, expected) in cases {
        let path = write(dir.path(), name, contents);
        let out = dir.path().join(format!("{name}.json"));
        let assert = roleclass()
            .arg("train")
            .arg(&path)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{name}: {stderr}");
        assert!(!out.exists(), "{name}: a model was written");
    }
    roleclass()
        .args(["train", "does/not/exist.csv", "-o"])
        .arg(dir.path().join("x.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "does/not/exist.csv: no such file or directory",
        ));
}

#[test]
fn bad_model_files_are_rejected_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let committed = std::fs::read_to_string(root().join("models/roleclass.json")).unwrap();
    let version = format!("\"format_version\": {}", roleclass::model::FORMAT_VERSION);
    assert!(committed.contains(&version));
    let newer = committed.replacen(&version, "\"format_version\": 99", 1);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "truncated.json",
            committed[..committed.len() / 2].to_owned(),
            "truncated model file",
        ),
        (
            "garbage.json",
            "this is not json".to_owned(),
            "not a JSON model file",
        ),
        (
            "shape.json",
            "{\"format_version\": 1, \"hello\": 2}".to_owned(),
            "not a roleclass model",
        ),
        ("newer.json", newer, "model format version 99 is newer"),
    ];
    for (name, contents, expected) in cases {
        let path = write(dir.path(), name, contents);
        roleclass()
            .arg("--model")
            .arg(&path)
            .args(["classify", "Own the budget"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(name).and(predicate::str::contains(expected)));
    }
}

#[test]
fn dash_means_stdin_for_evaluate_too() {
    let data = std::fs::read_to_string(root().join("training/heldout.csv")).unwrap();
    let from_stdin = stdout_of(
        roleclass()
            .args(["evaluate", "--format", "json", "-"])
            .write_stdin(data),
    );
    let from_file = stdout_of(roleclass().args(["evaluate", "--format", "json"]));
    assert_eq!(from_stdin, from_file);
}

/// A statement answered on cues that only the cue stage knows ("communities", "source
/// communities" are no ranking terms).
const CUE_ONLY_STATEMENT: &str = "Serve as the primary connector between technical teams, open \
                                  source communities, and business stakeholders";

#[test]
fn explained_answers_always_name_their_cues() {
    let mut texts: Vec<String> = csv::Reader::from_path(root().join("training/heldout.csv"))
        .unwrap()
        .records()
        .map(|record| record.unwrap()[0].replace(['\n', '\r'], " "))
        .collect();
    texts.push(CUE_ONLY_STATEMENT.to_owned());
    let input = texts.join("\n") + "\n";
    let text = stdout_of(
        roleclass()
            .args(["classify", "--explain", "--color", "never"])
            .write_stdin(input.clone()),
    );
    let text = String::from_utf8(text).unwrap();
    let records = json_lines(&stdout_of(
        roleclass()
            .args(["classify", "--explain", "--format", "jsonl"])
            .write_stdin(input),
    ));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), texts.len());
    assert_eq!(records.len(), texts.len());
    let mut answered = 0;
    for (line, record) in lines.iter().zip(&records) {
        let role = record["role"].as_str().unwrap();
        let no_cue = line.ends_with("because: no level cue found");
        if role != "unsure" {
            answered += 1;
            assert!(!no_cue, "answered {role} with no cue: {line}");
        }
        // The text says there is no cue exactly when the explanation has none.
        let cues = record["explanation"]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["cue"] == true)
            .count();
        assert_eq!(no_cue, cues == 0, "{line}");
    }
    assert!(answered > texts.len() / 2, "{answered} of {}", texts.len());

    // The named case: answered, on the cues that are not ranking terms, each shown with what
    // it adds to the cue stage.
    let last = lines.last().unwrap();
    let record = records.last().unwrap();
    assert_ne!(record["role"], "unsure", "{last}");
    let communities = record["explanation"]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["term"] == "communities")
        .expect("`communities` is in the explanation");
    assert_eq!(communities["cue"], true);
    assert_eq!(communities["log_odds"], 0.0, "no ranking term");
    let cue_log_odds = communities["cue_log_odds"].as_f64().unwrap();
    assert_ne!(cue_log_odds, 0.0);
    let shown = format!(
        "communities ({cue_log_odds:+.1} {})",
        communities["favours"].as_str().unwrap()
    );
    assert!(
        last.contains("because: cues ") && last.contains(&shown),
        "{shown} in {last}"
    );
}

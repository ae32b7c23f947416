//! Snapshot tests (insta): the exact stdout of every command in every output format, so that a
//! change of wording, key order, precision or layout shows up as a reviewed diff.
//!
//! Update after an intended change with `INSTA_UPDATE=always cargo test --test snapshots` (or
//! `cargo insta review`), then read the diff of `tests/snapshots/` before committing it.

mod common;

use common::roleclass;

const STATEMENTS: [&str; 3] = [
    "Manages the engineering department budget",
    "Runs sprint retrospectives and backlog refinement with the team leads",
    "Foster a culture of innovation",
];

const POSTING: &str = "tests/fixtures/postings/director_title_vp_duties.md";

const BATCH_INPUT: &str = "id,text,source\n\
1,Manages the engineering department budget,careers page\n\
2,\"Runs sprint retros, with the team leads\",careers page\n\
3,Foster a culture of innovation,careers page\n";

/// Stdout of a successful run, as text.
fn stdout(args: &[&str], stdin: Option<&str>) -> String {
    let mut cmd = roleclass();
    cmd.arg("--quiet").args(args);
    if let Some(stdin) = stdin {
        cmd.write_stdin(stdin);
    }
    String::from_utf8(common::stdout_of(&mut cmd)).unwrap()
}

#[test]
fn classify_in_every_format() {
    for format in ["text", "json", "jsonl", "csv"] {
        let mut args = vec!["classify", "--format", format];
        args.extend(STATEMENTS);
        insta::assert_snapshot!(format!("classify_{format}"), stdout(&args, None));
    }
    for format in ["text", "json"] {
        let mut args = vec!["classify", "--explain", "--format", format];
        args.extend(STATEMENTS);
        insta::assert_snapshot!(format!("classify_explain_{format}"), stdout(&args, None));
    }
}

#[test]
fn batch_in_every_format() {
    insta::assert_snapshot!("batch_csv", stdout(&["batch"], Some(BATCH_INPUT)));
    insta::assert_snapshot!(
        "batch_jsonl",
        stdout(&["batch", "--format", "jsonl"], Some(BATCH_INPUT))
    );
    insta::assert_snapshot!(
        "batch_jsonl_explain",
        stdout(
            &["batch", "--format", "jsonl", "--explain"],
            Some(BATCH_INPUT)
        )
    );
}

#[test]
fn audit_in_every_format() {
    for format in ["text", "json", "jsonl", "csv"] {
        insta::assert_snapshot!(
            format!("audit_{format}"),
            stdout(&["audit", "--format", format, POSTING], None)
        );
    }
}

#[test]
fn evaluate_and_inspect_in_every_format() {
    for format in ["text", "json"] {
        insta::assert_snapshot!(
            format!("evaluate_{format}"),
            stdout(&["evaluate", "--format", format], None)
        );
        insta::assert_snapshot!(
            format!("inspect_{format}"),
            stdout(&["inspect", "--top", "3", "--format", format], None)
        );
    }
}

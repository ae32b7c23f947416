//! The bad-input matrix: every command that reads files, fed every kind of broken (or merely
//! unusual) input. Each case either works or fails with exit code 2 and a one-line error that
//! names the file; none panics (exit code 101) and none leaves an output file behind.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{roleclass, small_training_csv, write};
use predicates::prelude::*;

/// What a case must do.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Exit 0.
    Works,
    /// Exit 2 with this text (and the file name) in the one-line error.
    Fails(&'static str),
}

/// The inputs of the matrix, as file contents. `good` is a valid labeled CSV.
fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let good = small_training_csv();
    let mut big_field = String::from("text,role,source\n\"");
    big_field.push_str(&"Own the department budget ".repeat(400_000));
    big_field.push_str("\",vp,written:general\n");
    big_field.push_str(&good.replacen("text,role,source\n", "", 1));
    let mut crlf = String::from("\u{feff}");
    crlf.push_str(&good.replace('\n', "\r\n"));
    vec![
        ("empty.csv", Vec::new()),
        ("header-only.csv", b"text,role,source\n".to_vec()),
        (
            "missing-column.csv",
            good.replacen("text,", "statement,", 1).into_bytes(),
        ),
        (
            "duplicate-columns.csv",
            b"text,role,text\nOwn the budget,vp,x\n".to_vec(),
        ),
        (
            "too-many-fields.csv",
            format!("{good}Run the team stand-ups,director,written:vision,extra\n").into_bytes(),
        ),
        (
            "too-few-fields.csv",
            format!("{good}Run the team stand-ups\n").into_bytes(),
        ),
        (
            "bad-utf8-statement.csv",
            [good.as_bytes(), b"Run the \xff team,director,x\n"].concat(),
        ),
        (
            "bad-utf8-other-column.csv",
            [good.as_bytes(), b"Run the team stand-ups,director,\xff\n"].concat(),
        ),
        (
            "nul-bytes.csv",
            [good.as_bytes(), b"Run the\0team,director,x\n"].concat(),
        ),
        ("bom-crlf.csv", crlf.into_bytes()),
        ("big-field.csv", big_field.into_bytes()),
        ("no-final-newline.csv", good.trim_end().as_bytes().to_vec()),
        (
            "bad-label.csv",
            format!("{good}Run the team stand-ups,manager,x\n").into_bytes(),
        ),
    ]
}

fn expectation(command: &str, input: &str) -> Expect {
    use Expect::*;
    match (command, input) {
        (_, "empty.csv") => Fails("empty"),
        ("batch", "header-only.csv") => Fails("no data rows"),
        (_, "header-only.csv") => Fails("no data rows"),
        ("batch", "missing-column.csv") => Fails("no column named \"text\""),
        (_, "missing-column.csv") => Fails("missing column \"text\""),
        (_, "duplicate-columns.csv") => Fails("duplicate column"),
        (_, "too-many-fields.csv") => Fails("fields"),
        (_, "too-few-fields.csv") => Fails("fields"),
        (_, "bad-utf8-statement.csv") => Fails("invalid UTF-8"),
        // batch passes other columns through byte for byte: nothing is lost.
        ("batch", "bad-utf8-other-column.csv") => Works,
        (_, "bad-utf8-other-column.csv") => Works,
        (_, "nul-bytes.csv") => Fails("NUL byte"),
        ("batch", "bad-label.csv") => Works,
        (_, "bad-label.csv") => Fails("unknown role \"manager\""),
        _ => Works,
    }
}

/// Run `command` on `path`; returns (exit code, stderr, output path if the command writes one).
fn run(command: &str, path: &Path, dir: &Path) -> (Option<i32>, String, Option<PathBuf>) {
    let out = dir.join(format!(
        "{}.{command}.out",
        path.file_name().unwrap().to_string_lossy()
    ));
    let mut cmd = roleclass();
    let writes = match command {
        "train" => {
            cmd.arg("train")
                .arg(path)
                .arg("-o")
                .arg(&out)
                .args(["--cv", "2"]);
            true
        }
        "evaluate" => {
            cmd.arg("evaluate").arg(path);
            false
        }
        "batch" => {
            cmd.arg("batch")
                .arg(path)
                .arg("-o")
                .arg(&out)
                .arg("--replace");
            true
        }
        _ => unreachable!(),
    };
    let output = cmd.output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        writes.then_some(out),
    )
}

#[test]
fn every_file_reading_command_handles_every_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (name, contents) in inputs() {
        let path = write(dir.path(), name, &contents);
        for command in ["train", "evaluate", "batch"] {
            let (code, stderr, output) = run(command, &path, dir.path());
            let expect = expectation(command, name);
            let ok = match expect {
                Expect::Works => code == Some(0),
                Expect::Fails(text) => {
                    code == Some(2)
                        && stderr.contains(text)
                        && stderr.contains(name)
                        && stderr.trim_end().lines().count() == 1
                        && stderr.starts_with("error: ")
                        && output.as_ref().is_none_or(|o| !o.exists())
                }
            };
            if !ok {
                failures.push(format!(
                    "{command} {name}: expected {expect:?}, got {code:?}: {stderr}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn directories_and_missing_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    for args in [
        vec!["train".into(), dir.path().display().to_string()],
        vec!["evaluate".into(), dir.path().display().to_string()],
        vec!["batch".into(), dir.path().display().to_string()],
        vec![
            "--model".into(),
            dir.path().display().to_string(),
            "classify".into(),
            "x y".into(),
        ],
        vec!["train".into(), missing.display().to_string()],
        vec!["evaluate".into(), missing.display().to_string()],
        vec!["batch".into(), missing.display().to_string()],
        vec!["audit".into(), missing.display().to_string()],
        vec![
            "--model".into(),
            missing.display().to_string(),
            "inspect".into(),
        ],
    ] {
        let output = roleclass().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("is a directory") || stderr.contains("no such file or directory"),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            !stderr.contains("os error"),
            "{args:?}: said twice: {stderr}"
        );
    }
}

#[test]
fn unreadable_files_are_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut path = write(dir.path(), "secret.csv", small_training_csv());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        // Running as root (as CI does): file permissions do not stop us. A write-only sysctl
        // file refuses even root.
        path = PathBuf::from("/proc/sys/vm/drop_caches");
        assert!(fs::read(&path).is_err(), "{} is readable", path.display());
    }
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    for command in ["train", "evaluate", "batch"] {
        roleclass()
            .arg(command)
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!(
                "{name}: permission denied"
            )));
    }
}

#[test]
fn output_paths_in_missing_directories_fail_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "data.csv", small_training_csv());
    for command in ["train", "batch"] {
        let out = dir.path().join("no/such/dir/out");
        let mut cmd = roleclass();
        cmd.arg(command).arg(&data).arg("-o").arg(&out);
        if command == "batch" {
            cmd.arg("--replace");
        }
        cmd.assert()
            .code(2)
            .stderr(predicates::str::contains("does not exist"));
    }
}

#[test]
fn classify_stdin_rejects_binary_and_bad_utf8_with_the_line() {
    roleclass()
        .arg("classify")
        .write_stdin(b"Own the budget\n\xff\xfe\n".to_vec())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("<stdin>:2: invalid UTF-8"));
    roleclass()
        .arg("classify")
        .write_stdin(b"Own the budget\nRun\0it\n".to_vec())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("<stdin>:2: NUL byte"));
    roleclass()
        .arg("classify")
        .write_stdin("")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn audit_reports_bad_files_and_still_audits_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.md", "  \n\n");
    let binary = write(dir.path(), "binary.txt", b"Title: VP\0 of Engineering\n");
    let latin1 = write(
        dir.path(),
        "latin1.txt",
        b"Director of Engineering\nG\xe9rer l'\xe9quipe\n",
    );
    let good = common::root().join("tests/fixtures/postings/vp_consistent.md");
    let output = roleclass()
        .args(["audit", "--format", "csv"])
        .arg(&empty)
        .arg(&binary)
        .arg(&latin1)
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("empty.md: empty file"), "{stderr}");
    assert!(
        stderr.contains("binary.txt:1: NUL byte at byte 10"),
        "{stderr}"
    );
    assert!(
        stderr.contains("latin1.txt:2: invalid UTF-8 at byte 26"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout.lines().count(),
        2,
        "header and the one good posting: {stdout}"
    );
    assert!(stdout.contains("vp_consistent.md"));
}

#[test]
fn model_files_with_inconsistent_parameters_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let committed = fs::read_to_string(common::root().join("models/roleclass.json")).unwrap();
    let mut model: serde_json::Value = serde_json::from_str(&committed).unwrap();
    model["cues"]["feature_log_prob"][0]
        .as_array_mut()
        .unwrap()
        .pop();
    let short = write(dir.path(), "short.json", model.to_string());
    roleclass()
        .arg("--model")
        .arg(&short)
        .args(["classify", "Own the budget"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("short.json: vocabulary has"));
    let huge = committed.replacen("\"alpha\": ", "\"alpha\": 1e999, \"x\": ", 1);
    let huge = write(dir.path(), "huge.json", huge);
    roleclass()
        .arg("--model")
        .arg(&huge)
        .args(["classify", "Own the budget"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("huge.json"));
    let mut model: serde_json::Value = serde_json::from_str(&committed).unwrap();
    model["hyperparameters"]["temperature"] = serde_json::json!(-1.0);
    let negative = write(dir.path(), "negative.json", model.to_string());
    roleclass()
        .arg("--model")
        .arg(&negative)
        .args(["classify", "Own the budget"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "negative.json: bad hyperparameters: temperature must be >= 0.001",
        ));
}

#[test]
fn duplicate_training_rows_give_a_warning_with_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = small_training_csv();
    csv.push_str("Lead the sprint goals of your team 0,director,written:vision\n");
    csv.push_str("Lead the sprint goals of your team 0,director,written:vision\n");
    let data = write(dir.path(), "dups.csv", csv);
    roleclass()
        .arg("train")
        .arg(&data)
        .arg("-o")
        .arg(dir.path().join("m.json"))
        .args(["--cv", "2"])
        .assert()
        .success()
        .stderr(
            predicates::str::contains("warning:")
                .and(predicates::str::contains("2 exact duplicate rows")),
        );
}

//! The bad-input tests, one section per class of trouble:
//!
//! - the matrix: every command that reads files, fed every kind of broken (or merely unusual)
//!   input; each case either works or fails with exit code 2 and a one-line error that names
//!   the file; none panics (exit code 101) and none leaves an output file behind;
//! - destinations that are not regular files (FIFOs, links, `-`, devices, descriptors) and the
//!   mode of new files;
//! - termination signals, also while waiting on a stalled input;
//! - closed pipes in every output format;
//! - messages: escaped input, counts, errors that name their file;
//! - early checks: outputs and secondary inputs checked before the long work.
//!
//! Batch rows (keep-going layout, JSON Lines and bytes that are not UTF-8, header-only input,
//! thread limits) are in `tests/batch.rs`; the progress bar and `--explain` rules in
//! `tests/polish.rs`.

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
        // One rule for column names in every command: trimmed, without regard to case.
        (
            "header-case.csv",
            good.replacen("text,role,source", " Text ,ROLE,source", 1)
                .into_bytes(),
        ),
        (
            "ambiguous-columns.csv",
            good.replacen("text,role,source", "Text,role,TEXT", 1)
                .into_bytes(),
        ),
    ]
}

fn expectation(command: &str, input: &str) -> Expect {
    use Expect::*;
    match (command, input) {
        (_, "empty.csv") => Fails("empty"),
        // A header alone is a valid CSV of no rows: batch writes the header back (and warns);
        // there is nothing to train on or to measure.
        ("batch", "header-only.csv") => Works,
        (_, "header-only.csv") => Fails("no data rows"),
        (_, "missing-column.csv") => Fails("no column named \"text\""),
        (_, "duplicate-columns.csv") => Fails("duplicate column"),
        (_, "ambiguous-columns.csv") => Fails("ambiguous column \"text\""),
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

// ---------------------------------------------------------------------------------------------
// Destinations: what `-o` names. Atomic replacement is for regular files only; devices, FIFOs and
// open descriptors are written through; links are followed to their target. Nothing here
// touches the machine's real /dev: devices are made in a private mount namespace.

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    fs::symlink_metadata(path).unwrap().file_type().is_fifo()
}

/// `roleclass batch one.csv -o <dest>` (and `train small.csv -o <dest>`) for each kind of
/// destination that is not a regular file in an existing directory.
#[test]
fn outputs_go_through_fifos_links_and_dash_without_replacing_them() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.csv",
        "id,text\n1,Own the department budget\n",
    );

    // A FIFO: its reader gets the output, and it stays a FIFO.
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    common::batch_to(&input, &fifo).assert().success();
    let got = reader.join().unwrap();
    assert!(got.starts_with("id,text,role,confidence\n1,"), "{got}");
    assert!(is_fifo(&fifo));

    // A link: its target is replaced, the link stays.
    let target = write(dir.path(), "target.csv", "old\n");
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("target.csv", &link).unwrap();
    common::batch_to(&input, &link).assert().success();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&target)
        .unwrap()
        .starts_with("id,text,role"));

    // `-` is stdout, not a file named `-`.
    let mut cmd = roleclass();
    cmd.current_dir(dir.path())
        .arg("batch")
        .arg(&input)
        .args(["-o", "-"]);
    let out = common::stdout_of(&mut cmd);
    assert!(out.starts_with(b"id,text,role,confidence\n"));
    let data = write(dir.path(), "data.csv", small_training_csv());
    let mut cmd = roleclass();
    cmd.current_dir(dir.path())
        .args(["-q", "train"])
        .arg(&data)
        .args(["--cv", "2", "-o", "-"]);
    let model: serde_json::Value = serde_json::from_slice(&common::stdout_of(&mut cmd)).unwrap();
    assert!(model["format_version"].is_number());
    assert!(!dir.path().join("-").exists());

    // A shell's process substitution (/dev/fd/N, a pipe).
    let script = format!(
        "{} -q batch {} -o >(cat > {}/substituted.csv); wait",
        assert_cmd::cargo::cargo_bin("roleclass").display(),
        input.display(),
        dir.path().display()
    );
    let status = std::process::Command::new("bash")
        .args(["-c", &script])
        .status()
        .unwrap();
    assert!(status.success());
    // `wait` cannot wait for a process substitution in every bash: give `cat` a moment.
    let substituted = dir.path().join("substituted.csv");
    for _ in 0..100 {
        if fs::read_to_string(&substituted).is_ok_and(|s| s.contains("role")) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(fs::read_to_string(&substituted)
        .unwrap()
        .starts_with("id,text,role"));
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

/// `/dev/null`, `/dev/stdout` and `/dev/fd/1` as outputs, in a private mount namespace with a
/// tmpfs on /dev (made with mknod and ln), so the real /dev is never at risk. Skipped, with a
/// note, where mount namespaces are not allowed.
#[test]
fn device_and_stdout_paths_are_written_through_not_replaced() {
    let probe = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", "mount -t tmpfs none /mnt"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("skipped: no private mount namespace here (unshare -m)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.csv",
        "id,text\n1,Own the department budget\n",
    );
    let data = write(dir.path(), "data.csv", small_training_csv());
    let bin = assert_cmd::cargo::cargo_bin("roleclass");
    let script = format!(
        "set -e
         mount -t tmpfs none /dev
         mknod -m 666 /dev/null c 1 3
         ln -s /proc/self/fd /dev/fd
         ln -s /proc/self/fd/1 /dev/stdout
         {bin} batch {input} -o /dev/null
         test -c /dev/null
         {bin} train {data} --cv 2 -o /dev/null 2>/dev/null
         test -c /dev/null
         echo '== stdout'
         {bin} batch {input} -o /dev/stdout
         test -L /dev/stdout
         echo '== fd'
         {bin} batch {input} -o /dev/fd/1
         echo '== files'
         ls -A /dev",
        bin = bin.display(),
        input = input.display(),
        data = data.display(),
    );
    let output = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let sections: Vec<&str> = stdout.split("== ").collect();
    assert!(
        sections[1].contains("id,text,role,confidence\n1,"),
        "{stdout}"
    );
    assert!(
        sections[2].contains("id,text,role,confidence\n1,"),
        "{stdout}"
    );
    // Nothing but what the script made: no temporary file was left in /dev.
    let files: Vec<&str> = sections[3].lines().skip(1).collect();
    assert_eq!(files, ["fd", "null", "stdout"], "{stdout}");
}

/// New output files get the mode the umask allows, as any other tool's output; a replaced file
/// keeps its own.
#[test]
fn new_output_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.csv", "text\nOwn the department budget\n");
    let bin = assert_cmd::cargo::cargo_bin("roleclass");
    for (umask, mode) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let out = dir.path().join(format!("out-{umask}.csv"));
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec {} -q batch {} -o {}",
                bin.display(),
                input.display(),
                out.display()
            ))
            .status()
            .unwrap();
        assert!(status.success());
        let got = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(got, mode, "umask {umask}: {got:o}");
    }
    let kept = dir.path().join("out-022.csv");
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).unwrap();
    common::batch_to(&input, &kept).assert().success();
    assert_eq!(
        fs::metadata(&kept).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

// ---------------------------------------------------------------------------------------------
// Signals: every catchable termination signal ends the run at once, even while it waits on a
// stalled input, removes the temporary output file and exits with 128 + the signal.

/// Start `roleclass args...` with stdin on a FIFO that nobody writes to (so it waits for
/// good), wait until its temporary output file exists in `dir` (when `temp` says there is
/// one), send `signal`, and return its exit code and stderr. A run still alive 20 s later fails
/// the test.
fn signal_a_stalled_run(dir: &Path, args: &[&str], signal: &str, temp: bool) -> (i32, String) {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let fifo = dir.join("stalled.fifo");
    if !fifo.exists() {
        mkfifo(&fifo);
    }
    // Opened for reading and writing, which does not block: the child reads from it, and
    // this end, kept open and silent, keeps it waiting.
    let stalled = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("roleclass"))
        .args(args)
        .stdin(stalled.try_clone().unwrap())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    if temp {
        while !fs::read_dir(dir)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"))
        {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no temporary file"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    } else {
        wait_until_blocked_on_stdin(child.id());
    }
    let sent = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{args:?}: still running 20 s after SIG{signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stalled);
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    (status.code().unwrap_or(-1), stderr)
}

/// Wait until process `pid` is blocked reading its stalled stdin, so that the signal reaches a
/// run in progress and not a process still starting on a busy machine. Linux shows where a
/// process sleeps in /proc (`pipe_read`, `anon_pipe_read` for a FIFO); where it does not, a
/// fixed pause has to do.
fn wait_until_blocked_on_stdin(pid: u32) {
    use std::time::{Duration, Instant};
    let wchan = format!("/proc/{pid}/wchan");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        match fs::read_to_string(&wchan) {
            Ok(place) if place.contains("pipe_read") => return,
            // Not Linux, or the kernel hides the place: wait a while instead.
            Err(_) => break,
            Ok(place) if place.trim() == "0" => break,
            Ok(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    std::thread::sleep(Duration::from_millis(300));
}

#[test]
fn every_termination_signal_removes_the_temporary_file_and_exits_128_plus_n() {
    let dir = tempfile::tempdir().unwrap();
    let out = write(dir.path(), "out.csv", "old result\n");
    let out_arg = out.display().to_string();
    for (signal, number) in [
        ("INT", 2),
        ("TERM", 15),
        ("HUP", 1),
        ("QUIT", 3),
        ("USR1", 10),
        ("ALRM", 14),
    ] {
        let (code, stderr) =
            signal_a_stalled_run(dir.path(), &["batch", "-o", &out_arg], signal, true);
        assert_eq!(code, 128 + number, "SIG{signal}: {stderr}");
        assert_eq!(
            stderr.trim_end(),
            format!("error: interrupted by SIG{signal}; {out_arg} was not written")
        );
        assert_eq!(fs::read_to_string(&out).unwrap(), "old result\n");
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["out.csv", "stalled.fifo"], "SIG{signal}");
    }
}

#[test]
fn an_interrupted_run_on_stdout_says_its_output_is_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["batch"][..], &["classify"][..]] {
        let (code, stderr) = signal_a_stalled_run(dir.path(), args, "INT", false);
        assert_eq!(code, 130, "{args:?}: {stderr}");
        assert_eq!(
            stderr.trim_end(),
            "error: interrupted by SIGINT; the output on stdout is incomplete",
            "{args:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Closed pipes: `roleclass ... | head` exits 0 quietly in every format, JSON included (serde_json
// wraps the io error).

#[test]
fn a_closed_pipe_exits_0_quietly_in_every_format() {
    let fixture = common::root().join("tests/fixtures/postings/vp_consistent.md");
    let fixture = fixture.display().to_string();
    let cases: Vec<Vec<&str>> = vec![
        vec!["classify", "--format", "json", "Own the budget"],
        vec!["classify", "--format", "jsonl", "Own the budget"],
        vec!["classify", "--format", "csv", "Own the budget"],
        vec!["classify", "Own the budget"],
        vec!["audit", "--format", "json", &fixture],
        vec!["audit", "--format", "jsonl", &fixture],
        vec!["inspect", "--format", "json"],
        vec!["inspect"],
        vec!["evaluate", "--format", "json"],
    ];
    for args in cases {
        // The read end is closed before the command starts: its first write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("roleclass"))
            .current_dir(common::root())
            .args(&args)
            .stdout(writer)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.stderr.is_empty(), "{args:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Messages: echoed input is escaped, counts agree with their nouns, every error names its file.

#[test]
fn control_characters_in_input_never_reach_stderr_raw() {
    let dir = tempfile::tempdir().unwrap();
    let screen = "\x1b[2J\x1b[H";
    let header = write(dir.path(), "header.csv", format!("id,note{screen}\n1,x\n"));
    let missing = dir.path().join(format!("missing{screen}.csv"));
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["batch".into(), header.clone().into()],
        vec!["train".into(), header.clone().into()],
        vec!["evaluate".into(), header.into()],
        vec!["batch".into(), missing.clone().into()],
        vec!["audit".into(), missing.clone().into()],
        vec!["--model".into(), missing.into(), "inspect".into()],
    ];
    for args in cases {
        let output = roleclass().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains('\x1b'),
            "{args:?}: raw escape in {stderr:?}"
        );
        assert!(stderr.contains("\\u{1b}[2J"), "{args:?}: {stderr}");
    }
}

#[test]
fn counts_are_singular_for_one_and_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let one = write(
        dir.path(),
        "one.csv",
        "id,text\n1,Own the department budget\n2,too,many\n",
    );
    common::batch_to(&one, &dir.path().join("out.csv"))
        .arg("--keep-going")
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains("labeled 2 rows of")
                .and(predicate::str::contains(
                    "1 bad row was written through with role `error` (at line 3)",
                ))
                // Not "1 rows" (the rate, "(2151 rows/s)", may end in a 1).
                .and(predicate::str::is_match(r"(^|[^0-9])1 rows").unwrap().not()),
        );
    let single = write(dir.path(), "single.csv", "text\nOwn the budget\n");
    common::batch_to(&single, &dir.path().join("single.out"))
        .assert()
        .success()
        .stderr(predicate::str::contains("labeled 1 row of"));
    let labeled = write(dir.path(), "labeled.csv", "text,role\nOwn the budget,vp\n");
    roleclass()
        .arg("evaluate")
        .arg(&labeled)
        .assert()
        .stdout(predicate::str::contains("labeled.csv: 1 row ("));
    // A directory that does not exist is said once, and a full disk names the output.
    common::batch_to(&single, &dir.path().join("nope/out.csv"))
        .assert()
        .code(2)
        .stderr(predicate::function(|e: &str| {
            e.contains("nope does not exist") && !e.contains("no such file")
        }));
    if Path::new("/dev/full").exists() {
        let single = single.display().to_string();
        for args in [vec!["batch", &single], vec!["classify", "Own the budget"]] {
            let full = fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap();
            let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("roleclass"))
                .args(&args)
                .stdout(full)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(2));
            assert_eq!(
                String::from_utf8_lossy(&output.stderr).trim_end(),
                "error: <stdout>: no space left on device",
                "{args:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Early checks: every input and output is checked before the long work.

#[test]
fn train_checks_its_outputs_and_held_out_file_before_reading_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.csv", small_training_csv());
    let unwritable = if is_root() {
        // Root writes anywhere a regular directory is: sysfs refuses it new files.
        PathBuf::from("/sys/roleclass-model.json")
    } else {
        let ro = dir.path().join("ro");
        fs::create_dir(&ro).unwrap();
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
        ro.join("model.json")
    };
    let cases: Vec<(Vec<std::ffi::OsString>, String)> = vec![
        (
            vec![
                "--heldout".into(),
                dir.path().join("missing.csv").into(),
                "-o".into(),
                dir.path().join("m.json").into(),
            ],
            "missing.csv: no such file or directory".to_owned(),
        ),
        (
            vec![
                "--heldout".into(),
                write(dir.path(), "bad-heldout.csv", "text,label\nx,vp\n").into(),
                "-o".into(),
                dir.path().join("m.json").into(),
            ],
            "bad-heldout.csv: no column named \"role\"".to_owned(),
        ),
        (
            vec![
                "--heldout".into(),
                good.into(),
                "-o".into(),
                unwritable.clone().into(),
            ],
            format!("{}", unwritable.display()),
        ),
    ];
    for (args, expected) in cases {
        // The training data is a FIFO nobody writes to: reading it would wait for good, so
        // the run can only end if the check comes first.
        let mut all: Vec<std::ffi::OsString> = vec!["train".into()];
        all.extend(args);
        let all: Vec<&str> = all.iter().map(|a| a.to_str().unwrap()).collect();
        let fifo = dir.path().join("data.fifo");
        if !fifo.exists() {
            mkfifo(&fifo);
        }
        let output = run_with_deadline(&all, &fifo);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{all:?}: {stderr}");
        assert!(stderr.contains(&expected), "{all:?}: {stderr}");
    }
}

/// True when running as root (file permissions do not stop us).
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Run `roleclass args... data`, failing the test if it is still running after 20 s (it would
/// be waiting on `data`).
fn run_with_deadline(args: &[&str], data: &Path) -> std::process::Output {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("roleclass"))
        .args(&args[..1])
        .arg(data)
        .args(&args[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{args:?} waited on its data instead of failing first");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

//! The conventions of a Rust CLI: help with examples, version, completions, man page, colour
//! only when asked or on a terminal, and escaped control characters.

mod common;

use common::roleclass;
use predicates::prelude::*;

#[test]
fn every_subcommand_has_help_with_examples() {
    for command in ["classify", "batch", "audit", "train", "evaluate", "inspect"] {
        roleclass()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
    roleclass()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("roleclass "));
    roleclass()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        roleclass()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("roleclass"));
    }
    roleclass()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH roleclass"));
}

#[test]
fn colour_only_when_asked_and_never_in_pipes_by_default() {
    let text = "Own the department budget";
    roleclass()
        .args(["classify", text])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
    roleclass()
        .args(["--color", "always", "classify", text])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b["));
    roleclass()
        .args(["--color", "always", "classify", "--format", "json", text])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn control_characters_in_echoed_text_are_escaped() {
    roleclass()
        .args(["classify", "Own the budget\x1b[2J"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\\u{1b}[2J").and(predicate::str::contains("\x1b[2J").not()),
        );
}

#[test]
fn quiet_silences_summaries() {
    roleclass()
        .args(["-q", "batch"])
        .write_stdin("text\nOwn the department budget\n")
        .assert()
        .success()
        .stderr("");
}

/// Stdin on a terminal: every command that reads it says so on stderr (how to end included)
/// instead of waiting silently. `script` (util-linux) gives the command a terminal; closing
/// its input ends the session with an end-of-file.
#[test]
fn a_terminal_on_stdin_gets_the_same_hint_in_every_command() {
    let binary = assert_cmd::cargo::cargo_bin("roleclass");
    for (args, what) in [
        ("classify", "statements, one per line,"),
        ("batch", "CSV"),
        ("audit -", "a posting"),
    ] {
        let output = std::process::Command::new("timeout")
            .args(["20", "script", "-qec"])
            .arg(format!("{} {args}", binary.display()))
            .arg("/dev/null")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("timeout and script (util-linux) are installed");
        let shown = String::from_utf8_lossy(&output.stdout);
        assert_ne!(output.status.code(), Some(124), "{args}: timed out");
        assert!(
            shown.contains(&format!(
                "roleclass: reading {what} from the terminal (Ctrl-D to end)"
            )),
            "{args}: {shown}"
        );
    }
}

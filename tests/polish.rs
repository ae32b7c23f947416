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

//! The conventions of a Rust CLI: help with examples, version, completions, man page, colour
//! only when asked or on a terminal, and escaped control characters.

mod common;

use common::{json_lines, roleclass, stdout_of};
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

/// Run `command` (a shell command line) in a terminal `cols` columns wide (`script` from
/// util-linux), and return everything the terminal received.
fn in_a_terminal(cols: u16, command: &str) -> Vec<u8> {
    let output = std::process::Command::new("timeout")
        .args(["60", "script", "-qec"])
        .arg(format!("stty cols {cols} rows 24; {command}"))
        .arg("/dev/null")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("timeout and script (util-linux) are installed");
    assert_ne!(output.status.code(), Some(124), "{command}: timed out");
    output.stdout
}

/// The frames of a progress bar as a terminal shows them: what is drawn between line clears
/// (`\r\x1b[2K`), without escape sequences.
fn frames(screen: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(screen);
    text.split("\r\x1b[2K")
        .map(|frame| {
            let mut visible = String::new();
            let mut chars = frame.chars();
            while let Some(c) = chars.next() {
                if c == '\x1b' {
                    // CSI: ESC [ parameters final-byte.
                    for c in chars.by_ref() {
                        if c.is_ascii_alphabetic() {
                            break;
                        }
                    }
                } else if c != '\r' && c != '\n' {
                    visible.push(c);
                }
            }
            visible
        })
        .filter(|frame| frame.contains('%') || frame.contains("ETA"))
        .collect()
}

fn big_csv(dir: &std::path::Path, rows: usize) -> std::path::PathBuf {
    let mut csv = String::from("id,text\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "{i},Own the annual engineering budget for the department\n"
        ));
    }
    common::write(dir, "big.csv", csv)
}

/// The progress bar fits the terminal (a wrapped bar is redrawn on a new line every tick) and
/// is cleared at the end.
#[test]
fn the_progress_bar_fits_the_terminal_and_is_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let input = big_csv(dir.path(), 200_000);
    let binary = assert_cmd::cargo::cargo_bin("roleclass");
    for cols in [120, 80, 40] {
        let screen = in_a_terminal(
            cols,
            &format!(
                "{} batch {} -o {}/out.csv",
                binary.display(),
                input.display(),
                dir.path().display()
            ),
        );
        let frames = frames(&screen);
        assert!(!frames.is_empty(), "{cols} columns: no bar drawn");
        for frame in &frames {
            assert!(
                frame.chars().count() <= usize::from(cols),
                "{cols} columns: {} wide: {frame}",
                frame.chars().count()
            );
        }
        let text = String::from_utf8_lossy(&screen);
        let summary = text.find("roleclass: labeled").expect("the summary");
        assert!(
            text[..summary].ends_with("\r\x1b[2K"),
            "{cols} columns: the bar was not cleared: {:?}",
            &text[summary.saturating_sub(120)..summary]
        );
    }
}

/// Interrupted with the bar on screen (here: the output is a FIFO nobody reads, so the run
/// waits), the bar is cleared before the message.
#[test]
fn an_interrupt_clears_the_progress_bar() {
    let dir = tempfile::tempdir().unwrap();
    let input = big_csv(dir.path(), 50_000);
    let fifo = dir.path().join("out.fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let binary = assert_cmd::cargo::cargo_bin("roleclass");
    let screen = in_a_terminal(
        80,
        &format!(
            "exec 3<>{fifo}; {bin} batch {input} -o {fifo} & sleep 1; kill -INT $!; wait $!",
            fifo = fifo.display(),
            bin = binary.display(),
            input = input.display(),
        ),
    );
    let text = String::from_utf8_lossy(&screen);
    assert!(!frames(&screen).is_empty(), "no bar drawn: {text:?}");
    let message = text
        .find("error: interrupted by SIGINT")
        .expect("the message");
    assert!(
        text[..message].ends_with("\r\x1b[2K"),
        "the bar was not cleared: {:?}",
        &text[message.saturating_sub(120)..]
    );
    assert!(
        text[message..].contains("is incomplete") && !text[message..].contains('%'),
        "{:?}",
        &text[message..]
    );
}

/// A usage error echoes the offending argument: on a terminal too, its escape sequences do not
/// reach the screen (clap's coloured rendering would pass them through).
#[test]
fn usage_errors_do_not_pass_escape_sequences_to_a_terminal() {
    let binary = assert_cmd::cargo::cargo_bin("roleclass");
    let screen = in_a_terminal(
        80,
        &format!(
            "{} classify --format \"$(printf 'x\\033[2Jy')\"",
            binary.display()
        ),
    );
    let text = String::from_utf8_lossy(&screen);
    assert!(text.contains("invalid value"), "{text:?}");
    assert!(!text.contains("\x1b[2J"), "{text:?}");
}

#[test]
fn a_byte_order_mark_on_stdin_is_not_part_of_the_text() {
    let out = stdout_of(
        roleclass()
            .args(["classify", "--format", "jsonl"])
            .write_stdin("\u{feff}Own the department budget\nRun the sprint review\n"),
    );
    let records = json_lines(&out);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["text"], "Own the department budget");
    assert_eq!(records[0]["line"], 1);
    assert_eq!(records[1]["text"], "Run the sprint review");
}

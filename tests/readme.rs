//! The README's examples, run: docs match output.
//!
//! Every `$ roleclass ...` command in a ```` ```console ```` block of README.md is run (from a
//! scratch directory that sees the repository's `tests/`, `training/` and `models/`) and its
//! output (stdout, then stderr) compared with the lines the README shows under it. A command
//! shown without output is only parsed (run with `--help` appended, so a renamed option
//! fails). `$ cat FILE` shows a file: an input the README introduces (created from the lines
//! shown) or an output of an earlier command (compared). The Quick start's "The first prints
//! `...`" is checked the same way.
//!
//! What may differ: `...` in a shown line stands for any text (`sha256 ed840e1b...`), a line
//! that is only `...` for any number of lines, and the timing at the end of batch's summary
//! (`in 0.02s (132 rows/s)`).
//!
//! After an intended change of output (a new model changes confidences, explanations and
//! figures), regenerate the shown output with
//!
//! ```text
//! README_UPDATE=1 cargo test --test readme
//! ```
//!
//! which rewrites README.md in place (keeping each `...` where it is), then review the diff.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

/// One `$ ...` command of a console block and the output lines shown under it.
struct Example {
    /// Index in the README's lines of the first output line.
    first_line: usize,
    words: Vec<String>,
    shown: Vec<String>,
}

/// Shell words of a command line: quotes, backslash escapes and `#` comments, as `sh` reads
/// them (enough for the README).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '#' if word.is_none() => break,
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '"' | '\'' => {
                let w = word.get_or_insert_with(String::new);
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    w.push(q);
                }
            }
            '\\' => {
                if let Some(next) = chars.next() {
                    word.get_or_insert_with(String::new).push(next);
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// The console examples of the README, in order.
fn examples(readme: &[String]) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    let mut i = 0;
    while i < readme.len() {
        let line = &readme[i];
        if line.trim_start().starts_with("```") {
            in_console = !in_console && line.trim() == "```console";
            i += 1;
            continue;
        }
        if !in_console {
            i += 1;
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            let mut command = command.to_owned();
            while command.ends_with('\\') {
                command.pop();
                i += 1;
                command.push(' ');
                command.push_str(readme[i].trim());
            }
            examples.push(Example {
                first_line: i + 1,
                words: shell_words(&command),
                shown: Vec::new(),
            });
        } else if let Some(example) = examples.last_mut() {
            example.shown.push(line.clone());
        }
        i += 1;
    }
    examples
}

/// A scratch directory in which the README's relative paths work.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["tests", "training", "models"] {
        std::os::unix::fs::symlink(common::root().join(name), dir.path().join(name)).unwrap();
    }
    dir
}

/// Stdout then stderr of `roleclass args` run in `dir`.
fn run(dir: &Path, args: &[String]) -> (Option<i32>, Vec<String>) {
    let output = Command::new(assert_cmd::cargo::cargo_bin("roleclass"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    (
        output.status.code(),
        text.lines().map(str::to_owned).collect(),
    )
}

/// A shown line and an actual one, with the parts that may differ taken out: the timing of a
/// batch summary.
fn normalise(line: &str) -> &str {
    if line.starts_with("roleclass: labeled ") {
        if let Some(cut) = line.rfind(" in ") {
            return &line[..cut];
        }
    }
    line
}

/// Whether `actual` is what the shown `pattern` line says (`...` stands for any text).
fn line_matches(pattern: &str, actual: &str) -> bool {
    let (pattern, actual) = (normalise(pattern), normalise(actual));
    let pieces: Vec<&str> = pattern.split("...").collect();
    if pieces.len() == 1 {
        return pattern == actual;
    }
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    if !actual.ends_with(last) {
        return false;
    }
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// Where each shown line is in the actual output, or `None` when they disagree. A shown line
/// that is only `...` stands for any number of lines.
fn match_lines(shown: &[String], actual: &[String]) -> Option<Vec<Option<usize>>> {
    fn go(shown: &[String], actual: &[String], at: usize, out: &mut Vec<Option<usize>>) -> bool {
        let Some((first, rest)) = shown.split_first() else {
            return at == actual.len();
        };
        if first.trim() == "..." {
            for skip in at..=actual.len() {
                out.push(None);
                if go(rest, actual, skip, out) {
                    return true;
                }
                out.pop();
            }
            return false;
        }
        if at < actual.len() && line_matches(first, &actual[at]) {
            out.push(Some(at));
            if go(rest, actual, at + 1, out) {
                return true;
            }
            out.pop();
        }
        false
    }
    let mut out = Vec::new();
    go(shown, actual, 0, &mut out).then_some(out)
}

/// The shown lines rewritten from the actual output: each `...` kept, the lines before the
/// first `...` of a block taken from the start of the output and those after the last from its
/// end (a line with `...` keeps the length of its text before and after it).
fn regenerate(shown: &[String], actual: &[String]) -> Vec<String> {
    let redo = |pattern: &str, line: &str| -> String {
        match pattern.split_once("...") {
            None => line.to_owned(),
            Some((head, _)) => {
                let tail = &pattern[pattern.rfind("...").unwrap_or(0) + 3..];
                let head: String = line.chars().take(head.chars().count()).collect();
                let tail: String = {
                    let n = tail.chars().count();
                    let skip = line.chars().count().saturating_sub(n);
                    line.chars().skip(skip).collect()
                };
                format!("{head}...{tail}")
            }
        }
    };
    let gaps: Vec<usize> = (0..shown.len())
        .filter(|&i| shown[i].trim() == "...")
        .collect();
    let (Some(&first_gap), Some(&last_gap)) = (gaps.first(), gaps.last()) else {
        if shown.len() != actual.len() {
            return actual.to_vec();
        }
        // Line by line: each keeps its `...`, and a batch summary its timing (it differs on
        // every run).
        return shown
            .iter()
            .zip(actual)
            .map(|(old, new)| {
                if normalise(new) == normalise(old) {
                    old.clone()
                } else {
                    redo(old, new)
                }
            })
            .collect();
    };
    let mut out = Vec::new();
    for (i, pattern) in shown[..first_gap].iter().enumerate() {
        out.push(redo(pattern, actual.get(i).map_or("", String::as_str)));
    }
    out.extend(shown[first_gap..=last_gap].iter().cloned());
    let tail = &shown[last_gap + 1..];
    let start = actual.len().saturating_sub(tail.len());
    for (i, pattern) in tail.iter().enumerate() {
        out.push(redo(
            pattern,
            actual.get(start + i).map_or("", String::as_str),
        ));
    }
    out
}

#[test]
fn the_readme_examples_give_the_output_shown() {
    let path = common::root().join("README.md");
    let text = fs::read_to_string(&path).unwrap();
    let mut readme: Vec<String> = text.lines().map(str::to_owned).collect();
    let update = std::env::var_os("README_UPDATE").is_some_and(|v| !v.is_empty() && v != "0");
    let dir = scratch();
    let mut failures = Vec::new();
    // Edits to the README, applied from the end so earlier line numbers stay right.
    let mut edits: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let examples = examples(&readme);
    assert!(
        examples.len() >= 8,
        "only {} examples found",
        examples.len()
    );
    for example in &examples {
        let command = example.words.join(" ");
        let actual = match example.words.first().map(String::as_str) {
            Some("cat") => {
                let file = dir.path().join(&example.words[1]);
                if !file.exists() {
                    // An input the README introduces.
                    let mut contents = example.shown.join("\n");
                    contents.push('\n');
                    fs::write(&file, contents).unwrap();
                    continue;
                }
                fs::read_to_string(&file)
                    .unwrap()
                    .lines()
                    .map(str::to_owned)
                    .collect()
            }
            Some("roleclass") if example.shown.is_empty() => {
                let mut args = example.words[1..].to_vec();
                args.push("--help".to_owned());
                let (code, _) = run(dir.path(), &args);
                if code != Some(0) {
                    failures.push(format!("`{command}` does not parse"));
                }
                continue;
            }
            Some("roleclass") => run(dir.path(), &example.words[1..]).1,
            _ => panic!("README example `{command}`: only roleclass and cat are run"),
        };
        if match_lines(&example.shown, &actual).is_some() {
            continue;
        }
        if update {
            edits.push((
                example.first_line,
                example.shown.len(),
                regenerate(&example.shown, &actual),
            ));
        } else {
            failures.push(format!(
                "`{command}` (README.md line {}) shows:\n{}\nbut prints:\n{}",
                example.first_line,
                example.shown.join("\n"),
                actual.join("\n")
            ));
        }
    }

    // The Quick start: "The first prints `...`" for its first command.
    let quick = readme
        .iter()
        .position(|l| l.starts_with("cargo run --release -- classify"))
        .expect("the Quick start command");
    let words = shell_words(&readme[quick]["cargo run --release -- ".len()..]);
    let (_, actual) = run(dir.path(), &words);
    let prose = readme
        .iter()
        .position(|l| l.starts_with("The first prints `"))
        .expect("the Quick start's output");
    let shown = readme[prose]["The first prints `".len()..]
        .split('`')
        .next()
        .unwrap_or("")
        .to_owned();
    let mut changed = !edits.is_empty();
    if !line_matches(&shown, &actual[0]) {
        if update {
            readme[prose] = readme[prose].replacen(&shown, &actual[0], 1);
            changed = true;
        } else {
            failures.push(format!(
                "the Quick start says it prints `{shown}`, it prints `{}`",
                actual[0]
            ));
        }
    }

    if changed {
        for (start, len, lines) in edits.into_iter().rev() {
            readme.splice(start..start + len, lines);
        }
        let mut new = readme.join("\n");
        new.push('\n');
        fs::write(&path, new).unwrap();
        eprintln!("README.md updated: review the diff");
    }
    assert!(
        failures.is_empty(),
        "{}\n\n(after an intended change: README_UPDATE=1 cargo test --test readme)",
        failures.join("\n\n")
    );
}

#[test]
fn the_matching_rules_hold() {
    let lines = |text: &str| -> Vec<String> { text.lines().map(str::to_owned).collect() };
    assert!(line_matches("sha256 ed84...)", "sha256 ed840e1b99)"));
    assert!(!line_matches("sha256 ed84...)", "sha256 ff840e1b99)"));
    assert!(line_matches(
        "roleclass: labeled 3 rows of a.csv in 0.02s (132 rows/s)",
        "roleclass: labeled 3 rows of a.csv in 0.10s (30 rows/s)"
    ));
    assert!(match_lines(&lines("a\n...\nz"), &lines("a\nb\nc\nz")).is_some());
    assert!(match_lines(&lines("a\n..."), &lines("a\nb")).is_some());
    assert!(match_lines(&lines("a\nb"), &lines("a\nb\nc")).is_none());
    assert!(match_lines(&lines("a\n...\nz"), &lines("a\nb\ny")).is_none());
    assert_eq!(
        regenerate(&lines("x 1\n  ...\nlast 9"), &lines("x 2\nmid\nlast 8")),
        lines("x 2\n  ...\nlast 8")
    );
    assert_eq!(
        regenerate(&lines("ab...yz"), &lines("AB long YZ")),
        lines("AB...YZ")
    );
    assert_eq!(
        shell_words(r#"roleclass classify "a b" \"c  # comment"#),
        ["roleclass", "classify", "a b", "\"c"]
    );
}

/// `audit --help` says what `--explain` does, and it does that.
#[test]
fn audit_help_describes_explain_as_it_behaves() {
    let help = String::from_utf8(common::stdout_of(
        common::roleclass().args(["audit", "--help"]),
    ))
    .unwrap();
    let explain: String = help
        .split("--explain")
        .nth(1)
        .expect("--explain in audit --help")
        .lines()
        .take_while(|l| !l.trim_start().starts_with("-"))
        .collect::<Vec<_>>()
        .join(" ");
    let posting = "tests/fixtures/postings/director_title_vp_duties.md";
    let text = |explain: bool| {
        let mut cmd = common::roleclass();
        cmd.args(["audit", posting]);
        if explain {
            cmd.arg("--explain");
        }
        String::from_utf8(common::stdout_of(&mut cmd)).unwrap()
    };
    // Text: every duty line, with its deciding words, is listed only with --explain (the lines
    // that disagree with the title are explained either way).
    assert!(explain.contains("every duty line"), "{explain}");
    assert!(text(true).contains("every duty line:"));
    assert!(!text(false).contains("every duty line:"));
    assert!(text(false).contains("because:"));
    // JSON: an `explanation` in every statement.
    assert!(explain.contains("`explanation`"), "{explain}");
    let json: serde_json::Value =
        serde_json::from_slice(&common::stdout_of(common::roleclass().args([
            "audit",
            "--format",
            "json",
            "--explain",
            posting,
        ])))
        .unwrap();
    let statements = json[0]["statements"].as_array().unwrap();
    assert!(statements.iter().all(|s| s["explanation"].is_object()));
    // CSV: refused.
    assert!(explain.contains("csv"), "{explain}");
    common::roleclass()
        .args(["audit", "--format", "csv", "--explain", posting])
        .assert()
        .code(2);
}

//! `roleclass audit` through the real binary: one verdict per fixture posting, the duties found
//! in each posting format, the JSON, JSON Lines and CSV shapes, directories (recursive, with
//! warnings), stdin, `--title`, `--fail-on-mismatch`, CSV formula neutralising; and, in
//! process, memory in proportion to one posting and not to the number of postings.

// The peak-memory allocator below is the one place that needs `unsafe` (see [lints] in
// Cargo.toml).
#![allow(unsafe_code)]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;

use common::{roleclass, root, stdout_of, word_document, write};
use predicates::prelude::*;
use roleclass::posting::parse_posting;
use serde_json::Value;

const FIXTURES: &str = "tests/fixtures/postings";

fn audit_json(file: &str, extra: &[&str]) -> Value {
    let out = stdout_of(
        roleclass()
            .args(["audit", "--format", "jsonl"])
            .args(extra)
            .arg(format!("{FIXTURES}/{file}")),
    );
    serde_json::from_slice(&out).unwrap()
}

/// The JSON report of auditing `body` read from stdin under `--title title`.
fn audit_stdin_json(title: &str, body: &str) -> Value {
    let out = stdout_of(
        roleclass()
            .args(["audit", "--format", "jsonl", "--title", title, "-"])
            .write_stdin(body),
    );
    serde_json::from_slice(&out).unwrap()
}

/// CSV output of `audit` as records (the header row left out).
fn csv_records(cmd: &mut assert_cmd::Command) -> Vec<csv::StringRecord> {
    let out = stdout_of(cmd);
    csv::Reader::from_reader(out.as_slice())
        .records()
        .map(Result::unwrap)
        .collect()
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
    assert_eq!(lines.count(), fixture_count());
}

/// The posting files in the fixtures folder.
fn fixture_count() -> usize {
    std::fs::read_dir(root().join(FIXTURES))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_file())
        .count()
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
    let report = audit_stdin_json("Director of Engineering", &posting);
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
    assert_eq!(array.len(), fixture_count());
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

/// The duties `audit` classifies in one fixture, as JSON.
fn statements_of(report: &Value) -> Vec<String> {
    report["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_owned())
        .collect()
}

fn reason_of(report: &Value, prefix: &str) -> String {
    report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["text"].as_str().unwrap().starts_with(prefix))
        .map(|s| s["reason"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("nothing skipped starts with {prefix:?}"))
}

/// Issue 11: postings in the formats real ones come in (plain-text headings, bold and ALL CAPS
/// headings, emoji and brackets, flattened text, a role overview with a duty list, front
/// matter and a table, HTML): exactly the duty lines are classified, whatever the model says
/// about them, and the rest is skipped with its reason.
#[test]
fn each_posting_format_gives_its_duties() {
    // (file, claimed level, duties, (skipped line prefix, reason))
    type Case<'a> = (&'a str, &'a str, usize, &'a [(&'a str, &'a str)]);
    let cases: &[Case] = &[
        (
            "plain_text_headings.txt",
            "director",
            6,
            &[
                ("About the Team", "section heading (about the team)"),
                ("Experience with Kafka", "under \"What you'll need\" heading (requirements)"),
                ("Familiarity with Rust", "under \"What's nice to have\" heading (nice to have)"),
            ],
        ),
        (
            "bold_and_caps_headings.md",
            "director",
            4,
            &[
                ("Deep knowledge of Java", "reads as a requirement"),
                ("12+ years", "under \"What We're Seeking\" heading (requirements)"),
                ("401(k)", "under \"Our Offer to You\" heading (benefits)"),
            ],
        ),
        (
            "emoji_and_brackets.txt",
            "vp",
            5,
            &[
                ("Unlimited PTO", "under \"Benefits\" heading (benefits)"),
                ("This is a new role.", "under \"About the Role\" heading (role overview): prose about the role, not the duty list"),
            ],
        ),
        (
            "flattened.txt",
            "vp",
            9,
            &[(
                "12+ years of software engineering",
                "under \"Job Requirements\" heading (requirements)",
            )],
        ),
        (
            "overview_only.md",
            "director",
            4,
            &[("Flexible hours", "reads as a benefit")],
        ),
        (
            "front_matter_table.md",
            "director",
            4,
            &[("Duty; Cadence", "table header row")],
        ),
        (
            "page.html",
            "vp",
            4,
            &[("Salary from", "under \"Benefits\" heading (benefits)")],
        ),
    ];
    for (file, claimed, duties, skipped) in cases {
        let report = audit_json(file, &[]);
        assert_eq!(report["claimed_level"], *claimed, "{file}");
        let statements = statements_of(&report);
        assert_eq!(statements.len(), *duties, "{file}: {statements:#?}");
        for text in &statements {
            assert!(!text.contains(['<', '>', '|', '*']), "{file}: {text:?}");
        }
        for (prefix, reason) in *skipped {
            assert_eq!(reason_of(&report, prefix), *reason, "{file}");
        }
    }
}

/// Issue 12, item 7: with `--title`, the first line of a posting body is content, not a
/// title to drop.
#[test]
fn an_overridden_title_keeps_the_first_line_as_a_duty() {
    let body = "Own the engineering department budget and present it to the board\n\
                - Report to the CEO on the engineering organization every week\n";
    let report = audit_stdin_json("VP of Engineering", body);
    assert_eq!(report["title"], "VP of Engineering");
    assert_eq!(
        statements_of(&report),
        vec![
            "Own the engineering department budget and present it to the board",
            "Report to the CEO on the engineering organization every week",
        ]
    );
    assert!(report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["reason"] != "job title"));
}

/// Issue 12, item 8: an HTML posting's title is its `<h1>` (or `<title>`), and its lines are
/// text without tags.
#[test]
fn an_html_posting_is_read_as_html() {
    let report = audit_json("page.html", &[]);
    assert_eq!(report["title"], "VP of Engineering");
    assert_eq!(report["claimed_level"], "vp");
    assert_eq!(
        statements_of(&report)[0],
        "Own the engineering department budget and the hiring plan"
    );
}

/// Issue 12, item 10: a title naming no level gets its own verdict, and the report says so.
#[test]
fn a_title_naming_no_level_is_said_to_claim_none() {
    let report = audit_json("vp_consistent.md", &["--title", "Head of Engineering"]);
    assert_eq!(report["claimed_level"], "unknown");
    assert_eq!(report["verdict"], "no_claimed_level");
    roleclass()
        .args([
            "audit",
            "--title",
            "Head of Engineering",
            &format!("{FIXTURES}/vp_consistent.md"),
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(
                "no level claimed: the title \"Head of Engineering\" names neither director nor vp",
            )
            .and(predicate::str::contains("mixed").not()),
        );
}

/// Issue 12, item 26: a CSV cell that a spreadsheet would run as a formula is neutralised
/// with a leading `'` (OWASP), in the title and the file name.
#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let body = "## Responsibilities\n- Run sprint planning with the team leads\n";
    for name in ["=cmd.md", "+sum.md", "-minus.md", "@at.md", "plain.md"] {
        write(dir.path(), name, body);
    }
    // Titles (the override is cleaned like a title in the text: no leading `-` survives).
    for title in ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "@SUM(A1)"] {
        let records = csv_records(
            roleclass()
                .args(["audit", "--format", "csv", &format!("--title={title}")])
                .arg(dir.path().join("plain.md")),
        );
        let record = &records[0];
        assert_eq!(&record[1], format!("'{title}"), "{title:?}");
    }
    // File names, as given on the command line.
    let records = csv_records(
        roleclass()
            .current_dir(dir.path())
            .args([
                "audit",
                "--format",
                "csv",
                "--title",
                "Director of Engineering",
            ])
            .args([
                "--",
                "=cmd.md",
                "+sum.md",
                "-minus.md",
                "@at.md",
                "plain.md",
            ]),
    );
    let files: Vec<&str> = records.iter().map(|r| &r[0]).collect();
    assert_eq!(
        files,
        vec!["'=cmd.md", "'+sum.md", "'-minus.md", "'@at.md", "plain.md"]
    );
}

/// Issue 12, item 27: a directory is searched recursively for `.txt`, `.md`, `.markdown` and
/// `.html` postings, and everything it holds that is not read is named in a warning.
#[test]
fn a_directory_is_searched_recursively_and_skips_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let body = "# Director of Engineering\n## Responsibilities\n- Run sprint planning with the team leads\n";
    std::fs::create_dir_all(dir.path().join("sub/deeper")).unwrap();
    write(dir.path(), "a.md", body);
    write(dir.path(), "sub/b.markdown", body);
    write(dir.path(), "sub/deeper/c.txt", body);
    write(
        dir.path(),
        "sub/d.HTML",
        "<!DOCTYPE html><html><body><h1>Director of Engineering</h1><h2>Responsibilities</h2>\
         <ul><li>Run sprint planning with the team leads</li></ul></body></html>",
    );
    write(dir.path(), "notes.pdf", "%PDF-1.4");
    write(dir.path(), ".hidden.md", body);
    std::os::unix::fs::symlink(dir.path().join("missing.md"), dir.path().join("broken.md"))
        .unwrap();
    let assert = roleclass()
        .args(["audit", "--format", "jsonl"])
        .arg(dir.path())
        .assert()
        .success();
    let out = assert.get_output();
    let files: Vec<String> = common::json_lines(&out.stdout)
        .iter()
        .map(|r| {
            let file = r["file"].as_str().unwrap();
            file.strip_prefix(dir.path().to_str().unwrap())
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        files,
        vec![
            "/a.md",
            "/sub/b.markdown",
            "/sub/d.HTML",
            "/sub/deeper/c.txt"
        ]
    );
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        stderr.contains("notes.pdf: skipped (not a posting file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("broken.md: skipped (broken symbolic link)"),
        "{stderr}"
    );
    assert!(stderr.contains("skipped 1 hidden entry"), "{stderr}");
    // --quiet drops the warnings, not the postings.
    let quiet = roleclass()
        .args(["--quiet", "audit", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(quiet.stderr.is_empty());
    assert_eq!(common::json_lines(&quiet.stdout).len(), 4);
}

// -------------------------------------------------------------------------------------------
// Memory (issue 12, item 15)

/// A counting allocator: current and peak bytes allocated by the measuring thread.
struct PeakAlloc;

thread_local! {
    static MEASURING: Cell<bool> = const { Cell::new(false) };
    static CURRENT: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn note(grow: usize, shrink: usize) {
    // `try_with`: the allocator can run while thread-locals are being torn down.
    let _ = MEASURING.try_with(|on| {
        if on.get() {
            let _ = CURRENT.try_with(|c| {
                let now = c.get().saturating_add(grow).saturating_sub(shrink);
                c.set(now);
                let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
            });
        }
    });
}

// SAFETY: every call is forwarded unchanged to `System`; the bookkeeping touches only
// `const`-initialised thread-locals, which neither allocate nor re-enter the allocator.
unsafe impl GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size(), 0);
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size(), 0);
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size, layout.size());
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note(0, layout.size());
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: PeakAlloc = PeakAlloc;

/// The most heap `f` holds at once (bytes allocated by this thread while it runs).
fn peak_heap<T>(f: impl FnOnce() -> T) -> usize {
    CURRENT.with(|c| c.set(0));
    PEAK.with(|p| p.set(0));
    MEASURING.with(|m| m.set(true));
    let out = f();
    drop(out);
    MEASURING.with(|m| m.set(false));
    PEAK.with(Cell::get)
}

/// Postings of about `size` bytes in shapes that used to cost more than their size: many
/// bullets, one line, one paragraph over many lines, blank-line-separated labels, a long
/// heading over many lines, a flattened line without punctuation, HTML.
fn big_postings(size: usize) -> Vec<(&'static str, String)> {
    let repeat = |head: &str, unit: &str| {
        let mut s = head.to_owned();
        while s.len() < size {
            s.push_str(unit);
        }
        s
    };
    vec![
        (
            "bullets",
            repeat(
                "# Director\n## Responsibilities\n",
                "- Own the department budget and report to the CEO\n",
            ),
        ),
        (
            "one line",
            repeat(
                "Director\n\nResponsibilities\n\n",
                "Own the department budget and report to the CEO. ",
            ),
        ),
        (
            "one paragraph",
            repeat(
                "Director\n\nResponsibilities:\n",
                "Own the budget and the\nteam roadmap. ",
            ),
        ),
        (
            "labels",
            repeat(
                "# Director\n## Responsibilities\n",
                "- **Delivery**\n\n\n\n\n\n",
            ),
        ),
        (
            "long heading",
            repeat(
                &format!("# {}\n", "Leadership and delivery ".repeat(size / 200)),
                "Own the department budget and report to the CEO\n",
            ),
        ),
        (
            "run-on",
            repeat(
                "Director\n\nResponsibilities\n\n",
                "lead the squads and own the budget Drive the roadmap for the platform ",
            ),
        ),
        (
            "html",
            repeat(
                "<!DOCTYPE html><html><body><h2>Responsibilities</h2><ul>\n",
                "<li><b>Own the department budget</b> and report to the CEO</li>\n",
            ),
        ),
        ("brackets", repeat("# Director\n", "[[(( ")),
    ]
}

/// Parsing a posting takes memory in proportion to its size: four times the text takes about
/// four times the memory (not sixteen), and never more than a few dozen times the text.
#[test]
fn parsing_memory_grows_in_proportion_to_the_posting() {
    const SMALL: usize = 200_000;
    const LARGE: usize = 800_000;
    for ((shape, small), (_, large)) in big_postings(SMALL).into_iter().zip(big_postings(LARGE)) {
        let small_peak = peak_heap(|| parse_posting(&small, None));
        let large_peak = peak_heap(|| parse_posting(&large, None));
        let per_byte = large_peak as f64 / large.len() as f64;
        let growth = large_peak as f64 / small_peak as f64;
        assert!(
            per_byte < 40.0,
            "{shape}: {large_peak} bytes of heap for a {}-byte posting",
            large.len()
        );
        assert!(
            growth < 6.0,
            "{shape}: four times the text took {growth:.1} times the memory ({small_peak} -> {large_peak})"
        );
    }
}

/// The peak resident memory of `roleclass audit` over `n` copies of a posting (Linux: the
/// process's `VmHWM`, read from /proc until it exits).
#[cfg(target_os = "linux")]
fn audit_peak_rss_kb(dir: &Path, n: usize) -> u64 {
    let posting = std::fs::read_to_string(root().join(FIXTURES).join("vp_consistent.md")).unwrap();
    let sub = dir.join(n.to_string());
    std::fs::create_dir_all(&sub).unwrap();
    for i in 0..n {
        write(&sub, &format!("posting-{i:05}.md"), &posting);
    }
    let bin = assert_cmd::cargo::cargo_bin("roleclass");
    let mut child = std::process::Command::new(bin)
        .arg("audit")
        .arg(&sub)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(child.wait().unwrap().success());
    peak
}

/// Postings are streamed: each is read, audited, written and dropped before the next, so the
/// memory `audit` needs does not grow with the number of postings (the text summary's rows
/// wait in a spooled temporary file).
#[cfg(target_os = "linux")]
#[test]
fn auditing_many_postings_does_not_grow_memory() {
    let dir = tempfile::tempdir().unwrap();
    // Keeping every posting's audit took about 6 kB per posting of this size.
    let few = audit_peak_rss_kb(dir.path(), 100);
    let many = audit_peak_rss_kb(dir.path(), 1000);
    assert!(
        many < few + 3 * 1024,
        "1000 postings peaked at {many} kB, 100 at {few} kB"
    );
}

#[test]
fn a_word_document_is_audited_like_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("jd.docx");
    std::fs::write(
        &docx,
        word_document(&[
            ("Title", false, "Director of Engineering, Payments"),
            ("", false, "Acme runs card payments for 4,000 shops."),
            ("Heading1", false, "Responsibilities"),
            (
                "",
                true,
                "Lead the two payments teams and their sprint planning",
            ),
            ("", true, "Own the quarterly delivery plan for the group"),
            (
                "",
                true,
                "Mentor the engineering managers who lead each team",
            ),
            ("Heading1", false, "Qualifications"),
            ("", true, "Ten years of software engineering experience"),
        ]),
    )
    .unwrap();
    let markdown = "# Director of Engineering, Payments\n\nAcme runs card payments for 4,000 \
                    shops.\n\n## Responsibilities\n\n- Lead the two payments teams and their \
                    sprint planning\n- Own the quarterly delivery plan for the group\n- Mentor \
                    the engineering managers who lead each team\n\n## Qualifications\n\n- Ten \
                    years of software engineering experience\n";
    let from_docx: Value = serde_json::from_slice(&stdout_of(
        roleclass().args(["audit", "--format", "jsonl"]).arg(&docx),
    ))
    .unwrap();
    let from_text = audit_stdin_json("Director of Engineering, Payments", markdown);
    assert_eq!(from_docx["title"], "Director of Engineering, Payments");
    for field in ["claimed_level", "content_level", "verdict", "counts"] {
        assert_eq!(from_docx[field], from_text[field], "{field}");
    }
    let texts = |v: &Value| -> Vec<String> {
        v["statements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(texts(&from_docx).len(), 3);
    assert_eq!(texts(&from_docx), texts(&from_text));

    // A directory's Word documents are read too.
    let listed = stdout_of(
        roleclass()
            .args(["audit", "--format", "csv", "-q"])
            .arg(dir.path()),
    );
    assert!(String::from_utf8_lossy(&listed).contains("jd.docx"));
}

#[test]
fn a_broken_word_document_is_a_one_line_error_and_the_others_are_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let good = word_document(&[("", true, "Lead the payments teams and their sprints")]);
    let broken = dir.path().join("broken.docx");
    std::fs::write(&broken, &good[..good.len() / 2]).unwrap();
    let fine = dir.path().join("fine.md");
    std::fs::write(
        &fine,
        "Director of Engineering\n\n- Lead the payments team\n",
    )
    .unwrap();
    let out = roleclass()
        .args(["audit", "--format", "jsonl"])
        .arg(&broken)
        .arg(&fine)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}: not a readable Word document: not a readable zip archive",
            broken.display()
        )))
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

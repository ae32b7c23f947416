//! `roleclass audit`: read postings (files, directories searched recursively, stdin), audit
//! each, report as text, one JSON document, JSON Lines or CSV. Postings are streamed: each is
//! read, audited, written and dropped before the next, so memory does not grow with their
//! number (the text summary's rows wait in a spooled temporary file). A file that cannot be
//! audited is reported and the others still are.

use std::fs;
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use roleclass::audit::{audit_posting, AuditedStatement, PostingAudit, Verdict};
use roleclass::input::Source;
use roleclass::label::Level;
use roleclass::model::Classifier;
use roleclass::output::confidence_text;
use roleclass::posting;

use super::classify::because;
use super::{render_error, Context, Exit};
use crate::cli::{AuditArgs, RecordFormat};
use crate::terminal::{escape_controls, Palette, Sink};

/// The CSV header of `audit`: one summary row per posting.
const CSV_HEADER: [&str; 11] = [
    "file",
    "title",
    "claimed_level",
    "content_level",
    "confidence",
    "verdict",
    "director",
    "vp",
    "unsure",
    "statements",
    "skipped",
];

/// File extensions read as postings in a directory (case-insensitive).
pub const POSTING_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm", "docx"];

/// Summary rows kept in memory before the spool spills to a temporary file.
const SUMMARY_SPOOL_BYTES: usize = 1 << 20;

pub fn run(context: &Context, args: AuditArgs) -> Result<Exit> {
    super::check_explain(args.explain, args.format == RecordFormat::Csv)?;
    let classifier = context.classifier(None)?;
    let palette = Palette::new(context.color && args.format == RecordFormat::Text);
    let mut sink = Sink::stdout(args.format, &CSV_HEADER)?;
    // Explanations only where they are shown: every statement's with --explain (text, JSON);
    // the text report computes the disagreeing lines' own.
    let explain = args.explain && args.format != RecordFormat::Csv;

    let mut failed = false;
    let mut postings = 0usize;
    let mut mismatch = false;
    let mut summary = tempfile::spooled_tempfile(SUMMARY_SPOOL_BYTES);
    for input in expand_inputs(&args.files, context.quiet, &mut failed) {
        let source = Source::from_arg(Some(&input));
        context.announce_stdin(&source, "a posting");
        let text = match posting::read_posting(&source) {
            Ok(text) => text,
            Err(err) => {
                crate::terminal::error(&render_error(&err.into()));
                failed = true;
                continue;
            }
        };
        let name = input.display().to_string();
        let audit = audit_posting(
            classifier,
            &name,
            &text,
            args.title.as_deref(),
            args.threshold,
            explain,
        );
        drop(text);
        match &mut sink {
            Sink::Csv(csv) => write_csv_row(csv, &audit)?,
            Sink::Text(out) => {
                write_text(out, &audit, classifier, &palette, args.explain)?;
                write_summary_row(&mut summary, &audit)?;
            }
            sink => sink.json_record(&audit)?,
        }
        postings += 1;
        mismatch |= audit.verdict == Verdict::Mismatch;
    }
    if let Sink::Text(out) = &mut sink {
        if postings > 1 {
            writeln!(out, "{}", palette.bold("summary"))?;
            writeln!(
                out,
                "  {:<40} {:<8} {:<8} {:>5}  {:<16} {:>4} {:>4} {:>6}",
                "file", "claims", "reads", "conf", "verdict", "dir", "vp", "unsure"
            )?;
            summary.rewind()?;
            io::copy(&mut summary, out)?;
        }
    }
    sink.finish()?;
    if failed {
        return Ok(Exit::BadInput);
    }
    if args.fail_on_mismatch && mismatch {
        return Ok(Exit::CheckFailed);
    }
    Ok(Exit::Ok)
}

/// Files to audit: each argument, or the posting files of a directory and its subdirectories
/// (depth first, sorted by name). Anything a directory holds that is not read is named in a
/// warning (other extensions, broken links, links to directories, hidden entries are counted).
fn expand_inputs(args: &[PathBuf], quiet: bool, failed: &mut bool) -> Vec<PathBuf> {
    let mut inputs = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let mut walk = Walk {
                files: Vec::new(),
                hidden: 0,
                quiet,
            };
            walk.dir(arg, failed);
            if walk.hidden > 0 && !quiet {
                crate::terminal::warning(&format!(
                    "{}: skipped {} (names starting with '.')",
                    arg.display(),
                    crate::terminal::count(walk.hidden as u64, "hidden entry", "hidden entries")
                ));
            }
            if walk.files.is_empty() {
                crate::terminal::error(&format!(
                    "{}: no posting files ({}) in this directory or below it",
                    arg.display(),
                    extension_list()
                ));
                *failed = true;
            }
            inputs.extend(walk.files);
        } else {
            inputs.push(arg.clone());
        }
    }
    inputs
}

/// A recursive walk of a directory for posting files.
struct Walk {
    files: Vec<PathBuf>,
    hidden: usize,
    quiet: bool,
}

impl Walk {
    fn warn(&self, path: &Path, why: &str) {
        if !self.quiet {
            crate::terminal::warning(&format!("{}: skipped ({why})", path.display()));
        }
    }

    fn dir(&mut self, dir: &Path, failed: &mut bool) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                crate::terminal::error(&roleclass::Error::io(dir, e).to_string());
                *failed = true;
                return;
            }
        };
        let mut paths: Vec<PathBuf> = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => paths.push(entry.path()),
                Err(e) => {
                    crate::terminal::error(&roleclass::Error::io(dir, e).to_string());
                    *failed = true;
                }
            }
        }
        paths.sort();
        for path in paths {
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                self.hidden += 1;
                continue;
            }
            let link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
            match fs::metadata(&path) {
                Err(_) if link => self.warn(&path, "broken symbolic link"),
                Err(e) => {
                    crate::terminal::error(&roleclass::Error::io(&path, e).to_string());
                    *failed = true;
                }
                Ok(meta) if meta.is_dir() && link => {
                    self.warn(&path, "symbolic link to a directory, not followed")
                }
                Ok(meta) if meta.is_dir() => self.dir(&path, failed),
                Ok(meta) if !meta.is_file() => self.warn(&path, "not a regular file"),
                Ok(_) if is_posting_file(&path) => self.files.push(path),
                Ok(_) => self.warn(
                    &path,
                    &format!(
                        "not a posting file: the extensions read are {}",
                        extension_list()
                    ),
                ),
            }
        }
    }
}

/// ".txt, .text, .md, ..."
fn extension_list() -> String {
    POSTING_EXTENSIONS
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_posting_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| POSTING_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn bar(director_share: f64, width: usize) -> String {
    let filled = (director_share * width as f64).round() as usize;
    format!(
        "{}{}",
        "#".repeat(filled),
        ".".repeat(width - filled.min(width))
    )
}

fn write_text(
    out: &mut dyn Write,
    audit: &PostingAudit,
    classifier: &Classifier,
    palette: &Palette,
    explain: bool,
) -> Result<()> {
    writeln!(out, "{}", palette.bold(&escape_controls(&audit.file)))?;
    writeln!(
        out,
        "  title     {} (claims {})",
        escape_controls(audit.title.as_deref().unwrap_or("(none found)")),
        audit.claimed_level.as_str()
    )?;
    let c = audit.counts;
    let level = if audit.content_level == Level::Unknown {
        "unknown (no duty line carries a level cue)".to_owned()
    } else {
        format!(
            "{} {}  director [{}] vp",
            palette.level(audit.content_level, 8).trim_end(),
            confidence_text(audit.confidence),
            bar(audit.director_share(), 20)
        )
    };
    writeln!(
        out,
        "  content   {level}  ({} director, {} vp, {} unsure lines; {} skipped)",
        c.director,
        c.vp,
        c.unsure,
        audit.skipped.len()
    )?;
    let verdict = match audit.verdict {
        Verdict::Consistent => "consistent: the duties read as the title's level".to_owned(),
        Verdict::Mismatch => format!(
            "MISMATCH: the duties read as {}",
            audit.content_level.as_str()
        ),
        Verdict::Mixed => "mixed: no level is clear enough".to_owned(),
        Verdict::NoClaimedLevel => match &audit.title {
            Some(title) => format!(
                "no level claimed: the title \"{}\" names neither director nor vp",
                escape_controls(title)
            ),
            None => "no level claimed: no title found (give one with --title)".to_owned(),
        },
        Verdict::NoDutiesFound => "no duties found".to_owned(),
    };
    writeln!(out, "  verdict   {}", palette.bold(&verdict))?;
    let disagreeing = audit.disagreeing();
    if !disagreeing.is_empty() {
        writeln!(
            out,
            "  lines that disagree with the title, strongest first:"
        )?;
        for s in disagreeing {
            write_statement(out, s, classifier, palette)?;
        }
    }
    if explain {
        writeln!(out, "  every duty line:")?;
        for s in &audit.statements {
            write_statement(out, s, classifier, palette)?;
        }
    }
    writeln!(out)?;
    Ok(())
}

/// One classified duty line with the words that decided it (explained now if the audit did
/// not already).
fn write_statement(
    out: &mut dyn Write,
    s: &AuditedStatement,
    classifier: &Classifier,
    palette: &Palette,
) -> Result<()> {
    let explanation = match &s.explanation {
        Some(explanation) => because(explanation),
        None => because(&classifier.explain(&s.text)),
    };
    writeln!(
        out,
        "    {} {}  {}  {}",
        palette.answer(s.role, 8),
        confidence_text(s.confidence),
        escape_controls(&s.text),
        palette.dim(&explanation)
    )?;
    Ok(())
}

/// One row of the text summary, written at the end.
fn write_summary_row(out: &mut impl Write, a: &PostingAudit) -> Result<()> {
    let file = escape_controls(&a.file);
    let file = if file.chars().count() > 40 {
        let skip = file.chars().count() - 39;
        format!("…{}", file.chars().skip(skip).collect::<String>())
    } else {
        file
    };
    writeln!(
        out,
        "  {:<40} {:<8} {:<8} {:>5}  {:<16} {:>4} {:>4} {:>6}",
        file,
        a.claimed_level.as_str(),
        a.content_level.as_str(),
        confidence_text(a.confidence),
        a.verdict.as_str(),
        a.counts.director,
        a.counts.vp,
        a.counts.unsure
    )?;
    Ok(())
}

/// A CSV cell that a spreadsheet would not run as a formula. Following OWASP's advice on CSV
/// injection, a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
/// leading `'`, which spreadsheets show as text; other cells are unchanged. Titles and file
/// names come from the postings, so they are untrusted.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn write_csv_row(csv: &mut csv::Writer<Box<dyn Write>>, a: &PostingAudit) -> Result<()> {
    csv.write_record([
        neutralise_formula(&a.file).as_ref(),
        neutralise_formula(a.title.as_deref().unwrap_or("")).as_ref(),
        a.claimed_level.as_str(),
        a.content_level.as_str(),
        &confidence_text(a.confidence),
        a.verdict.as_str(),
        &a.counts.director.to_string(),
        &a.counts.vp.to_string(),
        &a.counts.unsure.to_string(),
        &a.statements.len().to_string(),
        &a.skipped.len().to_string(),
    ])?;
    Ok(())
}

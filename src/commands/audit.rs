//! `roleclass audit`: read postings (files, directories, stdin), audit each, report as text,
//! one JSON document, JSON Lines or CSV. A file that cannot be audited is reported and the
//! others still are.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use roleclass::audit::{audit_posting, AuditedStatement, PostingAudit, Verdict};
use roleclass::input::Source;
use roleclass::label::Level;
use roleclass::model::Classifier;
use roleclass::output::confidence_text;

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

pub fn run(context: &Context, args: AuditArgs) -> Result<Exit> {
    super::check_explain(args.explain, args.format == RecordFormat::Csv)?;
    let classifier = context.classifier(None)?;
    let palette = Palette::new(context.color && args.format == RecordFormat::Text);
    let mut sink = Sink::stdout(args.format, &CSV_HEADER)?;
    // Explanations only where they are shown: every statement's with --explain (text, JSON);
    // the text report computes the disagreeing lines' own.
    let explain = args.explain && args.format != RecordFormat::Csv;

    let mut failed = false;
    let mut audits: Vec<PostingAudit> = Vec::new();
    for input in expand_inputs(&args.files, &mut failed) {
        let source = Source::from_arg(Some(&input));
        context.announce_stdin(&source, "a posting");
        let text = match source.read_text() {
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
        match &mut sink {
            Sink::Csv(csv) => write_csv_row(csv, &audit)?,
            Sink::Text(out) => write_text(out, &audit, classifier, &palette, args.explain)?,
            sink => sink.json_record(&audit)?,
        }
        audits.push(audit);
    }
    if let Sink::Text(out) = &mut sink {
        if audits.len() > 1 {
            write_summary(out, &audits, &palette)?;
        }
    }
    sink.finish()?;
    if failed {
        return Ok(Exit::BadInput);
    }
    if args.fail_on_mismatch && audits.iter().any(|a| a.verdict == Verdict::Mismatch) {
        return Ok(Exit::CheckFailed);
    }
    Ok(Exit::Ok)
}

/// Files to audit: each argument, or the `.txt`/`.md` files of a directory (sorted).
fn expand_inputs(args: &[PathBuf], failed: &mut bool) -> Vec<PathBuf> {
    let mut inputs = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let entries = match fs::read_dir(arg) {
                Ok(entries) => entries,
                Err(e) => {
                    crate::terminal::error(&roleclass::Error::io(arg, e).to_string());
                    *failed = true;
                    continue;
                }
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                            e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md")
                        })
                })
                .collect();
            files.sort();
            if files.is_empty() {
                crate::terminal::error(&format!(
                    "{}: no .txt or .md files in this directory",
                    arg.display()
                ));
                *failed = true;
            }
            inputs.extend(files);
        } else {
            inputs.push(arg.clone());
        }
    }
    inputs
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

fn write_summary(out: &mut dyn Write, audits: &[PostingAudit], palette: &Palette) -> Result<()> {
    writeln!(out, "{}", palette.bold("summary"))?;
    writeln!(
        out,
        "  {:<40} {:<8} {:<8} {:>5}  {:<16} {:>4} {:>4} {:>6}",
        "file", "claims", "reads", "conf", "verdict", "dir", "vp", "unsure"
    )?;
    for a in audits {
        let file = escape_controls(&a.file);
        let file = if file.chars().count() > 40 {
            let tail: String = file
                .chars()
                .rev()
                .take(39)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("…{tail}")
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
    }
    Ok(())
}

fn write_csv_row(csv: &mut csv::Writer<Box<dyn Write>>, a: &PostingAudit) -> Result<()> {
    csv.write_record([
        a.file.as_str(),
        a.title.as_deref().unwrap_or(""),
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

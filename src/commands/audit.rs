//! `roleclass audit`: read postings (files, directories, stdin), audit each, report as text,
//! JSON Lines or CSV. A file that cannot be audited is reported and the others still are.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use roleclass::audit::{audit_posting, AuditedStatement, ContentLevel, PostingAudit, Verdict};

use super::classify::because;
use super::{render_error, Context, EXIT_BAD_INPUT, EXIT_CHECK_FAILED};
use crate::cli::{AuditArgs, AuditFormat};
use crate::terminal::{self, escape_controls, Palette, Sink};

pub fn run(context: &Context, args: AuditArgs) -> Result<ExitCode> {
    roleclass::model::validate_threshold(args.threshold)?;
    let classifier = context.classifier(None)?;
    let palette = Palette::new(context.color && args.format == AuditFormat::Text);
    let mut sink = match args.format {
        AuditFormat::Csv => {
            let mut csv = csv::Writer::from_writer(terminal::stdout());
            csv.write_record([
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
            ])?;
            Sink::Csv(Box::new(csv))
        }
        _ => Sink::Plain(terminal::stdout()),
    };

    let mut failed = false;
    let mut audits: Vec<PostingAudit> = Vec::new();
    for input in expand_inputs(&args.files, &mut failed) {
        let text = match read_posting(&input) {
            Ok(text) => text,
            Err(err) => {
                eprintln!("error: {}", render_error(&err));
                failed = true;
                continue;
            }
        };
        let name = input.display().to_string();
        let audit = audit_posting(
            &classifier,
            &name,
            &text,
            args.title.as_deref(),
            args.threshold,
        );
        match &mut sink {
            Sink::Csv(csv) => write_csv_row(csv, &audit)?,
            Sink::Plain(out) if args.format == AuditFormat::Json => {
                serde_json::to_writer(&mut *out, &json_view(&audit, args.explain))?;
                writeln!(out)?;
            }
            Sink::Plain(out) => write_text(out, &audit, &palette, args.explain)?,
        }
        audits.push(audit);
    }
    if let Sink::Plain(out) = &mut sink {
        if args.format == AuditFormat::Text && audits.len() > 1 {
            write_summary(out, &audits, &palette)?;
        }
    }
    sink.flush()?;
    if failed {
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    if args.fail_on_mismatch && audits.iter().any(|a| a.verdict == Verdict::Mismatch) {
        return Ok(ExitCode::from(EXIT_CHECK_FAILED));
    }
    Ok(ExitCode::SUCCESS)
}

/// Files to audit: each argument, or the `.txt`/`.md` files of a directory (sorted).
fn expand_inputs(args: &[PathBuf], failed: &mut bool) -> Vec<PathBuf> {
    let mut inputs = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let entries = match fs::read_dir(arg) {
                Ok(entries) => entries,
                Err(e) => {
                    eprintln!("error: {}", roleclass::Error::io(arg, e));
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
                eprintln!(
                    "error: {}: no .txt or .md files in this directory",
                    arg.display()
                );
                *failed = true;
            }
            inputs.extend(files);
        } else {
            inputs.push(arg.clone());
        }
    }
    inputs
}

/// Read one posting as text: refuses binary and empty files with a message naming the file.
fn read_posting(path: &Path) -> Result<String> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| roleclass::Error::io("<stdin>", e))?;
    } else {
        let mut file = roleclass::data::open_file(path)?;
        file.read_to_end(&mut bytes)
            .map_err(|e| roleclass::Error::io(path, e))?;
    }
    if bytes.contains(&0) {
        anyhow::bail!("{name}: binary file (NUL bytes), expected a text or Markdown posting");
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{name}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.trim().is_empty() {
        anyhow::bail!("{name}: empty file");
    }
    Ok(text)
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
    let level = if audit.content_level == ContentLevel::Unknown {
        "unknown (no duty line carries a level cue)".to_owned()
    } else {
        format!(
            "{} {:.2}  director [{}] vp",
            palette.answer(audit.content_level.as_str(), 8).trim_end(),
            audit.confidence,
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
            write_statement(out, s, palette)?;
        }
    }
    if explain {
        writeln!(out, "  every duty line:")?;
        for s in &audit.statements {
            write_statement(out, s, palette)?;
        }
    }
    writeln!(out)?;
    Ok(())
}

/// One classified duty line with the words that decided it.
fn write_statement(out: &mut dyn Write, s: &AuditedStatement, palette: &Palette) -> Result<()> {
    writeln!(
        out,
        "    {} {:.2}  {}  {}",
        palette.answer(s.role.as_str(), 8),
        s.confidence,
        escape_controls(&s.text),
        palette.dim(&because(&s.explanation))
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
            "  {:<40} {:<8} {:<8} {:>5.2}  {:<16} {:>4} {:>4} {:>6}",
            file,
            a.claimed_level.as_str(),
            a.content_level.as_str(),
            a.confidence,
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
        &format!("{:.3}", a.confidence),
        a.verdict.as_str(),
        &a.counts.director.to_string(),
        &a.counts.vp.to_string(),
        &a.counts.unsure.to_string(),
        &a.statements.len().to_string(),
        &a.skipped.len().to_string(),
    ])?;
    Ok(())
}

/// The JSON object of one posting: the explanation of each statement only with `--explain`.
fn json_view(audit: &PostingAudit, explain: bool) -> serde_json::Value {
    let mut value = serde_json::to_value(audit).unwrap_or(serde_json::Value::Null);
    if !explain {
        if let Some(statements) = value.get_mut("statements").and_then(|s| s.as_array_mut()) {
            for s in statements {
                if let Some(object) = s.as_object_mut() {
                    object.remove("explanation");
                }
            }
        }
    }
    value
}

//! `roleclass evaluate`: classify a labeled file and report the figures.

use std::io::Write;

use anyhow::Result;

use roleclass::eval::{format_figure as fig, Figures};
use roleclass::input::Source;

use super::{Context, Exit};
use crate::cli::{EvaluateArgs, ReportFormat};
use crate::terminal::{self, count, escape_controls};

pub fn run(context: &Context, args: EvaluateArgs) -> Result<Exit> {
    let classifier = context.classifier(args.threshold)?;
    context.announce_stdin(&Source::from_arg(Some(&args.file)), "a labeled CSV");
    let data = roleclass::data::read_labeled(&args.file)?;
    let figures = classifier.evaluate(&data.rows);
    let mut out = terminal::stdout();
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &figures)?;
            writeln!(out)?;
        }
        ReportFormat::Text => write_table(
            &mut out,
            &Source::from_arg(Some(&args.file)).name(),
            &figures,
        )?,
    }
    out.flush()?;
    if let Some(min) = args.min_accuracy {
        let Some(accuracy) = figures.accuracy else {
            anyhow::bail!(
                "{}: --min-accuracy cannot be checked: accuracy is undefined without director or vp rows",
                escape_controls(&Source::from_arg(Some(&args.file)).name())
            );
        };
        if accuracy < min {
            terminal::note(&format!(
                "accuracy {accuracy:.4} is below --min-accuracy {min}"
            ));
            return Ok(Exit::CheckFailed);
        }
    }
    Ok(Exit::Ok)
}

/// The figures as a readable table.
pub fn write_table(out: &mut dyn Write, name: &str, f: &Figures) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} ({} director/vp, {} either)",
        escape_controls(name),
        count(f.n as u64, "row", "rows"),
        f.n_labeled,
        f.either_rows
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "  accuracy            {:>5}  (director/vp rows, unsure counted wrong)",
        fig(f.accuracy)
    )?;
    writeln!(out, "  macro-F1            {:>5}", fig(f.macro_f1))?;
    writeln!(
        out,
        "  coverage            {:>5}  ({} unsure on director/vp rows)",
        fig(f.coverage),
        f.unsure
    )?;
    writeln!(
        out,
        "  selective accuracy  {:>5}  (on rows that got an answer)",
        fig(f.selective_accuracy)
    )?;
    writeln!(
        out,
        "  mean confidence     {:>5}  (what those answers claim)",
        fig(f.mean_confidence)
    )?;
    writeln!(
        out,
        "  unsure on either    {:>5}  ({} either rows)",
        fig(f.either_unsure_rate),
        f.either_rows
    )?;
    writeln!(out, "  balanced accuracy   {:>5}", fig(f.balanced_accuracy))?;
    writeln!(out, "  calibration (ECE)   {:>5}", fig(f.ece))?;
    writeln!(out)?;
    writeln!(out, "  class      precision  recall     f1  support")?;
    for (name, c) in [("director", &f.per_class.director), ("vp", &f.per_class.vp)] {
        writeln!(
            out,
            "  {name:<10} {:>9} {:>7} {:>6} {:>8}",
            fig(c.precision),
            fig(c.recall),
            fig(c.f1),
            c.support
        )?;
    }
    writeln!(out)?;
    writeln!(out, "  confusion (rows: label, columns: answer)")?;
    writeln!(
        out,
        "  {:<10} {:>8} {:>8} {:>8}",
        "", "director", "vp", "unsure"
    )?;
    let c = &f.confusion;
    for (name, row) in [
        ("director", &c.director),
        ("vp", &c.vp),
        ("either", &c.either),
    ] {
        if name == "either" && f.either_rows == 0 {
            continue;
        }
        writeln!(
            out,
            "  {name:<10} {:>8} {:>8} {:>8}",
            row.director, row.vp, row.unsure
        )?;
    }
    Ok(())
}

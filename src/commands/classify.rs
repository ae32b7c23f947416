//! `roleclass classify`: statements from arguments or stdin (streamed line by line) to
//! text, JSON Lines or CSV.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use serde::Serialize;

use roleclass::model::{Classifier, Explanation, Prediction};

use super::Context;
use crate::cli::{ClassifyArgs, ClassifyFormat};
use crate::terminal::{self, escape_controls, Palette, Sink};

pub fn run(context: &Context, args: ClassifyArgs) -> Result<ExitCode> {
    let classifier = context.classifier(args.threshold)?;
    let out = terminal::stdout();
    let sink = match args.format {
        ClassifyFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(["text", "role", "confidence"])?;
            Sink::Csv(Box::new(csv))
        }
        _ => Sink::Plain(out),
    };
    let mut report = Report {
        format: args.format,
        explain: args.explain,
        palette: Palette::new(context.color && args.format == ClassifyFormat::Text),
        sink,
    };

    let read_stdin = args.texts.is_empty() || args.texts.iter().any(|t| t == "-");
    if read_stdin && args.texts.len() > 1 {
        anyhow::bail!("`-` (read stdin) cannot be mixed with TEXT arguments");
    }
    if !read_stdin {
        for (index, text) in args.texts.iter().enumerate() {
            report.write(&classifier, index as u64 + 1, text)?;
        }
    } else {
        let stdin = io::stdin();
        if stdin.is_terminal() && !context.quiet {
            eprintln!(
                "roleclass: reading statements from the terminal, one per line (Ctrl-D to end)"
            );
        }
        let mut input = stdin.lock();
        let mut line = Vec::new();
        let mut number = 0u64;
        loop {
            line.clear();
            let read = input
                .read_until(b'\n', &mut line)
                .context("<stdin>: read failed")?;
            if read == 0 {
                break;
            }
            number += 1;
            let text = std::str::from_utf8(&line).map_err(|e| {
                anyhow::anyhow!(
                    "<stdin>:{number}: invalid UTF-8 at column {}",
                    e.valid_up_to() + 1
                )
            })?;
            let text = text.trim_end_matches(['\n', '\r']);
            if let Some(at) = text.find('\0') {
                anyhow::bail!(
                    "<stdin>:{number}: NUL byte at column {} (binary input?)",
                    at + 1
                );
            }
            if text.trim().is_empty() {
                continue;
            }
            report.write(&classifier, number, text)?;
        }
    }
    report.sink.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One statement's JSON Lines record.
#[derive(Serialize)]
struct JsonRecord<'a> {
    line: u64,
    text: &'a str,
    role: &'static str,
    confidence: f64,
    probabilities: Probabilities,
    log_odds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<Explanation>,
}

#[derive(Serialize)]
struct Probabilities {
    director: f64,
    vp: f64,
}

struct Report {
    format: ClassifyFormat,
    explain: bool,
    palette: Palette,
    sink: Sink,
}

impl Report {
    fn write(&mut self, classifier: &Classifier, line: u64, text: &str) -> Result<()> {
        let prediction = classifier.classify(text);
        let explanation = self.explain.then(|| classifier.explain(text));
        let out = match &mut self.sink {
            Sink::Csv(csv) => {
                let confidence = format!("{:.3}", prediction.confidence);
                csv.write_record([text, prediction.answer.as_str(), &confidence])?;
                return Ok(());
            }
            Sink::Plain(out) => out,
        };
        match self.format {
            ClassifyFormat::Text => {
                write!(
                    out,
                    "{}  {:.2}  {}",
                    self.palette.answer(prediction.answer.as_str(), 8),
                    prediction.confidence,
                    escape_controls(text)
                )?;
                if let Some(explanation) = &explanation {
                    write!(out, "  {}", self.palette.dim(&because(explanation)))?;
                }
                writeln!(out)?;
            }
            ClassifyFormat::Json | ClassifyFormat::Csv => {
                serde_json::to_writer(
                    &mut *out,
                    &json_record(line, text, &prediction, explanation),
                )?;
                writeln!(out)?;
            }
        }
        Ok(())
    }
}

fn json_record<'a>(
    line: u64,
    text: &'a str,
    prediction: &Prediction,
    explanation: Option<Explanation>,
) -> JsonRecord<'a> {
    JsonRecord {
        line,
        text,
        role: prediction.answer.as_str(),
        confidence: prediction.confidence,
        probabilities: Probabilities {
            director: prediction.probability_director(),
            vp: prediction.probability_vp,
        },
        log_odds: prediction.log_odds,
        explanation,
    }
}

/// Terms shown in a text explanation; JSON output has them all.
const SHOWN_TERMS: usize = 6;

/// `because: department (+1.8 vp), sprint (-0.9 director)`, or why there is no answer.
pub fn because(explanation: &Explanation) -> String {
    if explanation.terms.is_empty() {
        return "because: no level cue found".to_owned();
    }
    let mut terms: Vec<String> = explanation
        .terms
        .iter()
        .take(SHOWN_TERMS)
        .map(|t| {
            let times = if t.count > 1 {
                format!(" x{}", t.count)
            } else {
                String::new()
            };
            format!("{}{} ({:+.1} {})", t.term, times, t.log_odds, t.favours)
        })
        .collect();
    if explanation.terms.len() > SHOWN_TERMS {
        terms.push(format!("+{} more", explanation.terms.len() - SHOWN_TERMS));
    }
    format!("because: {}", terms.join(", "))
}

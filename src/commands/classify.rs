//! `roleclass classify`: statements from arguments or stdin (streamed line by line) to text,
//! one JSON document, JSON Lines or CSV.

use std::io::Write;

use anyhow::Result;

use roleclass::input::Source;
use roleclass::label::Answer;
use roleclass::model::{Classifier, Explanation, StatementRecord, TermContribution};
use roleclass::output::confidence_text;

use super::{check_explain, Context, Exit};
use crate::cli::{ClassifyArgs, RecordFormat};
use crate::terminal::{escape_controls, Palette, Sink};

/// The CSV header of `classify`: the input line number first, as in the JSON records.
const CSV_HEADER: [&str; 4] = ["line", "text", "role", "confidence"];

pub fn run(context: &Context, args: ClassifyArgs) -> Result<Exit> {
    check_explain(args.explain, args.format == RecordFormat::Csv)?;
    let read_stdin = args.texts.is_empty() || args.texts.iter().any(|t| t == "-");
    if read_stdin && args.texts.len() > 1 {
        anyhow::bail!("`-` (read stdin) cannot be mixed with TEXT arguments");
    }
    let classifier = context.classifier(args.threshold)?;
    let mut report = Report {
        explain: args.explain,
        palette: Palette::new(context.color && args.format == RecordFormat::Text),
        sink: Sink::stdout(args.format, &CSV_HEADER)?,
        // Lines read from stdin are numbered in text output too (blank ones are skipped, so
        // the position in the output is not the line); arguments are answered in order.
        number_text: read_stdin,
    };
    if read_stdin {
        let source = Source::Stdin;
        context.announce_stdin(&source, "statements, one per line,");
        let mut lines = source.lines()?;
        while let Some((number, text)) = lines.next_line()? {
            report.write(classifier, number, text)?;
        }
    } else {
        for (index, text) in args.texts.iter().enumerate() {
            report.write(classifier, index as u64 + 1, text)?;
        }
    }
    report.sink.finish()?;
    Ok(Exit::Ok)
}

struct Report {
    explain: bool,
    palette: Palette,
    sink: Sink,
    /// Text output starts each answer with the input line number.
    number_text: bool,
}

impl Report {
    fn write(&mut self, classifier: &Classifier, line: u64, text: &str) -> Result<()> {
        let prediction = classifier.classify(text);
        // Explaining costs more than classifying: only when the output shows it.
        let explanation = self.explain.then(|| classifier.explain(text));
        match &mut self.sink {
            Sink::Csv(csv) => {
                let confidence = confidence_text(prediction.confidence);
                csv.write_record([
                    &line.to_string(),
                    text,
                    prediction.answer.as_str(),
                    &confidence,
                ])?;
            }
            Sink::Text(out) => {
                if self.number_text {
                    write!(out, "{line:>4}  ")?;
                }
                write!(
                    out,
                    "{}  {}  {}",
                    self.palette.answer(prediction.answer, 8),
                    confidence_text(prediction.confidence),
                    escape_controls(text)
                )?;
                if let Some(explanation) = &explanation {
                    write!(out, "  {}", self.palette.dim(&because(explanation)))?;
                }
                writeln!(out)?;
            }
            sink => {
                sink.json_record(&StatementRecord::new(line, text, &prediction, explanation))?
            }
        }
        Ok(())
    }
}

/// Terms shown in a text explanation; JSON output has them all.
const SHOWN_TERMS: usize = 6;

/// `because: cues department (+5.4 vp); also sprint (-0.9 director)`, or why there is no
/// answer. The cues are shown with what they add to the cue stage (which decides whether and
/// which way there is an answer), strongest first; the other terms with what they add to the
/// ranking, as [`Classifier::explain`] orders them.
pub fn because(explanation: &Explanation) -> String {
    let show = |t: &TermContribution| {
        let times = if t.count > 1 {
            format!(" x{}", t.count)
        } else {
            String::new()
        };
        let log_odds = if t.cue { t.cue_log_odds } else { t.log_odds };
        format!("{}{} ({:+.1} {})", t.term, times, log_odds, t.favours)
    };
    let (cues, others): (Vec<_>, Vec<_>) = explanation.terms.iter().partition(|t| t.cue);
    if cues.is_empty() {
        return "because: no level cue found".to_owned();
    }
    let mut text = format!(
        "because: cues {}",
        cues.iter()
            .take(SHOWN_TERMS)
            .map(|t| show(t))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let cue_level = Answer::favoured_by(explanation.cue_log_odds);
    if cue_level != Answer::favoured_by(explanation.log_odds()) {
        text.push_str(&format!(
            "; the cues point to {cue_level} but the wording as a whole does not"
        ));
    }
    let room = SHOWN_TERMS.saturating_sub(cues.len().min(SHOWN_TERMS));
    let also: Vec<String> = others.iter().take(room).map(|t| show(t)).collect();
    if !also.is_empty() {
        text.push_str(&format!("; also {}", also.join(", ")));
    }
    let hidden = explanation.terms.len() - cues.len().min(SHOWN_TERMS) - also.len();
    if hidden > 0 {
        text.push_str(&format!(", +{hidden} more"));
    }
    text
}

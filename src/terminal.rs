//! Terminal and output concerns: buffered stdout, the record formats (one meaning of `json`,
//! `jsonl` and `csv` for every command), colour decisions, diagnostics on stderr (untrusted
//! text escaped), and the progress bar.

use std::io::{self, IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use roleclass::label::{Answer, Level};
use roleclass::output::Output;

use crate::cli::{ColorChoice, RecordFormat};

/// Stdout, line-buffered on a terminal (answers appear as they come) and block-buffered
/// otherwise (fast in pipes); listed as an unfinished output until dropped, so that an
/// interruption says the output is incomplete.
pub fn stdout() -> Output {
    let out = io::stdout();
    if out.is_terminal() {
        Output::stdout(Box::new(io::LineWriter::new(out)))
    } else {
        Output::stdout(Box::new(io::BufWriter::with_capacity(1 << 16, out)))
    }
}

/// Print a diagnostic on stderr as one line, `prefix: message`, with every control character
/// escaped: messages quote input (file names, column names, statements), which must not move
/// the cursor or clear the screen.
pub fn diagnostic(prefix: &str, message: &str) {
    clear_progress_line();
    eprintln!("{prefix}: {}", escape_controls(message));
}

/// `error: ...` on stderr (see [`diagnostic`]).
pub fn error(message: &str) {
    diagnostic("error", message);
}

/// `warning: ...` on stderr (see [`diagnostic`]).
pub fn warning(message: &str) {
    diagnostic("warning", message);
}

/// `roleclass: ...` on stderr, for summaries and hints (see [`diagnostic`]).
pub fn note(message: &str) {
    diagnostic("roleclass", message);
}

/// `n` and the noun, singular or plural: `1 row`, `2 rows`.
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// The progress bar on screen, if any: cleared before a diagnostic and when a signal ends the
/// run.
static PROGRESS: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// A byte-based progress bar on stderr for an input of `size` bytes, fitted to the terminal's
/// width; it is cleared when dropped (whatever ends the run) or by [`clear_progress_line`].
pub struct Progress {
    bar: ProgressBar,
    /// The message shows the rate too (wide terminals).
    rate: bool,
}

impl Progress {
    /// A bar on stderr when it is a terminal (and not `quiet`), for a known size.
    pub fn new(quiet: bool, size: Option<u64>) -> Option<Progress> {
        let size = size.filter(|_| !quiet && io::stderr().is_terminal())?;
        let bar = ProgressBar::new(size);
        let width = console::Term::stderr()
            .size_checked()
            .map_or(80, |(_, cols)| cols);
        let (template, rate) = progress_template(width);
        let style = ProgressStyle::with_template(template)
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        *PROGRESS.lock().unwrap_or_else(|p| p.into_inner()) = Some(bar.clone());
        Some(Progress { bar, rate })
    }

    /// `bytes` of the input read, `rows` labeled, in `seconds`.
    pub fn update(&self, bytes: u64, rows: u64, seconds: f64) {
        self.bar.set_position(bytes);
        if self.rate {
            self.bar.set_message(format!(
                "{rows} rows, {:.0} rows/s",
                rows as f64 / seconds.max(1e-9)
            ));
        } else {
            self.bar.set_message(format!("{rows} rows"));
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        *PROGRESS.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// The bar's template for a terminal `width` columns wide, and whether its message shows the
/// rate. Everything but the bar has a bounded width (a message of at most about 30 columns),
/// and the bar takes what is left, so a line never wraps (a wrapped bar is redrawn on a new
/// line every tick).
fn progress_template(width: u16) -> (&'static str, bool) {
    if width >= 100 {
        (
            "{spinner} [{elapsed_precise}] [{wide_bar}] {bytes}/{total_bytes} {msg} (ETA {eta})",
            true,
        )
    } else if width >= 50 {
        (
            "{spinner} [{wide_bar}] {percent:>3}% {msg} (ETA {eta})",
            false,
        )
    } else {
        ("[{wide_bar}] {percent:>3}%", false)
    }
}

/// Clear the progress bar, if one is on screen (before a diagnostic, or when a signal ends the
/// run).
pub fn clear_progress_line() {
    let bar = PROGRESS.lock().unwrap_or_else(|p| p.into_inner()).clone();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}

/// Where records go, in one of the record formats (see [`RecordFormat`]).
pub enum Sink {
    /// A readable report, written by the command.
    Text(Box<dyn Write>),
    /// CSV rows, after the header row.
    Csv(Box<csv::Writer<Box<dyn Write>>>),
    /// One JSON document: a pretty-printed array, streamed one element at a time.
    Json {
        /// The stream.
        out: Box<dyn Write>,
        /// Elements written so far.
        count: usize,
    },
    /// JSON Lines: one compact object per line.
    Jsonl(Box<dyn Write>),
}

impl Sink {
    /// A sink on stdout for `format`; CSV gets `csv_header` as its first row.
    pub fn stdout(format: RecordFormat, csv_header: &[&str]) -> anyhow::Result<Sink> {
        let out: Box<dyn Write> = Box::new(stdout());
        Ok(match format {
            RecordFormat::Text => Sink::Text(out),
            RecordFormat::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(csv_header)?;
                Sink::Csv(Box::new(csv))
            }
            RecordFormat::Json => Sink::Json { out, count: 0 },
            RecordFormat::Jsonl => Sink::Jsonl(out),
        })
    }

    /// Write one record in a JSON format (an array element, or a line); ignored otherwise.
    pub fn json_record<T: Serialize>(&mut self, record: &T) -> anyhow::Result<()> {
        match self {
            Sink::Json { out, count } => {
                // The element as `serde_json::to_writer_pretty` would write it inside an array.
                let pretty = serde_json::to_string_pretty(record)?;
                out.write_all(if *count == 0 { b"[\n" } else { b",\n" })?;
                for (i, line) in pretty.lines().enumerate() {
                    if i > 0 {
                        out.write_all(b"\n")?;
                    }
                    write!(out, "  {line}")?;
                }
                *count += 1;
            }
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut *out, record)?;
                out.write_all(b"\n")?;
            }
            Sink::Text(_) | Sink::Csv(_) => {}
        }
        Ok(())
    }

    /// End the output (close the JSON array) and flush it.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Sink::Text(mut out) | Sink::Jsonl(mut out) => out.flush(),
            Sink::Csv(mut csv) => csv.flush(),
            Sink::Json { mut out, count } => {
                out.write_all(if count == 0 { b"[]\n" } else { b"\n]\n" })?;
                out.flush()
            }
        }
    }
}

/// Whether text output should be coloured: `always`, `never`, or on `auto` only when stdout is
/// a terminal and `NO_COLOR` is unset or empty.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// ANSI styles used in text output.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    enabled: bool,
}

impl Palette {
    /// A palette that colours only when `enabled`.
    pub fn new(enabled: bool) -> Palette {
        Palette { enabled }
    }

    /// An answer in its colour, padded to `width` first so alignment does not depend on
    /// escape codes.
    pub fn answer(&self, answer: Answer, width: usize) -> String {
        let code = match answer {
            Answer::Director => "34",
            Answer::Vp => "35",
            Answer::Unsure => "33",
        };
        self.paint(answer.as_str(), code, width)
    }

    /// A level in the colour of the answer of the same name (`unknown` in red).
    pub fn level(&self, level: Level, width: usize) -> String {
        match level {
            Level::Director => self.answer(Answer::Director, width),
            Level::Vp => self.answer(Answer::Vp, width),
            Level::Unknown => self.paint(level.as_str(), "31", width),
        }
    }

    fn paint(&self, text: &str, code: &str, width: usize) -> String {
        let padded = format!("{text:<width$}");
        if self.enabled {
            format!("\x1b[1;{code}m{padded}\x1b[0m")
        } else {
            padded
        }
    }

    /// Dim text (explanations, secondary figures).
    pub fn dim(&self, text: &str) -> String {
        if self.enabled {
            format!("\x1b[2m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// Bold text (headings, verdicts).
    pub fn bold(&self, text: &str) -> String {
        if self.enabled {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Escape control characters of untrusted text before it reaches a human's terminal, so a
/// statement cannot move the cursor or change colours (`\x1b[2J` prints as `\u{1b}[2J`).
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            '\t' => "\\t".to_owned(),
            '\n' => "\\n".to_owned(),
            '\r' => "\\r".to_owned(),
            c if c.is_control() => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("plain text"), "plain text");
        assert_eq!(escape_controls("a\x1b[2Jb\tc"), "a\\u{1b}[2Jb\\tc");
    }

    #[test]
    fn palette_pads_before_colouring() {
        assert_eq!(Palette::new(false).answer(Answer::Vp, 8), "vp      ");
        assert_eq!(
            Palette::new(true).answer(Answer::Vp, 4),
            "\x1b[1;35mvp  \x1b[0m"
        );
    }
}

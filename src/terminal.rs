//! Terminal concerns: buffered stdout, colour decisions and escaping untrusted text.

use std::io::{self, IsTerminal, Write};

use crate::cli::ColorChoice;

/// Stdout, line-buffered on a terminal (answers appear as they come) and block-buffered
/// otherwise (fast in pipes).
pub fn stdout() -> Box<dyn Write> {
    let out = io::stdout();
    if out.is_terminal() {
        Box::new(io::LineWriter::new(out))
    } else {
        Box::new(io::BufWriter::with_capacity(1 << 16, out))
    }
}

/// Where records go: a plain writer, or a CSV writer over it.
pub enum Sink {
    /// Text or JSON Lines.
    Plain(Box<dyn Write>),
    /// CSV records.
    Csv(Box<csv::Writer<Box<dyn Write>>>),
}

impl Sink {
    /// Flush everything buffered to the underlying stream.
    pub fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Plain(out) => out.flush(),
            Sink::Csv(csv) => csv.flush(),
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

    /// Wrap `text` in the colour for an answer (`director`, `vp`, `unsure`, ...), padding it to
    /// `width` first so alignment does not depend on escape codes.
    pub fn answer(&self, answer: &str, width: usize) -> String {
        let padded = format!("{answer:<width$}");
        if !self.enabled {
            return padded;
        }
        let code = match answer {
            "director" => "34",
            "vp" => "35",
            "unsure" => "33",
            _ => "31",
        };
        format!("\x1b[1;{code}m{padded}\x1b[0m")
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
        assert_eq!(Palette::new(false).answer("vp", 8), "vp      ");
        assert_eq!(Palette::new(true).answer("vp", 4), "\x1b[1;35mvp  \x1b[0m");
    }
}

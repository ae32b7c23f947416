//! Building statements: joining wrapped lines into bullets and paragraphs, deciding which are
//! duties from the section they sit in, and cutting duty paragraphs into sentences.

use super::headings::SectionKind;
use super::markup::word_count;
use super::sentences::{ends_with_abbreviation, sentence_spans};
use super::{Skipped, Statement, MIN_STATEMENT_WORDS};

/// Where the current lines belong.
#[derive(Debug, Clone)]
pub(super) struct Context {
    /// The heading the lines sit under (`None` before any heading).
    heading: Option<String>,
    /// Whether the lines are duties; if not, `reason` says why.
    duty: bool,
    reason: String,
}

/// A bullet or paragraph being collected across wrapped lines.
#[derive(Debug)]
pub(super) struct Unit {
    /// The joined text.
    text: String,
    /// (byte offset in `text`, 1-based line) for each joined line.
    starts: Vec<(usize, usize)>,
    indent: usize,
    bullet: bool,
}

impl Unit {
    pub(super) fn line_at(&self, offset: usize) -> usize {
        self.starts
            .iter()
            .take_while(|(start, _)| *start <= offset)
            .last()
            .or(self.starts.first())
            .map_or(1, |(_, line)| *line)
    }
}

pub(super) struct Builder {
    pub(super) statements: Vec<Statement>,
    pub(super) skipped: Vec<Skipped>,
    ctx: Context,
    /// The nearest recognised (non-unknown) heading above, with its kind.
    last_recognised: Option<(String, SectionKind)>,
    has_duties_heading: bool,
    unit: Option<Unit>,
}

impl Builder {
    pub(super) fn new(has_duties_heading: bool) -> Self {
        let ctx = Context {
            heading: None,
            duty: !has_duties_heading,
            reason: "before the first section heading".to_string(),
        };
        Builder {
            statements: Vec::new(),
            skipped: Vec::new(),
            ctx,
            last_recognised: None,
            has_duties_heading,
            unit: None,
        }
    }

    pub(super) fn skip(&mut self, text: String, reason: String, line: usize) {
        self.skipped.push(Skipped { text, reason, line });
    }

    pub(super) fn enter_section(&mut self, heading: &str, kind: Option<SectionKind>) {
        let quoted = format!("\"{heading}\"");
        let ctx = match kind {
            Some(SectionKind::Duties) => Context {
                heading: Some(heading.to_string()),
                duty: true,
                reason: String::new(),
            },
            Some(k) => Context {
                heading: Some(heading.to_string()),
                duty: false,
                reason: format!("under {quoted} heading ({})", k.as_str()),
            },
            None => match &self.last_recognised {
                Some((_, SectionKind::Duties)) => Context {
                    heading: Some(heading.to_string()),
                    duty: true,
                    reason: String::new(),
                },
                Some((above, k)) => Context {
                    heading: Some(heading.to_string()),
                    duty: false,
                    reason: format!(
                        "under {quoted} heading (other, after \"{above}\" ({}))",
                        k.as_str()
                    ),
                },
                None => Context {
                    heading: Some(heading.to_string()),
                    duty: !self.has_duties_heading,
                    reason: format!(
                        "under {quoted} heading (other, before the first recognised section)"
                    ),
                },
            },
        };
        if let Some(k) = kind {
            self.last_recognised = Some((heading.to_string(), k));
        }
        self.ctx = ctx;
    }

    pub(super) fn start(&mut self, text: &str, line: usize, indent: usize, bullet: bool) {
        self.unit = Some(Unit {
            text: text.to_string(),
            starts: vec![(0, line)],
            indent,
            bullet,
        });
    }

    pub(super) fn append(&mut self, text: &str, line: usize) {
        if let Some(u) = self.unit.as_mut() {
            u.text.push(' ');
            u.starts.push((u.text.len(), line));
            u.text.push_str(text);
        }
    }

    /// Whether a line indented deeper than the bullet being collected continues it.
    pub(super) fn indented_under_bullet(&self, indent: usize) -> bool {
        self.unit
            .as_ref()
            .is_some_and(|u| u.bullet && indent > u.indent)
    }

    /// Whether a non-bullet line continues the unit being collected.
    pub(super) fn continues(&self, cur: &str, indent: usize) -> bool {
        let Some(u) = &self.unit else {
            return false;
        };
        if u.bullet && indent > u.indent {
            return true;
        }
        let prev_last = u.starts.last().map_or(0, |(s, _)| *s);
        let prev = u.text.get(prev_last..).unwrap_or(&u.text);
        is_continuation(prev, cur)
    }

    pub(super) fn flush(&mut self) {
        let Some(unit) = self.unit.take() else {
            return;
        };
        let first_line = unit.starts.first().map_or(1, |(_, l)| *l);
        if !self.ctx.duty {
            let reason = self.ctx.reason.clone();
            self.skip(unit.text.clone(), reason, first_line);
            return;
        }
        for (offset, sentence) in sentence_spans(&unit.text) {
            let line = unit.line_at(offset);
            if word_count(sentence) < MIN_STATEMENT_WORDS {
                self.skip(
                    sentence.to_string(),
                    format!("fragment (fewer than {MIN_STATEMENT_WORDS} words)"),
                    line,
                );
            } else {
                self.statements.push(Statement {
                    text: sentence.to_string(),
                    section: self.ctx.heading.clone(),
                    line,
                });
            }
        }
    }
}

/// Words that do not end a line of prose: a line ending with one continues on the next line.
pub(super) const CONNECTORS: &[&str] = &[
    "a",
    "about",
    "across",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "between",
    "both",
    "but",
    "by",
    "each",
    "either",
    "every",
    "for",
    "from",
    "if",
    "in",
    "including",
    "into",
    "is",
    "its",
    "nor",
    "of",
    "on",
    "onto",
    "or",
    "our",
    "per",
    "so",
    "such",
    "than",
    "that",
    "the",
    "their",
    "these",
    "this",
    "those",
    "through",
    "to",
    "via",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whose",
    "will",
    "with",
    "within",
    "your",
];

pub(super) fn is_continuation(prev: &str, cur: &str) -> bool {
    let Some(first) = cur.chars().next() else {
        return false;
    };
    if first.is_lowercase() || matches!(first, '(' | '&') {
        return true;
    }
    let prev = prev.trim_end();
    let Some(last) = prev.chars().last() else {
        return false;
    };
    if matches!(last, ',' | '-' | '–' | '—' | '(' | '&' | '/' | '+') {
        return true;
    }
    // "we now employ / 220 people": a number rarely starts a new line-item.
    if first.is_ascii_digit() && !matches!(last, '.' | '!' | '?' | ':' | ';') {
        return true;
    }
    let last_word = prev
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_lowercase();
    if CONNECTORS.contains(&last_word.as_str()) {
        return true;
    }
    last == '.' && ends_with_abbreviation(prev.get(..prev.len() - 1).unwrap_or(""))
}

//! Job-posting parser for `roleclass audit`.
//!
//! The classifier works on single task statements ("Own the department budget"), but a real job
//! posting is a whole document: a title, a company blurb, section headings, duty bullets,
//! requirements, benefits, wrapped lines, Markdown emphasis and links, CRLF line ends. `audit`
//! needs three things out of it: the title, the level that title *claims* (Director, VP or
//! neither), and the duty statements whose level the classifier can then check against the claim.
//! This module produces exactly that, and reports every other non-blank line in
//! [`Posting::skipped`] with a reason, so the audit can show what it ignored and why.
//!
//! It is pure (no I/O), total (never panics, whatever the input) and never invents text: the
//! words of every statement appear, in order, in the input; only markup, bullet markers,
//! whitespace and line breaks are removed, and HTML entities are decoded.
//!
//! # Decisions
//!
//! - **Titles.** The title is `title_override` when it is given and not blank; otherwise the first
//!   `Title:` / `Job title:` / `Position:` / `Position title:` / `Role:` / `Job:` line with a
//!   value; otherwise the first non-empty line, unless that line is a bullet, a recognised section
//!   heading (and names no level), or longer than 12 words, in which case there is no title. The
//!   line the text's title came from is never a statement (it is skipped as `job title`), even
//!   when `title_override` wins.
//! - **Claimed level.** Case- and punctuation-insensitive word matching: `director` / `dir` give
//!   Director; `vp`, `v.p.`, `vice president`, `vice-president`, `svp`, `evp`, `avp`, `vpe`,
//!   `vpoe` give VP. A title naming both ("Director or VP of Engineering") is Unknown, and so is
//!   **"Head of Engineering"**: companies use it for both levels and the article never does.
//!   Anything after "reports to" / "reporting to" is ignored, so "Director of Engineering,
//!   reporting to the VP" is Director. The level is about seniority only, not the function.
//! - **Headings.** A Markdown `#` line, a setext heading (a short line underlined with `===` or
//!   `---`), a wholly bold line of at most 10 words (or any length if its phrase is known), a
//!   capitalised non-bullet line of at most 6 words ending with `:` (or of at most 12 ending with
//!   "you will:", as in "As our VP of Engineering, you will:"), or a known heading phrase of
//!   at most 5 words alone on a capitalised line ("BENEFITS", "The role", "About Acme"). An
//!   indented line under a bullet is that bullet's wrapped text, never a heading. [`section_kind`]
//!   names the kind; a heading it does not recognise is an *unknown Other* heading. A short,
//!   wholly bold bullet with nested bullets under it (`- **Delivery**`) is a list label: skipped,
//!   and the section does not change.
//! - **Which lines are duties.** Lines under a Duties heading are duties. Lines under a
//!   Requirements, Benefits or About heading, or under a known logistics heading (Location, How to
//!   apply, Interview process, ...), are skipped. An unknown Other heading is treated as a
//!   sub-heading of the nearest recognised heading above it ("People leadership:" under
//!   "Responsibilities" is duties; "The team:" under "About us" is skipped). Text before the first
//!   heading, and under unknown Other headings with no recognised heading above them, is duties
//!   only when the posting has **no Duties heading anywhere** (that covers postings with no
//!   recognised heading at all, where every statement-like line is a duty); when the posting has a
//!   Duties heading, that preamble is the company blurb or job metadata and is skipped.
//! - **Wrapped lines.** A non-bullet line with no blank line before it continues the previous
//!   bullet or paragraph when it is indented under a bullet, starts with a lower-case letter or
//!   `(`/`&`, starts with a digit after a line without end punctuation, or when the previous line
//!   ends with `,`, a dash, `(`, `&`, `/`, `+`, an abbreviation or a connecting word ("and",
//!   "the", "with", ...). Otherwise it starts a new statement: a plain-text list pasted without
//!   bullet markers keeps one statement per line.
//! - **Statements.** Duty paragraphs are split into sentences (on `.`, `!`, `?` followed by a
//!   space and an upper-case letter or digit, but not after abbreviations such as `e.g.`, `etc.`,
//!   `Sr.`, `Inc.`, `vs.`, `U.S.` or `V.P.`) and on inline ` • ` separators. A piece of fewer than
//!   3 words is skipped as a fragment. `Key: value` job metadata lines (Location, Salary, Team,
//!   Employment type, ...) are skipped; "Reports to: ..." is kept, since the reporting line is a
//!   level cue. Lines under skipped sections are reported whole (one entry per bullet or
//!   paragraph), not sentence by sentence.
//! - Only blank lines and pure decoration (`---`, `***`, `===`, empty bullets, fences) produce
//!   nothing; headings, the title line, markup-only lines and Markdown link definitions are
//!   reported in `skipped` too.
//!
//! # Files
//!
//! [`parse_posting`] (here) walks the lines; `lines.rs` says what one line is by its shape;
//! `title.rs` finds the title, its claimed level and `Key: value` metadata; `headings.rs` holds
//! the heading rules and their phrase tables; `statements.rs` joins wrapped lines and decides
//! which are duties; `sentences.rs` cuts paragraphs into sentences; `markup.rs` cleans inline
//! Markdown and HTML.

mod headings;
mod lines;
mod markup;
mod sentences;
mod statements;
mod title;

use serde::Serialize;

pub use headings::{section_kind, SectionKind};
pub use markup::{clean_inline, decode_entities};
pub use sentences::split_sentences;
pub use title::claimed_level;

use crate::label::Level;
use lines::{apply_list_labels, apply_setext_headings, classify_line, split_lines, LineKind};
use statements::Builder;
use title::{clean_title, find_title, metadata_key};

/// One duty statement taken from a posting, ready for the classifier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    /// The normalised text: no bullet marker, markup or line breaks; single spaces.
    pub text: String,
    /// The heading the statement sits under, or `None` before any heading.
    pub section: Option<String>,
    /// The 1-based line where the statement starts.
    pub line: usize,
}

/// A non-blank piece of the posting that is not a duty statement, with the reason why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// The (normalised) text that was skipped.
    pub text: String,
    /// Why it is not a duty statement, e.g. `under "Requirements" heading (requirements)`.
    pub reason: String,
    /// The 1-based line where the skipped text starts.
    pub line: usize,
}

/// A parsed job posting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Posting {
    /// The job title: the override, a `Title:` line, or the first line; `None` when none fits.
    pub title: Option<String>,
    /// The level the title claims ([`Level::Unknown`] without a title).
    pub claimed_level: Level,
    /// The duty statements, in input order.
    pub statements: Vec<Statement>,
    /// Everything else that is not blank or decoration, in input order.
    pub skipped: Vec<Skipped>,
}

/// Statements (and sentence pieces) shorter than this many words are skipped as fragments.
const MIN_STATEMENT_WORDS: usize = 3;
/// A non-bullet line ending with `:` is a heading when it has at most this many words.
const MAX_COLON_HEADING_WORDS: usize = 6;
/// A wholly bold line is a heading when it has at most this many words.
const MAX_BOLD_HEADING_WORDS: usize = 10;
/// A known heading phrase alone on its line is a heading when it has at most this many words.
const MAX_BARE_HEADING_WORDS: usize = 5;
/// The first line is taken as the title only when it has at most this many words.
const MAX_TITLE_WORDS: usize = 12;
/// [`section_kind`] looks for keywords only in headings of at most this many words.
const MAX_KEYWORD_HEADING_WORDS: usize = 8;
/// A lead-in line ending with "you will:" is a Duties heading when it has at most this many words.
const MAX_LEAD_IN_WORDS: usize = 12;
/// A setext heading (a line underlined with `===` or `---`) has at most this many words.
const MAX_SETEXT_HEADING_WORDS: usize = 8;

/// Parse a whole posting (plain text or Markdown). `title_override` wins over the text.
///
/// See the module documentation for the rules. Never panics; every statement's words appear, in
/// order, in `text`.
pub fn parse_posting(text: &str, title_override: Option<&str>) -> Posting {
    let raw_lines = split_lines(text);
    let mut kinds: Vec<LineKind> = raw_lines.iter().map(|l| classify_line(l)).collect();
    apply_setext_headings(&raw_lines, &mut kinds);
    apply_list_labels(&mut kinds);

    let found = find_title(&kinds);
    let title_idx = found.as_ref().map(|(i, _)| *i);
    let overridden = title_override
        .map(|t| clean_title(&clean_inline(t)))
        .filter(|t| !t.is_empty());
    let title = overridden.or_else(|| found.map(|(_, t)| t));
    let claimed = title.as_deref().map_or(Level::Unknown, claimed_level);

    let has_duties_heading = kinds.iter().enumerate().any(|(i, k)| {
        Some(i) != title_idx
            && matches!(
                k,
                LineKind::Heading {
                    kind: Some(SectionKind::Duties),
                    ..
                }
            )
    });

    let mut b = Builder::new(has_duties_heading);
    for (i, kind) in kinds.iter().enumerate() {
        let line = i + 1;
        if Some(i) == title_idx {
            b.flush();
            b.skip(
                kind.text().unwrap_or_default(),
                "job title".to_string(),
                line,
            );
            continue;
        }
        match kind {
            LineKind::Blank | LineKind::Decoration => b.flush(),
            LineKind::Skip { text, reason } => {
                b.flush();
                b.skip(text.clone(), reason.clone(), line);
            }
            LineKind::Heading {
                shaped: Some((indent, full)),
                ..
            } if b.indented_under_bullet(*indent) => b.append(full, line),
            LineKind::Heading { text, kind, .. } => {
                b.flush();
                let name = kind.unwrap_or(SectionKind::Other).as_str();
                b.skip(text.clone(), format!("section heading ({name})"), line);
                b.enter_section(text, *kind);
            }
            LineKind::Bullet { indent, text, .. } => {
                b.flush();
                if let Some(key) = metadata_key(text) {
                    b.skip(text.clone(), format!("job metadata ({key})"), line);
                } else {
                    b.start(text, line, *indent, true);
                }
            }
            LineKind::Text { indent, text } => {
                if let Some(key) = metadata_key(text) {
                    b.flush();
                    b.skip(text.clone(), format!("job metadata ({key})"), line);
                } else if b.continues(text, *indent) {
                    b.append(text, line);
                } else {
                    b.flush();
                    b.start(text, line, *indent, false);
                }
            }
        }
    }
    b.flush();

    Posting {
        title,
        claimed_level: claimed,
        statements: b.statements,
        skipped: b.skipped,
    }
}

#[cfg(test)]
mod tests;

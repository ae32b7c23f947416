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
//! - **Input.** Plain text and Markdown are read line by line. An HTML document (one that
//!   opens with `<!DOCTYPE html`, `<html`, `<head` or `<body`) is read by an HTML5 tokenizer:
//!   block elements start lines, `<hN>` become headings, `<li>` bullets, bold stays bold, and
//!   scripts, styles and comments are dropped (see `html.rs`). YAML front matter at the top and
//!   multi-line HTML comments are skipped.
//! - **Titles.** The title is `title_override` when it is given and not blank. Otherwise, in
//!   this order of trust: a `Title:` / `Job title:` / `Position title:` line or front matter's
//!   `title:` (without one, a job seeker's front matter `role:` or `position:` naming a
//!   level); the main heading (the highest-level Markdown or setext heading before the first
//!   section heading); an HTML `<title>`; a `Position:` / `Role:` / `Job:` line whose value
//!   reads as a job title (not "Full-time"); the first line, passing over a job board's own
//!   line above the title (LinkedIn's "About the job", "Job description", "Show more", ...);
//!   when the first line is no job title (a company's name in capitals, a cookie banner), a
//!   short line naming a level among the first 24, before the posting's own sections, and the
//!   lines above it are skipped as the site's banner or menu. The first of these that names a
//!   level wins, else the first there is; bullets are never
//!   titles. The line the title came from is skipped as `job title`. With an override, the
//!   first-line guess is not made: that line is content (a posting body piped in with
//!   `--title`); a line the text marks as its title (heading, field) is still skipped.
//! - **Claimed level.** Case- and punctuation-insensitive word matching: `director` / `dir` give
//!   Director; `vp`, `v.p.`, `vice president`, `vice-president`, `svp`, `evp`, `avp`, `vpe`,
//!   `vpoe` give VP. A title naming both ("Director or VP of Engineering") is Unknown, and so is
//!   **"Head of Engineering"**: companies use it for both levels and the article never does.
//!   Anything after "reports to" / "reporting to" is ignored, so "Director of Engineering,
//!   reporting to the VP" is Director. The level is about seniority only, not the function.
//! - **Headings.** A Markdown `#` line, a setext heading, a wholly bold line of at most 10 words
//!   (a bold sentence only when it is a known phrase), a capitalised line of at most 8 words
//!   ending with `:` or `...` (12 when its wording is known, as in "PRIMARY RESPONSIBILITIES
//!   (include but are not limited to):"), a known phrase alone on a line ("Benefits", "Why
//!   join?"), an ALL CAPS line of at most 12 words, or a Title Case line of at most 6 words
//!   ("Leadership & Strategy", not "Report to the CEO" nor "Familiarity with Rust"). In a
//!   posting written all in lower case, a known phrase alone on its line ("what you'll do",
//!   "perks") is a heading, unless the line before asks for more (ends with `,` or "and": then
//!   it is that sentence's last word). Emoji and
//!   wrapping brackets around a heading are decoration ("🔨 What You'll Do", "[Benefits]"). A
//!   heading asked as a question is read in the order of a statement ("What will you do?" is
//!   "What you will do", "Who are you?" "Who you are"). Pasted postings run headings into their
//!   text: "Key Responsibilities Define the ...", LinkedIn's one line per section "What you'll
//!   bring • 10+ years ... • ..." and, in a long flattened line, "Work (What You'll Do): Lead ...
//!   Job Requirements: ..." are cut into headings and text; so is a short line that opens with a
//!   known heading before `: ` ("Responsibilities: Lead the ...", "**Who you are:** A leader
//!   ..."), unless it is job metadata, a title field, or a duty under a sub-area named like a
//!   section ("Culture: Build ..."). A sentence-case line of at most 8 words is a heading when it
//!   is an unfinished condition ("You'll thrive if", "Bonus if you have") or opens with a
//!   question word and its wording is known ("What you'll be accountable for", "Why you'll love
//!   working here"). A posting written as questions and answers (at least 3 short questions
//!   alone on their lines over their answers, "Q:" and "A:" markers dropped) asks its own
//!   questions: each is a heading, of its kind when its wording is known ("What does it
//!   pay?"), else of no known kind, beside the questions before it rather than under them, so
//!   its answer is read as unlabeled text. A heading naming a level ("Director of Engineering
//!   at Acme") is a title line, not a section.
//! - **Sections.** [`section_kind`] names a heading's kind from its wording (see `headings.rs`):
//!   duties, role overview, requirements, nice to have, benefits, pay, about the company, about
//!   the team, process and legal, how to apply, other (logistics; success measures and KPIs,
//!   which are outcomes, not duties), or unknown. An unknown
//!   heading belongs to the open heading above it of a higher level (Markdown levels; headings
//!   known by their shape only cannot be ordered, so one sits under the one before it) and takes
//!   its kind: "People leadership:" under "Responsibilities" is duties, a `##` heading after a
//!   `##` "Responsibilities" is not ("Leadership expectations" is a duty heading of its own:
//!   what the role is expected to do). Inside the duties, a heading that names a section of
//!   its own elsewhere but often one area of the duties ("Technology", "Team", "Culture",
//!   "Engineering") is such an area when at least half the lines under it read as duties.
//! - **Which lines are duties.** Under a duty heading: every bullet and sentence, except those
//!   whose wording reads as a requirement ("Experience with ...", "10+ years", "... is a plus",
//!   "Led a migration ..."), pay, a benefit (unless it opens with a duty verb in the imperative:
//!   "Own ... the learning budget" runs a benefit), equal-opportunity or legal text, an invitation to
//!   apply, or a job board's "Posted 3 days ago" (see `wording.rs`), or a sub-bullet nested
//!   under a list item that does not open with a duty verb ("- For example, consolidating ...",
//!   "- HIPAA and SOC 2" under "- Own the security posture ...": the item's detail, not a duty
//!   of its own; "- Run sprint planning ..." nested is one); when the posting's duties
//!   are a list, prose beside it under a duty heading (an introduction) keeps only the sentences
//!   that read as duties (not "This role reports to the VP ..." or "You'll report to the
//!   CTO.": the role's reporting line describes its place, not a duty; nor "As Engineering
//!   Director you will lead ...": a summary of the role by its title introduces the list).
//!   A list item ending with `:` over nested items is a label over them ("- Data platform:"),
//!   unless it opens with a duty verb and has at least 4 words ("- Run the operating rhythm of the
//!   four teams:"): then it is a duty and so are its items. Under a role overview: list items that
//!   read as duties (they open with a verb of doing or "You will"); its prose is a description of
//!   the role, skipped. Under any other kind: nothing. Before the first heading or under unknown
//!   headings with none above: nothing when the posting has a duty heading or a role overview with
//!   a duty list; otherwise (a posting without headings) a list is a duty list when at least half
//!   its items read as duties, a line pasted without a bullet and a sentence of prose when it reads
//!   as one.
//! - **Wrapped lines.** A non-bullet line with no blank line before it continues the previous
//!   bullet or paragraph when it is indented under a bullet, starts with a lower-case letter or
//!   `(`/`&`, starts with a digit after a line without end punctuation, or when the previous line
//!   ends with `,`, a dash, `(`, `&`, `/`, `+`, an abbreviation or a connecting word ("and",
//!   "the", "with", ...), unless both lines open with a capitalised duty verb (two items of a
//!   list whose markers were lost). Otherwise it starts a new statement: a plain-text list
//!   pasted without bullet markers keeps one statement per line.
//! - **List markers.** Besides `-`, `*`, `•` and their kin, `1.`, `a)`, `(iv)`, `1a.`, a word
//!   processor's outline number before a capital ("3.1 Lead ...", "1.2.4 Own ..."; a numbered
//!   field such as "1.1 Position title: ..." is read as a field line) and an
//!   essential function's share of time ("25% - Lead ...", "(10%) Own ..."). A short item with
//!   no duty wording over the duties below it is their label, not a duty: over a paragraph
//!   ("1. Strategy and direction"), or in Title Case over list items ("1. Clinical Systems
//!   Delivery", then "1a. Oversee ..."). A line just above marked items is a lead-in, judged
//!   by its wording. A label in capitals ending in a full stop ("4. DELIVERY. Run the ...")
//!   is looked past when an item's wording is judged, and skipped as the item's label. A line
//!   indented under an item that opens with a short label and a colon ("Why it matters: ...")
//!   is a note on the item: skipped, neither a duty nor a heading.
//! - **Statements.** Duty paragraphs are split into sentences (on `.`, `!`, `?` followed by a
//!   space and an upper-case letter or digit, but not after abbreviations such as `e.g.`, `etc.`,
//!   `Sr.`, `Inc.`, `vs.`, `U.S.` or `V.P.`) and on inline ` • ` separators; a run-on sentence of
//!   list items pasted without punctuation is cut before each capitalised duty verb ("...
//!   tradeoffs Own engineering delivery ..."); a paragraph's run of at least 3 clauses
//!   separated by `; `, all but at most one opening with a duty verb ("Responsibilities: lead
//!   ...; own ...; partner with ..."), is cut into one statement per clause (a list item is one
//!   duty and keeps its semicolons). A list item opening with a bold lead-in ("**Own
//!   delivery.** Keep ... Set ...") is not cut: the lead-in names the duty and the sentences
//!   after it explain it, so the item is one statement. A piece of fewer than 3 words is skipped
//!   as a fragment. `Key: value` job metadata lines (Location, Salary, Team, ...) are skipped;
//!   "Reports to: ..." is kept, since the reporting line is a level cue. Markdown table rows are
//!   list items (cells joined by `; `); a row above a `|---|` delimiter row is the table's
//!   header, skipped. A table written without outer pipes ("Area | What you own", then
//!   "-----|-----") is read the same way, row by row, until a line without `|`. Lines under
//!   skipped sections are reported whole.
//! - **PDF text.** A word hyphenated across a line break ("engi-" then "neers": a letter and
//!   `-` at the end of a line, a lower-case letter at the start of the next) is joined without
//!   the hyphen. A running page header or footer (a line of at most 12 words with "Page 2 of
//!   3", or of at most 6 ending "Page 2"), and the next page's running header just after it (a
//!   short line holding `|` or repeating an earlier line), are skipped without ending the list
//!   or paragraph around it.
//! - **Repeats.** A statement worded like an earlier one (the same words, whatever the case
//!   and punctuation: a job board's summary list above the full posting, a posting pasted
//!   twice) is skipped as a repeat of it, so that the verdict counts each duty once.
//! - Only blank lines and pure decoration (`---`, `***`, `===`, empty bullets, fences) produce
//!   nothing; headings, the title line, markup-only lines and Markdown link definitions are
//!   reported in `skipped` too.
//! - **Cost.** Time and memory grow in proportion to the posting: one pass over the lines, a
//!   run of blank lines held as one, sentence splitting by byte offsets, wording rules that read
//!   the first 2,000 bytes of a statement, heading names cut to 80 characters where statements
//!   and reasons repeat them.
//!
//! # Files
//!
//! [`parse_posting`] (here) walks the lines; `lines.rs` says what one line is by its shape;
//! `html.rs` turns an HTML document into such lines, and `docx.rs` a Word document into such text
//! ([`read_posting`]); `title.rs` finds the title, its claimed level and `Key: value` metadata;
//! `headings.rs` holds the section kinds and their phrase tables; `wording.rs` says what a
//! statement's own words make it; `statements.rs` joins wrapped lines and decides which are duties;
//! `sentences.rs` cuts paragraphs into sentences; `markup.rs` cleans inline Markdown and HTML.

pub mod docx;
mod headings;
mod html;
mod lines;
mod markup;
mod sentences;
mod statements;
mod title;
mod wording;

use serde::Serialize;

pub use headings::{section_kind, SectionKind};
pub use markup::{clean_inline, decode_entities};
pub use sentences::split_sentences;
pub use title::claimed_level;

use crate::error::{Error, Result};
use crate::input::{decode_text, Source};
use crate::label::Level;
use std::borrow::Cow;

use lines::{
    apply_list_labels, front_matter_span, join_grid_tables, mark_item_notes, mark_page_furniture,
    mark_question_headings, read_lines, split_inline_headings, split_lines, split_pasted_breaks,
    spread_column_tables, LineKind, RANK_TITLE_CASE,
};
use statements::{Builder, Shape};
use title::{clean_title, find_title, metadata_key, TitleSource};

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
    /// The job title: the override, a `Title:` line, the main heading, or the first line;
    /// `None` when none fits.
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
const MAX_COLON_HEADING_WORDS: usize = 8;
/// ... or at most this many when its wording is a known section ("PRIMARY RESPONSIBILITIES
/// (include but are not limited to):").
const MAX_KNOWN_COLON_HEADING_WORDS: usize = 12;
/// A wholly bold line is a heading when it has at most this many words.
const MAX_BOLD_HEADING_WORDS: usize = 10;
/// A known heading phrase alone on its line is a heading when it has at most this many words.
const MAX_BARE_HEADING_WORDS: usize = 5;
/// An ALL CAPS line is a heading when it has at most this many words.
const MAX_CAPS_HEADING_WORDS: usize = 12;
/// A Title Case line is a heading when it has at most this many words.
const MAX_TITLE_CASE_HEADING_WORDS: usize = 6;
/// The first line is taken as the title only when it has at most this many words.
const MAX_TITLE_WORDS: usize = 12;
/// [`section_kind`] looks for keywords only in headings of at most this many words.
const MAX_KEYWORD_HEADING_WORDS: usize = 10;
/// A lead-in line ending with "you will:" is a Duties heading when it has at most this many words.
const MAX_LEAD_IN_WORDS: usize = 12;
/// A setext heading (a line underlined with `===` or `---`) has at most this many words.
const MAX_SETEXT_HEADING_WORDS: usize = 8;
/// Front matter (`---` ... `---` at the top) is looked for in this many first lines.
const MAX_FRONT_MATTER_LINES: usize = 200;
/// A line of at least this many words may be a flattened posting with inline headings.
const MIN_FLATTENED_WORDS: usize = 40;

/// The text a posting's statements are drawn from, once mojibake ("youâ€™ll") is repaired: for
/// an HTML document its character data (as an HTML parser decodes it, tags and comments left
/// out), otherwise the text with HTML entities decoded. Every statement's letters and digits
/// appear, in order, in it.
pub fn source_text(text: &str) -> String {
    let text = &*markup::repair_mojibake(text);
    if html::is_html(text) {
        let (lines, title) = html::html_lines(text);
        let mut out: String = title.map(|(_, t)| t).unwrap_or_default();
        for (_, line) in lines {
            out.push('\n');
            out.push_str(&line);
        }
        out
    } else {
        decode_entities(text)
    }
}

/// Reads a posting from `source`: a Word document (`.docx`, recognised by its zip signature)
/// as its body's text ([`docx::document_text`]), anything else as UTF-8 text
/// ([`crate::input::decode_text`]).
pub fn read_posting(source: &Source) -> Result<String> {
    posting_text(source.name(), source.read_all()?)
}

/// A posting's bytes as text, as [`read_posting`] reads them; `name` names them in errors.
pub fn posting_text(name: String, bytes: Vec<u8>) -> Result<String> {
    if !docx::is_zip(&bytes) {
        return decode_text(name, bytes);
    }
    let data_error = |message: String| Error::Data {
        path: name.clone(),
        message,
    };
    let text = docx::document_text(&bytes)
        .map_err(|e| data_error(format!("not a readable Word document: {e}")))?;
    if text.trim().is_empty() {
        return Err(data_error("a Word document with no text".to_owned()));
    }
    Ok(text)
}

/// Parse a whole posting (plain text, Markdown or HTML). `title_override` wins over the text.
///
/// See the module documentation for the rules. Never panics; every statement's words appear, in
/// order, in the text (see [`source_text`]).
pub fn parse_posting(text: &str, title_override: Option<&str>) -> Posting {
    let text = &*markup::repair_mojibake(text);
    let (lines, front_matter, html_title) = if html::is_html(text) {
        let (lines, title) = html::html_lines(text);
        let raw = lines.into_iter().map(|(no, l)| (no, Cow::Owned(l)));
        let (lines, _) = read_lines(raw, None);
        (lines, None, title)
    } else {
        let first: Vec<Cow<'_, str>> = split_lines(text).take(MAX_FRONT_MATTER_LINES).collect();
        let first: Vec<&str> = first.iter().map(|l| l.as_ref()).collect();
        let front = front_matter_span(&first);
        let raw: Vec<_> = split_lines(text)
            .enumerate()
            .flat_map(|(i, l)| split_pasted_breaks(i + 1, l))
            .collect();
        let raw = spread_column_tables(join_grid_tables(raw));
        let (lines, title) = read_lines(raw.into_iter(), front);
        (lines, title, None)
    };
    let mut lines = lines;
    apply_list_labels(&mut lines);
    mark_page_furniture(&mut lines);
    mark_item_notes(&mut lines);
    mark_question_headings(&mut lines);
    let lines = split_inline_headings(lines);

    let overridden = title_override
        .map(|t| clean_title(&clean_inline(t)))
        .filter(|t| !t.is_empty());
    // With an override the text's own title line (a `Title:` line, the main heading, front
    // matter) is still its title line, but the first-line guess is not made: that line is
    // content (`audit --title T` on a posting body whose first line is a duty), and no early
    // line is guessed either.
    let found = find_title(
        &lines,
        front_matter,
        html_title.as_ref().map(|(_, t)| t.as_str()),
    );
    let title_idx = found
        .as_ref()
        .filter(|c| {
            overridden.is_none()
                || !matches!(
                    c.source,
                    TitleSource::FirstLine
                        | TitleSource::EarlyLine
                        | TitleSource::LateField
                        | TitleSource::Late
                        | TitleSource::Sentence
                )
        })
        .and_then(|c| c.index);
    let title = overridden.or_else(|| found.as_ref().map(|c| c.text.clone()));
    let claimed = title.as_deref().map_or(Level::Unknown, claimed_level);

    let has_duties_heading = lines.iter().enumerate().any(|(i, l)| {
        Some(i) != title_idx
            && matches!(
                l.kind,
                LineKind::Heading {
                    kind: Some(SectionKind::Duties),
                    ..
                }
            )
    });

    // A title found below the first lines (after a cookie banner and a site's menu): what came
    // above it is the site's, not the posting's.
    let chrome_above = title_idx
        .filter(|_| found.as_ref().map(|c| c.source) == Some(TitleSource::EarlyLine))
        .unwrap_or(0);

    let mut b = Builder::new(has_duties_heading);
    for (i, l) in lines.iter().enumerate() {
        let line = l.no;
        if i < chrome_above {
            if let Some(text) = l.kind.text() {
                let why = "above the job title (the site's banner or menu)";
                b.skip(text, why.to_string(), line);
            }
            continue;
        }
        if Some(i) == title_idx {
            // What came above the title is a site's banner and menu: the posting starts here.
            b.restart_at_title();
            b.skip(
                l.kind.text().unwrap_or_default(),
                "job title".to_string(),
                line,
            );
            continue;
        }
        match &l.kind {
            LineKind::Blank | LineKind::Decoration => b.end_block(),
            // A PDF's running header or footer: the list around it goes on.
            LineKind::Skip { text, reason } if *reason == lines::PAGE_FURNITURE => {
                b.skip(text.clone(), (*reason).to_string(), line);
            }
            LineKind::Skip { text, reason } => {
                b.end_block();
                b.skip(text.clone(), (*reason).to_string(), line);
            }
            LineKind::Heading {
                shaped: Some((indent, full)),
                ..
            } if b.indented_under_bullet(*indent) => b.append(full, line),
            LineKind::Heading {
                shaped: Some((indent, full)),
                rank: RANK_TITLE_CASE,
                ..
            } if b.continues(full, *indent) => b.append(full, line),
            LineKind::Heading {
                shaped: Some((indent, full)),
                text,
                ..
            } if text.starts_with(char::is_lowercase) && b.invites(full, *indent) => {
                b.append(full, line);
            }
            LineKind::Heading {
                text,
                kind,
                rank,
                shaped,
            } => {
                b.end_block();
                // A heading naming a level ("Director of Engineering at Acme") is a title line,
                // not a section, unless it leads into the duties ("As our VP, you will:") or,
                // once the posting's sections have begun, names a kind of its own ("Why join
                // us as our VP of Engineering?").
                let own_section = kind.is_some() && b.in_recognised_section();
                if *kind != Some(SectionKind::Duties)
                    && !own_section
                    && claimed_level(text) != Level::Unknown
                {
                    let why = "a title line (names a level), not a section heading";
                    b.skip(text.clone(), why.to_string(), line);
                    continue;
                }
                let kind = if b.in_duties() && is_duty_sub_area(text, lines.get(i + 1..)) {
                    None
                } else {
                    *kind
                };
                let name = kind.map_or("unknown", SectionKind::as_str);
                b.skip(text.clone(), format!("section heading ({name})"), line);
                let question = shaped
                    .as_ref()
                    .is_some_and(|(_, full)| full.trim_end().ends_with('?'));
                b.enter_section(text, kind, *rank, question);
            }
            LineKind::Bullet {
                indent,
                text,
                lead_in,
                ..
            } => {
                b.flush();
                if let Some(key) = metadata_key(text) {
                    b.skip(text.clone(), format!("job metadata ({key})"), line);
                } else {
                    let shape = if *lead_in {
                        Shape::LeadInBullet
                    } else {
                        Shape::Bullet
                    };
                    b.start(text, line, *indent, shape);
                }
            }
            LineKind::Text { indent, text } => {
                if let Some(key) = metadata_key(text) {
                    b.end_block();
                    b.skip(text.clone(), format!("job metadata ({key})"), line);
                } else if b.continues(text, *indent) {
                    b.append(text, line);
                } else {
                    b.flush();
                    b.start(text, line, *indent, Shape::Prose);
                }
            }
        }
    }
    drop(lines);
    let (statements, skipped) = b.finish();

    Posting {
        title,
        claimed_level: claimed,
        statements,
        skipped,
    }
}

/// Words that head a section of their own ("Technology" over the stack, "Team" over its blurb)
/// and, inside a duty list, one area of the duties ("Technology" over "Set the technical
/// strategy ...").
const SUB_AREA_WORDS: &[&str] = &["culture", "engineering", "team", "technology"];

/// Whether a heading inside the duties names an area of them rather than a section of its own:
/// one of [`SUB_AREA_WORDS`] over lines (up to the next heading) at least half of which read
/// as duties.
fn is_duty_sub_area(heading: &str, below: Option<&[lines::Line]>) -> bool {
    if !SUB_AREA_WORDS.contains(&headings::normalize_phrase(heading).as_str()) {
        return false;
    }
    let (mut items, mut duties) = (0usize, 0usize);
    for l in below.unwrap_or(&[]) {
        match &l.kind {
            LineKind::Heading { .. } => break,
            // A wrapped line's second half ("nightly batch jobs to ...") is no item.
            LineKind::Text { text, .. } if text.starts_with(char::is_lowercase) => {}
            LineKind::Bullet { text, .. } | LineKind::Text { text, .. } => {
                items += 1;
                duties += usize::from(wording::is_duty_like(text));
            }
            _ => {}
        }
    }
    items > 0 && 2 * duties >= items
}

#[cfg(test)]
mod tests;

//! Building statements: joining wrapped lines into bullets and paragraphs ("units"), noting the
//! section each sits in, then deciding which are duties (by section first, then by wording)
//! and cutting them into sentences.

use std::collections::HashMap;

use super::headings::{normalize_phrase, section_kind, SectionKind};
use super::lines::is_title_case;
use super::markup::word_count;
use super::sentences::{ends_with_abbreviation, sentence_spans, split_clause_run, split_run_on};
use super::wording::{
    is_capitals_label, is_duty_like, is_duty_over_details, is_role_summary, non_duty_reason,
    opens_with_base_duty_verb,
};
use super::{Skipped, Statement, MIN_STATEMENT_WORDS};

/// What the section a unit sits in says about it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Context {
    /// Under a duty heading (or a sub-heading of one): duties, unless worded otherwise.
    Duties,
    /// Under a role-overview heading: duty-like list items are duties, prose is not.
    Overview,
    /// Under a heading of a kind that holds no duties: skipped with this reason.
    NotDuties(String),
    /// Before any heading, or under an unknown heading with no recognised heading above.
    Unlabeled(String),
}

/// The section the lines being read sit in.
#[derive(Debug, Clone)]
struct Section {
    heading: Option<String>,
    /// The heading's name in reasons ("\"About the role\" (role overview)").
    label: String,
    context: Context,
}

/// What kind of unit a line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A paragraph (or a line of a list pasted without bullet markers).
    Prose,
    /// A list item: a bullet or a table row.
    Bullet,
    /// A list item opening with a bold lead-in (`**Own delivery.** Keep ...`): the lead-in
    /// names the duty and the sentences after it explain it, so it is one statement.
    LeadInBullet,
}

/// A bullet or paragraph, collected across wrapped lines.
#[derive(Debug)]
pub(super) struct Unit {
    /// The joined text.
    text: String,
    /// (byte offset in `text`, 1-based line) for each joined line, offsets increasing.
    starts: Vec<(usize, usize)>,
    indent: usize,
    shape: Shape,
    section: usize,
    /// Units of one block follow each other with no blank line, heading or skipped line.
    block: usize,
}

impl Unit {
    /// Whether the unit is a list item (a bullet or a table row).
    fn is_bullet(&self) -> bool {
        self.shape != Shape::Prose
    }

    /// Whether the unit is one statement, not cut into sentences ([`Shape::LeadInBullet`]).
    fn is_whole(&self) -> bool {
        self.shape == Shape::LeadInBullet
    }

    /// The line the byte `offset` of the text comes from (binary search: a unit of many
    /// lines and many sentences stays linear).
    pub(super) fn line_at(&self, offset: usize) -> usize {
        let after = self.starts.partition_point(|(start, _)| *start <= offset);
        self.starts
            .get(after.saturating_sub(1))
            .map_or(1, |(_, line)| *line)
    }

    fn first_line(&self) -> usize {
        self.starts.first().map_or(1, |(_, l)| *l)
    }

    fn lines(&self) -> usize {
        self.starts.len()
    }
}

/// A heading whose section is still open (no heading of its level has come since).
#[derive(Debug)]
struct OpenHeading {
    heading: String,
    rank: u8,
    /// Whether its own wording is recognised.
    own: bool,
    /// Its kind, its own or that of the recognised heading it sits under.
    kind: Option<SectionKind>,
    /// The recognised heading its kind comes from.
    source: String,
}

pub(super) struct Builder {
    pub(super) skipped: Vec<Skipped>,
    units: Vec<Unit>,
    sections: Vec<Section>,
    /// The headings above the current line, outermost first.
    open: Vec<OpenHeading>,
    has_duties_heading: bool,
    unit: Option<Unit>,
    block: usize,
}

impl Builder {
    pub(super) fn new(has_duties_heading: bool) -> Self {
        let first = Section {
            heading: None,
            label: String::new(),
            context: Context::Unlabeled("before the first section heading".to_string()),
        };
        Builder {
            skipped: Vec::new(),
            units: Vec::new(),
            sections: vec![first],
            open: Vec::new(),
            has_duties_heading,
            unit: None,
            block: 0,
        }
    }

    pub(super) fn skip(&mut self, text: String, reason: String, line: usize) {
        self.skipped.push(Skipped { text, reason, line });
    }

    /// Whether the innermost open heading is (or sits under) a duty heading.
    pub(super) fn in_duties(&self) -> bool {
        self.open
            .last()
            .is_some_and(|o| o.kind == Some(SectionKind::Duties))
    }

    /// Whether a recognised heading is open: the posting's own sections have begun.
    pub(super) fn in_recognised_section(&self) -> bool {
        self.open.iter().any(|o| o.kind.is_some())
    }

    /// A line that ends the current block (blank, decoration, heading, skipped line).
    pub(super) fn end_block(&mut self) {
        self.flush();
        self.block += 1;
    }

    /// At the posting's title line: the block ends, and when headings came above the title
    /// (a careers site's menu: "Jobs", "Locations", "People"), they are closed, so that the
    /// posting's text is read as if it started here.
    pub(super) fn restart_at_title(&mut self) {
        self.end_block();
        if self.sections.len() > 1 {
            self.open.clear();
            self.sections.push(Section {
                heading: None,
                label: String::new(),
                context: Context::Unlabeled("after the job title".to_string()),
            });
        }
    }

    /// Open a section. A recognised heading names its own kind. An unknown heading belongs to
    /// the heading it sits under: the nearest open heading of a higher level (a smaller
    /// Markdown level; headings known by their shape only, such as bold or `Heading:` lines,
    /// sit under the heading before them, since they cannot be ordered among themselves). It
    /// takes that heading's kind, so "People leadership:" under "Responsibilities" is duties and
    /// "The team:" under "About us" is skipped; with no heading above it, it is unlabeled.
    ///
    /// A question of no known kind ("What would I actually do in a normal week?") is asked
    /// beside the questions before it, not under them: it ends them as a recognised heading
    /// does, and its answer is unlabeled.
    pub(super) fn enter_section(
        &mut self,
        heading: &str,
        kind: Option<SectionKind>,
        rank: u8,
        question: bool,
    ) {
        // Every statement and reason under the heading repeats its name: a long one is cut.
        let short = short_name(heading);
        let heading = short.as_str();
        let quoted = format!("\"{heading}\" heading");
        // Close the headings this one ends: those of its level or deeper; a recognised heading
        // known by its shape also ends the shape-only headings before it.
        let mut closed_recognised = None;
        while let Some(top) = self.open.last() {
            let closes =
                top.rank >= rank && (rank <= 6 || kind.is_some() || question || top.rank <= 6);
            if !closes {
                break;
            }
            if let Some(top) = self.open.pop() {
                if let (true, Some(k)) = (top.own, top.kind) {
                    closed_recognised.get_or_insert((top.heading, k));
                }
            }
        }
        let (label, context, effective) = match kind {
            Some(k) => {
                let label = format!("{quoted} ({})", k.as_str());
                (
                    label.clone(),
                    context_of(k, &label),
                    Some((heading.to_string(), k)),
                )
            }
            None if question => {
                let label = format!("{quoted} (other, a question of no known kind)");
                let context = Context::Unlabeled(format!("under {label}"));
                (label, context, None)
            }
            None => match self
                .open
                .last()
                .and_then(|p| p.kind.map(|k| (p.source.clone(), k)))
            {
                Some((above, k)) => {
                    let label = format!("{quoted} (other, after \"{above}\" ({}))", k.as_str());
                    (label.clone(), context_of(k, &label), Some((above, k)))
                }
                None => {
                    let label = match (&closed_recognised, self.open.last()) {
                        (_, Some(parent)) => format!(
                            "{quoted} (other, under \"{}\", a heading of no known kind)",
                            parent.heading
                        ),
                        (Some((above, k)), None) => format!(
                            "{quoted} (other, not under \"{above}\" ({}): a heading of its level)",
                            k.as_str()
                        ),
                        (None, None) => {
                            format!("{quoted} (other, before the first recognised section)")
                        }
                    };
                    let context = Context::Unlabeled(format!("under {label}"));
                    (label, context, None)
                }
            },
        };
        self.open.push(OpenHeading {
            heading: heading.to_string(),
            rank,
            own: kind.is_some(),
            kind: effective.as_ref().map(|(_, k)| *k),
            source: effective.map_or_else(|| heading.to_string(), |(h, _)| h),
        });
        self.sections.push(Section {
            heading: Some(heading.to_string()),
            label,
            context,
        });
    }

    pub(super) fn start(&mut self, text: &str, line: usize, indent: usize, shape: Shape) {
        self.unit = Some(Unit {
            text: text.to_string(),
            starts: vec![(0, line)],
            indent,
            shape,
            section: self.sections.len() - 1,
            block: self.block,
        });
    }

    pub(super) fn append(&mut self, text: &str, line: usize) {
        if let Some(u) = self.unit.as_mut() {
            // "engi-" + "neers": a word hyphenated across the line break (PDF text) is joined.
            if ends_with_broken_word(&u.text) && text.starts_with(char::is_lowercase) {
                u.text.pop();
                u.starts.push((u.text.len(), line));
                u.text.push_str(text);
                return;
            }
            u.text.push(' ');
            u.starts.push((u.text.len(), line));
            u.text.push_str(text);
        }
    }

    /// Whether a line indented deeper than the bullet being collected continues it.
    pub(super) fn indented_under_bullet(&self, indent: usize) -> bool {
        self.unit
            .as_ref()
            .is_some_and(|u| u.is_bullet() && indent > u.indent)
    }

    /// Whether a non-bullet line continues the unit being collected.
    pub(super) fn continues(&self, cur: &str, indent: usize) -> bool {
        self.unit.is_some()
            && (cur.starts_with(|c: char| c.is_lowercase() || matches!(c, '(' | '&'))
                || self.invites(cur, indent))
    }

    /// Whether the unit being collected asks for the line `cur` to continue it by its own end
    /// (or `cur` is indented under its bullet), not by `cur`'s lower-case start: a lower-case
    /// heading ("who you are") after a bullet starts a section.
    pub(super) fn invites(&self, cur: &str, indent: usize) -> bool {
        let Some(u) = &self.unit else {
            return false;
        };
        if u.is_bullet() && indent > u.indent {
            return true;
        }
        let prev_last = u.starts.last().map_or(0, |(s, _)| *s);
        let prev = u.text.get(prev_last..).unwrap_or(&u.text);
        let Some(first) = cur.chars().next() else {
            return false;
        };
        if !invites_continuation(prev, first) {
            return false;
        }
        // "Run our hiring process ... the ones we say no to" then "Build the leadership
        // pipeline ...": two lines opening with a capitalised duty verb are two items of a list
        // whose markers were lost, even when the first ends in a connecting word (a wrapped
        // line would go on in lower case; a wrapped sentence does not open each line with a
        // verb).
        let ends_in_word = prev.trim_end().ends_with(char::is_alphanumeric);
        !(ends_in_word
            && opens_with_capitalised_duty_verb(prev)
            && opens_with_capitalised_duty_verb(cur))
    }

    pub(super) fn flush(&mut self) {
        if let Some(unit) = self.unit.take() {
            self.units.push(unit);
        }
    }

    /// Decide every unit: statements in input order; skipped lines (also in input order) get
    /// the units that are not duties, with the reason.
    pub(super) fn finish(mut self) -> (Vec<Statement>, Vec<Skipped>) {
        self.flush();
        let blocks = block_sizes(&self.units);
        // Without a duty heading, a role overview's list of duties is the duty list; without
        // either, duties are found by their wording (the fallback).
        let overview_list = self.units.iter().any(|u| {
            self.sections
                .get(u.section)
                .is_some_and(|s| s.context == Context::Overview)
                && is_list_like(u, &blocks)
                && reads_as_duty(&u.text)
        });
        let fallback = !self.has_duties_heading && !overview_list;
        // Duties written as a list: prose beside it under a duty heading (an introduction
        // such as "Acme sells sensors to growers. You will lead all of engineering.") is
        // judged sentence by sentence.
        let duty_list = self.units.iter().any(|u| {
            u.is_bullet()
                && self
                    .sections
                    .get(u.section)
                    .is_some_and(|s| s.context == Context::Duties)
        });
        let lists = list_verdicts(&self.units, &blocks, &self.sections, fallback);
        let details = nested_details(&self.units);
        let mut statements = Vec::new();
        let mut skipped = std::mem::take(&mut self.skipped);
        for (i, unit) in self.units.iter().enumerate() {
            let Some(section) = self.sections.get(unit.section) else {
                continue;
            };
            let list_like = is_list_like(unit, &blocks);
            let label = &section.label;
            let decision = match &section.context {
                Context::NotDuties(reason) => Decision::Skip(reason.clone()),
                Context::Duties if details.get(i).copied().unwrap_or(false) => {
                    Decision::Skip(format!(
                        "under {label}: a nested list item that does not open with a duty verb (detail of the item above)"
                    ))
                }
                Context::Duties if labels_items_below(&self.units, i) => Decision::Skip(format!(
                    "under {label}: a list item labelling the duties below it, not a duty"
                )),
                Context::Duties if duty_list && !list_like => Decision::ProseBesideList(format!(
                    "under {label}: prose beside the duty list that does not read as a duty"
                )),
                Context::Duties => Decision::Duties,
                Context::Overview if list_like => Decision::IfDutyLike(format!(
                    "under {label}: a list item that does not read as a duty"
                )),
                Context::Overview if fallback => Decision::DutySentences(format!(
                    "under {label}: a sentence that does not read as a duty"
                )),
                Context::Overview => Decision::Skip(format!(
                    "under {label}: prose about the role, not the duty list"
                )),
                Context::Unlabeled(reason) if !fallback => Decision::Skip(reason.clone()),
                Context::Unlabeled(reason) if list_like => {
                    let duty_list = lists.get(i).copied().unwrap_or(false);
                    if !duty_list {
                        Decision::Skip(format!(
                            "{reason}: a list that does not read as duties (no duty heading in the posting)"
                        ))
                    } else if unit.is_bullet() {
                        Decision::Duties
                    } else {
                        // Lines pasted without bullets: each must read as a duty itself.
                        Decision::IfDutyLike(format!(
                            "{reason}: a line that does not read as a duty (no duty heading in the posting)"
                        ))
                    }
                }
                Context::Unlabeled(reason) => Decision::DutySentences(format!(
                    "{reason}: a sentence that does not read as a duty (no duty heading in the posting)"
                )),
            };
            decide(unit, section, decision, &mut statements, &mut skipped);
        }
        let statements = drop_repeats(statements, &mut skipped);
        skipped.sort_by_key(|s| s.line);
        (statements, skipped)
    }
}

/// Keeps the first of statements worded alike (same words, whatever the case and
/// punctuation) and skips the others: a posting saved twice, or a job board's summary list
/// above the full one, states a duty once, and the verdict must count it once.
fn drop_repeats(statements: Vec<Statement>, skipped: &mut Vec<Skipped>) -> Vec<Statement> {
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut kept = Vec::with_capacity(statements.len());
    for statement in statements {
        let key = normalize_phrase(&statement.text);
        match first_line.get(&key) {
            Some(&line) => skipped.push(Skipped {
                reason: format!("repeats the duty on line {line}"),
                text: statement.text,
                line: statement.line,
            }),
            None => {
                first_line.insert(key, statement.line);
                kept.push(statement);
            }
        }
    }
    kept
}

/// Whether `text` ends with a letter and a hyphen ("engi-"): a word broken across lines, when
/// the next line goes on in lower case.
fn ends_with_broken_word(text: &str) -> bool {
    let mut rev = text.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic)
}

/// For each unit, whether it is a sub-bullet giving detail of the bullet above it: a list item
/// indented deeper than an earlier list item of its section (with only list items between them)
/// that does not open with a base-form duty verb ("- For example, consolidating ...",
/// "- HIPAA and SOC 2" under "- Own the security posture ..."). A nested item that opens with
/// one ("- Run sprint planning ...") is a duty of its own.
fn nested_details(units: &[Unit]) -> Vec<bool> {
    let mut out = Vec::with_capacity(units.len());
    // Indents and indices of the open list items of the current run of bullets, outermost
    // first.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut section = usize::MAX;
    for (i, unit) in units.iter().enumerate() {
        if !unit.is_bullet() || unit.section != section {
            open.clear();
            section = unit.section;
        }
        if !unit.is_bullet() {
            out.push(false);
            continue;
        }
        while open
            .last()
            .is_some_and(|&(indent, _)| indent >= unit.indent)
        {
            open.pop();
        }
        // Under a label ("A. Technical Direction (35%)") the items are the duties themselves,
        // in whatever form ("Sets technical direction ..."), not details of a duty above.
        let detail = open
            .last()
            .is_some_and(|&(_, parent)| !labels_items_below(units, parent));
        open.push((unit.indent, i));
        out.push(detail && !opens_with_base_duty_verb(&unit.text));
    }
    out
}

/// Reads as a duty: not worded as a requirement, pay, a benefit or legal text, and opens the
/// way duties do.
fn reads_as_duty(text: &str) -> bool {
    non_duty_reason(text).is_none() && is_duty_like(text)
}

/// What to do with a unit.
enum Decision {
    /// Skip the whole unit with this reason.
    Skip(String),
    /// Duties: every sentence, unless its wording says otherwise.
    Duties,
    /// A list item: a duty if it reads as one, else skipped with this reason.
    IfDutyLike(String),
    /// Prose: each sentence that reads as a duty, the others skipped with this reason.
    DutySentences(String),
    /// Prose beside a duty list: as [`Decision::DutySentences`], but a summary of the role
    /// ("As Engineering Director you will lead the teams that ...") introduces the list.
    ProseBesideList(String),
}

fn decide(
    unit: &Unit,
    section: &Section,
    decision: Decision,
    statements: &mut Vec<Statement>,
    skipped: &mut Vec<Skipped>,
) {
    let skip_all = |skipped: &mut Vec<Skipped>, reason: String| {
        skipped.push(Skipped {
            text: unit.text.clone(),
            reason,
            line: unit.first_line(),
        })
    };
    if let Decision::Skip(reason) = &decision {
        return skip_all(skipped, reason.clone());
    }
    // A list item, or a one-line unit of a list pasted without markers, is judged whole; a
    // paragraph is judged sentence by sentence, also when it is one long line
    // ("Responsibilities: Lead the team. Set the direction. ..."). The sentences counted for
    // that are the ones cut into pieces below.
    let one_line_prose = !unit.is_bullet() && unit.lines() == 1;
    let sentences = one_line_prose.then(|| sentence_spans(&unit.text));
    let judged_whole = unit.is_bullet()
        || sentences
            .as_ref()
            .is_some_and(|s| s.len() < MIN_PARAGRAPH_SENTENCES);
    match &decision {
        // Skipped above.
        Decision::Skip(_) => {}
        Decision::IfDutyLike(reason) => {
            if let Some(why) = non_duty_reason(&unit.text) {
                return skip_all(skipped, why.to_string());
            }
            if !is_duty_like(&unit.text) {
                return skip_all(skipped, reason.clone());
            }
        }
        Decision::Duties if judged_whole => {
            // A list item is judged whole: "Experience with Kubernetes desired."
            if let Some(why) = non_duty_reason(&unit.text) {
                return skip_all(skipped, why.to_string());
            }
            if is_sub_list_label(unit) {
                return skip_all(skipped, "a label over the duties below it".to_string());
            }
        }
        Decision::Duties | Decision::DutySentences(_) | Decision::ProseBesideList(_) => {}
    }
    let per_sentence = match &decision {
        Decision::DutySentences(reason) | Decision::ProseBesideList(reason) => {
            Some(reason.as_str())
        }
        _ => None,
    };
    let beside_list = matches!(decision, Decision::ProseBesideList(_));
    let judge_sentences = matches!(decision, Decision::Duties) && !judged_whole;
    let pieces: Vec<(usize, &str)> = if unit.is_whole() {
        vec![(0, unit.text.as_str())]
    } else {
        sentences
            .unwrap_or_else(|| sentence_spans(&unit.text))
            .into_iter()
            .flat_map(|(offset, sentence)| {
                // A list item keeps its clauses: it is one duty already.
                let clauses = if unit.is_bullet() {
                    vec![(0, sentence)]
                } else {
                    split_clause_run(sentence)
                };
                clauses
                    .into_iter()
                    .map(move |(at, clause)| (offset + at, clause))
            })
            .flat_map(|(offset, sentence)| {
                split_run_on(sentence)
                    .into_iter()
                    .map(move |(at, piece)| (offset + at, piece))
            })
            .collect()
    };
    let several = pieces.len() > 1;
    for (offset, piece) in pieces {
        let line = unit.line_at(offset);
        // "1) Lead the teams. 2) Own the plan.": items numbered inside one paragraph (a label
        // at the unit's start is a list marker, already gone).
        let piece = if offset > 0 {
            strip_inline_label(piece)
        } else {
            piece
        };
        let skip = |skipped: &mut Vec<Skipped>, reason: String| {
            skipped.push(Skipped {
                text: piece.to_string(),
                reason,
                line,
            })
        };
        if word_count(piece) < MIN_STATEMENT_WORDS {
            skip(
                skipped,
                format!("fragment (fewer than {MIN_STATEMENT_WORDS} words)"),
            );
            continue;
        }
        if offset == 0 && several && is_capitals_label(piece) {
            skip(skipped, "a label naming the duty after it".to_string());
            continue;
        }
        // "**What you'll do.** You will lead ...": a heading run into its paragraph.
        let heading = piece.trim_end().trim_end_matches(['.', ':']);
        if offset == 0
            && several
            && heading.len() < piece.trim_end().len()
            && word_count(heading) <= MAX_LABEL_WORDS
            && section_kind(heading).is_some()
        {
            skip(skipped, "a heading run into the paragraph".to_string());
            continue;
        }
        // "Day to day, you'll:" ends a paragraph and opens the list under it, and so does
        // "Essential duties and responsibilities include the following." A list item that
        // opens with a duty verb is a duty with its details below it ("- Run the operating
        // cadence across all nine teams:").
        let lead_in =
            piece.trim_end().ends_with(':') && !(unit.is_bullet() && is_duty_over_details(piece));
        if lead_in || opens_a_list(piece) {
            skip(skipped, "a lead-in to the list below".to_string());
            continue;
        }
        if judge_sentences || per_sentence.is_some() {
            if let Some(why) = non_duty_reason(piece) {
                skip(skipped, why.to_string());
                continue;
            }
        }
        if let Some(reason) = per_sentence {
            if !is_duty_like(piece) {
                skip(skipped, reason.to_string());
                continue;
            }
        }
        if beside_list && is_role_summary(piece) {
            let why = "a summary of the role introducing its duty list, not a duty";
            skip(skipped, why.to_string());
            continue;
        }
        // A duty over its details keeps its words, not the colon that opened the list.
        let text = piece.trim_end();
        let text = text.strip_suffix(':').map_or(text, str::trim_end);
        statements.push(Statement {
            text: text.to_string(),
            section: section.heading.clone(),
            line,
        });
    }
}

/// A heading's name as statements and reasons repeat it: at most [`MAX_SECTION_NAME_CHARS`]
/// characters, a longer one cut with `…`.
fn short_name(heading: &str) -> String {
    match heading.char_indices().nth(MAX_SECTION_NAME_CHARS) {
        Some((cut, _)) => format!("{}…", heading.get(..cut).unwrap_or("").trim_end()),
        None => heading.to_string(),
    }
}

/// See [`short_name`].
const MAX_SECTION_NAME_CHARS: usize = 80;

/// A sentence without the list label it opens with inside a paragraph ("2) Own the plan"),
/// a label being one or two digits or one letter before `)`.
fn strip_inline_label(piece: &str) -> &str {
    let Some((label, rest)) = piece.split_once(") ") else {
        return piece;
    };
    let is_label = (1..=2).contains(&label.len()) && label.chars().all(|c| c.is_ascii_digit())
        || (label.len() == 1 && label.chars().all(|c| c.is_ascii_lowercase()));
    if is_label && !rest.trim().is_empty() {
        rest.trim_start()
    } else {
        piece
    }
}

/// "... include the following.", "... for the following areas." or "... are as follows.": a
/// sentence that opens a list.
fn opens_a_list(piece: &str) -> bool {
    let end: Vec<String> = piece
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let end: Vec<&str> = end.iter().map(String::as_str).collect();
    match end.as_slice() {
        ["following", "the", ..] | ["follows", "as", ..] => true,
        // "... for the following areas.", not "... for the following year."
        [noun, "following", "the"] => !matches!(
            *noun,
            "year" | "years" | "quarter" | "quarters" | "month" | "months" | "week" | "day"
        ),
        _ => false,
    }
}

/// A line of at most this many words that is no bullet and no sentence may label the duties
/// below it.
const MAX_LABEL_WORDS: usize = 4;

/// A short line among the duties, with no bullet, no duty wording and no sentence end, labels
/// a sub-list ("First 90 days", "Ongoing") rather than being a duty of its own.
fn is_sub_list_label(unit: &Unit) -> bool {
    let text = unit.text.trim();
    !unit.is_bullet()
        && unit.lines() == 1
        && word_count(text) <= MAX_LABEL_WORDS
        && !text.ends_with(['.', '!', '?', ';'])
        && !is_duty_like(text)
}

/// A label without the share of time it ends with: "Program and Project Delivery (40%)" is
/// "Program and Project Delivery".
fn without_time_share(label: &str) -> &str {
    label
        .strip_suffix("%)")
        .and_then(|rest| rest.rsplit_once('('))
        .filter(|(_, share)| !share.is_empty() && share.chars().all(|c| c.is_ascii_digit()))
        .map_or(label, |(before, _)| before.trim_end())
}

/// A numbered or bulleted title over the duties below it: a short list item (a share of time
/// such as "(40%)" not counted) with no duty wording and no sentence end, followed in its
/// section by prose ("1. Strategy and direction", then "Set the engineering strategy ...
/// Publish it ..."), or by list items when it is in Title Case ("1. Clinical Systems
/// Delivery", then "1a. Oversee ...") or they are nested under it.
fn labels_items_below(units: &[Unit], i: usize) -> bool {
    let (Some(unit), Some(next)) = (units.get(i), units.get(i + 1)) else {
        return false;
    };
    let text = without_time_share(unit.text.trim());
    unit.is_bullet()
        && next.section == unit.section
        // Over prose, or over list items in Title Case ("1. Clinical Systems Delivery") or
        // nested under it ("• People and organization", then "  o Lead ...").
        && (!next.is_bullet() || is_title_case(text) || next.indent > unit.indent)
        && word_count(text) <= MAX_LABEL_WORDS
        && !text.ends_with(['.', '!', '?', ';'])
        && !is_duty_like(text)
}

/// A one-line unit of at least this many sentences is a paragraph, not a list item whose
/// markers were lost (such an item has one or two sentences).
const MIN_PARAGRAPH_SENTENCES: usize = 3;

fn context_of(kind: SectionKind, label: &str) -> Context {
    match kind {
        SectionKind::Duties => Context::Duties,
        SectionKind::Overview => Context::Overview,
        _ => Context::NotDuties(format!("under {label}")),
    }
}

/// The number of units in each block that are no list items: lines of a list pasted without
/// markers. A line just above marked items ("The following functions are essential ...",
/// then "- Lead ...") is a lead-in, not one of them.
fn block_sizes(units: &[Unit]) -> Vec<usize> {
    let mut sizes = Vec::new();
    for u in units.iter().filter(|u| !u.is_bullet()) {
        if sizes.len() <= u.block {
            sizes.resize(u.block + 1, 0);
        }
        if let Some(n) = sizes.get_mut(u.block) {
            *n += 1;
        }
    }
    sizes
}

/// A list item: a bullet (or table row), or one of several one-line units in a row (a list
/// pasted without bullet markers).
fn is_list_like(unit: &Unit, blocks: &[usize]) -> bool {
    unit.is_bullet() || (unit.lines() == 1 && blocks.get(unit.block).copied().unwrap_or(0) >= 2)
}

/// For each unit: whether the list it belongs to reads as a duty list (at least half its items
/// read as duties and not as requirements, pay or benefits). Only units of unlabeled sections
/// need it, and only in the fallback (a posting without a duty heading or duty list).
fn list_verdicts(
    units: &[Unit],
    blocks: &[usize],
    sections: &[Section],
    fallback: bool,
) -> Vec<bool> {
    let mut verdicts = vec![false; units.len()];
    if !fallback {
        return verdicts;
    }
    let mut i = 0;
    while i < units.len() {
        let Some(first) = units.get(i) else { break };
        // A list: consecutive list-like units of one section, not interrupted by prose.
        let mut j = i;
        while units.get(j).is_some_and(|u| {
            u.section == first.section && is_list_like(u, blocks) && is_list_like(first, blocks)
        }) {
            j += 1;
        }
        if j == i {
            i += 1;
            continue;
        }
        let unlabeled = sections
            .get(first.section)
            .is_some_and(|s| matches!(s.context, Context::Unlabeled(_)));
        if unlabeled {
            let items = units.get(i..j).unwrap_or(&[]);
            let duties = items.iter().filter(|u| reads_as_duty(&u.text)).count();
            let is_duty_list = 2 * duties >= items.len();
            for v in verdicts.get_mut(i..j).unwrap_or(&mut []) {
                *v = is_duty_list;
            }
        }
        i = j;
    }
    verdicts
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

/// Whether the end of `prev` asks for more text (a comma, a dash, a connecting word, an
/// abbreviation; a line without end punctuation before a digit), whatever the case of the next
/// line's first character `first`.
/// "Build the ...", "Own ...": a line opening with a duty verb's base form, capitalised.
fn opens_with_capitalised_duty_verb(text: &str) -> bool {
    let mut chars = text.split_whitespace().next().unwrap_or("").chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(char::is_lowercase)
        && opens_with_base_duty_verb(text)
}

fn invites_continuation(prev: &str, first: char) -> bool {
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

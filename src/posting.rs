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

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// The level a job title claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimedLevel {
    /// Director of Engineering and its spellings (Senior Director, Engineering Director, ...).
    Director,
    /// VP of Engineering and its spellings (Vice President, SVP, EVP, VPE, ...).
    Vp,
    /// No level, both levels, or a title such as "Head of Engineering" or "CTO".
    Unknown,
}

impl ClaimedLevel {
    /// The lowercase name used in JSON output (`director`, `vp`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimedLevel::Director => "director",
            ClaimedLevel::Vp => "vp",
            ClaimedLevel::Unknown => "unknown",
        }
    }
}

/// What a section of a posting is about, judged from its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// Responsibilities, "What you'll do", "The role", ...: the lines the audit classifies.
    Duties,
    /// Requirements, qualifications, skills, "About you", "Nice to have", ...
    Requirements,
    /// Benefits, perks, compensation, "What we offer", ...
    Benefits,
    /// The company blurb: "About us", "Who we are", "Our mission", `About <Company>`, ...
    About,
    /// Any other heading (Location, How to apply, or one we do not recognise).
    Other,
}

impl SectionKind {
    /// The lowercase name used in JSON output and in skip reasons.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Duties => "duties",
            SectionKind::Requirements => "requirements",
            SectionKind::Benefits => "benefits",
            SectionKind::About => "about",
            SectionKind::Other => "other",
        }
    }
}

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
    /// The level the title claims ([`ClaimedLevel::Unknown`] without a title).
    pub claimed_level: ClaimedLevel,
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

// ---------------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------------

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
    let claimed = title
        .as_deref()
        .map_or(ClaimedLevel::Unknown, claimed_level);

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

/// The level a job title claims.
///
/// Case-insensitive and punctuation-tolerant ("V.P. of Engineering", "Vice-President,
/// Engineering", "Sr. Director, Platform Engineering"). A title naming both levels, or neither
/// ("Head of Engineering", "CTO", "Engineering Manager", ""), is [`ClaimedLevel::Unknown`]. Words
/// after "reports to" / "reporting to" are ignored.
pub fn claimed_level(title: &str) -> ClaimedLevel {
    let owned = title_words(title);
    let words: Vec<&str> = owned.iter().map(String::as_str).collect();
    let cut = words
        .windows(2)
        .position(|w| {
            matches!(
                w,
                [
                    "report" | "reports" | "reporting",
                    "to" | "into" | "directly" | "up"
                ]
            )
        })
        .unwrap_or(words.len());
    let words = words.get(..cut).unwrap_or(&[]);

    let vp = words.iter().any(|w| {
        matches!(
            *w,
            "vp" | "vps" | "vpe" | "vpoe" | "svp" | "evp" | "avp" | "vicepresident"
        )
    }) || words
        .windows(2)
        .any(|w| matches!(w, ["vice", "president" | "presidents"]));
    let director = words
        .iter()
        .any(|w| matches!(*w, "director" | "directors" | "dir"));
    match (vp, director) {
        (true, false) => ClaimedLevel::Vp,
        (false, true) => ClaimedLevel::Director,
        _ => ClaimedLevel::Unknown,
    }
}

/// Lower-case words of a title: punctuation splits words, dotted initials join ("V.P." -> "vp"),
/// and single letters in a row join too ("V. P." -> "vp").
fn title_words(title: &str) -> Vec<String> {
    let lower = title.to_lowercase();
    let spaced: String = lower
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut words: Vec<String> = Vec::new();
    for token in spaced.split_whitespace() {
        let parts: Vec<&str> = token.split('.').filter(|p| !p.is_empty()).collect();
        if parts.len() > 1 && parts.iter().all(|p| p.chars().count() == 1) {
            words.push(parts.concat());
        } else {
            words.extend(parts.iter().map(|p| p.to_string()));
        }
    }
    // "v p" (from "V. P.") -> "vp"
    let mut joined: Vec<String> = Vec::new();
    for w in words {
        let single = w.chars().count() == 1;
        match joined.last_mut() {
            Some(last) if single && last.chars().count() == 1 && last.as_str() == "v" => {
                last.push_str(&w);
            }
            _ => joined.push(w),
        }
    }
    joined
}

/// Classify a heading line's text (without `#`, `:` or emphasis) into a section kind; None if
/// the line is not a heading we recognise.
///
/// Tolerant of case, curly apostrophes, contractions ("What you'll do" = "What you will do"),
/// `&` and leftover markup. Known phrases match exactly (also with fillers such as "Key", "Your",
/// "Our", or a trailing "at Acme"); headings of up to 8 words are also matched by keyword, the
/// earliest keyword deciding ("Skills & responsibilities" is Requirements). `About <Company>` is
/// About; "About you" is Requirements and "About the role" is Duties. Logistics headings
/// (Location, How to apply, Interview process, ...) are [`SectionKind::Other`].
pub fn section_kind(heading: &str) -> Option<SectionKind> {
    let n = normalize_phrase(heading);
    if n.is_empty() {
        return None;
    }
    if let Some(kind) = phrase_kind(&n) {
        return Some(kind);
    }
    if is_you_will_lead_in(&n) {
        return Some(SectionKind::Duties);
    }
    if n.split(' ').count() > MAX_KEYWORD_HEADING_WORDS {
        return None;
    }
    if let Some(kind) = keyword_kind(&n) {
        return Some(kind);
    }
    if n.starts_with("about ") {
        return Some(SectionKind::About);
    }
    None
}

/// Normalise one line of inline text: drop Markdown emphasis (`**x**`, `__x__`, `*x*`, `_x_`,
/// `` `x` ``, `~~x~~`), keep link text (`[text](url)` -> `text`), drop autolinks (`<https://..>`)
/// and HTML tags, decode HTML entities (`&amp;`, `&nbsp;`, numeric), and collapse whitespace
/// (tabs, stray `\r`, repeated spaces) into single spaces.
pub fn clean_inline(line: &str) -> String {
    let chars: Vec<char> = line
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
            )
        })
        .collect();
    // Entities are decoded first: removing a link or tag between `&#6` and `5;` must not
    // create an entity (and so a character) that the text never had.
    let text: String = chars.into_iter().collect();
    let decoded: Vec<char> = decode_entities(&text).chars().collect();
    let linked = strip_links(&decoded);
    let untagged = strip_angle_brackets(&linked);
    let plain = strip_emphasis(&untagged);
    collapse_whitespace(&plain)
}

/// Split a paragraph into sentences (and on inline ` • ` / ` · ` separators).
///
/// A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets) followed by
/// whitespace and an upper-case letter or digit, except after an abbreviation (`e.g.`, `i.e.`,
/// `etc.`, `Sr.`, `Inc.`, `vs.`, `U.S.`, `V.P.`, single initials, ...). The pieces are trimmed;
/// empty pieces are dropped.
pub fn split_sentences(text: &str) -> Vec<String> {
    sentence_spans(text)
        .into_iter()
        .map(|(_, s)| s.to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------------

/// What one input line is, before any context is applied.
#[derive(Debug, Clone, PartialEq)]
enum LineKind {
    Blank,
    Decoration,
    Heading {
        text: String,
        kind: Option<SectionKind>,
        /// For a heading recognised by its shape alone (not `#` or setext): the line's indent
        /// and full text, so an indented wrapped line under a bullet is not taken as a heading.
        shaped: Option<(usize, String)>,
    },
    Bullet {
        indent: usize,
        text: String,
        /// The whole item is bold (`- **Teams and delivery**`): a label if nested items follow.
        bold: bool,
    },
    Text {
        indent: usize,
        text: String,
    },
    Skip {
        text: String,
        reason: String,
    },
}

impl LineKind {
    fn text(&self) -> Option<String> {
        match self {
            LineKind::Heading { text, .. }
            | LineKind::Bullet { text, .. }
            | LineKind::Text { text, .. }
            | LineKind::Skip { text, .. } => Some(text.clone()),
            LineKind::Blank | LineKind::Decoration => None,
        }
    }
}

/// Split into lines: `\n` and `\r\n` end lines; a lone `\r` is whitespace, unless the text has
/// no `\n` at all (classic Mac line ends), where `\r` ends lines. A leading BOM is dropped.
fn split_lines(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\n') {
        text.split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l).replace('\r', " "))
            .collect()
    } else {
        text.split('\r').map(str::to_string).collect()
    }
}

/// Width of the leading whitespace, a tab counting 4.
fn indent_width(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

const DECORATION_CHARS: &[char] = &[
    '-', '*', '_', '=', '~', '#', '|', ':', '+', '.', '•', '·', '`', '─', '━', '═', '–', '—', '>',
];

fn is_decoration(s: &str) -> bool {
    !s.trim().is_empty()
        && s.chars()
            .all(|c| c.is_whitespace() || DECORATION_CHARS.contains(&c))
}

fn classify_line(raw: &str) -> LineKind {
    let indent = indent_width(raw);
    let mut body = raw.trim();
    if body.is_empty() {
        return LineKind::Blank;
    }
    if is_decoration(body) {
        return LineKind::Decoration;
    }
    // Blockquote markers.
    while let Some(rest) = body.strip_prefix('>') {
        body = rest.trim_start();
    }
    if body.is_empty() || is_decoration(body) {
        return LineKind::Decoration;
    }
    if is_link_definition(body) {
        return LineKind::Skip {
            text: body.to_string(),
            reason: "Markdown link definition".to_string(),
        };
    }
    if let Some(h) = atx_heading(body) {
        let text = strip_heading_punct(&clean_inline(h));
        if word_count(&text) == 0 {
            return if text.is_empty() {
                LineKind::Decoration
            } else {
                LineKind::Skip {
                    text,
                    reason: "heading without words".to_string(),
                }
            };
        }
        let kind = section_kind(&text);
        return LineKind::Heading {
            text,
            kind,
            shaped: None,
        };
    }
    if let Some(rest) = strip_bullet(body) {
        let text = clean_inline(rest);
        if text.is_empty() {
            return if is_blank_markup(rest) {
                LineKind::Decoration
            } else {
                markup_only(rest)
            };
        }
        let bold = is_wholly_bold(rest);
        return LineKind::Bullet { indent, text, bold };
    }
    let text = clean_inline(body);
    if text.is_empty() {
        return if is_blank_markup(body) {
            LineKind::Decoration
        } else {
            markup_only(body)
        };
    }
    if let Some(h) = heading_shape(body, &text) {
        let kind = section_kind(&h);
        return LineKind::Heading {
            text: h,
            kind,
            shaped: Some((indent, text)),
        };
    }
    LineKind::Text { indent, text }
}

/// Blank once entities are decoded (`&nbsp;`), or decoration only.
fn is_blank_markup(raw: &str) -> bool {
    let decoded = decode_entities(raw);
    decoded.trim().is_empty() || is_decoration(&decoded)
}

fn markup_only(raw: &str) -> LineKind {
    LineKind::Skip {
        text: collapse_whitespace(raw),
        reason: "markup only (no text left after removing links and formatting)".to_string(),
    }
}

/// `[label]: https://...`
fn is_link_definition(body: &str) -> bool {
    let Some(rest) = body.strip_prefix('[') else {
        return false;
    };
    let Some(close) = rest.find("]:") else {
        return false;
    };
    let label = rest.get(..close).unwrap_or("");
    let target = rest.get(close + 2..).unwrap_or("").trim();
    !label.is_empty() && !label.contains(['[', ']']) && !target.is_empty() && !target.contains(' ')
}

/// The text of a Markdown ATX heading (`## Heading ##`), or None.
fn atx_heading(body: &str) -> Option<&str> {
    let hashes = body.chars().take_while(|&c| c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = body.get(hashes..)?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim();
    // Optional closing sequence: a run of `#` preceded by a space (or the whole rest).
    let without = rest.trim_end_matches('#');
    if without.is_empty() {
        return Some("");
    }
    if without.len() < rest.len() && without.ends_with(char::is_whitespace) {
        return Some(without.trim_end());
    }
    Some(rest)
}

/// Strip a bullet marker; returns the content after it ("" for an empty bullet), or None if the
/// line is not a bullet.
fn strip_bullet(body: &str) -> Option<&str> {
    let first = body.chars().next()?;
    if matches!(
        first,
        '-' | '*'
            | '+'
            | '•'
            | '·'
            | '‣'
            | '◦'
            | '▪'
            | '▸'
            | '►'
            | '–'
            | '—'
            | '●'
            | '○'
            | '■'
            | '□'
            | '✓'
            | '✔'
            | '➤'
            | '→'
    ) {
        let rest = body.get(first.len_utf8()..)?;
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return Some(rest.trim_start());
        }
        // Typographic bullets are often glued to the text ("•Lead the team").
        if !matches!(first, '-' | '*' | '+' | '–' | '—') {
            return Some(rest.trim_start());
        }
        return None;
    }

    // "(a)", "(1)", "(iv)"
    if first == '(' {
        let inner_end = body.find(')')?;
        let inner = body.get(1..inner_end)?;
        if inner_end <= 6 && is_list_label(inner) {
            let rest = body.get(inner_end + 1..)?;
            if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                return Some(rest.trim_start());
            }
        }
        return None;
    }

    // "1.", "2)", "a)", "b.", "iv."
    let label_len = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if label_len == 0 || label_len > 4 {
        return None;
    }
    let label = body.get(..label_len)?;
    if !is_list_label(label) {
        return None;
    }
    let after = body.get(label_len..)?;
    let rest = after.strip_prefix(['.', ')'])?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let rest = rest.trim_start();
    // "V. P. of Engineering": initials, not a list item.
    if label.len() == 1 && label.chars().all(|c| c.is_ascii_alphabetic()) {
        let mut it = rest.chars();
        if let (Some(a), Some('.')) = (it.next(), it.next()) {
            if a.is_alphabetic() {
                return None;
            }
        }
    }
    Some(rest)
}

fn is_list_label(label: &str) -> bool {
    const ROMAN: &[&str] = &[
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    let digits = !label.is_empty() && label.len() <= 3 && label.chars().all(|c| c.is_ascii_digit());
    let letter = label.len() == 1 && label.chars().all(|c| c.is_ascii_alphabetic());
    let roman = ROMAN.contains(&label.to_ascii_lowercase().as_str());
    digits || letter || roman
}

/// If a non-bullet line is shaped like a heading, its heading text.
fn heading_shape(raw_body: &str, cleaned: &str) -> Option<String> {
    let stripped = strip_heading_punct(cleaned);
    let words = word_count(&stripped);
    if words == 0 {
        return None;
    }
    let sentence_end = cleaned.ends_with(['.', '!', '?']);
    if is_wholly_bold(raw_body)
        && (bare_heading_kind(&stripped).is_some()
            || section_kind(&stripped).is_some()
            || (words <= MAX_BOLD_HEADING_WORDS && !sentence_end))
    {
        return Some(stripped);
    }
    // Headings are capitalised: "the following:" or "experience" is a wrapped line.
    let capitalised = cleaned
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| !c.is_lowercase());
    if !capitalised {
        return None;
    }
    if cleaned.ends_with(':')
        && (words <= MAX_COLON_HEADING_WORDS || is_you_will_lead_in(&normalize_phrase(&stripped)))
    {
        return Some(stripped);
    }
    if words <= MAX_BARE_HEADING_WORDS && !sentence_end && bare_heading_kind(&stripped).is_some() {
        return Some(stripped);
    }
    None
}

/// A line that is wholly bold: `**x**`, `__x__`, optionally followed by `:`.
fn is_wholly_bold(raw: &str) -> bool {
    let t = raw.trim().trim_end_matches(':').trim_end();
    ["**", "__"].iter().any(|m| {
        t.len() > 2 * m.len()
            && t.starts_with(m)
            && t.ends_with(m)
            && t.get(m.len()..t.len() - m.len())
                .is_some_and(|inner| !inner.contains(m) && !inner.trim().is_empty())
    })
}

/// Trim the punctuation a heading carries around its words (`:`, `.`, dashes, pipes).
fn strip_heading_punct(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–' | '—' | '|'))
        .to_string()
}

/// Turn `===` / `---` underlines into headings for the short line above them.
fn apply_setext_headings(raw: &[String], kinds: &mut [LineKind]) {
    for i in 1..kinds.len() {
        let underline = raw.get(i).map(|l| l.trim()).unwrap_or("");
        let is_underline = underline.len() >= 2
            && (underline.chars().all(|c| c == '=') || underline.chars().all(|c| c == '-'));
        if !is_underline || kinds.get(i) != Some(&LineKind::Decoration) {
            continue;
        }
        let starts_paragraph = i < 2
            || matches!(
                kinds.get(i - 2),
                Some(LineKind::Blank | LineKind::Decoration | LineKind::Heading { .. })
            );
        if !starts_paragraph {
            continue;
        }
        if let Some(prev) = kinds.get_mut(i - 1) {
            if let LineKind::Text { indent, text } = prev {
                if *indent <= 3 && word_count(text) <= MAX_SETEXT_HEADING_WORDS {
                    let h = strip_heading_punct(text);
                    let kind = section_kind(&h);
                    *prev = LineKind::Heading {
                        text: h,
                        kind,
                        shaped: None,
                    };
                }
            }
        }
    }
}

/// A short, wholly bold bullet followed by more-indented bullets labels them
/// (`- **Teams and delivery**`): it is skipped, and does not change the section.
fn apply_list_labels(kinds: &mut [LineKind]) {
    for i in 0..kinds.len() {
        let Some(LineKind::Bullet {
            indent,
            text,
            bold: true,
        }) = kinds.get(i)
        else {
            continue;
        };
        if word_count(text) > MAX_COLON_HEADING_WORDS || text.ends_with(['.', '!', '?']) {
            continue;
        }
        let next = kinds
            .iter()
            .skip(i + 1)
            .find(|k| !matches!(k, LineKind::Blank));
        let nested = matches!(next, Some(LineKind::Bullet { indent: inner, .. }) if inner > indent);
        if nested {
            let text = text.clone();
            if let Some(k) = kinds.get_mut(i) {
                *k = LineKind::Skip {
                    text,
                    reason: "list label (bold item above nested items)".to_string(),
                };
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Titles and metadata
// ---------------------------------------------------------------------------------------------

/// The index and text of the line the title comes from.
fn find_title(kinds: &[LineKind]) -> Option<(usize, String)> {
    for (i, k) in kinds.iter().enumerate() {
        if let LineKind::Heading { text, .. }
        | LineKind::Bullet { text, .. }
        | LineKind::Text { text, .. } = k
        {
            if let Some(t) = title_field(text) {
                return Some((i, t));
            }
        }
    }
    for (i, k) in kinds.iter().enumerate() {
        match k {
            LineKind::Blank | LineKind::Decoration | LineKind::Skip { .. } => continue,
            LineKind::Bullet { .. } => return None,
            LineKind::Heading { text, kind, .. } => {
                let recognised = kind.is_some() && claimed_level(text) == ClaimedLevel::Unknown;
                return (!recognised).then(|| (i, clean_title(text)));
            }
            LineKind::Text { text, .. } => {
                if metadata_key(text).is_some() {
                    continue;
                }
                let fits = word_count(text) <= MAX_TITLE_WORDS;
                return fits.then(|| (i, clean_title(text)));
            }
        }
    }
    None
}

/// The value of a `Title:` / `Job title:` / `Position:` line.
fn title_field(text: &str) -> Option<String> {
    const KEYS: &[&str] = &[
        "job title",
        "position title",
        "role title",
        "title",
        "position",
        "role",
        "job",
    ];
    for key in KEYS {
        let Some(head) = text.get(..key.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(key) {
            continue;
        }
        let rest = text.get(key.len()..).unwrap_or("").trim_start();
        if let Some(value) = rest.strip_prefix(':') {
            let value = clean_title(value);
            if !value.is_empty() {
                return Some(value);
            }
        }
    }
    None
}

fn clean_title(s: &str) -> String {
    let t = s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | ';' | ',' | '.' | '!' | '?' | '-' | '–' | '—' | '|')
    });
    let t = t.trim_start_matches('#').trim();
    collapse_whitespace(t)
}

/// `Location: Remote`, `Salary: ...`: the key of a job-metadata line, if it is one.
fn metadata_key(text: &str) -> Option<String> {
    const KEYS: &[&str] = &[
        "location",
        "locations",
        "office",
        "work location",
        "salary",
        "salary range",
        "base salary",
        "pay range",
        "employment type",
        "job type",
        "type",
        "contract",
        "department",
        "team",
        "start date",
        "posted",
        "date posted",
        "job id",
        "req id",
        "requisition id",
        "reference",
        "work model",
        "workplace",
        "workplace type",
        "remote",
        "hours",
        "seniority",
        "category",
        "deadline",
        "closing date",
    ];
    let (key, value) = text.split_once(':')?;
    let key_norm = normalize_phrase(key);
    if value.trim().is_empty() || !KEYS.contains(&key_norm.as_str()) {
        return None;
    }
    Some(key.trim().to_string())
}

// ---------------------------------------------------------------------------------------------
// Section kinds
// ---------------------------------------------------------------------------------------------

/// Lower-case, straight apostrophes, `&` -> `and`, contractions expanded, punctuation dropped,
/// single spaces.
fn normalize_phrase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '’' | '‘' | '`' | '\'' => out.push('\''),
            '&' | '+' => out.push_str(" and "),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    let words: Vec<String> = out
        .split_whitespace()
        .map(|w| {
            let w = w.trim_matches('\'');
            match w {
                "you'll" | "youll" => "you will".to_string(),
                "we'll" => "we will".to_string(),
                "you're" => "you are".to_string(),
                "we're" => "we are".to_string(),
                "what's" | "whats" => "what is".to_string(),
                "it's" => "it is".to_string(),
                "here's" => "here is".to_string(),
                other => other.replace('\'', ""),
            }
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

const DUTIES_PHRASES: &[&str] = &[
    "responsibilities",
    "duties",
    "duties and responsibilities",
    "responsibilities and duties",
    "role responsibilities",
    "job responsibilities",
    "job duties",
    "what you will do",
    "what you will be doing",
    "what you will own",
    "what you will work on",
    "what you will be working on",
    "what you will achieve",
    "what the role involves",
    "what the job involves",
    "how you will contribute",
    "the role",
    "about the role",
    "about this role",
    "the job",
    "about the job",
    "the position",
    "about the position",
    "role overview",
    "role description",
    "job description",
    "position summary",
    "job summary",
    "role summary",
    "the opportunity",
    "about the opportunity",
    "this opportunity",
    "impact",
    "the impact you will have",
    "in this role you will",
    "in this role",
    "role",
    "day to day",
    "a day in the life",
    "you will",
    "accountabilities",
    "scope of the role",
    "the work",
];

const REQUIREMENTS_PHRASES: &[&str] = &[
    "requirements",
    "job requirements",
    "minimum requirements",
    "basic requirements",
    "qualifications",
    "minimum qualifications",
    "basic qualifications",
    "required qualifications",
    "preferred qualifications",
    "desired qualifications",
    "what you bring",
    "what you will bring",
    "what you will need",
    "what you need",
    "what we are looking for",
    "what we look for",
    "who we are looking for",
    "who you are",
    "about you",
    "you have",
    "you are",
    "you might be a fit if",
    "you may be a fit if",
    "nice to have",
    "nice to haves",
    "bonus points",
    "bonus",
    "preferred",
    "preferred skills",
    "skills",
    "required skills",
    "skills and experience",
    "experience and skills",
    "experience",
    "relevant experience",
    "required experience",
    "preferred experience",
    "education",
    "education and experience",
    "requirements and qualifications",
    "qualifications and requirements",
    "must have",
    "must haves",
    "ideal candidate",
    "the ideal candidate",
    "background",
    "profile",
    "what it takes",
];

const BENEFITS_PHRASES: &[&str] = &[
    "benefits",
    "perks",
    "benefits and perks",
    "perks and benefits",
    "what we offer",
    "what we offer you",
    "we offer",
    "what is in it for you",
    "what you will get",
    "what you get",
    "compensation",
    "compensation and benefits",
    "benefits and compensation",
    "pay and benefits",
    "total rewards",
    "rewards",
    "salary",
    "salary range",
    "pay",
    "pay range",
    "why join us",
    "why join",
    "why you will love working here",
    "why work with us",
    "why work here",
    "offer",
    "package",
];

const ABOUT_PHRASES: &[&str] = &[
    "about us",
    "about the company",
    "about the team",
    "about our team",
    "the company",
    "the team",
    "company",
    "team",
    "who we are",
    "mission",
    "story",
    "values",
    "culture",
    "company overview",
    "company description",
    "about",
    "why we exist",
    "life at",
    "equal opportunity",
    "equal opportunity employer",
    "diversity and inclusion",
    "diversity equity and inclusion",
    "eeo statement",
    "eeo",
];

const OTHER_PHRASES: &[&str] = &[
    "location",
    "locations",
    "work location",
    "how to apply",
    "to apply",
    "apply",
    "application process",
    "interview process",
    "hiring process",
    "next steps",
    "contact",
    "logistics",
    "job details",
    "details",
    "employment type",
    "job type",
    "start date",
    "schedule",
];

/// Exact phrase lookup, also after dropping a leading filler word ("key", "your", "our", ...)
/// and a trailing `at <Company>` / "with us" / "here".
fn phrase_kind(n: &str) -> Option<SectionKind> {
    let lookup = |p: &str| -> Option<SectionKind> {
        // "Your mission" is the job's; "Our mission" is the company's.
        if p == "your mission" {
            return Some(SectionKind::Duties);
        }
        let tables: [(&[&str], SectionKind); 5] = [
            (DUTIES_PHRASES, SectionKind::Duties),
            (REQUIREMENTS_PHRASES, SectionKind::Requirements),
            (BENEFITS_PHRASES, SectionKind::Benefits),
            (ABOUT_PHRASES, SectionKind::About),
            (OTHER_PHRASES, SectionKind::Other),
        ];
        tables
            .iter()
            .find(|(table, _)| table.contains(&p))
            .map(|(_, kind)| *kind)
    };
    let mut candidates = vec![n.to_string()];
    for filler in [
        "key ", "main ", "primary ", "core ", "your ", "our ", "the ", "my ", "job ",
    ] {
        if let Some(rest) = n.strip_prefix(filler) {
            candidates.push(rest.to_string());
        }
    }
    for c in candidates.clone() {
        if let Some(pos) = c.find(" at ") {
            candidates.push(c.get(..pos).unwrap_or("").to_string());
        }
        for suffix in [" with us", " here", " for you"] {
            if let Some(rest) = c.strip_suffix(suffix) {
                candidates.push(rest.to_string());
            }
        }
    }
    // "Life at Acme": the prefix itself is the phrase.
    if n.starts_with("life at ") {
        return Some(SectionKind::About);
    }
    // Candidates are tried in order: the whole phrase wins over its shortened forms.
    candidates.iter().find_map(|c| lookup(c))
}

const KEYWORDS: &[(&str, SectionKind)] = &[
    ("responsibilit", SectionKind::Duties),
    ("duties", SectionKind::Duties),
    ("what you will do", SectionKind::Duties),
    ("what you will be doing", SectionKind::Duties),
    ("your impact", SectionKind::Duties),
    ("the role", SectionKind::Duties),
    ("this role", SectionKind::Duties),
    ("your role", SectionKind::Duties),
    ("the position", SectionKind::Duties),
    ("the opportunity", SectionKind::Duties),
    ("day to day", SectionKind::Duties),
    ("accountabilit", SectionKind::Duties),
    ("requirement", SectionKind::Requirements),
    ("qualification", SectionKind::Requirements),
    ("what you bring", SectionKind::Requirements),
    ("what you will bring", SectionKind::Requirements),
    ("looking for", SectionKind::Requirements),
    ("about you", SectionKind::Requirements),
    ("who you are", SectionKind::Requirements),
    ("nice to have", SectionKind::Requirements),
    ("bonus", SectionKind::Requirements),
    ("preferred", SectionKind::Requirements),
    ("skills", SectionKind::Requirements),
    ("must have", SectionKind::Requirements),
    ("ideal candidate", SectionKind::Requirements),
    ("competenc", SectionKind::Requirements),
    ("benefit", SectionKind::Benefits),
    ("perk", SectionKind::Benefits),
    ("what we offer", SectionKind::Benefits),
    ("we offer", SectionKind::Benefits),
    ("compensation", SectionKind::Benefits),
    ("salary", SectionKind::Benefits),
    ("pay range", SectionKind::Benefits),
    ("total rewards", SectionKind::Benefits),
    ("why join", SectionKind::Benefits),
    ("why work", SectionKind::Benefits),
    ("in it for you", SectionKind::Benefits),
    ("what you get", SectionKind::Benefits),
    ("what you will get", SectionKind::Benefits),
    ("about us", SectionKind::About),
    ("about the company", SectionKind::About),
    ("about the team", SectionKind::About),
    ("who we are", SectionKind::About),
    ("our mission", SectionKind::About),
    ("our story", SectionKind::About),
    ("our values", SectionKind::About),
    ("our culture", SectionKind::About),
    ("company overview", SectionKind::About),
    ("the company", SectionKind::About),
    ("our company", SectionKind::About),
    ("our team", SectionKind::About),
    ("why we exist", SectionKind::About),
    ("equal opportunity", SectionKind::About),
    ("diversity", SectionKind::About),
];

/// "As our VP of Engineering, you will" (at most 12 words): a lead-in to the duties.
fn is_you_will_lead_in(n: &str) -> bool {
    n.split(' ').count() <= MAX_LEAD_IN_WORDS
        && (n == "you will" || n.ends_with(" you will") || n.ends_with(" you will be"))
}

/// The kind of the earliest keyword in the phrase (a keyword starts at a word boundary; the
/// longer keyword wins a tie).
fn keyword_kind(n: &str) -> Option<SectionKind> {
    let mut best: Option<(usize, usize, SectionKind)> = None;
    for (kw, kind) in KEYWORDS {
        let mut from = 0;
        while let Some(off) = n.get(from..).and_then(|s| s.find(kw)) {
            let pos = from + off;
            let at_boundary = pos == 0 || n.get(..pos).is_some_and(|p| p.ends_with(' '));
            if at_boundary {
                let better = match best {
                    None => true,
                    Some((bp, bl, _)) => pos < bp || (pos == bp && kw.len() > bl),
                };
                if better {
                    best = Some((pos, kw.len(), *kind));
                }
                break;
            }
            from = pos + kw.len();
        }
    }
    best.map(|(_, _, kind)| kind)
}

/// The kind of a known heading phrase standing alone on a line (no `:`, no markup): stricter
/// than [`section_kind`], so an ordinary short sentence is not mistaken for a heading.
fn bare_heading_kind(text: &str) -> Option<SectionKind> {
    let n = normalize_phrase(text);
    if n.is_empty() {
        return None;
    }
    if let Some(kind) = phrase_kind(&n) {
        return Some(kind);
    }
    // "About Acme Robotics": "About" and a capitalised name of up to 3 words.
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    let capitalised = rest
        .first()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    if first.eq_ignore_ascii_case("about") && !rest.is_empty() && rest.len() <= 3 && capitalised {
        return Some(SectionKind::About);
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Building statements
// ---------------------------------------------------------------------------------------------

/// Where the current lines belong.
#[derive(Debug, Clone)]
struct Context {
    /// The heading the lines sit under (`None` before any heading).
    heading: Option<String>,
    /// Whether the lines are duties; if not, `reason` says why.
    duty: bool,
    reason: String,
}

/// A bullet or paragraph being collected across wrapped lines.
#[derive(Debug)]
struct Unit {
    /// The joined text.
    text: String,
    /// (byte offset in `text`, 1-based line) for each joined line.
    starts: Vec<(usize, usize)>,
    indent: usize,
    bullet: bool,
}

impl Unit {
    fn line_at(&self, offset: usize) -> usize {
        self.starts
            .iter()
            .take_while(|(start, _)| *start <= offset)
            .last()
            .or(self.starts.first())
            .map_or(1, |(_, line)| *line)
    }
}

struct Builder {
    statements: Vec<Statement>,
    skipped: Vec<Skipped>,
    ctx: Context,
    /// The nearest recognised (non-unknown) heading above, with its kind.
    last_recognised: Option<(String, SectionKind)>,
    has_duties_heading: bool,
    unit: Option<Unit>,
}

impl Builder {
    fn new(has_duties_heading: bool) -> Self {
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

    fn skip(&mut self, text: String, reason: String, line: usize) {
        self.skipped.push(Skipped { text, reason, line });
    }

    fn enter_section(&mut self, heading: &str, kind: Option<SectionKind>) {
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

    fn start(&mut self, text: &str, line: usize, indent: usize, bullet: bool) {
        self.unit = Some(Unit {
            text: text.to_string(),
            starts: vec![(0, line)],
            indent,
            bullet,
        });
    }

    fn append(&mut self, text: &str, line: usize) {
        if let Some(u) = self.unit.as_mut() {
            u.text.push(' ');
            u.starts.push((u.text.len(), line));
            u.text.push_str(text);
        }
    }

    /// Whether a line indented deeper than the bullet being collected continues it.
    fn indented_under_bullet(&self, indent: usize) -> bool {
        self.unit
            .as_ref()
            .is_some_and(|u| u.bullet && indent > u.indent)
    }

    /// Whether a non-bullet line continues the unit being collected.
    fn continues(&self, cur: &str, indent: usize) -> bool {
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

    fn flush(&mut self) {
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
const CONNECTORS: &[&str] = &[
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

fn is_continuation(prev: &str, cur: &str) -> bool {
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

// ---------------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------------

const ABBREVIATIONS: &[&str] = &[
    "e.g", "eg", "i.e", "ie", "etc", "sr", "jr", "inc", "ltd", "co", "corp", "vs", "v", "dr", "mr",
    "mrs", "ms", "st", "no", "nos", "approx", "incl", "dept", "esp", "cf", "al", "fig", "vol",
    "ca", "min", "max", "avg", "est", "yr", "yrs", "mo", "mos", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "govt",
    "intl", "assoc", "bros", "ph.d", "u.s", "u.k", "v.p", "a.m", "p.m",
];

/// Whether the text before a `.` ends with an abbreviation (so the `.` does not end a sentence).
fn ends_with_abbreviation(before_dot: &str) -> bool {
    let token = before_dot
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_start_matches(['(', '"', '\'', '“', '‘', '[']);
    if token.is_empty() {
        return false;
    }
    let lower = token.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Initials: "J", and dotted forms whose parts are one or two letters: "U.S", "Ph.D", "M.B.A".
    let mut chars = token.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    token.contains('.')
        && token.split('.').all(|part| {
            let n = part.chars().count();
            (1..=2).contains(&n) && part.chars().all(char::is_alphabetic)
        })
}

/// Sentence pieces of `text` as (byte offset of the trimmed piece, trimmed piece).
fn sentence_spans(text: &str) -> Vec<(usize, &str)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let ch = |k: usize| chars.get(k).map(|&(_, c)| c);
    let pos = |k: usize| chars.get(k).map_or(text.len(), |&(p, _)| p);
    let mut raw: Vec<(usize, usize)> = Vec::new();
    let mut start = 0usize;
    let mut k = 0usize;
    while k < n {
        let Some(c) = ch(k) else { break };
        if matches!(c, '•' | '·')
            && k > 0
            && ch(k - 1).is_some_and(char::is_whitespace)
            && ch(k + 1).is_some_and(char::is_whitespace)
        {
            raw.push((start, pos(k)));
            start = pos(k + 1);
            k += 1;
            continue;
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut e = k + 1;
            while ch(e).is_some_and(|x| {
                matches!(
                    x,
                    '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']'
                )
            }) {
                e += 1;
            }
            if ch(e).is_some_and(char::is_whitespace) {
                let mut f = e;
                while ch(f).is_some_and(char::is_whitespace) {
                    f += 1;
                }
                let mut g = f;
                while ch(g).is_some_and(|x| matches!(x, '"' | '“' | '‘' | '\'' | '(')) {
                    g += 1;
                }
                let opens = ch(g).is_some_and(|x| x.is_uppercase() || x.is_ascii_digit());
                if opens
                    && !(c == '.' && ends_with_abbreviation(text.get(start..pos(k)).unwrap_or("")))
                {
                    raw.push((start, pos(e)));
                    start = pos(f);
                    k = f;
                    continue;
                }
            }
            k = e;
            continue;
        }
        k += 1;
    }
    raw.push((start, text.len()));

    raw.into_iter()
        .filter_map(|(a, b)| {
            let piece = text.get(a..b)?;
            let trimmed = piece.trim_start();
            let offset = a + (piece.len() - trimmed.len());
            let trimmed = trimmed.trim_end();
            (!trimmed.is_empty()).then_some((offset, trimmed))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Inline markup
// ---------------------------------------------------------------------------------------------

fn word_count(s: &str) -> usize {
    s.unicode_words().count()
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For each `open` character, the index of its matching `close` (nesting allowed); one pass.
fn match_pairs(chars: &[char], open: char, close: char) -> Vec<Option<usize>> {
    let mut pairs = vec![None; chars.len()];
    let mut stack = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == open {
            stack.push(i);
        } else if c == close {
            if let Some(slot) = stack.pop().and_then(|o| pairs.get_mut(o)) {
                *slot = Some(i);
            }
        }
    }
    pairs
}

/// `[text](url)`, `[text][ref]` and `![alt](url)` -> the text (links inside the text too).
///
/// Linear time and no recursion, whatever the nesting: the brackets are matched in one pass, and
/// when a link is found its `[` (and `!`) is dropped, the scan goes on through its text, and at
/// its `]` jumps past the target.
fn strip_links(chars: &[char]) -> Vec<char> {
    let brackets = match_pairs(chars, '[', ']');
    let parens = match_pairs(chars, '(', ')');
    let pair = |pairs: &[Option<usize>], i: usize| pairs.get(i).copied().flatten();
    let mut jump: Vec<Option<usize>> = vec![None; chars.len()];
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if let Some(next) = jump.get(i).copied().flatten() {
            i = next;
            continue;
        }
        let open = match c {
            '[' => Some(i),
            '!' if chars.get(i + 1) == Some(&'[') => Some(i + 1),
            _ => None,
        };
        let link = open.and_then(|open| {
            let close = pair(&brackets, open)?;
            let end = match chars.get(close + 1) {
                Some('(') => pair(&parens, close + 1),
                Some('[') => pair(&brackets, close + 1),
                _ => None,
            }?;
            Some((open, close, end))
        });
        if let Some((open, close, end)) = link {
            if let Some(slot) = jump.get_mut(close) {
                *slot = Some(end + 1);
            }
            i = open + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Drop autolinks (`<https://...>`, `<mailto:...>`, `<a@b>`), HTML tags and comments.
fn strip_angle_brackets(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if c == '<' {
            let close = chars
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, &x)| x == '>' || x == '<')
                .filter(|(_, &x)| x == '>')
                .map(|(j, _)| j);
            if let Some(j) = close {
                let inner: String = chars.get(i + 1..j).unwrap_or(&[]).iter().collect();
                if is_autolink(&inner) || is_html_tag(&inner) {
                    out.push(' ');
                    i = j + 1;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn is_autolink(inner: &str) -> bool {
    let lower = inner.to_ascii_lowercase();
    let scheme = ["http://", "https://", "mailto:", "www.", "ftp://"]
        .iter()
        .any(|p| lower.starts_with(p));
    let email = inner.contains('@') && !inner.contains(char::is_whitespace) && !inner.is_empty();
    (scheme && !inner.contains(char::is_whitespace)) || email
}

fn is_html_tag(inner: &str) -> bool {
    if inner.starts_with("!--") && inner.ends_with("--") {
        return true;
    }
    let name = inner.strip_prefix('/').unwrap_or(inner);
    let mut it = name.chars();
    let Some(first) = it.next() else {
        return false;
    };
    if !first.is_ascii_alphabetic() {
        return false;
    }
    let tag_len = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .count();
    let after = name.get(tag_len..).unwrap_or("");
    after.is_empty() || after.starts_with(char::is_whitespace) || after.starts_with('/')
}

/// Decode `&amp;`, `&nbsp;`, a few named punctuation entities and numeric entities.
pub fn decode_entities(s: &str) -> String {
    const NAMED: &[(&str, char)] = &[
        ("amp", '&'),
        ("nbsp", ' '),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("rsquo", '’'),
        ("lsquo", '‘'),
        ("rdquo", '”'),
        ("ldquo", '“'),
        ("ndash", '–'),
        ("mdash", '—'),
        ("hellip", '…'),
        ("bull", '•'),
        ("middot", '·'),
        ("copy", '©'),
        ("reg", '®'),
        ("trade", '™'),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        // Entity names are short: look for the `;` in the next few characters only.
        let decoded = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(semi, _)| semi)
            .filter(|&semi| semi > 0 && semi <= 10)
            .and_then(|semi| {
                let name = after.get(..semi)?;
                let c = if let Some(num) = name.strip_prefix('#') {
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(code).filter(|c| *c != '\0')?
                } else {
                    NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)?
                };
                Some((c, semi))
            });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = after.get(semi + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Drop emphasis delimiters (`*`, `_`, `~~`, backticks) but keep `snake_case`, `a * b` and
/// `~50`.
fn strip_emphasis(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if !matches!(c, '*' | '_' | '~' | '`') {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j) == Some(&c) {
            j += 1;
        }
        let run = j - i;
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(j).copied();
        let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
        let alnum = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
        let keep = match c {
            '`' => false,
            '~' => run == 1,
            '*' => (space(prev) && space(next)) || (run == 1 && alnum(prev) && alnum(next)),
            _ => (alnum(prev) && alnum(next)) || (space(prev) && space(next)),
        };
        if keep {
            out.extend(std::iter::repeat_n(c, run));
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIRECTOR_CONSISTENT: &str =
        include_str!("../tests/fixtures/postings/director_consistent.md");
    const VP_CONSISTENT: &str = include_str!("../tests/fixtures/postings/vp_consistent.md");
    const DIRECTOR_TITLE_VP_DUTIES: &str =
        include_str!("../tests/fixtures/postings/director_title_vp_duties.md");
    const VP_TITLE_TEAM_DUTIES: &str =
        include_str!("../tests/fixtures/postings/vp_title_team_duties.txt");
    const NO_HEADINGS: &str = include_str!("../tests/fixtures/postings/no_headings.txt");
    const MARKDOWN_NESTED: &str = include_str!("../tests/fixtures/postings/markdown_nested.md");
    const CRLF_DIRECTOR: &str = include_str!("../tests/fixtures/postings/crlf_director.txt");
    const NO_DUTIES: &str = include_str!("../tests/fixtures/postings/no_duties.md");

    const ALL_FIXTURES: &[(&str, &str)] = &[
        ("director_consistent.md", DIRECTOR_CONSISTENT),
        ("vp_consistent.md", VP_CONSISTENT),
        ("director_title_vp_duties.md", DIRECTOR_TITLE_VP_DUTIES),
        ("vp_title_team_duties.txt", VP_TITLE_TEAM_DUTIES),
        ("no_headings.txt", NO_HEADINGS),
        ("markdown_nested.md", MARKDOWN_NESTED),
        ("crlf_director.txt", CRLF_DIRECTOR),
        ("no_duties.md", NO_DUTIES),
    ];

    fn texts(p: &Posting) -> Vec<&str> {
        p.statements.iter().map(|s| s.text.as_str()).collect()
    }

    fn skipped_with<'a>(p: &'a Posting, text: &str) -> Option<&'a Skipped> {
        p.skipped.iter().find(|s| s.text == text)
    }

    fn statement<'a>(p: &'a Posting, prefix: &str) -> &'a Statement {
        match p.statements.iter().find(|s| s.text.starts_with(prefix)) {
            Some(s) => s,
            None => panic!("no statement starting with {prefix:?} in {:#?}", texts(p)),
        }
    }

    fn alnum(s: &str) -> Vec<char> {
        s.chars().filter(|c| c.is_alphanumeric()).collect()
    }

    /// `needle` is a subsequence of `hay`.
    fn is_subsequence(needle: &[char], hay: &[char]) -> bool {
        let mut it = hay.iter();
        needle.iter().all(|c| it.any(|h| h == c))
    }

    /// The invariants every parse must keep, whatever the input.
    fn check_invariants(input: &str, p: &Posting) {
        let line_count = split_lines(input).len().max(1);
        let decoded = alnum(&decode_entities(input));
        let raw = alnum(input);
        let mut all = Vec::new();
        for s in &p.statements {
            assert!(!s.text.is_empty(), "empty statement from {input:?}");
            assert_eq!(s.text, s.text.trim(), "untrimmed statement from {input:?}");
            assert!(!s.text.contains("  "), "double space in {:?}", s.text);
            assert!(
                !s.text.contains(['\r', '\n', '\t']),
                "control char in {:?}",
                s.text
            );
            assert!(
                word_count(&s.text) >= MIN_STATEMENT_WORDS,
                "short {:?}",
                s.text
            );
            assert!(
                (1..=line_count).contains(&s.line),
                "line {} of {input:?}",
                s.line
            );
            all.extend(alnum(&s.text));
        }
        // Never invent text: the statements' letters and digits appear, in order, in the input.
        assert!(
            is_subsequence(&all, &decoded),
            "statements are not a subsequence of the input {input:?}: {:#?}",
            texts(p)
        );
        for s in &p.skipped {
            assert!(
                (1..=line_count).contains(&s.line),
                "line {} of {input:?}",
                s.line
            );
            assert!(!s.reason.is_empty());
            // Markup-only lines are reported raw; everything else decoded.
            let t = alnum(&s.text);
            assert!(
                is_subsequence(&t, &decoded) || is_subsequence(&t, &raw),
                "skipped text {:?} not in input {input:?}",
                s.text
            );
        }
        let mut lines: Vec<usize> = p.statements.iter().map(|s| s.line).collect();
        let sorted = {
            let mut l = lines.clone();
            l.sort_unstable();
            l
        };
        assert_eq!(lines, sorted, "statements out of order");
        lines.clear();
    }

    // -----------------------------------------------------------------------------------------
    // claimed_level
    // -----------------------------------------------------------------------------------------

    #[test]
    fn claimed_level_director_spellings() {
        for title in [
            "Director of Engineering",
            "director of engineering",
            "DIRECTOR OF ENGINEERING",
            "Engineering Director",
            "Director, Software Engineering",
            "Senior Director of Engineering",
            "Sr. Director, Platform Engineering",
            "Sr Director - Platform Engineering",
            "Director Engineering",
            "Director of Engineering (Payments)",
            "Director of Engineering, reporting to the VP of Engineering",
            "Director of Engineering - reports to: VP Engineering",
            "Associate Director of Engineering",
            "Dir. of Engineering",
            "Director, Engineering & Operations",
            "Group Director/Engineering",
            "  Director   of\tEngineering  ",
            "Directors of Engineering",
        ] {
            assert_eq!(claimed_level(title), ClaimedLevel::Director, "{title:?}");
        }
    }

    #[test]
    fn claimed_level_vp_spellings() {
        for title in [
            "VP of Engineering",
            "VP Engineering",
            "vp, engineering",
            "V.P. of Engineering",
            "V. P. of Engineering",
            "V.P Engineering",
            "Vice President of Engineering",
            "vice president, engineering",
            "Vice-President, Engineering",
            "Vice-President of Engineering",
            "SVP Engineering",
            "EVP of Engineering",
            "Senior Vice President",
            "Senior Vice President, Engineering",
            "VPE",
            "VPoE",
            "AVP, Software Engineering",
            "VP-Engineering",
            "Engineering VP",
            "CTO / VP of Engineering",
            "VP of Engineering, reports to the CEO",
        ] {
            assert_eq!(claimed_level(title), ClaimedLevel::Vp, "{title:?}");
        }
    }

    #[test]
    fn claimed_level_unknown_spellings() {
        for title in [
            "Head of Engineering",
            "Head of Platform Engineering",
            "Engineering Manager",
            "Senior Engineering Manager",
            "CTO",
            "Chief Technology Officer",
            "Staff Engineer",
            "Principal Engineer",
            "",
            "   ",
            "Director or VP of Engineering",
            "VP / Director, Engineering",
            "Director of Engineering (VP track)",
            "Engineering Manager, reporting to the Director of Engineering",
            "Tech Lead, reports to the VP Engineering",
            "President",
            "MVP Builder",
            "Directory Services Engineer",
            "Vice Chair of the Board",
        ] {
            assert_eq!(claimed_level(title), ClaimedLevel::Unknown, "{title:?}");
        }
    }

    // -----------------------------------------------------------------------------------------
    // section_kind
    // -----------------------------------------------------------------------------------------

    #[test]
    fn section_kind_duties_headings() {
        for h in [
            "Responsibilities",
            "RESPONSIBILITIES",
            "## Responsibilities",
            "Key responsibilities",
            "Key Responsibilities:",
            "What you'll do",
            "What you’ll do",
            "**What you'll do**",
            "What You Will Do:",
            "What you will be doing",
            "What you'll do at Larkspur",
            "The role",
            "The Role",
            "About the role",
            "About this role",
            "Your impact",
            "In this role you will",
            "In this role, you will:",
            "Duties",
            "Duties & Responsibilities",
            "Your role",
            "The opportunity",
            "Day-to-day",
            "Your mission",
            "Job description",
            "Main responsibilities of the role",
            "As Director of Engineering at Larkspur, you will be",
        ] {
            assert_eq!(section_kind(h), Some(SectionKind::Duties), "{h:?}");
        }
    }

    #[test]
    fn section_kind_requirements_headings() {
        for h in [
            "Requirements",
            "requirements:",
            "Qualifications",
            "Minimum Qualifications",
            "Preferred qualifications",
            "What you bring",
            "What you’ll bring",
            "What we're looking for",
            "What We’re Looking For:",
            "About you",
            "Who you are",
            "Nice to have",
            "Nice-to-haves",
            "Bonus points",
            "Bonus points if you have",
            "Skills",
            "Skills & Experience",
            "Skills and responsibilities",
            "Experience",
            "Must-have",
            "The ideal candidate",
            "_Requirements_",
        ] {
            assert_eq!(section_kind(h), Some(SectionKind::Requirements), "{h:?}");
        }
    }

    #[test]
    fn section_kind_benefits_about_and_other_headings() {
        for h in [
            "Benefits",
            "Perks",
            "Benefits & Perks",
            "What we offer",
            "What we offer you",
            "Compensation",
            "Compensation and benefits",
            "Total rewards",
            "What's in it for you",
            "Why join us?",
            "Salary",
        ] {
            assert_eq!(section_kind(h), Some(SectionKind::Benefits), "{h:?}");
        }
        for h in [
            "About us",
            "ABOUT US",
            "About the company",
            "Who we are",
            "Our mission",
            "About Larkspur Logistics",
            "About Quillfeather",
            "Our story",
            "Life at Hollowmere",
            "The team",
            "Equal opportunity employer",
        ] {
            assert_eq!(section_kind(h), Some(SectionKind::About), "{h:?}");
        }
        for h in [
            "Location",
            "How to apply",
            "Interview process",
            "Next steps",
        ] {
            assert_eq!(section_kind(h), Some(SectionKind::Other), "{h:?}");
        }
        for h in [
            "",
            "###",
            "Director of Engineering",
            "Overview",
            "People leadership",
            "Lead the platform squads and run sprint planning every two weeks with them",
        ] {
            assert_eq!(section_kind(h), None, "{h:?}");
        }
    }

    #[test]
    fn heading_lines_are_recognised_in_plain_text_and_markdown() {
        let cases: &[(&str, Option<SectionKind>)] = &[
            ("## Responsibilities", Some(SectionKind::Duties)),
            ("### What you'll do ###", Some(SectionKind::Duties)),
            ("**What you'll do**", Some(SectionKind::Duties)),
            ("**What you'll do:**", Some(SectionKind::Duties)),
            ("__Requirements__:", Some(SectionKind::Requirements)),
            ("What You Will Do:", Some(SectionKind::Duties)),
            ("Responsibilities:", Some(SectionKind::Duties)),
            ("Key responsibilities", Some(SectionKind::Duties)),
            ("The role", Some(SectionKind::Duties)),
            ("Your impact", Some(SectionKind::Duties)),
            ("In this role you will", Some(SectionKind::Duties)),
            ("In this role, you will:", Some(SectionKind::Duties)),
            (
                "As our VP of Engineering, you'll:",
                Some(SectionKind::Duties),
            ),
            ("Duties", Some(SectionKind::Duties)),
            ("*Benefits*", Some(SectionKind::Benefits)),
            ("PERKS", Some(SectionKind::Benefits)),
            ("About Saltmarsh Robotics", Some(SectionKind::About)),
            ("Who we are:", Some(SectionKind::About)),
            ("# Director of Engineering", None),
            ("People leadership:", None),
            ("**Platform and reliability**", None),
        ];
        for (line, kind) in cases {
            match classify_line(line) {
                LineKind::Heading { kind: k, .. } => assert_eq!(k, *kind, "{line:?}"),
                other => panic!("{line:?} is not a heading: {other:?}"),
            }
        }
        for line in [
            "- Responsibilities:",
            "Own the team's benefits budget",
            "You will report to the CEO and own the department budget:",
            "the following:",
            "About 200 engineers work here",
            "**We are an equal opportunity employer and welcome everyone.**",
            "#hashtag",
            "Benefits are reviewed every year.",
        ] {
            assert!(
                matches!(
                    classify_line(line),
                    LineKind::Text { .. } | LineKind::Bullet { .. }
                ),
                "{line:?} should not be a heading: {:?}",
                classify_line(line)
            );
        }
    }

    // -----------------------------------------------------------------------------------------
    // Line normalisation
    // -----------------------------------------------------------------------------------------

    #[test]
    fn bullet_markers_are_stripped() {
        for line in [
            "- Lead the team",
            "* Lead the team",
            "+ Lead the team",
            "• Lead the team",
            "•Lead the team",
            "· Lead the team",
            "– Lead the team",
            "1. Lead the team",
            "12) Lead the team",
            "a) Lead the team",
            "B. Lead the team",
            "(b) Lead the team",
            "(3) Lead the team",
            "i. Lead the team",
            "iv) Lead the team",
            "(ii) Lead the team",
            "    - Lead the team",
            "\t* Lead the team",
            "> - Lead the team",
        ] {
            match classify_line(line) {
                LineKind::Bullet { text, .. } => assert_eq!(text, "Lead the team", "{line:?}"),
                other => panic!("{line:?} is not a bullet: {other:?}"),
            }
        }
        for line in [
            "e.g. a team of six",
            "U.S. work authorisation is required",
            "V. P. of Engineering",
            "3.5 years of experience",
            "2024. A big year",
            "**Lead** the team",
            "-5% churn this year",
            "*italic* start",
            "Sr. Director of Engineering",
        ] {
            assert!(
                matches!(classify_line(line), LineKind::Text { .. }),
                "{line:?} should be text: {:?}",
                classify_line(line)
            );
        }
    }

    #[test]
    fn decoration_and_blank_lines_produce_nothing() {
        for line in [
            "",
            "   ",
            "---",
            "***",
            "* * *",
            "___",
            "===",
            "|---|:---:|",
            "```",
            "#",
            "-",
            "1.",
            "•",
        ] {
            assert!(
                matches!(classify_line(line), LineKind::Blank | LineKind::Decoration),
                "{line:?}: {:?}",
                classify_line(line)
            );
        }
        let p = parse_posting("---\n\n***\n   \n* * *\n", None);
        assert_eq!(p.statements, vec![]);
        assert_eq!(p.skipped, vec![]);
        assert_eq!(p.title, None);
    }

    #[test]
    fn emphasis_links_and_entities_are_removed() {
        let cases = [
            ("**Own** the budget", "Own the budget"),
            ("__Own__ the budget", "Own the budget"),
            ("*Own* the _department_ budget", "Own the department budget"),
            (
                "Ship the `settlement-service` on time",
                "Ship the settlement-service on time",
            ),
            (
                "Read [our blog](https://example.com/a_(b)) today",
                "Read our blog today",
            ),
            ("See [the guide][1] first", "See the guide first"),
            (
                "Logo ![Acme logo](https://example.com/l.png) here",
                "Logo Acme logo here",
            ),
            ("Apply at <https://example.com/jobs> now", "Apply at now"),
            ("Mail <jobs@example.com> today", "Mail today"),
            ("R&amp;D&nbsp;programs", "R&D programs"),
            (
                "we&#39;re &lt;10 &amp; growing&#x21;",
                "we're <10 & growing!",
            ),
            (
                "Keep snake_case and 5 * 3 and ~50 people",
                "Keep snake_case and 5 * 3 and ~50 people",
            ),
            ("~~old~~ new", "old new"),
            ("Line<br>break and <b>bold</b>", "Line break and bold"),
            ("Tabs\tand   spaces \r here", "Tabs and spaces here"),
            (
                "Unknown &bogus; entity & more",
                "Unknown &bogus; entity & more",
            ),
            ("[unclosed link(", "[unclosed link("),
            (
                "[outer [inner](https://a.example) text](https://b.example)",
                "outer inner text",
            ),
            ("[a](https://x.example/(y)) and [b](z", "a and [b](z"),
            (
                "**[Recruiting strategy](https://example.com)** for the org",
                "Recruiting strategy for the org",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(clean_inline(input), want, "{input:?}");
        }
    }

    #[test]
    fn nested_bullets_are_separate_statements() {
        let text = "Responsibilities\n\
                    - Lead the platform group\n  \
                      - Run sprint planning with the team leads\n    \
                        - Review the backlog every week\n\
                    - Own the project budget for the rebuild\n";
        let p = parse_posting(text, Some("Director of Engineering"));
        assert_eq!(
            texts(&p),
            vec![
                "Lead the platform group",
                "Run sprint planning with the team leads",
                "Review the backlog every week",
                "Own the project budget for the rebuild",
            ]
        );
        let lines: Vec<usize> = p.statements.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5]);
        assert!(p
            .statements
            .iter()
            .all(|s| s.section.as_deref() == Some("Responsibilities")));
    }

    #[test]
    fn wrapped_lines_are_joined() {
        let text = "Responsibilities:\n\
                    - Own the department budget and present it to\n\
                    the board every quarter\n\
                    - Report to the CEO on the progress of the\n  \
                      engineering organization\n\
                    - Hire engineers onto the team,\n\
                    Platform and Mobile alike\n\
                    - Work with the Sr.\n\
                    Director of Product\n\
                    - Grow the team from\n\
                    12 to 20 engineers\n\
                    Run sprint retrospectives with the developers\n\
                    Keep the backlog groomed for the next quarter\n";
        let p = parse_posting(text, Some("VP of Engineering"));
        assert_eq!(
            texts(&p),
            vec![
                "Own the department budget and present it to the board every quarter",
                "Report to the CEO on the progress of the engineering organization",
                "Hire engineers onto the team, Platform and Mobile alike",
                "Work with the Sr. Director of Product",
                "Grow the team from 12 to 20 engineers",
                "Run sprint retrospectives with the developers",
                "Keep the backlog groomed for the next quarter",
            ]
        );
        let lines: Vec<usize> = p.statements.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![2, 4, 6, 8, 10, 12, 13]);
    }

    #[test]
    fn paragraph_is_split_into_sentences_with_their_lines() {
        let text = "The role\n\
                    You will lead three squads. You will run sprint planning with\n\
                    their team leads! Will you also own the project budget? Yes. 2 teams\n\
                    report to you today.\n";
        let p = parse_posting(text, None);
        assert_eq!(
            texts(&p),
            vec![
                "You will lead three squads.",
                "You will run sprint planning with their team leads!",
                "Will you also own the project budget?",
                "2 teams report to you today.",
            ]
        );
        let lines: Vec<usize> = p.statements.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![2, 2, 3, 3]);
        let yes = skipped_with(&p, "Yes.").map(|s| s.reason.as_str());
        assert_eq!(yes, Some("fragment (fewer than 3 words)"));
    }

    #[test]
    fn sentence_splitting_respects_abbreviations() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Own tools, e.g. CI and linters. Then ship.",
                &["Own tools, e.g. CI and linters.", "Then ship."],
            ),
            (
                "Own tools, e.g. Jenkins and linters.",
                &["Own tools, e.g. Jenkins and linters."],
            ),
            (
                "Pick one, i.e. Rust or Go.",
                &["Pick one, i.e. Rust or Go."],
            ),
            (
                "Buy laptops, monitors, etc. For the whole team.",
                &["Buy laptops, monitors, etc. For the whole team."],
            ),
            (
                "Report to the Sr. Director of Engineering.",
                &["Report to the Sr. Director of Engineering."],
            ),
            (
                "Work with Acme Inc. Teams in Berlin.",
                &["Work with Acme Inc. Teams in Berlin."],
            ),
            ("Build vs. Buy decisions.", &["Build vs. Buy decisions."]),
            (
                "Hire in the U.S. And Canada.",
                &["Hire in the U.S. And Canada."],
            ),
            (
                "Report to the V.P. Engineering leads it.",
                &["Report to the V.P. Engineering leads it."],
            ),
            (
                "Meet Dr. Smith and J. Doe weekly.",
                &["Meet Dr. Smith and J. Doe weekly."],
            ),
            (
                "Ship v1.2 today. Then rest.",
                &["Ship v1.2 today.", "Then rest."],
            ),
            (
                "We use Node.js. You will too.",
                &["We use Node.js.", "You will too."],
            ),
            (
                "Lead the team. 40 engineers report to you.",
                &["Lead the team.", "40 engineers report to you."],
            ),
            (
                "Lead it (all of it.) Then rest.",
                &["Lead it (all of it.)", "Then rest."],
            ),
            (
                "He said \"go.\" Then we went.",
                &["He said \"go.\"", "Then we went."],
            ),
            (
                "Wait... What happened?! Nobody knows.",
                &["Wait...", "What happened?!", "Nobody knows."],
            ),
            (
                "lower. case stays together.",
                &["lower. case stays together."],
            ),
            (
                "Own budgets • Run sprints • Hire leads",
                &["Own budgets", "Run sprints", "Hire leads"],
            ),
            ("", &[]),
            ("   ", &[]),
        ];
        for (input, want) in cases {
            assert_eq!(split_sentences(input), *want, "{input:?}");
        }
    }

    #[test]
    fn crlf_stray_cr_tabs_and_classic_mac_line_ends() {
        let crlf = "Director of Engineering\r\n\r\nResponsibilities:\r\n- Lead the\tteam leads\r\n- Run\r sprint planning every week\r\n";
        let p = parse_posting(crlf, None);
        assert_eq!(p.title.as_deref(), Some("Director of Engineering"));
        assert_eq!(
            texts(&p),
            vec!["Lead the team leads", "Run sprint planning every week"]
        );
        assert_eq!(
            p.statements.iter().map(|s| s.line).collect::<Vec<_>>(),
            vec![4, 5]
        );

        let mac = "VP of Engineering\rResponsibilities:\r- Own the department budget\r- Report to the CEO\r";
        let p = parse_posting(mac, None);
        assert_eq!(p.claimed_level, ClaimedLevel::Vp);
        assert_eq!(
            texts(&p),
            vec!["Own the department budget", "Report to the CEO"]
        );
        assert_eq!(
            p.statements.iter().map(|s| s.line).collect::<Vec<_>>(),
            vec![3, 4]
        );

        let bom = "\u{feff}# VP Engineering\n";
        assert_eq!(
            parse_posting(bom, None).title.as_deref(),
            Some("VP Engineering")
        );
    }

    // -----------------------------------------------------------------------------------------
    // Titles
    // -----------------------------------------------------------------------------------------

    #[test]
    fn title_sources() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("# Director of Engineering\n\nLead teams.", None, Some("Director of Engineering")),
            ("**VP of Engineering:**\n", None, Some("VP of Engineering")),
            ("## _Sr. Director, Platform Engineering_ ##\n", None, Some("Sr. Director, Platform Engineering")),
            ("Acme Robotics\nTitle: VP Engineering\n", None, Some("VP Engineering")),
            ("Acme\n**Job title:** Director of Engineering\n", None, Some("Director of Engineering")),
            ("Acme\nJOB TITLE: Engineering Director.\n", None, Some("Engineering Director")),
            ("Acme\n## Position: VP of Engineering\n", None, Some("VP of Engineering")),
            ("Acme\nRole: Head of Engineering\n", None, Some("Head of Engineering")),
            ("Director of Engineering!\n", None, Some("Director of Engineering")),
            ("# Director of Engineering\n", Some("VP Engineering"), Some("VP Engineering")),
            ("# Director of Engineering\n", Some("   "), Some("Director of Engineering")),
            ("", Some(" **VP** of Engineering "), Some("VP of Engineering")),
            ("- Lead the team\n", None, None),
            ("## Responsibilities\n- Lead the team\n", None, None),
            ("", None, None),
            (
                "We are a fast-growing company looking for a leader to run the engineering department and report to the CEO\n",
                None,
                None,
            ),
            ("\n\n---\n\nDirector of Engineering\n", None, Some("Director of Engineering")),
            ("Location: Remote\nDirector of Engineering\n", None, Some("Director of Engineering")),
        ];
        for (text, over, want) in cases {
            let p = parse_posting(text, *over);
            assert_eq!(p.title.as_deref(), *want, "{text:?} / {over:?}");
        }
    }

    #[test]
    fn title_line_is_skipped_and_body_lines_are_not_titles() {
        let text = "Engineering Manager, Payments\n\n\
                    Responsibilities:\n\
                    - Report to the VP of Engineering every week\n\
                    - Run sprint planning for the payments team\n";
        let p = parse_posting(text, None);
        assert_eq!(p.title.as_deref(), Some("Engineering Manager, Payments"));
        assert_eq!(p.claimed_level, ClaimedLevel::Unknown);
        assert_eq!(p.statements.len(), 2);
        assert_eq!(
            skipped_with(&p, "Engineering Manager, Payments").map(|s| s.reason.as_str()),
            Some("job title")
        );

        // The override wins, but the text's own title line is still not a statement.
        let p = parse_posting(
            "Director of Engineering\n\nLead the three squads well.\n",
            Some("VP"),
        );
        assert_eq!(p.title.as_deref(), Some("VP"));
        assert_eq!(p.claimed_level, ClaimedLevel::Vp);
        assert_eq!(texts(&p), vec!["Lead the three squads well."]);
    }

    // -----------------------------------------------------------------------------------------
    // Sections and skipping
    // -----------------------------------------------------------------------------------------

    #[test]
    fn posting_without_headings_uses_every_statement_like_line() {
        let text = "VP of Engineering\n\
                    Acme builds tools for bakeries.\n\
                    You will own the department budget.\n\
                    Report to the CEO\n\
                    Hiring\n\
                    We offer equity and a pension.\n";
        let p = parse_posting(text, None);
        assert_eq!(p.title.as_deref(), Some("VP of Engineering"));
        assert_eq!(
            texts(&p),
            vec![
                "Acme builds tools for bakeries.",
                "You will own the department budget.",
                "Report to the CEO",
                "We offer equity and a pension.",
            ]
        );
        assert!(p.statements.iter().all(|s| s.section.is_none()));
        assert_eq!(
            skipped_with(&p, "Hiring").map(|s| s.reason.as_str()),
            Some("fragment (fewer than 3 words)")
        );
    }

    #[test]
    fn lines_under_non_duty_headings_are_skipped_with_reasons() {
        let text = "# Director of Engineering\n\
                    Acme Robotics, Berlin\n\
                    ## About us\n\
                    Acme builds robots for warehouses.\n\
                    ### The team\n\
                    Twelve engineers in two squads.\n\
                    ## Responsibilities\n\
                    - Lead the two squads and their team leads\n\
                    **People leadership**\n\
                    - Mentor new team members every week\n\
                    ## Requirements\n\
                    - Ten years of experience in robotics\n\
                    Preferred:\n\
                    - Experience with ROS and Rust\n\
                    ## Benefits\n\
                    - A pension plan and thirty days off\n\
                    ## How to apply\n\
                    Send us your CV by email please.\n";
        let p = parse_posting(text, None);
        assert_eq!(
            texts(&p),
            vec![
                "Lead the two squads and their team leads",
                "Mentor new team members every week",
            ]
        );
        assert_eq!(
            p.statements.get(1).and_then(|s| s.section.as_deref()),
            Some("People leadership")
        );
        let reason = |t: &str| {
            skipped_with(&p, t)
                .map(|s| s.reason.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            reason("Acme Robotics, Berlin"),
            "before the first section heading"
        );
        assert_eq!(reason("About us"), "section heading (about)");
        assert_eq!(
            reason("Acme builds robots for warehouses."),
            "under \"About us\" heading (about)"
        );
        assert_eq!(
            reason("Twelve engineers in two squads."),
            "under \"The team\" heading (about)"
        );
        assert_eq!(reason("Responsibilities"), "section heading (duties)");
        assert_eq!(reason("People leadership"), "section heading (other)");
        assert_eq!(
            reason("Ten years of experience in robotics"),
            "under \"Requirements\" heading (requirements)"
        );
        assert_eq!(
            reason("Experience with ROS and Rust"),
            "under \"Preferred\" heading (requirements)"
        );
        assert_eq!(
            reason("A pension plan and thirty days off"),
            "under \"Benefits\" heading (benefits)"
        );
        assert_eq!(
            reason("Send us your CV by email please."),
            "under \"How to apply\" heading (other)"
        );
        assert_eq!(reason("Director of Engineering"), "job title");
    }

    #[test]
    fn unknown_other_headings_inherit_from_the_recognised_heading_above() {
        // After About: skipped. Before any recognised heading with a Duties heading later:
        // skipped. Without any Duties heading: duties.
        let text = "Director of Engineering\n\
                    Overview:\n\
                    You will lead the mobile squads.\n\
                    About us:\n\
                    We sell bread online.\n\
                    Our stack:\n\
                    Rust and Postgres on our own servers.\n\
                    Responsibilities:\n\
                    - Run sprint planning with the leads\n";
        let p = parse_posting(text, None);
        assert_eq!(texts(&p), vec!["Run sprint planning with the leads"]);
        let reason = |t: &str| {
            skipped_with(&p, t)
                .map(|s| s.reason.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            reason("You will lead the mobile squads."),
            "under \"Overview\" heading (other, before the first recognised section)"
        );
        assert_eq!(
            reason("Rust and Postgres on our own servers."),
            "under \"Our stack\" heading (other, after \"About us\" (about))"
        );

        let no_duties_heading = "Director of Engineering\n\
                                 Overview:\n\
                                 You will lead the mobile squads.\n\
                                 Requirements:\n\
                                 - Five years of Kotlin experience\n";
        let p = parse_posting(no_duties_heading, None);
        assert_eq!(texts(&p), vec!["You will lead the mobile squads."]);
        assert_eq!(
            p.statements.first().and_then(|s| s.section.as_deref()),
            Some("Overview")
        );
    }

    #[test]
    fn preamble_counts_only_without_a_duties_heading() {
        let with = "VP of Engineering\nYou will own the department budget.\nResponsibilities:\n- Report to the CEO weekly\n";
        assert_eq!(
            texts(&parse_posting(with, None)),
            vec!["Report to the CEO weekly"]
        );
        let without = "VP of Engineering\nYou will own the department budget.\nBenefits:\n- A pension plan for everyone\n";
        assert_eq!(
            texts(&parse_posting(without, None)),
            vec!["You will own the department budget."]
        );
    }

    #[test]
    fn setext_headings_metadata_and_odd_lines() {
        let text = "Director of Engineering\n\
                    =======================\n\
                    Location: Remote (EU)\n\
                    Reports to: VP of Engineering\n\
                    \n\
                    What you'll do\n\
                    --------------\n\
                    - Team: grow the platform team to ten\n\
                    - Lead the platform team through each sprint\n\
                    - <https://example.com/jobs/42>\n\
                    [1]: https://example.com/handbook\n\
                    \n\
                    Requirements\n\
                    ------------\n\
                    - Five years managing developers\n";
        let p = parse_posting(text, None);
        assert_eq!(p.title.as_deref(), Some("Director of Engineering"));
        assert_eq!(
            texts(&p),
            vec!["Lead the platform team through each sprint"]
        );
        let reason = |t: &str| {
            skipped_with(&p, t)
                .map(|s| s.reason.clone())
                .unwrap_or_default()
        };
        assert_eq!(reason("Location: Remote (EU)"), "job metadata (Location)");
        assert_eq!(
            reason("Reports to: VP of Engineering"),
            "before the first section heading"
        );
        assert_eq!(reason("What you'll do"), "section heading (duties)");
        assert_eq!(
            reason("Team: grow the platform team to ten"),
            "job metadata (Team)"
        );
        assert_eq!(
            reason("<https://example.com/jobs/42>"),
            "markup only (no text left after removing links and formatting)"
        );
        assert_eq!(
            reason("[1]: https://example.com/handbook"),
            "Markdown link definition"
        );
        assert_eq!(
            reason("Five years managing developers"),
            "under \"Requirements\" heading (requirements)"
        );
    }

    #[test]
    fn reports_to_line_counts_when_it_is_a_duty() {
        let text = "VP of Engineering\nReports to: the CEO of Acme\nShips: weekly\n";
        let p = parse_posting(text, None);
        assert_eq!(texts(&p), vec!["Reports to: the CEO of Acme"]);
        assert_eq!(
            skipped_with(&p, "Ships: weekly").map(|s| s.reason.as_str()),
            Some("fragment (fewer than 3 words)")
        );
    }

    #[test]
    fn bold_list_labels_are_skipped_without_changing_the_section() {
        let text = "Responsibilities\n\
                    - **Delivery**\n  \
                      - Run sprint planning with the team leads\n\
                    - **Own the project budget**\n\
                    - Track bugs found in each release\n";
        let p = parse_posting(text, Some("Director of Engineering"));
        assert_eq!(
            texts(&p),
            vec![
                "Run sprint planning with the team leads",
                "Own the project budget",
                "Track bugs found in each release",
            ]
        );
        assert_eq!(
            skipped_with(&p, "Delivery").map(|s| s.reason.as_str()),
            Some("list label (bold item above nested items)")
        );
    }

    // -----------------------------------------------------------------------------------------
    // Fixtures
    // -----------------------------------------------------------------------------------------

    /// Every line under the fixture's duty heading is a statement, every other section's line
    /// is skipped with that section's reason.
    fn assert_sectioned(p: &Posting, duty_heading: &str, statements: usize) {
        assert_eq!(p.statements.len(), statements, "{:#?}", texts(p));
        for s in &p.statements {
            assert_eq!(s.section.as_deref(), Some(duty_heading), "{s:?}");
        }
    }

    fn reason_of(p: &Posting, prefix: &str) -> String {
        p.skipped
            .iter()
            .find(|s| s.text.starts_with(prefix))
            .map(|s| s.reason.clone())
            .unwrap_or_else(|| format!("<no skipped line starting with {prefix:?}>"))
    }

    #[test]
    fn fixture_director_consistent() {
        let p = parse_posting(DIRECTOR_CONSISTENT, None);
        assert_eq!(
            p.title.as_deref(),
            Some("Director of Engineering, Fleet Routing")
        );
        assert_eq!(p.claimed_level, ClaimedLevel::Director);
        assert_sectioned(&p, "What you'll do", 10);
        assert_eq!(
            statement(&p, "Lead the three routing squads").text,
            "Lead the three routing squads and directly supervise their team leads"
        );
        let wrapped = statement(&p, "Stay hands-on");
        assert_eq!(
            wrapped.text,
            "Stay hands-on with the back-end: review designs, identify requirements and set project timelines with the squads"
        );
        assert_eq!(wrapped.line, 21);
        assert_eq!(statement(&p, "Report to the VP").line, 23);
        assert_eq!(reason_of(&p, "Location:"), "job metadata (Location)");
        assert_eq!(
            reason_of(&p, "Reports to:"),
            "before the first section heading"
        );
        assert_eq!(
            reason_of(&p, "Larkspur Logistics builds"),
            "under \"About us\" heading (about)"
        );
        assert_eq!(
            reason_of(&p, "A bachelor's degree"),
            "under \"Requirements\" heading (requirements)"
        );
        assert!(skipped_with(
            &p,
            "A bachelor's degree in computer science, engineering or a related field, or equivalent experience"
        )
        .is_some());
        assert_eq!(
            reason_of(&p, "Base salary"),
            "under \"Benefits\" heading (benefits)"
        );
    }

    #[test]
    fn fixture_vp_consistent() {
        let p = parse_posting(VP_CONSISTENT, None);
        assert_eq!(p.title.as_deref(), Some("Vice President of Engineering"));
        assert_eq!(p.claimed_level, ClaimedLevel::Vp);
        assert_sectioned(&p, "What you'll do", 10);
        assert_eq!(
            statement(&p, "Lead annual planning").text,
            "Lead annual planning for the whole engineering organization and set its goals for the next year and beyond"
        );
        assert_eq!(statement(&p, "Report directly to the CEO").line, 19);
        assert_eq!(reason_of(&p, "Job title:"), "job title");
        assert_eq!(
            reason_of(&p, "Quillfeather Health"),
            "before the first section heading"
        );
        assert_eq!(
            reason_of(&p, "Quillfeather makes"),
            "under \"About Quillfeather\" heading (about)"
        );
        assert_eq!(
            reason_of(&p, "A track record"),
            "under \"What we're looking for\" heading (requirements)"
        );
        assert_eq!(
            reason_of(&p, "Competitive salary"),
            "under \"What we offer\" heading (benefits)"
        );
    }

    #[test]
    fn fixture_director_title_vp_duties() {
        let p = parse_posting(DIRECTOR_TITLE_VP_DUTIES, None);
        assert_eq!(p.title.as_deref(), Some("Director of Engineering"));
        assert_eq!(p.claimed_level, ClaimedLevel::Director);
        assert_sectioned(&p, "Responsibilities", 9);
        let wrapped = statement(&p, "Present the engineering roadmap");
        assert_eq!(
            wrapped.text,
            "Present the engineering roadmap to the board and answer investors' questions at quarterly reviews."
        );
        assert_eq!(wrapped.line, 15);
        assert_eq!(
            statement(&p, "Mentor").text,
            "Mentor the two engineering managers who lead the forecasting squads."
        );
        assert_eq!(
            reason_of(&p, "Bramblecote Energy ·"),
            "before the first section heading"
        );
        assert_eq!(
            reason_of(&p, "Bramblecote Energy builds"),
            "under \"Who we are\" heading (about)"
        );
        assert_eq!(
            reason_of(&p, "Familiarity"),
            "under \"Qualifications\" heading (requirements)"
        );
        assert_eq!(
            reason_of(&p, "Cycle-to-work"),
            "under \"Perks\" heading (benefits)"
        );
    }

    #[test]
    fn fixture_vp_title_team_duties() {
        let p = parse_posting(VP_TITLE_TEAM_DUTIES, None);
        assert_eq!(
            p.title.as_deref(),
            Some("VP of Engineering - Hollowmere Studio")
        );
        assert_eq!(p.claimed_level, ClaimedLevel::Vp);
        assert_sectioned(&p, "Key responsibilities", 9);
        assert_eq!(
            statement(&p, "Plan each two-week sprint").text,
            "Plan each two-week sprint with the team lead and keep the sprint goals on track"
        );
        assert_eq!(
            statement(&p, "Write code every week").text,
            "Write code every week: evolve the back-end stack, identify requirements and set the project timeline"
        );
        assert_eq!(statement(&p, "Report to the VP of Product").line, 18);
        assert_eq!(
            reason_of(&p, "Hollowmere Studio makes"),
            "under \"About the company\" heading (about)"
        );
        assert_eq!(
            reason_of(&p, "Portuguese"),
            "under \"Requirements\" heading (requirements)"
        );
        assert_eq!(
            reason_of(&p, "An annual trip"),
            "under \"Benefits\" heading (benefits)"
        );
    }

    #[test]
    fn fixture_no_headings() {
        let p = parse_posting(NO_HEADINGS, None);
        assert_eq!(
            p.title.as_deref(),
            Some("Vice-President, Engineering at Saltmarsh Robotics")
        );
        assert_eq!(p.claimed_level, ClaimedLevel::Vp);
        assert!(p.statements.iter().all(|s| s.section.is_none()));
        assert_eq!(p.statements.len(), 18, "{:#?}", texts(&p));
        assert_eq!(
            statement(&p, "Founded in 2017").text,
            "Founded in 2017, we now employ 220 people across Aberdeen, Esbjerg and Rotterdam, and our customers include three of the five largest turbine operators in Europe."
        );
        assert_eq!(statement(&p, "You will report directly to the CEO").line, 8);
        assert_eq!(
            statement(&p, "You will set the recruiting strategy").text,
            "You will set the recruiting strategy for the department and shape how we hire and onboard engineers at every site."
        );
        assert_eq!(statement(&p, "A background in robotics").line, 18);
        assert_eq!(reason_of(&p, "Questions?"), "fragment (fewer than 3 words)");
        assert_eq!(reason_of(&p, "Vice-President, Engineering"), "job title");
        assert_eq!(p.skipped.len(), 2);
    }

    #[test]
    fn fixture_markdown_nested() {
        let p = parse_posting(MARKDOWN_NESTED, None);
        assert_eq!(
            p.title.as_deref(),
            Some("Senior Director of Engineering, Payments Platform")
        );
        assert_eq!(p.claimed_level, ClaimedLevel::Director);
        assert_sectioned(&p, "Your impact", 8);
        assert_eq!(
            statement(&p, "Lead the").text,
            "Lead the ledger and payouts squads and coach their team leads"
        );
        let linked = statement(&p, "Set the hiring plan");
        assert_eq!(
            linked.text,
            "Set the hiring plan and recruiting strategy for all of engineering across our three offices"
        );
        assert_eq!(linked.line, 21);
        assert_eq!(
            statement(&p, "Review designs").text,
            "Review designs for the settlement-service and set project timelines with the team"
        );
        assert_eq!(
            reason_of(&p, "Teams and delivery"),
            "list label (bold item above nested items)"
        );
        assert_eq!(
            reason_of(&p, "Brightwater Pay ·"),
            "before the first section heading"
        );
        assert!(skipped_with(
            &p,
            "Brightwater Pay · Toronto or remote in Canada · See all roles"
        )
        .is_some());
        assert_eq!(
            reason_of(&p, "Brightwater Pay runs"),
            "under \"About Brightwater Pay\" heading (about)"
        );
        assert!(p
            .skipped
            .iter()
            .any(|s| s.text.ends_with("Read more on our engineering blog.")));
        assert_eq!(
            reason_of(&p, "Payments or banking"),
            "under \"What you bring\" heading (requirements)"
        );
        assert!(skipped_with(&p, "Health & dental cover from day one").is_some());
        assert!(skipped_with(&p, "See our full benefits at").is_some());
    }

    #[test]
    fn fixture_crlf_director() {
        assert!(
            CRLF_DIRECTOR.contains("\r\n"),
            "the fixture must keep its CRLF line ends"
        );
        let p = parse_posting(CRLF_DIRECTOR, None);
        assert_eq!(p.title.as_deref(), Some("Director, Software Engineering"));
        assert_eq!(p.claimed_level, ClaimedLevel::Director);
        assert_sectioned(&p, "RESPONSIBILITIES", 9);
        let wrapped = statement(&p, "Lead weekly stand-ups");
        assert_eq!(
            wrapped.text,
            "Lead weekly stand-ups with the team leads and run a retrospective at the end of each sprint"
        );
        assert_eq!(wrapped.line, 11);
        assert!(p.statements.iter().all(|s| !s.text.contains('\r')));
        assert_eq!(
            reason_of(&p, "Marigold Transit Systems |"),
            "before the first section heading"
        );
        assert_eq!(
            reason_of(&p, "Marigold Transit Systems writes"),
            "under \"ABOUT US\" heading (about)"
        );
        assert_eq!(
            reason_of(&p, "Bachelor's degree"),
            "under \"QUALIFICATIONS\" heading (requirements)"
        );
        assert_eq!(
            reason_of(&p, "401(k)"),
            "under \"BENEFITS\" heading (benefits)"
        );
    }

    #[test]
    fn fixture_no_duties() {
        let p = parse_posting(NO_DUTIES, None);
        assert_eq!(p.title.as_deref(), Some("Director of Engineering"));
        assert_eq!(p.claimed_level, ClaimedLevel::Director);
        assert_eq!(texts(&p), Vec::<&str>::new());
        assert_eq!(
            reason_of(&p, "Fennel & Finch is"),
            "under \"About us\" heading (about)"
        );
        assert_eq!(
            reason_of(&p, "3+ years managing"),
            "under \"Requirements\" heading (requirements)"
        );
        assert_eq!(
            reason_of(&p, "Familiarity with Elixir"),
            "under \"Nice to have\" heading (requirements)"
        );
        assert_eq!(
            reason_of(&p, "A generous book allowance"),
            "under \"Benefits\" heading (benefits)"
        );
        assert_eq!(
            reason_of(&p, "Send a short note"),
            "under \"How to apply\" heading (other)"
        );
    }

    #[test]
    fn fixtures_keep_the_invariants_and_override_the_title() {
        for (name, text) in ALL_FIXTURES {
            let p = parse_posting(text, None);
            check_invariants(text, &p);
            let lines = split_lines(text).len();
            assert!((25..=71).contains(&lines), "{name} has {lines} lines");
            let o = parse_posting(text, Some("Head of Engineering"));
            assert_eq!(o.title.as_deref(), Some("Head of Engineering"), "{name}");
            assert_eq!(o.claimed_level, ClaimedLevel::Unknown, "{name}");
            assert_eq!(
                o.statements, p.statements,
                "{name}: the override changed the statements"
            );
        }
    }

    // -----------------------------------------------------------------------------------------
    // Property-style checks
    // -----------------------------------------------------------------------------------------

    /// A small deterministic xorshift generator, so the checks need no extra crate.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            let i = self.below(items.len());
            items.get(i).copied().unwrap_or("")
        }
    }

    const WORDS: &[&str] = &[
        "Lead",
        "the",
        "team",
        "department",
        "budget",
        "Report",
        "to",
        "CEO",
        "VP",
        "Director",
        "sprint",
        "board",
        "investors",
        "e.g.",
        "etc.",
        "Sr.",
        "U.S.",
        "V.P.",
        "Inc.",
        "and",
        "Requirements",
        "Benefits",
        "About",
        "us",
        "Responsibilities",
        "What",
        "you'll",
        "do",
        "Key",
        "Title:",
        "Location:",
        "Perks",
        "quarter.",
        "year!",
        "why?",
        "3.5",
        "2024.",
        "café",
        "naïve",
        "日本",
        "🚀",
        "co-operative",
        "snake_case",
        "Own",
        "hire",
        "mentor",
    ];

    const MARKUP: &[&str] = &[
        "**",
        "__",
        "*",
        "_",
        "`",
        "~~",
        "&amp;",
        "&nbsp;",
        "&#39;",
        "&#x2014;",
        "&bogus;",
        "&",
        "[",
        "]",
        "(",
        ")",
        "](",
        "<",
        ">",
        "<br>",
        "<https://x.example/a_b>",
        ":",
        ".",
        ",",
        "!",
        "?",
        "…",
        "’",
        "\"",
        "·",
        "•",
        "\t",
        "\r",
        "#",
        "---",
        "|",
        "\u{200b}",
        "\u{a0}",
    ];

    const LINE_STARTS: &[&str] = &[
        "", "", "", "- ", "* ", "+ ", "• ", "1. ", "2) ", "a) ", "(b) ", "iv. ", "## ", "# ", "> ",
        "  ", "    - ", "\t", "**", "---", "===", "1.",
    ];

    fn random_posting(rng: &mut Rng, with_markup: bool) -> String {
        let mut out = String::new();
        for _ in 0..rng.below(14) {
            out.push_str(rng.pick(LINE_STARTS));
            for _ in 0..rng.below(9) {
                if with_markup && rng.below(3) == 0 {
                    out.push_str(rng.pick(MARKUP));
                } else {
                    out.push_str(rng.pick(WORDS));
                }
                if rng.below(5) != 0 {
                    out.push(' ');
                }
            }
            out.push_str(rng.pick(&["\n", "\n", "\r\n", ":\n", "\n\n", "**\n", ".\n"]));
        }
        out
    }

    #[test]
    fn random_inputs_never_panic_and_keep_the_invariants() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let text = random_posting(&mut rng, true);
            let p = parse_posting(&text, None);
            check_invariants(&text, &p);
        }
    }

    #[test]
    fn random_inputs_lose_no_words() {
        // Without links, tags, entities or list labels, nothing with letters or digits may
        // disappear: every letter and digit of the input is in a statement or a skipped entry.
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..2000 {
            let text = random_posting(&mut rng, false);
            let p = parse_posting(&text, None);
            let mut want: Vec<char> = alnum(&text);
            // List labels ("1.", "a)", "(b)", "iv.") are markup too.
            for line in split_lines(&text) {
                let body = line.trim().trim_start_matches(['>', ' ']);
                if let Some(rest) = strip_bullet(body) {
                    for c in alnum(body.get(..body.len() - rest.len()).unwrap_or("")) {
                        if let Some(i) = want.iter().position(|w| *w == c) {
                            want.remove(i);
                        }
                    }
                }
            }
            let mut got: Vec<char> = p
                .statements
                .iter()
                .map(|s| s.text.as_str())
                .chain(p.skipped.iter().map(|s| s.text.as_str()))
                .flat_map(alnum)
                .collect();
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want, "{text:?} -> {p:#?}");
        }
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let long_line = "a".repeat(100_000);
        let deep_brackets = "[".repeat(5_000) + &"]".repeat(5_000);
        let many_lines = "- x\n".repeat(10_000);
        let open_brackets = "[".repeat(100_000);
        let open_link = "[a](".repeat(30_000);
        let open_angles = "<a ".repeat(30_000);
        let dots = "A. ".repeat(30_000);
        let stars = "*_`~".repeat(30_000);
        let ampersands = "&".repeat(100_000) + ";";
        let nested_links = "[".repeat(50_000) + "x" + &"](u)".repeat(50_000);
        for text in [
            "",
            "\r",
            "\r\n\r\n",
            "\n",
            "\u{feff}",
            "&",
            "&#",
            "&#x;",
            "&#xFFFFFFFF;",
            "&#55296;",
            "&#0;",
            "<",
            "<>",
            "[]()",
            "![",
            "**",
            "# ",
            "(",
            "(a",
            "1",
            "1)",
            "ⅳ. roman",
            "İstanbul ofisi. İyi",
            long_line.as_str(),
            deep_brackets.as_str(),
            many_lines.as_str(),
            open_brackets.as_str(),
            open_link.as_str(),
            open_angles.as_str(),
            dots.as_str(),
            stars.as_str(),
            nested_links.as_str(),
            ampersands.as_str(),
        ] {
            let p = parse_posting(text, Some(text));
            check_invariants(text, &p);
            let _ = claimed_level(text);
            let _ = section_kind(text);
            let _ = split_sentences(text);
        }
    }
}

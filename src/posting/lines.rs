//! Line shapes, before any context: blank, decoration, heading (Markdown, setext, bold,
//! `Heading:` or a known phrase), bullet, text, or a line to skip (link definitions, markup).

use super::headings::{
    bare_heading_kind, is_you_will_lead_in, normalize_phrase, section_kind, SectionKind,
};
use super::markup::{clean_inline, collapse_whitespace, decode_entities, word_count};
use super::{
    MAX_BARE_HEADING_WORDS, MAX_BOLD_HEADING_WORDS, MAX_COLON_HEADING_WORDS,
    MAX_SETEXT_HEADING_WORDS,
};

/// What one input line is, before any context is applied.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum LineKind {
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
    pub(super) fn text(&self) -> Option<String> {
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
pub(super) fn split_lines(text: &str) -> Vec<String> {
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
pub(super) fn indent_width(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

pub(super) const DECORATION_CHARS: &[char] = &[
    '-', '*', '_', '=', '~', '#', '|', ':', '+', '.', '•', '·', '`', '─', '━', '═', '–', '—', '>',
];

pub(super) fn is_decoration(s: &str) -> bool {
    !s.trim().is_empty()
        && s.chars()
            .all(|c| c.is_whitespace() || DECORATION_CHARS.contains(&c))
}

pub(super) fn classify_line(raw: &str) -> LineKind {
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
pub(super) fn is_blank_markup(raw: &str) -> bool {
    let decoded = decode_entities(raw);
    decoded.trim().is_empty() || is_decoration(&decoded)
}

pub(super) fn markup_only(raw: &str) -> LineKind {
    LineKind::Skip {
        text: collapse_whitespace(raw),
        reason: "markup only (no text left after removing links and formatting)".to_string(),
    }
}

/// `[label]: https://...`
pub(super) fn is_link_definition(body: &str) -> bool {
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
pub(super) fn atx_heading(body: &str) -> Option<&str> {
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
pub(super) fn strip_bullet(body: &str) -> Option<&str> {
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

pub(super) fn is_list_label(label: &str) -> bool {
    const ROMAN: &[&str] = &[
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    let digits = !label.is_empty() && label.len() <= 3 && label.chars().all(|c| c.is_ascii_digit());
    let letter = label.len() == 1 && label.chars().all(|c| c.is_ascii_alphabetic());
    let roman = ROMAN.contains(&label.to_ascii_lowercase().as_str());
    digits || letter || roman
}

/// If a non-bullet line is shaped like a heading, its heading text.
pub(super) fn heading_shape(raw_body: &str, cleaned: &str) -> Option<String> {
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
pub(super) fn is_wholly_bold(raw: &str) -> bool {
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
pub(super) fn strip_heading_punct(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–' | '—' | '|'))
        .to_string()
}

/// Turn `===` / `---` underlines into headings for the short line above them.
pub(super) fn apply_setext_headings(raw: &[String], kinds: &mut [LineKind]) {
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
pub(super) fn apply_list_labels(kinds: &mut [LineKind]) {
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

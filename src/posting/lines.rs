//! Line shapes, before any context: blank, decoration, heading (Markdown, setext, bold, a
//! `Heading:` line, ALL CAPS, a known phrase, a short Title Case line, in emoji or brackets),
//! bullet (also table rows and emoji bullets), text, or a line to skip (link definitions,
//! front matter, comments, table headers, markup).

use std::borrow::Cow;

use super::headings::{
    bare_heading_kind, is_condition_lead_in, is_you_will_lead_in, normalize_phrase, phrase_kind,
    section_kind, SectionKind,
};
use super::markup::{clean_inline, collapse_whitespace, decode_entities, word_count};
use super::title::{claimed_level, metadata_key, title_field};
use super::wording::{is_duty_like, is_duty_over_details, is_duty_verb, non_duty_reason};
use super::{
    MAX_BARE_HEADING_WORDS, MAX_BOLD_HEADING_WORDS, MAX_CAPS_HEADING_WORDS,
    MAX_COLON_HEADING_WORDS, MAX_KNOWN_COLON_HEADING_WORDS, MAX_SETEXT_HEADING_WORDS,
    MAX_TITLE_CASE_HEADING_WORDS, MIN_FLATTENED_WORDS, MIN_STATEMENT_WORDS,
};
use crate::label::Level;

/// A line opening with a question word ("What success looks like") is a heading when its
/// wording is known and it has at most this many words; so is an unfinished condition
/// ("You'll thrive if").
const MAX_QUESTION_HEADING_WORDS: usize = 8;

/// In a posting of questions and answers, a question alone on its line ("And over a longer
/// stretch?") is a heading when it has at most this many words ...
const MAX_QUESTION_LINE_WORDS: usize = 10;
/// ... and the posting asks at least this many such questions, each over its answer.
const MIN_QUESTIONS: usize = 3;

/// A run-in heading ("Key Responsibilities Define ...") has at most this many words ...
const MAX_RUN_IN_HEADING_WORDS: usize = 4;
/// ... and the line it starts at least this many.
const MIN_RUN_IN_WORDS: usize = 12;

/// Heading ranks: Markdown levels 1 to 6, then headings known by their shape only. A smaller
/// rank is a higher-level heading; shape-only headings cannot be ordered among themselves.
pub(super) const RANK_BOLD: u8 = 7;
/// A `Heading:` line, an ALL CAPS line, a known phrase alone on a line.
pub(super) const RANK_SHAPED: u8 = 8;
/// A short Title Case line: the weakest shape, demoted when it continues the line above.
pub(super) const RANK_TITLE_CASE: u8 = 9;

/// One line of the posting: its 1-based number in the input and its shape.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    pub(super) no: usize,
    pub(super) kind: LineKind,
}

/// What one input line is, before any context is applied.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum LineKind {
    Blank,
    Decoration,
    Heading {
        text: String,
        kind: Option<SectionKind>,
        /// Markdown level (1-6) or one of the `RANK_*` shape ranks.
        rank: u8,
        /// For a heading recognised by its shape alone (not `#` or setext): the line's indent
        /// and full text, so an indented wrapped line under a bullet is not taken as a heading.
        shaped: Option<(usize, String)>,
    },
    Bullet {
        indent: usize,
        text: String,
        /// The whole item is bold (`- **Teams and delivery**`): a label if nested items follow.
        bold: bool,
        /// The item opens with a bold lead-in (`- **Own delivery.** Keep ...`): it is one
        /// statement, not cut into sentences.
        lead_in: bool,
    },
    Text {
        indent: usize,
        text: String,
    },
    Skip {
        text: String,
        reason: &'static str,
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
/// Lazy, and borrowing from the text where it can.
pub(super) fn split_lines(text: &str) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\n') {
        Box::new(text.split('\n').map(|l| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            if l.contains('\r') {
                Cow::Owned(l.replace('\r', " "))
            } else {
                Cow::Borrowed(l)
            }
        }))
    } else {
        Box::new(text.split('\r').map(Cow::Borrowed))
    }
}

/// One input line as the lines it stands for, each with the input line's number: a Markdown
/// file that carries HTML line breaks (`- Lead the team.<br>`, `<strong>What you'll
/// do</strong><br>- ...`) is cut at each `<br>` (a `<strong>` or `<b>` run alone between
/// breaks becomes a bold line, as Markdown writes it), and a known heading glued to the end of
/// the sentence before it by a paste ("... in 2019.Responsibilities") goes on a line of its
/// own.
pub(super) fn split_pasted_breaks(no: usize, line: Cow<'_, str>) -> Vec<(usize, Cow<'_, str>)> {
    let breaks = line
        .contains('<')
        .then(|| split_html_breaks(&line))
        .filter(|pieces| pieces.len() > 1);
    let Some(pieces) = breaks else {
        return split_bullet_run(no, line)
            .into_iter()
            .flat_map(|(no, piece)| split_glued_heading(no, piece))
            .flat_map(|(no, piece)| split_dashed_items(no, piece))
            .collect();
    };
    let last = pieces
        .iter()
        .rposition(|p| !p.trim().is_empty())
        .map_or(0, |i| i + 1);
    pieces
        .into_iter()
        .take(last)
        .flat_map(|piece| split_glued_heading(no, Cow::Owned(bold_tag_to_markdown(piece))))
        .collect()
}

/// A list pasted onto one line with ` - ` between its items ("- Lead the platform teams -
/// Own the roadmap with Product - Build ..."), as one bullet line per item. Only a line that
/// opens with a `- ` bullet and has at least [`MIN_RUN_ITEMS`] items, each opening with a
/// capital and of at least [`MIN_DASHED_ITEM_WORDS`] words, is cut: a dash inside a sentence
/// ("within a day - not a quarter") or between a posting's facts ("Engineering - Remote") is not.
fn split_dashed_items(no: usize, line: Cow<'_, str>) -> Vec<(usize, Cow<'_, str>)> {
    let trimmed = line.trim_start();
    let Some(rest) = trimmed.strip_prefix("- ") else {
        return vec![(no, line)];
    };
    let mut items = Vec::new();
    let mut from = 0;
    let mut search = 0;
    while let Some(at) = rest.get(search..).and_then(|r| r.find(" - ")) {
        let cut = search + at;
        search = cut + 3;
        if rest
            .get(search..)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_uppercase)
        {
            items.push(rest.get(from..cut).unwrap_or(""));
            from = search;
        }
    }
    items.push(rest.get(from..).unwrap_or(""));
    match item_lines(no, "", &items, MIN_DASHED_ITEM_WORDS) {
        Some(lines) => lines,
        None => vec![(no, line)],
    }
}

/// The items of a list pasted onto one line, as the text before them (when there is any) and
/// one bullet line per item, all with the input line's number; `None` unless there are at
/// least [`MIN_RUN_ITEMS`] items of at least `min_words` words each.
fn item_lines<'a>(
    no: usize,
    head: &str,
    items: &[&str],
    min_words: usize,
) -> Option<Vec<(usize, Cow<'a, str>)>> {
    let run = items.len() >= MIN_RUN_ITEMS && items.iter().all(|i| word_count(i) >= min_words);
    if !run {
        return None;
    }
    let head = head.trim_end();
    let head = (!head.trim_start().is_empty()).then(|| (no, Cow::Owned(head.to_string())));
    let items = items
        .iter()
        .map(|item| (no, Cow::Owned(format!("- {}", item.trim()))));
    Some(head.into_iter().chain(items).collect())
}

/// A table whose columns are sections, side by side ("What you'll do" beside "What you'll
/// bring", tab- or pipe-separated, as a two-column page pastes): every cell is put under its
/// column's heading, row by row, so that the requirements beside a duty are read as
/// requirements. The header row's cells must all be known headings, one of them a duty
/// heading; the table ends at a blank line or a line without the separator. Cells stay in
/// input order (a heading line is repeated before each), so nothing is reordered.
pub(super) fn spread_column_tables<'a>(
    lines: Vec<(usize, Cow<'a, str>)>,
) -> Vec<(usize, Cow<'a, str>)> {
    let mut out = Vec::with_capacity(lines.len());
    let mut columns: Option<(char, Vec<String>)> = None;
    for (no, line) in lines {
        if let Some((separator, headings)) = &columns {
            if !line.trim().is_empty() && line.contains(*separator) {
                if !is_table_delimiter(line.trim()) {
                    for (i, cell) in column_cells(&line, *separator).into_iter().enumerate() {
                        let heading = headings.get(i).or(headings.last());
                        if let (Some(heading), false) = (heading, cell.trim().is_empty()) {
                            out.push((no, Cow::Owned(format!("## {heading}"))));
                            out.push((no, Cow::Owned(format!("- {}", cell.trim()))));
                        }
                    }
                }
                continue;
            }
            columns = None;
        }
        match section_columns(&line) {
            Some(found) => columns = Some(found),
            None => out.push((no, line)),
        }
    }
    out
}

/// A table drawn with `+` in its rule lines, its cells wrapped over several lines (a form's
/// "% TIME | DUTY DESCRIPTION" grid, as a word processor or a database prints it), as one
/// Markdown table row per row: a line whose first cell is empty goes on with the row above,
/// and a rule line ends a row. The header (the line above the first rule) becomes a Markdown
/// header row, so the row's cells are read as any table's.
pub(super) fn join_grid_tables<'a>(
    lines: Vec<(usize, Cow<'a, str>)>,
) -> Vec<(usize, Cow<'a, str>)> {
    let is_grid_rule = |l: &str| {
        let t = l.trim();
        t.contains('+')
            && t.contains(['-', '='])
            && t.chars()
                .all(|c| matches!(c, '+' | '-' | '=' | ' ' | '|' | ':'))
    };
    let mut out: Vec<(usize, Cow<'a, str>)> = Vec::with_capacity(lines.len());
    let mut row: Option<(usize, Vec<String>)> = None;
    let mut in_grid = false;
    let flush = |row: &mut Option<(usize, Vec<String>)>, out: &mut Vec<(usize, Cow<'a, str>)>| {
        if let Some((no, cells)) = row.take() {
            out.push((no, Cow::Owned(format!("| {} |", cells.join(" | ")))));
        }
    };
    for (no, line) in lines {
        if is_grid_rule(&line) {
            if !in_grid {
                // The line above is the header: make it a Markdown header row.
                let header = if out.last().is_some_and(|(_, h)| h.contains('|')) {
                    out.pop()
                } else {
                    None
                };
                match header {
                    Some((hno, h)) => {
                        let cells = column_cells(&h, '|');
                        out.push((hno, Cow::Owned(format!("| {} |", cells.join(" | ")))));
                        out.push((no, Cow::Owned(format!("|{}", "---|".repeat(cells.len())))));
                        in_grid = true;
                    }
                    None => out.push((no, line)),
                }
            } else {
                flush(&mut row, &mut out);
            }
            continue;
        }
        if in_grid && line.contains('|') && !line.trim().is_empty() {
            // Split the line as it is: a continuation's first cell is its leading blanks.
            let mut pieces: Vec<&str> = line.split('|').collect();
            if line.trim_end().ends_with('|') {
                pieces.pop();
            }
            // An outer pipe opens the line itself; blanks before a `|` are an empty first cell.
            if line.starts_with('|') {
                pieces.remove(0);
            }
            let cells: Vec<String> = pieces.into_iter().map(|c| c.trim().to_string()).collect();
            let continues = cells.first().is_some_and(String::is_empty);
            match (&mut row, continues) {
                (Some((_, current)), true) => {
                    for (i, cell) in cells.into_iter().enumerate() {
                        if cell.is_empty() {
                            continue;
                        }
                        match current.get_mut(i) {
                            Some(c) if !c.is_empty() => {
                                c.push(' ');
                                c.push_str(&cell);
                            }
                            Some(c) => *c = cell,
                            None => current.push(cell),
                        }
                    }
                }
                _ => {
                    flush(&mut row, &mut out);
                    row = Some((no, cells));
                }
            }
            continue;
        }
        flush(&mut row, &mut out);
        in_grid = false;
        out.push((no, line));
    }
    flush(&mut row, &mut out);
    out
}

/// A line's cells between tabs, or between `|`s (outer pipes dropped).
fn column_cells(line: &str, separator: char) -> Vec<&str> {
    let line = line.trim();
    let line = if separator == '|' {
        let inner = line.strip_prefix('|').unwrap_or(line);
        inner.strip_suffix('|').unwrap_or(inner)
    } else {
        line
    };
    line.split(separator).collect()
}

/// The separator and the headings of a table header whose cells are all known headings, one
/// of them a duty heading ("What you'll do\tWhat you'll bring").
fn section_columns(line: &str) -> Option<(char, Vec<String>)> {
    let separator = ['\t', '|'].into_iter().find(|&c| line.contains(c))?;
    let headings: Vec<String> = column_cells(line, separator)
        .into_iter()
        .map(|cell| clean_inline(cell).trim_end_matches(':').trim().to_string())
        .filter(|cell| !cell.is_empty())
        .collect();
    let kinds: Vec<Option<SectionKind>> = headings
        .iter()
        .map(|h| phrase_kind(&normalize_phrase(h)))
        .collect();
    (headings.len() >= 2
        && kinds.iter().all(Option::is_some)
        && kinds.contains(&Some(SectionKind::Duties)))
    .then_some((separator, headings))
}

/// A page flattened onto one line, its list items run together after `•` or `·` ("...
/// Officer.What You'll Do• Lead the ... directors.• Set the ..."), as the text before the
/// first bullet and one bullet line per item; a heading glued to an item's end is then cut off
/// by [`split_glued_heading`]. Only a line of at least [`MIN_RUN_ITEMS`] items, each of
/// at least [`MIN_BULLET_RUN_ITEM_WORDS`] words and opening with a capital or a digit, is cut:
/// a header of facts ("Acme · Toronto · Full time") is not.
fn split_bullet_run(no: usize, line: Cow<'_, str>) -> Vec<(usize, Cow<'_, str>)> {
    let Some(bullet) = ['•', '·'].into_iter().find(|&b| line.contains(b)) else {
        return vec![(no, line)];
    };
    let mut pieces = line.split(bullet);
    let head = pieces.next().unwrap_or("");
    let items: Vec<&str> = pieces.map(str::trim).collect();
    let capitalised = items
        .iter()
        .all(|item| item.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
    match capitalised
        .then(|| item_lines(no, head, &items, MIN_BULLET_RUN_ITEM_WORDS))
        .flatten()
    {
        Some(lines) => lines,
        None => vec![(no, line)],
    }
}

/// A line cut by [`split_bullet_run`] or [`split_dashed_items`] holds at least this many
/// items.
const MIN_RUN_ITEMS: usize = 3;
/// An item of [`split_bullet_run`] has at least this many words.
const MIN_BULLET_RUN_ITEM_WORDS: usize = 4;
/// An item of [`split_dashed_items`] has at least this many words.
const MIN_DASHED_ITEM_WORDS: usize = 3;

/// `line` cut at `<br>`, `<br/>` and `<br />` (any case); one piece when it has none.
fn split_html_breaks(line: &str) -> Vec<&str> {
    let lower = line.to_ascii_lowercase();
    let mut pieces = Vec::new();
    let mut from = 0;
    let mut search = 0;
    while let Some(at) = lower.get(search..).and_then(|s| s.find("<br")) {
        let start = search + at;
        let Some(end) = lower
            .get(start..)
            .and_then(|s| s.find('>'))
            .map(|e| start + e + 1)
        else {
            break;
        };
        let inner = lower.get(start + 3..end - 1).unwrap_or("").trim();
        if inner.is_empty() || inner == "/" {
            pieces.push(line.get(from..start).unwrap_or(""));
            from = end;
        }
        search = end;
    }
    pieces.push(line.get(from..).unwrap_or(""));
    pieces
}

/// `<strong>What you'll do</strong>` (or `<b>...</b>`) alone on a line, as `**What you'll do**`.
fn bold_tag_to_markdown(piece: &str) -> String {
    let t = piece.trim();
    for (open, close) in [("<strong>", "</strong>"), ("<b>", "</b>")] {
        let inner = t
            .get(..open.len())
            .filter(|h| h.eq_ignore_ascii_case(open))
            .and_then(|_| t.get(open.len()..))
            .and_then(|rest| {
                let cut = rest.len().checked_sub(close.len())?;
                rest.get(cut..)
                    .filter(|tail| tail.eq_ignore_ascii_case(close))
                    .and_then(|_| rest.get(..cut))
            });
        if let Some(inner) = inner.filter(|i| !i.contains('<') && !i.trim().is_empty()) {
            return format!("**{}**", inner.trim());
        }
    }
    piece.to_string()
}

/// "... in 2019.Responsibilities": a known heading phrase glued to a sentence's end, cut off onto
/// its own line.
fn split_glued_heading(no: usize, line: Cow<'_, str>) -> Vec<(usize, Cow<'_, str>)> {
    if let Some(at) = heading_glued_before(&line) {
        let (head, tail) = (
            line.get(..at).unwrap_or("").to_string(),
            line.get(at..).unwrap_or("").to_string(),
        );
        return vec![(no, Cow::Owned(head)), (no, Cow::Owned(tail))];
    }
    // Only the line's last sentence end can have a heading glued after it (the heading holds
    // no sentence end), so one look from the end is enough.
    let glued = line.rfind(['.', '!', '?']).and_then(|i| {
        let before = line.get(..i)?.chars().next_back()?;
        let first = line.get(i + 1..)?.chars().next()?;
        (before.is_alphanumeric() && first.is_uppercase()).then_some(i + 1)
    });
    let Some(at) = glued else {
        return vec![(no, line)];
    };
    let tail = line.get(at..).unwrap_or("").trim();
    // A sentence, not a list label ("1.About us") or an abbreviation, comes before the heading.
    let known = word_count(line.get(..at).unwrap_or("")) >= MIN_GLUED_SENTENCE_WORDS
        && word_count(tail) <= MAX_GLUED_HEADING_WORDS
        && phrase_kind(&normalize_phrase(tail.trim_end_matches(':'))).is_some();
    if !known {
        return vec![(no, line)];
    }
    let (head, tail) = (line.get(..at).unwrap_or("").to_string(), tail.to_string());
    vec![(no, Cow::Owned(head)), (no, Cow::Owned(tail))]
}

/// Where the text after a known heading glued to the start of a line begins, when there is
/// one: a paste that lost the line break after a heading leaves its last word and the next
/// sentence's first word run together ("What you will doTake over ...", "## What you'll
/// ownEncoding and delivery: Own ..."). The heading is a known phrase (not "About Gi" of
/// "About GitHub"), and a sentence of at least [`MIN_GLUED_TAIL_WORDS`] words follows it.
fn heading_glued_before(line: &str) -> Option<usize> {
    let mut prev: Option<char> = None;
    // A heading of a few words is short: the rest of a long line is never searched.
    for (i, c) in line
        .char_indices()
        .take_while(|(i, _)| *i <= MAX_GLUED_HEADING_BYTES)
    {
        if prev.is_some_and(char::is_lowercase) && c.is_uppercase() {
            let head = line.get(..i)?;
            if word_count(head) > MAX_GLUED_HEADING_WORDS {
                return None;
            }
            let phrase = head.trim_start_matches(['#', '*', ' ', '\t']);
            let tail = line.get(i..)?;
            if word_count(tail) >= MIN_GLUED_TAIL_WORDS
                && phrase_kind(&normalize_phrase(phrase)).is_some()
            {
                return Some(i);
            }
        }
        prev = Some(c);
    }
    None
}

/// A heading glued to the sentence before it has at most this many words.
const MAX_GLUED_HEADING_WORDS: usize = 5;
/// A heading glued to the sentence after it is at most this many bytes long.
const MAX_GLUED_HEADING_BYTES: usize = 80;
/// The sentence glued after a heading has at least this many words.
const MIN_GLUED_TAIL_WORDS: usize = 4;
/// The sentence a heading is glued to has at least this many words.
const MIN_GLUED_SENTENCE_WORDS: usize = 3;

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

/// A pictograph or other symbol that decorates a heading or marks a list item ("🔨", "★",
/// "⚙️"): not a letter, digit, space, ASCII or common punctuation.
pub(super) fn is_symbol(c: char) -> bool {
    !c.is_ascii()
        && !c.is_alphanumeric()
        && !c.is_whitespace()
        && !matches!(
            c,
            '’' | '‘'
                | '“'
                | '”'
                | '«'
                | '»'
                | '–'
                | '—'
                | '…'
                | '€'
                | '£'
                | '¥'
                | '°'
                | '§'
                | '©'
                | '®'
                | '™'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '「'
                | '」'
        )
}

/// Classify one raw line by its shape.
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
    // A question and its answer marked "Q:" and "A:".
    if let Some(rest) = body
        .strip_prefix("Q: ")
        .or_else(|| body.strip_prefix("A: "))
    {
        body = rest.trim_start();
    }
    if body.is_empty() || is_decoration(body) {
        return LineKind::Decoration;
    }
    if is_link_definition(body) {
        return LineKind::Skip {
            text: body.to_string(),
            reason: "Markdown link definition",
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
                    reason: "heading without words",
                }
            };
        }
        let hashes = body.chars().take_while(|&c| c == '#').count();
        let kind = section_kind(unwrap_decorations(&text));
        return LineKind::Heading {
            text,
            kind,
            rank: u8::try_from(hashes).unwrap_or(6),
            shaped: None,
        };
    }
    if let Some(cells) = table_cells(body) {
        return table_row(cells, indent);
    }
    let numbered = body.starts_with(|c: char| c.is_ascii_digit());
    match strip_bullet(body) {
        // "1.1 Position title: Director ...", "2.  POSITION TITLE:   Director ...": a form's
        // numbered field is read as a field line.
        Some(rest)
            if numbered && (title_field(rest, true).is_some() || metadata_key(rest).is_some()) =>
        {
            body = rest;
        }
        Some(rest) => return bullet_line(rest, indent, numbered),
        None => {}
    }
    let text = match cleaned_text(body) {
        Ok(text) => text,
        Err(nothing_left) => return nothing_left,
    };
    if let Some((h, rank)) = heading_shape(body, &text) {
        let kind = section_kind(&h);
        return LineKind::Heading {
            text: h,
            kind,
            rank,
            shaped: Some((indent, text)),
        };
    }
    // An emoji or symbol that is not a heading's decoration marks a list item.
    let mut chars = text.chars();
    if chars.next().is_some_and(is_symbol) {
        let rest = chars
            .as_str()
            .trim_start_matches(|c: char| is_symbol(c) || c == '\u{fe0f}');
        if rest.starts_with(char::is_whitespace) && !rest.trim().is_empty() {
            return LineKind::Bullet {
                indent,
                text: rest.trim().to_string(),
                bold: false,
                lead_in: false,
            };
        }
    }
    LineKind::Text { indent, text }
}

/// A line's text with its inline markup cleaned, or, when nothing is left of it, what the line
/// is: decoration, or markup only.
fn cleaned_text(body: &str) -> Result<String, LineKind> {
    let text = clean_inline(body);
    if !text.is_empty() {
        return Ok(text);
    }
    Err(if is_blank_markup(body) {
        LineKind::Decoration
    } else {
        markup_only(body)
    })
}

/// A list item (its marker gone: `rest`), unless it is only markup, or a section numbered
/// like a list item ("3. Responsibilities", "4. Requirements": a heading).
fn bullet_line(rest: &str, indent: usize, numbered: bool) -> LineKind {
    let text = match cleaned_text(rest) {
        Ok(text) => text,
        Err(nothing_left) => return nothing_left,
    };
    if numbered && word_count(&text) <= MAX_BARE_HEADING_WORDS {
        let h = strip_heading_punct(&text);
        if phrase_kind(&normalize_phrase(&h)).is_some() {
            return LineKind::Heading {
                kind: section_kind(&h),
                text: h,
                rank: RANK_SHAPED,
                shaped: None,
            };
        }
    }
    let bold = is_wholly_bold(rest);
    let lead_in = !bold && has_bold_lead_in(rest);
    LineKind::Bullet {
        indent,
        text,
        bold,
        lead_in,
    }
}

/// Blank once entities are decoded (`&nbsp;`), or decoration only.
pub(super) fn is_blank_markup(raw: &str) -> bool {
    let decoded = decode_entities(raw);
    decoded.trim().is_empty() || is_decoration(&decoded)
}

pub(super) fn markup_only(raw: &str) -> LineKind {
    LineKind::Skip {
        text: collapse_whitespace(raw),
        reason: "markup only (no text left after removing links and formatting)",
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

/// A Markdown table row (`| a | b |`): its cleaned cells joined by `; ` ("" for an all-empty
/// row), or None if the line is not a table row.
pub(super) fn table_cells(body: &str) -> Option<String> {
    let inner = body.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    if !body.ends_with('|') && !inner.contains('|') {
        return None;
    }
    Some(joined_cells(inner))
}

/// A table row's cells (between `|`s), cleaned, the empty ones dropped, joined by `; `.
fn joined_cells(inner: &str) -> String {
    let mut cells: Vec<String> = inner
        .split('|')
        .map(clean_inline)
        .filter(|c| !c.is_empty())
        .collect();
    // "| 4 | Directs the multi-year program ... | 10% |": a row's number and its share of the
    // time are no part of the duty beside them.
    let is_count = |c: &str| {
        let c = c.trim_start_matches('#').trim_end_matches(['.', '%']);
        (1..=3).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit())
    };
    if cells.iter().any(|c| word_count(c) >= 3) {
        if cells.last().is_some_and(|c| is_count(c)) {
            cells.pop();
        }
        if cells.first().is_some_and(|c| is_count(c)) {
            cells.remove(0);
        }
    }
    cells.join("; ")
}

/// A table row, its cells joined: a list item, or nothing when every cell is empty.
fn table_row(cells: String, indent: usize) -> LineKind {
    if cells.is_empty() {
        LineKind::Decoration
    } else {
        LineKind::Bullet {
            indent,
            text: cells,
            bold: false,
            lead_in: false,
        }
    }
}

/// A table delimiter row: `|---|:---:|`.
pub(super) fn is_table_delimiter(raw: &str) -> bool {
    let t = raw.trim();
    t.contains('|')
        && t.contains('-')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Strip a bullet marker; returns the content after it ("" for an empty bullet), or None if the
/// line is not a bullet.
pub(super) fn strip_bullet(body: &str) -> Option<&str> {
    // Escaped Markdown, as some exports write list markers: "\- Lead ...", "\* Own ...".
    if let Some(rest) = ["\\-", "\\*", "\\+"]
        .iter()
        .find_map(|marker| body.strip_prefix(marker))
    {
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return Some(rest.trim_start());
        }
    }
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
            // "- 15% — Owns the modernization program ...": the share of time is no part of
            // the duty.
            let rest = rest.trim_start();
            return Some(strip_time_share(rest).unwrap_or(rest));
        }
        // Typographic bullets are often glued to the text ("•Lead the team").
        if !matches!(first, '-' | '*' | '+' | '–' | '—') {
            return Some(rest.trim_start());
        }
        return None;
    }

    // "25% - Lead ...", "(25%) Lead ...": an HR template's essential functions, each with its
    // share of the time.
    if let Some(rest) = strip_time_share(body) {
        return Some(rest);
    }

    // "o Supervise ...": the hollow bullet of a word processor, pasted as the letter `o`
    // (only before a capital or a digit: "o" is not an English word).
    // (The letter and a tab, "o\tLead ...", as a word processor's export writes it, too.)
    if let Some(rest) = body
        .strip_prefix('o')
        .filter(|rest| rest.starts_with([' ', '\t']))
    {
        let rest = rest.trim_start();
        if rest.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
            return Some(rest);
        }
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

    // "3.1 Lead ...", "1.2.4 Own ...": a word processor's outline numbering.
    if let Some(rest) = strip_outline_number(body) {
        return Some(rest);
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
    // "1\." is an escaped "1." (Markdown exports that escape list labels).
    let rest = after
        .strip_prefix("\\.")
        .or_else(|| after.strip_prefix(['.', ')']))?;
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

/// A word processor's outline number before a capitalised word: "3.1 Lead the ...", "1.2.4
/// Own ...", "1.1. Position title: ..." (two or three numbers joined by `.`; "2.5 million
/// users" is a number, not a label).
pub(super) fn strip_outline_number(body: &str) -> Option<&str> {
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let label = body.get(..end)?.trim_end_matches('.');
    let numbered = (2..=3).contains(&label.split('.').count())
        && label
            .split('.')
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let rest = body.get(end..)?;
    if !numbered || !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    rest.starts_with(char::is_uppercase).then_some(rest)
}

/// The text after a share of time that labels an essential function: "25% - ", "25% – ",
/// "25%: ", "(25%) ".
fn strip_time_share(body: &str) -> Option<&str> {
    let (inner, parenthesised) = match body.strip_prefix('(') {
        Some(rest) => (rest, true),
        None => (body, false),
    };
    let digits = inner.chars().take_while(char::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let after = inner.get(digits..)?.strip_prefix('%')?;
    let rest = if parenthesised {
        after.strip_prefix(')')?.trim_start_matches([':', ' '])
    } else {
        let after = after.trim_start();
        after
            .strip_prefix(['-', '–', '—', ':'])
            .filter(|r| r.starts_with(' '))?
    };
    let rest = rest.trim_start();
    rest.starts_with(char::is_alphabetic).then_some(rest)
}

pub(super) fn is_list_label(label: &str) -> bool {
    const ROMAN: &[&str] = &[
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    let digits = !label.is_empty() && label.len() <= 3 && label.chars().all(|c| c.is_ascii_digit());
    let letter = label.len() == 1 && label.chars().all(|c| c.is_ascii_alphabetic());
    let roman = ROMAN.contains(&label.to_ascii_lowercase().as_str());
    // "1a", "12b": an item lettered under a numbered one.
    let sub_item = label.len() >= 2
        && label.len() <= 3
        && label.ends_with(|c: char| c.is_ascii_lowercase())
        && label
            .get(..label.len() - 1)
            .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()));
    digits || letter || roman || sub_item
}

/// Strip the decoration around a heading's words: pictographs ("🚀 About the role"), and a
/// wrapping pair of brackets or markers ("[Responsibilities]", "【About us】", "== Perks ==").
pub(super) fn unwrap_decorations(text: &str) -> &str {
    let mut t = text
        .trim_matches(|c: char| is_symbol(c) || c == '\u{fe0f}' || c.is_whitespace())
        .trim();
    for (open, close) in [
        ("[", "]"),
        ("【", "】"),
        ("〔", "〕"),
        ("「", "」"),
        ("«", "»"),
        ("<", ">"),
        ("==", "=="),
        ("::", "::"),
    ] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if !inner.contains([']', '[']) {
                t = inner.trim();
            }
        }
    }
    t
}

/// Small words that stay lower case in a Title Case heading ("Leadership and Strategy").
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "the", "to", "vs", "via", "with", "your", "our", "you", "we",
];

/// A short line in Title Case ("Leadership & Strategy", "Travel/Work Conditions"): every word
/// but the small ones starts with a capital or a digit, and it has no sentence punctuation.
pub(super) fn is_title_case(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty()
        || words.len() > MAX_TITLE_CASE_HEADING_WORDS
        || text.ends_with(['.', '!', ',', ';', '?'])
        || text.contains(": ")
    {
        return false;
    }
    let mut capitalised = 0;
    for (i, w) in words.iter().enumerate() {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = core.chars().next() else {
            continue;
        };
        if first.is_uppercase() {
            capitalised += 1;
        } else if first.is_ascii_digit() {
        } else if i == 0 || !SMALL_WORDS.contains(&core.to_lowercase().as_str()) {
            return false;
        }
    }
    capitalised > 0
}

/// Letters outside parentheses are all capitals, at least three of them: "RESPONSIBILITIES",
/// "PRIMARY RESPONSIBILITIES (include but are not limited to)".
pub(super) fn is_all_caps(text: &str) -> bool {
    let mut depth = 0usize;
    let mut letters = 0;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphabetic() => {
                if c.is_lowercase() {
                    return false;
                }
                letters += 1;
            }
            _ => {}
        }
    }
    letters >= 3
}

/// Whether `word` is an article: a line or a run of words ending in one ("We're looking for
/// a", then "Director of Engineering to lead ...") is a sentence in progress, never a heading.
fn ends_in_article(word: &str) -> bool {
    ["a", "an", "the"]
        .iter()
        .any(|a| word.eq_ignore_ascii_case(a))
}

/// If a non-bullet line is shaped like a heading, its heading text and rank.
pub(super) fn heading_shape(raw_body: &str, cleaned: &str) -> Option<(String, u8)> {
    let core = unwrap_decorations(cleaned);
    let lead_in = core.ends_with(':') || core.ends_with("...") || core.ends_with('…');
    let stripped = strip_heading_punct(core);
    let words = word_count(&stripped);
    if words == 0 {
        return None;
    }
    // "We're looking for a" (then "Director of Engineering to lead ..."): a line ending in an
    // article is a wrapped sentence, never a heading.
    let last_word = stripped.rsplit(' ').next().unwrap_or("");
    if !lead_in && ends_in_article(last_word) {
        return None;
    }
    let sentence_end = core.ends_with(['.', '!', '?']) && !lead_in;
    // A bold sentence ("**We are an equal opportunity employer.**") is a heading only when
    // it is a known phrase.
    let bold_heading = if sentence_end {
        bare_heading_kind(&stripped).is_some()
    } else {
        words <= MAX_BOLD_HEADING_WORDS || section_kind(&stripped).is_some()
    };
    if is_wholly_bold(raw_body) && bold_heading {
        return Some((stripped, RANK_BOLD));
    }
    // Headings are capitalised: "the following:" or "experience" is a wrapped line.
    let capitalised = stripped
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| !c.is_lowercase());
    if !capitalised {
        // An all-lower-case posting ("what you'll do", "perks"): a known section phrase alone
        // on its line, without sentence punctuation, is still a heading.
        let n = normalize_phrase(&stripped);
        let known = words <= MAX_BARE_HEADING_WORDS
            && !sentence_end
            && !core.ends_with('?')
            && phrase_kind(&n).is_some();
        return known.then_some((stripped, RANK_SHAPED));
    }
    if lead_in
        && (words <= MAX_COLON_HEADING_WORDS
            || (words <= MAX_KNOWN_COLON_HEADING_WORDS && section_kind(&stripped).is_some())
            || is_you_will_lead_in(&normalize_phrase(&stripped)))
    {
        return Some((stripped, RANK_SHAPED));
    }
    if sentence_end && !core.ends_with('?') {
        return None;
    }
    let n = normalize_phrase(&stripped);
    // "You'll thrive if", "Bonus if you have": an unfinished condition is a lead-in heading.
    if words <= MAX_QUESTION_HEADING_WORDS && is_condition_lead_in(&n) {
        return Some((stripped, RANK_SHAPED));
    }
    // "What you'll be accountable for", "Why you'll love working here": a short line opening
    // with a question word is a heading when its wording is known (a duty opens with a verb).
    let question = n
        .split(' ')
        .next()
        .is_some_and(|w| matches!(w, "what" | "why" | "who" | "how" | "where"));
    if question && words <= MAX_QUESTION_HEADING_WORDS && section_kind(&stripped).is_some() {
        return Some((stripped, RANK_SHAPED));
    }
    if words <= MAX_BARE_HEADING_WORDS && bare_heading_kind(&stripped).is_some() {
        return Some((stripped, RANK_SHAPED));
    }
    if core.ends_with('?') {
        // "Why join?", "Interested?": a question is a heading only when its wording is known
        // (or, in a posting of questions and answers, by `mark_question_headings`).
        let known = words <= MAX_BARE_HEADING_WORDS && section_kind(&stripped).is_some();
        return known.then_some((stripped, RANK_SHAPED));
    }
    let opens_with_letter = stripped.chars().next().is_some_and(char::is_alphabetic);
    if words <= MAX_CAPS_HEADING_WORDS && opens_with_letter && is_all_caps(&stripped) {
        return Some((stripped, RANK_SHAPED));
    }
    // "Report to the CEO" is a duty in Title Case, not a heading; "Hiring & Onboarding" is one.
    // "Report to the CEO" is a duty in Title Case, not a heading ("Hiring & Onboarding" is
    // one), and so is a requirement ("Familiarity with Rust or Go") or a pay line.
    let opens_with_verb = stripped.split_whitespace().next().is_some_and(|w| {
        let w = w.to_lowercase();
        w.chars().all(char::is_alphabetic) && !w.ends_with("ing") && is_duty_verb(&w)
    });
    let plain = !opens_with_verb && non_duty_reason(&stripped).is_none();
    if is_title_case(&stripped) && opens_with_letter && (plain || section_kind(&stripped).is_some())
    {
        return Some((stripped, RANK_TITLE_CASE));
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

/// A list item opening with a bold lead-in that names its duty, the explanation after it:
/// `**Own delivery.** Keep ...`, `**Grow leaders:** Hire ...`, `__Protect uptime__ — Set
/// ...`, `**Hire and retain world-class engineers**. We are ...`. The bold run ends with `.`,
/// `:` or a dash (inside or just after it), and text follows.
pub(super) fn has_bold_lead_in(raw: &str) -> bool {
    ["**", "__"].iter().any(|m| {
        let Some(inner_and_rest) = raw.strip_prefix(m) else {
            return false;
        };
        let Some(close) = inner_and_rest.find(m) else {
            return false;
        };
        let inner = inner_and_rest.get(..close).unwrap_or("").trim();
        let after = inner_and_rest.get(close + m.len()..).unwrap_or("");
        let stop = |c: char| matches!(c, '.' | ':' | '-' | '–' | '—');
        let ends = inner.ends_with(stop) || after.trim_start().starts_with(stop);
        let rest = after.trim_start().trim_start_matches(stop);
        ends && word_count(inner) > 0 && word_count(rest) > 0
    })
}

/// Trim the punctuation a heading carries around its words (`:`, `.`, dashes, pipes, `...`).
pub(super) fn strip_heading_punct(s: &str) -> String {
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–' | '—' | '|' | '…')
    })
    .to_string()
}

/// Read the posting's lines into shapes, in one pass: front matter and multi-line HTML
/// comments are skipped, a `===` / `---` underline makes the short line above it a heading, a
/// table row above a delimiter row (`|---|---|`) is the table's header, and a run of blank or
/// decoration lines becomes one entry (so a posting of a million empty lines costs one).
/// `front` is the front matter's first and last line index (see [`front_matter_span`]).
/// Returns the lines and the front matter's `title:` value with the index of its line.
pub(super) fn read_lines<'a>(
    raw: impl Iterator<Item = (usize, Cow<'a, str>)>,
    front: Option<(usize, usize)>,
) -> (Vec<Line>, Option<(usize, String)>) {
    let mut lines: Vec<Line> = Vec::new();
    let mut title = None;
    let mut in_comment = false;
    let mut prev_is_row = false;
    // Inside a table written without outer pipes ("Area | What you own", "-----|-----", then
    // "People | Lead the ..."): its rows are read as table rows until a line without `|`.
    let mut bare_table = false;
    let mut title_from_role = false;
    for (i, (no, raw)) in raw.enumerate() {
        let trimmed = raw.trim();
        let in_front = front.is_some_and(|(open, close)| (open..=close).contains(&i));
        let kind = if in_front {
            front_matter_line(trimmed, &mut title, &mut title_from_role, lines.len())
        } else if in_comment || (trimmed.starts_with("<!--") && !trimmed.contains("-->")) {
            in_comment = !trimmed.contains("-->");
            if trimmed.is_empty() {
                LineKind::Blank
            } else {
                LineKind::Skip {
                    text: collapse_whitespace(trimmed),
                    reason: "HTML comment",
                }
            }
        } else if bare_table && trimmed.contains('|') && !is_table_delimiter(trimmed) {
            table_row(joined_cells(trimmed), 0)
        } else {
            bare_table = false;
            classify_line(&raw)
        };
        let is_row = trimmed.starts_with('|');
        if kind == LineKind::Decoration {
            if let Some(level) = setext_level(trimmed) {
                if apply_setext(&mut lines, level) {
                    prev_is_row = false;
                    continue;
                }
            }
            if is_table_delimiter(trimmed) {
                if let Some(prev) = lines.last_mut() {
                    // The row above the delimiter is the header: a `|`-delimited row, or a
                    // line with `|` inside for a table without outer pipes.
                    let piped = prev_is_row && matches!(prev.kind, LineKind::Bullet { .. });
                    let bare = !prev_is_row
                        && matches!(&prev.kind, LineKind::Text { text, .. } if text.contains('|'));
                    if let Some(text) = prev.kind.text().filter(|_| piped || bare) {
                        prev.kind = LineKind::Skip {
                            text,
                            reason: "table header row",
                        };
                        bare_table = bare;
                    }
                }
            }
        }
        prev_is_row = is_row;
        let blankish = matches!(kind, LineKind::Blank | LineKind::Decoration);
        let merges = blankish
            && lines
                .last()
                .is_some_and(|l| matches!(l.kind, LineKind::Blank | LineKind::Decoration));
        if !merges {
            lines.push(Line { no, kind });
        }
    }
    (lines, title)
}

/// A setext underline's heading level: `===` is 1, `---` is 2.
fn setext_level(trimmed: &str) -> Option<u8> {
    if trimmed.len() < 2 {
        return None;
    }
    if trimmed.chars().all(|c| c == '=') {
        Some(1)
    } else if trimmed.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

/// Make the last line a setext heading of `level` if it is a short text line that starts a
/// paragraph; whether it did.
fn apply_setext(lines: &mut [Line], level: u8) -> bool {
    let n = lines.len();
    let starts_paragraph = n < 2
        || matches!(
            lines.get(n - 2).map(|l| &l.kind),
            Some(LineKind::Blank | LineKind::Decoration | LineKind::Heading { .. })
        );
    let Some(prev) = lines.last_mut() else {
        return false;
    };
    let (indent, text) = match &prev.kind {
        LineKind::Text { indent, text } => (*indent, text),
        LineKind::Heading {
            shaped: Some((indent, text)),
            ..
        } => (*indent, text),
        _ => return false,
    };
    if !starts_paragraph || indent > 3 || word_count(text) > MAX_SETEXT_HEADING_WORDS {
        return false;
    }
    let h = strip_heading_punct(text);
    let kind = section_kind(unwrap_decorations(&h));
    prev.kind = LineKind::Heading {
        text: h,
        kind,
        rank: level,
        shaped: None,
    };
    true
}

/// A short bullet that is wholly bold or ends with `:`, followed by more-indented bullets,
/// labels them (`- **Teams and delivery**`, `- Data governance:`): it is skipped, and does not
/// change the section. One pass from the end, so a long run of blank lines costs nothing extra.
pub(super) fn apply_list_labels(lines: &mut [Line]) {
    let mut next_indent: Option<usize> = None;
    for line in lines.iter_mut().rev() {
        let nested_below = next_indent;
        match &line.kind {
            LineKind::Blank => continue,
            LineKind::Bullet {
                indent, text, bold, ..
            } => {
                // "- Run the operating rhythm of the four teams:" is a duty over its details.
                let label_shaped = (*bold || (text.ends_with(':') && !is_duty_over_details(text)))
                    && word_count(text) <= MAX_COLON_HEADING_WORDS
                    && !text.ends_with(['.', '!', '?']);
                let indent = *indent;
                if label_shaped && nested_below.is_some_and(|inner| inner > indent) {
                    let text = text.trim_end_matches(':').trim_end().to_string();
                    let reason = if *bold {
                        "list label (bold item above nested items)"
                    } else {
                        "list label (item ending with a colon above nested items)"
                    };
                    line.kind = LineKind::Skip { text, reason };
                }
                next_indent = Some(indent);
            }
            _ => next_indent = None,
        }
    }
}

/// Front matter: a `---` (YAML) or `+++` (TOML) line among the first three non-blank lines,
/// then `key: value` or `key = value` lines up to the next such line (within the first lines
/// given). Returns the indexes of the two fence lines.
pub(super) fn front_matter_span(first: &[&str]) -> Option<(usize, usize)> {
    // YAML between `---` lines, TOML between `+++` lines.
    let (open, fence) = first
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.trim().is_empty())
        .take(3)
        .find_map(|(i, r)| {
            ["---", "+++"]
                .into_iter()
                .find(|f| r.trim() == *f)
                .map(|f| (i, f))
        })?;
    let close = first
        .iter()
        .enumerate()
        .skip(open + 1)
        .find(|(_, r)| r.trim() == fence)
        .map(|(i, _)| i)?;
    let body = first.get(open + 1..close)?;
    let is_field = |r: &&str| {
        let t = r.trim_end();
        t.is_empty()
            || t.starts_with([' ', '\t', '-'])
            || front_matter_pair(t).is_some_and(|(k, _)| {
                let k = k.trim_end();
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
            })
    };
    (!body.is_empty() && body.iter().all(is_field)).then_some((open, close))
}

/// A front matter line's key and value: YAML's `key: value` or TOML's `key = "value"`
/// (whichever separator comes first: a YAML value may hold `=`, a TOML one `:`).
fn front_matter_pair(line: &str) -> Option<(&str, &str)> {
    let at = match (line.find(':'), line.find('=')) {
        (Some(colon), Some(equals)) => colon.min(equals),
        (colon, equals) => colon.or(equals)?,
    };
    Some((line.get(..at)?, line.get(at + 1..)?))
}

/// One line of front matter: skipped (its `title:` value kept for the title).
fn front_matter_line(
    trimmed: &str,
    title: &mut Option<(usize, String)>,
    from_role: &mut bool,
    index: usize,
) -> LineKind {
    if trimmed.is_empty() || trimmed == "---" {
        return LineKind::Decoration;
    }
    if let Some((key, value)) = front_matter_pair(trimmed) {
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim().trim_matches(['"', '\'']).trim();
        // `title:` is the title; a job seeker's `role:` or `position:` is, when it names a
        // level and no `title:` comes.
        let strong = key == "title" && (title.is_none() || *from_role);
        let weak = matches!(key.as_str(), "role" | "position" | "job")
            && title.is_none()
            && claimed_level(value) != Level::Unknown;
        if (strong || weak) && !value.is_empty() {
            *title = Some((index, collapse_whitespace(value)));
            *from_role = weak;
        }
    }
    LineKind::Skip {
        text: collapse_whitespace(trimmed),
        reason: "front matter",
    }
}

/// A posting written as questions and answers ("What's the job?", then its answer) asks its
/// own questions, which no table knows. When at least [`MIN_QUESTIONS`] short questions stand
/// alone on their lines, after a blank line (or a heading) and over their answers, the unknown
/// ones become headings of no known kind: each answer is read under its own question (see
/// `Builder::enter_section`). Elsewhere a lone question stays text ("Who are our customers?"
/// in a company blurb).
pub(super) fn mark_question_headings(lines: &mut [Line]) {
    let asks = |i: usize, lines: &[Line]| -> bool {
        let Some(LineKind::Text { text, .. }) = lines.get(i).map(|l| &l.kind) else {
            return false;
        };
        if !(text.ends_with('?')
            && text.starts_with(char::is_uppercase)
            && word_count(text) <= MAX_QUESTION_LINE_WORDS)
        {
            return false;
        }
        let after_break = i == 0
            || lines.get(i - 1).is_some_and(|l| {
                matches!(
                    l.kind,
                    LineKind::Blank | LineKind::Decoration | LineKind::Heading { .. }
                )
            });
        // The answer may come after a blank line, but is no question itself.
        let answered = lines
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .find(|l| !matches!(l.kind, LineKind::Blank | LineKind::Decoration))
            .is_some_and(|l| match &l.kind {
                LineKind::Text { text, .. } => !text.ends_with('?'),
                LineKind::Bullet { .. } | LineKind::Heading { .. } => true,
                _ => false,
            });
        after_break && answered
    };
    let questions: Vec<usize> = (0..lines.len()).filter(|&i| asks(i, lines)).collect();
    let known = lines
        .iter()
        .filter(|l| matches!(&l.kind, LineKind::Heading { text, .. } if text.ends_with('?')))
        .count();
    if questions.len() + known < MIN_QUESTIONS {
        return;
    }
    for i in questions {
        if let Some(line) = lines.get_mut(i) {
            if let LineKind::Text { indent, text } = &line.kind {
                line.kind = LineKind::Heading {
                    kind: section_kind(&strip_heading_punct(text)),
                    text: text.clone(),
                    rank: RANK_SHAPED,
                    shaped: Some((*indent, text.clone())),
                };
            }
        }
    }
}

/// A note indented under a list item: a line opening with a short label and a colon ("Why it
/// matters: ...", "Example: ..."), or wholly in square brackets (a reader's aside: "[ask
/// about the on-call load here]"), indented deeper than the item above it. It explains the
/// item and is no duty of its own, nor a heading ("Why it matters" would read as a benefits
/// heading), nor part of the item. A label opening with a duty verb ("Own: ...") is no note.
pub(super) fn mark_item_notes(lines: &mut [Line]) {
    let mut item_indent = None;
    for line in lines.iter_mut() {
        match &line.kind {
            LineKind::Bullet { indent, .. } => item_indent = Some(*indent),
            LineKind::Blank | LineKind::Decoration => {}
            LineKind::Text { indent, text } if item_indent.is_some_and(|i| *indent > i) => {
                if is_item_note(text) || is_bracketed_aside(text) {
                    line.kind = LineKind::Skip {
                        text: text.clone(),
                        reason: "a note under the list item above",
                    };
                }
            }
            _ => item_indent = None,
        }
    }
}

/// "Why it matters: Detection is the product.": a capitalised label of at most
/// [`MAX_NOTE_LABEL_WORDS`] words, not opening with a duty verb, then `: ` and text.
fn is_item_note(text: &str) -> bool {
    text.split_once(": ").is_some_and(|(label, rest)| {
        let first = label.split_whitespace().next().unwrap_or("");
        first.starts_with(char::is_uppercase)
            && word_count(label) <= MAX_NOTE_LABEL_WORDS
            && !is_duty_verb(&first.to_lowercase())
            && !rest.trim().is_empty()
    })
}

/// A line wholly in square brackets, of at least [`MIN_STATEMENT_WORDS`] words: "[this is the
/// part I'd be good at]" (not a bracketed heading such as "[Responsibilities]").
fn is_bracketed_aside(text: &str) -> bool {
    text.strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .is_some_and(|inner| {
            !inner.contains(['[', ']']) && word_count(inner) >= MIN_STATEMENT_WORDS
        })
}

/// A note's label under a list item has at most this many words.
const MAX_NOTE_LABEL_WORDS: usize = 4;

/// A flattened posting pastes whole sections onto one line: "Work (What You'll Do): Lead the
/// team Drive the roadmap Job Requirements: 10+ years ...". In a text line of at least
/// [`MIN_FLATTENED_WORDS`] words with at least one recognised inline heading (a short Title
/// Case run before `: `), every such run becomes a heading line and the text between them a
/// text line, all with the same line number.
pub(super) fn split_inline_headings(lines: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let LineKind::Text { indent, text } = &line.kind else {
            out.push(line);
            continue;
        };
        let (indent, no) = (*indent, line.no);
        // "Responsibilities: Lead the ...", "About us: Acme is ...": a known heading and the
        // section's first line on one line.
        if let Some((heading, kind, rest)) = colon_heading(text) {
            // "**Responsibilities:** - Lead the ...": the list's first item on the heading's line.
            let rest = strip_bullet(rest).unwrap_or(rest);
            out.push(Line {
                no,
                kind: LineKind::Heading {
                    text: heading,
                    kind: Some(kind),
                    rank: RANK_SHAPED,
                    shaped: None,
                },
            });
            out.push(Line {
                no,
                kind: LineKind::Text {
                    indent,
                    text: rest.to_string(),
                },
            });
            continue;
        }
        let mut text = text.as_str();
        let mut split = false;
        // "Key Responsibilities Define and execute ...": run-in headings at the line start.
        while word_count(text) >= MIN_RUN_IN_WORDS {
            let Some((heading, rest)) = run_in_heading(text) else {
                break;
            };
            let kind = section_kind(&heading);
            out.push(Line {
                no,
                kind: LineKind::Heading {
                    text: heading,
                    kind,
                    rank: RANK_SHAPED,
                    shaped: None,
                },
            });
            text = rest;
            split = true;
        }
        let line = if split {
            Line {
                no,
                kind: LineKind::Text {
                    indent,
                    text: text.to_string(),
                },
            }
        } else {
            line
        };
        let LineKind::Text { indent, text } = &line.kind else {
            out.push(line);
            continue;
        };
        if word_count(text) < MIN_FLATTENED_WORDS {
            out.push(line);
            continue;
        }
        let heads = inline_headings(text);
        if !heads.iter().any(|(_, _, h)| section_kind(h).is_some()) {
            out.push(line);
            continue;
        }
        let mut from = 0;
        for (start, end, heading) in heads {
            let before = text.get(from..start).unwrap_or("").trim();
            // "Duties: 1) Lead ...": the section's first item after its heading.
            let before = if from > 0 {
                strip_bullet(before).unwrap_or(before)
            } else {
                before
            };
            if !before.is_empty() {
                out.push(Line {
                    no: line.no,
                    kind: LineKind::Text {
                        indent: *indent,
                        text: before.to_string(),
                    },
                });
            }
            let kind = section_kind(&heading);
            out.push(Line {
                no: line.no,
                kind: LineKind::Heading {
                    text: heading,
                    kind,
                    rank: RANK_SHAPED,
                    shaped: None,
                },
            });
            from = end;
        }
        let rest = text.get(from..).unwrap_or("").trim();
        let rest = strip_bullet(rest).unwrap_or(rest);
        if !rest.is_empty() {
            out.push(Line {
                no: line.no,
                kind: LineKind::Text {
                    indent: *indent,
                    text: rest.to_string(),
                },
            });
        }
    }
    out
}

/// A known section heading that opens a line before `: ` and the section's first line after
/// it: "Responsibilities: Lead the four product teams ...", "**Who you are:** A leader with
/// ...", "About us: Copperleaf is ...". The heading has at most [`MAX_COLON_HEADING_WORDS`]
/// words, is capitalised and its wording names a kind other than logistics ("Location: ..."
/// is job metadata). Not split: job metadata and title fields (`Salary:`, `Role: VP of
/// Engineering`), a line of [`MIN_FLATTENED_WORDS`] words or more (a flattened posting, cut by
/// [`split_inline_headings`]'s own rule), and a duty under a sub-area named like a section
/// ("Culture: Build a culture of ...", "Impact: Drive ..."): a heading of a kind other than
/// duties splits only when what follows does not read as a duty. Returns the heading, its kind
/// and the rest.
fn colon_heading(text: &str) -> Option<(String, SectionKind, &str)> {
    if word_count(text) >= MIN_FLATTENED_WORDS
        || metadata_key(text).is_some()
        || title_field(text, true).is_some()
        || title_field(text, false).is_some()
    {
        return None;
    }
    let (head, rest) = text.split_once(": ")?;
    let rest = rest.trim();
    let heading = strip_heading_punct(unwrap_decorations(head));
    let capitalised = heading.chars().next().is_some_and(char::is_uppercase);
    if rest.is_empty()
        || !capitalised
        || word_count(&heading) > MAX_COLON_HEADING_WORDS
        || heading.contains(['.', '!', '?', ';'])
    {
        return None;
    }
    let kind = section_kind(&heading)?;
    let splits = match kind {
        SectionKind::Other => false,
        SectionKind::Duties => true,
        _ => !is_duty_like(rest),
    };
    splits.then_some((heading, kind, rest))
}

/// A heading run into the text that follows it, as pasted postings do: "Key Responsibilities
/// Define and execute ...", "Requirements Proven experience ...", and LinkedIn's "What you'll
/// bring • 10+ years ... • ..." (a section pasted as one line, its items after inline bullets).
/// The first one to four words are taken as a heading when their wording is a known section
/// and the next word is capitalised too, or is an inline bullet (`•`, `·`), which is then
/// dropped. Words recognised only by a keyword are no heading when they hold a verb ("Our
/// stack is mostly Rust ..."). Returns the heading and the rest of the line.
fn run_in_heading(text: &str) -> Option<(String, &str)> {
    let words: Vec<&str> = text
        .split_whitespace()
        .take(MAX_RUN_IN_HEADING_WORDS + 2)
        .collect();
    let starts_capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let is_inline_bullet = |w: &str| matches!(w, "•" | "·");
    if !words.first().is_some_and(|w| starts_capitalised(w)) {
        return None;
    }
    // The longest exact phrase ("About the job" in "About the job About Us ..."), else the
    // longest wording recognised by keyword ("Additional Skills").
    let mut found: Option<(bool, usize)> = None;
    for k in 1..=MAX_RUN_IN_HEADING_WORDS.min(words.len().saturating_sub(1)) {
        let (Some(head), Some(next)) = (words.get(..k), words.get(k)) else {
            continue;
        };
        // "Work (What You'll Do): ..." is an inline heading, not a run-in one.
        let unbalanced = head.iter().map(|w| w.matches('(').count()).sum::<usize>()
            != head.iter().map(|w| w.matches(')').count()).sum::<usize>();
        if !(starts_capitalised(next) || is_inline_bullet(next))
            || head.iter().any(|w| is_inline_bullet(w))
            || unbalanced
            || next.ends_with(':')
            || head.iter().any(|w| w.ends_with(['.', ',', ';', ':']))
            || head.last().is_some_and(|w| ends_in_article(w))
        {
            continue;
        }
        let heading = head.join(" ");
        let exact = phrase_kind(&normalize_phrase(&heading)).is_some();
        // A heading is a noun phrase: "Our stack is mostly Rust ..." is a sentence that names
        // a section's keyword, not a heading.
        let sentence = head.iter().any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "is" | "are" | "was" | "were" | "has" | "have" | "had"
            )
        });
        let recognised = exact || (!sentence && section_kind(&heading).is_some());
        if recognised && found.is_none_or(|(was_exact, _)| exact || !was_exact) {
            found = Some((exact, k));
        }
    }
    let (_, k) = found?;
    let mut next = words.get(k)?;
    if is_inline_bullet(next) {
        next = words.get(k + 1)?;
    }
    let end = next.as_ptr() as usize - text.as_ptr() as usize;
    Some((words.get(..k)?.join(" "), text.get(end..)?))
}

/// Inline headings of a flattened line: (byte start, byte end after the `:`, heading text).
fn inline_headings(text: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut search = 0;
    while let Some(off) = text.get(search..).and_then(|s| s.find(": ")) {
        let colon = search + off;
        search = colon + 2;
        let before = text.get(..colon).unwrap_or("");
        // The Title Case run of words just before the colon, at most 6 words, starting with a
        // capitalised word that follows a word ending without punctuation (or the line start).
        let mut start = colon;
        let mut best = None;
        let mut count = 0;
        for (i, w) in before.rsplit(' ').enumerate() {
            let w_start = start.saturating_sub(w.len());
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            let Some(first) = core.chars().next() else {
                break;
            };
            let small = SMALL_WORDS.contains(&core.to_lowercase().as_str());
            if !(first.is_uppercase() || (small && i > 0)) {
                break;
            }
            count += 1;
            if count > MAX_COLON_HEADING_WORDS {
                break;
            }
            if first.is_uppercase() {
                best = Some(w_start);
            }
            start = w_start.saturating_sub(1);
            if w.ends_with(['.', '!', '?', ',', ';', ':']) && i > 0 {
                break;
            }
        }
        if let Some(s) = best {
            let heading = strip_heading_punct(text.get(s..colon).unwrap_or(""));
            let prev_ok = text
                .get(..s)
                .map(str::trim_end)
                .is_none_or(|p| p.is_empty() || !p.ends_with(':'));
            if !heading.is_empty() && prev_ok {
                found.push((s, colon + 1, heading));
            }
        }
    }
    found
}

/// A page header or footer of text taken from a PDF: a line of at most
/// [`MAX_PAGE_MARKER_WORDS`] words containing "Page <n> of <m>" ("Acme | Careers | Page 2 of
/// 3"), a shorter one ending in "Page <n>" ("Confidential - Page 1"), or a running footer of
/// at most [`MAX_FOOTER_WORDS`] words ending in "Page <n> of <m>".
pub(super) fn is_page_marker(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let number = |w: &&str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let page = |w: &&str| w.eq_ignore_ascii_case("page");
    let numbered_page = || match words.as_slice() {
        [.., p, n] => page(p) && number(n),
        _ => false,
    };
    let page_of = |w: &[&str]| {
        page(&w[0]) && number(&w[1]) && w[2].eq_ignore_ascii_case("of") && number(&w[3])
    };
    // A long running footer ("Acme plc | Job Description | <title> | Page 1 of 2") ends with
    // its page number.
    let ends_page_of = || words.len() >= 4 && words.get(words.len() - 4..).is_some_and(page_of);
    (words.len() <= MAX_PAGE_MARKER_WORDS
        && (words.windows(4).any(page_of)
            || words.len() <= MAX_SHORT_PAGE_MARKER_WORDS && numbered_page()))
        || (words.len() <= MAX_FOOTER_WORDS && ends_page_of())
}

/// A line ending in "Page <n>" is a page marker when it has at most this many words.
const MAX_SHORT_PAGE_MARKER_WORDS: usize = 6;

/// Marks a PDF's page furniture as [`PAGE_FURNITURE`] lines: page markers
/// ([`is_page_marker`]), and the running header printed at the top of the next page, the first
/// non-blank line after a marker when it is a short line with no sentence end holding `" | "`
/// ("Acme Automation | Careers 2025") or repeating an earlier line word for word. A list or
/// paragraph goes on across them.
pub(super) fn mark_page_furniture(lines: &mut [Line]) {
    let mut after_marker = false;
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for line in lines.iter_mut() {
        let text = match &line.kind {
            LineKind::Blank => continue,
            LineKind::Heading { text, .. } | LineKind::Text { text, .. } => text,
            _ => {
                after_marker = false;
                continue;
            }
        };
        // Only short lines can be a running header or repeat one.
        let short = (word_count(text) <= MAX_PAGE_MARKER_WORDS).then(|| text.to_lowercase());
        let running_header = after_marker
            && !text.ends_with(['.', '!', '?', ':', ';'])
            && short
                .as_ref()
                .is_some_and(|lower| text.contains(" | ") || seen.contains(lower));
        after_marker = is_page_marker(text);
        if after_marker || running_header {
            let text = text.clone();
            line.kind = LineKind::Skip {
                text,
                reason: PAGE_FURNITURE,
            };
        } else if let Some(lower) = short {
            seen.insert(lower);
        }
    }
}

/// The reason given for a skipped page header or footer.
pub(super) const PAGE_FURNITURE: &str = "page header or footer";

/// A page marker line has at most this many words.
const MAX_PAGE_MARKER_WORDS: usize = 12;

/// A running footer ending in "Page <n> of <m>" has at most this many words.
const MAX_FOOTER_WORDS: usize = 24;

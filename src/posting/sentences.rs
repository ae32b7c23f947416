//! Sentence splitting that knows abbreviations (`e.g.`, `Inc.`, `V.P.`, initials).

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

pub(super) const ABBREVIATIONS: &[&str] = &[
    "e.g", "eg", "i.e", "ie", "etc", "sr", "jr", "inc", "ltd", "co", "corp", "vs", "v", "dr", "mr",
    "mrs", "ms", "st", "no", "nos", "approx", "incl", "dept", "esp", "cf", "al", "fig", "vol",
    "ca", "min", "max", "avg", "est", "yr", "yrs", "mo", "mos", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "govt",
    "intl", "assoc", "bros", "ph.d", "u.s", "u.k", "v.p", "a.m", "p.m",
];

/// Whether the text before a `.` ends with an abbreviation (so the `.` does not end a sentence).
pub(super) fn ends_with_abbreviation(before_dot: &str) -> bool {
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
///
/// One pass over the text by byte offsets (no per-character table), so a paragraph of many
/// megabytes costs time and memory in proportion to its length.
pub(super) fn sentence_spans(text: &str) -> Vec<(usize, &str)> {
    let at = |i: usize| text.get(i..).and_then(|rest| rest.chars().next());
    let after = |i: usize| at(i).map_or(i, |c| i + c.len_utf8());
    let mut raw: Vec<(usize, usize)> = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    let mut prev_space = false;
    while let Some(c) = at(i) {
        let next = i + c.len_utf8();
        if matches!(c, '•' | '·') && prev_space && at(next).is_some_and(char::is_whitespace) {
            raw.push((start, i));
            start = next;
            i = next;
            prev_space = false;
            continue;
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut e = next;
            while at(e).is_some_and(|x| {
                matches!(
                    x,
                    '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']'
                )
            }) {
                e = after(e);
            }
            if at(e).is_some_and(char::is_whitespace) {
                let mut f = e;
                while at(f).is_some_and(char::is_whitespace) {
                    f = after(f);
                }
                let mut g = f;
                while at(g).is_some_and(|x| matches!(x, '"' | '“' | '‘' | '\'' | '(')) {
                    g = after(g);
                }
                let opens = at(g).is_some_and(|x| x.is_uppercase() || x.is_ascii_digit());
                if opens && !(c == '.' && ends_with_abbreviation(text.get(start..i).unwrap_or("")))
                {
                    raw.push((start, e));
                    start = f;
                    i = f;
                    prev_space = false;
                    continue;
                }
            }
            prev_space = false;
            i = e;
            continue;
        }
        prev_space = c.is_whitespace();
        i = next;
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

/// Cut a run-on sentence made of several list items pasted together without punctuation
/// ("... representing engineering risks Own engineering delivery across ... Partner closely
/// with Product ..."): a sentence of at least [`MIN_RUN_ON_WORDS`] words is cut before a
/// capitalised duty verb ("Own", "Partner", "Drive") that follows a word without punctuation
/// (not a connecting word such as "and" or "to") and precedes a lower-case word. Returns the
/// pieces with their byte offsets in `sentence`; a sentence that is not a run-on is one piece.
pub(super) fn split_run_on(sentence: &str) -> Vec<(usize, &str)> {
    let words: Vec<(usize, &str)> = sentence
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - sentence.as_ptr() as usize, w))
        .collect();
    if words.len() < MIN_RUN_ON_WORDS {
        return vec![(0, sentence)];
    }
    let mut cuts = vec![0usize];
    let mut since_cut = 0usize;
    for (i, &(offset, word)) in words.iter().enumerate() {
        since_cut += 1;
        let Some(&(_, prev)) = i.checked_sub(1).and_then(|p| words.get(p)) else {
            continue;
        };
        let Some(&(_, next)) = words.get(i + 1) else {
            continue;
        };
        let verb = word.trim_end_matches(',');
        let capitalised = verb.chars().next().is_some_and(char::is_uppercase)
            && verb.chars().skip(1).all(char::is_lowercase);
        let prev_open = prev
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == ')')
            && !CONNECTING.contains(&prev.to_lowercase().as_str());
        // "... productivity Drive AI-powered ...": after a lower-case word the next may be
        // capitalised too.
        let prev_lower = prev.chars().all(|c| c.is_lowercase() || c == '-');
        // "Open Source", "Product Management": a capitalised verb after a capitalised word is
        // part of a name, not the start of the next item.
        let prev_capitalised = prev.chars().next().is_some_and(char::is_uppercase)
            && prev.chars().skip(1).all(|c| c.is_lowercase() || c == '-');
        let next_lower = prev_lower
            || next
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c == ',');
        if capitalised
            && prev_open
            && !prev_capitalised
            && next_lower
            && since_cut > 3
            && super::wording::is_base_duty_verb(&verb.to_lowercase())
        {
            cuts.push(offset);
            since_cut = 1;
        }
    }
    if cuts.len() == 1 {
        return vec![(0, sentence)];
    }
    cuts.push(sentence.len());
    cuts.windows(2)
        .filter_map(|w| match w {
            [a, b] => sentence.get(*a..*b).map(|s| (*a, s.trim_end())),
            _ => None,
        })
        .filter(|(_, s)| !s.is_empty())
        .collect()
}

/// A run-on sentence has at least this many words.
const MIN_RUN_ON_WORDS: usize = 15;

/// Words after which a capitalised verb is part of the sentence ("to Drive", "and Support").
const CONNECTING: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "our",
    "the", "their", "to", "with", "your", "&", "/",
];

/// Cut a run of duty clauses separated by semicolons ("lead a group of six managers; own the
/// technical roadmap; partner with product ...", the list of an inline "Responsibilities:"
/// heading written as one sentence) into one piece per clause, without the `;`. Only a run of
/// at least [`MIN_CLAUSE_RUN`] clauses of which at most one does not open with a duty verb is
/// cut ("12 or more years of ...; at least 6 years managing ..." is not). Returns the pieces
/// with their byte offsets in `sentence`; a sentence that is not such a run is one piece.
pub(super) fn split_clause_run(sentence: &str) -> Vec<(usize, &str)> {
    let mut clauses: Vec<(usize, &str)> = Vec::new();
    let mut start = 0usize;
    for (i, _) in sentence.match_indices("; ") {
        clauses.push((start, sentence.get(start..i).unwrap_or("")));
        start = i + 1;
    }
    if clauses.len() + 1 < MIN_CLAUSE_RUN {
        return vec![(0, sentence)];
    }
    clauses.push((start, sentence.get(start..).unwrap_or("")));
    let clauses: Vec<(usize, &str)> = clauses
        .into_iter()
        .filter_map(|(at, c)| {
            let trimmed = c.trim_start();
            let at = at + (c.len() - trimmed.len());
            let trimmed = trimmed.trim_end().trim_end_matches(';').trim_end();
            (!trimmed.is_empty()).then_some((at, trimmed))
        })
        .collect();
    let verbless = clauses
        .iter()
        .filter(|(_, c)| !super::wording::opens_with_base_duty_verb(c))
        .count();
    if clauses.len() < MIN_CLAUSE_RUN || verbless > 1 {
        return vec![(0, sentence)];
    }
    clauses
}

/// A semicolon run is cut into clauses when it has at least this many.
const MIN_CLAUSE_RUN: usize = 3;

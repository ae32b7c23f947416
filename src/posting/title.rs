//! The title of a posting and the level it claims, and `Key: value` job metadata lines.

use super::headings::normalize_phrase;
use super::lines::LineKind;
use super::markup::{collapse_whitespace, word_count};
use super::MAX_TITLE_WORDS;
use crate::label::Level;

/// The level a job title claims.
///
/// Case-insensitive and punctuation-tolerant ("V.P. of Engineering", "Vice-President,
/// Engineering", "Sr. Director, Platform Engineering"). A title naming both levels, or neither
/// ("Head of Engineering", "CTO", "Engineering Manager", ""), is [`Level::Unknown`]. Words
/// after "reports to" / "reporting to" are ignored.
pub fn claimed_level(title: &str) -> Level {
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
        (true, false) => Level::Vp,
        (false, true) => Level::Director,
        _ => Level::Unknown,
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

/// The index and text of the line the title comes from.
pub(super) fn find_title(kinds: &[LineKind]) -> Option<(usize, String)> {
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
                let recognised = kind.is_some() && claimed_level(text) == Level::Unknown;
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
pub(super) fn title_field(text: &str) -> Option<String> {
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

pub(super) fn clean_title(s: &str) -> String {
    let t = s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | ';' | ',' | '.' | '!' | '?' | '-' | '–' | '—' | '|')
    });
    let t = t.trim_start_matches('#').trim();
    collapse_whitespace(t)
}

/// `Location: Remote`, `Salary: ...`: the key of a job-metadata line, if it is one.
pub(super) fn metadata_key(text: &str) -> Option<String> {
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

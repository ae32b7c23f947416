//! The heading rules: which section a heading opens (duties, requirements, benefits, about,
//! other), from phrase tables, keywords and the "you will:" lead-in.

use super::{MAX_KEYWORD_HEADING_WORDS, MAX_LEAD_IN_WORDS};
use crate::label::named_enum;

named_enum! {
    /// What a section of a posting is about, judged from its heading (named in JSON output and
    /// skip reasons).
    pub enum SectionKind {
        /// Responsibilities, "What you'll do", "The role", ...: the lines the audit classifies.
        Duties = "duties",
        /// Requirements, qualifications, skills, "About you", "Nice to have", ...
        Requirements = "requirements",
        /// Benefits, perks, compensation, "What we offer", ...
        Benefits = "benefits",
        /// The company blurb: "About us", "Who we are", "Our mission", `About <Company>`, ...
        About = "about",
        /// Any other heading (Location, How to apply, or one we do not recognise).
        Other = "other",
    }
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

/// Lower-case, straight apostrophes, `&` -> `and`, contractions expanded, punctuation dropped,
/// single spaces.
pub(super) fn normalize_phrase(s: &str) -> String {
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

pub(super) const DUTIES_PHRASES: &[&str] = &[
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

pub(super) const REQUIREMENTS_PHRASES: &[&str] = &[
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

pub(super) const BENEFITS_PHRASES: &[&str] = &[
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

pub(super) const ABOUT_PHRASES: &[&str] = &[
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

pub(super) const OTHER_PHRASES: &[&str] = &[
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
pub(super) fn phrase_kind(n: &str) -> Option<SectionKind> {
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

pub(super) const KEYWORDS: &[(&str, SectionKind)] = &[
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
pub(super) fn is_you_will_lead_in(n: &str) -> bool {
    n.split(' ').count() <= MAX_LEAD_IN_WORDS
        && (n == "you will" || n.ends_with(" you will") || n.ends_with(" you will be"))
}

/// The kind of the earliest keyword in the phrase (a keyword starts at a word boundary; the
/// longer keyword wins a tie).
pub(super) fn keyword_kind(n: &str) -> Option<SectionKind> {
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
pub(super) fn bare_heading_kind(text: &str) -> Option<SectionKind> {
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

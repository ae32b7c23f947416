//! What a statement's own wording says it is, whatever heading it sits under: a requirement
//! ("Experience with ...", "10+ years ...", "... is a plus"), pay or benefits, legal or
//! equal-opportunity text, an invitation to apply, or a duty (it opens with a verb of doing:
//! "Lead ...", "Manages ...", "Partnering ...", "You will ...").
//!
//! Used two ways: a line under a duty heading that reads as a requirement or a benefit is
//! skipped all the same, and where no heading says which lines are duties (a role overview, a
//! posting without a duty heading) a list or sentence is a duty only when it reads as one.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::headings::normalize_phrase;

/// The wording rules read at most this many bytes of a statement: its opening words and the
/// phrases near them decide, and a statement of many kilobytes is not read whole.
const MAX_WORDING_BYTES: usize = 2000;

/// The first [`MAX_WORDING_BYTES`] of `text` (at a character boundary).
fn head(text: &str) -> &str {
    if text.len() <= MAX_WORDING_BYTES {
        return text;
    }
    let mut end = MAX_WORDING_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

/// Why a statement's wording says it is not a duty, or None.
pub(super) fn non_duty_reason(text: &str) -> Option<&'static str> {
    let text = head(text);
    let n = normalize_phrase(text);
    let words: Vec<&str> = n.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    let found = tables_found(&words);
    if found.has(Table::Legal) {
        return Some("reads as equal-opportunity or legal text");
    }
    if found.has(Table::Pay) || is_pay(text, &words) {
        return Some("reads as pay");
    }
    if found.has(Table::Benefit) || is_benefit(&words) {
        return Some("reads as a benefit");
    }
    if found.has(Table::Apply) || (words.first() == Some(&"apply") && words.len() <= 6) {
        return Some("reads as an invitation to apply");
    }
    if is_requirement(text, &n, &words) {
        return Some("reads as a requirement");
    }
    None
}

/// Whether the statement opens the way duties do: a verb of doing (imperative, third person
/// or -ing form), "You will ...", "Responsible for ...", possibly after a short lead such as
/// "Each year you will" or "In this role you'll".
pub(super) fn is_duty_like(text: &str) -> bool {
    let n = normalize_phrase(head(text));
    let words: Vec<&str> = n.split(' ').filter(|w| !w.is_empty()).collect();
    let Some(first) = words.first() else {
        return false;
    };
    // "You will ...", "Each year you will ...", "In this role, you will ..."
    if let Some(pos) = words.windows(2).position(|w| w == ["you", "will"]) {
        if pos <= 4 {
            return true;
        }
    }
    if matches!(*first, "responsible" | "accountable") {
        return true;
    }
    if *first == "be" {
        return words
            .get(1)
            .is_some_and(|w| matches!(*w, "the" | "a" | "an" | "responsible" | "accountable"));
    }
    is_duty_verb(first)
}

/// Base forms of verbs that open duty statements.
const DUTY_VERBS: &[&str] = &[
    "accelerate",
    "act",
    "address",
    "administer",
    "adopt",
    "advance",
    "advise",
    "advocate",
    "align",
    "allocate",
    "analyse",
    "analyze",
    "anticipate",
    "apply",
    "approve",
    "architect",
    "articulate",
    "assess",
    "assign",
    "assist",
    "assure",
    "attend",
    "attract",
    "audit",
    "automate",
    "balance",
    "become",
    "break",
    "bridge",
    "bring",
    "budget",
    "build",
    "cascade",
    "celebrate",
    "chair",
    "champion",
    "coach",
    "code",
    "collaborate",
    "collect",
    "combine",
    "commit",
    "communicate",
    "conduct",
    "connect",
    "consolidate",
    "contribute",
    "convey",
    "coordinate",
    "counsel",
    "craft",
    "create",
    "cultivate",
    "curate",
    "cut",
    "deal",
    "decide",
    "define",
    "delegate",
    "deliver",
    "demonstrate",
    "deploy",
    "design",
    "designate",
    "determine",
    "develop",
    "direct",
    "document",
    "drive",
    "educate",
    "elevate",
    "embed",
    "embrace",
    "empower",
    "enable",
    "encourage",
    "engage",
    "enhance",
    "ensure",
    "establish",
    "estimate",
    "evaluate",
    "evangelize",
    "evolve",
    "execute",
    "expand",
    "explore",
    "extend",
    "facilitate",
    "fix",
    "forecast",
    "form",
    "formulate",
    "foster",
    "fund",
    "gather",
    "get",
    "govern",
    "grow",
    "guide",
    "handle",
    "harden",
    "head",
    "help",
    "hire",
    "hold",
    "host",
    "ideate",
    "identify",
    "implement",
    "improve",
    "increase",
    "influence",
    "inform",
    "initiate",
    "innovate",
    "inspire",
    "instill",
    "institute",
    "institutionalize",
    "instrument",
    "integrate",
    "interface",
    "introduce",
    "invest",
    "investigate",
    "keep",
    "launch",
    "lead",
    "leverage",
    "liaise",
    "live",
    "lower",
    "maintain",
    "make",
    "manage",
    "mature",
    "measure",
    "mediate",
    "meet",
    "mentor",
    "migrate",
    "minimize",
    "mitigate",
    "modernize",
    "monitor",
    "motivate",
    "navigate",
    "negotiate",
    "nurture",
    "onboard",
    "operate",
    "optimise",
    "optimize",
    "orchestrate",
    "organise",
    "organize",
    "oversee",
    "own",
    "participate",
    "partner",
    "perform",
    "pilot",
    "plan",
    "position",
    "prepare",
    "present",
    "prevent",
    "prioritise",
    "prioritize",
    "procure",
    "promote",
    "protect",
    "prototype",
    "provide",
    "publish",
    "push",
    "put",
    "quantify",
    "raise",
    "rebuild",
    "recommend",
    "recruit",
    "redesign",
    "reduce",
    "refactor",
    "refine",
    "refocus",
    "reimagine",
    "remain",
    "remediate",
    "report",
    "represent",
    "research",
    "resolve",
    "retain",
    "review",
    "roll",
    "run",
    "safeguard",
    "scale",
    "schedule",
    "scope",
    "secure",
    "select",
    "serve",
    "set",
    "shape",
    "ship",
    "solve",
    "source",
    "speak",
    "spearhead",
    "specify",
    "sponsor",
    "staff",
    "standardise",
    "standardize",
    "stay",
    "steer",
    "step",
    "streamline",
    "strengthen",
    "strike",
    "structure",
    "supervise",
    "support",
    "sustain",
    "synthesize",
    "tackle",
    "tailor",
    "take",
    "teach",
    "test",
    "track",
    "train",
    "transform",
    "translate",
    "travel",
    "troubleshoot",
    "tune",
    "turn",
    "unblock",
    "understand",
    "unify",
    "update",
    "upgrade",
    "uplevel",
    "upskill",
    "use",
    "utilise",
    "utilize",
    "validate",
    "verify",
    "win",
    "work",
    "write",
];

/// Whether `word` (lower case) is the base form of a duty verb ("own", "partner", "drive").
pub(super) fn is_base_duty_verb(word: &str) -> bool {
    DUTY_VERBS.binary_search(&word).is_ok()
}

/// Whether `word` (lower case) is a duty verb: its base form, third person (`-s`, `-es`,
/// `-ies`) or `-ing` form ("manages", "leading", "prioritizing").
pub(super) fn is_duty_verb(word: &str) -> bool {
    let known = |w: &str| DUTY_VERBS.binary_search(&w).is_ok();
    if known(word) {
        return true;
    }
    if let Some(stem) = word.strip_suffix("ies") {
        if known(&format!("{stem}y")) {
            return true;
        }
    }
    if let Some(stem) = word.strip_suffix("es") {
        if known(stem) {
            return true;
        }
    }
    if let Some(stem) = word.strip_suffix('s') {
        if known(stem) {
            return true;
        }
    }
    if let Some(stem) = word.strip_suffix("ing") {
        if known(stem) || known(&format!("{stem}e")) {
            return true;
        }
        // "planning", "setting", "running": a doubled last consonant.
        let mut chars = stem.chars();
        if let (Some(last), Some(before)) = (chars.next_back(), chars.next_back()) {
            if last == before && known(stem.get(..stem.len() - last.len_utf8()).unwrap_or("")) {
                return true;
            }
        }
    }
    false
}

/// Words that open requirement lines ("Experience with", "Bachelor's degree", "Ability to").
const REQUIREMENT_OPENERS: &[&str] = &[
    "ability",
    "able",
    "bachelor",
    "bachelors",
    "background",
    "ba",
    "bs",
    "bsc",
    "capability",
    "certification",
    "certifications",
    "certified",
    "comfort",
    "comfortable",
    "degree",
    "education",
    "experience",
    "experienced",
    "expert",
    "expertise",
    "exposure",
    "familiar",
    "familiarity",
    "fluency",
    "fluent",
    "knowledge",
    "master",
    "masters",
    "mastery",
    "mba",
    "minimum",
    "ms",
    "msc",
    "must",
    "passion",
    "passionate",
    "phd",
    "prior",
    "proficiency",
    "proficient",
    "skilled",
    "skills",
    "understanding",
    "worked",
];

/// Adjectives that open requirement lines when a skill noun follows ("Strong communication
/// skills", "Proven track record", "Deep understanding of").
const REQUIREMENT_ADJECTIVES: &[&str] = &[
    "demonstrated",
    "excellent",
    "exceptional",
    "extensive",
    "deep",
    "hands",
    "outstanding",
    "proven",
    "relevant",
    "significant",
    "solid",
    "strong",
    "superb",
];

const SKILL_NOUNS: &[&str] = &[
    "ability",
    "abilities",
    "acumen",
    "background",
    "capabilities",
    "communication",
    "communicator",
    "experience",
    "expertise",
    "familiarity",
    "grasp",
    "history",
    "judgment",
    "knowledge",
    "proficiency",
    "record",
    "skills",
    "success",
    "understanding",
    "written",
];

fn is_requirement(text: &str, n: &str, words: &[&str]) -> bool {
    let mut w = words;
    // "You have ...", "Have experience ...", "A proven ...", "An ability ..."
    for lead in [
        &["you", "have"][..],
        &["you", "are"],
        &["have"],
        &["a"],
        &["an"],
    ] {
        if w.starts_with(lead) {
            w = w.get(lead.len()..).unwrap_or(&[]);
            break;
        }
    }
    let Some(first) = w.first() else {
        return false;
    };
    if REQUIREMENT_OPENERS.contains(first) {
        // "Experience the product as a customer would" is rare; "Worked with" is a
        // requirement, "Work with" a duty.
        return true;
    }
    if *first == "track" && w.get(1) == Some(&"record") {
        return true;
    }
    if REQUIREMENT_ADJECTIVES.contains(first)
        && w.iter().take(6).skip(1).any(|x| SKILL_NOUNS.contains(x))
    {
        return true;
    }
    // "10+ years of ...", "Over 10 years", "At least 8 years", "15–20 years".
    let digit_before_years = w.iter().take(7).enumerate().any(|(i, x)| {
        matches!(*x, "years" | "yrs" | "year")
            && w.iter()
                .take(i)
                .any(|y| y.chars().any(|c| c.is_ascii_digit()))
    });
    if digit_before_years
        && text
            .trim_start()
            .chars()
            .take(20)
            .any(|c| c.is_ascii_digit())
    {
        return true;
    }
    let ends = |suffix: &str| {
        n.strip_suffix(suffix)
            .is_some_and(|before| before.is_empty() || before.ends_with(' '))
    };
    let as_needed = [
        "as required",
        "when required",
        "if required",
        "where required",
    ]
    .iter()
    .any(|s| ends(s));
    !as_needed
        && [
            "is a plus",
            "a plus",
            "an asset",
            "a bonus",
            "preferred",
            "desired",
            "required",
            "is required",
            "a must",
            "desirable",
            "nice to have",
        ]
        .iter()
        .any(|s| ends(s))
}

fn has_currency_amount(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .any(|w| matches!(w, [c, d] if matches!(c, '$' | '€' | '£') && d.is_ascii_digit()))
        || ["usd ", "eur ", "gbp ", "cad "].iter().any(|cur| {
            text.to_lowercase().match_indices(cur).any(|(i, _)| {
                text.get(i + 4..)
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            })
        })
}

/// Pay beyond the phrases: an amount of money with a pay word, or a line opening with one.
fn is_pay(text: &str, words: &[&str]) -> bool {
    let pay_word = words.iter().any(|w| {
        matches!(
            *w,
            "salary" | "pay" | "compensation" | "ote" | "wage" | "wages"
        )
    });
    if has_currency_amount(text) && pay_word {
        return true;
    }
    matches!(
        words.first().copied(),
        Some("salary" | "compensation" | "ote" | "bonus")
    )
}

/// A benefit beyond the phrases: "Competitive salary", "Flexible hours", "Unlimited PTO".
fn is_benefit(words: &[&str]) -> bool {
    let first = words.first().copied().unwrap_or("");
    let second = words.get(1).copied().unwrap_or("");
    matches!(first, "competitive" | "generous" | "unlimited" | "flexible")
        && matches!(
            second,
            "salary"
                | "salaries"
                | "compensation"
                | "base"
                | "pay"
                | "benefits"
                | "package"
                | "pto"
                | "time"
                | "vacation"
                | "hours"
                | "work"
                | "working"
                | "schedule"
                | "schedules"
                | "equity"
        )
}

/// Phrases that make a statement equal-opportunity or legal text.
const LEGAL_PHRASES: &[&str] = &[
    "equal opportunity",
    "equal employment",
    "affirmative action",
    "discriminate",
    "discrimination",
    "without regard to",
    "reasonable accommodation",
    "privacy policy",
    "privacy notice",
    "privacy statement",
    "personal information",
    "personal data",
    "background check",
    "background verification",
    "e verify",
    "visa sponsorship",
    "sponsor work visas",
    "authorized to work",
    "authorization to work",
    "work authorization",
    "protected veteran",
    "sexual orientation",
    "gender identity",
    "national origin",
    "applicable law",
    "applicable laws",
    "pursuant to",
    "us citizen",
    "green card",
    "qualified applicants",
    "drug free",
    "substance free",
];

/// Phrases that make a statement a pay statement.
const PAY_PHRASES: &[&str] = &[
    "salary range",
    "pay range",
    "base salary",
    "base pay",
    "compensation range",
    "pay transparency",
    "salary for this",
    "salary of",
    "hiring range",
    "posted range",
    "target salary",
    "starting salary",
    "total compensation",
    "on target earnings",
];

/// Phrases that make a statement a benefit.
const BENEFIT_PHRASES: &[&str] = &[
    "401k",
    "401 k",
    "health insurance",
    "life insurance",
    "disability insurance",
    "dental",
    "vision insurance",
    "vision coverage",
    "paid time off",
    "pto",
    "parental leave",
    "paid holidays",
    "paid leave",
    "annual leave",
    "stock options",
    "benefits package",
    "employee assistance",
    "wellness",
    "stipend",
    "pension",
    "vacation",
    "sick time",
];

/// Phrases that make a statement an invitation to apply.
const APPLY_PHRASES: &[&str] = &[
    "encourage you to apply",
    "encourage all",
    "please apply",
    "apply now",
    "apply today",
    "to apply",
    "we encourage you",
    "if you are interested",
    "reach out to",
    "send your resume",
    "send your cv",
    "send us",
    "email us",
    "learn more about",
    "check out our",
    "visit our",
    "follow us",
    "click here",
    "hear from you",
    "do not meet every",
    "dont meet every",
    "check every box",
];

/// The phrase tables, each phrase as words, indexed by its first word: finding every phrase of
/// every table in a statement is one pass over its words (a statement is checked against a
/// hundred phrases, and a posting can have a hundred thousand statements).
struct PhraseIndex {
    by_first: FxHashMap<&'static str, Vec<(Vec<&'static str>, Table)>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Legal,
    Pay,
    Benefit,
    Apply,
}

fn phrase_index() -> &'static PhraseIndex {
    static INDEX: OnceLock<PhraseIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut by_first: FxHashMap<&'static str, Vec<(Vec<&'static str>, Table)>> =
            FxHashMap::default();
        for (table, phrases) in [
            (Table::Legal, LEGAL_PHRASES),
            (Table::Pay, PAY_PHRASES),
            (Table::Benefit, BENEFIT_PHRASES),
            (Table::Apply, APPLY_PHRASES),
        ] {
            for phrase in phrases {
                let words: Vec<&'static str> = phrase.split(' ').collect();
                if let Some(first) = words.first() {
                    by_first.entry(first).or_default().push((words, table));
                }
            }
        }
        PhraseIndex { by_first }
    })
}

/// Which tables have a phrase among `words` (whole words, in order).
fn tables_found(words: &[&str]) -> Found {
    let index = phrase_index();
    let mut found = Found::default();
    for (i, word) in words.iter().enumerate() {
        let Some(candidates) = index.by_first.get(word) else {
            continue;
        };
        let rest = words.get(i..).unwrap_or(&[]);
        for (phrase, table) in candidates {
            if rest.starts_with(phrase) {
                found.set(*table);
            }
        }
    }
    found
}

/// A set of [`Table`]s.
#[derive(Debug, Default, Clone, Copy)]
struct Found(u8);

impl Found {
    fn set(&mut self, table: Table) {
        self.0 |= 1 << table as u8;
    }

    fn has(self, table: Table) -> bool {
        self.0 & (1 << table as u8) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duty_verbs_are_sorted_for_binary_search() {
        assert!(DUTY_VERBS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn verb_forms() {
        for w in [
            "lead",
            "leads",
            "leading",
            "manages",
            "managing",
            "prioritizes",
            "plans",
            "planning",
            "setting",
            "running",
            "identifies",
            "oversees",
        ] {
            assert!(is_duty_verb(w), "{w}");
        }
        for w in [
            "experience",
            "strong",
            "team",
            "the",
            "bachelors",
            "leadership",
        ] {
            assert!(!is_duty_verb(w), "{w}");
        }
    }
}

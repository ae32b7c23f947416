//! What a statement's own wording says it is, whatever heading it sits under: a requirement
//! ("Experience with ...", "10+ years ...", "Ten years of ...", "... is a plus", what the
//! candidate has done: "Led ...", "You've shipped ..."), pay ("Salary ...", an amount such as
//! "£120k–£140k + equity") or benefits, legal or equal-opportunity text, an invitation to
//! apply, a job board's date line, or a duty (it opens with a verb of doing: "Lead ...",
//! "Manages ...", "Partnering ...", "Co-own ...", "You will ...", "Will lead ...", "You lead
//! ...", "You're accountable for ...", a noun of duty: "Oversight of ...", "Final sign-off on
//! ...", or the role in the third person:
//! "The Director will ...", "This role owns ...", "The successful candidate will ...", "They
//! will ..."; but not the role's reporting line: "This role reports to the VP").
//!
//! Used two ways: a line under a duty heading that reads as a requirement or a benefit is
//! skipped all the same, and where no heading says which lines are duties (a role overview, a
//! posting without a duty heading) a list or sentence is a duty only when it reads as one.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::headings::normalize_phrase;
use super::lines::is_all_caps;
use super::markup::word_count;
use super::title::claimed_level;
use crate::label::Level;

/// The wording rules read at most this many bytes of a statement: its opening words and the
/// phrases near them decide, and a statement of many kilobytes is not read whole.
const MAX_WORDING_BYTES: usize = 2000;

/// The first [`MAX_WORDING_BYTES`] of `text` (at a character boundary).
fn head(text: &str) -> &str {
    prefix_within(text, MAX_WORDING_BYTES)
}

/// The longest prefix of `text` of at most `max` bytes that ends at a character boundary.
pub(super) fn prefix_within(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

/// The words after any of [`WILL_ADVERBS`] at their start ("also", "probably", ...).
fn after_will_adverbs<'a, 'w>(words: &'a [&'w str]) -> &'a [&'w str] {
    let at = words
        .iter()
        .position(|w| !WILL_ADVERBS.contains(w))
        .unwrap_or(words.len());
    words.get(at..).unwrap_or(&[])
}

/// Why a statement's wording says it is not a duty, or None.
pub(super) fn non_duty_reason(text: &str) -> Option<&'static str> {
    // "Validated software: ensure our products meet ...": a short label before a duty verb
    // names the duty's area; the wording after it is what is judged (the label's own words,
    // here a past participle, would read as a requirement).
    if let Some(duty) = after_area_label(text) {
        return wording_reason(duty);
    }
    wording_reason(text)
}

/// The text after a short area label ("Validated software: ensure ..."), when a duty verb
/// opens it and the label names no requirement ("Experience: ...").
fn after_area_label(text: &str) -> Option<&str> {
    let (label, rest) = text.split_once(':')?;
    let requirement_label = normalize_phrase(label).split(' ').any(|w| {
        matches!(
            w,
            "experience"
                | "education"
                | "skills"
                | "qualifications"
                | "background"
                | "degree"
                | "requirements"
                | "requirement"
                | "certifications"
                | "knowledge"
        )
    });
    let first = rest.split_whitespace().next()?.to_lowercase();
    (word_count(label) <= MAX_AREA_LABEL_WORDS
        && !label.contains(['.', ',', ';'])
        && !requirement_label
        && is_base_duty_verb(&first))
    .then(|| rest.trim_start())
}

/// An area label before a duty has at most this many words.
const MAX_AREA_LABEL_WORDS: usize = 4;

fn wording_reason(text: &str) -> Option<&'static str> {
    let text = head(text);
    let n = normalize_phrase(text);
    let words: Vec<&str> = n.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    // "Posted 3 days ago", "Posted today": the job board's date line.
    if words.first() == Some(&"posted")
        && words.len() <= 6
        && words
            .iter()
            .any(|w| matches!(*w, "ago" | "today" | "yesterday" | "on"))
    {
        return Some("reads as job-board text (when it was posted)");
    }
    // "Specific duties may change as the business grows": about the list, not a duty in it.
    let subject = words
        .iter()
        .take(3)
        .position(|w| matches!(*w, "duties" | "responsibilities"));
    if let Some(at) = subject {
        if matches!(
            words.get(at + 1..at + 3),
            Some([
                "may" | "might" | "can",
                "change" | "vary" | "evolve" | "shift"
            ])
        ) {
            return Some("reads as a note on the duties (they may change)");
        }
    }
    if is_disclaimer_on_duties(&words) {
        return Some("reads as a note on the duties (a disclaimer)");
    }
    let found = tables_found(&words);
    // "Protect customer funds and personal data by ...": an imperative duty may name the
    // personal data it protects; a privacy notice does not open with a duty verb.
    let imperative = words.first().is_some_and(|w| is_base_duty_verb(w));
    // "Carry out supervisory duties in accordance with company policy and applicable law",
    // "Directly supervises four team leads ... and applicable law": a duty may end by naming
    // the law it follows; equal-opportunity text does not open with a duty verb.
    let opens_with_duty_verb = {
        let verb_at = usize::from(words.first().is_some_and(|w| w.ends_with("ly")));
        words.get(verb_at).is_some_and(|w| is_duty_verb(w))
    };
    if found.has(Table::Legal)
        || (found.has(Table::Privacy) && !imperative)
        || (found.has(Table::Law) && !opens_with_duty_verb)
        || is_diversity_statement(&words)
    {
        return Some("reads as equal-opportunity or legal text");
    }
    // "Own the engineering budget of $75M, including compensation, ...": an imperative duty
    // over a budget names amounts and pay words without being pay.
    let budget_duty = imperative && words.iter().any(|w| matches!(*w, "budget" | "budgets"));
    if found.has(Table::Pay) || (is_pay(text, &words) && !budget_duty) {
        return Some("reads as pay");
    }
    // "Act as Head of Profession, owning ... the profession's learning budget": a statement in
    // the imperative of a duty verb is a duty that may name a benefit it runs.
    if !imperative && (found.has(Table::Benefit) || is_benefit(&words)) {
        return Some("reads as a benefit");
    }
    // "Apply for this job", and a page's buttons run together: "Apply for this job Share this
    // job"; not "Apply engineering rigor to ...".
    let apply_for_the_job = matches!(
        words.as_slice(),
        [
            "apply",
            "for",
            "this" | "the",
            "job" | "role" | "position",
            ..
        ]
    );
    // "... we'd love you to apply", "How to apply for this role"; not a duty's "Work with
    // Quality to apply GxP controls ..." (the imperative of a duty verb, "apply" with an object).
    let to_apply = words.windows(2).enumerate().any(|(i, pair)| {
        pair == ["to", "apply"]
            && (!imperative
                || words.get(i + 2).is_none_or(|next| {
                    matches!(
                        *next,
                        "for"
                            | "now"
                            | "today"
                            | "online"
                            | "here"
                            | "via"
                            | "through"
                            | "at"
                            | "on"
                            | "by"
                            | "and"
                            | "even"
                            | "if"
                            | "is"
                            | "please"
                    )
                }))
    });
    if found.has(Table::Apply)
        || to_apply
        || apply_for_the_job
        || (words.first() == Some(&"apply") && words.len() <= 6)
    {
        return Some("reads as an invitation to apply");
    }
    if is_first_person_note(text) {
        return Some("reads as a note in the first person, not a duty");
    }
    if is_requirement(text, &n, &words) {
        return Some("reads as a requirement");
    }
    if is_negated(&words) {
        return Some("says what the role will not do");
    }
    if strip_time_of_day(text).is_some_and(|rest| !is_duty_like(rest)) {
        return Some("reads as a time of the day, not a duty");
    }
    None
}

/// What follows a time of the day that opens a "day in the life" item: "9:30 — Run the staff
/// meeting" gives "Run the staff meeting"; "8:00 — Coffee and the train" gives "Coffee and the
/// train". The time is one or two digits, then ":" and two more or "am"/"pm" or both, then a
/// dash or a colon (a bare number is a list label: "2 - Budget ownership").
fn strip_time_of_day(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let hour_len = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&hour_len) {
        return None;
    }
    let mut rest = text.get(hour_len..)?;
    let mut minutes = false;
    if let Some(after_colon) = rest.strip_prefix(':') {
        let digits = after_colon.bytes().take_while(u8::is_ascii_digit).count();
        if digits != 2 {
            return None;
        }
        rest = after_colon.get(2..)?;
        minutes = true;
    }
    let rest = rest.trim_start();
    let meridiem = ["a.m.", "p.m.", "am", "pm"].iter().find_map(|m| {
        rest.get(..m.len())
            .filter(|h| h.eq_ignore_ascii_case(m))
            .and_then(|_| rest.get(m.len()..))
    });
    if !minutes && meridiem.is_none() {
        return None;
    }
    let rest = meridiem.unwrap_or(rest).trim_start();
    let after = ["—", "–", "-", ":"]
        .iter()
        .find_map(|dash| rest.strip_prefix(dash))?;
    after
        .starts_with(char::is_whitespace)
        .then(|| after.trim_start())
}

/// A note in the writer's own voice about what they have done or are: "budget is bigger than
/// I've owned", "I'm not sure about the on-call", "I was the first hire". A hiring manager's
/// "I need you to own ..." is no such note: only "I've", "I'm", "I'd" and "I" before a past or
/// present of "be", "have" or "do" count.
fn is_first_person_note(text: &str) -> bool {
    let mut words = text
        .split_whitespace()
        .map(|w| w.trim_start_matches(['(', '"', '“', '‘', '[']));
    let mut previous_is_i = false;
    words.any(|word| {
        let note = matches!(
            word.replace('’', "'")
                .trim_end_matches([',', '.', ';', ':', ')']),
            "I've" | "I'm" | "I'd"
        ) || (previous_is_i
            && matches!(
                word.trim_end_matches([',', '.', ';', ':']),
                "was" | "am" | "had" | "have" | "did"
            ));
        previous_is_i = word == "I";
        note
    })
}

/// An employer's disclaimer under a duty list: "The above statements describe the general
/// nature of the work", "They are not intended to be an exhaustive list of duties",
/// "Management reserves the right to assign or reassign duties at any time".
fn is_disclaimer_on_duties(words: &[&str]) -> bool {
    matches!(words, ["the", "above" | "foregoing", ..])
        // "Management may assign other related tasks."
        || matches!(
            words,
            ["management" | "supervisors" | "employer", "may", "assign", ..]
                | ["the", "company" | "employer" | "supervisor", "may", "assign", ..]
        )
        // "Percentages are approximate ...", "Percentages must total 100%."
        || matches!(words, ["percentages" | "percentage", ..] | ["the", "percentages", ..])
        // A form's instruction to its writer: "List the essential duties in order of
        // importance."
        || (matches!(words, ["list" | "describe" | "enter" | "indicate", ..])
            && words
                .iter()
                .take(5)
                .any(|w| matches!(*w, "duties" | "functions" | "responsibilities")))
        // "The functions listed above are essential to the position."
        || matches!(
            words,
            ["the", _, "listed" | "described" | "outlined", "above", ..]
        )
        || words
            .windows(3)
            .any(|w| matches!(w, ["reserves" | "reserve", "the", "right"]))
        || words.iter().enumerate().any(|(i, w)| {
            // "not intended to be an exhaustive list", "non-exhaustive".
            *w == "exhaustive"
                && words
                    .get(i.saturating_sub(5)..i)
                    .is_some_and(|before| before.iter().any(|b| matches!(*b, "not" | "non")))
        }) && !words.first().is_some_and(|w| is_base_duty_verb(w))
}

/// What the candidate will have done or how they will fare, said in the future near the start:
/// "We think you'll have led engineering managers before", "You'll probably do well here if
/// ...". Not a duty: "You will have led" is a past the candidate brings.
fn is_candidate_fit(words: &[&str]) -> bool {
    let Some(pos) = words
        .windows(2)
        .take(5)
        .position(|w| matches!(w, ["you", "will" | "would"]))
    else {
        return false;
    };
    let rest = words.get(pos + 2..).unwrap_or(&[]);
    match after_will_adverbs(rest) {
        ["have", done, ..] => is_past_duty_verb(done),
        ["do", "well" | "best", ..] => true,
        _ => false,
    }
}

/// Whether the statement opens by saying what the role will not do: "You won't be on the
/// on-call rotation", "You also will not manage the data team", "This role does not own the
/// budget", "You never have to write production code", "I don't need you to write code". Not
/// "You will not only lead ... but also ..." (a duty, stressed), a negation further in ("...,
/// and will not hesitate to ...") or one inside a duty ("Ensure you never ship ..."), nor one
/// followed by what the role will do ("..., but you'll review designs").
fn is_negated(words: &[&str]) -> bool {
    // "We don't expect you to write code every day, but you'll review designs ...": the duty
    // comes after the "but".
    if words
        .windows(2)
        .any(|w| matches!(w, ["but", "you" | "will" | "instead"]))
    {
        return false;
    }
    let rest = match words {
        ["you", rest @ ..] => rest,
        ["this" | "the" | "your", "role" | "position" | "job", rest @ ..] => rest,
        // The hiring manager: "I don't need you to write production code".
        ["i" | "we", "dont" | "wont", "need" | "expect" | "want", "you", ..] => return true,
        ["i" | "we", "do" | "will", "not", "need" | "expect" | "want", "you", ..] => return true,
        _ => return false,
    };
    let negation = match after_will_adverbs(rest) {
        ["wont" | "dont" | "doesnt" | "wouldnt" | "shouldnt" | "never", next, ..] => Some(*next),
        ["will" | "would" | "do" | "does" | "should" | "is" | "are", "not" | "never", next, ..] => {
            Some(*next)
        }
        _ => None,
    };
    negation.is_some_and(|next| !matches!(next, "only" | "just" | "merely"))
}

/// Whether the statement opens the way duties do: a verb of doing (imperative, third person
/// or -ing form, also "Co-" and "Will" before one), "You will ...", "Responsible for ...",
/// "You're accountable for ...", possibly after a short lead such as "Each year you will" or
/// "In this role you'll"; "Responsibilities include ..."; a noun of duty before "of", "for"
/// or "over" ("Oversight of ..."); or the role in the third person ("The Director will ...",
/// "The VP of Engineering leads ...", "This role is responsible for ...", "They will ...").
///
/// A short label before a colon is looked past ("Cost management: track cloud spend by
/// team"), and so is a table row's short first cell ("Releases; Own the release train").
pub(super) fn is_duty_like(text: &str) -> bool {
    if opens_like_a_duty(text) {
        return true;
    }
    // A table row's cells are joined by "; ": "Releases; Own the release train ...". A label
    // in capitals may end with a full stop ("4. DELIVERY. Run the quarterly planning ...").
    [": ", "; ", ". "].iter().any(|&separator| {
        text.split_once(separator).is_some_and(|(label, rest)| {
            !label.trim().is_empty()
                && label.split_whitespace().count() <= MAX_DUTY_LABEL_WORDS
                && (separator != ". " || is_all_caps(label))
                && opens_like_a_duty(rest)
        })
    })
}

/// A duty's label before a colon ("Cost management: ...") or its table row's first cell has at
/// most this many words.
const MAX_DUTY_LABEL_WORDS: usize = 4;

/// Whether a sentence is a label in capitals naming the duty after it: "DELIVERY." in
/// "4. DELIVERY. Run the quarterly planning cycle ...".
pub(super) fn is_capitals_label(sentence: &str) -> bool {
    sentence.trim_end().strip_suffix('.').is_some_and(|label| {
        label.split_whitespace().count() <= MAX_DUTY_LABEL_WORDS && is_all_caps(label)
    })
}

/// [`is_duty_like`] on the statement's own opening, with no label looked past.
fn opens_like_a_duty(text: &str) -> bool {
    let n = normalize_phrase(head(text));
    let words: Vec<&str> = n.split(' ').filter(|w| !w.is_empty()).collect();
    let Some(first) = words.first() else {
        return false;
    };
    // "You will ...", "Each year you will ...", "A few times each quarter you'll ...", but
    // not what the candidate will feel ("You'll probably enjoy this role if ...").
    // "You'd lead ...", as a forum post puts it, is "you would".
    // "You will ..." up to 5 words in; further in, after a clause ("..., so you will still
    // review code"), only before a verb of doing, and not the reporting line in passing
    // ("This is our first hire, and you'll report to our CTO") or the start ("..., you will
    // join a team of 30").
    if let Some(pos) = words
        .windows(2)
        .position(|w| matches!(w, ["you", "will" | "would"]))
    {
        let at = (pos + 2..words.len())
            .find(|&i| !words.get(i).is_some_and(|w| WILL_ADVERBS.contains(w)))
            .unwrap_or(words.len());
        let verb = words.get(at).copied();
        // "You'll report to our CEO and lead all 22 engineers" is a duty too.
        let reporting_line = reports_to(&words, at)
            && !words
                .get(at..)
                .unwrap_or(&[])
                .windows(2)
                .any(|w| w[0] == "and" && is_base_duty_verb(w[1]));
        if pos <= 5 {
            // "You'll report to the VP of Engineering." places the role, as "This role reports
            // to ..." does: no duty (a `Reports to:` field is metadata too).
            return !reporting_line && !verb.is_some_and(|w| CANDIDATE_FEELINGS.contains(&w));
        }
        // "..., and a final afternoon with the managers you'd lead." ends a relative clause:
        // the verb must have something to act on.
        if !reporting_line
            && at + 1 < words.len()
            && verb.is_some_and(|w| {
                is_base_duty_verb(w) && !CANDIDATE_FEELINGS.contains(&w) && w != "join"
            })
        {
            return true;
        }
    }
    // "Your job is to turn ...", "The role is to ...", "Expect to review ...", "We need
    // someone to run ...", "You're the one who answers for uptime ...".
    let verb_at = |at: usize| {
        let at = at + usize::from(words.get(at).is_some_and(|w| WILL_ADVERBS.contains(w)));
        words
            .get(at)
            .is_some_and(|w| is_base_duty_verb(w) || *w == "spend")
    };
    match words.as_slice() {
        ["your" | "the", "job" | "role" | "task" | "mission" | "goal", "is", "to", ..] => {
            return verb_at(4)
        }
        ["expect", "to", ..] => return verb_at(2),
        ["we", "need" | "want", "someone", "to", ..] => return verb_at(4),
        ["you", "are", "the", "one", "who", verb, ..] => {
            return is_duty_verb(verb) && !reports_to(&words, 5)
        }
        _ => {}
    }
    // "We'd like you to set up ...", "We want you to own ...".
    if let Some(pos) = words
        .windows(3)
        .position(|w| matches!(w, ["like" | "want" | "need", "you", "to"]))
    {
        if pos <= 3 && words.get(pos + 3).is_some_and(|w| is_duty_verb(w)) {
            return true;
        }
    }
    // "You're accountable for ...", "As Director, you are responsible for ..."
    if let Some(pos) = words.windows(2).position(|w| w == ["you", "are"]) {
        let next = words.get(pos + 2).copied().unwrap_or("");
        if pos <= 4 && matches!(next, "responsible" | "accountable") {
            return true;
        }
    }
    if matches!(*first, "responsible" | "accountable") {
        return true;
    }
    // "You lead our three teams ...", "You build up the organisation ...": duties in the
    // present, as postings translated from German or Dutch put them; not what the candidate
    // is like ("You understand ...", "You think in systems", "You work well under pressure").
    if *first == "you" {
        return match words.get(1..3) {
            Some(["work", next]) => matches!(*next, "closely" | "with" | "across" | "alongside"),
            Some([verb, _]) => is_base_duty_verb(verb) && !PROFILE_VERBS.contains(verb),
            _ => false,
        };
    }
    if *first == "be" {
        return words
            .get(1)
            .is_some_and(|w| matches!(*w, "the" | "a" | "an" | "responsible" | "accountable"));
    }
    // A bullet continuing a "You ..." lead-in: "Will lead the platform teams".
    if *first == "will" {
        return words.get(1).is_some_and(|w| is_duty_verb(w));
    }
    // "Co-own the roadmap", "Co-lead the guild".
    if *first == "co" {
        return words.get(1).is_some_and(|w| is_duty_verb(w));
    }
    // "Responsibilities include hiring ...", "Duties include ..."
    if matches!(*first, "responsibilities" | "duties") && words.get(1) == Some(&"include") {
        return true;
    }
    // A duty named as a noun: "Oversight of ...", "Ownership of ...", "Leadership of ...",
    // "Full ownership of ...", "Partnership with ...", "Final sign-off on ...".
    let noun_at = usize::from(DUTY_NOUN_MODIFIERS.contains(first));
    let noun_duty = match words.get(noun_at..noun_at + 3) {
        Some(["sign", "off", "on" | "of" | "for"]) => true,
        Some(["partnership", "with" | "across", _]) => true,
        Some([noun, "of" | "for" | "over", _]) => DUTY_NOUNS.contains(noun),
        _ => false,
    };
    if noun_duty {
        return true;
    }
    is_duty_verb(first) || is_third_person_duty(&words)
}

/// Duty verbs that, after a bare "You", describe the candidate rather than the work ("You
/// understand ...", "You communicate clearly", "You travel well").
const PROFILE_VERBS: &[&str] = &[
    "adapt",
    "balance",
    "communicate",
    "learn",
    "listen",
    "speak",
    "take",
    "think",
    "travel",
    "understand",
    "use",
    "write",
];

/// Adverbs passed over between "you will" and its verb ("You'll also own ...").
const WILL_ADVERBS: &[&str] = &[
    "also", "likely", "often", "probably", "really", "still", "surely", "then",
];

/// Verbs after "you will" that say how the candidate will feel about the role, not what they
/// will do ("You'll love working with ...", "You will thrive here if ...").
const CANDIDATE_FEELINGS: &[&str] = &[
    "appreciate",
    "enjoy",
    "excel",
    "fit",
    "like",
    "love",
    "thrive",
];

/// Nouns that name a duty when "of", "for" or "over" follows ("Oversight of all engineering
/// teams", "Ownership of the hiring plan", "Creation of a career ladder").
const DUTY_NOUNS: &[&str] = &[
    "accountability",
    "administration",
    "coordination",
    "creation",
    "definition",
    "direction",
    "establishment",
    "leadership",
    "management",
    "oversight",
    "ownership",
    "representation",
    "responsibility",
    "stewardship",
    "supervision",
];

/// Words that may stand before a noun of duty ("Full ownership of ...", "Overall
/// responsibility for ...", "Final sign-off on ...").
const DUTY_NOUN_MODIFIERS: &[&str] = &[
    "direct", "final", "full", "joint", "overall", "primary", "shared", "sole", "ultimate",
];

/// Nouns that name the role being hired for in a third-person duty ("The Director will ...",
/// "This role owns ..."). Not "candidate": "The ideal candidate will bring ..." describes
/// the person, not the work; only "the successful candidate" (or applicant) is the hire.
const ROLE_NOUNS: &[&str] = &[
    "avp",
    "cto",
    "director",
    "evp",
    "head",
    "hire",
    "incumbent",
    "individual",
    "leader",
    "person",
    "position",
    "president",
    "role",
    "svp",
    "vp",
    "vpe",
];

/// A duty in the third person, possibly after a short lead ("In addition, ..."): a subject
/// that opens with "the", "this" or "our" and names the role ("The Director of Engineering",
/// "This role", "The successful candidate"), then "will <verb>", "will be responsible", "is
/// (also) responsible" or accountable, or a third-person duty verb ("leads", "owns",
/// "works"); or a pronoun standing for the role ("They will work ...", "In addition, he or
/// she will manage ...") and "will <verb>" or "will be responsible". The reporting line ("This
/// role reports to the VP", "The Director will report to the CTO") describes the role's place,
/// not a duty.
fn is_third_person_duty(words: &[&str]) -> bool {
    // "They will ...", "In addition, they will ...", "He or she will ...", "S/he will ...".
    if let Some(pos) = words
        .windows(2)
        .position(|w| matches!(w, ["they" | "he" | "she", "will"]))
    {
        if pos <= 4 {
            return duty_after_will(words, pos + 2);
        }
    }
    // The subject starts within the first 3 words and is at most 6 words long.
    let Some(det) = words
        .iter()
        .take(3)
        .position(|w| matches!(*w, "the" | "this" | "our"))
    else {
        return false;
    };
    let mut named_role = false;
    let mut named_hire = false;
    for (i, w) in words.iter().enumerate().skip(det + 1).take(6) {
        let hired = matches!(*w, "candidate" | "applicant")
            && i.checked_sub(1).and_then(|p| words.get(p)) == Some(&"successful");
        if ROLE_NOUNS.contains(w) || hired {
            named_role = true;
            named_hire |= hired;
            continue;
        }
        if !named_role {
            continue;
        }
        // Words after the role noun ("of Engineering") are part of the subject until a verb.
        let mut next = i + 1;
        if words.get(next) == Some(&"also") {
            next += 1;
        }
        let after = words.get(next).copied().unwrap_or("");
        match *w {
            // "The successful candidate will bring a calm leadership style": what the hire
            // brings is a requirement.
            "will" if named_hire && matches!(after, "bring" | "have" | "possess") => return false,
            "will" => return duty_after_will(words, i + 1),
            "is" => return matches!(after, "responsible" | "accountable"),
            "also" => {
                return is_duty_verb(after) && after.ends_with('s') && !reports_to(words, next)
            }
            _ if is_duty_verb(w) && w.ends_with('s') => return !reports_to(words, i),
            _ => {}
        }
    }
    false
}

/// Whether the words from `at` (just after "will", an "also" allowed first) are a duty: a duty
/// verb other than the reporting line ("report to"), or "be responsible" / "be accountable".
fn duty_after_will(words: &[&str], at: usize) -> bool {
    let at = if words.get(at) == Some(&"also") {
        at + 1
    } else {
        at
    };
    let verb = words.get(at).copied().unwrap_or("");
    (is_duty_verb(verb) && !reports_to(words, at))
        || (verb == "be"
            && words
                .get(at + 1)
                .is_some_and(|x| matches!(*x, "responsible" | "accountable")))
}

/// Whether the word at `at` opens the reporting line: "reports to", "report directly to".
fn reports_to(words: &[&str], at: usize) -> bool {
    words
        .get(at)
        .is_some_and(|w| matches!(*w, "report" | "reports"))
        && words
            .get(at + 1)
            .is_some_and(|w| matches!(*w, "to" | "into" | "directly" | "up"))
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
    "agree",
    "align",
    "allocate",
    "analyse",
    "analyze",
    "anchor",
    "anticipate",
    "apply",
    "approve",
    "architect",
    "articulate",
    "assemble",
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
    "benchmark",
    "break",
    "bridge",
    "bring",
    "budget",
    "build",
    "cascade",
    "celebrate",
    "chair",
    "champion",
    "chart",
    "choose",
    "clarify",
    "coach",
    "code",
    "codify",
    "collaborate",
    "collect",
    "combine",
    "commit",
    "communicate",
    "complete",
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
    "decommission",
    "define",
    "delegate",
    "deliver",
    "demonstrate",
    "deploy",
    "design",
    "designate",
    "determine",
    "develop",
    "devise",
    "direct",
    "document",
    "draft",
    "drive",
    "educate",
    "elevate",
    "embed",
    "embrace",
    "empower",
    "enable",
    "encourage",
    "enforce",
    "engage",
    "enhance",
    "ensure",
    "envision",
    "establish",
    "estimate",
    "evaluate",
    "evangelize",
    "evolve",
    "execute",
    "expand",
    "expedite",
    "explore",
    "extend",
    "facilitate",
    "fix",
    "forecast",
    "form",
    "formulate",
    "foster",
    "fund",
    "galvanize",
    "gather",
    "generate",
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
    "incubate",
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
    "interview",
    "introduce",
    "invest",
    "investigate",
    "iterate",
    "keep",
    "launch",
    "lead",
    "learn",
    "level",
    "leverage",
    "liaise",
    "lift",
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
    "model",
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
    "pair",
    "participate",
    "partner",
    "perform",
    "pilot",
    "pioneer",
    "plan",
    "position",
    "prepare",
    "present",
    "prevent",
    "prioritise",
    "prioritize",
    "procure",
    "produce",
    "promote",
    "propose",
    "protect",
    "prototype",
    "provide",
    "publish",
    "push",
    "put",
    "quantify",
    "raise",
    "rally",
    "rationalize",
    "rebuild",
    "recommend",
    "recruit",
    "redesign",
    "reduce",
    "refactor",
    "refine",
    "refocus",
    "reimagine",
    "reinforce",
    "remain",
    "remediate",
    "replace",
    "report",
    "represent",
    "research",
    "resolve",
    "restructure",
    "retain",
    "retire",
    "revamp",
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
    "share",
    "shepherd",
    "ship",
    "sign",
    "simplify",
    "sit",
    "socialize",
    "solve",
    "source",
    "speak",
    "spearhead",
    "specify",
    "spend",
    "spin",
    "sponsor",
    "staff",
    "stand",
    "standardise",
    "standardize",
    "stay",
    "steer",
    "step",
    "steward",
    "streamline",
    "strengthen",
    "strike",
    "structure",
    "sunset",
    "supervise",
    "support",
    "surface",
    "sustain",
    "synthesize",
    "tackle",
    "tailor",
    "take",
    "teach",
    "test",
    "testify",
    "think",
    "track",
    "train",
    "transform",
    "translate",
    "travel",
    "triage",
    "troubleshoot",
    "tune",
    "turn",
    "unblock",
    "understand",
    "unify",
    "unite",
    "unlock",
    "update",
    "upgrade",
    "uplevel",
    "upskill",
    "use",
    "utilise",
    "utilize",
    "validate",
    "verify",
    "visit",
    "walk",
    "watch",
    "weigh",
    "win",
    "work",
    "write",
];

/// Whether `word` (lower case) is the base form of a duty verb ("own", "partner", "drive").
pub(super) fn is_base_duty_verb(word: &str) -> bool {
    DUTY_VERBS.binary_search(&word).is_ok()
}

/// Words before "you" in a summary of the role ("As Senior Director of Platform Engineering
/// you ...").
const MAX_ROLE_SUMMARY_LEAD_WORDS: usize = 10;

/// A sentence summing up the role by its title: "As Engineering Director for Grid Software you
/// will lead the teams that build ...", "As our VP, you'll ...": "As", a title naming a level,
/// then "you".
pub(super) fn is_role_summary(text: &str) -> bool {
    let n = normalize_phrase(head(text));
    let words: Vec<&str> = n.split(' ').take(MAX_ROLE_SUMMARY_LEAD_WORDS + 2).collect();
    let Some(["as", lead @ ..]) = words.split(|w| *w == "you").next() else {
        return false;
    };
    lead.len() < words.len() - 1
        && !lead.is_empty()
        && claimed_level(&lead.join(" ")) != Level::Unknown
}

/// Words a list item ending with `:` needs to be a duty over its details rather than a label
/// ("Run the group's planning rhythm:", not "Delivery:" or "Lead:").
const MIN_DUTY_OVER_DETAILS_WORDS: usize = 4;

/// A list item ending with `:` that opens with a duty verb and says what it does ("Build
/// security into how we ship software:"): a duty whose details are listed below it, not a
/// label over them.
pub(super) fn is_duty_over_details(text: &str) -> bool {
    // "Direct reports to this position:" names people, not a duty.
    let direct_reports = normalize_phrase(head(text)).starts_with("direct report");
    word_count(text) >= MIN_DUTY_OVER_DETAILS_WORDS
        && opens_with_base_duty_verb(text)
        && !direct_reports
}

/// Whether the text's first word, its letters only and in lower case, is the base form of a
/// duty verb ("Own, with ...", "**Lead** the ...", "run sprint planning").
pub(super) fn opens_with_base_duty_verb(text: &str) -> bool {
    text.split_whitespace().next().is_some_and(|w| {
        let w: String = w
            .chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect();
        is_base_duty_verb(&w)
    })
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
    "advanced",
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
    "desire",
    "eagerness",
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
    "knowledgeable",
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
    "previous",
    "prior",
    "proficiency",
    "proficient",
    "skilled",
    "skills",
    "someone",
    "understanding",
    "willing",
    "willingness",
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
    "judgement",
    "judgment",
    "knowledge",
    "leader",
    "leadership",
    "proficiency",
    "record",
    "sense",
    "skills",
    "success",
    "understanding",
    "written",
];

fn is_requirement(text: &str, n: &str, words: &[&str]) -> bool {
    if is_candidate_fit(words) {
        return true;
    }
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
    // "Senior leadership experience in SaaS", "Recent startup background": a noun of experience
    // among the first words, after words that are not a verb or a determiner ("Improve the
    // developer experience" is a duty, "The customer experience ..." prose).
    let opens_plain = !is_duty_verb(first)
        && !matches!(
            *first,
            "the" | "our" | "your" | "their" | "this" | "these" | "you" | "we"
        );
    let noun = w.iter().take(4).skip(1).position(|x| {
        matches!(
            *x,
            "experience" | "expertise" | "background" | "degree" | "proficiency" | "familiarity"
        )
    });
    if let (true, Some(p)) = (opens_plain, noun) {
        let after = w.get(p + 2).copied();
        if after.is_none_or(|a| {
            matches!(
                a,
                "in" | "with"
                    | "of"
                    | "at"
                    | "as"
                    | "from"
                    | "leading"
                    | "managing"
                    | "building"
                    | "running"
                    | "scaling"
                    | "working"
                    | "required"
                    | "preferred"
            )
        }) {
            return true;
        }
    }
    // "10+ years of ...", "Over 10 years", "At least 8 years", "15–20 years".
    // Not "Hiring 6-8 engineers this year": a year that is a time, not a length; nor "Replace
    // the 20-year-old billing system": an age.
    let digit_before_years = w.iter().take(7).enumerate().any(|(i, x)| {
        let a_time = *x == "year"
            && i.checked_sub(1)
                .and_then(|p| w.get(p))
                .is_some_and(|before| {
                    matches!(
                        *before,
                        "this" | "next" | "per" | "each" | "every" | "last" | "a"
                    )
                });
        let an_age = w.get(i + 1) == Some(&"old");
        matches!(*x, "years" | "yrs" | "year")
            && !a_time
            && !an_age
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
    // "Ten years of ...", "At least fifteen years": the number spelled out.
    if w.windows(2).take(4).any(|p| {
        matches!(p, [num, yrs] if NUMBER_WORDS.contains(num) && matches!(*yrs, "years" | "plus"))
    }) {
        return true;
    }
    // "Led a migration ...", "Built and scaled ...", "You've shipped ...": what the candidate
    // has done (a duty is worded in the present).
    if is_past_duty_verb(first) {
        return true;
    }
    // "... is a big plus", "... would be an advantage".
    let last_four: Vec<&str> = words.iter().rev().take(4).copied().collect();
    if last_four
        .first()
        .is_some_and(|l| matches!(*l, "plus" | "advantage" | "asset" | "bonus"))
        && last_four.iter().skip(1).any(|x| matches!(*x, "a" | "an"))
    {
        return true;
    }
    let ends = |suffix: &str| {
        n.strip_suffix(suffix)
            .is_some_and(|before| before.is_empty() || before.ends_with(' '))
    };
    // "... as required", "... when technical depth is required": a condition on the duty, not
    // a requirement of the candidate.
    let as_needed = [
        "as required",
        "when required",
        "if required",
        "where required",
    ]
    .iter()
    .any(|s| ends(s))
        || ends("required")
            && words
                .iter()
                .rev()
                .take(MAX_CONDITION_WORDS)
                .skip(1)
                .any(|w| matches!(*w, "when" | "where" | "if" | "whenever" | "wherever"));
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

/// A "when ... is required" condition ends a duty within this many words.
const MAX_CONDITION_WORDS: usize = 6;

/// Numbers spelled out before "years" in a requirement ("Ten years of ...").
const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// Irregular past tenses of duty verbs ("led", "built", "ran").
const IRREGULAR_PAST: &[&str] = &[
    "brought",
    "written",
    "grown",
    "built",
    "drove",
    "grew",
    "held",
    "kept",
    "led",
    "made",
    "oversaw",
    "ran",
    "spearheaded",
    "took",
    "won",
    "wrote",
];

/// Whether `word` is the past tense of a duty verb: "led", "managed", "scaled", "shipped",
/// "identified". "Set", "put" and "cut" are the same in the present, so they are not.
pub(super) fn is_past_duty_verb(word: &str) -> bool {
    if is_base_duty_verb(word) {
        return false;
    }
    if IRREGULAR_PAST.contains(&word) {
        return true;
    }
    let known = |w: &str| is_base_duty_verb(w);
    if let Some(stem) = word.strip_suffix("ied") {
        if known(&format!("{stem}y")) {
            return true;
        }
    }
    let Some(stem) = word.strip_suffix("ed") else {
        return false;
    };
    if known(stem) || known(&format!("{stem}e")) {
        return true;
    }
    // "shipped", "planned": a doubled last consonant.
    let mut chars = stem.chars();
    matches!((chars.next_back(), chars.next_back()), (Some(a), Some(b)) if a == b)
        && known(stem.get(..stem.len() - 1).unwrap_or(""))
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

/// Whether the text opens with an amount of money: "£120k–£140k + equity", "$200K - $250K
/// base", "120.000 € – 140.000 €", "USD 180,000".
fn opens_with_amount(text: &str) -> bool {
    let mut tokens = text.split_whitespace();
    let first = tokens.next().unwrap_or("");
    let money = |t: &str| t.contains(['$', '€', '£']) || t.eq_ignore_ascii_case("usd");
    let digits = |t: &str| t.starts_with(|c: char| c.is_ascii_digit());
    (money(first) && (first.contains(|c: char| c.is_ascii_digit())))
        || (digits(first) && tokens.next().is_some_and(money))
        || (first.eq_ignore_ascii_case("usd")
            || first.eq_ignore_ascii_case("eur")
            || first.eq_ignore_ascii_case("gbp"))
            && tokens.next().is_some_and(digits)
}

/// Pay beyond the phrases: an amount of money with a pay word, or a line opening with one
/// ("Salary ...", "OTE ...", or an amount itself).
fn is_pay(text: &str, words: &[&str]) -> bool {
    let pay_word = words.iter().any(|w| {
        matches!(
            *w,
            "salary"
                | "pay"
                | "compensation"
                | "ote"
                | "wage"
                | "wages"
                | "base"
                | "equity"
                | "bonus"
                | "annum"
        )
    });
    if has_currency_amount(text) && pay_word {
        return true;
    }
    if opens_with_amount(text) {
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
    // "Hybrid working: two days in the office", "Remote-first team", "Work from anywhere":
    // where the job is done, as a perk (only when the line opens with it: a duty may
    // mention "our remote-first team").
    let third = words.get(2).copied().unwrap_or("");
    if matches!(
        (first, second, third),
        ("hybrid", "working" | "work", _)
            | ("remote", "first", _)
            | ("work", "from", "home" | "anywhere")
    ) {
        return true;
    }
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

/// "We are committed to building a diverse ...", "We welcome applications from people of every
/// background": the company speaking ("we ...") about diversity. A duty ("Build a diverse
/// team") does not open with "we".
fn is_diversity_statement(words: &[&str]) -> bool {
    words.first() == Some(&"we")
        && words.iter().any(|w| {
            matches!(
                *w,
                "diverse" | "diversity" | "inclusive" | "inclusion" | "background" | "backgrounds"
            )
        })
}

/// Phrases of a privacy notice: legal text unless the statement is an imperative duty.
const PRIVACY_PHRASES: &[&str] = &["personal data", "personal information"];

/// Phrases naming the law: legal text unless the statement opens with a duty verb.
const LAW_PHRASES: &[&str] = &[
    "applicable law",
    "applicable laws",
    "pursuant to",
    "export control",
    "export controls",
    "itar",
];

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
    "us citizen",
    "green card",
    "qualified applicants",
    "drug free",
    "substance free",
    "visa",
    "visas",
    "sponsorship is not",
    "unable to sponsor",
    "not able to sponsor",
    "cannot sponsor",
    "eeo",
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
    "annual bonus",
    "performance bonus",
    "target bonus",
    "signing bonus",
    "sign on bonus",
    "bonus of",
    "rsus",
    "rsu",
    "restricted stock",
    "equity grant",
    "long term incentive",
    "long term incentives",
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
    "403 b",
    "eligible for",
    "share options",
    "stock purchase",
    "learning budget",
    "learning and development budget",
    "health cover",
    "health coverage",
    "medical cover",
    "medical coverage",
    "medical insurance",
    "private medical",
    "days holiday",
    "days of holiday",
    "holiday allowance",
    "childcare",
];

/// Phrases that make a statement an invitation to apply.
const APPLY_PHRASES: &[&str] = &[
    "encourage you to apply",
    "encourage all",
    "please apply",
    "apply now",
    "apply today",
    "we encourage you",
    "if you are interested",
    "reach out to",
    "send your resume",
    "send your cv",
    "send us",
    "email us",
    "learn more about",
    "check out our",
    // Not "visit our" alone: "Visit our customers' plants each quarter" is a duty.
    "visit our website",
    "visit our site",
    "visit our careers",
    "visit our career",
    "visit our jobs",
    "visit our page",
    "visit our blog",
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
    Law,
    Privacy,
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
            (Table::Law, LAW_PHRASES),
            (Table::Privacy, PRIVACY_PHRASES),
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

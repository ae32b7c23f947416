//! The heading rules: which kind of section a heading opens, from its wording.
//!
//! A heading asked as a question is first put in the order of a statement ("What will you
//! do?" is "what you will do"). Three tables decide, tried in this order: exact phrases (the
//! whole heading, also without a leading filler such as "Key" or "Our", or a trailing "at
//! Acme"), the "you will:" lead-in, then keywords found anywhere in a heading of at most
//! [`MAX_KEYWORD_HEADING_WORDS`] words (the earliest keyword decides; at the same place the
//! longer one wins). Single generic words ("team", "culture", "experience", "impact") are
//! phrases only, never keywords: as keywords they would take duty sub-headings such as
//! "Culture & Hiring Practice" or "Team Development" out of the duties.

use super::{MAX_KEYWORD_HEADING_WORDS, MAX_LEAD_IN_WORDS};

/// No known section heading is longer than this (in bytes): a longer line is never matched
/// against the tables, which keeps a line of megabytes cheap.
const MAX_HEADING_BYTES: usize = 200;
use crate::label::named_enum;

named_enum! {
    /// What a section of a posting is about, judged from its heading (named in skip reasons).
    pub enum SectionKind {
        /// The duty list: Responsibilities, "What you'll do", "Key accomplishments", ...
        Duties = "duties",
        /// A description of the role: "About the role", "The opportunity", "Job description",
        /// "Your impact". Its prose is not the duty list; duty-like list items in it are duties.
        Overview = "role overview",
        /// Requirements, qualifications, skills, "About you", "What we're looking for", ...
        Requirements = "requirements",
        /// Preferred qualifications: "Nice to have", "Bonus points", "Preferred", ...
        NiceToHave = "nice to have",
        /// Benefits and perks: "What we offer", "Why join us", ...
        Benefits = "benefits",
        /// Pay: salary, compensation, pay range, pay transparency.
        Pay = "pay",
        /// The company blurb: "About us", "Who we are", "Our mission", `About <Company>`, ...
        AboutCompany = "about the company",
        /// The team: "About the team", "Meet the team", "Team & environment", ...
        AboutTeam = "about the team",
        /// Hiring process, equal-opportunity and legal text: "Interview process", "EEO
        /// statement", "Privacy notice", "Disclaimer", ...
        Legal = "process and legal",
        /// How to apply: "How to apply", "Next steps", "Contact", ...
        HowToApply = "how to apply",
        /// Logistics and other known non-duty headings: Location, Schedule, Travel, Tech stack,
        /// "What success looks like", ...
        Other = "other",
    }
}

impl SectionKind {
    /// Whether lines under this kind of heading may be duties.
    pub fn may_hold_duties(self) -> bool {
        matches!(self, SectionKind::Duties | SectionKind::Overview)
    }
}

/// Classify a heading line's text (without `#`, `:` or emphasis) into a section kind; None if
/// the heading is not one we recognise.
///
/// Tolerant of case, curly apostrophes, contractions ("What you'll do" = "What you will do"),
/// `&` and leftover markup. `About <Company>` is about the company; "About you" is
/// requirements and "About the role" a role overview.
pub fn section_kind(heading: &str) -> Option<SectionKind> {
    if heading.len() > MAX_HEADING_BYTES {
        return None;
    }
    let n = statement_order(normalize_phrase(heading));
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
    // "About Larkspur Logistics": about the company, unless a keyword opens the heading
    // ("About the role", "About you").
    if let Some((pos, kind)) = keyword_kind(&n) {
        if pos > 0 && n.starts_with("about ") {
            return Some(SectionKind::AboutCompany);
        }
        // "This role is a fit if": the role is the subject, the heading a condition on the
        // candidate.
        if matches!(kind, SectionKind::Overview | SectionKind::Duties) && is_condition_lead_in(&n) {
            return Some(SectionKind::Requirements);
        }
        return Some(kind);
    }
    // "Key software skills", "Leadership competencies and skills".
    if n.ends_with(" skills") {
        return Some(SectionKind::Requirements);
    }
    // "Why Tidewell?": what the company offers.
    if n.starts_with("why ") && n.split(' ').count() <= MAX_WHY_HEADING_WORDS {
        return Some(SectionKind::Benefits);
    }
    // "You'd be a star if", "We'd love it if you": a condition on the candidate.
    if is_condition_lead_in(&n) {
        return Some(SectionKind::Requirements);
    }
    if n.starts_with("about ") {
        return Some(SectionKind::AboutCompany);
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
                "you'd" | "youd" => "you would".to_string(),
                "we'll" => "we will".to_string(),
                "you're" => "you are".to_string(),
                "we're" => "we are".to_string(),
                "you've" => "you have".to_string(),
                "what's" | "whats" => "what is".to_string(),
                "it's" => "it is".to_string(),
                "here's" => "here is".to_string(),
                "we'd" => "we would".to_string(),
                other => other.replace('\'', ""),
            }
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// A heading asked as a question, in the order of a statement: "what will you do" is "what you
/// will do", "who are you" "who you are", "what do you bring" "what you bring". Only after a
/// question word, and only the inverted "you" (so the tables need one form of each wording).
fn statement_order(n: String) -> String {
    let words: Vec<&str> = n.split(' ').collect();
    match words.as_slice() {
        [q @ ("what" | "who" | "how" | "why" | "where" | "when"), aux, "you", rest @ ..]
            if matches!(*aux, "will" | "are" | "would" | "can" | "do" | "have") =>
        {
            let aux: &[&str] = if *aux == "do" { &[] } else { &[aux] };
            [&[*q, "you"], aux, rest].concat().join(" ")
        }
        _ => n,
    }
}

use SectionKind::*;

/// Whole headings (after fillers are dropped), each with its kind.
pub(super) const PHRASES: &[(&str, SectionKind)] = &[
    ("responsibilities", Duties),
    // A common misspelling (and the Spanish and Portuguese word).
    ("responsabilities", Duties),
    ("responsabilidades", Duties),
    ("duties", Duties),
    ("duties and responsibilities", Duties),
    // What the role is expected to do, not what the candidate must have: "Leadership
    // expectations" lists duties ("Model a blameless approach ...").
    ("expectations", Duties),
    ("leadership expectations", Duties),
    ("role expectations", Duties),
    ("expectations of the role", Duties),
    ("responsibilities and duties", Duties),
    ("what you will do", Duties),
    ("what you will be doing", Duties),
    ("what you will own", Duties),
    ("what you will work on", Duties),
    ("what you will be working on", Duties),
    ("what you will achieve", Duties),
    ("what you will accomplish", Duties),
    ("accomplishments", Duties),
    ("what the role involves", Duties),
    ("what the job involves", Duties),
    ("what the job is", Duties),
    ("how you will contribute", Duties),
    ("in this role you will", Duties),
    ("you will", Duties),
    ("day to day", Duties),
    ("a day in the life", Duties),
    ("accountabilities", Duties),
    ("scope of the role", Duties),
    ("the work", Duties),
    ("tasks", Duties),
    ("what you will get to do", Duties),
    ("what you get to do", Duties),
    ("areas of responsibility", Duties),
    ("objectives", Duties),
    ("focus areas", Duties),
    ("areas of focus", Duties),
    ("focus", Duties),
    ("contributions", Duties),
    ("r and r", Duties),
    ("the challenge", Overview),
    ("role", Overview),
    ("the role", Overview),
    ("about the role", Overview),
    ("about this role", Overview),
    ("the job", Overview),
    ("about the job", Overview),
    ("the position", Overview),
    ("about the position", Overview),
    ("role overview", Overview),
    ("role description", Overview),
    ("job description", Overview),
    ("description", Overview),
    ("overview", Overview),
    ("summary", Overview),
    ("position summary", Overview),
    ("job summary", Overview),
    ("role summary", Overview),
    ("position overview", Overview),
    ("the opportunity", Overview),
    ("about the opportunity", Overview),
    ("this opportunity", Overview),
    ("impact", Overview),
    ("the impact you will have", Overview),
    ("in this role", Overview),
    ("your mission", Overview),
    ("mission of the role", Overview),
    ("requirements", Requirements),
    ("qualifications", Requirements),
    ("what you bring", Requirements),
    ("you probably have", Requirements),
    ("experience you bring", Requirements),
    ("the experience you bring", Requirements),
    ("you likely have", Requirements),
    ("you might have", Requirements),
    ("what you will bring", Requirements),
    // A job seeker's own list beside the posting they saved.
    ("what i would bring", Requirements),
    ("what id bring", Requirements),
    ("what i bring", Requirements),
    ("what you will need", Requirements),
    ("what you need", Requirements),
    ("what we are looking for", Requirements),
    ("what we look for", Requirements),
    ("who we are looking for", Requirements),
    ("who you are", Requirements),
    ("about you", Requirements),
    ("you", Requirements),
    ("you have", Requirements),
    ("you are", Requirements),
    ("skills", Requirements),
    ("experience", Requirements),
    ("experience and skills", Requirements),
    ("skills and experience", Requirements),
    ("skills and expertise", Requirements),
    ("key result areas", Duties),
    ("our expectations", Requirements),
    ("what we expect", Requirements),
    ("what we expect from you", Requirements),
    ("technology", Other),
    ("technologies", Other),
    ("our technology", Other),
    ("you will bring", Requirements),
    ("you will need", Requirements),
    ("you will have", Requirements),
    ("we will give you", Benefits),
    ("we will offer you", Benefits),
    ("we offer you", Benefits),
    ("key performance indicators", Other),
    ("performance indicators", Other),
    ("kpis", Other),
    ("key kpis", Other),
    ("skills knowledge and expertise", Requirements),
    ("knowledge skills and experience", Requirements),
    ("expertise", Requirements),
    ("education", Requirements),
    ("background", Requirements),
    ("profile", Requirements),
    ("candidate profile", Requirements),
    ("the candidate", Requirements),
    ("what it takes", Requirements),
    ("must have", Requirements),
    ("must haves", Requirements),
    ("ideal candidate", Requirements),
    ("the ideal candidate", Requirements),
    ("knowledge", Requirements),
    ("criteria", Requirements),
    ("essential criteria", Requirements),
    ("selection criteria", Requirements),
    ("person specification", Requirements),
    ("nice to have", NiceToHave),
    ("nice to haves", NiceToHave),
    ("bonus", NiceToHave),
    ("bonus points", NiceToHave),
    ("preferred", NiceToHave),
    ("optional", NiceToHave),
    ("pluses", NiceToHave),
    ("benefits", Benefits),
    ("perks", Benefits),
    ("benefits and perks", Benefits),
    ("perks and benefits", Benefits),
    ("what we offer", Benefits),
    ("we offer", Benefits),
    ("offer", Benefits),
    ("package", Benefits),
    ("rewards", Benefits),
    ("what is in it for you", Benefits),
    ("what you will get", Benefits),
    ("what you get", Benefits),
    ("on offer", Benefits),
    ("what is on offer", Benefits),
    ("compensation", Pay),
    ("salary", Pay),
    ("salary range", Pay),
    ("pay", Pay),
    ("pay range", Pay),
    ("the pay", Pay),
    ("compensation and benefits", Pay),
    ("about us", AboutCompany),
    ("about the company", AboutCompany),
    ("the company", AboutCompany),
    ("company", AboutCompany),
    ("who we are", AboutCompany),
    ("mission", AboutCompany),
    ("our mission", AboutCompany),
    ("story", AboutCompany),
    ("values", AboutCompany),
    ("culture", AboutCompany),
    ("company overview", AboutCompany),
    ("company description", AboutCompany),
    ("about", AboutCompany),
    ("why we exist", AboutCompany),
    ("what we do", AboutCompany),
    ("about the team", AboutTeam),
    ("about our team", AboutTeam),
    ("the team", AboutTeam),
    ("team", AboutTeam),
    ("our team", AboutTeam),
    ("meet the team", AboutTeam),
    ("team and environment", AboutTeam),
    ("engineering", AboutTeam),
    ("equal opportunity", Legal),
    ("equal opportunity employer", Legal),
    ("eeo", Legal),
    ("eeo statement", Legal),
    ("diversity and inclusion", Legal),
    ("diversity equity and inclusion", Legal),
    ("interview process", Legal),
    ("hiring process", Legal),
    ("how we hire", Legal),
    ("application process", Legal),
    ("the process", Legal),
    ("what is the process", Legal),
    ("disclaimer", Legal),
    ("important notes", Legal),
    ("how to apply", HowToApply),
    ("to apply", HowToApply),
    ("apply", HowToApply),
    ("next steps", HowToApply),
    ("contact", HowToApply),
    ("dimensions", Other),
    ("key dimensions", Other),
    ("working relationships", Other),
    // A word processor's table of contents: its entries ("1. Position Summary 1") are no
    // duties.
    ("table of contents", Other),
    ("contents", Other),
    // An HR form's sections beside the duties: whom the role supervises and what it may
    // decide are facts of the position, not its duty list.
    ("supervisory responsibilities", Other),
    ("supervisory responsibility", Other),
    ("supervision exercised", Other),
    ("supervision received", Other),
    ("supervision", Other),
    ("decision making authority", Other),
    ("decision making", Other),
    ("budget authority", Other),
    ("scope of authority", Other),
    ("authority", Other),
    ("key working relationships", Other),
    ("key relationships", Other),
    ("key contacts", Other),
    ("what wont i do", Other),
    ("what i dont need", Other),
    ("what we dont need", Other),
    ("what i dont need from you", Other),
    ("what we dont need from you", Other),
    ("what wont you do", Other),
    ("what you wont do", Other),
    ("what you will not do", Other),
    ("what you will not be doing", Other),
    ("what this role is not", Other),
    ("what the role is not", Other),
    ("what this job is not", Other),
    ("location", Other),
    ("locations", Other),
    ("work location", Other),
    ("preferred locations", Other),
    ("preferred location", Other),
    ("remote", Other),
    ("logistics", Other),
    ("job details", Other),
    ("details", Other),
    ("employment type", Other),
    ("job type", Other),
    ("start date", Other),
    ("schedule", Other),
    ("hours", Other),
    ("travel", Other),
    ("tech stack", Other),
    ("stack", Other),
    ("outcomes", Other),
    ("additional information", Other),
    // Outcomes the role is measured by (KPIs), not duties.
    ("success measures", Other),
    ("measures of success", Other),
];

/// Exact phrase lookup, also after dropping a leading filler word ("key", "your", "our", ...)
/// and a trailing `at <Company>` / "with us" / "here".
pub(super) fn phrase_kind(n: &str) -> Option<SectionKind> {
    let lookup = |p: &str| -> Option<SectionKind> {
        PHRASES
            .iter()
            .find(|(phrase, _)| *phrase == p)
            .map(|(_, kind)| *kind)
    };
    let mut candidates = vec![n.to_string()];
    for filler in [
        "key ", "main ", "primary ", "core ", "your ", "our ", "the ", "my ", "job ", "role ",
    ] {
        if let Some(rest) = n.strip_prefix(filler) {
            candidates.push(rest.to_string());
        }
    }
    for c in candidates.clone() {
        if let Some(pos) = c.find(" at ") {
            candidates.push(c.get(..pos).unwrap_or("").to_string());
        }
        for suffix in [" with us", " here", " for you", " to you"] {
            if let Some(rest) = c.strip_suffix(suffix) {
                candidates.push(rest.to_string());
            }
        }
    }
    // "Life at Acme": the prefix itself is the phrase.
    if n.starts_with("life at ") {
        return Some(AboutCompany);
    }
    // Candidates are tried in order: the whole phrase wins over its shortened forms.
    candidates.iter().find_map(|c| lookup(c))
}

/// Keywords found anywhere in a short heading (at a word start), with their kind.
pub(super) const KEYWORDS: &[(&str, SectionKind)] = &[
    ("responsibilities", Duties),
    ("duties", Duties),
    ("what you will do", Duties),
    ("what you will be doing", Duties),
    ("what you will own", Duties),
    ("what you will work on", Duties),
    ("what you will achieve", Duties),
    ("what you will accomplish", Duties),
    ("what you will contribute", Duties),
    ("how you will contribute", Duties),
    ("what you get to do", Duties),
    ("what you will get to do", Duties),
    ("instrumental in", Duties),
    ("accomplishment", Duties),
    ("day to day", Duties),
    ("day in the life", Duties),
    ("accountabilit", Duties),
    ("your tasks", Duties),
    ("key tasks", Duties),
    ("job functions", Duties),
    ("essential functions", Duties),
    ("what the role involves", Duties),
    ("what the job involves", Duties),
    ("you will be responsible", Duties),
    ("expect to do", Duties),
    ("of responsibility", Duties),
    ("responsibility areas", Duties),
    ("accountable for", Duties),
    ("what you will lead", Duties),
    ("the role covers", Duties),
    ("this role covers", Duties),
    ("you will cover", Duties),
    ("what you will tackle", Duties),
    ("what you will drive", Duties),
    ("what you will focus on", Duties),
    ("need you to do", Duties),
    ("your contributions", Duties),
    ("your focus", Duties),
    ("key objectives", Duties),
    ("week looks like", Duties),
    ("spend your time", Duties),
    ("on your plate", Duties),
    ("about the role", Overview),
    ("about this role", Overview),
    ("about the position", Overview),
    ("about this position", Overview),
    ("about the job", Overview),
    ("about this job", Overview),
    ("about the opportunity", Overview),
    ("the opportunity", Overview),
    ("role overview", Overview),
    ("position overview", Overview),
    ("job overview", Overview),
    ("role summary", Overview),
    ("position summary", Overview),
    ("job summary", Overview),
    ("job description", Overview),
    ("role description", Overview),
    ("position description", Overview),
    ("your impact", Overview),
    ("your mission", Overview),
    ("your role", Overview),
    ("the role", Overview),
    ("this role", Overview),
    ("the position", Overview),
    ("this position", Overview),
    ("impact you will", Overview),
    ("make an impact", Overview),
    ("the challenge", Overview),
    ("why we are hiring", Overview),
    ("why this role", Overview),
    ("why the role", Overview),
    ("why we need", Overview),
    ("requirement", Requirements),
    ("qualification", Requirements),
    ("what you bring", Requirements),
    ("what you will bring", Requirements),
    ("bring to the role", Requirements),
    ("bring to the table", Requirements),
    ("what you will need", Requirements),
    ("what you need", Requirements),
    ("looking for", Requirements),
    ("who we are looking for", Requirements),
    ("look for", Requirements),
    ("we are seeking", Requirements),
    ("who you are", Requirements),
    ("about you", Requirements),
    ("ideal candidate", Requirements),
    ("candidate profile", Requirements),
    ("your profile", Requirements),
    ("competenc", Requirements),
    ("must have", Requirements),
    ("what it takes", Requirements),
    ("catch our eye", Requirements),
    ("a fit if", Requirements),
    ("you bring", Requirements),
    ("you will bring", Requirements),
    ("skill set", Requirements),
    ("skillset", Requirements),
    ("your skills", Requirements),
    ("key skills", Requirements),
    ("required skills", Requirements),
    ("technical skills", Requirements),
    ("knowledge and skills", Requirements),
    ("skills knowledge", Requirements),
    ("knowledge and expertise", Requirements),
    ("skills and", Requirements),
    ("and skills", Requirements),
    ("your experience", Requirements),
    ("experience and", Requirements),
    ("and experience", Requirements),
    ("required experience", Requirements),
    ("relevant experience", Requirements),
    ("true about you", Requirements),
    ("more about you", Requirements),
    ("talk to you if", Requirements),
    ("hear from you if", Requirements),
    ("you should have", Requirements),
    ("background we", Requirements),
    ("abilities", Requirements),
    ("great fit", Requirements),
    ("a fit", Requirements),
    ("thrive", Requirements),
    ("successful if", Requirements),
    ("ideal profile", Requirements),
    ("candidate profile", Requirements),
    ("need to have", Requirements),
    ("nice to have", NiceToHave),
    ("what is nice to have", NiceToHave),
    ("bonus", NiceToHave),
    ("preferred", NiceToHave),
    ("desirable", NiceToHave),
    ("stand out", NiceToHave),
    ("extra credit", NiceToHave),
    ("even better", NiceToHave),
    ("sets you apart", NiceToHave),
    ("extra points", NiceToHave),
    ("plus if", NiceToHave),
    ("great if", NiceToHave),
    ("great to have", NiceToHave),
    ("good to have", NiceToHave),
    ("love to see", NiceToHave),
    ("benefit", Benefits),
    ("perk", Benefits),
    ("what we offer", Benefits),
    ("we offer", Benefits),
    ("our offer", Benefits),
    ("offer to you", Benefits),
    ("what is in it for you", Benefits),
    ("in it for you", Benefits),
    ("what you get", Benefits),
    ("what you will get", Benefits),
    ("why join", Benefits),
    ("why work", Benefits),
    ("why you will love", Benefits),
    ("why make a move", Benefits),
    ("why us", Benefits),
    ("total rewards", Benefits),
    ("wellbeing", Benefits),
    ("well being", Benefits),
    ("time off", Benefits),
    ("what we provide", Benefits),
    ("love working", Benefits),
    ("expect from us", Benefits),
    ("salary", Pay),
    ("does it pay", Pay),
    ("the role pay", Pay),
    ("compensation", Pay),
    ("pay range", Pay),
    ("pay transparency", Pay),
    ("base pay", Pay),
    ("remuneration", Pay),
    ("about us", AboutCompany),
    ("about the company", AboutCompany),
    ("about our company", AboutCompany),
    ("who we are", AboutCompany),
    ("what we do", AboutCompany),
    ("our mission", AboutCompany),
    ("our story", AboutCompany),
    ("our values", AboutCompany),
    ("our culture", AboutCompany),
    ("company overview", AboutCompany),
    ("company description", AboutCompany),
    ("the company", AboutCompany),
    ("our company", AboutCompany),
    ("why we exist", AboutCompany),
    ("get to know us", AboutCompany),
    ("life at", AboutCompany),
    ("why we are here", AboutCompany),
    ("about the team", AboutTeam),
    ("about our team", AboutTeam),
    ("meet the team", AboutTeam),
    ("team and environment", AboutTeam),
    ("about the group", AboutTeam),
    ("team structure", AboutTeam),
    ("equal opportunit", Legal),
    ("equal employment", Legal),
    ("eeo", Legal),
    ("diversity", Legal),
    ("inclusion", Legal),
    ("belonging", Legal),
    ("accommodation", Legal),
    ("privacy", Legal),
    ("disclaimer", Legal),
    ("legal", Legal),
    ("notice", Legal),
    ("affirmative action", Legal),
    ("background check", Legal),
    ("interview process", Legal),
    ("hiring process", Legal),
    ("recruitment process", Legal),
    ("recruiting process", Legal),
    ("application process", Legal),
    ("our process", Legal),
    ("what to expect", Legal),
    ("fraud", Legal),
    ("disclosure", Legal),
    ("know your rights", Legal),
    ("sponsorship", Legal),
    ("agencies", Legal),
    ("recruiters", Legal),
    ("export control", Legal),
    ("self identification", Legal),
    ("voluntary self", Legal),
    ("how to apply", HowToApply),
    ("to apply", HowToApply),
    ("how do i apply", HowToApply),
    ("after i apply", HowToApply),
    ("after you apply", HowToApply),
    ("apply now", HowToApply),
    ("next steps", HowToApply),
    ("contact us", HowToApply),
    ("get in touch", HowToApply),
    ("interested", HowToApply),
    ("come work with us", HowToApply),
    ("join us", HowToApply),
    ("join our team", HowToApply),
    ("sound like you", HowToApply),
    ("happens next", HowToApply),
    ("ready to apply", HowToApply),
    ("location", Other),
    ("logistics", Other),
    ("job details", Other),
    ("employment type", Other),
    ("job type", Other),
    ("start date", Other),
    ("schedule", Other),
    ("working hours", Other),
    ("travel", Other),
    ("physical", Other),
    ("work environment", Other),
    ("tech stack", Other),
    ("our stack", Other),
    ("technology stack", Other),
    ("tools we use", Other),
    ("our tech", Other),
    ("tech snapshot", Other),
    ("measured by", Other),
    ("success looks like", Other),
    ("success in this role", Other),
    ("what success", Other),
    ("success look", Other),
    ("key results", Other),
    ("result areas", Duties),
    ("kpis", Other),
    ("additional information", Other),
    ("more information", Other),
    ("keywords", Other),
    ("requisition", Other),
    ("working conditions", Other),
    ("work arrangement", Other),
    ("where you will work", Other),
    ("success metrics", Other),
];

/// "Why <Company>" is a benefits heading when it has at most this many words.
const MAX_WHY_HEADING_WORDS: usize = 4;

/// "You'll thrive if", "Bonus points if you have", "You might be a fit if you are" (at most
/// [`MAX_LEAD_IN_WORDS`] words): a condition on the candidate, which only a heading leaves
/// unfinished. Its kind comes from its keywords ("bonus" is nice to have), else requirements.
pub(super) fn is_condition_lead_in(n: &str) -> bool {
    n.split(' ').count() <= MAX_LEAD_IN_WORDS
        && [" if", " if you", " if you have", " if you are"]
            .iter()
            .any(|end| n.ends_with(end))
}

/// "As our VP of Engineering, you will" (at most 12 words): a lead-in to the duties.
pub(super) fn is_you_will_lead_in(n: &str) -> bool {
    n.split(' ').count() <= MAX_LEAD_IN_WORDS
        && (n == "you will"
            || n.ends_with(" you will")
            || n.ends_with(" you will be")
            || n.ends_with(" will include")
            || n.ends_with(" you will be responsible for"))
}

/// The kind of the earliest keyword in the phrase, and where it starts (a keyword starts at a
/// word boundary; the longer keyword wins a tie).
pub(super) fn keyword_kind(n: &str) -> Option<(usize, SectionKind)> {
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
    best.map(|(pos, _, kind)| (pos, kind))
}

/// The kind of a known heading phrase standing alone on a line (no `:`, no markup): stricter
/// than [`section_kind`], so an ordinary short sentence is not mistaken for a heading.
pub(super) fn bare_heading_kind(text: &str) -> Option<SectionKind> {
    if text.len() > MAX_HEADING_BYTES {
        return None;
    }
    let n = normalize_phrase(text);
    if n.is_empty() {
        return None;
    }
    if let Some(kind) = phrase_kind(&n) {
        return Some(kind);
    }
    // "Location and compensation", "Pay & location": two known phrases of a posting's
    // practical details (pay, benefits, location), one of them pay or benefits.
    if let Some((first, second)) = n.split_once(" and ") {
        let kinds = [phrase_kind(first), phrase_kind(second)];
        if kinds
            .iter()
            .all(|k| matches!(k, Some(Pay | Benefits | Other)))
        {
            if let Some(money) = kinds.into_iter().flatten().find(|k| *k != Other) {
                return Some(money);
            }
        }
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
        return Some(AboutCompany);
    }
    None
}

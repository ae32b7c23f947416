//! The title of a posting and the level it claims, and `Key: value` job metadata lines.

use super::headings::{normalize_phrase, SectionKind};
use super::lines::{Line, LineKind};
use super::markup::{collapse_whitespace, word_count};
use super::wording::{is_duty_like, prefix_within};
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

/// Where a posting's title was found, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum TitleSource {
    /// A `Title:` / `Job title:` / `Position title:` line, or front matter's `title:`.
    Field,
    /// A `Title:` / `Job title:` field below the first recognised section heading, before the
    /// duties: an HR form's "**Working Title:** ..." under "Position Description", which names
    /// the job better than the form's heading (the employer's name).
    LateField,
    /// The main heading: a Markdown or setext heading that is not a section heading.
    Heading,
    /// An HTML document's `<title>`.
    HtmlTitle,
    /// A `Position:` / `Role:` / `Job:` line whose value reads as a job title.
    WeakField,
    /// The first line, when nothing better is there: a guess.
    FirstLine,
    /// A line naming a level near the top, when the first line is no job title (a brochure's
    /// company name in capitals, then "Career Opportunities 2025", then the title).
    EarlyLine,
    /// Below the first recognised section heading, before the duties: a heading naming a
    /// level (the posting's own heading below a careers page's list of open roles).
    Late,
    /// "Acme is hiring a Senior Director of Engineering to ...": the title named in a sentence
    /// near the top, when no line gives one.
    Sentence,
}

/// A title candidate: the index of its line in the posting's lines, its text and source.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TitleCandidate {
    pub(super) index: Option<usize>,
    pub(super) text: String,
    pub(super) source: TitleSource,
}

/// The posting's title, from the candidates in [`TitleSource`] order: the first that names a
/// level wins, otherwise the first there is. So a `# Director of Engineering` heading wins over
/// a `**Position:** Full-time` line and over a plain first line; a `Role: ...` bullet is never
/// a title. The first line is a candidate too ([`TitleSource::FirstLine`]), a guess.
pub(super) fn find_title(
    lines: &[Line],
    front_matter: Option<(usize, String)>,
    html_title: Option<&str>,
) -> Option<TitleCandidate> {
    // (source, heading rank, candidate): sorted, the most trusted first.
    let mut candidates: Vec<(TitleSource, u8, TitleCandidate)> = Vec::new();
    let mut push = |index: Option<usize>, text: String, source: TitleSource, rank: u8| {
        let c = TitleCandidate {
            index,
            text,
            source,
        };
        candidates.push((source, rank, c));
    };
    if let Some((i, t)) = front_matter {
        push(Some(i), clean_title(&t), TitleSource::Field, 0);
    }
    if let Some(t) = html_title {
        push(None, clean_title(t), TitleSource::HtmlTitle, 0);
    }
    // Fields and headings count only before the first recognised section heading: below it a
    // `Role:` line or a `###` heading is part of the body, and only a `Title:` field or a
    // heading naming a level is a late candidate, up to the duties.
    let mut body = false;
    for (i, line) in lines.iter().enumerate() {
        let (text, rank) = match &line.kind {
            LineKind::Heading { text, .. } if is_board_boilerplate(text) => continue,
            LineKind::Heading {
                text,
                kind: Some(SectionKind::Duties),
                ..
            } if body || claimed_level(text) == Level::Unknown => break,
            LineKind::Heading {
                text, kind, rank, ..
            } => {
                if kind.is_some() && claimed_level(text) == Level::Unknown {
                    body = true;
                    continue;
                }
                (text, *rank)
            }
            LineKind::Text { text, .. } => (text, u8::MAX),
            // A header table's row ("| **Job title** | VP, Platform Engineering |").
            LineKind::Bullet { text, .. } if body => (text, u8::MAX),
            // A header table before the sections: its first row ("| Job Title | VP of
            // Engineering, Claims |" over "|---|---|") and the others.
            LineKind::Bullet { text, .. }
            | LineKind::Skip {
                text,
                reason: "table header row",
            } => {
                if let Some(t) = title_field(text, true) {
                    push(Some(i), t, TitleSource::Field, 0);
                }
                continue;
            }
            _ => continue,
        };
        if body {
            if let Some(t) = title_field(text, true) {
                push(Some(i), t, TitleSource::LateField, 0);
            } else if rank != u8::MAX
                && !text.ends_with(['.', '!', '?', ':'])
                && claimed_level(text) != Level::Unknown
                && !is_duty_like(text)
            {
                push(Some(i), clean_title(text), TitleSource::Late, 0);
            }
            continue;
        }
        if let Some(t) = title_field(text, true) {
            push(Some(i), t, TitleSource::Field, 0);
        } else if let Some(t) = title_field(text, false) {
            push(Some(i), t, TitleSource::WeakField, 0);
        } else if rank <= 6 {
            push(Some(i), clean_title(text), TitleSource::Heading, rank);
        }
    }
    let first = first_line(lines);
    if !first.as_ref().is_some_and(|c| reads_as_job_title(&c.text)) {
        if let Some(early) = early_title_line(lines) {
            candidates.push((TitleSource::EarlyLine, 0, early));
        }
    }
    if let Some(c) = first {
        candidates.push((TitleSource::FirstLine, 0, c));
    }
    if let Some(named) = title_in_a_sentence(lines) {
        candidates.push((TitleSource::Sentence, 0, named));
    }
    candidates.retain(|(_, _, c)| !c.text.is_empty() && word_count(&c.text) <= MAX_TITLE_WORDS);
    // Stable: among equals, the earlier line first.
    candidates.sort_by_key(|(source, rank, _)| (*source, *rank));
    // The first that names a level, else the first that reads as a job title ("Head of
    // Platform Engineering" below the company's name in bold), else the first.
    let chosen = candidates
        .iter()
        .position(|(_, _, c)| claimed_level(&c.text) != Level::Unknown)
        .or_else(|| {
            candidates
                .iter()
                .position(|(_, _, c)| reads_as_job_title(&c.text))
        })
        .unwrap_or(0);
    if chosen < candidates.len() {
        Some(candidates.swap_remove(chosen).2)
    } else {
        None
    }
}

fn candidate(index: usize, text: String, source: TitleSource) -> TitleCandidate {
    TitleCandidate {
        index: Some(index),
        text,
        source,
    }
}

/// The first line as a title: the first non-empty line that is not job-board boilerplate
/// ([`is_board_boilerplate`]), unless it is a bullet, a recognised section heading naming no
/// level, or longer than [`MAX_TITLE_WORDS`] words (then, in a header of `|`-separated parts,
/// the first part that names a level).
fn first_line(lines: &[Line]) -> Option<TitleCandidate> {
    for (i, line) in lines.iter().enumerate() {
        match &line.kind {
            LineKind::Blank | LineKind::Decoration | LineKind::Skip { .. } => continue,
            LineKind::Heading { text, .. } | LineKind::Text { text, .. }
                if is_board_boilerplate(text) =>
            {
                continue
            }
            LineKind::Bullet { .. } => return None,
            LineKind::Heading { text, kind, .. } => {
                let recognised = kind.is_some() && claimed_level(text) == Level::Unknown;
                return (!recognised)
                    .then(|| candidate(i, clean_title(text), TitleSource::FirstLine));
            }
            LineKind::Text { text, .. } => {
                if metadata_key(text).is_some() {
                    continue;
                }
                let title = title_part(text);
                let fits = word_count(title) <= MAX_TITLE_WORDS;
                return fits.then(|| candidate(i, clean_title(title), TitleSource::FirstLine));
            }
        }
    }
    None
}

/// The part of a header line that is the title: in a forum post's header ("Acme | Director of
/// Engineering | Remote | $180k") the part that names a level, at the end of a careers site's
/// breadcrumb ("Jobs > Technology > Director of Engineering") the last step; otherwise the
/// whole line.
fn title_part(text: &str) -> &str {
    let part = text
        .split(" | ")
        .find(|part| claimed_level(part) != Level::Unknown)
        .unwrap_or(text);
    match part.rsplit_once(" > ").or_else(|| part.rsplit_once(" › ")) {
        Some((_, last)) if claimed_level(last) != Level::Unknown => last.trim(),
        _ => part,
    }
}

/// A plain line naming a level among the first [`MAX_EARLY_TITLE_LINE`] non-blank lines, before
/// the posting's own sections (a duty, requirements or role heading) begin: short, with no
/// sentence end and not worded as a duty ("Director of Engineering - Control Systems
/// Software" below a brochure's company name, "VP Engineering" below a careers site's cookie
/// banner and menu).
fn early_title_line(lines: &[Line]) -> Option<TitleCandidate> {
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate() {
        let text = match &line.kind {
            LineKind::Blank | LineKind::Decoration => continue,
            // An HR form's "Position Description" over its title names the document, not a
            // section of it (as a job board's "About the job" does).
            LineKind::Heading { text, .. } if is_board_boilerplate(text) => continue,
            LineKind::Heading {
                kind: Some(SectionKind::Duties | SectionKind::Requirements | SectionKind::Overview),
                ..
            }
            | LineKind::Bullet { .. } => {
                // A site's menu or back link left as a short item ("← Back to all jobs") is
                // no list of the posting's own.
                if is_short_link_item(&line.kind) {
                    continue;
                }
                return None;
            }
            LineKind::Heading { text, .. } | LineKind::Text { text, .. } => text,
            LineKind::Skip { .. } => "",
        };
        seen += 1;
        if seen > MAX_EARLY_TITLE_LINE {
            return None;
        }
        let text = title_part(text);
        // The wording check last: it is the costly one, and few lines name a level.
        let fits = word_count(text) <= MAX_TITLE_WORDS
            && !text.ends_with(['.', '!', '?', ':'])
            && claimed_level(text) != Level::Unknown;
        if fits && !is_duty_like(text) {
            return Some(candidate(i, clean_title(text), TitleSource::EarlyLine));
        }
    }
    None
}

/// A list item of at most [`MAX_LINK_ITEM_WORDS`] words that reads as no duty: a site's back
/// link or menu entry ("← Back to all jobs", "• Careers").
fn is_short_link_item(kind: &LineKind) -> bool {
    matches!(kind, LineKind::Bullet { text, .. }
        if word_count(text) <= MAX_LINK_ITEM_WORDS && !is_duty_like(text))
}

/// The title a sentence near the top names: "Quillfern is hiring a Senior Director of
/// Engineering to lead ..." gives "Senior Director of Engineering" (also in a heading too long
/// to be a title: "We are search a VP Engineering (m/f/d) for our Team in Kraków"). After
/// "hiring", "seeking", "looking for" or "search(ing for)" and an article, from the first
/// capitalised word up to the clause's end ("to", "who", a comma, ...); only when it names a
/// level.
fn title_in_a_sentence(lines: &[Line]) -> Option<TitleCandidate> {
    const LEADS: &[&str] = &[
        "hiring a ",
        "hiring an ",
        "hiring our ",
        "seeking a ",
        "seeking an ",
        "seeking our ",
        "looking for a ",
        "looking for an ",
        "looking for our ",
        "searching for a ",
        "searching for an ",
        "search a ",
        "search an ",
    ];
    const ENDS: &[&str] = &[
        " to ", " who ", " that ", " with ", " for ", " in ", " at ", " based ", ", ", ". ", " (",
        " -", " –", " —",
    ];
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate() {
        let text = match &line.kind {
            LineKind::Blank | LineKind::Decoration => continue,
            LineKind::Text { text, .. }
            | LineKind::Bullet { text, .. }
            | LineKind::Heading { text, .. } => text,
            _ => "",
        };
        seen += 1;
        if seen > MAX_EARLY_TITLE_LINE {
            return None;
        }
        let head = prefix_within(text, MAX_SENTENCE_TITLE_BYTES);
        let lower = head.to_ascii_lowercase();
        for lead in LEADS {
            let Some(at) = lower.find(lead) else {
                continue;
            };
            let rest = head.get(at + lead.len()..).unwrap_or("");
            let start = rest.find(|c: char| c.is_uppercase()).unwrap_or(rest.len());
            let rest = rest.get(start..).unwrap_or("");
            let end = ENDS
                .iter()
                .filter_map(|e| rest.find(e))
                .min()
                .unwrap_or(rest.len());
            let named = clean_title(rest.get(..end).unwrap_or(""));
            if word_count(&named) <= MAX_TITLE_WORDS && claimed_level(&named) != Level::Unknown {
                return Some(candidate(i, named, TitleSource::Sentence));
            }
        }
    }
    None
}

/// [`title_in_a_sentence`] reads at most this many bytes of a line (the title is named near the
/// sentence's start).
const MAX_SENTENCE_TITLE_BYTES: usize = 400;

/// A site's back link or menu entry has at most this many words.
const MAX_LINK_ITEM_WORDS: usize = 4;

/// [`early_title_line`] looks this many non-blank lines down (a careers site's cookie banner
/// and menu come before the title).
const MAX_EARLY_TITLE_LINE: usize = 40;

/// A job board's own words pasted with a posting, above or around its title: LinkedIn's
/// "About the job", Indeed's "Full job description", "Job description", "Show more". The
/// title reader passes over them (the title is on the next line); they still open a section.
fn is_board_boilerplate(text: &str) -> bool {
    matches!(
        normalize_phrase(text).as_str(),
        "about the job"
            | "job description"
            | "position description"
            | "position description form"
            | "job description form"
            | "full job description"
            | "show more"
            | "show less"
            | "see more"
            | "see less"
    )
}

/// The value of a `Title:` / `Job title:` line (`strong`), or of a `Position:` / `Role:` /
/// `Job:` line whose value reads as a job title (not `strong`: "Position: Full-time" is not).
pub(super) fn title_field(text: &str, strong: bool) -> Option<String> {
    const STRONG: &[&str] = &[
        // "Job Description: Vice President of Engineering" as a document's title line.
        "job description",
        "position description",
        "job title",
        "position title",
        "role title",
        "working title",
        "title",
    ];
    const WEAK: &[&str] = &["position", "role", "job", "opening", "vacancy"];
    let keys = if strong { STRONG } else { WEAK };
    for key in keys {
        let Some(head) = text.get(..key.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(key) {
            continue;
        }
        let rest = text.get(key.len()..).unwrap_or("").trim_start();
        // "Title: ...", a table row's cells ("Job title; ..."), "Position - ...", a form's
        // leader dots ("Job Title ........ Director, ...").
        let leader = rest.trim_start_matches(['.', '…']);
        let value = rest
            .strip_prefix(|c| matches!(c, ':' | ';'))
            .or_else(|| {
                rest.strip_prefix(|c| matches!(c, '-' | '–' | '—'))
                    .filter(|v| v.starts_with(char::is_whitespace))
            })
            .or_else(|| {
                (rest.len() - leader.len() >= 3 && leader.starts_with(char::is_whitespace))
                    .then_some(leader)
            });
        if let Some(value) = value {
            let value = clean_title(value);
            if value.is_empty() {
                continue;
            }
            // A document's label ("Job Description: ...") gives a title only when what follows
            // reads as one.
            let document_label = matches!(*key, "job description" | "position description");
            if (strong && !document_label) || reads_as_job_title(&value) {
                return Some(value);
            }
        }
    }
    None
}

/// A job title names a level or a leadership or engineering role: "VP of Engineering", "Head
/// of Platform", "Engineering Manager"; not "Full-time, permanent" or "Remote".
fn reads_as_job_title(value: &str) -> bool {
    if claimed_level(value) != Level::Unknown {
        return true;
    }
    let n = normalize_phrase(value);
    n.split(' ').any(|w| {
        matches!(
            w,
            "head"
                | "chief"
                | "cto"
                | "president"
                | "manager"
                | "lead"
                | "engineer"
                | "engineering"
                | "officer"
                | "architect"
                | "leader"
        )
    })
}

pub(super) fn clean_title(s: &str) -> String {
    // An email's subject line: "Subject: Fwd: VP Engineering role at Acme".
    let mut s = s.trim_start();
    while let Some(rest) = ["subject:", "fwd:", "fw:", "re:"].iter().find_map(|p| {
        s.get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .and_then(|_| s.get(p.len()..))
    }) {
        s = rest.trim_start();
    }
    let t = s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | ';' | ',' | '.' | '!' | '?' | '-' | '–' | '—' | '|')
    });
    let t = t.trim_start_matches('#').trim();
    let t = t.trim_matches(['"', '\'', '“', '”']).trim();
    // A job board's tag or an emoji before the title: "[Remote] VP of Engineering", "📁 Acme".
    let mut t = t;
    loop {
        let before = t;
        if let Some(tag) = t.strip_prefix('[').and_then(|r| r.split_once(']')) {
            if !tag.1.trim().is_empty() && word_count(tag.0) <= MAX_TAG_WORDS {
                t = tag.1.trim_start();
            }
        }
        // Only symbols beyond ASCII (emoji, arrows): a leading `=` or `+` stays for the CSV
        // writer to neutralise.
        t = t.trim_start_matches(|c: char| {
            !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace() && !matches!(c, '“' | '‘')
        });
        t = t.trim_start();
        if t == before {
            break;
        }
    }
    collapse_whitespace(t)
}

/// A job board's bracketed tag before a title ("[Remote]", "[Hiring]") has at most this many
/// words.
const MAX_TAG_WORDS: usize = 3;

/// A `Company:` field holds a name: at most this many words.
const MAX_COMPANY_FIELD_WORDS: usize = 6;

/// `Location: Remote`, `Salary: ...`, `Company: Acme Robotics`: the key of a job-metadata line,
/// if it is one.
pub(super) fn metadata_key(text: &str) -> Option<String> {
    const KEYS: &[&str] = &[
        "location",
        "locations",
        "office",
        "work location",
        "salary",
        "salary range",
        "salary band",
        "pay band",
        "compensation",
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
        "travel",
        // An HR department's job description form.
        "reports to",
        "job code",
        "position number",
        "flsa status",
        "flsa",
        "grade",
        "grade band",
        "pay grade",
        "job grade",
        "band",
        "job family",
        "job family level",
        "employment category",
        "date revised",
        "last revised",
        "last reviewed",
        "approved by",
        "incumbent",
        "direct reports",
        "operating budget",
        "cost center",
        "job title",
        "working title",
        "position title",
        "class title",
    ];
    // "Reports To: CIO", or a header table's row ("| Reports To | CIO |" is "Reports To; CIO").
    let (key, value) = text.split_once(':').or_else(|| {
        text.split_once(';')
            .filter(|(key, _)| KEYS.contains(&normalize_phrase(key).as_str()))
    })?;
    let key_norm = normalize_phrase(key);
    // A saved copy's header fields ("**Company:** Acme Robotics", "**Work Type:** Remote"):
    // a company's name, not a section about the company.
    let header_field = match key_norm.as_str() {
        "company" => word_count(value) <= MAX_COMPANY_FIELD_WORDS,
        // A job seeker's own fields above a saved posting ("saved: 2024-05-03", "status:
        // emailed, no reply yet").
        "work type" | "source" | "reporting line" | "saved" | "date saved" | "status"
        | "applied" => true,
        _ => false,
    };
    // A form's scope fields ("Staff: approximately 60 employees", "Budget: $14.2M
    // operating"), unless the value is a duty under a label ("Budget: Own the $14M ...").
    let scope_field = matches!(key_norm.as_str(), "staff" | "budget" | "headcount");
    if value.trim().is_empty()
        || !(KEYS.contains(&key_norm.as_str()) || header_field || scope_field)
        // A duty under a label that is also a field's name: "Team: Manage the three platform
        // teams ...", "Budget: own the engineering budget of $55M ..." (a field whose value
        // is in lower case, "Team: grow the platform team to ten", stays a field, except the
        // scope fields, which name no duty).
        || ((scope_field || value.trim().starts_with(char::is_uppercase))
            && super::wording::is_duty_like(value.trim()))
    {
        return None;
    }
    Some(key.trim().to_string())
}

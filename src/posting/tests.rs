//! Tests of the posting parser: rules, fixtures and random inputs.

use super::headings::*;
use super::lines::*;
use super::markup::*;
use super::sentences::*;
use super::title::*;
use super::*;

const DIRECTOR_CONSISTENT: &str =
    include_str!("../../tests/fixtures/postings/director_consistent.md");
const VP_CONSISTENT: &str = include_str!("../../tests/fixtures/postings/vp_consistent.md");
const DIRECTOR_TITLE_VP_DUTIES: &str =
    include_str!("../../tests/fixtures/postings/director_title_vp_duties.md");
const VP_TITLE_TEAM_DUTIES: &str =
    include_str!("../../tests/fixtures/postings/vp_title_team_duties.txt");
const NO_HEADINGS: &str = include_str!("../../tests/fixtures/postings/no_headings.txt");
const MARKDOWN_NESTED: &str = include_str!("../../tests/fixtures/postings/markdown_nested.md");
const CRLF_DIRECTOR: &str = include_str!("../../tests/fixtures/postings/crlf_director.txt");
const NO_DUTIES: &str = include_str!("../../tests/fixtures/postings/no_duties.md");
const PLAIN_TEXT_HEADINGS: &str =
    include_str!("../../tests/fixtures/postings/plain_text_headings.txt");
const BOLD_AND_CAPS: &str = include_str!("../../tests/fixtures/postings/bold_and_caps_headings.md");
const EMOJI_AND_BRACKETS: &str =
    include_str!("../../tests/fixtures/postings/emoji_and_brackets.txt");
const FLATTENED: &str = include_str!("../../tests/fixtures/postings/flattened.txt");
const OVERVIEW_ONLY: &str = include_str!("../../tests/fixtures/postings/overview_only.md");
const FRONT_MATTER_TABLE: &str =
    include_str!("../../tests/fixtures/postings/front_matter_table.md");
const PAGE_HTML: &str = include_str!("../../tests/fixtures/postings/page.html");

const ALL_FIXTURES: &[(&str, &str)] = &[
    ("director_consistent.md", DIRECTOR_CONSISTENT),
    ("vp_consistent.md", VP_CONSISTENT),
    ("director_title_vp_duties.md", DIRECTOR_TITLE_VP_DUTIES),
    ("vp_title_team_duties.txt", VP_TITLE_TEAM_DUTIES),
    ("no_headings.txt", NO_HEADINGS),
    ("markdown_nested.md", MARKDOWN_NESTED),
    ("crlf_director.txt", CRLF_DIRECTOR),
    ("no_duties.md", NO_DUTIES),
    ("plain_text_headings.txt", PLAIN_TEXT_HEADINGS),
    ("bold_and_caps_headings.md", BOLD_AND_CAPS),
    ("emoji_and_brackets.txt", EMOJI_AND_BRACKETS),
    ("flattened.txt", FLATTENED),
    ("overview_only.md", OVERVIEW_ONLY),
    ("front_matter_table.md", FRONT_MATTER_TABLE),
    ("page.html", PAGE_HTML),
];

fn texts(p: &Posting) -> Vec<&str> {
    p.statements.iter().map(|s| s.text.as_str()).collect()
}

/// Asserts that `line` is a heading of `kind` (`None`: a heading of no known kind).
fn assert_heading(line: &str, kind: Option<SectionKind>) {
    match classify_line(line) {
        LineKind::Heading { kind: k, .. } => assert_eq!(k, kind, "{line:?}"),
        other => panic!("{line:?} is not a heading: {other:?}"),
    }
}

fn skipped_with<'a>(p: &'a Posting, text: &str) -> Option<&'a Skipped> {
    p.skipped.iter().find(|s| s.text == text)
}

/// Every statement of `duties` reads as a duty ([`super::wording::is_duty_like`]) and none of
/// `not_duties` does.
fn assert_duty_wording(duties: &[&str], not_duties: &[&str]) {
    use super::wording::is_duty_like;
    for duty in duties {
        assert!(is_duty_like(duty), "{duty:?}");
    }
    for not_duty in not_duties {
        assert!(!is_duty_like(not_duty), "{not_duty:?}");
    }
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
    let line_count = split_lines(input).count().max(1);
    let decoded = alnum(&source_text(input));
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
        assert_eq!(claimed_level(title), Level::Director, "{title:?}");
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
        assert_eq!(claimed_level(title), Level::Vp, "{title:?}");
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
        assert_eq!(claimed_level(title), Level::Unknown, "{title:?}");
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
        "In this role you will",
        "In this role, you will:",
        "Duties",
        "Duties & Responsibilities",
        "Day-to-day",
        "Main responsibilities of the role",
        "As Director of Engineering at Larkspur, you will be",
        "Key Accomplishments",
        "What You Will Do Each Week",
        "What you can expect to do",
        "Your responsibilities will include",
        "PRIMARY RESPONSIBILITIES (include but are not limited to)",
        "What you’ll be doing (ie. the work)",
        "You will be instrumental in",
        "Work (What You'll Do)",
        "How you'll spend your time",
        "Also on your plate",
    ] {
        assert_eq!(section_kind(h), Some(SectionKind::Duties), "{h:?}");
    }
    // A description of the role: its prose is not the duty list.
    for h in [
        "The role",
        "The Role",
        "About the role",
        "About this role",
        "Your impact",
        "Your role",
        "The opportunity",
        "Your mission",
        "Job description",
        "Overview",
        "Position Summary",
        "About the job",
    ] {
        assert_eq!(section_kind(h), Some(SectionKind::Overview), "{h:?}");
    }
}

#[test]
fn section_kind_requirements_headings() {
    for h in [
        "Requirements",
        "requirements:",
        "Qualifications",
        "Minimum Qualifications",
        "What you bring",
        "What you’ll bring",
        "What we're looking for",
        "What We’re Looking For:",
        "About you",
        "Who you are",
        "Skills",
        "Skills & Experience",
        "Skills and responsibilities",
        "Experience",
        "Must-have",
        "The ideal candidate",
        "_Requirements_",
        "What We're Seeking",
        "Things that catch our eye",
        "We'd Love To Hear From You If...",
        "You",
        "Key software skills",
        "Your Skill Set",
    ] {
        assert_eq!(section_kind(h), Some(SectionKind::Requirements), "{h:?}");
    }
    for h in [
        "Nice to have",
        "Nice-to-haves",
        "Bonus points",
        "Bonus points if you have",
        "Preferred Qualifications",
        "What Will Make You Stand Out",
    ] {
        assert_eq!(section_kind(h), Some(SectionKind::NiceToHave), "{h:?}");
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
        "Total rewards",
        "What's in it for you",
        "Why join us?",
        "Our Offer to You",
    ] {
        assert_eq!(section_kind(h), Some(SectionKind::Benefits), "{h:?}");
    }
    for h in [
        "Compensation",
        "Compensation and benefits",
        "Salary",
        "Base Pay Range",
        "Pay Transparency",
    ] {
        assert_eq!(section_kind(h), Some(SectionKind::Pay), "{h:?}");
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
        "GET TO KNOW US",
    ] {
        assert_eq!(section_kind(h), Some(SectionKind::AboutCompany), "{h:?}");
    }
    for h in ["The team", "About the Team", "Team & Environment"] {
        assert_eq!(section_kind(h), Some(SectionKind::AboutTeam), "{h:?}");
    }
    for h in [
        "Equal opportunity employer",
        "Interview process",
        "Diversity, Equity, and Belonging at Acme",
        "Privacy notice",
        "Disclaimer",
    ] {
        assert_eq!(section_kind(h), Some(SectionKind::Legal), "{h:?}");
    }
    for h in ["How to apply", "Next steps", "Interested?"] {
        assert_eq!(section_kind(h), Some(SectionKind::HowToApply), "{h:?}");
    }
    for h in [
        "Location",
        "Our tech stack",
        "Travel/Work Conditions",
        "How success here is measured by us",
    ] {
        assert_eq!(section_kind(h), Some(SectionKind::Other), "{h:?}");
    }
    // Sub-headings of a duty list stay unrecognised, even with a generic word in them.
    for h in [
        "",
        "###",
        "Director of Engineering",
        "People leadership",
        "Culture & Hiring Practice",
        "Team Development",
        "Autonomy with Responsibility",
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
        ("The role", Some(SectionKind::Overview)),
        ("Your impact", Some(SectionKind::Overview)),
        ("In this role you will", Some(SectionKind::Duties)),
        ("In this role, you will:", Some(SectionKind::Duties)),
        (
            "As our VP of Engineering, you'll:",
            Some(SectionKind::Duties),
        ),
        ("Duties", Some(SectionKind::Duties)),
        ("*Benefits*", Some(SectionKind::Benefits)),
        ("PERKS", Some(SectionKind::Benefits)),
        ("About Saltmarsh Robotics", Some(SectionKind::AboutCompany)),
        ("Who we are:", Some(SectionKind::AboutCompany)),
        ("# Director of Engineering", None),
        ("People leadership:", None),
        ("**Platform and reliability**", None),
        // Plain-text headings: ALL CAPS, Title Case, in emoji or brackets, ending in "...".
        ("GET TO KNOW US", Some(SectionKind::AboutCompany)),
        (
            "QUALIFICATIONS AND EDUCATION REQUIREMENTS:",
            Some(SectionKind::Requirements),
        ),
        ("Leadership & Strategy", None),
        ("Qualifications & Skills", Some(SectionKind::Requirements)),
        ("🚀 About the Role", Some(SectionKind::Overview)),
        ("🔨 What You'll Do", Some(SectionKind::Duties)),
        ("[Responsibilities]", Some(SectionKind::Duties)),
        ("【Benefits】", Some(SectionKind::Benefits)),
        ("== Perks ==", Some(SectionKind::Benefits)),
        ("What you'll do...", Some(SectionKind::Duties)),
        ("Why Join?", Some(SectionKind::Benefits)),
        ("Advocate and connect across teams and partners:", None),
    ];
    for (line, kind) in cases {
        assert_heading(line, *kind);
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
        "Travel up to 10% within the region",
        "Lead a strong team through hard engineering problems.",
        "What makes you curious?",
        "🔶 Competitive base, bonus and equity",
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
    // Not bullets (a title-like line in Title Case may be a heading).
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
            matches!(
                classify_line(line),
                LineKind::Text { .. } | LineKind::Heading { .. }
            ),
            "{line:?} should not be a bullet: {:?}",
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
    let text = "Responsibilities\n\
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

    let mac =
        "VP of Engineering\rResponsibilities:\r- Own the department budget\r- Report to the CEO\r";
    let p = parse_posting(mac, None);
    assert_eq!(p.claimed_level, Level::Vp);
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
    assert_eq!(p.claimed_level, Level::Unknown);
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
    assert_eq!(p.claimed_level, Level::Vp);
    assert_eq!(texts(&p), vec!["Lead the three squads well."]);
}

// -----------------------------------------------------------------------------------------
// Sections and skipping
// -----------------------------------------------------------------------------------------

#[test]
fn posting_without_headings_uses_every_statement_like_line() {
    // No duty heading: lines are duties when they read as duties (a verb of doing, "You
    // will"), not when they read as a company blurb or a benefit.
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
        vec!["You will own the department budget.", "Report to the CEO"]
    );
    assert!(p.statements.iter().all(|s| s.section.is_none()));
    assert_eq!(
        skipped_with(&p, "Hiring").map(|s| s.reason.as_str()),
        Some("section heading (unknown)")
    );
    assert_eq!(
        skipped_with(&p, "Acme builds tools for bakeries.").map(|s| s.reason.as_str()),
        Some("before the first section heading: a line that does not read as a duty (no duty heading in the posting)")
    );
    assert_eq!(
        skipped_with(&p, "We offer equity and a pension.").map(|s| s.reason.as_str()),
        Some("reads as a benefit")
    );
}

#[test]
fn lines_under_non_duty_headings_are_skipped_with_reasons() {
    let text = "# Director of Engineering\n\
                Acme Robotics, Berlin, hybrid\n\
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
        reason("Acme Robotics, Berlin, hybrid"),
        "before the first section heading"
    );
    assert_eq!(reason("About us"), "section heading (about the company)");
    assert_eq!(
        reason("Acme builds robots for warehouses."),
        "under \"About us\" heading (about the company)"
    );
    assert_eq!(
        reason("Twelve engineers in two squads."),
        "under \"The team\" heading (about the team)"
    );
    assert_eq!(reason("Responsibilities"), "section heading (duties)");
    assert_eq!(reason("People leadership"), "section heading (unknown)");
    assert_eq!(
        reason("Ten years of experience in robotics"),
        "under \"Requirements\" heading (requirements)"
    );
    assert_eq!(
        reason("Experience with ROS and Rust"),
        "under \"Preferred\" heading (nice to have)"
    );
    assert_eq!(
        reason("A pension plan and thirty days off"),
        "under \"Benefits\" heading (benefits)"
    );
    assert_eq!(
        reason("Send us your CV by email please."),
        "under \"How to apply\" heading (how to apply)"
    );
    assert_eq!(reason("Director of Engineering"), "job title");
}

#[test]
fn unknown_other_headings_inherit_from_the_recognised_heading_above() {
    // After About: skipped. Before any recognised heading with a Duties heading later:
    // skipped. Without any Duties heading: duties, when they read as duties.
    let text = "Director of Engineering\n\
                Our product:\n\
                You will lead the mobile squads.\n\
                About us:\n\
                We sell bread online.\n\
                Fun facts:\n\
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
        "under \"Our product\" heading (other, before the first recognised section)"
    );
    assert_eq!(
        reason("Rust and Postgres on our own servers."),
        "under \"Fun facts\" heading (other, after \"About us\" (about the company))"
    );

    let no_duties_heading = "Director of Engineering\n\
                             Our product:\n\
                             You will lead the mobile squads.\n\
                             Requirements:\n\
                             - Five years of Kotlin experience\n";
    let p = parse_posting(no_duties_heading, None);
    assert_eq!(texts(&p), vec!["You will lead the mobile squads."]);
    assert_eq!(
        p.statements.first().and_then(|s| s.section.as_deref()),
        Some("Our product")
    );

    // A Markdown heading of the same level as the duty heading above is not under it.
    let sibling = "## Responsibilities\n\
                   - Run sprint planning with the leads\n\
                   ## Fun facts\n\
                   - Run Postgres on our own servers\n\
                   ### People\n\
                   - Mentor the two newest team leads\n";
    let p = parse_posting(sibling, Some("Director of Engineering"));
    assert_eq!(texts(&p), vec!["Run sprint planning with the leads"]);
    assert_eq!(
        skipped_with(&p, "Run Postgres on our own servers").map(|s| s.reason.as_str()),
        Some("under \"Fun facts\" heading (other, not under \"Responsibilities\" (duties): a heading of its level)")
    );
    // ... but a deeper one is.
    let deeper = sibling
        .replace("## Fun facts", "### Fun facts")
        .replace("### People", "#### People");
    let p = parse_posting(&deeper, Some("Director of Engineering"));
    assert_eq!(texts(&p).len(), 3, "{:?}", texts(&p));
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
        "job metadata (Reports to)"
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
fn a_reports_to_field_is_metadata_and_a_reporting_duty_is_a_duty() {
    // A header's "Reports to:" field is job metadata (the real development set's readers count
    // no such field as a duty); reporting worded as a duty is one.
    let text = "VP of Engineering\nReports to: the CEO of Acme\nReport to the CEO on delivery every month\nShips: weekly\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(texts(&p), vec!["Report to the CEO on delivery every month"]);
    assert_eq!(
        reason_of(&p, "Reports to: the CEO"),
        "job metadata (Reports to)"
    );
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
    assert_eq!(p.claimed_level, Level::Director);
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
    assert_eq!(reason_of(&p, "Reports to:"), "job metadata (Reports to)");
    assert_eq!(
        reason_of(&p, "Larkspur Logistics builds"),
        "under \"About us\" heading (about the company)"
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
    assert_eq!(p.claimed_level, Level::Vp);
    assert_sectioned(&p, "What you'll do", 10);
    assert_eq!(
        statement(&p, "Lead annual planning").text,
        "Lead annual planning for the whole engineering organization and set its goals for the next year and beyond"
    );
    assert_eq!(statement(&p, "Report directly to the CEO").line, 19);
    assert_eq!(reason_of(&p, "Job title:"), "job title");
    // A short Title Case line is a heading, of no kind we know.
    assert_eq!(
        reason_of(&p, "Quillfeather Health"),
        "section heading (unknown)"
    );
    assert_eq!(
        reason_of(&p, "Quillfeather makes"),
        "under \"About Quillfeather\" heading (about the company)"
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
    assert_eq!(p.claimed_level, Level::Director);
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
        "under \"Who we are\" heading (about the company)"
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
    assert_eq!(p.claimed_level, Level::Vp);
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
        "under \"About the company\" heading (about the company)"
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
    // No heading at all: the duties are the sentences that read as duties; the company blurb,
    // the requirements prose, the offer and the contact line do not.
    let p = parse_posting(NO_HEADINGS, None);
    assert_eq!(
        p.title.as_deref(),
        Some("Vice-President, Engineering at Saltmarsh Robotics")
    );
    assert_eq!(p.claimed_level, Level::Vp);
    assert!(p.statements.iter().all(|s| s.section.is_none()));
    assert_eq!(p.statements.len(), 7, "{:#?}", texts(&p));
    assert!(p
        .statements
        .iter()
        .all(|s| s.text.starts_with("You will") || s.text.contains(" you will ")));
    assert_eq!(statement(&p, "You will report directly to the CEO").line, 8);
    assert_eq!(
        statement(&p, "You will set the recruiting strategy").text,
        "You will set the recruiting strategy for the department and shape how we hire and onboard engineers at every site."
    );
    assert_eq!(
        reason_of(&p, "Founded in 2017"),
        "before the first section heading: a sentence that does not read as a duty (no duty heading in the posting)"
    );
    assert_eq!(
        reason_of(&p, "A background in robotics"),
        "reads as a requirement"
    );
    assert_eq!(
        reason_of(&p, "Questions?"),
        "before the first section heading: a list that does not read as duties (no duty heading in the posting)"
    );
    assert_eq!(reason_of(&p, "Vice-President, Engineering"), "job title");
}

#[test]
fn fixture_markdown_nested() {
    let p = parse_posting(MARKDOWN_NESTED, None);
    assert_eq!(
        p.title.as_deref(),
        Some("Senior Director of Engineering, Payments Platform")
    );
    assert_eq!(p.claimed_level, Level::Director);
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
        "under \"About Brightwater Pay\" heading (about the company)"
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
    assert_eq!(p.claimed_level, Level::Director);
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
        "under \"ABOUT US\" heading (about the company)"
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
    assert_eq!(p.claimed_level, Level::Director);
    assert_eq!(texts(&p), Vec::<&str>::new());
    assert_eq!(
        reason_of(&p, "Fennel & Finch is"),
        "under \"About us\" heading (about the company)"
    );
    assert_eq!(
        reason_of(&p, "3+ years managing"),
        "under \"Requirements\" heading (requirements)"
    );
    assert_eq!(
        reason_of(&p, "Familiarity with Elixir"),
        "under \"Nice to have\" heading (nice to have)"
    );
    assert_eq!(
        reason_of(&p, "A generous book allowance"),
        "under \"Benefits\" heading (benefits)"
    );
    assert_eq!(
        reason_of(&p, "Send a short note"),
        "under \"How to apply\" heading (how to apply)"
    );
}

#[test]
fn fixtures_keep_the_invariants_and_override_the_title() {
    for (name, text) in ALL_FIXTURES {
        let p = parse_posting(text, None);
        check_invariants(text, &p);
        let lines = split_lines(text).count();
        assert!((15..=71).contains(&lines), "{name} has {lines} lines");
        let o = parse_posting(text, Some("Head of Engineering"));
        check_invariants(text, &o);
        assert_eq!(o.title.as_deref(), Some("Head of Engineering"), "{name}");
        assert_eq!(o.claimed_level, Level::Unknown, "{name}");
        // Every fixture has a title line of its own (a heading, a `Title:` line or front
        // matter), not a first-line guess: the override changes nothing else.
        assert_eq!(
            o.statements, p.statements,
            "{name}: the override changed the statements"
        );
    }
}

#[test]
fn main_heading_wins_the_title() {
    let cases: &[(&str, Option<&str>)] = &[
        // A `Position:` line that is not a job title does not win over the main heading.
        (
            "# Director of Engineering\n**Position:** Full-time, permanent\n## Responsibilities\n- Run sprint planning with the team leads\n",
            Some("Director of Engineering"),
        ),
        // The main heading wins over a plain first line.
        (
            "Acme Robotics careers page\n\n# VP of Engineering\n\n## Responsibilities\n- Own the department budget\n",
            Some("VP of Engineering"),
        ),
        // ... also when the plain first line names a level too.
        (
            "Director of Engineering opening at Acme\n\n# VP of Engineering\n\n## Responsibilities\n- Own the department budget\n",
            Some("VP of Engineering"),
        ),
        // The first line with a level wins over headings without one.
        (
            "VP of Engineering\n\n# Acme Robotics\n\nWe build robots.\n",
            Some("VP of Engineering"),
        ),
        // A `Role:` bullet is never the title.
        (
            "Acme Robotics\n\n- Role: Head of Platform\n- Team: Platform\n",
            Some("Acme Robotics"),
        ),
        // YAML front matter's title, without its quotes.
        (
            "---\ntitle: \"VP of Engineering\"\nlocation: Remote\n---\n\nAcme builds robots.\n",
            Some("VP of Engineering"),
        ),
        // HTML: `<h1>` (a heading) wins, else `<title>`; never `<!DOCTYPE html>`.
        (
            "<!DOCTYPE html>\n<html><head><title>Careers at Acme</title></head>\n<body><h1>VP of Engineering</h1><p>Acme builds robots.</p></body></html>\n",
            Some("VP of Engineering"),
        ),
        (
            "<!DOCTYPE html>\n<html><head><title>Director of Engineering | Acme</title></head>\n<body><p>Acme builds robots.</p></body></html>\n",
            Some("Director of Engineering | Acme"),
        ),
    ];
    for (text, want) in cases {
        let p = parse_posting(text, None);
        check_invariants(text, &p);
        assert_eq!(p.title.as_deref(), *want, "{text:?}");
    }
}

/// A careers page saved before its script ran: nothing visible but a menu, the posting in its
/// schema.org data.
fn script_rendered_page(json_ld: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><title>Careers | Quarrystone</title>\n\
         <script type=\"application/ld+json\">{json_ld}</script>\n\
         <script>window.track = function () {{ return 'Own the budget'; }};</script>\n\
         </head><body><nav><a href=\"/\">Home</a> <a href=\"/jobs\">Jobs</a></nav>\n\
         <div id=\"root\"></div></body></html>\n"
    )
}

#[test]
fn a_page_whose_posting_is_only_in_its_job_posting_data_is_read_from_it() {
    // The description escaped once more, as many pages carry it.
    let page = script_rendered_page(
        r#"{"@context": "https://schema.org", "@type": "JobPosting",
            "title": "VP of Engineering",
            "description": "&lt;p&gt;&lt;strong&gt;Responsibilities&lt;/strong&gt;&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Own the engineering department budget and report on it to the CEO&lt;/li&gt;&lt;li&gt;Present the technology roadmap to the board every quarter&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;&lt;strong&gt;Requirements&lt;/strong&gt;&lt;/p&gt;&lt;ul&gt;&lt;li&gt;10+ years leading engineering groups&lt;/li&gt;&lt;/ul&gt;"}"#,
    );
    let p = parse_posting(&page, None);
    check_invariants(&page, &p);
    assert_eq!(p.title.as_deref(), Some("VP of Engineering"));
    assert_eq!(p.claimed_level, Level::Vp);
    assert_eq!(
        texts(&p),
        vec![
            "Own the engineering department budget and report on it to the CEO",
            "Present the technology roadmap to the board every quarter",
        ]
    );
    // Its lines are the `<script>`'s line.
    assert!(p.statements.iter().all(|s| s.line == 3), "{p:?}");

    // Unescaped HTML, a list of types, inside an `@graph`.
    let page = script_rendered_page(
        r#"{"@graph": [{"@type": "Organization", "name": "Quarrystone"},
            {"@type": ["JobPosting"], "title": "Director of Engineering, Fleet",
             "description": "<h3>What you will do</h3><ul><li>Run sprint planning with the three fleet team leads</li></ul>"}]}"#,
    );
    let p = parse_posting(&page, None);
    check_invariants(&page, &p);
    assert_eq!(p.title.as_deref(), Some("Director of Engineering, Fleet"));
    assert_eq!(
        texts(&p),
        vec!["Run sprint planning with the three fleet team leads"]
    );

    // A plain-text description: its line breaks end its lines.
    let page = script_rendered_page(
        r#"{"@type": "JobPosting", "title": "VP of Engineering", "description": "Responsibilities:\n- Own the engineering department budget\n- Report to the CEO on delivery every month"}"#,
    );
    let p = parse_posting(&page, None);
    check_invariants(&page, &p);
    assert_eq!(
        texts(&p),
        vec![
            "Own the engineering department budget",
            "Report to the CEO on delivery every month"
        ]
    );
}

#[test]
fn job_posting_data_is_not_read_when_the_page_shows_the_posting() {
    // The same duties visible and in the data: read once, from the page, with the page's lines.
    let page = "<!DOCTYPE html>\n<html><head><title>Director of Engineering | Acme</title>\n\
        <script type=\"application/ld+json\">{\"@type\": \"JobPosting\", \"title\": \"Director\", \
        \"description\": \"<ul><li>Run sprint planning with the team leads</li></ul>\"}</script>\n\
        </head><body>\n<h1>Director of Engineering</h1>\n<h2>Responsibilities</h2>\n\
        <ul><li>Run sprint planning with the team leads</li></ul>\n</body></html>\n";
    let p = parse_posting(page, None);
    check_invariants(page, &p);
    assert_eq!(p.title.as_deref(), Some("Director of Engineering"));
    assert_eq!(texts(&p), vec!["Run sprint planning with the team leads"]);
    assert_eq!(p.statements[0].line, 7);

    // Data that is no valid JSON, or no job posting, is ignored.
    for json_ld in [
        r#"{"@type": "JobPosting", "description": "<ul><li>Own the budget"#,
        r#"{"@type": "WebPage", "description": "<ul><li>Own the engineering department budget</li></ul>"}"#,
        r#"[1, "two", null]"#,
    ] {
        let page = script_rendered_page(json_ld);
        let p = parse_posting(&page, None);
        check_invariants(&page, &p);
        assert!(p.statements.is_empty(), "{json_ld}: {p:?}");
        assert_eq!(p.title.as_deref(), Some("Careers | Quarrystone"));
    }
}

#[test]
fn html_postings_are_read_as_html() {
    let p = parse_posting(PAGE_HTML, None);
    check_invariants(PAGE_HTML, &p);
    assert_eq!(p.title.as_deref(), Some("VP of Engineering"));
    assert_eq!(p.claimed_level, Level::Vp);
    assert_eq!(
        texts(&p),
        vec![
            "Own the engineering department budget and the hiring plan",
            "Report to the CEO and present engineering results to the board",
            "Set the multi-year technology strategy with the CTO",
            "Meet our largest customers and investors with the sales team",
        ]
    );
    // Line numbers are the input's; the wrapped item starts on its `<li>` line.
    let lines: Vec<usize> = p.statements.iter().map(|s| s.line).collect();
    assert_eq!(lines, vec![16, 17, 18, 20]);
    // No tag, style, script or comment text anywhere.
    for text in p
        .statements
        .iter()
        .map(|s| &s.text)
        .chain(p.skipped.iter().map(|s| &s.text))
    {
        assert!(!text.contains(['<', '>', '{']), "{text:?}");
        assert!(!text.contains("Lead the team"), "{text:?}");
    }
    assert_eq!(
        reason_of(&p, "12+ years"),
        "under \"Requirements\" heading (requirements)"
    );
}

#[test]
fn an_overridden_title_leaves_the_first_line_as_content() {
    // With --title, the first line is not guessed to be the title: here it is a duty.
    let text = "Own the department budget and present it to the board every quarter\n\
                - Report to the CEO on the progress of the engineering organization\n\
                - Set the recruiting strategy for the whole department\n";
    let p = parse_posting(text, Some("Director of Engineering"));
    assert_eq!(p.title.as_deref(), Some("Director of Engineering"));
    assert_eq!(
        texts(&p),
        vec![
            "Own the department budget and present it to the board every quarter",
            "Report to the CEO on the progress of the engineering organization",
            "Set the recruiting strategy for the whole department",
        ]
    );
    assert!(p.skipped.iter().all(|s| s.reason != "job title"));
    // Without the override the first line is the title guess, as before.
    let plain = parse_posting(text, None);
    assert_eq!(plain.statements.len(), 2);
    // A title the text marks as one (a heading) is still the text's title line.
    let marked = format!("# VP of Engineering\n{text}");
    let p = parse_posting(&marked, Some("Director of Engineering"));
    assert_eq!(p.statements.len(), 3);
    assert_eq!(reason_of(&p, "VP of Engineering"), "job title");
}

#[test]
fn a_table_header_row_is_not_a_duty() {
    let p = parse_posting(FRONT_MATTER_TABLE, None);
    assert_eq!(
        p.title.as_deref(),
        Some("Director of Engineering, Payments")
    );
    assert_eq!(reason_of(&p, "Duty; Cadence"), "table header row");
    assert_eq!(reason_of(&p, "Requirement; Detail"), "table header row");
    assert_eq!(
        texts(&p),
        vec![
            "Run sprint planning with the payments team leads; every two weeks",
            "Own the budget for the card-terminal migration project; each quarter",
            "Review the bug counts of each release with the squads; every release",
            "Report the teams' progress to the VP of Engineering; weekly",
        ]
    );
    assert_eq!(reason_of(&p, "location:"), "front matter");
    // A header row alone (no delimiter row below it) is an ordinary row.
    let p = parse_posting(
        "## Responsibilities\n| Run sprint planning with the team leads |\n",
        Some("Director of Engineering"),
    );
    assert_eq!(texts(&p), vec!["Run sprint planning with the team leads"]);
}

#[test]
fn requirement_and_benefit_lines_are_skipped_inside_a_duty_section() {
    let p = parse_posting(BOLD_AND_CAPS, None);
    assert_eq!(p.statements.len(), 4, "{:#?}", texts(&p));
    assert_eq!(
        reason_of(&p, "Deep knowledge of Java"),
        "reads as a requirement"
    );
    assert_eq!(
        reason_of(&p, "Ability to build trust"),
        "reads as a requirement"
    );
    let p = parse_posting(OVERVIEW_ONLY, None);
    assert_eq!(reason_of(&p, "Flexible hours"), "reads as a benefit");
    for (line, reason) in [
        ("10+ years of experience with Go", "reads as a requirement"),
        (
            "Experience with Kubernetes is a plus",
            "reads as a requirement",
        ),
        (
            "Bachelor's degree in computer science",
            "reads as a requirement",
        ),
        (
            "Proven track record of scaling teams",
            "reads as a requirement",
        ),
        (
            "The base salary range is $150,000 to $180,000",
            "reads as pay",
        ),
        ("401(k) with a company match", "reads as a benefit"),
        (
            "We are an equal opportunity employer",
            "reads as equal-opportunity or legal text",
        ),
        (
            "We encourage you to apply even if you miss a skill",
            "reads as an invitation to apply",
        ),
        (
            "Apply for this job Share this job on LinkedIn",
            "reads as an invitation to apply",
        ),
    ] {
        let text = format!("## Responsibilities\n- {line}\n- Run sprint planning with the leads\n");
        let p = parse_posting(&text, Some("Director"));
        assert_eq!(
            texts(&p),
            vec!["Run sprint planning with the leads"],
            "{line}"
        );
        assert_eq!(reason_of(&p, line), reason, "{line}");
    }
}

#[test]
fn plain_text_emoji_bracket_and_flattened_headings() {
    let p = parse_posting(PLAIN_TEXT_HEADINGS, None);
    assert_eq!(p.statements.len(), 6, "{:#?}", texts(&p));
    assert_eq!(
        statement(&p, "Run sprint planning").section.as_deref(),
        Some("Run the delivery rhythm of the group")
    );
    assert_eq!(
        reason_of(&p, "What's nice to have"),
        "section heading (nice to have)"
    );
    assert_eq!(
        reason_of(&p, "Experience with Kafka"),
        "under \"What you'll need\" heading (requirements)"
    );
    assert!(reason_of(&p, "$190,000").contains("(nice to have)"));

    let p = parse_posting(EMOJI_AND_BRACKETS, None);
    assert_eq!(p.statements.len(), 5, "{:#?}", texts(&p));
    assert!(p
        .statements
        .iter()
        .all(|s| s.section.as_deref() == Some("What You'll Do")));
    assert_eq!(reason_of(&p, "Benefits"), "section heading (benefits)");
    assert_eq!(
        reason_of(&p, "How to apply"),
        "section heading (how to apply)"
    );

    let p = parse_posting(FLATTENED, None);
    assert_eq!(
        texts(&p),
        vec![
            "Own the engineering department budget and the hiring plan for the year.",
            "Present engineering progress to the board and investors every quarter.",
            "Set the long-term technology strategy with the CEO and the product leadership team.",
            "Build and lead a team of engineering directors and managers.",
            "Represent engineering at executive staff meetings and in customer escalations",
            "Set the goals of the engineering organization for the next year",
            "Drive the annual planning process across product and engineering",
            "Measure the return on investment of platform work and report it to the CEO",
            "Approve the purchase of tools and systems for the department",
        ]
    );
    assert_eq!(
        reason_of(&p, "Job Requirements"),
        "section heading (requirements)"
    );
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

#[test]
fn a_run_on_sentence_is_cut_before_a_duty_verb_but_not_inside_a_name() {
    let pieces = |s: &str| -> Vec<String> {
        super::sentences::split_run_on(s)
            .into_iter()
            .map(|(_, p)| p.to_string())
            .collect()
    };
    // Items pasted together: cut before "Own" (after a lower-case word).
    let run_on = "Report on the platform team's sprint goals and its open incidents every week \
                  Own the release checklist for the mobile apps and their store listings";
    assert_eq!(pieces(run_on).len(), 2, "{:?}", pieces(run_on));
    // "Source" is a duty verb ("Source candidates"), but after "Open" it is part of a name.
    let name = "Grow the Open Source communities around our developer tools, welcoming outside \
                contributors and the experience they bring to the project";
    assert_eq!(pieces(name), vec![name.to_string()]);
}

// -------------------------------------------------------------------------------------------
// Conventions of postings the first fixtures did not cover (tests/fixtures/formats/).

#[test]
fn a_known_heading_and_its_first_line_can_share_a_line() {
    let text = "Director of Engineering\n\n\
                About us: Acme makes irrigation sensors for growers.\n\n\
                Responsibilities: Lead the platform and data teams.\n\
                - Own the budget for the department\n\
                Culture: Build a culture of ownership in every team.\n\
                Impact: Drive down cloud costs by a fifth.\n\n\
                Requirements: 10+ years in software.\n\
                - Deep knowledge of Kafka\n\n\
                Location: Remote\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Lead the platform and data teams.",
            "Own the budget for the department",
            // A duty under a sub-area named like a section stays a duty.
            "Culture: Build a culture of ownership in every team.",
            "Impact: Drive down cloud costs by a fifth.",
        ]
    );
    assert_eq!(
        statement(&p, "Lead the platform").section.as_deref(),
        Some("Responsibilities")
    );
    let about = skipped_with(&p, "Acme makes irrigation sensors for growers.").unwrap();
    assert!(about.reason.contains("about the company"), "{about:?}");
    assert_eq!(
        skipped_with(&p, "Location: Remote").unwrap().reason,
        "job metadata (Location)"
    );
    // A title field is still the title, not an overview heading ("Role" is one).
    let p = parse_posting("Acme\nRole: VP of Engineering\n\n- Own the budget\n", None);
    assert_eq!(p.title.as_deref(), Some("VP of Engineering"));
}

#[test]
fn unfinished_conditions_and_known_questions_are_headings() {
    let cases: &[(&str, SectionKind)] = &[
        ("You'll thrive if", SectionKind::Requirements),
        ("You might be a fit if you have", SectionKind::Requirements),
        ("You'd be a star if", SectionKind::Requirements),
        ("Bonus if you have", SectionKind::NiceToHave),
        ("It'd be great if you have", SectionKind::NiceToHave),
        ("What you'll be accountable for", SectionKind::Duties),
        ("Why you'll love working here", SectionKind::Benefits),
        ("What success looks like", SectionKind::Other),
        ("Why Tidewell?", SectionKind::Benefits),
        ("Why Tidewell", SectionKind::Benefits),
        // Asked as a question: read in the order of a statement.
        ("What will you do?", SectionKind::Duties),
        ("How will you contribute?", SectionKind::Duties),
        ("Who are you?", SectionKind::Requirements),
        ("What do you bring?", SectionKind::Requirements),
        ("Sound like you?", SectionKind::HowToApply),
    ];
    for (line, kind) in cases {
        assert_heading(line, Some(*kind));
    }
    for line in [
        "What makes you curious?",
        "What will you learn in your first week?",
        "Who are our customers?",
        "What we build matters to millions of growers",
        "Lead the teams through the season if you can",
    ] {
        assert!(
            matches!(classify_line(line), LineKind::Text { .. }),
            "{line:?} should not be a heading: {:?}",
            classify_line(line)
        );
    }
}

#[test]
fn more_heading_wordings_are_known() {
    let cases: &[(&str, Option<SectionKind>)] = &[
        ("Areas of Responsibility", Some(SectionKind::Duties)),
        ("Key Objectives", Some(SectionKind::Duties)),
        ("What You'll Lead", Some(SectionKind::Duties)),
        ("What We Need You to Do", Some(SectionKind::Duties)),
        ("Your Contributions", Some(SectionKind::Duties)),
        ("R&R", Some(SectionKind::Duties)),
        ("The Impact You'll Make", Some(SectionKind::Overview)),
        ("How You'll Make an Impact", Some(SectionKind::Overview)),
        ("The Challenge", Some(SectionKind::Overview)),
        ("Ideal Profile", Some(SectionKind::Requirements)),
        (
            "What Makes You a Great Fit",
            Some(SectionKind::Requirements),
        ),
        ("Need to have", Some(SectionKind::Requirements)),
        ("Extra points", Some(SectionKind::NiceToHave)),
        ("What we'd love to see", Some(SectionKind::NiceToHave)),
        ("What you can expect from us", Some(SectionKind::Benefits)),
        ("Why We're Here", Some(SectionKind::AboutCompany)),
        ("Team Structure", Some(SectionKind::AboutTeam)),
        ("To recruiters and agencies", Some(SectionKind::Legal)),
        ("Export Control", Some(SectionKind::Legal)),
        ("What happens next", Some(SectionKind::HowToApply)),
        ("Working Conditions", Some(SectionKind::Other)),
        // A recruiter's headings.
        ("Essential criteria", Some(SectionKind::Requirements)),
        ("Person specification", Some(SectionKind::Requirements)),
        ("What's on offer", Some(SectionKind::Benefits)),
        // A benefit named with the word, not the duty list.
        ("Autonomy with Responsibility", None),
    ];
    for (heading, kind) in cases {
        assert_eq!(section_kind(heading), *kind, "{heading:?}");
    }
}

#[test]
fn duties_in_the_third_person_or_named_by_a_noun_read_as_duties() {
    assert_duty_wording(
        &[
            "The Director will set the technical direction for the platform.",
            "The VP leads a department of 120 engineers.",
            "This role owns the engineering budget and headcount plan.",
            "The Director of Engineering is responsible for hiring and retention.",
            "In addition, the Director will also mentor team leads.",
            "The Director of Engineering will be accountable for uptime.",
            "You're accountable for uptime across all services.",
            // "You will" after a time phrase of up to five words.
            "A few times each quarter you'll sit in on customer calls.",
            "As Director, you are responsible for the release calendar.",
            "Will lead the platform and infrastructure teams.",
            "Co-own the roadmap with the product director.",
            "Responsibilities include hiring, coaching and performance reviews.",
            "Oversight of all engineering teams and their managers.",
            "Ownership of the engineering budget and vendor contracts.",
            "Stand up a platform engineering group.",
            "Spin up new teams as the company grows.",
            "Weigh in on architecture decisions for critical systems.",
            "Agree on engineering goals for the next two quarters with the CTO.",
            // A pronoun or "the successful candidate" standing for the role.
            "They will work closely with the CTO to shape the roadmap.",
            "In addition, they will manage the engineering budget.",
            "He or she will lead the platform group.",
            "The successful candidate will be responsible for delivery across all teams.",
            // The reporting line as an imperative or a `Reports to:` line is still kept.
            "Report to the CEO on delivery every month.",
        ],
        &[
            "The successful candidate has eight years of experience.",
            "The ideal candidate will bring deep expertise in payments.",
            "The role is based in Denver.",
            "Our team values ownership.",
            "Leadership matters to us.",
            "The Director reported great results last year.",
            "They will love working with our team.",
            "You'll probably enjoy this role if you like physical products.",
            "You will thrive here if you like ambiguity.",
            "They are now looking for a Head of Engineering.",
            // The role's reporting line describes its place, not a duty.
            "This role reports to the VP of Engineering and works closely with Product.",
            "The position reports directly to the CTO.",
            "The Director will report to the CTO.",
            "They will report to the Chief Operating Officer.",
        ],
    );
}

#[test]
fn requirements_worded_without_the_usual_openers_are_not_duties() {
    use super::wording::non_duty_reason;
    for req in [
        "Ten years of software engineering experience",
        "At least fifteen years in software",
        "Led a migration from batch pipelines to streaming.",
        "Built and scaled distributed systems",
        "Managed budgets of $20M or more",
        "You've scaled an engineering team from 20 to 100 people",
        "You have led organisations of 50+ engineers",
        "Senior leadership experience in insurance",
        "Previous experience leading managers",
        "Advanced degree in computer science",
        "Willingness to travel up to 20%",
        "A proven leader who builds trust quickly",
        "Someone who has built platforms at scale",
        "Knowledgeable about cloud security",
        "Strong sense of ownership",
        "Startup background is a big plus",
    ] {
        assert_eq!(
            non_duty_reason(req),
            Some("reads as a requirement"),
            "{req:?}"
        );
    }
    for duty in [
        "Improve the developer experience across teams",
        "Lead the platform teams",
        "Set the hiring plan for the department",
        "Embed security reviews in every team",
        "Build a diverse engineering team",
        "Grow our remote-first team across three continents",
        "Work from first principles on the build-versus-buy question",
        "Own a $40M annual budget",
        "Reports to the CEO",
    ] {
        assert_eq!(non_duty_reason(duty), None, "{duty:?}");
    }
}

#[test]
fn pay_benefit_legal_and_board_lines_in_other_forms_are_not_duties() {
    use super::wording::non_duty_reason;
    let cases: &[(&str, &str)] = &[
        ("£120k–£140k + equity", "reads as pay"),
        ("120.000 € – 140.000 € per year", "reads as pay"),
        ("$200K - $250K base + equity", "reads as pay"),
        ("Base: $180,000 - $220,000", "reads as pay"),
        ("USD 180,000 to 210,000", "reads as pay"),
        ("RSUs vesting over four years", "reads as pay"),
        ("Annual bonus of up to 20%", "reads as pay"),
        (
            "This role is eligible for equity and a yearly bonus",
            "reads as a benefit",
        ),
        (
            "Hybrid working: two days a week in the office",
            "reads as a benefit",
        ),
        (
            "Remote-first team with quarterly meetups",
            "reads as a benefit",
        ),
        ("Employee stock purchase plan", "reads as a benefit"),
        (
            "Private medical cover for you and your family",
            "reads as a benefit",
        ),
        (
            "We sponsor visas",
            "reads as equal-opportunity or legal text",
        ),
        (
            "We are committed to building a diverse team",
            "reads as equal-opportunity or legal text",
        ),
        (
            "Crestmoor is an EEO/AA employer.",
            "reads as equal-opportunity or legal text",
        ),
        (
            "Posted 3 days ago",
            "reads as job-board text (when it was posted)",
        ),
        (
            "Posted 30+ days ago",
            "reads as job-board text (when it was posted)",
        ),
    ];
    for (line, reason) in cases {
        assert_eq!(non_duty_reason(line), Some(*reason), "{line:?}");
    }
}

#[test]
fn a_word_processor_o_bullet_is_a_bullet() {
    assert_eq!(
        strip_bullet("o Supervise the software managers"),
        Some("Supervise the software managers")
    );
    assert_eq!(
        strip_bullet("o 12 years of software"),
        Some("12 years of software")
    );
    assert_eq!(strip_bullet("o the"), None);
    // Escaped Markdown markers and labels.
    assert_eq!(
        strip_bullet("\\- Lead the platform teams"),
        Some("Lead the platform teams")
    );
    assert_eq!(strip_bullet("\\* Own the budget"), Some("Own the budget"));
    assert_eq!(
        strip_bullet("2\\. Hire the managers"),
        Some("Hire the managers")
    );
    assert_eq!(strip_bullet("\\-5 degrees"), None);
    assert_eq!(strip_bullet("old systems"), None);
    let p = parse_posting(
        "Director of Engineering\r\n\r\nPrimary duties:\r\no Supervise the software managers\r\no Approve release packages\r\n",
        None,
    );
    assert_eq!(
        texts(&p),
        vec![
            "Supervise the software managers",
            "Approve release packages"
        ]
    );
}

#[test]
fn prose_beside_a_duty_list_is_judged_by_its_wording() {
    let text = "Director of Engineering\n\n## Responsibilities\n\n\
                Acme sells sensors to growers. You will lead all of engineering.\n\n\
                - Own the engineering budget\n- Hire the engineering directors\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "You will lead all of engineering.",
            "Own the engineering budget",
            "Hire the engineering directors",
        ]
    );
    let intro = skipped_with(&p, "Acme sells sensors to growers.").unwrap();
    assert!(
        intro.reason.contains("prose beside the duty list"),
        "{intro:?}"
    );
    // Without a list, prose under a duty heading is the duties: every sentence is kept.
    let prose = "Director of Engineering\n\n## Responsibilities\n\n\
                 The platform group runs our cloud. You will lead it.\n";
    assert_eq!(
        texts(&parse_posting(prose, None)),
        vec!["The platform group runs our cloud.", "You will lead it."]
    );
}

#[test]
fn a_linkedin_section_pasted_on_one_line_is_cut_at_its_heading() {
    // A LinkedIn paste: each section one line, its heading first, its items after inline `•`.
    let text = "About the job\n\
                Director of Engineering \u{2014} Acme Clinics (Hybrid)\n\n\
                Acme builds scheduling software for clinics across nine states.\n\
                What you\u{2019}ll do \u{2022} Lead and grow a group of five product teams \
                \u{2022} Own the reliability of our scheduling platform \u{2022} Manage the \
                engineering budget for your group\n\
                What you\u{2019}ll bring \u{2022} 10+ years of software engineering experience \
                \u{2022} A track record of shipping B2B products on predictable timelines\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Lead and grow a group of five product teams",
            "Own the reliability of our scheduling platform",
            "Manage the engineering budget for your group",
        ]
    );
    let heading = skipped_with(&p, "What you\u{2019}ll bring").unwrap();
    assert_eq!(heading.reason, "section heading (requirements)");
    assert_eq!(
        statement(&p, "Lead").section.as_deref(),
        Some("What you\u{2019}ll do")
    );
    // Inline items after words that are not a known heading stay one line of items.
    let plain = "Director of Engineering\n\nResponsibilities\n\
                 Good people \u{2022} calm planning \u{2022} and honest reviews are what we \
                 promise every new hire in the first year\n";
    let p = parse_posting(plain, None);
    assert_eq!(
        skipped_with(&p, "Good people").map(|s| s.reason.as_str()),
        Some("fragment (fewer than 3 words)")
    );
}

#[test]
fn a_prose_sentence_opening_with_a_section_keyword_is_no_run_in_heading() {
    // "stack" names a section ("Tech stack"), but "Our stack is mostly" is a sentence's start.
    let text = "VP of Engineering\n\nAbout the role\n\
                You'll report to the CEO and lead all 22 engineers.\n\n\
                Our stack is mostly Rust on the devices and Elixir in the cloud. You'll own \
                the architecture across all three and make the calls on where to invest.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "You'll report to the CEO and lead all 22 engineers.",
            "You'll own the architecture across all three and make the calls on where to invest.",
        ]
    );
    // A run-in heading found by its keyword alone still splits when it has no verb.
    let run_in = "Director of Engineering\n\nResponsibilities\n- Lead the platform team\n\n\
                  Our Stack Rust services on Kubernetes with Postgres and a React front end \
                  for the operators\n";
    let p = parse_posting(run_in, None);
    assert_eq!(
        skipped_with(&p, "Our Stack").map(|s| s.reason.as_str()),
        Some("section heading (other)")
    );
}

#[test]
fn job_board_lines_above_the_title_are_passed_over() {
    for board in ["About the job", "Job description", "Full job description"] {
        let text = format!(
            "{board}\nDirector of Engineering \u{2014} Acme Health (Denver)\n\n\
             Acme builds staffing software for clinics.\n\n\
             Responsibilities\n- Lead the product engineering group\n"
        );
        let p = parse_posting(&text, None);
        assert_eq!(
            p.title.as_deref(),
            Some("Director of Engineering \u{2014} Acme Health (Denver)"),
            "{board}"
        );
        assert_eq!(p.claimed_level, Level::Director, "{board}");
        // The board's line is not the title; a known heading still opens its section.
        let line = skipped_with(&p, board).unwrap();
        assert_ne!(line.reason, "job title");
        assert_eq!(
            line.reason.starts_with("section heading"),
            board != "Full job description",
            "{line:?}"
        );
        assert_eq!(texts(&p), vec!["Lead the product engineering group"]);
    }
}

#[test]
fn the_reporting_line_beside_a_duty_list_is_not_a_duty() {
    let text = "# Engineering Director\n\n## Responsibilities\n\n\
                The Payments group has three teams. This role reports to the VP of Engineering \
                and works closely with our Head of Product. You will own the payments stack.\n\n\
                - Leading the Acquiring and Payouts teams\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "You will own the payments stack.",
            "Leading the Acquiring and Payouts teams"
        ]
    );
    let reporting = p
        .skipped
        .iter()
        .find(|s| s.text.starts_with("This role reports to"))
        .unwrap();
    assert!(
        reporting.reason.contains("prose beside the duty list"),
        "{reporting:?}"
    );
}

#[test]
fn recruiter_prose_about_the_successful_candidate_is_the_duties() {
    let text = "Head of Engineering\n\nThe Role\n\n\
                The successful candidate will be responsible for delivery across all teams. \
                They will work closely with the CTO to shape the roadmap. Our client is based \
                in Leeds. In addition, they will manage the engineering budget.\n\n\
                Essential criteria\n- Experience leading distributed teams\n\n\
                What's on offer\n- Private medical cover and a generous pension\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "The successful candidate will be responsible for delivery across all teams.",
            "They will work closely with the CTO to shape the roadmap.",
            "In addition, they will manage the engineering budget.",
        ]
    );
    assert_eq!(
        skipped_with(&p, "Experience leading distributed teams").map(|s| s.reason.as_str()),
        Some("under \"Essential criteria\" heading (requirements)")
    );
}

#[test]
fn a_list_item_with_a_bold_lead_in_is_one_statement() {
    for raw in [
        "**Own delivery.** Keep commitments honest",
        "**Hire and retain world-class engineers**. We are doubling",
        "__Grow leaders:__ Hire and coach managers",
        "**Protect uptime** \u{2014} Set reliability targets",
    ] {
        assert!(has_bold_lead_in(raw), "{raw:?}");
    }
    for raw in [
        "**Kubernetes** experience across teams",
        "**Own delivery.**",
        "Own **delivery.** Keep commitments honest",
        "**Own delivery. Keep commitments honest.**",
    ] {
        assert!(!has_bold_lead_in(raw), "{raw:?}");
    }
    let text = "# Director of Engineering\n\n## What you'll own\n\n\
                - **Protect uptime.** A stalled fleet stops a warehouse. Set reliability targets \
                with customer success.\n\
                - **Grow leaders:** Hire and coach managers. Promote tech leads.\n\
                - Own the group budget. Track cloud spend monthly with Finance.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Protect uptime. A stalled fleet stops a warehouse. Set reliability targets with \
             customer success.",
            "Grow leaders: Hire and coach managers. Promote tech leads.",
            // Without a lead-in, a bullet is still cut into sentences.
            "Own the group budget.",
            "Track cloud spend monthly with Finance.",
        ]
    );
    check_invariants(text, &p);
}

#[test]
fn a_duty_under_a_time_phased_sub_heading_of_an_overview_is_kept() {
    let text = "# VP of Engineering\n\n## Your impact\n\n\
                - Lead an engineering organization of 90 people\n\n\
                ### In your first 90 days\n\n\
                - Agree on engineering goals for the next two quarters with the CTO\n";
    assert_eq!(
        texts(&parse_posting(text, None)),
        vec![
            "Lead an engineering organization of 90 people",
            "Agree on engineering goals for the next two quarters with the CTO",
        ]
    );
}

#[test]
fn lower_case_known_headings_are_headings() {
    for (line, kind) in [
        ("what you'll do", SectionKind::Duties),
        ("who you are", SectionKind::Requirements),
        ("perks", SectionKind::Benefits),
        ("nice to have:", SectionKind::NiceToHave),
    ] {
        assert_heading(line, Some(kind));
    }
    // Lower-case lines that are not a known phrase alone stay text.
    for line in [
        "the following:",
        "benefits.",
        "lead the team",
        "what we build",
    ] {
        assert!(
            matches!(classify_line(line), LineKind::Text { .. }),
            "{line:?}: {:?}",
            classify_line(line)
        );
    }
    let text = "what you'll do\n\
                + lead and grow the engineering team\n\
                + own hiring for a rails + react native codebase\n\
                who you are\n\
                + you've led teams of 15+ people\n\
                \n\
                we pay well, with a home office budget and\n\
                perks\n";
    let p = parse_posting(text, Some("VP Engineering"));
    assert_eq!(
        texts(&p),
        vec![
            "lead and grow the engineering team",
            "own hiring for a rails + react native codebase",
        ]
    );
    // "perks" after "and" continues the sentence; it is not a heading.
    assert!(p
        .skipped
        .iter()
        .any(|s| s.text.ends_with("budget and perks")));
}

#[test]
fn semicolon_runs_of_duty_clauses_are_cut() {
    let run =
        "lead the platform group; own the roadmap for dispatch; partner with product on priorities";
    let pieces: Vec<&str> = split_clause_run(run).into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        pieces,
        vec![
            "lead the platform group",
            "own the roadmap for dispatch",
            "partner with product on priorities",
        ]
    );
    // Offsets point at each clause.
    for (at, piece) in split_clause_run(run) {
        assert!(run.get(at..).is_some_and(|r| r.starts_with(piece)));
    }
    // Not a run of duty clauses: two clauses, or clauses that do not open with a duty verb.
    for text in [
        "lead the platform group; own the roadmap",
        "12 or more years of experience; at least 6 years managing managers; a degree",
        "medical and dental cover; a stock plan; 20 days off",
    ] {
        assert_eq!(split_clause_run(text), vec![(0, text)], "{text:?}");
    }
    let text = "Responsibilities: lead a group of six managers; own the technical roadmap; \
                partner with product management on priorities; mentor engineering managers.\n\n\
                Qualifications: 12 or more years of experience; lead teams of 40; own a budget.\n";
    let p = parse_posting(text, Some("Director of Engineering"));
    assert_eq!(
        texts(&p),
        vec![
            "lead a group of six managers",
            "own the technical roadmap",
            "partner with product management on priorities",
            "mentor engineering managers.",
        ]
    );
    // A list item is one duty, whatever its semicolons.
    let p = parse_posting(
        "Responsibilities\n- Lead the group; own the roadmap; hire the managers\n",
        Some("Director of Engineering"),
    );
    assert_eq!(
        texts(&p),
        vec!["Lead the group; own the roadmap; hire the managers"]
    );
}

#[test]
fn nested_details_under_a_duty_are_skipped() {
    let text = "Responsibilities\n\
                - Own the security posture of the clinical systems.\n  \
                  - HIPAA, SOC 2 Type II and HITRUST certification\n  \
                  - For example, quarterly access reviews\n  \
                  - Run the yearly penetration test with the vendor\n    \
                    - Including a retest of every finding\n\
                - Manage the engineering budget of the group\n  \
                  - Presenting the budget to the board each quarter\n";
    let p = parse_posting(text, Some("VP of Engineering"));
    assert_eq!(
        texts(&p),
        vec![
            "Own the security posture of the clinical systems.",
            "Run the yearly penetration test with the vendor",
            "Manage the engineering budget of the group",
        ]
    );
    let detail = skipped_with(&p, "For example, quarterly access reviews").unwrap();
    assert!(detail.reason.contains("nested list item"), "{detail:?}");
    assert_eq!(detail.line, 4);
    // A list at its own indent after prose is not nested.
    let p = parse_posting(
        "Responsibilities\nYou will:\n  - Quarterly planning with every team lead\n",
        Some("VP of Engineering"),
    );
    assert_eq!(texts(&p), vec!["Quarterly planning with every team lead"]);
}

#[test]
fn leadership_expectations_is_a_duty_heading() {
    for heading in [
        "Leadership expectations",
        "Expectations",
        "Job expectations",
    ] {
        assert_eq!(
            section_kind(heading),
            Some(SectionKind::Duties),
            "{heading:?}"
        );
    }
    let text = "# Director of Engineering\n\n\
                ## Responsibilities\n\n\
                - Lead four squads of engineers;\n\n\
                ## Leadership expectations\n\n\
                - Model a blameless approach to incidents.\n\
                - Share knowledge across the technology organization.\n\n\
                ## Fun facts\n\n\
                - Run Postgres on our own servers\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Lead four squads of engineers;",
            "Model a blameless approach to incidents.",
            "Share knowledge across the technology organization.",
        ]
    );
}

#[test]
fn success_measures_and_experience_and_skills_are_headings() {
    for (line, kind) in [
        ("Success measures", SectionKind::Other),
        ("Measures of success", SectionKind::Other),
        ("Experience & skills", SectionKind::Requirements),
        ("Skills and experience", SectionKind::Requirements),
    ] {
        assert_heading(line, Some(kind));
    }
    let text = "Key accountabilities\n\n\
                1. Lead the modernisation of the policy platform.\n\n\
                Success measures\n\n\
                - Deployment frequency increases from fortnightly to daily.\n\n\
                Experience & skills\n\n\
                - Tertiary qualifications in computer science.\n";
    let p = parse_posting(text, Some("VP of Engineering"));
    assert_eq!(
        texts(&p),
        vec!["Lead the modernisation of the policy platform."]
    );
}

#[test]
fn pdf_hyphenation_and_page_markers() {
    assert!(is_page_marker("Corvane Systems | Careers | Page 2 of 3"));
    assert!(is_page_marker("page 10 of 12"));
    assert!(is_page_marker(
        "Fenwold Water Services plc | Job Description | Engineering Director, Digital Services | Page 1 of 2"
    ));
    assert!(!is_page_marker("Page two of the handbook"));
    assert!(!is_page_marker(
        "Keep the release notes current and page 2 of 3 on-call engineers only when a site is down"
    ));
    let text = "Key Responsibilities\n\
                ● Lead and grow the organization of approximately 45 engi-\n\
                neers, including five engineering managers.\n\
                ● Define the strategy for edge infra-\n\
                structure and the telemetry pipeline.\n\
                \n\
                Acme | Careers | Page 2 of 3\n\
                \n\
                ● Keep the on-call rota fair for the team -\n\
                especially on weekends.\n";
    let p = parse_posting(text, Some("Director of Engineering"));
    assert_eq!(
        texts(&p),
        vec![
            "Lead and grow the organization of approximately 45 engineers, including five engineering managers.",
            "Define the strategy for edge infrastructure and the telemetry pipeline.",
            "Keep the on-call rota fair for the team - especially on weekends.",
        ]
    );
    let marker = skipped_with(&p, "Acme | Careers | Page 2 of 3").unwrap();
    assert_eq!(marker.reason, "page header or footer");
    // The joined statement keeps its line numbers.
    assert_eq!(p.statements.first().map(|s| s.line), Some(2));
}

#[test]
fn an_imperative_duty_naming_a_benefit_is_a_duty() {
    assert_eq!(
        super::wording::non_duty_reason(
            "Act as Head of Profession, owning the career pathways and the learning budget."
        ),
        None
    );
    assert_eq!(
        super::wording::non_duty_reason("A learning budget of $2,000 a year."),
        Some("reads as a benefit")
    );
}

#[test]
fn a_saved_copys_company_field_opens_no_company_section() {
    // The header fields of a saved copy, then the employer's page pasted with no heading the
    // parser knows above its duty lines: the `Company:` field must not make all of it "about
    // the company".
    let text = "# Director of Engineering\n\
                **Company:** Acme Robotics\n\
                **Work Type:** On-site\n\
                **Source:** [Acme Careers](https://example.com/jobs/1)\n\n---\n\n\
                Acme builds warehouse robots.\n\n\
                Lead the factory software group of three teams.\n\
                Scale the test stations for the second factory.\n\
                8+ years building manufacturing software.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Lead the factory software group of three teams.",
            "Scale the test stations for the second factory.",
        ]
    );
    assert_eq!(
        skipped_with(&p, "Company: Acme Robotics").map(|s| s.reason.as_str()),
        Some("job metadata (Company)")
    );
    // A longer value is a sentence about the company, not a field.
    assert!(
        super::title::metadata_key("Company: Acme builds robots for warehouses and hospitals")
            .is_none()
    );
}

#[test]
fn a_one_line_paragraph_of_duties_is_judged_sentence_by_sentence() {
    // "Responsibilities:" opening a paragraph of one line: each sentence is judged on its own,
    // so one sentence's wording cannot drop the others.
    let text = "Director of Engineering\n\n\
                Responsibilities: Lead the software team and its QA lead. Protect customer \
                funds and personal data with strong access reviews. Replace our manual release \
                process with automated builds. We process personal data as our privacy notice \
                describes.\n\n\
                Requirements: Eight years of software development.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Lead the software team and its QA lead.",
            "Protect customer funds and personal data with strong access reviews.",
            "Replace our manual release process with automated builds.",
        ]
    );
    assert_eq!(
        skipped_with(
            &p,
            "We process personal data as our privacy notice describes."
        )
        .map(|s| s.reason.as_str()),
        Some("reads as equal-opportunity or legal text")
    );
    // A line of one or two sentences is still one list item, judged whole.
    let item = "Director of Engineering\n\nResponsibilities\n\
                Own delivery for the payments teams. Keep the roadmap honest.\n\
                Lead the platform group.\n";
    assert_eq!(
        texts(&parse_posting(item, None)),
        vec![
            "Own delivery for the payments teams.",
            "Keep the roadmap honest.",
            "Lead the platform group."
        ]
    );
}

#[test]
fn a_short_label_over_duty_lines_is_no_duty() {
    let text = "VP of Engineering\n\nResponsibilities\n\n\
                First 90 days\n\
                Meet every engineer on the three teams one-on-one.\n\
                Agree on a 12-month plan with the Chief Risk Officer.\n\n\
                Ongoing\n\
                Own the engineering budget and the hiring plan.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Meet every engineer on the three teams one-on-one.",
            "Agree on a 12-month plan with the Chief Risk Officer.",
            "Own the engineering budget and the hiring plan.",
        ]
    );
    assert_eq!(
        skipped_with(&p, "First 90 days").map(|s| s.reason.as_str()),
        Some("a label over the duties below it")
    );
}

#[test]
fn a_duty_after_a_short_label_reads_as_a_duty() {
    use super::wording::is_duty_like;
    assert!(is_duty_like(
        "Cost management: track cloud storage spend by team and cut cost per query."
    ));
    assert!(is_duty_like("Hiring: build the data engineering team."));
    assert!(!is_duty_like("Location: Remote"));
    assert!(!is_duty_like("Note: the team is remote-first."));
    assert!(!is_duty_like("What we value most in a leader: candor."));
}

#[test]
fn html_line_breaks_in_markdown_cut_lines_and_bold_tags_are_headings() {
    let text = "# Director of Engineering\n\n## Description\n\n\
                <strong>About Acme</strong><br>Acme moves money for credit unions.<br><br>\
                <strong>What you'll do</strong><br>\n\
                - Lead the four payments teams.<br>\n\
                - Run the monthly architecture review.<br><br><strong>What we're looking \
                for</strong><br>\n\
                - 10+ years building software.<br>\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Lead the four payments teams.",
            "Run the monthly architecture review."
        ]
    );
    assert_eq!(
        statement(&p, "Lead").section.as_deref(),
        Some("What you'll do")
    );
    // `<br/>`, `<BR />` too; a tag that only starts like one (`<brand>`) is no break.
    assert_eq!(
        super::lines::split_pasted_breaks(3, "a<br/>b<BR />c <brand>".into())
            .into_iter()
            .map(|(no, l)| (no, l.into_owned()))
            .collect::<Vec<_>>(),
        vec![
            (3, "a".to_string()),
            (3, "b".to_string()),
            (3, "c <brand>".to_string())
        ]
    );
}

#[test]
fn a_known_heading_glued_to_the_sentence_before_it_is_cut_off() {
    let text = "Director of Engineering\n\n\
                We started in a spare room in 2019.Responsibilities\n\
                \u{2022} Lead the search group across three teams.\n\
                \u{2022} Report on search quality every quarter.Requirements\n\
                \u{2022} 8+ years of software engineering.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Lead the search group across three teams.",
            "Report on search quality every quarter.",
        ]
    );
    // Not cut: a word that is no known heading ("Node.Js"), or a sentence end with a space.
    let kept = super::lines::split_pasted_breaks(1, "We use Node.Js daily. Requirements".into());
    assert_eq!(kept.len(), 1);
}

#[test]
fn a_table_rows_label_cell_and_a_lead_in_sentence() {
    use super::wording::is_duty_like;
    assert!(is_duty_like(
        "Releases; Own the release train for both apps."
    ));
    assert!(!is_duty_like("Salary; CA$190,000 plus a bonus"));
    // The sentence that opens a list is not a duty of its own.
    let text = "VP of Engineering\n\nHi there,\n\n\
                The team is 24 engineers across three squads, and the plan is to reach about \
                40 by the end of next year. The role reports to the CTO, who still writes \
                code. Day to day, you'll:\n\n\
                - lead the three product squads\n\
                - own the engineering budget\n";
    let p = parse_posting(text, None);
    assert!(
        p.statements.iter().all(|s| !s.text.ends_with(':')),
        "{:?}",
        texts(&p)
    );
    assert_eq!(
        skipped_with(&p, "Day to day, you'll:").map(|s| s.reason.as_str()),
        Some("a lead-in to the list below")
    );
}

#[test]
fn numbered_sections_lead_ins_forum_posts_and_reporting_lines() {
    // Sections numbered like list items.
    let text = "Senior Director of Engineering\n\n1. About us\n\nAcme sells data tools.\n\n\
                3. Responsibilities\n\n- Lead the data platform group.\n- Hire senior engineers \
                and managers.\n\n4. Requirements\n\n- 10 years of data engineering.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Lead the data platform group.",
            "Hire senior engineers and managers."
        ]
    );
    // A numbered duty is still a duty.
    let numbered =
        "Director of Engineering\n\nResponsibilities\n1. Lead the teams\n2. Own delivery \
                    of the roadmap\n";
    assert_eq!(
        texts(&parse_posting(numbered, None)),
        vec!["Lead the teams", "Own delivery of the roadmap"]
    );
    // An HR template's opening sentence is no duty.
    let template = "Director of Engineering\n\nEssential Duties and Responsibilities\n\
                    Responsibilities include the following. Other duties may be assigned.\n\
                    - Lead the platform teams.\n";
    let p = parse_posting(template, None);
    assert!(
        !texts(&p).contains(&"Responsibilities include the following."),
        "{:?}",
        texts(&p)
    );
    // "... for the following areas." opens the list too, and a note that the duties may
    // change is none of them.
    let intro = "Director of Engineering\n\nResponsibilities\n\
                 The Director will be responsible for the following areas. Specific duties may \
                 change as the business grows.\n\n\
                 - Lead the fleet software teams.\n";
    assert_eq!(
        texts(&parse_posting(intro, None)),
        vec!["Lead the fleet software teams."]
    );
    // A forum post: the title from its `|` header, the duties from "You'd ..." and "We'd like
    // you to ...".
    let forum =
        "Acme Labs | Director of Engineering | Lisbon or REMOTE (EU) | \u{20ac}150k\u{2013}\
                 \u{20ac}180k + equity\n\n\
                 We make clinic software used across Europe. You'd lead our three product squads \
                 and report to the CTO. We'd like you to set up a real on-call rotation. Our \
                 stack is TypeScript and Postgres.\n\nApply: email jobs@example.com\n";
    let p = parse_posting(forum, None);
    assert_eq!(p.title.as_deref(), Some("Director of Engineering"));
    assert_eq!(
        texts(&p),
        vec![
            "You'd lead our three product squads and report to the CTO.",
            "We'd like you to set up a real on-call rotation.",
        ]
    );
    // `Reporting line:` is a header field.
    assert_eq!(
        super::title::metadata_key("Reporting line: Chief Technology Officer").as_deref(),
        Some("Reporting line")
    );
}

#[test]
fn items_numbered_inside_a_paragraph_lose_their_labels() {
    let text = "Director of Engineering\n\nResponsibilities\n\
                1) Lead the claims engineering teams. 2) Own the plan to retire the mainframe. \
                3) Hire two engineering managers.\n";
    assert_eq!(
        texts(&parse_posting(text, None)),
        vec![
            "Lead the claims engineering teams.",
            "Own the plan to retire the mainframe.",
            "Hire two engineering managers.",
        ]
    );
    // A parenthesis that is no label stays.
    let kept = "Director of Engineering\n\nResponsibilities\n\
                Own uptime (99.9%) for the payments API and report on it monthly.\n";
    assert_eq!(
        texts(&parse_posting(kept, None)),
        vec!["Own uptime (99.9%) for the payments API and report on it monthly."]
    );
}

#[test]
fn short_page_markers_and_the_running_header_after_them_are_page_furniture() {
    assert!(is_page_marker("Confidential – Page 1"));
    assert!(is_page_marker("Page 2"));
    assert!(!is_page_marker("Page two"));
    assert!(!is_page_marker(
        "Keep the incident runbook current and linked from the status page 2"
    ));
    let text = "Key Responsibilities\n\
                • Lead the control software department of about 35\n\
                engineers across two sites.\n\
                \n\
                Confidential – Page 1\n\
                \n\
                Northwind Controls | Careers 2025\n\
                • Approve software architecture for new product platforms.\n\
                \n\
                Page 2\n\
                \n\
                Own the yearly department budget and hiring plan\n";
    let p = parse_posting(text, Some("Director of Engineering"));
    assert_eq!(
        texts(&p),
        vec![
            "Lead the control software department of about 35 engineers across two sites.",
            "Approve software architecture for new product platforms.",
            // No `|`, and no repeat of an earlier line: not a running header.
            "Own the yearly department budget and hiring plan",
        ]
    );
    for furniture in [
        "Confidential – Page 1",
        "Northwind Controls | Careers 2025",
        "Page 2",
    ] {
        let s = skipped_with(&p, furniture).unwrap();
        assert_eq!(s.reason, "page header or footer", "{furniture:?}");
    }
}

#[test]
fn a_title_line_below_a_company_name_in_capitals_is_the_title() {
    let text = "NORTHWIND CONTROLS\n\
                Career Opportunities 2025\n\
                Director of Engineering – Control Software\n\
                Location: Houston, Texas\n\
                Key Responsibilities\n\
                - Lead the control software teams and their managers.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        p.title.as_deref(),
        Some("Director of Engineering – Control Software")
    );
    assert_eq!(p.claimed_level, Level::Director);
    // A first line that reads as a job title keeps it, whatever the lines below it say.
    let text = "Head of Engineering\n\
                Reports to the CEO; works with the VP of Product\n\
                Responsibilities\n\
                - Lead the engineering teams.\n";
    let p = parse_posting(text, None);
    assert_eq!(p.title.as_deref(), Some("Head of Engineering"));
    assert_eq!(p.claimed_level, Level::Unknown);
    // A "Position Description" line above the header fields does not end the search for them.
    let text = "NORTHWIND MUTUAL
                Position Description
                Title: Vice President, Engineering
                Location: Hartford, CT
";
    let p = parse_posting(text, None);
    assert_eq!(p.title.as_deref(), Some("Vice President, Engineering"));
}

#[test]
fn duties_named_as_nouns_with_a_modifier_or_partner() {
    assert_duty_wording(
        &[
            "Partnership with product and security leadership on quarterly planning",
            "Final sign-off on architecture decisions that cross team boundaries",
            "Representation of platform engineering at the weekly executive staff meeting",
            "Creation of a clear career ladder for platform engineers",
            "Full ownership of the delivery roadmap",
            "Overall responsibility for the engineering budget",
        ],
        &[
            "Final round interviews with the CEO and two board members",
            "Partnership is one of our values",
            "Creation myths of the startup world",
        ],
    );
}

#[test]
fn a_duty_ending_in_a_when_required_condition_is_no_requirement() {
    use super::wording::non_duty_reason;
    assert_eq!(
        non_duty_reason(
            "The VP will represent engineering with key customers when technical depth is required."
        ),
        None
    );
    assert_eq!(
        non_duty_reason("Step in on incident calls if your judgement is required"),
        None
    );
    assert_eq!(
        non_duty_reason("Hands-on experience with Kubernetes is required."),
        Some("reads as a requirement")
    );
}

#[test]
fn a_numbered_title_over_a_paragraph_of_duties_is_a_label() {
    let text = "RESPONSIBILITIES\n\
                \n\
                1. Strategy and direction\n\
                Set the engineering strategy for every business unit. Publish it to all engineers.\n\
                \n\
                2. Financial management\n\
                Manage an engineering budget of roughly $80M.\n\
                \n\
                QUALIFICATIONS\n\
                \n\
                - 18+ years of software engineering experience\n";
    let p = parse_posting(text, Some("SVP of Engineering"));
    assert_eq!(
        texts(&p),
        vec![
            "Set the engineering strategy for every business unit.",
            "Publish it to all engineers.",
            "Manage an engineering budget of roughly $80M.",
        ]
    );
    let label = skipped_with(&p, "Strategy and direction").unwrap();
    assert!(
        label.reason.contains("labelling the duties below it"),
        "{label:?}"
    );
    // A short item with duty wording stays a duty even with prose after it.
    let text = "Responsibilities\n\
                - Own the roadmap\n\
                We review it every quarter with the product team and adjust it.\n";
    let p = parse_posting(text, Some("Director of Engineering"));
    assert!(texts(&p).contains(&"Own the roadmap"), "{:?}", texts(&p));
}

#[test]
fn what_the_role_covers_lists_duties() {
    for h in [
        "What the role covers",
        "What this role covers",
        "What you'll cover",
    ] {
        assert_eq!(section_kind(h), Some(SectionKind::Duties), "{h:?}");
    }
}

#[test]
fn a_duty_may_name_the_law_it_follows() {
    use super::wording::non_duty_reason;
    for duty in [
        "Ensure the platform complies with applicable laws and regulations in every market.",
        "Directly supervises four team leads and carries out supervisory duties in accordance with applicable law.",
        "Regularly audit vendors pursuant to the security policy.",
    ] {
        assert_eq!(non_duty_reason(duty), None, "{duty:?}");
    }
    for legal in [
        "Acme will consider qualified candidates with arrest records pursuant to the Fair Chance Ordinance.",
        "Benefits are provided to the extent permitted by applicable law.",
    ] {
        assert_eq!(
            non_duty_reason(legal),
            Some("reads as equal-opportunity or legal text"),
            "{legal:?}"
        );
    }
}

#[test]
fn duties_in_the_present_after_a_bare_you() {
    assert_duty_wording(
        &[
            "You lead our three engineering teams and their team leads",
            "You build up our engineering organisation from 25 to 40 people",
            "You work closely with our hardware partners on field testing",
        ],
        &[
            "You understand distributed systems deeply",
            "You think in systems and communicate clearly",
            "You work well under pressure",
            "You have at least 10 years of experience",
        ],
    );
}

#[test]
fn a_careers_sites_banner_and_menu_above_the_title_are_not_the_posting() {
    let text = "This site uses cookies\n\
                Accept all\n\
                Reject all\n\
                Skerry Robotics\n\
                Jobs\n\
                Locations\n\
                People\n\
                Work at Skerry\n\
                VP Engineering\n\
                Engineering · Stockholm · Hybrid\n\
                \n\
                As VP Engineering, you will lead the managers of our four engineering teams. \
                You will own the engineering plan for the year and its budget.\n\
                \n\
                We offer a competitive salary and six weeks of vacation.\n";
    let p = parse_posting(text, None);
    assert_eq!(p.title.as_deref(), Some("VP Engineering"));
    assert_eq!(p.claimed_level, Level::Vp);
    assert_eq!(
        texts(&p),
        vec![
            "As VP Engineering, you will lead the managers of our four engineering teams.",
            "You will own the engineering plan for the year and its budget.",
        ]
    );
    let menu = skipped_with(&p, "Work at Skerry").unwrap();
    assert!(menu.reason.contains("above the job title"), "{menu:?}");
}

#[test]
fn unmarked_duty_lines_stay_apart_when_one_ends_in_a_connecting_word() {
    let text = "Director of Engineering\n\
                \n\
                Responsibilities\n\
                Run our hiring process and be kind to the candidates we say no to\n\
                Build the leadership pipeline by coaching senior engineers\n\
                \n\
                About us\n\
                We're looking for a\n\
                Head of Engineering who can grow the team.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Run our hiring process and be kind to the candidates we say no to",
            "Build the leadership pipeline by coaching senior engineers",
        ]
    );
    // Wrapped prose goes on across the line break, even before a capitalised verb.
    assert!(skipped_with(
        &p,
        "We're looking for a Head of Engineering who can grow the team."
    )
    .is_some());
}

#[test]
fn self_identification_and_skills_headings() {
    assert_eq!(
        section_kind("Voluntary Self-Identification of Disability"),
        Some(SectionKind::Legal)
    );
    assert_eq!(
        bare_heading_kind("Skills, knowledge & expertise"),
        Some(SectionKind::Requirements)
    );
}

#[test]
fn time_shares_and_lettered_sub_items_are_list_markers() {
    for (line, rest) in [
        (
            "25% - Lead the engineering managers",
            "Lead the engineering managers",
        ),
        ("5% – Select vendors", "Select vendors"),
        ("(10%) Own the budget", "Own the budget"),
        (
            "1a. Lead a department of 75 engineers",
            "Lead a department of 75 engineers",
        ),
        ("12b) Oversee the build", "Oversee the build"),
    ] {
        assert_eq!(strip_bullet(line), Some(rest), "{line:?}");
    }
    for not_bullet in [
        "25% of the time is travel",
        "100%",
        "1ab. Lead",
        "2024 roadmap",
    ] {
        assert_eq!(strip_bullet(not_bullet), None, "{not_bullet:?}");
    }
    let text = "Essential Job Functions\n\
                The following functions are essential to the position.\n\
                25% - Lead the engineering managers who deliver the field applications.\n\
                15% - Own the multi-year software roadmap for grid modernization.\n";
    let p = parse_posting(text, Some("Director, Grid Software"));
    assert_eq!(
        texts(&p),
        vec![
            "Lead the engineering managers who deliver the field applications.",
            // No longer "15% ... multi-year": a requirement's "N years" look.
            "Own the multi-year software roadmap for grid modernization.",
        ]
    );
}

#[test]
fn a_numbered_title_case_group_over_lettered_items_is_a_label() {
    let text = "Responsibilities\n\
                \n\
                1. Clinical Systems Delivery\n\
                1a. Oversee the build and maintenance of clinical integrations.\n\
                1b. Direct the engineering work for new hospital openings.\n\
                \n\
                2. Financial and Vendor Management\n\
                2a. Develop and manage the department's annual budgets.\n";
    let p = parse_posting(text, Some("Director, Clinical Applications"));
    assert_eq!(
        texts(&p),
        vec![
            "Oversee the build and maintenance of clinical integrations.",
            "Direct the engineering work for new hospital openings.",
            "Develop and manage the department's annual budgets.",
        ]
    );
    // A short item in sentence case among duty items stays a duty.
    let text = "Responsibilities\n\
                - Weekly incident reviews\n\
                - Own the on-call rota.\n";
    let p = parse_posting(text, Some("Director of Engineering"));
    assert_eq!(
        texts(&p),
        vec!["Weekly incident reviews", "Own the on-call rota."]
    );
}

#[test]
fn you_will_bring_and_we_will_give_you_and_kpis_are_headings() {
    for (h, kind) in [
        ("You'll bring:", SectionKind::Requirements),
        ("We'll give you:", SectionKind::Benefits),
        ("Key Performance Indicators", SectionKind::Other),
    ] {
        assert_eq!(section_kind(h), Some(kind), "{h:?}");
        assert_eq!(bare_heading_kind(h), Some(kind), "{h:?}");
    }
}

#[test]
fn key_result_areas_our_expectations_and_technology_headings() {
    for (h, kind) in [
        ("Key Result Areas", SectionKind::Duties),
        ("Our expectations", SectionKind::Requirements),
        ("Technology", SectionKind::Other),
    ] {
        assert_eq!(section_kind(h), Some(kind), "{h:?}");
        assert_eq!(bare_heading_kind(h), Some(kind), "{h:?}");
    }
    // "Leadership expectations" are still what the role is expected to do.
    assert_eq!(
        section_kind("Leadership expectations"),
        Some(SectionKind::Duties)
    );
    assert!(super::wording::is_duty_like(
        "Anchor solutioning for large deals along with the pre-sales team"
    ));
}

#[test]
fn prose_duty_openers_and_the_reporting_line() {
    assert_duty_wording(
        &[
            "Your job is to turn a group of talented individuals into an engineering organization.",
            "The job is to lead the Carrier Platform group.",
            "Expect to still write some code, maybe a fifth of your week.",
            "We need someone to run the engineering team day to day.",
            "This is a leadership role first, but we're a small company, so you will still review code.",
            "You'll report to our CEO and lead all 22 engineers.",
            "You will report directly to the CEO and sit on the executive team.",
            "The SVP will set the multi-year engineering strategy.",
            "This person will lead the clinical products engineering group.",
        ],
        &[
            "Expect to hear from us within a week.",
            "This is our first director hire, and you'll report directly to our CTO.",
            "After the first month of onboarding with the founders, you will join the weekly staff meeting.",
        ],
    );
}

#[test]
fn wrapped_lines_and_pay_fields_open_no_section() {
    let text = "VP of Engineering\n\
                Salary band: $240,000 – $275,000 + equity\n\
                \n\
                Why we're hiring\n\
                Our team has grown without structure. You'll set up the team structure and appoint the leads.\n\
                \n\
                We're looking for a\n\
                leader who will own the roadmap.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        skipped_with(&p, "Salary band: $240,000 – $275,000 + equity").map(|s| s.reason.as_str()),
        Some("job metadata (Salary band)")
    );
    assert_eq!(
        section_kind("Why we're hiring"),
        Some(SectionKind::Overview)
    );
    assert_eq!(
        texts(&p),
        vec!["You'll set up the team structure and appoint the leads."]
    );
    // "We're looking for a" is no requirements heading: the line goes on below it.
    assert!(p
        .skipped
        .iter()
        .all(|s| s.text != "We're looking for a" || !s.reason.starts_with("section heading")));
}

#[test]
fn a_sentence_opening_with_a_known_heading_up_to_an_article_is_not_cut() {
    // "We're looking for a" names the requirements, but here the sentence goes on: it is no
    // run-in heading, and the duty list below it is not read as requirements.
    let text = "Director of Engineering, Payments\n\
                \n\
                We're looking for a Director of Engineering to lead our Payments group. This person will own the payments platform end to end.\n\
                \n\
                - Lead and grow the three payments engineering managers\n\
                - Run the quarterly review of failed payouts with Finance\n";
    let p = parse_posting(text, None);
    assert!(p
        .skipped
        .iter()
        .all(|s| !s.reason.starts_with("section heading")));
    assert_eq!(
        texts(&p),
        vec![
            "This person will own the payments platform end to end.",
            "Lead and grow the three payments engineering managers",
            "Run the quarterly review of failed payouts with Finance",
        ]
    );
}

#[test]
fn watching_visiting_sitting_in_and_completing_are_duties() {
    assert_duty_wording(
        &[
            "Watch team health closely: sprint load, on-call burden, attrition risk.",
            "Visit customer sites when the fleet misbehaves, and lead the engineering response.",
            "Sit in on two hospital go-live calls to see the interfaces at work.",
            "Complete the separation of the forecasting platform from the monolith.",
            "Testifies before legislative committees on the agency's digital services.",
        ],
        &[
            "Experience visiting customer sites is a plus.",
            "The successful candidate will bring a calm, direct leadership style.",
            "The successful candidate will have led a department of 100 engineers.",
        ],
    );
}

#[test]
fn a_label_in_capitals_ending_in_a_full_stop_is_looked_past() {
    assert_duty_wording(
        &[
            "STRATEGY. Set the multi-year technical direction and turn it into a roadmap.",
            "PEOPLE LEADERSHIP. Hire and coach the directors who report to you.",
        ],
        &["Competitive Pay. Work from anywhere in the country."],
    );
    // Under a role overview, only list items that read as duties are kept.
    let text = "VP of Engineering\n\
                \n\
                The role\n\
                \n\
                1. STRATEGY. Set the multi-year technical direction for our products.\n\
                \n\
                2. BUDGET AND VENDORS. Manage the engineering budget and vendor contracts.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Set the multi-year technical direction for our products.",
            "Manage the engineering budget and vendor contracts.",
        ]
    );
}

#[test]
fn a_labelled_note_indented_under_a_list_item_is_no_duty_and_no_heading() {
    let text = "Director of Engineering\n\
                \n\
                What you'll do\n\
                - Lead the detection engineering group of about 30 engineers.\n\
                \x20     Why it matters: Detection is the product.\n\
                - Own detection quality and time to detect.\n\
                \x20     Why it matters: Too many false alerts and analysts stop reading them.\n\
                - Coach your managers.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Lead the detection engineering group of about 30 engineers.",
            "Own detection quality and time to detect.",
            "Coach your managers.",
        ]
    );
    assert_eq!(
        skipped_with(&p, "Why it matters: Detection is the product.").map(|s| s.reason.as_str()),
        Some("a note under the list item above")
    );
    assert!(p
        .skipped
        .iter()
        .all(|s| !s.reason.starts_with("section heading (benefits)")));
}

#[test]
fn a_table_without_outer_pipes_is_read_row_by_row() {
    let text = "Senior Director, Platform Engineering\n\
                \n\
                Responsibilities\n\
                \n\
                Area | What you own\n\
                -----|-------------\n\
                People | Lead the platform group through four engineering managers.\n\
                Cost | Manage the cloud bill and report on unit costs every month.\n\
                \n\
                Requirements\n\
                \n\
                Area | What we expect\n\
                -----|---------------\n\
                Leadership | At least 6 years leading engineering managers\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "People; Lead the platform group through four engineering managers.",
            "Cost; Manage the cloud bill and report on unit costs every month.",
        ]
    );
    assert_eq!(
        skipped_with(&p, "Area | What you own").map(|s| s.reason.as_str()),
        Some("table header row")
    );
}

#[test]
fn a_sub_area_heading_inside_the_duties_over_duties_is_part_of_them() {
    let text = "VP of Engineering\n\
                \n\
                RESPONSIBILITIES\n\
                \n\
                Execution\n\
                - Run the quarterly planning cycle with Product.\n\
                \n\
                Technology\n\
                - Set the technical strategy for moving batch jobs to streaming.\n\
                - Chair the architecture council.\n\
                \n\
                Team\n\
                We are a team of 40 engineers in two offices.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Run the quarterly planning cycle with Product.",
            "Set the technical strategy for moving batch jobs to streaming.",
            "Chair the architecture council.",
        ]
    );
    // Over its stack, "Technology" is still a section of its own.
    let stack = "Director of Engineering\n\
                 \n\
                 Responsibilities\n\
                 - Lead the platform team.\n\
                 \n\
                 Technology\n\
                 - Go, Postgres and Kafka on AWS\n\
                 - React and TypeScript\n";
    assert_eq!(
        texts(&parse_posting(stack, None)),
        vec!["Lead the platform team."]
    );
}

#[test]
fn a_posting_of_questions_and_answers_reads_each_answer_under_its_own_question() {
    // No question is a known duty heading: each answer is read as unlabeled prose, its duty
    // sentences kept; a known question ("What does it pay?") heads its own kind of section.
    let text = "Director of Engineering, Carrier Platform\n\
                \n\
                What's the job?\n\
                The job is to lead the carrier platform group of four teams. You'll manage the four engineering managers directly.\n\
                \n\
                And over a longer stretch?\n\
                Over the year, you'll set the technical direction for how we integrate with carriers.\n\
                \n\
                What does it pay?\n\
                EUR 135,000 to 160,000 base, and you'll lead a bonus plan of your own.\n\
                \n\
                What's the process?\n\
                A call with our recruiter, then a final afternoon with the managers you'd lead.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "The job is to lead the carrier platform group of four teams.",
            "You'll manage the four engineering managers directly.",
            "Over the year, you'll set the technical direction for how we integrate with carriers.",
        ]
    );
    assert_eq!(
        skipped_with(&p, "And over a longer stretch?").map(|s| s.reason.as_str()),
        Some("section heading (unknown)")
    );
    for (h, kind) in [
        ("What does it pay", SectionKind::Pay),
        ("What's the process", SectionKind::Legal),
        ("What happens after I apply", SectionKind::HowToApply),
        (
            "What would success look like after a year",
            SectionKind::Other,
        ),
    ] {
        assert_eq!(section_kind(h), Some(kind), "{h:?}");
    }
}

#[test]
fn q_and_a_markers_are_dropped() {
    let text = "Director of Engineering, Payments\n\
                \n\
                Q: So what would I actually be doing?\n\
                A: In more detail:\n\
                \x20 * Lead the three teams behind our payments.\n\
                \x20 * Hire engineering managers as the group grows.\n\
                \n\
                Q: What does it pay?\n\
                A: The base salary range is $215,000 to $255,000.\n\
                \n\
                Q: Who would I be working with?\n\
                \n\
                A: Two other directors and our head of product.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        vec![
            "Lead the three teams behind our payments.",
            "Hire engineering managers as the group grows.",
        ]
    );
    assert_eq!(
        skipped_with(&p, "So what would I actually be doing?").map(|s| s.reason.as_str()),
        Some("section heading (unknown)")
    );
}

#[test]
fn an_hr_forms_outline_numbers_fields_and_sections_are_read() {
    let text = "NORTHWIND WATER\n\
                POSITION DESCRIPTION FORM\n\
                \n\
                1. POSITION DETAILS\n\
                1.1 Position title: Director, Software Engineering\n\
                1.2 Position number: 40-2217\n\
                \n\
                3. KEY ACCOUNTABILITIES\n\
                3.1 Lead the software engineering section of about 45 staff.\n\
                3.10 Prepare reports for the Board of Directors as required.\n\
                \n\
                4. DIMENSIONS\n\
                4.1 Staff: approx. 45\n\
                4.2 Operating budget: $7.2M\n\
                \n\
                5. KEY WORKING RELATIONSHIPS\n\
                5.1 Internal: Chief Information Officer, Directors of Operations\n";
    let p = parse_posting(text, None);
    assert_eq!(p.title.as_deref(), Some("Director, Software Engineering"));
    assert_eq!(p.claimed_level, Level::Director);
    assert_eq!(
        texts(&p),
        vec![
            "Lead the software engineering section of about 45 staff.",
            "Prepare reports for the Board of Directors as required.",
        ]
    );
    // A number is no outline label.
    assert_eq!(
        super::lines::strip_outline_number("2.5 million users rely on it"),
        None
    );
    assert_eq!(
        super::lines::strip_outline_number("1.2.4 Own the plan"),
        Some("Own the plan")
    );
}

#[test]
fn a_seekers_front_matter_role_and_a_forms_numbered_title_field_are_titles() {
    let seeker = "---\n\
                  company: Saltmarsh Games\n\
                  role: Senior Director of Engineering, Mobile\n\
                  stage: onsite\n\
                  ---\n\
                  \n\
                  # job-description.md\n\
                  \n\
                  ## The job\n\
                  - Lead the mobile engineering group of about 45 engineers.\n";
    let p = parse_posting(seeker, None);
    assert_eq!(
        p.title.as_deref(),
        Some("Senior Director of Engineering, Mobile")
    );
    // `title:` wins over `role:`, wherever it comes.
    let both = "---\nrole: Director of Engineering\ntitle: VP of Engineering\n---\n\nText.\n";
    assert_eq!(parse_posting(both, None).claimed_level, Level::Vp);
    let form = "STATE OF EASTMOOR\n\
                CLASSIFIED POSITION ANNOUNCEMENT\n\
                \n\
                1.  ANNOUNCEMENT NUMBER:   ODS-2024-0117\n\
                2.  POSITION TITLE:        Director of Software Engineering\n";
    assert_eq!(parse_posting(form, None).claimed_level, Level::Director);
}

#[test]
fn what_the_role_will_not_do_is_no_duty() {
    use super::wording::non_duty_reason;
    for negated in [
        "You won't be on the on-call rotation yourself.",
        "You also won't manage the data team; they report to the Head of Data, and you'll work with them as peers.",
        "You will not write production code unless you want to.",
        "This role does not own the infrastructure budget.",
        "You never have to carry a pager.",
        "I don't need you to write production code, although you're welcome to read it.",
    ] {
        assert_eq!(
            non_duty_reason(negated),
            Some("says what the role will not do"),
            "{negated:?}"
        );
    }
    for duty in [
        "You will not only lead the platform teams but also set their technical direction.",
        "Ensure you never ship a release without a rollback plan.",
        "You will use data to unblock teams and will not hesitate to make bold recommendations.",
        "Never compromise on code review standards.",
        "We don't expect you to write code every day, but you'll review designs with the team.",
    ] {
        assert_eq!(non_duty_reason(duty), None, "{duty:?}");
    }
    for heading in [
        "What won't I do?",
        "What you won't do",
        "What this role is not",
        "What I don't need",
    ] {
        assert_eq!(
            section_kind(heading),
            Some(SectionKind::Other),
            "{heading:?}"
        );
    }
}

#[test]
fn an_employers_disclaimer_under_the_duties_is_no_duty() {
    use super::wording::non_duty_reason;
    for note in [
        "The above statements describe the general nature and level of work being performed.",
        "They are not intended to be an exhaustive list of all responsibilities.",
        "Management reserves the right to assign or reassign duties at any time.",
        "This list is non-exhaustive.",
    ] {
        assert_eq!(
            non_duty_reason(note),
            Some("reads as a note on the duties (a disclaimer)"),
            "{note:?}"
        );
    }
    for duty in [
        "Review the above-market compensation bands with HR each year.",
        "Build an exhaustive test suite for the ledger service.",
        "Build an exhaustive test suite so that releases do not regress.",
    ] {
        assert_eq!(non_duty_reason(duty), None, "{duty:?}");
    }
}

#[test]
fn what_the_candidate_will_have_done_is_a_requirement() {
    use super::wording::non_duty_reason;
    for fit in [
        "We think you'll have led engineering managers before, ideally in games.",
        "You'll probably do well here if you've led a team through fast growth.",
        "You will have built and scaled a platform team.",
    ] {
        assert_eq!(
            non_duty_reason(fit),
            Some("reads as a requirement"),
            "{fit:?}"
        );
    }
    assert_eq!(
        non_duty_reason("You will have ownership of the payments roadmap."),
        None
    );
}

#[test]
fn a_title_below_a_careers_heading_a_breadcrumb_or_a_back_link() {
    // A careers site's banner first (here read as a heading of a known kind, "Logistics"),
    // then a breadcrumb, then the title.
    let careers = "Northwind Logistics - Careers\n\
                   Jobs > Technology > Director of Engineering, Yard Systems\n\
                   \n\
                   Director of Engineering, Yard Systems\n\
                   \n\
                   Atlanta, GA | Full-Time\n\
                   \n\
                   Key Responsibilities\n\
                   - Lead the yard systems teams\n";
    assert_eq!(
        parse_posting(careers, None).title.as_deref(),
        Some("Director of Engineering, Yard Systems")
    );
    // A menu and a back link as short items before the title line.
    let scraped = "Skip to main content\n\
                   \n\
                   - Careers\n\
                   - ← Back to all jobs\n\
                   \n\
                   Director of Engineering, Payments\n\
                   London · Hybrid\n\
                   \n\
                   ## What you will do\n\
                   - Lead the payments teams\n";
    assert_eq!(
        parse_posting(scraped, None).title.as_deref(),
        Some("Director of Engineering, Payments")
    );
    // A job seeker's fields, then a forum post's header.
    let saved = "saved: 2024-05-03\n\
                 status: emailed, no reply yet\n\
                 \n\
                 Fernway | Senior Director of Engineering | Austin or remote | $230k\n\
                 \n\
                 You'll run day-to-day engineering for the department.\n";
    assert_eq!(
        parse_posting(saved, None).title.as_deref(),
        Some("Senior Director of Engineering")
    );
}

#[test]
fn a_known_heading_naming_the_level_below_the_sections_is_a_section() {
    let text = "# Vice President of Engineering\n\n\
                ## Key Responsibilities of the Vice President of Engineering\n\n\
                - Own the engineering budget\n\n\
                ## Why Join Us as Our Vice President of Engineering?\n\n\
                - 40% employee discount on our furniture\n";
    let p = parse_posting(text, None);
    assert_eq!(p.title.as_deref(), Some("Vice President of Engineering"));
    assert_eq!(texts(&p), vec!["Own the engineering budget"]);
}

#[test]
fn export_control_text_is_legal_unless_a_duty_verb_opens_it() {
    use super::wording::non_duty_reason;
    assert_eq!(
        non_duty_reason(
            "Ensures compliance with ITAR and company security policies within the engineering organization."
        ),
        None
    );
    assert_eq!(
        non_duty_reason("This position requires access to technology subject to ITAR."),
        Some("reads as equal-opportunity or legal text")
    );
}

#[test]
fn a_day_in_the_life_keeps_the_duties_at_their_times() {
    let text = "## A day in the life\n\n\
                - 8:00 — Coffee, school drop-off, and a look at the news on the train.\n\
                - 9:30 — Run the weekly staff meeting with your engineering managers.\n\
                - 12:00 — Lunch with the team. Someone always brings hot sauce.\n\
                - 2pm: Review the quarter's headcount plan with Finance.\n\
                - 2 - Budget ownership for the platform group\n\
                - Annually: Own the budget proposal and the hiring plan for the following year.\n";
    let p = parse_posting(text, Some("Director of Engineering"));
    assert_eq!(
        texts(&p),
        vec![
            "9:30 — Run the weekly staff meeting with your engineering managers.",
            "2pm: Review the quarter's headcount plan with Finance.",
            "2 - Budget ownership for the platform group",
            "Annually: Own the budget proposal and the hiring plan for the following year.",
        ]
    );
    assert_eq!(
        reason_of(
            &p,
            "8:00 — Coffee, school drop-off, and a look at the news on the train."
        ),
        "reads as a time of the day, not a duty"
    );
}

#[test]
fn a_budget_duty_naming_amounts_and_pay_is_no_pay_line() {
    use super::wording::non_duty_reason;
    assert_eq!(
        non_duty_reason(
            "Own the engineering budget of approximately $75M, including compensation, cloud and contractors."
        ),
        None
    );
    assert_eq!(
        non_duty_reason("Base compensation of $240,000 plus an annual bonus."),
        Some("reads as pay")
    );
}

#[test]
fn titles_below_the_first_sections_in_a_field_or_a_sentence() {
    let cases = [
        // A header table under a heading read as a role overview.
        (
            "# Fenmark Health — Job Description\n\n\
             | Field | Details |\n|---|---|\n\
             | **Job title** | Vice President, Platform Engineering |\n\
             | **Reports to** | Chief Technology Officer |\n\n\
             ## Key Responsibilities\n\n- Own the platform budget\n",
            "Vice President, Platform Engineering",
        ),
        // The posting's own heading below a careers page's list of open roles.
        (
            "# Brightkiln Careers\n\n**Engineering**\n\n\
             - Staff Engineer, Build — Remote\n\
             - Director of Product Design — Seattle\n\n\
             ## Director of Engineering, Developer Experience\n\n\
             ### In this role you will:\n\n* Lead the developer experience teams\n",
            "Director of Engineering, Developer Experience",
        ),
        // "Position - ..." under a company header.
        (
            "**HOLLOWAY MUTUAL INSURANCE COMPANY**\nInformation Technology\n\n\
             Position - Director of Platform Engineering\n\n\
             **Responsibilities**\n\n- Lead the platform engineering department\n",
            "Director of Platform Engineering",
        ),
        // A heading too long to be a title, in non-native English.
        (
            "# We are search a VP Engineering (m/f/d) for our Team in Krakow\n\n\
             ## Responsabilities\n\n- Lead the teams\n",
            "VP Engineering",
        ),
        // An email's subject line.
        (
            "Subject: Fwd: VP Engineering, Payments\n\nHi Dana,\n\n\
             Key Responsibilities:\n- Lead the payments teams\n",
            "VP Engineering, Payments",
        ),
        // Named only in the first sentence.
        (
            "# Careers at Fernwick\n\n\
             Fernwick is hiring a Senior Director of Engineering to lead the dispatch teams. \
             You will report to the CTO.\n\n\
             ## What you'll do\n\n- Own delivery for the dispatch teams\n",
            "Senior Director of Engineering",
        ),
    ];
    for (text, title) in cases {
        assert_eq!(
            parse_posting(text, None).title.as_deref(),
            Some(title),
            "{text}"
        );
    }
    // A level-naming line among the duties is no late title.
    let wrapped = "Responsibilities:\n- Work with the Sr.\nDirector of Product\n";
    assert_eq!(parse_posting(wrapped, None).title, None);
}

#[test]
fn headings_of_this_stop() {
    for (heading, kind) in [
        ("This role is a fit if", SectionKind::Requirements),
        ("You probably have", SectionKind::Requirements),
        ("Responsabilities", SectionKind::Duties),
        ("What I don't need", SectionKind::Other),
    ] {
        assert_eq!(section_kind(heading), Some(kind), "{heading:?}");
    }
    // A heading run into its paragraph is no duty; a short sentence that is no heading stays.
    let text = "**What you'll do.** You will lead all of engineering and report to the CEO. \
                You will own the engineering budget. You will take engineering to the board.\n";
    let p = parse_posting(text, Some("VP of Engineering"));
    assert_eq!(
        texts(&p),
        vec![
            "You will lead all of engineering and report to the CEO.",
            "You will own the engineering budget.",
            "You will take engineering to the board.",
        ]
    );
    use super::wording::non_duty_reason;
    assert_eq!(
        non_duty_reason("Hiring 6-8 engineers this year, including our first SRE"),
        None
    );
    assert_eq!(
        non_duty_reason("Written a lot of Ruby or something close to it"),
        Some("reads as a requirement")
    );
}

#[test]
fn toml_front_matter_a_working_title_and_shares_of_time() {
    let toml = "+++\ntitle = \"SVP, Engineering\"\ndate = 2024-01-22T09:00:00-08:00\n+++\n\n\
                ## Responsibilities\n\n- Own the engineering budget\n";
    let p = parse_posting(toml, None);
    assert_eq!(p.title.as_deref(), Some("SVP, Engineering"));
    assert_eq!(texts(&p), vec!["Own the engineering budget"]);

    let form = "STATE OF NORTH FENLAND\nJOB ANNOUNCEMENT\n\n\
                1.  ANNOUNCEMENT NUMBER: 2024-0412\n\
                2.  WORKING TITLE: Director of Software Engineering\n\n\
                10. DUTIES AND RESPONSIBILITIES\n\n\
                A. Program and Project Delivery (40%)\n\
                1. Directs the delivery of the division's software projects.\n\
                2. Approves project plans and schedules.\n";
    let p = parse_posting(form, None);
    assert_eq!(p.title.as_deref(), Some("Director of Software Engineering"));
    assert_eq!(
        texts(&p),
        vec![
            "Directs the delivery of the division's software projects.",
            "Approves project plans and schedules."
        ]
    );

    let plain = "SVP of Engineering\n\nThe work\n- Lead the engineering department.\n\n\
                 The experience you bring\n- Show a record of leading 150+ people.\n\n\
                 How we hire\n- Meet the CEO and the CTO.\n";
    assert_eq!(
        texts(&parse_posting(plain, None)),
        vec!["Lead the engineering department."]
    );
}

#[test]
fn a_title_named_in_a_long_line_cut_inside_a_character() {
    let mut line = String::from("Fernwick is hiring a Senior Director of Engineering to lead. ");
    while line.len() < 399 {
        line.push_str("a ");
    }
    line.truncate(399);
    line.push_str("éé and more.");
    let text =
        format!("# Careers at Fernwick\n\n{line}\n\n## What you'll do\n\n- Lead the teams\n");
    assert_eq!(
        parse_posting(&text, None).title.as_deref(),
        Some("Senior Director of Engineering")
    );
}

#[test]
fn a_tag_or_an_emoji_before_the_title_is_not_part_of_it() {
    for (first, title) in [
        (
            "# [Remote] Engineering Director, Payments",
            "Engineering Director, Payments",
        ),
        (
            "# 🧭 Director of Engineering, Growth",
            "Director of Engineering, Growth",
        ),
        ("# [Remote - US] SVP of Engineering", "SVP of Engineering"),
        (
            "# (Senior) Director of Engineering",
            "(Senior) Director of Engineering",
        ),
    ] {
        let text = format!("{first}\n\n## Responsibilities\n\n- Lead the teams\n");
        assert_eq!(
            parse_posting(&text, None).title.as_deref(),
            Some(title),
            "{first}"
        );
    }
}

#[test]
fn mojibake_is_repaired_and_accented_words_are_left_alone() {
    assert_eq!(repair_mojibake("Youâ€™ll lead"), "You’ll lead");
    assert_eq!(
        repair_mojibake("a day â€” not a quarter, RenÃ©e, Â£165,000, â€œquotedâ€"),
        "a day — not a quarter, Renée, £165,000, “quotedâ€"
    );
    for fine in [
        "Renée à la für",
        "café – naïve — “quoted”",
        "no damage at all",
        "Ãx",
    ] {
        assert!(matches!(repair_mojibake(fine), Cow::Borrowed(f) if f == fine));
    }
    // A posting's headings and duties are read through the repair.
    let text = "Director of Engineering\n\nWhat youâ€™ll do\n\n\
                - Field feedback: spend time at customer sites, and close the loop within a day â€” not a quarter.\n\
                - Lead the autonomy teams and their leads\n\nWhat youâ€™ll bring\n\n- 10+ years of robotics\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(
        texts(&p),
        vec![
            "Field feedback: spend time at customer sites, and close the loop within a day — not a quarter.",
            "Lead the autonomy teams and their leads",
        ]
    );
    assert_eq!(
        reason_of(&p, "10+ years"),
        "under \"What you’ll bring\" heading (requirements)"
    );
}

#[test]
fn a_heading_glued_to_the_first_sentence_after_it_is_cut_off() {
    let text = "Head of Engineering\n\n\
                The roleOur CTO is moving on and you will take over the team.\n\n\
                What you will doTake over the leadership of our 22 engineers. Hire three engineering managers this year.\n\n\
                What we are looking forAt least eight years of engineering experience.\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(
        texts(&p),
        vec![
            "Take over the leadership of our 22 engineers.",
            "Hire three engineering managers this year.",
        ]
    );
    assert_eq!(
        reason_of(&p, "What you will do"),
        "section heading (duties)"
    );
    let text = "# VP, Platform\n\n## What you'll ownEncoding and delivery: Own the video pipeline from venues to devices.\n- Cost: Bring cloud spend per streamed hour down by a quarter.\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(
        texts(&p),
        vec![
            "Encoding and delivery: Own the video pipeline from venues to devices.",
            "Cost: Bring cloud spend per streamed hour down by a quarter.",
        ]
    );
    // Only a known heading is cut off: "About GitHub Actions" is no "About Git" + "Hub ...",
    // and a glued heading needs a sentence after it.
    for line in [
        "About GitHub Actions and how our runners are set up for you",
        "ResponsibilitiesLead",
        "iOS and Android apps for our drivers",
    ] {
        assert_eq!(
            split_pasted_breaks(1, Cow::Borrowed(line)),
            vec![(1, Cow::Borrowed(line))],
            "{line:?}"
        );
    }
}

#[test]
fn a_list_pasted_onto_one_line_with_dashes_is_cut_into_items() {
    let line = "- Lead engineering across our three product lines - Own the technical roadmap with Product - Hire roughly 20 engineers over the next 18 months";
    let items: Vec<String> = split_pasted_breaks(4, Cow::Borrowed(line))
        .into_iter()
        .map(|(no, l)| format!("{no}:{l}"))
        .collect();
    assert_eq!(
        items,
        vec![
            "4:- Lead engineering across our three product lines",
            "4:- Own the technical roadmap with Product",
            "4:- Hire roughly 20 engineers over the next 18 months",
        ]
    );
    // A dash inside a sentence, facts between dashes, two items only, or no bullet: one line.
    for line in [
        "- Close the loop within a day - not a quarter - and report it",
        "- Engineering - Remote - Full time",
        "- Own the roadmap with Product - Hire twenty engineers this year",
        "Lead the platform teams - Own the roadmap with Product - Hire twenty engineers",
    ] {
        assert_eq!(
            split_pasted_breaks(1, Cow::Borrowed(line)).len(),
            1,
            "{line:?}"
        );
    }
}

#[test]
fn a_table_of_sections_side_by_side_puts_each_cell_under_its_column() {
    for (header, row1, row2) in [
        (
            "What you'll do\tWhat you'll bring",
            "Lead the data engineering team of eleven.\t8+ years in data engineering.",
            "Build the data quality program for every core table.\tExperience in edtech is welcome but not required.",
        ),
        (
            "| What you'll do | What you'll bring |",
            "| Lead the data engineering team of eleven. | 8+ years in data engineering. |",
            "| Build the data quality program for every core table. | Experience in edtech is welcome but not required. |",
        ),
    ] {
        // The last row's second cell is empty.
        let last = if header.contains('\t') {
            "Support the research team with reliable data.\t"
        } else {
            "| Support the research team with reliable data. | |"
        };
        let text = format!(
            "Director of Data Engineering\n\n{header}\n{row1}\n{row2}\n{last}\n\nBenefits\n- Health cover\n"
        );
        let p = parse_posting(&text, None);
        check_invariants(&text, &p);
        assert_eq!(
            texts(&p),
            vec![
                "Lead the data engineering team of eleven.",
                "Build the data quality program for every core table.",
                "Support the research team with reliable data.",
            ],
            "{text}"
        );
        assert_eq!(
            reason_of(&p, "8+ years"),
            "under \"What you'll bring\" heading (requirements)"
        );
        assert!(p.statements.iter().all(|s| s.line >= 4));
    }
    // A table whose header is no row of section headings is read as before.
    let lines = vec![
        (1, Cow::Borrowed("Team\tHeadcount\tReports to")),
        (2, Cow::Borrowed("Data Engineering\t13\tDirector")),
    ];
    assert_eq!(spread_column_tables(lines.clone()), lines);
}

#[test]
fn to_apply_something_in_a_duty_is_no_invitation_to_apply() {
    use super::wording::non_duty_reason;
    assert_eq!(
        non_duty_reason(
            "Work with Quality to apply GxP and 21 CFR Part 11 controls to regulated systems."
        ),
        None
    );
    for invitation in [
        "We would love you to apply",
        "If this sounds like you, we'd love for you to apply even if you miss a requirement.",
        "Use the form below to apply for this role",
        "Click the button to apply now",
        "How to apply",
    ] {
        assert_eq!(
            non_duty_reason(invitation),
            Some("reads as an invitation to apply"),
            "{invitation:?}"
        );
    }
}

#[test]
fn a_note_in_the_first_person_is_no_duty() {
    use super::wording::non_duty_reason;
    for note in [
        "budget is bigger than I've owned ($19M at Harborline). be honest about it",
        "I’m not sure about the on-call rotation, ask",
        "Own the roadmap (I was doing this at Harborline)",
        "I had a team of 40 at Stonegate",
    ] {
        assert_eq!(
            non_duty_reason(note),
            Some("reads as a note in the first person, not a duty"),
            "{note:?}"
        );
    }
    for duty in [
        "I need you to own the engineering budget and the hiring plan",
        "Own the identity (ID) verification service and its on-call",
        "Report to me, the CTO, on delivery every week",
    ] {
        assert_ne!(
            non_duty_reason(duty),
            Some("reads as a note in the first person, not a duty"),
            "{duty:?}"
        );
    }
}

#[test]
fn a_job_is_heading_holds_duties_and_a_seekers_list_is_no_duty_list() {
    let text = "ORCHARD & ROW -- Head of Engineering\n\nPosting text (from their site):\n\nHead of Engineering\nOrchard & Row\n\n\
                What the job is\n  People: Lead and grow the engineering team from 11 to about 25 people.\n  Delivery: Run planning so growers get software before each season.\n\n\
                What I'd bring:\n- Cut agent crash rate by 70% over four releases.\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(
        texts(&p),
        vec![
            "People: Lead and grow the engineering team from 11 to about 25 people.",
            "Delivery: Run planning so growers get software before each season.",
        ]
    );
    assert_heading("What the job is", Some(SectionKind::Duties));
    assert_heading("What I'd bring:", Some(SectionKind::Requirements));
    assert_heading("What I bring", Some(SectionKind::Requirements));
}

#[test]
fn an_hr_forms_fields_authority_and_supervision_are_no_duties() {
    let text = "OSTRANDER FREIGHT SYSTEMS\nPosition Description\n\n\
                Job Title ........ Engineering Director, Routing\n\
                Reports To ....... Senior Vice President, Technology\n\n\
                ESSENTIAL FUNCTIONS\n\n\
                  A. Technical Direction (35%)\n\
                     - Sets technical direction for the routing services and keeps the architecture plan current.\n\
                     - Reviews designs for changes that affect billing.\n\
                  B. People Leadership (30%)\n\
                     - Coaches managers on feedback and career development.\n\n\
                - 15% — Owns the modernization program for the dispatch platform.\n\n\
                The functions listed above are essential to the position.\n\
                Management may assign other related tasks.\n\n\
                SUPERVISORY RESPONSIBILITIES\n\
                  Supervises 4 engineering managers (approximately 38 employees).\n\n\
                DECISION-MAKING AUTHORITY\n\
                  Approves technical designs and release schedules within Routing.\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(p.title.as_deref(), Some("Engineering Director, Routing"));
    assert_eq!(
        texts(&p),
        vec![
            "Sets technical direction for the routing services and keeps the architecture plan current.",
            "Reviews designs for changes that affect billing.",
            "Coaches managers on feedback and career development.",
            "Owns the modernization program for the dispatch platform.",
        ]
    );
    assert!(reason_of(&p, "The functions listed above").contains("a disclaimer"));
    assert!(reason_of(&p, "Management may assign").contains("a disclaimer"));
    assert!(reason_of(&p, "Supervises 4").contains("SUPERVISORY RESPONSIBILITIES"));
    assert!(reason_of(&p, "Approves technical").contains("DECISION-MAKING AUTHORITY"));
}

#[test]
fn header_fields_are_metadata_unless_they_hold_a_duty() {
    for field in [
        "Reports to: VP of Platform Services",
        "Direct Reports: 5-7 Engineering Managers with a global team of ~50",
        "Reports To; Chief Information Officer",
        "Staff: approximately 60 employees and 15 contractors",
        "Budget: $14.2M operating, $3.5M capital (FY2025)",
        "Job Code: 2217-ED",
    ] {
        assert!(metadata_key(field).is_some(), "{field:?}");
    }
    for duty in [
        "Team: Manage the three platform teams and their leads, 19 engineers in total.",
        "Budget: Own the $14M infrastructure budget and its forecast.",
        "Reports to the CEO on delivery and risk every month",
    ] {
        assert_eq!(metadata_key(duty), None, "{duty:?}");
    }
}

#[test]
fn an_hr_forms_title_is_its_job_title_field_not_its_heading() {
    // In a header table before the sections, also as the table's first row.
    let text = "# MERIDIAN MUTUAL INSURANCE COMPANY\n\n| Job Title | Vice President of Engineering, Claims |\n|---|---|\n| Reports To | Chief Information Officer |\n\n## Essential Functions\n\n- Own the claims platform roadmap and its budget.\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(
        p.title.as_deref(),
        Some("Vice President of Engineering, Claims")
    );
    assert_eq!(
        texts(&p),
        vec!["Own the claims platform roadmap and its budget."]
    );
    // Below "Position Description", a field names the job better than the form's heading.
    let text = "# Northfield State University\n## Position Description (Staff)\n\n**Working Title:** Head of Research Software Engineering\n**Reports To:** Associate Vice President for Research Computing\n\n## Essential Duties\n\n- Lead the research software engineering group and its roadmap.\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(
        p.title.as_deref(),
        Some("Head of Research Software Engineering")
    );
    assert_eq!(
        texts(&p),
        vec!["Lead the research software engineering group and its roadmap."]
    );
    // "Position Description" above the title line does not end the search for it; the direct
    // reports listed below are no title.
    let text = "Corvane Mutual Insurance Company\nPosition Description\n\nVP of Engineering, Claims Platform\n\n\
                Table of Contents\n1.\tPosition Summary\t1\n2.\tKey Responsibilities\t2\n\n\
                1.\tPosition Summary\nThe VP leads claims engineering.\n\nDirect reports to this position:\nDirector of Engineering, Claims Intake\n\n\
                2.\tKey Responsibilities\n2.1\tLead the mainframe replacement program and report its progress to the CIO.\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(
        p.title.as_deref(),
        Some("VP of Engineering, Claims Platform")
    );
    assert_eq!(
        texts(&p),
        vec!["Lead the mainframe replacement program and report its progress to the CIO."]
    );
}

#[test]
fn a_word_processors_export_reads_like_the_document() {
    // Private-use bullets over tab-indented "o" items, a comment anchor glued to a word, a row
    // number and a share of time in a table.
    let text = "VP Engineering\n\nKey responsibilities\n\n\u{f0b7}\tPeople and organization\n\to\tLead an organization of 75 people through five directors.\n\to\tKeep the career ladder current[a] and calibrate promotions.\n\n\
                | No. | Essential Function | % Time |\n|---|---|---|\n| 4 | Directs the multi-year program to replace the outage system. | 10% |\n\n\
                [a]Maria Chen: should we say own here?\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(
        texts(&p),
        vec![
            "Lead an organization of 75 people through five directors.",
            "Keep the career ladder current and calibrate promotions.",
            "Directs the multi-year program to replace the outage system.",
        ]
    );
    assert_eq!(
        clean_inline("Own the roadmap[b] and the budget.[12] Done[c]"),
        "Own the roadmap and the budget. Done"
    );
    // Not a checkbox, a link or a word in brackets.
    assert_eq!(clean_inline("[x] Lead the team"), "[x] Lead the team");
    assert_eq!(
        clean_inline("Read the [guide](https://x.example)"),
        "Read the guide"
    );
    assert_eq!(
        clean_inline("Own the API [v2] rollout"),
        "Own the API [v2] rollout"
    );
}

#[test]
fn a_page_flattened_onto_one_line_is_cut_at_its_bullets_and_headings() {
    let text = "SVP, Engineering\n\nAbout AcmeAcme sells furniture made by 600 workshops. You will report to the CEO.What You'll Do• Lead the engineering organization through seven directors.• Set the multi-year engineering strategy and the annual plans.• Own the engineering budget of roughly $60M.What You'll Bring• 15+ years of experience in software engineering.• Experience leading leaders of large teams.• Comfort with a board and its committees.\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(
        texts(&p),
        vec![
            "Lead the engineering organization through seven directors.",
            "Set the multi-year engineering strategy and the annual plans.",
            "Own the engineering budget of roughly $60M.",
        ]
    );
    assert!(reason_of(&p, "15+ years").contains("What You'll Bring"));
    // A header of facts is no run of items.
    let line = "Acme · Toronto or remote in Canada · Full time · Engineering";
    assert_eq!(split_pasted_breaks(1, Cow::Borrowed(line)).len(), 1);
}

#[test]
fn an_area_label_before_a_duty_is_not_judged_as_its_wording() {
    use super::wording::non_duty_reason;
    assert_eq!(
        non_duty_reason(
            "Validated software: ensure our products meet GxP and 21 CFR Part 11 requirements."
        ),
        None
    );
    // A requirement's label is one, whatever follows.
    assert_eq!(
        non_duty_reason("Experience: Lead teams of 50 or more engineers for five years"),
        Some("reads as a requirement")
    );
    for note in [
        "Percentages are approximate and may vary with department needs.",
        "Percentages must total 100%.",
        "List the essential duties in order of importance.",
    ] {
        assert_eq!(
            non_duty_reason(note),
            Some("reads as a note on the duties (a disclaimer)"),
            "{note:?}"
        );
    }
    assert!(metadata_key("Travel: approximately 25%, including international travel").is_some());
    assert_eq!(
        metadata_key("Travel: Visit each plant every quarter with the plant managers"),
        None
    );
}

#[test]
fn a_converted_documents_empty_spans_and_job_description_line_are_read() {
    assert_eq!(
        clean_inline("[]{#anchor}**QUILLFIELD LEARNING** []{.c3}"),
        "QUILLFIELD LEARNING"
    );
    assert_eq!(
        clean_inline("keep [x]{y} and []{ as is"),
        "keep [x]{y} and []{ as is"
    );
    let text = "[]{#anchor}**QUILLFIELD LEARNING**\n\n**Job Description: Vice President of Engineering**\n\n## Responsibilities\n\n- Own the engineering budget and the annual plan.\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(p.title.as_deref(), Some("Vice President of Engineering"));
    // A document's label gives no title when a sentence follows it.
    assert_eq!(
        title_field("Job Description: We need someone who loves logistics", true),
        None
    );
}

#[test]
fn a_grid_table_with_wrapped_cells_is_read_row_by_row() {
    let text = "Engineering Director\n\nSECTION 3. DUTIES AND RESPONSIBILITIES\n\n % TIME | DUTY DESCRIPTION\n--------+------------------------------\n   25   | Direct the work of the Enterprise Applications\n        | teams and set their priorities.\n--------+------------------------------\n   15   | Lead the planning of the student system\n        | replacement.\n--------+------------------------------\n\nSECTION 4. SUPERVISION\n";
    let p = parse_posting(text, None);
    check_invariants(text, &p);
    assert_eq!(
        texts(&p),
        vec![
            "Direct the work of the Enterprise Applications teams and set their priorities.",
            "Lead the planning of the student system replacement.",
        ]
    );
    assert_eq!(p.statements[1].line, 10);
    // Rule lines of dashes and pluses with no table above them are left as they are.
    let lines = vec![(1, Cow::Borrowed("Intro")), (2, Cow::Borrowed("----+----"))];
    assert_eq!(join_grid_tables(lines.clone()), lines);
}

#[test]
fn a_duty_stated_twice_is_read_once() {
    // A job board's summary list above the full posting, and a posting pasted twice: each duty
    // counts once in the verdict; the repeat is skipped and says where the first one is.
    let text = "Director of Engineering\n\nResponsibilities\n- Lead the payments engineering teams\n- Own the quarterly delivery plan\n\nAbout the job\n\nResponsibilities\n- Lead the payments engineering teams.\n- Run sprint reviews with each team\n- OWN THE QUARTERLY DELIVERY PLAN\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        [
            "Lead the payments engineering teams",
            "Own the quarterly delivery plan",
            "Run sprint reviews with each team"
        ]
    );
    let repeat = skipped_with(&p, "Lead the payments engineering teams.").map(|s| &s.reason);
    assert_eq!(
        repeat.map(String::as_str),
        Some("repeats the duty on line 4")
    );
    assert_eq!(
        p.skipped
            .iter()
            .filter(|s| s.reason.starts_with("repeats"))
            .count(),
        2
    );
    check_invariants(text, &p);
}

#[test]
fn a_duty_ending_with_a_colon_heads_its_details() {
    let text = "Director of Engineering\n\nWhat you'll do\n\
                - Run the operating rhythm of the four payments teams:\n  \
                - Hold sprint reviews every two weeks\n  \
                - Publish a delivery report each month\n\
                - Data platform:\n  \
                - Own the warehouse roadmap and its budget\n\
                - Direct reports to this position:\n  \
                - Engineering Manager, Ledger\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        [
            "Run the operating rhythm of the four payments teams",
            "Hold sprint reviews every two weeks",
            "Publish a delivery report each month",
            "Own the warehouse roadmap and its budget",
        ]
    );
    // A short label and a list of people stay labels.
    assert!(skipped_with(&p, "Data platform").is_some());
    assert!(skipped_with(&p, "Direct reports to this position").is_some());
    check_invariants(text, &p);
}

#[test]
fn wording_rules_of_the_archive_batches() {
    use super::wording::non_duty_reason;
    assert_duty_wording(
        &[
            "Sign off release plans together with the quality lead.",
            "Choose between building and buying a scheduling system.",
            "Spend a day each month with the support team.",
            "Lift delivery speed without burning people out.",
            "Replace the 20-year-old billing system with the new platform.",
            "Visit our customers' plants every quarter.",
            "Learn the payments codebase and its on-call runbooks in the first month.",
            "You'll report to the CEO and lead all 22 engineers.",
        ],
        &[
            "You'll report to the VP of Engineering.",
            "You will report to our co-founder, and you will be part of the leadership group.",
        ],
    );
    for (text, why) in [
        (
            "Replace the 20-year-old billing system with the new platform.",
            None,
        ),
        ("Visit our customers' plants every quarter.", None),
        (
            "15 years of experience in software",
            Some("reads as a requirement"),
        ),
        (
            "Visit our careers page to see other roles.",
            Some("reads as an invitation to apply"),
        ),
    ] {
        assert_eq!(non_duty_reason(text), why, "{text}");
    }
}

#[test]
fn headings_of_the_archive_batches() {
    for (heading, kind) in [
        ("Candidate profile", SectionKind::Requirements),
        ("Location and compensation", SectionKind::Pay),
        ("Pay & location", SectionKind::Pay),
        ("Benefits and location", SectionKind::Benefits),
    ] {
        assert_eq!(bare_heading_kind(heading), Some(kind), "{heading:?}");
    }
    // Two phrases of which one is no practical detail do not make a heading this way.
    assert_eq!(bare_heading_kind("Hiring and location"), None);
}

#[test]
fn a_summary_of_the_role_beside_its_duty_list_is_no_duty() {
    let text = "Engineering Director, Grid Software\n\nWhat you'll be doing\n\n\
                As Engineering Director for Grid Software you will lead the teams that build \
                our forecasting products. You'll report to the VP of Engineering.\n\n\
                - Lead the forecasting and integration teams\n\
                - Own the quarterly delivery plan for the group\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        [
            "Lead the forecasting and integration teams",
            "Own the quarterly delivery plan for the group"
        ]
    );
    let summary = p
        .skipped
        .iter()
        .find(|s| s.text.starts_with("As Engineering Director"))
        .map(|s| s.reason.as_str());
    assert_eq!(
        summary,
        Some("a summary of the role introducing its duty list, not a duty")
    );
    // Without a list beside it, the summary is the duty statement.
    let prose = "Director of Engineering\n\nThe role\n\nAs our Director of Engineering you will \
                 lead the three platform teams.\n";
    assert_eq!(
        texts(&parse_posting(prose, None)),
        ["As our Director of Engineering you will lead the three platform teams."]
    );
}

#[test]
fn an_aside_in_square_brackets_is_no_part_of_the_item_above() {
    let text = "Head of Engineering\n\nYour day-to-day\n\
                \x20 • Decide, with product leaders, which problems software should solve next.\n\
                \x20     [this is the part I'd be good at, mention the pricing story]\n\
                \x20 • Keep checkout running in every store during holiday peaks.\n";
    let p = parse_posting(text, None);
    assert_eq!(
        texts(&p),
        [
            "Decide, with product leaders, which problems software should solve next.",
            "Keep checkout running in every store during holiday peaks."
        ]
    );
    assert_eq!(
        skipped_with(
            &p,
            "[this is the part I'd be good at, mention the pricing story]"
        )
        .map(|s| s.reason.as_str()),
        Some("a note under the list item above")
    );
    check_invariants(text, &p);
}

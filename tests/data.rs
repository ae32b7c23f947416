//! The training data's own contract: sizes, balance, sources, the article's duties, and a
//! held-out file that is not a near copy of the training file.

mod common;

use std::collections::{BTreeSet, HashMap};

use roleclass::data::read_labeled;
use roleclass::label::{Label, LabeledRow};

fn rows(name: &str) -> Vec<(LabeledRow, String)> {
    let path = common::root().join("training").join(name);
    let data = read_labeled(&path).expect("readable data file");
    assert_eq!(data.duplicates, 0, "{name} has exact duplicate rows");
    // Sources are not part of LabeledRow: read them with the csv crate.
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let sources: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().get(2).unwrap_or_default().to_owned())
        .collect();
    assert_eq!(sources.len(), data.rows.len());
    data.rows.into_iter().zip(sources).collect()
}

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn count(rows: &[(LabeledRow, String)], label: Label) -> usize {
    rows.iter().filter(|(r, _)| r.label == label).count()
}

const SECTIONS: &[&str] = &[
    "director-role",
    "vp-role",
    "core-responsibilities",
    "work-execution",
    "vision",
    "career-path",
    "deliverables",
    "level-of-authority",
    "experience",
    "general",
];

fn check_rows(name: &str, rows: &[(LabeledRow, String)]) {
    for (row, source) in rows {
        let n = row.text.split_whitespace().count();
        assert!((3..=40).contains(&n), "{name}:{}: {n} words", row.line);
        let ok = source == "article"
            || source
                .strip_prefix("written:")
                .is_some_and(|s| SECTIONS.contains(&s));
        assert!(ok, "{name}:{}: bad source {source:?}", row.line);
    }
}

#[test]
fn training_file_is_large_balanced_and_well_sourced() {
    let rows = rows("tasks.csv");
    check_rows("tasks.csv", &rows);
    let (d, v) = (count(&rows, Label::Director), count(&rows, Label::Vp));
    assert!(d >= 300 && v >= 300, "{d} director, {v} vp");
    let (small, large) = (d.min(v) as f64, d.max(v) as f64);
    assert!(
        large <= small * 1.10,
        "classes differ by more than 10%: {d} vs {v}"
    );
}

#[test]
fn every_article_duty_is_an_article_row() {
    let rows = rows("tasks.csv");
    let article: HashMap<String, Label> = rows
        .iter()
        .filter(|(_, s)| s == "article")
        .map(|(r, _)| (r.text.to_lowercase(), r.label))
        .collect();
    // One phrase from each duty list and prose section of the article, with its level.
    let duties = [
        ("evolve the back-end tech stack", Label::Director),
        ("directly supervise the team leaders", Label::Director),
        ("delegate tasks and plan work schedules", Label::Director),
        (
            "create and track a budget for engineering projects",
            Label::Director,
        ),
        ("report to the vp on their team's progress", Label::Director),
        ("backlog refinement", Label::Director),
        ("sprint retrospectives", Label::Director),
        ("next quarter better than the previous", Label::Director),
        ("bugs found in each release", Label::Director),
        ("features released on time", Label::Director),
        ("context switching", Label::Director),
        (
            "develop the technical vision and strategy with the cto",
            Label::Vp,
        ),
        ("manages the engineering department budget", Label::Vp),
        ("reports directly to the ceo", Label::Vp),
        ("oversee research and development programs", Label::Vp),
        ("resource optimization strategy", Label::Vp),
        ("financial decisions", Label::Vp),
        ("budget approval meetings", Label::Vp),
        ("okr progress", Label::Vp),
        ("at least for the next year", Label::Vp),
        ("roi of developer tooling", Label::Vp),
        ("system downtime", Label::Vp),
        ("software development life cycle", Label::Vp),
        ("manage the engineering department", Label::Vp),
        ("align spending with business goals", Label::Vp),
    ];
    for (phrase, label) in duties {
        let found = article
            .iter()
            .find(|(text, _)| text.contains(phrase))
            .unwrap_or_else(|| panic!("no article row contains {phrase:?}"));
        assert_eq!(*found.1, label, "{phrase:?}");
    }
}

#[test]
fn heldout_file_is_large_enough_and_not_a_near_copy() {
    let heldout = rows("heldout.csv");
    check_rows("heldout.csv", &heldout);
    assert!(count(&heldout, Label::Director) >= 100);
    assert!(count(&heldout, Label::Vp) >= 100);
    assert!(count(&heldout, Label::Either) >= 80);
    let training: Vec<BTreeSet<String>> = rows("tasks.csv")
        .iter()
        .map(|(r, _)| words(&r.text))
        .collect();
    for (row, _) in &heldout {
        let h = words(&row.text);
        for t in &training {
            let shared = h.intersection(t).count() as f64;
            let union = h.union(t).count() as f64;
            assert!(
                shared / union < 0.8,
                "heldout.csv:{} is a near copy of a training row: {:?}",
                row.line,
                row.text
            );
        }
    }
}

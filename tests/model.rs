//! The shipped model through the library: held-out targets, calibration, abstention, and
//! explanations that add up exactly to linfa-bayes' own joint log-likelihood.

mod common;

use linfa_bayes::NaiveBayes;
use ndarray::Array2;
use roleclass::data::read_labeled;
use roleclass::label::{Answer, LabeledRow};
use roleclass::model::{Classifier, Model, Stage, FORMAT_VERSION, ONE_STAGE_VERSION};
use roleclass::text::WordRules;

fn classifier() -> Classifier {
    Classifier::new(Model::embedded().expect("embedded model parses"))
}

fn heldout() -> Vec<LabeledRow> {
    read_labeled(&common::root().join("training/heldout.csv"))
        .unwrap()
        .rows
}

#[test]
fn heldout_targets_hold() {
    let figures = classifier().evaluate(&heldout());
    let get = |f: Option<f64>| f.expect("defined on the held-out file");
    assert!(get(figures.accuracy) >= 0.92, "{figures:?}");
    assert!(get(figures.macro_f1) >= 0.92, "{figures:?}");
    assert!(get(figures.either_unsure_rate) >= 0.70, "{figures:?}");
    assert!(get(figures.ece) <= 0.08, "{figures:?}");
    assert!(figures.either_rows >= 80);
}

#[test]
fn the_model_card_records_its_own_figures() {
    let model = Model::embedded().unwrap();
    let recorded = model
        .card
        .heldout
        .as_ref()
        .expect("held-out figures recorded");
    assert_eq!(recorded.figures, classifier().evaluate(&heldout()));
    assert!(model.card.cross_validation.figures.accuracy > Some(0.8));
    assert!(!model.card.cross_validation.top.is_empty());
}

#[test]
fn explanations_add_up_to_linfa_joint_log_likelihood() {
    let classifier = classifier();
    let model = classifier.model();
    let ranking = model
        .ranking
        .as_ref()
        .expect("the shipped model has two stages");
    let (ranking_nb, cue_nb) = (ranking.to_linfa().unwrap(), model.cues.to_linfa().unwrap());
    let linfa_log_odds = |nb: &linfa_bayes::MultinomialNb<f64, usize>, counts: Vec<f64>| {
        let x = Array2::from_shape_vec((1, counts.len()), counts).unwrap();
        let jll = nb.joint_log_likelihood(x.view());
        jll[&1][0] - jll[&0][0]
    };
    let mut checked = 0;
    for row in heldout().iter().take(150) {
        let explanation = classifier.explain(&row.text);
        let ranking_linfa =
            linfa_log_odds(&ranking_nb, classifier.counts(&row.text, Stage::Ranking));
        let cue_linfa = linfa_log_odds(&cue_nb, classifier.counts(&row.text, Stage::Cues));
        assert!(
            (explanation.log_odds() - ranking_linfa).abs() < 1e-9,
            "{:?}: explanation {} vs linfa {}",
            row.text,
            explanation.log_odds(),
            ranking_linfa
        );
        assert!((explanation.cue_log_odds - cue_linfa).abs() < 1e-9);
        let cue_terms: f64 = explanation.terms.iter().map(|t| t.cue_log_odds).sum();
        assert!(
            (explanation.cue_prior_log_odds + cue_terms - cue_linfa).abs() < 1e-9,
            "{:?}: cue prior + terms vs linfa {cue_linfa}",
            row.text
        );
        let prediction = classifier.classify(&row.text);
        assert!((prediction.log_odds - ranking_linfa).abs() < 1e-9);
        assert!((prediction.cue_log_odds - cue_linfa).abs() < 1e-9);
        checked += usize::from(explanation.terms.iter().any(|t| t.cue));
    }
    assert!(checked > 100, "too few statements had cue terms: {checked}");
}

#[test]
fn long_statements_stay_finite_where_linfa_predict_proba_overflows() {
    let classifier = classifier();
    let text = "Own the department budget and the annual plan for the organization ".repeat(60);
    let counts = classifier.counts(&text, Stage::Ranking);
    let x = Array2::from_shape_vec((1, counts.len()), counts).unwrap();
    let (linfa_proba, _) = classifier
        .model()
        .ranking
        .as_ref()
        .expect("two stages")
        .to_linfa()
        .unwrap()
        .predict_proba(x.view());
    assert!(
        linfa_proba.iter().any(|p| !p.is_finite()),
        "linfa-bayes no longer overflows: {linfa_proba:?}"
    );
    let prediction = classifier.classify(&text);
    assert!(prediction.probability_vp.is_finite());
    assert!((prediction.probability_vp + prediction.probability_director() - 1.0).abs() < 1e-12);
    assert_eq!(prediction.answer, Answer::Vp);
}

#[test]
fn generic_duties_are_unsure_and_cues_decide() {
    let classifier = classifier();
    for text in [
        "Foster a culture of innovation",
        "Collaborate with cross-functional stakeholders",
        "Hire and retain great engineers",
        "",
        "zzqx blorft",
    ] {
        assert_eq!(classifier.classify(text).answer, Answer::Unsure, "{text:?}");
    }
    assert_eq!(
        classifier
            .classify("Partner with design and product to keep the team's sprint goals honest")
            .answer,
        Answer::Director
    );
    assert_eq!(
        classifier
            .classify("Partner with design and product to present the roadmap to the board")
            .answer,
        Answer::Vp
    );
}

/// A model file written by the previous format (version 1, the shipped model before the
/// layout gained `cues` and `card`) still loads, scores exactly as its card recorded, and is
/// written back in the current format.
#[test]
fn a_version_1_model_file_still_loads_and_scores_the_same() {
    let path = common::root().join("tests/fixtures/models/v1.json");
    let v1 = Model::load(&path).expect("the version 1 file loads");
    assert_eq!(v1.format_version, 1);
    assert_eq!(
        v1.tokenizer.rules,
        WordRules::Plain,
        "its words are the old ones"
    );
    let classifier = Classifier::new(v1.clone());
    let recorded = v1
        .card
        .heldout
        .as_ref()
        .expect("the v1 card has held-out figures");
    // The held-out file has grown by appending rows since: the v1 card describes its first
    // rows, and predates the mean-confidence figure.
    let heldout = heldout();
    let mut figures = classifier.evaluate(&heldout[..recorded.figures.n]);
    assert!(figures.mean_confidence.is_some());
    figures.mean_confidence = None;
    assert_eq!(recorded.figures, figures);
    assert!(!v1.cues.vocabulary.is_empty());

    // It is written back in the one-stage layout (version 2) and reads back the same.
    let written = v1.to_json().unwrap();
    let again = Model::from_json(&written, "rewritten.json").unwrap();
    assert_eq!(again.format_version, ONE_STAGE_VERSION);
    assert_eq!(again.cues, v1.cues);
    assert_eq!(again.ranking, None);
    assert_eq!(again.tokenizer, v1.tokenizer);
    assert_eq!(again.card, v1.card);
    assert!(written.starts_with(&format!("{{\n  \"format_version\": {ONE_STAGE_VERSION},")));
}

/// The current model file is in the current format, with both stages, and the embedded
/// model (built from it by `build.rs`) is the same model, number for number.
#[test]
fn the_embedded_model_is_the_model_file() {
    let file = Model::load(&common::root().join("models/roleclass.json")).expect("it loads");
    assert_eq!(file.format_version, FORMAT_VERSION);
    assert!(file.ranking.is_some());
    assert_eq!(Model::embedded().unwrap(), file);
}

//! Metrics: how a set of answers compares with the labels. Pure arithmetic on labels and
//! answers (it knows nothing of the model, which uses it: `Classifier::evaluate`).
//!
//! Director/vp rows are scored as a two-class problem in which `unsure` counts as wrong;
//! `either` rows (no level cue) are right only when the answer is `unsure`. Calibration is
//! measured on every row that got an answer, because that is the confidence a user sees.
//!
//! A figure that is undefined on the rows at hand (accuracy without director/vp rows, the
//! precision of a class never answered, the `unsure` rate without either rows) is `None`:
//! `n/a` in text, `null` in JSON. Averages over classes (macro-F1, balanced accuracy) take
//! the classes that occur, so an absent class does not drag them down.

use serde::{Deserialize, Serialize};

use crate::label::{Answer, Counts, Label};

/// One labeled row's answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// The true label.
    pub label: Label,
    /// What the classifier answered.
    pub answer: Answer,
    /// The confidence it reported (probability of its top class).
    pub confidence: f64,
}

impl Outcome {
    /// True when the answer is the right one for the label.
    pub fn is_right(&self) -> bool {
        self.answer.is_right_for(self.label)
    }
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassFigures {
    /// Right answers of this class among all answers of this class (director/vp rows).
    pub precision: Option<f64>,
    /// Right answers of this class among rows of this class.
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall.
    pub f1: Option<f64>,
    /// Rows of this class.
    pub support: usize,
}

/// Per-class figures for the two levels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PerClass {
    /// Director rows.
    pub director: ClassFigures,
    /// VP rows.
    pub vp: ClassFigures,
}

/// Confusion matrix: true label (rows) by answer (columns).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Confusion {
    /// Rows labeled director.
    pub director: Counts,
    /// Rows labeled vp.
    pub vp: Counts,
    /// Rows labeled either.
    pub either: Counts,
}

/// Everything `evaluate` reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Figures {
    /// All rows.
    pub n: usize,
    /// Director and vp rows.
    pub n_labeled: usize,
    /// Right answers among director/vp rows, `unsure` counted wrong.
    pub accuracy: Option<f64>,
    /// Mean F1 of the levels that occur (director, vp).
    pub macro_f1: Option<f64>,
    /// Per-class precision, recall, F1 and support (director/vp rows).
    pub per_class: PerClass,
    /// Label by answer counts.
    pub confusion: Confusion,
    /// `unsure` answers among director/vp rows (counted as errors in `accuracy`).
    pub unsure: usize,
    /// Share of director/vp rows that got a director/vp answer.
    pub coverage: Option<f64>,
    /// Right answers among director/vp rows that got an answer.
    pub selective_accuracy: Option<f64>,
    /// Mean confidence of the answers given on director/vp rows: what they claim, to compare
    /// with `selective_accuracy`, what they achieve.
    pub mean_confidence: Option<f64>,
    /// Rows labeled either.
    pub either_rows: usize,
    /// Share of either rows answered `unsure`.
    pub either_unsure_rate: Option<f64>,
    /// Mean of the per-label right rates (director, vp, and either, over those present).
    pub balanced_accuracy: Option<f64>,
    /// Expected calibration error of the confidence of every answered row (10 equal bins).
    pub ece: Option<f64>,
}

/// `num / den`, undefined when `den` is 0.
fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// The mean of the defined values, undefined when there is none.
fn mean_of(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let defined: Vec<f64> = values.into_iter().flatten().collect();
    (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64)
}

/// A figure as printed in text: three decimals, or `n/a` when undefined.
pub fn format_figure(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}

fn counts_for(confusion: &mut Confusion, label: Label) -> &mut Counts {
    match label {
        Label::Director => &mut confusion.director,
        Label::Vp => &mut confusion.vp,
        Label::Either => &mut confusion.either,
    }
}

impl Confusion {
    /// Count one answer.
    pub fn add(&mut self, label: Label, answer: Answer) {
        counts_for(self, label).add(answer);
    }
}

/// Mean of the per-label right rates (director answered director, vp answered vp, either
/// answered unsure), over the labels that occur; undefined without rows.
pub fn balanced_accuracy(confusion: &Confusion) -> Option<f64> {
    let Confusion {
        director: d,
        vp: v,
        either: e,
    } = *confusion;
    mean_of([
        ratio(d.director, d.total()),
        ratio(v.vp, v.total()),
        ratio(e.unsure, e.total()),
    ])
}

/// Compute every figure from a set of outcomes.
pub fn figures(outcomes: &[Outcome]) -> Figures {
    let mut confusion = Confusion::default();
    for outcome in outcomes {
        confusion.add(outcome.label, outcome.answer);
    }
    let Confusion {
        director: d,
        vp: v,
        either: e,
    } = confusion;
    let (d_rows, v_rows, e_rows) = (d.total(), v.total(), e.total());
    let n_labeled = d_rows + v_rows;
    let right = d.director + v.vp;
    let answered = d.answered() + v.answered();

    let class = |tp: usize, predicted: usize, support: usize| {
        let precision = ratio(tp, predicted);
        let recall = ratio(tp, support);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            // Never answered but present: no answer of it is right.
            (None, Some(_)) => Some(0.0),
            _ => None,
        };
        ClassFigures {
            precision,
            recall,
            f1,
            support,
        }
    };
    let per_class = PerClass {
        director: class(d.director, d.director + v.director, d_rows),
        vp: class(v.vp, v.vp + d.vp, v_rows),
    };
    let answered_confidence: Vec<f64> = outcomes
        .iter()
        .filter(|o| o.label != Label::Either && o.answer != Answer::Unsure)
        .map(|o| o.confidence)
        .collect();

    Figures {
        n: outcomes.len(),
        n_labeled,
        accuracy: ratio(right, n_labeled),
        macro_f1: mean_of([per_class.director.f1, per_class.vp.f1]),
        per_class,
        confusion,
        unsure: d.unsure + v.unsure,
        coverage: ratio(answered, n_labeled),
        selective_accuracy: ratio(right, answered),
        mean_confidence: mean_of(answered_confidence.iter().map(|&c| Some(c))),
        either_rows: e_rows,
        either_unsure_rate: ratio(e.unsure, e_rows),
        balanced_accuracy: balanced_accuracy(&confusion),
        ece: expected_calibration_error(outcomes),
    }
}

/// Expected calibration error over the rows that got an answer: the answered rows are put in
/// 10 equal-width confidence bins, and the gaps between each bin's mean confidence and its
/// share of right answers are averaged, weighted by bin size.
pub fn expected_calibration_error(outcomes: &[Outcome]) -> Option<f64> {
    const BINS: usize = 10;
    let mut count = [0usize; BINS];
    let mut right = [0usize; BINS];
    let mut confidence = [0f64; BINS];
    for outcome in outcomes.iter().filter(|o| o.answer != Answer::Unsure) {
        let bin = ((outcome.confidence * BINS as f64) as usize).min(BINS - 1);
        count[bin] += 1;
        confidence[bin] += outcome.confidence;
        if outcome.is_right() {
            right[bin] += 1;
        }
    }
    let total: usize = count.iter().sum();
    (total > 0).then(|| {
        (0..BINS)
            .filter(|&b| count[b] > 0)
            .map(|b| {
                let gap = (right[b] as f64 - confidence[b]).abs();
                gap / total as f64
            })
            .sum()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(label: Label, answer: Answer, confidence: f64) -> Outcome {
        Outcome {
            label,
            answer,
            confidence,
        }
    }

    #[test]
    fn figures_count_unsure_as_wrong_and_either_as_right_when_unsure() {
        let outcomes = [
            o(Label::Director, Answer::Director, 0.9),
            o(Label::Director, Answer::Unsure, 0.6),
            o(Label::Vp, Answer::Vp, 0.9),
            o(Label::Vp, Answer::Director, 0.8),
            o(Label::Either, Answer::Unsure, 0.5),
            o(Label::Either, Answer::Vp, 0.9),
        ];
        let f = figures(&outcomes);
        assert_eq!(f.n, 6);
        assert_eq!(f.n_labeled, 4);
        assert_eq!(f.accuracy, Some(0.5));
        assert_eq!(f.unsure, 1);
        assert_eq!(f.coverage, Some(0.75));
        assert!((f.selective_accuracy.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!((f.mean_confidence.unwrap() - (0.9 + 0.9 + 0.8) / 3.0).abs() < 1e-12);
        assert_eq!(f.either_unsure_rate, Some(0.5));
        assert_eq!(f.per_class.director.precision, Some(0.5));
        assert_eq!(f.per_class.director.recall, Some(0.5));
        assert_eq!(f.per_class.vp.precision, Some(1.0));
        assert_eq!(f.per_class.vp.recall, Some(0.5));
        assert_eq!(f.confusion.vp.director, 1);
        assert_eq!(f.confusion.either.vp, 1);
        assert!((f.balanced_accuracy.unwrap() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn undefined_figures_are_none_and_absent_classes_do_not_count() {
        // Only either rows: nothing about director/vp is defined.
        let f = figures(&[
            o(Label::Either, Answer::Unsure, 0.5),
            o(Label::Either, Answer::Unsure, 0.5),
        ]);
        assert_eq!(f.accuracy, None);
        assert_eq!(f.coverage, None);
        assert_eq!(f.selective_accuracy, None);
        assert_eq!(f.mean_confidence, None);
        assert_eq!(f.macro_f1, None);
        assert_eq!(f.per_class.vp.recall, None);
        assert_eq!(f.ece, None);
        assert_eq!(f.either_unsure_rate, Some(1.0));
        assert_eq!(f.balanced_accuracy, Some(1.0));
        // Only vp rows, all right: macro-F1 is the vp F1, not dragged down by director.
        let f = figures(&[o(Label::Vp, Answer::Vp, 0.9), o(Label::Vp, Answer::Vp, 0.9)]);
        assert_eq!(f.macro_f1, Some(1.0));
        assert_eq!(f.per_class.director.f1, None);
        assert_eq!(f.balanced_accuracy, Some(1.0));
        assert_eq!(f.either_unsure_rate, None);
        assert_eq!(format_figure(f.either_unsure_rate), "n/a");
        assert_eq!(format_figure(f.macro_f1), "1.000");
        // JSON says null.
        let json = serde_json::to_value(&f).unwrap();
        assert!(json["either_unsure_rate"].is_null());
    }

    #[test]
    fn ece_is_zero_when_confidence_matches_accuracy() {
        let mut outcomes = Vec::new();
        for i in 0..10 {
            let answer = if i < 8 { Answer::Vp } else { Answer::Director };
            outcomes.push(o(Label::Vp, answer, 0.8));
        }
        assert!(expected_calibration_error(&outcomes).unwrap().abs() < 1e-12);
        let overconfident = [
            o(Label::Vp, Answer::Director, 0.95),
            o(Label::Vp, Answer::Vp, 0.95),
        ];
        assert!((expected_calibration_error(&overconfident).unwrap() - 0.45).abs() < 1e-12);
        assert_eq!(expected_calibration_error(&[]), None);
    }
}

//! What scoring a statement gives, and the one rule that turns naive Bayes log-odds into a
//! calibrated answer (used by the classifier and by the model search alike).
//!
//! A statement is scored by two naive Bayes stages over the same tokens:
//! - the **cue** stage sees only the level cues (terms chosen for separating director from vp
//!   rows while being rare in cue-less rows): it says whether a statement carries a level cue
//!   at all, and which way its cues point;
//! - the **ranking** stage sees the wider vocabulary: its log-odds rank the statement and,
//!   calibrated, give the confidence.
//!
//! An answer is given only when there is a cue, both stages point the same way, and the
//! calibrated confidence reaches the threshold; otherwise the answer is `unsure`. A model
//! without a ranking stage (format version 2 and older) scores with the cue stage alone, so
//! both log-odds are the same.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::label::Answer;
use crate::output::serialize_confidence;

/// A scored statement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// The answer after calibration and the threshold.
    pub answer: Answer,
    /// Probability of the top class (what the answer's confidence means).
    pub confidence: f64,
    /// Calibrated probability that the statement is VP-level.
    pub probability_vp: f64,
    /// Uncalibrated log-odds of the ranking stage, vp minus director.
    pub log_odds: f64,
    /// Log-odds of the cue stage, vp minus director (its sign is the direction the cues
    /// point).
    pub cue_log_odds: f64,
    /// Number of cue-term occurrences found.
    pub cues: u32,
}

impl Prediction {
    /// Calibrated probability that the statement is Director-level.
    pub fn probability_director(&self) -> f64 {
        1.0 - self.probability_vp
    }
}

/// One term's part in a decision: what it adds to each of the two stages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermContribution {
    /// The term (a word or a word pair).
    pub term: String,
    /// How often it occurs in the statement.
    pub count: u32,
    /// Its total contribution to the ranking stage's log-odds (count times its per-occurrence
    /// log-odds); 0 for a cue that is not in the ranking vocabulary.
    pub log_odds: f64,
    /// The class it pushes towards: for a level cue, the way its `cue_log_odds` points (the
    /// cue stage decides whether and which way there is an answer); for another term, the
    /// way its `log_odds` points.
    pub favours: Answer,
    /// Whether the term is a level cue (counted by the cue stage).
    pub cue: bool,
    /// Its total contribution to the cue stage's log-odds (count times its per-occurrence
    /// log-odds); 0 when it is no cue.
    pub cue_log_odds: f64,
}

/// Why a statement got its answer: every term of either stage found in it. Two sums hold
/// exactly (up to rounding):
/// - `prior_log_odds` plus the terms' `log_odds` is the ranking stage's log-odds (before
///   calibration), [`Explanation::log_odds`];
/// - `cue_prior_log_odds` plus the terms' `cue_log_odds` is the cue stage's log-odds,
///   `cue_log_odds`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Prior log-odds of the ranking stage (vp minus director).
    pub prior_log_odds: f64,
    /// Prior log-odds of the cue stage (vp minus director).
    pub cue_prior_log_odds: f64,
    /// Log-odds of the cue stage (its prior included), whose sign is the direction the level
    /// cues point; it only counts when there is a cue.
    pub cue_log_odds: f64,
    /// The terms found: the level cues first, strongest in the cue stage first, then the
    /// other terms of the ranking stage, strongest first.
    pub terms: Vec<TermContribution>,
    /// Tokens of the statement that are no one-word term of either stage.
    pub unknown_terms: Vec<String>,
}

impl Explanation {
    /// The ranking stage's log-odds this explanation adds up to.
    pub fn log_odds(&self) -> f64 {
        self.prior_log_odds + self.terms.iter().map(|t| t.log_odds).sum::<f64>()
    }
}

/// One classified statement as written in JSON output (`classify`, and any other front end
/// that answers with the same record), with its keys in this order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementRecord<'a> {
    /// 1-based input line (or position among the arguments).
    pub line: u64,
    /// The statement.
    pub text: &'a str,
    /// The answer.
    pub role: Answer,
    /// The answer's confidence.
    #[serde(serialize_with = "serialize_confidence")]
    pub confidence: f64,
    /// Calibrated probabilities of both levels.
    pub probabilities: Probabilities,
    /// Uncalibrated naive Bayes log-odds, vp minus director.
    pub log_odds: f64,
    /// Why, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// Calibrated probabilities of the two levels (they sum to 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Probabilities {
    /// Director-level.
    #[serde(serialize_with = "serialize_confidence")]
    pub director: f64,
    /// VP-level.
    #[serde(serialize_with = "serialize_confidence")]
    pub vp: f64,
}

impl<'a> StatementRecord<'a> {
    /// The record of `text` (on input line `line`) given its prediction.
    pub fn new(
        line: u64,
        text: &'a str,
        prediction: &Prediction,
        explanation: Option<Explanation>,
    ) -> StatementRecord<'a> {
        StatementRecord {
            line,
            text,
            role: prediction.answer,
            confidence: prediction.confidence,
            probabilities: Probabilities {
                director: prediction.probability_director(),
                vp: prediction.probability_vp,
            },
            log_odds: prediction.log_odds,
            explanation,
        }
    }
}

/// Calibration and abstention: probabilities are `sigmoid(log_odds / temperature)` of the
/// ranking stage, and an answer is `unsure` when it rests on no cue, when the cues point the
/// other way than the ranking (or either is an exact tie), or when its top probability is
/// below `threshold`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// Divides the log-odds before the sigmoid.
    pub temperature: f64,
    /// Answers below this confidence are `unsure`.
    pub threshold: f64,
}

impl Calibration {
    /// Turn the two stages' raw log-odds and the cue count into a calibrated answer.
    #[inline]
    pub fn decide(&self, log_odds: f64, cue_log_odds: f64, cues: u32) -> Prediction {
        let probability_vp = sigmoid(log_odds / self.temperature);
        let confidence = probability_vp.max(1.0 - probability_vp);
        let answer = match stages_agree(log_odds, cue_log_odds) {
            Some(answer) if cues > 0 && confidence >= self.threshold => answer,
            _ => Answer::Unsure,
        };
        Prediction {
            answer,
            confidence,
            probability_vp,
            log_odds,
            cue_log_odds,
            cues,
        }
    }
}

/// The level both stages point to, or `None` when they disagree or either is an exact tie.
#[inline]
pub fn stages_agree(log_odds: f64, cue_log_odds: f64) -> Option<Answer> {
    if log_odds > 0.0 && cue_log_odds > 0.0 {
        Some(Answer::Vp)
    } else if log_odds < 0.0 && cue_log_odds < 0.0 {
        Some(Answer::Director)
    } else {
        None
    }
}

/// The range of an abstention threshold, inclusive: below ½ every answer would pass.
pub const THRESHOLD_RANGE: std::ops::RangeInclusive<f64> = 0.5..=1.0;

/// Check an abstention threshold (0.5 to 1).
pub fn validate_threshold(threshold: f64) -> Result<()> {
    if THRESHOLD_RANGE.contains(&threshold) {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "threshold must be between 0.5 and 1, got {threshold}"
        )))
    }
}

/// The logistic function, stable for large |x|.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_is_stable() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert!(sigmoid(800.0) <= 1.0 && sigmoid(800.0) > 0.99);
        assert!(sigmoid(-800.0) >= 0.0 && sigmoid(-800.0) < 0.01);
        assert!(sigmoid(-800.0).is_finite());
    }

    #[test]
    fn no_cue_or_low_confidence_is_unsure() {
        let c = Calibration {
            temperature: 1.0,
            threshold: 0.8,
        };
        assert_eq!(c.decide(5.0, 5.0, 0).answer, Answer::Unsure);
        assert_eq!(c.decide(0.5, 0.5, 1).answer, Answer::Unsure);
        assert_eq!(c.decide(5.0, 1.0, 1).answer, Answer::Vp);
        assert_eq!(c.decide(-5.0, -1.0, 1).answer, Answer::Director);
    }

    #[test]
    fn stages_that_disagree_or_tie_are_unsure() {
        let c = Calibration {
            temperature: 1.0,
            threshold: 0.5,
        };
        assert_eq!(c.decide(5.0, -1.0, 2).answer, Answer::Unsure);
        assert_eq!(c.decide(-5.0, 1.0, 2).answer, Answer::Unsure);
        // A tie is no answer, whatever the threshold: 0.5 confidence is not director.
        assert_eq!(c.decide(0.0, 0.0, 1).answer, Answer::Unsure);
        assert_eq!(c.decide(0.0, -3.0, 1).answer, Answer::Unsure);
        assert_eq!(c.decide(4.0, 0.0, 1).answer, Answer::Unsure);
    }
}

//! What scoring a statement gives, and the one rule that turns naive Bayes log-odds into a
//! calibrated answer (used by the classifier and by the model search alike).

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
    /// Uncalibrated naive Bayes log-odds, vp minus director.
    pub log_odds: f64,
    /// Number of cue-term occurrences found.
    pub cues: u32,
}

impl Prediction {
    /// Calibrated probability that the statement is Director-level.
    pub fn probability_director(&self) -> f64 {
        1.0 - self.probability_vp
    }
}

/// One term's part in a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermContribution {
    /// The term (a word or a word pair).
    pub term: String,
    /// How often it occurs in the statement.
    pub count: u32,
    /// Its total contribution to the log-odds (count times its per-occurrence log-odds).
    pub log_odds: f64,
    /// The class it pushes towards.
    pub favours: Answer,
}

/// Why a statement got its answer: the prior plus the sum of the term contributions equals the
/// model's log-odds (before calibration).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Prior log-odds (vp minus director).
    pub prior_log_odds: f64,
    /// Cue terms found, strongest first.
    pub terms: Vec<TermContribution>,
    /// Tokens of the statement that are not cue terms of the model.
    pub unknown_terms: Vec<String>,
}

impl Explanation {
    /// The log-odds this explanation adds up to.
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

/// Calibration and abstention: probabilities are `sigmoid(log_odds / temperature)`, and an
/// answer whose top probability is below `threshold` (or that rests on no cue) is `unsure`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// Divides the log-odds before the sigmoid.
    pub temperature: f64,
    /// Answers below this confidence are `unsure`.
    pub threshold: f64,
}

impl Calibration {
    /// Turn raw log-odds and a cue count into a calibrated answer.
    #[inline]
    pub fn decide(&self, log_odds: f64, cues: u32) -> Prediction {
        let probability_vp = sigmoid(log_odds / self.temperature);
        let confidence = probability_vp.max(1.0 - probability_vp);
        let answer = if cues == 0 || confidence < self.threshold {
            Answer::Unsure
        } else if probability_vp > 0.5 {
            Answer::Vp
        } else {
            Answer::Director
        };
        Prediction {
            answer,
            confidence,
            probability_vp,
            log_odds,
            cues,
        }
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
        assert_eq!(c.decide(5.0, 0).answer, Answer::Unsure);
        assert_eq!(c.decide(0.5, 1).answer, Answer::Unsure);
        assert_eq!(c.decide(5.0, 1).answer, Answer::Vp);
        assert_eq!(c.decide(-5.0, 1).answer, Answer::Director);
    }
}

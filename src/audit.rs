//! Auditing a whole job posting: classify its duty statements and weigh them into one verdict
//! on whether the duties match the level the title claims.
//!
//! Lines of one posting are not independent evidence of one level: in real postings about a
//! third of the lines with a level cue point to the *other* level. So each line is read under a
//! contamination model: it comes from the posting's level with probability `1 - ε`, and from
//! the other level with probability `ε` ([`LINE_NOISE`], 1/3). A line with calibrated
//! probability `p` of being VP-level then contributes
//! `ln(((1-ε)p + ε(1-p)) / (εp + (1-ε)(1-p)))` to the posting's log-odds, which is bounded by
//! `±ln((1-ε)/ε) = ±ln 2`: one loud line cannot outvote several quiet ones, and four director
//! lines against four vp lines come out mixed. The posting's confidence is the sigmoid of the
//! summed contributions of the lines that got an answer.

use serde::Serialize;

use crate::label::{named_enum, Answer, Counts, Level};
use crate::model::{sigmoid, Classifier, Explanation};
use crate::output::serialize_confidence;
use crate::posting::{self, Skipped};

/// The confidence a posting's duties need to be called a mismatch, unless told otherwise.
pub const DEFAULT_MISMATCH_CONFIDENCE: f64 = 0.8;

/// Share of cue lines assumed to point to the other level than the posting's own.
pub const LINE_NOISE: f64 = 1.0 / 3.0;

named_enum! {
    /// The audit's conclusion for one posting (named in JSON and CSV output).
    pub enum Verdict {
        /// The duties read as the level the title claims.
        Consistent = "consistent",
        /// The duties read as the other level, with confidence at or above the threshold.
        Mismatch = "mismatch",
        /// No level is clear enough (or the title claims no level we know).
        Mixed = "mixed",
        /// No duty statements were found.
        NoDutiesFound = "no_duties_found",
    }
}

/// One classified duty statement. Serialized with its fields in this order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditedStatement {
    /// The statement.
    pub text: String,
    /// The answer.
    pub role: Answer,
    /// The answer's confidence.
    #[serde(serialize_with = "serialize_confidence")]
    pub confidence: f64,
    /// The heading it sits under.
    pub section: Option<String>,
    /// 1-based line in the posting.
    pub line: usize,
    /// Its contribution to the posting's log-odds (vp positive).
    pub evidence: f64,
    /// Why it got its answer; computed only when asked for (see [`audit_posting`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// The audit of one posting. Serialized with its fields in this order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostingAudit {
    /// The file (or `-`).
    pub file: String,
    /// The title found (or given).
    pub title: Option<String>,
    /// The level the title claims.
    pub claimed_level: Level,
    /// The level the duties read as.
    pub content_level: Level,
    /// Confidence in `content_level` (0.5 when unknown).
    #[serde(serialize_with = "serialize_confidence")]
    pub confidence: f64,
    /// The verdict.
    pub verdict: Verdict,
    /// Lines per answer.
    pub counts: Counts,
    /// Every duty statement, in posting order.
    pub statements: Vec<AuditedStatement>,
    /// Everything not classified, with the reason.
    pub skipped: Vec<Skipped>,
}

impl PostingAudit {
    /// The duty lines whose answer disagrees with the claimed level, strongest first.
    pub fn disagreeing(&self) -> Vec<&AuditedStatement> {
        let other = match self.claimed_level {
            Level::Director => Answer::Vp,
            Level::Vp => Answer::Director,
            Level::Unknown => return Vec::new(),
        };
        let mut lines: Vec<&AuditedStatement> =
            self.statements.iter().filter(|s| s.role == other).collect();
        lines.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then(a.line.cmp(&b.line))
        });
        lines
    }

    /// Share of the answered lines that are director-level (0.5 when none).
    pub fn director_share(&self) -> f64 {
        let answered = self.counts.answered();
        if answered == 0 {
            0.5
        } else {
            self.counts.director as f64 / answered as f64
        }
    }
}

/// A line's contribution to the posting's log-odds under the contamination model.
pub fn line_evidence(probability_vp: f64) -> f64 {
    let (p, e) = (probability_vp, LINE_NOISE);
    (((1.0 - e) * p + e * (1.0 - p)) / (e * p + (1.0 - e) * (1.0 - p))).ln()
}

/// Audit one posting's text. `threshold` is the confidence needed for a mismatch; `explain`
/// computes every statement's explanation (otherwise they are `None`: explaining costs more
/// than classifying).
pub fn audit_posting(
    classifier: &Classifier,
    file: &str,
    text: &str,
    title_override: Option<&str>,
    threshold: f64,
    explain: bool,
) -> PostingAudit {
    let parsed = posting::parse_posting(text, title_override);
    let mut counts = Counts::default();
    let mut log_odds = 0.0;
    let statements: Vec<AuditedStatement> = parsed
        .statements
        .into_iter()
        .map(|statement| {
            let prediction = classifier.classify(&statement.text);
            counts.add(prediction.answer);
            let evidence = match prediction.answer {
                Answer::Director | Answer::Vp => line_evidence(prediction.probability_vp),
                Answer::Unsure => 0.0,
            };
            log_odds += evidence;
            AuditedStatement {
                explanation: explain.then(|| classifier.explain(&statement.text)),
                text: statement.text,
                role: prediction.answer,
                confidence: prediction.confidence,
                section: statement.section,
                line: statement.line,
                evidence,
            }
        })
        .collect();
    let probability_vp = sigmoid(log_odds);
    let (content_level, confidence) = if counts.answered() == 0 {
        (Level::Unknown, 0.5)
    } else if log_odds > 0.0 {
        (Level::Vp, probability_vp)
    } else if log_odds < 0.0 {
        (Level::Director, 1.0 - probability_vp)
    } else {
        (Level::Unknown, 0.5)
    };
    let verdict = if statements.is_empty() {
        Verdict::NoDutiesFound
    } else {
        match (parsed.claimed_level, content_level) {
            (_, Level::Unknown) | (Level::Unknown, _) => Verdict::Mixed,
            _ if confidence < threshold => Verdict::Mixed,
            (Level::Director, Level::Director) | (Level::Vp, Level::Vp) => Verdict::Consistent,
            _ => Verdict::Mismatch,
        }
    };
    PostingAudit {
        file: file.to_owned(),
        title: parsed.title,
        claimed_level: parsed.claimed_level,
        content_level,
        confidence,
        verdict,
        counts,
        statements,
        skipped: parsed.skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_evidence_is_bounded_and_symmetric() {
        let max = ((1.0 - LINE_NOISE) / LINE_NOISE).ln();
        assert!((line_evidence(1.0) - max).abs() < 1e-12);
        assert!((line_evidence(0.0) + max).abs() < 1e-12);
        assert!(line_evidence(0.5).abs() < 1e-12);
        assert!((line_evidence(0.9) + line_evidence(0.1)).abs() < 1e-12);
    }
}

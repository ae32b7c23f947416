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

use crate::model::{sigmoid, Answer, Classifier, Explanation};
use crate::posting::{self, ClaimedLevel, Skipped};

/// Share of cue lines assumed to point to the other level than the posting's own.
pub const LINE_NOISE: f64 = 1.0 / 3.0;

/// The audit's conclusion for one posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The duties read as the level the title claims.
    Consistent,
    /// The duties read as the other level, with confidence at or above the threshold.
    Mismatch,
    /// No level is clear enough (or the title claims no level we know).
    Mixed,
    /// No duty statements were found.
    NoDutiesFound,
}

impl Verdict {
    /// The verdict as written in JSON and CSV output.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Mismatch => "mismatch",
            Verdict::Mixed => "mixed",
            Verdict::NoDutiesFound => "no_duties_found",
        }
    }
}

/// The level the duties read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentLevel {
    /// Director-level duties dominate.
    Director,
    /// VP-level duties dominate.
    Vp,
    /// No duty line carried a level cue.
    Unknown,
}

impl ContentLevel {
    /// The level as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentLevel::Director => "director",
            ContentLevel::Vp => "vp",
            ContentLevel::Unknown => "unknown",
        }
    }
}

/// Lines per answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Lines answered director.
    pub director: usize,
    /// Lines answered vp.
    pub vp: usize,
    /// Lines answered unsure.
    pub unsure: usize,
}

/// One classified duty statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditedStatement {
    /// The statement.
    pub text: String,
    /// The answer.
    pub role: Answer,
    /// The answer's confidence.
    pub confidence: f64,
    /// The heading it sits under.
    pub section: Option<String>,
    /// 1-based line in the posting.
    pub line: usize,
    /// Its contribution to the posting's log-odds (vp positive).
    pub evidence: f64,
    /// Why it got its answer.
    pub explanation: Explanation,
}

/// The audit of one posting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostingAudit {
    /// The file (or `-`).
    pub file: String,
    /// The title found (or given).
    pub title: Option<String>,
    /// The level the title claims.
    pub claimed_level: ClaimedLevel,
    /// The level the duties read as.
    pub content_level: ContentLevel,
    /// Confidence in `content_level` (0.5 when unknown).
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
            ClaimedLevel::Director => Answer::Vp,
            ClaimedLevel::Vp => Answer::Director,
            ClaimedLevel::Unknown => return Vec::new(),
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
        let answered = self.counts.director + self.counts.vp;
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

/// Audit one posting's text. `threshold` is the confidence needed for a mismatch.
pub fn audit_posting(
    classifier: &Classifier,
    file: &str,
    text: &str,
    title_override: Option<&str>,
    threshold: f64,
) -> PostingAudit {
    let parsed = posting::parse_posting(text, title_override);
    let mut counts = Counts::default();
    let mut log_odds = 0.0;
    let statements: Vec<AuditedStatement> = parsed
        .statements
        .into_iter()
        .map(|statement| {
            let prediction = classifier.classify(&statement.text);
            let evidence = match prediction.answer {
                Answer::Director => {
                    counts.director += 1;
                    line_evidence(prediction.probability_vp)
                }
                Answer::Vp => {
                    counts.vp += 1;
                    line_evidence(prediction.probability_vp)
                }
                Answer::Unsure => {
                    counts.unsure += 1;
                    0.0
                }
            };
            log_odds += evidence;
            AuditedStatement {
                explanation: classifier.explain(&statement.text),
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
    let (content_level, confidence) = if counts.director + counts.vp == 0 {
        (ContentLevel::Unknown, 0.5)
    } else if log_odds > 0.0 {
        (ContentLevel::Vp, probability_vp)
    } else if log_odds < 0.0 {
        (ContentLevel::Director, 1.0 - probability_vp)
    } else {
        (ContentLevel::Unknown, 0.5)
    };
    let verdict = if statements.is_empty() {
        Verdict::NoDutiesFound
    } else {
        match (parsed.claimed_level, content_level) {
            (_, ContentLevel::Unknown) | (ClaimedLevel::Unknown, _) => Verdict::Mixed,
            _ if confidence < threshold => Verdict::Mixed,
            (ClaimedLevel::Director, ContentLevel::Director)
            | (ClaimedLevel::Vp, ContentLevel::Vp) => Verdict::Consistent,
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

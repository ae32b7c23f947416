//! Vocabulary and feature counts: turning labeled statements into sparse term counts, the
//! per-class statistics of every term, and the choice of which terms are level *cues*.
//!
//! Naive Bayes lets every word vote. On real postings most words are generic leadership
//! wording that our written data happens to tilt one way or the other, and enough of them
//! outvote the one word that carries the level ("department", "sprint", "board"). So only
//! cue terms enter the model: terms whose document frequency differs enough between director
//! and vp rows, and which are not as common in `either` rows (duties with no level cue) as in
//! the class they favour. A statement with no cue term gets no answer (`unsure`).

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::data::{Label, LabeledRow};
use crate::text::{self, TokenizerConfig};

/// Tokenised rows for one tokenizer setting: each row as sorted `(term id, count)` pairs.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Every distinct feature of the corpus, sorted; a term id indexes this.
    pub terms: Vec<String>,
    /// Per row, the `(term id, count)` pairs, sorted by term id.
    pub docs: Vec<Vec<(u32, u32)>>,
    /// Per row, its label.
    pub labels: Vec<Label>,
}

impl Corpus {
    /// Tokenise `rows` with `config`.
    pub fn build(rows: &[LabeledRow], config: &TokenizerConfig) -> Corpus {
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut raw_docs = Vec::with_capacity(rows.len());
        for row in rows {
            let mut doc: Vec<u32> = text::features(&row.text, config)
                .into_iter()
                .map(|feature| {
                    let next = ids.len() as u32;
                    *ids.entry(feature).or_insert(next)
                })
                .collect();
            doc.sort_unstable();
            raw_docs.push(doc);
        }
        // Renumber so that term ids follow the sorted order of the terms.
        let mut terms: Vec<(String, u32)> = ids.into_iter().collect();
        terms.sort_unstable();
        let mut remap = vec![0u32; terms.len()];
        for (new_id, (_, old_id)) in terms.iter().enumerate() {
            remap[*old_id as usize] = new_id as u32;
        }
        let docs = raw_docs
            .into_iter()
            .map(|doc| count_sorted(doc.into_iter().map(|id| remap[id as usize])))
            .collect();
        Corpus {
            terms: terms.into_iter().map(|(term, _)| term).collect(),
            docs,
            labels: rows.iter().map(|row| row.label).collect(),
        }
    }
}

/// Collapse term ids into sorted `(id, count)` pairs.
fn count_sorted(ids: impl Iterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut ids: Vec<u32> = ids.collect();
    ids.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(ids.len());
    for id in ids {
        match out.last_mut() {
            Some((last, count)) if *last == id => *count += 1,
            _ => out.push((id, 1)),
        }
    }
    out
}

/// Index of a label in the per-class arrays: director 0, vp 1, either 2.
pub fn class_index(label: Label) -> usize {
    match label {
        Label::Director => 0,
        Label::Vp => 1,
        Label::Either => 2,
    }
}

/// Per-class counts of every term over a subset of a corpus.
#[derive(Debug, Clone)]
pub struct TermStats {
    /// Rows per class (director, vp, either).
    pub rows: [u32; 3],
    /// Document frequency of each term per class.
    pub df: [Vec<u32>; 3],
    /// Total count of each term per class (the multinomial counts).
    pub tf: [Vec<u32>; 3],
}

impl TermStats {
    /// Count the rows of `corpus` selected by `indices`.
    pub fn collect(corpus: &Corpus, indices: impl IntoIterator<Item = usize>) -> TermStats {
        let n = corpus.terms.len();
        let mut stats = TermStats {
            rows: [0; 3],
            df: [vec![0; n], vec![0; n], vec![0; n]],
            tf: [vec![0; n], vec![0; n], vec![0; n]],
        };
        for i in indices {
            let c = class_index(corpus.labels[i]);
            stats.rows[c] += 1;
            for &(term, count) in &corpus.docs[i] {
                stats.df[c][term as usize] += 1;
                stats.tf[c][term as usize] += count;
            }
        }
        stats
    }
}

/// How cue terms are chosen. Chosen by cross-validation and stored in the model file.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CueSelection {
    /// Minimum number of director + vp rows a term must occur in.
    pub min_df: u32,
    /// Minimum |log ratio| of the term's smoothed document rates in vp vs director rows.
    pub min_log_ratio: f64,
    /// Maximum log ratio of the term's rate in `either` rows to its rate in the class it
    /// favours; `None` disables the check.
    pub max_generic_log_ratio: Option<f64>,
}

/// Smoothing for the document rates used in cue selection (a half row per class).
const RATE_SMOOTHING: f64 = 0.5;

fn rate(df: u32, rows: u32) -> f64 {
    (f64::from(df) + RATE_SMOOTHING) / (f64::from(rows) + 2.0 * RATE_SMOOTHING)
}

/// Per-term figures behind the cue decision (used by `inspect` and tests).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CueScore {
    /// ln(rate in vp rows / rate in director rows).
    pub log_ratio: f64,
    /// ln(rate in either rows / rate in the favoured class), `None` without either rows.
    pub generic_log_ratio: Option<f64>,
}

impl TermStats {
    /// The figures deciding whether `term` is a cue.
    pub fn cue_score(&self, term: usize) -> CueScore {
        let director = rate(self.df[0][term], self.rows[0]);
        let vp = rate(self.df[1][term], self.rows[1]);
        let generic_log_ratio = (self.rows[2] > 0)
            .then(|| rate(self.df[2][term], self.rows[2]).ln() - director.max(vp).ln());
        CueScore {
            log_ratio: vp.ln() - director.ln(),
            generic_log_ratio,
        }
    }

    /// Term ids that pass `selection`, ascending.
    pub fn select(&self, selection: &CueSelection) -> Vec<u32> {
        (0..self.df[0].len())
            .filter(|&term| {
                if self.df[0][term] + self.df[1][term] < selection.min_df {
                    return false;
                }
                let score = self.cue_score(term);
                if score.log_ratio.abs() < selection.min_log_ratio {
                    return false;
                }
                match (selection.max_generic_log_ratio, score.generic_log_ratio) {
                    (Some(max), Some(generic)) => generic <= max,
                    _ => true,
                }
            })
            .map(|term| term as u32)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(text: &str, label: Label) -> LabeledRow {
        LabeledRow {
            text: text.to_owned(),
            label,
            line: 0,
        }
    }

    #[test]
    fn corpus_terms_are_sorted_and_counted() {
        let config = TokenizerConfig {
            bigrams: false,
            ..TokenizerConfig::default()
        };
        let corpus = Corpus::build(
            &[
                row("budget budget department", Label::Vp),
                row("sprint team", Label::Director),
            ],
            &config,
        );
        assert_eq!(corpus.terms, ["budget", "department", "sprint", "team"]);
        assert_eq!(corpus.docs[0], [(0, 2), (1, 1)]);
        assert_eq!(corpus.docs[1], [(2, 1), (3, 1)]);
    }

    #[test]
    fn selection_keeps_cues_and_drops_generic_words() {
        let config = TokenizerConfig {
            bigrams: false,
            ..TokenizerConfig::default()
        };
        let mut rows = Vec::new();
        for _ in 0..10 {
            rows.push(row("lead culture department", Label::Vp));
            rows.push(row("lead culture sprint", Label::Director));
            rows.push(row("culture mentor", Label::Either));
        }
        rows.push(row("lead mentor", Label::Vp));
        let corpus = Corpus::build(&rows, &config);
        let stats = TermStats::collect(&corpus, 0..rows.len());
        let keep = stats.select(&CueSelection {
            min_df: 2,
            min_log_ratio: 0.5,
            max_generic_log_ratio: Some(0.0),
        });
        let kept: Vec<&str> = keep
            .iter()
            .map(|&t| corpus.terms[t as usize].as_str())
            .collect();
        assert_eq!(kept, ["department", "sprint"]);
    }
}

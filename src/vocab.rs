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

use crate::label::{Label, LabeledRow};
use crate::text::{self, FeatureBuffers, TokenizerConfig};

/// Tokenised rows for one tokenizer setting, stored flat: row `i` holds the sorted
/// `(term id, count)` pairs `entries[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Every distinct feature of the corpus, sorted; a term id indexes this.
    pub terms: Vec<String>,
    offsets: Vec<usize>,
    entries: Vec<(u32, u32)>,
    /// Per row, its label.
    pub labels: Vec<Label>,
}

impl Corpus {
    /// Tokenise `rows` with `config`.
    pub fn build(rows: &[LabeledRow], config: &TokenizerConfig) -> Corpus {
        let mut dictionary = Dictionary::default();
        let mut buffers = FeatureBuffers::default();
        let mut offsets = Vec::with_capacity(rows.len() + 1);
        let mut entries = Vec::new();
        let mut ids = Vec::new();
        offsets.push(0);
        for row in rows {
            ids.clear();
            text::for_each_feature(&row.text, config, &mut buffers, |feature| {
                ids.push(dictionary.id(feature));
            });
            push_counts(&mut ids, &mut entries);
            offsets.push(entries.len());
        }
        // Renumber so that term ids follow the sorted order of the terms.
        let (terms, remap) = dictionary.into_sorted();
        for entry in &mut entries {
            entry.0 = remap[entry.0 as usize];
        }
        for window in offsets.windows(2) {
            entries[window[0]..window[1]].sort_unstable();
        }
        Corpus {
            terms,
            offsets,
            entries,
            labels: rows.iter().map(|row| row.label).collect(),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Row `i` as sorted `(term id, count)` pairs.
    pub fn doc(&self, i: usize) -> &[(u32, u32)] {
        &self.entries[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// Assigns term ids to features in order of first sight.
#[derive(Debug, Default)]
pub struct Dictionary {
    ids: FxHashMap<String, u32>,
}

impl Dictionary {
    /// The id of `feature`, new if unseen.
    pub fn id(&mut self, feature: &str) -> u32 {
        if let Some(&id) = self.ids.get(feature) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(feature.to_owned(), id);
        id
    }

    /// The terms sorted, and for each old id its position in that order.
    pub fn into_sorted(self) -> (Vec<String>, Vec<u32>) {
        let mut terms: Vec<(String, u32)> = self.ids.into_iter().collect();
        terms.sort_unstable();
        let mut remap = vec![0u32; terms.len()];
        for (new_id, (_, old_id)) in terms.iter().enumerate() {
            remap[*old_id as usize] = new_id as u32;
        }
        (terms.into_iter().map(|(term, _)| term).collect(), remap)
    }
}

/// Append the ids in `ids` (sorted here) to `out` as `(id, count)` pairs.
pub fn push_counts(ids: &mut [u32], out: &mut Vec<(u32, u32)>) {
    ids.sort_unstable();
    let start = out.len();
    for &id in ids.iter() {
        if out.len() > start {
            if let Some((last, count)) = out.last_mut() {
                if *last == id {
                    *count += 1;
                    continue;
                }
            }
        }
        out.push((id, 1));
    }
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
        let mut stats = TermStats::with_terms(corpus.terms.len());
        for i in indices {
            stats.add(corpus.doc(i), corpus.labels[i]);
        }
        stats
    }

    /// Empty statistics for `n` terms (more are added as they are seen).
    pub fn with_terms(n: usize) -> TermStats {
        TermStats {
            rows: [0; 3],
            df: [vec![0; n], vec![0; n], vec![0; n]],
            tf: [vec![0; n], vec![0; n], vec![0; n]],
        }
    }

    /// Count one row given as `(term id, count)` pairs.
    pub fn add(&mut self, doc: &[(u32, u32)], label: Label) {
        let c = class_index(label);
        self.rows[c] += 1;
        for &(term, count) in doc {
            let term = term as usize;
            if term >= self.df[0].len() {
                for per_class in self.df.iter_mut().chain(self.tf.iter_mut()) {
                    per_class.resize(term + 1, 0);
                }
            }
            self.df[c][term] += 1;
            self.tf[c][term] += count;
        }
    }
}

/// How cue terms are chosen. Chosen by cross-validation and stored in the model file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct CueSelection {
    /// Minimum number of director + vp rows a term must occur in.
    pub min_df: u32,
    /// Minimum |log ratio| of the term's smoothed document rates in vp vs director rows.
    pub min_log_ratio: f64,
    /// Maximum log ratio of the term's rate in `either` rows to its rate in the class it
    /// favours; `None` disables the check.
    pub max_generic_log_ratio: Option<f64>,
}

/// At most this many cue terms: the strongest by |log ratio|. A large training file can pass
/// tens of thousands of terms through the filters, and linfa-bayes fits dense matrices whose
/// width is the vocabulary; real statements rarely need more than a few thousand cues.
pub const MAX_CUE_TERMS: usize = 4096;

impl TermStats {
    /// Rows (of any label) that `term` occurs in.
    pub fn document_frequency(&self, term: usize) -> u32 {
        self.df.iter().map(|per_class| per_class[term]).sum()
    }

    /// Term ids of the ranking vocabulary, ascending: terms in at least `min_df` rows, at most
    /// `max_terms` of them, the most frequent (ties go to the lower id).
    pub fn select_ranking(&self, min_df: u32, max_terms: usize) -> Vec<u32> {
        let mut kept: Vec<(u32, u32)> = (0..self.df[0].len())
            .map(|term| (term as u32, self.document_frequency(term)))
            .filter(|&(_, df)| df >= min_df)
            .collect();
        if kept.len() > max_terms {
            kept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            kept.truncate(max_terms);
            kept.sort_unstable_by_key(|&(t, _)| t);
        }
        kept.into_iter().map(|(t, _)| t).collect()
    }
}

/// Smoothing for the document rates used in cue selection (a half row per class).
const RATE_SMOOTHING: f64 = 0.5;

fn rate(df: u32, rows: u32) -> f64 {
    (f64::from(df) + RATE_SMOOTHING) / (f64::from(rows) + 2.0 * RATE_SMOOTHING)
}

/// Per-term figures behind the cue decision.
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
        let mut kept: Vec<(u32, f64)> = (0..self.df[0].len())
            .filter_map(|term| {
                if self.df[0][term] + self.df[1][term] < selection.min_df {
                    return None;
                }
                let score = self.cue_score(term);
                if score.log_ratio.abs() < selection.min_log_ratio {
                    return None;
                }
                match (selection.max_generic_log_ratio, score.generic_log_ratio) {
                    (Some(max), Some(generic)) if generic > max => None,
                    _ => Some((term as u32, score.log_ratio.abs())),
                }
            })
            .collect();
        if kept.len() > MAX_CUE_TERMS {
            // Keep the strongest cues; ties go to the more frequent, then the lower id.
            let df = |t: u32| self.df[0][t as usize] + self.df[1][t as usize];
            kept.sort_by(|a, b| {
                b.1.total_cmp(&a.1)
                    .then_with(|| df(b.0).cmp(&df(a.0)))
                    .then_with(|| a.0.cmp(&b.0))
            });
            kept.truncate(MAX_CUE_TERMS);
            kept.sort_unstable_by_key(|&(t, _)| t);
        }
        kept.into_iter().map(|(t, _)| t).collect()
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
        assert_eq!(corpus.doc(0), [(0, 2), (1, 1)]);
        assert_eq!(corpus.doc(1), [(2, 1), (3, 1)]);
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

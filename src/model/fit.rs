//! Fitting the final model: choose the cue vocabulary from every row, then fit naive Bayes on
//! the director and vp rows through the linfa-bayes adapter.

use rustc_hash::FxHashMap;

use super::file_format::{Hyperparameters, Model, ModelCard, NbStage, FORMAT_VERSION};
use super::linfa::fit_naive_bayes;
use crate::error::Result;
use crate::label::{Label, LabeledRow};
use crate::text::{self, FeatureBuffers, TokenizerConfig};
use crate::vocab::{push_counts, Dictionary, TermStats};

/// Everything needed to build a [`Model`] besides the fitted parameters.
#[derive(Debug, Clone)]
pub struct ModelSpec {
    /// Tokenizer settings.
    pub tokenizer: TokenizerConfig,
    /// Model settings.
    pub hyperparameters: Hyperparameters,
    /// The model card (training data and model selection; held-out figures come later).
    pub card: ModelCard,
}

/// Fit the final model on all `rows` with the chosen settings: pick the cue vocabulary from
/// every row (either rows included), then fit naive Bayes on the director and vp rows.
///
/// Both passes stream over the rows (no per-row feature table is kept), so memory grows with
/// the vocabulary, not with the number of rows.
pub fn fit_model(rows: &[LabeledRow], spec: ModelSpec) -> Result<Model> {
    spec.hyperparameters.validate()?;
    let tokenizer = spec.tokenizer;
    let mut buffers = FeatureBuffers::default();
    let mut ids = Vec::new();
    let mut doc = Vec::new();

    // Pass 1: per-class statistics of every feature, then the cue vocabulary.
    let mut dictionary = Dictionary::default();
    let mut stats = TermStats::with_terms(0);
    for row in rows {
        ids.clear();
        doc.clear();
        text::for_each_feature(&row.text, &tokenizer, &mut buffers, |feature| {
            ids.push(dictionary.id(feature));
        });
        push_counts(&mut ids, &mut doc);
        stats.add(&doc, row.label);
    }
    let selected = stats.select(&spec.hyperparameters.cue_selection);
    drop(stats);
    let (terms, remap) = dictionary.into_sorted();
    let mut vocabulary: Vec<String> = selected
        .iter()
        .map(|&old| terms[remap[old as usize] as usize].clone())
        .collect();
    drop(terms);
    vocabulary.sort_unstable();
    let index: FxHashMap<&str, u32> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, term)| (term.as_str(), i as u32))
        .collect();

    // Pass 2: the director and vp rows over the cue vocabulary, into linfa-bayes.
    let training_rows = rows.iter().filter_map(|row| {
        let class = match row.label {
            Label::Director => 0,
            Label::Vp => 1,
            Label::Either => return None,
        };
        let mut ids = Vec::new();
        text::for_each_feature(&row.text, &tokenizer, &mut buffers, |feature| {
            if let Some(&id) = index.get(feature) {
                ids.push(id);
            }
        });
        let mut doc = Vec::with_capacity(ids.len());
        push_counts(&mut ids, &mut doc);
        Some((doc, class))
    });
    let params = fit_naive_bayes(training_rows, vocabulary.len(), spec.hyperparameters.alpha)?;
    drop(index);
    Ok(Model {
        format_version: FORMAT_VERSION,
        tokenizer: spec.tokenizer,
        hyperparameters: spec.hyperparameters,
        classes: [Label::Director, Label::Vp],
        cues: NbStage::new(vocabulary, params),
        card: spec.card,
    })
}

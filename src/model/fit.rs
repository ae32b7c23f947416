//! Fitting the final model: choose the cue and ranking vocabularies from every row, then fit
//! naive Bayes on the director and vp rows over each vocabulary through the linfa-bayes
//! adapter.

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

/// Fit the final model on all `rows` with the chosen settings: pick the cue vocabulary (and,
/// for a two-stage model, the ranking vocabulary) from every row, either rows included, then
/// fit naive Bayes on the director and vp rows over each.
///
/// Every pass streams over the rows (no per-row feature table is kept), so memory grows with
/// the vocabulary, not with the number of rows.
pub fn fit_model(rows: &[LabeledRow], spec: ModelSpec) -> Result<Model> {
    let hyperparameters = spec.hyperparameters;
    hyperparameters.validate()?;
    let tokenizer = spec.tokenizer;
    let mut buffers = FeatureBuffers::default();
    let mut ids = Vec::new();
    let mut doc = Vec::new();

    // Pass 1: per-class statistics of every feature, then the vocabularies.
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
    let cue_ids = stats.select(&hyperparameters.cue_selection);
    let ranking_ids = hyperparameters
        .ranking
        .map(|r| stats.select_ranking(r.min_df, r.max_terms));
    drop(stats);
    let (terms, remap) = dictionary.into_sorted();
    let vocabulary_of = |ids: &[u32]| -> Vec<String> {
        let mut vocabulary: Vec<String> = ids
            .iter()
            .map(|&old| terms[remap[old as usize] as usize].clone())
            .collect();
        vocabulary.sort_unstable();
        vocabulary
    };
    let cue_vocabulary = vocabulary_of(&cue_ids);
    let ranking_vocabulary = ranking_ids.as_deref().map(vocabulary_of);
    drop(terms);

    // Pass 2 (and 3): the director and vp rows over each vocabulary, into linfa-bayes.
    let cues = fit_stage(
        rows,
        &tokenizer,
        cue_vocabulary,
        hyperparameters.alpha,
        &mut buffers,
    )?;
    let ranking = match (ranking_vocabulary, hyperparameters.ranking) {
        (Some(vocabulary), Some(settings)) => Some(fit_stage(
            rows,
            &tokenizer,
            vocabulary,
            settings.alpha,
            &mut buffers,
        )?),
        _ => None,
    };
    let model = Model {
        format_version: FORMAT_VERSION,
        tokenizer,
        hyperparameters,
        classes: [Label::Director, Label::Vp],
        cues,
        ranking,
        card: spec.card,
    };
    Ok(Model {
        format_version: model.written_version(),
        ..model
    })
}

/// Fit one naive Bayes stage over `vocabulary` (sorted) on the director and vp rows.
fn fit_stage(
    rows: &[LabeledRow],
    tokenizer: &TokenizerConfig,
    vocabulary: Vec<String>,
    alpha: f64,
    buffers: &mut FeatureBuffers,
) -> Result<NbStage> {
    let index: FxHashMap<&str, u32> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, term)| (term.as_str(), i as u32))
        .collect();
    let training_rows = rows.iter().filter_map(|row| {
        let class = match row.label {
            Label::Director => 0,
            Label::Vp => 1,
            Label::Either => return None,
        };
        let mut ids = Vec::new();
        text::for_each_feature(&row.text, tokenizer, buffers, |feature| {
            if let Some(&id) = index.get(feature) {
                ids.push(id);
            }
        });
        let mut doc = Vec::with_capacity(ids.len());
        push_counts(&mut ids, &mut doc);
        Some((doc, class))
    });
    let params = fit_naive_bayes(training_rows, vocabulary.len(), alpha)?;
    drop(index);
    Ok(NbStage::new(vocabulary, params))
}

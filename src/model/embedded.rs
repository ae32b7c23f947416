//! The embedded model's scoring tables, computed at build time: `build.rs` runs
//! [`Tables::build`] (the code [`crate::model::Classifier::new`] runs) over
//! `models/roleclass.json` and writes the tables as static arrays, so that
//! [`crate::model::Classifier::embedded`] decodes and builds nothing. A test checks that they
//! equal the tables built at run time from [`crate::model::Model::embedded`].

use std::borrow::Cow;

use serde::Deserialize;

use super::file_format::Hyperparameters;
use super::lookup::ProbeTable;
use super::tables::{FeatureWeights, LongToken, Tables, TokenInfo};
use crate::text::TokenizerConfig;

// `tables()`, the tables; `SCORING_HEAD`, the model file's `tokenizer` and `hyperparameters`.
include!(concat!(env!("OUT_DIR"), "/tables.rs"));

/// What scores besides the tables: the model file's settings.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScoringHead {
    pub(crate) tokenizer: TokenizerConfig,
    pub(crate) hyperparameters: Hyperparameters,
}

/// The embedded model's settings, checked as a model file's are.
pub(crate) fn scoring_head() -> Result<ScoringHead, String> {
    let head: ScoringHead = serde_json::from_str(SCORING_HEAD).map_err(|e| e.to_string())?;
    head.hyperparameters
        .validate()
        .map_err(|e| format!("bad hyperparameters: {e}"))?;
    Ok(head)
}

/// A [`TokenInfo`] from the bits of its weights (the form `build.rs` writes).
const fn token(
    ranking: u64,
    cue: u64,
    unigram: u32,
    cue_count: u8,
    starts_bigram: bool,
    ends_bigram: bool,
) -> TokenInfo {
    TokenInfo {
        ranking: f64::from_bits(ranking),
        cue: f64::from_bits(cue),
        unigram,
        cue_count,
        starts_bigram,
        ends_bigram,
    }
}

/// A [`FeatureWeights`] from the bits of its weights (the form `build.rs` writes).
const fn feature(ranking: u64, cue: u64, ranking_index: u32, cue_index: u32) -> FeatureWeights {
    FeatureWeights {
        ranking: f64::from_bits(ranking),
        cue: f64::from_bits(cue),
        ranking_index,
        cue_index,
    }
}

/// A [`LongToken`] (the form `build.rs` writes).
#[allow(
    dead_code,
    reason = "only a model with long or non-ASCII tokens needs it"
)]
const fn long(text: &'static str, id: u32) -> LongToken {
    LongToken {
        text: Cow::Borrowed(text),
        id,
    }
}

//! The classifier's lookup tables and the one function that builds them from the two sorted
//! vocabularies.
//!
//! [`crate::model::Classifier::new`] builds them at run time for a model file; `build.rs`
//! includes this file (and `lookup.rs`) and runs the same [`Tables::build`] over the embedded
//! model, writing the result as static arrays, so that a cold start on the embedded model
//! builds nothing and touches only the table pages its statement needs. A table therefore
//! holds its arrays as a [`Cow`]: borrowed from those statics, or owned when built here.
//!
//! This file uses nothing but `std` and `super::lookup`, so that `build.rs` can include it.

use std::borrow::Cow;
use std::collections::HashMap;

use super::lookup::ProbeTable;

/// No feature: the index of a term absent from a stage, or of a token that is no unigram.
pub(crate) const NO_FEATURE: u32 = u32::MAX;

/// What one feature (a term of either stage's vocabulary) adds to a statement's scores.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct FeatureWeights {
    /// Log-odds it adds to the ranking stage (0 when it is not in that vocabulary).
    pub(crate) ranking: f64,
    /// Log-odds it adds to the cue stage (0 when it is no cue).
    pub(crate) cue: f64,
    /// Its index in the ranking vocabulary, or [`NO_FEATURE`].
    pub(crate) ranking_index: u32,
    /// Its index in the cue vocabulary, or [`NO_FEATURE`].
    pub(crate) cue_index: u32,
}

impl FeatureWeights {
    /// 1 when the feature is a cue, else 0: what it adds to the cue count.
    #[inline(always)]
    pub(crate) fn cue_count(&self) -> u32 {
        u32::from(self.cue_index != NO_FEATURE)
    }
}

/// What a known token is, in one place so that scoring it reads one slot: its unigram's
/// weights are copied in, so that the hot path does not look them up in `features`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TokenInfo {
    /// [`FeatureWeights::ranking`] of its unigram (0 when it is none).
    pub(crate) ranking: f64,
    /// [`FeatureWeights::cue`] of its unigram (0 when it is none).
    pub(crate) cue: f64,
    /// Feature index of the token as a unigram, or [`NO_FEATURE`].
    pub(crate) unigram: u32,
    /// [`FeatureWeights::cue_count`] of its unigram (0 when it is none).
    pub(crate) cue_count: u8,
    /// Whether it is the first word of a known bigram. Most adjacent pairs cannot be a
    /// feature, and these two flags spare their hash lookup.
    pub(crate) starts_bigram: bool,
    /// Whether it is the second word of a known bigram.
    pub(crate) ends_bigram: bool,
}

/// A token that cannot be packed into a `u128` key (more than 16 bytes, or not ASCII), and
/// its token id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LongToken {
    pub(crate) text: Cow<'static, str>,
    pub(crate) id: u32,
}

/// One naive Bayes stage as the tables see it: its sorted vocabulary and per-class
/// log-probabilities (director, vp).
#[derive(Clone, Copy)]
pub(crate) struct StageTerms<'a> {
    pub(crate) vocabulary: &'a [String],
    pub(crate) feature_log_prob: [&'a [f64]; 2],
    /// The prior log-odds (vp minus director).
    pub(crate) prior_log_odds: f64,
}

impl StageTerms<'_> {
    /// What term `i` adds to the stage, as [`crate::model::NbStage::term_log_odds`] computes
    /// it.
    fn log_odds(&self, i: usize) -> f64 {
        self.feature_log_prob[1][i] - self.feature_log_prob[0][i]
    }
}

/// Everything the scoring hot path looks up.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tables {
    /// Token -> token id, for every token that is a unigram of either stage or part of a
    /// bigram of either stage: tokens of up to 16 ASCII bytes packed into an integer (most of
    /// them, no allocation per token).
    pub(crate) short_ids: ProbeTable<u128>,
    /// The tokens `short_ids` cannot hold, sorted by their text.
    pub(crate) long_ids: Cow<'static, [LongToken]>,
    /// The length of the longest token in `long_ids` (0 when there is none).
    pub(crate) longest_long: usize,
    /// Token id -> what the token is: its unigram feature and its part in bigrams.
    pub(crate) tokens: Cow<'static, [TokenInfo]>,
    /// (first token id << 32 | second token id) -> feature index of the bigram.
    pub(crate) bigram: ProbeTable<u64>,
    /// Feature index -> what it adds to each stage. Features are the union of the two
    /// vocabularies, in sorted order.
    pub(crate) features: Cow<'static, [FeatureWeights]>,
    /// The ranking stage's prior log-odds.
    pub(crate) ranking_prior: f64,
    /// The cue stage's prior log-odds.
    pub(crate) cue_prior: f64,
}

/// A token of up to 16 ASCII bytes as an integer key (zero-padded little-endian bytes), the
/// form the fast path builds straight from the text.
#[inline]
pub(crate) fn pack(token: &str) -> Option<u128> {
    (token.len() <= 16 && token.is_ascii()).then(|| {
        let mut key = [0u8; 16];
        key[..token.len()].copy_from_slice(token.as_bytes());
        u128::from_le_bytes(key)
    })
}

/// Whether a term is a bigram (two words joined by a space). A byte search: a build asks
/// this of every term, and a `char` pattern costs several times more.
fn is_bigram(term: &str) -> bool {
    term.as_bytes().contains(&b' ')
}

impl Tables {
    /// Build the tables of a model's cue stage and ranking stage (`None` in a one-stage
    /// model, which ranks with the cue stage), in one pass over the two sorted vocabularies
    /// merged in order.
    pub(crate) fn build(cues: StageTerms<'_>, ranking: Option<StageTerms<'_>>) -> Tables {
        let stages: &[StageTerms<'_>] = match &ranking {
            Some(ranking) => &[cues, *ranking],
            None => &[cues],
        };
        let ranking = ranking.unwrap_or(cues);
        // Upper bounds of the numbers of unigram and bigram terms (the words of bigram terms
        // are nearly always unigram terms too), so that the tables never grow.
        let bigram_terms: usize = stages
            .iter()
            .map(|stage| stage.vocabulary.iter().filter(|t| is_bigram(t)).count())
            .sum();
        let all_terms: usize = stages.iter().map(|stage| stage.vocabulary.len()).sum();
        let capacity = cues.vocabulary.len().max(ranking.vocabulary.len());
        let mut features: Vec<FeatureWeights> = Vec::with_capacity(capacity);
        let mut short_ids: ProbeTable<u128> =
            ProbeTable::with_capacity(all_terms - bigram_terms + 64);
        let mut long_ids: HashMap<String, u32> = HashMap::new();
        let mut tokens: Vec<TokenInfo> = Vec::with_capacity(all_terms - bigram_terms + 64);
        let mut bigram: ProbeTable<u64> = ProbeTable::with_capacity(bigram_terms);
        let mut id_of = |token: &str, tokens: &mut Vec<TokenInfo>| -> u32 {
            let next = tokens.len() as u32;
            let id = match pack(token) {
                Some(key) => short_ids.get_or_insert(key, next),
                None => *long_ids.entry(token.to_owned()).or_insert(next),
            };
            if id == next {
                tokens.push(TokenInfo {
                    ranking: 0.0,
                    cue: 0.0,
                    unigram: NO_FEATURE,
                    cue_count: 0,
                    starts_bigram: false,
                    ends_bigram: false,
                });
            }
            id
        };
        let (mut c, mut r) = (0, 0);
        while c < cues.vocabulary.len() || r < ranking.vocabulary.len() {
            let cue_term = cues.vocabulary.get(c);
            let ranking_term = ranking.vocabulary.get(r);
            let take_cue = match (cue_term, ranking_term) {
                (Some(a), Some(b)) => a <= b,
                (Some(_), None) => true,
                _ => false,
            };
            let take_ranking = match (cue_term, ranking_term) {
                (Some(a), Some(b)) => b <= a,
                (None, Some(_)) => true,
                _ => false,
            };
            let mut weights = FeatureWeights {
                ranking_index: NO_FEATURE,
                cue_index: NO_FEATURE,
                ..FeatureWeights::default()
            };
            let mut term = "";
            if take_cue {
                weights.cue = cues.log_odds(c);
                weights.cue_index = c as u32;
                term = &cues.vocabulary[c];
                c += 1;
            }
            if take_ranking {
                weights.ranking = ranking.log_odds(r);
                weights.ranking_index = r as u32;
                term = &ranking.vocabulary[r];
                r += 1;
            }
            let index = features.len() as u32;
            features.push(weights);
            match term.bytes().position(|b| b == b' ') {
                None => {
                    let id = id_of(term, &mut tokens);
                    let info = &mut tokens[id as usize];
                    info.unigram = index;
                    info.ranking = weights.ranking;
                    info.cue = weights.cue;
                    info.cue_count = weights.cue_count() as u8;
                }
                Some(space) => {
                    let a = id_of(&term[..space], &mut tokens);
                    let b = id_of(&term[space + 1..], &mut tokens);
                    bigram.get_or_insert((u64::from(a) << 32) | u64::from(b), index);
                    tokens[a as usize].starts_bigram = true;
                    tokens[b as usize].ends_bigram = true;
                }
            }
        }
        let mut long_ids: Vec<LongToken> = long_ids
            .into_iter()
            .map(|(text, id)| LongToken {
                text: Cow::Owned(text),
                id,
            })
            .collect();
        long_ids.sort_by(|a, b| a.text.cmp(&b.text));
        Tables {
            short_ids,
            longest_long: long_ids.iter().map(|t| t.text.len()).max().unwrap_or(0),
            long_ids: Cow::Owned(long_ids),
            tokens: Cow::Owned(tokens),
            bigram,
            features: Cow::Owned(features),
            ranking_prior: ranking.prior_log_odds,
            cue_prior: cues.prior_log_odds,
        }
    }
}

/// The id of a token in a table of [`LongToken`]s sorted by their text (a binary search: such
/// tokens are rare).
pub(crate) fn long_id(long_ids: &[LongToken], token: &str) -> Option<u32> {
    let found = long_ids
        .binary_search_by(|long| (*long.text).cmp(token))
        .ok()?;
    long_ids.get(found).map(|long| long.id)
}

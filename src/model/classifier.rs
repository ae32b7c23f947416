//! The scoring hot path: a loaded model turned into lookup tables, so that classifying a
//! statement hashes its tokens into precomputed per-term log-odds and allocates nothing.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::answer::{validate_threshold, Calibration, Explanation, Prediction, TermContribution};
use super::embedded;
use super::file_format::{Model, NbStage, EMBEDDED_NAME};
use super::lookup::{ProbeTable, ProbeView};
use super::tables::{
    self, pack, FeatureWeights, LongToken, StageTerms, Tables, TokenInfo, NO_FEATURE,
};
use crate::error::{Error, Result};
use crate::eval::{self, Figures, Outcome};
use crate::label::{Answer, LabeledRow};
use crate::text::{self, TokenizerConfig};

/// A loaded model, ready to score statements fast.
#[derive(Debug, Clone)]
pub struct Classifier {
    /// The model (for the embedded model, decoded on first use: scoring never needs it).
    model: ModelCell,
    /// The model's tokenizer settings.
    tokenizer: TokenizerConfig,
    /// Token -> token id, for every token that is a unigram of either stage or part of a
    /// bigram of either stage: tokens of up to 16 ASCII bytes packed into an integer (most of
    /// them, no allocation per token), the others by their text (`long_ids`).
    short_ids: ProbeTable<u128>,
    /// The tokens `short_ids` cannot hold, sorted by their text.
    long_ids: Cow<'static, [LongToken]>,
    /// The length of the longest token in `long_ids` (0 when there is none).
    longest_long: usize,
    /// Token id -> what the token is: its unigram feature and its part in bigrams.
    tokens: Cow<'static, [TokenInfo]>,
    /// (first token id << 32 | second token id) -> feature index of the bigram.
    bigram: ProbeTable<u64>,
    /// Whether the tokenizer allows the ASCII fast path (no stemming, stop words kept).
    fast_path: bool,
    /// Feature index -> what it adds to each stage. Features are the union of the two
    /// vocabularies, in sorted order.
    features: Cow<'static, [FeatureWeights]>,
    ranking_prior: f64,
    cue_prior: f64,
    calibration: Calibration,
}

/// The model behind a classifier: the one it was built from, or, for
/// [`Classifier::embedded`], the embedded model decoded on first use.
#[derive(Debug, Clone)]
struct ModelCell(OnceLock<Model>);

impl std::ops::Deref for ModelCell {
    type Target = Model;

    fn deref(&self) -> &Model {
        // Only the embedded classifier's cell starts empty.
        #[allow(
            clippy::expect_used,
            reason = "no user input: build.rs writes the embedded model, and tests decode it \
                      and check it equals the model file"
        )]
        self.0
            .get_or_init(|| Model::embedded().expect("the embedded model decodes"))
    }
}

/// One of the model's two naive Bayes stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The cue stage: whether there is a level cue, and which way it points.
    Cues,
    /// The ranking stage, whose log-odds give the confidence (the cue stage itself in a
    /// one-stage model).
    Ranking,
}

impl Classifier {
    /// Build the scoring tables of `model` (`Tables::build`, in `tables.rs`).
    pub fn new(model: Model) -> Classifier {
        fn stage(stage: &NbStage) -> StageTerms<'_> {
            StageTerms {
                vocabulary: &stage.vocabulary,
                feature_log_prob: [&stage.feature_log_prob[0], &stage.feature_log_prob[1]],
                prior_log_odds: stage.prior_log_odds(),
            }
        }
        let tables = Tables::build(stage(&model.cues), model.ranking.as_ref().map(stage));
        let (tokenizer, calibration) = (model.tokenizer, model.hyperparameters.calibration());
        Classifier::with_tables(tables, tokenizer, calibration, OnceLock::from(model))
    }

    /// The classifier of the embedded model, with nothing to decode or build: its tables are
    /// static arrays that `build.rs` computed with the same `Tables::build` (a test checks
    /// they equal the tables [`Classifier::new`] builds from [`Model::embedded`]), so that a
    /// process that scores one statement touches only the few table pages it reads. The
    /// model itself is decoded on the first call of [`Classifier::model`] (or
    /// [`Classifier::explain`], [`Classifier::counts`]).
    pub fn embedded() -> Result<Classifier> {
        let head = embedded::scoring_head().map_err(|message| Error::Model {
            path: EMBEDDED_NAME.to_owned(),
            message,
        })?;
        Ok(Classifier::with_tables(
            embedded::tables(),
            head.tokenizer,
            head.hyperparameters.calibration(),
            OnceLock::new(),
        ))
    }

    fn with_tables(
        tables: Tables,
        tokenizer: TokenizerConfig,
        calibration: Calibration,
        model: OnceLock<Model>,
    ) -> Classifier {
        let Tables {
            short_ids,
            long_ids,
            longest_long,
            tokens,
            bigram,
            features,
            ranking_prior,
            cue_prior,
        } = tables;
        Classifier {
            model: ModelCell(model),
            tokenizer,
            short_ids,
            long_ids,
            longest_long,
            tokens,
            bigram,
            fast_path: tokenizer.stemming == text::Stemming::None && !tokenizer.stop_words,
            features,
            ranking_prior,
            cue_prior,
            calibration,
        }
    }

    /// The model behind this classifier.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The abstention threshold in use.
    pub fn threshold(&self) -> f64 {
        self.calibration.threshold
    }

    /// Use another abstention threshold (0.5 to 1).
    pub fn with_threshold(mut self, threshold: f64) -> Result<Classifier> {
        validate_threshold(threshold)?;
        self.calibration.threshold = threshold;
        Ok(self)
    }

    /// Pass every occurrence of a term of either stage in `text` to `sink`, and call
    /// `unknown(token)` for every token that is no unigram of either stage.
    fn for_each_feature(
        &self,
        text: &str,
        buffer: &mut String,
        sink: &mut impl FeatureSink,
        mut unknown: impl FnMut(&str),
    ) {
        let mut previous = NO_TOKEN;
        let hot = self.hot();
        text::for_each_token_in(text, &self.tokenizer, buffer, |token| {
            let id = self.token_id(token);
            if id.is_none_or(|id| hot.tokens[id as usize].unigram == NO_FEATURE) {
                unknown(token);
            }
            hot.on_token(id, &mut previous, sink);
        });
    }

    /// The id of a (lowercased) token, if the model knows it.
    #[inline]
    fn token_id(&self, token: &str) -> Option<u32> {
        match pack(token) {
            Some(key) => self.short_ids.get(key),
            None => tables::long_id(&self.long_ids, token),
        }
    }

    /// The tables the scoring loop reads, borrowed once per statement.
    #[inline(always)]
    fn hot(&self) -> Hot<'_> {
        Hot {
            short_ids: self.short_ids.view(),
            bigram: self.bigram.view(),
            tokens: &self.tokens,
            features: &self.features,
        }
    }

    /// The hot path, for ASCII text when the tokenizer neither stems nor drops stop words:
    /// `text` is copied into `buffer`, lowercased and padded, so that the scanner reads whole
    /// blocks and a token of up to 16 bytes becomes its `u128` key with one load and one mask,
    /// with no copy and no string compare. Gives exactly the features of the generic path (a
    /// test checks it on every training statement). Returns false, having passed meaningless
    /// features to `sink`, when `text` is not ASCII.
    #[inline(always)]
    fn for_each_feature_ascii(
        &self,
        text: &str,
        buffer: &mut String,
        sink: &mut impl FeatureSink,
    ) -> bool {
        buffer.clear();
        buffer.push_str(text);
        buffer.push_str(PADDING);
        let padded = buffer.as_bytes();
        let mut previous = NO_TOKEN;
        let hot = self.hot();
        text::for_each_padded_ascii_token(padded, text.len(), self.tokenizer.rules, |start, end| {
            let id = if end - start <= 16 {
                let word = padded
                    .get(start..)
                    .and_then(<[u8]>::first_chunk::<16>)
                    .map_or(0, |chunk| u128::from_le_bytes(*chunk));
                // Lowercasing a letter or digit only ever sets its 0x20 bit (digits have
                // it already, and so do the `&` and `-` inside abbreviations), so the
                // whole token is lowercased with one OR. Never the empty key: a token has
                // a letter or digit.
                let key = (word | u128::from_le_bytes([0x20; 16])) & LOW_BYTES[end - start];
                hot.short_ids.get_present(key)
            } else {
                self.long_token_id(padded.get(start..end).unwrap_or_default())
            };
            hot.on_token(id, &mut previous, sink);
        })
    }

    /// The id of a token of more than 16 ASCII bytes, not yet lowercased (rare: looked up
    /// through a copy on the stack).
    #[inline(never)]
    fn long_token_id(&self, token: &[u8]) -> Option<u32> {
        if token.len() > self.longest_long {
            return None;
        }
        let mut stack = [0u8; 64];
        let lower = match stack.get_mut(..token.len()) {
            Some(lower) => {
                lower.copy_from_slice(token);
                lower.make_ascii_lowercase();
                &*lower
            }
            // Only a model with a term of more than 64 bytes gets here.
            None => &token.to_ascii_lowercase(),
        };
        let token = std::str::from_utf8(lower).ok()?;
        tables::long_id(&self.long_ids, token)
    }

    /// Classify one statement.
    pub fn classify(&self, text: &str) -> Prediction {
        thread_local! {
            static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        BUFFER.with(|buffer| match buffer.try_borrow_mut() {
            Ok(mut buffer) => self.classify_in(text, &mut buffer),
            Err(_) => self.classify_in(text, &mut String::new()),
        })
    }

    /// [`Classifier::classify`] with a caller-owned scratch buffer.
    pub fn classify_in(&self, text: &str, buffer: &mut String) -> Prediction {
        let scores = match self.fast_path.then(|| self.score_ascii(text, buffer)) {
            Some(Some(scores)) => scores,
            _ => {
                let mut scores = Scores::new(self);
                self.for_each_feature(text, buffer, &mut scores, |_| {});
                scores
            }
        };
        self.calibration
            .decide(scores.log_odds, scores.cue_log_odds, scores.cues)
    }

    /// The scores of `text` by the fast path, or `None` when it is not ASCII. (Its own sums,
    /// so that they stay in registers.)
    #[inline(always)]
    fn score_ascii(&self, text: &str, buffer: &mut String) -> Option<Scores> {
        let mut scores = Scores::new(self);
        self.for_each_feature_ascii(text, buffer, &mut scores)
            .then_some(scores)
    }

    /// The count of each term of one stage's vocabulary in `text` (that stage's naive Bayes
    /// feature vector).
    pub fn counts(&self, text: &str, stage: Stage) -> Vec<f64> {
        let model = &self.model;
        let vocabulary = match stage {
            Stage::Cues => &model.cues,
            Stage::Ranking => model.ranking.as_ref().unwrap_or(&model.cues),
        }
        .vocabulary
        .len();
        let mut counts = vec![0.0; vocabulary];
        self.for_each_feature(
            text,
            &mut String::new(),
            &mut ByIndex(|f: u32| {
                let weights = &self.features[f as usize];
                let index = match stage {
                    Stage::Cues => weights.cue_index,
                    Stage::Ranking if model.ranking.is_some() => weights.ranking_index,
                    Stage::Ranking => weights.cue_index,
                };
                if index != NO_FEATURE {
                    counts[index as usize] += 1.0;
                }
            }),
            |_| {},
        );
        counts
    }

    /// The term a feature stands for.
    fn term(&self, weights: &FeatureWeights) -> &str {
        let model = &self.model;
        match (&model.ranking, weights.ranking_index) {
            (Some(ranking), index) if index != NO_FEATURE => &ranking.vocabulary[index as usize],
            _ => &model.cues.vocabulary[weights.cue_index as usize],
        }
    }

    /// Explain the decision for `text`: every term of either stage found in it, with what it
    /// adds to each stage, the level cues first (see [`Explanation`]).
    pub fn explain(&self, text: &str) -> Explanation {
        let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
        let mut unknown: Vec<String> = Vec::new();
        // Summed in the order the features occur, as `classify` sums it.
        let mut cue_log_odds = self.cue_prior;
        self.for_each_feature(
            text,
            &mut String::new(),
            &mut ByIndex(|f: u32| {
                *counts.entry(f).or_default() += 1;
                cue_log_odds += self.features[f as usize].cue;
            }),
            |token| {
                if !unknown.iter().any(|u| u == token) {
                    unknown.push(token.to_owned());
                }
            },
        );
        let mut terms: Vec<TermContribution> = counts
            .into_iter()
            .map(|(feature, count)| {
                let weights = &self.features[feature as usize];
                let cue = weights.cue_count() > 0;
                let log_odds = weights.ranking * f64::from(count);
                let cue_log_odds = weights.cue * f64::from(count);
                TermContribution {
                    term: self.term(weights).to_owned(),
                    count,
                    log_odds,
                    favours: Answer::favoured_by(if cue { cue_log_odds } else { log_odds }),
                    cue,
                    cue_log_odds,
                }
            })
            .collect();
        // Cues first, by what they add to the cue stage; the others by what they add to the
        // ranking.
        let strength = |t: &TermContribution| {
            if t.cue {
                t.cue_log_odds.abs()
            } else {
                t.log_odds.abs()
            }
        };
        terms.sort_by(|a, b| {
            b.cue
                .cmp(&a.cue)
                .then_with(|| strength(b).total_cmp(&strength(a)))
                .then_with(|| a.term.cmp(&b.term))
        });
        Explanation {
            prior_log_odds: self.ranking_prior,
            cue_prior_log_odds: self.cue_prior,
            cue_log_odds,
            terms,
            unknown_terms: unknown,
        }
    }

    /// Classify every row and compute the figures.
    pub fn evaluate(&self, rows: &[LabeledRow]) -> Figures {
        let outcomes: Vec<Outcome> = rows
            .iter()
            .map(|row| {
                let prediction = self.classify(&row.text);
                Outcome {
                    label: row.label,
                    answer: prediction.answer,
                    confidence: prediction.confidence,
                }
            })
            .collect();
        eval::figures(&outcomes)
    }
}

/// The tables the scoring loop reads, borrowed from a [`Classifier`] once per statement
/// (they are borrowed from static arrays or owned: see `tables.rs`), so that a lookup does
/// not first choose between the two.
#[derive(Clone, Copy)]
struct Hot<'a> {
    short_ids: ProbeView<'a, u128>,
    bigram: ProbeView<'a, u64>,
    tokens: &'a [TokenInfo],
    features: &'a [FeatureWeights],
}

impl Hot<'_> {
    /// The features a token (by id, `None` when unknown) adds after `previous`, the id of
    /// the token before it when that one starts a known bigram (else [`NO_TOKEN`]).
    #[inline(always)]
    fn on_token(&self, id: Option<u32>, previous: &mut u32, sink: &mut impl FeatureSink) {
        let Some(id) = id else {
            *previous = NO_TOKEN;
            return;
        };
        let info = &self.tokens[id as usize];
        if info.unigram != NO_FEATURE {
            sink.add(
                info.unigram,
                info.ranking,
                info.cue,
                u32::from(info.cue_count),
            );
        }
        if info.ends_bigram && *previous != NO_TOKEN {
            let pair = (u64::from(*previous) << 32) | u64::from(id);
            // Never the empty key: `previous` is a token id.
            if let Some(feature) = self.bigram.get_present(pair) {
                let weights = &self.features[feature as usize];
                sink.add(feature, weights.ranking, weights.cue, weights.cue_count());
            }
        }
        *previous = if info.starts_bigram { id } else { NO_TOKEN };
    }
}

/// No token: `previous` in the scoring loop when the token before cannot start a bigram.
const NO_TOKEN: u32 = u32::MAX;

/// What the fast path pads a statement with (see [`text::for_each_padded_ascii_token`]).
const PADDING: &str = match std::str::from_utf8(&[0; text::SCAN_PADDING]) {
    Ok(padding) => padding,
    Err(_) => "",
};

/// Where the scoring loop puts the features it finds.
trait FeatureSink {
    /// One occurrence of feature `feature`, which adds these to the stages' scores.
    fn add(&mut self, feature: u32, ranking: f64, cue: f64, cue_count: u32);
}

/// A statement's scores, summed feature by feature in the order the features occur.
#[derive(Clone, Copy)]
struct Scores {
    log_odds: f64,
    cue_log_odds: f64,
    cues: u32,
}

impl Scores {
    fn new(classifier: &Classifier) -> Scores {
        Scores {
            log_odds: classifier.ranking_prior,
            cue_log_odds: classifier.cue_prior,
            cues: 0,
        }
    }
}

impl FeatureSink for Scores {
    #[inline(always)]
    fn add(&mut self, _feature: u32, ranking: f64, cue: f64, cue_count: u32) {
        self.log_odds += ranking;
        self.cue_log_odds += cue;
        self.cues += cue_count;
    }
}

/// A sink that only wants the feature indices.
struct ByIndex<F>(F);

impl<F: FnMut(u32)> FeatureSink for ByIndex<F> {
    #[inline(always)]
    fn add(&mut self, feature: u32, _ranking: f64, _cue: f64, _cue_count: u32) {
        (self.0)(feature);
    }
}

/// `LOW_BYTES[n]`: the low `n` bytes of a `u128` set, the mask that cuts a token's key out
/// of the 16 bytes from its start (a table: a 128-bit variable shift is several
/// instructions, and this runs once per token).
const LOW_BYTES: [u128; 17] = {
    let mut masks = [0u128; 17];
    let mut n = 1;
    while n <= 16 {
        masks[n] = u128::MAX >> (8 * (16 - n));
        n += 1;
    }
    masks
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every held-out statement, and one whose only cues are not ranking terms: the
    /// explanation has a cue exactly when `classify` counted one, and each stage's prior plus
    /// its terms' contributions is that stage's log-odds.
    #[test]
    fn explanations_have_every_cue_and_add_up_in_both_stages() {
        let classifier = Classifier::new(Model::embedded().unwrap());
        let data = crate::data::read_labeled_from(
            include_bytes!("../../training/heldout.csv"),
            "training/heldout.csv",
        )
        .unwrap();
        let cue_only = "Serve as the primary connector between technical teams, open source \
                        communities, and business stakeholders";
        let texts = data
            .rows
            .iter()
            .map(|row| row.text.as_str())
            .chain([cue_only]);
        let mut with_cue_only_terms = 0;
        for text in texts {
            let prediction = classifier.classify(text);
            let explanation = classifier.explain(text);
            let cues: Vec<&TermContribution> = explanation.terms.iter().filter(|t| t.cue).collect();
            assert_eq!(prediction.cues > 0, !cues.is_empty(), "{text:?}");
            assert_eq!(
                prediction.cues,
                cues.iter().map(|t| t.count).sum::<u32>(),
                "{text:?}"
            );
            let cue_sum = explanation.cue_prior_log_odds
                + explanation
                    .terms
                    .iter()
                    .map(|t| t.cue_log_odds)
                    .sum::<f64>();
            assert!(
                (cue_sum - explanation.cue_log_odds).abs() < 1e-9,
                "{text:?}: cue prior + terms {cue_sum} vs {}",
                explanation.cue_log_odds
            );
            assert!((explanation.cue_log_odds - prediction.cue_log_odds).abs() < 1e-9);
            assert!(
                (explanation.log_odds() - prediction.log_odds).abs() < 1e-9,
                "{text:?}: prior + terms {} vs {}",
                explanation.log_odds(),
                prediction.log_odds
            );
            for t in &explanation.terms {
                if !t.cue {
                    assert_eq!(t.cue_log_odds, 0.0, "{text:?}: {t:?}");
                }
                let shown = if t.cue { t.cue_log_odds } else { t.log_odds };
                assert_eq!(t.favours, Answer::favoured_by(shown), "{text:?}: {t:?}");
            }
            // The cues come first, strongest in the cue stage first.
            let first_other = explanation.terms.iter().position(|t| !t.cue);
            assert_eq!(first_other.unwrap_or(cues.len()), cues.len(), "{text:?}");
            assert!(
                cues.windows(2)
                    .all(|w| w[0].cue_log_odds.abs() >= w[1].cue_log_odds.abs()),
                "{text:?}"
            );
            with_cue_only_terms += usize::from(cues.iter().any(|t| t.log_odds == 0.0));
        }
        assert!(
            classifier.explain(cue_only).terms.iter().any(|t| t.cue),
            "{cue_only:?} has cues that only the cue stage knows"
        );
        assert!(with_cue_only_terms > 100, "{with_cue_only_terms}");
    }

    /// Everything a classifier scores with, written exactly (`{:?}` of an `f64` round-trips
    /// its bits, the sign of a zero included).
    fn scoring_state(c: &Classifier) -> String {
        format!(
            "{:?}",
            (
                (&c.short_ids, &c.long_ids, c.longest_long, &c.tokens),
                (&c.bigram, &c.features, c.fast_path, c.tokenizer),
                (c.ranking_prior, c.cue_prior, c.calibration),
            )
        )
    }

    #[test]
    fn the_embedded_tables_are_the_ones_new_builds() {
        let model = Model::embedded().unwrap();
        let built = Classifier::new(model.clone());
        let embedded = Classifier::embedded().unwrap();
        assert_eq!(scoring_state(&embedded), scoring_state(&built));
        // The static tables are borrowed, the built ones owned.
        assert!(matches!(embedded.tokens, Cow::Borrowed(_)));
        assert!(matches!(built.tokens, Cow::Owned(_)));
        // Scoring does not decode the model; asking for it does, and gives the embedded one.
        let answer = embedded.classify("Owns the engineering department budget");
        assert_eq!(
            answer,
            built.classify("Owns the engineering department budget")
        );
        assert!(
            embedded.model.0.get().is_none(),
            "scoring decoded the model"
        );
        assert_eq!(embedded.model(), &model);
    }

    #[test]
    fn the_embedded_classifier_answers_and_explains_as_new() {
        let built = Classifier::new(Model::embedded().unwrap());
        let embedded = Classifier::embedded().unwrap().with_threshold(0.7).unwrap();
        let built = built.with_threshold(0.7).unwrap();
        let data = include_str!("../../training/tasks.csv");
        let extra = [
            "",
            "Owns the P&L — and the R&D budget",
            "ＶＰ of Engineering",
        ];
        for text in data.lines().chain(extra) {
            assert_eq!(embedded.classify(text), built.classify(text), "{text:?}");
            assert_eq!(embedded.explain(text), built.explain(text), "{text:?}");
        }
    }

    #[test]
    fn the_ascii_fast_path_finds_the_generic_features() {
        let classifier = Classifier::new(Model::embedded().unwrap());
        assert!(classifier.fast_path, "the shipped model uses the fast path");
        let data = include_str!("../../training/tasks.csv");
        let mut extra = vec![
            "a".repeat(16),
            "A".repeat(17),
            "Reports to the VP of Engineering!!! 2024-Q3 departmentbudgetownership".to_owned(),
            String::new(),
            "   ,,, ".to_owned(),
        ];
        extra.extend(data.lines().map(str::to_owned));
        let mut buffer = String::new();
        // The fast path serves ASCII text only, and says so when the text is not.
        for text in [
            "Leads the Ｒ&Ｄ budget",
            "Owns the P&L — and the R&D budget",
        ] {
            let mut sink = ByIndex(|_| {});
            assert!(!classifier.for_each_feature_ascii(text, &mut buffer, &mut sink));
        }
        for text in extra.iter().filter(|t| t.is_ascii()) {
            let mut generic = Vec::new();
            let mut sink = ByIndex(|f| generic.push(f));
            classifier.for_each_feature(text, &mut buffer, &mut sink, |_| {});
            let mut fast = Vec::new();
            let mut sink = ByIndex(|f| fast.push(f));
            assert!(classifier.for_each_feature_ascii(text, &mut buffer, &mut sink));
            assert_eq!(fast, generic, "{text:?}");
        }
    }
}

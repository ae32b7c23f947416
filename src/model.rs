//! The model: fitting multinomial naive Bayes through linfa-bayes, the versioned model file,
//! and scoring statements with calibrated, explainable answers.
//!
//! The model file keeps what linfa-bayes fitted (per-class feature counts and log-probabilities,
//! class priors) over the cue vocabulary chosen by [`crate::vocab`], plus the calibration
//! (a temperature on the log-odds) and the abstention threshold chosen by cross-validation.
//! Loading it builds a [`Classifier`] whose hot path hashes tokens into precomputed per-term
//! log-odds and allocates nothing per statement.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use linfa::prelude::*;
use linfa_bayes::{MultinomialNb, NaiveBayes};
use ndarray::{Array1, Array2};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::data::{Label, LabeledRow};
use crate::error::{Error, Result};
use crate::eval::Figures;
use crate::text::{self, FeatureBuffers, TokenizerConfig};
use crate::vocab::{push_counts, CueSelection, Dictionary, TermStats};

/// The model file format this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// The default model, trained from `training/tasks.csv` and embedded in the binary.
pub const EMBEDDED_MODEL: &str = include_str!("../models/roleclass.json");

/// What the classifier says about a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// Director-of-Engineering-level.
    Director,
    /// VP-of-Engineering-level.
    Vp,
    /// No level cue, or not enough evidence for the threshold.
    Unsure,
}

impl Answer {
    /// The answer as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Director => "director",
            Answer::Vp => "vp",
            Answer::Unsure => "unsure",
        }
    }
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Settings that shape the fitted model, chosen by cross-validation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Hyperparameters {
    /// Additive (Laplace/Lidstone) smoothing of the naive Bayes feature counts, > 0.
    pub alpha: f64,
    /// Which terms count as level cues.
    pub cue_selection: CueSelection,
    /// Calibration: probabilities are `sigmoid(log_odds / temperature)`.
    pub temperature: f64,
    /// Answers whose top probability is below this are reported as `unsure`.
    pub threshold: f64,
}

impl Hyperparameters {
    /// Check ranges; returns a message naming the bad value.
    pub fn validate(&self) -> Result<()> {
        let h = self;
        if !(h.alpha.is_finite() && h.alpha > 0.0) {
            return Err(Error::Config(format!("alpha must be > 0, got {}", h.alpha)));
        }
        if !(h.temperature.is_finite() && h.temperature >= 1e-3) {
            return Err(Error::Config(format!(
                "temperature must be >= 0.001, got {}",
                h.temperature
            )));
        }
        validate_threshold(h.threshold)?;
        let s = h.cue_selection;
        if !s.min_log_ratio.is_finite() || s.min_log_ratio < 0.0 {
            return Err(Error::Config(format!(
                "min_log_ratio must be >= 0, got {}",
                s.min_log_ratio
            )));
        }
        if s.max_generic_log_ratio.is_some_and(|g| !g.is_finite()) {
            return Err(Error::Config(
                "max_generic_log_ratio must be finite".to_owned(),
            ));
        }
        Ok(())
    }
}

/// Check an abstention threshold (0.5 to 1).
pub fn validate_threshold(threshold: f64) -> Result<()> {
    if (0.5..=1.0).contains(&threshold) {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "threshold must be between 0.5 and 1, got {threshold}"
        )))
    }
}

/// Row counts per label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCounts {
    /// Director rows.
    pub director: usize,
    /// VP rows.
    pub vp: usize,
    /// Either rows.
    pub either: usize,
}

impl ClassCounts {
    /// Count the labels of `rows`.
    pub fn of(rows: &[LabeledRow]) -> ClassCounts {
        let mut counts = ClassCounts::default();
        for row in rows {
            match row.label {
                Label::Director => counts.director += 1,
                Label::Vp => counts.vp += 1,
                Label::Either => counts.either += 1,
            }
        }
        counts
    }
}

/// Where the model's training data came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// The training file as named on the command line.
    pub file: String,
    /// SHA-256 of the training file's bytes.
    pub sha256: String,
    /// Rows per label (after removing exact duplicates).
    pub rows: ClassCounts,
    /// Exact duplicate rows that were dropped.
    pub duplicates: usize,
}

/// One evaluated point of the model-selection grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridPoint {
    /// Tokenizer settings.
    pub tokenizer: TokenizerConfig,
    /// Model settings (temperature and threshold fitted for this point).
    pub hyperparameters: Hyperparameters,
    /// Cross-validated figures at these settings.
    pub figures: Figures,
}

/// How the shipped settings were chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossValidation {
    /// Number of stratified folds.
    pub folds: usize,
    /// Seed of the fold shuffle.
    pub seed: u64,
    /// Rows used for the search (a stratified sample when the file is large).
    pub rows: usize,
    /// Grid points evaluated.
    pub grid_size: usize,
    /// Out-of-fold figures of the chosen settings.
    pub figures: Figures,
    /// The best grid points, best first (the first is the chosen one).
    pub top: Vec<GridPoint>,
}

/// Figures on a held-out file, recorded for the model card (never used for a choice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldoutReport {
    /// The held-out file as named on the command line.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Figures of the final model on it.
    pub figures: Figures,
}

/// The model file (`models/roleclass.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Format version, [`FORMAT_VERSION`] when written by this build.
    pub format_version: u32,
    /// Tokenizer settings.
    pub tokenizer: TokenizerConfig,
    /// Model settings.
    pub hyperparameters: Hyperparameters,
    /// Class labels of the naive Bayes model, in the order of the per-class arrays.
    pub classes: [Label; 2],
    /// Training rows per class seen by naive Bayes (director, vp).
    pub class_count: [usize; 2],
    /// Natural log of each class prior.
    pub class_log_prior: [f64; 2],
    /// The cue vocabulary, sorted.
    pub vocabulary: Vec<String>,
    /// Per class, the total count of each vocabulary term in its training rows.
    pub feature_count: [Vec<f64>; 2],
    /// Per class, the smoothed log-probability of each vocabulary term.
    pub feature_log_prob: [Vec<f64>; 2],
    /// The training data.
    pub training: TrainingInfo,
    /// Model selection.
    pub cross_validation: CrossValidation,
    /// Held-out figures, when a held-out file was given at training time.
    pub heldout: Option<HeldoutReport>,
}

/// The parameters linfa-bayes fitted, in the model file's order (director, vp).
#[derive(Debug, Clone, PartialEq)]
pub struct NbParams {
    /// Rows per class.
    pub class_count: [usize; 2],
    /// Natural log of each class prior.
    pub class_log_prior: [f64; 2],
    /// Per class, total term counts.
    pub feature_count: [Vec<f64>; 2],
    /// Per class, smoothed term log-probabilities.
    pub feature_log_prob: [Vec<f64>; 2],
}

/// At most this many rows per dense block handed to linfa-bayes.
pub const FIT_CHUNK_ROWS: usize = 2048;

/// Target size of one dense block (rows x vocabulary x 8 bytes): bounds memory on large
/// training files whatever the vocabulary size.
pub const FIT_CHUNK_BYTES: usize = 64 << 20;

/// Mirror of linfa-bayes' serialized `MultinomialNb`, to read its fitted parameters exactly.
#[derive(Serialize, Deserialize)]
#[serde(crate = "serde")]
struct LinfaNb {
    class_info: HashMap<usize, LinfaClass>,
}

#[derive(Serialize, Deserialize)]
struct LinfaClass {
    class_count: usize,
    prior: f64,
    feature_count: Array1<f64>,
    feature_log_prob: Array1<f64>,
}

/// Run `f` with the process's stderr redirected to nothing.
///
/// linfa-bayes 0.8.1 calls `dbg!` on every class histogram inside `fit_with` (removed upstream,
/// not yet released); 0.7.1 has no `dbg!` but keeps `joint_log_likelihood` private, which the
/// exact explanations need. So we use 0.8.1 and silence stderr around the fit. The lock keeps
/// two fits from fighting over the redirection.
fn with_silenced_stderr<T>(f: impl FnOnce() -> T) -> T {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let gag = gag::Gag::stderr().ok();
    let out = f();
    drop(gag);
    out
}

/// Fit multinomial naive Bayes with linfa-bayes on sparse rows over a vocabulary of
/// `n_terms` terms: each item is a row's sorted `(term, count)` pairs and its class (0 for
/// director, 1 for vp). The rows go to linfa in dense blocks of at most [`FIT_CHUNK_ROWS`] rows
/// and about [`FIT_CHUNK_BYTES`] through
/// `FitWith::fit_with`, so memory stays bounded whatever the number of rows, and the result
/// equals a one-shot fit (feature counts are sums).
pub fn fit_naive_bayes(
    rows: impl IntoIterator<Item = (Vec<(u32, u32)>, usize)>,
    n_terms: usize,
    alpha: f64,
) -> Result<NbParams> {
    let params = MultinomialNb::<f64, usize>::params()
        .alpha(alpha)
        .check()
        .map_err(|e| Error::Config(e.to_string()))?;
    // Blocks of about FIT_CHUNK_BYTES: small enough that the copies linfa makes per class are
    // served from the heap instead of fresh pages, large enough to keep calls few.
    let chunk_rows = (FIT_CHUNK_BYTES / (8 * n_terms.max(1))).clamp(16, FIT_CHUNK_ROWS);
    let mut x = Array2::<f64>::zeros((chunk_rows, n_terms));
    let mut fit_chunk = |model: Option<MultinomialNb<f64, usize>>,
                         chunk: &[(Vec<(u32, u32)>, usize)]|
     -> Result<MultinomialNb<f64, usize>> {
        x.fill(0.0);
        for (i, (doc, _)) in chunk.iter().enumerate() {
            for &(term, count) in doc {
                x[[i, term as usize]] = f64::from(count);
            }
        }
        let y = Array1::from_iter(chunk.iter().map(|(_, class)| *class));
        // Not `s![..]`: that macro expands to `allow(unsafe_code)`, which `forbid` refuses.
        let records = x.slice_axis(ndarray::Axis(0), ndarray::Slice::from(..chunk.len()));
        params
            .fit_with(model, &DatasetBase::new(records, y))
            .map_err(|e| Error::Fit(e.to_string()))
    };
    let fitted = with_silenced_stderr(|| -> Result<MultinomialNb<f64, usize>> {
        let mut model: Option<MultinomialNb<f64, usize>> = None;
        let mut chunk = Vec::with_capacity(chunk_rows);
        for row in rows {
            chunk.push(row);
            if chunk.len() == chunk_rows {
                model = Some(fit_chunk(model, &chunk)?);
                chunk.clear();
            }
        }
        if !chunk.is_empty() {
            model = Some(fit_chunk(model, &chunk)?);
        }
        model.ok_or_else(|| Error::Fit("no training rows".to_owned()))
    })?;
    params_from_linfa(&fitted, n_terms)
}

/// Read the fitted parameters out of a linfa-bayes model (through its serde form, which is
/// exact; the fields themselves are private).
pub fn params_from_linfa(model: &MultinomialNb<f64, usize>, n_terms: usize) -> Result<NbParams> {
    let value = serde_json::to_value(model).map_err(|e| Error::Fit(e.to_string()))?;
    let mirror: LinfaNb = serde_json::from_value(value).map_err(|e| Error::Fit(e.to_string()))?;
    let class = |c: usize| -> Result<&LinfaClass> {
        mirror
            .class_info
            .get(&c)
            .ok_or_else(|| Error::Fit(format!("class {c} has no training rows")))
    };
    let (director, vp) = (class(0)?, class(1)?);
    for info in [director, vp] {
        if info.feature_log_prob.len() != n_terms {
            return Err(Error::Fit("fitted vocabulary size disagrees".to_owned()));
        }
    }
    Ok(NbParams {
        class_count: [director.class_count, vp.class_count],
        class_log_prior: [director.prior.ln(), vp.prior.ln()],
        feature_count: [director.feature_count.to_vec(), vp.feature_count.to_vec()],
        feature_log_prob: [
            director.feature_log_prob.to_vec(),
            vp.feature_log_prob.to_vec(),
        ],
    })
}

impl Model {
    /// Rebuild the linfa-bayes model from the file, e.g. to check scores against
    /// linfa's own `joint_log_likelihood`.
    pub fn to_linfa(&self) -> Result<MultinomialNb<f64, usize>> {
        let class = |c: usize| LinfaClass {
            class_count: self.class_count[c],
            prior: self.class_log_prior[c].exp(),
            feature_count: Array1::from(self.feature_count[c].clone()),
            feature_log_prob: Array1::from(self.feature_log_prob[c].clone()),
        };
        let mirror = LinfaNb {
            class_info: HashMap::from([(0, class(0)), (1, class(1))]),
        };
        let value = serde_json::to_value(mirror).map_err(|e| Error::Fit(e.to_string()))?;
        serde_json::from_value(value).map_err(|e| Error::Fit(e.to_string()))
    }

    /// linfa-bayes' log-odds (vp minus director joint log-likelihood) for a count vector over
    /// the vocabulary.
    pub fn linfa_log_odds(&self, counts: &[f64]) -> Result<f64> {
        let nb = self.to_linfa()?;
        let x = Array2::from_shape_vec((1, counts.len()), counts.to_vec())
            .map_err(|e| Error::Fit(e.to_string()))?;
        let jll = nb.joint_log_likelihood(x.view());
        let get = |c: usize| -> Result<f64> {
            jll.get(&c)
                .and_then(|a| a.first().copied())
                .ok_or_else(|| Error::Fit(format!("class {c} missing")))
        };
        Ok(get(1)? - get(0)?)
    }

    /// Parse and validate a model file's text. `name` is used in error messages.
    pub fn from_json(json: &str, name: &str) -> Result<Model> {
        let error = |message: String| Error::Model {
            path: name.to_owned(),
            message,
        };
        let model: Model = match serde_json::from_str(json) {
            Ok(model) => model,
            Err(e) => {
                // Say "newer format" rather than "unknown field" when that is the cause.
                #[derive(Deserialize)]
                struct Probe {
                    format_version: Option<u32>,
                }
                if let Ok(Probe {
                    format_version: Some(v),
                }) = serde_json::from_str::<Probe>(json)
                {
                    if v > FORMAT_VERSION {
                        return Err(error(format!(
                            "model format version {v} is newer than this roleclass reads ({FORMAT_VERSION}); upgrade roleclass or retrain"
                        )));
                    }
                }
                let what = match e.classify() {
                    serde_json::error::Category::Eof => "truncated model file",
                    serde_json::error::Category::Syntax => "not a JSON model file",
                    _ => "not a roleclass model",
                };
                return Err(error(format!(
                    "{what} ({}, line {} column {})",
                    strip_position(&e.to_string()),
                    e.line(),
                    e.column()
                )));
            }
        };
        if model.format_version > FORMAT_VERSION {
            return Err(error(format!(
                "model format version {} is newer than this roleclass reads ({FORMAT_VERSION}); upgrade roleclass or retrain",
                model.format_version
            )));
        }
        model.validate().map_err(error)?;
        Ok(model)
    }

    /// Check the internal consistency of a parsed model.
    fn validate(&self) -> std::result::Result<(), String> {
        if self.classes != [Label::Director, Label::Vp] {
            return Err("classes must be [\"director\", \"vp\"]".to_owned());
        }
        let n = self.vocabulary.len();
        for c in 0..2 {
            if self.feature_count[c].len() != n || self.feature_log_prob[c].len() != n {
                return Err(format!(
                    "vocabulary has {n} terms but the {} parameters have {} and {}",
                    self.classes[c],
                    self.feature_count[c].len(),
                    self.feature_log_prob[c].len()
                ));
            }
        }
        // Log-probabilities are at most 0 and, smoothed, far from -infinity; counts are not
        // negative. Anything else (a NaN, an infinity, 1e308) could turn scores into NaN.
        let log_prob_ok = |x: &f64| (MIN_LOG_PROB..=0.0).contains(x);
        if !self
            .feature_log_prob
            .iter()
            .flatten()
            .chain(self.class_log_prior.iter())
            .all(log_prob_ok)
        {
            return Err(format!(
                "log-probabilities must be finite numbers between {MIN_LOG_PROB} and 0"
            ));
        }
        if !self
            .feature_count
            .iter()
            .flatten()
            .all(|x| x.is_finite() && *x >= 0.0)
        {
            return Err("feature counts must be finite and not negative".to_owned());
        }
        if self.vocabulary.windows(2).any(|w| w[0] >= w[1]) {
            return Err("vocabulary is not sorted and unique".to_owned());
        }
        self.hyperparameters
            .validate()
            .map_err(|e| format!("bad hyperparameters: {e}"))
    }

    /// The model file's text: pretty JSON with a trailing newline, byte-identical for the same
    /// training data and settings.
    pub fn to_json(&self) -> Result<String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| Error::Fit(e.to_string()))?;
        text.push('\n');
        Ok(text)
    }

    /// The embedded default model.
    pub fn embedded() -> Result<Model> {
        Model::from_json(EMBEDDED_MODEL, "<embedded model>")
    }

    /// Per-term log-odds (vp minus director).
    pub fn term_log_odds(&self) -> Vec<f64> {
        self.feature_log_prob[1]
            .iter()
            .zip(&self.feature_log_prob[0])
            .map(|(vp, director)| vp - director)
            .collect()
    }

    /// The prior log-odds (vp minus director).
    pub fn prior_log_odds(&self) -> f64 {
        self.class_log_prior[1] - self.class_log_prior[0]
    }
}

/// The smallest log-probability a model file may hold: a smoothed naive Bayes model never
/// comes near it, and the bound keeps every sum of log-odds finite.
pub const MIN_LOG_PROB: f64 = -1e4;

/// Drop serde_json's " at line X column Y" suffix (we print the position ourselves).
fn strip_position(message: &str) -> &str {
    match message.find(" at line ") {
        Some(cut) => &message[..cut],
        None => message,
    }
}

/// Everything needed to build a [`Model`] besides the fitted parameters.
#[derive(Debug, Clone)]
pub struct ModelSpec {
    /// Tokenizer settings.
    pub tokenizer: TokenizerConfig,
    /// Model settings.
    pub hyperparameters: Hyperparameters,
    /// Training data description.
    pub training: TrainingInfo,
    /// Model selection record.
    pub cross_validation: CrossValidation,
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
        class_count: params.class_count,
        class_log_prior: params.class_log_prior,
        vocabulary,
        feature_count: params.feature_count,
        feature_log_prob: params.feature_log_prob,
        training: spec.training,
        cross_validation: spec.cross_validation,
        heldout: None,
    })
}

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

const NO_FEATURE: u32 = u32::MAX;

/// A loaded model, ready to score statements fast.
#[derive(Debug, Clone)]
pub struct Classifier {
    model: Model,
    /// Token -> token id, for every token that is a cue unigram or part of a cue bigram.
    token_ids: FxHashMap<Box<str>, u32>,
    /// Token id -> vocabulary index of the unigram, or [`NO_FEATURE`].
    unigram: Vec<u32>,
    /// (first token id << 32 | second token id) -> vocabulary index of the bigram.
    bigram: FxHashMap<u64, u32>,
    /// Short ASCII tokens packed into integers -> token id, when the tokenizer allows the
    /// fast path (no stemming, stop words kept).
    packed_ids: Option<FxHashMap<u128, u32>>,
    /// Per token id: bit 0 set when it starts a cue bigram, bit 1 when it ends one. Most
    /// adjacent pairs cannot be a cue, and this spares their hash lookup.
    bigram_role: Vec<u8>,
    /// Vocabulary index -> log-odds (vp minus director).
    weight: Vec<f64>,
    prior_log_odds: f64,
    temperature: f64,
    threshold: f64,
}

impl Classifier {
    /// Build the scoring tables of `model`.
    pub fn new(model: Model) -> Classifier {
        let mut token_ids: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut unigram: Vec<u32> = Vec::new();
        let mut bigram: FxHashMap<u64, u32> = FxHashMap::default();
        let mut id_of = |token: &str, unigram: &mut Vec<u32>| -> u32 {
            if let Some(&id) = token_ids.get(token) {
                return id;
            }
            let id = unigram.len() as u32;
            token_ids.insert(token.into(), id);
            unigram.push(NO_FEATURE);
            id
        };
        for (index, term) in model.vocabulary.iter().enumerate() {
            match term.split_once(' ') {
                None => {
                    let id = id_of(term, &mut unigram);
                    unigram[id as usize] = index as u32;
                }
                Some((first, second)) => {
                    let a = id_of(first, &mut unigram);
                    let b = id_of(second, &mut unigram);
                    bigram.insert((u64::from(a) << 32) | u64::from(b), index as u32);
                }
            }
        }
        let tokenizer = model.tokenizer;
        let packed_ids = (tokenizer.stemming == text::Stemming::None && !tokenizer.stop_words)
            .then(|| {
                token_ids
                    .iter()
                    .filter(|(token, _)| token.len() <= 16 && token.is_ascii())
                    .map(|(token, &id)| {
                        let mut key = [0u8; 16];
                        key[..token.len()].copy_from_slice(token.as_bytes());
                        (u128::from_le_bytes(key), id)
                    })
                    .collect()
            });
        let mut bigram_role = vec![0u8; unigram.len()];
        for key in bigram.keys() {
            bigram_role[(key >> 32) as usize] |= 1;
            bigram_role[(key & 0xffff_ffff) as usize] |= 2;
        }
        Classifier {
            weight: model.term_log_odds(),
            prior_log_odds: model.prior_log_odds(),
            temperature: model.hyperparameters.temperature,
            threshold: model.hyperparameters.threshold,
            token_ids,
            unigram,
            bigram,
            bigram_role,
            packed_ids,
            model,
        }
    }

    /// The model behind this classifier.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The abstention threshold in use.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Use another abstention threshold (0.5 to 1).
    pub fn with_threshold(mut self, threshold: f64) -> Result<Classifier> {
        validate_threshold(threshold)?;
        self.threshold = threshold;
        Ok(self)
    }

    /// Call `f(vocabulary index)` for every cue-term occurrence in `text`, and
    /// `unknown(token)` for every token that is not a cue unigram.
    fn for_each_feature(
        &self,
        text: &str,
        buffer: &mut String,
        mut f: impl FnMut(u32),
        mut unknown: impl FnMut(&str),
    ) {
        let mut previous: Option<u32> = None;
        text::for_each_token_in(text, &self.model.tokenizer, buffer, |token| {
            let id = self.token_ids.get(token).copied();
            if id.is_none_or(|id| self.unigram[id as usize] == NO_FEATURE) {
                unknown(token);
            }
            self.on_token(id, &mut previous, &mut f);
        });
    }

    /// The features a token (by id, `None` when unknown) adds after `previous`.
    #[inline]
    fn on_token(&self, id: Option<u32>, previous: &mut Option<u32>, f: &mut impl FnMut(u32)) {
        let Some(id) = id else {
            *previous = None;
            return;
        };
        let feature = self.unigram[id as usize];
        if feature != NO_FEATURE {
            f(feature);
        }
        if self.model.tokenizer.bigrams && self.bigram_role[id as usize] & 2 != 0 {
            if let Some(prev) = *previous {
                if self.bigram_role[prev as usize] & 1 != 0 {
                    if let Some(&feature) =
                        self.bigram.get(&((u64::from(prev) << 32) | u64::from(id)))
                    {
                        f(feature);
                    }
                }
            }
        }
        *previous = Some(id);
    }

    /// The hot path for ASCII text when the tokenizer neither stems nor drops stop words:
    /// tokens of up to 16 bytes are lowercased straight into a `u128` and looked up by it,
    /// with no copy and no string compare. Gives exactly the features of the generic path
    /// (a test checks it on every training and held-out statement).
    fn for_each_feature_ascii(
        &self,
        packed: &FxHashMap<u128, u32>,
        text: &str,
        buffer: &mut String,
        mut f: impl FnMut(u32),
    ) {
        let bytes = text.as_bytes();
        let mut previous: Option<u32> = None;
        for (start, end) in text::ascii_alnum_runs(bytes) {
            let id = if end - start <= 16 {
                let mut key = [0u8; 16];
                for (k, b) in key.iter_mut().zip(&bytes[start..end]) {
                    *k = b.to_ascii_lowercase();
                }
                packed.get(&u128::from_le_bytes(key)).copied()
            } else {
                buffer.clear();
                buffer.push_str(&text[start..end]);
                buffer.make_ascii_lowercase();
                self.token_ids.get(buffer.as_str()).copied()
            };
            self.on_token(id, &mut previous, &mut f);
        }
    }

    /// Turn raw log-odds and a cue count into a calibrated answer.
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
        let mut log_odds = self.prior_log_odds;
        let mut cues = 0u32;
        let add = |feature: u32| {
            log_odds += self.weight[feature as usize];
            cues += 1;
        };
        match &self.packed_ids {
            Some(packed) if text.is_ascii() => {
                self.for_each_feature_ascii(packed, text, buffer, add)
            }
            _ => self.for_each_feature(text, buffer, add, |_| {}),
        }
        self.decide(log_odds, cues)
    }

    /// The count of each vocabulary term in `text` (the naive Bayes feature vector).
    pub fn feature_counts(&self, text: &str) -> Vec<f64> {
        let mut counts = vec![0.0; self.weight.len()];
        self.for_each_feature(
            text,
            &mut String::new(),
            |f| counts[f as usize] += 1.0,
            |_| {},
        );
        counts
    }

    /// Explain the decision for `text`.
    pub fn explain(&self, text: &str) -> Explanation {
        let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
        let mut unknown: Vec<String> = Vec::new();
        self.for_each_feature(
            text,
            &mut String::new(),
            |f| *counts.entry(f).or_default() += 1,
            |token| {
                if !unknown.iter().any(|u| u == token) {
                    unknown.push(token.to_owned());
                }
            },
        );
        let mut terms: Vec<TermContribution> = counts
            .into_iter()
            .map(|(feature, count)| {
                let log_odds = self.weight[feature as usize] * f64::from(count);
                TermContribution {
                    term: self.model.vocabulary[feature as usize].clone(),
                    count,
                    log_odds,
                    favours: if log_odds >= 0.0 {
                        Answer::Vp
                    } else {
                        Answer::Director
                    },
                }
            })
            .collect();
        terms.sort_by(|a, b| {
            b.log_odds
                .abs()
                .total_cmp(&a.log_odds.abs())
                .then_with(|| a.term.cmp(&b.term))
        });
        Explanation {
            prior_log_odds: self.prior_log_odds,
            terms,
            unknown_terms: unknown,
        }
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
    fn chunked_fit_equals_one_shot_fit() {
        let docs: Vec<Vec<(u32, u32)>> = (0..5000u32)
            .map(|i| vec![(i % 7, 1 + i % 3), (3 + i % 4, 1)])
            .map(|mut d| {
                d.sort_unstable();
                d.dedup_by_key(|p| p.0);
                d
            })
            .collect();
        let classes: Vec<usize> = (0..5000).map(|i| (i % 5 == 0) as usize).collect();
        let chunked =
            fit_naive_bayes(docs.iter().cloned().zip(classes.iter().copied()), 7, 0.5).unwrap();
        // One shot: a single dense matrix straight into `fit`.
        let mut x = Array2::<f64>::zeros((docs.len(), 7));
        for (i, doc) in docs.iter().enumerate() {
            for &(t, c) in doc {
                x[[i, t as usize]] = f64::from(c);
            }
        }
        let dataset = DatasetBase::new(x, Array1::from(classes.clone()));
        let one_shot = with_silenced_stderr(|| {
            MultinomialNb::<f64, usize>::params()
                .alpha(0.5)
                .fit(&dataset)
                .unwrap()
        });
        let one_shot = params_from_linfa(&one_shot, 7).unwrap();
        assert_eq!(chunked.class_count, one_shot.class_count);
        assert_eq!(chunked.feature_count, one_shot.feature_count);
        for c in 0..2 {
            assert!((chunked.class_log_prior[c] - one_shot.class_log_prior[c]).abs() < 1e-12);
            for (a, b) in chunked.feature_log_prob[c]
                .iter()
                .zip(&one_shot.feature_log_prob[c])
            {
                assert!((a - b).abs() < 1e-12, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn the_ascii_fast_path_finds_the_generic_features() {
        let classifier = Classifier::new(Model::embedded().unwrap());
        assert!(
            classifier.packed_ids.is_some(),
            "the shipped model uses the fast path"
        );
        let data = include_str!("../training/tasks.csv");
        let mut extra = vec![
            "a".repeat(16),
            "A".repeat(17),
            "Reports to the VP of Engineering!!! 2024-Q3 departmentbudgetownership".to_owned(),
            String::new(),
            "   ,,, ".to_owned(),
        ];
        extra.extend(data.lines().map(str::to_owned));
        let mut buffer = String::new();
        for text in &extra {
            let mut generic = Vec::new();
            classifier.for_each_feature(text, &mut buffer, |f| generic.push(f), |_| {});
            let mut fast = Vec::new();
            if let Some(packed) = &classifier.packed_ids {
                classifier.for_each_feature_ascii(packed, text, &mut buffer, |f| fast.push(f));
            }
            assert_eq!(fast, generic, "{text:?}");
        }
    }

    #[test]
    fn sigmoid_is_stable() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert!(sigmoid(800.0) <= 1.0 && sigmoid(800.0) > 0.99);
        assert!(sigmoid(-800.0) >= 0.0 && sigmoid(-800.0) < 0.01);
        assert!(sigmoid(-800.0).is_finite());
    }
}

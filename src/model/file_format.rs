//! The model file format (`models/roleclass.json`): its layout, its versions, its validation,
//! and the model card it carries.
//!
//! # Layout (format version 3)
//!
//! ```text
//! {
//!   "format_version": 3,
//!   "tokenizer":       { stemming, stop_words, bigrams },
//!   "hyperparameters": { alpha, cue_selection, ranking: { alpha, min_df, max_terms },
//!                        temperature, threshold, calibration_either_weight },
//!   "classes":         ["director", "vp"],
//!   "cues":            { vocabulary, class_count, class_log_prior, feature_count, feature_log_prob },
//!   "ranking":         { vocabulary, class_count, class_log_prior, feature_count, feature_log_prob },
//!   "card":            { training, cross_validation, heldout }
//! }
//! ```
//!
//! - Everything that scores (`tokenizer`, `hyperparameters`, `classes`, `cues`) is strict:
//!   an unknown or missing field is an error, and the numbers are validated, because a wrong
//!   number would silently change answers.
//! - `cues` and `ranking` are naive Bayes stages ([`NbStage`]): a vocabulary and the parameters
//!   linfa-bayes fitted over it. The cue stage decides whether a statement carries a level cue
//!   and which way it points; the ranking stage, over a wider vocabulary, gives the log-odds
//!   that are calibrated into the confidence (see [`crate::model::answer`]).
//! - The `card` ([`ModelCard`]) only describes the model (training data, cross-validation,
//!   held-out figures). It is tolerant: missing fields take defaults and unknown fields are
//!   ignored, so adding a metric to `evaluate` changes no format version and breaks no file.
//!
//! Versions 1 and 2 (one stage: version 1 with the `cues` fields and the card fields at the top
//! level, version 2 as above without `ranking`) are still read and score exactly as they did,
//! with the cue stage alone; they are written back in the current layout. A file of a newer
//! version is refused with a message saying so.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::answer::{validate_threshold, Calibration};
use super::linfa::NbParams;
use crate::error::{Error, Result};
use crate::eval::Figures;
use crate::label::{ClassCounts, Label};
use crate::text::TokenizerConfig;
use crate::vocab::CueSelection;

/// The model file format this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 3;

/// The default model, trained from `training/tasks.csv` and embedded in the binary:
/// `models/roleclass.json` split by `build.rs` into a small JSON head and a binary tail of
/// vocabularies and numbers (the same bits, without parsing a megabyte of decimal text at
/// every start; `build.rs` documents the layout).
const EMBEDDED_BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/roleclass.model"));

/// The name the embedded model goes by in messages and in `inspect`.
pub const EMBEDDED_NAME: &str = "<embedded model>";

/// The smallest log-probability a model file may hold: a smoothed naive Bayes model never
/// comes near it, and the bound keeps every sum of log-odds finite.
pub const MIN_LOG_PROB: f64 = -1e4;

/// Settings that shape the fitted model, chosen by cross-validation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hyperparameters {
    /// Additive (Laplace/Lidstone) smoothing of the naive Bayes feature counts, > 0.
    pub alpha: f64,
    /// Which terms count as level cues.
    pub cue_selection: CueSelection,
    /// The ranking stage's settings; `None` for a one-stage model (format version 2 and
    /// older), which ranks with the cue stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranking: Option<RankingSettings>,
    /// Calibration: probabilities are `sigmoid(log_odds / temperature)`.
    pub temperature: f64,
    /// Answers whose top probability is below this are reported as `unsure`.
    pub threshold: f64,
    /// The weight of `either` rows (target probability ½) when the temperature was fitted,
    /// relative to director and vp rows (a record of how the temperature was chosen).
    #[serde(default = "default_either_weight")]
    pub calibration_either_weight: f64,
}

fn default_either_weight() -> f64 {
    1.0
}

/// How the ranking stage's vocabulary is chosen and smoothed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankingSettings {
    /// Additive smoothing of the ranking stage, > 0.
    pub alpha: f64,
    /// Minimum number of training rows (of any label) a term occurs in.
    pub min_df: u32,
    /// At most this many terms, the most frequent.
    pub max_terms: usize,
}

impl Default for RankingSettings {
    fn default() -> Self {
        RankingSettings {
            alpha: 1.0,
            min_df: 2,
            max_terms: MAX_RANKING_TERMS,
        }
    }
}

/// The default cap on the ranking vocabulary, the most frequent terms. Cross-validation on
/// our data scores 2,048, 4,096 and 8,192 terms within 0.006 of balanced accuracy of each
/// other; on real postings 2,048 answered more cued lines and abstained on more no-cue ones,
/// and it keeps the classifier's tables small enough for a cold start near 3 ms (8,192 terms
/// made the tables four times larger and the cold start about 65% slower).
pub const MAX_RANKING_TERMS: usize = 2048;

impl Default for Hyperparameters {
    fn default() -> Self {
        Hyperparameters {
            alpha: 1.0,
            cue_selection: CueSelection::default(),
            ranking: None,
            temperature: 1.0,
            threshold: 0.5,
            calibration_either_weight: default_either_weight(),
        }
    }
}

impl Hyperparameters {
    /// Check ranges; the error names the bad value.
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
        if let Some(r) = h.ranking {
            if !(r.alpha.is_finite() && r.alpha > 0.0) {
                return Err(Error::Config(format!(
                    "ranking alpha must be > 0, got {}",
                    r.alpha
                )));
            }
            if r.max_terms == 0 {
                return Err(Error::Config("ranking max_terms must be > 0".to_owned()));
            }
        }
        if !(h.calibration_either_weight.is_finite() && h.calibration_either_weight >= 0.0) {
            return Err(Error::Config(format!(
                "calibration_either_weight must be >= 0, got {}",
                h.calibration_either_weight
            )));
        }
        Ok(())
    }

    /// The calibration these settings define.
    pub fn calibration(&self) -> Calibration {
        Calibration {
            temperature: self.temperature,
            threshold: self.threshold,
        }
    }
}

/// One naive Bayes stage: a sorted vocabulary and the parameters fitted over it, per class in
/// the order of [`Model::classes`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NbStage {
    /// The vocabulary, sorted and unique.
    pub vocabulary: Vec<String>,
    /// Training rows per class.
    pub class_count: [usize; 2],
    /// Natural log of each class prior.
    pub class_log_prior: [f64; 2],
    /// Per class, the total count of each vocabulary term in its training rows.
    pub feature_count: [Vec<f64>; 2],
    /// Per class, the smoothed log-probability of each vocabulary term.
    pub feature_log_prob: [Vec<f64>; 2],
}

impl NbStage {
    /// The stage made of a vocabulary and what linfa-bayes fitted over it.
    pub fn new(vocabulary: Vec<String>, params: NbParams) -> NbStage {
        NbStage {
            vocabulary,
            class_count: params.class_count,
            class_log_prior: params.class_log_prior,
            feature_count: params.feature_count,
            feature_log_prob: params.feature_log_prob,
        }
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

    /// Check the internal consistency of the stage.
    fn validate(&self, classes: &[Label; 2]) -> std::result::Result<(), String> {
        let n = self.vocabulary.len();
        for ((class, counts), log_probs) in classes
            .iter()
            .zip(&self.feature_count)
            .zip(&self.feature_log_prob)
        {
            if counts.len() != n || log_probs.len() != n {
                return Err(format!(
                    "vocabulary has {n} terms but the {class} parameters have {} and {}",
                    counts.len(),
                    log_probs.len()
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
        Ok(())
    }

    /// Check that the stage's numbers are probabilities.
    fn validate_normalisation(&self, classes: &[Label; 2]) -> std::result::Result<(), String> {
        let n = self.vocabulary.len();
        // The numbers are probabilities: each class's term probabilities sum to 1, and so do
        // the two priors. A hand-edited or corrupted file fails here rather than scoring.
        let off = |sum: f64| (sum - 1.0).abs() > NORMALISATION_TOLERANCE;
        let prior_sum: f64 = self.class_log_prior.iter().map(|p| p.exp()).sum();
        if off(prior_sum) {
            return Err(format!(
                "class priors must sum to 1, they sum to {prior_sum}"
            ));
        }
        if n > 0 {
            for (class, log_probs) in classes.iter().zip(&self.feature_log_prob) {
                let sum: f64 = log_probs.iter().map(|p| p.exp()).sum();
                if off(sum) {
                    return Err(format!(
                        "the {class} term probabilities must sum to 1, they sum to {sum}"
                    ));
                }
            }
        }
        Ok(())
    }
}

/// How far from 1 a sum of stored probabilities may be (rounding of a JSON round trip is far
/// smaller).
const NORMALISATION_TOLERANCE: f64 = 1e-6;

/// Where the model's training data came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GridPoint {
    /// Tokenizer settings.
    pub tokenizer: TokenizerConfig,
    /// Model settings (temperature and threshold fitted for this point).
    pub hyperparameters: Hyperparameters,
    /// Cross-validated figures at these settings.
    pub figures: Figures,
}

/// How the shipped settings were chosen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HeldoutReport {
    /// The held-out file as named on the command line.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Figures of the final model on it.
    pub figures: Figures,
}

/// What the model file says about the model, for people (`inspect`): never used to score.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelCard {
    /// The training data.
    pub training: TrainingInfo,
    /// Model selection.
    pub cross_validation: CrossValidation,
    /// Held-out figures, when a held-out file was given at training time.
    pub heldout: Option<HeldoutReport>,
}

/// A model, as read from or written to a model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// The format version of the file the model was read from; [`FORMAT_VERSION`] for a model
    /// fitted by this build (a model is always written in the current format).
    pub format_version: u32,
    /// Tokenizer settings.
    pub tokenizer: TokenizerConfig,
    /// Model settings.
    pub hyperparameters: Hyperparameters,
    /// Class labels of the naive Bayes model, in the order of the per-class arrays.
    pub classes: [Label; 2],
    /// The naive Bayes stage over the cue vocabulary.
    pub cues: NbStage,
    /// The naive Bayes stage over the ranking vocabulary (`None` in format version 2 and
    /// older, which rank with the cue stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranking: Option<NbStage>,
    /// The model card.
    #[serde(default)]
    pub card: ModelCard,
}

/// Format version 1: the same numbers with the stage and card fields at the top level.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelV1 {
    format_version: u32,
    tokenizer: TokenizerConfig,
    hyperparameters: Hyperparameters,
    classes: [Label; 2],
    class_count: [usize; 2],
    class_log_prior: [f64; 2],
    vocabulary: Vec<String>,
    feature_count: [Vec<f64>; 2],
    feature_log_prob: [Vec<f64>; 2],
    #[serde(default)]
    training: TrainingInfo,
    #[serde(default)]
    cross_validation: CrossValidation,
    #[serde(default)]
    heldout: Option<HeldoutReport>,
}

impl From<ModelV1> for Model {
    fn from(v1: ModelV1) -> Model {
        Model {
            format_version: v1.format_version,
            tokenizer: v1.tokenizer,
            hyperparameters: v1.hyperparameters,
            classes: v1.classes,
            cues: NbStage {
                vocabulary: v1.vocabulary,
                class_count: v1.class_count,
                class_log_prior: v1.class_log_prior,
                feature_count: v1.feature_count,
                feature_log_prob: v1.feature_log_prob,
            },
            ranking: None,
            card: ModelCard {
                training: v1.training,
                cross_validation: v1.cross_validation,
                heldout: v1.heldout,
            },
        }
    }
}

impl Model {
    /// Read, parse and validate a model file (`-` reads stdin).
    pub fn load(path: &Path) -> Result<Model> {
        let source = crate::input::Source::from_arg(Some(path));
        let bytes = source.read_all()?;
        let name = source.name();
        let text = std::str::from_utf8(&bytes).map_err(|e| Error::Model {
            path: name.clone(),
            message: format!(
                "not a JSON model file (invalid UTF-8 at byte {})",
                e.valid_up_to()
            ),
        })?;
        Model::from_json(text, &name)
    }

    /// The embedded default model.
    ///
    /// It is checked like any model file except for the sums of its probabilities (tens of
    /// thousands of `exp` calls at every start): a test checks the full validation of the
    /// model file it is built from, and that the two are equal.
    pub fn embedded() -> Result<Model> {
        let error = |message: String| Error::Model {
            path: EMBEDDED_NAME.to_owned(),
            message,
        };
        let mut model = decode_embedded(EMBEDDED_BLOB).map_err(error)?;
        if model.format_version == 1 {
            return Err(error(
                "the embedded model must be in format version 2 or later".into(),
            ));
        }
        model.validate_structure().map_err(error)?;
        model.format_version = model.written_version();
        Ok(model)
    }

    /// Parse and validate a model file's text, of any version this build reads. `name` is
    /// used in error messages.
    pub fn from_json(json: &str, name: &str) -> Result<Model> {
        let error = |message: String| Error::Model {
            path: name.to_owned(),
            message,
        };
        // A byte-order mark is not part of the JSON, and editors add one.
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        let model = match serde_json::from_str::<Model>(json) {
            Ok(model) if (2..=FORMAT_VERSION).contains(&model.format_version) => model,
            parsed => {
                // Not the current layout (or not its version): look at the version first, so
                // that the message says "newer format" rather than "unknown field".
                #[derive(Deserialize)]
                struct Probe {
                    format_version: Option<u32>,
                }
                let version = serde_json::from_str::<Probe>(json)
                    .ok()
                    .and_then(|p| p.format_version);
                match (version, parsed) {
                    (Some(v), _) if v > FORMAT_VERSION => {
                        return Err(error(format!(
                            "model format version {v} is newer than this roleclass reads \
                             ({FORMAT_VERSION}); upgrade roleclass or retrain"
                        )))
                    }
                    (Some(1), _) => serde_json::from_str::<ModelV1>(json)
                        .map(Model::from)
                        .map_err(|e| error(describe_json_error(&e)))?,
                    (_, Err(e)) => return Err(error(describe_json_error(&e))),
                    (_, Ok(model)) => {
                        return Err(error(format!(
                            "model format version {} is not one this roleclass reads (1 to \
                             {FORMAT_VERSION})",
                            model.format_version
                        )))
                    }
                }
            }
        };
        model.validate().map_err(error)?;
        Ok(model)
    }

    /// Check the internal consistency of a parsed model, the sums of its probabilities
    /// included.
    fn validate(&self) -> std::result::Result<(), String> {
        self.validate_structure()?;
        self.cues.validate_normalisation(&self.classes)?;
        if let Some(ranking) = &self.ranking {
            ranking.validate_normalisation(&self.classes)?;
        }
        Ok(())
    }

    /// Everything [`Model::validate`] checks but the sums of the probabilities.
    fn validate_structure(&self) -> std::result::Result<(), String> {
        if self.classes != [Label::Director, Label::Vp] {
            return Err("classes must be [\"director\", \"vp\"]".to_owned());
        }
        self.cues.validate(&self.classes)?;
        match (
            &self.ranking,
            self.hyperparameters.ranking,
            self.format_version,
        ) {
            (Some(stage), Some(_), 3..) => stage.validate(&self.classes)?,
            (None, None, ..=2) => {}
            (Some(_), _, ..=2) => {
                return Err(format!(
                    "format version {} has no ranking stage",
                    self.format_version
                ))
            }
            (None, _, 3..) => return Err("the ranking stage is missing".to_owned()),
            (Some(_), None, _) | (None, Some(_), _) => {
                return Err("the ranking stage and its settings must come together".to_owned())
            }
        }
        self.hyperparameters
            .validate()
            .map_err(|e| format!("bad hyperparameters: {e}"))
    }

    /// The format version this model is written in: the current one for a two-stage model,
    /// version 2 (the one-stage layout) for a model without a ranking stage.
    pub fn written_version(&self) -> u32 {
        if self.ranking.is_some() {
            FORMAT_VERSION
        } else {
            ONE_STAGE_VERSION
        }
    }

    /// The model file's text: pretty JSON with a trailing newline, byte-identical for the same
    /// training data and settings. Older one-stage layouts are written as version 2.
    pub fn to_json(&self) -> Result<String> {
        let current;
        let model = if self.format_version == self.written_version() {
            self
        } else {
            current = Model {
                format_version: self.written_version(),
                ..self.clone()
            };
            &current
        };
        let mut text = serde_json::to_string_pretty(model).map_err(|e| Error::Model {
            path: "<model>".to_owned(),
            message: e.to_string(),
        })?;
        text.push('\n');
        Ok(text)
    }
}

/// The newest format version of the one-stage layout (no ranking stage).
pub const ONE_STAGE_VERSION: u32 = 2;

/// Read the blob `build.rs` makes of the model file (its docs give the layout).
fn decode_embedded(blob: &[u8]) -> std::result::Result<Model, String> {
    let mut rest = blob;
    let mut take = |n: usize| -> std::result::Result<&[u8], String> {
        if rest.len() < n {
            return Err("truncated embedded model".to_owned());
        }
        let (taken, left) = rest.split_at(n);
        rest = left;
        Ok(taken)
    };
    let le_u32 = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let head_len = le_u32(take(4)?);
    let mut model: Model =
        serde_json::from_slice(take(head_len)?).map_err(|e| describe_json_error(&e))?;
    let mut fill = |stage: &mut NbStage| -> std::result::Result<(), String> {
        let n = le_u32(take(4)?);
        stage.vocabulary = Vec::with_capacity(n);
        for _ in 0..n {
            let len_bytes = take(2)?;
            let len = usize::from(u16::from_le_bytes([len_bytes[0], len_bytes[1]]));
            let term = std::str::from_utf8(take(len)?).map_err(|e| e.to_string())?;
            stage.vocabulary.push(term.to_owned());
        }
        let mut numbers = || -> std::result::Result<Vec<f64>, String> {
            Ok(take(8 * n)?
                .chunks_exact(8)
                .map(|b| {
                    f64::from_bits(u64::from_le_bytes([
                        b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                    ]))
                })
                .collect())
        };
        stage.feature_count = [numbers()?, numbers()?];
        stage.feature_log_prob = [numbers()?, numbers()?];
        Ok(())
    };
    fill(&mut model.cues)?;
    if let Some(ranking) = &mut model.ranking {
        fill(ranking)?;
    }
    if !rest.is_empty() {
        return Err("trailing bytes after the embedded model".to_owned());
    }
    Ok(model)
}

/// A serde_json error as one line: what kind of failure, its message and where.
fn describe_json_error(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Eof => "truncated model file",
        serde_json::error::Category::Syntax => "not a JSON model file",
        _ => "not a roleclass model",
    };
    // serde_json says " at line X column Y" itself; we print the position our way.
    let message = e.to_string();
    let message = match message.find(" at line ") {
        Some(cut) => &message[..cut],
        None => &message,
    };
    format!(
        "{what} ({message}, line {} column {})",
        e.line(),
        e.column()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_tolerates_missing_and_unknown_fields() {
        let model = Model::embedded().unwrap();
        let mut value = serde_json::to_value(&model).unwrap();
        let figures = &mut value["card"]["cross_validation"]["figures"];
        figures["a_metric_from_the_future"] = serde_json::json!(0.5);
        figures.as_object_mut().unwrap().remove("ece");
        let read = Model::from_json(&value.to_string(), "card.json").unwrap();
        assert_eq!(read.card.cross_validation.figures.ece, None);
        assert_eq!(read.cues, model.cues);
    }

    #[test]
    fn scoring_fields_stay_strict() {
        let model = Model::embedded().unwrap();
        let mut value = serde_json::to_value(&model).unwrap();
        value["cues"]["extra"] = serde_json::json!(1);
        let err = Model::from_json(&value.to_string(), "strict.json").unwrap_err();
        assert!(err.to_string().contains("unknown field `extra`"), "{err}");
        value["format_version"] = serde_json::json!(0);
        let err = Model::from_json(&value.to_string(), "zero.json").unwrap_err();
        assert!(err.to_string().starts_with("zero.json: "), "{err}");
    }
}

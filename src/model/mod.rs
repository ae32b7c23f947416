//! The model: multinomial naive Bayes fitted by linfa-bayes over the cue vocabulary chosen by
//! [`crate::vocab`], calibrated, stored in a versioned file, and scored fast.
//!
//! - [`answer`]: what scoring one statement gives ([`Prediction`], [`Explanation`]) and the
//!   calibration rule that turns log-odds into an answer.
//! - [`file_format`]: the model file (`models/roleclass.json`): its layout, versions and
//!   validation, and the model card.
//! - [`linfa`]: the linfa-bayes adapter (dense blocks, the stderr workaround for its `dbg!`,
//!   and the serde mirror that reads its private fields).
//! - [`fit`]: fitting the final model from labeled rows.
//! - [`classifier`]: the scoring hot path, which allocates nothing per statement; its token
//!   and word-pair tables (`tables`) are `lookup`'s frozen open-addressing hash tables, built
//!   at run time for a model file and at build time for the embedded model (`embedded`).

pub mod answer;
pub mod classifier;
mod embedded;
pub mod file_format;
pub mod fit;
pub mod linfa;
mod lookup;
mod tables;

pub use answer::{
    sigmoid, stages_agree, Calibration, Explanation, Prediction, Probabilities, StatementRecord,
    TermContribution,
};
pub use classifier::{Classifier, Stage};
pub use file_format::{
    CrossValidation, GridPoint, HeldoutReport, Hyperparameters, Model, ModelCard, NbStage,
    RankingSettings, TrainingInfo, FORMAT_VERSION, MAX_RANKING_TERMS, MIN_LOG_PROB,
    ONE_STAGE_VERSION,
};
pub use fit::{fit_model, ModelSpec};
pub use linfa::{fit_naive_bayes, NbParams};

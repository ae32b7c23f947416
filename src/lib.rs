//! # roleclass
//!
//! Tells whether an engineering-leadership task statement is Director-of-Engineering-level or
//! VP-of-Engineering-level, following the distinctions of the article in `training/README.md`:
//! team vs department scope, quarter vs year horizon, internal team vs customers, investors and
//! executives, sprint and bug metrics vs budget, ROI and downtime, project vs department budget,
//! reporting to the VP vs reporting to the CEO.
//!
//! Data flows one way: [`text`] (tokens) -> [`vocab`] (features and cue selection) ->
//! [`model`] (naive Bayes via linfa-bayes, calibrated answers) -> [`select`] (model choice by
//! cross-validation) -> [`train`]. At the bottom, [`label`] names the labels, answers and
//! levels every layer speaks of, and [`eval`] computes figures from answers; [`input`] reads
//! files and stdin one way, [`data`] reads labeled CSV files, [`batch`] streams CSVs through a
//! classifier, [`posting`] parses whole job postings and [`audit`] weighs their lines.
//!
//! ```
//! use roleclass::label::Answer;
//! use roleclass::model::{Classifier, Model};
//!
//! let classifier = Classifier::new(Model::embedded()?);
//! let prediction = classifier.classify("Manages the engineering department budget");
//! assert_eq!(prediction.answer, Answer::Vp);
//! assert!(prediction.confidence > 0.9);
//! // No level cue: no answer.
//! assert_eq!(classifier.classify("Foster a culture of innovation").answer, Answer::Unsure);
//! # Ok::<(), roleclass::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod audit;
pub mod batch;
pub mod data;
pub mod error;
pub mod eval;
pub mod input;
pub mod label;
pub mod model;
pub mod output;
pub mod posting;
pub mod select;
pub mod text;
pub mod train;
pub mod vocab;

pub use error::{Error, Result};

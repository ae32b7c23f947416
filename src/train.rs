//! Training end to end: read the labeled file, choose settings by cross-validation, fit the
//! final model, and describe where it came from. The binary only prints and writes the result.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::data::{self, LabeledData};
use crate::error::{Error, Result};
use crate::input::Source;
use crate::label::{ClassCounts, Label};
use crate::model::{
    self, Classifier, CrossValidation, HeldoutReport, Model, ModelCard, ModelSpec, TrainingInfo,
};
use crate::select::{self, SearchResult, SearchSettings};

/// The training file, relative to the repository root, unless told otherwise.
pub const DEFAULT_TRAINING_FILE: &str = "training/tasks.csv";

/// The held-out file, relative to the repository root, unless told otherwise.
pub const DEFAULT_HELDOUT_FILE: &str = "training/heldout.csv";

/// Where `train` writes the model unless told otherwise (the file embedded in the binary).
pub const DEFAULT_MODEL_FILE: &str = "models/roleclass.json";

/// How many grid points the model file keeps, best first.
pub const TOP_GRID_POINTS: usize = 10;

/// A file's bytes and their SHA-256.
pub struct HashedFile {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
}

/// Read a whole file and hash it.
pub fn read_hashed(path: &Path) -> Result<HashedFile> {
    let bytes = Source::from_arg(Some(path)).read_all()?;
    Ok(HashedFile {
        sha256: sha256_hex(&bytes),
        bytes,
    })
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The result of [`train`].
pub struct Trained {
    /// The fitted model.
    pub model: Model,
    /// The full grid search, best first.
    pub search: SearchResult,
    /// The data it was trained on.
    pub data: LabeledData,
}

/// Train a model from the labeled file at `path`. `heldout`, when given, is evaluated after
/// training and recorded in the model card; it takes no part in any choice. It is read (and
/// checked) first, so that a missing or malformed held-out file fails before the long work.
pub fn train(path: &Path, settings: &SearchSettings, heldout: Option<&Path>) -> Result<Trained> {
    let source = Source::from_arg(Some(path));
    let name = source.name();
    let heldout = match heldout {
        Some(heldout) => {
            let heldout_source = Source::from_arg(Some(heldout));
            if heldout_source == Source::Stdin && source == Source::Stdin {
                return Err(Error::Config(
                    "stdin cannot be both the training data and the held-out file".to_owned(),
                ));
            }
            let heldout_name = heldout_source.name();
            let file = read_hashed(heldout)?;
            let data = data::read_labeled_from(&file.bytes, &heldout_name)?;
            Some((heldout_name, file.sha256, data))
        }
        None => None,
    };
    let HashedFile { bytes, sha256 } = read_hashed(path)?;
    let data = data::read_labeled_from(&bytes, &name)?;
    drop(bytes);
    let counts = ClassCounts::of(&data.rows);
    if counts.director == 0 || counts.vp == 0 {
        let missing = if counts.director == 0 {
            Label::Director
        } else {
            Label::Vp
        };
        return Err(Error::Data {
            path: name,
            message: format!(
                "training needs both director and vp rows, found no {missing} rows ({} director, {} vp, {} either)",
                counts.director, counts.vp, counts.either
            ),
        });
    }
    let search = select::search(&data.rows, settings)?;
    let best = search.best().clone();
    let spec = ModelSpec {
        tokenizer: best.tokenizer,
        hyperparameters: best.hyperparameters,
        card: ModelCard {
            training: TrainingInfo {
                file: name,
                sha256,
                rows: counts,
                duplicates: data.duplicates,
            },
            cross_validation: CrossValidation {
                folds: settings.folds,
                seed: settings.seed,
                rows: search.rows,
                grid_size: search.ranked.len(),
                figures: best.figures.clone(),
                top: search
                    .ranked
                    .iter()
                    .take(TOP_GRID_POINTS)
                    .cloned()
                    .collect(),
            },
            heldout: None,
        },
    };
    let mut model = model::fit_model(&data.rows, spec)?;
    if let Some((file, sha256, heldout_data)) = heldout {
        let classifier = Classifier::new(model.clone());
        model.card.heldout = Some(HeldoutReport {
            file,
            sha256,
            figures: classifier.evaluate(&heldout_data.rows),
        });
    }
    Ok(Trained {
        model,
        search,
        data,
    })
}

//! The linfa-bayes adapter: fit `MultinomialNb` in bounded dense blocks, read its fitted
//! parameters out exactly, and rebuild it from a model file.
//!
//! Two workarounds live here, both tied to linfa-bayes 0.8.1 (pinned in Cargo.toml):
//! - it calls `dbg!` on every class histogram inside `fit_with` (removed upstream, not yet
//!   released), so the fit runs with the process's stderr redirected to nothing (`gag`);
//!   0.7.1 has no `dbg!` but keeps `joint_log_likelihood` private, which the exact
//!   explanations are checked against;
//! - its fitted parameters are private fields, so they are read through its serde form with a
//!   mirror of its private layout (`LinfaNb`), which is exact.

use std::collections::HashMap;
use std::sync::Mutex;

use linfa::prelude::*;
use linfa_bayes::MultinomialNb;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use super::file_format::NbStage;
use crate::error::{Error, Result};

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

/// Mirror of linfa-bayes 0.8.1's serialized `MultinomialNb`, to read its fitted parameters.
#[derive(Serialize, Deserialize)]
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

/// Run `f` with the process's stderr redirected to nothing (linfa-bayes 0.8.1's `dbg!`). The
/// lock keeps two fits from fighting over the redirection.
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
/// and about [`FIT_CHUNK_BYTES`] through `FitWith::fit_with`, so memory stays bounded whatever
/// the number of rows, and the result equals a one-shot fit (feature counts are sums).
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
    let value = serde_json::to_value(model).map_err(|e| Error::Adapter(e.to_string()))?;
    let mirror: LinfaNb =
        serde_json::from_value(value).map_err(|e| Error::Adapter(e.to_string()))?;
    let class = |c: usize| -> Result<&LinfaClass> {
        mirror
            .class_info
            .get(&c)
            .ok_or_else(|| Error::Fit(format!("class {c} has no training rows")))
    };
    let (director, vp) = (class(0)?, class(1)?);
    for info in [director, vp] {
        if info.feature_log_prob.len() != n_terms {
            return Err(Error::Adapter(
                "fitted vocabulary size disagrees".to_owned(),
            ));
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

impl NbStage {
    /// Rebuild the linfa-bayes model of this stage, e.g. to check scores against linfa's own
    /// `joint_log_likelihood`.
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
        let value = serde_json::to_value(mirror).map_err(|e| Error::Adapter(e.to_string()))?;
        serde_json::from_value(value).map_err(|e| Error::Adapter(e.to_string()))
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
}

//! The library's error type: every failure names the file (and line, where there is one) so
//! the binary can print it as one line and map it to an exit code.

use std::io;
use std::path::Path;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file involved.
        path: String,
        /// What went wrong, in lowercase words.
        message: String,
        /// The underlying error (kept so a broken pipe can be recognised).
        #[source]
        source: io::Error,
    },
    /// A data file is malformed at a given line (and column, when known).
    #[error("{path}:{line}: {message}")]
    Row {
        /// The file involved.
        path: String,
        /// 1-based line where the record starts.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
    /// A data file is unusable as a whole (empty, header only, one class, missing column).
    #[error("{path}: {message}")]
    Data {
        /// The file involved.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// A model file is corrupt, truncated, of the wrong shape or of a newer format.
    #[error("{path}: {message}")]
    Model {
        /// The model file (or `<embedded>` for the built-in model).
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// Invalid settings (hyperparameters, thresholds).
    #[error("{0}")]
    Config(String),
    /// linfa-bayes refused to fit, or the fit had nothing to work on.
    #[error("naive Bayes fit failed: {0}")]
    Fit(String),
    /// linfa-bayes' fitted model did not have the private layout the adapter mirrors (a
    /// linfa-bayes version other than the pinned one).
    #[error("linfa-bayes adapter: {0} (is linfa-bayes still the pinned 0.8.1?)")]
    Adapter(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wrap an I/O error with the path it concerns.
    pub fn io(path: impl AsRef<Path>, source: io::Error) -> Error {
        Error::Io {
            path: path.as_ref().display().to_string(),
            message: describe_io(&source),
            source,
        }
    }
}

/// A short lowercase description of an I/O error, without the `(os error N)` suffix.
pub fn describe_io(err: &io::Error) -> String {
    // A failed write to an output already says what and where.
    if let Some(named) = err
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<crate::output::WriteError>())
    {
        return named.to_string();
    }
    let text = match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "is a directory, expected a file".to_owned(),
        io::ErrorKind::UnexpectedEof => "unexpected end of file".to_owned(),
        io::ErrorKind::InvalidData => "not valid UTF-8 text".to_owned(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_owned(),
                None => text,
            }
        }
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

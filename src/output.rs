//! Output: files that are never half-written (everything goes to a temporary file in the
//! destination's directory, which replaces the destination only once it is complete), and
//! the one precision confidences are written with in every format.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::error::Error;

/// Decimals of a confidence in every output format (text, CSV, JSON, JSON Lines).
pub const CONFIDENCE_DECIMALS: usize = 3;

/// A confidence as written in every output format: `0.940`.
pub fn confidence_text(confidence: f64) -> String {
    format!("{confidence:.CONFIDENCE_DECIMALS$}")
}

/// Serialize a confidence (or any probability) as a JSON number written like
/// [`confidence_text`] (`0.940`); a value that is not finite becomes `null`.
pub fn serialize_confidence<S: serde::Serializer>(
    confidence: &f64,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    if !confidence.is_finite() {
        return serializer.serialize_none();
    }
    match serde_json::value::RawValue::from_string(confidence_text(*confidence)) {
        Ok(raw) => raw.serialize(serializer),
        Err(_) => serializer.serialize_f64(*confidence),
    }
}

/// Check that `path` can be an output file: not a directory, in an existing directory.
/// Commands call this before long work so that a typo fails at once.
pub fn check_destination(path: &Path) -> Result<(), Error> {
    if path.is_dir() {
        return Err(Error::io(
            path,
            io::Error::new(io::ErrorKind::IsADirectory, "is a directory"),
        ));
    }
    let parent = parent_dir(path);
    if !parent.is_dir() {
        return Err(Error::Io {
            path: path.display().to_string(),
            message: format!("directory {} does not exist", parent.display()),
            source: io::Error::from(io::ErrorKind::NotFound),
        });
    }
    Ok(())
}

/// The directory a file is written in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Write `path` atomically: `write` fills a buffered temporary file beside it, which is
/// renamed over `path` only if `write` and the final flush succeed. On any error (or a panic,
/// or an early return) the temporary file is removed and `path` is left as it was.
pub fn write_atomically<T, E: From<Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    check_destination(path)?;
    let parent = parent_dir(path);
    let temp = tempfile::Builder::new()
        .prefix(".roleclass-")
        .suffix(".tmp")
        .tempfile_in(parent)
        .map_err(|e| Error::io(path, e))?;
    let mut writer = BufWriter::with_capacity(1 << 16, temp);
    let value = write(&mut writer)?;
    let temp = writer
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?;
    temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    // Keep the permissions of a file we replace.
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(temp.path(), meta.permissions());
    }
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        let result: Result<(), Error> = write_atomically(&path, |w| {
            w.write_all(b"partial").map_err(|e| Error::io("x", e))?;
            Err(Error::Config("injected failure".to_owned()))
        });
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn success_replaces_and_missing_dir_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomically(&path, |w| {
            w.write_all(b"new").map_err(|e| Error::io("x", e))
        })
        .unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let missing = dir.path().join("nope/out.txt");
        let err = write_atomically(&missing, |_| Ok::<(), Error>(())).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }
}

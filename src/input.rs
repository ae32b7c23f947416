//! Input, read one way by every command: a path names a file, and no path or `-` means stdin;
//! files get the same checks (a directory or a missing file is named as such), and text gets
//! the same UTF-8 and NUL-byte checks with the same messages, whether it is a statement line
//! (`classify`), a CSV field (`batch`, `train`, `evaluate`) or a whole posting (`audit`).

use std::fs::File;
use std::io::{self, BufRead, IsTerminal, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// How stdin is named in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Where input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input (no path, or `-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// The source a command-line argument names: none or `-` is stdin.
    pub fn from_arg(arg: Option<&Path>) -> Source {
        match arg {
            Some(path) if path.as_os_str() != "-" => Source::File(path.to_owned()),
            _ => Source::Stdin,
        }
    }

    /// The file's path, or `None` for stdin.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Stdin => None,
            Source::File(path) => Some(path),
        }
    }

    /// The name used in messages: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => STDIN_NAME.to_owned(),
            Source::File(path) => path.display().to_string(),
        }
    }

    /// True when reading would wait for a person typing: stdin on a terminal.
    pub fn is_interactive(&self) -> bool {
        *self == Source::Stdin && io::stdin().is_terminal()
    }

    /// Open for reading; the size is known for a file.
    pub fn open(&self) -> Result<(Box<dyn Read + Send>, Option<u64>)> {
        match self {
            Source::Stdin => Ok((Box::new(io::stdin()), None)),
            Source::File(path) => {
                let file = open_file(path)?;
                let size = file.metadata().ok().map(|m| m.len());
                Ok((Box::new(file), size))
            }
        }
    }

    /// Every byte.
    pub fn read_all(&self) -> Result<Vec<u8>> {
        match self {
            Source::Stdin => {
                let mut bytes = Vec::new();
                io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::io(STDIN_NAME, e))?;
                Ok(bytes)
            }
            Source::File(path) => read_file(path),
        }
    }

    /// The whole input as text (a posting): UTF-8 without NUL bytes, and not blank.
    pub fn read_text(&self) -> Result<String> {
        decode_text(self.name(), self.read_all()?)
    }

    /// Non-blank lines of text, with their 1-based line numbers (blank lines are counted but
    /// not returned), streamed: memory does not grow with the input.
    pub fn lines(&self) -> Result<TextLines> {
        let (reader, _) = self.open()?;
        Ok(TextLines {
            name: self.name(),
            input: io::BufReader::with_capacity(1 << 16, reader),
            buffer: Vec::new(),
            number: 0,
        })
    }
}

/// Bytes read whole as text (a posting): a byte-order mark dropped, UTF-8 without NUL bytes,
/// and not blank. `name` names the input in errors.
pub fn decode_text(name: String, mut bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    if let Err(bad) = check_text(&bytes) {
        let line = 1 + memchr::memchr_iter(b'\n', &bytes[..bad.at - 1]).count() as u64;
        return Err(Error::Row {
            path: name,
            line,
            message: bad.to_string(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| Error::Data {
        path: name.clone(),
        message: format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to() + 1),
    })?;
    if text.trim().is_empty() {
        return Err(Error::Data {
            path: name,
            message: "empty file".to_owned(),
        });
    }
    Ok(text)
}

/// Open a file for reading, with a clear error for directories and missing files.
pub fn open_file(path: &Path) -> Result<File> {
    if path.is_dir() {
        return Err(Error::io(
            path,
            io::Error::new(io::ErrorKind::IsADirectory, "is a directory"),
        ));
    }
    File::open(path).map_err(|e| Error::io(path, e))
}

/// Read a whole file.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_file(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

/// What is wrong with bytes that should be text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// Not valid UTF-8.
    InvalidUtf8,
    /// A NUL byte: binary data, not text.
    Nul,
}

/// Bytes that are not usable text, and where (1-based byte position in what was checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct BadText {
    /// The problem.
    pub problem: TextProblem,
    /// 1-based position of the first bad byte.
    pub at: usize,
}

impl BadText {
    fn describe(&self) -> String {
        match self.problem {
            TextProblem::InvalidUtf8 => format!("invalid UTF-8 at byte {}", self.at),
            TextProblem::Nul => format!("NUL byte at byte {} (binary data?)", self.at),
        }
    }
}

/// The text of `bytes`, when it is UTF-8 without NUL bytes.
pub fn check_text(bytes: &[u8]) -> std::result::Result<&str, BadText> {
    let text = std::str::from_utf8(bytes).map_err(|e| BadText {
        problem: TextProblem::InvalidUtf8,
        at: e.valid_up_to() + 1,
    })?;
    match memchr::memchr(0, bytes) {
        Some(at) => Err(BadText {
            problem: TextProblem::Nul,
            at: at + 1,
        }),
        None => Ok(text),
    }
}

/// The UTF-8 byte-order mark, dropped from the start of text input.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// The non-blank lines of a source; see [`Source::lines`].
pub struct TextLines {
    name: String,
    input: io::BufReader<Box<dyn Read + Send>>,
    buffer: Vec<u8>,
    number: u64,
}

impl TextLines {
    /// The next non-blank line (without its line end) and its number, or `None` at the end.
    /// A line that is not text is an error naming the input and the line.
    pub fn next_line(&mut self) -> Result<Option<(u64, &str)>> {
        let end = loop {
            self.buffer.clear();
            let read = self
                .input
                .read_until(b'\n', &mut self.buffer)
                .map_err(|e| Error::io(&self.name, e))?;
            if read == 0 {
                return Ok(None);
            }
            self.number += 1;
            // A byte-order mark opens some files and pipes; it is not part of the first line.
            if self.number == 1 && self.buffer.starts_with(BOM) {
                self.buffer.drain(..BOM.len());
            }
            let mut end = self.buffer.len();
            while end > 0 && matches!(self.buffer[end - 1], b'\n' | b'\r') {
                end -= 1;
            }
            // Blank lines are counted, not returned (also when only Unicode spaces).
            let blank =
                std::str::from_utf8(&self.buffer[..end]).is_ok_and(|text| text.trim().is_empty());
            if !blank {
                break end;
            }
        };
        match check_text(&self.buffer[..end]) {
            Ok(text) => Ok(Some((self.number, text))),
            Err(bad) => Err(Error::Row {
                path: self.name.clone(),
                line: self.number,
                message: bad.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_and_nothing_mean_stdin() {
        assert_eq!(Source::from_arg(None), Source::Stdin);
        assert_eq!(Source::from_arg(Some(Path::new("-"))), Source::Stdin);
        assert_eq!(Source::Stdin.name(), "<stdin>");
        let file = Source::from_arg(Some(Path::new("a.csv")));
        assert_eq!(file.name(), "a.csv");
    }

    #[test]
    fn text_checks_say_what_and_where() {
        assert_eq!(check_text(b"plain"), Ok("plain"));
        let bad = check_text(b"ab\xffc").unwrap_err();
        assert_eq!(bad.to_string(), "invalid UTF-8 at byte 3");
        let nul = check_text(b"a\0b").unwrap_err();
        assert_eq!(nul.to_string(), "NUL byte at byte 2 (binary data?)");
    }

    #[test]
    fn a_leading_byte_order_mark_is_not_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lines.txt");
        std::fs::write(&path, b"\xef\xbb\xbfOwn the budget\r\n\nRun the sprint\n").unwrap();
        let source = Source::File(path);
        let mut lines = source.lines().unwrap();
        assert_eq!(lines.next_line().unwrap(), Some((1, "Own the budget")));
        assert_eq!(lines.next_line().unwrap(), Some((3, "Run the sprint")));
        assert_eq!(lines.next_line().unwrap(), None);
        assert_eq!(
            source.read_text().unwrap(),
            "Own the budget\r\n\nRun the sprint\n"
        );
    }
}

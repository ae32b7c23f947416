//! Output: files that are never half-written, and the one precision confidences are written
//! with in every format.
//!
//! A command's output goes to a [`Destination`]: stdout, or a path. A path that names a regular
//! file (or nothing yet) is written atomically: everything goes to a temporary file in the
//! destination's directory, which replaces the destination only once it is complete. Anything
//! else is written through, because replacing it would break it: a character device
//! (`/dev/null`), a FIFO (its reader would hang), an open file descriptor (`/dev/stdout`,
//! `/dev/fd/63` from a shell's process substitution). A symbolic link is followed to its target,
//! which is written (the link stays a link).
//!
//! Every open [`Output`] is listed in a process-wide register until it is finished, so that a
//! signal handler can remove the temporary files and say what was left incomplete
//! ([`abandon_outputs`]).

use std::fs::{self, OpenOptions, Permissions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::error::Error;

/// Decimals of a confidence in every output format (text, CSV, JSON, JSON Lines).
pub const CONFIDENCE_DECIMALS: usize = 3;

/// How stdout is named in messages.
pub const STDOUT_NAME: &str = "<stdout>";

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

/// Where a command's output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (no path, or `-`).
    Stdout,
    /// A path: a regular file is written atomically, anything else written through.
    Path(PathBuf),
}

impl Destination {
    /// The destination a command-line argument names: none or `-` is stdout.
    pub fn from_arg(arg: Option<&Path>) -> Destination {
        match arg {
            Some(path) if path.as_os_str() != "-" => Destination::Path(path.to_owned()),
            _ => Destination::Stdout,
        }
    }

    /// The name used in messages: the path as given, or `<stdout>`.
    pub fn name(&self) -> String {
        match self {
            Destination::Stdout => STDOUT_NAME.to_owned(),
            Destination::Path(path) => path.display().to_string(),
        }
    }
}

/// How a path is written, once links are followed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A regular file, or nothing yet: write a temporary file beside it and rename it over.
    Replace(PathBuf),
    /// A device, a FIFO, a socket or an open file descriptor: write into it.
    Through(PathBuf),
}

/// Symbolic links followed at most (as the kernel's `MAXSYMLINKS`).
const MAX_LINKS: usize = 40;

/// What writing `path` means: follows symbolic links to their final target (which need not
/// exist yet), and stops at an open file descriptor's link (`/proc/self/fd/N`, `/dev/fd/N`),
/// which is written through whatever it points to.
fn target(path: &Path) -> io::Result<Target> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        if is_descriptor_link(&current) {
            return Ok(Target::Through(current));
        }
        let meta = match fs::symlink_metadata(&current) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::Replace(current)),
            Err(e) => return Err(e),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            let link = fs::read_link(&current)?;
            current = parent_dir(&current).join(link);
        } else if kind.is_file() {
            return Ok(Target::Replace(current));
        } else if kind.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            ));
        } else {
            return Ok(Target::Through(current));
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// True for an entry of a process's descriptor table (`/proc/<pid>/fd/N`, reached also as
/// `/proc/self/fd/N` or `/dev/fd/N`): its "target" is an open file, pipe or terminal.
fn is_descriptor_link(path: &Path) -> bool {
    path.parent()
        .and_then(|dir| fs::canonicalize(dir).ok())
        .is_some_and(|dir| dir.starts_with("/proc") && dir.file_name() == Some("fd".as_ref()))
}

/// The directory a file is written in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Check that `path` can be an output file: not a directory, in an existing directory.
/// [`Output::create`] checks the same (and more: it creates the file); this is for callers that
/// only want to fail early.
pub fn check_destination(path: &Path) -> Result<(), Error> {
    match target(path).map_err(|e| Error::io(path, e))? {
        Target::Replace(file) => check_directory(path, parent_dir(&file)),
        Target::Through(_) => Ok(()),
    }
}

fn check_directory(path: &Path, dir: &Path) -> Result<(), Error> {
    if dir.is_dir() {
        return Ok(());
    }
    Err(Error::Io {
        path: path.display().to_string(),
        message: format!("directory {} does not exist", dir.display()),
        source: io::Error::from(io::ErrorKind::NotFound),
    })
}

/// An output being written; see the module docs. Call [`Output::finish`] when everything is
/// written: until then (and if it is dropped instead) a new file is not in place, and the
/// temporary file is removed on drop.
pub struct Output {
    /// Its entry in the register.
    id: u64,
    /// The destination as given, for messages.
    name: String,
    sink: Sink,
}

enum Sink {
    /// A temporary file that replaces `path` on `finish`.
    Atomic {
        writer: BufWriter<tempfile::NamedTempFile>,
        /// The file replaced (links followed).
        path: PathBuf,
    },
    /// Written as it goes (stdout, a device, a FIFO, a descriptor).
    Direct(Box<dyn Write + Send>),
}

impl Output {
    /// Open `destination` for writing; stdout is written through `stdout` (the caller chooses
    /// its buffering). A path is checked and created now, so that a typo or an unwritable
    /// directory fails before any long work.
    pub fn create(
        destination: &Destination,
        stdout: impl FnOnce() -> Box<dyn Write + Send>,
    ) -> Result<Output, Error> {
        match destination {
            Destination::Stdout => Ok(Output::stdout(stdout())),
            Destination::Path(path) => Output::create_path(path),
        }
    }

    /// Open the file at `path` (see [`Output::create`]).
    pub fn create_path(path: &Path) -> Result<Output, Error> {
        let name = path.display().to_string();
        match target(path).map_err(|e| Error::io(path, e))? {
            Target::Through(through) => {
                // Append: a descriptor opened by the shell with `>>` keeps what it holds, and
                // one opened with `>` is empty anyway; devices and FIFOs ignore it.
                let file = OpenOptions::new()
                    .append(true)
                    .open(&through)
                    .map_err(|e| Error::io(path, e))?;
                Ok(Output::direct(
                    name,
                    Box::new(BufWriter::with_capacity(1 << 16, file)),
                ))
            }
            Target::Replace(file) => {
                let dir = parent_dir(&file);
                check_directory(path, dir)?;
                let mut register = lock_register();
                if register.closed {
                    return Err(interrupted(path));
                }
                // A new file gets the permissions the umask allows (0644 under umask 022),
                // as any other tool's output; an existing one keeps its own (on finish).
                let temp = tempfile::Builder::new()
                    .prefix(".roleclass-")
                    .suffix(".tmp")
                    .permissions(Permissions::from_mode(0o666))
                    .tempfile_in(dir)
                    .map_err(|e| Error::io(path, e))?;
                let id = register.add(Entry::Temp {
                    temp: temp.path().to_owned(),
                    name: name.clone(),
                });
                Ok(Output {
                    id,
                    name,
                    sink: Sink::Atomic {
                        writer: BufWriter::with_capacity(1 << 16, temp),
                        path: file,
                    },
                })
            }
        }
    }

    /// Stdout, written through `writer` (the caller chooses its buffering).
    pub fn stdout(writer: Box<dyn Write + Send>) -> Output {
        Output::direct(STDOUT_NAME.to_owned(), writer)
    }

    fn direct(name: String, writer: Box<dyn Write + Send>) -> Output {
        let id = lock_register().add(Entry::Direct { name: name.clone() });
        Output {
            id,
            name,
            sink: Sink::Direct(writer),
        }
    }

    /// The destination's name, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Everything is written: flush, and put a new file in place (keeping the permissions of
    /// a file it replaces).
    pub fn finish(mut self) -> Result<(), Error> {
        let id = self.id;
        let sink = std::mem::replace(&mut self.sink, Sink::Direct(Box::new(io::sink())));
        match sink {
            Sink::Direct(mut writer) => {
                writer.flush().map_err(|e| Error::io(&self.name, e))?;
            }
            Sink::Atomic { writer, path } => {
                let temp = writer
                    .into_inner()
                    .map_err(|e| Error::io(&self.name, e.into_error()))?;
                temp.as_file()
                    .sync_all()
                    .map_err(|e| Error::io(&self.name, e))?;
                if let Ok(meta) = fs::metadata(&path) {
                    let _ = fs::set_permissions(temp.path(), meta.permissions());
                }
                // Under the register's lock: a signal handler either finds the temporary file
                // (and removes it) or finds the output complete, never half-renamed.
                let mut register = lock_register();
                if register.closed {
                    return Err(interrupted(&self.name));
                }
                temp.persist(&path)
                    .map_err(|e| Error::io(&self.name, e.error))?;
                register.remove(id);
            }
        }
        Ok(())
    }
}

/// Errors of writing an [`Output`] name it (`<stdout>: no space left on device`) and keep the
/// kind of the underlying error (so a closed pipe is still recognised as one).
impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = match &mut self.sink {
            Sink::Atomic { writer, .. } => writer.write(buf),
            Sink::Direct(writer) => writer.write(buf),
        };
        written.map_err(|e| self.named(e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let written = match &mut self.sink {
            Sink::Atomic { writer, .. } => writer.write_all(buf),
            Sink::Direct(writer) => writer.write_all(buf),
        };
        written.map_err(|e| self.named(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        let flushed = match &mut self.sink {
            Sink::Atomic { writer, .. } => writer.flush(),
            Sink::Direct(writer) => writer.flush(),
        };
        flushed.map_err(|e| self.named(e))
    }
}

impl Output {
    fn named(&self, source: io::Error) -> io::Error {
        io::Error::new(
            source.kind(),
            WriteError {
                name: self.name.clone(),
                source,
            },
        )
    }
}

/// A failed write to an [`Output`], with its name.
#[derive(Debug)]
pub(crate) struct WriteError {
    name: String,
    source: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}",
            self.name,
            crate::error::describe_io(&self.source)
        )
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // The temporary file (if any) is removed by its own drop.
        lock_register().remove(self.id);
    }
}

/// Write `path` atomically (a regular file) or through (anything else), as [`Output`] does:
/// `write` fills it, and on any error (or a panic, or an early return) a new file is not put in
/// place and the temporary file is removed.
pub fn write_atomically<T, E: From<Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    let mut output = Output::create_path(path)?;
    let value = write(&mut output)?;
    output.finish()?;
    Ok(value)
}

fn interrupted(name: impl AsRef<Path>) -> Error {
    Error::io(
        name,
        io::Error::new(io::ErrorKind::Interrupted, "interrupted"),
    )
}

/// What was being written when the outputs were abandoned ([`abandon_outputs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Abandoned {
    /// A file that was to be replaced atomically: its temporary file was removed, and the
    /// destination is as it was before.
    NotWritten {
        /// The destination as given.
        name: String,
    },
    /// An output written as it went (stdout, a device, a FIFO): what it got is incomplete.
    Incomplete {
        /// The destination as given (`<stdout>` for stdout).
        name: String,
    },
}

impl std::fmt::Display for Abandoned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Abandoned::NotWritten { name } => write!(f, "{name} was not written"),
            Abandoned::Incomplete { name } if name == STDOUT_NAME => {
                write!(f, "the output on stdout is incomplete")
            }
            Abandoned::Incomplete { name } => write!(f, "the output to {name} is incomplete"),
        }
    }
}

/// For a signal handler that is about to end the process: remove every temporary file of an
/// unfinished [`Output`], refuse new ones and the renaming of any, and say what was left
/// incomplete.
pub fn abandon_outputs() -> Vec<Abandoned> {
    lock_register().abandon()
}

/// An unfinished output, in the register.
enum Entry {
    Temp { temp: PathBuf, name: String },
    Direct { name: String },
}

#[derive(Default)]
struct Register {
    entries: Vec<(u64, Entry)>,
    /// Set by [`abandon_outputs`]: the process is ending.
    closed: bool,
}

impl Register {
    fn add(&mut self, entry: Entry) -> u64 {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        self.entries.push((id, entry));
        id
    }

    fn remove(&mut self, id: u64) {
        self.entries.retain(|(i, _)| *i != id);
    }

    /// See [`abandon_outputs`].
    fn abandon(&mut self) -> Vec<Abandoned> {
        self.closed = true;
        self.entries
            .drain(..)
            .map(|(_, entry)| match entry {
                Entry::Temp { temp, name } => {
                    let _ = fs::remove_file(temp);
                    Abandoned::NotWritten { name }
                }
                Entry::Direct { name } => Abandoned::Incomplete { name },
            })
            .collect()
    }
}

static REGISTER: Mutex<Register> = Mutex::new(Register {
    entries: Vec::new(),
    closed: false,
});

fn lock_register() -> MutexGuard<'static, Register> {
    REGISTER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::FileTypeExt;
    use std::process::Command;

    fn write_str(path: &Path, text: &str) -> Result<(), Error> {
        write_atomically(path, |w| {
            w.write_all(text.as_bytes()).map_err(|e| Error::io("x", e))
        })
    }

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
        write_str(&path, "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let missing = dir.path().join("nope/out.txt");
        let err = write_str(&missing, "").unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        let err = write_str(dir.path(), "").unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
    }

    #[test]
    fn write_errors_name_the_output_and_keep_their_kind() {
        let mut output = Output::stdout(Box::new(Full));
        let err = output.write_all(b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
        assert_eq!(err.to_string(), "<stdout>: no space left on device");
        assert_eq!(
            crate::error::describe_io(&err),
            "<stdout>: no space left on device"
        );
    }

    /// A disk that is full.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            // ENOSPC, as the kernel reports it.
            Err(io::Error::from_raw_os_error(28))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn dash_and_nothing_mean_stdout() {
        assert_eq!(Destination::from_arg(None), Destination::Stdout);
        assert_eq!(
            Destination::from_arg(Some(Path::new("-"))),
            Destination::Stdout
        );
        assert_eq!(Destination::Stdout.name(), "<stdout>");
        assert_eq!(
            Destination::from_arg(Some(Path::new("out.csv"))),
            Destination::Path("out.csv".into())
        );
    }

    fn is_link(path: &Path) -> bool {
        fs::symlink_metadata(path).unwrap().file_type().is_symlink()
    }

    #[test]
    fn a_symlink_is_followed_and_its_target_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        write_str(&link, "new").unwrap();
        assert!(is_link(&link));
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        // A dangling link: its target is created.
        let dangling = dir.path().join("dangling.txt");
        std::os::unix::fs::symlink("created.txt", &dangling).unwrap();
        write_str(&dangling, "made").unwrap();
        assert!(is_link(&dangling));
        assert_eq!(
            fs::read_to_string(dir.path().join("created.txt")).unwrap(),
            "made"
        );
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 4, "no temporary file left");
    }

    #[test]
    fn a_fifo_is_written_through_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        assert!(Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
        };
        write_str(&fifo, "through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), "through the pipe");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn an_open_descriptor_is_written_through() {
        let (mut reader, writer) = io::pipe().unwrap();
        use std::os::fd::AsRawFd;
        let path = PathBuf::from(format!("/proc/self/fd/{}", writer.as_raw_fd()));
        write_str(&path, "to the descriptor").unwrap();
        drop(writer);
        let mut got = String::new();
        io::Read::read_to_string(&mut reader, &mut got).unwrap();
        assert_eq!(got, "to the descriptor");
        // Also through a link to it, as /dev/stdout is.
        let (mut reader, writer) = io::pipe().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("stdout");
        std::os::unix::fs::symlink(format!("/proc/self/fd/{}", writer.as_raw_fd()), &link).unwrap();
        write_str(&link, "via a link").unwrap();
        drop(writer);
        let mut got = String::new();
        io::Read::read_to_string(&mut reader, &mut got).unwrap();
        assert_eq!(got, "via a link");
        assert!(is_link(&link));
    }

    #[test]
    fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.txt");
        write_str(&path, "x").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // The umask of the test process is unknown here; a mode that tempfile's default
        // (0600) would give only under umask 077. The binary's tests set the umask.
        let probe = dir.path().join("probe");
        fs::write(&probe, "").unwrap();
        let expected = fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, expected, "{mode:o} vs {expected:o}");
        fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        write_str(&path, "y").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn the_register_lists_unfinished_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let mut output = Output::create_path(&path).unwrap();
        output.write_all(b"half").unwrap();
        let listed = lock_register()
            .entries
            .iter()
            .any(|(id, entry)| *id == output.id && matches!(entry, Entry::Temp { .. }));
        assert!(listed);
        let id = output.id;
        output.finish().unwrap();
        assert!(!lock_register().entries.iter().any(|(i, _)| *i == id));
    }

    #[test]
    fn abandoning_removes_temporary_files_and_names_incomplete_outputs() {
        // On a register of its own: closing the process-wide one would stop the other tests.
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join(".roleclass-x.tmp");
        fs::write(&temp, "half").unwrap();
        let mut register = Register::default();
        register.add(Entry::Temp {
            temp: temp.clone(),
            name: "out.csv".to_owned(),
        });
        register.add(Entry::Direct {
            name: STDOUT_NAME.to_owned(),
        });
        register.add(Entry::Direct {
            name: "/dev/fd/63".to_owned(),
        });
        let abandoned: Vec<String> = register.abandon().iter().map(|a| a.to_string()).collect();
        assert_eq!(
            abandoned,
            [
                "out.csv was not written",
                "the output on stdout is incomplete",
                "the output to /dev/fd/63 is incomplete"
            ]
        );
        assert!(!temp.exists());
        assert!(register.closed && register.entries.is_empty());
    }
}

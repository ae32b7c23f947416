//! One module per subcommand: read input, call the library, report. Shared here: loading the
//! model and turning errors into one line and an exit code.

mod audit;
mod batch;
mod classify;
mod evaluate;
mod inspect;
mod serve;
mod train;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use roleclass::input::Source;
use roleclass::model::{Classifier, Model};

use crate::cli::{Cli, Command};

/// Every exit code of `roleclass`, in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success (also when stdout is closed early).
    Ok = 0,
    /// A check failed: `evaluate --min-accuracy`, `audit --fail-on-mismatch`.
    CheckFailed = 1,
    /// Bad input or usage (clap uses 2 for usage errors too): every error.
    BadInput = 2,
    /// `batch --keep-going` finished but wrote some rows through as errors.
    SkippedRows = 3,
    // A termination signal N ends the run with 128 + N (130 for Ctrl-C): see `signals.rs`.
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<Exit> {
    let Cli {
        model,
        color,
        quiet,
        command,
    } = cli;
    let context = Context {
        model_path: model,
        color: crate::terminal::use_color(color),
        quiet,
    };
    match command {
        Command::Classify(args) => classify::run(&context, args),
        Command::Batch(args) => batch::run(&context, args),
        Command::Audit(args) => audit::run(&context, args),
        Command::Train(args) => train::run(&context, args),
        Command::Evaluate(args) => evaluate::run(&context, args),
        Command::Inspect(args) => inspect::run(&context, args),
        Command::Serve(args) => serve::run(&context, args),
        Command::Completions(args) => {
            let mut out = crate::terminal::stdout();
            clap_complete::generate(args.shell, &mut Cli::command(), "roleclass", &mut out);
            out.flush()?;
            Ok(Exit::Ok)
        }
        Command::Man => {
            let mut out = crate::terminal::stdout();
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            out.flush()?;
            Ok(Exit::Ok)
        }
    }
}

/// Settings every subcommand may need, resolved once from the global options.
pub struct Context {
    /// `--model`, or `None` for the embedded model.
    pub model_path: Option<std::path::PathBuf>,
    /// Colour text output.
    pub color: bool,
    /// No progress, hints or summaries on stderr.
    pub quiet: bool,
}

impl Context {
    /// Load the model in use (the `--model` file or the embedded one).
    pub fn load_model(&self) -> Result<Model> {
        let model = match &self.model_path {
            None => Model::embedded()?,
            Some(path) => Model::load(path)?,
        };
        Ok(model)
    }

    /// Load the classifier, with an optional threshold override (checked by clap).
    ///
    /// It lives until the process exits and is never dropped: freeing its tens of thousands of
    /// small allocations one by one took a sixth of a `classify` cold start, and the operating
    /// system takes the memory back at once.
    pub fn classifier(&self, threshold: Option<f64>) -> Result<&'static Classifier> {
        // The embedded model's classifier is built at compile time (a one-statement process
        // decodes and builds nothing); a model file is read and its tables built.
        let classifier = match &self.model_path {
            None => Classifier::embedded()?,
            Some(path) => Classifier::new(Model::load(path)?),
        };
        let classifier = match threshold {
            Some(t) => classifier.with_threshold(t)?,
            None => classifier,
        };
        Ok(Box::leak(Box::new(classifier)))
    }

    /// Before reading `source`: when it is stdin on a terminal, say on stderr what is expected
    /// and how to end, so that a forgotten argument is not a silent wait. The same in every
    /// command.
    pub fn announce_stdin(&self, source: &Source, what: &str) {
        if source.is_interactive() && !self.quiet {
            crate::terminal::note(&format!("reading {what} from the terminal (Ctrl-D to end)"));
        }
    }
}

/// One rule for `--explain` in every command that has it: an explanation has no column in a
/// CSV row, so the pair is refused rather than the explanation silently dropped.
pub fn check_explain(explain: bool, csv: bool) -> Result<()> {
    if explain && csv {
        anyhow::bail!("--explain cannot be used with --format csv (a CSV row has no room for the explanation): use --format jsonl");
    }
    Ok(())
}

/// True when the error comes from writing to a closed pipe, wherever it is in the chain: an
/// `io::Error`, or one wrapped by the csv crate or serde_json (whose `source()` skips the
/// `io::Error` itself).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = |kind: Option<io::ErrorKind>| kind == Some(io::ErrorKind::BrokenPipe);
    err.chain().any(|cause| {
        broken(cause.downcast_ref::<io::Error>().map(io::Error::kind))
            || broken(
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(|e| e.io_error_kind()),
            )
            || broken(
                cause
                    .downcast_ref::<csv::Error>()
                    .and_then(|e| match e.kind() {
                        csv::ErrorKind::Io(io) => Some(io.kind()),
                        _ => None,
                    }),
            )
    })
}

/// One line: the error and its causes, skipping a cause whose text the line already holds
/// (our errors already carry their source's message).
pub fn render_error(err: &anyhow::Error) -> String {
    let mut line = String::new();
    let mut chain = err.chain();
    while let Some(cause) = chain.next() {
        // Our I/O errors describe their source in our words: skip it.
        if let Some(roleclass::Error::Io { .. }) = cause.downcast_ref::<roleclass::Error>() {
            chain.next();
        }
        // An io::Error below one of our errors is already described in it, in our words.
        let text = match cause.downcast_ref::<io::Error>() {
            Some(io) => roleclass::error::describe_io(io),
            None => cause.to_string(),
        };
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_ones() {
        let codes = [
            Exit::Ok,
            Exit::CheckFailed,
            Exit::BadInput,
            Exit::SkippedRows,
        ]
        .map(|exit| exit as u8);
        assert_eq!(codes, [0, 1, 2, 3]);
    }

    #[test]
    fn a_closed_pipe_is_recognised_under_every_wrapper() {
        let pipe = || io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(is_broken_pipe(&anyhow::Error::new(pipe())));
        let json = serde_json::to_writer(FailingWriter, &[1, 2, 3]).unwrap_err();
        assert!(is_broken_pipe(&anyhow::Error::new(json).context("writing")));
        let csv = csv::Error::from(pipe());
        assert!(is_broken_pipe(&anyhow::Error::new(csv)));
        let library = roleclass::Error::io("<stdout>", pipe());
        assert!(is_broken_pipe(&anyhow::Error::new(library)));
        assert!(!is_broken_pipe(&anyhow::anyhow!("broken pipe")));
    }

    /// A writer whose reader has gone.
    struct FailingWriter;

    impl Write for FailingWriter {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}

//! One module per subcommand: read input, call the library, report. Shared here: loading the
//! model and turning errors into one line and an exit code.

mod audit;
mod batch;
mod classify;
mod evaluate;
mod inspect;
mod train;

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use roleclass::model::{Classifier, Model};
use roleclass::Error;

use crate::cli::{Cli, Command};

/// Exit code: a check (--min-accuracy, --fail-on-mismatch) failed.
pub const EXIT_CHECK_FAILED: u8 = 1;
/// Exit code: bad input or usage.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code: finished, but some rows were written through as errors (--keep-going).
pub const EXIT_SKIPPED_ROWS: u8 = 3;
/// Exit code: interrupted by Ctrl-C.
pub const EXIT_INTERRUPTED: u8 = 130;

/// The run was interrupted (Ctrl-C); nothing was left half-written.
#[derive(Debug, thiserror::Error)]
#[error("interrupted; no output file was written")]
pub struct Interrupted;

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
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
        Command::Completions(args) => {
            let mut out = crate::terminal::stdout();
            clap_complete::generate(args.shell, &mut Cli::command(), "roleclass", &mut out);
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut out = crate::terminal::stdout();
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Settings every subcommand may need, resolved once from the global options.
pub struct Context {
    /// `--model`, or `None` for the embedded model.
    pub model_path: Option<std::path::PathBuf>,
    /// Colour text output.
    pub color: bool,
    /// No progress or summaries on stderr.
    pub quiet: bool,
}

impl Context {
    /// Load the model in use (the `--model` file or the embedded one).
    pub fn load_model(&self) -> Result<Model> {
        let model = match &self.model_path {
            None => Model::embedded()?,
            Some(path) => load_model_file(path)?,
        };
        Ok(model)
    }

    /// Load the classifier, with an optional threshold override.
    pub fn classifier(&self, threshold: Option<f64>) -> Result<Classifier> {
        let classifier = Classifier::new(self.load_model()?);
        Ok(match threshold {
            Some(t) => classifier.with_threshold(t)?,
            None => classifier,
        })
    }
}

/// Read and parse a model file.
pub fn load_model_file(path: &Path) -> Result<Model, Error> {
    let name = path.display().to_string();
    let mut file = roleclass::data::open_file(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| Error::Model {
        path: name.clone(),
        message: format!(
            "not a JSON model file (invalid UTF-8 at byte {})",
            e.valid_up_to()
        ),
    })?;
    Model::from_json(text, &name)
}

/// True when the error comes from writing to a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe))
    })
}

/// The exit code for an error.
pub fn exit_code_for(err: &anyhow::Error) -> u8 {
    if err.chain().any(|cause| cause.is::<Interrupted>()) {
        EXIT_INTERRUPTED
    } else {
        EXIT_BAD_INPUT
    }
}

/// One line: the error and its causes, skipping a cause whose text the line already holds
/// (our errors already carry their source's message).
pub fn render_error(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
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

//! The `roleclass` binary: parse the command line, run the subcommand, map the outcome to an
//! exit code (`commands::Exit`: 0 ok, 1 a check failed, 2 bad input or usage, 3 finished with
//! skipped rows, 128 + N ended by signal N, e.g. 130 for Ctrl-C). A closed pipe on stdout
//! (`roleclass ... | head`) ends quietly with 0.

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod cli;
mod commands;
mod serve;
mod signals;
mod terminal;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        // A usage error echoes arguments: printed plain and escaped, like every diagnostic
        // (clap's coloured rendering would pass their escape sequences to the terminal).
        Err(err) if err.use_stderr() => {
            let text = err.to_string();
            for line in text.lines() {
                eprintln!("{}", terminal::escape_controls(line));
            }
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
        // --help and --version, on stdout.
        Err(err) => err.exit(),
    };
    // `serve` stops on a signal by itself: it answers the requests in progress, then exits 0.
    if !matches!(cli.command, cli::Command::Serve(_)) {
        signals::install();
    }
    match commands::run(cli) {
        Ok(exit) => exit.into(),
        Err(err) if commands::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            terminal::error(&commands::render_error(&err));
            commands::Exit::BadInput.into()
        }
    }
}

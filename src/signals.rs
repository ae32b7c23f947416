//! Termination signals. Every catchable one ends a run the same way: Ctrl-C (SIGINT), `kill`
//! or a CI job's timeout (SIGTERM), a closed terminal (SIGHUP), Ctrl-\ (SIGQUIT) and the rest
//! whose default is to end the process. A thread waits for them, so the run ends at once even
//! while the main thread is blocked (a stalled FIFO on stdin, a long model search): the
//! progress bar is cleared, the temporary files of unfinished outputs are removed, stderr says
//! what was left undone ("labeled.csv was not written", "the output on stdout is incomplete"),
//! and the exit code is 128 + the signal's number (130 for Ctrl-C).

use signal_hook::consts::signal::{
    SIGALRM, SIGHUP, SIGINT, SIGIO, SIGPROF, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGVTALRM,
    SIGXCPU, SIGXFSZ,
};
use signal_hook::iterator::Signals;

/// The signals handled, with their names: every signal whose default action ends the process
/// and that can be caught, except SIGPIPE (ignored by Rust programs: a closed pipe is an error
/// on write, handled as success) and the faults of the program itself (SIGSEGV, SIGBUS, ...).
pub const TERMINATION_SIGNALS: [(i32, &str); 12] = [
    (SIGINT, "SIGINT"),
    (SIGTERM, "SIGTERM"),
    (SIGHUP, "SIGHUP"),
    (SIGQUIT, "SIGQUIT"),
    (SIGALRM, "SIGALRM"),
    (SIGUSR1, "SIGUSR1"),
    (SIGUSR2, "SIGUSR2"),
    (SIGXCPU, "SIGXCPU"),
    (SIGXFSZ, "SIGXFSZ"),
    (SIGVTALRM, "SIGVTALRM"),
    (SIGPROF, "SIGPROF"),
    (SIGIO, "SIGIO"),
];

/// Start the thread that ends the run on a termination signal. Failing to install it is not
/// fatal: the signals then keep their default action.
pub fn install() {
    let Ok(mut signals) = Signals::new(TERMINATION_SIGNALS.map(|(number, _)| number)) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                terminate(signal);
            }
        });
}

/// End the process after `signal`; see the module docs.
#[allow(clippy::exit)]
fn terminate(signal: i32) -> ! {
    // Destructors would not help here: the main thread may be blocked in a read for good.
    // What they would clean up (temporary files) is removed from the register instead, which
    // also stops any output from being put in place after this point.
    let abandoned = roleclass::output::abandon_outputs();
    crate::terminal::error(&message(signal, &abandoned));
    std::process::exit(128 + signal)
}

/// `interrupted by SIGTERM; labeled.csv was not written`.
fn message(signal: i32, abandoned: &[roleclass::output::Abandoned]) -> String {
    let name = TERMINATION_SIGNALS
        .iter()
        .find(|(number, _)| *number == signal)
        .map_or_else(
            || format!("signal {signal}"),
            |(_, name)| (*name).to_owned(),
        );
    let mut message = format!("interrupted by {name}");
    for output in abandoned {
        message.push_str(&format!("; {output}"));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use roleclass::output::Abandoned;

    #[test]
    fn the_message_says_what_was_left_undone() {
        assert_eq!(message(SIGINT, &[]), "interrupted by SIGINT");
        let abandoned = [
            Abandoned::NotWritten {
                name: "out.csv".to_owned(),
            },
            Abandoned::Incomplete {
                name: "<stdout>".to_owned(),
            },
        ];
        assert_eq!(
            message(SIGTERM, &abandoned),
            "interrupted by SIGTERM; out.csv was not written; the output on stdout is incomplete"
        );
        assert_eq!(message(99, &[]), "interrupted by signal 99");
    }
}

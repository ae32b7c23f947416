//! `roleclass serve`: load the model, bind the address, print the URL, serve the page and the
//! API (`crate::serve`) until Ctrl-C or SIGTERM, then let the requests in progress finish.

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use axum::http::HeaderValue;
use tokio::sync::watch;

use super::{Context, Exit};
use crate::cli::ServeArgs;
use crate::serve::{self, App, Settings};

/// The most informative terms per class in the served model card (as `inspect`'s default).
const CARD_TOP_TERMS: usize = 15;

pub fn run(context: &Context, args: ServeArgs) -> Result<Exit> {
    let classifier = context.classifier(None)?;
    let card = super::inspect::card(context, classifier.model(), CARD_TOP_TERMS);
    let card_json = serde_json::to_vec(&card)?;
    let cors_origin = args
        .cors
        .as_deref()
        .map(HeaderValue::from_str)
        .transpose()
        .context("--cors")?;
    let timeout = Duration::from_secs(args.timeout as u64);
    let settings = Settings {
        max_json_bytes: args.max_body,
        max_upload_bytes: args.max_upload,
        max_texts: args.max_texts,
        timeout,
        cors_origin,
        verbose: args.verbose,
    };
    let app = Arc::new(App::new(classifier, card_json.into(), settings));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's threads")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        // Before the URL is out: whoever reads it may signal at once.
        let signals = count_signals();
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            eprintln!(
                "roleclass: warning: listening on {addr}, reachable from other machines; the page has no login"
            );
        }
        let url = url_of(addr);
        // The URL is the command's output: alone on stdout, at once.
        let mut out = io::stdout().lock();
        writeln!(out, "{url}")?;
        out.flush()?;
        drop(out);
        if !context.quiet {
            eprintln!("roleclass: serving the page and the API at {url} (Ctrl-C to stop)");
        }
        if args.open {
            if let Err(e) = open_browser(&url) {
                eprintln!("roleclass: warning: cannot open a browser ({e}); open {url} yourself");
            }
        }
        let shutdown = {
            let mut signals = signals.clone();
            async move {
                let _ = signals.wait_for(|&n| n >= 1).await;
            }
        };
        let quiet = context.quiet;
        // After the first signal the requests in progress may finish, within the request
        // timeout (plus a second); a second signal stops at once.
        let give_up = async move {
            let mut signals = signals;
            let _ = signals.wait_for(|&n| n >= 1).await;
            if !quiet {
                eprintln!("roleclass: stopping once the requests in progress are answered (Ctrl-C again to stop now)");
            }
            tokio::select! {
                () = tokio::time::sleep(timeout + Duration::from_secs(1)) => {}
                _ = signals.wait_for(|&n| n >= 2) => {}
            }
        };
        serve::serve(listener, serve::router(app), shutdown, give_up)
            .await
            .context("the server failed")?;
        if !context.quiet {
            eprintln!("roleclass: stopped");
        }
        Ok(Exit::Ok)
    })
}

/// The URL of the page served on `addr`; an unspecified address (`0.0.0.0`, `::`) is reached
/// from this machine through loopback.
fn url_of(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// The number of Ctrl-C (SIGINT) and SIGTERM signals received so far. The handlers are
/// registered here, before the server accepts its first connection, not inside the task that
/// counts: a signal that comes at once must find them, or its default action ends the process
/// without the graceful stop.
fn count_signals() -> watch::Receiver<u32> {
    let (tx, rx) = watch::channel(0u32);
    #[cfg(unix)]
    let (mut interrupt, mut term) = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    tokio::spawn(async move {
        loop {
            #[cfg(unix)]
            tokio::select! {
                () = next_signal(&mut interrupt) => {}
                () = next_signal(&mut term) => {}
            }
            #[cfg(not(unix))]
            if tokio::signal::ctrl_c().await.is_err() {
                // No Ctrl-C handler could be installed: nothing to count.
                std::future::pending::<()>().await;
            }
            tx.send_modify(|n| *n += 1);
        }
    });
    rx
}

/// The next delivery of `signal`; never, when its handler could not be installed.
#[cfg(unix)]
async fn next_signal(signal: &mut Option<tokio::signal::unix::Signal>) {
    let delivered = match signal.as_mut() {
        Some(signal) => signal.recv().await.is_some(),
        None => false,
    };
    if !delivered {
        std::future::pending::<()>().await;
    }
}

/// Open `url` in the desktop's default browser.
fn open_browser(url: &str) -> io::Result<()> {
    #[cfg(target_os = "macos")]
    let mut command = Command::new("open");
    #[cfg(windows)]
    let mut command = {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    };
    #[cfg(not(any(target_os = "macos", windows)))]
    let mut command = Command::new("xdg-open");
    let mut child = command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // Reap the opener when it exits; the server does not wait for it.
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_reach_the_server_from_this_machine() {
        assert_eq!(
            url_of("127.0.0.1:8080".parse().unwrap()),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            url_of("0.0.0.0:80".parse().unwrap()),
            "http://127.0.0.1:80/"
        );
        assert_eq!(url_of("[::]:9000".parse().unwrap()), "http://[::1]:9000/");
        assert_eq!(
            url_of("192.168.1.5:8080".parse().unwrap()),
            "http://192.168.1.5:8080/"
        );
    }
}

//! `roleclass serve`: a web page and a JSON API over the same library calls as the CLI, for
//! people who will not open a terminal.
//!
//! The server keeps no state between requests and writes nothing to disk: every request is
//! answered from the loaded model alone. Bad input is answered with a 4xx status and a JSON body
//! `{"error": "..."}` that says what is wrong; a handler never unwraps user data, and a panic
//! would still be caught and answered 500 so the server keeps serving.
//!
//! Files: this one builds the router and its layers (limits, timeout, compression, security
//! headers, CORS, the request log) and runs it until a shutdown signal; `api.rs` holds the
//! JSON and CSV handlers; `body.rs` reads request bodies within their limits; `highlight.rs`
//! cuts a statement into pieces around its cue terms for the page; `columns.rs` guesses the
//! statement column of an uploaded CSV; `page.rs` serves the embedded page (`assets/`, its
//! script and style sheet inline, allowed by hash in the Content-Security-Policy).

mod api;
mod body;
mod columns;
mod error;
mod highlight;
mod page;

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, DefaultBodyLimit, Request};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::cors::CorsLayer;
use tower_http::timeout::TimeoutLayer;

use roleclass::model::Classifier;

pub use error::ApiError;

/// Answers up to this size are not compressed.
const COMPRESS_ABOVE_BYTES: u16 = 1024;

/// Settings of a server, resolved from the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Largest JSON request body, in bytes.
    pub max_json_bytes: u64,
    /// Largest CSV upload, in bytes.
    pub max_upload_bytes: u64,
    /// Most statements in one classify request.
    pub max_texts: usize,
    /// Time a request may take, body included.
    pub timeout: Duration,
    /// The one origin allowed to make cross-origin requests, if any.
    pub cors_origin: Option<HeaderValue>,
    /// Log one line per request on stderr.
    pub verbose: bool,
}

/// What every handler shares: the model, its card and the settings. Read-only.
pub struct App {
    /// The classifier, with the model's own threshold (it lives until the process exits).
    pub classifier: &'static Classifier,
    /// The model card as `inspect --format json` writes it (compact).
    pub card_json: axum::body::Bytes,
    /// The settings.
    pub settings: Settings,
    /// The page, rendered once with the settings it shows (the upload limit).
    page: axum::body::Bytes,
}

impl App {
    /// The shared state of a server answering with `classifier`.
    pub fn new(
        classifier: &'static Classifier,
        card_json: axum::body::Bytes,
        settings: Settings,
    ) -> App {
        App {
            page: page::render(&settings),
            classifier,
            card_json,
            settings,
        }
    }
}

/// The router: the page and its icon, the API, and the layers every response goes through.
pub fn router(app: Arc<App>) -> Router {
    let settings = app.settings.clone();
    let api = Router::new()
        .route("/api/classify", post(api::classify))
        .route("/api/audit", post(api::audit))
        .route("/api/posting-text", post(api::posting_text))
        .route("/api/batch", post(api::batch))
        .route("/api/columns", post(api::columns))
        .route("/api/model", get(api::model))
        .route("/healthz", get(api::healthz))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed);
    let mut router = page::routes()
        .merge(api)
        .with_state(app)
        // Bodies are read by the handlers, each within its own limit (see `body.rs`).
        .layer(DefaultBodyLimit::disable())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            settings.timeout,
        ))
        .layer(middleware::from_fn(json_errors))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }))
        // Small answers (a few statements) are sent as they are: compressing them would cost
        // more time than the bytes it saves on a local network.
        .layer(
            CompressionLayer::new()
                .compress_when(DefaultPredicate::new().and(SizeAbove::new(COMPRESS_ABOVE_BYTES))),
        );
    // ASCII built from constants, so always a valid value; were it not, nothing would be allowed.
    let policy = HeaderValue::from_str(&page::content_security_policy())
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"));
    let headers: Arc<[(HeaderName, HeaderValue)]> = Arc::new([
        (header::CONTENT_SECURITY_POLICY, policy),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ]);
    router = router.layer(middleware::map_response(move |mut response: Response| {
        let headers = Arc::clone(&headers);
        async move {
            for (name, value) in headers.iter() {
                response.headers_mut().insert(name.clone(), value.clone());
            }
            response
        }
    }));
    if let Some(origin) = settings.cors_origin {
        router = router.layer(
            CorsLayer::new()
                .allow_origin(origin)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE]),
        );
    }
    if settings.verbose {
        router = router.layer(middleware::from_fn(log_request));
    }
    router
}

/// Serve `router` on `listener` until `shutdown` resolves, then let the requests in progress
/// finish, until they have or `give_up` resolves (it is polled only after `shutdown`).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    give_up: impl Future<Output = ()>,
) -> std::io::Result<()> {
    // Answers go out as soon as they are written (no Nagle delay on small answers).
    let listener = listener.tap_io(|stream| {
        let _ = stream.set_nodelay(true);
    });
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .into_future();
    tokio::select! {
        result = server => result,
        () = give_up => {
            eprintln!("roleclass: stopped with requests still open");
            Ok(())
        }
    }
}

/// Error statuses made by a layer or by axum itself (408 on a timeout, 405, an unknown route)
/// get the same JSON body as the handlers' own errors.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let reason = match status {
            StatusCode::REQUEST_TIMEOUT => "the request took too long (see --timeout)".to_owned(),
            _ => status
                .canonical_reason()
                .unwrap_or("error")
                .to_ascii_lowercase(),
        };
        return ApiError::new(status, reason).into_response();
    }
    response
}

/// `-v`: one line per request on stderr: client, method, path, status, time.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "-".to_owned(), |c| c.0.to_string());
    let response = next.run(request).await;
    eprintln!(
        "roleclass: {client} {method} {} {} {:.1}ms",
        crate::terminal::escape_controls(&path),
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The default settings of `roleclass serve`.
    pub(crate) fn settings() -> Settings {
        Settings {
            max_json_bytes: 10 << 20,
            max_upload_bytes: 32 << 20,
            max_texts: 10_000,
            timeout: Duration::from_secs(60),
            cors_origin: None,
            verbose: false,
        }
    }
}

//! The page: one HTML document, its script, its style sheet and its icon, all embedded in the
//! binary (no CDN, no external font: the page works offline). User text is only ever put into
//! the page as text (`textContent`), never as markup, and the Content-Security-Policy allows no
//! inline script.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::error::human_size;
use super::{App, Settings};

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");
const FAVICON_SVG: &str = include_str!("assets/favicon.svg");

/// The page with the settings it shows filled in (as `data-` attributes the script reads).
pub fn render(settings: &Settings) -> Bytes {
    Bytes::from(
        INDEX_HTML
            .replace(
                "{{MAX_UPLOAD_BYTES}}",
                &settings.max_upload_bytes.to_string(),
            )
            .replace("{{MAX_UPLOAD}}", &human_size(settings.max_upload_bytes))
            .replace("{{VERSION}}", env!("CARGO_PKG_VERSION")),
    )
}

/// `/` and the assets.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(index))
        .route(
            "/assets/app.js",
            get(|| asset(APP_JS, "text/javascript; charset=utf-8")),
        )
        .route(
            "/assets/app.css",
            get(|| asset(APP_CSS, "text/css; charset=utf-8")),
        )
        .route("/favicon.svg", get(|| asset(FAVICON_SVG, "image/svg+xml")))
}

async fn index(State(app): State<Arc<App>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        app.page.clone(),
    )
        .into_response()
}

async fn asset(body: &'static str, media: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(media))],
        body,
    )
        .into_response()
}

//! The page: one HTML document with its script and style sheet inline, and its icon, all
//! embedded in the binary (no CDN, no external font: the page works offline, and a cold load is
//! one request). The Content-Security-Policy allows exactly that script and that style sheet,
//! by their SHA-256 hashes, and nothing else inline. User text is only ever put into the page
//! as text (`textContent`), never as markup.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::error::human_size;
use super::{App, Settings};

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");
const FAVICON_SVG: &str = include_str!("assets/favicon.svg");

/// The Content-Security-Policy of every response: the page's own inline script and style sheet
/// (by hash), fetches to this origin; no other script or style, no frames, no plugins, no form
/// posts, no `<base>`.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src 'self' data:; \
         connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        hash_source(APP_JS),
        hash_source(APP_CSS)
    )
}

/// `sha256-<base64>`: a CSP hash source for an inline element with this content.
fn hash_source(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The page with the settings it shows filled in (as `data-` attributes the script reads),
/// then its style sheet and script.
pub fn render(settings: &Settings) -> Bytes {
    let html = INDEX_HTML
        .replace(
            "{{MAX_UPLOAD_BYTES}}",
            &settings.max_upload_bytes.to_string(),
        )
        .replace("{{MAX_UPLOAD}}", &human_size(settings.max_upload_bytes))
        .replace("{{VERSION}}", env!("CARGO_PKG_VERSION"));
    // Last, so that nothing in the script or the style sheet is taken for a placeholder.
    Bytes::from(
        html.replacen("{{STYLE}}", APP_CSS, 1)
            .replacen("{{SCRIPT}}", APP_JS, 1),
    )
}

/// `/` and the icon.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(index))
        .route("/favicon.svg", get(favicon))
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

async fn favicon() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("image/svg+xml"),
        )],
        FAVICON_SVG,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_inline_script_and_style() {
        let page = String::from_utf8(render(&crate::serve::tests::settings()).to_vec()).unwrap();
        let script = page
            .split("<script>")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .unwrap();
        let style = page
            .split("<style>")
            .nth(1)
            .and_then(|rest| rest.split("</style>").next())
            .unwrap();
        assert_eq!(page.matches("<script").count(), 1, "one script, inline");
        assert!(!page.contains("{{"), "every placeholder is filled");
        let policy = content_security_policy();
        assert!(policy.contains(&format!("script-src '{}'", hash_source(script))));
        assert!(policy.contains(&format!("style-src '{}'", hash_source(style))));
        assert!(!policy.contains("unsafe"));
        // The known answer of the hash (RFC 6234's "abc").
        assert_eq!(
            hash_source("abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }
}

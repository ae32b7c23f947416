//! The JSON API, with the shapes of the CLI's JSON output: `POST /api/classify` answers the
//! records of `classify --format json`, `POST /api/audit` the object of one posting of
//! `audit --format json`, `POST /api/batch` the CSV of `roleclass batch`, `GET /api/model` the
//! card of `inspect --format json`.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tokio_util::io::{StreamReader, SyncIoBridge};

use roleclass::audit::{audit_posting, DEFAULT_MISMATCH_CONFIDENCE};
use roleclass::batch::{
    default_threads, run_batch, BatchError, BatchOptions, BatchSummary, ColumnSelector,
    OutputFormat, DEFAULT_CHUNK_BYTES, DEFAULT_STATEMENT_COLUMN,
};
use roleclass::error::Error;
use roleclass::model::answer::validate_threshold;
use roleclass::model::{Classifier, StatementRecord};
use roleclass::posting;

use super::body::{expect_type, is_too_large, limited_stream, read_json, read_limited, Limit};
use super::error::ApiError;
use super::highlight::{pieces, Piece};
use super::{columns, App};

/// Requests with more statements than this, or more text, are scored off the async threads.
const INLINE_TEXTS: usize = 64;
const INLINE_BYTES: usize = 64 * 1024;

/// The largest CSV head `POST /api/columns` looks at.
const COLUMNS_HEAD_BYTES: u64 = 1 << 20;

/// Media types accepted as CSV.
const CSV_TYPES: [&str; 4] = [
    "text/csv",
    "application/csv",
    "text/tab-separated-values",
    "text/plain",
];

impl App {
    fn json_limit(&self) -> Limit {
        Limit {
            what: "request body",
            bytes: self.settings.max_json_bytes,
            option: "--max-body",
        }
    }

    fn posting_file_limit(&self) -> Limit {
        Limit {
            what: "posting file",
            bytes: self.settings.max_upload_bytes,
            option: "--max-upload",
        }
    }

    fn upload_limit(&self) -> Limit {
        Limit {
            what: "CSV upload",
            bytes: self.settings.max_upload_bytes,
            option: "--max-upload",
        }
    }

    /// The classifier with `threshold` instead of the model's own (a copy of the tables,
    /// made only when a request asks for another threshold).
    fn classifier(&self, threshold: Option<f64>) -> Result<Cow<'_, Classifier>, ApiError> {
        match threshold {
            None => Ok(Cow::Borrowed(self.classifier)),
            Some(t) => {
                check_threshold("threshold", t)?;
                if t == self.classifier.threshold() {
                    Ok(Cow::Borrowed(self.classifier))
                } else {
                    self.classifier
                        .clone()
                        .with_threshold(t)
                        .map(Cow::Owned)
                        .map_err(|e| ApiError::bad_request(e.to_string()))
                }
            }
        }
    }
}

fn check_threshold(name: &str, threshold: f64) -> Result<(), ApiError> {
    validate_threshold(threshold).map_err(|e| ApiError::bad_request(format!("{name}: {e}")))
}

/// Run `work` here when it is small, on the blocking pool when it is not (so that one big
/// request does not hold up the small ones). A panic there is answered 500.
async fn compute<T: Send + 'static>(
    heavy: bool,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    if heavy {
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error"))
    } else {
        Ok(work())
    }
}

fn json_response(body: impl Into<Body>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body.into(),
    )
        .into_response()
}

fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write the answer: {e}"),
        )
    })
}

/// `POST /api/classify`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassifyRequest {
    /// The statements, one answer each, in order.
    texts: Vec<String>,
    /// Add each record's `explanation`.
    #[serde(default)]
    explain: bool,
    /// Abstention threshold (0.5 to 1) instead of the model's.
    #[serde(default)]
    threshold: Option<f64>,
    /// Add each record's `highlights` (and so its `explanation`): the statement cut into
    /// pieces around its cue terms, for the page.
    #[serde(default)]
    highlight: bool,
}

/// A `classify --format json` record, plus the highlighted pieces when asked for.
#[derive(Serialize)]
struct ClassifyRecord<'a> {
    #[serde(flatten)]
    record: StatementRecord<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    highlights: Option<Vec<Piece>>,
}

pub async fn classify(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let request: ClassifyRequest = read_json(&headers, body, app.json_limit()).await?;
    if request.texts.is_empty() {
        return Err(ApiError::bad_request(
            "texts is empty: give at least one statement",
        ));
    }
    let max = app.settings.max_texts;
    if request.texts.len() > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "too many texts: {} (the limit is {max}, --max-texts on the server)",
                request.texts.len()
            ),
        ));
    }
    if let Some(t) = request.threshold {
        check_threshold("threshold", t)?;
    }
    let bytes: usize = request.texts.iter().map(String::len).sum();
    let heavy = request.texts.len() > INLINE_TEXTS
        || bytes > INLINE_BYTES
        || request
            .threshold
            .is_some_and(|t| t != app.classifier.threshold());
    let body = compute(heavy, move || classify_all(&app, &request)).await??;
    Ok(json_response(body))
}

fn classify_all(app: &App, request: &ClassifyRequest) -> Result<Vec<u8>, ApiError> {
    let classifier = app.classifier(request.threshold)?;
    let tokenizer = &classifier.model().tokenizer;
    let explain = request.explain || request.highlight;
    let records: Vec<ClassifyRecord> = request
        .texts
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let prediction = classifier.classify(text);
            let explanation = explain.then(|| classifier.explain(text));
            let highlights = match (&explanation, request.highlight) {
                (Some(explanation), true) => Some(pieces(text, tokenizer, explanation)),
                _ => None,
            };
            ClassifyRecord {
                record: StatementRecord::new(index as u64 + 1, text, &prediction, explanation),
                highlights,
            }
        })
        .collect();
    to_json(&records)
}

/// `POST /api/audit`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditRequest {
    /// The posting: plain text or Markdown, title included.
    text: String,
    /// Use this title instead of the one in the posting.
    #[serde(default)]
    title: Option<String>,
    /// Add every statement's `explanation`.
    #[serde(default)]
    explain: bool,
    /// Confidence needed to call a posting a mismatch (0.5 to 1; default 0.8).
    #[serde(default)]
    threshold: Option<f64>,
}

pub async fn audit(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let request: AuditRequest = read_json(&headers, body, app.json_limit()).await?;
    if request.text.trim().is_empty() {
        return Err(ApiError::bad_request("text is empty: give a job posting"));
    }
    let threshold = request.threshold.unwrap_or(DEFAULT_MISMATCH_CONFIDENCE);
    check_threshold("threshold", threshold)?;
    let heavy = request.text.len() > INLINE_BYTES / 4;
    let body = compute(heavy, move || {
        let title = request.title.as_deref().filter(|t| !t.trim().is_empty());
        let audit = audit_posting(
            app.classifier,
            "-",
            &request.text,
            title,
            threshold,
            request.explain,
        );
        to_json(&audit)
    })
    .await??;
    Ok(json_response(body))
}

/// The answer of `POST /api/posting-text`.
#[derive(Debug, Serialize)]
struct PostingText {
    /// The posting's text, as `roleclass audit` reads the file.
    text: String,
}

/// `POST /api/posting-text`: a posting file's bytes (a Word document, or UTF-8 text) as the
/// text `audit` reads from it, for the page to show and audit.
pub async fn posting_text(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = read_limited(&headers, body, app.posting_file_limit()).await?;
    let body = compute(true, move || {
        // The page names the file; the message says what is wrong with it.
        let text = posting::posting_text(String::new(), Vec::from(bytes)).map_err(|e| {
            ApiError::bad_request(match e {
                Error::Data { message, .. } => message,
                Error::Row { line, message, .. } => format!("line {line}: {message}"),
                other => other.to_string(),
            })
        })?;
        to_json(&PostingText { text })
    })
    .await??;
    Ok(json_response(body))
}

/// The query of `POST /api/batch` (and of `POST /api/columns`): the options of
/// `roleclass batch` that make sense for one upload.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchQuery {
    /// Name of the statement column.
    column: Option<String>,
    /// 0-based index of the statement column.
    column_index: Option<usize>,
    /// The upload has no header row (needs `column_index`).
    #[serde(default)]
    no_header: bool,
    /// Field delimiter: one ASCII character, or `tab` (default `,`; tab for TSV uploads).
    delimiter: Option<String>,
    /// Abstention threshold (0.5 to 1) instead of the model's.
    threshold: Option<f64>,
    /// Overwrite existing `role` / `confidence` columns instead of failing.
    #[serde(default)]
    replace: bool,
}

fn query<T: Default>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query.map(|Query(q)| q).map_err(|e| {
        let text = e.body_text();
        let detail = text
            .strip_prefix("Failed to deserialize query string: ")
            .unwrap_or(&text);
        ApiError::bad_request(format!("bad query string: {detail}"))
    })
}

/// The query of `POST /api/columns`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnsQuery {
    /// The CSV has no header row.
    #[serde(default)]
    no_header: bool,
    /// Field delimiter, as for `POST /api/batch`.
    delimiter: Option<String>,
}

/// Check that the body is CSV (or TSV), and give the delimiter the query asks for; else tab
/// for a TSV upload, `,` otherwise.
fn csv_delimiter(headers: &HeaderMap, asked: Option<&str>) -> Result<u8, ApiError> {
    expect_type(headers, &CSV_TYPES)?;
    match asked {
        Some(text) => crate::cli::parse_delimiter(text)
            .map_err(|e| ApiError::bad_request(format!("delimiter: {e}"))),
        None if super::body::media_type(headers).as_deref()
            == Some("text/tab-separated-values") =>
        {
            Ok(b'\t')
        }
        None => Ok(b','),
    }
}

impl BatchQuery {
    fn options(&self, delimiter: u8) -> Result<BatchOptions, ApiError> {
        let column = match (&self.column, self.column_index) {
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request(
                    "give column or column_index, not both",
                ))
            }
            (_, Some(index)) => ColumnSelector::Index(index),
            (Some(name), None) => ColumnSelector::Name(name.clone()),
            (None, None) => ColumnSelector::Name(DEFAULT_STATEMENT_COLUMN.to_owned()),
        };
        if self.no_header && self.column_index.is_none() {
            return Err(ApiError::bad_request(
                "without a header row (no_header) the statement column must be given by column_index",
            ));
        }
        Ok(BatchOptions {
            column,
            has_header: !self.no_header,
            delimiter,
            replace: self.replace,
            format: OutputFormat::Csv,
            threads: default_threads(),
            chunk_bytes: DEFAULT_CHUNK_BYTES,
            ..BatchOptions::default()
        })
    }
}

/// Raises the batch engine's cancel flag when the request is dropped (the client went away,
/// or the timeout answered first), so the engine stops at its next chunk.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

pub async fn batch(
    State(app): State<Arc<App>>,
    query_result: Result<Query<BatchQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let query = query(query_result)?;
    let delimiter = csv_delimiter(&headers, query.delimiter.as_deref())?;
    let options = query.options(delimiter)?;
    if let Some(t) = query.threshold {
        check_threshold("threshold", t)?;
    }
    let limit = app.upload_limit();
    limit.check_declared(&headers)?;
    // The upload streams into the engine as it arrives; the labeled CSV is kept until the
    // run succeeds, so a bad row is an error answer, never a half-labeled file.
    let input = SyncIoBridge::new(StreamReader::new(limited_stream(body, limit.bytes)));
    let cancel = Arc::new(AtomicBool::new(false));
    let _guard = CancelOnDrop(Arc::clone(&cancel));
    let worker_app = Arc::clone(&app);
    let (summary, output) = compute(true, move || -> Result<_, ApiError> {
        let classifier = worker_app.classifier(query.threshold)?;
        let mut output = Vec::new();
        let summary = run_batch(
            input,
            &mut output,
            classifier.as_ref(),
            &options,
            &mut |_, _| {},
            &cancel,
        )
        .map_err(|e| batch_error(e, limit))?;
        if summary.rows == 0 {
            return Err(ApiError::bad_request("no data rows (header only)"));
        }
        Ok((summary, output))
    })
    .await??;
    let media = if delimiter == b'\t' {
        "text/tab-separated-values; charset=utf-8"
    } else {
        "text/csv; charset=utf-8"
    };
    let file = if delimiter == b'\t' {
        "attachment; filename=\"labeled.tsv\""
    } else {
        "attachment; filename=\"labeled.csv\""
    };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media)),
            (header::CONTENT_DISPOSITION, HeaderValue::from_static(file)),
            (
                HeaderName::from_static("x-roleclass-summary"),
                summary_header(&summary),
            ),
        ],
        output,
    )
        .into_response())
}

/// `rows=3 director=1 vp=1 unsure=1`: the counts the CLI prints on stderr.
fn summary_header(summary: &BatchSummary) -> HeaderValue {
    let text = format!(
        "rows={} director={} vp={} unsure={}",
        summary.rows, summary.answers.director, summary.answers.vp, summary.answers.unsure
    );
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn batch_error(err: BatchError, limit: Limit) -> ApiError {
    match err {
        BatchError::Io { source, .. } if is_too_large(&source) => limit.error(),
        BatchError::Io { action, source } => {
            ApiError::bad_request(format!("cannot {action}: {source}"))
        }
        BatchError::BadRow { .. } => ApiError::bad_request(format!("line {err}")),
        BatchError::EmptyInput => ApiError::bad_request("the CSV is empty"),
        BatchError::ColumnClash { .. } => ApiError::bad_request(format!(
            "{err} (rename it, or add replace=true to overwrite it)"
        )),
        BatchError::Interrupted => {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the request was cancelled")
        }
        BatchError::LabelerPanicked(_) => {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
        other => ApiError::bad_request(other.to_string()),
    }
}

/// `POST /api/columns`: the columns of a CSV's first rows and the statement column guessed.
pub async fn columns(
    query_result: Result<Query<ColumnsQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let query = query(query_result)?;
    let delimiter = csv_delimiter(&headers, query.delimiter.as_deref())?;
    let limit = Limit {
        what: "CSV head",
        bytes: COLUMNS_HEAD_BYTES,
        option: "fixed",
    };
    let head = read_limited(&headers, body, limit).await?;
    let found =
        columns::detect(&head, delimiter, !query.no_header).map_err(ApiError::bad_request)?;
    Ok(json_response(to_json(&found)?))
}

/// `GET /api/model`: the model card.
pub async fn model(State(app): State<Arc<App>>) -> Response {
    json_response(app.card_json.clone())
}

/// `GET /healthz`: the server is up and has its model.
pub async fn healthz() -> Response {
    json_response(r#"{"status":"ok"}"#)
}

/// Any other path.
pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!(
            "no such page or endpoint: {}",
            crate::terminal::escape_controls(uri.path())
        ),
    )
}

/// A known path with another method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this endpoint",
    )
}

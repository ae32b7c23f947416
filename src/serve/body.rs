//! Request bodies, read within their limits: a Content-Length above the limit is refused
//! before anything is read, and a body that grows past it while streaming stops there. Both
//! are answered 413.

use std::io;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};
use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// A body grew past its limit while it was being read (the `io::Error` payload that
/// [`limited_stream`] yields, so that a reader deep inside the batch engine can be told
/// apart from a broken connection).
#[derive(Debug, thiserror::Error)]
#[error("the request body is larger than the limit")]
pub struct TooLarge;

/// True when `err` (or its payload) is [`TooLarge`].
pub fn is_too_large(err: &io::Error) -> bool {
    err.get_ref().is_some_and(|inner| inner.is::<TooLarge>())
}

/// A limit and how to name it in a 413: `("request body", 10 MiB, "--max-body")`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// What is limited, as the message names it.
    pub what: &'static str,
    /// The largest accepted size, in bytes.
    pub bytes: u64,
    /// The server option that sets it.
    pub option: &'static str,
}

impl Limit {
    /// The 413 answer for this limit.
    pub fn error(&self) -> ApiError {
        ApiError::too_large(self.what, self.bytes, self.option)
    }

    /// Refuse at once a body whose declared length is above the limit.
    pub fn check_declared(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        match declared {
            Some(length) if length > self.bytes => Err(self.error()),
            _ => Ok(()),
        }
    }
}

/// The media type of the request (`text/csv` of `text/csv; charset=utf-8`), lowercase.
pub fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or("").trim();
    Some(essence.to_ascii_lowercase())
}

/// Check that the request's media type is one of `accepted` (the first is the one named in
/// the 415 answer).
pub fn expect_type(headers: &HeaderMap, accepted: &[&str]) -> Result<(), ApiError> {
    match media_type(headers) {
        Some(media) if accepted.contains(&media.as_str()) => Ok(()),
        _ => Err(ApiError::unsupported_type(
            accepted.first().copied().unwrap_or("?"),
            headers.get(header::CONTENT_TYPE),
        )),
    }
}

/// The body's bytes as a stream that fails with [`TooLarge`] once more than `limit` bytes
/// have come (a broken connection fails with its own error).
pub fn limited_stream(
    body: Body,
    limit: u64,
) -> impl Stream<Item = io::Result<Bytes>> + Send + Unpin + 'static {
    let mut seen: u64 = 0;
    body.into_data_stream().map(move |chunk| {
        let chunk = chunk.map_err(io::Error::other)?;
        seen = seen.saturating_add(chunk.len() as u64);
        if seen > limit {
            return Err(io::Error::other(TooLarge));
        }
        Ok(chunk)
    })
}

/// Read the whole body, at most `limit` bytes.
pub async fn read_limited(
    headers: &HeaderMap,
    body: Body,
    limit: Limit,
) -> Result<Bytes, ApiError> {
    limit.check_declared(headers)?;
    let mut stream = limited_stream(body, limit.bytes);
    let mut first: Option<Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            if is_too_large(&e) {
                limit.error()
            } else {
                ApiError::bad_request(format!("cannot read the request body: {e}"))
            }
        })?;
        // One chunk (the common case for a small request) is kept without a copy.
        match first.take() {
            None if rest.is_empty() => first = Some(chunk),
            previous => {
                if let Some(previous) = previous {
                    rest.extend_from_slice(&previous);
                }
                rest.extend_from_slice(&chunk);
            }
        }
    }
    Ok(first.unwrap_or_else(|| Bytes::from(rest)))
}

/// Read a JSON body (`Content-Type: application/json`, within `limit`) into `T`. Every way
/// it can be wrong is a 4xx with a message that says where: not UTF-8 (and at which byte),
/// malformed JSON (line and column), a field of the wrong type or an unknown field (its path).
pub async fn read_json<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: Limit,
) -> Result<T, ApiError> {
    expect_type(headers, &["application/json"])?;
    let bytes = read_limited(headers, body, limit).await?;
    parse_json(&bytes)
}

/// Parse a JSON request body; see [`read_json`].
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ApiError::bad_request(format!(
            "the request body is not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "the request body is empty: expected a JSON object",
        ));
    }
    if !text.trim_start().starts_with('{') {
        // Valid JSON of another kind (an array, a string ...) or not JSON at all.
        return Err(ApiError::bad_request(
            match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Ok(_) => "expected a JSON object".to_owned(),
                Err(e) => format!("malformed JSON: {e}"),
            },
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = if inner.is_syntax() || inner.is_eof() {
            format!("malformed JSON: {inner}")
        } else if path == "." || inner.to_string().starts_with("unknown field") {
            inner.to_string()
        } else {
            format!("{path}: {inner}")
        };
        ApiError::bad_request(message)
    })?;
    deserializer
        .end()
        .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Probe {
        texts: Vec<String>,
    }

    fn message(body: &[u8]) -> String {
        parse_json::<Probe>(body).unwrap_err().message
    }

    #[test]
    fn json_errors_say_where() {
        assert_eq!(
            message(b"{\"texts\": [\"a\", 3]}"),
            "texts[1]: invalid type: integer `3`, expected a string at line 1 column 17"
        );
        assert!(message(b"{\"texts\": [").starts_with("malformed JSON: EOF"));
        assert!(message(b"{\"text\": []}").starts_with("unknown field `text`"));
        assert!(message(b"{\"texts\": []} x").starts_with("malformed JSON: trailing"));
        assert_eq!(
            message(b"{\"texts\": [\"caf\xe9\"]}"),
            "the request body is not valid UTF-8 (invalid byte at offset 15)"
        );
        assert_eq!(
            message(b"  "),
            "the request body is empty: expected a JSON object"
        );
        assert_eq!(message(b"[1]"), "expected a JSON object");
        assert_eq!(message(b"\"texts\""), "expected a JSON object");
        assert!(message(b"nope").starts_with("malformed JSON: expected ident"));
    }
}

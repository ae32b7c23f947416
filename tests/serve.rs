//! `roleclass serve` through a real HTTP client: the binary is started on an ephemeral
//! loopback port (the URL it prints tells which), and every route, every bad input, the
//! limits, CORS, concurrent requests and graceful shutdown are checked against it. Answers
//! are compared with the CLI's own output for the same input, not with hard-coded figures.

mod common;
#[path = "support/server.rs"]
mod server;

use std::io::Read;
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use common::{roleclass, root, stdout_of, word_document};
use server::Server;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// A response read whole: status, headers, body.
struct Answer {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: not JSON: {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The message of a JSON error answer with this status.
    fn error(&self, status: u16) -> String {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.header("content-type"), Some("application/json"));
        let body = self.json();
        let message = body["error"].as_str().expect("an error message").to_owned();
        assert_eq!(
            body.as_object().map(|o| o.len()),
            Some(1),
            "only `error`: {body}"
        );
        assert!(!message.is_empty());
        message
    }
}

fn read(response: ureq::http::Response<ureq::Body>) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .with_config()
        .limit(1 << 30)
        .read_to_vec()
        .expect("read the body");
    Answer {
        status,
        headers,
        body,
    }
}

fn get(server: &Server, path: &str) -> Answer {
    read(agent().get(server.at(path)).call().expect("GET"))
}

fn post(server: &Server, path: &str, content_type: Option<&str>, body: &[u8]) -> Answer {
    let mut request = agent().post(server.at(path));
    if let Some(content_type) = content_type {
        request = request.header("Content-Type", content_type);
    }
    read(request.send(body).expect("POST"))
}

fn post_json(server: &Server, path: &str, body: &Value) -> Answer {
    post(
        server,
        path,
        Some("application/json"),
        body.to_string().as_bytes(),
    )
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/postings").join(name)).expect("fixture")
}

/// The JSON the CLI writes for `args`.
fn cli_json(args: &[&str]) -> Value {
    serde_json::from_slice(&stdout_of(roleclass().args(args))).expect("CLI JSON")
}

const STATEMENTS: [&str; 3] = [
    "Manages the engineering department budget",
    "Runs sprint retrospectives and backlog refinement with the team leads",
    "Foster a culture of innovation",
];

#[test]
fn the_page_is_served_whole_with_a_strict_policy() {
    let server = Server::start(&[]);
    let page = get(&server, "/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = page.text();
    for needle in [
        "Classify lines",
        "Audit posting",
        "Label a CSV",
        "Model card",
    ] {
        assert!(html.contains(needle), "the page has {needle:?}");
    }
    // One request: the script and the style sheet are inline; nothing from elsewhere (no CDN,
    // no external font).
    assert!(!html.contains("https://") && !html.contains("http://"));
    assert!(!html.contains("<script src") && !html.contains("<link rel=\"stylesheet\""));
    assert!(html.contains("data-max-upload=\"32 MiB\""));
    // User text reaches the page only as text.
    assert!(!html.contains("innerHTML") && !html.contains("insertAdjacentHTML"));
    assert!(!html.contains("eval("));

    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(
        csp.starts_with("default-src 'none'; script-src 'sha256-"),
        "{csp}"
    );
    assert!(csp.contains("; style-src 'sha256-") && csp.contains("connect-src 'self'"));
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(page.header("access-control-allow-origin"), None);

    let icon = get(&server, "/favicon.svg");
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-type"), Some("image/svg+xml"));
    // The policy is on every answer, errors included.
    let missing = get(&server, "/assets/app.js");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-security-policy"), Some(csp));
}

#[test]
fn responses_are_compressed_when_the_client_asks() {
    let server = Server::start(&[]);
    let answer = read(
        agent()
            .get(server.at("/"))
            .header("Accept-Encoding", "gzip")
            .call()
            .unwrap(),
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-encoding"), Some("gzip"));
    let plain = get(&server, "/");
    assert!(answer.body.len() * 2 < plain.body.len());
    // A small answer is not worth compressing.
    let small = read(
        agent()
            .post(server.at("/api/classify"))
            .header("Accept-Encoding", "gzip")
            .header("Content-Type", "application/json")
            .send(r#"{"texts": ["Owns the budget"]}"#)
            .unwrap(),
    );
    assert_eq!(small.status, 200);
    assert_eq!(small.header("content-encoding"), None);
}

#[test]
fn health_and_model_card() {
    let server = Server::start(&[]);
    let health = get(&server, "/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(health.json(), json!({"status": "ok"}));
    let model = get(&server, "/api/model");
    assert_eq!(model.status, 200);
    assert_eq!(model.header("content-type"), Some("application/json"));
    assert_eq!(model.json(), cli_json(&["inspect", "--format", "json"]));
}

/// `--model PATH` serves the model in that file (the card names it); a broken model file is a
/// one-line error naming it, and nothing listens.
#[test]
fn the_model_comes_from_model_path() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("mine.json");
    std::fs::copy(root().join("models/roleclass.json"), &model).unwrap();
    let path = model.to_str().unwrap();
    let server = Server::start(&["--model", path]);
    let card = get(&server, "/api/model").json();
    assert_eq!(
        card,
        cli_json(&["--model", path, "inspect", "--format", "json"])
    );
    assert!(card.to_string().contains("mine.json"), "{card}");
    let broken = common::write(dir.path(), "broken.json", "{");
    roleclass()
        .args(["serve", "--addr", "127.0.0.1:0", "--model"])
        .arg(&broken)
        .timeout(Duration::from_secs(30))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("broken.json"));
}

#[test]
fn classify_answers_as_the_cli_does() {
    let server = Server::start(&[]);
    let answer = post_json(&server, "/api/classify", &json!({"texts": STATEMENTS}));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let mut args = vec!["classify", "--format", "json"];
    args.extend(STATEMENTS);
    assert_eq!(answer.json(), cli_json(&args));

    let explained = post_json(
        &server,
        "/api/classify",
        &json!({"texts": STATEMENTS, "explain": true, "threshold": 0.95}),
    );
    assert_eq!(explained.status, 200);
    let mut args = vec![
        "classify",
        "--format",
        "json",
        "--explain",
        "--threshold",
        "0.95",
    ];
    args.extend(STATEMENTS);
    assert_eq!(explained.json(), cli_json(&args));
}

#[test]
fn highlights_cut_the_statement_around_its_cue_terms() {
    let server = Server::start(&[]);
    let answer = post_json(
        &server,
        "/api/classify",
        &json!({"texts": STATEMENTS, "highlight": true}),
    );
    assert_eq!(answer.status, 200);
    let records = answer.json();
    for record in records.as_array().unwrap() {
        let text = record["text"].as_str().unwrap();
        let pieces = record["highlights"].as_array().expect("highlights");
        let joined: String = pieces.iter().map(|p| p["text"].as_str().unwrap()).collect();
        assert_eq!(joined, text, "the pieces are the statement");
        let terms = record["explanation"]["terms"]
            .as_array()
            .expect("explained");
        // Every level cue of the explanation is marked somewhere, and nothing else is (the
        // ranking stage's other terms are not cues).
        let marked: Vec<u64> = pieces
            .iter()
            .filter_map(|p| p["terms"].as_array())
            .flatten()
            .map(|i| i.as_u64().unwrap())
            .collect();
        for (index, term) in terms.iter().enumerate() {
            let is_cue = term["cue"].as_bool().expect("cue flag");
            assert_eq!(
                marked.contains(&(index as u64)),
                is_cue,
                "term {index} ({term}) of {text:?} is marked exactly when it is a cue"
            );
        }
        // A marked piece's words are its terms' words (the text between the words of a
        // pair is marked too, but has no word).
        for piece in pieces {
            let has_word = piece["text"]
                .as_str()
                .unwrap()
                .chars()
                .any(char::is_alphanumeric);
            if let (Some(indices), true) = (piece["terms"].as_array(), has_word) {
                let words = piece["text"].as_str().unwrap().to_lowercase();
                assert!(indices.iter().any(|i| {
                    let term = terms[i.as_u64().unwrap() as usize]["term"]
                        .as_str()
                        .unwrap();
                    term.split(' ').any(|w| words.contains(w))
                }));
            }
        }
    }
    let first = &records[0];
    assert_eq!(first["role"], "vp", "a clear VP line");
    assert!(first["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["text"].as_str().unwrap().contains("department") && p.get("terms").is_some()));
    let last = &records[2];
    assert_eq!(last["role"], "unsure", "no level cue");
    assert_eq!(last["highlights"], json!([{"text": STATEMENTS[2]}]));
}

#[test]
fn audit_answers_as_the_cli_does() {
    let server = Server::start(&[]);
    let posting = fixture("director_title_vp_duties.md");
    let answer = post_json(&server, "/api/audit", &json!({"text": posting}));
    assert_eq!(answer.status, 200);
    let expected = stdout_of(
        roleclass()
            .args(["audit", "--format", "json", "-"])
            .write_stdin(posting.clone()),
    );
    let expected: Value = serde_json::from_slice(&expected).unwrap();
    assert_eq!(answer.json(), expected[0]);

    let explained = post_json(
        &server,
        "/api/audit",
        &json!({"text": posting, "title": "VP of Engineering", "explain": true, "threshold": 0.9}),
    );
    assert_eq!(explained.status, 200);
    let expected = stdout_of(
        roleclass()
            .args([
                "audit",
                "--format",
                "json",
                "--explain",
                "--threshold",
                "0.9",
                "--title",
                "VP of Engineering",
                "-",
            ])
            .write_stdin(posting),
    );
    let expected: Value = serde_json::from_slice(&expected).unwrap();
    assert_eq!(explained.json(), expected[0]);
    assert!(explained.json()["statements"][0]["explanation"].is_object());
}

const CSV: &str = "id,text,source\n\
1,Manages the engineering department budget,careers page\n\
2,\"Runs sprint retros, with the team leads\",careers page\n\
3,Foster a culture of innovation,careers page\n";

#[test]
fn batch_gives_the_same_bytes_as_the_cli() {
    let server = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let input = common::write(dir.path(), "postings.csv", CSV);
    let expected = stdout_of(roleclass().arg("batch").arg(&input));
    let answer = post(&server, "/api/batch", Some("text/csv"), CSV.as_bytes());
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(answer.text(), String::from_utf8(expected).unwrap());
    assert_eq!(
        answer.header("x-roleclass-summary"),
        Some("rows=3 director=1 vp=1 unsure=1")
    );

    // The options of the CLI, as query parameters: a column by index, a threshold, a TSV.
    let tsv = "id\ttext\tsource\n1\tManages the engineering department budget\tweb\n\
               2\tRuns sprint retros, with the team leads\tweb\n";
    let input = common::write(dir.path(), "postings.tsv", tsv);
    let expected = stdout_of(
        roleclass()
            .args(["batch", "--column-index", "1", "--threshold", "0.99"])
            .arg(&input),
    );
    let answer = post(
        &server,
        "/api/batch?column_index=1&threshold=0.99",
        Some("text/tab-separated-values"),
        tsv.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.body, expected);
    assert_eq!(
        answer.header("content-type"),
        Some("text/tab-separated-values; charset=utf-8")
    );

    // A quoted, multi-line, BOM-prefixed CSV without a header comes back byte for byte.
    let awkward = "\u{feff}7,\"Owns the department budget,\nand the \"\"annual\"\" plan\"\r\n8,Runs standups\r\n";
    let input = common::write(dir.path(), "awkward.csv", awkward);
    let expected = stdout_of(
        roleclass()
            .args(["batch", "--no-header", "--column-index", "1"])
            .arg(&input),
    );
    let answer = post(
        &server,
        "/api/batch?no_header=true&column_index=1",
        Some("text/csv"),
        awkward.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.body, expected);
}

#[test]
fn columns_are_listed_and_the_statement_column_detected() {
    let server = Server::start(&[]);
    let csv = "id,description,source\n1,Manages the engineering department budget,careers\n";
    let answer = post(&server, "/api/columns", Some("text/csv"), csv.as_bytes());
    assert_eq!(answer.status, 200);
    let found = answer.json();
    assert_eq!(found["detected"], 1);
    assert_eq!(found["columns"][1]["name"], "description");
    let answer = post(&server, "/api/columns?delimiter=%3B", Some("text/csv"), b"");
    assert_eq!(answer.error(400), "the CSV is empty");
}

/// Each bad request, and the start of the message that must explain it.
#[test]
fn bad_input_is_a_4xx_with_a_json_error_and_the_server_keeps_serving() {
    let server = Server::start(&[
        "--max-body",
        "2KiB",
        "--max-texts",
        "3",
        "--max-upload",
        "4KiB",
    ]);
    let json_cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "/api/classify",
            b"{\"texts\": [".to_vec(),
            400,
            "malformed JSON: EOF",
        ),
        (
            "/api/classify",
            b"not json".to_vec(),
            400,
            "malformed JSON: expected",
        ),
        (
            "/api/classify",
            b"{\"texts\": \"one\"}".to_vec(),
            400,
            "texts: invalid type: string",
        ),
        (
            "/api/classify",
            b"{\"texts\": [1]}".to_vec(),
            400,
            "texts[0]: invalid type: integer",
        ),
        (
            "/api/classify",
            b"{\"text\": [\"a\"]}".to_vec(),
            400,
            "unknown field `text`",
        ),
        (
            "/api/classify",
            b"{}".to_vec(),
            400,
            "missing field `texts`",
        ),
        (
            "/api/classify",
            b"[]".to_vec(),
            400,
            "expected a JSON object",
        ),
        (
            "/api/classify",
            b"".to_vec(),
            400,
            "the request body is empty",
        ),
        (
            "/api/classify",
            b"{\"texts\": []}".to_vec(),
            400,
            "texts is empty",
        ),
        (
            "/api/classify",
            b"{\"texts\": [\"a\"], \"threshold\": 0.2}".to_vec(),
            400,
            "threshold: threshold must be between 0.5 and 1, got 0.2",
        ),
        (
            "/api/classify",
            b"{\"texts\": [\"a\"], \"threshold\": 1.5}".to_vec(),
            400,
            "threshold: threshold must be between 0.5 and 1",
        ),
        (
            "/api/classify",
            b"{\"texts\": [\"a\"], \"threshold\": \"high\"}".to_vec(),
            400,
            "threshold: invalid type: string",
        ),
        (
            "/api/classify",
            b"{\"texts\": [\"a\"], \"explain\": 1}".to_vec(),
            400,
            "explain: invalid type: integer",
        ),
        (
            "/api/classify",
            b"{\"texts\": [\"caf\xe9\"]}".to_vec(),
            400,
            "the request body is not valid UTF-8 (invalid byte at offset 15)",
        ),
        (
            "/api/classify",
            b"{\"texts\": [\"a\",\"b\",\"c\",\"d\"]}".to_vec(),
            413,
            "too many texts: 4 (the limit is 3, --max-texts on the server)",
        ),
        (
            "/api/classify",
            format!("{{\"texts\": [\"{}\"]}}", "a".repeat(3000)).into_bytes(),
            413,
            "the request body is larger than the limit of 2 KiB (--max-body on the server)",
        ),
        (
            "/api/audit",
            b"{\"text\": \"  \"}".to_vec(),
            400,
            "text is empty",
        ),
        (
            "/api/audit",
            b"{\"title\": \"VP\"}".to_vec(),
            400,
            "missing field `text`",
        ),
        (
            "/api/audit",
            b"{\"text\": \"x\", \"threshold\": 0.1}".to_vec(),
            400,
            "threshold: threshold must be between 0.5 and 1",
        ),
        (
            "/api/audit",
            b"{\"text\": 7}".to_vec(),
            400,
            "text: invalid type: integer",
        ),
    ];
    for (path, body, status, message) in &json_cases {
        let answer = post(&server, path, Some("application/json"), body);
        let got = answer.error(*status);
        assert!(
            got.starts_with(message),
            "{path} {:?}: {got:?}",
            String::from_utf8_lossy(body)
        );
    }

    // Wrong or missing content type.
    let answer = post(
        &server,
        "/api/classify",
        Some("text/plain"),
        b"{\"texts\": [\"a\"]}",
    );
    assert_eq!(
        answer.error(415),
        "expected Content-Type application/json, got \"text/plain\""
    );
    let answer = post(&server, "/api/classify", None, b"{\"texts\": [\"a\"]}");
    assert_eq!(
        answer.error(415),
        "expected Content-Type application/json, got none"
    );
    let answer = post(
        &server,
        "/api/batch",
        Some("application/json"),
        CSV.as_bytes(),
    );
    assert!(answer
        .error(415)
        .starts_with("expected Content-Type text/csv"));

    // Bad CSV uploads and options.
    let csv_cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "/api/batch",
            b"id,text\n1,fine\n2,too,many\n".to_vec(),
            400,
            "line 3: ",
        ),
        (
            "/api/batch",
            b"id,statement\n1,a\n".to_vec(),
            400,
            "no column named \"text\"",
        ),
        (
            "/api/batch",
            b"id,text\n".to_vec(),
            400,
            "no data rows (header only)",
        ),
        ("/api/batch", b"".to_vec(), 400, "the CSV is empty"),
        (
            "/api/batch",
            b"id,text\n1,caf\xe9\n".to_vec(),
            400,
            "line 2: column 2 (\"text\"): invalid UTF-8 at byte 4",
        ),
        (
            "/api/batch",
            b"id,text,role\n1,a,x\n".to_vec(),
            400,
            "the input already has a column named \"role\" (rename it, or add replace=true",
        ),
        (
            "/api/batch?column_index=abc",
            CSV.as_bytes().to_vec(),
            400,
            "bad query string: column_index: invalid digit",
        ),
        (
            "/api/batch?column=text&column_index=1",
            CSV.as_bytes().to_vec(),
            400,
            "give column or column_index, not both",
        ),
        (
            "/api/batch?no_header=true",
            CSV.as_bytes().to_vec(),
            400,
            "without a header row",
        ),
        (
            "/api/batch?delimiter=%22",
            CSV.as_bytes().to_vec(),
            400,
            "delimiter: a quote or a line break",
        ),
        (
            "/api/batch?threshold=2",
            CSV.as_bytes().to_vec(),
            400,
            "threshold: threshold must be between 0.5 and 1",
        ),
        (
            "/api/batch?column_index=9",
            CSV.as_bytes().to_vec(),
            400,
            "column index 9 is out of range",
        ),
        (
            "/api/batch?colour=blue",
            CSV.as_bytes().to_vec(),
            400,
            "bad query string: colour: unknown field `colour`",
        ),
        (
            "/api/batch",
            CSV.repeat(40).into_bytes(),
            413,
            "the CSV upload is larger than the limit of 4 KiB (--max-upload on the server)",
        ),
    ];
    for (path, body, status, message) in &csv_cases {
        let answer = post(&server, path, Some("text/csv"), body);
        let got = answer.error(*status);
        assert!(got.starts_with(message), "{path}: {got:?}");
    }

    // Unknown routes and methods.
    assert!(get(&server, "/api/nothing")
        .error(404)
        .contains("/api/nothing"));
    assert!(get(&server, "/api/classify")
        .error(405)
        .starts_with("method not allowed"));
    assert!(post(&server, "/api/model", None, b"")
        .error(405)
        .starts_with("method not allowed"));

    // Still serving, and nothing went wrong on the server's side.
    assert_eq!(get(&server, "/healthz").status, 200);
    let ok = post_json(
        &server,
        "/api/classify",
        &json!({"texts": ["Owns the department budget"]}),
    );
    assert_eq!(ok.status, 200);
    assert!(!server.stderr().contains("panicked"));
}

/// A body sent without a Content-Length (chunked) is cut off at the limit too.
#[test]
fn a_streamed_body_over_the_limit_is_refused() {
    let server = Server::start(&["--max-body", "1KiB", "--max-upload", "1KiB"]);
    for (path, content_type) in [
        ("/api/classify", "application/json"),
        ("/api/batch", "text/csv"),
    ] {
        let mut body = std::io::Cursor::new(vec![b' '; 8 * 1024]);
        let response = agent()
            .post(server.at(path))
            .header("Content-Type", content_type)
            .send(ureq::SendBody::from_reader(&mut body));
        // 8 KiB fit in the loopback socket's buffers many times over, so the client has sent
        // it all and gets to read the answer although the server stopped reading at the limit
        // (with 64 KiB a busy machine sometimes reset the connection before the answer).
        let answer = read(response.expect("an answer"));
        assert!(answer.error(413).contains("larger than the limit of 1 KiB"));
    }
    assert_eq!(get(&server, "/healthz").status, 200);
}

#[test]
fn a_request_that_takes_too_long_is_answered_408() {
    let server = Server::start(&["--timeout", "1"]);
    // A body that never finishes arriving.
    struct Slow(u8);
    impl Read for Slow {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                thread::sleep(Duration::from_secs(3));
                return Ok(0);
            }
            self.0 -= 1;
            buf[0] = b' ';
            Ok(1)
        }
    }
    let response = agent()
        .post(server.at("/api/classify"))
        .header("Content-Type", "application/json")
        .send(ureq::SendBody::from_owned_reader(Slow(1)));
    let answer = read(response.expect("an answer"));
    assert!(answer.error(408).contains("took too long"));
    assert_eq!(get(&server, "/healthz").status, 200);
}

#[test]
fn no_cross_origin_access_unless_asked() {
    let origin = "https://intranet.example";
    let closed = Server::start(&[]);
    let answer = read(
        agent()
            .get(closed.at("/api/model"))
            .header("Origin", origin)
            .call()
            .unwrap(),
    );
    assert_eq!(answer.header("access-control-allow-origin"), None);

    let open = Server::start(&["--cors", origin]);
    let answer = read(
        agent()
            .post(open.at("/api/classify"))
            .header("Origin", origin)
            .header("Content-Type", "application/json")
            .send(r#"{"texts": ["Owns the budget"]}"#)
            .unwrap(),
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("access-control-allow-origin"), Some(origin));
    let preflight = read(
        agent()
            .options(open.at("/api/classify"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .call()
            .unwrap(),
    );
    assert_eq!(preflight.status, 200);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(origin)
    );
    let other = read(
        agent()
            .get(open.at("/api/model"))
            .header("Origin", "https://elsewhere.example")
            .call()
            .unwrap(),
    );
    // The one allowed origin is named, which a browser on another origin refuses.
    assert_eq!(other.header("access-control-allow-origin"), Some(origin));
}

#[test]
fn concurrent_requests_get_their_own_answers() {
    let server = Arc::new(Server::start(&[]));
    let posting = fixture("vp_consistent.md");
    let single: Vec<Value> = STATEMENTS
        .iter()
        .map(|s| post_json(&server, "/api/classify", &json!({"texts": [s]})).json())
        .collect();
    let audit = post_json(&server, "/api/audit", &json!({"text": posting})).json();
    let labeled = post(&server, "/api/batch", Some("text/csv"), CSV.as_bytes()).body;
    let (done_tx, done_rx) = mpsc::channel();
    for worker in 0..8 {
        let server = Arc::clone(&server);
        let single = single.clone();
        let audit = audit.clone();
        let labeled = labeled.clone();
        let posting = posting.clone();
        let done_tx = done_tx.clone();
        thread::spawn(move || {
            for round in 0..25 {
                let i = (worker + round) % STATEMENTS.len();
                match round % 3 {
                    0 => {
                        let answer =
                            post_json(&server, "/api/classify", &json!({"texts": [STATEMENTS[i]]}));
                        assert_eq!(answer.json(), single[i]);
                    }
                    1 => {
                        let answer = post_json(&server, "/api/audit", &json!({"text": posting}));
                        assert_eq!(answer.json(), audit);
                    }
                    _ => {
                        let answer = post(&server, "/api/batch", Some("text/csv"), CSV.as_bytes());
                        assert_eq!(answer.body, labeled);
                    }
                }
            }
            done_tx.send(worker).unwrap();
        });
    }
    drop(done_tx);
    let finished: Vec<usize> = done_rx.iter().collect();
    assert_eq!(
        finished.len(),
        8,
        "every worker finished (a failed assert ends a worker)"
    );
}

#[test]
fn ctrl_c_and_sigterm_stop_the_server_with_exit_code_0() {
    for signal in ["INT", "TERM"] {
        let mut server = Server::start(&[]);
        assert_eq!(get(&server, "/healthz").status, 200);
        server.signal(signal);
        let status = server.wait();
        assert_eq!(
            status.code(),
            Some(0),
            "after SIG{signal}: {}",
            server.stderr()
        );
        assert!(server.stderr().contains("roleclass: stopped"));
        // The port is closed.
        assert!(agent().get(server.at("/healthz")).call().is_err());
    }
}

/// A signal sent the moment the URL is out (a script that starts the server, reads the URL
/// and stops it) still gets the graceful stop: the handlers are in place before the URL is
/// printed, so the signal's default action never ends the process.
#[test]
fn a_signal_right_after_the_url_still_stops_the_server_gracefully() {
    for round in 0..10 {
        let signal = if round % 2 == 0 { "INT" } else { "TERM" };
        let mut server = Server::start(&[]);
        server.signal(signal);
        let status = server.wait();
        assert_eq!(
            status.code(),
            Some(0),
            "round {round}, SIG{signal} right after the URL: {status:?}, {}",
            server.stderr()
        );
    }
}

/// A request in progress when the signal comes is still answered in full.
#[test]
fn graceful_shutdown_finishes_the_requests_in_progress() {
    let mut server = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let input = common::write(dir.path(), "postings.csv", CSV);
    let expected = stdout_of(roleclass().arg("batch").arg(&input));

    /// The first half of the CSV, then a wait for the go-ahead, then the rest.
    struct Held {
        parts: Vec<Vec<u8>>,
        go: mpsc::Receiver<()>,
        sent_first: mpsc::Sender<()>,
    }
    impl Read for Held {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.parts.is_empty() {
                return Ok(0);
            }
            if self.parts.len() == 1 {
                let _ = self.sent_first.send(());
                let _ = self.go.recv();
            }
            let part = self.parts.remove(0);
            buf[..part.len()].copy_from_slice(&part);
            Ok(part.len())
        }
    }
    let (go_tx, go_rx) = mpsc::channel();
    let (first_tx, first_rx) = mpsc::channel();
    let (head, tail) = CSV.split_at(40);
    let body = Held {
        parts: vec![head.as_bytes().to_vec(), tail.as_bytes().to_vec()],
        go: go_rx,
        sent_first: first_tx,
    };
    let url = server.at("/api/batch");
    let client = thread::spawn(move || {
        read(
            agent()
                .post(url)
                .header("Content-Type", "text/csv")
                .send(ureq::SendBody::from_owned_reader(body))
                .expect("the request in progress is answered"),
        )
    });
    first_rx.recv().unwrap();
    thread::sleep(Duration::from_millis(200));
    server.signal("TERM");
    // New connections are no longer accepted once the server is stopping.
    let deadline = Instant::now() + Duration::from_secs(10);
    while agent().get(server.at("/healthz")).call().is_ok() {
        assert!(
            Instant::now() < deadline,
            "the server still accepts connections"
        );
        thread::sleep(Duration::from_millis(20));
    }
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "still running for the open request"
    );
    go_tx.send(()).unwrap();
    let answer = client.join().unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, expected);
    assert_eq!(server.wait().code(), Some(0));
}

#[test]
fn requests_are_logged_only_with_verbose() {
    let quiet = Server::start(&[]);
    get(&quiet, "/healthz");
    post_json(&quiet, "/api/classify", &json!({"texts": ["x"]}));
    let verbose = Server::start(&["-v"]);
    get(&verbose, "/healthz");
    post_json(&verbose, "/api/classify", &json!({"texts": []}));
    // The log line is written after the answer: give it a moment.
    let deadline = Instant::now() + Duration::from_secs(5);
    while verbose.stderr().matches("\n").count() < 3 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
    }
    let log = verbose.stderr();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("127.0.0.1:")).collect();
    let requests: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains(" GET ") || l.contains(" POST "))
        .collect();
    assert_eq!(requests.len(), 2, "{log}");
    assert!(requests[0].contains("GET /healthz 200"), "{log}");
    assert!(requests[1].contains("POST /api/classify 400"), "{log}");
    assert!(!quiet.stderr().contains("GET /healthz"));
}

#[test]
fn a_non_loopback_address_is_warned_about() {
    let server = Server::start(&["--addr", "0.0.0.0:0"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !server.stderr().contains("warning") && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
    }
    let warnings: Vec<String> = server
        .stderr()
        .lines()
        .filter(|l| l.contains("warning"))
        .map(str::to_owned)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("reachable from other machines"));
    assert_eq!(get(&server, "/healthz").status, 200);
    let loopback = Server::start(&[]);
    get(&loopback, "/healthz");
    assert!(!loopback.stderr().contains("warning"));
}

#[test]
fn nothing_is_written_to_disk() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_in(dir.path(), &[]);
    post_json(&server, "/api/classify", &json!({"texts": STATEMENTS}));
    post(&server, "/api/batch", Some("text/csv"), CSV.as_bytes());
    post_json(
        &server,
        "/api/audit",
        &json!({"text": fixture("vp_consistent.md")}),
    );
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(entries.is_empty(), "{entries:?}");
}

#[test]
fn a_busy_port_is_a_one_line_error() {
    let server = Server::start(&[]);
    let addr = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let out = roleclass()
        .args(["serve", "--addr", addr])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!("error: cannot listen on {addr}")),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_posting_file_is_read_as_audit_reads_it() {
    let server = Server::start(&[]);
    let document = word_document(&[
        ("Title", false, "VP of Engineering"),
        ("Heading1", false, "Responsibilities"),
        (
            "",
            true,
            "Own the engineering department budget and report it to the board",
        ),
    ]);
    let answer = post(
        &server,
        "/api/posting-text",
        Some("application/octet-stream"),
        &document,
    );
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json()["text"],
        "# VP of Engineering\n\n## Responsibilities\n\n\
         - Own the engineering department budget and report it to the board\n"
    );
    // Plain text comes back as it is; a damaged document or binary data is a 400 that says why.
    let text = post(
        &server,
        "/api/posting-text",
        None,
        b"Director\n\n- Lead the team\n",
    );
    assert_eq!(text.json()["text"], "Director\n\n- Lead the team\n");
    let broken = post(
        &server,
        "/api/posting-text",
        None,
        &document[..document.len() / 2],
    );
    assert!(broken
        .error(400)
        .starts_with("not a readable Word document: not a readable zip archive"));
    let binary = post(&server, "/api/posting-text", None, b"\x00\x01\x02");
    assert!(binary.error(400).contains("NUL"), "{}", binary.error(400));
}

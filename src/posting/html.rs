//! HTML postings (a saved careers page): read with a real HTML5 tokenizer (html5ever), not
//! patterns over tags. The text becomes lines the Markdown rules understand: each block
//! element (`<p>`, `<div>`, `<li>`, `<h1>`..., `<tr>`, `<br>`) starts a line, `<hN>` becomes a
//! `#` heading, `<li>` a `-` bullet (indented by nesting), bold text keeps `**` so a bold
//! paragraph is a heading, table cells are separated by `|`. `<script>`, `<style>`, `<head>`
//! and comments produce nothing; `<title>` is kept apart as a title candidate. Every line keeps
//! the input line it starts on.
//!
//! A page that shows its posting only through a script (an applicant-tracking system's page
//! saved before the script ran: an empty `<div id="root">`) often still carries it as
//! schema.org `JobPosting` data (`<script type="application/ld+json">`). When the visible text
//! has fewer than half the words of that data's `description`, the description (itself HTML)
//! is read instead, and its `title` is the page's title.

use std::cell::RefCell;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::markup::{collapse_whitespace, decode_entities};

/// Whether the text is an HTML document (not Markdown with a tag in it): it opens, after
/// blank space and comments, with `<!DOCTYPE html`, `<html`, `<head` or `<body`.
pub(super) fn is_html(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after.get(end + 3..).unwrap_or("").trim_start(),
            None => return false,
        }
    }
    let head: String = rest
        .chars()
        .take(14)
        .collect::<String>()
        .to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|p| head.starts_with(p))
}

/// A line of text with the 1-based input line it starts on.
pub(super) type NumberedLine = (usize, String);

/// The lines of an HTML document, each with the 1-based input line it starts on, and the text
/// of its `<title>` (with its line); or, for a page whose posting is only in its `JobPosting`
/// data (see the module docs), the lines of that posting's description and its title.
pub(super) fn html_lines(text: &str) -> (Vec<NumberedLine>, Option<NumberedLine>) {
    let (lines, title, structured) = visible_lines(text);
    let posting = structured
        .iter()
        .flat_map(|(line, json)| job_postings(json).into_iter().map(move |p| (*line, p)))
        .find(|(_, p)| !p.description.trim().is_empty());
    let Some((line, posting)) = posting else {
        return (lines, title);
    };
    // The description is HTML, sometimes escaped once more ("&lt;p&gt;..."), or plain text
    // whose line breaks end its lines.
    let description = if posting.description.contains('<') {
        posting.description
    } else {
        decode_entities(&posting.description)
    };
    let described = if description.contains('<') {
        visible_lines(&description).0
    } else {
        description
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| (line, l.to_owned()))
            .collect()
    };
    if words_in(&lines) * 2 >= words_in(&described) {
        return (lines, title);
    }
    let lines = described.into_iter().map(|(_, l)| (line, l)).collect();
    let title = posting
        .title
        .map(|t| (line, collapse_whitespace(&t)))
        .filter(|(_, t)| !t.is_empty())
        .or(title);
    (lines, title)
}

/// The number of words in `lines`.
fn words_in(lines: &[NumberedLine]) -> usize {
    lines
        .iter()
        .map(|(_, l)| l.split_whitespace().count())
        .sum()
}

/// The `title` and `description` of a schema.org `JobPosting`.
struct JobPosting {
    title: Option<String>,
    description: String,
}

/// The job postings in one block of JSON-LD: the top-level object, an array of objects or an
/// `@graph`; a block that is no valid JSON has none.
fn job_postings(json: &str) -> Vec<JobPosting> {
    fn is_job_posting(object: &serde_json::Map<String, serde_json::Value>) -> bool {
        match object.get("@type") {
            Some(serde_json::Value::String(t)) => t == "JobPosting",
            Some(serde_json::Value::Array(types)) => {
                types.iter().any(|t| t.as_str() == Some("JobPosting"))
            }
            _ => false,
        }
    }
    fn collect(value: &serde_json::Value, out: &mut Vec<JobPosting>) {
        match value {
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            serde_json::Value::Object(object) => {
                if is_job_posting(object) {
                    if let Some(description) = object.get("description").and_then(|d| d.as_str()) {
                        out.push(JobPosting {
                            title: object
                                .get("title")
                                .and_then(|t| t.as_str())
                                .map(str::to_owned),
                            description: description.to_owned(),
                        });
                    }
                } else if let Some(graph) = object.get("@graph") {
                    collect(graph, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(json) {
        collect(&value, &mut out);
    }
    out
}

/// A block of JSON-LD with the input line its `<script>` starts on.
type StructuredData = (usize, String);

/// The visible lines of an HTML document, its `<title>` and its JSON-LD blocks.
fn visible_lines(text: &str) -> (Vec<NumberedLine>, Option<NumberedLine>, Vec<StructuredData>) {
    let sink = Sink {
        state: RefCell::new(State::default()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(text.into());
    // The sink never asks for a script to run, so `feed` returns only when the input is used.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut state = tokenizer.sink.state.take();
    state.flush();
    let title = state
        .title
        .take()
        .map(|(line, t)| (line, collapse_whitespace(&t)))
        .filter(|(_, t)| !t.is_empty());
    (state.lines, title, state.structured)
}

#[derive(Default)]
struct State {
    lines: Vec<(usize, String)>,
    /// The line being built and the input line it starts on.
    current: String,
    current_line: usize,
    /// The input line of the last token seen.
    line: usize,
    /// Inside `<script>`, `<style>`, `<head>` (but not `<title>`), `<template>`: skip text.
    hidden: usize,
    in_title: bool,
    title: Option<(usize, String)>,
    /// Inside `<script type="application/ld+json">`: its text so far and its line.
    json_ld: Option<StructuredData>,
    /// The JSON-LD blocks read.
    structured: Vec<StructuredData>,
    list_depth: usize,
    pre: usize,
}

impl State {
    fn flush(&mut self) {
        let line = std::mem::take(&mut self.current);
        if !line.trim().is_empty() {
            self.lines.push((self.current_line.max(1), line));
        }
        self.current_line = 0;
    }

    fn start_block(&mut self, prefix: &str) {
        self.flush();
        self.current.push_str(prefix);
        self.current_line = self.line;
    }

    /// Text without line breaks.
    fn text(&mut self, s: &str) {
        if let Some((_, json)) = &mut self.json_ld {
            json.push_str(s);
            return;
        }
        if self.in_title {
            let line = self.line;
            let title = self.title.get_or_insert((line, String::new()));
            title.1.push_str(s);
            return;
        }
        if self.hidden > 0 {
            return;
        }
        if self.current_line == 0 && !s.trim().is_empty() {
            self.current_line = self.line;
        }
        self.current.push_str(s);
    }

    /// A line break in the text: whitespace, except inside `<pre>`.
    fn newline(&mut self) {
        if let Some((_, json)) = &mut self.json_ld {
            json.push('\n');
        } else if self.in_title || self.hidden > 0 {
            self.text(" ");
        } else if self.pre > 0 {
            self.flush();
        } else {
            self.current.push(' ');
        }
    }

    fn tag(&mut self, tag: &Tag) {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        match name {
            "script" | "style" | "head" | "template" | "noscript" | "svg" => {
                if start && !tag.self_closing {
                    self.hidden += 1;
                } else if !start {
                    self.hidden = self.hidden.saturating_sub(1);
                }
                if name == "script" {
                    if let Some(block) = self.json_ld.take() {
                        self.structured.push(block);
                    }
                    let json_ld = tag.attrs.iter().any(|a| {
                        &*a.name.local == "type"
                            && a.value.trim().eq_ignore_ascii_case("application/ld+json")
                    });
                    if start && !tag.self_closing && json_ld {
                        self.json_ld = Some((self.line, String::new()));
                    }
                }
            }
            "title" => self.in_title = start && !tag.self_closing,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if start {
                    let level = name.get(1..).and_then(|l| l.parse().ok()).unwrap_or(1);
                    self.start_block(&format!("{} ", "#".repeat(level)));
                } else {
                    self.flush();
                }
            }
            "li" => {
                if start {
                    let indent = "  ".repeat(self.list_depth.saturating_sub(1));
                    self.start_block(&format!("{indent}- "));
                } else {
                    self.flush();
                }
            }
            "ul" | "ol" => {
                self.flush();
                if start {
                    self.list_depth += 1;
                } else {
                    self.list_depth = self.list_depth.saturating_sub(1);
                }
            }
            "pre" => {
                self.flush();
                if start {
                    self.pre += 1;
                } else {
                    self.pre = self.pre.saturating_sub(1);
                }
            }
            "b" | "strong" => self.current.push_str("**"),
            "td" | "th" if start => {
                if self.current.trim().is_empty() {
                    self.current_line = self.line;
                }
                self.current.push_str(" | ");
            }
            "br" | "hr" | "p" | "div" | "tr" | "table" | "section" | "article" | "header"
            | "footer" | "main" | "aside" | "nav" | "blockquote" | "dl" | "dt" | "dd"
            | "figure" | "figcaption" | "form" | "address" | "body" | "html" | "center" => {
                self.flush()
            }
            _ => {}
        }
    }
}

struct Sink {
    state: RefCell<State>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        state.line = usize::try_from(line_number).unwrap_or(usize::MAX);
        match token {
            Token::CharacterTokens(text) => {
                // The tokenizer reports the line a run of characters ends on.
                let end = state.line;
                state.line = end.saturating_sub(text.matches('\n').count());
                for (i, piece) in text.split('\n').enumerate() {
                    if i > 0 {
                        state.newline();
                        state.line += 1;
                    }
                    state.text(piece);
                }
                state.line = end;
            }
            Token::TagToken(tag) => {
                let raw = match (&*tag.name, tag.kind) {
                    ("script", TagKind::StartTag) if !tag.self_closing => Some(RawKind::ScriptData),
                    (
                        "style" | "noscript" | "xmp" | "iframe" | "noembed" | "noframes",
                        TagKind::StartTag,
                    ) if !tag.self_closing => Some(RawKind::Rawtext),
                    ("title" | "textarea", TagKind::StartTag) if !tag.self_closing => {
                        Some(RawKind::Rcdata)
                    }
                    _ => None,
                };
                state.tag(&tag);
                if let Some(kind) = raw {
                    return TokenSinkResult::RawData(kind);
                }
            }
            Token::NullCharacterToken
            | Token::CommentToken(_)
            | Token::DoctypeToken(_)
            | Token::EOFToken
            | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

//! Property tests (issue 6): the tokenizer never panics and is idempotent; classification of
//! any string gives finite probabilities that sum to 1; `batch` preserves the row count and
//! every original field of arbitrary CSV content; the posting parser never panics and never
//! invents text. Plus the regression inputs the fuzzers found, replayed through the same checks.
//!
//! The invariants live in `fuzz/src/lib.rs`, shared with the fuzz targets (the fuzz crate is
//! its own workspace, so it is included here by path): a proptest failure, a fuzzer crash and
//! its regression test all mean the same thing.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod checks;

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use roleclass::batch::{BatchOptions, ColumnSelector, OutputFormat, ERROR_ROLE};
use roleclass::model::{Classifier, Model, MIN_LOG_PROB};

/// `default` cases, or `PROPTEST_CASES` when set (to search harder locally).
fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

fn classifier() -> &'static Classifier {
    static CLASSIFIER: OnceLock<Classifier> = OnceLock::new();
    CLASSIFIER.get_or_init(|| Classifier::new(Model::embedded().expect("the embedded model loads")))
}

fn vocabulary() -> Vec<String> {
    classifier().model().cues.vocabulary.clone()
}

// -----------------------------------------------------------------------------------------------
// Strategies

/// Pieces that are hard on text handling: CSV syntax, line ends, markup, entities, combining
/// marks, joiners, case-changing letters, wide characters.
const AWKWARD: &[&str] = &[
    "\"", "\"\"", ",", ";", "\t", "\n", "\r", "\r\n", " ", "  ", "\0", "\u{feff}", "\u{200b}",
    "\u{200d}", "\u{301}", "\u{a0}", "\u{2028}", "İ", "Σ", "ẞ", "ǅ", "é", "日本", "😀", "🇺🇸", "'",
    "’", ".", "-", "_", "&amp;", "&#65;", "**", "[x](u)", "<b>", "#", "- ", "1. ",
];

/// Short words, some of them cue terms of the shipped model.
const WORDS: &[&str] = &[
    "Own",
    "the",
    "department",
    "budget",
    "team",
    "sprint",
    "report",
    "to",
    "CEO",
    "VP",
    "Director",
    "engineering",
    "strategies",
    "processes",
    "its",
    "board",
    "e.g.",
    "U.S.",
];

/// Arbitrary text, weighted towards the awkward parts.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(AWKWARD).prop_map(str::to_owned),
        3 => prop::sample::select(WORDS).prop_map(str::to_owned),
        2 => "\\PC{0,6}",
        1 => any::<char>().prop_map(String::from),
    ];
    prop_oneof![
        4 => prop::collection::vec(piece, 0..24).prop_map(|p| p.concat()),
        1 => any::<String>(),
    ]
}

/// Statements made of the model's own terms, so that they carry cues.
fn cue_text() -> impl Strategy<Value = String> {
    let terms = prop::sample::select(vocabulary());
    prop::collection::vec(prop_oneof![4 => terms, 1 => text()], 1..16).prop_map(|t| t.join(" "))
}

/// A job posting: lines with list markers, headings, markup and awkward text.
fn posting() -> impl Strategy<Value = String> {
    const STARTS: &[&str] = &[
        "",
        "",
        "",
        "- ",
        "* ",
        "• ",
        "1. ",
        "a) ",
        "## ",
        "# ",
        "> ",
        "    - ",
        "\t",
        "**",
        "---",
        "===",
        "Title: ",
        "Responsibilities:",
        "Requirements",
        "About us",
        "What you'll do:",
    ];
    const ENDS: &[&str] = &["\n", "\n", "\r\n", ":\n", "\n\n", "**\n", ".\n", "\r", ""];
    let line = (
        prop::sample::select(STARTS),
        prop::collection::vec(
            prop_oneof![3 => prop::sample::select(WORDS).prop_map(str::to_owned), 1 => text()],
            0..10,
        ),
        prop::sample::select(ENDS),
    )
        .prop_map(|(start, words, end)| format!("{start}{}{end}", words.join(" ")));
    prop_oneof![
        4 => prop::collection::vec(line, 0..16).prop_map(|l| l.concat()),
        1 => text(),
    ]
}

/// A CSV table and how to run it through `batch`.
#[derive(Debug, Clone)]
struct Table {
    header: Option<Vec<String>>,
    rows: Vec<Vec<String>>,
    opts: BatchOptions,
}

fn table() -> impl Strategy<Value = Table> {
    (1usize..5).prop_flat_map(|width| {
        let cell = prop_oneof![3 => text(), 1 => cue_text(), 1 => Just(String::new())];
        (
            prop::option::of(prop::collection::vec(text(), width)),
            prop::collection::vec(prop::collection::vec(cell, width), 0..12),
            0..width,
            any::<bool>(),
            prop::sample::select(&[b',', b';', b'\t', b'|'][..]),
            any::<bool>(),
            1usize..4,
            prop_oneof![16usize..200, Just(1 << 16)],
        )
            .prop_map(
                |(header, mut rows, column, by_name, delimiter, jsonl, threads, chunk_bytes)| {
                    // Distinct header names that do not clash with the added columns.
                    let mut header = header.map(|names| {
                        names
                            .into_iter()
                            .enumerate()
                            .map(|(i, name)| format!("{name}#{i}"))
                            .collect::<Vec<_>>()
                    });
                    // A leading BOM in the first field is indistinguishable from a file BOM.
                    let first = match header.as_mut() {
                        Some(h) => h.first_mut(),
                        None => rows.first_mut().and_then(|r| r.first_mut()),
                    };
                    if let Some(f) = first.filter(|f| f.starts_with('\u{feff}')) {
                        f.insert(0, 'x');
                    }
                    Table::new(
                        header,
                        rows,
                        column,
                        by_name,
                        delimiter,
                        jsonl,
                        threads,
                        chunk_bytes,
                    )
                },
            )
    })
}

impl Table {
    #[allow(clippy::too_many_arguments)]
    fn new(
        header: Option<Vec<String>>,
        rows: Vec<Vec<String>>,
        column: usize,
        by_name: bool,
        delimiter: u8,
        jsonl: bool,
        threads: usize,
        chunk_bytes: usize,
    ) -> Table {
        let column = match &header {
            Some(h) if by_name => ColumnSelector::Name(h[column].clone()),
            _ => ColumnSelector::Index(column),
        };
        let opts = BatchOptions {
            column,
            has_header: header.is_some(),
            delimiter,
            format: if jsonl {
                OutputFormat::Jsonl
            } else {
                OutputFormat::Csv
            },
            threads,
            chunk_bytes,
            keep_going: true,
            ..BatchOptions::default()
        };
        Table { header, rows, opts }
    }

    fn statement_index(&self) -> usize {
        match &self.opts.column {
            ColumnSelector::Index(i) => *i,
            ColumnSelector::Name(name) => self
                .header
                .as_ref()
                .and_then(|h| h.iter().position(|n| n == name))
                .unwrap(),
        }
    }

    /// The table written by the `csv` crate.
    fn to_csv(&self) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(self.opts.delimiter)
            .from_writer(Vec::new());
        for record in self.header.iter().chain(&self.rows) {
            writer.write_record(record).unwrap();
        }
        writer.into_inner().unwrap()
    }
}

// -----------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(cases(512))]

    /// Every configuration: no panic, alphanumeric tokens, idempotent, features = bigrams +
    /// tokens, ASCII fast path = Unicode path.
    #[test]
    fn tokenizer_never_panics_and_is_idempotent(text in text()) {
        checks::check_tokenizer(&text);
    }

    /// Finite probabilities that sum to 1, confidence in [0.5, 1], an answer that matches them.
    #[test]
    fn classify_gives_probabilities(text in prop_oneof![text(), cue_text()]) {
        checks::check_classify(classifier(), &text);
    }

    /// No panic; statements are trimmed single lines in input order whose letters and digits
    /// appear, in order, in the (entity-decoded) input; a title override changes only the title.
    #[test]
    fn posting_parser_never_panics_nor_invents_text(text in posting()) {
        checks::check_posting(&text);
    }
}

proptest! {
    #![proptest_config(cases(128))]

    /// Arbitrary CSV written by the `csv` crate, labeled by the shipped model: one output row
    /// per input row, in order, with every original field unchanged; statements with a NUL
    /// byte (binary data) are the only bad rows.
    #[test]
    fn batch_preserves_rows_and_fields(table in table()) {
        let input = table.to_csv();
        let labeler = classifier();
        let (result, out) = checks::run(&input, labeler, &table.opts);
        if table.rows.is_empty() {
            // Empty input is an error; a header alone may be either (the CLI decides).
            prop_assert!(result.is_err() || table.header.is_some(), "empty input accepted");
            return Ok(());
        }
        let summary = result.unwrap_or_else(|e| panic!("{e} on {:?}", String::from_utf8_lossy(&input)));
        checks::check_batch_output(&input, &out, &table.opts, &summary, labeler);

        let names: Vec<String> = match &table.header {
            Some(h) => h.clone(),
            None => (0..table.rows.first().map_or(0, Vec::len)).map(|i| format!("column_{i}")).collect(),
        };
        let (header, rows) = checks::parse_output(&out, &table.opts, &names);
        if let (Some(got), Some(want)) = (header, &table.header) {
            let got: Vec<String> = got.iter().map(|f| String::from_utf8(f.clone()).unwrap()).collect();
            prop_assert_eq!(&got[..want.len()], &want[..]);
        }
        prop_assert_eq!(rows.len(), table.rows.len());
        prop_assert_eq!(summary.rows, table.rows.len() as u64);
        // CSV output is byte for byte what a CSV writer writes for each input record with the
        // role and confidence appended: records quoted only where they must be (all of these)
        // are copied through unchanged, with the two values after them.
        if table.opts.format == OutputFormat::Csv {
            let mut writer = csv::WriterBuilder::new()
                .delimiter(table.opts.delimiter)
                .from_writer(Vec::new());
            if let Some(h) = &table.header {
                let columns = [&table.opts.role_column, &table.opts.confidence_column];
                writer.write_record(h.iter().chain(columns)).unwrap();
            }
            for (want, got) in table.rows.iter().zip(&rows) {
                writer.write_record(want.iter().chain([&got.role, &got.confidence])).unwrap();
            }
            let expected = writer.into_inner().unwrap();
            prop_assert!(
                out == expected,
                "output {:?} is not the input plus two columns {:?}",
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&expected)
            );
        }
        let statement = table.statement_index();
        for (got, want) in rows.iter().zip(&table.rows) {
            let got_fields: Vec<String> = got.fields.iter().map(|f| String::from_utf8(f.clone()).unwrap()).collect();
            prop_assert_eq!(&got_fields, want);
            let bad = want[statement].contains('\0');
            prop_assert_eq!(got.role == ERROR_ROLE, bad, "role {} for {:?}", got.role, want[statement]);
            if !bad {
                let p = classifier().classify(&want[statement]);
                prop_assert_eq!(got.role.as_str(), p.answer.as_str());
            }
        }

        // Without keep_going the same table succeeds exactly when no statement is bad, and
        // then writes the same output.
        let strict = BatchOptions { keep_going: false, ..table.opts.clone() };
        let (strict_result, strict_out) = checks::run(&input, labeler, &strict);
        if table.rows.iter().any(|r| r[statement].contains('\0')) {
            prop_assert!(strict_result.is_err());
        } else {
            prop_assert_eq!(strict_result.ok(), Some(summary));
            prop_assert!(strict_out == out, "keep_going changed the output of a clean table");
        }
    }

    /// Arbitrary bytes (not written by a CSV writer) with fuzzer-style options: the batch
    /// engine agrees with the `csv` crate, whatever the chunk size and thread count.
    #[test]
    fn batch_agrees_with_the_csv_crate_on_any_bytes(
        flags in any::<u8>(),
        size in any::<u8>(),
        input in prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(&b"\",;\t|\r\n\0a \xef\xbb\xbf\xff"[..]),
                1 => any::<u8>(),
            ],
            0..200,
        ),
    ) {
        checks::check_batch(&input, &checks::batch_options(flags, size));
    }
}

/// Any finite number, with the extremes and tiny values weighted up.
fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => -50.0..50.0f64,
        1 => prop::sample::select(&[f64::MAX, f64::MIN, 1e308, -1e308, 1e300, -1e300, 5e-324, 0.0][..]),
        1 => prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO,
    ]
}

/// A log-probability the loader accepts: in [MIN_LOG_PROB, 0], the bounds and tiny values
/// weighted up.
fn valid_log_prob() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => -60.0..=0.0f64,
        1 => MIN_LOG_PROB..=0.0f64,
        1 => prop::sample::select(&[0.0, -0.0, MIN_LOG_PROB, -5e-324, -1e-300, -9999.999][..]),
    ]
}

/// A log-probability the loader must refuse: positive, below [MIN_LOG_PROB], or not finite.
fn invalid_log_prob() -> impl Strategy<Value = f64> {
    prop_oneof![
        finite().prop_filter("out of range", |x| !(MIN_LOG_PROB..=0.0).contains(x)),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
    ]
}

/// The small seed model of the fuzzer (a version 1 file) with these parameters.
fn small_model_json(log_prob: &[f64], prior: (f64, f64), temperature: f64) -> String {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/model_loader/small.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(seed).unwrap()).unwrap();
    json["feature_log_prob"] = serde_json::json!([log_prob[..5], log_prob[5..]]);
    json["class_log_prior"] = serde_json::json!([prior.0, prior.1]);
    json["hyperparameters"]["temperature"] = serde_json::json!(temperature);
    // serde_json writes NaN and infinities as null, which the loader refuses too.
    json.to_string()
}

/// Log-weights turned into log-probabilities that sum to 1 (in probability).
fn normalised(weights: &[f64]) -> Vec<f64> {
    let max = weights.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let log_sum = max + weights.iter().map(|w| (w - max).exp()).sum::<f64>().ln();
    weights.iter().map(|w| (w - log_sum).min(0.0)).collect()
}

/// A log-weight whose normalised form stays in range: in [MIN_LOG_PROB + 2, 0], the bounds
/// and tiny values weighted up.
fn valid_log_weight() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => -60.0..=0.0f64,
        1 => (MIN_LOG_PROB + 2.0)..=0.0f64,
        1 => prop::sample::select(&[0.0, -0.0, MIN_LOG_PROB + 2.0, -5e-324, -1e-300][..]),
    ]
}

proptest! {
    #![proptest_config(cases(256))]

    /// Every model file with parameters in range (probabilities that sum to 1) loads, and
    /// gives probabilities: finite, summing to 1, whatever its parameters and the statement.
    #[test]
    fn accepted_models_give_probabilities(
        weights in prop::collection::vec(valid_log_weight(), 10),
        prior in (valid_log_weight(), valid_log_weight()),
        temperature in prop_oneof![0.001..100.0f64, 100.0..f64::MAX],
        text in cue_text_of(&["ceo", "department", "sprint", "team", "the"]),
    ) {
        let mut log_prob = normalised(&weights[..5]);
        log_prob.extend(normalised(&weights[5..]));
        let prior = normalised(&[prior.0, prior.1]);
        let json = small_model_json(&log_prob, (prior[0], prior[1]), temperature);
        let model = Model::from_json(&json, "generated.json");
        prop_assert!(model.is_ok(), "a valid model was refused: {:?}", model.err());
        if let Ok(model) = model {
            checks::check_classify(&Classifier::new(model), &text);
        }
    }

    /// A model file with one log-probability out of range is refused with a message, never
    /// accepted (its scores could be NaN).
    #[test]
    fn models_with_a_bad_log_probability_are_refused(
        log_prob in prop::collection::vec(valid_log_prob(), 10),
        prior in (valid_log_prob(), valid_log_prob()),
        bad in invalid_log_prob(),
        at in 0usize..12,
    ) {
        let (mut log_prob, mut prior) = (log_prob, prior);
        match at {
            10 => prior.0 = bad,
            11 => prior.1 = bad,
            i => log_prob[i] = bad,
        }
        let json = small_model_json(&log_prob, prior, 1.0);
        match Model::from_json(&json, "generated.json") {
            Ok(_) => prop_assert!(false, "a model with log-probability {bad} was accepted"),
            Err(e) => prop_assert!(e.to_string().starts_with("generated.json: "), "{e}"),
        }
    }

    /// A model file whose probabilities do not sum to 1 is refused and says so, even when
    /// every number is in range (a hand edit or a corrupted copy).
    #[test]
    fn models_whose_probabilities_do_not_sum_to_1_are_refused(
        weights in prop::collection::vec(valid_log_weight(), 10),
        skew in prop_oneof![-5.0..-0.01f64, 0.01..0.5f64],
        at in 0usize..12,
    ) {
        let mut log_prob = normalised(&weights[..5]);
        log_prob.extend(normalised(&weights[5..]));
        let mut prior = vec![0.5f64.ln(), 0.5f64.ln()];
        // Shift one number; a positive shift is capped at 0 (still in range, no longer a sum of 1
        // unless it was already 0, which `skew` cannot reach from 1 on the priors).
        match at {
            10 | 11 => prior[at - 10] = (prior[at - 10] + skew).min(0.0),
            i => log_prob[i] = (log_prob[i] + skew).clamp(MIN_LOG_PROB, 0.0),
        }
        let sums_to_1 = |lp: &[f64]| (lp.iter().map(|x| x.exp()).sum::<f64>() - 1.0).abs() <= 1e-6;
        prop_assume!(!(sums_to_1(&log_prob[..5]) && sums_to_1(&log_prob[5..]) && sums_to_1(&prior)));
        let json = small_model_json(&log_prob, (prior[0], prior[1]), 1.0);
        match Model::from_json(&json, "generated.json") {
            Ok(_) => prop_assert!(false, "an unnormalised model was accepted"),
            Err(e) => prop_assert!(e.to_string().contains("must sum to 1"), "{e}"),
        }
    }
}

/// Statements made of `words` (and awkward text).
fn cue_text_of(words: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(words).prop_map(str::to_owned), 1 => text()],
        1..12,
    )
    .prop_map(|t| t.join(" "))
}

// -----------------------------------------------------------------------------------------------
// Fuzzer regressions

/// Replays every file under `tests/fixtures/fuzz-regressions/<target>/` through `check`. A
/// missing or empty folder fails: a replay that checks nothing must not pass.
fn replay(target: &str, check: impl Fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz-regressions")
        .join(target);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (regression inputs expected)", dir.display()));
    let mut paths: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "{}: no regression inputs", dir.display());
    for path in &paths {
        let data = std::fs::read(path).unwrap();
        // Shown with the panic message when the check fails.
        eprintln!("replaying {}", path.display());
        check(&data);
    }
}

#[test]
fn fuzz_regressions_tokenizer() {
    replay("tokenizer", |d| {
        checks::check_tokenizer(&String::from_utf8_lossy(d))
    });
}

#[test]
fn fuzz_regressions_posting_parser() {
    replay("posting_parser", |d| {
        checks::check_posting(&String::from_utf8_lossy(d))
    });
}

#[test]
fn fuzz_regressions_model_loader() {
    replay("model_loader", |d| {
        checks::check_model_json(&String::from_utf8_lossy(d))
    });
}

#[test]
fn fuzz_regressions_batch_csv() {
    replay("batch_csv", |d| {
        let [flags, size, input @ ..] = d else {
            panic!("a batch_csv input starts with a flag byte and a size byte");
        };
        checks::check_batch(input, &checks::batch_options(*flags, *size));
    });
}

//! The invariants the fuzz targets check, in one place.
//!
//! Each `check_*` function panics when an invariant of the library breaks, so libFuzzer records
//! the input as a crash. `tests/properties.rs` includes this file by path (it cannot depend on
//! the fuzz crate, which is its own workspace), so proptest, the fuzzers and the regression
//! tests for saved crash inputs all check exactly the same things. Only `roleclass`, `csv`,
//! `serde_json` and `std` are used here: all three are dependencies of the main crate too.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;

use roleclass::batch::{
    run_batch, BatchError, BatchOptions, BatchSummary, ColumnSelector, OutputFormat, RowLabel,
    RowLabeler, ERROR_ROLE,
};
use roleclass::label::{Answer, Counts, Level};
use roleclass::model::{stages_agree, Classifier, Model, Prediction, Stage};
use roleclass::posting::{claimed_level, parse_posting, Posting};
use roleclass::text::{for_each_feature, for_each_token, tokens, FeatureBuffers, TokenizerConfig};

// -----------------------------------------------------------------------------------------------
// Tokenizer

/// `tokens` and `for_each_feature` never panic, for every configuration; tokens are non-empty
/// runs of alphanumeric characters (joined by `&` or `-` in abbreviations); tokenizing the space-joined tokens gives them back
/// (idempotence); the features are each token followed (with bigrams) by the pair it ends;
/// and, for ASCII text, the fast path
/// agrees with the Unicode path (appending a non-ASCII word moves the text onto that path and
/// must only add that word).
pub fn check_tokenizer(text: &str) {
    for config in TokenizerConfig::all() {
        let once = tokens(text, &config);
        for t in &once {
            assert!(!t.is_empty(), "empty token from {text:?} ({config:?})");
            // Alphanumeric runs, joined by `&` or `-` in abbreviations (`p&l`, `c-level`).
            assert!(
                t.split(['&', '-'])
                    .all(|run| !run.is_empty() && run.chars().all(char::is_alphanumeric)),
                "token {t:?} is not alphanumeric runs joined by & or -, from {text:?} ({config:?})"
            );
        }
        let twice = tokens(&once.join(" "), &config);
        assert_eq!(once, twice, "not idempotent on {text:?} ({config:?})");

        let mut streamed = Vec::new();
        for_each_token(text, &config, |t| streamed.push(t.to_owned()));
        assert_eq!(
            once, streamed,
            "for_each_token and tokens disagree on {text:?}"
        );

        let mut want: Vec<String> = Vec::new();
        for (i, token) in once.iter().enumerate() {
            want.push(token.clone());
            if config.bigrams && i > 0 {
                want.push(format!("{} {token}", once[i - 1]));
            }
        }
        let mut features = Vec::new();
        for_each_feature(text, &config, &mut FeatureBuffers::default(), |f| {
            features.push(f.to_owned())
        });
        assert_eq!(
            features, want,
            "features are not tokens and the pairs they end for {text:?} ({config:?})"
        );

        if text.is_ascii() {
            let mut with_word = once.clone();
            with_word.push("é".to_owned());
            assert_eq!(
                tokens(&format!("{text} é"), &config),
                with_word,
                "the ASCII fast path and the Unicode path disagree on {text:?} ({config:?})"
            );
        }
    }
}

// -----------------------------------------------------------------------------------------------
// Posting parser

/// The text the posting parser draws statements from (`posting::source_text`): an HTML
/// document's character data, otherwise the input with HTML entities decoded (named ones it
/// knows, decimal and hex numeric ones). The statements' letters and digits must be a
/// subsequence of this text's.
pub fn decode_entities(s: &str) -> String {
    roleclass::posting::source_text(s)
}

fn alnum(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The position in `hay` just past the match of `needle` as a subsequence, or the index in
/// `needle` of the first character that cannot be matched.
fn subsequence(needle: &[char], hay: &[char]) -> Result<(), usize> {
    let mut it = hay.iter();
    for (i, c) in needle.iter().enumerate() {
        if !it.any(|h| h == c) {
            return Err(i);
        }
    }
    Ok(())
}

/// Lines as the parser numbers them: split on `\n` when there is one, else on `\r`.
fn line_count(text: &str) -> usize {
    if text.contains('\n') {
        text.matches('\n').count() + 1
    } else {
        text.matches('\r').count() + 1
    }
}

/// The invariants of one parse of `text`.
pub fn check_posting_invariants(text: &str, p: &Posting) {
    let lines = line_count(text);
    let mut previous_line = 0;
    let mut letters = Vec::new();
    for s in &p.statements {
        assert!(!s.text.is_empty(), "empty statement from {text:?}");
        assert_eq!(s.text, s.text.trim(), "untrimmed statement from {text:?}");
        assert!(
            !s.text.contains("  ") && !s.text.contains(['\r', '\n', '\t']),
            "statement {:?} is not single-spaced on one line, from {text:?}",
            s.text
        );
        assert!(
            (1..=lines).contains(&s.line),
            "statement {:?} on line {} of a {lines}-line input {text:?}",
            s.text,
            s.line
        );
        assert!(
            s.line >= previous_line,
            "statements out of input order in {text:?}"
        );
        previous_line = s.line;
        letters.extend(alnum(&s.text));
    }
    // Never invents text: the statements' letters and digits appear, in order, in the input.
    let source = alnum(&decode_entities(text));
    if let Err(i) = subsequence(&letters, &source) {
        let texts: Vec<&str> = p.statements.iter().map(|s| s.text.as_str()).collect();
        panic!(
            "invented text: character {i} ({:?}) of the statements is not in the input, in order\n\
             input: {text:?}\nstatements: {texts:#?}",
            letters[i]
        );
    }
    for s in &p.skipped {
        assert!(
            !s.reason.is_empty(),
            "skipped {:?} without a reason",
            s.text
        );
        assert!(
            (1..=lines).contains(&s.line),
            "skipped {:?} on line {} of a {lines}-line input {text:?}",
            s.text,
            s.line
        );
    }
    match &p.title {
        Some(title) => assert_eq!(
            p.claimed_level,
            claimed_level(title),
            "claimed level does not match the title {title:?}"
        ),
        None => assert_eq!(p.claimed_level, Level::Unknown),
    }
}

/// `parse_posting` never panics and keeps its invariants, with and without a title override;
/// an override changes the title only (and the statements only when the title was a guess from
/// the first line), and a blank one changes nothing.
pub fn check_posting(text: &str) {
    let plain = parse_posting(text, None);
    check_posting_invariants(text, &plain);

    let blank = parse_posting(text, Some("  "));
    assert_eq!(
        blank, plain,
        "a blank title override changed the parse of {text:?}"
    );

    let overridden = parse_posting(text, Some("VP of Engineering"));
    check_posting_invariants(text, &overridden);
    assert_eq!(overridden.title.as_deref(), Some("VP of Engineering"));
    assert_eq!(overridden.claimed_level, Level::Vp);
    // The override changes the title only, except that a first line the parser only guessed
    // to be the title is content under an override (issue 12, item 7): then, and only then,
    // the override's parse has no `job title` line and its statements may differ.
    let is_title = |s: &roleclass::posting::Skipped| s.reason == "job title";
    let guessed = plain.skipped.iter().any(is_title) && !overridden.skipped.iter().any(is_title);
    if !guessed {
        assert_eq!(
            overridden.statements, plain.statements,
            "the title override changed the statements of {text:?}"
        );
    }
}

// -----------------------------------------------------------------------------------------------
// Model and classifier

/// A prediction's numbers are probabilities: finite, in range, consistent with the answer.
pub fn check_prediction(p: &Prediction, threshold: f64, text: &str) {
    let vp = p.probability_vp;
    let director = p.probability_director();
    assert!(
        vp.is_finite() && (0.0..=1.0).contains(&vp),
        "probability_vp {vp} for {text:?}: {p:?}"
    );
    assert!(
        director.is_finite() && (0.0..=1.0).contains(&director),
        "probability_director {director} for {text:?}: {p:?}"
    );
    assert!(
        (vp + director - 1.0).abs() <= 1e-12,
        "probabilities do not sum to 1 for {text:?}: {p:?}"
    );
    assert!(
        p.confidence.is_finite() && (0.5..=1.0).contains(&p.confidence),
        "confidence {} for {text:?}: {p:?}",
        p.confidence
    );
    let agreed = stages_agree(p.log_odds, p.cue_log_odds);
    match p.answer {
        Answer::Unsure => assert!(
            p.cues == 0 || agreed.is_none() || p.confidence < threshold,
            "{p:?}"
        ),
        Answer::Vp => assert!(
            p.cues > 0 && agreed == Some(Answer::Vp) && p.confidence >= threshold && vp > 0.5,
            "{p:?}"
        ),
        Answer::Director => {
            assert!(
                p.cues > 0
                    && agreed == Some(Answer::Director)
                    && p.confidence >= threshold
                    && vp <= 0.5,
                "{p:?}"
            )
        }
    }
}

/// Classify `text` and check the prediction and the explanation.
pub fn check_classify(classifier: &Classifier, text: &str) {
    let p = classifier.classify(text);
    check_prediction(&p, classifier.threshold(), text);
    let counts = classifier.counts(text, Stage::Cues);
    assert_eq!(counts.len(), classifier.model().cues.vocabulary.len());
    let cues: f64 = counts.iter().sum();
    assert_eq!(cues, f64::from(p.cues), "cue count of {text:?}");
    let explanation = classifier.explain(text);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()));
    assert!(
        close(explanation.log_odds(), p.log_odds),
        "the explanation of {text:?} does not add up: {} vs {}",
        explanation.log_odds(),
        p.log_odds
    );
    assert!(
        close(explanation.cue_log_odds, p.cue_log_odds),
        "the explanation of {text:?} has other cue log-odds"
    );
    assert!(
        explanation
            .terms
            .iter()
            .filter(|t| t.cue)
            .map(|t| t.count)
            .sum::<u32>()
            <= p.cues,
        "the explanation of {text:?} shows more cues than were counted"
    );
}

/// Statements to score with a fuzzed model: fixed ones, the input itself, and runs of the
/// model's own vocabulary (so that its terms, and their weights, are actually used).
fn probe_texts(model: &Model, input: &str) -> Vec<String> {
    let mut texts: Vec<String> = [
        "",
        "Own the department budget and report to the CEO",
        "Run sprint retrospectives with the team leads",
        "Führt das Team — Überblick über Ziele",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    texts.push(input.chars().take(4096).collect());
    let vocab: Vec<&str> = model
        .cues
        .vocabulary
        .iter()
        .take(256)
        .map(String::as_str)
        .collect();
    texts.push(vocab.join(" "));
    texts.push(vocab.iter().rev().copied().collect::<Vec<_>>().join(" "));
    texts.push(vocab.join(" . "));
    texts
}

/// `Model::from_json` returns a result, never panics; an accepted model builds a classifier
/// whose answers are probabilities, and writes back to a file that loads again.
pub fn check_model_json(json: &str) {
    let Ok(model) = Model::from_json(json, "fuzz.json") else {
        return;
    };
    let classifier = Classifier::new(model.clone());
    for text in probe_texts(&model, json) {
        check_classify(&classifier, &text);
    }
    let written = model.to_json().expect("an accepted model serializes");
    if let Err(e) = Model::from_json(&written, "rewritten.json") {
        panic!("an accepted model does not load after writing it back: {e}");
    }
}

// -----------------------------------------------------------------------------------------------
// Batch

/// A labeler that needs no model: role and confidence are a hash of the statement, with many
/// confidences exactly on a rounding tie of the third decimal.
pub struct HashLabeler;

/// The label [`HashLabeler`] gives `statement`.
pub fn hash_label(statement: &str) -> RowLabel {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in statement.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let role = Answer::ALL[(h % 3) as usize];
    let confidence = if h & 8 == 0 {
        ((h >> 8) % 2001) as f64 / 2000.0
    } else {
        ((h >> 8) as u32) as f64 / f64::from(u32::MAX)
    };
    RowLabel { role, confidence }
}

impl RowLabeler for HashLabeler {
    fn label(&self, statement: &str) -> RowLabel {
        hash_label(statement)
    }
}

/// Options for one fuzzed batch run, decoded from one flag byte and one size byte.
pub fn batch_options(flags: u8, size: u8) -> BatchOptions {
    let has_header = flags & 1 != 0;
    let column = if flags & 0x80 != 0 {
        ColumnSelector::Name("text".to_owned())
    } else {
        ColumnSelector::Index(usize::from((flags >> 5) & 3))
    };
    BatchOptions {
        column,
        has_header,
        delimiter: [b',', b';', b'\t', b'|'][usize::from((flags >> 3) & 3)],
        format: if flags & 2 != 0 {
            OutputFormat::Jsonl
        } else {
            OutputFormat::Csv
        },
        threads: if flags & 4 != 0 { 2 } else { 1 },
        chunk_bytes: 16 + usize::from(size) * 4,
        keep_going: false,
        ..BatchOptions::default()
    }
}

/// Run a batch on in-memory input; a panic caught inside the engine is re-raised.
pub fn run(
    input: &[u8],
    labeler: &dyn RowLabeler,
    opts: &BatchOptions,
) -> (Result<BatchSummary, BatchError>, Vec<u8>) {
    let mut out = Vec::new();
    let cancel = AtomicBool::new(false);
    let result = run_batch(input, &mut out, labeler, opts, &mut |_, _| {}, &cancel);
    match &result {
        Err(BatchError::LabelerPanicked(message)) => {
            panic!("the batch engine panicked: {message}")
        }
        Err(
            e @ (BatchError::Io { .. } | BatchError::Interrupted | BatchError::InvalidOptions(_)),
        ) => {
            panic!("unexpected batch error on in-memory input: {e}")
        }
        _ => {}
    }
    (result, out)
}

/// The records of `data` as the `csv` crate reads them (no header, any field count).
pub fn csv_records(data: &[u8], delimiter: u8) -> Vec<csv::ByteRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(data);
    reader
        .byte_records()
        .collect::<Result<_, _>>()
        .expect("the csv crate reads any bytes from memory")
}

fn fields(record: &csv::ByteRecord) -> Vec<Vec<u8>> {
    record.iter().map(<[u8]>::to_vec).collect()
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One output row, split into the input's fields and the two added values.
pub struct OutRow {
    /// The fields of the input record, as written back.
    pub fields: Vec<Vec<u8>>,
    /// The role column (`director`, `vp`, `unsure` or `error`).
    pub role: String,
    /// The confidence column as written (`""` or `null` for a bad row).
    pub confidence: String,
}

/// Parse a batch output (CSV or JSON Lines) into its rows, after the header for CSV.
/// `names` are the JSON keys of the input fields.
pub fn parse_output(
    out: &[u8],
    opts: &BatchOptions,
    names: &[String],
) -> (Option<Vec<Vec<u8>>>, Vec<OutRow>) {
    match opts.format {
        OutputFormat::Csv => {
            let mut records = csv_records(out, opts.delimiter).into_iter();
            let header = if opts.has_header {
                Some(fields(&records.next().expect("the header row is written")))
            } else {
                None
            };
            // The role and confidence columns come where the first record ends, in every row
            // (a bad row's extra fields come after them).
            let mut width = header.as_ref().map(|h| h.len().saturating_sub(2));
            let rows = records
                .map(|r| {
                    let mut f = fields(&r);
                    let at = *width.get_or_insert(f.len().saturating_sub(2));
                    assert!(
                        f.len() >= at + 2,
                        "output row without role and confidence: {f:?}"
                    );
                    let confidence = lossy(&f.remove(at + 1));
                    let role = lossy(&f.remove(at));
                    OutRow {
                        fields: f,
                        role,
                        confidence,
                    }
                })
                .collect();
            (header, rows)
        }
        OutputFormat::Jsonl => {
            let text = std::str::from_utf8(out).expect("JSON Lines output is UTF-8");
            assert!(
                text.is_empty() || text.ends_with('\n'),
                "unterminated JSON line"
            );
            let rows = text
                .lines()
                .map(|line| {
                    let value: serde_json::Value = serde_json::from_str(line)
                        .unwrap_or_else(|e| panic!("bad JSON line {line:?}: {e}"));
                    let object = value.as_object().expect("each line is a JSON object");
                    let role = object[&opts.role_column]
                        .as_str()
                        .expect("role is a string")
                        .to_owned();
                    // Numbers are compared as written with three decimals ("0.940" reads as 0.94).
                    let confidence = match &object[&opts.confidence_column] {
                        serde_json::Value::Number(n) => {
                            format!("{:.3}", n.as_f64().expect("a finite number"))
                        }
                        other => other.to_string(),
                    };
                    let mut f = Vec::new();
                    for name in names {
                        match object.get(name) {
                            Some(v) => {
                                f.push(v.as_str().expect("fields are strings").as_bytes().to_vec())
                            }
                            None => break,
                        }
                    }
                    OutRow {
                        fields: f,
                        role,
                        confidence,
                    }
                })
                .collect();
            (None, rows)
        }
    }
}

/// Everything a successful run must satisfy: one output row per input record, in order, with
/// every field unchanged, the labeler's role and confidence (or `error` for a bad row, only
/// with `keep_going`), and counts that add up.
pub fn check_batch_output(
    input: &[u8],
    out: &[u8],
    opts: &BatchOptions,
    summary: &BatchSummary,
    labeler: &dyn RowLabeler,
) {
    let mut records: Vec<Vec<Vec<u8>>> = csv_records(input, opts.delimiter)
        .iter()
        .map(fields)
        .collect();
    assert!(
        !records.is_empty(),
        "a run succeeded on input without records"
    );
    let first = records[0].clone();
    if opts.has_header {
        records.remove(0);
    }
    let width = first.len();
    let statement = match &opts.column {
        ColumnSelector::Index(i) => *i,
        ColumnSelector::Name(name) => {
            roleclass::data::match_column(first.iter().map(Vec::as_slice), name)
                .expect("the named column exists")
        }
    };
    // JSON keys: header names, or column_<i>. Compare fields only when the keys are distinct.
    let mut names: Vec<String> = if opts.has_header {
        first.iter().map(|f| lossy(f)).collect()
    } else {
        (0..width).map(|i| format!("column_{i}")).collect()
    };
    let unique: HashSet<&String> = names.iter().collect();
    let json_fields_comparable = unique.len() == names.len()
        && !names.contains(&opts.role_column)
        && !names.contains(&opts.confidence_column);
    if !json_fields_comparable {
        names.clear();
    }

    let (header, rows) = parse_output(out, opts, &names);
    if let Some(header) = header {
        let mut want = first.clone();
        want.push(opts.role_column.as_bytes().to_vec());
        want.push(opts.confidence_column.as_bytes().to_vec());
        assert_eq!(header, want, "header row changed");
    }
    assert_eq!(
        rows.len(),
        records.len(),
        "{} output rows for {} input records",
        rows.len(),
        records.len()
    );
    assert_eq!(summary.rows, records.len() as u64, "summary.rows");
    let (mut answers, mut errors) = (Counts::default(), 0);
    let last = records.len().saturating_sub(1);
    for (i, (row, record)) in rows.iter().zip(&records).enumerate() {
        match opts.format {
            OutputFormat::Csv if record.len() < width => {
                // A short bad row is padded up to the role column.
                let mut padded = record.clone();
                padded.resize(width, Vec::new());
                assert_eq!(row.fields, padded, "fields of row {i} changed");
            }
            OutputFormat::Csv => assert_eq!(&row.fields, record, "fields of row {i} changed"),
            OutputFormat::Jsonl if json_fields_comparable && record.len() == width => {
                let want: Vec<Vec<u8>> = record.iter().map(|f| lossy(f).into_bytes()).collect();
                assert_eq!(row.fields, want, "fields of JSON row {i} changed");
            }
            OutputFormat::Jsonl => {}
        }
        // A row is bad when its width differs from the first record's, or its statement is not
        // UTF-8 or holds a NUL byte (binary data), or (JSON Lines, which can only carry text)
        // another field is not UTF-8.
        let text_fields = opts.format == OutputFormat::Csv
            || record.iter().all(|f| std::str::from_utf8(f).is_ok());
        let good_text = (record.len() == width && text_fields)
            .then(|| std::str::from_utf8(&record[statement]).ok())
            .flatten()
            .filter(|text| !text.contains('\0'));
        if row.role == ERROR_ROLE {
            errors += 1;
            assert!(opts.keep_going, "a bad row was written without keep_going");
            // Bad: see above, or a quote left open at the end of the input.
            assert!(
                good_text.is_none() || i == last,
                "row {i} ({record:?}) is fine but was written as an error"
            );
            let empty = match opts.format {
                OutputFormat::Csv => "",
                OutputFormat::Jsonl => "null",
            };
            assert_eq!(row.confidence, empty, "confidence of a bad row");
            continue;
        }
        let text =
            good_text.unwrap_or_else(|| panic!("row {i} ({record:?}) is bad but was labeled"));
        let label = labeler.label(text);
        assert_eq!(row.role, label.role.as_str(), "role of row {i}");
        assert_eq!(
            row.confidence,
            format!("{:.3}", label.confidence),
            "confidence of row {i}"
        );
        answers.add(label.role);
    }
    assert_eq!(
        (summary.answers, summary.errors),
        (answers, errors),
        "summary counts"
    );
}

/// Run `input` through the batch engine with [`HashLabeler`], with and without `keep_going`:
/// never a panic; every successful run passes [`check_batch_output`]; the output does not
/// depend on the chunk size or the number of threads; and `keep_going` can only turn a
/// failure into a success, never the other way.
pub fn check_batch(input: &[u8], opts: &BatchOptions) {
    let labeler = HashLabeler;
    let mut strict_ok = None;
    for keep_going in [false, true] {
        let opts = BatchOptions {
            keep_going,
            ..opts.clone()
        };
        let (result, out) = run(input, &labeler, &opts);
        let reference_opts = BatchOptions {
            threads: 1,
            chunk_bytes: 1 << 20,
            ..opts.clone()
        };
        let (reference, reference_out) = run(input, &labeler, &reference_opts);
        match (&result, &reference) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "the summary depends on chunking");
                assert!(out == reference_out, "the output depends on chunking");
            }
            (Err(a), Err(b)) => assert_eq!(
                a.to_string(),
                b.to_string(),
                "the error depends on chunking"
            ),
            _ => panic!("chunking changes the outcome: {result:?} vs {reference:?}"),
        }
        match result {
            Ok(summary) => {
                check_batch_output(input, &out, &opts, &summary, &labeler);
                if !keep_going {
                    strict_ok = Some(summary);
                }
            }
            Err(e) => {
                if keep_going {
                    assert!(
                        strict_ok.is_none(),
                        "keep_going failed where a strict run succeeded: {e}"
                    );
                    assert!(
                        !matches!(e, BatchError::BadRow { .. }) || bad_first_record(input, &opts),
                        "keep_going stopped on a bad row after the first record: {e}"
                    );
                }
            }
        }
    }
}

/// The first record is unusable: its quote is never closed, so it runs to the end of the input
/// (the header, or without a header the first row, which gives the field count).
fn bad_first_record(input: &[u8], opts: &BatchOptions) -> bool {
    csv_records(input, opts.delimiter).len() == 1
}

//! Embeds the default model in a form that loads in a fraction of a millisecond.
//!
//! `models/roleclass.json` is the model file (readable, diffable, what `train` writes and
//! every test checks). Parsing its megabyte of pretty-printed JSON, 90,000 decimal floats and
//! 11,000 strings would cost several milliseconds at every start of the binary, so the build
//! splits the same document in two:
//!
//! - a *head*: the JSON document with each naive Bayes stage's `vocabulary`, `feature_count`
//!   and `feature_log_prob` emptied (small: settings, priors, the model card);
//! - a *tail* with those arrays in binary: per stage (cues, then ranking when present) the
//!   number of terms as a little-endian `u32`, each term as a `u16` length and its UTF-8 bytes,
//!   then the four `f64` arrays (counts director, counts vp, log-probabilities director,
//!   log-probabilities vp) as little-endian bits.
//!
//! Layout of the embedded blob: `u32` head length, head, tail. The numbers are the same bits:
//! the JSON is read with exact float round-tripping. `Model::embedded` reads it back, and a
//! test checks that the embedded model equals the JSON file.
//!
//! It also writes `tables.rs`, the classifier's lookup tables for the same model as static
//! arrays (included by `src/model/embedded.rs`), built by `Tables::build` in
//! `src/model/tables.rs`, which this script includes: the code `Classifier::new` runs at run
//! time. `Classifier::embedded` so scores without decoding or building anything, and a test
//! checks the static tables equal the ones built at run time.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::Value;

#[allow(dead_code, reason = "the lookups are for the library")]
#[path = "src/model/lookup.rs"]
mod lookup;
#[allow(dead_code, reason = "the lookups are for the library")]
#[path = "src/model/tables.rs"]
mod tables;

fn main() {
    let source = "models/roleclass.json";
    println!("cargo:rerun-if-changed={source}");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=src/model/lookup.rs");
    println!("cargo:rerun-if-changed=src/model/tables.rs");
    let json = std::fs::read_to_string(source).expect("models/roleclass.json is readable");
    let mut head: Value = serde_json::from_str(&json).expect("models/roleclass.json is JSON");
    let tables = write_tables(&head);
    std::fs::write(out.join("tables.rs"), tables).expect("OUT_DIR is writable");
    let mut tail = Vec::new();
    for stage in ["cues", "ranking"] {
        let Some(stage) = head.get_mut(stage).filter(|s| s.is_object()) else {
            continue;
        };
        let vocabulary = take_array(stage, "vocabulary");
        tail.extend((vocabulary.len() as u32).to_le_bytes());
        for term in &vocabulary {
            let term = term.as_str().expect("terms are strings").as_bytes();
            tail.extend((term.len() as u16).to_le_bytes());
            tail.extend(term);
        }
        for field in ["feature_count", "feature_log_prob"] {
            let per_class = take_array(stage, field);
            assert_eq!(per_class.len(), 2, "{field} has two classes");
            stage[field] = Value::Array(vec![Value::Array(vec![]), Value::Array(vec![])]);
            for class in per_class {
                let numbers = class.as_array().expect("per-class arrays");
                assert_eq!(
                    numbers.len(),
                    vocabulary.len(),
                    "{field} matches the vocabulary"
                );
                for number in numbers {
                    let number = number.as_f64().expect("numbers");
                    tail.extend(number.to_bits().to_le_bytes());
                }
            }
        }
        stage["vocabulary"] = Value::Array(vec![]);
    }
    let head = serde_json::to_vec(&head).expect("the head encodes");
    let mut blob = (head.len() as u32).to_le_bytes().to_vec();
    blob.extend(head);
    blob.extend(tail);
    std::fs::write(out.join("roleclass.model"), blob).expect("OUT_DIR is writable");
}

/// One naive Bayes stage of the model file, as `Tables::build` reads it.
struct Stage {
    vocabulary: Vec<String>,
    feature_log_prob: [Vec<f64>; 2],
    prior_log_odds: f64,
}

impl Stage {
    fn read(stage: &Value) -> Stage {
        let numbers = |value: &Value| -> Vec<f64> {
            let numbers = value.as_array().expect("arrays of numbers");
            numbers
                .iter()
                .map(|n| n.as_f64().expect("numbers"))
                .collect()
        };
        let vocabulary = stage["vocabulary"].as_array().expect("a vocabulary");
        let vocabulary = vocabulary
            .iter()
            .map(|t| t.as_str().expect("terms").to_owned());
        let priors = numbers(&stage["class_log_prior"]);
        Stage {
            vocabulary: vocabulary.collect(),
            feature_log_prob: [
                numbers(&stage["feature_log_prob"][0]),
                numbers(&stage["feature_log_prob"][1]),
            ],
            prior_log_odds: priors[1] - priors[0],
        }
    }

    fn terms(&self) -> tables::StageTerms<'_> {
        tables::StageTerms {
            vocabulary: &self.vocabulary,
            feature_log_prob: [&self.feature_log_prob[0], &self.feature_log_prob[1]],
            prior_log_odds: self.prior_log_odds,
        }
    }
}

/// The Rust source of the embedded model's tables (see `src/model/embedded.rs`).
fn write_tables(model: &Value) -> String {
    assert_eq!(
        model["classes"],
        serde_json::json!(["director", "vp"]),
        "the tables take class 0 for director and 1 for vp"
    );
    let cues = Stage::read(&model["cues"]);
    let ranking = model
        .get("ranking")
        .filter(|s| s.is_object())
        .map(Stage::read);
    let t = tables::Tables::build(cues.terms(), ranking.as_ref().map(Stage::terms));
    let head = serde_json::json!({
        "tokenizer": model["tokenizer"],
        "hyperparameters": model["hyperparameters"],
    });
    let mut out = String::new();
    let o = &mut out;
    writeln!(
        o,
        "// Generated by build.rs from models/roleclass.json: do not edit."
    )
    .unwrap();
    writeln!(o, "const SCORING_HEAD: &str = {:?};", head.to_string()).unwrap();
    let (short_keys, short_values, short_len) = t.short_ids.slots();
    let (bigram_keys, bigram_values, bigram_len) = t.bigram.slots();
    writeln!(
        o,
        "pub(crate) fn tables() -> Tables {{ Tables {{ \
         short_ids: ProbeTable::frozen(&SHORT_KEYS, &SHORT_VALUES, {short_len}), \
         long_ids: Cow::Borrowed(&LONG_IDS), longest_long: {}, tokens: Cow::Borrowed(&TOKENS), \
         bigram: ProbeTable::frozen(&BIGRAM_KEYS, &BIGRAM_VALUES, {bigram_len}), \
         features: Cow::Borrowed(&FEATURES), ranking_prior: f64::from_bits({:#x}), \
         cue_prior: f64::from_bits({:#x}) }} }}",
        t.longest_long,
        t.ranking_prior.to_bits(),
        t.cue_prior.to_bits(),
    )
    .unwrap();
    let array = |o: &mut String, name: &str, ty: &str, items: Vec<String>| {
        writeln!(o, "static {name}: [{ty}; {}] = [", items.len()).unwrap();
        for line in items.chunks(8) {
            writeln!(o, "{},", line.join(", ")).unwrap();
        }
        writeln!(o, "];").unwrap();
    };
    let hex = |n: u128| {
        if n == 0 {
            "0".to_owned()
        } else {
            format!("{n:#x}")
        }
    };
    let bits = |x: f64| hex(u128::from(x.to_bits()));
    array(
        o,
        "SHORT_KEYS",
        "u128",
        short_keys.iter().map(|&k| hex(k)).collect(),
    );
    array(
        o,
        "SHORT_VALUES",
        "u32",
        short_values.iter().map(u32::to_string).collect(),
    );
    array(
        o,
        "BIGRAM_KEYS",
        "u64",
        bigram_keys.iter().map(|&k| hex(k.into())).collect(),
    );
    array(
        o,
        "BIGRAM_VALUES",
        "u32",
        bigram_values.iter().map(u32::to_string).collect(),
    );
    let long_ids = t
        .long_ids
        .iter()
        .map(|l| format!("long({:?}, {})", l.text, l.id));
    array(o, "LONG_IDS", "LongToken", long_ids.collect());
    let tokens = t.tokens.iter().map(|t| {
        format!(
            "token({}, {}, {}, {}, {}, {})",
            bits(t.ranking),
            bits(t.cue),
            t.unigram,
            t.cue_count,
            t.starts_bigram,
            t.ends_bigram
        )
    });
    array(o, "TOKENS", "TokenInfo", tokens.collect());
    let features = t.features.iter().map(|f| {
        format!(
            "feature({}, {}, {}, {})",
            bits(f.ranking),
            bits(f.cue),
            f.ranking_index,
            f.cue_index
        )
    });
    array(o, "FEATURES", "FeatureWeights", features.collect());
    out
}

fn take_array(stage: &mut Value, field: &str) -> Vec<Value> {
    match stage.get_mut(field).map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => panic!("a model stage has an array `{field}`"),
    }
}

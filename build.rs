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

use std::path::PathBuf;

use serde_json::Value;

fn main() {
    let source = "models/roleclass.json";
    println!("cargo:rerun-if-changed={source}");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let json = std::fs::read_to_string(source).expect("models/roleclass.json is readable");
    let mut head: Value = serde_json::from_str(&json).expect("models/roleclass.json is JSON");
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

fn take_array(stage: &mut Value, field: &str) -> Vec<Value> {
    match stage.get_mut(field).map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => panic!("a model stage has an array `{field}`"),
    }
}

//! Criterion benches of the in-process hot path (issue 7): tokenisation, scoring one statement,
//! explaining one, a 10,000-statement chunk of a batch, and loading the embedded model.
//!
//! Run with `cargo bench --bench classify` (add `-- <filter>` to pick benches, e.g.
//! `-- classify_in`). `cargo test` builds but does not run this file (bench targets are not
//! tested by default), and under `cargo test --benches` criterion runs each bench once as a
//! smoke test. Timings are kept short (small samples, 2 s per bench) so the whole suite takes
//! about a minute on the 2-core development machine.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use roleclass::model::{Classifier, Model};
use roleclass::text;

/// An 8-word statement with a cue ("department", "budget").
const SHORT: &str = "Manages the engineering department budget and hiring plan";

/// Sentences recombined into the 200-word statement: typical posting wording with cues of
/// both levels and plenty of generic words.
const SENTENCES: &[&str] = &[
    "Owns the engineering department budget and reports progress to the CEO and the board.",
    "Runs sprint planning with the team, tracks velocity and keeps the bug backlog under control.",
    "Works with product managers to prioritize the team's projects for the next quarter.",
    "Sets the multi-year technology strategy and presents it to investors and executives.",
    "Hires, coaches and grows engineering managers across several teams in the organization.",
    "Partners with customers on escalations, reviews downtime incidents and drives ROI.",
    "Reviews code, unblocks engineers and makes sure releases ship on schedule every week.",
    "Builds a culture of ownership, feedback and continuous improvement in the whole company.",
];

/// The training file, for a realistic chunk of statements.
const TASKS_CSV: &str = include_str!("../training/tasks.csv");

/// Statements in a batch chunk.
const CHUNK: usize = 10_000;

/// A deterministic statement of exactly `words` words, built from [`SENTENCES`].
fn statement_of(words: usize) -> String {
    let out: Vec<&str> = SENTENCES
        .iter()
        .cycle()
        .flat_map(|s| s.split_whitespace())
        .take(words)
        .collect();
    out.join(" ")
}

/// `CHUNK` statements: the training file's texts, cycled.
fn chunk() -> Vec<String> {
    let mut reader = csv::Reader::from_reader(TASKS_CSV.as_bytes());
    let texts: Vec<String> = reader
        .records()
        .map(|r| r.expect("training/tasks.csv parses")[0].to_owned())
        .collect();
    assert!(!texts.is_empty());
    texts.iter().cycle().take(CHUNK).cloned().collect()
}

fn classifier() -> Classifier {
    Classifier::new(Model::embedded().expect("the embedded model loads"))
}

fn inputs() -> [(&'static str, String); 2] {
    let long = statement_of(200);
    assert_eq!(SHORT.split_whitespace().count(), 8);
    assert_eq!(long.split_whitespace().count(), 200);
    [("short", SHORT.to_owned()), ("long", long)]
}

fn tokenize(c: &mut Criterion) {
    let config = classifier().model().tokenizer;
    let mut group = c.benchmark_group("tokenize");
    group.throughput(Throughput::Elements(1));
    for (name, text) in inputs() {
        let mut buffer = String::new();
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut bytes = 0usize;
                text::for_each_token_in(black_box(&text), &config, &mut buffer, |token| {
                    bytes += token.len();
                });
                bytes
            })
        });
    }
    group.finish();
}

fn classify_in(c: &mut Criterion) {
    let classifier = classifier();
    let mut group = c.benchmark_group("classify_in");
    group.throughput(Throughput::Elements(1));
    for (name, text) in inputs() {
        let mut buffer = String::new();
        group.bench_function(name, |b| {
            b.iter(|| classifier.classify_in(black_box(&text), &mut buffer))
        });
    }
    group.finish();
}

fn explain(c: &mut Criterion) {
    let classifier = classifier();
    let mut group = c.benchmark_group("explain");
    group.throughput(Throughput::Elements(1));
    for (name, text) in inputs() {
        group.bench_function(name, |b| b.iter(|| classifier.explain(black_box(&text))));
    }
    group.finish();
}

fn batch_chunk(c: &mut Criterion) {
    let classifier = classifier();
    let statements = chunk();
    let mut group = c.benchmark_group("batch_chunk");
    group.throughput(Throughput::Elements(CHUNK as u64));
    group.bench_function("classify_in_10k", |b| {
        let mut buffer = String::new();
        b.iter(|| {
            let mut vp = 0usize;
            for text in &statements {
                let prediction = classifier.classify_in(black_box(text), &mut buffer);
                vp += usize::from(prediction.probability_vp > 0.5);
            }
            vp
        })
    });
    group.finish();
}

fn model_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("model_load");
    group.bench_function("embedded_parse", |b| {
        b.iter(|| Model::embedded().expect("the embedded model loads"))
    });
    group.bench_function("classifier_new", |b| {
        b.iter_batched(
            || Model::embedded().expect("the embedded model loads"),
            Classifier::new,
            BatchSize::SmallInput,
        )
    });
    group.bench_function("embedded_and_classifier", |b| b.iter(classifier));
    // What `classify` on the embedded model does: the tables were built at compile time.
    group.bench_function("classifier_embedded", |b| {
        b.iter(|| Classifier::embedded().expect("the embedded classifier loads"))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = tokenize, classify_in, explain, batch_chunk, model_load
}
criterion_main!(benches);

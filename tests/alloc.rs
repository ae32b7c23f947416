//! The scoring hot path allocates nothing per statement (issue 7).
//!
//! A counting `#[global_allocator]` wraps the system allocator. Counting is per thread (a
//! `const` thread-local flag and counter, which themselves never allocate), so the test
//! harness's own threads cannot disturb the figure. After one warm-up pass that grows the
//! caller's scratch buffer, classifying ASCII statements must perform zero allocations.

// The counting allocator is the one place that needs `unsafe` (see [lints] in Cargo.toml).
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use roleclass::model::{Classifier, Model};

struct CountingAlloc;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn note_allocation() {
    // `try_with`: the allocator can run while thread-locals are being torn down.
    let _ = COUNTING.try_with(|counting| {
        if counting.get() {
            let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        }
    });
}

// SAFETY: every call is forwarded unchanged to `System`; the bookkeeping touches only
// `const`-initialised thread-locals, which neither allocate nor re-enter the allocator.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_allocation();
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Allocations (alloc, alloc_zeroed, realloc) made by this thread while `f` runs.
fn allocations_in<T>(f: impl FnOnce() -> T) -> (T, u64) {
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|c| c.set(true));
    let out = f();
    COUNTING.with(|c| c.set(false));
    (out, ALLOCATIONS.with(Cell::get))
}

/// ASCII statements, short and long, with cue words, generic words, punctuation, digits,
/// stop words, stemmable plurals, and one with no word at all.
fn statements() -> Vec<String> {
    let mut out: Vec<String> = [
        "Manages the engineering department budget and hiring plan",
        "Reports to the CEO",
        "Runs sprint planning",
        "Sets the multi-year technology strategy; presents it to investors & the board (Q3).",
        "Owns ROI, downtime and the $12M budget, e.g. for 2025's roadmap.",
        "Hires engineers for the team",
        "Coaches engineering managers across teams, processes and strategies",
        "...",
        "",
        "x",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let long: Vec<&str> = [
        "Owns the engineering department budget and reports progress to the CEO and board.",
        "Runs sprint planning with the team, tracks velocity and keeps the bug backlog small.",
        "Works with product managers to prioritize the team's projects for the next quarter.",
        "Sets the multi-year technology strategy and presents it to investors and executives.",
    ]
    .iter()
    .cycle()
    .flat_map(|s| s.split_whitespace())
    .take(200)
    .collect();
    out.push(long.join(" "));
    // A very long token, longer than any warm-up token but the one above.
    out.push(format!("Manages {} budget", "a".repeat(300)));
    out
}

#[test]
fn classify_in_allocates_nothing_per_statement_once_warm() {
    let classifier = Classifier::new(Model::embedded().expect("the embedded model loads"));
    let statements = statements();
    assert!(statements.iter().all(|s| s.is_ascii()));

    let mut buffer = String::new();
    for text in &statements {
        classifier.classify_in(text, &mut buffer);
    }

    let mut allocating = Vec::new();
    for text in &statements {
        // Several rounds per statement, in case anything is cached lazily.
        let (_, count) = allocations_in(|| {
            for _ in 0..3 {
                std::hint::black_box(
                    classifier.classify_in(std::hint::black_box(text), &mut buffer),
                );
            }
        });
        if count > 0 {
            allocating.push((count, text.clone()));
        }
    }
    assert!(
        allocating.is_empty(),
        "classify_in allocated with a warm buffer (allocations over 3 calls, statement): {allocating:?}"
    );
}

#[test]
fn classify_allocates_nothing_per_statement_once_its_thread_buffer_is_warm() {
    // `classify` keeps its scratch buffer in a thread-local: after the first calls on a
    // thread, it must not allocate either.
    let classifier = Classifier::new(Model::embedded().expect("the embedded model loads"));
    let statements = statements();
    for text in &statements {
        classifier.classify(text);
    }
    let mut allocating = Vec::new();
    for text in &statements {
        let (_, count) = allocations_in(|| {
            for _ in 0..3 {
                std::hint::black_box(classifier.classify(std::hint::black_box(text)));
            }
        });
        if count > 0 {
            allocating.push((count, text.clone()));
        }
    }
    assert!(
        allocating.is_empty(),
        "classify allocated once warm (allocations over 3 calls, statement): {allocating:?}"
    );
}

#[test]
fn classify_in_results_do_not_depend_on_the_buffer() {
    // The scratch buffer is only scratch: a fresh buffer and a reused one give equal results.
    let classifier = Classifier::new(Model::embedded().expect("the embedded model loads"));
    let mut reused = String::from("leftover text from an earlier statement");
    for text in statements() {
        let fresh = classifier.classify_in(&text, &mut String::new());
        assert_eq!(
            classifier.classify_in(&text, &mut reused),
            fresh,
            "{text:?}"
        );
        assert_eq!(classifier.classify(&text), fresh, "{text:?}");
    }
}

#[test]
fn counting_allocator_sees_allocations() {
    // Guards the test above against a counter that never counts.
    let (_, count) = allocations_in(|| std::hint::black_box(vec![1u8; 64]));
    assert!(count >= 1);
    let classifier = Classifier::new(Model::embedded().expect("the embedded model loads"));
    let (_, count) = allocations_in(|| {
        std::hint::black_box(
            // The fast path copies the statement into the buffer.
            classifier.classify_in(
                "Manages the internationalization budget",
                &mut String::new(),
            ),
        )
    });
    assert!(count >= 1, "a cold buffer must grow at least once");
}

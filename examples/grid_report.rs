//! Model-selection report: run the cross-validated search over a grid given on the command
//! line, then fit every point and show its cross-validated, held-out and (optionally) real
//! development-set figures side by side, so that a choice made with any of them in view shows
//! what it costs on the others.
//!
//! ```sh
//! cargo run --release --example grid_report -- \
//!     --min-log-ratio 0.8,1.2,1.6 --max-generic -1.5,-1 --alpha 0.1,0.3 \
//!     --ranking-alpha 0.3,1 --tokenizers all --real ../shared/realdev/lines.csv
//! ```

use std::path::PathBuf;

use roleclass::data::read_labeled;
use roleclass::eval::{format_figure as f, Figures};
use roleclass::model::{fit_model, Classifier, ModelCard, ModelSpec};
use roleclass::select::{search, Grid, SearchSettings};
use roleclass::text::TokenizerConfig;

fn list(value: &str) -> Vec<f64> {
    value
        .split(',')
        .map(|v| v.trim().parse().expect("a number"))
        .collect()
}

fn row(name: &str, figures: &Figures) -> String {
    format!(
        "{name} cov {} sel {} conf {} eu {} ece {}",
        f(figures.coverage),
        f(figures.selective_accuracy),
        f(figures.mean_confidence),
        f(figures.either_unsure_rate),
        f(figures.ece)
    )
}

fn main() {
    let mut grid = Grid::default();
    let mut training = PathBuf::from("training/tasks.csv");
    let mut heldout = PathBuf::from("training/heldout.csv");
    let mut real: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().expect("a value after each flag");
        match flag.as_str() {
            "--min-log-ratio" => grid.min_log_ratio = list(&value),
            "--max-generic" => {
                grid.max_generic_log_ratio = list(&value).into_iter().map(Some).collect()
            }
            "--alpha" => grid.alpha = list(&value),
            "--ranking-alpha" => grid.ranking_alpha = list(&value),
            "--thresholds" => grid.thresholds = list(&value),
            "--either-weight" => grid.calibration_either_weight = list(&value)[0],
            "--max-terms" => grid.ranking_max_terms = list(&value)[0] as usize,
            "--tokenizers" if value == "all" => grid.tokenizers = TokenizerConfig::all(),
            "--training" => training = value.into(),
            "--heldout" => heldout = value.into(),
            "--real" => real = Some(value.into()),
            other => panic!("unknown flag {other}"),
        }
    }
    let rows = read_labeled(&training).expect("training file").rows;
    let heldout = read_labeled(&heldout).expect("held-out file").rows;
    let real = real.map(|p| read_labeled(&p).expect("real file").rows);
    let settings = SearchSettings {
        grid,
        ..SearchSettings::default()
    };
    let result = search(&rows, &settings).expect("search");
    for point in &result.ranked {
        let model = fit_model(
            &rows,
            ModelSpec {
                tokenizer: point.tokenizer,
                hyperparameters: point.hyperparameters,
                card: ModelCard::default(),
            },
        )
        .expect("fit");
        let classifier = Classifier::new(model);
        let h = &point.hyperparameters;
        let s = &h.cue_selection;
        println!(
            "{} | a {} lr {} gen {:?} rank {:?} T {:.2} thr {} | bal {}",
            point.tokenizer.describe(),
            h.alpha,
            s.min_log_ratio,
            s.max_generic_log_ratio,
            h.ranking.map(|r| r.alpha),
            h.temperature,
            h.threshold,
            f(point.figures.balanced_accuracy)
        );
        println!("    {}", row("cv  ", &point.figures));
        println!("    {}", row("held", &classifier.evaluate(&heldout)));
        if let Some(real) = &real {
            println!("    {}", row("real", &classifier.evaluate(real)));
        }
    }
}

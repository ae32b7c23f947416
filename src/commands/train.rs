//! `roleclass train`: choose settings by cross-validation, fit, write the model (an output
//! created before the search, so a bad destination fails at once).

use std::io::Write;
use std::time::Instant;

use anyhow::Result;
use roleclass::eval::format_figure as fig;

use roleclass::input::Source;
use roleclass::model::GridPoint;
use roleclass::output::{Destination, Output};
use roleclass::select::SearchSettings;

use super::{Context, Exit};
use crate::cli::TrainArgs;
use crate::terminal::{self, count, escape_controls};

/// Grid points printed when `--full-grid` is not given.
const SHOWN_GRID_POINTS: usize = 8;

pub fn run(context: &Context, args: TrainArgs) -> Result<Exit> {
    let started = Instant::now();
    let settings = SearchSettings {
        folds: args.cv,
        seed: args.seed,
        max_rows: args.max_search_rows,
        ..SearchSettings::default()
    };
    // Every input and output is checked before the long work: the output is created now (a
    // temporary file, put in place at the end), and the held-out file is read before the
    // training data (in `train`).
    let mut output = Output::create(&Destination::from_arg(Some(&args.output)), || {
        Box::new(std::io::BufWriter::new(std::io::stdout()))
    })?;
    context.announce_stdin(&Source::from_arg(Some(&args.data)), "a labeled CSV");
    let trained = roleclass::train::train(&args.data, &settings, args.heldout.as_deref())?;
    let model = &trained.model;
    let json = model.to_json()?;
    output.write_all(json.as_bytes())?;
    let output_name = output.name().to_owned();
    output.finish()?;

    if !context.quiet {
        let mut err = std::io::stderr().lock();
        if trained.data.duplicates > 0 {
            terminal::warning(&format!(
                "{}: {} counted once",
                model.card.training.file,
                count(
                    trained.data.duplicates as u64,
                    "exact duplicate row was",
                    "exact duplicate rows were"
                )
            ));
        }
        let shown = if args.full_grid {
            trained.search.ranked.len()
        } else {
            SHOWN_GRID_POINTS
        };
        writeln!(
            err,
            "model selection: {}-fold cross-validation over {} grid points on {} rows (best first)",
            args.cv,
            trained.search.ranked.len(),
            trained.search.rows
        )?;
        writeln!(
            err,
            "  {:<40} {:>5} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6}",
            "tokenizer",
            "alpha",
            "min_df",
            "ratio",
            "gener",
            "rank",
            "temp",
            "thr",
            "bal",
            "acc",
            "eith"
        )?;
        for point in trained.search.ranked.iter().take(shown) {
            writeln!(err, "  {}", grid_row(point))?;
        }
        let cv = &model.card.cross_validation.figures;
        let rows = &model.card.training.rows;
        writeln!(
            err,
            "trained on {} rows ({} director, {} vp, {} either) with {}: {} cue terms, {} ranking terms; \
             cross-validated accuracy {} (unsure counted wrong), macro-F1 {}, \
             coverage {}, unsure on {} of either rows, ECE {}; \
             temperature {:.2}, threshold {:.2}; wrote {} in {:.1}s",
            rows.director + rows.vp + rows.either,
            rows.director,
            rows.vp,
            rows.either,
            model.tokenizer.describe(),
            model.cues.vocabulary.len(),
            model.ranking.as_ref().map_or(0, |r| r.vocabulary.len()),
            fig(cv.accuracy),
            fig(cv.macro_f1),
            fig(cv.coverage),
            fig(cv.either_unsure_rate),
            fig(cv.ece),
            model.hyperparameters.temperature,
            model.hyperparameters.threshold,
            escape_controls(&output_name),
            started.elapsed().as_secs_f64()
        )?;
        if let Some(heldout) = &model.card.heldout {
            let f = &heldout.figures;
            writeln!(
                err,
                "held-out {}: accuracy {}, macro-F1 {}, coverage {}, unsure on {} of either rows, ECE {}",
                escape_controls(&heldout.file),
                fig(f.accuracy),
                fig(f.macro_f1),
                fig(f.coverage),
                fig(f.either_unsure_rate),
                fig(f.ece)
            )?;
        }
    }
    Ok(Exit::Ok)
}

fn grid_row(point: &GridPoint) -> String {
    let h = &point.hyperparameters;
    let s = &h.cue_selection;
    format!(
        "{:<40} {:>5} {:>6} {:>6} {:>6} {:>5} {:>5.2} {:>5.2} {:>6} {:>6} {:>6}",
        point.tokenizer.describe(),
        h.alpha,
        s.min_df,
        s.min_log_ratio,
        s.max_generic_log_ratio
            .map_or("-".to_owned(), |g| g.to_string()),
        h.ranking.map_or("-".to_owned(), |r| r.alpha.to_string()),
        h.temperature,
        h.threshold,
        fig(point.figures.balanced_accuracy),
        fig(point.figures.accuracy),
        fig(point.figures.either_unsure_rate)
    )
}

//! `roleclass inspect`: the model card of the model in use.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use roleclass::eval::{format_figure, Figures};
use roleclass::label::Answer;
use roleclass::model::file_format::EMBEDDED_NAME;
use roleclass::model::Model;

use super::{Context, Exit};
use crate::cli::{InspectArgs, ReportFormat};
use crate::terminal::{self, escape_controls};

/// One informative term, as NLTK's `show_most_informative_features` shows it.
#[derive(Serialize)]
struct InformativeTerm {
    term: String,
    favours: Answer,
    /// P(term | favoured class) / P(term | other class).
    ratio: f64,
    log_odds: f64,
    count_director: f64,
    count_vp: f64,
}

/// The model card as `inspect --format json` writes it (also served by `roleclass serve`).
#[derive(Serialize)]
pub(crate) struct Card<'a> {
    source: String,
    format_version: u32,
    training: &'a roleclass::model::TrainingInfo,
    tokenizer: &'a roleclass::text::TokenizerConfig,
    hyperparameters: &'a roleclass::model::Hyperparameters,
    vocabulary_size: usize,
    ranking_vocabulary_size: Option<usize>,
    class_count: [usize; 2],
    cross_validation: CvSummary<'a>,
    heldout: Option<&'a roleclass::model::HeldoutReport>,
    most_informative: MostInformative,
}

#[derive(Serialize)]
struct CvSummary<'a> {
    folds: usize,
    seed: u64,
    rows: usize,
    grid_size: usize,
    figures: &'a Figures,
}

#[derive(Serialize)]
struct MostInformative {
    director: Vec<InformativeTerm>,
    vp: Vec<InformativeTerm>,
}

pub fn run(context: &Context, args: InspectArgs) -> Result<Exit> {
    let model = context.load_model()?;
    let card = card(context, &model, args.top);
    let mut out = terminal::stdout();
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &card)?;
            writeln!(out)?;
        }
        ReportFormat::Text => write_card(&mut out, &card)?,
    }
    out.flush()?;
    Ok(Exit::Ok)
}

/// The card of `model` (loaded as `context` says) with the `top` most informative terms per
/// class.
pub(crate) fn card<'a>(context: &Context, model: &'a Model, top: usize) -> Card<'a> {
    let source = context
        .model_path
        .as_ref()
        .map_or(EMBEDDED_NAME.to_owned(), |p| p.display().to_string());
    Card {
        source,
        format_version: model.format_version,
        training: &model.card.training,
        tokenizer: &model.tokenizer,
        hyperparameters: &model.hyperparameters,
        vocabulary_size: model.cues.vocabulary.len(),
        ranking_vocabulary_size: model.ranking.as_ref().map(|r| r.vocabulary.len()),
        class_count: model.cues.class_count,
        cross_validation: CvSummary {
            folds: model.card.cross_validation.folds,
            seed: model.card.cross_validation.seed,
            rows: model.card.cross_validation.rows,
            grid_size: model.card.cross_validation.grid_size,
            figures: &model.card.cross_validation.figures,
        },
        heldout: model.card.heldout.as_ref(),
        most_informative: most_informative(model, top),
    }
}

fn most_informative(model: &Model, top: usize) -> MostInformative {
    let stage = &model.cues;
    let log_odds = stage.term_log_odds();
    let mut order: Vec<usize> = (0..stage.vocabulary.len()).collect();
    order.sort_by(|&a, &b| {
        log_odds[b]
            .total_cmp(&log_odds[a])
            .then_with(|| stage.vocabulary[a].cmp(&stage.vocabulary[b]))
    });
    let term = |i: usize| InformativeTerm {
        term: stage.vocabulary[i].clone(),
        favours: Answer::favoured_by(log_odds[i]),
        ratio: log_odds[i].abs().exp(),
        log_odds: log_odds[i],
        count_director: stage.feature_count[0][i],
        count_vp: stage.feature_count[1][i],
    };
    MostInformative {
        vp: order
            .iter()
            .copied()
            .filter(|&i| log_odds[i] > 0.0)
            .take(top)
            .map(term)
            .collect(),
        director: order
            .iter()
            .rev()
            .copied()
            .filter(|&i| log_odds[i] < 0.0)
            .take(top)
            .map(term)
            .collect(),
    }
}

fn write_card(out: &mut dyn Write, card: &Card) -> std::io::Result<()> {
    let t = card.training;
    let h = card.hyperparameters;
    let s = &h.cue_selection;
    writeln!(
        out,
        "model            {} (format version {})",
        escape_controls(&card.source),
        card.format_version
    )?;
    // A model file is input too: its strings are escaped like any other.
    writeln!(
        out,
        "training file    {} (sha256 {})",
        escape_controls(&t.file),
        escape_controls(&t.sha256)
    )?;
    writeln!(
        out,
        "training rows    {} director, {} vp, {} either ({} duplicates dropped)",
        t.rows.director, t.rows.vp, t.rows.either, t.duplicates
    )?;
    writeln!(out, "tokenizer        {}", card.tokenizer.describe())?;
    writeln!(
        out,
        "cue terms        {} (min_df {}, |log ratio| >= {}, generic log ratio <= {})",
        card.vocabulary_size,
        s.min_df,
        s.min_log_ratio,
        s.max_generic_log_ratio
            .map_or("any".to_owned(), |g| g.to_string())
    )?;
    if let (Some(r), Some(size)) = (h.ranking, card.ranking_vocabulary_size) {
        writeln!(
            out,
            "ranking terms    {size} (in at least {} rows, at most {})",
            r.min_df, r.max_terms
        )?;
        writeln!(
            out,
            "naive Bayes      two stages: cues alpha {}, ranking alpha {}; trained on {} director and {} vp rows",
            h.alpha, r.alpha, card.class_count[0], card.class_count[1]
        )?;
    } else {
        writeln!(
            out,
            "naive Bayes      alpha {}, trained on {} director and {} vp rows",
            h.alpha, card.class_count[0], card.class_count[1]
        )?;
    }
    writeln!(
        out,
        "calibration      temperature {:.3}; answers below {:.2} confidence are unsure",
        h.temperature, h.threshold
    )?;
    let cv = &card.cross_validation;
    writeln!(
        out,
        "selection        {}-fold CV (seed {}) over {} grid points on {} rows",
        cv.folds, cv.seed, cv.grid_size, cv.rows
    )?;
    writeln!(out)?;
    writeln!(out, "  figures               cross-validated   held-out")?;
    let heldout = card.heldout.map(|h| &h.figures);
    type Getter = fn(&Figures) -> Option<f64>;
    let rows: [(&str, Getter); 8] = [
        ("accuracy", |f| f.accuracy),
        ("macro-F1", |f| f.macro_f1),
        ("coverage", |f| f.coverage),
        ("selective accuracy", |f| f.selective_accuracy),
        ("mean confidence", |f| f.mean_confidence),
        ("unsure on either", |f| f.either_unsure_rate),
        ("balanced accuracy", |f| f.balanced_accuracy),
        ("ECE", |f| f.ece),
    ];
    for (name, get) in rows {
        writeln!(
            out,
            "  {name:<20} {:>16}   {:>8}",
            format_figure(get(cv.figures)),
            heldout.map_or("-".to_owned(), |f| format_figure(get(f)))
        )?;
    }
    if let Some(h) = card.heldout {
        writeln!(
            out,
            "  (held-out file {}, sha256 {})",
            escape_controls(&h.file),
            escape_controls(&h.sha256)
        )?;
    }
    for (name, terms) in [
        ("director", &card.most_informative.director),
        ("vp", &card.most_informative.vp),
    ] {
        writeln!(out)?;
        writeln!(out, "strongest cues for {name}:")?;
        writeln!(
            out,
            "  {:<32} {:>9} {:>9} {:>8} {:>8}",
            "term", "ratio", "log-odds", "n(dir)", "n(vp)"
        )?;
        for t in terms {
            writeln!(
                out,
                "  {:<32} {:>8.1}x {:>+9.2} {:>8} {:>8}",
                escape_controls(&t.term),
                t.ratio,
                t.log_odds,
                t.count_director,
                t.count_vp
            )?;
        }
    }
    Ok(())
}

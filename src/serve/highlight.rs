//! Cue terms located in the statement, for the page to highlight: the statement cut into
//! pieces, each either plain text or covered by one or more of the explanation's terms.
//!
//! The model explains a decision with normalised terms (`engineering department`), not with
//! positions. The tokens are found again here with their byte ranges, the same way the
//! tokenizer finds them (ASCII letter-and-digit runs for ASCII text; the alphanumeric runs of
//! Unicode words otherwise), each normalised by the library's own tokenizer, so that a
//! stemmed or stop-word model is matched as well. A term of several words covers its tokens
//! and the text between them. The pieces concatenate to the statement exactly.

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use roleclass::model::Explanation;
use roleclass::text::{self, TokenizerConfig};

/// A run of the statement and the explanation terms (indices into `explanation.terms`) that
/// cover it; plain text has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// The text of this run, exactly as in the statement.
    pub text: String,
    /// Indices of the terms covering it, ascending.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<usize>,
}

/// A token of the statement: its byte range and its normalised form.
struct Token {
    start: usize,
    end: usize,
    norm: String,
}

/// Cut `statement` into pieces around the terms of `explanation`.
pub fn pieces(statement: &str, config: &TokenizerConfig, explanation: &Explanation) -> Vec<Piece> {
    let tokens = tokens(statement, config);
    // Terms covering each token, and each gap between token i and token i + 1.
    let mut on_token: Vec<Vec<usize>> = vec![Vec::new(); tokens.len()];
    let mut on_gap: Vec<Vec<usize>> = vec![Vec::new(); tokens.len().saturating_sub(1)];
    // Only the level cues are marked: the ranking stage's other terms weigh the wording as a
    // whole and would mark nearly every word.
    for (index, term) in explanation.terms.iter().enumerate().filter(|(_, t)| t.cue) {
        let words: Vec<&str> = term.term.split(' ').collect();
        if words.is_empty() || words.len() > tokens.len() {
            continue;
        }
        for first in 0..=tokens.len() - words.len() {
            let matches = words
                .iter()
                .enumerate()
                .all(|(k, word)| tokens[first + k].norm == *word);
            if !matches {
                continue;
            }
            for k in 0..words.len() {
                push_once(&mut on_token[first + k], index);
                if k + 1 < words.len() {
                    push_once(&mut on_gap[first + k], index);
                }
            }
        }
    }
    let mut out: Vec<Piece> = Vec::new();
    let mut at = 0;
    for (i, token) in tokens.iter().enumerate() {
        let gap_terms = match i {
            0 => Vec::new(),
            _ => on_gap[i - 1].clone(),
        };
        push_piece(&mut out, &statement[at..token.start], gap_terms);
        push_piece(
            &mut out,
            &statement[token.start..token.end],
            on_token[i].clone(),
        );
        at = token.end;
    }
    push_piece(&mut out, &statement[at..], Vec::new());
    out
}

fn push_once(list: &mut Vec<usize>, index: usize) {
    if !list.contains(&index) {
        list.push(index);
        list.sort_unstable();
    }
}

/// Append a run, merged into the previous one when both have the same terms.
fn push_piece(out: &mut Vec<Piece>, text: &str, terms: Vec<usize>) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.terms == terms => last.text.push_str(text),
        _ => out.push(Piece {
            text: text.to_owned(),
            terms,
        }),
    }
}

/// The tokens of `statement` with their byte ranges; runs the tokenizer drops (stop words,
/// lone letters) are left out, as the tokenizer leaves them out of word pairs.
fn tokens(statement: &str, config: &TokenizerConfig) -> Vec<Token> {
    let spans: Vec<(usize, usize)> = if statement.is_ascii() {
        // The tokenizer's own scanner: abbreviations joined, lone characters left out.
        let mut spans = Vec::new();
        text::for_each_ascii_token(statement.as_bytes(), config.rules, |start, end| {
            spans.push((start, end));
        });
        spans
    } else {
        unicode_spans(statement, config)
    };
    spans
        .into_iter()
        .filter_map(|(start, end)| {
            let mut normalised = text::tokens(&statement[start..end], config);
            // A span that normalises to one token is that token; one the tokenizer drops (a
            // stop word) or splits further is not highlighted.
            (normalised.len() == 1).then(|| Token {
                start,
                end,
                norm: normalised.remove(0),
            })
        })
        .collect()
}

/// Candidate token spans of text that is not plain ASCII, in the original bytes (the tokenizer
/// reads it normalised, NFKC, so its own offsets do not apply): the alphanumeric runs of each
/// Unicode word (format characters such as a soft hyphen stay inside a run), then two runs
/// joined when the tokenizer reads them and what is between them (an `&`, a `-`, or only
/// format characters such as a zero-width space) as one token (`R&D`, `C-level`).
fn unicode_spans(statement: &str, config: &TokenizerConfig) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (offset, word) in statement.split_word_bound_indices() {
        let mut start: Option<usize> = None;
        for (i, c) in word.char_indices() {
            let inside = c.is_alphanumeric() || text::is_format_char(c);
            match (inside, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    runs.push((offset + s, offset + i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            runs.push((offset + s, offset + word.len()));
        }
    }
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for (start, end) in runs {
        if let Some(last) = spans.last_mut() {
            let between = &statement[last.1..start];
            let joins =
                between == "&" || between == "-" || between.chars().all(text::is_format_char);
            if joins && text::tokens(&statement[last.0..end], config).len() == 1 {
                last.1 = end;
                continue;
            }
        }
        spans.push((start, end));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use roleclass::label::Answer;
    use roleclass::model::TermContribution;
    use roleclass::text::{Stemming, WordRules};

    fn explanation(terms: &[&str]) -> Explanation {
        Explanation {
            prior_log_odds: 0.0,
            cue_prior_log_odds: 0.0,
            cue_log_odds: 1.0,
            terms: terms
                .iter()
                .map(|t| TermContribution {
                    term: (*t).to_owned(),
                    count: 1,
                    log_odds: 1.0,
                    favours: Answer::Vp,
                    cue: true,
                    cue_log_odds: 1.0,
                })
                .collect(),
            unknown_terms: Vec::new(),
        }
    }

    fn config(stemming: Stemming, stop_words: bool) -> TokenizerConfig {
        TokenizerConfig {
            stemming,
            stop_words,
            bigrams: true,
            rules: WordRules::Abbreviations,
        }
    }

    fn render(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| {
                if p.terms.is_empty() {
                    p.text.clone()
                } else {
                    let terms: Vec<String> = p.terms.iter().map(usize::to_string).collect();
                    format!("[{}|{}]", p.text, terms.join(","))
                }
            })
            .collect()
    }

    #[test]
    fn words_and_pairs_are_found_with_the_text_between() {
        let statement = "Manages the Engineering  department's budget.";
        let e = explanation(&["engineering department", "department", "sprint"]);
        let pieces = pieces(statement, &config(Stemming::None, false), &e);
        assert_eq!(
            render(&pieces),
            "Manages the [Engineering  |0][department|0,1]'s budget."
        );
        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, statement);
    }

    #[test]
    fn stemmed_and_stop_word_models_match_the_original_words() {
        let e = explanation(&["budget department"]);
        let pieces = pieces(
            "Owns budgets of the department",
            &config(Stemming::Light, true),
            &e,
        );
        assert_eq!(render(&pieces), "Owns [budgets of the department|0]");
    }

    #[test]
    fn unicode_text_keeps_its_exact_bytes() {
        let statement = "Führt das Budget — über die Abteilung hinweg";
        let e = explanation(&["budget", "abteilung"]);
        let pieces = pieces(statement, &config(Stemming::None, false), &e);
        assert_eq!(
            render(&pieces),
            "Führt das [Budget|0] — über die [Abteilung|1] hinweg"
        );
    }

    #[test]
    fn abbreviations_are_one_token_and_lone_letters_none() {
        let e = explanation(&["p&l", "c-suite", "team leads"]);
        let statement = "Owns the P&L, briefs the C-suite and the team's leads";
        assert_eq!(
            render(&pieces(statement, &config(Stemming::None, false), &e)),
            "Owns the [P&L|0], briefs the [C-suite|1] and the [team's leads|2]"
        );
        // The same outside ASCII, where the tokenizer reads the text normalised.
        let statement = "Über den P&L, das C-suite — engi\u{200b}neering";
        let e = explanation(&["p&l", "c-suite", "engineering"]);
        assert_eq!(
            render(&pieces(statement, &config(Stemming::None, false), &e)),
            "Über den [P&L|0], das [C-suite|1] — [engi\u{200b}neering|2]"
        );
    }

    #[test]
    fn only_level_cues_are_marked() {
        let mut e = explanation(&["department", "manages"]);
        e.terms[1].cue = false;
        e.terms[1].cue_log_odds = 0.0;
        assert_eq!(
            render(&pieces(
                "Manages the department",
                &config(Stemming::None, false),
                &e
            )),
            "Manages the [department|0]"
        );
    }

    #[test]
    fn no_terms_is_one_plain_piece() {
        let pieces = pieces(
            "Foster a culture",
            &config(Stemming::None, false),
            &explanation(&[]),
        );
        assert_eq!(
            pieces,
            vec![Piece {
                text: "Foster a culture".to_owned(),
                terms: vec![]
            }]
        );
        let empty = super::pieces("", &config(Stemming::None, false), &explanation(&["a"]));
        assert!(empty.is_empty());
    }
}

//! Which column of an uploaded CSV holds the statements: the page asks before labeling, with
//! the first few kilobytes of the file, so that the choice is made for the user (and shown,
//! so it can be changed).
//!
//! The column named like the CLI's default (`text`) wins, so the page and `roleclass batch`
//! agree when both can; otherwise the column whose values have the most words on average
//! (statements are sentences; ids, dates and sources are short).

use serde::Serialize;

use roleclass::batch::DEFAULT_STATEMENT_COLUMN;

/// Rows looked at, after the header.
const SAMPLE_ROWS: usize = 50;

/// Characters of an example value shown per column.
const EXAMPLE_CHARS: usize = 60;

/// The columns of a CSV and the one that holds the statements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Columns {
    /// Every column, in order.
    pub columns: Vec<Column>,
    /// 0-based index of the statement column, when there is any column.
    pub detected: Option<usize>,
}

/// One column: its header name (or `column N` without a header) and a value from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// The header name.
    pub name: String,
    /// The first non-blank value of the sampled rows, shortened.
    pub example: String,
}

/// The columns of the CSV that `head` starts with (its last record may be cut off).
pub fn detect(head: &[u8], delimiter: u8, has_header: bool) -> Result<Columns, String> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(head);
    // A record cut off by the end of the head, or a bad one, ends the sample.
    let mut records: Vec<csv::ByteRecord> = reader
        .byte_records()
        .take(SAMPLE_ROWS + 1)
        .map_while(Result::ok)
        .collect();
    if records.is_empty() {
        return Err("the CSV is empty".to_owned());
    }
    let width = records.iter().map(csv::ByteRecord::len).max().unwrap_or(0);
    let names: Vec<String> = if has_header {
        let header = records.remove(0);
        (0..width)
            .map(|i| {
                header.get(i).map_or_else(
                    || format!("column {i}"),
                    |f| String::from_utf8_lossy(f).into_owned(),
                )
            })
            .collect()
    } else {
        (0..width).map(|i| format!("column {i}")).collect()
    };
    let columns: Vec<Column> = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| Column {
            name,
            example: example(&records, i),
        })
        .collect();
    let by_name = has_header
        .then(|| {
            columns
                .iter()
                .position(|c| c.name == DEFAULT_STATEMENT_COLUMN)
        })
        .flatten();
    let detected = by_name.or_else(|| most_words(&records, width));
    Ok(Columns { columns, detected })
}

fn example(records: &[csv::ByteRecord], column: usize) -> String {
    let value = records
        .iter()
        .filter_map(|r| r.get(column))
        .map(|f| String::from_utf8_lossy(f).trim().to_owned())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    if value.chars().count() > EXAMPLE_CHARS {
        let cut: String = value.chars().take(EXAMPLE_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        value
    }
}

/// The column whose values have the most words (with a letter) on average; the first on a tie.
fn most_words(records: &[csv::ByteRecord], width: usize) -> Option<usize> {
    let words = |column: usize| -> f64 {
        let total: usize = records
            .iter()
            .filter_map(|r| r.get(column))
            .map(|f| {
                String::from_utf8_lossy(f)
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .count()
            })
            .sum();
        total as f64 / records.len().max(1) as f64
    };
    (0..width)
        .fold(None, |best: Option<(usize, f64)>, column| {
            let score = words(column);
            match best {
                Some((_, top)) if top >= score => best,
                _ => Some((column, score)),
            }
        })
        .map(|(column, _)| column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_column_name_wins() {
        let csv = b"id,notes,text\n1,a long note with many many words here,short\n";
        let found = detect(csv, b',', true).unwrap();
        assert_eq!(found.detected, Some(2));
        let names: Vec<&str> = found.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "notes", "text"]);
        assert_eq!(found.columns[2].example, "short");
    }

    #[test]
    fn otherwise_the_wordiest_column() {
        let csv = "\u{feff}id;description;source\n\
                   1;Manages the engineering department budget;careers\n\
                   2;\"Runs sprint retros; with the team leads\";careers page\n\
                   3;Foster a cult";
        let found = detect(csv.as_bytes(), b';', true).unwrap();
        assert_eq!(found.detected, Some(1));
        assert_eq!(found.columns[0].name, "id");
        assert_eq!(
            found.columns[1].example,
            "Manages the engineering department budget"
        );
    }

    #[test]
    fn without_a_header_columns_are_numbered() {
        let csv = b"7,Owns the annual plan with the board of directors\n8,Runs standups\n";
        let found = detect(csv, b',', false).unwrap();
        assert_eq!(found.columns[0].name, "column 0");
        assert_eq!(found.detected, Some(1));
    }

    #[test]
    fn long_examples_are_shortened_and_empty_input_is_an_error() {
        let long = "word ".repeat(40);
        let csv = format!("text\n{long}\n");
        let found = detect(csv.as_bytes(), b',', true).unwrap();
        assert!(found.columns[0].example.chars().count() <= EXAMPLE_CHARS);
        assert!(found.columns[0].example.ends_with('…'));
        assert_eq!(detect(b"", b',', true).unwrap_err(), "the CSV is empty");
        assert_eq!(detect(b"\n\n", b',', true).unwrap_err(), "the CSV is empty");
    }
}

//! Tests of the batch engine, through a keyword labeler that needs no model.

use super::encode::{write_confidence, write_field};
use super::scan::{find_cut, parse_record, split_verbatim};
use super::*;
use crate::label::{Answer, Counts};
use serde_json::{json, Value};

/// Role by keyword: "budget" -> vp, "team" -> director, else unsure.
struct Mock;

impl RowLabeler for Mock {
    fn label(&self, s: &str) -> RowLabel {
        if s.contains("budget") {
            RowLabel {
                role: Answer::Vp,
                confidence: 0.94,
            }
        } else if s.contains("team") {
            RowLabel {
                role: Answer::Director,
                confidence: 0.8125,
            }
        } else {
            RowLabel {
                role: Answer::Unsure,
                confidence: 0.5,
            }
        }
    }

    fn write_extra_json(&self, s: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(format!(",\"explanation\":\"{} chars\"", s.len()).as_bytes());
    }
}

fn opts() -> BatchOptions {
    BatchOptions {
        threads: 2,
        chunk_bytes: 64,
        ..BatchOptions::default()
    }
}

fn run_with(
    input: &[u8],
    opts: &BatchOptions,
    fast_paths: bool,
) -> Result<(String, BatchSummary), BatchError> {
    let tuning = Tuning {
        fast_paths,
        max_record: MAX_RECORD_BYTES,
    };
    let mut out = Vec::new();
    let cancel = AtomicBool::new(false);
    let summary = run_batch_impl(
        input,
        &mut out,
        &Mock,
        opts,
        &mut |_, _| {},
        &cancel,
        tuning,
    )?;
    Ok((String::from_utf8_lossy(&out).into_owned(), summary))
}

fn run(input: &str, opts: &BatchOptions) -> Result<(String, BatchSummary), BatchError> {
    run_with(input.as_bytes(), opts, true)
}

fn bad_row(result: Result<(String, BatchSummary), BatchError>) -> (u64, Option<usize>, String) {
    match result {
        Err(BatchError::BadRow {
            line,
            column,
            message,
        }) => (line, column, message),
        other => panic!("expected a bad row, got {:?}", other.map(|(_, s)| s)),
    }
}

#[test]
fn round_trip_quotes_commas_newlines_crlf_bom_and_empty_fields() {
    let input = "\u{feff}id,text,note\r\n\
                 1,\"grow the team, hire\",\"say \"\"hi\"\"\"\r\n\
                 2,\"own the\nbudget\",\r\n\
                 3,,\"\"\r\n\
                 4,plain team work,x\r\n";
    let (out, summary) = run(input, &opts()).unwrap();
    assert_eq!(
        out,
        "\u{feff}id,text,note,role,confidence\n\
         1,\"grow the team, hire\",\"say \"\"hi\"\"\",director,0.812\n\
         2,\"own the\nbudget\",,vp,0.940\n\
         3,,,unsure,0.500\n\
         4,plain team work,x,director,0.812\n"
    );
    assert_eq!(summary.rows, 4);
    let answers = summary.answers;
    assert_eq!((answers.director, answers.vp, answers.unsure), (2, 1, 1));
}

#[test]
fn empty_statements_are_labeled_by_the_labeler() {
    let (out, summary) = run("text,id\n,1\n\"\",2\n", &opts()).unwrap();
    assert_eq!(
        out,
        "text,id,role,confidence\n,1,unsure,0.500\n,2,unsure,0.500\n"
    );
    assert_eq!(summary.answers.unsure, 2);
}

#[test]
fn single_column_empty_statement_is_a_row_but_a_blank_line_is_not() {
    let (out, summary) = run("text\n\"\"\n\nteam\n", &opts()).unwrap();
    assert_eq!(
        out,
        "text,role,confidence\n,unsure,0.500\nteam,director,0.812\n"
    );
    assert_eq!(summary.rows, 2);
}

#[test]
fn header_only_gives_the_header_and_no_rows() {
    for input in ["id,text", "id,text\n", "id,text\r\n\r\n"] {
        let (out, summary) = run(input, &opts()).unwrap();
        assert_eq!(out, "id,text,role,confidence\n");
        assert_eq!(summary, BatchSummary::default());
    }
}

#[test]
fn empty_input_is_an_error() {
    for input in ["", "\n\n", "\r\n", "\u{feff}"] {
        assert!(
            matches!(run(input, &opts()), Err(BatchError::EmptyInput)),
            "{input:?}"
        );
    }
}

#[test]
fn no_header_needs_an_index_and_generates_json_names() {
    let o = BatchOptions {
        has_header: false,
        column: ColumnSelector::Index(1),
        ..opts()
    };
    let (out, summary) = run("1,team\n2,budget\n", &o).unwrap();
    assert_eq!(out, "1,team,director,0.812\n2,budget,vp,0.940\n");
    assert_eq!(summary.rows, 2);
    let (out, _) = run("\u{feff}1,team\r\n", &o).unwrap();
    assert_eq!(out, "\u{feff}1,team,director,0.812\n");

    let json = BatchOptions {
        format: OutputFormat::Jsonl,
        ..o.clone()
    };
    let (out, _) = run("1,team\n", &json).unwrap();
    let v: Value = serde_json::from_str(out.trim_end()).unwrap();
    assert_eq!(
        v,
        json!({"column_0": "1", "column_1": "team", "role": "director", "confidence": 0.812})
    );

    let by_name = BatchOptions {
        has_header: false,
        ..opts()
    };
    assert!(matches!(
        run("1,a\n", &by_name),
        Err(BatchError::NoHeaderNeedsIndex)
    ));
    let far = BatchOptions {
        column: ColumnSelector::Index(2),
        ..o
    };
    assert!(matches!(
        run("1,a\n", &far),
        Err(BatchError::ColumnIndexOutOfRange {
            index: 2,
            fields: 2
        })
    ));
}

#[test]
fn column_by_index_with_header() {
    let o = BatchOptions {
        column: ColumnSelector::Index(0),
        ..opts()
    };
    let (out, _) = run("body,id\nteam,1\n", &o).unwrap();
    assert_eq!(out, "body,id,role,confidence\nteam,1,director,0.812\n");
}

#[test]
fn missing_and_duplicate_columns() {
    match run("id,body\n1,x\n", &opts()) {
        Err(e @ BatchError::Column(_)) => {
            assert_eq!(
                e.to_string(),
                "no column named \"text\" in the header (columns: \"id\", \"body\")"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        run("id,text,id\n1,x,2\n", &opts()),
        Err(BatchError::DuplicateColumn {
            first: 1,
            second: 3,
            ..
        })
    ));
}

#[test]
fn clash_is_an_error_unless_replace() {
    let input = "id,role,text,confidence,x\n1,old,team,0.1,y\n2,old,\"budget, big\",0.2,z\n";
    match run(input, &opts()) {
        Err(BatchError::ColumnClash { name }) => assert_eq!(name, "role"),
        other => panic!("{other:?}"),
    }
    let o = BatchOptions {
        replace: true,
        ..opts()
    };
    let (out, _) = run(input, &o).unwrap();
    assert_eq!(
        out,
        "id,role,text,confidence,x\n1,director,team,0.812,y\n2,vp,\"budget, big\",0.940,z\n"
    );
    // Only one of the two exists: it is replaced, the other appended.
    let (out, _) = run("role,text\nold,team\n", &o).unwrap();
    assert_eq!(out, "role,text,confidence\ndirector,team,0.812\n");
    // Renamed output columns do not clash.
    let renamed = BatchOptions {
        role_column: "level".into(),
        confidence_column: "p".into(),
        ..opts()
    };
    let (out, _) = run("role,text\nold,team\n", &renamed).unwrap();
    assert_eq!(out, "role,text,level,p\nold,team,director,0.812\n");
    // The statement column cannot be overwritten.
    let self_replace = BatchOptions {
        column: ColumnSelector::Name("role".into()),
        replace: true,
        ..opts()
    };
    assert!(matches!(
        run("role,text\nold,team\n", &self_replace),
        Err(BatchError::InvalidOptions(_))
    ));
}

#[test]
fn invalid_options() {
    for o in [
        BatchOptions {
            delimiter: b'"',
            ..opts()
        },
        BatchOptions {
            role_column: "x".into(),
            confidence_column: "x".into(),
            ..opts()
        },
    ] {
        assert!(matches!(
            run("text\na\n", &o),
            Err(BatchError::InvalidOptions(_))
        ));
    }
}

/// Rows `id,text` with multi-line quoted statements, so that lines and records differ.
fn multiline_rows(rows: usize) -> (String, Vec<u64>) {
    let mut input = String::from("id,text\n");
    let mut start_lines = Vec::new();
    let mut line = 2u64;
    for i in 0..rows {
        start_lines.push(line);
        if i % 3 == 0 {
            input.push_str(&format!("{i},\"lead the team\nacross sites {i}\"\n"));
            line += 2;
        } else {
            input.push_str(&format!("{i},plan the budget {i}\n"));
            line += 1;
        }
    }
    (input, start_lines)
}

#[test]
fn bad_row_line_numbers_are_exact_across_chunks() {
    let (good, lines) = multiline_rows(200);
    let mut rows: Vec<&str> = good.lines().collect();
    // Record 151 follows a multi-line one; give it an extra field.
    let target = lines[151] as usize - 1;
    let broken = format!("{},extra", rows[target]);
    rows[target] = &broken;
    let input = rows.join("\n") + "\n";
    for threads in [1, 3] {
        let o = BatchOptions { threads, ..opts() };
        let (line, column, message) = bad_row(run(&input, &o));
        assert_eq!(line, lines[151]);
        assert_eq!(column, None);
        assert_eq!(message, "found 3 fields, expected 2 as in the header");
    }
    // Too few fields, on a record after a multi-line one.
    let input = good.replacen(&format!("\n{},plan the budget", 100), "\nno comma here", 1);
    let (line, _, message) = bad_row(run(&input, &opts()));
    assert_eq!(line, lines[100]);
    assert_eq!(message, "found 1 field, expected 2 as in the header");
}

#[test]
fn invalid_utf8_in_the_statement_is_a_bad_row_but_not_elsewhere() {
    let mut input = b"id,text\n1,team\n".to_vec();
    input.extend_from_slice(b"\xff\xfe,budget\n"); // other column: fine
    input.extend_from_slice(b"3,\"bad \xe9 text\"\n");
    input.extend_from_slice(b"4,team\n");
    let (line, column, message) = bad_row(run_with(&input, &opts(), true));
    assert_eq!((line, column), (4, Some(2)));
    assert_eq!(message, "column 2 (\"text\"): invalid UTF-8 at byte 5");
    let err = run_with(&input, &opts(), true).unwrap_err();
    assert_eq!(err.to_string(), format!("4: {message}"));

    let o = BatchOptions {
        keep_going: true,
        ..opts()
    };
    let mut out = Vec::new();
    let summary = run_batch(
        &input[..],
        &mut out,
        &Mock,
        &o,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let mut expected = b"id,text,role,confidence\n1,team,director,0.812\n".to_vec();
    expected.extend_from_slice(
        b"\xff\xfe,budget,vp,0.940\n3,bad \xe9 text,error,\n4,team,director,0.812\n",
    );
    assert_eq!(out, expected);
    assert_eq!(summary.errors, 1);
    assert_eq!(summary.first_error_lines, vec![4]);
}

#[test]
fn keep_going_writes_bad_rows_through_and_counts_them() {
    let input =
        "id,text\n1,team\n2,budget,extra\n3\n\"4\",\"team\"\n5,\"a,b\",\"c\nd\"\n6,budget\n";
    let o = BatchOptions {
        keep_going: true,
        ..opts()
    };
    let (out, summary) = run(input, &o).unwrap();
    // The role column says `error` whatever the width of the bad row: a short one is padded,
    // the extra fields of a long one come after the added columns.
    assert_eq!(
        out,
        "id,text,role,confidence\n\
         1,team,director,0.812\n\
         2,budget,error,,extra\n\
         3,,error,\n\
         4,team,director,0.812\n\
         5,\"a,b\",error,,\"c\nd\"\n\
         6,budget,vp,0.940\n"
    );
    for fast_paths in [true, false] {
        let (slow, _) = run_with(input.as_bytes(), &o, fast_paths).unwrap();
        assert_eq!(slow, out, "fast paths {fast_paths}");
    }
    assert_eq!(
        summary,
        BatchSummary {
            rows: 6,
            answers: Counts {
                director: 2,
                vp: 1,
                unsure: 0,
            },
            errors: 3,
            first_error_lines: vec![3, 4, 6],
        }
    );
    // Without keep_going the first bad row stops the run.
    assert_eq!(bad_row(run(input, &opts())).0, 3);
}

#[test]
fn keep_going_keeps_at_most_ten_error_lines() {
    let mut input = String::from("id,text\n");
    for i in 0..25 {
        input.push_str(&format!("{i}\n"));
    }
    let o = BatchOptions {
        keep_going: true,
        ..opts()
    };
    let (_, summary) = run(&input, &o).unwrap();
    assert_eq!(summary.errors, 25);
    assert_eq!(summary.first_error_lines, (2..12).collect::<Vec<u64>>());
}

#[test]
fn unterminated_quote_is_a_bad_row() {
    let input = "id,text\n1,team\n2,\"budget\n3,team\n";
    let (line, _, message) = bad_row(run(input, &opts()));
    assert_eq!(line, 3);
    assert!(
        message.starts_with("unterminated quoted field"),
        "{message}"
    );
    let o = BatchOptions {
        keep_going: true,
        ..opts()
    };
    let (out, summary) = run(input, &o).unwrap();
    assert_eq!(
        out,
        "id,text,role,confidence\n1,team,director,0.812\n2,\"budget\n3,team\n\",error,\n"
    );
    assert_eq!(summary.errors, 1);
    // In the header.
    assert_eq!(bad_row(run("\"id,text\n1,a\n", &opts())).0, 1);
}

#[test]
fn jsonl_shape() {
    let input = "id,text,note\n1,team,\"x, \"\"y\"\"\"\n2,,\n";
    let o = BatchOptions {
        format: OutputFormat::Jsonl,
        explain: true,
        ..opts()
    };
    let (out, summary) = run(input, &o).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].starts_with("{\"id\":\"1\",\"text\":\"team\",\"note\":"),
        "{}",
        lines[0]
    );
    let rows: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        rows[0],
        json!({"id": "1", "text": "team", "note": "x, \"y\"", "role": "director",
               "confidence": 0.812, "explanation": "4 chars"})
    );
    assert_eq!(
        rows[1],
        json!({"id": "2", "text": "", "note": "", "role": "unsure", "confidence": 0.5,
               "explanation": "0 chars"})
    );
    assert_eq!(summary.rows, 2);

    // Without explain: no extra fields; a BOM is not written into JSON.
    let plain = BatchOptions {
        format: OutputFormat::Jsonl,
        ..opts()
    };
    let (out, _) = run("\u{feff}text\nbudget\n", &plain).unwrap();
    assert_eq!(
        out,
        "{\"text\":\"budget\",\"role\":\"vp\",\"confidence\":0.940}\n"
    );
}

#[test]
fn jsonl_bad_rows_and_invalid_utf8_elsewhere() {
    let o = BatchOptions {
        format: OutputFormat::Jsonl,
        keep_going: true,
        ..opts()
    };
    let input: &[u8] = b"id,text\n\xff,team\n2,budget,more\n";
    let (out, summary) = run_with(input, &o, true).unwrap();
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        rows,
        vec![
            // JSON cannot carry the byte: the row is a bad row (written lossily, as `error`).
            json!({"id": "\u{fffd}", "text": "team", "role": "error", "confidence": null}),
            json!({"id": "2", "text": "budget", "column_2": "more", "role": "error",
                   "confidence": null}),
        ]
    );
    assert_eq!(summary.errors, 2);
    // Replace in JSON keeps the key in place.
    let r = BatchOptions {
        format: OutputFormat::Jsonl,
        replace: true,
        ..opts()
    };
    let (out, _) = run("role,text\nold,team\n", &r).unwrap();
    assert_eq!(
        out,
        "{\"role\":\"director\",\"text\":\"team\",\"confidence\":0.812}\n"
    );
}

fn many_rows(rows: usize) -> String {
    let mut input = String::from("id,text\n");
    for i in 0..rows {
        match i % 4 {
            0 => input.push_str(&format!("{i},own the budget for org {i}\n")),
            1 => input.push_str(&format!("{i},\"grow the team, site {i}\"\n")),
            2 => input.push_str(&format!("{i},\"line one\r\nteam {i}\"\r\n")),
            _ => input.push_str(&format!("{i},write docs {i}\n")),
        }
    }
    input
}

#[test]
fn order_is_preserved_with_four_threads_and_tiny_chunks() {
    let input = many_rows(10_000);
    let reference = BatchOptions {
        threads: 1,
        chunk_bytes: 1 << 20,
        ..opts()
    };
    let (expected, s1) = run(&input, &reference).unwrap();
    let o = BatchOptions {
        threads: 4,
        ..opts()
    };
    let (out, s4) = run(&input, &o).unwrap();
    assert_eq!(out, expected);
    assert_eq!(s1, s4);
    assert_eq!(s4.rows, 10_000);
    // Every row is there, in order, with its id.
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let ids: Vec<usize> = rdr
        .records()
        .map(|r| r.unwrap()[0].parse().unwrap())
        .collect();
    assert_eq!(ids, (0..10_000).collect::<Vec<_>>());
}

#[test]
fn row_count_equals_input_row_count() {
    let input = many_rows(1234);
    let (out, summary) = run(&input, &opts()).unwrap();
    let in_rows = csv::Reader::from_reader(input.as_bytes()).records().count();
    let out_rows = csv::Reader::from_reader(out.as_bytes()).records().count();
    assert_eq!(in_rows, 1234);
    assert_eq!(out_rows, 1234);
    assert_eq!(summary.rows, 1234);
}

#[test]
fn tsv_delimiter() {
    let o = BatchOptions {
        delimiter: b'\t',
        ..opts()
    };
    let (out, _) = run("id\ttext\n1\tteam, leads\n2\t\"has\ttab\"\n", &o).unwrap();
    assert_eq!(
        out,
        "id\ttext\trole\tconfidence\n1\tteam, leads\tdirector\t0.812\n2\t\"has\ttab\"\tunsure\t0.500\n"
    );
}

#[test]
fn nul_bytes_and_a_missing_final_newline_survive() {
    let (out, _) = run("id,text\na\0b,team", &opts()).unwrap();
    assert_eq!(out, "id,text,role,confidence\na\0b,team,director,0.812\n");
}

#[test]
fn a_nul_byte_in_the_statement_is_a_bad_row() {
    let err = run("id,text\n1,team\n2,bad\0text\n", &opts()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "3: column 2 (\"text\"): NUL byte at byte 4 (binary data?)"
    );
}

#[test]
fn a_field_larger_than_many_chunks() {
    let big = "team ".repeat(200_000);
    let input = format!("id,text\n1,\"{big}\"\n2,{big}\n3,budget\n");
    let (out, summary) = run(&input, &opts()).unwrap();
    assert_eq!(summary.rows, 3);
    assert_eq!(
        out,
        format!("id,text,role,confidence\n1,{big},director,0.812\n2,{big},director,0.812\n3,budget,vp,0.940\n")
    );
}

#[test]
fn confidence_is_formatted_like_format_macro() {
    let mut x = 0u64;
    let mut values = vec![
        0.0,
        1.0,
        0.0005,
        0.0015,
        0.9995,
        0.8125,
        0.94,
        1e-9,
        -0.2,
        1.7,
        f64::NAN,
    ];
    for _ in 0..100_000 {
        x = xorshift(x);
        values.push((x >> 11) as f64 / (1u64 << 53) as f64);
    }
    for i in 0..=20_000 {
        values.push(i as f64 / 20_000.0);
    }
    for v in values {
        let mut out = Vec::new();
        write_confidence(&mut out, v);
        assert_eq!(String::from_utf8(out).unwrap(), format!("{v:.3}"), "{v:e}");
    }
}

fn xorshift(mut x: u64) -> u64 {
    if x == 0 {
        x = 0x9E37_79B9_7F4A_7C15;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

/// Random CSV-ish bytes rich in quotes, delimiters and line breaks.
fn random_csv(seed: u64, len: usize) -> Vec<u8> {
    const ALPHABET: &[&[u8]] = &[
        b"a",
        b"b",
        b"team",
        b"budget",
        b",",
        b",",
        b"\"",
        b"\"",
        b"\n",
        b"\n",
        b"\r\n",
        b"\r",
        b" ",
        "é".as_bytes(),
        b"\"\"",
    ];
    let mut x = seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1;
    let mut out = Vec::new();
    while out.len() < len {
        x = xorshift(x);
        out.extend_from_slice(ALPHABET[(x % ALPHABET.len() as u64) as usize]);
    }
    out
}

/// Number of random inputs: `default`, or more with `BATCH_TEST_SEEDS=N`.
fn seeds(default: u64) -> u64 {
    std::env::var("BATCH_TEST_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn csv_records(input: &[u8]) -> Vec<Vec<Vec<u8>>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
        .byte_records()
        .map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect())
        .collect()
}

#[test]
fn decoding_agrees_with_the_csv_crate_and_both_paths_agree() {
    let mut checked = 0;
    for seed in 0..seeds(600) {
        let input = random_csv(seed, 1 + (seed as usize * 7) % 300);
        let o = BatchOptions {
            has_header: seed % 2 == 0,
            column: ColumnSelector::Index(0),
            keep_going: true,
            threads: 1 + (seed as usize % 3),
            chunk_bytes: 16 + (seed as usize % 50),
            ..BatchOptions::default()
        };
        let fast = run_with(&input, &o, true);
        let slow = run_with(&input, &o, false);
        let (fast, slow) = match (fast, slow) {
            (Ok(f), Ok(s)) => (f, s),
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string());
                continue;
            }
            (a, b) => panic!("paths disagree on {input:?}: {a:?} vs {b:?}"),
        };
        assert_eq!(fast, slow, "paths disagree on {input:?}");
        let (out, summary) = fast;
        // Bad rows (wrong field count, a quote left open at the end) are written
        // through too, so the records are those the csv crate reads: with the role and
        // confidence columns where the first record ends (a short row padded up to there).
        let mut expected = csv_records(&input);
        let fields = expected.first().map_or(0, Vec::len);
        for record in &mut expected {
            if record.len() < fields {
                record.resize(fields, Vec::new());
            }
        }
        let got: Vec<Vec<Vec<u8>>> = csv_records(out.as_bytes())
            .into_iter()
            .map(|mut r| {
                r.drain(fields..fields + 2);
                r
            })
            .collect();
        assert_eq!(got, expected, "records differ on {input:?}\n{out}");
        assert_eq!(
            summary.rows as usize + usize::from(o.has_header),
            expected.len()
        );
        checked += 1;
    }
    assert!(
        checked > seeds(600) * 2 / 3,
        "only {checked} inputs compared"
    );
}

#[test]
fn find_cut_matches_the_record_parser() {
    for seed in 0..seeds(2000) {
        let input = random_csv(seed, 1 + (seed as usize * 13) % 200);
        // Record ends as the exact parser sees them.
        let mut ends = Vec::new();
        let (mut fields, mut ranges) = (Vec::new(), Vec::new());
        let mut p = 0;
        loop {
            while p < input.len() && (input[p] == b'\n' || input[p] == b'\r') {
                p += 1;
                if input[p - 1] == b'\n' {
                    ends.push(p);
                }
            }
            if p >= input.len() {
                break;
            }
            let (next, _, closed) = parse_record(&input, p, b',', &mut fields, &mut ranges);
            if closed && input[next - 1] == b'\n' {
                ends.push(next);
            }
            p = next;
        }
        let mut want = ends.last().copied();
        // A closing quote as the very last byte is ambiguous: find_cut stops before it.
        if input.ends_with(b"\"") {
            if let Some(cut) = find_cut(&input, b',') {
                assert!(ends.contains(&cut), "{input:?}");
                want = Some(cut);
            }
        }
        assert_eq!(find_cut(&input, b','), want, "{input:?}");
    }
}

/// The inside of a quoted field decoded (`""` becomes `"`).
fn unescape_quotes(inner: &[u8], out: &mut Vec<u8>) {
    let mut rest = inner;
    while let Some(q) = rest.iter().position(|&b| b == b'"') {
        out.extend_from_slice(&rest[..=q]);
        rest = rest.get(q + 2..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
}

/// `split_verbatim` takes exactly the records whose bytes are what the writer writes for their
/// decoded fields, and then finds the same fields and the same end as the exact decoder.
#[test]
fn verbatim_records_are_exactly_those_written_back_unchanged() {
    let (mut verbatim, mut decoded) = (0, 0);
    for seed in 0..seeds(2000) {
        let input = random_csv(seed, 1 + (seed as usize * 11) % 200);
        let (mut fields, mut ranges, mut split) = (Vec::new(), Vec::new(), Vec::new());
        let mut p = 0;
        loop {
            while p < input.len() && (input[p] == b'\n' || input[p] == b'\r') {
                p += 1;
            }
            if p >= input.len() {
                break;
            }
            let (next, _, closed) = parse_record(&input, p, b',', &mut fields, &mut ranges);
            let mut written = Vec::new();
            for (i, &(a, b)) in ranges.iter().enumerate() {
                if i > 0 {
                    written.push(b',');
                }
                write_field(&mut written, &fields[a..b], b',');
            }
            let body = input[p..next]
                .strip_suffix(b"\n")
                .unwrap_or(&input[p..next]);
            let body = body.strip_suffix(b"\r").unwrap_or(body);
            let canonical = closed && written == body;
            match split_verbatim(&input, p, b',', &mut split) {
                Some(rec) => {
                    assert!(
                        canonical,
                        "split a record that changes: {:?}",
                        &input[p..next]
                    );
                    assert_eq!((rec.end, rec.next), (p + body.len(), next), "{input:?}");
                    let mut any_doubled = false;
                    let got: Vec<Vec<u8>> = split
                        .iter()
                        .map(|&(a, b)| {
                            let mut field = Vec::new();
                            // An unquoted field never starts right after a quote.
                            if a > 0 && input[a - 1] == b'"' {
                                any_doubled |= input[a..b].contains(&b'"');
                                unescape_quotes(&input[a..b], &mut field);
                            } else {
                                field.extend_from_slice(&input[a..b]);
                            }
                            field
                        })
                        .collect();
                    let want: Vec<Vec<u8>> =
                        ranges.iter().map(|&(a, b)| fields[a..b].to_vec()).collect();
                    assert_eq!(got, want, "{input:?}");
                    assert_eq!(rec.doubled, any_doubled, "{input:?}");
                    verbatim += 1;
                }
                None => {
                    assert!(
                        !canonical,
                        "missed a record written back unchanged: {body:?}"
                    );
                    decoded += 1;
                }
            }
            p = next;
        }
    }
    assert!(
        verbatim > 1000 && decoded > 1000,
        "{verbatim} verbatim, {decoded} decoded"
    );
}

#[test]
fn write_field_quotes_like_csv_writer() {
    let mut x = 7u64;
    for len in 0..2000usize {
        let field: Vec<u8> = (0..len % 40)
            .map(|_| {
                x = xorshift(x);
                b"ab ,;\t\"\r\n\0x"[(x % 11) as usize]
            })
            .collect();
        for delimiter in [b',', b';', b'\t'] {
            let mut ours = Vec::new();
            write_field(&mut ours, b"id", delimiter);
            ours.push(delimiter);
            write_field(&mut ours, &field, delimiter);
            ours.push(b'\n');
            let mut wtr = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .from_writer(Vec::new());
            wtr.write_record([&b"id"[..], &field]).unwrap();
            assert_eq!(ours, wtr.into_inner().unwrap(), "{field:?}");
        }
    }
}

#[test]
fn a_record_longer_than_the_limit_is_a_bad_row_with_its_line() {
    let tuning = Tuning {
        fast_paths: true,
        max_record: 1000,
    };
    let open = format!(
        "id,text\n1,team\n2,budget\n3,\"{}",
        "never closed\n".repeat(500)
    );
    let long = format!("id,text\n1,team\n2,{}\n", "x".repeat(5000));
    let ok = format!("id,text\n1,team\n2,{}\n", "x".repeat(900));
    let go = |input: &str| {
        let mut out = Vec::new();
        let cancel = AtomicBool::new(false);
        run_batch_impl(
            input.as_bytes(),
            &mut out,
            &Mock,
            &opts(),
            &mut |_, _| {},
            &cancel,
            tuning,
        )
    };
    for input in [&open, &long] {
        match go(input) {
            Err(BatchError::BadRow { line, message, .. }) => {
                assert_eq!(line, if input == &open { 4 } else { 3 });
                assert!(
                    message.starts_with("record longer than 1000 bytes"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(go(&ok).unwrap().rows, 2);
    // In the header.
    let header = format!("id,\"{}\n", "t".repeat(3000));
    assert!(matches!(
        go(&header),
        Err(BatchError::BadRow { line: 1, .. })
    ));
}

struct Failing(io::ErrorKind);

impl Write for Failing {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::new(self.0, "injected"))
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn write_errors_stop_the_run_and_broken_pipe_is_recognised() {
    let input = many_rows(5000);
    let cancel = AtomicBool::new(false);
    for kind in [io::ErrorKind::BrokenPipe, io::ErrorKind::StorageFull] {
        let err = run_batch(
            input.as_bytes(),
            Failing(kind),
            &Mock,
            &opts(),
            &mut |_, _| {},
            &cancel,
        )
        .unwrap_err();
        assert!(matches!(err, BatchError::Io { .. }), "{err:?}");
        assert_eq!(err.is_broken_pipe(), kind == io::ErrorKind::BrokenPipe);
        let source = std::error::Error::source(&err).unwrap();
        assert_eq!(source.downcast_ref::<io::Error>().unwrap().kind(), kind);
    }
}

/// A reader that fails after `ok` bytes.
struct FailingReader<'a> {
    data: &'a [u8],
    ok: usize,
}

impl Read for FailingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.ok == 0 {
            return Err(io::Error::other("disk gone"));
        }
        let n = buf.len().min(self.ok).min(self.data.len()).min(7);
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        self.ok -= n;
        Ok(n)
    }
}

#[test]
fn read_errors_are_reported() {
    let input = many_rows(2000);
    let reader = FailingReader {
        data: input.as_bytes(),
        ok: 5000,
    };
    let err = run_batch(
        reader,
        Vec::new(),
        &Mock,
        &opts(),
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "cannot read the input");
    assert!(!err.is_broken_pipe());
}

#[test]
fn cancel_interrupts() {
    let input = many_rows(5000);
    let cancel = AtomicBool::new(false);
    let mut calls = 0;
    let err = run_batch(
        input.as_bytes(),
        Vec::new(),
        &Mock,
        &opts(),
        &mut |_, _| {
            calls += 1;
            cancel.store(true, Ordering::Relaxed);
        },
        &cancel,
    )
    .unwrap_err();
    assert!(matches!(err, BatchError::Interrupted), "{err:?}");
    assert!(calls >= 1);
}

struct Panicky;

impl RowLabeler for Panicky {
    fn label(&self, s: &str) -> RowLabel {
        assert!(!s.contains("999"), "boom");
        Mock.label(s)
    }
}

#[test]
fn a_panicking_labeler_is_an_error_not_a_hang() {
    let input = many_rows(3000);
    let err = run_batch(
        input.as_bytes(),
        Vec::new(),
        &Panicky,
        &opts(),
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(
        matches!(err, BatchError::LabelerPanicked(ref m) if m == "boom"),
        "{err:?}"
    );
}

#[test]
fn progress_reaches_the_input_size_and_row_count() {
    let input = many_rows(3000);
    let mut last = (0, 0);
    let mut monotonic = true;
    run_batch(
        input.as_bytes(),
        Vec::new(),
        &Mock,
        &opts(),
        &mut |b, r| {
            monotonic &= b >= last.0 && r >= last.1;
            last = (b, r);
        },
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(monotonic);
    assert_eq!(last, (input.len() as u64, 3000));
}

thread_local! {
    /// The spawn with this index fails, in runs on this thread (see `spawn` in mod.rs).
    pub(super) static FAIL_SPAWN: std::cell::Cell<Option<usize>> =
        const { std::cell::Cell::new(None) };
}

#[test]
fn a_thread_that_cannot_start_is_an_error_not_a_panic() {
    let input = many_rows(2000);
    // Two workers (spawns 0 and 1), then the reader (2).
    for index in 0..3 {
        FAIL_SPAWN.with(|fail| fail.set(Some(index)));
        let result = run(&input, &opts());
        FAIL_SPAWN.with(|fail| fail.set(None));
        match result {
            Err(BatchError::Spawn {
                started, wanted, ..
            }) => assert_eq!((started, wanted), (index, 3)),
            other => panic!("spawn {index}: {other:?}"),
        }
    }
    assert_eq!(run(&input, &opts()).unwrap().1.rows, 2000);
}

#[test]
fn threads_are_capped_at_a_few_per_core() {
    assert_eq!(max_threads(), MAX_THREADS_PER_CORE * default_threads());
    let o = BatchOptions {
        threads: 1_000_000,
        ..opts()
    };
    let (_, summary) = run(&many_rows(500), &o).unwrap();
    assert_eq!(summary.rows, 500);
}

#[test]
fn keep_going_puts_error_in_the_role_column_in_every_layout() {
    let input = "id,role,text\n1,old,team\n2\n3,old,team,x,y\n";
    let o = BatchOptions {
        keep_going: true,
        replace: true,
        ..opts()
    };
    let (out, _) = run(input, &o).unwrap();
    assert_eq!(
        out,
        "id,role,text,confidence\n1,director,team,0.812\n2,error,,\n3,error,team,,x,y\n"
    );
    let reader_rows = |text: &str| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    for row in &reader_rows(&out)[1..] {
        assert_ne!(row[1], "old", "{row:?}");
    }
}

#[test]
fn jsonl_output_refuses_other_fields_that_are_not_utf8() {
    let input = b"id,text,source\n1,team,ok\n2,budget,caf\xe9\n";
    let o = BatchOptions {
        format: OutputFormat::Jsonl,
        ..opts()
    };
    let (line, column, message) = bad_row(run_with(input, &o, true));
    assert_eq!((line, column), (3, Some(3)));
    assert!(
        message.starts_with("column 3 (\"source\"): invalid UTF-8 at byte 4"),
        "{message}"
    );
    // CSV output passes the bytes through.
    let mut out = Vec::new();
    run_batch(
        &input[..],
        &mut out,
        &Mock,
        &opts(),
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(out.windows(4).any(|w| w == b"caf\xe9"));
}

#[test]
fn the_classifier_labels_a_row_alike_with_the_worker_scratch() {
    // `label_in` (what the workers call, with a buffer they keep from row to row) must give
    // the label `label` gives, whatever an earlier row left in the buffer.
    let classifier = crate::model::Classifier::new(crate::model::Model::embedded().unwrap());
    let mut scratch = String::from("left over from an earlier row, with Ünïcödé");
    let long = "x".repeat(300);
    for statement in [
        "Owns the P&L and the R&D budget across all engineering organizations",
        "Leads the Ｒ&Ｄ budget — and the hiring plan",
        "",
        "a b c",
        long.as_str(),
        "Manages the internationalization budget",
    ] {
        assert_eq!(
            classifier.label_in(statement, &mut scratch),
            classifier.label(statement),
            "{statement:?}"
        );
    }
}

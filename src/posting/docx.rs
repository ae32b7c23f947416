//! Word documents (`.docx`, Office Open XML): an HR team's job descriptions are kept as Word
//! files. The text of the document's body (`word/document.xml` in the zip) is written as the
//! lines the parser already reads: a paragraph in a heading style becomes a Markdown heading,
//! a numbered or bulleted paragraph a list item (indented by its level), a paragraph whose
//! runs are all bold a bold line, a table a Markdown table (its first row the header), and
//! every other paragraph a line of its own with a blank line after it. Headers, footers,
//! footnotes, comments and deleted text (tracked changes) are not part of the body's text.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::markup::collapse_whitespace;

/// The signature every zip file, and so every `.docx`, starts with.
pub const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";

/// The body of a Word document inside its zip.
const DOCUMENT_PART: &str = "word/document.xml";

/// The most bytes of `word/document.xml` read once decompressed: a job description's is a
/// few hundred kilobytes, and a zip bomb stops here.
const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// Why a file that looks like a Word document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// Not a readable zip archive.
    #[error("not a readable zip archive ({0})")]
    Zip(String),
    /// A zip without `word/document.xml`.
    #[error("a zip file without {DOCUMENT_PART} (not a Word document)")]
    NoDocument,
    /// `word/document.xml` decompresses to more than [`MAX_DOCUMENT_BYTES`].
    #[error("its {DOCUMENT_PART} is larger than {} MiB once decompressed", MAX_DOCUMENT_BYTES >> 20)]
    TooLarge,
    /// `word/document.xml` is not UTF-8 or not well-formed XML.
    #[error("its {DOCUMENT_PART} is not readable XML ({0})")]
    Xml(String),
}

/// Whether the bytes are a zip file (and so, given to `audit`, a Word document).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_SIGNATURE)
}

/// The body of a `.docx` file as posting text (see the module documentation).
pub fn document_text(bytes: &[u8]) -> Result<String, DocxError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::Zip(e.to_string()))?;
    let part = archive
        .by_name(DOCUMENT_PART)
        .map_err(|_| DocxError::NoDocument)?;
    let mut xml = Vec::new();
    part.take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| DocxError::Zip(e.to_string()))?;
    if xml.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(DocxError::TooLarge);
    }
    let xml = String::from_utf8(xml).map_err(|e| DocxError::Xml(e.to_string()))?;
    body_text(&xml).map_err(DocxError::Xml)
}

/// One paragraph being read.
#[derive(Default)]
struct Paragraph {
    text: String,
    /// Heading rank from the paragraph style (1 for a title).
    heading: Option<usize>,
    /// List level (0 outermost) when the paragraph is numbered or bulleted.
    list_level: Option<usize>,
    /// Whether every run with text so far is bold.
    all_bold: bool,
}

/// One table being read: its rows of cells, and the cell being filled.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    cell: Option<String>,
}

/// The text of `word/document.xml` (see the module documentation).
fn body_text(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut paragraph: Option<Paragraph> = None;
    let mut tables: Vec<Table> = Vec::new();
    // Inside a run's properties, its text, or a part whose text is not the body's.
    let (mut in_run_properties, mut in_text, mut hidden_depth) = (false, false, 0usize);
    let mut run_bold = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    // Deleted text, comments' anchors' content, field instructions.
                    b"del" | b"delText" | b"instrText" | b"footnoteReference" if !empty => {
                        hidden_depth += 1;
                    }
                    b"p" if hidden_depth == 0 => {
                        paragraph = Some(Paragraph {
                            all_bold: true,
                            ..Paragraph::default()
                        });
                        if empty {
                            finish_paragraph(&mut paragraph, &mut tables, &mut out);
                        }
                    }
                    b"pStyle" => {
                        if let (Some(p), Some(style)) = (paragraph.as_mut(), value(e)) {
                            // "Heading 2" and "heading2" are one style id.
                            let style = style.to_ascii_lowercase().replace(' ', "");
                            p.heading = heading_rank(&style);
                            // "List Bullet", "ListNumber2": numbered by the style itself.
                            if let Some(level) = list_style_level(&style) {
                                p.list_level.get_or_insert(level);
                            }
                        }
                    }
                    b"numPr" => {
                        if let Some(p) = paragraph.as_mut() {
                            p.list_level.get_or_insert(0);
                        }
                    }
                    b"ilvl" => {
                        if let Some(p) = paragraph.as_mut() {
                            let level = value(e).and_then(|v| v.parse().ok()).unwrap_or(0);
                            p.list_level = Some(level);
                        }
                    }
                    b"r" => run_bold = false,
                    b"rPr" if !empty => in_run_properties = true,
                    b"b" if in_run_properties => {
                        run_bold = !matches!(value(e).as_deref(), Some("0" | "false" | "off"));
                    }
                    b"t" if !empty && hidden_depth == 0 => in_text = true,
                    b"tab" if hidden_depth == 0 && !in_run_properties => {
                        push_text(&mut paragraph, " ", run_bold);
                    }
                    b"br" | b"cr" if hidden_depth == 0 => push_text(&mut paragraph, "\n", true),
                    b"tbl" if !empty => tables.push(Table::default()),
                    b"tr" if !empty => {
                        if let Some(t) = tables.last_mut() {
                            t.rows.push(Vec::new());
                        }
                    }
                    b"tc" if !empty => {
                        if let Some(t) = tables.last_mut() {
                            t.cell = Some(String::new());
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                b"del" | b"delText" | b"instrText" | b"footnoteReference" => {
                    hidden_depth = hidden_depth.saturating_sub(1);
                }
                b"rPr" => in_run_properties = false,
                b"t" => in_text = false,
                b"p" if hidden_depth == 0 => {
                    finish_paragraph(&mut paragraph, &mut tables, &mut out)
                }
                b"tc" => {
                    if let Some(t) = tables.last_mut() {
                        if let (Some(cell), Some(row)) = (t.cell.take(), t.rows.last_mut()) {
                            row.push(cell.trim().to_string());
                        }
                    }
                }
                b"tbl" => {
                    if let Some(table) = tables.pop() {
                        let text = table_text(&table.rows);
                        match tables.last_mut().and_then(|outer| outer.cell.as_mut()) {
                            // A table inside a cell: its rows go into that cell.
                            Some(cell) => {
                                cell.push(' ');
                                cell.push_str(&text.replace('\n', " "));
                            }
                            None => {
                                out.push_str(&text);
                                out.push('\n');
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::Text(ref t) if in_text && hidden_depth == 0 => {
                let text = t.xml10_content().map_err(|e| e.to_string())?;
                push_text(&mut paragraph, &text, run_bold);
            }
            Event::GeneralRef(ref r) if in_text && hidden_depth == 0 => {
                let resolved: Cow<'_, str> = match r.resolve_char_ref() {
                    Ok(Some(c)) => Cow::Owned(c.to_string()),
                    _ => {
                        let name = r.decode().map_err(|e| e.to_string())?;
                        let known = quick_xml::escape::resolve_predefined_entity(&name);
                        Cow::Borrowed(known.unwrap_or(""))
                    }
                };
                push_text(&mut paragraph, &resolved, run_bold);
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The value of an element's `w:val` attribute.
fn value(e: &BytesStart<'_>) -> Option<String> {
    let attribute = e.try_get_attribute("w:val").ok().flatten()?;
    std::str::from_utf8(&attribute.value)
        .ok()
        .map(str::to_owned)
}

/// A style id (in lower case, without spaces) naming a heading ("heading2", "title"): its
/// Markdown rank.
fn heading_rank(style: &str) -> Option<usize> {
    if style == "title" {
        return Some(1);
    }
    let level: usize = style.strip_prefix("heading")?.parse().ok()?;
    Some((level + 1).min(6))
}

/// A style id (in lower case, without spaces) naming a bulleted or numbered list
/// ("listbullet", "listnumber2"): its level (0 outermost; "2" is the second level). Not "List
/// Paragraph", which Word numbers by the paragraph's own `w:numPr` when it is a list item at
/// all.
fn list_style_level(style: &str) -> Option<usize> {
    let rest = style.strip_prefix("list")?;
    let kind = rest.trim_end_matches(|c: char| c.is_ascii_digit());
    if !matches!(kind, "bullet" | "number") {
        return None;
    }
    let level: usize = rest.get(kind.len()..)?.parse().unwrap_or(1);
    Some(level.saturating_sub(1))
}

fn push_text(paragraph: &mut Option<Paragraph>, text: &str, bold: bool) {
    if let Some(p) = paragraph.as_mut() {
        if !bold && !text.trim().is_empty() {
            p.all_bold = false;
        }
        p.text.push_str(text);
    }
}

/// Writes the paragraph being read: into the table cell it sits in, or as a line of the text.
fn finish_paragraph(paragraph: &mut Option<Paragraph>, tables: &mut [Table], out: &mut String) {
    let Some(p) = paragraph.take() else {
        return;
    };
    if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(&collapse_whitespace(&p.text));
        return;
    }
    let lines: Vec<String> = p
        .text
        .split('\n')
        .map(collapse_whitespace)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return;
    }
    let text = lines.join(" ");
    match (p.heading, p.list_level) {
        (Some(rank), _) => {
            out.push_str(&format!("{} {text}\n\n", "#".repeat(rank)));
        }
        (None, Some(level)) => {
            out.push_str(&format!("{}- {text}\n", "  ".repeat(level)));
        }
        (None, None) => {
            // A line break inside a paragraph starts a new line of it.
            let body = if p.all_bold {
                format!("**{text}**")
            } else {
                lines.join("\n")
            };
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            out.push_str(&body);
            out.push_str("\n\n");
        }
    }
}

/// A table as Markdown: the first row as its header, then the others.
fn table_text(rows: &[Vec<String>]) -> String {
    let cell = |c: &String| c.replace('|', "/");
    let mut out = String::new();
    for (i, row) in rows.iter().filter(|r| !r.is_empty()).enumerate() {
        out.push_str("\n| ");
        out.push_str(&row.iter().map(cell).collect::<Vec<_>>().join(" | "));
        out.push_str(" |");
        if i == 0 {
            out.push_str(&format!("\n|{}", "---|".repeat(row.len())));
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A `.docx` holding `body` as its document body.
    fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
             <w:body>{body}</w:body></w:document>"
        );
        let mut bytes = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut bytes);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(b"<Types/>").unwrap();
        zip.start_file(DOCUMENT_PART, options).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap();
        bytes.into_inner()
    }

    fn para(style: &str, runs: &str) -> String {
        format!("<w:p><w:pPr>{style}</w:pPr>{runs}</w:p>")
    }

    fn run(text: &str) -> String {
        format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
    }

    fn bold(text: &str) -> String {
        format!("<w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r>")
    }

    const ITEM: &str = "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr>";
    const SUB_ITEM: &str = "<w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"3\"/></w:numPr>";

    #[test]
    fn headings_lists_bold_lines_and_paragraphs_become_markdown_lines() {
        let body = [
            para(
                "<w:pStyle w:val=\"Title\"/>",
                &run("Director of Engineering"),
            ),
            para("", &run("Acme builds sensors &amp; software for farms.")),
            para("<w:pStyle w:val=\"Heading1\"/>", &run("Responsibilities")),
            para(
                ITEM,
                &(run("Lead the ") + &bold("payments") + &run(" teams")),
            ),
            para(SUB_ITEM, &run("Run sprint reviews with each team")),
            para("", &bold("What you bring")),
            para(ITEM, &run("Ten years of experience&#8230;")),
            "<w:p/>".to_string(),
        ]
        .concat();
        let text = document_text(&docx(&body)).unwrap();
        assert_eq!(
            text,
            "# Director of Engineering\n\n\
             Acme builds sensors & software for farms.\n\n\
             ## Responsibilities\n\n\
             - Lead the payments teams\n  \
             - Run sprint reviews with each team\n\n\
             **What you bring**\n\n\
             - Ten years of experience…\n"
        );
    }

    #[test]
    fn list_styles_number_their_paragraphs() {
        let body = [
            para(
                "<w:pStyle w:val=\"ListBullet\"/>",
                &run("Lead the data teams"),
            ),
            para(
                "<w:pStyle w:val=\"List Number 2\"/>",
                &run("Run their sprint reviews"),
            ),
            para(
                "<w:pStyle w:val=\"ListParagraph\"/>",
                &run("An indented note."),
            ),
        ]
        .concat();
        assert_eq!(
            document_text(&docx(&body)).unwrap(),
            "- Lead the data teams\n  - Run their sprint reviews\n\nAn indented note.\n\n"
        );
    }

    #[test]
    fn tables_become_markdown_tables_and_hidden_text_is_left_out() {
        let cell = |t: &str| format!("<w:tc>{}</w:tc>", para("", &run(t)));
        let body = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>{}",
            cell("Job Title"),
            cell("Director, Platform | Data"),
            cell("Reports To"),
            cell("VP Engineering"),
            para(
                "",
                "<w:r><w:t>Own the </w:t></w:r><w:del><w:r><w:delText>old </w:delText></w:r></w:del>\
                 <w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>roadmap</w:t></w:r>"
            ),
        );
        let text = document_text(&docx(&body)).unwrap();
        assert_eq!(
            text,
            "\n| Job Title | Director, Platform / Data |\n|---|---|\n| Reports To | VP Engineering |\n\n\
             Own the roadmap\n\n"
        );
    }

    #[test]
    fn a_broken_or_foreign_zip_is_a_clear_error_not_a_panic() {
        let good = docx(&para("", &run("Lead the team")));
        for cut in [4, 30, good.len() / 2, good.len() - 10] {
            let err = document_text(&good[..cut]).unwrap_err();
            assert!(matches!(err, DocxError::Zip(_)), "{cut}: {err}");
        }
        // A zip that is not a Word document.
        let mut bytes = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut bytes);
        zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"hello").unwrap();
        zip.finish().unwrap();
        let err = document_text(&bytes.into_inner()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a zip file without word/document.xml (not a Word document)"
        );
        // Malformed XML.
        let err = document_text(&docx("<w:p><w:r><w:t>Lead</w:r></w:p>")).unwrap_err();
        assert!(matches!(err, DocxError::Xml(_)), "{err}");
    }

    #[test]
    fn any_damaged_byte_gives_text_or_an_error_never_a_panic() {
        let good = docx(&(para(ITEM, &run("Lead the payments teams")) + &bold("x")));
        for at in 0..good.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bad = good.clone();
                bad[at] ^= flip;
                let _ = document_text(&bad);
            }
        }
    }
}

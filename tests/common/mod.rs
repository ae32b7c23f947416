//! Helpers shared by the integration tests: run the real binary from the repository root.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root (where `training/` and `models/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `roleclass` with the repository root as working directory.
pub fn roleclass() -> Command {
    let mut cmd = Command::cargo_bin("roleclass").expect("binary built");
    cmd.current_dir(root()).env_remove("NO_COLOR");
    cmd
}

/// `roleclass batch INPUT -o OUTPUT`, to add options to and run.
pub fn batch_to(input: &Path, output: &Path) -> Command {
    let mut cmd = roleclass();
    cmd.arg("batch").arg(input).arg("-o").arg(output);
    cmd
}

/// Stdout of `cmd`, which must succeed (its stderr is shown when it does not).
pub fn stdout_of(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().expect("the binary runs");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Parse JSON Lines output into one value per line.
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// Write `contents` to `name` inside `dir` and return the path.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write fixture");
    path
}

/// A small but learnable training set: a few cue words in varied generic contexts.
pub fn small_training_csv() -> String {
    let generic = [
        "Lead",
        "Own",
        "Drive",
        "Improve",
        "Shape",
        "Guide",
        "Plan",
        "Review",
        "Champion",
        "Coordinate",
    ];
    let mut csv = String::from("text,role,source\n");
    for (i, verb) in generic.iter().enumerate() {
        csv.push_str(&format!(
            "{verb} the sprint goals of your team {i},director,written:vision\n"
        ));
        csv.push_str(&format!(
            "{verb} the backlog with team leads {i},director,written:work-execution\n"
        ));
        csv.push_str(&format!("{verb} the department budget for the organization {i},vp,written:core-responsibilities\n"));
        csv.push_str(&format!(
            "{verb} the annual plan with the board {i},vp,written:vision\n"
        ));
        csv.push_str(&format!(
            "{verb} a culture of quality and craft {i},either,written:general\n"
        ));
    }
    csv
}

/// Every fixture in `files` is named (in backquotes) in `tests/fixtures/README.md`, and has a
/// sidecar with the extension `sidecar` beside it.
pub fn assert_fixtures_described(files: &[PathBuf], sidecar: &str) {
    let readme = std::fs::read_to_string(root().join("tests/fixtures/README.md"))
        .expect("the fixtures README reads");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            readme.contains(&format!("`{name}`")),
            "{name} is not in the README"
        );
        assert!(
            file.with_extension(sidecar).is_file(),
            "{name} has no .{sidecar} sidecar"
        );
    }
}

/// A `.docx` whose body is `paragraphs`: (style, numbered, text) each.
pub fn word_document(paragraphs: &[(&str, bool, &str)]) -> Vec<u8> {
    use std::io::Write;
    let body: String = paragraphs
        .iter()
        .map(|(style, numbered, text)| {
            let style = if style.is_empty() {
                String::new()
            } else {
                format!("<w:pStyle w:val=\"{style}\"/>")
            };
            let list = if *numbered {
                "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
            } else {
                ""
            };
            format!("<w:p><w:pPr>{style}{list}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
        })
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
         </w:body></w:document>"
    );
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    bytes.into_inner()
}

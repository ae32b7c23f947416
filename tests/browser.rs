//! The page of `roleclass serve` in a real headless Chromium, driven through WebDriver
//! (`chromedriver`) with fantoccini: classify a line and read its answer and highlighted terms,
//! audit a fixture posting and read the verdict, upload a CSV and compare the download with
//! `roleclass batch`, the XSS cases, the model card, a phone-width screen and the keyboard.
//! A screenshot of each screen is kept under `target/browser/`, and the page load time of a
//! cold server (Navigation Timing) is reported there in `page-load.txt`.
//!
//! These need Chromium and its driver, so they are `#[ignore]`d in a plain `cargo test`:
//! `scripts/test-browser.sh` installs both when missing and runs them
//! (`cargo test --test browser -- --ignored --test-threads=1`). `CHROMIUM` and
//! `CHROMEDRIVER` name other binaries than `/usr/bin/chromium` and `/usr/bin/chromedriver`.

mod common;
#[path = "support/server.rs"]
mod server;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use common::{roleclass, stdout_of, word_document};
use server::Server;

/// Where screenshots and the timing report go: `target/browser/`.
fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/")
        .join("browser");
    std::fs::create_dir_all(&dir).expect("create target/browser");
    dir
}

/// A chromedriver process and a browser session on a fresh profile, closed on drop.
struct Browser {
    client: Option<Client>,
    driver: Child,
    _profile: tempfile::TempDir,
    downloads: tempfile::TempDir,
}

impl Browser {
    async fn start(width: u32, height: u32) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver_bin =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{driver_bin}: {e} (run scripts/test-browser.sh)"));
        let profile = tempfile::tempdir().unwrap();
        let downloads = tempfile::tempdir().unwrap();
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={width},{height}"),
                ],
                "prefs": {
                    "download.default_directory": downloads.path().display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        });
        let capabilities = match capabilities {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let webdriver = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::new(connector.clone())
                .capabilities(capabilities.clone())
                .connect(&webdriver)
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => panic!("no WebDriver session: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Browser {
            client: Some(client),
            driver,
            _profile: profile,
            downloads,
        }
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("an open session")
    }

    async fn close(mut self) {
        if let Some(client) = self.client.take() {
            let _ = client.close().await;
        }
    }

    async fn js(&self, script: &str) -> Value {
        self.client()
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    async fn js_with(&self, script: &str, args: Vec<Value>) -> Value {
        self.client()
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Wait (at most 15 s) until `condition` (a JS expression) is truthy.
    async fn wait_until(&self, condition: &str) {
        let script = format!("return Boolean({condition});");
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.js(&script).await != Value::Bool(true) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {condition}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn text_of(&self, css: &str) -> String {
        self.client()
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    async fn click(&self, css: &str) {
        self.client()
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Put `text` in the text box, as a paste would.
    async fn paste(&self, text: &str) {
        self.js_with(
            "const box = document.getElementById('text'); box.value = arguments[0]; \
             box.dispatchEvent(new Event('input'));",
            vec![json!(text)],
        )
        .await;
    }

    /// Choose `file` in the CSV file input, as a person picking it would.
    async fn upload(&self, file: &Path) {
        self.choose_file("csv-file", file).await;
    }

    /// Choose `file` in the file input with this id.
    async fn choose_file(&self, id: &str, file: &Path) {
        self.client()
            .find(Locator::Id(id))
            .await
            .expect("the file input")
            .send_keys(&file.display().to_string())
            .await
            .expect("choose the file");
    }

    /// Press `key` in the element that has the focus.
    async fn press(&self, key: Key) {
        self.client()
            .active_element()
            .await
            .expect("a focused element")
            .send_keys(&key.to_string())
            .await
            .expect("press the key");
    }

    async fn assert_no_sideways_scrolling(&self) {
        let overflow = self
            .js("return document.documentElement.scrollWidth - window.innerWidth;")
            .await;
        assert!(
            overflow.as_f64().unwrap() <= 0.0,
            "no sideways scrolling: {overflow}"
        );
    }

    async fn screenshot(&self, name: &str) -> PathBuf {
        // Let smooth scrolling and fonts settle.
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = self.client().screenshot().await.expect("a screenshot");
        let path = artifacts().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }

    /// A screenshot of the whole page, however long: the window is made as tall as it.
    async fn full_screenshot(&self, name: &str, width: u32) -> PathBuf {
        let height = self
            .js("return document.documentElement.scrollHeight;")
            .await
            .as_u64()
            .unwrap_or(1000)
            .clamp(600, 4000) as u32;
        // The window is taller than its viewport by the browser's own bars.
        self.client()
            .set_window_size(width, height + 200)
            .await
            .expect("resize");
        self.wait_until(&format!("window.innerHeight >= {height}"))
            .await;
        self.js("window.scrollTo(0, 0);").await;
        self.screenshot(name).await
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

const VP_LINE: &str = "Manages the engineering department budget";
const UNSURE_LINE: &str = "Foster a culture of innovation";

/// Go to `url` (or stay, after a reload: empty `url`) and read the navigation's timing.
async fn navigation_timing(browser: &Browser, url: &str) -> Value {
    if !url.is_empty() {
        browser.client().goto(url).await.unwrap();
    }
    browser
        .wait_until(
            "document.readyState === 'complete' && \
             performance.getEntriesByType('navigation')[0].loadEventEnd > 0",
        )
        .await;
    browser
        .js("const n = performance.getEntriesByType('navigation')[0]; \
             const r = (x) => Math.round(x * 10) / 10; \
             return {load: r(n.loadEventEnd - n.startTime), \
                     dom_content_loaded: r(n.domContentLoadedEventEnd - n.startTime), \
                     connect: r(n.requestStart - n.startTime), \
                     request_to_last_byte: r(n.responseEnd - n.requestStart), \
                     bytes: n.transferSize};")
        .await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Chromium: scripts/test-browser.sh"]
async fn page_loads_fast_from_a_cold_server() {
    let browser = Browser::start(1200, 900).await;
    // The browser's own start-up is not the page's: it has shown a blank page first.
    browser.client().goto("about:blank").await.unwrap();
    // Each round: two servers that have answered nothing yet, the page's, and another whose
    // 15-byte `/healthz` answer shows what any first page from a new origin costs this browser
    // (the floor). Several rounds, because a busy machine makes single figures noisy.
    const ROUNDS: usize = 5;
    let mut floors = Vec::new();
    let mut pages = Vec::new();
    let mut server = None;
    for _ in 0..ROUNDS {
        let floor = Server::start(&[]);
        let page = Server::start(&[]);
        floors.push(navigation_timing(&browser, &floor.at("/healthz")).await);
        pages.push(navigation_timing(&browser, &page.url).await);
        server = Some(page);
    }
    let _last_server = server.expect("one round");
    browser.client().refresh().await.unwrap();
    let reload = navigation_timing(&browser, "").await;
    let load = |t: &Value| t["load"].as_f64().unwrap_or(f64::NAN);
    let summary = |timings: &[Value]| {
        let mut loads: Vec<f64> = timings.iter().map(load).collect();
        loads.sort_by(f64::total_cmp);
        format!(
            "median {:.1} ms, best {:.1} ms, worst {:.1} ms",
            loads[loads.len() / 2],
            loads[0],
            loads[loads.len() - 1]
        )
    };
    let report = format!(
        "page load (Navigation Timing: navigation start to the end of the load event), {ROUNDS} rounds\n\
         \x20 the page from a cold server (its first request): {}\n\
         \x20 floor, a 15-byte answer from another cold server: {}\n\
         \x20 the page again (reload): {:.1} ms\n\
         \x20 one cold load in detail: {}\n",
        summary(&pages),
        summary(&floors),
        load(&reload),
        pages[pages.len() / 2]
    );
    std::fs::write(artifacts().join("page-load.txt"), &report).unwrap();
    eprint!("{report}");
    assert_eq!(
        browser.client().title().await.unwrap(),
        "roleclass: Director or VP of Engineering?"
    );
    // The style sheet and the script were allowed by the Content-Security-Policy and work.
    assert_eq!(
        browser
            .js("return getComputedStyle(document.body).backgroundColor;")
            .await,
        json!("rgb(245, 246, 248)")
    );
    browser.click("#example-lines").await;
    browser
        .wait_until("document.getElementById('text').value.split('\\n').length === 5")
        .await;
    browser
        .js("document.getElementById('text').value = '';")
        .await;
    browser.screenshot("01-start").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Chromium: scripts/test-browser.sh"]
async fn classify_a_line_and_read_its_answer_and_highlighted_terms() {
    let server = Server::start(&[]);
    let browser = Browser::start(1200, 900).await;
    browser.client().goto(&server.url).await.unwrap();
    let text_box = browser.client().find(Locator::Id("text")).await.unwrap();
    // Typed with the keyboard, sent with Ctrl+Enter.
    text_box
        .send_keys(&format!("{VP_LINE}\n\n{UNSURE_LINE}"))
        .await
        .unwrap();
    text_box
        .send_keys(&(Key::Control + &Key::Enter.to_string()))
        .await
        .unwrap();
    browser
        .wait_until("document.querySelectorAll('.result').length === 2")
        .await;

    let first = browser.text_of(".result:nth-child(1) .badge").await;
    assert_eq!(first.to_lowercase(), "vp", "a clear VP line");
    let marks = browser
        .js(
            "return [...document.querySelectorAll('.result:nth-child(1) mark.cue')]\
             .map(m => ({text: m.firstChild.textContent, level: m.dataset.favours, \
                         tip: m.querySelector('.tip').textContent}));",
        )
        .await;
    let marks = marks.as_array().unwrap();
    assert!(!marks.is_empty(), "cue terms are highlighted");
    let department = marks
        .iter()
        .find(|m| m["text"].as_str().unwrap().contains("department"))
        .expect("`department` is highlighted");
    assert_eq!(
        department["level"], "vp",
        "in the colour of the level it favours"
    );
    assert!(department["tip"]
        .as_str()
        .unwrap()
        .contains("log-odds, favours vp"));
    let statement = browser.text_of(".result:nth-child(1) .statement").await;
    assert!(
        statement.starts_with(VP_LINE),
        "the statement is shown whole: {statement}"
    );

    assert_eq!(
        browser
            .text_of(".result:nth-child(2) .badge")
            .await
            .to_lowercase(),
        "unsure"
    );
    assert_eq!(
        browser.text_of(".result:nth-child(2) .why").await,
        "no level cue found"
    );

    // The marked words are reachable with Tab, and focus shows their weight.
    browser
        .js("document.getElementById('results-heading').focus();")
        .await;
    browser.press(Key::Tab).await;
    let focused = browser
        .js("const a = document.activeElement; \
             return {mark: a.matches('mark.cue'), \
                     tip: a.querySelector('.tip') && getComputedStyle(a.querySelector('.tip')).display};")
        .await;
    assert_eq!(focused, json!({"mark": true, "tip": "block"}));
    browser.full_screenshot("02-classify", 1200).await;

    // The examples, with one term's weight showing (the README's screenshot, docs/serve.png).
    browser.client().set_window_size(1200, 900).await.unwrap();
    browser.click("#example-lines").await;
    browser.click("#classify").await;
    browser
        .wait_until("document.querySelectorAll('.result').length === 5")
        .await;
    browser
        .js(
            "[...document.querySelectorAll('.result:nth-child(1) mark.cue')]\
             .find(m => m.firstChild.textContent.includes('department')).focus();",
        )
        .await;
    browser.full_screenshot("02-classify-examples", 1200).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Chromium: scripts/test-browser.sh"]
async fn audit_a_posting_and_read_the_verdict() {
    let server = Server::start(&[]);
    let posting = std::fs::read_to_string(
        common::root().join("tests/fixtures/postings/director_title_vp_duties.md"),
    )
    .unwrap();
    let expected = stdout_of(
        roleclass()
            .args(["audit", "--format", "json", "-"])
            .write_stdin(posting.clone()),
    );
    let expected: Value = serde_json::from_slice(&expected).unwrap();
    let expected = &expected[0];

    let browser = Browser::start(1200, 900).await;
    browser.client().goto(&server.url).await.unwrap();
    browser.paste(&posting).await;
    browser.click("#audit").await;
    browser
        .wait_until("document.getElementById('verdict') !== null")
        .await;
    let verdict = browser.text_of("#verdict").await;
    let word = match expected["verdict"].as_str().unwrap() {
        "mismatch" => "Mismatch",
        "consistent" => "Consistent",
        "mixed" => "Mixed",
        _ => "No duties found",
    };
    assert!(verdict.starts_with(word), "{verdict}");
    assert!(browser
        .text_of(".facts")
        .await
        .contains(expected["title"].as_str().unwrap()));

    // The lines that disagree with the title, strongest first.
    let shown = browser
        .js(
            "return [...document.querySelectorAll('.disagreeing .result')].map(r => \
             ({text: r.querySelector('.statement').textContent, \
               confidence: Number(r.querySelector('.conf .value').textContent)}));",
        )
        .await;
    let shown = shown.as_array().unwrap();
    let other = if expected["claimed_level"] == "director" {
        "vp"
    } else {
        "director"
    };
    let disagreeing = expected["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["role"] == other)
        .count();
    assert_eq!(shown.len(), disagreeing);
    for pair in shown.windows(2) {
        assert!(pair[0]["confidence"].as_f64() >= pair[1]["confidence"].as_f64());
    }
    // The skipped sections, with their reasons.
    let skipped = browser
        .js("return [...document.querySelectorAll('.skipped .reason')].map(r => r.textContent);")
        .await;
    assert_eq!(
        skipped.as_array().unwrap().len(),
        expected["skipped"].as_array().unwrap().len()
    );
    browser
        .js("document.querySelectorAll('details').forEach(d => d.open = true);")
        .await;
    browser.full_screenshot("03-audit", 1200).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Chromium: scripts/test-browser.sh"]
async fn upload_a_csv_and_download_what_batch_writes() {
    let server = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,source,text\n\
               1,careers page,Manages the engineering department budget\n\
               2,careers page,\"Runs sprint retros, with the team leads\"\n\
               3,\"intranet, old\",Foster a culture of innovation\n\
               4,careers page,\"Presents the annual plan\nto the board\"\n";
    let input = common::write(dir.path(), "postings.csv", csv);
    let expected = stdout_of(roleclass().arg("batch").arg(&input));

    let browser = Browser::start(1200, 900).await;
    browser.client().goto(&server.url).await.unwrap();
    browser.upload(&input).await;
    browser
        .wait_until("!document.getElementById('csv-run').disabled")
        .await;
    // The statement column is detected: `text`, the third.
    let chosen = browser
        .js("const s = document.getElementById('csv-column'); return s.options[s.selectedIndex].textContent;")
        .await;
    assert!(
        chosen.as_str().unwrap().starts_with("text \u{2014} e.g."),
        "{chosen}"
    );
    browser.click("#csv-run").await;
    browser
        .wait_until("document.getElementById('csv-status').classList.contains('ok')")
        .await;
    let status = browser.text_of("#csv-status").await;
    assert!(status.starts_with("Labeled 4 rows"), "{status}");

    let file = browser.downloads.path().join("postings-labeled.csv");
    let deadline = Instant::now() + Duration::from_secs(15);
    while !file.exists() {
        assert!(
            Instant::now() < deadline,
            "no download in {}",
            browser.downloads.path().display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Chromium writes to a temporary name and renames it when the download is complete.
    assert_eq!(
        std::fs::read(&file).unwrap(),
        expected,
        "the same bytes as roleclass batch"
    );
    browser.full_screenshot("04-csv", 1200).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Chromium: scripts/test-browser.sh"]
async fn a_file_above_the_limit_is_refused_with_a_clear_message() {
    let server = Server::start(&["--max-upload", "1KiB"]);
    let dir = tempfile::tempdir().unwrap();
    let big = format!("text\n{}", format!("{VP_LINE}\n").repeat(40));
    let input = common::write(dir.path(), "big.csv", big);
    let browser = Browser::start(1200, 900).await;
    browser.client().goto(&server.url).await.unwrap();
    assert!(browser
        .text_of("#csv-heading + .hint")
        .await
        .contains("Files up to 1 KiB"));
    browser.upload(&input).await;
    browser
        .wait_until("document.getElementById('csv-status').classList.contains('error')")
        .await;
    let status = browser.text_of("#csv-status").await;
    assert!(
        status.contains("above this server's limit of 1 KiB"),
        "{status}"
    );
    assert_eq!(
        browser
            .js("return document.getElementById('csv-run').disabled;")
            .await,
        json!(true)
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Chromium: scripts/test-browser.sh"]
async fn user_text_is_shown_as_text_never_run() {
    let server = Server::start(&[]);
    let browser = Browser::start(1200, 900).await;
    browser.client().goto(&server.url).await.unwrap();
    let attack = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\"> owns the department budget";
    browser.paste(attack).await;
    browser.click("#classify").await;
    browser
        .wait_until("document.querySelectorAll('.result').length === 1")
        .await;
    let shown = browser
        .js("const p = document.querySelector('.result .statement'); \
             return [...p.childNodes].map(n => n.nodeType === 3 ? n.textContent : n.firstChild.textContent).join('');")
        .await;
    assert_eq!(shown, json!(attack), "shown literally");
    assert_eq!(
        browser
            .js("return document.querySelectorAll('#results img, #results script').length;")
            .await,
        json!(0)
    );

    // An audited posting: its title and lines are shown exactly as the parser read them
    // (it drops HTML tags from Markdown), as text.
    let posting = format!(
        "# <img src=x onerror=\"window.__xss = 3\">Director of Engineering & <b>VP</b> \"A<B\"\n\n\
         ## Responsibilities\n- {attack}\n\
         - Keep 2 < 5 && 7 > 3 <b onmouseover=\"window.__xss = 5\">and</b> own the department budget\n"
    );
    let expected = stdout_of(
        roleclass()
            .args(["audit", "--format", "json", "-"])
            .write_stdin(posting.clone()),
    );
    let expected: Value = serde_json::from_slice(&expected).unwrap();
    browser.paste(&posting).await;
    browser.click("#audit").await;
    browser
        .wait_until("document.getElementById('verdict') !== null")
        .await;
    assert_eq!(
        json!(browser.text_of(".facts .title").await),
        expected[0]["title"]
    );
    let lines = browser
        .js("return [...document.querySelectorAll('details .result .statement')].map(p => p.textContent);")
        .await;
    let expected_lines: Vec<Value> = expected[0]["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].clone())
        .collect();
    assert_eq!(lines, json!(expected_lines));
    assert!(
        lines.to_string().contains('<'),
        "markup-like text survives as text: {lines}"
    );
    assert_eq!(
        browser
            .js("return document.querySelectorAll('#results img, #results script, #results b').length;")
            .await,
        json!(0)
    );

    // Column names of an uploaded CSV.
    let dir = tempfile::tempdir().unwrap();
    let input = common::write(
        dir.path(),
        "x.csv",
        "<img src=x onerror=\"window.__xss = 4\">,text\n1,a\n",
    );
    browser.upload(&input).await;
    browser
        .wait_until("!document.getElementById('csv-run').disabled")
        .await;
    let first = browser
        .js("return document.getElementById('csv-column').options[0].textContent;")
        .await;
    assert!(first.as_str().unwrap().starts_with("<img src=x"));

    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        browser.js("return window.__xss === undefined;").await,
        json!(true),
        "no script ran"
    );
    browser.full_screenshot("05-xss", 1200).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Chromium: scripts/test-browser.sh"]
async fn the_model_card_is_one_click_away() {
    let server = Server::start(&[]);
    let browser = Browser::start(1200, 1000).await;
    browser.client().goto(&server.url).await.unwrap();
    browser.click("#open-card").await;
    browser
        .wait_until("document.querySelector('#card-body table') !== null")
        .await;
    let card = browser.text_of("#card").await;
    for needle in [
        "Training rows",
        "Tokenizer",
        "accuracy",
        "Strongest director terms",
        "Strongest vp terms",
    ] {
        assert!(card.contains(needle), "the card shows {needle:?}");
    }
    browser.screenshot("06-model-card").await;
    // Escape closes it, as any dialog.
    browser.press(Key::Escape).await;
    browser
        .wait_until("!document.getElementById('card').open")
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Chromium: scripts/test-browser.sh"]
async fn readable_at_phone_width() {
    let server = Server::start(&[]);
    let browser = Browser::start(390, 844).await;
    browser.client().goto(&server.url).await.unwrap();
    browser.click("#example-lines").await;
    browser.click("#classify").await;
    browser
        .wait_until("document.querySelectorAll('.result').length > 1")
        .await;
    browser.assert_no_sideways_scrolling().await;
    browser.full_screenshot("07-phone-classify", 390).await;
    browser.click("#example-posting").await;
    browser.click("#audit").await;
    browser
        .wait_until("document.getElementById('verdict') !== null")
        .await;
    browser.assert_no_sideways_scrolling().await;
    browser.full_screenshot("08-phone-audit", 390).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Chromium: scripts/test-browser.sh"]
async fn audit_a_word_document_chosen_as_a_file() {
    let server = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("job-description.docx");
    std::fs::write(
        &document,
        word_document(&[
            ("Title", false, "Director of Engineering"),
            ("Heading1", false, "Responsibilities"),
            (
                "",
                true,
                "Own the engineering department budget and the annual plan",
            ),
            (
                "",
                true,
                "Report to the CEO and present results to the board",
            ),
            (
                "",
                true,
                "Set the hiring plan for the whole engineering organization",
            ),
            (
                "",
                true,
                "Present the engineering roadmap to investors every quarter",
            ),
            (
                "",
                true,
                "Manage the department budget with the CFO and approve vendor spend",
            ),
            ("Heading1", false, "Qualifications"),
            ("", true, "Ten years of software engineering experience"),
        ]),
    )
    .unwrap();
    let expected: Value = serde_json::from_slice(&stdout_of(
        roleclass()
            .args(["audit", "--format", "json"])
            .arg(&document),
    ))
    .unwrap();

    let browser = Browser::start(1200, 900).await;
    browser.client().goto(&server.url).await.unwrap();
    browser.choose_file("posting-file", &document).await;
    browser
        .wait_until("document.getElementById('verdict') !== null")
        .await;
    // The document's text is in the box, and the audit is the command line's.
    let text = browser
        .js("return document.getElementById('text').value;")
        .await;
    assert!(
        text.as_str()
            .unwrap()
            .starts_with("# Director of Engineering"),
        "{text}"
    );
    let verdict = browser.text_of("#verdict").await;
    assert_eq!(expected[0]["verdict"], "mismatch", "{}", expected[0]);
    assert!(verdict.starts_with("Mismatch"), "{verdict}");
    browser.full_screenshot("09-audit-file", 1200).await;
    browser.close().await;
}

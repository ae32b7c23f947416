//! Markup cleanup: what is left of a line of Markdown, HTML or plain text once emphasis,
//! links, tags and entities are gone, with whitespace collapsed. Never invents text.

use unicode_segmentation::UnicodeSegmentation;

/// Normalise one line of inline text: drop Markdown emphasis (`**x**`, `__x__`, `*x*`, `_x_`,
/// `` `x` ``, `~~x~~`), keep link text (`[text](url)` -> `text`), drop autolinks (`<https://..>`)
/// and HTML tags, decode HTML entities (`&amp;`, `&nbsp;`, numeric), and collapse whitespace
/// (tabs, stray `\r`, repeated spaces) into single spaces.
pub fn clean_inline(line: &str) -> String {
    let chars: Vec<char> = line
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
            )
        })
        .collect();
    // Entities are decoded first: removing a link or tag between `&#6` and `5;` must not
    // create an entity (and so a character) that the text never had.
    let text: String = chars.into_iter().collect();
    let decoded: Vec<char> = decode_entities(&text).chars().collect();
    let linked = strip_links(&decoded);
    let untagged = strip_angle_brackets(&linked);
    let plain = strip_emphasis(&untagged);
    collapse_whitespace(&plain)
}

pub(super) fn word_count(s: &str) -> usize {
    s.unicode_words().count()
}

pub(super) fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For each `open` character, the index of its matching `close` (nesting allowed); one pass.
pub(super) fn match_pairs(chars: &[char], open: char, close: char) -> Vec<Option<usize>> {
    let mut pairs = vec![None; chars.len()];
    let mut stack = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == open {
            stack.push(i);
        } else if c == close {
            if let Some(slot) = stack.pop().and_then(|o| pairs.get_mut(o)) {
                *slot = Some(i);
            }
        }
    }
    pairs
}

/// `[text](url)`, `[text][ref]` and `![alt](url)` -> the text (links inside the text too).
///
/// Linear time and no recursion, whatever the nesting: the brackets are matched in one pass, and
/// when a link is found its `[` (and `!`) is dropped, the scan goes on through its text, and at
/// its `]` jumps past the target.
pub(super) fn strip_links(chars: &[char]) -> Vec<char> {
    let brackets = match_pairs(chars, '[', ']');
    let parens = match_pairs(chars, '(', ')');
    let pair = |pairs: &[Option<usize>], i: usize| pairs.get(i).copied().flatten();
    let mut jump: Vec<Option<usize>> = vec![None; chars.len()];
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if let Some(next) = jump.get(i).copied().flatten() {
            i = next;
            continue;
        }
        let open = match c {
            '[' => Some(i),
            '!' if chars.get(i + 1) == Some(&'[') => Some(i + 1),
            _ => None,
        };
        let link = open.and_then(|open| {
            let close = pair(&brackets, open)?;
            let end = match chars.get(close + 1) {
                Some('(') => pair(&parens, close + 1),
                Some('[') => pair(&brackets, close + 1),
                _ => None,
            }?;
            Some((open, close, end))
        });
        if let Some((open, close, end)) = link {
            if let Some(slot) = jump.get_mut(close) {
                *slot = Some(end + 1);
            }
            i = open + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Drop autolinks (`<https://...>`, `<mailto:...>`, `<a@b>`), HTML tags and comments.
pub(super) fn strip_angle_brackets(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if c == '<' {
            let close = chars
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, &x)| x == '>' || x == '<')
                .filter(|(_, &x)| x == '>')
                .map(|(j, _)| j);
            if let Some(j) = close {
                let inner: String = chars.get(i + 1..j).unwrap_or(&[]).iter().collect();
                if is_autolink(&inner) || is_html_tag(&inner) {
                    out.push(' ');
                    i = j + 1;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

pub(super) fn is_autolink(inner: &str) -> bool {
    let lower = inner.to_ascii_lowercase();
    let scheme = ["http://", "https://", "mailto:", "www.", "ftp://"]
        .iter()
        .any(|p| lower.starts_with(p));
    let email = inner.contains('@') && !inner.contains(char::is_whitespace) && !inner.is_empty();
    (scheme && !inner.contains(char::is_whitespace)) || email
}

pub(super) fn is_html_tag(inner: &str) -> bool {
    if inner.starts_with("!--") && inner.ends_with("--") {
        return true;
    }
    let name = inner.strip_prefix('/').unwrap_or(inner);
    let mut it = name.chars();
    let Some(first) = it.next() else {
        return false;
    };
    if !first.is_ascii_alphabetic() {
        return false;
    }
    let tag_len = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .count();
    let after = name.get(tag_len..).unwrap_or("");
    after.is_empty() || after.starts_with(char::is_whitespace) || after.starts_with('/')
}

/// Decode `&amp;`, `&nbsp;`, a few named punctuation entities and numeric entities.
pub fn decode_entities(s: &str) -> String {
    const NAMED: &[(&str, char)] = &[
        ("amp", '&'),
        ("nbsp", ' '),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("rsquo", '’'),
        ("lsquo", '‘'),
        ("rdquo", '”'),
        ("ldquo", '“'),
        ("ndash", '–'),
        ("mdash", '—'),
        ("hellip", '…'),
        ("bull", '•'),
        ("middot", '·'),
        ("copy", '©'),
        ("reg", '®'),
        ("trade", '™'),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        // Entity names are short: look for the `;` in the next few characters only.
        let decoded = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(semi, _)| semi)
            .filter(|&semi| semi > 0 && semi <= 10)
            .and_then(|semi| {
                let name = after.get(..semi)?;
                let c = if let Some(num) = name.strip_prefix('#') {
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(code).filter(|c| *c != '\0')?
                } else {
                    NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)?
                };
                Some((c, semi))
            });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = after.get(semi + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Drop emphasis delimiters (`*`, `_`, `~~`, backticks) but keep `snake_case`, `a * b` and
/// `~50`.
pub(super) fn strip_emphasis(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if !matches!(c, '*' | '_' | '~' | '`') {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j) == Some(&c) {
            j += 1;
        }
        let run = j - i;
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(j).copied();
        let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
        let alnum = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
        let keep = match c {
            '`' => false,
            '~' => run == 1,
            '*' => (space(prev) && space(next)) || (run == 1 && alnum(prev) && alnum(next)),
            _ => (alnum(prev) && alnum(next)) || (space(prev) && space(next)),
        };
        if keep {
            out.extend(std::iter::repeat_n(c, run));
        }
        i = j;
    }
    out
}

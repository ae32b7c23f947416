//! Markup cleanup: what is left of a line of Markdown, HTML or plain text once emphasis,
//! links, tags and entities are gone, with whitespace collapsed. Never invents text.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

/// Normalise one line of inline text: drop Markdown emphasis (`**x**`, `__x__`, `*x*`, `_x_`,
/// `` `x` ``, `~~x~~`), keep link text (`[text](url)` -> `text`), drop autolinks (`<https://..>`)
/// and HTML tags, decode HTML entities (`&amp;`, `&nbsp;`, numeric), and collapse whitespace
/// (tabs, stray `\r`, repeated spaces) into single spaces.
pub fn clean_inline(line: &str) -> String {
    let invisible = |c: char| {
        matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
    };
    // Each stage runs only when its characters are there: most lines are plain text, and a
    // line of megabytes then costs a copy or two, not a table per character.
    let mut text: Cow<'_, str> = if line.contains(invisible) {
        Cow::Owned(line.chars().filter(|&c| !invisible(c)).collect())
    } else {
        Cow::Borrowed(line)
    };
    // Entities are decoded first: removing a link or tag between `&#6` and `5;` must not
    // create an entity (and so a character) that the text never had.
    if text.contains('&') {
        text = Cow::Owned(decode_entities(&text));
    }
    // Pandoc's empty spans with attributes, from a converted document: "[]{#anchor}",
    // "[]{.c3}".
    if text.contains("[]{") {
        text = Cow::Owned(strip_empty_spans(&text));
    }
    if text.contains('[') {
        let chars: Vec<char> = strip_comment_anchors(&text.chars().collect::<Vec<char>>());
        text = Cow::Owned(strip_links(&chars).into_iter().collect());
    }
    if text.contains('<') {
        let chars: Vec<char> = text.chars().collect();
        text = Cow::Owned(strip_angle_brackets(&chars));
    }
    if text.contains(['*', '_', '~', '`', '\\']) {
        text = Cow::Owned(strip_emphasis(&text));
    }
    collapse_whitespace(&text)
}

pub(super) fn word_count(s: &str) -> usize {
    s.unicode_words().count()
}

pub(super) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `text` without its empty spans with attributes (`[]{#id}`, `[]{.class}`): nothing of the
/// text is in them.
fn strip_empty_spans(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("[]{") {
        let after = rest.get(at + 3..).unwrap_or("");
        let close = after.find('}').filter(|&end| {
            after
                .get(..end)
                .is_some_and(|attrs| !attrs.contains(['[', '{']))
        });
        match close {
            Some(end) => {
                out.push_str(rest.get(..at).unwrap_or(""));
                rest = after.get(end + 1..).unwrap_or("");
            }
            None => {
                out.push_str(rest.get(..at + 3).unwrap_or(""));
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Drop the anchors an online editor's export leaves for its comments and footnotes, glued
/// to the word before them: "roadmap[b] and", "teams.[12]". Only one or two lower-case letters
/// or one to three digits in brackets, right after a letter, digit or closing punctuation and
/// before a space, punctuation or the end: not a checkbox ("- [x] Lead"), not a link
/// ("[b](url)").
fn strip_comment_anchors(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '[' {
            let glued = out.last().is_some_and(|&p: &char| {
                p.is_alphanumeric()
                    || matches!(p, '.' | ',' | ';' | ':' | ')' | '"' | '\'' | '’' | '”')
            });
            let inner_len = chars
                .get(i + 1..)
                .unwrap_or(&[])
                .iter()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                .count();
            let inner = chars.get(i + 1..i + 1 + inner_len).unwrap_or(&[]);
            let anchor = (inner.iter().all(char::is_ascii_lowercase)
                && (1..=2).contains(&inner_len))
                || (inner.iter().all(char::is_ascii_digit) && (1..=3).contains(&inner_len));
            let closes = chars.get(i + 1 + inner_len) == Some(&']');
            let after = chars.get(i + 2 + inner_len);
            let ends =
                after.is_none_or(|a| a.is_whitespace() || (a.is_ascii_punctuation() && *a != '('));
            if glued && anchor && closes && ends {
                i += inner_len + 2;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// No matching character (in the tables of [`match_pairs`] and [`strip_links`]).
const NONE: u32 = u32::MAX;

/// For each `open` character, the index of its matching `close` (nesting allowed), or
/// [`NONE`]; one pass, four bytes per character.
pub(super) fn match_pairs(chars: &[char], open: char, close: char) -> Vec<u32> {
    let mut pairs = vec![NONE; chars.len()];
    let mut stack = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == open {
            stack.push(i);
        } else if c == close {
            if let Some(slot) = stack.pop().and_then(|o| pairs.get_mut(o)) {
                *slot = u32::try_from(i).unwrap_or(NONE);
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
    // A line of more than 4 G characters keeps its links (the tables hold 32-bit indices).
    if u32::try_from(chars.len()).is_err() {
        return chars.to_vec();
    }
    let brackets = match_pairs(chars, '[', ']');
    let parens = match_pairs(chars, '(', ')');
    let pair = |pairs: &[u32], i: usize| {
        pairs
            .get(i)
            .copied()
            .filter(|&j| j != NONE)
            .map(|j| j as usize)
    };
    let mut jump: Vec<u32> = vec![NONE; chars.len()];
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if let Some(next) = jump.get(i).copied().filter(|&j| j != NONE) {
            i = next as usize;
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
                *slot = u32::try_from(end + 1).unwrap_or(NONE);
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

/// Undo the commonest damage of a copy and paste: UTF-8 text read as Windows-1252 and written
/// again as UTF-8 ("youâ€™ll" for "you’ll", "â€”" for "—", "RenÃ©e" for "Renée", "Â " for a
/// no-break space). A run of characters is put back only when its Windows-1252 bytes are one
/// whole UTF-8 sequence (a lead byte and its continuation bytes), which accented words of any
/// language are not ("é", "für", "à la"). Line breaks are never touched.
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    // A lead byte of a two- to four-byte sequence, read as Windows-1252 (or Latin-1).
    let is_lead = |c: char| ('\u{c2}'..='\u{f4}').contains(&c);
    if !text.contains(is_lead) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut repaired_any = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let repaired = is_lead(c)
            .then(|| chars.get(i..).and_then(mojibake_sequence))
            .flatten();
        match repaired {
            Some((original, used)) => {
                out.push(original);
                repaired_any = true;
                i += used;
            }
            None => {
                out.push(c);
                i += 1;
            }
        }
    }
    if repaired_any {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// The character that the Windows-1252 reading of `chars` (starting at a lead byte) stands for,
/// and how many characters it took; `None` when they are no whole UTF-8 sequence.
fn mojibake_sequence(chars: &[char]) -> Option<(char, usize)> {
    let lead = windows_1252_byte(*chars.first()?)?;
    let len = match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let mut bytes = [0u8; 4];
    for (slot, &c) in bytes.iter_mut().zip(chars.get(..len)?) {
        *slot = windows_1252_byte(c)?;
    }
    if !bytes[1..len].iter().all(|b| (0x80..=0xbf).contains(b)) {
        return None;
    }
    let original = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    Some((original, len))
}

/// The byte that encodes `c` in Windows-1252 (Latin-1 for the bytes Windows-1252 leaves
/// undefined, as lenient decoders read them).
fn windows_1252_byte(c: char) -> Option<u8> {
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8a),
        ('‹', 0x8b),
        ('Œ', 0x8c),
        ('Ž', 0x8e),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9a),
        ('›', 0x9b),
        ('œ', 0x9c),
        ('ž', 0x9e),
        ('Ÿ', 0x9f),
    ];
    u8::try_from(u32::from(c))
        .ok()
        .or_else(|| HIGH.iter().find(|(h, _)| *h == c).map(|(_, b)| *b))
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
/// `~50`; a Markdown escape (`\-`, `\*`) keeps its character and loses the backslash.
pub(super) fn strip_emphasis(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if c == '\\' {
            if let Some(&escaped) = chars.get(i + 1).filter(|e| e.is_ascii_punctuation()) {
                out.push(escaped);
                i += 2;
                continue;
            }
        }
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

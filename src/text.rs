//! Text normalisation and tokenisation: the one place that decides what a "word" is.
//!
//! Training and scoring must agree byte for byte on tokens, so both go through
//! [`for_each_token`]. Text that is not plain ASCII is first normalised (NFKC, so fullwidth
//! and other compatibility forms read as their plain letters, and Unicode format characters
//! such as a soft hyphen, a zero-width space or a byte-order mark are removed: they would
//! otherwise split or hide a word). It is then segmented into Unicode words (UAX #29), each
//! word split further into runs of alphanumeric characters and lowercased ("e.g." gives `e`,
//! `g`).
//!
//! Two rules make the tokens fit the domain:
//! - abbreviations survive as one token: runs of one or two characters joined by `&` (`P&L`,
//!   `R&D`, `M&A`) and a single character joined by `-` to the run after it (`C-level`,
//!   `C-suite`, `e-commerce`);
//! - a lone ASCII letter or digit is no token at all (the `s` of "team's", the `a` of "a
//!   team", the `C` of "the C library"): one letter carries no level cue, and as a feature it
//!   only picks up noise from the abbreviations above. (A lone ideograph stays a token.)
//!
//! For pure-ASCII input a hand-written scanner produces exactly the same tokens without the
//! segmentation tables; a property test checks the two agree. Stop words are dropped and an
//! optional light stemmer strips plural and third-person `-s`. Features are the remaining
//! tokens (unigrams) and, optionally, adjacent pairs (bigrams), joined by one space.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// How raw words are reduced before they become features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stemming {
    /// Keep every lowercased word as it is.
    None,
    /// Strip plural / third-person endings: `budgets` -> `budget`, `strategies` -> `strategy`.
    Light,
}

/// Which word rules a tokenizer follows. A model file records the rules it was trained with,
/// so that a model keeps scoring exactly as it did when newer rules arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WordRules {
    /// Every alphanumeric run is a token, and text is not normalised (models trained before
    /// the abbreviation rules; a model file without `rules` has these).
    #[default]
    Plain,
    /// NFKC and format characters removed, abbreviations joined, lone ASCII characters left
    /// out (see the module docs).
    Abbreviations,
}

/// Tokenizer settings, chosen by cross-validation and stored in the model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TokenizerConfig {
    /// Word reduction applied after lowercasing.
    pub stemming: Stemming,
    /// Drop the function words in [`STOP_WORDS`].
    pub stop_words: bool,
    /// Add adjacent token pairs as features besides single tokens.
    pub bigrams: bool,
    /// The word rules.
    #[serde(default)]
    pub rules: WordRules,
}

impl Default for TokenizerConfig {
    fn default() -> Self {
        TokenizerConfig {
            stemming: Stemming::Light,
            stop_words: true,
            bigrams: true,
            rules: WordRules::Abbreviations,
        }
    }
}

impl TokenizerConfig {
    /// The settings the classifier's allocation-free ASCII fast path serves: no stemming, stop
    /// words kept, 1-2 grams, abbreviation rules.
    pub fn fast_path() -> TokenizerConfig {
        TokenizerConfig {
            stemming: Stemming::None,
            stop_words: false,
            bigrams: true,
            rules: WordRules::Abbreviations,
        }
    }

    /// Every combination of stemming, stop words and bigrams, in a fixed order.
    pub fn all() -> Vec<TokenizerConfig> {
        let mut configs = Vec::new();
        for stemming in [Stemming::Light, Stemming::None] {
            for stop_words in [true, false] {
                for bigrams in [true, false] {
                    configs.push(TokenizerConfig {
                        stemming,
                        stop_words,
                        bigrams,
                        rules: WordRules::Abbreviations,
                    });
                }
            }
        }
        configs
    }

    /// A short human-readable description, e.g. `light stem, stop words, 1-2 grams`.
    pub fn describe(&self) -> String {
        format!(
            "{} stem, {}, {}{}",
            match self.stemming {
                Stemming::Light => "light",
                Stemming::None => "no",
            },
            if self.stop_words {
                "stop words removed"
            } else {
                "stop words kept"
            },
            if self.bigrams {
                "1-2 grams"
            } else {
                "unigrams"
            },
            match self.rules {
                WordRules::Plain => ", plain words",
                WordRules::Abbreviations => "",
            }
        )
    }
}

/// Function words that carry no level cue. Deliberately short: words such as `next`,
/// `across`, `all` or `whole` are cues in this domain and stay.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "also", "an", "and", "any", "are", "as", "at", "be", "been", "being", "both",
    "but", "by", "can", "do", "does", "etc", "for", "from", "has", "have", "he", "her", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "may", "me", "my", "of", "on", "or", "our",
    "ours", "s", "she", "so", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "us", "via", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "will", "with", "would", "you", "your", "yours",
];

/// True when `word` (already lowercased) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Apply the light stemmer to a lowercased word, in place.
pub fn light_stem(word: &mut String) {
    let len = word.len();
    // Abbreviations (`r&d`, `c-suites`) are left alone: cutting them can leave a dangling
    // joiner that would tokenize differently.
    if len < 4 || !word.ends_with('s') || word.contains(['&', '-']) {
        return;
    }
    if word.ends_with("ies") && len >= 5 {
        word.truncate(len - 3);
        word.push('y');
    } else if word.ends_with("sses")
        || word.ends_with("ches")
        || word.ends_with("shes")
        || word.ends_with("xes")
    {
        word.truncate(len - 2);
    } else if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        // `process`, `status`, `analysis`: not plurals.
    } else {
        word.truncate(len - 1);
    }
}

/// Call `f` with every normalised token of `text` (lowercased, stemmed if asked, stop words
/// removed if asked), in order. The closure receives a reused buffer: copy what you keep.
pub fn for_each_token(text: &str, config: &TokenizerConfig, f: impl FnMut(&str)) {
    for_each_token_in(text, config, &mut String::new(), f);
}

/// [`for_each_token`] with a caller-owned buffer, so a hot loop allocates nothing per call.
pub fn for_each_token_in(
    text: &str,
    config: &TokenizerConfig,
    word: &mut String,
    mut f: impl FnMut(&str),
) {
    let mut emit = |word: &mut String| {
        if config.stemming == Stemming::Light {
            light_stem(word);
        }
        if config.stop_words && is_stop_word(word) {
            return;
        }
        f(word);
    };
    if text.is_ascii() {
        for_each_ascii_token(text.as_bytes(), config.rules, |start, end| {
            word.clear();
            word.push_str(&text[start..end]);
            word.make_ascii_lowercase();
            emit(word);
        });
    } else {
        for token in unicode_tokens(text, config.rules) {
            word.clear();
            word.push_str(&token);
            emit(word);
        }
    }
}

/// Bytes of padding [`for_each_padded_ascii_token`] needs after the text: the scanner reads
/// whole 64-byte blocks, and the classifier reads 16 bytes at the start of every token.
pub const SCAN_PADDING: usize = 64;

/// Byte ranges of the tokens of ASCII text before lowercasing (see the module docs): maximal
/// runs of letters and digits, abbreviations joined across `&` and `-`, lone characters left
/// out. Every path that tokenizes ASCII text goes through this scanner (or its padded twin
/// [`for_each_padded_ascii_token`], which shares its code).
///
/// `f(start, end)` is called for each token in order. A callback rather than an iterator: this
/// is the innermost loop of `batch`, and as a plain loop it compiles to about half the
/// instructions of the equivalent iterator with a look-ahead.
#[inline]
pub fn for_each_ascii_token(bytes: &[u8], rules: WordRules, f: impl FnMut(usize, usize)) {
    scan_tokens(
        bytes,
        bytes.len(),
        rules,
        |base| Some(alnum_bits(bytes, base)),
        f,
    );
}

/// [`for_each_ascii_token`] over the first `len` bytes of `padded`, which holds at least
/// [`SCAN_PADDING`] bytes after them, all below 0x80 and none a letter or digit (zeros, say),
/// so that every block is read whole. Stops and returns false at the first block that holds
/// a byte of 0x80 or more (the text is not ASCII: tokens already passed to `f` are then
/// meaningless); returns true once every token has been passed to `f`.
#[inline]
pub fn for_each_padded_ascii_token(
    padded: &[u8],
    len: usize,
    rules: WordRules,
    f: impl FnMut(usize, usize),
) -> bool {
    scan_tokens(
        padded,
        len,
        rules,
        |base| padded_block_bits(padded, base),
        f,
    )
}

/// The scanner behind [`for_each_ascii_token`] and [`for_each_padded_ascii_token`]:
/// `block(base)` gives the letter-and-digit bits of `bytes[base..base + 64]` (bit k for byte
/// `base + k`, none at or past `len`), or `None` to stop (then false is returned).
///
/// Runs come from [`Runs`]. Abbreviations are joined as runs arrive: a run followed by `&`
/// or `-`, or one after such a run, goes through [`join_run`], off the hot path; every other
/// run is a token unless it is a lone character. `f` has one call site, so that it is inlined.
#[inline(always)]
fn scan_tokens(
    bytes: &[u8],
    len: usize,
    rules: WordRules,
    mut block: impl FnMut(usize) -> Option<u64>,
    mut f: impl FnMut(usize, usize),
) -> bool {
    let joining = rules == WordRules::Abbreviations;
    let mut runs = Runs::new(len);
    let mut pending: Option<Pending> = None;
    loop {
        let token = match runs.next(&mut block) {
            Some(run) if !joining => Some(run),
            Some(run) if pending.is_some() || may_join(bytes, run) => {
                join_run(bytes, rules, &mut pending, run)
            }
            // A lone character with nothing to join is no token (`Joiner::is_lone`).
            Some((start, end)) => (end - start > 1).then_some((start, end)),
            None if runs.stopped => return false,
            None => match pending.take() {
                Some((first, last, joiner)) if !joiner.is_lone() => Some((first, last)),
                _ => return true,
            },
        };
        if let Some((start, end)) = token {
            f(start, end);
        }
    }
}

/// A token that waits: its start, its end and its joiner state. Its end is followed by a
/// joiner, or it is a run that comes after a token finished by the same run.
type Pending = (usize, usize, Joiner);

/// The joining step for a run (`start`, `end`) that may start an abbreviation or comes after a
/// waiting token (`pending`): updates what waits and returns the token finished, if any (at
/// most one: when the waiting token is finished by a run that cannot join it, the run waits
/// in turn).
#[inline(never)]
fn join_run(
    bytes: &[u8],
    rules: WordRules,
    pending: &mut Option<Pending>,
    (start, end): (usize, usize),
) -> Option<(usize, usize)> {
    let mut finished = None;
    if let Some((first, last, mut joiner)) = pending.take() {
        if start == last + 1 && joiner.joins(bytes[last], end - start) {
            if is_joiner(bytes.get(end)) {
                *pending = Some((first, end, joiner));
                return None;
            }
            return Some((first, end));
        }
        if !joiner.is_lone() {
            finished = Some((first, last));
        }
    }
    if finished.is_none() && !is_joiner(bytes.get(end)) {
        return (end - start > 1).then_some((start, end));
    }
    *pending = Some((start, end, Joiner::new(end - start, rules)));
    finished
}

/// The maximal runs of letters and digits, read off block bit masks: a block's bits give
/// where runs start (a letter or digit after anything else) and where they stop (anything
/// else after a letter or digit); the two masks are read in step, and a run that reaches
/// the end of a block stops in a later one.
struct Runs {
    /// Start of the block `starts` and `stops` belong to.
    block: usize,
    /// Start of the next block to read.
    next: usize,
    len: usize,
    /// Run starts in the current block not yet returned.
    starts: u64,
    /// Run stops in the current block not yet used.
    stops: u64,
    /// Bit 0: the last byte of the current block is a letter or digit.
    carry: u64,
    /// A block read gave `None`.
    stopped: bool,
}

impl Runs {
    fn new(len: usize) -> Runs {
        Runs {
            block: 0,
            next: 0,
            len,
            starts: 0,
            stops: 0,
            carry: 0,
            stopped: false,
        }
    }

    /// Reads the next block into `starts` and `stops`; false at the end of the text (or when
    /// `block` says stop).
    #[inline(always)]
    fn advance(&mut self, block: &mut impl FnMut(usize) -> Option<u64>) -> bool {
        if self.next >= self.len {
            return false;
        }
        let Some(bits) = block(self.next) else {
            self.stopped = true;
            return false;
        };
        let before = (bits << 1) | self.carry;
        self.carry = bits >> 63;
        self.starts = bits & !before;
        self.stops = !bits & before;
        self.block = self.next;
        self.next += 64;
        true
    }

    /// The next run, as `(start, end)`.
    #[inline(always)]
    fn next(&mut self, block: &mut impl FnMut(usize) -> Option<u64>) -> Option<(usize, usize)> {
        // Every run returned so far has used its stop, so a block without starts left has no
        // stops left either.
        while self.starts == 0 {
            if !self.advance(block) {
                return None;
            }
        }
        let start = self.block + self.starts.trailing_zeros() as usize;
        self.starts &= self.starts - 1;
        while self.stops == 0 {
            if !self.advance(block) {
                // The text ends inside the run (or it is not ASCII: then nothing counts).
                return (!self.stopped).then_some((start, self.len));
            }
        }
        let end = self.block + self.stops.trailing_zeros() as usize;
        self.stops &= self.stops - 1;
        Some((start, end))
    }
}

/// Whether the run `start..end`, on its own, may be joined to the run after it (see
/// `Joiner::joins`): only a run of one or two characters before `&`, or of one before `-`, can
/// be; any other run is a token even when a joiner follows it.
#[inline(always)]
fn may_join(bytes: &[u8], (start, end): (usize, usize)) -> bool {
    match bytes.get(end) {
        Some(b'&') => end - start <= 2,
        Some(b'-') => end - start == 1,
        _ => false,
    }
}

/// Whether `byte` (the one after a run, if any) may join an abbreviation.
#[inline(always)]
fn is_joiner(byte: Option<&u8>) -> bool {
    matches!(byte, Some(b'&' | b'-'))
}

/// Bit k set when `bytes[base + k]` (k < 64) is an ASCII letter or digit; 0 past the end.
#[inline]
fn alnum_bits(bytes: &[u8], base: usize) -> u64 {
    let block = bytes.get(base..).unwrap_or_default();
    match block.first_chunk::<64>() {
        Some(block) => block_bits(block),
        None => {
            let mut padded = [0u8; 64];
            padded[..block.len()].copy_from_slice(block);
            block_bits(&padded)
        }
    }
}

/// [`alnum_bits`] of a padded buffer, or `None` when the block holds a byte of 0x80 or more.
/// Checks that first, so that the bytes can be classified without masking their high bits.
#[inline(always)]
fn padded_block_bits(padded: &[u8], base: usize) -> Option<u64> {
    let block = padded.get(base..)?.first_chunk::<64>()?;
    let mut words = [0u64; 8];
    for (word, group) in words.iter_mut().zip(block.chunks_exact(8)) {
        *word = <[u8; 8]>::try_from(group).map_or(0, u64::from_le_bytes);
    }
    if words.iter().fold(0, |high, word| high | word) & HIGH != 0 {
        return None;
    }
    let mut bits = 0;
    for (i, &word) in words.iter().enumerate() {
        bits |= ascii_alnum_byte_bits(word) << (8 * i);
    }
    Some(bits)
}

/// The letter-and-digit bits of a 64-byte block.
#[inline(always)]
fn block_bits(block: &[u8; 64]) -> u64 {
    let mut bits = 0;
    for (i, group) in block.chunks_exact(8).enumerate() {
        let word = <[u8; 8]>::try_from(group).map_or(0, u64::from_le_bytes);
        bits |= alnum_byte_bits(word) << (8 * i);
    }
    bits
}

/// `0x01` in every byte of a `u64`.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of every byte of a `u64`.
const HIGH: u64 = ONES * 0x80;

/// Bit i set when byte i of `word` (little-endian) is an ASCII letter or digit, eight bytes at
/// once (bytes from 0x80 up are never letters or digits).
#[inline(always)]
fn alnum_byte_bits(word: u64) -> u64 {
    gather_high_bits(alnum_flags(word & !HIGH) & !word)
}

/// [`alnum_byte_bits`] of a word whose bytes are all below 0x80.
#[inline(always)]
fn ascii_alnum_byte_bits(word: u64) -> u64 {
    gather_high_bits(alnum_flags(word))
}

/// The high bit of byte i set when byte i of `word`, whose bytes are all below 0x80, is a
/// letter or digit: the high bit of `b + (0x80 - lo)` is set when `b >= lo`, with no carry
/// between bytes, and `b | 0x20` maps upper-case letters onto lower-case ones.
#[inline(always)]
fn alnum_flags(word: u64) -> u64 {
    let in_range = |x: u64, lo: u8, hi: u8| {
        (x + ONES * (0x80 - u64::from(lo))) & !(x + ONES * (0x7f - u64::from(hi)))
    };
    in_range(word, b'0', b'9') | in_range(word | (ONES * 0x20), b'a', b'z')
}

/// Bit i set when the high bit of byte i of `word` (little-endian) is set.
#[inline(always)]
fn gather_high_bits(word: u64) -> u64 {
    // The high bit of byte i lands in bit 56 + i.
    (((word & HIGH) >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The joining rule for abbreviations, applied run by run while a token grows.
#[derive(Debug, Clone, Copy)]
struct Joiner {
    /// False under [`WordRules::Plain`]: nothing joins and nothing is left out.
    enabled: bool,
    /// Characters in the token's first run.
    first: usize,
    /// Characters in the token's last run.
    last: usize,
    /// Runs in the token so far.
    runs: usize,
}

impl Joiner {
    fn new(first: usize, rules: WordRules) -> Joiner {
        Joiner {
            enabled: rules == WordRules::Abbreviations,
            first,
            last: first,
            runs: 1,
        }
    }

    /// Whether a run of `next` characters after the separator `separator` joins the token
    /// (and if so, take it in).
    fn joins(&mut self, separator: u8, next: usize) -> bool {
        let joins = self.enabled
            && match separator {
                b'&' => self.last <= 2 && next <= 2,
                b'-' => self.runs == 1 && self.first == 1,
                _ => false,
            };
        if joins {
            self.last = next;
            self.runs += 1;
        }
        joins
    }

    /// A token of one character, which is left out.
    fn is_lone(&self) -> bool {
        self.enabled && self.runs == 1 && self.first == 1
    }
}

/// True for Unicode format characters (general category Cf): invisible marks such as the
/// soft hyphen, zero-width spaces and joiners, bidirectional controls and the byte-order
/// mark, which must not split or hide a word.
pub fn is_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// `text` in NFKC with its format characters removed (see the module docs).
pub fn normalize(text: &str) -> String {
    text.nfkc().filter(|&c| !is_format_char(c)).collect()
}

/// One piece of segmented text, before abbreviations are joined.
enum Piece {
    /// A lowercased run of alphanumeric characters, and its length in characters.
    Run(String, usize),
    /// A character that may join an abbreviation (`&` or `-`).
    Joiner(u8),
    /// Anything else between runs.
    Gap,
}

/// The tokens of normalised text: its Unicode words (UAX #29), lowercased and split into
/// alphanumeric runs, abbreviations joined and lone characters left out by the same rule as
/// [`for_each_ascii_token`].
fn segment(text: &str, rules: WordRules) -> Vec<String> {
    let mut pieces: Vec<Piece> = Vec::new();
    let push_char = |pieces: &mut Vec<Piece>, c: char| {
        if c.is_alphanumeric() {
            if let Some(Piece::Run(run, len)) = pieces.last_mut() {
                run.push(c);
                *len += 1;
                return;
            }
            pieces.push(Piece::Run(c.to_string(), 1));
        } else {
            pieces.push(match c {
                '&' => Piece::Joiner(b'&'),
                '-' => Piece::Joiner(b'-'),
                _ => Piece::Gap,
            });
        }
    };
    for segment in text.split_word_bounds() {
        // Lowercase before splitting: lowercasing can yield non-alphanumeric marks
        // (`İ` -> `i̇`), which must not survive into a token.
        let lower = segment.to_lowercase();
        // Runs of adjacent segments (ideographs, for instance) stay separate tokens.
        if matches!(pieces.last(), Some(Piece::Run(..)))
            && lower.chars().next().is_some_and(char::is_alphanumeric)
        {
            pieces.push(Piece::Gap);
        }
        for c in lower.chars() {
            push_char(&mut pieces, c);
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let Piece::Run(run, len) = &pieces[i] else {
            i += 1;
            continue;
        };
        let mut token = run.clone();
        let mut joiner = Joiner::new(*len, rules);
        i += 1;
        while let (Some(Piece::Joiner(separator)), Some(Piece::Run(next, next_len))) =
            (pieces.get(i), pieces.get(i + 1))
        {
            if !joiner.joins(*separator, *next_len) {
                break;
            }
            token.push(char::from(*separator));
            token.push_str(next);
            i += 2;
        }
        // A lone ideograph or other non-ASCII character can be a word of its own.
        if !(joiner.is_lone() && token.is_ascii()) {
            out.push(token);
        }
    }
    out
}

/// [`segment`] repeated on its own space-joined output until nothing changes, so that the
/// tokenizer is idempotent even where UAX #29 depends on context (a combining mark after
/// punctuation segments differently after a space). Each round can only split tokens or drop
/// marks, so it settles quickly; the bound is a safety net.
fn unicode_tokens(text: &str, rules: WordRules) -> Vec<String> {
    let mut tokens = match rules {
        WordRules::Plain => segment(text, rules),
        WordRules::Abbreviations => segment(&normalize(text), rules),
    };
    for _ in 0..8 {
        let again = segment(&tokens.join(" "), rules);
        if again == tokens {
            break;
        }
        tokens = again;
    }
    tokens
}

/// The normalised tokens of `text`, as owned strings.
pub fn tokens(text: &str, config: &TokenizerConfig) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, config, |t| out.push(t.to_owned()));
    out
}

/// Reusable buffers for [`for_each_feature`].
#[derive(Debug, Default)]
pub struct FeatureBuffers {
    word: String,
    previous: String,
    pair: String,
}

/// Call `f` with every feature of `text` (each token, and with bigrams each adjacent pair
/// joined by a space), allocating nothing once the buffers have grown. Order: each token,
/// followed by the pair it ends.
pub fn for_each_feature(
    text: &str,
    config: &TokenizerConfig,
    buffers: &mut FeatureBuffers,
    mut f: impl FnMut(&str),
) {
    let FeatureBuffers {
        word,
        previous,
        pair,
    } = buffers;
    previous.clear();
    let mut have_previous = false;
    for_each_token_in(text, config, word, |token| {
        f(token);
        if config.bigrams {
            if have_previous {
                pair.clear();
                pair.push_str(previous);
                pair.push(' ');
                pair.push_str(token);
                f(pair);
            }
            previous.clear();
            previous.push_str(token);
            have_previous = true;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn raw() -> TokenizerConfig {
        TokenizerConfig {
            stemming: Stemming::None,
            stop_words: false,
            bigrams: false,
            rules: WordRules::Abbreviations,
        }
    }

    fn plain() -> TokenizerConfig {
        TokenizerConfig {
            rules: WordRules::Plain,
            ..raw()
        }
    }

    /// A plain reference for ASCII text, written independently of both paths: split on
    /// anything but letters and digits, glue `&` abbreviations and single-letter `-`
    /// prefixes, drop what is left of one character.
    fn reference(text: &str) -> Vec<String> {
        let lower = text.to_ascii_lowercase();
        let bytes = lower.as_bytes();
        // (run, separator before the next run if it touches it)
        let mut runs: Vec<(&str, Option<u8>)> = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let touches = i + 1 < bytes.len()
                && matches!(bytes[i], b'&' | b'-')
                && bytes[i + 1].is_ascii_alphanumeric();
            runs.push((&lower[start..i], touches.then(|| bytes[i])));
        }
        let mut out = Vec::new();
        let mut k = 0;
        while k < runs.len() {
            let mut token = runs[k].0.to_owned();
            let mut parts = 1;
            while k + 1 < runs.len() {
                let (last, separator) = runs[k];
                let next = runs[k + 1].0;
                let joins = match separator {
                    Some(b'&') => last.len() <= 2 && next.len() <= 2,
                    Some(b'-') => parts == 1 && last.len() == 1,
                    _ => false,
                };
                if !joins {
                    break;
                }
                token.push(char::from(separator.unwrap_or(b' ')));
                token.push_str(next);
                parts += 1;
                k += 1;
            }
            k += 1;
            if parts > 1 || token.len() > 1 {
                out.push(token);
            }
        }
        out
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn lowercases_and_splits_punctuation() {
        assert_eq!(
            tokens(
                "Manages the Engineering-department's budget (e.g. $12M).",
                &raw()
            ),
            [
                "manages",
                "the",
                "engineering",
                "department",
                "budget",
                "12m"
            ]
        );
    }

    #[test]
    fn unicode_words_are_segmented_and_lowercased() {
        assert_eq!(
            tokens("Führt das Team — Überblick über Ziele", &raw()),
            ["führt", "das", "team", "überblick", "über", "ziele"]
        );
        assert_eq!(tokens("😀 VP’s budget", &raw()), ["vp", "budget"]);
    }

    #[test]
    fn abbreviations_are_one_token_and_lone_letters_none() {
        assert_eq!(
            tokens(
                "Own the P&L and R&D budget; report to C-level execs",
                &raw()
            ),
            ["own", "the", "p&l", "and", "r&d", "budget", "report", "to", "c-level", "execs"]
        );
        assert_eq!(
            tokens(
                "Port the C library to Rust, e.g. a C-suite-ready API",
                &raw()
            ),
            ["port", "the", "library", "to", "rust", "c-suite", "ready", "api"]
        );
        // Long words keep splitting at hyphens and ampersands.
        assert_eq!(
            tokens("cross-team sales&marketing", &raw()),
            ["cross", "team", "sales", "marketing"]
        );
        // The same on the Unicode path.
        assert_eq!(
            tokens("Own the P&L — C-level ✓", &raw()),
            ["own", "the", "p&l", "c-level"]
        );
    }

    #[test]
    fn abbreviations_across_block_boundaries() {
        // Every abbreviation shape at every offset around the scanner's 64-byte blocks.
        for piece in [
            "P&L", "a&b&c", "R&D-x", "C-level", "x-y-z", "ab&cd&e", "q&", "-z", "s-",
        ] {
            for offset in 50..140 {
                let text = format!("{}{piece} tail", "w".repeat(offset));
                let want = reference(&text);
                assert_eq!(tokens(&text, &raw()), want, "{text:?}");
                let spans = padded_tokens(text.as_bytes(), WordRules::Abbreviations);
                let words = spans.map(|spans| {
                    spans
                        .iter()
                        .map(|&(a, b)| text[a..b].to_ascii_lowercase())
                        .collect::<Vec<_>>()
                });
                assert_eq!(words, Some(want), "{text:?}");
            }
        }
    }

    #[test]
    fn plain_rules_keep_every_run_and_the_text_as_it_is() {
        assert_eq!(
            tokens("Own the P&L; team's C-level \u{ad}budget", &plain()),
            ["own", "the", "p", "l", "team", "s", "c", "level", "budget"]
        );
        assert_eq!(
            tokens("Ｏｗｎ the bud\u{ad}get", &plain()),
            ["ｏｗｎ", "the", "bud", "get"]
        );
    }

    #[test]
    fn format_characters_and_compatibility_forms_do_not_hide_words() {
        let plain = tokens("Manage the department budget", &raw());
        for disguised in [
            "Manage the depart\u{ad}ment budget",
            "Manage the depart\u{200b}ment bud\u{2060}get",
            "\u{feff}Manage the department budget",
            "Ｍａｎａｇｅ the ｄｅｐａｒｔｍｅｎｔ budget",
        ] {
            assert_eq!(tokens(disguised, &raw()), plain, "{disguised:?}");
        }
    }

    #[test]
    fn light_stemmer_handles_common_endings() {
        let cases = [
            ("budgets", "budget"),
            ("strategies", "strategy"),
            ("processes", "process"),
            ("approaches", "approach"),
            ("status", "status"),
            ("analysis", "analysis"),
            ("okrs", "okr"),
            ("ops", "ops"),
            ("reports", "report"),
            ("business", "business"),
        ];
        for (word, want) in cases {
            let mut w = word.to_owned();
            light_stem(&mut w);
            assert_eq!(w, want, "{word}");
        }
    }

    fn features(text: &str, config: &TokenizerConfig) -> Vec<String> {
        let mut out = Vec::new();
        for_each_feature(text, config, &mut FeatureBuffers::default(), |f| {
            out.push(f.to_owned())
        });
        out
    }

    #[test]
    fn stop_words_and_bigrams() {
        let config = TokenizerConfig::default();
        assert_eq!(
            features("Reports to the VP of Engineering", &config),
            ["report", "vp", "report vp", "engineering", "vp engineering"]
        );
        let unigrams = TokenizerConfig {
            bigrams: false,
            ..config
        };
        assert_eq!(features("Reports to the VP", &unigrams), ["report", "vp"]);
    }

    /// The runs of letters and digits as the scanner finds them (plain rules: every run is a
    /// token), checked against the padded scanner on the way.
    fn alnum_runs(bytes: &[u8]) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        for_each_ascii_token(bytes, WordRules::Plain, |start, end| {
            runs.push((start, end))
        });
        if bytes.is_ascii() {
            assert_eq!(padded_tokens(bytes, WordRules::Plain), Some(runs.clone()));
        }
        runs
    }

    /// [`for_each_padded_ascii_token`] on a padded copy of `bytes`: the tokens, or `None` when
    /// it reports text that is not ASCII.
    fn padded_tokens(bytes: &[u8], rules: WordRules) -> Option<Vec<(usize, usize)>> {
        let mut padded = bytes.to_vec();
        padded.extend([0; SCAN_PADDING]);
        let mut tokens = Vec::new();
        for_each_padded_ascii_token(&padded, bytes.len(), rules, |start, end| {
            tokens.push((start, end))
        })
        .then_some(tokens)
    }

    /// The byte-by-byte definition of the runs of letters and digits.
    fn alnum_runs_bytewise(bytes: &[u8]) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_alphanumeric() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                runs.push((start, i));
            } else {
                i += 1;
            }
        }
        runs
    }

    #[test]
    fn alnum_runs_classify_every_byte_and_cross_blocks() {
        for b in 0..=255u8 {
            let bits = alnum_byte_bits(u64::from_le_bytes([b, b'a', b, b' ', 0, b, 0x80, b]));
            let a = u64::from(b.is_ascii_alphanumeric());
            assert_eq!(bits, a | 2 | a << 2 | a << 5 | a << 7, "{b:#x}");
        }
        for len in 0..300 {
            let all = vec![b'x'; len];
            let want: Vec<(usize, usize)> = if len == 0 { vec![] } else { vec![(0, len)] };
            assert_eq!(alnum_runs(&all), want);
            let mut alternating = all.clone();
            for (i, b) in alternating.iter_mut().enumerate() {
                if (i / 3) % 2 == 1 || i % 64 == 63 {
                    *b = b'-';
                }
            }
            assert_eq!(alnum_runs(&alternating), alnum_runs_bytewise(&alternating));
        }
    }

    proptest! {
        #[test]
        fn alnum_runs_match_the_bytewise_definition(
            bytes in prop::collection::vec(
                prop_oneof![
                    4 => prop::sample::select(&b"aZ09 -_.\"\x80\xff@[`{/:"[..]),
                    1 => any::<u8>(),
                ],
                0..300,
            )
        ) {
            prop_assert_eq!(alnum_runs(&bytes), alnum_runs_bytewise(&bytes));
            // The padded scanner stops on any byte from 0x80 up, and only then.
            prop_assert_eq!(
                padded_tokens(&bytes, WordRules::Abbreviations).is_some(),
                bytes.is_ascii()
            );
        }

        #[test]
        fn ascii_fast_path_matches_unicode_segmentation(text in "[ -~\\t\\n]{0,200}") {
            prop_assert_eq!(tokens(&text, &raw()), reference(&text));
            let mut spans = Vec::new();
            for_each_ascii_token(text.as_bytes(), WordRules::Abbreviations, |a, b| spans.push((a, b)));
            prop_assert_eq!(padded_tokens(text.as_bytes(), WordRules::Abbreviations), Some(spans));
            let mut generic = Vec::new();
            let mut buffer = String::new();
            // The Unicode path on the same text (a non-ASCII character forces it; an
            // ideograph is a token of its own and is removed again).
            let forced = format!("{text} \u{4e00}");
            for_each_token_in(&forced, &raw(), &mut buffer, |t| generic.push(t.to_owned()));
            let last = generic.pop();
            prop_assert_eq!(last.as_deref(), Some("\u{4e00}"));
            prop_assert_eq!(generic, reference(&text));
        }

        #[test]
        fn abbreviation_tokens_are_idempotent(text in "[a-cA-C&\\- ]{0,40}") {
            let once = tokens(&text, &raw());
            let mut spans = Vec::new();
            for_each_ascii_token(text.as_bytes(), WordRules::Abbreviations, |a, b| spans.push((a, b)));
            prop_assert_eq!(padded_tokens(text.as_bytes(), WordRules::Abbreviations), Some(spans));
            prop_assert_eq!(tokens(&once.join(" "), &raw()), once.clone());
            prop_assert!(once.iter().all(|t| t.chars().count() > 1));
        }

        #[test]
        fn tokenizer_never_panics_and_is_idempotent(text in "\\PC{0,120}") {
            for config in TokenizerConfig::all() {
                let once = tokens(&text, &config);
                let twice = tokens(&once.join(" "), &config);
                prop_assert_eq!(once, twice);
            }
        }
    }
}

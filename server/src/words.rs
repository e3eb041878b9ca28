//! Sensitive words (敏感词): a list of words, and where one of them occurs in a text despite the
//! usual disguises: full-width letters (ＦＲＡＵＤ), case, and characters put between the letters
//! of a word (`金 融 诈 骗`, `f.r.a.u.d`, a zero-width space, a line break).
//!
//! How: the text is normalized once into a string of its letters and digits only (full-width
//! folded to ASCII, lower-cased, everything else dropped), with each kept character's byte
//! span in the original beside it; the words, normalized the same way, are searched for in that
//! string with one Aho–Corasick automaton, so a comment costs one pass whatever the size of
//! the list. A match is mapped back to its span in the original text.
//!
//! Dropping separators also joins Latin words that were apart (`is boring` holds `sb`), so a
//! word of ASCII letters and digits only counts where it is a whole word of the original: its
//! match may neither start right after nor end right before an ASCII letter or digit.

use aho_corasick::{AhoCorasick, MatchKind};
use std::fmt;
use std::ops::Range;

/// A word found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The word as the list spells it.
    pub word: String,
    /// Byte offsets of the match in the original text, from its first to its last letter.
    pub span: Range<usize>,
}

/// Why a list cannot be used.
#[derive(Debug)]
pub struct WordsError(String);

impl fmt::Display for WordsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WordsError {}

struct Word {
    /// As listed, for the editor.
    listed: String,
    /// Only ASCII letters and digits: then it must stand as a whole word, see the module doc.
    ascii: bool,
}

/// The words, compiled for searching.
pub struct WordList {
    words: Vec<Word>,
    /// `None` for an empty list, which matches nothing.
    automaton: Option<AhoCorasick>,
}

impl fmt::Debug for WordList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.words.iter().map(|w| &w.listed)).finish()
    }
}

/// Two lists are equal when they hold the same words in the same order (the automaton follows).
impl PartialEq for WordList {
    fn eq(&self, other: &Self) -> bool {
        self.words.len() == other.words.len() && self.words.iter().zip(&other.words).all(|(a, b)| a.listed == b.listed)
    }
}

impl Eq for WordList {}

impl WordList {
    /// A list from a file's text: one word a line; blank lines and lines starting with `#` are
    /// skipped.
    pub fn parse(text: &str) -> Result<Self, WordsError> {
        Self::new(text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')))
    }

    /// A list of these words. A word with no letter or digit (`!!`) would match every text once
    /// normalized, so it is left out; so is a repeated one.
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Result<Self, WordsError> {
        let mut listed = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        for word in words {
            let pattern = pattern(word);
            if pattern.is_empty() || patterns.contains(&pattern) {
                continue;
            }
            listed.push(Word {
                listed: word.trim().to_string(),
                ascii: pattern.bytes().all(|b| b.is_ascii_alphanumeric()),
            });
            patterns.push(pattern);
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            // Standard: overlapping search needs it, and a rejected ASCII match must not hide
            // another word overlapping it.
            let built = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns);
            Some(built.map_err(|e| WordsError(format!("the word list cannot be compiled: {e}")))?)
        };
        Ok(WordList { words: listed, automaton })
    }

    /// The words as listed, in order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| w.listed.as_str())
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The first listed word in `text` (by where it starts), if any.
    pub fn find(&self, text: &str) -> Option<Hit> {
        let automaton = self.automaton.as_ref()?;
        let chars = normalize(text);
        let mut flat = String::with_capacity(text.len());
        // For each byte of `flat`, the index in `chars` of the character it belongs to.
        let mut owner = Vec::with_capacity(text.len());
        for (i, (c, _)) in chars.iter().enumerate() {
            flat.push(*c);
            owner.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
        let mut best: Option<Hit> = None;
        for found in automaton.find_overlapping_iter(&flat) {
            let Some(word) = self.words.get(found.pattern().as_usize()) else { continue };
            let (Some(&first), Some(&last)) = (owner.get(found.start()), owner.get(found.end() - 1)) else {
                continue;
            };
            let span = chars[first].1.start..chars[last].1.end;
            if word.ascii && !stands_alone(text, &span) {
                continue;
            }
            if best.as_ref().is_none_or(|b| span.start < b.span.start) {
                best = Some(Hit { word: word.listed.clone(), span });
            }
        }
        best
    }
}

/// What a word is searched as: its letters and digits, folded and lower-cased. Empty for a word
/// that would match every text (`!!`); two words with the same pattern are the same word.
pub fn pattern(word: &str) -> String {
    normalize(word).into_iter().map(|(c, _)| c).collect()
}

/// Whether the original text has no ASCII letter or digit (full-width ones included) right
/// before or right after `span`.
fn stands_alone(text: &str, span: &Range<usize>) -> bool {
    let latin = |c: Option<char>| c.map(fold).is_some_and(|c| c.is_ascii_alphanumeric());
    !latin(text[..span.start].chars().next_back()) && !latin(text[span.end..].chars().next())
}

/// Full-width ASCII (U+FF01–U+FF5E) to ASCII, U+3000 to a space.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The letters and digits of `text`, folded and lower-cased, each with the byte span of the
/// original character it came from. Everything else (spaces, punctuation, symbols, format
/// characters such as U+200B, line breaks) is what gets put between letters, so it is dropped.
fn normalize(text: &str) -> Vec<(char, Range<usize>)> {
    let mut out = Vec::with_capacity(text.len());
    for (at, original) in text.char_indices() {
        let c = fold(original);
        if !c.is_alphanumeric() {
            continue;
        }
        let span = at..at + original.len_utf8();
        for lower in c.to_lowercase() {
            out.push((lower, span.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> WordList {
        WordList::parse("# a comment line\n\n金融诈骗\nfraud\n  sb  \nass\n法 轮\nＸＸＸ\n").expect("list")
    }

    #[test]
    fn the_file_format() {
        let list = list();
        let words: Vec<&str> = list.words.iter().map(|w| w.listed.as_str()).collect();
        assert_eq!(words, ["金融诈骗", "fraud", "sb", "ass", "法 轮", "ＸＸＸ"]);
        let odd = WordList::parse("!!\n  \n# fraud\nFraud\nfraud\n").expect("list");
        assert_eq!(odd.len(), 1, "no-letter words, comments and repeats are left out: {odd:?}");
        assert!(WordList::parse("").expect("empty").find("anything").is_none());
    }

    #[test]
    fn evasions_match() {
        let list = list();
        for (text, word) in [
            ("金融诈骗", "金融诈骗"),
            ("小心金 融 诈 骗啊", "金融诈骗"),
            ("金-融-诈-骗", "金融诈骗"),
            ("金\u{200B}融诈骗", "金融诈骗"),
            ("金，融。诈！骗", "金融诈骗"),
            ("金\u{3000}融\n诈\r\n骗", "金融诈骗"),
            ("金💰融诈骗", "金融诈骗"),
            ("fraud", "fraud"),
            ("This is FRAUD!", "fraud"),
            ("ＦＲＡＵＤ", "fraud"),
            ("ｆ．ｒ．ａ．ｕ．ｄ", "fraud"),
            ("f.r.a.u.d", "fraud"),
            ("f r a u d", "fraud"),
            ("f\u{200B}r\u{200D}aud", "fraud"),
            ("你是SB", "sb"),
            ("s b", "sb"),
            ("kiss my a.s.s", "ass"),
            ("法轮", "法 轮"),
            ("xxx", "ＸＸＸ"),
        ] {
            let hit = list.find(text);
            assert_eq!(hit.as_ref().map(|h| h.word.as_str()), Some(word), "{text:?}");
        }
    }

    #[test]
    fn innocent_texts_do_not_match() {
        let list = list();
        for text in [
            "金融市场今天很平稳",
            "诈骗电话要小心",
            "金融业打击诈骗",
            "this is boring",
            "is.boring",
            "first class",
            "pass sale",
            "a fraudster",
            "defraud",
            "ＦＲＡＵＤster",
            "massive",
            "passing",
            "",
            "   \n ",
        ] {
            assert_eq!(list.find(text), None, "{text:?}");
        }
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let list = list();
        for (text, matched) in [
            ("小心金 融 诈 骗啊", "金 融 诈 骗"),
            ("这是ＦＲＡＵＤ。", "ＦＲＡＵＤ"),
            ("look: f.r.a.u.d!", "f.r.a.u.d"),
            ("金\u{200B}融诈骗", "金\u{200B}融诈骗"),
            ("is boring, you s b", "s b"),
        ] {
            let hit = list.find(text).unwrap_or_else(|| panic!("{text:?} did not match"));
            assert_eq!(&text[hit.span.clone()], matched, "{text:?}");
        }
    }

    #[test]
    fn the_first_word_in_the_text_is_reported() {
        let hit = list().find("fraud 和 金融诈骗").expect("a hit");
        assert_eq!((hit.word.as_str(), hit.span), ("fraud", 0..5));
        let hit = list().find("金融诈骗 和 fraud").expect("a hit");
        assert_eq!(hit.word, "金融诈骗");
    }
}

//! The tokeniser shared (by specification, and by test) with `runtime.js`.
//!
//! A string is normalised (NFKC, then lower case) and cut into segments:
//! runs of CJK characters (Han, kana, Hangul) and words (alphabetic or
//! numeric characters). Everything else — spaces, punctuation and every
//! bracket variant — separates segments, so `新政办发[2020]44号` and
//! `新政办发〔2020〕44号` give the same segments.
//!
//! The JavaScript tokeniser in `runtime.js` must give the same segments for
//! every string; `tests/search_browser.rs` checks that in Chromium.

use unicode_normalization::UnicodeNormalization;

/// NFKC, then Unicode lower case (as JavaScript `normalize('NFKC').toLowerCase()`).
///
/// CJK Unified Ideographs (U+4E00..U+9FFF) have no decomposition, combine
/// with nothing and have no case, so the string is normalised piece by
/// piece between them and they are copied as they are: the same result,
/// several times faster on Chinese text (the build normalises all of it).
/// Pure ASCII pieces only need lower-casing.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    split_ideographs(s, |part| match part {
        Split::Ideograph(c) => out.push(c),
        Split::Piece(piece) => normalize_piece(&mut out, piece),
    });
    out
}

/// A part of a string as [`split_ideographs`] cuts it.
enum Split<'a> {
    /// A CJK Unified Ideograph, which normalisation leaves as it is.
    Ideograph(char),
    /// The text between two ideographs, normalised alone.
    Piece(&'a str),
}

/// `s` cut into ideographs and the pieces between them, in order.
fn split_ideographs<'a>(s: &'a str, mut on: impl FnMut(Split<'a>)) {
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            if let Some(st) = start.take() {
                on(Split::Piece(&s[st..i]));
            }
            on(Split::Ideograph(c));
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        on(Split::Piece(&s[st..]));
    }
}

fn normalize_piece(out: &mut String, piece: &str) {
    if piece.is_ascii() {
        out.extend(piece.chars().map(|c| c.to_ascii_lowercase()));
    } else if piece.chars().all(is_plain) {
        // Chinese punctuation between every few ideographs: NFKC through
        // the general machinery, two strings per comma, was most of the
        // time of normalising a text.
        out.extend(piece.chars().map(fold_plain));
    } else {
        let n: String = piece.nfkc().collect();
        out.push_str(&n.to_lowercase());
    }
}

/// The normalised form of a character of [`is_plain`].
fn fold_plain(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(c as u32 - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase())
        }
        _ => c.to_ascii_lowercase(),
    }
}

/// Characters whose NFKC form is themselves or (full-width ASCII) one
/// ASCII character, with no case beyond ASCII's, and which compose with
/// nothing: a piece of only these normalises character by character.
fn is_plain(c: char) -> bool {
    c.is_ascii()
        || matches!(c,
            '\u{FF01}'..='\u{FF5E}' // full-width ASCII
            | '、' | '。' | '〈'..='】' | '〔'..='〛'
            | '“' | '”' | '‘' | '’' | '·' | '—')
}

/// The definition of `normalize`, for tests.
pub fn normalize_slow(s: &str) -> String {
    let n: String = s.nfkc().collect();
    n.to_lowercase()
}

/// Characters indexed as CJK: each one is a unit, runs give bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007 // 々 〇
        | 0x3040..=0x30FF // hiragana, katakana
        | 0x31F0..=0x31FF // katakana phonetic extensions
        | 0x3400..=0x4DBF // Han extension A
        | 0x4E00..=0x9FFF // Han
        | 0xF900..=0xFAFF // Han compatibility
        | 0x1100..=0x11FF // Hangul jamo
        | 0x3130..=0x318F // Hangul compatibility jamo
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0x20000..=0x3FFFF // Han extensions B..
    )
}

/// Characters of Latin (and other alphabetic) words and numbers.
pub fn is_word(c: char) -> bool {
    match c as u32 {
        // Looked up in a table made once from the definition below: the
        // Unicode tables are searched per call, and every punctuation mark
        // of every text asks (a tenth of normalising and segmenting).
        n @ 0..=0xFFFF => {
            static BMP: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
            let bits = BMP.get_or_init(|| {
                let mut bits = vec![0u64; 0x10000 / 64];
                for n in 0..0x10000u32 {
                    if char::from_u32(n).is_some_and(is_word_by_definition) {
                        bits[n as usize / 64] |= 1 << (n % 64);
                    }
                }
                bits
            });
            bits[n as usize / 64] >> (n % 64) & 1 == 1
        }
        _ => is_word_by_definition(c),
    }
}

fn is_word_by_definition(c: char) -> bool {
    !is_cjk(c) && (c.is_alphabetic() || c.is_numeric())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Cjk,
    Word,
}

/// The kind of segment `c` belongs to, if any (else it separates them).
fn kind_of(c: char) -> Option<Kind> {
    if is_cjk(c) {
        Some(Kind::Cjk)
    } else if is_word(c) {
        Some(Kind::Word)
    } else {
        None
    }
}

/// Segments of an already normalised string, as slices of it.
pub fn segments_of_normalized(n: &str) -> Vec<(Kind, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut cur: Option<Kind> = None;
    for (i, c) in n.char_indices() {
        let k = kind_of(c);
        if k != cur {
            if let Some(kind) = cur {
                out.push((kind, &n[start..i]));
            }
            start = i;
            cur = k;
        }
    }
    if let Some(kind) = cur {
        out.push((kind, &n[start..]));
    }
    out
}

/// What [`scan`] reports, in order of the normalised string.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    /// A character of a CJK run.
    Cjk(char),
    /// The end of a CJK run.
    RunEnd,
    /// A whole word.
    Word(&'a str),
}

/// The segments of `normalize(s)` (those of [`segments`]), streamed, and
/// without building the normalised string or a vector of segments: the
/// index builder normalises every text, 150 MB per 10,000 documents.
pub fn scan(s: &str, on: impl FnMut(Token)) {
    let mut sc = Scanner {
        cur: None,
        word: String::new(),
        on,
    };
    let mut piece = String::new();
    // As in `normalize` (`split_ideographs`): ideographs are left as they
    // are, and the pieces between them normalised alone. The loop is
    // written out so that an ideograph, nearly every character, costs no
    // call: through the callback it was most of segmenting a text, and
    // through an iterator of `Split`s scan took twice the instructions.
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            if let Some(st) = start.take() {
                sc.piece(&mut piece, &s[st..i]);
            }
            sc.push_cjk(c);
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        sc.piece(&mut piece, &s[st..]);
    }
    sc.close();
}

/// The state of [`scan`]: the kind of the current segment, and the word
/// so far.
struct Scanner<F: FnMut(Token)> {
    cur: Option<Kind>,
    word: String,
    on: F,
}

impl<F: FnMut(Token)> Scanner<F> {
    /// A piece between ideographs, normalised (in `buf`) and scanned.
    fn piece(&mut self, buf: &mut String, text: &str) {
        // Most pieces are one punctuation mark between ideographs: no
        // buffer, no second pass over it.
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if is_plain(c) {
                self.push(fold_plain(c));
                return;
            }
        }
        buf.clear();
        normalize_piece(buf, text);
        for c in buf.chars() {
            self.push(c);
        }
    }
    fn push_cjk(&mut self, c: char) {
        if self.cur != Some(Kind::Cjk) {
            self.close();
            self.cur = Some(Kind::Cjk);
        }
        (self.on)(Token::Cjk(c));
    }
    fn push(&mut self, c: char) {
        let k = kind_of(c);
        if k != self.cur {
            self.close();
            self.cur = k;
        }
        match k {
            Some(Kind::Cjk) => (self.on)(Token::Cjk(c)),
            Some(Kind::Word) => self.word.push(c),
            None => {}
        }
    }
    fn close(&mut self) {
        match self.cur {
            Some(Kind::Cjk) => (self.on)(Token::RunEnd),
            Some(Kind::Word) => {
                (self.on)(Token::Word(&self.word));
                self.word.clear();
            }
            None => {}
        }
    }
}

/// Normalises and segments `s`.
pub fn segments(s: &str) -> Vec<(Kind, String)> {
    let n = normalize(s);
    segments_of_normalized(&n)
        .into_iter()
        .map(|(k, t)| (k, t.to_string()))
        .collect()
}

/// The segments as one line per segment, `c:<run>` or `w:<word>`; the form
/// the browser test compares with the JavaScript tokeniser.
pub fn describe(s: &str) -> String {
    segments(s)
        .iter()
        .map(|(k, t)| match k {
            Kind::Cjk => format!("c:{t}"),
            Kind::Word => format!("w:{t}"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Key of a document number: its segments concatenated, so bracket variants,
/// spacing and full-width digits do not matter (`国办发〔2020〕6号` → `国办发20206号`).
pub fn doc_number_key(s: &str) -> String {
    let n = normalize(s);
    segments_of_normalized(&n)
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

/// Does the document field `field` match the query segment? This is the
/// definition of a match that the index answers exactly: a CJK run matches
/// where the normalised field contains it; a word matches a whole word.
pub fn field_matches(field_normalized: &str, kind: Kind, seg: &str) -> bool {
    match kind {
        Kind::Cjk => field_normalized.contains(seg),
        Kind::Word => segments_of_normalized(field_normalized)
            .iter()
            .any(|(k, t)| *k == Kind::Word && *t == seg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_word_agrees_with_its_definition_everywhere() {
        for n in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(n) {
                assert_eq!(is_word(c), is_word_by_definition(c), "U+{n:04X}");
            }
        }
    }

    /// `scan`'s tokens as `segments` gives them.
    fn scanned(s: &str) -> Vec<(Kind, String)> {
        let mut out: Vec<(Kind, String)> = Vec::new();
        let mut run = String::new();
        scan(s, |t| match t {
            Token::Cjk(c) => run.push(c),
            Token::RunEnd => out.push((Kind::Cjk, std::mem::take(&mut run))),
            Token::Word(w) => out.push((Kind::Word, w.to_string())),
        });
        assert!(run.is_empty(), "a run not ended in {s:?}");
        out
    }

    #[test]
    fn scan_gives_the_segments_of_the_normalised_string() {
        let fixed = [
            "",
            "中华人民共和国",
            "新政办发〔2020〕44号",
            "ＡＢＣ１２３，中文。Ｄé",
            "中\u{301}文 e\u{301}x 々〇 ㍿ ﬁne",
            "カタカナとひらがな 한국어 조선",
            "Straße ΣΊΣΥΦΟΣ İstanbul",
            "中文abc中文123 中",
            "\u{2F00}\u{2F08} 𠀀𠀁 豈更",
        ];
        // Random strings over characters whose normalisation, case and
        // class differ, the pieces between ideographs included.
        let pool: Vec<char> =
            "中文法院々〇ｱｶﾞカ한ㄱＡａA1１,，。 \u{301}\u{3099}éÉßİﬁ㍿⑴Ⅷ\u{2F00}豈𠀀\n-"
                .chars()
                .collect();
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let random: Vec<String> = (0..3000)
            .map(|_| {
                (0..next() % 24)
                    .map(|_| pool[next() % pool.len()])
                    .collect()
            })
            .collect();
        for s in fixed
            .iter()
            .copied()
            .chain(random.iter().map(String::as_str))
        {
            assert_eq!(scanned(s), segments(s), "{s:?}");
        }
    }

    #[test]
    fn brackets_and_width_do_not_matter() {
        let a = describe("新政办发〔2020〕44号");
        for v in [
            "新政办发[2020]44号",
            "新政办发［2020］44号",
            "新政办发【2020】44号",
            "新政办发(2020)44号",
            "新政办发（２０２０）４４号",
            "新政办发 〔2020〕 44 号",
        ] {
            assert_eq!(describe(v), a, "{v}");
        }
        assert_eq!(a, "c:新政办发\nw:2020\nw:44\nc:号");
        assert_eq!(doc_number_key("国办发 [2020] ６ 号"), "国办发20206号");
    }

    #[test]
    fn latin_is_case_folded_and_split() {
        assert_eq!(
            describe("GDP增长 ＡＢＣ-def"),
            "w:gdp\nc:增长\nw:abc\nw:def"
        );
        assert_eq!(describe("ｶﾀｶﾅ한국어"), "c:カタカナ한국어");
        assert_eq!(describe(""), "");
        assert_eq!(describe("<b>&"), "w:b");
        assert_eq!(describe("〔】（）"), "");
    }

    #[test]
    fn field_match_is_substring_for_cjk_and_whole_word_for_latin() {
        let f = normalize("最高人民法院 关于 GDP2020");
        assert!(field_matches(&f, Kind::Cjk, "法院"));
        assert!(!field_matches(&f, Kind::Cjk, "院关"));
        assert!(field_matches(&f, Kind::Word, "gdp2020"));
        assert!(!field_matches(&f, Kind::Word, "gdp"));
    }

    #[test]
    fn fast_normalize_equals_nfkc_then_lower_case() {
        // Tricky neighbours of Han characters: combining marks, Hangul
        // jamo, final sigma, full-width forms, compatibility ideographs.
        let parts = [
            "中",
            "国",
            "e",
            "\u{301}",
            "\u{1100}",
            "\u{1161}",
            "\u{11A8}",
            "Σ",
            "ΑΣ",
            "ς",
            "Ａ",
            "１",
            "（",
            "）",
            "\u{3000}",
            "\u{F900}",
            "\u{2F800}",
            "ǅ",
            "Ⅻ",
            "Ⓐ",
            "İ",
            "ﬁ",
            "①",
            "㍿",
            "ｶ",
            "ﾞ",
            "\u{20000}",
            "a",
            "B",
            " ",
            "\n",
            "〔",
            "々",
            "\u{9FFF}",
            "\u{4E00}",
            "\u{A000}",
            "ß",
            "\u{0345}",
            "\u{1E9E}",
            "\u{3099}",
            "，",
            "。",
            "、",
            "《",
            "》",
            "【",
            "〔",
            "“",
            "’",
            "—",
            "·",
            "～",
            "Ｚ",
            "ｚ",
            "！",
        ];
        for c in ('\u{80}'..='\u{FFFF}').filter(|&c| is_plain(c)) {
            let s = c.to_string();
            assert_eq!(
                normalize(&s),
                normalize_slow(&s),
                "{c:?} (U+{:04X})",
                c as u32
            );
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(x % 9) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push_str(parts[(x % parts.len() as u64) as usize]);
            }
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            assert_eq!(normalize(&s), normalize_slow(&s), "{s:?}");
        }
    }
}

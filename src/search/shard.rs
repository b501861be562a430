//! Encodings of the index inside JavaScript string literals.
//!
//! * Numbers are varints over an alphabet of 93 printable ASCII characters
//!   (0x20..=0x7E without `"` and `\`), so no escaping is ever needed: digits
//!   0..=45 end a number, digits 46..=92 continue it;
//!   `value = d0 + 47 * (value of the rest)` when `d0 >= 46`.
//!   Values below 46 take one byte, below 2,208 two, below 103,822 three.
//! * Texts shown in excerpts are coded through a table of characters sorted
//!   by frequency: the 93 most frequent become one ASCII byte, the next 1,920
//!   a two-byte UTF-8 character (U+0080..U+07FF), the rest a three-byte one
//!   (from U+0800, skipping surrogates). Chinese text shrinks to about 55%.
//!   Within each code length the characters are in code point order, so
//!   the table ships as varints of the gaps between code points (restarting
//!   from 0 at each length), about a byte per Chinese character.
//!
//! `runtime.js` decodes both; the tests below pin the formats.

pub const ALPHABET_LEN: u32 = 93;
/// Text codes of two UTF-8 bytes (U+0080..U+07FF).
const TWO_BYTE_CODES: usize = 1920;
const TERMINAL: u32 = 46;
const CONT_BASE: u32 = 47;

/// The character of alphabet digit `d`.
pub fn digit(d: u32) -> char {
    debug_assert!(d < ALPHABET_LEN);
    let mut c = 0x20 + d;
    if c >= 0x22 {
        c += 1; // skip '"'
    }
    if c >= 0x5C {
        c += 1; // skip '\'
    }
    char::from_u32(c).unwrap()
}

/// The alphabet digit of byte `b`, if it is one.
pub fn undigit(b: u8) -> Option<u32> {
    let b = b as u32;
    if !(0x20..=0x7E).contains(&b) || b == 0x22 || b == 0x5C {
        return None;
    }
    let mut d = b - 0x20;
    if b > 0x22 {
        d -= 1;
    }
    if b > 0x5C {
        d -= 1;
    }
    Some(d)
}

pub fn push_varint(out: &mut String, mut v: u64) {
    loop {
        if v < TERMINAL as u64 {
            out.push(digit(v as u32));
            return;
        }
        v -= TERMINAL as u64;
        out.push(digit(TERMINAL + (v % CONT_BASE as u64) as u32));
        v /= CONT_BASE as u64;
    }
}

/// Decodes the varints of `s` (for tests; the browser does this).
pub fn read_varints(s: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let (mut v, mut mul) = (0u64, 1u64);
    for b in s.bytes() {
        let d = undigit(b).expect("alphabet digit") as u64;
        v += d * mul;
        if d < TERMINAL as u64 {
            out.push(v);
            v = 0;
            mul = 1;
        } else {
            mul *= CONT_BASE as u64;
        }
    }
    out
}

/// Number of levels of the quantised score stored with each posting.
pub const IMPACT_LEVELS: u32 = 8;

/// A posting list: sorted doc ids with impacts `0..IMPACT_LEVELS`, packed
/// as `doc << 3 | impact`, appended as varints (ASCII) of
/// `(id - previous id - 1) * IMPACT_LEVELS + impact`.
pub fn encode_packed_postings(out: &mut Vec<u8>, postings: &[u32]) {
    let mut prev: i64 = -1;
    for &p in postings {
        let doc = (p >> 3) as i64;
        push_digits(
            out,
            (doc - prev - 1) as u64 * IMPACT_LEVELS as u64 + (p & 7) as u64,
        );
        prev = doc;
    }
}

/// `v` as a varint of alphabet digits (the bytes of [`push_varint`]).
fn push_digits(out: &mut Vec<u8>, mut v: u64) {
    loop {
        if v < TERMINAL as u64 {
            out.push(DIGITS[v as usize]);
            return;
        }
        v -= TERMINAL as u64;
        out.push(DIGITS[(TERMINAL + (v % CONT_BASE as u64) as u32) as usize]);
        v /= CONT_BASE as u64;
    }
}

/// A posting list given one posting at a time, in document order, held
/// encoded as it grows (a byte or two per posting where the packed
/// postings of all lists at once took eight): the index builder reads the
/// documents in waves and keeps only this between them. [`finish`] gives
/// what [`encode_list`] gives for the whole list.
///
/// [`finish`]: ListBuilder::finish
pub struct ListBuilder {
    /// The list as a plain list (`encode_packed_postings`).
    plain: Vec<u8>,
    prev: i64,
    df: u32,
    /// The plain list's length were every impact the highest: what
    /// [`list_form`] weighs a bitmap against.
    plain_len_max: usize,
}

impl Default for ListBuilder {
    fn default() -> Self {
        ListBuilder {
            plain: Vec::new(),
            prev: -1,
            df: 0,
            plain_len_max: 0,
        }
    }
}

impl ListBuilder {
    /// Adds `p` (packed `doc << 3 | impact`), of a later document than the
    /// postings before it.
    pub fn push(&mut self, p: u32) {
        let doc = (p >> 3) as i64;
        let gap = (doc - self.prev - 1) as u64 * IMPACT_LEVELS as u64;
        // Most postings of the long lists, which hold most postings, are
        // one digit whatever their impact: no digit loop, no length search.
        if gap + 7 < TERMINAL as u64 {
            self.plain.push(DIGITS[(gap + (p & 7) as u64) as usize]);
            self.plain_len_max += 1;
        } else {
            push_digits(&mut self.plain, gap + (p & 7) as u64);
            self.plain_len_max += varint_len(gap + 7);
        }
        self.prev = doc;
        self.df += 1;
    }
    /// Documents in the list.
    pub fn df(&self) -> u32 {
        self.df
    }
    /// Bytes of the list as a plain list.
    pub fn plain_len(&self) -> usize {
        self.plain.len()
    }
    /// Appends the list as [`encode_list`] encodes it.
    pub fn finish(self, out: &mut Vec<u8>, n_docs: usize) {
        // A bitmap is never smaller than its bits: a list no longer than
        // them is plain, whatever the postings kept after the bitmap. Only
        // the others are decoded and weighed exactly.
        if 1 + n_docs.div_ceil(6) >= self.plain_len_max {
            out.extend_from_slice(&self.plain);
            return;
        }
        // The bitmap made from the plain list, as `encode_list` would make
        // it from the postings; kept if smaller than `list_form` weighs.
        let mut bitmap = BitmapWriter::new(n_docs);
        each_packed_posting(&self.plain, |p| bitmap.add(p)).expect("own encoding");
        if bitmap.len() < self.plain_len_max {
            bitmap.write(out);
        } else {
            out.extend_from_slice(&self.plain);
        }
    }
}

/// A list in bitmap form (see [`encode_list`]), given its postings in
/// document order.
struct BitmapWriter {
    bits: Vec<u8>,
    /// The postings of impact `BITMAP_KEEP` and over, encoded.
    kept: Vec<u8>,
    prev_kept: i64,
}

impl BitmapWriter {
    fn new(n_docs: usize) -> BitmapWriter {
        BitmapWriter {
            bits: vec![0u8; n_docs.div_ceil(6)],
            kept: Vec::new(),
            prev_kept: -1,
        }
    }
    fn add(&mut self, p: u32) {
        let doc = (p >> 3) as i64;
        self.bits[doc as usize / 6] |= 1 << (doc % 6);
        if p & 7 >= BITMAP_KEEP {
            let gap = (doc - self.prev_kept - 1) as u64;
            push_digits(&mut self.kept, gap * IMPACT_LEVELS as u64 + (p & 7) as u64);
            self.prev_kept = doc;
        }
    }
    /// Bytes [`write`](Self::write) appends.
    fn len(&self) -> usize {
        1 + self.bits.len() + self.kept.len()
    }
    fn write(self, out: &mut Vec<u8>) {
        out.push(BITMAP_MARK);
        out.extend(self.bits.iter().map(|&b| DIGITS[b as usize]));
        out.extend_from_slice(&self.kept);
    }
}

fn varint_len(v: u64) -> usize {
    // 46, 46 + 46·47, 46 + 46·47 + 46·47², …
    match v {
        0..46 => 1,
        46..2_208 => 2,
        2_208..103_822 => 3,
        103_822..4_879_680 => 4,
        _ => {
            let (mut n, mut v) = (1, v);
            while v >= TERMINAL as u64 {
                v = (v - TERMINAL as u64) / CONT_BASE as u64;
                n += 1;
            }
            n
        }
    }
}

/// A list that holds a tenth of the documents or more is usually smaller
/// as a bitmap: `\\`, then 6 documents per alphabet digit (digits 0..=63,
/// `ceil(n_docs / 6)` of them), then the postings whose impact is at least
/// `BITMAP_KEEP` as an ordinary list. The other documents of the bitmap
/// read with impact `BITMAP_IMPACT`: a frequent gram ranks little by its
/// body frequency, but a title, number or issuer hit still counts.
pub const BITMAP_KEEP: u32 = 5;
pub const BITMAP_IMPACT: u32 = 3;
const BITMAP_MARK: u8 = b'\\';

/// Whether `postings` ship as a bitmap, and the bytes they take. The
/// choice depends only on the documents and the impacts a bitmap keeps,
/// so a list decoded from a bitmap is encoded as the same bitmap.
fn list_form(postings: &[u32], n_docs: usize) -> (bool, usize) {
    let (mut plain, mut kept) = (0usize, 0usize);
    let (mut prev, mut prev_kept) = (-1i64, -1i64);
    for &p in postings {
        let doc = (p >> 3) as i64;
        // As if every impact were the highest: invariant under a bitmap's
        // rounding of impacts.
        plain += varint_len((doc - prev - 1) as u64 * IMPACT_LEVELS as u64 + 7);
        prev = doc;
        if p & 7 >= BITMAP_KEEP {
            kept +=
                varint_len((doc - prev_kept - 1) as u64 * IMPACT_LEVELS as u64 + (p & 7) as u64);
            prev_kept = doc;
        }
    }
    let bitmap = 1 + n_docs.div_ceil(6) + kept;
    if bitmap < plain {
        (true, bitmap)
    } else {
        (false, encoded_plain_len(postings))
    }
}

fn encoded_plain_len(postings: &[u32]) -> usize {
    let mut prev: i64 = -1;
    postings
        .iter()
        .map(|&p| {
            let doc = (p >> 3) as i64;
            let v = (doc - prev - 1) as u64 * IMPACT_LEVELS as u64 + (p & 7) as u64;
            prev = doc;
            varint_len(v)
        })
        .sum()
}

/// Characters `encode_list` writes for `postings` (packed `doc << 3 | impact`).
pub fn encoded_list_len(postings: &[u32], n_docs: usize) -> usize {
    list_form(postings, n_docs).1
}

/// A posting list (packed `doc << 3 | impact`, by doc) of an index of
/// `n_docs` documents, as a plain list or a bitmap, whichever is smaller.
/// The bitmap mark is a backslash: written as `\\\\` inside a JavaScript
/// string literal.
pub fn encode_list(out: &mut Vec<u8>, postings: &[u32], n_docs: usize) {
    if !list_form(postings, n_docs).0 {
        encode_packed_postings(out, postings);
        return;
    }
    let mut bitmap = BitmapWriter::new(n_docs);
    postings.iter().for_each(|&p| bitmap.add(p));
    bitmap.write(out);
}

/// The inverse of `encode_list` (impacts of a bitmap rounded as it reads them).
pub fn decode_list(s: &[u8], n_docs: usize) -> Option<Vec<u32>> {
    let Some(rest) = s.strip_prefix(&[BITMAP_MARK]) else {
        return decode_packed_postings(s);
    };
    let len = n_docs.div_ceil(6);
    if rest.len() < len {
        return None;
    }
    let kept = decode_packed_postings(&rest[len..])?;
    let mut out = Vec::new();
    let mut k = kept.iter().peekable();
    for (i, &b) in rest[..len].iter().enumerate() {
        let bits = undigit(b)?;
        for j in 0..6 {
            if bits >> j & 1 == 1 {
                let doc = (i * 6 + j) as u32;
                let imp = match k.peek() {
                    Some(&&p) if p >> 3 == doc => {
                        k.next();
                        p & 7
                    }
                    _ => BITMAP_IMPACT,
                };
                out.push(doc << 3 | imp);
            }
        }
    }
    Some(out)
}

/// The byte of each alphabet digit.
const DIGITS: [u8; ALPHABET_LEN as usize] = {
    let mut t = [0u8; ALPHABET_LEN as usize];
    let (mut d, mut c) = (0, 0x20u8);
    while c <= 0x7E {
        if c != b'"' && c != b'\\' {
            t[d] = c;
            d += 1;
        }
        c += 1;
    }
    t
};

/// Code point of text code `rank` (see module docs).
pub fn text_code(rank: u32) -> char {
    if rank < ALPHABET_LEN {
        return digit(rank);
    }
    let r = rank - ALPHABET_LEN;
    if r < 1920 {
        return char::from_u32(0x80 + r).unwrap();
    }
    let mut cp = 0x800 + (r - 1920);
    if cp >= 0xD800 {
        cp += 0x800; // skip surrogates
    }
    char::from_u32(cp).expect("text code in range")
}

pub fn text_rank(c: char) -> u32 {
    let cp = c as u32;
    if cp < 0x80 {
        return undigit(cp as u8).expect("alphabet digit");
    }
    if cp < 0x800 {
        return ALPHABET_LEN + cp - 0x80;
    }
    let cp = if cp >= 0xE000 { cp - 0x800 } else { cp };
    ALPHABET_LEN + 1920 + cp - 0x800
}

/// Character table: characters of `texts` by falling frequency, as far as
/// the code length goes (within a length, by code point, so that an edit
/// changes the table, and with it every coded text, only when a character
/// moves to another code length; and so that it ships as small gaps).
pub struct TextCodec {
    pub table: Vec<char>,
    /// The code of each code point as UTF-8 bytes, first byte lowest, 0
    /// for a character not in the table (dense: one lookup per character
    /// encoded, no code computed per character: every text is encoded).
    codes: Vec<u32>,
}

impl TextCodec {
    pub fn new(mut counts: Vec<(char, u64)>) -> TextCodec {
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut table: Vec<char> = counts.into_iter().map(|(c, _)| c).collect();
        let one = (ALPHABET_LEN as usize).min(table.len());
        let two = (ALPHABET_LEN as usize + TWO_BYTE_CODES).min(table.len());
        table[..one].sort_unstable();
        table[one..two].sort_unstable();
        table[two..].sort_unstable();
        let top = table.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
        let mut codes = vec![0; top];
        for (i, &c) in table.iter().enumerate() {
            let mut buf = [0u8; 4];
            text_code(i as u32).encode_utf8(&mut buf);
            codes[c as usize] = u32::from_le_bytes(buf);
        }
        TextCodec { table, codes }
    }

    /// Counts of the characters of `texts` (in parallel), for `new`.
    pub fn count<'a>(
        texts: impl rayon::iter::IndexedParallelIterator<Item = &'a str>,
    ) -> Vec<(char, u64)> {
        use rayon::prelude::*;
        // A few tasks per thread, whatever the number of texts: each one
        // counts into a table of the Basic Multilingual Plane (512 KB; a
        // table of every code point was 9 MB per task, and mapping and
        // reading them kept the count from scaling with threads), with a
        // map for the rare characters beyond it.
        let per_task = texts
            .len()
            .div_ceil(4 * rayon::current_num_threads())
            .max(1);
        type Counts = (Vec<u64>, std::collections::BTreeMap<char, u64>);
        let empty = || -> Counts { (vec![0u64; 0x1_0000], Default::default()) };
        let (bmp, astral) = texts
            .with_min_len(per_task)
            .fold(empty, |(mut bmp, mut astral), t| {
                for c in t.chars() {
                    match bmp.get_mut(c as usize) {
                        Some(n) => *n += 1,
                        None => *astral.entry(c).or_default() += 1,
                    }
                }
                (bmp, astral)
            })
            .reduce(empty, |(mut a, mut a_astral), (b, b_astral)| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                for (c, n) in b_astral {
                    *a_astral.entry(c).or_default() += n;
                }
                (a, a_astral)
            });
        bmp.into_iter()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .filter_map(|(c, n)| Some((char::from_u32(c as u32)?, n)))
            .chain(astral)
            .collect()
    }

    pub fn encode(&self, s: &str) -> String {
        let mut out = Vec::with_capacity(s.len());
        self.encode_into(&mut out, s);
        String::from_utf8(out).expect("codes are characters")
    }

    /// `encode`, appended as UTF-8. The codes are JSON-safe: no `"`, `\\`
    /// or control character below U+0020, so a JSON string holds them as
    /// they are.
    pub fn encode_into(&self, out: &mut Vec<u8>, s: &str) {
        for ch in s.chars() {
            let [a, b, c, d] = self.codes[ch as usize].to_le_bytes();
            // The length from the first byte, as UTF-8 gives it.
            match a {
                0x01..0x80 => out.push(a),
                0xC0..0xE0 => out.extend_from_slice(&[a, b]),
                0xE0..0xF0 => out.extend_from_slice(&[a, b, c]),
                0xF0.. => out.extend_from_slice(&[a, b, c, d]),
                _ => panic!("{ch:?} is not in the text table"),
            }
        }
    }

    /// The table as varints: per code length, the gaps between code points
    /// (the first from 0).
    pub fn table_varints(&self) -> String {
        let mut out = String::new();
        let mut prev = 0;
        for (i, &c) in self.table.iter().enumerate() {
            if i == ALPHABET_LEN as usize || i == ALPHABET_LEN as usize + TWO_BYTE_CODES {
                prev = 0;
            }
            push_varint(&mut out, (c as u32 - prev) as u64);
            prev = c as u32;
        }
        out
    }

    /// The table of `table_varints` (for tests; the browser does this).
    pub fn read_table(s: &str) -> Vec<char> {
        let mut prev = 0;
        read_varints(s)
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                if i == ALPHABET_LEN as usize || i == ALPHABET_LEN as usize + TWO_BYTE_CODES {
                    prev = 0;
                }
                prev += v as u32;
                char::from_u32(prev).unwrap()
            })
            .collect()
    }

    pub fn decode(&self, s: &str) -> String {
        s.chars()
            .map(|c| self.table[text_rank(c) as usize])
            .collect()
    }
}

/// Decodes a posting list into postings packed as `doc << 3 | impact`
/// (the inverse of [`encode_packed_postings`]).
pub fn decode_packed_postings(s: &[u8]) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    each_packed_posting(s, |p| out.push(p))?;
    Some(out)
}

/// Calls `f` with each posting of the plain list `s`, in order; `None` if
/// `s` holds a byte that is not a digit.
fn each_packed_posting(s: &[u8], mut f: impl FnMut(u32)) -> Option<()> {
    let (mut v, mut mul, mut prev) = (0u64, 1u64, -1i64);
    for &b in s {
        let d = undigit(b)? as u64;
        v += d * mul;
        if d < TERMINAL as u64 {
            let doc = prev + 1 + (v / IMPACT_LEVELS as u64) as i64;
            prev = doc;
            f(((doc as u32) << 3) | (v % IMPACT_LEVELS as u64) as u32);
            v = 0;
            mul = 1;
        } else {
            mul *= CONT_BASE as u64;
        }
    }
    Some(())
}

/// The grams of a shard file (`GazetteSearch._shard(n,"…",{…});`) with
/// their postings packed as `doc << 3 | impact`, in file order; `None` if
/// the file is not one.
pub fn parse_shard_file(bytes: &[u8], n_docs: usize) -> Option<Vec<(String, Vec<u32>)>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let open = text.find('"')? + 1;
    let close = open + text[open..].find('"')?;
    let mut out = Vec::new();
    // The only escape in the string is the bitmap mark's.
    let unescaped = text[open..close].replace("\\\\", "\\");
    let s = unescaped.as_str();
    let mut i = 0;
    while i < s.len() {
        let key_end = s[i..]
            .find(|c: char| c.is_ascii())
            .map_or(s.len(), |j| i + j);
        let list_end = s[key_end..]
            .find(|c: char| !c.is_ascii())
            .map_or(s.len(), |j| key_end + j);
        out.push((
            s[i..key_end].to_string(),
            decode_list(&s.as_bytes()[key_end..list_end], n_docs)?,
        ));
        i = list_end;
    }
    let rest = text[close + 1..].strip_prefix(',')?;
    let json = rest.trim_end().strip_suffix(");")?;
    let words: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).ok()?;
    for (k, v) in words {
        out.push((k, decode_list(v.as_str()?.as_bytes(), n_docs)?));
    }
    Some(out)
}

/// Shard of a key: FNV-1a over its code points, modulo the (power of two)
/// number of shards. `runtime.js` computes the same with `Math.imul`.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    let mut h: u32 = 2166136261;
    for c in key.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(16777619);
    }
    h & (shards - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The format by its definition, on (doc, impact) pairs: what the
    /// packed encoder and decoder are checked against.
    fn encode_postings(out: &mut String, postings: &[(u32, u8)]) {
        let mut prev: i64 = -1;
        for &(doc, imp) in postings {
            let gap = (doc as i64 - prev - 1) as u64;
            push_varint(out, gap * IMPACT_LEVELS as u64 + imp as u64);
            prev = doc as i64;
        }
    }

    fn decode_postings(s: &str) -> Vec<(u32, u8)> {
        let mut prev: i64 = -1;
        read_varints(s)
            .into_iter()
            .map(|v| {
                let doc = prev + 1 + (v / IMPACT_LEVELS as u64) as i64;
                prev = doc;
                (doc as u32, (v % IMPACT_LEVELS as u64) as u8)
            })
            .collect()
    }

    #[test]
    fn a_list_built_posting_by_posting_encodes_as_the_whole_list() {
        // Densities from a few documents to nearly all: plain lists,
        // bitmaps, and lists near the point where the form changes.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut forms = [0usize; 2];
        for n_docs in [1usize, 7, 100, 5_000] {
            for per_mille in [1u64, 50, 90, 100, 110, 150, 400, 1000] {
                for _ in 0..8 {
                    let mut postings: Vec<u32> = Vec::new();
                    for d in 0..n_docs as u32 {
                        if next() % 1000 < per_mille {
                            postings.push(d << 3 | (next() % IMPACT_LEVELS as u64) as u32);
                        }
                    }
                    let mut whole = Vec::new();
                    encode_list(&mut whole, &postings, n_docs);
                    let mut b = ListBuilder::default();
                    postings.iter().for_each(|&p| b.push(p));
                    assert_eq!(b.df() as usize, postings.len());
                    let mut built = Vec::new();
                    b.finish(&mut built, n_docs);
                    assert_eq!(built, whole, "{n_docs} docs, {per_mille}‰");
                    forms[(whole.first() == Some(&BITMAP_MARK)) as usize] += 1;
                }
            }
        }
        assert!(forms[0] > 0 && forms[1] > 0, "both forms tested: {forms:?}");
    }

    #[test]
    fn alphabet_is_93_safe_ascii_characters() {
        let all: String = (0..ALPHABET_LEN).map(digit).collect();
        assert_eq!(all.len(), 93);
        assert!(!all.contains('"') && !all.contains('\\'));
        for d in 0..ALPHABET_LEN {
            assert_eq!(undigit(digit(d) as u8), Some(d));
        }
    }

    #[test]
    fn varints_round_trip_with_expected_lengths() {
        for v in (0..6_000_000)
            .step_by(7)
            .chain([4_879_679, 4_879_680, u32::MAX as u64])
        {
            let mut s = String::new();
            push_varint(&mut s, v);
            assert_eq!(varint_len(v), s.len(), "{v}");
        }
        for (v, len) in [
            (0, 1),
            (45, 1),
            (46, 2),
            (2207, 2),
            (2208, 3),
            (103_821, 3),
            (103_822, 4),
        ] {
            let mut s = String::new();
            push_varint(&mut s, v);
            assert_eq!(s.len(), len, "{v}");
            assert_eq!(read_varints(&s), vec![v]);
        }
        let mut s = String::new();
        let vals: Vec<u64> = (0..5000).map(|i| i * i * 7 + i).collect();
        for &v in &vals {
            push_varint(&mut s, v);
        }
        assert_eq!(read_varints(&s), vals);
    }

    #[test]
    fn packed_postings_encode_as_postings() {
        let p = vec![
            (0, 3),
            (1, 0),
            (2, 7),
            (900, 1),
            (100_000, 5),
            (4_000_000, 2),
        ];
        let mut s = String::new();
        encode_postings(&mut s, &p);
        let packed: Vec<u32> = p.iter().map(|&(d, i)| d << 3 | i as u32).collect();
        let mut b = Vec::new();
        encode_packed_postings(&mut b, &packed);
        assert_eq!(String::from_utf8(b).unwrap(), s);
    }

    #[test]
    fn dense_lists_are_bitmaps_that_keep_high_impacts() {
        let n = 100;
        // Nine documents of ten; impacts 0..=6 in turn.
        let dense: Vec<u32> = (0..n as u32)
            .filter(|d| d % 10 != 4)
            .enumerate()
            .map(|(i, d)| d << 3 | (i as u32 % 7))
            .collect();
        let mut b = Vec::new();
        encode_list(&mut b, &dense, n);
        assert_eq!(b[0], b'\\');
        assert_eq!(b.len(), encoded_list_len(&dense, n));
        let back = decode_list(&b, n).unwrap();
        let rounded: Vec<u32> = dense
            .iter()
            .map(|&p| {
                if p & 7 >= BITMAP_KEEP {
                    p
                } else {
                    (p & !7) | BITMAP_IMPACT
                }
            })
            .collect();
        assert_eq!(back, rounded);
        // Encoding what was decoded gives the same bytes.
        let mut again = Vec::new();
        encode_list(&mut again, &back, n);
        assert_eq!(again, b);
        // A sparse list stays a plain list, exact.
        let sparse = vec![5 << 3 | 2, 90 << 3 | 6];
        let mut b = Vec::new();
        encode_list(&mut b, &sparse, n);
        assert_ne!(b[0], b'\\');
        assert_eq!(decode_list(&b, n).unwrap(), sparse);
        assert_eq!(b.len(), encoded_list_len(&sparse, n));
    }

    #[test]
    fn postings_round_trip() {
        let p = vec![(0, 3), (1, 0), (2, 7), (900, 1), (100_000, 5)];
        let mut s = String::new();
        encode_postings(&mut s, &p);
        assert_eq!(decode_postings(&s), p);
        assert_eq!(&s[..3], &format!("{}{}{}", digit(3), digit(0), digit(7)));
    }

    #[test]
    fn text_codes_round_trip_and_are_compact() {
        for r in [0, 92, 93, 2012, 2013, 50_000, 60_000] {
            assert_eq!(text_rank(text_code(r)), r, "{r}");
        }
        let text = "中华人民共和国\n<b>&\"\\ 第１条 人民 ä 𠀀";
        let mut counts = std::collections::HashMap::new();
        for c in text.chars() {
            *counts.entry(c).or_insert(0) += 1;
        }
        let codec = TextCodec::new(counts.into_iter().collect());
        let enc = codec.encode(text);
        assert_eq!(codec.decode(&enc), text);
        let mut bytes = Vec::new();
        codec.encode_into(&mut bytes, text);
        assert_eq!(bytes, enc.as_bytes());
        assert_eq!(serde_json::to_string(&enc).unwrap(), format!("\"{enc}\""));
        assert!(enc.len() < text.len() / 2);
        assert!(!enc.contains('"') && !enc.contains('\\'));
        assert_eq!(TextCodec::read_table(&codec.table_varints()), codec.table);
    }

    #[test]
    fn every_code_length_encodes_as_its_code() {
        // 70,000 characters: the rarest get codes beyond the Basic
        // Multilingual Plane, four UTF-8 bytes.
        let chars: Vec<char> = (0x4E00..0x9FFF)
            .chain(0x20000..0x20000 + 70_000 - (0x9FFF - 0x4E00))
            .filter_map(char::from_u32)
            .collect();
        let counts: Vec<(char, u64)> = chars.iter().map(|&c| (c, 1)).collect();
        let codec = TextCodec::new(counts);
        let text: String = chars.iter().collect();
        let mut bytes = Vec::new();
        codec.encode_into(&mut bytes, &text);
        let rank: std::collections::HashMap<char, u32> = codec
            .table
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, i as u32))
            .collect();
        let by_rank: String = text.chars().map(|c| text_code(rank[&c])).collect();
        assert_eq!(bytes, by_rank.as_bytes());
        assert!(by_rank.chars().any(|c| c.len_utf8() == 4));
        assert!(by_rank.chars().any(|c| c.len_utf8() == 1));
        assert_eq!(codec.decode(&by_rank), text);
    }

    #[test]
    fn table_is_by_code_length_then_code_point() {
        // 'a' most often, 100 characters seen 1000 - i times, 2000 once.
        let mut counts: Vec<(char, u64)> = (0..100)
            .map(|i| (char::from_u32(0x4E00 + 7 * i).unwrap(), 1000 - i as u64))
            .collect();
        counts.extend((0..2000).map(|i| (char::from_u32(0x6000 + i).unwrap(), 1)));
        counts.push(('a', 5000));
        let codec = TextCodec::new(counts);
        let t = &codec.table;
        // The 93 most frequent ('a' among them), by code point.
        assert_eq!(t[0], 'a');
        assert_eq!(
            t[1..93],
            (0..92)
                .map(|i| char::from_u32(0x4E00 + 7 * i).unwrap())
                .collect::<Vec<_>>()[..]
        );
        // Then the next 1,920, and the rest, each by code point.
        assert_eq!(t[93], char::from_u32(0x4E00 + 7 * 92).unwrap());
        assert!(t[93..2013].windows(2).all(|w| w[0] < w[1]));
        assert!(t[2013..].windows(2).all(|w| w[0] < w[1]));
        let v = codec.table_varints();
        let gaps = read_varints(&v);
        assert_eq!(gaps[0], 'a' as u64);
        assert_eq!(gaps[1], 0x4E00 - 'a' as u64);
        assert_eq!(gaps[2], 7);
        assert_eq!(gaps[93], 0x4E00 + 7 * 92);
        assert_eq!(t[2013], char::from_u32(0x6000 + 1912).unwrap());
        assert_eq!(gaps[2013], 0x6000 + 1912);
        assert_eq!(TextCodec::read_table(&v), codec.table);
    }

    #[test]
    fn character_counts_are_exact_beyond_the_bmp_too() {
        use rayon::prelude::*;
        // Characters of one, two, three and four UTF-8 bytes, the last
        // and first code points of the BMP table, and enough texts for
        // several tasks to be merged.
        let texts: Vec<String> = (0..200)
            .map(|i| {
                format!(
                    "a\u{FFFF}中{}\u{10000}😀{}",
                    "𠀀".repeat(i % 3),
                    "é".repeat(i % 5)
                )
            })
            .collect();
        let mut naive = std::collections::BTreeMap::<char, u64>::new();
        texts
            .iter()
            .flat_map(|t| t.chars())
            .for_each(|c| *naive.entry(c).or_default() += 1);
        let counts = TextCodec::count(texts.par_iter().map(String::as_str));
        assert_eq!(counts, naive.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn shard_hash_is_fnv1a_over_code_points() {
        assert_eq!(shard_of("", 1 << 20), 2166136261 & ((1 << 20) - 1));
        assert_eq!(shard_of("a", u32::MAX / 2 + 1), 0xe40c292c & 0x7fff_ffff);
    }
}

//! Builds the posting lists: which documents hold which gram.
//!
//! Grams (see `mod.rs` for the format they ship in):
//! * every CJK character (one-character queries) and every pair of adjacent
//!   CJK characters of a run;
//! * a gram `g` extended by the next character `g·c`, for the grams `g` of
//!   two or more characters held by more than `frequent[len(g)]` documents,
//!   up to `max_len` characters: the document list of a frequent phrase is
//!   stored exactly, and a phrase that is not stored has a rarer prefix whose
//!   documents the browser verifies against their text. The thresholds are
//!   the lowest that keep the extensions within a budget (a fraction of the
//!   unigram and bigram postings), so the index size stays bounded;
//! * every word (Latin letters, digits);
//! * the key of every document number (`#` + `tokenize::doc_number_key`).
//!
//! Each posting carries a quantised BM25F impact of the gram in the document
//! (fields weighted title = doc number > issuer > body; body length
//! normalised).

use super::shard::IMPACT_LEVELS;
use super::tokenize::{scan, Token};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hasher for integer keys (FxHash).
#[derive(Default)]
pub struct Fx(u64);
impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u128(&mut self, i: u128) {
        self.write_u64(i as u64);
        self.write_u64((i >> 64) as u64);
    }
}
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Body length that BM25's length normalisation is relative to. A fixed
/// pivot rather than the corpus average: then a posting depends on its own
/// document only, and an edit changes the postings of that document only
/// (`update.rs`).
const PIVOT: f32 = 2000.0;

/// Field weights of BM25F: title, doc number, issuer, body.
const WEIGHTS: [f32; 4] = [8.0, 8.0, 3.0, 1.0];
const K1: f32 = 1.2;
const B_BODY: f32 = 0.75;

/// Posting lists, keyed by gram text, all in a few flat vectors (millions
/// of grams: a string and a vector each would cost more than the lists).
/// The lists are kept as they ship (`shard::encode_list`), a third of the
/// memory of `u32` postings, with their document frequencies.
#[derive(Default)]
pub struct Grams {
    text: String,
    text_at: Vec<usize>,
    /// Encoded lists are ranges of segments, moved in whole (no copy).
    segs: Vec<Vec<u8>>,
    lists: Vec<(u32, u32, u32)>,
    dfs: Vec<u32>,
    /// Whether the last segment takes lists pushed one by one.
    open: bool,
}

impl Grams {
    fn push_key(&mut self, key: &str, list: (u32, u32, u32), df: u32) {
        if self.text_at.is_empty() {
            self.text_at.push(0);
        }
        self.text.push_str(key);
        self.text_at.push(self.text.len());
        self.lists.push(list);
        self.dfs.push(df);
    }
    /// Adds the list of `key` (packed postings of an index of `n_docs`).
    pub fn push(&mut self, key: &str, list: &[u32], n_docs: usize) {
        if !self.open {
            self.segs.push(Vec::new());
            self.open = true;
        }
        let seg = self.segs.len() - 1;
        let from = self.segs[seg].len() as u32;
        super::shard::encode_list(&mut self.segs[seg], list, n_docs);
        let to = self.segs[seg].len() as u32;
        self.push_key(key, (seg as u32, from, to), list.len() as u32);
    }
    /// Moves in the lists of a partition, keys given by `key`.
    fn push_part(&mut self, part: Part, mut key: impl FnMut(u128) -> String) {
        self.open = false;
        let seg = self.segs.len() as u32;
        for (i, &k) in part.keys.iter().enumerate() {
            self.push_key(&key(k), (seg, part.at[i], part.at[i + 1]), part.dfs[i]);
        }
        self.segs.push(part.enc);
    }
    pub fn len(&self) -> usize {
        self.lists.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Gram `i`, its document frequency and its encoded list.
    pub fn get(&self, i: usize) -> (&str, usize, &[u8]) {
        let (s, a, b) = self.lists[i];
        (
            &self.text[self.text_at[i]..self.text_at[i + 1]],
            self.dfs[i] as usize,
            &self.segs[s as usize][a as usize..b as usize],
        )
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize, &[u8])> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// Posting lists, keyed by gram text; values are `doc << 3 | impact`, sorted.
pub struct Postings {
    pub grams: Grams,
    /// Longest gram indexed (8, or 7 when a corpus has 65,536 CJK characters or more).
    pub max_len: usize,
    /// `frequent[len]`: grams of `len` characters held by more documents than
    /// this have their one-character extensions indexed; `None`: none has.
    pub frequent: Vec<Option<usize>>,
    /// Statistics of the CJK grams of each length (index 1 is unigrams).
    pub stats: Vec<LenStats>,
    /// The extended grams of each length (index 1 is unigrams), sorted.
    pub extended: Vec<Vec<String>>,
}

impl Prepared {
    /// The field of position `i` of `chars`.
    fn field_of(&self, i: usize) -> u8 {
        self.starts[1..]
            .iter()
            .filter(|&&s| s as usize <= i)
            .count() as u8
    }
}

/// Code points of a document's CJK runs, 0 between runs. Two bytes each
/// when the document has no character beyond the Basic Multilingual Plane
/// (nearly every document): all of them are held at once, 95 MB at 10,000
/// documents instead of 190.
pub enum CodePoints {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl CodePoints {
    fn of(cps: &[u32]) -> CodePoints {
        if cps.iter().all(|&c| c <= u16::MAX as u32) {
            CodePoints::Narrow(cps.iter().map(|&c| c as u16).collect())
        } else {
            CodePoints::Wide(cps.to_vec())
        }
    }
    /// Calls `f` with each code point, in order (no call through a boxed
    /// iterator per character).
    fn for_each(&self, mut f: impl FnMut(u32)) {
        match self {
            CodePoints::Narrow(v) => v.iter().for_each(|&c| f(c as u32)),
            CodePoints::Wide(v) => v.iter().for_each(|&c| f(c)),
        }
    }
}

/// A document's fields as the index builder reads them ([`prepare`]).
pub struct Prepared {
    /// CJK code points of all runs, 0 between runs ([`Ids`] holds them as
    /// character ids).
    chars: CodePoints,
    /// Where each field starts in `chars` (fields are in order).
    starts: [u32; 4],
    /// Each word once, with its impact in the document (not a string per
    /// occurrence: numbers recur through a gazette's text).
    words: Vec<(String, u32)>,
    /// Length (in segments' characters) of each field.
    lens: [u32; 4],
}

fn impact(tf: &[u32; 4], lens: &[u32; 4], avg_body: f32) -> u32 {
    let mut tfc = 0.0;
    for f in 0..4 {
        if tf[f] == 0 {
            continue;
        }
        let norm = if f == 3 {
            1.0 - B_BODY + B_BODY * lens[3] as f32 / avg_body.max(1.0)
        } else {
            1.0
        };
        tfc += WEIGHTS[f] * tf[f] as f32 / norm;
    }
    let s = tfc / (K1 + tfc);
    ((s * IMPACT_LEVELS as f32) as u32).min(IMPACT_LEVELS - 1)
}

/// Groups `(key, field)` pairs of one document into `(key, impact)`.
fn group<K: Ord + Copy>(mut v: Vec<(K, u8)>, lens: &[u32; 4], avg: f32) -> Vec<(K, u32)> {
    v.sort_unstable();
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let k = v[i].0;
        let mut tf = [0u32; 4];
        while i < v.len() && v[i].0 == k {
            tf[v[i].1 as usize] += 1;
            i += 1;
        }
        out.push((k, impact(&tf, lens, avg)));
    }
    out
}

/// A document normalised and cut into segments: CJK runs as code points
/// (0 between runs), words as strings. What [`build`] reads: the texts
/// themselves may be dropped before it runs.
pub fn prepare(raw: &[&str; 4]) -> Prepared {
    thread_local! {
        // The characters of one document, copied out at their exact size:
        // growing each document's vector by doubling moved 20 KB per
        // document and left a third of the memory unused.
        static CHARS: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    CHARS.with_borrow_mut(|chars| {
        chars.clear();
        let mut p = Prepared {
            chars: CodePoints::Narrow(Vec::new()),
            starts: [0; 4],
            words: Vec::new(),
            lens: [0; 4],
        };
        let mut words: Vec<(String, u8)> = Vec::new();
        for (fi, f) in raw.iter().enumerate() {
            p.starts[fi] = chars.len() as u32;
            scan(f, |t| match t {
                Token::Cjk(c) => {
                    chars.push(c as u32);
                    p.lens[fi] += 1;
                }
                Token::RunEnd => chars.push(0),
                Token::Word(w) => {
                    words.push((w.to_string(), fi as u8));
                    p.lens[fi] += 1;
                }
            });
        }
        p.chars = CodePoints::of(chars);
        let v: Vec<(&str, u8)> = words.iter().map(|(w, f)| (w.as_str(), *f)).collect();
        p.words = group(v, &p.lens, PIVOT)
            .into_iter()
            .map(|(w, imp)| (w.to_string(), imp))
            .collect();
        p
    })
}

/// A character id: 1-based, 0 between runs. Stored in the narrowest
/// integer that holds every id of the corpus (u16 unless it has 65,536
/// CJK characters or more), which halves the memory of the texts while
/// the posting lists are built.
trait Id: Copy + Eq + Send + Sync {
    fn of(id: u32) -> Self;
    fn get(self) -> u32;
    /// The ids of narrow code points (reusing their memory when it can).
    fn of_narrow(cps: Vec<u16>, id_of: &[u32]) -> Vec<Self> {
        cps.into_iter()
            .map(|c| Self::of(id_of[c as usize]))
            .collect()
    }
}
impl Id for u16 {
    fn of(id: u32) -> u16 {
        id as u16
    }
    fn of_narrow(mut cps: Vec<u16>, id_of: &[u32]) -> Vec<u16> {
        cps.iter_mut().for_each(|c| *c = id_of[*c as usize] as u16);
        cps
    }
    fn get(self) -> u32 {
        self as u32
    }
}
impl Id for u32 {
    fn of(id: u32) -> u32 {
        id
    }
    fn get(self) -> u32 {
        self
    }
}

/// A document's CJK characters as ids, with where each field starts.
struct Ids<C: Id> {
    chars: Vec<C>,
    starts: [u32; 4],
    lens: [u32; 4],
}

/// The key of a gram: its character ids, `bits` each, the first highest,
/// in a key type wide enough for the gram.
fn key_of<C: Id, K: TableKey>(chars: &[C], bits: u32) -> K {
    let all = K::of(u128::MAX);
    chars
        .iter()
        .fold(K::default(), |k, &c| k.roll(c.get(), bits, all))
}

/// Statistics of the grams of one length, which the thresholds depend on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LenStats {
    /// Bytes in shard files: 3 per character of each key, and the encoded
    /// postings.
    pub bytes: u64,
    /// Postings.
    pub entries: u64,
    /// How many grams have each document frequency.
    pub dfs: BTreeMap<u32, u32>,
}

impl LenStats {
    /// Of lists given as (document frequency, encoded length).
    fn of(lists: impl Iterator<Item = (usize, usize)>, len: usize) -> LenStats {
        let mut s = LenStats::default();
        for (df, encoded) in lists {
            s.add_sized(len, df, encoded, 1);
        }
        s
    }
    fn merge(mut self, other: LenStats) -> LenStats {
        self.bytes += other.bytes;
        self.entries += other.entries;
        for (df, n) in other.dfs {
            *self.dfs.entry(df).or_default() += n;
        }
        self
    }
    /// Counts (`sign` 1) or uncounts (`sign` -1) the list of a gram of `len`
    /// characters, in an index of `n_docs` documents.
    pub fn add(&mut self, len: usize, v: &[u32], n_docs: usize, sign: i64) {
        if !v.is_empty() {
            let encoded = super::shard::encoded_list_len(v, n_docs);
            self.add_sized(len, v.len(), encoded, sign);
        }
    }
    /// [`LenStats::add`] of a list of `df` postings, `encoded` bytes long.
    fn add_sized(&mut self, len: usize, df: usize, encoded: usize, sign: i64) {
        let b = (3 * len + encoded) as u64;
        let df = df as u32;
        if sign > 0 {
            self.bytes += b;
            self.entries += df as u64;
            *self.dfs.entry(df).or_default() += 1;
        } else {
            self.bytes -= b;
            self.entries -= df as u64;
            let n = self.dfs.get_mut(&df).expect("counted before");
            *n -= 1;
            if *n == 0 {
                self.dfs.remove(&df);
            }
        }
    }
}

/// What the thresholds are chosen under.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub min_frequent: usize,
    pub extension_budget: f64,
    /// Bytes all postings may take.
    pub byte_budget: f64,
    pub max_len: usize,
}

/// Chooses the threshold of each length in turn, from the statistics of
/// the grams of that length. The same choice replays from kept statistics
/// ([`thresholds`]), which is how an incremental update checks that an edit
/// leaves them as a full build would choose them.
struct Chooser {
    budget: f64,
    frequent: Vec<Option<usize>>,
}

impl Chooser {
    fn new(max_len: usize) -> Chooser {
        Chooser {
            budget: 0.0,
            frequent: vec![None; max_len + 1],
        }
    }
    /// Extend the most frequent grams while the estimated postings of their
    /// extensions (their df) fit the budget. Bigrams may take 75% of the
    /// budget, so that longer frequent phrases get their share; a longer
    /// gram is never extended at a lower threshold than a shorter one.
    fn next(&mut self, len: usize, s: &LenStats, b: &Budget) -> Option<usize> {
        let bytes = s.bytes as f64;
        let per_entry = bytes / s.entries.max(1) as f64;
        if len == 1 {
            self.budget = bytes;
        } else if len == 2 {
            let base = self.budget + bytes;
            self.budget = (base * b.extension_budget).min(b.byte_budget - base);
        } else {
            self.budget -= bytes;
        }
        let mut threshold = None;
        if len >= 2 && len < b.max_len && self.budget > 0.0 {
            let share = if len == 2 {
                0.75 * self.budget
            } else {
                self.budget
            };
            let floor = self.frequent[..len]
                .iter()
                .flatten()
                .max()
                .copied()
                .unwrap_or(b.min_frequent);
            let mut sum = 0.0;
            for (&df, &count) in s.dfs.range(floor as u32 + 1..).rev() {
                let add = count as f64 * EXTENSIONS_PER_DOC * df as f64 * per_entry;
                if sum + add > share {
                    break;
                }
                sum += add;
                threshold = Some(df as usize - 1);
            }
        }
        self.frequent[len] = threshold;
        threshold
    }
}

/// The thresholds a build chooses for grams with these statistics (index
/// 1 is unigrams); `None` from where no gram is extended.
pub fn thresholds(stats: &[LenStats], b: &Budget) -> Vec<Option<usize>> {
    let mut c = Chooser::new(b.max_len);
    for (len, s) in stats.iter().enumerate().skip(1) {
        if c.next(len, s, b).is_none() && len >= 2 {
            break;
        }
    }
    c.frequent
}

/// What decides which grams a document has: the grams of each length that
/// are extended (`extended[len]`), and the longest length.
pub struct Rules {
    pub extended: Vec<std::collections::HashSet<String>>,
    pub max_len: usize,
}

/// The postings one document contributes to the index, as (key, impact),
/// sorted by key: the same as a full build gives it under `rules` (tested).
pub fn doc_entries(raw: &[&str; 4], number_key: Option<&str>, rules: &Rules) -> Vec<(String, u32)> {
    let mut p = prepare(raw);
    let mut chars: Vec<char> = Vec::new();
    p.chars
        .for_each(|c| chars.push(char::from_u32(c).unwrap_or('\0')));
    let mut tf: HashMap<String, [u32; 4]> = HashMap::new();
    let mut count = |key: String, field: u8| tf.entry(key).or_default()[field as usize] += 1;
    let fits = |i: usize, len: usize| i + len <= chars.len() && !chars[i..i + len].contains(&'\0');
    let mut extended_before: Vec<bool> = vec![true; chars.len()];
    for len in 1..=rules.max_len {
        if len >= 3 && rules.extended.get(len - 1).is_none_or(|e| e.is_empty()) {
            break;
        }
        let mut any = false;
        for i in 0..chars.len() {
            if !extended_before[i] || !fits(i, len) {
                continue;
            }
            if len >= 3 {
                let prefix: String = chars[i..i + len - 1].iter().collect();
                if !rules.extended[len - 1].contains(&prefix) {
                    extended_before[i] = false;
                    continue;
                }
            }
            any = true;
            count(chars[i..i + len].iter().collect(), p.field_of(i));
        }
        if !any && len >= 2 {
            break;
        }
    }
    let mut out: Vec<(String, u32)> = tf
        .into_iter()
        .map(|(k, t)| (k, impact(&t, &p.lens, PIVOT)))
        .collect();
    out.append(&mut p.words);
    if let Some(k) = number_key.filter(|k| !k.is_empty()) {
        out.push((format!("#{k}"), IMPACT_LEVELS - 1));
    }
    out.sort_unstable();
    out
}

const PARTS: usize = 64;

/// Estimated distinct extensions of a frequent gram per document holding it.
const EXTENSIONS_PER_DOC: f64 = 3.0;

fn part_of(k: u128) -> usize {
    let mut h = Fx::default();
    h.write_u128(k);
    (h.finish() >> 58) as usize
}

/// A gram key with a posting in its low bits, as a wave of the gram pass
/// emits it. The narrowest type with room for both is used: most keys
/// and postings fit a `u64`, half the memory of a wave of tuples.
trait Packed: Copy + Send + Sync {
    fn pack(key: u128, low: u32, low_bits: u32) -> Self;
    fn key(self, low_bits: u32) -> u128;
    fn low(self, low_bits: u32) -> u32;
}
impl Packed for u64 {
    fn pack(key: u128, low: u32, low_bits: u32) -> u64 {
        ((key as u64) << low_bits) | low as u64
    }
    fn key(self, low_bits: u32) -> u128 {
        (self >> low_bits) as u128
    }
    fn low(self, low_bits: u32) -> u32 {
        (self & ((1u64 << low_bits) - 1)) as u32
    }
}
impl Packed for u128 {
    fn pack(key: u128, low: u32, low_bits: u32) -> u128 {
        (key << low_bits) | low as u128
    }
    fn key(self, low_bits: u32) -> u128 {
        self >> low_bits
    }
    fn low(self, low_bits: u32) -> u32 {
        (self & ((1u128 << low_bits) - 1)) as u32
    }
}
impl Packed for (u128, u32) {
    fn pack(key: u128, low: u32, _: u32) -> (u128, u32) {
        (key, low)
    }
    fn key(self, _: u32) -> u128 {
        self.0
    }
    fn low(self, _: u32) -> u32 {
        self.1
    }
}

/// Posting lists of the grams of `len` characters (starting at the `alive`
/// positions of each document, or anywhere), in `PARTS` partitions by key.
/// Documents are cut into runs; a document's grams are counted (per field)
/// in a small open-addressing table (single characters: in a table indexed
/// by their ids), and each gram emits one packed
/// (key, posting) integer into its partition. Runs are in document order,
/// so a partition's postings of a key come in document order, and go
/// straight onto the key's encoded list. No per-gram allocation until the
/// lists themselves; the same lists for any number of threads.
fn gram_parts<C: Id>(
    prepared: &[Ids<C>],
    alive: Option<&[Positions]>,
    len: usize,
    bits: u32,
    avg_body: f32,
) -> Vec<Part> {
    let key_bits = len as u32 * bits;
    // A posting is `doc << 3 | impact`: as many bits as the largest.
    let low_bits = (((prepared.len().max(1) as u32) << 3) - 1)
        .checked_ilog2()
        .map_or(1, |b| b + 1);
    if key_bits + low_bits <= 64 {
        gram_parts_as::<u64, u64, C>(prepared, alive, len, bits, low_bits, avg_body)
    } else if key_bits <= 64 {
        gram_parts_as::<u128, u64, C>(prepared, alive, len, bits, low_bits, avg_body)
    } else if key_bits + low_bits <= 128 {
        gram_parts_as::<u128, u128, C>(prepared, alive, len, bits, low_bits, avg_body)
    } else {
        gram_parts_as::<(u128, u32), u128, C>(prepared, alive, len, bits, low_bits, avg_body)
    }
}

/// The posting lists of some grams: that of `keys[i]` holds `dfs[i]`
/// documents and is `enc[at[i]..at[i + 1]]`, encoded as it ships.
struct Part {
    keys: Vec<u128>,
    dfs: Vec<u32>,
    at: Vec<u32>,
    enc: Vec<u8>,
}

impl Part {
    /// (key, document frequency, encoded list).
    fn lists(&self) -> impl Iterator<Item = (u128, usize, &[u8])> + '_ {
        self.keys.iter().enumerate().map(|(i, &k)| {
            (
                k,
                self.dfs[i] as usize,
                &self.enc[self.at[i] as usize..self.at[i + 1] as usize],
            )
        })
    }
}

/// A gram key in a [`DocTable`]: the narrowest integer that holds it, as
/// a narrower table is more cache friendly. 0 is never a key.
trait TableKey: Copy + Eq + std::hash::Hash + Default + Send + Sync {
    fn of(key: u128) -> Self;
    fn wide(self) -> u128;
    /// `self` with character id `c` appended, `bits` per character, cut
    /// to `mask`: a rolling key as narrow as the table's (a `u128` shift
    /// per character was an eighth of the pass over every position).
    fn roll(self, c: u32, bits: u32, mask: Self) -> Self;
    /// The bits the table hashes.
    fn spread(self) -> u64;
}
impl TableKey for u64 {
    fn of(key: u128) -> u64 {
        key as u64
    }
    fn wide(self) -> u128 {
        self as u128
    }
    fn roll(self, c: u32, bits: u32, mask: u64) -> u64 {
        ((self << bits) | c as u64) & mask
    }
    fn spread(self) -> u64 {
        self
    }
}
impl TableKey for u128 {
    fn of(key: u128) -> u128 {
        key
    }
    fn wide(self) -> u128 {
        self
    }
    fn roll(self, c: u32, bits: u32, mask: u128) -> u128 {
        ((self << bits) | c as u128) & mask
    }
    fn spread(self) -> u64 {
        self as u64 ^ (self >> 64) as u64
    }
}

/// Term frequencies (per field) of the grams of one document.
struct DocTable<K: TableKey> {
    keys: Vec<K>,
    tf: Vec<[u32; 4]>,
    used: Vec<u32>,
    shift: u32,
}

impl<K: TableKey> DocTable<K> {
    fn new() -> DocTable<K> {
        DocTable {
            keys: Vec::new(),
            tf: Vec::new(),
            used: Vec::new(),
            shift: 64,
        }
    }
    /// Empties the table, with room for `n` keys.
    fn reset(&mut self, n: usize) {
        for &u in &self.used {
            self.keys[u as usize] = K::default();
            self.tf[u as usize] = [0; 4];
        }
        self.used.clear();
        let want = (2 * n).next_power_of_two().max(16);
        if want > self.keys.len() {
            self.keys = vec![K::default(); want];
            self.tf = vec![[0; 4]; want];
        }
        self.shift = 64 - self.keys.len().trailing_zeros();
    }
    /// Empties the table for keys below `n` counted by
    /// [`DocTable::add_direct`]: the key is its slot, no hash and no probe
    /// (the unigram pass, whose keys are character ids, has one count per
    /// character of the corpus).
    fn reset_direct(&mut self, n: usize) {
        self.reset(n / 2);
        debug_assert!(self.keys.len() >= n);
    }
    /// Counts `key` (never 0, below the `n` of `reset_direct`) in `field`,
    /// keys listed in `used` in the order first counted, as [`DocTable::add`]
    /// lists them.
    #[inline]
    fn add_direct(&mut self, key: u32, field: u8) {
        let i = key as usize;
        if self.keys[i] == K::default() {
            self.keys[i] = K::of(key as u128);
            self.used.push(key);
        }
        self.tf[i][field as usize] += 1;
    }
    fn slot(&self, key: K) -> usize {
        (key.spread().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }
    fn contains(&self, key: K) -> bool {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return true;
            }
            if k == K::default() {
                return false;
            }
            i = (i + 1) & mask;
        }
    }
    /// Counts `key` (never 0) in `field`.
    #[inline]
    fn add(&mut self, key: K, field: u8) {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                break;
            }
            if k == K::default() {
                self.keys[i] = key;
                self.used.push(i as u32);
                break;
            }
            i = (i + 1) & mask;
        }
        self.tf[i][field as usize] += 1;
    }
}

fn gram_parts_as<E: Packed, K: TableKey, C: Id>(
    prepared: &[Ids<C>],
    alive: Option<&[Positions]>,
    len: usize,
    bits: u32,
    low_bits: u32,
    avg_body: f32,
) -> Vec<Part> {
    let n_docs = prepared.len();
    let mut lists: Vec<PartLists<K>> = (0..PARTS).map(|_| PartLists::default()).collect();
    // In waves of documents, each emitting at most about WAVE_POSTINGS
    // packed postings: between waves only the encoded lists are kept. All
    // packed postings of the bigrams at once were 217 MB at 10,000
    // documents, the peak of a build.
    let mut from = 0;
    let mut waves = 0usize;
    while from < n_docs {
        let mut to = from;
        let mut grams = 0usize;
        while to < n_docs && (to == from || grams < WAVE_POSTINGS) {
            grams += match alive {
                Some(al) => al[to].len(),
                None => prepared[to].chars.len(),
            };
            to += 1;
        }
        let emitted = emit_wave::<E, K, C>(
            &prepared[from..to],
            from,
            alive,
            len,
            bits,
            low_bits,
            avg_body,
        );
        // By partition (moved, not copied); runs are in document order, so
        // each key's postings come in document order.
        let mut by_part: Vec<Vec<Vec<E>>> = (0..PARTS).map(|_| Vec::new()).collect();
        for run in emitted {
            for (pi, e) in run.into_iter().enumerate() {
                by_part[pi].push(e);
            }
        }
        lists
            .par_iter_mut()
            .zip(by_part)
            .for_each(|(l, input)| l.add(input.iter().flatten(), low_bits));
        // Lists that outgrew their buffers left them free in the middle of
        // the heap: handed back now and then, they do not add to the
        // pass's peak (80 MB of it at 100,000 documents; a trim there takes
        // tens of milliseconds, so not after every wave).
        waves += 1;
        if waves.is_multiple_of(TRIM_WAVES) {
            crate::build::release_free_memory();
        }
        from = to;
    }
    lists.into_par_iter().map(|l| l.finish(n_docs)).collect()
}

/// Body-only term frequencies whose impacts a document computes ahead.
const BODY_ONLY: usize = 16;

/// Waves between two hand-backs of freed memory ([`gram_parts_as`]).
const TRIM_WAVES: usize = 64;

/// Packed postings a wave of the gram pass emits at most (about): 8 MB.
const WAVE_POSTINGS: usize = 1 << 20;

/// The packed (key, posting) integers of the grams of the documents
/// `docs` (the first being document `first`), by run, then by partition.
fn emit_wave<E: Packed, K: TableKey, C: Id>(
    docs: &[Ids<C>],
    first: usize,
    alive: Option<&[Positions]>,
    len: usize,
    bits: u32,
    low_bits: u32,
    avg_body: f32,
) -> Vec<Vec<Vec<E>>> {
    // Few runs: each cuts its postings into PARTS vectors.
    let runs = (docs.len() / 16).clamp(1, 4 * rayon::current_num_threads());
    let per_run = docs.len().div_ceil(runs).max(1);
    let key_mask = K::of(u128::MAX >> (128 - len as u32 * bits));
    docs.par_chunks(per_run)
        .enumerate()
        // Per thread, reused from run to run: the run's postings with their
        // partitions, and the table. Each run's partitions are then cut to
        // their exact sizes: 64 vectors per run growing by doubling were a
        // tenth of the build in `malloc` and `memmove`.
        .map_init(
            || (Vec::<E>::new(), Vec::<u8>::new(), DocTable::<K>::new()),
            |(all, parts, table), (r, docs)| {
                all.clear();
                parts.clear();
                for (j, p) in docs.iter().enumerate() {
                    let doc = (first + r * per_run + j) as u32;
                    // Positions come in order: the field is a cursor over
                    // `starts`, not a search per position.
                    let mut field = 0usize;
                    let mut field_at = |i: usize| {
                        while field < 3 && p.starts[field + 1] as usize <= i {
                            field += 1;
                        }
                        field as u8
                    };
                    match alive {
                        // An alive position starts a gram of `len` characters
                        // within a run: `alive` was cut so.
                        Some(al) => {
                            let al = &al[doc as usize];
                            table.reset(al.len());
                            for i in al.iter() {
                                let i = i as usize;
                                let key = key_of::<C, K>(&p.chars[i..i + len], bits);
                                table.add(key, field_at(i));
                            }
                        }
                        // Single characters: their ids index the table.
                        None if len == 1 => {
                            table.reset_direct(1 << bits);
                            for (i, &c) in p.chars.iter().enumerate() {
                                let c = c.get();
                                if c != 0 {
                                    table.add_direct(c, field_at(i));
                                }
                            }
                        }
                        // Every gram within a run: a rolling key, and the run's
                        // length so far instead of a test for 0 per gram.
                        None => {
                            table.reset(p.chars.len());
                            let (mut run, mut key) = (0usize, K::default());
                            for (i, &c) in p.chars.iter().enumerate() {
                                let c = c.get();
                                if c == 0 {
                                    run = 0;
                                    continue;
                                }
                                run += 1;
                                key = key.roll(c, bits, key_mask);
                                if run >= len {
                                    let start = i + 1 - len;
                                    table.add(key, field_at(start));
                                }
                            }
                        }
                    }
                    // Most grams occur in the body only, a few times: their
                    // impacts are computed once per document, not per gram.
                    let body_only: [u32; BODY_ONLY] =
                        std::array::from_fn(|n| impact(&[0, 0, 0, n as u32], &p.lens, avg_body));
                    for &u in &table.used {
                        let k = table.keys[u as usize].wide();
                        let tf = &table.tf[u as usize];
                        let imp = match tf {
                            [0, 0, 0, n] if (*n as usize) < BODY_ONLY => body_only[*n as usize],
                            _ => impact(tf, &p.lens, avg_body),
                        };
                        all.push(E::pack(k, doc << 3 | imp, low_bits));
                        parts.push(part_of(k) as u8);
                    }
                }
                let mut sizes = [0usize; PARTS];
                parts.iter().for_each(|&p| sizes[p as usize] += 1);
                let mut out: Vec<Vec<E>> = sizes.iter().map(|&n| Vec::with_capacity(n)).collect();
                for (&e, &p) in all.iter().zip(parts.iter()) {
                    out[p as usize].push(e);
                }
                out
            },
        )
        .collect()
}

/// The lists of one partition's grams as the waves add to them, keys in
/// the order first met (documents in order, so the same for any number of
/// threads or waves).
struct PartLists<K> {
    /// Keys as narrow as the table's: a `u128` hashes in two rounds, once
    /// per posting.
    ids: FxMap<K, u32>,
    keys: Vec<K>,
    lists: Vec<super::shard::ListBuilder>,
}

impl<K> Default for PartLists<K> {
    fn default() -> Self {
        PartLists {
            ids: FxMap::default(),
            keys: Vec::new(),
            lists: Vec::new(),
        }
    }
}

impl<K: TableKey> PartLists<K> {
    /// Adds packed postings, each key's in document order.
    fn add<'a, E: Packed + 'a>(&mut self, input: impl Iterator<Item = &'a E>, low_bits: u32) {
        for e in input {
            let k = K::of(e.key(low_bits));
            let id = *self.ids.entry(k).or_insert_with(|| {
                self.keys.push(k);
                self.lists.push(Default::default());
                self.keys.len() as u32 - 1
            });
            self.lists[id as usize].push(e.low(low_bits));
        }
    }
    fn finish(self, n_docs: usize) -> Part {
        drop(self.ids);
        let mut enc = Vec::with_capacity(self.lists.iter().map(|l| l.plain_len() + 1).sum());
        let mut at = Vec::with_capacity(self.keys.len() + 1);
        let mut dfs = Vec::with_capacity(self.keys.len());
        at.push(0);
        for l in self.lists {
            dfs.push(l.df());
            l.finish(&mut enc, n_docs);
            at.push(enc.len() as u32);
        }
        enc.shrink_to_fit();
        Part {
            keys: self.keys.into_iter().map(K::wide).collect(),
            dfs,
            at,
            enc,
        }
    }
}

/// A set of bigrams as a bit matrix, rows their first characters and
/// columns their last (each numbered among the set's own): two array reads
/// and a bit test per position, where a hash set costs a multiply and a
/// probe. Every position of every document is tested against the extended
/// bigrams: with a hash set, that test was a tenth of an index build.
struct PairSet {
    row: Vec<u32>,
    col: Vec<u32>,
    cols: usize,
    bits: Vec<u64>,
}

impl PairSet {
    /// `None` when the matrix would be too large (over 32 MB).
    fn new(keys: &[u128], bits: u32) -> Option<PairSet> {
        let mask = (1u128 << bits) - 1;
        let mut row = vec![u32::MAX; 1 << bits];
        let mut col = vec![u32::MAX; 1 << bits];
        let (mut rows, mut cols) = (0u32, 0u32);
        for &k in keys {
            let (a, b) = ((k >> bits & mask) as usize, (k & mask) as usize);
            if row[a] == u32::MAX {
                row[a] = rows;
                rows += 1;
            }
            if col[b] == u32::MAX {
                col[b] = cols;
                cols += 1;
            }
        }
        let cells = rows as usize * cols as usize;
        if cells > 1 << 28 {
            return None;
        }
        let mut set = PairSet {
            row,
            col,
            cols: cols as usize,
            bits: vec![0; cells.div_ceil(64)],
        };
        for &k in keys {
            let cell = set.cell(k >> bits & mask, k & mask);
            set.bits[cell / 64] |= 1 << (cell % 64);
        }
        Some(set)
    }
    fn cell(&self, a: u128, b: u128) -> usize {
        self.row[a as usize] as usize * self.cols + self.col[b as usize] as usize
    }
    /// Positions of `chars` (character ids, 0 between runs) where a bigram
    /// of the set starts and a third character follows in the same run.
    fn alive<C: Id>(&self, chars: &[C]) -> Positions {
        let mut out = Positions::new(chars.len());
        for (i, w) in chars.windows(3).enumerate() {
            // Character id 0 (a run break) is in no row or column.
            let (r, c) = (self.row[w[0].get() as usize], self.col[w[1].get() as usize]);
            if r == u32::MAX || c == u32::MAX || w[2].get() == 0 {
                continue;
            }
            let cell = r as usize * self.cols + c as usize;
            if self.bits[cell / 64] >> (cell % 64) & 1 == 1 {
                out.insert(i as u32);
            }
        }
        out
    }
}

/// Positions in a document, a bit each: where grams of the next length may
/// start. As `u32`s they were 57 MB at 10,000 documents before the
/// trigrams, the peak of the index build; as bits, 6 MB.
struct Positions {
    bits: Vec<u64>,
    count: usize,
}

impl Positions {
    fn new(len: usize) -> Positions {
        Positions {
            bits: vec![0; len.div_ceil(64)],
            count: 0,
        }
    }
    fn of(len: usize, positions: impl Iterator<Item = u32>) -> Positions {
        let mut out = Positions::new(len);
        positions.for_each(|i| out.insert(i));
        out
    }
    fn insert(&mut self, i: u32) {
        let w = &mut self.bits[i as usize / 64];
        let bit = 1u64 << (i % 64);
        self.count += (*w & bit == 0) as usize;
        *w |= bit;
    }
    fn len(&self) -> usize {
        self.count
    }
    /// In increasing order.
    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.bits.iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let b = w.trailing_zeros();
                    w &= w - 1;
                    wi as u32 * 64 + b
                })
            })
        })
    }
}

/// Each document's characters as ids (its code points are dropped).
fn ids_of<C: Id>(prepared: &mut [Prepared], id_of: &[u32]) -> Vec<Ids<C>> {
    prepared
        .par_iter_mut()
        .map(|p| Ids {
            chars: match std::mem::replace(&mut p.chars, CodePoints::Wide(Vec::new())) {
                CodePoints::Narrow(v) => C::of_narrow(v, id_of),
                CodePoints::Wide(v) => v.into_iter().map(|c| C::of(id_of[c as usize])).collect(),
            },
            starts: p.starts,
            lens: p.lens,
        })
        .collect()
}

/// The posting lists of the CJK grams (`cjk[id - 1]` is the character of
/// an id; keys hold `bits` per character), with the thresholds chosen and
/// the statistics and extended grams of each length.
fn cjk_grams<C: Id>(
    prepared: Vec<Ids<C>>,
    cjk: &[char],
    bits: u32,
    budget: &Budget,
    lap: &dyn Fn(&str),
) -> Postings {
    let stats_on = std::env::var_os("GAZETTE_SEARCH_STATS").is_some();
    let max_len = budget.max_len;
    let avg_body = PIVOT;

    let unkey = |mut k: u128| -> String {
        let mut cs = ['\0'; 8];
        let mut n = 0;
        while k != 0 {
            cs[n] = cjk[(k & ((1 << bits) - 1)) as usize - 1];
            n += 1;
            k >>= bits;
        }
        let mut out = String::with_capacity(4 * n);
        out.extend(cs[..n].iter().rev());
        out
    };

    let mut grams = Grams::default();
    let mut chooser = Chooser::new(max_len);
    let mut stats: Vec<LenStats> = vec![LenStats::default()];
    let mut extended: Vec<Vec<String>> = vec![Vec::new()];
    // Positions (per document) where a gram of the current length may start.
    let mut alive: Option<Vec<Positions>> = None;
    for len in 1..=max_len {
        let parts = gram_parts(&prepared, alive.as_deref(), len, bits, avg_body);
        // A pass frees its waves and the lists it outgrew: returned, they
        // no longer add to the next pass's peak (the bigram pass's is the
        // build's at 100,000 documents).
        crate::build::release_free_memory();
        lap("grams");
        // Per partition in parallel: sums and counts, the same in any order.
        let s = parts
            .par_iter()
            .map(|m| LenStats::of(m.lists().map(|(_, df, e)| (df, e.len())), len))
            .reduce(LenStats::default, LenStats::merge);
        let threshold = chooser.next(len, &s, budget);
        if stats_on {
            eprintln!(
                "grams of {len}: {} postings, threshold {threshold:?}, budget left {:.0}",
                s.entries, chooser.budget
            );
        }
        stats.push(s);
        // Which positions go on to the next length.
        let mut extended_here = Vec::new();
        if len >= 2 {
            alive = threshold.map(|t| {
                // A small set of the extended grams is far more cache
                // friendly than probing the posting lists.
                let mut extended_set = DocTable::<u128>::new();
                let keys: Vec<u128> = parts
                    .iter()
                    .flat_map(|m| m.lists())
                    .filter(|&(_, df, _)| df > t)
                    .map(|(k, _, _)| k)
                    .collect();
                let mut names: Vec<String> = keys.iter().map(|&k| unkey(k)).collect();
                names.sort_unstable();
                extended_here = names;
                extended_set.reset(keys.len());
                // Their first and last characters, a bit per character id:
                // most positions fail these tests and never hash a key.
                let mut first = vec![0u64; (1usize << bits) / 64 + 1];
                let mut last = vec![0u64; (1usize << bits) / 64 + 1];
                for &k in &keys {
                    extended_set.add(k, 0);
                    let c = (k & ((1 << bits) - 1)) as usize;
                    last[c / 64] |= 1 << (c % 64);
                    let c = (k >> (bits as usize * (len - 1))) as usize;
                    first[c / 64] |= 1 << (c % 64);
                }
                let has = |bitmap: &[u64], c: C| {
                    let c = c.get();
                    bitmap[c as usize / 64] >> (c % 64) & 1 == 1
                };
                // `whole`: the `len` characters from `i` are known to be in
                // one run (an alive position), only the next one is tested.
                let keep = |p: &Ids<C>, i: usize, whole: bool| {
                    let end = i + len;
                    let from = if whole { end } else { i };
                    end < p.chars.len()
                        && has(&last, p.chars[end - 1])
                        && has(&first, p.chars[i])
                        && !p.chars[from..=end].iter().any(|c| c.get() == 0)
                        && extended_set.contains(key_of::<C, u128>(&p.chars[i..end], bits))
                };
                let pairs = (alive.is_none() && len == 2)
                    .then(|| PairSet::new(&keys, bits))
                    .flatten();
                prepared
                    .par_iter()
                    .enumerate()
                    .map(|(d, p)| match (&alive, &pairs) {
                        (Some(al), _) => Positions::of(
                            p.chars.len(),
                            al[d].iter().filter(|&i| keep(p, i as usize, true)),
                        ),
                        (None, Some(pairs)) => pairs.alive(&p.chars),
                        (None, None) => Positions::of(
                            p.chars.len(),
                            (0..p.chars.len() as u32).filter(|&i| keep(p, i as usize, false)),
                        ),
                    })
                    .collect()
            });
        }
        extended.push(extended_here);
        for m in parts {
            grams.push_part(m, unkey);
        }
        lap("alive, strings");
        if len >= 2 && alive.is_none() {
            break;
        }
    }
    Postings {
        grams,
        max_len,
        frequent: chooser.frequent,
        stats,
        extended,
    }
}

/// Builds all posting lists. `prepared` are in doc id order. Grams of each
/// length from 2 are extended while the extensions stay within
/// `extension_budget` × (bytes of unigram and bigram postings) and all
/// postings within `byte_budget` bytes; the most frequent
/// grams first, so the thresholds `frequent[len]` (extend when df > it) are
/// as low as the budget allows, never below `min_frequent`.
pub fn build(
    mut prepared: Vec<Prepared>,
    min_frequent: usize,
    extension_budget: f64,
    byte_budget: f64,
    doc_number_keys: &[Option<String>],
) -> Postings {
    let stats_on = std::env::var_os("GAZETTE_SEARCH_STATS").is_some();
    let clock = std::time::Instant::now();
    let lap = |what: &str| {
        if stats_on {
            eprintln!("  {}", crate::build::stats_line(clock, what));
        }
    };
    // Character ids of CJK characters, in code point order (deterministic):
    // a bit per code point marks the characters present.
    let per_task = prepared
        .len()
        .div_ceil(4 * rayon::current_num_threads())
        .max(1);
    let present: Vec<u64> = prepared
        .par_iter()
        .with_min_len(per_task)
        .fold(
            || vec![0u64; 0x11_0000 / 64],
            |mut acc, p| {
                p.chars
                    .for_each(|c| acc[c as usize / 64] |= 1 << (c as usize % 64));
                acc
            },
        )
        .reduce(
            || vec![0u64; 0x11_0000 / 64],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x |= y);
                a
            },
        );
    let cjk: Vec<char> = (1..0x11_0000u32)
        .filter(|&c| present[c as usize / 64] >> (c % 64) & 1 == 1)
        .filter_map(char::from_u32)
        .collect();
    let mut id_of = vec![0u32; 0x11_0000];
    for (i, &c) in cjk.iter().enumerate() {
        id_of[c as usize] = i as u32 + 1;
    }
    // The longest gram is part of the format: 8 characters, or 7 where a
    // corpus has 65,536 characters or more. Keys pack character ids in as
    // few bits as they need: most grams then fit a 64-bit integer with
    // their posting, which halves the memory of sorting them.
    let max_len = if cjk.len() < (1 << 16) { 8 } else { 7 };
    let bits: u32 = (cjk.len() as u32).checked_ilog2().map_or(1, |b| b + 1);
    // Words first: their strings (about 20 per document, 130 MB at 100,000
    // documents) are freed before the gram passes, whose peak is the build's.
    let mut words: HashMap<String, Vec<u32>> = HashMap::new();
    for (doc, p) in prepared.iter_mut().enumerate() {
        for (w, imp) in std::mem::take(&mut p.words) {
            words.entry(w).or_default().push((doc as u32) << 3 | imp);
        }
    }
    let budget = Budget {
        min_frequent,
        extension_budget,
        byte_budget,
        max_len,
    };
    let mut postings = if bits <= 16 {
        cjk_grams(
            ids_of::<u16>(&mut prepared, &id_of),
            &cjk,
            bits,
            &budget,
            &lap,
        )
    } else {
        cjk_grams(
            ids_of::<u32>(&mut prepared, &id_of),
            &cjk,
            bits,
            &budget,
            &lap,
        )
    };

    // Words.
    lap("cjk");
    for (w, v) in words {
        postings.grams.push(&w, &v, prepared.len());
    }
    lap("words");

    // Document numbers: `#key` → the documents with that number.
    let mut numbers: HashMap<String, Vec<u32>> = HashMap::new();
    for (doc, k) in doc_number_keys.iter().enumerate() {
        if let Some(k) = k {
            if !k.is_empty() {
                numbers
                    .entry(format!("#{k}"))
                    .or_default()
                    .push((doc as u32) << 3 | (IMPACT_LEVELS - 1));
            }
        }
    }
    for (k, v) in numbers {
        postings.grams.push(&k, &v, prepared.len());
    }
    postings
}

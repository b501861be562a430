//! Builds the posting lists: which documents hold which gram.
//!
//! Grams (see `mod.rs` for the format they ship in):
//! * every CJK character (one-character queries) and every pair of adjacent
//!   CJK characters of a run;
//! * a gram `g` extended by the next character `g·c`, for every `g` of two or
//!   more characters held by more than `frequent` documents, up to `max_len`
//!   characters. So the document list of a frequent phrase is stored exactly,
//!   and a phrase that is not stored has a rare prefix whose few documents
//!   the browser verifies against their text;
//! * every word (Latin letters, digits);
//! * the key of every document number (`#` + `tokenize::doc_number_key`).
//!
//! Each posting carries a quantised BM25F impact of the gram in the document
//! (fields weighted title = doc number > issuer > body; body length
//! normalised).

use super::shard::IMPACT_LEVELS;
use super::tokenize::{is_cjk, normalize, segments_of_normalized, Kind};
use rayon::prelude::*;
use std::collections::HashMap;
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

/// Field weights of BM25F: title, doc number, issuer, body.
const WEIGHTS: [f32; 4] = [8.0, 8.0, 3.0, 1.0];
const K1: f32 = 1.2;
const B_BODY: f32 = 0.75;

/// The indexed fields of one document, normalised.
pub struct DocFields {
    pub fields: [String; 4],
}

impl DocFields {
    pub fn new(title: &str, doc_number: &str, issuer: &str, body: &str) -> DocFields {
        DocFields {
            fields: [
                normalize(title),
                normalize(doc_number),
                normalize(issuer),
                normalize(body),
            ],
        }
    }
}

/// Posting lists, keyed by gram text; values are `doc << 3 | impact`, sorted.
pub struct Postings {
    pub grams: Vec<(String, Vec<u32>)>,
    /// Longest gram indexed (8, or 7 when a corpus has 65,536 CJK characters or more).
    pub max_len: usize,
}

struct Prepared {
    /// CJK character ids (1-based) of all runs, 0 between runs.
    chars: Vec<u32>,
    /// Field of each position of `chars`.
    field: Vec<u8>,
    /// Words with their field.
    words: Vec<(String, u8)>,
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

/// Builds all posting lists. `docs` are in doc id order.
pub fn build(docs: &[DocFields], frequent: usize, doc_number_keys: &[Option<String>]) -> Postings {
    // Character ids of CJK characters, in code point order (deterministic).
    let mut cjk: Vec<char> = docs
        .par_iter()
        .fold(Vec::new, |mut acc: Vec<char>, d| {
            for f in &d.fields {
                acc.extend(f.chars().filter(|&c| is_cjk(c)));
            }
            acc.sort_unstable();
            acc.dedup();
            acc
        })
        .reduce(Vec::new, |mut a, b| {
            a.extend(b);
            a.sort_unstable();
            a.dedup();
            a
        });
    cjk.sort_unstable();
    let id_of: FxMap<char, u32> = cjk
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i as u32 + 1))
        .collect();
    let bits: u32 = if cjk.len() < (1 << 16) { 16 } else { 18 };
    let max_len = (128 / bits) as usize;

    let prepared: Vec<Prepared> = docs
        .par_iter()
        .map(|d| {
            let mut p = Prepared {
                chars: Vec::new(),
                field: Vec::new(),
                words: Vec::new(),
                lens: [0; 4],
            };
            for (fi, f) in d.fields.iter().enumerate() {
                for (kind, seg) in segments_of_normalized(f) {
                    match kind {
                        Kind::Cjk => {
                            for c in seg.chars() {
                                p.chars.push(id_of[&c]);
                                p.field.push(fi as u8);
                                p.lens[fi] += 1;
                            }
                            p.chars.push(0);
                            p.field.push(fi as u8);
                        }
                        Kind::Word => {
                            p.words.push((seg.to_string(), fi as u8));
                            p.lens[fi] += 1;
                        }
                    }
                }
            }
            p
        })
        .collect();
    let avg_body = prepared.iter().map(|p| p.lens[3] as f64).sum::<f64>() as f32
        / prepared.len().max(1) as f32;

    let key = |chars: &[u32]| -> u128 { chars.iter().fold(0u128, |k, &c| (k << bits) | c as u128) };
    let unkey = |mut k: u128| -> String {
        let mut cs = Vec::new();
        while k != 0 {
            cs.push(cjk[(k & ((1 << bits) - 1)) as usize - 1]);
            k >>= bits;
        }
        cs.iter().rev().collect()
    };

    let mut grams: Vec<(String, Vec<u32>)> = Vec::new();
    // Positions (per document) whose gram of the current length is frequent.
    let mut alive: Vec<Vec<u32>> = prepared
        .iter()
        .map(|p| {
            (0..p.chars.len() as u32)
                .filter(|&i| p.chars[i as usize] != 0)
                .collect()
        })
        .collect();
    for len in 1..=max_len {
        // Per document: the grams of this length starting at alive positions.
        let per_doc: Vec<Vec<(u128, u32)>> = prepared
            .par_iter()
            .zip(alive.par_iter())
            .map(|(p, al)| {
                let mut v = Vec::with_capacity(al.len());
                for &i in al {
                    let i = i as usize;
                    let end = i + len;
                    if end <= p.chars.len() && !p.chars[i..end].contains(&0) {
                        v.push((key(&p.chars[i..end]), p.field[i]));
                    }
                }
                group(v, &p.lens, avg_body)
            })
            .collect();
        // Merge in document order.
        let mut map: FxMap<u128, Vec<u32>> = FxMap::default();
        for (doc, v) in per_doc.iter().enumerate() {
            for &(k, imp) in v {
                map.entry(k).or_default().push((doc as u32) << 3 | imp);
            }
        }
        drop(per_doc);
        // Which grams extend: length >= 2 and more than `frequent` documents.
        let extend: FxMap<u128, ()> = if len >= 2 && len < max_len {
            map.iter()
                .filter(|(_, v)| v.len() > frequent)
                .map(|(&k, _)| (k, ()))
                .collect()
        } else {
            FxMap::default()
        };
        if std::env::var_os("GAZETTE_SEARCH_STATS").is_some() {
            let entries: usize = map.values().map(Vec::len).sum();
            eprintln!(
                "grams of {len}: {} grams, {entries} postings, {} to extend",
                map.len(),
                extend.len()
            );
        }
        grams.extend(map.into_iter().map(|(k, v)| (unkey(k), v)));
        if len == 1 {
            continue; // bigrams start at every position too
        }
        if extend.is_empty() {
            break;
        }
        alive = prepared
            .par_iter()
            .zip(alive.par_iter())
            .map(|(p, al)| {
                al.iter()
                    .copied()
                    .filter(|&i| {
                        let (i, end) = (i as usize, i as usize + len);
                        end < p.chars.len()
                            && !p.chars[i..end].contains(&0)
                            && extend.contains_key(&key(&p.chars[i..end]))
                    })
                    .collect()
            })
            .collect();
    }

    // Words.
    let per_doc: Vec<Vec<(&str, u32)>> = prepared
        .par_iter()
        .map(|p| {
            let v: Vec<(&str, u8)> = p.words.iter().map(|(w, f)| (w.as_str(), *f)).collect();
            group(v, &p.lens, avg_body)
        })
        .collect();
    let mut words: HashMap<&str, Vec<u32>> = HashMap::new();
    for (doc, v) in per_doc.iter().enumerate() {
        for &(w, imp) in v {
            words.entry(w).or_default().push((doc as u32) << 3 | imp);
        }
    }
    grams.extend(words.into_iter().map(|(w, v)| (w.to_string(), v)));

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
    grams.extend(numbers);
    grams.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Postings { grams, max_len }
}

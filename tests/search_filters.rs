//! Measurement (ignored), for issue 4 point 7: a phrase that is not indexed
//! whole is checked against the text of each of its candidates (the
//! documents of its longest indexed prefix that hold its other grams), one
//! text file of ~7 KB each at 10,000 documents. For the 40 phrase queries
//! of `search_browser`'s benchmark, this prints each phrase's candidates,
//! how many hold it, and how many a filter stored with the postings would
//! leave, with what the filter would cost:
//!
//! * `mod m`: per bigram posting, a mask of its positions modulo `m`;
//! * `blocks m`: per bigram posting, which of `m` equal blocks of the
//!   document hold it (the phrase must start in one block and each gram
//!   lie in it or the next);
//! * `next m`: per bigram posting, a mask of the hashes (mod `m`) of the
//!   characters that follow it;
//! * `digit D`: per posting of a gram that is not extended and is held by
//!   more than `D` documents, one alphabet digit: the code point mod 91 of
//!   the character after it when every occurrence in the document that has
//!   one agrees, else a wildcard (measured in the browser by the prototype
//!   on branch `helper/search-bytes-digits`, see BENCHMARKS.md);
//! * `trigrams`: the ideal of a next-character filter, every trigram of
//!   the phrase present.
//!
//! Filters must never drop a document that holds the phrase (asserted).
//!
//! `GAZETTE_DOCS` (default 10,000) documents of the benchmark's corpus;
//! `GAZETTE_RATIO` the `max_size_ratio` of the index (default 1.17), to see
//! what fewer or more extended grams change.
//!
//! `cargo test --release --test search_filters -- --ignored --nocapture`

#[path = "browser/corpus.rs"]
mod corpus;

use gazette::search::shard::{encoded_list_len, parse_shard_file};
use gazette::search::tokenize::{is_cjk, scan, segments, Kind, Token};
use gazette::search::{build_index_with, Params, SearchDoc};
use std::collections::{BTreeMap, HashMap};

/// The CJK characters of a document's fields as the index reads them,
/// `'\0'` between runs.
fn fields_chars(d: &SearchDoc) -> Vec<char> {
    let iss = d.issuer.join("、");
    let mut chars = Vec::new();
    for f in [
        d.title.as_str(),
        d.doc_number.as_deref().unwrap_or(""),
        iss.as_str(),
        d.text.as_str(),
    ] {
        scan(f, |t| match t {
            Token::Cjk(c) => chars.push(c),
            Token::RunEnd => chars.push('\0'),
            Token::Word(_) => {}
        });
    }
    chars
}

/// Characters of `postings` (packed `doc << 3 | impact`) as a Rice code of
/// the gaps (best parameter) with 3 bits of impact, 6 bits per character,
/// or as a bitmap with 3 bits of impact per posting: what a denser code
/// of the lists than today's varints would give.
fn rice_len(postings: &[u32], n: usize) -> usize {
    let best = (0..20)
        .map(|k| {
            let mut prev: i64 = -1;
            let mut bits = 0u64;
            for &p in postings {
                let d = (p >> 3) as i64;
                bits += k + 1 + ((d - prev - 1) as u64 >> k) + 3;
                prev = d;
            }
            1 + bits.div_ceil(6) as usize
        })
        .min()
        .unwrap();
    best.min(1 + n.div_ceil(6) + (3 * postings.len()).div_ceil(6))
}

fn and(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut x, mut y, mut o) = (0, 0, Vec::new());
    while x < a.len() && y < b.len() {
        if a[x] < b[y] {
            x += 1
        } else if a[x] > b[y] {
            y += 1
        } else {
            o.push(a[x]);
            x += 1;
            y += 1;
        }
    }
    o
}

const MS: [usize; 5] = [4, 6, 8, 12, 16];
const DS: [usize; 4] = [256, 512, 1024, 2048];

/// Candidates left by each filter: mod, blocks, next (one per `MS`),
/// digit (one per `DS`), trigrams, all.
#[derive(Default, Clone)]
struct Kept {
    modm: [usize; MS.len()],
    blocks: [usize; MS.len()],
    next: [usize; MS.len()],
    digit: [usize; DS.len()],
    trigrams: usize,
    all: usize,
}

impl Kept {
    fn add(&mut self, o: &Kept) {
        for i in 0..MS.len() {
            self.modm[i] += o.modm[i];
            self.blocks[i] += o.blocks[i];
            self.next[i] += o.next[i];
        }
        for i in 0..DS.len() {
            self.digit[i] += o.digit[i];
        }
        self.trigrams += o.trigrams;
        self.all += o.all;
    }
    fn show(&self) -> String {
        format!(
            "mod {MS:?}: {:?}; blocks: {:?}; next: {:?}; digit {DS:?}: {:?}; trigrams: {}",
            self.modm, self.blocks, self.next, self.digit, self.trigrams
        )
    }
}

#[test]
#[ignore]
fn positional_filters() {
    let n: usize = std::env::var("GAZETTE_DOCS").map_or(10_000, |v| v.parse().unwrap());
    let ratio: f64 = std::env::var("GAZETTE_RATIO").map_or(1.17, |v| v.parse().unwrap());
    let corpus = corpus::generate(&corpus::Shape::benchmark(n));
    let docs = &corpus.docs;
    let files = build_index_with(
        docs,
        Params {
            max_size_ratio: ratio,
            ..Params::default()
        },
    );
    // As the benchmark counts it.
    let text_bytes: usize = docs
        .iter()
        .map(|d| d.text.len() + d.title.len() + d.doc_number.as_deref().map_or(0, str::len))
        .sum();
    let index_bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let js = files
        .iter()
        .find(|(p, _)| p == "search/gazette-search.js")
        .map(|f| String::from_utf8(f.1.clone()).unwrap())
        .unwrap();
    let cfg = &js[js.rfind("GazetteSearch._config(").unwrap() + 22..];
    let cfg: serde_json::Value =
        serde_json::from_str(cfg.trim_end().strip_suffix(");").unwrap()).unwrap();
    let frequent: Vec<Option<usize>> = cfg["frequent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().map(|x| x as usize))
        .collect();
    let max_len = cfg["max_len"].as_u64().unwrap() as usize;
    let per_rows = cfg["per_rows"].as_u64().unwrap() as usize;
    let threshold = |len: usize| frequent.get(len).copied().flatten().unwrap_or(usize::MAX);
    eprintln!(
        "max_size_ratio {ratio}: index {:.3}x text; frequent {frequent:?}, max_len {max_len}",
        index_bytes as f64 / text_bytes as f64
    );
    let mut lists: HashMap<String, Vec<u32>> = HashMap::new();
    let mut id_of_url: HashMap<String, usize> = HashMap::new();
    let (mut now, mut rice) = (0usize, 0usize);
    for (p, b) in &files {
        if p.starts_with("search/s/") {
            for (k, l) in parse_shard_file(b, n).unwrap() {
                now += encoded_list_len(&l, n);
                rice += rice_len(&l, n);
                lists.insert(k, l.into_iter().map(|x| x >> 3).collect());
            }
        } else if let Some(r) = p.strip_prefix("search/r/") {
            let k: usize = r.trim_end_matches(".js").parse().unwrap();
            let s = std::str::from_utf8(b).unwrap();
            let inner = &s[s.find('(').unwrap() + 1..s.rfind(");").unwrap()];
            let v: serde_json::Value = serde_json::from_str(&format!("[{inner}]")).unwrap();
            for (j, row) in v[1].as_array().unwrap().iter().enumerate() {
                id_of_url.insert(row[0].as_str().unwrap().to_string(), k * per_rows + j);
            }
        }
    }
    drop(files);
    eprintln!("posting lists: {now} bytes as shipped, {rice} as a Rice code");
    let mut doc_of_id = vec![0usize; n];
    for (i, d) in docs.iter().enumerate() {
        doc_of_id[id_of_url[&d.url]] = i;
    }
    // What filters would cost: postings of the lists that would carry them.
    let mut bigrams: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (k, l) in &lists {
        if k.chars().count() == 2 && k.chars().all(is_cjk) {
            let e = bigrams.entry(l.len().next_power_of_two()).or_default();
            e.0 += 1;
            e.1 += l.len();
        }
    }
    eprintln!("bigram lists by df (up to a power of two): (lists, postings) {bigrams:?}");
    for d in DS {
        let (mut ls, mut ps) = (0usize, 0usize);
        for (k, l) in &lists {
            let len = k.chars().count();
            if (2..max_len).contains(&len)
                && k.chars().all(is_cjk)
                && l.len() > d
                && l.len() <= threshold(len)
            {
                ls += 1;
                ps += l.len();
            }
        }
        eprintln!(
            "digit {d}: {ls} lists, {ps} postings; index with a digit per posting and a mark per list: {:.3}x text",
            (index_bytes + ps + 2 * ls) as f64 / text_bytes as f64
        );
    }

    // The benchmark's phrase queries.
    let qs = corpus::benchmark_substrings(docs);
    let lookup = |k: &str| lists.get(k);
    let mut total = Kept::default();
    for q in &qs {
        for (kind, t) in segments(q) {
            let cs: Vec<char> = t.chars().collect();
            if kind != Kind::Cjk || cs.len() < 3 {
                continue;
            }
            // The candidates, as `resolveSegment` of runtime.js finds them.
            let mut p: Option<&Vec<u32>> = None;
            let mut whole = false;
            for k in 2..=cs.len().min(max_len) {
                p = lookup(&cs[..k].iter().collect::<String>());
                if p.is_none() || k == cs.len() {
                    whole = true;
                    break;
                }
                if p.unwrap().len() <= threshold(k) {
                    break;
                }
            }
            if whole {
                continue;
            }
            let mut cand = p.unwrap().clone();
            let mut offsets: Vec<usize> = (1..cs.len() - 1).collect();
            for &o in &offsets {
                let key: String = cs[o..o + 2].iter().collect();
                cand = lookup(&key).map_or(vec![], |l| and(&cand, l));
            }
            let mut len = 3;
            while cand.len() > 16 && len <= max_len && frequent[len - 1].is_some() {
                let mut starts = vec![];
                for &o in &offsets {
                    if o + len > cs.len() {
                        continue;
                    }
                    let g: String = cs[o..o + len - 1].iter().collect();
                    if lookup(&g).is_some_and(|l| l.len() > threshold(len - 1)) {
                        let key: String = cs[o..o + len].iter().collect();
                        cand = lookup(&key).map_or(vec![], |l| and(&cand, l));
                        starts.push(o);
                    }
                }
                if starts.is_empty() {
                    break;
                }
                offsets = starts;
                len += 1;
            }

            let mut kept = Kept::default();
            let mut hits = 0;
            for &id in &cand {
                let chars = fields_chars(&docs[doc_of_id[id as usize]]);
                let total_chars = chars.len().max(1);
                let found = chars.windows(cs.len()).any(|w| w == cs.as_slice());
                hits += found as usize;
                let keep = |ok: bool, slot: &mut usize| {
                    assert!(ok || !found, "{t}: a filter dropped a match");
                    *slot += ok as usize;
                };
                // Where each bigram of the phrase starts in the document.
                let starts: Vec<Vec<usize>> = (0..cs.len() - 1)
                    .map(|j| {
                        (0..chars.len().saturating_sub(1))
                            .filter(|&i| chars[i] == cs[j] && chars[i + 1] == cs[j + 1])
                            .collect()
                    })
                    .collect();
                for (mi, &m) in MS.iter().enumerate() {
                    let masks: Vec<u64> = starts
                        .iter()
                        .map(|s| s.iter().fold(0, |a, &i| a | 1 << (i % m)))
                        .collect();
                    let ok = (0..m).any(|r| {
                        masks
                            .iter()
                            .enumerate()
                            .all(|(j, mk)| mk >> ((r + j) % m) & 1 == 1)
                    });
                    keep(ok, &mut kept.modm[mi]);
                    let blocks: Vec<u64> = starts
                        .iter()
                        .map(|s| s.iter().fold(0, |a, &i| a | 1 << (i * m / total_chars)))
                        .collect();
                    let ok = (0..m).any(|b| {
                        blocks[0] >> b & 1 == 1 && blocks.iter().all(|mk| mk >> b & 3 != 0)
                    });
                    keep(ok, &mut kept.blocks[mi]);
                    let h = |c: char| ((c as u32).wrapping_mul(0x9E37_79B9) >> 16) as usize % m;
                    let ok = (0..cs.len() - 2).all(|j| {
                        starts[j]
                            .iter()
                            .any(|&i| i + 2 < chars.len() && h(chars[i + 2]) == h(cs[j + 2]))
                    });
                    keep(ok, &mut kept.next[mi]);
                }
                for (di, &dmin) in DS.iter().enumerate() {
                    let mut ok = true;
                    for j in 0..cs.len() {
                        for len in 2..max_len.min(cs.len() - j) {
                            let Some(l) = lookup(&cs[j..j + len].iter().collect::<String>()) else {
                                break;
                            };
                            if l.len() <= dmin || l.len() > threshold(len) {
                                continue;
                            }
                            let nexts: Vec<u32> = (0..chars.len() - len)
                                .filter(|&i| {
                                    chars[i..i + len] == cs[j..j + len] && chars[i + len] != '\0'
                                })
                                .map(|i| chars[i + len] as u32 % 91)
                                .collect();
                            if nexts.windows(2).all(|w| w[0] == w[1])
                                && nexts.first() != Some(&(cs[j + len] as u32 % 91))
                            {
                                ok = false;
                            }
                        }
                    }
                    keep(ok, &mut kept.digit[di]);
                }
                let ok = (0..cs.len() - 2).all(|j| chars.windows(3).any(|w| w == &cs[j..j + 3]));
                keep(ok, &mut kept.trigrams);
                kept.all += 1;
            }
            eprintln!(
                "{t}: {} candidates, {hits} hold it; {}",
                cand.len(),
                kept.show()
            );
            total.add(&kept);
        }
    }
    eprintln!("TOTAL {} candidates; {}", total.all, total.show());
}

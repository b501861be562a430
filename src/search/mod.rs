//! Client-side search (SPEC §4): an index built here, at build time, and
//! shipped as classic scripts that a browser loads on demand by `<script>`
//! injection, so search works from file:// and under any sub-path.
//!
//! Files written under the output root (all relative to `search/`):
//!
//! | file | holds |
//! |---|---|
//! | `gazette-search.js` | the engine (`runtime.js`) + this index's parameters |
//! | `gazette-search-ui.js` | the search page's UI (`ui.js`) |
//! | `meta.js` | `GazetteSearch._meta({...})`: publications, years, issuers, per-document facets (run-length coded), the character table of the excerpt texts |
//! | `s/<n>.js` | `GazetteSearch._shard(n, "grams", {words})`: posting lists of the grams whose FNV-1a hash falls in shard `n` |
//! | `c/<n>.js` | `GazetteSearch._chunk(n, [[url, title, doc_number, issue, date, issuers, publication, text], ...])`: documents `n*per_chunk..`, text coded with the character table |
//!
//! A page needs `<script src="<root>/search/gazette-search.js"></script>`
//! (and, on the search page, `gazette-search-ui.js` after it).
//!
//! Shard format: in the string, each CJK gram is followed directly by its
//! posting list (varints over printable ASCII, see `shard.rs`); CJK keys and
//! ASCII postings never share a character, so no separators are needed. A
//! list held by a tenth of the documents or more is usually a bitmap
//! (marked by a backslash, `\\` in the string), with the postings of high
//! impact (title, number, issuer hits) listed after it.
//! Words and `#<doc number key>` keys are in the object. Documents are
//! numbered newest first, so "newest first" is "lowest id first".
//!
//! How a query is answered (`runtime.js`): the query is cut into segments
//! by the shared tokeniser (`tokenize.rs`); a word or a single CJK character
//! is one posting list; a CJK run is looked up as its chain of prefixes
//! (`ab`, `abc`, …), which the index holds as far as the prefixes are
//! frequent (see `index.rs`), so a frequent phrase is one exact list. When
//! the chain ends before the phrase does, the documents of the longest
//! prefix, narrowed by the phrase's bigrams and longer indexed grams, are
//! confirmed against their text (`c/` chunks), in ranking order and only as
//! far as the requested page needs; the counts follow. Segments are ANDed;
//! a query whose segments spell a document number puts that document first.

pub mod index;
pub mod shard;
pub mod tokenize;
pub mod update;

use rayon::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// One document as the search index sees it.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Relative to the site root, e.g. `xj/2020-17-18/xzf-2020-37/index.html`.
    pub url: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub issuer: Vec<String>,
    pub date: Option<String>,
    /// Publication slug and title.
    pub publication: String,
    pub publication_title: String,
    /// Issue title, e.g. `2020年第17-18号`.
    pub issue: String,
    pub year: Option<u16>,
    /// Plain text of the body (no markup), paragraphs separated by `\n`.
    pub text: String,
}

/// Tunable parameters of the index.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// A gram held by this many documents or fewer is never extended by a
    /// character (see `index.rs`).
    pub frequent: usize,
    /// Postings of extended grams, at most this fraction of the postings of
    /// unigrams and bigrams.
    pub extension_budget: f64,
    /// Extensions stop where the whole index would pass this multiple of
    /// the UTF-8 text of the documents (title, doc number, issuers, body).
    pub max_size_ratio: f64,
    /// Aim for shard files of about this many bytes.
    pub shard_bytes: usize,
    /// Aim for text chunk files of about this many bytes.
    pub chunk_bytes: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            frequent: 24,
            extension_budget: 1.0,
            max_size_ratio: 1.14,
            shard_bytes: 6 * 1024,
            chunk_bytes: 6 * 1024,
        }
    }
}

const RUNTIME_JS: &str = include_str!("runtime.js");
const UI_JS: &str = include_str!("ui.js");

/// Files of the index, as (path relative to the output root, contents).
pub fn build_index(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    build_index_with(docs, Params::default())
}

pub fn build_index_with(docs: &[SearchDoc], params: Params) -> Vec<(String, Vec<u8>)> {
    build(docs, params, false).0
}

/// [`build_index`], and what [`update::State::update`] needs to bring the
/// files up to date after an edit without building them all again.
pub fn build_index_kept(docs: &[SearchDoc]) -> (Vec<(String, Vec<u8>)>, update::State) {
    build_index_kept_with(docs, Params::default())
}

pub fn build_index_kept_with(
    docs: &[SearchDoc],
    params: Params,
) -> (Vec<(String, Vec<u8>)>, update::State) {
    let (files, state) = build(docs, params, true);
    (files, state.expect("kept"))
}

fn year_of(d: &SearchDoc) -> Option<u16> {
    d.year.or_else(|| {
        d.date
            .as_deref()
            .and_then(|s| s.get(0..4))
            .and_then(|y| y.parse().ok())
    })
}

/// Document ids: newest first, stable within an issue.
fn order_of(docs: &[SearchDoc]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&docs[a], &docs[b]);
        y.date
            .is_some()
            .cmp(&x.date.is_some())
            .then_with(|| y.date.cmp(&x.date))
            .then_with(|| x.publication.cmp(&y.publication))
            .then_with(|| x.issue.cmp(&y.issue))
            .then(a.cmp(&b))
    });
    order
}

/// The four indexed fields of a document: title, doc number, issuers, body.
fn fields_of<'a>(d: &'a SearchDoc, issuers: &'a str) -> [&'a str; 4] {
    [
        d.title.as_str(),
        d.doc_number.as_deref().unwrap_or(""),
        issuers,
        d.text.as_str(),
    ]
}

fn issuers_of(d: &SearchDoc) -> String {
    d.issuer.join("、")
}

/// UTF-8 bytes of what is indexed of a document (the index's size budget is
/// a multiple of their sum).
fn text_bytes_of(d: &SearchDoc) -> usize {
    d.title.len()
        + d.doc_number.as_deref().map_or(0, str::len)
        + d.issuer.iter().map(String::len).sum::<usize>()
        + d.issuer.len().saturating_sub(1) * "、".len()
        + d.text.len()
}

/// How the files of the documents are laid out: the same for a full build
/// and an incremental update (which checks that it has not changed).
#[derive(Debug, Clone, PartialEq)]
struct Layout {
    per_chunk: usize,
    /// Publication slugs, sorted: a row holds the index of its own.
    pubs: Vec<String>,
    /// The character table of the coded texts.
    table: Vec<char>,
}

impl Layout {
    fn new(docs: &[&SearchDoc], codec: &shard::TextCodec, params: &Params) -> Layout {
        let total: usize = docs.iter().map(|d| d.text.len()).sum();
        Layout {
            per_chunk: per_chunk(total, docs.len(), params),
            pubs: pubs_of(docs),
            table: codec.table.clone(),
        }
    }
    fn pub_index(&self, slug: &str) -> usize {
        self.pubs
            .binary_search_by(|p| p.as_str().cmp(slug))
            .unwrap_or(0)
    }
}

fn per_chunk(total_text: usize, n: usize, params: &Params) -> usize {
    let avg_text = total_text / n.max(1);
    (params.chunk_bytes / (avg_text / 2 + 200)).max(1)
}

fn pubs_of(docs: &[&SearchDoc]) -> Vec<String> {
    let mut v: Vec<String> = docs.iter().map(|d| d.publication.clone()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Text chunk `n`: the rows of documents `n * per_chunk ..` as JSON arrays;
/// the coded text needs no escaping (see `shard::TextCodec`), so it is
/// coded straight into the file.
fn chunk_file(
    n: usize,
    chunk: &[&SearchDoc],
    layout: &Layout,
    codec: &shard::TextCodec,
) -> (String, Vec<u8>) {
    let mut body = format!("GazetteSearch._chunk({n},[").into_bytes();
    for (j, d) in chunk.iter().enumerate() {
        if j > 0 {
            body.push(b',');
        }
        serde_json::to_writer(
            &mut body,
            &(
                &d.url,
                &d.title,
                d.doc_number.as_deref().unwrap_or(""),
                &d.issue,
                d.date.as_deref().unwrap_or(""),
                issuers_of(d),
                layout.pub_index(&d.publication),
            ),
        )
        .unwrap();
        body.pop(); // ']'
        body.extend_from_slice(b",\"");
        codec.encode_into(&mut body, &d.text);
        body.extend_from_slice(b"\"]");
    }
    body.extend_from_slice(b"]);\n");
    (format!("search/c/{n}.js"), body)
}

/// Bytes of index files other than shards and chunks, as the budget
/// reckons them.
fn other_bytes(n: usize) -> usize {
    64 * 1024 + 4 * n
}

fn byte_budget(params: &Params, text_bytes: usize, chunk_bytes: usize, n: usize) -> f64 {
    params.max_size_ratio * text_bytes as f64 - (chunk_bytes + other_bytes(n)) as f64
}

/// Size of a gram in a shard, roughly, for choosing the number of shards.
fn estimate_of(key: &str, postings: usize) -> usize {
    key.len() + postings * 2
}

fn shard_count(estimate: usize, params: &Params) -> u32 {
    (estimate / params.shard_bytes.max(1))
        .max(1)
        .next_power_of_two()
        .min(1 << 16) as u32
}

/// Shard file `n` from its grams, sorted by key. The CJK string needs no
/// escaping: CJK characters and the posting alphabet (printable ASCII
/// without `"` and `\`).
fn shard_file<'a>(
    n: u32,
    grams: impl Iterator<Item = (&'a str, &'a [u32])>,
    n_docs: usize,
) -> (String, Vec<u8>) {
    let mut body = format!("GazetteSearch._shard({n},\"").into_bytes();
    let mut words = serde_json::Map::new();
    let mut enc = Vec::new();
    for (k, v) in grams {
        enc.clear();
        shard::encode_list(&mut enc, v, n_docs);
        if k.chars().all(tokenize::is_cjk) {
            body.extend_from_slice(k.as_bytes());
            // The bitmap mark is the only character to escape.
            for &b in &enc {
                if b == b'\\' {
                    body.push(b'\\');
                }
                body.push(b);
            }
        } else {
            words.insert(
                k.to_string(),
                json!(String::from_utf8(enc.clone()).expect("ASCII")),
            );
        }
    }
    body.extend_from_slice(format!("\",{});\n", serde_json::Value::Object(words)).as_bytes());
    (format!("search/s/{n}.js"), body)
}

/// The metadata every query loads first: publications, years, issuers,
/// per-document facets, the character table.
fn meta_file(docs: &[&SearchDoc], layout: &Layout) -> (String, Vec<u8>) {
    let pub_titles: BTreeMap<&str, &str> = docs
        .iter()
        .map(|d| (d.publication.as_str(), d.publication_title.as_str()))
        .collect();
    let pubs: Vec<serde_json::Value> = layout
        .pubs
        .iter()
        .map(|s| json!([s, pub_titles[s.as_str()]]))
        .collect();
    let mut years: Vec<u16> = docs.iter().filter_map(|d| year_of(d)).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let mut issuer_names: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.issuer.iter().map(|s| s.as_str()))
        .collect();
    issuer_names.sort_unstable();
    issuer_names.dedup();
    let issuer_index: HashMap<&str, usize> = issuer_names
        .iter()
        .enumerate()
        .map(|(i, &s)| (s, i))
        .collect();
    let mut isets: Vec<Vec<usize>> = Vec::new();
    let mut iset_index: HashMap<Vec<usize>, usize> = HashMap::new();
    // Per document: publication and year, run-length coded (documents of an
    // issue are consecutive), and the set of issuers, one varint each.
    let mut facets = String::new();
    let mut issuer_sets = String::new();
    let mut run: Option<([usize; 2], u64)> = None;
    let flush = |facets: &mut String, g: [usize; 2], n: u64| {
        for x in g {
            shard::push_varint(facets, x as u64);
        }
        shard::push_varint(facets, n);
    };
    for d in docs {
        let mut set: Vec<usize> = d.issuer.iter().map(|s| issuer_index[s.as_str()]).collect();
        set.sort_unstable();
        set.dedup();
        let next = isets.len();
        let is = *iset_index.entry(set.clone()).or_insert_with(|| {
            isets.push(set);
            next
        });
        shard::push_varint(&mut issuer_sets, is as u64);
        let y = year_of(d)
            .map(|y| years.iter().position(|&x| x == y).unwrap() + 1)
            .unwrap_or(0);
        let f = [layout.pub_index(&d.publication), y];
        run = match run {
            Some((g, n)) if g == f => Some((g, n + 1)),
            Some((g, n)) => {
                flush(&mut facets, g, n);
                Some((f, 1))
            }
            None => Some((f, 1)),
        };
    }
    if let Some((g, n)) = run {
        flush(&mut facets, g, n);
    }
    let table: String = layout.table.iter().collect();
    let meta = json!({
        "n": docs.len(),
        "pubs": pubs,
        "years": years,
        "issuers": issuer_names,
        "isets": isets,
        "facets": facets,
        "issuer_sets": issuer_sets,
        "table": table,
    });
    (
        "search/meta.js".into(),
        format!("GazetteSearch._meta({meta});\n").into_bytes(),
    )
}

fn config_file(
    shards: u32,
    frequent: &[Option<usize>],
    max_len: usize,
    per_chunk: usize,
) -> (String, Vec<u8>) {
    let config = json!({
        "shards": shards,
        "frequent": frequent,
        "max_len": max_len,
        "per_chunk": per_chunk,
    });
    (
        "search/gazette-search.js".into(),
        format!("{RUNTIME_JS}\nGazetteSearch._config({config});\n").into_bytes(),
    )
}

fn build(
    docs: &[SearchDoc],
    params: Params,
    keep: bool,
) -> (Vec<(String, Vec<u8>)>, Option<update::State>) {
    let clock = std::time::Instant::now();
    let stats = std::env::var_os("GAZETTE_SEARCH_STATS").is_some();
    let lap = |what: &str| {
        if stats {
            let hwm = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmHWM:"))
                        .map(|l| l[6..].trim().to_string())
                })
                .unwrap_or_default();
            eprintln!(
                "{:>8.3}s {what} (peak {hwm})",
                clock.elapsed().as_secs_f64()
            );
        }
    };
    let order = order_of(docs);
    let docs: Vec<&SearchDoc> = order.iter().map(|&i| &docs[i]).collect();
    let issuers_joined: Vec<String> = docs.iter().map(|d| issuers_of(d)).collect();
    let fields: Vec<[&str; 4]> = docs
        .iter()
        .zip(&issuers_joined)
        .map(|(d, iss)| fields_of(d, iss))
        .collect();
    let number_keys: Vec<Option<String>> = docs
        .iter()
        .map(|d| d.doc_number.as_deref().map(tokenize::doc_number_key))
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();

    // Text chunks.
    let char_counts =
        shard::TextCodec::count(docs.par_iter().with_min_len(1024).map(|d| d.text.as_str()));
    let codec = shard::TextCodec::new(char_counts.clone());
    let layout = Layout::new(&docs, &codec, &params);
    let chunk_files: Vec<(String, Vec<u8>)> = docs
        .par_chunks(layout.per_chunk)
        .enumerate()
        .map(|(n, chunk)| chunk_file(n, chunk, &layout, &codec))
        .collect();
    files.extend(chunk_files);
    lap("chunks");
    let text_bytes: usize = docs.iter().map(|d| text_bytes_of(d)).sum();
    let chunk_bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let byte_budget = byte_budget(&params, text_bytes, chunk_bytes, docs.len());
    let postings = index::build(
        &fields,
        params.frequent,
        params.extension_budget,
        byte_budget,
        &number_keys,
    );
    drop(fields);
    if stats {
        lap(&format!(
            "postings: {} grams, {} postings",
            postings.grams.len(),
            postings.grams.iter().map(|g| g.1.len()).sum::<usize>()
        ));
    }

    // Shards.
    let estimate: usize = postings
        .grams
        .iter()
        .map(|(k, v)| estimate_of(k, v.len()))
        .sum();
    let shards = shard_count(estimate, &params);
    let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); shards as usize];
    for (i, (k, _)) in postings.grams.iter().enumerate() {
        by_shard[shard::shard_of(k, shards) as usize].push(i);
    }
    by_shard.par_iter_mut().for_each(|idx| {
        idx.sort_unstable_by(|&a, &b| postings.grams.get(a).0.cmp(postings.grams.get(b).0))
    });
    let shard_files: Vec<(String, Vec<u8>)> = by_shard
        .par_iter()
        .enumerate()
        .map(|(n, idx)| {
            shard_file(
                n as u32,
                idx.iter().map(|&i| postings.grams.get(i)),
                docs.len(),
            )
        })
        .collect();
    files.extend(shard_files);
    lap("shards");

    files.push(meta_file(&docs, &layout));
    files.push(config_file(
        shards,
        &postings.frequent,
        postings.max_len,
        layout.per_chunk,
    ));
    files.push((
        "search/gazette-search-ui.js".into(),
        UI_JS.as_bytes().to_vec(),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    lap("meta");
    let state = keep.then(|| {
        update::State::new(update::Parts {
            params,
            docs: docs.iter().map(|&d| d.clone()).collect(),
            char_counts,
            layout,
            text_bytes,
            chunk_bytes,
            estimate,
            shards,
            postings,
        })
    });
    (files, state)
}

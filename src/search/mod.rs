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
//! | `meta.js` | `GazetteSearch._meta({...})`: publications, years, issuers (and their numbers of documents), the issuer sets (by falling frequency; varints: size, then issuers), per-document publication and year (run-length coded), the character table of the coded texts (see `shard.rs`) |
//! | `f/<n>.js` | `GazetteSearch._facets(n, "varints")`: the issuer set of documents `n*per_facets..`, one varint each; loaded for the documents a query counts (or filters by issuer) |
//! | `s/<n>.js` | `GazetteSearch._shard(n, "grams", {words})`: posting lists of the grams whose FNV-1a hash falls in shard `n` |
//! | `r/<n>.js` | `GazetteSearch._rows(n, [[url, title, doc_number, issue, date, issuers, publication, head, whole], ...])`: what a result shows, for documents `n*per_rows..` (a few hundred bytes each); `head` is the first `head_chars` characters of the body, coded with the character table, `whole` is 1 when that is the whole body |
//! | `c/<n>.js` | `GazetteSearch._chunk(n, [[url, title, doc_number, issue, date, issuers, publication, text], ...])`: the same row and the whole body, coded, for documents `n*per_chunk..` |
//!
//! A result shows its row and an excerpt: 120 characters from shortly
//! before the first match in the body. When that window lies in the head,
//! the rows file is enough; else the chunk is (it holds the row too). The
//! engine loads the rows file first only when a frequent character of the
//! query makes a match in the head likely, the chunk at once otherwise,
//! and the chunk after the row when the head did not hold the window. The
//! check of a phrase against the text loads chunks only. `text_files`
//! writes rows and chunks; each file depends only on its documents (and
//! the character table). `per_rows`, `per_chunk` and `per_facets` are in
//! the parameters of `gazette-search.js`.
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
//! confirmed against their text (rows and chunks), in ranking order and only as
//! far as the requested page needs; the counts follow. Segments are ANDed;
//! a query whose segments spell a document number puts that document first.
//! Each result of the page is made (row, excerpt) as soon as its files have
//! arrived, and the query's optional `progress` callback gets the results
//! ready so far, a growing prefix of the page in rank order, which the
//! search page shows before the rest.
//!
//! Typing (`runtime.js`): a phrase whose documents were checked against
//! their texts keeps its exact documents, so one more character only checks
//! those (their texts are loaded already; ranking weights still come from
//! all candidates, so results equal a cold query's). While the page is idle
//! after a query's counts, the engine loads what the likely next keystroke
//! needs: the texts of a few results, and the shards of the characters that
//! follow the phrase in them (bounded in files and bytes). `warm()`, or an
//! idle page before any query, runs the engine's hot code once on made-up
//! inputs so that a first query runs compiled code.

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
    /// Aim for rows files of about this many bytes.
    pub rows_bytes: usize,
    /// Characters of the body held with a document's row, for excerpts
    /// without its text file.
    pub head_chars: usize,
    /// Documents per file of per-document issuer sets (`f/<n>.js`).
    pub facet_docs: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            frequent: 24,
            extension_budget: 1.0,
            max_size_ratio: 1.17,
            shard_bytes: 6 * 1024,
            chunk_bytes: 6 * 1024,
            rows_bytes: 6 * 1024,
            head_chars: 240,
            facet_docs: 1024,
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
    let mut out = Out::Keep(Vec::new());
    build(docs.to_vec(), params, false, &mut out);
    kept_files(out)
}

fn kept_files(out: Out) -> Vec<(String, Vec<u8>)> {
    match out {
        Out::Keep(mut files) => {
            files.sort_by(|a, b| a.0.cmp(&b.0));
            files
        }
        Out::Sink(..) => unreachable!(),
    }
}

/// Where [`build_index_into`] hands each file as soon as it is made:
/// (path relative to the output root, contents).
pub type Sink<'a> = &'a (dyn Fn(&str, &[u8]) + Sync);

/// [`build_index`], handing each file to `sink` as soon as it is made
/// instead of keeping them all (the files of a 10,000-document index are
/// 140 MB), and dropping each text once read. Returns the bytes written.
/// Same files as [`build_index`].
pub fn build_index_into(docs: Vec<SearchDoc>, sink: Sink) -> u64 {
    let mut out = Out::Sink(sink, 0);
    build(docs, Params::default(), false, &mut out);
    match out {
        Out::Sink(_, bytes) => bytes,
        Out::Keep(_) => unreachable!(),
    }
}

/// Where the files of a build go.
enum Out<'a> {
    Keep(Vec<(String, Vec<u8>)>),
    /// Handed on, with the bytes so far.
    Sink(Sink<'a>, u64),
}

impl Out<'_> {
    /// Keeps or hands on files as they are made; returns their bytes.
    fn put_par(&mut self, files: impl ParallelIterator<Item = (String, Vec<u8>)>) -> u64 {
        match self {
            Out::Keep(all) => {
                let made: Vec<(String, Vec<u8>)> = files.collect();
                let bytes = made.iter().map(|(_, b)| b.len() as u64).sum();
                all.extend(made);
                bytes
            }
            Out::Sink(sink, total) => {
                let bytes = files
                    .map(|(p, b)| {
                        sink(&p, &b);
                        b.len() as u64
                    })
                    .sum::<u64>();
                *total += bytes;
                bytes
            }
        }
    }
}

/// [`build_index`], and what [`update::State::update`] needs to bring the
/// files up to date after an edit without building them all again.
pub fn build_index_kept(docs: Vec<SearchDoc>) -> (Vec<(String, Vec<u8>)>, update::State) {
    build_index_kept_with(docs, Params::default())
}

pub fn build_index_kept_with(
    docs: Vec<SearchDoc>,
    params: Params,
) -> (Vec<(String, Vec<u8>)>, update::State) {
    let mut out = Out::Keep(Vec::new());
    let state = build(docs, params, true, &mut out);
    (kept_files(out), state.expect("kept"))
}

fn year_of(d: &SearchDoc) -> Option<u16> {
    d.year.or_else(|| {
        d.date
            .as_deref()
            .and_then(|s| s.get(0..4))
            .and_then(|y| y.parse().ok())
    })
}

/// Document ids: newest first, stable within an issue. Issues are told
/// apart by the folder in the URL (`<publication>/<issue>/…`), not by
/// their titles, so that retitling an issue keeps the ids (and lets
/// `update.rs` rewrite only its documents' rows).
fn order_of(docs: &[SearchDoc]) -> Vec<usize> {
    let folder = |d: &SearchDoc| d.url.split('/').nth(1).unwrap_or("").to_string();
    let folders: Vec<String> = docs.iter().map(folder).collect();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&docs[a], &docs[b]);
        y.date
            .is_some()
            .cmp(&x.date.is_some())
            .then_with(|| y.date.cmp(&x.date))
            .then_with(|| x.publication.cmp(&y.publication))
            .then_with(|| folders[a].cmp(&folders[b]))
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

/// How the documents are laid out in the files of `text_files`, chosen from
/// the whole corpus: the same for a full build and an in-place update
/// (which checks that it has not changed).
#[derive(Debug, Clone, PartialEq)]
struct Layout {
    /// Documents per rows file `r/<n>.js`.
    per_rows: usize,
    /// Documents per text file `c/<n>.js`.
    per_chunk: usize,
    /// Characters of the body held in the row (the head).
    head_chars: usize,
    /// Publication slugs, sorted: a row holds the index of its own.
    pubs: Vec<String>,
    /// The character table of the coded texts.
    table: Vec<char>,
}

impl Layout {
    fn new(docs: &[&SearchDoc], codec: &shard::TextCodec, params: &Params) -> Layout {
        let n = docs.len().max(1);
        // Estimates: coded text takes about 0.55 bytes per UTF-8 byte of
        // Chinese text, or 2 bytes per character.
        let head = |d: &SearchDoc| (d.text.len() * 6 / 10).min(params.head_chars * 2);
        let row: usize = docs
            .iter()
            .map(|d| {
                40 + d.url.len()
                    + d.title.len()
                    + d.doc_number.as_deref().map_or(0, str::len)
                    + d.issue.len()
                    + d.issuer.iter().map(|s| s.len() + 3).sum::<usize>()
                    + head(d)
            })
            .sum::<usize>()
            / n;
        let text = docs.iter().map(|d| d.text.len()).sum::<usize>() / n;
        let mut pubs: Vec<String> = docs.iter().map(|d| d.publication.clone()).collect();
        pubs.sort_unstable();
        pubs.dedup();
        Layout {
            per_rows: (params.rows_bytes / row.max(1)).max(1),
            per_chunk: (params.chunk_bytes / (text / 2 + 200)).max(1),
            head_chars: params.head_chars,
            pubs,
            table: codec.table.clone(),
        }
    }
    fn pub_index(&self, slug: &str) -> usize {
        self.pubs
            .binary_search_by(|p| p.as_str().cmp(slug))
            .unwrap_or(0)
    }
}

/// What a result shows: `[url, title, doc_number, issue, date, issuers,
/// publication]` (JSON), the start of the rows of `r/` and `c/` files.
fn row_of<'a>(
    d: &'a SearchDoc,
    issuers: &'a str,
    publication: usize,
) -> (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str, usize) {
    (
        &d.url,
        &d.title,
        d.doc_number.as_deref().unwrap_or(""),
        &d.issue,
        d.date.as_deref().unwrap_or(""),
        issuers,
        publication,
    )
}

/// A file of rows, `GazetteSearch.<call>(n,[row, …]);`: each document's row
/// (`row_of`, JSON) followed by `"` + `tail(document, body)` (which codes some
/// body text and closes the row). The coded texts need no escaping in a
/// JSON string (see `shard::TextCodec`), so they are coded straight into
/// the file.
fn rows_like(
    call: &str,
    n: usize,
    docs: &[&SearchDoc],
    layout: &Layout,
    tail: impl Fn(&SearchDoc, &mut Vec<u8>),
) -> Vec<u8> {
    let mut body = format!("GazetteSearch.{call}({n},[").into_bytes();
    for (j, d) in docs.iter().enumerate() {
        if j > 0 {
            body.push(b',');
        }
        let issuers = issuers_of(d);
        serde_json::to_writer(
            &mut body,
            &row_of(d, &issuers, layout.pub_index(&d.publication)),
        )
        .unwrap();
        body.pop(); // ']'
        body.extend_from_slice(b",\"");
        tail(d, &mut body);
    }
    body.extend_from_slice(b"]);\n");
    body
}

/// Rows file `n`: the rows of `docs` (documents `n * per_rows ..`) with the
/// head of each body and whether that is all of it.
fn rows_file(
    n: usize,
    docs: &[&SearchDoc],
    layout: &Layout,
    codec: &shard::TextCodec,
) -> (String, Vec<u8>) {
    let body = rows_like("_rows", n, docs, layout, |d, body| {
        let at = d
            .text
            .char_indices()
            .nth(layout.head_chars)
            .map_or(d.text.len(), |(i, _)| i);
        codec.encode_into(body, &d.text[..at]);
        body.extend_from_slice(if at == d.text.len() {
            b"\",1]"
        } else {
            b"\",0]"
        });
    });
    (format!("search/r/{n}.js"), body)
}

/// Text chunk `n`: the rows of `docs` (documents `n * per_chunk ..`) with
/// each whole body.
fn chunk_file(
    n: usize,
    docs: &[&SearchDoc],
    layout: &Layout,
    codec: &shard::TextCodec,
) -> (String, Vec<u8>) {
    let body = rows_like("_chunk", n, docs, layout, |d, body| {
        codec.encode_into(body, &d.text);
        body.extend_from_slice(b"\"]");
    });
    (format!("search/c/{n}.js"), body)
}

/// The files that show results and hold the texts (see the module docs):
/// `r/<n>.js` depends only on documents `n*per_rows..(n+1)*per_rows` and
/// `c/<n>.js` only on documents `n*per_chunk..(n+1)*per_chunk` (and both on
/// the layout), so an edit of one document that keeps the layout rewrites
/// one file of each. `only`: the rows and chunk files of these documents.
fn text_files(
    docs: &[&SearchDoc],
    layout: &Layout,
    codec: &shard::TextCodec,
    only: Option<&[usize]>,
) -> Vec<(String, Vec<u8>)> {
    text_files_par(docs, layout, codec, only).collect()
}

/// [`text_files`], made in parallel as they are consumed.
fn text_files_par<'a>(
    docs: &'a [&'a SearchDoc],
    layout: &'a Layout,
    codec: &'a shard::TextCodec,
    only: Option<&[usize]>,
) -> impl ParallelIterator<Item = (String, Vec<u8>)> + 'a {
    let groups = |per: usize| -> Vec<usize> {
        match only {
            Some(ids) => {
                let mut v: Vec<usize> = ids.iter().map(|&i| i / per).collect();
                v.dedup();
                v
            }
            None => (0..docs.len().div_ceil(per)).collect(),
        }
    };
    let slice = move |n: usize, per: usize| &docs[n * per..((n + 1) * per).min(docs.len())];
    let rows = groups(layout.per_rows)
        .into_par_iter()
        .map(move |n| rows_file(n, slice(n, layout.per_rows), layout, codec));
    let chunks = groups(layout.per_chunk)
        .into_par_iter()
        .map(move |n| chunk_file(n, slice(n, layout.per_chunk), layout, codec));
    rows.chain(chunks)
}

/// Bytes of index files other than shards, rows and chunks, as the budget
/// reckons them.
fn other_bytes(n: usize) -> usize {
    64 * 1024 + 4 * n
}

fn byte_budget(params: &Params, text_bytes: usize, text_file_bytes: usize, n: usize) -> f64 {
    params.max_size_ratio * text_bytes as f64 - (text_file_bytes + other_bytes(n)) as f64
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

/// Shard file `n` from its grams, sorted by key, and their lists encoded
/// by `shard::encode_list`. The CJK string needs no escaping but the bitmap
/// mark: CJK characters and the posting alphabet (printable ASCII without
/// `"` and `\`).
fn shard_file<'a>(n: u32, grams: impl Iterator<Item = (&'a str, &'a [u8])>) -> (String, Vec<u8>) {
    let mut body = format!("GazetteSearch._shard({n},\"").into_bytes();
    let mut words = serde_json::Map::new();
    for (k, enc) in grams {
        if k.chars().all(tokenize::is_cjk) {
            body.extend_from_slice(k.as_bytes());
            for &b in enc {
                if b == b'\\' {
                    body.push(b'\\');
                }
                body.push(b);
            }
        } else {
            words.insert(
                k.to_string(),
                json!(std::str::from_utf8(enc).expect("ASCII")),
            );
        }
    }
    body.extend_from_slice(format!("\",{});\n", serde_json::Value::Object(words)).as_bytes());
    (format!("search/s/{n}.js"), body)
}

/// `meta.js`, which every query loads first (publications, years, issuers,
/// issuer sets, per-document publication and year, the character table),
/// and the per-document issuer sets `f/<n>.js`.
fn meta_files(
    docs: &[&SearchDoc],
    layout: &Layout,
    codec: &shard::TextCodec,
    params: &Params,
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
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
    // Per document: publication and year, run-length coded (documents of an
    // issue are consecutive), and the set of issuers, one varint each, the
    // sets numbered by falling frequency (most take one byte).
    let doc_sets: Vec<Vec<usize>> = docs
        .iter()
        .map(|d| {
            let mut set: Vec<usize> = d.issuer.iter().map(|s| issuer_index[s.as_str()]).collect();
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect();
    let mut set_count: HashMap<&[usize], usize> = HashMap::new();
    for set in &doc_sets {
        *set_count.entry(set.as_slice()).or_default() += 1;
    }
    let mut isets: Vec<&[usize]> = set_count.keys().copied().collect();
    isets.sort_unstable_by(|a, b| set_count[b].cmp(&set_count[a]).then(a.cmp(b)));
    let iset_index: HashMap<&[usize], usize> =
        isets.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    let per_facets = params.facet_docs.max(1);
    for (n, part) in doc_sets.chunks(per_facets).enumerate() {
        let mut sets = String::new();
        for set in part {
            shard::push_varint(&mut sets, iset_index[set.as_slice()] as u64);
        }
        files.push((
            format!("search/f/{n}.js"),
            format!("GazetteSearch._facets({n},\"{sets}\");\n").into_bytes(),
        ));
    }
    let mut facets = String::new();
    let mut run: Option<([usize; 2], u64)> = None;
    let flush = |facets: &mut String, g: [usize; 2], n: u64| {
        for x in g {
            shard::push_varint(facets, x as u64);
        }
        shard::push_varint(facets, n);
    };
    for d in docs {
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
    // Documents per issuer: counts of a query that matches most documents
    // (and no filter) are these less those of the documents it lacks.
    let mut issuer_docs = vec![0usize; issuer_names.len()];
    for set in &doc_sets {
        for &i in set {
            issuer_docs[i] += 1;
        }
    }
    let mut isets_coded = String::new();
    for set in &isets {
        shard::push_varint(&mut isets_coded, set.len() as u64);
        for &i in set.iter() {
            shard::push_varint(&mut isets_coded, i as u64);
        }
    }
    let meta = json!({
        "n": docs.len(),
        "pubs": pubs,
        "years": years,
        "issuers": issuer_names,
        "isets": isets_coded,
        "issuer_docs": issuer_docs,
        "facets": facets,
        "table": codec.table_varints(),
    });
    files.push((
        "search/meta.js".into(),
        format!("GazetteSearch._meta({meta});\n").into_bytes(),
    ));
    files
}

fn config_file(
    shards: u32,
    frequent: &[Option<usize>],
    max_len: usize,
    layout: &Layout,
    params: &Params,
) -> (String, Vec<u8>) {
    let config = json!({
        "shards": shards,
        "frequent": frequent,
        "max_len": max_len,
        "per_chunk": layout.per_chunk,
        "per_rows": layout.per_rows,
        "per_facets": params.facet_docs.max(1),
    });
    (
        "search/gazette-search.js".into(),
        format!("{RUNTIME_JS}\nGazetteSearch._config({config});\n").into_bytes(),
    )
}

fn build(docs: Vec<SearchDoc>, params: Params, keep: bool, out: &mut Out) -> Option<update::State> {
    let clock = std::time::Instant::now();
    let stats = std::env::var_os("GAZETTE_SEARCH_STATS").is_some();
    let lap = |what: &str| {
        if stats {
            eprintln!("{}", crate::build::stats_line(clock, what));
        }
    };
    let order = order_of(&docs);
    let mut slots: Vec<Option<SearchDoc>> = docs.into_iter().map(Some).collect();
    let mut owned: Vec<SearchDoc> = order
        .iter()
        .map(|&i| slots[i].take().expect("an order"))
        .collect();
    drop(slots);
    let docs: Vec<&SearchDoc> = owned.iter().collect();
    let issuers_joined: Vec<String> = docs.iter().map(|d| issuers_of(d)).collect();
    let number_keys: Vec<Option<String>> = docs
        .iter()
        .map(|d| d.doc_number.as_deref().map(tokenize::doc_number_key))
        .collect();
    // Rows and texts.
    let char_counts = shard::TextCodec::count(docs.par_iter().map(|d| d.text.as_str()));
    let codec = shard::TextCodec::new(char_counts.clone());
    let layout = Layout::new(&docs, &codec, &params);
    // Written as made: all texts at once are 770 MB at 100,000 documents.
    let text_file_bytes = out.put_par(text_files_par(&docs, &layout, &codec, None)) as usize;
    let text_bytes: usize = docs.iter().map(|d| text_bytes_of(d)).sum();
    crate::build::release_free_memory();
    lap("rows and texts");
    let byte_budget = byte_budget(&params, text_bytes, text_file_bytes, docs.len());
    drop(docs);
    // Each text is read for the last time here: freed as soon as it is
    // prepared, all texts and all prepared documents are never held at once
    // (150 and 95 MB at 10,000 documents).
    let prepared: Vec<index::Prepared> = owned
        .par_iter_mut()
        .zip(&issuers_joined)
        .map(|(d, iss)| {
            let p = index::prepare(&fields_of(d, iss));
            if !keep {
                d.text = String::new();
            }
            p
        })
        .collect();
    drop(issuers_joined);
    crate::build::release_free_memory();
    lap("normalised, segmented");
    let postings = index::build(
        prepared,
        params.frequent,
        params.extension_budget,
        byte_budget,
        &number_keys,
    );
    let docs: Vec<&SearchDoc> = owned.iter().collect();
    if stats {
        lap(&format!(
            "postings: {} grams, {} postings",
            postings.grams.len(),
            postings.grams.iter().map(|g| g.1).sum::<usize>()
        ));
    }

    // Shards.
    let estimate: usize = postings
        .grams
        .iter()
        .map(|(k, df, _)| estimate_of(k, df))
        .sum();
    let shards = shard_count(estimate, &params);
    let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); shards as usize];
    for (i, (k, _, _)) in postings.grams.iter().enumerate() {
        by_shard[shard::shard_of(k, shards) as usize].push(i);
    }
    by_shard.par_iter_mut().for_each(|idx| {
        idx.sort_unstable_by(|&a, &b| postings.grams.get(a).0.cmp(postings.grams.get(b).0))
    });
    let shard = |n: usize| {
        shard_file(
            n as u32,
            by_shard[n].iter().map(|&i| {
                let (k, _, enc) = postings.grams.get(i);
                (k, enc)
            }),
        )
    };
    // Written as made: all shards at once are 100 MB at 10,000 documents.
    out.put_par((0..by_shard.len()).into_par_iter().map(shard));
    lap("shards");

    let mut rest = meta_files(&docs, &layout, &codec, &params);
    rest.push(config_file(
        shards,
        &postings.frequent,
        postings.max_len,
        &layout,
        &params,
    ));
    rest.push((
        "search/gazette-search-ui.js".into(),
        UI_JS.as_bytes().to_vec(),
    ));
    out.put_par(rest.into_par_iter());
    lap("meta");
    keep.then(|| {
        update::State::new(update::Parts {
            params,
            docs: owned,
            char_counts,
            layout,
            text_bytes,
            text_file_bytes,
            estimate,
            shards,
            postings,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(i: usize, text: &str, issuer: &[&str]) -> SearchDoc {
        SearchDoc {
            url: format!("p/{i}/index.html"),
            title: format!("标题{i}"),
            doc_number: (i == 1).then(|| "文〔2020〕1号".to_string()),
            issuer: issuer.iter().map(|s| s.to_string()).collect(),
            date: Some(format!("2020-01-0{}", 9 - i)),
            publication: "p".into(),
            publication_title: "P".into(),
            issue: "2020年第1期".into(),
            year: Some(2020),
            text: text.into(),
        }
    }

    /// The argument list of a `GazetteSearch._x(...)` file, as JSON.
    fn args(files: &[(String, Vec<u8>)], path: &str) -> serde_json::Value {
        let body = &files.iter().find(|(p, _)| p == path).unwrap().1;
        let s = std::str::from_utf8(body).unwrap();
        let inner = &s[s.find('(').unwrap() + 1..s.rfind(");").unwrap()];
        serde_json::from_str(&format!("[{inner}]")).unwrap()
    }

    #[test]
    fn files_handed_to_a_sink_are_the_files_kept() {
        // Enough documents, dates and repeated phrases for several shards,
        // rows and chunk files, bitmaps and extended grams.
        let phrases = ["人民法院审理", "国务院办公厅关于", "Apple 2020", "新政办发"];
        let docs: Vec<SearchDoc> = (0..300)
            .map(|i| {
                let text: String = (0..40)
                    .map(|j| phrases[(i * 7 + j * 3) % phrases.len()])
                    .collect::<Vec<_>>()
                    .join(if i % 3 == 0 { "，" } else { "。" });
                let mut d = doc(i % 9, &text, &["自治区人民政府"]);
                d.url = format!("p/{i}/index.html");
                d
            })
            .collect();
        let kept = build_index(&docs);
        let sunk = std::sync::Mutex::new(Vec::new());
        let bytes = build_index_into(docs, &|p: &str, b: &[u8]| {
            sunk.lock().unwrap().push((p.to_string(), b.to_vec()))
        });
        let mut sunk = sunk.into_inner().unwrap();
        sunk.sort();
        assert!(
            sunk.iter()
                .filter(|(p, _)| p.starts_with("search/s/"))
                .count()
                > 1
        );
        assert_eq!(bytes, kept.iter().map(|(_, b)| b.len() as u64).sum::<u64>());
        assert_eq!(sunk, kept);
    }

    #[test]
    fn rows_hold_the_head_and_chunks_the_rest_of_each_body() {
        let docs = vec![
            doc(0, "第一条 国务院各部委\n第二条 其他", &["国务院"]),
            doc(1, "短文", &["国务院", "财政部"]),
            doc(2, "一二三四五六", &["财政部"]),
        ];
        let params = Params {
            head_chars: 5,
            rows_bytes: 1,
            chunk_bytes: 1,
            facet_docs: 2,
            ..Params::default()
        };
        let files = build_index_with(&docs, params);
        let meta = args(&files, "search/meta.js")[0].clone();
        let table = shard::TextCodec::read_table(meta["table"].as_str().unwrap());
        let decode = |s: &serde_json::Value| -> String {
            s.as_str()
                .unwrap()
                .chars()
                .map(|c| table[shard::text_rank(c) as usize])
                .collect()
        };
        // One document per file here; newest (doc 0) first.
        for (n, d) in docs.iter().enumerate() {
            let rows = args(&files, &format!("search/r/{n}.js"));
            assert_eq!(rows[0], n);
            let row = &rows[1][0];
            assert_eq!(row[0], d.url.as_str());
            assert_eq!(row[1], d.title.as_str());
            assert_eq!(row[2], d.doc_number.as_deref().unwrap_or(""));
            assert_eq!(row[5], d.issuer.join("、").as_str());
            assert_eq!(row[6], 0);
            let head: String = d.text.chars().take(5).collect();
            assert_eq!(decode(&row[7]), head);
            let whole = head == d.text;
            assert_eq!(row[8], whole as u8);
            let chunk = args(&files, &format!("search/c/{n}.js"));
            assert_eq!(chunk[0], n);
            assert_eq!(
                chunk[1][0].as_array().unwrap()[..7],
                row.as_array().unwrap()[..7]
            );
            assert_eq!(decode(&chunk[1][0][7]), d.text);
        }
        // Issuer sets by falling frequency ({国务院} and {财政部} once each,
        // then by content), two documents per facets file.
        assert_eq!(meta["issuers"], json!(["国务院", "财政部"]));
        let mut isets = String::new();
        for v in [1, 0, 2, 0, 1, 1, 1] {
            shard::push_varint(&mut isets, v);
        }
        assert_eq!(meta["isets"], json!(isets)); // [0], [0, 1], [1]
        assert_eq!(meta["issuer_docs"], json!([2, 2]));
        assert_eq!(args(&files, "search/f/0.js"), json!([0, "\u{20}\u{21}"]));
        assert_eq!(args(&files, "search/f/1.js"), json!([1, "\u{23}"]));
        let config = String::from_utf8(
            files
                .iter()
                .find(|(p, _)| p == "search/gazette-search.js")
                .unwrap()
                .1
                .clone(),
        )
        .unwrap();
        for kv in [r#""per_chunk":1"#, r#""per_facets":2"#, r#""per_rows":1"#] {
            assert!(config.contains(kv), "{kv}");
        }
    }
}

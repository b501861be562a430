//! Incremental updates of the index, for `gazette serve`.
//!
//! An edit of a document changes the postings of that document only (a
//! posting depends on its own document: see `index::PIVOT`), so the index
//! after the edit differs from the index before it in the shards of the
//! grams whose postings changed, the text chunk of the document and the
//! metadata. [`State::update`] makes exactly those files again, from the
//! files as they are and the document as it was and is.
//!
//! That is only the index a full build would write if every choice the
//! full build makes from the whole corpus comes out the same: the order of
//! the documents (their ids), the thresholds of the extended grams and
//! which grams they extend, the character table of the coded texts, the
//! number of shards, the documents per chunk and the longest gram. The
//! update recomputes each of them from statistics kept up to date (counts,
//! not texts) and gives up, returning `None`, when one would change: the
//! caller then builds the index whole. Tests check that the files after
//! updates are the files of a full build.

use super::index::{self, Budget, LenStats, Postings, Rules};
use super::shard::{self, TextCodec};
use super::tokenize::{self, is_cjk};
use super::{Layout, Params, SearchDoc};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// What a full build hands over.
pub(super) struct Parts {
    pub params: Params,
    /// In id order.
    pub docs: Vec<SearchDoc>,
    pub char_counts: Vec<(char, u64)>,
    pub layout: Layout,
    pub text_bytes: usize,
    pub text_file_bytes: usize,
    pub estimate: usize,
    pub shards: u32,
    pub postings: Postings,
}

/// What an index was built from, kept to update it.
pub struct State {
    params: Params,
    /// The documents in id order.
    docs: Vec<SearchDoc>,
    /// Occurrences of each character in the bodies (the character table).
    char_counts: BTreeMap<char, u64>,
    /// Occurrences of each normalised CJK character in all fields (the
    /// width of a gram key, hence the longest gram).
    cjk_counts: BTreeMap<char, u64>,
    layout: Layout,
    text_bytes: usize,
    /// Bytes of the rows and chunk files.
    text_file_bytes: usize,
    estimate: usize,
    shards: u32,
    frequent: Vec<Option<usize>>,
    stats: Vec<LenStats>,
    rules: Rules,
}

/// Files to write: (path relative to the output root, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// The CJK characters of a document's indexed fields, normalised as the
/// index sees them.
fn cjk_chars(d: &SearchDoc) -> Vec<char> {
    let issuers = super::issuers_of(d);
    super::fields_of(d, &issuers)
        .iter()
        .flat_map(|f| tokenize::normalize(f).chars().collect::<Vec<_>>())
        .filter(|&c| is_cjk(c))
        .collect()
}

fn bits_of(distinct_cjk: usize) -> usize {
    // As `index::build`: 16-bit character ids hold 8 characters in a key.
    if distinct_cjk < (1 << 16) {
        8
    } else {
        7
    }
}

fn entries_of(d: &SearchDoc, rules: &Rules) -> Vec<(String, u32)> {
    let issuers = super::issuers_of(d);
    let key = d.doc_number.as_deref().map(tokenize::doc_number_key);
    index::doc_entries(&super::fields_of(d, &issuers), key.as_deref(), rules)
}

/// Characters of a gram key, when it is a CJK gram (words and `#` number
/// keys are not in the statistics).
fn cjk_len(key: &str) -> Option<usize> {
    key.chars().all(is_cjk).then(|| key.chars().count())
}

impl State {
    pub(super) fn new(p: Parts) -> State {
        let mut cjk_counts: BTreeMap<char, u64> = BTreeMap::new();
        for d in &p.docs {
            for c in cjk_chars(d) {
                *cjk_counts.entry(c).or_default() += 1;
            }
        }
        let rules = Rules {
            extended: p
                .postings
                .extended
                .iter()
                .map(|v| v.iter().cloned().collect())
                .collect(),
            max_len: p.postings.max_len,
        };
        State {
            params: p.params,
            docs: p.docs,
            char_counts: p.char_counts.into_iter().collect(),
            cjk_counts,
            layout: p.layout,
            text_bytes: p.text_bytes,
            text_file_bytes: p.text_file_bytes,
            estimate: p.estimate,
            shards: p.shards,
            frequent: p.postings.frequent,
            stats: p.postings.stats,
            rules,
        }
    }

    /// The files that change when the site's documents become `docs`
    /// (read gives the current bytes of an index file), or why the index
    /// must be built whole (see the module documentation). On an error the
    /// state is unchanged; on success it describes the updated index.
    pub fn update(
        &mut self,
        docs: &[SearchDoc],
        read: impl Fn(&str) -> Option<Vec<u8>> + Sync,
    ) -> Result<Files, &'static str> {
        let unreadable = "an index file cannot be read";
        // Same documents in the same order: the ids stay.
        if docs.len() != self.docs.len() {
            return Err("documents were added or removed");
        }
        let order = super::order_of(docs);
        let new: Vec<&SearchDoc> = order.iter().map(|&i| &docs[i]).collect();
        if new.iter().zip(&self.docs).any(|(a, b)| a.url != b.url) {
            return Err("the order of the documents changed");
        }
        let changed: Vec<usize> = (0..new.len())
            .filter(|&i| !same(new[i], &self.docs[i]))
            .collect();
        if changed.is_empty() {
            return Ok(Vec::new());
        }

        // The layout of the rows and chunks: publications, table, documents
        // per file.
        let mut char_counts = self.char_counts.clone();
        for &i in &changed {
            recount(
                &mut char_counts,
                self.docs[i].text.chars(),
                new[i].text.chars(),
            );
        }
        let codec = TextCodec::new(char_counts.iter().map(|(&c, &n)| (c, n)).collect());
        let layout = Layout::new(&new, &codec, &self.params);
        // A new character, or one that moves to another code length,
        // changes the table: every text is coded again (the postings do not
        // depend on it).
        let recode = layout.table != self.layout.table;
        let same_files = layout.per_rows == self.layout.per_rows
            && layout.per_chunk == self.layout.per_chunk
            && layout.head_chars == self.layout.head_chars
            && layout.pubs == self.layout.pubs;
        if !same_files {
            return Err("the publications or the documents per file changed");
        }

        // The width of gram keys.
        let mut cjk_counts = self.cjk_counts.clone();
        for &i in &changed {
            recount(
                &mut cjk_counts,
                cjk_chars(&self.docs[i]).into_iter(),
                cjk_chars(new[i]).into_iter(),
            );
        }
        if bits_of(cjk_counts.len()) != self.rules.max_len {
            return Err("the longest gram changed");
        }

        // Postings that change: (key, doc) → new impact or none.
        let mut delta: BTreeMap<String, Vec<(u32, Option<u32>)>> = BTreeMap::new();
        for &i in &changed {
            let old = entries_of(&self.docs[i], &self.rules);
            let now = entries_of(new[i], &self.rules);
            let old_map: HashMap<&str, u32> = old.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            let now_map: HashMap<&str, u32> = now.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            for (k, v) in &now {
                if old_map.get(k.as_str()) != Some(v) {
                    delta
                        .entry(k.clone())
                        .or_default()
                        .push((i as u32, Some(*v)));
                }
            }
            for (k, _) in &old {
                if !now_map.contains_key(k.as_str()) {
                    delta.entry(k.clone()).or_default().push((i as u32, None));
                }
            }
        }

        // The shards of those keys, changed.
        let mut by_shard: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
        for k in delta.keys() {
            by_shard
                .entry(shard::shard_of(k, self.shards))
                .or_default()
                .push(k);
        }
        let mut stats = self.stats.clone();
        let mut estimate = self.estimate;
        let mut files: Files = Vec::new();
        for (&n, keys) in &by_shard {
            let bytes = read(&format!("search/s/{n}.js")).ok_or(unreadable)?;
            let mut grams: BTreeMap<String, Vec<u32>> = shard::parse_shard_file(&bytes, new.len())
                .ok_or(unreadable)?
                .into_iter()
                .collect();
            for &k in keys {
                let list = grams.entry(k.to_string()).or_default();
                let before = std::mem::take(list);
                let after = apply(&before, &delta[k]);
                let size = |v: &[u32]| {
                    if v.is_empty() {
                        0
                    } else {
                        super::estimate_of(k, v.len())
                    }
                };
                estimate = estimate - size(&before) + size(&after);
                if let Some(len) = cjk_len(k) {
                    // The postings of an extended gram's extensions are in
                    // the index only while it is frequent enough.
                    if let Some(Some(t)) = self.frequent.get(len) {
                        if (before.len() > *t) != (after.len() > *t) {
                            return Err("a gram became frequent or rare");
                        }
                    }
                    let s = stats.get_mut(len).ok_or("a gram longer than any")?;
                    s.add(len, &before, new.len(), -1);
                    s.add(len, &after, new.len(), 1);
                }
                *list = after;
            }
            grams.retain(|_, v| !v.is_empty());
            let encoded: Vec<(&str, Vec<u8>)> = grams
                .iter()
                .map(|(k, v)| {
                    let mut enc = Vec::new();
                    shard::encode_list(&mut enc, v, new.len());
                    (k.as_str(), enc)
                })
                .collect();
            files.push(super::shard_file(
                n,
                encoded.iter().map(|(k, e)| (*k, e.as_slice())),
            ));
        }
        if super::shard_count(estimate, &self.params) != self.shards {
            return Err("the number of shards changed");
        }

        // The rows and chunks of the changed documents, or all of them.
        let made = super::text_files(&new, &layout, &codec, (!recode).then_some(&changed[..]));
        let before: Vec<Option<usize>> = made
            .par_iter()
            .map(|(p, _)| read(p).map(|b| b.len()))
            .collect();
        let mut text_file_bytes = self.text_file_bytes;
        for (file, before) in made.into_iter().zip(before) {
            text_file_bytes = text_file_bytes - before.ok_or(unreadable)? + file.1.len();
            files.push(file);
        }

        // The thresholds, as a full build would choose them now.
        let text_bytes = self.text_bytes
            + changed
                .iter()
                .map(|&i| super::text_bytes_of(new[i]))
                .sum::<usize>()
            - changed
                .iter()
                .map(|&i| super::text_bytes_of(&self.docs[i]))
                .sum::<usize>();
        let budget = Budget {
            min_frequent: self.params.frequent,
            extension_budget: self.params.extension_budget,
            byte_budget: super::byte_budget(&self.params, text_bytes, text_file_bytes, new.len()),
            max_len: self.rules.max_len,
        };
        if index::thresholds(&stats, &budget) != self.frequent {
            return Err("the thresholds of extended grams changed");
        }

        files.extend(super::meta_files(&new, &layout, &codec, &self.params));
        for &i in &changed {
            self.docs[i] = new[i].clone();
        }
        self.char_counts = char_counts;
        self.layout = layout;
        self.cjk_counts = cjk_counts;
        self.text_bytes = text_bytes;
        self.text_file_bytes = text_file_bytes;
        self.estimate = estimate;
        self.stats = stats;
        Ok(files)
    }
}

/// Counts of characters with those of a document's old text taken out and
/// those of its new text put in (a character counted 0 times is not kept).
fn recount(
    counts: &mut BTreeMap<char, u64>,
    old: impl Iterator<Item = char>,
    new: impl Iterator<Item = char>,
) {
    for c in old {
        let n = counts.get_mut(&c).expect("counted");
        *n -= 1;
        if *n == 0 {
            counts.remove(&c);
        }
    }
    for c in new {
        *counts.entry(c).or_default() += 1;
    }
}

fn same(a: &SearchDoc, b: &SearchDoc) -> bool {
    a.url == b.url
        && a.title == b.title
        && a.doc_number == b.doc_number
        && a.issuer == b.issuer
        && a.date == b.date
        && a.publication == b.publication
        && a.publication_title == b.publication_title
        && a.issue == b.issue
        && a.year == b.year
        && a.text == b.text
}

/// A posting list (packed `doc << 3 | impact`, by doc) with the postings of
/// some documents replaced or removed.
fn apply(list: &[u32], changes: &[(u32, Option<u32>)]) -> Vec<u32> {
    let mut out: Vec<u32> = list
        .iter()
        .copied()
        .filter(|p| !changes.iter().any(|(d, _)| *d == p >> 3))
        .collect();
    out.extend(
        changes
            .iter()
            .filter_map(|&(d, imp)| imp.map(|imp| (d << 3) | imp)),
    );
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic corpus with frequent phrases (so grams are
    /// extended) and rare characters (so the table has all code lengths).
    fn corpus(n: usize, seed: u64) -> Vec<SearchDoc> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as usize
        };
        let han: Vec<char> = (0x4E00u32..0x4E00 + 2600)
            .filter_map(char::from_u32)
            .collect();
        let words: Vec<String> = (0..400)
            .map(|i| {
                let len = 2 + i % 3;
                (0..len)
                    .map(|j| han[(i * 7 + j * 131 + (i * i) % 97) % (60 + i * 6)])
                    .collect()
            })
            .collect();
        let issuers = [
            "自治区人民政府",
            "自治区人民政府办公厅",
            "国务院办公厅",
            "财政厅",
        ];
        (0..n)
            .map(|i| {
                let mut text = String::new();
                for s in 0..(20 + next(30)) {
                    for _ in 0..(3 + next(6)) {
                        text.push_str(&words[next(words.len()).min(next(words.len()) + 5)]);
                    }
                    text.push(if s % 5 == 4 { '\n' } else { '，' });
                }
                let title: String = (0..3).map(|_| words[next(60)].as_str()).collect();
                SearchDoc {
                    url: format!("p/{i}/index.html"),
                    title: format!("关于{title}的通知"),
                    doc_number: (i % 3 != 0).then(|| format!("新政发〔{}〕{}号", 2015 + i % 6, i)),
                    issuer: vec![issuers[i % issuers.len()].to_string()],
                    date: Some(format!("{}-0{}-1{}", 2015 + i % 6, 1 + i % 9, i % 10)),
                    publication: if i % 4 == 0 { "b" } else { "a" }.into(),
                    publication_title: if i % 4 == 0 { "乙" } else { "甲" }.into(),
                    issue: format!("第{}期", i / 10),
                    year: Some(2015 + (i % 6) as u16),
                    text,
                }
            })
            .collect()
    }

    /// Room for extended grams in a small corpus.
    fn params() -> Params {
        Params {
            frequent: 4,
            max_size_ratio: 4.0,
            ..Params::default()
        }
    }

    fn build(docs: &[SearchDoc]) -> (Files, State) {
        super::super::build_index_kept_with(docs.to_vec(), params())
    }

    fn files_map(files: Files) -> BTreeMap<String, Vec<u8>> {
        files.into_iter().collect()
    }

    /// Applies `update` to the files and checks them against a full build.
    fn check(state: &mut State, disk: &mut BTreeMap<String, Vec<u8>>, docs: &[SearchDoc]) -> bool {
        let changed = {
            let d = &*disk;
            state.update(docs, |p| d.get(p).cloned())
        };
        let Ok(changed) = changed else {
            return false;
        };
        for (p, b) in changed {
            disk.insert(p, b);
        }
        let full = files_map(super::super::build_index_with(docs, params()));
        assert_eq!(
            disk.keys().collect::<Vec<_>>(),
            full.keys().collect::<Vec<_>>()
        );
        for (p, b) in &full {
            assert!(disk[p] == *b, "{p} differs from a full build");
        }
        true
    }

    #[test]
    fn updates_equal_a_full_build() {
        let mut docs = corpus(160, 3);
        let (files, mut state) = build(&docs);
        let mut disk = files_map(files);
        let mut x: usize = 12345;
        let mut rnd = |m: usize| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % m
        };
        let (mut applied, mut whole) = (0, 0);
        for round in 0..40 {
            let i = rnd(docs.len());
            match round % 5 {
                // A sentence replaced by another document's.
                0 | 1 => {
                    let other: String = docs[rnd(docs.len())].text.chars().take(40).collect();
                    let keep: String = docs[i].text.chars().skip(60).collect();
                    docs[i].text = format!("{other}{keep}");
                }
                // A typo: one character inserted.
                2 => {
                    let at = rnd(docs[i].text.chars().count());
                    let mut t: Vec<char> = docs[i].text.chars().collect();
                    t.insert(at, 'X');
                    docs[i].text = t.into_iter().collect();
                }
                3 => docs[i].title.push_str("补充"),
                _ => {
                    docs[i].issuer = vec!["财政厅".into(), "教育厅".into()];
                    docs[i].doc_number = Some(format!("新财发〔2020〕{round}号"));
                }
            }
            if check(&mut state, &mut disk, &docs) {
                applied += 1;
            } else {
                // The caller builds whole, and keeps that state.
                let (files, s) = build(&docs);
                disk = files_map(files);
                state = s;
                whole += 1;
            }
        }
        // Extended grams, so their rules are exercised; most edits are
        // incremental, so the test is not vacuous.
        assert!(
            state
                .rules
                .extended
                .iter()
                .filter(|e| !e.is_empty())
                .count()
                >= 2
        );
        eprintln!(
            "{applied} incremental, {whole} whole; extended lengths {:?}",
            state
                .rules
                .extended
                .iter()
                .map(|e| e.len())
                .collect::<Vec<_>>()
        );
        assert!(applied >= 30, "{applied} incremental, {whole} whole");
        // A character the site never had: every text is coded again, the
        // postings are still updated in place.
        let table = state.layout.table.clone();
        docs[7].text.push('龘');
        assert!(check(&mut state, &mut disk, &docs));
        assert_ne!(state.layout.table, table);
    }

    #[test]
    fn an_added_document_or_a_new_order_needs_a_full_build() {
        let mut docs = corpus(60, 5);
        let (files, mut state) = build(&docs);
        let disk = files_map(files);
        let read = |p: &str| disk.get(p).cloned();
        let mut more = docs.clone();
        more.push(corpus(61, 5).pop().unwrap());
        assert_eq!(
            state.update(&more, read),
            Err("documents were added or removed")
        );
        docs[3].date = Some("2030-01-01".into());
        assert_eq!(
            state.update(&docs, read),
            Err("the order of the documents changed")
        );
        docs[3].date = corpus(60, 5)[3].date.clone();
        assert_eq!(state.update(&docs, read), Ok(Vec::new()));
    }

    #[test]
    fn a_retitled_issue_keeps_the_ids() {
        // Two issues of one day: folders a and b, titled so that a retitle
        // would reorder them if titles decided the order.
        let mut docs = corpus(40, 7);
        for (i, d) in docs.iter_mut().take(4).enumerate() {
            let folder = if i < 2 { "a" } else { "b" };
            d.url = format!("p/{folder}/d{i}/index.html");
            d.date = Some("2020-01-01".into());
            d.publication = "a".into();
            d.publication_title = "甲".into();
            d.issue = if i < 2 { "第2期" } else { "第1期" }.into();
        }
        let (files, mut state) = build(&docs);
        let mut disk = files_map(files);
        for d in docs.iter_mut().take(2) {
            d.issue = "第0期".into();
        }
        assert!(check(&mut state, &mut disk, &docs), "updated in place");
    }

    #[test]
    fn doc_entries_are_the_postings_of_a_full_build() {
        let docs = corpus(120, 9);
        let order = super::super::order_of(&docs);
        let sorted: Vec<&SearchDoc> = order.iter().map(|&i| &docs[i]).collect();
        let (files, state) = build(&docs);
        let mut per_doc: Vec<Vec<(String, u32)>> = vec![Vec::new(); docs.len()];
        // Keys whose lists are bitmaps, which round low impacts.
        let mut bitmaps: std::collections::HashSet<String> = Default::default();
        for (p, b) in &files {
            if p.starts_with("search/s/") {
                for (k, list) in shard::parse_shard_file(b, docs.len()).unwrap() {
                    for &v in &list {
                        per_doc[(v >> 3) as usize].push((k.clone(), v & 7));
                    }
                    let mut enc = Vec::new();
                    shard::encode_list(&mut enc, &list, docs.len());
                    if enc.first() == Some(&b'\\') {
                        bitmaps.insert(k);
                    }
                }
            }
        }
        assert!(
            state.rules.extended.iter().any(|e| !e.is_empty()),
            "no extended grams"
        );
        for (i, d) in sorted.iter().enumerate() {
            per_doc[i].sort_unstable();
            let expected: Vec<(String, u32)> = entries_of(d, &state.rules)
                .into_iter()
                .map(|(k, imp)| {
                    let rounded = bitmaps.contains(&k) && imp < shard::BITMAP_KEEP;
                    let imp = if rounded { shard::BITMAP_IMPACT } else { imp };
                    (k, imp)
                })
                .collect();
            assert_eq!(expected, per_doc[i], "document {i}");
        }
    }
}

//! Rebuilding only what an edit affects.
//!
//! The server keeps what the full build's stages computed ([`Kept`]): the
//! loaded site, the theme, every document's body, parse and citations, the
//! site's numbers and titles (`Known`) and the citation relations. A batch
//! of changes to document files — body or front-matter edits, new
//! documents in existing issues, deleted documents — is applied to that
//! state:
//!
//! 1. the changed files are loaded again (front matter validated exactly as
//!    the build does; an error leaves the state and the served site as
//!    they were);
//! 2. the model is updated (documents re-sorted in their issue), and the
//!    per-document state is re-indexed when documents moved;
//! 3. when a document's number, title or date changed (or it came or
//!    went), `Known` is rebuilt and every document whose citations could
//!    resolve differently (same number digits, related title, target among
//!    the changed documents, or the title written in its text) is parsed
//!    again, with the edited documents themselves;
//! 4. the relations are recomputed; the pages to render follow from the
//!    before/after relations and listing memberships: the changed
//!    documents, the documents whose references, cited-by, status or
//!    "also published" changed or that show a changed document, their
//!    neighbours (prev/next), their issues' tables of contents, their
//!    publications, home, and the issuer and year pages they are or were
//!    listed on; catalog.json, atom.xml and sitemap.xml are regenerated;
//! 5. the search index is not rebuilt here: the server does it in the
//!    background after the pages are published ([`super::search`]), from
//!    [`Session::search_docs`] captured at that moment.
//!
//! An edit of an issue's `_issue.md` or a publication's `_publication.md`
//! changes no citation, relation or document order, so it is applied
//! first and alone ([`Session::apply_meta`]): the model is updated and the
//! pages that show what changed are rendered (the issue's table of
//! contents, its documents, its publication's pages, home, the feeds, the
//! pages linking to its documents, the issuer and year listings when a
//! date moves undated documents); an issue date that moves the issue among
//! its publication's issues falls back to a full build.
//!
//! Every output is written only when its bytes differ from what is on
//! disk, so the result is byte-identical to a full build of the same
//! sources (tests/cli_serve.rs checks this). Anything else (templates,
//! static files, gazette.yaml, assets, a new or removed issue or
//! publication, an issue made a draft) falls back to a full build.

use crate::build::Kept;
use crate::cite::Citation;
use crate::diag::Diag;
use crate::link::{DocLinks, Status};
use crate::model::{DocIdx, Document, Issue, Publication, Site};
use crate::parse::{Linker, Parsed};
use crate::render::PageKey;
use crate::urls::Urls;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

pub struct Session {
    root: PathBuf,
    out: PathBuf,
    drafts: bool,
    site: Site,
    theme: crate::theme::Theme,
    urls: Urls,
    bodies: Vec<String>,
    parsed: Vec<Parsed>,
    notes: BTreeMap<(usize, usize), String>,
    known: crate::cite::Known,
    /// Title citations then body citations of every document.
    citations: Vec<Vec<Citation>>,
    links: Vec<DocLinks>,
    search_scripts: Vec<String>,
    /// Hash of every search file the full build wrote, by output path;
    /// handed to the background indexer ([`Session::take_search_hashes`]).
    search_hashes: HashMap<String, u64>,
    /// What the background indexer updates the index from
    /// ([`Session::take_search_state`]).
    search_state: Option<crate::search::update::State>,
    /// Whether the site has a search index (an index that was empty at the
    /// full build stays empty).
    search_on: bool,
    /// Document source (`content/…`, relative to the root) → index.
    sources: HashMap<PathBuf, DocIdx>,
    /// [`span_keys`] of every document.
    spans: Vec<Vec<String>>,
}

/// What an incremental rebuild did.
#[derive(Default)]
pub struct Outcome {
    /// Source files applied (documents, `_issue.md`, `_publication.md`).
    pub files: usize,
    /// Pages rendered, and of those written because their bytes changed.
    pub rendered: usize,
    pub written: usize,
    /// What the search index is built from may have changed.
    pub search: bool,
}

impl std::ops::AddAssign for Outcome {
    fn add_assign(&mut self, o: Outcome) {
        self.files += o.files;
        self.rendered += o.rendered;
        self.written += o.written;
        self.search |= o.search;
    }
}

/// The result of [`Session::update`].
pub enum Update {
    Done(Outcome),
    /// A source has an error; nothing was changed (state nor output).
    Failed(Vec<Diag>),
    /// Writing failed half-way: the state no longer matches the output.
    Broken(Vec<Diag>),
    /// Only a full build can do this.
    Full,
}

pub(super) fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn docs_of(site: &Site) -> Vec<(&Publication, &Issue, &Document)> {
    site.documents().collect()
}

/// A document's front matter as the pages see it (body left out).
fn meta(d: &Document) -> String {
    format!(
        "{:?}",
        (
            &d.title,
            &d.doc_number,
            &d.issuer,
            &d.date,
            &d.section,
            &d.order,
            &d.page,
            &d.tags,
            &d.relations,
            &d.extra,
        )
    )
}

/// The digits of a document number (`国函〔2018〕152号` → `2018|152`):
/// however the 机关代字 is trimmed, a citation of that number has them.
fn digits(s: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !in_run && !out.is_empty() {
                out.push('|');
            }
            out.push(c);
            in_run = true;
        } else {
            in_run = false;
        }
    }
    out
}

/// The keys a document's title is known by in `Known`: the title, the
/// part from its first 关于, and what a 关于印发X的通知 publishes.
fn stored_title_keys(title: &str, out: &mut HashSet<String>) {
    use crate::cite::title::{from_guanyu, strip_issuing};
    let key = crate::cite::title_key(title);
    if let Some(t) = from_guanyu(&key) {
        out.insert(t.to_string());
    }
    if let Some(x) = strip_issuing(&key) {
        out.insert(x.to_string());
    }
    if !key.is_empty() {
        out.insert(key);
    }
}

/// What resolving a title written `《inner》` may look up in `Known`: its
/// key, the keys of titles nested in it, what they publish, each also from
/// its first 关于.
fn title_lookup_keys(inner: &str, out: &mut Vec<String>) {
    use crate::cite::title::{from_guanyu, strip_issuing};
    let key = crate::cite::title_key(inner);
    let mut qs: Vec<String> = vec![key.clone()];
    // Nested titles (《关于印发〈X〉的通知》): every bracketed run.
    let chars: Vec<(usize, char)> = key.char_indices().collect();
    for (n, &(a, c)) in chars.iter().enumerate() {
        if c == '《' {
            let mut depth = 0;
            for &(b, d) in &chars[n..] {
                match d {
                    '《' => depth += 1,
                    '》' => {
                        depth -= 1;
                        if depth == 0 {
                            qs.push(crate::cite::title_key(&key[a + '《'.len_utf8()..b]));
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let mut more: Vec<String> = qs
        .iter()
        .filter_map(|q| strip_issuing(q).map(str::to_string))
        .collect();
    qs.append(&mut more);
    let mut tails: Vec<String> = qs
        .iter()
        .filter_map(|q| from_guanyu(q).map(str::to_string))
        .collect();
    qs.append(&mut tails);
    qs.retain(|q| !q.is_empty());
    out.append(&mut qs);
}

/// The lookup keys of every `《…》` (or `〈…〉`) in a document's title and
/// body: a title citation can only come from one of them, resolved or not.
fn span_keys(title: &str, body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for text in [title, body] {
        let mut from = 0;
        while let Some(at) = text[from..].find(['《', '〈']).map(|i| i + from) {
            let mut depth = 0usize;
            let mut end = None;
            for (i, c) in text[at..].char_indices() {
                match c {
                    '《' | '〈' => depth += 1,
                    '》' | '〉' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            end = Some(at + i);
                            break;
                        }
                    }
                    '\n' | '\r' => break,
                    _ => {}
                }
            }
            let open = text[at..].chars().next().map_or(3, char::len_utf8);
            if let Some(e) = end {
                title_lookup_keys(&text[at + open..e], &mut out);
            }
            from = at + open;
        }
    }
    out.sort();
    out.dedup();
    out
}

enum Change {
    Edit(DocIdx, Option<Document>),
    New(usize, usize, Document),
    Delete(DocIdx),
    /// An edited `_issue.md`: the issue's new front matter and note (no
    /// documents).
    Issue(usize, usize, Issue),
    /// An edited `_publication.md` (no issues).
    Publication(usize, Publication),
}

impl Session {
    /// Keeps what a full build computed.
    pub fn from_build(opts: &crate::build::Options, kept: Kept) -> Session {
        let Kept {
            site,
            theme,
            bodies,
            parsed,
            citations,
            known,
            issue_notes,
            links,
            search_scripts,
            search_files,
            search_state,
        } = kept;
        let urls = Urls {
            pretty: site.config.pretty_urls,
        };
        let sources = site
            .documents()
            .enumerate()
            .map(|(i, (_, _, d))| (d.source.clone(), i))
            .collect();
        let spans = site
            .documents()
            .zip(&bodies)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|((_, _, d), b)| span_keys(&d.title, b))
            .collect();
        let site_search = site.config.search;
        let search_hashes: HashMap<String, u64> = search_files
            .iter()
            .map(|(p, b)| (p.clone(), hash(b)))
            .collect();
        Session {
            root: opts.root.clone(),
            out: opts.out.clone(),
            drafts: opts.drafts,
            site,
            theme,
            urls,
            bodies,
            parsed,
            notes: issue_notes,
            known,
            citations,
            links,
            search_scripts,
            search_on: site_search && !search_hashes.is_empty(),
            search_hashes,
            search_state,
            sources,
            spans,
        }
    }

    /// The hashes of the search files the full build wrote (once).
    pub fn take_search_hashes(&mut self) -> HashMap<String, u64> {
        std::mem::take(&mut self.search_hashes)
    }

    /// The full build's search index state (once).
    pub fn take_search_state(&mut self) -> Option<crate::search::update::State> {
        self.search_state.take()
    }

    pub fn has_search(&self) -> bool {
        self.search_on
    }

    /// What the search index is built from, as the site is now; `None`
    /// when the site has no search index.
    pub fn search_docs(&self) -> Option<Vec<crate::search::SearchDoc>> {
        self.search_on
            .then(|| crate::build::search_docs(&docs_of(&self.site), &self.parsed, self.urls))
    }

    /// Reads the changed files (absolute paths under `abs_root`) and sorts
    /// them into changes of documents; `Err(None)` when a full build is
    /// needed.
    fn classify(
        &self,
        abs_root: &Path,
        changed: &[PathBuf],
    ) -> Result<Vec<Change>, Option<Vec<Diag>>> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        let opts = crate::load::Options {
            drafts: self.drafts,
        };
        for p in changed {
            let rel = p.strip_prefix(abs_root).map_err(|_| None)?.to_path_buf();
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let exists = self.root.join(&rel).is_file();
            let in_content = parts.first().is_some_and(|f| f == "content");
            let is_meta = in_content
                && match parts.len() {
                    3 => parts[2] == "_publication.md",
                    4 => parts[3] == "_issue.md",
                    _ => false,
                };
            if is_meta {
                // A removed one (or a new issue) needs the full build,
                // which reports what is missing.
                if !exists {
                    return Err(None);
                }
                if parts.len() == 3 {
                    let Some(pi) = self
                        .site
                        .publications
                        .iter()
                        .position(|x| x.slug == parts[1])
                    else {
                        return Err(None);
                    };
                    match crate::load::load_publication_meta(&self.root, &parts[1], &rel) {
                        Ok(p) => out.push(Change::Publication(pi, p)),
                        Err(d) => errors.extend(d),
                    }
                } else {
                    let Some((pi, ii)) = self.issue_of(&parts[1], &parts[2]) else {
                        return Err(None);
                    };
                    match crate::load::load_issue_meta(&self.root, &parts[2], &rel, &opts) {
                        Ok(Some(i)) => out.push(Change::Issue(pi, ii, i)),
                        // Now a draft: the issue and its documents go.
                        Ok(None) => return Err(None),
                        Err(d) => errors.extend(d),
                    }
                }
                continue;
            }
            let known = self.sources.get(&rel).copied();
            let is_doc = parts.len() == 4
                && parts[0] == "content"
                && parts[3].ends_with(".md")
                && !parts[3].starts_with('_');
            if !is_doc {
                // A file that came and went (an editor's or sed's temporary
                // file) changes nothing; anything else needs a full build.
                let asset = rel.strip_prefix("content").ok();
                let was_asset = asset.is_some_and(|a| self.site.assets.iter().any(|x| x == a));
                if parts.first().is_some_and(|f| f == "content")
                    && !self.root.join(&rel).exists()
                    && !was_asset
                    && parts.len() == 4
                {
                    continue;
                }
                return Err(None);
            }
            let load = |rel: &Path| {
                crate::load::load_document(&self.root, &parts[1], &parts[2], rel, &opts)
            };
            match (exists, known) {
                (true, Some(i)) => match load(&rel) {
                    Ok(d) => out.push(Change::Edit(i, d)),
                    Err(d) => errors.extend(d),
                },
                (true, None) => {
                    let Some((pi, ii)) = self.issue_of(&parts[1], &parts[2]) else {
                        return Err(None);
                    };
                    if !crate::load::is_valid_slug(parts[3].trim_end_matches(".md")) {
                        return Err(None);
                    }
                    match load(&rel) {
                        Ok(Some(d)) => out.push(Change::New(pi, ii, d)),
                        Ok(None) => {}
                        Err(d) => errors.extend(d),
                    }
                }
                (false, Some(i)) => out.push(Change::Delete(i)),
                (false, None) => {}
            }
        }
        if !errors.is_empty() {
            crate::diag::sort(&mut errors);
            return Err(Some(errors));
        }
        Ok(out)
    }

    fn issue_of(&self, p: &str, i: &str) -> Option<(usize, usize)> {
        let pi = self.site.publications.iter().position(|x| x.slug == p)?;
        let ii = self.site.publications[pi]
            .issues
            .iter()
            .position(|x| x.slug == i)?;
        Some((pi, ii))
    }

    /// Rebuilds after `changed` (absolute paths under `abs_root`).
    pub fn update(&mut self, abs_root: &Path, changed: &[PathBuf]) -> Update {
        let changes = match self.classify(abs_root, changed) {
            Ok(c) => c,
            Err(None) => return Update::Full,
            Err(Some(d)) => return Update::Failed(d),
        };
        // Issue and publication front matter first, then the documents
        // (each pass leaves the state and the output consistent).
        let (meta, docs): (Vec<Change>, Vec<Change>) = changes
            .into_iter()
            .partition(|c| matches!(c, Change::Issue(..) | Change::Publication(..)));
        let mut total = Outcome::default();
        for c in meta {
            match self.apply_meta(c) {
                Ok(o) => total += o,
                Err(None) => return Update::Full,
                Err(Some(d)) => return Update::Broken(d),
            }
        }
        if !docs.is_empty() {
            match self.apply(docs) {
                Ok(o) => total += o,
                Err(None) => return Update::Full,
                Err(Some(d)) => return Update::Broken(d),
            }
        }
        Update::Done(total)
    }

    fn apply(&mut self, changes: Vec<Change>) -> Result<Outcome, Option<Vec<Diag>>> {
        let timings = std::env::var_os("GAZETTE_SERVE_TIMINGS").is_some();
        let t0 = Instant::now();
        let mut laps: Vec<(&str, std::time::Duration)> = Vec::new();
        let mut lap = |name: &'static str| laps.push((name, t0.elapsed()));
        let n_changes = changes.len();

        // --- 1. What changes, before touching anything.
        let old_locs = crate::build::doc_locations(&self.site);
        // Documents whose metadata changed, by id: (old, new).
        let mut meta_changed: Vec<(Option<Document>, Option<Document>)> = Vec::new();
        let mut new_bodies: HashMap<String, String> = HashMap::new();
        let mut removed: HashSet<String> = HashSet::new();
        let mut added: Vec<(usize, usize, Document)> = Vec::new();
        let mut replaced: Vec<(DocIdx, Document)> = Vec::new();
        let mut touched_issues: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut edited_ids: Vec<String> = Vec::new();
        {
            let docs = docs_of(&self.site);
            for c in changes {
                match c {
                    Change::Edit(i, Some(mut d)) => {
                        let old = docs[i].2;
                        new_bodies.insert(d.id.clone(), std::mem::take(&mut d.body));
                        edited_ids.push(d.id.clone());
                        if meta(old) != meta(&d) {
                            meta_changed.push((Some(old.clone()), Some(d.clone())));
                            touched_issues.insert((old_locs[i].0, old_locs[i].1));
                            replaced.push((i, d));
                        }
                    }
                    Change::Edit(i, None) | Change::Delete(i) => {
                        let old = docs[i].2;
                        meta_changed.push((Some(old.clone()), None));
                        touched_issues.insert((old_locs[i].0, old_locs[i].1));
                        removed.insert(old.id.clone());
                    }
                    Change::Issue(..) | Change::Publication(..) => {
                        unreachable!("applied by apply_meta")
                    }
                    Change::New(pi, ii, mut d) => {
                        if docs.iter().any(|(_, _, x)| x.id == d.id) {
                            return Err(None);
                        }
                        new_bodies.insert(d.id.clone(), std::mem::take(&mut d.body));
                        edited_ids.push(d.id.clone());
                        meta_changed.push((None, Some(d.clone())));
                        touched_issues.insert((pi, ii));
                        added.push((pi, ii, d));
                    }
                }
            }
            // A doc number must stay unique: let the full build report it.
            let mut numbers: HashMap<&str, usize> = HashMap::new();
            for (_, _, d) in &docs {
                if removed.contains(&d.id) || replaced.iter().any(|(_, r)| r.id == d.id) {
                    continue;
                }
                if let Some(n) = &d.doc_number {
                    *numbers.entry(n).or_default() += 1;
                }
            }
            for d in replaced
                .iter()
                .map(|(_, d)| d)
                .chain(added.iter().map(|a| &a.2))
            {
                if let Some(n) = &d.doc_number {
                    let c = numbers.entry(n).or_default();
                    *c += 1;
                    if *c > 1 {
                        return Err(None);
                    }
                }
            }
        }
        let structural = !added.is_empty() || !removed.is_empty();
        let metadata = !meta_changed.is_empty();

        // Old listing memberships and statuses, for the pages to render.
        let old_ids: Vec<String> = docs_of(&self.site)
            .iter()
            .map(|(_, _, d)| d.id.clone())
            .collect();
        let old_order: HashMap<(usize, usize), Vec<String>> = touched_issues
            .iter()
            .map(|&(pi, ii)| {
                let ids = self.site.publications[pi].issues[ii]
                    .documents
                    .iter()
                    .map(|d| d.id.clone())
                    .collect();
                ((pi, ii), ids)
            })
            .collect();
        let old_listing_keys = if metadata {
            Some(self.listing_keys())
        } else {
            None
        };
        lap("load");

        // --- 2. Update the model and re-index the per-document state.
        for (i, d) in replaced {
            let (pi, ii, k) = old_locs[i];
            self.site.publications[pi].issues[ii].documents[k] = d;
        }
        for &(pi, ii) in &touched_issues {
            self.site.publications[pi].issues[ii]
                .documents
                .retain(|d| !removed.contains(&d.id));
        }
        for (pi, ii, d) in added {
            self.site.publications[pi].issues[ii].documents.push(d);
        }
        for &(pi, ii) in &touched_issues {
            // The load's order: explicit `order` first, then file name.
            self.site.publications[pi].issues[ii]
                .documents
                .sort_by(|a, b| {
                    (a.order.unwrap_or(i64::MAX), &a.slug)
                        .cmp(&(b.order.unwrap_or(i64::MAX), &b.slug))
                });
        }
        let docs = docs_of(&self.site);
        let new_ids: Vec<&str> = docs.iter().map(|(_, _, d)| d.id.as_str()).collect();
        let reindexed = structural || new_ids.iter().zip(&old_ids).any(|(a, b)| *a != b);
        // Issues whose documents changed order (not by insertion or
        // removal): index ties among their documents may resolve otherwise.
        let mut reordered: Vec<(usize, usize)> = Vec::new();
        for (&(pi, ii), before) in &old_order {
            let now: Vec<&str> = self.site.publications[pi].issues[ii]
                .documents
                .iter()
                .map(|d| d.id.as_str())
                .collect();
            let kept_before: Vec<&str> = before
                .iter()
                .map(String::as_str)
                .filter(|id| now.contains(id))
                .collect();
            let kept_now: Vec<&str> = now
                .iter()
                .copied()
                .filter(|id| before.iter().any(|b| b == id))
                .collect();
            if kept_before != kept_now {
                reordered.push((pi, ii));
            }
        }
        let old_to_new: Vec<Option<DocIdx>> = if reindexed {
            let pos: HashMap<&str, DocIdx> =
                new_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
            old_ids
                .iter()
                .map(|id| pos.get(id.as_str()).copied())
                .collect()
        } else {
            (0..old_ids.len()).map(Some).collect()
        };
        if reindexed {
            let n = new_ids.len();
            let mut bodies: Vec<String> = vec![String::new(); n];
            let mut parsed: Vec<Parsed> = vec![Parsed::default(); n];
            let mut citations: Vec<Vec<Citation>> = vec![Vec::new(); n];
            let mut links: Vec<Option<DocLinks>> = vec![None; n];
            let mut spans: Vec<Vec<String>> = vec![Vec::new(); n];
            for (o, s) in std::mem::take(&mut self.spans).into_iter().enumerate() {
                if let Some(j) = old_to_new[o] {
                    spans[j] = s;
                }
            }
            self.spans = spans;
            let old_bodies = std::mem::take(&mut self.bodies);
            let old_parsed = std::mem::take(&mut self.parsed);
            let old_cit = std::mem::take(&mut self.citations);
            let old_links = std::mem::take(&mut self.links);
            for (o, (((b, p), c), l)) in old_bodies
                .into_iter()
                .zip(old_parsed)
                .zip(old_cit)
                .zip(old_links)
                .enumerate()
            {
                if let Some(j) = old_to_new[o] {
                    bodies[j] = b;
                    parsed[j] = p;
                    citations[j] = c;
                    links[j] = Some(l);
                }
            }
            for c in citations.iter_mut().flatten() {
                c.target = c.target.and_then(|t| old_to_new[t]);
            }
            self.bodies = bodies;
            self.parsed = parsed;
            self.citations = citations;
            // Old relations in the new numbering; a removed document
            // leaves them unequal to anything (`None`).
            self.links = links
                .into_iter()
                .map(|l| {
                    l.and_then(|l| remap_links(&l, &old_to_new))
                        .unwrap_or_else(empty_links)
                })
                .collect();
        }
        for (id, body) in new_bodies {
            if let Some(j) = new_ids.iter().position(|x| *x == id) {
                self.bodies[j] = body;
            }
        }
        for id in &edited_ids {
            if let Some(j) = new_ids.iter().position(|x| x == id) {
                self.spans[j] = span_keys(&docs[j].2.title, &self.bodies[j]);
            }
        }
        self.sources = docs
            .iter()
            .enumerate()
            .map(|(i, (_, _, d))| (d.source.clone(), i))
            .collect();
        lap("model");

        // --- 3. Numbers and titles, and what must be parsed again.
        let mut key_docs: Vec<(Option<&Document>, Option<&Document>)> = Vec::new();
        for (old, new) in &meta_changed {
            let keys_differ = match (old, new) {
                (Some(a), Some(b)) => {
                    a.title != b.title || a.doc_number != b.doc_number || a.date != b.date
                }
                _ => true,
            };
            if keys_differ {
                key_docs.push((old.as_ref(), new.as_ref()));
            }
        }
        for &(pi, ii) in &reordered {
            for d in &self.site.publications[pi].issues[ii].documents {
                key_docs.push((None, Some(d)));
            }
        }
        let refs = crate::build::doc_refs(&docs);
        let rebuild_known = !key_docs.is_empty() || reindexed;
        let new_pos: HashMap<&str, DocIdx> =
            new_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut reparse: BTreeSet<DocIdx> = edited_ids
            .iter()
            .filter_map(|id| new_pos.get(id.as_str()).copied())
            .collect();
        let dirty_scan = || -> Vec<DocIdx> {
            if key_docs.is_empty() {
                return Vec::new();
            }
            let mut dirty_numbers: HashSet<String> = HashSet::new();
            let mut dirty_titles: HashSet<String> = HashSet::new();
            let mut dirty_targets: HashSet<DocIdx> = HashSet::new();
            for (old, new) in &key_docs {
                for d in old.iter().chain(new.iter()) {
                    if let Some(n) = &d.doc_number {
                        let s = digits(n);
                        if !s.is_empty() {
                            dirty_numbers.insert(s);
                        }
                    }
                    stored_title_keys(&d.title, &mut dirty_titles);
                    if let Some(&j) = new_pos.get(d.id.as_str()) {
                        dirty_targets.insert(j);
                    }
                }
            }
            let citations = &self.citations;
            let spans = &self.spans;
            (0..docs.len())
                .into_par_iter()
                .filter(|&j| {
                    spans[j].iter().any(|k| dirty_titles.contains(k))
                        || citations[j].iter().any(|c| {
                            c.target.is_some_and(|t| dirty_targets.contains(&t))
                                || (!c.canonical.starts_with('《')
                                    && dirty_numbers.contains(&digits(&c.canonical)))
                        })
                })
                .collect()
        };
        // The new Known is not needed to find what to parse again.
        let (known, more) = rayon::join(
            || rebuild_known.then(|| crate::cite::Known::new(&refs)),
            dirty_scan,
        );
        if let Some(k) = known {
            self.known = k;
        }
        reparse.extend(more);
        lap("dirty");
        let targets: Vec<String> = docs.iter().map(|(_, _, d)| format!("{}/", d.id)).collect();
        let root_prefix = crate::urls::root_prefix(3);
        let known = &self.known;
        let bodies = &self.bodies;
        let suffix = self.urls.suffix();
        let reparse: Vec<DocIdx> = reparse.into_iter().collect();
        let fresh: Vec<(Parsed, Vec<Citation>)> = reparse
            .par_iter()
            .map(|&idx| {
                let d = docs[idx].2;
                let mut linker = Linker {
                    scanner: crate::cite::Scanner::new(known, idx, &d.title),
                    self_idx: idx,
                    targets: &targets,
                    root: &root_prefix,
                    suffix,
                };
                let mut parsed = crate::parse::parse(&bodies[idx], Some(&mut linker));
                let mut c = crate::cite::scan_title(known, idx, &d.title);
                c.append(&mut parsed.citations);
                (parsed, c)
            })
            .collect();
        let mut body_changed: BTreeSet<DocIdx> = BTreeSet::new();
        for (&idx, (p, c)) in reparse.iter().zip(fresh) {
            let old = &self.parsed[idx];
            if old.html != p.html
                || old.text != p.text
                || format!("{:?}", old.headings) != format!("{:?}", p.headings)
            {
                body_changed.insert(idx);
            }
            self.parsed[idx] = p;
            self.citations[idx] = c;
        }
        lap("parse");

        // --- 4. Relations, and the pages they change.
        let front_matter: Vec<&[crate::model::Relation]> = docs
            .iter()
            .map(|(_, _, d)| d.relations.as_slice())
            .collect();
        // Feeds need no relations: written while they are computed.
        let site = &self.site;
        let urls = self.urls;
        let (links, feeds) = rayon::join(
            || crate::link::build(&self.known, &refs, &front_matter, &self.citations),
            || {
                metadata.then(|| {
                    (
                        crate::feed::atom(site, urls).into_bytes(),
                        crate::feed::sitemaps(site, urls),
                    )
                })
            },
        );
        lap("link");
        let locs = crate::build::doc_locations(&self.site);
        // Documents whose own metadata changed (their views on other pages).
        let shown: BTreeSet<DocIdx> = meta_changed
            .iter()
            .filter_map(|(_, n)| n.as_ref())
            .filter_map(|d| new_pos.get(d.id.as_str()).copied())
            .collect();
        let mut status_changed: BTreeSet<DocIdx> = BTreeSet::new();
        let mut doc_pages: BTreeSet<DocIdx> = BTreeSet::new();
        doc_pages.extend(&body_changed);
        doc_pages.extend(&shown);
        for (j, (old, new)) in self.links.iter().zip(&links).enumerate() {
            if old != new {
                doc_pages.insert(j);
                if old.status != new.status {
                    status_changed.insert(j);
                }
            }
            if !shown.is_empty() && mentions(new, &shown) {
                doc_pages.insert(j);
            }
        }
        // Neighbours show a changed document's summary (prev/next).
        let mut views: BTreeSet<DocIdx> = shown.clone();
        views.extend(&status_changed);
        for &j in &views {
            let (_, _, pos) = locs[j];
            if pos > 0 {
                doc_pages.insert(j - 1);
            }
            if j + 1 < locs.len() && locs[j + 1].0 == locs[j].0 && locs[j + 1].1 == locs[j].1 {
                doc_pages.insert(j + 1);
            }
        }
        // An issue whose documents came, went or moved: all of its pages.
        let mut issues: BTreeSet<(usize, usize)> = touched_issues.clone();
        for &(pi, ii) in &touched_issues {
            let changed_membership = old_order.get(&(pi, ii)).is_some_and(|before| {
                let now = &self.site.publications[pi].issues[ii].documents;
                before.len() != now.len() || before.iter().zip(now).any(|(a, b)| *a != b.id)
            });
            if changed_membership {
                let start = locs.partition_point(|&(p, i, _)| (p, i) < (pi, ii));
                let n = self.site.publications[pi].issues[ii].documents.len();
                doc_pages.extend(start..start + n);
            }
        }
        for &j in &views {
            issues.insert((locs[j].0, locs[j].1));
        }
        let mut keys: Vec<PageKey> = Vec::new();
        let mut removed_keys: Vec<String> = Vec::new();
        if metadata {
            keys.push(PageKey::Home);
            keys.push(PageKey::Issuers);
            keys.push(PageKey::Years);
            let pubs: BTreeSet<usize> = issues.iter().map(|&(p, _)| p).collect();
            keys.extend(pubs.into_iter().map(PageKey::Publication));
        }
        keys.extend(issues.iter().map(|&(p, i)| PageKey::Issue(p, i)));
        // Issuer and year pages the changed documents are or were on.
        let mut names: BTreeSet<String> = BTreeSet::new();
        let mut years: BTreeSet<u16> = BTreeSet::new();
        for (old, new) in &meta_changed {
            for d in old.iter().chain(new.iter()) {
                names.extend(d.issuer.iter().cloned());
            }
            if let Some(d) = old {
                let i = old_ids.iter().position(|x| *x == d.id);
                if let Some(i) = i {
                    let (pi, ii, _) = old_locs[i];
                    years.insert(crate::render::listing_year(
                        &self.site.publications[pi].issues[ii],
                        d,
                    ));
                }
            }
            if let Some(d) = new {
                if let Some(&j) = new_pos.get(d.id.as_str()) {
                    years.insert(crate::render::listing_year(docs[j].1, docs[j].2));
                }
            }
        }
        for &j in &status_changed {
            names.extend(docs[j].2.issuer.iter().cloned());
            years.insert(crate::render::listing_year(docs[j].1, docs[j].2));
        }
        keys.extend(names.iter().cloned().map(PageKey::Issuer));
        keys.extend(years.iter().copied().map(PageKey::Year));
        if let Some((old_names, old_years)) = &old_listing_keys {
            let (now_names, now_years) = self.listing_keys();
            for n in old_names.iter().filter(|n| !now_names.contains(n)) {
                removed_keys.push(crate::urls::issuer_dir(n));
            }
            for y in old_years.iter().filter(|y| !now_years.contains(y)) {
                removed_keys.push(crate::urls::year_dir(*y));
            }
        }
        keys.extend(doc_pages.iter().map(|&j| PageKey::Document(j)));
        lap("affected");

        // --- 5. Feeds, catalog (the search index is the caller's, in the
        // background: see [`Session::search_docs`]).
        let mut writes: Vec<(String, Vec<u8>)> = Vec::new();
        if let Some((atom, sitemaps)) = feeds {
            writes.push(("atom.xml".into(), atom));
            writes.extend(sitemaps.into_iter().map(|(p, x)| (p, x.into_bytes())));
        }
        let catalog_changed = metadata || links != self.links;

        // --- 6. Render, and write what changed.
        let input = crate::render::Input {
            site: &self.site,
            docs: &docs,
            locs: &locs,
            parsed: &self.parsed,
            body_html: None,
            issue_notes: &self.notes,
            links: &links,
            search_scripts: &self.search_scripts,
            urls: self.urls,
        };
        let out = &self.out;
        let rendered = AtomicUsize::new(0);
        let written = AtomicUsize::new(0);
        let put = |path: &str, bytes: &[u8]| {
            rendered.fetch_add(1, Ordering::Relaxed);
            if write_if_changed(out, path, bytes)? {
                written.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        };
        // catalog.json (one thread) while the pages render.
        let (catalog, mut errors) = rayon::join(
            || {
                catalog_changed
                    .then(|| crate::catalog::catalog(&self.site, &docs, &links, self.urls))
            },
            || crate::render::render_keys(&input, &self.theme.tera, &keys, put),
        );
        if let Some(c) = catalog {
            writes.push(("catalog.json".into(), c));
        }
        // A document page shows its publication's counts only if the theme
        // says so: try one document of each publication whose count changed
        // and, if its page changed, render all of them.
        if structural {
            let pubs: BTreeSet<usize> = touched_issues.iter().map(|&(p, _)| p).collect();
            for pi in pubs {
                let all: Vec<DocIdx> = (0..docs.len()).filter(|&j| locs[j].0 == pi).collect();
                let Some(&probe) = all.iter().find(|j| !doc_pages.contains(j)) else {
                    continue;
                };
                let differs = AtomicUsize::new(0);
                errors.extend(crate::render::render_keys(
                    &input,
                    &self.theme.tera,
                    &[PageKey::Document(probe)],
                    |path, bytes| {
                        if std::fs::read(out.join(path)).ok().as_deref() != Some(bytes) {
                            differs.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(())
                    },
                ));
                if differs.load(Ordering::Relaxed) > 0 {
                    let rest: Vec<PageKey> = all
                        .into_iter()
                        .filter(|j| !doc_pages.contains(j))
                        .map(PageKey::Document)
                        .collect();
                    errors.extend(crate::render::render_keys(
                        &input,
                        &self.theme.tera,
                        &rest,
                        put,
                    ));
                }
            }
        }
        write_all(out, &writes, &written, &mut errors);
        for id in &removed {
            remove_page(out, id);
        }
        for dir in &removed_keys {
            remove_page(out, dir);
        }
        lap("render+write");
        self.links = links;
        if timings {
            let mut last = std::time::Duration::ZERO;
            let parts: Vec<String> = laps
                .iter()
                .map(|(n, t)| {
                    let s = format!("{n} {:.1} ms", (*t - last).as_secs_f64() * 1000.0);
                    last = *t;
                    s
                })
                .collect();
            eprintln!(
                "  {} (re-parsed {}, {} page keys)",
                parts.join(", "),
                reparse.len(),
                keys.len()
            );
        }
        if !errors.is_empty() {
            return Err(Some(errors));
        }
        Ok(Outcome {
            files: n_changes,
            rendered: rendered.load(Ordering::Relaxed),
            written: written.load(Ordering::Relaxed),
            search: n_changes > 0,
        })
    }

    /// Applies an edit of an issue's or a publication's front matter (or
    /// an issue's editor's note). Its citations, relations and document
    /// order are untouched (they depend on neither), so nothing is parsed
    /// again; the pages that show what changed are rendered again:
    ///
    /// - an issue: its table of contents (front matter, note, sections);
    ///   when what lists show of it changed (title, date, year, number,
    ///   cumulative, volume, pdf, extra): home, its publication's page, its
    ///   documents' pages, every issue page of the publication when it is
    ///   or was the latest issue (the publication's view shows that),
    ///   atom.xml and sitemap.xml; when its title changed, the pages of
    ///   documents whose cited-by, status or also-published links name
    ///   its documents (those links show the issue title); when its date or year changed, the issuer and year pages
    ///   of its documents (an undated document is listed by its issue's
    ///   date) and the two indexes of those listings;
    /// - a publication: home, its page, its issues' and documents' pages
    ///   (all show its view); when its title changed, atom.xml and the
    ///   pages of documents that link to its documents.
    ///
    /// An issue date that moves the issue among its publication's issues
    /// (they are kept in date order) renumbers every later document, so
    /// that case falls back to the full build (`Err(None)`), as does a
    /// draft flag.
    fn apply_meta(&mut self, change: Change) -> Result<Outcome, Option<Vec<Diag>>> {
        let t0 = Instant::now();
        let locs = crate::build::doc_locations(&self.site);
        let docs_in = |pi: usize, ii: Option<usize>| -> std::ops::Range<DocIdx> {
            let from = locs.partition_point(|&(p, i, _)| (p, i) < (pi, ii.unwrap_or(0)));
            let to = match ii {
                Some(ii) => locs.partition_point(|&(p, i, _)| (p, i) <= (pi, ii)),
                None => locs.partition_point(|&(p, _, _)| p <= pi),
            };
            from..to
        };
        let mut keys: BTreeSet<PageKey> = BTreeSet::new();
        let mut removed_keys: Vec<String> = Vec::new();
        let mut feeds = false;
        // Documents whose pages link here: they show the changed title.
        let mut linked_to: Option<BTreeSet<DocIdx>> = None;
        match change {
            Change::Issue(pi, ii, mut new) => {
                let issues = &self.site.publications[pi].issues;
                let at = (new.date, &new.slug);
                let stays = (ii == 0 || (issues[ii - 1].date, &issues[ii - 1].slug) < at)
                    && (ii + 1 == issues.len() || at < (issues[ii + 1].date, &issues[ii + 1].slug));
                if !stays {
                    return Err(None);
                }
                let old = &issues[ii];
                let shown_changed = old.title != new.title
                    || old.date != new.date
                    || old.year != new.year
                    || old.number != new.number
                    || old.cumulative != new.cumulative
                    || old.volume != new.volume
                    || old.pdf != new.pdf
                    || old.extra != new.extra;
                let dated = old.date != new.date || old.year != new.year;
                let old_listing_keys = dated.then(|| self.listing_keys());
                let latest = |issues: &[Issue]| {
                    issues
                        .iter()
                        .enumerate()
                        .max_by_key(|(k, i)| (i.date, *k))
                        .map(|(k, _)| k)
                };
                let latest_before = latest(issues);
                new.documents =
                    std::mem::take(&mut self.site.publications[pi].issues[ii].documents);
                let old = std::mem::replace(&mut self.site.publications[pi].issues[ii], new);
                let issues = &self.site.publications[pi].issues;
                let new = &issues[ii];
                if old.body != new.body {
                    if new.body.trim().is_empty() {
                        self.notes.remove(&(pi, ii));
                    } else {
                        let note = crate::parse::parse(&new.body, None).html;
                        self.notes.insert((pi, ii), note);
                    }
                }
                keys.insert(PageKey::Issue(pi, ii));
                let own = docs_in(pi, Some(ii));
                if shown_changed {
                    keys.insert(PageKey::Home);
                    keys.insert(PageKey::Publication(pi));
                    if latest_before == Some(ii) || latest(issues) == Some(ii) {
                        keys.extend((0..issues.len()).map(|k| PageKey::Issue(pi, k)));
                    }
                    keys.extend(own.clone().map(PageKey::Document));
                    feeds = true;
                }
                if old.title != new.title {
                    linked_to = Some(own.clone().collect());
                }
                if dated {
                    keys.insert(PageKey::Issuers);
                    keys.insert(PageKey::Years);
                    for d in &new.documents {
                        keys.extend(d.issuer.iter().cloned().map(PageKey::Issuer));
                        for issue in [&old, new] {
                            keys.insert(PageKey::Year(crate::render::listing_year(issue, d)));
                        }
                    }
                }
                if let Some((old_names, old_years)) = old_listing_keys {
                    let (now_names, now_years) = self.listing_keys();
                    for n in old_names.iter().filter(|n| !now_names.contains(n)) {
                        removed_keys.push(crate::urls::issuer_dir(n));
                    }
                    for y in old_years.iter().filter(|y| !now_years.contains(y)) {
                        removed_keys.push(crate::urls::year_dir(*y));
                    }
                }
            }
            Change::Publication(pi, mut new) => {
                new.issues = std::mem::take(&mut self.site.publications[pi].issues);
                let old = std::mem::replace(&mut self.site.publications[pi], new);
                let p = &self.site.publications[pi];
                keys.insert(PageKey::Home);
                keys.insert(PageKey::Publication(pi));
                keys.extend((0..p.issues.len()).map(|k| PageKey::Issue(pi, k)));
                let own = docs_in(pi, None);
                keys.extend(own.clone().map(PageKey::Document));
                if old.title != p.title {
                    linked_to = Some(own.collect());
                    feeds = true;
                }
            }
            _ => unreachable!("documents are applied by apply"),
        }
        if let Some(targets) = linked_to.filter(|t| !t.is_empty()) {
            let linking: Vec<DocIdx> = self
                .links
                .par_iter()
                .enumerate()
                .filter(|(_, l)| shows_issue_of(l, &targets))
                .map(|(j, _)| j)
                .collect();
            keys.extend(linking.into_iter().map(PageKey::Document));
        }
        let mut writes: Vec<(String, Vec<u8>)> = Vec::new();
        if feeds {
            let (site, urls) = (&self.site, self.urls);
            writes.push((
                "atom.xml".into(),
                crate::feed::atom(site, urls).into_bytes(),
            ));
            writes.extend(
                crate::feed::sitemaps(site, urls)
                    .into_iter()
                    .map(|(p, x)| (p, x.into_bytes())),
            );
        }
        let docs = docs_of(&self.site);
        let input = crate::render::Input {
            site: &self.site,
            docs: &docs,
            locs: &locs,
            parsed: &self.parsed,
            body_html: None,
            issue_notes: &self.notes,
            links: &self.links,
            search_scripts: &self.search_scripts,
            urls: self.urls,
        };
        let out = &self.out;
        let rendered = AtomicUsize::new(0);
        let written = AtomicUsize::new(0);
        let keys: Vec<PageKey> = keys.into_iter().collect();
        let mut errors =
            crate::render::render_keys(&input, &self.theme.tera, &keys, |path, bytes| {
                rendered.fetch_add(1, Ordering::Relaxed);
                if write_if_changed(out, path, bytes)? {
                    written.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            });
        write_all(out, &writes, &written, &mut errors);
        for dir in &removed_keys {
            remove_page(out, dir);
        }
        if std::env::var_os("GAZETTE_SERVE_TIMINGS").is_some() {
            eprintln!(
                "  issue/publication front matter: {} page keys in {:.1} ms",
                keys.len(),
                t0.elapsed().as_secs_f64() * 1000.0
            );
        }
        if !errors.is_empty() {
            return Err(Some(errors));
        }
        Ok(Outcome {
            files: 1,
            rendered: rendered.load(Ordering::Relaxed),
            written: written.load(Ordering::Relaxed),
            // The index shows issue and publication titles and years.
            search: true,
        })
    }

    fn listing_keys(&self) -> (Vec<String>, Vec<u16>) {
        let docs = docs_of(&self.site);
        let locs = crate::build::doc_locations(&self.site);
        let input = crate::render::Input {
            site: &self.site,
            docs: &docs,
            locs: &locs,
            parsed: &[],
            body_html: None,
            issue_notes: &self.notes,
            links: &[],
            search_scripts: &[],
            urls: self.urls,
        };
        crate::render::listing_keys(&input)
    }
}

fn empty_links() -> DocLinks {
    DocLinks {
        cites: Vec::new(),
        cited_by: Vec::new(),
        status: Status::InForce,
        also_published: Vec::new(),
    }
}

/// `l` with its document indexes renumbered; `None` when it names a
/// document that is gone.
fn remap_links(l: &DocLinks, map: &[Option<DocIdx>]) -> Option<DocLinks> {
    let m = |i: DocIdx| map.get(i).copied().flatten();
    let mut cites = Vec::with_capacity(l.cites.len());
    for c in &l.cites {
        let mut c = c.clone();
        if let Some(t) = c.target {
            c.target = Some(m(t)?);
        }
        cites.push(c);
    }
    let cited_by = l
        .cited_by
        .iter()
        .map(|&(s, k)| m(s).map(|s| (s, k)))
        .collect::<Option<Vec<_>>>()?;
    let status = match &l.status {
        Status::InForce => Status::InForce,
        Status::Repealed { by } => Status::Repealed { by: m(*by)? },
        Status::Amended { by } => Status::Amended {
            by: by.iter().map(|&b| m(b)).collect::<Option<Vec<_>>>()?,
        },
    };
    let also_published = l
        .also_published
        .iter()
        .map(|&d| m(d))
        .collect::<Option<Vec<_>>>()?;
    Some(DocLinks {
        cites,
        cited_by,
        status,
        also_published,
    })
}

/// Whether a document's page shows any of `docs` (references, cited-by,
/// status, also published).
fn mentions(l: &DocLinks, docs: &BTreeSet<DocIdx>) -> bool {
    l.cites
        .iter()
        .any(|c| c.target.is_some_and(|t| docs.contains(&t)))
        || l.cited_by.iter().any(|(s, _)| docs.contains(s))
        || match &l.status {
            Status::InForce => false,
            Status::Repealed { by } => docs.contains(by),
            Status::Amended { by } => by.iter().any(|b| docs.contains(b)),
        }
        || l.also_published.iter().any(|d| docs.contains(d))
}

/// Whether a document's page shows the issue and publication of any of
/// `docs`: the links of cited-by, status and also published do
/// (`render::LinkView`); its references show only the targets' own title
/// and number.
fn shows_issue_of(l: &DocLinks, docs: &BTreeSet<DocIdx>) -> bool {
    l.cited_by.iter().any(|(s, _)| docs.contains(s))
        || match &l.status {
            Status::InForce => false,
            Status::Repealed { by } => docs.contains(by),
            Status::Amended { by } => by.iter().any(|b| docs.contains(b)),
        }
        || l.also_published.iter().any(|d| docs.contains(d))
}

/// Removes a page written at `<dir>/index.html`, and its folder when that
/// is left empty.
fn remove_page(out: &Path, dir: &str) {
    let d = out.join(dir);
    let _ = std::fs::remove_file(d.join("index.html"));
    let _ = std::fs::remove_dir(&d);
}

/// Removes the parts of a split sitemap that the sitemap just written
/// no longer has (the site shrank), when `writes` holds the sitemap.
fn remove_stale_sitemap_parts(out: &Path, writes: &[(String, Vec<u8>)]) {
    if !writes.iter().any(|(p, _)| p == "sitemap.xml") {
        return;
    }
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if crate::feed::is_sitemap_part(&name) && !writes.iter().any(|(p, _)| *p == name) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes the files whose bytes changed, counting them in `written`.
fn write_all(
    out: &Path,
    writes: &[(String, Vec<u8>)],
    written: &AtomicUsize,
    errors: &mut Vec<Diag>,
) {
    for (path, bytes) in writes {
        match write_if_changed(out, path, bytes) {
            Ok(true) => {
                written.fetch_add(1, Ordering::Relaxed);
            }
            Ok(false) => {}
            Err(e) => errors.push(Diag::error(format!("cannot write {path}: {e}"))),
        }
    }
    remove_stale_sitemap_parts(out, writes);
}

/// Replaces one output file atomically (write beside it, then rename), so
/// the server never sends a half-written page — only when its bytes
/// changed. Returns whether it wrote.
fn write_if_changed(out: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<bool> {
    let path = out.join(rel);
    if std::fs::read(&path).ok().as_deref() == Some(bytes) {
        return Ok(false);
    }
    write_in_place(out, rel, bytes)?;
    Ok(true)
}

/// Replaces one output file atomically (write beside it, then rename).
fn write_in_place(out: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = out.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_smaller_sitemap_removes_the_parts_it_no_longer_has() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path();
        for name in [
            "sitemap.xml",
            "sitemap-1.xml",
            "sitemap-2.xml",
            "sitemap-3.xml",
            "atom.xml",
        ] {
            std::fs::write(out.join(name), "old").expect("write");
        }
        let left = || {
            let mut v: Vec<String> = std::fs::read_dir(out)
                .expect("read")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        // Writes without a sitemap leave every part alone.
        remove_stale_sitemap_parts(out, &[("atom.xml".into(), Vec::new())]);
        assert_eq!(left().len(), 5);
        let writes = vec![
            ("sitemap.xml".to_string(), Vec::new()),
            ("sitemap-1.xml".to_string(), Vec::new()),
        ];
        remove_stale_sitemap_parts(out, &writes);
        assert_eq!(left(), ["atom.xml", "sitemap-1.xml", "sitemap.xml"]);
    }
}

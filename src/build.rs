//! The build: runs the stages in order and collects their diagnostics.
//!
//! load → parse → link → render → index → write. Each stage is a module
//! with plain inputs and outputs; this file only wires them and times them.
//! Render comes before the index: pages need only the names of the search
//! scripts, and freeing every document's HTML first lowers the build's peak
//! memory. Pages and index files go straight into the staging folder as
//! they are made.

use crate::diag::Diag;
use crate::link::DocLinks;
use crate::model::{DocIdx, Document, Issue, Publication, Site};
use crate::parse::{Linker, Parsed};
use crate::urls::Urls;
use crate::write::Staging;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub out: PathBuf,
    pub base_url: Option<String>,
    pub pretty_urls: bool,
    pub drafts: bool,
    pub progress: bool,
    /// Build even when the no-change cache says the output is up to date.
    pub force: bool,
}

/// What a successful build reports.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub publications: usize,
    pub issues: usize,
    pub documents: usize,
    pub pages: usize,
    pub citations_resolved: usize,
    pub citations_unresolved: usize,
    pub index_bytes: u64,
    /// Each stage's time, and the peak resident memory of the process at its
    /// end (where the platform tells it).
    pub timings: Vec<(&'static str, Duration, Option<u64>)>,
    pub total: Duration,
    pub warnings: Vec<Diag>,
    /// Unresolved citations, once per citing document and canonical text:
    /// (source file of the citing document, canonical text, text as written).
    pub unresolved: Vec<(PathBuf, String, String)>,
    /// Nothing changed since the last build: nothing was done.
    pub up_to_date: bool,
}

impl Summary {
    pub fn line(&self) -> String {
        if self.up_to_date {
            return format!(
                "Up to date: nothing changed since the last build; in {:.2} s",
                self.total.as_secs_f64()
            );
        }
        format!(
            "Built {} publications, {} issues, {} documents: {} pages; citations {} resolved, {} unresolved; search index {}; in {:.2} s",
            self.publications,
            self.issues,
            self.documents,
            self.pages,
            self.citations_resolved,
            self.citations_unresolved,
            human_bytes(self.index_bytes),
            self.total.as_secs_f64()
        )
    }
}

pub fn human_bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1 << 20) as f64)
    } else if n >= 1 << 10 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

struct Clock {
    start: Instant,
    last: Instant,
    timings: Vec<(&'static str, Duration, Option<u64>)>,
}

/// CPU seconds (user + system) this process has used so far (Linux only):
/// unlike wall time, barely moved by the load of other processes.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit(')').next()?;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Peak resident memory of this process so far, in bytes (Linux only).
pub fn peak_memory() -> Option<u64> {
    status_bytes("VmHWM:")
}

/// Hands the heap's free pages back to the kernel. glibc returns memory
/// only from the top of each arena, so what a stage frees in the middle
/// (parse results, texts) stays resident and adds to every later stage's
/// peak; `malloc_trim` releases the free pages wherever they are.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim takes no pointer and may run at any time,
        // from any thread; it only releases pages no allocation uses.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Resident memory of this process now, in bytes (Linux only).
pub fn memory() -> Option<u64> {
    status_bytes("VmRSS:")
}

fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = status.lines().find_map(|l| l.strip_prefix(field))?;
    kb.trim()
        .trim_end_matches("kB")
        .trim()
        .parse::<u64>()
        .ok()
        .map(|k| k * 1024)
}

/// A line of `GAZETTE_SEARCH_STATS` output: seconds since `since`, what
/// was done, and the process's memory and CPU time then.
pub fn stats_line(since: Instant, what: &str) -> String {
    let mb = |b: Option<u64>| b.unwrap_or(0) >> 20;
    format!(
        "{:>8.3}s {what} (now {} MB, peak {} MB, cpu {:.2} s)",
        since.elapsed().as_secs_f64(),
        mb(memory()),
        mb(peak_memory()),
        cpu_seconds().unwrap_or(0.0)
    )
}

impl Clock {
    fn new() -> Clock {
        let now = Instant::now();
        Clock {
            start: now,
            last: now,
            timings: Vec::new(),
        }
    }
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.last, peak_memory()));
        self.last = now;
    }
}

/// Builds the site. On error, the previous output is untouched and every
/// error found is returned.
pub fn build(opts: &Options) -> Result<Summary, Vec<Diag>> {
    let start = Instant::now();
    let options = format!(
        "{:?} {:?} {:?} {} {}",
        opts.root, opts.out, opts.base_url, opts.pretty_urls, opts.drafts
    );
    let inputs = crate::cache::inputs(&opts.root, &options);
    if !opts.force && crate::cache::up_to_date(&opts.out, &inputs) {
        return Ok(Summary {
            up_to_date: true,
            total: start.elapsed(),
            ..Summary::default()
        });
    }
    crate::cache::forget(&opts.out);
    let (summary, _, written) = run(opts, true, false)?;
    crate::cache::record(&opts.out, &inputs, &written);
    Ok(summary)
}

/// What the stages of a build computed, kept for `gazette serve` so that
/// its first incremental rebuild needs no second pass over the sources.
pub struct Kept {
    /// The loaded site; document bodies are in `bodies`.
    pub site: Site,
    pub theme: crate::theme::Theme,
    /// Markdown body of every document, by `DocIdx`.
    pub bodies: Vec<String>,
    /// Parse of every document, `citations` moved out to `citations`.
    pub parsed: Vec<Parsed>,
    /// Title citations then body citations of every document.
    pub citations: Vec<Vec<crate::cite::Citation>>,
    pub known: crate::cite::Known,
    pub issue_notes: BTreeMap<(usize, usize), String>,
    pub links: Vec<crate::link::DocLinks>,
    pub search_scripts: Vec<String>,
    /// Every search file written: (output path, bytes).
    pub search_files: Vec<(String, Vec<u8>)>,
    /// What updates the search index after an edit.
    pub search_state: Option<crate::search::update::State>,
}

/// [`build`], also returning what its stages computed. Same output.
pub fn build_keeping(opts: &Options) -> Result<(Summary, Kept), Vec<Diag>> {
    run(opts, true, true).map(|(s, k, _)| (s, k.expect("kept")))
}

/// Runs every stage, rendering every page, but writes nothing (`opts.out`
/// is ignored): what `gazette check` validates.
pub fn validate(opts: &Options) -> Result<Summary, Vec<Diag>> {
    run(opts, false, false).map(|(s, _, _)| s)
}

/// What [`run`] gives: the summary, what the stages computed (when kept),
/// and every file written (path relative to the output, bytes).
type Ran = (Summary, Option<Kept>, Vec<(String, u64)>);

fn run(opts: &Options, write: bool, keep: bool) -> Result<Ran, Vec<Diag>> {
    let mut clock = Clock::new();

    // 1. load
    // Errors in gazette.yaml do not stop the loading of content/: every
    // error of the build is reported in one run.
    let (mut config, config_errors) = match crate::config::load(&opts.root) {
        Ok(c) => (c, Vec::new()),
        Err(d) => (crate::config::fallback(), d),
    };
    if let Some(b) = &opts.base_url {
        config.base_url = b.trim_end_matches('/').to_string();
    }
    config.pretty_urls |= opts.pretty_urls;
    let theme = crate::theme::load(&opts.root, &config.theme);
    let loaded = crate::load::load_with_config(
        &opts.root,
        config,
        &crate::load::Options {
            drafts: opts.drafts,
        },
    );
    let (mut site, mut warnings, theme) = match (loaded, theme) {
        (Ok((site, w)), Ok(theme)) if config_errors.is_empty() => (site, w, theme),
        (loaded, theme) => {
            // With a broken gazette.yaml the theme named there is unknown,
            // so theme errors would be guesses.
            let config_ok = config_errors.is_empty();
            let mut all = config_errors;
            all.extend(loaded.err().unwrap_or_default());
            if config_ok {
                all.extend(theme.err().unwrap_or_default());
            }
            return Err(all);
        }
    };
    if site.config.base_url.is_empty() {
        warnings.push(
            Diag::warning("base_url is not set: atom.xml and sitemap.xml will hold relative URLs, which feed readers and crawlers reject")
                .in_file(std::path::Path::new("gazette.yaml"))
                .help("add `base_url: https://…` to gazette.yaml or pass --base-url; the pages themselves never need it"),
        );
    }
    let urls = Urls {
        pretty: site.config.pretty_urls,
    };
    clock.lap("load");

    // 2. parse (Markdown + citation recognition)
    let mut bodies = take_bodies(&mut site);
    let docs: Vec<(&Publication, &Issue, &Document)> = site.documents().collect();
    let refs = doc_refs(&docs);
    let known = crate::cite::Known::new(&refs);
    let parser = DocParser::new(&docs, &known, urls);
    // A build that keeps nothing makes each page's HTML at render time from
    // the body read again, rather than hold every document's HTML; serve
    // keeps the HTML for its incremental rebuilds.
    let (mut parsed, body_hashes) = parse_all(&docs, &parser, &mut bodies, keep);
    let issue_notes = parse_issue_notes(&site);
    let kept_bodies = if keep { bodies } else { Vec::new() };
    clock.lap("parse");

    let locs = doc_locations(&site);

    // 3. link
    let citations: Vec<Vec<crate::cite::Citation>> = parsed
        .par_iter_mut()
        .enumerate()
        .map(|(i, p)| {
            // Title citations first: link::build reads them in that order.
            let mut c = crate::cite::scan_title(&known, i, &docs[i].2.title);
            c.append(&mut p.citations);
            c
        })
        .collect();
    let front_matter: Vec<&[crate::model::Relation]> = docs
        .iter()
        .map(|(_, _, d)| d.relations.as_slice())
        .collect();
    let mut links = crate::link::build(&known, &refs, &front_matter, &citations);
    drop(front_matter);
    let kept_citations = if keep { citations } else { Vec::new() };
    let (resolved, unresolved) = links
        .iter()
        .flat_map(|r| &r.cites)
        .fold((0, 0), |(r, u), c| {
            if c.target.is_some() {
                (r + 1, u)
            } else {
                (r, u + 1)
            }
        });
    let unresolved_list = links
        .iter()
        .zip(&docs)
        .flat_map(|(l, (_, _, d))| {
            l.cites
                .iter()
                .filter(|c| c.target.is_none())
                .map(|c| (d.source.clone(), c.canonical.clone(), c.text.clone()))
        })
        .collect();
    clock.lap("link");

    // The staging folder is made before the index, which writes its files
    // into it as it makes them.
    let staging = if write {
        Some(Staging::new(&opts.root, &opts.out).map_err(|d| vec![d])?)
    } else {
        None
    };
    let put = |rel: &str, bytes: &[u8]| match &staging {
        Some(s) => s.write(rel, bytes),
        None => Ok(()),
    };

    // The engine loads its shards and text chunks itself, on demand.
    let search_scripts: Vec<String> = if site.config.search {
        vec![
            "search/gazette-search.js".into(),
            "search/gazette-search-ui.js".into(),
        ]
    } else {
        Vec::new()
    };

    // 4. render, writing each page as it is rendered (a document's HTML
    // made here, unless kept from parse). Before the index: pages need
    // only the names of its scripts, and what render alone reads is freed
    // before the index needs the memory.
    let pages = AtomicUsize::new(0);
    let bar = progress_bar(opts.progress, docs.len() as u64);
    let reparse = |di: DocIdx| {
        html_again(
            &opts.root,
            &parser,
            docs[di].2,
            di,
            &parsed[di],
            body_hashes[di],
        )
    };
    let input = crate::render::Input {
        site: &site,
        docs: &docs,
        locs: &locs,
        parsed: &parsed,
        body_html: (!keep).then_some(&reparse as &(dyn Fn(DocIdx) -> Result<String, Diag> + Sync)),
        issue_notes: &issue_notes,
        links: &links,
        search_scripts: &search_scripts,
        urls,
    };
    // The feeds and the catalog are made by one thread while the others
    // render: made after render, they kept the other cores idle (1.2 s of
    // wall at 100,000 documents, where the catalog is 207 MB, streamed to
    // its file rather than held).
    let (mut errors, feed_errors) = rayon::join(
        || {
            crate::render::render_all(&input, &theme.tera, |path, bytes| {
                pages.fetch_add(1, Ordering::Relaxed);
                bar.inc(1);
                put(path, bytes)
            })
        },
        || match &staging {
            Some(staging) => write_feeds(staging, &site, &docs, &links, urls),
            None => Vec::new(),
        },
    );
    bar.finish_and_clear();
    errors.extend(feed_errors);
    clock.lap("render");

    // 5. index, its files written as they are made
    let write_errors = std::sync::Mutex::new(Vec::new());
    let sink = |rel: &str, bytes: &[u8]| {
        if let Err(e) = put(rel, bytes) {
            let d = Diag::error(format!("cannot write {rel}: {e}"));
            write_errors
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(d);
        }
    };
    let mut index_bytes = 0u64;
    let (search_files, search_state) = if !site.config.search {
        (Vec::new(), None)
    } else if keep {
        let (files, state) = crate::search::build_index_kept(search_docs(&docs, &parsed, urls));
        (files, Some(state))
    } else {
        let search_docs = search_docs_taking(&docs, &mut parsed, urls);
        // Read for the last time (the summary's counts were taken at link):
        // freed before the index needs the memory.
        parsed = Vec::new();
        links = Vec::new();
        index_bytes = crate::search::build_index_into(search_docs, &sink);
        (Vec::new(), None)
    };
    errors.extend(write_errors.into_inner().unwrap_or_else(|e| e.into_inner()));
    clock.lap("index");

    // 6. write the rest, then swap
    let mut extra: Vec<(String, Vec<u8>)> = Vec::new();
    for (rel, src) in &theme.static_files {
        match src.read() {
            Ok(b) => extra.push((rel.clone(), b)),
            Err(e) => errors.push(Diag::error(format!("cannot read static file {rel}: {e}"))),
        }
    }
    match crate::highlight::css(&site.config.highlight_theme) {
        Some(css) => extra.push(("syntax.css".into(), css.into_bytes())),
        None => errors.push(
            Diag::error(format!(
                "unknown highlight_theme `{}`",
                site.config.highlight_theme
            ))
            .in_file(std::path::Path::new("gazette.yaml"))
            .help(format!(
                "choose one of: {}",
                crate::highlight::theme_names().join(", ")
            )),
        ),
    }
    let mut kept_search = Vec::new();
    for (rel, bytes) in search_files {
        index_bytes += bytes.len() as u64;
        if keep {
            kept_search.push((rel.clone(), bytes.clone()));
        }
        extra.push((rel, bytes));
    }
    errors.extend(
        extra
            .par_iter()
            .filter_map(|(rel, bytes)| {
                put(rel, bytes)
                    .err()
                    .map(|e| Diag::error(format!("cannot write {rel}: {e}")))
            })
            .collect::<Vec<_>>(),
    );
    if let Some(staging) = &staging {
        errors.extend(copy_assets(&site, staging));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut written = Vec::new();
    if let Some(staging) = staging {
        written = staging.commit().map_err(|d| vec![d])?;
    }
    clock.lap("write");

    let summary = Summary {
        publications: site.publications.len(),
        issues: site.publications.iter().map(|p| p.issues.len()).sum(),
        documents: docs.len(),
        pages: pages.load(Ordering::Relaxed),
        citations_resolved: resolved,
        citations_unresolved: unresolved,
        index_bytes,
        total: clock.start.elapsed(),
        timings: clock.timings,
        warnings,
        unresolved: unresolved_list,
        up_to_date: false,
    };
    drop(refs);
    drop(docs);
    let kept = keep.then(|| Kept {
        site,
        theme,
        bodies: kept_bodies,
        parsed,
        citations: kept_citations,
        known,
        issue_notes,
        links,
        search_scripts,
        search_files: kept_search,
        search_state,
    });
    Ok((summary, kept, written))
}

/// atom.xml, sitemap.xml and catalog.json.
fn write_feeds(
    staging: &Staging,
    site: &Site,
    docs: &[(&Publication, &Issue, &Document)],
    links: &[DocLinks],
    urls: Urls,
) -> Vec<Diag> {
    let mut errors = Vec::new();
    let mut check = |rel: &str, r: std::io::Result<()>| {
        if let Err(e) = r {
            errors.push(Diag::error(format!("cannot write {rel}: {e}")));
        }
    };
    check(
        "atom.xml",
        staging.write("atom.xml", crate::feed::atom(site, urls).as_bytes()),
    );
    for (rel, xml) in crate::feed::sitemaps(site, urls) {
        check(&rel, staging.write(&rel, xml.as_bytes()));
    }
    check(
        "catalog.json",
        staging.write_with("catalog.json", |w| {
            crate::catalog::write(site, docs, links, urls, w)
        }),
    );
    errors
}

fn progress_bar(show: bool, len: u64) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} rendering {pos}/{len} pages {wide_bar} {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Bodies move out of the model once parsed, so the Markdown and its HTML
/// are not both held for the rest of the build.
pub fn take_bodies(site: &mut Site) -> Vec<String> {
    site.publications
        .iter_mut()
        .flat_map(|p| p.issues.iter_mut())
        .flat_map(|i| i.documents.iter_mut())
        .map(|d| std::mem::take(&mut d.body))
        .collect()
}

pub fn doc_locations(site: &Site) -> Vec<(usize, usize, usize)> {
    site.publications
        .iter()
        .enumerate()
        .flat_map(|(pi, p)| {
            p.issues
                .iter()
                .enumerate()
                .flat_map(move |(ii, i)| (0..i.documents.len()).map(move |k| (pi, ii, k)))
        })
        .collect()
}

/// What the citation resolver knows of each document.
pub fn doc_refs<'a>(
    docs: &[(&'a Publication, &'a Issue, &'a Document)],
) -> Vec<crate::cite::DocRef<'a>> {
    docs.iter()
        .enumerate()
        .map(|(idx, (p, _, d))| crate::cite::DocRef {
            idx,
            title: &d.title,
            doc_number: d.doc_number.as_deref(),
            date: d.date,
            publication: &p.slug,
        })
        .collect()
}

/// What makes a document's citations into links: the same for the
/// parse of every document and for its HTML made again at render time.
pub struct DocParser<'a> {
    known: &'a crate::cite::Known,
    targets: Vec<String>,
    root: String,
    urls: Urls,
}

impl<'a> DocParser<'a> {
    pub fn new(
        docs: &[(&Publication, &Issue, &Document)],
        known: &'a crate::cite::Known,
        urls: Urls,
    ) -> Self {
        DocParser {
            known,
            targets: docs.iter().map(|(_, _, d)| format!("{}/", d.id)).collect(),
            root: crate::urls::root_prefix(3),
            urls,
        }
    }

    fn linker(&self, idx: DocIdx, doc: &Document) -> Linker<'_> {
        Linker {
            scanner: crate::cite::Scanner::new(self.known, idx, &doc.title),
            self_idx: idx,
            targets: &self.targets,
            root: &self.root,
            suffix: self.urls.suffix(),
        }
    }

    /// Parses document `idx` (`doc`, its Markdown `body`), with its HTML
    /// when `html`.
    pub fn parse(&self, idx: DocIdx, doc: &Document, body: &str, html: bool) -> Parsed {
        let mut linker = self.linker(idx, doc);
        if html {
            crate::parse::parse(body, Some(&mut linker))
        } else {
            crate::parse::parse_without_html(body, Some(&mut linker))
        }
    }

    /// The HTML of document `idx` from the same `body`, given `first`, what
    /// `parse(idx, doc, body, false)` made of it.
    pub fn html_again(&self, idx: DocIdx, doc: &Document, body: &str, first: &Parsed) -> String {
        crate::parse::html_again(body, Some(&mut self.linker(idx, doc)), first)
    }
}

/// Parses every document, with its HTML when `html`; without, each body is
/// freed once parsed (all bodies are 1.5 GB at 100,000 documents), and its
/// hash (`body_hash`) is kept, by `DocIdx`, so that the body read again at
/// render time can be checked.
pub fn parse_all(
    docs: &[(&Publication, &Issue, &Document)],
    parser: &DocParser<'_>,
    bodies: &mut [String],
    html: bool,
) -> (Vec<Parsed>, Vec<u64>) {
    docs.par_iter()
        .zip(bodies.par_iter_mut())
        .enumerate()
        .map(|(idx, ((_, _, d), body))| {
            let parsed = parser.parse(idx, d, body, html);
            let hash = if html { 0 } else { body_hash(body) };
            if !html {
                *body = String::new();
            }
            (parsed, hash)
        })
        .unzip()
}

/// The body HTML of document `di` (`doc`, parsed without HTML as `first`),
/// from its file read again; an error if the file no longer holds the body
/// that was parsed (`hash`).
pub fn html_again(
    root: &std::path::Path,
    parser: &DocParser<'_>,
    doc: &Document,
    di: DocIdx,
    first: &Parsed,
    hash: u64,
) -> Result<String, Diag> {
    let body = crate::load::reread_body(root, &doc.source)?;
    if body_hash(&body) != hash {
        return Err(
            Diag::error("the file changed while the site was being built")
                .in_file(&doc.source)
                .help("build again: the output was left as it was"),
        );
    }
    Ok(parser.html_again(di, doc, &body, first))
}

/// A fast 64-bit hash of a document body: whether the file read again at
/// render time still holds what was parsed (not a defence against anyone).
pub fn body_hash(s: &str) -> u64 {
    let mut h = s.len() as u64;
    let mut words = s.as_bytes().chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        h = (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    for &b in words.remainder() {
        h = (h.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h
}

pub fn parse_issue_notes(site: &Site) -> BTreeMap<(usize, usize), String> {
    site.publications
        .iter()
        .enumerate()
        .flat_map(|(pi, p)| {
            p.issues
                .iter()
                .enumerate()
                .map(move |(ii, i)| ((pi, ii), i))
        })
        .filter(|(_, i)| !i.body.trim().is_empty())
        .map(|(k, i)| (k, crate::parse::parse(&i.body, None).html))
        .collect()
}

pub fn search_docs(
    docs: &[(&Publication, &Issue, &Document)],
    parsed: &[Parsed],
    urls: Urls,
) -> Vec<crate::search::SearchDoc> {
    search_docs_with(docs, parsed.iter().map(|p| p.text.clone()), urls)
}

/// [`search_docs`], moving the texts out of `parsed`: a full build needs
/// them for the index only, and a copy of every text is 150 MB at 10,000
/// documents.
fn search_docs_taking(
    docs: &[(&Publication, &Issue, &Document)],
    parsed: &mut [Parsed],
    urls: Urls,
) -> Vec<crate::search::SearchDoc> {
    search_docs_with(
        docs,
        parsed.iter_mut().map(|p| std::mem::take(&mut p.text)),
        urls,
    )
}

fn search_docs_with(
    docs: &[(&Publication, &Issue, &Document)],
    texts: impl Iterator<Item = String>,
    urls: Urls,
) -> Vec<crate::search::SearchDoc> {
    docs.iter()
        .zip(texts)
        .map(|((p, i, d), text)| crate::search::SearchDoc {
            url: urls.dir(&d.id),
            title: d.title.clone(),
            doc_number: d.doc_number.clone(),
            issuer: d.issuer.clone(),
            date: d.date.map(|x| x.to_string()),
            publication: p.slug.clone(),
            publication_title: p.title.clone(),
            issue: i.title.clone(),
            year: Some(crate::render::listing_year(i, d)),
            text,
        })
        .collect()
}

fn copy_assets(site: &Site, staging: &Staging) -> Vec<Diag> {
    site.assets
        .par_iter()
        .filter_map(|rel| {
            let from = site.root.join("content").join(rel);
            let rel = rel.to_string_lossy().replace('\\', "/");
            staging
                .copy(&rel, &from)
                .err()
                .map(|e| Diag::error(format!("cannot copy {}: {e}", from.display())))
        })
        .collect()
}

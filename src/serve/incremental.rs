//! Rebuilding only what an edit affects.
//!
//! After a full build, the server keeps the loaded site, the theme, every
//! document's parse (HTML, text, citations) and the citation relations. When
//! a change touches only the *bodies* of existing documents (front matter
//! byte-identical, no file added or removed, nothing outside content/), it:
//!
//! 1. re-parses just those documents;
//! 2. recomputes the relations (cheap) and finds every document whose
//!    references, cited-by list or status changed;
//! 3. re-renders the pages of those documents and of their issues;
//! 4. rebuilds the search index and writes only the files that changed,
//!    and rewrites catalog.json.
//!
//! Anything else (front matter, new or deleted files, templates, static
//! files, gazette.yaml) falls back to a full build.

use crate::build::Options;
use crate::cite::Citation;
use crate::diag::Diag;
use crate::link::DocLinks;
use crate::model::{Document, Issue, Publication, Site};
use crate::parse::{Linker, Parsed};
use crate::urls::Urls;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

pub struct Session {
    root: PathBuf,
    out: PathBuf,
    site: Site,
    theme: crate::theme::Theme,
    urls: Urls,
    parsed: Vec<Parsed>,
    notes: BTreeMap<(usize, usize), String>,
    /// The site's numbers and titles: a body edit does not change them.
    known: crate::cite::Known,
    /// Output paths of every document, by index.
    targets: Vec<String>,
    /// Title citations then body citations of every document.
    citations: Vec<Vec<Citation>>,
    links: Vec<DocLinks>,
    search_scripts: Vec<String>,
    /// Hash of every search file written, by output path.
    search_hashes: HashMap<String, u64>,
    /// Document source (relative to the root) → (index, front matter text).
    sources: HashMap<PathBuf, (usize, String)>,
}

/// What an incremental rebuild did.
pub struct Outcome {
    pub documents: usize,
    pub pages: usize,
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn front_matter(src: &str, shown: &Path) -> Option<(String, String)> {
    let split = crate::frontmatter::split(src, shown).ok()??;
    Some((split.yaml.to_string(), split.body.to_string()))
}

fn docs_of(site: &Site) -> Vec<(&Publication, &Issue, &Document)> {
    site.documents().collect()
}

impl Session {
    /// The state of the site as the last full build saw it (the sources are
    /// read again; the build itself has already written the output).
    pub fn new(opts: &Options) -> Result<Session, Vec<Diag>> {
        let config = crate::config::load(&opts.root)?;
        let theme = crate::theme::load(&opts.root, &config.theme)?;
        let (mut site, _) = crate::load::load_with_config(
            &opts.root,
            config,
            &crate::load::Options {
                drafts: opts.drafts,
            },
        )?;
        let urls = Urls {
            pretty: site.config.pretty_urls,
        };
        let mut sources = HashMap::new();
        for (i, (_, _, d)) in site.documents().enumerate() {
            let src = std::fs::read_to_string(opts.root.join(&d.source)).unwrap_or_default();
            let (yaml, _) = front_matter(&src, &d.source).unwrap_or_default();
            sources.insert(d.source.clone(), (i, yaml));
        }
        let bodies = crate::build::take_bodies(&mut site);
        let docs = docs_of(&site);
        let refs = crate::build::doc_refs(&docs);
        let known = crate::cite::Known::new(&refs);
        let mut parsed = crate::build::parse_all(&docs, &known, &bodies, urls);
        drop(bodies);
        let notes = crate::build::parse_issue_notes(&site);
        let citations: Vec<Vec<Citation>> = parsed
            .iter_mut()
            .enumerate()
            .map(|(i, p)| {
                let mut c = crate::cite::scan_title(&known, i, &docs[i].2.title);
                c.append(&mut p.citations);
                c
            })
            .collect();
        let links = link_all(&known, &refs, &docs, &citations);
        let targets = docs.iter().map(|(_, _, d)| format!("{}/", d.id)).collect();
        let (search_scripts, search_hashes) = if site.config.search {
            let files =
                crate::search::build_index(&crate::build::search_docs(&docs, &parsed, urls));
            scripts_and_hashes(&files)
        } else {
            (Vec::new(), HashMap::new())
        };
        Ok(Session {
            root: opts.root.clone(),
            out: opts.out.clone(),
            site,
            theme,
            urls,
            parsed,
            notes,
            known,
            targets,
            citations,
            links,
            search_scripts,
            search_hashes,
            sources,
        })
    }

    /// Rebuilds after `changed` (absolute paths under `abs_root`), or
    /// returns `None` when only a full build can.
    pub fn update(
        &mut self,
        abs_root: &Path,
        changed: &[PathBuf],
    ) -> Option<Result<Outcome, Vec<Diag>>> {
        // 1. Every change must be the body of a known document.
        let mut edits: Vec<(usize, String)> = Vec::new();
        for p in changed {
            let rel = p.strip_prefix(abs_root).ok()?.to_path_buf();
            let (idx, yaml) = self.sources.get(&rel)?;
            let bytes = std::fs::read(self.root.join(&rel)).ok()?;
            let src = crate::load::decode(&bytes, &rel).ok()?;
            let (new_yaml, body) = front_matter(&src, &rel)?;
            if &new_yaml != yaml {
                return None;
            }
            edits.push((*idx, body));
        }
        if edits.is_empty() {
            return None;
        }

        // 2. Re-parse those documents.
        let docs = docs_of(&self.site);
        let refs = crate::build::doc_refs(&docs);
        let known = &self.known;
        let targets = &self.targets;
        let timings = std::env::var_os("GAZETTE_SERVE_TIMINGS").is_some();
        let t0 = std::time::Instant::now();
        let root_prefix = crate::urls::root_prefix(3);
        for (idx, body) in &edits {
            let d = docs[*idx].2;
            let mut linker = Linker {
                scanner: crate::cite::Scanner::new(known, *idx, &d.title),
                self_idx: *idx,
                targets,
                root: &root_prefix,
                suffix: self.urls.suffix(),
            };
            let mut parsed = crate::parse::parse(body, Some(&mut linker));
            let mut c = crate::cite::scan_title(known, *idx, &d.title);
            c.append(&mut parsed.citations);
            self.citations[*idx] = c;
            self.parsed[*idx] = parsed;
        }

        // 3. Relations, and the documents whose relations changed.
        let t_parse = t0.elapsed();
        let links = link_all(known, &refs, &docs, &self.citations);
        let t_link = t0.elapsed();
        let mut affected: Vec<usize> = edits.iter().map(|(i, _)| *i).collect();
        let mut relations_changed = false;
        for (i, (old, new)) in self.links.iter().zip(&links).enumerate() {
            if old != new {
                affected.push(i);
                relations_changed = true;
            }
        }
        affected.sort_unstable();
        affected.dedup();
        let locs = crate::build::doc_locations(&self.site);
        let mut issues: Vec<(usize, usize)> =
            affected.iter().map(|&i| (locs[i].0, locs[i].1)).collect();
        issues.sort_unstable();
        issues.dedup();

        // 4. Search index: only the files whose bytes changed.
        let mut writes: Vec<(String, Vec<u8>)> = Vec::new();
        // (An index that was empty at the full build stays empty.)
        if self.site.config.search && !self.search_hashes.is_empty() {
            let files = crate::search::build_index(&crate::build::search_docs(
                &docs,
                &self.parsed,
                self.urls,
            ));
            let (scripts, hashes) = scripts_and_hashes(&files);
            if scripts != self.search_scripts {
                // The pages list the index scripts: everything must change.
                return None;
            }
            for (path, bytes) in files {
                if self.search_hashes.get(&path) != hashes.get(&path) {
                    writes.push((path, bytes));
                }
            }
            self.search_hashes = hashes;
        }
        // catalog.json holds metadata and citations, not text.
        if relations_changed {
            writes.push((
                "catalog.json".into(),
                crate::catalog::catalog(&self.site, &docs, &links, self.urls),
            ));
        }

        let t_index = t0.elapsed();
        // 5. Pages.
        let subset = crate::render::Subset {
            documents: affected.clone(),
            issues: issues.clone(),
        };
        let input = crate::render::Input {
            site: &self.site,
            docs: &docs,
            locs: &locs,
            parsed: &self.parsed,
            issue_notes: &self.notes,
            links: &links,
            search_scripts: &self.search_scripts,
            urls: self.urls,
        };
        let out = &self.out;
        let mut errors =
            crate::render::render_some(&input, &self.theme.tera, &subset, |path, bytes| {
                write_in_place(out, path, bytes)
            });
        for (path, bytes) in &writes {
            if let Err(e) = write_in_place(out, path, bytes) {
                errors.push(Diag::error(format!("cannot write {path}: {e}")));
            }
        }
        if timings {
            eprintln!(
                "  parse {:?}, link {:?}, index+catalog {:?}, render+write {:?}",
                t_parse,
                t_link - t_parse,
                t_index - t_link,
                t0.elapsed() - t_index
            );
        }
        self.links = links;
        if !errors.is_empty() {
            return Some(Err(errors));
        }
        Some(Ok(Outcome {
            documents: edits.len(),
            pages: affected.len() + issues.len(),
        }))
    }
}

fn link_all(
    known: &crate::cite::Known,
    refs: &[crate::cite::DocRef<'_>],
    docs: &[(&Publication, &Issue, &Document)],
    citations: &[Vec<Citation>],
) -> Vec<DocLinks> {
    let front_matter: Vec<&[crate::model::Relation]> = docs
        .iter()
        .map(|(_, _, d)| d.relations.as_slice())
        .collect();
    crate::link::build(known, refs, &front_matter, citations)
}

fn scripts_and_hashes(files: &[(String, Vec<u8>)]) -> (Vec<String>, HashMap<String, u64>) {
    // Same selection as the build: the index's entry scripts.
    let scripts = files
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| p.ends_with(".js") && !p.contains("/shards/") && !p.contains("/text/"))
        .collect();
    let hashes = files.iter().map(|(p, b)| (p.clone(), hash(b))).collect();
    (scripts, hashes)
}

/// Replaces one output file atomically (write beside it, then rename), so
/// the server never sends a half-written page.
fn write_in_place(out: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = out.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path)
}

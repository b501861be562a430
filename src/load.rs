//! Stage 1: read gazette.yaml and content/ into the plain [`Site`] model.
//!
//! Every file is read and validated (in parallel); all problems are
//! collected and returned together rather than stopping at the first.

use crate::diag::Diag;
use crate::frontmatter::{self, Fields};
use crate::model::{Config, Document, Issue, Publication, Relation, RelationType, Site};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub const PUBLICATION_KEYS: &[&str] = &[
    "title",
    "short_title",
    "publisher",
    "frequency",
    "description",
    "extra",
];
pub const ISSUE_KEYS: &[&str] = &[
    "title",
    "date",
    "year",
    "number",
    "cumulative",
    "volume",
    "pdf",
    "sections",
    "extra",
    "draft",
];
pub const DOCUMENT_KEYS: &[&str] = &[
    "title",
    "doc_number",
    "issuer",
    "date",
    "section",
    "order",
    "page",
    "tags",
    "relations",
    "draft",
    "extra",
];

/// Names at the top of the output that the build writes itself; a
/// publication folder of the same name would overwrite them (or be
/// overwritten, depending on which thread writes last).
pub const RESERVED: &[&str] = &[
    "search",
    "issuers",
    "years",
    "index.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "catalog.json",
    "style.css",
    "syntax.css",
    "gazette.js",
];

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub drafts: bool,
}

/// Loads the site at `root`. `Err` holds every error found; warnings are
/// returned alongside a successful load.
pub fn load(root: &Path, opts: &Options) -> Result<(Site, Vec<Diag>), Vec<Diag>> {
    let config = crate::config::load(root)?;
    load_with_config(root, config, opts)
}

pub fn load_with_config(
    root: &Path,
    config: Config,
    opts: &Options,
) -> Result<(Site, Vec<Diag>), Vec<Diag>> {
    let content = root.join("content");
    let mut diags = Vec::new();
    if !content.is_dir() {
        return Err(vec![Diag::error(format!(
            "no content/ folder in {}",
            root.display()
        ))
        .help("create content/<publication>/<issue>/<document>.md, or run `gazette new publication <slug>`")]);
    }

    let tree = walk(&content, &mut diags);
    check_assets(&tree, &mut diags);

    let publications: Vec<(Option<Publication>, Vec<Diag>)> = tree
        .pubs
        .into_par_iter()
        .map(|(slug, p)| load_publication(root, &slug, p, opts))
        .collect();
    let mut pubs = Vec::new();
    for (p, d) in publications {
        diags.extend(d);
        pubs.extend(p);
    }

    check_duplicate_numbers(root, &pubs, &mut diags);

    let site = Site {
        root: root.to_path_buf(),
        config,
        publications: pubs,
        assets: tree.assets,
    };
    if diags.iter().any(Diag::is_error) {
        crate::diag::sort(&mut diags);
        Err(diags)
    } else {
        Ok((site, diags))
    }
}

/// The files of content/, grouped by publication and issue slug.
#[derive(Default)]
struct Tree {
    pubs: BTreeMap<String, PubFiles>,
    assets: Vec<PathBuf>,
}

#[derive(Default)]
struct PubFiles {
    dir: PathBuf,
    meta: Option<PathBuf>,
    issues: BTreeMap<String, IssueFiles>,
}

#[derive(Default)]
struct IssueFiles {
    dir: PathBuf,
    meta: Option<PathBuf>,
    docs: Vec<PathBuf>,
}

fn walk(content: &Path, diags: &mut Vec<Diag>) -> Tree {
    let mut tree = Tree::default();
    let walker = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diag::error(format!("cannot read content/: {e}")));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(content).unwrap_or(entry.path());
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.is_empty() {
            continue;
        }
        let file_name = &parts[parts.len() - 1];
        let is_dir = entry.file_type().is_dir();
        let shown = Path::new("content").join(rel);
        if is_dir {
            if parts.len() <= 2 {
                check_slug(file_name, &shown, diags);
            }
            if parts.len() == 1 && RESERVED.contains(&file_name.as_str()) {
                diags.push(
                    Diag::error(format!(
                        "publication slug `{file_name}` is reserved: the site's own `{file_name}` is written there"
                    ))
                    .in_file(&shown)
                    .help(format!(
                        "rename the folder, e.g. to `{file_name}-pub`; reserved names: {}",
                        RESERVED.join(", ")
                    )),
                );
            }
            match parts.len() {
                1 => {
                    tree.pubs.entry(parts[0].clone()).or_default().dir = shown;
                }
                2 => {
                    let p = tree.pubs.entry(parts[0].clone()).or_default();
                    p.issues.entry(parts[1].clone()).or_default().dir = shown;
                }
                _ => {}
            }
            continue;
        }
        let is_md = file_name.ends_with(".md");
        match (parts.len(), is_md) {
            (2, true) if file_name == "_publication.md" => {
                tree.pubs.entry(parts[0].clone()).or_default().meta = Some(shown);
            }
            (3, true) if file_name == "_issue.md" => {
                let p = tree.pubs.entry(parts[0].clone()).or_default();
                p.issues.entry(parts[1].clone()).or_default().meta = Some(shown);
            }
            (3, true) => {
                let stem = file_name.trim_end_matches(".md");
                check_slug(stem, &shown, diags);
                let p = tree.pubs.entry(parts[0].clone()).or_default();
                p.issues.entry(parts[1].clone()).or_default().docs.push(shown);
            }
            (_, true) => diags.push(
                Diag::error("Markdown file in the wrong place")
                    .in_file(&shown)
                    .help("documents go in content/<publication>/<issue>/<document>.md; a publication is described by content/<publication>/_publication.md and an issue by content/<publication>/<issue>/_issue.md"),
            ),
            (_, false) => tree.assets.push(rel.to_path_buf()),
        }
    }
    tree
}

/// Files of content/ are copied to the same place in the output; one that
/// lands on a generated page would silently replace it (`index.html`) or
/// make the copy fail (a file named like a document's folder).
fn check_assets(tree: &Tree, diags: &mut Vec<Diag>) {
    for rel in &tree.assets {
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = parts.last().map(String::as_str).unwrap_or("");
        let is_doc = |p: &str, i: &str, d: &str| {
            tree.pubs
                .get(p)
                .and_then(|p| p.issues.get(i))
                .is_some_and(|i| i.docs.iter().any(|f| f.file_stem() == Some(d.as_ref())))
        };
        let clash = match parts.len() {
            1 => RESERVED.contains(&name),
            2 => name == "index.html",
            3 => name == "index.html" || is_doc(&parts[0], &parts[1], name),
            4 => name == "index.html" && is_doc(&parts[0], &parts[1], &parts[2]),
            _ => false,
        };
        if clash {
            let shown = Path::new("content").join(rel);
            diags.push(
                Diag::error(format!(
                    "`{}` would be copied over a page the build writes",
                    rel.display()
                ))
                .in_file(&shown)
                .help("rename the file (or move it into a folder of its own); pages are written as <folder>/index.html"),
            );
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Slugs become URL segments: `[a-z0-9][a-z0-9._-]*`.
pub fn is_valid_slug(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
}

fn check_slug(slug: &str, shown: &Path, diags: &mut Vec<Diag>) {
    if !is_valid_slug(slug) {
        let suggestion: String = slug
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .trim_matches('-')
            .to_string();
        let hint = if is_valid_slug(&suggestion) {
            format!("slugs are the folder and file names and must match [a-z0-9][a-z0-9._-]*; rename it, e.g. to `{suggestion}`")
        } else {
            "slugs are the folder and file names and must match [a-z0-9][a-z0-9._-]* (lower-case ASCII letters, digits, `.`, `_`, `-`); rename it, e.g. to a pinyin abbreviation".to_string()
        };
        diags.push(
            Diag::error(format!("bad slug `{slug}`"))
                .in_file(shown)
                .help(hint),
        );
    }
}

/// Reads a file as UTF-8 (without BOM); anything else is reported with the
/// position of the first bad byte.
pub fn decode(bytes: &[u8], shown: &Path) -> Result<String, Diag> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // simdutf8 validates Chinese text several times faster than std; std
    // runs only on failure, to locate the bad byte.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let lossy = String::from_utf8_lossy(bytes);
            let good_str = std::str::from_utf8(good).unwrap_or("");
            let (line, col) = crate::diag::line_col(good_str, good_str.len());
            Err(Diag::error("file is not UTF-8")
                .in_file(shown)
                .at(&lossy, line, col, 1)
                .help("gazette reads UTF-8 only; Chinese files converted on Windows are often GB18030 (GBK): convert with `iconv -f GB18030 -t UTF-8 in.md > out.md`"))
        }
    }
}

/// The Markdown body of the file `shown` (relative to `root`), read again:
/// a build reads bodies twice rather than hold every page's HTML.
pub fn reread_body(root: &Path, shown: &Path) -> Result<String, Diag> {
    let src = read(root, shown)?;
    Ok(match frontmatter::split(&src, shown)? {
        Some(split) => split.body.to_string(),
        None => src,
    })
}

fn read(root: &Path, shown: &Path) -> Result<String, Diag> {
    let bytes = std::fs::read(root.join(shown))
        .map_err(|e| Diag::error(format!("cannot read file: {e}")).in_file(shown))?;
    decode(&bytes, shown)
}

fn load_publication(
    root: &Path,
    slug: &str,
    files: PubFiles,
    opts: &Options,
) -> (Option<Publication>, Vec<Diag>) {
    let mut diags = Vec::new();
    // Issues are checked even when _publication.md is missing, so that
    // their errors are reported in the same run.
    let issues: Vec<(Option<Issue>, Vec<Diag>)> = files
        .issues
        .into_par_iter()
        .map(|(islug, ifiles)| load_issue(root, slug, &islug, ifiles, opts))
        .collect();
    let Some(meta) = files.meta else {
        diags.extend(issues.into_iter().flat_map(|(_, d)| d));
        diags.push(
            Diag::error(format!("publication `{slug}` has no _publication.md"))
                .in_file(&files.dir)
                .help(format!("create {}/_publication.md with `title: …` in its front matter (or run `gazette new publication {slug}`)", files.dir.display())),
        );
        return (None, diags);
    };
    let publication = publication_meta(root, slug, &meta, &mut diags);
    let mut publication = match publication {
        Ok(p) => Some(p),
        Err(d) => {
            diags.push(d);
            None
        }
    };

    let mut loaded = Vec::new();
    for (i, d) in issues {
        diags.extend(d);
        loaded.extend(i);
    }
    loaded.sort_by(|a, b| (a.date, &a.slug).cmp(&(b.date, &b.slug)));
    if let Some(p) = publication.as_mut() {
        p.issues = loaded;
    }
    (publication, diags)
}

/// A publication's `_publication.md` (`meta`, relative to `root`), with no
/// issues; errors in its fields go to `diags`, an unreadable file is `Err`.
fn publication_meta(
    root: &Path,
    slug: &str,
    meta: &Path,
    diags: &mut Vec<Diag>,
) -> Result<Publication, Diag> {
    let src = read(root, meta)?;
    let split = frontmatter::split(&src, meta)?;
    let Some(split) = split else {
        return Err(missing_front_matter(meta, &src));
    };
    let mut f = Fields::parse(&split, &src, meta)?;
    let title = f.required_string("title", "新疆维吾尔自治区人民政府公报");
    let p = Publication {
        slug: slug.to_string(),
        source: meta.to_path_buf(),
        title: title.unwrap_or_default(),
        short_title: f.string("short_title"),
        publisher: f.string("publisher"),
        frequency: f.string("frequency"),
        description: f.string("description"),
        extra: f.value("extra"),
        issues: Vec::new(),
    };
    diags.extend(f.finish(PUBLICATION_KEYS, "publication front matter"));
    Ok(p)
}

/// Loads a publication's `_publication.md` alone (no issues), validated as
/// the build does. Used by `gazette serve` after an edit of that file.
pub fn load_publication_meta(
    root: &Path,
    slug: &str,
    meta: &Path,
) -> Result<Publication, Vec<Diag>> {
    let mut diags = Vec::new();
    match publication_meta(root, slug, meta, &mut diags) {
        Ok(p) if diags.is_empty() => Ok(p),
        Ok(_) => Err(diags),
        Err(d) => {
            diags.push(d);
            Err(diags)
        }
    }
}

fn missing_front_matter(file: &Path, src: &str) -> Diag {
    Diag::error("no front matter")
        .in_file(file)
        .at(src, 1, 1, 1)
        .help("start the file with a `---` line, then `title: …` and the other keys, then another `---` line")
}

fn load_issue(
    root: &Path,
    pub_slug: &str,
    slug: &str,
    files: IssueFiles,
    opts: &Options,
) -> (Option<Issue>, Vec<Diag>) {
    let mut diags = Vec::new();
    // The documents are read and checked even when _issue.md is missing or
    // broken, so that their errors are reported in the same run.
    let mut documents = Vec::new();
    let docs: Vec<Result<Option<Document>, Vec<Diag>>> = files
        .docs
        .par_iter()
        .map(|path| load_document(root, pub_slug, slug, path, opts))
        .collect();
    for d in docs {
        match d {
            Ok(Some(doc)) => documents.push(doc),
            Ok(None) => {}
            Err(d) => diags.extend(d),
        }
    }
    let Some(meta) = files.meta else {
        diags.push(
            Diag::error(format!("issue `{pub_slug}/{slug}` has no _issue.md"))
                .in_file(&files.dir)
                .help(format!("create {}/_issue.md with `title:` and `date:` (or run `gazette new issue {pub_slug}/{slug}`)", files.dir.display())),
        );
        return (None, diags);
    };
    let issue = issue_meta(root, slug, &meta, &mut diags);
    let (mut issue, draft) = match issue {
        Ok(x) => x,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };

    issue.documents = documents;
    // Explicit `order` first, in order; then the rest by file name.
    issue.documents.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.slug).cmp(&(b.order.unwrap_or(i64::MAX), &b.slug))
    });
    if draft && !opts.drafts {
        return (None, diags);
    }
    (Some(issue), diags)
}

/// An issue's `_issue.md` (`meta`, relative to `root`), with no documents,
/// and whether it is a draft; errors in its fields go to `diags`, an
/// unreadable file is `Err`.
fn issue_meta(
    root: &Path,
    slug: &str,
    meta: &Path,
    diags: &mut Vec<Diag>,
) -> Result<(Issue, bool), Diag> {
    let src = read(root, meta)?;
    let split = frontmatter::split(&src, meta)?;
    let Some(split) = split else {
        return Err(missing_front_matter(meta, &src));
    };
    let mut f = Fields::parse(&split, &src, meta)?;
    let title = f.required_string("title", "2020年第17-18号");
    let date = f.required_date("date");
    let year = f.integer("year");
    // The link is written into the issue page as is: no `javascript:`.
    let pdf = f.raw("pdf").and_then(|e| match &e.value {
        serde_json::Value::String(s) if crate::sanitize::safe_url(s) => Some(s.trim().to_string()),
        serde_json::Value::Null => None,
        _ => {
            f.report(
                &e,
                "`pdf` must be a link to the original: a relative path or an http(s) URL".into(),
                "e.g. `pdf: 2020-17-18.pdf` (a file in the issue folder) or `pdf: https://…`",
            );
            None
        }
    });
    let issue = Issue {
        slug: slug.to_string(),
        source: meta.to_path_buf(),
        title: title.unwrap_or_default(),
        date: date.unwrap_or(crate::model::Date {
            year: 1970,
            month: 1,
            day: 1,
        }),
        year: year
            .map(|y| y as u16)
            .or(date.map(|d| d.year))
            .unwrap_or(1970),
        number: f.string("number"),
        cumulative: f.string("cumulative"),
        volume: f.string("volume"),
        pdf,
        sections: f.string_list("sections"),
        extra: f.value("extra"),
        body: split.body.to_string(),
        body_line: split.body_line,
        documents: Vec::new(),
    };
    let draft = f.bool("draft").unwrap_or(false);
    diags.extend(f.finish(ISSUE_KEYS, "issue front matter"));
    Ok((issue, draft))
}

/// Loads an issue's `_issue.md` alone (no documents), validated as the
/// build does; `None` for a draft left out. Used by `gazette serve` after
/// an edit of that file.
pub fn load_issue_meta(
    root: &Path,
    slug: &str,
    meta: &Path,
    opts: &Options,
) -> Result<Option<Issue>, Vec<Diag>> {
    let mut diags = Vec::new();
    match issue_meta(root, slug, meta, &mut diags) {
        Ok((issue, draft)) if diags.is_empty() => Ok((!draft || opts.drafts).then_some(issue)),
        Ok(_) => Err(diags),
        Err(d) => {
            diags.push(d);
            Err(diags)
        }
    }
}

/// Loads one document file (`path` relative to `root`); `None` for a draft
/// left out. Used by `gazette serve` after a front-matter edit.
pub fn load_document(
    root: &Path,
    pub_slug: &str,
    issue_slug: &str,
    path: &Path,
    opts: &Options,
) -> Result<Option<Document>, Vec<Diag>> {
    let src = read(root, path).map_err(|d| vec![d])?;
    let split = frontmatter::split(&src, path).map_err(|d| vec![d])?;
    let Some(split) = split else {
        return Err(vec![missing_front_matter(path, &src)]);
    };
    let mut f = Fields::parse(&split, &src, path).map_err(|d| vec![d])?;
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = f.required_string("title", "关于……的通知");
    let doc_number = f
        .string("doc_number")
        .map(|n| crate::cite::canonical_doc_number(&n).unwrap_or(n));
    let relations = relations(&mut f);
    let doc = Document {
        id: format!("{pub_slug}/{issue_slug}/{slug}"),
        slug,
        source: path.to_path_buf(),
        title: title.unwrap_or_default(),
        doc_number,
        issuer: f.string_list("issuer"),
        date: f.date("date"),
        section: f.string("section"),
        order: f.integer("order"),
        page: f.string("page"),
        tags: f.string_list("tags"),
        relations,
        extra: f.value("extra"),
        body: split.body.to_string(),
        body_line: split.body_line,
    };
    let draft = f.bool("draft").unwrap_or(false);
    let diags = f.finish(DOCUMENT_KEYS, "document front matter");
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(if draft && !opts.drafts {
        None
    } else {
        Some(doc)
    })
}

fn relations(f: &mut Fields<'_>) -> Vec<Relation> {
    let Some(entry) = f.raw("relations") else {
        return Vec::new();
    };
    let help = "write `relations:` then lines like `  - {type: repeals, target: 新政发〔2020〕37号}`; type is one of repeals, amends, implements, forwards, reprints, cites";
    let serde_json::Value::Array(items) = &entry.value else {
        f.report(&entry, "`relations` must be a list".into(), help);
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let kind = item.get("type").and_then(|v| v.as_str());
        let target = item.get("target").and_then(|v| v.as_str());
        match (kind.and_then(RelationType::parse), target) {
            (Some(kind), Some(target)) if !target.trim().is_empty() => out.push(Relation {
                kind,
                target: target.trim().to_string(),
            }),
            (None, _) if kind.is_some() => f.report(
                &entry,
                format!("unknown relation type `{}`", kind.unwrap_or_default()),
                help,
            ),
            _ => f.report(
                &entry,
                "each relation needs `type` and `target`".into(),
                help,
            ),
        }
    }
    out
}

/// A doc number must identify one document across the whole site.
fn check_duplicate_numbers(root: &Path, pubs: &[Publication], diags: &mut Vec<Diag>) {
    let mut seen: HashMap<&str, &Document> = HashMap::new();
    for doc in pubs
        .iter()
        .flat_map(|p| &p.issues)
        .flat_map(|i| &i.documents)
    {
        let Some(num) = doc.doc_number.as_deref() else {
            continue;
        };
        if let Some(first) = seen.get(num) {
            let src = read(root, &doc.source).unwrap_or_default();
            let line = src
                .lines()
                .position(|l| l.starts_with("doc_number"))
                .map_or(1, |i| i + 1);
            diags.push(
                Diag::error(format!(
                    "duplicate doc_number `{num}`: also used by {}",
                    first.source.display()
                ))
                .in_file(&doc.source)
                .at(&src, line, 1, "doc_number".len())
                .help(format!(
                    "a doc number identifies one document across the site; fix the number in {} or in {}",
                    first.source.display(),
                    doc.source.display()
                )),
            );
        } else {
            seen.insert(num, doc);
        }
    }
}

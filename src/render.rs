//! Stage 5: pages through Tera templates.
//!
//! Templates receive plain view structs built here; every page is rendered
//! in parallel and handed to the writer as soon as it is ready, so the whole
//! site's HTML is never held in memory at once.

use crate::diag::Diag;
use crate::link::Status;
use crate::model::{Date, DocIdx, Document, Issue, Publication, RelationType, Site};
use crate::parse::Parsed;
use crate::urls::{issuer_dir, root_prefix, year_dir, Urls};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Everything the render stage reads.
pub struct Input<'a> {
    pub site: &'a Site,
    /// All documents in `DocIdx` order, with their publication and issue.
    pub docs: &'a [(&'a Publication, &'a Issue, &'a crate::model::Document)],
    /// (publication index, issue index, position in issue) of every document.
    pub locs: &'a [(usize, usize, usize)],
    pub parsed: &'a [Parsed],
    /// Makes a document's body HTML, when `parsed` does not hold it.
    pub body_html: Option<&'a (dyn Fn(DocIdx) -> Result<String, Diag> + Sync)>,
    /// Rendered editor's note of every issue, by (publication, issue) index.
    pub issue_notes: &'a BTreeMap<(usize, usize), String>,
    pub links: &'a [crate::link::DocLinks],
    pub search_scripts: &'a [String],
    pub urls: Urls,
}

impl Input<'_> {
    /// `DocIdx` of the first document of an issue (documents are stored in
    /// publication, issue, position order).
    fn issue_start(&self, pi: usize, ii: usize) -> DocIdx {
        self.locs.partition_point(|&(p, i, _)| (p, i) < (pi, ii))
    }
}

pub fn type_label(t: RelationType) -> &'static str {
    match t {
        RelationType::Cites => "引用",
        RelationType::Repeals => "废止",
        RelationType::Amends => "修改",
        RelationType::Implements => "贯彻实施",
        RelationType::Forwards => "转发",
        RelationType::Reprints => "转载",
    }
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    search: bool,
    extra: &'a serde_json::Value,
}

#[derive(Serialize)]
struct NavUrls {
    home: String,
    search: String,
    issuers: String,
    years: String,
}

#[derive(Serialize, Clone)]
struct PubView<'a> {
    slug: &'a str,
    title: &'a str,
    short_title: Option<&'a str>,
    publisher: Option<&'a str>,
    frequency: Option<&'a str>,
    description: Option<&'a str>,
    url: String,
    issue_count: usize,
    document_count: usize,
    latest: Option<IssueView<'a>>,
    extra: &'a serde_json::Value,
}

#[derive(Serialize, Clone)]
struct IssueView<'a> {
    slug: &'a str,
    title: &'a str,
    date: String,
    year: u16,
    number: Option<&'a str>,
    cumulative: Option<&'a str>,
    volume: Option<&'a str>,
    pdf: Option<&'a str>,
    url: String,
    publication_title: &'a str,
    publication_url: String,
    document_count: usize,
    body: Option<&'a str>,
    extra: &'a serde_json::Value,
}

#[derive(Serialize, Clone)]
struct DocView<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    doc_number: Option<&'a str>,
    issuer: &'a [String],
    date: Option<String>,
    section: Option<&'a str>,
    page: Option<&'a str>,
    tags: &'a [String],
    status: &'static str,
}

#[derive(Serialize)]
struct LinkView<'a> {
    url: String,
    title: &'a str,
    doc_number: Option<&'a str>,
    publication_title: &'a str,
    issue_title: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    type_label: &'static str,
}

#[derive(Serialize)]
struct RefView<'a> {
    text: &'a str,
    url: Option<String>,
    title: Option<&'a str>,
    doc_number: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
    type_label: &'static str,
    ambiguous: bool,
}

#[derive(Serialize)]
struct DocPageView<'a> {
    #[serde(flatten)]
    summary: DocView<'a>,
    body: &'a str,
    headings: &'a [crate::parse::Heading],
    references: Vec<RefView<'a>>,
    cited_by: Vec<LinkView<'a>>,
    status_by: Vec<LinkView<'a>>,
    also_published: Vec<LinkView<'a>>,
    extra: &'a serde_json::Value,
}

#[derive(Serialize)]
struct SectionView<'a> {
    name: Option<&'a str>,
    documents: Vec<DocView<'a>>,
}

#[derive(Serialize)]
struct YearGroup<'a> {
    year: u16,
    issues: Vec<IssueView<'a>>,
}

#[derive(Serialize)]
struct NameCount {
    name: String,
    year: u16,
    url: String,
    count: usize,
}

/// A page to render: its output file, depth below the root, template, and
/// how to make its context.
enum Page {
    Home,
    Publication(usize),
    Issue(usize, usize),
    Document(DocIdx),
    Search,
    Issuers,
    Issuer(usize),
    Years,
    Year(usize),
    NotFound,
}

/// Listings by issuer and by year, computed once.
struct Listings {
    issuers: Vec<(String, Vec<DocIdx>)>,
    years: Vec<(u16, Vec<DocIdx>)>,
}

fn listings(input: &Input<'_>) -> Listings {
    let mut by_issuer: BTreeMap<&str, Vec<DocIdx>> = BTreeMap::new();
    let mut by_year: BTreeMap<u16, Vec<DocIdx>> = BTreeMap::new();
    for (i, (_, issue, doc)) in input.docs.iter().enumerate() {
        for name in &doc.issuer {
            by_issuer.entry(name.as_str()).or_default().push(i);
        }
        by_year.entry(listing_year(issue, doc)).or_default().push(i);
    }
    let newest_first = |v: &mut Vec<DocIdx>| {
        v.sort_by(|&a, &b| doc_date(input, b).cmp(&doc_date(input, a)).then(a.cmp(&b)));
    };
    let mut issuers: Vec<(String, Vec<DocIdx>)> = by_issuer
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    issuers.iter_mut().for_each(|(_, v)| newest_first(v));
    let mut years: Vec<(u16, Vec<DocIdx>)> = by_year.into_iter().rev().collect();
    years.iter_mut().for_each(|(_, v)| newest_first(v));
    Listings { issuers, years }
}

/// The year whose page lists a document (and that search filters it by):
/// its own date's, else its issue's.
pub fn listing_year(issue: &Issue, doc: &Document) -> u16 {
    doc.date.map_or(issue.year, |d| d.year)
}

/// The folders of the listing pages render writes (`issuers`, each
/// issuer's, `years`, each year's), for the sitemap.
pub fn listing_dirs(site: &Site) -> Vec<String> {
    let docs = || {
        site.publications
            .iter()
            .flat_map(|p| p.issues.iter())
            .flat_map(|i| i.documents.iter().map(move |d| (i, d)))
    };
    let issuers: BTreeSet<String> = docs()
        .flat_map(|(_, d)| d.issuer.iter().map(|n| issuer_dir(n)))
        .collect();
    let years: BTreeSet<u16> = docs().map(|(i, d)| listing_year(i, d)).collect();
    let mut out = vec!["issuers".to_string()];
    out.extend(issuers);
    out.push("years".into());
    out.extend(years.into_iter().rev().map(year_dir));
    out
}

fn doc_date(input: &Input<'_>, i: DocIdx) -> Date {
    let (_, issue, doc) = input.docs[i];
    doc.date.unwrap_or(issue.date)
}

/// Renders every page, passing `(output path, bytes)` to `write`.
pub fn render_all<W>(input: &Input<'_>, tera: &tera::Tera, write: W) -> Vec<Diag>
where
    W: Fn(&str, &[u8]) -> std::io::Result<()> + Sync,
{
    let lists = listings(input);
    let mut pages = vec![
        Page::Home,
        Page::Search,
        Page::Issuers,
        Page::Years,
        Page::NotFound,
    ];
    for (pi, p) in input.site.publications.iter().enumerate() {
        pages.push(Page::Publication(pi));
        for ii in 0..p.issues.len() {
            pages.push(Page::Issue(pi, ii));
        }
    }
    pages.extend((0..lists.issuers.len()).map(Page::Issuer));
    pages.extend((0..lists.years.len()).map(Page::Year));
    pages.extend((0..input.docs.len()).map(Page::Document));
    render_pages(input, tera, &lists, &pages, write)
}

/// A page of the site named by what it shows, for `gazette serve`'s
/// incremental rebuilds (issuer and year pages by name, since their
/// positions in the listings move when one appears or goes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKey {
    Home,
    Publication(usize),
    Issue(usize, usize),
    Document(DocIdx),
    Issuers,
    Issuer(String),
    Years,
    Year(u16),
}

/// The issuer names and the years that have a listing page.
pub fn listing_keys(input: &Input<'_>) -> (Vec<String>, Vec<u16>) {
    let lists = listings(input);
    (
        lists.issuers.into_iter().map(|(n, _)| n).collect(),
        lists.years.into_iter().map(|(y, _)| y).collect(),
    )
}

/// Renders the pages `keys` names (those that exist), passing `(output
/// path, bytes)` to `write`.
pub fn render_keys<W>(input: &Input<'_>, tera: &tera::Tera, keys: &[PageKey], write: W) -> Vec<Diag>
where
    W: Fn(&str, &[u8]) -> std::io::Result<()> + Sync,
{
    let lists = listings(input);
    let pages: Vec<Page> = keys
        .iter()
        .filter_map(|k| match k {
            PageKey::Home => Some(Page::Home),
            PageKey::Publication(pi) => Some(Page::Publication(*pi)),
            PageKey::Issue(pi, ii) => Some(Page::Issue(*pi, *ii)),
            PageKey::Document(d) => Some(Page::Document(*d)),
            PageKey::Issuers => Some(Page::Issuers),
            PageKey::Years => Some(Page::Years),
            PageKey::Issuer(name) => lists
                .issuers
                .binary_search_by(|(n, _)| n.as_str().cmp(name.as_str()))
                .ok()
                .map(Page::Issuer),
            PageKey::Year(y) => lists.years.iter().position(|(x, _)| x == y).map(Page::Year),
        })
        .collect();
    render_pages(input, tera, &lists, &pages, write)
}

fn render_pages<W>(
    input: &Input<'_>,
    tera: &tera::Tera,
    lists: &Listings,
    pages: &[Page],
    write: W,
) -> Vec<Diag>
where
    W: Fn(&str, &[u8]) -> std::io::Result<()> + Sync,
{
    let mut r = Renderer {
        input,
        lists,
        pubs: Vec::new(),
    };
    // Once per build: every page of a publication shows the same view.
    r.pubs = (0..input.site.publications.len())
        .map(|pi| r.make_pub_view(pi))
        .collect();
    let mut diags: Vec<Diag> = pages
        .par_iter()
        .filter_map(|page| {
            let (path, template, ctx) = r.context(page);
            let html = match tera.render(template, &ctx) {
                Ok(h) => match (page, input.body_html) {
                    (Page::Document(di), Some(make)) => match make(*di) {
                        Ok(body) => splice_body(h, &body),
                        Err(d) => return Some(d),
                    },
                    (Page::Document(di), None) => splice_body(h, &input.parsed[*di].html),
                    _ => h,
                },
                Err(e) => {
                    return Some(
                        Diag::error(format!(
                            "cannot render {path} with template {template}: {}",
                            crate::theme::error_chain(&e)
                        ))
                        .help("check the template for variables that do not exist on this page"),
                    )
                }
            };
            write(&path, html.as_bytes())
                .err()
                .map(|e| Diag::error(format!("cannot write {path}: {e}")))
        })
        .collect();
    // Several pages may fail on the same template: report each once.
    diags.dedup_by(|a, b| a.message == b.message);
    diags
}

/// Stands for a document's body in its template context. The body (most of
/// the page) is spliced in after rendering instead of being copied into
/// Tera's context, escaped-checked and copied out again; templates output
/// `{{ doc.body | safe }}` as usual.
const BODY_MARKER: &str = "\u{1}gazette:body\u{1}";

fn splice_body(page: String, body: &str) -> String {
    if !page.contains(BODY_MARKER) {
        return page;
    }
    let mut out = String::with_capacity(page.len() + body.len());
    let mut rest = page.as_str();
    while let Some(i) = rest.find(BODY_MARKER) {
        out.push_str(&rest[..i]);
        out.push_str(body);
        rest = &rest[i + BODY_MARKER.len()..];
    }
    out.push_str(rest);
    out
}

struct Renderer<'a, 'b> {
    input: &'b Input<'a>,
    lists: &'b Listings,
    /// View of every publication, by index.
    pubs: Vec<PubView<'a>>,
}

impl<'a> Renderer<'a, '_> {
    fn base(&self, depth: usize) -> tera::Context {
        let site = &self.input.site.config;
        let u = self.input.urls;
        let mut ctx = tera::Context::new();
        ctx.insert(
            "site",
            &SiteView {
                title: &site.title,
                description: &site.description,
                language: &site.language,
                base_url: &site.base_url,
                search: site.search,
                extra: &site.extra,
            },
        );
        ctx.insert("root", &root_prefix(depth));
        ctx.insert(
            "urls",
            &NavUrls {
                home: u.dir(""),
                search: u.dir("search"),
                issuers: u.dir("issuers"),
                years: u.dir("years"),
            },
        );
        ctx
    }

    fn context(&self, page: &Page) -> (String, &'static str, tera::Context) {
        let input = self.input;
        let u = input.urls;
        match *page {
            Page::Home => {
                let mut ctx = self.base(0);
                let pubs: Vec<PubView> = (0..input.site.publications.len())
                    .map(|pi| self.pub_view(pi))
                    .collect();
                let mut latest: Vec<(usize, usize)> = input
                    .site
                    .publications
                    .iter()
                    .enumerate()
                    .flat_map(|(pi, p)| (0..p.issues.len()).map(move |ii| (pi, ii)))
                    .collect();
                latest.sort_by(|a, b| {
                    let da = input.site.publications[a.0].issues[a.1].date;
                    let db = input.site.publications[b.0].issues[b.1].date;
                    db.cmp(&da).then(a.cmp(b))
                });
                let latest: Vec<IssueView> = latest
                    .into_iter()
                    .take(20)
                    .map(|(pi, ii)| self.issue_view(pi, ii))
                    .collect();
                ctx.insert("publications", &pubs);
                ctx.insert("latest_issues", &latest);
                ctx.insert("canonical", "");
                ("index.html".into(), "index.html", ctx)
            }
            Page::Publication(pi) => {
                let p = &input.site.publications[pi];
                let mut ctx = self.base(1);
                let mut years: Vec<YearGroup> = Vec::new();
                let mut order: Vec<usize> = (0..p.issues.len()).collect();
                order.sort_by(|&a, &b| {
                    (p.issues[b].year, p.issues[b].date, b).cmp(&(
                        p.issues[a].year,
                        p.issues[a].date,
                        a,
                    ))
                });
                for ii in order {
                    let year = p.issues[ii].year;
                    if years.last().is_none_or(|g| g.year != year) {
                        years.push(YearGroup {
                            year,
                            issues: Vec::new(),
                        });
                    }
                    if let Some(g) = years.last_mut() {
                        g.issues.push(self.issue_view(pi, ii));
                    }
                }
                ctx.insert("publication", &self.pub_view(pi));
                ctx.insert("years", &years);
                ctx.insert("canonical", &u.dir(&p.slug));
                (Urls::file(&p.slug), "publication.html", ctx)
            }
            Page::Issue(pi, ii) => {
                let p = &input.site.publications[pi];
                let issue = &p.issues[ii];
                let path = format!("{}/{}", p.slug, issue.slug);
                let mut ctx = self.base(2);
                ctx.insert("publication", &self.pub_view(pi));
                let mut view = self.issue_view(pi, ii);
                view.body = self
                    .input
                    .issue_notes
                    .get(&(pi, ii))
                    .map(String::as_str)
                    .filter(|s| !s.trim().is_empty());
                ctx.insert("issue", &view);
                ctx.insert("sections", &self.sections(pi, ii));
                ctx.insert("canonical", &u.dir(&path));
                (Urls::file(&path), "issue.html", ctx)
            }
            Page::Document(di) => {
                let (_, issue, doc) = input.docs[di];
                let (pi, ii, pos) = input.locs[di];
                let mut ctx = self.base(3);
                // Every document page carries its publication: keep it small.
                let publication = PubView {
                    latest: None,
                    ..self.pub_view(pi)
                };
                ctx.insert("publication", &publication);
                ctx.insert("issue", &self.issue_view(pi, ii));
                ctx.insert("doc", &self.doc_page(di));
                let prev = (pos > 0).then(|| self.doc_view(di - 1));
                let next = (pos + 1 < issue.documents.len()).then(|| self.doc_view(di + 1));
                ctx.insert("prev", &prev);
                ctx.insert("next", &next);
                ctx.insert("canonical", &u.dir(&doc.id));
                (Urls::file(&doc.id), "document.html", ctx)
            }
            Page::Search => {
                let mut ctx = self.base(1);
                ctx.insert("search_scripts", input.search_scripts);
                ctx.insert("canonical", &u.dir("search"));
                (Urls::file("search"), "search.html", ctx)
            }
            Page::Issuers => {
                let mut ctx = self.base(1);
                let list: Vec<NameCount> = self
                    .lists
                    .issuers
                    .iter()
                    .map(|(name, docs)| NameCount {
                        name: name.clone(),
                        year: 0,
                        url: u.dir(&issuer_dir(name)),
                        count: docs.len(),
                    })
                    .collect();
                ctx.insert("issuers", &list);
                ctx.insert("canonical", &u.dir("issuers"));
                (Urls::file("issuers"), "issuers.html", ctx)
            }
            Page::Issuer(k) => {
                let (name, docs) = &self.lists.issuers[k];
                self.listing_page(
                    "issuer.html",
                    "issuer",
                    name.clone(),
                    0,
                    &issuer_dir(name),
                    docs,
                )
            }
            Page::Years => {
                let mut ctx = self.base(1);
                let list: Vec<NameCount> = self
                    .lists
                    .years
                    .iter()
                    .map(|(y, docs)| NameCount {
                        name: y.to_string(),
                        year: *y,
                        url: u.dir(&year_dir(*y)),
                        count: docs.len(),
                    })
                    .collect();
                ctx.insert("years", &list);
                ctx.insert("canonical", &u.dir("years"));
                (Urls::file("years"), "years.html", ctx)
            }
            Page::Year(k) => {
                let (y, docs) = &self.lists.years[k];
                self.listing_page("year.html", "year", y.to_string(), *y, &year_dir(*y), docs)
            }
            Page::NotFound => {
                let mut ctx = self.base(0);
                // Served at any depth by hosts, so use absolute links when
                // the site knows where it lives.
                let base = &input.site.config.base_url;
                if !base.is_empty() {
                    ctx.insert("root", &format!("{base}/"));
                }
                ("404.html".into(), "404.html", ctx)
            }
        }
    }

    /// An issuer's or a year's page: its name and count as `kind`, and its
    /// documents.
    fn listing_page(
        &self,
        template: &'static str,
        kind: &'static str,
        name: String,
        year: u16,
        path: &str,
        docs: &[DocIdx],
    ) -> (String, &'static str, tera::Context) {
        let u = self.input.urls;
        let mut ctx = self.base(2);
        ctx.insert(
            kind,
            &NameCount {
                name,
                year,
                url: u.dir(path),
                count: docs.len(),
            },
        );
        let views: Vec<DocView> = docs.iter().map(|&d| self.doc_view(d)).collect();
        ctx.insert("documents", &views);
        ctx.insert("canonical", &u.dir(path));
        (Urls::file(path), template, ctx)
    }

    fn pub_view(&self, pi: usize) -> PubView<'a> {
        self.pubs[pi].clone()
    }

    fn make_pub_view(&self, pi: usize) -> PubView<'a> {
        let p = &self.input.site.publications[pi];
        let latest = p
            .issues
            .iter()
            .enumerate()
            .max_by_key(|(ii, i)| (i.date, *ii))
            .map(|(ii, _)| self.issue_view(pi, ii));
        PubView {
            slug: &p.slug,
            title: &p.title,
            short_title: p.short_title.as_deref(),
            publisher: p.publisher.as_deref(),
            frequency: p.frequency.as_deref(),
            description: p.description.as_deref(),
            url: self.input.urls.dir(&p.slug),
            issue_count: p.issues.len(),
            document_count: p.issues.iter().map(|i| i.documents.len()).sum(),
            latest,
            extra: &p.extra,
        }
    }

    fn issue_view(&self, pi: usize, ii: usize) -> IssueView<'a> {
        let p = &self.input.site.publications[pi];
        let i = &p.issues[ii];
        IssueView {
            slug: &i.slug,
            title: &i.title,
            date: i.date.to_string(),
            year: i.year,
            number: i.number.as_deref(),
            cumulative: i.cumulative.as_deref(),
            volume: i.volume.as_deref(),
            pdf: i.pdf.as_deref(),
            url: self.input.urls.dir(&format!("{}/{}", p.slug, i.slug)),
            publication_title: &p.title,
            publication_url: self.input.urls.dir(&p.slug),
            document_count: i.documents.len(),
            // Set only on the issue's own page.
            body: None,
            extra: &i.extra,
        }
    }

    fn doc_view(&self, di: DocIdx) -> DocView<'a> {
        let (_, _, d) = self.input.docs[di];
        DocView {
            id: &d.id,
            url: self.input.urls.dir(&d.id),
            title: &d.title,
            doc_number: d.doc_number.as_deref(),
            issuer: &d.issuer,
            date: d.date.map(|x| x.to_string()),
            section: d.section.as_deref(),
            page: d.page.as_deref(),
            tags: &d.tags,
            status: self
                .input
                .links
                .get(di)
                .map_or("in_force", |r| r.status.as_str()),
        }
    }

    fn link_view(&self, di: DocIdx, kind: RelationType) -> LinkView<'a> {
        let (p, i, d) = self.input.docs[di];
        LinkView {
            url: self.input.urls.dir(&d.id),
            title: &d.title,
            doc_number: d.doc_number.as_deref(),
            publication_title: &p.title,
            issue_title: &i.title,
            kind: kind.as_str(),
            type_label: type_label(kind),
        }
    }

    fn doc_page(&self, di: DocIdx) -> DocPageView<'a> {
        let (_, _, d) = self.input.docs[di];
        let parsed = &self.input.parsed[di];
        let rel = self.input.links.get(di);
        let references = rel
            .map(|r| {
                r.cites
                    .iter()
                    .map(|c| {
                        let target = c.target.map(|t| self.input.docs[t].2);
                        RefView {
                            text: &c.text,
                            url: target.map(|t| self.input.urls.dir(&t.id)),
                            title: target.map(|t| t.title.as_str()),
                            doc_number: target.and_then(|t| t.doc_number.as_deref()),
                            kind: c.kind.as_str(),
                            type_label: type_label(c.kind),
                            ambiguous: c.ambiguous,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let cited_by = rel
            .map(|r| {
                r.cited_by
                    .iter()
                    .map(|&(s, k)| self.link_view(s, k))
                    .collect()
            })
            .unwrap_or_default();
        let status_by = match rel.map(|r| &r.status) {
            Some(Status::Repealed { by }) => vec![self.link_view(*by, RelationType::Repeals)],
            Some(Status::Amended { by }) => by
                .iter()
                .map(|&s| self.link_view(s, RelationType::Amends))
                .collect(),
            _ => Vec::new(),
        };
        let also_published = rel
            .map(|r| {
                r.also_published
                    .iter()
                    .map(|&s| self.link_view(s, RelationType::Reprints))
                    .collect()
            })
            .unwrap_or_default();
        DocPageView {
            summary: self.doc_view(di),
            body: BODY_MARKER,
            headings: &parsed.headings,
            references,
            cited_by,
            status_by,
            also_published,
            extra: &d.extra,
        }
    }

    /// The issue's documents grouped by section, in the order of the
    /// issue's `sections`, then sections it does not list, then none.
    fn sections(&self, pi: usize, ii: usize) -> Vec<SectionView<'a>> {
        let p = &self.input.site.publications[pi];
        let issue = &p.issues[ii];
        let first = self.input.issue_start(pi, ii);
        let mut groups: Vec<SectionView<'a>> = issue
            .sections
            .iter()
            .map(|s| SectionView {
                name: Some(s.as_str()),
                documents: Vec::new(),
            })
            .collect();
        let mut unsectioned = Vec::new();
        for (k, d) in issue.documents.iter().enumerate() {
            let view = self.doc_view(first + k);
            match d.section.as_deref() {
                None => unsectioned.push(view),
                Some(name) => match groups.iter_mut().find(|g| g.name == Some(name)) {
                    Some(g) => g.documents.push(view),
                    None => groups.push(SectionView {
                        name: Some(name),
                        documents: vec![view],
                    }),
                },
            }
        }
        groups.retain(|g| !g.documents.is_empty());
        if !unsectioned.is_empty() {
            groups.push(SectionView {
                name: None,
                documents: unsectioned,
            });
        }
        groups
    }
}

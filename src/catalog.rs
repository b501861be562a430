//! catalog.json: every document's metadata and citations, for machines
//! (SPEC §2).

use crate::link::DocLinks;
use crate::model::{Document, Issue, Publication, Site};
use crate::urls::Urls;
use serde::Serialize;

#[derive(Serialize)]
struct Catalog<'a> {
    site: SiteInfo<'a>,
    documents: Documents<'a>,
}

/// The entries, made one at a time as they are serialised: all of them at
/// once were ~100 MB at 100,000 documents, held while pages render.
struct Documents<'a> {
    docs: &'a [(&'a Publication, &'a Issue, &'a Document)],
    links: &'a [DocLinks],
    urls: Urls,
}

impl Serialize for Documents<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.docs.len()).map(|i| self.entry(i)))
    }
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    doc_number: Option<&'a str>,
    issuer: &'a [String],
    date: Option<String>,
    publication: &'a str,
    issue: &'a str,
    section: Option<&'a str>,
    page: Option<&'a str>,
    status: &'a str,
    cites: Vec<Cite<'a>>,
    cited_by: Vec<CitedBy<'a>>,
}

#[derive(Serialize)]
struct Cite<'a> {
    text: &'a str,
    target: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct CitedBy<'a> {
    source: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

impl<'a> Documents<'a> {
    fn entry(&self, i: usize) -> Entry<'a> {
        let docs = self.docs;
        let (p, issue, d) = docs[i];
        let rel = self.links.get(i);
        Entry {
            id: &d.id,
            url: self.urls.dir(&d.id),
            title: &d.title,
            doc_number: d.doc_number.as_deref(),
            issuer: &d.issuer,
            date: d.date.map(|x| x.to_string()),
            publication: &p.slug,
            issue: &issue.slug,
            section: d.section.as_deref(),
            page: d.page.as_deref(),
            status: rel.map_or("in_force", |r| r.status.as_str()),
            cites: rel
                .map(|r| {
                    r.cites
                        .iter()
                        .map(|c| Cite {
                            text: &c.text,
                            target: c.target.map(|t| docs[t].2.id.as_str()),
                            kind: c.kind.as_str(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            cited_by: rel
                .map(|r| {
                    r.cited_by
                        .iter()
                        .map(|&(s, k)| CitedBy {
                            source: docs[s].2.id.as_str(),
                            kind: k.as_str(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// catalog.json, written to `w` as it is made (207 MB at 100,000
/// documents: never held whole).
pub fn write(
    site: &Site,
    docs: &[(&Publication, &Issue, &Document)],
    links: &[DocLinks],
    urls: Urls,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let c = Catalog {
        site: SiteInfo {
            title: &site.config.title,
            description: &site.config.description,
            language: &site.config.language,
            base_url: &site.config.base_url,
        },
        documents: Documents { docs, links, urls },
    };
    serde_json::to_writer_pretty(&mut *w, &c)?;
    w.write_all(b"\n")
}

/// catalog.json as bytes.
pub fn catalog(
    site: &Site,
    docs: &[(&Publication, &Issue, &Document)],
    links: &[DocLinks],
    urls: Urls,
) -> Vec<u8> {
    let mut out = Vec::new();
    write(site, docs, links, urls, &mut out).expect("writing to memory");
    out
}

//! catalog.json: every document's metadata and citations, for machines
//! (SPEC §2).

use crate::link::DocLinks;
use crate::model::{Document, Issue, Publication, Site};
use crate::urls::Urls;
use serde::Serialize;

#[derive(Serialize)]
struct Catalog<'a> {
    site: SiteInfo<'a>,
    documents: Vec<Entry<'a>>,
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

pub fn catalog(
    site: &Site,
    docs: &[(&Publication, &Issue, &Document)],
    links: &[DocLinks],
    urls: Urls,
) -> Vec<u8> {
    let documents = docs
        .iter()
        .enumerate()
        .map(|(i, (p, issue, d))| {
            let rel = links.get(i);
            Entry {
                id: &d.id,
                url: urls.dir(&d.id),
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
        })
        .collect();
    let c = Catalog {
        site: SiteInfo {
            title: &site.config.title,
            description: &site.config.description,
            language: &site.config.language,
            base_url: &site.config.base_url,
        },
        documents,
    };
    let mut out = serde_json::to_vec_pretty(&c).unwrap_or_default();
    out.push(b'\n');
    out
}

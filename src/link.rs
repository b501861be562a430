//! Stage 3: the citation graph. Pure functions from the documents' own
//! relations (front matter) and citations (title and body, from
//! [`crate::cite`]) to what each document page shows: references, cited-by,
//! status and "also published in".

use crate::cite::{canonical_doc_number, title_key, Citation, DocRef, Known};
use crate::model::{Date, DocIdx, Relation, RelationType};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// One reference of a document, resolved or not.
#[derive(Debug, Clone, PartialEq)]
pub struct Cite {
    /// As written (first occurrence), or the front-matter target.
    pub text: String,
    /// Canonical number or `《title》`: unresolved references are grouped by it.
    pub canonical: String,
    pub target: Option<DocIdx>,
    pub kind: RelationType,
    /// Several documents matched and one was picked.
    pub ambiguous: bool,
}

/// Whether a document is still in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    InForce,
    /// Repealed by a document (the earliest, when several repeal it).
    Repealed {
        by: DocIdx,
    },
    /// Amended by these documents, oldest first.
    Amended {
        by: Vec<DocIdx>,
    },
}

impl Status {
    /// `in_force`, `repealed`, `amended` (catalog.json).
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::InForce => "in_force",
            Status::Repealed { .. } => "repealed",
            Status::Amended { .. } => "amended",
        }
    }
}

/// Everything the pages need about one document's links.
#[derive(Debug, Clone, PartialEq)]
pub struct DocLinks {
    /// Front-matter relations first, then citations of the title and body,
    /// in first-occurrence order; one entry per (target, kind) — per
    /// (canonical text, kind) when unresolved. A plain `cites` entry is
    /// dropped when the same target has a stronger relation (repeals, …).
    /// Citations of the document itself are left out.
    pub cites: Vec<Cite>,
    /// Documents citing this one, sorted by (DocIdx, kind), no duplicates.
    pub cited_by: Vec<(DocIdx, RelationType)>,
    pub status: Status,
    /// The same document in other publications (same canonical number, or
    /// same normalised title when the numbers do not differ), by DocIdx.
    pub also_published: Vec<DocIdx>,
}

/// Computes the links of every document. `docs[i]`, `relations[i]` and
/// `citations[i]` describe the same document; the result is in the same
/// order. `known` must be built from `docs`. `citations[i]` are the
/// document's title citations ([`crate::cite::scan_title`]) followed by its
/// body citations, in reading order.
pub fn build(
    known: &Known,
    docs: &[DocRef<'_>],
    relations: &[&[Relation]],
    citations: &[Vec<Citation>],
) -> Vec<DocLinks> {
    let pos: HashMap<DocIdx, usize> = docs.iter().enumerate().map(|(i, d)| (d.idx, i)).collect();
    let date = |idx: DocIdx| -> (Option<Date>, DocIdx) {
        (pos.get(&idx).and_then(|&p| docs[p].date), idx)
    };
    // Each document's own references, in parallel: the order of the
    // result is the order of `docs` whatever the threads.
    let mut out: Vec<DocLinks> = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| DocLinks {
            cites: cites_of(
                known,
                d.idx,
                relations.get(i).copied().unwrap_or(&[]),
                citations.get(i).map_or(&[][..], |v| v.as_slice()),
            ),
            cited_by: Vec::new(),
            status: Status::InForce,
            also_published: Vec::new(),
        })
        .collect();

    // Reverse edges.
    let mut repealed_by: HashMap<usize, Vec<DocIdx>> = HashMap::new();
    let mut amended_by: HashMap<usize, Vec<DocIdx>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        let edges: Vec<(DocIdx, RelationType)> = out[i]
            .cites
            .iter()
            .filter_map(|c| c.target.map(|t| (t, c.kind)))
            .collect();
        for (t, kind) in edges {
            let Some(&tp) = pos.get(&t) else { continue };
            out[tp].cited_by.push((d.idx, kind));
            match kind {
                RelationType::Repeals => repealed_by.entry(tp).or_default().push(d.idx),
                RelationType::Amends => amended_by.entry(tp).or_default().push(d.idx),
                _ => {}
            }
        }
    }
    for (i, l) in out.iter_mut().enumerate() {
        l.cited_by.sort();
        l.cited_by.dedup();
        if let Some(v) = repealed_by.get(&i) {
            if let Some(&by) = v.iter().min_by_key(|&&d| date(d)) {
                l.status = Status::Repealed { by };
                continue;
            }
        }
        if let Some(v) = amended_by.get(&i) {
            let mut by = v.clone();
            by.sort_by_key(|&d| date(d));
            by.dedup();
            l.status = Status::Amended { by };
        }
    }

    // Also published: same number, or same title when numbers agree.
    let numbers: Vec<Option<String>> = docs
        .par_iter()
        .map(|d| {
            d.doc_number
                .map(|n| canonical_doc_number(n).unwrap_or_else(|| title_key(n)))
        })
        .collect();
    let titles: Vec<String> = docs.par_iter().map(|d| title_key(d.title)).collect();
    let mut by_number: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_title: HashMap<&str, Vec<usize>> = HashMap::new();
    for i in 0..docs.len() {
        if let Some(n) = numbers[i].as_deref().filter(|n| !n.is_empty()) {
            by_number.entry(n).or_default().push(i);
        }
        if !titles[i].is_empty() {
            by_title.entry(titles[i].as_str()).or_default().push(i);
        }
    }
    for (i, d) in docs.iter().enumerate() {
        let mut also: Vec<DocIdx> = Vec::new();
        let same_number = numbers[i]
            .as_deref()
            .and_then(|n| by_number.get(n))
            .map_or(&[][..], |v| v.as_slice());
        let same_title = by_title
            .get(titles[i].as_str())
            .map_or(&[][..], |v| v.as_slice());
        for &j in same_number {
            if docs[j].publication != d.publication {
                also.push(docs[j].idx);
            }
        }
        for &j in same_title {
            let conflict = matches!((&numbers[i], &numbers[j]), (Some(a), Some(b)) if a != b);
            if docs[j].publication != d.publication && !conflict {
                also.push(docs[j].idx);
            }
        }
        also.sort_unstable();
        also.dedup();
        out[i].also_published = also;
    }
    out
}

fn cites_of(
    known: &Known,
    me: DocIdx,
    relations: &[Relation],
    citations: &[Citation],
) -> Vec<Cite> {
    let mut cites: Vec<Cite> = Vec::new();
    for r in relations {
        let (target, ambiguous) = match known.resolve_target(&r.target, me) {
            Some((t, a)) => (Some(t), a),
            None => (None, false),
        };
        let canonical = canonical_doc_number(&r.target).unwrap_or_else(|| {
            let t = r.target.trim();
            if t.starts_with('《') {
                t.to_string()
            } else {
                format!("《{t}》")
            }
        });
        cites.push(Cite {
            text: r.target.clone(),
            canonical,
            target,
            kind: r.kind,
            ambiguous,
        });
    }
    for c in citations {
        cites.push(Cite {
            text: c.text.clone(),
            canonical: c.canonical.clone(),
            target: c.target,
            kind: c.kind,
            ambiguous: c.ambiguous,
        });
    }
    cites.retain(|c| c.target != Some(me));
    let mut seen: HashSet<(Option<DocIdx>, String, RelationType)> = HashSet::new();
    cites.retain(|c| {
        let key = match c.target {
            Some(t) => (Some(t), String::new(), c.kind),
            None => (None, c.canonical.clone(), c.kind),
        };
        seen.insert(key)
    });
    let strong: HashSet<DocIdx> = cites
        .iter()
        .filter(|c| c.kind != RelationType::Cites)
        .filter_map(|c| c.target)
        .collect();
    cites.retain(|c| {
        !(c.kind == RelationType::Cites && c.target.is_some_and(|t| strong.contains(&t)))
    });
    cites
}

/// A citation that no document of the site answers, for `gazette check`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unresolved {
    /// Canonical number or `《title》`.
    pub text: String,
    /// Documents citing it, by DocIdx.
    pub cited_in: Vec<DocIdx>,
}

/// Unresolved citations across the site, grouped by canonical text, the
/// most-cited (by number of citing documents) first, then by text.
/// `links[i]` belongs to `docs[i]`.
pub fn unresolved(docs: &[DocRef<'_>], links: &[DocLinks]) -> Vec<Unresolved> {
    let mut groups: HashMap<&str, Vec<DocIdx>> = HashMap::new();
    for (d, l) in docs.iter().zip(links) {
        for c in l.cites.iter().filter(|c| c.target.is_none()) {
            groups.entry(c.canonical.as_str()).or_default().push(d.idx);
        }
    }
    let mut v: Vec<Unresolved> = groups
        .into_iter()
        .map(|(text, mut cited_in)| {
            cited_in.sort_unstable();
            cited_in.dedup();
            Unresolved {
                text: text.to_string(),
                cited_in,
            }
        })
        .collect();
    v.sort_by(|a, b| {
        b.cited_in
            .len()
            .cmp(&a.cited_in.len())
            .then_with(|| a.text.cmp(&b.text))
    });
    v
}

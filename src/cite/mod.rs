//! Citations between documents (SPEC §3): recognising document numbers and
//! 《titles》 in text, and resolving them against the site's own documents.
//!
//! STUB: the interface the parse stage calls. Filled in by the citations work.

use crate::model::{DocIdx, RelationType};

/// What the resolver needs to know of each document of the site.
#[derive(Debug, Clone)]
pub struct DocRef<'a> {
    pub idx: DocIdx,
    pub title: &'a str,
    /// Canonical doc number from front matter.
    pub doc_number: Option<&'a str>,
    pub date: Option<crate::model::Date>,
}

/// The site's own numbers and titles, built once per build.
#[derive(Debug, Default)]
pub struct Known {}

impl Known {
    pub fn new(_docs: &[DocRef<'_>]) -> Known {
        Known {}
    }
}

/// One citation found in a chunk of text; `start..end` are byte offsets
/// into the chunk passed to [`Scanner::scan`].
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub start: usize,
    pub end: usize,
    /// As written in the text.
    pub text: String,
    pub target: Option<DocIdx>,
    /// Several documents matched and one was picked.
    pub ambiguous: bool,
    pub kind: RelationType,
}

/// Scans the text of one document, chunk by chunk in reading order (aliases
/// such as （以下简称《条例》） carry from one chunk to the next).
pub struct Scanner<'k> {
    _known: &'k Known,
    _self_idx: DocIdx,
}

impl<'k> Scanner<'k> {
    pub fn new(known: &'k Known, self_idx: DocIdx, _self_title: &str) -> Scanner<'k> {
        Scanner {
            _known: known,
            _self_idx: self_idx,
        }
    }

    /// Citations in `text`, in order, non-overlapping.
    pub fn scan(&mut self, _text: &str) -> Vec<Citation> {
        Vec::new()
    }
}

/// Canonical form of a document number such as `新政办发〔2020〕44号`, or
/// `None` when `s` is not one.
pub fn canonical_doc_number(s: &str) -> Option<String> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.ends_with('号') {
        Some(t)
    } else {
        None
    }
}

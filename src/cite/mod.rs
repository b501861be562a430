//! Citations between documents (SPEC §3): recognising document numbers and
//! 《titles》 in text, and resolving them against the site's own documents.
//!
//! - [`number`]: recognising and normalising document numbers;
//! - [`title`]: 《title》 spans and the key titles are compared under;
//! - [`resolve`]: the [`Known`] index of the site and 机关代字 trimming;
//! - [`scan`]: the per-document [`Scanner`] and [`scan_title`].
//!
//! Everything here is pure and linear in the size of the text scanned.
//!
//! # How the pipeline uses it
//!
//! 1. Build one [`Known`] from every document ([`DocRef`]).
//! 2. Per document: `scan_title(&known, idx, title)` for its title, then one
//!    [`Scanner::new`]`(&known, idx, title)` fed, in reading order, every
//!    text chunk outside code and links. **Merge adjacent text events first**
//!    (`pulldown_cmark::TextMergeStream`): pulldown-cmark splits
//!    `银保监办发[2020]39号` into `银保监办发`, `[`, `2020`, `]`, `39号`.
//!    Optionally call [`Scanner::end_block`] at the end of each paragraph,
//!    list item or table cell.
//! 3. Link each citation whose `target` is `Some(t)` with `t != idx`
//!    (a document's own number is returned with its own index: skip it).
//! 4. Give all citations (title first, then body) to [`crate::link::build`].

mod chars;
pub mod number;
pub mod resolve;
pub mod scan;
pub mod title;

use crate::model::{DocIdx, RelationType};

pub use number::{canonical_doc_number, NumberForm};
pub use resolve::Known;
pub use scan::{scan_title, Scanner};
pub use title::title_key;

/// What the resolver needs to know of each document of the site.
#[derive(Debug, Clone)]
pub struct DocRef<'a> {
    pub idx: DocIdx,
    pub title: &'a str,
    /// Canonical doc number from front matter.
    pub doc_number: Option<&'a str>,
    pub date: Option<crate::model::Date>,
    /// Slug of the publication the document is printed in.
    pub publication: &'a str,
}

/// One citation found in a chunk of text; `start..end` are byte offsets
/// into the chunk passed to [`Scanner::scan`].
///
/// `target == Some(self_idx)` for a citation of the scanning document itself
/// (its own number, say): report it, but do not link it.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub start: usize,
    pub end: usize,
    /// As written in the text (`6号` for the second number of `5号、6号`).
    pub text: String,
    /// Canonical form: the normalised number (`国发〔2019〕6号`), or the
    /// title without stray spaces in 《》 (`《优化营商环境条例》`). Unresolved
    /// citations are grouped by it.
    pub canonical: String,
    pub target: Option<DocIdx>,
    /// Several documents matched and one was picked.
    pub ambiguous: bool,
    pub kind: RelationType,
}

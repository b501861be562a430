//! Client-side search (SPEC §4). STUB: filled in by the search work.

/// One document as the search index sees it.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Relative to the site root, e.g. `xj/2020-17-18/xzf-2020-37/index.html`.
    pub url: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub issuer: Vec<String>,
    pub date: Option<String>,
    /// Publication slug and title.
    pub publication: String,
    pub publication_title: String,
    /// Issue title, e.g. `2020年第17-18号`.
    pub issue: String,
    pub year: Option<u16>,
    /// Plain text of the body (no markup), paragraphs separated by `\n`.
    pub text: String,
}

/// Files of the index, as (path relative to the output root, contents).
pub fn build_index(_docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    Vec::new()
}

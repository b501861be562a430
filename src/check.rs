//! `gazette check`: everything `build` validates (every page is rendered,
//! nothing is written), plus editorial warnings that a build lets through.
//!
//! Warnings:
//! - a document whose text starts with a document number but whose front
//!   matter has no `doc_number`;
//! - an issue with no documents;
//! - a document `section` that its issue's `sections` list lacks;
//! - unresolved citations, most-cited first.

use crate::diag::{Diag, Severity};
use crate::model::Site;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
}

/// What `check` found. `diags` holds errors and warnings, errors first.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub diags: Vec<Diag>,
    /// Unresolved citations: text as written → citing files, most-cited first.
    pub unresolved: Vec<(String, Vec<PathBuf>)>,
    pub documents: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.diags.len() - self.errors()
    }
    /// Turns every warning into an error (`--deny-warnings`).
    pub fn deny_warnings(&mut self) {
        for d in &mut self.diags {
            d.severity = Severity::Error;
        }
    }
}

pub fn check(opts: &Options) -> Report {
    let mut report = Report::default();
    // Drafts are validated too: they are content that will be published.
    let build_opts = crate::build::Options {
        root: opts.root.clone(),
        out: opts.root.join("public"),
        drafts: true,
        ..Default::default()
    };
    match crate::build::validate(&build_opts) {
        Err(diags) => report.diags.extend(diags),
        Ok(summary) => {
            report.documents = summary.documents;
            report.diags.extend(summary.warnings);
            let groups = group_unresolved(&summary.unresolved);
            for (text, written, files) in &groups {
                report
                    .diags
                    .push(unresolved_warning(&opts.root, text, written, files));
            }
            report.unresolved = groups.into_iter().map(|(t, _, f)| (t, f)).collect();
        }
    }
    // The editorial checks need only a loaded site; when loading failed,
    // the errors above already say why.
    if let Ok((site, _)) = crate::load::load(&opts.root, &crate::load::Options { drafts: true }) {
        report.diags.extend(editorial(&site));
    }
    // Errors first, then warnings in file order; unresolved citations keep
    // their most-cited-first order at the end.
    let (mut cites, mut rest): (Vec<Diag>, Vec<Diag>) = report
        .diags
        .drain(..)
        .partition(|d| d.message.starts_with("unresolved citation"));
    crate::diag::sort(&mut rest);
    rest.sort_by_key(|d| d.severity);
    cites.sort_by_key(|d| d.severity);
    report.diags = rest;
    report.diags.append(&mut cites);
    report
}

/// Groups by canonical text (most-cited first); each group keeps the text
/// as first written, to find it in the file.
fn group_unresolved(list: &[(PathBuf, String, String)]) -> Vec<(String, String, Vec<PathBuf>)> {
    let mut by_text: BTreeMap<&str, (&str, Vec<PathBuf>)> = BTreeMap::new();
    for (file, canonical, written) in list {
        let (_, files) = by_text.entry(canonical).or_insert((written, Vec::new()));
        if !files.contains(file) {
            files.push(file.clone());
        }
    }
    let mut out: Vec<(String, String, Vec<PathBuf>)> = by_text
        .into_iter()
        .map(|(t, (w, f))| (t.to_string(), w.to_string(), f))
        .collect();
    // Most cited first; ties by text so the output is stable.
    out.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then_with(|| a.0.cmp(&b.0)));
    out
}

fn unresolved_warning(root: &Path, text: &str, written: &str, files: &[PathBuf]) -> Diag {
    let first = &files[0];
    let mut d = Diag::warning(format!(
        "unresolved citation `{text}` (cited by {} document{})",
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    ))
    .in_file(first);
    if let Ok(src) = std::fs::read_to_string(root.join(first)) {
        if let Some(at) = find_in_body(&src, written).or_else(|| find_in_body(&src, text)) {
            d = d.at_offset(&src, at, written.chars().count());
        }
    }
    let mut help = String::from(
        "no document of the site has this number or title; add the cited document, or check the spelling",
    );
    if files.len() > 1 {
        let others: Vec<String> = files[1..]
            .iter()
            .take(5)
            .map(|f| f.display().to_string())
            .collect();
        help.push_str(&format!("; also cited in {}", others.join(", ")));
        if files.len() > 6 {
            help.push_str(&format!(" and {} more", files.len() - 6));
        }
    }
    d.help(help)
}

/// Byte offset of `text` in the body of `src` (after the front matter);
/// whitespace inside `text` may differ, so fall back to its first 4 chars.
fn find_in_body(src: &str, text: &str) -> Option<usize> {
    let body_start = body_offset(src);
    let body = &src[body_start..];
    body.find(text)
        .or_else(|| {
            let head: String = text
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(4)
                .collect();
            (!head.is_empty()).then(|| body.find(&head)).flatten()
        })
        .map(|i| i + body_start)
}

fn body_offset(src: &str) -> usize {
    match crate::frontmatter::split(src, Path::new("")) {
        Ok(Some(split)) => src.len() - split.body.len(),
        _ => 0,
    }
}

/// Warnings about content that builds but is probably not what the editor
/// meant.
pub fn editorial(site: &Site) -> Vec<Diag> {
    let mut out = Vec::new();
    for p in &site.publications {
        for issue in &p.issues {
            if issue.documents.is_empty() {
                let src = read(&site.root, &issue.source);
                out.push(
                    Diag::warning(format!(
                        "issue `{}/{}` has no documents",
                        p.slug, issue.slug
                    ))
                    .in_file(&issue.source)
                    .at(&src, 1, 1, 3)
                    .help(format!(
                        "add documents with `gazette new doc {}/{}/<slug>` or `gazette import`",
                        p.slug, issue.slug
                    )),
                );
            }
            for doc in &issue.documents {
                let src = read(&site.root, &doc.source);
                if let Some(section) = &doc.section {
                    if !issue.sections.iter().any(|s| s == section) {
                        let (line, col) = key_position(&src, "section");
                        let help = if issue.sections.is_empty() {
                            format!(
                                "the issue has no `sections` list; add `sections: [\"{section}\"]` to {}",
                                issue.source.display()
                            )
                        } else {
                            format!(
                                "the issue's sections are: {}; fix the section here or add it to `sections` in {}",
                                issue.sections.join("、"),
                                issue.source.display()
                            )
                        };
                        out.push(
                            Diag::warning(format!(
                                "section `{section}` is not in the issue's `sections` list"
                            ))
                            .in_file(&doc.source)
                            .at(&src, line, col, "section".len())
                            .help(help),
                        );
                    }
                }
                if doc.doc_number.is_none() {
                    if let Some((offset, number)) = leading_doc_number(&src) {
                        let canonical =
                            crate::cite::canonical_doc_number(&number).unwrap_or(number.clone());
                        out.push(
                            Diag::warning(format!(
                                "the text starts with the document number `{number}` but the front matter has no `doc_number`"
                            ))
                            .in_file(&doc.source)
                            .at_offset(&src, offset, number.chars().count())
                            .help(format!(
                                "add `doc_number: \"{canonical}\"` to the front matter so that citations of it resolve"
                            )),
                        );
                    }
                }
            }
        }
    }
    out
}

fn read(root: &Path, shown: &Path) -> String {
    std::fs::read_to_string(root.join(shown)).unwrap_or_default()
}

/// 1-based line and column of `key:` in the front matter, or 1:1.
fn key_position(src: &str, key: &str) -> (usize, usize) {
    let prefix = format!("{key}:");
    src.lines()
        .position(|l| l.starts_with(&prefix))
        .map_or((1, 1), |i| (i + 1, 1))
}

/// The document number on the first non-empty line of the body, if that
/// line is one (possibly followed by a short remainder such as a date).
fn leading_doc_number(src: &str) -> Option<(usize, String)> {
    let start = body_offset(src);
    let body = &src[start..];
    let mut offset = start;
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        if t.is_empty() {
            offset += line.len();
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let t = t.trim_start_matches(['#', '*', ' ']).trim_end_matches('*');
        let n = doc_number_prefix(t)?;
        // A whole line that is (mostly) the number, not a sentence citing one.
        if t.chars().count() > n.chars().count() + 4 {
            return None;
        }
        let inner = line.find(&n).unwrap_or(lead);
        return Some((offset + inner, n));
    }
    None
}

/// A document number at the start of `t`: Han 机关代字, a year in brackets,
/// a serial number and 号 (GB/T 9704), or an order `…令第N号`.
pub fn doc_number_prefix(t: &str) -> Option<String> {
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() && is_han(chars[i]) {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let code_end = i;
    let skip_ws = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    // 令第N号
    if code_end >= 2 && chars[code_end - 1] == '第' && chars[code_end - 2] == '令' {
        let digits = count_digits(&chars[i..]);
        if digits > 0 {
            i += digits;
            skip_ws(&mut i);
            if chars.get(i) == Some(&'号') {
                return Some(chars[..=i].iter().collect());
            }
        }
        return None;
    }
    if !matches!(
        chars.get(i),
        Some('〔' | '[' | '［' | '【' | '(' | '（' | '﹝')
    ) {
        return None;
    }
    i += 1;
    skip_ws(&mut i);
    if count_digits(&chars[i..]) != 4 {
        return None;
    }
    i += 4;
    skip_ws(&mut i);
    if !matches!(
        chars.get(i),
        Some('〕' | ']' | '］' | '】' | ')' | '）' | '﹞')
    ) {
        return None;
    }
    i += 1;
    skip_ws(&mut i);
    let digits = count_digits(&chars[i..]);
    if digits == 0 {
        return None;
    }
    i += digits;
    skip_ws(&mut i);
    (chars.get(i) == Some(&'号')).then(|| chars[..=i].iter().collect())
}

fn count_digits(chars: &[char]) -> usize {
    chars
        .iter()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(*c))
        .count()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_document_numbers_at_line_start() {
        assert_eq!(
            doc_number_prefix("新政办发〔2020〕44号").as_deref(),
            Some("新政办发〔2020〕44号")
        );
        assert_eq!(
            doc_number_prefix("国办发[2020] 6 号").as_deref(),
            Some("国办发[2020] 6 号")
        );
        assert_eq!(
            doc_number_prefix("国务院令第722号").as_deref(),
            Some("国务院令第722号")
        );
        assert_eq!(doc_number_prefix("各银保监局，各财产保险公司："), None);
        assert_eq!(doc_number_prefix("2020年5月8日"), None);
        assert_eq!(doc_number_prefix("(2020年5月11日)"), None);
    }

    #[test]
    fn leading_number_only_when_the_line_is_the_number() {
        let src = "---\ntitle: x\n---\n\n新政办发〔2020〕44号\n\n正文。\n";
        let (off, n) = leading_doc_number(src).unwrap();
        assert_eq!(n, "新政办发〔2020〕44号");
        assert_eq!(crate::diag::line_col(src, off), (5, 1));
        let src = "---\ntitle: x\n---\n新政办发〔2020〕44号文件规定，各单位应当如此办理。\n";
        assert!(leading_doc_number(src).is_none());
    }

    #[test]
    fn unresolved_citation_is_located_in_the_body() {
        let dir = tempfile::tempdir().unwrap();
        let rel = Path::new("content/p/i/a.md");
        std::fs::create_dir_all(dir.path().join("content/p/i")).unwrap();
        std::fs::write(
            dir.path().join(rel),
            "---\ntitle: 《某某条例》的说明\n---\n\n根据《某某条例》，制定本办法。\n",
        )
        .unwrap();
        let files = vec![rel.to_path_buf(), PathBuf::from("content/p/i/b.md")];
        let d = unresolved_warning(dir.path(), "《某某条例》", "《某某条例》", &files);
        assert_eq!((d.line, d.column), (5, 3));
        assert!(d.message.contains("cited by 2 documents"));
        assert!(d.help.unwrap().contains("content/p/i/b.md"));
    }

    #[test]
    fn unresolved_are_grouped_most_cited_first() {
        let e = |f: &str, t: &str| (PathBuf::from(f), t.to_string(), t.to_string());
        let list = vec![
            e("a.md", "《甲》"),
            e("a.md", "《乙》"),
            e("b.md", "《乙》"),
        ];
        let g = group_unresolved(&list);
        assert_eq!(g[0].0, "《乙》");
        assert_eq!(g[0].2.len(), 2);
        assert_eq!(g[1].0, "《甲》");
    }
}

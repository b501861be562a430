//! Stage 2: Markdown to HTML, with citations recognised and linked.
//!
//! A build parses every document without its HTML (`parse_without_html`)
//! and makes the HTML of each page at render time (`html_again`), so that
//! the HTML of every document is never held at once.
//!
//! One pass over pulldown-cmark's events per document: fenced code is
//! highlighted, unsafe URLs are dropped, headings get anchors, plain text is
//! collected for the search index, and text outside code and links is fed to
//! the citation scanner so that resolved citations become links.

use crate::cite::{Citation, Scanner};
use crate::model::DocIdx;
use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeStream,
};
use std::collections::HashSet;

/// The result of parsing one Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Empty from [`parse_without_html`].
    pub html: String,
    /// Plain text, one block per line, for search and excerpts.
    pub text: String,
    /// Citations in reading order (resolved or not).
    pub citations: Vec<Citation>,
    pub headings: Vec<Heading>,
    /// The citations made links, only from [`parse_without_html`]: what
    /// [`html_again`] needs of them, so that it does not run the citation
    /// scanner again (a fifth of a parse).
    pub cite_links: Vec<CiteLink>,
}

/// Where a citation became a link. Small (20 bytes) because one is held
/// for every linked citation of the site from parse to the index (77,000
/// at 10,000 documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CiteLink {
    /// Which text chunk, counting those given to the citation scanner.
    chunk: u32,
    /// Byte range in that chunk.
    start: u32,
    end: u32,
    target: u32,
    ambiguous: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// How citations are turned into links for one document.
pub struct Linker<'a> {
    pub scanner: Scanner<'a>,
    pub self_idx: DocIdx,
    /// Output path (e.g. `pub/issue/doc/`) of every document, by `DocIdx`.
    pub targets: &'a [String],
    /// Prefix from this page to the site root, e.g. `../../../`.
    pub root: &'a str,
    /// `index.html`, or empty for pretty URLs.
    pub suffix: &'a str,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What one pass over a document makes.
#[derive(Clone, Copy)]
enum Make<'f> {
    Everything,
    /// Everything but the HTML, and the `cite_links` that `HtmlAgain` needs.
    AllButHtml,
    /// The HTML alone, from the heading ids and cite links of an
    /// `AllButHtml` pass over the same Markdown (the text, headings and
    /// citations it would make again are thrown away by render).
    HtmlAgain(&'f Parsed),
}

/// Renders `markdown`; with a `linker`, citations become links.
pub fn parse(markdown: &str, linker: Option<&mut Linker<'_>>) -> Parsed {
    parse_with(markdown, linker, Make::Everything)
}

/// [`parse`] without the HTML (left empty): the text, citations and
/// headings, which a build needs of every document before it renders any.
/// The HTML is made again at render time ([`html_again`]), one page at a
/// time, instead of being held for every document (165 MB at 10,000
/// documents).
pub fn parse_without_html(markdown: &str, linker: Option<&mut Linker<'_>>) -> Parsed {
    parse_with(markdown, linker, Make::AllButHtml)
}

/// The HTML [`parse`] would make of `markdown`, given `first`, what
/// [`parse_without_html`] made of the same `markdown` with the same
/// `linker`: its heading ids and citation links are used again, not
/// recomputed.
pub fn html_again(markdown: &str, linker: Option<&mut Linker<'_>>, first: &Parsed) -> String {
    parse_with(markdown, linker, Make::HtmlAgain(first)).html
}

fn parse_with(markdown: &str, mut linker: Option<&mut Linker<'_>>, make: Make<'_>) -> Parsed {
    let want_html = !matches!(make, Make::AllButHtml);
    let first = match make {
        Make::HtmlAgain(f) => Some(f),
        _ => None,
    };
    let mut out = Parsed::default();
    let mut events: Vec<Event<'_>> = Vec::with_capacity(markdown.len() / 16);
    let mut in_code_block: Option<String> = None;
    let mut code_buf = String::new();
    let mut link_depth = 0usize;
    let mut image_depth = 0usize;
    let mut raw_html = false;
    let mut heading: Option<(usize, HeadingLevel, Option<String>)> = None;
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut heading_text = String::new();
    // Where the current paragraph starts, in `events` and in `out.text`.
    let mut paragraph: Option<(usize, usize)> = None;
    // Text chunks given to the citation scanner and headings ended so
    // far: how the first pass's links and ids are matched to this pass's.
    let mut chunks = 0u32;
    let mut headings_seen = 0usize;
    // The links of the current chunk; those of the first pass to come.
    let mut links: Vec<CiteLink> = Vec::new();
    let mut first_links = first.map_or(&[][..], |f| f.cite_links.as_slice());

    // Merged so that a number the parser split at brackets (`[2020]` starts
    // a link reference) reaches the citation scanner in one piece.
    for event in TextMergeStream::new(Parser::new_ext(markdown, options())) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = Some(match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                });
                code_buf.clear();
            }
            Event::End(TagEnd::CodeBlock) => {
                let lang = in_code_block.take().unwrap_or_default();
                if want_html {
                    events.push(Event::Html(code_block_html(&code_buf, &lang).into()));
                }
                push_block_text(&mut out.text, &code_buf);
            }
            Event::Text(t) if in_code_block.is_some() => code_buf.push_str(&t),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some((events.len(), level, id.map(|s| s.to_string())));
                heading_text.clear();
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((at, _, explicit)) = heading.take() {
                    // Ids are de-duplicated against every heading before,
                    // so the n-th heading's id is the n-th of the first pass.
                    let again = first.and_then(|f| f.headings.get(headings_seen));
                    headings_seen += 1;
                    let id = match again {
                        Some(h) => h.id.clone(),
                        None => unique_id(
                            explicit.unwrap_or_else(|| anchor_id(&heading_text)),
                            &mut used_ids,
                        ),
                    };
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[at] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    if first.is_none() {
                        out.headings.push(Heading {
                            level: level as u8,
                            id,
                            text: heading_text.trim().to_string(),
                        });
                    }
                }
                events.push(Event::End(TagEnd::Heading(level)));
                out.text.push('\n');
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                let dest_url = if crate::sanitize::safe_url(&dest_url) {
                    rebase(dest_url, linker.as_deref())
                } else {
                    CowStr::from("#")
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image_depth += 1;
                let dest_url = if crate::sanitize::safe_url(&dest_url) {
                    rebase(dest_url, linker.as_deref())
                } else {
                    CowStr::from("")
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                image_depth = image_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::Image));
            }
            Event::Text(t) => {
                if heading.is_some() {
                    heading_text.push_str(&t);
                }
                if image_depth == 0 {
                    out.text.push_str(&t);
                }
                match linker.as_deref_mut() {
                    Some(l) if link_depth == 0 && image_depth == 0 => {
                        let chunk = chunks;
                        chunks += 1;
                        let these = match first {
                            Some(_) => {
                                let n = first_links.iter().take_while(|c| c.chunk == chunk).count();
                                let (these, rest) = first_links.split_at(n);
                                first_links = rest;
                                these
                            }
                            None => {
                                links.clear();
                                find_links(&t, chunk, l, &mut links, &mut out.citations);
                                if !want_html {
                                    out.cite_links.extend_from_slice(&links);
                                }
                                &links[..]
                            }
                        };
                        if want_html {
                            push_linked(t, these, l, &mut events);
                        }
                    }
                    _ => events.push(Event::Text(t)),
                }
            }
            Event::Code(t) => {
                if heading.is_some() {
                    heading_text.push_str(&t);
                }
                out.text.push_str(&t);
                events.push(Event::Code(t));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                raw_html = true;
                events.push(Event::Html(h));
            }
            Event::SoftBreak | Event::HardBreak => {
                out.text.push('\n');
                events.push(event);
            }
            Event::Start(Tag::Paragraph) => {
                if first.is_some() {
                    // The text is not kept: only the current paragraph's
                    // is read, to tell a signature.
                    out.text.clear();
                }
                paragraph = Some((events.len(), out.text.len()));
                events.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some((at, from)) = paragraph.take() {
                    if is_signature(&out.text[from..]) {
                        events[at] = Event::Html(CowStr::from("<p class=\"signature\">"));
                    }
                }
                out.text.push('\n');
                events.push(event);
            }
            Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_)) => {
                out.text.push('\n');
                events.push(event);
            }
            other => events.push(other),
        }
    }
    if want_html {
        out.html.reserve(markdown.len() * 3 / 2);
        html::push_html(&mut out.html, events.into_iter());
        if raw_html {
            out.html = crate::sanitize::clean(&out.html);
        }
    }
    if first.is_some() {
        // Spliced into its page and dropped: not worth a copy to shrink.
        out.text = String::new();
        return out;
    }
    if out.text.ends_with('\n') {
        out.text.pop();
    }
    // Every document's text is held until the index (and, for serve, its
    // HTML for good): the slack of their growth was a third of the memory
    // after parse.
    out.html.shrink_to_fit();
    out.text.shrink_to_fit();
    out.cite_links.shrink_to_fit();
    out
}

/// A document's page is a folder below its Markdown file
/// (`issue/doc.md` → `issue/doc/index.html`), so a relative link or image
/// written next to the file (`fig.png`) must climb one level.
fn rebase<'e>(url: CowStr<'e>, linker: Option<&Linker<'_>>) -> CowStr<'e> {
    let relative = !url.is_empty()
        && !url.starts_with(['#', '/', '?'])
        && !url
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .contains(':');
    match linker {
        Some(_) if relative => CowStr::from(format!("../{url}")),
        _ => url,
    }
}

/// A signature block: the issuing body on one line, the date on the last
/// (`新疆维吾尔自治区人民政府⏎2020年8月26日`); set right-aligned as in print.
fn is_signature(paragraph: &str) -> bool {
    // Asked of every paragraph, twice per build: most are told by their
    // last character, without splitting them into lines.
    if !paragraph.trim_end().ends_with('日') {
        return false;
    }
    let lines: Vec<&str> = paragraph.trim().lines().map(str::trim).collect();
    let [.., organ, date] = lines.as_slice() else {
        return false;
    };
    let is_date = |s: &str| {
        let mut rest = s;
        for (unit, max_len) in [('年', 4), ('月', 2), ('日', 2)] {
            let Some(i) = rest.find(unit) else {
                return false;
            };
            let digits = &rest[..i];
            if digits.is_empty()
                || digits.chars().count() > max_len
                || !digits.chars().all(|c| c.is_ascii_digit())
            {
                return false;
            }
            rest = &rest[i + unit.len_utf8()..];
        }
        rest.is_empty()
    };
    lines.len() <= 4
        && is_date(date)
        && (2..=40).contains(&organ.chars().count())
        && !organ.ends_with(['。', '；', '，', '：'])
}

fn push_block_text(text: &mut String, block: &str) {
    text.push_str(block.trim_end());
    text.push('\n');
}

/// Scans text chunk number `chunk`: its citations go to `found`, and
/// those to link (resolved, to another document) to `links`.
fn find_links(
    text: &str,
    chunk: u32,
    linker: &mut Linker<'_>,
    links: &mut Vec<CiteLink>,
    found: &mut Vec<Citation>,
) {
    for c in linker.scanner.scan(text) {
        if let Some(t) = c.target.filter(|&t| t != linker.self_idx) {
            links.push(CiteLink {
                chunk,
                start: c.start as u32,
                end: c.end as u32,
                target: t as u32,
                ambiguous: c.ambiguous,
            });
        }
        found.push(c);
    }
}

/// Splits one text event at its `links`, wrapping each in a link.
fn push_linked<'e>(
    text: CowStr<'e>,
    links: &[CiteLink],
    linker: &Linker<'_>,
    events: &mut Vec<Event<'e>>,
) {
    if links.is_empty() {
        events.push(Event::Text(text));
        return;
    }
    let mut last = 0;
    for c in links {
        let (start, end) = (c.start as usize, c.end as usize);
        if start > last {
            events.push(Event::Text(CowStr::from(text[last..start].to_string())));
        }
        let mut open = String::with_capacity(64);
        open.push_str("<a class=\"cite");
        if c.ambiguous {
            open.push_str(" ambiguous");
        }
        open.push_str("\" href=\"");
        open.push_str(linker.root);
        open.push_str(&linker.targets[c.target as usize]);
        open.push_str(linker.suffix);
        open.push_str("\">");
        events.push(Event::InlineHtml(CowStr::from(open)));
        events.push(Event::Text(CowStr::from(text[start..end].to_string())));
        events.push(Event::InlineHtml(CowStr::from("</a>")));
        last = end;
    }
    if last < text.len() {
        events.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
}

fn code_block_html(code: &str, lang: &str) -> String {
    let mut html = String::with_capacity(code.len() + 64);
    if !lang.is_empty() {
        if let Some(inner) = crate::highlight::highlight(code, lang) {
            html.push_str("<pre class=\"code\"><code class=\"language-");
            escape_into(&mut html, lang);
            html.push_str("\">");
            html.push_str(&inner);
            html.push_str("</code></pre>\n");
            return html;
        }
    }
    html.push_str("<pre class=\"code\"><code");
    if !lang.is_empty() {
        html.push_str(" class=\"language-");
        escape_into(&mut html, lang);
        html.push('"');
    }
    html.push('>');
    escape_into(&mut html, code);
    html.push_str("</code></pre>\n");
    html
}

pub fn escape_into(out: &mut String, s: &str) {
    // The escapes of pulldown-cmark's own HTML (the same five characters),
    // sixteen bytes at a time: most text (all Chinese prose) has nothing
    // to escape. Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

/// An id for a heading: its text with spaces as `-`, keeping Han characters
/// (browsers accept any non-space id, and Chinese headings need them).
pub fn anchor_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) || (!c.is_ascii() && c.is_alphanumeric()) {
            // Han and other scripts have no case worth folding in an id.
            id.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_') && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| used.insert(c.clone()))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_on() {
        let p = parse(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ [^1]\n\n[^1]: note\n\n- [x] done\n",
            None,
        );
        assert!(p.html.contains("<table>"), "{}", p.html);
        assert!(p.html.contains("<del>x</del>"));
        assert!(p.html.contains("footnote"));
        assert!(p.html.contains("checkbox"));
    }

    #[test]
    fn headings_get_unique_anchors() {
        let p = parse(
            "## 一、总体要求\n\n## 一、总体要求\n\n## Custom {#own}\n",
            None,
        );
        assert!(p.html.contains(r#"<h2 id="一总体要求">"#), "{}", p.html);
        assert!(p.html.contains(r#"<h2 id="一总体要求-1">"#), "{}", p.html);
        assert!(p.html.contains(r#"<h2 id="own">"#), "{}", p.html);
        assert_eq!(p.headings.len(), 3);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let p = parse("```rust\nfn main() {}\n```\n", None);
        assert!(p.html.contains("hl-"), "{}", p.html);
        assert!(!p.html.contains("style="), "{}", p.html);
        let plain = parse("```nosuchlang\n<b>\n```\n", None);
        assert!(plain.html.contains("&lt;b&gt;"), "{}", plain.html);
    }

    #[test]
    fn raw_html_is_sanitised() {
        let p = parse("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1))\n", None);
        assert!(!p.html.contains("<script"), "{}", p.html);
        assert!(!p.html.contains("onerror"), "{}", p.html);
        assert!(!p.html.contains("javascript:"), "{}", p.html);
    }

    #[test]
    fn relative_urls_climb_out_of_the_document_folder() {
        let known = crate::cite::Known::new(&[]);
        let targets = Vec::new();
        let mut l = Linker {
            scanner: crate::cite::Scanner::new(&known, 0, "t"),
            self_idx: 0,
            targets: &targets,
            root: "../../../",
            suffix: "index.html",
        };
        let p = parse(
            "![f](fig.png) [a](https://x.org/a) [b](#h) [c](sub/c.pdf)",
            Some(&mut l),
        );
        assert!(p.html.contains(r#"src="../fig.png""#), "{}", p.html);
        assert!(p.html.contains(r#"href="https://x.org/a""#), "{}", p.html);
        assert!(p.html.contains(r##"href="#h""##), "{}", p.html);
        assert!(p.html.contains(r#"href="../sub/c.pdf""#), "{}", p.html);
    }

    #[test]
    fn signature_blocks_are_marked() {
        let p = parse(
            "正文。\n\n新疆维吾尔自治区人民政府  \n2020年8月26日\n",
            None,
        );
        assert!(
            p.html
                .contains("<p class=\"signature\">新疆维吾尔自治区人民政府"),
            "{}",
            p.html
        );
        let q = parse("本通知自2020年8月26日起执行。\n", None);
        assert!(!q.html.contains("signature"), "{}", q.html);
        let one_line = parse("本通知发布于2020年8月26日\n", None);
        assert!(!one_line.html.contains("signature"), "{}", one_line.html);
        let trailing_space = parse("新疆维吾尔自治区人民政府\n2020年8月26日\u{3000}\n", None);
        assert!(
            trailing_space.html.contains("<p class=\"signature\">"),
            "{}",
            trailing_space.html
        );
    }

    /// The HTML made again from a first pass without HTML is the HTML of
    /// one full pass: linked citations (several in a chunk, ambiguous, of
    /// the document itself, in links and code where they are not linked),
    /// duplicate and explicit heading ids, tables, code, signatures.
    #[test]
    fn html_again_equals_the_html_of_one_pass() {
        use crate::cite::{DocRef, Known};
        let date = crate::model::Date::parse("2020-01-01");
        let doc = |idx, title, doc_number| DocRef {
            idx,
            title,
            doc_number,
            date,
            publication: "gb",
        };
        let refs = [
            doc(0, "关于本文的通知", Some("国发〔2020〕1号")),
            doc(1, "优化营商环境条例", Some("国发〔2019〕6号")),
            doc(2, "关于某事的通知", Some("国办发〔2020〕2号")),
            doc(3, "关于某事的通知", Some("国办发〔2020〕3号")),
            doc(4, "关于另一事的意见", Some("国办发〔2020〕4号")),
        ];
        let known = Known::new(&refs);
        let targets: Vec<String> = (0..refs.len()).map(|i| format!("gb/i/d{i}/")).collect();
        let linker = || Linker {
            scanner: crate::cite::Scanner::new(&known, 0, "关于本文的通知"),
            self_idx: 0,
            targets: &targets,
            root: "../../../",
            suffix: "index.html",
        };
        let bodies = [
            "## 一、总体要求\n\n根据《优化营商环境条例》（国发〔2019〕6号）和国办发〔2020〕4号、5号，\n\
             以及《关于某事的通知》，现将本文（国发〔2020〕1号）印发。\n\n\
             ## 一、总体要求\n\n## 一、总体要求-1\n\n### Custom {#own}\n\n## 一、总体要求\n\n\
             | 文件 | 文号 |\n|---|---|\n| 《优化营商环境条例》 | 国办发[2020]4号 |\n\n\
             ```rust\nfn main() { let _ = \"国发〔2019〕6号\"; }\n```\n\n\
             `国发〔2019〕6号` [见国发〔2019〕6号](https://x.org/a) ![国发〔2019〕6号](fig.png)\n\n\
             - 国发〔2019〕6号\n- 《优化营商环境条例》\n\n\
             > 《优化营商环境条例》（以下简称《条例》）。《条例》第三条。\n\n\
             新疆维吾尔自治区人民政府  \n2020年8月26日\n",
            "没有标题，也没有引用。\n",
            "",
        ];
        for body in bodies {
            let one_pass = parse(body, Some(&mut linker()));
            let first = parse_without_html(body, Some(&mut linker()));
            assert!(first.html.is_empty());
            assert_eq!(
                first.cite_links.is_empty(),
                !one_pass.html.contains("class=\"cite")
            );
            assert_eq!(first.headings.len(), one_pass.headings.len());
            assert_eq!(first.citations, one_pass.citations);
            assert_eq!(html_again(body, Some(&mut linker()), &first), one_pass.html);
        }
        let full = parse(bodies[0], Some(&mut linker()));
        for (needle, times) in [
            ("<a class=\"cite\" href=\"../../../gb/i/d1/index.html\">", 7),
            ("<a class=\"cite\" href=\"../../../gb/i/d4/index.html\">", 2),
            ("<a class=\"cite ambiguous\"", 1),
            ("id=\"一总体要求-1\"", 1),
            ("id=\"一总体要求-1-1\"", 1),
            ("id=\"一总体要求-2\"", 1),
            ("id=\"own\"", 1),
            ("<table>", 1),
            ("hl-", 1),
            ("class=\"signature\"", 1),
        ] {
            assert!(
                full.html.matches(needle).count() >= times,
                "{needle} {}",
                full.html
            );
        }
        assert!(!full.html.contains("d0/index.html"), "{}", full.html);
    }

    /// Short strings take pulldown-cmark-escape's scalar path, longer ones
    /// its SIMD path: both escape the same five characters the same way.
    #[test]
    fn escape_into_escapes_five_characters() {
        let mut short = String::new();
        escape_into(&mut short, "<a&'\">");
        assert_eq!(short, "&lt;a&amp;&#39;&quot;&gt;");
        let mut long = String::new();
        escape_into(&mut long, "《条例》<b>&\"x\"'y'/ 第一条至第三十条");
        assert_eq!(
            long,
            "《条例》&lt;b&gt;&amp;&quot;x&quot;&#39;y&#39;/ 第一条至第三十条"
        );
    }

    #[test]
    fn text_is_plain() {
        let p = parse("## 标题\n\n第一段**加粗**。\n\n- 项目\n", None);
        assert_eq!(p.text, "标题\n第一段加粗。\n项目");
    }
}

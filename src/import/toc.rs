//! The printed table of contents (目录) of an issue: sections, entries with
//! their doc numbers and page numbers, and where it ends.

use super::extract::split_heading;
use super::text::{has_cn_section_numbering, heading, key, strip_numbering};

#[derive(Debug, Clone, Default)]
pub struct Toc {
    /// Line of the `目录` heading and the first line after the TOC.
    pub start: usize,
    pub end: usize,
    pub sections: Vec<String>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub title: String,
    /// As printed (not canonical).
    pub doc_number: Option<String>,
    pub page: Option<String>,
    pub section: Option<String>,
}

/// Splits a trailing page number off a TOC line: `…\t24`, `….. (2)`,
/// `..... 90`, `（11）`. Returns the rest (leaders removed) and the page.
pub fn split_page(line: &str) -> (String, Option<String>) {
    let t = line.trim_end();
    let (core, paren) = match t.strip_suffix(')').or_else(|| t.strip_suffix('）')) {
        Some(c) => (c, true),
        None => (t, false),
    };
    let digits_start = core
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, _)| i);
    let Some(ds) = digits_start else {
        return (line.trim().to_string(), None);
    };
    let page = core[ds..].to_string();
    let mut before = &core[..ds];
    if paren {
        match before
            .strip_suffix('(')
            .or_else(|| before.strip_suffix('（'))
        {
            Some(b) => before = b,
            None => return (line.trim().to_string(), None),
        }
    }
    let stripped = before.trim_end_matches([' ', '\t', '.', '…', '·', '．', '　', '-']);
    let had_separator = stripped.len() < before.len();
    if !had_separator && !paren {
        return (line.trim().to_string(), None);
    }
    // A leader-less `(2020)` is a year, not a page.
    if page.len() > 3 {
        return (line.trim().to_string(), None);
    }
    (stripped.trim().to_string(), Some(page))
}

/// Finds the 目录 in the first part of the text and parses it.
pub fn find(lines: &[String]) -> Option<Toc> {
    let limit = lines.len().min(200);
    let start = (0..limit).find(|&i| key(&lines[i]) == "目录")?;
    let mut toc = Toc {
        start,
        ..Toc::default()
    };
    let mut section: Option<String> = None;
    let mut pending: Option<String> = None;
    let mut i = start + 1;
    let next_nonempty = |from: usize| (from..lines.len()).find(|&j| !lines[j].trim().is_empty());
    let mut end = lines.len();
    while i < lines.len() {
        let l = lines[i].trim();
        if l.is_empty() {
            i += 1;
            continue;
        }
        if let Some((level, text)) = heading(l) {
            if level == 1 {
                end = i;
                break;
            }
            if let Some(p) = pending.take() {
                toc.entries.push(entry(&p, None, &section));
            }
            let name = strip_numbering(text).to_string();
            toc.sections.push(name.clone());
            section = Some(name);
            i += 1;
            continue;
        }
        let (rest, page) = split_page(l);
        if let Some(page) = page {
            if rest.is_empty() {
                match pending.take() {
                    Some(p) => toc.entries.push(entry(&p, Some(page), &section)),
                    None => {
                        if let Some(last) = toc.entries.last_mut() {
                            last.page.get_or_insert(page);
                        }
                    }
                }
            } else if pending.is_none() && has_cn_section_numbering(&rest) {
                let name = strip_numbering(&rest).to_string();
                toc.sections.push(name.clone());
                section = Some(name);
            } else {
                let text = match pending.take() {
                    Some(p) => format!("{p} {rest}"),
                    None => rest,
                };
                toc.entries.push(entry(&text, Some(page), &section));
            }
            i += 1;
            continue;
        }
        // No page: part of an entry only if a page follows on the next line.
        let next_has_page = next_nonempty(i + 1).is_some_and(|j| {
            heading(&lines[j]).is_none() && split_page(lines[j].trim()).1.is_some()
        });
        if next_has_page && pending.is_none() {
            pending = Some(l.to_string());
            i += 1;
            continue;
        }
        end = i;
        break;
    }
    if let Some(p) = pending.take() {
        // The pending line was the first line of the body.
        end = end.min(
            (toc.start..lines.len())
                .rev()
                .find(|&j| lines[j].trim() == p)
                .unwrap_or(end),
        );
    }
    toc.end = end;
    if toc.entries.is_empty() {
        return None;
    }
    Some(toc)
}

fn entry(text: &str, page: Option<String>, section: &Option<String>) -> Entry {
    let (title, doc_number) = split_heading(text.trim().trim_end_matches(' '));
    Entry {
        title: title.trim().to_string(),
        doc_number,
        page,
        section: section.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages() {
        assert_eq!(
            split_page("一、行业政策\t4"),
            ("一、行业政策".into(), Some("4".into()))
        );
        assert_eq!(
            split_page("新政发〔2020〕37号 ..... (2)"),
            ("新政发〔2020〕37号".into(), Some("2".into()))
        );
        assert_eq!(split_page("..... 90"), ("".into(), Some("90".into())));
        assert_eq!(
            split_page("会议还研究了其他事项。"),
            ("会议还研究了其他事项。".into(), None)
        );
        assert_eq!(split_page("2020年第8期 (总第36期)").1, None);
    }

    #[test]
    fn markdown_toc() {
        let text = "# 公报\n\n## 目 录\n\n### 自治区人民政府文件\n\n- 关于废止的通知  \n新政发〔2020〕37号 ..... (2)\n\n### 常务会议\n\n- 召开第96次常务会议  \n..... (28)\n\n# 关于废止的通知\n\n新政发〔2020〕37号\n";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let toc = find(&lines).unwrap();
        assert_eq!(toc.start, 2);
        assert_eq!(toc.end, 14);
        assert_eq!(toc.sections, vec!["自治区人民政府文件", "常务会议"]);
        assert_eq!(toc.entries.len(), 2);
        assert_eq!(toc.entries[0].title, "关于废止的通知");
        assert_eq!(
            toc.entries[0].doc_number.as_deref(),
            Some("新政发〔2020〕37号")
        );
        assert_eq!(toc.entries[0].page.as_deref(), Some("2"));
        assert_eq!(toc.entries[1].section.as_deref(), Some("常务会议"));
        assert_eq!(toc.entries[1].page.as_deref(), Some("28"));
    }

    #[test]
    fn tab_toc() {
        let text = "目录\n\n一、行业政策\t4\n1、甲关于乙的通知-国办发〔2020〕6 号.....\t52\n二、行业动态\t63\n10、上海：首个“信用村”揭牌\n..... 90\n\n一、行业政策\n\n1、甲关于乙的通知-国办发〔2020〕6号\n";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let toc = find(&lines).unwrap();
        assert_eq!(toc.sections, vec!["行业政策", "行业动态"]);
        assert_eq!(toc.entries.len(), 2);
        assert_eq!(toc.entries[0].title, "甲关于乙的通知");
        assert_eq!(
            toc.entries[0].doc_number.as_deref(),
            Some("国办发〔2020〕6 号")
        );
        assert_eq!(toc.entries[1].title, "上海：首个“信用村”揭牌");
        assert_eq!(toc.entries[1].page.as_deref(), Some("90"));
        assert_eq!(toc.end, 8);
    }
}

//! Where each document starts: at the 目录 entries when the issue prints
//! one, else at its top-level headings, else at newspaper-style headlines.

use super::extract::split_heading;
use super::text::{ends_sentence, heading, key, strip_numbering};
use super::toc::Toc;

/// A document's first line and, when known, its 目录 entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    pub line: usize,
    pub entry: Option<usize>,
}

/// How a line compares with a title (both as `key`s, numbering and doc
/// number removed): 3 equal, 2 one holds the other, 1 nearly equal.
fn score(line_key: &str, title_key: &str) -> u8 {
    if line_key.is_empty() || title_key.is_empty() {
        return 0;
    }
    if line_key == title_key {
        return 3;
    }
    let (l, t) = (line_key.chars().count(), title_key.chars().count());
    if (line_key.contains(title_key) && l <= t + 4)
        || (title_key.contains(line_key) && l * 10 >= t * 7)
    {
        return 2;
    }
    if l.abs_diff(t) <= 3 && strsim::normalized_levenshtein(line_key, title_key) >= 0.85 {
        return 1;
    }
    0
}

pub fn title_key(s: &str) -> String {
    let t = s.trim_start_matches('#').trim();
    let (title, _) = split_heading(t);
    key(strip_numbering(&title))
}

/// Starts of the 目录 entries in `lines[from..]`, in order. Entries whose
/// heading is not found are left out (their text stays with the previous
/// document) and returned as the second value.
pub fn by_toc(lines: &[String], from: usize, toc: &Toc) -> (Vec<Start>, Vec<usize>) {
    let keys: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.chars().count() > 120 {
                String::new()
            } else {
                title_key(l)
            }
        })
        .collect();
    let mut starts = Vec::new();
    let mut missing = Vec::new();
    let mut cursor = from;
    for (k, e) in toc.entries.iter().enumerate() {
        let tk = key(&e.title);
        // The best match after the cursor; among equal scores the first,
        // and a heading line beats a plain one.
        let mut best: Option<(u8, bool, usize)> = None;
        for (i, lk) in keys.iter().enumerate().skip(cursor) {
            let s = score(lk, &tk);
            if s == 0 || ends_sentence(&lines[i]) && heading(&lines[i]).is_none() && s < 3 {
                continue;
            }
            let is_heading = heading(&lines[i]).is_some();
            let better = match best {
                None => true,
                Some((bs, bh, _)) => (s, is_heading) > (bs, bh),
            };
            if better {
                best = Some((s, is_heading, i));
            }
            if s == 3 {
                break;
            }
        }
        match best {
            Some((_, _, i)) => {
                starts.push(Start {
                    line: i,
                    entry: Some(k),
                });
                cursor = i + 1;
            }
            None => missing.push(k),
        }
    }
    (starts, missing)
}

/// Starts at the headings of the top level that divides the text: the
/// smallest level used at least twice; a single heading above it (a lead
/// article) counts too.
pub fn by_headings(lines: &[String], from: usize) -> Vec<Start> {
    let levels: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .skip(from)
        .filter_map(|(i, l)| heading(l).map(|(lv, _)| (i, lv)))
        .collect();
    let Some(min) = levels.iter().map(|(_, l)| *l).min() else {
        return Vec::new();
    };
    let count = |lv: usize| levels.iter().filter(|(_, l)| *l == lv).count();
    let split_levels = if count(min) >= 2 || count(min + 1) == 0 {
        min..=min
    } else {
        min..=min + 1
    };
    levels
        .iter()
        .filter(|(_, l)| split_levels.contains(l))
        .map(|(i, _)| Start {
            line: *i,
            entry: None,
        })
        .collect()
}

/// Newspaper pages without markup: a headline is a short line without
/// sentence punctuation, after a blank line, followed (maybe after a
/// subtitle) by a paragraph of prose.
pub fn by_headlines(lines: &[String], from: usize) -> Vec<Start> {
    let mut starts = Vec::new();
    let nonempty: Vec<usize> = (from..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let mut k = 0;
    while k < nonempty.len() {
        let i = nonempty[k];
        if is_headline(&lines[i]) {
            // Headline and subtitles: up to two more headline-like lines,
            // then prose.
            let mut j = k + 1;
            while j < nonempty.len() && j <= k + 2 && is_headline(&lines[nonempty[j]]) {
                j += 1;
            }
            if j < nonempty.len() && is_prose(&lines[nonempty[j]]) {
                starts.push(Start {
                    line: i,
                    entry: None,
                });
                k = j;
                continue;
            }
        }
        k += 1;
    }
    starts
}

fn is_headline(line: &str) -> bool {
    let t = line.trim();
    let n = t.chars().count();
    (4..=40).contains(&n)
        && !t.contains(['。', '；', '，', '：'])
        && !ends_sentence(t)
        && super::text::numbering_len(t).is_none()
        && !t.starts_with(['（', '('])
        && super::extract::date_line(t).is_none()
}

fn is_prose(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() >= 15 && t.contains(['，', '。'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    #[test]
    fn scores() {
        assert_eq!(score("甲乙丙丁", "甲乙丙丁"), 3);
        assert_eq!(
            score(
                &key("自治区人民政府召开第96次常务会议"),
                &key("新疆维吾尔自治区人民政府召开第96次常务会议")
            ),
            2
        );
        assert_eq!(
            score(
                &key("关于促进国际道路货运用挂运输发展的实施意见"),
                &key("关于促进国际道路货运甩挂运输发展的实施意见")
            ),
            1
        );
        assert_eq!(
            score(
                &key("自治区人民政府召开第97次常务会议"),
                &key("新疆维吾尔自治区人民政府召开第96次常务会议")
            ),
            0
        );
    }

    #[test]
    fn headings_split_at_the_dividing_level() {
        let l = lines("# A\n\ntext\n\n## B\n\ntext\n\n## C\n\n### c1\n");
        let s: Vec<usize> = by_headings(&l, 0).iter().map(|s| s.line).collect();
        assert_eq!(s, vec![0, 4, 8]);
        let l = lines("# A\n\n## a1\n\n# B\n\n## b1\n");
        let s: Vec<usize> = by_headings(&l, 0).iter().map(|s| s.line).collect();
        assert_eq!(s, vec![0, 4]);
    }

    #[test]
    fn headlines() {
        let prose = "据新华社电 国务院总理李克强9月17日主持召开国务院常务会议，确定政务服务“跨省通办”和提升“获得电力”服务水平的措施。";
        let text = format!("李克强主持召开国务院常务会议\n\n持续优化企业和群众办事创业环境 支持改革发展\n\n{prose}\n\n会议还研究了其他事项。\n\n王毅接受新华社记者专访\n\n{prose}\n");
        let s: Vec<usize> = by_headlines(&lines(&text), 0)
            .iter()
            .map(|s| s.line)
            .collect();
        assert_eq!(s, vec![0, 8]);
    }
}

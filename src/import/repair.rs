//! Repairs of PDF-conversion artefacts inside one document body.

use super::extract::{date_line, whole_doc_number};
use super::text::{ends_sentence, has_cn_section_numbering, heading, is_han, starts_list};

/// What the repairs changed, for the report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Repairs {
    pub joined: usize,
    pub headings_shifted: usize,
    pub headings_made: usize,
}

/// Paragraphs (blocks of non-empty lines) of `lines`.
fn paragraphs(lines: &[String]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for l in lines {
        if l.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(l.trim_end_matches('\r').to_string());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Joins the lines of a paragraph that the conversion broke with a hard
/// break (`各  ` / `行政公署，…`) in the middle of a sentence.
fn join_broken_lines(p: Vec<String>, r: &mut Repairs) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in p {
        if let Some(prev) = out.last_mut() {
            let a = prev.trim_end().to_string();
            if prev.ends_with("  ") && can_join(&a, &l) {
                *prev = format!("{a}{}", l.trim_start());
                r.joined += 1;
                continue;
            }
        }
        out.push(l);
    }
    out
}

/// Joins paragraphs split at a page break: a paragraph that does not end a
/// sentence, followed by one that does not start a heading, a list item, a
/// date or a doc number. Short unpunctuated lines (names in a signature,
/// headlines) are never joined.
pub fn join_page_breaks(lines: &[String], r: &mut Repairs) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for p in paragraphs(lines) {
        let p = join_broken_lines(p, r);
        if let Some(prev) = out.last_mut() {
            let a = prev.last().map(String::as_str).unwrap_or("");
            let b = p[0].as_str();
            if can_join(a, b) {
                let b_trim = b.trim_start();
                let last = prev.last_mut().expect("non-empty paragraph");
                let a_trim = last.trim_end().to_string();
                let sep = match (a_trim.chars().last(), b_trim.chars().next()) {
                    (Some(x), Some(y))
                        if x.is_ascii_alphanumeric() && y.is_ascii_alphanumeric() =>
                    {
                        " "
                    }
                    _ => "",
                };
                *last = format!("{a_trim}{sep}{b_trim}");
                prev.extend(p.into_iter().skip(1));
                r.joined += 1;
                continue;
            }
        }
        out.push(p);
    }
    out
}

fn can_join(a: &str, b: &str) -> bool {
    let at = a.trim();
    let bt = b.trim();
    if at.is_empty() || bt.is_empty() || heading(at).is_some() || heading(bt).is_some() {
        return false;
    }
    if ends_sentence(at) || at.ends_with("  ") || a.ends_with("  ") {
        return false;
    }
    if starts_list(bt) || date_line(bt).is_some() || whole_doc_number(bt).is_some() {
        return false;
    }
    if bt.starts_with(['*', '|', '`', '<', '!', '[']) || at.starts_with(['|', '`', '<']) {
        return false;
    }
    if date_line(at).is_some() || whole_doc_number(at).is_some() {
        return false;
    }
    // A short unpunctuated line is a name or a heading, not the rest of a
    // sentence.
    if bt.chars().count() <= 30
        && !bt.contains(['，', '。', '、', '；', ',', '：', '（', '(', '“', '《'])
    {
        return false;
    }
    // A line of prose, not a name or a headline.
    let punctuated = at.contains(['，', '、', '“', '”', '（', '）', ',', '《']);
    let n = at.chars().count();
    if (punctuated && n >= 10) || n > 40 {
        return true;
    }
    // A list item cut in the middle (`7. 关于印发…整` / `合总体方案的通知…`).
    if starts_list(at) && n >= 8 {
        return true;
    }
    // The first words of a paragraph cut by the page inside a word
    // (`…按照预定的运行计` / `划，在货物装卸…`): the next paragraph opens with
    // a one-character clause, which a real paragraph (`近日，`) does not.
    // A subheading followed by prose is left alone.
    let first_pause = bt
        .chars()
        .position(|c| matches!(c, '，' | '。' | '、' | '；' | '：' | '）' | '”'));
    n >= 15 && !at.contains(char::is_whitespace) && first_pause.is_some_and(|i| i <= 1)
}

/// Shifts body headings so that the shallowest is `##` (the title is the
/// page's `#`), and turns bare numbered section lines (`一、总体要求`) into
/// headings when the body has none.
pub fn headings(paras: &mut [Vec<String>], r: &mut Repairs) {
    let min = paras
        .iter()
        .filter(|p| p.len() == 1)
        .filter_map(|p| heading(&p[0]).map(|(l, _)| l))
        .min();
    match min {
        Some(1) => {
            for p in paras.iter_mut().filter(|p| p.len() == 1) {
                if let Some((level, text)) = heading(&p[0]) {
                    p[0] = format!("{} {}", "#".repeat((level + 1).min(6)), text);
                    r.headings_shifted += 1;
                }
            }
        }
        Some(_) => {}
        None => {
            // Bare numbered lines: `一、…` are sections, `（一）…` and
            // `第一章 …` the level below (or sections, when there are no `一、`).
            let level = |t: &str| -> Option<usize> {
                let n = t.chars().count();
                let plain = n <= 40
                    && !ends_sentence(t)
                    && t.chars().any(is_han)
                    && !t.contains(['。', '；']);
                if !plain {
                    return None;
                }
                if has_cn_section_numbering(t) {
                    Some(1)
                } else if is_sub_numbering(t) || is_chapter(t) {
                    Some(2)
                } else {
                    None
                }
            };
            let has_top = paras
                .iter()
                .any(|p| p.len() == 1 && level(p[0].trim()) == Some(1));
            for p in paras.iter_mut().filter(|p| p.len() == 1) {
                let t = p[0].trim().to_string();
                if let Some(l) = level(&t) {
                    let hashes = if l == 1 || !has_top { "##" } else { "###" };
                    p[0] = format!("{hashes} {t}");
                    r.headings_made += 1;
                }
            }
        }
    }
}

/// `（一）…` / `(一)…` with a Chinese numeral.
fn is_sub_numbering(t: &str) -> bool {
    let t = t.trim_start();
    let Some(rest) = t.strip_prefix('（').or_else(|| t.strip_prefix('(')) else {
        return false;
    };
    let n = rest
        .chars()
        .take_while(|c| super::text::is_cn_numeral(*c))
        .count();
    n > 0 && matches!(rest.chars().nth(n), Some('）' | ')'))
}

/// `第一章 总则`.
fn is_chapter(t: &str) -> bool {
    let Some(rest) = t.trim_start().strip_prefix('第') else {
        return false;
    };
    let n = rest
        .chars()
        .take_while(|c| super::text::is_cn_numeral(*c))
        .count();
    n > 0 && matches!(rest.chars().nth(n), Some('章' | '编' | '节'))
}

/// The signature block `issuer` / `date` as one paragraph with a line
/// break, as editors write it.
pub fn signature_block(paras: &mut Vec<Vec<String>>) {
    let mut i = 0;
    while i + 1 < paras.len() {
        let (a, b) = (&paras[i], &paras[i + 1]);
        if a.len() == 1
            && b.len() == 1
            && date_line(&b[0]).is_some()
            && !a[0].trim().starts_with(['(', '（'])
            && a[0].trim().chars().count() <= 40
            && a[0].trim().chars().all(|c| is_han(c) || c == ' ')
        {
            let name = a[0].trim().to_string();
            let date = b[0].trim().to_string();
            paras[i] = vec![format!("{name}  "), date];
            paras.remove(i + 1);
        }
        i += 1;
    }
}

pub fn render(paras: &[Vec<String>]) -> String {
    let mut out = String::new();
    for p in paras {
        if !out.is_empty() {
            out.push('\n');
        }
        for l in p {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    #[test]
    fn joins_split_paragraphs_only() {
        let mut r = Repairs::default();
        let l = lines("为准确贯彻落实《优化营商环境条例》，决定对13件文件予以废止。本通知自\n\n印发之日起执行。\n\n新疆维吾尔自治区人民政府\n\n2020年8月26日\n\n4. 关于防治“非典”期间对部分行业减\n\n免行政事业性收费的通知（新政发〔2003〕41号）\n\n第一条内容，如下\n\n## 标题\n");
        let p = join_page_breaks(&l, &mut r);
        assert_eq!(r.joined, 2);
        assert_eq!(p[0], vec!["为准确贯彻落实《优化营商环境条例》，决定对13件文件予以废止。本通知自印发之日起执行。"]);
        assert_eq!(p[1], vec!["新疆维吾尔自治区人民政府"]);
        assert_eq!(
            p[3],
            vec!["4. 关于防治“非典”期间对部分行业减免行政事业性收费的通知（新政发〔2003〕41号）"]
        );
        assert_eq!(p[5], vec!["## 标题"]);
        let mut paras = p;
        signature_block(&mut paras);
        assert_eq!(
            paras[1],
            vec!["新疆维吾尔自治区人民政府  ", "2020年8月26日"]
        );
    }

    #[test]
    fn joins_cut_list_items_lines_and_paragraph_openings() {
        let mut r = Repairs::default();
        let l = lines("7. 关于印发自治区矿产资源勘查开发整\n\n合总体方案的通知（新政办发〔2010〕56号）\n\n甩挂运输是指牵引车按照预定的运行计\n\n划，在货物装卸作业点甩下所拖的挂车，换上其他挂车继续运行的运输组织方式。\n\n伊犁哈萨克自治州，各州、市人民政府，各  \n行政公署，自治区人民政府各部门：\n\n持续优化企业和群众办事创业环境 支持国有企业和民营企业改革发展\n\n据新华社电 国务院总理李克强9月17日主持召开国务院常务会议，确定政务服务的措施。\n");
        let p = join_page_breaks(&l, &mut r);
        assert_eq!(
            p[0],
            vec!["7. 关于印发自治区矿产资源勘查开发整合总体方案的通知（新政办发〔2010〕56号）"]
        );
        assert!(p[1][0].starts_with("甩挂运输是指牵引车按照预定的运行计划，在货物"));
        assert_eq!(
            p[2],
            vec!["伊犁哈萨克自治州，各州、市人民政府，各行政公署，自治区人民政府各部门："]
        );
        assert_eq!(p.len(), 5, "the subtitle stays apart: {p:?}");
    }

    #[test]
    fn heading_levels() {
        let mut r = Repairs::default();
        let mut p = vec![vec!["# 附件".to_string()], vec!["## 一、".to_string()]];
        headings(&mut p, &mut r);
        assert_eq!(p[0][0], "## 附件");
        assert_eq!(p[1][0], "### 一、");
        let mut p = vec![
            vec!["一、总体要求".to_string()],
            vec!["（二）基本原则".to_string()],
            vec!["（三）坚持党的领导，确保改革举措有效实施。".to_string()],
            vec!["正文。".to_string()],
        ];
        headings(&mut p, &mut r);
        assert_eq!(p[0][0], "## 一、总体要求");
        assert_eq!(p[1][0], "### （二）基本原则");
        assert_eq!(p[2][0], "（三）坚持党的领导，确保改革举措有效实施。");
        let mut p = vec![
            vec!["第一章 总则".to_string()],
            vec!["第一条 为了规范。".to_string()],
        ];
        headings(&mut p, &mut r);
        assert_eq!(p[0][0], "## 第一章 总则");
    }
}

//! Metadata out of the text: document numbers, the signature block
//! (issuer + date), issuers named in titles, and the masthead of an issue.

use super::text::{is_han, strip_numbering};
use crate::model::Date;

const OPEN: &[char] = &['〔', '[', '［', '【', '(', '（', '﹝'];
const CLOSE: &[char] = &['〕', ']', '］', '】', ')', '）', '﹞'];

/// Words a title ends with; a document number printed straight after a
/// title (`…的通知银保监办发[2020]39号`) starts after the last of them.
const TITLE_ENDS: &[&str] = &[
    "通知", "意见", "办法", "决定", "方案", "规定", "批复", "公告", "通告", "细则", "要点", "纪要",
    "报告", "条例", "规则", "函", "令",
];

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A document number at the end of `s`: returns (text before it, number as
/// written). `s` may be only the number (then the text before is empty).
pub fn trailing_doc_number(s: &str) -> Option<(String, String)> {
    let chars: Vec<char> = s.trim_end().chars().collect();
    let mut i = chars.len();
    let ws = |i: &mut usize| {
        while *i > 0 && chars[*i - 1].is_whitespace() {
            *i -= 1;
        }
    };
    if i == 0 || chars[i - 1] != '号' {
        return None;
    }
    i -= 1;
    ws(&mut i);
    let serial_end = i;
    while i > 0 && is_digit(chars[i - 1]) {
        i -= 1;
    }
    if i == serial_end {
        return None;
    }
    ws(&mut i);
    // 国务院令第722号
    if i >= 2 && chars[i - 1] == '第' && chars[i - 2] == '令' {
        let mut start = i - 2;
        while start > 0 && is_han(chars[start - 1]) {
            start -= 1;
        }
        let number: String = chars[start..].iter().collect();
        let before: String = chars[..start].iter().collect();
        return Some((before, number));
    }
    if i == 0 || !CLOSE.contains(&chars[i - 1]) {
        return None;
    }
    i -= 1;
    ws(&mut i);
    let year_end = i;
    while i > 0 && is_digit(chars[i - 1]) {
        i -= 1;
    }
    if year_end - i != 4 {
        return None;
    }
    ws(&mut i);
    if i == 0 || !OPEN.contains(&chars[i - 1]) {
        return None;
    }
    i -= 1;
    ws(&mut i);
    let code_end = i;
    while i > 0 && is_han(chars[i - 1]) {
        i -= 1;
    }
    if i == code_end {
        return None;
    }
    let run: String = chars[i..code_end].iter().collect();
    let separated = i == 0 || !is_han(chars[i - 1]);
    let mut start = i;
    // The run may carry the end of a title: cut after its last title word.
    let cut = TITLE_ENDS
        .iter()
        .filter_map(|w| run.rfind(w).map(|p| p + w.len()))
        .filter(|p| *p < run.len())
        .max();
    let looks_like_title = run.contains("关于") || run.chars().count() > 12;
    if let Some(cut) = cut {
        if !separated || looks_like_title {
            start = i + run[..cut].chars().count();
        }
    } else if looks_like_title {
        return None;
    }
    let number: String = chars[start..].iter().collect();
    let before: String = chars[..start].iter().collect();
    Some((before, number.trim().to_string()))
}

/// The line is a document number and nothing else.
pub fn whole_doc_number(line: &str) -> Option<String> {
    let t = line.trim().trim_matches('*').trim();
    match trailing_doc_number(t) {
        Some((before, n)) if before.trim().is_empty() => Some(n),
        _ => None,
    }
}

/// `2020年8月26日`, `2020 年 8 月 26 日`, `(2020年5月11日)`, `2020.05.29`
/// anywhere in `s`: the first date found.
pub fn find_date(s: &str) -> Option<(Date, usize, usize)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for k in 0..chars.len() {
        if !chars[k].1.is_ascii_digit() || (k > 0 && chars[k - 1].1.is_ascii_digit()) {
            continue;
        }
        let mut i = k;
        let mut nums = Vec::new();
        let mut seps = Vec::new();
        while nums.len() < 3 {
            let start = i;
            while i < chars.len() && chars[i].1.is_ascii_digit() {
                i += 1;
            }
            if i == start {
                break;
            }
            let n: String = chars[start..i].iter().map(|(_, c)| c).collect();
            nums.push(n);
            while i < chars.len() && chars[i].1 == ' ' {
                i += 1;
            }
            if i >= chars.len() {
                break;
            }
            let sep = chars[i].1;
            if !matches!(sep, '年' | '月' | '日' | '.' | '-') {
                break;
            }
            seps.push(sep);
            i += 1;
            while i < chars.len() && chars[i].1 == ' ' {
                i += 1;
            }
            if sep == '日' {
                break;
            }
        }
        if nums.len() < 3 || nums[0].len() != 4 {
            continue;
        }
        let ok = matches!(seps.as_slice(), ['年', '月', '日', ..]) || {
            seps.len() >= 2 && seps[0] == seps[1] && matches!(seps[0], '.' | '-')
        };
        if !ok {
            continue;
        }
        let text = format!("{}-{:0>2}-{:0>2}", nums[0], nums[1], nums[2]);
        if let Some(d) = Date::parse(&text) {
            let end = chars.get(i).map_or(s.len(), |(b, _)| *b);
            let end = if seps.len() == 2 {
                // `2020.05.29`: the last number ends the date.
                let mut j = i;
                while j > k && !chars[j - 1].1.is_ascii_digit() {
                    j -= 1;
                }
                chars.get(j).map_or(s.len(), |(b, _)| *b)
            } else {
                end
            };
            return Some((d, chars[k].0, end));
        }
    }
    None
}

/// A line that is only a date (possibly in brackets).
pub fn date_line(line: &str) -> Option<Date> {
    let t = line.trim().trim_matches(['(', ')', '（', '）', ' ', '*']);
    let (d, s, e) = find_date(t)?;
    (s == 0 && t[e..].trim().is_empty()).then_some(d)
}

/// Issuers named at the start of a title: `中共中央 国务院关于…` gives
/// [中共中央, 国务院]; `国务院办公厅印发…` gives [国务院办公厅].
pub fn issuers_from_title(title: &str) -> Vec<String> {
    let head = ["关于", "印发", "召开", "转发"]
        .iter()
        .filter_map(|w| title.find(w))
        .min()
        .map(|p| &title[..p]);
    let Some(head) = head else {
        return Vec::new();
    };
    let head = head.trim();
    if head.is_empty()
        || head.chars().count() > 24
        || !head.chars().all(|c| is_han(c) || c == ' ')
        || !looks_like_organ(head)
    {
        return Vec::new();
    }
    head.split_whitespace().map(str::to_string).collect()
}

fn looks_like_organ(s: &str) -> bool {
    const ENDS: &[&str] = &[
        "政府",
        "办公厅",
        "办公室",
        "厅",
        "局",
        "委员会",
        "委",
        "部",
        "院",
        "中央",
        "会",
        "署",
        "行",
        "所",
        "处",
        "中心",
        "联盟",
        "秘书处",
    ];
    s.split_whitespace()
        .all(|p| ENDS.iter().any(|e| p.ends_with(e)))
}

/// Issuer and date from the signature block: a short line naming the
/// issuing body followed by a date line, e.g.
/// `新疆维吾尔自治区人民政府` / `2020年8月26日`. Returns the line indexes too.
pub fn signature(lines: &[String]) -> Option<(Option<Vec<String>>, Date, usize)> {
    for (i, l) in lines.iter().enumerate() {
        let Some(date) = date_line(l) else {
            continue;
        };
        // The previous non-empty line, if it is a short name.
        let prev = lines[..i].iter().rev().find(|l| !l.trim().is_empty());
        let issuer = prev
            .map(|p| p.trim().trim_end_matches(' ').trim().to_string())
            .filter(|p| {
                let n = p.chars().count();
                (2..=40).contains(&n)
                    && p.chars().all(|c| is_han(c) || c == ' ' || c == '　')
                    && looks_like_organ(p)
            })
            .map(|p| p.split_whitespace().map(str::to_string).collect());
        return Some((issuer, date, i));
    }
    None
}

/// What the masthead of an issue says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Masthead {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub number: Option<String>,
    pub cumulative: Option<String>,
}

pub fn masthead(lines: &[String]) -> Masthead {
    let mut m = Masthead::default();
    for l in lines {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        if m.title.is_none() {
            let title = t.trim_start_matches('#').trim();
            if !title.is_empty() && find_date(title).is_none() {
                m.title = Some(title.to_string());
                continue;
            }
        }
        if m.date.is_none() {
            if let Some((d, _, _)) = find_date(t) {
                m.date = Some(d);
            }
        }
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if m.cumulative.is_none() {
            if let Some(p) = compact.find('总') {
                let rest = compact[p + '总'.len_utf8()..].trim_start_matches('第');
                let n: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '-')
                    .collect();
                if !n.is_empty() && rest[n.len()..].starts_with('期') {
                    m.cumulative = Some(n);
                }
            }
        }
        if m.number.is_none() {
            for (p, _) in compact.match_indices('第') {
                let rest = &compact[p + '第'.len_utf8()..];
                let n: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '-')
                    .collect();
                if !n.is_empty()
                    && (rest[n.len()..].starts_with('号') || rest[n.len()..].starts_with('期'))
                    && !compact[..p].ends_with('总')
                {
                    m.number = Some(n.trim_start_matches('0').to_string());
                    break;
                }
            }
        }
    }
    m
}

/// Title and doc number of a heading such as
/// `2、中国银保监会办公厅关于…的通知银保监办发[2020]39号` or
/// `4、…实施意见-国办发〔2020〕6号`.
pub fn split_heading(text: &str) -> (String, Option<String>) {
    let t = strip_numbering(text.trim_start_matches('#').trim());
    match trailing_doc_number(t) {
        Some((before, n)) if !before.trim().is_empty() => {
            let title = before
                .trim()
                .trim_end_matches(['-', '—', '–', '－', ' '])
                .trim()
                .to_string();
            (title, Some(n))
        }
        _ => (t.trim().to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_numbers() {
        assert_eq!(
            split_heading("2、中国银保监会办公厅关于印发信用保险和保证保险业务监管办法的通知银保监办发[2020]39 号"),
            (
                "中国银保监会办公厅关于印发信用保险和保证保险业务监管办法的通知".into(),
                Some("银保监办发[2020]39 号".into())
            )
        );
        assert_eq!(
            split_heading("4、国务院办公厅关于应对新冠肺炎疫情影响 强化稳就业举措的实施意见-国办发〔2020〕6 号"),
            (
                "国务院办公厅关于应对新冠肺炎疫情影响 强化稳就业举措的实施意见".into(),
                Some("国办发〔2020〕6 号".into())
            )
        );
        assert_eq!(
            whole_doc_number("新政办发〔2020〕44号").as_deref(),
            Some("新政办发〔2020〕44号")
        );
        assert_eq!(
            whole_doc_number("国务院令第722号").as_deref(),
            Some("国务院令第722号")
        );
        assert_eq!(whole_doc_number("会议还研究了其他事项。"), None);
        assert_eq!(
            split_heading("关于废止一批文件的通知 新政发〔2020〕37号"),
            (
                "关于废止一批文件的通知".into(),
                Some("新政发〔2020〕37号".into())
            )
        );
    }

    #[test]
    fn dates_and_signatures() {
        assert_eq!(date_line("2020年8月26日  "), Date::parse("2020-08-26"));
        assert_eq!(date_line("(2020年5月11日)"), Date::parse("2020-05-11"));
        assert_eq!(date_line("2020.05.29"), Date::parse("2020-05-29"));
        assert_eq!(date_line("2020年8月26日起施行。"), None);
        let lines: Vec<String> = ["正文。", "", "新疆维吾尔自治区人民政府  ", "2020年8月26日"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (issuer, date, i) = signature(&lines).unwrap();
        assert_eq!(issuer, Some(vec!["新疆维吾尔自治区人民政府".to_string()]));
        assert_eq!(date, Date::parse("2020-08-26").unwrap());
        assert_eq!(i, 3);
    }

    #[test]
    fn issuers_in_titles() {
        assert_eq!(
            issuers_from_title("中共中央 国务院关于新时代推进西部大开发形成新格局的指导意见"),
            vec!["中共中央", "国务院"]
        );
        assert_eq!(
            issuers_from_title("国务院办公厅关于农业综合行政执法有关事项的通知"),
            vec!["国务院办公厅"]
        );
        assert!(issuers_from_title("关于印发2020年自治区政务公开工作要点的通知").is_empty());
        assert!(issuers_from_title("济南就家政服务业征求意见：建立制度").is_empty());
    }

    #[test]
    fn mastheads() {
        let lines: Vec<String> = [
            "# 新疆维吾尔自治区人民政府公报",
            "",
            "2020年9月15日 第17-18号 (总891-892期) 半月刊",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = masthead(&lines);
        assert_eq!(m.title.as_deref(), Some("新疆维吾尔自治区人民政府公报"));
        assert_eq!(m.date, Date::parse("2020-09-15"));
        assert_eq!(m.number.as_deref(), Some("17-18"));
        assert_eq!(m.cumulative.as_deref(), Some("891-892"));
        let lines: Vec<String> = [
            "信用行业动态",
            "2020 年第 8 期 (总第 36 期)",
            "中国商务信用联盟秘书处",
            "2020.05.29",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = masthead(&lines);
        assert_eq!(m.number.as_deref(), Some("8"));
        assert_eq!(m.cumulative.as_deref(), Some("36"));
        assert_eq!(m.date, Date::parse("2020-05-29"));
    }
}

//! Small text predicates shared by the import stages.

/// Han ideograph (CJK unified, extension A, compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Punctuation that ends a sentence (or a clause that a paragraph may end
/// with: a colon before a list, a closing quote or bracket after a full stop).
pub fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(['*', '_']);
    let Some(last) = t.chars().last() else {
        return true;
    };
    if matches!(
        last,
        '。' | '！' | '？' | '；' | '!' | '?' | ';' | '：' | ':' | '…' | '.'
    ) {
        return true;
    }
    // A closing mark after a sentence end: 。” or 。）
    if matches!(last, '”' | '’' | '」' | '』' | '）' | ')' | '"' | '》') {
        let mut it = t.chars().rev();
        it.next();
        return it
            .next()
            .is_some_and(|c| matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?'))
            || matches!(last, '）' | ')');
    }
    false
}

/// Normalised key for comparing titles: no whitespace, no Markdown marks,
/// half-width punctuation folded to full width.
pub fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '\\' | '#' | '`' | '_'))
        .map(fold)
        .collect()
}

pub fn fold(c: char) -> char {
    match c {
        '(' => '（',
        ')' => '）',
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '[' | '［' | '【' | '﹝' => '〔',
        ']' | '］' | '】' | '﹞' => '〕',
        '‘' | '’' => '\'',
        '“' | '”' => '"',
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        c => c,
    }
}

/// Strips a leading list marker or numbering: `- `, `1、`, `1.`, `一、`,
/// `（一）`.
pub fn strip_numbering(s: &str) -> &str {
    let t = s.trim_start();
    for bullet in ["- ", "* ", "+ ", "· "] {
        if let Some(r) = t.strip_prefix(bullet) {
            return r.trim_start();
        }
    }
    numbering_len(t).map_or(t, |n| t[n..].trim_start())
}

/// Byte length of a leading numbering such as `12、`, `3.`, `四、`, `（二）`.
pub fn numbering_len(t: &str) -> Option<usize> {
    let digits = t
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c))
        .last()
        .map(|(i, c)| i + c.len_utf8());
    if let Some(end) = digits {
        let rest = &t[end..];
        for sep in ['、', '.', '．'] {
            if rest.starts_with(sep) {
                // `2020.05.29` is a date, not numbering.
                let after = &rest[sep.len_utf8()..];
                if sep != '、' && after.starts_with(|c: char| c.is_ascii_digit()) {
                    return None;
                }
                return Some(end + sep.len_utf8());
            }
        }
        return None;
    }
    let cn = t
        .char_indices()
        .take_while(|(_, c)| is_cn_numeral(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8());
    if let Some(end) = cn {
        if t[end..].starts_with('、') {
            return Some(end + '、'.len_utf8());
        }
        return None;
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open) {
            let inner: String = rest.chars().take_while(|c| *c != close).collect();
            if !inner.is_empty()
                && inner.chars().count() <= 4
                && inner
                    .chars()
                    .all(|c| is_cn_numeral(c) || c.is_ascii_digit())
            {
                return Some(open.len_utf8() + inner.len() + close.len_utf8());
            }
        }
    }
    None
}

pub fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '零'
    )
}

/// A section numbering of the `一、` kind (Chinese numeral + 、).
pub fn has_cn_section_numbering(t: &str) -> bool {
    let t = t.trim_start();
    let n = t.chars().take_while(|c| is_cn_numeral(*c)).count();
    n > 0 && t.chars().nth(n) == Some('、')
}

/// Markdown heading level and text of a line, if it is an ATX heading.
pub fn heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let level = t.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&level) && t[level..].starts_with([' ', '\t']) {
        Some((level, t[level..].trim()))
    } else {
        None
    }
}

/// A paragraph that starts a list item or a numbered clause.
pub fn starts_list(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("+ ")
        || t.starts_with('|')
        || t.starts_with('>')
        || numbering_len(t).is_some()
        || t.starts_with("——")
        || t.starts_with("附件")
        || t.starts_with("（此件")
}

/// Removes the spaces a PDF conversion leaves inside a title when a printed
/// line wraps: a space between two Han characters goes, unless the part
/// before it is a short name such as `中共中央` (joint issuers are written
/// `中共中央 国务院`).
pub fn remove_title_spaces(s: &str) -> (String, usize) {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::new();
    let mut removed = 0;
    let mut run = 0; // Han characters since the last space or punctuation
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            let han_both = prev.is_some_and(is_han) && next.is_some_and(|c| is_han(*c));
            if han_both && run > 4 {
                removed += 1;
                continue;
            }
            if out.ends_with(' ') {
                continue;
            }
            out.push(' ');
            run = 0;
            continue;
        }
        if is_han(c) {
            run += 1;
        } else {
            run = 0;
        }
        out.push(c);
    }
    (out, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering() {
        assert_eq!(strip_numbering("1、中共中央"), "中共中央");
        assert_eq!(strip_numbering("- 关于"), "关于");
        assert_eq!(strip_numbering("四、地方动向"), "地方动向");
        assert_eq!(strip_numbering("（二）基本原则"), "基本原则");
        assert_eq!(strip_numbering("2020.05.29"), "2020.05.29");
        assert_eq!(strip_numbering("一季度"), "一季度");
    }

    #[test]
    fn title_spaces() {
        assert_eq!(
            remove_title_spaces("关于促进国际道路 货运用挂运输发展的实施意见").0,
            "关于促进国际道路货运用挂运输发展的实施意见"
        );
        assert_eq!(
            remove_title_spaces("中共中央 国务院关于新时代推进西部大开发").0,
            "中共中央 国务院关于新时代推进西部大开发"
        );
        assert_eq!(remove_title_spaces("Hello  world").0, "Hello world");
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("这是一句话。"));
        assert!(ends_sentence("他说：“好。”"));
        assert!(!ends_sentence("本通知自"));
        assert!(ends_sentence("（新政发〔2003〕41号）"));
    }
}

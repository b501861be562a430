//! 《Title》 citations: finding the span of a 《…》 (with nested 〈…〉 or
//! 《…》), and the normalised key under which titles are compared.

use super::chars::is_ignorable;

/// Most characters inside one 《…》; longer spans are not titles.
const MAX_TITLE: usize = 160;

/// Key under which two titles are equal: whitespace and zero-width
/// characters removed, full-width ASCII folded to half-width, quotes,
/// dashes and angle brackets unified, Latin lower-cased.
pub fn title_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_ignorable(c) {
            continue;
        }
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        let c = match c {
            '“' | '”' | '„' | '「' | '」' | '『' | '』' | '〝' | '〞' => '"',
            '‘' | '’' | '‚' | '`' | '´' => '\'',
            '〈' | '<' | '⟨' => '《',
            '〉' | '>' | '⟩' => '》',
            '—' | '–' | '‐' | '‑' | '―' | '−' | '─' => '-',
            '・' | '•' | '‧' | '∙' => '·',
            '、' => ',',
            '。' => '.',
            '〔' | '【' | '〖' => '[',
            '〕' | '】' | '〗' => ']',
            _ => c,
        };
        out.push(c.to_ascii_lowercase());
    }
    // `——` and `-` are the same dash.
    if out.contains("--") {
        let mut d = String::with_capacity(out.len());
        for c in out.chars() {
            if !(c == '-' && d.ends_with('-')) {
                d.push(c);
            }
        }
        out = d;
    }
    out
}

/// A 《…》 found in text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TitleSpan {
    /// Byte range of the whole `《…》`.
    pub start: usize,
    pub end: usize,
    /// Byte range of the first nested `〈…〉` / `《…》`, brackets included.
    pub inner: Option<(usize, usize)>,
}

impl TitleSpan {
    /// The text between the outer brackets.
    pub fn text<'t>(&self, s: &'t str) -> &'t str {
        &s[self.start + '《'.len_utf8()..self.end - '》'.len_utf8()]
    }
}

/// The `《…》` opening at byte `start` (which holds `《`), or `None` when it
/// is not closed within [`MAX_TITLE`] characters on the same line or is empty.
pub(crate) fn parse_title(s: &str, start: usize) -> Option<TitleSpan> {
    let open_len = '《'.len_utf8();
    let mut depth = 1usize;
    let mut angle = 0usize;
    let mut inner_start = None;
    let mut inner = None;
    for (n, (i, c)) in s[start + open_len..].char_indices().enumerate() {
        if n > MAX_TITLE {
            return None;
        }
        let at = start + open_len + i;
        match c {
            '《' => {
                depth += 1;
                if depth == 2 && angle == 0 && inner.is_none() {
                    inner_start = Some(at);
                }
            }
            '》' => {
                depth -= 1;
                if depth == 0 {
                    if n == 0 {
                        return None;
                    }
                    return Some(TitleSpan {
                        start,
                        end: at + c.len_utf8(),
                        inner,
                    });
                }
                if depth == 1 && angle == 0 && inner.is_none() {
                    inner = inner_start.map(|s0| (s0, at + c.len_utf8()));
                }
            }
            '〈' => {
                angle += 1;
                if angle == 1 && depth == 1 && inner.is_none() {
                    inner_start = Some(at);
                }
            }
            '〉' if angle > 0 => {
                angle -= 1;
                if angle == 0 && depth == 1 && inner.is_none() {
                    inner = inner_start.map(|s0| (s0, at + c.len_utf8()));
                }
            }
            '\n' | '\r' => return None,
            _ => {}
        }
    }
    None
}

/// `关于印发X的通知` → `X` (also 转发, 颁布, 发布; 的通知/的决定/的函).
pub(crate) fn strip_issuing(key: &str) -> Option<&str> {
    let mut k = key;
    let mut changed = false;
    if let Some(i) = k.find("关于") {
        k = &k[i + "关于".len()..];
    }
    for p in ["印发", "转发", "颁布", "发布", "公布"] {
        if let Some(r) = k.strip_prefix(p) {
            k = r;
            changed = true;
            break;
        }
    }
    for suf in ["的通知", "的决定", "的函", "的公告", "的令"] {
        if let Some(r) = k.strip_suffix(suf) {
            k = r;
            break;
        }
    }
    let k = k.trim_start_matches('《').trim_end_matches('》');
    (changed && !k.is_empty()).then_some(k)
}

/// The part of a title from its first `关于` (dropping the issuer before it).
pub(crate) fn from_guanyu(key: &str) -> Option<&str> {
    match key.find("关于") {
        Some(i) if i > 0 => Some(&key[i..]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(
            title_key("关于 印发〈X〉的通知"),
            title_key("关于印发《X》的通知")
        );
        assert_eq!(
            title_key("“双十百千”（试行）"),
            title_key("\"双十百千\"(试行)")
        );
        assert_eq!(title_key("A——B"), title_key("A-B"));
    }

    #[test]
    fn spans() {
        let s = "见《关于印发〈X办法〉的通知》等";
        let t = parse_title(s, s.find('《').unwrap()).unwrap();
        assert_eq!(t.text(s), "关于印发〈X办法〉的通知");
        let (a, b) = t.inner.unwrap();
        assert_eq!(&s[a..b], "〈X办法〉");
        let s = "《关于印发《X》的通知》";
        let t = parse_title(s, 0).unwrap();
        assert_eq!(t.end, s.len());
        let (a, b) = t.inner.unwrap();
        assert_eq!(&s[a..b], "《X》");
        assert!(parse_title("《》", 0).is_none());
        assert!(parse_title("《abc", 0).is_none());
    }

    #[test]
    fn stripping() {
        assert_eq!(strip_issuing("关于印发x办法的通知"), Some("x办法"));
        assert_eq!(strip_issuing("关于开展x的通知"), None);
    }
}

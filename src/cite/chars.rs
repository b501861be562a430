//! Character classes shared by the recognisers.

/// Characters that PDF conversion scatters inside numbers and titles and
/// that never carry meaning there: whitespace and zero-width characters.
pub(crate) fn is_ignorable(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
        )
}

/// Value of an ASCII or full-width decimal digit.
pub(crate) fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// Opening brackets written around the year of a document number.
pub(crate) fn is_open(c: char) -> bool {
    matches!(
        c,
        '〔' | '[' | '［' | '【' | '(' | '（' | '〖' | '﹝' | '〘' | '⦅'
    )
}

/// Closing brackets written around the year of a document number.
pub(crate) fn is_close(c: char) -> bool {
    matches!(
        c,
        '〕' | ']' | '］' | '】' | ')' | '）' | '〗' | '﹞' | '〙' | '⦆'
    )
}

/// CJK unified ideographs (the characters of a 机关代字 or an organ name).
pub(crate) fn is_han(c: char) -> bool {
    matches!(
        c,
        '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2FA1F}'
    )
}

/// Ends a sentence or clause for the purposes of relation detection.
pub(crate) fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '。' | '；' | ';' | '！' | '!' | '？' | '?' | '：' | ':' | '\n'
    )
}

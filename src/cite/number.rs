//! Recognising and normalising document numbers (发文字号), GB/T 9704:
//! `机关代字〔年份〕序号号`, orders `国务院令第722号` and announcements
//! `国家税务总局公告2015年第41号`, in the spellings PDF conversion produces.
//!
//! Recognition is anchored on `号`: from each `号` the parser reads backwards
//! a bounded number of characters, so the cost per `号` is constant.

use super::chars::{digit, is_close, is_han, is_ignorable, is_open};

/// Longest run of ignorable characters accepted between two parts.
const MAX_IGN: usize = 6;
/// Most Han characters read backwards as a candidate 机关代字 / organ name.
pub(crate) const MAX_CODE: usize = 24;
/// Most digits in a serial number.
const MAX_SERIAL_DIGITS: usize = 6;

/// The three shapes of a document number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberForm {
    /// `国办发〔2020〕6号`
    Standard,
    /// `国务院令第722号` (also written `国务院第722号令`)
    Order,
    /// `国家税务总局公告2015年第41号`
    Announcement,
}

/// A number found in text, before its 机关代字 is trimmed.
#[derive(Debug, Clone)]
pub(crate) struct RawNumber {
    pub form: NumberForm,
    /// The Han characters before the bracket / `令` / `公告`, in reading
    /// order, with their byte offsets (at most [`MAX_CODE`]).
    pub code: Vec<(usize, char)>,
    pub year: u16,
    pub serial: u32,
    /// Byte offset just after the number (after `号`, or `令` for `第N号令`).
    pub end: usize,
}

impl RawNumber {
    pub fn tail(&self) -> String {
        tail(self.form, self.year, self.serial)
    }
}

/// What follows the code in the canonical form: `〔2020〕6号`, `令第722号`,
/// `公告2015年第41号`.
pub(crate) fn tail(form: NumberForm, year: u16, serial: u32) -> String {
    match form {
        NumberForm::Standard => format!("〔{year}〕{serial}号"),
        NumberForm::Order => format!("令第{serial}号"),
        NumberForm::Announcement => format!("公告{year}年第{serial}号"),
    }
}

/// Reads a string backwards from `pos`, never before `lo`.
struct Back<'a> {
    s: &'a str,
    lo: usize,
    pos: usize,
}

impl Back<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.lo..self.pos].chars().next_back()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos -= c.len_utf8();
        Some(c)
    }
    fn skip_ign(&mut self) {
        let mut n = 0;
        while n < MAX_IGN && self.peek().is_some_and(is_ignorable) {
            self.bump();
            n += 1;
        }
    }
    fn eat(&mut self, want: char) -> bool {
        if self.peek() == Some(want) {
            self.bump();
            true
        } else {
            false
        }
    }
    /// Up to `max` digits read backwards (ignorables allowed between them);
    /// returns their value and count.
    fn digits(&mut self, max: usize) -> Option<(u64, usize)> {
        let (mut v, mut n, mut scale) = (0u64, 0usize, 1u64);
        loop {
            match self.peek().and_then(digit) {
                Some(d) if n < max => {
                    self.bump();
                    v += u64::from(d) * scale;
                    scale *= 10;
                    n += 1;
                }
                Some(_) => return None, // too many digits: not a number
                None => {
                    if n == 0 {
                        return None;
                    }
                    // Allow stray spaces between digits.
                    let save = self.pos;
                    self.skip_ign();
                    if self.pos != save && self.peek().and_then(digit).is_some() {
                        continue;
                    }
                    self.pos = save;
                    return Some((v, n));
                }
            }
        }
    }
    /// The run of Han characters ending here (single stray spaces inside
    /// allowed), in reading order, at most [`MAX_CODE`].
    fn han_run(&mut self) -> Vec<(usize, char)> {
        let mut run = Vec::new();
        while run.len() < MAX_CODE {
            match self.peek() {
                Some(c) if is_han(c) => {
                    self.bump();
                    run.push((self.pos, c));
                }
                Some(c) if is_ignorable(c) && !run.is_empty() => {
                    let save = self.pos;
                    let mut n = 0;
                    while n < 2 && self.peek().is_some_and(is_ignorable) {
                        self.bump();
                        n += 1;
                    }
                    if !self.peek().is_some_and(is_han) {
                        self.pos = save;
                        break;
                    }
                }
                _ => break,
            }
        }
        run.reverse();
        run
    }
}

fn year_of(v: (u64, usize)) -> Option<u16> {
    let (y, n) = v;
    (n == 4 && (1900..=2099).contains(&y)).then_some(y as u16)
}

fn serial_of(v: (u64, usize)) -> Option<u32> {
    (v.0 > 0).then_some(v.0 as u32)
}

/// Parses the number ending with the `号` at byte `hao` of `text`, reading
/// no further back than `lo`.
pub(crate) fn parse_at(text: &str, lo: usize, hao: usize) -> Option<RawNumber> {
    debug_assert!(text[hao..].starts_with('号'));
    let mut b = Back {
        s: text,
        lo,
        pos: hao,
    };
    b.skip_ign();
    let serial = serial_of(b.digits(MAX_SERIAL_DIGITS)?)?;
    b.skip_ign();
    let had_di = b.eat('第');
    b.skip_ign();
    let end = hao + '号'.len_utf8();
    let c = b.peek()?;
    let (form, year) = if is_close(c) {
        b.bump();
        b.skip_ign();
        let year = year_of(b.digits(4)?)?;
        b.skip_ign();
        if !b.peek().is_some_and(is_open) {
            return None;
        }
        b.bump();
        b.skip_ign();
        (NumberForm::Standard, year)
    } else if c == '令' {
        b.bump();
        b.skip_ign();
        (NumberForm::Order, 0)
    } else if c == '年' {
        b.bump();
        b.skip_ign();
        let year = year_of(b.digits(4)?)?;
        b.skip_ign();
        if !(b.eat('告') && b.eat('公')) {
            return None;
        }
        b.skip_ign();
        (NumberForm::Announcement, year)
    } else if had_di && is_han(c) {
        // `国务院第722号令`
        let mut f = Fwd { s: text, pos: end };
        f.skip_ign();
        if !f.eat('令') {
            return None;
        }
        let code = b.han_run();
        return Some(RawNumber {
            form: NumberForm::Order,
            code,
            year: 0,
            serial,
            end: f.pos,
        });
    } else {
        return None;
    };
    let code = b.han_run();
    if code.is_empty() {
        return None;
    }
    Some(RawNumber {
        form,
        code,
        year,
        serial,
        end,
    })
}

/// Reads a string forwards.
struct Fwd<'a> {
    s: &'a str,
    pos: usize,
}

impl Fwd<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }
    fn skip_ign(&mut self) {
        let mut n = 0;
        while n < MAX_IGN && self.peek().is_some_and(is_ignorable) {
            self.bump();
            n += 1;
        }
    }
    fn eat(&mut self, want: char) -> bool {
        if self.peek() == Some(want) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn digits(&mut self, max: usize) -> Option<(u64, usize)> {
        let mut v = 0u64;
        let mut n = 0;
        loop {
            match self.peek().and_then(digit) {
                Some(d) => {
                    if n == max {
                        return None;
                    }
                    self.bump();
                    v = v * 10 + u64::from(d);
                    n += 1;
                }
                None => {
                    if n == 0 {
                        return None;
                    }
                    let save = self.pos;
                    self.skip_ign();
                    if self.pos != save && self.peek().and_then(digit).is_some() {
                        continue;
                    }
                    self.pos = save;
                    return Some((v, n));
                }
            }
        }
    }
}

/// A further number of a list sharing the previous one's code:
/// `国发〔2019〕5号、6号`, `国发〔2019〕5号、〔2020〕7号`, `…令第5号和第6号`.
/// `from` is the end of the previous number; returns (start, end, year, serial).
pub(crate) fn parse_continuation(
    text: &str,
    from: usize,
    form: NumberForm,
    year: u16,
) -> Option<(usize, usize, u16, u32)> {
    let mut f = Fwd { s: text, pos: from };
    f.skip_ign();
    if !matches!(f.bump()?, '、' | '，' | ',' | '和' | '及' | '与' | '或') {
        return None;
    }
    f.skip_ign();
    let start = f.pos;
    let mut year = year;
    if form == NumberForm::Standard && f.peek().is_some_and(is_open) {
        f.bump();
        f.skip_ign();
        year = year_of(f.digits(4)?)?;
        f.skip_ign();
        if !f.peek().is_some_and(is_close) {
            return None;
        }
        f.bump();
        f.skip_ign();
    }
    if f.eat('第') {
        f.skip_ign();
    }
    let serial = serial_of(f.digits(MAX_SERIAL_DIGITS)?)?;
    f.skip_ign();
    if !f.eat('号') {
        return None;
    }
    if form == NumberForm::Order && f.peek() == Some('令') {
        f.bump();
    }
    Some((start, f.pos, year, serial))
}

/// Canonical form of a whole string that is one document number:
/// `代字〔YYYY〕N号`, `机关令第N号` or `机关公告YYYY年第N号`; `None` when
/// `s` is not exactly one number. Brackets, digit width, spaces and
/// zero-width characters are normalised; the code is kept whole (no
/// trimming). `canonical_doc_number(&c) == Some(c)` for every result `c`.
pub fn canonical_doc_number(s: &str) -> Option<String> {
    let raw = parse_whole(s)?;
    let mut out: String = raw.code.iter().map(|&(_, c)| c).collect();
    out.push_str(&raw.tail());
    Some(out)
}

/// The number that is the whole of `s` (ignorables around it allowed).
pub(crate) fn parse_whole(s: &str) -> Option<RawNumber> {
    let first = s.char_indices().find(|&(_, c)| !is_ignorable(c))?.0;
    let last_end = s
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_ignorable(c))
        .map(|(i, c)| i + c.len_utf8())?;
    let body = &s[..last_end];
    let hao = if body.ends_with('令') {
        let before = body[..body.len() - '令'.len_utf8()].trim_end_matches(is_ignorable);
        before.strip_suffix('号')?.len()
    } else {
        body.strip_suffix('号')?.len()
    };
    let raw = parse_at(s, first, hao)?;
    if raw.end != last_end || raw.code.first()?.0 != first {
        return None;
    }
    Some(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let c = |s: &str| canonical_doc_number(s);
        assert_eq!(c("国办发〔2020〕6号").as_deref(), Some("国办发〔2020〕6号"));
        assert_eq!(
            c("豫政办 〔 2021 〕68 号").as_deref(),
            Some("豫政办〔2021〕68号")
        );
        assert_eq!(
            c("银保监办发[2020]39 号").as_deref(),
            Some("银保监办发〔2020〕39号")
        );
        assert_eq!(
            c("国发（２０１９）第005号").as_deref(),
            Some("国发〔2019〕5号")
        );
        assert_eq!(c("省政府令 第219号").as_deref(), Some("省政府令第219号"));
        assert_eq!(c("国务院第722号令").as_deref(), Some("国务院令第722号"));
        assert_eq!(
            c("国家税务总局公告2015年第41号").as_deref(),
            Some("国家税务总局公告2015年第41号")
        );
        assert_eq!(c("（2002）行终字第6号"), None);
        assert_eq!(c("2020年第17-18号"), None);
        assert_eq!(c("中山路第6号"), None);
        assert_eq!(c("〔2020〕6号"), None);
        assert_eq!(c("国发〔2020〕0号"), None);
    }
}

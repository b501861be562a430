//! The per-document scanner: finds number and 《title》 citations in the
//! chunks of one document, in reading order, and resolves them.

use super::chars::{is_clause_end, is_ignorable};
use super::number::{parse_at, parse_continuation};
use super::resolve::Known;
use super::title::{parse_title, strip_issuing, title_key, TitleSpan};
use super::Citation;
use crate::model::{DocIdx, RelationType};
use memchr::memmem;
use std::collections::HashMap;
use std::sync::LazyLock;

const HAO: &[u8] = "号".as_bytes();
const OPEN_TITLE: &[u8] = "《".as_bytes();
const CLOSE_TITLE: &[u8] = "》".as_bytes();
static FIND_HAO: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(HAO));
static FIND_OPEN: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(OPEN_TITLE));
static FIND_CLOSE: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(CLOSE_TITLE));
/// Bytes a 《title》 may span (160 characters of up to 4 bytes).
const MAX_TITLE_BYTES: usize = 4 * 162;

/// Words introducing the basis of a decision (`根据《X》`): a citation in the
/// same clause is what the document relies on, not what it repeals.
const BASIS: &[&str] = &[
    "贯彻", "落实", "根据", "依据", "按照", "参照", "依照", "遵照", "执行",
];

/// Phrases right after `对《X》` that make the document amend X.
const AMEND_AFTER: &[&str] = &[
    "作如下修改",
    "作出如下修改",
    "做如下修改",
    "做出如下修改",
    "进行如下修改",
    "作如下修订",
    "作如下修正",
    "修改如下",
];

/// Keywords of a title that give the kind of the citations after them.
const TITLE_KINDS: &[(&str, RelationType)] = &[
    ("废止", RelationType::Repeals),
    ("修改", RelationType::Amends),
    ("修订", RelationType::Amends),
    ("修正", RelationType::Amends),
    ("转发", RelationType::Forwards),
    ("贯彻", RelationType::Implements),
    ("落实", RelationType::Implements),
];

/// Scans the text of one document, chunk by chunk in reading order (aliases
/// such as （以下简称《条例》） carry from one chunk to the next).
///
/// Citations of the document itself (its own number or title) are returned
/// with `target == Some(self_idx)`: the caller must not link them.
///
/// Relation kinds: when the document's title contains 废止, citations after
/// a 废止 in the body get kind `Repeals`; when its title contains 修改 /
/// 修订 / 修正 and cites no 《title》 (a batch amendment), citations after a
/// 修改 in the body get `Amends` (the last keyword seen wins; 继续有效 sets
/// plain `Cites` again, for lists of documents kept in force). Excepted are
/// citations in a clause giving the basis of the decision (贯彻落实, 根据, …)
/// and 《titles》 followed by 的 (part of a longer title, as in
/// `关于同意《X》的函`). Anywhere, `对《X》作如下修改` gives X `Amends`.
/// Clause state carries across chunks until 。；：… or [`Scanner::end_block`].
pub struct Scanner<'k> {
    known: &'k Known,
    self_idx: DocIdx,
    /// Alias key → target of the title it abbreviates (`None`: unresolved,
    /// and its uses are not reported again).
    aliases: HashMap<String, Option<(DocIdx, bool)>>,
    /// Body keywords that set the kind of later citations: 废止 in a
    /// document whose title contains 废止, 修改/修订/修正 in one whose title
    /// contains them without citing a 《title》 (batch amendments).
    body_keywords: &'static [(&'static str, RelationType)],
    /// Kind set by the last such keyword seen in the body.
    body_kind: Option<RelationType>,
    basis: bool,
    title_mode: bool,
}

struct Found {
    start: usize,
    end: usize,
    canonical: String,
    target: Option<DocIdx>,
    ambiguous: bool,
}

impl<'k> Scanner<'k> {
    pub fn new(known: &'k Known, self_idx: DocIdx, self_title: &str) -> Scanner<'k> {
        Scanner {
            known,
            self_idx,
            aliases: HashMap::new(),
            body_keywords: body_keywords(self_title),
            body_kind: None,
            basis: false,
            title_mode: false,
        }
    }

    /// Ends a block (paragraph, list item, table cell): the clause state
    /// used for relation kinds does not carry over. Optional.
    pub fn end_block(&mut self) {
        self.basis = false;
    }

    /// Citations in `text`, in order, non-overlapping, on char boundaries.
    pub fn scan(&mut self, text: &str) -> Vec<Citation> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut hs = FIND_HAO.find_iter(bytes).peekable();
        let mut ts = FIND_OPEN.find_iter(bytes).peekable();
        let mut last_end = 0usize;
        let mut track_from = 0usize;
        // Byte offset of the next 》 at or after the last 《 seen (usize::MAX:
        // none); 0 before the first lookup, which then parses directly.
        let mut next_close = 0usize;
        loop {
            let (pos, is_title) = match (hs.peek(), ts.peek()) {
                (Some(&h), Some(&t)) if t < h => (ts.next().unwrap_or(t), true),
                (Some(&h), _) => (hs.next().unwrap_or(h), false),
                (None, Some(&t)) => (ts.next().unwrap_or(t), true),
                (None, None) => break,
            };
            if pos < last_end {
                continue;
            }
            if is_title {
                // A title closes within a few hundred bytes: skip the
                // parse when the next 》 is further (keeps runs of 《 linear).
                if next_close < pos {
                    next_close = FIND_CLOSE
                        .find(&bytes[pos..])
                        .map_or(usize::MAX, |i| pos + i);
                }
                if next_close - pos > MAX_TITLE_BYTES {
                    continue;
                }
                let Some(span) = parse_title(text, pos) else {
                    continue;
                };
                let Some(f) = self.title_at(text, &span) else {
                    continue;
                };
                // Kinds look at the text before the outer 《, even when the
                // citation is the inner 〈…〉.
                self.track(text, &mut track_from, span.start);
                let kind = self.title_kind(text, &span, span.start);
                track_from = span.end;
                last_end = span.end;
                out.push(self.citation(text, f, kind));
            } else {
                let Some(raw) = parse_at(text, last_end, pos) else {
                    continue;
                };
                let Some(cut) = self.known.trim_code(&raw) else {
                    continue;
                };
                let code: String = raw.code[cut..].iter().map(|&(_, c)| c).collect();
                let start = raw.code[cut].0;
                let canonical = format!("{code}{}", raw.tail());
                self.track(text, &mut track_from, start);
                let kind = self.number_kind(text, start);
                let target = self.known.number_target(&canonical, self.self_idx);
                let f = Found {
                    start,
                    end: raw.end,
                    canonical,
                    target,
                    ambiguous: false,
                };
                last_end = f.end;
                out.push(self.citation(text, f, kind));
                // `国发〔2019〕5号、6号`
                let mut year = raw.year;
                while let Some((s, e, y, serial)) =
                    parse_continuation(text, last_end, raw.form, year)
                {
                    year = y;
                    let canonical = format!("{code}{}", super::number::tail(raw.form, y, serial));
                    let target = self.known.number_target(&canonical, self.self_idx);
                    let f = Found {
                        start: s,
                        end: e,
                        canonical,
                        target,
                        ambiguous: false,
                    };
                    last_end = e;
                    out.push(self.citation(text, f, kind));
                }
                track_from = last_end;
            }
        }
        let len = text.len();
        self.track(text, &mut track_from, len);
        out
    }

    fn citation(&self, text: &str, f: Found, kind: RelationType) -> Citation {
        Citation {
            start: f.start,
            end: f.end,
            text: text[f.start..f.end].to_string(),
            canonical: f.canonical,
            target: f.target,
            ambiguous: f.ambiguous,
            kind,
        }
    }

    /// Updates the clause state (repeal documents only) with the text
    /// between `*from` and `to`.
    fn track(&mut self, text: &str, from: &mut usize, to: usize) {
        if self.body_keywords.is_empty() || self.title_mode || *from >= to {
            *from = (*from).max(to);
            return;
        }
        let mut seg = &text[*from..to];
        *from = to;
        if let Some((_, k)) = self
            .body_keywords
            .iter()
            .filter_map(|&(w, k)| seg.rfind(w).map(|i| (i, k)))
            .max_by_key(|&(i, _)| i)
        {
            self.body_kind = Some(k);
        }
        if let Some((i, c)) = seg.char_indices().rev().find(|&(_, c)| is_clause_end(c)) {
            self.basis = false;
            seg = &seg[i + c.len_utf8()..];
        }
        if !self.basis && BASIS.iter().any(|w| seg.contains(w)) {
            self.basis = true;
        }
    }

    fn title_mode_kind(text: &str, start: usize) -> RelationType {
        let before = &text[..start];
        TITLE_KINDS
            .iter()
            .filter_map(|&(w, k)| before.rfind(w).map(|i| (i, k)))
            .max_by_key(|&(i, _)| i)
            .map_or(RelationType::Cites, |(_, k)| k)
    }

    fn number_kind(&self, text: &str, start: usize) -> RelationType {
        if self.title_mode {
            Self::title_mode_kind(text, start)
        } else if let (Some(k), false) = (self.body_kind, self.basis) {
            k
        } else {
            RelationType::Cites
        }
    }

    fn title_kind(&self, text: &str, span: &TitleSpan, start: usize) -> RelationType {
        if self.title_mode {
            return Self::title_mode_kind(text, start);
        }
        let after = skip_ign(&text[span.end..]);
        if AMEND_AFTER.iter().any(|p| after.starts_with(p)) {
            return RelationType::Amends;
        }
        if let (Some(k), false) = (self.body_kind, self.basis) {
            if !after.starts_with('的') {
                return k;
            }
        }
        RelationType::Cites
    }

    /// Resolves the 《…》 `span`; records an alias defined right after it.
    /// `None` when nothing should be reported (an alias of an unresolved
    /// title, or an unresolved title whose inner doc numbers resolve).
    fn title_at(&mut self, text: &str, span: &TitleSpan) -> Option<Found> {
        let whole = span.text(text);
        let key = title_key(whole);
        if let Some(a) = self.aliases.get(&key) {
            let (target, ambiguous) = (*a)?;
            return Some(Found {
                start: span.start,
                end: span.end,
                canonical: format!("《{}》", strip_ign(whole)),
                target: Some(target),
                ambiguous,
            });
        }
        let mut range = (span.start, span.end);
        let mut shown = whole;
        let mut cands = self.known.title_candidates_key(&key);
        if cands.is_empty() {
            if let Some((a, b)) = span.inner {
                let inner = &text[a + 3..b - 3];
                let c = self.known.title_candidates_key(&title_key(inner));
                if !c.is_empty() {
                    cands = c;
                    range = (a, b);
                    shown = inner;
                }
            }
        }
        if cands.is_empty() {
            if let Some(k) = strip_issuing(&key) {
                cands = self.known.title_candidates_key(k);
            }
        }
        let adjacent = self.adjacent_number(text, span.end);
        // An unknown title with its number beside it is one reference, not
        // two: the number (more precise) stands for both.
        if cands.is_empty() && matches!(adjacent, Some(None)) {
            return None;
        }
        let number = adjacent.flatten();
        let (target, ambiguous) = match (cands.len(), number) {
            (0, Some(n)) => (Some(n), false),
            (0, None) => (None, false),
            (_, Some(n)) if cands.contains(&n) => (Some(n), false),
            _ => match self.known.pick_title(cands, self.self_idx) {
                Some((t, a)) => (Some(t), a),
                None => (None, false),
            },
        };
        if target.is_none() && self.inner_number_resolves(text, span) {
            return None;
        }
        if let Some(alias) = alias_after(text, span.end) {
            self.aliases.insert(alias, target.map(|t| (t, ambiguous)));
        }
        Some(Found {
            start: range.0,
            end: range.1,
            canonical: format!("《{}》", strip_ign(shown)),
            target,
            ambiguous,
        })
    }

    /// A number in parentheses right after a title, `《X》（国发〔2019〕5号）`:
    /// `Some(target)` when there is one (`Some(None)` if it is not a
    /// document of the site).
    fn adjacent_number(&self, text: &str, from: usize) -> Option<Option<DocIdx>> {
        let rest = &text[from..];
        let after = skip_ign(rest);
        let c = after.chars().next()?;
        if c != '（' && c != '(' {
            return None;
        }
        let open_end = from + (rest.len() - after.len()) + c.len_utf8();
        let window_end = text[open_end..]
            .char_indices()
            .nth(40)
            .map_or(text.len(), |(i, _)| open_end + i);
        let hao = open_end + memmem::find(&text.as_bytes()[open_end..window_end], HAO)?;
        let raw = parse_at(text, open_end, hao)?;
        let cut = self.known.trim_code(&raw)?;
        let code: String = raw.code[cut..].iter().map(|&(_, c)| c).collect();
        Some(
            self.known
                .number_target(&format!("{code}{}", raw.tail()), self.self_idx),
        )
    }

    fn inner_number_resolves(&self, text: &str, span: &TitleSpan) -> bool {
        let lo = span.start + 3;
        memmem::find_iter(&text.as_bytes()[lo..span.end], HAO).any(|i| {
            parse_at(text, lo, lo + i)
                .and_then(|raw| {
                    let cut = self.known.trim_code(&raw)?;
                    let code: String = raw.code[cut..].iter().map(|&(_, c)| c).collect();
                    self.known
                        .number_target(&format!("{code}{}", raw.tail()), self.self_idx)
                })
                .is_some()
        })
    }
}

/// Which body keywords set relation kinds, from the document's title.
fn body_keywords(title: &str) -> &'static [(&'static str, RelationType)] {
    const REPEAL: &[(&str, RelationType)] = &[
        ("废止", RelationType::Repeals),
        ("继续有效", RelationType::Cites),
    ];
    const AMEND: &[(&str, RelationType)] = &[
        ("修改", RelationType::Amends),
        ("修订", RelationType::Amends),
        ("修正", RelationType::Amends),
    ];
    const BOTH: &[(&str, RelationType)] = &[
        ("废止", RelationType::Repeals),
        ("继续有效", RelationType::Cites),
        ("修改", RelationType::Amends),
        ("修订", RelationType::Amends),
        ("修正", RelationType::Amends),
    ];
    let repeal = title.contains("废止");
    let amend = !title.contains('《')
        && !title.contains('〈')
        && ["修改", "修订", "修正"].iter().any(|w| title.contains(w));
    match (repeal, amend) {
        (true, true) => BOTH,
        (true, false) => REPEAL,
        (false, true) => AMEND,
        (false, false) => &[],
    }
}

/// The alias defined right after a citation: `（以下简称《条例》）`.
fn alias_after(text: &str, from: usize) -> Option<String> {
    const MARK: &str = "以下简称";
    let window_end = text[from..]
        .char_indices()
        .nth(48)
        .map_or(text.len(), |(i, _)| from + i);
    let window = &text[from..window_end];
    let i = window.find(MARK)?;
    let before = &window[..i];
    if !before.contains(['（', '(']) || before.chars().any(is_clause_end) {
        return None;
    }
    let after_start = from + i + MARK.len();
    let after = skip_ign(&text[after_start..]);
    if !after.starts_with('《') {
        return None;
    }
    let at = text.len() - after.len();
    let span = parse_title(text, at)?;
    let key = title_key(span.text(text));
    (!key.is_empty()).then_some(key)
}

fn skip_ign(s: &str) -> &str {
    s.trim_start_matches(is_ignorable)
}

fn strip_ign(s: &str) -> String {
    s.chars().filter(|&c| !is_ignorable(c)).collect()
}

/// Citations in a document's title: `关于修改《X》的决定` amends X,
/// `关于废止…` repeals what follows, `转发` forwards, `贯彻落实` implements;
/// other citations cite. Same conventions as [`Scanner::scan`].
pub fn scan_title(known: &Known, self_idx: DocIdx, title: &str) -> Vec<Citation> {
    let mut s = Scanner::new(known, self_idx, title);
    s.title_mode = true;
    s.scan(title)
}

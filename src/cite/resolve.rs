//! The site's own numbers and titles (`Known`), and trimming the words
//! before a 机关代字 (`参照国办公开办函〔2020〕2号` → `国办公开办函〔2020〕2号`).

use super::number::{canonical_doc_number, parse_whole, NumberForm, RawNumber};
use super::title::{from_guanyu, strip_issuing, title_key};
use super::DocRef;
use crate::model::{Date, DocIdx};
use std::collections::HashMap;

/// Most characters kept in an unknown 机关代字 after trimming.
const MAX_UNKNOWN_CODE: usize = 10;

/// Words that never occur inside a 机关代字 or an organ name: a code starts
/// after the last of them.
const PARTICLES: &[&str] = &[
    "参照", "按照", "根据", "依据", "依照", "遵照", "印发", "转发", "下发", "执行", "落实", "贯彻",
    "关于", "通过", "发布", "公布", "颁布", "详见", "附件", "文件", "精神", "要求", "废止", "修改",
    "的", "等", "并", "或", "号", "年", "月", "日", "第", "在", "于", "对", "将", "把", "被", "按",
    "见", "为", "以", "即", "了", "是", "由", "向", "其", "之",
];

/// Further words that end a standard number's code but may occur inside the
/// organ name of an order or announcement (`国家发展和改革委员会令`).
const CODE_ONLY: &[&str] = &[
    "和",
    "及",
    "与",
    "人民政府",
    "政府",
    "办公厅",
    "办公室",
    "委员会",
    "国务院",
    "通知",
    "意见",
    "决定",
    "办法",
    "批复",
    "方案",
    "细则",
    "要点",
    "报告",
    "请示",
    "条例",
    "公告",
    "通告",
    "纪要",
    "规定",
    "令",
];

#[derive(Debug, Clone)]
struct Info {
    date: Option<Date>,
    publication: String,
}

/// The site's own numbers and titles, built once per build.
#[derive(Debug, Default)]
pub struct Known {
    info: HashMap<DocIdx, Info>,
    /// Canonical number → documents, in (date, idx) order.
    by_number: HashMap<String, Vec<DocIdx>>,
    /// Tail (`〔2020〕6号`, `令第722号`, …) → the codes known with it.
    by_tail: HashMap<String, Vec<String>>,
    /// Numbers that are not recognisable, ignorables removed.
    by_raw_number: HashMap<String, Vec<DocIdx>>,
    /// Title key → documents, in (date, idx) order.
    by_title: HashMap<String, Vec<DocIdx>>,
    /// Title key from its first 关于 (issuer dropped) → documents.
    by_title_tail: HashMap<String, Vec<DocIdx>>,
    /// What a `关于印发X的通知` publishes (`X`) → those notices.
    by_attachment: HashMap<String, Vec<DocIdx>>,
}

impl Known {
    pub fn new(docs: &[DocRef<'_>]) -> Known {
        let mut k = Known::default();
        let mut order: Vec<&DocRef<'_>> = docs.iter().collect();
        order.sort_by_key(|d| (d.date, d.idx));
        for d in order {
            k.info.insert(
                d.idx,
                Info {
                    date: d.date,
                    publication: d.publication.to_string(),
                },
            );
            if let Some(n) = d.doc_number {
                match parse_whole(n) {
                    Some(raw) => {
                        let code: String = raw.code.iter().map(|&(_, c)| c).collect();
                        let tail = raw.tail();
                        let canonical = format!("{code}{tail}");
                        let docs = k.by_number.entry(canonical).or_default();
                        if docs.is_empty() {
                            k.by_tail.entry(tail).or_default().push(code);
                        }
                        docs.push(d.idx);
                    }
                    None => {
                        let raw = title_key(n);
                        if !raw.is_empty() {
                            k.by_raw_number.entry(raw).or_default().push(d.idx);
                        }
                    }
                }
            }
            let key = title_key(d.title);
            if key.is_empty() {
                continue;
            }
            if let Some(x) = strip_issuing(&key) {
                k.by_attachment
                    .entry(x.to_string())
                    .or_default()
                    .push(d.idx);
            }
            if let Some(t) = from_guanyu(&key) {
                k.by_title_tail
                    .entry(t.to_string())
                    .or_default()
                    .push(d.idx);
            }
            k.by_title.entry(key).or_default().push(d.idx);
        }
        k
    }

    /// Number of documents known.
    pub fn len(&self) -> usize {
        self.info.len()
    }

    pub fn is_empty(&self) -> bool {
        self.info.is_empty()
    }

    pub(crate) fn date(&self, idx: DocIdx) -> Option<Date> {
        self.info.get(&idx).and_then(|i| i.date)
    }

    fn publication(&self, idx: DocIdx) -> Option<&str> {
        self.info.get(&idx).map(|i| i.publication.as_str())
    }

    /// The document a canonical number names, seen from document `from`:
    /// when several documents carry it (the same document printed in two
    /// publications) the one in `from`'s publication, else the earliest.
    pub fn number_target(&self, canonical: &str, from: DocIdx) -> Option<DocIdx> {
        let v = self.by_number.get(canonical)?;
        self.prefer_same_publication(v, from)
    }

    fn prefer_same_publication(&self, v: &[DocIdx], from: DocIdx) -> Option<DocIdx> {
        if v.contains(&from) {
            return Some(from);
        }
        let p = self.publication(from);
        v.iter()
            .copied()
            .find(|&d| p.is_some() && self.publication(d) == p)
            .or_else(|| v.first().copied())
    }

    /// Documents whose title equals `title` (normalised), in (date, idx)
    /// order; falls back to comparing from the first 关于 (issuer dropped),
    /// then to the notices that published it (`关于印发《title》的通知`).
    pub fn title_candidates(&self, title: &str) -> &[DocIdx] {
        self.title_candidates_key(&title_key(title))
    }

    pub(crate) fn title_candidates_key(&self, key: &str) -> &[DocIdx] {
        if let Some(v) = self.by_title.get(key) {
            return v;
        }
        if let Some(v) = self.by_title_tail.get(key) {
            return v;
        }
        if let Some(t) = from_guanyu(key) {
            if let Some(v) = self.by_title.get(t).or_else(|| self.by_title_tail.get(t)) {
                return v;
            }
        }
        if let Some(v) = self.by_attachment.get(key) {
            return v;
        }
        &[]
    }

    /// Picks among documents sharing a title, seen from `from`: `from` itself
    /// if present, the only one, else the latest one not later than `from`
    /// (the earliest when all are later or dates are missing), marked ambiguous.
    pub fn pick_title(&self, cands: &[DocIdx], from: DocIdx) -> Option<(DocIdx, bool)> {
        match cands {
            [] => None,
            [one] => Some((*one, false)),
            _ if cands.contains(&from) => Some((from, false)),
            _ => {
                let me = self.date(from);
                let earlier = cands
                    .iter()
                    .copied()
                    .filter(|&d| matches!((self.date(d), me), (Some(a), Some(b)) if a <= b))
                    .max_by_key(|&d| (self.date(d), d));
                let pick = match (earlier, me) {
                    (Some(d), _) => d,
                    (None, None) => *cands.iter().max_by_key(|&&d| (self.date(d), d))?,
                    (None, Some(_)) => cands[0],
                };
                Some((pick, true))
            }
        }
    }

    /// Resolves a front-matter relation target (a doc number in any spelling,
    /// or a title) seen from `from`; `(target, ambiguous)`.
    pub fn resolve_target(&self, target: &str, from: DocIdx) -> Option<(DocIdx, bool)> {
        if let Some(c) = canonical_doc_number(target) {
            if let Some(d) = self.number_target(&c, from) {
                return Some((d, false));
            }
        }
        let key = title_key(target);
        if let Some(v) = self.by_raw_number.get(&key) {
            return self.prefer_same_publication(v, from).map(|d| (d, false));
        }
        let key = key.trim_start_matches('《').trim_end_matches('》');
        self.pick_title(self.title_candidates_key(key), from)
    }

    /// Where the code of `raw` starts (index into `raw.code`): after the
    /// longest suffix that makes a known number, else after the last word
    /// that cannot be part of a code. `None` when nothing is left.
    pub(crate) fn trim_code(&self, raw: &RawNumber) -> Option<usize> {
        let n = raw.code.len();
        let run: String = raw.code.iter().map(|&(_, c)| c).collect();
        if let Some(codes) = self.by_tail.get(&raw.tail()) {
            // Longest known code that ends the run.
            if let Some(code) = codes
                .iter()
                .filter(|c| run.ends_with(c.as_str()))
                .max_by_key(|c| c.len())
            {
                return Some(run[..run.len() - code.len()].chars().count());
            }
        }
        let lists: &[&[&str]] = if raw.form == NumberForm::Standard {
            &[PARTICLES, CODE_ONLY]
        } else {
            &[PARTICLES]
        };
        let cut_byte = lists
            .iter()
            .flat_map(|l| l.iter())
            .filter_map(|w| run.rfind(w).map(|i| i + w.len()))
            .max()
            .unwrap_or(0);
        let mut cut = run[..cut_byte].chars().count();
        if cut >= n {
            return None;
        }
        if raw.form == NumberForm::Standard && n - cut > MAX_UNKNOWN_CODE {
            cut = n - MAX_UNKNOWN_CODE;
        }
        Some(cut)
    }
}

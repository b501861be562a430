//! `gazette-corpus`: writes a synthetic Chinese gazette site for benchmarks.
//!
//! ```text
//! gazette-corpus --docs N --seed S --out DIR [--seeds DIR] [--force]
//! ```
//!
//! The output is a complete site (SPEC §1): `gazette.yaml` and
//! `content/<publication>/<issue>/<document>.md`, with three publications,
//! about 20 documents per issue and about 4,700 Han characters per document
//! (≈15 KB of Markdown, so 10,000 documents ≈ 150 MB). The text is drawn from
//! the sentences of the seed files (`*.txt`, markup stripped) and carries
//! headings, lists, an occasional table and fenced code block, and citations
//! of other generated documents in all the variant forms of SPEC §3
//! (bracket and digit variants, stray spaces, `《title》`, lists such as
//! `国发〔2019〕5号、6号`, `参照…` prefixes), plus citations of numbers that
//! do not exist, documents whose title contains 废止 listing what they
//! repeal, and `关于修改《X》的决定`.
//!
//! Everything is a function of the arguments and of the seed files: the same
//! arguments give byte-identical output whatever the number of threads
//! (each document draws from its own PRNG stream).

use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// ---------------------------------------------------------------- PRNG

/// splitmix64: tiny, fast, and good enough for synthetic text.
#[derive(Clone)]
struct Rng(u64);

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// An independent stream for (`seed`, `stream`, `index`).
    fn derive(seed: u64, stream: u64, index: u64) -> Rng {
        Rng(mix64(
            mix64(seed ^ 0x5EED) ^ mix64(stream.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index),
        ))
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Index drawn with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------- shape of the site

/// An issuing body and one of its 机关代字 (empty: documents without number).
struct Issuer {
    name: &'static str,
    code: &'static str,
    slug: &'static str,
}

#[derive(Clone, Copy, PartialEq)]
enum SecKind {
    /// Documents with a number `代字〔year〕n号`.
    Numbered,
    /// Orders `…令第n号`; the str is the prefix before 令.
    Order(&'static str),
    /// Minutes of a standing meeting; no number.
    Meeting,
    /// Personnel appointments; no number.
    Personnel,
    /// News items and commentary; no number.
    News,
}

struct Section {
    name: &'static str,
    weight: u32,
    kind: SecKind,
    issuers: &'static [Issuer],
}

struct Pub {
    slug: &'static str,
    title: &'static str,
    short_title: &'static str,
    publisher: &'static str,
    frequency: &'static str,
    /// Days of the month an issue appears; issues per year = 12 × len.
    days: &'static [u32],
    /// 号 or 期 in issue titles.
    issue_word: &'static str,
    combined_issues: bool,
    /// How the text refers to its own jurisdiction.
    region: &'static str,
    recipients: &'static str,
    sections: &'static [Section],
}

const fn iss(name: &'static str, code: &'static str, slug: &'static str) -> Issuer {
    Issuer { name, code, slug }
}

const XJ_GOV: &[Issuer] = &[
    iss("新疆维吾尔自治区人民政府", "新政发", "xzf"),
    iss("新疆维吾尔自治区人民政府", "新政函", "xzh"),
];
const XJ_OFFICE: &[Issuer] = &[
    iss("新疆维吾尔自治区人民政府办公厅", "新政办发", "xzbf"),
    iss("新疆维吾尔自治区人民政府办公厅", "新政办函", "xzbh"),
];
const XJ_DEPTS: &[Issuer] = &[
    iss("自治区发展和改革委员会", "新发改规", "xfgg"),
    iss("自治区财政厅", "新财规", "xcg"),
    iss("自治区教育厅", "新教规", "xjg"),
    iss("自治区人力资源和社会保障厅", "新人社规", "xrsg"),
    iss("自治区住房和城乡建设厅", "新建规", "xjsg"),
    iss("自治区交通运输厅", "新交规", "xjtg"),
    iss("自治区市场监督管理局", "新市监规", "xsjg"),
];
const XJ_PLAIN: &[Issuer] = &[iss("新疆维吾尔自治区人民政府", "", "")];
const GWY: &[Issuer] = &[iss("国务院", "国发", "gf"), iss("国务院", "国函", "gh")];
const GWY_OFFICE: &[Issuer] = &[
    iss("国务院办公厅", "国办发", "gbf"),
    iss("国务院办公厅", "国办函", "gbh"),
];
const GWY_DEPTS: &[Issuer] = &[
    iss("国家发展改革委", "发改规", "fgg"),
    iss("财政部", "财预", "cy"),
    iss("教育部", "教发", "jf"),
    iss("商务部", "商服贸发", "sfmf"),
    iss("中国银保监会办公厅", "银保监办发", "ybjbf"),
    iss("人力资源社会保障部", "人社部发", "rsbf"),
    iss("交通运输部", "交运规", "jyg"),
];
const GWY_PLAIN: &[Issuer] = &[iss("国务院", "", "")];
const XY_POLICY: &[Issuer] = &[
    iss("中国商务信用联盟", "商信联发", "sxlf"),
    iss("中国商务信用联盟秘书处", "商信联秘", "sxlm"),
];
const XY_PLAIN: &[Issuer] = &[iss("中国商务信用联盟秘书处", "", "")];

const PUBS: &[Pub] = &[
    Pub {
        slug: "xjzb",
        title: "新疆维吾尔自治区人民政府公报",
        short_title: "自治区政府公报",
        publisher: "新疆维吾尔自治区人民政府办公厅",
        frequency: "半月刊",
        days: &[1, 16],
        issue_word: "号",
        combined_issues: true,
        region: "我区",
        recipients:
            "伊犁哈萨克自治州，各州、市人民政府，各行政公署，自治区人民政府各部门、各直属机构：",
        sections: &[
            Section {
                name: "自治区人民政府令",
                weight: 3,
                kind: SecKind::Order("新疆维吾尔自治区人民政府"),
                issuers: XJ_PLAIN,
            },
            Section {
                name: "自治区人民政府文件",
                weight: 22,
                kind: SecKind::Numbered,
                issuers: XJ_GOV,
            },
            Section {
                name: "自治区人民政府办公厅文件",
                weight: 35,
                kind: SecKind::Numbered,
                issuers: XJ_OFFICE,
            },
            Section {
                name: "部门文件",
                weight: 28,
                kind: SecKind::Numbered,
                issuers: XJ_DEPTS,
            },
            Section {
                name: "常务会议",
                weight: 7,
                kind: SecKind::Meeting,
                issuers: XJ_PLAIN,
            },
            Section {
                name: "人事任免",
                weight: 5,
                kind: SecKind::Personnel,
                issuers: XJ_PLAIN,
            },
        ],
    },
    Pub {
        slug: "gwygb",
        title: "中华人民共和国国务院公报",
        short_title: "国务院公报",
        publisher: "国务院办公厅",
        frequency: "旬刊",
        days: &[1, 11, 21],
        issue_word: "号",
        combined_issues: false,
        region: "各地区",
        recipients: "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        sections: &[
            Section {
                name: "国务院令",
                weight: 3,
                kind: SecKind::Order("国务院"),
                issuers: GWY_PLAIN,
            },
            Section {
                name: "国务院文件",
                weight: 25,
                kind: SecKind::Numbered,
                issuers: GWY,
            },
            Section {
                name: "国务院办公厅文件",
                weight: 35,
                kind: SecKind::Numbered,
                issuers: GWY_OFFICE,
            },
            Section {
                name: "国务院部门文件",
                weight: 30,
                kind: SecKind::Numbered,
                issuers: GWY_DEPTS,
            },
            Section {
                name: "国务院常务会议",
                weight: 7,
                kind: SecKind::Meeting,
                issuers: GWY_PLAIN,
            },
        ],
    },
    Pub {
        slug: "xyhydt",
        title: "信用行业动态",
        short_title: "信用动态",
        publisher: "中国商务信用联盟秘书处",
        frequency: "月刊",
        days: &[28],
        issue_word: "期",
        combined_issues: false,
        region: "各地",
        recipients: "各会员单位：",
        sections: &[
            Section {
                name: "行业政策",
                weight: 40,
                kind: SecKind::Numbered,
                issuers: XY_POLICY,
            },
            Section {
                name: "行业动态",
                weight: 25,
                kind: SecKind::News,
                issuers: XY_PLAIN,
            },
            Section {
                name: "同行观点",
                weight: 15,
                kind: SecKind::News,
                issuers: XY_PLAIN,
            },
            Section {
                name: "地方动向",
                weight: 20,
                kind: SecKind::News,
                issuers: XY_PLAIN,
            },
        ],
    },
];

/// Latest year of the archive; it grows backwards from here with N.
const LAST_YEAR: u32 = 2024;
/// Average Han characters per document (uniform in ±SPREAD).
const HAN_MEAN: usize = 4500;
const HAN_SPREAD: usize = 1400;

// ---------------------------------------------------------------- seed text

struct Sentence {
    text: String,
    han: usize,
}

struct Text {
    sentences: Vec<Sentence>,
    /// Short all-Han clauses (4–14 chars): headings, titles, list leads.
    phrases: Vec<String>,
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

fn han_count(s: &str) -> usize {
    s.chars().filter(|&c| is_han(c)).count()
}

/// Characters whose presence would make a seed sentence look like markup or
/// like a citation that the generator did not plan.
const BANNED: &[char] = &[
    '〔', '〕', '[', ']', '［', '］', '【', '】', '《', '》', '<', '>', '`', '|', '#', '*', '_',
    '\t', '…', '废', '\\', '$', '&', '{', '}', '=', '~',
];

fn load_text(dir: &Path) -> Result<Text, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read seeds directory {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.txt seed files in {}", dir.display()));
    }
    let mut sentences = Vec::new();
    let mut seen = HashSet::new();
    let mut phrases = Vec::new();
    let mut seen_phrases = HashSet::new();
    for f in &files {
        let raw = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        for line in raw.lines() {
            let mut l = line.trim();
            if l.is_empty() || l.starts_with('#') || l.starts_with('|') || l.starts_with("```") {
                continue;
            }
            for p in ["- ", "* ", "> ", "+ "] {
                l = l.strip_prefix(p).unwrap_or(l);
            }
            let l = l.replace("**", "");
            // Split into sentences, keeping the terminator; a trailing piece
            // without one is a fragment cut by a page break: dropped.
            let mut start = 0;
            for (i, c) in l.char_indices() {
                if matches!(c, '。' | '！' | '？' | '；') {
                    let end = i + c.len_utf8();
                    let s = l[start..end].trim();
                    start = end;
                    let s = if s.ends_with('；') {
                        format!("{}。", s.trim_end_matches('；'))
                    } else {
                        s.to_string()
                    };
                    if !good_sentence(&s) {
                        continue;
                    }
                    for clause in s.split(['，', '、', '；', '：', '。', ',', '！', '？']) {
                        let n = clause.chars().count();
                        if (4..=14).contains(&n)
                            && clause.chars().all(is_han)
                            && !clause.contains('号')
                            && !clause.contains("修改")
                            && seen_phrases.insert(clause.to_string())
                        {
                            phrases.push(clause.to_string());
                        }
                    }
                    if seen.insert(s.clone()) {
                        let han = han_count(&s);
                        sentences.push(Sentence { text: s, han });
                    }
                }
            }
        }
    }
    if sentences.len() < 20 || phrases.len() < 20 {
        return Err(format!(
            "seed files in {} give too little text ({} sentences, {} phrases)",
            dir.display(),
            sentences.len(),
            phrases.len()
        ));
    }
    Ok(Text { sentences, phrases })
}

fn good_sentence(s: &str) -> bool {
    let n = s.chars().count();
    if !(12..=300).contains(&n) || s.contains(BANNED) || s.starts_with(['（', '(', '-', '.']) {
        return false;
    }
    if han_count(s) * 100 < n * 82 {
        return false; // mostly Latin, digits or punctuation: TOC lines, tables
    }
    // A digit followed by 号 (第17号, 44号) could read as a document number.
    let cs: Vec<char> = s.chars().collect();
    !cs.windows(2)
        .any(|w| w[1] == '号' && (w[0].is_ascii_digit() || w[0] == ' '))
}

// ---------------------------------------------------------------- dates

#[derive(Clone, Copy)]
struct Ymd(u32, u32, u32);

impl Ymd {
    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
    fn chinese(self) -> String {
        format!("{}年{}月{}日", self.0, self.1, self.2)
    }
    fn minus_days(self, n: i64) -> Ymd {
        let date = gazette::model::Date {
            year: self.0 as u16,
            month: self.1 as u8,
            day: self.2 as u8,
        };
        let d = gazette::model::Date::from_days(date.days() - n);
        Ymd(d.year.into(), d.month.into(), d.day.into())
    }
}

// ---------------------------------------------------------------- plan

#[derive(Clone, Copy, PartialEq)]
enum DocKind {
    Normal,
    Repeal,
    Amend,
}

struct IssuePlan {
    pub_idx: usize,
    slug: String,
    title: String,
    date: Ymd,
    year: u32,
    number: String,
    cumulative: String,
    sections: Vec<&'static str>,
    /// Range of document indices in [`Plan::docs`].
    docs: std::ops::Range<usize>,
    note: Option<String>,
}

/// A document number, kept in parts so that citations can write variants.
#[derive(Clone)]
enum Number {
    Doc {
        code: &'static str,
        year: u32,
        seq: u32,
    },
    Order {
        prefix: &'static str,
        seq: u32,
    },
}

impl Number {
    fn canonical(&self) -> String {
        match self {
            Number::Doc { code, year, seq } => format!("{code}〔{year}〕{seq}号"),
            Number::Order { prefix, seq } => format!("{prefix}令第{seq}号"),
        }
    }
}

struct DocPlan {
    issue: usize,
    slug: String,
    title: String,
    number: Option<Number>,
    issuers: Vec<&'static str>,
    date: Ymd,
    section: &'static str,
    sec_kind: SecKind,
    page: usize,
    order: usize,
    han_target: usize,
    kind: DocKind,
    /// Repealed (Repeal) or amended (Amend) documents.
    targets: Vec<usize>,
    /// Amend only: also declare the relation in front matter.
    relation_in_front_matter: bool,
}

struct Plan {
    issues: Vec<IssuePlan>,
    docs: Vec<DocPlan>,
    /// (code, year) → indices of the documents with that code and year, by seq.
    groups: HashMap<(&'static str, u32), Vec<usize>>,
    /// Every code used, in first-use order (for invented numbers).
    codes: Vec<&'static str>,
    /// Documents that have a `代字〔year〕n号` number.
    numbered: Vec<usize>,
    first_year: u32,
}

const CN_DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

fn cn_num(n: usize) -> String {
    match n {
        0..=9 => CN_DIGITS[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", CN_DIGITS[n - 10]),
        20..=99 => format!(
            "{}十{}",
            CN_DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                CN_DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    }
}

fn make_plan(n_docs: usize, seed: u64, text: &Text) -> Plan {
    let mut rng = Rng::derive(seed, 1, 0);

    // Issue sizes: ~20 documents each.
    let mut sizes = Vec::new();
    let mut left = n_docs;
    while left > 0 {
        let k = rng.range(15, 25).min(left);
        sizes.push(k);
        left -= k;
    }
    let per_year: usize = PUBS.iter().map(|p| 12 * p.days.len()).sum();
    let years = sizes.len().div_ceil(per_year).max(1) as u32;
    let first_year = LAST_YEAR + 1 - years;

    // The schedule: every publication's issues of a year, in date order.
    let mut slots: Vec<(Ymd, usize, String)> = Vec::new(); // (date, pub, number)
    let mut year = first_year;
    while slots.len() < sizes.len() {
        let mut this_year = Vec::new();
        for (pi, p) in PUBS.iter().enumerate() {
            let dates: Vec<Ymd> = (1..=12)
                .flat_map(|m| p.days.iter().map(move |&d| Ymd(year, m, d)))
                .collect();
            let mut j = 0;
            while j < dates.len() {
                if p.combined_issues && j % 2 == 0 && j + 1 < dates.len() && rng.chance(40) {
                    this_year.push((dates[j + 1], pi, format!("{}-{}", j + 1, j + 2)));
                    j += 2;
                } else {
                    this_year.push((dates[j], pi, (j + 1).to_string()));
                    j += 1;
                }
            }
        }
        this_year.sort_by_key(|(d, p, _)| (d.1, d.2, *p));
        slots.extend(this_year);
        year += 1;
    }
    slots.truncate(sizes.len());

    let mut issues = Vec::with_capacity(sizes.len());
    let mut docs: Vec<DocPlan> = Vec::with_capacity(n_docs);
    let mut cumulative = vec![0usize; PUBS.len()];
    let mut doc_seqs: HashMap<(&'static str, u32), u32> = HashMap::new();
    let mut order_seqs: HashMap<&'static str, u32> = HashMap::new();
    let mut meeting_no = vec![0usize; PUBS.len()];
    let mut personnel_no = vec![0usize; PUBS.len()];
    let mut groups: HashMap<(&'static str, u32), Vec<usize>> = HashMap::new();
    let mut codes: Vec<&'static str> = Vec::new();
    let mut numbered: Vec<usize> = Vec::new();
    let mut titles: HashSet<String> = HashSet::new();
    let mut repealed: HashSet<usize> = HashSet::new();

    for (ii, (size, (date, pi, number))) in sizes.iter().zip(slots).enumerate() {
        let p = &PUBS[pi];
        let parts = number.split('-').count();
        let c0 = cumulative[pi] + 1;
        cumulative[pi] += parts;
        let cum = if parts == 1 {
            c0.to_string()
        } else {
            format!("{}-{}", c0, cumulative[pi])
        };
        // Sections of this issue's documents, in the publication's order.
        let weights: Vec<u32> = p.sections.iter().map(|s| s.weight).collect();
        let mut secs: Vec<usize> = (0..*size).map(|_| rng.weighted(&weights)).collect();
        secs.sort_unstable();
        let mut sec_names: Vec<&'static str> = Vec::new();
        for &s in &secs {
            if sec_names.last() != Some(&p.sections[s].name) {
                sec_names.push(p.sections[s].name);
            }
        }
        let first_doc = docs.len();
        let mut page = rng.range(1, 3);
        for (k, &si) in secs.iter().enumerate() {
            let sec = &p.sections[si];
            let idx = docs.len();
            let issuer = rng.pick(sec.issuers);
            let ddate = date.minus_days(rng.range(3, 45) as i64);
            let han_target = rng.range(HAN_MEAN - HAN_SPREAD, HAN_MEAN + HAN_SPREAD);
            let mut issuers = vec![issuer.name];
            let mut kind = DocKind::Normal;
            let mut targets = Vec::new();
            let mut relation_in_front_matter = false;
            let (number, slug, title) = match sec.kind {
                SecKind::Numbered => {
                    let seq = doc_seqs.entry((issuer.code, ddate.0)).or_insert(0);
                    *seq += rng.range(1, 3) as u32;
                    let seq = *seq;
                    if !codes.contains(&issuer.code) {
                        codes.push(issuer.code);
                    }
                    groups.entry((issuer.code, ddate.0)).or_default().push(idx);
                    numbered.push(idx);
                    if sec.issuers.len() > 2 && rng.chance(60) {
                        let other = rng.pick(sec.issuers).name;
                        if other != issuer.name {
                            issuers.push(other);
                        }
                    }
                    let slug = format!("{}-{}-{}", issuer.slug, ddate.0, seq);
                    let number = Number::Doc {
                        code: issuer.code,
                        year: ddate.0,
                        seq,
                    };
                    // A few documents repeal or amend earlier ones.
                    let mut title = None;
                    if numbered.len() > 60 && rng.chance(12) {
                        let k = rng.range(2, 8);
                        for _ in 0..k * 4 {
                            let t = numbered[rng.below(numbered.len() - 1)];
                            if !repealed.contains(&t) && docs[t].kind == DocKind::Normal {
                                repealed.insert(t);
                                targets.push(t);
                                if targets.len() == k {
                                    break;
                                }
                            }
                        }
                        targets.sort_unstable();
                        if targets.len() >= 2 {
                            kind = DocKind::Repeal;
                            let ph = rng.pick(&text.phrases);
                            let t = format!(
                                "{}关于废止{}等{}件规范性文件的决定",
                                issuer.name,
                                ph,
                                cn_num(targets.len())
                            );
                            if titles.insert(t.clone()) {
                                title = Some(t);
                            }
                        }
                        if title.is_none() {
                            for t in targets.drain(..) {
                                repealed.remove(&t);
                            }
                            kind = DocKind::Normal;
                        }
                    } else if numbered.len() > 60 && rng.chance(12) {
                        for _ in 0..8 {
                            let t = numbered[rng.below(numbered.len() - 1)];
                            let td = &docs[t];
                            if td.kind != DocKind::Normal || td.title.contains('《') {
                                continue;
                            }
                            let cand = format!("关于修改《{}》的决定", td.title);
                            if titles.insert(cand.clone()) {
                                kind = DocKind::Amend;
                                targets.push(t);
                                relation_in_front_matter = rng.chance(500);
                                title = Some(cand);
                                break;
                            }
                        }
                    }
                    let title = title.unwrap_or_else(|| {
                        unique_title(&mut rng, &mut titles, text, issuer.name, ddate.0, p)
                    });
                    (Some(number), slug, title)
                }
                SecKind::Order(prefix) => {
                    let seq = order_seqs
                        .entry(prefix)
                        .or_insert(rng.range(100, 300) as u32);
                    *seq += 1;
                    let seq = *seq;
                    let ph = rng.pick(&text.phrases);
                    let mut t = format!("{ph}管理办法");
                    if !titles.insert(t.clone()) {
                        t = format!("{prefix}{ph}管理规定（{}年）", ddate.0);
                        if !titles.insert(t.clone()) {
                            t = format!("{t}（{idx}）");
                            titles.insert(t.clone());
                        }
                    }
                    (
                        Some(Number::Order { prefix, seq }),
                        format!("ling-{seq}"),
                        t,
                    )
                }
                SecKind::Meeting => {
                    meeting_no[pi] += 1;
                    let t = format!("{}召开第{}次常务会议", issuer.name, meeting_no[pi]);
                    titles.insert(t.clone());
                    (None, format!("meeting-{:02}", k + 1), t)
                }
                SecKind::Personnel => {
                    personnel_no[pi] += 1;
                    let t = format!(
                        "{}任免工作人员名单（第{}批）",
                        issuer.name,
                        cn_num((personnel_no[pi] - 1) % 99 + 1)
                    );
                    let t = if titles.insert(t.clone()) {
                        t
                    } else {
                        let t = format!("{t}（{}年{}月）", ddate.0, ddate.1);
                        titles.insert(t.clone());
                        t
                    };
                    (None, format!("personnel-{:02}", k + 1), t)
                }
                SecKind::News => {
                    const PLACES: &[&str] = &[
                        "湖北", "山西", "安徽", "山东", "广东", "浙江", "江苏", "四川", "新疆",
                        "云南", "福建", "河南", "陕西", "甘肃", "宁夏",
                    ];
                    let place = rng.pick(PLACES);
                    let mut t = format!("{place}：{}", rng.pick(&text.phrases));
                    if !titles.insert(t.clone()) {
                        t = format!("{t} {}", rng.pick(&text.phrases));
                        if !titles.insert(t.clone()) {
                            t = format!("{t}（{idx}）");
                            titles.insert(t.clone());
                        }
                    }
                    (None, format!("news-{:02}", k + 1), t)
                }
            };
            docs.push(DocPlan {
                issue: ii,
                slug,
                title,
                number,
                issuers,
                date: ddate,
                section: sec.name,
                sec_kind: sec.kind,
                page,
                order: k + 1,
                han_target,
                kind,
                targets,
                relation_in_front_matter,
            });
            page += (han_target / 2400).max(1);
        }
        let issue_title = format!("{}年第{}{}", date.0, number, p.issue_word);
        let note = if rng.chance(100) {
            Some(rng.pick(&text.sentences).text.clone())
        } else {
            None
        };
        issues.push(IssuePlan {
            pub_idx: pi,
            slug: format!("{}-{}", date.0, number),
            title: issue_title,
            date,
            year: date.0,
            number,
            cumulative: cum,
            sections: sec_names,
            docs: first_doc..docs.len(),
            note,
        });
    }
    Plan {
        issues,
        docs,
        groups,
        codes,
        numbered,
        first_year,
    }
}

/// A plausible, site-unique title for a numbered document.
fn unique_title(
    rng: &mut Rng,
    titles: &mut HashSet<String>,
    text: &Text,
    issuer: &str,
    year: u32,
    p: &Pub,
) -> String {
    for attempt in 0..12 {
        let ph = rng.pick(&text.phrases);
        let body = match rng.below(9) {
            0 => format!("关于{ph}的通知"),
            1 => format!("关于印发{ph}实施方案的通知"),
            2 => format!("关于印发{year}年{ph}工作要点的通知"),
            3 => format!("关于{ph}的实施意见"),
            4 => format!("关于进一步{ph}的意见"),
            5 => format!("关于{ph}有关事项的通知"),
            6 => format!(
                "关于印发{}{ph}若干措施的通知",
                p.region.trim_start_matches('我')
            ),
            7 => format!("关于{ph}的指导意见"),
            _ => format!("关于加强{ph}工作的通知"),
        };
        let t = if attempt > 3 || rng.chance(350) {
            format!("{issuer}{body}")
        } else {
            body
        };
        if titles.insert(t.clone()) {
            return t;
        }
    }
    let mut k = 2;
    loop {
        let t = format!("{issuer}关于{}的通知（{}）", rng.pick(&text.phrases), k);
        if titles.insert(t.clone()) {
            return t;
        }
        k += 1;
    }
}

// ---------------------------------------------------------------- citations

fn fullwidth_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(0xFF10 + (c as u32 - '0' as u32)).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// A document number written as text converted from PDF might write it.
fn number_variant(rng: &mut Rng, n: &Number) -> String {
    match n {
        Number::Doc { code, year, seq } => match rng.weighted(&[40, 12, 6, 5, 7, 8, 8, 6]) {
            0 => format!("{code}〔{year}〕{seq}号"),
            1 => format!("{code}[{year}]{seq}号"),
            2 => format!("{code}［{year}］{seq}号"),
            3 => format!("{code}【{year}】{seq}号"),
            4 => format!("{code}({year}){seq}号"),
            5 => format!("{code}（{year}）{seq} 号"),
            6 => fullwidth_digits(&format!("{code}〔{year}〕{seq}号")),
            _ => format!("{code}〔{year}〕{seq} 号"),
        },
        Number::Order { prefix, seq } => match rng.below(4) {
            0 => fullwidth_digits(&format!("{prefix}令第{seq}号")),
            1 => format!("{prefix}令第 {seq} 号"),
            _ => format!("{prefix}令第{seq}号"),
        },
    }
}

struct Ctx<'a> {
    plan: &'a Plan,
    text: &'a Text,
    /// Largest seq per (code, year) in the whole corpus.
    max_seq: HashMap<(&'static str, u32), u32>,
}

impl Ctx<'_> {
    /// An earlier document to cite, biased towards recent ones.
    fn earlier(&self, rng: &mut Rng, idx: usize) -> Option<usize> {
        if idx == 0 {
            return None;
        }
        Some(if rng.chance(500) {
            rng.below(idx)
        } else {
            idx - 1 - rng.below(idx.min(400))
        })
    }

    /// A document number that no document of the corpus has.
    fn missing_number(&self, rng: &mut Rng, idx: usize) -> Number {
        let code = if self.plan.codes.is_empty() {
            "国发"
        } else {
            self.plan.codes[rng.below(self.plan.codes.len())]
        };
        let year = self.plan.docs[idx].date.0 - rng.below(4) as u32;
        let max = self.max_seq.get(&(code, year)).copied().unwrap_or(0);
        Number::Doc {
            code,
            year,
            seq: max + 1 + rng.below(60) as u32,
        }
    }

    /// One citation as written, e.g. `《title》（新政发〔2020〕3号）`.
    fn citation(&self, rng: &mut Rng, idx: usize) -> String {
        const MISSING_TITLES: &[&str] = &[
            "中华人民共和国行政许可法",
            "中华人民共和国预算法",
            "优化营商环境条例",
            "政府信息公开条例",
            "重大行政决策程序暂行条例",
            "关于深化“放管服”改革的若干意见",
        ];
        let target = match self.earlier(rng, idx) {
            Some(t) if !rng.chance(140) => t,
            _ => {
                // Unresolvable: a number or a title not in the corpus.
                return if rng.chance(700) {
                    let n = self.missing_number(rng, idx);
                    number_variant(rng, &n)
                } else {
                    format!("《{}》", rng.pick(MISSING_TITLES))
                };
            }
        };
        let d = &self.plan.docs[target];
        let titled = !d.title.contains('《');
        let Some(num) = &d.number else {
            return if titled {
                format!("《{}》", d.title)
            } else {
                format!("“{}”", d.title)
            };
        };
        match rng.weighted(&[45, 18, 14, 8]) {
            0 => number_variant(rng, num),
            1 if titled => format!("《{}》（{}）", d.title, number_variant(rng, num)),
            2 if titled => format!("《{}》", d.title),
            3 => {
                // A list sharing code and year: `国发〔2019〕5号、6号`.
                if let Number::Doc { code, year, seq } = num {
                    let group = &self.plan.groups[&(*code, *year)];
                    if let Some(&other) = group.iter().find(|&&o| o != target && o < idx) {
                        if let Some(Number::Doc { seq: s2, .. }) = &self.plan.docs[other].number {
                            let (a, b) = if seq < s2 { (seq, s2) } else { (s2, seq) };
                            let t = format!("{code}〔{year}〕{a}号、{b}号");
                            return if rng.chance(200) {
                                fullwidth_digits(&t)
                            } else {
                                t
                            };
                        }
                    }
                }
                number_variant(rng, num)
            }
            _ => number_variant(rng, num),
        }
    }

    /// A sentence carrying a citation, built around a seed sentence.
    fn citing_sentence(&self, rng: &mut Rng, idx: usize, out: &mut String) -> usize {
        let c = self.citation(rng, idx);
        let s = rng.pick(&self.text.sentences);
        let region = PUBS[self.plan.issues[self.plan.docs[idx].issue].pub_idx].region;
        match rng.below(9) {
            0 => write!(out, "根据{c}精神，结合{region}实际，{}", s.text),
            1 => write!(out, "按照{c}要求，{}", s.text),
            2 => write!(out, "{}具体事项参照{c}执行。", s.text),
            3 => write!(out, "依据{c}有关规定，{}", s.text),
            4 => write!(out, "现将{c}转发给你们，请认真贯彻执行。{}", s.text),
            5 => write!(out, "{}详见{c}。", s.text),
            6 => write!(out, "为贯彻落实{c}，{}", s.text),
            7 => {
                // An alias carried to the next sentence.
                let d = self.earlier(rng, idx).map(|t| &self.plan.docs[t]);
                match d {
                    Some(d) if !d.title.contains('《') => {
                        let alias = ["意见", "通知", "方案", "办法", "决定"]
                            .into_iter()
                            .find(|a| d.title.ends_with(a))
                            .unwrap_or("文件");
                        let s2 = rng.pick(&self.text.sentences);
                        write!(
                            out,
                            "根据《{}》（以下简称《{alias}》），{}按照《{alias}》规定，{}",
                            d.title, s.text, s2.text
                        )
                    }
                    _ => write!(out, "按照{c}要求，{}", s.text),
                }
            }
            _ => write!(out, "{}（{c}）同时执行。", s.text.trim_end_matches('。')),
        }
        .unwrap();
        han_count(&c) + s.han + 8
    }
}

// ---------------------------------------------------------------- documents

fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            _ => q.push(c),
        }
    }
    q.push('"');
    q
}

fn render_doc(ctx: &Ctx<'_>, seed: u64, idx: usize) -> String {
    let plan = ctx.plan;
    let d = &plan.docs[idx];
    let text = ctx.text;
    let mut rng = Rng::derive(seed, 2, idx as u64);
    let mut out = String::with_capacity(d.han_target * 4 + 1024);

    // Front matter.
    out.push_str("---\n");
    writeln!(out, "title: {}", quote(&d.title)).unwrap();
    if let Some(n) = &d.number {
        writeln!(out, "doc_number: {}", quote(&n.canonical())).unwrap();
    }
    if d.issuers.len() == 1 {
        writeln!(out, "issuer: {}", quote(d.issuers[0])).unwrap();
    } else {
        let list: Vec<String> = d.issuers.iter().map(|s| quote(s)).collect();
        writeln!(out, "issuer: [{}]", list.join(", ")).unwrap();
    }
    writeln!(out, "date: {}", d.date.iso()).unwrap();
    writeln!(out, "section: {}", quote(d.section)).unwrap();
    writeln!(out, "page: {}", d.page).unwrap();
    writeln!(out, "order: {}", d.order).unwrap();
    if d.kind == DocKind::Amend && d.relation_in_front_matter {
        if let Some(n) = &plan.docs[d.targets[0]].number {
            out.push_str("relations:\n");
            writeln!(
                out,
                "  - type: amends\n    target: {}",
                quote(&n.canonical())
            )
            .unwrap();
        }
    }
    out.push_str("---\n\n");

    let mut han = 0usize;
    let numbered = matches!(d.sec_kind, SecKind::Numbered | SecKind::Order(_));
    let pubdef = &PUBS[plan.issues[d.issue].pub_idx];
    if numbered && d.kind == DocKind::Normal && rng.chance(600) {
        writeln!(out, "{}\n", pubdef.recipients).unwrap();
        han += han_count(pubdef.recipients);
    }

    // Kind-specific opening.
    match d.kind {
        DocKind::Repeal => {
            out.push_str("为维护法制统一，经研究，决定废止以下文件：\n\n");
            for (k, &t) in d.targets.iter().enumerate() {
                let td = &plan.docs[t];
                let num = td.number.as_ref().map(|n| number_variant(&mut rng, n));
                match num {
                    Some(n) if rng.chance(800) => {
                        writeln!(out, "{}. 《{}》（{}）", k + 1, td.title, n)
                    }
                    Some(n) => writeln!(out, "{}. {}", k + 1, n),
                    None => writeln!(out, "{}. 《{}》", k + 1, td.title),
                }
                .unwrap();
                han += han_count(&td.title);
            }
            out.push_str("\n以上文件自本决定印发之日起废止。\n\n");
        }
        DocKind::Amend => {
            let td = &plan.docs[d.targets[0]];
            let num = td
                .number
                .as_ref()
                .map(|n| n.canonical())
                .unwrap_or_default();
            writeln!(
                out,
                "经研究，决定对《{}》（{}）作如下修改：\n",
                td.title, num
            )
            .unwrap();
            for k in 1..=rng.range(2, 5) {
                let s = rng.pick(&text.sentences);
                writeln!(
                    out,
                    "{}. 将第{}条修改为：“{}”",
                    k,
                    cn_num(rng.range(2, 30)),
                    s.text
                )
                .unwrap();
                han += s.han + 8;
            }
            writeln!(out, "\n《{}》根据本决定作相应修改，重新公布。\n", td.title).unwrap();
        }
        DocKind::Normal => {}
    }

    // Decide once where the rare elements go.
    let table_at = if rng.chance(150) {
        Some(rng.range(1, 4))
    } else {
        None
    };
    let code_at = if rng.chance(50) {
        Some(rng.range(1, 4))
    } else {
        None
    };

    let mut h = 0usize;
    while han < d.han_target {
        if han > 0 || h > 0 {
            h += 1;
            let heading = rng.pick(&text.phrases);
            writeln!(out, "## {}、{}\n", cn_num(h), heading).unwrap();
            han += heading.chars().count() + 1;
        }
        let subs = rng.range(1, 3);
        for sub in 1..=subs {
            if subs > 1 {
                let ph = rng.pick(&text.phrases);
                writeln!(out, "### （{}）{}\n", cn_num(sub), ph).unwrap();
                han += ph.chars().count() + 1;
            }
            for _ in 0..rng.range(1, 3) {
                // A paragraph of 2–6 sentences, sometimes citing.
                for k in 0..rng.range(2, 6) {
                    if k == 0 && rng.chance(280) {
                        han += ctx.citing_sentence(&mut rng, idx, &mut out);
                    } else {
                        let s = rng.pick(&text.sentences);
                        out.push_str(&s.text);
                        han += s.han;
                    }
                }
                out.push_str("\n\n");
                if han >= d.han_target {
                    break;
                }
            }
            if rng.chance(250) {
                let ordered = rng.chance(400);
                for k in 1..=rng.range(3, 6) {
                    let s = rng.pick(&text.sentences);
                    if ordered {
                        write!(out, "{k}. ").unwrap();
                    } else {
                        out.push_str("- ");
                    }
                    if rng.chance(300) {
                        let lead = rng.pick(&text.phrases);
                        write!(out, "**{lead}**。").unwrap();
                        han += lead.chars().count();
                    }
                    out.push_str(&s.text);
                    out.push('\n');
                    han += s.han;
                }
                out.push('\n');
            }
            if han >= d.han_target {
                break;
            }
        }
        if table_at == Some(h) {
            han += write_table(&mut rng, ctx, d, &mut out);
        }
        if code_at == Some(h) {
            han += write_code(&mut rng, ctx, idx, &mut out);
        }
    }

    // Signature.
    if !matches!(d.sec_kind, SecKind::News) {
        writeln!(out, "{}\n\n{}", d.issuers.join("　"), d.date.chinese()).unwrap();
    } else {
        writeln!(out, "（来源：{}）", pubdef.publisher).unwrap();
    }
    out
}

fn write_table(rng: &mut Rng, ctx: &Ctx<'_>, d: &DocPlan, out: &mut String) -> usize {
    let mut han = 0;
    out.push_str("| 序号 | 事项名称 | 责任单位 | 完成时限 |\n|---:|---|---|---|\n");
    for k in 1..=rng.range(4, 10) {
        let item = rng.pick(&ctx.text.phrases);
        let unit = d.issuers[0];
        let month = rng.range(1, 12);
        writeln!(
            out,
            "| {k} | {item} | {unit} | {}年{month}月底前 |",
            d.date.0
        )
        .unwrap();
        han += item.chars().count() + unit.chars().count() + 4;
    }
    out.push('\n');
    han
}

fn write_code(rng: &mut Rng, ctx: &Ctx<'_>, idx: usize, out: &mut String) -> usize {
    // Code blocks may quote a number: it must not become a link.
    let cited = ctx
        .earlier(rng, idx)
        .and_then(|t| ctx.plan.docs[t].number.as_ref())
        .map(Number::canonical)
        .unwrap_or_else(|| "国发〔2019〕1号".into());
    let a = rng.pick(&ctx.text.phrases);
    let b = rng.pick(&ctx.text.phrases);
    if rng.chance(500) {
        writeln!(
            out,
            "```json\n{{\n  \"依据\": \"{cited}\",\n  \"事项\": \"{a}\",\n  \"办理时限\": {},\n  \"材料\": [\"{b}\"]\n}}\n```\n",
            rng.range(3, 30)
        )
        .unwrap();
    } else {
        writeln!(
            out,
            "```text\n申报材料清单（依据 {cited}）\n1. {a}\n2. {b}\n```\n"
        )
        .unwrap();
    }
    a.chars().count() + b.chars().count() + 8
}

fn render_issue(ip: &IssuePlan) -> String {
    let mut out = String::from("---\n");
    writeln!(out, "title: {}", quote(&ip.title)).unwrap();
    writeln!(out, "date: {}", ip.date.iso()).unwrap();
    writeln!(out, "year: {}", ip.year).unwrap();
    writeln!(out, "number: {}", quote(&ip.number)).unwrap();
    writeln!(out, "cumulative: {}", quote(&ip.cumulative)).unwrap();
    out.push_str("sections:\n");
    for s in &ip.sections {
        writeln!(out, "  - {}", quote(s)).unwrap();
    }
    out.push_str("---\n");
    if let Some(n) = &ip.note {
        writeln!(out, "\n编者按：{n}").unwrap();
    }
    out
}

fn render_publication(p: &Pub) -> String {
    let mut out = String::from("---\n");
    writeln!(out, "title: {}", quote(p.title)).unwrap();
    writeln!(out, "short_title: {}", quote(p.short_title)).unwrap();
    writeln!(out, "publisher: {}", quote(p.publisher)).unwrap();
    writeln!(out, "frequency: {}", quote(p.frequency)).unwrap();
    writeln!(
        out,
        "description: {}",
        quote(&format!("{}（合成语料）", p.title))
    )
    .unwrap();
    out.push_str("---\n");
    out
}

// ---------------------------------------------------------------- main

struct Args {
    docs: usize,
    seed: u64,
    out: PathBuf,
    seeds: PathBuf,
    force: bool,
}

const USAGE: &str = "usage: gazette-corpus --docs N --seed S --out DIR [--seeds DIR] [--force]

Writes a synthetic gazette site (gazette.yaml + content/) of N documents,
deterministic from S and the seed texts (*.txt in --seeds, default
$GAZETTE_SEEDS or the repository's tests/data/seeds). --force replaces an existing corpus in DIR.";

fn parse_args() -> Result<Args, String> {
    let mut docs = 10_000usize;
    let mut seed = 1u64;
    let mut out = None;
    let mut seeds = std::env::var_os("GAZETTE_SEEDS")
        .map(PathBuf::from)
        // The repository keeps copies of the seeds; a default that works
        // wherever the repository is checked out.
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/seeds")));
    let mut force = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--docs" => {
                docs = val("--docs")?
                    .replace('_', "")
                    .parse()
                    .map_err(|e| format!("--docs: {e}"))?
            }
            "--seed" => seed = val("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => out = Some(PathBuf::from(val("--out")?)),
            "--seeds" => seeds = PathBuf::from(val("--seeds")?),
            "--force" => force = true,
            "-h" | "--help" => return Err(USAGE.into()),
            _ => return Err(format!("unknown argument {a:?}\n\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("--out is required\n\n{USAGE}"))?;
    if docs == 0 {
        return Err("--docs must be at least 1".into());
    }
    Ok(Args {
        docs,
        seed,
        out,
        seeds,
        force,
    })
}

fn prepare_out(args: &Args) -> Result<(), String> {
    let out = &args.out;
    if out.exists() {
        let nonempty = std::fs::read_dir(out)
            .map_err(|e| format!("{}: {e}", out.display()))?
            .next()
            .is_some();
        if nonempty {
            if !args.force {
                return Err(format!(
                    "{} is not empty; pass --force to replace the corpus in it",
                    out.display()
                ));
            }
            if !out.join("gazette.yaml").exists() {
                return Err(format!(
                    "{} is not empty and holds no gazette.yaml: refusing to delete anything there",
                    out.display()
                ));
            }
            let content = out.join("content");
            if content.exists() {
                std::fs::remove_dir_all(&content)
                    .map_err(|e| format!("{}: {e}", content.display()))?;
            }
        }
    }
    std::fs::create_dir_all(out.join("content")).map_err(|e| format!("{}: {e}", out.display()))
}

fn run(args: &Args) -> Result<(), String> {
    let t0 = Instant::now();
    let text = load_text(&args.seeds)?;
    let plan = make_plan(args.docs, args.seed, &text);
    let mut max_seq = HashMap::new();
    for &i in &plan.numbered {
        if let Some(Number::Doc { code, year, seq }) = plan.docs[i].number {
            let m = max_seq.entry((code, year)).or_insert(0);
            *m = seq.max(*m);
        }
    }
    let ctx = Ctx {
        plan: &plan,
        text: &text,
        max_seq,
    };
    prepare_out(args)?;
    let content = args.out.join("content");
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());

    let config = format!(
        "title: {}\ndescription: {}\nlanguage: zh-CN\n",
        quote("政府公报合集"),
        quote(&format!(
            "gazette-corpus 生成的合成语料：{} 篇文件，种子 {}",
            args.docs, args.seed
        ))
    );
    let cfg_path = args.out.join("gazette.yaml");
    std::fs::write(&cfg_path, config).map_err(|e| io(&cfg_path, e))?;
    for p in PUBS.iter() {
        if !plan.issues.iter().any(|i| PUBS[i.pub_idx].slug == p.slug) {
            continue;
        }
        let dir = content.join(p.slug);
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        let f = dir.join("_publication.md");
        std::fs::write(&f, render_publication(p)).map_err(|e| io(&f, e))?;
    }
    plan.issues.par_iter().try_for_each(|ip| {
        let dir = content.join(PUBS[ip.pub_idx].slug).join(&ip.slug);
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        let f = dir.join("_issue.md");
        std::fs::write(&f, render_issue(ip)).map_err(|e| io(&f, e))?;
        ip.docs.clone().into_par_iter().try_for_each(|i| {
            let f = dir.join(format!("{}.md", plan.docs[i].slug));
            std::fs::write(&f, render_doc(&ctx, args.seed, i)).map_err(|e| io(&f, e))
        })
    })?;
    eprintln!(
        "gazette-corpus: {} documents, {} issues, {} publications, years {}–{}, in {:.2} s → {}",
        plan.docs.len(),
        plan.issues.len(),
        PUBS.len().min(plan.issues.len()),
        plan.first_year,
        plan.issues.last().map_or(plan.first_year, |i| i.year),
        t0.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    match parse_args().and_then(|a| run(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gazette-corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

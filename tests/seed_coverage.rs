//! Proves that the archive in `content/` was built from the five seed files in
//! `tests/data/seeds/` without losing a sentence.
//!
//! Every seed is split into sentences (on 。！？；!?; and line breaks); each
//! sentence is normalised (whitespace, Markdown markup and half-width/full-width
//! punctuation differences removed) and must occur in the normalised text of the
//! seed's publication folder: front matter values and bodies of every file.
//! Lines deliberately left out of `content/` are listed in `EXCLUDED` with the
//! reason, and each of them must really occur in its seed.
//!
//! The test also checks that every content file is front matter + body with a
//! `title:`, that only the front-matter keys of SPEC §1 are used, that slugs are
//! valid, and that doc numbers are unique across the site.
//!
//! Only `std` is used.

#[path = "common/sentences.rs"]
mod sentences;

use sentences::{normalise, sentences};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Sentences shorter than this (in characters, after normalisation) are not
/// checked: column labels such as 国际, 经济, 目录.
const MIN_CHARS: usize = 4;

/// Which publication folder of `content/` holds each seed.
const SEED_TO_PUBLICATION: &[(&str, &str)] = &[
    ("000_94a6dbf7d1a75862.txt", "newspaper-a"),
    ("001_d45680ec3d705399.txt", "newspaper-b"),
    ("002_4ae07aa26921f991.txt", "xinjiang-gazette"),
    ("003_38262d9f6d00a8c8.txt", "xinyong-hangye-dongtai"),
    ("004_f73fffda2f1064e4.txt", "newspaper-c"),
];

const TOC: &str = "printed table of contents (目录) entry: the site generates its own TOC; \
                   titles, doc numbers, sections and pages live in front matter";
const TOC_AND_HEADING: &str = "printed both as 目录 entry and as the document heading; \
                               the title (without the 10、 numbering) is in front matter";
const SECTION: &str = "section heading of the issue: moved to each document's `section` \
                       and the issue's `sections` list";
const HEADING: &str = "document heading `N、title[-doc number]`: title without the N、 numbering \
                       and the canonical doc number moved to front matter";
const RUNNING_HEADER: &str = "running page header of the newspaper page (conversion debris, \
                              not article text)";

/// (seed file, exact seed line after trimming, reason)
const EXCLUDED: &[(&str, &str, &str)] = &[
    // ---- 002 新疆维吾尔自治区人民政府公报 ----
    ("002_4ae07aa26921f991.txt", "新政发〔2020〕37号 ..... (2)", TOC),
    ("002_4ae07aa26921f991.txt", "新政办发〔2020〕44号 ..... (3)", TOC),
    ("002_4ae07aa26921f991.txt", "新政办发〔2020〕45号 ..... (5)", TOC),
    ("002_4ae07aa26921f991.txt", "新政办发〔2020〕46号 ..... (11)", TOC),
    ("002_4ae07aa26921f991.txt", "新政办发〔2020〕49号 ..... (17)", TOC),
    ("002_4ae07aa26921f991.txt", "..... (28)", TOC),
    ("002_4ae07aa26921f991.txt", "..... (29)", TOC),
    (
        "002_4ae07aa26921f991.txt",
        "# 关于促进国际道路 货运用挂运输发展的实施意见",
        "heading of 新政办发〔2020〕44号 with the OCR misreading 用挂 for 甩挂; \
         the title in front matter follows the 目录 spelling (关于促进国际道路货运甩挂运输发展的实施意见)",
    ),
    // ---- 003 信用行业动态 ----
    ("003_38262d9f6d00a8c8.txt", "一、行业政策\t4", TOC),
    ("003_38262d9f6d00a8c8.txt", "1、中共中央 国务院关于新时代加快完善社会主义市场经济体制的意见\t4", TOC),
    ("003_38262d9f6d00a8c8.txt", "2、中国银保监会办公厅关于印发信用保险和保证保险业务监管办法的通知银保监办发[2020]39 号.....\t24", TOC),
    ("003_38262d9f6d00a8c8.txt", "3、中共中央 国务院关于新时代推进西部大开发形成新格局的指导意见\t34", TOC),
    ("003_38262d9f6d00a8c8.txt", "4、国务院办公厅关于应对新冠肺炎疫情影响 强化稳就业举措的实施意见-国办发〔2020〕6 号.....\t52", TOC),
    ("003_38262d9f6d00a8c8.txt", "5、国务院办公厅关于农业综合行政执法有关事项的通知-国办函〔2020〕34 号.....\t60", TOC),
    ("003_38262d9f6d00a8c8.txt", "二、行业动态\t63", TOC),
    ("003_38262d9f6d00a8c8.txt", "1、国家知识产权局：开展知识产权领域以信用为基础的分级分类监管试点\t63", TOC),
    ("003_38262d9f6d00a8c8.txt", "2、济南就家政服务业征求意见：建立企业、人员信用“红黑名单”制度\t69", TOC),
    ("003_38262d9f6d00a8c8.txt", "三、同行观点\t72", TOC),
    ("003_38262d9f6d00a8c8.txt", "1、标普信评：一季度商业银行放贷质量表现平稳\t72", TOC),
    ("003_38262d9f6d00a8c8.txt", "2、惠誉：全国人大释放有节制经济刺激政策信号\t74", TOC),
    ("003_38262d9f6d00a8c8.txt", "3、惠誉评估新冠肺炎疫情冲击后对中资保险公司采取的评级行动概览\t76", TOC),
    ("003_38262d9f6d00a8c8.txt", "四、地方动向\t80", TOC),
    ("003_38262d9f6d00a8c8.txt", "1、湖北：“银税互动”扩围提速 纾解中小微企业资金压力 .\t80", TOC),
    ("003_38262d9f6d00a8c8.txt", "2、山西：太原物业服务企业消防管理工作纳入信用等级评价标准\t81", TOC),
    ("003_38262d9f6d00a8c8.txt", "3、安徽：安庆上线医保基金监管信用平台\t83", TOC),
    ("003_38262d9f6d00a8c8.txt", "4、山东：烟台发放首批信用报告 以信用助力“稳外贸” ...\t83", TOC),
    ("003_38262d9f6d00a8c8.txt", "5、江苏：南通推进信用分级分类新型监管\t84", TOC),
    ("003_38262d9f6d00a8c8.txt", "6、浙江：宁波“甬税码”全面上线 “以信换贷”再提速 ...\t86", TOC),
    ("003_38262d9f6d00a8c8.txt", "7、吉林：长春建设信用信息共享平台 让诚信为企业发展赋能\t87", TOC),
    ("003_38262d9f6d00a8c8.txt", "8、湖北：襄阳完善个人信用积分管理办法大力推进社会信用体系建设\t88", TOC),
    ("003_38262d9f6d00a8c8.txt", "9、浙江：企业纳税信用转化为融资信用，浙江银税互动缓解企业融资难\t89", TOC),
    ("003_38262d9f6d00a8c8.txt", "..... 90", TOC),
    ("003_38262d9f6d00a8c8.txt", "10、上海：首个“信用村”揭牌 农村信用体系建设取得新进展", TOC_AND_HEADING),
    ("003_38262d9f6d00a8c8.txt", "一、行业政策", SECTION),
    ("003_38262d9f6d00a8c8.txt", "二、行业动态", SECTION),
    ("003_38262d9f6d00a8c8.txt", "三、同行观点", SECTION),
    ("003_38262d9f6d00a8c8.txt", "四、地方动向", SECTION),
    ("003_38262d9f6d00a8c8.txt", "1、中共中央 国务院关于新时代加快完善社会主义市场经济体制的意见", HEADING),
    ("003_38262d9f6d00a8c8.txt", "2、中国银保监会办公厅关于印发信用保险和保证保险业务监管办法的通知银保监办发[2020]39号", HEADING),
    ("003_38262d9f6d00a8c8.txt", "3、中共中央 国务院关于新时代推进西部大开发形成新格局的指导意见", HEADING),
    ("003_38262d9f6d00a8c8.txt", "4、国务院办公厅关于应对新冠肺炎疫情影响 强化稳就业举措的实施意见-国办发〔2020〕6号", HEADING),
    ("003_38262d9f6d00a8c8.txt", "5、国务院办公厅关于农业综合行政执法有关事项的通知-国办函〔2020〕34号", HEADING),
    ("003_38262d9f6d00a8c8.txt", "1、国家知识产权局：开展知识产权领域以信用为基础的分级分类监管试点", HEADING),
    ("003_38262d9f6d00a8c8.txt", "2、济南就家政服务业征求意见：建立企业、人员信用“红黑名单”制度", HEADING),
    ("003_38262d9f6d00a8c8.txt", "1、标普信评：一季度商业银行放贷质量表现平稳", HEADING),
    ("003_38262d9f6d00a8c8.txt", "2、惠誉：全国人大释放有节制经济刺激政策信号", HEADING),
    ("003_38262d9f6d00a8c8.txt", "3、惠誉评估新冠肺炎疫情冲击后对中资保险公司采取的评级行动概览", HEADING),
    ("003_38262d9f6d00a8c8.txt", "1、湖北：“银税互动”扩围提速 纾解中小微企业资金压力", HEADING),
    ("003_38262d9f6d00a8c8.txt", "2、山西：太原物业服务企业消防管理工作纳入信用等级评价标准", HEADING),
    ("003_38262d9f6d00a8c8.txt", "3、安徽：安庆上线医保基金监管信用平台", HEADING),
    ("003_38262d9f6d00a8c8.txt", "4、山东：烟台发放首批信用报告 以信用助力“稳外贸”", HEADING),
    ("003_38262d9f6d00a8c8.txt", "5、江苏：南通推进信用分级分类新型监管", HEADING),
    ("003_38262d9f6d00a8c8.txt", "6、浙江：宁波“甬税码”全面上线 “以信换贷”再提速", HEADING),
    ("003_38262d9f6d00a8c8.txt", "7、吉林：长春建设信用信息共享平台 让诚信为企业发展赋能", HEADING),
    ("003_38262d9f6d00a8c8.txt", "8、湖北：襄阳完善个人信用积分管理办法大力推进社会信用体系建设", HEADING),
    ("003_38262d9f6d00a8c8.txt", "9、浙江：企业纳税信用转化为融资信用，浙江银税互动缓解企业融资难", HEADING),
    // ---- 001 newspaper page 2 ----
    ("001_d45680ec3d705399.txt", "中共中央国务院关于新时代推进西部大开发形成新格局的指导意见", RUNNING_HEADER),
    ("001_d45680ec3d705399.txt", "一", RUNNING_HEADER),
];

const PUBLICATION_KEYS: &[&str] = &[
    "title",
    "short_title",
    "publisher",
    "frequency",
    "description",
    "extra",
];
const ISSUE_KEYS: &[&str] = &[
    "title",
    "date",
    "year",
    "number",
    "cumulative",
    "volume",
    "pdf",
    "sections",
    "extra",
    "draft",
];
const DOCUMENT_KEYS: &[&str] = &[
    "title",
    "doc_number",
    "issuer",
    "date",
    "section",
    "order",
    "page",
    "tags",
    "relations",
    "draft",
    "extra",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds_dir() -> PathBuf {
    root().join("tests/data/seeds")
}

fn content_dir() -> PathBuf {
    root().join("content")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            md_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

struct Parsed {
    /// key -> scalar values (lists flattened)
    front: BTreeMap<String, Vec<String>>,
    body: String,
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        v[1..v.len() - 1]
            .replace("\\\"", "\"")
            .replace("\\\\", "\\")
    } else if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        v[1..v.len() - 1].replace("''", "'")
    } else {
        v.to_string()
    }
}

/// Minimal parser for the YAML subset used in content/: `key: scalar`,
/// `key:` followed by `  - item` lines, and `{type: …, target: …}` items.
fn parse(path: &Path) -> Parsed {
    let text = read(path);
    let rest = text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("{}: must start with a `---` line", path.display()));
    let end = rest
        .find("\n---\n")
        .or_else(|| rest.strip_suffix("\n---").map(|r| r.len()))
        .unwrap_or_else(|| panic!("{}: front matter is not closed by `---`", path.display()));
    let yaml = &rest[..end];
    let body = rest[end..].trim_start_matches("\n---").to_string();
    let mut front: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (i, l) in yaml.lines().enumerate() {
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        if let Some(item) = l.strip_prefix("  - ") {
            let key = current
                .clone()
                .unwrap_or_else(|| panic!("{}:{}: list item without a key", path.display(), i + 2));
            let item = item.trim();
            let values: Vec<String> = if item.starts_with('{') && item.ends_with('}') {
                item[1..item.len() - 1]
                    .split(", ")
                    .filter_map(|kv| kv.split_once(':').map(|(_, v)| unquote(v)))
                    .collect()
            } else {
                vec![unquote(item)]
            };
            front.get_mut(&key).unwrap().extend(values);
            continue;
        }
        let (k, v) = l.split_once(':').unwrap_or_else(|| {
            panic!("{}:{}: not a `key: value` line: {l}", path.display(), i + 2)
        });
        assert!(
            !k.starts_with(' ') && !k.is_empty(),
            "{}:{}: unexpected indentation: {l}",
            path.display(),
            i + 2
        );
        let k = k.to_string();
        assert!(
            !front.contains_key(&k),
            "{}: duplicate key `{k}`",
            path.display()
        );
        let v = v.trim();
        front.insert(
            k.clone(),
            if v.is_empty() {
                vec![]
            } else {
                vec![unquote(v)]
            },
        );
        current = Some(k);
    }
    Parsed { front, body }
}

fn valid_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (
        s[..4].parse::<u32>(),
        s[5..7].parse::<u32>(),
        s[8..].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]
}

/// Normalised text of everything under one publication folder, one entry per
/// line (front matter values and body lines), joined by newlines so that a
/// sentence can never be "found" across two unrelated lines.
fn publication_text(publication: &str) -> String {
    let mut files = Vec::new();
    md_files(&content_dir().join(publication), &mut files);
    assert!(!files.is_empty(), "content/{publication} holds no files");
    let mut out = String::new();
    for f in files {
        let p = parse(&f);
        for values in p.front.values() {
            for v in values {
                out.push_str(&normalise(v));
                out.push('\n');
            }
        }
        for l in p.body.lines() {
            out.push_str(&normalise(l));
            out.push('\n');
        }
    }
    out
}

fn missing_sentences(seed: &str, content: &str) -> Vec<String> {
    let text = read(&seeds_dir().join(seed));
    let excluded: BTreeSet<&str> = EXCLUDED
        .iter()
        .filter(|(s, _, _)| *s == seed)
        .map(|(_, l, _)| *l)
        .collect();
    let mut missing = Vec::new();
    for (line, sentence) in sentences(&text) {
        if excluded.contains(line.as_str()) || sentence.chars().count() < MIN_CHARS {
            continue;
        }
        if !content.contains(&sentence) {
            missing.push(format!("{sentence}    (seed line: {line})"));
        }
    }
    missing
}

#[test]
fn seeds_are_all_present() {
    let mut names: Vec<String> = fs::read_dir(seeds_dir())
        .expect("tests/data/seeds")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let expected: Vec<String> = SEED_TO_PUBLICATION
        .iter()
        .map(|(s, _)| s.to_string())
        .collect();
    assert_eq!(
        names, expected,
        "every seed must be mapped to its publication"
    );
}

#[test]
fn every_excluded_line_occurs_in_its_seed() {
    let mut seen = BTreeSet::new();
    for (seed, line, reason) in EXCLUDED {
        assert!(!reason.is_empty());
        assert!(
            seen.insert((seed, line)),
            "exclusion listed twice: {seed}: {line}"
        );
        let text = read(&seeds_dir().join(seed));
        assert!(
            text.lines().any(|l| l.trim() == *line),
            "stale exclusion: {seed} has no line {line:?}"
        );
    }
}

#[test]
fn no_sentence_of_any_seed_is_lost() {
    let mut report = String::new();
    let mut checked = 0;
    for (seed, publication) in SEED_TO_PUBLICATION {
        let content = publication_text(publication);
        let missing = missing_sentences(seed, &content);
        checked += 1;
        if !missing.is_empty() {
            report.push_str(&format!(
                "\n{seed} -> content/{publication}: {} sentence(s) missing:\n  {}\n",
                missing.len(),
                missing.join("\n  ")
            ));
        }
    }
    assert_eq!(checked, 5);
    assert!(
        report.is_empty(),
        "sentences of the seeds are missing from content/:{report}"
    );
}

/// The check must be able to fail: drop one sentence from the content text and
/// make sure it is reported.
#[test]
fn coverage_check_detects_a_removed_sentence() {
    let seed = "002_4ae07aa26921f991.txt";
    let sentence = normalise("本通知自印发之日起执行，予以废止的文件，不再作为行政管理依据");
    let content = publication_text("xinjiang-gazette");
    assert!(content.contains(&sentence));
    let removed = content.replace(&sentence, "");
    let missing = missing_sentences(seed, &removed);
    assert!(
        missing.iter().any(|m| m.starts_with("印发之日起执行")),
        "removing a sentence went unnoticed: {missing:?}"
    );
}

#[test]
fn content_files_are_front_matter_plus_body() {
    let mut files = Vec::new();
    md_files(&content_dir(), &mut files);
    assert!(
        files.len() >= 40,
        "expected the whole archive, found {} files",
        files.len()
    );
    let mut doc_numbers: BTreeMap<String, PathBuf> = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(content_dir()).unwrap();
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let p = parse(f);
        let name = parts.last().unwrap().trim_end_matches(".md").to_string();
        let (keys, kind) = match (parts.len(), name.as_str()) {
            (2, "_publication") => (PUBLICATION_KEYS, "publication"),
            (3, "_issue") => (ISSUE_KEYS, "issue"),
            (3, _) => (DOCUMENT_KEYS, "document"),
            _ => panic!("{}: not at a place SPEC §1 allows", rel.display()),
        };
        for dir in &parts[..parts.len() - 1] {
            assert!(valid_slug(dir), "{}: invalid slug {dir:?}", rel.display());
        }
        if kind == "document" {
            assert!(
                valid_slug(&name),
                "{}: invalid slug {name:?}",
                rel.display()
            );
        }
        let title = p.front.get("title").and_then(|v| v.first());
        assert!(
            title.is_some_and(|t| !t.trim().is_empty()),
            "{}: front matter has no `title:`",
            rel.display()
        );
        for k in p.front.keys() {
            assert!(
                keys.contains(&k.as_str()),
                "{}: unknown {kind} key `{k}`",
                rel.display()
            );
        }
        if kind == "issue" {
            let date = p.front.get("date").and_then(|v| v.first());
            assert!(
                date.is_some_and(|d| valid_date(d)),
                "{}: issue needs a YYYY-MM-DD date",
                rel.display()
            );
        }
        if let Some(d) = p.front.get("date").and_then(|v| v.first()) {
            assert!(valid_date(d), "{}: invalid date {d:?}", rel.display());
        }
        if kind == "document" {
            assert!(!p.body.trim().is_empty(), "{}: empty body", rel.display());
            for l in p.body.lines() {
                assert!(
                    !l.starts_with("# "),
                    "{}: body headings start at ##: {l}",
                    rel.display()
                );
            }
        }
        if let Some(n) = p.front.get("doc_number").and_then(|v| v.first()) {
            assert!(
                !n.contains(char::is_whitespace)
                    && !n.contains('[')
                    && !n.contains('(')
                    && !n.contains('（'),
                "{}: doc_number {n:?} is not canonical",
                rel.display()
            );
            if let Some(other) = doc_numbers.insert(n.clone(), rel.to_path_buf()) {
                panic!(
                    "doc_number {n} used twice: {} and {}",
                    other.display(),
                    rel.display()
                );
            }
        }
    }
}

/// Every 目录 entry / article of the seeds is its own document, with the
/// canonical doc numbers the seeds print.
#[test]
fn issues_hold_one_document_per_toc_entry() {
    let expected: &[(&str, usize, &[&str])] = &[
        (
            "xinjiang-gazette/2020-17-18",
            7,
            &[
                "新政发〔2020〕37号",
                "新政办发〔2020〕44号",
                "新政办发〔2020〕45号",
                "新政办发〔2020〕46号",
                "新政办发〔2020〕49号",
            ],
        ),
        (
            "xinyong-hangye-dongtai/2020-08",
            20,
            &[
                "银保监办发〔2020〕39号",
                "国办发〔2020〕6号",
                "国办函〔2020〕34号",
            ],
        ),
        ("newspaper-a/2020-09-18", 3, &[]),
        ("newspaper-b/2020-05-18", 2, &[]),
        ("newspaper-c/2023-09-06", 8, &[]),
    ];
    for (issue, count, numbers) in expected {
        let dir = content_dir().join(issue);
        assert!(dir.join("_issue.md").is_file(), "{issue}: no _issue.md");
        let mut files = Vec::new();
        md_files(&dir, &mut files);
        let docs: Vec<Parsed> = files
            .iter()
            .filter(|f| !f.ends_with("_issue.md"))
            .map(|f| parse(f))
            .collect();
        assert_eq!(docs.len(), *count, "{issue}: number of documents");
        let mut orders: Vec<u32> = docs
            .iter()
            .map(|d| {
                d.front
                    .get("order")
                    .and_then(|v| v.first())
                    .expect("order")
                    .parse()
                    .unwrap()
            })
            .collect();
        orders.sort();
        assert_eq!(
            orders,
            (1..=*count as u32).collect::<Vec<_>>(),
            "{issue}: order must be 1..n"
        );
        let found: BTreeSet<&str> = docs
            .iter()
            .filter_map(|d| {
                d.front
                    .get("doc_number")
                    .and_then(|v| v.first())
                    .map(|s| s.as_str())
            })
            .collect();
        let wanted: BTreeSet<&str> = numbers.iter().copied().collect();
        assert_eq!(found, wanted, "{issue}: doc numbers");
    }
    // The reprinted 意见 carries the same title in both publications, so the
    // site can show "also published in".
    let title = "中共中央 国务院关于新时代推进西部大开发形成新格局的指导意见";
    for f in [
        "xinyong-hangye-dongtai/2020-08/03-zgzy-gwy-xibu-dakaifa.md",
        "newspaper-b/2020-05-18/01-xibu-dakaifa-zhidao-yijian.md",
    ] {
        let p = parse(&content_dir().join(f));
        assert_eq!(p.front["title"], vec![title.to_string()], "{f}");
        assert!(
            !p.front.contains_key("doc_number"),
            "{f}: the 意见 has no doc number"
        );
    }
}

//! `gazette import`: every seed imported into a fresh site loses no sentence,
//! builds, and passes `gazette check`; the seed with a 目录 and headings (002)
//! and the one with only a 目录 (003) are split into their documents with
//! the metadata the archive in content/ has; `--dry-run` writes nothing and
//! existing files are never overwritten.
//!
//! Sentences are compared as in tests/seed_coverage.rs: split on 。！？；
//! and line ends, whitespace and Markdown marks removed, punctuation folded.
//! A sentence may be missing from the bodies only when it is a 目录 or
//! heading line whose content (numbering, leaders and page number removed)
//! is in front matter: a title followed by its doc number, or a section.

#[path = "common/sentences.rs"]
mod sentences;

use sentences::{normalise, sentences};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const MIN_CHARS: usize = 4;

const SEEDS: &[(&str, &str, &str)] = &[
    ("000_94a6dbf7d1a75862.txt", "newspaper-a", "2020-09-18"),
    ("001_d45680ec3d705399.txt", "newspaper-b", "2020-05-18"),
    ("002_4ae07aa26921f991.txt", "xinjiang-gazette", "2020-17-18"),
    (
        "003_38262d9f6d00a8c8.txt",
        "xinyong-hangye-dongtai",
        "2020-08",
    ),
    ("004_f73fffda2f1064e4.txt", "newspaper-c", "2023-09-06"),
];

fn seed(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/seeds")
        .join(name)
}

fn gazette(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn new_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gazette.yaml"), "title: 测试\n").unwrap();
    dir
}

fn import(
    root: &Path,
    seed_name: &str,
    publication: &str,
    issue: &str,
    extra: &[&str],
) -> (i32, String, String) {
    let file = seed(seed_name);
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--publication",
        publication,
        "--issue",
        issue,
        "--root",
        root.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    gazette(&args)
}

/// Leading numbering (`2、`, `一、`, `1.`), trailing page numbers with their
/// leaders (`.....24`, `.....（2）`) and dashes removed.
fn strip_decorations(s: &str) -> String {
    let mut t: &str = s;
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    let cn = t
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    for n in [digits, cn] {
        if n > 0 {
            let rest: String = t.chars().skip(n).collect();
            if rest.starts_with('、') || rest.starts_with('.') {
                let skip: usize = t.chars().take(n + 1).map(char::len_utf8).sum();
                t = &t[skip..];
                break;
            }
        }
    }
    let mut t = t.to_string();
    loop {
        let before = t.clone();
        if t.ends_with('）') {
            if let Some(p) = t.rfind('（') {
                let inner = &t[p + '（'.len_utf8()..t.len() - '）'.len_utf8()];
                if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
                    t.truncate(p);
                }
            }
        }
        // Trailing page digits only after leaders.
        let trimmed = t.trim_end_matches(|c: char| c.is_ascii_digit());
        if trimmed.len() < t.len() && trimmed.ends_with(['.', '…']) {
            t = trimmed.to_string();
        }
        t = t.trim_end_matches(['.', '…']).to_string();
        if t == before {
            break;
        }
    }
    t.chars().filter(|c| !matches!(c, '-' | '—')).collect()
}

struct Imported {
    /// Normalised text of every file, line by line.
    text: String,
    /// Normalised `title + doc_number` of every document.
    heads: Vec<String>,
    docs: BTreeMap<String, serde_yaml::Mapping>,
}

fn read_import(root: &Path, publication: &str) -> Imported {
    let mut text = String::new();
    let mut heads = Vec::new();
    let mut docs = BTreeMap::new();
    for e in walkdir::WalkDir::new(root.join("content").join(publication)).sort_by_file_name() {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let src = std::fs::read_to_string(e.path()).unwrap();
        let rest = src.strip_prefix("---\n").expect("front matter");
        let end = rest.find("\n---\n").expect("closed front matter");
        let fm: serde_yaml::Mapping = serde_yaml::from_str(&rest[..end]).unwrap();
        for l in src.lines() {
            text.push_str(&normalise(l));
            text.push('\n');
        }
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with('_') {
            let get = |k: &str| fm.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
            heads.push(normalise(&format!("{}{}", get("title"), get("doc_number"))));
            docs.insert(name.trim_end_matches(".md").to_string(), fm);
        }
    }
    Imported { text, heads, docs }
}

fn lost_sentences(seed_name: &str, imported: &Imported) -> Vec<String> {
    let text = std::fs::read_to_string(seed(seed_name)).unwrap();
    let mut lost = Vec::new();
    for (line, sentence) in sentences(&text) {
        if sentence.chars().count() < MIN_CHARS || imported.text.contains(&sentence) {
            continue;
        }
        // A page number after a tab (`一、行业政策\t4`) is a 目录 column.
        let line_core = match line.rsplit_once('\t') {
            Some((head, page)) if page.trim().chars().all(|c| c.is_ascii_digit()) => head,
            _ => line.as_str(),
        };
        let core = if line_core.len() < line.len() {
            strip_decorations(&normalise(line_core))
        } else {
            strip_decorations(&sentence)
        };
        if core.is_empty()
            || imported.text.contains(&core)
            || imported.heads.iter().any(|h| {
                let h: String = h.chars().filter(|c| !matches!(c, '-' | '—')).collect();
                h.contains(&core)
            })
        {
            continue;
        }
        lost.push(format!("{sentence}    (seed line: {line})"));
    }
    lost
}

#[test]
fn every_seed_imports_without_losing_a_sentence_and_builds() {
    let mut report = String::new();
    for (name, publication, issue) in SEEDS {
        let site = new_site();
        let root = site.path().to_str().unwrap();
        let (code, stdout, stderr) = import(site.path(), name, publication, issue, &[]);
        assert_eq!(code, 0, "{name}: {stdout}{stderr}");
        let imported = read_import(site.path(), publication);
        let lost = lost_sentences(name, &imported);
        if !lost.is_empty() {
            report.push_str(&format!(
                "\n{name}: {} lost:\n  {}\n",
                lost.len(),
                lost.join("\n  ")
            ));
        }
        let (code, stdout, stderr) = gazette(&["build", "--root", root]);
        assert_eq!(code, 0, "{name}: build failed: {stdout}{stderr}");
        let (code, stdout, stderr) = gazette(&["check", "--root", root]);
        assert_eq!(code, 0, "{name}: check failed: {stdout}{stderr}");
    }
    assert!(report.is_empty(), "sentences lost by import:{report}");
}

#[test]
fn the_coverage_check_can_fail() {
    let site = new_site();
    let (name, publication, issue) = SEEDS[2];
    assert_eq!(import(site.path(), name, publication, issue, &[]).0, 0);
    let mut imported = read_import(site.path(), publication);
    let sentence = normalise("本通知自印发之日起执行，予以废止的文件，不再作为行政管理依据");
    assert!(
        imported.text.contains(&sentence),
        "page-break paragraph joined"
    );
    imported.text = imported.text.replace(&sentence, "");
    assert!(!lost_sentences(name, &imported).is_empty());
}

fn field<'a>(doc: &'a serde_yaml::Mapping, key: &str) -> Option<&'a str> {
    doc.get(key).and_then(|v| v.as_str())
}

#[test]
fn a_gazette_with_headings_and_a_toc_is_split_on_its_toc() {
    let site = new_site();
    let (name, publication, issue) = SEEDS[2];
    let (code, stdout, _) = import(site.path(), name, publication, issue, &[]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("7 documents, split on the 目录"),
        "{stdout}"
    );
    let imp = read_import(site.path(), publication);
    assert_eq!(imp.docs.len(), 7, "{:?}", imp.docs.keys());
    let first = &imp.docs["01-2020-37"];
    assert_eq!(
        field(first, "title"),
        Some("关于废止一批涉及营商环境的行政规范性文件和其他政策性文件的通知")
    );
    let canonical = gazette::cite::canonical_doc_number("新政发〔2020〕37号").unwrap();
    assert_eq!(field(first, "doc_number"), Some(canonical.as_str()));
    assert_eq!(field(first, "issuer"), Some("新疆维吾尔自治区人民政府"));
    assert_eq!(field(first, "date"), Some("2020-08-26"));
    assert_eq!(field(first, "section"), Some("自治区人民政府文件"));
    assert_eq!(first.get("page").and_then(|v| v.as_u64()), Some(2));
    // The 目录's spelling wins over the OCR'd heading, which is kept.
    let second = &imp.docs["02-2020-44"];
    assert_eq!(
        field(second, "title"),
        Some("关于促进国际道路货运甩挂运输发展的实施意见")
    );
    assert_eq!(
        field(second, "issuer"),
        Some("新疆维吾尔自治区人民政府办公厅")
    );
    assert_eq!(field(second, "date"), Some("2020-07-21"));
    let meeting = &imp.docs["06"];
    assert_eq!(field(meeting, "section"), Some("常务会议"));
    assert_eq!(field(meeting, "date"), Some("2020-08-30"));
    // Paragraph split at a page break is joined; the 目录 is gone.
    let body = std::fs::read_to_string(
        site.path()
            .join("content/xinjiang-gazette/2020-17-18/01-2020-37.md"),
    )
    .unwrap();
    assert!(body.contains("本通知自印发之日起执行"), "{body}");
    assert!(
        body.contains("新疆维吾尔自治区人民政府  \n2020年8月26日"),
        "{body}"
    );
    let issue_md = std::fs::read_to_string(
        site.path()
            .join("content/xinjiang-gazette/2020-17-18/_issue.md"),
    )
    .unwrap();
    assert!(
        issue_md.contains("title: \"2020年第17-18号\""),
        "{issue_md}"
    );
    assert!(issue_md.contains("date: \"2020-09-15\""), "{issue_md}");
    assert!(issue_md.contains("cumulative: \"891-892\""), "{issue_md}");
    assert!(!issue_md.contains("..... (2)"), "{issue_md}");
    // Spaces the conversion put in a heading are gone.
    let third = std::fs::read_to_string(
        site.path()
            .join("content/xinjiang-gazette/2020-17-18/03-2020-45.md"),
    )
    .unwrap();
    assert!(
        third.contains("## 教育领域自治区以下财政事权和支出责任划分改革实施方案"),
        "{third}"
    );
}

#[test]
fn a_bulletin_without_headings_is_split_on_its_toc() {
    let site = new_site();
    let (name, publication, issue) = SEEDS[3];
    let (code, stdout, _) = import(site.path(), name, publication, issue, &[]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("20 documents, split on the 目录"),
        "{stdout}"
    );
    let imp = read_import(site.path(), publication);
    assert_eq!(imp.docs.len(), 20);
    let numbers: Vec<&str> = imp
        .docs
        .values()
        .filter_map(|d| field(d, "doc_number"))
        .collect();
    let want: Vec<String> = [
        "银保监办发[2020]39号",
        "国办发〔2020〕6号",
        "国办函〔2020〕34号",
    ]
    .iter()
    .map(|n| gazette::cite::canonical_doc_number(n).unwrap())
    .collect();
    assert_eq!(numbers, want);
    let first = &imp.docs["01"];
    assert_eq!(
        field(first, "title"),
        Some("中共中央 国务院关于新时代加快完善社会主义市场经济体制的意见")
    );
    assert_eq!(field(first, "date"), Some("2020-05-11"));
    assert_eq!(field(first, "section"), Some("行业政策"));
    let issuers: Vec<&str> = first["issuer"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(issuers, vec!["中共中央", "国务院"]);
    let last = &imp.docs["20"];
    assert_eq!(field(last, "section"), Some("地方动向"));
    assert_eq!(last.get("page").and_then(|v| v.as_u64()), Some(90));
    assert!(
        stdout.contains("not found:"),
        "the report says what is missing"
    );
}

#[test]
fn dry_run_writes_nothing_and_existing_files_are_kept() {
    let site = new_site();
    let (name, publication, issue) = SEEDS[2];
    let (code, stdout, _) = import(site.path(), name, publication, issue, &["--dry-run"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("would create content/xinjiang-gazette/2020-17-18/01-2020-37.md"),
        "{stdout}"
    );
    assert!(!site.path().join("content").exists());

    assert_eq!(import(site.path(), name, publication, issue, &[]).0, 0);
    let doc = site
        .path()
        .join("content/xinjiang-gazette/2020-17-18/01-2020-37.md");
    std::fs::write(&doc, "---\ntitle: 编辑过\n---\n").unwrap();
    let (code, _, stderr) = import(site.path(), name, publication, issue, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&doc).unwrap(),
        "---\ntitle: 编辑过\n---\n"
    );
}

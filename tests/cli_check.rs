//! `gazette check`: clean on the real archive, every problem located, warnings
//! only fail with `--deny-warnings`, nothing written.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_gazette")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A copy of the real site in a temporary folder.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("gazette.yaml"), dir.path().join("gazette.yaml")).unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    dir
}

fn check(root: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin())
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn edit(path: &Path, from: &str, to: &str) {
    let s = std::fs::read_to_string(path).unwrap();
    assert!(s.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, s.replacen(from, to, 1)).unwrap();
}

fn listing(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap().path().to_path_buf())
        .collect();
    v.sort();
    v
}

#[test]
fn the_real_archive_has_no_errors_and_nothing_is_written() {
    let site = site();
    let before = listing(site.path());
    let (code, stdout, stderr) = check(site.path(), &[]);
    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    assert!(
        stdout.contains("checked 40 documents: 0 errors"),
        "{stdout}"
    );
    // Its only warnings are citations of documents outside the archive.
    for line in stderr.lines().filter(|l| l.contains('⚠')) {
        assert!(line.contains("unresolved citation"), "{line}");
    }
    assert!(
        stderr.contains("unresolved citation `国务院令第722号`"),
        "{stderr}"
    );
    assert!(stderr.contains("01-xzf-2020-37.md:16:19"), "{stderr}");
    assert_eq!(listing(site.path()), before, "check must write nothing");
    let (code, _, _) = check(site.path(), &["--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn unresolved_citations_are_listed_most_cited_first() {
    let site = site();
    let issue = site.path().join("content/xinjiang-gazette/2020-17-18");
    for f in ["06-cwhy-96.md", "07-cwhy-97.md"] {
        edit(
            &issue.join(f),
            "会议还研究了其他事项。",
            "会议还研究了其他事项，并学习了《不存在的条例》。",
        );
    }
    let (code, _, stderr) = check(site.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let first = stderr
        .lines()
        .find(|l| l.contains("unresolved citation"))
        .unwrap();
    assert!(
        first.contains("《不存在的条例》") && first.contains("cited by 2 documents"),
        "{first}"
    );
    let list = stderr.split("most cited first:").nth(1).unwrap();
    assert!(
        list.trim_start().starts_with("2  《不存在的条例》"),
        "{list}"
    );
}

#[test]
fn warnings_are_located_and_denied_on_request() {
    let site = site();
    let issue = site.path().join("content/xinjiang-gazette/2020-17-18");
    // 1. a doc number in the text but not in the front matter
    edit(
        &issue.join("02-xzbf-2020-44.md"),
        "doc_number: \"新政办发〔2020〕44号\"\n",
        "",
    );
    let doc = issue.join("02-xzbf-2020-44.md");
    let s = std::fs::read_to_string(&doc).unwrap();
    let s = s.replacen("---\n\n", "---\n\n新政办发〔2020〕44号\n\n", 1);
    std::fs::write(&doc, s).unwrap();
    // 2. a section the issue does not list
    edit(
        &issue.join("06-cwhy-96.md"),
        "section: \"常务会议\"",
        "section: \"常务会\"",
    );
    // 3. an issue with no documents
    let empty = site.path().join("content/xinjiang-gazette/2020-19");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(
        empty.join("_issue.md"),
        "---\ntitle: \"2020年第19号\"\ndate: \"2020-10-01\"\n---\n",
    )
    .unwrap();

    let (code, _, stderr) = check(site.path(), &[]);
    assert_eq!(code, 0, "warnings alone do not fail: {stderr}");
    assert!(
        stderr.contains("starts with the document number `新政办发〔2020〕44号`"),
        "{stderr}"
    );
    assert!(stderr.contains("02-xzbf-2020-44.md:13:1"), "{stderr}");
    assert!(
        stderr.contains("section `常务会` is not in the issue's `sections` list"),
        "{stderr}"
    );
    assert!(stderr.contains("06-cwhy-96.md:5:1"), "{stderr}");
    assert!(
        stderr.contains("issue `xinjiang-gazette/2020-19` has no documents"),
        "{stderr}"
    );
    assert!(stderr.contains("2020-19/_issue.md:1:1"), "{stderr}");

    let (code, _, stderr) = check(site.path(), &["--deny-warnings"]);
    assert_eq!(code, 1, "--deny-warnings makes them errors: {stderr}");
}

#[test]
fn every_error_is_reported_with_its_position() {
    let site = site();
    let issue = site.path().join("content/xinjiang-gazette/2020-17-18");
    edit(
        &issue.join("01-xzf-2020-37.md"),
        "date: \"2020-08-26\"",
        "date: \"2020-02-30\"",
    );
    edit(&issue.join("03-xzbf-2020-45.md"), "order: 3", "ordre: 3");
    let (code, stdout, stderr) = check(site.path(), &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("invalid date `2020-02-30`"), "{stderr}");
    assert!(stderr.contains("01-xzf-2020-37.md:5:1"), "{stderr}");
    assert!(stderr.contains("unknown key `ordre`"), "{stderr}");
    assert!(stderr.contains("did you mean `order`?"), "{stderr}");
    assert!(stderr.contains("03-xzbf-2020-45.md:7:1"), "{stderr}");
    assert!(stderr.contains("2 errors"), "{stderr}");
}

#[test]
fn template_errors_are_found_without_writing() {
    let site = site();
    let t = site.path().join("templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("document.html"), "{{ page.no_such_field.deeper }}").unwrap();
    let (code, _, stderr) = check(site.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!site.path().join("public").exists());
}

//! `gazette new`: scaffolds that build, filled from the slug, never overwriting.

use std::path::Path;
use std::process::Command;

fn gazette(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn scaffolds_a_site_publication_issue_and_document_that_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let root_s = root.to_str().unwrap();
    let (code, stdout, stderr) = gazette(tmp.path(), &["new", "site", root_s]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("gazette.yaml"), "{stdout}");

    let (code, stdout, stderr) = gazette(&root, &["new", "publication", "xj"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("created") && stdout.contains("_publication.md"));

    let (code, stdout, stderr) = gazette(&root, &["new", "issue", "xj/2020-17-18"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("xj/2020-17-18/_issue.md"), "{stdout}");
    let issue = std::fs::read_to_string(root.join("content/xj/2020-17-18/_issue.md")).unwrap();
    assert!(issue.contains("title: \"2020年第17-18号\""), "{issue}");
    assert!(issue.contains("year: 2020"), "{issue}");
    assert!(issue.contains("number: \"17-18\""), "{issue}");
    let today = gazette::new::today().to_string();
    assert!(issue.contains(&format!("date: \"{today}\"")), "{issue}");

    let (code, _, stderr) = gazette(&root, &["new", "doc", "xj/2020-17-18/01-first"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = gazette(&root, &["new", "doc", "xj/2020-17-18/02-second"]);
    assert_eq!(code, 0, "{stderr}");
    let doc = std::fs::read_to_string(root.join("content/xj/2020-17-18/02-second.md")).unwrap();
    assert!(doc.contains("order: 2"), "{doc}");

    // What was scaffolded passes check (the documents are drafts until
    // written) and builds.
    let (code, _, stderr) = gazette(&root, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = gazette(&root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("public/xj/2020-17-18/index.html").is_file());
}

#[test]
fn never_overwrites_and_validates_slugs() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("gazette.yaml"), "title: t\n").unwrap();
    assert_eq!(gazette(root, &["new", "publication", "xj"]).0, 0);
    let meta = root.join("content/xj/_publication.md");
    std::fs::write(&meta, "---\ntitle: 我的刊物\n---\n").unwrap();
    let (code, _, stderr) = gazette(root, &["new", "publication", "xj"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&meta).unwrap(),
        "---\ntitle: 我的刊物\n---\n"
    );

    let (code, _, stderr) = gazette(root, &["new", "issue", "xj/第8期"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("bad slug"), "{stderr}");
    let (code, _, stderr) = gazette(root, &["new", "issue", "nope/2020-01"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("gazette new publication nope"), "{stderr}");
    let (code, _, stderr) = gazette(root, &["new", "doc", "xj/2020-01/a"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("gazette new issue xj/2020-01"), "{stderr}");
    let (code, _, _) = gazette(root, &["new", "doc", "xj"]);
    assert_eq!(code, 1);
}

#[test]
fn a_new_issue_follows_the_previous_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("gazette.yaml"), "title: t\n").unwrap();
    let prev = root.join("content/xy/2020-08");
    std::fs::create_dir_all(&prev).unwrap();
    std::fs::write(
        root.join("content/xy/_publication.md"),
        "---\ntitle: 信用\n---\n",
    )
    .unwrap();
    std::fs::write(
        prev.join("_issue.md"),
        "---\ntitle: \"2020年第8期\"\ndate: \"2020-05-29\"\nsections:\n  - \"行业政策\"\n  - \"行业动态\"\n---\n",
    )
    .unwrap();
    assert_eq!(gazette(root, &["new", "issue", "xy/2020-09"]).0, 0);
    let issue = std::fs::read_to_string(root.join("content/xy/2020-09/_issue.md")).unwrap();
    assert!(issue.contains("title: \"2020年第9期\""), "{issue}");
    assert!(issue.contains("  - \"行业动态\""), "{issue}");
    assert_eq!(gazette(root, &["new", "doc", "xy/2020-09/01-a"]).0, 0);
    let doc = std::fs::read_to_string(root.join("content/xy/2020-09/01-a.md")).unwrap();
    assert!(doc.contains("section: \"行业政策\""), "{doc}");
}

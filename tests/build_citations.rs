//! Citations through the whole build: links in bodies, references,
//! cited-by, repealed/amended status, "also published in", catalog.json.

use std::fs;
use std::path::Path;
use std::process::Command;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    write(r, "gazette.yaml", "title: 测试公报\n");
    write(
        r,
        "content/a/_publication.md",
        "---\ntitle: 甲省人民政府公报\n---\n",
    );
    write(
        r,
        "content/a/2020-1/_issue.md",
        "---\ntitle: 2020年第1号\ndate: 2020-03-01\n---\n",
    );
    write(
        r,
        "content/a/2020-1/base.md",
        "---\ntitle: 关于加强档案管理的通知\ndoc_number: 甲政发〔2019〕5号\ndate: 2019-01-01\norder: 1\n---\n\n各市人民政府：现将有关事项通知如下。\n",
    );
    write(
        r,
        "content/a/2020-1/old.md",
        "---\ntitle: 关于旧办法的通知\ndoc_number: 甲政发〔2018〕3号\ndate: 2018-01-01\norder: 2\n---\n\n旧办法全文。\n",
    );
    write(
        r,
        "content/a/2020-1/repeal.md",
        "---\ntitle: 关于废止一批规范性文件的决定\ndoc_number: 甲政发〔2020〕1号\ndate: 2020-02-01\norder: 3\n---\n\n决定废止下列文件：\n\n1. 《关于旧办法的通知》（甲政发[2018]3号）\n",
    );
    write(
        r,
        "content/a/2020-1/amend.md",
        "---\ntitle: 关于修改《关于加强档案管理的通知》的决定\ndoc_number: 甲政发〔2020〕2号\ndate: 2020-02-02\norder: 4\n---\n\n对《关于加强档案管理的通知》作如下修改：删去第二条。\n",
    );
    write(
        r,
        "content/a/2020-1/cite.md",
        concat!(
            "---\ntitle: 关于落实档案工作的通知\ndoc_number: 甲政办发〔2020〕7号\ndate: 2020-02-03\norder: 5\n---\n\n",
            "根据甲政发（2019）5 号精神，参照乙政办发〔2020〕9号执行。本通知即甲政办发〔2020〕7号。\n\n",
            "```\n甲政发〔2018〕3号 in code\n```\n\n",
            "见[甲政发〔2020〕1号](https://example.com/x)。\n"
        ),
    );
    write(r, "content/b/_publication.md", "---\ntitle: 乙报\n---\n");
    write(
        r,
        "content/b/2020-2/_issue.md",
        "---\ntitle: 2020年3月2日\ndate: 2020-03-02\n---\n",
    );
    write(
        r,
        "content/b/2020-2/reprint.md",
        "---\ntitle: 关于加强 档案管理的通知\n---\n\n（转载）\n",
    );
    dir
}

fn build(root: &Path) -> std::path::PathBuf {
    let out = root.join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    out
}

fn page(out: &Path, id: &str) -> String {
    fs::read_to_string(out.join(id).join("index.html")).unwrap()
}

#[test]
fn number_citation_in_body_becomes_relative_link() {
    let s = site();
    let out = build(s.path());
    let html = page(&out, "a/2020-1/cite");
    assert!(
        html.contains(
            r#"<a class="cite" href="../../../a/2020-1/base/index.html">甲政发（2019）5 号</a>"#
        ),
        "{html}"
    );
}

#[test]
fn no_link_inside_code_existing_links_or_own_number() {
    let s = site();
    let out = build(s.path());
    let html = page(&out, "a/2020-1/cite");
    let code = &html[html.find("<pre").unwrap()..html.find("</pre>").unwrap()];
    assert!(!code.contains("<a"), "code got a link: {code}");
    assert!(
        html.contains(r#"<a href="https://example.com/x">甲政发〔2020〕1号</a>"#),
        "{html}"
    );
    assert!(
        !html.contains("<a class=\"cite\" href=\"../../../a/2020-1/cite/"),
        "own number linked"
    );
}

#[test]
fn unresolved_citations_stay_text_and_are_listed() {
    let s = site();
    let out = build(s.path());
    let html = page(&out, "a/2020-1/cite");
    assert!(
        html.contains(r#"<span class="unresolved">乙政办发〔2020〕9号</span>"#),
        "{html}"
    );
    assert!(
        !html.contains("<a class=\"cite\" href=\"../../../b/"),
        "{html}"
    );
}

#[test]
fn repeal_marks_target_on_page_and_toc() {
    let s = site();
    let out = build(s.path());
    let old = page(&out, "a/2020-1/old");
    assert!(old.contains("本文件已废止"), "{old}");
    assert!(old.contains("../../../a/2020-1/repeal/index.html"), "{old}");
    let toc = page(&out, "a/2020-1");
    let entry = &toc[toc.find("关于旧办法的通知").unwrap() - 200..];
    assert!(entry.contains("is-repealed"), "{toc}");
    assert!(entry.contains("status-repealed"), "{toc}");
}

#[test]
fn amend_marks_target_and_cited_by_lists_sources() {
    let s = site();
    let out = build(s.path());
    let base = page(&out, "a/2020-1/base");
    assert!(base.contains("本文件已被修改"), "{base}");
    let cited_by = &base[base.find("被引用").unwrap()..];
    assert!(cited_by.contains("关于落实档案工作的通知"), "{cited_by}");
    assert!(
        cited_by.contains("关于修改《关于加强档案管理的通知》的决定"),
        "{cited_by}"
    );
}

#[test]
fn reprint_is_also_published_on_both_pages() {
    let s = site();
    let out = build(s.path());
    let a = page(&out, "a/2020-1/base");
    let b = page(&out, "b/2020-2/reprint");
    assert!(
        a.contains("同时刊载于") && a.contains("../../../b/2020-2/reprint/index.html"),
        "{a}"
    );
    assert!(
        b.contains("同时刊载于") && b.contains("../../../a/2020-1/base/index.html"),
        "{b}"
    );
}

#[test]
fn catalog_has_cites_cited_by_and_status() {
    let s = site();
    let out = build(s.path());
    let cat: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("catalog.json")).unwrap()).unwrap();
    let docs = cat["documents"].as_array().unwrap();
    let get = |id: &str| docs.iter().find(|d| d["id"] == id).unwrap().clone();
    assert_eq!(get("a/2020-1/old")["status"], "repealed");
    assert_eq!(get("a/2020-1/base")["status"], "amended");
    assert_eq!(get("a/2020-1/cite")["status"], "in_force");
    let cites = get("a/2020-1/cite")["cites"].as_array().unwrap().clone();
    assert!(cites
        .iter()
        .any(|c| c["target"] == "a/2020-1/base" && c["type"] == "cites"));
    assert!(cites
        .iter()
        .any(|c| c["target"].is_null() && c["text"] == "乙政办发〔2020〕9号"));
    let repeal = get("a/2020-1/repeal")["cites"].as_array().unwrap().clone();
    assert!(repeal
        .iter()
        .any(|c| c["target"] == "a/2020-1/old" && c["type"] == "repeals"));
    let by = get("a/2020-1/base")["cited_by"].as_array().unwrap().clone();
    assert!(by
        .iter()
        .any(|c| c["source"] == "a/2020-1/cite" && c["type"] == "cites"));
    assert!(by
        .iter()
        .any(|c| c["source"] == "a/2020-1/amend" && c["type"] == "amends"));
}

#[test]
fn archive_pages_show_its_own_citations() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let repeal = page(&out, "xinjiang-gazette/2020-17-18/01-xzf-2020-37");
    let refs = &repeal[repeal.find("引用文件").unwrap()..];
    let repealed = refs.matches("rel-repeals").count();
    assert_eq!(
        repealed, 13,
        "the 13 repealed numbers of 新政发〔2020〕37号: {refs}"
    );
    for n in ["新政发〔1994〕30号", "新政函〔1998〕41号"] {
        assert!(refs.contains(n), "{n} missing from references");
    }
    let cat = fs::read_to_string(out.join("catalog.json")).unwrap();
    assert!(cat.contains("国办发〔2020〕6号"));
}

//! Every load error of issue 2 point 2: the build fails with a non-zero exit
//! code, and the message names the file and the line (and shows that line),
//! and says how to fix it. Several errors are all reported in one run.

mod common;

use common::Site;

/// A valid site with one publication `p` and one issue `p/i`.
fn base() -> Site {
    let s = Site::new();
    s.publication("p", "刊物");
    s.issue("p/i", "2020年第1号", "2020-01-01", "");
    s.doc("p/i/ok", "title: 正常文件\n", "正文。\n");
    s
}

/// Asserts that `err` locates a problem at `file:line` (miette's
/// `[file:line:col]` header) and shows the offending line's text.
fn assert_at(err: &str, file: &str, line: usize, shown: &str) {
    let loc = format!("{file}:{line}:");
    assert!(err.contains(&loc), "expected {loc} in:\n{err}");
    // The snippet is numbered with the file's line number.
    let numbered = err
        .lines()
        .any(|l| l.trim_start().starts_with(&format!("{line} │")) && l.contains(shown));
    assert!(
        numbered,
        "expected line {line} showing `{shown}` in:\n{err}"
    );
}

fn error_count(err: &str) -> usize {
    err.lines()
        .filter(|l| l.trim_start().starts_with('×'))
        .count()
}

#[test]
fn the_fixture_itself_builds() {
    base().build(&[]).assert_ok();
}

#[test]
fn yaml_syntax_error() {
    let s = base();
    s.doc("p/i/bad", "issuer: 某机关\ntitle: 甲: 乙\n", "正文\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("YAML"), "{err}");
    assert_at(&err, "content/p/i/bad.md", 3, "title: 甲: 乙");
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn yaml_syntax_error_unclosed_bracket_is_located_at_its_line() {
    let s = base();
    s.doc("p/i/bad", "title: [unclosed\n", "正文\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("YAML"), "{err}");
    // Found at the end of the YAML, but shown where the value is, not at
    // the closing `---`.
    assert_at(&err, "content/p/i/bad.md", 2, "title: [unclosed");
}

#[test]
fn unterminated_front_matter() {
    let s = base();
    s.write(
        "content/p/i/open.md",
        "---\ntitle: 戊\n\n正文没有结束标记。\n",
    );
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("never closed"), "{err}");
    assert_at(&err, "content/p/i/open.md", 1, "---");
    assert!(
        err.contains("`---`"),
        "the help says how to close it: {err}"
    );
}

#[test]
fn missing_title_in_document() {
    let s = base();
    s.doc("p/i/untitled", "issuer: 某机关\n", "正文\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("missing required key `title`"), "{err}");
    assert_at(&err, "content/p/i/untitled.md", 1, "---");
    assert!(err.contains("add `title:"), "{err}");
}

#[test]
fn missing_date_in_issue() {
    let s = base();
    s.write("content/p/j/_issue.md", "---\ntitle: 2020年第2号\n---\n");
    s.doc("p/j/d", "title: 文件\n", "正文\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("missing required key `date`"), "{err}");
    assert_at(&err, "content/p/j/_issue.md", 1, "---");
}

#[test]
fn missing_title_in_issue() {
    let s = base();
    s.write("content/p/j/_issue.md", "---\ndate: 2020-02-01\n---\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("missing required key `title`"), "{err}");
    assert!(err.contains("content/p/j/_issue.md:1:"), "{err}");
}

#[test]
fn missing_title_in_publication() {
    let s = base();
    s.write("content/p/_publication.md", "---\npublisher: 某\n---\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("missing required key `title`"), "{err}");
    assert!(err.contains("content/p/_publication.md:1:"), "{err}");
}

#[test]
fn unknown_key_with_did_you_mean() {
    let s = base();
    s.doc("p/i/typo", "issuer: 某机关\ntitel: 甲\n", "正文\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("unknown key `titel`"), "{err}");
    assert!(err.contains("did you mean `title`"), "{err}");
    assert_at(&err, "content/p/i/typo.md", 3, "titel: 甲");
}

#[test]
fn unknown_key_far_from_any_gets_the_list_of_keys_not_a_wrong_guess() {
    let s = base();
    s.doc("p/i/odd", "title: 甲\nzzzzzz: 1\n", "正文\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("unknown key `zzzzzz`"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
    assert_at(&err, "content/p/i/odd.md", 3, "zzzzzz: 1");
}

#[test]
fn invalid_date() {
    let s = base();
    s.doc("p/i/feb", "title: 甲\ndate: 2020-02-30\n", "正文\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("2020-02-30"), "{err}");
    assert!(err.contains("invalid date"), "{err}");
    assert_at(&err, "content/p/i/feb.md", 3, "date: 2020-02-30");
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn invalid_date_on_issue() {
    let s = base();
    s.write(
        "content/p/j/_issue.md",
        "---\ntitle: 2020年第2号\ndate: 2020-13-01\n---\n",
    );
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("invalid date"), "{err}");
    assert_at(&err, "content/p/j/_issue.md", 3, "date: 2020-13-01");
}

#[test]
fn bad_slug_of_document_and_folders() {
    let s = base();
    s.doc("p/i/Bad Slug", "title: 甲\n", "正文\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("content/p/i/Bad Slug.md"), "{err}");
    assert!(err.contains("bad slug `Bad Slug`"), "{err}");
    assert!(err.contains("bad-slug"), "suggests a valid slug: {err}");

    let s = base();
    s.publication("公报", "中文目录名");
    s.issue("公报/2020", "第1期", "2020-01-01", "");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("content/公报"), "{err}");
    assert!(err.contains("bad slug `公报`"), "{err}");
}

#[test]
fn duplicate_doc_number_names_both_files() {
    let s = base();
    s.doc(
        "p/i/one",
        "title: 甲\ndoc_number: 测政发〔2020〕1号\n",
        "正文\n",
    );
    s.issue("p/k", "2020年第3号", "2020-03-01", "");
    s.doc(
        "p/k/two",
        "title: 乙\nissuer: 某机关\ndoc_number: 测政发〔2020〕1号\n",
        "正文\n",
    );
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("duplicate doc_number"), "{err}");
    assert!(err.contains("content/p/i/one.md"), "{err}");
    assert!(err.contains("content/p/k/two.md"), "{err}");
    assert_at(
        &err,
        "content/p/k/two.md",
        4,
        "doc_number: 测政发〔2020〕1号",
    );
}

/// Needs the citation engine's `cite::canonical_doc_number` (branch `cite`):
/// with the stub in this branch the variants are not recognised as one number.
#[test]
fn duplicate_doc_number_written_with_other_brackets() {
    // 〔2020〕, [2020], （２０２０） and a stray space are the same number.
    for variant in [
        "测政发[2020]1号",
        "测政发（２０２０）1 号",
        "测政发【2020】1号",
    ] {
        let s = base();
        s.doc(
            "p/i/one",
            "title: 甲\ndoc_number: 测政发〔2020〕1号\n",
            "正文\n",
        );
        s.doc(
            "p/i/two",
            &format!("title: 乙\ndoc_number: {}\n", common::yaml_str(variant)),
            "正文\n",
        );
        let err = s.build(&[]).assert_fails();
        assert!(err.contains("duplicate doc_number"), "{variant}: {err}");
        assert!(err.contains("content/p/i/one.md"), "{variant}: {err}");
        assert!(err.contains("content/p/i/two.md:3:"), "{variant}: {err}");
    }
}

#[test]
fn file_that_is_not_utf8_is_reported_as_such() {
    let s = base();
    // 公报 in GBK/GB18030.
    s.write_bytes(
        "content/p/i/gbk.md",
        b"---\ntitle: \xb9\xab\xb1\xa8\n---\n\xb9\xab\xb1\xa8\n",
    );
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("not UTF-8"), "{err}");
    assert!(err.contains("GB18030"), "{err}");
    assert!(err.contains("content/p/i/gbk.md:2:8"), "{err}");
}

#[test]
fn non_utf8_gazette_yaml() {
    let s = base();
    s.write_bytes("gazette.yaml", b"title: \xb9\xab\xb1\xa8\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("gazette.yaml:1:"), "{err}");
    assert!(
        err.contains("not UTF-8") && err.contains("GB18030"),
        "{err}"
    );
}

#[test]
fn unknown_key_in_gazette_yaml() {
    let s = base();
    s.write(
        "gazette.yaml",
        "title: 测试公报\ntheme: default\nbase_ulr: https://example.org\n",
    );
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("unknown key `base_ulr`"), "{err}");
    assert!(err.contains("did you mean `base_url`"), "{err}");
    assert_at(&err, "gazette.yaml", 3, "base_ulr: https://example.org");
}

#[test]
fn every_error_of_a_build_is_reported() {
    let s = base();
    s.doc("p/i/a-typo", "titel: 甲\n", "正文\n");
    s.doc("p/i/b-date", "title: 乙\ndate: 2021-02-29\n", "正文\n");
    s.write("content/p/i/c-open.md", "---\ntitle: 丙\n");
    s.write_bytes("content/p/i/d-gbk.md", b"---\ntitle: \xb9\xab\n---\n");
    s.issue("p/j", "2020年第2号", "2020-02-30", "");
    let err = s.build(&[]).assert_fails();
    for file in [
        "content/p/i/a-typo.md:2:",
        "content/p/i/b-date.md:3:",
        "content/p/i/c-open.md:1:",
        "content/p/i/d-gbk.md:2:",
        "content/p/j/_issue.md:3:",
    ] {
        assert!(err.contains(file), "{file} not reported:\n{err}");
    }
    // a-typo has two problems: `titel` is unknown and `title` is missing.
    assert_eq!(error_count(&err), 6, "{err}");
    assert!(err.contains("build failed with 6 errors"), "{err}");
}

#[test]
fn config_and_content_errors_are_reported_together() {
    let s = base();
    s.write("gazette.yaml", "title: 测试公报\nlanguge: zh-CN\n");
    s.doc("p/i/bad", "title: 甲\ndate: 2020-02-30\n", "正文\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("gazette.yaml:2:"), "{err}");
    assert!(err.contains("content/p/i/bad.md:3:"), "{err}");
    assert!(err.contains("build failed with 2 errors"), "{err}");
}

#[test]
fn errors_are_listed_in_a_stable_order() {
    let s = base();
    for n in 0..6 {
        s.doc(&format!("p/i/e{n}"), "titel: 甲\n", "正文\n");
    }
    let first = s.build(&["-j", "2"]).assert_fails();
    for _ in 0..2 {
        assert_eq!(s.build(&["-j", "2"]).assert_fails(), first);
    }
}

#[test]
fn publication_named_like_a_generated_page_is_refused() {
    // content/search/ would be written over search/index.html (or the other
    // way round, whichever thread wrote last).
    for name in ["search", "issuers", "years", "atom.xml"] {
        let s = base();
        s.publication(name, "撞名刊物");
        s.issue(&format!("{name}/2020"), "第1期", "2020-01-01", "");
        let err = s.build(&[]).assert_fails();
        assert!(err.contains(&format!("content/{name}")), "{name}: {err}");
        assert!(err.contains("reserved"), "{name}: {err}");
        assert!(!s.out().exists(), "{name}: nothing is written");
    }
}

#[test]
fn yaml_syntax_error_in_gazette_yaml() {
    let s = base();
    s.write("gazette.yaml", "title: 测试公报\nbase_url: a: b\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("invalid YAML in gazette.yaml"), "{err}");
    assert_at(&err, "gazette.yaml", 2, "base_url: a: b");
}

#[test]
fn unknown_theme_and_highlight_theme_are_located_in_gazette_yaml() {
    let s = base();
    s.write(
        "gazette.yaml",
        "title: 测试公报\ntheme: nope\nhighlight_theme: Nope\n",
    );
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("theme `nope` not found"), "{err}");
    assert_at(&err, "gazette.yaml", 2, "theme: nope");
    assert!(err.contains("unknown highlight_theme `Nope`"), "{err}");
    assert_at(&err, "gazette.yaml", 3, "highlight_theme: Nope");
    assert!(err.contains("InspiredGitHub"), "lists the themes: {err}");
    assert_eq!(error_count(&err), 2, "{err}");
}

#[test]
fn content_file_that_would_replace_a_page_is_refused() {
    // content/p/i/index.html used to be copied over the issue page.
    let s = base();
    s.write("content/p/i/index.html", "<h1>not the TOC</h1>");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("content/p/i/index.html"), "{err}");
    assert!(err.contains("copied over a page"), "{err}");

    // A file named like a document's folder made the copy fail obscurely.
    let s = base();
    s.write("content/p/i/ok", "x");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("content/p/i/ok"), "{err}");
    assert!(err.contains("copied over a page"), "{err}");

    // Files inside a folder of their own are fine, even index.html.
    let s = base();
    s.write("content/p/i/attachments/index.html", "<p>附件</p>");
    s.write("content/p/i/attachments/a.pdf", "%PDF");
    s.build(&[]).assert_ok();
    assert!(s.out().join("p/i/attachments/a.pdf").is_file());
    assert!(s.out().join("p/i/index.html").is_file());
}

#[test]
fn javascript_pdf_link_on_an_issue_is_refused() {
    let s = base();
    s.write(
        "content/p/i/_issue.md",
        "---\ntitle: 2020年第1号\ndate: 2020-01-01\npdf: \"javascript:alert(1)\"\n---\n",
    );
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("`pdf` must be a link"), "{err}");
    assert_at(
        &err,
        "content/p/i/_issue.md",
        4,
        "pdf: \"javascript:alert(1)\"",
    );
}

#[test]
fn errors_inside_a_broken_issue_or_publication_are_reported() {
    // A broken _issue.md (or a missing _publication.md) used to stop the
    // checking of the files under it.
    let s = base();
    s.write("content/p/j/_issue.md", "---\ntitle: [第2号\n---\n");
    s.doc("p/j/typo", "title: 甲\ntitel: 乙\n", "正文\n");
    s.write(
        "content/p/k/orphan.md",
        "---\ntitle: 丙\ndate: 2020-02-30\n---\n",
    );
    // …and a publication without _publication.md.
    s.issue("q/i", "第1期", "2020-01-01", "");
    s.doc("q/i/bad", "title: 丁\npage: [1\n", "正文\n");
    let err = s.build(&[]).assert_fails();
    assert!(err.contains("has no _publication.md"), "{err}");
    assert!(err.contains("content/q/i/bad.md:"), "{err}");
    assert!(err.contains("content/p/j/_issue.md:"), "{err}");
    assert!(err.contains("content/p/j/typo.md:3:"), "{err}");
    assert!(err.contains("has no _issue.md"), "{err}");
    assert!(err.contains("content/p/k/orphan.md:3:"), "{err}");
    assert_eq!(error_count(&err), 6, "{err}");
}

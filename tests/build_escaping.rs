//! Metadata is escaped everywhere it is shown, and raw HTML in Markdown is
//! sanitised.

mod common;

use common::{read, tree, yaml_str, Site};

const SCRIPT: &str = "<script>alert(1)</script>";
const QUOTES: &str = "\"quotes\" & <b>";

/// A site whose every name is hostile.
fn hostile_site() -> Site {
    let s = Site::new();
    s.write(
        "gazette.yaml",
        &format!(
            "title: {}\ndescription: {}\nbase_url: https://example.org\n",
            yaml_str(&format!("站点{SCRIPT}")),
            yaml_str(QUOTES)
        ),
    );
    s.publication("p", &format!("刊物{SCRIPT}"));
    s.issue(
        "p/2020-01",
        &format!("期{QUOTES}"),
        "2020-01-01",
        &format!("sections:\n  - {}\n", yaml_str(SCRIPT)),
    );
    s.doc(
        "p/2020-01/evil",
        &format!(
            "title: {}\nissuer: {}\nsection: {}\ndoc_number: 恶发〔2020〕1号\npage: 1\ntags: [{}]\n",
            yaml_str(SCRIPT),
            yaml_str(QUOTES),
            yaml_str(SCRIPT),
            yaml_str(QUOTES),
        ),
        concat!(
            "正文开始。\n\n",
            "<script>alert(2)</script>\n\n",
            "<img src=\"x.png\" onerror=\"alert(3)\">\n\n",
            "<a href=\"javascript:alert(4)\">点我</a>\n\n",
            "<p onclick=\"alert(5)\" style=\"color:red\">段落</p>\n\n",
            "[链接](javascript:alert(6)) [链接2](JaVaScRiPt&#58;alert(7))\n\n",
            "<iframe src=\"https://evil.example/\"></iframe>\n\n",
            "```rust\nlet x = \"<script>\";\n```\n\n",
            "## 小标题\n\n",
            "- [x] 已办\n\n",
            "正文结束。\n",
        ),
    );
    s.doc(
        "p/2020-01/quotes",
        &format!(
            "title: {}\nissuer: {}\nsection: {}\n",
            yaml_str(QUOTES),
            yaml_str(SCRIPT),
            yaml_str(QUOTES)
        ),
        "普通正文。\n",
    );
    s
}

#[test]
fn metadata_is_escaped_in_every_page() {
    let site = hostile_site();
    site.build(&[]).assert_ok();
    let out = site.out();
    let files = tree(&out);
    for (name, bytes) in &files {
        if !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        let s = String::from_utf8_lossy(bytes);
        assert!(!s.contains("<script>alert"), "{name}: unescaped <script>");
        assert!(!s.contains("<b>"), "{name}: unescaped <b>");
        assert!(!s.contains("\"quotes\""), "{name}: unescaped quotes");
        assert!(!s.contains("alert(2)"), "{name}: raw <script> body kept");
    }
    // …and the escaped text is there, where each name is shown.
    let has = |page: &str, what: &str| {
        let html = read(&out.join(page));
        let decoded = common::text(&html);
        assert!(decoded.contains(what), "{page} does not show {what:?}");
    };
    // home: site title, publication title, latest issue
    has("index.html", &format!("站点{SCRIPT}"));
    has("index.html", &format!("刊物{SCRIPT}"));
    has("index.html", &format!("期{QUOTES}"));
    // issue TOC: section headings, titles and issuers
    has("p/2020-01/index.html", SCRIPT);
    has("p/2020-01/index.html", QUOTES);
    let toc = read(&out.join("p/2020-01/index.html"));
    assert!(toc.contains("&lt;script&gt;alert(1)"), "TOC: {toc}");
    assert!(
        toc.contains("&quot;quotes&quot; &amp; &lt;b&gt;"),
        "TOC: {toc}"
    );
    // document page: metadata table and title
    has("p/2020-01/evil/index.html", SCRIPT);
    has("p/2020-01/evil/index.html", QUOTES);
    has("p/2020-01/quotes/index.html", QUOTES);
    // the <title> of the document page is escaped too
    let doc = read(&out.join("p/2020-01/evil/index.html"));
    let title = common::between(&doc, "<title>", "</title>");
    assert!(title.contains("&lt;script&gt;"), "{title}");
    // issuer pages, feeds
    has("issuers/index.html", QUOTES);
    has("issuers/index.html", SCRIPT);
    let atom = read(&out.join("atom.xml"));
    assert!(
        atom.contains("&lt;script&gt;") || atom.contains("&#60;script"),
        "{atom}"
    );
}

#[test]
fn catalog_is_json_escaped() {
    let site = hostile_site();
    site.build(&[]).assert_ok();
    let raw = read(&site.out().join("catalog.json"));
    let v: serde_json::Value = serde_json::from_str(&raw).expect("catalog.json parses");
    assert_eq!(v["site"]["title"], format!("站点{SCRIPT}"));
    let docs = v["documents"].as_array().unwrap();
    let evil = docs.iter().find(|d| d["id"] == "p/2020-01/evil").unwrap();
    assert_eq!(evil["title"], SCRIPT);
    assert_eq!(evil["issuer"], serde_json::json!([QUOTES]));
    assert_eq!(evil["section"], SCRIPT);
    let quotes = docs.iter().find(|d| d["id"] == "p/2020-01/quotes").unwrap();
    assert_eq!(quotes["title"], QUOTES);
}

#[test]
fn raw_html_in_markdown_is_sanitised() {
    let site = hostile_site();
    site.build(&[]).assert_ok();
    let html = read(&site.out().join("p/2020-01/evil/index.html"));
    let body = common::between(&html, "<div class=\"doc-body\">", "</article>");
    assert!(
        body.contains("正文开始") && body.contains("正文结束"),
        "{body}"
    );
    let lower = body.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{body}");
    assert!(!lower.contains("onerror"), "{body}");
    assert!(!lower.contains("onclick"), "{body}");
    assert!(!lower.contains("javascript:"), "{body}");
    assert!(!lower.contains("javascript&#58;"), "{body}");
    assert!(!lower.contains("<iframe"), "{body}");
    // Harmless parts survive.
    assert!(body.contains("段落") && body.contains("点我"), "{body}");
    assert!(body.contains("<img"), "the image itself is kept: {body}");
    // What Markdown made survives the sanitiser: highlighting classes (with
    // the code's own `<script>` escaped), heading ids, task list boxes.
    let code = common::between(body, "<pre", "</pre>");
    assert!(code.contains("<span class=\"hl-"), "{code}");
    assert!(
        code.contains("&lt;script&gt;") || code.contains("&lt;script>"),
        "{code}"
    );
    assert!(body.contains("id=\"小标题\""), "{body}");
    assert!(body.contains("type=\"checkbox\""), "{body}");
    // Pages' own scripts are the theme's only.
    for a in common::links(&html) {
        if a.tag == "script" {
            assert!(a.value.ends_with(".js") && !a.value.contains("//"), "{a:?}");
        }
    }
}

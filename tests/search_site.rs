//! Search on a site built by `gazette build` and opened from file:// in
//! headless Chromium: the real search page (engine + UI) on the real
//! archive, compared with a brute-force scan of the built pages.

#[path = "browser/chrome.rs"]
mod chrome;
mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The DOM of `url` after its scripts ran.
fn dump_dom(chrome: &Path, url: &str) -> String {
    let (mut cmd, _profile) = chrome::command(chrome);
    let out = cmd
        .args(["--virtual-time-budget=20000", "--dump-dom"])
        .arg(url)
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    /// (url relative to the root, searchable text: title, number, issuer, body)
    docs: Vec<(String, String)>,
}

fn build_archive() -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let cat: serde_json::Value =
        serde_json::from_str(&common::read(&out.join("catalog.json"))).unwrap();
    let docs = cat["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let url = d["url"].as_str().unwrap().to_string();
            let page = common::read(&out.join(&url));
            let body = common::text(common::between(
                &page,
                "<div class=\"doc-body\">",
                "</div>\n\n",
            ));
            let issuers: Vec<&str> = d["issuer"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let text = format!(
                "{}\n{}\n{}\n{}",
                d["title"].as_str().unwrap(),
                d["doc_number"].as_str().unwrap_or(""),
                issuers.join("\n"),
                body
            );
            (url, text)
        })
        .collect();
    Built {
        _dir: dir,
        out,
        docs,
    }
}

fn search_page(b: &Built, query: &str) -> String {
    let q: String = query
        .bytes()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                (c as char).to_string()
            } else {
                format!("%{c:02X}")
            }
        })
        .collect();
    format!("file://{}/search/index.html?q={q}", b.out.display())
}

/// Result links (relative to the root) and the total shown in the status.
fn results(dom: &str) -> (Vec<String>, Option<usize>) {
    let list = common::between(dom, "<ol id=\"search-results\"", "</ol>");
    let links = common::links(list)
        .into_iter()
        .filter(|a| a.name == "href")
        // The UI resolves result URLs against the engine's own location.
        .map(|a| match a.value.find("/search/../") {
            Some(i) => a.value[i + "/search/../".len()..].to_string(),
            None => a.value.trim_start_matches("../").to_string(),
        })
        .collect();
    let status = common::text(common::between(dom, "<p id=\"search-status\"", "</p>"));
    // "共 N 条结果" (possibly followed by how many are shown).
    let total = status
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .and_then(|n| n.parse().ok());
    (links, total)
}

#[test]
fn search_page_from_disk_finds_every_document_containing_the_query() {
    let Some(chrome) = chrome::find() else { return };
    let b = build_archive();
    for query in [
        "营商环境",
        "甩挂运输",
        "信用",
        "知识产权",
        "养老服务",
        "常务会议",
        "惠誉",
    ] {
        let expected: BTreeSet<&str> = b
            .docs
            .iter()
            .filter(|(_, t)| t.contains(query))
            .map(|(u, _)| u.as_str())
            .collect();
        assert!(
            !expected.is_empty(),
            "{query}: pick a query the archive holds"
        );
        let dom = dump_dom(&chrome, &search_page(&b, query));
        let (links, total) = results(&dom);
        assert_eq!(
            total,
            Some(expected.len()),
            "{query}: total in the status line"
        );
        let shown: BTreeSet<&str> = links.iter().map(String::as_str).collect();
        assert_eq!(shown.len(), expected.len().min(20), "{query}: {links:?}");
        assert!(
            shown.is_subset(&expected),
            "{query}: {shown:?} not in {expected:?}"
        );
        for link in &links {
            assert!(
                b.out.join(link).is_file(),
                "{query}: result {link} does not exist"
            );
        }
    }
}

#[test]
fn doc_number_query_in_any_bracket_form_ranks_that_document_first() {
    let Some(chrome) = chrome::find() else { return };
    let b = build_archive();
    for query in [
        "新政办发〔2020〕44号",
        "新政办发[2020]44号",
        "新政办发（２０２０）44 号",
    ] {
        let dom = dump_dom(&chrome, &search_page(&b, query));
        let (links, _) = results(&dom);
        assert_eq!(
            links.first().map(String::as_str),
            Some("xinjiang-gazette/2020-17-18/02-xzbf-2020-44/index.html"),
            "{query}"
        );
    }
}

#[test]
fn no_results_state_is_clear() {
    let Some(chrome) = chrome::find() else { return };
    let b = build_archive();
    let dom = dump_dom(&chrome, &search_page(&b, "量子引力"));
    let (links, _) = results(&dom);
    assert!(links.is_empty());
    assert!(dom.contains("data-state=\"empty\""), "{dom}");
}

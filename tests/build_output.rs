//! What a successful build writes: the pages of SPEC §2, the table of
//! contents, document metadata, relative links that resolve on disk,
//! feeds, catalog.json, drafts, and the real archive of this repository.

mod common;

use common::{between, links, read, standard_site, text, tree, Site};
use std::path::Path;

const DOC_PAGES: &[&str] = &[
    "gov/2020-01/z-first/index.html",
    "gov/2020-01/m-second/index.html",
    "gov/2020-01/a-plain/index.html",
    "gov/2020-01/b-plain/index.html",
    "gov/2020-01/c-meeting/index.html",
    "gov/2020-02/only/index.html",
    "bulletin/2021-03/news/index.html",
];

#[test]
fn pages_exist_at_spec_paths() {
    let site = standard_site();
    let run = site.build(&[]);
    run.assert_ok();
    let out = site.out();
    let mut expected = vec![
        "index.html",
        "404.html",
        "style.css",
        "syntax.css",
        "atom.xml",
        "sitemap.xml",
        "catalog.json",
        "search/index.html",
        "issuers/index.html",
        "years/index.html",
        "years/2020/index.html",
        "years/2021/index.html",
        "gov/index.html",
        "bulletin/index.html",
        "gov/2020-01/index.html",
        "gov/2020-02/index.html",
        "bulletin/2021-03/index.html",
        // content assets are copied beside the issue
        "gov/2020-01/scan.pdf",
    ];
    expected.extend(DOC_PAGES);
    for p in &expected {
        assert!(out.join(p).is_file(), "missing {p}");
    }
    // The issue links to its original PDF, copied beside it.
    let issue = read(&out.join("gov/2020-01/index.html"));
    assert!(
        links(&issue).iter().any(|a| a.value == "scan.pdf"),
        "{issue}"
    );
    // One page per issuer, linked from issuers/index.html.
    let issuers = read(&out.join("issuers/index.html"));
    for name in ["测试省人民政府办公厅", "测试省人民政府", "测试协会"] {
        assert!(issuers.contains(name), "issuers/index.html lacks {name}");
    }
    let issuer_pages: Vec<String> = tree(&out.join("issuers"))
        .into_keys()
        .filter(|k| k != "index.html")
        .collect();
    assert_eq!(issuer_pages.len(), 3, "{issuer_pages:?}");
    assert!(issuer_pages.iter().all(|p| p.ends_with("/index.html")));
    // The issuer page lists that issuer's documents.
    let office = issuer_pages
        .iter()
        .map(|p| read(&out.join("issuers").join(p)))
        .find(|h| h.contains("关于甲事项的通知"))
        .expect("an issuer page lists 关于甲事项的通知");
    assert!(office.contains("丙文件") && office.contains("丁文件"));
    assert!(!office.contains("简讯一则"));
    // The year pages list documents of their year.
    let y2021 = read(&out.join("years/2021/index.html"));
    assert!(y2021.contains("简讯一则") && !y2021.contains("丙文件"));
    // The summary line counts what was built.
    let stdout = run.stdout();
    assert!(stdout.contains("2 publications"), "{stdout}");
    assert!(stdout.contains("3 issues"), "{stdout}");
    assert!(stdout.contains("7 documents"), "{stdout}");
}

#[test]
fn catalog_json_has_every_document_with_spec_fields() {
    let site = standard_site();
    site.build(&[]).assert_ok();
    let raw = read(&site.out().join("catalog.json"));
    let v: serde_json::Value = serde_json::from_str(&raw).expect("catalog.json is JSON");
    assert_eq!(v["site"]["title"], "测试公报");
    let docs = v["documents"].as_array().expect("documents array");
    assert_eq!(docs.len(), 7, "drafts are not in the catalog");
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    for want in [
        "gov/2020-01/z-first",
        "gov/2020-01/c-meeting",
        "bulletin/2021-03/news",
    ] {
        assert!(ids.contains(&want), "{want} not in {ids:?}");
    }
    assert!(!ids.iter().any(|i| i.contains("x-draft")));
    for d in docs {
        for key in [
            "id",
            "url",
            "title",
            "doc_number",
            "issuer",
            "date",
            "publication",
            "issue",
            "section",
            "status",
            "cites",
            "cited_by",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        let url = d["url"].as_str().unwrap();
        assert_eq!(url, format!("{}/index.html", d["id"].as_str().unwrap()));
        assert!(site.out().join(url).is_file(), "catalog url {url} missing");
        assert!(d["issuer"].is_array());
        assert!(d["cites"].is_array() && d["cited_by"].is_array());
        assert!(["in_force", "repealed", "amended"].contains(&d["status"].as_str().unwrap()));
    }
    let first = docs
        .iter()
        .find(|d| d["id"] == "gov/2020-01/z-first")
        .unwrap();
    assert_eq!(first["title"], "关于甲事项的通知");
    assert_eq!(first["doc_number"], "测政办发〔2020〕1号");
    assert_eq!(first["issuer"], serde_json::json!(["测试省人民政府办公厅"]));
    assert_eq!(first["date"], "2020-01-03");
    assert_eq!(first["publication"], "gov");
    assert_eq!(first["issue"], "2020-01");
    assert_eq!(first["section"], "办公厅文件");
    assert_eq!(first["status"], "in_force");
    let news = docs
        .iter()
        .find(|d| d["id"] == "bulletin/2021-03/news")
        .unwrap();
    assert!(news["doc_number"].is_null());
    assert!(news["date"].is_null());
    assert!(news["section"].is_null());
}

/// The TOC entries of an issue page: (section heading, [(title, number, issuer, page)]).
fn toc(html: &str) -> Vec<(String, Vec<[String; 4]>)> {
    let toc = between(html, "<section class=\"toc\"", "</main>");
    let mut sections = Vec::new();
    for part in toc.split("<section class=\"toc-section\"").skip(1) {
        let heading = text(between(part, "<h3", "</h3>")).trim().to_string();
        let entries = part
            .split("<li class=\"toc-entry")
            .skip(1)
            .map(|li| {
                let field = |class: &str| {
                    li.find(&format!("class=\"{class}\""))
                        .map(|_| {
                            text(between(li, &format!("class=\"{class}\""), "</"))
                                .trim_start_matches(|c| c != '>')
                                .trim_start_matches('>')
                                .trim()
                                .to_string()
                        })
                        .unwrap_or_default()
                };
                [
                    field("toc-title"),
                    field("doc-number"),
                    field("doc-issuer"),
                    field("toc-page"),
                ]
            })
            .collect();
        sections.push((heading, entries));
    }
    sections
}

#[test]
fn toc_follows_sections_order_then_order_then_file_name() {
    let site = standard_site();
    site.build(&[]).assert_ok();
    let html = read(&site.out().join("gov/2020-01/index.html"));
    let toc = toc(&html);
    let headings: Vec<&str> = toc.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(headings, ["政府文件", "办公厅文件", "常务会议"], "{html}");
    let titles: Vec<Vec<&str>> = toc
        .iter()
        .map(|(_, e)| e.iter().map(|e| e[0].as_str()).collect())
        .collect();
    assert_eq!(
        titles,
        [
            vec!["关于乙事项的决定"],
            vec!["关于甲事项的通知", "丁文件", "丙文件"],
            vec!["测试省人民政府召开第1次常务会议"],
        ]
    );
    let first = &toc[1].1[0];
    assert_eq!(first[1], "测政办发〔2020〕1号");
    assert_eq!(first[2], "测试省人民政府办公厅");
    assert!(
        first[3].contains('3'),
        "page of 关于甲事项的通知: {:?}",
        first[3]
    );
    let ding = &toc[1].1[1];
    assert_eq!(ding[1], "测政办函〔2020〕4号");
    assert!(ding[3].contains('5'), "{ding:?}");
    let meeting = &toc[2].1[0];
    assert_eq!(meeting[1], "", "a meeting has no doc number");
    assert_eq!(meeting[2], "测试省人民政府");
    assert!(meeting[3].contains('9'));
    // The issue page links each entry to its document page.
    let hrefs: Vec<String> = links(between(&html, "<section class=\"toc\"", "</main>"))
        .into_iter()
        .map(|a| a.value)
        .collect();
    assert_eq!(
        hrefs,
        [
            "../../gov/2020-01/m-second/index.html",
            "../../gov/2020-01/z-first/index.html",
            "../../gov/2020-01/a-plain/index.html",
            "../../gov/2020-01/b-plain/index.html",
            "../../gov/2020-01/c-meeting/index.html",
        ]
    );
}

#[test]
fn document_page_has_metadata_table() {
    let site = standard_site();
    site.build(&[]).assert_ok();
    let html = read(&site.out().join("gov/2020-01/z-first/index.html"));
    let table = between(&html, "<table class=\"doc-info\"", "</table>");
    let cells: Vec<(String, String)> = table
        .split("<th")
        .skip(1)
        .map(|c| {
            let th = text(between(c, ">", "</th>"))
                .trim_start_matches('>')
                .to_string();
            let td = c
                .find("<td")
                .map(|i| {
                    text(between(&c[i..], ">", "</td>"))
                        .trim_start_matches('>')
                        .to_string()
                })
                .unwrap_or_default();
            (th, td.trim().to_string())
        })
        .collect();
    let get = |k: &str| {
        cells
            .iter()
            .find(|(th, _)| th == k)
            .map(|(_, td)| td.as_str())
            .unwrap_or_else(|| panic!("no {k} row in {cells:?}"))
    };
    assert_eq!(get("发文机关"), "测试省人民政府办公厅");
    assert_eq!(get("发文字号"), "测政办发〔2020〕1号");
    assert_eq!(get("成文日期"), "2020-01-03");
    assert_eq!(get("刊期"), "测试政府公报 2020年第1号");
    assert_eq!(get("栏目"), "办公厅文件");
    assert_eq!(get("页码"), "3");
    // Body: Markdown table, the external link kept as written.
    assert!(
        html.contains("<table>") || html.contains("<table "),
        "{html}"
    );
    assert!(html.contains("href=\"https://www.gov.cn/\""), "{html}");
    assert!(
        html.contains("<del>原定日期</del>"),
        "strikethrough: {html}"
    );
    assert_eq!(
        html.matches("type=\"checkbox\"").count(),
        2,
        "task list: {html}"
    );
}

#[test]
fn home_and_publication_pages() {
    let site = standard_site();
    site.build(&[]).assert_ok();
    let out = site.out();
    let home = read(&out.join("index.html"));
    let home_links: Vec<String> = links(&home).into_iter().map(|a| a.value).collect();
    for want in [
        "./gov/index.html",
        "./bulletin/index.html",
        "./gov/2020-02/index.html",
        "./bulletin/2021-03/index.html",
    ] {
        assert!(
            home_links.iter().any(|l| l == want),
            "home lacks {want}: {home_links:?}"
        );
    }
    assert!(text(&home).contains("测试政府公报") && text(&home).contains("测试简报"));
    // Publication: issues grouped by year, newest first.
    let gov = read(&out.join("gov/index.html"));
    let main = between(&gov, "<main", "</main>");
    assert!(text(main).contains("2020"), "{main}");
    let second = main.find("2020年第2号").expect("2020年第2号 listed");
    let first = main.find("2020年第1号").expect("2020年第1号 listed");
    assert!(second < first, "newest issue first: {main}");
    assert!(
        !main.contains("2021年第3期"),
        "other publication's issue: {main}"
    );
}

#[test]
fn fenced_code_is_highlighted_with_classes() {
    let site = standard_site();
    site.build(&[]).assert_ok();
    let html = read(&site.out().join("gov/2020-01/m-second/index.html"));
    let code = between(&html, "<pre", "</pre>");
    assert!(code.contains("<span class=\""), "no class spans: {code}");
    assert!(
        !code.contains("style=\""),
        "inline styles instead of classes: {code}"
    );
    assert!(text(code).contains("fn main() { let x = 1; }"), "{code}");
    let css = read(&site.out().join("syntax.css"));
    assert!(css.contains('{') && css.len() > 100, "syntax.css is empty");
}

/// Every HTML file of the output with its site-relative path.
fn html_pages(out: &Path) -> Vec<(String, String)> {
    tree(out)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, String::from_utf8(v).expect("UTF-8 page")))
        .collect()
}

/// Links written in the fixture's Markdown; they stay absolute.
const EXTERNAL: &[&str] = &["https://www.gov.cn/"];

/// Checks every href/src of every page: relative, resolving to a file on
/// disk, and ending the way the URL style wants. Returns the number of
/// in-page anchors checked.
fn check_links(out: &Path, pretty: bool, base_url: &str) -> usize {
    let pages = html_pages(out);
    assert!(pages.len() > 15, "too few pages: {}", pages.len());
    let mut checked = 0;
    let mut anchors = 0;
    for (page, html) in &pages {
        for a in links(html) {
            let v = a.value.as_str();
            if a.tag == "link" && a.tag_text.contains("canonical") {
                assert!(
                    v.starts_with(base_url) && !base_url.is_empty(),
                    "{page}: canonical {v} not under base_url"
                );
                continue;
            }
            if EXTERNAL.contains(&v) {
                continue;
            }
            if page == "404.html" && !base_url.is_empty() {
                // 404.html is served at any path, so it links from base_url.
                assert!(v.starts_with(&format!("{base_url}/")), "404.html: {v}");
                continue;
            }
            assert!(
                !v.starts_with('/') && !v.starts_with("http") && !v.contains("://"),
                "{page}: {} `{v}` is not relative",
                a.name
            );
            if let Some(frag) = v.strip_prefix('#') {
                // In-page anchors (footnotes, headings) point at an id.
                let id = common::percent_decode(frag);
                assert!(
                    html.contains(&format!("id=\"{id}\"")),
                    "{page}: anchor `{v}` has no id=\"{id}\""
                );
                anchors += 1;
                continue;
            }
            if v.starts_with("mailto:") {
                continue;
            }
            let path = v.split(['#', '?']).next().unwrap();
            let is_asset = Path::new(path).extension().is_some_and(|e| e != "html")
                || path.ends_with("404.html");
            if !is_asset {
                if pretty {
                    assert!(
                        path.ends_with('/') || path == "./",
                        "{page}: pretty link `{v}` does not end in /"
                    );
                    assert!(!path.ends_with("index.html"), "{page}: `{v}`");
                } else {
                    assert!(
                        path.ends_with("index.html"),
                        "{page}: link `{v}` does not end in index.html"
                    );
                }
            }
            let dir = Path::new(page).parent().unwrap();
            let mut target = out.join(dir).join(path);
            if pretty && !is_asset {
                target = target.join("index.html");
            }
            assert!(
                target.is_file(),
                "{page}: `{v}` does not resolve to a file ({})",
                target.display()
            );
            // No `..` may climb above the output root.
            let depth = dir.components().count();
            let ups = path.split('/').take_while(|s| *s == "..").count();
            assert!(ups <= depth, "{page}: `{v}` leaves the site");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    anchors
}

#[test]
fn links_are_relative_and_resolve_on_disk() {
    let site = standard_site();
    site.build(&[]).assert_ok();
    let anchors = check_links(&site.out(), false, "https://example.org/sub");
    assert!(
        anchors >= 2,
        "the fixture's footnote and heading links: {anchors}"
    );
}

#[test]
fn links_are_relative_without_base_url_including_404() {
    let site = standard_site();
    site.write("gazette.yaml", "title: 测试公报\n");
    site.build(&[]).assert_ok();
    let out = site.out();
    for (page, html) in html_pages(&out) {
        for a in links(&html) {
            assert!(
                !a.value.starts_with('/') && !a.value.starts_with("http:/")
                    || EXTERNAL.contains(&a.value.as_str()),
                "{page}: `{}` is absolute without a base_url",
                a.value
            );
            assert!(
                !(a.tag == "link" && a.tag_text.contains("canonical")),
                "{page}: canonical link without a base_url"
            );
        }
    }
    // 404.html at the root links relatively to pages that exist.
    let html = read(&out.join("404.html"));
    for a in links(&html) {
        let path = a.value.split(['#', '?']).next().unwrap();
        assert!(out.join(path).is_file(), "404.html: `{}` missing", a.value);
    }
}

#[test]
fn pretty_urls_links_end_in_slash_and_resolve() {
    let site = standard_site();
    site.build(&["--pretty-urls"]).assert_ok();
    let anchors = check_links(&site.out(), true, "https://example.org/sub");
    assert!(
        anchors >= 2,
        "the fixture's footnote and heading links: {anchors}"
    );
    let html = read(&site.out().join("gov/2020-01/index.html"));
    assert!(
        links(&html)
            .iter()
            .any(|a| a.value == "../../gov/2020-01/z-first/"),
        "{html}"
    );
    let catalog: serde_json::Value =
        serde_json::from_str(&read(&site.out().join("catalog.json"))).unwrap();
    let url = catalog["documents"][0]["url"].as_str().unwrap();
    assert!(url.ends_with('/'), "catalog url with --pretty-urls: {url}");
}

#[test]
fn feeds_use_absolute_urls_from_base_url() {
    let site = standard_site();
    site.build(&["--base-url", "https://gazette.test/archive/"])
        .assert_ok();
    let out = site.out();
    let atom = read(&out.join("atom.xml"));
    assert!(atom.starts_with("<?xml"));
    let mut n = 0;
    for a in links(&atom) {
        assert!(
            a.value.starts_with("https://gazette.test/archive/"),
            "atom.xml: {}",
            a.value
        );
        n += 1;
    }
    assert!(n >= 4, "atom.xml has {n} links");
    for issue in ["gov/2020-01", "gov/2020-02", "bulletin/2021-03"] {
        assert!(
            atom.contains(&format!("https://gazette.test/archive/{issue}/index.html")),
            "atom.xml lacks {issue}"
        );
    }
    let sitemap = read(&out.join("sitemap.xml"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").unwrap()])
        .collect();
    assert!(locs.len() >= 12, "{locs:?}");
    for loc in &locs {
        let rel = loc
            .strip_prefix("https://gazette.test/archive/")
            .unwrap_or_else(|| panic!("sitemap loc {loc} not under base_url"));
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        assert!(
            out.join(&file).is_file(),
            "sitemap loc {loc} missing on disk"
        );
    }
    for p in DOC_PAGES {
        assert!(
            locs.contains(&format!("https://gazette.test/archive/{p}").as_str()),
            "sitemap lacks {p}"
        );
    }
    // Every listing page is there too: each issuer's and each year's.
    for listing in ["issuers", "years"] {
        let on_disk = std::fs::read_dir(out.join(listing))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir())
            .count();
        let listed = locs
            .iter()
            .filter(|l| l.contains(&format!("/{listing}/")))
            .filter(|l| !l.ends_with(&format!("/{listing}/index.html")))
            .count();
        assert!(on_disk > 0, "no {listing} pages");
        assert_eq!(listed, on_disk, "{listing} pages in the sitemap");
    }
    assert!(!sitemap.contains("x-draft"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = standard_site();
    site.build(&[]).assert_ok();
    let out = site.out();
    assert!(!out.join("gov/2020-01/x-draft").exists());
    for (page, bytes) in tree(&out) {
        let s = String::from_utf8_lossy(&bytes);
        assert!(
            !s.contains("草稿文件") && !s.contains("x-draft") && !s.contains("尚未定稿"),
            "the draft leaks into {page}"
        );
    }

    site.build(&["--drafts"]).assert_ok();
    assert!(out.join("gov/2020-01/x-draft/index.html").is_file());
    let issue = read(&out.join("gov/2020-01/index.html"));
    assert!(issue.contains("草稿文件"));
    let catalog = read(&out.join("catalog.json"));
    assert!(catalog.contains("gov/2020-01/x-draft"));
}

#[test]
fn draft_issue_is_left_out_unless_asked_for() {
    let site = standard_site();
    site.issue("gov/2020-03", "2020年第3号", "2020-03-01", "draft: true\n");
    site.doc("gov/2020-03/later", "title: 待刊文件\n", "正文。\n");
    site.build(&[]).assert_ok();
    assert!(!site.out().join("gov/2020-03").exists());
    assert!(!read(&site.out().join("gov/index.html")).contains("2020年第3号"));
    site.build(&["--drafts"]).assert_ok();
    assert!(site.out().join("gov/2020-03/later/index.html").is_file());
}

#[test]
fn site_templates_and_static_override_the_theme() {
    let site = standard_site();
    site.write("static/style.css", "/* site style */\n");
    site.write("static/extra.txt", "hello\n");
    site.build(&[]).assert_ok();
    assert_eq!(read(&site.out().join("style.css")), "/* site style */\n");
    assert_eq!(read(&site.out().join("extra.txt")), "hello\n");
}

#[test]
fn no_resource_from_outside_the_site() {
    let site = standard_site();
    site.build(&[]).assert_ok();
    for (page, html) in html_pages(&site.out()) {
        for a in links(&html) {
            if a.tag == "script"
                || a.tag == "img"
                || (a.tag == "link" && a.tag_text.contains("stylesheet"))
            {
                let own = a.value.starts_with("https://example.org/sub/");
                assert!(
                    own || !a.value.contains("//"),
                    "{page}: external resource {}",
                    a.value
                );
            }
        }
    }
}

#[test]
fn real_archive_builds_and_lists_the_xinjiang_issue_in_toc_order() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    let root = env!("CARGO_MANIFEST_DIR");
    let run = common::gazette(&[
        "build".as_ref(),
        "--root".as_ref(),
        root.as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    run.assert_ok();
    let html = read(&out.join("xinjiang-gazette/2020-17-18/index.html"));
    let toc = toc(&html);
    let headings: Vec<&str> = toc.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(
        headings,
        ["自治区人民政府文件", "自治区人民政府办公厅文件", "常务会议"]
    );
    let entries: Vec<&[String; 4]> = toc.iter().flat_map(|(_, e)| e).collect();
    assert_eq!(entries.len(), 7);
    let numbers: Vec<&str> = entries.iter().map(|e| e[1].as_str()).collect();
    assert_eq!(
        numbers,
        [
            "新政发〔2020〕37号",
            "新政办发〔2020〕44号",
            "新政办发〔2020〕45号",
            "新政办发〔2020〕46号",
            "新政办发〔2020〕49号",
            "",
            "",
        ]
    );
    assert!(entries[5][0].contains("第96次常务会议"));
    assert!(entries[6][0].contains("第97次常务会议"));
    // Pages in 目录 order are increasing.
    let pages: Vec<u32> = entries
        .iter()
        .map(|e| {
            e[3].chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or_else(|_| panic!("page of {:?}", e[0]))
        })
        .collect();
    assert!(pages.windows(2).all(|w| w[0] < w[1]), "{pages:?}");
    // The repository's own output is relative and resolves too.
    check_links(&out, false, "https://gazette.example.org");
    // Only the output (and its no-change cache) is left beside it: no
    // staging folder.
    let mut beside: Vec<String> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, [".public.gazette-cache", "public"]);
}

#[test]
fn build_with_empty_site_title_defaults_is_refused() {
    let site = Site::new();
    site.write("gazette.yaml", "description: 无标题\n");
    site.publication("p", "刊物");
    let err = site.build(&[]).assert_fails();
    assert!(err.contains("gazette.yaml"), "{err}");
    assert!(err.contains("title"), "{err}");
}

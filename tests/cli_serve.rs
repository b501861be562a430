//! `gazette serve`: start it on a free port, fetch a page, edit a document
//! and see the change served, break a file and see the error (in the poll
//! answer and as an overlay in the page), fix it and see the page again.
//! Also measures edit-to-reload time (printed with --nocapture). The live
//! reload itself (the injected script reloading the page, the error
//! overlay) is checked in headless Chromium (`live_reload_in_chromium`).

#[path = "browser/cdp.rs"]
mod cdp;
#[path = "browser/chrome.rs"]
mod chrome;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Server {
    /// The folder the server builds into and serves.
    fn out(&self) -> PathBuf {
        let name = format!("gazette-serve-{}", self.child.id());
        let shm = Path::new("/dev/shm").join(&name);
        if shm.is_dir() {
            shm.join("site")
        } else {
            std::env::temp_dir().join(name).join("site")
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let pid = self.child.id();
        let _ = self.child.kill();
        let _ = self.child.wait();
        // A killed server cannot remove its output folder.
        for dir in [PathBuf::from("/dev/shm"), std::env::temp_dir()] {
            let _ = std::fs::remove_dir_all(dir.join(format!("gazette-serve-{pid}")));
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn site() -> tempfile::TempDir {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo.join("gazette.yaml"), dir.path().join("gazette.yaml")).unwrap();
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    dir
}

/// GET `path`; returns (status, body).
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(40))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

fn start(root: &Path) -> Server {
    start_with(root, &[])
}

fn start_with(root: &Path, envs: &[(&str, &Path)]) -> Server {
    let port = free_port();
    let log = root.join(".serve.log");
    let child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root)
        .envs(envs.iter().copied())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let server = Server { child, port, log };
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        // Served, and the first build published (the site is swapped in
        // a moment before).
        if let Some((200, _)) = get(port, "/") {
            if poll(port, u64::MAX).0 > 0 {
                return server;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("server did not start");
}

/// The poll answer: (version, error).
fn poll(port: u16, seen: u64) -> (u64, Option<String>) {
    let (status, body) = get(port, &format!("/__gazette/poll?v={seen}")).unwrap();
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    (
        v["version"].as_u64().unwrap(),
        v["error"].as_str().map(str::to_string),
    )
}

/// The whole poll answer for `query` (`v=…`, optionally `&s=…`).
fn poll_state(port: u16, query: &str) -> serde_json::Value {
    let (status, body) = get(port, &format!("/__gazette/poll?{query}")).unwrap();
    assert_eq!(status, 200);
    serde_json::from_str(&body).unwrap()
}

/// Waits until the search index (built in the background after the pages
/// are published) has caught up with the pages.
fn wait_index(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let s = poll_state(port, "v=18446744073709551615");
        if s["indexing"] == false {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the search index never caught up"
        );
        // Blocks until the next build or index.
        poll_state(port, &format!("v={}&s={}", s["version"], s["search"]));
    }
}

/// Waits for the next build after `seen`, returning its (version, error).
fn next_build(port: u16, seen: u64) -> (u64, Option<String>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (v, e) = poll(port, seen);
        if v != seen || Instant::now() > deadline {
            return (v, e);
        }
    }
}

fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb), "same files");
    for ((p, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(
            x == y,
            "{} differs between the full and the incremental build",
            p.display()
        );
    }
}

/// A full build of the same sources writes exactly what the server has.
fn assert_same_as_full_build(root: &Path, server: &Server) {
    let full = root.join(".full");
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_same_tree(&full, &server.out());
    let _ = std::fs::remove_dir_all(&full);
}

/// Applies `edit`, waits for the rebuild, checks it was incremental and
/// that the served site is what a full build writes.
fn step(root: &Path, server: &Server, seen: u64, what: &str, edit: impl FnOnce()) -> u64 {
    let full_builds = server.log().matches("rebuilt").count();
    let t = Instant::now();
    edit();
    let (v, err) = next_build(server.port, seen);
    let took = t.elapsed();
    assert!(err.is_none(), "{what}: {err:?}");
    assert_eq!(
        server.log().matches("rebuilt").count(),
        full_builds,
        "{what} is rebuilt incrementally: {}",
        server.log()
    );
    eprintln!("{what}: edit-to-reload {} ms", took.as_millis());
    wait_index(server.port);
    assert_same_as_full_build(root, server);
    v
}

const ISSUE: &str = "content/xinjiang-gazette/2020-17-18";

/// Site overrides of two theme templates that show more than the default
/// theme does of other issues and publications (what a theme may show):
/// the publication and issue of the documents citing this one, and the
/// publication's latest issue on every issue page.
fn show_more(root: &Path) {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let doc = std::fs::read_to_string(theme.join("document.html")).unwrap();
    let cited_by = "<span class=\"rel-type\">{{ r.type_label }}</span></li>";
    assert_eq!(doc.matches(cited_by).count(), 1);
    let doc = doc.replace(
        cited_by,
        "<span class=\"rel-type\">{{ r.type_label }}</span> <span class=\"rel-in\">{{ r.publication_title }} {{ r.issue_title }}</span></li>",
    );
    std::fs::write(templates.join("document.html"), doc).unwrap();
    let issue = std::fs::read_to_string(theme.join("issue.html")).unwrap();
    let end = "{% endblock content %}";
    assert!(issue.contains(end));
    let issue = issue.replace(
        end,
        &format!("<p class=\"latest\">{{{{ publication.latest.title }}}}</p>\n{end}"),
    );
    std::fs::write(templates.join("issue.html"), issue).unwrap();
}

#[test]
fn front_matter_edits_new_and_deleted_documents_are_incremental() {
    let site = site();
    let root = site.path();
    show_more(root);
    let server = start(root);
    let (v, _) = poll(server.port, u64::MAX);
    let issue = root.join(ISSUE);

    // Number, title, issuer, section, date (another year) and order of a
    // document that another one cites.
    let f = issue.join("02-xzbf-2020-44.md");
    let src = std::fs::read_to_string(&f).unwrap();
    let v = step(root, &server, v, "front matter", || {
        let edited = src
            .replace("新政办发〔2020〕44号", "新政办发〔2020〕99号")
            .replace(
                "关于促进国际道路货运甩挂运输发展的实施意见",
                "关于促进道路货运甩挂运输发展的实施意见",
            )
            .replace(
                "issuer: \"新疆维吾尔自治区人民政府办公厅\"",
                "issuer: \"测试厅\"",
            )
            .replace(
                "section: \"自治区人民政府办公厅文件\"",
                "section: \"测试栏目\"",
            )
            .replace("date: \"2020-07-21\"", "date: \"2019-07-21\"")
            .replace("order: 2", "order: 9");
        assert_ne!(edited, src);
        std::fs::write(&f, edited).unwrap();
    });
    let (_, page) = get(
        server.port,
        "/xinjiang-gazette/2020-17-18/02-xzbf-2020-44/index.html",
    )
    .unwrap();
    assert!(page.contains("测试厅"));
    assert!(get(server.port, "/years/2019/index.html").is_some_and(|(s, _)| s == 200));

    // Back again: the issuer and year pages it made go.
    let v = step(root, &server, v, "front matter restored", || {
        std::fs::write(&f, &src).unwrap();
    });

    // A body edit with characters the site has: the search index is
    // updated in place, only in the files the edit touches.
    let page_file = root.join(FILE);
    let page_src = std::fs::read_to_string(&page_file).unwrap();
    let updated = server.log().matches("search index updated in").count();
    let v = step(root, &server, v, "body, known characters", || {
        let edited = page_src.replacen("会议还研究了其他事项。", "会议研究了其他事项。", 1);
        assert_ne!(edited, page_src);
        std::fs::write(&page_file, edited).unwrap();
    });
    assert_eq!(
        server.log().matches("search index updated in").count(),
        updated + 1,
        "{}",
        server.log()
    );

    // The title of a repealing notice: the status of what it repeals.
    let f1 = issue.join("01-xzf-2020-37.md");
    let src1 = std::fs::read_to_string(&f1).unwrap();
    let v = step(root, &server, v, "repealing title", || {
        std::fs::write(&f1, src1.replacen("关于废止一批", "关于清理一批", 1)).unwrap();
    });

    // A new document citing others, by number and by title.
    let v = step(root, &server, v, "new document", || {
        std::fs::write(
            issue.join("08-new.md"),
            "---\ntitle: \"关于新文件的通知\"\ndoc_number: \"新政办发〔2020〕50号\"\nissuer: \"新设机构\"\ndate: \"2021-01-02\"\nsection: \"新栏目\"\n---\n\n根据新政发〔2020〕37号和《关于促进国际道路货运甩挂运输发展的实施意见》，特此通知。\n",
        )
        .unwrap();
    });
    let (status, page) = get(
        server.port,
        "/xinjiang-gazette/2020-17-18/08-new/index.html",
    )
    .unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("特此通知"));

    // A document the new one cites by title gets another title, and back.
    let v = step(
        root,
        &server,
        v,
        "title of a document cited by title",
        || {
            std::fs::write(&f, src.replace("国际道路货运", "国内道路货运")).unwrap();
        },
    );
    let v = step(root, &server, v, "title restored", || {
        std::fs::write(&f, &src).unwrap();
    });

    // A document cited by the new one gets a new number: the citation
    // resolves differently.
    let f3 = issue.join("03-xzbf-2020-45.md");
    let src3 = std::fs::read_to_string(&f3).unwrap();
    let v = step(root, &server, v, "number of a cited document", || {
        let edited = src1
            .replacen("关于废止一批", "关于清理一批", 1)
            .replace("新政发〔2020〕37号", "新政发〔2020〕38号");
        std::fs::write(&f1, edited).unwrap();
    });
    let v = step(root, &server, v, "that number given to another", || {
        std::fs::write(
            &f3,
            src3.replace("新政办发〔2020〕45号", "新政发〔2020〕37号"),
        )
        .unwrap();
    });
    let v = step(root, &server, v, "numbers restored", || {
        std::fs::write(&f3, &src3).unwrap();
        std::fs::write(&f1, &src1).unwrap();
    });

    // Deleted documents: the new one and an original one.
    let v = step(root, &server, v, "deleted documents", || {
        std::fs::remove_file(issue.join("08-new.md")).unwrap();
        std::fs::remove_file(issue.join("07-cwhy-97.md")).unwrap();
    });
    let (status, _) = get(
        server.port,
        "/xinjiang-gazette/2020-17-18/08-new/index.html",
    )
    .unwrap();
    assert_eq!(status, 404);

    // A broken front matter is reported; the fix is incremental again.
    std::fs::write(&f1, src1.replacen("title:", "titel:", 1)).unwrap();
    let (v, err) = next_build(server.port, v);
    assert!(err.expect("an error").contains("titel"));
    let v = step(root, &server, v, "fixed", || {
        std::fs::write(&f1, &src1).unwrap();
    });
    issue_and_publication_edits(root, &server, v);
}

/// Edits of `_issue.md` and `_publication.md` (front matter and editor's
/// note): incremental, and the served site is what a full build writes.
fn issue_and_publication_edits(root: &Path, server: &Server, v: u64) {
    let meta = root.join(ISSUE).join("_issue.md");
    let src = std::fs::read_to_string(&meta).unwrap();
    let edit = |what: &str, from: &str, to: &str| -> String {
        assert!(src.contains(from), "{what}: {from}");
        src.replace(from, to)
    };
    // Title: shown on its documents' pages and on the pages linking to them.
    let v = step(root, server, v, "issue title", || {
        std::fs::write(
            &meta,
            edit("title", "2020年第17-18号", "2020年第17-18号（合刊）"),
        )
        .unwrap();
    });
    let (_, page) = get(server.port, PAGE).unwrap();
    assert!(page.contains("2020年第17-18号（合刊）"), "{page}");
    // Date (same year: the publication has one issue, nothing reorders).
    let v = step(root, server, v, "issue date", || {
        std::fs::write(
            &meta,
            edit("date", "date: \"2020-09-15\"", "date: \"2020-10-01\""),
        )
        .unwrap();
    });
    // Sections: renamed and reordered.
    let v = step(root, server, v, "issue sections", || {
        let edited = edit(
            "sections",
            "  - \"自治区人民政府文件\"\n  - \"自治区人民政府办公厅文件\"",
            "  - \"自治区人民政府办公厅文件\"\n  - \"自治区政府文件\"",
        );
        std::fs::write(&meta, edited).unwrap();
    });
    // The editor's note, then everything back.
    let v = step(root, server, v, "issue note", || {
        std::fs::write(&meta, edit("note", "主 编：胡开江", "主 编：测试编辑")).unwrap();
    });
    let v = step(root, server, v, "issue restored", || {
        std::fs::write(&meta, &src).unwrap();
    });

    // An issue of undated documents moves to another year: they move
    // between year pages (one appears, one may go).
    let meta_a = root.join("content/newspaper-a/2020-09-18/_issue.md");
    let src_a = std::fs::read_to_string(&meta_a).unwrap();
    let v = step(root, server, v, "issue date and year", || {
        let edited = src_a
            .replace("date: \"2020-09-18\"", "date: \"2017-09-18\"")
            .replace("year: 2020", "year: 2017");
        assert_ne!(edited, src_a);
        std::fs::write(&meta_a, edited).unwrap();
    });
    assert!(get(server.port, "/years/2017/index.html").is_some_and(|(s, _)| s == 200));
    let v = step(root, server, v, "issue date and year restored", || {
        std::fs::write(&meta_a, &src_a).unwrap();
    });
    assert!(get(server.port, "/years/2017/index.html").is_some_and(|(s, _)| s == 404));

    // A broken _issue.md is reported, naming it; the fix is incremental.
    std::fs::write(&meta, src.replacen("title:", "titel:", 1)).unwrap();
    let (v, err) = next_build(server.port, v);
    let err = err.expect("an error");
    assert!(err.contains("_issue.md") && err.contains("titel"), "{err}");
    let v = step(root, server, v, "issue fixed", || {
        std::fs::write(&meta, &src).unwrap();
    });

    // A second, later issue (a full build: issues are not added
    // incrementally) whose document cites one of the first issue and one
    // of another publication: their pages show its issue and publication.
    let later = root.join("content/xinjiang-gazette/2020-19");
    std::fs::create_dir_all(&later).unwrap();
    let later_meta = later.join("_issue.md");
    let later_src = "---\ntitle: \"2020年第19号\"\ndate: \"2020-10-15\"\nnumber: 19\n---\n";
    std::fs::write(&later_meta, later_src).unwrap();
    std::fs::write(
        later.join("01-xzf-2020-40.md"),
        "---\ntitle: \"关于测试的通知\"\ndoc_number: \"新政发〔2020〕40号\"\ndate: \"2020-10-10\"\n---\n\n根据新政发〔2020〕37号和国办发〔2020〕6号，特此通知。\n",
    )
    .unwrap();
    let (v, err) = next_build(server.port, v);
    assert!(err.is_none(), "{err:?}");
    wait_index(server.port);
    assert_same_as_full_build(root, server);
    // The title of the publication's latest issue: on every issue page of
    // the publication, and on the pages of the documents it cites.
    let v = step(root, server, v, "latest issue title", || {
        std::fs::write(&later_meta, later_src.replace("第19号", "第19号（测试）")).unwrap();
    });
    let (_, page) = get(
        server.port,
        "/xinjiang-gazette/2020-17-18/01-xzf-2020-37/index.html",
    )
    .unwrap();
    assert!(
        page.contains("新疆维吾尔自治区人民政府公报 2020年第19号（测试）"),
        "{page}"
    );
    let (_, page) = get(server.port, "/xinjiang-gazette/2020-17-18/index.html").unwrap();
    assert!(
        page.contains("<p class=\"latest\">2020年第19号（测试）</p>"),
        "{page}"
    );
    // A date that puts it before the other issue: a full build.
    let full_builds = server.log().matches("rebuilt").count();
    std::fs::write(&later_meta, later_src.replace("2020-10-15", "2020-01-15")).unwrap();
    let (v, err) = next_build(server.port, v);
    assert!(err.is_none(), "{err:?}");
    assert_eq!(server.log().matches("rebuilt").count(), full_builds + 1);
    wait_index(server.port);
    assert_same_as_full_build(root, server);
    let v = step(root, server, v, "reordered issue's note", || {
        std::fs::write(
            &later_meta,
            format!(
                "{}\n本期说明。\n",
                later_src.replace("2020-10-15", "2020-01-15")
            ),
        )
        .unwrap();
    });

    // The publication: title (on every page of it, in links to its
    // documents, in the feed) and description.
    let pub_meta = root.join("content/xinjiang-gazette/_publication.md");
    let pub_src = std::fs::read_to_string(&pub_meta).unwrap();
    let v = step(root, server, v, "publication title", || {
        let edited = pub_src
            .replace(
                "title: \"新疆维吾尔自治区人民政府公报\"",
                "title: \"新疆公报（测试）\"",
            )
            .replace("传达政令", "传达政令（测试）");
        assert_ne!(edited, pub_src);
        std::fs::write(&pub_meta, edited).unwrap();
    });
    let (_, page) = get(server.port, PAGE).unwrap();
    assert!(page.contains("新疆公报（测试）"), "{page}");
    step(root, server, v, "publication restored", || {
        std::fs::write(&pub_meta, &pub_src).unwrap();
    });
}

const PAGE: &str = "/xinjiang-gazette/2020-17-18/06-cwhy-96/index.html";
const FILE: &str = "content/xinjiang-gazette/2020-17-18/06-cwhy-96.md";

#[test]
fn serves_reloads_shows_errors_and_recovers() {
    let site = site();
    let server = start(site.path());
    let port = server.port;

    // A page, with the live-reload script injected.
    let (status, page) = get(port, PAGE).unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("第96次常务会议"));
    assert!(page.contains("gazette-live-reload"));
    let (status, _) = get(port, "/no/such/page/").unwrap();
    assert_eq!(status, 404);
    assert!(get(port, "/../gazette.yaml").is_none_or(|(s, _)| s == 404));
    let (v0, err) = poll(port, u64::MAX);
    assert!(err.is_none());

    // Edit a document: the next build serves the change.
    let file = site.path().join(FILE);
    let original = std::fs::read_to_string(&file).unwrap();
    let edited = original.replace(
        "会议还研究了其他事项。",
        "会议还研究了其他事项。（编辑测试）",
    );
    let t = Instant::now();
    std::fs::write(&file, &edited).unwrap();
    let (v1, err) = next_build(port, v0);
    let reload = t.elapsed();
    assert!(err.is_none(), "{err:?}");
    let (_, page) = get(port, PAGE).unwrap();
    eprintln!(
        "edit-to-reload (one document, 40-document archive, debug build): {} ms",
        reload.as_millis()
    );
    assert!(page.contains("（编辑测试）"), "the edit is served");
    // A body edit is rebuilt incrementally, and the result is exactly what
    // a full build of the same sources writes.
    assert!(server.log().contains("re-rendered"), "{}", server.log());
    wait_index(port);
    assert_same_as_full_build(site.path(), &server);

    // Break the file: the error is published and shown over the page; the
    // last good page is still served.
    std::fs::write(&file, edited.replacen("title:", "titel:", 1)).unwrap();
    let (v2, err) = next_build(port, v1);
    let err = err.expect("a build error");
    assert!(err.contains("06-cwhy-96.md"), "{err}");
    assert!(err.contains("titel"), "{err}");
    let (status, page) = get(port, PAGE).unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("（编辑测试）"));
    assert!(
        page.contains("did you mean `title`?"),
        "overlay carries the error"
    );

    // Fix it: the page is good again.
    std::fs::write(&file, &original).unwrap();
    let (_, err) = next_build(port, v2);
    assert!(err.is_none(), "{err:?}");
    let (_, page) = get(port, PAGE).unwrap();
    assert!(!page.contains("（编辑测试）"));
    assert!(page.contains("会议还研究了其他事项。"));
    assert!(!page.contains("did you mean"));
}

/// The files of the served search index.
fn search_files(server: &Server) -> Vec<(PathBuf, Vec<u8>)> {
    tree(&server.out().join("search"))
}

#[test]
fn an_edit_reloads_before_the_search_index_catches_up() {
    // The index job waits for this file: the order is deterministic.
    let gate_dir = tempfile::tempdir().unwrap();
    let gate = gate_dir.path().join("go");
    let site = site();
    let server = start_with(site.path(), &[("GAZETTE_SERVE_SEARCH_GATE", &gate)]);
    let port = server.port;
    let s0 = poll_state(port, "v=18446744073709551615");
    assert_eq!(s0["indexing"], false, "the first build writes its index");
    let v0 = s0["version"].as_u64().unwrap();
    let search0 = s0["search"].as_u64().unwrap();
    let index0 = search_files(&server);
    assert!(!index0.is_empty());

    // Two edits: each reloads the pages while the index stays as it was.
    let file = site.path().join(FILE);
    let original = std::fs::read_to_string(&file).unwrap();
    let mut v = v0;
    for (n, word) in ["甲索引测试", "乙索引测试"].iter().enumerate() {
        std::fs::write(
            &file,
            original.replace(
                "会议还研究了其他事项。",
                &format!("会议还研究了其他事项。{word}"),
            ),
        )
        .unwrap();
        let (v1, err) = next_build(port, v);
        assert!(err.is_none(), "{err:?}");
        v = v1;
        let (_, page) = get(port, PAGE).unwrap();
        assert!(page.contains(word), "edit {n} is served: {}", server.log());
        let s = poll_state(port, "v=18446744073709551615");
        assert_eq!(s["version"].as_u64(), Some(v));
        assert_eq!(s["indexing"], true, "the index is behind the pages");
        assert_eq!(s["search"].as_u64(), Some(search0), "no new index yet");
        assert!(search_files(&server) == index0, "search files unchanged");
    }

    // Let the index job run: a search-only notification follows.
    std::fs::write(&gate, "").unwrap();
    let s = poll_state(port, &format!("v={v}&s={search0}"));
    assert_eq!(s["version"].as_u64(), Some(v), "no new build");
    assert_eq!(s["search"].as_u64(), Some(search0 + 1));
    assert_eq!(s["indexing"], false);
    assert!(search_files(&server) != index0, "the index has the edit");
    // The first edit's (stale) index was never written.
    let log = server.log();
    assert_eq!(
        log.matches("search index updated in").count()
            + log.matches("search index built whole in").count(),
        1,
        "{log}"
    );
    assert_same_as_full_build(site.path(), &server);
}

#[test]
fn config_and_template_changes_rebuild_too() {
    let site = site();
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    let server = start(site.path());
    let port = server.port;
    let (v0, _) = poll(port, u64::MAX);
    std::fs::write(
        site.path().join("gazette.yaml"),
        "title: 改过的站名\nlanguage: zh-CN\n",
    )
    .unwrap();
    let (v1, err) = next_build(port, v0);
    assert!(err.is_none(), "{err:?}");
    let (_, page) = get(port, "/").unwrap();
    assert!(page.contains("改过的站名"));

    std::fs::write(
        site.path().join("templates/404.html"),
        "<html><body>自定义的404页面</body></html>",
    )
    .unwrap();
    let (_, err) = next_build(port, v1);
    assert!(err.is_none(), "{err:?}");
    let (status, page) = get(port, "/no/such/page/").unwrap();
    assert_eq!(status, 404);
    assert!(page.contains("自定义的404页面"), "{page}");
}

/// The live reload in a real browser: a page open in headless Chromium
/// reloads by itself after an edit and shows it, shows the error overlay
/// (naming the file) when the front matter breaks, and drops it and shows
/// the fixed text when the file is fixed. Fails under `CI=true` without
/// Chromium.
#[test]
fn live_reload_in_chromium() {
    let Some(chrome) = chrome::find() else { return };
    let site = site();
    let server = start(site.path());
    let url = format!("http://127.0.0.1:{}{PAGE}", server.port);
    let mut cdp = cdp::Cdp::start(&chrome);
    let tab = cdp.open(&url);
    let timeout = Duration::from_secs(30);
    // The page's text, or "" while it is being replaced.
    let text = |cdp: &mut cdp::Cdp, tab: &str| -> String {
        cdp.eval(tab, "document.body ? document.body.innerText : ''")
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    // The overlay's text, or None when the page has none.
    let overlay = |cdp: &mut cdp::Cdp, tab: &str| -> Option<String> {
        cdp.eval(
            tab,
            "(function(){var d=document.getElementById('gazette-error');return d?d.textContent:null})()",
        )
        .and_then(|v| v.as_str().map(str::to_string))
    };
    // A mark in the page's JavaScript state: gone once the page reloads.
    let mark = |cdp: &mut cdp::Cdp, tab: &str| {
        assert_eq!(
            cdp.eval(tab, "window.__gazetteTestMark = 1"),
            Some(serde_json::json!(1))
        );
    };
    let marked = |cdp: &mut cdp::Cdp, tab: &str| {
        cdp.eval(tab, "window.__gazetteTestMark === 1") == Some(serde_json::json!(true))
    };
    let loaded = |cdp: &mut cdp::Cdp, tab: &str| {
        cdp.eval(tab, "document.readyState") == Some(serde_json::json!("complete"))
    };
    assert!(
        cdp.wait_for(&tab, timeout, |c, t| text(c, t).contains("第96次常务会议")),
        "the page is shown: {}",
        text(&mut cdp, &tab)
    );
    assert!(
        cdp.wait_for(&tab, timeout, |c, t| c
            .eval(t, "!!document.getElementById('gazette-live-reload')")
            == Some(serde_json::json!(true))),
        "the live-reload script is in the page"
    );
    mark(&mut cdp, &tab);

    // An edit of the Markdown: the page reloads by itself with the text.
    let file = site.path().join(FILE);
    let original = std::fs::read_to_string(&file).unwrap();
    let edited = original.replace(
        "会议还研究了其他事项。",
        "会议还研究了其他事项。（浏览器测试）",
    );
    assert_ne!(edited, original);
    let t = Instant::now();
    std::fs::write(&file, &edited).unwrap();
    assert!(
        cdp.wait_for(&tab, timeout, |c, t| !marked(c, t)
            && loaded(c, t)
            && text(c, t).contains("（浏览器测试）")),
        "the page reloads with the edit: {}\n{}",
        text(&mut cdp, &tab),
        server.log()
    );
    eprintln!(
        "edit-to-reload in Chromium (one document, debug build): {} ms",
        t.elapsed().as_millis()
    );
    assert!(overlay(&mut cdp, &tab).is_none());
    mark(&mut cdp, &tab);

    // Broken front matter: the error shows over the page, naming the file.
    std::fs::write(&file, edited.replacen("title:", "titel:", 1)).unwrap();
    assert!(
        cdp.wait_for(&tab, timeout, |c, t| overlay(c, t)
            .is_some_and(|o| o.contains("06-cwhy-96.md"))),
        "the error overlay names the file: {:?}\n{}",
        overlay(&mut cdp, &tab),
        server.log()
    );
    let shown = overlay(&mut cdp, &tab).unwrap();
    assert!(shown.contains("titel"), "{shown}");
    let visible = cdp.eval(
        &tab,
        "(function(){var d=document.getElementById('gazette-error');var r=d.getBoundingClientRect();return getComputedStyle(d).position==='fixed'&&r.width>0&&r.height>0})()",
    );
    assert_eq!(
        visible,
        Some(serde_json::json!(true)),
        "the overlay covers the page"
    );
    // Shown over the last good page, without reloading it.
    assert!(marked(&mut cdp, &tab));
    assert!(text(&mut cdp, &tab).contains("（浏览器测试）"));

    // Fixed: the page reloads, without the overlay, with the fixed text.
    std::fs::write(&file, &original).unwrap();
    assert!(
        cdp.wait_for(&tab, timeout, |c, t| !marked(c, t)
            && loaded(c, t)
            && overlay(c, t).is_none()
            && {
                let s = text(c, t);
                s.contains("会议还研究了其他事项。") && !s.contains("（浏览器测试）")
            }),
        "the page reloads with the fix and no overlay: {:?}\n{}",
        overlay(&mut cdp, &tab),
        server.log()
    );
}

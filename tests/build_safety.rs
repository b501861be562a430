//! A failed build leaves the previous output untouched and leaves no staging
//! folder behind; an output folder that would swallow the sources is refused.

mod common;

use common::{assert_same_tree, standard_site, tree, Site};
use std::path::Path;

/// Names in `dir` that are neither the site's own files nor the output:
/// staging (`.public.building-*`) or set-aside (`.public.old-*`) folders.
/// The no-change cache (`.public.gazette-cache`) belongs beside the output.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') || n.contains("building") || n.contains(".old"))
        .filter(|n| !n.ends_with(".gazette-cache"))
        .collect()
}

#[test]
fn previous_output_survives_a_load_error() {
    let site = standard_site();
    site.build(&[]).assert_ok();
    let before = tree(&site.out());
    assert!(before.contains_key("index.html"));

    site.doc("gov/2020-01/z-first", "titel: 坏了\n", "正文\n");
    let err = site.build(&[]).assert_fails();
    assert!(err.contains("content/gov/2020-01/z-first.md"), "{err}");
    assert!(err.contains("previous output was left untouched"), "{err}");
    assert_same_tree(&before, &tree(&site.out()), "output after a failed build");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn previous_output_survives_a_render_error() {
    // The template breaks only when a document page is rendered, that is
    // after the staging folder was created and pages were written into it.
    let site = standard_site();
    site.build(&[]).assert_ok();
    let before = tree(&site.out());
    site.write(
        "templates/document.html",
        "{% extends \"base.html\" %}{% block content %}{{ doc.no_such_field.deeper }}{% endblock content %}",
    );
    let err = site.build(&[]).assert_fails();
    assert!(err.contains("document.html"), "{err}");
    assert_same_tree(&before, &tree(&site.out()), "output after a render error");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());

    // Fixing the template makes the build succeed and replace the output.
    site.remove("templates/document.html");
    site.doc("gov/2020-02/only", "title: 改过的戊文件\n", "新正文。\n");
    site.build(&[]).assert_ok();
    let after = tree(&site.out());
    let page = String::from_utf8_lossy(&after["gov/2020-02/only/index.html"]).into_owned();
    assert!(page.contains("改过的戊文件"));
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn stale_files_do_not_survive_a_successful_build() {
    let site = standard_site();
    site.build(&[]).assert_ok();
    site.remove("content/gov/2020-01/b-plain.md");
    std::fs::write(site.out().join("stray.html"), "old").unwrap();
    site.build(&[]).assert_ok();
    assert!(!site.out().join("gov/2020-01/b-plain").exists());
    assert!(!site.out().join("stray.html").exists());
}

#[test]
fn output_into_the_site_root_is_refused_and_nothing_deleted() {
    let site = standard_site();
    let before = tree(site.root());
    let run = site.build_into(site.root(), &[]);
    let err = run.assert_fails();
    assert!(err.contains("refusing"), "{err}");
    assert_same_tree(&before, &tree(site.root()), "site after --out <root>");
}

#[test]
fn output_into_content_is_refused_and_nothing_deleted() {
    let site = standard_site();
    let before = tree(site.root());
    for out in ["content", "content/gov", "themes", "."] {
        let run = site.build_into(&site.root().join(out), &[]);
        let err = run.assert_fails();
        assert!(err.contains("refusing"), "--out {out}: {err}");
        assert_same_tree(&before, &tree(site.root()), out);
    }
}

#[test]
fn output_given_relative_to_the_working_folder_is_refused_too() {
    // `gazette build --out .` run inside the site folder.
    let site = standard_site();
    let before = tree(site.root());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .current_dir(site.root())
        .args(["build", "--out", "."])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let out2 = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .current_dir(site.root())
        .args(["build", "--out", "content"])
        .output()
        .unwrap();
    assert!(!out2.status.success());
    assert_same_tree(&before, &tree(site.root()), "site after relative --out");
    // The default output is public/ inside the site folder.
    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .current_dir(site.root())
        .arg("build")
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(site.root().join("public/index.html").is_file());
}

#[test]
fn output_folder_of_another_site_is_refused() {
    let site = standard_site();
    let other = Site::new();
    other.publication("q", "别的刊物");
    let before = tree(other.root());
    let err = site.build_into(other.root(), &[]).assert_fails();
    assert!(err.contains("refusing"), "{err}");
    assert_same_tree(&before, &tree(other.root()), "other site");
}

#[test]
fn output_folder_that_is_not_a_site_is_not_deleted() {
    // The output is replaced wholesale; a folder of other files given by
    // mistake must survive.
    let site = standard_site();
    let notes = site.root().join("notes");
    std::fs::create_dir_all(notes.join("sub")).unwrap();
    std::fs::write(notes.join("sub/todo.txt"), "买菜").unwrap();
    let before = tree(&notes);
    let err = site.build_into(&notes, &[]).assert_fails();
    assert!(err.contains("refusing"), "{err}");
    assert_same_tree(&before, &tree(&notes), "notes/");
    // …nor a file.
    let file = site.root().join("README.txt");
    std::fs::write(&file, "说明").unwrap();
    site.build_into(&file, &[]).assert_fails();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "说明");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    // An empty folder and a previous output are fine.
    let empty = site.root().join("empty");
    std::fs::create_dir(&empty).unwrap();
    site.build_into(&empty, &[]).assert_ok();
    site.build_into(&empty, &[]).assert_ok();
    assert!(empty.join("index.html").is_file());
}

/// A build reads each body twice (parsed for links and search, then made
/// into its page's HTML); the second read must give the one-pass HTML, and
/// a file edited in between must be reported, not rendered.
#[test]
fn html_made_again_equals_the_html_of_one_pass_unless_the_file_changed() {
    use gazette::build::{doc_refs, html_again, parse_all, take_bodies, DocParser};
    let site = Site::new();
    site.publication("p", "公报");
    site.issue("p/i", "第1期", "2020-01-01", "");
    let body = "正文引用《关于某事的通知》。\n\n```rust\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    site.doc("p/i/doc", "title: 标题\n", body);
    let root = site.root();
    let (mut loaded, _) =
        gazette::load::load(root, &gazette::load::Options { drafts: false }).unwrap();
    let mut bodies = take_bodies(&mut loaded);
    assert_eq!(bodies, vec![body.to_string()]);
    let docs: Vec<_> = loaded.documents().collect();
    let doc = docs[0].2;
    let refs = doc_refs(&docs);
    let known = gazette::cite::Known::new(&refs);
    let parser = DocParser::new(&docs, &known, gazette::urls::Urls { pretty: false });
    let (parsed, hashes) = parse_all(&docs, &parser, &mut bodies, false);
    assert!(parsed[0].html.is_empty() && bodies[0].is_empty());
    let one_pass = parser.parse(0, doc, body, true).html;
    assert!(one_pass.contains("<table>"), "{one_pass}");
    assert_eq!(
        html_again(root, &parser, doc, 0, &parsed[0], hashes[0]).unwrap(),
        one_pass
    );
    site.doc("p/i/doc", "title: 标题\n", &format!("{body}改"));
    let err = html_again(root, &parser, doc, 0, &parsed[0], hashes[0]).unwrap_err();
    assert!(format!("{err:?}").contains("doc.md"), "{err:?}");
}

//! The no-change rebuild: skipped when nothing changed, redone when an
//! input or the output changed, and never different from a full build.

use std::fs;
use std::path::Path;
use std::process::Command;

fn build(root: &Path, out: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn site(root: &Path) {
    fs::create_dir_all(root.join("content/p/2020-1")).unwrap();
    fs::write(
        root.join("gazette.yaml"),
        "title: 公报\nbase_url: https://x.org\n",
    )
    .unwrap();
    fs::write(
        root.join("content/p/_publication.md"),
        "---\ntitle: 公报\n---\n",
    )
    .unwrap();
    fs::write(
        root.join("content/p/2020-1/_issue.md"),
        "---\ntitle: 2020年第1期\ndate: 2020-01-01\n---\n",
    )
    .unwrap();
    fs::write(
        root.join("content/p/2020-1/a.md"),
        "---\ntitle: 关于甲的通知\n---\n\n第一版正文。\n",
    )
    .unwrap();
}

#[test]
fn unchanged_site_is_not_rebuilt_and_output_stays_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("site"), dir.path().join("public"));
    site(&root);
    assert!(build(&root, &out).starts_with("Built"));
    let before = fs::read(out.join("p/2020-1/a/index.html")).unwrap();
    assert!(build(&root, &out).starts_with("Up to date"));
    assert_eq!(fs::read(out.join("p/2020-1/a/index.html")).unwrap(), before);
}

#[test]
fn an_edited_document_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("site"), dir.path().join("public"));
    site(&root);
    build(&root, &out);
    fs::write(
        root.join("content/p/2020-1/a.md"),
        "---\ntitle: 关于甲的通知\n---\n\n第二版正文，更长一些。\n",
    )
    .unwrap();
    assert!(build(&root, &out).starts_with("Built"));
    let page = fs::read_to_string(out.join("p/2020-1/a/index.html")).unwrap();
    assert!(page.contains("第二版正文"));
}

#[test]
fn a_damaged_output_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("site"), dir.path().join("public"));
    site(&root);
    build(&root, &out);
    let good = fs::read(out.join("style.css")).unwrap();
    fs::write(out.join("style.css"), "damaged").unwrap();
    assert!(build(&root, &out).starts_with("Built"));
    assert_eq!(fs::read(out.join("style.css")).unwrap(), good);
}

//! Building twice from the same input gives byte-identical output, whatever
//! the number of threads.

mod common;

use common::{assert_same_tree, standard_site, tree};
use std::path::Path;

/// The standard fixture plus enough documents, issuers and years for the
/// threads to interleave.
fn busy_site() -> common::Site {
    let s = standard_site();
    for i in 0..4 {
        let issue = format!("gov/2019-{:02}", i + 1);
        s.issue(
            &issue,
            &format!("2019年第{}号", i + 1),
            &format!("2019-{:02}-01", i + 1),
            "sections: [乙栏, 甲栏]\n",
        );
        for d in 0..12 {
            s.doc(
                &format!("{issue}/d{d:02}"),
                &format!(
                    "title: 第{i}期第{d}号文件\ndoc_number: 测政发〔2019〕{}号\nissuer: [测试机关{}, 测试厅{}]\nsection: {}\npage: {}\ndate: 2019-{:02}-{:02}\n",
                    i * 100 + d,
                    d % 5,
                    d % 3,
                    if d % 2 == 0 { "甲栏" } else { "乙栏" },
                    d + 1,
                    i + 1,
                    d + 1
                ),
                &format!("正文{d}，见测政发〔2019〕{}号。\n\n```python\nprint({d})\n```\n", i * 100),
            );
        }
    }
    s
}

#[test]
fn same_output_for_one_and_two_threads_and_twice() {
    let site = busy_site();
    let out = |name: &str| site.root().join(name);
    site.build_into(&out("j1"), &["-j", "1"]).assert_ok();
    site.build_into(&out("j2a"), &["-j", "2"]).assert_ok();
    site.build_into(&out("j2b"), &["-j", "2"]).assert_ok();
    let j1 = tree(&out("j1"));
    assert!(j1.len() > 60, "{} files", j1.len());
    assert_same_tree(&j1, &tree(&out("j2a")), "-j 1 vs -j 2");
    assert_same_tree(&tree(&out("j2a")), &tree(&out("j2b")), "-j 2 twice");
    // Rebuilding into the same folder gives the same bytes too.
    // (--force: otherwise the no-change cache would skip the build.)
    site.build_into(&out("j1"), &["-j", "2", "--force"])
        .assert_ok();
    assert_same_tree(&j1, &tree(&out("j1")), "rebuild in place");
}

#[test]
fn real_archive_is_deterministic_across_thread_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let build = |name: &str, jobs: &str| {
        let out = tmp.path().join(name);
        common::gazette(&[
            "build".as_ref(),
            "--root".as_ref(),
            root.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "-j".as_ref(),
            jobs.as_ref(),
        ])
        .assert_ok();
        tree(&out)
    };
    let a = build("a", "1");
    let b = build("b", "2");
    assert_same_tree(&a, &b, "real archive, -j 1 vs -j 2");
}

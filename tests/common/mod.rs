//! Fixture helpers for the build tests: small sites written into temporary
//! folders, the real `gazette` binary run as a subprocess, and readers for
//! the output tree.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A site in a temporary folder; the folder is deleted on drop.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// An empty site with only `gazette.yaml` (title 测试公报).
    pub fn new() -> Site {
        let site = Site {
            dir: tempfile::Builder::new()
                .prefix("gazette-test-")
                .tempdir()
                .expect("temp dir"),
        };
        site.write(
            "gazette.yaml",
            "title: 测试公报\nbase_url: https://example.org/sub\n",
        );
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Where `build` writes by default (`<tmp>/public`).
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// A publication with `_publication.md`.
    pub fn publication(&self, slug: &str, title: &str) {
        self.write(
            &format!("content/{slug}/_publication.md"),
            &format!("---\ntitle: {}\n---\n", yaml_str(title)),
        );
    }

    /// An issue with `_issue.md`; `extra` is more front matter lines.
    pub fn issue(&self, path: &str, title: &str, date: &str, extra: &str) {
        self.write(
            &format!("content/{path}/_issue.md"),
            &format!(
                "---\ntitle: {}\ndate: {date}\n{extra}---\n",
                yaml_str(title)
            ),
        );
    }

    /// A document: front matter lines and a body.
    pub fn doc(&self, path: &str, front: &str, body: &str) {
        self.write(
            &format!("content/{path}.md"),
            &format!("---\n{front}---\n{body}"),
        );
    }

    /// `gazette build --root <site> --out <site>/public` plus `args`.
    pub fn build(&self, args: &[&str]) -> Run {
        let out = self.out();
        self.build_into(&out, args)
    }

    pub fn build_into(&self, out: &Path, args: &[&str]) -> Run {
        let mut full: Vec<&std::ffi::OsStr> = vec![
            "build".as_ref(),
            "--root".as_ref(),
            self.root().as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        full.extend(args.iter().map(|a| std::ffi::OsStr::new(*a)));
        gazette(&full)
    }
}

/// Quotes a YAML scalar (double-quoted, with escapes).
pub fn yaml_str(s: &str) -> String {
    format!("{:?}", s)
}

/// A finished run of the binary.
pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.output.status.success()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    /// Panics with the output unless the build succeeded.
    pub fn assert_ok(&self) -> &Run {
        assert!(
            self.ok(),
            "build failed ({:?})\nstdout:\n{}\nstderr:\n{}",
            self.output.status,
            self.stdout(),
            self.stderr()
        );
        self
    }
    /// Panics unless the build failed with a non-zero exit code; returns stderr.
    pub fn assert_fails(&self) -> String {
        assert!(
            !self.ok(),
            "build should have failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        assert_ne!(self.output.status.code(), Some(0));
        self.stderr()
    }
}

/// Runs the `gazette` binary built by cargo for this test run.
pub fn gazette(args: &[&std::ffi::OsStr]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gazette");
    Run { output }
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let rel = path.strip_prefix(base).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

/// Asserts two trees are byte-identical, naming the first difference.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "{what}: different file lists");
    for (name, bytes) in a {
        if bytes != &b[name] {
            let pos = bytes
                .iter()
                .zip(&b[name])
                .position(|(x, y)| x != y)
                .unwrap_or(bytes.len().min(b[name].len()));
            let lo = pos.saturating_sub(80);
            panic!(
                "{what}: {name} differs at byte {pos}:\n---\n{}\n---\n{}",
                String::from_utf8_lossy(&bytes[lo..(pos + 80).min(bytes.len())]),
                String::from_utf8_lossy(&b[name][lo..(pos + 80).min(b[name].len())])
            );
        }
    }
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Decodes the HTML character references that templates emit in text and
/// attributes (`&#x2F;`, `&amp;`, …).
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..end];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                u32::from_str_radix(&ent[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// One `href`/`src` attribute found in a page.
#[derive(Debug, Clone)]
pub struct Attr {
    /// The tag it sits on, e.g. `a`, `link`.
    pub tag: String,
    /// The whole tag text (for `rel="canonical"` and messages).
    pub tag_text: String,
    pub name: String,
    /// The decoded value.
    pub value: String,
}

/// A simple scan of every `href="…"` and `src="…"` (also single-quoted) in
/// the tags of an HTML page.
pub fn links(html: &str) -> Vec<Attr> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let start = i + lt;
        let Some(gt) = html[start..].find('>') else {
            break;
        };
        let tag_text = &html[start..start + gt + 1];
        i = start + gt + 1;
        if tag_text.starts_with("</") || tag_text.starts_with("<!") {
            continue;
        }
        let tag: String = tag_text[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        for name in ["href", "src"] {
            let mut from = 0;
            while let Some(p) = tag_text[from..].find(name) {
                let at = from + p;
                from = at + name.len();
                let before_ok = at > 0 && bytes[start + at - 1].is_ascii_whitespace();
                let rest = &tag_text[at + name.len()..];
                if !before_ok || !rest.starts_with('=') {
                    continue;
                }
                let rest = &rest[1..];
                let quote = rest.chars().next().unwrap_or(' ');
                let value = if quote == '"' || quote == '\'' {
                    let end = rest[1..].find(quote).unwrap_or(rest.len() - 1);
                    &rest[1..1 + end]
                } else {
                    let end = rest
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(rest.len());
                    &rest[..end]
                };
                found.push(Attr {
                    tag: tag.clone(),
                    tag_text: tag_text.to_string(),
                    name: name.to_string(),
                    value: unescape(value),
                });
            }
        }
    }
    found
}

/// Decodes `%XX` escapes (UTF-8) of a URL part.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
            if let Ok(v) = u8::from_str_radix(hex, 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The text content of an HTML fragment: tags dropped, references decoded.
pub fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

/// The part of `html` between the first `start` and the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let s = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found in:\n{html}"));
    let rest = &html[s..];
    let e = rest.find(end).unwrap_or(rest.len());
    &rest[..e]
}

/// The standard fixture: two publications, three issues (2020 and 2021),
/// sections out of alphabetical order, documents with and without `order`,
/// a draft, an asset, code, an external link and a table.
///
/// Issue `gov/2020-01` has sections 政府文件, 办公厅文件, 常务会议 (not
/// sorted) and documents, in TOC order:
/// - 政府文件: `m-second` (order 2)
/// - 办公厅文件: `z-first` (order 1), `a-plain`, `b-plain` (file-name order)
/// - 常务会议: `c-meeting`
///
/// and `x-draft` (draft: true, 办公厅文件).
pub fn standard_site() -> Site {
    let s = Site::new();
    s.publication("gov", "测试政府公报");
    s.issue(
        "gov/2020-01",
        "2020年第1号",
        "2020-01-15",
        "year: 2020\nnumber: 1\ncumulative: 101\npdf: scan.pdf\nsections:\n  - 政府文件\n  - 办公厅文件\n  - 常务会议\n",
    );
    s.doc(
        "gov/2020-01/z-first",
        "title: 关于甲事项的通知\ndoc_number: 测政办发〔2020〕1号\nissuer: 测试省人民政府办公厅\ndate: 2020-01-03\nsection: 办公厅文件\norder: 1\npage: 3\n",
        "各市人民政府：\n\n现将有关事项通知如下。详见[中国政府网](https://www.gov.cn/)。\n\n| 项目 | 数量 |\n|---|---|\n| 甲 | 1 |\n\n~~原定日期~~已改。\n\n- [x] 已办\n- [ ] 待办\n",
    );
    s.doc(
        "gov/2020-01/m-second",
        "title: 关于乙事项的决定\ndoc_number: 测政发〔2020〕2号\nissuer: 测试省人民政府\ndate: 2020-01-10\nsection: 政府文件\norder: 2\npage: 1\n",
        "## 一、总则\n\n本决定自发布之日起施行[^1]。见[总则](#一总则)。\n\n```rust\nfn main() { let x = 1; }\n```\n\n[^1]: 脚注。\n",
    );
    s.doc(
        "gov/2020-01/b-plain",
        "title: 丙文件\ndoc_number: 测政办函〔2020〕5号\nissuer: 测试省人民政府办公厅\nsection: 办公厅文件\npage: 7\n",
        "丙文件正文。\n",
    );
    s.doc(
        "gov/2020-01/a-plain",
        "title: 丁文件\ndoc_number: 测政办函〔2020〕4号\nissuer: 测试省人民政府办公厅\nsection: 办公厅文件\npage: 5\n",
        "丁文件正文。\n",
    );
    s.doc(
        "gov/2020-01/c-meeting",
        "title: 测试省人民政府召开第1次常务会议\nissuer: 测试省人民政府\nsection: 常务会议\npage: 9\n",
        "会议研究了有关事项。\n",
    );
    s.doc(
        "gov/2020-01/x-draft",
        "title: 草稿文件\nissuer: 测试省人民政府办公厅\nsection: 办公厅文件\ndraft: true\n",
        "尚未定稿。\n",
    );
    s.write_bytes("content/gov/2020-01/scan.pdf", b"%PDF-1.4 fixture\n");
    s.issue("gov/2020-02", "2020年第2号", "2020-02-01", "");
    s.doc(
        "gov/2020-02/only",
        "title: 戊文件\nissuer: 测试省人民政府\ndate: 2020-01-28\n",
        "戊文件正文。\n",
    );
    s.publication("bulletin", "测试简报");
    s.issue("bulletin/2021-03", "2021年第3期", "2021-03-01", "");
    s.doc(
        "bulletin/2021-03/news",
        "title: 简讯一则\nissuer: 测试协会\n",
        "简讯正文。\n",
    );
    s
}

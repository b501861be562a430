//! The no-change rebuild: a fingerprint of every input, and of the output
//! the last successful build left, kept beside the output
//! (`.public.gazette-cache`). When neither changed, the build is skipped;
//! its output would be byte-identical anyway (builds are deterministic).
//!
//! Inputs are fingerprinted by path, size and modification time, as make
//! and cargo do: reading 150 MB of Markdown to hash it would cost as much
//! as a fifth of the build this is meant to skip. The output is recorded
//! from the list of files the build wrote (paths and sizes) and the time it
//! ended; it is up to date while it holds exactly those files, none
//! modified since. Recording from the list spares a walk of the output,
//! 54,000 files at 10,000 documents, after every build.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// 128-bit FNV-1a over the metadata lines; stable across runs and versions.
struct Hasher(u64, u64);

impl Hasher {
    fn new() -> Hasher {
        Hasher(0xcbf29ce484222325, 0x6c62272e07bb0142)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
            self.1 = (self.1 ^ b as u64).wrapping_mul(0x100000001b3);
        }
        self.0 = (self.0 ^ 0xff).wrapping_mul(0x100000001b3);
    }
    fn finish(&self) -> String {
        format!("{:016x}{:016x}", self.0, self.1)
    }
}

fn stamp(h: &mut Hasher, rel: &str, path: &Path) {
    let (len, mtime) = std::fs::metadata(path)
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (m.len(), t)
        })
        .unwrap_or((u64::MAX, 0));
    h.write(format!("{rel}\t{len}\t{mtime}").as_bytes());
}

fn stamp_tree(h: &mut Hasher, root: &Path, dir: &str) {
    let base = root.join(dir);
    if !base.exists() {
        h.write(format!("{dir}\tabsent").as_bytes());
        return;
    }
    for e in walkdir::WalkDir::new(&base)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(root).unwrap_or(e.path());
        stamp(h, &rel.to_string_lossy(), e.path());
    }
}

/// Fingerprint of everything a build reads: the site's files, the build
/// options, and the gazette binary itself (it embeds the default theme).
pub fn inputs(root: &Path, options: &str) -> String {
    let mut h = Hasher::new();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(options.as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        stamp(&mut h, "(gazette)", &exe);
    }
    stamp(&mut h, "gazette.yaml", &root.join("gazette.yaml"));
    for dir in ["content", "templates", "static", "themes"] {
        stamp_tree(&mut h, root, dir);
    }
    h.finish()
}

/// The files of an output: (path relative to it with `/`, bytes), with the
/// latest modification time among them (ns since the epoch).
fn output_files(out: &Path) -> (Vec<(String, u64)>, u128) {
    let mut files = Vec::new();
    let mut latest = 0;
    for e in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !e.file_type().is_file() {
            continue;
        }
        let Ok(m) = e.metadata() else { continue };
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(u128::MAX, |d| d.as_nanos());
        latest = latest.max(mtime);
        let rel = e.path().strip_prefix(out).unwrap_or(e.path());
        files.push((rel.to_string_lossy().replace('\\', "/"), m.len()));
    }
    (files, latest)
}

/// Fingerprint of a list of files: their paths and sizes, in any order.
fn listing(files: &[(String, u64)]) -> String {
    let mut sorted: Vec<&(String, u64)> = files.iter().collect();
    sorted.sort();
    let mut h = Hasher::new();
    for (rel, len) in sorted {
        h.write(format!("{rel}\t{len}").as_bytes());
    }
    h.finish()
}

fn cache_file(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.gazette-cache"))
}

/// Whether the output is what a build of these inputs would write: the
/// same inputs as the last build, and its output as it left it (the same
/// files with the same sizes, none modified since).
pub fn up_to_date(out: &Path, inputs: &str) -> bool {
    let Ok(saved) = std::fs::read_to_string(cache_file(out)) else {
        return false;
    };
    let mut lines = saved.lines();
    if lines.next() != Some(inputs) || !out.is_dir() {
        return false;
    }
    let Some(built) = lines.next().and_then(|t| t.parse::<u128>().ok()) else {
        return false;
    };
    let (files, latest) = output_files(out);
    latest <= built && lines.next() == Some(listing(&files).as_str())
}

/// Records a successful build that wrote `files` (paths relative to the
/// output, bytes), from the list itself: walking a large output again
/// would cost as much as a stage. Failing to write the cache only costs
/// the next build its shortcut.
pub fn record(out: &Path, inputs: &str, files: &[(String, u64)]) {
    let now = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let text = format!("{inputs}\n{now}\n{}\n", listing(files));
    let _ = std::fs::write(cache_file(out), text);
}

pub fn forget(out: &Path) {
    let _ = std::fs::remove_file(cache_file(out));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_changed_after_its_build_is_not_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/x.html"), "12345").unwrap();
        std::fs::write(out.join("y.js"), "1").unwrap();
        let files = vec![("a/x.html".to_string(), 5), ("y.js".to_string(), 1)];
        std::thread::sleep(std::time::Duration::from_millis(20));
        record(&out, "in", &files);
        assert!(up_to_date(&out, "in"));
        assert!(!up_to_date(&out, "other inputs"));
        // Same size, written after the build.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(out.join("a/x.html"), "54321").unwrap();
        assert!(!up_to_date(&out, "in"));
        record(&out, "in", &files);
        assert!(up_to_date(&out, "in"));
        // A file deleted, or one added.
        std::fs::remove_file(out.join("y.js")).unwrap();
        assert!(!up_to_date(&out, "in"));
        record(&out, "in", &files[..1]);
        assert!(up_to_date(&out, "in"));
        std::fs::write(out.join("z.css"), "").unwrap();
        assert!(!up_to_date(&out, "in"));
    }

    #[test]
    fn a_touched_input_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/p")).unwrap();
        std::fs::write(root.join("gazette.yaml"), "title: t\n").unwrap();
        std::fs::write(root.join("content/p/a.md"), "x").unwrap();
        let before = inputs(root, "opts");
        assert_eq!(before, inputs(root, "opts"));
        assert_ne!(before, inputs(root, "other opts"));
        std::fs::write(root.join("content/p/a.md"), "xy").unwrap();
        assert_ne!(before, inputs(root, "opts"));
    }
}

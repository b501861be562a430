//! The no-change rebuild: a fingerprint of every input and of the output,
//! kept beside the output (`.public.gazette-cache`). When neither changed
//! since the last successful build, the build is skipped; its output would
//! be byte-identical anyway (builds are deterministic).
//!
//! Inputs are fingerprinted by path, size and modification time, as make
//! and cargo do: reading 150 MB of Markdown to hash it would cost as much
//! as a fifth of the build this is meant to skip.

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

/// Fingerprint of the output, so that a hand-edited or deleted output is
/// rebuilt.
pub fn output(out: &Path) -> String {
    let mut h = Hasher::new();
    stamp_tree(&mut h, out, "");
    h.finish()
}

fn cache_file(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.gazette-cache"))
}

/// Whether the output is what a build of these inputs would write.
pub fn up_to_date(out: &Path, inputs: &str) -> bool {
    let Ok(saved) = std::fs::read_to_string(cache_file(out)) else {
        return false;
    };
    let mut lines = saved.lines();
    lines.next() == Some(inputs) && out.is_dir() && lines.next() == Some(output(out).as_str())
}

/// Records a successful build. Failing to write the cache only costs the
/// next build its shortcut.
pub fn record(out: &Path, inputs: &str) {
    let _ = std::fs::write(cache_file(out), format!("{inputs}\n{}\n", output(out)));
}

pub fn forget(out: &Path) {
    let _ = std::fs::remove_file(cache_file(out));
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! Stage 6: files into a staging folder beside the output, then a swap.
//!
//! Nothing touches the previous output until every page has been written,
//! so a failed build leaves it exactly as it was.

use crate::diag::Diag;
use std::io;
use std::path::{Path, PathBuf};

pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    done: bool,
    /// Every file written: (path relative to the output, bytes).
    written: std::sync::Mutex<Vec<(String, u64)>>,
    /// Folders made so far: asking the kernel to make a folder that exists
    /// costs a system call per file (tens of thousands per build).
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    /// A fresh folder next to `out` (same file system, so the swap is a
    /// rename). Refuses outputs that would swallow the sources.
    pub fn new(root: &Path, out: &Path) -> Result<Staging, Diag> {
        check_out(root, out)?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .map_err(|e| Diag::error(format!("cannot create {}: {e}", parent.display())))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_abandoned(parent, &name);
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| Diag::error(format!("cannot create {}: {e}", dir.display())))?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            done: false,
            written: std::sync::Mutex::new(Vec::new()),
            made: Default::default(),
        })
    }

    /// Writes `bytes` at `rel` (with `/` separators) inside the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.place(rel)?, bytes)?;
        self.note(rel, bytes.len() as u64);
        Ok(())
    }

    /// Writes the file `rel` inside the staging folder as `make` produces
    /// it, through a buffer: for outputs too large to hold whole.
    pub fn write_with(
        &self,
        rel: &str,
        make: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let file = std::fs::File::create(self.place(rel)?)?;
        let mut w = io::BufWriter::with_capacity(1 << 18, file);
        make(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        self.note(rel, file.metadata()?.len());
        Ok(())
    }

    /// Copies the file `from` to `rel` inside the staging folder.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let bytes = std::fs::copy(from, self.place(rel)?)?;
        self.note(rel, bytes);
        Ok(())
    }

    /// The path of `rel` inside the staging folder, its folder made.
    fn place(&self, rel: &str) -> io::Result<PathBuf> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            let made = || self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made().contains(parent) {
                std::fs::create_dir_all(parent)?;
                made().insert(parent.to_path_buf());
            }
        }
        Ok(path)
    }

    fn note(&self, rel: &str, bytes: u64) {
        let mut w = self.written.lock().unwrap_or_else(|e| e.into_inner());
        w.push((rel.to_string(), bytes));
    }

    /// Replaces the output with the staging folder; returns every file
    /// written (path relative to the output, bytes).
    pub fn commit(mut self) -> Result<Vec<(String, u64)>, Diag> {
        let old = self.out.with_file_name(format!(
            ".{}.old-{}",
            self.out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old).map_err(|e| {
                Diag::error(format!("cannot move {} aside: {e}", self.out.display()))
            })?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(Diag::error(format!(
                "cannot move the new site into {}: {e}",
                self.out.display()
            )));
        }
        self.done = true;
        if had_old {
            remove_tree(&old);
        }
        let written = self.written.get_mut().unwrap_or_else(|e| e.into_inner());
        Ok(std::mem::take(written))
    }
}

/// Deleting the previous output (tens of thousands of files on a large
/// site) is a sizeable part of a build: spread it over the thread pool, two
/// levels down so publications with many issues split evenly.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let children = |d: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    let grandchildren: Vec<PathBuf> = children(dir)
        .into_iter()
        .flat_map(|c| if c.is_dir() { children(&c) } else { vec![c] })
        .collect();
    grandchildren.par_iter().for_each(|p| {
        let _ = if p.is_dir() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// Staging folders of builds that were killed (their process is gone).
fn remove_abandoned(parent: &Path, name: &str) {
    // Liveness is read from /proc; elsewhere, leave them be.
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let pid = file
            .strip_prefix(&format!(".{name}.building-"))
            .or_else(|| file.strip_prefix(&format!(".{name}.old-")))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid {
            if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The output is replaced wholesale, so it must not be (or contain) the
/// site's sources.
fn check_out(root: &Path, out: &Path) -> Result<(), Diag> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let root_c = canon(root);
    let out_c = if out.exists() {
        canon(out)
    } else {
        out.parent()
            .map(|p| {
                canon(if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                })
            })
            .unwrap_or_default()
            .join(out.file_name().unwrap_or_default())
    };
    let bad = root_c.starts_with(&out_c)
        || out_c == root_c.join("content")
        || out_c.starts_with(root_c.join("content"))
        || out_c.starts_with(root_c.join("themes"))
        || out_c.starts_with(root_c.join("templates"))
        || out_c.starts_with(root_c.join("static"))
        || (out.exists() && out.join("gazette.yaml").exists());
    if bad {
        return Err(Diag::error(format!(
            "refusing to build into {}: it holds the site's sources",
            out.display()
        ))
        .help("the output folder is replaced on every build; choose a folder of its own, e.g. --out public"));
    }
    // The output is deleted wholesale when the new one is swapped in: only
    // replace a folder that is empty or a site (has an index.html), never
    // e.g. a home folder given by mistake, nor a file.
    if out.exists() {
        let foreign = if out.is_dir() {
            !out.join("index.html").is_file()
                && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some())
        } else {
            true
        };
        if foreign {
            return Err(Diag::error(format!(
                "refusing to build into {}: it is not an empty folder nor a site built before, and would be deleted",
                out.display()
            ))
            .help("choose a new or empty folder for the output, or delete this one first"));
        }
    }
    Ok(())
}

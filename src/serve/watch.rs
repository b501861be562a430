//! File-system events → debounced batches of changed source files.

use crate::diag::Diag;
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

/// Source folders watched recursively; gazette.yaml is watched through the
/// root folder (non-recursively).
const DIRS: &[&str] = &["content", "templates", "static", "themes"];

/// How long to wait for more events after the first one: editors write a
/// file in several steps (truncate, write, rename).
const DEBOUNCE: Duration = Duration::from_millis(30);

pub type Events = notify::Result<notify::Event>;

pub fn start(root: &Path, tx: Sender<Events>) -> Result<notify::RecommendedWatcher, Diag> {
    let mut w = notify::recommended_watcher(tx)
        .map_err(|e| Diag::error(format!("cannot watch files: {e}")))?;
    for d in DIRS {
        let p = root.join(d);
        if p.is_dir() {
            w.watch(&p, RecursiveMode::Recursive)
                .map_err(|e| Diag::error(format!("cannot watch {}: {e}", p.display())))?;
        }
    }
    w.watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Diag::error(format!("cannot watch {}: {e}", root.display())))?;
    Ok(w)
}

/// Whether a changed path is a source of the site.
fn relevant(root: &Path, p: &Path) -> bool {
    let Ok(rel) = p.strip_prefix(root) else {
        // Events may carry canonical paths.
        return p.components().any(|c| {
            DIRS.iter()
                .any(|d| c.as_os_str() == std::ffi::OsStr::new(d))
        });
    };
    let mut parts = rel.components();
    let Some(first) = parts.next() else {
        return false;
    };
    let first = first.as_os_str().to_string_lossy();
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Editor droppings: swap files, backups, hidden files.
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
    {
        return false;
    }
    if rel.components().count() == 1 {
        return first == "gazette.yaml" || DIRS.contains(&first.as_ref());
    }
    DIRS.contains(&first.as_ref())
}

/// Batches of changed source paths, one per burst of events; ends when
/// the watcher goes away. `root` must be absolute (events carry absolute
/// paths).
pub fn batches<'a>(
    rx: &'a Receiver<Events>,
    root: &'a Path,
) -> impl Iterator<Item = Vec<PathBuf>> + 'a {
    std::iter::from_fn(move || loop {
        let first = rx.recv().ok()?;
        let mut paths = Vec::new();
        collect(first, &mut paths);
        while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
            collect(more, &mut paths);
        }
        paths.retain(|p| relevant(root, p));
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            return Some(paths);
        }
    })
}

fn collect(ev: Events, out: &mut Vec<PathBuf>) {
    let Ok(ev) = ev else {
        return;
    };
    if matches!(ev.kind, EventKind::Access(_)) {
        return;
    }
    out.extend(ev.paths);
}

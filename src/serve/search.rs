//! The search index, brought up to date in the background.
//!
//! Building the index takes seconds on a large site (7–20 s at 10,000
//! documents), far longer than re-rendering the pages of an edit, so the
//! server publishes the pages first and then hands the index to this
//! worker, with its inputs captured at that moment ([`Job`]):
//!
//! - every edit bumps the generation ([`super::Shared::begin_edit`]); a job
//!   of an older generation is discarded, before it starts or when it is
//!   done, and the edit submits a new one once its pages are published;
//! - only the newest completed job writes into the served folder, and only
//!   the files whose bytes changed: each is written under a temporary name
//!   first, then all are renamed into place, so a reader never sees a
//!   half-written file and the files of two generations are never mixed
//!   (beyond the instant of the renames);
//! - a full build holds [`super::Shared::disk`] while it swaps the site in,
//!   so a job can never write into a folder being replaced;
//! - when the files are in place the pages are told with a search-only
//!   notification (the search page reloads; see `http::script`).

use super::Shared;
use crate::search::SearchDoc;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// One index to build: the site's documents at one generation.
pub struct Job {
    pub generation: u64,
    pub docs: Vec<SearchDoc>,
}

/// Test-only: the worker waits until this file exists before building an
/// index, so a test can see the pages reload before the index changes.
const GATE: &str = "GAZETTE_SERVE_SEARCH_GATE";

/// The search files in the served folder: their hashes, by output path,
/// and what updates them after an edit (`None`: build them whole).
#[derive(Default)]
pub struct Disk {
    pub hashes: HashMap<String, u64>,
    pub state: Option<crate::search::update::State>,
}

/// Runs forever: takes the newest job, brings the index up to it (only the
/// files its edits touch when `update::State::update` can, else whole),
/// writes it if it is still the newest.
pub fn run(shared: &Shared) {
    let gate = std::env::var_os(GATE).map(std::path::PathBuf::from);
    // Its own threads: in the global pool a long index job would queue the
    // next edit's work behind its own; apart, the system shares the cores.
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("gazette-search-{i}"))
        .build()
        .ok();
    let install = |f: &mut (dyn FnMut() + Send)| match &pool {
        Some(p) => p.install(f),
        None => f(),
    };
    loop {
        let job = {
            let mut slot = shared.jobs.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if let Some(j) = slot.take() {
                    break j;
                }
                slot = shared
                    .job_ready
                    .wait(slot)
                    .unwrap_or_else(|e| e.into_inner());
            }
        };
        if let Some(g) = &gate {
            while !g.exists() && shared.is_current(job.generation) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        if !shared.is_current(job.generation) {
            continue;
        }
        let start = Instant::now();
        // The update reads the served files: under the lock, which a full
        // build holds while it replaces them.
        let mut disk = shared.disk.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(mut state) = disk.state.take() {
            let mut files = Err("");
            install(&mut || {
                files = state.update(&job.docs, |p| std::fs::read(shared.out.join(p)).ok())
            });
            if let Err(why) = files {
                eprintln!("search index not updatable in place: {why}");
            }
            if let Ok(files) = files {
                let (written, errors) = write(&shared.out, &files, &mut disk.hashes, false);
                if errors.is_empty() {
                    disk.state = Some(state);
                }
                drop(disk);
                report(start, written, &errors, "updated");
                shared.publish_search(job.generation);
                continue;
            }
        }
        drop(disk);
        let mut built = None;
        let mut docs = Some(job.docs);
        install(&mut || {
            built = docs.take().map(crate::search::build_index_kept);
        });
        let (files, state) = built.expect("built");
        let mut disk = shared.disk.lock().unwrap_or_else(|e| e.into_inner());
        if !shared.is_current(job.generation) {
            eprintln!("search index of an older edit discarded");
            continue;
        }
        let (written, errors) = write(&shared.out, &files, &mut disk.hashes, true);
        disk.state = errors.is_empty().then_some(state);
        drop(disk);
        report(start, written, &errors, "built whole");
        shared.publish_search(job.generation);
    }
}

fn report(start: Instant, written: usize, errors: &[String], how: &str) {
    for e in errors {
        eprintln!("search index: {e}");
    }
    eprintln!(
        "search index {how} in {} ms ({written} file{} changed)",
        start.elapsed().as_millis(),
        if written == 1 { "" } else { "s" }
    );
}

/// Writes the files whose bytes differ from `disk` (hashes of what the
/// served folder holds), removes those no longer in the index when `files`
/// is the whole index (`prune`), and updates `disk`. Returns how many files
/// were written, and the errors.
fn write(
    out: &Path,
    files: &[(String, Vec<u8>)],
    disk: &mut HashMap<String, u64>,
    prune: bool,
) -> (usize, Vec<String>) {
    use rayon::prelude::*;
    let changed: Vec<(&str, &[u8], u64)> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice(), super::incremental::hash(b)))
        .filter(|(p, _, h)| disk.get(*p) != Some(h))
        .collect();
    let tmp_name = |p: &Path| {
        let mut name = p.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".tmp-search-{}", std::process::id()));
        p.with_file_name(name)
    };
    // Every file under a temporary name first…
    let staged: Vec<Result<(), String>> = changed
        .par_iter()
        .map(|(rel, bytes, _)| {
            let path = out.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("cannot write {rel}: {e}"))?;
            }
            std::fs::write(tmp_name(&path), bytes).map_err(|e| format!("cannot write {rel}: {e}"))
        })
        .collect();
    // …then all renamed into place.
    let mut errors = Vec::new();
    let mut written = 0;
    for ((rel, _, h), staged) in changed.iter().zip(staged) {
        let path = out.join(rel);
        let done = staged.and_then(|()| {
            std::fs::rename(tmp_name(&path), &path).map_err(|e| format!("cannot write {rel}: {e}"))
        });
        match done {
            Ok(()) => {
                written += 1;
                disk.insert(rel.to_string(), *h);
            }
            Err(e) => {
                let _ = std::fs::remove_file(tmp_name(&path));
                // Unknown content now: written again next time.
                disk.remove(*rel);
                errors.push(e);
            }
        }
    }
    if !prune {
        return (written, errors);
    }
    let keep: std::collections::HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let gone: Vec<String> = disk
        .keys()
        .filter(|p| !keep.contains(p.as_str()))
        .cloned()
        .collect();
    for p in gone {
        let _ = std::fs::remove_file(out.join(&p));
        disk.remove(&p);
    }
    (written, errors)
}

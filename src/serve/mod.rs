//! `gazette serve`: builds the site into a temporary folder, serves it over
//! HTTP on 127.0.0.1, watches the sources and rebuilds on every change, and
//! reloads the open pages.
//!
//! - `http` answers requests (one thread per request, so a long poll never
//!   blocks a page) and injects the live-reload script into HTML pages.
//! - `watch` turns file-system events into debounced rebuild requests.
//! - The first build, and a rebuild after a change `incremental` cannot
//!   handle, is a full `build::build_keeping` into the same folder (the
//!   build writes into a staging folder and swaps, so a failed build leaves
//!   the last good site in place, which keeps being served); what its
//!   stages computed is kept for the incremental rebuilds of document,
//!   issue and publication edits (`incremental`).
//! - Pages learn about a new build by long-polling `/__gazette/poll`; a
//!   failed build is shown as an overlay over the page, and the next good
//!   build reloads it.
//! - After an incremental rebuild the pages are reloaded at once; the
//!   search index is brought up to date afterwards by a background worker
//!   (`search`), which announces it with a second, search-only
//!   notification (the `search` counter of the poll answer).

mod http;
pub mod incremental;
mod search;
mod watch;

use crate::diag::Diag;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    pub color: bool,
}

/// What the pages poll: a build counter and the last build's error, and
/// a search-index counter and whether the index is behind the pages.
#[derive(Debug, Default, Clone)]
pub struct State {
    pub version: u64,
    pub error: Option<String>,
    /// Bumped when the background worker has written a new index.
    pub search: u64,
    /// The pages are published but their search index is not yet.
    pub indexing: bool,
    /// Bumped by every edit; a search job of an older one is stale.
    generation: u64,
}

pub struct Shared {
    pub state: Mutex<State>,
    pub changed: Condvar,
    pub out: PathBuf,
    /// The next search index to build (only the newest is kept).
    jobs: Mutex<Option<search::Job>>,
    job_ready: Condvar,
    /// The search files in the served folder; held while they are
    /// written, and by a full build while it runs.
    disk: Mutex<search::Disk>,
}

impl Shared {
    /// Publishes a build's outcome; `indexing` says whether a search job
    /// follows.
    fn publish(&self, error: Option<String>, indexing: bool) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.version += 1;
        s.error = error;
        s.indexing = indexing;
        self.changed.notify_all();
    }

    /// A batch of changes arrived: any search job under way is stale.
    /// Returns whether the index was behind the pages.
    fn begin_edit(&self) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.generation += 1;
        s.indexing
    }

    fn is_current(&self, generation: u64) -> bool {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.generation == generation
    }

    /// Queues the index of `docs` for the current generation (replacing a
    /// job not yet started).
    fn submit_search(&self, docs: Vec<crate::search::SearchDoc>) {
        let generation = self
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .generation;
        let mut slot = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        *slot = Some(search::Job { generation, docs });
        self.job_ready.notify_one();
    }

    /// The index of `generation` is written: a search-only notification.
    fn publish_search(&self, generation: u64) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.search += 1;
        if s.generation == generation {
            s.indexing = false;
        }
        self.changed.notify_all();
    }

    /// Blocks until the version differs from `seen` (or, when given, the
    /// search counter from `seen_search`) or `timeout` passes.
    pub fn wait(&self, seen: u64, seen_search: Option<u64>, timeout: Duration) -> State {
        let guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (s, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| {
                s.version == seen && seen_search.is_none_or(|x| x == s.search)
            })
            .unwrap_or_else(|e| e.into_inner());
        s.clone()
    }

    pub fn current(&self) -> State {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// A temporary output folder, removed when dropped.
struct TempOut(PathBuf);

impl Drop for TempOut {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the server until the process is stopped.
pub fn serve(opts: &Options) -> Result<(), Diag> {
    if !opts.root.join("gazette.yaml").is_file() {
        return Err(
            Diag::error(format!("no gazette.yaml in {}", opts.root.display()))
                .help("run gazette serve in the site folder, or pass --root DIR"),
        );
    }
    remove_stale_outputs();
    let tmp = scratch_dir().join(format!("gazette-serve-{}", std::process::id()));
    let _guard = TempOut(tmp.clone());
    // Ctrl-C and kill end the process without running destructors: remove
    // the served copy first (it lives in memory under /dev/shm).
    let on_signal = tmp.clone();
    let _ = ctrlc::set_handler(move || {
        // A rebuild may still be writing: retry until the folder is gone.
        for _ in 0..5 {
            if std::fs::remove_dir_all(&on_signal).is_ok() || !on_signal.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("\nstopped");
        std::process::exit(0);
    });
    let out = tmp.join("site");
    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        changed: Condvar::new(),
        out: out.clone(),
        jobs: Mutex::new(None),
        job_ready: Condvar::new(),
        disk: Mutex::new(search::Disk::default()),
    });

    let addr = format!("{}:{}", opts.bind, opts.port);
    let server = tiny_http::Server::http(&addr).map_err(|e| {
        Diag::error(format!("cannot listen on {addr}: {e}"))
            .help("another program uses the port; pass --port with another number")
    })?;

    // Watch before the first build, so no save is missed.
    let abs_root = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let (tx, rx) = std::sync::mpsc::channel();
    let _watcher = watch::start(&abs_root, tx)?;

    let http_shared = Arc::clone(&shared);
    std::thread::spawn(move || http::run(server, http_shared));
    let search_shared = Arc::clone(&shared);
    std::thread::spawn(move || search::run(&search_shared));
    eprintln!(
        "serving {} at http://{addr}/ (live reload); watching content/, templates/, static/, themes/ and gazette.yaml; Ctrl-C to stop",
        opts.root.display()
    );
    let mut session = rebuild(opts, &shared, "start");

    for changes in watch::batches(&rx, &abs_root) {
        let shown = changes
            .iter()
            .map(|p| p.strip_prefix(&abs_root).unwrap_or(p).display().to_string())
            .take(3)
            .collect::<Vec<_>>()
            .join(", ");
        let start = Instant::now();
        // A search index under way is of the sources before this batch.
        let was_indexing = shared.begin_edit();
        let updated = match session.as_mut() {
            Some(s) => s.update(&abs_root, &changes),
            None => incremental::Update::Full,
        };
        session = match updated {
            incremental::Update::Done(o) => {
                eprintln!(
                    "{shown}: re-rendered {} page{} ({} changed) for {} changed file{} in {} ms",
                    o.rendered,
                    if o.rendered == 1 { "" } else { "s" },
                    o.written,
                    o.files,
                    if o.files == 1 { "" } else { "s" },
                    start.elapsed().as_millis()
                );
                // Pages first; then the index, in the background.
                let index = o.search || was_indexing;
                reload_then_index(&shared, session.as_ref(), None, index);
                session
            }
            incremental::Update::Failed(diags) => {
                // Nothing was applied: the next good save is incremental.
                // The index under way (now stale) is started again.
                report_failure(
                    opts,
                    &shared,
                    &shown,
                    &diags,
                    session.as_ref(),
                    was_indexing,
                );
                session
            }
            incremental::Update::Broken(diags) => {
                // The next good save is a full build, with its index.
                report_failure(opts, &shared, &shown, &diags, None, false);
                None
            }
            incremental::Update::Full => rebuild(opts, &shared, &shown),
        };
    }
    Ok(())
}

/// Where the served site is built: memory-backed /dev/shm when there is
/// one (a rebuild rewrites and then deletes a whole site, which on a disk
/// costs seconds at 10,000 documents), else the system's temporary folder.
fn scratch_dir() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let writable =
        shm.is_dir() && std::fs::metadata(shm).is_ok_and(|m| !m.permissions().readonly());
    if writable {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// A server stopped by a signal leaves its temporary folder behind; remove
/// those of servers that are no longer running (where that can be told).
fn remove_stale_outputs() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(scratch_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix("gazette-serve-") else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Full rebuild into the served folder; the outcome is published to pages.
/// On success, returns the state for the next incremental rebuild.
fn rebuild(opts: &Options, shared: &Shared, why: &str) -> Option<incremental::Session> {
    let start = Instant::now();
    let build_opts = crate::build::Options {
        root: opts.root.clone(),
        out: shared.out.clone(),
        base_url: None,
        pretty_urls: false,
        drafts: opts.drafts,
        progress: false,
        // Serve rebuilds because something changed; no cache check.
        force: true,
    };
    // The full build writes the search index itself: no job may write
    // into the folder it replaces (those under way are stale already).
    let mut disk = shared.disk.lock().unwrap_or_else(|e| e.into_inner());
    match crate::build::build_keeping(&build_opts) {
        Ok((summary, kept)) => {
            // Feeds are not what a local preview is for.
            let warnings: Vec<Diag> = summary
                .warnings
                .into_iter()
                .filter(|d| !d.message.starts_with("base_url is not set"))
                .collect();
            if !warnings.is_empty() {
                eprint!("{}", crate::diag::render(&warnings, opts.color));
            }
            eprintln!(
                "{why}: rebuilt {} documents, {} pages in {} ms",
                summary.documents,
                summary.pages,
                start.elapsed().as_millis()
            );
            // Keep what the build computed for the next edit.
            let mut session = incremental::Session::from_build(&build_opts, kept);
            disk.hashes = session.take_search_hashes();
            disk.state = session.take_search_state();
            drop(disk);
            shared.publish(None, false);
            Some(session)
        }
        Err(diags) => {
            // The last good site is still served, with its index.
            drop(disk);
            report_failure(opts, shared, why, &diags, None, false);
            None
        }
    }
}

/// Publishes a good rebuild (or, with `error`, a failed one that changed
/// nothing) to the pages at once; then, when `index` and the site has a
/// search index, queues the index of `session` as it is now.
fn reload_then_index(
    shared: &Shared,
    session: Option<&incremental::Session>,
    error: Option<String>,
    index: bool,
) {
    let index = index && session.is_some_and(incremental::Session::has_search);
    shared.publish(error, index);
    let start = Instant::now();
    if let Some(docs) = session.filter(|_| index).and_then(|s| s.search_docs()) {
        shared.submit_search(docs);
        if std::env::var_os("GAZETTE_SERVE_TIMINGS").is_some() {
            eprintln!(
                "  search inputs captured in {:.1} ms",
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}

fn report_failure(
    opts: &Options,
    shared: &Shared,
    why: &str,
    diags: &[Diag],
    session: Option<&incremental::Session>,
    index: bool,
) {
    eprint!("{}", crate::diag::render(diags, opts.color));
    let errors = diags.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "{why}: build failed with {errors} error{}; still serving the last good build",
        if errors == 1 { "" } else { "s" }
    );
    let error = Some(crate::diag::render(diags, false));
    reload_then_index(shared, session, error, index);
}

/// Maps a URL path to a file of the output, refusing to leave it.
pub fn resolve(out: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path);
    let mut p = out.to_path_buf();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') => return None,
            s => p.push(s),
        }
    }
    if p.is_dir() {
        p.push("index.html");
    }
    p.is_file().then_some(p)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_stay_inside_the_output() {
        let dir = std::env::temp_dir().join(format!("gz-resolve-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("a/index.html"), "x").unwrap();
        std::fs::write(dir.join("index.html"), "x").unwrap();
        assert_eq!(resolve(&dir, "/"), Some(dir.join("index.html")));
        assert_eq!(resolve(&dir, "/a/?q=1"), Some(dir.join("a/index.html")));
        assert_eq!(
            resolve(&dir, "/a/index.html"),
            Some(dir.join("a/index.html"))
        );
        assert_eq!(resolve(&dir, "/../etc/passwd"), None);
        assert_eq!(resolve(&dir, "/%2e%2e/x"), None);
        assert_eq!(resolve(&dir, "/nope"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

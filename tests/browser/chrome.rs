//! Finding and starting headless Chromium for the browser tests.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Flags for a headless run as root on a machine with no network: without
/// the background-networking ones Chromium keeps trying to reach Google.
pub const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Debian's Chromium, or `None` (with a note) when it is missing. Under
/// `CI=true` a missing Chromium fails the test instead of skipping it.
pub fn find() -> Option<PathBuf> {
    let found = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists());
    if found.is_none() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI=true but Chromium is missing: install Debian's `chromium` package"
        );
        eprintln!(
            "note: Chromium not found; skipping the browser test (CI=true makes this a failure)"
        );
    }
    found
}

/// A command running `chrome` with [`FLAGS`] and a fresh profile; keep the
/// returned folder alive while the command runs.
#[allow(dead_code)] // not every test binary starts Chromium this way
pub fn command(chrome: &Path) -> (Command, tempfile::TempDir) {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(chrome);
    cmd.args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()));
    (cmd, profile)
}

//! A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe`
//! (fd 3: commands, fd 4: replies, NUL-separated JSON), for tests that need
//! a page in real time: measurements (`--dump-dom` ends at the load event,
//! `--virtual-time-budget` makes the clock virtual) and pages that change
//! by themselves (live reload).
//!
//! Include it next to `chrome.rs` (it uses `crate::chrome`):
//! `#[path = "browser/chrome.rs"] mod chrome;`
//! `#[path = "browser/cdp.rs"] mod cdp;`

// Each test binary uses only some of it.
#![allow(dead_code)]

use crate::chrome;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Cdp {
    child: std::process::Child,
    to: std::process::ChildStdin,
    from: std::io::BufReader<std::process::ChildStdout>,
    next: u64,
    _profile: tempfile::TempDir,
}

impl Cdp {
    pub fn start(chrome: &Path) -> Cdp {
        use std::process::Stdio;
        let profile = tempfile::tempdir().unwrap();
        // The shell maps our pipes onto the file descriptors Chromium uses.
        let cmd = format!(
            "exec '{}' {} --user-data-dir='{}' --remote-debugging-pipe about:blank 3<&0 4>&1 0</dev/null 1>/dev/null 2>/dev/null",
            chrome.display(),
            chrome::FLAGS.join(" "),
            profile.path().display()
        );
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let to = child.stdin.take().unwrap();
        let from = std::io::BufReader::new(child.stdout.take().unwrap());
        Cdp {
            child,
            to,
            from,
            next: 1,
            _profile: profile,
        }
    }

    /// Sends a command and returns its result, or the protocol's error
    /// (e.g. an evaluation in a page that is being replaced).
    pub fn try_call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, Value> {
        use std::io::{BufRead, Write};
        let id = self.next;
        self.next += 1;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).unwrap();
        self.to.flush().unwrap();
        loop {
            let mut buf = Vec::new();
            let n = self.from.read_until(0, &mut buf).unwrap();
            assert!(n > 0, "chromium closed the pipe");
            buf.pop();
            let v: Value = serde_json::from_slice(&buf).unwrap();
            if v["id"] == json!(id) {
                return match v.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(v["result"].clone()),
                };
            }
        }
    }

    /// [`Cdp::try_call`] that fails the test on a protocol error.
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.try_call(session, method, params)
            .unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    /// Opens `url` in a new tab and waits (up to 15 s) until it has loaded;
    /// returns the tab's session id. Callers check the page's content
    /// themselves (a URL may not read back exactly as written).
    pub fn open(&mut self, url: &str) -> String {
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        let session = attached["sessionId"].as_str().unwrap().to_string();
        self.call(Some(&session), "Page.navigate", json!({"url": url}));
        let want = format!("{url} complete");
        self.wait_for(&session, Duration::from_secs(15), |cdp, s| {
            cdp.eval(s, "location.href + ' ' + document.readyState")
                .is_some_and(|v| v.as_str() == Some(want.as_str()))
        });
        session
    }

    /// Evaluates `expr` in the tab and returns its value (JSON), or `None`
    /// when it could not be evaluated (the page is being replaced) or threw.
    pub fn eval(&mut self, session: &str, expr: &str) -> Option<Value> {
        let r = self
            .try_call(
                Some(session),
                "Runtime.evaluate",
                json!({"expression": expr, "returnByValue": true}),
            )
            .ok()?;
        if r.get("exceptionDetails").is_some() {
            return None;
        }
        Some(r["result"]["value"].clone())
    }

    /// Polls `check` every 20 ms until it holds or `timeout` passes;
    /// returns whether it held.
    pub fn wait_for(
        &mut self,
        session: &str,
        timeout: Duration,
        mut check: impl FnMut(&mut Cdp, &str) -> bool,
    ) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if check(self, session) {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Opens the file `page`, waits for it to load, and awaits
    /// `window.OUT_PROMISE`.
    pub fn run(&mut self, page: &Path) -> Value {
        let url = format!("file://{}", page.display());
        let session = self.open(&url);
        let r = self.call(
            Some(&session),
            "Runtime.evaluate",
            json!({"expression": "window.OUT_PROMISE.then(function (x) { return JSON.stringify(x); })",
                   "awaitPromise": true, "returnByValue": true}),
        );
        serde_json::from_str(r["result"]["value"].as_str().expect("page result")).unwrap()
    }
}

impl Drop for Cdp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! The HTTP side: static files of the last good build, the live-reload
//! script injected into HTML pages, and the long-poll endpoint.

use super::Shared;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Request, Response, Server};

/// How long a poll waits for a new build before answering "no change".
const POLL: Duration = Duration::from_secs(25);

pub const POLL_PATH: &str = "/__gazette/poll";

pub fn run(server: Server, shared: Arc<Shared>) {
    for req in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || handle(req, &shared));
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn handle(req: Request, shared: &Shared) {
    let url = req.url().to_string();
    if let Some(query) = url.strip_prefix(POLL_PATH) {
        let param = |name: &str| {
            query
                .trim_start_matches('?')
                .split('&')
                .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
                .and_then(|v| v.parse::<u64>().ok())
        };
        // `v`: the build the page shows; `s` (optional): the search index
        // it knows of — a new index answers the poll too.
        let seen = param("v").unwrap_or(u64::MAX);
        let s = shared.wait(seen, param("s"), POLL);
        let body = serde_json::json!({
            "version": s.version,
            "error": s.error,
            "search": s.search,
            "indexing": s.indexing,
        })
        .to_string();
        let _ = req.respond(
            Response::from_string(body)
                .with_header(header("Content-Type", "application/json"))
                .with_header(header("Cache-Control", "no-store")),
        );
        return;
    }
    let (status, path) = match super::resolve(&shared.out, &url) {
        Some(p) => (200, Some(p)),
        None => (404, super::resolve(&shared.out, "/404.html")),
    };
    let Some(path) = path else {
        let _ = req.respond(Response::from_string("not found").with_status_code(404));
        return;
    };
    let Ok(mut bytes) = std::fs::read(&path) else {
        // The build is swapping folders: ask the browser to retry.
        let _ = req.respond(
            Response::from_string("rebuilding, retry")
                .with_status_code(503)
                .with_header(header("Retry-After", "1")),
        );
        return;
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "html" {
        let s = shared.current();
        bytes = inject(&bytes, s.version, s.search, s.error.as_deref());
    }
    let _ = req.respond(
        Response::from_data(bytes)
            .with_status_code(status)
            .with_header(header("Content-Type", content_type(&ext)))
            .with_header(header("Cache-Control", "no-store")),
    );
}

fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The live-reload script: long-polls for a new build; reloads the page on
/// a good one, shows the error over the page on a bad one. A new search
/// index (written in the background after the pages) reloads only the
/// pages that loaded the search engine (the search page).
pub fn script(version: u64, search: u64, error: Option<&str>) -> String {
    let err = serde_json::to_string(&error).unwrap_or_else(|_| "null".into());
    // `</` cannot end the script early inside a JSON string.
    let err = err.replace("</", "<\\/");
    format!(
        r#"<script id="gazette-live-reload">(function(){{
var v={version},s={search},err={err};
var engine=!!document.querySelector('script[src*="gazette-search"]');
function overlay(e){{var d=document.getElementById('gazette-error');
if(!e){{if(d)d.remove();return}}
if(!d){{d=document.createElement('pre');d.id='gazette-error';
d.style.cssText='position:fixed;inset:0;margin:0;z-index:2147483647;background:rgba(30,0,0,.94);color:#ffd7d7;font:13px/1.5 ui-monospace,monospace;padding:2em;overflow:auto;white-space:pre-wrap';
document.body.appendChild(d)}}
d.textContent='gazette: the build failed. Fix the file and save: this page reloads by itself.\n\n'+e}}
overlay(err);
function poll(){{fetch('{POLL_PATH}?v='+v+'&s='+s,{{cache:'no-store'}}).then(function(r){{return r.json()}}).then(function(a){{
if(a.version!==v){{v=a.version;s=a.search;err=a.error;if(a.error){{overlay(a.error)}}else{{location.reload();return}}}}
else if(a.search!==s){{s=a.search;if(engine&&!err){{location.reload();return}}}}
poll()}}).catch(function(){{setTimeout(poll,1000)}})}}
poll()}})();</script>"#
    )
}

fn inject(html: &[u8], version: u64, search: u64, error: Option<&str>) -> Vec<u8> {
    let s = script(version, search, error);
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + s.len());
    out.push_str(&text[..at]);
    out.push_str(&s);
    out.push_str(&text[at..]);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_body_end_and_escapes_errors() {
        let out = inject(b"<html><body>x</body></html>", 3, 1, Some("</script><b>"));
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("var v=3"));
        assert!(s.ends_with("</script></body></html>"));
        assert!(!s.contains("</script><b>"));
    }
}

//! `pressroom serve`: build into a private folder, serve it on localhost,
//! watch the archive and rebuild on change, and reload open pages.
//!
//! Watching is done by polling file sizes and modification times (cheap,
//! portable, no platform watcher quirks); when only transcripts changed,
//! the rebuild is told which, so it looks at those files only. Pages get a small script that
//! asks `/__pressroom/status` for the build version every second: a new
//! version reloads the page, a failed build shows its error in the page
//! while the last good site keeps being served.

use anyhow::{anyhow, Context, Result};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use crate::incremental::{self, Cache};
use crate::progress::{Reporter, Verbosity};

/// Prefix of the URLs the preview server answers itself.
const INTERNAL: &str = "/__pressroom/";

/// The live-reload client injected into every HTML page.
const LIVE_JS: &str = r#"(function () {
  "use strict";
  var version = null, banner = null;
  function show(error) {
    if (!error) { if (banner) { banner.remove(); banner = null; } return; }
    if (!banner) {
      banner = document.createElement("div");
      banner.setAttribute("role", "alert");
      banner.style.cssText = "position:fixed;inset:0 0 auto 0;z-index:9999;background:#7a0010;color:#fff;padding:1rem;font:14px/1.4 monospace;white-space:pre-wrap;max-height:60vh;overflow:auto";
      document.body.appendChild(banner);
    }
    banner.textContent = "pressroom: the last build failed; showing the previous site.\n\n" + error;
  }
  function poll() {
    fetch("/__pressroom/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (version !== null && s.version !== version) { window.location.reload(); return; }
      version = s.version;
      show(s.error);
    }).catch(function () {}).then(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

/// What the server tells pages about the build.
#[derive(Debug, Clone, Default, serde::Serialize)]
struct Status {
    /// Bumped after every successful build.
    version: u64,
    /// The version whose search index is written too.
    indexed: u64,
    /// The error of the last build, when it failed.
    error: Option<String>,
}

/// Runs the preview server until the process is stopped. After a change,
/// only what it touched is rebuilt: the pages first (open pages reload),
/// then the search index.
pub fn run(root: &Path, output: Option<&Path>, interface: &str, port: u16, verbosity: Verbosity) -> Result<()> {
    let out = match output {
        Some(o) => o.to_path_buf(),
        None => std::env::temp_dir().join(format!("pressroom-serve-{}", std::process::id())),
    };
    let status = Arc::new(Mutex::new(Status::default()));
    let mut cache = Cache::default();
    let say = |line: &str| {
        if verbosity != Verbosity::Quiet {
            println!("{line}");
        }
    };
    // Taken before the first build, so a change made during it is seen.
    let mut last = snapshot(root);
    rebuild(root, &out, &mut cache, &status, verbosity);

    let server = tiny_http::Server::http((interface, port)).map_err(|e| anyhow!("cannot listen on {interface}:{port}: {e} (try another --port)"))?;
    let addr = server.server_addr().to_ip().context("the server has no IP address")?;
    let server = Arc::new(server);
    for _ in 0..4 {
        let (server, out, status) = (server.clone(), out.clone(), status.clone());
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                let _ = respond(request, &out, &status);
            }
        });
    }
    say(&format!("Serving {} at http://{addr}/", root.display()));
    say("Watching content/, templates/, static/ and site.toml for changes. Press Ctrl-C to stop.");

    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = snapshot(root);
        if now != last {
            // Only content files changed: the build looks at those only.
            let changed = differences(&last, &now);
            if changed.iter().all(|p| p.starts_with(root.join("content"))) {
                cache.expect_changes(changed);
            }
            last = now;
            rebuild(root, &out, &mut cache, &status, verbosity);
        }
    }
}

/// Builds once and records the outcome; a failed build forgets the cache,
/// so the next one starts afresh.
fn rebuild(root: &Path, out: &Path, cache: &mut Cache, status: &Mutex<Status>, verbosity: Verbosity) {
    let reporter = if verbosity == Verbosity::Verbose { Reporter::new(verbosity) } else { Reporter::silent() };
    let result = incremental::build(cache, root, out, &reporter);
    reporter.finish();
    let pages_ms = reporter.elapsed().as_millis();
    {
        let mut s = status.lock().expect("status lock");
        match &result {
            Ok(_) => {
                s.version += 1;
                s.error = None;
            }
            Err(e) => {
                let message = format!("{e:#}");
                eprintln!("error: {message}");
                s.error = Some(message);
            }
        }
    }
    if result.is_err() {
        *cache = Cache::default();
        return;
    }
    match incremental::build_search(cache, out) {
        Ok(()) => {
            let mut s = status.lock().expect("status lock");
            s.indexed = s.version;
        }
        Err(e) => {
            let message = format!("cannot update the search index: {e:#}");
            eprintln!("error: {message}");
            status.lock().expect("status lock").error = Some(message);
            *cache = Cache::default();
        }
    }
    if verbosity != Verbosity::Quiet {
        println!("Built in {pages_ms} ms (search index updated after {} ms).", reporter.elapsed().as_millis());
    }
}

/// Sizes and modification times of the watched files, by path.
type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// The watched files (`content/`, `templates/`, `static/`, `site.toml`)
/// with their sizes and modification times.
fn snapshot(root: &Path) -> Snapshot {
    let mut files = Snapshot::new();
    for dir in ["content", "templates", "static"] {
        for e in walkdir::WalkDir::new(root.join(dir)).into_iter().filter_map(Result::ok) {
            if let Ok(m) = e.metadata() {
                files.insert(e.path().to_path_buf(), (m.len(), m.modified().ok()));
            }
        }
    }
    if let Ok(m) = std::fs::metadata(root.join("site.toml")) {
        files.insert(root.join("site.toml"), (m.len(), m.modified().ok()));
    }
    files
}

/// The paths added, changed or removed between two snapshots.
fn differences(before: &Snapshot, now: &Snapshot) -> Vec<PathBuf> {
    let changed = now.iter().filter(|(p, s)| before.get(*p) != Some(s)).map(|(p, _)| p.clone());
    let removed = before.keys().filter(|p| !now.contains_key(*p)).cloned();
    changed.chain(removed).collect()
}

/// Decodes `%XX` escapes of a URL path.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The file a URL path names inside `out`, if it stays inside.
fn resolve_path(out: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path);
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(out.join(rel))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Answers one request.
fn respond(request: tiny_http::Request, out: &Path, status: &Mutex<Status>) -> std::io::Result<()> {
    let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if let Some(internal) = url.strip_prefix(INTERNAL) {
        return match internal {
            "status" => {
                let body = serde_json::to_string(&*status.lock().expect("status lock")).unwrap_or_default();
                request.respond(tiny_http::Response::from_string(body).with_header(header("Content-Type", "application/json")).with_header(header("Cache-Control", "no-store")))
            }
            "live.js" => request.respond(tiny_http::Response::from_string(LIVE_JS).with_header(header("Content-Type", "text/javascript; charset=utf-8"))),
            _ => request.respond(tiny_http::Response::from_string("not found").with_status_code(404)),
        };
    }
    let Some(mut path) = resolve_path(out, &url) else {
        return request.respond(tiny_http::Response::from_string("bad path").with_status_code(400));
    };
    if path.is_dir() {
        if !url.ends_with('/') {
            let location = format!("{url}/");
            return request.respond(tiny_http::Response::empty(301).with_header(header("Location", &location)));
        }
        path = path.join("index.html");
    }
    let (path, code) = if path.is_file() { (path, 200) } else { (out.join("404.html"), 404) };
    let Ok(mut bytes) = std::fs::read(&path) else {
        return request.respond(tiny_http::Response::from_string("not built yet").with_status_code(503));
    };
    let kind = content_type(&path);
    if kind.starts_with("text/html") {
        bytes = inject_live_reload(bytes);
    }
    request.respond(
        tiny_http::Response::from_data(bytes)
            .with_status_code(code)
            .with_header(header("Content-Type", kind))
            .with_header(header("Cache-Control", "no-store")),
    )
}

/// Adds the live-reload script before `</body>`.
fn inject_live_reload(html: Vec<u8>) -> Vec<u8> {
    let tag = b"<script src=\"/__pressroom/live.js\" defer></script>";
    let needle = b"</body>";
    match html.windows(needle.len()).rposition(|w| w == needle) {
        Some(i) => [&html[..i], tag.as_slice(), &html[i..]].concat(),
        None => [html.as_slice(), tag.as_slice()].concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        let out = Path::new("/srv/site");
        assert_eq!(resolve_path(out, "/a/b.html"), Some(PathBuf::from("/srv/site/a/b.html")));
        assert_eq!(resolve_path(out, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve_path(out, "/../x"), None);
        assert_eq!(resolve_path(out, "/caf%C3%A9/"), Some(PathBuf::from("/srv/site/café")));
    }

    #[test]
    fn injects_before_body_end() {
        let html = inject_live_reload(b"<html><body>x</body></html>".to_vec());
        assert!(String::from_utf8(html).unwrap().contains("x<script src=\"/__pressroom/live.js\" defer></script></body>"));
    }
}

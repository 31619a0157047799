//! `pressroom serve`: build into a private folder, serve it on localhost,
//! watch the archive and rebuild on change, and reload open pages.
//!
//! Watching is done by polling file sizes and modification times (cheap,
//! portable, no platform watcher quirks); when only transcripts changed,
//! the rebuild is told which, so it looks at those files only. Pages get a small script that
//! asks `/__pressroom/status` for the build version every second: a new
//! version reloads the page, a failed build shows its error in the page
//! while the last good site keeps being served.
//!
//! The server is a small HTTP/1.1 one of its own (requests parsed by
//! httparse), made to be left running on a laptop: a fixed pool of
//! [`WORKERS`] threads, request heads of at most [`MAX_HEAD`] bytes sent
//! within [`HEAD_TIMEOUT`], one request per connection, GET and HEAD only.
//! Bound to a loopback address, it answers only requests whose `Host` is a
//! loopback name, so a web page elsewhere cannot read the preview through
//! DNS rebinding. Its private output folder is removed on Ctrl-C or
//! SIGTERM.

use anyhow::{anyhow, Context, Result};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::incremental::{self, Cache};
use crate::progress::{Reporter, Verbosity};

/// Prefix of the URLs the preview server answers itself.
const INTERNAL: &str = "/__pressroom/";

/// Threads answering requests. Connections beyond them wait in a queue of
/// [`QUEUE`], then in the system's backlog: never a thread per connection.
const WORKERS: usize = 8;
/// Accepted connections waiting for a worker.
const QUEUE: usize = 64;
/// Largest request head (request line and headers), in bytes.
const MAX_HEAD: usize = 16 * 1024;
/// Most headers in a request.
const MAX_HEADERS: usize = 64;
/// Time a client has to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

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
    // The private folder holds the site and what the build keeps beside it
    // (staging, lock), so removing it leaves nothing behind.
    let private = std::env::temp_dir().join(format!("pressroom-serve-{}", std::process::id()));
    let out = match output {
        Some(o) => o.to_path_buf(),
        None => {
            let folder = private.clone();
            ctrlc::set_handler(move || {
                remove_private(&folder);
                std::process::exit(130);
            })
            .context("cannot watch for Ctrl-C")?;
            private.join("site")
        }
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

    let listener = TcpListener::bind((interface, port)).map_err(|e| anyhow!("cannot listen on {interface}:{port}: {e} (try another --port)"))?;
    let addr = listener.local_addr().context("the server has no address")?;
    start_server(listener, Site { out: out.clone(), status: status.clone(), hosts: loopback_hosts(addr) });
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

/// Removes the private folder of `serve`; a build may still be writing
/// into it, so it tries again for a moment.
fn remove_private(folder: &Path) {
    for _ in 0..50 {
        match std::fs::remove_dir_all(folder) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => std::thread::sleep(Duration::from_millis(20)),
            _ => return,
        }
    }
}

/// What the workers serve.
struct Site {
    /// The built site.
    out: PathBuf,
    status: Arc<Mutex<Status>>,
    /// The `Host` values answered (`None`: any, when bound to a public
    /// address on purpose).
    hosts: Option<Vec<String>>,
}

/// For a server bound to a loopback address, the `Host` values it answers:
/// `localhost`, the address itself and the other loopback addresses, with
/// and without the port. Any other name pointing at it (DNS rebinding) is
/// refused.
fn loopback_hosts(addr: SocketAddr) -> Option<Vec<String>> {
    if !addr.ip().is_loopback() {
        return None;
    }
    let names = ["localhost".to_string(), "127.0.0.1".to_string(), "[::1]".to_string(), match addr.ip() {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    }];
    Some(names.iter().flat_map(|n| [n.clone(), format!("{n}:{}", addr.port())]).collect())
}

/// Accepts connections on a thread of its own and answers them with
/// [`WORKERS`] threads.
fn start_server(listener: TcpListener, site: Site) {
    let (queue, waiting) = mpsc::sync_channel::<TcpStream>(QUEUE);
    let waiting = Arc::new(Mutex::new(waiting));
    let site = Arc::new(site);
    for _ in 0..WORKERS {
        let (waiting, site) = (waiting.clone(), site.clone());
        std::thread::spawn(move || loop {
            let next = waiting.lock().expect("no worker panics holding the queue").recv();
            let Ok(stream) = next else { return };
            let _ = answer_connection(stream, &site);
        });
    }
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if queue.send(stream).is_err() {
                return;
            }
        }
    });
}

/// An HTTP response.
struct Response {
    code: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn new(code: u16, kind: &str, body: impl Into<Vec<u8>>) -> Response {
        Response { code, headers: vec![("Content-Type", kind.to_string()), ("Cache-Control", "no-store".into())], body: body.into() }
    }

    fn text(code: u16, body: &str) -> Response {
        Response::new(code, "text/plain; charset=utf-8", body)
    }
}

/// Reads one request from `stream` and answers it.
fn answer_connection(mut stream: TcpStream, site: &Site) -> std::io::Result<()> {
    let (response, head_only) = match read_head(&mut stream) {
        Ok(head) => match parse_head(&head) {
            Ok((method, target, host)) => (answer(&method, &target, host.as_deref(), site), method == "HEAD"),
            Err(response) => (response, false),
        },
        Err(response) => (response, false),
    };
    stream.set_write_timeout(Some(HEAD_TIMEOUT))?;
    let reason = match response.code {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
    let mut head = format!("HTTP/1.1 {} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n", response.code, response.body.len());
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

/// Reads a request head (up to the blank line), at most [`MAX_HEAD`] bytes
/// within [`HEAD_TIMEOUT`].
fn read_head(stream: &mut TcpStream) -> std::result::Result<Vec<u8>, Response> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(Response::text(408, "request head too slow"));
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Err(Response::text(400, "incomplete request")),
            Ok(n) => n,
            Err(_) => return Err(Response::text(408, "request head too slow")),
        };
        // Look for the blank line from just before what was read.
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        if head[from..].windows(4).any(|w| w == b"\r\n\r\n") || head[from..].windows(2).any(|w| w == b"\n\n") {
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(Response::text(431, "request head too large"));
        }
    }
}

/// The method, target and `Host` of a request head.
fn parse_head(head: &[u8]) -> std::result::Result<(String, String, Option<String>), Response> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Err(httparse::Error::TooManyHeaders) => return Err(Response::text(431, "too many headers")),
        _ => return Err(Response::text(400, "bad request")),
    }
    let method = request.method.unwrap_or_default().to_string();
    let target = request.path.unwrap_or("/").to_string();
    let host = request.headers.iter().find(|h| h.name.eq_ignore_ascii_case("host")).map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase());
    Ok((method, target, host))
}

/// Answers a request for `target`.
fn answer(method: &str, target: &str, host: Option<&str>, site: &Site) -> Response {
    if let (Some(allowed), Some(host)) = (&site.hosts, host) {
        if !allowed.iter().any(|a| a == host) {
            return Response::text(403, "this preview server answers only to localhost");
        }
    }
    if method != "GET" && method != "HEAD" {
        let mut r = Response::text(405, "only GET and HEAD");
        r.headers.push(("Allow", "GET, HEAD".into()));
        return r;
    }
    respond(target, &site.out, &site.status)
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
        for e in walkdir::WalkDir::new(root.join(dir)).follow_links(true).into_iter().filter_map(Result::ok) {
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

/// Answers a request for the URL `url` (path and query) from the site in
/// `out`.
fn respond(url: &str, out: &Path, status: &Mutex<Status>) -> Response {
    let url = url.split(['?', '#']).next().unwrap_or("/");
    if let Some(internal) = url.strip_prefix(INTERNAL) {
        return match internal {
            "status" => Response::new(200, "application/json", serde_json::to_string(&*status.lock().expect("status lock")).unwrap_or_default()),
            "live.js" => Response::new(200, "text/javascript; charset=utf-8", LIVE_JS),
            _ => Response::text(404, "not found"),
        };
    }
    let Some(mut path) = resolve_path(out, url) else {
        return Response::text(400, "bad path");
    };
    if path.is_dir() {
        if !url.ends_with('/') {
            // Built from the folder's path, so it names this server:
            // `//archive` redirects to `/archive/`, never to a host.
            let rel = path.strip_prefix(out).unwrap_or(Path::new(""));
            let mut r = Response::new(301, "text/plain; charset=utf-8", "");
            r.headers.push(("Location", location(rel)));
            return r;
        }
        path = path.join("index.html");
    }
    let (path, code) = if path.is_file() { (path, 200) } else { (out.join("404.html"), 404) };
    let Ok(mut bytes) = std::fs::read(&path) else {
        return Response::text(503, "not built yet");
    };
    let kind = content_type(&path);
    if kind.starts_with("text/html") {
        bytes = inject_live_reload(bytes);
    }
    Response::new(code, kind, bytes)
}

/// The URL path of a folder of the site (`a/b` → `/a/b/`), percent-encoded
/// but for letters, digits, `-._~` and the separating `/`.
fn location(rel: &Path) -> String {
    let mut out = String::from("/");
    for part in rel.iter() {
        for b in part.to_string_lossy().bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out.push('/');
    }
    out
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
    fn redirects_name_a_path_of_this_server() {
        assert_eq!(location(Path::new("archive")), "/archive/");
        assert_eq!(location(Path::new("a b/\\evil.example")), "/a%20b/%5Cevil.example/");
        assert_eq!(location(Path::new("café")), "/caf%C3%A9/");
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("archive")).unwrap();
        let status = Mutex::new(Status::default());
        for url in ["//archive", "/archive", "//archive?x=//evil"] {
            let r = respond(url, tmp.path(), &status);
            assert_eq!(r.code, 301);
            assert!(r.headers.contains(&("Location", "/archive/".to_string())), "{url}");
        }
    }

    #[test]
    fn loopback_servers_answer_only_loopback_names() {
        let hosts = loopback_hosts("127.0.0.1:1111".parse().unwrap()).unwrap();
        for ok in ["localhost", "localhost:1111", "127.0.0.1:1111", "[::1]:1111"] {
            assert!(hosts.iter().any(|h| h == ok), "{ok}");
        }
        assert!(!hosts.iter().any(|h| h.contains("evil")));
        let site = Site { out: PathBuf::from("/nonexistent"), status: Arc::new(Mutex::new(Status::default())), hosts: Some(hosts) };
        assert_eq!(answer("GET", "/", Some("evil.example:1111"), &site).code, 403);
        assert_eq!(answer("GET", "/__pressroom/status", Some("localhost:1111"), &site).code, 200);
        assert!(loopback_hosts("0.0.0.0:1111".parse().unwrap()).is_none(), "a public bind answers any name");
    }

    #[test]
    fn injects_before_body_end() {
        let html = inject_live_reload(b"<html><body>x</body></html>".to_vec());
        assert!(String::from_utf8(html).unwrap().contains("x<script src=\"/__pressroom/live.js\" defer></script></body>"));
    }
}

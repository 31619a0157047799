//! `pressroom serve` against hostile clients (issue 18): bounded request
//! heads, no redirect to another host, only loopback `Host` names on a
//! loopback address (DNS rebinding), a fixed number of threads whatever the
//! number of connections, and its private folder removed on Ctrl-C or
//! SIGTERM.

mod common;
use common::archive;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const GOOD: &[u8] = b"+++\ntitle = \"Good\"\ndate = 2022-01-01\n+++\n\nQ: A question?\n\nTHE MINISTER: An answer.\n";

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    /// Stops the server as Ctrl-C would (so it removes its private folder),
    /// or kills it.
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
            let start = Instant::now();
            while self.child.try_wait().ok().flatten().is_none() && start.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.trim_end_matches('/').to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr }
}

/// Sends `request` as it is; returns the raw response.
fn send(addr: &str, request: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = s.write_all(request);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

fn status(response: &str) -> u16 {
    response.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

/// A line of /proc/<pid>/status, as a number (`Threads`, `VmRSS` in kB).
fn proc_status(pid: u32, key: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = text.lines().find(|l| l.starts_with(key)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn no_redirect_leaves_the_server_and_only_loopback_hosts_are_answered() {
    let tmp = archive(&[("2022-01-01-good.md", GOOD)]);
    let server = serve(tmp.path());
    let addr = &server.addr;
    let ok = send(addr, format!("GET /2022-01-01-good/ HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes());
    assert_eq!(status(&ok), 200, "{ok}");
    assert!(ok.contains("An answer."));
    // `//archive` is the folder archive/ of this server: never `//archive/`,
    // which a browser reads as the host `archive`.
    for (path, location) in [("//archive", "/archive/"), ("/archive", "/archive/"), ("///archive", "/archive/"), ("/%2Farchive", "/archive/")] {
        let r = send(addr, format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes());
        assert_eq!(status(&r), 301, "{path}: {r}");
        assert!(r.contains(&format!("\r\nLocation: {location}\r\n")), "{path}: {r}");
    }
    // DNS rebinding: a name that resolves to 127.0.0.1 is not this server.
    for host in ["evil.example", "evil.example:80", &format!("attacker.example:{}", addr.rsplit(':').next().unwrap())] {
        let r = send(addr, format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
        assert_eq!(status(&r), 403, "{host}: {r}");
        assert!(!r.contains("Test archive"), "{r}");
    }
    let port = addr.rsplit(':').next().unwrap();
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), "LOCALHOST".into()] {
        assert_eq!(status(&send(addr, format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())), 200, "{host}");
    }
    assert_eq!(status(&send(addr, b"POST / HTTP/1.1\r\nHost: localhost\r\n\r\n")), 405);
    let head = send(addr, format!("HEAD / HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes());
    assert!(status(&head) == 200 && head.ends_with("\r\n\r\n"), "HEAD has no body: {head}");
}

#[cfg(target_os = "linux")]
#[test]
fn request_heads_are_bounded_and_connections_share_a_few_threads() {
    let tmp = archive(&[("2022-01-01-good.md", GOOD)]);
    let server = serve(tmp.path());
    let (addr, pid) = (server.addr.clone(), server.child.id());
    let rss_before = proc_status(pid, "VmRSS");
    // A 50 MB header: refused after the first few KB, memory untouched.
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ").unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..50 {
        if s.write_all(&chunk).is_err() {
            break;
        }
    }
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    assert_eq!(status(&raw), 431, "{raw}");
    let many_headers: String = (0..200).map(|i| format!("X-{i}: 1\r\n")).collect();
    assert_eq!(status(&send(&addr, format!("GET / HTTP/1.1\r\nHost: localhost\r\n{many_headers}\r\n").as_bytes())), 431);
    // 150 idle connections (more than workers and queue together): the thread count stays that of the pool, and
    // the connections beyond it wait their turn.
    let threads_before = proc_status(pid, "Threads");
    let idle: Vec<TcpStream> = (0..150).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(500));
    let threads = proc_status(pid, "Threads");
    assert!(threads <= threads_before + 1, "{threads_before} threads became {threads} for 150 connections");
    let rss = proc_status(pid, "VmRSS");
    assert!(rss < rss_before + 64 * 1024, "memory grew from {rss_before} kB to {rss} kB");
    drop(idle);
    // Once they are gone, the server answers again.
    let start = Instant::now();
    let r = send(&addr, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!(status(&r), 200, "{r}");
    assert!(start.elapsed() < Duration::from_secs(15));
}

#[cfg(unix)]
#[test]
fn the_private_folder_is_removed_on_ctrl_c_and_sigterm() {
    let tmp = archive(&[("2022-01-01-good.md", GOOD)]);
    for signal in ["-INT", "-TERM"] {
        let mut server = serve(tmp.path());
        let pid = server.child.id();
        let private = std::env::temp_dir().join(format!("pressroom-serve-{pid}"));
        assert!(private.join("site/index.html").is_file(), "serve builds into {}", private.display());
        let killed = Command::new("kill").args([signal, &pid.to_string()]).status().unwrap();
        assert!(killed.success());
        let start = Instant::now();
        while server.child.try_wait().unwrap().is_none() && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(server.child.try_wait().unwrap().is_some(), "serve stops on {signal}");
        assert!(!PathBuf::from(&private).exists(), "{} is left behind after {signal}", private.display());
    }
}

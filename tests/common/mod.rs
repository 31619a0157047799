//! Helpers shared by the integration tests.

use std::fs;

/// An archive in a temp dir: a minimal `site.toml` and the given content
/// files (paths under `content/`, text or raw bytes).
pub fn archive<B: AsRef<[u8]>>(files: &[(&str, B)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("site.toml"), "title = \"Test archive\"\n").unwrap();
    for (name, bytes) in files {
        let p = tmp.path().join("content").join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    tmp
}

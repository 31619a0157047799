//! Long listings split into pages: `people/<slug>/`, then
//! `people/<slug>/page/2/`, ...

use serde::Serialize;
use std::path::{Path, PathBuf};

/// Items per listing page.
pub const PER_PAGE: usize = 100;

/// Where a listing page sits among its siblings.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// 1-based page number.
    pub page: usize,
    /// Number of pages.
    pub pages: usize,
    /// Number of the first item on this page (for `<ol start>`).
    pub start: usize,
    /// URL of the previous page.
    pub prev: Option<String>,
    /// URL of the next page.
    pub next: Option<String>,
}

/// Splits `items` into pages: (output folder, items of the page, pager).
/// `url` is the listing's URL and `dir` its folder, both for page 1.
pub fn paginate<T: Clone>(items: &[T], url: &str, dir: &Path) -> Vec<(PathBuf, Vec<T>, Pager)> {
    let pages = items.len().div_ceil(PER_PAGE).max(1);
    let page_url = |n: usize| if n == 1 { url.to_string() } else { format!("{url}page/{n}/") };
    (1..=pages)
        .map(|n| {
            let folder = if n == 1 { dir.to_path_buf() } else { dir.join("page").join(n.to_string()) };
            let chunk = items.iter().skip((n - 1) * PER_PAGE).take(PER_PAGE).cloned().collect();
            let pager = Pager {
                page: n,
                pages,
                start: (n - 1) * PER_PAGE + 1,
                prev: (n > 1).then(|| page_url(n - 1)),
                next: (n < pages).then(|| page_url(n + 1)),
            };
            (folder, chunk, pager)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_to_each_other() {
        let items: Vec<usize> = (0..250).collect();
        let pages = paginate(&items, "/people/x/", Path::new("people/x"));
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].0, Path::new("people/x"));
        assert_eq!(pages[2].0, Path::new("people/x/page/3"));
        assert_eq!(pages[1].2.prev.as_deref(), Some("/people/x/"));
        assert_eq!(pages[1].2.next.as_deref(), Some("/people/x/page/3/"));
        assert_eq!(pages[2].1.len(), 50);
        assert_eq!(pages[2].2.start, 201);
        assert_eq!(paginate::<usize>(&[], "/a/", Path::new("a")).len(), 1);
    }
}

//! The layout of a built site: where each file goes, and the URL of each
//! page. Every path and URL of the site is made here.
//!
//! Paths are relative to the output folder (`people/jane-roe/index.html`);
//! URLs are rooted at the site's base path (`/archive/people/jane-roe/`).
//! A page is a folder with an `index.html`, so its URL ends in `/`.
//!
//! ```text
//! index.html feed.xml sitemap.xml robots.txt 404.html .nojekyll
//! <transcript>/                  a transcript
//! <transcript>/qN/               the share page of its exchange N
//! data/<transcript>.json         its open data
//! people/ outlets/ topics/       the listings' indexes
//! people/<slug>/                 a listing: first page, feed.xml,
//! people/<slug>/page/N/          and its later pages
//! archive/ search/ static/
//! ```

use std::path::{Path, PathBuf};

/// The file of a page, in its folder.
pub const INDEX: &str = "index.html";
/// An Atom feed, in the folder of what it follows.
pub const FEED: &str = "feed.xml";
/// The sitemap, at the root.
pub const SITEMAP: &str = "sitemap.xml";
/// For crawlers, at the root.
pub const ROBOTS: &str = "robots.txt";
/// The page a host serves for a missing address.
pub const NOT_FOUND: &str = "404.html";
/// Tells GitHub Pages' branch deploys not to run Jekyll.
pub const NOJEKYLL: &str = ".nojekyll";
/// Every transcript by year.
pub const ARCHIVE: &str = "archive";
/// The search page and its index (the index's files inside are named in
/// `src/search/paths.rs`, which the search client mirrors).
pub const SEARCH: &str = "search";
/// The transcripts as JSON.
pub const DATA: &str = "data";
/// CSS, scripts and the archive's own static files.
pub const STATIC: &str = "static";
/// The folder of a listing's later pages (`people/<slug>/page/2/`).
const PAGE: &str = "page";

/// Names a transcript may not take at the root of the site: the site's own
/// folders and files, and names kept for later ones.
pub const RESERVED: &[&str] = &["people", "outlets", "topics", ARCHIVE, SEARCH, DATA, STATIC, "feeds", "404", "index", "sitemap", "robots"];

/// The kinds of listings: every question of a person, of an outlet, on a
/// topic. Each has a section of the site: an index and a listing per slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Listing {
    Person,
    Outlet,
    Topic,
}

impl Listing {
    /// Every kind.
    pub const ALL: [Listing; 3] = [Listing::Person, Listing::Outlet, Listing::Topic];

    /// The section's folder.
    pub fn folder(self) -> &'static str {
        match self {
            Listing::Person => "people",
            Listing::Outlet => "outlets",
            Listing::Topic => "topics",
        }
    }

    /// The kind whose section is `folder`.
    pub fn of_folder(folder: &str) -> Option<Listing> {
        Listing::ALL.into_iter().find(|l| l.folder() == folder)
    }
}

/// The file of the page in `dir`.
pub fn page(dir: impl AsRef<Path>) -> PathBuf {
    dir.as_ref().join(INDEX)
}

/// The folder of a transcript's page.
pub fn transcript_dir(slug: &str) -> PathBuf {
    PathBuf::from(slug)
}

/// The folder of the share page of exchange `id` (`q3`) of a transcript.
pub fn share_dir(slug: &str, id: &str) -> PathBuf {
    Path::new(slug).join(id)
}

/// The open data of a transcript.
pub fn data_file(slug: &str) -> PathBuf {
    Path::new(DATA).join(format!("{slug}.json"))
}

/// The folder of a listing (its first page).
pub fn listing_dir(kind: Listing, slug: &str) -> PathBuf {
    Path::new(kind.folder()).join(slug)
}

/// The folder of page `n` (from 1) of the listing in `dir`.
pub fn listing_page_dir(dir: &Path, n: usize) -> PathBuf {
    if n == 1 {
        dir.to_path_buf()
    } else {
        dir.join(PAGE).join(n.to_string())
    }
}

/// The sections linked from every page, as templates name them.
pub const SECTIONS: &[&str] = &[ARCHIVE, "people", "outlets", "topics", SEARCH];

/// URLs of the site's pages and files, rooted at its base path.
#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    /// URLs under `base`, a path that starts and ends with `/` (see
    /// [`crate::config::base_path`]).
    pub fn new(base: &str) -> Urls {
        debug_assert!(base.starts_with('/') && base.ends_with('/'), "{base}");
        Urls { base: base.to_string() }
    }

    /// The base path: the home page's URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The URL of the page in folder `dir` (relative to the output folder).
    pub fn page(&self, dir: &Path) -> String {
        let mut url = self.file(dir);
        if !url.ends_with('/') {
            url.push('/');
        }
        url
    }

    /// The URL of a file of the site.
    pub fn file(&self, path: &Path) -> String {
        let parts: Vec<_> = path.iter().map(|p| p.to_string_lossy()).collect();
        format!("{}{}", self.base, parts.join("/"))
    }

    /// A transcript's page.
    pub fn transcript(&self, slug: &str) -> String {
        self.page(&transcript_dir(slug))
    }

    /// The share page of exchange `id` of a transcript.
    pub fn share(&self, slug: &str, id: &str) -> String {
        self.page(&share_dir(slug, id))
    }

    /// A transcript's open data.
    pub fn data(&self, slug: &str) -> String {
        self.file(&data_file(slug))
    }

    /// A listing's first page.
    pub fn listing(&self, kind: Listing, slug: &str) -> String {
        self.page(&listing_dir(kind, slug))
    }

    /// The feed of the page in folder `dir` (the root for the site's feed).
    pub fn feed(&self, dir: &Path) -> String {
        self.file(&dir.join(FEED))
    }
}

/// The parts of a built site, for reporting its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SitePart {
    /// `<transcript>/index.html`.
    Transcripts,
    /// `<transcript>/qN/index.html`.
    SharePages,
    /// `data/`.
    Data,
    /// `search/`.
    Search,
    /// `people/`, `outlets/`, `topics/`.
    Listings,
    /// Everything else: home, archive, feeds, static files.
    Other,
}

impl SitePart {
    /// The part of the site a file belongs to.
    pub fn of(path: &Path) -> SitePart {
        let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
        match parts.as_slice() {
            [SEARCH, ..] => SitePart::Search,
            [DATA, ..] => SitePart::Data,
            [folder, ..] if Listing::of_folder(folder).is_some() => SitePart::Listings,
            [STATIC | ARCHIVE, ..] => SitePart::Other,
            [_, q, INDEX] if q.starts_with('q') && q[1..].bytes().all(|b| b.is_ascii_digit()) => SitePart::SharePages,
            [_, INDEX] => SitePart::Transcripts,
            _ => SitePart::Other,
        }
    }

    /// What to call it in messages.
    pub fn describe(self) -> &'static str {
        match self {
            SitePart::Transcripts => "transcript pages",
            SitePart::SharePages => "share pages (<transcript>/qN/)",
            SitePart::Data => "data/ JSON",
            SitePart::Search => "search index",
            SitePart::Listings => "people, outlet and topic pages",
            SitePart::Other => "other files",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_urls_agree() {
        let urls = Urls::new("/archive/");
        assert_eq!(urls.transcript("2022-01-12-council"), "/archive/2022-01-12-council/");
        assert_eq!(page(transcript_dir("2022-01-12-council")), Path::new("2022-01-12-council/index.html"));
        assert_eq!(urls.share("t", "q3"), "/archive/t/q3/");
        assert_eq!(page(share_dir("t", "q3")), Path::new("t/q3/index.html"));
        assert_eq!(urls.data("t"), "/archive/data/t.json");
        assert_eq!(urls.listing(Listing::Person, "jane-roe"), "/archive/people/jane-roe/");
        assert_eq!(listing_page_dir(&listing_dir(Listing::Outlet, "bbc"), 3), Path::new("outlets/bbc/page/3"));
        assert_eq!(urls.page(&listing_page_dir(&listing_dir(Listing::Topic, "x"), 1)), "/archive/topics/x/");
        assert_eq!(urls.page(Path::new("")), "/archive/");
        assert_eq!(urls.feed(Path::new("")), "/archive/feed.xml");
        assert_eq!(urls.feed(&listing_dir(Listing::Person, "a")), "/archive/people/a/feed.xml");
    }

    #[test]
    fn the_site_s_own_folders_are_reserved() {
        for name in Listing::ALL.map(Listing::folder).iter().chain(SECTIONS).chain(&[DATA, STATIC]) {
            assert!(RESERVED.contains(name), "{name}");
        }
    }
}

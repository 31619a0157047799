//! Listings: what the page of a person, an outlet or a topic lists
//! ([`items`]), and how a long listing is split into pages
//! (`people/<slug>/`, then `people/<slug>/page/2/`, ...).
//!
//! Both the renderer and `serve`'s incremental rebuild read a listing's
//! items from here, so they agree on what each page shows.

use serde::Serialize;
use std::path::{Path, PathBuf};

use crate::layout::{self, Listing, Urls};
use crate::model::Role;
use crate::resolve::{Archive, Outlet, Part, Person};
use crate::topics::Topic;

/// Items per listing page.
pub const PER_PAGE: usize = 100;

/// An item of a listing: transcript index, anchor on its page (`q3`,
/// `opening`), exchange index (none for an opening statement).
pub type ItemRef<'a> = (usize, &'a str, Option<usize>);

/// What a listing is about.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    Person(&'a Person),
    Outlet(&'a Outlet),
    Topic(&'a Topic),
}

impl<'a> Subject<'a> {
    /// The listing of `kind` with this slug, if the archive has one.
    pub fn find(archive: &'a Archive, topics: &'a [Topic], kind: Listing, slug: &str) -> Option<Subject<'a>> {
        match kind {
            Listing::Person => archive.person(slug).map(Subject::Person),
            Listing::Outlet => archive.outlet_by_slug(slug).map(Subject::Outlet),
            Listing::Topic => topics.iter().find(|t| t.slug == slug).map(Subject::Topic),
        }
    }
}

/// The items a listing shows, in order: every question a journalist asked
/// (and every appearance of anyone else: answers, opening statements);
/// every question asked for an outlet; every question on a topic.
pub fn items<'a>(archive: &'a Archive, subject: Subject<'a>) -> Vec<ItemRef<'a>> {
    let question = |&(ti, ei): &(usize, usize)| (ti, archive.transcripts[ti].transcript.exchanges[ei].id.as_str(), Some(ei));
    match subject {
        Subject::Person(p) => {
            let is_press = p.role == Role::Press;
            p.appearances.iter().filter(|a| !is_press || a.part == Part::Asked).map(|a| (a.transcript, a.anchor.as_str(), a.exchange)).collect()
        }
        Subject::Outlet(o) => o.questions.iter().map(question).collect(),
        Subject::Topic(t) => t.exchanges.iter().map(question).collect(),
    }
}

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
/// `dir` is the listing's folder (its first page).
pub fn paginate<T: Clone>(items: &[T], urls: &Urls, dir: &Path) -> Vec<(PathBuf, Vec<T>, Pager)> {
    let pages = items.len().div_ceil(PER_PAGE).max(1);
    let page_url = |n: usize| urls.page(&layout::listing_page_dir(dir, n));
    (1..=pages)
        .map(|n| {
            let chunk = items.iter().skip((n - 1) * PER_PAGE).take(PER_PAGE).cloned().collect();
            let pager = Pager {
                page: n,
                pages,
                start: (n - 1) * PER_PAGE + 1,
                prev: (n > 1).then(|| page_url(n - 1)),
                next: (n < pages).then(|| page_url(n + 1)),
            };
            (layout::listing_page_dir(dir, n), chunk, pager)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_to_each_other() {
        let items: Vec<usize> = (0..250).collect();
        let pages = paginate(&items, &Urls::new("/"), Path::new("people/x"));
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].0, Path::new("people/x"));
        assert_eq!(pages[2].0, Path::new("people/x/page/3"));
        assert_eq!(pages[1].2.prev.as_deref(), Some("/people/x/"));
        assert_eq!(pages[1].2.next.as_deref(), Some("/people/x/page/3/"));
        assert_eq!(pages[2].1.len(), 50);
        assert_eq!(pages[2].2.start, 201);
        assert_eq!(paginate::<usize>(&[], &Urls::new("/"), Path::new("a")).len(), 1);
    }
}

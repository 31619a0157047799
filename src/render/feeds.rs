//! Atom feeds (site, journalist, outlet, topic) and the sitemap.

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use std::path::Path;

use super::{ItemCtx, Renderer};
use crate::layout;

/// Entries per feed: the latest questions, as feed readers poll often (the
/// listing pages keep every item).
pub(super) const FEED_ENTRIES: usize = 20;

/// An Atom timestamp for a date (midnight UTC; undated items get the epoch,
/// so output never depends on the build time).
pub fn atom_date(date: Option<NaiveDate>) -> String {
    date.map(|d| format!("{d}T00:00:00Z")).unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

#[derive(Serialize)]
struct Entry {
    title: String,
    url: String,
    updated: String,
    summary: String,
    author: Option<String>,
}

impl Renderer<'_> {
    /// Renders an Atom feed of listing items (newest first).
    pub(super) fn items_feed(&self, title: &str, page_url: &str, feed_url: &str, items: &[ItemCtx]) -> Result<Vec<u8>> {
        let mut items: Vec<&ItemCtx> = items.iter().collect();
        items.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.url.cmp(&b.url)));
        let entries: Vec<Entry> = items
            .into_iter()
            .take(FEED_ENTRIES)
            .map(|i| Entry {
                title: format!("{}, {}: {}", i.transcript_title, i.label, i.asker.clone().unwrap_or_default()).trim_end_matches([':', ' ']).to_string(),
                url: self.absolute(&i.url),
                updated: i.updated.clone(),
                summary: i.preview.clone(),
                author: i.asker.clone(),
            })
            .collect();
        self.feed(title, page_url, feed_url, entries)
    }

    fn feed(&self, title: &str, page_url: &str, feed_url: &str, entries: Vec<Entry>) -> Result<Vec<u8>> {
        let updated = entries.iter().map(|e| e.updated.clone()).max().unwrap_or_else(|| atom_date(None));
        let mut ctx = tera::Context::new();
        ctx.insert("feed_title", title);
        ctx.insert("page_url", &self.absolute(page_url));
        ctx.insert("feed_url", &self.absolute(feed_url));
        ctx.insert("updated", &updated);
        ctx.insert("entries", &entries);
        self.render("atom.xml", ctx)
    }

    /// The site feed: the latest transcripts.
    pub(super) fn site_feed(&self) -> Result<Vec<u8>> {
        let entries = self
            .archive
            .transcripts
            .iter()
            .rev()
            .take(FEED_ENTRIES)
            .map(|p| {
                let r = self.transcript_ref(p);
                Entry {
                    title: p.transcript.title.clone(),
                    url: self.absolute(&r.url),
                    updated: atom_date(p.transcript.date),
                    summary: format!("{} questions{}", r.exchanges, if r.officials.is_empty() { String::new() } else { format!(" · {}", r.officials) }),
                    author: None,
                }
            })
            .collect();
        self.feed(&self.site.title, self.urls.base(), &self.urls.feed(Path::new("")), entries)
    }

    /// `sitemap.xml`: every page with an absolute URL when the base URL is one.
    pub(super) fn sitemap(&self) -> Result<Vec<u8>> {
        let mut urls = vec![serde_json::json!({ "loc": self.site.url, "lastmod": null })];
        for p in &self.archive.transcripts {
            urls.push(serde_json::json!({ "loc": self.absolute(&self.transcript_url(p)), "lastmod": p.transcript.date.map(|d| d.to_string()) }));
        }
        for section in layout::SECTIONS {
            urls.push(serde_json::json!({ "loc": self.absolute(&self.urls.page(Path::new(section))), "lastmod": null }));
        }
        for p in &self.archive.people {
            urls.push(serde_json::json!({ "loc": self.absolute(&self.person_url(&p.slug)), "lastmod": null }));
        }
        for o in &self.archive.outlets {
            urls.push(serde_json::json!({ "loc": self.absolute(&self.outlet_url(&o.slug)), "lastmod": null }));
        }
        for t in &self.indexes.topics {
            urls.push(serde_json::json!({ "loc": self.absolute(&self.topic_url(&t.slug)), "lastmod": null }));
        }
        let mut ctx = tera::Context::new();
        ctx.insert("urls", &urls);
        self.render("sitemap.xml", ctx)
    }
}

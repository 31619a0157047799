//! The HTML pages: transcripts and their exchange pages, home, archive,
//! people, outlets and topics.

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

use super::feeds::{atom_date, FEED_ENTRIES};
use super::listing::{self, paginate, ItemRef, Pager, Subject};
use super::{date_display, preview, ItemCtx, Renderer, TopicLink, TranscriptRef, TurnCtx};
use crate::layout::{self, Listing};
use crate::model::Role;

#[derive(Serialize)]
struct QuestionRow {
    id: String,
    number: String,
    asker: Option<String>,
    outlet: Option<String>,
    preview: String,
}

#[derive(Serialize)]
struct ExchangeCtx {
    id: String,
    number: String,
    asker: Option<String>,
    asker_url: Option<String>,
    outlet: Option<String>,
    outlet_url: Option<String>,
    topics: Vec<TopicLink>,
    /// The exchange's own shareable page, when the site has them.
    page_url: Option<String>,
    turns: Vec<TurnCtx>,
}

#[derive(Serialize)]
struct NameLink {
    name: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct TranscriptCtx {
    slug: String,
    url: String,
    title: String,
    date: Option<String>,
    date_display: Option<String>,
    location: Option<String>,
    source: Option<String>,
    officials: Vec<NameLink>,
    questions: Vec<QuestionRow>,
    opening: Vec<TurnCtx>,
    exchanges: Vec<ExchangeCtx>,
    closing: Vec<TurnCtx>,
}

/// A paginated listing to render: what it is about and where it goes.
struct ListingPages<'a> {
    /// Template of its pages.
    template: &'a str,
    /// Context name and value of what the listing is about (`p`, `o`, `topic`).
    subject: (&'a str, serde_json::Value),
    /// Title of its feed.
    title: &'a str,
    /// Output folder of its first page.
    dir: PathBuf,
}

/// A listing page (person, outlet, topic).
#[derive(Serialize)]
struct ListingCtx<'a> {
    items: Vec<ItemCtx>,
    pager: Pager,
    feed_url: &'a str,
}

impl Renderer<'_> {
    /// Every transcript page, its exchange pages and its data JSON.
    pub(super) fn transcript_files(&self) -> Result<()> {
        (0..self.archive.transcripts.len())
            .into_par_iter()
            .filter(|&i| self.scope.transcript(&self.archive.transcripts[i].slug))
            .try_for_each(|i| self.one_transcript(i))
    }

    fn one_transcript(&self, i: usize) -> Result<()> {
        let page = &self.archive.transcripts[i];
        let t = &page.transcript;
        let asker_name = |id: &Option<String>| id.as_deref().and_then(|a| t.speaker(a)).and_then(|s| s.name.clone());
        fn press_text(e: &crate::model::Exchange) -> impl Iterator<Item = &str> {
            e.turns.iter().filter(|t| t.role == Role::Press).map(|t| t.text.as_str())
        }
        let questions = t
            .exchanges
            .iter()
            .map(|e| QuestionRow {
                id: e.id.clone(),
                number: e.id.trim_start_matches('q').to_string(),
                asker: asker_name(&e.asker),
                outlet: e.outlet.as_deref().map(|o| self.outlet_display(page, o)),
                preview: preview(e.question_text(), 110),
            })
            .collect();
        let exchanges: Vec<ExchangeCtx> = t
            .exchanges
            .iter()
            .enumerate()
            .map(|(ei, e)| ExchangeCtx {
                id: e.id.clone(),
                number: e.id.trim_start_matches('q').to_string(),
                asker: asker_name(&e.asker),
                asker_url: e.asker.as_ref().and_then(|a| page.people.get(a)).map(|s| self.person_url(s)),
                outlet: e.outlet.as_deref().map(|o| self.outlet_display(page, o)),
                outlet_url: e.outlet.as_deref().and_then(|o| self.archive.outlet(page, o)).map(|o| self.outlet_url(&o.slug)),
                topics: self.topics_of(i, ei),
                page_url: self.publish.share_pages.then(|| self.urls.share(&page.slug, &e.id)),
                turns: e.turns.iter().map(|turn| self.turn_ctx(page, turn)).collect(),
            })
            .collect();
        let officials = t
            .speakers
            .iter()
            .filter(|s| s.role.is_host() && s.name.is_some())
            .map(|s| NameLink { name: s.name.clone().unwrap_or_default(), url: page.people.get(&s.id).map(|slug| self.person_url(slug)) })
            .collect();
        let ctx_t = TranscriptCtx {
            slug: page.slug.clone(),
            url: self.transcript_url(page),
            title: t.title.clone(),
            date: t.date.map(|d| d.to_string()),
            date_display: date_display(t),
            location: t.location.clone(),
            source: t.source.clone().filter(|s| s.starts_with("https://") || s.starts_with("http://")),
            officials,
            questions,
            opening: t.opening.iter().map(|turn| self.turn_ctx(page, turn)).collect(),
            exchanges,
            closing: t.closing.iter().map(|turn| self.turn_ctx(page, turn)).collect(),
        };
        let n = self.archive.transcripts.len();
        // The transcript as exchange pages see it: its header only. Giving
        // each of them the whole transcript made the build quadratic in the
        // number of exchanges (a 10 MB transcript took many minutes).
        let t_head = tera::to_value(serde_json::json!({
            "slug": ctx_t.slug, "url": ctx_t.url, "title": ctx_t.title, "date": ctx_t.date, "date_display": ctx_t.date_display,
            "location": ctx_t.location, "source": ctx_t.source, "officials": ctx_t.officials,
        }))?;
        // One small page per exchange, for sharing one answer.
        for (ei, ex) in ctx_t.exchanges.iter().enumerate().filter(|_| self.publish.share_pages) {
            let e = &t.exchanges[ei];
            let asker = ex.asker.as_deref().map(|a| match &ex.outlet {
                Some(o) => format!("{a} ({o})"),
                None => a.to_string(),
            });
            let share_title = match &asker {
                Some(a) => format!("Question {}: {a}", ex.number),
                None => format!("Question {}", ex.number),
            };
            let mut ctx = tera::Context::new();
            ctx.insert("t", &t_head);
            ctx.insert("ex", ex);
            ctx.insert("share_title", &share_title);
            ctx.insert("description", &preview(press_text(e), 200));
            ctx.insert("canonical", &self.absolute(&format!("{}#{}", ctx_t.url, ex.id)));
            ctx.insert("page_url", &self.absolute(ex.page_url.as_deref().unwrap_or_default()));
            let (turns, shortened) = self.share_excerpt(page, e);
            ctx.insert("turns", &turns);
            ctx.insert("shortened", &shortened);
            self.put(layout::page(layout::share_dir(&page.slug, &e.id)), self.render("exchange.html", ctx)?)?;
        }
        let mut ctx = tera::Context::new();
        ctx.insert("t", &ctx_t);
        ctx.insert("data_url", &self.publish.data.then(|| self.urls.data(&page.slug)));
        ctx.insert("prev", &(i > 0).then(|| self.transcript_ref(&self.archive.transcripts[i - 1])));
        ctx.insert("next", &(i + 1 < n).then(|| self.transcript_ref(&self.archive.transcripts[i + 1])));
        self.put(layout::page(layout::transcript_dir(&page.slug)), self.render("transcript.html", ctx)?)?;
        if self.publish.data {
            self.put(layout::data_file(&page.slug), serde_json::to_vec(t.as_ref())?)?;
        }
        Ok(())
    }

    /// What a share page shows of an exchange: the call and the question,
    /// then the start of the first answer (the whole exchange stays one
    /// click away, in context). Returns the turns and whether any text was
    /// left out.
    fn share_excerpt(&self, page: &crate::resolve::Page, e: &crate::model::Exchange) -> (Vec<TurnCtx>, bool) {
        const ANSWER_PARAGRAPHS: usize = 1;
        let mut turns = Vec::new();
        let mut asked = false;
        for (k, turn) in e.turns.iter().enumerate() {
            asked |= turn.role == Role::Press;
            if asked && turn.role.is_host() {
                let paragraphs: Vec<&str> = turn.text.split("\n\n").collect();
                let mut answer = turn.clone();
                answer.text = paragraphs[..paragraphs.len().min(ANSWER_PARAGRAPHS)].join("\n\n");
                turns.push(self.turn_ctx(page, &answer));
                return (turns, paragraphs.len() > ANSWER_PARAGRAPHS || k + 1 < e.turns.len());
            }
            turns.push(self.turn_ctx(page, turn));
        }
        (turns, false)
    }

    pub(super) fn home(&self) -> Result<Vec<u8>> {
        let a = self.archive;
        let latest: Vec<TranscriptRef> = a.transcripts.iter().rev().take(12).map(|p| self.transcript_ref(p)).collect();
        let dates: Vec<_> = a.transcripts.iter().filter_map(|p| p.transcript.date).collect();
        let mut ctx = tera::Context::new();
        ctx.insert("latest", &latest);
        ctx.insert("feed_url", &self.urls.feed(Path::new("")));
        ctx.insert(
            "counts",
            &serde_json::json!({
                "transcripts": a.transcripts.len(),
                "exchanges": a.transcripts.iter().map(|p| p.transcript.exchanges.len()).sum::<usize>(),
                "journalists": a.people.iter().filter(|p| p.role == Role::Press).count(),
                "outlets": a.outlets.len(),
                "topics": self.indexes.topics.len(),
                "first": dates.iter().min().map(|d| d.format("%-d %B %Y").to_string()),
                "last": dates.iter().max().map(|d| d.format("%-d %B %Y").to_string()),
            }),
        );
        self.render("index.html", ctx)
    }

    pub(super) fn archive_page(&self) -> Result<Vec<u8>> {
        let years: Vec<serde_json::Value> = self
            .indexes
            .years
            .iter()
            .map(|(year, ids)| {
                let ts: Vec<TranscriptRef> = ids.iter().rev().map(|&i| self.transcript_ref(&self.archive.transcripts[i])).collect();
                serde_json::json!({ "year": year, "transcripts": ts })
            })
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("years", &years);
        ctx.insert("total", &self.archive.transcripts.len());
        ctx.insert("feed_url", &self.urls.feed(Path::new("")));
        self.render("archive.html", ctx)
    }

    /// The pages of a listing of items, and its Atom feed: those the scope
    /// asks for. Items are made only for the pages rendered, and for the
    /// newest ones the feed shows.
    fn listing(&self, l: ListingPages, refs: &[ItemRef]) -> Result<()> {
        let feed_url = self.urls.feed(&l.dir);
        for (folder, chunk, pager) in paginate(refs, &self.urls, &l.dir) {
            if !self.scope.listing_page(&l.dir, pager.page) {
                continue;
            }
            let items = chunk.iter().map(|&(ti, anchor, ei)| self.item(ti, anchor, ei)).collect();
            let mut ctx = tera::Context::new();
            ctx.insert(l.subject.0, &l.subject.1);
            ctx.insert("list", &ListingCtx { items, pager, feed_url: &feed_url });
            ctx.insert("feed_url", &feed_url);
            self.put(layout::page(folder), self.render(l.template, ctx)?)?;
        }
        if !self.scope.listing_feed(&l.dir) {
            return Ok(());
        }
        // The feed's order (see `items_feed`): newest first, then by URL.
        let mut keyed: Vec<(String, String, usize)> = refs
            .iter()
            .enumerate()
            .map(|(k, &(ti, anchor, _))| {
                let page = &self.archive.transcripts[ti];
                (atom_date(page.transcript.date), format!("{}#{anchor}", self.transcript_url(page)), k)
            })
            .collect();
        let newest_first = |a: &(String, String, usize), b: &(String, String, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if keyed.len() > FEED_ENTRIES {
            keyed.select_nth_unstable_by(FEED_ENTRIES - 1, newest_first);
            keyed.truncate(FEED_ENTRIES);
        }
        let newest: Vec<ItemCtx> = keyed.iter().map(|&(_, _, k)| refs[k]).map(|(ti, anchor, ei)| self.item(ti, anchor, ei)).collect();
        self.put(l.dir.join(layout::FEED), self.items_feed(l.title, &self.urls.page(&l.dir), &feed_url, &newest)?)
    }

    /// `people/` and every `people/<slug>/` with its pages and feed.
    pub(super) fn people_files(&self) -> Result<()> {
        if self.scope.all || self.scope.people_index {
            self.put(layout::page(Listing::Person.folder()), self.people_index()?)?;
        }
        (0..self.archive.people.len())
            .into_par_iter()
            .filter(|&i| self.scope.person(&self.archive.people[i].slug))
            .try_for_each(|i| self.person_files(i))
    }

    fn people_index(&self) -> Result<Vec<u8>> {
        let mut journalists = Vec::new();
        let mut officials = Vec::new();
        for p in &self.archive.people {
            let outlets: Vec<&str> = p.outlets.iter().filter_map(|(slug, _, _)| self.archive.outlet_by_slug(slug).map(|o| o.name.as_str())).collect();
            let entry = serde_json::json!({
                "url": self.person_url(&p.slug),
                "name": p.name,
                "count": listing::items(self.archive, Subject::Person(p)).len(),
                "outlets": outlets.join(", "),
                "titles": p.titles.join(", "),
                "range": self.range(p.appearances.iter().map(|a| a.transcript)),
            });
            if p.role == Role::Press {
                journalists.push(entry);
            } else {
                officials.push(entry);
            }
        }
        let mut ctx = tera::Context::new();
        ctx.insert("journalists", &journalists);
        ctx.insert("officials", &officials);
        self.render("people.html", ctx)
    }

    fn person_files(&self, i: usize) -> Result<()> {
        let p = &self.archive.people[i];
        let is_press = p.role == Role::Press;
        let items = listing::items(self.archive, Subject::Person(p));
        let outlets: Vec<serde_json::Value> = p
            .outlets
            .iter()
            .filter_map(|(slug, from, to)| {
                let o = self.archive.outlet_by_slug(slug)?;
                let range = match (from, to) {
                    (Some(f), Some(t)) if f.format("%b %Y").to_string() != t.format("%b %Y").to_string() => Some(format!("{} – {}", f.format("%b %Y"), t.format("%b %Y"))),
                    (Some(f), _) => Some(f.format("%b %Y").to_string()),
                    _ => None,
                };
                Some(serde_json::json!({ "url": self.outlet_url(slug), "name": o.name, "range": range }))
            })
            .collect();
        let value = serde_json::json!({
            "name": p.name,
            "is_press": is_press,
            "titles": p.titles.join(", "),
            "outlets": outlets,
            "count": items.len(),
            "range": self.range(p.appearances.iter().map(|a| a.transcript)),
        });
        let pages = ListingPages { template: "person.html", subject: ("p", value), title: &p.name, dir: layout::listing_dir(Listing::Person, &p.slug) };
        self.listing(pages, &items)
    }

    /// `outlets/` and every `outlets/<slug>/` with its pages and feed.
    pub(super) fn outlet_files(&self) -> Result<()> {
        if self.scope.all || self.scope.outlets_index {
            let index: Vec<serde_json::Value> = self
                .archive
                .outlets
                .iter()
                .map(|o| serde_json::json!({ "url": self.outlet_url(&o.slug), "name": o.name, "count": o.questions.len(), "range": self.range(o.questions.iter().map(|q| q.0)) }))
                .collect();
            let mut ctx = tera::Context::new();
            ctx.insert("outlets", &index);
            self.put(layout::page(Listing::Outlet.folder()), self.render("outlets.html", ctx)?)?;
        }
        self.archive.outlets.par_iter().filter(|o| self.scope.outlet(&o.slug)).try_for_each(|o| {
            let items = listing::items(self.archive, Subject::Outlet(o));
            let value = serde_json::json!({ "name": o.name, "count": items.len(), "range": self.range(o.questions.iter().map(|q| q.0)) });
            let pages = ListingPages { template: "outlet.html", subject: ("o", value), title: &o.name, dir: layout::listing_dir(Listing::Outlet, &o.slug) };
            self.listing(pages, &items)
        })
    }

    /// `topics/` and every `topics/<slug>/` with its pages and feed.
    pub(super) fn topic_files(&self) -> Result<()> {
        let topics = &self.indexes.topics;
        if self.scope.all || self.scope.topics_index {
            let index: Vec<serde_json::Value> = topics
                .iter()
                .map(|t| {
                    let transcripts = t.exchanges.iter().map(|q| q.0).chain(t.transcripts.iter().copied());
                    serde_json::json!({ "url": self.topic_url(&t.slug), "title": t.title, "count": t.exchanges.len(), "range": self.range(transcripts) })
                })
                .collect();
            let mut ctx = tera::Context::new();
            ctx.insert("topics", &index);
            self.put(layout::page(Listing::Topic.folder()), self.render("topics.html", ctx)?)?;
        }
        for t in topics.iter().filter(|t| self.scope.topic(&t.slug)) {
            let items = listing::items(self.archive, Subject::Topic(t));
            let tagged: Vec<TranscriptRef> = t.transcripts.iter().map(|&ti| self.transcript_ref(&self.archive.transcripts[ti])).collect();
            let transcripts = t.exchanges.iter().map(|q| q.0).chain(t.transcripts.iter().copied());
            let value = serde_json::json!({ "title": t.title, "count": items.len(), "range": self.range(transcripts), "transcripts": tagged });
            let pages = ListingPages { template: "topic.html", subject: ("topic", value), title: &t.title, dir: layout::listing_dir(Listing::Topic, &t.slug) };
            self.listing(pages, &items)?;
        }
        Ok(())
    }
}

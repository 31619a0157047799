//! `site.toml`: the archive's configuration.

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

use crate::parse::{Hints, PersonHint};

/// GitHub Pages publishes sites of up to about 1 GB: the default size limit
/// (see [`PublishConfig::size_limit`]).
pub const PAGES_LIMIT: u64 = 1_000_000_000;

/// The whole `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header of every page.
    pub title: String,
    /// One-line description for the home page and metadata.
    #[serde(default)]
    pub description: String,
    /// Where the site is served: `/`, `/archive/` or a full URL such as
    /// `https://user.github.io/archive/`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// Language of the transcripts (HTML `lang`).
    #[serde(default = "default_language")]
    pub language: String,
    /// Output folder, relative to the archive root.
    #[serde(default = "default_output")]
    pub output: String,
    /// People the archive knows: names, aliases, dated roles.
    #[serde(default)]
    pub people: Vec<PersonConfig>,
    /// Outlet spelling variants mapped to one name.
    #[serde(default)]
    pub outlets: OutletsConfig,
    /// Topics: `[topics.ukraine] title = "Ukraine", keywords = [...]`.
    #[serde(default)]
    pub topics: BTreeMap<String, TopicConfig>,
    /// Hints for the parser.
    #[serde(default)]
    pub parse: ParseConfig,
    /// `[publish]`: optional parts of the site.
    #[serde(default)]
    pub publish: PublishConfig,
    /// `[limits]`: what a build accepts.
    #[serde(default)]
    pub limits: LimitsConfig,
}

/// `[limits]`: the largest inputs a build takes; beyond them it stops with
/// an error that names the file and the setting.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Largest transcript file, in MB (10^6 bytes). Default
    /// [`TRANSCRIPT_MB`].
    pub transcript_mb: Option<u64>,
}

/// The default largest transcript file, in MB: transcripts are a few hundred
/// KB, and the longest real ones a few MB.
pub const TRANSCRIPT_MB: u64 = 64;

impl LimitsConfig {
    /// The largest transcript file, in bytes.
    pub fn transcript_bytes(&self) -> u64 {
        self.transcript_mb.unwrap_or(TRANSCRIPT_MB).saturating_mul(1_000_000)
    }
}

/// `[publish]`: the optional parts of the site, which a very large archive
/// may leave out to stay within its host's size limit (GitHub Pages: about
/// 1 GB). Unset, a part is published when the estimated site stays within
/// that limit with it (see [`crate::size::choose`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishConfig {
    /// One small page per question (`<transcript>/qN/`) whose metadata link
    /// previews on social media read. About 4 KB per question.
    pub share_pages: Option<bool>,
    /// Every parsed transcript as JSON under `data/` (open data). About the
    /// size of the transcripts themselves.
    pub data: Option<bool>,
    /// The size the site should stay within, in MB (10^6 bytes): what
    /// decides unset parts, and above which the build warns. Default: what
    /// GitHub Pages publishes, 1000.
    pub size_limit_mb: Option<f64>,
}

impl PublishConfig {
    /// The size limit in bytes.
    pub fn size_limit(&self) -> u64 {
        self.size_limit_mb.map_or(PAGES_LIMIT, |mb| (mb.max(0.0) * 1e6) as u64)
    }
}

/// A `[[people]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonConfig {
    /// Canonical name.
    pub name: String,
    /// Other spellings that mean this person.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Titles held, with optional dates.
    #[serde(default)]
    pub roles: Vec<RoleConfig>,
}

/// A title held over a period.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleConfig {
    /// "NATO Secretary General".
    pub title: String,
    /// First day held.
    #[serde(default, deserialize_with = "optional_date")]
    pub from: Option<NaiveDate>,
    /// Last day held.
    #[serde(default, deserialize_with = "optional_date")]
    pub to: Option<NaiveDate>,
}

/// `[outlets]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutletsConfig {
    /// Variant → canonical name.
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
}

/// A `[topics.<slug>]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicConfig {
    /// Display title.
    pub title: String,
    /// Words or phrases that assign an exchange to the topic.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// `[parse]`: hints for what the text cannot tell.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParseConfig {
    /// Extra labels that mean a question from the press.
    #[serde(default)]
    pub press_labels: Vec<String>,
    /// Extra labels that mean someone on the podium.
    #[serde(default)]
    pub host_labels: Vec<String>,
}

/// Reads a TOML date (`2022-01-12`) or a string (`"2022-01-12"`).
pub fn date_from_toml(v: &toml::Value) -> Result<NaiveDate> {
    match v {
        toml::Value::Datetime(d) => {
            let Some(date) = d.date else { bail!("`{d}` has no date part") };
            NaiveDate::from_ymd_opt(date.year as i32, date.month as u32, date.day as u32).with_context(|| format!("`{d}` is not a real date"))
        }
        // Four digits for the year: `+10000-01-01` or `-0001-01-01` would
        // make invalid Atom and sitemap dates.
        toml::Value::String(s) if !is_iso_date_shape(s.trim()) => bail!("`{s}` is not a date (use YYYY-MM-DD, with a year of four digits)"),
        toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|e| match e.kind() {
            chrono::format::ParseErrorKind::OutOfRange => anyhow::anyhow!("`{s}` is not a real date (no such day in that month)"),
            _ => anyhow::anyhow!("`{s}` is not a date (use YYYY-MM-DD)"),
        }),
        other => bail!("`{other}` is not a date (use YYYY-MM-DD)"),
    }
}

/// `dddd-dd-dd`.
fn is_iso_date_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

fn optional_date<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<NaiveDate>, D::Error> {
    let v: Option<toml::Value> = Option::deserialize(d)?;
    v.map(|v| date_from_toml(&v).map_err(serde::de::Error::custom)).transpose()
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_output() -> String {
    "public".into()
}

impl Config {
    /// Reads `site.toml` from the archive root.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("site.toml");
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!("cannot read {}: is this an archive folder? (pass --root DIR, or create one with `pressroom new DIR`)", path.display())
        })?;
        Config::from_toml(&text).with_context(|| format!("invalid {}", path.display()))
    }

    /// Parses configuration text.
    pub fn from_toml(text: &str) -> Result<Config> {
        let config: Config = toml::from_str(text)?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        base_path(&self.base_url)?;
        for p in &self.people {
            for r in &p.roles {
                if let (Some(f), Some(t)) = (r.from, r.to) {
                    if f > t {
                        bail!("person `{}`: role `{}` ends ({t}) before it starts ({f})", p.name, r.title);
                    }
                }
            }
        }
        // Each topic has a page of its own: `[topics.Ukraine]` and
        // `[topics.ukraine]` would write to the same folder.
        let mut topic_slugs: BTreeMap<String, &str> = BTreeMap::new();
        for key in self.topics.keys() {
            let slug = crate::slug::slugify(key, "");
            if slug.is_empty() {
                bail!("[topics.{key:?}]: the key has no letter or digit to make a URL from; use a key such as `ukraine`");
            }
            if let Some(other) = topic_slugs.insert(slug.clone(), key) {
                bail!("[topics.{other:?}] and [topics.{key:?}] both map to the URL `/topics/{slug}/`; rename one of them");
            }
        }
        for label in self.parse.press_labels.iter().chain(&self.parse.host_labels) {
            if label.trim().is_empty() {
                bail!("[parse]: an empty label in press_labels or host_labels would match every line; remove it");
            }
        }
        Ok(())
    }

    /// Parser hints built from the configuration.
    pub fn hints(&self) -> Hints {
        Hints {
            press_labels: self.parse.press_labels.clone(),
            host_labels: self.parse.host_labels.clone(),
            people: self
                .people
                .iter()
                .map(|p| PersonHint { name: p.name.clone(), roles: p.roles.iter().map(|r| (r.title.clone(), r.from, r.to)).collect() })
                .collect(),
        }
    }
}

/// The path part of a base URL, always starting and ending with `/`
/// (`https://u.github.io/archive` → `/archive/`).
///
/// The base URL goes into every page's links, the sitemap and robots.txt,
/// so only what cannot change their meaning is accepted: an `http(s)://`
/// host of letters, digits, `-` and `.` (with a port, or an IPv6 address in
/// brackets), and a path of letters, digits and `/-._~%` that does not
/// start with `//` (a link to `//host/...` would load from another site).
pub fn base_path(base_url: &str) -> Result<String> {
    const HELP: &str = "use a path such as `/archive/` or a URL such as `https://user.github.io/archive/`";
    let url = base_url.trim();
    let path = if let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
        let (host, path) = rest.find('/').map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
        if !valid_host(host) {
            bail!("base_url {base_url:?}: `{host}` is not a host name (letters, digits, `-` and `.`, with an optional `:port`); {HELP}");
        }
        path
    } else {
        url
    };
    if !path.starts_with('/') {
        bail!("base_url {base_url:?} must be a path starting with `/` (such as `/archive/`) or an http(s) URL");
    }
    if path.starts_with("//") {
        bail!("base_url {base_url:?}: a path starting with `//` names another host, which every page would load its scripts from; {HELP}");
    }
    if path.chars().any(|c| !(c.is_ascii_alphanumeric() || "/-._~%".contains(c))) || path.contains("..") {
        bail!("base_url {base_url:?} may only contain letters, digits and `/-._~%` in its path; {HELP}");
    }
    let mut p = path.to_string();
    if !p.ends_with('/') {
        p.push('/');
    }
    Ok(p)
}

/// A host of a base URL: a name of letters, digits, `-` and `.`, or an
/// IPv6 address in brackets, with an optional `:port`.
fn valid_host(host: &str) -> bool {
    let (name, port) = match host.rfind(':') {
        Some(i) if !host[i..].contains(']') => (&host[..i], Some(&host[i + 1..])),
        _ => (host, None),
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let name_ok = if let Some(ip) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        ip.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !name.is_empty() && !name.starts_with(['.', '-']) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    };
    port_ok && name_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path("/").unwrap(), "/");
        assert_eq!(base_path("/archive").unwrap(), "/archive/");
        assert_eq!(base_path("https://user.github.io/archive/").unwrap(), "/archive/");
        assert_eq!(base_path("https://example.org").unwrap(), "/");
        assert!(base_path("archive").is_err());
        assert!(base_path("/a\"onload=").is_err());
        assert!(base_path("/../x").is_err());
        assert_eq!(base_path("http://localhost:8000").unwrap(), "/");
        assert_eq!(base_path("https://[::1]:8000/a").unwrap(), "/a/");
    }

    #[test]
    fn base_urls_that_would_inject_or_leave_the_site_are_refused() {
        for bad in [
            "//evil.example/",
            "//evil.example",
            "https://example.org//evil.example/",
            "https://evil\nDisallow: */",
            "https://a.example\n/",
            "https://a\"onload=x/",
            "https://a.example /",
            "https://user@evil.example/",
            "https:///archive/",
            "https://a.example:80a/",
            "https://<b>/",
            "https://a.example/x\ny/",
            "https://a.example/\u{7}/",
            "/a\r\nSitemap: x",
            "https://a.example/?q=1",
        ] {
            let e = format!("{:#}", base_path(bad).unwrap_err());
            assert!(e.contains("base_url"), "{e}");
            let e = format!("{:#}", Config::from_toml(&format!("title = \"x\"\nbase_url = {}\n", toml::Value::String(bad.to_string()))).unwrap_err());
            assert!(e.contains("base_url"), "{bad:?}: {e}");
        }
    }

    #[test]
    fn dates_need_a_four_digit_year() {
        let date = |s: &str| date_from_toml(&toml::Value::String(s.into()));
        assert_eq!(date(" 2022-01-12 ").unwrap().to_string(), "2022-01-12");
        for bad in ["-0001-01-01", "+10000-01-01", "+2022-01-01", "10000-01-01", "2022-1-12", "22-01-12"] {
            let e = date(bad).unwrap_err().to_string();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
        assert!(date("2022-02-30").unwrap_err().to_string().contains("not a real date"));
    }

    #[test]
    fn topics_that_share_a_url_and_empty_labels_are_errors() {
        let e = Config::from_toml("title = \"x\"\n[topics.Ukraine]\ntitle = \"U\"\n[topics.ukraine]\ntitle = \"u\"\n").unwrap_err();
        assert!(format!("{e:#}").contains("/topics/ukraine/"), "{e:#}");
        assert!(Config::from_toml("title = \"x\"\n[topics.\"???\"]\ntitle = \"U\"\n").is_err());
        assert!(Config::from_toml("title = \"x\"\n[parse]\nhost_labels = [\" \"]\n").is_err());
        assert!(Config::from_toml("title = \"x\"\n[topics.\"../Ukraine war\"]\ntitle = \"U\"\n").is_ok());
    }

    #[test]
    fn unknown_keys_are_errors() {
        assert!(Config::from_toml("title = \"x\"\ntitel = \"y\"").is_err());
        let c = Config::from_toml("title = \"x\"").unwrap();
        assert_eq!(c.base_url, "/");
        assert_eq!(c.output, "public");
    }
}

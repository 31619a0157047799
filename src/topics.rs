//! Topics: assigned per exchange from the keywords configured in
//! `site.toml`, and suggested from the archive's own distinctive terms
//! (`pressroom topics --suggest`) for archives that have none.

use regex::{Regex, RegexBuilder};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::config::Config;
use crate::model::{Exchange, Role, Transcript};
use crate::resolve::Archive;
use crate::slug::slugify;

/// A topic and what belongs to it.
#[derive(Debug, Clone)]
pub struct Topic {
    /// URL slug: `topics/<slug>/`.
    pub slug: String,
    /// Display title.
    pub title: String,
    /// (transcript index, exchange index) of every matching exchange.
    pub exchanges: Vec<(usize, usize)>,
    /// Transcripts tagged with the topic in their front matter.
    pub transcripts: Vec<usize>,
}

/// Text of an exchange's questions and answers.
fn sides(e: &Exchange) -> (String, String) {
    let mut q = String::new();
    let mut a = String::new();
    for t in &e.turns {
        let side = if t.role == Role::Press { &mut q } else { &mut a };
        side.push_str(&t.text);
        side.push('\n');
    }
    (q, a)
}

/// A case-insensitive matcher of whole words or phrases.
fn matcher(keywords: &[String]) -> Option<Regex> {
    let alternatives: Vec<String> = keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty()).map(|k| regex::escape(k).replace("\\ ", "\\s+").replace(' ', "\\s+")).collect();
    if alternatives.is_empty() {
        return None;
    }
    RegexBuilder::new(&format!(r"\b(?:{})\b", alternatives.join("|"))).case_insensitive(true).build().ok()
}

/// Topics of each exchange of the transcripts already seen, so that a
/// rebuild matches keywords only in the transcripts that changed. Keyed by
/// the transcript's allocation, which an unchanged transcript keeps.
#[derive(Debug, Default)]
pub struct Memo {
    /// The configuration the matches were made with.
    topics: Vec<(String, Vec<String>)>,
    /// Transcript address → (the transcript, topic indices per exchange).
    matches: HashMap<usize, (Arc<Transcript>, Vec<Vec<usize>>)>,
}

/// Assigns exchanges and transcripts to the configured topics. An exchange
/// belongs to a topic when the question names one of its keywords, or the
/// answer names them at least twice.
pub fn assign(archive: &Archive, config: &Config, memo: &mut Memo) -> Vec<Topic> {
    let configured: Vec<(String, Vec<String>)> = config
        .topics
        .iter()
        .map(|(key, tc)| (key.clone(), if tc.keywords.is_empty() { vec![tc.title.clone()] } else { tc.keywords.clone() }))
        .collect();
    if memo.topics != configured {
        *memo = Memo { topics: configured, matches: HashMap::new() };
    }
    let matchers: Vec<Option<Regex>> = memo.topics.iter().map(|(_, k)| matcher(k)).collect();
    let mut topics: Vec<Topic> = config
        .topics
        .iter()
        .map(|(key, tc)| Topic { slug: slugify(key, "topic"), title: tc.title.clone(), exchanges: Vec::new(), transcripts: Vec::new() })
        .collect();
    let mut seen = HashMap::with_capacity(archive.transcripts.len());
    for (ti, page) in archive.transcripts.iter().enumerate() {
        let t = &page.transcript;
        let key = Arc::as_ptr(t) as usize;
        let (_, per_exchange) = memo.matches.remove(&key).unwrap_or_else(|| (t.clone(), match_exchanges(t, &matchers)));
        for (ei, ks) in per_exchange.iter().enumerate() {
            for &k in ks {
                topics[k].exchanges.push((ti, ei));
            }
        }
        for topic in &mut topics {
            if t.topics.iter().any(|x| slugify(x, "") == topic.slug || x.eq_ignore_ascii_case(&topic.title)) {
                topic.transcripts.push(ti);
            }
        }
        seen.insert(key, (t.clone(), per_exchange));
    }
    memo.matches = seen;
    topics
}

/// Topic indices of each exchange of a transcript.
fn match_exchanges(t: &Transcript, matchers: &[Option<Regex>]) -> Vec<Vec<usize>> {
    t.exchanges
        .iter()
        .map(|e| {
            let (q, a) = sides(e);
            matchers
                .iter()
                .enumerate()
                .filter(|(_, re)| re.as_ref().is_some_and(|re| re.is_match(&q) || re.find_iter(&a).nth(1).is_some()))
                .map(|(k, _)| k)
                .collect()
        })
        .collect()
}

/// A topic proposed from the archive's distinctive terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The term or two-word phrase.
    pub term: String,
    /// Number of exchanges that use it.
    pub exchanges: usize,
    /// Sum of tf-idf over exchanges (the ranking score).
    pub score: f64,
}

/// Common English words never proposed as topics.
const STOPWORDS: &str = "a about above after again against all also am an and any are aren as at be because been before being below between both but by can cannot could couldn did didn do does doesn doing don down during each few for from further get go going got had has have having he her here hers herself him himself his how i if in into is isn it its itself just know let like make me more most much must my myself no nor not now of off on once one only or other ought our ours ourselves out over own really right said same say see she should so some such than thank thanks that the their theirs them themselves then there these they think this those through to too two under until up us very want was we well were what when where which while who whom why will with would yes yet you your yours yourself yourselves mr ms mrs question questions secretary general president minister prime people way time things thing lot today going also said says first last new next take let ve ll re don didn doesn isn wasn aren weren won wouldn shouldn couldn hasn haven hadn made make makes making use used using need needs needed see seen sit ready clear important course many much every even still already always never ever back come came look looking great good part whether within without across around since another different kind sure able given put told tell asked ask answer meeting meetings day week year years continue continued believe mean means work working help need call called try trying talk talking discuss discussed believe important fact point place case number issue issues side sides way ways thank great";

/// Content words of `text`, with `None` in place of stop words and short
/// words so that two-word phrases are only made of neighbours.
fn tokens(text: &str, stop: &HashSet<&str>) -> Vec<Option<String>> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '’' && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.trim_matches(['-', '’', '\'']).to_lowercase();
            let keep = w.len() > 2 && !w.contains(['’', '\'']) && !w.chars().all(|c| c.is_ascii_digit()) && !stop.contains(w.as_str());
            keep.then_some(w)
        })
        .collect()
}

/// Proposes up to `count` topics: the terms and two-word phrases that are
/// most distinctive of some exchanges (tf-idf summed over exchanges), used
/// in at least two exchanges and in at most a third of them.
pub fn suggest(archive: &Archive, count: usize) -> Vec<Suggestion> {
    let stop: HashSet<&str> = STOPWORDS.split_whitespace().collect();
    let mut docs: Vec<HashMap<String, usize>> = Vec::new();
    for page in &archive.transcripts {
        for e in &page.transcript.exchanges {
            let (q, a) = sides(e);
            let words = tokens(&format!("{q}\n{a}"), &stop);
            let mut tf: HashMap<String, usize> = HashMap::new();
            for w in words.iter().flatten() {
                *tf.entry(w.clone()).or_default() += 1;
            }
            for pair in words.windows(2) {
                if let [Some(a), Some(b)] = pair {
                    if a != b {
                        *tf.entry(format!("{a} {b}")).or_default() += 1;
                    }
                }
            }
            docs.push(tf);
        }
    }
    let n = docs.len();
    let mut df: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &docs {
        for term in d.keys() {
            *df.entry(term.as_str()).or_default() += 1;
        }
    }
    let max_df = (n / 3).max(2);
    let mut scored: Vec<Suggestion> = df
        .iter()
        .filter(|(term, &f)| f >= 2 && f <= max_df && (term.contains(' ') || f >= 3 || n < 30))
        .map(|(term, &f)| {
            let idf = ((n as f64 + 1.0) / (f as f64)).ln();
            let score: f64 = docs.iter().filter_map(|d| d.get(*term)).map(|&tf| (1.0 + (tf as f64).ln()) * idf).sum::<f64>() * if term.contains(' ') { 1.5 } else { 1.0 };
            Suggestion { term: term.to_string(), exchanges: f, score }
        })
        .collect();
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.term.cmp(&b.term)));
    // Drop single words already covered by a stronger phrase.
    let mut chosen: Vec<Suggestion> = Vec::new();
    for s in scored {
        if chosen.len() == count {
            break;
        }
        let covered = chosen.iter().any(|c| c.term.split(' ').any(|w| w == s.term) || s.term.split(' ').all(|w| c.term.split(' ').any(|x| x == w)));
        if !covered {
            chosen.push(s);
        }
    }
    chosen
}

/// Renders suggestions as `site.toml` entries ready to paste.
pub fn suggestions_toml(suggestions: &[Suggestion]) -> String {
    let mut out = String::from("# Topics proposed from the archive's distinctive terms; edit and paste into site.toml.\n");
    for s in suggestions {
        let mut title = s.term.clone();
        if let Some(first) = title.get(..1) {
            title = first.to_uppercase() + &title[1..];
        }
        out.push_str(&format!(
            "\n# used in {} exchanges\n[topics.{}]\ntitle = \"{}\"\nkeywords = [\"{}\"]\n",
            s.exchanges,
            slugify(&s.term, "topic"),
            title.replace('"', "\\\""),
            s.term.replace('"', "\\\"")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_whole_words_and_phrases() {
        let re = matcher(&["arms control".into(), "INF".into()]).unwrap();
        assert!(re.is_match("we support Arms\ncontrol"));
        assert!(re.is_match("the INF Treaty"));
        assert!(!re.is_match("information"));
        assert!(matcher(&[]).is_none());
    }
}

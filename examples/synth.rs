//! Synthetic press-conference archives, for benchmarks and scale tests.
//!
//! ```text
//! cargo run --release --example synth -- --transcripts 10000 --out /tmp/synth10k \
//!     [--seed 1] [--corpus /work/shared/corpora/wh-briefings]
//! pressroom build --root /tmp/synth10k --output /tmp/synth10k-site
//! ```
//!
//! Writes `site.toml` and `content/<date>-briefing-<n>.md` (TOML front
//! matter, speaker labels), deterministic for a given seed and corpus:
//! - 6–20 exchanges and 3,000–8,000 words per transcript, an opening
//!   statement by the press secretary of the day;
//! - thousands of journalists over hundreds of outlets (for 10,000
//!   transcripts: 3,000 journalists, 300 outlets), a few asking often and
//!   most rarely (power law), each with a fixed outlet;
//! - text made of spans of 6–30 consecutive words drawn from the Markdown
//!   files of the corpus (front matter and speaker labels left out), so
//!   vocabulary, word frequencies and phrases are those of real briefings;
//! - dates spread over ten years from 2015, one to three topics each.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// In `0..n`, small values much more likely (power law).
    fn skewed(&mut self, n: usize) -> usize {
        ((self.unit().powf(2.5)) * n as f64) as usize % n.max(1)
    }
}

const FIRST: &[&str] = &[
    "Anna", "Ben", "Carla", "David", "Elena", "Frank", "Grace", "Hugo", "Ines", "Jack", "Kate", "Leo", "Maria", "Nick", "Olga", "Paul",
    "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Will", "Xenia", "Yusuf", "Zoe", "Aisha", "Bruno", "Chen", "Dmitri", "Eva", "Farid",
    "Gita", "Hans", "Ivan", "Julia", "Kenji", "Lena", "Marco", "Nadia", "Omar", "Priya", "Rafael", "Sofia", "Tomas", "Ulla", "Victor",
    "Wen", "Yara", "Zain", "Alice", "Boris", "Clara", "Diego", "Emma", "Felix", "Hana", "Igor", "Jonas", "Karin",
];
const LAST: &[&str] = &[
    "Abbott", "Baker", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski", "Larsen", "Moreau",
    "Novak", "Okafor", "Petrov", "Quintero", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zhang", "Alvarez",
    "Bianchi", "Costa", "Dimitrov", "Evans", "Ferreira", "Gomez", "Horvat", "Ivanova", "Jung", "Kim", "Lopez", "Meyer", "Nielsen",
    "Olsen", "Park", "Reyes", "Silva", "Torres", "Underwood", "Vidal", "Walsh", "Young", "Ziegler", "Andersson", "Brennan", "Chowdhury",
    "Delgado", "Engel", "Fontaine", "Greene", "Hoffmann", "Iqbal", "Jovanovic", "Keller", "Lindqvist", "Mendes", "Nakamura", "Ortiz",
    "Popescu", "Richter", "Sato", "Tran", "Vogel", "Wagner", "Yamada",
];
const PLACES: &[&str] = &[
    "Atlantic", "Pacific", "Northern", "Capital", "Metro", "National", "Global", "Coastal", "Valley", "Mountain", "River", "Harbor",
    "Prairie", "Lakeside", "Central", "Eastern", "Western", "Southern", "Union", "Liberty", "Summit", "Bay", "Highland", "Frontier",
];
const MEDIA: &[&str] = &[
    "Times", "Post", "Herald", "Tribune", "Gazette", "Radio", "Television", "News Agency", "Daily", "Journal", "Chronicle", "Observer",
    "Courier", "Wire", "Report", "Broadcasting", "Press", "Monitor",
];
const TOPICS: &[&str] = &[
    "Economy", "Health", "Climate", "Immigration", "Ukraine", "China", "Trade", "Defense", "Elections", "Energy", "Education",
    "Infrastructure", "Middle East", "Technology",
];

struct Args {
    transcripts: usize,
    out: PathBuf,
    seed: u64,
    corpus: PathBuf,
}

fn args() -> Args {
    let mut a = Args { transcripts: 1000, out: PathBuf::from("synth"), seed: 1, corpus: PathBuf::from("/work/shared/corpora/wh-briefings") };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--transcripts" => a.transcripts = value.parse().expect("--transcripts N"),
            "--out" => a.out = value.into(),
            "--seed" => a.seed = value.parse().expect("--seed N"),
            "--corpus" => a.corpus = value.into(),
            _ => panic!("unknown option {flag} (--transcripts N --out DIR [--seed N] [--corpus DIR])"),
        }
    }
    a
}

/// Every word of the corpus's Markdown files, in order, without front
/// matter, speaker labels, Markdown markup or stage notes.
fn corpus_words(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = entry.expect("dir entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "md") && p.file_name().is_some_and(|n| n != "README.md") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut words = Vec::new();
    for f in files {
        let text = fs::read_to_string(&f).unwrap_or_default();
        let body = match text.strip_prefix("---") {
            Some(rest) => rest.split_once("\n---").map(|(_, b)| b).unwrap_or(rest),
            None => &text,
        };
        for w in body.split_whitespace() {
            let label = w.ends_with(':') && w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
            let markup = w.starts_with('#') || w.starts_with('[') || w.ends_with(']') || w.contains("**") || w == "Q" || w == "Q:";
            if !label && !markup && w.chars().count() < 30 {
                // A word ending in ':' could read as a speaker label at the start of a paragraph.
                let w = w.replace('\u{a0}', " ");
                words.push(match w.strip_suffix(':') {
                    Some(stem) => format!("{stem},"),
                    None => w,
                });
            }
        }
    }
    assert!(words.len() > 1000, "too few words in {}", dir.display());
    words
}

/// About `n` words of text in paragraphs of 40–120 words, from spans of the corpus.
fn text(rng: &mut Rng, words: &[String], n: usize) -> String {
    let mut out = String::new();
    let mut written = 0;
    let mut in_para = 0;
    let mut para_len = rng.range(40, 120);
    while written < n {
        let span = rng.range(6, 30).min(n - written).max(1);
        let start = rng.range(0, words.len() - span - 1);
        for w in &words[start..start + span] {
            if in_para == para_len {
                out.push_str("\n\n");
                in_para = 0;
                para_len = rng.range(40, 120);
            } else if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
            in_para += 1;
        }
        written += span;
    }
    out
}

fn main() {
    let a = args();
    let words = corpus_words(&a.corpus);
    let mut rng = Rng(a.seed);
    let n = a.transcripts;
    let n_journalists = (n * 3 / 10).clamp(200, 4000);
    let n_outlets = (n * 3 / 100).clamp(40, 400);

    let mut outlets = Vec::new();
    'o: for p in PLACES {
        for m in MEDIA {
            outlets.push(format!("{p} {m}"));
            if outlets.len() == n_outlets {
                break 'o;
            }
        }
    }
    // Shuffle so popular outlets are not all "Atlantic ...".
    for i in (1..outlets.len()).rev() {
        outlets.swap(i, rng.range(0, i));
    }
    let mut journalists = Vec::new();
    'j: for l in LAST {
        for f in FIRST {
            let outlet = rng.skewed(outlets.len());
            journalists.push((format!("{f} {l}"), outlet));
            if journalists.len() == n_journalists {
                break 'j;
            }
        }
    }
    for i in (1..journalists.len()).rev() {
        journalists.swap(i, rng.range(0, i));
    }
    let secretaries = ["Alex Morgan", "Jordan Ellis", "Casey Brooks", "Riley Chen"];

    let content = a.out.join("content");
    fs::create_dir_all(&content).expect("create content dir");
    let mut toml = String::from(
        "# Synthetic archive written by `cargo run --example synth` (pressroom benchmarks).\n\
         title = \"Synthetic Briefings\"\ndescription = \"A generated archive for benchmarks.\"\nbase_url = \"/\"\nlanguage = \"en\"\noutput = \"public\"\n\n",
    );
    for (i, s) in secretaries.iter().enumerate() {
        let from = 2015 + i * 3;
        let to = if i + 1 == secretaries.len() { 2030 } else { from + 2 };
        let _ = writeln!(toml, "[[people]]\nname = \"{s}\"\nroles = [{{ title = \"Press Secretary\", from = {from}-01-01, to = {to}-12-31 }}]\n");
    }
    fs::write(a.out.join("site.toml"), toml).expect("write site.toml");

    let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 5).expect("date");
    let mut total_words = 0usize;
    for i in 0..n {
        let date = start + chrono::Duration::days((i as i64 * 3650) / n.max(1) as i64);
        let total = rng.range(3000, 8000);
        let exchanges = rng.range(6, 20);
        let opening = total * rng.range(5, 15) / 100;
        let per_exchange = (total - opening) / exchanges;
        let topics: Vec<&str> = (0..rng.range(1, 3)).map(|_| TOPICS[rng.skewed(TOPICS.len())]).collect();
        let mut topics_dedup = topics.clone();
        topics_dedup.dedup();
        let subject: Vec<&str> = (0..3).map(|_| words[rng.range(0, words.len() - 1)].trim_matches(|c: char| !c.is_alphanumeric())).collect();
        let title = format!("Press briefing No. {} on {}", i + 1, subject.join(" ").replace('"', ""));
        let mut doc = String::new();
        let _ = write!(
            doc,
            "+++\ntitle = {}\ndate = {date}\nlocation = \"Briefing Room\"\nsource = \"https://example.org/briefings/{}\"\ntopics = [{}]\n+++\n\n",
            toml_string(&title),
            i + 1,
            topics_dedup.iter().map(|t| toml_string(t)).collect::<Vec<_>>().join(", ")
        );
        let _ = write!(doc, "Press Secretary: {}\n\n", text(&mut rng, &words, opening));
        for _ in 0..exchanges {
            let (name, outlet) = &journalists[rng.skewed(journalists.len())];
            let outlet = &outlets[*outlet];
            let q = rng.range(30, 120).min(per_exchange / 2);
            if rng.range(0, 3) == 0 {
                let _ = write!(doc, "Press Secretary: We'll go to {outlet}.\n\n");
            }
            let _ = write!(doc, "{name} ({outlet}): {}\n\n", text(&mut rng, &words, q));
            let _ = write!(doc, "Press Secretary: {}\n\n", text(&mut rng, &words, per_exchange - q));
        }
        doc.push_str("Press Secretary: Thank you all.\n");
        total_words += total;
        fs::write(content.join(format!("{date}-briefing-{}.md", i + 1)), doc).expect("write transcript");
    }
    eprintln!(
        "wrote {n} transcripts (~{} words), {} journalists, {} outlets into {}",
        total_words,
        journalists.len(),
        outlets.len(),
        a.out.display()
    );
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

//! What the client (`static/search.js`, `static/search/*.js`) relies on,
//! checked here from the writer's side:
//! - `tests/fixtures/search-format.json` pins the constants and encodings
//!   both sides need (format, fields and boosts, impact scale, stop words
//!   and text pipeline cases, FNV-1a, LEB128, impact bands, Rice-coded
//!   lists, term entries and their postings, forward records, blocks); the
//!   node tests check the client against the same file.
//! - `static/search/warmup-data.js`, the made-up archive the page ranks
//!   once when idle so that its ranking code is compiled before the first
//!   query, is this writer's output for [`warm_up_archive`], byte for byte.

use base64::Engine;
use elasticlunr::lang::{English, Language};
use serde_json::{json, Value};
use std::path::Path;

use super::analysis::Posting;
use super::codes::{encode_band, encode_presence, push_leb128};
use super::documents::Docs;
use super::forward::{column, Dense, DenseTerm, ENTRY};
use super::paths;
use super::shards::{build_shard, finish_terms};
use super::terms::{bucket_of, postings_part, term_entry};
use super::tiers::{block_start, Sizes, IMPACT_LN_MIN, IMPACT_LN_STEP};
use super::{FIELDS, FIELD_BOOSTS, FORMAT, SEARCH_FIELDS};

/// The fixture, read.
fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-format.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("the fixture is JSON")
}

/// A fixture array of numbers as bytes.
fn bytes(value: &Value) -> Vec<u8> {
    value.as_array().expect("an array of bytes").iter().map(|b| b.as_u64().expect("a byte") as u8).collect()
}

/// The fixture's cases of `key`.
fn cases<'a>(fixture: &'a Value, key: &str) -> &'a Vec<Value> {
    fixture[key]["cases"].as_array().unwrap_or_else(|| panic!("fixture cases of {key}"))
}

#[test]
fn the_constants_are_the_fixtures() {
    let fixture = fixture();
    assert_eq!(fixture["format"], json!(FORMAT));
    assert_eq!(fixture["fields"], json!(SEARCH_FIELDS));
    let boosts: Vec<f64> = fixture["boosts"].as_array().unwrap().iter().map(|b| b.as_f64().unwrap()).collect();
    assert_eq!(boosts, FIELD_BOOSTS);
    assert_eq!(fixture["impact"], json!([IMPACT_LN_MIN, IMPACT_LN_STEP]));
    assert_eq!(FIELDS, SEARCH_FIELDS.len());
}

#[test]
fn the_text_pipeline_gives_the_fixtures_tokens() {
    let fixture = fixture();
    let lang = English::new();
    let pipeline = lang.make_pipeline();
    // As the analysis runs it: token by token.
    let analyze = |text: &str| -> Vec<String> { lang.tokenize(text).into_iter().filter_map(|t| pipeline.run(vec![t]).pop()).collect() };
    let pipeline_cases = cases(&fixture, "pipeline");
    assert!(pipeline_cases.len() > 100);
    for case in pipeline_cases {
        let text = case[0].as_str().unwrap();
        assert_eq!(json!(analyze(text)), case[1], "tokens of {text:?}");
    }
    let stop_words = fixture["stop_words"].as_array().unwrap();
    assert!(stop_words.len() > 100);
    for word in stop_words {
        let word = word.as_str().unwrap();
        assert_eq!(analyze(word), Vec::<String>::new(), "{word:?} is a stop word");
        assert_eq!(analyze(&format!("{word}x")).len(), 1, "{word:?}x is not");
    }
}

#[test]
fn the_encodings_are_the_fixtures() {
    let fixture = fixture();
    for case in cases(&fixture, "fnv1a") {
        let (term, seed) = (case[0].as_str().unwrap(), case[1].as_u64().unwrap() as u32);
        assert_eq!(bucket_of(term, 1 << 32, seed) as u64, case[2].as_u64().unwrap(), "FNV-1a of {term:?}, seed {seed}");
    }
    for case in cases(&fixture, "leb128") {
        let mut out = Vec::new();
        push_leb128(&mut out, case[0].as_u64().unwrap() as usize);
        assert_eq!(out, bytes(&case[1]), "LEB128 of {}", case[0]);
    }
    let band = &fixture["band"];
    let postings: Vec<(u32, u16)> = band["postings"].as_array().unwrap().iter().map(|p| (p[0].as_u64().unwrap() as u32, p[1].as_u64().unwrap() as u16)).collect();
    assert_eq!(encode_band(&postings, band["base"].as_u64().unwrap() as u32), bytes(&band["bytes"]));
    let presence = &fixture["presence"];
    let docs: Vec<u32> = presence["docs"].as_array().unwrap().iter().map(|d| d.as_u64().unwrap() as u32).collect();
    assert_eq!(encode_presence(&docs), bytes(&presence["bytes"]));
    let entry = &fixture["term_entry"];
    let parts: Vec<Vec<u8>> = entry["parts"].as_array().unwrap().iter().map(bytes).collect();
    assert_eq!(term_entry(entry["term"].as_str().unwrap(), &parts), bytes(&entry["bytes"]));
    let list = &fixture["postings"];
    let lengths: Vec<Vec<[u32; FIELDS]>> = list["lengths"].as_array().unwrap().iter().map(|l| vec![std::array::from_fn(|f| l[f].as_u64().unwrap() as u32)]).collect();
    let postings: Vec<Posting> = list["postings"].as_array().unwrap().iter().map(|p| Posting::new(p[0].as_u64().unwrap() as u32, p[1].as_u64().unwrap() as usize, p[2].as_u64().unwrap() as u32)).collect();
    let dfs: Option<[u32; FIELDS]> = list["dfs"].as_array().map(|d| std::array::from_fn(|f| d[f].as_u64().unwrap() as u32));
    assert_eq!(postings_part(&postings, dfs.as_ref(), &Docs::with_lengths(lengths)), bytes(&list["bytes"]));
    let forward = &fixture["forward"];
    let total = forward["total"].as_u64().unwrap() as usize;
    let terms: Vec<DenseTerm> = forward["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let places = t[1].as_array().unwrap();
            let docs = places.iter().map(|p| (p[0].as_u64().unwrap() as u32, p[1].as_u64().map_or(ENTRY, |l| l as u16)));
            (t[0].as_str().unwrap().to_string(), places.len(), column(total, docs))
        })
        .collect();
    let dense = Dense::new(terms, total);
    assert_eq!(json!(dense.terms), forward["dense"]);
    let docs: Vec<u32> = forward["docs"].as_array().unwrap().iter().map(|d| d.as_u64().unwrap() as u32).collect();
    assert_eq!(dense.records(&docs), bytes(&forward["bytes"]));
    for case in cases(&fixture, "blocks") {
        let n = |i: usize| case[i].as_u64().unwrap() as usize;
        assert_eq!(block_start(n(0), n(1), n(2)) as usize, n(3), "block {case}");
    }
}

/// The archive the page's warm-up ranks (see `static/search/warmup.js`):
/// 400 transcripts of 10 documents; "war" in the answer of three documents
/// in four (a dense term), weighing most in the first ones (answers get
/// longer by the thousand documents), "peac" in the question of every
/// third, weighing most in the last ones (questions get shorter). Heads
/// and blocks are cut small ([`WARM_UP_SIZES`]): the shard keeps 32
/// documents of each, their term entries a head and the forward records of
/// their first documents (where "war" is in each), and their tails are in
/// blocks (the list of the documents of the tail of "peac" in its entry):
/// the hits with both words are only in the tails, which the proof that the
/// first hits are final has to read. Few distinct impacts, so that the
/// files compress well.
fn warm_up_archive() -> (Docs, Vec<(String, Vec<Posting>)>) {
    let total = 4000u32;
    let lengths: Vec<Vec<[u32; FIELDS]>> =
        (0..total / 10).map(|t| (0..10).map(|k| (t * 10 + k) / 1000).map(|g| [0, 0, 0, 4 - g, 1 + g, 0]).collect()).collect();
    let war = (0..total).filter(|d| d % 4 != 3).map(|d| Posting::new(d, 4, 1)).collect();
    let peace = (0..total).step_by(3).map(|d| Posting::new(d, 3, 1)).collect();
    (Docs::with_lengths(lengths), vec![("peac".to_string(), peace), ("war".to_string(), war)])
}

/// The sizes of the warm-up archive's heads and blocks.
const WARM_UP_SIZES: Sizes = Sizes { head: 512, block: 512, whole: 512 };

/// `static/search/warmup-data.js` as the writer makes it: the warm-up
/// archive's manifest (the part a query reads), its one shard, its term
/// files and blocks (base 64, by path), and the query the page ranks.
fn warm_up_module() -> String {
    let (docs, terms) = warm_up_archive();
    let shard = build_shard(&terms, &docs, WARM_UP_SIZES);
    let dense = Dense::new(shard.dense.clone(), docs.total());
    let (seed, term_files) = finish_terms(&shard.terms, &dense);
    let json = String::from_utf8(shard.json).expect("UTF-8");
    let base64 = |bytes: &[u8]| json!(base64::engine::general_purpose::STANDARD.encode(bytes));
    let mut files = serde_json::Map::new();
    for (b, bytes) in term_files.iter().enumerate() {
        files.insert(paths::term_file(0, b), base64(bytes));
    }
    for (file, bytes) in &shard.blocks {
        files.insert(file.path(0), base64(bytes));
    }
    let counts = "a".repeat(docs.first.len() - 1);
    let data = json!({
        "manifest": { "counts": [1, counts], "dense": dense.terms, "docs": docs.total(), "impact": [IMPACT_LN_MIN, IMPACT_LN_STEP], "shards": [""], "terms": [[term_files.len(), seed]] },
        "query": "war peace",
        "shard": json,
        "files": files,
    });
    format!(
        "// The made-up archive that static/search/warmup.js ranks: written by\n\
         // src/search/ (the test search::client::the_warm_up_data_is_the_writers_output\n\
         // checks it byte for byte), not by hand. Term files and blocks in base 64.\n\
         export const WARM_UP = {};\n",
        serde_json::to_string(&data).expect("serializes")
    )
}

#[test]
fn the_warm_up_data_is_the_writers_output() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/search/warmup-data.js");
    let expected = warm_up_module();
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    if found != expected {
        let fresh = std::env::temp_dir().join("warmup-data.js");
        std::fs::write(&fresh, &expected).expect("writes the expected file");
        panic!("{} is not what the writer makes of the warm-up archive: the writer's output is in {}; copy it over when the change is meant", path.display(), fresh.display());
    }
}


//! The crate's shape, checked: no cycle between its top-level modules, and
//! no module grown past what one reader can hold.
//!
//! Dependencies are read from the source: every `crate::x` path (in `use`
//! lines, grouped `use crate::{x, y}` lists and inline paths) in a module's
//! files, outside comments and its `#[cfg(test)]` module (tests may load an
//! archive through the pipeline that the module is a stage of).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lines of a source file above which it should be split.
const MAX_LINES: usize = 750;
/// Lines of `main.rs`, which only dispatches commands.
const MAX_MAIN_LINES: usize = 150;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, with the top-level module it belongs to
/// (`parse/segment.rs` → `parse`); `None` for `lib.rs` and `main.rs`.
fn files() -> Vec<(PathBuf, Option<String>)> {
    let root = src();
    walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("src/ is readable"))
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e.path().strip_prefix(&root).unwrap();
            let first = rel.iter().next().unwrap().to_string_lossy().trim_end_matches(".rs").to_string();
            let module = (!(rel.components().count() == 1 && (first == "lib" || first == "main"))).then_some(first);
            (e.path().to_path_buf(), module)
        })
        .collect()
}

/// The code of a file without comments and without its inline test module
/// (`#[cfg(test)] mod tests { ... }`, by convention at the end).
fn code(text: &str) -> String {
    let end = text
        .match_indices("#[cfg(test)]")
        .map(|(i, _)| i)
        .find(|&i| {
            let item = text[i + "#[cfg(test)]".len()..].trim_start();
            item.strip_prefix("mod ").and_then(|rest| rest.find(['{', ';'])).is_some_and(|k| item.as_bytes()["mod ".len() + k] == b'{')
        })
        .unwrap_or(text.len());
    text[..end].lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The top-level modules a piece of code names through `crate::`.
fn uses(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::c, d::{e, f}}`: the first name of each item at depth 0.
            let mut depth = 0;
            let mut start = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && (c.is_alphanumeric() || c == '_') => {
                        out.insert(ident(&group[k..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out
}

/// Files of modules declared for tests only (`#[cfg(test)] mod name;`).
fn test_only_files() -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for (path, _) in files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let dir = if path.ends_with("mod.rs") || path.ends_with("lib.rs") { path.parent().unwrap().to_path_buf() } else { path.with_extension("") };
        for (i, _) in text.match_indices("#[cfg(test)]") {
            let rest = text[i + "#[cfg(test)]".len()..].trim_start();
            let rest = rest.strip_prefix("pub(super) ").or_else(|| rest.strip_prefix("pub(crate) ")).unwrap_or(rest);
            if let Some(name) = rest.strip_prefix("mod ").and_then(|r| r.split_once(';')).map(|(n, _)| n.trim()) {
                out.insert(dir.join(format!("{name}.rs")));
                out.insert(dir.join(name).join("mod.rs"));
            }
        }
    }
    out
}

/// Module → the other top-level modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let tests = test_only_files();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, module) in files() {
        let Some(module) = module else { continue };
        if tests.contains(&path) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let deps = uses(&code(&text));
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(deps.into_iter().filter(|d| *d != module));
    }
    graph
}

/// A cycle through `start`, if there is one: the modules along it.
fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                return Some([path.clone(), vec![start.to_string()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push((next.clone(), [path.clone(), vec![next.clone()]].concat()));
            }
        }
    }
    None
}

#[test]
fn reads_dependencies_from_source() {
    let deps = uses("use crate::model::{Role, Turn};\nuse crate::{config::Config, parse::{self, Hints}, write};\nlet x = crate::slug::slugify(a);");
    assert_eq!(deps.into_iter().collect::<Vec<_>>(), ["config", "model", "parse", "slug", "write"]);
    assert!(uses(&code("// see crate::render\nfn f() {}\n#[cfg(test)]\nmod tests { use crate::pipeline; }")).is_empty());
    assert_eq!(uses(&code("#[cfg(test)]\nmod testdata;\nfn f() { crate::write::x(); }")).into_iter().collect::<Vec<_>>(), ["write"]);
    let g: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a")].iter().map(|(x, y)| (x.to_string(), [y.to_string()].into())).collect();
    assert_eq!(cycle_through(&g, "a").unwrap(), ["a", "b", "c", "a"]);
}

#[test]
fn no_module_cycle() {
    let graph = graph();
    assert!(graph.len() > 10, "modules found: {graph:?}");
    let cycles: Vec<String> = graph.keys().filter_map(|m| cycle_through(&graph, m)).map(|c| c.join(" → ")).collect();
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

#[test]
fn no_module_too_long() {
    let mut long = Vec::new();
    for (path, _) in files() {
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        let max = if path.ends_with("main.rs") { MAX_MAIN_LINES } else { MAX_LINES };
        if lines > max {
            long.push(format!("{} has {lines} lines (at most {max})", path.display()));
        }
    }
    assert!(long.is_empty(), "split these:\n{}", long.join("\n"));
}

//! Deciding who speaks: one speaker per person or voice, role labels
//! resolved to names, the side of the podium for labels that do not say.

use super::header::Header;
use super::label::{display_case, Label};
use super::segment::RawTurn;
use super::Hints;
use crate::model::{Level, Note, Role, Speaker, Turn};
use crate::slug::slugify;
use chrono::NaiveDate;

/// A speaker being assembled.
#[derive(Debug, Clone)]
struct Draft {
    name: Option<String>,
    title: Option<String>,
    outlet: Option<String>,
    role: Option<Role>,
    label: String,
    line: usize,
    anonymous: bool,
    /// Indices of this speaker's turns.
    turns: Vec<usize>,
}

/// Title abbreviations printed in labels.
fn expand_title(title: &str) -> String {
    let t = title.to_lowercase().replace('.', "");
    let t = t.trim_start_matches("the ").trim();
    match t {
        "pm" => "prime minister".into(),
        "dpm" => "deputy prime minister".into(),
        "vp" => "vice president".into(),
        "sg" => "secretary general".into(),
        other => other.to_string(),
    }
}

/// True when two names are the same person ("Yellen" and "Janet Yellen").
fn same_person(a: &str, b: &str) -> bool {
    let ta: Vec<String> = a.split_whitespace().map(|w| w.to_lowercase()).collect();
    let tb: Vec<String> = b.split_whitespace().map(|w| w.to_lowercase()).collect();
    match (ta.last(), tb.last()) {
        (Some(x), Some(y)) if x == y => {
            ta.len() == 1 || tb.len() == 1 || ta[0].chars().next() == tb[0].chars().next()
        }
        _ => false,
    }
}

/// Finds "<title> <Name>" in `text` and returns the name.
pub fn name_after_title(text: &str, title: &str) -> Option<String> {
    let expanded = expand_title(title);
    let lower = text.to_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&expanded) {
        let start = from + pos;
        let end = start + expanded.len();
        from = end;
        let before_ok = start == 0 || !lower[..start].chars().next_back().unwrap_or(' ').is_alphanumeric();
        if !before_ok || !text.is_char_boundary(end) {
            continue;
        }
        let after = &text[end..];
        if !after.starts_with(|c: char| c == ' ' || c == ',') {
            continue;
        }
        let mut words = Vec::new();
        for w in after.trim_start_matches([',', ' ']).split_whitespace() {
            let clean = w.trim_end_matches([',', ';', ':', '’', '\'', ')']).trim_end_matches("’s").trim_end_matches("'s");
            let first = clean.chars().next().unwrap_or(' ');
            let lw = clean.to_lowercase();
            let particle = ["von", "van", "de", "der", "da", "di", "bin", "al"].contains(&lw.as_str());
            if clean.is_empty() || !(first.is_uppercase() || (particle && !words.is_empty())) {
                break;
            }
            if ["mp", "the", "hon", "rt", "and"].contains(&lw.trim_end_matches('.')) || super::label::looks_like_outlet(clean) && words.is_empty() {
                if words.is_empty() {
                    continue;
                }
                break;
            }
            let ends_sentence = w.ends_with('.') && clean.len() > 2 && !clean[..clean.len() - 1].contains('.');
            words.push(clean.trim_end_matches('.').to_string());
            if words.len() == 4 || ends_sentence || w.ends_with(',') || clean.len() != w.len() && !w.ends_with('.') {
                break;
            }
        }
        // Drop role words the title did not cover ("Secretary General Jens").
        while words.first().is_some_and(|w| is_title_word(w)) {
            words.remove(0);
        }
        if !words.is_empty() && !words.iter().all(|w| is_title_word(w)) {
            return Some(display_case(&words.join(" ")));
        }
    }
    None
}

fn is_title_word(w: &str) -> bool {
    super::label::read_label(w).is_some_and(|l| l.name.is_none() && l.title.is_some())
        || ["Secretary", "General", "Minister", "President", "Spokesperson", "Chair", "Chairman"].contains(&w)
}

/// Groups raw turns by speaker, resolves names and roles, and returns the
/// speakers and the turns.
pub fn resolve(raw: Vec<RawTurn>, head: &Header, date: Option<NaiveDate>, hints: &Hints, notes: &mut Vec<Note>) -> (Vec<Speaker>, Vec<Turn>) {
    let mut drafts: Vec<Draft> = Vec::new();
    // Speaker index for each turn; `None` for unlabelled text.
    let mut owner: Vec<Option<usize>> = Vec::with_capacity(raw.len());
    let full_text: String = {
        let mut s = head.text.clone();
        for t in &raw {
            for p in &t.paragraphs {
                s.push_str(p);
                s.push('\n');
            }
        }
        s
    };
    for (i, turn) in raw.iter().enumerate() {
        let Some(label) = &turn.label else {
            owner.push(None);
            continue;
        };
        let idx = find_or_add(&mut drafts, label, turn.line);
        drafts[idx].turns.push(i);
        owner.push(Some(idx));
    }

    // Role labels: to a named speaker with that title, then to a name the
    // document gives ("by NATO Secretary General Jens Stoltenberg"), then to
    // the site's people.
    let mut i = 0;
    while i < drafts.len() {
        if drafts[i].name.is_some() || drafts[i].anonymous || drafts[i].title.is_none() {
            i += 1;
            continue;
        }
        let title = drafts[i].title.clone().unwrap_or_default();
        let key = expand_title(&title);
        let holder = drafts.iter().position(|d| d.name.is_some() && d.title.as_deref().map(expand_title).as_deref() == Some(key.as_str()));
        if let Some(j) = holder {
            merge(&mut drafts, &mut owner, i, j);
            continue;
        }
        let name = name_after_title(&full_text, &title).or_else(|| hint_holder(hints, &key, date));
        match name {
            Some(name) => drafts[i].name = Some(name),
            None if drafts[i].role != Some(Role::Press) && !key.contains("official") && key != "moderator" && key != "operator" => notes.push(Note {
                line: drafts[i].line,
                level: Level::Warning,
                message: format!("role label `{}` is not resolved to a name", drafts[i].label),
                hint: "name the person in a label or the title, or add them to [[people]] in site.toml with this role".into(),
            }),
            None => {}
        }
        i += 1;
    }
    // The same person under two labels ("CHAIR YELLEN" and "JANET YELLEN").
    let mut i = 0;
    while i < drafts.len() {
        let twin = (0..i).find(|&j| match (&drafts[i].name, &drafts[j].name) {
            (Some(a), Some(b)) => same_person(a, b) && drafts[i].role.is_none_or(|r| Some(r) == drafts[j].role || drafts[j].role.is_none()),
            _ => false,
        });
        match twin {
            Some(j) => merge(&mut drafts, &mut owner, i, j),
            None => i += 1,
        }
    }

    infer_roles(&mut drafts, &raw, &owner, notes);

    // Unlabelled text belongs to the main official: the one who speaks most.
    let main = drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| d.role == Some(Role::Official) && !d.turns.is_empty())
        .max_by_key(|(_, d)| d.turns.iter().map(|&t| raw[t].words()).sum::<usize>())
        .map(|(i, _)| i);
    let mut unknown = None;
    for (t, o) in owner.iter_mut().enumerate() {
        if o.is_none() {
            if let Some(m) = main {
                *o = Some(m);
            } else {
                let idx = *unknown.get_or_insert_with(|| {
                    drafts.push(Draft { name: None, title: None, outlet: None, role: Some(Role::Other), label: String::new(), line: raw[t].line, anonymous: true, turns: vec![] });
                    drafts.len() - 1
                });
                *o = Some(idx);
            }
        }
    }

    // Ids: the person's slug, unique within the transcript.
    let mut ids: Vec<String> = Vec::new();
    let mut speakers = Vec::new();
    let mut id_of = vec![String::new(); drafts.len()];
    for (i, d) in drafts.iter().enumerate() {
        if d.turns.is_empty() && !owner.contains(&Some(i)) {
            continue;
        }
        let role = d.role.unwrap_or(Role::Other);
        let base = match (&d.name, &d.title) {
            (Some(n), _) => slugify(n, "speaker"),
            (None, Some(t)) => slugify(t, "speaker"),
            (None, None) if role == Role::Press => "press".to_string(),
            _ => "speaker".to_string(),
        };
        let mut id = base.clone();
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        ids.push(id.clone());
        id_of[i] = id.clone();
        speakers.push(Speaker {
            id,
            name: d.name.clone().or_else(|| d.title.clone().filter(|_| role != Role::Press)),
            role,
            outlet: d.outlet.clone(),
            title: d.title.clone(),
            label: d.label.clone(),
        });
    }
    let turns = raw
        .into_iter()
        .zip(owner)
        .map(|(t, o)| {
            let o = o.expect("every turn has an owner");
            Turn {
                speaker: Some(id_of[o].clone()),
                role: drafts[o].role.unwrap_or(Role::Other),
                text: t.paragraphs.join("\n\n"),
                line: t.line,
            }
        })
        .collect();
    (speakers, turns)
}

/// The speaker a label belongs to, added if new.
fn find_or_add(drafts: &mut Vec<Draft>, label: &Label, line: usize) -> usize {
    let anonymous = label.role == Some(Role::Press) && label.name.is_none();
    let found = drafts.iter().position(|d| {
        if anonymous {
            return d.anonymous && d.role == Some(Role::Press) && d.outlet == label.outlet;
        }
        match (&label.name, &d.name) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (None, None) => !d.anonymous && label.title.as_deref().map(expand_title) == d.title.as_deref().map(expand_title),
            _ => false,
        }
    });
    if let Some(i) = found {
        let d = &mut drafts[i];
        if d.outlet.is_none() {
            d.outlet = label.outlet.clone();
        }
        if d.title.is_none() {
            d.title = label.title.clone();
        }
        if d.role.is_none() {
            d.role = label.role;
        }
        return i;
    }
    drafts.push(Draft {
        name: label.name.clone(),
        title: label.title.clone(),
        outlet: label.outlet.clone(),
        role: label.role,
        label: label.raw.clone(),
        line,
        anonymous,
        turns: Vec::new(),
    });
    drafts.len() - 1
}

/// Moves speaker `from`'s turns to speaker `to` and removes `from`.
fn merge(drafts: &mut Vec<Draft>, owner: &mut [Option<usize>], from: usize, to: usize) {
    let moved = std::mem::take(&mut drafts[from].turns);
    let (title, outlet, role) = (drafts[from].title.clone(), drafts[from].outlet.clone(), drafts[from].role);
    let target = &mut drafts[to];
    target.turns.extend(moved);
    target.turns.sort_unstable();
    if target.title.is_none() {
        target.title = title;
    }
    if target.outlet.is_none() {
        target.outlet = outlet;
    }
    if target.role.is_none() {
        target.role = role;
    }
    drafts.remove(from);
    for o in owner.iter_mut().flatten() {
        if *o == from {
            *o = if to > from { to - 1 } else { to };
        } else if *o > from {
            *o -= 1;
        }
    }
}

/// A name from the site's people who held `title` on `date`.
fn hint_holder(hints: &Hints, title: &str, date: Option<NaiveDate>) -> Option<String> {
    hints.people.iter().find_map(|p| {
        p.roles.iter().find_map(|(t, from, to)| {
            let in_range = match date {
                Some(d) => from.is_none_or(|f| f <= d) && to.is_none_or(|t| d <= t),
                None => from.is_none() && to.is_none(),
            };
            (expand_title(t) == title && in_range).then(|| p.name.clone())
        })
    })
}

/// Decides the side of the podium for speakers whose label does not say:
/// those who mostly ask (short turns, question marks) before a long answer
/// are press; the others are officials. Someone who speaks often, briefly,
/// asks little and hands over to a new voice each time is a moderator.
fn infer_roles(drafts: &mut [Draft], raw: &[RawTurn], owner: &[Option<usize>], notes: &mut Vec<Note>) {
    let words = |d: &Draft| d.turns.iter().map(|&t| raw[t].words()).sum::<usize>();
    let host_words = drafts.iter().filter(|d| d.role.is_some_and(Role::is_host)).map(|d| words(d)).max().unwrap_or(0);
    let biggest = drafts.iter().filter(|d| d.role.is_none()).map(|d| words(d)).max().unwrap_or(0);
    let mut decided = Vec::new();
    for i in 0..drafts.len() {
        if drafts[i].role.is_some() {
            continue;
        }
        let d = &drafts[i];
        let w = words(d);
        let asks = d.turns.iter().filter(|&&t| raw[t].paragraphs.iter().any(|p| p.contains('?'))).count();
        let is_host = if host_words == 0 {
            w == biggest && w > 0
        } else {
            w * 2 > host_words && asks * 2 < d.turns.len().max(1)
        };
        let role = if is_host {
            Role::Official
        } else if hands_over(i, d, raw, owner, drafts) {
            Role::Moderator
        } else if d.outlet.is_some() || asks > 0 {
            Role::Press
        } else {
            Role::Other
        };
        decided.push((i, role));
    }
    for (i, role) in decided {
        drafts[i].role = Some(role);
        if drafts[i].anonymous || drafts[i].turns.is_empty() {
            continue;
        }
        notes.push(Note {
            line: drafts[i].line,
            level: Level::Warning,
            message: format!("side of `{}` guessed as {} (the label does not say)", drafts[i].label, role.as_str()),
            hint: "if this is wrong, add the label to `press_labels` or `host_labels` in site.toml".into(),
        });
    }
}

/// True when speaker `i` behaves like a moderator: at least three short
/// turns, few questions, and most turns followed by a different voice that
/// is not on the podium.
fn hands_over(i: usize, d: &Draft, raw: &[RawTurn], owner: &[Option<usize>], drafts: &[Draft]) -> bool {
    let n = d.turns.len();
    if n < 3 || d.anonymous {
        return false;
    }
    let words: usize = d.turns.iter().map(|&t| raw[t].words()).sum();
    let asks = d.turns.iter().filter(|&&t| raw[t].paragraphs.iter().any(|p| p.trim_end().ends_with('?'))).count();
    let handed = d
        .turns
        .iter()
        .filter(|&&t| match owner.get(t + 1).copied().flatten() {
            Some(next) => next != i && !drafts[next].role.is_some_and(Role::is_host),
            None => false,
        })
        .count();
    words <= 40 * n && asks * 3 <= n && handed * 2 >= n
}

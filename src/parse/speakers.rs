//! Deciding who speaks: one speaker per person or voice, role labels
//! resolved to names ([`super::names`]), the side of the podium for labels
//! that do not say ([`super::sides`]), unlabelled text attributed.

use super::header::Header;
use super::names::{addresses, display_title, expand_title, given_names, header_person, header_title, is_generic_title, is_title_word, lowercase_words, name_after_title, word_core, NAME_STOPS};
use super::sides::{infer_roles, is_editorial};
use super::label::Label;
use super::segment::RawTurn;
use super::Hints;
use crate::model::{Level, Note, Role, Speaker, Turn};
use crate::slug::slugify;
use super::label::edit_distance;
use std::collections::{HashMap, HashSet};
use chrono::NaiveDate;

/// A speaker being assembled.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) name: Option<String>,
    pub(super) title: Option<String>,
    pub(super) outlet: Option<String>,
    pub(super) role: Option<Role>,
    pub(super) label: String,
    pub(super) line: usize,
    pub(super) anonymous: bool,
    /// The name was guessed from how reporters address the speaker.
    pub(super) named_by_address: bool,
    /// The label only marks answers ("A.").
    pub(super) answer: bool,
    /// Indices of this speaker's turns.
    pub(super) turns: Vec<usize>,
}




/// True when two names are the same person ("Yellen" and "Janet Yellen";
/// "Sergei Zhvachkin" and "Tomsk Governor Sergei Zhvachkin", where the
/// label's title was not read as one).
fn same_person(a: &str, b: &str) -> bool {
    let ta: Vec<String> = a.split_whitespace().map(|w| w.to_lowercase()).collect();
    let tb: Vec<String> = b.split_whitespace().map(|w| w.to_lowercase()).collect();
    let (short, long) = if ta.len() <= tb.len() { (&ta, &tb) } else { (&tb, &ta) };
    if short.len() >= 2 && long.ends_with(short) {
        return true;
    }
    match (ta.last(), tb.last()) {
        (Some(x), Some(y)) if x == y => {
            ta.len() == 1 || tb.len() == 1 || ta[0].chars().next() == tb[0].chars().next()
        }
        _ => false,
    }
}










/// Names the single unresolved generic role label (a head of government
/// printed as "PM:") by how the press addresses them: the honorific and
/// surname used most often in questions ("Mr Hawke").
fn name_by_address(drafts: &mut [Draft], unresolved: &[usize], raw: &[RawTurn], owner: &[Option<usize>]) {
    let generic: Vec<usize> = unresolved
        .iter()
        .copied()
        .filter(|&i| drafts[i].role != Some(Role::Press) && drafts[i].title.as_deref().map(expand_title).is_some_and(|k| is_generic_title(&k)))
        .collect();
    let [target] = generic.as_slice() else { return };
    let known: HashSet<String> = drafts.iter().filter_map(|d| d.name.as_deref()).flat_map(|n| n.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>()).collect();
    let mut counts: Vec<(String, String, usize)> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    for (t, turn) in raw.iter().enumerate() {
        let press = turn.label.as_ref().is_some_and(|l| l.role == Some(Role::Press));
        if !press || owner[t].is_some_and(|o| drafts[o].name.is_some()) {
            continue;
        }
        for (honorific, surname) in addresses(turn) {
            if known.contains(&surname.to_lowercase()) || is_title_word(&surname) {
                continue;
            }
            match position.get(&surname) {
                Some(&p) => counts[p].2 += 1,
                None => {
                    position.insert(surname.clone(), counts.len());
                    counts.push((surname, honorific, 1));
                }
            }
        }
    }
    if let Some((surname, honorific, _)) = counts.into_iter().max_by_key(|(_, _, n)| *n) {
        drafts[*target].name = Some(format!("{honorific} {surname}"));
        drafts[*target].named_by_address = true;
    }
}



/// Completes a surname-only name from the header ("MS. JEAN-PIERRE" →
/// "Karine Jean-Pierre" from "Press Briefing by ... Karine Jean-Pierre").
fn complete_surnames(drafts: &mut [Draft], header: &str, common: &HashSet<String>) {
    // Every word of the header, by its core ("Jean-Pierre" for
    // "Jean-Pierre's,"), so that each speaker costs one lookup.
    let lines: Vec<Vec<&str>> = header.lines().map(|l| l.split_whitespace().collect()).collect();
    let mut at: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (n, words) in lines.iter().enumerate() {
        for (k, w) in words.iter().enumerate() {
            at.entry(word_core(w)).or_default().push((n, k));
        }
    }
    for d in drafts.iter_mut() {
        let Some(name) = d.name.as_deref() else { continue };
        if name.contains(' ') || d.role == Some(Role::Press) || name.len() < 3 {
            continue;
        }
        // One or two capitalised words, and maybe an initial, right before
        // the surname: "Karine Jean-Pierre", "Susilo Bambang Yudhoyono".
        let first = at.get(name).into_iter().flatten().find_map(|&(n, k)| given_names(&lines[n][..k]));
        // "President Susilo Bambang" → "Susilo Bambang".
        let first = first.map(|f| {
            f.split_whitespace()
                .skip_while(|w| {
                    let lw = w.to_lowercase();
                    is_title_word(w) || NAME_STOPS.contains(&lw.as_str()) || common.contains(&lw) || ["The", "Mr", "Ms", "Dr"].contains(w)
                })
                .collect::<Vec<_>>()
                .join(" ")
        });
        if let Some(first) = first.filter(|f| !f.is_empty()) {
            d.name = Some(format!("{first} {name}"));
        }
    }
}



/// How many of the busiest podium voices a rarer label may be a misspelling
/// of: a typo or OCR damage is a variant of a voice heard often, and
/// comparing every label with a few of them keeps the cost linear in the
/// number of labels.
const MISSPELLING_TARGETS: usize = 32;

/// Merges speakers whose labels differ only by a typo or OCR damage
/// ("PATME MINISTER" and "PRIME MINISTER", "ADMIRAL GIRIOR" and "ADMIRAL
/// GIROIR") into the more frequent spelling. Only podium labels, and only
/// into one of the busiest podium voices.
fn merge_misspelled(drafts: &mut Vec<Draft>, owner: &mut [Option<usize>]) {
    let mut targets: Vec<usize> = (0..drafts.len()).filter(|&j| is_podium(&drafts[j])).collect();
    targets.sort_by_key(|&j| (std::cmp::Reverse(drafts[j].turns.len()), j));
    targets.truncate(MISSPELLING_TARGETS);
    targets.sort_unstable();
    let into: Vec<usize> = (0..drafts.len())
        .map(|i| targets.iter().copied().find(|&j| j != i && misspelled(&drafts[i], &drafts[j])).unwrap_or(i))
        .collect();
    merge_all(drafts, owner, &into);
}

fn is_podium(d: &Draft) -> bool {
    !d.anonymous && d.role != Some(Role::Press)
}

/// True when `a` is a rarer misspelling of `b`'s podium label.
fn misspelled(a: &Draft, b: &Draft) -> bool {
    if !is_podium(a) || !is_podium(b) || a.turns.len() >= b.turns.len() {
        return false;
    }
    // Compare letters only: "PRI[ ME MINISTER" is "PRIME MINISTER".
    let squash = |t: &str| t.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let (ta, tb) = (squash(&a.label), squash(&b.label));
    let shortest = ta.chars().count().min(tb.chars().count());
    let last_initial = |t: &str| t.split_whitespace().last().and_then(|w| w.chars().next()).map(|c| c.to_ascii_lowercase());
    shortest >= 7 && last_initial(&a.label) == last_initial(&b.label) && edit_distance(&ta, &tb) <= (shortest / 5).clamp(1, 3)
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
    let mut index = HashMap::new();
    for (i, turn) in raw.iter().enumerate() {
        let Some(label) = &turn.label else {
            owner.push(None);
            continue;
        };
        let idx = find_or_add(&mut drafts, &mut index, label, turn.line);
        drafts[idx].turns.push(i);
        owner.push(Some(idx));
    }

    let common = lowercase_words(&full_text);
    // Answers labelled "A." are given by the podium voice the header names
    // ("PRESS CONFERENCE GIVEN BY THE PRIME MINISTER"): its title, resolved
    // below like any role label.
    for d in drafts.iter_mut().filter(|d| d.answer && d.title.is_none()) {
        d.title = header_title(&head.text);
        notes.push(Note {
            line: d.line,
            level: Level::Warning,
            message: format!("answers labelled `{}` taken to be the {}'s", d.label, d.title.as_deref().unwrap_or("main speaker").to_lowercase()),
            hint: "label the answers with the speaker (`PRIME MINISTER:`), or name the speaker in the title".into(),
        });
    }
    merge_misspelled(&mut drafts, &mut owner);
    // Role labels: to a named speaker with that title, then to a name the
    // document gives ("by NATO Secretary General Jens Stoltenberg": the
    // header first, the whole text for specific titles), then to the site's
    // people, then to how reporters address them ("Mr. Fraser").
    let mut holders: HashMap<String, usize> = HashMap::new();
    for (j, d) in drafts.iter().enumerate() {
        if let (Some(_), Some(t)) = (&d.name, &d.title) {
            holders.entry(expand_title(t)).or_insert(j);
        }
    }
    let role_label = |d: &Draft| d.name.is_none() && !d.anonymous && d.title.is_some();
    let into: Vec<usize> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| if role_label(d) { d.title.as_deref().and_then(|t| holders.get(&expand_title(t))).copied().unwrap_or(i) } else { i })
        .collect();
    merge_all(&mut drafts, &mut owner, &into);
    // Names found for a title, once per title.
    let mut found: HashMap<String, Option<String>> = HashMap::new();
    let mut unresolved = Vec::new();
    for (i, draft) in drafts.iter_mut().enumerate() {
        if !role_label(draft) {
            continue;
        }
        let title = draft.title.clone().unwrap_or_default();
        let key = expand_title(&title);
        if key.contains("official") || key == "moderator" || key == "operator" {
            // Anonymous by design ("SENIOR ADMINISTRATION OFFICIAL").
            continue;
        }
        let name = found
            .entry(title.clone())
            .or_insert_with(|| {
                let from_text = if is_generic_title(&key) { None } else { name_after_title(&full_text, &title, &common) };
                name_after_title(&head.text, &title, &common).or(from_text).or_else(|| hint_holder(hints, &key, date))
            })
            .clone();
        match name {
            Some(name) => draft.name = Some(name),
            None => unresolved.push(i),
        }
    }
    name_by_address(&mut drafts, &unresolved, &raw, &owner);
    for &i in &unresolved {
        let d = &drafts[i];
        if d.named_by_address {
            notes.push(Note {
                line: d.line,
                level: Level::Warning,
                message: format!("role label `{}` taken to be {} (how reporters address the speaker)", d.label, d.name.as_deref().unwrap_or("")),
                hint: "check the name, or add the person to [[people]] in site.toml with this role and its dates".into(),
            });
        }
        let key = d.title.as_deref().map(expand_title).unwrap_or_default();
        if d.name.is_none() && d.role != Some(Role::Press) && !key.contains("official") && !matches!(key.as_str(), "moderator" | "operator" | "interpreter") {
            notes.push(Note {
                line: d.line,
                level: Level::Warning,
                message: format!("role label `{}` is not resolved to a name", d.label),
                hint: "name the person in a label or the title, or add them to [[people]] in site.toml with this role".into(),
            });
        }
    }
    complete_surnames(&mut drafts, &head.text, &common);
    // The same person under two labels ("CHAIR YELLEN" and "JANET YELLEN"):
    // each joins the first earlier speaker with the same surname who is the
    // same person.
    let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
    let mut into: Vec<usize> = (0..drafts.len()).collect();
    for i in 0..drafts.len() {
        let Some(a) = drafts[i].name.as_deref() else { continue };
        let surname = a.split_whitespace().last().unwrap_or("").to_lowercase();
        let kept = by_surname.entry(surname).or_default();
        let twin = kept.iter().copied().find(|&j| {
            let b = drafts[j].name.as_deref().unwrap_or("");
            same_person(a, b) && drafts[i].role.is_none_or(|r| Some(r) == drafts[j].role || drafts[j].role.is_none())
        });
        match twin {
            Some(j) => into[i] = j,
            None => kept.push(i),
        }
    }
    merge_all(&mut drafts, &mut owner, &into);

    // Words of each turn, counted once.
    let turn_words: Vec<usize> = raw.iter().map(RawTurn::words).collect();
    infer_roles(&mut drafts, &raw, &turn_words, &owner, notes);

    // Unlabelled text belongs to the main official: the one who speaks most.
    let main = drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| d.role == Some(Role::Official) && !d.turns.is_empty())
        .max_by_key(|(_, d)| d.turns.iter().map(|&t| turn_words[t]).sum::<usize>())
        .map(|(i, _)| i);
    let main = main.or_else(|| {
        // No labels at all: the person the header names gives the statement
        // ("Willem F. Duisenberg, President of the ECB", "President Putin
        // held a news conference").
        // Labels for the press only (answers unlabelled): the header's
        // person, or its podium title ("PRIME MINISTER'S PRESS CONFERENCE").
        let unlabelled = owner.iter().all(Option::is_none) && !owner.is_empty();
        let no_podium = !drafts.iter().any(|d| d.role.is_some_and(Role::is_host)) && owner.iter().any(Option::is_none);
        let (name, title) = match header_person(&head.text, &common).filter(|_| unlabelled || no_podium) {
            Some((name, title)) => (Some(name), title),
            // Unnamed: the page shows the answers without a name.
            None if no_podium => (None, header_title(&head.text)),
            None => return None,
        };
        let label = name.clone().or_else(|| title.clone()).unwrap_or_default();
        drafts.push(Draft { name, title, outlet: None, role: Some(Role::Official), label, line: raw[0].line, anonymous: false, named_by_address: false, answer: false, turns: vec![] });
        Some(drafts.len() - 1)
    });
    let labelled = owner.iter().any(Option::is_some);
    let mut unknown = None;
    // Unlabelled paragraphs before the first label that tell of a speaker
    // in the third person ("Following the meeting, Vladimir Putin, Hassan
    // Rouhani and Recep Tayyip Erdogan made statements") are the editor's.
    let first_label = owner.iter().position(Option::is_some).unwrap_or(0);
    let surnames: HashSet<String> = drafts.iter().filter(|d| !d.turns.is_empty()).filter_map(|d| d.name.as_deref()).filter_map(|n| n.split_whitespace().last()).map(str::to_lowercase).collect();
    let mut editorial = vec![false; owner.len()];
    for t in 0..first_label {
        if is_editorial(&raw[t], &surnames) {
            editorial[t] = true;
            notes.push(Note {
                line: raw[t].line,
                level: Level::Warning,
                message: "unlabelled text before the first speaker read as the editor's lead, not speech (it tells of a speaker in the third person)".into(),
                hint: "if someone says it, start the paragraph with their label (`NAME:`)".into(),
            });
        }
    }
    for (t, o) in owner.iter_mut().enumerate() {
        if o.is_none() && !editorial[t] {
            if let Some(m) = main {
                *o = Some(m);
                if labelled {
                    let who = drafts[m].name.clone().or_else(|| drafts[m].title.clone()).filter(|w| !w.is_empty()).or_else(|| Some(drafts[m].label.clone()).filter(|l| !l.is_empty())).unwrap_or_else(|| "the podium (its answers carry no label)".into());
                    notes.push(Note {
                        line: raw[t].line,
                        level: Level::Warning,
                        message: format!("text without a speaker label attributed to {who} (the main speaker)"),
                        hint: "add a speaker label (`NAME:`) at the start of this paragraph if someone else is speaking".into(),
                    });
                }
            } else {
                notes.push(Note {
                    line: raw[t].line,
                    level: Level::Warning,
                    message: "text without a speaker label, and no speaker to attribute it to".into(),
                    hint: "add a speaker label (`NAME:`) at the start of the paragraph, or name the speaker in the title".into(),
                });
                let idx = *unknown.get_or_insert_with(|| {
                    drafts.push(Draft { name: None, title: None, outlet: None, role: Some(Role::Other), label: String::new(), line: raw[t].line, anonymous: true, named_by_address: false, answer: false, turns: vec![] });
                    drafts.len() - 1
                });
                *o = Some(idx);
            }
        }
    }

    // Ids: the person's slug, unique within the transcript.
    let mut ids: HashSet<String> = HashSet::new();
    let mut next_number: HashMap<String, usize> = HashMap::new();
    let mut speakers = Vec::new();
    let mut id_of = vec![String::new(); drafts.len()];
    let mut owns = vec![false; drafts.len()];
    for &o in owner.iter().flatten() {
        owns[o] = true;
    }
    for (i, d) in drafts.iter().enumerate() {
        if d.turns.is_empty() && !owns[i] {
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
        let n = next_number.entry(base.clone()).or_insert(2);
        while ids.contains(&id) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        ids.insert(id.clone());
        id_of[i] = id.clone();
        speakers.push(Speaker {
            id,
            name: d.name.clone().or_else(|| d.title.as_deref().filter(|_| role != Role::Press).map(display_title)),
            role,
            outlet: d.outlet.clone(),
            title: d.title.clone(),
            label: d.label.clone(),
        });
    }
    let turns = raw
        .into_iter()
        .zip(owner)
        .map(|(t, o)| match o {
            Some(o) => Turn { speaker: Some(id_of[o].clone()), role: drafts[o].role.unwrap_or(Role::Other), text: t.paragraphs.join("\n\n"), line: t.line },
            // The editor's lead: nobody's speech.
            None => Turn { speaker: None, role: Role::Other, text: t.paragraphs.join("\n\n"), line: t.line },
        })
        .collect();
    (speakers, turns)
}

/// The speaker a label belongs to, added if new.
/// Speakers are the same when anonymous press labels give the same outlet
/// (or none), named labels the same name (ASCII case aside), and role
/// labels the same title, abbreviations spelled out. `index` maps each
/// speaker's key to it.
fn find_or_add(drafts: &mut Vec<Draft>, index: &mut HashMap<String, usize>, label: &Label, line: usize) -> usize {
    let anonymous = label.role == Some(Role::Press) && label.name.is_none();
    let key = match (&label.name, anonymous) {
        _ if label.answer => "ans".to_string(),
        (_, true) => format!("a\0{}", label.outlet.as_deref().map_or("\u{1}".to_string(), |o| format!("+{o}"))),
        (Some(name), false) => format!("n\0{}", name.to_ascii_lowercase()),
        (None, false) => format!("t\0{}", label.title.as_deref().map_or("\u{1}".to_string(), |t| format!("+{}", expand_title(t)))),
    };
    if let Some(&i) = index.get(&key) {
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
        named_by_address: false,
        answer: label.answer,
        turns: Vec::new(),
    });
    index.insert(key, drafts.len() - 1);
    drafts.len() - 1
}

/// Merges speakers at once: `into[i]` is the speaker that speaker `i`
/// joins (`i` itself when it stays). Merged speakers give their turns, and
/// their title, outlet and side where the one they join has none; the
/// others keep their order.
fn merge_all(drafts: &mut Vec<Draft>, owner: &mut [Option<usize>], into: &[usize]) {
    let n = drafts.len();
    // Follow chains (a → b → c) to the speaker that stays.
    let mut root: Vec<usize> = (0..n).collect();
    for i in 0..n {
        let mut r = into[i];
        let mut steps = 0;
        while into[r] != r && steps < n {
            r = into[r];
            steps += 1;
        }
        root[i] = r;
    }
    if root.iter().enumerate().all(|(i, &r)| i == r) {
        return;
    }
    for i in 0..n {
        let r = root[i];
        if r == i {
            continue;
        }
        let moved = std::mem::take(&mut drafts[i].turns);
        let (title, outlet, role) = (drafts[i].title.clone(), drafts[i].outlet.clone(), drafts[i].role);
        let target = &mut drafts[r];
        target.turns.extend(moved);
        if target.title.is_none() {
            target.title = title;
        }
        if target.outlet.is_none() {
            target.outlet = outlet;
        }
        if target.role.is_none() {
            target.role = role;
        }
    }
    let mut new_index = vec![0; n];
    let mut kept = 0;
    for i in 0..n {
        if root[i] == i {
            new_index[i] = kept;
            kept += 1;
        }
    }
    for o in owner.iter_mut().flatten() {
        *o = new_index[root[*o]];
    }
    let mut i = 0;
    drafts.retain(|_| {
        i += 1;
        root[i - 1] == i - 1
    });
    for d in drafts.iter_mut() {
        d.turns.sort_unstable();
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








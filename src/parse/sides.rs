//! The side of the podium for speakers whose label does not say, and text
//! that is nobody's speech (an editor's lead paragraph).

use super::segment::RawTurn;
use super::speakers::Draft;
use crate::model::{Level, Note, Role};
use std::collections::HashSet;

/// True for unlabelled text that tells of one of the speakers (by surname)
/// without a first-person word: an editor's lead paragraph.
pub(super) fn is_editorial(turn: &RawTurn, surnames: &HashSet<String>) -> bool {
    let text = turn.paragraphs.join(" ");
    let words: Vec<String> = text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’').to_lowercase()).collect();
    let first_person = ["i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "me", "my", "we", "we're", "we’re", "we've", "we’ve", "our", "us"];
    turn.label.is_none() && words.iter().any(|w| surnames.contains(w)) && !words.iter().any(|w| first_person.contains(&w.as_str()))
}

/// Words per turn of a panelist's speeches.
pub(super) const PANEL_WORDS: usize = 150;

/// Decides the side of the podium for speakers whose label does not say:
/// those who mostly ask (short turns, question marks) before a long answer
/// are press; the others are officials. A panelist (long speeches, seldom
/// ending in a question) is on the podium side. Whoever opens the event and
/// speaks again without being its main voice, or speaks often, briefly,
/// asks little and hands over to a new voice each time, is a moderator.
pub(super) fn infer_roles(drafts: &mut [Draft], raw: &[RawTurn], turn_words: &[usize], owner: &[Option<usize>], notes: &mut Vec<Note>) {
    let words = |d: &Draft| d.turns.iter().map(|&t| turn_words[t]).sum::<usize>();
    let host_words = drafts.iter().filter(|d| d.role.is_some_and(Role::is_host)).map(&words).max().unwrap_or(0);
    let biggest = drafts.iter().filter(|d| d.role.is_none()).map(&words).max().unwrap_or(0);
    let anonymous_press = drafts.iter().any(|d| d.anonymous && d.role == Some(Role::Press) && !d.turns.is_empty());
    let loudest = drafts.iter().map(&words).max().unwrap_or(0);
    // The voice that opens the event ("Good afternoon, this is Direct Line").
    let first_voice = owner.iter().flatten().next().copied();
    let mut decided = Vec::new();
    for i in 0..drafts.len() {
        if drafts[i].role.is_some() {
            continue;
        }
        let d = &drafts[i];
        let w = words(d);
        let asks = d.turns.iter().filter(|&&t| raw[t].paragraphs.iter().any(|p| p.contains('?'))).count();
        let is_host = if anonymous_press && d.title.is_some() {
            // The press is labelled anonymously ("Q"), so a voice with a
            // title ("DR. BIRX") is on the podium unless its turns mostly
            // end in a question.
            let ends_asking = d.turns.iter().filter(|&&t| raw[t].paragraphs.last().is_some_and(|p| p.trim_end().ends_with('?'))).count();
            ends_asking * 2 <= d.turns.len()
        } else if host_words == 0 {
            w == biggest && w > 0
        } else {
            w * 2 > host_words && asks * 2 < d.turns.len().max(1)
        };
        // A panelist speaks at length and seldom ends asking: a forum's
        // speaker, not the press.
        let ends_asking = d.turns.iter().filter(|&&t| raw[t].paragraphs.last().is_some_and(|p| p.trim_end().ends_with('?'))).count();
        let panelist = d.turns.len() >= 2 && w >= PANEL_WORDS * d.turns.len() && ends_asking * 2 < d.turns.len();
        // Whoever opens the event and speaks again, not being its main
        // voice, runs it.
        let opens = first_voice == Some(i) && d.turns.len() >= 3 && w < loudest && d.outlet.is_none();
        let (role, why) = if is_host {
            (Role::Official, "speaks at length and seldom asks")
        } else if panelist {
            (Role::Official, "speaks at length and seldom asks: a panelist")
        } else if opens {
            (Role::Moderator, "opens the event and speaks again: its moderator")
        } else if hands_over(i, d, raw, turn_words, owner, drafts) {
            (Role::Moderator, "hands the floor to other voices")
        } else if d.outlet.is_some() || asks > 0 || between_answers(i, d, owner, drafts) {
            (Role::Press, "asks, or is answered")
        } else {
            (Role::Other, "neither asks nor answers")
        };
        decided.push((i, role, why));
    }
    for (i, role, why) in decided {
        drafts[i].role = Some(role);
        if drafts[i].anonymous || drafts[i].turns.is_empty() {
            continue;
        }
        notes.push(Note {
            line: drafts[i].line,
            level: Level::Warning,
            message: format!("side of `{}` guessed as {} (the label does not say; the speaker {why})", drafts[i].label, role.as_str()),
            hint: "if this is wrong, add the label to `press_labels` or `host_labels` in site.toml".into(),
        });
    }
}

/// True when most of a speaker's turns are followed by a podium turn: a
/// reporter whose question has no question mark.
pub(super) fn between_answers(i: usize, d: &Draft, owner: &[Option<usize>], drafts: &[Draft]) -> bool {
    let answered = d
        .turns
        .iter()
        .filter(|&&t| owner.get(t + 1).copied().flatten().is_some_and(|next| next != i && drafts[next].role.is_some_and(Role::is_host)))
        .count();
    !d.turns.is_empty() && answered * 2 > d.turns.len()
}

/// True when speaker `i` behaves like a moderator: at least three short
/// turns, few questions, and most turns followed by a different voice that
/// is not on the podium.
pub(super) fn hands_over(i: usize, d: &Draft, raw: &[RawTurn], turn_words: &[usize], owner: &[Option<usize>], drafts: &[Draft]) -> bool {
    let n = d.turns.len();
    if n < 3 || d.anonymous {
        return false;
    }
    let words: usize = d.turns.iter().map(|&t| turn_words[t]).sum();
    let asks = d.turns.iter().filter(|&&t| raw[t].paragraphs.iter().any(|p| p.trim_end().ends_with('?'))).count();
    let handed = d
        .turns
        .iter()
        .filter(|&&t| match owner.get(t + 1).copied().flatten() {
            Some(next) => next != i && !drafts[next].role.is_some_and(Role::is_host),
            None => false,
        })
        .count();
    (words <= 40 * n && asks * 3 <= n && handed * 2 >= n) || (n >= 5 && handed * 2 >= n)
}

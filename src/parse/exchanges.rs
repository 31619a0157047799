//! Grouping turns into the opening statement, question-and-answer exchanges
//! and closing words.
//!
//! An exchange is one question put to the podium, with its answers. Walking
//! through the turns:
//! - a press turn opens an exchange when the exchange before it has been
//!   answered and the turn puts something to the podium ([`Ask::Question`]
//!   or [`Ask::Statement`]); a turn that asks nothing ([`Ask::Nothing`]:
//!   greetings, thanks, address) or finishes a sentence cut by cross-talk
//!   ([`Ask::Continuation`]) never does;
//! - while the question is still being put (no answer yet), every press
//!   turn joins it: a run of press turns, a reporter resuming after the
//!   podium's "Yeah." or "Say it?";
//! - at a press conference where journalists are called on in turn, the
//!   same named journalist speaking again after the answer, without being
//!   called, follows up in the same exchange, as does a note such as
//!   `[Inaudible follow up question]`; in an interview (one interviewer, or
//!   named interviewers who are not called on) every question after an
//!   answer is its own exchange;
//! - a podium turn answers what is pending unless it asks back briefly
//!   ("Opening what?", "Who are you with?"), is cut off ("We put up on the
//!   board —"), or is a short reaction (fewer than [`ANSWER_WORDS`] words)
//!   to a statement that asked nothing yet; a moderator's call on a
//!   journalist ("We'll go to CNN.") ends the exchange;
//! - when an exchange opens, the turns that lead into it leave the one
//!   before: the moderator's call, greetings ("Hi, Karine."), fragments of
//!   address ("Mr. President —") and the podium's "Go ahead." between them.
//!   Thanks and acknowledgments after an answer stay with that answer.

use super::asks::{classify, content_words, exchange_question, is_handoff, restates, same_opening, Ask, Names};
use crate::model::{Exchange, Level, Note, Role, Speaker, Turn};
use std::collections::{HashMap, HashSet};

/// Words a podium turn needs to answer a statement (rather than react to
/// it: "Well, it's just wrong.", "Here in Germany?").
const ANSWER_WORDS: usize = 8;

/// Words of podium chatter while no question is pending ("I haven't seen
/// you in a while."): it moves with the greeting before it.
const CHATTER_WORDS: usize = 12;

/// How a turn may move when the next exchange opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// Leads into the next question: a call, a greeting, a bare address.
    LeadIn,
    /// Moves along with a lead-in before it: "Go ahead.", a stage voice.
    Neutral,
    /// Stays where it is.
    Fixed,
}

/// True when a press turn is a follow-up or a note rather than a new
/// question ("Follow-up question:", "[Inaudible follow up question]").
fn is_follow_up_note(turn: &Turn, speaker: Option<&Speaker>) -> bool {
    let label = speaker.map(|s| s.label.to_lowercase()).unwrap_or_default();
    let t = turn.text.trim_start();
    label.contains("follow") || label == "note" || (t.starts_with('[') && t.len() < 200 && t.to_lowercase().contains("question"))
}

/// True when a moderator's turn hands the floor to a journalist ("We'll go
/// to CNN.") rather than prompting the one who has it ("Mike, can you ask
/// your question?", "Okay—").
fn calls_someone(text: &str) -> bool {
    !text.trim_end().ends_with('?') && super::calls::call(text).is_some()
}


/// Words of a turn outside stage notes.
fn words(text: &str) -> usize {
    let mut depth = 0usize;
    let mut plain = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// True when a podium turn closes what the press has put: see the module
/// documentation. `question` tells whether a question (not only a
/// statement) is pending, `cut` whether the press was cut off mid-sentence.
fn answers(text: &str, question: bool, cut: bool, names: &Names) -> Reply {
    let t = text.trim_end();
    let n = words(t);
    // "(No translation provided.)", "(Laughter.)": nothing said.
    if n == 0 {
        return Reply::NotYet;
    }
    // "Yeah." while a reporter is still talking ("And then I've got one
    // more."): an answer only if the reporter moves on to a new question;
    // "Yes?" hands over. "Say it?", "Sorry?" ask back.
    if n <= 2 && is_handoff(t, names) && !asks_to_repeat(t) {
        return Reply::Ack;
    }
    // "To roll back what?  I'm sorry.": the podium asks back.
    if t.contains('?') && n <= 15 && super::calls::call(t).is_none() {
        return Reply::AskBack;
    }
    // "We will leave." to a reporter cut off mid-question, who goes on.
    if cut && n < 15 {
        return Reply::NotYet;
    }
    if (t.ends_with('—') || t.ends_with("--") || t.ends_with('–')) && n <= 25 {
        return Reply::NotYet;
    }
    // A question handed over ("Go ahead, please.") is closed unanswered; a
    // statement met with "Okay." is still being put.
    if question || (n >= ANSWER_WORDS && !is_handoff(t, names)) {
        Reply::Answer
    } else {
        Reply::NotYet
    }
}

/// True for a podium turn asking to hear the question again: "Say it?",
/// "Sorry?", "Pardon?", "Come again?", "What?".
fn asks_to_repeat(text: &str) -> bool {
    let lower = text.to_lowercase();
    text.trim_end().ends_with('?') && ["say", "sorry", "pardon", "again", "what", "huh", "repeat"].iter().any(|w| lower.split(|c: char| !c.is_alphabetic()).any(|x| x == *w))
}

/// What a podium turn does to what the press has put.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reply {
    /// Answers it (or hands a question over unanswered).
    Answer,
    /// Asks back briefly ("Say it?", "Which one?", "Have we finished with
    /// Badgerys questions?"): a reporter who replies or repeats the
    /// question stays in the exchange; a new question opens the next.
    AskBack,
    /// Acknowledges it in a word ("Yeah."): the reporter may go on; a new
    /// question opens the next exchange.
    Ack,
    /// Leaves it open: a reaction, an interruption, a stage note.
    NotYet,
}

/// Words a new question needs to open an exchange right after the podium
/// asked back ("The — in the inspectors general role?" only clarifies).
const CLARIFICATION_WORDS: usize = 8;

/// True when a press turn that asks nothing reacts to the answer before it
/// ("Thank you.", "Okay.") rather than leading into the next question.
fn reacts(text: &str) -> bool {
    let first = text.split(|c: char| !c.is_alphanumeric() && c != '\'').find(|w| !w.is_empty()).unwrap_or("").to_lowercase();
    ["thank", "thanks", "okay", "ok", "yes", "yeah", "got", "all", "sure", "right", "appreciate", "no"].contains(&first.as_str())
}

/// Whether journalists are called on in turn (a press conference): then a
/// named journalist who speaks again after the answer follows up.
fn called_in_turn(turns: &[Turn], speakers: &HashMap<&str, &Speaker>) -> bool {
    let named: HashSet<&str> = turns
        .iter()
        .filter(|t| t.role == Role::Press)
        .filter_map(|t| t.speaker.as_deref())
        .filter(|id| speakers.get(id).is_some_and(|s| s.name.is_some()))
        .collect();
    named.len() >= 3 || (named.len() == 2 && turns.windows(2).any(|w| w[0].role.is_host() && w[1].role == Role::Press && calls_someone(&w[0].text)))
}

/// Splits turns into opening, exchanges (numbered `q1`..) and closing; what
/// was guessed goes to `notes`.
pub fn group(turns: Vec<Turn>, speakers: &[Speaker], notes: &mut Vec<Note>) -> (Vec<Turn>, Vec<Exchange>, Vec<Turn>) {
    let by_id: HashMap<&str, &Speaker> = speakers.iter().map(|s| (s.id.as_str(), s)).collect();
    let names = Names::new(speakers.iter().filter_map(|s| s.name.as_deref()));
    let conference = called_in_turn(&turns, &by_id);
    let mut opening: Vec<Turn> = Vec::new();
    let mut exchanges: Vec<Exchange> = Vec::new();
    // Tags of the turns of the current exchange (or of the opening).
    let mut tags: Vec<Tag> = Vec::new();
    // The current exchange has been answered (or closed by a call).
    let mut answered = true;
    // Since the last answer the press has put a question (not only a
    // statement).
    let mut question = false;
    let mut called_since_answer = false;
    // The last press turn that put something.
    let mut pending_text = String::new();
    let mut pending_speaker: Option<String> = None;
    // The last press turn that put something was cut off mid-sentence.
    let mut cut = false;
    // The last podium turn ended with a question; its length.
    let mut last_host_asked = false;
    let mut last_host_words = 0;
    // The podium asked back about the pending question.
    let mut asked_back = false;
    // The podium acknowledged the pending question in a word ("Yeah.").
    let mut acked = false;
    let mut joined: Vec<usize> = Vec::new();
    let mut followed_up_in_interview: Vec<usize> = Vec::new();
    for turn in turns {
        let speaker = turn.speaker.as_deref().and_then(|id| by_id.get(id).copied());
        if turn.role == Role::Press {
            let kind = classify(&turn.text, &names);
            let current_asker = exchanges.last().and_then(|e| e.asker.clone());
            let same_asker = current_asker.is_some() && current_asker == turn.speaker && !called_since_answer;
            let follows_up = is_follow_up_note(&turn, speaker) || (conference && same_asker);
            let content = kind != Ask::Nothing;
            // Compared only when the turn would open an exchange.
            // A question repeated after a brief reply ("You're going to have
            // to go louder.") is the same question.
            let restated = (answered || asked_back) && last_host_words <= ANSWER_WORDS + 4 && pending_speaker == turn.speaker && matches!(kind, Ask::Question | Ask::Statement) && !pending_text.is_empty() && (restates(&content_words(&pending_text), &content_words(&turn.text)) || same_opening(&pending_text, &turn.text));
            // A statement right after the podium asked something ("— how
            // old was he, or she?") replies to it.
            let replies = kind == Ask::Statement && last_host_asked;
            // After the podium asked back, a new question (not a repeat, not
            // a short clarification) opens the next exchange.
            if asked_back && kind == Ask::Question && !restated && words(&turn.text) > CLARIFICATION_WORDS {
                answered = true;
                question = false;
            }
            if acked && kind == Ask::Question {
                answered = true;
                question = false;
            }
            asked_back = false;
            acked = false;
            let opens = match kind {
                Ask::Nothing => false,
                _ if exchanges.is_empty() => true,
                Ask::Continuation => false,
                _ => answered && !follows_up && !restated && !replies,
            };
            if same_asker && !conference && opens {
                followed_up_in_interview.push(turn.line);
            }
            if opens {
                let lead = match exchanges.last_mut() {
                    Some(e) => lead_in(&mut e.turns, &tags, true),
                    None => lead_in(&mut opening, &tags, false),
                };
                let named = speaker.filter(|s| s.name.is_some());
                exchanges.push(Exchange {
                    id: format!("q{}", exchanges.len() + 1),
                    asker: named.map(|s| s.id.clone()),
                    outlet: speaker.and_then(|s| s.outlet.clone()),
                    turns: lead,
                    question: None,
                });
                tags = vec![Tag::Neutral; exchanges.last().map_or(0, |e| e.turns.len())];
            } else if answered && !exchanges.is_empty() && !follows_up && kind != Ask::Continuation {
                joined.push(turn.line);
            }
            if content {
                pending_text.clear();
                pending_text.push_str(&turn.text);
                pending_speaker.clone_from(&turn.speaker);
                let end = turn.text.trim_end();
                cut = end.ends_with(['—', '–', '-']);
            }
            if content || follows_up {
                answered = false;
                question |= kind == Ask::Question || (kind != Ask::Statement && turn.text.trim_end().ends_with('?'));
            }
            called_since_answer = false;
            last_host_asked = false;
            let tag = if kind == Ask::Nothing && !reacts(&turn.text) { Tag::LeadIn } else if kind == Ask::Nothing { Tag::Neutral } else { Tag::Fixed };
            push(&mut exchanges, &mut opening, &mut tags, turn, tag);
        } else {
            if turn.role.is_host() {
                last_host_asked = turn.text.trim_end().ends_with('?');
                last_host_words = words(&turn.text);
            }
            let call = turn.role == Role::Moderator && calls_someone(&turn.text);
            let tag = if call {
                called_since_answer = true;
                answered = true;
                question = false;
                Tag::LeadIn
            } else if turn.role.is_host() && !exchanges.is_empty() && !answered {
                match answers(&turn.text, question, cut, &names) {
                    Reply::Answer => {
                        answered = true;
                        question = false;
                        Tag::Fixed
                    }
                    Reply::AskBack => {
                        asked_back = question;
                        Tag::Neutral
                    }
                    Reply::Ack => {
                        acked = question;
                        Tag::Neutral
                    }
                    Reply::NotYet if words(&turn.text) <= 6 => Tag::Neutral,
                    Reply::NotYet => Tag::Fixed,
                }
            } else if !turn.role.is_host() || words(&turn.text) <= CHATTER_WORDS {
                Tag::Neutral
            } else {
                Tag::Fixed
            };
            push(&mut exchanges, &mut opening, &mut tags, turn, tag);
        }
    }
    if !joined.is_empty() {
        notes.push(Note {
            line: joined[0],
            level: Level::Warning,
            message: format!("{} press turn{} after an answer read as asking nothing new (greetings, thanks, a fragment or an announcement) and kept with a neighbouring question: line{} {}", joined.len(), plural(joined.len()), plural(joined.len()), list_lines(&joined)),
            hint: "if one of them is a new question, give it its own paragraph with a speaker label and its question mark".into(),
        });
    }
    if !followed_up_in_interview.is_empty() {
        notes.push(Note {
            line: followed_up_in_interview[0],
            level: Level::Warning,
            message: "read as an interview (journalists are not called on in turn): each question after an answer is its own exchange, even from the same journalist".into(),
            hint: "if this is a press conference, label each journalist's turns with their name (`NAME (Outlet):`) so follow-ups stay with their question".into(),
        });
    }
    let closing = split_closing(&mut exchanges);
    for e in &mut exchanges {
        e.question = exchange_question(&e.turns, &names);
    }
    (opening, exchanges, closing)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "12, 40, 77" (the first ten, then "…").
fn list_lines(lines: &[usize]) -> String {
    let mut s = lines.iter().take(10).map(usize::to_string).collect::<Vec<_>>().join(", ");
    if lines.len() > 10 {
        s.push_str(", …");
    }
    s
}

/// Appends a turn to the current exchange (or the opening), with its tag.
fn push(exchanges: &mut [Exchange], opening: &mut Vec<Turn>, tags: &mut Vec<Tag>, turn: Turn, tag: Tag) {
    match exchanges.last_mut() {
        Some(e) => e.turns.push(turn),
        None => opening.push(turn),
    }
    tags.push(tag);
}

/// Takes the turns that lead into a new question off the end of `before`:
/// from the first lead-in of its tail of lead-ins and neutral turns.
fn lead_in(before: &mut Vec<Turn>, tags: &[Tag], keep_press: bool) -> Vec<Turn> {
    let n = before.len().min(tags.len());
    let mut start = n;
    let mut from = None;
    while start > 0 && tags[start - 1] != Tag::Fixed {
        start -= 1;
        if tags[start] == Tag::LeadIn {
            from = Some(start);
        }
    }
    // An exchange keeps its question (the opening may give everything).
    match from {
        Some(f) if !keep_press || before[..f].iter().any(|t| t.role == Role::Press) => before.split_off(f),
        _ => Vec::new(),
    }
}

/// Moves the closing words (the moderator ending the event, the thanks
/// after it) out of the last exchange.
fn split_closing(exchanges: &mut [Exchange]) -> Vec<Turn> {
    let Some(last) = exchanges.last_mut() else { return Vec::new() };
    let Some(last_q) = last.turns.iter().rposition(|t| t.role == Role::Press) else { return Vec::new() };
    // Keep the answer to the last question.
    let Some(answer) = last.turns[last_q..].iter().position(|t| t.role.is_host()).map(|p| p + last_q) else { return Vec::new() };
    match last.turns[answer + 1..].iter().position(|t| t.role == Role::Moderator) {
        Some(p) => last.turns.split_off(answer + 1 + p),
        None => Vec::new(),
    }
}

//! Grouping turns into the opening statement, question-and-answer exchanges
//! and closing words, and naming who asks each question.

use crate::model::{Exchange, Role, Speaker, Turn};

/// True when a press turn is a follow-up or a note rather than a new
/// question ("Follow-up question:", "[Inaudible follow up question]").
fn is_follow_up_note(turn: &Turn, speakers: &[Speaker]) -> bool {
    let label = speakers.iter().find(|s| Some(&s.id) == turn.speaker.as_ref()).map(|s| s.label.to_lowercase()).unwrap_or_default();
    let t = turn.text.trim_start();
    label.contains("follow") || label == "note" || (t.starts_with('[') && t.len() < 200 && t.to_lowercase().contains("question"))
}

/// True when a moderator's turn hands the floor to a journalist ("We'll go
/// to CNN.") rather than prompting the one who has it ("Mike, can you ask
/// your question?", "Okay—").
fn calls_someone(text: &str) -> bool {
    !text.trim_end().ends_with('?') && super::askers::call(text).is_some()
}

/// Splits turns into opening, exchanges (numbered `q1`..) and closing.
///
/// An exchange begins at a press turn that follows a non-press turn; a
/// follow-up by the same named journalist, or a note such as `[Inaudible
/// follow up question]`, stays in the current exchange. A moderator's turn
/// right before a question (the call) belongs to the exchange it introduces.
pub fn group(turns: Vec<Turn>, speakers: &[Speaker]) -> (Vec<Turn>, Vec<Exchange>, Vec<Turn>) {
    let mut opening: Vec<Turn> = Vec::new();
    let mut exchanges: Vec<Exchange> = Vec::new();
    let mut prev_role: Option<Role> = None;
    let mut called_since_answer = false;
    for turn in turns {
        let role = turn.role;
        if role == Role::Press {
            let follows_press = prev_role == Some(Role::Press);
            let current_asker = exchanges.last().and_then(|e| e.asker.clone());
            let same_asker = current_asker.is_some() && current_asker == turn.speaker && !called_since_answer;
            let starts = exchanges.is_empty() || !(follows_press || same_asker || is_follow_up_note(&turn, speakers));
            if starts {
                // Pull the moderator's call out of what came before.
                let first = exchanges.is_empty();
                let call = {
                    let before: &mut Vec<Turn> = match exchanges.last_mut() {
                        Some(e) => &mut e.turns,
                        None => &mut opening,
                    };
                    let n = before.len();
                    let can_take = n >= 1 && before[n - 1].role == Role::Moderator && (first || n >= 2);
                    if can_take { before.pop() } else { None }
                };
                let asker = speakers.iter().find(|s| Some(&s.id) == turn.speaker.as_ref());
                let named = asker.filter(|s| s.name.is_some());
                exchanges.push(Exchange {
                    id: format!("q{}", exchanges.len() + 1),
                    asker: named.map(|s| s.id.clone()),
                    outlet: asker.and_then(|s| s.outlet.clone()),
                    turns: call.into_iter().collect(),
                });
            }
            called_since_answer = false;
            exchanges.last_mut().unwrap().turns.push(turn);
        } else {
            if role == Role::Moderator && calls_someone(&turn.text) {
                called_since_answer = true;
            }
            match exchanges.last_mut() {
                Some(e) => e.turns.push(turn),
                None => opening.push(turn),
            }
        }
        prev_role = Some(role);
    }
    let closing = split_closing(&mut exchanges);
    (opening, exchanges, closing)
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

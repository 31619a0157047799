//! The data model shared by every stage: plain data, serialized as the
//! public JSON contract (`pressroom parse --json` and `public/data/`).

use serde::{Deserialize, Serialize};

/// Which side of the podium a speaker is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Answers questions: a head of government, a minister, a central banker.
    Official,
    /// Runs the event and calls on reporters: a spokesperson, a press officer.
    Moderator,
    /// Asks questions: journalists, anonymous `Q:` labels.
    Press,
    /// Anyone else: an unlabelled voice, an audience member, a stage note.
    Other,
}

impl Role {
    /// True for the podium side (officials and moderators).
    pub fn is_host(self) -> bool {
        matches!(self, Role::Official | Role::Moderator)
    }

    /// The lowercase name used in JSON and templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Official => "official",
            Role::Moderator => "moderator",
            Role::Press => "press",
            Role::Other => "other",
        }
    }
}

/// A person (or anonymous voice) who speaks in one transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// Identifier unique within the transcript (the person's slug when named).
    pub id: String,
    /// Display name, or `None` for anonymous voices such as `Q:`.
    pub name: Option<String>,
    /// Side of the podium.
    pub role: Role,
    /// News organisation, for the press.
    pub outlet: Option<String>,
    /// Title the speaker holds in this document ("NATO Secretary General").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The label as printed the first time the speaker appears.
    pub label: String,
}

/// One uninterrupted contribution by one speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// Speaker id (see [`Speaker::id`]), or `None` when unknown.
    pub speaker: Option<String>,
    /// The role the speaker has in this turn.
    pub role: Role,
    /// The text as Markdown; paragraphs separated by blank lines.
    pub text: String,
    /// 1-based line in the source file where the turn starts.
    #[serde(default)]
    pub line: usize,
}

/// A question from the press and everything said in reply, up to the next
/// question from somebody else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// Stable anchor: `q1`, `q2`, ... in document order.
    pub id: String,
    /// Speaker id of the journalist who asks, when known.
    pub asker: Option<String>,
    /// The asker's outlet, when known.
    pub outlet: Option<String>,
    /// Every turn of the exchange, including the moderator's call.
    pub turns: Vec<Turn>,
    /// Where the question proper starts, past greetings, thanks and
    /// announcements ("What about Gaza?" in "Thank you, Karine. Good luck.
    /// What about Gaza?"); `None` when it starts with the first press turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<QuestionStart>,
}

/// A position in an exchange: a turn and a byte offset in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionStart {
    /// Index of the turn in [`Exchange::turns`].
    pub turn: usize,
    /// Byte offset in that turn's text.
    pub at: usize,
}

impl Exchange {
    /// The question as the question table and listings show it: the press
    /// turns' text from the question proper on (the page shows every turn).
    pub fn question_text(&self) -> impl Iterator<Item = &str> {
        let start = self.question.unwrap_or(QuestionStart { turn: 0, at: 0 });
        self.turns.iter().enumerate().skip(start.turn).filter(|(_, t)| t.role == Role::Press).map(move |(i, t)| {
            if i == start.turn {
                t.text.get(start.at..).unwrap_or(&t.text)
            } else {
                t.text.as_str()
            }
        })
    }
}

/// A parsed transcript: the JSON contract of DESIGN.md plus extra metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// Event date (`YYYY-MM-DD`), when known.
    pub date: Option<chrono::NaiveDate>,
    /// Title of the event.
    pub title: String,
    /// Where it took place, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Where the transcript was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Topics given in front matter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// Everyone who speaks.
    pub speakers: Vec<Speaker>,
    /// Turns before the first question.
    pub opening: Vec<Turn>,
    /// Question-and-answer exchanges.
    pub exchanges: Vec<Exchange>,
    /// Turns after the last answer (thanks, closing words).
    pub closing: Vec<Turn>,
    /// Things the parser was unsure about, for `pressroom check`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

impl Transcript {
    /// Looks a speaker up by id.
    pub fn speaker(&self, id: &str) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.id == id)
    }

    /// Every turn in document order.
    pub fn turns(&self) -> impl Iterator<Item = &Turn> {
        self.opening
            .iter()
            .chain(self.exchanges.iter().flat_map(|e| e.turns.iter()))
            .chain(self.closing.iter())
    }
}

/// Something a reader of `pressroom check` should know about a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// 1-based line, or 0 for the whole file.
    pub line: usize,
    /// How serious it is.
    pub level: Level,
    /// What was found.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// Severity of a [`Note`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth a look; the build goes on.
    Warning,
    /// The archive is wrong; `check` exits non-zero.
    Error,
}

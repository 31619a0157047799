//! The labels a document is known to use, indexed so that finding which of
//! them starts at a position of a line costs a few hash lookups, however
//! many labels there are (a transcript with thousands of distinct speakers
//! must not cost thousands of searches per line).

use std::collections::{HashMap, HashSet};

/// Known labels as printed ("PM", "GORDON DRAKE"), looked up without
/// regard to ASCII case.
#[derive(Debug, Clone)]
pub struct Keys {
    /// The labels, longest first.
    list: Vec<String>,
    /// Lowercase label → index in `list`.
    by_lower: HashMap<String, usize>,
    /// Lowercase first bytes of the labels: most words start with none.
    first_bytes: [bool; 256],
    /// Most words in a label.
    max_words: usize,
}

impl Keys {
    /// Indexes `labels` (duplicates ignored).
    pub fn new(labels: impl IntoIterator<Item = String>) -> Self {
        let mut seen = HashSet::new();
        let mut list: Vec<String> = labels.into_iter().filter(|k| !k.is_empty() && seen.insert(k.to_ascii_lowercase())).collect();
        list.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        let mut keys = Keys { list: Vec::new(), by_lower: HashMap::new(), first_bytes: [false; 256], max_words: 0 };
        for (i, k) in list.iter().enumerate() {
            keys.by_lower.insert(k.to_ascii_lowercase(), i);
            keys.first_bytes[usize::from(k.as_bytes()[0].to_ascii_lowercase())] = true;
            keys.max_words = keys.max_words.max(k.split_whitespace().count());
        }
        keys.list = list;
        keys
    }

    /// The label equal to `text` (ASCII case aside), as printed.
    pub fn get(&self, text: &str) -> Option<&str> {
        self.by_lower.get(&text.to_ascii_lowercase()).map(|&i| self.list[i].as_str())
    }

    /// Labels that `text` starts with, ending at the end of a word or before
    /// a colon ("PM" in "PM: Well", "GORDON DRAKE" in "GORDON DRAKE Yes"),
    /// longest first, as (label as printed, its length in `text`).
    pub fn prefixes<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (&'a str, usize)> + 'a {
        let starts = text.as_bytes().first().is_some_and(|b| self.first_bytes[usize::from(b.to_ascii_lowercase())]);
        let mut ends: Vec<usize> = Vec::new();
        if starts {
            let mut words = 0;
            let mut in_word = false;
            for (i, c) in text.char_indices() {
                if c.is_whitespace() {
                    if in_word {
                        words += 1;
                        push_end(&mut ends, text, i);
                        if words == self.max_words {
                            break;
                        }
                    }
                    in_word = false;
                } else {
                    in_word = true;
                }
            }
            if in_word && words < self.max_words {
                push_end(&mut ends, text, text.len());
            }
        }
        ends.into_iter().rev().filter_map(move |end| self.get(&text[..end]).map(|k| (k, end)))
    }
}

/// Records a word end, and the same end before a trailing colon.
fn push_end(ends: &mut Vec<usize>, text: &str, end: usize) {
    if text[..end].ends_with(':') && end > 1 {
        ends.push(end - 1);
    }
    ends.push(end);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_labels_at_the_start_of_text() {
        let keys = Keys::new(["PM".to_string(), "GORDON DRAKE".to_string(), "Q".to_string()]);
        assert_eq!(keys.prefixes("PM: Well").collect::<Vec<_>>(), [("PM", 2)]);
        assert_eq!(keys.prefixes("gordon drake Yes").collect::<Vec<_>>(), [("GORDON DRAKE", 12)]);
        assert_eq!(keys.prefixes("PMs are").count(), 0);
        assert_eq!(keys.prefixes("").count(), 0);
        assert_eq!(keys.get("pm"), Some("PM"));
    }

    proptest::proptest! {
        /// Prefix lengths end on character boundaries inside the text.
        #[test]
        fn prefixes_stay_inside_the_text(labels in proptest::collection::vec("\\PC{0,12}", 0..8), text in "\\PC{0,40}") {
            let keys = Keys::new(labels);
            for (_, len) in keys.prefixes(&text) {
                proptest::prop_assert!(len <= text.len() && text.is_char_boundary(len));
            }
        }
    }
}

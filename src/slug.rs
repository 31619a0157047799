//! URL slugs: ASCII (transliterated), lowercase, `[a-z0-9-]` only, so they
//! can never escape the output folder or collide by case.

/// Turns any text into a slug ("Jens Stoltenberg" → "jens-stoltenberg",
/// "Trần Đại Quang" → "tran-dai-quang"). Returns `fallback` when nothing is left.
pub fn slugify(text: &str, fallback: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > 80 {
        out.truncate(80);
        out = out.trim_end_matches('-').to_string();
    }
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Jens Stoltenberg", "x"), "jens-stoltenberg");
        assert_eq!(slugify("Trần Đại Quang", "x"), "tran-dai-quang");
        assert_eq!(slugify("../../etc/passwd", "x"), "etc-passwd");
        assert_eq!(slugify("\0/", "x"), "x");
        assert_eq!(slugify(&"a".repeat(300), "x").len(), 80);
        assert_eq!(slugify("FOX News", "x"), slugify("Fox NEWS", "x"));
    }
}

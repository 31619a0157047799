//! URL slugs: ASCII (transliterated), lowercase, `[a-z0-9-]` only, so they
//! can never escape the output folder or collide by case.
//!
//! A slug is a function of its text alone (never of what else is in the
//! archive), so it is stable: adding a transcript never renames a page.
//! Texts too long for a slug, or with no letter or digit at all, keep
//! distinct slugs through a short hash of the whole text.

/// Longest slug, in bytes (a path component must stay well under 255).
pub const MAX_LEN: usize = 80;

/// Turns any text into a slug ("Jens Stoltenberg" → "jens-stoltenberg",
/// "Trần Đại Quang" → "tran-dai-quang"). Returns `fallback` when nothing is
/// left. Slugs longer than [`MAX_LEN`] are cut and end in a hash of the
/// full slug, so two long texts that share a beginning stay apart.
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
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        return fallback.to_string();
    }
    if is_windows_device_name(out) {
        return format!("{out}-{}", short_hash(out));
    }
    if out.len() <= MAX_LEN {
        return out.to_string();
    }
    let hash = short_hash(out);
    let head = out[..MAX_LEN - hash.len() - 1].trim_end_matches('-');
    format!("{head}-{hash}")
}

/// Names Windows reserves for devices (`CON`, `NUL`, `COM1`...), which no
/// file or folder may have there, whatever its extension: a site with a
/// `con/` folder cannot be checked out on Windows. Such slugs get a short
/// hash of themselves (`con` → `con-<hash>`), the same at every build.
/// (Slugs have no `.`, so `con.txt` is already `con-txt`.)
fn is_windows_device_name(slug: &str) -> bool {
    matches!(slug, "con" | "prn" | "aux" | "nul")
        || (slug.len() == 4 && (slug.starts_with("com") || slug.starts_with("lpt")) && slug.as_bytes()[3].is_ascii_digit())
}

/// A slug for a name that must get a page of its own: like [`slugify`], but
/// a name with no letter or digit ("???", "—") becomes `<prefix>-<hash>`
/// rather than one shared fallback, so such names never share a page.
pub fn name_slug(name: &str, prefix: &str) -> String {
    let slug = slugify(name, "");
    if slug.is_empty() {
        format!("{prefix}-{}", short_hash(name.trim()))
    } else {
        slug
    }
}

/// Eight hex digits of the 64-bit FNV-1a hash of `text`: the same on every
/// machine and every run (unlike the standard library's hasher).
pub fn short_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:08x}", (h >> 32) as u32 ^ h as u32)
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
        assert_eq!(slugify("FOX News", "x"), slugify("Fox NEWS", "x"));
    }

    #[test]
    fn windows_device_names_are_renamed_the_same_way_every_time() {
        for name in ["CON", "aux", "Prn", "NUL", "COM1", "com9", "LPT1", "lpt0", "NUL "] {
            let slug = slugify(name, "x");
            let stem = slug.split('-').next().unwrap();
            assert!(slug.len() > stem.len() + 1, "{name} → {slug}");
            assert_eq!(slug, slugify(name, "x"), "stable");
            assert_eq!(name_slug(name, "person"), slug);
        }
        assert_eq!(slugify("Con.txt", "x"), slugify("con txt", "x"), "`con-txt` is a fine name");
        assert_eq!(slugify("CON", "x"), format!("con-{}", short_hash("con")));
        for fine in ["cons", "com", "com10", "lpt", "console", "aux-1", "null"] {
            assert_eq!(slugify(fine, "x"), fine);
        }
    }

    #[test]
    fn long_texts_stay_apart() {
        let a = slugify(&format!("{}a", "word ".repeat(40)), "x");
        let b = slugify(&format!("{}b", "word ".repeat(40)), "x");
        assert!(a.len() <= MAX_LEN && b.len() <= MAX_LEN, "{a} {b}");
        assert_ne!(a, b);
        assert_eq!(a, slugify(&format!("{}a", "word ".repeat(40)), "x"), "stable");
        assert_eq!(slugify(&"a".repeat(300), "x").len(), MAX_LEN);
        assert_eq!(slugify(&"a".repeat(MAX_LEN), "x"), "a".repeat(MAX_LEN));
    }

    #[test]
    fn names_without_letters_stay_apart() {
        assert_eq!(name_slug("Jane Doe", "person"), "jane-doe");
        assert_ne!(name_slug("???", "person"), name_slug("—", "person"));
        assert!(name_slug("???", "person").starts_with("person-"));
        assert_eq!(short_hash("x"), short_hash("x"));
    }
}

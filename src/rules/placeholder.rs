//! Values that stand in for a secret without being one: text that says it
//! is a stand-in (`mock_access_key`, `your-api-key-here`, `example-password`,
//! `<token>`), and the name of the variable that will hold the real value
//! (`GOOGLE_API_KEY_VAL`, `DB_PASSWORD`). A weak but real default such as
//! `changeme` or `admin123` is *not* a placeholder: it is deployed as is,
//! and guessable.

/// Words that mark a value as a stand-in.
const MARKERS: &[&str] = &[
    "mock",
    "fake",
    "dummy",
    "example",
    "sample",
    "placeholder",
    "redacted",
    "your",
    "replace",
    "insert",
    "todo",
    "test",
    "testing",
    "xxx",
];

/// Words a stand-in may combine with a marker (`mock_access_key`).
const FILLER: &[&str] = &[
    "access",
    "api",
    "app",
    "auth",
    "client",
    "credential",
    "db",
    "here",
    "id",
    "key",
    "me",
    "my",
    "pass",
    "password",
    "private",
    "pwd",
    "secret",
    "the",
    "this",
    "token",
    "user",
    "val",
    "value",
    "with",
];

/// Words that say a name is about a secret.
const SECRET_WORDS: &[&str] = &[
    "key",
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "credential",
];

/// Whether `value` is a placeholder rather than a secret (`name` is the
/// attribute or variable it is stored under, if any).
pub fn is_placeholder(value: &str, name: Option<&str>) -> bool {
    let v = value.trim();
    let words = words(v);
    if words.is_empty() {
        return false;
    }
    let marked = words.iter().any(|w| MARKERS.contains(&w.as_str()));
    let only_stand_in = words
        .iter()
        .all(|w| MARKERS.contains(&w.as_str()) || FILLER.contains(&w.as_str()));
    marked && only_stand_in || names_a_variable(v, &words) || repeats_name(v, name)
}

/// `GOOGLE_API_KEY_VAL`, `DB_PASSWORD`: an upper-case identifier that talks
/// about a secret is the name of where the secret lives, not the secret.
fn names_a_variable(value: &str, words: &[String]) -> bool {
    let identifier = value
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    identifier && value.contains('_') && words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()))
}

/// `password = "password"`: the value only repeats its name.
fn repeats_name(value: &str, name: Option<&str>) -> bool {
    let compact = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    name.is_some_and(|n| !compact(n).is_empty() && compact(n) == compact(value))
}

/// Lower-case alphabetic words: split at separators, digits and
/// lower-to-upper case changes (`mockAccessKey` → mock, access, key).
fn words(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in value.chars() {
        let boundary = !c.is_ascii_alphabetic() || (c.is_ascii_uppercase() && previous_lower);
        if boundary && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if c.is_ascii_alphabetic() {
            current.push(c.to_ascii_lowercase());
        } else if !c.is_ascii_digit() && !"-_./: ".contains(c) {
            // Anything else (`+`, `=`, `!`) is not how stand-ins are written.
            return Vec::new();
        }
        previous_lower = c.is_ascii_lowercase();
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn stand_ins_are_placeholders() {
        for value in [
            "mock_access_key",
            "mock-secret-key",
            "mockAccessKey",
            "your-api-key-here",
            "YOUR_TOKEN",
            "example-password",
            "dummy",
            "test-secret",
            "GOOGLE_API_KEY_VAL",
            "DB_PASSWORD",
            "xxx-xxx",
        ] {
            assert!(is_placeholder(value, Some("api_key")), "{value}");
        }
        assert!(is_placeholder("password", Some("password")));
        assert!(is_placeholder("Secret-Key", Some("secret_key")));
    }

    #[test]
    fn weak_or_random_values_are_secrets() {
        for value in [
            "changeme",
            "hunter22",
            "admin123",
            "testpass1",
            "Sup3r-S3cret!",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "q8Zk2LmN0pR7sT4vXw1yB3cD6fG9hJ5a",
            "ProdDbPassword",
        ] {
            assert!(!is_placeholder(value, Some("password")), "{value}");
        }
    }
}

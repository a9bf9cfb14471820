//! Values that stand in for a secret without being one: text that says it
//! is a stand-in (`mock_access_key`, `your-api-key-here`, `example-password`,
//! `<token>`), and the name of the variable that will hold the real value
//! (`GOOGLE_API_KEY_VAL`, `DB_PASSWORD`). A weak but real default such as
//! `changeme` or `admin123` is *not* a placeholder: it is deployed as is,
//! and guessable.
//!
//! A comment can also say so (`# mock credentials for the unit tests`,
//! `// fake key, not a secret`): [`test_data_regions`] finds the code such
//! a comment is about, and the secret templates do not report values
//! there (see docs/suppressions.md). The value's own words are judged
//! above, never the comment's.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Graph, TestDataReach as Reach};
use crate::source::comments;
use crate::source::{SourceFile, SourceMap};

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

/// Words that call what a comment is about stand-in data by themselves.
const STAND_IN_WORDS: &[&str] = &[
    "mock",
    "mocked",
    "mocks",
    "fake",
    "fakes",
    "dummy",
    "placeholder",
    "placeholders",
    "fixture",
    "fixtures",
    "stub",
];

/// Words that declare test data only about credentials (`test key`,
/// `example password`): alone they describe too much ("# Example app",
/// "# tests the bucket policy").
const TEST_WORDS: &[&str] = &[
    "test", "tests", "testing", "example", "examples", "sample", "samples",
];

/// What a declaration must name to cover a whole block, resource or
/// document rather than only the value it stands on or above.
const CREDENTIAL_WORDS: &[&str] = &[
    "credential",
    "credentials",
    "creds",
    "secret",
    "secrets",
    "key",
    "keys",
    "password",
    "passwords",
    "passwd",
    "token",
    "tokens",
    "cert",
    "certs",
    "certificate",
    "certificates",
];

/// Words of a comment that says the value *is* a problem — the note of a
/// hand-written check case ("# bad: a hard-coded password, flagged") —
/// which no declaration survives.
const PROBLEM_WORDS: &[&str] = &[
    "hardcoded",
    "bad",
    "insecure",
    "vulnerable",
    "flag",
    "flagged",
    "flags",
    "detect",
    "detected",
    "detects",
    "fail",
    "fails",
    "failing",
    "violation",
    "noncompliant",
    "leak",
    "leaked",
];

/// Nouns that turn a test word into the name of a real deployment: the
/// password of a "test database" or a "test environment" is a credential
/// that works, not test data.
const DEPLOYMENTS: &[&str] = &[
    "account",
    "cluster",
    "database",
    "db",
    "deployment",
    "env",
    "environment",
    "host",
    "instance",
    "project",
    "server",
    "stage",
    "subscription",
    "tenant",
];

/// A cheap look for any of the words before a file's comments are lexed:
/// most files hold none.
static MAY_DECLARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)test|mock|fake|dummy|example|sample|placeholder|fixture|stub")
        .expect("static regex")
});

/// Whether a comment declares test data, and how far: a stand-in word
/// ([`STAND_IN_WORDS`]), or a test word ([`TEST_WORDS`]) about credentials,
/// as whole words, not naming a deployment (`test environment`), in a
/// comment that does not call the value a problem ([`PROBLEM_WORDS`]). A
/// suppression directive is not such a comment, whatever its reason says:
/// it is judged as a suppression.
pub fn declares_test_data(comment: &str) -> Option<Reach> {
    if !crate::suppress::Directive::parse_all(comment).is_empty() {
        return None;
    }
    let words: Vec<String> = comment
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let declares = |list: &[&str]| {
        words.iter().enumerate().any(|(i, word)| {
            list.contains(&word.as_str())
                && !words
                    .get(i + 1)
                    .is_some_and(|next| DEPLOYMENTS.contains(&next.as_str()))
        })
    };
    let credentials = has(CREDENTIAL_WORDS);
    let declared = declares(STAND_IN_WORDS) || (credentials && declares(TEST_WORDS));
    if !declared || has(PROBLEM_WORDS) {
        return None;
    }
    Some(if credentials {
        Reach::Enclosing
    } else {
        Reach::Values
    })
}

/// Tells the graph what comments declare test data, for the secret rules.
/// A rendered file carries no comments of its own: its bytes are declared
/// where the template text or the values line they came from is.
pub fn declare_test_data(graph: &mut Graph, sources: &SourceMap) {
    // Files as written first: a rendered file's origins are among them, and
    // their regions are found once.
    let mut regions_of: HashMap<PathBuf, Vec<(Range<u32>, Reach)>> = HashMap::new();
    for (id, file) in sources.iter().filter(|(_, f)| !f.is_generated()) {
        let regions = test_data_regions(file);
        graph.declare_test_data(id, regions.clone());
        regions_of.insert(file.path.clone(), regions);
    }
    for (id, file) in sources.iter().filter(|(_, f)| f.is_generated()) {
        let mut regions = Vec::new();
        for segment in file.segments() {
            let mut places =
                std::iter::once(&segment.origin).chain(segment.trace.iter().map(|(s, _)| s));
            let reach = places.find_map(|place| {
                let declared = (regions_of.entry(place.path().to_path_buf()))
                    .or_insert_with(|| test_data_regions(&place.file));
                (declared.iter())
                    .find(|(range, _)| range.contains(&place.start))
                    .map(|(_, r)| *r)
            });
            if let Some(reach) = reach {
                // From the start of its line, as a comment in the file would
                // cover it: a value's node starts at its key.
                let line = file.position(segment.output.start).line;
                regions.push((file.line_start(line - 1)..segment.output.end, reach));
            }
        }
        graph.declare_test_data(id, regions);
    }
}

/// The byte ranges of `file` that a comment declares test data: the
/// code each such comment is about ([`comments::subject`]).
pub fn test_data_regions(file: &SourceFile) -> Vec<(Range<u32>, Reach)> {
    if !MAY_DECLARE.is_match(&file.text) {
        return Vec::new();
    }
    (1..=file.line_count())
        .filter_map(|line| {
            let reach = declares_test_data(file.comment_part(line)?)?;
            let lines = comments::subject(file, line)?;
            let start = file.line_start(lines.start() - 1);
            let end = file.line_start(*lines.end());
            Some((start..end, reach))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{declares_test_data, is_placeholder, test_data_regions};
    use crate::source::SourceFile;

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

    #[test]
    fn comments_declare_test_data_with_whole_words() {
        use super::Reach::{Enclosing, Values};
        for (comment, reach) in [
            ("# mock credentials for the unit tests", Enclosing),
            ("// fake key, not a secret", Enclosing),
            ("# example password, not used anywhere", Enclosing),
            ("# dummy", Values),
            ("# Test fixture", Values),
            ("/* placeholder */", Values),
        ] {
            assert_eq!(declares_test_data(comment), Some(reach), "{comment}");
        }
        for comment in [
            "# testament", // a word containing one is not one
            "# latest credentials",
            "# credentials of the test cluster",
            "# password of the test environment",
            "# rotate quarterly",
            // Test words alone describe too much.
            "# Example app",
            "# tests the bucket policy",
            // The note of a hand-written check case calls the value a problem.
            "# bad: a hard-coded test password, flagged",
            "# Example: hardcoded password (should be detected)",
            // A directive is judged as a suppression, never as a declaration.
            "# strata:ignore TF001 test data",
        ] {
            assert_eq!(declares_test_data(comment), None, "{comment}");
        }
    }

    #[test]
    fn regions_cover_the_code_the_comment_is_about() {
        let text = "a = 1\n# mock\nb = \"x\"\nc = \"y\" # fake\n";
        let file = SourceFile::new("main.tf".into(), text.into());
        let lines: Vec<&str> = test_data_regions(&file)
            .into_iter()
            .map(|(r, _)| &text[r.start as usize..r.end as usize])
            .collect();
        assert_eq!(lines, ["b = \"x\"\n", "c = \"y\" # fake\n"]);
    }
}

//! Dockerfile-level word handling on an instruction's logical text:
//! whitespace-separated words (quotes kept), leading `--flag=value` words,
//! and the JSON array of the exec form. Everything returns logical ranges.

use std::ops::Range;

/// Splits `text[range]` on unquoted whitespace. Quotes and escapes are kept
/// as written; an unterminated quote runs to the end.
pub fn split_raw(text: &str, range: Range<usize>, escape: char) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut at = range.start;
    while let Some(start) = skip_space(text, at, range.end) {
        let end = word_end(text, start, range.end, escape);
        words.push(start..end);
        at = end;
    }
    words
}

/// Splits `text[range]` on blanks alone, as Docker splits the shell form of
/// FROM, COPY, ADD, EXPOSE and VOLUME: quotes and escapes do not group words
/// there (a path with a space needs the JSON form); they are taken out of
/// each word only when it is expanded.
pub fn split_blanks(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut at = range.start;
    while let Some(start) = skip_space(text, at, range.end) {
        let end = text[start..range.end]
            .find(char::is_whitespace)
            .map_or(range.end, |i| start + i);
        words.push(start..end);
        at = end;
    }
    words
}

/// The first non-whitespace offset at or after `at`, if any before `end`.
pub fn skip_space(text: &str, at: usize, end: usize) -> Option<usize> {
    text.get(at..end)?
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map(|(i, _)| at + i)
}

/// Where the raw word starting at `start` ends.
fn word_end(text: &str, start: usize, end: usize, escape: char) -> usize {
    let Some(slice) = text.get(start..end) else {
        return end;
    };
    let mut chars = slice.char_indices();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            return start + i;
        } else if c == escape {
            chars.next();
        } else if c == '\'' {
            for (_, q) in chars.by_ref() {
                if q == '\'' {
                    break;
                }
            }
        } else if c == '"' {
            while let Some((_, q)) = chars.next() {
                if q == escape {
                    chars.next();
                } else if q == '"' {
                    break;
                }
            }
        }
    }
    end
}

/// A `--name=value` (or bare `--name`) word before an instruction's arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFlag {
    pub name: String,
    /// The whole word.
    pub range: Range<usize>,
    /// The value after `=`, as written (quotes kept); `None` for `--name`.
    pub value: Option<Range<usize>>,
}

/// Leading flags of `text[range]`, and where the remaining arguments start.
/// Flags stop at the first word that does not start with `--`, or after `--`.
pub fn parse_flags(text: &str, range: Range<usize>, escape: char) -> (Vec<RawFlag>, usize) {
    let mut flags = Vec::new();
    let mut at = range.start;
    while let Some(start) = skip_space(text, at, range.end) {
        let end = word_end(text, start, range.end, escape);
        let word = text.get(start..end).unwrap_or_default();
        let Some(body) = word.strip_prefix("--") else {
            return (flags, start);
        };
        if body.is_empty() {
            return (flags, skip_space(text, end, range.end).unwrap_or(range.end));
        }
        let (name, value) = match body.find('=') {
            Some(eq) => (&body[..eq], Some(start + 2 + eq + 1..end)),
            None => (body, None),
        };
        flags.push(RawFlag {
            name: name.to_ascii_lowercase(),
            range: start..end,
            value,
        });
        at = end;
    }
    (flags, range.end)
}

/// A JSON string element of an exec-form array: its decoded value and the
/// range of the literal (quotes included).
pub type JsonString = (String, Range<usize>);

/// Parses `text[range]` as a JSON array of strings (the exec form). `None`
/// when it is not one; Docker then treats the text as shell form.
pub fn parse_json_array(text: &str, range: Range<usize>) -> Option<Vec<JsonString>> {
    let slice = text.get(range.clone())?;
    let base = range.start;
    let bytes = slice.as_bytes();
    let mut at = skip_ws(bytes, 0);
    if bytes.get(at) != Some(&b'[') {
        return None;
    }
    at = skip_ws(bytes, at + 1);
    let mut items = Vec::new();
    if bytes.get(at) == Some(&b']') {
        at += 1;
    } else {
        loop {
            let (value, end) = json_string(slice, at)?;
            items.push((value, base + at..base + end));
            at = skip_ws(bytes, end);
            match bytes.get(at) {
                Some(b',') => at = skip_ws(bytes, at + 1),
                Some(b']') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_ws(bytes, at) == bytes.len()).then_some(items)
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// A JSON string literal at `at`: its value and the offset after its closing quote.
fn json_string(s: &str, at: usize) -> Option<(String, usize)> {
    let rest = s.get(at..)?;
    let mut chars = rest.char_indices();
    if chars.next()?.1 != '"' {
        return None;
    }
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, at + i + 1)),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    '"' | '\\' | '/' => out.push(e),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' => {
                        let mut code = 0u32;
                        for _ in 0..4 {
                            code = code * 16 + chars.next()?.1.to_digit(16)?;
                        }
                        // Surrogate pairs are rare in Dockerfiles: lone halves become U+FFFD.
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    _ => return None,
                }
            }
            c if (c as u32) < 0x20 => return None,
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        split_raw(s, 0..s.len(), '\\')
            .into_iter()
            .map(|r| &s[r])
            .collect()
    }

    #[test]
    fn splits_keeping_quotes() {
        assert_eq!(
            words(r#" a "b c" 'd e'f g\ h "#),
            ["a", "\"b c\"", "'d e'f", "g\\ h"]
        );
    }

    #[test]
    fn blanks_alone_split_the_whitespace_delimited_forms() {
        let s = r#" \conf\\" /.znc "a b" "#;
        let words: Vec<&str> = split_blanks(s, 0..s.len())
            .into_iter()
            .map(|r| &s[r])
            .collect();
        assert_eq!(words, [r#"\conf\\""#, "/.znc", "\"a", "b\""]);
    }

    #[test]
    fn flags_stop_at_the_first_argument() {
        let s = "--from=build --link  /a /b";
        let (flags, rest) = parse_flags(s, 0..s.len(), '\\');
        assert_eq!(flags.len(), 2);
        assert_eq!(flags[0].name, "from");
        assert_eq!(&s[flags[0].value.clone().unwrap()], "build");
        assert_eq!(flags[1].value, None);
        assert_eq!(&s[rest..], "/a /b");
    }

    #[test]
    fn json_arrays() {
        let s = r#" ["sh", "-c", "echo \"hi\"\u0021"] "#;
        let items = parse_json_array(s, 0..s.len()).unwrap();
        assert_eq!(items[2].0, "echo \"hi\"!");
        assert_eq!(&s[items[0].1.clone()], "\"sh\"");
        assert!(parse_json_array("[\"a\",]", 0..6).is_none());
        assert!(parse_json_array("[1]", 0..3).is_none());
        assert!(parse_json_array("[\"a\"] x", 0..7).is_none());
        assert_eq!(parse_json_array("[]", 0..2), Some(vec![]));
    }
}

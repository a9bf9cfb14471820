//! Valid HCL that hcl-edit 0.10.0 rejects, parsed anyway.
//!
//! Two constructs HashiCorp's parser accepts make hcl-edit fail, which left
//! whole files unanalysed (found with `benches/compare_hcl_parse.py`):
//!
//! - A `{for …}` object expression whose key or value continues on a new
//!   line (`k =>` ⏎ `cond` ⏎ `? a : b`): HCL ignores newlines inside a
//!   `for` expression, hcl-edit parses the key and value of the object form
//!   as if newlines ended them ("expected `}`").
//! - An object constructor with the same key twice: HCL parses it (the
//!   last value wins when it is evaluated), hcl-edit stops at "found
//!   redefined object key".
//!
//! Both are worked around by rewriting the text, only after a first parse
//! failed (valid files cost nothing more), with rewrites that keep every
//! byte offset — spans stay true to the original file:
//!
//! - newlines (and line comments) that sit directly inside a `{for …}`
//!   object expression become spaces;
//! - a repeated key is replaced by a placeholder of the same length, and
//!   the converter ([`super::parse`]) gives the item its original key back.

use std::borrow::Cow;

use hcl_edit::Ident;
use hcl_edit::structure::Body;

/// Rewrites tried on one file at most (each is one more parse).
const MAX_REWRITES: usize = 256;

/// A parse failure: byte offset and message.
pub type Failure = (usize, String);

/// A parsed body, and the object keys replaced by placeholders: byte
/// offset of the key → its original source text.
pub struct Parsed {
    pub body: Body,
    pub renamed: Vec<(usize, String)>,
}

pub fn parse_body(text: &str) -> Result<Parsed, Failure> {
    let mut current = Cow::Borrowed(text);
    let mut renamed: Vec<(usize, String)> = Vec::new();
    let mut attempts: Vec<(usize, usize)> = Vec::new();
    let mut joined = false;
    // What to report if the rewrites do not help: the error before the
    // speculative joining of lines, which may move it elsewhere.
    let mut before_join: Option<Failure> = None;
    for _ in 0..MAX_REWRITES {
        let failure = match hcl_edit::parser::parse_body(&current) {
            Ok(body) => return Ok(Parsed { body, renamed }),
            Err(e) => (e.location().offset(), e.message().to_owned()),
        };
        if failure.1.contains("redefined object key")
            && let Some(fixed) = rename_key(&current, failure.0, &mut renamed, &mut attempts)
        {
            current = Cow::Owned(fixed);
            continue;
        }
        if !joined {
            joined = true;
            if let Some(fixed) = join_for_object_lines(&current) {
                before_join = Some(failure);
                current = Cow::Owned(fixed);
                continue;
            }
        }
        return Err(before_join.unwrap_or(failure));
    }
    Err(before_join.unwrap_or((0, "too many rewrites".to_owned())))
}

/// Replaces the object key at `offset` (an identifier or a plain quoted
/// string) with a placeholder identifier of the same byte length; `None`
/// when the key has another form.
fn rename_key(
    text: &str,
    offset: usize,
    renamed: &mut Vec<(usize, String)>,
    attempts: &mut Vec<(usize, usize)>,
) -> Option<String> {
    let rest = text.get(offset..)?;
    let len = key_len(rest)?;
    if !renamed.iter().any(|(at, _)| *at == offset) {
        renamed.push((offset, rest[..len].to_owned()));
    }
    // A placeholder may collide with another key: try the next one.
    let attempt = match attempts.iter_mut().find(|(at, _)| *at == offset) {
        Some((_, n)) => {
            *n += 1;
            *n
        }
        None => {
            attempts.push((offset, 0));
            0
        }
    };
    let placeholder = placeholder(len, attempt)?;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..offset]);
    out.push_str(&placeholder);
    out.push_str(&text[offset + len..]);
    Some(out)
}

/// The byte length of an identifier or a quoted string without
/// interpolation at the start of `text`.
fn key_len(text: &str) -> Option<usize> {
    let mut chars = text.char_indices();
    match chars.next()? {
        (_, c) if is_id_start(c) => Some(
            chars
                .find(|(_, c)| !is_id_continue(*c))
                .map_or(text.len(), |(i, _)| i),
        ),
        (_, '"') => {
            let mut escaped = false;
            for (i, c) in chars {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => return Some(i + 1),
                    '\n' => return None,
                    '{' if text[..i].ends_with(['$', '%']) => return None,
                    _ => {}
                }
            }
            None
        }
        _ => None,
    }
}

/// The `attempt`-th identifier of `len` ASCII bytes: `_`, then base-36 digits.
fn placeholder(len: usize, attempt: usize) -> Option<String> {
    const ALPHABET: &[u8] = b"_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    if len == 1 {
        return ALPHABET.get(attempt).map(|&b| char::from(b).to_string());
    }
    let mut out = vec![b'_'; len];
    let mut n = attempt;
    for slot in out[1..].iter_mut().rev() {
        *slot = DIGITS[n % 36];
        n /= 36;
    }
    (n == 0).then(|| String::from_utf8_lossy(&out).into_owned())
}

// Only on the error path: asking hcl-edit keeps its idea of an identifier.
fn is_id_start(c: char) -> bool {
    Ident::try_new(c.to_string()).is_ok()
}

fn is_id_continue(c: char) -> bool {
    Ident::try_new(format!("a{c}")).is_ok()
}

/// What the scanner is inside of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// `{` of an object constructor, `(` or `[`: newlines are kept.
    Nested,
    /// `{for …}`: newlines directly inside become spaces.
    ForObject,
    /// `${…}` / `%{…}` inside a quoted template.
    Interpolation,
    /// A quoted template.
    Quoted,
}

/// Turns newlines and line comments that sit directly inside a `{for …}`
/// object expression into spaces; `None` when there are none, or when the
/// text cannot be scanned (unbalanced brackets: a real syntax error).
fn join_for_object_lines(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut stack: Vec<Context> = Vec::new();
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let top = stack.last().copied();
        if top == Some(Context::Quoted) {
            match b {
                b'\\' => i += 1,
                b'"' => {
                    stack.pop();
                }
                b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => {
                    if bytes.get(i + 2) == Some(&b) {
                        // `$${` / `%%{` are literal.
                        i += 2;
                    } else {
                        stack.push(Context::Interpolation);
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        let in_for = top == Some(Context::ForObject);
        match b {
            b'"' => stack.push(Context::Quoted),
            b'#' => i = skip_line_comment(bytes, &mut out, i, in_for, &mut changed),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = skip_line_comment(bytes, &mut out, i, in_for, &mut changed);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/").map(|j| i + 2 + j + 2)?;
                if in_for {
                    out[i..end].fill(b' ');
                    changed = true;
                }
                i = end - 1;
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                if let Some(end) = heredoc_end(text, i) {
                    i = end - 1;
                }
            }
            b'{' => stack.push(if starts_with_for(&bytes[i + 1..]) {
                Context::ForObject
            } else {
                Context::Nested
            }),
            b'(' | b'[' => stack.push(Context::Nested),
            b'}' | b')' | b']' => {
                stack.pop()?;
            }
            b'\n' | b'\r' if in_for => {
                out[i] = b' ';
                changed = true;
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by spaces, so the text is still UTF-8.
    changed.then(|| String::from_utf8(out).ok()).flatten()
}

/// Skips a `#` / `//` comment; inside a `{for …}` it and its newline
/// become spaces. Returns the index of the last byte consumed.
fn skip_line_comment(
    bytes: &[u8],
    out: &mut [u8],
    start: usize,
    in_for: bool,
    changed: &mut bool,
) -> usize {
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |j| start + j);
    if in_for {
        let through = (end + 1).min(bytes.len());
        out[start..through].fill(b' ');
        *changed = true;
        through - 1
    } else {
        end.saturating_sub(1).max(start)
    }
}

/// Whether the body of a `{` starts with the `for` keyword (as hcl-edit
/// decides it: whitespace, `for`, then a space, comment or newline).
fn starts_with_for(rest: &[u8]) -> bool {
    let start = rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let rest = &rest[start..];
    rest.starts_with(b"for") && matches!(rest.get(3), Some(b' ' | b'\t' | b'#' | b'/' | b'\n'))
}

/// The end (exclusive, after the closing marker's line) of a heredoc that
/// starts at `start` (`<<EOT` or `<<-EOT`); `None` if it is not one.
fn heredoc_end(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start + 2..];
    let rest_start = start + 2 + usize::from(rest.starts_with('-'));
    let rest = &text[rest_start..];
    let marker_len = rest
        .char_indices()
        .find(|(_, c)| !is_id_continue(*c))
        .map_or(rest.len(), |(i, _)| i);
    let marker = &rest[..marker_len];
    if marker.is_empty() || !rest[marker_len..].starts_with(['\n', '\r']) {
        return None;
    }
    let mut pos = rest_start + marker_len;
    for line in text[pos..].split_inclusive('\n') {
        pos += line.len();
        if line.trim() == marker {
            // The newline after the marker ends the heredoc: it stays.
            return Some(pos);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_for_object_value_may_continue_on_new_lines() {
        let text = "x = {\n  for k, v in var.m : k =>\n  v.enabled # why\n  ? { a = 1\n  b = 2 }\n  : null\n}\n";
        assert!(hcl_edit::parser::parse_body(text).is_err());
        let parsed = parse_body(text).expect("valid HCL");
        assert_eq!(parsed.body.len(), 1);
        let joined = join_for_object_lines(text).unwrap();
        assert_eq!(joined.len(), text.len());
        // The plain object nested in the value keeps its newline separator.
        assert!(joined.contains("{ a = 1\n  b = 2 }"));
    }

    #[test]
    fn heredocs_strings_and_plain_objects_keep_their_newlines() {
        let text =
            "x = { for k in l : k => <<EOT\n{ for\nEOT\n}\ny = \"${ {for a in b : a => a}[0] }\"\n";
        let joined = join_for_object_lines(text);
        // Nothing to join: the heredoc body is opaque, the interpolation has no newline.
        assert_eq!(joined, None);
    }

    #[test]
    fn a_repeated_object_key_is_parsed_and_remembered() {
        let text = "x = {\n  a = 1\n  \"b\" = 2\n  a = 3\n  \"b\" = 4\n}\n";
        let parsed = parse_body(text).expect("valid HCL");
        let keys: Vec<_> = parsed.renamed.iter().map(|(_, k)| k.as_str()).collect();
        assert_eq!(keys, ["a", "\"b\""]);
        assert_eq!(&text[parsed.renamed[0].0..parsed.renamed[0].0 + 1], "a");
    }

    #[test]
    fn a_real_syntax_error_is_still_reported_where_it_is() {
        let text = "x = {\n  a = 1 +\n}\n";
        let (offset, _) = parse_body(text).err().expect("invalid HCL");
        assert!(offset >= text.find('+').unwrap());
    }

    #[test]
    fn placeholders_have_the_key_length() {
        assert_eq!(placeholder(1, 0).as_deref(), Some("_"));
        assert_eq!(placeholder(3, 37).as_deref(), Some("_11"));
        assert_eq!(placeholder(2, 36), None);
    }
}

//! Go `text/template` lexer: template text and `{{ … }}` actions, with byte
//! positions into the template source.
//!
//! Trim markers are applied here: `{{- ` removes the whitespace before the
//! action from the preceding text item and ` -}}` the whitespace after it,
//! so text items already hold exactly the bytes that will be printed (still
//! one contiguous range of the source, which is what the source map needs).

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// Template text; the item's range is the (trimmed) text.
    Text,
    /// `{{` (the range covers `{{` or `{{-`).
    Open,
    /// `}}`
    Close,
    Ident(String),
    /// `.Name` (one element of a field chain).
    Field(String),
    /// `$` or `$name`.
    Var(String),
    Dot,
    Str(String),
    Char(char),
    Number(String),
    Bool(bool),
    Nil,
    Pipe,
    LParen,
    RParen,
    Declare,
    Assign,
    Comma,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub tok: Tok,
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LexError {
    pub at: u32,
    pub message: String,
}

/// A comment `{{/* … */}}`; kept so suppression comments can be found.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub start: u32,
    pub end: u32,
}

pub struct Lexed {
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Splits `src` into items. Positions are offsets into `src` plus `base`
/// (templates defined inside `tpl` strings are lexed on their own).
pub fn lex(src: &str) -> Result<Lexed, LexError> {
    let bytes = src.as_bytes();
    let mut items = Vec::new();
    let mut comments = Vec::new();
    let mut pos = 0usize;
    // Whitespace after a ` -}}` is skipped from the next text item.
    let mut trim_next = false;
    loop {
        let open = find(bytes, pos, b"{{");
        let text_end = open.unwrap_or(bytes.len());
        let mut text_start = pos;
        if trim_next {
            while text_start < text_end && is_space(bytes[text_start]) {
                text_start += 1;
            }
        }
        let Some(open) = open else {
            push_text(&mut items, text_start, text_end);
            break;
        };
        // `{{- ` trims; `{{-3}}` is the number -3.
        let trim_left =
            bytes.get(open + 2) == Some(&b'-') && bytes.get(open + 3).is_some_and(|&b| is_space(b));
        let mut kept_end = text_end;
        if trim_left {
            while kept_end > text_start && is_space(bytes[kept_end - 1]) {
                kept_end -= 1;
            }
        }
        push_text(&mut items, text_start, kept_end);
        let mut p = open + 2 + if trim_left { 2 } else { 0 };
        // Comments must follow the delimiter (and trim marker) directly.
        if bytes[p..].starts_with(b"/*") {
            let Some(close) = find(bytes, p + 2, b"*/") else {
                return Err(LexError {
                    at: open as u32,
                    message: "unclosed comment".into(),
                });
            };
            let mut q = close + 2;
            let mut trim_right = false;
            if bytes[q..].starts_with(b" -}}") {
                trim_right = true;
                q += 4;
            } else if bytes[q..].starts_with(b"}}") {
                q += 2;
            } else {
                return Err(LexError {
                    at: close as u32,
                    message: "comment ends before closing delimiter".into(),
                });
            }
            comments.push(Comment {
                start: open as u32,
                end: q as u32,
            });
            trim_next = trim_right;
            pos = q;
            continue;
        }
        items.push(Item {
            tok: Tok::Open,
            start: open as u32,
            end: p as u32,
        });
        let (next, trim_right) = lex_action(src, &mut p, &mut items)?;
        trim_next = trim_right;
        pos = next;
        let _ = p;
    }
    Ok(Lexed { items, comments })
}

fn push_text(items: &mut Vec<Item>, start: usize, end: usize) {
    if end > start {
        items.push(Item {
            tok: Tok::Text,
            start: start as u32,
            end: end as u32,
        });
    }
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Lexes one action body starting at `*p`; returns the offset after `}}`
/// and whether it was ` -}}`.
fn lex_action(src: &str, p: &mut usize, items: &mut Vec<Item>) -> Result<(usize, bool), LexError> {
    let bytes = src.as_bytes();
    let err = |at: usize, message: &str| LexError {
        at: at as u32,
        message: message.to_string(),
    };
    loop {
        let Some(&b) = bytes.get(*p) else {
            return Err(err(*p, "unclosed action"));
        };
        let start = *p;
        let push = |items: &mut Vec<Item>, tok: Tok, end: usize| {
            items.push(Item {
                tok,
                start: start as u32,
                end: end as u32,
            })
        };
        if is_space(b) {
            // ` -}}` closes with a trim.
            let mut q = *p;
            while q < bytes.len() && is_space(bytes[q]) {
                q += 1;
            }
            if bytes[q..].starts_with(b"-}}") {
                push(items, Tok::Close, q + 3);
                return Ok((q + 3, true));
            }
            *p = q;
            continue;
        }
        if bytes[*p..].starts_with(b"}}") {
            push(items, Tok::Close, *p + 2);
            return Ok((*p + 2, false));
        }
        match b {
            b'|' => {
                *p += 1;
                push(items, Tok::Pipe, *p);
            }
            b'(' => {
                *p += 1;
                push(items, Tok::LParen, *p);
            }
            b')' => {
                *p += 1;
                push(items, Tok::RParen, *p);
            }
            b',' => {
                *p += 1;
                push(items, Tok::Comma, *p);
            }
            b':' => {
                if bytes.get(*p + 1) != Some(&b'=') {
                    return Err(err(*p, "expected :="));
                }
                *p += 2;
                push(items, Tok::Declare, *p);
            }
            b'=' => {
                *p += 1;
                push(items, Tok::Assign, *p);
            }
            b'"' => {
                let (s, end) = lex_quoted(src, *p)?;
                *p = end;
                push(items, Tok::Str(s), end);
            }
            b'`' => {
                let Some(close) = find(bytes, *p + 1, b"`") else {
                    return Err(err(*p, "unterminated raw quoted string"));
                };
                let s = src[*p + 1..close].replace('\r', "");
                *p = close + 1;
                push(items, Tok::Str(s), *p);
            }
            b'\'' => {
                let (c, end) = lex_char(src, *p)?;
                *p = end;
                push(items, Tok::Char(c), end);
            }
            b'$' => {
                let end = ident_end(bytes, *p + 1);
                *p = end;
                push(items, Tok::Var(src[start..end].to_string()), end);
            }
            b'.' => {
                if bytes.get(*p + 1).is_some_and(|c| c.is_ascii_digit()) {
                    let end = number_end(bytes, *p);
                    *p = end;
                    push(items, Tok::Number(src[start..end].to_string()), end);
                } else {
                    let end = ident_end(bytes, *p + 1);
                    *p = end;
                    if end == start + 1 {
                        push(items, Tok::Dot, end);
                    } else {
                        push(items, Tok::Field(src[start + 1..end].to_string()), end);
                    }
                }
            }
            b'0'..=b'9' | b'+' | b'-' => {
                let end = number_end(bytes, *p);
                if end == *p + 1 && !b.is_ascii_digit() {
                    return Err(err(*p, &format!("unexpected \"{}\" in operand", b as char)));
                }
                *p = end;
                push(items, Tok::Number(src[start..end].to_string()), end);
            }
            _ if b == b'_' || b.is_ascii_alphabetic() || b >= 0x80 => {
                let end = ident_end(bytes, *p);
                if end == *p {
                    return Err(err(*p, "unrecognized character in action"));
                }
                *p = end;
                let word = &src[start..end];
                let tok = match word {
                    "true" => Tok::Bool(true),
                    "false" => Tok::Bool(false),
                    "nil" => Tok::Nil,
                    _ => Tok::Ident(word.to_string()),
                };
                push(items, tok, end);
            }
            _ => {
                let c = src[*p..].chars().next().unwrap_or('?');
                return Err(err(*p, &format!("unrecognized character in action: {c:?}")));
            }
        }
    }
}

fn ident_end(bytes: &[u8], mut p: usize) -> usize {
    while p < bytes.len()
        && (bytes[p] == b'_' || bytes[p].is_ascii_alphanumeric() || bytes[p] >= 0x80)
    {
        p += 1;
    }
    p
}

fn number_end(bytes: &[u8], mut p: usize) -> usize {
    if p < bytes.len() && matches!(bytes[p], b'+' | b'-') {
        p += 1;
    }
    while p < bytes.len() {
        let b = bytes[p];
        let exp_sign =
            matches!(b, b'+' | b'-') && p > 0 && matches!(bytes[p - 1], b'e' | b'E' | b'p' | b'P');
        if b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || exp_sign {
            p += 1;
        } else {
            break;
        }
    }
    p
}

fn lex_quoted(src: &str, start: usize) -> Result<(String, usize), LexError> {
    let mut out = String::new();
    let mut chars = src[start + 1..].char_indices();
    let err = |at: usize, m: &str| LexError {
        at: at as u32,
        message: m.to_string(),
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, start + 1 + i + 1)),
            '\n' => return Err(err(start, "unterminated quoted string")),
            '\\' => {
                let Some((_, e)) = chars.next() else {
                    break;
                };
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    '\'' => out.push('\''),
                    'x' | 'u' | 'U' => {
                        let n = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut code = 0u32;
                        for _ in 0..n {
                            let Some((_, h)) = chars.next() else {
                                return Err(err(start, "bad escape"));
                            };
                            code = code * 16
                                + h.to_digit(16).ok_or_else(|| err(start, "bad escape"))?;
                        }
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    '0'..='7' => {
                        let mut code = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            let Some((_, o)) = chars.next() else {
                                return Err(err(start, "bad escape"));
                            };
                            code =
                                code * 8 + o.to_digit(8).ok_or_else(|| err(start, "bad escape"))?;
                        }
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    _ => return Err(err(start, "unknown escape sequence")),
                }
            }
            _ => out.push(c),
        }
    }
    Err(err(start, "unterminated quoted string"))
}

fn lex_char(src: &str, start: usize) -> Result<(char, usize), LexError> {
    let err = || LexError {
        at: start as u32,
        message: "malformed character constant".into(),
    };
    let mut chars = src[start + 1..].char_indices();
    let (_, first) = chars.next().ok_or_else(err)?;
    let c = if first == '\\' {
        match chars.next().ok_or_else(err)?.1 {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '0' => '\0',
            c @ ('\\' | '\'' | '"') => c,
            _ => return Err(err()),
        }
    } else if first == '\'' || first == '\n' {
        return Err(err());
    } else {
        first
    };
    match chars.next() {
        Some((i, '\'')) => Ok((c, start + 1 + i + 1)),
        _ => Err(err()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        lex(src).unwrap().items.into_iter().map(|i| i.tok).collect()
    }

    #[test]
    fn trims_and_comments() {
        let l = lex("a  {{- 1 -}}  b {{/* c */}}d").unwrap();
        let texts: Vec<_> = l
            .items
            .iter()
            .filter(|i| i.tok == Tok::Text)
            .map(|i| (i.start, i.end))
            .collect();
        assert_eq!(texts, vec![(0, 1), (14, 16), (27, 28)]);
        assert_eq!(l.comments.len(), 1);
    }

    #[test]
    fn action_tokens() {
        assert_eq!(
            toks("{{ $x := .A.b | f \"s\" 1.5 -3 'c' nil true ( ) }}"),
            vec![
                Tok::Open,
                Tok::Var("$x".into()),
                Tok::Declare,
                Tok::Field("A".into()),
                Tok::Field("b".into()),
                Tok::Pipe,
                Tok::Ident("f".into()),
                Tok::Str("s".into()),
                Tok::Number("1.5".into()),
                Tok::Number("-3".into()),
                Tok::Char('c'),
                Tok::Nil,
                Tok::Bool(true),
                Tok::LParen,
                Tok::RParen,
                Tok::Close
            ]
        );
    }

    #[test]
    fn errors_have_positions() {
        assert!(lex("ab {{ \"x").is_err());
        assert!(lex("{{ 1 ").is_err());
        assert!(lex("{{/* x").is_err());
        assert!(lex("{{ ' }}").is_err());
    }
}

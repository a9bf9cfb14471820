//! Terraform JSON syntax (`.tf.json`, `.tfvars.json`).
//!
//! A small position-tracking JSON reader (serde_json keeps no spans), then
//! a lowering of the JSON shapes Terraform defines into the native [`ast`]:
//! `{"resource": {"type": {"name": {…}}}}` and so on. Strings are templates
//! (`"${var.x}"`); expressions inside a string carry the string's span.

use super::Diagnostic;
use super::ast::*;
use super::parse;
use crate::model::{Node, Value};
use crate::source::{FileId, Span};

/// Deeper nesting than this is rejected rather than risking the stack.
const MAX_NESTING: usize = 256;

#[derive(Debug)]
enum J {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<JNode>),
    /// Members with the span of each key.
    Obj(Vec<(String, Span, JNode)>),
}

#[derive(Debug)]
struct JNode {
    v: J,
    span: Span,
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    file: FileId,
}

type PResult<T> = Result<T, (usize, String)>;

impl Reader<'_> {
    fn ws(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn fail<T>(&self, what: &str) -> PResult<T> {
        Err((self.pos, what.to_owned()))
    }

    fn value(&mut self, depth: usize) -> PResult<JNode> {
        if depth > MAX_NESTING {
            return self.fail("nesting is too deep");
        }
        self.ws();
        let start = self.pos;
        let v = match self.bytes.get(self.pos) {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => J::Str(self.string()?),
            Some(b't') => self.word("true", J::Bool(true))?,
            Some(b'f') => self.word("false", J::Bool(false))?,
            Some(b'n') => self.word("null", J::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return self.fail("expected a JSON value"),
        };
        Ok(JNode {
            v,
            span: Span::new(self.file, start..self.pos),
        })
    }

    fn word(&mut self, w: &str, v: J) -> PResult<J> {
        if self.text[self.pos..].starts_with(w) {
            self.pos += w.len();
            Ok(v)
        } else {
            self.fail("expected a JSON value")
        }
    }

    fn number(&mut self) -> PResult<J> {
        let start = self.pos;
        while matches!(
            self.bytes.get(self.pos),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.pos += 1;
        }
        match self.text[start..self.pos].parse() {
            Ok(n) => Ok(J::Num(n)),
            Err(_) => Err((start, "invalid number".into())),
        }
    }

    fn string(&mut self) -> PResult<String> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(i) = rest.find(['"', '\\']) else {
                return self.fail("unterminated string");
            };
            out.push_str(&rest[..i]);
            self.pos += i;
            if self.bytes[self.pos] == b'"' {
                self.pos += 1;
                return Ok(out);
            }
            self.pos += 1; // backslash
            let c = match self.bytes.get(self.pos) {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => {
                    self.pos += 1;
                    let hi = self.hex4()?;
                    let code = if (0xd800..0xdc00).contains(&hi)
                        && self.text[self.pos..].starts_with("\\u")
                    {
                        self.pos += 2;
                        let lo = self.hex4()?;
                        0x10000 + ((hi - 0xd800) << 10) + (lo.wrapping_sub(0xdc00) & 0x3ff)
                    } else {
                        hi
                    };
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    continue;
                }
                _ => return self.fail("invalid escape sequence"),
            };
            out.push(c);
            self.pos += 1;
        }
    }

    fn hex4(&mut self) -> PResult<u32> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match digits {
            Some(d) => {
                self.pos += 4;
                Ok(d)
            }
            None => self.fail("invalid \\u escape"),
        }
    }

    fn array(&mut self, depth: usize) -> PResult<J> {
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(J::Arr(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(J::Arr(items));
                }
                _ => return self.fail("expected `,` or `]`"),
            }
        }
    }

    fn object(&mut self, depth: usize) -> PResult<J> {
        self.pos += 1;
        let mut members = Vec::new();
        self.ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(J::Obj(members));
        }
        loop {
            self.ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return self.fail("expected a string key");
            }
            let start = self.pos;
            let key = self.string()?;
            let key_span = Span::new(self.file, start..self.pos);
            self.ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return self.fail("expected `:`");
            }
            self.pos += 1;
            members.push((key, key_span, self.value(depth + 1)?));
            self.ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(J::Obj(members));
                }
                _ => return self.fail("expected `,` or `}`"),
            }
        }
    }
}

fn read(text: &str, file: FileId) -> Result<JNode, Diagnostic> {
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        file,
    };
    let result = r.value(0).and_then(|v| {
        r.ws();
        if r.pos < text.len() {
            r.fail("unexpected text after the JSON value")
        } else {
            Ok(v)
        }
    });
    result.map_err(|(offset, message)| parse::error_diagnostic(text, file, offset, &message))
}

/// Parses a `.tfvars.json` file into (variable, value) pairs.
pub fn parse_values(text: &str, file: FileId) -> Result<Vec<(String, Node)>, Diagnostic> {
    let root = read(text, file)?;
    let J::Obj(members) = root.v else {
        return Err(parse::error_diagnostic(
            text,
            file,
            0,
            "expected a JSON object",
        ));
    };
    Ok(members
        .into_iter()
        .map(|(k, _, v)| (k, literal(v)))
        .collect())
}

/// A JSON value as a plain value (tfvars and variable defaults are not templates).
fn literal(j: JNode) -> Node {
    let value = match j.v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(b),
        J::Num(n) => Value::Number(n),
        J::Str(s) => Value::String(s),
        J::Arr(items) => Value::List(items.into_iter().map(literal).collect()),
        J::Obj(m) => Value::Map(m.into_iter().map(|(k, _, v)| (k, literal(v))).collect()),
    };
    Node::new(value, Some(j.span))
}

/// Parses a `.tf.json` file into the same tree as native syntax.
pub fn parse_config(text: &str, file: FileId) -> Result<Body, Diagnostic> {
    let root = read(text, file)?;
    let J::Obj(members) = root.v else {
        return Err(parse::error_diagnostic(
            text,
            file,
            0,
            "expected a JSON object",
        ));
    };
    let mut body = Body::default();
    for (kind, key_span, value) in members {
        let labels = match kind.as_str() {
            "resource" | "data" => 2,
            "variable" | "output" | "module" | "provider" => 1,
            _ => 0,
        };
        blocks(&kind, labels, Vec::new(), key_span, value, &mut body.blocks);
    }
    Ok(body)
}

/// Peels `labels` levels of `{"label": …}` objects, then lowers the body
/// (an object, or an array of objects for repeated blocks).
fn blocks(
    kind: &str,
    labels: usize,
    mut path: Vec<String>,
    header: Span,
    j: JNode,
    out: &mut Vec<Block>,
) {
    match j.v {
        J::Arr(items) => {
            for item in items {
                blocks(kind, labels, path.clone(), header, item, out);
            }
        }
        J::Obj(members) if labels > 0 => {
            for (label, span, value) in members {
                let mut p = path.clone();
                p.push(label);
                blocks(kind, labels - 1, p, span, value, out);
            }
        }
        J::Obj(members) => {
            path.shrink_to_fit();
            out.push(Block {
                kind: kind.to_owned(),
                labels: path,
                header,
                body: block_body(kind, members),
            });
        }
        _ => {}
    }
}

fn block_body(kind: &str, members: Vec<(String, Span, JNode)>) -> Body {
    let mut body = Body::default();
    for (name, key_span, value) in members {
        let span = Span {
            end: value.span.end,
            ..key_span
        };
        match (kind, name.as_str()) {
            (_, "//") => {}
            // Variable defaults and types are literal JSON, not templates.
            ("variable", "default") => body.attrs.push(Attr {
                name,
                span,
                expr: from_literal(literal(value)),
            }),
            ("variable", "type") => {
                let expr = match value.v {
                    J::Str(t) => Expr {
                        kind: ExprKind::Var(t),
                        span: value.span,
                    },
                    _ => expr(value),
                };
                body.attrs.push(Attr { name, span, expr });
            }
            (_, "dynamic") => blocks("dynamic", 1, Vec::new(), key_span, value, &mut body.blocks),
            ("dynamic", "content")
            | ("resource" | "data", "lifecycle" | "provisioner" | "connection") => {
                blocks(&name, 0, Vec::new(), key_span, value, &mut body.blocks)
            }
            _ => body.attrs.push(Attr {
                name,
                span,
                expr: expr(value),
            }),
        }
    }
    body
}

/// A JSON value as an expression: strings are templates.
fn expr(j: JNode) -> Expr {
    let span = j.span;
    let kind = match j.v {
        J::Null => ExprKind::Null,
        J::Bool(b) => ExprKind::Bool(b),
        J::Num(n) => ExprKind::Number(n),
        J::Str(s) if s.contains("${") || s.contains("%{") => parse::template_in_string(&s, span),
        J::Str(s) => ExprKind::String(s),
        J::Arr(items) => ExprKind::Array(items.into_iter().map(expr).collect()),
        J::Obj(m) => ExprKind::Object(
            m.into_iter()
                .map(|(k, ks, v)| {
                    let item = Span {
                        end: v.span.end,
                        ..ks
                    };
                    (ObjKey::Name(k), expr(v), item)
                })
                .collect(),
        ),
    };
    Expr { kind, span }
}

fn from_literal(n: Node) -> Expr {
    let span = n.span.unwrap_or(Span::new(FileId(0), 0..0));
    let kind = match n.value {
        Value::Unknown | Value::Null => ExprKind::Null,
        Value::Bool(b) => ExprKind::Bool(b),
        Value::Number(x) => ExprKind::Number(x),
        Value::String(s) => ExprKind::String(s),
        Value::List(items) => ExprKind::Array(items.into_iter().map(from_literal).collect()),
        Value::Map(m) => ExprKind::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let e = from_literal(v);
                    let s = e.span;
                    (ObjKey::Name(k), e, s)
                })
                .collect(),
        ),
    };
    Expr { kind, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_decodes_escapes_and_tracks_spans() {
        let text = r#"{ "k\u00e9": ["a\"b", -1.5e1, true, null, "\ud83d\ude00"] }"#;
        let root = read(text, FileId(0)).unwrap();
        let J::Obj(members) = root.v else { panic!() };
        let (key, key_span, value) = &members[0];
        assert_eq!(key, "ké");
        assert_eq!(
            &text[key_span.start as usize..key_span.end as usize],
            "\"k\\u00e9\""
        );
        let J::Arr(items) = &value.v else { panic!() };
        assert!(matches!(&items[0].v, J::Str(s) if s == "a\"b"));
        assert!(matches!(items[1].v, J::Num(n) if n == -15.0));
        assert!(matches!(&items[4].v, J::Str(s) if s == "😀"));
        assert_eq!(
            &text[items[2].span.start as usize..items[2].span.end as usize],
            "true"
        );
    }

    #[test]
    fn reader_rejects_bad_input_without_panicking() {
        for bad in [
            "",
            "{",
            "[1,",
            "\"abc",
            "{\"a\" 1}",
            "tru",
            "\"\\u12\"",
            "{} x",
            "\"\\",
        ] {
            assert!(read(bad, FileId(0)).is_err(), "{bad:?}");
        }
        let deep = "[".repeat(10_000);
        assert!(read(&deep, FileId(0)).is_err());
    }
}

//! Encoding functions: `jsonencode`, `jsondecode`, `base64encode`,
//! `base64decode`, `urlencode`, `yamldecode`. (`yamlencode` is unknown.)

use indexmap::IndexMap;

use super::args::{self, MAX_DEPTH};
use super::node;
use crate::model::{Value, format_number};

type Res = Result<Value, String>;

pub(super) fn jsonencode(args: Vec<Value>) -> Res {
    to_json(&args[0]).map(Value::String)
}

/// The value as Terraform's `jsonencode` writes it: no spaces, object keys
/// sorted, HTML-sensitive characters escaped.
pub(super) fn to_json(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    write_json(value, &mut out, 0)?;
    Ok(out)
}

fn write_json(value: &Value, out: &mut String, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("value is nested too deeply to encode".into());
    }
    match value {
        Value::Unknown => return Err("value is not known".into()),
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if !n.is_finite() => {
            return Err(format!("cannot encode {n} as JSON"));
        }
        Value::Number(n) => out.push_str(&format_number(*n)),
        Value::String(s) => out.push_str(&json_string(s)),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(&item.value, out, depth + 1)?;
            }
            out.push(']');
        }
        Value::Map(m) => {
            let mut entries: Vec<_> = m.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&json_string(k));
                out.push(':');
                write_json(&v.value, out, depth + 1)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// A JSON string literal as Go's `encoding/json` writes it.
pub(in crate::terraform) fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn jsondecode(args: Vec<Value>) -> Res {
    let text = args::string(&args[0])?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok(from_json(json))
}

/// serde_json bounds nesting (128 levels), so this recursion is bounded.
fn from_json(json: serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => n.as_f64().map_or(Value::Unknown, Value::Number),
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => {
            Value::List(items.into_iter().map(|v| node(from_json(v))).collect())
        }
        serde_json::Value::Object(m) => {
            // Terraform objects have no order; keep ours stable.
            let mut out: IndexMap<_, _> = m
                .into_iter()
                .map(|(k, v)| (k, node(from_json(v))))
                .collect();
            out.sort_keys();
            Value::Map(out)
        }
    }
}

/// `yamldecode`: YAML's data model through JSON's (mapping keys must be
/// strings). Multiple documents are an error, as in Terraform.
pub(super) fn yamldecode(args: Vec<Value>) -> Res {
    let text = args::string(&args[0])?;
    let json: serde_json::Value = serde_saphyr::from_str(&text).map_err(|e| e.to_string())?;
    Ok(from_json(json))
}

const BASE64: &[u8; 64] = crate::encoding::BASE64_ALPHABET;

pub(super) fn base64encode(args: Vec<Value>) -> Res {
    let text = args::string(&args[0])?;
    Ok(Value::String(base64_encode(text.as_bytes())))
}

fn base64_encode(bytes: &[u8]) -> String {
    crate::encoding::base64(bytes)
}

pub(super) fn base64decode(args: Vec<Value>) -> Res {
    let text = args::string(&args[0])?;
    let bytes = base64_decode(&text)
        .ok_or_else(|| format!("failed to decode base64 data {}", json_string(&text)))?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|_| "the result of decoding the provided string is not valid UTF-8".into())
}

/// Go's `base64.StdEncoding`: padding required, newlines ignored.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b'\r' | b'\n'))
        .collect();
    if clean.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    let quads = clean.len() / 4;
    for (q, chunk) in clean.chunks(4).enumerate() {
        let pads = chunk.iter().rev().take_while(|b| **b == b'=').count();
        if pads > 2 || (pads > 0 && q + 1 != quads) {
            return None;
        }
        let mut n = 0u32;
        for &b in &chunk[..4 - pads] {
            let v = BASE64.iter().position(|c| *c == b)?;
            n = (n << 6) | v as u32;
        }
        n <<= 6 * pads as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pads]);
    }
    Some(out)
}

/// Go's `url.QueryEscape`.
pub(super) fn urlencode(args: Vec<Value>) -> Res {
    let text = args::string(&args[0])?;
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    Ok(Value::String(out))
}

#[cfg(test)]
mod tests {
    use super::super::{call, list_of};
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }

    #[test]
    fn jsonencode_sorts_keys_and_escapes() {
        let map = Value::Map(
            [
                ("b".to_string(), node(Value::Number(1.5))),
                (
                    "a".to_string(),
                    node(list_of([Value::Bool(true), Value::Null])),
                ),
                ("c".to_string(), node(s("<x>&\"\n"))),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(
            call("jsonencode", vec![map]),
            Ok(s(
                r#"{"a":[true,null],"b":1.5,"c":"\u003cx\u003e\u0026\"\n"}"#
            ))
        );
        assert_eq!(call("jsonencode", vec![Value::Number(10.0)]), Ok(s("10")));
        assert_eq!(call("jsonencode", vec![Value::Null]), Ok(s("null")));
        assert_eq!(
            call("jsonencode", vec![list_of([Value::Unknown])]),
            Ok(Value::Unknown)
        );
    }

    #[test]
    fn jsondecode_parses() {
        let decoded = call(
            "jsondecode",
            vec![s(r#"{"hello": "world", "n": [1, 2.5]}"#)],
        );
        let expected = Value::Map(
            [
                ("hello".to_string(), node(s("world"))),
                (
                    "n".to_string(),
                    node(list_of([Value::Number(1.0), Value::Number(2.5)])),
                ),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(decoded, Ok(expected));
        assert_eq!(call("jsondecode", vec![s("true")]), Ok(Value::Bool(true)));
        assert!(call("jsondecode", vec![s("{")]).is_err());
        assert!(call("jsondecode", vec![s("")]).is_err());
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(call("jsondecode", vec![s(&deep)]).is_err());
    }

    #[test]
    fn yamldecode_parses() {
        let decoded = call("yamldecode", vec![s("hello: world\nlist: [1, true, ~]\n")]);
        let expected = Value::Map(
            [
                ("hello".to_string(), node(s("world"))),
                (
                    "list".to_string(),
                    node(list_of([
                        Value::Number(1.0),
                        Value::Bool(true),
                        Value::Null,
                    ])),
                ),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(decoded, Ok(expected));
        assert_eq!(call("yamldecode", vec![s("\"x\"")]), Ok(s("x")));
        assert!(call("yamldecode", vec![s("a: [")]).is_err());
    }

    #[test]
    fn base64_round_trips() {
        assert_eq!(
            call("base64encode", vec![s("Hello World")]),
            Ok(s("SGVsbG8gV29ybGQ="))
        );
        assert_eq!(
            call("base64decode", vec![s("SGVsbG8gV29ybGQ=")]),
            Ok(s("Hello World"))
        );
        for text in ["", "a", "ab", "abc", "abcd", "héllo wörld"] {
            let encoded = base64_encode(text.as_bytes());
            assert_eq!(base64_decode(&encoded).as_deref(), Some(text.as_bytes()));
        }
        assert_eq!(base64_encode(b"ab"), "YWI=");
        assert_eq!(base64_encode(b"a"), "YQ==");
        assert!(call("base64decode", vec![s("SGVsbG8")]).is_err());
        assert!(call("base64decode", vec![s("SG=sbG8=")]).is_err());
        assert!(call("base64decode", vec![s("/w==")]).is_err()); // not UTF-8
        assert!(call("base64decode", vec![s("!!!!")]).is_err());
    }

    #[test]
    fn urlencode_like_go() {
        assert_eq!(
            call("urlencode", vec![s("Hello World!")]),
            Ok(s("Hello+World%21"))
        );
        assert_eq!(
            call("urlencode", vec![s("foo:bar@localhost?foo=bar&bar=baz")]),
            Ok(s("foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz"))
        );
        assert_eq!(call("urlencode", vec![s("☃")]), Ok(s("%E2%98%83")));
    }
}

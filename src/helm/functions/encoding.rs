//! Serialisation and hashing: `toYaml`/`fromYaml`, `toJson`/`fromJson`,
//! `toToml`, base64, checksums.

use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::{FnError, FnResult, arity, failed, strval, want_str};
use crate::helm::value::{Map, Object, Val, Value, shortest_digits};
use crate::helm::yaml_out::to_yaml;

pub fn call(name: &str, a: &[Val]) -> Option<FnResult> {
    let r = (|| -> FnResult {
        match name {
            "toYaml" | "mustToYaml" | "toYamlPretty" => {
                arity(name, a, 1)?;
                Ok(Value::Str(to_yaml(&a[0])).into())
            }
            "fromYaml" | "fromYamlArray" => {
                arity(name, a, 1)?;
                let text = want_str(&a[0])?;
                Ok(from_yaml(text, name == "fromYamlArray"))
            }
            "toJson" | "mustToJson" | "toRawJson" | "mustToRawJson" | "toPrettyJson"
            | "mustToPrettyJson" => {
                arity(name, a, 1)?;
                let mut out = String::new();
                let pretty = name.contains("Pretty");
                let html = !name.contains("Raw");
                json(&a[0], &mut out, pretty, html, 0);
                Ok(Val::str(out))
            }
            "fromJson" | "fromJsonArray" | "mustFromJson" | "mustFromJsonArray" => {
                arity(name, a, 1)?;
                let text = want_str(&a[0])?;
                let array = name.ends_with("Array");
                match serde_json::from_str::<serde_json::Value>(text) {
                    Ok(v) => {
                        let v = from_serde(&v);
                        match (&v.v, array) {
                            (Value::List(_), true) | (Value::Map(_), false) => Ok(v),
                            _ if name.starts_with("must") => {
                                failed("json: cannot unmarshal into the requested type")
                            }
                            _ => Ok(error_value(
                                "json: cannot unmarshal into the requested type",
                                array,
                            )),
                        }
                    }
                    Err(e) if name.starts_with("must") => failed(e.to_string()),
                    Err(e) => Ok(error_value(&e.to_string(), array)),
                }
            }
            "toToml" => {
                arity(name, a, 1)?;
                Ok(Val::str(to_toml(&a[0])))
            }
            "b64enc" => {
                arity(name, a, 1)?;
                Ok(Val::str(b64encode(strval(&a[0]).as_bytes())))
            }
            "b64dec" => {
                arity(name, a, 1)?;
                match b64decode(&strval(&a[0])) {
                    Some(bytes) => Ok(Val::str(String::from_utf8_lossy(&bytes).into_owned())),
                    None => Ok(Val::str("illegal base64 data at input byte 0")),
                }
            }
            "sha256sum" => {
                arity(name, a, 1)?;
                Ok(Val::str(hex(&Sha256::digest(want_str(&a[0])?.as_bytes()))))
            }
            "sha1sum" => {
                arity(name, a, 1)?;
                Ok(Val::str(hex(&Sha1::digest(want_str(&a[0])?.as_bytes()))))
            }
            "adler32sum" => {
                arity(name, a, 1)?;
                let (mut x, mut y) = (1u32, 0u32);
                for b in want_str(&a[0])?.bytes() {
                    x = (x + b as u32) % 65521;
                    y = (y + x) % 65521;
                }
                Ok(Val::str(((y << 16) | x).to_string()))
            }
            _ => Err(FnError::Unknown),
        }
    })();
    match r {
        Err(FnError::Unknown) => None,
        r => Some(r),
    }
}

fn error_value(message: &str, array: bool) -> Val {
    if array {
        Val::list(vec![Val::str(message)])
    } else {
        let mut m = Map::new();
        m.insert("Error".into(), Val::str(message));
        Val::map(m)
    }
}

/// Helm's `fromYaml`: a map (or, for `fromYamlArray`, a list); a parse
/// error becomes `{Error: …}` / `[…]` as in Helm.
fn from_yaml(text: &str, array: bool) -> Val {
    let loaded = crate::kubernetes::yaml::load(text, crate::source::FileId(u32::MAX));
    if let Some(d) = loaded.diagnostics.first() {
        return error_value(
            &format!("error converting YAML to JSON: {}", d.message),
            array,
        );
    }
    let doc = loaded.documents.into_iter().next();
    let v = doc
        .map(|n| crate::helm::values::from_yaml_node(&n, None, text))
        .unwrap_or_default();
    match (&v.v, array) {
        (Value::Map(_), false) | (Value::List(_), true) => v,
        (Value::Nil, false) => Val::map(Map::new()),
        (Value::Nil, true) => Val::list(vec![]),
        _ => error_value(
            "error unmarshaling JSON: cannot unmarshal into the requested type",
            array,
        ),
    }
}

fn from_serde(v: &serde_json::Value) -> Val {
    match v {
        serde_json::Value::Null => Val::nil(),
        serde_json::Value::Bool(b) => Val::bool(*b),
        serde_json::Value::Number(n) => Val::float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Val::str(s.as_str()),
        serde_json::Value::Array(items) => Val::list(items.iter().map(from_serde).collect()),
        serde_json::Value::Object(m) => {
            Val::map(m.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect())
        }
    }
}

/// Go's `encoding/json` number form for a float64.
pub fn json_float(f: f64) -> String {
    if !f.is_finite() {
        return "null".into();
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let (neg, digits, exp) = shortest_digits(f);
        let mut out = String::new();
        if neg {
            out.push('-');
        }
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&exp.unsigned_abs().to_string());
        return out;
    }
    let (neg, digits, exp) = shortest_digits(f);
    let body = crate::helm::value::fixed_from_digits(&digits, exp);
    if neg { format!("-{body}") } else { body }
}

fn json_string(s: &str, out: &mut String, html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

pub fn json(v: &Val, out: &mut String, pretty: bool, html: bool, depth: usize) {
    let nl = |out: &mut String, d: usize| {
        if pretty {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', d * 2));
        }
    };
    if depth > 200 || out.len() > 16 << 20 {
        out.push_str("null");
        return;
    }
    match &v.v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&json_float(*f)),
        Value::Str(t) => json_string(&t.s, out, html),
        Value::List(l) => {
            out.push('[');
            for (i, item) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, depth + 1);
                json(item, out, pretty, html, depth + 1);
            }
            if !l.is_empty() {
                nl(out, depth);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            let m = m.borrow();
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, depth + 1);
                json_string(k, out, html);
                out.push(':');
                if pretty {
                    out.push(' ');
                }
                json(item, out, pretty, html, depth + 1);
            }
            if !m.is_empty() {
                nl(out, depth);
            }
            out.push('}');
        }
        Value::Obj(o) => match &**o {
            Object::ApiVersions(c) => {
                let items: Vec<Val> = c
                    .api_versions
                    .iter()
                    .map(|s| Val::str(s.as_str()))
                    .collect();
                json(&Val::list(items), out, pretty, html, depth)
            }
            _ => out.push_str("{}"),
        },
    }
}

fn to_toml_value(v: &Val, depth: usize) -> Option<toml::Value> {
    if depth > 100 {
        return None;
    }
    Some(match &v.v {
        Value::Nil | Value::Obj(_) => return None,
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Int(i) => toml::Value::Integer(*i),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => toml::Value::Integer(*f as i64),
        Value::Float(f) => toml::Value::Float(*f),
        Value::Str(t) => toml::Value::String(t.s.to_string()),
        Value::List(l) => toml::Value::Array(
            l.iter()
                .filter_map(|x| to_toml_value(x, depth + 1))
                .collect(),
        ),
        Value::Map(m) => toml::Value::Table(
            m.borrow()
                .iter()
                .filter_map(|(k, x)| to_toml_value(x, depth + 1).map(|t| (k.clone(), t)))
                .collect(),
        ),
    })
}

fn to_toml(v: &Val) -> String {
    match to_toml_value(v, 0) {
        Some(toml::Value::Table(t)) => toml::to_string(&t).unwrap_or_else(|e| e.to_string()),
        _ => String::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const B64: &[u8; 64] = crate::encoding::BASE64_ALPHABET;

pub fn b64encode(bytes: &[u8]) -> String {
    crate::encoding::base64(bytes)
}

pub fn b64decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = B64.iter().position(|&b| b == c)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits & 0xff) as u8);
        }
    }
    Some(out)
}

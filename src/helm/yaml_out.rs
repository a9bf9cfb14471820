//! Values to YAML text, as Helm's `toYaml` writes it (sigs.k8s.io/yaml:
//! JSON first, then go-yaml): keys sorted, two-space indentation, list
//! items not indented under their key, integral numbers without a
//! fraction, strings quoted only when they would read back as something
//! else. Every scalar that came from a values file is recorded as a
//! [`Piece`], so a finding inside `toYaml .Values.resources` points at the
//! values line of that scalar.

use std::rc::Rc;

use super::value::{Loc, Object, Piece, Text, Val, Value, go_float};

const MAX_DEPTH: usize = 200;
/// Shared sub-maps can make a value exponentially large to write.
const MAX_BYTES: usize = 16 << 20;

pub struct YamlWriter {
    out: String,
    pieces: Vec<Piece>,
    via: Rc<[Loc]>,
}

/// `toYaml`: the text without its final newline.
pub fn to_yaml(v: &Val) -> Text {
    let mut w = YamlWriter {
        out: String::new(),
        pieces: Vec::new(),
        via: Rc::from(Vec::new()),
    };
    w.node(v, 0, Ctx::Top);
    while w.out.ends_with('\n') {
        w.out.pop();
    }
    let len = w.out.len() as u32;
    w.pieces.retain_mut(|p| {
        p.end = p.end.min(len);
        p.start < p.end
    });
    Text {
        s: Rc::from(w.out),
        pieces: Some(Rc::new(w.pieces)),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Top,
    /// After `key:`
    MapValue,
    /// After `- `
    ListItem,
}

impl YamlWriter {
    fn mark(&mut self, start: usize, origin: Option<Loc>) {
        if let Some(o) = origin {
            self.pieces.push(Piece {
                start: start as u32,
                end: self.out.len() as u32,
                origin: None,
                value: Some(o),
                via: self.via.clone(),
            });
        }
    }

    fn indent(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    fn node(&mut self, v: &Val, indent: usize, ctx: Ctx) {
        if indent / 2 > MAX_DEPTH || self.out.len() > MAX_BYTES {
            self.out.push_str("null\n");
            return;
        }
        match &v.v {
            Value::Map(m) if !m.borrow().is_empty() => {
                let m = m.borrow();
                let mut first = true;
                for (k, item) in m.iter() {
                    match ctx {
                        Ctx::MapValue if first => {
                            self.out.push('\n');
                            self.indent(indent);
                        }
                        Ctx::ListItem if first => {}
                        _ if first => {}
                        _ => self.indent(indent),
                    }
                    first = false;
                    self.out.push_str(&scalar_string(k));
                    self.out.push(':');
                    self.value_after_key(item, indent);
                }
            }
            Value::List(l) if !l.is_empty() => {
                let mut first = true;
                for item in l.iter() {
                    match ctx {
                        Ctx::MapValue if first => {
                            self.out.push('\n');
                            self.indent(indent);
                        }
                        Ctx::ListItem if first => {}
                        _ if first => {}
                        _ => self.indent(indent),
                    }
                    first = false;
                    self.out.push_str("- ");
                    match &item.v {
                        Value::Map(m) if !m.borrow().is_empty() => {
                            self.node(item, indent + 2, Ctx::ListItem)
                        }
                        Value::List(l) if !l.is_empty() => {
                            self.node(item, indent + 2, Ctx::ListItem)
                        }
                        _ => self.scalar_line(item, indent + 2),
                    }
                }
            }
            _ => {
                if ctx == Ctx::MapValue {
                    self.out.push(' ');
                }
                self.scalar_line(v, indent);
            }
        }
    }

    fn value_after_key(&mut self, item: &Val, indent: usize) {
        match &item.v {
            Value::Map(m) if !m.borrow().is_empty() => self.node(item, indent + 2, Ctx::MapValue),
            // go-yaml does not indent a list under its key.
            Value::List(l) if !l.is_empty() => self.node(item, indent, Ctx::MapValue),
            _ => {
                self.out.push(' ');
                self.scalar_line(item, indent + 2);
            }
        }
    }

    /// A scalar (or empty collection) and its line break; block scalars
    /// are indented by `indent`.
    fn scalar_line(&mut self, v: &Val, indent: usize) {
        let start = self.out.len();
        match &v.v {
            Value::Nil => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => self.out.push_str(&i.to_string()),
            Value::Float(f) => self.out.push_str(&yaml_float(*f)),
            Value::Str(t) => {
                if let Some(block) = literal_block(&t.s, indent) {
                    self.out.push_str(&block);
                    self.mark(start, v.origin);
                    return;
                }
                self.out.push_str(&scalar_string(&t.s));
            }
            Value::Map(_) => self.out.push_str("{}"),
            Value::List(_) => self.out.push_str("[]"),
            Value::Obj(o) => match &**o {
                Object::ApiVersions(c) => {
                    let items: Vec<String> =
                        c.api_versions.iter().map(|s| scalar_string(s)).collect();
                    self.out.push_str(&format!("[{}]", items.join(", ")));
                }
                _ => self.out.push_str("{}"),
            },
        }
        self.mark(start, v.origin);
        self.out.push('\n');
    }
}

/// A float64 after the JSON round trip: integral values read back as
/// integers.
pub fn yaml_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+.inf".into()
        } else {
            "-.inf".into()
        };
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        // JSON's shortest digits, padded with zeros: 1.2345678901234567e19
        // prints as 12345678901234567000, as Helm's JSON round trip does.
        let (neg, digits, exp) = super::value::shortest_digits(f);
        let body = super::value::fixed_from_digits(&digits, exp);
        return if neg { format!("-{body}") } else { body };
    }
    go_float(f)
}

/// `|`, `|-` or `|+` block for a multi-line string, when one can carry it.
fn literal_block(s: &str, indent: usize) -> Option<String> {
    if !s.contains('\n') {
        return None;
    }
    let printable = s
        .chars()
        .all(|c| c == '\n' || (c != '\r' && c != '\u{feff}' && !c.is_control()) || c == '\t');
    let trailing_space = s.split('\n').any(|l| l.ends_with(' ') || l.ends_with('\t'));
    if !printable || trailing_space || s.starts_with('\n') {
        return None;
    }
    let body = s.trim_end_matches('\n');
    let newlines = s.len() - body.len();
    let chomp = match newlines {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let indicator = if s.starts_with(' ') { "2" } else { "" };
    let mut out = format!("|{indicator}{chomp}\n");
    let lines: Vec<&str> = if newlines > 1 {
        s[..s.len() - 1].split('\n').collect()
    } else {
        body.split('\n').collect()
    };
    for line in lines {
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', indent.max(2)));
            out.push_str(line);
        }
        out.push('\n');
    }
    Some(out)
}

/// A string as a YAML scalar that reads back as the same string in YAML
/// 1.1 and 1.2 readers alike.
pub fn scalar_string(s: &str) -> String {
    if needs_double(s) {
        return double_quoted(s);
    }
    if resolves_to_non_string(s) {
        return format!("\"{s}\"");
    }
    if !plain_safe(s) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    s.to_string()
}

fn needs_double(s: &str) -> bool {
    s.chars().any(|c| {
        c == '\n'
            || c == '\r'
            || c == '\t'
            || c.is_control()
            || c == '\u{feff}'
            || c == '\u{2028}'
            || c == '\u{2029}'
    })
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if first.is_whitespace() || s.ends_with(char::is_whitespace) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-foo` and `:foo` are plain in YAML 1.2 but not in every reader.
        let second = s[first.len_utf8()..].chars().next();
        if !(matches!(first, '-' | '?' | ':')
            && second.is_some_and(|c| !c.is_whitespace() && !",[]{}".contains(c)))
        {
            return false;
        }
        if first != '-' {
            return false;
        }
    }
    let ambiguous = s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || (s.contains(',') && s.starts_with('['));
    !ambiguous && !s.contains("{{") && s != "-"
}

/// Strings a YAML 1.1 or 1.2 reader would turn into another type.
pub fn resolves_to_non_string(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "" | "~"
            | "null"
            | "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "y"
            | "n"
            | ".inf"
            | "-.inf"
            | "+.inf"
            | ".nan"
            | "<<"
            | "="
    ) {
        return true;
    }
    let b = s.as_bytes();
    let first = b[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return false;
    }
    let body = s.trim_start_matches(['-', '+']).replace('_', "");
    if body.is_empty() {
        return false;
    }
    let lb = body.to_ascii_lowercase();
    if let Some(h) = lb.strip_prefix("0x") {
        return !h.is_empty() && h.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(o) = lb.strip_prefix("0o").or_else(|| lb.strip_prefix("0b")) {
        return !o.is_empty() && o.bytes().all(|c| c.is_ascii_digit());
    }
    if body.parse::<f64>().is_ok() && !lb.contains("inf") && !lb.contains("nan") {
        return true;
    }
    // Sexagesimal (1:20) and dates (2001-12-14) in YAML 1.1.
    if body
        .bytes()
        .all(|c| c.is_ascii_digit() || c == b':' || c == b'.')
        && body.contains(':')
    {
        return true;
    }
    body.len() >= 8
        && body.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && body.as_bytes()[4] == b'-'
}

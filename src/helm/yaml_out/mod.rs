//! Values to YAML text, as Helm's `toYaml` writes it (sigs.k8s.io/yaml:
//! JSON first, read back by go-yaml v2, then written by it): keys in
//! go-yaml's natural order ([`key_order`]), two-space indentation, list
//! items not indented under their key, integral numbers without a
//! fraction, strings in the style go-yaml picks and folded where it folds
//! them ([`scalar`]). Every scalar that came from a values file is
//! recorded as a [`Piece`], so a finding inside `toYaml .Values.resources`
//! points at the values line of that scalar.

use std::borrow::Cow;
use std::rc::Rc;

use super::value::{Loc, MapRef, Object, Piece, Text, Val, Value, go_float};
use scalar::Role;

mod key_order;
mod resolve;
mod scalar;

const MAX_DEPTH: usize = 200;
/// Shared sub-maps can make a value exponentially large to write.
const MAX_BYTES: usize = 16 << 20;

pub struct YamlWriter {
    out: String,
    pieces: Vec<Piece>,
    via: Rc<[Loc]>,
    /// A string the JSON step leaves unreadable to go-yaml: Helm's
    /// `toYaml` then prints nothing.
    unreadable: bool,
}

/// `toYaml`: the text without its final newline.
pub fn to_yaml(v: &Val) -> Text {
    let mut w = YamlWriter {
        out: String::new(),
        pieces: Vec::new(),
        via: Rc::from(Vec::new()),
        unreadable: false,
    };
    w.node(v, 0, Ctx::Top);
    if w.unreadable {
        return Text::plain("");
    }
    // Helm trims one line break: a `|+` block keeps its blank lines.
    if w.out.ends_with('\n') {
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
    /// After `- ` or `: `, on the same line.
    Inline,
}

/// A value as go-yaml sees it after the JSON step.
enum Shape {
    Map(MapRef),
    List(Rc<Vec<Val>>),
    Scalar,
}

fn shape(v: &Val) -> Shape {
    match &v.v {
        Value::Map(m) if !m.borrow().is_empty() => Shape::Map(m.clone()),
        Value::List(l) if !l.is_empty() => Shape::List(l.clone()),
        // `.Capabilities.APIVersions` is a list of strings to JSON.
        Value::Obj(o) => match &**o {
            Object::ApiVersions(c) if !c.api_versions.is_empty() => Shape::List(Rc::new(
                c.api_versions
                    .iter()
                    .map(|s| Val::str(s.as_str()))
                    .collect(),
            )),
            _ => Shape::Scalar,
        },
        _ => Shape::Scalar,
    }
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
        match shape(v) {
            Shape::Map(m) => self.map(&m, indent, ctx),
            Shape::List(items) => {
                for (n, item) in items.iter().enumerate() {
                    self.start_entry(n == 0, indent, ctx);
                    self.out.push_str("- ");
                    self.inline(item, indent + 2);
                }
            }
            // A document's scalar sits one step in, as go-yaml indents it.
            Shape::Scalar => self.scalar_line(v, indent.max(2)),
        }
    }

    /// The first entry of a collection after `key:` starts a line; the
    /// others start lines of their own.
    fn start_entry(&mut self, first: bool, indent: usize, ctx: Ctx) {
        if !first || ctx == Ctx::MapValue {
            if first {
                self.out.push('\n');
            }
            self.indent(indent);
        }
    }

    fn map(&mut self, m: &MapRef, indent: usize, ctx: Ctx) {
        let m = m.borrow();
        let entries = key_order::sorted(m.iter().map(|(k, v)| (k.as_str(), v)).collect());
        for (n, (key, item)) in entries.into_iter().enumerate() {
            self.start_entry(n == 0, indent, ctx);
            let key = self.reread(key, Role::Key);
            if scalar::is_simple_key(&key) {
                scalar::write(&mut self.out, &key, indent + 2, Role::Key);
                self.out.push(':');
                self.value_after_key(item, indent);
            } else {
                // go-yaml's complex key: `? key` and `: value` lines.
                self.out.push_str("? ");
                scalar::write(&mut self.out, &key, indent + 2, Role::Value);
                if !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
                self.indent(indent);
                self.out.push_str(": ");
                self.inline(item, indent + 2);
            }
        }
    }

    fn value_after_key(&mut self, item: &Val, indent: usize) {
        match shape(item) {
            Shape::Map(_) => self.node(item, indent + 2, Ctx::MapValue),
            // go-yaml does not indent a list under its key.
            Shape::List(_) => self.node(item, indent, Ctx::MapValue),
            Shape::Scalar => {
                self.out.push(' ');
                self.scalar_line(item, indent + 2);
            }
        }
    }

    /// A value that starts on the current line, its continuation lines
    /// at `indent`.
    fn inline(&mut self, item: &Val, indent: usize) {
        match shape(item) {
            Shape::Scalar => self.scalar_line(item, indent),
            _ => self.node(item, indent, Ctx::Inline),
        }
    }

    /// A scalar (or empty collection) and its line break; continuation
    /// lines and block scalars are indented by `indent`.
    fn scalar_line(&mut self, v: &Val, indent: usize) {
        let start = self.out.len();
        match &v.v {
            Value::Nil => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => self.out.push_str(&i.to_string()),
            Value::Float(f) => self.out.push_str(&yaml_float(*f)),
            Value::Str(t) => {
                let s = self.reread(&t.s, Role::Value);
                scalar::write(&mut self.out, &s, indent, Role::Value);
            }
            Value::Map(_) => self.out.push_str("{}"),
            Value::List(_) => self.out.push_str("[]"),
            Value::Obj(o) => match &**o {
                Object::ApiVersions(_) => self.out.push_str("[]"),
                _ => self.out.push_str("{}"),
            },
        }
        self.mark(start, v.origin);
        // A block scalar ends with its own line break.
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// The string go-yaml reads back from the JSON text Helm gives it.
    fn reread<'s>(&mut self, s: &'s str, role: Role) -> Cow<'s, str> {
        match json_round_trip(s, role) {
            Some(s) => s,
            None => {
                self.unreadable = true;
                Cow::Borrowed(s)
            }
        }
    }
}

/// JSON leaves DEL, C1 controls and U+FFFE/U+FFFF raw, which go-yaml's
/// reader rejects; a raw NEL is a line break to it, folded like one in a
/// double-quoted scalar (and not allowed in a key).
fn json_round_trip(s: &str, role: Role) -> Option<Cow<'_, str>> {
    let rejected = |c: char| {
        matches!(c as u32, 0x7F..=0x84 | 0x86..=0x9F | 0xFFFE | 0xFFFF)
            || (c == '\u{85}' && role == Role::Key)
    };
    if s.chars().any(rejected) {
        return None;
    }
    if !s.contains('\u{85}') {
        return Some(Cow::Borrowed(s));
    }
    let mut parts = s.split('\u{85}');
    let mut out = parts.next().unwrap_or("").trim_end_matches(' ').to_string();
    let mut breaks = 0;
    let mut parts = parts.peekable();
    while let Some(part) = parts.next() {
        breaks += 1;
        let last = parts.peek().is_none();
        let part = if last {
            part.trim_start_matches(' ')
        } else {
            part.trim_matches(' ')
        };
        if part.is_empty() && !last {
            continue;
        }
        match breaks {
            1 => out.push(' '),
            n => out.extend(std::iter::repeat_n('\n', n - 1)),
        }
        out.push_str(part);
        breaks = 0;
    }
    Some(Cow::Owned(out))
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

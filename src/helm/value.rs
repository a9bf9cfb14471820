//! Runtime values of the template engine.
//!
//! Go templates run on `interface{}` values; Helm's values arrive from YAML
//! through JSON, so every number read from a values file is a `float64`
//! while numbers written in a template are `int`. Both are kept apart here
//! because Go's `eq` and the printed form (`1e+06`) depend on it.
//!
//! Maps are shared and mutable (`Rc<RefCell<…>>`): Sprig's `set`, `unset`,
//! `merge` and `mergeOverwrite` change the map in place and charts rely on
//! it (`$_ := set $ctx "key" …`). Keys are kept sorted, which is the order
//! Go's `range`, `toYaml` and `toJson` use.
//!
//! Every value may carry the [`Loc`] it was read from (a values-file node),
//! and strings may carry [`Piece`]s: which byte ranges came from which
//! template text or value, so that `include` and `toYaml` output still maps
//! back to its origins after being passed around as a string.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A byte range in one of the render's sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Loc {
    pub source: u32,
    pub start: u32,
    pub end: u32,
}

/// Where a byte range of a string came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub start: u32,
    pub end: u32,
    /// Template text or action; `None` means "the action that prints this".
    pub origin: Option<Loc>,
    pub value: Option<Loc>,
    /// `include`/`template` call sites, outermost first.
    pub via: Rc<[Loc]>,
}

/// A string plus, optionally, the origins of its parts.
#[derive(Clone, Debug)]
pub struct Text {
    pub s: Rc<str>,
    pub pieces: Option<Rc<Vec<Piece>>>,
}

impl Text {
    pub fn plain(s: impl Into<Rc<str>>) -> Self {
        Text {
            s: s.into(),
            pieces: None,
        }
    }
}

pub type Map = BTreeMap<String, Val>;

const MAX_PRINT_DEPTH: usize = 100;
const MAX_PRINT_BYTES: usize = 16 << 20;
pub type MapRef = Rc<RefCell<Map>>;

/// Objects with methods: `.Files`, `.Capabilities` and their parts.
#[derive(Debug)]
pub enum Object {
    /// Chart files by path relative to the chart root (templates excluded).
    Files(Rc<BTreeMap<String, Rc<str>>>),
    Capabilities(Rc<Capabilities>),
    ApiVersions(Rc<Capabilities>),
    KubeVersion(Rc<Capabilities>),
}

#[derive(Debug)]
pub struct Capabilities {
    pub api_versions: Vec<String>,
    /// `v1.31.0`
    pub kube_version: String,
    pub major: String,
    pub minor: String,
    pub helm_version: String,
}

#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Text),
    List(Rc<Vec<Val>>),
    Map(MapRef),
    Obj(Rc<Object>),
}

/// A value and the values-file node it came from, if it did.
#[derive(Clone, Debug, Default)]
pub struct Val {
    pub v: Value,
    pub origin: Option<Loc>,
}

impl From<Value> for Val {
    fn from(v: Value) -> Self {
        Val { v, origin: None }
    }
}

impl Val {
    pub fn nil() -> Val {
        Val::default()
    }
    pub fn str(s: impl Into<Rc<str>>) -> Val {
        Value::Str(Text::plain(s)).into()
    }
    pub fn int(i: i64) -> Val {
        Value::Int(i).into()
    }
    pub fn float(f: f64) -> Val {
        Value::Float(f).into()
    }
    pub fn bool(b: bool) -> Val {
        Value::Bool(b).into()
    }
    pub fn list(items: Vec<Val>) -> Val {
        Value::List(Rc::new(items)).into()
    }
    pub fn map(m: Map) -> Val {
        Value::Map(Rc::new(RefCell::new(m))).into()
    }
    pub fn with_origin(mut self, origin: Option<Loc>) -> Val {
        if self.origin.is_none() {
            self.origin = origin;
        }
        self
    }

    pub fn is_nil(&self) -> bool {
        matches!(self.v, Value::Nil)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.v {
            Value::Str(t) => Some(&t.s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&MapRef> {
        match &self.v {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Go's template truth: false, 0, nil and empty collections are false.
    pub fn truthy(&self) -> bool {
        match &self.v {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(t) => !t.s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.borrow().is_empty(),
            // `.Files` is a Go map: empty (e.g. a `Glob` that matched nothing) is false.
            Value::Obj(o) => match &**o {
                Object::Files(f) => !f.is_empty(),
                _ => true,
            },
        }
    }

    /// Go's `reflect.Kind` name, as Sprig's `kindOf` reports it.
    pub fn kind_name(&self) -> &'static str {
        match &self.v {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Obj(_) => "struct",
        }
    }

    /// Go's type name, as Sprig's `typeOf` reports it.
    pub fn type_name(&self) -> &'static str {
        match &self.v {
            Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) => "[]interface {}",
            Value::Map(_) => "map[string]interface {}",
            Value::Obj(o) => match **o {
                Object::Files(_) => "chart.Files",
                Object::Capabilities(_) => "*chart.Capabilities",
                Object::ApiVersions(_) => "chart.VersionSet",
                Object::KubeVersion(_) => "chart.KubeVersion",
            },
        }
    }

    /// Go's `fmt` `%v` form. `nil` prints as `<nil>` here; the template
    /// printer handles Helm's empty output for missing values itself.
    pub fn to_go_string(&self) -> String {
        let mut out = String::new();
        self.write_go(&mut out, 0);
        out
    }

    fn write_go(&self, out: &mut String, depth: usize) {
        // Maps can contain themselves (`set $d "self" $d`) or share parts
        // exponentially: printing stops at a depth and a size.
        if depth > MAX_PRINT_DEPTH || out.len() > MAX_PRINT_BYTES {
            out.push_str("...");
            return;
        }
        match &self.v {
            Value::Nil => out.push_str("<nil>"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Float(f) => out.push_str(&go_float(*f)),
            Value::Str(t) => out.push_str(&t.s),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    item.write_go(out, depth + 1);
                }
                out.push(']');
            }
            Value::Map(m) => {
                out.push_str("map[");
                for (i, (k, v)) in m.borrow().iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    v.write_go(out, depth + 1);
                }
                out.push(']');
            }
            Value::Obj(o) => match &**o {
                Object::ApiVersions(c) => {
                    out.push('[');
                    out.push_str(&c.api_versions.join(" "));
                    out.push(']');
                }
                Object::KubeVersion(c) => out.push_str(&c.kube_version),
                _ => out.push_str("{}"),
            },
        }
    }
}

/// Go's `%v` for a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`):
/// shortest round-trip digits, exponent form when the decimal exponent is
/// below -4 or at least 6. This is why Helm prints a values-file `1000000`
/// as `1e+06`.
pub fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let (neg, digits, exp) = shortest_digits(f);
    let threshold = 6;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if exp < -4 || exp >= threshold {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            out.push('0');
        }
        out.push_str(&e.to_string());
    } else {
        out.push_str(&fixed_from_digits(&digits, exp));
    }
    out
}

/// Digits of the shortest round-trip form and the decimal exponent of the
/// first digit (`1500.0` → `("15", 3)`).
pub fn shortest_digits(f: f64) -> (bool, String, i32) {
    let neg = f.is_sign_negative() && f != 0.0;
    let s = format!("{:e}", f.abs());
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    (neg, digits, exp.parse().unwrap_or(0))
}

/// Positional notation from shortest digits and exponent.
pub fn fixed_from_digits(digits: &str, exp: i32) -> String {
    if digits == "0" {
        return "0".into();
    }
    if exp < 0 {
        let mut out = String::from("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(digits);
        out
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            let mut out = digits.to_string();
            for _ in digits.len()..int_len {
                out.push('0');
            }
            out
        } else {
            format!("{}.{}", &digits[..int_len], &digits[int_len..])
        }
    }
}

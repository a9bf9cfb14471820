//! Argument conversion shared by all function families.
//!
//! Terraform converts arguments to the parameter's type before calling a
//! function: a number or a bool passes where a string is expected, a string
//! such as `"5"` where a number is, `"true"` where a bool is. Null is
//! rejected unless the function says otherwise.

use std::collections::HashSet;

use indexmap::IndexMap;

use crate::model::{Node, Value, format_number};

/// Deepest nesting the recursive functions walk before giving up.
pub(super) const MAX_DEPTH: usize = 256;

/// Largest list a function builds (range, setproduct, …).
pub(super) const MAX_ELEMENTS: usize = 1_000_000;

/// True if the value is unknown or contains an unknown.
pub(super) fn has_unknown(value: &Value) -> bool {
    match value {
        Value::Unknown => true,
        Value::List(items) => items.iter().any(Node::has_unknown),
        Value::Map(m) => m.values().any(Node::has_unknown),
        _ => false,
    }
}

/// Terraform's friendly type name, for messages.
pub(super) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::List(_) => "list",
        Value::Map(_) => "map",
        other => other.type_name(),
    }
}

/// A primitive as a string (Terraform's automatic conversion), or None for
/// null, unknown, lists and maps.
pub(super) fn primitive_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(format_number(*n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The argument as a string.
pub(super) fn string(value: &Value) -> Result<String, String> {
    match value {
        Value::Null => Err("argument must not be null".into()),
        other => primitive_string(other)
            .ok_or_else(|| format!("string required, got {}", type_name(other))),
    }
}

/// Parses a number the way Terraform converts a string to a number: a
/// decimal representation, no surrounding spaces, no infinities.
pub(super) fn parse_number(s: &str) -> Option<f64> {
    let ok = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && s.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The argument as a number.
pub(super) fn number(value: &Value) -> Result<f64, String> {
    match value {
        Value::Number(n) => Ok(*n),
        Value::String(s) => parse_number(s).ok_or_else(|| {
            format!("cannot convert {s:?} to number; given string must be a decimal representation of a number")
        }),
        Value::Null => Err("argument must not be null".into()),
        other => Err(format!("number required, got {}", type_name(other))),
    }
}

/// The argument as a whole number.
pub(super) fn integer(value: &Value) -> Result<i64, String> {
    let n = number(value)?;
    if n.fract() != 0.0 || !n.is_finite() {
        return Err(format!("{} is not a whole number", format_number(n)));
    }
    if n.abs() >= 9.2e18 {
        return Err(format!("{} is too large", format_number(n)));
    }
    Ok(n as i64)
}

/// The argument as a bool.
pub(super) fn boolean(value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        Value::Null => Err("argument must not be null".into()),
        other => Err(format!("bool required, got {}", other.display())),
    }
}

/// The argument as a list (or tuple, or set).
pub(super) fn list(value: &Value) -> Result<&[Node], String> {
    match value {
        Value::List(items) => Ok(items),
        Value::Null => Err("argument must not be null".into()),
        other => Err(format!("list required, got {}", type_name(other))),
    }
}

/// The argument as a list, taking ownership.
pub(super) fn into_list(value: Value) -> Result<Vec<Node>, String> {
    match value {
        Value::List(items) => Ok(items),
        Value::Null => Err("argument must not be null".into()),
        other => Err(format!("list required, got {}", type_name(&other))),
    }
}

/// The argument as a map (or object).
pub(super) fn map(value: &Value) -> Result<&IndexMap<String, Node>, String> {
    match value {
        Value::Map(m) => Ok(m),
        Value::Null => Err("argument must not be null".into()),
        other => Err(format!("map required, got {}", type_name(other))),
    }
}

/// Terraform's equality, with the type unification its collection
/// functions apply (`contains(["1"], 1)` is true). None when an unknown
/// decides it.
pub(super) fn values_equal(a: &Value, b: &Value) -> Option<bool> {
    equal_at(a, b, 0)
}

fn equal_at(a: &Value, b: &Value, depth: usize) -> Option<bool> {
    if depth > MAX_DEPTH {
        return None;
    }
    match (a, b) {
        (Value::Unknown, _) | (_, Value::Unknown) => None,
        (Value::Null, Value::Null) => Some(true),
        (Value::Null, _) | (_, Value::Null) => Some(false),
        (Value::String(x), Value::String(y)) => Some(x == y),
        (Value::Number(x), Value::Number(y)) => Some(x == y),
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            all_equal(x.iter().zip(y).map(|(p, q)| (&p.value, &q.value)), depth)
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() || x.keys().any(|k| !y.contains_key(k)) {
                return Some(false);
            }
            let pairs = x
                .iter()
                .filter_map(|(k, p)| y.get(k).map(|q| (&p.value, &q.value)));
            all_equal(pairs, depth)
        }
        // Mixed primitives unify to string.
        (x, y) => match (primitive_string(x), primitive_string(y)) {
            (Some(p), Some(q)) => Some(p == q),
            _ => Some(false),
        },
    }
}

/// All pairs equal: a known difference wins over an unknown.
fn all_equal<'a>(
    pairs: impl Iterator<Item = (&'a Value, &'a Value)>,
    depth: usize,
) -> Option<bool> {
    let mut unknown = false;
    for (p, q) in pairs {
        match equal_at(p, q, depth + 1) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown { None } else { Some(true) }
}

/// A set of values for membership tests: primitives are hashed by their
/// string form (which is how [`values_equal`] compares mixed primitives),
/// other values are compared one by one.
#[derive(Default)]
pub(super) struct Membership<'a> {
    primitives: HashSet<String>,
    null: bool,
    others: Vec<&'a Value>,
}

impl<'a> Membership<'a> {
    pub(super) fn of(nodes: &'a [Node]) -> Self {
        let mut set = Membership::default();
        for n in nodes {
            set.insert(&n.value);
        }
        set
    }

    pub(super) fn insert(&mut self, value: &'a Value) {
        match (value, primitive_string(value)) {
            (_, Some(key)) => {
                self.primitives.insert(key);
            }
            (Value::Null, None) => self.null = true,
            (other, None) => self.others.push(other),
        }
    }

    pub(super) fn contains(&self, value: &Value) -> bool {
        match (value, primitive_string(value)) {
            (_, Some(key)) => self.primitives.contains(&key),
            (Value::Null, None) => self.null,
            (other, None) => self
                .others
                .iter()
                .any(|o| values_equal(o, other) == Some(true)),
        }
    }
}

/// Drops later duplicates, keeping the first occurrence (and its node).
pub(super) fn dedupe(items: Vec<Node>) -> Vec<Node> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut null = false;
    let mut out: Vec<Node> = Vec::with_capacity(items.len());
    let mut others: Vec<usize> = Vec::new();
    for item in items {
        let fresh = match (&item.value, primitive_string(&item.value)) {
            (_, Some(key)) => seen.insert(key),
            (Value::Null, None) => !std::mem::replace(&mut null, true),
            (v, None) => !others
                .iter()
                .any(|&i| values_equal(&out[i].value, v) == Some(true)),
        };
        if fresh {
            if primitive_string(&item.value).is_none() && !item.value.is_null() {
                others.push(out.len());
            }
            out.push(item);
        }
    }
    out
}

/// Unifies the element types of a list or map like Terraform's `tolist`,
/// `tomap` and `toset`: when primitives of different types are mixed they
/// all become strings. Mixing primitives with collections is an error.
pub(super) fn unify_primitives(nodes: &mut [&mut Node]) -> Result<(), String> {
    let kinds = nodes.iter().fold([false; 3], |mut acc, n| {
        match n.value {
            Value::String(_) => acc[0] = true,
            Value::Number(_) | Value::Bool(_) => acc[1] = true,
            Value::List(_) | Value::Map(_) => acc[2] = true,
            Value::Null | Value::Unknown => {}
        }
        acc
    });
    if kinds[2] && (kinds[0] || kinds[1]) {
        return Err("all elements must have the same type".into());
    }
    let mixed_numbers_and_bools = nodes.iter().any(|n| matches!(n.value, Value::Number(_)))
        && nodes.iter().any(|n| matches!(n.value, Value::Bool(_)));
    if (kinds[0] && kinds[1]) || mixed_numbers_and_bools {
        for n in nodes.iter_mut() {
            if let Some(s) = primitive_string(&n.value) {
                n.value = Value::String(s);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(values: Vec<Value>) -> Value {
        Value::List(values.into_iter().map(|v| Node::new(v, None)).collect())
    }

    #[test]
    fn conversions() {
        assert_eq!(string(&Value::Number(1.5)), Ok("1.5".into()));
        assert_eq!(string(&Value::Number(3.0)), Ok("3".into()));
        assert_eq!(string(&Value::Bool(true)), Ok("true".into()));
        assert!(string(&Value::Null).is_err());
        assert!(string(&l(vec![])).is_err());
        assert_eq!(number(&Value::String("12".into())), Ok(12.0));
        assert_eq!(number(&Value::String("-1.5e3".into())), Ok(-1500.0));
        assert!(number(&Value::String(" 12".into())).is_err());
        assert!(number(&Value::String("inf".into())).is_err());
        assert!(number(&Value::String("0x10".into())).is_err());
        assert_eq!(integer(&Value::Number(4.0)), Ok(4));
        assert!(integer(&Value::Number(4.5)).is_err());
        assert!(integer(&Value::Number(1e300)).is_err());
        assert_eq!(boolean(&Value::String("false".into())), Ok(false));
        assert!(boolean(&Value::Number(1.0)).is_err());
    }

    #[test]
    fn equality() {
        let s = |v: &str| Value::String(v.into());
        assert_eq!(values_equal(&s("1"), &Value::Number(1.0)), Some(true));
        assert_eq!(values_equal(&s("true"), &Value::Bool(true)), Some(true));
        assert_eq!(values_equal(&Value::Null, &s("")), Some(false));
        assert_eq!(values_equal(&Value::Unknown, &s("")), None);
        assert_eq!(
            values_equal(&l(vec![s("a"), Value::Unknown]), &l(vec![s("b"), s("c")])),
            Some(false)
        );
        assert_eq!(
            values_equal(&l(vec![s("a"), Value::Unknown]), &l(vec![s("a"), s("c")])),
            None
        );
        assert_eq!(values_equal(&l(vec![]), &s("")), Some(false));
    }

    #[test]
    fn unification() {
        let mut a = Node::new(Value::Number(1.0), None);
        let mut b = Node::new(Value::String("x".into()), None);
        unify_primitives(&mut [&mut a, &mut b]).unwrap();
        assert_eq!(a.value, Value::String("1".into()));
        let mut c = Node::new(l(vec![]), None);
        assert!(unify_primitives(&mut [&mut b, &mut c]).is_err());
    }
}

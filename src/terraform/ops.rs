//! Operations on values that need no scope: equality, conversions,
//! operators and traversal steps. Type errors are [`EvalError`]s, which
//! `try`/`can` observe and everything else turns into `Unknown`.

use super::ast::{BinOp, UnOp};
use crate::model::{Node, Value, format_number};
use crate::source::Span;
#[cfg(test)]
use indexmap::IndexMap;

/// An evaluation error (a missing attribute, a bad index, a type mismatch).
#[derive(Clone, Debug, PartialEq)]
pub struct EvalError(pub String);

pub type R<T> = Result<T, EvalError>;

pub fn err<T>(message: impl Into<String>) -> R<T> {
    Err(EvalError(message.into()))
}

pub fn node(value: Value, span: Span) -> Node {
    Node::new(value, Some(span))
}

/// Deep equality ignoring spans; `None` when an unknown makes it undecidable.
pub fn equal(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Unknown, _) | (_, Value::Unknown) => None,
        (Value::Number(x), Value::Number(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut unknown = false;
            for (p, q) in x.iter().zip(y) {
                match equal(&p.value, &q.value) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown { None } else { Some(true) }
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() || x.keys().any(|k| !y.contains_key(k)) {
                return Some(false);
            }
            let mut unknown = false;
            for (k, p) in x {
                match y.get(k).and_then(|q| equal(&p.value, &q.value)) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown { None } else { Some(true) }
        }
        _ => Some(a == b),
    }
}

/// The string form of a primitive, as interpolation and string conversion use it.
/// `Ok(None)` for unknown.
pub fn to_string(v: &Value) -> R<Option<String>> {
    match v {
        Value::Unknown => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(format_number(*n))),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Null => err("cannot use a null value in a string"),
        Value::List(_) | Value::Map(_) => {
            err(format!("cannot convert a {} to a string", v.type_name()))
        }
    }
}

pub fn to_number(v: &Value) -> R<Option<f64>> {
    match v {
        Value::Unknown => Ok(None),
        _ => match v.as_number() {
            Some(n) => Ok(Some(n)),
            None => err(format!("a number is required, got {}", v.type_name())),
        },
    }
}

pub fn to_bool(v: &Value) -> R<Option<bool>> {
    match v {
        Value::Unknown => Ok(None),
        _ => match v.as_bool() {
            Some(b) => Ok(Some(b)),
            None => err(format!("a bool is required, got {}", v.type_name())),
        },
    }
}

pub fn unary(op: UnOp, v: &Value) -> R<Value> {
    Ok(match op {
        UnOp::Neg => to_number(v)?.map_or(Value::Unknown, |n| Value::Number(-n)),
        UnOp::Not => to_bool(v)?.map_or(Value::Unknown, |b| Value::Bool(!b)),
    })
}

pub fn binary(op: BinOp, a: &Value, b: &Value) -> R<Value> {
    let known = |x: Option<bool>| x.map_or(Value::Unknown, Value::Bool);
    match op {
        BinOp::Eq => return Ok(known(equal(a, b))),
        BinOp::NotEq => return Ok(known(equal(a, b).map(|e| !e))),
        BinOp::And | BinOp::Or => {
            let (x, y) = (to_bool(a)?, to_bool(b)?);
            // A known deciding operand wins over an unknown one.
            let decisive = op == BinOp::Or;
            return Ok(match (x, y) {
                (Some(x), Some(y)) => Value::Bool(if decisive { x || y } else { x && y }),
                (Some(x), None) | (None, Some(x)) if x == decisive => Value::Bool(decisive),
                _ => Value::Unknown,
            });
        }
        _ => {}
    }
    let (Some(x), Some(y)) = (to_number(a)?, to_number(b)?) else {
        return Ok(Value::Unknown);
    };
    Ok(match op {
        BinOp::Less => Value::Bool(x < y),
        BinOp::LessEq => Value::Bool(x <= y),
        BinOp::Greater => Value::Bool(x > y),
        BinOp::GreaterEq => Value::Bool(x >= y),
        BinOp::Add => Value::Number(x + y),
        BinOp::Sub => Value::Number(x - y),
        BinOp::Mul => Value::Number(x * y),
        BinOp::Div if y == 0.0 => return err("division by zero"),
        BinOp::Div => Value::Number(x / y),
        BinOp::Mod if y == 0.0 => return err("modulo by zero"),
        BinOp::Mod => Value::Number(x % y),
        _ => Value::Unknown,
    })
}

/// Largest value (in nodes) a local or output may hold; beyond it the value
/// is treated as unknown, so self-doubling definitions cannot exhaust memory.
pub const MAX_VALUE_NODES: usize = 1 << 18;
/// Longest string a template may build.
pub const MAX_STRING: usize = 1 << 20;

/// `node` unless it has more than [`MAX_VALUE_NODES`] nodes, else unknown.
pub fn capped(n: Node) -> Node {
    fn count(n: &Node, budget: &mut usize) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        match &n.value {
            Value::List(items) => items.iter().all(|i| count(i, budget)),
            Value::Map(m) => m.values().all(|i| count(i, budget)),
            _ => true,
        }
    }
    let mut budget = MAX_VALUE_NODES;
    if count(&n, &mut budget) {
        n
    } else {
        Node::unknown(n.span)
    }
}

/// One evaluated traversal step; attribute names borrow from the syntax tree.
#[derive(Debug)]
pub enum Step<'a> {
    Attr(&'a str),
    /// An index whose key is known.
    Index(Value),
    /// An index whose key is unknown: the result is unknown.
    UnknownIndex,
    AttrSplat,
    FullSplat,
}

/// Applies `steps` to `start`. `lenient` (resource objects): a missing
/// attribute is a computed one, so it reads as unknown instead of an error.
pub fn apply(start: &Node, steps: &[Step], lenient: bool) -> R<Node> {
    let mut cur = start;
    for (i, step) in steps.iter().enumerate() {
        match step {
            Step::Attr(_) | Step::Index(_) => match lookup(cur, step, lenient)? {
                Some(next) => cur = next,
                None => return Ok(Node::unknown(cur.span)),
            },
            Step::UnknownIndex => return Ok(Node::unknown(cur.span)),
            Step::FullSplat => return splat(cur, &steps[i + 1..], lenient),
            Step::AttrSplat => {
                let rest = &steps[i + 1..];
                let n = rest
                    .iter()
                    .take_while(|s| matches!(s, Step::Attr(_)))
                    .count();
                let list = splat(cur, &rest[..n], lenient)?;
                return apply(&list, &rest[n..], lenient);
            }
        }
    }
    Ok(cur.clone())
}

fn splat(cur: &Node, steps: &[Step], lenient: bool) -> R<Node> {
    let items: Vec<Node> = match &cur.value {
        Value::Unknown => return Ok(cur.clone()),
        Value::Null => Vec::new(),
        Value::List(items) => items
            .iter()
            .map(|e| apply(e, steps, lenient))
            .collect::<R<_>>()?,
        _ => vec![apply(cur, steps, lenient)?],
    };
    Ok(Node::new(Value::List(items), cur.span))
}

/// One attribute or index step; `Ok(None)` means the result is unknown.
fn lookup<'a>(cur: &'a Node, step: &Step, lenient: bool) -> R<Option<&'a Node>> {
    let missing = |what: String| if lenient { Ok(None) } else { err(what) };
    match (&cur.value, step) {
        (Value::Unknown, _) => Ok(None),
        (Value::Map(m), Step::Attr(name)) => match m.get(*name) {
            Some(n) => Ok(Some(n)),
            None => missing(format!("unsupported attribute `{name}`")),
        },
        (Value::Map(m), Step::Index(key)) => match to_string(key)? {
            None => Ok(None),
            Some(k) => match m.get(&k) {
                Some(n) => Ok(Some(n)),
                None => missing(format!("the map has no element for key {k:?}")),
            },
        },
        (Value::List(items), Step::Index(key)) => match to_number(key)? {
            None => Ok(None),
            Some(i) if i >= 0.0 && i.fract() == 0.0 && (i as usize) < items.len() => {
                Ok(items.get(i as usize))
            }
            Some(i) => err(format!(
                "index {} is out of range for a list of {}",
                format_number(i),
                items.len()
            )),
        },
        // Nested blocks are lists; `block.attr` on a one-element list is a
        // common shorthand in references, but not valid Terraform.
        (Value::Null, _) => err("attempt to index a null value"),
        (v, Step::Attr(name)) => err(format!(
            "cannot read attribute `{name}` of a {}",
            v.type_name()
        )),
        (v, _) => err(format!("cannot index a {}", v.type_name())),
    }
}

/// The elements of a collection as (key, value) pairs: list keys are
/// numbers, map keys strings. `None` when the collection is unknown.
pub fn entries(v: &Node) -> R<Option<Vec<(Value, &Node)>>> {
    match &v.value {
        Value::Unknown => Ok(None),
        Value::List(items) => Ok(Some(
            items
                .iter()
                .enumerate()
                .map(|(i, n)| (Value::Number(i as f64), n))
                .collect(),
        )),
        Value::Map(m) => Ok(Some(
            m.iter()
                .map(|(k, n)| (Value::String(k.clone()), n))
                .collect(),
        )),
        other => err(format!("cannot iterate over a {}", other.type_name())),
    }
}

/// Loose conversion of a variable value to its declared primitive type.
pub fn convert(value: Value, ty: &str) -> Value {
    match (ty, &value) {
        ("bool", Value::String(_)) => value.as_bool().map_or(value, Value::Bool),
        ("number", Value::String(_)) => value.as_number().map_or(value, Value::Number),
        ("string", Value::Number(_) | Value::Bool(_)) => match to_string(&value) {
            Ok(Some(s)) => Value::String(s),
            _ => value,
        },
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn n(v: Value, start: usize) -> Node {
        node(v, Span::new(FileId(0), start..start + 1))
    }

    #[test]
    fn equality_ignores_spans_and_respects_unknowns() {
        let a = Value::List(vec![n(Value::Number(1.0), 0)]);
        let b = Value::List(vec![n(Value::Number(1.0), 9)]);
        assert_eq!(equal(&a, &b), Some(true));
        let c = Value::List(vec![n(Value::Unknown, 0)]);
        assert_eq!(equal(&a, &c), None);
        assert_eq!(
            equal(&Value::String("1".into()), &Value::Number(1.0)),
            Some(false)
        );
    }

    #[test]
    fn logic_with_unknowns_uses_the_deciding_operand() {
        let t = Value::Bool(true);
        let f = Value::Bool(false);
        assert_eq!(
            binary(BinOp::Or, &t, &Value::Unknown),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            binary(BinOp::And, &Value::Unknown, &f),
            Ok(Value::Bool(false))
        );
        assert_eq!(binary(BinOp::And, &t, &Value::Unknown), Ok(Value::Unknown));
        assert!(binary(BinOp::Div, &t, &f).is_err());
        assert!(binary(BinOp::Div, &Value::Number(1.0), &Value::Number(0.0)).is_err());
    }

    #[test]
    fn splats_and_lenient_lookups() {
        let item = |name: &str| {
            let m = IndexMap::from([("name".to_owned(), n(Value::String(name.into()), 0))]);
            n(Value::Map(m), 0)
        };
        let list = n(Value::List(vec![item("a"), item("b")]), 0);
        let steps = [Step::FullSplat, Step::Attr("name")];
        let out = apply(&list, &steps, false).unwrap();
        assert!(matches!(out.value, Value::List(ref l) if l.len() == 2));
        let missing = [Step::Index(Value::Number(0.0)), Step::Attr("id")];
        assert!(apply(&list, &missing, false).is_err());
        assert_eq!(apply(&list, &missing, true).unwrap().value, Value::Unknown);
        assert!(apply(&list, &[Step::Index(Value::Number(5.0))], false).is_err());
    }
}

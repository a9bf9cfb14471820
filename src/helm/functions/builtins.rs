//! Go's template builtins: comparisons, `not`, `len`, `index`, `slice`,
//! `print`, `printf`, `println`, `urlquery`, `html`, `js`.

use std::cmp::Ordering;
use std::rc::Rc;

use super::strings::sprintf;
use super::{FnError, FnResult, arity, at_least, failed, want_str};
use crate::helm::value::{Object, Text, Val, Value};

pub fn call(name: &str, a: &[Val]) -> Option<FnResult> {
    Some(match name {
        "eq" => (|| {
            at_least(name, a, 2)?;
            for other in &a[1..] {
                if eq(&a[0], other)? {
                    return Ok(Val::bool(true));
                }
            }
            Ok(Val::bool(false))
        })(),
        "ne" => arity(name, a, 2).and_then(|_| Ok(Val::bool(!eq(&a[0], &a[1])?))),
        "lt" | "le" | "gt" | "ge" => arity(name, a, 2).and_then(|_| {
            let ord = compare(&a[0], &a[1])?;
            Ok(Val::bool(match name {
                "lt" => ord == Ordering::Less,
                "le" => ord != Ordering::Greater,
                "gt" => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            }))
        }),
        "not" => arity(name, a, 1).map(|_| Val::bool(!a[0].truthy())),
        "len" => arity(name, a, 1).and_then(|_| len(&a[0]).map(Val::int)),
        "index" => at_least(name, a, 1).and_then(|_| index(&a[0], &a[1..])),
        "slice" => at_least(name, a, 1).and_then(|_| slice(a)),
        "print" => Ok(Val::str(print(a))),
        "println" => {
            let parts: Vec<String> = a.iter().map(Val::to_go_string).collect();
            Ok(Val::str(parts.join(" ") + "\n"))
        }
        "printf" => {
            at_least(name, a, 1).and_then(|_| Ok(Val::str(sprintf(want_str(&a[0])?, &a[1..]))))
        }
        "urlquery" => Ok(Val::str(super::strings::query_escape(&print(a)))),
        "html" => Ok(Val::str(
            print(a)
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&#34;")
                .replace('\'', "&#39;"),
        )),
        "js" => Ok(Val::str(
            print(a)
                .replace('\\', "\\\\")
                .replace('\'', "\\'")
                .replace('"', "\\\"")
                .replace('<', "\\u003C")
                .replace('>', "\\u003E"),
        )),
        _ => return None,
    })
}

/// Go's `fmt.Sprint`: spaces only between operands that are not strings.
pub fn print(a: &[Val]) -> String {
    let mut out = String::new();
    for (i, v) in a.iter().enumerate() {
        let is_str = matches!(v.v, Value::Str(_));
        if i > 0 && !is_str && !matches!(a[i - 1].v, Value::Str(_)) {
            out.push(' ');
        }
        out.push_str(&v.to_go_string());
    }
    out
}

#[derive(PartialEq)]
enum Basic {
    Bool,
    Int,
    Float,
    Str,
    Other,
    Invalid,
}

fn basic(v: &Val) -> Basic {
    match v.v {
        Value::Nil => Basic::Invalid,
        Value::Bool(_) => Basic::Bool,
        Value::Int(_) => Basic::Int,
        Value::Float(_) => Basic::Float,
        Value::Str(_) => Basic::Str,
        _ => Basic::Other,
    }
}

/// Go's template `eq` for two operands: basic kinds must match.
pub fn eq(x: &Val, y: &Val) -> Result<bool, FnError> {
    let (kx, ky) = (basic(x), basic(y));
    if kx != ky {
        if kx == Basic::Invalid || ky == Basic::Invalid {
            return Ok(false);
        }
        return failed("incompatible types for comparison");
    }
    Ok(match (&x.v, &y.v) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => a == b,
        (Value::Str(a), Value::Str(b)) => a.s == b.s,
        (Value::List(_), _) | (Value::Map(_), _) => return failed("non-comparable type"),
        (Value::Obj(a), Value::Obj(b)) => Rc::ptr_eq(a, b),
        _ => false,
    })
}

fn compare(x: &Val, y: &Val) -> Result<Ordering, FnError> {
    match (&x.v, &y.v) {
        (Value::Int(a), Value::Int(b)) => Ok(a.cmp(b)),
        (Value::Float(a), Value::Float(b)) => Ok(a.partial_cmp(b).unwrap_or(Ordering::Equal)),
        (Value::Str(a), Value::Str(b)) => Ok(a.s.cmp(&b.s)),
        _ if basic(x) == basic(y) && matches!(basic(x), Basic::Int | Basic::Float | Basic::Str) => {
            Ok(Ordering::Equal)
        }
        _ if matches!(basic(x), Basic::Int | Basic::Float | Basic::Str)
            && matches!(basic(y), Basic::Int | Basic::Float | Basic::Str) =>
        {
            failed("incompatible types for comparison")
        }
        _ => failed("invalid type for comparison"),
    }
}

pub fn len(v: &Val) -> Result<i64, FnError> {
    Ok(match &v.v {
        Value::Str(t) => t.s.len() as i64,
        Value::List(l) => l.len() as i64,
        Value::Map(m) => m.borrow().len() as i64,
        Value::Obj(o) => match &**o {
            Object::Files(f) => f.len() as i64,
            Object::ApiVersions(c) => c.api_versions.len() as i64,
            _ => return failed("len of type struct"),
        },
        Value::Nil => return failed("len of nil pointer"),
        _ => return failed(format!("len of type {}", v.type_name())),
    })
}

fn index(base: &Val, keys: &[Val]) -> FnResult {
    let mut cur = base.clone();
    for k in keys {
        cur = match (&cur.v, &k.v) {
            (Value::Map(m), Value::Str(s)) => m.borrow().get(&*s.s).cloned().unwrap_or_default(),
            (Value::Map(_), Value::Nil) => Val::nil(),
            (Value::Map(_), _) => {
                return failed(format!(
                    "value has type {}; should be string",
                    k.type_name()
                ));
            }
            (Value::List(l), Value::Int(i)) => {
                if *i < 0 || *i as usize >= l.len() {
                    return failed(format!("index out of range: {i}"));
                }
                l[*i as usize].clone()
            }
            (Value::Str(t), Value::Int(i)) => {
                let b = t.s.as_bytes();
                if *i < 0 || *i as usize >= b.len() {
                    return failed(format!("index out of range: {i}"));
                }
                Val::int(b[*i as usize] as i64)
            }
            (Value::List(_), _) | (Value::Str(_), _) => {
                return failed("cannot index slice/array with nil");
            }
            (Value::Nil, _) => return failed("index of untyped nil"),
            _ => return failed(format!("can't index item of type {}", cur.type_name())),
        };
    }
    Ok(cur)
}

fn slice(a: &[Val]) -> FnResult {
    let idx: Result<Vec<i64>, FnError> = a[1..]
        .iter()
        .map(|v| match v.v {
            Value::Int(i) => Ok(i),
            _ => failed("cannot index slice with non-integer"),
        })
        .collect();
    let idx = idx?;
    let n = match &a[0].v {
        Value::Str(t) => t.s.len(),
        Value::List(l) => l.len(),
        _ => return failed(format!("can't slice item of type {}", a[0].type_name())),
    } as i64;
    let lo = idx.first().copied().unwrap_or(0);
    let hi = idx.get(1).copied().unwrap_or(n);
    if lo < 0 || hi < lo || hi > n || idx.len() > 3 {
        return failed(format!("index out of range: {lo}:{hi}"));
    }
    Ok(match &a[0].v {
        Value::Str(t) => match t.s.get(lo as usize..hi as usize) {
            Some(s) => Value::Str(Text::plain(s)).into(),
            None => return failed("slice splits a character"),
        },
        Value::List(l) => Val::list(l[lo as usize..hi as usize].to_vec()),
        _ => unreachable!(),
    })
}

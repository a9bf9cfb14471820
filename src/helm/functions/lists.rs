//! List functions (Sprig). Lists are immutable and shared; functions that
//! "modify" a list return a new one, as Sprig does.

use std::rc::Rc;

use super::{FnError, FnResult, arity, at_least, failed, is_empty, strval, want_int};
use crate::helm::value::{Val, Value};

/// Largest list `until`/`seq` may build.
const MAX_ITEMS: i64 = 1_000_000;

fn items(name: &str, v: &Val) -> Result<Rc<Vec<Val>>, FnError> {
    match &v.v {
        Value::List(l) => Ok(l.clone()),
        // Sprig asks reflect for the kind of nil and panics; Helm reports it.
        Value::Nil if name != "has" => {
            failed("runtime error: invalid memory address or nil pointer dereference")
        }
        Value::Nil => Ok(Rc::new(Vec::new())),
        _ => failed(format!("Cannot {name} on type {}", v.type_name())),
    }
}

/// Go's `reflect.DeepEqual` over values (bounded: values that contain
/// themselves compare unequal past a depth).
pub fn deep_eq(a: &Val, b: &Val) -> bool {
    eq_bounded(a, b, 0)
}

fn eq_bounded(a: &Val, b: &Val, depth: usize) -> bool {
    if depth > 100 {
        return false;
    }
    match (&a.v, &b.v) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x.s == y.s,
        (Value::List(x), Value::List(y)) => {
            Rc::ptr_eq(x, y)
                || (x.len() == y.len()
                    && x.iter()
                        .zip(y.iter())
                        .all(|(p, q)| eq_bounded(p, q, depth + 1)))
        }
        (Value::Map(x), Value::Map(y)) => {
            if Rc::ptr_eq(x, y) {
                return true;
            }
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| eq_bounded(v, w, depth + 1)))
        }
        (Value::Obj(x), Value::Obj(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

pub fn call(name: &str, a: &[Val]) -> Option<FnResult> {
    // `mustFirst` and friends behave as `first` here (errors are returned
    // either way).
    let name = match name {
        "mustFirst" => "first",
        "mustLast" => "last",
        "mustRest" => "rest",
        "mustInitial" => "initial",
        "mustAppend" => "append",
        "mustPush" => "push",
        "mustPrepend" => "prepend",
        "mustUniq" => "uniq",
        "mustWithout" => "without",
        "mustHas" => "has",
        "mustCompact" => "compact",
        "mustReverse" => "reverse",
        "mustChunk" => "chunk",
        _ => name,
    };
    let r = (|| -> FnResult {
        match name {
            "list" | "tuple" => Ok(Val::list(a.to_vec())),
            "first" => {
                arity(name, a, 1)?;
                Ok(items(name, &a[0])?.first().cloned().unwrap_or_default())
            }
            "last" => {
                arity(name, a, 1)?;
                Ok(items(name, &a[0])?.last().cloned().unwrap_or_default())
            }
            "rest" => {
                arity(name, a, 1)?;
                let l = items(name, &a[0])?;
                Ok(Val::list(l.iter().skip(1).cloned().collect()))
            }
            "initial" => {
                arity(name, a, 1)?;
                let l = items(name, &a[0])?;
                Ok(Val::list(l[..l.len().saturating_sub(1)].to_vec()))
            }
            "append" | "push" => {
                arity(name, a, 2)?;
                let mut l = items(name, &a[0])?.to_vec();
                l.push(a[1].clone());
                Ok(Val::list(l))
            }
            "prepend" => {
                arity(name, a, 2)?;
                let mut l = vec![a[1].clone()];
                l.extend(items(name, &a[0])?.iter().cloned());
                Ok(Val::list(l))
            }
            "concat" => {
                let mut l = Vec::new();
                for v in a {
                    l.extend(items(name, v)?.iter().cloned());
                }
                Ok(Val::list(l))
            }
            "uniq" => {
                arity(name, a, 1)?;
                let mut out: Vec<Val> = Vec::new();
                for v in items(name, &a[0])?.iter() {
                    if !out.iter().any(|o| deep_eq(o, v)) {
                        out.push(v.clone());
                    }
                }
                Ok(Val::list(out))
            }
            "without" => {
                at_least(name, a, 1)?;
                let out = items(name, &a[0])?
                    .iter()
                    .filter(|v| !a[1..].iter().any(|w| deep_eq(v, w)))
                    .cloned()
                    .collect();
                Ok(Val::list(out))
            }
            "has" => {
                arity(name, a, 2)?;
                Ok(Val::bool(
                    items(name, &a[1])?.iter().any(|v| deep_eq(v, &a[0])),
                ))
            }
            "compact" => {
                arity(name, a, 1)?;
                Ok(Val::list(
                    items(name, &a[0])?
                        .iter()
                        .filter(|v| !is_empty(v))
                        .cloned()
                        .collect(),
                ))
            }
            "reverse" => {
                arity(name, a, 1)?;
                Ok(Val::list(
                    items(name, &a[0])?.iter().rev().cloned().collect(),
                ))
            }
            "sortAlpha" => {
                arity(name, a, 1)?;
                let mut out: Vec<String> = match &a[0].v {
                    Value::List(l) => l.iter().map(strval).collect(),
                    _ => vec![strval(&a[0])],
                };
                out.sort();
                Ok(Val::list(out.into_iter().map(Val::str).collect()))
            }
            "toStrings" => {
                arity(name, a, 1)?;
                let out = match &a[0].v {
                    Value::List(l) => l.iter().map(|v| Val::str(strval(v))).collect(),
                    _ => vec![Val::str(strval(&a[0]))],
                };
                Ok(Val::list(out))
            }
            "until" => {
                arity(name, a, 1)?;
                let n = want_int(&a[0])?;
                range_list(0, n, if n < 0 { -1 } else { 1 })
            }
            "untilStep" => {
                arity(name, a, 3)?;
                range_list(want_int(&a[0])?, want_int(&a[1])?, want_int(&a[2])?)
            }
            "seq" => {
                let n: Vec<i64> = a.iter().map(super::to_i64).collect();
                let r = match n.as_slice() {
                    [end] => range_incl(1, *end, if *end >= 1 { 1 } else { -1 }),
                    [start, end] => range_incl(*start, *end, if end >= start { 1 } else { -1 }),
                    [start, step, end] => range_incl(*start, *end, *step),
                    _ => return failed("seq takes 1 to 3 arguments"),
                }?;
                let words: Vec<String> = r.iter().map(i64::to_string).collect();
                Ok(Val::str(words.join(" ")))
            }
            "chunk" => {
                arity(name, a, 2)?;
                let size = want_int(&a[0])?.max(1) as usize;
                let l = items(name, &a[1])?;
                Ok(Val::list(
                    l.chunks(size).map(|c| Val::list(c.to_vec())).collect(),
                ))
            }
            _ => Err(FnError::Unknown),
        }
    })();
    match r {
        Err(FnError::Unknown) => None,
        r => Some(r),
    }
}

fn check_len(start: i64, end: i64, step: i64) -> Result<(), FnError> {
    if step != 0 && ((end as i128 - start as i128) / step as i128).abs() > MAX_ITEMS as i128 {
        return failed(format!("list of more than {MAX_ITEMS} items"));
    }
    Ok(())
}

fn range_list(start: i64, end: i64, step: i64) -> FnResult {
    check_len(start, end, step)?;
    let mut out = Vec::new();
    let mut i = start;
    if step > 0 {
        while i < end {
            out.push(Val::int(i));
            i += step;
        }
    } else if step < 0 {
        while i > end {
            out.push(Val::int(i));
            i += step;
        }
    }
    Ok(Val::list(out))
}

fn range_incl(start: i64, end: i64, step: i64) -> Result<Vec<i64>, FnError> {
    check_len(start, end, step)?;
    let mut out = Vec::new();
    let mut i = start;
    if step > 0 && end >= start {
        while i <= end {
            out.push(i);
            i += step;
        }
    } else if step < 0 && end <= start {
        while i >= end {
            out.push(i);
            i += step;
        }
    }
    Ok(out)
}

//! Dictionary functions (Sprig). Maps are shared: `set`, `unset`, `merge`
//! and `mergeOverwrite` change their first argument in place (and return
//! it), exactly what charts rely on.

use std::cell::RefCell;
use std::rc::Rc;

use super::{FnError, FnResult, arity, at_least, failed, is_empty, strval, want_str};
use crate::helm::value::{Map, MapRef, Val, Value};

fn want_map(name: &str, v: &Val) -> Result<MapRef, FnError> {
    match &v.v {
        Value::Map(m) => Ok(m.clone()),
        // Go passes a nil map for nil: reading it finds nothing.
        Value::Nil
            if !matches!(
                name,
                "set" | "unset" | "merge" | "mergeOverwrite" | "mustMerge" | "mustMergeOverwrite"
            ) =>
        {
            Ok(Rc::new(RefCell::new(Map::new())))
        }
        _ => Err(FnError::Type(format!(
            "wrong type for value; expected map[string]interface {{}}; got {} (in {name})",
            v.type_name()
        ))),
    }
}

/// A deep copy: new maps all the way down (lists are immutable already,
/// but may hold maps). Bounded: a map that contains itself, or shares
/// parts exponentially, is copied only so far (then shared).
pub fn deep_copy(v: &Val) -> Val {
    let mut budget = 200_000usize;
    copy_bounded(v, 0, &mut budget)
}

fn copy_bounded(v: &Val, depth: usize, budget: &mut usize) -> Val {
    if depth > 100 || *budget == 0 {
        return v.clone();
    }
    *budget -= 1;
    match &v.v {
        Value::Map(m) => Val {
            v: Value::Map(Rc::new(RefCell::new(
                m.borrow()
                    .iter()
                    .map(|(k, x)| (k.clone(), copy_bounded(x, depth + 1, budget)))
                    .collect(),
            ))),
            origin: v.origin,
        },
        Value::List(l) => Val {
            v: Value::List(Rc::new(
                l.iter()
                    .map(|x| copy_bounded(x, depth + 1, budget))
                    .collect(),
            )),
            origin: v.origin,
        },
        _ => v.clone(),
    }
}

/// mergo's map merge: keys missing (or empty) in `dst` are filled from
/// `src`; maps present in both merge recursively; with `overwrite`, `src`
/// wins for everything else.
pub fn merge_into(dst: &MapRef, src: &MapRef, overwrite: bool, depth: usize) {
    let mut budget = 200_000usize;
    merge_bounded(dst, src, overwrite, depth, &mut budget);
}

/// The merge, visiting at most `budget` entries (shared sub-maps could
/// make it exponential).
fn merge_bounded(dst: &MapRef, src: &MapRef, overwrite: bool, depth: usize, budget: &mut usize) {
    if Rc::ptr_eq(dst, src) || depth > 32 || *budget == 0 {
        return;
    }
    let entries: Vec<(String, Val)> = src
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, sv) in entries {
        *budget = budget.saturating_sub(1);
        let dv = dst.borrow().get(&k).cloned();
        match (&dv, &sv.v) {
            (
                Some(Val {
                    v: Value::Map(dm), ..
                }),
                Value::Map(sm),
            ) => {
                merge_bounded(dm, sm, overwrite, depth + 1, budget);
            }
            (Some(d), _) if !is_empty(d) && !overwrite => {}
            (Some(d), Value::Map(_) | Value::List(_)) if !is_empty(d) && !overwrite => {}
            _ => {
                if overwrite || dv.as_ref().is_none_or(is_empty) {
                    dst.borrow_mut().insert(k, sv);
                }
            }
        }
    }
}

pub fn call(name: &str, a: &[Val]) -> Option<FnResult> {
    let r = (|| -> FnResult {
        match name {
            "dict" => {
                let mut m = Map::new();
                for pair in a.chunks(2) {
                    let v = pair.get(1).cloned().unwrap_or_default();
                    m.insert(strval(&pair[0]), v);
                }
                Ok(Val::map(m))
            }
            "get" => {
                arity(name, a, 2)?;
                let m = want_map(name, &a[0])?;
                Ok(m.borrow()
                    .get(want_str(&a[1])?)
                    .cloned()
                    .unwrap_or_else(|| Val::str("")))
            }
            "set" => {
                arity(name, a, 3)?;
                let m = want_map(name, &a[0])?;
                m.borrow_mut()
                    .insert(want_str(&a[1])?.to_string(), a[2].clone());
                Ok(Val {
                    v: a[0].v.clone(),
                    origin: None,
                })
            }
            "unset" => {
                arity(name, a, 2)?;
                let m = want_map(name, &a[0])?;
                m.borrow_mut().remove(want_str(&a[1])?);
                Ok(Val {
                    v: a[0].v.clone(),
                    origin: None,
                })
            }
            "hasKey" => {
                arity(name, a, 2)?;
                Ok(Val::bool(
                    want_map(name, &a[0])?
                        .borrow()
                        .contains_key(want_str(&a[1])?),
                ))
            }
            "keys" => {
                let mut out = Vec::new();
                for v in a {
                    out.extend(
                        want_map(name, v)?
                            .borrow()
                            .keys()
                            .map(|k| Val::str(k.as_str())),
                    );
                }
                Ok(Val::list(out))
            }
            "values" => {
                arity(name, a, 1)?;
                Ok(Val::list(
                    want_map(name, &a[0])?.borrow().values().cloned().collect(),
                ))
            }
            "pluck" => {
                at_least(name, a, 1)?;
                let key = want_str(&a[0])?;
                let mut out = Vec::new();
                for v in &a[1..] {
                    if let Some(x) = want_map(name, v)?.borrow().get(key) {
                        out.push(x.clone());
                    }
                }
                Ok(Val::list(out))
            }
            "merge" | "mustMerge" | "mergeOverwrite" | "mustMergeOverwrite" => {
                at_least(name, a, 1)?;
                let dst = want_map(name, &a[0])?;
                for src in &a[1..] {
                    match &src.v {
                        Value::Map(s) => merge_into(&dst, s, name.ends_with("Overwrite"), 0),
                        Value::Nil => {}
                        _ => return failed(format!("cannot merge {}", src.type_name())),
                    }
                }
                Ok(Val {
                    v: a[0].v.clone(),
                    origin: None,
                })
            }
            "deepCopy" | "mustDeepCopy" => {
                arity(name, a, 1)?;
                Ok(deep_copy(&a[0]))
            }
            "omit" | "pick" => {
                at_least(name, a, 1)?;
                let m = want_map(name, &a[0])?;
                let keys: Vec<String> = a[1..].iter().map(strval).collect();
                let picked = m
                    .borrow()
                    .iter()
                    .filter(|(k, _)| keys.contains(k) == (name == "pick"))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                Ok(Val::map(picked))
            }
            "dig" => {
                at_least(name, a, 3)?;
                let n = a.len();
                let default = &a[n - 2];
                let mut cur = want_map(name, &a[n - 1])?;
                let keys = &a[..n - 2];
                for (i, k) in keys.iter().enumerate() {
                    let k = want_str(k)?;
                    let next = cur.borrow().get(k).cloned();
                    match next {
                        None => return Ok(default.clone()),
                        Some(v) if i + 1 == keys.len() => return Ok(v),
                        Some(Val {
                            v: Value::Map(m), ..
                        }) => cur = m,
                        Some(_) => {
                            return failed(
                                "interface conversion: interface {} is not map[string]interface {}",
                            );
                        }
                    }
                }
                Ok(default.clone())
            }
            "deepEqual" => {
                arity(name, a, 2)?;
                Ok(Val::bool(super::lists::deep_eq(&a[0], &a[1])))
            }
            _ => Err(FnError::Unknown),
        }
    })();
    match r {
        Err(FnError::Unknown) => None,
        r => Some(r),
    }
}

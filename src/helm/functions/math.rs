//! Numbers, conversions, type tests and the "default" family (Sprig).
//! Sprig's integer arithmetic is over `int64`; `floor`/`ceil`/`round` and
//! the `…f` functions over `float64`.

use super::{FnError, FnResult, arity, at_least, failed, is_empty, to_f64, to_i64, want_str};
use crate::helm::value::{Val, Value};

/// cast's `ToInt` for strings: base prefixes accepted, `.0` decimals
/// trimmed, anything else is 0.
fn cast_int(v: &Val) -> i64 {
    match &v.v {
        Value::Str(t) => {
            let mut s = t.s.trim();
            if let Some(dot) = s.find('.')
                && s[dot + 1..].bytes().all(|b| b == b'0')
            {
                s = &s[..dot];
            }
            let (neg, body) = match s.strip_prefix('-') {
                Some(r) => (true, r),
                None => (false, s.strip_prefix('+').unwrap_or(s)),
            };
            let lower = body.to_ascii_lowercase();
            let parsed = if let Some(h) = lower.strip_prefix("0x") {
                i64::from_str_radix(h, 16).ok()
            } else if let Some(b) = lower.strip_prefix("0b") {
                i64::from_str_radix(b, 2).ok()
            } else if let Some(o) = lower.strip_prefix("0o") {
                i64::from_str_radix(o, 8).ok()
            } else if body.len() > 1 && body.starts_with('0') {
                i64::from_str_radix(&body[1..], 8).ok()
            } else {
                body.parse::<i64>().ok()
            };
            parsed.map(|n| if neg { -n } else { n }).unwrap_or(0)
        }
        _ => to_i64(v),
    }
}

fn ints(a: &[Val]) -> Vec<i64> {
    a.iter().map(cast_int).collect()
}

pub fn call(name: &str, a: &[Val]) -> Option<FnResult> {
    let r = (|| -> FnResult {
        match name {
            "add" => Ok(Val::int(
                ints(a).iter().fold(0i64, |x, y| x.wrapping_add(*y)),
            )),
            "add1" => {
                arity(name, a, 1)?;
                Ok(Val::int(cast_int(&a[0]).wrapping_add(1)))
            }
            "sub" => {
                arity(name, a, 2)?;
                Ok(Val::int(cast_int(&a[0]).wrapping_sub(cast_int(&a[1]))))
            }
            "mul" => Ok(Val::int(
                ints(a).iter().fold(1i64, |x, y| x.wrapping_mul(*y)),
            )),
            "div" | "mod" => {
                arity(name, a, 2)?;
                let (x, y) = (cast_int(&a[0]), cast_int(&a[1]));
                if y == 0 {
                    return failed("runtime error: integer divide by zero");
                }
                Ok(Val::int(if name == "div" {
                    x.wrapping_div(y)
                } else {
                    x.wrapping_rem(y)
                }))
            }
            "max" | "min" => {
                at_least(name, a, 1)?;
                let n = ints(a);
                Ok(Val::int(
                    if name == "max" {
                        n.iter().copied().max()
                    } else {
                        n.iter().copied().min()
                    }
                    .unwrap_or(0),
                ))
            }
            "addf" | "subf" | "mulf" | "divf" | "maxf" | "minf" => {
                at_least(name, a, 1)?;
                let f: Vec<f64> = a.iter().map(to_f64).collect();
                let first = f[0];
                let rest = f[1..].iter();
                Ok(Val::float(match name {
                    "addf" => f.iter().sum(),
                    "subf" => rest.fold(first, |x, y| x - y),
                    "mulf" => f.iter().product(),
                    "divf" => rest.fold(first, |x, y| x / y),
                    "maxf" => rest.fold(first, |x, y| x.max(*y)),
                    _ => rest.fold(first, |x, y| x.min(*y)),
                }))
            }
            "add1f" => {
                arity(name, a, 1)?;
                Ok(Val::float(to_f64(&a[0]) + 1.0))
            }
            "floor" | "ceil" => {
                arity(name, a, 1)?;
                let f = to_f64(&a[0]);
                Ok(Val::float(if name == "floor" {
                    f.floor()
                } else {
                    f.ceil()
                }))
            }
            "round" => {
                at_least(name, a, 2)?;
                let f = to_f64(&a[0]);
                let p = cast_int(&a[1]).clamp(0, 15) as i32;
                let m = 10f64.powi(p);
                Ok(Val::float((f * m).round() / m))
            }
            "int" | "int64" => {
                arity(name, a, 1)?;
                Ok(Val::int(cast_int(&a[0])))
            }
            "float64" => {
                arity(name, a, 1)?;
                Ok(Val::float(to_f64(&a[0])))
            }
            "atoi" => {
                arity(name, a, 1)?;
                Ok(Val::int(want_str(&a[0])?.parse().unwrap_or(0)))
            }
            "toDecimal" => {
                arity(name, a, 1)?;
                Ok(Val::int(
                    i64::from_str_radix(&super::strval(&a[0]), 8).unwrap_or(0),
                ))
            }
            "kindOf" => {
                arity(name, a, 1)?;
                Ok(Val::str(a[0].kind_name()))
            }
            "kindIs" => {
                arity(name, a, 2)?;
                Ok(Val::bool(want_str(&a[0])? == a[1].kind_name()))
            }
            "typeOf" => {
                arity(name, a, 1)?;
                Ok(Val::str(a[0].type_name()))
            }
            "typeIs" | "typeIsLike" => {
                arity(name, a, 2)?;
                let t = want_str(&a[0])?;
                let actual = a[1].type_name();
                Ok(Val::bool(
                    t == actual || (name == "typeIsLike" && t.trim_start_matches('*') == actual),
                ))
            }
            "default" => {
                at_least(name, a, 1)?;
                Ok(match a.get(1) {
                    Some(given) if !is_empty(given) => given.clone(),
                    _ => a[0].clone(),
                })
            }
            "empty" => {
                arity(name, a, 1)?;
                Ok(Val::bool(is_empty(&a[0])))
            }
            "coalesce" => Ok(a.iter().find(|v| !is_empty(v)).cloned().unwrap_or_default()),
            "all" => Ok(Val::bool(a.iter().all(|v| !is_empty(v)))),
            "any" => Ok(Val::bool(a.iter().any(|v| !is_empty(v)))),
            "ternary" => {
                arity(name, a, 3)?;
                match a[2].v {
                    Value::Bool(b) => Ok(if b { a[0].clone() } else { a[1].clone() }),
                    _ => Err(FnError::Type(format!(
                        "wrong type for value; expected bool; got {}",
                        a[2].type_name()
                    ))),
                }
            }
            _ => Err(FnError::Unknown),
        }
    })();
    match r {
        Err(FnError::Unknown) => None,
        r => Some(r),
    }
}

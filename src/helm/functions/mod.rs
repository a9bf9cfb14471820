//! The function library: Go's template builtins, Sprig's functions and
//! Helm's own (except `include` and `tpl`, which run templates and live in
//! the evaluator). Each family is in its own file; [`call`] dispatches.
//!
//! Parameter typing follows the Go signatures where charts can tell the
//! difference: a string parameter given `nil` or a number fails with Go's
//! "wrong type for value" message, as Helm does; functions declared over
//! `interface{}` convert leniently, as Sprig does.

mod builtins;
mod dicts;
mod encoding;
mod lists;
mod math;
mod misc;
pub mod objects;
mod strings;

use super::value::{Loc, Val, Value};

/// Why a call failed.
#[derive(Debug)]
pub enum FnError {
    /// Not a function at all.
    Unknown,
    /// Go's argument typing failed before the call.
    Type(String),
    /// The function returned an error.
    Failed(String),
    /// `fail` / `required`: the chart's own message, shown as is.
    Chart(String),
}

impl FnError {
    pub fn message(&self, name: &str) -> String {
        match self {
            FnError::Unknown => format!("function {name:?} not defined"),
            FnError::Type(m) => m.clone(),
            FnError::Failed(m) => format!("error calling {name}: {m}"),
            FnError::Chart(m) => m.clone(),
        }
    }
}

pub type FnResult = Result<Val, FnError>;

pub fn failed<T>(m: impl Into<String>) -> Result<T, FnError> {
    Err(FnError::Failed(m.into()))
}

/// Calls `name` on evaluated arguments (the piped value last).
pub fn call(name: &str, args: Vec<Val>) -> FnResult {
    let origins: Vec<Loc> = args.iter().filter_map(|a| a.origin).collect();
    let result = builtins::call(name, &args)
        .or_else(|| strings::call(name, &args))
        .or_else(|| lists::call(name, &args))
        .or_else(|| dicts::call(name, &args))
        .or_else(|| math::call(name, &args))
        .or_else(|| encoding::call(name, &args))
        .or_else(|| misc::call(name, &args))
        .unwrap_or(Err(FnError::Unknown))?;
    // A value derived from exactly one values-file value (`quote`,
    // `default`, `upper`, …) still points at that value.
    let scalar = !matches!(result.v, Value::Map(_) | Value::List(_));
    Ok(if scalar && result.origin.is_none() && origins.len() == 1 {
        result.with_origin(Some(origins[0]))
    } else {
        result
    })
}

/// Exactly `n` arguments.
pub fn arity(name: &str, args: &[Val], n: usize) -> Result<(), FnError> {
    if args.len() != n {
        return Err(FnError::Type(format!(
            "wrong number of args for {name}: want {n} got {}",
            args.len()
        )));
    }
    Ok(())
}

pub fn at_least(name: &str, args: &[Val], n: usize) -> Result<(), FnError> {
    if args.len() < n {
        return Err(FnError::Type(format!(
            "wrong number of args for {name}: want at least {n} got {}",
            args.len()
        )));
    }
    Ok(())
}

/// A Go `string` parameter.
pub fn want_str(v: &Val) -> Result<&str, FnError> {
    match &v.v {
        Value::Str(t) => Ok(&t.s),
        Value::Nil => Err(FnError::Type("invalid value; expected string".into())),
        _ => Err(FnError::Type(format!(
            "wrong type for value; expected string; got {}",
            v.type_name()
        ))),
    }
}

/// A Go `int` parameter.
pub fn want_int(v: &Val) -> Result<i64, FnError> {
    match &v.v {
        Value::Int(i) => Ok(*i),
        Value::Nil => Err(FnError::Type("invalid value; expected int".into())),
        _ => Err(FnError::Type(format!(
            "wrong type for value; expected int; got {}",
            v.type_name()
        ))),
    }
}

/// Sprig's `strval`: strings as they are, everything else as `%v`.
pub fn strval(v: &Val) -> String {
    match &v.v {
        Value::Str(t) => t.s.to_string(),
        _ => v.to_go_string(),
    }
}

/// Sprig's (cast's) lenient int conversion.
pub fn to_i64(v: &Val) -> i64 {
    match &v.v {
        Value::Int(i) => *i,
        Value::Float(f) if f.is_finite() => f.trunc() as i64,
        Value::Float(_) => 0,
        Value::Bool(b) => *b as i64,
        Value::Str(t) => {
            let s = t.s.trim();
            s.parse::<i64>()
                .ok()
                .or_else(|| s.parse::<f64>().ok().map(|f| f.trunc() as i64))
                .unwrap_or(0)
        }
        _ => 0,
    }
}

pub fn to_f64(v: &Val) -> f64 {
    match &v.v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => *b as i64 as f64,
        Value::Str(t) => t.s.trim().parse().unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Sprig's `empty`.
pub fn is_empty(v: &Val) -> bool {
    match &v.v {
        Value::Obj(_) => false,
        _ => !v.truthy(),
    }
}

/// A list argument as items (Sprig accepts any slice; `nil` is empty).
pub fn want_list(v: &Val) -> Result<std::rc::Rc<Vec<Val>>, FnError> {
    match &v.v {
        Value::List(l) => Ok(l.clone()),
        Value::Nil => Ok(std::rc::Rc::new(Vec::new())),
        _ => failed(format!("Cannot find first on type {}", v.type_name())),
    }
}

//! Type conversion functions: `tostring`, `tonumber`, `tobool`, `tolist`,
//! `toset`, `tomap`, and the identities `sensitive` and `nonsensitive`.
//!
//! As in Terraform, converting null gives null.

use super::args::{self, parse_number, unify_primitives};
use super::sets;
use crate::model::{Value, format_number};

type Res = Result<Value, String>;

fn first(args: Vec<Value>) -> Value {
    args.into_iter().next().unwrap_or(Value::Null)
}

/// `sensitive`, `nonsensitive`: the model does not track sensitivity.
pub(super) fn identity(args: Vec<Value>) -> Res {
    Ok(first(args))
}

/// `list(…)`, removed in Terraform 0.12.
pub(super) fn removed_list(_: Vec<Value>) -> Res {
    Err("the \"list\" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax to write a literal list".into())
}

/// `map(…)`, removed in Terraform 0.12.
pub(super) fn removed_map(_: Vec<Value>) -> Res {
    Err("the \"map\" function was deprecated in Terraform v0.12 and is no longer available; use tomap({ ... }) syntax to write a literal map".into())
}

pub(super) fn tostring(args: Vec<Value>) -> Res {
    match first(args) {
        v @ (Value::Null | Value::String(_)) => Ok(v),
        Value::Number(n) => Ok(Value::String(format_number(n))),
        Value::Bool(b) => Ok(Value::String(b.to_string())),
        other => Err(format!(
            "cannot convert {} to string",
            args::type_name(&other)
        )),
    }
}

pub(super) fn tonumber(args: Vec<Value>) -> Res {
    match first(args) {
        v @ (Value::Null | Value::Number(_)) => Ok(v),
        Value::String(s) => parse_number(&s).map(Value::Number).ok_or_else(|| {
            format!("cannot convert {s:?} to number; given string must be a decimal representation of a number")
        }),
        other => Err(format!(
            "cannot convert {} to number",
            args::type_name(&other)
        )),
    }
}

pub(super) fn tobool(args: Vec<Value>) -> Res {
    match first(args) {
        v @ (Value::Null | Value::Bool(_)) => Ok(v),
        Value::String(s) if s == "true" => Ok(Value::Bool(true)),
        Value::String(s) if s == "false" => Ok(Value::Bool(false)),
        Value::String(s) => Err(format!(
            "cannot convert {s:?} to bool; only the strings \"true\" or \"false\" are allowed"
        )),
        other => Err(format!(
            "cannot convert {} to bool",
            args::type_name(&other)
        )),
    }
}

pub(super) fn tolist(args: Vec<Value>) -> Res {
    match first(args) {
        Value::Null => Ok(Value::Null),
        Value::List(mut items) => {
            unify_primitives(&mut items.iter_mut().collect::<Vec<_>>())?;
            Ok(Value::List(items))
        }
        other => Err(format!(
            "cannot convert {} to list",
            args::type_name(&other)
        )),
    }
}

pub(super) fn toset(args: Vec<Value>) -> Res {
    match first(args) {
        Value::Null => Ok(Value::Null),
        Value::List(items) => Ok(Value::List(sets::canonical(items)?)),
        other => Err(format!("cannot convert {} to set", args::type_name(&other))),
    }
}

pub(super) fn tomap(args: Vec<Value>) -> Res {
    match first(args) {
        Value::Null => Ok(Value::Null),
        Value::Map(mut m) => {
            unify_primitives(&mut m.values_mut().collect::<Vec<_>>())?;
            Ok(Value::Map(m))
        }
        other => Err(format!("cannot convert {} to map", args::type_name(&other))),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{call, list_of, node};
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }
    fn n(v: f64) -> Value {
        Value::Number(v)
    }

    #[test]
    fn scalars() {
        assert_eq!(call("tostring", vec![n(5.0)]), Ok(s("5")));
        assert_eq!(call("tostring", vec![n(0.5)]), Ok(s("0.5")));
        assert_eq!(call("tostring", vec![Value::Bool(true)]), Ok(s("true")));
        assert_eq!(call("tostring", vec![Value::Null]), Ok(Value::Null));
        assert!(call("tostring", vec![list_of([])]).is_err());
        assert_eq!(call("tonumber", vec![s("1")]), Ok(n(1.0)));
        assert_eq!(call("tonumber", vec![s("-2.5")]), Ok(n(-2.5)));
        assert!(call("tonumber", vec![s("no")]).is_err());
        assert!(call("tonumber", vec![Value::Bool(true)]).is_err());
        assert_eq!(call("tobool", vec![s("true")]), Ok(Value::Bool(true)));
        assert!(call("tobool", vec![s("yes")]).is_err());
        assert!(call("tobool", vec![n(1.0)]).is_err());
        assert_eq!(call("tobool", vec![Value::Unknown]), Ok(Value::Unknown));
    }

    #[test]
    fn collections() {
        assert_eq!(
            call("tolist", vec![list_of([s("a"), n(1.0), Value::Bool(true)])]),
            Ok(list_of([s("a"), s("1"), s("true")]))
        );
        assert_eq!(
            call("tolist", vec![list_of([n(1.0), Value::Unknown])]),
            Ok(list_of([n(1.0), Value::Unknown]))
        );
        assert!(call("tolist", vec![s("a")]).is_err());
        assert_eq!(
            call("toset", vec![list_of([s("c"), s("b"), s("b")])]),
            Ok(list_of([s("b"), s("c")]))
        );
        assert_eq!(
            call("toset", vec![list_of([s("a"), n(1.0), n(1.0)])]),
            Ok(list_of([s("1"), s("a")]))
        );
        let map = Value::Map(
            [("a".to_string(), node(n(1.0))), ("b".into(), node(s("x")))]
                .into_iter()
                .collect(),
        );
        let expected = Value::Map(
            [("a".to_string(), node(s("1"))), ("b".into(), node(s("x")))]
                .into_iter()
                .collect(),
        );
        assert_eq!(call("tomap", vec![map]), Ok(expected));
        assert!(call("tomap", vec![list_of([])]).is_err());
        assert_eq!(call("sensitive", vec![Value::Unknown]), Ok(Value::Unknown));
        assert_eq!(call("nonsensitive", vec![s("x")]), Ok(s("x")));
        assert!(call("list", vec![s("x")]).is_err());
        assert!(call("map", vec![s("x"), s("y")]).is_err());
    }
}

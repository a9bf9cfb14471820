//! Map and object functions: `merge`, `lookup`, `keys`, `values`, `zipmap`,
//! `transpose`, `matchkeys`.

use indexmap::IndexMap;

use super::args::{self, Membership};
use super::{node, string_list};
use crate::model::{Node, Value};

type Res = Result<Value, String>;

pub(super) fn merge(args: Vec<Value>) -> Res {
    let mut out = IndexMap::new();
    for (i, arg) in args.into_iter().enumerate() {
        match arg {
            Value::Null => {}
            Value::Map(m) => out.extend(m),
            other => {
                return Err(format!(
                    "arguments must be maps or objects, got {} for argument {}",
                    args::type_name(&other),
                    i + 1
                ));
            }
        }
    }
    Ok(Value::Map(out))
}

pub(super) fn lookup(args: Vec<Value>) -> Res {
    let mut args = args.into_iter();
    let (map, key) = (
        args.next().unwrap_or(Value::Null),
        args.next().unwrap_or(Value::Null),
    );
    let default = args.next();
    if map.is_unknown() || key.is_unknown() {
        return Ok(Value::Unknown);
    }
    let key = args::string(&key)?;
    let Value::Map(mut m) = map else {
        return Err(match map {
            Value::Null => "argument must not be null".into(),
            _ => "lookup() requires a map as the first argument".into(),
        });
    };
    if let Some(found) = m.swap_remove(&key) {
        return Ok(found.value);
    }
    default.ok_or_else(|| format!("lookup failed to find key {key:?}"))
}

/// The map's entries in Terraform's order: sorted by key.
fn sorted_entries(m: &IndexMap<String, Node>) -> Vec<(&String, &Node)> {
    let mut entries: Vec<_> = m.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

pub(super) fn keys(args: Vec<Value>) -> Res {
    let m = args::map(&args[0])?;
    Ok(string_list(
        sorted_entries(m).into_iter().map(|(k, _)| k.clone()),
    ))
}

pub(super) fn values(args: Vec<Value>) -> Res {
    let m = args::map(&args[0])?;
    Ok(Value::List(
        sorted_entries(m)
            .into_iter()
            .map(|(_, v)| v.clone())
            .collect(),
    ))
}

pub(super) fn zipmap(args: Vec<Value>) -> Res {
    let keys = args::list(&args[0])?;
    let values = args::list(&args[1])?;
    if keys.len() != values.len() {
        return Err(format!(
            "number of keys ({}) does not match number of values ({})",
            keys.len(),
            values.len()
        ));
    }
    let mut out = IndexMap::new();
    for (i, (k, v)) in keys.iter().zip(values).enumerate() {
        let key = match &k.value {
            Value::Unknown => return Ok(Value::Unknown),
            Value::Null => return Err(format!("keys list has null value at index {i}")),
            other => args::string(other).map_err(|e| format!("key {i}: {e}"))?,
        };
        out.insert(key, v.clone());
    }
    Ok(Value::Map(out))
}

pub(super) fn transpose(args: Vec<Value>) -> Res {
    let m = args::map(&args[0])?;
    let mut out: IndexMap<String, Vec<String>> = IndexMap::new();
    for (key, list) in sorted_entries(m) {
        let items =
            args::list(&list.value).map_err(|_| "input must be a map of lists of strings")?;
        for item in items {
            let Value::String(s) = &item.value else {
                return Err("input must be a map of lists of strings".into());
            };
            out.entry(s.clone()).or_default().push(key.clone());
        }
    }
    out.sort_keys();
    Ok(Value::Map(
        out.into_iter()
            .map(|(k, mut v)| {
                v.sort();
                (k, node(string_list(v)))
            })
            .collect(),
    ))
}

pub(super) fn matchkeys(args: Vec<Value>) -> Res {
    let values = args::list(&args[0])?;
    let keys = args::list(&args[1])?;
    let search = args::list(&args[2])?;
    if values.len() != keys.len() {
        return Err("length of keys and values should be equal".into());
    }
    let search = Membership::of(search);
    let out = values
        .iter()
        .zip(keys)
        .filter(|(_, key)| search.contains(&key.value))
        .map(|(value, _)| value.clone())
        .collect();
    Ok(Value::List(out))
}

#[cfg(test)]
mod tests {
    use super::super::{call, list_of};
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }
    fn strs(values: &[&str]) -> Value {
        list_of(values.iter().map(|v| s(v)))
    }
    fn m(entries: &[(&str, Value)]) -> Value {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), node(v.clone())))
                .collect(),
        )
    }

    #[test]
    fn merge_later_wins_and_skips_null() {
        let a = m(&[("a", s("b")), ("c", s("d"))]);
        let b = m(&[("e", s("f")), ("c", s("z"))]);
        assert_eq!(
            call("merge", vec![a, Value::Null, b]),
            Ok(m(&[("a", s("b")), ("c", s("z")), ("e", s("f"))]))
        );
        assert_eq!(call("merge", vec![]), Ok(m(&[])));
        assert!(call("merge", vec![strs(&["a"])]).is_err());
        assert_eq!(call("merge", vec![Value::Unknown]), Ok(Value::Unknown));
        let partly = m(&[("a", Value::Unknown)]);
        assert_eq!(call("merge", vec![partly.clone()]), Ok(partly));
    }

    #[test]
    fn merge_keeps_spans() {
        let span = crate::source::Span::new(crate::source::FileId(1), 0..4);
        let mut inner = IndexMap::new();
        inner.insert("k".to_string(), Node::new(s("v"), Some(span)));
        let Ok(Value::Map(out)) = call("merge", vec![Value::Map(inner)]) else {
            panic!("not a map")
        };
        assert_eq!(out["k"].span, Some(span));
    }

    #[test]
    fn lookup_with_and_without_default() {
        let map = m(&[("a", s("ay")), ("b", s("bee"))]);
        assert_eq!(
            call("lookup", vec![map.clone(), s("a"), s("what?")]),
            Ok(s("ay"))
        );
        assert_eq!(
            call("lookup", vec![map.clone(), s("c"), s("what?")]),
            Ok(s("what?"))
        );
        assert!(call("lookup", vec![map.clone(), s("c")]).is_err());
        assert_eq!(
            call("lookup", vec![map.clone(), s("a"), Value::Unknown]),
            Ok(s("ay"))
        );
        assert_eq!(
            call("lookup", vec![map, Value::Unknown]),
            Ok(Value::Unknown)
        );
        assert!(call("lookup", vec![strs(&["a"]), s("a")]).is_err());
    }

    #[test]
    fn keys_and_values_are_sorted() {
        let map = m(&[("d", s("4")), ("a", s("1")), ("c", Value::Unknown)]);
        assert_eq!(call("keys", vec![map.clone()]), Ok(strs(&["a", "c", "d"])));
        assert_eq!(
            call("values", vec![map]),
            Ok(list_of([s("1"), Value::Unknown, s("4")]))
        );
        assert!(call("keys", vec![strs(&["a"])]).is_err());
    }

    #[test]
    fn zipmap_pairs_up() {
        assert_eq!(
            call("zipmap", vec![strs(&["a", "b"]), list_of([s("1"), s("2")])]),
            Ok(m(&[("a", s("1")), ("b", s("2"))]))
        );
        assert!(call("zipmap", vec![strs(&["a"]), strs(&[])]).is_err());
        assert_eq!(
            call("zipmap", vec![list_of([Value::Unknown]), strs(&["x"])]),
            Ok(Value::Unknown)
        );
    }

    #[test]
    fn transpose_swaps() {
        let input = m(&[("a", strs(&["1", "2"])), ("b", strs(&["2", "3"]))]);
        assert_eq!(
            call("transpose", vec![input]),
            Ok(m(&[
                ("1", strs(&["a"])),
                ("2", strs(&["a", "b"])),
                ("3", strs(&["b"]))
            ]))
        );
        assert!(call("transpose", vec![m(&[("a", s("x"))])]).is_err());
    }

    #[test]
    fn matchkeys_filters() {
        let values = strs(&["i-123", "i-abc", "i-def"]);
        let keys = strs(&["us-west", "us-east", "us-east"]);
        assert_eq!(
            call("matchkeys", vec![values.clone(), keys, strs(&["us-east"])]),
            Ok(strs(&["i-abc", "i-def"]))
        );
        assert!(call("matchkeys", vec![values, strs(&["a"]), strs(&["a"])]).is_err());
    }
}

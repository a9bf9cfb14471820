//! Set functions. Sets are lists in the model; a set's elements are unique
//! and, as in Terraform, strings iterate in lexical order and numbers in
//! numeric order.

use std::cmp::Ordering;

use super::args::{self, MAX_ELEMENTS, Membership, unify_primitives};
use super::node;
use crate::model::{Node, Value};

type Res = Result<Value, String>;

/// Makes `items` a set: unified element types, no duplicates, Terraform's
/// order for primitive elements (the first occurrence's order otherwise).
pub(super) fn canonical(items: Vec<Node>) -> Result<Vec<Node>, String> {
    let mut items = items;
    unify_primitives(&mut items.iter_mut().collect::<Vec<_>>())?;
    let mut out = args::dedupe(items);
    let all_strings = out.iter().all(|n| matches!(n.value, Value::String(_)));
    let all_numbers = out.iter().all(|n| matches!(n.value, Value::Number(_)));
    let all_bools = out.iter().all(|n| matches!(n.value, Value::Bool(_)));
    if all_strings || all_numbers || all_bools {
        out.sort_by(|a, b| compare_primitives(&a.value, &b.value));
    }
    Ok(out)
}

fn compare_primitives(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

/// Each argument as a set.
fn sets(args: Vec<Value>) -> Result<Vec<Vec<Node>>, String> {
    args.into_iter()
        .enumerate()
        .map(|(i, a)| {
            args::into_list(a)
                .and_then(canonical)
                .map_err(|e| format!("argument {}: {e}", i + 1))
        })
        .collect()
}

pub(super) fn setunion(args: Vec<Value>) -> Res {
    let all = sets(args)?.into_iter().flatten().collect();
    Ok(Value::List(canonical(all)?))
}

pub(super) fn setintersection(args: Vec<Value>) -> Res {
    let mut sets = sets(args)?.into_iter();
    let first = sets.next().unwrap_or_default();
    let rest: Vec<_> = sets.collect();
    let rest: Vec<_> = rest.iter().map(|s| Membership::of(s)).collect();
    let out = first
        .into_iter()
        .filter(|n| rest.iter().all(|s| s.contains(&n.value)))
        .collect();
    Ok(Value::List(canonical(out)?))
}

pub(super) fn setsubtract(args: Vec<Value>) -> Res {
    let mut sets = sets(args)?.into_iter();
    let (a, b) = (
        sets.next().unwrap_or_default(),
        sets.next().unwrap_or_default(),
    );
    let b = Membership::of(&b);
    let out = a.into_iter().filter(|n| !b.contains(&n.value)).collect();
    Ok(Value::List(canonical(out)?))
}

/// Every combination of one element from each argument, in order. The
/// arguments keep their order (they may be lists, which Terraform accepts).
pub(super) fn setproduct(args: Vec<Value>) -> Res {
    let lists = args
        .into_iter()
        .enumerate()
        .map(|(i, a)| args::into_list(a).map_err(|e| format!("argument {}: {e}", i + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    let total = lists
        .iter()
        .try_fold(1usize, |acc, l| acc.checked_mul(l.len()))
        .filter(|t| t.saturating_mul(lists.len()) <= MAX_ELEMENTS)
        .ok_or("the product has too many elements to compute")?;
    let mut out = Vec::with_capacity(total);
    for mut k in 0..total {
        let mut combo = vec![Node::new(Value::Null, None); lists.len()];
        for (slot, l) in combo.iter_mut().zip(&lists).rev() {
            *slot = l[k % l.len()].clone();
            k /= l.len();
        }
        out.push(node(Value::List(combo)));
    }
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

    #[test]
    fn union_intersection_subtract() {
        assert_eq!(
            call(
                "setunion",
                vec![strs(&["b", "a"]), strs(&["b", "c"]), strs(&["d"])]
            ),
            Ok(strs(&["a", "b", "c", "d"]))
        );
        assert_eq!(
            call(
                "setintersection",
                vec![strs(&["a", "b"]), strs(&["b", "c"]), strs(&["b", "d"])]
            ),
            Ok(strs(&["b"]))
        );
        assert_eq!(
            call(
                "setsubtract",
                vec![strs(&["a", "b", "c"]), strs(&["a", "c"])]
            ),
            Ok(strs(&["b"]))
        );
        let nums = list_of([Value::Number(10.0), Value::Number(9.0)]);
        assert_eq!(
            call("setunion", vec![nums]),
            Ok(list_of([Value::Number(9.0), Value::Number(10.0)]))
        );
        assert_eq!(
            call("setunion", vec![strs(&["a"]), list_of([Value::Unknown])]),
            Ok(Value::Unknown)
        );
        assert!(call("setunion", vec![s("a")]).is_err());
    }

    #[test]
    fn product() {
        assert_eq!(
            call(
                "setproduct",
                vec![strs(&["dev", "prod"]), strs(&["a", "b"])]
            ),
            Ok(list_of([
                strs(&["dev", "a"]),
                strs(&["dev", "b"]),
                strs(&["prod", "a"]),
                strs(&["prod", "b"]),
            ]))
        );
        assert_eq!(
            call("setproduct", vec![strs(&["a"]), strs(&[])]),
            Ok(list_of([]))
        );
        let big = list_of((0..1000).map(|i| Value::Number(i as f64)));
        assert!(call("setproduct", vec![big.clone(), big.clone(), big]).is_err());
    }
}

//! List and sequence functions: `concat`, `element`, `flatten`, `length`, …
//!
//! Elements that pass through unchanged keep their node, and so their span.

use super::args::{self, MAX_DEPTH, values_equal};
use super::{list_of, node};
use crate::model::{Node, Value};

type Res = Result<Value, String>;

/// The first argument, owned.
fn first(args: Vec<Value>) -> Value {
    args.into_iter().next().unwrap_or(Value::Null)
}

pub(super) fn length(args: Vec<Value>) -> Res {
    let n = match &args[0] {
        Value::String(s) => s.chars().count(),
        Value::List(items) => items.len(),
        Value::Map(m) => m.len(),
        Value::Null => return Err("argument must not be null".into()),
        other => {
            return Err(format!(
                "argument must be a string, a collection type, or a structural type, got {}",
                other.type_name()
            ));
        }
    };
    Ok(Value::Number(n as f64))
}

pub(super) fn concat(args: Vec<Value>) -> Res {
    let mut out = Vec::new();
    for (i, a) in args.into_iter().enumerate() {
        let items = args::into_list(a).map_err(|e| format!("argument {}: {e}", i + 1))?;
        out.extend(items);
    }
    Ok(Value::List(out))
}

pub(super) fn element(args: Vec<Value>) -> Res {
    let index = args::integer(&args[1])?;
    let items = args::list(&args[0])?;
    if items.is_empty() {
        return Err("cannot use element function with an empty list".into());
    }
    let len = items.len() as i64;
    Ok(items[index.rem_euclid(len) as usize].value.clone())
}

pub(super) fn index(args: Vec<Value>) -> Res {
    let items = args::list(&args[0])?;
    if items.is_empty() {
        return Err("cannot search an empty list".into());
    }
    for (i, item) in items.iter().enumerate() {
        match values_equal(&item.value, &args[1]) {
            Some(true) => return Ok(Value::Number(i as f64)),
            Some(false) => {}
            None => return Ok(Value::Unknown),
        }
    }
    Err("item not found".into())
}

pub(super) fn contains(args: Vec<Value>) -> Res {
    let items = args::list(&args[0])?;
    let mut unknown = false;
    for item in items {
        match values_equal(&item.value, &args[1]) {
            Some(true) => return Ok(Value::Bool(true)),
            Some(false) => {}
            None => unknown = true,
        }
    }
    Ok(if unknown {
        Value::Unknown
    } else {
        Value::Bool(false)
    })
}

pub(super) fn coalesce(args: Vec<Value>) -> Res {
    if args.is_empty() {
        return Err("at least one argument is required".into());
    }
    // Terraform unifies the argument types: mixed primitives become strings.
    let to_string = args.iter().any(|a| matches!(a, Value::String(_)));
    for arg in args {
        match arg {
            Value::Unknown => return Ok(Value::Unknown),
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            Value::Number(_) | Value::Bool(_) if to_string => {
                return Ok(args::primitive_string(&arg).map_or(arg, Value::String));
            }
            other => return Ok(other),
        }
    }
    Err("no non-null, non-empty-string arguments".into())
}

pub(super) fn coalescelist(args: Vec<Value>) -> Res {
    if args.is_empty() {
        return Err("at least one argument is required".into());
    }
    for arg in args {
        match arg {
            Value::Unknown => return Ok(Value::Unknown),
            Value::Null => {}
            Value::List(ref items) if items.is_empty() => {}
            Value::List(_) => return Ok(arg),
            other => {
                return Err(format!(
                    "coalescelist arguments must be lists or tuples, got {}",
                    args::type_name(&other)
                ));
            }
        }
    }
    Err("no non-null arguments".into())
}

pub(super) fn compact(args: Vec<Value>) -> Res {
    let items = args::into_list(first(args))?;
    let mut out = Vec::new();
    for item in items {
        match &item.value {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            Value::String(_) => out.push(item),
            v => match args::primitive_string(v) {
                Some(s) => out.push(Node::new(Value::String(s), item.span)),
                None => return Err("list of string required".into()),
            },
        }
    }
    Ok(Value::List(out))
}

pub(super) fn distinct(args: Vec<Value>) -> Res {
    let items = args::into_list(first(args))?;
    Ok(Value::List(args::dedupe(items)))
}

pub(super) fn flatten(args: Vec<Value>) -> Res {
    let items = args::into_list(first(args))?;
    let mut out = Vec::new();
    if flatten_into(items, &mut out, 0)? {
        return Ok(Value::Unknown);
    }
    Ok(Value::List(out))
}

/// Appends the flattened elements; true if an unknown element makes the
/// result unknown (it might be a list).
fn flatten_into(items: Vec<Node>, out: &mut Vec<Node>, depth: usize) -> Result<bool, String> {
    if depth > MAX_DEPTH {
        return Err("list is nested too deeply to flatten".into());
    }
    for item in items {
        match item.value {
            Value::Unknown => return Ok(true),
            Value::List(inner) => {
                if flatten_into(inner, out, depth + 1)? {
                    return Ok(true);
                }
            }
            _ => out.push(item),
        }
    }
    Ok(false)
}

pub(super) fn reverse(args: Vec<Value>) -> Res {
    let mut items = args::into_list(first(args))?;
    items.reverse();
    Ok(Value::List(items))
}

pub(super) fn slice(args: Vec<Value>) -> Res {
    let start = args::integer(&args[1]).map_err(|e| format!("invalid start index: {e}"))?;
    let end = args::integer(&args[2]).map_err(|e| format!("invalid end index: {e}"))?;
    let items = args::list(&args[0])?;
    let len = items.len() as i64;
    if start < 0 {
        return Err("start index must not be less than zero".into());
    }
    if start > len {
        return Err("start index must not be greater than the length of the list".into());
    }
    if end < 0 {
        return Err("end index must not be less than zero".into());
    }
    if end > len {
        return Err("end index must not be greater than the length of the list".into());
    }
    if start > end {
        return Err("start index must not be greater than end index".into());
    }
    Ok(Value::List(items[start as usize..end as usize].to_vec()))
}

pub(super) fn sort(args: Vec<Value>) -> Res {
    let items = args::list(&args[0])?;
    let mut strings = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match &item.value {
            Value::Null => {
                return Err(format!(
                    "given list element {i} is null; a null string cannot be sorted"
                ));
            }
            v => strings.push(args::string(v).map_err(|e| format!("element {i}: {e}"))?),
        }
    }
    strings.sort();
    Ok(super::string_list(strings))
}

pub(super) fn range(args: Vec<Value>) -> Res {
    let nums = args
        .iter()
        .map(args::number)
        .collect::<Result<Vec<_>, _>>()?;
    let (start, end, step) = match nums[..] {
        [end] => (0.0, end, if end < 0.0 { -1.0 } else { 1.0 }),
        [start, end] => (start, end, if end < start { -1.0 } else { 1.0 }),
        [start, end, step] => (start, end, step),
        _ => return Err("must have one, two, or three arguments".into()),
    };
    if step == 0.0 {
        return Err("step must not be zero".into());
    }
    let down = step < 0.0;
    if down && end > start {
        return Err("end must be less than start when step is negative".into());
    }
    if !down && end < start {
        return Err("end must be greater than start when step is positive".into());
    }
    // Terraform's own limit (which also keeps us from building huge
    // lists), checked before anything is built.
    let count = ((end - start) / step).ceil();
    if count.is_nan() || count > 1024.0 {
        return Err("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step".into());
    }
    let mut out = Vec::new();
    let mut n = start;
    while (down && n > end) || (!down && n < end) {
        // Terraform's own limit (which also keeps us from building huge lists).
        if out.len() >= 1024 {
            return Err("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step".into());
        }
        out.push(Value::Number(n));
        n += step;
    }
    Ok(list_of(out))
}

pub(super) fn one(args: Vec<Value>) -> Res {
    let mut items = args::into_list(first(args))?;
    match items.len() {
        0 => Ok(Value::Null),
        1 => Ok(items.swap_remove(0).value),
        _ => Err("must be a list, set, or tuple value with either zero or one elements".into()),
    }
}

pub(super) fn alltrue(args: Vec<Value>) -> Res {
    for item in args::list(&args[0])? {
        match &item.value {
            Value::Unknown => return Ok(Value::Unknown),
            Value::Null => return Ok(Value::Bool(false)),
            v => {
                if !args::boolean(v)? {
                    return Ok(Value::Bool(false));
                }
            }
        }
    }
    Ok(Value::Bool(true))
}

pub(super) fn anytrue(args: Vec<Value>) -> Res {
    let mut unknown = false;
    for item in args::list(&args[0])? {
        match &item.value {
            Value::Unknown => unknown = true,
            Value::Null => {}
            v => {
                if args::boolean(v)? {
                    return Ok(Value::Bool(true));
                }
            }
        }
    }
    Ok(if unknown {
        Value::Unknown
    } else {
        Value::Bool(false)
    })
}

pub(super) fn chunklist(args: Vec<Value>) -> Res {
    let size = args::integer(&args[1]).map_err(|e| format!("invalid size: {e}"))?;
    if size < 0 {
        return Err("the size argument must be positive".into());
    }
    let items = args::into_list(first(args))?;
    if items.is_empty() {
        return Ok(Value::List(Vec::new()));
    }
    if size == 0 {
        return Ok(list_of([Value::List(items)]));
    }
    let chunks = items
        .chunks(size as usize)
        .map(|c| node(Value::List(c.to_vec())))
        .collect();
    Ok(Value::List(chunks))
}

#[cfg(test)]
mod tests {
    use super::super::call;
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }
    fn n(v: f64) -> Value {
        Value::Number(v)
    }
    fn l(values: Vec<Value>) -> Value {
        list_of(values)
    }
    fn strs(values: &[&str]) -> Value {
        l(values.iter().map(|v| s(v)).collect())
    }

    #[test]
    fn length_counts_chars_elements_and_keys() {
        assert_eq!(call("length", vec![s("héllo")]), Ok(n(5.0)));
        assert_eq!(call("length", vec![strs(&["a", "b"])]), Ok(n(2.0)));
        assert_eq!(call("length", vec![l(vec![Value::Unknown])]), Ok(n(1.0)));
        assert_eq!(call("length", vec![Value::Unknown]), Ok(Value::Unknown));
        assert!(call("length", vec![n(5.0)]).is_err());
        assert!(call("length", vec![Value::Null]).is_err());
    }

    #[test]
    fn concat_keeps_nodes() {
        let span = crate::source::Span::new(crate::source::FileId(0), 3..7);
        let a = Value::List(vec![Node::new(s("a"), Some(span))]);
        let out = call("concat", vec![a, strs(&["b"]), l(vec![])]).unwrap();
        let Value::List(items) = out else {
            panic!("not a list")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].span, Some(span));
        assert!(call("concat", vec![s("a")]).is_err());
        assert_eq!(call("concat", vec![Value::Unknown]), Ok(Value::Unknown));
    }

    #[test]
    fn element_wraps_around() {
        let abc = strs(&["a", "b", "c"]);
        assert_eq!(call("element", vec![abc.clone(), n(1.0)]), Ok(s("b")));
        assert_eq!(call("element", vec![abc.clone(), n(3.0)]), Ok(s("a")));
        assert_eq!(call("element", vec![abc.clone(), n(-1.0)]), Ok(s("c")));
        assert!(call("element", vec![l(vec![]), n(0.0)]).is_err());
        assert!(call("element", vec![abc, n(0.5)]).is_err());
        let partly = l(vec![s("a"), Value::Unknown]);
        assert_eq!(call("element", vec![partly, n(0.0)]), Ok(s("a")));
    }

    #[test]
    fn index_and_contains() {
        let abc = strs(&["a", "b", "c"]);
        assert_eq!(call("index", vec![abc.clone(), s("b")]), Ok(n(1.0)));
        assert!(call("index", vec![abc.clone(), s("z")]).is_err());
        assert_eq!(
            call("contains", vec![abc.clone(), s("c")]),
            Ok(Value::Bool(true))
        );
        assert_eq!(call("contains", vec![abc, s("z")]), Ok(Value::Bool(false)));
        let nums = l(vec![n(1.0), n(2.0)]);
        assert_eq!(call("contains", vec![nums, s("2")]), Ok(Value::Bool(true)));
        let partly = l(vec![s("a"), Value::Unknown]);
        assert_eq!(
            call("contains", vec![partly.clone(), s("a")]),
            Ok(Value::Bool(true))
        );
        assert_eq!(call("contains", vec![partly, s("b")]), Ok(Value::Unknown));
    }

    #[test]
    fn coalesce_family() {
        assert_eq!(call("coalesce", vec![s("a"), s("b")]), Ok(s("a")));
        assert_eq!(call("coalesce", vec![s(""), s("b")]), Ok(s("b")));
        assert_eq!(
            call("coalesce", vec![Value::Null, n(1.0), n(2.0)]),
            Ok(n(1.0))
        );
        assert_eq!(call("coalesce", vec![n(1.0), s("a")]), Ok(s("1")));
        assert_eq!(call("coalesce", vec![s("a"), Value::Unknown]), Ok(s("a")));
        assert_eq!(
            call("coalesce", vec![Value::Unknown, s("a")]),
            Ok(Value::Unknown)
        );
        assert!(call("coalesce", vec![Value::Null, s("")]).is_err());
        let ab = strs(&["a", "b"]);
        assert_eq!(
            call("coalescelist", vec![l(vec![]), ab.clone()]),
            Ok(ab.clone())
        );
        assert_eq!(
            call("coalescelist", vec![Value::Unknown, ab]),
            Ok(Value::Unknown)
        );
        assert!(call("coalescelist", vec![l(vec![])]).is_err());
    }

    #[test]
    fn compact_distinct_reverse() {
        let input = l(vec![s("a"), s(""), s("b"), Value::Null, s("c")]);
        assert_eq!(call("compact", vec![input]), Ok(strs(&["a", "b", "c"])));
        let dup = strs(&["a", "b", "a", "c", "d", "b"]);
        assert_eq!(call("distinct", vec![dup]), Ok(strs(&["a", "b", "c", "d"])));
        assert_eq!(
            call("reverse", vec![strs(&["a", "b"])]),
            Ok(strs(&["b", "a"]))
        );
        assert_eq!(
            call("compact", vec![l(vec![s("a"), Value::Unknown])]),
            Ok(Value::Unknown)
        );
    }

    #[test]
    fn flatten_is_recursive() {
        let nested = l(vec![strs(&["a"]), l(vec![]), l(vec![s("b"), strs(&["c"])])]);
        assert_eq!(call("flatten", vec![nested]), Ok(strs(&["a", "b", "c"])));
        let unknown = l(vec![strs(&["a"]), Value::Unknown]);
        assert_eq!(call("flatten", vec![unknown]), Ok(Value::Unknown));
        let mut deep = strs(&["x"]);
        for _ in 0..1000 {
            deep = l(vec![deep]);
        }
        assert!(call("flatten", vec![deep]).is_err());
    }

    #[test]
    fn slice_and_errors() {
        let abcd = strs(&["a", "b", "c", "d"]);
        assert_eq!(
            call("slice", vec![abcd.clone(), n(1.0), n(3.0)]),
            Ok(strs(&["b", "c"]))
        );
        assert!(call("slice", vec![abcd.clone(), n(3.0), n(1.0)]).is_err());
        assert!(call("slice", vec![abcd.clone(), n(0.0), n(5.0)]).is_err());
        assert!(call("slice", vec![abcd, n(-1.0), n(2.0)]).is_err());
    }

    #[test]
    fn sort_is_lexical() {
        let input = strs(&["e", "d", "a", "x"]);
        assert_eq!(call("sort", vec![input]), Ok(strs(&["a", "d", "e", "x"])));
        let nums = l(vec![n(10.0), n(9.0)]);
        assert_eq!(call("sort", vec![nums]), Ok(strs(&["10", "9"])));
        assert!(call("sort", vec![l(vec![Value::Null])]).is_err());
    }

    #[test]
    fn range_like_terraform() {
        let nums = |v: &[f64]| l(v.iter().map(|x| n(*x)).collect());
        assert_eq!(call("range", vec![n(3.0)]), Ok(nums(&[0.0, 1.0, 2.0])));
        assert_eq!(
            call("range", vec![n(1.0), n(4.0)]),
            Ok(nums(&[1.0, 2.0, 3.0]))
        );
        assert_eq!(
            call("range", vec![n(1.0), n(8.0), n(2.0)]),
            Ok(nums(&[1.0, 3.0, 5.0, 7.0]))
        );
        assert_eq!(
            call("range", vec![n(1.0), n(4.0), n(0.5)]),
            Ok(nums(&[1.0, 1.5, 2.0, 2.5, 3.0, 3.5]))
        );
        assert_eq!(
            call("range", vec![n(4.0), n(1.0)]),
            Ok(nums(&[4.0, 3.0, 2.0]))
        );
        assert_eq!(call("range", vec![n(-3.0)]), Ok(nums(&[0.0, -1.0, -2.0])));
        assert_eq!(call("range", vec![n(0.0)]), Ok(nums(&[])));
        assert!(call("range", vec![n(1.0), n(4.0), n(0.0)]).is_err());
        assert!(call("range", vec![n(1.0), n(4.0), n(-1.0)]).is_err());
        assert!(call("range", vec![n(1e12)]).is_err());
    }

    #[test]
    fn one_alltrue_anytrue() {
        assert_eq!(call("one", vec![l(vec![])]), Ok(Value::Null));
        assert_eq!(call("one", vec![strs(&["a"])]), Ok(s("a")));
        assert!(call("one", vec![strs(&["a", "b"])]).is_err());
        let t = Value::Bool(true);
        let f = Value::Bool(false);
        assert_eq!(call("alltrue", vec![l(vec![])]), Ok(t.clone()));
        assert_eq!(
            call("alltrue", vec![l(vec![s("true"), t.clone()])]),
            Ok(t.clone())
        );
        assert_eq!(
            call("alltrue", vec![l(vec![f.clone(), Value::Unknown])]),
            Ok(f.clone())
        );
        assert_eq!(
            call("alltrue", vec![l(vec![Value::Unknown, f.clone()])]),
            Ok(Value::Unknown)
        );
        assert_eq!(call("anytrue", vec![l(vec![])]), Ok(f.clone()));
        assert_eq!(
            call("anytrue", vec![l(vec![Value::Unknown, t.clone()])]),
            Ok(t)
        );
        assert_eq!(
            call("anytrue", vec![l(vec![Value::Unknown, f])]),
            Ok(Value::Unknown)
        );
        assert!(call("alltrue", vec![l(vec![s("yes")])]).is_err());
    }

    #[test]
    fn chunklist_splits() {
        let input = strs(&["a", "b", "c", "d", "e"]);
        assert_eq!(
            call("chunklist", vec![input.clone(), n(2.0)]),
            Ok(l(vec![strs(&["a", "b"]), strs(&["c", "d"]), strs(&["e"])]))
        );
        assert_eq!(
            call("chunklist", vec![input.clone(), n(0.0)]),
            Ok(l(vec![input.clone()]))
        );
        assert!(call("chunklist", vec![input, n(-1.0)]).is_err());
    }
}

//! Values: YAML nodes to template values (keeping each node's origin),
//! and Helm's merge rules — values files override one another in order,
//! user values override chart defaults (`null` deletes a default), parent
//! values override a subchart's under its name, `global` flows down.

use std::cell::RefCell;
use std::rc::Rc;

use super::value::{Loc, Map, MapRef, Val, Value};
use crate::model::{Node, Value as NodeValue};

/// A YAML node as a value; `source` is the node's file id in the render's
/// sources, or `None` for text that is not a file (`fromYaml`).
pub fn from_node(node: &Node, source: Option<u32>) -> Val {
    convert(node, source, None)
}

/// Like [`from_node`] for a node read from `text`, with Helm's YAML 1.1
/// booleans: its YAML reader (go-yaml v2) takes plain `y`, `yes`, `on`,
/// `off`, `n`, `no` (in their usual casings) as booleans, where the
/// Kubernetes reader keeps strings. Quoted scalars stay strings.
pub fn from_yaml_node(node: &Node, source: Option<u32>, text: &str) -> Val {
    convert(node, source, Some(text))
}

fn yaml11_bool(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

fn convert(node: &Node, source: Option<u32>, text: Option<&str>) -> Val {
    let origin = match (source, node.span) {
        (Some(s), Some(span)) => Some(Loc {
            source: s,
            start: span.start,
            end: span.end,
        }),
        _ => None,
    };
    let v = match &node.value {
        NodeValue::Unknown | NodeValue::Null => Value::Nil,
        NodeValue::Bool(b) => Value::Bool(*b),
        NodeValue::Number(n) => Value::Float(*n),
        NodeValue::String(s) => {
            // The node's span ends where its scalar ends: a quote there
            // means a quoted scalar.
            let plain = || {
                let end = node.span.map_or(0, |sp| sp.end as usize);
                text.and_then(|t| t.as_bytes().get(end.checked_sub(1)?))
                    .is_some_and(|b| !matches!(b, b'"' | b'\''))
            };
            match yaml11_bool(s) {
                Some(b) if plain() => Value::Bool(b),
                _ => return Val::str(s.as_str()).with_origin(origin),
            }
        }
        NodeValue::List(items) => Value::List(Rc::new(
            items.iter().map(|n| convert(n, source, text)).collect(),
        )),
        NodeValue::Map(m) => Value::Map(Rc::new(RefCell::new(
            m.iter()
                .map(|(k, n)| (k.clone(), convert(n, source, text)))
                .collect(),
        ))),
    };
    Val { v, origin }
}

pub fn new_map() -> MapRef {
    Rc::new(RefCell::new(Map::new()))
}

/// `--values` files: `over` replaces `base` key by key, maps merge.
pub fn merge_override(base: &MapRef, over: &MapRef) {
    let entries: Vec<(String, Val)> = over
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in entries {
        let existing = base.borrow().get(&k).cloned();
        match (
            existing.as_ref().and_then(|e| e.as_map().cloned()),
            v.as_map(),
        ) {
            (Some(b), Some(o)) => merge_override(&b, o),
            _ => {
                base.borrow_mut().insert(k, v);
            }
        }
    }
}

/// Helm's coalescing of chart defaults into user values (in place in
/// `user`): missing keys are filled, maps merge, a `null` in user values
/// removes the default.
pub fn coalesce(user: &MapRef, defaults: &MapRef, depth: usize) {
    if depth > 100 || Rc::ptr_eq(user, defaults) {
        return;
    }
    let entries: Vec<(String, Val)> = defaults
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, dv) in entries {
        let uv = user.borrow().get(&k).cloned();
        match uv {
            None if dv.is_nil() => {}
            None => {
                user.borrow_mut().insert(k, clean_default(&dv));
            }
            Some(u) if u.is_nil() => {
                user.borrow_mut().remove(&k);
            }
            Some(u) => {
                if let (Some(um), Some(dm)) = (u.as_map(), dv.as_map()) {
                    coalesce(um, dm, depth + 1);
                }
            }
        }
    }
    // A null the user wrote for a key without a default stays (Helm prints
    // it as `null`).
}

/// `global` from the parent into a subchart's values: the parent's
/// entries win, maps merge.
pub fn push_globals(parent: &MapRef, sub: &MapRef) {
    let Some(pg) = parent
        .borrow()
        .get("global")
        .and_then(|g| g.as_map().cloned())
    else {
        return;
    };
    let sg = match sub.borrow().get("global").and_then(|g| g.as_map().cloned()) {
        Some(g) => g,
        None => new_map(),
    };
    let merged = deep_clone_map(&sg);
    merge_override(&merged, &deep_clone_map(&pg));
    sub.borrow_mut()
        .insert("global".into(), Value::Map(merged).into());
}

pub fn deep_clone(v: &Val) -> Val {
    match &v.v {
        Value::Map(m) => Val {
            v: Value::Map(deep_clone_map(m)),
            origin: v.origin,
        },
        _ => v.clone(),
    }
}

/// A default copied into the values: Helm drops `null` entries of maps
/// at every depth.
fn clean_default(v: &Val) -> Val {
    match &v.v {
        Value::Map(m) => Val {
            v: Value::Map(Rc::new(RefCell::new(
                m.borrow()
                    .iter()
                    .filter(|(_, x)| !x.is_nil())
                    .map(|(k, x)| (k.clone(), clean_default(x)))
                    .collect(),
            ))),
            origin: v.origin,
        },
        _ => v.clone(),
    }
}

pub fn deep_clone_map(m: &MapRef) -> MapRef {
    Rc::new(RefCell::new(
        m.borrow()
            .iter()
            .map(|(k, v)| (k.clone(), deep_clone(v)))
            .collect(),
    ))
}

/// `a.b.c` in a values tree.
pub fn path_value(root: &MapRef, path: &str) -> Option<Val> {
    let mut cur = Val {
        v: Value::Map(root.clone()),
        origin: None,
    };
    for part in path.split('.') {
        let next = cur.as_map()?.borrow().get(part).cloned()?;
        cur = next;
    }
    Some(cur)
}

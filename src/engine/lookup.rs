//! Resolving attribute paths in a body, as `rules/README.md` says: dots step
//! into maps, into a list only when it has exactly one element (the usual
//! single block), and `null` counts as absent.

use crate::model::{Node, Value};

#[derive(Clone, Copy, Debug)]
pub enum Lookup<'a> {
    /// The attribute exists and is not null (its value may be `Unknown`).
    Found(&'a Node),
    /// The attribute is absent or null; `block` is the deepest enclosing
    /// block that exists and has a span, if any.
    Absent { block: Option<&'a Node> },
    /// The path runs through a value that is not known statically (or a
    /// repeated block), so it may or may not exist.
    Unknown,
}

/// Resolves `segments` from `context`. `block` is the enclosing block to
/// fall back to (`None` at the resource body: its header is the fallback).
pub fn resolve<'a>(context: &'a Node, segments: &[String], block: Option<&'a Node>) -> Lookup<'a> {
    let mut node = context;
    let mut block = block;
    for segment in segments {
        // Step transparently into a single block.
        let map = loop {
            match &node.value {
                Value::Map(map) => break map,
                Value::List(items) if items.len() == 1 => {
                    node = &items[0];
                    if node.span.is_some() && matches!(node.value, Value::Map(_)) {
                        block = Some(node);
                    }
                }
                Value::List(items) if items.is_empty() => return Lookup::Absent { block },
                // Several blocks: the path is ambiguous, which only a quantifier can settle.
                Value::List(_) | Value::Unknown => return Lookup::Unknown,
                Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {
                    return Lookup::Absent { block };
                }
            }
        };
        if !std::ptr::eq(node, context) && node.span.is_some() {
            block = Some(node);
        }
        match map.get(segment.as_str()) {
            Some(child) if !child.value.is_null() => node = child,
            _ => return Lookup::Absent { block },
        }
    }
    Lookup::Found(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};
    use indexmap::IndexMap;

    fn span(n: usize) -> Option<Span> {
        Some(Span::new(FileId(0), n..n + 1))
    }

    fn map(entries: Vec<(&str, Node)>, at: usize) -> Node {
        let m: IndexMap<String, Node> = entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        Node::new(Value::Map(m), span(at))
    }

    fn path(p: &str) -> Vec<String> {
        p.split('.').map(str::to_string).collect()
    }

    #[test]
    fn steps_into_single_blocks_only() {
        let inner = map(vec![("enabled", Node::new(Value::Bool(true), span(3)))], 2);
        let one = map(
            vec![(
                "versioning",
                Node::new(Value::List(vec![inner.clone()]), span(1)),
            )],
            0,
        );
        assert!(
            matches!(resolve(&one, &path("versioning.enabled"), None), Lookup::Found(n) if n.span == span(3))
        );
        match resolve(&one, &path("versioning.mfa"), None) {
            Lookup::Absent { block: Some(b) } => assert_eq!(b.span, span(2)),
            other => panic!("{other:?}"),
        }
        let two = map(
            vec![(
                "versioning",
                Node::new(Value::List(vec![inner.clone(), inner]), span(1)),
            )],
            0,
        );
        assert!(matches!(
            resolve(&two, &path("versioning.enabled"), None),
            Lookup::Unknown
        ));
        // The root is not its own fallback: the resource header is.
        assert!(matches!(
            resolve(&one, &path("logging"), None),
            Lookup::Absent { block: None }
        ));
    }

    #[test]
    fn null_is_absent_and_unknown_propagates() {
        let body = map(
            vec![
                ("a", Node::new(Value::Null, span(1))),
                ("b", Node::unknown(span(2))),
            ],
            0,
        );
        assert!(matches!(
            resolve(&body, &path("a"), None),
            Lookup::Absent { .. }
        ));
        assert!(
            matches!(resolve(&body, &path("b"), None), Lookup::Found(n) if n.value.is_unknown())
        );
        assert!(matches!(
            resolve(&body, &path("b.c"), None),
            Lookup::Unknown
        ));
        assert!(matches!(resolve(&body, &[], None), Lookup::Found(_)));
    }
}

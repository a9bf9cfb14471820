//! Engine tests over small hand-made graphs and rule texts.

mod catalog_tests;
mod eval_graph;
mod eval_tests;
mod parse_tests;

use std::sync::Arc;

use indexmap::IndexMap;
use serde_json::Value as Json;

use super::{Hit, evaluate, parse_rule};
use crate::model::{Edge, Graph, Node, Resource, ResourceId, SourceFormat, Value};
use crate::source::{FileId, Span};

/// Where resource headers point in tests.
pub const HEADER: Span = Span {
    file: FileId(9),
    start: 0,
    end: 1,
};

/// Builds a body from JSON: every node gets its own span (in file 0, at a
/// running offset); the string `"?"` is an unknown value.
pub fn body(json: Json) -> Node {
    let mut next = 0;
    to_node(&json, &mut next)
}

fn to_node(json: &Json, next: &mut u32) -> Node {
    *next += 1;
    let span = Some(Span {
        file: FileId(0),
        start: *next,
        end: *next + 1,
    });
    let value = match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
        Json::String(s) if s == "?" => Value::Unknown,
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::List(items.iter().map(|i| to_node(i, next)).collect()),
        Json::Object(map) => Value::Map(
            map.iter()
                .map(|(k, v)| (k.clone(), to_node(v, next)))
                .collect::<IndexMap<_, _>>(),
        ),
    };
    Node::new(value, span)
}

/// The span of the node at `path` (`a.0.b`: numbers index lists).
pub fn span_at(node: &Node, path: &str) -> Span {
    let mut node = node;
    for part in path.split('.') {
        node = match (&node.value, part.parse::<usize>()) {
            (Value::List(items), Ok(i)) => &items[i],
            _ => node
                .get(part)
                .unwrap_or_else(|| panic!("no {part} in {path}")),
        };
    }
    node.span.expect("test nodes have spans")
}

pub fn resource(kind: &str, name: &str, json: Json) -> Resource {
    Resource {
        kind: kind.to_string(),
        address: format!("{kind}.{name}"),
        format: SourceFormat::Terraform,
        span: HEADER,
        body: body(json),
        trace: Vec::new(),
    }
}

pub fn graph(resources: Vec<Resource>) -> Graph {
    let mut g = Graph::default();
    for r in resources {
        g.add_resource(r);
    }
    g
}

pub fn edge(g: &mut Graph, from: u32, to: u32, attribute: &str) {
    g.add_edge(Edge {
        from: ResourceId(from),
        to: ResourceId(to),
        attribute: attribute.to_string(),
    });
}

/// A rule text around a condition (YAML, indented by the caller as a block).
pub fn rule_text(applies_to: &str, message: &str, condition: &str) -> String {
    let condition: String = condition
        .trim_matches('\n')
        .lines()
        .map(|l| format!("  {l}\n"))
        .collect();
    format!(
        "id: TST001\nname: test-rule\ntitle: A test rule\nseverity: high\nlayer: cloud\n\
         applies_to: [{applies_to}]\nmessage: \"{message}\"\ndescription: Why.\nrecipe: How.\n\
         condition:\n{condition}"
    )
}

pub fn rule(applies_to: &str, condition: &str) -> Arc<crate::engine::rule::Rule> {
    let text = rule_text(applies_to, "{resource}: {attr} = {value}", condition);
    match parse_rule("TST001-test-rule.yaml", &text) {
        Ok(r) => Arc::new(r),
        Err(e) => panic!(
            "{}\n{text}",
            e.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// Hits of one rule on a one-resource graph of kind `t`.
pub fn run(condition: &str, json: Json) -> Vec<Hit> {
    let g = graph(vec![resource("t", "x", json)]);
    evaluate(&g, &[rule("t", condition)])
}

/// Evaluates `condition` on `json`, as true / false-or-unknown.
pub fn fires(condition: &str, json: Json) -> bool {
    !run(condition, json).is_empty()
}

/// The three-valued result, observed through `evaluate` alone: `not` turns
/// false into true and leaves unknown unknown.
pub fn truth(condition: &str, json: Json) -> crate::engine::Truth {
    use crate::engine::Truth;
    if fires(condition, json.clone()) {
        return Truth::True;
    }
    let negated: String = condition
        .trim_matches('\n')
        .lines()
        .map(|l| format!("  {l}\n"))
        .collect();
    if fires(&format!("not:\n{negated}"), json) {
        Truth::False
    } else {
        Truth::Unknown
    }
}

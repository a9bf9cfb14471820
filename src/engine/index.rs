//! Per-evaluation indexes over a graph, built once so that rules cost
//! O(resources × applicable rules) instead of scanning everything per rule.

use std::collections::HashMap;
use std::sync::Arc;

use super::condition::Condition;
use super::rule::Rule;
use crate::model::{Edge, Graph, Node, ResourceId};

/// The attribute a `via` names (dots step into maps only).
pub fn attribute<'n>(body: &'n Node, via: &str) -> Option<&'n Node> {
    via.split('.').try_fold(body, |node, key| node.get(key))
}

pub struct Index<'a> {
    by_kind: HashMap<&'a str, Vec<ResourceId>>,
    all: Vec<ResourceId>,
    incoming: Vec<Vec<&'a Edge>>,
    outgoing: Vec<Vec<&'a Edge>>,
    /// (kind, via) → resources of `kind` whose `via` holds an unknown value
    /// and resolves to no edge: they might point at anything.
    dangling: HashMap<&'a str, HashMap<&'a str, Vec<ResourceId>>>,
}

impl<'a> Index<'a> {
    pub fn new(graph: &'a Graph, rules: &'a [Arc<Rule>]) -> Index<'a> {
        let mut by_kind: HashMap<&str, Vec<ResourceId>> = HashMap::new();
        let mut all = Vec::with_capacity(graph.len());
        for (id, resource) in graph.resources() {
            by_kind.entry(resource.kind.as_str()).or_default().push(id);
            if !resource.is_view() {
                all.push(id);
            }
        }
        let mut incoming = vec![Vec::new(); graph.len()];
        let mut outgoing = vec![Vec::new(); graph.len()];
        for edge in graph.edges() {
            if let Some(list) = incoming.get_mut(edge.to.0 as usize) {
                list.push(edge);
            }
            if let Some(list) = outgoing.get_mut(edge.from.0 as usize) {
                list.push(edge);
            }
        }
        let mut index = Index {
            by_kind,
            all,
            incoming,
            outgoing,
            dangling: HashMap::new(),
        };
        for rule in rules {
            rule.condition.visit(&mut |c| {
                if let Condition::ReferencedBy(link) = c {
                    let (kind, via) = (link.kind.as_str(), link.via.as_str());
                    if index
                        .dangling
                        .get(kind)
                        .is_none_or(|m| !m.contains_key(via))
                    {
                        let list = index.find_dangling(graph, kind, via);
                        index.dangling.entry(kind).or_default().insert(via, list);
                    }
                }
            });
        }
        index
    }

    fn find_dangling(&self, graph: &'a Graph, kind: &str, via: &str) -> Vec<ResourceId> {
        self.of_kind(kind)
            .iter()
            .copied()
            .filter(|&id| {
                let holds_unknown =
                    attribute(&graph.resource(id).body, via).is_some_and(|n| n.has_unknown());
                holds_unknown && !self.outgoing(id).iter().any(|e| e.attribute == via)
            })
            .collect()
    }

    pub fn of_kind(&self, kind: &str) -> &[ResourceId] {
        if kind == "*" {
            return &self.all;
        }
        self.by_kind.get(kind).map_or(&[], Vec::as_slice)
    }

    pub fn incoming(&self, id: ResourceId) -> &[&'a Edge] {
        self.incoming.get(id.0 as usize).map_or(&[], Vec::as_slice)
    }

    pub fn outgoing(&self, id: ResourceId) -> &[&'a Edge] {
        self.outgoing.get(id.0 as usize).map_or(&[], Vec::as_slice)
    }

    pub fn dangling(&self, kind: &str, via: &str) -> &[ResourceId] {
        self.dangling
            .get(kind)
            .and_then(|m| m.get(via))
            .map_or(&[], Vec::as_slice)
    }

    /// The resources a rule applies to: kind by kind in `kinds` order, in
    /// id order within a kind; every declared resource (no model view) for
    /// `*`.
    pub fn applicable<'s>(&'s self, kinds: &'s [String]) -> impl Iterator<Item = ResourceId> + 's {
        let star = kinds.iter().any(|k| k == "*");
        let all = if star { self.all.as_slice() } else { &[] };
        let by_kind = kinds
            .iter()
            .enumerate()
            // A kind listed twice is visited once.
            .filter(move |(i, k)| !star && !kinds[..*i].contains(k))
            .flat_map(move |(_, k)| self.of_kind(k));
        all.iter().chain(by_kind).copied()
    }
}

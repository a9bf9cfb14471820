//! `template: namespace_without_default_deny`: a namespace runs workloads but
//! no NetworkPolicy of the same deployment unit denies ingress by default,
//! so every pod in it accepts traffic from anywhere in the cluster.
//!
//! Applies to `workload`. The finding is reported once per namespace and
//! deployment unit, on its first workload, so a namespace of fifty
//! deployments is one item to fix.
//!
//! A unit decides with its own policies (a chart, a kustomization or a
//! manifest is applied as a whole); policies written elsewhere count only
//! for the workloads at or below their directory (see
//! [`super::network_policy`]): the finding carries a link key and the
//! workspace keeps it only when no such policy guards the namespace.

use std::collections::HashMap;
use std::sync::Arc;

use super::network_policy::{
    Link, at_most_unknown, denies_ingress_by_default, either, namespace_of, policy_namespace,
};
use super::{Params, Template, TemplateDef, TemplateInput, check_keys};
use crate::engine::{Outcome, Truth, Witness, WitnessValue};
use crate::model::{Graph, Resource, ResourceId};

pub const DEF: TemplateDef = TemplateDef {
    name: "namespace_without_default_deny",
    compile,
};

#[derive(Debug)]
struct NamespaceWithoutDefaultDeny;

fn compile(params: &Params) -> Result<Arc<dyn Template>, String> {
    check_keys(params, &[])?;
    Ok(Arc::new(NamespaceWithoutDefaultDeny))
}

/// Per namespace: whether a default-deny policy of the unit guards it, and
/// its first workload (where the one finding goes).
struct Namespaces(HashMap<String, (Truth, Option<ResourceId>)>);

fn namespaces(graph: &Graph, workload_kind: &str) -> Namespaces {
    let mut by_name: HashMap<String, (Truth, Option<ResourceId>)> = HashMap::new();
    // A policy whose namespace is unknown may guard any namespace.
    let mut anywhere = Truth::False;
    for (id, resource) in graph.resources() {
        if resource.kind == workload_kind {
            if let Some(ns) = namespace_of(resource.body.get("namespace")) {
                let entry = by_name.entry(ns).or_insert((Truth::False, None));
                entry.1.get_or_insert(id);
            }
        } else if resource.kind == "NetworkPolicy" {
            let guards = denies_ingress_by_default(resource);
            match policy_namespace(resource) {
                Some(ns) => {
                    let entry = by_name.entry(ns).or_insert((Truth::False, None));
                    entry.0 = either(entry.0, guards);
                }
                None => anywhere = either(anywhere, at_most_unknown(guards)),
            }
        }
    }
    for entry in by_name.values_mut() {
        entry.0 = either(entry.0, anywhere);
    }
    Namespaces(by_name)
}

impl Template for NamespaceWithoutDefaultDeny {
    fn link_key(&self, resource: &Resource) -> Option<String> {
        let namespace = namespace_of(resource.body.get("namespace"))?;
        Some(Link::DefaultDeny { namespace }.key(&resource.address))
    }

    fn check<'a>(&self, input: &TemplateInput<'a>) -> Outcome<'a> {
        let Some(namespace) = namespace_of(input.resource.body.get("namespace")) else {
            return Outcome::unknown();
        };
        let kind = input.resource.kind.clone();
        let facts = input.graph.memo("namespace_without_default_deny", |graph| {
            namespaces(graph, &kind)
        });
        let Some(&(guarded, first)) = facts.0.get(&namespace) else {
            return Outcome::unknown();
        };
        match guarded {
            Truth::True => return Outcome::new(Truth::False, None),
            Truth::Unknown => return Outcome::unknown(),
            Truth::False => {}
        }
        // Report on the namespace's first workload only.
        let is_first =
            first.is_some_and(|id| std::ptr::eq(input.graph.resource(id), input.resource));
        if !is_first {
            return Outcome::new(Truth::False, None);
        }
        let witness = match input.resource.body.get("namespace") {
            Some(node) => Witness::attr(node, "namespace"),
            None => Witness::block(None, "namespace"),
        }
        .with_value(WitnessValue::Text(namespace.into()));
        Outcome::new(Truth::True, Some(witness))
    }
}

//! `template: namespace_without_default_deny`: a namespace runs workloads but
//! no NetworkPolicy among the objects scanned together denies ingress by
//! default, so every pod in it accepts traffic from anywhere in the cluster.
//!
//! Applies to `workload`. The finding is reported once per namespace, on its
//! first workload, so a namespace of fifty deployments is one item to fix.
//!
//! A unit decides with its own policies; since a namespace's policies may
//! live in any manifest, the finding carries the namespace as its link key
//! and the workspace keeps it only when no unit's policy guards the
//! namespace ([`namespace_guards`]), and only on the namespace's first
//! workload across units.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Params, Template, TemplateDef, TemplateInput, check_keys};
use crate::engine::{Outcome, Truth, Witness, WitnessValue};
use crate::model::{Graph, Node, Resource, ResourceId, Value};

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

/// The namespace a body names, `default` when it names none; `None` when
/// it is not known statically.
fn namespace_of(namespace: Option<&Node>) -> Option<String> {
    match namespace.map(|n| &n.value) {
        None | Some(Value::Null) => Some("default".to_string()),
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => None,
    }
}

/// A NetworkPolicy that selects every pod of its namespace and allows no
/// ingress: the default-deny baseline.
fn denies_ingress_by_default(policy: &Resource) -> Truth {
    let Some(spec) = policy.body.get("spec") else {
        return Truth::False;
    };
    let selects_all = match spec.get("podSelector").map(|n| &n.value) {
        Some(Value::Map(m)) => m.values().all(|v| match &v.value {
            Value::Map(inner) => inner.is_empty(),
            Value::List(items) => items.is_empty(),
            _ => false,
        }),
        Some(Value::Unknown) => return Truth::Unknown,
        _ => false,
    };
    let covers_ingress = match spec.get("policyTypes").map(|n| &n.value) {
        // Without policyTypes, a policy always restricts ingress.
        None | Some(Value::Null) => true,
        Some(Value::List(types)) => types.iter().any(|t| t.value.as_str() == Some("Ingress")),
        Some(Value::Unknown) => return Truth::Unknown,
        _ => false,
    };
    let allows_nothing = match spec.get("ingress").map(|n| &n.value) {
        None | Some(Value::Null) => true,
        Some(Value::List(rules)) => rules.is_empty(),
        Some(Value::Unknown) => return Truth::Unknown,
        _ => false,
    };
    Truth::from_bool(selects_all && covers_ingress && allows_nothing)
}

/// Three-valued "or".
fn either(a: Truth, b: Truth) -> Truth {
    match (a, b) {
        (Truth::True, _) | (_, Truth::True) => Truth::True,
        (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
        _ => Truth::False,
    }
}

/// Per namespace: whether a default-deny policy guards it, and its first
/// workload (where the one finding goes).
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
            let metadata = resource.body.get("metadata");
            let guards = denies_ingress_by_default(resource);
            match namespace_of(metadata.and_then(|m| m.get("namespace"))) {
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

/// What a policy of unknown namespace says about a given namespace: at
/// most "maybe".
fn at_most_unknown(truth: Truth) -> Truth {
    match truth {
        Truth::False => Truth::False,
        _ => Truth::Unknown,
    }
}

/// The NetworkPolicies of a graph: each one's namespace (`None` when not
/// known statically) and whether it denies ingress by default.
pub fn namespace_guards(graph: &Graph) -> Vec<(Option<String>, Truth)> {
    graph
        .resources()
        .filter(|(_, r)| r.kind == "NetworkPolicy")
        .map(|(_, policy)| {
            let metadata = policy.body.get("metadata");
            let namespace = namespace_of(metadata.and_then(|m| m.get("namespace")));
            (namespace, denies_ingress_by_default(policy))
        })
        .collect()
}

/// Whether the policies of every unit, together, guard `namespace`.
pub fn guarded<'a>(
    namespace: &str,
    guards: impl Iterator<Item = &'a (Option<String>, Truth)>,
) -> Truth {
    guards.fold(Truth::False, |acc, (ns, truth)| match ns {
        Some(ns) if ns == namespace => either(acc, *truth),
        Some(_) => acc,
        None => either(acc, at_most_unknown(*truth)),
    })
}

impl Template for NamespaceWithoutDefaultDeny {
    fn link_key(&self, resource: &Resource) -> Option<String> {
        namespace_of(resource.body.get("namespace"))
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

//! `template: namespace_without_default_deny`: a namespace runs workloads but
//! no NetworkPolicy among the objects scanned together denies ingress by
//! default, so every pod in it accepts traffic from anywhere in the cluster.
//!
//! Applies to `workload`. The finding is reported once per namespace, on its
//! first workload, so a namespace of fifty deployments is one item to fix.

use std::sync::Arc;

use super::{Params, Template, TemplateDef, TemplateInput, check_keys};
use crate::engine::{Outcome, Truth, Witness, WitnessValue};
use crate::model::{Node, Resource, Value};

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

impl Template for NamespaceWithoutDefaultDeny {
    fn check<'a>(&self, input: &TemplateInput<'a>) -> Outcome<'a> {
        let Some(namespace) = namespace_of(input.resource.body.get("namespace")) else {
            return Outcome::unknown();
        };
        // Is some policy of this namespace a default deny? Three-valued:
        // a policy whose namespace or selector is unknown may be one.
        let mut guarded = Truth::False;
        for (_, policy) in input.graph.resources() {
            if policy.kind != "NetworkPolicy" {
                continue;
            }
            let metadata = policy.body.get("metadata");
            match namespace_of(metadata.and_then(|m| m.get("namespace"))) {
                Some(ns) if ns == namespace => {}
                Some(_) => continue,
                None => guarded = either(guarded, Truth::Unknown),
            }
            guarded = either(guarded, denies_ingress_by_default(policy));
        }
        match guarded {
            Truth::True => return Outcome::new(Truth::False, None),
            Truth::Unknown => return Outcome::unknown(),
            Truth::False => {}
        }
        // Report on the namespace's first workload only.
        let first = input
            .graph
            .resources()
            .filter(|(_, r)| r.kind == input.resource.kind)
            .find(|(_, r)| namespace_of(r.body.get("namespace")).as_deref() == Some(&namespace));
        let is_first = first.is_some_and(|(_, r)| std::ptr::eq(r, input.resource));
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

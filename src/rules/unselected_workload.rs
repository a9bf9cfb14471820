//! `template: workload_without_network_policy`: no NetworkPolicy of the
//! workload's deployment unit selects its pods, so nothing limits who may
//! connect to them (nor, for egress, where they connect).
//!
//! Applies to `workload`. Policies of the same unit decide first; policies
//! written elsewhere count for the workloads at or below their directory
//! (see [`super::network_policy`]), through the workspace's link. Pods
//! whose labels, or a policy whose selector or namespace, cannot be known
//! statically are never reported.

use std::sync::Arc;

use super::network_policy::{Link, Selector, namespace_of, pod_labels, policy_namespace};
use super::network_policy::{either, same_namespace};
use super::{Params, Template, TemplateDef, TemplateInput, check_keys};
use crate::engine::{Outcome, Truth, Witness};
use crate::model::{Resource, Value};

pub const DEF: TemplateDef = TemplateDef {
    name: "workload_without_network_policy",
    compile,
};

#[derive(Debug)]
struct WorkloadWithoutNetworkPolicy;

fn compile(params: &Params) -> Result<Arc<dyn Template>, String> {
    check_keys(params, &[])?;
    Ok(Arc::new(WorkloadWithoutNetworkPolicy))
}

impl Template for WorkloadWithoutNetworkPolicy {
    fn link_key(&self, resource: &Resource) -> Option<String> {
        let namespace = namespace_of(resource.body.get("namespace"))?;
        let labels = pod_labels(resource)?;
        Some(Link::Unselected { namespace, labels }.key(&resource.address))
    }

    fn check<'a>(&self, input: &TemplateInput<'a>) -> Outcome<'a> {
        let workload = input.resource;
        let (Some(namespace), Some(labels)) = (
            namespace_of(workload.body.get("namespace")),
            pod_labels(workload),
        ) else {
            return Outcome::unknown();
        };
        if workload
            .body
            .get("podSpec")
            .is_some_and(|p| p.value.is_unknown())
        {
            return Outcome::unknown();
        }
        let selected = input
            .graph
            .resources()
            .filter(|(_, r)| r.kind == "NetworkPolicy")
            .fold(Truth::False, |acc, (_, policy)| {
                let in_namespace = same_namespace(policy_namespace(policy).as_deref(), &namespace);
                let spec = policy.body.get("spec");
                let selects = match spec.map(|s| &s.value) {
                    Some(Value::Unknown) => Truth::Unknown,
                    _ => Selector::read(spec.and_then(|s| s.get("podSelector")))
                        .matches(Some(&labels)),
                };
                let says = match (in_namespace, selects) {
                    (Truth::False, _) | (_, Truth::False) => Truth::False,
                    (Truth::True, Truth::True) => Truth::True,
                    _ => Truth::Unknown,
                };
                either(acc, says)
            });
        match selected {
            Truth::False => {
                let at = workload.body.get("podLabels");
                let witness = match at {
                    Some(node) if node.span.is_some() => Witness::attr(node, "podLabels"),
                    _ => Witness::block(None, "podLabels"),
                };
                Outcome::new(Truth::True, Some(witness))
            }
            _ => Outcome::new(!selected, None),
        }
    }
}

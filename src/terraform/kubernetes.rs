//! Terraform `kubernetes_*` workloads in the Kubernetes view.
//!
//! After a module is evaluated, each `kubernetes_deployment` (and friends)
//! is converted from the provider's snake_case schema — single nested
//! blocks as one-element lists, repeated blocks under singular names — to
//! the camelCase object a manifest would hold, and lowered through the
//! same [`workload::lower`] as manifests. Every node keeps its span in the
//! `.tf` file, so a container rule points at the Terraform line.

use indexmap::IndexMap;

use crate::model::image::ImagePolicy;
use crate::model::workload;
use crate::model::{Graph, Node, Resource, SourceFormat, Value};

/// The Kubernetes kind of a Terraform resource type that runs pods.
pub fn workload_kind(resource_type: &str) -> Option<&'static str> {
    let base = resource_type
        .strip_suffix("_v1")
        .or_else(|| resource_type.strip_suffix("_v2"))
        .unwrap_or(resource_type);
    Some(match base {
        "kubernetes_pod" => "Pod",
        "kubernetes_deployment" => "Deployment",
        "kubernetes_stateful_set" => "StatefulSet",
        "kubernetes_daemon_set" | "kubernetes_daemonset" => "DaemonSet",
        "kubernetes_replication_controller" => "ReplicationController",
        "kubernetes_job" => "Job",
        "kubernetes_cron_job" => "CronJob",
        _ => return None,
    })
}

/// Adds `workload` and `container` resources for the Terraform workloads
/// already in the graph.
pub fn lower_workloads(graph: &mut Graph, images: &ImagePolicy) {
    let found: Vec<(&'static str, Resource)> = graph
        .resources()
        .filter(|(_, r)| r.format == SourceFormat::Terraform)
        .filter_map(|(_, r)| {
            let kind = workload_kind(&r.kind)?;
            let converted = Resource {
                kind: r.kind.clone(),
                address: r.address.clone(),
                format: r.format,
                span: r.span,
                body: to_kubernetes(&r.body),
                trace: r.trace.clone(),
            };
            Some((kind, converted))
        })
        .collect();
    for (kind, resource) in found {
        let owner = workload::Owner {
            api_group: None,
            kind,
            kind_span: Some(resource.span),
            address: &resource.address,
            span: resource.span,
            format: SourceFormat::Terraform,
            trace: &resource.trace,
            body: &resource.body,
        };
        workload::lower(&owner, images, graph);
    }
}

/// A block body in the provider's schema to the Kubernetes shape. Map
/// attributes (`labels`, `limits`) keep their keys: they are data.
pub fn to_kubernetes(body: &Node) -> Node {
    let Value::Map(fields) = &body.value else {
        return body.clone();
    };
    let mut out = IndexMap::with_capacity(fields.len());
    for (key, node) in fields {
        let (name, repeated) = field_name(key);
        let converted = match &node.value {
            Value::List(items) if is_block_list(items) => {
                let mut blocks: Vec<Node> = items.iter().map(to_kubernetes).collect();
                if !repeated && blocks.len() == 1 {
                    blocks.pop().unwrap_or_else(|| Node::unknown(node.span))
                } else {
                    Node::new(Value::List(blocks), node.span)
                }
            }
            _ => node.clone(),
        };
        out.insert(name, converted);
    }
    Node::new(Value::Map(out), body.span)
}

/// Nested blocks lower to a non-empty list of maps (or unknowns, for a
/// `dynamic` block over an unknown collection).
fn is_block_list(items: &[Node]) -> bool {
    !items.is_empty()
        && items.iter().any(|i| matches!(i.value, Value::Map(_)))
        && items
            .iter()
            .all(|i| matches!(i.value, Value::Map(_) | Value::Unknown))
}

/// The Kubernetes name of a schema key, and whether it is a repeated
/// block (a list in Kubernetes even with one element).
fn field_name(key: &str) -> (String, bool) {
    let plural = match key {
        "container" => "containers",
        "init_container" => "initContainers",
        "ephemeral_container" => "ephemeralContainers",
        "volume" => "volumes",
        "volume_mount" => "volumeMounts",
        "volume_device" => "volumeDevices",
        "port" => "ports",
        "env" => "env",
        "env_from" => "envFrom",
        "toleration" => "tolerations",
        "image_pull_secrets" => "imagePullSecrets",
        "host_aliases" => "hostAliases",
        "topology_spread_constraint" => "topologySpreadConstraints",
        "readiness_gate" => "readinessGates",
        "sysctl" => "sysctls",
        "match_expressions" => "matchExpressions",
        "http_header" => "httpHeaders",
        "items" => "items",
        "option" => "options",
        "node_selector_term" => "nodeSelectorTerms",
        "preferred_during_scheduling_ignored_during_execution" => {
            "preferredDuringSchedulingIgnoredDuringExecution"
        }
        _ => "",
    };
    if !plural.is_empty() {
        return (plural.to_string(), true);
    }
    let special = match key {
        "host_pid" => "hostPID",
        "host_ipc" => "hostIPC",
        "host_ip" => "hostIP",
        "pod_ip" => "podIP",
        "downward_api" => "downwardAPI",
        "scale_io" => "scaleIO",
        "storage_os" => "storageos",
        _ => "",
    };
    if !special.is_empty() {
        return (special.to_string(), false);
    }
    (camel_case(key), false)
}

fn camel_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(field_name("run_as_non_root").0, "runAsNonRoot");
        assert_eq!(field_name("host_path").0, "hostPath");
        assert_eq!(field_name("host_pid").0, "hostPID");
        assert_eq!(field_name("se_linux_options").0, "seLinuxOptions");
        assert_eq!(field_name("container"), ("containers".to_string(), true));
        assert_eq!(field_name("privileged").0, "privileged");
        assert_eq!(field_name("downward_api").0, "downwardAPI");
        assert_eq!(
            workload_kind("kubernetes_deployment_v1"),
            Some("Deployment")
        );
        assert_eq!(workload_kind("kubernetes_daemonset"), Some("DaemonSet"));
        assert_eq!(workload_kind("kubernetes_service"), None);
    }
}

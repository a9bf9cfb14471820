//! The normalised view of everything that runs pods: one `workload`
//! resource per object and one `container` resource per container, in the
//! same shape whether the object came from a manifest or from Terraform
//! (see "Resource kinds" in rules/README.md). Modelled on kube-linter's
//! pod-spec extraction.

use indexmap::IndexMap;

use crate::model::image::{ImagePolicy, image_facts};
use crate::model::{Edge, Graph, Node, Resource, ResourceId, SourceFormat, TraceEntry, Value};
use crate::source::Span;

/// Where each workload kind keeps its pod spec. `api_group` is the group
/// of the object's `apiVersion` (`""` for core, `None` when the source has
/// none, as Terraform's `kubernetes_*` resources): custom resources that
/// embed a pod template (Argo Rollouts, Knative, OpenKruise) are read like
/// the built-in kinds, and a kind name reused by another group is not.
pub fn pod_spec_path(kind: &str, api_group: Option<&str>) -> Option<&'static [&'static str]> {
    const TEMPLATE: &[&str] = &["spec", "template", "spec"];
    let builtin = matches!(api_group, None | Some("" | "apps" | "batch" | "extensions"));
    Some(match (kind, api_group.unwrap_or("")) {
        ("Pod", _) if builtin => &["spec"],
        (
            "Deployment"
            | "StatefulSet"
            | "DaemonSet"
            | "ReplicaSet"
            | "ReplicationController"
            | "Job",
            _,
        ) if builtin => TEMPLATE,
        ("CronJob", _) if builtin => &["spec", "jobTemplate", "spec", "template", "spec"],
        ("Rollout", "argoproj.io") => TEMPLATE,
        ("Service" | "Configuration", "serving.knative.dev") => TEMPLATE,
        ("CloneSet" | "StatefulSet" | "DaemonSet", "apps.kruise.io") => TEMPLATE,
        _ => return None,
    })
}

/// The group of an `apiVersion` (`apps/v1` → `apps`, `v1` → `""`).
pub fn api_group(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// Pod-level `securityContext` fields that containers inherit.
const INHERITED: &[&str] = &[
    "runAsUser",
    "runAsGroup",
    "runAsNonRoot",
    "seLinuxOptions",
    "seccompProfile",
    "windowsOptions",
    "appArmorProfile",
];

/// Pod-spec fields every container carries under `pod`.
const POD_FIELDS: &[&str] = &[
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "hostUsers",
    "volumes",
    "serviceAccountName",
    "automountServiceAccountToken",
    "securityContext",
];

const CONTAINER_LISTS: &[(&str, &str)] = &[
    ("containers", "container"),
    ("initContainers", "initContainer"),
    ("ephemeralContainers", "ephemeralContainer"),
];

/// A container view's address: `<owner>/<list>/<name>`.
fn container_address(owner: &str, list: &str, name: &str) -> String {
    format!("{owner}/{list}/{name}")
}

/// The owner and container name a container view's address (or an
/// identity ending in one) is made of; `None` for any other address.
pub fn split_container_address(address: &str) -> Option<(&str, &str)> {
    // Container names are DNS labels: the last `/` starts the name.
    let (head, name) = address.rsplit_once('/')?;
    let (owner, list) = head.rsplit_once('/')?;
    CONTAINER_LISTS
        .iter()
        .any(|(field, _)| *field == list)
        .then_some((owner, name))
}

/// An object that may run pods, in Kubernetes' camelCase shape.
pub struct Owner<'a> {
    /// The Kubernetes kind (`Deployment`), whatever the source.
    pub kind: &'a str,
    /// The group of its `apiVersion`; `None` when the source names none.
    pub api_group: Option<&'a str>,
    /// Where the kind is written (the `kind:` entry, the Terraform header).
    pub kind_span: Option<Span>,
    pub address: &'a str,
    pub span: Span,
    pub format: SourceFormat,
    pub trace: &'a [TraceEntry],
    pub body: &'a Node,
}

/// Adds the `workload` and its `container`s; returns the workload's id,
/// or `None` when the kind runs no pods or the object has no pod spec.
pub fn lower(owner: &Owner, images: &ImagePolicy, graph: &mut Graph) -> Option<ResourceId> {
    let path = pod_spec_path(owner.kind, owner.api_group)?;
    let pod = find_pod_spec(owner.body, path)?;
    let metadata = owner.body.get("metadata");
    let meta = |key: &str| metadata.and_then(|m| m.get(key)).cloned();

    let mut identity = IndexMap::new();
    identity.insert(
        "kind".to_string(),
        Node::new(Value::String(owner.kind.to_string()), owner.kind_span),
    );
    if let Some(name) = meta("name") {
        identity.insert("name".to_string(), name);
    }
    let namespace = meta("namespace")
        .filter(|n| !n.value.is_null())
        .unwrap_or_else(|| Node::new(Value::String("default".to_string()), None));
    identity.insert("namespace".to_string(), namespace);

    let mut body = identity.clone();
    for key in ["labels", "annotations"] {
        if let Some(node) = meta(key) {
            body.insert(key.to_string(), node);
        }
    }
    body.insert("podSpec".to_string(), pod.clone());
    if let Some(labels) = pod_labels(owner.body, path) {
        body.insert("podLabels".to_string(), labels);
    }
    let workload = graph.add_resource(Resource {
        kind: "workload".to_string(),
        address: owner.address.to_string(),
        format: owner.format,
        span: owner.span,
        body: Node::new(Value::Map(body), Some(owner.span)),
        trace: owner.trace.to_vec(),
    });

    let identity = Node::new(Value::Map(identity), Some(owner.span));
    let pod_view = pod_view(&pod);
    for (field, container_type) in CONTAINER_LISTS {
        let Some(Value::List(items)) = pod.get(field).map(|n| &n.value) else {
            continue;
        };
        for (index, item) in items.iter().enumerate() {
            let Value::Map(fields) = &item.value else {
                continue;
            };
            let name = item
                .get("name")
                .and_then(|n| n.value.as_str())
                .map_or_else(|| index.to_string(), str::to_string);
            let mut body = fields.clone();
            body.insert(
                "containerType".to_string(),
                Node::new(Value::String((*container_type).to_string()), None),
            );
            body.insert("workload".to_string(), identity.clone());
            if let Some(image) = item.get("image") {
                body.insert(
                    "imageRef".to_string(),
                    image_facts(&image.value, image.span, images),
                );
            }
            body.insert(
                "effectiveSecurityContext".to_string(),
                effective_security_context(&pod, item),
            );
            body.insert("pod".to_string(), pod_view.clone());
            let span = item.span.unwrap_or(owner.span);
            let container = graph.add_resource(Resource {
                kind: "container".to_string(),
                address: container_address(owner.address, field, &name),
                format: owner.format,
                span,
                body: Node::new(Value::Map(body), Some(span)),
                trace: owner.trace.to_vec(),
            });
            graph.add_edge(Edge {
                from: container,
                to: workload,
                attribute: "workload".to_string(),
            });
        }
    }
    Some(workload)
}

/// The pod spec at `path`; an unknown step on the way gives an unknown
/// pod spec (Terraform), a missing one gives none.
fn find_pod_spec(body: &Node, path: &[&str]) -> Option<Node> {
    let mut node = body;
    for key in path {
        if node.value.is_unknown() {
            return Some(Node::unknown(node.span));
        }
        node = node.get(key)?;
    }
    match node.value {
        Value::Map(_) | Value::Unknown => Some(node.clone()),
        _ => None,
    }
}

/// The labels of the pods a workload runs (what NetworkPolicies and
/// Services select): the pod template's `metadata.labels`, beside its
/// `spec`; unknown when the way there is.
fn pod_labels(body: &Node, spec_path: &[&str]) -> Option<Node> {
    let (_, template) = spec_path.split_last()?;
    let mut node = body;
    for key in template.iter().chain(&["metadata", "labels"]) {
        if node.value.is_unknown() {
            return Some(Node::unknown(node.span));
        }
        node = node.get(key)?;
    }
    Some(node.clone())
}

/// The pod-level fields a container rule needs, under `pod`.
fn pod_view(pod: &Node) -> Node {
    let mut view = IndexMap::new();
    if pod.value.is_unknown() {
        return Node::unknown(pod.span);
    }
    for key in POD_FIELDS {
        if let Some(node) = pod.get(key) {
            view.insert((*key).to_string(), node.clone());
        }
    }
    Node::new(Value::Map(view), pod.span)
}

/// The pod's inheritable `securityContext` fields overridden by the
/// container's own, each keeping the span where it was set. A field whose
/// source is unknown is unknown.
fn effective_security_context(pod: &Node, container: &Node) -> Node {
    let own = container.get("securityContext");
    let span = own.and_then(|n| n.span).or(container.span);
    if own.is_some_and(|n| n.value.is_unknown()) {
        return Node::unknown(span);
    }
    let mut fields = IndexMap::new();
    match pod.get("securityContext").map(|n| &n.value) {
        Some(Value::Map(pod_context)) => {
            for key in INHERITED {
                if let Some(node) = pod_context.get(*key) {
                    fields.insert((*key).to_string(), node.clone());
                }
            }
        }
        Some(Value::Unknown) => {
            for key in INHERITED {
                fields.insert((*key).to_string(), Node::unknown(None));
            }
        }
        _ if pod.value.is_unknown() => return Node::unknown(span),
        _ => {}
    }
    if let Some(Value::Map(own)) = own.map(|n| &n.value) {
        for (key, node) in own {
            // An explicit null is "not set": the pod's value still applies.
            if !node.value.is_null() {
                fields.insert(key.clone(), node.clone());
            }
        }
    }
    Node::new(Value::Map(fields), span)
}

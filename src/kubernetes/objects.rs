//! Which YAML documents are Kubernetes objects, and their graph identity
//! (kind, namespace, name, address).

use crate::model::{Node, TraceEntry, Value};
use crate::source::Span;

/// A Kubernetes object read from a document.
#[derive(Debug)]
pub struct Object {
    pub kind: String,
    /// `None` for cluster-scoped kinds.
    pub namespace: Option<String>,
    pub name: String,
    pub address: String,
    /// The `kind:` entry, or the document's first line.
    pub span: Span,
    pub body: Node,
    /// Places that explain this instance, outermost first (the overlay
    /// that rendered a base's object).
    pub trace: Vec<TraceEntry>,
}

/// What a document turned out to be.
#[derive(Debug)]
pub enum Document {
    Objects(Vec<Object>),
    /// A client-side configuration that has `apiVersion`/`kind` but is
    /// never applied to a cluster (kustomize, kubeconfig, …): the reason.
    Config(&'static str),
    /// No `apiVersion`/`kind`: some other YAML.
    Other,
}

/// Kinds that live outside namespaces.
const CLUSTER_SCOPED: &[&str] = &[
    "APIService",
    "CSIDriver",
    "CSINode",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "ComponentStatus",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

pub fn is_cluster_scoped(kind: &str) -> bool {
    CLUSTER_SCOPED.contains(&kind)
}

/// Classifies one document; `List` kinds yield their items.
pub fn read_document(document: Node, fallback: Span) -> Document {
    let Some((api_version, kind)) = type_meta(&document) else {
        return Document::Other;
    };
    if let Some(reason) = client_config(&api_version, &kind) {
        return Document::Config(reason);
    }
    let is_list = kind.ends_with("List")
        && matches!(
            document.get("items").map(|n| &n.value),
            Some(Value::List(_))
        );
    if is_list {
        let items = match document.value {
            Value::Map(mut map) => match map.shift_remove("items").map(|n| n.value) {
                Some(Value::List(items)) => items,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        // A list's items are objects in their own right; anything else in
        // it (a stray scalar) is not.
        let objects = items
            .into_iter()
            .filter(|item| type_meta(item).is_some())
            .map(|item| object(item, fallback))
            .collect();
        return Document::Objects(objects);
    }
    Document::Objects(vec![object(document, fallback)])
}

/// String `apiVersion` and `kind` of a mapping.
fn type_meta(node: &Node) -> Option<(String, String)> {
    let api_version = node.get("apiVersion")?.value.as_str()?;
    let kind = node.get("kind")?.value.as_str()?;
    (!kind.is_empty()).then(|| (api_version.to_string(), kind.to_string()))
}

/// Configuration files of client tools that look like objects.
fn client_config(api_version: &str, kind: &str) -> Option<&'static str> {
    let group = api_version.split('/').next().unwrap_or("");
    match (group, kind) {
        ("kustomize.config.k8s.io", _) => Some("kustomize configuration"),
        ("v1", "Config") => Some("kubeconfig file"),
        (g, _) if g.starts_with("skaffold") => Some("Skaffold configuration"),
        ("kind.x-k8s.io", _) => Some("kind cluster configuration"),
        ("kubeadm.k8s.io", _) => Some("kubeadm configuration"),
        _ => None,
    }
}

fn object(body: Node, fallback: Span) -> Object {
    let kind = body
        .get("kind")
        .and_then(|k| k.value.as_str())
        .unwrap_or_default()
        .to_string();
    let metadata = body.get("metadata");
    let text = |key: &str| {
        metadata
            .and_then(|m| m.get(key))
            .and_then(|n| n.value.as_str())
            .filter(|s| !s.is_empty())
    };
    let name = text("name")
        .or_else(|| text("generateName"))
        .unwrap_or("(unnamed)")
        .to_string();
    let namespace =
        (!is_cluster_scoped(&kind)).then(|| text("namespace").unwrap_or("default").to_string());
    let address = match &namespace {
        Some(ns) => format!("{kind}/{ns}/{name}"),
        None => format!("{kind}/{name}"),
    };
    let span = body
        .get("kind")
        .and_then(|k| k.span)
        .or(body.span)
        .unwrap_or(fallback);
    Object {
        kind,
        namespace,
        name,
        address,
        span,
        body,
        trace: Vec::new(),
    }
}

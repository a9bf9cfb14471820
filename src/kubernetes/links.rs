//! Edges between the objects of one unit: RBAC bindings to their role and
//! subjects, workloads to their service account.

use std::collections::HashMap;

use crate::model::{Edge, Graph, Node, ResourceId, Value};

/// An object placed in the graph, by identity.
pub struct Placed {
    pub id: ResourceId,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
}

/// A workload and the service account its pods run as.
pub struct RunsAs {
    pub workload: ResourceId,
    pub namespace: String,
    pub service_account: String,
}

pub fn add_edges(graph: &mut Graph, placed: &[Placed], runs_as: &[RunsAs]) {
    let mut by_identity: HashMap<(&str, &str, &str), ResourceId> = HashMap::new();
    for p in placed {
        let ns = p.namespace.as_deref().unwrap_or("");
        by_identity.entry((&p.kind, ns, &p.name)).or_insert(p.id);
    }
    let find = |kind: &str, ns: &str, name: &str| by_identity.get(&(kind, ns, name)).copied();

    let mut edges = Vec::new();
    for p in placed {
        if p.kind != "RoleBinding" && p.kind != "ClusterRoleBinding" {
            continue;
        }
        let body = &graph.resource(p.id).body;
        let binding_ns = p.namespace.as_deref().unwrap_or("");
        if let Some(role_ref) = body.get("roleRef") {
            let kind = text(role_ref, "kind");
            let name = text(role_ref, "name");
            let ns = if kind == Some("Role") { binding_ns } else { "" };
            if let (Some(kind), Some(name)) = (kind, name)
                && let Some(to) = find(kind, ns, name)
            {
                edges.push((p.id, to, "roleRef"));
            }
        }
        if let Some(Value::List(subjects)) = body.get("subjects").map(|n| &n.value) {
            for subject in subjects {
                if text(subject, "kind") != Some("ServiceAccount") {
                    continue;
                }
                let ns = text(subject, "namespace").unwrap_or(binding_ns);
                if let Some(to) = text(subject, "name").and_then(|n| find("ServiceAccount", ns, n))
                {
                    edges.push((p.id, to, "subjects"));
                }
            }
        }
    }
    for r in runs_as {
        if let Some(to) = find("ServiceAccount", &r.namespace, &r.service_account) {
            edges.push((r.workload, to, "serviceAccountName"));
        }
    }
    for (from, to, attribute) in edges {
        graph.add_edge(Edge {
            from,
            to,
            attribute: attribute.to_string(),
        });
    }
}

fn text<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    node.get(key).and_then(|n| n.value.as_str())
}

/// The service account a workload's pods run as, if named.
pub fn service_account(workload_body: &Node) -> Option<(String, String)> {
    let pod = workload_body.get("podSpec")?;
    let name = text(pod, "serviceAccountName").or_else(|| text(pod, "serviceAccount"))?;
    let ns = text(workload_body, "namespace").unwrap_or("default");
    Some((ns.to_string(), name.to_string()))
}

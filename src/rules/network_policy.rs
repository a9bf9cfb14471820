//! What NetworkPolicies say, as facts other units can use: which namespace
//! a policy is in, which pods it selects, whether it denies ingress by
//! default, and which deployment unit it belongs to.
//!
//! Namespace-wide facts belong to the deployment unit that applies them
//! together: a chart, a kustomization, one manifest, or a directory tree of
//! manifests. Across units, a policy written in directory `D` speaks for
//! the workloads at or below `D` (what `kubectl apply -R -f D` deploys with
//! it), never for a sibling tree: one opt-in deny-all component does not
//! guard unrelated manifest sets scanned alongside it.
//!
//! Findings that another unit's policy may overturn carry a link key (see
//! [`Link`]); the workspace keeps them only when [`stands`] says so.

use std::path::{Path, PathBuf};

use crate::engine::Truth;
use crate::model::{Graph, Node, Resource, Value};
use crate::source::Span;

/// One NetworkPolicy, as other units see it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PolicyFact {
    /// `None` when not known statically.
    pub namespace: Option<String>,
    /// It selects every pod and allows no ingress.
    pub default_deny: Truth,
    pub selector: Selector,
    /// Where it is written: it speaks for workloads at or below.
    pub dir: PathBuf,
}

/// A `podSelector`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Selector {
    Known {
        labels: Vec<(String, String)>,
        expressions: Vec<Expression>,
    },
    Unknown,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Expression {
    key: String,
    operator: String,
    values: Vec<String>,
}

/// The namespace a body names, `default` when it names none; `None` when
/// it is not known statically.
pub fn namespace_of(namespace: Option<&Node>) -> Option<String> {
    match namespace.map(|n| &n.value) {
        None | Some(Value::Null) => Some("default".to_string()),
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => None,
    }
}

/// A policy's own namespace.
pub fn policy_namespace(policy: &Resource) -> Option<String> {
    namespace_of(policy.body.get("metadata").and_then(|m| m.get("namespace")))
}

fn strings(node: Option<&Node>) -> Option<Vec<String>> {
    match node.map(|n| &n.value) {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::List(items)) => items
            .iter()
            .map(|n| n.value.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

impl Selector {
    /// A `podSelector` node; absent or `{}` selects every pod.
    pub fn read(node: Option<&Node>) -> Selector {
        let Some(node) = node else {
            return Selector::all();
        };
        let map = match &node.value {
            Value::Null => return Selector::all(),
            Value::Map(map) => map,
            _ => return Selector::Unknown,
        };
        let mut labels = Vec::new();
        match map.get("matchLabels").map(|n| &n.value) {
            None | Some(Value::Null) => {}
            Some(Value::Map(entries)) => {
                for (k, v) in entries {
                    match &v.value {
                        Value::String(s) => labels.push((k.clone(), s.clone())),
                        Value::Number(_) | Value::Bool(_) => {
                            labels.push((k.clone(), v.value.display()))
                        }
                        _ => return Selector::Unknown,
                    }
                }
            }
            Some(_) => return Selector::Unknown,
        }
        let mut expressions = Vec::new();
        match map.get("matchExpressions").map(|n| &n.value) {
            None | Some(Value::Null) => {}
            Some(Value::List(items)) => {
                for item in items {
                    let text = |k: &str| item.get(k).and_then(|n| n.value.as_str());
                    let (Some(key), Some(operator), Some(values)) =
                        (text("key"), text("operator"), strings(item.get("values")))
                    else {
                        return Selector::Unknown;
                    };
                    expressions.push(Expression {
                        key: key.to_string(),
                        operator: operator.to_string(),
                        values,
                    });
                }
            }
            Some(_) => return Selector::Unknown,
        }
        Selector::Known {
            labels,
            expressions,
        }
    }

    fn all() -> Selector {
        Selector::Known {
            labels: Vec::new(),
            expressions: Vec::new(),
        }
    }

    pub fn selects_all(&self) -> Truth {
        match self {
            Selector::Known {
                labels,
                expressions,
            } => Truth::from_bool(labels.is_empty() && expressions.is_empty()),
            Selector::Unknown => Truth::Unknown,
        }
    }

    /// Whether pods with these labels are selected (`None`: labels unknown).
    pub fn matches(&self, pod: Option<&[(String, String)]>) -> Truth {
        let (
            Selector::Known {
                labels,
                expressions,
            },
            Some(pod),
        ) = (self, pod)
        else {
            return match self.selects_all() {
                Truth::True => Truth::True,
                _ => Truth::Unknown,
            };
        };
        let get = |key: &str| pod.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let labels_ok = labels.iter().all(|(k, v)| get(k) == Some(v.as_str()));
        let expressions_ok = expressions.iter().all(|e| match e.operator.as_str() {
            "In" => get(&e.key).is_some_and(|v| e.values.iter().any(|w| w == v)),
            "NotIn" => get(&e.key).is_none_or(|v| e.values.iter().all(|w| w != v)),
            "Exists" => get(&e.key).is_some(),
            "DoesNotExist" => get(&e.key).is_none(),
            _ => false,
        });
        Truth::from_bool(labels_ok && expressions_ok)
    }
}

/// A NetworkPolicy that selects every pod of its namespace and allows no
/// ingress: the default-deny baseline.
pub fn denies_ingress_by_default(policy: &Resource) -> Truth {
    let Some(spec) = policy.body.get("spec") else {
        return Truth::False;
    };
    let selects_all = Selector::read(spec.get("podSelector")).selects_all();
    let covers_ingress = match spec.get("policyTypes").map(|n| &n.value) {
        // Without policyTypes, a policy always restricts ingress.
        None | Some(Value::Null) => Truth::True,
        Some(Value::List(types)) => {
            Truth::from_bool(types.iter().any(|t| t.value.as_str() == Some("Ingress")))
        }
        Some(Value::Unknown) => Truth::Unknown,
        _ => Truth::False,
    };
    let allows_nothing = match spec.get("ingress").map(|n| &n.value) {
        None | Some(Value::Null) => Truth::True,
        Some(Value::List(rules)) => Truth::from_bool(rules.is_empty()),
        Some(Value::Unknown) => Truth::Unknown,
        _ => Truth::False,
    };
    both(selects_all, both(covers_ingress, allows_nothing))
}

/// Three-valued "and".
fn both(a: Truth, b: Truth) -> Truth {
    match (a, b) {
        (Truth::False, _) | (_, Truth::False) => Truth::False,
        (Truth::True, Truth::True) => Truth::True,
        _ => Truth::Unknown,
    }
}

/// Three-valued "or".
pub fn either(a: Truth, b: Truth) -> Truth {
    match (a, b) {
        (Truth::True, _) | (_, Truth::True) => Truth::True,
        (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
        _ => Truth::False,
    }
}

/// What a fact about some namespace says of another: at most "maybe".
pub fn at_most_unknown(truth: Truth) -> Truth {
    match truth {
        Truth::False => Truth::False,
        _ => Truth::Unknown,
    }
}

/// Whether a policy of namespace `policy` (`None`: unknown) is in `ns`.
pub fn same_namespace(policy: Option<&str>, ns: &str) -> Truth {
    match policy {
        Some(p) => Truth::from_bool(p == ns),
        None => Truth::Unknown,
    }
}

/// The NetworkPolicies of a unit's graph, each with the directory of the
/// file it is written in (`dir_of`).
pub fn facts(graph: &Graph, dir_of: impl Fn(Span) -> PathBuf) -> Vec<PolicyFact> {
    graph
        .resources()
        .filter(|(_, r)| r.kind == "NetworkPolicy")
        .map(|(_, policy)| PolicyFact {
            namespace: policy_namespace(policy),
            default_deny: denies_ingress_by_default(policy),
            selector: Selector::read(policy.body.get("spec").and_then(|s| s.get("podSelector"))),
            dir: dir_of(policy.span),
        })
        .collect()
}

/// What a linked finding waits for: another unit's policy.
#[derive(Debug, PartialEq)]
pub enum Link {
    /// No policy denies ingress by default in the namespace.
    DefaultDeny { namespace: String },
    /// No policy selects the workload's pods.
    Unselected {
        namespace: String,
        labels: Vec<(String, String)>,
    },
}

const SEPARATOR: char = '\0';

impl Link {
    /// The key findings are linked by. Findings with equal keys (in one
    /// directory) are one finding; an unselected workload's key names it.
    pub fn key(&self, address: &str) -> String {
        match self {
            Link::DefaultDeny { namespace } => format!("default-deny{SEPARATOR}{namespace}"),
            Link::Unselected { namespace, labels } => {
                let mut key = format!("unselected{SEPARATOR}{address}{SEPARATOR}{namespace}");
                for (k, v) in labels {
                    key.push(SEPARATOR);
                    key.push_str(k);
                    key.push('=');
                    key.push_str(v);
                }
                key
            }
        }
    }

    /// Whether findings with this key are one per directory (a namespace
    /// without a default-deny policy) rather than one per file (a workload
    /// whose address another file of the directory may reuse).
    pub fn one_per_directory(key: &str) -> bool {
        matches!(Link::parse(key), Some(Link::DefaultDeny { .. }))
    }

    pub fn parse(key: &str) -> Option<Link> {
        let mut parts = key.split(SEPARATOR);
        match parts.next()? {
            "default-deny" => Some(Link::DefaultDeny {
                namespace: parts.next()?.to_string(),
            }),
            "unselected" => {
                let _address = parts.next()?;
                let namespace = parts.next()?.to_string();
                let labels = parts
                    .map(|p| {
                        let (k, v) = p.split_once('=')?;
                        Some((k.to_string(), v.to_string()))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(Link::Unselected { namespace, labels })
            }
            _ => None,
        }
    }
}

/// Whether a linked finding (from a file in `dir`) stands: no policy of
/// its deployment unit (written at or above `dir`) overturns it, not even
/// possibly.
pub fn stands<'a>(key: &str, dir: &Path, policies: impl Iterator<Item = &'a PolicyFact>) -> bool {
    let Some(link) = Link::parse(key) else {
        return true;
    };
    let in_scope = |p: &&PolicyFact| p.dir.as_os_str().is_empty() || dir.starts_with(&p.dir);
    let overturned = policies.filter(in_scope).fold(Truth::False, |acc, p| {
        let here = |ns: &str| same_namespace(p.namespace.as_deref(), ns);
        let says = match &link {
            Link::DefaultDeny { namespace } => both(here(namespace), p.default_deny),
            Link::Unselected { namespace, labels } => {
                both(here(namespace), p.selector.matches(Some(labels)))
            }
        };
        either(acc, says)
    });
    overturned == Truth::False
}

/// A workload's pod labels; `None` when not known statically.
pub fn pod_labels(workload: &Resource) -> Option<Vec<(String, String)>> {
    match workload.body.get("podLabels").map(|n| &n.value) {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Map(map)) => map
            .iter()
            .map(|(k, v)| match &v.value {
                Value::String(s) => Some((k.clone(), s.clone())),
                Value::Number(_) | Value::Bool(_) => Some((k.clone(), v.value.display())),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(dir: &str, ns: &str, deny: Truth) -> PolicyFact {
        PolicyFact {
            namespace: Some(ns.into()),
            default_deny: deny,
            selector: Selector::all(),
            dir: PathBuf::from(dir),
        }
    }

    #[test]
    fn a_policy_speaks_for_its_own_tree_only() {
        let key = Link::DefaultDeny {
            namespace: "shop".into(),
        }
        .key("Deployment/shop/web");
        let deny = [fact("kustomize/components/np", "shop", Truth::True)];
        assert!(stands(&key, Path::new("release"), deny.iter()));
        assert!(!stands(
            &key,
            Path::new("kustomize/components/np/x"),
            deny.iter()
        ));
        let above = [fact("k8s", "shop", Truth::True)];
        assert!(!stands(&key, Path::new("k8s/apps"), above.iter()));
        let other_ns = [fact("k8s", "ops", Truth::True)];
        assert!(stands(&key, Path::new("k8s"), other_ns.iter()));
    }

    #[test]
    fn selectors_match_labels_and_expressions() {
        let pod = vec![("app".to_string(), "web".to_string())];
        let by_label = Selector::Known {
            labels: pod.clone(),
            expressions: Vec::new(),
        };
        assert_eq!(by_label.matches(Some(&pod)), Truth::True);
        assert_eq!(by_label.matches(Some(&[])), Truth::False);
        assert_eq!(by_label.matches(None), Truth::Unknown);
        let not_in = Selector::Known {
            labels: Vec::new(),
            expressions: vec![Expression {
                key: "app".into(),
                operator: "NotIn".into(),
                values: vec!["db".into()],
            }],
        };
        assert_eq!(not_in.matches(Some(&pod)), Truth::True);
        let key = Link::Unselected {
            namespace: "shop".into(),
            labels: pod.clone(),
        };
        assert_eq!(Link::parse(&key.key("Deployment/shop/web")), Some(key));
    }
}

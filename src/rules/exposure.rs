//! Exposure: whether a resource can be reached from outside, found in the
//! graph. It never makes a finding; it ranks findings, so that an
//! unencrypted bucket that is also public, or a privileged pod behind a
//! `LoadBalancer` Service, comes before the same problem in isolation.
//!
//! Cloud resources are judged within their unit: a public flag, a public
//! ACL, a public IP, or a security group open to the internet that the
//! resource refers to. Kubernetes Services, Ingresses and Routes usually
//! live in other files than the workloads they publish, so each unit
//! exports [`Entrance`]s and its workloads' [`PodIdentity`], and the
//! workspace matches them (see [`linked`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::model::{Graph, Node, Resource, ResourceId, Value};
use crate::source::Span;

/// Why a resource is reachable, and the place that makes it so.
#[derive(Clone, Debug, PartialEq)]
pub struct Exposure {
    pub reason: String,
    pub span: Span,
}

/// The labels a workload's pods carry, for matching Service selectors.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PodIdentity {
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
}

/// A way into a cluster that one unit declares; `S` is where it says so.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Entrance<S = Span> {
    /// A Service: its selector, and why it is reachable from outside the
    /// cluster when its own type makes it so (`LoadBalancer`, `NodePort`).
    Service {
        namespace: String,
        name: String,
        selector: BTreeMap<String, String>,
        published: Option<String>,
        span: S,
    },
    /// An Ingress or Gateway API route sending outside traffic to a
    /// Service by name.
    Route {
        namespace: String,
        service: String,
        reason: String,
        span: S,
    },
}

impl<S> Entrance<S> {
    /// The same entrance with its place translated (graph span → file span).
    pub fn map_span<T>(self, translate: impl FnOnce(S) -> T) -> Entrance<T> {
        match self {
            Entrance::Service {
                namespace,
                name,
                selector,
                published,
                span,
            } => Entrance::Service {
                namespace,
                name,
                selector,
                published,
                span: translate(span),
            },
            Entrance::Route {
                namespace,
                service,
                reason,
                span,
            } => Entrance::Route {
                namespace,
                service,
                reason,
                span: translate(span),
            },
        }
    }
}

/// The exposure of `id` that its own unit can tell, memoised per graph.
pub fn exposure(graph: &Graph, id: ResourceId) -> Option<Exposure> {
    graph.memo("exposure", exposures).get(&id).cloned()
}

fn exposures(graph: &Graph) -> HashMap<ResourceId, Exposure> {
    let public_rules = public_ingress(graph);
    let open_groups: HashMap<ResourceId, Exposure> = graph
        .resources()
        .filter_map(|(id, r)| open_security_group(graph, id, r, &public_rules).map(|e| (id, e)))
        .collect();
    let mut found = HashMap::new();
    for (id, resource) in graph.resources() {
        let own = public_by_itself(resource)
            .or_else(|| public_through_referrers(graph, id))
            .or_else(|| {
                let (group, open) = graph
                    .referents(id, None)
                    .find_map(|to| open_groups.get(&to).map(|open| (to, open)))?;
                Some(Exposure {
                    reason: format!(
                        "security group `{}` {}",
                        graph.resource(group).address,
                        open.reason
                    ),
                    span: open.span,
                })
            })
            .or_else(|| on_node_network(resource));
        if let Some(exposure) = own {
            found.insert(id, exposure);
        }
    }
    found
}

/// Flags a cloud resource sets on itself.
fn public_by_itself(resource: &Resource) -> Option<Exposure> {
    let body = &resource.body;
    if let Some(flag) = set_true(body, "publicly_accessible") {
        return Some(at(
            flag,
            resource,
            "it is publicly accessible (`publicly_accessible = true`)",
        ));
    }
    if resource.kind == "aws_s3_bucket"
        && let Some(acl) = body.get("acl")
        && let Some(reason) = public_acl(acl)
    {
        return Some(at(acl, resource, &format!("it has a {reason}")));
    }
    if resource.kind == "google_compute_instance" {
        let interfaces = blocks(body, "network_interface");
        if let Some(config) = interfaces
            .iter()
            .flat_map(|nic| blocks(nic, "access_config"))
            .next()
        {
            return Some(at(
                config,
                resource,
                "it has an external IP (`access_config`)",
            ));
        }
    }
    if resource.kind == "aws_instance"
        && let Some(flag) = set_true(body, "associate_public_ip_address")
    {
        return Some(at(
            flag,
            resource,
            "it has a public IP address (`associate_public_ip_address = true`)",
        ));
    }
    if let Some(networks) = body
        .get("settings")
        .and_then(|s| first_block(s, "ip_configuration"))
        .map(|ip| blocks(ip, "authorized_networks"))
        && let Some(open) = networks
            .iter()
            .filter_map(|n| n.get("value"))
            .find(|v| matches!(v.value.as_str(), Some("0.0.0.0/0" | "::/0")))
    {
        return Some(at(open, resource, "an authorized network admits 0.0.0.0/0"));
    }
    None
}

/// A bucket made public by a separate ACL resource that refers to it.
fn public_through_referrers(graph: &Graph, id: ResourceId) -> Option<Exposure> {
    graph.referrers(id, Some("bucket")).find_map(|from| {
        let acl_resource = graph.resource(from);
        let acl = acl_resource.body.get("acl")?;
        let reason = public_acl(acl)?;
        Some(at(
            acl,
            acl_resource,
            &format!("`{}` gives it a {reason}", acl_resource.address),
        ))
    })
}

fn public_acl(acl: &Node) -> Option<String> {
    match acl.value.as_str()? {
        grant @ ("public-read" | "public-read-write" | "authenticated-read") => {
            Some(format!("public ACL `{grant}`"))
        }
        _ => None,
    }
}

/// A security group with an inbound rule from the whole internet, inline
/// or as a separate rule resource. Reads the normalised `ingress_rule`s
/// (`model::ingress`), which carry their owner's address.
fn open_security_group(
    graph: &Graph,
    id: ResourceId,
    resource: &Resource,
    public_rules: &HashMap<&str, Span>,
) -> Option<Exposure> {
    if resource.kind != "aws_security_group" {
        return None;
    }
    let admits = |owner: &Resource| {
        public_rules
            .get(owner.address.as_str())
            .map(|span| Exposure {
                reason: "admits the whole internet".to_string(),
                span: *span,
            })
    };
    admits(resource).or_else(|| {
        graph
            .referrers(id, Some("security_group_id"))
            .find_map(|from| admits(graph.resource(from)))
    })
}

/// Owners (by address) of AWS inbound rules whose sources include the
/// whole internet, with where the first such source is written.
fn public_ingress(graph: &Graph) -> HashMap<&str, Span> {
    let mut owners = HashMap::new();
    for (_, rule) in graph.resources() {
        let provider = rule.body.get("provider").and_then(|p| p.value.as_str());
        if rule.kind != "ingress_rule" || provider != Some("aws") {
            continue;
        }
        let Some(Value::List(public)) = rule.body.get("public_sources").map(|n| &n.value) else {
            continue;
        };
        if let Some(first) = public.first() {
            owners
                .entry(rule.address.as_str())
                .or_insert(first.span.unwrap_or(rule.span));
        }
    }
    owners
}

/// A pod on the node's own network, or a container bound to a host port,
/// is reachable wherever the node is.
fn on_node_network(resource: &Resource) -> Option<Exposure> {
    if resource.kind != "container" {
        return None;
    }
    let pod = resource.body.get("pod");
    if let Some(flag) = pod.and_then(|p| set_true(p, "hostNetwork")) {
        return Some(at(
            flag,
            resource,
            "its pod uses the node's network (`hostNetwork: true`)",
        ));
    }
    let ports = match resource.body.get("ports").map(|p| &p.value) {
        Some(Value::List(ports)) => ports,
        _ => return None,
    };
    ports.iter().find_map(|port| {
        let host_port = port.get("hostPort")?;
        let number = host_port.value.as_number()?;
        Some(at(
            host_port,
            resource,
            &format!(
                "it is bound to port {} of the node (`hostPort`)",
                crate::model::format_number(number)
            ),
        ))
    })
}

/// The attribute `key` of `body`, when it is `true`.
fn set_true<'n>(body: &'n Node, key: &str) -> Option<&'n Node> {
    body.get(key)
        .filter(|flag| flag.value.as_bool() == Some(true))
}

fn at(node: &Node, resource: &Resource, reason: &str) -> Exposure {
    Exposure {
        reason: reason.to_string(),
        span: node.span.unwrap_or(resource.span),
    }
}

/// Nested blocks named `name`: one block is a map, several are a list.
fn blocks<'n>(body: &'n Node, name: &str) -> Vec<&'n Node> {
    match body.get(name).map(|n| (&n.value, n)) {
        Some((Value::List(items), _)) => items.iter().collect(),
        Some((Value::Map(_), node)) => vec![node],
        _ => Vec::new(),
    }
}

fn first_block<'n>(body: &'n Node, name: &str) -> Option<&'n Node> {
    blocks(body, name).into_iter().next()
}

// ---- Kubernetes: entrances and pods, matched across units ----

/// The Services, Ingresses and Routes of a unit.
pub fn entrances(graph: &Graph) -> Vec<Entrance> {
    let mut found = Vec::new();
    for (_, resource) in graph.resources() {
        let body = &resource.body;
        let namespace = namespace_of(body);
        let spec = body.get("spec");
        match resource.kind.as_str() {
            "Service" => {
                let Some(name) = text(body.get("metadata"), "name") else {
                    continue;
                };
                let kind = spec.and_then(|s| s.get("type"));
                let published = match kind.and_then(|k| k.value.as_str()) {
                    Some(kind @ ("LoadBalancer" | "NodePort")) => {
                        Some(format!("Service `{name}` of type {kind} selects its pods"))
                    }
                    _ => None,
                };
                let selector = spec
                    .and_then(|s| s.get("selector"))
                    .map(string_map)
                    .unwrap_or_default();
                found.push(Entrance::Service {
                    namespace,
                    name: name.to_string(),
                    selector,
                    published,
                    span: kind.and_then(|k| k.span).unwrap_or(resource.span),
                });
            }
            "Ingress" | "HTTPRoute" | "GRPCRoute" | "TLSRoute" | "TCPRoute" => {
                let what = match resource.kind.as_str() {
                    "Ingress" => "Ingress",
                    _ => "Gateway route",
                };
                let route = text(body.get("metadata"), "name").unwrap_or("?");
                for (service, span) in backends(resource) {
                    found.push(Entrance::Route {
                        namespace: namespace.clone(),
                        reason: format!(
                            "{what} `{route}` routes to Service `{service}`, which selects its pods"
                        ),
                        service,
                        span: span.unwrap_or(resource.span),
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// Service names an Ingress or route sends traffic to.
fn backends(resource: &Resource) -> Vec<(String, Option<Span>)> {
    let mut names = Vec::new();
    collect_backends(&resource.body, &mut names);
    names
}

fn collect_backends(node: &Node, names: &mut Vec<(String, Option<Span>)>) {
    match &node.value {
        Value::Map(map) => {
            // networking.k8s.io/v1: backend.service.name; v1beta1:
            // backend.serviceName; Gateway API: backendRefs[].name.
            if let Some(service) = map.get("service").and_then(|s| s.get("name"))
                && let Some(name) = service.value.as_str()
            {
                names.push((name.to_string(), service.span));
            }
            if let Some(service) = map.get("serviceName")
                && let Some(name) = service.value.as_str()
            {
                names.push((name.to_string(), service.span));
            }
            if let Some(Value::List(refs)) = map.get("backendRefs").map(|r| &r.value) {
                for reference in refs {
                    let is_service = reference
                        .get("kind")
                        .and_then(|k| k.value.as_str())
                        .is_none_or(|k| k == "Service");
                    if let Some(name) = reference.get("name").filter(|_| is_service)
                        && let Some(text) = name.value.as_str()
                    {
                        names.push((text.to_string(), name.span));
                    }
                }
            }
            for (key, child) in map {
                if key != "backendRefs" && key != "service" {
                    collect_backends(child, names);
                }
            }
        }
        Value::List(items) => items.iter().for_each(|item| collect_backends(item, names)),
        _ => {}
    }
}

/// The pods a workload or container finding concerns.
pub fn pod_identity(graph: &Graph, id: ResourceId) -> Option<Arc<PodIdentity>> {
    let resource = graph.resource(id);
    let workload = match resource.kind.as_str() {
        "workload" => id,
        "container" => graph.referents(id, Some("workload")).next()?,
        _ => return None,
    };
    // One identity per workload, shared by the findings on its containers.
    graph
        .memo("pod-identities", |graph| {
            (graph.resources())
                .filter(|(_, r)| r.kind == "workload")
                .filter_map(|(id, workload)| {
                    let labels = workload.body.get("podLabels").map(string_map)?;
                    let namespace = namespace_of(&workload.body);
                    Some((id, Arc::new(PodIdentity { namespace, labels })))
                })
                .collect::<HashMap<ResourceId, Arc<PodIdentity>>>()
        })
        .get(&workload)
        .cloned()
}

/// Every entrance of a scan, indexed so that finding the one that reaches
/// a pod costs a few lookups, not a pass over every Service (a scan may
/// hold thousands, and tens of thousands of findings ask).
pub struct Entrances<'e, S> {
    /// Services by (namespace, first selector label, its value), in order.
    services: HashMap<(&'e str, &'e str, &'e str), Vec<ServiceEntry<'e, S>>>,
    /// The first route to each (namespace, Service name).
    routes: HashMap<(&'e str, &'e str), (&'e str, &'e S)>,
}

struct ServiceEntry<'e, S> {
    order: usize,
    name: &'e str,
    selector: &'e BTreeMap<String, String>,
    published: Option<&'e str>,
    span: &'e S,
}

impl<'e, S> Entrances<'e, S> {
    pub fn new(all: impl IntoIterator<Item = &'e Entrance<S>>) -> Self {
        let mut index = Entrances {
            services: HashMap::new(),
            routes: HashMap::new(),
        };
        for (order, entrance) in all.into_iter().enumerate() {
            match entrance {
                Entrance::Service {
                    namespace,
                    name,
                    selector,
                    published,
                    span,
                } => {
                    // An empty selector selects nothing (its endpoints are
                    // managed by hand).
                    let Some((key, value)) = selector.iter().next() else {
                        continue;
                    };
                    index
                        .services
                        .entry((namespace.as_str(), key.as_str(), value.as_str()))
                        .or_default()
                        .push(ServiceEntry {
                            order,
                            name,
                            selector,
                            published: published.as_deref(),
                            span,
                        });
                }
                Entrance::Route {
                    namespace,
                    service,
                    reason,
                    span,
                } => {
                    index
                        .routes
                        .entry((namespace.as_str(), service.as_str()))
                        .or_insert((reason.as_str(), span));
                }
            }
        }
        index
    }

    /// The entrance that reaches `pod`, if any: the first published Service
    /// selecting it, else the first route to a Service selecting it.
    pub fn reaching(&self, pod: &PodIdentity) -> Option<(&'e str, &'e S)> {
        let mut selecting: Vec<&ServiceEntry<'e, S>> = pod
            .labels
            .iter()
            .filter_map(|(key, value)| {
                self.services
                    .get(&(pod.namespace.as_str(), key.as_str(), value.as_str()))
            })
            .flatten()
            .filter(|s| s.selector.iter().all(|(k, v)| pod.labels.get(k) == Some(v)))
            .collect();
        selecting.sort_by_key(|s| s.order);
        if let Some(service) = selecting.iter().find(|s| s.published.is_some()) {
            return service.published.map(|reason| (reason, service.span));
        }
        selecting.iter().find_map(|service| {
            self.routes
                .get(&(pod.namespace.as_str(), service.name))
                .copied()
        })
    }
}

fn namespace_of(body: &Node) -> String {
    body.get("namespace")
        .or_else(|| body.get("metadata").and_then(|m| m.get("namespace")))
        .and_then(|n| n.value.as_str())
        .unwrap_or("default")
        .to_string()
}

fn text<'n>(node: Option<&'n Node>, key: &str) -> Option<&'n str> {
    node?.get(key)?.value.as_str()
}

fn string_map(node: &Node) -> BTreeMap<String, String> {
    match &node.value {
        Value::Map(map) => map
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.value.as_str()?.to_string())))
            .collect(),
        _ => BTreeMap::new(),
    }
}

//! The normalised view of inbound firewall rules: one `ingress_rule`
//! resource per rule that allows traffic in, whatever the provider's shape
//! (an AWS security group's `ingress` block, `aws_security_group_rule`,
//! `aws_vpc_security_group_ingress_rule`, an Azure NSG rule inline or
//! separate, a Google firewall's `allow` block). Provider meanings — `-1`,
//! `*` and `all` protocols, `Internet` and `Any` sources, a firewall with
//! no source, a missing port list — are resolved here, so the rules about
//! exposed ports are written once (see "Resource kinds" in rules/README.md).
//!
//! Body of an `ingress_rule`:
//! - `provider`: `aws`, `azure` or `gcp`;
//! - `sources`: every source address as written (CIDRs, service tags);
//! - `public_sources`: the sources that mean the whole internet (empty
//!   when none does; unknown when an unknown source might);
//! - `protocol`: `tcp`, `udp`, `icmp`, `all`, … (lower case);
//! - `ports`: the destination port ranges it opens (`"22"`, `"0-65535"`),
//!   empty for a protocol without ports.
//!
//! Only rules known to be inbound and allowing are normalised: a rule whose
//! direction or access is unknown is left out, as no finding may rest on it.

use indexmap::IndexMap;

use crate::model::{Graph, Node, Resource, SourceFormat, Value};
use crate::source::Span;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Provider {
    Aws,
    Azure,
    Gcp,
}

impl Provider {
    fn name(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Azure => "azure",
            Provider::Gcp => "gcp",
        }
    }
}

/// One normalised rule before it joins the graph.
struct Ingress {
    provider: Provider,
    /// Where the rule is written (its block, or the resource header).
    span: Span,
    sources: Node,
    public_sources: Node,
    protocol: Node,
    ports: Node,
}

/// Adds an `ingress_rule` for every inbound allow rule of the graph's
/// Terraform resources.
pub fn lower(graph: &mut Graph) {
    let mut found = Vec::new();
    for (id, resource) in graph.resources() {
        if resource.format != SourceFormat::Terraform {
            continue;
        }
        let rules = rules_of(resource);
        found.extend(rules.into_iter().map(|rule| (id, rule)));
    }
    for (owner, rule) in found {
        let owner = graph.resource(owner);
        let mut body = IndexMap::new();
        let provider = Value::String(rule.provider.name().to_string());
        body.insert("provider".to_string(), Node::new(provider, None));
        body.insert("sources".to_string(), rule.sources);
        body.insert("public_sources".to_string(), rule.public_sources);
        body.insert("protocol".to_string(), rule.protocol);
        body.insert("ports".to_string(), rule.ports);
        let resource = Resource {
            kind: "ingress_rule".to_string(),
            // The owner's address: findings keep the fingerprints (and
            // baselines) they had before rules were normalised.
            address: owner.address.clone(),
            format: owner.format,
            span: owner.span,
            body: Node::new(Value::Map(body), Some(rule.span)),
            trace: owner.trace.clone(),
        };
        graph.add_resource(resource);
    }
}

fn rules_of(resource: &Resource) -> Vec<Ingress> {
    let body = &resource.body;
    let header = resource.span;
    match resource.kind.as_str() {
        "aws_security_group" => blocks(body, "ingress")
            .filter_map(|block| aws(block, header, &AWS_BLOCK))
            .collect(),
        "aws_security_group_rule" if text(body.get("type")) == Some("ingress") => {
            aws(body, header, &AWS_BLOCK).into_iter().collect()
        }
        "aws_vpc_security_group_ingress_rule" => aws(body, header, &AWS_VPC).into_iter().collect(),
        "azurerm_network_security_group" => blocks(body, "security_rule")
            .filter_map(|block| azure(block, header))
            .collect(),
        "azurerm_network_security_rule" => azure(body, header).into_iter().collect(),
        "google_compute_firewall" => gcp(body, header),
        _ => Vec::new(),
    }
}

/// The elements of a repeated block (none when unknown: an unknown number
/// of rules opens nothing we can name).
fn blocks<'a>(body: &'a Node, name: &str) -> impl Iterator<Item = &'a Node> {
    let items = match body.get(name).map(|n| &n.value) {
        Some(Value::List(items)) => items.as_slice(),
        _ => &[],
    };
    items.iter().filter(|n| matches!(n.value, Value::Map(_)))
}

fn text(node: Option<&Node>) -> Option<&str> {
    node.and_then(|n| n.value.as_str())
}

fn span_of(node: &Node, fallback: Span) -> Span {
    node.span.unwrap_or(fallback)
}

/// Attribute names of the two AWS shapes.
struct AwsShape {
    sources: &'static [&'static str],
    protocol: &'static str,
}

const AWS_BLOCK: AwsShape = AwsShape {
    sources: &["cidr_blocks", "ipv6_cidr_blocks"],
    protocol: "protocol",
};

const AWS_VPC: AwsShape = AwsShape {
    sources: &["cidr_ipv4", "cidr_ipv6"],
    protocol: "ip_protocol",
};

fn aws(body: &Node, header: Span, shape: &AwsShape) -> Option<Ingress> {
    let span = span_of(body, header);
    let sources = gather(body, shape.sources);
    let protocol_node = body.get(shape.protocol);
    let protocol = protocol_node.map_or(Value::Unknown, |n| match &n.value {
        Value::Unknown => Value::Unknown,
        value => Value::String(aws_protocol(value)),
    });
    // `-1` opens every port whatever the bounds say; TCP, UDP and SCTP are
    // bounded by from/to; ICMP and other protocols have no ports.
    let ports = match protocol.as_str() {
        None => Node::unknown(None),
        Some("all") => all_ports(protocol_node.and_then(|n| n.span)),
        Some("tcp" | "udp" | "sctp") => port_bounds(body.get("from_port"), body.get("to_port")),
        Some(_) => Node::new(Value::List(Vec::new()), None),
    };
    Some(Ingress {
        provider: Provider::Aws,
        span,
        public_sources: public(&sources, Provider::Aws),
        sources,
        protocol: Node::new(protocol, protocol_node.and_then(|n| n.span)),
        ports,
    })
}

/// `-1`/`all`, protocol names, and the IANA numbers AWS accepts for them.
fn aws_protocol(value: &Value) -> String {
    let raw = match value {
        Value::Number(n) => crate::model::format_number(*n),
        other => other
            .as_str()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase(),
    };
    match raw.as_str() {
        "-1" | "all" => "all",
        "6" => "tcp",
        "17" => "udp",
        "132" => "sctp",
        "1" => "icmp",
        "58" => "icmpv6",
        other => return other.to_string(),
    }
    .to_string()
}

fn port_bounds(from: Option<&Node>, to: Option<&Node>) -> Node {
    let (Some(from), Some(to)) = (from, to) else {
        // A TCP rule without bounds is invalid; it opens nothing we know.
        return Node::new(Value::List(Vec::new()), None);
    };
    let number = |n: &Node| n.value.as_number().filter(|v| v.fract() == 0.0);
    if from.value.is_unknown() || to.value.is_unknown() {
        return Node::unknown(from.span);
    }
    let range = match (number(from), number(to)) {
        (Some(a), Some(b)) => format!("{}-{}", a as i64, b as i64),
        _ => return Node::new(Value::List(Vec::new()), from.span),
    };
    let element = Node::new(Value::String(range), from.span);
    Node::new(Value::List(vec![element]), from.span)
}

fn all_ports(span: Option<Span>) -> Node {
    let element = Node::new(Value::String("0-65535".to_string()), span);
    Node::new(Value::List(vec![element]), span)
}

fn azure(body: &Node, header: Span) -> Option<Ingress> {
    let is = |key: &str, want: &str| text(body.get(key)).map(|v| v.eq_ignore_ascii_case(want));
    if is("direction", "inbound") != Some(true) || is("access", "allow") != Some(true) {
        return None;
    }
    let sources = gather(body, &["source_address_prefix", "source_address_prefixes"]);
    let protocol_node = body.get("protocol");
    let protocol = match protocol_node.map(|n| &n.value) {
        Some(Value::String(p)) if p.trim() == "*" => Value::String("all".to_string()),
        Some(Value::String(p)) => Value::String(p.trim().to_ascii_lowercase()),
        _ => Value::Unknown,
    };
    let ports = match protocol.as_str() {
        None => Node::unknown(None),
        Some("all" | "tcp" | "udp") => {
            port_list(body, &["destination_port_range", "destination_port_ranges"])
        }
        Some(_) => Node::new(Value::List(Vec::new()), None),
    };
    Some(Ingress {
        provider: Provider::Azure,
        span: span_of(body, header),
        public_sources: public(&sources, Provider::Azure),
        sources,
        protocol: Node::new(protocol, protocol_node.and_then(|n| n.span)),
        ports,
    })
}

/// Port specs from attributes holding one spec or a list of them; `*` is
/// every port.
fn port_list(body: &Node, keys: &[&str]) -> Node {
    let mut specs = Vec::new();
    for key in keys {
        let Some(node) = body.get(key) else { continue };
        let items = match &node.value {
            Value::Unknown => return Node::unknown(node.span),
            Value::Null => continue,
            Value::List(items) => items.iter().collect(),
            _ => vec![node],
        };
        for item in items {
            let spec = match &item.value {
                Value::Unknown => return Node::unknown(item.span),
                Value::String(s) if s.trim() == "*" => "0-65535".to_string(),
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => crate::model::format_number(*n),
                _ => continue,
            };
            specs.push(Node::new(Value::String(spec), item.span.or(node.span)));
        }
    }
    Node::new(Value::List(specs), None)
}

fn gcp(body: &Node, header: Span) -> Vec<Ingress> {
    let direction = body.get("direction").map(|n| &n.value);
    let ingress = match direction {
        None | Some(Value::Null) => true,
        Some(Value::String(d)) => d.eq_ignore_ascii_case("ingress"),
        _ => false,
    };
    let enabled = match body.get("disabled").map(|n| &n.value) {
        None | Some(Value::Null) => true,
        Some(v) => v.as_bool() == Some(false),
    };
    if !ingress || !enabled {
        return Vec::new();
    }
    let mut sources = gather(body, &["source_ranges"]);
    // An ingress rule with no source range, tag or service account applies
    // to every IPv4 source (`0.0.0.0/0`).
    let none_given = ["source_ranges", "source_tags", "source_service_accounts"]
        .iter()
        .all(|key| absent_or_empty(body.get(key)));
    if none_given {
        let any = Node::new(Value::String("0.0.0.0/0".to_string()), Some(header));
        sources = Node::new(Value::List(vec![any]), Some(header));
    }
    let public_sources = public(&sources, Provider::Gcp);
    blocks(body, "allow")
        .map(|allow| {
            let protocol_node = allow.get("protocol");
            let protocol = match protocol_node.map(|n| &n.value) {
                Some(Value::String(p)) => Value::String(gcp_protocol(p)),
                Some(Value::Number(n)) => {
                    Value::String(gcp_protocol(&crate::model::format_number(*n)))
                }
                _ => Value::Unknown,
            };
            // No `ports`: every port of a protocol that has them.
            let ports = match protocol.as_str() {
                None => Node::unknown(None),
                Some("all" | "tcp" | "udp" | "sctp") if absent_or_empty(allow.get("ports")) => {
                    all_ports(protocol_node.and_then(|n| n.span))
                }
                Some("all" | "tcp" | "udp" | "sctp") => port_list(allow, &["ports"]),
                Some(_) => Node::new(Value::List(Vec::new()), None),
            };
            Ingress {
                provider: Provider::Gcp,
                span: span_of(allow, header),
                sources: sources.clone(),
                public_sources: public_sources.clone(),
                protocol: Node::new(protocol, protocol_node.and_then(|n| n.span)),
                ports,
            }
        })
        .collect()
}

fn gcp_protocol(p: &str) -> String {
    match p.trim().to_ascii_lowercase().as_str() {
        "6" => "tcp".to_string(),
        "17" => "udp".to_string(),
        "132" => "sctp".to_string(),
        "1" => "icmp".to_string(),
        other => other.to_string(),
    }
}

fn absent_or_empty(node: Option<&Node>) -> bool {
    match node.map(|n| &n.value) {
        None | Some(Value::Null) => true,
        Some(Value::List(items)) => items.is_empty(),
        _ => false,
    }
}

/// The source addresses under `keys`, as one list (unknown if any is).
fn gather(body: &Node, keys: &[&str]) -> Node {
    let mut all = Vec::new();
    let mut span = None;
    for key in keys {
        let Some(node) = body.get(key) else { continue };
        span = span.or(node.span);
        match &node.value {
            Value::Unknown => return Node::unknown(node.span),
            Value::Null => {}
            Value::List(items) => all.extend(items.iter().map(|item| {
                // Where the rule sets its sources, even when the list is
                // written elsewhere (a variable's default).
                Node::new(item.value.clone(), node.span.or(item.span))
            })),
            _ => all.push(node.clone()),
        }
    }
    Node::new(Value::List(all), span)
}

/// The sources that mean the whole internet for `provider`; unknown when
/// none is known to but an unknown one might.
fn public(sources: &Node, provider: Provider) -> Node {
    let Value::List(items) = &sources.value else {
        return Node::unknown(sources.span);
    };
    let public: Vec<Node> = items
        .iter()
        .filter(|n| n.value.as_str().is_some_and(|s| is_internet(s, provider)))
        .cloned()
        .collect();
    if public.is_empty() && items.iter().any(|n| n.value.is_unknown()) {
        return Node::unknown(sources.span);
    }
    Node::new(Value::List(public), sources.span)
}

/// A source that stands for every address: a `/0` network anywhere, and
/// Azure's `*`, `Internet` and `Any` service tags.
fn is_internet(source: &str, provider: Provider) -> bool {
    let s = source.trim();
    let azure_tag = ["*", "internet", "any"]
        .iter()
        .any(|tag| s.eq_ignore_ascii_case(tag));
    if provider == Provider::Azure && azure_tag {
        return true;
    }
    s.ends_with("/0")
        && s.parse::<ipnet::IpNet>()
            .is_ok_and(|net| net.prefix_len() == 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn s(text: &str) -> Node {
        Node::new(Value::String(text.to_string()), None)
    }

    fn n(v: f64) -> Node {
        Node::new(Value::Number(v), None)
    }

    fn map(entries: &[(&str, Node)]) -> Node {
        let m = entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        Node::new(Value::Map(m), None)
    }

    fn list(items: Vec<Node>) -> Node {
        Node::new(Value::List(items), None)
    }

    fn strings(node: &Node) -> Option<Vec<String>> {
        match &node.value {
            Value::List(items) => Some(
                items
                    .iter()
                    .map(|i| i.value.as_str().unwrap_or("?").to_string())
                    .collect(),
            ),
            _ => None,
        }
    }

    fn header() -> Span {
        Span::new(FileId(0), 0..1)
    }

    #[test]
    fn provider_meanings_are_resolved() {
        assert!(is_internet("Internet", Provider::Azure));
        assert!(is_internet("*", Provider::Azure));
        assert!(!is_internet("*", Provider::Aws));
        assert!(!is_internet("VirtualNetwork", Provider::Azure));
        assert!(is_internet("0::0/0", Provider::Gcp));
        assert!(!is_internet("0.0.0.0/1", Provider::Aws));
        assert_eq!(aws_protocol(&Value::Number(-1.0)), "all");
        assert_eq!(aws_protocol(&Value::String("6".into())), "tcp");
        assert_eq!(aws_protocol(&Value::String("TCP".into())), "tcp");
    }

    #[test]
    fn aws_all_traffic_opens_every_port() {
        let rule = map(&[
            ("protocol", s("-1")),
            ("from_port", n(0.0)),
            ("to_port", n(0.0)),
            ("cidr_blocks", list(vec![s("0.0.0.0/0"), s("10.0.0.0/8")])),
        ]);
        let ingress = aws(&rule, header(), &AWS_BLOCK).unwrap();
        assert_eq!(strings(&ingress.ports).unwrap(), ["0-65535"]);
        assert_eq!(strings(&ingress.public_sources).unwrap(), ["0.0.0.0/0"]);
        let icmp = map(&[("protocol", s("icmp")), ("cidr_blocks", list(vec![]))]);
        let ingress = aws(&icmp, header(), &AWS_BLOCK).unwrap();
        assert_eq!(strings(&ingress.ports).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn unknown_sources_are_unknown_unless_one_is_public() {
        let unknown = list(vec![Node::unknown(None)]);
        let rule = map(&[("protocol", s("tcp")), ("cidr_blocks", unknown)]);
        let ingress = aws(&rule, header(), &AWS_BLOCK).unwrap();
        assert!(ingress.public_sources.value.is_unknown());
        let mixed = list(vec![Node::unknown(None), s("::/0")]);
        let rule = map(&[("protocol", s("tcp")), ("ipv6_cidr_blocks", mixed)]);
        let ingress = aws(&rule, header(), &AWS_BLOCK).unwrap();
        assert_eq!(strings(&ingress.public_sources).unwrap(), ["::/0"]);
    }

    #[test]
    fn azure_rules_need_inbound_allow() {
        let rule = |direction: &str| {
            map(&[
                ("direction", s(direction)),
                ("access", s("Allow")),
                ("protocol", s("*")),
                ("destination_port_range", s("*")),
                ("source_address_prefix", s("Internet")),
            ])
        };
        let ingress = azure(&rule("Inbound"), header()).unwrap();
        assert_eq!(strings(&ingress.ports).unwrap(), ["0-65535"]);
        assert_eq!(strings(&ingress.public_sources).unwrap(), ["Internet"]);
        assert!(azure(&rule("Outbound"), header()).is_none());
    }

    #[test]
    fn gcp_defaults_to_every_source_and_every_port() {
        let firewall = map(&[("allow", list(vec![map(&[("protocol", s("tcp"))])]))]);
        let rules = gcp(&firewall, header());
        assert_eq!(rules.len(), 1);
        assert_eq!(strings(&rules[0].public_sources).unwrap(), ["0.0.0.0/0"]);
        assert_eq!(strings(&rules[0].ports).unwrap(), ["0-65535"]);
        let tagged = map(&[
            ("source_tags", list(vec![s("web")])),
            ("allow", list(vec![map(&[("protocol", s("tcp"))])])),
        ]);
        assert_eq!(
            strings(&gcp(&tagged, header())[0].public_sources)
                .unwrap()
                .len(),
            0
        );
        let egress = map(&[("direction", s("EGRESS")), ("allow", list(vec![]))]);
        assert!(gcp(&egress, header()).is_empty());
    }
}

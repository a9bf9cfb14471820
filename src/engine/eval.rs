//! Evaluates rules over a graph with three-valued logic (`rules/README.md`)
//! and reports a [`Hit`] for every resource whose condition is TRUE.
//!
//! Each result carries a witness: the attribute that decided it, or the
//! nearest existing block when the attribute is missing. The witness of the
//! whole condition is where the finding points.

use std::borrow::Cow;
use std::ops::Not;
use std::sync::Arc;

use super::condition::{AttrPath, AttrTest, Condition, GraphLink, PortSpec, Quantifier};
use super::index::{Index, attribute};
use super::lookup::{Lookup, resolve};
use super::outcome::{Outcome, Truth, Witness, WitnessKind, WitnessValue};
use super::ports::{self, PortRange, Protocol};
use super::rule::Rule;
use super::values;
use crate::model::{Graph, Node, Resource, ResourceId, Value};
use crate::rules::TemplateInput;
use crate::source::Span;

/// A rule that is TRUE for a resource.
#[derive(Clone, Debug)]
pub struct Hit {
    pub rule: Arc<Rule>,
    pub resource: ResourceId,
    pub span: Span,
    pub message: String,
    /// For a rule whose answer other units can overturn: the key the
    /// workspace links the hit by (see [`crate::rules::Template::link_key`]).
    pub link: Option<String>,
}

/// Runs `rules` over every resource of the kinds they apply to.
pub fn evaluate(graph: &Graph, rules: &[Arc<Rule>]) -> Vec<Hit> {
    let index = Index::new(graph, rules);
    let mut hits = Vec::new();
    for rule in rules {
        for id in index.applicable(&rule.applies_to) {
            let resource = graph.resource(id);
            if !rule.formats.is_empty() && !rule.formats.contains(&resource.format) {
                continue;
            }
            let cx = Cx {
                graph,
                index: &index,
                id,
                resource,
            };
            if let Some(when) = &rule.when
                && !eval(when, &resource.body, None, &cx).is_true()
            {
                continue;
            }
            let outcome = eval(&rule.condition, &resource.body, None, &cx);
            if outcome.is_true() {
                hits.push(hit(rule, id, resource, outcome.witness));
            }
        }
    }
    drop_superseded(hits)
}

/// Drops the hits that another hit on the same resource implies (its
/// rule lists theirs under `supersedes`).
fn drop_superseded(mut hits: Vec<Hit>) -> Vec<Hit> {
    let implied: std::collections::HashSet<(ResourceId, String)> = hits
        .iter()
        .flat_map(|hit| {
            hit.rule
                .supersedes
                .iter()
                .map(|id| (hit.resource, id.clone()))
        })
        .collect();
    if !implied.is_empty() {
        hits.retain(|hit| !implied.contains(&(hit.resource, hit.rule.id.clone())));
    }
    hits
}

fn hit(rule: &Arc<Rule>, id: ResourceId, resource: &Resource, witness: Option<Witness>) -> Hit {
    let located = rule.location.as_deref().and_then(|path| {
        let segments: Vec<String> = path.split('.').map(str::to_string).collect();
        match resolve(&resource.body, &segments, None) {
            Lookup::Found(node) => node.span,
            _ => None,
        }
    });
    let span = located
        .or_else(|| witness.as_ref().and_then(|w| w.span))
        .unwrap_or(resource.span);
    Hit {
        rule: Arc::clone(rule),
        resource: id,
        span,
        message: render_message(&rule.message, &resource.address, witness.as_ref()),
        link: rule.condition.link_key(resource),
    }
}

/// Fills `{resource}`, `{value}` and `{attr}`.
pub fn render_message(template: &str, address: &str, witness: Option<&Witness>) -> String {
    let value = match witness.map(|w| &w.value) {
        Some(WitnessValue::Value(v)) => v.display(),
        Some(WitnessValue::Text(t)) => t.to_string(),
        Some(WitnessValue::None) | None => "(not set)".to_string(),
    };
    let attr = witness.map_or("", |w| w.attr.as_ref());
    let mut out = String::with_capacity(template.len() + address.len() + value.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let (text, len) = [
            ("{resource}", address),
            ("{value}", value.as_str()),
            ("{attr}", attr),
        ]
        .into_iter()
        .find(|(p, _)| after.starts_with(p))
        .map_or(("{", 1), |(p, v)| (v, p.len()));
        out.push_str(text);
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// What a condition is evaluated against, besides its context node.
struct Cx<'a> {
    graph: &'a Graph,
    index: &'a Index<'a>,
    id: ResourceId,
    resource: &'a Resource,
}

impl<'a> Cx<'a> {
    /// The same evaluation, for another resource (`where:` clauses).
    fn at(&self, id: ResourceId) -> Cx<'a> {
        Cx {
            graph: self.graph,
            index: self.index,
            id,
            resource: self.graph.resource(id),
        }
    }
}

/// How well a witness locates the culprit: an existing attribute beats a
/// block fallback, which beats nothing.
fn rank(witness: &Option<Witness>) -> u8 {
    match witness {
        Some(w) if w.is_precise() => 2,
        Some(w) if w.span.is_some() => 1,
        _ => 0,
    }
}

/// The best-ranked witness, the first among equals.
fn best<'a>(best: &mut Option<Witness<'a>>, candidate: Option<Witness<'a>>) {
    if rank(&candidate) > rank(best) {
        *best = candidate;
    }
}

/// `block` is the enclosing block to point at when an attribute is missing
/// (`None` at the resource body, whose header is the fallback).
fn eval<'a>(
    condition: &'a Condition,
    node: &'a Node,
    block: Option<&'a Node>,
    cx: &Cx<'a>,
) -> Outcome<'a> {
    match condition {
        Condition::All(items) => {
            let (mut unknown, mut witness) = (false, None);
            for item in items {
                let o = eval(item, node, block, cx);
                match o.truth {
                    Truth::False => return o,
                    Truth::Unknown => unknown = true,
                    Truth::True => best(&mut witness, o.witness),
                }
            }
            if unknown {
                Outcome::unknown()
            } else {
                Outcome::new(Truth::True, witness)
            }
        }
        Condition::Any(items) => {
            let (mut unknown, mut witness) = (false, None);
            for item in items {
                let o = eval(item, node, block, cx);
                match o.truth {
                    Truth::True => return o,
                    Truth::Unknown => unknown = true,
                    Truth::False => best(&mut witness, o.witness),
                }
            }
            if unknown {
                Outcome::unknown()
            } else {
                Outcome::new(Truth::False, witness)
            }
        }
        Condition::Not(inner) => {
            let o = eval(inner, node, block, cx);
            Outcome::new(o.truth.not(), o.witness)
        }
        Condition::Attr { path, test } => {
            let lookup = resolve(node, &path.segments, block);
            match test {
                AttrTest::Quantified(q, inner) => quantify(*q, inner, path, lookup, block, cx),
                _ => attr_test(test, path, lookup),
            }
        }
        Condition::Ports { ports, covers } => port_test(ports, covers, node, block),
        Condition::ReferencedBy(link) => referenced_by(link, cx),
        Condition::References(link) => references(link, cx),
        Condition::Template { template, .. } => template.check(&TemplateInput {
            node,
            id: cx.id,
            resource: cx.resource,
            graph: cx.graph,
        }),
    }
}

fn attr_test<'a>(test: &'a AttrTest, path: &'a AttrPath, lookup: Lookup<'a>) -> Outcome<'a> {
    let attr = path.text.as_str();
    let node = match lookup {
        Lookup::Unknown => return Outcome::unknown(),
        Lookup::Absent { block } => {
            let truth = match test {
                AttrTest::Exists(want) => !want,
                AttrTest::NotEquals(_) | AttrTest::NotOneOf(_) => true,
                AttrTest::IsEmpty(want) => *want,
                _ => false,
            };
            return Outcome::new(Truth::from_bool(truth), Some(Witness::block(block, attr)));
        }
        Lookup::Found(node) => node,
    };
    let witness = Witness::attr(node, attr);
    // An unknown value may turn out null (absent), and an unknown number
    // of blocks (a `dynamic` block over an unknown `for_each`) may be zero:
    // whether it exists is unknown too.
    if node.value.is_unknown() {
        return Outcome::unknown();
    }
    if let AttrTest::Exists(want) = test {
        return Outcome::new(Truth::from_bool(*want), Some(witness));
    }
    let value = &node.value;
    let truth = match test {
        AttrTest::Equals(s) => Truth::from_bool(values::equals(value, s)),
        AttrTest::NotEquals(s) => Truth::from_bool(!values::equals(value, s)),
        AttrTest::OneOf(list) => Truth::from_bool(list.iter().any(|s| values::equals(value, s))),
        AttrTest::NotOneOf(list) => {
            Truth::from_bool(!list.iter().any(|s| values::equals(value, s)))
        }
        AttrTest::Matches(re) => {
            Truth::from_bool(values::text(value).is_some_and(|t| re.is_match(&t)))
        }
        AttrTest::NotMatches(re) => {
            Truth::from_bool(values::text(value).is_some_and(|t| !re.is_match(&t)))
        }
        AttrTest::Compare(op, n) => {
            Truth::from_bool(value.as_number().is_some_and(|v| op.holds(v, *n)))
        }
        AttrTest::IsEmpty(want) => Truth::from_bool(values::is_empty(value) == *want),
        AttrTest::Contains(s) => {
            return element_test(
                node,
                witness,
                |v| match v {
                    Value::String(_) | Value::Number(_) | Value::Bool(_) => values::equals(v, s),
                    _ => false,
                },
                Some(s),
            );
        }
        AttrTest::PublicCidr => {
            return element_test(
                node,
                witness,
                |v| v.as_str().is_some_and(super::cidr::is_public),
                None,
            );
        }
        AttrTest::Exists(_) | AttrTest::Quantified(..) => Truth::Unknown,
    };
    Outcome::new(truth, Some(witness))
}

/// A test on a string, or on some element of a list (`contains`,
/// `public_cidr`). The witness value is the matching element.
fn element_test<'a>(
    node: &'a Node,
    witness: Witness<'a>,
    test: impl Fn(&Value) -> bool,
    substring: Option<&super::condition::Scalar>,
) -> Outcome<'a> {
    match &node.value {
        Value::List(items) => {
            if let Some(hit) = items.iter().find(|i| test(&i.value)) {
                let w = witness.with_value(WitnessValue::Value(&hit.value));
                return Outcome::new(Truth::True, Some(w));
            }
            let unknown = items.iter().any(Node::has_unknown);
            let truth = if unknown {
                Truth::Unknown
            } else {
                Truth::False
            };
            Outcome::new(truth, Some(witness))
        }
        Value::String(s) if substring.is_some() => {
            let truth = substring.is_some_and(|needle| s.contains(needle.as_text().as_str()));
            Outcome::new(Truth::from_bool(truth), Some(witness))
        }
        Value::Map(_) => Outcome::new(Truth::False, Some(witness)),
        _ if substring.is_some() => Outcome::new(Truth::False, Some(witness)),
        scalar => Outcome::new(Truth::from_bool(test(scalar)), Some(witness)),
    }
}

/// `attr: P` + `any` / `all` / `none: C` over the elements at P.
fn quantify<'a>(
    q: Quantifier,
    inner: &'a Condition,
    path: &'a AttrPath,
    lookup: Lookup<'a>,
    block: Option<&'a Node>,
    cx: &Cx<'a>,
) -> Outcome<'a> {
    let attr = path.text.as_str();
    let (list, elements): (Witness<'a>, &'a [Node]) = match lookup {
        Lookup::Unknown => return Outcome::unknown(),
        Lookup::Absent { block } => (Witness::block(block, attr), &[]),
        Lookup::Found(node) => match &node.value {
            Value::Unknown => return Outcome::unknown(),
            Value::List(items) => (Witness::attr(node, attr), items.as_slice()),
            _ => (Witness::attr(node, attr), std::slice::from_ref(node)),
        },
    };
    let mut unknown = false;
    let mut first = None;
    for element in elements {
        let element_block = if element.span.is_some() {
            Some(element)
        } else {
            block
        };
        let o = eval(inner, element, element_block, cx);
        let decisive = match (q, o.truth) {
            (_, Truth::Unknown) => {
                unknown = true;
                false
            }
            (Quantifier::Any | Quantifier::None, Truth::True) => true,
            (Quantifier::All, Truth::False) => true,
            _ => false,
        };
        if decisive || (first.is_none() && o.truth != Truth::Unknown) {
            let w = element_witness(o.witness, element, &list, attr);
            if decisive {
                let truth = if q == Quantifier::Any {
                    Truth::True
                } else {
                    Truth::False
                };
                return Outcome::new(truth, Some(w));
            }
            first = Some(w);
        }
    }
    if unknown {
        return Outcome::unknown();
    }
    match q {
        Quantifier::Any => Outcome::new(Truth::False, Some(list)),
        Quantifier::None => Outcome::new(Truth::True, Some(list)),
        Quantifier::All => Outcome::new(Truth::True, first.or(Some(list))),
    }
}

/// The witness inside an element, seen from the parent; or the element itself.
fn element_witness<'a>(
    inner: Option<Witness<'a>>,
    element: &'a Node,
    list: &Witness<'a>,
    attr: &'a str,
) -> Witness<'a> {
    match inner {
        Some(w) if w.is_precise() => w.prefixed(attr),
        _ => Witness {
            kind: WitnessKind::Attr,
            span: element.span.or(list.span),
            attr: Cow::Borrowed(attr),
            value: WitnessValue::Value(&element.value),
        },
    }
}

fn port_test<'a>(
    spec: &'a PortSpec,
    covers: &[u16],
    node: &'a Node,
    block: Option<&'a Node>,
) -> Outcome<'a> {
    match spec {
        PortSpec::Value(path) => match resolve(node, &path.segments, block) {
            Lookup::Unknown => Outcome::unknown(),
            Lookup::Absent { block } => Outcome::new(
                Truth::False,
                Some(Witness::block(block, path.text.as_str())),
            ),
            Lookup::Found(found) => {
                let witness = Witness::attr(found, path.text.as_str());
                let covering =
                    |v: &Value| ports::parse_spec(v).is_some_and(|r| r.covers_any(covers));
                element_test(found, witness, covering, None).unknown_if(found.value.is_unknown())
            }
        },
        PortSpec::Range { from, to, protocol } => {
            let mut protocol_unknown = false;
            match resolve(node, &protocol.segments, block) {
                Lookup::Unknown => protocol_unknown = true,
                Lookup::Found(p) if p.value.is_unknown() => protocol_unknown = true,
                Lookup::Found(p) => match ports::protocol(&p.value) {
                    Protocol::All => {
                        let w = Witness::attr(p, protocol.text.as_str())
                            .with_value(WitnessValue::Text(Cow::Owned(PortRange::ALL.render())));
                        return Outcome::new(Truth::True, Some(w));
                    }
                    Protocol::NoPorts => return Outcome::new(Truth::False, None),
                    Protocol::Ports => {}
                },
                Lookup::Absent { .. } => {}
            }
            let bound = |path: &AttrPath| match resolve(node, &path.segments, block) {
                Lookup::Found(n) if n.value.is_unknown() => Err(true),
                Lookup::Found(n) => ports::port_number(&n.value).map(|p| (p, n)).ok_or(false),
                Lookup::Unknown => Err(true),
                Lookup::Absent { .. } => Err(false),
            };
            let (low, high) = match (bound(from), bound(to)) {
                (Ok(l), Ok(h)) => (l, h),
                (Err(true), _) | (_, Err(true)) => return Outcome::unknown(),
                _ if protocol_unknown => return Outcome::unknown(),
                _ => return Outcome::new(Truth::False, None),
            };
            let range = (0..=65535)
                .contains(&low.0)
                .then_some(())
                .and((0..=65535).contains(&high.0).then_some(()))
                .map(|()| PortRange {
                    from: low.0 as u32,
                    to: high.0 as u32,
                });
            let covered = range.is_some_and(|r| r.covers_any(covers));
            if protocol_unknown {
                // The protocol could be `-1` (every port) or ICMP (none).
                return Outcome::unknown();
            }
            let text = range.map_or_else(|| format!("{}-{}", low.0, high.0), PortRange::render);
            let w = Witness::attr(low.1, from.text.as_str())
                .with_value(WitnessValue::Text(Cow::Owned(text)));
            Outcome::new(Truth::from_bool(covered), Some(w))
        }
    }
}

impl Outcome<'_> {
    fn unknown_if(self, unknown: bool) -> Self {
        if unknown { Outcome::unknown() } else { self }
    }
}

/// Keeps a `where:` witness only when it names an attribute.
fn precise(witness: Option<Witness>) -> Option<Witness> {
    witness.filter(Witness::is_precise)
}

fn filter_on<'a>(link: &'a GraphLink, other: ResourceId, cx: &Cx<'a>) -> Outcome<'a> {
    match &link.filter {
        None => Outcome::new(Truth::True, None),
        Some(filter) => {
            let other_cx = cx.at(other);
            let o = eval(filter, &other_cx.resource.body, None, &other_cx);
            Outcome::new(o.truth, precise(o.witness))
        }
    }
}

fn referenced_by<'a>(link: &'a GraphLink, cx: &Cx<'a>) -> Outcome<'a> {
    let mut unknown = false;
    for edge in cx.index.incoming(cx.id) {
        if edge.attribute != link.via || cx.graph.resource(edge.from).kind != link.kind {
            continue;
        }
        let o = filter_on(link, edge.from, cx);
        match o.truth {
            Truth::True => return o,
            Truth::Unknown => unknown = true,
            Truth::False => {}
        }
    }
    // A resource of the kind whose `via` cannot be resolved might point here.
    if !unknown {
        unknown = cx
            .index
            .dangling(&link.kind, &link.via)
            .iter()
            .filter(|&&other| other != cx.id)
            .any(|&other| filter_on(link, other, cx).truth != Truth::False);
    }
    Outcome::new(
        if unknown {
            Truth::Unknown
        } else {
            Truth::False
        },
        None,
    )
}

fn references<'a>(link: &'a GraphLink, cx: &Cx<'a>) -> Outcome<'a> {
    let mut unknown = false;
    for edge in cx.index.outgoing(cx.id) {
        if edge.attribute != link.via || cx.graph.resource(edge.to).kind != link.kind {
            continue;
        }
        let o = filter_on(link, edge.to, cx);
        match o.truth {
            // Point at this resource's own reference, not into the other one.
            Truth::True => return Outcome::new(Truth::True, via_witness(link, cx)),
            Truth::Unknown => unknown = true,
            Truth::False => {}
        }
    }
    // An unresolved reference might be to a matching resource.
    if !unknown {
        unknown = attribute(&cx.resource.body, &link.via).is_some_and(Node::has_unknown);
    }
    Outcome::new(
        if unknown {
            Truth::Unknown
        } else {
            Truth::False
        },
        via_witness(link, cx),
    )
}

/// The resource's own `via` attribute, to point at.
fn via_witness<'a>(link: &'a GraphLink, cx: &Cx<'a>) -> Option<Witness<'a>> {
    attribute(&cx.resource.body, &link.via).map(|n| Witness::attr(n, link.via.as_str()))
}

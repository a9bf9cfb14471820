//! Lowering: resource blocks to [`Node`] trees, instances to graph
//! [`Resource`]s, and recorded references to [`Edge`]s.

use indexmap::IndexMap;

use super::ast::{Block, Body, ExprKind};
use super::budget::Cost;
use super::module::Env;
use super::ops;
use super::policy_document;
use super::scope::{BodyState, Dep, InstKey, Instance};
use crate::model::{Edge, Node, Resource, ResourceId, SourceFormat, Value};
use crate::source::Span;

/// A resource instance's evaluated body, the references found in each
/// top-level attribute or block, and where values set elsewhere came from
/// (attribute span, origin).
pub struct Lowered {
    pub body: Node,
    pub deps: Vec<(String, Dep)>,
    pub origins: Vec<(Span, Span)>,
}

impl Instance {
    /// The evaluated body of resource `res` in the current bindings, with
    /// the references found in each top-level attribute or block.
    pub fn lower_resource(&mut self, env: &mut Env, res: usize) -> Lowered {
        let def = self.def.clone();
        let r = &def.resources[res];
        let mut deps = Vec::new();
        // Another resource's body may be lowered while this one is (a
        // reference to it): each collects its own origins.
        let outer = std::mem::take(&mut self.origins);
        let mut map = IndexMap::with_capacity(r.body.attrs.len() + r.body.blocks.len());
        for attr in &r.body.attrs {
            self.sink = Some(Vec::new());
            let v = self.eval_or_unknown(env, &attr.expr);
            let v = self.attribute(v, attr.span);
            map.insert(attr.name.clone(), v);
            let found = self.sink.take().unwrap_or_default();
            deps.extend(found.into_iter().map(|d| (attr.name.clone(), d)));
        }
        for block in &r.body.blocks {
            self.sink = Some(Vec::new());
            // A whole block, `dynamic` expansions included, is one root of
            // the evaluation budget.
            env.budget.begin_root();
            self.lower_block(env, block, &mut map);
            env.budget.end_root();
            let name = block_type(block);
            let found = self.sink.take().unwrap_or_default();
            deps.extend(found.into_iter().map(|d| (name.to_owned(), d)));
        }
        let body = Node::new(Value::Map(map), Some(r.header));
        let body = match r.kind.as_str() {
            policy_document::KIND => policy_document::complete(body),
            _ => body,
        };
        Lowered {
            body,
            deps,
            origins: std::mem::replace(&mut self.origins, outer),
        }
    }

    /// An attribute's value as the body holds it: spanning the attribute,
    /// with where the value was set remembered when that is elsewhere (a
    /// module argument, a variable default, an `optional()` default, a
    /// `.tfvars` line), so a finding can point there too.
    fn attribute(&mut self, value: Node, at: Span) -> Node {
        if let Some(from) = value.span
            && !(from.file == at.file && at.start <= from.start && from.end <= at.end)
        {
            self.origins.push((at, from));
        }
        value.at(Some(at))
    }

    /// A nested block body as a map node spanning the block header.
    fn lower_body(&mut self, env: &mut Env, body: &Body, header: crate::source::Span) -> Node {
        let mut map = IndexMap::with_capacity(body.attrs.len() + body.blocks.len());
        for attr in &body.attrs {
            let v = self.eval_or_unknown(env, &attr.expr);
            let v = self.attribute(v, attr.span);
            map.insert(attr.name.clone(), v);
        }
        for block in &body.blocks {
            self.lower_block(env, block, &mut map);
        }
        Node::new(Value::Map(map), Some(header))
    }

    /// Appends a nested block (or the expansion of a `dynamic` block) to the
    /// list under its type. A `dynamic` block whose `for_each` is unknown
    /// adds an unknown number of blocks: alone, the whole slot is unknown
    /// (neither present nor absent); next to known blocks, the list holds
    /// them and one unknown element.
    fn lower_block(&mut self, env: &mut Env, block: &Block, map: &mut IndexMap<String, Node>) {
        let name = block_type(block);
        let entries = if block.kind == "dynamic" {
            self.expand_dynamic(env, block)
        } else {
            Some(vec![self.lower_body(env, &block.body, block.header)])
        };
        let unknown_blocks = || Node::unknown(Some(block.header));
        let Some(slot) = map.get_mut(name) else {
            let value = match entries {
                Some(entries) => Value::List(entries),
                None => Value::Unknown,
            };
            map.insert(name.to_owned(), Node::new(value, Some(block.header)));
            return;
        };
        match (&mut slot.value, entries) {
            (Value::List(items), Some(entries)) => items.extend(entries),
            (Value::List(items), None) => items.push(unknown_blocks()),
            // Blocks after an unknown number of blocks.
            (Value::Unknown, Some(entries)) => {
                let mut items = vec![unknown_blocks()];
                items.extend(entries);
                slot.value = Value::List(items);
            }
            (Value::Unknown, None) => {}
            // An attribute of the same name came first; the block replaces it.
            (other, entries) => *other = entries.map_or(Value::Unknown, Value::List),
        }
    }

    /// `dynamic "x" { for_each = …, iterator = it, content { … } }`: one
    /// entry per element, with `it.key` / `it.value` bound; `None` when
    /// `for_each` is unknown (how many blocks there are cannot be known).
    fn expand_dynamic(&mut self, env: &mut Env, block: &Block) -> Option<Vec<Node>> {
        let Some(content) = block.body.blocks.iter().find(|b| b.kind == "content") else {
            return Some(Vec::new());
        };
        let iterator = match block.body.attr("iterator").map(|a| &a.expr.kind) {
            Some(ExprKind::Var(n)) => n.clone(),
            _ => block_type(block).to_owned(),
        };
        let coll = match block.body.attr("for_each") {
            Some(a) => self.eval_or_unknown(env, &a.expr),
            None => Node::unknown(None),
        };
        let Ok(Some(entries)) = ops::entries(&coll) else {
            // The content is still evaluated, so the references it makes
            // become edges.
            let m = IndexMap::from([
                ("key".to_owned(), Node::unknown(None)),
                ("value".to_owned(), Node::unknown(None)),
            ]);
            self.bindings
                .push((iterator, Node::new(Value::Map(m), None)));
            self.lower_body(env, &content.body, block.header);
            self.bindings.pop();
            return None;
        };
        let is_set = matches!(coll.value, Value::List(_));
        let mut out = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            if !self.charge(env, block.header, Cost::elements(1)) {
                // Out of budget: the rest of the blocks are not known.
                return None;
            }
            // Over a set, `key` is the element itself, as in Terraform.
            let key = if is_set {
                v.clone()
            } else {
                Node::new(k, None)
            };
            let m = IndexMap::from([("key".to_owned(), key), ("value".to_owned(), v.clone())]);
            self.bindings
                .push((iterator.clone(), Node::new(Value::Map(m), None)));
            out.push(self.lower_body(env, &content.body, block.header));
            self.bindings.pop();
        }
        Some(out)
    }

    /// Evaluates everything in this instance and adds its resources and
    /// edges to the graph, then does the same for child module instances.
    pub fn lower(&mut self, env: &mut Env) {
        let def = self.def.clone();
        for res in 0..def.resources.len() {
            self.ensure_instances(env, res);
            let n = self.resources[res]
                .as_ref()
                .map_or(0, |s| s.instances.len());
            for i in 0..n {
                // A newer edit makes this analysis moot: stop, the result
                // is dropped by the workspace.
                if env.loader.cancelled() {
                    return;
                }
                self.ensure_body(env, res, i);
            }
        }
        // Emit: move each body into the graph; later reads go through it.
        for (res, r) in def.resources.iter().enumerate() {
            // A data source is a value resources draw from, not a resource.
            if r.kind == policy_document::KIND {
                continue;
            }
            let Some(state) = self.resources[res].as_mut() else {
                continue;
            };
            for inst in &mut state.instances {
                let body = match std::mem::replace(&mut inst.body, BodyState::Pending) {
                    BodyState::Done(b) => b,
                    other => {
                        inst.body = other;
                        continue;
                    }
                };
                let id = env.graph.add_resource(Resource {
                    kind: r.kind.clone(),
                    address: format!("{}{}.{}{}", self.prefix, r.kind, r.name, inst.key.suffix()),
                    format: SourceFormat::Terraform,
                    span: r.header,
                    body,
                    trace: self.trace.clone(),
                });
                for (at, from) in std::mem::take(&mut inst.origins) {
                    env.graph.add_origin(id, at, from);
                }
                inst.body = BodyState::Emitted(id);
            }
        }
        for call in &def.calls {
            self.ensure_children(env, &call.name);
            if let Some(Some(set)) = self.children.get_mut(&call.name) {
                for (_, child) in &mut set.instances {
                    if env.loader.cancelled() {
                        return;
                    }
                    child.lower(env);
                }
            }
        }
        // Children are in the graph now, so references through module
        // outputs resolve too.
        self.add_edges(env);
    }

    fn add_edges(&self, env: &mut Env) {
        for state in self.resources.iter().flatten() {
            for inst in &state.instances {
                let BodyState::Emitted(from) = inst.body else {
                    continue;
                };
                for (attribute, dep) in &inst.deps {
                    for to in self.emitted(&dep.via, dep.res, dep.key.as_ref()) {
                        if to != from {
                            env.graph.add_edge(Edge {
                                from,
                                to,
                                attribute: attribute.clone(),
                            });
                        }
                    }
                }
            }
        }
    }

    /// Graph ids of the instances of resource `res` (those matching `key`,
    /// or all), in this module instance or — following `via` — a child's.
    fn emitted(
        &self,
        via: &[(String, InstKey)],
        res: usize,
        key: Option<&Value>,
    ) -> Vec<ResourceId> {
        if let Some(((call, instance), rest)) = via.split_first() {
            let Some(Some(set)) = self.children.get(call) else {
                return Vec::new();
            };
            return set
                .instances
                .iter()
                .filter(|(k, _)| k == instance)
                .flat_map(|(_, child)| child.emitted(rest, res, key))
                .collect();
        }
        let Some(state) = self.resources.get(res).and_then(Option::as_ref) else {
            return Vec::new();
        };
        state
            .instances
            .iter()
            .filter(|i| key.is_none_or(|k| i.key.matches(k)))
            .filter_map(|i| match i.body {
                BodyState::Emitted(id) => Some(id),
                _ => None,
            })
            .collect()
    }
}

/// The list a block lowers into: its type, or a `dynamic` block's label.
fn block_type(block: &Block) -> &str {
    match (block.kind.as_str(), block.labels.first()) {
        ("dynamic", Some(label)) => label,
        (kind, _) => kind,
    }
}

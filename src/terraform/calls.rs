//! Module calls of an instance: instantiating children with the caller's
//! arguments (`count` / `for_each` included), and `module.name.output`
//! references, which also carry the resources an output draws from so
//! that they become graph edges.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::module::Env;

/// The warning for a module call whose directory is not in the scanned tree.
pub const OUTSIDE: &str = "module source is outside the scanned tree; not analysed";
use super::ops::{self, R, Step, err};
use super::scope::{ChildSet, Dep, InstKey, Instance, MAX_DEPTH, MAX_NESTING, Rep};
use crate::model::{Node, TraceEntry, Value};

impl Instance {
    /// `module.name…`: outputs of a child module instance.
    pub fn module_ref(&mut self, env: &mut Env, name: &str, steps: &[Step]) -> R<Node> {
        if !self.def.call_index.contains_key(name) {
            return err(format!("reference to undeclared module `{name}`"));
        }
        self.ensure_children(env, name);
        let Some(Some(set)) = self.children.get_mut(name) else {
            return Ok(Node::unknown(None));
        };
        let (selected, rest) = match (set.rep, steps) {
            (Rep::Single, [Step::Attr(out), rest @ ..]) => (set.instances.first_mut(), (out, rest)),
            (_, [Step::Index(key), Step::Attr(out), rest @ ..]) => (
                set.instances.iter_mut().find(|(k, _)| k.matches(key)),
                (out, rest),
            ),
            _ => {
                let whole = module_whole(env, set);
                return ops::apply(&whole, steps, false);
            }
        };
        let Some((key, child)) = selected else {
            return err(format!("no such instance of module `{name}`"));
        };
        let value = child.output(env, rest.0)?;
        // A resource referring to this output refers to what the output
        // draws from, inside the child module.
        let deps: Vec<Dep> = child
            .output_deps(rest.0)
            .into_iter()
            .map(|mut dep| {
                dep.via.insert(0, (name.to_owned(), key.clone()));
                dep
            })
            .collect();
        self.record(deps);
        ops::apply(&value, rest.1, false)
    }

    pub fn output(&mut self, env: &mut Env, name: &str) -> R<Node> {
        if !self.outputs.contains_key(name) {
            let def = self.def.clone();
            let Some(expr) = def.outputs.get(name) else {
                return err(format!("the module has no output `{name}`"));
            };
            if env.nesting >= MAX_NESTING {
                env.report_nesting(expr.span, &format!("output `{name}`"));
                return Ok(Node::unknown(None));
            }
            self.outputs.insert(name.to_owned(), None);
            let (value, deps) = self.isolated(env, Vec::new(), Some(Vec::new()), |s, env| {
                s.eval(env, expr)
            });
            self.outputs.insert(
                name.to_owned(),
                Some((value.map(ops::capped), deps.unwrap_or_default())),
            );
        }
        match self.outputs.get(name) {
            Some(Some((value, _))) => value.clone(),
            _ => Ok(Node::unknown(None)),
        }
    }

    /// The resources an output draws from (after [`Instance::output`]).
    pub fn output_deps(&self, name: &str) -> Vec<Dep> {
        match self.outputs.get(name) {
            Some(Some((_, deps))) => deps.clone(),
            _ => Vec::new(),
        }
    }

    /// Instantiates the module call `name` (once): resolves its source,
    /// evaluates `count` / `for_each` and the arguments in this scope.
    pub fn ensure_children(&mut self, env: &mut Env, name: &str) {
        if self.children.contains_key(name) {
            return;
        }
        self.children.insert(name.to_owned(), None);
        let def = self.def.clone();
        let Some(call) = def.call_index.get(name).map(|&i| &def.calls[i]) else {
            return;
        };
        let key_path = if self.key_path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.key_path)
        };
        let Some(source) = &call.source else { return };
        // Remote modules that were never installed stay unknown.
        let Some(dir) = env.module_dir(&def.dir, source, &key_path) else {
            return;
        };
        if env.is_outside(&dir) {
            let span = call.source_span;
            env.diags.push(super::Diagnostic {
                file: span.file,
                span: Some(span),
                message: format!("module `{name}`: {OUTSIDE}"),
            });
            return;
        }
        let problem = if self.ancestors.len() >= MAX_DEPTH {
            Some(format!(
                "module `{name}` is nested more than {MAX_DEPTH} levels deep; not analysed"
            ))
        } else if self.ancestors.contains(&dir) {
            Some(format!(
                "module `{name}` calls itself (through {}); not analysed",
                dir.display()
            ))
        } else {
            None
        };
        let child_def = match problem {
            None => env.module(&dir),
            Some(_) => None,
        };
        let Some(child_def) = child_def else {
            let span = call.source_span;
            // A source that does not exist (or holds no configuration) is a
            // warning on the call: the rest of the caller is analysed.
            let (list, message) = match problem {
                Some(problem) => (&mut env.diags, problem),
                None => (
                    &mut env.warnings,
                    format!(
                        "module `{name}`: no Terraform files in module directory {}; \
                         the module is not analysed",
                        dir.display()
                    ),
                ),
            };
            list.push(super::Diagnostic {
                file: span.file,
                span: Some(span),
                message,
            });
            return;
        };
        let before = env.budget_reports;
        let (rep, keys) = self.repetition(
            env,
            call.count.as_ref(),
            call.for_each.as_ref(),
            Some(call.header),
        );
        env.echo_budget(before, self.trace.first().map(|t| t.span));
        let mut instances = Vec::with_capacity(keys.len());
        for (key, bindings) in keys {
            let (inputs, _) = self.isolated(env, bindings, None, |s, env| {
                call.args
                    .iter()
                    .map(|a| (a.name.clone(), s.eval_or_unknown(env, &a.expr)))
                    .collect::<HashMap<_, _>>()
            });
            let mut child = Instance::new(env, child_def.clone(), inputs);
            child.prefix = format!("{}module.{name}{}.", self.prefix, key.suffix());
            child.trace = self.trace.clone();
            child.trace.push(TraceEntry {
                span: call.header,
                note: format!("module `{name}` called here"),
            });
            child.key_path = key_path.clone();
            child.ancestors = self.ancestors.clone();
            child.ancestors.push(dir.clone());
            instances.push((key, Box::new(child)));
        }
        self.children
            .insert(name.to_owned(), Some(ChildSet { rep, instances }));
    }
}

/// All instances of a module call as objects of their outputs.
fn module_whole(env: &mut Env, set: &mut ChildSet) -> Node {
    let mut objects = Vec::with_capacity(set.instances.len());
    for (key, child) in &mut set.instances {
        let def = child.def.clone();
        let mut m = IndexMap::new();
        for name in def.outputs.keys() {
            let v = child
                .output(env, name)
                .unwrap_or_else(|_| Node::unknown(None));
            m.insert(name.clone(), v);
        }
        objects.push((key.clone(), Node::new(Value::Map(m), None)));
    }
    let value = match set.rep {
        Rep::Single => {
            return objects
                .pop()
                .map_or_else(|| Node::unknown(None), |(_, n)| n);
        }
        _ if objects.iter().any(|(k, _)| *k == InstKey::Unknown) => Value::Unknown,
        Rep::Count => Value::List(objects.into_iter().map(|(_, n)| n).collect()),
        Rep::ForEach => Value::Map(
            objects
                .into_iter()
                .filter_map(|(k, n)| match k {
                    InstKey::Str(s) => Some((s, n)),
                    _ => None,
                })
                .collect(),
        ),
    };
    Node::new(value, None)
}

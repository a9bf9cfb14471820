//! The evaluator: runs parsed templates over values, writing to an
//! [`Out`] buffer that records origins.
//!
//! Semantics follow Go's `text/template` with Helm's settings: a missing
//! map key is `nil` and prints as nothing; a field of `nil` is an error;
//! `and`/`or` short-circuit; `range` visits maps in key order. Hostile
//! templates are bounded by a step budget, an output budget and a nesting
//! limit (template calls, `include` and `tpl` share it).

use std::collections::HashMap;
use std::rc::Rc;

mod calls;

use super::ast::*;
use super::functions;
use super::sourcemap::Out;
use super::value::{Loc, Object, Text, Val, Value};

/// Source id of text parsed at run time by `tpl`: it has no file.
pub const VIRTUAL: u32 = u32::MAX;

#[derive(Clone, Debug, PartialEq)]
pub struct ExecError {
    pub at: Loc,
    pub message: String,
}

pub type R<T> = Result<T, ExecError>;

/// A named template (`define`, `block`, or a whole file).
#[derive(Clone)]
pub struct Define {
    pub source: u32,
    pub body: Rc<List>,
}

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_steps: u64,
    pub max_output: usize,
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_steps: 20_000_000,
            max_output: 16 << 20,
            max_depth: 200,
        }
    }
}

pub struct Engine {
    pub defines: HashMap<String, Define>,
    pub limits: Limits,
    pub steps: u64,
    depth: usize,
    /// `tpl` strings already parsed, by text.
    tpl_cache: HashMap<Rc<str>, Rc<Parsed>>,
    /// Name of the file being rendered, for messages.
    pub current: String,
    /// Template sources by id.
    pub sources: Vec<Rc<str>>,
    /// The `tpl` strings being executed, innermost last.
    virtual_stack: Vec<Rc<str>>,
}

enum Flow {
    Normal,
    Break,
    Continue,
}

/// Where a template runs: its source, dot, and variables (`$` first).
struct Scope {
    source: u32,
    dot: Val,
    vars: Vec<(Rc<str>, Val)>,
}

impl Engine {
    pub fn new(limits: Limits) -> Self {
        Engine {
            defines: HashMap::new(),
            limits,
            steps: 0,
            depth: 0,
            tpl_cache: HashMap::new(),
            current: String::new(),
            sources: Vec::new(),
            virtual_stack: Vec::new(),
        }
    }

    /// Registers a file's defines; later registrations win, as in Helm.
    pub fn add_defines(&mut self, source: u32, parsed: &Parsed) {
        for (name, body) in &parsed.defines {
            self.defines.insert(
                name.clone(),
                Define {
                    source,
                    body: body.clone(),
                },
            );
        }
    }

    /// Runs `list` (from `source`) with `dot` as both `.` and `$`.
    pub fn execute(&mut self, source: u32, list: &List, dot: Val, out: &mut Out) -> R<()> {
        let mut sc = Scope {
            source,
            dot: dot.clone(),
            vars: vec![(Rc::from("$"), dot)],
        };
        self.exec_list(&mut sc, list, out).map(|_| ())
    }

    fn loc(&self, sc: &Scope, pos: Pos) -> Loc {
        Loc {
            source: sc.source,
            start: pos.start,
            end: pos.end,
        }
    }

    fn fail<T>(&self, sc: &Scope, pos: Pos, message: impl Into<String>) -> R<T> {
        Err(ExecError {
            at: self.loc(sc, pos),
            message: message.into(),
        })
    }

    fn step(&mut self, sc: &Scope, pos: Pos) -> R<()> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return self.fail(
                sc,
                pos,
                format!(
                    "evaluation budget exhausted ({} steps): runaway loop or recursion",
                    self.limits.max_steps
                ),
            );
        }
        Ok(())
    }

    fn enter(&mut self, sc: &Scope, pos: Pos, what: &str) -> R<()> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            self.depth -= 1;
            return self.fail(
                sc,
                pos,
                format!("{what}: nesting too deep (limit {})", self.limits.max_depth),
            );
        }
        Ok(())
    }

    fn exec_list(&mut self, sc: &mut Scope, list: &List, out: &mut Out) -> R<Flow> {
        for node in list {
            match self.exec_node(sc, node, out)? {
                Flow::Normal => {}
                flow => return Ok(flow),
            }
        }
        Ok(Flow::Normal)
    }

    fn check_output(&self, sc: &Scope, pos: Pos, out: &Out) -> R<()> {
        if out.len() > self.limits.max_output {
            return self.fail(
                sc,
                pos,
                format!("output exceeds {} bytes", self.limits.max_output),
            );
        }
        Ok(())
    }

    fn exec_node(&mut self, sc: &mut Scope, node: &Node, out: &mut Out) -> R<Flow> {
        match node {
            Node::Text(pos) => {
                self.step(sc, *pos)?;
                let text = self.source_text(sc.source, *pos);
                out.push_template(text, self.loc(sc, *pos));
                self.check_output(sc, *pos, out)?;
            }
            Node::Action(pipe) => {
                self.step(sc, pipe.pos)?;
                let v = self.eval_pipe(sc, pipe)?;
                if pipe.vars.is_empty() {
                    out.push_value(&v, self.loc(sc, pipe.pos));
                    self.check_output(sc, pipe.pos, out)?;
                }
            }
            Node::If(b) | Node::With(b) => {
                let is_with = matches!(node, Node::With(_));
                self.step(sc, b.pipe.pos)?;
                self.enter(sc, b.pipe.pos, "if/with")?;
                let mark = sc.vars.len();
                let result = (|| {
                    let v = self.eval_pipe(sc, &b.pipe)?;
                    if v.truthy() {
                        if is_with {
                            let saved = std::mem::replace(&mut sc.dot, v);
                            let r = self.exec_list(sc, &b.then, out);
                            sc.dot = saved;
                            r
                        } else {
                            self.exec_list(sc, &b.then, out)
                        }
                    } else if let Some(other) = &b.otherwise {
                        self.exec_list(sc, other, out)
                    } else {
                        Ok(Flow::Normal)
                    }
                })();
                sc.vars.truncate(mark);
                self.depth -= 1;
                return result;
            }
            Node::Range(r) => {
                self.step(sc, r.pipe.pos)?;
                self.enter(sc, r.pipe.pos, "range")?;
                let mark = sc.vars.len();
                let result = self.exec_range(sc, r, out);
                sc.vars.truncate(mark);
                self.depth -= 1;
                result?;
            }
            Node::Template { name, arg, pos } => {
                self.step(sc, *pos)?;
                let dot = match arg {
                    Some(p) => self.eval_pipe(sc, p)?,
                    None => Val::nil(),
                };
                let call = self.loc(sc, *pos);
                let text = self.call_template(sc, name, dot, *pos, "template")?;
                let text = text.into_text(Some(call));
                out.push_text(&text, call, None);
                self.check_output(sc, *pos, out)?;
            }
            Node::Break(_) => return Ok(Flow::Break),
            Node::Continue(_) => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn exec_range(&mut self, sc: &mut Scope, r: &Range, out: &mut Out) -> R<()> {
        let pipe = &r.pipe;
        let v = self.eval_cmds(sc, pipe)?;
        // (key, element) pairs; maps in key order, snapshotted so the body
        // may change the map.
        let items: Vec<(Val, Val)> = match &v.v {
            Value::Nil => Vec::new(),
            Value::List(l) => l
                .iter()
                .enumerate()
                .map(|(i, e)| (Val::int(i as i64), e.clone()))
                .collect(),
            Value::Map(m) => m
                .borrow()
                .iter()
                .map(|(k, e)| (Val::str(k.as_str()), e.clone()))
                .collect(),
            Value::Int(n) => {
                if *n as u64 > self.limits.max_steps {
                    return self.fail(sc, pipe.pos, "range over too large an integer");
                }
                (0..(*n).max(0))
                    .map(|i| (Val::int(i), Val::int(i)))
                    .collect()
            }
            Value::Obj(o) if matches!(**o, Object::ApiVersions(_) | Object::Files(_)) => match &**o
            {
                Object::ApiVersions(c) => c
                    .api_versions
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (Val::int(i as i64), Val::str(s.as_str())))
                    .collect(),
                // `.Files` is a map of path to content.
                Object::Files(f) => f
                    .iter()
                    .map(|(k, t)| (Val::str(k.as_str()), Val::str(t.clone())))
                    .collect(),
                _ => Vec::new(),
            },
            _ => {
                return self.fail(
                    sc,
                    pipe.pos,
                    format!("range can't iterate over {}", v.to_go_string()),
                );
            }
        };
        if items.is_empty() {
            if let Some(other) = &r.otherwise {
                self.exec_list(sc, other, out)?;
            }
            return Ok(());
        }
        let mark = sc.vars.len();
        for (key, elem) in items {
            self.step(sc, pipe.pos)?;
            sc.vars.truncate(mark);
            match pipe.vars.as_slice() {
                [] => {}
                [one] => self.bind(sc, one, elem.clone(), pipe.assign, pipe.pos)?,
                [k, e, ..] => {
                    self.bind(sc, k, key, pipe.assign, pipe.pos)?;
                    self.bind(sc, e, elem.clone(), pipe.assign, pipe.pos)?;
                }
            }
            let saved = std::mem::replace(&mut sc.dot, elem);
            let flow = self.exec_list(sc, &r.body, out);
            sc.dot = saved;
            match flow? {
                Flow::Break => break,
                Flow::Continue | Flow::Normal => {}
            }
        }
        Ok(())
    }

    fn bind(&self, sc: &mut Scope, name: &str, v: Val, assign: bool, pos: Pos) -> R<()> {
        if assign {
            match sc.vars.iter_mut().rev().find(|(n, _)| &**n == name) {
                Some(slot) => slot.1 = v,
                None => return self.fail(sc, pos, format!("undefined variable: {name}")),
            }
        } else {
            sc.vars.push((Rc::from(name), v));
        }
        Ok(())
    }

    /// Runs a named template into a fresh buffer.
    fn call_template(&mut self, sc: &Scope, name: &str, dot: Val, pos: Pos, what: &str) -> R<Out> {
        let Some(def) = self.defines.get(name).cloned() else {
            return self.fail(
                sc,
                pos,
                format!(
                    "no template {name:?} associated with template {:?}",
                    self.current
                ),
            );
        };
        self.enter(sc, pos, &format!("{what} {name:?}"))?;
        let mut inner = Out::default();
        let r = self.execute(def.source, &def.body, dot, &mut inner);
        self.depth -= 1;
        r?;
        Ok(inner)
    }

    /// A pipeline's value, declaring or assigning its variables.
    fn eval_pipe(&mut self, sc: &mut Scope, pipe: &Pipe) -> R<Val> {
        let v = self.eval_cmds(sc, pipe)?;
        for name in &pipe.vars {
            self.bind(sc, name, v.clone(), pipe.assign, pipe.pos)?;
        }
        Ok(v)
    }

    fn eval_cmds(&mut self, sc: &mut Scope, pipe: &Pipe) -> R<Val> {
        self.enter(sc, pipe.pos, "pipeline")?;
        let mut value: Option<Val> = None;
        let mut result = Ok(Val::nil());
        for cmd in &pipe.cmds {
            match self.eval_cmd(sc, cmd, value.take()) {
                Ok(v) => value = Some(v),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        self.depth -= 1;
        result.map(|_| value.unwrap_or_default())
    }

    fn eval_cmd(&mut self, sc: &mut Scope, cmd: &Cmd, fin: Option<Val>) -> R<Val> {
        self.step(sc, cmd.pos)?;
        let first = &cmd.args[0];
        let rest = &cmd.args[1..];
        match first {
            Arg::Field(names, pos) => {
                let dot = sc.dot.clone();
                self.eval_chain(sc, dot, names, rest, fin, *pos)
            }
            Arg::Chain(base, names, pos) => {
                let recv = self.eval_arg(sc, base)?;
                self.eval_chain(sc, recv, names, rest, fin, *pos)
            }
            Arg::Var(name, names, pos) if !names.is_empty() => {
                let recv = self.var(sc, name, *pos)?;
                self.eval_chain(sc, recv, names, rest, fin, *pos)
            }
            Arg::Ident(name, pos) => self.call(sc, name, rest, fin, *pos, cmd.pos),
            Arg::Nil(pos) => self.fail(sc, *pos, "nil is not a command"),
            _ => {
                if !rest.is_empty() || fin.is_some() {
                    return self.fail(
                        sc,
                        cmd.pos,
                        format!(
                            "can't give argument to non-function {}",
                            self.snippet(sc, first.pos())
                        ),
                    );
                }
                self.eval_arg(sc, first)
            }
        }
    }

    fn source_text(&self, source: u32, pos: Pos) -> &str {
        let text = if source == VIRTUAL {
            self.virtual_stack.last()
        } else {
            self.sources.get(source as usize)
        };
        text.and_then(|t| t.get(pos.start as usize..pos.end as usize))
            .unwrap_or("")
    }

    fn snippet(&self, sc: &Scope, pos: Pos) -> String {
        self.source_text(sc.source, pos).to_string()
    }

    fn var(&self, sc: &Scope, name: &str, pos: Pos) -> R<Val> {
        match sc.vars.iter().rev().find(|(n, _)| &**n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => self.fail(sc, pos, format!("undefined variable: {name}")),
        }
    }

    fn eval_arg(&mut self, sc: &mut Scope, arg: &Arg) -> R<Val> {
        Ok(match arg {
            Arg::Dot(_) => sc.dot.clone(),
            Arg::Field(names, pos) => {
                let dot = sc.dot.clone();
                self.eval_chain(sc, dot, names, &[], None, *pos)?
            }
            Arg::Var(name, names, pos) => {
                let v = self.var(sc, name, *pos)?;
                if names.is_empty() {
                    v
                } else {
                    self.eval_chain(sc, v, names, &[], None, *pos)?
                }
            }
            Arg::Chain(base, names, pos) => {
                let recv = self.eval_arg(sc, base)?;
                self.eval_chain(sc, recv, names, &[], None, *pos)?
            }
            Arg::Ident(name, pos) => self.call(sc, name, &[], None, *pos, *pos)?,
            Arg::Pipe(p) => self.eval_pipe(sc, p)?,
            Arg::Str(s, _) => Val::str(s.clone()),
            Arg::Int(i, _) => Val::int(*i),
            Arg::Float(f, _) => Val::float(*f),
            Arg::Bool(b, _) => Val::bool(*b),
            Arg::Nil(_) => Val::nil(),
        })
    }

    /// `recv.a.b.c args…`: fields of maps, or methods of objects; the
    /// arguments go to the last element only.
    fn eval_chain(
        &mut self,
        sc: &mut Scope,
        mut recv: Val,
        names: &[Rc<str>],
        args: &[Arg],
        fin: Option<Val>,
        pos: Pos,
    ) -> R<Val> {
        let n = names.len();
        // Go: a nil that a pipeline or variable produced is an invalid
        // value, and its fields are nil; a nil found by a field lookup in
        // this chain is a nil interface, and its fields are an error.
        if recv.is_nil() {
            return Ok(Val::nil());
        }
        for (i, name) in names.iter().enumerate() {
            let last = i + 1 == n;
            let mut call_args = Vec::new();
            if last && (!args.is_empty() || fin.is_some()) {
                for a in args {
                    call_args.push(self.eval_arg(sc, a)?);
                }
                if let Some(f) = fin.clone() {
                    call_args.push(f);
                }
            }
            let has_args = last && (!args.is_empty() || fin.is_some());
            recv = match &recv.v {
                Value::Map(m) => {
                    if has_args {
                        return self.fail(
                            sc,
                            pos,
                            format!("{name} is not a method but has arguments"),
                        );
                    }
                    let got = m.borrow().get(&**name).cloned();
                    got.unwrap_or_default()
                }
                Value::Obj(o) => match functions::objects::method(o, name, call_args) {
                    Ok(v) => v,
                    Err(e) => return self.fail(sc, pos, e),
                },
                Value::Nil => {
                    return self.fail(
                        sc,
                        pos,
                        format!("nil pointer evaluating interface {{}}.{name}"),
                    );
                }
                _ => {
                    return self.fail(
                        sc,
                        pos,
                        format!("can't evaluate field {name} in type {}", recv.type_name()),
                    );
                }
            };
        }
        Ok(recv)
    }
}

/// Convenience for tests and the fuzzer: a template string rendered with
/// `values` as dot.
pub fn render_str(src: &str, dot: Val, limits: Limits) -> Result<Text, String> {
    let parsed = super::parse::parse(src).map_err(|e| e.message)?;
    let mut engine = Engine::new(limits);
    engine.sources.push(Rc::from(src));
    engine.add_defines(0, &parsed);
    let mut out = Out::default();
    engine
        .execute(0, &parsed.root, dot, &mut out)
        .map_err(|e| e.message)?;
    Ok(out.into_text(None))
}

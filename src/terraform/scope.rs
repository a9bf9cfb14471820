//! A module instance: its variables, memoised locals and resources, and
//! how named references (`var.x`, `local.y`, `aws_s3_bucket.b`) resolve in
//! it. Child module instances and `module.m.out` are in `calls.rs`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use indexmap::IndexMap;

use super::module::{Env, ModuleDef};
use super::ops::{self, EvalError, R, Step, err};
use super::types;
use crate::model::{Node, ResourceId, TraceEntry, Value};
use crate::source::Span;

/// Module calls nest at most this deep (a guard against runaway recursion).
pub(super) const MAX_DEPTH: usize = 16;
/// Lazy evaluations (locals, outputs, resource bodies) nest at most this deep.
pub const MAX_NESTING: u32 = 64;
/// More `count` instances than this are treated as an unknown count.
const MAX_INSTANCES: usize = 100_000;

/// Variables a block instance adds to the scope (`count`, `each`, …).
pub type Bindings = Vec<(String, Node)>;

/// Which instance of a repeated resource or module call.
#[derive(Clone, Debug, PartialEq)]
pub enum InstKey {
    /// No `count` / `for_each`.
    None,
    Int(usize),
    Str(String),
    /// `count` / `for_each` could not be known: one stand-in instance.
    Unknown,
}

impl InstKey {
    /// The address suffix: `[0]`, `["a"]`, or nothing.
    pub fn suffix(&self) -> String {
        match self {
            InstKey::Int(i) => format!("[{i}]"),
            InstKey::Str(s) => format!("[{s:?}]"),
            InstKey::None | InstKey::Unknown => String::new(),
        }
    }

    /// Whether an index value selects this instance (the stand-in matches all).
    pub fn matches(&self, key: &Value) -> bool {
        match self {
            InstKey::Unknown => true,
            InstKey::None => false,
            InstKey::Int(i) => key.as_number() == Some(*i as f64),
            InstKey::Str(s) => ops::to_string(key).ok().flatten().as_deref() == Some(s),
        }
    }
}

/// How a resource or module call is repeated; shapes its whole value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rep {
    Single,
    Count,
    ForEach,
}

/// A reference from a resource attribute to a resource of the same instance.
#[derive(Clone, Debug)]
pub struct Dep {
    /// Module calls to follow from the referring instance (outermost
    /// first) when the resource lives in a child module, reached through
    /// one of its outputs; empty for a resource of the same instance.
    pub via: Vec<(String, InstKey)>,
    pub res: usize,
    /// The instance index used, if known; `None` refers to all instances.
    pub key: Option<Value>,
}

pub enum BodyState {
    Pending,
    InProgress,
    Done(Node),
    /// Moved into the graph; read it from there.
    Emitted(ResourceId),
}

pub struct ResInstance {
    pub key: InstKey,
    /// `count` / `each` bindings of this instance.
    pub bindings: Vec<(String, Node)>,
    pub body: BodyState,
    /// (top-level attribute, reference) pairs found while evaluating the body.
    pub deps: Vec<(String, Dep)>,
    /// (attribute span, where its value was set) for values set elsewhere.
    pub origins: Vec<(Span, Span)>,
}

/// An evaluated output and the resources it draws from.
pub(super) type Evaluated = (R<Node>, Vec<Dep>);

pub struct ResState {
    pub rep: Rep,
    pub instances: Vec<ResInstance>,
    /// Resources the `for_each` expression draws from. A body that reads
    /// `each` refers to them too: `for_each = aws_s3_bucket.logs` with
    /// `bucket = each.value.id` links each instance to its bucket.
    pub each_deps: Vec<Dep>,
}

pub struct ChildSet {
    pub rep: Rep,
    pub instances: Vec<(InstKey, Box<Instance>)>,
}

enum Memo {
    InProgress,
    Done(R<Node>, Vec<Dep>),
}

pub struct Instance {
    pub def: Rc<ModuleDef>,
    vars: HashMap<String, Node>,
    locals: HashMap<String, Memo>,
    /// Evaluated outputs, with the resources each one draws from.
    pub(super) outputs: HashMap<String, Option<Evaluated>>,
    pub resources: Vec<Option<ResState>>,
    /// By call name; `None` when the module cannot be instantiated.
    pub children: HashMap<String, Option<ChildSet>>,
    /// Address prefix, e.g. `module.web["x"].`.
    pub prefix: String,
    pub trace: Vec<TraceEntry>,
    /// Dotted module key as in `modules.json` (`vpc.subnets`).
    pub(super) key_path: String,
    /// Directories of this instance and its callers, for cycle detection.
    pub(super) ancestors: Vec<PathBuf>,
    /// Innermost last: `count`, `each`, `for` and `dynamic` iterator variables.
    pub bindings: Vec<(String, Node)>,
    /// Collects resource references while a resource attribute is evaluated.
    pub sink: Option<Vec<Dep>>,
    /// What reading `each` refers to in the body being evaluated.
    pub each_deps: Vec<Dep>,
    /// Origins of attribute values found while lowering a resource body.
    pub origins: Vec<(Span, Span)>,
}

impl Instance {
    /// A new instance; `inputs` are the explicit variable values.
    pub fn new(env: &mut Env, def: Rc<ModuleDef>, inputs: HashMap<String, Node>) -> Self {
        let mut inst = Instance {
            resources: def.resources.iter().map(|_| None).collect(),
            ancestors: vec![def.dir.clone()],
            def,
            vars: HashMap::new(),
            locals: HashMap::new(),
            outputs: HashMap::new(),
            children: HashMap::new(),
            prefix: String::new(),
            trace: Vec::new(),
            key_path: String::new(),
            bindings: Vec::new(),
            sink: None,
            each_deps: Vec::new(),
            origins: Vec::new(),
        };
        inst.init_vars(env, inputs);
        inst
    }

    /// An instance with no declarations, for constant expressions (tfvars).
    pub fn constant(env: &mut Env) -> Self {
        Instance::new(env, Rc::new(ModuleDef::default()), HashMap::new())
    }

    fn init_vars(&mut self, env: &mut Env, mut inputs: HashMap<String, Node>) {
        let def = self.def.clone();
        for (name, var) in &def.variables {
            let node = match (inputs.remove(name), &var.default) {
                (Some(n), _) => n,
                (None, Some(default)) => self.eval_or_unknown(env, default),
                (None, None) => Node::unknown(None),
            };
            let node = if var.ty.is_any() {
                node
            } else {
                types::convert(node, &var.ty, &mut |e| self.eval_or_unknown(env, e))
            };
            self.vars.insert(name.clone(), node);
        }
    }

    /// Runs `f` with only `bindings` in scope and `sink` collecting
    /// references; restores the caller's state afterwards.
    pub fn isolated<T>(
        &mut self,
        env: &mut Env,
        bindings: Vec<(String, Node)>,
        sink: Option<Vec<Dep>>,
        f: impl FnOnce(&mut Self, &mut Env) -> T,
    ) -> (T, Option<Vec<Dep>>) {
        let saved_bindings = std::mem::replace(&mut self.bindings, bindings);
        let saved_sink = std::mem::replace(&mut self.sink, sink);
        env.nesting += 1;
        let out = f(self, env);
        env.nesting -= 1;
        self.bindings = saved_bindings;
        let collected = std::mem::replace(&mut self.sink, saved_sink);
        (out, collected)
    }

    pub fn binding(&self, name: &str) -> Option<&Node> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    pub fn record(&mut self, deps: impl IntoIterator<Item = Dep>) {
        if let Some(sink) = &mut self.sink {
            sink.extend(deps);
        }
    }

    pub fn var(&self, name: &str, steps: &[Step]) -> R<Node> {
        match self.vars.get(name) {
            Some(n) => ops::apply(n, steps, false),
            None => err(format!("reference to undeclared input variable `{name}`")),
        }
    }

    pub fn local(&mut self, env: &mut Env, name: &str, steps: &[Step]) -> R<Node> {
        if !self.locals.contains_key(name) {
            let def = self.def.clone();
            let Some(attr) = def.locals.get(name) else {
                return err(format!("reference to undeclared local value `{name}`"));
            };
            if env.nesting >= MAX_NESTING {
                env.report_nesting(attr.span, &format!("local value `{name}`"));
                return Ok(Node::unknown(None));
            }
            self.locals.insert(name.to_owned(), Memo::InProgress);
            let (value, deps) = self.isolated(env, Vec::new(), Some(Vec::new()), |s, env| {
                s.eval(env, &attr.expr)
            });
            let deps = deps.unwrap_or_default();
            let value = value.map(ops::capped);
            self.locals.insert(name.to_owned(), Memo::Done(value, deps));
        }
        match self.locals.get(name) {
            Some(Memo::Done(value, deps)) => {
                if let Some(sink) = &mut self.sink {
                    sink.extend(deps.iter().cloned());
                }
                match value {
                    Ok(n) => ops::apply(n, steps, false),
                    Err(e) => Err(e.clone()),
                }
            }
            // A local that refers to itself: Terraform rejects it; we cannot know it.
            _ => Ok(Node::unknown(None)),
        }
    }

    /// The instances of a resource, computed once from `count` / `for_each`.
    pub fn ensure_instances(&mut self, env: &mut Env, res: usize) {
        if self.resources.get(res).is_none_or(Option::is_some) {
            return;
        }
        let def = self.def.clone();
        let r = &def.resources[res];
        let before = env.budget_reports;
        let (rep, keys) = self.repetition(env, r.count.as_ref(), r.for_each.as_ref(), None);
        env.echo_budget(before, self.trace.first().map(|t| t.span));
        let each_deps = match &r.for_each {
            Some(expr) => {
                let (_, deps) = self.isolated(env, Vec::new(), Some(Vec::new()), |s, env| {
                    s.eval_or_unknown(env, expr)
                });
                deps.unwrap_or_default()
            }
            None => Vec::new(),
        };
        let instances = keys
            .into_iter()
            .map(|(key, bindings)| ResInstance {
                key,
                bindings,
                body: BodyState::Pending,
                deps: Vec::new(),
                origins: Vec::new(),
            })
            .collect();
        self.resources[res] = Some(ResState {
            rep,
            instances,
            each_deps,
        });
    }

    /// The `for_each` references as seen from the instance with `key`: a
    /// whole repeated resource narrows to its instance of the same key.
    fn each_deps_for(&self, res: usize, key: &InstKey) -> Vec<Dep> {
        let Some(state) = self.resources.get(res).and_then(Option::as_ref) else {
            return Vec::new();
        };
        state
            .each_deps
            .iter()
            .map(|dep| match (&dep.key, key) {
                (None, InstKey::Str(k)) if dep.via.is_empty() => Dep {
                    via: Vec::new(),
                    res: dep.res,
                    key: Some(Value::String(k.clone())),
                },
                _ => dep.clone(),
            })
            .collect()
    }

    /// Evaluates the body of one resource instance, once.
    pub fn ensure_body(&mut self, env: &mut Env, res: usize, i: usize) {
        let Some(inst) = self
            .resources
            .get_mut(res)
            .and_then(Option::as_mut)
            .and_then(|s| s.instances.get_mut(i))
        else {
            return;
        };
        if !matches!(inst.body, BodyState::Pending) {
            return;
        }
        if env.nesting >= MAX_NESTING {
            let r = &self.def.resources[res];
            let what = format!("resource `{}.{}`", r.kind, r.name);
            env.report_nesting(r.header, &what);
            return;
        }
        inst.body = BodyState::InProgress;
        // Only the body reads the instance's bindings, and it is evaluated once.
        let bindings = std::mem::take(&mut inst.bindings);
        let key = inst.key.clone();
        let each_deps = self.each_deps_for(res, &key);
        let saved = std::mem::replace(&mut self.each_deps, each_deps);
        let (lowered, _) = self.isolated(env, bindings, None, |s, env| s.lower_resource(env, res));
        self.each_deps = saved;
        if let Some(inst) = self.resources[res]
            .as_mut()
            .and_then(|s| s.instances.get_mut(i))
        {
            inst.body = BodyState::Done(lowered.body);
            inst.deps = lowered.deps;
            inst.origins = lowered.origins;
        }
    }

    fn body_ref<'s>(&'s self, env: &'s Env, res: usize, i: usize) -> Option<&'s Node> {
        let inst = self.resources.get(res)?.as_ref()?.instances.get(i)?;
        match &inst.body {
            BodyState::Done(n) => Some(n),
            BodyState::Emitted(id) => Some(&env.graph.resource(*id).body),
            BodyState::Pending | BodyState::InProgress => None,
        }
    }

    /// `kind.name…`: the configured attributes of another resource; computed
    /// (unset) attributes are unknown.
    pub fn resource_ref(
        &mut self,
        env: &mut Env,
        kind: &str,
        name: &str,
        steps: &[Step],
    ) -> R<Node> {
        let Some(res) = self.def.resource(kind, name) else {
            return err(format!("reference to undeclared resource `{kind}.{name}`"));
        };
        self.ensure_instances(env, res);
        let Some(state) = self.resources[res].as_ref() else {
            return Ok(Node::unknown(None));
        };
        let (rep, n) = (state.rep, state.instances.len());
        // Which instance the first step selects, if it selects one.
        let (selected, rest, dep_key) = match (rep, steps.first()) {
            (Rep::Single, _) => (Some(0), steps, None),
            (_, Some(Step::Index(key))) => {
                let found = state.instances.iter().position(|i| i.key.matches(key));
                if found.is_none() {
                    return err(format!("no instance {} of `{kind}.{name}`", key.display()));
                }
                (found, &steps[1..], Some(key.clone()))
            }
            _ => (None, steps, None),
        };
        self.record([Dep {
            via: Vec::new(),
            res,
            key: dep_key,
        }]);
        match selected {
            Some(_) if n == 0 => err(format!("`{kind}.{name}` has no instances")),
            Some(i) => {
                self.ensure_body(env, res, i);
                match self.body_ref(env, res, i) {
                    Some(body) => ops::apply(body, rest, true),
                    None => Ok(Node::unknown(None)),
                }
            }
            None => {
                for i in 0..n {
                    self.ensure_body(env, res, i);
                }
                let whole = self.whole_value(env, res, rep);
                ops::apply(&whole, rest, true)
            }
        }
    }

    /// All instances of a repeated resource as a list (count) or map (for_each).
    fn whole_value(&self, env: &Env, res: usize, rep: Rep) -> Node {
        let Some(state) = self.resources[res].as_ref() else {
            return Node::unknown(None);
        };
        if state.instances.iter().any(|i| i.key == InstKey::Unknown) {
            return Node::unknown(None);
        }
        let body = |i| {
            self.body_ref(env, res, i)
                .cloned()
                .unwrap_or_else(|| Node::unknown(None))
        };
        let value = if rep == Rep::ForEach {
            let mut m = IndexMap::new();
            for (i, inst) in state.instances.iter().enumerate() {
                if let InstKey::Str(k) = &inst.key {
                    m.insert(k.clone(), body(i));
                }
            }
            Value::Map(m)
        } else {
            Value::List((0..state.instances.len()).map(body).collect())
        };
        Node::new(value, None)
    }

    /// Instances of `count` / `for_each`, each with the bindings it adds.
    ///
    /// Instances are paid for from the evaluation budget: a `count` or
    /// `for_each` that the budget cannot afford is treated as unknown (one
    /// stand-in instance). For a module call (`at` is `Some(call header)`)
    /// every instance is paid for, and none is made when even one cannot be.
    pub fn repetition(
        &mut self,
        env: &mut Env,
        count: Option<&crate::terraform::ast::Expr>,
        for_each: Option<&crate::terraform::ast::Expr>,
        module_at: Option<Span>,
    ) -> (Rep, Vec<(InstKey, Bindings)>) {
        let unknown_one = |env: &mut Env, name: &str, fields: &[&str]| {
            if let Some(at) = module_at
                && !env.charge_instances(at, 1)
            {
                return Vec::new();
            }
            let m = fields
                .iter()
                .map(|f| (f.to_string(), Node::unknown(None)))
                .collect();
            vec![(
                InstKey::Unknown,
                vec![(name.to_owned(), Node::new(Value::Map(m), None))],
            )]
        };
        // Resources without `count` / `for_each` are bounded by the source.
        let affords = |env: &mut Env, span: Span, n: usize| {
            let n = n as u64;
            if module_at.is_none() && n <= 1 {
                let _ = env.budget.charge_instances(n);
                return true;
            }
            env.charge_instances(span, n)
        };
        if let Some(expr) = count {
            let value = self
                .isolated(env, Vec::new(), None, |s, env| s.eval_or_unknown(env, expr))
                .0;
            let Some(n) = value.value.as_number() else {
                return (Rep::Count, unknown_one(env, "count", &["index"]));
            };
            // An absurd count is treated as unknown rather than allocated.
            if n > MAX_INSTANCES as f64 {
                return (Rep::Count, unknown_one(env, "count", &["index"]));
            }
            let n = if n > 0.0 { n as usize } else { 0 };
            if !affords(env, expr.span, n) {
                return (Rep::Count, unknown_one(env, "count", &["index"]));
            }
            let keys = (0..n)
                .map(|i| {
                    let m = IndexMap::from([(
                        "index".to_owned(),
                        Node::new(Value::Number(i as f64), None),
                    )]);
                    (
                        InstKey::Int(i),
                        vec![("count".to_owned(), Node::new(Value::Map(m), None))],
                    )
                })
                .collect();
            return (Rep::Count, keys);
        }
        let Some(expr) = for_each else {
            let at = module_at.unwrap_or(Span::new(crate::source::FileId(0), 0..0));
            if !affords(env, at, 1) {
                return (Rep::Single, Vec::new());
            }
            return (Rep::Single, vec![(InstKey::None, Vec::new())]);
        };
        let value = self
            .isolated(env, Vec::new(), None, |s, env| s.eval_or_unknown(env, expr))
            .0;
        let pairs: Option<Vec<(String, Node)>> = match value.value {
            Value::Null => Some(Vec::new()),
            Value::Map(m) => Some(m.into_iter().collect()),
            // A set of strings: key and value are the element.
            Value::List(items) => items
                .into_iter()
                .map(|n| ops::to_string(&n.value).ok().flatten().map(|s| (s, n)))
                .collect(),
            _ => None,
        };
        let Some(pairs) = pairs.filter(|p| affords(env, expr.span, p.len())) else {
            return (Rep::ForEach, unknown_one(env, "each", &["key", "value"]));
        };
        let keys = pairs
            .into_iter()
            .map(|(k, v)| {
                let m = IndexMap::from([
                    (
                        "key".to_owned(),
                        Node::new(Value::String(k.clone()), v.span),
                    ),
                    ("value".to_owned(), v),
                ]);
                (
                    InstKey::Str(k),
                    vec![("each".to_owned(), Node::new(Value::Map(m), None))],
                )
            })
            .collect();
        (Rep::ForEach, keys)
    }

    /// Evaluates, turning errors into unknown (outside `try`, an error
    /// means "cannot know", never a crash).
    /// This is where evaluation starts from declarations, so it is a root
    /// of the evaluation budget (nested calls share the outermost root).
    pub fn eval_or_unknown(&mut self, env: &mut Env, expr: &crate::terraform::ast::Expr) -> Node {
        env.budget.begin_root();
        let node = self
            .eval(env, expr)
            .unwrap_or_else(|_: EvalError| Node::unknown(Some(expr.span)));
        env.budget.end_root();
        node
    }
}

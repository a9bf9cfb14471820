//! Expression evaluation in a module instance.

use std::borrow::Cow;

use indexmap::IndexMap;

use super::ast::{Expr, ExprKind, ForExpr, ObjKey, Op, Part};
use super::budget::{self, Cost};
use super::functions;
use super::module::Env;
use super::ops::{self, R, Step, err, node};
use super::policy_document;
use super::scope::Instance;
use crate::model::{Node, Value};

/// Root names that are not resource types.
fn is_reserved_root(name: &str) -> bool {
    matches!(
        name,
        "var" | "local" | "module" | "data" | "path" | "terraform" | "self" | "count" | "each"
    )
}

impl Instance {
    /// [`Env::charge`]; running out inside a child module is also
    /// reported at the root module's call that leads here.
    pub(super) fn charge(&mut self, env: &mut Env, span: crate::source::Span, cost: Cost) -> bool {
        let before = env.budget_reports;
        let ok = env.charge(span, cost);
        if !ok {
            env.echo_budget(before, self.trace.first().map(|t| t.span));
        }
        ok
    }

    /// [`Env::affords`], reported like [`Instance::charge`].
    fn affords(&mut self, env: &mut Env, span: crate::source::Span, cost: Cost) -> bool {
        let before = env.budget_reports;
        let ok = env.affords(span, cost);
        if !ok {
            env.echo_budget(before, self.trace.first().map(|t| t.span));
        }
        ok
    }

    pub fn eval(&mut self, env: &mut Env, e: &Expr) -> R<Node> {
        let span = e.span;
        // Literals cost nothing (they are bounded by the source); anything
        // else is a step, and nothing more is computed once a root is out.
        let literal = matches!(
            e.kind,
            ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::String(_)
        );
        if !literal && !self.charge(env, span, Cost::STEP) {
            return Ok(Node::unknown(Some(span)));
        }
        let value = match &e.kind {
            ExprKind::Null => Value::Null,
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::Number(n) => Value::Number(*n),
            ExprKind::String(s) => Value::String(s.clone()),
            ExprKind::Template(parts) => {
                // `"${x}"` is `x` itself, not its string form.
                if let [Part::Interp(inner)] = parts.as_slice() {
                    let n = self.eval(env, inner)?;
                    return Ok(Node::new(n.value, Some(span)));
                }
                let mut out = Some(String::new());
                self.render(env, parts, span, &mut out)?;
                if out.is_none()
                    && let Some(document) = self.partial_json(env, parts, span)
                {
                    return Ok(Node::encoded(Value::Unknown, Some(span), document));
                }
                out.map_or(Value::Unknown, Value::String)
            }
            ExprKind::Array(items) => {
                if !self.charge(env, span, Cost::elements(items.len() as u64)) {
                    return Ok(Node::unknown(Some(span)));
                }
                Value::List(
                    items
                        .iter()
                        .map(|i| self.eval(env, i))
                        .collect::<R<Vec<_>>>()?,
                )
            }
            ExprKind::Object(items) => {
                if !self.charge(env, span, Cost::elements(items.len() as u64)) {
                    return Ok(Node::unknown(Some(span)));
                }
                let mut m = IndexMap::with_capacity(items.len());
                for (key, value, item_span) in items {
                    let key = match key {
                        ObjKey::Name(n) => Some(n.clone()),
                        ObjKey::Expr(k) => ops::to_string(&self.eval(env, k)?.value)?,
                    };
                    let v = self.eval(env, value)?;
                    // An unknown key makes the whole object's shape unknown.
                    let Some(key) = key else {
                        return Ok(Node::unknown(Some(span)));
                    };
                    m.insert(key, Node::new(v.value, Some(*item_span)));
                }
                Value::Map(m)
            }
            ExprKind::Var(name) => match self.binding(name).cloned() {
                Some(n) => {
                    if !self.charge(env, span, budget::weight(&n.value)) {
                        return Ok(Node::unknown(Some(span)));
                    }
                    if name == "each" && !self.each_deps.is_empty() {
                        let deps = self.each_deps.clone();
                        self.record(deps);
                    }
                    return Ok(n);
                }
                None if name == "self" => Value::Unknown,
                None => return err(format!("unknown variable `{name}`")),
            },
            ExprKind::Traversal(root, ops) => return self.traversal(env, root, ops, span),
            ExprKind::Call {
                name,
                args,
                expand_final,
            } => return self.call(env, name, args, *expand_final, span),
            ExprKind::Cond(c, t, f) => {
                let cond = self.eval(env, c)?;
                return match ops::to_bool(&cond.value)? {
                    Some(true) => self.eval(env, t),
                    Some(false) => self.eval(env, f),
                    None => {
                        // Unknown condition: known only if both branches agree.
                        let (a, b) = (self.eval(env, t), self.eval(env, f));
                        match (a, b) {
                            (Ok(a), Ok(b)) if ops::equal(&a.value, &b.value) == Some(true) => Ok(a),
                            _ => Ok(Node::unknown(Some(span))),
                        }
                    }
                };
            }
            ExprKind::Unary(op, x) => ops::unary(*op, &self.eval(env, x)?.value)?,
            ExprKind::Binary(op, a, b) => {
                let a = self.eval(env, a)?;
                let b = self.eval(env, b)?;
                ops::binary(*op, &a.value, &b.value)?
            }
            ExprKind::For(f) => return self.for_expr(env, f, span),
        };
        Ok(node(value, span))
    }

    /// Appends a template's text to `out`; `None` once something is unknown
    /// (evaluation continues so references are still recorded).
    /// `span` is the template's, which pays for its literal text.
    fn render(
        &mut self,
        env: &mut Env,
        parts: &[Part],
        span: crate::source::Span,
        out: &mut Option<String>,
    ) -> R<()> {
        for part in parts {
            match part {
                Part::Lit(s) => {
                    // Literal text repeated by a template `for` grows too.
                    if out.is_some() && !self.charge(env, span, Cost::bytes(s.len() as u64)) {
                        *out = None;
                    }
                    if let Some(o) = out {
                        o.push_str(s);
                    }
                }
                Part::Interp(e) => {
                    let v = self.eval(env, e)?;
                    // Strings, the common case, are appended without a copy.
                    let text = match &v.value {
                        Value::String(s) => Some(Cow::Borrowed(s.as_str())),
                        other => ops::to_string(other)?.map(Cow::Owned),
                    };
                    match (text, out.as_mut()) {
                        (Some(t), Some(o)) => {
                            if !self.charge(env, e.span, Cost::bytes(t.len() as u64)) {
                                *out = None;
                                return Ok(());
                            }
                            o.push_str(&t);
                            // A self-doubling template must not exhaust memory.
                            if o.len() > ops::MAX_STRING {
                                *out = None;
                            }
                        }
                        (None, _) => *out = None,
                        (Some(_), None) => {}
                    }
                }
                Part::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    let c = self.eval(env, cond)?;
                    match ops::to_bool(&c.value)? {
                        Some(true) => self.render(env, then, span, out)?,
                        Some(false) => self.render(env, otherwise, span, out)?,
                        None => *out = None,
                    }
                }
                Part::For {
                    key_var,
                    value_var,
                    collection,
                    body,
                } => {
                    let coll = self.eval(env, collection)?;
                    let Some(entries) = ops::entries(&coll)? else {
                        *out = None;
                        continue;
                    };
                    for (k, v) in entries {
                        if !self.charge(env, collection.span, Cost::STEP) {
                            *out = None;
                            break;
                        }
                        let pushed = self.bind_pair(key_var.as_deref(), value_var, k, v.clone());
                        let r = self.render(env, body, span, out);
                        self.bindings.truncate(self.bindings.len() - pushed);
                        r?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Pushes `for` variables; returns how many bindings were pushed.
    fn bind_pair(
        &mut self,
        key_var: Option<&str>,
        value_var: &str,
        key: Value,
        value: Node,
    ) -> usize {
        let mut pushed = 1;
        if let Some(k) = key_var {
            self.bindings.push((k.to_owned(), Node::new(key, None)));
            pushed += 1;
        }
        self.bindings.push((value_var.to_owned(), value));
        pushed
    }

    fn for_expr(&mut self, env: &mut Env, f: &ForExpr, span: crate::source::Span) -> R<Node> {
        let coll = self.eval(env, &f.collection)?;
        let Some(entries) = ops::entries(&coll)? else {
            return Ok(Node::unknown(Some(span)));
        };
        let mut list = Vec::new();
        let mut map: IndexMap<String, Node> = IndexMap::new();
        let mut groups: IndexMap<String, Vec<Node>> = IndexMap::new();
        let mut unknown = false;
        for (k, v) in entries {
            // Each element is a step and an element of the result.
            if !self.charge(env, span, Cost::elements(1)) {
                return Ok(Node::unknown(Some(span)));
            }
            let pushed = self.bind_pair(f.key_var.as_deref(), &f.value_var, k, v.clone());
            let r = self.for_item(env, f, &mut list, &mut map, &mut groups);
            self.bindings.truncate(self.bindings.len() - pushed);
            unknown |= !r?;
        }
        if unknown {
            return Ok(Node::unknown(Some(span)));
        }
        let value = match (&f.key, f.grouping) {
            (None, _) => Value::List(list),
            (Some(_), false) => Value::Map(map),
            (Some(_), true) => Value::Map(
                groups
                    .into_iter()
                    .map(|(k, items)| (k, Node::new(Value::List(items), Some(span))))
                    .collect(),
            ),
        };
        Ok(node(value, span))
    }

    /// One element of a `for` expression; `Ok(false)` if it makes the result unknown.
    fn for_item(
        &mut self,
        env: &mut Env,
        f: &ForExpr,
        list: &mut Vec<Node>,
        map: &mut IndexMap<String, Node>,
        groups: &mut IndexMap<String, Vec<Node>>,
    ) -> R<bool> {
        if let Some(cond) = &f.cond {
            match ops::to_bool(&self.eval(env, cond)?.value)? {
                Some(true) => {}
                Some(false) => return Ok(true),
                None => return Ok(false),
            }
        }
        let value = self.eval(env, &f.value)?;
        let Some(key_expr) = &f.key else {
            list.push(value);
            return Ok(true);
        };
        let Some(key) = ops::to_string(&self.eval(env, key_expr)?.value)? else {
            return Ok(false);
        };
        if f.grouping {
            groups.entry(key).or_default().push(value);
        } else if map.contains_key(&key) {
            return err(format!(
                "duplicate key {key:?} in a for expression (use `...` to group)"
            ));
        } else {
            map.insert(key, value);
        }
        Ok(true)
    }

    fn traversal(
        &mut self,
        env: &mut Env,
        root: &Expr,
        ops_: &[Op],
        span: crate::source::Span,
    ) -> R<Node> {
        let steps = self.steps(env, ops_)?;
        let result = match &root.kind {
            ExprKind::Var(name) if self.binding(name).is_none() => {
                let attr = match steps.first() {
                    Some(Step::Attr(a)) => Some(*a),
                    _ => None,
                };
                let rest = steps.get(1..).unwrap_or(&[]);
                match (name.as_str(), attr) {
                    ("var", Some(a)) => self.var(a, rest),
                    ("local", Some(a)) => self.local(env, a, rest),
                    ("module", Some(a)) => self.module_ref(env, a, rest),
                    ("path", Some("module")) => Ok(string_node(&self.def.dir)),
                    ("path", Some("root" | "cwd")) => Ok(string_node(&env.root_dir)),
                    ("terraform", Some("workspace")) => {
                        Ok(Node::new(Value::String("default".into()), None))
                    }
                    ("data", Some(data_type)) if policy_document::evaluates(data_type) => {
                        match rest.split_first() {
                            Some((Step::Attr(name), rest)) => {
                                self.resource_ref(env, &format!("data.{data_type}"), name, rest)
                            }
                            _ => Ok(Node::unknown(None)),
                        }
                    }
                    // Data sources are read at plan time; `self`, and
                    // `count`/`each` outside a repeated block, are not known.
                    ("data" | "self" | "count" | "each", _) => Ok(Node::unknown(None)),
                    (kind, Some(a)) if !is_reserved_root(kind) => {
                        self.resource_ref(env, kind, a, rest)
                    }
                    _ => err(format!("invalid reference `{name}`")),
                }
            }
            _ => {
                let start = self.eval(env, root)?;
                ops::apply(&start, &steps, false)
            }
        }?;
        // What a reference copies out of a variable, local or resource.
        if !self.charge(env, span, budget::weight(&result.value)) {
            return Ok(Node::unknown(Some(span)));
        }
        // A value drawn from elsewhere keeps its own span if it has one.
        let at = result.span.or(Some(span));
        Ok(result.at(at))
    }

    fn steps<'e>(&mut self, env: &mut Env, ops_: &'e [Op]) -> R<Vec<Step<'e>>> {
        ops_.iter()
            .map(|op| {
                Ok(match op {
                    Op::GetAttr(a) => Step::Attr(a),
                    Op::AttrSplat => Step::AttrSplat,
                    Op::FullSplat => Step::FullSplat,
                    Op::Index(e) => match self.eval(env, e)?.value {
                        Value::Unknown => Step::UnknownIndex,
                        v => Step::Index(v),
                    },
                })
            })
            .collect()
    }

    fn call(
        &mut self,
        env: &mut Env,
        name: &str,
        args: &[Expr],
        expand_final: bool,
        span: crate::source::Span,
    ) -> R<Node> {
        match name {
            // `try` and `can` observe errors, so they evaluate lazily.
            "try" => {
                let mut last = None;
                for a in args {
                    match self.eval(env, a) {
                        Ok(n) => return Ok(n),
                        Err(e) => last = Some(e),
                    }
                }
                return Err(last.unwrap_or_else(|| ops::EvalError("try: no arguments".into())));
            }
            "can" => {
                let value = match args.first().map(|a| self.eval(env, a)) {
                    Some(Ok(n)) if n.value.is_unknown() => Value::Unknown,
                    Some(Ok(_)) => Value::Bool(true),
                    Some(Err(_)) => Value::Bool(false),
                    None => return err("can: expects one argument"),
                };
                return Ok(node(value, span));
            }
            // The string, and the document it encodes: rules read an IAM
            // policy even when one of its ARNs is not known.
            "jsonencode" if args.len() == 1 && !expand_final => {
                let document = self.eval(env, &args[0])?;
                let text = self.run_function(env, name, vec![document.value.clone()], span)?;
                return Ok(Node::encoded(text.value, text.span, document));
            }
            _ => {}
        }
        let pass_through = PASS_THROUGH.contains(&name);
        let mut values = Vec::with_capacity(args.len());
        // A pass-through function's arguments, spans kept.
        let mut passed = Vec::new();
        for a in args {
            let arg = self.eval(env, a)?;
            if pass_through {
                passed.push(arg.clone());
            }
            values.push(arg.value);
        }
        if expand_final {
            match values.pop() {
                Some(Value::List(items)) => values.extend(items.into_iter().map(|n| n.value)),
                Some(Value::Unknown) => return Ok(Node::unknown(Some(span))),
                _ => {
                    return err(format!(
                        "{name}: the final argument must be a list to expand"
                    ));
                }
            }
        }
        let mut result = self.run_function(env, name, values, span)?;
        if pass_through {
            result.span = origin_among(&passed, &result.value).or(result.span);
        }
        Ok(result)
    }

    /// Calls a built-in function on evaluated arguments, within the budget.
    fn run_function(
        &mut self,
        env: &mut Env,
        name: &str,
        values: Vec<Value>,
        span: crate::source::Span,
    ) -> R<Node> {
        let weights: Vec<Cost> = values.iter().map(budget::weight).collect();
        let estimate = budget::call_estimate(name, &values, &weights);
        // A call's work grows with what it may build: that many steps are
        // spent whether it succeeds or fails.
        if !self.affords(env, span, estimate)
            || !self.charge(env, span, Cost::steps(estimate.elements))
        {
            return Ok(Node::unknown(Some(span)));
        }
        match functions::call(name, values) {
            Ok(v) if !self.charge(env, span, budget::weight(&v)) => Ok(Node::unknown(Some(span))),
            Ok(v) => Ok(node(v, span)),
            Err(e) => err(format!("{name}: {e}")),
        }
    }
}

/// Functions whose result is one of their arguments (or an element of
/// one) unchanged: it keeps that argument's span, so a finding on
/// `coalesce(var.password, local.fallback)` leads to where the value was
/// written.
const PASS_THROUGH: &[&str] = &[
    "coalesce",
    "coalescelist",
    "element",
    "lookup",
    "nonsensitive",
    "one",
    "sensitive",
    "tobool",
    "tonumber",
    "tostring",
];

/// The span of the first argument, or element of an argument, that holds
/// `value` itself.
fn origin_among(args: &[Node], value: &Value) -> Option<crate::source::Span> {
    let holds = |n: &&Node| n.span.is_some() && &n.value == value;
    (args.iter().find(holds))
        .or_else(|| args.iter().flat_map(elements).find(holds))
        .and_then(|n| n.span)
}

/// The elements of a list or the values of a map; nothing else has any.
fn elements(node: &Node) -> Box<dyn Iterator<Item = &Node> + '_> {
    match &node.value {
        Value::List(items) => Box::new(items.iter()),
        Value::Map(entries) => Box::new(entries.values()),
        _ => Box::new(std::iter::empty()),
    }
}

fn string_node(path: &std::path::Path) -> Node {
    Node::new(Value::String(path.to_string_lossy().into_owned()), None)
}

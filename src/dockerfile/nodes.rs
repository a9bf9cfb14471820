//! One instruction inside a stage: its node for `instructions`, and what it
//! changes in the stage (user, env, args, labels, ports, healthcheck,
//! shell, `COPY --from` links). Values are substituted first, with the
//! scope as it was before the instruction, as Docker does.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::ast::{CommandForm, Instruction, Kind, Pair, Word};
use super::run;
use super::scope::{self, Expander, Scope, Var};
use super::stage::Stage;
use super::subst::Lookup;
use crate::model::image::{ImagePolicy, image_facts};
use crate::model::{Node, Value};
use crate::source::Span;

/// What lowering an instruction needs besides the stage.
pub struct Cx<'a> {
    pub exp: Expander<'a>,
    pub policy: &'a ImagePolicy,
    /// Global ARG values, for `ARG NAME` re-declarations.
    pub globals: &'a HashMap<String, Lookup>,
}

/// Lowers `ins` into its node; applies its effects to `stage` unless it is
/// an ONBUILD trigger (`apply` false), which runs in a later build.
pub fn instruction(
    ins: &Instruction,
    stage: &mut Stage,
    earlier: &[Stage],
    cx: &mut Cx,
    apply: bool,
) -> Node {
    let span = ins.span;
    let mut out = common(ins, cx, scope_of(stage, apply));
    match &ins.kind {
        Kind::Run(form) => {
            let pipefail = stage.shell_pipefail();
            run::fields(ins, form, pipefail, cx.exp.file, &mut out);
            if let Some((words, node)) = &stage.shell {
                // The shell this RUN's shell form runs in.
                let program = words.first().cloned().unwrap_or_default();
                out.insert(
                    "shellProgram".into(),
                    Node::new(Value::String(program), node.span),
                );
            }
            if apply {
                let scope = stage.scope();
                let escape = cx.exp.escape;
                // Small values only: names, UIDs, package specs.
                let expand = |text: &str| {
                    super::subst::process(text, escape, &|name| scope.lookup(name), 256).value
                };
                let script = (out.get("script").and_then(|n| n.value.as_str()))
                    .unwrap_or_default()
                    .to_owned();
                if let Some(commands) = out.get_mut("commands") {
                    run::expand_arguments(commands, &script, &expand);
                }
                if let Some(commands) = out.get("commands") {
                    let created = super::users::created_by(commands, &expand);
                    stage.created_users.extend(created);
                }
            }
        }
        Kind::Cmd(form) | Kind::Entrypoint(form) => {
            out.insert("form".into(), form_name(form, span));
            if apply {
                stage.has_command = true;
            }
        }
        Kind::Healthcheck(form) => {
            out.insert("none".into(), scope::boolean(form.is_none(), span));
            if let Some(form) = form {
                out.insert("form".into(), form_name(form, span));
            }
            if apply {
                let mut facts = IndexMap::new();
                facts.insert("none".into(), scope::boolean(form.is_none(), span));
                stage.healthcheck = Some(scope::map(facts, span));
            }
        }
        Kind::Shell(items) => {
            let words: Vec<String> = items.iter().map(|(s, _)| s.clone()).collect();
            let nodes = items
                .iter()
                .map(|(s, at)| scope::string(s.clone(), *at))
                .collect();
            let node = scope::list(nodes, span);
            out.insert("shell".into(), node.clone());
            if apply && !words.is_empty() {
                stage.shell = Some((words, node));
            }
        }
        Kind::Copy { .. } => super::copy::fields(ins, stage, earlier, cx, apply, &mut out),
        Kind::Env(pairs) => {
            let values = expand_pairs(pairs, scope_of(stage, apply), cx, false);
            out.insert("variables".into(), pairs_node(&values, span));
            if apply {
                for (name, var, node) in values {
                    stage.env.insert(name.clone(), node);
                    stage.env_vars.insert(name, scope::declared(var));
                }
            }
        }
        Kind::Label(pairs) => {
            let values = expand_pairs(pairs, scope_of(stage, apply), cx, true);
            out.insert("labels".into(), pairs_node(&values, span));
            if apply {
                for (name, _, node) in values {
                    stage.labels.insert(name, node);
                }
            }
        }
        Kind::Arg(pairs) => {
            let values = expand_pairs(pairs, scope_of(stage, apply), cx, false);
            out.insert("variables".into(), pairs_node(&values, span));
            if apply {
                for ((name, var, node), pair) in values.into_iter().zip(pairs) {
                    // `ARG NAME` re-declares a global ARG with its value.
                    let var = match pair.value {
                        Some(_) => scope::declared(var),
                        None => cx.globals.get(&name).cloned().unwrap_or(Lookup::NoDefault),
                    };
                    stage.arg_vars.insert(name.clone(), var);
                    stage.args.insert(name, node);
                }
            }
        }
        Kind::Single(word) => single(ins, word.as_ref(), stage, cx, apply, &mut out),
        Kind::Words(words) => {
            let scope = scope_of(stage, apply);
            if ins.keyword == "EXPOSE" {
                let ports: Vec<Node> = words.iter().map(|w| port(w, scope, cx)).collect();
                out.insert("ports".into(), scope::list(ports.clone(), span));
                if apply {
                    stage.exposed.extend(ports);
                }
            } else {
                let volumes = words.iter().map(|w| cx.exp.node(w, scope)).collect();
                out.insert("volumes".into(), scope::list(volumes, span));
            }
        }
        Kind::Onbuild(Some(inner)) => {
            let trigger = instruction(inner, stage, earlier, cx, false);
            out.insert("trigger".into(), trigger);
        }
        Kind::Onbuild(None) | Kind::From { .. } | Kind::Unknown => {}
    }
    scope::map(out, span)
}

fn scope_of(stage: &Stage, apply: bool) -> Scope<'_> {
    if apply { stage.scope() } else { Scope::Trigger }
}

/// `instruction`, `arguments` and `flags` (values substituted).
pub fn common(ins: &Instruction, cx: &mut Cx, scope: Scope) -> IndexMap<String, Node> {
    let mut out = IndexMap::new();
    out.insert(
        "instruction".into(),
        scope::string(ins.keyword.clone(), ins.keyword_span),
    );
    out.insert(
        "arguments".into(),
        scope::string(ins.arguments.clone(), ins.arguments_span),
    );
    let mut flags = IndexMap::new();
    for flag in &ins.flags {
        let value = match &flag.value {
            Some(word) => cx.exp.node(word, scope),
            None => scope::boolean(true, flag.span),
        };
        flags.insert(flag.name.clone(), value);
    }
    out.insert("flags".into(), scope::map(flags, ins.span));
    out
}

fn form_name(form: &CommandForm, span: Span) -> Node {
    let name = match form {
        CommandForm::Exec(_) => "exec",
        CommandForm::Shell(_) => "shell",
    };
    scope::string(name, span)
}

/// USER, WORKDIR, STOPSIGNAL, MAINTAINER.
fn single(
    ins: &Instruction,
    word: Option<&Word>,
    stage: &mut Stage,
    cx: &mut Cx,
    apply: bool,
    out: &mut IndexMap<String, Node>,
) {
    let Some(word) = word else { return };
    let scope = scope_of(stage, apply);
    match ins.keyword.as_str() {
        "USER" => {
            let value = cx.exp.text(word, scope);
            let (user, group) = match &value {
                Some(text) => match text.split_once(':') {
                    Some((u, g)) => (Some(u.to_string()), Some(Some(g.to_string()))),
                    None => (Some(text.clone()), None),
                },
                None => (None, None),
            };
            out.insert("user".into(), scope::var_node(user, word.span));
            if let Some(group) = group {
                out.insert("group".into(), scope::var_node(group, word.span));
            }
            if apply {
                stage.user = Some(scope::var_node(value, word.span));
            }
        }
        "WORKDIR" => {
            let path = cx.exp.text(word, scope);
            let relative = match &path {
                Some(p) => Some(!is_absolute(p)),
                None if word.raw.starts_with('/') => Some(false),
                None => None,
            };
            out.insert("path".into(), scope::var_node(path, word.span));
            out.insert("relative".into(), scope::truth(relative, word.span));
        }
        "STOPSIGNAL" => {
            out.insert("signal".into(), cx.exp.node(word, scope));
        }
        _ => {
            // MAINTAINER takes the rest of the line verbatim.
            out.insert("name".into(), scope::string(word.raw.clone(), word.span));
        }
    }
}

/// `/x`, `C:\x`, `C:/x`, `\x`.
fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with(['/', '\\'])
        || bytes.len() >= 3
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && matches!(bytes[2], b'/' | b'\\')
}

/// Substituted `(name, value, node)` of ENV/LABEL/ARG pairs; the node is
/// spanned on the pair, `Null` for an ARG without default.
fn expand_pairs(
    pairs: &[Pair],
    scope: Scope,
    cx: &mut Cx,
    expand_names: bool,
) -> Vec<(String, Var, Node)> {
    pairs
        .iter()
        .map(|pair| {
            let name = if expand_names {
                cx.exp
                    .text(&pair.name, scope)
                    .unwrap_or_else(|| pair.name.raw.clone())
            } else {
                pair.name.raw.clone()
            };
            match &pair.value {
                Some(word) => {
                    let var = cx.exp.text(word, scope);
                    let node = scope::var_node(var.clone(), pair.span);
                    (name, var, node)
                }
                None => (name, None, Node::new(Value::Null, Some(pair.span))),
            }
        })
        .collect()
}

fn pairs_node(values: &[(String, Var, Node)], span: Span) -> Node {
    let entries = values
        .iter()
        .map(|(name, _, node)| (name.clone(), node.clone()))
        .collect();
    scope::map(entries, span)
}

/// An EXPOSE token: `{port, protocol}` (plus `endPort` for a range),
/// unknown when it cannot be read.
fn port(word: &Word, scope: Scope, cx: &mut Cx) -> Node {
    let span = word.span;
    let Some(text) = cx.exp.text(word, scope) else {
        return Node::unknown(Some(span));
    };
    let (ports, protocol) = text.split_once('/').unwrap_or((&text, "tcp"));
    let protocol = protocol.to_ascii_lowercase();
    let (first, last) = ports.split_once('-').unwrap_or((ports, ports));
    let (Ok(first), Ok(last)) = (first.parse::<u16>(), last.parse::<u16>()) else {
        cx.exp.diagnostics.push(crate::source::Diagnostic {
            file: cx.exp.file,
            span: Some(span),
            message: format!(
                "invalid port `{}` (expected `80`, `80/udp` or `8000-8010/tcp`)",
                crate::source::excerpt(&text)
            ),
        });
        return Node::unknown(Some(span));
    };
    let mut entry = IndexMap::new();
    entry.insert("port".into(), scope::number(f64::from(first), span));
    if last != first {
        entry.insert("endPort".into(), scope::number(f64::from(last), span));
    }
    entry.insert("protocol".into(), scope::string(protocol, span));
    scope::map(entry, span)
}

/// Image facts for a `--from` that names an external image.
pub fn external_image(text: &str, span: Span, policy: &ImagePolicy) -> Node {
    image_facts(&Value::String(text.to_string()), Some(span), policy)
}

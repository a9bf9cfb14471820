//! A parsed Dockerfile to stages: global ARGs, one stage per FROM (its base
//! resolved through ARGs and earlier stages) with its instructions; then
//! [`super::resources`] adds them to the graph.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::ast::{Dockerfile, Instruction, Kind};
use super::nodes::{self, Cx};
use super::scope::{self, Scope};
use super::stage::{Base, Stage};
use super::subst::Lookup;
use crate::model::image::{ImagePolicy, image_facts};
use crate::model::{Graph, Node, Value};
use crate::source::{Diagnostic, FileId};

/// Stages inherit from earlier ones, so their cost can grow with the
/// square of their number; real files have a few dozen.
const MAX_STAGES: usize = 1000;

/// Adds the stages of `doc` to `graph`; `address` prefixes resource
/// addresses (`<address>#<stage>`).
pub fn stages(
    doc: &Dockerfile,
    address: &str,
    file: FileId,
    policy: &ImagePolicy,
    target: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
    graph: &mut Graph,
) {
    let mut globals: HashMap<String, Lookup> = HashMap::new();
    let mut global_nodes: IndexMap<String, Node> = IndexMap::new();
    let mut stages: Vec<Stage> = Vec::new();
    let mut budget = scope::Budget::default();
    for ins in &doc.instructions {
        // Global ARGs are read before `cx` borrows them.
        if stages.is_empty() && ins.keyword == "ARG" {
            let mut cx = context(file, doc.escape, policy, diagnostics, &mut budget, &globals);
            let values = global_args(ins, &mut cx, &globals);
            for (name, var, node) in values {
                globals.insert(name.clone(), var);
                global_nodes.insert(name, node);
            }
            continue;
        }
        let mut cx = context(file, doc.escape, policy, diagnostics, &mut budget, &globals);
        if ins.keyword == "FROM" {
            if stages.len() == MAX_STAGES {
                cx.exp.diagnostics.push(Diagnostic {
                    file,
                    span: Some(ins.span),
                    message: format!(
                        "more than {MAX_STAGES} stages: the rest of the file is not analysed"
                    ),
                });
                break;
            }
            let stage = start(ins, &stages, &mut cx);
            stages.push(stage);
            continue;
        }
        match stages.split_last_mut() {
            Some((stage, earlier)) => {
                let node = nodes::instruction(ins, stage, earlier, &mut cx, true);
                stage.instructions.push(node);
            }
            None => cx.exp.diagnostics.push(Diagnostic {
                file,
                span: Some(ins.span),
                message: format!(
                    "`{}` before the first FROM (only ARG may come first)",
                    ins.keyword
                ),
            }),
        }
    }
    // `--target` names the stage that is built; without it (or when this
    // file has no such stage) the last stage is.
    let final_index = target
        .and_then(|name| stage_named(name, &stages))
        .unwrap_or(stages.len().saturating_sub(1));
    super::resources::add(&mut stages, address, &global_nodes, final_index, graph);
}

fn context<'a>(
    file: FileId,
    escape: char,
    policy: &'a ImagePolicy,
    diagnostics: &'a mut Vec<Diagnostic>,
    budget: &'a mut scope::Budget,
    globals: &'a HashMap<String, Lookup>,
) -> Cx<'a> {
    Cx {
        exp: scope::Expander {
            file,
            escape,
            diagnostics,
            budget,
        },
        policy,
        globals,
    }
}

/// `ARG` before the first FROM: values see earlier global ARGs.
fn global_args(
    ins: &Instruction,
    cx: &mut Cx,
    globals: &HashMap<String, Lookup>,
) -> Vec<(String, Lookup, Node)> {
    let Kind::Arg(pairs) = &ins.kind else {
        return Vec::new();
    };
    pairs
        .iter()
        .map(|pair| match &pair.value {
            Some(word) => {
                let var = cx.exp.text(word, Scope::Global(globals));
                let node = scope::var_node(var.clone(), pair.span);
                (pair.name.raw.clone(), scope::declared(var), node)
            }
            None => (
                pair.name.raw.clone(),
                Lookup::NoDefault,
                Node::new(Value::Null, Some(pair.span)),
            ),
        })
        .collect()
}

/// A FROM instruction: the new stage, its base resolved.
fn start(ins: &Instruction, stages: &[Stage], cx: &mut Cx) -> Stage {
    let Kind::From { image, alias } = &ins.kind else {
        return Stage::new(
            stages.len(),
            ins.span,
            Node::unknown(Some(ins.span)),
            Base::Scratch,
        );
    };
    let global = Scope::Global(cx.globals);
    let index = stages.len();
    let (from, base) = match image {
        Some(word) => {
            let text = cx.exp.text(word, global);
            let base = match &text {
                // FROM names stages, never indices.
                Some(t) => match stage_named(t, stages) {
                    Some(parent) => Base::Stage(parent),
                    None if t.eq_ignore_ascii_case("scratch") => Base::Scratch,
                    _ => Base::Image(image_facts(
                        &Value::String(t.clone()),
                        Some(word.span),
                        cx.policy,
                    )),
                },
                None => Base::Image(Node::unknown(Some(word.span))),
            };
            (scope::var_node(text, word.span), base)
        }
        None => (
            Node::unknown(Some(ins.span)),
            Base::Image(Node::unknown(Some(ins.span))),
        ),
    };
    let mut stage = Stage::new(index, ins.span, from, base);
    if let Base::Stage(parent) = stage.base
        && let Some(parent) = stages.get(parent)
    {
        stage.inherit(parent);
    }
    let mut node = nodes::common(ins, cx, global);
    node.insert("image".into(), stage.from.clone());
    if let Some(alias) = alias {
        let lower = alias.raw.to_ascii_lowercase();
        if stage_named(&lower, stages).is_some() {
            cx.exp.diagnostics.push(Diagnostic {
                file: cx.exp.file,
                span: Some(alias.span),
                message: format!(
                    "duplicate stage name `{}`",
                    crate::source::excerpt(&alias.raw)
                ),
            });
        }
        let name = scope::string(alias.raw.clone(), alias.span);
        node.insert("alias".into(), name.clone());
        stage.name = Some((lower, name));
    }
    if let Some(word) = ins.flag("platform").and_then(|f| f.value.as_ref()) {
        let platform = cx.exp.node(word, global);
        node.insert("platform".into(), platform.clone());
        stage.platform = Some(platform);
    }
    stage.instructions.push(scope::map(node, ins.span));
    stage
}

fn stage_named(name: &str, stages: &[Stage]) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    stages
        .iter()
        .position(|s| s.name.as_ref().is_some_and(|(n, _)| *n == lower))
}

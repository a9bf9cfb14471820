//! Stages and their instructions as graph resources.
//!
//! Every stage is a `dockerfile_stage` (the image it builds: base, user,
//! environment, ports) and every instruction a `dockerfile_instruction`
//! (what one step does), linked to its stage by a `stage.index` edge. Rules
//! about a step apply to the instruction, so each offending instruction is
//! its own finding — and a suppression comment above an instruction covers
//! all of it, continuation lines included, because the instruction is the
//! resource whose first line suppressions read.

use indexmap::IndexMap;

use super::scope;
use super::stage::{Base, Stage};
use crate::model::{Edge, Graph, Node, Resource, ResourceId, SourceFormat, Value};

pub const STAGE: &str = "dockerfile_stage";
pub const INSTRUCTION: &str = "dockerfile_instruction";

/// Adds `stages` to `graph`: `address` prefixes resource addresses
/// (`<address>#<stage>`, `<address>#<stage>/<KEYWORD>[n]`); the stage at
/// `final_index` is the one built.
pub fn add(
    stages: &mut [Stage],
    address: &str,
    global_args: &IndexMap<String, Node>,
    final_index: usize,
    graph: &mut Graph,
) {
    let ships = shipped(stages, final_index);
    let mut ids = Vec::with_capacity(stages.len());
    for (i, ships) in ships.into_iter().enumerate() {
        let (earlier, rest) = stages.split_at_mut(i);
        let Some(stage) = rest.first_mut() else { break };
        let facts = StageFacts {
            is_final: i == final_index,
            ships,
        };
        let instructions = stage.instructions.clone();
        let body = stage.body(facts.is_final, facts.ships, earlier, global_args);
        let stage_address = format!("{address}#{}", stage.label());
        let id = graph.add_resource(Resource {
            kind: STAGE.to_string(),
            address: stage_address.clone(),
            format: SourceFormat::Dockerfile,
            span: stage.span,
            body,
            trace: Vec::new(),
        });
        ids.push(id);
        let parents = match stage.base {
            Base::Stage(p) => vec![(p, "baseStage")],
            _ => Vec::new(),
        };
        let copies = stage.copy_from.iter().map(|&p| (p, "copyFrom"));
        for (parent, attribute) in parents.into_iter().chain(copies) {
            if let Some(&to) = ids.get(parent) {
                link(graph, id, to, attribute);
            }
        }
        let summary = summary(stage, facts);
        add_instructions(instructions, &stage_address, &summary, id, graph);
    }
}

#[derive(Clone, Copy)]
struct StageFacts {
    is_final: bool,
    ships: bool,
}

/// Which stages end up in the built image: the final one and every stage
/// it is built FROM, directly or through others. (`COPY --from` takes
/// chosen files, not a stage's layers.)
fn shipped(stages: &[Stage], final_index: usize) -> Vec<bool> {
    let mut ships = vec![false; stages.len()];
    let mut at = Some(final_index);
    while let Some(i) = at {
        match ships.get_mut(i) {
            Some(seen) if !*seen => *seen = true,
            _ => break,
        }
        at = match stages[i].base {
            Base::Stage(parent) if parent < i => Some(parent),
            _ => None,
        };
    }
    ships
}

/// What an instruction knows of its stage: `index`, `name`, `final`,
/// `ships`, `windows`.
fn summary(stage: &Stage, facts: StageFacts) -> Node {
    let span = stage.span;
    let mut out = IndexMap::new();
    out.insert("index".into(), scope::number(stage.index as f64, span));
    if let Some((_, name)) = &stage.name {
        out.insert("name".into(), name.clone());
    }
    out.insert("final".into(), scope::boolean(facts.is_final, span));
    out.insert("ships".into(), scope::boolean(facts.ships, span));
    out.insert("windows".into(), stage.windows());
    scope::map(out, span)
}

fn add_instructions(
    instructions: Vec<Node>,
    stage_address: &str,
    summary: &Node,
    stage: ResourceId,
    graph: &mut Graph,
) {
    let mut counts: IndexMap<String, usize> = IndexMap::new();
    for node in instructions {
        let Value::Map(mut body) = node.value else {
            continue;
        };
        let Some(span) = node.span else { continue };
        let keyword = body
            .get("instruction")
            .and_then(|k| k.value.as_str())
            .unwrap_or("?")
            .to_string();
        let count = counts.entry(keyword.clone()).or_default();
        let address = format!("{stage_address}/{keyword}[{count}]");
        *count += 1;
        body.insert("stage".into(), summary.clone());
        let id = graph.add_resource(Resource {
            kind: INSTRUCTION.to_string(),
            address,
            format: SourceFormat::Dockerfile,
            span,
            body: Node::new(Value::Map(body), Some(span)),
            trace: Vec::new(),
        });
        // Named by a known, spanned attribute: `references: …, via:
        // stage.index` then never meets an unknown in the summary.
        link(graph, id, stage, "stage.index");
    }
}

fn link(graph: &mut Graph, from: ResourceId, to: ResourceId, attribute: &str) {
    graph.add_edge(Edge {
        from,
        to,
        attribute: attribute.to_string(),
    });
}

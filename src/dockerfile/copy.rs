//! The COPY/ADD-specific fields: sources, destination, `--from` (an
//! earlier stage or an external image), ownership, heredoc sources, and
//! for ADD whether a source is remote or an archive.

use indexmap::IndexMap;

use super::ast::{Instruction, Kind};
use super::nodes::{Cx, external_image};
use super::scope::{self, Scope};
use super::stage::Stage;
use crate::model::Node;

const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tbz", ".tar.zst", ".tzst",
    ".zip", ".gz", ".bz2", ".xz",
];

pub fn fields(
    ins: &Instruction,
    stage: &mut Stage,
    earlier: &[Stage],
    cx: &mut Cx,
    apply: bool,
    out: &mut IndexMap<String, Node>,
) {
    let Kind::Copy {
        sources,
        destination,
    } = &ins.kind
    else {
        return;
    };
    let span = ins.span;
    let scope = if apply { stage.scope() } else { Scope::Trigger };
    let sources: Vec<Node> = sources
        .iter()
        .map(|word| {
            if ins.heredocs.iter().any(|h| h.marker == word.span) {
                scope::string(word.raw.clone(), word.span)
            } else {
                cx.exp.node(word, scope)
            }
        })
        .collect();
    if let Some(destination) = destination {
        out.insert("destination".into(), cx.exp.node(destination, scope));
    }
    for name in ["chown", "chmod"] {
        if let Some(value) = ins.flag(name).and_then(|f| f.value.as_ref()) {
            out.insert(name.into(), cx.exp.node(value, scope));
        }
    }
    out.insert(
        "heredoc".into(),
        scope::boolean(!ins.heredocs.is_empty(), span),
    );
    if ins.keyword == "ADD" {
        let remote = any_source(&sources, is_remote);
        let archive = any_source(&sources, is_archive);
        out.insert("remote".into(), scope::truth(remote, span));
        out.insert("archive".into(), scope::truth(archive, span));
    }
    out.insert("sources".into(), scope::list(sources, span));
    if let Some(word) = ins.flag("from").and_then(|f| f.value.as_ref()) {
        let from = cx.exp.text(word, scope);
        out.insert("from".into(), scope::var_node(from.clone(), word.span));
        let Some(from) = from else { return };
        match find_stage(&from, stage.index, earlier) {
            Some(parent) => {
                out.insert("fromStage".into(), parent.reference(word.span));
                if apply {
                    stage.copy_from.push(parent.index);
                }
            }
            None => {
                let facts = external_image(&from, word.span, cx.policy);
                out.insert("fromImage".into(), facts);
            }
        }
    }
}

/// An earlier stage by name (case-insensitive) or index.
pub fn find_stage<'s>(reference: &str, current: usize, earlier: &'s [Stage]) -> Option<&'s Stage> {
    let lower = reference.to_ascii_lowercase();
    earlier
        .iter()
        .find(|s| s.name.as_ref().is_some_and(|(name, _)| *name == lower))
        .or_else(|| {
            let index: usize = reference.parse().ok()?;
            earlier.get(index).filter(|_| index < current)
        })
}

/// True if any known source matches, else unknown if any is unknown.
fn any_source(sources: &[Node], test: fn(&str) -> bool) -> Option<bool> {
    let mut unknown = false;
    for source in sources {
        match source.value.as_str() {
            Some(text) if test(text) => return Some(true),
            Some(_) => {}
            None => unknown = true,
        }
    }
    (!unknown).then_some(false)
}

fn is_remote(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    ["http://", "https://", "git@", "git://", "ssh://"]
        .iter()
        .any(|p| lower.starts_with(p))
}

fn is_archive(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or_default();
    ARCHIVES.iter().any(|ext| path.ends_with(ext))
}

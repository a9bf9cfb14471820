//! Kustomize: a kustomization is a unit of its own, built the way
//! `kustomize build` builds it ([`build`]): its resources, bases and
//! components, its patches ([`merge`] for strategic merge, [`json_patch`]
//! for JSON 6902, [`inline`] for patches written in the kustomization) and
//! its built-in transformers ([`transform`]), so rules judge the objects an
//! overlay deploys, each value on the line that set it.
//!
//! Files a kustomization lists under `patches`, `patchesStrategicMerge`
//! or `patchesJson6902` are fragments merged into a base, not objects of
//! their own: a Deployment patch that sets one container's `resources`
//! has no image, no probes, no security context, and judged alone it
//! would fail every completeness rule. Such a file is listed as skipped,
//! naming the kustomization that patches with it ([`patched_by`]). The
//! kustomization is looked for in the file's directory and a few above
//! (patches sit beside it or in a subdirectory such as `overlays/`); each
//! name tried is read through the loader, so creating or editing a
//! kustomization re-analyses the files it may list.

mod build;
#[cfg(test)]
mod build_tests;
mod fields;
mod inline;
mod json_patch;
mod merge;
mod patches;
mod target;
mod transform;

pub use build::{Built, build};

use std::path::{Path, PathBuf};

use crate::model::{Node, Value};
use crate::source::{FileId, SourceLoader};
use crate::unit::clean_path;

/// How many directories above the file are searched (the file's own
/// directory and three parents: `base/overlays/x.yaml` is common, deeper
/// layouts are not).
const LEVELS: usize = 4;

/// The names kustomize looks for in a directory, in its order.
pub const NAMES: &[&str] = &["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Whether a file is a kustomization, by its name.
pub fn is_kustomization(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| NAMES.contains(&n))
}

/// A scalar as kustomize reads it in a name, tag or label: a string
/// as written, a number or a boolean as YAML prints it.
pub(crate) fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.display(),
    }
}

/// The trace note on the `resources` entry that brought a base's object
/// into an overlay.
pub const VIA_NOTE: &str = "rendered through this kustomization entry";

/// The trace note on a patch entry that changed the object: where a value
/// a patch removed (a `securityContext` an overlay drops) went.
pub const PATCH_NOTE: &str = "patched by this kustomization entry";

/// The trace note on the `namespace:` that moved the object (the one that
/// decided: an overlay's overrides its base's).
pub const NAMESPACE_NOTE: &str = "namespace set by this kustomization";

/// An object as a kustomization renders it.
#[derive(Debug)]
pub struct Rendered {
    pub body: Node,
    /// The names it had before a prefix or suffix (patches and
    /// replacements of an overlay still name it so).
    pub names: Vec<String>,
    /// The `resources` (or `components`) entries that brought it in,
    /// outermost first.
    pub via: Vec<crate::source::Span>,
    /// The patch entries applied to it, in the order applied.
    pub patched: Vec<crate::source::Span>,
    /// The `namespace:` line that set its namespace, last applied.
    pub namespaced: Option<crate::source::Span>,
}

impl Rendered {
    /// Notes that the patch entry at `at` changed the object.
    pub fn patched_at(&mut self, at: Option<crate::source::Span>) {
        if let Some(at) = at.filter(|at| !self.patched.contains(at)) {
            self.patched.push(at);
        }
    }

    pub fn new(body: Node) -> Self {
        Rendered {
            body,
            names: Vec::new(),
            via: Vec::new(),
            patched: Vec::new(),
            namespaced: None,
        }
    }
}

/// The kustomization that lists `path` as a patch, if any.
pub fn patched_by(path: &Path, loader: &dyn SourceLoader) -> Option<PathBuf> {
    let target = clean_path(path);
    let dir = target.parent()?;
    for dir in dir.ancestors().take(LEVELS) {
        for name in NAMES {
            let kustomization = dir.join(name);
            let Ok(text) = loader.read(&kustomization) else {
                continue;
            };
            let lists_it = patch_paths(&text)
                .iter()
                .any(|p| clean_path(&dir.join(p)) == target);
            if lists_it {
                return Some(kustomization);
            }
        }
    }
    None
}

/// The files a kustomization's text names as patches (inline patches are
/// text, not files, and are left out).
fn patch_paths(text: &str) -> Vec<String> {
    let loaded = super::yaml::load(text, FileId(0));
    let mut paths = Vec::new();
    for document in &loaded.documents {
        for key in ["patches", "patchesStrategicMerge", "patchesJson6902"] {
            let Some(Value::List(entries)) = document.get(key).map(|n| &n.value) else {
                continue;
            };
            paths.extend(entries.iter().filter_map(patch_file));
        }
    }
    paths
}

/// `- path: x.yaml` (patches, patchesJson6902) or `- x.yaml`
/// (patchesStrategicMerge); an inline patch spans lines.
fn patch_file(entry: &Node) -> Option<String> {
    let text = match &entry.value {
        Value::String(s) => s.as_str(),
        Value::Map(_) => entry.get("path")?.value.as_str()?,
        _ => return None,
    };
    (!text.contains('\n') && !text.trim().is_empty()).then(|| text.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_files_are_named_by_every_patch_field() {
        let text = "patches:\n- path: overlays/a.yaml\n  target: {kind: Deployment}\n- patch: |-\n    - op: remove\n      path: /x\npatchesStrategicMerge:\n- b.yaml\n- |-\n  apiVersion: v1\n  kind: ConfigMap\npatchesJson6902:\n- path: c.json\n";
        assert_eq!(patch_paths(text), ["overlays/a.yaml", "b.yaml", "c.json"]);
    }
}

//! Kustomize patches: files a `kustomization.yaml` lists under `patches`,
//! `patchesStrategicMerge` or `patchesJson6902` are fragments merged into a
//! base, not objects of their own. A Deployment patch that sets one
//! container's `resources` has no image, no probes, no security context:
//! judged alone it would fail every completeness rule. Such a file is
//! listed as skipped, naming the kustomization that patches with it.
//!
//! The kustomization is looked for in the file's directory and a few
//! above (patches sit beside it or in a subdirectory such as `overlays/`).
//! Each name tried is read through the loader, so creating or editing a
//! kustomization re-analyses the files it may list.

use std::path::{Path, PathBuf};

use crate::model::{Node, Value};
use crate::source::{FileId, SourceLoader};
use crate::unit::clean_path;

/// How many directories above the file are searched (the file's own
/// directory and three parents: `base/overlays/x.yaml` is common, deeper
/// layouts are not).
const LEVELS: usize = 4;

const NAMES: &[&str] = &["kustomization.yaml", "kustomization.yml", "Kustomization"];

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

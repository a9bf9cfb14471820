//! The patches of a kustomization: `patchesStrategicMerge`,
//! `patchesJson6902` and `patches` (strategic merge or JSON 6902, from a
//! file or inline, for the object the patch names or a `target:`).

use super::build::{Builder, Kustomization, Located};
use super::target::Target;
use super::{Rendered, json_patch, merge, transform};
use crate::model::{Node, Value};
use crate::source::{Diagnostic, Span};
use crate::unit::clean_path;

impl Builder<'_> {
    pub(super) fn patches(&mut self, k: &Kustomization, objects: &mut Vec<Rendered>) {
        for entry in k.list("patchesStrategicMerge") {
            for patch in self.patch_documents(k, entry, None) {
                self.strategic(k, objects, &patch, None, entry.span);
            }
        }
        for entry in k.list("patchesJson6902").iter().chain(k.list("patches")) {
            let target = match entry.get("target").map(Target::read) {
                Some(Ok(target)) => Some(target),
                Some(Err(message)) => {
                    self.warn(k.file, entry.span, format!("patch not applied: {message}"));
                    continue;
                }
                None => None,
            };
            for patch in self.patch_documents(k, entry, Some(entry)) {
                match (&patch.value, &target) {
                    (Value::List(operations), Some(target)) => {
                        self.json6902(k, objects, operations, target, entry.span)
                    }
                    (Value::List(_), None) => self.warn(
                        k.file,
                        entry.span,
                        "a JSON 6902 patch without a `target`: not applied".into(),
                    ),
                    _ => self.strategic(k, objects, &patch, target.as_ref(), entry.span),
                }
            }
        }
    }

    /// A patch entry's documents: from `path:` (or a bare file name), or
    /// the inline text of `patch:` (or a multi-line string).
    pub(super) fn patch_documents(
        &mut self,
        k: &Kustomization,
        entry: &Node,
        fields: Option<&Node>,
    ) -> Vec<Node> {
        let inline = match fields {
            Some(map) => map.get("patch"),
            None => entry
                .value
                .as_str()
                .filter(|s| s.contains('\n'))
                .map(|_| entry),
        };
        if let Some(inline) = inline {
            return super::inline::documents(inline, k.file, &k.text);
        }
        let file = match fields {
            Some(map) => map.get("path").and_then(|p| p.value.as_str()),
            None => entry.value.as_str(),
        };
        let Some(file) = file.map(str::trim) else {
            self.warn(
                k.file,
                entry.span,
                "a patch with neither `path` nor `patch`: not applied".into(),
            );
            return Vec::new();
        };
        let path = clean_path(&k.dir.join(file));
        if !matches!(self.locate(&path), Some(Located::File)) {
            self.warn(
                k.file,
                entry.span,
                format!("patch file `{file}` not found: not applied"),
            );
            return Vec::new();
        }
        self.documents(&path)
            .into_iter()
            .map(|(doc, _)| doc)
            .collect()
    }

    pub(super) fn strategic(
        &mut self,
        k: &Kustomization,
        objects: &mut Vec<Rendered>,
        patch: &Node,
        target: Option<&Target>,
        at: Option<Span>,
    ) {
        let own;
        let target = match target {
            Some(target) => target,
            None => match Target::of_patch(patch) {
                Ok(target) => {
                    own = target;
                    &own
                }
                Err(message) => {
                    self.warn(k.file, at, format!("patch not applied: {message}"));
                    return;
                }
            },
        };
        let before = objects.len();
        // `$patch: delete` at the top removes the objects it names.
        if patch.get("$patch").and_then(|d| d.value.as_str()) == Some("delete") {
            objects.retain(|o| !target.matches(o));
            if objects.len() < before || self.partial {
                return;
            }
        }
        let patch = without_identity(patch.clone());
        let mut matched = false;
        for object in objects.iter_mut().filter(|o| target.matches(o)) {
            merge::merge(&mut object.body, patch.clone());
            object.patched_at(at);
            matched = true;
        }
        if !matched && !self.partial {
            self.warn(
                k.file,
                at,
                "the patch matches no object of the kustomization: not applied".into(),
            );
        }
    }

    pub(super) fn json6902(
        &mut self,
        k: &Kustomization,
        objects: &mut [Rendered],
        operations: &[Node],
        target: &Target,
        at: Option<Span>,
    ) {
        let mut matched = false;
        for object in objects.iter_mut().filter(|o| target.matches(o)) {
            matched = true;
            object.patched_at(at);
            for operation in operations {
                if let Err(message) = json_patch::apply(&mut object.body, operation) {
                    let span = operation.span.or(at);
                    self.built.warnings.push(Diagnostic {
                        file: span.map_or(k.file, |s| s.file),
                        span,
                        message: format!(
                            "patch operation not applied to {}: {message}",
                            transform::name(object)
                        ),
                    });
                }
            }
        }
        if !matched && !self.partial {
            self.warn(
                k.file,
                at,
                "the patch's target matches no object of the kustomization: not applied".into(),
            );
        }
    }
}

/// A strategic-merge patch without the fields that name its target: the
/// object keeps its own kind, version, name and namespace.
fn without_identity(mut patch: Node) -> Node {
    if let Value::Map(fields) = &mut patch.value {
        fields.shift_remove("apiVersion");
        fields.shift_remove("kind");
        if let Some(Value::Map(metadata)) = fields.get_mut("metadata").map(|m| &mut m.value) {
            metadata.shift_remove("name");
            metadata.shift_remove("namespace");
        }
    }
    patch
}

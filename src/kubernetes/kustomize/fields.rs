//! The transformer fields of a kustomization (`namespace`, names,
//! labels, annotations, `images`, `replicas`), and the fields Strata does
//! not evaluate whose values become unknown (`vars`, `replacements`).

use super::Rendered;
use super::build::{Builder, Kustomization};
use super::target::Target;
use super::transform::{self, ImageRule, LabelScope};
use crate::model::{Node, Value};
use crate::unit::clean_path;

impl Builder<'_> {
    pub(super) fn transformers(&mut self, k: &Kustomization, objects: &mut [Rendered]) {
        if let Some(namespace) = k.text("namespace").filter(|n| !n.is_empty()) {
            transform::namespace(objects, namespace, k.span_of("namespace"));
        }
        let prefix = k.text("namePrefix").unwrap_or_default();
        let suffix = k.text("nameSuffix").unwrap_or_default();
        if !prefix.is_empty() || !suffix.is_empty() {
            transform::rename(objects, prefix, suffix);
        }
        if let Some(pairs) = pairs(k.doc.get("commonLabels")) {
            let scope = LabelScope {
                selectors: true,
                templates: true,
            };
            transform::labels(objects, &pairs, scope);
        }
        for entry in k.list("labels") {
            let flag = |key: &str| {
                entry
                    .get(key)
                    .and_then(|n| n.value.as_bool())
                    .unwrap_or(false)
            };
            if let Some(pairs) = pairs(entry.get("pairs")) {
                let scope = LabelScope {
                    selectors: flag("includeSelectors"),
                    templates: flag("includeTemplates"),
                };
                transform::labels(objects, &pairs, scope);
            }
        }
        if let Some(pairs) = pairs(k.doc.get("commonAnnotations")) {
            transform::annotations(objects, &pairs);
        }
        let images: Vec<ImageRule> = k
            .list("images")
            .iter()
            .filter_map(|entry| {
                Some(ImageRule {
                    name: entry.get("name")?.value.as_str()?.to_string(),
                    new_name: entry.get("newName").cloned(),
                    new_tag: entry.get("newTag").cloned(),
                    digest: entry.get("digest").cloned(),
                })
            })
            .collect();
        transform::images(objects, &images);
        for entry in k.list("replicas") {
            if let (Some(name), Some(count)) = (
                entry.get("name").and_then(|n| n.value.as_str()),
                entry.get("count"),
            ) {
                transform::replicas(objects, name, count);
            }
        }
    }

    /// Values set by what is not evaluated become unknown.
    pub(super) fn unknowns(&mut self, k: &Kustomization, objects: &mut [Rendered]) {
        let vars: Vec<String> = k
            .list("vars")
            .iter()
            .filter_map(|v| v.get("name")?.value.as_str().map(str::to_string))
            .collect();
        if !vars.is_empty() {
            for object in objects.iter_mut() {
                transform::unknown_vars(&mut object.body, &vars);
            }
        }
        let mut replacements = Vec::new();
        for entry in k.list("replacements") {
            match entry.get("path").and_then(|p| p.value.as_str()) {
                Some(file) => {
                    let path = clean_path(&k.dir.join(file));
                    for (doc, _) in self.documents(&path) {
                        match doc.value {
                            Value::List(items) => replacements.extend(items),
                            _ => replacements.push(doc),
                        }
                    }
                }
                None => replacements.push(entry.clone()),
            }
        }
        for replacement in &replacements {
            let Some(Value::List(targets)) = replacement.get("targets").map(|t| &t.value) else {
                continue;
            };
            for target in targets {
                self.replaced(k, objects, target);
            }
        }
    }

    /// One replacement target: its field paths become unknown.
    pub(super) fn replaced(&mut self, k: &Kustomization, objects: &mut [Rendered], target: &Node) {
        let select = match target.get("select").map(Target::read) {
            Some(Ok(select)) => select,
            Some(Err(message)) => {
                self.warn(
                    k.file,
                    target.span,
                    format!("replacement target not read: {message}"),
                );
                return;
            }
            None => return,
        };
        let rejects: Vec<Target> = match target.get("reject").map(|r| &r.value) {
            Some(Value::List(items)) => items.iter().filter_map(|r| Target::read(r).ok()).collect(),
            _ => Vec::new(),
        };
        let Some(Value::List(paths)) = target.get("fieldPaths").map(|p| &p.value) else {
            return;
        };
        let paths: Vec<&str> = paths.iter().filter_map(|p| p.value.as_str()).collect();
        for object in objects.iter_mut() {
            if !select.matches(object) || rejects.iter().any(|r| r.matches(object)) {
                continue;
            }
            for path in &paths {
                let parts: Vec<&str> = path.split('.').collect();
                transform::unknown_at(&mut object.body, &parts);
            }
        }
    }
}

/// A map of label or annotation pairs, each value with its line.
fn pairs(node: Option<&Node>) -> Option<Vec<(String, Node)>> {
    let Value::Map(fields) = &node?.value else {
        return None;
    };
    let pairs: Vec<(String, Node)> = fields
        .iter()
        .map(|(k, v)| {
            let text = super::scalar_text(&v.value);
            (k.clone(), Node::new(Value::String(text), v.span))
        })
        .collect();
    (!pairs.is_empty()).then_some(pairs)
}

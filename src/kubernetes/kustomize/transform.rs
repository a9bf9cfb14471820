//! The built-in transformers a kustomization triggers by its fields:
//! `namespace`, `namePrefix` / `nameSuffix` (with the references to renamed
//! service accounts and roles), `commonLabels` / `labels` (on selectors and
//! pod templates as kustomize does), `commonAnnotations`, `images` and
//! `replicas`. What a transformer writes carries the span of the
//! kustomization line that asked for it.

use indexmap::IndexMap;

use super::Rendered;
use super::scalar_text;
use crate::kubernetes::is_cluster_scoped;
use crate::model::{Node, Value};
use crate::source::Span;

fn string(value: &str, span: Option<Span>) -> Node {
    Node::new(Value::String(value.to_string()), span)
}

/// A map field of `node`, created when absent (or not a map).
fn map_at<'n>(node: &'n mut Node, key: &str, span: Option<Span>) -> &'n mut IndexMap<String, Node> {
    if !matches!(node.value, Value::Map(_)) {
        *node = Node::new(Value::Map(IndexMap::new()), span.or(node.span));
    }
    let Value::Map(fields) = &mut node.value else {
        unreachable!("made a map above")
    };
    let child = fields
        .entry(key.to_string())
        .or_insert_with(|| Node::new(Value::Map(IndexMap::new()), span));
    if !matches!(child.value, Value::Map(_)) {
        *child = Node::new(Value::Map(IndexMap::new()), span);
    }
    let Value::Map(inner) = &mut child.value else {
        unreachable!("made a map above")
    };
    inner
}

fn field_mut<'n>(node: &'n mut Node, key: &str) -> Option<&'n mut Node> {
    match &mut node.value {
        Value::Map(fields) => fields.get_mut(key),
        _ => None,
    }
}

/// The node at a path of map keys, if every step exists.
fn at_mut<'n>(node: &'n mut Node, path: &[&str]) -> Option<&'n mut Node> {
    path.iter().try_fold(node, |n, key| match &mut n.value {
        Value::Map(fields) => fields.get_mut(*key),
        _ => None,
    })
}

fn kind(object: &Rendered) -> &str {
    object
        .body
        .get("kind")
        .and_then(|k| k.value.as_str())
        .unwrap_or_default()
}

pub fn name(object: &Rendered) -> &str {
    object
        .body
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(|n| n.value.as_str())
        .unwrap_or_default()
}

/// `namespace:` — every namespaced object moves there, and bindings'
/// service-account subjects that name an object of the kustomization
/// follow it.
pub fn namespace(objects: &mut [Rendered], namespace: &str, span: Option<Span>) {
    let service_accounts: Vec<String> = objects
        .iter()
        .filter(|o| kind(o) == "ServiceAccount")
        .map(|o| name(o).to_string())
        .collect();
    for object in objects.iter_mut() {
        let kind = kind(object).to_string();
        if matches!(kind.as_str(), "RoleBinding" | "ClusterRoleBinding")
            && let Some(Value::List(subjects)) =
                field_mut(&mut object.body, "subjects").map(|s| &mut s.value)
        {
            for subject in subjects.iter_mut() {
                let is_ours = subject.get("kind").and_then(|k| k.value.as_str())
                    == Some("ServiceAccount")
                    && subject
                        .get("name")
                        .and_then(|n| n.value.as_str())
                        .is_some_and(|n| service_accounts.iter().any(|s| s == n));
                if is_ours && let Value::Map(fields) = &mut subject.value {
                    fields.insert("namespace".into(), string(namespace, span));
                }
            }
        }
        if !is_cluster_scoped(&kind) {
            map_at(&mut object.body, "metadata", span)
                .insert("namespace".into(), string(namespace, span));
            object.namespaced = span.or(object.namespaced);
        }
    }
}

/// `namePrefix` / `nameSuffix`, and the references kustomize rewrites with
/// them: pods' service accounts, bindings' roles and subjects.
pub fn rename(objects: &mut [Rendered], prefix: &str, suffix: &str) {
    let mut renamed: Vec<(String, String, String)> = Vec::new();
    for object in objects.iter_mut() {
        let kind = kind(object).to_string();
        if matches!(kind.as_str(), "CustomResourceDefinition" | "Namespace") {
            continue;
        }
        let old = name(object).to_string();
        let new = format!("{prefix}{old}{suffix}");
        if let Some(node) = at_mut(&mut object.body, &["metadata", "name"]) {
            node.value = Value::String(new.clone());
            object.names.push(old.clone());
            renamed.push((kind, old, new));
        }
    }
    let new_name = |kind: &str, old: &str| {
        renamed
            .iter()
            .find(|(k, o, _)| k == kind && o == old)
            .map(|(_, _, n)| n.clone())
    };
    for object in objects.iter_mut() {
        rename_references(&mut object.body, &new_name);
    }
}

fn rename_references(node: &mut Node, new_name: &impl Fn(&str, &str) -> Option<String>) {
    let Value::Map(fields) = &mut node.value else {
        if let Value::List(items) = &mut node.value {
            items
                .iter_mut()
                .for_each(|i| rename_references(i, new_name));
        }
        return;
    };
    for key in ["serviceAccountName", "serviceAccount"] {
        if let Some(field) = fields.get_mut(key)
            && let Some(new) = field
                .value
                .as_str()
                .and_then(|old| new_name("ServiceAccount", old))
        {
            field.value = Value::String(new);
        }
    }
    // `roleRef` and `subjects` entries: `{kind, name}` pairs.
    let referred = fields
        .get("kind")
        .and_then(|k| k.value.as_str())
        .map(str::to_string);
    if let Some(kind) = referred
        && matches!(kind.as_str(), "Role" | "ClusterRole" | "ServiceAccount")
        && fields.get("apiVersion").is_none()
        && let Some(field) = fields.get_mut("name")
        && let Some(new) = field.value.as_str().and_then(|old| new_name(&kind, old))
    {
        field.value = Value::String(new);
    }
    for value in fields.values_mut() {
        rename_references(value, new_name);
    }
}

/// Kinds whose pod template kustomize labels, and where their selector is.
fn template_paths(kind: &str) -> &'static [&'static [&'static str]] {
    match kind {
        "Deployment"
        | "ReplicaSet"
        | "DaemonSet"
        | "StatefulSet"
        | "Job"
        | "ReplicationController" => &[&["spec", "template"]],
        "CronJob" => &[&["spec", "jobTemplate", "spec", "template"]],
        _ => &[],
    }
}

/// Where labels go beyond `metadata.labels`.
#[derive(Clone, Copy)]
pub struct LabelScope {
    pub selectors: bool,
    pub templates: bool,
}

/// `commonLabels` (selectors and templates) or a `labels` entry.
pub fn labels(objects: &mut [Rendered], pairs: &[(String, Node)], scope: LabelScope) {
    for object in objects.iter_mut() {
        let kind = kind(object).to_string();
        let add = |labels: &mut IndexMap<String, Node>| {
            for (key, value) in pairs {
                labels.insert(key.clone(), value.clone());
            }
        };
        add(map_at(
            map_at_node(&mut object.body, "metadata"),
            "labels",
            None,
        ));
        if scope.templates || scope.selectors {
            for path in template_paths(&kind) {
                if let Some(template) = make_path(&mut object.body, path) {
                    add(map_at(map_at_node(template, "metadata"), "labels", None));
                }
            }
        }
        if !scope.selectors {
            continue;
        }
        match kind.as_str() {
            "Service" => add(map_at(
                map_at_node(&mut object.body, "spec"),
                "selector",
                None,
            )),
            "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet" => {
                let spec = map_at_node(&mut object.body, "spec");
                add(map_at(map_at_node(spec, "selector"), "matchLabels", None));
            }
            // Only where a selector is written: kustomize does not create one.
            "Job" | "PodDisruptionBudget" => {
                if let Some(Node {
                    value: Value::Map(m),
                    ..
                }) = at_mut(&mut object.body, &["spec", "selector", "matchLabels"])
                {
                    add(m);
                }
            }
            "NetworkPolicy" => {
                if let Some(Node {
                    value: Value::Map(m),
                    ..
                }) = at_mut(&mut object.body, &["spec", "podSelector", "matchLabels"])
                {
                    add(m);
                }
            }
            _ => {}
        }
    }
}

/// `commonAnnotations`: on every object and its pod template.
pub fn annotations(objects: &mut [Rendered], pairs: &[(String, Node)]) {
    for object in objects.iter_mut() {
        let kind = kind(object).to_string();
        let add = |annotations: &mut IndexMap<String, Node>| {
            for (key, value) in pairs {
                annotations.insert(key.clone(), value.clone());
            }
        };
        add(map_at(
            map_at_node(&mut object.body, "metadata"),
            "annotations",
            None,
        ));
        for path in template_paths(&kind) {
            if let Some(template) = make_path(&mut object.body, path) {
                add(map_at(
                    map_at_node(template, "metadata"),
                    "annotations",
                    None,
                ));
            }
        }
    }
}

/// A map child as a node, created when absent.
fn map_at_node<'n>(node: &'n mut Node, key: &str) -> &'n mut Node {
    if !matches!(node.value, Value::Map(_)) {
        *node = Node::new(Value::Map(IndexMap::new()), node.span);
    }
    let Value::Map(fields) = &mut node.value else {
        unreachable!("made a map above")
    };
    fields
        .entry(key.to_string())
        .or_insert_with(|| Node::new(Value::Map(IndexMap::new()), None))
}

/// The node at `path` when its parent exists (the template itself is
/// never created: a kind without one is left alone).
fn make_path<'n>(node: &'n mut Node, path: &[&str]) -> Option<&'n mut Node> {
    at_mut(node, path).filter(|n| matches!(n.value, Value::Map(_)))
}

/// One `images` entry.
pub struct ImageRule {
    pub name: String,
    pub new_name: Option<Node>,
    pub new_tag: Option<Node>,
    pub digest: Option<Node>,
}

/// `images`: every container image whose name matches an entry gets its
/// new name, tag or digest.
pub fn images(objects: &mut [Rendered], rules: &[ImageRule]) {
    for object in objects.iter_mut() {
        retag(&mut object.body, rules);
    }
}

fn retag(node: &mut Node, rules: &[ImageRule]) {
    match &mut node.value {
        Value::Map(fields) => {
            for (key, value) in fields.iter_mut() {
                if matches!(
                    key.as_str(),
                    "containers" | "initContainers" | "ephemeralContainers"
                ) && let Value::List(containers) = &mut value.value
                {
                    for container in containers.iter_mut() {
                        if let Some(image) = field_mut(container, "image") {
                            retag_image(image, rules);
                        }
                    }
                }
                retag(value, rules);
            }
        }
        Value::List(items) => items.iter_mut().for_each(|i| retag(i, rules)),
        _ => {}
    }
}

fn retag_image(image: &mut Node, rules: &[ImageRule]) {
    let Some(current) = image.value.as_str() else {
        return;
    };
    let (name, tag, digest) = split_image(current);
    let Some(rule) = rules.iter().find(|r| r.name == name) else {
        return;
    };
    let text = |n: &Option<Node>| n.as_ref().map(|n| scalar_text(&n.value));
    let new_name = text(&rule.new_name).unwrap_or_else(|| name.to_string());
    let reference = match (text(&rule.digest), text(&rule.new_tag)) {
        (Some(digest), _) => format!("{new_name}@{digest}"),
        (None, Some(tag)) => format!("{new_name}:{tag}"),
        (None, None) => {
            let mut kept = new_name;
            if let Some(tag) = tag {
                kept.push(':');
                kept.push_str(tag);
            }
            if let Some(digest) = digest {
                kept.push('@');
                kept.push_str(digest);
            }
            kept
        }
    };
    // The line that decided the reference is where a finding about it goes.
    let span = [&rule.digest, &rule.new_tag, &rule.new_name]
        .into_iter()
        .find_map(|n| n.as_ref().and_then(|n| n.span))
        .or(image.span);
    *image = string(&reference, span);
}

/// `registry/name:tag@digest` → (`registry/name`, tag, digest).
fn split_image(image: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, digest) = match image.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (image, None),
    };
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest[last_slash..].rfind(':') {
        Some(colon) => {
            let at = last_slash + colon;
            (&rest[..at], Some(&rest[at + 1..]), digest)
        }
        None => (rest, None, digest),
    }
}

/// `replicas`: `{name, count}` entries.
pub fn replicas(objects: &mut [Rendered], wanted: &str, count: &Node) {
    for object in objects.iter_mut() {
        if name(object) == wanted || object.names.iter().any(|n| n == wanted) {
            map_at_node(&mut object.body, "spec");
            if let Value::Map(spec) = &mut map_at_node(&mut object.body, "spec").value {
                spec.insert("replicas".into(), count.clone());
            }
        }
    }
}

/// Makes the value at a kustomize field path (`spec.template.spec.
/// containers.[name=web].image`, `*` for every item) unknown: it is set
/// by something Strata does not apply.
pub fn unknown_at(node: &mut Node, path: &[&str]) {
    let Some((first, rest)) = path.split_first() else {
        node.value = Value::Unknown;
        return;
    };
    match &mut node.value {
        Value::Map(fields) => {
            if let Some(child) = fields.get_mut(*first) {
                unknown_at(child, rest);
            }
        }
        Value::List(items) => {
            let selector = first.strip_prefix('[').and_then(|s| s.strip_suffix(']'));
            for (i, item) in items.iter_mut().enumerate() {
                let chosen = match selector.and_then(|s| s.split_once('=')) {
                    Some((key, value)) => item
                        .get(key)
                        .is_some_and(|v| scalar_text(&v.value) == value),
                    None => *first == "*" || first.parse::<usize>() == Ok(i),
                };
                if chosen {
                    unknown_at(item, rest);
                }
            }
        }
        _ => {}
    }
}

/// Makes every string that holds `$(NAME)` of a declared var unknown.
pub fn unknown_vars(node: &mut Node, vars: &[String]) {
    match &mut node.value {
        Value::String(s) if vars.iter().any(|v| s.contains(&format!("$({v})"))) => {
            node.value = Value::Unknown;
        }
        Value::Map(fields) => fields.values_mut().for_each(|v| unknown_vars(v, vars)),
        Value::List(items) => items.iter_mut().for_each(|v| unknown_vars(v, vars)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references_split_at_tag_and_digest() {
        assert_eq!(split_image("nginx"), ("nginx", None, None));
        assert_eq!(split_image("nginx:1.2"), ("nginx", Some("1.2"), None));
        assert_eq!(
            split_image("localhost:5000/a/b:1@sha256:ab"),
            ("localhost:5000/a/b", Some("1"), Some("sha256:ab"))
        );
        assert_eq!(
            split_image("localhost:5000/a"),
            ("localhost:5000/a", None, None)
        );
    }
}

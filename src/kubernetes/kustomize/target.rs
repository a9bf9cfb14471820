//! Which objects a patch or a replacement is for: a `target:` selector
//! (group, version, kind, name as a regular expression, namespace, label
//! and annotation selectors), or a patch's own kind and name.

use regex::Regex;

use super::Rendered;
use crate::model::Node;

/// A selector read from a kustomization.
#[derive(Debug, Default)]
pub struct Target {
    group: Option<String>,
    version: Option<String>,
    kind: Option<String>,
    name: Option<Regex>,
    namespace: Option<String>,
    labels: Vec<Requirement>,
    annotations: Vec<Requirement>,
}

/// `key=value`, `key!=value`, `key` (exists) or `!key`.
#[derive(Debug)]
struct Requirement {
    key: String,
    value: Option<String>,
    negated: bool,
}

impl Target {
    /// Reads a `target:` / `select:` map.
    pub fn read(node: &Node) -> Result<Target, String> {
        let text = |key: &str| {
            node.get(key)
                .and_then(|n| n.value.as_str())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let name =
            match text("name") {
                Some(name) => Some(Regex::new(&format!("^(?:{name})$")).map_err(|e| {
                    format!("target name `{name}` is not a regular expression: {e}")
                })?),
                None => None,
            };
        Ok(Target {
            group: text("group"),
            version: text("version"),
            kind: text("kind"),
            name,
            namespace: text("namespace"),
            labels: requirements(text("labelSelector").as_deref())?,
            annotations: requirements(text("annotationSelector").as_deref())?,
        })
    }

    /// The object a strategic-merge patch names (its kind, name and, if
    /// written, namespace).
    pub fn of_patch(patch: &Node) -> Result<Target, String> {
        let text = |node: Option<&Node>, key: &str| {
            node.and_then(|n| n.get(key))
                .and_then(|n| n.value.as_str())
                .map(str::to_string)
        };
        let metadata = patch.get("metadata");
        let name = text(metadata, "name").ok_or("the patch names no object (no metadata.name)")?;
        Ok(Target {
            kind: text(Some(patch), "kind"),
            name: Some(
                Regex::new(&format!("^{}$", regex::escape(&name))).map_err(|e| e.to_string())?,
            ),
            namespace: text(metadata, "namespace"),
            ..Target::default()
        })
    }

    pub fn matches(&self, object: &Rendered) -> bool {
        let body = &object.body;
        let text = |node: Option<&Node>, key: &str| {
            node.and_then(|n| n.get(key))
                .and_then(|n| n.value.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let api_version = text(Some(body), "apiVersion");
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", &api_version));
        let metadata = body.get("metadata");
        let same =
            |wanted: &Option<String>, actual: &str| wanted.as_deref().is_none_or(|w| w == actual);
        let namespace = text(metadata, "namespace");
        let namespace_matches = match &self.namespace {
            None => true,
            Some(wanted) => *wanted == namespace || (namespace.is_empty() && wanted == "default"),
        };
        let name_matches = self.name.as_ref().is_none_or(|re| {
            re.is_match(&text(metadata, "name")) || object.names.iter().any(|n| re.is_match(n))
        });
        same(&self.group, group)
            && same(&self.version, version)
            && same(&self.kind, &text(Some(body), "kind"))
            && namespace_matches
            && name_matches
            && satisfied(&self.labels, metadata.and_then(|m| m.get("labels")))
            && satisfied(
                &self.annotations,
                metadata.and_then(|m| m.get("annotations")),
            )
    }
}

/// Reads an equality-based selector (`app=web,tier!=db,canary`).
fn requirements(selector: Option<&str>) -> Result<Vec<Requirement>, String> {
    let Some(selector) = selector else {
        return Ok(Vec::new());
    };
    if selector.contains('(') {
        return Err(format!(
            "set-based selector `{selector}` is not supported (only `key=value`, `key!=value`, `key`)"
        ));
    }
    Ok(selector
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|part| {
            if let Some((key, value)) = part.split_once("!=") {
                Requirement {
                    key: key.trim().into(),
                    value: Some(value.trim().into()),
                    negated: true,
                }
            } else if let Some((key, value)) = part.split_once('=') {
                Requirement {
                    key: key.trim().into(),
                    value: Some(value.trim_start_matches('=').trim().into()),
                    negated: false,
                }
            } else {
                let negated = part.starts_with('!');
                Requirement {
                    key: part.trim_start_matches('!').trim().into(),
                    value: None,
                    negated,
                }
            }
        })
        .collect())
}

fn satisfied(requirements: &[Requirement], labels: Option<&Node>) -> bool {
    requirements.iter().all(|r| {
        let actual = labels
            .and_then(|l| l.get(&r.key))
            .map(|v| super::scalar_text(&v.value));
        let holds = match (&r.value, &actual) {
            (None, found) => found.is_some(),
            (Some(wanted), Some(found)) => wanted == found,
            (Some(_), None) => false,
        };
        holds != r.negated
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubernetes::yaml;
    use crate::source::FileId;

    fn object(text: &str) -> Rendered {
        Rendered::new(yaml::load(text, FileId(0)).documents.remove(0))
    }

    fn target(text: &str) -> Target {
        Target::read(&yaml::load(text, FileId(0)).documents.remove(0)).unwrap()
    }

    #[test]
    fn selectors_match_kind_name_pattern_group_and_labels() {
        let web = object(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-1\n  labels: {app: web}\n",
        );
        assert!(target("kind: Deployment").matches(&web));
        assert!(target("name: web-.*").matches(&web));
        assert!(!target("name: web").matches(&web));
        assert!(target("group: apps\nversion: v1").matches(&web));
        assert!(!target("group: batch").matches(&web));
        assert!(target("labelSelector: app=web").matches(&web));
        assert!(!target("labelSelector: app!=web").matches(&web));
        assert!(target("labelSelector: '!tier'").matches(&web));
        assert!(!target("namespace: prod").matches(&web));
        assert!(target("namespace: default").matches(&web));
        let err = Target::read(&yaml::load("labelSelector: app in (a)", FileId(0)).documents[0])
            .unwrap_err();
        assert!(err.contains("set-based"), "{err}");
    }
}

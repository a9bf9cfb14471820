//! Rule files (YAML) → [`Rule`], with every problem reported at its line
//! and column. The condition itself is read by [`super::parse_condition`].

use std::sync::Arc;

use indexmap::IndexMap;

use super::condition::AttrPath;
use super::error::RuleError;
use super::parse_condition::parse_condition;
use super::rule::{Fix, Layer, Rule, Status};
use super::yaml::{self, Diagnostics, Yaml};
use crate::findings::Severity;
use crate::model::{SourceFormat, Value};

/// 1-based line and column.
type Position = (u32, u32);

const RULE_KEYS: &[&str] = &[
    "id",
    "name",
    "title",
    "severity",
    "layer",
    "status",
    "applies_to",
    "formats",
    "message",
    "description",
    "recipe",
    "snippets",
    "references",
    "location",
    "fix",
    "when",
    "condition",
    "supersedes",
];

const REQUIRED: &[&str] = &[
    "id",
    "name",
    "title",
    "severity",
    "layer",
    "applies_to",
    "message",
    "description",
    "recipe",
    "condition",
];

/// Parses one rule file. `origin` names it in errors and must end with
/// `<ID>….yaml` when it is a `.yaml`/`.yml` path.
pub fn parse_rule(origin: &str, text: &str) -> Result<Rule, Vec<RuleError>> {
    parse_rule_at(origin, text).map(|(rule, _)| rule)
}

/// Like [`parse_rule`], also returning where the `id` is (for duplicates).
pub(crate) fn parse_rule_at(
    origin: &str,
    text: &str,
) -> Result<(Rule, Option<Position>), Vec<RuleError>> {
    let doc = yaml::load(origin, text).map_err(|e| vec![e])?;
    let mut diag = Diagnostics::new(origin);
    let Some(entries) = diag.mapping(&doc, "a rule") else {
        return Err(diag.errors);
    };
    let mut fields: IndexMap<&str, (&Yaml, &Yaml)> = IndexMap::new();
    for (key, key_node, value) in entries {
        if RULE_KEYS.contains(&key) {
            fields.insert(key, (key_node, value));
        } else {
            diag.at(
                key_node,
                format!(
                    "unknown key `{key}` (expected one of {})",
                    yaml::one_of_list(RULE_KEYS)
                ),
            );
        }
    }
    for required in REQUIRED {
        if !fields.contains_key(required) {
            diag.at(&doc, format!("missing required field `{required}`"));
        }
    }
    let value = |key: &str| fields.get(key).map(|(_, v)| *v);

    let id = value("id").and_then(|n| parse_id(&mut diag, n));
    let name = value("name").and_then(|n| parse_name(&mut diag, n));
    let title = value("title").and_then(|n| text_field(&mut diag, n, "title"));
    let severity = value("severity").and_then(|n| {
        let s = diag.string(n, "`severity`")?;
        let parsed = match s.as_str() {
            "critical" => Some(Severity::Critical),
            "high" => Some(Severity::High),
            "medium" => Some(Severity::Medium),
            "low" => Some(Severity::Low),
            _ => None,
        };
        if parsed.is_none() {
            diag.at(n, "`severity` must be one of critical, high, medium, low");
        }
        parsed
    });
    let layer = value("layer").and_then(|n| {
        let s = diag.string(n, "`layer`")?;
        let parsed = match s.as_str() {
            "cloud" => Some(Layer::Cloud),
            "cluster" => Some(Layer::Cluster),
            "container" => Some(Layer::Container),
            "code" => Some(Layer::Code),
            _ => None,
        };
        if parsed.is_none() {
            diag.at(n, "`layer` must be one of cloud, cluster, container, code");
        }
        parsed
    });
    let status = match value("status") {
        None => Some(Status::Stable),
        Some(n) => diag.string(n, "`status`").and_then(|s| {
            let parsed = match s.as_str() {
                "stable" => Some(Status::Stable),
                "experimental" => Some(Status::Experimental),
                "deprecated" => Some(Status::Deprecated),
                _ => None,
            };
            if parsed.is_none() {
                diag.at(
                    n,
                    "`status` must be one of stable, experimental, deprecated",
                );
            }
            parsed
        }),
    };
    let applies_to = value("applies_to").and_then(|n| {
        let kinds = diag.strings(n, "`applies_to`")?;
        if kinds.is_empty() || kinds.iter().any(|k| k.trim().is_empty()) {
            diag.at(
                n,
                "`applies_to` must list at least one resource kind (or `*`)",
            );
            return None;
        }
        Some(kinds)
    });
    let formats = match value("formats") {
        None => Some(Vec::new()),
        Some(n) => diag.strings(n, "`formats`").and_then(|names| {
            let parsed: Option<Vec<SourceFormat>> = names
                .iter()
                .map(|name| match name.as_str() {
                    "terraform" => Some(SourceFormat::Terraform),
                    "kubernetes" => Some(SourceFormat::Kubernetes),
                    "helm" => Some(SourceFormat::Helm),
                    "dockerfile" => Some(SourceFormat::Dockerfile),
                    _ => None,
                })
                .collect();
            if parsed.is_none() {
                diag.at(
                    n,
                    "`formats` entries must be terraform, kubernetes, helm or dockerfile",
                );
            }
            parsed
        }),
    };
    let message = value("message").and_then(|n| {
        let m = text_field(&mut diag, n, "message")?;
        match check_placeholders(&m) {
            Ok(()) => Some(m),
            Err(e) => {
                diag.at(n, e);
                None
            }
        }
    });
    let description = value("description").and_then(|n| text_field(&mut diag, n, "description"));
    let recipe = value("recipe").and_then(|n| text_field(&mut diag, n, "recipe"));
    let snippets = match value("snippets") {
        None => Some(IndexMap::new()),
        Some(n) => parse_snippets(&mut diag, n),
    };
    let references = match value("references") {
        None => Some(IndexMap::new()),
        Some(n) => parse_references(&mut diag, n),
    };
    let location = match value("location") {
        None => Some(None),
        Some(n) => diag.string(n, "`location`").and_then(|s| {
            if AttrPath::parse(&s).is_none_or(|p| p.is_self()) {
                diag.at(n, format!("`location` is not an attribute path: `{s}`"));
                return None;
            }
            Some(Some(s))
        }),
    };
    let fix = match value("fix") {
        None => Some(None),
        Some(n) => parse_fix(&mut diag, n).map(Some),
    };
    let when = match value("when") {
        None => Some(None),
        Some(n) => parse_condition(&mut diag, n).map(Some),
    };
    let condition = value("condition").and_then(|n| parse_condition(&mut diag, n));
    let supersedes = match value("supersedes") {
        None => Some(Vec::new()),
        Some(n) => diag.strings(n, "`supersedes`").and_then(|ids| {
            let bad = ids.iter().find(|id| {
                !(id.starts_with(|c: char| c.is_ascii_uppercase())
                    && id.ends_with(|c: char| c.is_ascii_digit())
                    && id
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
            });
            match bad {
                Some(bad) => {
                    diag.at(n, format!("`supersedes` must list rule ids; found `{bad}`"));
                    None
                }
                None => Some(ids),
            }
        }),
    };

    if let (Some(id), Some((_, id_node))) = (&id, fields.get("id")) {
        check_file_name(&mut diag, id_node, id);
    }
    if !diag.errors.is_empty() {
        return Err(diag.errors);
    }
    let id_position = fields.get("id").map(|(_, n)| yaml::position(n));
    // Every `None` recorded an error above, so this only assembles.
    let rule = (move || {
        Some(Rule {
            id: id?,
            name: name?,
            title: title?.into(),
            severity: severity?,
            layer: layer?,
            status: status?,
            applies_to: applies_to?,
            formats: formats?,
            message: message?,
            description: description?,
            recipe: recipe?.trim().into(),
            snippets: snippets?,
            references: Arc::new(references?),
            location: location?,
            fix: fix?,
            when: when?,
            condition: condition?,
            supersedes: supersedes?,
            origin: origin.to_string(),
        })
    })();
    match rule {
        Some(rule) => Ok((rule, id_position)),
        None => Err(vec![RuleError::new(origin, None, "invalid rule")]),
    }
}

fn parse_id(diag: &mut Diagnostics, node: &Yaml) -> Option<String> {
    let id = diag.string(node, "`id`")?;
    let mut chars = id.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && id.ends_with(|c: char| c.is_ascii_digit());
    if !valid {
        diag.at(
            node,
            format!(
                "`id` must be an upper-case prefix followed by digits, like AWS001; found `{id}`"
            ),
        );
        return None;
    }
    Some(id)
}

fn parse_name(diag: &mut Diagnostics, node: &Yaml) -> Option<String> {
    let name = diag.string(node, "`name`")?;
    let valid = !name.is_empty()
        && name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !valid {
        diag.at(
            node,
            format!("`name` must be kebab-case (lower-case words joined by `-`); found `{name}`"),
        );
        return None;
    }
    Some(name)
}

fn text_field(diag: &mut Diagnostics, node: &Yaml, key: &str) -> Option<String> {
    let text = diag.string(node, &format!("`{key}`"))?;
    if text.trim().is_empty() {
        diag.at(node, format!("`{key}` must not be empty"));
        return None;
    }
    Some(text)
}

/// `{resource}`, `{value}` and `{attr}` are the only placeholders.
pub(crate) fn check_placeholders(message: &str) -> Result<(), String> {
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        let is_word =
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if is_word && !matches!(name, "resource" | "value" | "attr") {
            return Err(format!(
                "unknown placeholder `{{{name}}}` in `message` (expected {{resource}}, {{value}} or {{attr}})"
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// `fix: {title, set, value, safe}`: the attribute to set and its value.
fn parse_fix(diag: &mut Diagnostics, node: &Yaml) -> Option<Fix> {
    let entries = diag.mapping(node, "`fix`")?;
    let before = diag.errors.len();
    let (mut title, mut attr, mut value, mut safe) = (None, None, None, false);
    for (key, key_node, field) in entries {
        match key {
            "title" => title = diag.string(field, "`fix.title`"),
            "set" => {
                attr = diag.string(field, "`fix.set`").filter(|s| {
                    let ok = AttrPath::parse(s).is_some_and(|p| !p.is_self());
                    if !ok {
                        diag.at(field, format!("`fix.set` is not an attribute path: `{s}`"));
                    }
                    ok
                })
            }
            "value" => {
                value = match &field.data {
                    saphyr::YamlData::Value(saphyr::Scalar::Boolean(b)) => Some(Value::Bool(*b)),
                    saphyr::YamlData::Value(saphyr::Scalar::Integer(i)) => {
                        Some(Value::Number(*i as f64))
                    }
                    saphyr::YamlData::Value(saphyr::Scalar::String(s)) => {
                        Some(Value::String(s.to_string()))
                    }
                    _ => {
                        diag.at(
                            field,
                            "`fix.value` must be a boolean, an integer or a string",
                        );
                        None
                    }
                }
            }
            "safe" => safe = diag.bool(field, "`fix.safe`").unwrap_or(false),
            other => diag.at(key_node, format!("unknown field `fix.{other}`")),
        }
    }
    if attr.is_none() || value.is_none() {
        diag.at(node, "`fix` needs `set` (an attribute) and `value`");
    }
    (diag.errors.len() == before).then(|| {
        let attr = attr.unwrap_or_default();
        let value = value.unwrap_or_default();
        Fix {
            title: title.unwrap_or_else(|| format!("Set `{attr}` to {}", value.display())),
            attr,
            value,
            safe,
        }
    })
}

fn parse_snippets(diag: &mut Diagnostics, node: &Yaml) -> Option<IndexMap<String, String>> {
    let entries = diag.mapping(node, "`snippets`")?;
    let before = diag.errors.len();
    let mut out = IndexMap::new();
    for (format, _, value) in entries {
        if let Some(text) = text_field(diag, value, &format!("snippets.{format}")) {
            out.insert(format.to_string(), text);
        }
    }
    (diag.errors.len() == before).then_some(out)
}

fn parse_references(diag: &mut Diagnostics, node: &Yaml) -> Option<IndexMap<String, Vec<String>>> {
    let entries = diag.mapping(node, "`references`")?;
    let before = diag.errors.len();
    let mut out = IndexMap::new();
    for (peer, _, value) in entries {
        if let Some(ids) = diag.strings(value, &format!("`references.{peer}`")) {
            if ids.is_empty() {
                diag.at(value, format!("`references.{peer}` must not be empty"));
            }
            out.insert(peer.to_string(), ids);
        }
    }
    (diag.errors.len() == before).then_some(out)
}

/// `rules/cloud/AWS001-s3-….yaml` must hold rule `AWS001`.
fn check_file_name(diag: &mut Diagnostics, id_node: &Yaml, id: &str) {
    let origin = diag.origin;
    let file = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
    if !(file.ends_with(".yaml") || file.ends_with(".yml")) {
        return;
    }
    let matches = file
        .strip_prefix(id)
        .is_some_and(|rest| rest.starts_with('-') || rest.starts_with('.'));
    if !matches {
        diag.at(
            id_node,
            format!("file name `{file}` does not start with the rule id `{id}` (expected `{id}-<name>.yaml`)"),
        );
    }
}

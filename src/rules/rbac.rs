//! `template: rbac_grants`: a Role or ClusterRole can perform an operation,
//! directly or through wildcards.
//!
//! Parameters: `any_of` (flagged when one operation is granted) or `all_of`
//! (flagged when every operation is granted, each by some rule), a list of
//! operations `{api_groups: […], resources: […], verbs: […]}`; a rule
//! grants an operation when it names one of each, or `*`. Resource
//! wildcards follow the API server: `*`, `pods/*` for every subresource of
//! pods, `*/scale` for one subresource of every resource.
//!
//! Two kinds of rule are left to other checks: a rule restricted with
//! `resourceNames` (the narrowing the recipes recommend), and a rule that
//! grants `*` verbs on `*` resources in `*` groups, which K8S056 reports
//! once as what it is — every permission — instead of once per operation.
//!
//! The witness is the verb that grants the operation; `{value}` renders as
//! that verb, or as `*` with the operation it includes.

use std::borrow::Cow;
use std::sync::Arc;

use super::{Params, Template, TemplateDef, TemplateInput, check_keys, clean};
use crate::engine::{Outcome, Truth, Witness, WitnessValue};
use crate::model::{Node, Value};

pub const DEF: TemplateDef = TemplateDef {
    name: "rbac_grants",
    compile,
};

/// One API operation, as sets of accepted names.
#[derive(Debug)]
struct Operation {
    api_groups: Vec<String>,
    resources: Vec<String>,
    verbs: Vec<String>,
}

#[derive(Debug)]
struct RbacGrants {
    operations: Vec<Operation>,
    /// Every operation must be granted (`all_of`), or one (`any_of`).
    all: bool,
}

fn compile(params: &Params) -> Result<Arc<dyn Template>, String> {
    check_keys(params, &["any_of", "all_of"])?;
    let (key, all) = match (params.get("any_of"), params.get("all_of")) {
        (Some(_), None) => ("any_of", false),
        (None, Some(_)) => ("all_of", true),
        _ => return Err("give exactly one of `any_of` and `all_of`".into()),
    };
    let Some(Value::List(items)) = params.get(key) else {
        return Err(format!("`{key}` must be a list of operations"));
    };
    let operations = items
        .iter()
        .map(|item| operation(item).map_err(|e| format!("`{key}`: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    if operations.is_empty() {
        return Err(format!("`{key}` lists no operation"));
    }
    Ok(Arc::new(RbacGrants { operations, all }))
}

fn operation(item: &Node) -> Result<Operation, String> {
    let Value::Map(map) = &item.value else {
        return Err("an operation is a map of `api_groups`, `resources` and `verbs`".into());
    };
    if let Some(k) = map
        .keys()
        .find(|k| !["api_groups", "resources", "verbs"].contains(&k.as_str()))
    {
        return Err(format!("unknown key `{k}` in an operation"));
    }
    let list = |key: &str| -> Result<Vec<String>, String> {
        match map.get(key).map(|n| &n.value) {
            Some(Value::List(items)) if !items.is_empty() => items
                .iter()
                .map(|n| match &n.value {
                    Value::String(s) => Ok(s.clone()),
                    _ => Err(format!("`{key}` must be a list of strings")),
                })
                .collect(),
            _ => Err(format!("an operation needs a non-empty `{key}` list")),
        }
    };
    Ok(Operation {
        api_groups: list("api_groups")?,
        resources: list("resources")?,
        verbs: list("verbs")?,
    })
}

/// The strings of a rule's list field; `None` when it is not known.
fn names<'a>(rule: &'a Node, key: &str) -> Option<Vec<(String, Option<&'a Node>)>> {
    match rule.get(key).map(|n| &n.value) {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::List(items)) => items
            .iter()
            .map(|n| match &n.value {
                Value::String(s) => Some((s.clone(), Some(n))),
                Value::Unknown => None,
                // A number or a map is no name the API server accepts.
                _ => Some((String::new(), Some(n))),
            })
            .collect(),
        Some(Value::String(s)) => Some(vec![(s.clone(), rule.get(key))]),
        Some(_) => None,
    }
}

fn resource_matches(granted: &str, wanted: &str) -> bool {
    if granted == "*" || granted == wanted {
        return true;
    }
    match (granted.split_once('/'), wanted.split_once('/')) {
        (Some((g, "*")), Some((w, _))) => g == w,
        (Some(("*", g)), Some((_, w))) => g == w,
        _ => false,
    }
}

/// What one RBAC rule says about an operation: granted (with the verb
/// node that grants it), not granted, or not known.
enum Grant<'a> {
    Yes(&'a Node, String),
    No,
    Unknown,
}

fn grants<'a>(rule: &'a Node, op: &Operation) -> Grant<'a> {
    let (Some(groups), Some(resources), Some(verbs)) = (
        names(rule, "apiGroups"),
        names(rule, "resources"),
        names(rule, "verbs"),
    ) else {
        return Grant::Unknown;
    };
    match names(rule, "resourceNames") {
        None => return Grant::Unknown,
        Some(restricted) if !restricted.is_empty() => return Grant::No,
        Some(_) => {}
    }
    let star = |list: &[(String, Option<&Node>)]| list.iter().any(|(s, _)| s == "*");
    if star(&groups) && star(&resources) && star(&verbs) {
        return Grant::No; // every permission: K8S056
    }
    let group_ok = groups
        .iter()
        .any(|(g, _)| g == "*" || op.api_groups.contains(g));
    let resource_ok = resources
        .iter()
        .any(|(r, _)| op.resources.iter().any(|w| resource_matches(r, w)));
    // The named verb wins over `*` as the witness: it is the one to remove.
    let verb = verbs
        .iter()
        .find(|(v, _)| op.verbs.contains(v))
        .or_else(|| verbs.iter().find(|(v, _)| v == "*"));
    match verb {
        Some((v, node)) if group_ok && resource_ok => {
            let shown = if v == "*" {
                format!("`*` (every verb, {})", op.verbs.join("/"))
            } else {
                format!("`{v}`")
            };
            match node.or(rule.get("verbs")) {
                Some(node) => Grant::Yes(node, shown),
                None => Grant::No,
            }
        }
        _ => Grant::No,
    }
}

impl Template for RbacGrants {
    fn check<'a>(&self, input: &TemplateInput<'a>) -> Outcome<'a> {
        let rules: &[Node] = match input.node.get("rules").map(|n| &n.value) {
            None | Some(Value::Null) => &[],
            Some(Value::List(items)) => items,
            Some(Value::Unknown) => return Outcome::unknown(),
            Some(_) => &[],
        };
        let mut witness = None;
        let mut unknown = false;
        for op in &self.operations {
            let mut granted = None;
            for (index, rule) in rules.iter().enumerate() {
                match grants(rule, op) {
                    Grant::Yes(node, shown) => {
                        granted = Some((index, node, shown));
                        break;
                    }
                    Grant::Unknown => unknown = true,
                    Grant::No => {}
                }
            }
            match (granted, self.all) {
                (Some(found), false) => {
                    witness = Some(found);
                    break;
                }
                (Some(found), true) => {
                    witness.get_or_insert(found);
                }
                (None, true) => return clean(unknown),
                (None, false) => {}
            }
        }
        match witness {
            Some((index, node, shown)) => {
                let attr = Cow::Owned(format!("rules.{index}.verbs"));
                let witness =
                    Witness::attr(node, attr).with_value(WitnessValue::Text(Cow::Owned(shown)));
                Outcome::new(Truth::True, Some(witness))
            }
            None => clean(unknown),
        }
    }
}

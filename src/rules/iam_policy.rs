//! `template: iam_policy`: judges the IAM policy documents a resource
//! holds, on the statement model of [`crate::model::iam`].
//!
//! Parameters:
//! - `attributes: [policy, inline_policy.policy, …]` (required): where the
//!   documents are; lists (repeated blocks) are stepped through;
//! - `check` (required): what is bad —
//!   - `admin`: an Allow of every action (`*`, or any `NotAction`) on every
//!     resource;
//!   - `wildcard_action`: an Allow of every action, on any resource;
//!   - `privilege_escalation`: the policy lets its holder grant itself more
//!     (attach or write policies, create access keys or login profiles, or
//!     pass a role to a service it can start), on every resource, with no
//!     Deny taking it back;
//!   - `public`: an Allow to anyone (`*`, `{"AWS": "*"}`) with no condition
//!     narrowing it to known accounts, organisations, networks or sources.
//!
//! A Deny statement never makes a finding. The witness is the element that
//! decides (the `*` action, the principal) where the document was written
//! in HCL, else the attribute; `{value}` names the statement.

use std::borrow::Cow;
use std::sync::Arc;

use super::{Params, Template, TemplateDef, TemplateInput, check_keys, clean, string_list};
use crate::engine::{Outcome, Truth, Witness, WitnessKind, WitnessValue};
use crate::model::iam::{self, Effect, Known, Policy, Statement};
use crate::model::{Node, Value};

pub const DEF: TemplateDef = TemplateDef {
    name: "iam_policy",
    compile,
};

#[derive(Clone, Copy, Debug)]
enum Check {
    Admin,
    WildcardAction,
    PrivilegeEscalation,
    Public,
}

#[derive(Debug)]
struct IamPolicy {
    attributes: Vec<Vec<String>>,
    check: Check,
}

fn compile(params: &Params) -> Result<Arc<dyn Template>, String> {
    check_keys(params, &["attributes", "check"])?;
    let attributes = string_list(params, "attributes")?
        .filter(|a| !a.is_empty())
        .ok_or("`attributes` must list where the policy documents are")?
        .iter()
        .map(|a| a.split('.').map(str::to_string).collect())
        .collect();
    let check = match params.get("check").and_then(Value::as_str) {
        Some("admin") => Check::Admin,
        Some("wildcard_action") => Check::WildcardAction,
        Some("privilege_escalation") => Check::PrivilegeEscalation,
        Some("public") => Check::Public,
        _ => {
            return Err(
                "`check` must be one of admin, wildcard_action, privilege_escalation, public"
                    .into(),
            );
        }
    };
    Ok(Arc::new(IamPolicy { attributes, check }))
}

/// What makes a policy bad, found: where to point and what to say.
struct Found {
    span: Option<crate::source::Span>,
    text: String,
}

impl Template for IamPolicy {
    fn check<'a>(&self, input: &TemplateInput<'a>) -> Outcome<'a> {
        let mut unknown = false;
        for path in &self.attributes {
            for node in at_path(input.node, path) {
                let Some(policy) = Policy::read(node) else {
                    // An unknown document might say anything.
                    unknown |= node.value.is_unknown();
                    continue;
                };
                match self.judge(&policy) {
                    Ok(found) => {
                        let witness = Witness {
                            kind: WitnessKind::Attr,
                            span: found.span.or(node.span),
                            attr: Cow::Owned(path.join(".")),
                            value: WitnessValue::Text(Cow::Owned(found.text)),
                        };
                        return Outcome::new(Truth::True, Some(witness));
                    }
                    Err(maybe) => unknown |= maybe,
                }
            }
        }
        clean(unknown)
    }
}

/// Every node at `path`, stepping through lists; unknown steps give an
/// unknown node.
fn at_path<'a>(node: &'a Node, path: &[String]) -> Vec<&'a Node> {
    let Some((first, rest)) = path.split_first() else {
        return vec![node];
    };
    match &node.value {
        Value::List(items) => items.iter().flat_map(|i| at_path(i, path)).collect(),
        Value::Map(_) => node.get(first).map_or_else(Vec::new, |n| at_path(n, rest)),
        _ => Vec::new(),
    }
}

impl IamPolicy {
    /// `Ok` with what was found, or `Err(true)` when it might be there.
    fn judge(&self, policy: &Policy) -> Result<Found, bool> {
        match self.check {
            Check::Admin => first(policy, |s| {
                iam::and(
                    s.is(Effect::Allow),
                    iam::and(s.actions.everything(), s.resources.everything()),
                )
            })
            .map(|(i, s)| every_action(i, s, " on every resource")),
            Check::WildcardAction => first(policy, |s| {
                iam::and(s.is(Effect::Allow), s.actions.everything())
            })
            .map(|(i, s)| every_action(i, s, "")),
            Check::Public => first(policy, Statement::public).map(|(i, s)| Found {
                span: s
                    .principal
                    .as_ref()
                    .and_then(|p| anyone(&p.node).or(p.node.span)),
                text: format!(
                    "{} allows anyone, with no condition narrowing it",
                    s.label(i)
                ),
            }),
            Check::PrivilegeEscalation => escalation(policy),
        }
    }
}

/// Where a principal says "anyone": the `*` itself.
fn anyone(principal: &Node) -> Option<crate::source::Span> {
    let star = |n: &Node| n.value.as_str().is_some_and(|s| s.trim() == "*");
    match &principal.value {
        Value::String(_) if star(principal) => principal.span,
        Value::Map(map) => map.values().find_map(|ids| match &ids.value {
            Value::List(items) => items.iter().find(|n| star(n)).and_then(|n| n.span),
            _ if star(ids) => ids.span,
            _ => None,
        }),
        _ => None,
    }
}

/// The first statement for which `test` is true; `Err(true)` if none is
/// but some might be.
fn first(policy: &Policy, test: impl Fn(&Statement) -> Known) -> Result<(usize, &Statement), bool> {
    let mut unknown = false;
    for (i, s) in policy.statements.iter().enumerate() {
        match test(s) {
            Some(true) => return Ok((i, s)),
            None => unknown = true,
            Some(false) => {}
        }
    }
    Err(unknown)
}

fn every_action(index: usize, s: &Statement, scope: &str) -> Found {
    let what = if s.actions.negated {
        "every action but those under `NotAction`".to_string()
    } else {
        "`\"Action\": \"*\"`".to_string()
    };
    let culprit = s
        .actions
        .culprit(|a| matches!(a.trim(), "*" | "*:*"))
        .unwrap_or(&s.actions.node);
    Found {
        span: culprit.span.or(s.node.span),
        text: format!("{} allows {what}{scope}", s.label(index)),
    }
}

/// Actions that let an identity give itself any permission.
const SELF_GRANTING: &[&str] = &[
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:AddUserToGroup",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "lambda:UpdateFunctionCode",
    "glue:UpdateDevEndpoint",
];

/// Services that run code as a role passed to them (`iam:PassRole`).
const RUNS_PASSED_ROLE: &[&str] = &[
    "ec2:RunInstances",
    "lambda:CreateFunction",
    "cloudformation:CreateStack",
    "glue:CreateDevEndpoint",
    "datapipeline:CreatePipeline",
    "ecs:RunTask",
    "sagemaker:CreateNotebookInstance",
    "codebuild:CreateProject",
];

fn escalation(policy: &Policy) -> Result<Found, bool> {
    let mut unknown = false;
    let found = |action: &str, s: Option<&Statement>, text: String| Found {
        span: s.and_then(|s| {
            s.actions
                .culprit(|p| iam::wildcard_match(p, action))
                .or(Some(&s.actions.node))
                .and_then(|n| n.span)
                .or(s.node.span)
        }),
        text,
    };
    for action in SELF_GRANTING {
        match policy.allows_everywhere(action) {
            (Some(true), by) => {
                return Ok(found(
                    action,
                    by,
                    format!("grants `{action}` on every resource"),
                ));
            }
            (None, _) => unknown = true,
            _ => {}
        }
    }
    let (pass, pass_by) = policy.allows_everywhere("iam:PassRole");
    if pass == Some(false) {
        return Err(unknown);
    }
    for action in RUNS_PASSED_ROLE {
        match (pass, policy.allows_everywhere(action).0) {
            (Some(true), Some(true)) => {
                let text = format!("grants `iam:PassRole` with `{action}` on every resource");
                return Ok(found("iam:PassRole", pass_by, text));
            }
            (_, Some(false)) => {}
            _ => unknown = true,
        }
    }
    Err(unknown)
}

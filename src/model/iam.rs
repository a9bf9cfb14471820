//! IAM policy documents, read once into statements (effect, actions or
//! not-actions, resources or not-resources, principals, conditions) with
//! the semantics the IAM rules share: which actions a statement grants,
//! whether it grants them on every resource, whether its principal is
//! anyone, and whether a condition narrows who that can be.
//!
//! Documents come from a JSON string or from what the front end decoded
//! (`jsonencode`, `aws_iam_policy_document`; see [`Node::decoded`]), so a
//! statement keeps the spans of the expressions that wrote it. Every
//! answer is three-valued: an unknown element makes the answer unknown
//! unless a known one already decides it.

use crate::model::{Node, Value};

/// A three-valued answer: `None` when it cannot be known.
pub type Known = Option<bool>;

/// A policy document's statements (an unknown one stands for any).
#[derive(Debug)]
pub struct Policy {
    pub statements: Vec<Statement>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Debug)]
pub struct Statement {
    /// The statement as written; unknown when it cannot be known at all.
    pub node: Node,
    pub sid: Option<String>,
    /// `None` when unknown.
    pub effect: Option<Effect>,
    /// `Action`, or `NotAction` (`negated`).
    pub actions: Element,
    pub resources: Element,
    /// `Principal` or `NotPrincipal`; absent in identity policies.
    pub principal: Option<Element>,
    pub condition: Option<Node>,
}

/// A list-or-string element such as `Action` or `NotResource`.
#[derive(Debug, Clone)]
pub struct Element {
    pub negated: bool,
    pub node: Node,
}

impl Policy {
    /// The policy in a string node (its text or its decoded document);
    /// `None` when the node holds no readable document.
    pub fn read(node: &Node) -> Option<Policy> {
        let document = super::json::document(node)?;
        if document.value.is_unknown() {
            return None;
        }
        let statements = match document.get("Statement") {
            None => Vec::new(),
            Some(list) => match &list.value {
                Value::List(items) => items.iter().map(Statement::read).collect(),
                Value::Map(_) => vec![Statement::read(list)],
                _ => vec![Statement::read(&Node::unknown(list.span))],
            },
        };
        Some(Policy { statements })
    }

    /// Whether the policy lets its holder perform `action` on every
    /// resource: some Allow grants it and no unconditional Deny takes it
    /// away.
    pub fn allows_everywhere(&self, action: &str) -> (Known, Option<&Statement>) {
        let mut granted = Some(false);
        let mut by = None;
        let mut denied = Some(false);
        for s in &self.statements {
            let grants = and(
                s.is(Effect::Allow),
                and(s.actions.covers(action), s.resources.everything()),
            );
            if grants == Some(true) && by.is_none() {
                by = Some(s);
            }
            granted = or(granted, grants);
            let unconditional = match &s.condition {
                None => Some(true),
                Some(c) if c.value.is_unknown() => None,
                Some(_) => Some(false),
            };
            let denies = and(
                s.is(Effect::Deny),
                and(
                    unconditional,
                    and(s.actions.covers(action), s.resources.everything()),
                ),
            );
            denied = or(denied, denies);
        }
        (and(granted, not(denied)), by)
    }
}

impl Statement {
    fn read(node: &Node) -> Statement {
        let element = |plain: &str, not: &str| match (node.get(plain), node.get(not)) {
            (Some(n), _) => Element {
                negated: false,
                node: n.clone(),
            },
            (None, Some(n)) => Element {
                negated: true,
                node: n.clone(),
            },
            // Neither: unknown for an unknown statement, else nothing.
            (None, None) => Element {
                negated: false,
                node: if node.value.is_unknown() {
                    Node::unknown(node.span)
                } else {
                    Node::new(Value::List(Vec::new()), node.span)
                },
            },
        };
        let effect = match node.get("Effect").map(|n| &n.value) {
            Some(Value::String(e)) if e.eq_ignore_ascii_case("allow") => Some(Effect::Allow),
            Some(Value::String(e)) if e.eq_ignore_ascii_case("deny") => Some(Effect::Deny),
            _ => None,
        };
        let principal = match (node.get("Principal"), node.get("NotPrincipal")) {
            (Some(n), _) => Some(Element {
                negated: false,
                node: n.clone(),
            }),
            (None, Some(n)) => Some(Element {
                negated: true,
                node: n.clone(),
            }),
            (None, None) if node.value.is_unknown() => Some(Element {
                negated: false,
                node: Node::unknown(node.span),
            }),
            (None, None) => None,
        };
        Statement {
            sid: node
                .get("Sid")
                .and_then(|n| n.value.as_str())
                .map(str::to_string),
            effect,
            actions: element("Action", "NotAction"),
            resources: element("Resource", "NotResource"),
            principal,
            condition: node.get("Condition").cloned(),
            node: node.clone(),
        }
    }

    pub fn is(&self, effect: Effect) -> Known {
        self.effect.map(|e| e == effect)
    }

    /// How a message names the statement: its Sid, else its position.
    pub fn label(&self, index: usize) -> String {
        match &self.sid {
            Some(sid) if !sid.is_empty() => format!("statement `{sid}`"),
            _ => format!("statement {}", index + 1),
        }
    }

    /// Whether the principal is anyone at all (`*`, `{"AWS": "*"}`, or a
    /// `NotPrincipal`, which is everyone but a few).
    pub fn principal_is_anyone(&self) -> Known {
        let Some(principal) = &self.principal else {
            return Some(false);
        };
        if principal.negated {
            return unless_unknown(Some(!principal.node.value.is_null()), &principal.node);
        }
        match &principal.node.value {
            Value::Unknown => None,
            Value::String(s) => Some(s.trim() == "*"),
            Value::Map(map) => map
                .iter()
                .filter(|(kind, _)| kind.eq_ignore_ascii_case("AWS") || kind.as_str() == "*")
                .map(|(_, ids)| strings_contain(ids, |s| s.trim() == "*"))
                .fold(Some(false), or),
            _ => Some(false),
        }
    }

    /// Whether a condition narrows who the principal can be to known
    /// accounts, organisations, networks or calling resources.
    pub fn restricted(&self) -> Known {
        let Some(condition) = &self.condition else {
            return Some(false);
        };
        let Value::Map(operators) = &condition.value else {
            return if condition.value.is_unknown() {
                None
            } else {
                Some(false)
            };
        };
        let mut result = Some(false);
        for (operator, keys) in operators {
            if !narrowing_operator(operator) {
                continue;
            }
            let Value::Map(keys) = &keys.value else {
                if keys.value.is_unknown() {
                    result = or(result, None);
                }
                continue;
            };
            for (key, values) in keys {
                if !RESTRICTING_KEYS.iter().any(|k| key.eq_ignore_ascii_case(k)) {
                    continue;
                }
                // A restriction to "anything" restricts nothing.
                let anything =
                    strings_contain(values, |v| matches!(v.trim(), "*" | "0.0.0.0/0" | "::/0"));
                result = or(result, not(anything));
            }
        }
        result
    }

    /// Allow, to anyone, with nothing narrowing it down.
    pub fn public(&self) -> Known {
        and(
            self.is(Effect::Allow),
            and(self.principal_is_anyone(), not(self.restricted())),
        )
    }
}

/// Condition keys that tie a request to a known account, organisation,
/// network, calling resource or identity.
const RESTRICTING_KEYS: &[&str] = &[
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceIp",
    "aws:VpcSourceIp",
    "aws:userid",
    "aws:username",
    "kms:CallerAccount",
    "kms:ViaService",
    "lambda:FunctionUrlAuthType",
    "s3:DataAccessPointAccount",
    "s3:DataAccessPointArn",
    "sns:Endpoint",
];

/// `StringEquals`, `ArnLike`, `IpAddress`, … narrow; negated operators and
/// `…IfExists` (true when the key is missing) do not.
fn narrowing_operator(operator: &str) -> bool {
    let op = operator
        .rsplit(':')
        .next()
        .unwrap_or(operator)
        .to_ascii_lowercase();
    !(op.contains("not") || op.ends_with("ifexists") || op == "null")
}

impl Element {
    /// Whether the element matches `name` (an action or resource): any
    /// pattern matches it for `Action`, none does for `NotAction`.
    pub fn covers(&self, name: &str) -> Known {
        let matched = strings_contain(&self.node, |pattern| wildcard_match(pattern, name));
        if self.negated { not(matched) } else { matched }
    }

    /// `*` (every action or every resource), or any `Not…` element, which
    /// leaves all but a few.
    pub fn everything(&self) -> Known {
        if self.negated {
            return unless_unknown(Some(!self.node.value.is_null()), &self.node);
        }
        strings_contain(&self.node, |s| matches!(s.trim(), "*" | "*:*"))
    }

    /// The pattern that makes [`Element::covers`] or
    /// [`Element::everything`] true, for messages and spans.
    pub fn culprit(&self, test: impl Fn(&str) -> bool) -> Option<&Node> {
        match &self.node.value {
            Value::List(items) => items.iter().find(|n| n.value.as_str().is_some_and(&test)),
            Value::String(s) if test(s) => Some(&self.node),
            _ => None,
        }
    }
}

/// Unknown when `node` is unknown, else `answer`.
fn unless_unknown(answer: Known, node: &Node) -> Known {
    if node.value.is_unknown() {
        None
    } else {
        answer
    }
}

/// Whether a string, or some element of a list of strings, passes `test`.
fn strings_contain(node: &Node, test: impl Fn(&str) -> bool) -> Known {
    match &node.value {
        Value::String(s) => Some(test(s)),
        Value::List(items) => items
            .iter()
            .map(|item| match &item.value {
                Value::String(s) => Some(test(s)),
                Value::Unknown => None,
                _ => Some(false),
            })
            .fold(Some(false), or),
        Value::Unknown => None,
        _ => Some(false),
    }
}

/// IAM matching: `*` any run of characters, `?` one; case-insensitive.
pub fn wildcard_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.trim().to_ascii_lowercase().chars().collect();
    let n: Vec<char> = name.to_ascii_lowercase().chars().collect();
    // Iterative matching with one backtrack point: linear in practice.
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

pub fn and(a: Known, b: Known) -> Known {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

pub fn not(a: Known) -> Known {
    a.map(|b| !b)
}

pub fn or(a: Known, b: Known) -> Known {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(json: &str) -> Policy {
        Policy::read(&Node::new(Value::String(json.into()), None)).unwrap()
    }

    #[test]
    fn iam_wildcards() {
        assert!(wildcard_match("iam:Put*Policy", "iam:PutRolePolicy"));
        assert!(wildcard_match("*", "s3:GetObject"));
        assert!(wildcard_match("S3:Get?bject", "s3:getobject"));
        assert!(!wildcard_match("iam:Get*", "iam:PassRole"));
    }

    #[test]
    fn deny_takes_away_what_allow_grants() {
        let p = policy(
            r#"{"Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"},
                {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}"#,
        );
        assert_eq!(p.allows_everywhere("iam:PassRole").0, Some(false));
        assert_eq!(p.allows_everywhere("ec2:RunInstances").0, Some(true));
        let not_action =
            policy(r#"{"Statement": {"Effect": "Allow", "NotAction": ["s3:*"], "Resource": "*"}}"#);
        assert_eq!(not_action.allows_everywhere("iam:PassRole").0, Some(true));
        assert_eq!(not_action.allows_everywhere("s3:GetObject").0, Some(false));
        assert_eq!(not_action.statements[0].actions.everything(), Some(true));
    }

    #[test]
    fn public_principals_and_narrowing_conditions() {
        let p = policy(
            r#"{"Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"},
                {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::1:root", "*"]}, "Action": "s3:*",
                 "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}},
                {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:*",
                 "Condition": {"StringNotEquals": {"aws:SourceAccount": "1"}}},
                {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:*"},
                {"Effect": "Deny", "Principal": "*", "Action": "s3:*"}]}"#,
        );
        let public: Vec<Known> = p.statements.iter().map(Statement::public).collect();
        assert_eq!(
            public,
            [
                Some(true),
                Some(false),
                Some(true),
                Some(false),
                Some(false)
            ]
        );
    }

    #[test]
    fn unknowns_stay_unknown_unless_decided() {
        let mut doc = indexmap::IndexMap::new();
        doc.insert(
            "Effect".to_string(),
            Node::new(Value::String("Allow".into()), None),
        );
        doc.insert("Principal".to_string(), Node::unknown(None));
        let statement = Node::new(Value::Map(doc), None);
        let mut root = indexmap::IndexMap::new();
        root.insert(
            "Statement".to_string(),
            Node::new(Value::List(vec![statement]), None),
        );
        let encoded = Node::encoded(Value::Unknown, None, Node::new(Value::Map(root), None));
        let p = Policy::read(&encoded).unwrap();
        assert_eq!(p.statements[0].public(), None);
        assert!(Policy::read(&Node::unknown(None)).is_none());
    }
}

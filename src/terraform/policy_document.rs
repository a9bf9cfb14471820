//! `data "aws_iam_policy_document"`: a pure function of its arguments, so
//! it is evaluated like a resource (count, for_each, dynamic blocks and
//! references all work) and its `json` is built the way the AWS provider
//! builds it: statements in order, `Effect` defaulting to `Allow`, lists of
//! one value written as a string and longer lists sorted in reverse, a lone
//! `*` principal written as `"*"`, `&{…}` policy variables as `${…}`,
//! `source_policy_documents` merged first and `override_policy_documents`
//! last, a statement replacing an earlier one with the same `Sid`.
//!
//! The output node carries the document it encodes (see
//! [`Node::decoded`]), with the span of every attribute that wrote it, so
//! a rule can judge a statement — and point at its `actions` — even when a
//! resource ARN in it is unknown and the JSON text therefore is too.

use indexmap::IndexMap;

use super::functions::json_string;
use crate::model::{Node, Value};

/// The resource kind this data source is evaluated as (its address is
/// `data.aws_iam_policy_document.<name>`).
pub const KIND: &str = "data.aws_iam_policy_document";

/// Data sources Strata evaluates; every other one is read at plan time and
/// stays unknown.
pub fn evaluates(data_type: &str) -> bool {
    data_type == "aws_iam_policy_document"
}

/// Adds the computed `json` and `minified_json` to the evaluated body.
pub fn complete(mut body: Node) -> Node {
    let document = document(&body);
    let (json, minified) = if document.has_unknown() {
        (Value::Unknown, Value::Unknown)
    } else {
        let mut pretty = String::new();
        write(&document, Some(0), &mut pretty);
        let mut compact = String::new();
        write(&document, None, &mut compact);
        (Value::String(pretty), Value::String(compact))
    };
    let span = body.span;
    if let Value::Map(map) = &mut body.value {
        map.insert(
            "json".to_string(),
            Node::encoded(json, span, document.clone()),
        );
        map.insert(
            "minified_json".to_string(),
            Node::encoded(minified, span, document),
        );
    }
    body
}

/// The merged policy document, as JSON-shaped nodes.
fn document(body: &Node) -> Node {
    let mut statements: Vec<Node> = Vec::new();
    let mut version = None;
    let mut id = None;
    // Sources first; this document's statements override theirs by Sid.
    for source in documents(body.get("source_policy_documents")) {
        merge(&mut statements, &mut version, &mut id, source);
    }
    let own = Node::new(
        Value::Map(IndexMap::from([(
            "Statement".to_string(),
            Node::new(
                Value::List(blocks(body, "statement").map(statement).collect()),
                None,
            ),
        )])),
        body.span,
    );
    merge(&mut statements, &mut version, &mut id, Some(own));
    for overriding in documents(body.get("override_policy_documents")) {
        merge(&mut statements, &mut version, &mut id, overriding);
    }
    let mut doc = IndexMap::new();
    let version = match body.get("version") {
        Some(v) if !v.value.is_null() => v.clone(),
        _ => version.unwrap_or_else(|| Node::new(Value::String("2012-10-17".into()), None)),
    };
    doc.insert("Version".to_string(), version);
    if let Some(policy_id) = body.get("policy_id").filter(|n| !n.value.is_null()) {
        id = Some(policy_id.clone());
    }
    if let Some(id) = id {
        doc.insert("Id".to_string(), id);
    }
    doc.insert(
        "Statement".to_string(),
        Node::new(Value::List(statements), None),
    );
    Node::new(Value::Map(doc), body.span)
}

/// The documents of a list of JSON strings; `None` stands for one that is
/// not known (and could hold any statement).
fn documents(list: Option<&Node>) -> Vec<Option<Node>> {
    match list.map(|n| &n.value) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::List(items)) => items
            .iter()
            .filter(|item| !item.value.is_null())
            .map(crate::model::json::document)
            .collect(),
        Some(_) => vec![None],
    }
}

/// Merges `incoming` into `statements` as the provider does: a statement
/// with a Sid replaces the earlier one with that Sid, others are appended.
fn merge(
    statements: &mut Vec<Node>,
    version: &mut Option<Node>,
    id: &mut Option<Node>,
    incoming: Option<Node>,
) {
    let Some(incoming) = incoming else {
        // An unknown document may replace any statement with a Sid, and
        // adds statements we cannot see.
        for s in statements.iter_mut() {
            if !sid(s).is_some_and(str::is_empty) {
                *s = Node::unknown(s.span);
            }
        }
        statements.push(Node::unknown(None));
        return;
    };
    if let Some(v) = incoming.get("Version") {
        *version = Some(v.clone());
    }
    if let Some(i) = incoming.get("Id") {
        *id = Some(i.clone());
    }
    let new = match incoming.get("Statement") {
        Some(list) => match &list.value {
            Value::List(items) => items.clone(),
            // A single statement may be written without a list.
            Value::Map(_) => vec![list.clone()],
            Value::Unknown => vec![Node::unknown(list.span)],
            _ => Vec::new(),
        },
        None if incoming.value.is_unknown() => vec![Node::unknown(None)],
        None => Vec::new(),
    };
    for statement in new {
        let replaced = match sid(&statement) {
            Some(s) if !s.is_empty() => statements
                .iter_mut()
                .find(|existing| sid(existing) == Some(s)),
            _ => None,
        };
        match replaced {
            Some(existing) => *existing = statement,
            None => statements.push(statement),
        }
    }
}

/// A statement's Sid: `Some("")` when it has none, `None` when unknown.
fn sid(statement: &Node) -> Option<&str> {
    if statement.value.is_unknown() {
        return None;
    }
    match statement.get("Sid").map(|n| &n.value) {
        None | Some(Value::Null) => Some(""),
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

fn blocks<'a>(body: &'a Node, name: &str) -> Box<dyn Iterator<Item = &'a Node> + 'a> {
    match body.get(name).map(|n| &n.value) {
        Some(Value::List(items)) => Box::new(items.iter()),
        _ => Box::new(std::iter::empty()),
    }
}

/// One `statement` block as a JSON statement.
fn statement(block: &Node) -> Node {
    if block.value.is_unknown() {
        return Node::unknown(block.span);
    }
    let mut out = IndexMap::new();
    if let Some(sid) = block.get("sid").filter(|n| !is_empty(n)) {
        out.insert("Sid".to_string(), sid.clone());
    }
    let effect = match block.get("effect") {
        Some(e) if !e.value.is_null() => e.clone(),
        _ => Node::new(Value::String("Allow".into()), block.span),
    };
    out.insert("Effect".to_string(), effect);
    for (key, json_key) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(list) = block.get(key).filter(|n| !is_empty(n)) {
            out.insert(json_key.to_string(), string_list(list));
        }
    }
    for (key, json_key) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        if block.get(key).is_some_and(|n| !is_empty(n)) {
            out.insert(json_key.to_string(), principals(block, key));
        }
    }
    if block.get("condition").is_some_and(|n| !is_empty(n)) {
        out.insert("Condition".to_string(), conditions(block));
    }
    Node::new(Value::Map(out), block.span)
}

fn is_empty(node: &Node) -> bool {
    match &node.value {
        Value::Null => true,
        Value::List(items) => items.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// One value as a string; a list of several, sorted in reverse (the
/// provider's order). Policy variables are written `&{…}` in HCL.
fn string_list(list: &Node) -> Node {
    let Value::List(items) = &list.value else {
        return match &list.value {
            Value::String(s) => Node::new(Value::String(variables(s)), list.span),
            _ => Node::unknown(list.span),
        };
    };
    let mut items: Vec<Node> = items
        .iter()
        .map(|item| match &item.value {
            Value::String(s) => Node::new(Value::String(variables(s)), item.span.or(list.span)),
            Value::Number(n) => Node::new(
                Value::String(crate::model::format_number(*n)),
                item.span.or(list.span),
            ),
            Value::Bool(b) => Node::new(Value::String(b.to_string()), item.span.or(list.span)),
            _ => Node::unknown(item.span.or(list.span)),
        })
        .collect();
    if items.len() == 1 {
        return items.remove(0);
    }
    // Unknown elements keep their place: the order is not knowable anyway.
    if items.iter().all(|n| n.value.as_str().is_some()) {
        items.sort_by(|a, b| b.value.as_str().cmp(&a.value.as_str()));
    }
    Node::new(Value::List(items), list.span)
}

fn variables(text: &str) -> String {
    text.replace("&{", "${")
}

/// `principals { type, identifiers }` blocks as a `Principal` value.
fn principals(block: &Node, key: &str) -> Node {
    let list = block
        .get(key)
        .cloned()
        .unwrap_or_else(|| Node::unknown(None));
    let Value::List(items) = &list.value else {
        return Node::unknown(list.span);
    };
    let mut by_type: IndexMap<String, Vec<Node>> = IndexMap::new();
    for item in items {
        let (Some(kind), Some(ids)) = (
            item.get("type").and_then(|t| t.value.as_str()),
            item.get("identifiers"),
        ) else {
            return Node::unknown(item.span.or(list.span));
        };
        let ids = match &string_list(ids).value {
            Value::List(values) => values.clone(),
            _ => vec![string_list(ids)],
        };
        by_type.entry(kind.to_string()).or_default().extend(ids);
    }
    // A lone `{type = "*", identifiers = ["*"]}` is written `"*"`.
    if let Some(ids) = by_type.get("*")
        && by_type.len() == 1
        && ids.len() == 1
        && ids[0].value.as_str() == Some("*")
    {
        return ids[0].clone();
    }
    let mut map = IndexMap::new();
    let mut types: Vec<_> = by_type.into_iter().collect();
    types.sort_by(|a, b| a.0.cmp(&b.0));
    for (kind, mut ids) in types {
        let value = if ids.len() == 1 {
            ids.remove(0)
        } else {
            Node::new(Value::List(ids), list.span)
        };
        map.insert(kind, value);
    }
    Node::new(Value::Map(map), list.span)
}

/// `condition { test, variable, values }` blocks as a `Condition` map.
fn conditions(block: &Node) -> Node {
    let list = block
        .get("condition")
        .cloned()
        .unwrap_or_else(|| Node::unknown(None));
    let Value::List(items) = &list.value else {
        return Node::unknown(list.span);
    };
    let mut tests: IndexMap<String, IndexMap<String, Vec<Node>>> = IndexMap::new();
    for item in items {
        let (Some(test), Some(variable), Some(values)) = (
            item.get("test").and_then(|t| t.value.as_str()),
            item.get("variable").and_then(|t| t.value.as_str()),
            item.get("values"),
        ) else {
            return Node::unknown(item.span.or(list.span));
        };
        let values = match &string_list(values).value {
            Value::List(v) => v.clone(),
            _ => vec![string_list(values)],
        };
        tests
            .entry(test.to_string())
            .or_default()
            .entry(variable.to_string())
            .or_default()
            .extend(values);
    }
    let mut out = IndexMap::new();
    let mut sorted: Vec<_> = tests.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (test, variables) in sorted {
        let mut inner = IndexMap::new();
        let mut variables: Vec<_> = variables.into_iter().collect();
        variables.sort_by(|a, b| a.0.cmp(&b.0));
        for (variable, mut values) in variables {
            let value = if values.len() == 1 {
                values.remove(0)
            } else {
                Node::new(Value::List(values), list.span)
            };
            inner.insert(variable, value);
        }
        out.insert(test, Node::new(Value::Map(inner), list.span));
    }
    Node::new(Value::Map(out), list.span)
}

/// JSON text as Go's `encoding/json` writes it: `indent` is the current
/// depth for `MarshalIndent(doc, "", "  ")`, `None` for compact output.
fn write(node: &Node, indent: Option<usize>, out: &mut String) {
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    match &node.value {
        Value::String(s) => out.push_str(&json_string(s)),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&crate::model::format_number(*n)),
        Value::Null | Value::Unknown => out.push_str("null"),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(depth) = indent {
                    newline(out, depth + 1);
                }
                write(item, indent.map(|d| d + 1), out);
            }
            if let (Some(depth), false) = (indent, items.is_empty()) {
                newline(out, depth);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(depth) = indent {
                    newline(out, depth + 1);
                }
                out.push_str(&json_string(key));
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write(value, indent.map(|d| d + 1), out);
            }
            if let (Some(depth), false) = (indent, map.is_empty()) {
                newline(out, depth);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Node {
        Node::new(Value::String(text.into()), None)
    }

    fn list(items: Vec<Node>) -> Node {
        Node::new(Value::List(items), None)
    }

    fn map(entries: Vec<(&str, Node)>) -> Node {
        Node::new(
            Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect()),
            None,
        )
    }

    #[test]
    fn json_is_written_as_the_provider_writes_it() {
        let statement = map(vec![
            ("sid", s("Read")),
            ("actions", list(vec![s("s3:GetObject"), s("s3:ListBucket")])),
            (
                "resources",
                list(vec![s("arn:aws:s3:::b/&{aws:username}/*")]),
            ),
            (
                "principals",
                list(vec![map(vec![
                    ("type", s("*")),
                    ("identifiers", list(vec![s("*")])),
                ])]),
            ),
            (
                "condition",
                list(vec![map(vec![
                    ("test", s("StringEquals")),
                    ("variable", s("aws:SourceAccount")),
                    ("values", list(vec![s("111122223333")])),
                ])]),
            ),
        ]);
        let body = complete(map(vec![("statement", list(vec![statement]))]));
        let json = body.get("minified_json").unwrap();
        assert_eq!(
            json.value.as_str().unwrap(),
            concat!(
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","#,
                r#""Action":["s3:ListBucket","s3:GetObject"],"Resource":"arn:aws:s3:::b/${aws:username}/*","#,
                r#""Principal":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}"#
            )
        );
        let pretty = body.get("json").unwrap().value.as_str().unwrap();
        assert!(
            pretty.starts_with("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n")
        );
    }

    #[test]
    fn unknown_resources_keep_the_document_readable() {
        let statement = map(vec![
            ("actions", list(vec![s("*")])),
            ("resources", list(vec![Node::unknown(None)])),
        ]);
        let body = complete(map(vec![("statement", list(vec![statement]))]));
        let json = body.get("json").unwrap();
        assert!(json.value.is_unknown());
        let document = json.decoded().unwrap();
        let statements = document.get("Statement").unwrap();
        let Value::List(items) = &statements.value else {
            panic!("statements")
        };
        assert_eq!(items[0].get("Action").unwrap().value.as_str(), Some("*"));
    }
}

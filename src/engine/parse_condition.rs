//! A rule's `condition:` YAML → [`Condition`], following the table in
//! `rules/README.md`. Unknown keys, missing parts and mixed forms are
//! errors at the key that is wrong.

use regex::Regex;

use super::condition::{
    AttrPath, AttrTest, Compare, Condition, GraphLink, PortSpec, Quantifier, Scalar,
};
use super::yaml::{self, Diagnostics, Yaml};
use crate::rules::{self, Params};

/// Keys that decide what kind of condition a mapping is.
const ANCHORS: &[&str] = &["attr", "ports", "referenced_by", "references", "template"];
const LOGIC: &[&str] = &["all", "any", "not"];
const ATTR_TESTS: &[&str] = &[
    "exists",
    "equals",
    "not_equals",
    "one_of",
    "not_one_of",
    "matches",
    "not_matches",
    "contains",
    "gt",
    "gte",
    "lt",
    "lte",
    "is_empty",
    "public_cidr",
    "any",
    "all",
    "none",
];
const ALL_KEYS: &[&str] = &[
    "all",
    "any",
    "not",
    "attr",
    "exists",
    "equals",
    "not_equals",
    "one_of",
    "not_one_of",
    "matches",
    "not_matches",
    "contains",
    "gt",
    "gte",
    "lt",
    "lte",
    "is_empty",
    "public_cidr",
    "none",
    "ports",
    "covers",
    "referenced_by",
    "references",
    "via",
    "where",
    "template",
    "params",
];

type Entries<'a, 'i> = Vec<(&'a str, &'a Yaml<'i>, &'a Yaml<'i>)>;

/// Deeper conditions are certainly mistakes (or attacks on the stack).
const MAX_DEPTH: usize = 64;

pub fn parse_condition(diag: &mut Diagnostics, node: &Yaml) -> Option<Condition> {
    if diag.depth >= MAX_DEPTH {
        diag.at(
            node,
            format!("conditions are nested more than {MAX_DEPTH} deep"),
        );
        return None;
    }
    diag.depth += 1;
    let condition = parse_condition_inner(diag, node);
    diag.depth -= 1;
    condition
}

fn parse_condition_inner(diag: &mut Diagnostics, node: &Yaml) -> Option<Condition> {
    let entries = diag.mapping(node, "a condition")?;
    if entries.is_empty() {
        diag.at(
            node,
            format!(
                "a condition must not be empty (expected one of {})",
                yaml::one_of_list(ALL_KEYS)
            ),
        );
        return None;
    }
    let before = diag.errors.len();
    for (key, key_node, _) in &entries {
        if !ALL_KEYS.contains(key) {
            diag.at(
                key_node,
                format!(
                    "unknown condition key `{key}` (expected one of {})",
                    yaml::one_of_list(ALL_KEYS)
                ),
            );
        }
    }
    let anchors: Vec<_> = entries
        .iter()
        .filter(|(k, _, _)| ANCHORS.contains(k))
        .collect();
    if anchors.len() > 1 {
        diag.at(
            anchors[1].1,
            format!(
                "`{}` and `{}` cannot be combined in one condition; put them under `all:` or `any:`",
                anchors[0].0, anchors[1].0
            ),
        );
        return None;
    }
    if diag.errors.len() > before {
        return None;
    }
    match anchors.first().map(|a| a.0) {
        Some("attr") => parse_attr(diag, node, &entries),
        Some("ports") => parse_ports(diag, node, &entries),
        Some(kind @ ("referenced_by" | "references")) => parse_link(diag, node, &entries, kind),
        Some(_) => parse_template(diag, &entries),
        None => parse_logic(diag, node, &entries),
    }
}

/// Reports keys outside `allowed` as not belonging to this form.
fn only_keys(diag: &mut Diagnostics, entries: &Entries, form: &str, allowed: &[&str]) -> bool {
    let mut ok = true;
    for (key, key_node, _) in entries {
        if !allowed.contains(key) {
            diag.at(
                key_node,
                format!(
                    "`{key}` does not belong in {form} (expected one of {})",
                    yaml::one_of_list(allowed)
                ),
            );
            ok = false;
        }
    }
    ok
}

fn get<'a, 'i>(entries: &Entries<'a, 'i>, key: &str) -> Option<&'a Yaml<'i>> {
    entries
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, _, v)| *v)
}

fn parse_logic(diag: &mut Diagnostics, node: &Yaml, entries: &Entries) -> Option<Condition> {
    let logic: Vec<_> = entries
        .iter()
        .filter(|(k, _, _)| LOGIC.contains(k))
        .collect();
    let Some(&&(key, _, value)) = logic.first() else {
        // Only tests or parts of other forms: say what they need.
        let (key, key_node, _) = entries[0];
        let needs = match key {
            "covers" => "`ports`",
            "via" | "where" => "`referenced_by` or `references`",
            "params" => "`template`",
            _ => "`attr`",
        };
        diag.at(
            key_node,
            format!("`{key}` needs {needs} in the same condition"),
        );
        return None;
    };
    if logic.len() > 1 || entries.len() > 1 {
        let other = entries.iter().find(|(k, _, _)| *k != key).map(|e| e.0);
        let at = entries
            .iter()
            .find(|(k, _, _)| *k != key)
            .map_or(node, |e| e.1);
        diag.at(
            at,
            format!(
                "`{key}` must be the only key of its condition, found `{}` too",
                other.unwrap_or(key)
            ),
        );
        return None;
    }
    match key {
        "not" => parse_condition(diag, value).map(|c| Condition::Not(Box::new(c))),
        _ => {
            let items = parse_condition_list(diag, value, key)?;
            Some(if key == "all" {
                Condition::All(items)
            } else {
                Condition::Any(items)
            })
        }
    }
}

fn parse_condition_list(diag: &mut Diagnostics, node: &Yaml, key: &str) -> Option<Vec<Condition>> {
    non_empty_list(
        diag,
        node,
        key,
        ("conditions", "condition"),
        parse_condition,
    )
}

/// A non-empty list whose items each parse with `item`; every bad item is
/// reported. `what` is the items' name, plural and singular, for messages.
fn non_empty_list<T>(
    diag: &mut Diagnostics,
    node: &Yaml,
    key: &str,
    (plural, singular): (&str, &str),
    mut item: impl FnMut(&mut Diagnostics, &Yaml) -> Option<T>,
) -> Option<Vec<T>> {
    let Some(items) = yaml::as_list(node) else {
        diag.at(
            node,
            format!(
                "`{key}` takes a list of {plural}, found {}",
                yaml::describe(node)
            ),
        );
        return None;
    };
    if items.is_empty() {
        diag.at(node, format!("`{key}` must list at least one {singular}"));
        return None;
    }
    let parsed: Vec<_> = items.iter().map(|i| item(diag, i)).collect();
    parsed.into_iter().collect()
}

fn parse_path(diag: &mut Diagnostics, node: &Yaml, key: &str) -> Option<AttrPath> {
    let text = diag.string(node, &format!("`{key}`"))?;
    let path = AttrPath::parse(&text);
    if path.is_none() {
        diag.at(
            node,
            format!("`{key}` is not an attribute path (`a.b.c`, or `.` for the element itself): `{text}`"),
        );
    }
    path
}

fn parse_attr(diag: &mut Diagnostics, node: &Yaml, entries: &Entries) -> Option<Condition> {
    let allowed: Vec<&str> = std::iter::once("attr")
        .chain(ATTR_TESTS.iter().copied())
        .collect();
    if !only_keys(diag, entries, "an `attr` condition", &allowed) {
        return None;
    }
    let path = get(entries, "attr").and_then(|n| parse_path(diag, n, "attr"));
    let tests: Vec<_> = entries.iter().filter(|(k, _, _)| *k != "attr").collect();
    let &&(key, key_node, value) = match tests.as_slice() {
        [one] => one,
        [] => {
            diag.at(
                node,
                format!(
                    "`attr` needs a test: one of {}",
                    yaml::one_of_list(ATTR_TESTS)
                ),
            );
            return None;
        }
        [first, second, ..] => {
            diag.at(
                second.1,
                format!(
                    "an `attr` condition takes one test, found `{}` and `{}`; combine them with `all:`",
                    first.0, second.0
                ),
            );
            return None;
        }
    };
    let test = parse_test(diag, key, key_node, value)?;
    Some(Condition::Attr { path: path?, test })
}

fn parse_test(
    diag: &mut Diagnostics,
    key: &str,
    key_node: &Yaml,
    value: &Yaml,
) -> Option<AttrTest> {
    let what = format!("`{key}`");
    Some(match key {
        "exists" => AttrTest::Exists(diag.bool(value, &what)?),
        "is_empty" => AttrTest::IsEmpty(diag.bool(value, &what)?),
        "public_cidr" => {
            if !diag.bool(value, &what)? {
                diag.at(
                    value,
                    "`public_cidr` only takes `true`; wrap it in `not:` for the opposite",
                );
                return None;
            }
            AttrTest::PublicCidr
        }
        "equals" => AttrTest::Equals(scalar(diag, value, key)?),
        "not_equals" => AttrTest::NotEquals(scalar(diag, value, key)?),
        "contains" => AttrTest::Contains(scalar(diag, value, key)?),
        "one_of" => AttrTest::OneOf(scalar_list(diag, value, key)?),
        "not_one_of" => AttrTest::NotOneOf(scalar_list(diag, value, key)?),
        "matches" => AttrTest::Matches(regex(diag, value, key)?),
        "not_matches" => AttrTest::NotMatches(regex(diag, value, key)?),
        "gt" | "gte" | "lt" | "lte" => {
            let op = match key {
                "gt" => Compare::Gt,
                "gte" => Compare::Gte,
                "lt" => Compare::Lt,
                _ => Compare::Lte,
            };
            let Some(n) = yaml::as_number(value) else {
                diag.at(
                    value,
                    format!("{what} takes a number, found {}", yaml::describe(value)),
                );
                return None;
            };
            AttrTest::Compare(op, n)
        }
        "any" | "all" | "none" => {
            let q = match key {
                "any" => Quantifier::Any,
                "all" => Quantifier::All,
                _ => Quantifier::None,
            };
            if yaml::as_list(value).is_some() {
                diag.at(
                    value,
                    format!("with `attr`, {what} is a quantifier and takes one condition (for several, nest an `all:` list)"),
                );
                return None;
            }
            AttrTest::Quantified(q, Box::new(parse_condition(diag, value)?))
        }
        _ => {
            diag.at(key_node, format!("unknown condition key `{key}`"));
            return None;
        }
    })
}

fn scalar(diag: &mut Diagnostics, node: &Yaml, key: &str) -> Option<Scalar> {
    let s = yaml::as_scalar(node);
    if s.is_none() {
        diag.at(
            node,
            format!(
                "`{key}` takes a string, number or boolean, found {}",
                yaml::describe(node)
            ),
        );
    }
    s
}

fn scalar_list(diag: &mut Diagnostics, node: &Yaml, key: &str) -> Option<Vec<Scalar>> {
    non_empty_list(diag, node, key, ("values", "value"), |diag, item| {
        scalar(diag, item, key)
    })
}

fn regex(diag: &mut Diagnostics, node: &Yaml, key: &str) -> Option<Regex> {
    let pattern = diag.string(node, &format!("`{key}`"))?;
    match Regex::new(&pattern) {
        Ok(r) => Some(r),
        Err(e) => {
            // The syntax error's last line says what is wrong; the others draw a caret.
            let text = e.to_string();
            let reason = text
                .rsplit_once("error: ")
                .map_or(text.as_str(), |(_, r)| r);
            diag.at(node, format!("invalid regex in `{key}`: {}", reason.trim()));
            None
        }
    }
}

fn parse_ports(diag: &mut Diagnostics, node: &Yaml, entries: &Entries) -> Option<Condition> {
    if !only_keys(diag, entries, "a `ports` condition", &["ports", "covers"]) {
        return None;
    }
    let spec = get(entries, "ports").and_then(|n| parse_port_spec(diag, n));
    let Some(covers_node) = get(entries, "covers") else {
        diag.at(node, "`ports` needs `covers: [PORT, …]`");
        return None;
    };
    let covers = parse_covers(diag, covers_node);
    Some(Condition::Ports {
        ports: spec?,
        covers: covers?,
    })
}

fn parse_port_spec(diag: &mut Diagnostics, node: &Yaml) -> Option<PortSpec> {
    let entries = diag.mapping(node, "`ports`")?;
    let form =
        "`ports` (expected `{from: P, to: P}` with an optional `protocol: P`, or `{attr: P}`)";
    if !only_keys(diag, &entries, form, &["from", "to", "protocol", "attr"]) {
        return None;
    }
    if let Some(attr) = get(&entries, "attr") {
        if entries.len() > 1 {
            diag.at(node, "`ports` takes either `attr` or `from`/`to`, not both");
            return None;
        }
        return parse_path(diag, attr, "ports.attr").map(PortSpec::Value);
    }
    let (Some(from), Some(to)) = (get(&entries, "from"), get(&entries, "to")) else {
        diag.at(node, "`ports` needs both `from` and `to` (or `attr`)");
        return None;
    };
    let from = parse_path(diag, from, "ports.from");
    let to = parse_path(diag, to, "ports.to");
    let protocol = match get(&entries, "protocol") {
        Some(p) => parse_path(diag, p, "ports.protocol"),
        None => AttrPath::parse("protocol"),
    };
    Some(PortSpec::Range {
        from: from?,
        to: to?,
        protocol: protocol?,
    })
}

fn parse_covers(diag: &mut Diagnostics, node: &Yaml) -> Option<Vec<u16>> {
    let bad = |diag: &mut Diagnostics, n: &Yaml| {
        diag.at(n, "`covers` takes a list of port numbers (0-65535)");
    };
    let Some(items) = yaml::as_list(node).filter(|i| !i.is_empty()) else {
        bad(diag, node);
        return None;
    };
    let mut ports = Vec::with_capacity(items.len());
    for item in items {
        match yaml::as_number(item) {
            Some(n) if n.fract() == 0.0 && (0.0..=65535.0).contains(&n) => ports.push(n as u16),
            _ => bad(diag, item),
        }
    }
    (ports.len() == items.len()).then_some(ports)
}

fn parse_link(
    diag: &mut Diagnostics,
    node: &Yaml,
    entries: &Entries,
    key: &str,
) -> Option<Condition> {
    let form = format!("a `{key}` condition");
    if !only_keys(diag, entries, &form, &[key, "via", "where"]) {
        return None;
    }
    let kind = get(entries, key).and_then(|n| {
        let kind = diag.string(n, &format!("`{key}`"))?;
        if kind.trim().is_empty() {
            diag.at(n, format!("`{key}` must name a resource kind"));
            return None;
        }
        Some(kind)
    });
    let via = match get(entries, "via") {
        Some(n) => diag.string(n, "`via`").filter(|v| {
            let ok = AttrPath::parse(v).is_some_and(|p| !p.is_self());
            if !ok {
                diag.at(n, format!("`via` is not an attribute name: `{v}`"));
            }
            ok
        }),
        None => {
            diag.at(node, format!("`{key}` needs `via: ATTRIBUTE`"));
            None
        }
    };
    let filter = match get(entries, "where") {
        Some(n) => Some(Box::new(parse_condition(diag, n)?)),
        None => None,
    };
    let link = GraphLink {
        kind: kind?,
        via: via?,
        filter,
    };
    Some(if key == "referenced_by" {
        Condition::ReferencedBy(link)
    } else {
        Condition::References(link)
    })
}

fn parse_template(diag: &mut Diagnostics, entries: &Entries) -> Option<Condition> {
    if !only_keys(
        diag,
        entries,
        "a `template` condition",
        &["template", "params"],
    ) {
        return None;
    }
    let name_node = get(entries, "template")?;
    let name = diag.string(name_node, "`template`")?;
    let Some(def) = rules::find(&name) else {
        let known: Vec<&str> = rules::TEMPLATES.iter().map(|t| t.name).collect();
        diag.at(
            name_node,
            format!(
                "unknown template `{name}` (expected one of {})",
                yaml::one_of_list(&known)
            ),
        );
        return None;
    };
    let mut params = Params::new();
    let params_node = get(entries, "params");
    if let Some(node) = params_node {
        for (key, _, value) in diag.mapping(node, "`params`")? {
            params.insert(key.to_string(), yaml::to_value(value));
        }
    }
    match (def.compile)(&params) {
        Ok(template) => Some(Condition::Template { name, template }),
        Err(e) => {
            diag.at(
                params_node.unwrap_or(name_node),
                format!("template `{name}`: {e}"),
            );
            None
        }
    }
}

//! Attribute conditions, logic and witnesses.

use serde_json::json;

use super::{HEADER, body, fires, run, span_at, truth};
use crate::engine::Truth::{False, True, Unknown};

#[test]
fn exists_true_false_unknown() {
    let c = "attr: logging\nexists: true";
    assert_eq!(truth(c, json!({"logging": [{"target": "b"}]})), True);
    assert_eq!(
        truth(c, json!({"logging": "?"})),
        Unknown,
        "an unknown value may be null, an unknown number of blocks zero"
    );
    assert_eq!(truth(c, json!({})), False);
    assert_eq!(
        truth(c, json!({"logging": null})),
        False,
        "null counts as absent"
    );
    let c = "attr: a.b\nexists: false";
    assert_eq!(truth(c, json!({"a": [{}]})), True);
    assert_eq!(truth(c, json!({"a": [{"b": 1}]})), False);
    assert_eq!(truth(c, json!({"a": "?"})), Unknown);
    assert_eq!(
        truth(c, json!({"a": [{"b": 1}, {"b": 2}]})),
        Unknown,
        "repeated blocks need a quantifier"
    );
}

#[test]
fn missing_attribute_points_at_enclosing_block_or_header() {
    let json = json!({"vpc_config": [{"subnet_ids": ["a"]}]});
    let hits = run(
        "attr: vpc_config.endpoint_public_access\nexists: false",
        json.clone(),
    );
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].span, span_at(&body(json), "vpc_config.0"));
    assert_eq!(
        hits[0].message,
        "t.x: vpc_config.endpoint_public_access = (not set)"
    );
    let hits = run("attr: encryption\nexists: false", json!({"name": "n"}));
    assert_eq!(hits[0].span, HEADER);
}

#[test]
fn equals_coerces_scalars() {
    assert_eq!(truth("attr: a\nequals: true", json!({"a": "true"})), True);
    assert_eq!(truth("attr: a\nequals: \"true\"", json!({"a": true})), True);
    assert_eq!(truth("attr: a\nequals: 5", json!({"a": "5"})), True);
    assert_eq!(truth("attr: a\nequals: \"5\"", json!({"a": 5})), True);
    assert_eq!(truth("attr: a\nequals: x", json!({"a": "y"})), False);
    assert_eq!(truth("attr: a\nequals: x", json!({})), False);
    assert_eq!(truth("attr: a\nequals: x", json!({"a": "?"})), Unknown);
    assert_eq!(truth("attr: a\nequals: x", json!({"a": ["x"]})), False);
    assert_eq!(truth("attr: a\nnot_equals: x", json!({})), True);
    assert_eq!(truth("attr: a\nnot_equals: x", json!({"a": "x"})), False);
    assert_eq!(truth("attr: a\nnot_equals: x", json!({"a": "?"})), Unknown);
}

#[test]
fn value_is_rendered_and_span_is_the_attribute() {
    let json = json!({"acl": "public-read", "other": 1});
    let hits = run(
        "attr: acl\none_of: [public-read, public-read-write]",
        json.clone(),
    );
    assert_eq!(hits[0].span, span_at(&body(json), "acl"));
    assert_eq!(hits[0].message, "t.x: acl = \"public-read\"");
}

#[test]
fn one_of_and_not_one_of() {
    let c = "attr: a\none_of: [x, 1, true]";
    assert_eq!(truth(c, json!({"a": 1})), True);
    assert_eq!(truth(c, json!({"a": "true"})), True);
    assert_eq!(truth(c, json!({"a": "z"})), False);
    assert_eq!(truth(c, json!({})), False);
    let c = "attr: a\nnot_one_of: [x, y]";
    assert_eq!(truth(c, json!({"a": "z"})), True);
    assert_eq!(truth(c, json!({})), True);
    assert_eq!(truth(c, json!({"a": "x"})), False);
    assert_eq!(truth(c, json!({"a": "?"})), Unknown);
}

#[test]
fn matches_and_not_matches() {
    let c = "attr: a\nmatches: '^TLS1\\.[01]$'";
    assert_eq!(truth(c, json!({"a": "TLS1.0"})), True);
    assert_eq!(truth(c, json!({"a": "TLS1.2"})), False);
    assert_eq!(truth(c, json!({})), False);
    assert_eq!(truth(c, json!({"a": "?"})), Unknown);
    assert_eq!(
        truth("attr: a\nmatches: '^5'", json!({"a": 50})),
        True,
        "numbers match as text"
    );
    let c = "attr: a\nnot_matches: '^arn:aws:kms:'";
    assert_eq!(truth(c, json!({"a": "alias/aws/s3"})), True);
    assert_eq!(truth(c, json!({"a": "arn:aws:kms:x"})), False);
    assert_eq!(
        truth(c, json!({})),
        False,
        "absent is false for not_matches too"
    );
}

#[test]
fn contains_in_lists_and_strings() {
    let c = "attr: a\ncontains: \"s3:*\"";
    assert_eq!(truth(c, json!({"a": ["s3:GetObject", "s3:*"]})), True);
    assert_eq!(truth(c, json!({"a": ["s3:GetObject"]})), False);
    assert_eq!(truth(c, json!({"a": ["s3:GetObject", "?"]})), Unknown);
    assert_eq!(truth(c, json!({"a": "allow s3:* here"})), True);
    assert_eq!(truth(c, json!({})), False);
    assert_eq!(truth("attr: a\ncontains: 22", json!({"a": ["22"]})), True);
    let json = json!({"a": ["x", "s3:*"]});
    let hits = run(c, json.clone());
    assert_eq!(hits[0].span, span_at(&body(json), "a"));
    assert_eq!(hits[0].message, "t.x: a = \"s3:*\"");
}

#[test]
fn numeric_comparisons() {
    assert_eq!(truth("attr: days\nlt: 90", json!({"days": 30})), True);
    assert_eq!(truth("attr: days\nlt: 90", json!({"days": "30"})), True);
    assert_eq!(truth("attr: days\nlte: 90", json!({"days": 90})), True);
    assert_eq!(truth("attr: days\ngt: 90", json!({"days": 90})), False);
    assert_eq!(truth("attr: days\ngte: 90", json!({"days": 90})), True);
    assert_eq!(truth("attr: days\ngt: 1", json!({})), False);
    assert_eq!(truth("attr: days\ngt: 1", json!({"days": "?"})), Unknown);
    assert_eq!(truth("attr: days\ngt: 1", json!({"days": "many"})), False);
}

#[test]
fn is_empty_counts_absent_as_empty() {
    let c = "attr: tags\nis_empty: true";
    assert_eq!(truth(c, json!({})), True);
    assert_eq!(truth(c, json!({"tags": {}})), True);
    assert_eq!(truth(c, json!({"tags": []})), True);
    assert_eq!(truth(c, json!({"tags": ""})), True);
    assert_eq!(truth(c, json!({"tags": {"a": "b"}})), False);
    assert_eq!(truth(c, json!({"tags": "?"})), Unknown);
    assert_eq!(
        truth("attr: tags\nis_empty: false", json!({"tags": ["a"]})),
        True
    );
    assert_eq!(truth("attr: tags\nis_empty: false", json!({})), False);
}

#[test]
fn public_cidr_strings_and_lists() {
    let c = "attr: cidr_blocks\npublic_cidr: true";
    assert_eq!(
        truth(c, json!({"cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]})),
        True
    );
    assert_eq!(truth(c, json!({"cidr_blocks": "::/0"})), True);
    assert_eq!(truth(c, json!({"cidr_blocks": "Internet"})), True);
    assert_eq!(truth(c, json!({"cidr_blocks": "*"})), True);
    assert_eq!(truth(c, json!({"cidr_blocks": ["10.0.0.0/8"]})), False);
    assert_eq!(
        truth(c, json!({"cidr_blocks": ["10.0.0.0/8", "?"]})),
        Unknown
    );
    assert_eq!(truth(c, json!({"cidr_blocks": "?"})), Unknown);
    assert_eq!(truth(c, json!({})), False);
    let hits = run(c, json!({"cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]}));
    assert_eq!(hits[0].message, "t.x: cidr_blocks = \"0.0.0.0/0\"");
}

#[test]
fn all_any_not_three_valued() {
    let t = "attr: a\nequals: 1";
    let f = "attr: b\nequals: 1";
    let u = "attr: c\nequals: 1";
    let json = json!({"a": 1, "b": 2, "c": "?"});
    let list = |op: &str, items: &[&str]| {
        let body: String = items
            .iter()
            .map(|c| {
                let mut lines = c.lines();
                let first = lines.next().unwrap_or_default();
                let rest: String = lines.map(|l| format!("\n    {l}")).collect();
                format!("  - {first}{rest}\n")
            })
            .collect();
        format!("{op}:\n{body}")
    };
    assert_eq!(truth(&list("all", &[t, t]), json.clone()), True);
    assert_eq!(truth(&list("all", &[t, u]), json.clone()), Unknown);
    assert_eq!(truth(&list("all", &[u, f]), json.clone()), False);
    assert_eq!(truth(&list("any", &[f, t]), json.clone()), True);
    assert_eq!(truth(&list("any", &[f, u]), json.clone()), Unknown);
    assert_eq!(truth(&list("any", &[f, f]), json.clone()), False);
    assert_eq!(
        truth(
            &format!("not:\n  {}", u.replace('\n', "\n  ")),
            json.clone()
        ),
        Unknown
    );
}

#[test]
fn all_prefers_attribute_witnesses_over_block_fallbacks() {
    let json = json!({"name": "n", "acl": "public-read"});
    let c = "all:\n  - attr: logging\n    exists: false\n  - attr: acl\n    equals: public-read";
    let hits = run(c, json.clone());
    assert_eq!(hits[0].span, span_at(&body(json), "acl"));
    // `any` points at its first true child, even a fallback.
    let c = "any:\n  - attr: logging\n    exists: false\n  - attr: acl\n    equals: public-read";
    assert_eq!(run(c, json!({"acl": "public-read"}))[0].span, HEADER);
}

#[test]
fn not_keeps_the_witness() {
    let json = json!({"enabled": false});
    let hits = run("not:\n  attr: enabled\n  equals: true", json.clone());
    assert_eq!(hits[0].span, span_at(&body(json), "enabled"));
    assert_eq!(hits[0].message, "t.x: enabled = false");
}

#[test]
fn quantifiers_over_nested_blocks() {
    let json = json!({"ingress": [
        {"from_port": 443, "cidr_blocks": ["10.0.0.0/8"]},
        {"from_port": 22, "cidr_blocks": ["0.0.0.0/0"]},
    ]});
    let c = "attr: ingress\nany:\n  attr: cidr_blocks\n  public_cidr: true";
    let hits = run(c, json.clone());
    assert_eq!(
        hits[0].span,
        span_at(&body(json.clone()), "ingress.1.cidr_blocks")
    );
    assert_eq!(hits[0].message, "t.x: ingress.cidr_blocks = \"0.0.0.0/0\"");
    assert_eq!(
        truth(
            "attr: ingress\nall:\n  attr: from_port\n  gt: 10",
            json.clone()
        ),
        True
    );
    assert_eq!(
        truth(
            "attr: ingress\nall:\n  attr: from_port\n  gt: 200",
            json.clone()
        ),
        False
    );
    assert_eq!(
        truth(
            "attr: ingress\nnone:\n  attr: from_port\n  equals: 80",
            json.clone()
        ),
        True
    );
    assert_eq!(
        truth(
            "attr: ingress\nnone:\n  attr: from_port\n  equals: 22",
            json.clone()
        ),
        False
    );
    // Empty and absent lists.
    for empty in [json!({}), json!({"ingress": []})] {
        assert_eq!(
            truth(
                "attr: ingress\nany:\n  attr: x\n  exists: true",
                empty.clone()
            ),
            False
        );
        assert_eq!(
            truth(
                "attr: ingress\nall:\n  attr: x\n  exists: true",
                empty.clone()
            ),
            True
        );
        assert_eq!(
            truth("attr: ingress\nnone:\n  attr: x\n  exists: true", empty),
            True
        );
    }
    // A single map is a one-element list; unknown elements make unknowns.
    assert_eq!(
        truth(
            "attr: ingress\nany:\n  attr: x\n  equals: 1",
            json!({"ingress": {"x": 1}})
        ),
        True
    );
    assert_eq!(
        truth(
            "attr: ingress\nany:\n  attr: x\n  equals: 1",
            json!({"ingress": [{"x": 2}, "?"]})
        ),
        Unknown
    );
    assert_eq!(
        truth(
            "attr: ingress\nany:\n  attr: x\n  equals: 1",
            json!({"ingress": "?"})
        ),
        Unknown
    );
}

#[test]
fn quantifier_over_scalars_uses_dot() {
    let json = json!({"actions": ["s3:GetObject", "*"]});
    let c = "attr: actions\nany:\n  attr: .\n  equals: \"*\"";
    let hits = run(c, json.clone());
    assert_eq!(hits[0].span, span_at(&body(json), "actions.1"));
    assert_eq!(hits[0].message, "t.x: actions = \"*\"");
}

#[test]
fn missing_attribute_inside_an_element_points_at_the_element() {
    let json = json!({"rule": [{"id": "a", "encryption": "on"}, {"id": "b"}]});
    let hits = run(
        "attr: rule\nany:\n  attr: encryption\n  exists: false",
        json.clone(),
    );
    assert_eq!(hits[0].span, span_at(&body(json), "rule.1"));
}

#[test]
fn location_overrides_when_present() {
    let text = super::rule_text("t", "{resource}", "attr: a\nequals: 1")
        .replace("condition:", "location: where.here\ncondition:");
    let rule = std::sync::Arc::new(crate::engine::parse_rule("TST001-x.yaml", &text).unwrap());
    let json = json!({"a": 1, "where": [{"here": true}]});
    let g = super::graph(vec![super::resource("t", "x", json.clone())]);
    let hits = crate::engine::evaluate(&g, std::slice::from_ref(&rule));
    assert_eq!(hits[0].span, span_at(&body(json), "where.0.here"));
    let g = super::graph(vec![super::resource("t", "x", json!({"a": 1}))]);
    let hits = crate::engine::evaluate(&g, &[rule]);
    assert_eq!(hits[0].span, span_at(&body(json!({"a": 1})), "a"));
}

#[test]
fn ports_from_to_with_protocol() {
    let c = "ports: {from: from_port, to: to_port}\ncovers: [22, 3389]";
    assert_eq!(
        truth(
            c,
            json!({"from_port": 0, "to_port": 1024, "protocol": "tcp"})
        ),
        True
    );
    assert_eq!(
        truth(c, json!({"from_port": 22, "to_port": 22, "protocol": "6"})),
        True
    );
    assert_eq!(
        truth(
            c,
            json!({"from_port": 80, "to_port": 443, "protocol": "tcp"})
        ),
        False
    );
    assert_eq!(
        truth(c, json!({"from_port": 0, "to_port": 0, "protocol": "-1"})),
        True
    );
    assert_eq!(
        truth(c, json!({"from_port": -1, "to_port": -1, "protocol": -1})),
        True
    );
    assert_eq!(
        truth(c, json!({"from_port": 0, "to_port": 0, "protocol": "tcp"})),
        False
    );
    assert_eq!(
        truth(
            c,
            json!({"from_port": 0, "to_port": 65535, "protocol": "icmp"})
        ),
        False
    );
    assert_eq!(
        truth(
            c,
            json!({"from_port": "?", "to_port": 22, "protocol": "tcp"})
        ),
        Unknown
    );
    assert_eq!(
        truth(c, json!({"from_port": 80, "to_port": 80, "protocol": "?"})),
        Unknown
    );
    let json = json!({"from_port": 0, "to_port": 1024, "protocol": "tcp"});
    let hits = run(c, json.clone());
    assert_eq!(hits[0].span, span_at(&body(json), "from_port"));
    assert_eq!(hits[0].message, "t.x: from_port = 0-1024");
}

#[test]
fn ports_from_a_value() {
    let c = "ports: {attr: destination_port_range}\ncovers: [22]";
    assert_eq!(truth(c, json!({"destination_port_range": "22"})), True);
    assert_eq!(truth(c, json!({"destination_port_range": 22})), True);
    assert_eq!(truth(c, json!({"destination_port_range": "20-30"})), True);
    assert_eq!(truth(c, json!({"destination_port_range": "*"})), True);
    assert_eq!(
        truth(c, json!({"destination_port_range": ["80", "1000-2000"]})),
        False
    );
    assert_eq!(
        truth(c, json!({"destination_port_range": ["80", "10-25"]})),
        True
    );
    assert_eq!(
        truth(c, json!({"destination_port_range": ["80", "?"]})),
        Unknown
    );
    assert_eq!(truth(c, json!({"destination_port_range": "?"})), Unknown);
    assert_eq!(truth(c, json!({})), False);
    assert!(fires(c, json!({"destination_port_range": ["22"]})));
}

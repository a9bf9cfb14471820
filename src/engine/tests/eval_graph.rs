//! Graph conditions, templates, rule selection by kind.

use serde_json::json;

use std::sync::Arc;

use super::{HEADER, body, edge, graph, resource, rule, rule_text, span_at};
use crate::engine::evaluate;
use crate::engine::parse_rule;
use crate::model::ResourceId;

const NOT_VERSIONED: &str = "not:\n  referenced_by: aws_s3_bucket_versioning\n  via: bucket";

fn bucket_and(versioning: serde_json::Value) -> crate::model::Graph {
    graph(vec![
        resource("aws_s3_bucket", "logs", json!({"bucket": "logs"})),
        resource("aws_s3_bucket_versioning", "v", versioning),
    ])
}

#[test]
fn referenced_by_follows_edges() {
    let r = rule("aws_s3_bucket", NOT_VERSIONED);
    let mut g = bucket_and(json!({"bucket": "?"}));
    edge(&mut g, 1, 0, "bucket");
    assert!(
        evaluate(&g, std::slice::from_ref(&r)).is_empty(),
        "referenced: not flagged"
    );

    let g = bucket_and(json!({"bucket": "other"}));
    let hits = evaluate(&g, std::slice::from_ref(&r));
    assert_eq!(
        hits.len(),
        1,
        "a literal that resolves nowhere refers to nothing"
    );
    assert_eq!(hits[0].resource, ResourceId(0));
    assert_eq!(hits[0].span, HEADER);

    // A versioning resource whose `bucket` is unknown might be ours.
    let g = bucket_and(json!({"bucket": "?"}));
    assert!(
        evaluate(&g, std::slice::from_ref(&r)).is_empty(),
        "unknown, not false"
    );
    let g = bucket_and(json!({"bucket": ["?"]}));
    assert!(
        evaluate(&g, &[r]).is_empty(),
        "containing unknown, not false"
    );
}

#[test]
fn referenced_by_with_where() {
    let c = "not:\n  referenced_by: aws_s3_bucket_versioning\n  via: bucket\n  where:\n    attr: status\n    equals: Enabled";
    let r = rule("aws_s3_bucket", c);
    let mut g = bucket_and(json!({"bucket": "?", "status": "Suspended"}));
    edge(&mut g, 1, 0, "bucket");
    assert_eq!(evaluate(&g, std::slice::from_ref(&r)).len(), 1);
    let mut g = bucket_and(json!({"bucket": "?", "status": "Enabled"}));
    edge(&mut g, 1, 0, "bucket");
    assert!(evaluate(&g, std::slice::from_ref(&r)).is_empty());
    let mut g = bucket_and(json!({"bucket": "?", "status": "?"}));
    edge(&mut g, 1, 0, "bucket");
    assert!(
        evaluate(&g, std::slice::from_ref(&r)).is_empty(),
        "unknown status"
    );
    // An unresolved `via` whose resource fails `where` cannot matter.
    let g = bucket_and(json!({"bucket": "?", "status": "Suspended"}));
    assert_eq!(evaluate(&g, &[r]).len(), 1);
}

#[test]
fn referenced_by_points_into_the_referrer_when_where_decides() {
    let c =
        "referenced_by: aws_s3_bucket_acl\nvia: bucket\nwhere:\n  attr: acl\n  equals: public-read";
    let acl = json!({"bucket": "?", "acl": "public-read"});
    let mut g = graph(vec![
        resource("aws_s3_bucket", "logs", json!({})),
        resource("aws_s3_bucket_acl", "a", acl.clone()),
    ]);
    edge(&mut g, 1, 0, "bucket");
    let hits = evaluate(&g, &[rule("aws_s3_bucket", c)]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].resource, ResourceId(0));
    assert_eq!(hits[0].span, span_at(&body(acl), "acl"));
}

#[test]
fn references_follow_outgoing_edges() {
    let c = "references: aws_security_group\nvia: vpc_security_group_ids\nwhere:\n  attr: name\n  equals: open";
    let r = rule("aws_instance", c);
    let instance = json!({"vpc_security_group_ids": ["?"]});
    let mut g = graph(vec![
        resource("aws_instance", "i", instance.clone()),
        resource("aws_security_group", "s", json!({"name": "open"})),
    ]);
    edge(&mut g, 0, 1, "vpc_security_group_ids");
    let hits = evaluate(&g, std::slice::from_ref(&r));
    assert_eq!(
        hits[0].span,
        span_at(&body(instance), "vpc_security_group_ids")
    );

    let g = graph(vec![
        resource(
            "aws_instance",
            "i",
            json!({"vpc_security_group_ids": ["sg-123"]}),
        ),
        resource("aws_security_group", "s", json!({"name": "open"})),
    ]);
    let not = rule("aws_instance", &format!("not:\n{}", indent(c)));
    assert_eq!(
        evaluate(&g, std::slice::from_ref(&not)).len(),
        1,
        "literal id: false"
    );
    let g = graph(vec![resource(
        "aws_instance",
        "i",
        json!({"vpc_security_group_ids": "?"}),
    )]);
    assert!(evaluate(&g, &[not]).is_empty(), "unresolved: unknown");
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

#[test]
fn applies_to_selects_kinds_and_star() {
    let g = graph(vec![
        resource("a", "1", json!({"x": 1})),
        resource("b", "2", json!({"x": 1})),
        resource("c", "3", json!({"x": 1})),
    ]);
    let hits = evaluate(&g, &[rule("a, c", "attr: x\nequals: 1")]);
    let ids: Vec<u32> = hits.iter().map(|h| h.resource.0).collect();
    assert_eq!(ids, [0, 2]);
    assert_eq!(
        evaluate(&g, &[rule("\"*\"", "attr: x\nequals: 1")]).len(),
        3
    );
}

#[test]
fn hardcoded_secret_template() {
    let json = json!({
        "name": "db",
        "password": "?",
        "environment": [{"variables": {"DB_PASSWORD": "hunter22"}}],
    });
    let hits = super::run("template: hardcoded_secret", json.clone());
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0].span,
        span_at(&body(json), "environment.0.variables.DB_PASSWORD")
    );
    assert_eq!(
        hits[0].message,
        "t.x: environment.variables.DB_PASSWORD = secret"
    );
    assert!(!hits[0].message.contains("hunter22"));

    let aws = json!({"user_data": "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"});
    let hits = super::run("template: hardcoded_secret", aws);
    assert_eq!(hits[0].message, "t.x: user_data = AWS access key ID");

    let env = json!({"container": [{"env": [{"name": "API_TOKEN", "value": "abcd1234efgh"}]}]});
    let hits = super::run("template: hardcoded_secret", env.clone());
    assert_eq!(hits[0].span, span_at(&body(env), "container.0.env.0.value"));

    assert!(
        super::run(
            "template: hardcoded_secret",
            json!({"password": "?", "name": "x"})
        )
        .is_empty()
    );
    let only_aws = "template: hardcoded_secret\nparams:\n  formats: [aws_access_key_id]";
    assert!(super::run(only_aws, json!({"password": "hunter22"})).is_empty());
    let names = "template: hardcoded_secret\nparams:\n  names: [admin_password]";
    assert!(super::run(names, json!({"password": "hunter22"})).is_empty());
    assert_eq!(
        super::run(names, json!({"admin_password": "hunter22"})).len(),
        1
    );
    // Combined with other conditions.
    let c = "all:\n  - attr: engine\n    equals: mysql\n  - template: hardcoded_secret";
    assert_eq!(
        super::run(c, json!({"engine": "mysql", "password": "hunter22"})).len(),
        1
    );
    assert!(super::run(c, json!({"engine": "pg", "password": "hunter22"})).is_empty());
}

#[test]
fn many_resources_each_get_their_own_hit() {
    let mut resources = Vec::new();
    for i in 0..20_000 {
        resources.push(resource(
            if i % 2 == 0 { "aws_security_group" } else { "aws_s3_bucket" },
            &i.to_string(),
            json!({"ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}], "acl": "private"}),
        ));
    }
    let mut g = graph(resources);
    for i in (1..20_000).step_by(2) {
        edge(&mut g, i - 1, i, "bucket");
    }
    let mut rules = Vec::new();
    for _ in 0..10 {
        rules.push(rule(
            "aws_security_group",
            "attr: ingress\nany:\n  all:\n    - attr: cidr_blocks\n      public_cidr: true\n    - ports: {from: from_port, to: to_port}\n      covers: [22]",
        ));
        rules.push(rule("aws_s3_bucket", NOT_VERSIONED));
    }
    // Speed is measured by the benchmarks, not here: this checks that a
    // large graph yields exactly one hit per resource and rule.
    let hits = evaluate(&g, &rules);
    assert_eq!(hits.len(), 20_000 * 10);
}

#[test]
fn when_filters_resources_without_moving_the_finding() {
    let web = resource("svc", "a", json!({"kind": "web", "port": 80}));
    let batch = resource("svc", "b", json!({"kind": "batch", "port": 80}));
    let g = graph(vec![web, batch]);
    let text = rule_text("svc", "{resource}", "attr: tls\nexists: false").replace(
        "condition:\n",
        "when:\n  attr: kind\n  equals: web\ncondition:\n",
    );
    let rule = Arc::new(parse_rule("TST001-test-rule.yaml", &text).unwrap());
    let hits = evaluate(&g, &[rule]);
    assert_eq!(hits.len(), 1);
    // The guard's `kind` attribute has a span, but the finding points at
    // the resource header because `tls` is missing.
    assert_eq!(hits[0].span, g.resource(hits[0].resource).span);
    assert_eq!(g.resource(hits[0].resource).address, "svc.a");
}

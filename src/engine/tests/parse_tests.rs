//! Rule files: what parses, and where errors point.

use crate::engine::condition::{AttrTest, Condition};
use crate::engine::parse_rule;
use crate::engine::rule::{Layer, Status};
use crate::findings::Severity;

const GOOD: &str = r#"id: AWS001
name: s3-bucket-without-encryption
title: S3 bucket is not encrypted
severity: high
layer: cloud
applies_to: [aws_s3_bucket]
message: "S3 bucket `{resource}` has no encryption"
description: |
  Why it matters.
recipe: |
  What to change.
snippets:
  terraform: |
    resource "x" "y" {}
references:
  checkov: [CKV_AWS_145]
  trivy: [AVD-AWS-0088]
location: server_side_encryption_configuration
condition:
  attr: server_side_encryption_configuration
  exists: false
"#;

const ORIGIN: &str = "rules/cloud/AWS001-s3-bucket-without-encryption.yaml";

/// Parses `text` expecting one error; returns (line, column, message).
fn error(text: &str) -> (Option<u32>, Option<u32>, String) {
    match parse_rule(ORIGIN, text) {
        Ok(_) => panic!("expected an error"),
        Err(errors) => {
            assert_eq!(errors.len(), 1, "{errors:#?}");
            let e = &errors[0];
            assert_eq!(e.origin, ORIGIN);
            (e.line, e.column, e.message.clone())
        }
    }
}

fn with_condition(condition: &str) -> String {
    let head = GOOD.split("condition:").next().unwrap_or_default();
    format!("{head}condition:\n{condition}")
}

#[test]
fn parses_a_complete_rule() {
    let rule = parse_rule(ORIGIN, GOOD).unwrap();
    assert_eq!(rule.id, "AWS001");
    assert_eq!(rule.severity, Severity::High);
    assert_eq!(rule.layer, Layer::Cloud);
    assert_eq!(rule.status, Status::Stable);
    assert_eq!(rule.applies_to, ["aws_s3_bucket"]);
    assert_eq!(rule.references["trivy"], ["AVD-AWS-0088"]);
    assert!(rule.snippets["terraform"].starts_with("resource"));
    assert_eq!(
        rule.location.as_deref(),
        Some("server_side_encryption_configuration")
    );
    assert_eq!(rule.origin, ORIGIN);
    assert!(matches!(
        rule.condition,
        Condition::Attr {
            test: AttrTest::Exists(false),
            ..
        }
    ));
}

#[test]
fn unknown_condition_key_points_at_the_key() {
    let text = with_condition("  attr: acl\n  equal: private\n");
    let (line, column, message) = error(&text);
    assert_eq!((line, column), (Some(21), Some(3)));
    assert!(
        message.starts_with("unknown condition key `equal` (expected one of `all`, `any`"),
        "{message}"
    );
}

#[test]
fn error_display_is_origin_line_column_message() {
    let text = GOOD.replace("severity: high", "severity: severe");
    let errors = parse_rule(ORIGIN, &text).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        format!("{ORIGIN}:4:11: `severity` must be one of critical, high, medium, low")
    );
}

#[test]
fn bad_enums_and_unknown_keys() {
    let (l, c, m) = error(&GOOD.replace("layer: cloud", "layer: sky"));
    assert_eq!((l, c), (Some(5), Some(8)));
    assert_eq!(m, "`layer` must be one of cloud, cluster, container, code");
    let (l, _, m) = error(&GOOD.replace("layer: cloud", "layer: cloud\nstatus: beta"));
    assert_eq!(l, Some(6));
    assert_eq!(
        m,
        "`status` must be one of stable, experimental, deprecated"
    );
    let errors = parse_rule(ORIGIN, &GOOD.replace("title:", "titel:")).unwrap_err();
    assert_eq!((errors[0].line, errors[0].column), (Some(3), Some(1)));
    let m = &errors[0].message;
    assert!(
        m.starts_with("unknown key `titel` (expected one of `id`, `name`"),
        "{m}"
    );
    assert_eq!(errors[1].message, "missing required field `title`");
}

#[test]
fn missing_required_fields_are_each_reported() {
    let text = GOOD
        .replace("title: S3 bucket is not encrypted\n", "")
        .replace("recipe: |\n  What to change.\n", "");
    let errors = parse_rule(ORIGIN, &text).unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "missing required field `title`",
            "missing required field `recipe`"
        ]
    );
    assert_eq!(errors[0].line, Some(1));
}

#[test]
fn invalid_regex_is_explained() {
    let (l, c, m) = error(&with_condition("  attr: acl\n  matches: \"[a-\"\n"));
    assert_eq!((l, c), (Some(21), Some(12)));
    assert!(m.starts_with("invalid regex in `matches`: "), "{m}");
    assert!(!m.contains('\n'), "{m}");
}

#[test]
fn file_name_must_start_with_the_id() {
    let errors = parse_rule("rules/cloud/AWS002-other.yaml", GOOD).unwrap_err();
    assert_eq!(errors[0].line, Some(1));
    assert_eq!(errors[0].column, Some(5));
    assert!(
        errors[0]
            .message
            .contains("does not start with the rule id `AWS001`")
    );
    // `AWS0010-…` is not `AWS001`.
    assert!(parse_rule("AWS0010-x.yaml", GOOD).is_err());
    assert!(parse_rule("AWS001.yaml", GOOD).is_ok());
    assert!(
        parse_rule("<memory>", GOOD).is_ok(),
        "no file name to check"
    );
}

#[test]
fn yaml_syntax_errors_have_positions() {
    let errors = parse_rule(ORIGIN, "id: AWS001\nname: [unclosed\n").unwrap_err();
    assert!(
        errors[0].message.starts_with("invalid YAML: "),
        "{}",
        errors[0].message
    );
    assert!(errors[0].line.is_some());
    let errors = parse_rule(ORIGIN, "id: AWS001\nid: AWS002\n").unwrap_err();
    assert!(
        errors[0].message.contains("duplicated key"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].line, Some(2));
    assert_eq!(
        parse_rule(ORIGIN, "").unwrap_err()[0].message,
        "the file is empty"
    );
    let errors = parse_rule(ORIGIN, "- a\n").unwrap_err();
    assert_eq!(errors[0].message, "a rule must be a mapping, found a list");
}

#[test]
fn field_shapes() {
    let (_, _, m) = error(&GOOD.replace("id: AWS001", "id: aws-1"));
    assert!(
        m.starts_with("`id` must be an upper-case prefix followed by digits"),
        "{m}"
    );
    let (_, _, m) = error(&GOOD.replace("name: s3-bucket-without-encryption", "name: S3_Bucket"));
    assert!(m.starts_with("`name` must be kebab-case"), "{m}");
    let (_, _, m) = error(&GOOD.replace("applies_to: [aws_s3_bucket]", "applies_to: []"));
    assert!(m.starts_with("`applies_to` must list at least one"), "{m}");
    let (_, _, m) =
        error(&GOOD.replace("applies_to: [aws_s3_bucket]", "applies_to: aws_s3_bucket"));
    assert_eq!(m, "`applies_to` must be a list of strings, found a string");
    let (l, c, m) = error(&GOOD.replace("{resource}", "{bucket}"));
    assert_eq!((l, c), (Some(7), Some(10)));
    assert!(
        m.starts_with("unknown placeholder `{bucket}` in `message`"),
        "{m}"
    );
    let (_, _, m) = error(&GOOD.replace("checkov: [CKV_AWS_145]", "checkov: CKV_AWS_145"));
    assert_eq!(
        m,
        "`references.checkov` must be a list of strings, found a string"
    );
    let (_, _, m) = error(&GOOD.replace("title: S3 bucket is not encrypted", "title: \"\""));
    assert_eq!(m, "`title` must not be empty");
}

#[test]
fn condition_shapes() {
    let cases: &[(&str, &str)] = &[
        ("  attr: acl\n", "`attr` needs a test: one of `exists`"),
        (
            "  attr: acl\n  equals: a\n  matches: b\n",
            "an `attr` condition takes one test, found `equals` and `matches`",
        ),
        (
            "  exists: true\n",
            "`exists` needs `attr` in the same condition",
        ),
        ("  all: []\n", "`all` must list at least one condition"),
        (
            "  all:\n    - attr: a\n      exists: true\n  not:\n    attr: b\n    exists: true\n",
            "`all` must be the only key of its condition",
        ),
        (
            "  attr: a..b\n  exists: true\n",
            "`attr` is not an attribute path",
        ),
        (
            "  attr: a\n  equals: [1]\n",
            "`equals` takes a string, number or boolean, found a list",
        ),
        (
            "  attr: a\n  gt: ten\n",
            "`gt` takes a number, found a string",
        ),
        (
            "  attr: a\n  public_cidr: false\n",
            "`public_cidr` only takes `true`",
        ),
        (
            "  attr: a\n  exists: yes\n",
            "`exists` must be true or false, found a string",
        ),
        (
            "  attr: a\n  any:\n    - attr: b\n      exists: true\n",
            "with `attr`, `any` is a quantifier and takes one condition",
        ),
        (
            "  ports: {from: a, to: b}\n",
            "`ports` needs `covers: [PORT, …]`",
        ),
        (
            "  ports: {from: a}\n  covers: [22]\n",
            "`ports` needs both `from` and `to` (or `attr`)",
        ),
        (
            "  ports: {attr: a}\n  covers: [70000]\n",
            "`covers` takes a list of port numbers (0-65535)",
        ),
        (
            "  referenced_by: aws_s3_bucket_versioning\n",
            "`referenced_by` needs `via: ATTRIBUTE`",
        ),
        (
            "  referenced_by: x\n  via: bucket\n  covers: [1]\n",
            "`covers` does not belong in a `referenced_by` condition",
        ),
        (
            "  attr: a\n  via: b\n",
            "`via` does not belong in an `attr` condition",
        ),
        (
            "  attr: a\n  template: b\n",
            "`attr` and `template` cannot be combined in one condition",
        ),
        (
            "  template: nope\n",
            "unknown template `nope` (expected one of `hardcoded_secret`",
        ),
        (
            "  template: hardcoded_secret\n  params: {formats: [nope]}\n",
            "template `hardcoded_secret`: unknown secret format `nope`",
        ),
        (
            "  template: hardcoded_secret\n  params: {colour: red}\n",
            "template `hardcoded_secret`: unknown parameter `colour`",
        ),
        ("  {}\n", "a condition must not be empty"),
        (
            "  - attr: a\n",
            "a condition must be a mapping, found a list",
        ),
    ];
    for (condition, expected) in cases {
        let errors = match parse_rule(ORIGIN, &with_condition(condition)) {
            Ok(_) => panic!("no error for\n{condition}"),
            Err(e) => e,
        };
        assert!(
            errors
                .iter()
                .any(|e| e.message.starts_with(expected) && e.line.is_some()),
            "for\n{condition}expected `{expected}`, got {errors:#?}"
        );
    }
}

#[test]
fn every_condition_form_parses() {
    let forms = [
        "  any:\n    - attr: a\n      exists: true\n    - not:\n        attr: b\n        one_of: [x, 1, true]\n",
        "  attr: a\n  not_one_of: [x]\n",
        "  attr: a\n  not_matches: '^x$'\n",
        "  attr: a\n  contains: x\n",
        "  attr: a\n  lte: 1.5\n",
        "  attr: a\n  is_empty: false\n",
        "  attr: a\n  none:\n    attr: .\n    equals: x\n",
        "  ports: {from: from_port, to: to_port, protocol: ip_protocol}\n  covers: [22]\n",
        "  ports: {attr: destination_port_range}\n  covers: [22, 3389]\n",
        "  references: aws_kms_key\n  via: kms_key_id\n  where:\n    attr: enable_key_rotation\n    equals: false\n",
        "  template: hardcoded_secret\n  params:\n    names: [password]\n    formats: [named]\n",
    ];
    for form in forms {
        if let Err(e) = parse_rule(ORIGIN, &with_condition(form)) {
            panic!("{form}\n{e:#?}");
        }
    }
}

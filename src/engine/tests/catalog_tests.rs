//! Catalog loading and rule selection.

use crate::engine::Catalog;

fn rule_file(id: &str, name: &str, status: &str) -> (String, String) {
    let text = super::rule_text("t", "{resource}", "attr: a\nexists: true")
        .replace("id: TST001", &format!("id: {id}"))
        .replace(
            "name: test-rule",
            &format!("name: {name}\nstatus: {status}"),
        );
    (format!("user/{id}-{name}.yaml"), text)
}

fn catalog() -> Catalog {
    let mut c = Catalog::default();
    c.add_rules(vec![
        rule_file("AWS002", "two", "stable"),
        rule_file("AWS001", "one", "stable"),
        rule_file("AWS003", "old", "deprecated"),
        rule_file("GCP001", "gcp-one", "experimental"),
    ])
    .unwrap();
    c
}

fn ids(rules: &[std::sync::Arc<crate::engine::rule::Rule>]) -> Vec<&str> {
    rules.iter().map(|r| r.id.as_str()).collect()
}

#[test]
fn rules_are_sorted_and_found_by_id() {
    let c = catalog();
    assert_eq!(ids(c.rules()), ["AWS001", "AWS002", "AWS003", "GCP001"]);
    assert_eq!(c.get("GCP001").map(|r| r.name.as_str()), Some("gcp-one"));
    assert!(c.get("GCP002").is_none());
}

#[test]
fn select_by_id_prefix_and_name() {
    let c = catalog();
    let s = |sel: &[&str], ign: &[&str]| {
        let sel: Vec<String> = sel.iter().map(|s| s.to_string()).collect();
        let ign: Vec<String> = ign.iter().map(|s| s.to_string()).collect();
        c.select(&sel, &ign)
    };
    assert_eq!(ids(&s(&[], &[]).unwrap()), ["AWS001", "AWS002", "GCP001"]);
    assert_eq!(ids(&s(&["AWS"], &[]).unwrap()), ["AWS001", "AWS002"]);
    assert_eq!(
        ids(&s(&["aws003"], &[]).unwrap()),
        ["AWS003"],
        "deprecated when named"
    );
    assert_eq!(
        ids(&s(&["gcp-one", "AWS001"], &[]).unwrap()),
        ["AWS001", "GCP001"]
    );
    assert_eq!(ids(&s(&[], &["AWS"]).unwrap()), ["GCP001"]);
    assert_eq!(ids(&s(&["AWS"], &["two"]).unwrap()), ["AWS001"]);
    let err = s(&["AZU", "AWS001"], &["nope"]).unwrap_err();
    assert!(err.starts_with("no rule matches `AZU`, `nope`"), "{err}");
}

#[test]
fn add_rules_is_all_or_nothing_and_rejects_duplicates() {
    let mut c = catalog();
    let mut bad = rule_file("AWS009", "bad", "stable");
    bad.1 = bad.1.replace("severity: high", "severity: huge");
    let errors = c
        .add_rules(vec![
            rule_file("AWS008", "fine", "stable"),
            bad,
            rule_file("AWS001", "again", "stable"),
        ])
        .unwrap_err();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].origin, "user/AWS009-bad.yaml");
    assert_eq!(
        errors[1].message,
        "duplicate rule id `AWS001` (already defined in user/AWS001-one.yaml)"
    );
    assert_eq!((errors[1].line, errors[1].column), (Some(1), Some(5)));
    assert!(c.get("AWS008").is_none(), "nothing added");
}

#[test]
fn builtin_catalog_is_consistent() {
    // The embedded files parse (the full checks live in tests/catalog.rs).
    assert!(
        Catalog::builtin_errors().is_empty(),
        "{:?}",
        Catalog::builtin_errors()
    );
    assert_eq!(Catalog::builtin().len(), Catalog::builtin_files().len());
}

#[test]
fn deeply_nested_conditions_are_rejected() {
    let mut condition = String::from("attr: a\nexists: true");
    for _ in 0..70 {
        condition = format!(
            "not:\n{}",
            condition
                .lines()
                .map(|l| format!("  {l}\n"))
                .collect::<String>()
        );
    }
    let text = super::rule_text("t", "m", &condition);
    let errors = crate::engine::parse_rule("TST001-x.yaml", &text).unwrap_err();
    assert!(
        errors[0].message.contains("nested more than 64 deep"),
        "{errors:?}"
    );
}

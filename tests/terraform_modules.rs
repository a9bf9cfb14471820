//! Modules in a scan, end to end through the CLI: every instance of a
//! module reported with the place its value came from, and a module that a
//! scanned root calls reported only as called.

use std::process::Command;

use serde_json::Value;

fn scan(path: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["scan", "--format", "json", path])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the strata binary runs");
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

fn findings<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .collect()
}

/// (path, line) of the trace step with `note`.
fn step(finding: &Value, note: &str) -> Option<(String, u64)> {
    finding["trace"].as_array()?.iter().find_map(|t| {
        (t["note"] == note).then(|| {
            let path = t["path"].as_str().unwrap_or_default().to_owned();
            (path, t["start_line"].as_u64().unwrap_or_default())
        })
    })
}

#[test]
fn every_unencrypted_module_instance_is_reported_with_the_argument_that_set_it() {
    let report = scan("testdata/terraform/instances");
    let found = findings(&report, "AWS014");
    let mut resources: Vec<&str> = found
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    resources.sort();
    assert_eq!(
        resources,
        [
            "module.billing.aws_db_instance.this",
            "module.orders.aws_db_instance.this",
            "module.shards[\"eu\"].aws_db_instance.this",
        ]
    );
    let mut fingerprints: Vec<&str> = found
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(
        fingerprints.len(),
        3,
        "a baseline must tell instances apart"
    );
    let root = "testdata/terraform/instances/main.tf".to_owned();
    let by = |name: &str| {
        found
            .iter()
            .find(|f| f["resource"].as_str().unwrap().contains(name))
            .unwrap()
    };
    // `storage_encrypted = false` in the `module "orders"` block.
    assert_eq!(
        step(by("orders"), "value set here"),
        Some((root.clone(), 11))
    );
    // Through the caller's variable: its default.
    assert_eq!(
        step(by("billing"), "value set here"),
        Some((root.clone(), 5))
    );
    assert_eq!(
        step(by("billing"), "module `billing` called here"),
        Some((root, 14))
    );
}

#[test]
fn a_module_called_from_a_scanned_root_is_reported_only_as_called() {
    let report = scan("testdata/terraform/called-module");
    let module = "testdata/terraform/called-module/modules/bucket/main.tf";
    let in_module = |rule: &str| {
        findings(&report, rule)
            .into_iter()
            .filter(|f| f["path"] == module)
            .count()
    };
    // The caller switches encryption off: "no encryption" …
    assert_eq!(in_module("AWS001"), 1);
    // … and never also "AES256, not KMS" from the module's own defaults.
    assert_eq!(in_module("AWS002"), 0);
    // A copy nobody calls is judged on its defaults.
    let standalone = findings(&report, "AWS002");
    assert_eq!(standalone.len(), 1);
    assert_eq!(
        standalone[0]["path"],
        "testdata/terraform/called-module/standalone/main.tf"
    );
}

#[test]
fn a_module_scanned_without_its_caller_is_judged_on_its_defaults() {
    let report = scan("testdata/terraform/called-module/modules/bucket");
    assert_eq!(findings(&report, "AWS002").len(), 1);
    assert!(findings(&report, "AWS001").is_empty());
}

#[test]
fn a_missing_module_source_is_a_warning_and_the_file_is_still_analysed() {
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args([
            "scan",
            "--format",
            "json",
            "testdata/terraform/missing-module",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the strata binary runs");
    // Findings, no errors: exit 1, not 3.
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["status"], "scanned");
    assert_eq!(findings(&report, "AWS014").len(), 1);
    let warning = &report["warnings"][0];
    assert_eq!(warning["start_line"], 4, "on the module's `source`");
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("module `network`")
    );
}

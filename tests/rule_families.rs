//! Rules that imply others (`supersedes:`) report once: an ingress rule
//! open on every port is one finding, by the most severe port rule, and an
//! administrator policy is not also a wildcard-action policy.

use std::path::Path;

use strata::analysis::{self, AnalysisOptions};
use strata::discover::{self, WalkOptions};
use strata::engine::Catalog;
use strata::source::DiskLoader;
use strata::workspace::Workspace;

#[test]
fn each_resource_gets_the_most_severe_rule_of_its_family() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/families");
    let walk = WalkOptions {
        use_ignore_files: false,
        ..WalkOptions::default()
    };
    let found = discover::walk(&[dir], &walk).unwrap();
    let options = AnalysisOptions {
        rules: Catalog::builtin().rules().to_vec(),
        ..AnalysisOptions::default()
    };
    let mut workspace = Workspace::new(options, Box::new(DiskLoader));
    workspace.add_units(analysis::plan_units(&found.files, &DiskLoader));
    let mut got: Vec<(String, String)> = workspace
        .snapshot()
        .report(None)
        .findings
        .into_iter()
        .filter(|f| {
            ["AWS03", "AWS04", "AWS05", "AZU01", "GCP01"]
                .iter()
                .any(|p| f.rule_id.starts_with(p))
        })
        .map(|f| (f.resource, f.rule_id))
        .collect();
    got.sort();
    let want = [
        ("aws_iam_policy.admin", "AWS049"),
        ("aws_security_group_rule.low_ports", "AWS034"),
        ("aws_vpc_security_group_ingress_rule.everything", "AWS035"),
        ("azurerm_network_security_rule.any", "AZU011"),
        ("google_compute_firewall.any", "GCP016"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(r, id)| (r.to_string(), id.to_string()))
        .collect();
    assert_eq!(got, want);
}

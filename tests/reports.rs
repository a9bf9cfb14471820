//! Snapshot and contract tests of the report formats, on one hand-built scan:
//! findings of every severity across two files (a module-call trace, a
//! multi-line span, tabs and UTF-8 in the excerpts, a line too long for the
//! terminal), a rule the caller did not pass, an errored and a skipped file.

use std::sync::Arc;

use indexmap::IndexMap;
use serde_json::Value;
use strata::engine::condition::Condition;
use strata::engine::rule::{Layer, Rule, Status};
use strata::findings::{
    Excerpt, FileEntry, FileKind, FileStatus, Finding, Location, ScanReport, Severity, Suppression,
    SuppressionKind, TraceStep,
};
use strata::report::{Format, RenderOptions, render};

const STORAGE: &str = "infra/modules/storage/main.tf";
const DEPLOY: &str = "k8s/deploy.yaml";

fn location(path: &str, start: (u32, u32), end: (u32, u32)) -> Location {
    Location {
        path: path.into(),
        start_line: start.0,
        start_column: start.1,
        end_line: end.0,
        end_column: end.1,
    }
}

fn excerpt(first_line: u32, lines: &[&str]) -> Excerpt {
    Excerpt::from_lines(first_line, lines)
}

fn references(pairs: &[(&str, &[&str])]) -> Arc<IndexMap<String, Vec<String>>> {
    let map = pairs
        .iter()
        .map(|(tool, ids)| {
            (
                tool.to_string(),
                ids.iter().map(|id| id.to_string()).collect(),
            )
        })
        .collect();
    Arc::new(map)
}

fn finding(rule_id: &str, severity: Severity, title: &str, location: Location) -> Finding {
    Finding {
        rule_id: rule_id.into(),
        severity,
        title: title.into(),
        message: String::new(),
        fingerprint: format!("{rule_id}:{}", location.path),
        location,
        resource: String::new(),
        remediation: "".into(),
        references: Arc::default(),
        trace: Vec::new(),
        excerpt: Excerpt::default(),
        suppressed: None,
        exposure: None,
    }
}

fn sample_report() -> ScanReport {
    let ssh = Finding {
        message: "security group rule `ssh` allows SSH (port 22) from 0.0.0.0/0".into(),
        resource: "module.storage.aws_security_group_rule.ssh".into(),
        remediation: "Restrict `cidr_blocks` to your VPN or bastion range.".into(),
        references: references(&[("checkov", &["CKV_AWS_24"]), ("trivy", &["AVD-AWS-0107"])]),
        fingerprint: "5f1c0a9e2b7d4c13".into(),
        // Tab indentation (as HCL allows) and a context line too long for
        // the terminal, with UTF-8 beyond the cut.
        excerpt: excerpt(
            6,
            &[
                "resource \"aws_security_group_rule\" \"ssh\" {",
                "\tdescription = \"SSH for the on-call team while the bastion is rebuilt — accès temporaire\"",
                "\tcidr_blocks = [\"0.0.0.0/0\"]",
                "}",
            ],
        ),
        ..finding(
            "AWS010",
            Severity::Critical,
            "Security group allows SSH from the internet",
            location(STORAGE, (8, 16), (8, 29)),
        )
    };
    let privileged = Finding {
        message: "container `api` runs privileged: it has every capability of the node".into(),
        resource: "Deployment/web/containers/api".into(),
        remediation: "Set `securityContext.privileged: false`.".into(),
        references: references(&[
            ("checkov", &["CKV_K8S_16"]),
            ("kube-linter", &["privileged-container"]),
        ]),
        fingerprint: "9a0d3e77c2b61f48".into(),
        exposure: Some(Box::new(TraceStep {
            location: location("k8s/service.yaml", (7, 9), (7, 23)),
            note: "published outside the cluster by Service `web` (type LoadBalancer)".into(),
        })),
        excerpt: excerpt(
            9,
            &[
                "        - name: api",
                "          image: registry.example.com/api:1.4.2",
                "          securityContext:",
                "            privileged: true",
            ],
        ),
        ..finding(
            "K8S005",
            Severity::High,
            "Container runs privileged",
            location(DEPLOY, (12, 13), (12, 29)),
        )
    };
    let no_logging = Finding {
        message: "bucket `this` does not log access requests".into(),
        resource: "module.storage.aws_s3_bucket.this".into(),
        remediation: "Add an `aws_s3_bucket_logging` resource that targets a log bucket.".into(),
        trace: vec![TraceStep {
            location: location("infra/main.tf", (3, 1), (5, 2)),
            note: "module `storage` called here".into(),
        }],
        fingerprint: "0c4e8b1d9f2a7365".into(),
        excerpt: excerpt(
            1,
            &[
                "# Journaux d'accès — conservés 90 jours",
                "resource \"aws_s3_bucket\" \"this\" {",
                "  bucket = \"logs-${var.env}\"",
                "}",
            ],
        ),
        ..finding(
            "AWS004",
            Severity::Medium,
            "S3 bucket has no access logging",
            location(STORAGE, (2, 1), (4, 2)),
        )
    };
    let no_probe = Finding {
        message: "container `api` has no readiness probe".into(),
        resource: "Deployment/web/containers/api".into(),
        remediation: "Add a `readinessProbe` so traffic waits until the container is ready.".into(),
        fingerprint: "77e1b0c5d3a94f20".into(),
        excerpt: excerpt(
            8,
            &[
                "      containers:",
                "        - name: api",
                "          image: registry.example.com/api:1.4.2",
            ],
        ),
        ..finding(
            "K8S012",
            Severity::Low,
            "Container has no readiness probe",
            location(DEPLOY, (9, 9), (9, 20)),
        )
    };

    // Kept in JSON and SARIF, marked; left out of the human, JUnit and
    // GitHub views and of the counts that fail a build.
    let accepted = Finding {
        message: "`aws_s3_bucket.public_site` grants public read".into(),
        resource: "aws_s3_bucket.public_site".into(),
        fingerprint: "5b0e2d7c9a4f1386".into(),
        suppressed: Some(Suppression {
            kind: SuppressionKind::InSource,
            justification: "static website, public by design".into(),
        }),
        ..finding(
            "AWS007",
            Severity::Critical,
            "S3 bucket ACL grants access to everyone",
            location("infra/main.tf", (12, 3), (12, 24)),
        )
    };

    let file = |path: &str, kind, status| FileEntry {
        path: path.into(),
        kind,
        status,
    };
    let mut report = ScanReport {
        files: vec![
            file(DEPLOY, FileKind::Kubernetes, FileStatus::Scanned),
            file("infra/main.tf", FileKind::Terraform, FileStatus::Scanned),
            file(STORAGE, FileKind::Terraform, FileStatus::Scanned),
            file(
                "k8s/broken.yaml",
                FileKind::Kubernetes,
                FileStatus::Error("line 3, column 5: mapping values are not allowed here".into()),
            ),
            file(
                "charts/vendor/huge.yaml",
                FileKind::Kubernetes,
                FileStatus::Skipped("larger than the 4 MiB limit".into()),
            ),
        ],
        resources: 9,
        findings: vec![no_probe, no_logging, privileged, ssh, accepted],
        not_covered: vec![("azapi_resource".into(), 3)],
        ..ScanReport::default()
    };
    report.sort();
    report
}

fn rule(id: &str, name: &str, title: &str, severity: Severity, layer: Layer) -> Rule {
    Rule {
        id: id.into(),
        name: name.into(),
        title: title.into(),
        severity,
        layer,
        status: Status::Stable,
        applies_to: Vec::new(),
        message: String::new(),
        description: String::new(),
        recipe: "".into(),
        snippets: IndexMap::new(),
        references: Arc::default(),
        location: None,
        fix: None,
        formats: Vec::new(),
        when: None,
        condition: Condition::All(Vec::new()),
        supersedes: Vec::new(),
        origin: format!("rules/{id}.yaml"),
    }
}

/// Two of the four rules: the others show how reports cope with findings of
/// rules they have no metadata for.
fn sample_rules() -> Vec<Arc<Rule>> {
    let ssh = Rule {
        description: "SSH open to the whole internet is scanned and brute-forced within minutes.".into(),
        recipe: "Allow SSH only from the addresses that need it: your VPN, a bastion host, or \
                 better, none at all with AWS Systems Manager Session Manager instead of SSH keys \
                 spread over laptops.\n\nIf the port must stay open, require key-only login."
            .into(),
        snippets: IndexMap::from([(
            "terraform".to_string(),
            "ingress {\n  from_port   = 22\n  to_port     = 22\n  cidr_blocks = [\"10.20.0.0/16\"]\n}\n".to_string(),
        )]),
        references: references(&[("checkov", &["CKV_AWS_24"]), ("trivy", &["AVD-AWS-0107"])]),
        ..rule("AWS010", "ssh-open-to-internet", "Security group allows SSH from the internet", Severity::Critical, Layer::Cloud)
    };
    let privileged = Rule {
        description: "A privileged container can take over the node it runs on.".into(),
        recipe: "Remove `privileged: true`; grant only the capabilities the process needs.".into(),
        snippets: IndexMap::from([(
            "kubernetes".to_string(),
            "securityContext:\n  privileged: false\n".to_string(),
        )]),
        references: references(&[("checkov", &["CKV_K8S_16"]), ("pss", &["baseline"])]),
        ..rule(
            "K8S005",
            "privileged-container",
            "Container runs privileged",
            Severity::High,
            Layer::Cluster,
        )
    };
    vec![Arc::new(ssh), Arc::new(privileged)]
}

fn rendered(format: Format, report: &ScanReport, rules: &[Arc<Rule>]) -> String {
    let mut out = Vec::new();
    render(format, report, rules, &RenderOptions::default(), &mut out).expect("render");
    String::from_utf8(out).expect("reports are UTF-8")
}

#[test]
fn human_report() {
    insta::assert_snapshot!(rendered(Format::Human, &sample_report(), &sample_rules()));
}

#[test]
fn human_report_of_a_clean_scan() {
    let report = ScanReport {
        files: vec![FileEntry {
            path: "main.tf".into(),
            kind: FileKind::Terraform,
            status: FileStatus::Scanned,
        }],
        ..ScanReport::default()
    };
    assert_eq!(
        rendered(Format::Human, &report, &[]),
        "No findings in 1 file.\n"
    );
}

#[test]
fn human_report_in_color_marks_severity() {
    let mut out = Vec::new();
    render(
        Format::Human,
        &sample_report(),
        &sample_rules(),
        &RenderOptions {
            color: true,
            ..RenderOptions::default()
        },
        &mut out,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\u{1b}[1;35mCRITICAL\u{1b}[0m"), "{text}");
    assert!(!rendered(Format::Human, &sample_report(), &sample_rules()).contains('\u{1b}'));
}

#[test]
fn json_report() {
    insta::assert_snapshot!(rendered(Format::Json, &sample_report(), &sample_rules()));
}

#[test]
fn sarif_report() {
    insta::assert_snapshot!(rendered(Format::Sarif, &sample_report(), &sample_rules()));
}

#[test]
fn junit_report() {
    insta::assert_snapshot!(rendered(Format::Junit, &sample_report(), &sample_rules()));
}

#[test]
fn github_report() {
    insta::assert_snapshot!(rendered(Format::Github, &sample_report(), &sample_rules()));
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: Value =
        serde_json::from_str(include_str!("fixtures/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let schema_errors = |sarif: &Value| -> Vec<String> {
        validator
            .iter_errors(sarif)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect()
    };
    let mut sarif: Value =
        serde_json::from_str(&rendered(Format::Sarif, &sample_report(), &sample_rules())).unwrap();
    let errors = schema_errors(&sarif);
    assert!(
        errors.is_empty(),
        "SARIF output violates the schema:\n{}",
        errors.join("\n")
    );

    // The validator really checks: a level SARIF does not know is refused.
    sarif["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema_errors(&sarif).is_empty());
}

#[test]
fn sarif_results_point_at_their_rules_and_traces() {
    let sarif: Value =
        serde_json::from_str(&rendered(Format::Sarif, &sample_report(), &sample_rules())).unwrap();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let results = run["results"].as_array().unwrap();
    let with_trace = results.iter().find(|r| r["ruleId"] == "AWS004").unwrap();
    assert_eq!(
        with_trace["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "infra/main.tf"
    );
    let accepted = results.iter().find(|r| r["ruleId"] == "AWS007").unwrap();
    assert_eq!(accepted["suppressions"][0]["kind"], "inSource");
    assert!(
        results
            .iter()
            .filter(|r| r["suppressions"].is_array())
            .count()
            == 1
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"][0]["level"],
        "error"
    );
}

/// The keys and types of DESIGN.md's "JSON output (stable contract, version 1)".
#[test]
fn json_follows_the_version_1_contract() {
    let json: Value =
        serde_json::from_str(&rendered(Format::Json, &sample_report(), &sample_rules())).unwrap();
    let keys =
        |value: &Value| -> Vec<String> { value.as_object().unwrap().keys().cloned().collect() };
    let mut top = keys(&json);
    top.sort();
    assert_eq!(
        top,
        [
            "files", "findings", "summary", "tool", "version", "warnings"
        ]
    );
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "strata");
    assert_eq!(json["tool"]["version"], env!("CARGO_PKG_VERSION"));

    let summary = &json["summary"];
    assert_eq!(summary["files"], 5);
    assert_eq!(summary["resources"], 9);
    assert_eq!(summary["not_covered"]["azapi_resource"], 3);
    assert_eq!(summary["findings"], 4);
    for severity in ["critical", "high", "medium", "low"] {
        assert_eq!(summary["by_severity"][severity], 1, "{severity}");
    }

    for file in json["files"].as_array().unwrap() {
        assert!(file["path"].is_string() && file["kind"].is_string());
        match file["status"].as_str().unwrap() {
            "scanned" => assert_eq!(keys(file).len(), 3),
            "skipped" => assert!(file["reason"].is_string()),
            "error" => assert!(file["error"].is_string()),
            other => panic!("unknown status {other}"),
        }
    }

    let finding_keys = [
        "rule_id",
        "severity",
        "title",
        "message",
        "path",
        "start_line",
        "start_column",
        "end_line",
        "end_column",
        "resource",
        "remediation",
        "references",
        "trace",
        "fingerprint",
    ];
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 5);
    assert_eq!(json["summary"]["findings"], 4);
    assert_eq!(json["summary"]["suppressed"], 1);
    for finding in findings {
        let mut expected: Vec<String> = finding_keys.iter().map(|key| key.to_string()).collect();
        if finding["rule_id"] == "K8S005" {
            // Only findings on exposed resources carry the key.
            expected.push("exposure".to_string());
            assert_eq!(finding["exposure"]["path"], "k8s/service.yaml");
        }
        if finding["rule_id"] == "AWS007" {
            // Only suppressed findings carry the key.
            expected.push("suppressed".to_string());
            assert_eq!(finding["suppressed"]["kind"], "inSource");
        }
        let mut actual = keys(finding);
        expected.sort();
        actual.sort();
        assert_eq!(actual, expected);
        for key in ["start_line", "start_column", "end_line", "end_column"] {
            assert!(finding[key].as_u64().unwrap() >= 1, "{key}");
        }
        assert!(finding["references"].is_object() && finding["trace"].is_array());
    }
    let with_trace = findings.iter().find(|f| f["rule_id"] == "AWS004").unwrap();
    let trace = &with_trace["trace"][0];
    assert_eq!(trace["path"], "infra/main.tf");
    assert_eq!(trace["start_line"], 3);
    assert!(trace["note"].is_string());
}

/// A long line is cut around the span, keeping it in view; UTF-8 and tabs
/// before the span shift the underline by what they take on screen.
#[test]
fn human_report_cuts_long_lines_around_the_span() {
    let line = "\tingress = [{ description = \"SSH — accès admin\", cidr_blocks = [\"0.0.0.0/0\"], from_port = 22, to_port = 22 }]";
    let span = "[\"0.0.0.0/0\"]";
    let column = line[..line.find(span).unwrap()].chars().count() as u32 + 1;
    let long = Finding {
        excerpt: excerpt(7, &[line]),
        ..finding(
            "AWS010",
            Severity::Critical,
            "Security group allows SSH from the internet",
            location("sg.tf", (7, column), (7, column + span.len() as u32)),
        )
    };
    let report = ScanReport {
        findings: vec![long],
        ..ScanReport::default()
    };
    let human = rendered(Format::Human, &report, &[]);
    let frame: Vec<&str> = human.lines().skip(5).take(3).collect();
    assert_eq!(
        frame,
        [
            "7 | …ès admin\", cidr_blocks = [\"0.0.0.0/0\"], from_port = 22, to_port = 22 }]",
            "  |                           ^^^^^^^^^^^^^",
            "  |",
        ],
        "{human}"
    );
}

/// Text from scanned files must not break out of its field in any format.
#[test]
fn junit_and_github_escape_what_they_must() {
    let nasty = Finding {
        message: "100% <bad> & \"quoted\" 'single'\nsecond line\r\u{1b}[31m".into(),
        remediation: "use a, b: c".into(),
        excerpt: Excerpt::default(),
        ..finding(
            "X001",
            Severity::Medium,
            "Title, with: punctuation",
            location("dir/a,b:c.tf", (1, 1), (1, 2)),
        )
    };
    let report = ScanReport {
        files: vec![FileEntry {
            path: "dir/a,b:c.tf".into(),
            kind: FileKind::Terraform,
            status: FileStatus::Scanned,
        }],
        resources: 1,
        findings: vec![nasty],
        ..ScanReport::default()
    };

    let github = rendered(Format::Github, &report, &[]);
    assert_eq!(
        github,
        "::warning file=dir/a%2Cb%3Ac.tf,line=1,endLine=1,col=1,endColumn=2,\
         title=X001 Title%2C with%3A punctuation\
         ::100%25 <bad> & \"quoted\" 'single'%0Asecond line%0D\u{FFFD}[31m%0AFix: use a, b: c\n"
    );

    let junit = rendered(Format::Junit, &report, &[]);
    assert!(
        junit.contains(
            "message=\"X001: 100% &lt;bad&gt; &amp; &quot;quoted&quot; &apos;single&apos;&#10;second line&#13;\u{FFFD}[31m\""
        ),
        "{junit}"
    );
    assert!(!junit.contains('\u{1b}'));
    assert!(junit.contains(r#"classname="dir/a,b:c.tf" file="dir/a,b:c.tf" line="1">"#));

    let human = rendered(Format::Human, &report, &[]);
    assert!(!human.contains('\u{1b}'), "{human}");
}

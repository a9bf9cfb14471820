//! SARIF 2.1.0, as GitHub code scanning and other CI dashboards read it.
//! Typed structs keep the output deterministic and show the shape at a glance.

use std::io::{self, Write};
use std::sync::Arc;

use indexmap::IndexMap;
use serde::Serialize;

use super::RenderOptions;
use crate::engine::rule::{Rule, Status};
use crate::findings::{FileStatus, Finding, Location, ScanReport, Severity, Warning};

const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// Results are relative to the directory the scan ran in; the consumer
/// (e.g. GitHub's upload action) knows where that is.
const SOURCE_ROOT: &str = "%SRCROOT%";
/// `automationDetails.id` when none is configured: the category is what
/// comes before the last `/`, so runs of the same category replace each
/// other's results in code scanning.
const DEFAULT_CATEGORY: &str = "strata/";

pub(super) fn render(
    report: &ScanReport,
    rules: &[Arc<Rule>],
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let docs = options
        .docs_url
        .as_deref()
        .map(|url| url.trim_end_matches('/'));
    let descriptors = rule_descriptors(report, rules, docs);
    let results = report
        .findings
        .iter()
        .map(|finding| {
            let index = descriptors
                .get_index_of(finding.rule_id.as_str())
                .expect("rule_descriptors covers every finding's rule");
            result(finding, index)
        })
        .collect();
    let log = Log {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: env!("CARGO_PKG_NAME"),
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules: descriptors.into_values().collect(),
                },
            },
            automation_details: AutomationDetails {
                id: automation_id(options.sarif_category.as_deref()),
            },
            invocations: [invocation(report)],
            original_uri_base_ids: OriginalUriBaseIds {
                source_root: BaseId {
                    description: Text {
                        text: "The directory the scan was run from".into(),
                    },
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

/// A category as given (`iac/prod` is kept; `iac` becomes `iac/`, the form
/// GitHub reads as a category without a run id).
fn automation_id(category: Option<&str>) -> String {
    match category.map(str::trim).filter(|c| !c.is_empty()) {
        Some(category) if category.contains('/') => category.to_string(),
        Some(category) => format!("{category}/"),
        None => DEFAULT_CATEGORY.to_string(),
    }
}

/// The project's web page, when Cargo.toml names one; never invented.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty())
}

/// The rules that ran, plus a minimal entry for any finding whose rule is
/// not among them, so every result can point at its rule by index.
fn rule_descriptors(
    report: &ScanReport,
    rules: &[Arc<Rule>],
    docs: Option<&str>,
) -> IndexMap<String, ReportingDescriptor> {
    let mut descriptors: IndexMap<String, ReportingDescriptor> = rules
        .iter()
        .map(|rule| (rule.id.clone(), descriptor_from_rule(rule, docs)))
        .collect();
    for finding in &report.findings {
        descriptors
            .entry(finding.rule_id.clone())
            .or_insert_with(|| descriptor_from_finding(finding));
    }
    descriptors
}

fn descriptor_from_rule(rule: &Rule, docs: Option<&str>) -> ReportingDescriptor {
    let description: &str = if rule.description.trim().is_empty() {
        &rule.title
    } else {
        &rule.description
    };
    ReportingDescriptor {
        id: rule.id.clone(),
        name: Some(rule.name.clone()),
        short_description: Text {
            text: rule.title.to_string(),
        },
        full_description: Some(Text {
            text: description.trim().to_owned(),
        }),
        help: Some(help(rule)),
        help_uri: docs.map(|base| format!("{base}/{}.md", rule.id)),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            tags: vec!["security".into(), rule.layer.as_str().into()],
            security_severity: security_severity(rule.severity),
            precision: match rule.status {
                Status::Experimental => "medium",
                Status::Stable | Status::Deprecated => "high",
            },
        },
    }
}

fn descriptor_from_finding(finding: &Finding) -> ReportingDescriptor {
    ReportingDescriptor {
        id: finding.rule_id.clone(),
        name: None,
        short_description: Text {
            text: finding.title.to_string(),
        },
        full_description: None,
        help: None,
        help_uri: None,
        default_configuration: Configuration {
            level: level(finding.severity),
        },
        properties: RuleProperties {
            tags: vec!["security".into()],
            security_severity: security_severity(finding.severity),
            precision: "high",
        },
    }
}

/// The recipe, then a snippet of the fix per source format, then the
/// equivalent IDs of peer tools (so users can map their old suppressions).
fn help(rule: &Rule) -> Help {
    let recipe = rule.recipe.trim();
    let mut text = recipe.to_owned();
    let mut markdown = recipe.to_owned();
    for (format, snippet) in &rule.snippets {
        let snippet = snippet.trim_end();
        text.push_str(&format!("\n\n{format}:\n{snippet}"));
        markdown.push_str(&format!(
            "\n\n{format}:\n\n```{}\n{snippet}\n```",
            super::fence_language(format)
        ));
    }
    if !rule.references.is_empty() {
        let references: Vec<String> = rule
            .references
            .iter()
            .map(|(tool, ids)| format!("{tool} {}", ids.join(", ")))
            .collect();
        let references = references.join("; ");
        text.push_str(&format!("\n\nReferences: {references}"));
        markdown.push_str(&format!("\n\nReferences: {references}"));
    }
    Help { text, markdown }
}

/// GitHub code scanning ranks alerts by this score (CVSS-like, as a string).
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

fn result(finding: &Finding, rule_index: usize) -> SarifResult {
    SarifResult {
        rule_id: finding.rule_id.clone(),
        rule_index,
        level: level(finding.severity),
        message: Text {
            text: finding.message.clone(),
        },
        locations: vec![SarifLocation {
            id: None,
            physical_location: physical_location(&finding.location),
            message: None,
        }],
        related_locations: finding
            .trace
            .iter()
            .enumerate()
            .map(|(index, step)| SarifLocation {
                id: Some(index + 1),
                physical_location: physical_location(&step.location),
                message: Some(Text {
                    text: step.note.clone(),
                }),
            })
            .collect(),
        partial_fingerprints: PartialFingerprints {
            strata: finding.fingerprint.clone(),
        },
        suppressions: finding
            .suppressed
            .iter()
            .map(|s| SarifSuppression {
                kind: s.kind.as_str(),
                justification: s.justification.clone(),
            })
            .collect(),
        properties: ResultProperties {
            resource: finding.resource.clone(),
            severity: finding.severity,
        },
    }
}

fn physical_location(location: &Location) -> PhysicalLocation {
    // SARIF positions are 1-based; a 0 means "unknown" here, so leave it out.
    let known = |n: u32| (n > 0).then_some(n);
    let region = Region {
        start_line: known(location.start_line),
        start_column: known(location.start_column),
        end_line: known(location.end_line),
        end_column: known(location.end_column),
    };
    PhysicalLocation {
        artifact_location: artifact_location(&location.path),
        region: region.start_line.is_some().then_some(region),
    }
}

fn artifact_location(path: &str) -> ArtifactLocation {
    let path = path.replace('\\', "/");
    let is_windows_absolute = path.as_bytes().get(1) == Some(&b':');
    if path.starts_with('/') || is_windows_absolute {
        let separator = if is_windows_absolute { "/" } else { "" };
        ArtifactLocation {
            uri: format!("file://{separator}{}", percent_encode(&path)),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: percent_encode(path.trim_start_matches("./")),
            uri_base_id: Some(SOURCE_ROOT),
        }
    }
}

/// Percent-encodes what may not appear in a URI path (spaces, `%`, `#`,
/// `?`, non-ASCII, …); `/` and `:` stay as they are.
fn percent_encode(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// Files that could not be analysed become error notifications, which CI
/// shows as a failed or partial analysis instead of silently missing files.
fn invocation(report: &ScanReport) -> Invocation {
    let notifications: Vec<Notification> = report
        .files
        .iter()
        .filter_map(|file| match &file.status {
            FileStatus::Error(message) => Some(Notification {
                level: "error",
                message: Text {
                    text: format!("{}: {message}", file.path),
                },
                locations: vec![NotificationLocation {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact_location(&file.path),
                        region: None,
                    },
                }],
            }),
            FileStatus::Scanned | FileStatus::Skipped(_) => None,
        })
        .collect();
    let failed = !notifications.is_empty();
    let mut notifications = notifications;
    notifications.extend(report.warnings.iter().map(warning_notification));
    Invocation {
        execution_successful: !failed,
        tool_execution_notifications: notifications,
    }
}

/// A warning (a suppression that silences nothing, an empty scan) as a
/// notification, at its place when it has one.
fn warning_notification(warning: &Warning) -> Notification {
    Notification {
        level: "warning",
        message: Text {
            text: format!("{} [{}]", warning.message, warning.kind.as_str()),
        },
        locations: warning
            .location
            .iter()
            .map(|location| NotificationLocation {
                physical_location: physical_location(location),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    automation_details: AutomationDetails,
    invocations: [Invocation; 1],
    original_uri_base_ids: OriginalUriBaseIds,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    precision: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<NotificationLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
struct OriginalUriBaseIds {
    #[serde(rename = "%SRCROOT%")]
    source_root: BaseId,
}

#[derive(Serialize)]
struct BaseId {
    description: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    partial_fingerprints: PartialFingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression>,
    properties: ResultProperties,
}

#[derive(Serialize)]
struct SarifSuppression {
    kind: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

/// Our fingerprint's key: rename (e.g. `strata/v2`) if its recipe changes.
#[derive(Serialize)]
struct PartialFingerprints {
    #[serde(rename = "strata/v1")]
    strata: String,
}

#[derive(Serialize)]
struct ResultProperties {
    resource: String,
    severity: Severity,
}

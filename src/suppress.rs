//! Suppressions: a pass after the rules, never inside them.
//!
//! A finding is suppressed by a comment next to what it points at —
//! `# strata:ignore ID[,ID] reason`, or a peer's own form, matched through
//! the rule's references so that moving to Strata keeps every existing
//! suppression — by a Kubernetes annotation that Checkov or kube-linter
//! reads, or by an `[[ignore]]` entry of `strata.toml`. Suppressed findings
//! stay in JSON and SARIF, marked, and never fail the build.

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::engine::rule::Rule;
use crate::findings::{Suppression, SuppressionKind};
use crate::model::{Node, Value};
use crate::source::SourceFile;

/// Where to look for comments: the finding's first line, and the first
/// line of the block or resource that holds it.
pub fn by_comment(rule: &Rule, file: &SourceFile, lines: &[u32]) -> Option<Suppression> {
    lines.iter().find_map(|&line| {
        // The line itself (a trailing comment), then the comment lines
        // stacked directly above it.
        std::iter::once(line)
            .chain(
                (1..line)
                    .rev()
                    .take_while(|&l| is_comment_line(file.line_text(l))),
            )
            .find_map(|l| matches_comment(rule, file.comment_part(l)?))
    })
}

fn is_comment_line(text: &str) -> bool {
    let text = text.trim_start();
    let template_comment = text.starts_with("{{/*") || text.starts_with("{{- /*");
    text.starts_with('#') || text.starts_with("//") || text.starts_with("/*") || template_comment
}

/// Whether a comment line silences `rule`, and why.
fn matches_comment(rule: &Rule, comment: &str) -> Option<Suppression> {
    let ours = |id: &str| id.eq_ignore_ascii_case(&rule.id) || id.eq_ignore_ascii_case(&rule.name);
    let cites = |peer: &str, id: &str| {
        rule.references
            .get(peer)
            .is_some_and(|ids| ids.iter().any(|r| r.eq_ignore_ascii_case(id)))
    };
    let in_source = |justification: &str| Suppression {
        kind: SuppressionKind::InSource,
        // `{{/* strata:ignore ID reason */}}` in Helm templates.
        justification: justification
            .trim()
            .trim_end_matches("}}")
            .trim_end_matches('-')
            .trim()
            .trim_end_matches("*/")
            .trim()
            .to_string(),
    };

    if let Some(rest) = after(comment, "strata:ignore") {
        let (ids, reason) = split_ids(rest);
        return ids.iter().any(|id| ours(id)).then(|| in_source(reason));
    }
    if let Some(rest) = after(comment, "checkov:skip=") {
        let (id, reason) = rest.split_once(':').unwrap_or((rest, ""));
        let id = id.trim();
        return (ours(id) || cites("checkov", id)).then(|| in_source(reason));
    }
    for marker in ["tfsec:ignore:", "trivy:ignore:"] {
        if let Some(rest) = after(comment, marker) {
            let id = rest.split_whitespace().next().unwrap_or("");
            // `trivy:ignore:AVD-AWS-0088[exp:2025-01-01]` style suffixes.
            let id = id.split('[').next().unwrap_or(id);
            return (ours(id) || cites("trivy", id) || cites("tfsec", id)).then(|| in_source(""));
        }
    }
    if let Some(rest) = after(comment, "hadolint ignore=") {
        let (ids, reason) = split_ids(rest);
        return ids
            .iter()
            .any(|id| ours(id) || cites("hadolint", id))
            .then(|| in_source(reason));
    }
    if after(comment, "kics-scan ignore-line").is_some() {
        return Some(in_source("kics-scan ignore-line"));
    }
    None
}

fn after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    text.find(marker).map(|at| &text[at + marker.len()..])
}

/// `ID1,ID2 the reason` → (["ID1", "ID2"], "the reason").
fn split_ids(text: &str) -> (Vec<&str>, &str) {
    let text = text.trim_start();
    let end = text.find(|c: char| c.is_whitespace()).unwrap_or(text.len());
    let ids = text[..end]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (ids, &text[end..])
}

/// Kubernetes annotations that peers read: `checkov.io/skip1:
/// CKV_K8S_20=reason` and `ignore-check.kube-linter.io/<check>: reason`.
pub fn by_annotation(rule: &Rule, annotations: Option<&Node>) -> Option<Suppression> {
    let Some(Value::Map(annotations)) = annotations.map(|n| &n.value) else {
        return None;
    };
    let cites = |peer: &str, id: &str| {
        id.eq_ignore_ascii_case(&rule.id)
            || rule
                .references
                .get(peer)
                .is_some_and(|ids| ids.iter().any(|r| r.eq_ignore_ascii_case(id)))
    };
    annotations.iter().find_map(|(key, value)| {
        let value = value.value.as_str().unwrap_or("");
        if key.starts_with("checkov.io/skip") {
            let (id, reason) = value.split_once('=').unwrap_or((value, ""));
            return cites("checkov", id.trim()).then(|| Suppression {
                kind: SuppressionKind::InSource,
                justification: reason.trim().to_string(),
            });
        }
        if let Some(check) = key.strip_prefix("ignore-check.kube-linter.io/") {
            return cites("kube-linter", check).then(|| Suppression {
                kind: SuppressionKind::InSource,
                justification: value.trim().to_string(),
            });
        }
        None
    })
}

/// An `[[ignore]]` entry of strata.toml, compiled.
#[derive(Clone, Debug)]
pub struct PathIgnore {
    /// Rule ids or id prefixes.
    pub rules: Vec<String>,
    pub paths: GlobSet,
    pub reason: String,
}

impl PathIgnore {
    pub fn new(rules: Vec<String>, paths: &[String], reason: String) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        for path in paths {
            builder.add(Glob::new(path).map_err(|e| format!("invalid ignore path `{path}`: {e}"))?);
        }
        let paths = builder
            .build()
            .map_err(|e| format!("invalid ignore paths: {e}"))?;
        Ok(PathIgnore {
            rules,
            paths,
            reason,
        })
    }

    /// Whether this entry silences `rule_id` at `path` (as reports show it).
    pub fn matches(&self, rule_id: &str, path: &str) -> bool {
        let rule_matches = self.rules.is_empty()
            || self
                .rules
                .iter()
                .any(|r| rule_id.eq_ignore_ascii_case(r) || rule_id.starts_with(r.as_str()));
        rule_matches && self.paths.is_match(path)
    }
}

/// The first config entry that silences the finding.
pub fn by_config(ignores: &[PathIgnore], rule_id: &str, path: &str) -> Option<Suppression> {
    ignores
        .iter()
        .find(|i| i.matches(rule_id, path))
        .map(|i| Suppression {
            kind: SuppressionKind::External,
            justification: i.reason.clone(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn rule() -> Rule {
        let text = "id: AWS001\nname: s3-bucket-without-encryption\ntitle: t\nseverity: high\n\
                    layer: cloud\napplies_to: [aws_s3_bucket]\nmessage: m\ndescription: d\n\
                    recipe: r\nreferences:\n  checkov: [CKV_AWS_19]\n  trivy: [AVD-AWS-0088]\n  \
                    hadolint: [DL3008]\ncondition:\n  attr: x\n  exists: false\n";
        crate::engine::parse_rule("AWS001-s3-bucket-without-encryption.yaml", text).unwrap()
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::new("main.tf".into(), Arc::from(text))
    }

    #[test]
    fn strata_and_peer_comments_silence_the_rule() {
        let rule = rule();
        for comment in [
            "# strata:ignore AWS001 logs are public by design",
            "# strata:ignore AWS002,AWS001",
            "#checkov:skip=CKV_AWS_19:handled by the platform",
            "# tfsec:ignore:AVD-AWS-0088",
            "#trivy:ignore:AVD-AWS-0088",
            "# hadolint ignore=DL3008",
            "// strata:ignore s3-bucket-without-encryption",
        ] {
            let f = file(&format!(
                "{comment}\nresource \"aws_s3_bucket\" \"b\" {{\n}}\n"
            ));
            assert!(by_comment(&rule, &f, &[2]).is_some(), "{comment}");
        }
        let reason = by_comment(
            &rule,
            &file("# strata:ignore AWS001 logs are public\nresource \"x\" \"y\" {}\n"),
            &[2],
        )
        .unwrap();
        assert_eq!(reason.justification, "logs are public");
    }

    #[test]
    fn other_rules_and_distant_comments_do_not() {
        let rule = rule();
        let cases = [
            "# strata:ignore AWS002\nresource \"x\" \"y\" {}\n",
            "#checkov:skip=CKV_AWS_20\nresource \"x\" \"y\" {}\n",
            "# strata:ignore AWS001\n\nresource \"x\" \"y\" {}\n",
        ];
        for text in cases {
            let f = file(text);
            let line = f.line_count() - 1;
            assert!(by_comment(&rule, &f, &[line]).is_none(), "{text}");
        }
    }

    #[test]
    fn trailing_comments_count() {
        let f =
            file("resource \"x\" \"y\" {\n  acl = \"public-read\" # strata:ignore AWS001 ok\n}\n");
        assert!(by_comment(&rule(), &f, &[2]).is_some());
    }

    #[test]
    fn config_ignores_match_rule_and_path() {
        let ignore =
            PathIgnore::new(vec!["AWS".into()], &["legacy/**".into()], "old".into()).unwrap();
        assert!(ignore.matches("AWS001", "legacy/a/main.tf"));
        assert!(!ignore.matches("K8S001", "legacy/a/pod.yaml"));
        assert!(!ignore.matches("AWS001", "new/main.tf"));
    }
}

//! Suppressions: a pass after the rules, never inside them.
//!
//! A finding is suppressed by a comment next to what it points at —
//! `# strata:ignore ID[,ID] reason`, or a peer's own form, matched through
//! the rule's references so that moving to Strata keeps every existing
//! suppression — by a Kubernetes annotation that Checkov or kube-linter
//! reads, or by an `[[ignore]]` entry of `strata.toml`. Suppressed findings
//! stay in JSON and SARIF, marked, and never fail the build.

mod directive;
pub mod review;

use std::path::Path;

use crate::pathspec::PathPatterns;

pub use directive::{Directive, Marker};

use crate::engine::rule::Rule;
use crate::findings::{Suppression, SuppressionKind, WarningKind};
use crate::model::{Node, Value};
use crate::source::comments::is_comment_line;
use crate::source::{FileSpan, SourceFile};

/// Where a directive is: its 1-based line and its byte offset in the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DirectiveAt {
    pub line: u32,
    pub offset: u32,
}

/// The suppression a comment gives, and the directive that gave it.
#[derive(Clone, Debug, PartialEq)]
pub struct Silenced {
    pub suppression: Suppression,
    pub at: DirectiveAt,
}

/// Where to look for comments: the finding's first line and the first
/// line of the block or resource that holds it (each with the comment
/// lines stacked directly above), then — for Checkov's skips, which cover
/// the whole resource — every line of the resource, `resource_lines`, and
/// last — for hadolint's global ignores — every line of the file.
pub fn by_comment(
    rule: &Rule,
    file: &SourceFile,
    lines: &[u32],
    resource_lines: Option<(u32, u32)>,
) -> Option<Silenced> {
    let near = lines.iter().find_map(|&line| {
        // The line itself (a trailing comment), then the comment lines
        // stacked directly above it.
        std::iter::once(line)
            .chain((1..line).rev().take_while(|&l| is_comment_line(file, l)))
            .find_map(|l| silencing(rule, file, l, |_| true))
    });
    near.or_else(|| {
        let (first, last) = resource_lines?;
        (first..=last).find_map(|l| silencing(rule, file, l, Directive::covers_resource))
    })
    .or_else(|| {
        // Most files have no global ignore: no need to read every comment.
        file.text.contains("global ignore=").then(|| {
            (1..=file.line_count()).find_map(|l| silencing(rule, file, l, Directive::covers_file))
        })?
    })
}

/// Every directive in `file`'s real comments, in order.
pub fn directives_in(file: &SourceFile) -> Vec<(DirectiveAt, Directive)> {
    (1..=file.line_count())
        .flat_map(|line| {
            comment_directives(file, line)
                .into_iter()
                .map(move |(offset, d)| (DirectiveAt { line, offset }, d))
        })
        .collect()
}

/// The directives of one line's comment, with their offsets in the line.
fn comment_directives(file: &SourceFile, line: u32) -> Vec<(u32, Directive)> {
    let Some(comment) = file.comment_part(line) else {
        return Vec::new();
    };
    let start = file.line_text(line).len() - comment.len();
    Directive::parse_all(comment)
        .into_iter()
        .map(|d| ((start + d.offset) as u32, d))
        .collect()
}

/// The first directive on `line` that passes `scope` and silences `rule`.
fn silencing(
    rule: &Rule,
    file: &SourceFile,
    line: u32,
    scope: fn(&Directive) -> bool,
) -> Option<Silenced> {
    comment_directives(file, line)
        .into_iter()
        .find(|(_, d)| scope(d) && d.silences(rule))
        .map(|(offset, d)| Silenced {
            suppression: Suppression {
                kind: SuppressionKind::InSource,
                justification: match d.marker {
                    Marker::Kics => "kics-scan ignore-line".into(),
                    _ => d.reason,
                },
            },
            at: DirectiveAt { line, offset },
        })
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

/// An `[[ignore]]` entry of strata.toml, compiled. Its paths are
/// gitignore patterns relative to the directory of the file that declares
/// them: `legacy/**` is that directory's `legacy`, a bare `examples`
/// matches a file or directory of that name at any depth.
#[derive(Clone, Debug)]
pub struct PathIgnore {
    /// Rule ids or id prefixes.
    pub rules: Vec<String>,
    pub paths: PathPatterns,
    pub reason: String,
    /// Set when the entry is past its `expires` day: it silences nothing,
    /// and warns until it is renewed or removed.
    pub expired: Option<Expired>,
    /// The paths as written, for messages.
    written: Vec<String>,
}

/// When an `[[ignore]]` entry expired, and where its `expires` is written
/// (when the file's text is at hand).
#[derive(Clone, Debug)]
pub struct Expired {
    pub day: String,
    pub at: Option<FileSpan>,
}

impl PathIgnore {
    pub fn new(
        rules: Vec<String>,
        paths: &[String],
        reason: String,
        base: &Path,
    ) -> Result<Self, String> {
        Ok(PathIgnore {
            rules,
            paths: PathPatterns::new(base, paths)
                .map_err(|e| format!("invalid ignore path {e}"))?,
            reason,
            expired: None,
            written: paths.to_vec(),
        })
    }

    /// The entry, past its `expires` day.
    pub fn expire(self, expired: Expired) -> Self {
        PathIgnore {
            expired: Some(expired),
            ..self
        }
    }

    /// The warning of an expired entry: it gets renewed or removed, not
    /// forgotten.
    pub fn expiry_warning(&self) -> Option<(Option<&FileSpan>, WarningKind, String)> {
        let expired = self.expired.as_ref()?;
        let rules = match self.rules.is_empty() {
            true => "every rule".to_string(),
            false => self.rules.join(", "),
        };
        Some((
            expired.at.as_ref(),
            WarningKind::ExpiredIgnore,
            format!(
                "the [[ignore]] of {rules} in {} expired on {}: its findings are reported again; \
                 renew `expires` or remove the entry",
                self.written.join(", "),
                expired.day
            ),
        ))
    }

    /// Whether this entry silences `rule_id` in the file at `path` (an
    /// expired one silences nothing).
    pub fn matches(&self, rule_id: &str, path: &Path) -> bool {
        if self.expired.is_some() {
            return false;
        }
        let rule_matches = self.rules.is_empty()
            || self
                .rules
                .iter()
                .any(|r| rule_id.eq_ignore_ascii_case(r) || rule_id.starts_with(r.as_str()));
        rule_matches && self.paths.matches(path, false)
    }
}

/// The first config entry that silences the finding in the file at `path`.
pub fn by_config(ignores: &[PathIgnore], rule_id: &str, path: &Path) -> Option<Suppression> {
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
                    recipe: r\nreferences:\n  checkov: [CKV_AWS_19]\n  bridgecrew: [BC_AWS_S3_14]\n  \
                    trivy: [AVD-AWS-0088]\n  tfsec: [aws-s3-enable-bucket-encryption]\n  \
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
            "#bridgecrew:skip=BC_AWS_S3_14:handled by the platform",
            "# tfsec:ignore:AVD-AWS-0088",
            "#tfsec:ignore:aws-s3-enable-bucket-encryption:exp:2030-01-01",
            "#trivy:ignore:AVD-AWS-0088",
            "# hadolint ignore=DL3008",
            "# hadolint global ignore=DL3009,DL3008",
            "// strata:ignore s3-bucket-without-encryption",
        ] {
            let f = file(&format!(
                "{comment}\nresource \"aws_s3_bucket\" \"b\" {{\n}}\n"
            ));
            assert!(by_comment(&rule, &f, &[2], None).is_some(), "{comment}");
        }
        let silenced = by_comment(
            &rule,
            &file("# strata:ignore AWS001 logs are public\nresource \"x\" \"y\" {}\n"),
            &[2],
            None,
        )
        .unwrap();
        assert_eq!(silenced.suppression.justification, "logs are public");
        assert_eq!(silenced.at, DirectiveAt { line: 1, offset: 2 });
    }

    #[test]
    fn other_rules_and_distant_comments_do_not() {
        let rule = rule();
        let cases = [
            "# strata:ignore AWS002\nresource \"x\" \"y\" {}\n",
            "#checkov:skip=CKV_AWS_20\nresource \"x\" \"y\" {}\n",
            "# strata:ignore AWS001\n\nresource \"x\" \"y\" {}\n",
            // KICS comments silence only rules that cite KICS.
            "# kics-scan ignore-line\nresource \"x\" \"y\" {}\n",
        ];
        for text in cases {
            let f = file(text);
            let line = f.line_count() - 1;
            assert!(by_comment(&rule, &f, &[line], None).is_none(), "{text}");
        }
    }

    #[test]
    fn comments_inside_strings_are_not_suppressions() {
        let f = file(
            "resource \"x\" \"y\" {\n  user_data = <<EOF\n# strata:ignore AWS001 no\nEOF\n  \
             acl = \"# strata:ignore AWS001\"\n}\n",
        );
        assert!(by_comment(&rule(), &f, &[5], None).is_none());
        assert!(by_comment(&rule(), &f, &[4], Some((1, 6))).is_none());
    }

    #[test]
    fn checkov_skips_cover_the_whole_resource() {
        let f = file(
            "resource \"x\" \"y\" {\n  region = \"a\"\n  #checkov:skip=CKV_AWS_19:static site\n  \
             acl = \"public-read\"\n  # strata:ignore AWS001 not block-wide\n  tags = {}\n}\n",
        );
        let silenced = by_comment(&rule(), &f, &[4, 1], Some((1, 7))).unwrap();
        assert_eq!(silenced.at.line, 3);
        assert_eq!(silenced.suppression.justification, "static site");
        // A strata comment covers the line below it only.
        let f = file("resource \"x\" \"y\" {\n  # strata:ignore AWS001 x\n  a = 1\n  b = 2\n}\n");
        assert!(by_comment(&rule(), &f, &[4, 1], Some((1, 5))).is_none());
    }

    #[test]
    fn hadolint_global_ignores_cover_the_whole_file() {
        let f = SourceFile::new(
            "Dockerfile".into(),
            Arc::from(
                "# hadolint global ignore=DL3008\nFROM debian:12\n\nRUN apt-get install -y curl\n",
            ),
        );
        let silenced = by_comment(&rule(), &f, &[4], None).unwrap();
        assert_eq!(silenced.at, DirectiveAt { line: 1, offset: 2 });
        // The next-instruction form stays next to its instruction.
        let f = SourceFile::new(
            "Dockerfile".into(),
            Arc::from("# hadolint ignore=DL3008\nFROM debian:12\nRUN apt-get install -y curl\n"),
        );
        assert!(by_comment(&rule(), &f, &[3], None).is_none());
        // Other ids, and the text of a heredoc, silence nothing.
        let f = SourceFile::new(
            "Dockerfile".into(),
            Arc::from(
                "# hadolint global ignore=DL3009\nFROM debian:12\nRUN <<EOF\n# hadolint global ignore=DL3008\nEOF\n",
            ),
        );
        assert!(by_comment(&rule(), &f, &[3], None).is_none());
    }

    #[test]
    fn trailing_comments_count() {
        let f =
            file("resource \"x\" \"y\" {\n  acl = \"public-read\" # strata:ignore AWS001 ok\n}\n");
        assert!(by_comment(&rule(), &f, &[2], None).is_some());
    }

    #[test]
    fn directives_are_listed_with_their_place() {
        let f = file("a = 1 # strata:ignore AWS001 why\n# tfsec:ignore:x tfsec:ignore:y\n");
        let found: Vec<(u32, u32)> = directives_in(&f)
            .iter()
            .map(|(at, _)| (at.line, at.offset))
            .collect();
        assert_eq!(found, [(1, 8), (2, 2), (2, 17)]);
    }

    #[test]
    fn config_ignores_match_rule_and_path_relative_to_their_file() {
        let base = Path::new("/repo");
        let ignore = PathIgnore::new(
            vec!["AWS".into()],
            &["legacy/**".into()],
            "old".into(),
            base,
        )
        .unwrap();
        assert!(ignore.matches("AWS001", Path::new("/repo/legacy/a/main.tf")));
        assert!(!ignore.matches("K8S001", Path::new("/repo/legacy/a/pod.yaml")));
        assert!(!ignore.matches("AWS001", Path::new("/repo/new/main.tf")));
        assert!(!ignore.matches("AWS001", Path::new("/repo/new/legacy/main.tf")));
        assert!(!ignore.matches("AWS001", Path::new("/elsewhere/legacy/main.tf")));
        let anywhere = PathIgnore::new(vec![], &["examples".into()], "demo".into(), base).unwrap();
        assert!(anywhere.matches("AWS001", Path::new("/repo/examples/main.tf")));
        assert!(anywhere.matches("AWS001", Path::new("/repo/mod/examples/x/main.tf")));
        assert!(!anywhere.matches("AWS001", Path::new("/repo/examples2/main.tf")));
        assert!(anywhere.expiry_warning().is_none());
        let expired = anywhere.expire(Expired {
            day: "2026-01-31".into(),
            at: None,
        });
        assert!(!expired.matches("AWS001", Path::new("/repo/examples/main.tf")));
        let (_, kind, message) = expired.expiry_warning().unwrap();
        assert_eq!(kind, WarningKind::ExpiredIgnore);
        assert!(message.contains("every rule in examples expired on 2026-01-31"));
    }
}

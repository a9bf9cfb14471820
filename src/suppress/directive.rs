//! Suppression directives: what one comment says, in Strata's form or a
//! peer's, and which rules it silences.
//!
//! | form | ids | scope |
//! |---|---|---|
//! | `strata:ignore ID[,ID] reason` | Strata ids or names | the line, the block it opens |
//! | `checkov:skip=CKV_…[:reason]` | Checkov ids | the whole resource (anywhere inside it) |
//! | `bridgecrew:skip=BC_…[:reason]` | Checkov's older BC ids | the whole resource |
//! | `tfsec:ignore:ID[:exp:DATE]` | tfsec long ids, AVD ids | the line, the block it opens |
//! | `trivy:ignore:ID[…]` | AVD ids, tfsec long ids | the line, the block it opens |
//! | `hadolint ignore=DL…[,DL…]` | hadolint ids | the next instruction |
//! | `hadolint global ignore=DL…[,DL…]` | hadolint ids | the whole file (anywhere in it) |
//! | `kics-scan ignore-line` | — (rules that cite KICS) | the line, the block it opens |
//!
//! Peers' ids are matched through each rule's `references`, so a comment
//! written for a peer silences the Strata rules that cover the same check.

use crate::engine::rule::Rule;

/// Who wrote the comment's syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Strata,
    Checkov,
    Bridgecrew,
    Tfsec,
    Trivy,
    Hadolint,
    /// `hadolint global ignore=` (hadolint 2.10): the whole file.
    HadolintGlobal,
    Kics,
}

/// One directive of a comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub marker: Marker,
    pub ids: Vec<String>,
    pub reason: String,
    /// Byte offset of the directive within the comment.
    pub offset: usize,
}

/// Markers, the text that introduces them, in the order they are looked for.
const MARKERS: &[(&str, Marker)] = &[
    ("strata:ignore", Marker::Strata),
    ("checkov:skip=", Marker::Checkov),
    ("bridgecrew:skip=", Marker::Bridgecrew),
    ("tfsec:ignore:", Marker::Tfsec),
    ("trivy:ignore:", Marker::Trivy),
    ("hadolint ignore=", Marker::Hadolint),
    ("hadolint global ignore=", Marker::HadolintGlobal),
    ("kics-scan ignore-line", Marker::Kics),
];

impl Directive {
    /// Every directive in a comment (tfsec allows several on one line).
    pub fn parse_all(comment: &str) -> Vec<Directive> {
        let mut found: Vec<Directive> = Vec::new();
        for &(text, marker) in MARKERS {
            let mut from = 0;
            while let Some(at) = comment[from..].find(text) {
                let start = from + at;
                let rest = &comment[start + text.len()..];
                found.push(Directive::from_rest(marker, rest, start));
                from = start + text.len();
            }
        }
        found.sort_by_key(|d| d.offset);
        found
    }

    fn from_rest(marker: Marker, rest: &str, offset: usize) -> Directive {
        let (ids, reason) = match marker {
            Marker::Strata | Marker::Hadolint | Marker::HadolintGlobal => {
                let (ids, reason) = split_ids(rest);
                (ids, clean_reason(reason))
            }
            Marker::Checkov | Marker::Bridgecrew => {
                let (id, reason) = rest.split_once(':').unwrap_or((rest, ""));
                let id = id.split_whitespace().next().unwrap_or("");
                (vec![id.to_string()], clean_reason(reason))
            }
            Marker::Tfsec | Marker::Trivy => {
                // `aws-s3-enable-bucket-encryption:exp:2025-01-01`,
                // `AVD-AWS-0088[exp:2025-01-01]`.
                let id = rest.split_whitespace().next().unwrap_or("");
                let id = id.split(['[', ':']).next().unwrap_or(id);
                (vec![id.to_string()], String::new())
            }
            Marker::Kics => (Vec::new(), String::new()),
        };
        let ids = ids.into_iter().filter(|id| !id.is_empty()).collect();
        Directive {
            marker,
            ids,
            reason,
            offset,
        }
    }

    /// Whether the directive silences `rule`.
    pub fn silences(&self, rule: &Rule) -> bool {
        let ours =
            |id: &str| id.eq_ignore_ascii_case(&rule.id) || id.eq_ignore_ascii_case(&rule.name);
        let cites = |peer: &str, id: &str| {
            rule.references
                .get(peer)
                .is_some_and(|ids| ids.iter().any(|r| r.eq_ignore_ascii_case(id)))
        };
        let any = |test: &dyn Fn(&str) -> bool| self.ids.iter().any(|id| test(id));
        match self.marker {
            Marker::Strata => any(&|id| ours(id)),
            Marker::Checkov => any(&|id| ours(id) || cites("checkov", id)),
            Marker::Bridgecrew => any(&|id| cites("bridgecrew", id)),
            Marker::Tfsec | Marker::Trivy => {
                any(&|id| ours(id) || cites("trivy", id) || cites("tfsec", id))
            }
            Marker::Hadolint | Marker::HadolintGlobal => {
                any(&|id| ours(id) || cites("hadolint", id))
            }
            // KICS names its queries by UUID, which the comment does not
            // carry: it silences the rules that have a KICS counterpart.
            Marker::Kics => rule
                .references
                .get("kics")
                .is_some_and(|ids| !ids.is_empty()),
        }
    }

    /// Checkov's skips apply to the whole resource they are written in.
    pub fn covers_resource(&self) -> bool {
        matches!(self.marker, Marker::Checkov | Marker::Bridgecrew)
    }

    /// hadolint's global ignores apply to the whole file, wherever they are.
    pub fn covers_file(&self) -> bool {
        self.marker == Marker::HadolintGlobal
    }
}

/// `ID1,ID2 the reason` → (["ID1", "ID2"], "the reason"). Blanks may
/// stand around the commas (`ignore=DL3008, DL3009`, as hadolint reads it).
fn split_ids(text: &str) -> (Vec<String>, &str) {
    let mut rest = text.trim_start_matches('=').trim_start();
    let mut ids = Vec::new();
    loop {
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(rest.len());
        if end > 0 {
            ids.push(rest[..end].to_string());
        }
        let after = &rest[end..];
        match after.trim_start().strip_prefix(',') {
            Some(more) => rest = more.trim_start(),
            None => return (ids, after),
        }
    }
}

/// A reason without the end of the comment it was written in
/// (`{{/* strata:ignore ID reason */}}` in Helm templates, `/* … */`).
fn clean_reason(reason: &str) -> String {
    reason
        .trim()
        .trim_end_matches("}}")
        .trim_end_matches('-')
        .trim()
        .trim_end_matches("*/")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        let d = &Directive::parse_all("# strata:ignore AWS001,AWS002 public by design")[0];
        assert_eq!(
            (d.marker, d.ids.clone()),
            (Marker::Strata, vec!["AWS001".into(), "AWS002".into()])
        );
        assert_eq!(d.reason, "public by design");
        let d = &Directive::parse_all("#checkov:skip=CKV_AWS_20:static site")[0];
        assert_eq!(
            (d.ids.clone(), d.reason.as_str()),
            (vec!["CKV_AWS_20".into()], "static site")
        );
        let d = &Directive::parse_all("{{/* strata:ignore K8S001 */}}")[0];
        assert_eq!(d.reason, "");
        let all = Directive::parse_all(
            "#tfsec:ignore:aws-s3-enable-bucket-encryption:exp:2025-01-01 tfsec:ignore:aws-s3-enable-versioning",
        );
        let ids: Vec<&str> = all.iter().map(|d| d.ids[0].as_str()).collect();
        assert_eq!(
            ids,
            [
                "aws-s3-enable-bucket-encryption",
                "aws-s3-enable-versioning"
            ]
        );
        let d = &Directive::parse_all("# hadolint global ignore=DL3008,DL3009")[0];
        assert_eq!(
            (d.marker, d.ids.clone()),
            (
                Marker::HadolintGlobal,
                vec!["DL3008".into(), "DL3009".into()]
            )
        );
        assert!(d.covers_file());
        // hadolint reads blanks around the commas as part of the list.
        let d =
            &Directive::parse_all("# hadolint ignore=DL3032, DL3033 ,DL3041 pinned upstream")[0];
        assert_eq!(d.ids, ["DL3032", "DL3033", "DL3041"]);
        assert_eq!(d.reason, "pinned upstream");
        let d = &Directive::parse_all("#trivy:ignore:AVD-AWS-0088[exp:2025-01-01]")[0];
        assert_eq!(d.ids, ["AVD-AWS-0088"]);
        assert!(Directive::parse_all("# an ordinary comment").is_empty());
    }
}

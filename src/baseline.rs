//! Baselines: adopt Strata on an existing repository without fixing every
//! old finding first. `--write-baseline FILE` records today's findings by
//! fingerprint (rule + resource + path, not lines, so edits elsewhere do not
//! invalidate it); `--baseline FILE` then suppresses exactly those, so CI
//! fails only on new problems.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::findings::{ScanReport, Suppression, SuppressionKind};

const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// One recorded finding; rule and path are kept for people reading the file.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    fingerprint: String,
    rule_id: String,
    path: String,
}

/// The fingerprints of a baseline file.
#[derive(Debug, Default)]
pub struct Baseline {
    fingerprints: HashSet<String>,
}

impl Baseline {
    /// Reads a baseline written by [`write`]; `origin` names it in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Baseline, String> {
        let file: BaselineFile = serde_json::from_str(text)
            .map_err(|e| format!("{origin}: not a Strata baseline: {e}"))?;
        if file.version != VERSION {
            return Err(format!(
                "{origin}: baseline version {} is not supported (expected {VERSION})",
                file.version
            ));
        }
        Ok(Baseline {
            fingerprints: file.findings.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    /// Marks findings recorded in the baseline as suppressed, and says how
    /// the baseline fared.
    pub fn apply(&self, report: &mut ScanReport, origin: &str) -> Applied {
        let mut matched = HashSet::new();
        for finding in &mut report.findings {
            if finding.suppressed.is_none() && self.fingerprints.contains(&finding.fingerprint) {
                finding.suppressed = Some(Suppression {
                    kind: SuppressionKind::External,
                    justification: format!("in baseline {origin}"),
                });
                matched.insert(finding.fingerprint.as_str());
            }
        }
        Applied {
            matched: matched.len(),
            entries: self.fingerprints.len(),
            new: report.active().count(),
        }
    }
}

/// What applying a baseline did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Applied {
    /// Recorded findings seen again (now suppressed).
    pub matched: usize,
    /// Entries in the baseline file.
    pub entries: usize,
    /// Active findings left: the new ones.
    pub new: usize,
}

impl Applied {
    /// `baseline FILE: 12 of 14 recorded findings matched; 2 no longer occur; 3 new`.
    pub fn describe(&self, origin: &str) -> String {
        let gone = self.entries - self.matched;
        let mut text = format!(
            "baseline {origin}: {} of {} recorded findings matched",
            self.matched, self.entries
        );
        if gone > 0 {
            text.push_str(&format!("; {gone} no longer occur"));
        }
        text.push_str(&format!("; {} new", self.new));
        text
    }
}

/// The baseline of a report: its findings that are not already suppressed.
pub fn write(report: &ScanReport) -> String {
    let file = BaselineFile {
        version: VERSION,
        findings: report
            .active()
            .map(|f| Entry {
                fingerprint: f.fingerprint.clone(),
                rule_id: f.rule_id.clone(),
                path: f.location.path.clone(),
            })
            .collect(),
    };
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_other_files_with_a_clear_message() {
        let error = Baseline::parse("b.json", "{\"version\": 9, \"findings\": []}").unwrap_err();
        assert!(error.contains("version 9"), "{error}");
        let error = Baseline::parse("b.json", "[]").unwrap_err();
        assert!(
            error.starts_with("b.json: not a Strata baseline"),
            "{error}"
        );
    }
}

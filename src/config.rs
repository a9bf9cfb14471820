//! `strata.toml`: a team's settings, found in the scanned directory or the
//! nearest parent (or named with `--config`).
//!
//! ```toml
//! [rules]
//! disable = ["AWS008"]             # never run these (ids, prefixes or names)
//! severity = { AWS004 = "high" }   # override a rule's severity
//!
//! [images]
//! trusted_registries = ["ghcr.io/acme", "docker.io/library"]
//!
//! [terraform]
//! var_files = ["env/prod.tfvars"]  # relative to this file
//!
//! [helm]
//! values_files = ["deploy/prod-values.yaml"]  # over every chart's values.yaml
//!
//! [files]
//! exclude = ["examples", "legacy/**"]  # gitignore patterns, relative to this file
//!
//! [report]
//! docs_url = "https://github.com/acme/strata-rules/blob/main/docs/rules"  # SARIF helpUri base
//! sarif_category = "iac"           # SARIF automationDetails.id
//!
//! [suppressions]
//! strict = true                    # broken or unused suppressions fail the run
//!
//! [[ignore]]                       # silence rules under some paths, with a reason
//! rules = ["AWS008"]               # ids or prefixes; all rules when empty
//! paths = ["legacy/**"]            # gitignore patterns, relative to this file
//! reason = "decommissioned in Q3"
//! expires = 2027-01-31             # optional (a date or "2027-01-31"): after this day it no longer applies
//! ```

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use crate::findings::Severity;

pub const FILE_NAME: &str = "strata.toml";

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub rules: RulesConfig,
    #[serde(default)]
    pub images: ImagesConfig,
    #[serde(default)]
    pub terraform: TerraformConfig,
    #[serde(default)]
    pub helm: HelmConfig,
    #[serde(default)]
    pub files: FilesConfig,
    #[serde(default)]
    pub report: ReportConfig,
    #[serde(default)]
    pub suppressions: SuppressionsConfig,
    #[serde(default)]
    pub ignore: Vec<IgnoreEntry>,
    /// Where the file was read from (not part of the file).
    #[serde(skip)]
    pub path: Option<PathBuf>,
    /// The file's text, for warnings that point into it (an expired
    /// `[[ignore]]`).
    #[serde(skip)]
    pub text: Option<std::sync::Arc<str>>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    #[serde(default)]
    pub disable: Vec<String>,
    #[serde(default)]
    pub severity: IndexMap<String, Severity>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    #[serde(default)]
    pub trusted_registries: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelmConfig {
    /// Values files applied over every chart's `values.yaml`, in order.
    #[serde(default)]
    pub values_files: Vec<PathBuf>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerraformConfig {
    #[serde(default)]
    pub var_files: Vec<PathBuf>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesConfig {
    /// Paths the scan leaves out: gitignore patterns relative to this file.
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// Where the rule pages are published: SARIF's `helpUri` is
    /// `{docs_url}/{ID}.md`. Without it, no `helpUri` (SARIF wants an
    /// absolute URI, and a repository path is not one).
    pub docs_url: Option<String>,
    /// SARIF `automationDetails.id` (as `--sarif-category`).
    pub sarif_category: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressionsConfig {
    /// Broken or unused suppression comments fail the run (as
    /// `--strict-suppressions`).
    #[serde(default)]
    pub strict: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreEntry {
    #[serde(default)]
    pub rules: Vec<String>,
    pub paths: Vec<String>,
    pub reason: String,
    /// `YYYY-MM-DD`, written as a TOML date or a string; the entry stops
    /// applying after this day.
    #[serde(default, deserialize_with = "expiry_date")]
    pub expires: Option<String>,
    /// Where `expires` is written, as a byte range of the file.
    #[serde(skip)]
    pub expires_span: Option<std::ops::Range<usize>>,
}

/// Only where each `[[ignore]]` entry's `expires` is written.
#[derive(Deserialize)]
struct ExpirySpans {
    #[serde(default)]
    ignore: Vec<ExpirySpan>,
}

#[derive(Deserialize)]
struct ExpirySpan {
    expires: Option<toml::Spanned<toml::Value>>,
}

/// A TOML date (`2027-01-31`) or a string holding one, checked against
/// the calendar; errors carry the value's position (see [`Config::parse`]).
fn expiry_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    use serde::de::Error;
    let text = match toml::Value::deserialize(deserializer)? {
        toml::Value::String(text) => text,
        toml::Value::Datetime(datetime) => match (datetime.date, datetime.time) {
            (Some(date), None) => date.to_string(),
            _ => {
                return Err(D::Error::custom(format!(
                    "`expires` must be a date without a time, like 2027-01-31 (found {datetime})"
                )));
            }
        },
        other => {
            return Err(D::Error::custom(format!(
                "`expires` must be a date like 2027-01-31 (found a {})",
                other.type_str()
            )));
        }
    };
    check_date(&text).map_err(D::Error::custom)?;
    Ok(Some(text))
}

/// `YYYY-MM-DD` naming a day that exists.
fn check_date(text: &str) -> Result<(), String> {
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let [year, month, day] = parts[..] else {
        return Err(format!(
            "`expires = \"{text}\"` is not a date like 2027-01-31"
        ));
    };
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return Err(format!(
            "`expires = \"{text}\"` is not a date like 2027-01-31"
        ));
    }
    let (y, m, d): (i64, u32, u32) = (
        year.parse().unwrap_or(0),
        month.parse().unwrap_or(0),
        day.parse().unwrap_or(0),
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("`expires = \"{text}\"`: there is no month {m}")),
    };
    if d == 0 || d > days {
        return Err(format!(
            "`expires = \"{text}\"`: month {m} of {y} has no day {d}"
        ));
    }
    Ok(())
}

impl IgnoreEntry {
    /// Whether the entry has expired on `today` (`YYYY-MM-DD`). Dates in
    /// this form compare correctly as text.
    pub fn expired(&self, today: &str) -> bool {
        self.expires.as_deref().is_some_and(|day| day < today)
    }
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian
/// (Howard Hinnant's well-known algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Config {
    /// Parses the text of a config file; `origin` names it in errors.
    pub fn parse(origin: &Path, text: &str) -> Result<Config, String> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let message = e.message().to_string();
            match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    format!("{}:{line}: {message}", origin.display())
                }
                None => format!("{}: {message}", origin.display()),
            }
        })?;
        let base = origin.parent().unwrap_or(Path::new(""));
        let files = config.terraform.var_files.iter_mut();
        for file in files.chain(config.helm.values_files.iter_mut()) {
            if file.is_relative() {
                *file = base.join(&*file);
            }
        }
        for (index, entry) in config.ignore.iter().enumerate() {
            if entry.reason.trim().is_empty() {
                return Err(format!(
                    "{}: [[ignore]] number {} needs a `reason`",
                    origin.display(),
                    index + 1
                ));
            }
        }
        if let Ok(spans) = toml::from_str::<ExpirySpans>(text) {
            for (entry, at) in config.ignore.iter_mut().zip(spans.ignore) {
                entry.expires_span = at.expires.map(|e| e.span());
            }
        }
        config.path = Some(origin.to_path_buf());
        config.text = Some(text.into());
        Ok(config)
    }

    /// The directory the file's relative paths start from: the one holding
    /// it, made absolute; the working directory when there is no file.
    pub fn dir(&self) -> PathBuf {
        let cwd = std::env::current_dir().unwrap_or_default();
        let dir = self
            .path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""));
        crate::unit::clean_path(&cwd.join(dir))
    }

    /// Reads `explicit`, or else the nearest `strata.toml` in `start` or its
    /// parents; no file is no settings.
    pub fn discover(explicit: Option<&Path>, start: &Path) -> Result<Config, String> {
        if let Some(path) = explicit {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read config `{}`: {e}", path.display()))?;
            return Config::parse(path, &text);
        }
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        let mut dir = if start.is_dir() {
            Some(start.as_path())
        } else {
            start.parent()
        };
        while let Some(current) = dir {
            let candidate = current.join(FILE_NAME);
            if candidate.is_file() {
                let text = std::fs::read_to_string(&candidate)
                    .map_err(|e| format!("cannot read config `{}`: {e}", candidate.display()))?;
                return Config::parse(&candidate, &text);
            }
            dir = current.parent();
        }
        Ok(Config::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_section() {
        let config = Config::parse(
            Path::new("repo/strata.toml"),
            r#"
[rules]
disable = ["AWS008"]
severity = { AWS004 = "high" }

[images]
trusted_registries = ["ghcr.io/acme"]

[terraform]
var_files = ["env/prod.tfvars"]
"#,
        )
        .unwrap();
        assert_eq!(config.rules.disable, ["AWS008"]);
        assert_eq!(config.rules.severity["AWS004"], Severity::High);
        assert_eq!(config.images.trusted_registries, ["ghcr.io/acme"]);
        assert_eq!(
            config.terraform.var_files,
            [PathBuf::from("repo/env/prod.tfvars")]
        );
    }

    #[test]
    fn dates_and_expiry() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        let entry = IgnoreEntry {
            expires: Some("2026-01-31".into()),
            ..IgnoreEntry::default()
        };
        assert!(entry.expired("2026-02-01"));
        assert!(!entry.expired("2026-01-31"));
        let error = Config::parse(
            Path::new("strata.toml"),
            "[[ignore]]\npaths = [\"a/**\"]\nreason = \"x\"\nexpires = \"31/01/2026\"\n",
        )
        .unwrap_err();
        assert!(error.contains("expires"), "{error}");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let error = Config::parse(
            Path::new("strata.toml"),
            "[rules]\nseverity = { AWS004 = \"extreme\" }\n",
        )
        .unwrap_err();
        assert!(error.starts_with("strata.toml:2: "), "{error}");
        assert!(error.contains("unknown severity"), "{error}");
        let error = Config::parse(Path::new("strata.toml"), "[rulez]\n").unwrap_err();
        assert!(error.contains("rulez"), "{error}");
    }

    #[test]
    fn expiry_dates_are_real_days_as_text_or_toml_dates() {
        let parse = |expires: &str| {
            Config::parse(
                Path::new("repo/strata.toml"),
                &format!("[[ignore]]\npaths = [\"a/**\"]\nreason = \"x\"\nexpires = {expires}\n"),
            )
        };
        let native = parse("2027-01-31").unwrap();
        assert_eq!(native.ignore[0].expires.as_deref(), Some("2027-01-31"));
        // `[[ignore]]\npaths = ["a/**"]\nreason = "x"\nexpires = ` is 51 bytes.
        assert_eq!(native.ignore[0].expires_span, Some(51..61));
        assert_eq!(
            parse("\"2028-02-29\"").unwrap().ignore[0]
                .expires
                .as_deref(),
            Some("2028-02-29")
        );
        for (bad, says) in [
            ("\"2027-13-45\"", "no month 13"),
            ("\"2027-02-29\"", "has no day 29"),
            ("\"31/01/2026\"", "not a date"),
            ("2027-01-31T10:00:00", "without a time"),
            ("20270131", "found a integer"),
        ] {
            let error = parse(bad).unwrap_err();
            assert!(error.starts_with("repo/strata.toml:4: "), "{bad}: {error}");
            assert!(error.contains(says), "{bad}: {error}");
        }
    }
}

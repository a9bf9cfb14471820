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
    /// Where the file was read from (not part of the file).
    #[serde(skip)]
    pub path: Option<PathBuf>,
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
pub struct TerraformConfig {
    #[serde(default)]
    pub var_files: Vec<PathBuf>,
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
        for file in &mut config.terraform.var_files {
            if file.is_relative() {
                *file = base.join(&*file);
            }
        }
        config.path = Some(origin.to_path_buf());
        Ok(config)
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
}

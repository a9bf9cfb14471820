//! The editor's settings — from `initializationOptions`, then from
//! `workspace/configuration` (section `strata`) — on top of the workspace's
//! `strata.toml`. Unknown keys are ignored and bad values fall back to the
//! default, so a typo in an editor config never stops the server.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::config::Config;
use crate::engine::rule::Rule;
use crate::findings::Severity;
use crate::options::{self, Choices};
use crate::unit::AnalysisOptions;

/// Which files get diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every file of the workspace with a finding (the Problems panel
    /// shows the whole repository).
    #[default]
    Workspace,
    /// Open documents only; closing a file clears its diagnostics.
    OpenFiles,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// Findings below this severity are not shown.
    pub min_severity: Option<Severity>,
    pub rules_dir: Option<PathBuf>,
    pub trusted_registries: Vec<String>,
    pub var_files: Vec<PathBuf>,
    pub values_files: Vec<PathBuf>,
    pub scope: Scope,
    /// A URL template for a rule's documentation (`{id}`, `{origin}`),
    /// linked from each diagnostic's code.
    pub docs_url: Option<String>,
}

impl Settings {
    /// Reads the keys the clients send (camelCase; `terraform.varFiles` and
    /// `helm.valuesFiles` also accepted nested). `base` resolves relative
    /// paths (the workspace root).
    pub fn from_json(value: &Value, base: &Path) -> Settings {
        let get = |path: &[&str]| {
            path.iter()
                .try_fold(value, |v, key| v.get(*key))
                .filter(|v| !v.is_null())
        };
        let text = |path: &[&str]| get(path).and_then(Value::as_str).map(str::to_string);
        let list = |path: &[&str]| -> Vec<String> {
            get(path)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let paths = |items: Vec<String>| -> Vec<PathBuf> {
            items.into_iter().map(|p| base.join(p)).collect()
        };
        let var_files = [list(&["varFiles"]), list(&["terraform", "varFiles"])].concat();
        let values_files = [list(&["valuesFiles"]), list(&["helm", "valuesFiles"])].concat();
        Settings {
            min_severity: text(&["failOn"]).and_then(|s| s.parse().ok()),
            rules_dir: text(&["rulesDir"])
                .filter(|s| !s.is_empty())
                .map(|d| base.join(d)),
            trusted_registries: list(&["trustedRegistries"]),
            var_files: paths(var_files),
            values_files: paths(values_files),
            scope: match text(&["diagnostics"]).as_deref() {
                Some("openFiles") => Scope::OpenFiles,
                _ => Scope::Workspace,
            },
            docs_url: text(&["docsUrl"]).filter(|s| !s.is_empty()),
        }
    }

    /// The analysis options for a workspace rooted at `root`: its
    /// strata.toml, then these settings.
    pub fn options(&self, root: &Path) -> Result<(AnalysisOptions, Vec<Arc<Rule>>), String> {
        let mut config = Config::discover(None, root)?;
        config
            .images
            .trusted_registries
            .extend(self.trusted_registries.iter().cloned());
        let choices = Choices {
            rules_dir: self.rules_dir.clone(),
            var_files: self.var_files.clone(),
            values_files: self.values_files.clone(),
            // Reads stay inside the workspace folder, as in a scan.
            roots: crate::discover::scan_roots(&[root.to_path_buf()]),
            ..Choices::default()
        };
        options::build(&config, &choices, root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flat_and_nested_keys_and_ignores_bad_values() {
        let json = serde_json::json!({
            "failOn": "high",
            "rulesDir": "policies",
            "trustedRegistries": ["ghcr.io/acme", 3],
            "terraform": {"varFiles": ["prod.tfvars"]},
            "diagnostics": "openFiles",
            "unknown": true
        });
        let settings = Settings::from_json(&json, Path::new("/ws"));
        assert_eq!(settings.min_severity, Some(Severity::High));
        assert_eq!(settings.rules_dir, Some(PathBuf::from("/ws/policies")));
        assert_eq!(settings.trusted_registries, ["ghcr.io/acme"]);
        assert_eq!(settings.var_files, [PathBuf::from("/ws/prod.tfvars")]);
        assert_eq!(settings.scope, Scope::OpenFiles);
        let bad = Settings::from_json(&serde_json::json!({"failOn": "loud"}), Path::new("/"));
        assert_eq!(bad, Settings::default());
    }
}

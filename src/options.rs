//! Analysis options from a team's `strata.toml` plus the choices of one
//! run (command-line flags, or an editor's settings): the rules to run with
//! their severities, var files, trusted registries, `[[ignore]]` entries and
//! the project root. Shared by the CLI and the language server, so both
//! judge the same files the same way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::engine::Catalog;
use crate::engine::rule::Rule;
use crate::model::image::ImagePolicy;
use crate::suppress::PathIgnore;
use crate::unit::{AnalysisOptions, clean_path};

/// What one run adds to strata.toml.
#[derive(Clone, Debug, Default)]
pub struct Choices {
    /// Extra rules directory (`--rules`).
    pub rules_dir: Option<PathBuf>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Terraform var files beyond strata.toml's.
    pub var_files: Vec<PathBuf>,
    pub dockerfile_target: Option<String>,
}

/// The options for a run started at `start` (the first scanned path, or an
/// editor's workspace folder), and the rules it runs.
pub fn build(
    config: &Config,
    choices: &Choices,
    start: &Path,
) -> Result<(AnalysisOptions, Vec<Arc<Rule>>), String> {
    let catalog = load_catalog(choices.rules_dir.as_deref())?;
    let mut ignore = choices.ignore.clone();
    ignore.extend(config.rules.disable.iter().cloned());
    let rules =
        apply_severity_overrides(&catalog, catalog.select(&choices.select, &ignore)?, config)?;
    let var_files: Vec<PathBuf> = config
        .terraform
        .var_files
        .iter()
        .chain(&choices.var_files)
        .cloned()
        .collect();
    for var_file in &var_files {
        if !var_file.is_file() {
            return Err(format!(
                "--var-file `{}` does not exist",
                var_file.display()
            ));
        }
    }
    let options = AnalysisOptions {
        terraform: crate::terraform::Options { var_files },
        rules: rules.clone(),
        images: ImagePolicy {
            trusted_registries: config.images.trusted_registries.clone(),
        },
        ignores: path_ignores(config)?,
        dockerfile_target: choices.dockerfile_target.clone(),
        base_dir: std::env::current_dir().ok(),
        root: Some(project_root(config, start)),
    };
    Ok((options, rules))
}

/// `[[ignore]]` entries of strata.toml that are still in force; an expired
/// one is announced so it gets renewed or removed, not forgotten.
fn path_ignores(config: &Config) -> Result<Vec<PathIgnore>, String> {
    let today = crate::config::today();
    let mut ignores = Vec::new();
    for entry in &config.ignore {
        if entry.expired(&today) {
            eprintln!(
                "note: an [[ignore]] for {} expired on {}; its findings are reported again",
                entry.paths.join(", "),
                entry.expires.as_deref().unwrap_or_default()
            );
            continue;
        }
        ignores.push(PathIgnore::new(
            entry.rules.clone(),
            &entry.paths,
            entry.reason.clone(),
        )?);
    }
    Ok(ignores)
}

/// `[rules.severity]` in strata.toml: the rule keeps its id, with the
/// team's severity.
fn apply_severity_overrides(
    catalog: &Catalog,
    rules: Vec<Arc<Rule>>,
    config: &Config,
) -> Result<Vec<Arc<Rule>>, String> {
    for id in config.rules.severity.keys() {
        if catalog.get(id).is_none() {
            let origin = config.path.as_deref().unwrap_or(Path::new("strata.toml"));
            return Err(format!(
                "{}: `[rules.severity]` names `{id}`, which is not a rule",
                origin.display()
            ));
        }
    }
    Ok(rules
        .into_iter()
        .map(|rule| match config.rules.severity.get(&rule.id) {
            Some(&severity) if severity != rule.severity => Arc::new(Rule {
                severity,
                ..(*rule).clone()
            }),
            _ => rule,
        })
        .collect())
}

pub fn load_catalog(extra: Option<&Path>) -> Result<Catalog, String> {
    let mut catalog = Catalog::builtin();
    if let Some(dir) = extra {
        let files = read_rule_files(dir)?;
        catalog.add_rules(files).map_err(|errors| {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            format!("invalid rules:\n  {}", lines.join("\n  "))
        })?;
    }
    Ok(catalog)
}

/// Reads every `*.yaml` / `*.yml` under `dir`, recursively, in path order.
fn read_rule_files(dir: &Path) -> Result<Vec<(String, String)>, String> {
    if !dir.is_dir() {
        return Err(format!("--rules `{}` is not a directory", dir.display()));
    }
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
    {
        let entry = entry.map_err(|e| format!("cannot read rules: {e}"))?;
        let path = entry.path();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if entry.file_type().is_some_and(|t| t.is_file()) && is_yaml {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            files.push((path.display().to_string(), text));
        }
    }
    files.sort();
    Ok(files)
}

/// The directory identities are relative to: the one holding strata.toml,
/// else the repository (the nearest `.git` above the scanned path), else
/// the working directory — the same wherever the scan runs from.
pub fn project_root(config: &Config, start: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    if let Some(dir) = config.path.as_deref().and_then(Path::parent) {
        return clean_path(&cwd.join(dir));
    }
    let start = clean_path(&cwd.join(start));
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
        .unwrap_or(cwd)
}

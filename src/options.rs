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
use crate::suppress::{Expired, PathIgnore};
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
    /// Helm values files beyond strata.toml's.
    pub values_files: Vec<PathBuf>,
    pub dockerfile_target: Option<String>,
    /// The scanned trees (canonical): nothing outside them is read.
    pub roots: Vec<PathBuf>,
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
    // `strata.toml` comes with the repository: what it names must be in the
    // scanned tree (or beside the config file itself).
    let mut allowed = choices.roots.clone();
    allowed.extend(
        config
            .path
            .as_deref()
            .and_then(Path::parent)
            .and_then(|d| std::fs::canonicalize(d).ok()),
    );
    for var_file in &config.terraform.var_files {
        let resolved = std::fs::canonicalize(var_file);
        if resolved.is_ok_and(|r| !crate::discover::is_inside(&allowed, &r) || !r.is_file()) {
            return Err(format!(
                "strata.toml: var file `{}` is outside the scanned tree or not a regular file",
                var_file.display()
            ));
        }
    }
    for var_file in &var_files {
        if !var_file.is_file() {
            return Err(format!(
                "--var-file `{}` does not exist",
                var_file.display()
            ));
        }
    }
    let options = AnalysisOptions {
        terraform: crate::terraform::Options {
            var_files,
            roots: choices.roots.clone(),
        },
        helm_values: config
            .helm
            .values_files
            .iter()
            .chain(&choices.values_files)
            .cloned()
            .collect(),
        rules: rules.clone(),
        images: ImagePolicy {
            trusted_registries: config.images.trusted_registries.clone(),
        },
        ignores: path_ignores(config)?,
        rule_names: Some(Arc::new(rule_names(&catalog))),
        dockerfile_target: choices.dockerfile_target.clone(),
        base_dir: std::env::current_dir().ok(),
        root: Some(project_root(config, start)),
    };
    Ok((options, rules))
}

/// `[[ignore]]` entries of strata.toml. An expired one is kept, marked:
/// it silences nothing, and every output warns about it.
fn path_ignores(config: &Config) -> Result<Vec<PathIgnore>, String> {
    let today = crate::config::today();
    // The file's text, for warnings that point at an `expires`.
    let file = config
        .path
        .clone()
        .zip(config.text.clone())
        .map(|(path, text)| Arc::new(crate::source::SourceFile::new(path, text)));
    let mut ignores = Vec::new();
    for entry in &config.ignore {
        let ignore = PathIgnore::new(
            entry.rules.clone(),
            &entry.paths,
            entry.reason.clone(),
            &config.dir(),
        )?;
        ignores.push(match (entry.expired(&today), &entry.expires) {
            (true, Some(day)) => ignore.expire(Expired {
                day: day.clone(),
                at: file
                    .clone()
                    .zip(entry.expires_span.clone())
                    .map(|(file, at)| crate::source::FileSpan {
                        file,
                        start: at.start as u32,
                        end: at.end as u32,
                    }),
            }),
            _ => ignore,
        });
    }
    Ok(ignores)
}

/// What a `strata:ignore` may name: every rule's id and name, lower-case.
fn rule_names(catalog: &Catalog) -> std::collections::BTreeSet<String> {
    catalog
        .rules()
        .iter()
        .flat_map(|r| [r.id.to_ascii_lowercase(), r.name.to_ascii_lowercase()])
        .collect()
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
    // Only a build from edited rule files can get here; a rule missing
    // without a word would be a silent hole in every scan.
    let broken = Catalog::builtin_errors();
    if !broken.is_empty() {
        let broken: Vec<String> = broken.iter().map(ToString::to_string).collect();
        return Err(format!(
            "invalid built-in rules (this build is broken):\n  {}",
            broken.join("\n  ")
        ));
    }
    let mut catalog = Catalog::builtin();
    if let Some(dir) = extra {
        let (files, mut problems) = read_rule_files(dir)?;
        if let Err(errors) = catalog.add_rules(files) {
            problems.extend(errors.iter().map(ToString::to_string));
        }
        if !problems.is_empty() {
            problems.sort();
            return Err(format!("invalid rules:\n  {}", problems.join("\n  ")));
        }
    }
    Ok(catalog)
}

/// Rule files read (origin, text), and one message per file that was not.
type RuleFiles = (Vec<(String, String)>, Vec<String>);

/// Largest user rule file read (the built-in rules are a few KB each).
pub const MAX_RULE_FILE_BYTES: u64 = 256 * 1024;

/// Reads every `*.yaml` / `*.yml` under `dir`, recursively, in path order,
/// with one message for each file that cannot be read (not a regular
/// file, larger than [`MAX_RULE_FILE_BYTES`], not UTF-8).
fn read_rule_files(dir: &Path) -> Result<RuleFiles, String> {
    use std::io::Read;
    if !dir.is_dir() {
        return Err(format!("--rules `{}` is not a directory", dir.display()));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(format!("cannot read rules: {e}"));
                continue;
            }
        };
        let path = entry.path();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !is_yaml || entry.file_type().is_none_or(|t| t.is_dir()) {
            continue;
        }
        let origin = path.display().to_string();
        let read = || -> Result<String, String> {
            let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
            if !meta.is_file() {
                return Err("not a regular file".into());
            }
            let mut bytes = Vec::new();
            std::fs::File::open(path)
                .and_then(|f| f.take(MAX_RULE_FILE_BYTES + 1).read_to_end(&mut bytes))
                .map_err(|e| e.to_string())?;
            if bytes.len() as u64 > MAX_RULE_FILE_BYTES {
                return Err(format!(
                    "larger than the limit for a rule file ({MAX_RULE_FILE_BYTES} bytes)"
                ));
            }
            String::from_utf8(bytes).map_err(|_| "not valid UTF-8".into())
        };
        match read() {
            Ok(text) => files.push((origin, text)),
            Err(e) => problems.push(format!("{origin}: cannot read: {e}")),
        }
    }
    files.sort();
    Ok((files, problems))
}

/// The directory identities are relative to: the one holding strata.toml,
/// else the repository (the nearest `.git` above the scanned path), else
/// the scanned directory (a named file's directory) — never the working
/// directory, so a baseline written in `infra/` matches a scan of `infra`
/// run from its parent.
pub fn project_root(config: &Config, start: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    if let Some(dir) = config.path.as_deref().and_then(Path::parent) {
        return clean_path(&cwd.join(dir));
    }
    let start = clean_path(&cwd.join(start));
    let scanned = if start.is_dir() {
        start.clone()
    } else {
        start.parent().map_or(cwd, Path::to_path_buf)
    };
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map_or(scanned, Path::to_path_buf)
}

/// Whether `dir` is what [`project_root`] finds by a marker — a repository
/// or a configured tree — rather than only the scanned directory.
pub fn is_project_top(dir: &Path) -> bool {
    dir.join(".git").exists() || dir.join(crate::config::FILE_NAME).exists()
}

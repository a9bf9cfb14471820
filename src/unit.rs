//! The contract between the orchestrator and the front ends: what a unit
//! is, the options an analysis runs with, and what a front end hands back.
//!
//! These types sit below both `analysis` (which dispatches units) and the
//! format modules (`terraform`, `kubernetes`, `dockerfile`, …), so a front
//! end never imports the orchestrator and a new one plugs in by adding a
//! [`Unit`] variant and one dispatch arm.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::engine::rule::Rule;
use crate::findings::FileKind;
use crate::model::Graph;
use crate::source::{Diagnostic, SourceLoader, SourceMap};

/// What to analyse together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A Terraform module directory, with the files discovered in it.
    Terraform { dir: PathBuf, files: Vec<PathBuf> },
    /// One Kubernetes manifest (YAML or JSON). Facts that span manifests —
    /// which namespaces a default-deny policy guards — are linked across
    /// units by the workspace, so a change re-reads one file.
    Manifest { path: PathBuf },
    /// One Dockerfile.
    Dockerfile { path: PathBuf },
    /// A kustomization file: built in-process (resources, patches,
    /// transformers), its objects read like manifests.
    Kustomization { path: PathBuf },
    /// A Helm chart, by its `Chart.yaml`, with the other files found inside
    /// it (templates, values files, subcharts under `charts/`): rendered
    /// in-process, its objects read like manifests.
    HelmChart { chart: PathBuf, files: Vec<PathBuf> },
}

/// Identifies a unit: its format and its directory (Terraform) or file.
pub type UnitKey = (FileKind, PathBuf);

impl Unit {
    pub fn key(&self) -> UnitKey {
        match self {
            Unit::Terraform { dir, .. } => (FileKind::Terraform, dir.clone()),
            Unit::Manifest { path } | Unit::Kustomization { path } => {
                (FileKind::Kubernetes, path.clone())
            }
            Unit::Dockerfile { path } => (FileKind::Dockerfile, path.clone()),
            Unit::HelmChart { chart, .. } => (FileKind::Helm, chart.clone()),
        }
    }

    /// The files discovery assigned to the unit.
    pub fn files(&self) -> Vec<PathBuf> {
        match self {
            Unit::Terraform { files, .. } => files.clone(),
            Unit::Manifest { path } | Unit::Dockerfile { path } | Unit::Kustomization { path } => {
                vec![path.clone()]
            }
            Unit::HelmChart { chart, files } => {
                let mut all = vec![chart.clone()];
                all.extend(files.iter().cloned());
                all
            }
        }
    }

    /// Adds a file to a directory unit (a file created next to the others).
    pub fn add_file(&mut self, path: &Path) {
        if let Unit::Terraform { files, .. } | Unit::HelmChart { files, .. } = self
            && !files.iter().any(|f| f == path)
        {
            files.push(path.to_path_buf());
            files.sort();
        }
    }

    /// Removes a deleted file; `false` when the unit has nothing left.
    pub fn remove_file(&mut self, path: &Path) -> bool {
        match self {
            Unit::Terraform { files, .. } => {
                files.retain(|f| f != path);
                !files.is_empty()
            }
            Unit::HelmChart { chart, files } => {
                files.retain(|f| f != path);
                chart != path
            }
            Unit::Manifest { path: own }
            | Unit::Dockerfile { path: own }
            | Unit::Kustomization { path: own } => own != path,
        }
    }
}

/// Everything a unit's analysis depends on besides the sources.
#[derive(Clone, Debug, Default)]
pub struct AnalysisOptions {
    pub terraform: crate::terraform::Options,
    pub rules: Vec<Arc<Rule>>,
    /// The Dockerfile stage being built (`--target`); the last one if unset.
    pub dockerfile_target: Option<String>,
    /// Helm values files (`--values`), applied in order over each chart's
    /// `values.yaml`.
    pub helm_values: Vec<PathBuf>,
    /// Trusted registries, for every format that names an image.
    pub images: crate::model::image::ImagePolicy,
    /// `[[ignore]]` entries of strata.toml (their paths relative to it).
    pub ignores: Vec<crate::suppress::PathIgnore>,
    /// The ids and names (lower-case) of every rule of the catalog, run or
    /// not: what a `strata:ignore` comment may name. `None`: not known, so
    /// no comment is judged to name an unknown rule.
    pub rule_names: Option<Arc<std::collections::BTreeSet<String>>>,
    /// The directory report paths are shown relative to (the working
    /// directory in the CLI).
    pub base_dir: Option<PathBuf>,
    /// The project root: resource identities (Dockerfile addresses,
    /// fingerprints) are relative to it, so they do not depend on where
    /// the scan runs from. `None`: paths as given.
    pub root: Option<PathBuf>,
}

impl AnalysisOptions {
    /// `path` relative to the project root, with forward slashes: the form
    /// identities are built from.
    pub fn identity_path(&self, path: &Path) -> String {
        let cleaned = clean_path(path);
        let relative = match &self.root {
            Some(root) => {
                let absolute = |p: &Path| match std::env::current_dir() {
                    Ok(cwd) if p.is_relative() => clean_path(&cwd.join(p)),
                    _ => clean_path(p),
                };
                let (path, root) = (absolute(&cleaned), absolute(root));
                path.strip_prefix(&root)
                    .map(Path::to_path_buf)
                    .unwrap_or(cleaned)
            }
            None => cleaned,
        };
        let shown = relative.to_string_lossy().replace('\\', "/");
        if shown.is_empty() { ".".into() } else { shown }
    }
}

/// What a front end works with: the loader (its only I/O), the options,
/// and the unit's sources and graph to fill.
pub struct Lowering<'a> {
    pub loader: &'a dyn SourceLoader,
    pub options: &'a AnalysisOptions,
    pub sources: &'a mut SourceMap,
    pub graph: &'a mut Graph,
}

/// What a format's front end hands back after filling the unit's sources
/// and graph: problems with files, and files that turned out not to be of
/// its format (a YAML file that is not a Kubernetes object).
#[derive(Debug, Default)]
pub struct Lowered {
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<(PathBuf, FileKind, String)>,
    /// Problems that leave the file analysed (a module source that does
    /// not exist): shown, but the file counts as scanned.
    pub warnings: Vec<Diagnostic>,
}

/// Removes `.` and resolves `..` lexically (module sources are joined as
/// `dir/../modules/x`).
pub fn clean_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let can_pop = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if can_pop {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_path_resolves_parent_components() {
        assert_eq!(
            clean_path(Path::new("a/b/../../c/./d.tf")),
            PathBuf::from("c/d.tf")
        );
        assert_eq!(clean_path(Path::new("../x/../y")), PathBuf::from("../y"));
        assert_eq!(clean_path(Path::new("./")), PathBuf::from("."));
    }

    #[test]
    fn identities_are_relative_to_the_root_wherever_the_scan_runs() {
        let options = AnalysisOptions {
            root: Some(PathBuf::from("/repo")),
            ..AnalysisOptions::default()
        };
        assert_eq!(
            options.identity_path(Path::new("/repo/app/./Dockerfile")),
            "app/Dockerfile"
        );
        assert_eq!(
            options.identity_path(Path::new("/elsewhere/x")),
            "/elsewhere/x"
        );
    }
}

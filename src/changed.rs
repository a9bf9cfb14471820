//! What a change touches: the units that own a changed file, and the units
//! whose analysis reads one — the callers of a changed module, the roots a
//! changed var file applies to. A pre-commit hook given the staged files,
//! and `--changed-since REV` on a pull request, judge those units as a full
//! scan would, without analysing the rest of the repository.
//!
//! Which units read a file is known only once they are analysed (a unit
//! records what it read and listed). To stay fast, a sound superset is
//! analysed first and narrowed after: reads across units come only from
//! Terraform — a module call names its directory in a literal `source`
//! (Terraform allows no expression there), and var files apply to every
//! root — and from the Helm values files configured for every chart.
//! Manifests and Dockerfiles read only themselves; a chart reads only files
//! under it. One fact spans units without a read: whether a namespace's
//! default-deny policy exists anywhere, and which workload is its first. So
//! a changed Kubernetes file brings every unit that may declare Kubernetes
//! objects (manifests, charts, Terraform naming `kubernetes_` resources, and
//! their callers) in as context: analysed, linked, but not reported.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::analysis::UnitResult;
use crate::discover::Candidate;
use crate::findings::ScanReport;
use crate::source::SourceLoader;
use crate::unit::{AnalysisOptions, Unit, clean_path};

/// A set of changed files (added, modified or deleted), as absolute,
/// cleaned paths.
#[derive(Clone, Debug, Default)]
pub struct Change {
    files: BTreeSet<PathBuf>,
}

impl Change {
    /// The change of `paths` (relative to the working directory or absolute).
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> Change {
        Change {
            files: paths.into_iter().map(|p| absolute(p)).collect(),
        }
    }

    /// The files changed since the merge base of `rev` and `HEAD` (what a
    /// pull request against `rev` shows), uncommitted and untracked files
    /// included, in the Git work tree holding `dir`.
    pub fn since(rev: &str, dir: &Path) -> Result<Change, String> {
        let top = git(dir, &["rev-parse", "--show-toplevel"])?;
        let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
        let base = git(&top, &["merge-base", rev, "HEAD"])
            .map_err(|e| format!("--changed-since {rev}: {e}"))?;
        let base = base.trim();
        let changed = git(
            &top,
            &["diff", "--name-only", "--no-renames", "-z", base, "--"],
        )?;
        let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"])?;
        let files = (changed.split('\0').chain(untracked.split('\0')))
            .filter(|name| !name.is_empty())
            .map(|name| clean_path(&top.join(name)))
            .collect();
        Ok(Change { files })
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether any changed file can matter to a unit that does not own it
    /// (see the module comment); if not, the owners are all there is.
    pub fn reaches_other_units(&self, options: &AnalysisOptions) -> bool {
        let configured = configured_reads(options);
        self.files.iter().any(|file| {
            configured.contains(file)
                || crate::discover::classify(file).is_some_and(|c| c != Candidate::Dockerfile)
        })
    }

    /// The units of `units` this change may concern: those owning a changed
    /// file or holding its directory, Terraform units that name a changed
    /// file's directory in their sources (and, transitively, their callers),
    /// every unit a changed configured var or values file applies to, and
    /// for a changed Kubernetes file, the units that may declare Kubernetes
    /// objects. Analyse them, then report those [`Change::touches`] accepts.
    pub fn candidates(
        &self,
        units: Vec<Unit>,
        loader: &dyn SourceLoader,
        options: &AnalysisOptions,
    ) -> Vec<Unit> {
        let configured = configured_reads(options);
        let changed = |files: &[PathBuf]| files.iter().any(|f| self.files.contains(&absolute(f)));
        let var_file_changed = changed(&options.terraform.var_files);
        let values_changed = changed(&options.helm_values);
        let kubernetes_changed = (self.files.iter()).any(|f| {
            !configured.contains(f)
                && matches!(
                    crate::discover::classify(f),
                    Some(Candidate::Yaml | Candidate::HelmChart)
                )
        });
        let texts: Vec<Option<String>> = units.iter().map(|u| terraform_text(u, loader)).collect();
        let mut chosen: Vec<bool> = (units.iter().zip(&texts))
            .map(|(unit, text)| {
                self.owns(unit)
                    || match unit {
                        Unit::Terraform { .. } => {
                            var_file_changed
                                || kubernetes_changed
                                    && text.as_deref().is_some_and(|t| t.contains("kubernetes_"))
                        }
                        Unit::HelmChart { .. } => values_changed || kubernetes_changed,
                        Unit::Manifest { .. } | Unit::Kustomization { .. } => kubernetes_changed,
                        Unit::Dockerfile { .. } => false,
                    }
            })
            .collect();
        // Callers name their module's directory; their own callers name
        // theirs: grow the set of names until no new caller appears.
        let dir_name = |dir: &Path| -> Option<String> {
            Some(absolute(dir).file_name()?.to_string_lossy().into_owned())
        };
        let mut names: BTreeSet<String> = (self.files.iter())
            .filter(|f| !configured.contains(*f))
            .filter_map(|f| dir_name(f.parent()?))
            .collect();
        for (unit, _) in units
            .iter()
            .zip(&chosen)
            .filter(|(u, c)| **c && is_terraform(u))
        {
            names.extend(dir_name(&unit.key().1));
        }
        loop {
            let mut grew = false;
            for (i, unit) in units.iter().enumerate() {
                let Some(text) = &texts[i] else { continue };
                if chosen[i] || !names.iter().any(|n| names_directory(text, n)) {
                    continue;
                }
                chosen[i] = true;
                grew = true;
                names.extend(dir_name(&unit.key().1));
            }
            if !grew {
                break;
            }
        }
        units
            .into_iter()
            .zip(chosen)
            .filter_map(|(unit, keep)| keep.then_some(unit))
            .collect()
    }

    /// Whether a unit's files include a changed file, or its directory
    /// (Terraform) or chart holds one (a new or deleted file).
    pub fn owns(&self, unit: &Unit) -> bool {
        let (_, key) = unit.key();
        let key = absolute(&key);
        let holds = |f: &Path| match unit {
            Unit::Terraform { .. } => f.parent() == Some(key.as_path()),
            Unit::HelmChart { .. } => key.parent().is_some_and(|root| f.starts_with(root)),
            Unit::Manifest { .. } | Unit::Dockerfile { .. } | Unit::Kustomization { .. } => {
                f == key
            }
        };
        self.files.iter().any(|f| holds(f))
            || unit
                .files()
                .iter()
                .any(|f| self.files.contains(&absolute(f)))
    }

    /// Whether an analysed unit owns or depends on a changed file: it read
    /// one, or listed the directory a new or deleted one is in (as the
    /// workspace decides what a change makes stale).
    pub fn touches(&self, result: &UnitResult) -> bool {
        let listed: BTreeSet<PathBuf> = result.listed.iter().map(|d| absolute(d)).collect();
        let mut owned = result.files.iter().map(|f| absolute(&f.path));
        owned.any(|f| self.files.contains(&f))
            || result
                .reads
                .iter()
                .any(|r| self.files.contains(&absolute(r)))
            || (self.files.iter()).any(|f| f.parent().is_some_and(|d| listed.contains(d)))
    }

    /// Keeps the findings a hook given these files reports: those located
    /// in a named file, under a named directory (`dirs`), or whose trace
    /// passes through a named file — so changing only a module's caller
    /// reports what it causes inside the module.
    pub fn keep_findings(&self, report: &mut ScanReport, dirs: &[PathBuf]) {
        let dirs: Vec<PathBuf> = dirs.iter().map(|d| absolute(d)).collect();
        let wanted = |path: &str| {
            let path = absolute(Path::new(path));
            self.files.contains(&path) || dirs.iter().any(|d| path.starts_with(d))
        };
        report.findings.retain(|f| {
            wanted(&f.location.path) || f.trace.iter().any(|s| wanted(&s.location.path))
        });
    }
}

/// Whether Terraform text names a directory called `name` in a local path:
/// a string starting with `./` or `../` (as a local module `source` must),
/// in which the name is a whole path component.
fn names_directory(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        let component =
            matches!(before, Some('/' | '\\')) && matches!(after, Some('"' | '/' | '\\'));
        let string = text[..at].rfind('"').map_or("", |open| &text[open + 1..at]);
        let local = ["./", "../", ".\\", "..\\"]
            .iter()
            .any(|p| string.starts_with(p));
        component && local && !string.contains('\n')
    })
}

fn is_terraform(unit: &Unit) -> bool {
    matches!(unit, Unit::Terraform { .. })
}

/// The files every root module or chart reads (var and values files).
fn configured_reads(options: &AnalysisOptions) -> BTreeSet<PathBuf> {
    (options.terraform.var_files.iter())
        .chain(&options.helm_values)
        .map(|f| absolute(f))
        .collect()
}

/// The text of a Terraform unit's files, where its module calls are.
fn terraform_text(unit: &Unit, loader: &dyn SourceLoader) -> Option<String> {
    let Unit::Terraform { files, .. } = unit else {
        return None;
    };
    let mut text = String::new();
    for file in files {
        if let Ok(body) = loader.read(file) {
            text.push_str(&body);
            text.push('\n');
        }
    }
    Some(text)
}

/// `path` absolute (joined to the working directory) and cleaned, so paths
/// given relative and paths walked from an absolute root compare.
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return clean_path(path);
    }
    match std::env::current_dir() {
        Ok(cwd) => clean_path(&cwd.join(path)),
        Err(_) => clean_path(path),
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!("git {}: {}", args.join(" "), stderr.trim()));
    }
    String::from_utf8(out.stdout)
        .map_err(|_| format!("git {}: output is not UTF-8", args.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_sources_name_their_directory() {
        assert!(names_directory(r#"source = "../../modules/vol""#, "vol"));
        assert!(names_directory(r#"source = "./vol//sub""#, "vol"));
        assert!(names_directory(r#"{"source": "..\\vol"}"#, "vol"));
        assert!(!names_directory(r#"source = "./volumes""#, "vol"));
        assert!(!names_directory(r#"name = "vol""#, "vol"));
        // A registry or URL is not a local path.
        assert!(!names_directory(
            r#"repository = "oci://public.ecr.aws/vol""#,
            "vol"
        ));
    }
}

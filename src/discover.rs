//! Finds the files a scan looks at and groups them into analysis units.
//!
//! The walk is parallel (`ignore`'s walker, which honours `.gitignore` and
//! `.ignore`), enters hidden directories (`.github`, `.devcontainer`) but
//! not version-control metadata or dependency caches
//! ([`SKIPPED_DIRECTORIES`]: a `.terraform` module cache is read through
//! `modules.json`, never scanned as source), and reports what it cannot
//! read instead of stopping.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::findings::FileKind;
use crate::pathspec::PathPatterns;

#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// Honour `.gitignore` / `.ignore` files (on by default in the CLI).
    pub use_ignore_files: bool,
    /// Paths to leave out (`--exclude`): gitignore patterns anchored at
    /// each scanned directory, so `examples` leaves out every directory of
    /// that name and `modules/legacy` the one below the scan root.
    pub exclude: Vec<String>,
    /// Patterns already anchored elsewhere (strata.toml's `[files] exclude`,
    /// relative to that file).
    pub excluded: Vec<PathPatterns>,
    /// Walker threads; 0 lets the walker choose.
    pub threads: usize,
}

/// What a file is, judged by its name alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Candidate {
    /// `*.tf`, `*.tf.json`
    TerraformSource,
    /// `*.tfvars`, `*.tfvars.json`
    TerraformVars,
    /// `Chart.yaml`: the root of a Helm chart.
    HelmChart,
    Dockerfile,
    /// Any other `*.yaml` / `*.yml` (a Kubernetes manifest or something
    /// else), or a `*.json` file that looks like a Kubernetes object.
    Yaml,
}

impl Candidate {
    pub fn file_kind(self) -> FileKind {
        match self {
            Candidate::TerraformSource | Candidate::TerraformVars => FileKind::Terraform,
            Candidate::HelmChart => FileKind::Helm,
            Candidate::Dockerfile => FileKind::Dockerfile,
            Candidate::Yaml => FileKind::Kubernetes,
        }
    }
}

/// Classifies a path by its file name.
pub fn classify(path: &Path) -> Option<Candidate> {
    // A name that is not valid UTF-8 is still a name Terraform and kubectl
    // load; it is judged by its readable parts.
    let name = path.file_name()?.to_string_lossy();
    let name = name.as_ref();
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".tf") || lower.ends_with(".tf.json") {
        Some(Candidate::TerraformSource)
    } else if lower.ends_with(".tfvars") || lower.ends_with(".tfvars.json") {
        Some(Candidate::TerraformVars)
    } else if name == "Chart.yaml" || name == "Chart.yml" {
        Some(Candidate::HelmChart)
    } else if lower.ends_with(".dockerignore") {
        // BuildKit's per-Dockerfile ignore file (`Dockerfile.dockerignore`).
        None
    } else if lower == "dockerfile"
        || lower == "containerfile"
        || lower
            .strip_prefix("dockerfile.")
            .is_some_and(|ext| !NOT_DOCKERFILE_EXTENSIONS.contains(&ext))
        || lower.ends_with(".dockerfile")
    {
        Some(Candidate::Dockerfile)
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        Some(Candidate::Yaml)
    } else {
        None
    }
}

/// `Dockerfile.<ext>` names a variant (`Dockerfile.dev`, `.alpine`), unless
/// the extension is a language's: `dockerfile.go` is Go code about
/// Dockerfiles, `Dockerfile.md` their documentation.
const NOT_DOCKERFILE_EXTENSIONS: &[&str] = &[
    "go", "rs", "py", "js", "mjs", "cjs", "ts", "java", "kt", "rb", "php", "cs", "c", "h", "cc",
    "cpp", "hpp", "swift", "scala", "hs", "ml", "lua", "pl", "ex", "exs", "sh", "ps1", "md", "rst",
    "adoc", "html", "css", "json", "yaml", "yml", "toml", "xml", "lock", "vim", "el",
];

/// Directories a walk never enters, although they sit inside the tree:
/// version-control metadata, and caches of downloaded dependencies and
/// tools (`.terraform` holds module copies, read through `modules.json`
/// instead). Every other directory, hidden or not (`.github`,
/// `.devcontainer`, `.gitlab`), is part of the repository and is scanned.
pub const SKIPPED_DIRECTORIES: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".jj",
    ".terraform",
    ".terragrunt-cache",
    ".serverless",
    ".aws-sam",
    "node_modules",
    ".npm",
    ".yarn",
    ".pnpm-store",
    ".venv",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".gradle",
    ".m2",
    ".cache",
    ".direnv",
    ".idea",
    ".next",
    ".nuxt",
];

fn is_skipped_directory(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| SKIPPED_DIRECTORIES.contains(&n))
}

/// A `*.json` file is a Kubernetes manifest when its opening bytes name an
/// `apiVersion` and a `kind`. Other JSON (package.json, lock files) is not
/// infrastructure code and is not listed at all, so only a prefix is read.
fn sniff_json_manifest(path: &Path) -> Option<Candidate> {
    use std::io::Read;
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if !name.ends_with(".json") || !path.is_file() {
        return None;
    }
    let mut head = [0u8; SNIFF_BYTES];
    let mut file = std::fs::File::open(path).ok()?;
    let read = file.read(&mut head).ok()?;
    let head = String::from_utf8_lossy(&head[..read]);
    is_json_manifest(path, &head).then_some(Candidate::Yaml)
}

/// How much of a JSON file is read to tell a manifest from other JSON.
const SNIFF_BYTES: usize = 4096;

/// Whether a `*.json` file's text (or its opening bytes) is a Kubernetes
/// object: it opens an object naming an `apiVersion` and a `kind`.
pub fn is_json_manifest(path: &Path, text: &str) -> bool {
    let is_json = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".json"));
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    is_json
        && head.trim_start().starts_with('{')
        && head.contains("\"apiVersion\"")
        && head.contains("\"kind\"")
}

/// A problem met while walking: a symlink loop, an unreadable directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// The result of a walk, sorted by path.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<(PathBuf, Candidate)>,
    pub errors: Vec<WalkError>,
    /// Entries that are not files to scan, with the reason: symbolic links
    /// to nothing.
    pub skipped: Vec<WalkError>,
    /// Paths the user named explicitly (not found by walking a directory).
    pub explicit: Vec<PathBuf>,
}

/// The directories a scan of `paths` may read from: each path (a file's
/// directory), and the root of the Git work tree holding it (the nearest
/// ancestor with a `.git`), all canonical. Symlinks, module sources and
/// configured files that resolve outside them are not read.
pub fn scan_roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    for path in paths {
        let Ok(path) = std::fs::canonicalize(path) else {
            continue;
        };
        let dir = if path.is_dir() {
            path
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or(path)
        };
        if let Some(top) = dir.ancestors().find(|a| a.join(".git").exists()) {
            roots.push(top.to_path_buf());
        }
        roots.push(dir);
    }
    roots.sort();
    roots.dedup();
    roots
}

/// Whether `path` (canonical) is inside one of `roots`; no roots, no limit.
pub fn is_inside(roots: &[PathBuf], path: &Path) -> bool {
    roots.is_empty() || roots.iter().any(|r| path.starts_with(r))
}

/// Why a symlink is not followed, or `None` if it stays inside `roots`.
fn escapes(roots: &[PathBuf], path: &Path) -> Option<&'static str> {
    match std::fs::canonicalize(path) {
        Ok(target) if is_inside(roots, &target) => None,
        Ok(_) => Some("symbolic link leads outside the scanned tree; not read"),
        Err(_) => Some("broken symbolic link; not read"),
    }
}

/// Walks `roots` (files or directories). A root that does not exist is a
/// usage error, returned as `Err`. Directory symlinks are followed only
/// when they stay inside [`scan_roots`]; a file whose name is a candidate
/// but that is not a regular file (a FIFO, a device) is still listed, and
/// reading it reports why it was not read.
pub fn walk(roots: &[PathBuf], options: &WalkOptions) -> Result<Discovered, String> {
    let confine = std::sync::Arc::new(scan_roots(roots));
    let mut found = Discovered::default();
    let mut dirs = Vec::new();
    for root in roots {
        let meta = std::fs::metadata(root)
            .map_err(|e| format!("cannot read `{}`: {e}", root.display()))?;
        if meta.is_dir() {
            dirs.push(root.clone());
        } else if let Some(candidate) = classify(root).or_else(|| sniff_json_manifest(root)) {
            found.files.push((root.clone(), candidate));
            found.explicit.push(root.clone());
        } else {
            return Err(format!(
                "`{}` is not a file Strata analyses (Terraform, Kubernetes YAML, Helm chart or Dockerfile)",
                root.display()
            ));
        }
    }
    let exclude = std::sync::Arc::new(build_exclude(&dirs, options)?);
    if let Some((first, rest)) = dirs.split_first() {
        let mut builder = ignore::WalkBuilder::new(first);
        for dir in rest {
            builder.add(dir);
        }
        builder
            .standard_filters(true)
            // Hidden directories are part of the repository; the ones that
            // are not are listed in `SKIPPED_DIRECTORIES`.
            .hidden(false)
            .git_ignore(options.use_ignore_files)
            .git_global(false)
            .git_exclude(options.use_ignore_files)
            .ignore(options.use_ignore_files)
            .parents(options.use_ignore_files)
            .require_git(false)
            .follow_links(true)
            .threads(options.threads);
        let files = Mutex::new(Vec::new());
        let skipped = Mutex::new(Vec::new());
        let errors = std::sync::Arc::new(Mutex::new(Vec::new()));
        {
            let (confine, errors, exclude) = (confine.clone(), errors.clone(), exclude.clone());
            builder.filter_entry(move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                if entry.depth() > 0
                    && is_dir
                    && (is_skipped_directory(entry.file_name())
                        || is_excluded(&exclude, entry.path(), true))
                {
                    return false;
                }
                if entry.depth() == 0 || !entry.path_is_symlink() || !is_dir {
                    return true;
                }
                match escapes(&confine, entry.path()) {
                    None => true,
                    Some(why) => {
                        lock(&errors).push(WalkError {
                            path: entry.path().to_path_buf(),
                            message: why.replace("not read", "not followed"),
                        });
                        false
                    }
                }
            });
        }
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                match entry {
                    Ok(entry) => {
                        let path = entry.path();
                        let not_dir = entry.file_type().is_some_and(|t| !t.is_dir());
                        let candidate = || {
                            if entry.file_type().is_some_and(|t| t.is_file()) {
                                classify(path).or_else(|| sniff_json_manifest(path))
                            } else {
                                classify(path)
                            }
                        };
                        if not_dir
                            && !is_excluded(&exclude, path, false)
                            && let Some(candidate) = candidate()
                        {
                            let escape = entry
                                .path_is_symlink()
                                .then(|| escapes(&confine, path))
                                .flatten();
                            match escape {
                                None => lock(&files).push((path.to_path_buf(), candidate)),
                                Some(why) => lock(&errors).push(WalkError {
                                    path: path.to_path_buf(),
                                    message: why.to_owned(),
                                }),
                            }
                        }
                    }
                    Err(error) => match dangling_link(&error) {
                        Some(skip) => lock(&skipped).push(skip),
                        None => lock(&errors).push(walk_error(&error)),
                    },
                }
                ignore::WalkState::Continue
            })
        });
        found.files.extend(into_inner(files));
        found.skipped.extend(into_inner(skipped));
        let errors = std::sync::Arc::try_unwrap(errors)
            .unwrap_or_else(|shared| Mutex::new(std::mem::take(&mut *lock(&shared))));
        found.errors.extend(into_inner(errors));
    }
    found.files.sort();
    found.files.dedup();
    found.errors.sort_by(|a, b| a.path.cmp(&b.path));
    found.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn into_inner<T>(m: Mutex<T>) -> T {
    m.into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `--exclude` anchored at each scanned directory, plus the patterns
/// anchored elsewhere.
fn build_exclude(dirs: &[PathBuf], options: &WalkOptions) -> Result<Vec<PathPatterns>, String> {
    let mut sets = options.excluded.clone();
    if !options.exclude.is_empty() {
        for dir in dirs {
            sets.push(
                PathPatterns::new(dir, &options.exclude)
                    .map_err(|e| format!("invalid --exclude pattern {e}"))?,
            );
        }
    }
    Ok(sets)
}

fn is_excluded(exclude: &[PathPatterns], path: &Path, is_dir: bool) -> bool {
    exclude.iter().any(|set| set.matches(path, is_dir))
}

/// A symbolic link whose target does not exist, as a skipped entry: not
/// a file of the tree (Terraform too passes over such a `terraform.tfvars`).
fn dangling_link(error: &ignore::Error) -> Option<WalkError> {
    let path = error_path(error)?;
    let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link || path.exists() {
        return None;
    }
    let target = std::fs::read_link(&path).ok()?;
    Some(WalkError {
        message: format!(
            "symbolic link to `{}`, which does not exist",
            target.display()
        ),
        path,
    })
}

fn walk_error(error: &ignore::Error) -> WalkError {
    let path = error_path(error).unwrap_or_default();
    let message = match loop_ancestor(error) {
        Some(ancestor) => format!("symbolic link loop: leads back to `{}`", ancestor.display()),
        None => strip_path_prefix(&error.to_string()),
    };
    WalkError { path, message }
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn loop_ancestor(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::Loop { ancestor, .. } => Some(ancestor),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => loop_ancestor(err),
        _ => None,
    }
}

/// `ignore` prefixes messages with the path, which the report shows anyway.
fn strip_path_prefix(message: &str) -> String {
    match message.split_once(": ") {
        Some((_, rest)) if !rest.is_empty() => rest.to_string(),
        _ => message.to_string(),
    }
}

/// Groups discovered files by the directory that holds them; for Terraform
/// a directory is one module.
pub fn by_directory(
    files: &[(PathBuf, Candidate)],
) -> BTreeMap<PathBuf, Vec<(PathBuf, Candidate)>> {
    let mut groups: BTreeMap<PathBuf, Vec<(PathBuf, Candidate)>> = BTreeMap::new();
    for (path, candidate) in files {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        groups
            .entry(dir)
            .or_default()
            .push((path.clone(), *candidate));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_name() {
        let cases = [
            ("main.tf", Some(Candidate::TerraformSource)),
            ("main.tf.json", Some(Candidate::TerraformSource)),
            ("prod.tfvars", Some(Candidate::TerraformVars)),
            ("x.auto.tfvars.json", Some(Candidate::TerraformVars)),
            ("Chart.yaml", Some(Candidate::HelmChart)),
            ("Dockerfile", Some(Candidate::Dockerfile)),
            ("Dockerfile.prod", Some(Candidate::Dockerfile)),
            ("api.Dockerfile", Some(Candidate::Dockerfile)),
            ("Containerfile", Some(Candidate::Dockerfile)),
            ("Dockerfile.dockerignore", None),
            (".gitpod.Dockerfile", Some(Candidate::Dockerfile)),
            ("dockerfile.go", None),
            ("Dockerfile.md", None),
            ("Dockerfile.windows", Some(Candidate::Dockerfile)),
            ("deploy.yml", Some(Candidate::Yaml)),
            ("README.md", None),
            ("package.json", None),
        ];
        for (name, want) in cases {
            assert_eq!(classify(Path::new(name)), want, "{name}");
        }
    }

    #[test]
    fn exclude_is_anchored_at_the_scan_root_or_matches_a_name_anywhere() {
        let options = |globs: &[&str]| WalkOptions {
            exclude: globs.iter().map(|g| g.to_string()).collect(),
            ..WalkOptions::default()
        };
        let root = [PathBuf::from("./repo")];
        let sets = build_exclude(&root, &options(&["examples/**"])).unwrap();
        assert!(is_excluded(
            &sets,
            Path::new("./repo/examples/a/main.tf"),
            false
        ));
        assert!(!is_excluded(
            &sets,
            Path::new("./repo/modules/a/main.tf"),
            false
        ));
        assert!(!is_excluded(
            &sets,
            Path::new("./repo/modules/examples/main.tf"),
            false
        ));
        let sets = build_exclude(&root, &options(&["examples"])).unwrap();
        assert!(is_excluded(
            &sets,
            Path::new("./repo/modules/examples"),
            true
        ));
        assert!(is_excluded(
            &sets,
            Path::new("./repo/modules/examples/x/main.tf"),
            false
        ));
    }
}

//! Path patterns with one meaning wherever the scan runs from: gitignore
//! syntax, anchored at the directory that declares them.

use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// Gitignore-style path patterns anchored at a directory (the directory
/// of the strata.toml that declares them, or a scan root): the same
/// meaning wherever the scan runs from. A pattern with a slash before its
/// end is relative to that directory; one without (`examples`,
/// `*.generated.tf`) matches at any depth; a directory that matches
/// covers everything beneath it; `**` crosses directories; `!` re-includes.
#[derive(Clone, Debug)]
pub struct PathPatterns {
    base: PathBuf,
    patterns: Gitignore,
    /// What relative paths are relative to.
    cwd: PathBuf,
}

impl PathPatterns {
    /// `Err` names the pattern that is not valid.
    pub fn new(base: &Path, patterns: &[String]) -> Result<Self, String> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let base = absolute(&cwd, base);
        let mut builder = GitignoreBuilder::new(&base);
        for pattern in patterns {
            builder
                .add_line(None, pattern)
                .map_err(|e| format!("`{pattern}`: {e}"))?;
        }
        let patterns = builder.build().map_err(|e| e.to_string())?;
        Ok(PathPatterns {
            base,
            patterns,
            cwd,
        })
    }

    /// Whether `path` (absolute, or relative to the working directory), or
    /// a directory above it below the base, matches. Paths outside the
    /// base never do.
    pub fn matches(&self, path: &Path, is_dir: bool) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let path = absolute(&self.cwd, path);
        match path.strip_prefix(&self.base) {
            Ok(relative) if !relative.as_os_str().is_empty() => self
                .patterns
                .matched_path_or_any_parents(relative, is_dir)
                .is_ignore(),
            _ => false,
        }
    }
}

/// `path` made absolute against `cwd`, `.` and `..` resolved.
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    crate::unit::clean_path(&cwd.join(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_anchored_or_match_at_any_depth() {
        let patterns = |p: &[&str]| {
            let p: Vec<String> = p.iter().map(|s| s.to_string()).collect();
            PathPatterns::new(Path::new("/repo"), &p).unwrap()
        };
        let bare = patterns(&["examples"]);
        assert!(bare.matches(Path::new("/repo/examples/a/main.tf"), false));
        assert!(bare.matches(Path::new("/repo/modules/x/examples/main.tf"), false));
        assert!(!bare.matches(Path::new("/repo/examples.tf"), false));
        assert!(!bare.matches(Path::new("/other/examples/main.tf"), false));
        let anchored = patterns(&["legacy/**", "!legacy/keep.tf"]);
        assert!(anchored.matches(Path::new("/repo/legacy/a.tf"), false));
        assert!(!anchored.matches(Path::new("/repo/legacy/keep.tf"), false));
        assert!(!anchored.matches(Path::new("/repo/x/legacy/a.tf"), false));
        let glob = patterns(&["*.generated.tf"]);
        assert!(glob.matches(Path::new("/repo/a/b/c.generated.tf"), false));
    }
}

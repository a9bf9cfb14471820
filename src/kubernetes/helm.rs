//! Where Helm charts are (so their files go to the chart's unit), and Go
//! templates found outside any chart, which are skipped with the reason
//! instead of being parsed as broken YAML.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::source::SourceLoader;

pub const TEMPLATE_REASON: &str = "Helm template outside a chart (no Chart.yaml above it): it can only be analysed rendered, with its chart";

/// Finds the Helm chart (the nearest directory with a `Chart.yaml`) that
/// holds a file. One unit spans many folders, so answers are cached per
/// directory: each directory is listed at most once.
pub struct Charts<'l> {
    loader: &'l dyn SourceLoader,
    /// Directory → the chart root at or above it.
    roots: HashMap<PathBuf, Option<PathBuf>>,
}

impl<'l> Charts<'l> {
    pub fn new(loader: &'l dyn SourceLoader) -> Self {
        Charts {
            loader,
            roots: HashMap::new(),
        }
    }

    /// The chart root above `path`, if the file belongs to a chart.
    pub fn root_of(&mut self, path: &Path) -> Option<PathBuf> {
        let dir = path.parent()?;
        // Walk up to the first directory already known (or the top), then
        // record the answer for every directory on the way.
        let mut unknown = Vec::new();
        let mut found = None;
        for ancestor in dir.ancestors() {
            if let Some(known) = self.roots.get(ancestor) {
                found = known.clone();
                break;
            }
            if self.has_chart(ancestor) {
                found = Some(ancestor.to_path_buf());
                unknown.push(ancestor.to_path_buf());
                break;
            }
            unknown.push(ancestor.to_path_buf());
        }
        for dir in unknown {
            self.roots.insert(dir, found.clone());
        }
        found
    }

    fn has_chart(&self, dir: &Path) -> bool {
        let listed = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        self.loader.list_dir(listed).iter().any(|f| {
            f.file_name()
                .is_some_and(|n| n == "Chart.yaml" || n == "Chart.yml")
        })
    }
}

/// Go-template actions (`{{ … }}`) where YAML would read them as structure:
/// not inside a quoted string (Kyverno's `"{{ request.operation }}"`),
/// not in a comment, and not GitHub Actions' `${{ … }}`.
pub fn has_template_markers(text: &str) -> bool {
    text.contains("{{") && text.lines().any(line_has_marker)
}

fn line_has_marker(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(b'"') if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            // A quote opens a string only where a scalar can start (not `don't`).
            None if (b == b'"' || b == b'\'')
                && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'[' | b'{' | b',')) =>
            {
                quote = Some(b);
            }
            None if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) => return false,
            None if bytes[i..].starts_with(b"{{") && (i == 0 || bytes[i - 1] != b'$') => {
                return true;
            }
            None => {}
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_markers() {
        assert!(has_template_markers("name: {{ .Values.name }}"));
        assert!(has_template_markers("{{- if .Values.x }}"));
        assert!(!has_template_markers("run: echo ${{ secrets.TOKEN }}"));
        assert!(!has_template_markers("a: b"));
        assert!(!has_template_markers("key: \"{{ request.namespace }}\""));
        assert!(!has_template_markers("a: 1 # {{ not here }}"));
        assert!(has_template_markers("replicas: {{replicas}}"));
        assert!(has_template_markers("a: \"x\" {{ y }}"));
        assert!(has_template_markers("msg: don't {{ y }}"));
        assert!(!has_template_markers("a: ⏳ ${{ x }} ⏳"));
    }
}

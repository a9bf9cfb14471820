//! Helm charts rendered in-process: a Go `text/template` engine with
//! Helm's and Sprig's functions, a chart loader, and a source map from
//! every rendered byte back to its template and values lines.
//!
//! Design:
//! - [`lexer`] → [`parse`] build a positioned tree per template file
//!   ([`ast`]); [`exec`] evaluates it over [`value`]s, writing to a
//!   [`sourcemap::Out`] buffer that records, for every output byte, the
//!   template text or `{{ … }}` action it came from, the values-file node
//!   of a printed value, and the `include`/`template` call chain.
//! - Values keep the span of their YAML node ([`values`]); strings carry
//!   [`value::Piece`]s, so origins survive `include`, `toYaml`
//!   ([`yaml_out`]), `indent`/`nindent`, `trim*` and `quote`.
//! - [`chart`] loads `Chart.yaml`, values, templates, `crds/`, `.Files`
//!   and dependencies from `charts/`, leaving out what the root chart's
//!   `.helmignore` ignores ([`helmignore`]); [`render`] renders every template
//!   of the chart and its enabled subcharts.
//! - All reads go through the [`SourceLoader`]; nothing touches the
//!   network; `lookup` is empty; random, time and certificate functions
//!   return fixed placeholders (see `functions::misc::PLACEHOLDER`).
//! - Bounded: a step budget, an output budget, a nesting limit shared by
//!   `template`/`include`/`tpl`, parser nesting limits, and rendering on a
//!   thread with a large stack. A template that fails yields a diagnostic
//!   and no document. No panics on any input.
//!
//! Helm's behaviour kept on purpose: values numbers are `float64` (so a
//! values-file `1000000` prints `1e+06` and `eq .Values.n 1` is a type
//! error); plain `yes`/`no`/`on`/`off`/`y`/`n` in values files are booleans
//! (go-yaml v2); a missing key is `nil` and prints nothing; `toYaml`
//! quotes as go-yaml does; `null` in user values deletes a default.
//!
//! Deliberate differences: each template renders on its own, so one
//! failing template costs only its own document (Helm fails the whole
//! chart); documents are ordered by template name, not by kind; the
//! nesting limit is 200 calls in total (Helm counts 1000 per template
//! name), which real charts never approach.
//!
//! Not supported (diagnosed or documented, never silently wrong where it
//! can be helped): `.tgz` dependencies (the loader reads text only:
//! reported as "unpack it or run `helm dependency build`"),
//! `import-values`, `values.schema.json` validation, `--set`, real
//! `lookup` results, Go's distinction between `int` and
//! `int64` (both are `int`), and `.Chart`/`.Release` field errors (they
//! are maps, as Helm v4 shows them). Directory listing: the loader lists
//! files only, so templates in subdirectories of `templates/` and
//! undeclared subcharts are seen only when [`ChartOptions::files`] lists
//! the chart's files.

pub mod ast;
pub mod chart;
pub mod exec;
pub mod frontend;
pub mod functions;
pub mod helmignore;
pub mod lexer;
pub mod parse;
pub mod render;
pub mod sourcemap;
pub mod value;
pub mod values;
pub mod yaml_out;

#[cfg(test)]
mod tests;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::source::SourceLoader;

/// How to render a chart (`helm template` defaults).
#[derive(Clone, Debug)]
pub struct ChartOptions {
    /// `--values` files, applied in order over the chart's `values.yaml`.
    pub values_files: Vec<PathBuf>,
    pub release_name: String,
    pub namespace: String,
    pub kube_version: String,
    /// Extra `.Capabilities.APIVersions` entries (`--api-versions`).
    pub api_versions: Vec<String>,
    /// Every file of the chart tree, when the caller knows them (the loader
    /// lists only files directly inside a directory). `None`: only
    /// `templates/`, `crds/` and declared dependencies' own directories.
    pub files: Option<Vec<PathBuf>>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            values_files: Vec::new(),
            release_name: "release-name".into(),
            namespace: "default".into(),
            kube_version: "v1.36.0".into(),
            api_versions: Vec::new(),
            files: None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct RenderedChart {
    pub name: String,
    /// Every file the render used as an origin (templates, helpers, values
    /// files, Chart.yaml), with its text as read. Origins index into this.
    pub sources: Vec<(PathBuf, Arc<str>)>,
    /// One per template file that produced output (not partials, not
    /// NOTES.txt), sorted by template name; `crds/` files included as is.
    pub documents: Vec<RenderedTemplate>,
    pub diagnostics: Vec<HelmDiagnostic>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RenderedTemplate {
    /// The template's file path (as given to the loader).
    pub template: PathBuf,
    /// Helm's name for it: `chart/templates/x.yaml`,
    /// `chart/charts/sub/templates/y.yaml`.
    pub name: String,
    pub text: String,
    pub segments: Vec<Segment>,
    /// Ranges of `{{/* … */}}` comments in the template source (for
    /// `strata:ignore` suppressions), as origins.
    pub comments: Vec<Origin>,
}

/// Sorted by output start, non-overlapping; every output byte that came
/// from template text or an action is covered.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub output: Range<u32>,
    /// Template text (byte for byte) or the `{{ … }}` action that printed it.
    pub origin: Origin,
    /// The values-file node the printed bytes came from, when they did.
    pub value: Option<Origin>,
    /// `include`/`template` call sites, outermost first.
    pub via: Vec<Origin>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// Index into [`RenderedChart::sources`].
    pub source: u32,
    pub range: Range<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HelmDiagnostic {
    pub source: Option<u32>,
    pub range: Option<Range<u32>>,
    pub message: String,
}

/// Renders the chart at `chart_dir` like `helm template` would.
pub fn render_chart(
    chart_dir: &Path,
    loader: &dyn SourceLoader,
    options: &ChartOptions,
) -> RenderedChart {
    render::render_chart(chart_dir, loader, options)
}

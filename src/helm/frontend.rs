//! The Helm front end of a unit: render the chart, add every origin file
//! and every rendered template (as a generated file mapped back to its
//! template and values lines) to the unit's sources, and hand the rendered
//! text to the Kubernetes reader. Findings on rendered objects therefore
//! land on template lines, with the values line in their trace, and the
//! Kubernetes code never knows a chart was involved.

use std::path::{Path, PathBuf};

use super::{ChartOptions, Origin, render_chart};
use crate::findings::FileKind;
use crate::source::{Diagnostic, FileId, FileSpan, Segment, Span};
use crate::unit::{Lowered, Lowering};

/// Renders the chart whose `Chart.yaml` is `chart`; `files` are the files
/// discovery found under it.
pub fn lower(chart: &Path, files: &[PathBuf], cx: &mut Lowering) -> Lowered {
    let dir = chart.parent().unwrap_or(Path::new(""));
    let options = ChartOptions {
        values_files: cx.options.helm_values.clone(),
        files: Some(chart_tree(dir, chart, files, cx)),
        ..ChartOptions::default()
    };
    let rendered = render_chart(dir, cx.loader, &options);
    let ids: Vec<FileId> = rendered
        .sources
        .iter()
        .map(|(path, text)| cx.sources.add(path.clone(), text.clone()))
        .collect();
    let mut lowered = Lowered::default();
    if rendered.documents.is_empty() && rendered.diagnostics.is_empty() {
        // Said, not silent: a chart that yields no objects.
        let reason =
            "the chart renders no objects (no templates, or every one disabled by its values)";
        lowered
            .skipped
            .push((chart.to_path_buf(), FileKind::Helm, reason.to_string()));
    }
    for diagnostic in &rendered.diagnostics {
        let file = match diagnostic.source.and_then(|s| ids.get(s as usize)) {
            Some(&id) => id,
            None => chart_file(chart, cx),
        };
        let span = diagnostic
            .range
            .as_ref()
            .map(|r| Span::new(file, r.start as usize..r.end as usize));
        lowered.diagnostics.push(Diagnostic {
            file,
            span,
            message: diagnostic.message.clone(),
        });
    }
    for document in rendered.documents {
        let origin = |o: &Origin| FileSpan {
            file: cx.sources.shared(ids[o.source as usize]),
            start: o.range.start,
            end: o.range.end,
        };
        let segments: Vec<Segment> = document
            .segments
            .iter()
            .filter(|s| (s.origin.source as usize) < ids.len())
            .map(|s| {
                let mut trace: Vec<(FileSpan, String)> = s
                    .value
                    .iter()
                    .filter(|v| (v.source as usize) < ids.len())
                    .map(|v| (origin(v), VALUE_NOTE.to_string()))
                    .collect();
                trace.extend(
                    s.via
                        .iter()
                        .filter(|v| (v.source as usize) < ids.len())
                        .map(|v| (origin(v), "included from here".to_string())),
                );
                Segment {
                    output: s.output.clone(),
                    origin: origin(&s.origin),
                    trace,
                }
            })
            .collect();
        let id =
            cx.sources
                .add_generated(document.template.clone(), document.text.into(), segments);
        let text = cx.sources.get(id).text.clone();
        let read = crate::kubernetes::lower_rendered(&document.template, &text, id, cx);
        lowered.diagnostics.extend(read.diagnostics);
        lowered
            .skipped
            .extend(read.skipped.into_iter().map(|(p, kind, reason)| {
                // A rendered document that is not an object is the template's
                // doing, not a separate Kubernetes file.
                let kind = if kind == FileKind::Unknown {
                    FileKind::Helm
                } else {
                    kind
                };
                (p, kind, reason)
            }));
    }
    lowered
}

/// The trace note on a values-file line a rendered value came from.
pub const VALUE_NOTE: &str = "value set here";

/// Most files of a chart tree read (a chart is a few hundred at most).
const MAX_CHART_FILES: usize = 20_000;

/// Every file of the chart tree the renderer may need: the discovered ones
/// and every file under the chart directory (partials such as
/// `_helpers.tpl` are not discovered as IaC files, and `.Files` reads any
/// file), walking subdirectories through the loader, hidden ones skipped.
fn chart_tree(dir: &Path, chart: &Path, files: &[PathBuf], cx: &Lowering) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = files.to_vec();
    all.push(chart.to_path_buf());
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        if all.len() > MAX_CHART_FILES {
            break;
        }
        all.extend(cx.loader.list_dir(&next));
        let hidden = |d: &PathBuf| {
            d.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        };
        pending.extend(
            cx.loader
                .list_subdirs(&next)
                .into_iter()
                .filter(|d| !hidden(d)),
        );
    }
    // Directories discovery reached that the loader cannot list (in-memory
    // buffers) still count.
    for file in files {
        if let Some(parent) = file.parent() {
            all.extend(cx.loader.list_dir(parent));
        }
    }
    all.sort();
    all.dedup();
    all
}

/// The chart's `Chart.yaml` in the unit's sources (where chart-wide
/// problems are reported).
fn chart_file(chart: &Path, cx: &mut Lowering) -> FileId {
    if let Some(id) = cx.sources.lookup(chart) {
        return id;
    }
    let text = cx.loader.read(chart).unwrap_or_default();
    cx.sources.add(chart.to_path_buf(), text)
}

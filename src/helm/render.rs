//! Rendering a loaded chart: values coalesced down the dependency tree,
//! disabled dependencies removed, every template of every enabled chart
//! parsed into one set of defines (Helm's precedence: parents override
//! subcharts), then each non-partial template executed on its own so one
//! failing template costs only its own document.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use super::chart::{Chart, Loader};
use super::exec::{Engine, Limits, VIRTUAL};
use super::parse;
use super::sourcemap::Out;
use super::value::{Capabilities, Loc, Map, MapRef, Object, Val, Value};
use super::values::{coalesce, merge_override, new_map, path_value, push_globals};
use super::{ChartOptions, HelmDiagnostic, Origin, RenderedChart, RenderedTemplate, Segment};
use crate::source::SourceLoader;

/// Stack for the render thread: deep but bounded template nesting.
const STACK_BYTES: usize = 256 << 20;

pub fn render_chart(
    dir: &Path,
    loader: &dyn SourceLoader,
    options: &ChartOptions,
) -> RenderedChart {
    let result = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("helm-render".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(s, || render_inner(dir, loader, options))
            .map(|h| h.join())
    });
    match result {
        Ok(Ok(r)) => r,
        _ => RenderedChart {
            name: String::new(),
            diagnostics: vec![HelmDiagnostic {
                source: None,
                range: None,
                message: format!(
                    "{}: internal error while rendering the chart",
                    dir.display()
                ),
            }],
            ..RenderedChart::default()
        },
    }
}

/// Default `.Capabilities.APIVersions`, as Helm v4 reports them.
const DEFAULT_API_VERSIONS: &str = include_str!("api_versions.txt");

fn capabilities(options: &ChartOptions) -> Rc<Capabilities> {
    let v = options.kube_version.trim_start_matches('v');
    let mut parts = v.split('.');
    let major = parts.next().unwrap_or("1").to_string();
    let minor = parts.next().unwrap_or("0").to_string();
    let mut api_versions: Vec<String> = DEFAULT_API_VERSIONS
        .split_whitespace()
        .map(String::from)
        .collect();
    api_versions.extend(options.api_versions.iter().cloned());
    Rc::new(Capabilities {
        api_versions,
        kube_version: if options.kube_version.starts_with('v') {
            options.kube_version.clone()
        } else {
            format!("v{}", options.kube_version)
        },
        major,
        minor,
        helm_version: "v4.2".into(),
    })
}

/// Coalesces values for `chart` (in place in `vals`) and its subcharts,
/// and drops subcharts whose condition or tags disable them.
fn prepare(chart: &mut Chart, vals: &MapRef, top: &MapRef, diagnostics: &mut Vec<HelmDiagnostic>) {
    coalesce(vals, &chart.defaults, 0);
    for dep in &chart.missing {
        if enabled(dep, vals, top) {
            diagnostics.push(HelmDiagnostic {
                source: Some(chart.chart_source),
                range: None,
                message: format!(
                    "{}: dependency {:?} is declared in Chart.yaml but missing from charts/: run `helm dependency build`",
                    chart.path, dep.name
                ),
            });
        }
    }
    let deps = chart.dependencies.clone();
    chart.subcharts.retain(|sub| {
        let Some(dep) = deps
            .iter()
            .find(|d| d.alias.as_deref().unwrap_or(&d.name) == sub.name)
        else {
            return true;
        };
        enabled(dep, vals, top)
    });
    for sub in &mut chart.subcharts {
        let existing = vals
            .borrow()
            .get(&sub.name)
            .and_then(|v| v.as_map().cloned());
        let sub_vals = match existing {
            Some(m) => m,
            None => {
                let m = new_map();
                vals.borrow_mut()
                    .insert(sub.name.clone(), Value::Map(m.clone()).into());
                m
            }
        };
        push_globals(vals, &sub_vals);
        prepare(sub, &sub_vals, top, diagnostics);
    }
}

/// Helm's rule: the first condition path that holds a bool decides; else
/// any tag set true enables and tags all false disable; else enabled.
fn enabled(dep: &super::chart::Dependency, vals: &MapRef, top: &MapRef) -> bool {
    if let Some(cond) = &dep.condition {
        for path in cond.split(',').map(str::trim) {
            if let Some(Val {
                v: Value::Bool(b), ..
            }) = path_value(vals, path)
            {
                return b;
            }
        }
    }
    if !dep.tags.is_empty() {
        let tags: Vec<Option<bool>> = dep
            .tags
            .iter()
            .map(|t| match path_value(top, &format!("tags.{t}")) {
                Some(Val {
                    v: Value::Bool(b), ..
                }) => Some(b),
                _ => None,
            })
            .collect();
        if tags.contains(&Some(true)) {
            return true;
        }
        if tags.iter().all(|t| *t == Some(false)) {
            return false;
        }
    }
    true
}

/// Enabled charts, root first, with their values.
fn flatten<'c>(chart: &'c Chart, vals: &MapRef, out: &mut Vec<(&'c Chart, MapRef)>) {
    out.push((chart, vals.clone()));
    for sub in &chart.subcharts {
        let sv = vals
            .borrow()
            .get(&sub.name)
            .and_then(|v| v.as_map().cloned())
            .unwrap_or_else(new_map);
        flatten(sub, &sv, out);
    }
}

/// What every chart's context shares.
struct Shared {
    release: Val,
    caps: Val,
}

/// The template context of `chart` (and, recursively, of its subcharts,
/// which it lists under `.Subcharts`), recorded by chart path.
fn context(chart: &Chart, vals: &MapRef, shared: &Shared, out: &mut HashMap<String, Map>) -> Map {
    let mut subcharts = Map::new();
    for sub in &chart.subcharts {
        let sv = vals
            .borrow()
            .get(&sub.name)
            .and_then(|v| v.as_map().cloned())
            .unwrap_or_else(new_map);
        subcharts.insert(sub.name.clone(), Val::map(context(sub, &sv, shared, out)));
    }
    let mut m = Map::new();
    m.insert("Values".into(), Value::Map(vals.clone()).into());
    m.insert("Release".into(), shared.release.clone());
    m.insert("Chart".into(), Val::map(chart.metadata.clone()));
    m.insert("Capabilities".into(), shared.caps.clone());
    m.insert(
        "Files".into(),
        Value::Obj(Rc::new(Object::Files(Rc::new(chart.files.clone())))).into(),
    );
    m.insert("Subcharts".into(), Val::map(subcharts));
    out.insert(chart.path.clone(), m.clone());
    m
}

fn to_origin(l: Loc) -> Origin {
    Origin {
        source: l.source,
        range: l.start..l.end,
    }
}

fn str_map(pairs: &[(&str, Val)]) -> Val {
    Val::map(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<Map>(),
    )
}

fn render_inner(dir: &Path, loader: &dyn SourceLoader, options: &ChartOptions) -> RenderedChart {
    let mut ld = Loader {
        loader,
        sources: Default::default(),
        diagnostics: Vec::new(),
        files: options.files.clone(),
        ignore: None,
    };
    let Some(mut root) = ld.load(dir, None, None, 0) else {
        return RenderedChart {
            name: String::new(),
            sources: ld.sources.list,
            documents: Vec::new(),
            diagnostics: ld.diagnostics,
        };
    };
    let user = new_map();
    for f in &options.values_files {
        if let Some(v) = ld.load_values(f) {
            merge_override(&user, &v);
        }
    }
    let top = user.clone();
    prepare(&mut root, &user, &top, &mut ld.diagnostics);

    let mut charts = Vec::new();
    flatten(&root, &user, &mut charts);

    // Parse everything; register defines in Helm's order (deeper paths
    // first, then by name; later registrations win).
    let mut engine = Engine::new(Limits::default());
    engine.sources = ld
        .sources
        .list
        .iter()
        .map(|(_, t)| Rc::from(&**t))
        .collect();
    let mut all: Vec<(&super::chart::Template, &Chart, &MapRef)> = Vec::new();
    for (c, v) in &charts {
        for t in &c.templates {
            all.push((t, c, v));
        }
    }
    all.sort_by(|a, b| {
        let (da, db) = (a.0.name.matches('/').count(), b.0.name.matches('/').count());
        db.cmp(&da).then_with(|| a.0.name.cmp(&b.0.name))
    });
    let mut parsed = Vec::new();
    for (t, c, v) in &all {
        let text = ld.sources.list[t.source as usize].1.clone();
        match parse::parse(&text) {
            Ok(p) => {
                engine.add_defines(t.source, &p);
                let p = Rc::new(p);
                parsed.push((*t, *c, (*v).clone(), p));
            }
            Err(e) => ld.diagnostics.push(HelmDiagnostic {
                source: Some(t.source),
                range: Some(e.at.start..e.at.end),
                message: format!("parse error in {}: {}", t.name, e.message),
            }),
        }
    }
    // A whole file is a template too (`include "chart/templates/x.yaml"`).
    for (t, _, _, p) in &parsed {
        engine.defines.insert(
            t.name.clone(),
            super::exec::Define {
                source: t.source,
                body: p.root.clone(),
            },
        );
    }

    let caps = Value::Obj(Rc::new(Object::Capabilities(capabilities(options))));
    let release = str_map(&[
        ("Name", Val::str(options.release_name.as_str())),
        ("Namespace", Val::str(options.namespace.as_str())),
        ("Service", Val::str("Helm")),
        ("IsInstall", Val::bool(true)),
        ("IsUpgrade", Val::bool(false)),
        ("Revision", Val::int(1)),
    ]);

    // Each chart's context (`.Values`, `.Chart`, `.Files`, `.Subcharts`, …),
    // built once; templates add their own `.Template`.
    let mut contexts: HashMap<String, Map> = HashMap::new();
    let shared = Shared {
        release: release.clone(),
        caps: caps.clone().into(),
    };
    context(&root, &user, &shared, &mut contexts);

    parsed.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let mut documents = Vec::new();
    for (t, chart, _vals, p) in &parsed {
        let base = t.name.rsplit('/').next().unwrap_or("");
        if chart.library || base.starts_with('_') || base == "NOTES.txt" {
            continue;
        }
        let mut dot = contexts.get(&chart.path).cloned().unwrap_or_default();
        dot.insert(
            "Template".into(),
            str_map(&[
                ("Name", Val::str(t.name.as_str())),
                ("BasePath", Val::str(format!("{}/templates", chart.path))),
            ]),
        );
        let dot = Val::map(dot);
        engine.current = t.name.clone();
        let mut out = Out::default();
        match engine.execute(t.source, &p.root, dot, &mut out) {
            Ok(()) => {
                if out.text.trim().is_empty() {
                    continue;
                }
                documents.push(RenderedTemplate {
                    template: t.path.clone(),
                    name: t.name.clone(),
                    segments: segments(out.pieces),
                    text: out.text,
                    comments: p
                        .comments
                        .iter()
                        .map(|c| Origin {
                            source: t.source,
                            range: c.start..c.end,
                        })
                        .collect(),
                });
            }
            Err(e) => ld.diagnostics.push(HelmDiagnostic {
                source: (e.at.source != VIRTUAL).then_some(e.at.source),
                range: (e.at.source != VIRTUAL).then_some(e.at.start..e.at.end),
                message: format!("rendering {}: {}", t.name, e.message),
            }),
        }
    }
    for (c, _) in &charts {
        for crd in &c.crds {
            let text = ld.sources.list[crd.source as usize].1.to_string();
            let len = text.len() as u32;
            documents.push(RenderedTemplate {
                template: crd.path.clone(),
                name: crd.name.clone(),
                text,
                segments: vec![Segment {
                    output: 0..len,
                    origin: Origin {
                        source: crd.source,
                        range: 0..len,
                    },
                    value: None,
                    via: Vec::new(),
                }],
                comments: Vec::new(),
            });
        }
    }
    RenderedChart {
        name: root.name.clone(),
        sources: ld.sources.list,
        documents,
        diagnostics: ld.diagnostics,
    }
}

fn segments(pieces: Vec<super::value::Piece>) -> Vec<Segment> {
    pieces
        .into_iter()
        .filter(|p| p.start < p.end)
        .filter_map(|p| {
            let origin = p.origin.filter(|o| o.source != VIRTUAL)?;
            Some(Segment {
                output: p.start..p.end,
                origin: to_origin(origin),
                value: p.value.filter(|o| o.source != VIRTUAL).map(to_origin),
                via: p
                    .via
                    .iter()
                    .filter(|l| l.source != VIRTUAL)
                    .map(|l| to_origin(*l))
                    .collect(),
            })
        })
        .collect()
}

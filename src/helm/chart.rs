//! Loading a chart tree through the [`SourceLoader`]: `Chart.yaml` (v1 and
//! v2, `requirements.yaml` for v1 dependencies), `values.yaml`, templates,
//! `crds/`, the other files (for `.Files`) and subcharts under `charts/`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use super::HelmDiagnostic;
use super::helmignore::Rules;
use super::value::{Map, MapRef, Val, Value};
use super::values::{from_node, from_yaml_node, new_map};
use crate::model::{Node, Value as NodeValue};
use crate::source::{FileId, LoadError, SourceLoader};

/// The files the render read, by id.
#[derive(Default)]
pub struct Sources {
    pub list: Vec<(PathBuf, Arc<str>)>,
    by_path: HashMap<PathBuf, u32>,
}

impl Sources {
    pub fn add(&mut self, path: &Path, text: Arc<str>) -> u32 {
        if let Some(&id) = self.by_path.get(path) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push((path.to_path_buf(), text));
        self.by_path.insert(path.to_path_buf(), id);
        id
    }
}

/// A declared dependency.
#[derive(Clone, Debug, Default)]
pub struct Dependency {
    pub name: String,
    pub alias: Option<String>,
    pub version: String,
    pub condition: Option<String>,
    pub tags: Vec<String>,
}

pub struct Template {
    pub path: PathBuf,
    /// Helm's name: `<chart path>/templates/<rel>`.
    pub name: String,
    pub source: u32,
}

pub struct Chart {
    pub dir: PathBuf,
    /// The name templates and values see (the alias, for an aliased dependency).
    pub name: String,
    /// `parent/charts/name` prefix of template names.
    pub path: String,
    pub metadata: Map,
    pub defaults: MapRef,
    pub templates: Vec<Template>,
    pub crds: Vec<Template>,
    pub files: BTreeMap<String, Rc<str>>,
    pub dependencies: Vec<Dependency>,
    pub subcharts: Vec<Chart>,
    /// Declared dependencies found neither as a directory nor an archive.
    pub missing: Vec<Dependency>,
    /// Source id of this chart's Chart.yaml.
    pub chart_source: u32,
    pub library: bool,
}

pub struct Loader<'a> {
    pub loader: &'a dyn SourceLoader,
    pub sources: Sources,
    pub diagnostics: Vec<HelmDiagnostic>,
    /// All files of the tree, when known.
    pub files: Option<Vec<PathBuf>>,
    /// The root chart's directory and its `.helmignore` (set when the
    /// root chart loads; it applies to subcharts' files too).
    pub ignore: Option<(PathBuf, Rules)>,
}

const MAX_CHART_DEPTH: usize = 10;

fn rel(dir: &Path, path: &Path) -> Option<String> {
    let r = path.strip_prefix(dir).ok()?;
    let parts: Vec<String> = r
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

impl<'a> Loader<'a> {
    fn diag(&mut self, source: Option<u32>, message: String) {
        self.diagnostics.push(HelmDiagnostic {
            source,
            range: None,
            message,
        });
    }

    pub fn read(&mut self, path: &Path) -> Result<(u32, Arc<str>), LoadError> {
        let text = self.loader.read(path)?;
        let id = self.sources.add(path, text.clone());
        Ok((id, text))
    }

    /// Files of the chart at `dir`, relative, excluding subcharts' files.
    fn chart_files(&self, dir: &Path, deps: &[Dependency]) -> Vec<(String, PathBuf)> {
        let mut out: Vec<(String, PathBuf)> = Vec::new();
        match &self.files {
            Some(all) => {
                for p in all {
                    if let Some(r) = rel(dir, p) {
                        // A file under charts/<x>/… belongs to the subchart.
                        let mut parts = r.split('/');
                        if parts.next() == Some("charts") && r.matches('/').count() >= 2 {
                            continue;
                        }
                        out.push((r, p.clone()));
                    }
                }
            }
            None => {
                let _ = deps;
                for sub in ["", "templates", "crds", "charts"] {
                    let d = if sub.is_empty() {
                        dir.to_path_buf()
                    } else {
                        dir.join(sub)
                    };
                    for p in self.loader.list_dir(&d) {
                        if let Some(r) = rel(dir, &p) {
                            out.push((r, p));
                        }
                    }
                }
            }
        }
        out.retain(|(_, p)| !self.ignored(p));
        out.sort();
        out.dedup();
        out
    }

    /// Whether the root chart's `.helmignore` leaves `path` out.
    fn ignored(&self, path: &Path) -> bool {
        self.ignore
            .as_ref()
            .and_then(|(root, rules)| Some(rules.ignores_file(&rel(root, path)?)))
            .unwrap_or(false)
    }

    /// Reads the root chart's `.helmignore`; a line Helm would refuse is
    /// reported at its line and skipped.
    fn read_helmignore(&mut self, dir: &Path) {
        let rules = match self.read(&dir.join(".helmignore")) {
            Ok((id, text)) => {
                let (rules, bad) = Rules::parse(&text);
                for b in bad {
                    let start = line_start(&text, b.line);
                    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
                    self.diagnostics.push(HelmDiagnostic {
                        source: Some(id),
                        range: Some(start as u32..end as u32),
                        message: format!(".helmignore: {}; the rule is not applied", b.message),
                    });
                }
                rules
            }
            Err(_) => Rules::with_defaults(),
        };
        self.ignore = Some((dir.to_path_buf(), rules));
    }

    /// Directories of subcharts under `dir/charts`.
    fn subchart_dirs(&self, dir: &Path, deps: &[Dependency]) -> Vec<PathBuf> {
        let charts = dir.join("charts");
        let mut out = Vec::new();
        match &self.files {
            Some(all) => {
                for p in all {
                    if let Some(r) = rel(&charts, p) {
                        let parts: Vec<&str> = r.split('/').collect();
                        if parts.len() == 2
                            && (parts[1] == "Chart.yaml" || parts[1] == "Chart.yml")
                            && !self.ignored(p)
                        {
                            out.push(charts.join(parts[0]));
                        }
                    }
                }
            }
            None => {
                for d in deps {
                    let sub = charts.join(&d.name);
                    if self
                        .loader
                        .list_dir(&sub)
                        .iter()
                        .any(|f| f.file_name().is_some_and(|n| n == "Chart.yaml"))
                    {
                        out.push(sub);
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Loads the chart at `dir`; `parent_path` is the template-name prefix
    /// of its parent.
    pub fn load(
        &mut self,
        dir: &Path,
        parent_path: Option<&str>,
        alias: Option<&str>,
        depth: usize,
    ) -> Option<Chart> {
        let chart_yaml = dir.join("Chart.yaml");
        if parent_path.is_none() {
            self.read_helmignore(dir);
            if self.ignored(&chart_yaml) {
                // Helm's `!` rules ignore every path they do not match.
                self.diag(
                    None,
                    format!(
                        "{}: .helmignore leaves out Chart.yaml (a `!rule` ignores every path it does not match); Helm cannot load the chart",
                        dir.display()
                    ),
                );
                return None;
            }
        }
        let (cid, ctext) = match self.read(&chart_yaml) {
            Ok(x) => x,
            Err(e) => {
                self.diag(
                    None,
                    format!("{}: cannot read Chart.yaml: {e}", dir.display()),
                );
                return None;
            }
        };
        let loaded = crate::kubernetes::yaml::load(&ctext, FileId(cid));
        for d in &loaded.diagnostics {
            self.diagnostics.push(HelmDiagnostic {
                source: Some(cid),
                range: d.span.map(|s| s.start..s.end),
                message: format!("Chart.yaml: {}", d.message),
            });
        }
        let meta_node = loaded
            .documents
            .into_iter()
            .next()
            .unwrap_or(Node::new(NodeValue::Map(Default::default()), None));
        let get = |k: &str| {
            meta_node
                .get(k)
                .map(|n| n.display_string())
                .unwrap_or_default()
        };
        let real_name = get("name");
        if real_name.is_empty() {
            self.diag(
                Some(cid),
                format!("{}: Chart.yaml has no name", chart_yaml.display()),
            );
            return None;
        }
        let name = alias.unwrap_or(&real_name).to_string();
        let path = match parent_path {
            Some(p) => format!("{p}/charts/{name}"),
            None => name.clone(),
        };
        let mut dependencies = parse_dependencies(meta_node.get("dependencies"));
        if dependencies.is_empty() {
            // Chart API v1 kept them in requirements.yaml.
            if let Ok((rid, rtext)) = self.read(&dir.join("requirements.yaml")) {
                let req = crate::kubernetes::yaml::load(&rtext, FileId(rid));
                if let Some(doc) = req.documents.first() {
                    dependencies = parse_dependencies(doc.get("dependencies"));
                }
            }
        }
        let mut metadata = chart_metadata(&meta_node, cid, parent_path.is_none());
        if alias.is_some() {
            // An alias renames the chart for its templates too.
            metadata.insert("Name".into(), Val::str(name.as_str()));
        }
        let library = get("type") == "library";

        let mut defaults = new_map();
        let mut templates = Vec::new();
        let mut crds = Vec::new();
        let mut files = BTreeMap::new();
        for (r, p) in self.chart_files(dir, &dependencies) {
            match r.as_str() {
                "Chart.yaml" | "Chart.lock" | "requirements.yaml" | "requirements.lock"
                | "values.schema.json" => continue,
                "values.yaml" => {
                    if let Some(v) = self.load_values(&p) {
                        defaults = v;
                    }
                    continue;
                }
                _ => {}
            }
            if let Some(t) = r.strip_prefix("templates/") {
                match self.read(&p) {
                    Ok((id, _)) => templates.push(Template {
                        path: p.clone(),
                        name: format!("{path}/templates/{t}"),
                        source: id,
                    }),
                    Err(e) => self.diag(None, format!("{}: {e}", p.display())),
                }
            } else if r.starts_with("charts/") {
                if r.ends_with(".tgz") || r.ends_with(".tar.gz") {
                    self.diag(
                        None,
                        format!(
                            "{}: archived dependency {}: unpack it (tar xzf) or run `helm dependency build`; it was not rendered",
                            path,
                            r.trim_start_matches("charts/")
                        ),
                    );
                }
            } else if let Some(c) = r.strip_prefix("crds/") {
                if let Ok((id, _)) = self.read(&p) {
                    crds.push(Template {
                        path: p.clone(),
                        name: format!("{path}/crds/{c}"),
                        source: id,
                    });
                }
                if let Some(text) = self.loader.read_data(&p) {
                    files.insert(r.clone(), Rc::from(&*text));
                }
            } else if let Some(text) = self.loader.read_data(&p) {
                // Binary files are not text; they are left out of .Files.
                files.insert(r.clone(), Rc::from(&*text));
            }
        }

        let mut subcharts = Vec::new();
        let mut missing = Vec::new();
        if depth < MAX_CHART_DEPTH {
            let dirs = self.subchart_dirs(dir, &dependencies);
            let mut found: Vec<(String, PathBuf)> = Vec::new();
            for d in dirs {
                if let Ok(text) = self.loader.read(&d.join("Chart.yaml")) {
                    let n = crate::kubernetes::yaml::load(&text, FileId(u32::MAX));
                    let nm = n
                        .documents
                        .first()
                        .and_then(|doc| doc.get("name"))
                        .map(|x| x.display_string())
                        .unwrap_or_default();
                    found.push((nm, d));
                }
            }
            let mut used = vec![false; found.len()];
            for dep in &dependencies {
                match found.iter().position(|(n, _)| *n == dep.name) {
                    Some(i) => {
                        used[i] = true;
                        let d = found[i].1.clone();
                        if let Some(c) = self.load(&d, Some(&path), dep.alias.as_deref(), depth + 1)
                        {
                            subcharts.push(c);
                        }
                    }
                    None => {
                        let archived = self.chart_files(dir, &[]).iter().any(|(r, _)| {
                            r.starts_with(&format!("charts/{}-", dep.name)) && r.ends_with(".tgz")
                        });
                        if !archived {
                            // Reported once values say it is enabled.
                            missing.push(dep.clone());
                        }
                    }
                }
            }
            // Subcharts present but not declared are part of the chart too.
            for (i, (_, d)) in found.iter().enumerate() {
                if !used[i]
                    && let Some(c) = self.load(d, Some(&path), None, depth + 1)
                {
                    subcharts.push(c);
                }
            }
        }
        Some(Chart {
            dir: dir.to_path_buf(),
            name,
            path,
            metadata,
            defaults,
            templates,
            crds,
            files,
            dependencies,
            subcharts,
            missing,
            chart_source: cid,
            library,
        })
    }

    /// A values file as a map (an empty file is an empty map).
    pub fn load_values(&mut self, path: &Path) -> Option<MapRef> {
        let (id, text) = match self.read(path) {
            Ok(x) => x,
            Err(e) => {
                self.diag(None, format!("{}: {e}", path.display()));
                return None;
            }
        };
        let loaded = crate::kubernetes::yaml::load(&text, FileId(id));
        for d in &loaded.diagnostics {
            self.diagnostics.push(HelmDiagnostic {
                source: Some(id),
                range: d.span.map(|s| s.start..s.end),
                message: format!("values: {}", d.message),
            });
        }
        match loaded
            .documents
            .first()
            .map(|d| from_yaml_node(d, Some(id), &text))
        {
            Some(Val {
                v: Value::Map(m), ..
            }) => Some(m),
            Some(Val { v: Value::Nil, .. }) | None => Some(new_map()),
            Some(_) => {
                self.diag(
                    Some(id),
                    format!("{}: values must be a map", path.display()),
                );
                None
            }
        }
    }
}

/// Byte offset of 1-based `line` in `text`.
fn line_start(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum()
}

fn parse_dependencies(node: Option<&Node>) -> Vec<Dependency> {
    let Some(NodeValue::List(items)) = node.map(|n| &n.value) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|d| {
            let s = |k: &str| {
                d.get(k)
                    .map(|n| n.display_string())
                    .filter(|s| !s.is_empty())
            };
            Some(Dependency {
                name: s("name")?,
                alias: s("alias"),
                version: s("version").unwrap_or_default(),
                condition: s("condition"),
                tags: match d.get("tags").map(|t| &t.value) {
                    Some(NodeValue::List(t)) => t.iter().map(|x| x.display_string()).collect(),
                    _ => Vec::new(),
                },
            })
        })
        .collect()
}

/// `.Chart`: Chart.yaml's fields under Helm's Go names, every field
/// present (empty when not written), as Helm v4 exposes it.
fn chart_metadata(meta: &Node, source: u32, is_root: bool) -> Map {
    let mut m = Map::new();
    let fields = [
        ("apiVersion", "APIVersion", ""),
        ("name", "Name", ""),
        ("version", "Version", ""),
        ("appVersion", "AppVersion", ""),
        ("description", "Description", ""),
        ("home", "Home", ""),
        ("icon", "Icon", ""),
        ("kubeVersion", "KubeVersion", ""),
        ("type", "Type", ""),
        ("condition", "Condition", ""),
        ("tags", "Tags", ""),
    ];
    for (yaml, go, _) in fields {
        let v = meta
            .get(yaml)
            .map(|n| Val::str(n.display_string()).with_origin(loc(n, source)))
            .unwrap_or_else(|| Val::str(""));
        m.insert(go.into(), v);
    }
    for (yaml, go) in [
        ("keywords", "Keywords"),
        ("sources", "Sources"),
        ("maintainers", "Maintainers"),
        ("dependencies", "Dependencies"),
    ] {
        let v = meta
            .get(yaml)
            .map(|n| from_node(n, Some(source)))
            .filter(|v| !v.is_nil())
            .unwrap_or_else(|| Val::list(vec![]));
        m.insert(go.into(), v);
    }
    let ann = meta
        .get("annotations")
        .map(|n| from_node(n, Some(source)))
        .filter(|v| v.as_map().is_some())
        .unwrap_or_else(|| Val::map(Map::new()));
    m.insert("Annotations".into(), ann);
    m.insert(
        "Deprecated".into(),
        Val::bool(
            meta.get("deprecated")
                .and_then(|n| n.value.as_bool())
                .unwrap_or(false),
        ),
    );
    m.insert("IsRoot".into(), Val::bool(is_root));
    m
}

fn loc(n: &Node, source: u32) -> Option<super::value::Loc> {
    n.span.map(|s| super::value::Loc {
        source,
        start: s.start,
        end: s.end,
    })
}

trait DisplayString {
    fn display_string(&self) -> String;
}

impl DisplayString for Node {
    /// A scalar as Helm reads it into a string field.
    fn display_string(&self) -> String {
        match &self.value {
            NodeValue::String(s) => s.clone(),
            NodeValue::Null | NodeValue::Unknown => String::new(),
            _ => self.value.display(),
        }
    }
}

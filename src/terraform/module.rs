//! Module definitions: the declarations of one directory, and loading them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use super::ast::{Attr, Block, Body, Expr, ExprKind};
use super::budget::{self, Budget, Cost};
use super::types::Type;
use super::{Diagnostic, json, parse, policy_document};
use crate::model::Graph;
use crate::source::{FileId, SourceLoader, SourceMap, Span};
use crate::unit::clean_path;

/// Meta-arguments of a resource that are not part of its configuration.
const RESOURCE_META_ATTRS: &[&str] = &["count", "for_each", "provider", "depends_on"];
const RESOURCE_META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];
const MODULE_META_ATTRS: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

#[derive(Debug)]
pub struct Variable {
    pub default: Option<Expr>,
    /// The type constraint values are converted to.
    pub ty: Type,
}

#[derive(Debug)]
pub struct ResourceDef {
    pub kind: String,
    pub name: String,
    pub header: Span,
    pub count: Option<Expr>,
    pub for_each: Option<Expr>,
    /// The body without meta-arguments.
    pub body: Body,
}

#[derive(Debug)]
pub struct ModuleCall {
    pub name: String,
    pub header: Span,
    pub source: Option<String>,
    /// Span of the `source` attribute, for diagnostics.
    pub source_span: Span,
    pub count: Option<Expr>,
    pub for_each: Option<Expr>,
    pub args: Vec<Attr>,
}

/// Everything declared in one module directory.
#[derive(Debug, Default)]
pub struct ModuleDef {
    pub dir: PathBuf,
    pub variables: HashMap<String, Variable>,
    pub locals: HashMap<String, Attr>,
    pub outputs: HashMap<String, Expr>,
    pub resources: Vec<ResourceDef>,
    /// Type → name → index in `resources` (looked up without allocating).
    resource_index: HashMap<String, HashMap<String, usize>>,
    pub calls: Vec<ModuleCall>,
    pub call_index: HashMap<String, usize>,
}

impl ModuleDef {
    /// The index of resource `kind.name`.
    pub fn resource(&self, kind: &str, name: &str) -> Option<usize> {
        self.resource_index.get(kind)?.get(name).copied()
    }

    /// Files' top-level blocks into declarations; duplicates are reported.
    fn add_body(&mut self, body: Body, diags: &mut Vec<Diagnostic>) {
        for block in body.blocks {
            self.add_block(block, diags);
        }
    }

    fn add_block(&mut self, mut block: Block, diags: &mut Vec<Diagnostic>) {
        let duplicate = |what: String, span: Span| Diagnostic {
            file: span.file,
            span: Some(span),
            message: format!("duplicate {what}; only the first declaration is used"),
        };
        match (block.kind.as_str(), block.labels.as_slice()) {
            ("variable", [name]) => {
                let default = take_attr(&mut block.body, "default").map(|a| a.expr);
                let ty = take_attr(&mut block.body, "type")
                    .map_or(Type::Any, |a| Type::from_expr(a.expr));
                if self.variables.contains_key(name) {
                    diags.push(duplicate(format!("variable `{name}`"), block.header));
                } else {
                    self.variables
                        .insert(name.clone(), Variable { default, ty });
                }
            }
            ("locals", []) => {
                for attr in block.body.attrs {
                    if self.locals.contains_key(&attr.name) {
                        diags.push(duplicate(format!("local value `{}`", attr.name), attr.span));
                    } else {
                        self.locals.insert(attr.name.clone(), attr);
                    }
                }
            }
            ("output", [name]) => {
                if let Some(value) = take_attr(&mut block.body, "value") {
                    self.outputs.entry(name.clone()).or_insert(value.expr);
                }
            }
            // Data sources that are pure functions are evaluated like
            // resources (src/terraform/policy_document.rs); the others
            // are read at plan time and stay unknown.
            ("data", [data_type, name]) if policy_document::evaluates(data_type) => {
                block.labels = vec![format!("data.{data_type}"), name.clone()];
                self.add_block(
                    Block {
                        kind: "resource".to_owned(),
                        ..block
                    },
                    diags,
                );
            }
            ("resource", [kind, name]) => {
                if self.resource(kind, name).is_some() {
                    let what = format!("resource `{kind}.{name}`");
                    diags.push(duplicate(what, block.header));
                    return;
                }
                let count = take_attr(&mut block.body, "count").map(|a| a.expr);
                let for_each = take_attr(&mut block.body, "for_each").map(|a| a.expr);
                block
                    .body
                    .attrs
                    .retain(|a| !RESOURCE_META_ATTRS.contains(&a.name.as_str()));
                block
                    .body
                    .blocks
                    .retain(|b| !RESOURCE_META_BLOCKS.contains(&b.kind.as_str()));
                self.resource_index
                    .entry(kind.clone())
                    .or_default()
                    .insert(name.clone(), self.resources.len());
                self.resources.push(ResourceDef {
                    kind: kind.clone(),
                    name: name.clone(),
                    header: block.header,
                    count,
                    for_each,
                    body: block.body,
                });
            }
            ("module", [name]) => {
                if self.call_index.contains_key(name) {
                    diags.push(duplicate(format!("module call `{name}`"), block.header));
                    return;
                }
                let source = take_attr(&mut block.body, "source");
                let source_span = source.as_ref().map_or(block.header, |a| a.span);
                let source = source.and_then(|a| match a.expr.kind {
                    ExprKind::String(s) => Some(s),
                    _ => None,
                });
                let count = take_attr(&mut block.body, "count").map(|a| a.expr);
                let for_each = take_attr(&mut block.body, "for_each").map(|a| a.expr);
                let mut args = block.body.attrs;
                args.retain(|a| !MODULE_META_ATTRS.contains(&a.name.as_str()));
                self.call_index.insert(name.clone(), self.calls.len());
                self.calls.push(ModuleCall {
                    name: name.clone(),
                    header: block.header,
                    source,
                    source_span,
                    count,
                    for_each,
                    args,
                });
            }
            // A provider configuration is lowered like a resource of kind
            // `provider` (address `provider.aws`, or `provider.aws.east` for
            // an alias), so rules such as hard-coded credentials see it.
            ("provider", [label]) => {
                let alias =
                    block
                        .body
                        .attrs
                        .iter()
                        .find_map(|a| match (&a.name[..], &a.expr.kind) {
                            ("alias", ExprKind::String(alias)) => Some(alias.clone()),
                            _ => None,
                        });
                let name = match alias {
                    Some(alias) => format!("{label}.{alias}"),
                    None => label.clone(),
                };
                // Terraform itself rejects duplicates; they are not ours to report.
                if self.resource("provider", &name).is_some() {
                    return;
                }
                self.resource_index
                    .entry("provider".to_owned())
                    .or_default()
                    .insert(name.clone(), self.resources.len());
                self.resources.push(ResourceDef {
                    kind: "provider".to_owned(),
                    name,
                    header: block.header,
                    count: None,
                    for_each: None,
                    body: block.body,
                });
            }
            // `data`, `terraform`, `moved`, `import`, `check`, … declare
            // nothing the evaluator reads.
            _ => {}
        }
    }
}

/// Top-level block types [`ModuleDef::add_block`] reads; the others are
/// not converted at all.
fn declares(kind: &str) -> bool {
    matches!(
        kind,
        "variable" | "locals" | "output" | "resource" | "module" | "provider" | "data"
    )
}

fn take_attr(body: &mut Body, name: &str) -> Option<Attr> {
    let i = body.attrs.iter().position(|a| a.name == name)?;
    Some(body.attrs.remove(i))
}

/// Shared state of one analysis: I/O through the loader, outputs, caches.
pub struct Env<'a> {
    pub loader: &'a dyn SourceLoader,
    pub sources: &'a mut SourceMap,
    pub graph: &'a mut Graph,
    pub diags: Vec<Diagnostic>,
    /// Problems that leave the files analysed (see [`super::analyze`]).
    pub warnings: Vec<Diagnostic>,
    pub root_dir: PathBuf,
    /// Where reads are confined to (see [`super::Options::roots`]).
    pub roots: Vec<PathBuf>,
    /// Depth of nested lazy evaluations (a local needing a local needing a
    /// resource body …), bounded so long chains cannot exhaust the stack.
    pub nesting: u32,
    /// Whether running into the nesting limit was reported already.
    pub nesting_reported: bool,
    /// What evaluation may still spend in this unit.
    pub budget: Budget,
    /// How often the budget ran out (reported or not).
    pub budget_reports: usize,
    /// Root module calls already told that the budget ran out under them.
    echoed: Vec<Span>,
    modules: HashMap<PathBuf, Option<Rc<ModuleDef>>>,
    /// The last directory listed, and its files (a root directory is listed
    /// for its configuration and again for its `.tfvars`).
    listing: Option<(PathBuf, Rc<[PathBuf]>)>,
    /// `.terraform/modules/modules.json`: module key → directory.
    manifest: Option<HashMap<String, String>>,
}

/// The kind of a file in a module directory, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Hcl,
    Json,
    Other,
}

pub fn file_kind(path: &Path) -> FileKind {
    let name = path.file_name().map(|n| n.to_string_lossy());
    let name = name.as_deref().unwrap_or("");
    // Override files merge into other declarations; that is not modelled,
    // and reading them as plain files would duplicate resources.
    let stem = name.trim_end_matches(".json").trim_end_matches(".tf");
    if stem == "override" || stem.ends_with("_override") {
        return FileKind::Other;
    }
    if name.ends_with(".tf") {
        FileKind::Hcl
    } else if name.ends_with(".tf.json") {
        FileKind::Json
    } else {
        FileKind::Other
    }
}

impl<'a> Env<'a> {
    pub fn new(
        root_dir: &Path,
        loader: &'a dyn SourceLoader,
        sources: &'a mut SourceMap,
        graph: &'a mut Graph,
    ) -> Self {
        Env {
            loader,
            sources,
            graph,
            diags: Vec::new(),
            warnings: Vec::new(),
            root_dir: root_dir.to_path_buf(),
            roots: Vec::new(),
            nesting: 0,
            nesting_reported: false,
            budget: Budget::default(),
            budget_reports: 0,
            echoed: Vec::new(),
            modules: HashMap::new(),
            listing: None,
            manifest: None,
        }
    }

    /// Spends `cost` on the expression at `span`. `false` when the current
    /// root is out of budget; the expression that ran out is reported.
    pub fn charge(&mut self, span: Span, cost: Cost) -> bool {
        if self.budget.is_out() {
            return false;
        }
        if self.budget.charge(cost) {
            return true;
        }
        self.report_budget(span);
        false
    }

    /// Whether `cost` could be spent, without spending it (a check before
    /// building something large); reported like [`Env::charge`].
    pub fn affords(&mut self, span: Span, cost: Cost) -> bool {
        if self.budget.is_out() {
            return false;
        }
        if self.budget.affords(cost) {
            return true;
        }
        self.report_budget(span);
        false
    }

    /// Spends the cost of `n` new instances (from the pool only).
    pub fn charge_instances(&mut self, span: Span, n: u64) -> bool {
        if self.budget.charge_instances(n) {
            return true;
        }
        self.report_budget(span);
        false
    }

    fn report_budget(&mut self, span: Span) {
        self.budget_reports += 1;
        if self.budget.should_report() {
            self.diags.push(budget::diagnostic(span));
        }
    }

    /// Also reports running out at `call`, the root module's call that
    /// leads to where it happened (once per call), when something was
    /// reported since `before` (see [`Env::budget_reports`]).
    pub fn echo_budget(&mut self, before: usize, call: Option<Span>) {
        if let Some(call) = call
            && self.budget_reports > before
            && !self.echoed.contains(&call)
        {
            self.echoed.push(call);
            self.diags.push(budget::diagnostic(call));
        }
    }

    /// Reports (once per unit) that lazy evaluations nest too deeply at `span`.
    pub fn report_nesting(&mut self, span: Span, what: &str) {
        if !self.nesting_reported {
            self.nesting_reported = true;
            self.diags.push(Diagnostic {
                file: span.file,
                span: Some(span),
                message: format!(
                    "{what} is reached through more than {} nested references; its value is unknown",
                    super::scope::MAX_NESTING
                ),
            });
        }
    }

    /// Whether `path` resolves outside the scanned tree (never, without roots).
    pub fn is_outside(&self, path: &Path) -> bool {
        if self.roots.is_empty() {
            return false;
        }
        let resolved = self.loader.canonical(path).unwrap_or_else(|| {
            clean_path(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
        });
        !crate::discover::is_inside(&self.roots, &resolved)
    }

    /// Reads a file through the loader and registers it. An unreadable file
    /// is registered empty so the diagnostic can name it.
    pub fn read(&mut self, path: &Path) -> Option<(FileId, Arc<str>)> {
        match self.loader.read(path) {
            Ok(text) => Some((self.sources.add(path.to_path_buf(), text.clone()), text)),
            Err(e) => {
                let file = self.sources.add(path.to_path_buf(), Arc::from(""));
                self.diags.push(Diagnostic {
                    file,
                    span: None,
                    message: format!("cannot read {}: {e}", path.display()),
                });
                None
            }
        }
    }

    /// The files directly inside `dir`, sorted, through the loader.
    pub fn list_dir(&mut self, dir: &Path) -> Rc<[PathBuf]> {
        if let Some((last, files)) = &self.listing
            && last == dir
        {
            return files.clone();
        }
        let files: Rc<[PathBuf]> = self.loader.list_dir(dir).into();
        self.listing = Some((dir.to_path_buf(), files.clone()));
        files
    }

    /// Loads (once) the module in `dir`; `None` if it has no configuration files.
    pub fn module(&mut self, dir: &Path) -> Option<Rc<ModuleDef>> {
        if let Some(m) = self.modules.get(dir) {
            return m.clone();
        }
        let mut def = ModuleDef {
            dir: dir.to_path_buf(),
            ..ModuleDef::default()
        };
        let mut found = false;
        for path in self.list_dir(dir).iter() {
            let kind = file_kind(path);
            if kind == FileKind::Other {
                continue;
            }
            found = true;
            if self.is_outside(path) {
                let file = self.sources.add(path.to_path_buf(), Arc::from(""));
                self.diags.push(Diagnostic {
                    file,
                    span: None,
                    message: "the file resolves outside the scanned tree; not read".to_owned(),
                });
                continue;
            }
            let Some((file, text)) = self.read(path) else {
                continue;
            };
            let parsed = match kind {
                FileKind::Json => json::parse_config(&text, file),
                _ => parse::parse_config(&text, file, declares),
            };
            match parsed {
                Ok(body) => def.add_body(body, &mut self.diags),
                Err(d) => self.diags.push(d),
            }
        }
        let def = found.then(|| Rc::new(def));
        self.modules.insert(dir.to_path_buf(), def.clone());
        def
    }

    /// The directory of a module call: local paths relative to the caller,
    /// others from the `terraform init` manifest. `key` is the dotted call path.
    pub fn module_dir(&mut self, caller_dir: &Path, source: &str, key: &str) -> Option<PathBuf> {
        if source.starts_with("./") || source.starts_with("../") {
            return Some(clean_path(&caller_dir.join(source)));
        }
        if self.manifest.is_none() {
            self.manifest = Some(self.load_manifest());
        }
        let dir = self.manifest.as_ref()?.get(key)?;
        Some(clean_path(&self.root_dir.join(dir)))
    }

    fn load_manifest(&mut self) -> HashMap<String, String> {
        #[derive(serde::Deserialize)]
        struct Manifest {
            #[serde(rename = "Modules", default)]
            modules: Vec<Entry>,
        }
        #[derive(serde::Deserialize)]
        struct Entry {
            #[serde(rename = "Key", default)]
            key: String,
            #[serde(rename = "Dir", default)]
            dir: String,
        }
        let path = self.root_dir.join(".terraform/modules/modules.json");
        // A missing manifest is normal (no `terraform init`): no diagnostic.
        if self.is_outside(&path) {
            return HashMap::new();
        }
        let Ok(text) = self.loader.read(&path) else {
            return HashMap::new();
        };
        match serde_json::from_str::<Manifest>(&text) {
            Ok(m) => m.modules.into_iter().map(|e| (e.key, e.dir)).collect(),
            Err(e) => {
                let file = self.sources.add(path, text);
                self.diags.push(Diagnostic {
                    file,
                    span: None,
                    message: format!("cannot read the module manifest: {e}"),
                });
                HashMap::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_files_are_skipped() {
        assert_eq!(file_kind(Path::new("d/main.tf")), FileKind::Hcl);
        assert_eq!(file_kind(Path::new("d/main.tf.json")), FileKind::Json);
        assert_eq!(file_kind(Path::new("d/override.tf")), FileKind::Other);
        assert_eq!(
            file_kind(Path::new("d/x_override.tf.json")),
            FileKind::Other
        );
        assert_eq!(file_kind(Path::new("d/terraform.tfvars")), FileKind::Other);
    }
}

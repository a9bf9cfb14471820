//! Terraform: parse, evaluate and lower module directories into the graph.
//!
//! - [`parse`] / [`json`]: native and JSON syntax into one small [`ast`];
//! - [`module`]: a directory's declarations, module sources, shared state;
//! - [`scope`]: a module instance (variables, locals, resources, calls);
//! - [`eval`] / [`ops`]: expressions and value operations;
//! - [`lower`]: resource bodies to nodes, instances to graph resources and edges;
//! - [`tfvars`]: root variable values;
//! - [`types`]: variable type constraints (`optional` defaults, conversion).
//!
//! - [`kubernetes`]: `kubernetes_*` workloads in the Kubernetes view.
//!
//! Known limits: override files (`override.tf`, `*_override.tf`) are skipped; a repeated
//! resource whose `count`/`for_each` is unknown becomes one instance whose
//! address has no index.

mod ast;
mod budget;
mod calls;
mod eval;
mod functions;
mod hcl_quirks;
mod json;
pub mod kubernetes;
mod lower;
mod module;
mod ops;
mod parse;
mod partial_json;
mod policy_document;
mod scope;
mod tfvars;
mod types;

use std::path::{Path, PathBuf};

use crate::model::Graph;
use crate::source::{FileId, SourceLoader, SourceMap};
use crate::unit::{Lowered, Lowering};

/// Options of one analysis.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Extra `.tfvars` files (`--var-file`), applied after the auto-loaded ones.
    pub var_files: Vec<PathBuf>,
    /// Directories (canonical) the analysis may read from: module sources
    /// and files resolving elsewhere are not read. Empty: no confinement.
    pub roots: Vec<PathBuf>,
}

pub use crate::source::Diagnostic;

/// Analyses the module in `dir` as a root module: every `.tf` / `.tf.json`
/// file of the directory (a module is one unit, whatever files the user
/// named), with its auto-loaded `.tfvars` and `options.var_files`, and the
/// local or installed modules it calls. Every file read is added to
/// `sources`; resources and references go to `graph`.
/// Never panics; does I/O only through `loader`. Returns the errors, then
/// the warnings (see [`analyze`]).
pub fn analyze_module(
    dir: &Path,
    loader: &dyn SourceLoader,
    options: &Options,
    sources: &mut SourceMap,
    graph: &mut Graph,
) -> Vec<Diagnostic> {
    let (mut errors, warnings) = analyze(dir, loader, options, sources, graph);
    errors.extend(warnings);
    errors
}

/// [`analyze_module`], with errors (a file could not be read or parsed)
/// apart from warnings (problems that leave the files analysed: a module
/// source that does not exist).
pub fn analyze(
    dir: &Path,
    loader: &dyn SourceLoader,
    options: &Options,
    sources: &mut SourceMap,
    graph: &mut Graph,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut env = module::Env::new(dir, loader, sources, graph);
    env.roots.clone_from(&options.roots);
    if let Some(def) = env.module(dir) {
        let inputs = tfvars::root_inputs(&mut env, dir, options);
        let mut root = scope::Instance::new(&mut env, def, inputs);
        root.lower(&mut env);
    }
    (env.diags, env.warnings)
}

/// The Terraform front end: the module in `dir` analysed as a root module,
/// its `kubernetes_*` workloads in the Kubernetes view, and the syntax of
/// var files that are not auto-loaded.
pub fn lower(dir: &Path, files: &[PathBuf], cx: &mut Lowering) -> Lowered {
    let options = &cx.options.terraform;
    let (mut diagnostics, warnings) = analyze(dir, cx.loader, options, cx.sources, cx.graph);
    kubernetes::lower_workloads(cx.graph, &cx.options.images);
    for path in files {
        if cx.sources.lookup(path).is_none()
            && let Ok(text) = cx.loader.read(path)
        {
            let id = cx.sources.add(path.clone(), text.clone());
            diagnostics.extend(check_file(&text, id));
        }
    }
    Lowered {
        diagnostics,
        warnings,
        ..Lowered::default()
    }
}

/// Parses native HCL only (fuzzing, parse benchmarks): syntax diagnostics.
pub fn parse_only(text: &str, file: FileId) -> Vec<Diagnostic> {
    parse::check_syntax(text, file).into_iter().collect()
}

/// Checks the syntax of one file that is not otherwise loaded (e.g. a
/// `prod.tfvars` not passed with `--var-file`). JSON syntax is recognised
/// by its leading `{`, which native syntax cannot start with.
pub fn check_file(text: &str, file: FileId) -> Vec<Diagnostic> {
    if text.trim_start().starts_with('{') {
        match json::parse_values(text, file) {
            Ok(_) => Vec::new(),
            Err(d) => vec![d],
        }
    } else {
        parse_only(text, file)
    }
}

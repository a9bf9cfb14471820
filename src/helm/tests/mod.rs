//! Tests of the Helm engine: template constructs and functions (table
//! driven), source maps, and the conformance charts under `testdata/helm`.

mod charts;
mod constructs;
mod functions;
mod to_yaml;

use super::exec::{Limits, render_str};
use super::value::{Map, Val};
use super::values::from_node;

/// `.Values` from YAML text (its origins point at source 1).
pub fn values(yaml: &str) -> Val {
    let loaded = crate::kubernetes::yaml::load(yaml, crate::source::FileId(1));
    loaded
        .documents
        .first()
        .map(|n| from_node(n, Some(1)))
        .unwrap_or_else(|| Val::map(Map::new()))
}

/// Renders `tpl` with `{Values: values}` as dot.
pub fn render(tpl: &str, vals: &str) -> Result<String, String> {
    let mut dot = Map::new();
    dot.insert("Values".into(), values(vals));
    render_str(tpl, Val::map(dot), Limits::default()).map(|t| t.s.to_string())
}

/// Table check: every (template, values, expected output) renders so.
pub fn check(cases: &[(&str, &str, &str)]) {
    let mut failures = Vec::new();
    for (tpl, vals, want) in cases {
        match render(tpl, vals) {
            Ok(got) if got == *want => {}
            Ok(got) => failures.push(format!("{tpl:?}: got {got:?}, want {want:?}")),
            Err(e) => failures.push(format!("{tpl:?}: error {e}, want {want:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every template fails with a message containing the given text.
pub fn check_errors(cases: &[(&str, &str, &str)]) {
    let mut failures = Vec::new();
    for (tpl, vals, want) in cases {
        match render(tpl, vals) {
            Ok(got) => failures.push(format!("{tpl:?}: rendered {got:?}, want error {want:?}")),
            Err(e) if e.contains(want) => {}
            Err(e) => failures.push(format!("{tpl:?}: error {e:?}, want {want:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! Arbitrary bytes as a Helm template (and, after a NUL byte, a values
//! file): lexing, parsing and execution with every function, under small
//! budgets. Must never panic, and must stay within time and memory.
#![no_main]

use strata::helm::exec::{Limits, render_str};
use strata::helm::value::{Map, Val};
use strata::helm::values::from_node;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (template, values) = text.split_once('\0').unwrap_or((text, ""));
    let loaded = strata::kubernetes::yaml::load(values, strata::source::FileId(1));
    let vals = loaded
        .documents
        .first()
        .map(|n| from_node(n, Some(1)))
        .unwrap_or_else(|| Val::map(Map::new()));
    let mut dot = Map::new();
    dot.insert("Values".into(), vals);
    let limits = Limits {
        max_steps: 200_000,
        max_output: 1 << 20,
        max_depth: 60,
    };
    let _ = render_str(template, Val::map(dot), limits);
});

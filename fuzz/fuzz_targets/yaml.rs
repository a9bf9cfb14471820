//! Arbitrary bytes as a Kubernetes manifest: YAML loading, recognition, the
//! workload/container view, every rule.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::analyze("k/manifest.yaml", data));

//! Arbitrary bytes as a Dockerfile: parse with recovery, lower the stages,
//! run every rule.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::analyze("d/Dockerfile", data));

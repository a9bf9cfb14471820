//! Arbitrary bytes as a Terraform file: parse, evaluate the module, run
//! every rule.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::analyze("m/main.tf", data));

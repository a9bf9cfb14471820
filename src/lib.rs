//! Strata: a static analyzer and language server for infrastructure as code.
//!
//! Pipeline: discover → parse → lower → graph → evaluate → filter → report.
//!
//! Invariants:
//! - Only the front ends (the CLI, the language server) do I/O. The engine
//!   reads text through a [`source::SourceLoader`], so the same analysis runs
//!   on files on disk and on unsaved editor buffers.
//! - A parse failure is data, not an error: parsers return what they could
//!   read plus diagnostics, and a bad file never stops the rest of the scan.
//! - Every finding's span comes from the parser, never from searching text.
//! - A value that cannot be known statically is `Value::Unknown`, and no rule
//!   reports an unknown as bad.
//! - Analysis is per unit (a Terraform module directory today; a chart, a
//!   manifest or a Dockerfile later) and pure: the same inputs give the same
//!   result, so units run in parallel and the server re-runs only what changed.

pub mod analysis;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod discover;
pub mod dockerfile;
pub mod engine;
pub mod findings;
pub mod helm;
pub mod kubernetes;
pub mod model;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod terraform;
pub mod workspace;

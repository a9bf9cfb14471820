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
//! - Analysis is per unit (a Terraform module directory, a manifest, a
//!   Dockerfile, a chart) and pure: the same inputs give the same result,
//!   so units run in parallel and the workspace re-runs only what changed.
//!   A unit records what it read; that record, not file names, decides
//!   which units a change makes stale.
//! - Results hold byte spans into shared source files until the edge:
//!   `report` makes 1-based lines and columns and display paths, the
//!   language server makes UTF-16 positions. Identities (addresses,
//!   fingerprints) never depend on the working directory or on lines.
//!
//! Layers, and who may import whom (lower never imports higher):
//! ```text
//! cli, (lsp)                      front ends: I/O, arguments, protocol
//!   ├─ changed, shard, merge      partial and split scans: what a change
//!   │                             touches, a job's share, joining outputs
//!   └─ workspace                  changes, jobs, snapshots, linking units
//!        └─ analysis              dispatches a unit to its format, runs rules, suppressions
//!             ├─ terraform, kubernetes, dockerfile   format front ends
//!             ├─ engine, rules    catalog and conditions over the graph
//!             └─ unit, model, source, encoding, findings, suppress   shared vocabulary
//! report                          renders a ScanReport; resolves spans at the edge
//! ```
//! A format front end imports only `unit`, `model`, `source` and its own
//! modules (never `analysis` or another format), so a new format plugs in
//! with one `Unit` variant and one dispatch arm in `analysis`.

pub mod analysis;
pub mod baseline;
pub mod changed;
pub mod cli;
pub mod config;
pub mod discover;
pub mod dockerfile;
pub mod encoding;
pub mod engine;
pub mod findings;
pub mod fix;
pub mod helm;
pub mod kubernetes;
pub mod lsp;
pub mod merge;
pub mod model;
pub mod options;
pub mod pathspec;
pub mod report;
pub mod rules;
pub mod shard;
pub mod source;
pub mod suppress;
pub mod terraform;
pub mod unit;
pub mod workspace;

//! `strata lsp`: the language server, on stdio.
//!
//! Built on rust-analyzer's `lsp-server` (a synchronous message loop over
//! channels) rather than an async framework: one thread owns the state and
//! handles messages in order, so a change can never be overtaken by a
//! later request (the tower-lsp#284 trap), and analysis runs on a worker
//! thread as cancellable [`Job`]s, so the loop never blocks. This module is
//! the only one that knows LSP types; `convert` is its edge.
//!
//! - `server`: state, the loop, scheduling (debounce, one job at a time,
//!   cancellation by revision), initial workspace scan with `$/progress`;
//! - `documents`: open/change/save/close and watched files;
//! - `diagnostics`: publishing what changed; `actions`: suppress comments;
//!   `hover`: the rule's explanation; `settings`: editor settings.

mod actions;
mod convert;
mod diagnostics;
mod documents;
mod hover;
mod server;
mod settings;
pub mod transport;

use std::process::ExitCode;

pub use server::Server;

/// Runs the server on stdin/stdout until the client says `exit` or goes
/// away.
pub fn serve() -> ExitCode {
    let (sender, receiver, threads) = transport::stdio();
    let clean = Server::new(sender, receiver).run();
    // The reader thread may be blocked on stdin; the process ends anyway.
    drop(threads);
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

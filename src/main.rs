use clap::Parser;

// A third of a scan's instructions went to malloc/free with the system
// allocator (perf, on a 10,000-file tree): parsing builds many small nodes.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    strata::cli::run(strata::cli::Cli::parse())
}

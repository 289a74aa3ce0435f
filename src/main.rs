//! The `desk` command-line tool: parses arguments and dispatches to `cli::commands`.

mod cli;

// Queries decode and drop many small values (one summary per hit); glibc's allocator spent a
// quarter of a large search consolidating freed chunks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}

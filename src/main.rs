//! The `desk` command-line tool: parses arguments and dispatches to `cli::commands`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}

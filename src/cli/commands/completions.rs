use clap_complete::Shell;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Print a shell completion script (bash, zsh, fish, elvish, powershell)
///
/// For example: `desk completions bash > ~/.local/share/bash-completion/completions/desk`.
#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell
    shell: Shell,
}

pub fn cmd_completions(_cx: &Context, args: &CompletionsArgs) -> CommandResult {
    let mut command = crate::cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "desk", &mut out);
    let mut stdout = std::io::stdout().lock();
    std::io::Write::write_all(&mut stdout, &out)?;
    Ok(())
}

use super::list::{self, ListArgs};
use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Search every ticket: free text over titles and conversations, plus query fields
///
/// Words must all appear (in the title, any entry including internal notes, or a tag); quote a
/// phrase to match it exactly. Unlike `desk list`, solved and closed tickets are included and
/// the most recently active come first. Example: `desk search camera firmware -tag:spam`.
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    #[command(flatten)]
    list: ListArgs,
}

pub fn cmd_search(cx: &Context, args: &SearchArgs) -> CommandResult {
    list::run(cx, &args.list, true)
}

use std::path::PathBuf;

use desk::ops::attach;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Attach files to a ticket (stored under attachments/<ID>/, listed on a new entry)
///
/// The entry is an internal note unless --public (then the requester sees it, like a reply).
/// Names are made safe; files over the size limit (`attachments: { max_size: 10MB }` in
/// .desk/config.yaml) are refused.
#[derive(clap::Args, Debug)]
pub struct AttachArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// Files to attach
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The entry's text (default: "Attached NAME.")
    #[arg(short, long, value_name = "TEXT")]
    message: Option<String>,
    /// Make the entry public (a reply the requester sees) instead of an internal note
    #[arg(long)]
    public: bool,
}

pub fn cmd_attach(cx: &Context, args: &AttachArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    // Like git, relative paths are taken from the -C directory.
    let files: Vec<PathBuf> = args.files.iter().map(|f| cx.dir.join(f)).collect();
    let refs: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let outcome = attach::attach(&desk, &actor, &id, &refs, args.message.as_deref(), args.public)?;
    cx.report(&desk, &outcome)
}

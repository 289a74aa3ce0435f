use desk::ops::redact;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Erase a customer's personal data (right to erasure)
///
/// In every ticket that mentions the address, the customer's messages are replaced by a
/// placeholder and the address by a pseudonym; tickets stay valid and SLA figures unchanged.
/// One commit. With --rewrite-history, every commit of the local branches and tags is
/// rewritten the same way, their reflogs dropped and old objects pruned; then force-push and
/// have every clone re-clone (see docs/collaboration.md).
#[derive(clap::Args, Debug)]
pub struct RedactArgs {
    /// The customer's email address
    #[arg(long, value_name = "EMAIL")]
    requester: String,
    /// Also rewrite the history of local branches and tags (changes commit IDs)
    #[arg(long)]
    rewrite_history: bool,
}

pub fn cmd_redact(cx: &Context, args: &RedactArgs) -> CommandResult {
    let desk = cx.desk()?;
    let actor = cx.actor(&desk)?;
    let done = redact::redact(&desk, &actor, &args.requester, args.rewrite_history)?;
    if cx.ui.json {
        return cx.ui.out_json(&done);
    }
    if done.tickets.is_empty() {
        cx.ui.out(&format!("No ticket mentions {}.", done.requester))?;
    } else {
        cx.ui.out(&format!(
            "Redacted {} from {} ticket(s) ({} customer message(s)); it now reads {}.",
            done.requester,
            done.tickets.len(),
            done.messages,
            done.pseudonym
        ))?;
    }
    if let Some(history) = &done.history {
        cx.ui.out(&format!(
            "Rewrote {} commit(s) ({} file version(s)) on {} ref(s).",
            history.commits,
            history.blobs,
            history.refs.len()
        ))?;
        if !history.pruned {
            cx.ui.warn("git was not found to prune the old objects: run `git gc --prune=now`");
        }
        if history.commits > 0 {
            cx.ui.status(
                "Now `git push --force --all && git push --force --tags` to each remote, and have every clone re-clone.",
            );
        }
    }
    Ok(())
}

use desk::ops::automate;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// List the notifications rules queued, waiting to be delivered
///
/// Each is a file in outbox/ (Markdown with front matter: to, subject, ticket, rule, queued),
/// committed with the rule's change, until the email channel delivers it.
#[derive(clap::Args, Debug)]
pub struct OutboxArgs {
    /// Show each message's text too
    #[arg(long)]
    full: bool,
}

pub fn cmd_outbox(cx: &Context, args: &OutboxArgs) -> CommandResult {
    let desk = cx.desk()?;
    let queued = automate::outbox(&desk)?;
    if cx.ui.json {
        return cx.ui.out_json(&queued);
    }
    if queued.is_empty() {
        return cx.ui.out("The outbox is empty.");
    }
    let rows = queued.iter().map(|q| {
        let short = desk::id::TicketId::parse(&q.ticket).map_or_else(|| q.ticket.clone(), |id| desk.short_id(&id));
        [q.queued.clone(), short, q.to.join(", "), q.rule.clone(), q.subject.clone()]
    });
    cx.ui.out(&crate::cli::ui::plain_table(&["QUEUED", "TICKET", "TO", "RULE", "SUBJECT"], rows))?;
    if args.full {
        for q in &queued {
            cx.ui.out(&format!("\n── {} → {}\n{}", q.id, q.to.join(", "), q.body))?;
        }
    }
    Ok(())
}

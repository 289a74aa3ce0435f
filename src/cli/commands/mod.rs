//! One module per command; this file lists them and dispatches.

mod agent;
mod assign;
mod attach;
mod automate;
mod cc;
mod check;
mod close;
mod completions;
mod dashboard;
mod deliver;
mod diff;
mod edit;
mod export;
mod fetch;
mod follow;
mod hooks;
mod import;
mod index;
mod ingest;
mod init;
mod link;
mod list;
mod log;
mod macros;
mod merge;
mod merge_driver;
mod new;
mod note;
mod outbox;
mod priority;
mod redact;
mod renumber;
mod reopen;
mod reply;
mod report;
mod resolve;
mod rules;
mod search;
mod serve;
mod set;
mod show;
mod sla;
mod split;
mod status;
mod sync;
mod tag;
mod time;
mod timer;
mod timesheet;
mod view;

use super::Context;
use super::error::CommandResult;

/// Every desk command.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    Init(init::InitArgs),
    New(new::NewArgs),
    Show(show::ShowArgs),
    List(list::ListArgs),
    Search(search::SearchArgs),
    View(view::ViewArgs),
    Dashboard(dashboard::DashboardArgs),
    Index(index::IndexArgs),
    Report(report::ReportArgs),
    Serve(serve::ServeArgs),
    Assign(assign::AssignArgs),
    Attach(attach::AttachArgs),
    Reply(reply::ReplyArgs),
    Note(note::NoteArgs),
    Resolve(resolve::ResolveArgs),
    Status(status::StatusArgs),
    Close(close::CloseArgs),
    Reopen(reopen::ReopenArgs),
    Priority(priority::PriorityArgs),
    Set(set::SetArgs),
    Tag(tag::TagArgs),
    Cc(cc::CcArgs),
    Follow(follow::FollowArgs),
    Link(link::LinkArgs),
    Edit(edit::EditArgs),
    Log(log::LogArgs),
    Merge(merge::MergeArgs),
    Split(split::SplitArgs),
    Diff(diff::DiffArgs),
    Renumber(renumber::RenumberArgs),
    Redact(redact::RedactArgs),
    Sync(sync::SyncArgs),
    Ingest(ingest::IngestArgs),
    Fetch(fetch::FetchArgs),
    Deliver(deliver::DeliverArgs),
    Export(export::ExportArgs),
    #[command(subcommand)]
    Import(import::ImportCommand),
    Sla(sla::SlaArgs),
    #[command(subcommand)]
    Time(time::TimeCommand),
    #[command(subcommand)]
    Timer(timer::TimerCommand),
    Timesheet(timesheet::TimesheetArgs),
    Automate(automate::AutomateArgs),
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    #[command(subcommand)]
    Macro(macros::MacroCommand),
    Outbox(outbox::OutboxArgs),
    #[command(subcommand)]
    Hooks(hooks::HooksCommand),
    #[command(subcommand)]
    Agent(agent::AgentCommand),
    Check(check::CheckArgs),
    MergeDriver(merge_driver::MergeDriverArgs),
    Completions(completions::CompletionsArgs),
}

/// Runs one command.
pub fn run(cx: &Context, command: Command) -> CommandResult {
    match command {
        Command::Init(args) => init::cmd_init(cx, &args),
        Command::New(args) => new::cmd_new(cx, &args),
        Command::Show(args) => show::cmd_show(cx, &args),
        Command::List(args) => list::cmd_list(cx, &args),
        Command::Search(args) => search::cmd_search(cx, &args),
        Command::View(args) => view::cmd_view(cx, &args),
        Command::Dashboard(args) => dashboard::cmd_dashboard(cx, &args),
        Command::Index(args) => index::cmd_index(cx, &args),
        Command::Report(args) => report::cmd_report(cx, &args),
        Command::Serve(args) => serve::cmd_serve(cx, &args),
        Command::Assign(args) => assign::cmd_assign(cx, &args),
        Command::Attach(args) => attach::cmd_attach(cx, &args),
        Command::Reply(args) => reply::cmd_reply(cx, &args),
        Command::Note(args) => note::cmd_note(cx, &args),
        Command::Resolve(args) => resolve::cmd_resolve(cx, &args),
        Command::Status(args) => status::cmd_status(cx, &args),
        Command::Close(args) => close::cmd_close(cx, &args),
        Command::Reopen(args) => reopen::cmd_reopen(cx, &args),
        Command::Priority(args) => priority::cmd_priority(cx, &args),
        Command::Set(args) => set::cmd_set(cx, &args),
        Command::Tag(args) => tag::cmd_tag(cx, &args),
        Command::Cc(args) => cc::cmd_cc(cx, &args),
        Command::Follow(args) => follow::cmd_follow(cx, &args),
        Command::Link(args) => link::cmd_link(cx, &args),
        Command::Edit(args) => edit::cmd_edit(cx, &args),
        Command::Log(args) => log::cmd_log(cx, &args),
        Command::Merge(args) => merge::cmd_merge(cx, &args),
        Command::Split(args) => split::cmd_split(cx, &args),
        Command::Diff(args) => diff::cmd_diff(cx, &args),
        Command::Renumber(args) => renumber::cmd_renumber(cx, &args),
        Command::Redact(args) => redact::cmd_redact(cx, &args),
        Command::Sync(args) => sync::cmd_sync(cx, &args),
        Command::Ingest(args) => ingest::cmd_ingest(cx, &args),
        Command::Fetch(args) => fetch::cmd_fetch(cx, &args),
        Command::Deliver(args) => deliver::cmd_deliver(cx, &args),
        Command::Export(args) => export::cmd_export(cx, &args),
        Command::Import(command) => import::cmd_import(cx, command),
        Command::Sla(args) => sla::cmd_sla(cx, &args),
        Command::Time(command) => time::cmd_time(cx, command),
        Command::Timer(command) => timer::cmd_timer(cx, command),
        Command::Timesheet(args) => timesheet::cmd_timesheet(cx, &args),
        Command::Automate(args) => automate::cmd_automate(cx, &args),
        Command::Rules(command) => rules::cmd_rules(cx, command),
        Command::Macro(command) => macros::cmd_macro(cx, command),
        Command::Outbox(args) => outbox::cmd_outbox(cx, &args),
        Command::Hooks(command) => hooks::cmd_hooks(cx, command),
        Command::Agent(command) => agent::cmd_agent(cx, command),
        Command::Check(args) => check::cmd_check(cx, &args),
        Command::MergeDriver(args) => merge_driver::cmd_merge_driver(cx, &args),
        Command::Completions(args) => completions::cmd_completions(cx, &args),
    }
}

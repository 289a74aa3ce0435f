use std::io::Read;
use std::path::{Path, PathBuf};

use desk::ops::ingest::{self, Ingested};

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};
use crate::cli::ui::styles;

/// Turn incoming email into tickets and replies
///
/// Reads one RFC 5322 message from stdin (an MTA pipe, like rt-mailgate), an mbox file, or a
/// Maildir (new/ and cur/; processed mail moves from new/ to cur/). A mail joins a ticket by
/// its subject tag `[#ID]`, then by In-Reply-To/References; otherwise it starts a ticket. The
/// same message twice changes nothing; bounces and desk's own mail never become tickets.
/// Unreadable mail is kept in desk-failed/ in the git directory.
#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Read an mbox file of many messages
    #[arg(long, value_name = "FILE", conflicts_with = "maildir")]
    mbox: Option<PathBuf>,
    /// Read a Maildir (new/ and cur/)
    #[arg(long, value_name = "DIR")]
    maildir: Option<PathBuf>,
    /// Say which rule placed each message
    #[arg(long)]
    explain: bool,
}

pub fn cmd_ingest(cx: &Context, args: &IngestArgs) -> CommandResult {
    let desk = match cx.desk() {
        Ok(desk) => desk,
        Err(err) => return unusable_repository(cx, args, err),
    };
    let mut results: Vec<Ingested> = Vec::new();
    let (mut failures, mut temporary) = (0, 0);
    // Returns whether the message is dealt with: ingested, or unreadable and kept in
    // desk-failed/. A temporary failure (the repository busy, a full disk) keeps it too, but
    // asks the caller to try again (exit 75, which MTAs queue rather than bounce).
    let mut handle = |raw: &[u8], source: &str| match ingest::ingest(&desk, raw) {
        Ok(done) => {
            results.push(done);
            true
        }
        Err(err) => {
            failures += 1;
            let text = err.to_string();
            if text.contains("kept in") {
                cx.ui.warn(&format!("{source}: {text}"));
                return true;
            }
            temporary += 1;
            match ingest::keep_failed(&desk, raw) {
                Ok(kept) => cx.ui.warn(&format!("{source}: {text}; kept in {}", kept.display())),
                Err(keep) => cx.ui.warn(&format!("{source}: {text}; and it could not be kept: {keep}")),
            }
            false
        }
    };
    match (&args.mbox, &args.maildir) {
        (Some(path), _) => {
            let path = cx.dir.join(path);
            let file = std::fs::File::open(&path)
                .map_err(|e| CommandError::user(format!("reading {}: {e}", path.display())))?;
            let mut count = 0;
            for (n, message) in
                mail_parser::mailbox::mbox::MessageIterator::new(std::io::BufReader::new(file)).enumerate()
            {
                match message {
                    Ok(message) => {
                        count += 1;
                        handle(message.contents(), &format!("{} message {}", path.display(), n + 1));
                    }
                    Err(e) => return Err(CommandError::user(format!("reading {}: {e}", path.display()))),
                }
            }
            if count == 0 {
                return Err(CommandError::user(format!("{} holds no messages in mbox format", path.display()))
                    .hinted("an mbox starts each message with a `From ` line; ingest a single message with `desk ingest < FILE`"));
            }
        }
        (None, Some(dir)) => {
            let dir = cx.dir.join(dir);
            // Both listings first: what moves from new/ to cur/ is not read twice.
            let mut listings = Vec::new();
            for sub in ["new", "cur"] {
                let mut names: Vec<PathBuf> = match std::fs::read_dir(dir.join(sub)) {
                    Ok(entries) => entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect(),
                    Err(e) if sub == "new" => {
                        return Err(CommandError::user(format!("reading {}: {e}", dir.join(sub).display()))
                            .hinted("a Maildir has new/, cur/ and tmp/"));
                    }
                    Err(_) => Vec::new(),
                };
                // Mail marked seen (`:2,S…`) in cur/ was read before.
                names.retain(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    sub == "new" || !name.rsplit_once(":2,").is_some_and(|(_, flags)| flags.contains('S'))
                });
                names.sort();
                listings.push((sub, names));
            }
            for (_, names) in listings {
                for path in names {
                    let raw = std::fs::read(&path)
                        .map_err(|e| CommandError::user(format!("reading {}: {e}", path.display())))?;
                    if handle(&raw, &path.display().to_string()) {
                        move_to_cur(&dir, &path)?;
                    }
                }
            }
        }
        (None, None) => {
            let mut raw = Vec::new();
            std::io::stdin().read_to_end(&mut raw).map_err(|e| CommandError::user(format!("reading stdin: {e}")))?;
            handle(&raw, "stdin");
        }
    }
    if cx.ui.json {
        cx.ui.out_json(&results)?;
    } else {
        print(cx, &desk, &results, args.explain)?;
    }
    match (failures, temporary) {
        (0, _) => Ok(()),
        (_, 0) => Err(CommandError::reported()),
        _ => Err(CommandError::try_again()),
    }
}

/// The repository cannot be used (a broken configuration, a wrong path): mail must not bounce
/// back to its sender for that. A message on stdin is kept in desk-failed/ when the git
/// directory can be found; a Maildir or mbox is left as it is; the exit status asks the caller
/// to try again later (75).
fn unusable_repository(cx: &Context, args: &IngestArgs, err: CommandError) -> CommandResult {
    cx.ui.error(&err.message, &err.hints);
    if args.mbox.is_none() && args.maildir.is_none() {
        let mut raw = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut raw);
        let now = desk::clock::Clock::from_env().map(|c| c.now()).unwrap_or_else(|_| chrono::Utc::now());
        match git2::Repository::discover(&cx.dir) {
            Ok(repo) => match ingest::keep_failed_in(repo.commondir(), now, &raw) {
                Ok(kept) => cx.ui.warn(&format!("the message is kept in {}", kept.display())),
                Err(keep) => cx.ui.warn(&format!("the message could not be kept: {keep}")),
            },
            Err(_) => cx.ui.warn("the message was not kept: no git repository here"),
        }
    }
    cx.ui.warn("fix the repository, then deliver again (exit status 75: mail servers queue and retry)");
    Err(CommandError::try_again())
}

/// Marks a processed Maildir message as seen (flag S), in cur/.
fn move_to_cur(dir: &Path, path: &Path) -> Result<(), CommandError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let seen = match name.rsplit_once(":2,") {
        Some((base, flags)) if !flags.contains('S') => {
            let mut flags: Vec<char> = flags.chars().chain(['S']).collect();
            flags.sort_unstable();
            format!("{base}:2,{}", flags.into_iter().collect::<String>())
        }
        Some(_) => name,
        None => format!("{name}:2,S"),
    };
    let target = dir.join("cur").join(seen);
    std::fs::create_dir_all(dir.join("cur")).map_err(|e| CommandError::user(format!("creating cur/: {e}")))?;
    std::fs::rename(path, &target).map_err(|e| CommandError::user(format!("moving {}: {e}", path.display())))
}

/// One line per message (`ID outcome <Message-ID>[: rule]`), then the rules that fired.
pub fn print(cx: &Context, desk: &desk::ops::Desk, results: &[Ingested], explain: bool) -> CommandResult {
    for done in results {
        let ticket = done
            .ticket
            .as_deref()
            .and_then(desk::id::TicketId::parse)
            .map(|id| cx.ui.paint(styles::ID, desk.short_id(&id)).to_string())
            .unwrap_or_else(|| "—".into());
        let rule = if explain { format!(": {}", done.rule) } else { String::new() };
        cx.ui.out(&format!("{ticket} {} <{}>{rule}", done.outcome, done.message_id))?;
        cx.report_firings(&done.automation)?;
        if let Some(err) = &done.automation_error {
            cx.ui.warn(&format!("automation rules did not run: {err}"));
        }
    }
    Ok(())
}

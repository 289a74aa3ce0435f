# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_desk_global_optspecs
    string join \n C= as= json color= h/help V/version
end

function __fish_desk_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_desk_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_desk_using_subcommand
    set -l cmd (__fish_desk_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c desk -n "__fish_desk_needs_command" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_needs_command" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_needs_command" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_needs_command" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_needs_command" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_needs_command" -f -a "init" -d 'Create a ticket repository from the built-in template'
complete -c desk -n "__fish_desk_needs_command" -f -a "new" -d 'Create a ticket'
complete -c desk -n "__fish_desk_needs_command" -f -a "show" -d 'Show a ticket: its fields and conversation, rendered for the terminal'
complete -c desk -n "__fish_desk_needs_command" -f -a "list" -d 'List tickets as a table (open work by default)'
complete -c desk -n "__fish_desk_needs_command" -f -a "search" -d 'Search every ticket: free text over titles and conversations, plus query fields'
complete -c desk -n "__fish_desk_needs_command" -f -a "view" -d 'Show a saved view from .desk/views.yaml (without NAME: list the views)'
complete -c desk -n "__fish_desk_needs_command" -f -a "dashboard" -d 'Counts at a glance: open work, SLA, load per agent and priority, created vs solved'
complete -c desk -n "__fish_desk_needs_command" -f -a "index" -d 'Show the search index\'s state, or rebuild it'
complete -c desk -n "__fish_desk_needs_command" -f -a "report" -d 'Reports with charts: volume, backlog, response and resolution times, SLA, workload'
complete -c desk -n "__fish_desk_needs_command" -f -a "serve" -d 'Serve the request form, the JSON API and the requester portal over HTTP'
complete -c desk -n "__fish_desk_needs_command" -f -a "assign" -d 'Assign a ticket to an agent, or unassign it with `none`'
complete -c desk -n "__fish_desk_needs_command" -f -a "attach" -d 'Attach files to a ticket (stored under attachments/<ID>/, listed on a new entry)'
complete -c desk -n "__fish_desk_needs_command" -f -a "reply" -d 'Add a public reply, or a customer\'s message with --from'
complete -c desk -n "__fish_desk_needs_command" -f -a "note" -d 'Add an internal note (agents only, never shown to customers)'
complete -c desk -n "__fish_desk_needs_command" -f -a "resolve" -d 'Solve a ticket, with a public reply when -m is given'
complete -c desk -n "__fish_desk_needs_command" -f -a "status" -d 'Set a ticket\'s status (the workflow decides which moves are allowed)'
complete -c desk -n "__fish_desk_needs_command" -f -a "close" -d 'Close a ticket (final: it cannot be reopened or answered afterwards)'
complete -c desk -n "__fish_desk_needs_command" -f -a "reopen" -d 'Reopen a solved ticket'
complete -c desk -n "__fish_desk_needs_command" -f -a "priority" -d 'Set a ticket\'s priority'
complete -c desk -n "__fish_desk_needs_command" -f -a "set" -d 'Set custom ticket fields (defined under `fields:` in .desk/config.yaml)'
complete -c desk -n "__fish_desk_needs_command" -f -a "tag" -d 'Add tags to a ticket, or remove them with --remove'
complete -c desk -n "__fish_desk_needs_command" -f -a "cc" -d 'Add customer CCs (they receive public replies), or remove them with --remove'
complete -c desk -n "__fish_desk_needs_command" -f -a "follow" -d 'Follow a ticket (internal: followers are agents kept informed), or stop with --remove'
complete -c desk -n "__fish_desk_needs_command" -f -a "link" -d 'Link two tickets (blocks, relates, duplicates), or remove a link with --remove'
complete -c desk -n "__fish_desk_needs_command" -f -a "edit" -d 'Edit a ticket file in $EDITOR; it is validated before it is committed'
complete -c desk -n "__fish_desk_needs_command" -f -a "log" -d 'Show a ticket\'s history from git: every commit that changed its file'
complete -c desk -n "__fish_desk_needs_command" -f -a "merge" -d 'Merge a duplicate ticket into another'
complete -c desk -n "__fish_desk_needs_command" -f -a "split" -d 'Move one message of a ticket to a new ticket (undo a wrong threading)'
complete -c desk -n "__fish_desk_needs_command" -f -a "diff" -d 'Summarise ticket changes between revisions in words (for reviews and CI)'
complete -c desk -n "__fish_desk_needs_command" -f -a "renumber" -d 'Give a ticket a new ID (the repair when two clones created the same ID)'
complete -c desk -n "__fish_desk_needs_command" -f -a "redact" -d 'Erase a customer\'s personal data (right to erasure)'
complete -c desk -n "__fish_desk_needs_command" -f -a "sync" -d 'Share work with the team: fetch, merge (with desk\'s merge driver), push'
complete -c desk -n "__fish_desk_needs_command" -f -a "ingest" -d 'Turn incoming email into tickets and replies'
complete -c desk -n "__fish_desk_needs_command" -f -a "fetch" -d 'Ingest the unseen mail of an IMAP mailbox'
complete -c desk -n "__fish_desk_needs_command" -f -a "deliver" -d 'Send public replies and queued notifications by email'
complete -c desk -n "__fish_desk_needs_command" -f -a "export" -d 'Export tickets with every field and entry, as JSON or CSV'
complete -c desk -n "__fish_desk_needs_command" -f -a "import" -d 'Import tickets from another desk or helpdesk'
complete -c desk -n "__fish_desk_needs_command" -f -a "sla" -d 'Show a ticket\'s SLA: targets, due times, met or breached, and metrics'
complete -c desk -n "__fish_desk_needs_command" -f -a "time" -d 'Record time worked on a ticket'
complete -c desk -n "__fish_desk_needs_command" -f -a "timer" -d 'A running timer per agent: start it when you begin work on a ticket, stop it to log the time'
complete -c desk -n "__fish_desk_needs_command" -f -a "timesheet" -d 'Time logged on tickets, summed by ticket, day or agent'
complete -c desk -n "__fish_desk_needs_command" -f -a "automate" -d 'Run automation rules on commits (--range, --hook) or on the clock (--tick)'
complete -c desk -n "__fish_desk_needs_command" -f -a "rules" -d 'Automation rules (.desk/rules.yaml)'
complete -c desk -n "__fish_desk_needs_command" -f -a "macro" -d 'Canned replies with actions, from .desk/macros/*.md'
complete -c desk -n "__fish_desk_needs_command" -f -a "outbox" -d 'List the notifications rules queued, waiting to be delivered'
complete -c desk -n "__fish_desk_needs_command" -f -a "hooks" -d 'Manage the git hooks desk uses'
complete -c desk -n "__fish_desk_needs_command" -f -a "agent" -d 'Manage the support agents in .desk/agents.yaml'
complete -c desk -n "__fish_desk_needs_command" -f -a "check" -d 'Validate the configuration and every ticket file'
complete -c desk -n "__fish_desk_needs_command" -f -a "merge-driver" -d 'Merge a ticket file three ways (git calls this as a merge driver)'
complete -c desk -n "__fish_desk_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c desk -n "__fish_desk_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand init" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand init" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand init" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand init" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand init" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand new" -s m -l message -d 'The description (`-` reads stdin)' -r
complete -c desk -n "__fish_desk_using_subcommand new" -s r -l requester -d 'Requester\'s email' -r
complete -c desk -n "__fish_desk_using_subcommand new" -s p -l priority -d 'Priority (default from .desk/config.yaml)' -r
complete -c desk -n "__fish_desk_using_subcommand new" -s t -l type -d 'Ticket type (default from .desk/config.yaml)' -r
complete -c desk -n "__fish_desk_using_subcommand new" -s a -l assignee -d 'Assign to this agent' -r
complete -c desk -n "__fish_desk_using_subcommand new" -l team -d 'Team' -r
complete -c desk -n "__fish_desk_using_subcommand new" -l tag -d 'Tag (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand new" -l cc -d 'Customer CC (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand new" -l channel -d 'Channel the request came from' -r
complete -c desk -n "__fish_desk_using_subcommand new" -l parent -d 'Make it a subtask of this ticket (a parent cannot be solved while subtasks are open)' -r
complete -c desk -n "__fish_desk_using_subcommand new" -l field -d 'Set a custom field (from `fields:` in .desk/config.yaml), e.g. `--field plan=pro` (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand new" -l attach -d 'Attach a file to the description (repeatable; within `attachments: { max_size }`)' -r -F
complete -c desk -n "__fish_desk_using_subcommand new" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand new" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand new" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand new" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand new" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand show" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand show" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand show" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand show" -l public -d 'Show only what the requester can see'
complete -c desk -n "__fish_desk_using_subcommand show" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand show" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand list" -l view -d 'Use a saved view from .desk/views.yaml (the query adds to it)' -r
complete -c desk -n "__fish_desk_using_subcommand list" -s s -l status -d 'Only these statuses or status categories (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand list" -s a -l assignee -d 'Only tickets assigned to these agents; `me` and `none` work (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand list" -s p -l priority -d 'Only these priorities (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand list" -s t -l type -d 'Only these types (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand list" -l tag -d 'Only tickets with all these tags (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand list" -l sort -d 'Sort keys, e.g. `-priority,created` (- for descending)' -r
complete -c desk -n "__fish_desk_using_subcommand list" -l group-by -d 'Group rows by assignee, status, category, priority, type, team, requester, domain or channel' -r
complete -c desk -n "__fish_desk_using_subcommand list" -l columns -d 'Columns, comma-separated: id priority status category type assignee team requester channel tags created updated sla due title' -r
complete -c desk -n "__fish_desk_using_subcommand list" -l format -d 'Output format (--json is the same as --format json)' -r -f -a "table\t'A table sized to the terminal'
json\t'JSON array of rows'
csv\t'CSV with a header line'
ids\t'Full IDs, one per line (for xargs)'"
complete -c desk -n "__fish_desk_using_subcommand list" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand list" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand list" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand list" -l all -d 'Include solved and closed tickets'
complete -c desk -n "__fish_desk_using_subcommand list" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand list" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand search" -l view -d 'Use a saved view from .desk/views.yaml (the query adds to it)' -r
complete -c desk -n "__fish_desk_using_subcommand search" -s s -l status -d 'Only these statuses or status categories (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand search" -s a -l assignee -d 'Only tickets assigned to these agents; `me` and `none` work (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand search" -s p -l priority -d 'Only these priorities (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand search" -s t -l type -d 'Only these types (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand search" -l tag -d 'Only tickets with all these tags (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand search" -l sort -d 'Sort keys, e.g. `-priority,created` (- for descending)' -r
complete -c desk -n "__fish_desk_using_subcommand search" -l group-by -d 'Group rows by assignee, status, category, priority, type, team, requester, domain or channel' -r
complete -c desk -n "__fish_desk_using_subcommand search" -l columns -d 'Columns, comma-separated: id priority status category type assignee team requester channel tags created updated sla due title' -r
complete -c desk -n "__fish_desk_using_subcommand search" -l format -d 'Output format (--json is the same as --format json)' -r -f -a "table\t'A table sized to the terminal'
json\t'JSON array of rows'
csv\t'CSV with a header line'
ids\t'Full IDs, one per line (for xargs)'"
complete -c desk -n "__fish_desk_using_subcommand search" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand search" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand search" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand search" -l all -d 'Include solved and closed tickets'
complete -c desk -n "__fish_desk_using_subcommand search" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand search" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand view" -l view -d 'Use a saved view from .desk/views.yaml (the query adds to it)' -r
complete -c desk -n "__fish_desk_using_subcommand view" -s s -l status -d 'Only these statuses or status categories (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand view" -s a -l assignee -d 'Only tickets assigned to these agents; `me` and `none` work (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand view" -s p -l priority -d 'Only these priorities (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand view" -s t -l type -d 'Only these types (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand view" -l tag -d 'Only tickets with all these tags (repeatable)' -r
complete -c desk -n "__fish_desk_using_subcommand view" -l sort -d 'Sort keys, e.g. `-priority,created` (- for descending)' -r
complete -c desk -n "__fish_desk_using_subcommand view" -l group-by -d 'Group rows by assignee, status, category, priority, type, team, requester, domain or channel' -r
complete -c desk -n "__fish_desk_using_subcommand view" -l columns -d 'Columns, comma-separated: id priority status category type assignee team requester channel tags created updated sla due title' -r
complete -c desk -n "__fish_desk_using_subcommand view" -l format -d 'Output format (--json is the same as --format json)' -r -f -a "table\t'A table sized to the terminal'
json\t'JSON array of rows'
csv\t'CSV with a header line'
ids\t'Full IDs, one per line (for xargs)'"
complete -c desk -n "__fish_desk_using_subcommand view" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand view" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand view" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand view" -l all -d 'Include solved and closed tickets'
complete -c desk -n "__fish_desk_using_subcommand view" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand view" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand dashboard" -l days -d 'Days of created/solved history' -r
complete -c desk -n "__fish_desk_using_subcommand dashboard" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand dashboard" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand dashboard" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand dashboard" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand dashboard" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand dashboard" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand index" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand index" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand index" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand index" -l rebuild -d 'Rebuild the index from scratch (with a progress bar on a terminal)'
complete -c desk -n "__fish_desk_using_subcommand index" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand index" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand index" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand report" -l since -d 'Start of the period: a date, or relative like -90d' -r
complete -c desk -n "__fish_desk_using_subcommand report" -l html -d 'Write the site into this directory (created if needed)' -r -F
complete -c desk -n "__fish_desk_using_subcommand report" -l title -d 'The site\'s title' -r
complete -c desk -n "__fish_desk_using_subcommand report" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand report" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand report" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand report" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand report" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand serve" -l addr -d 'Address to listen on (port 0 picks a free one, printed at start)' -r
complete -c desk -n "__fish_desk_using_subcommand serve" -l base-url -d 'The portal\'s public URL, for the links in mail (default: http://ADDR)' -r
complete -c desk -n "__fish_desk_using_subcommand serve" -l secret-file -d 'File with the secret that signs access links (default: desk-portal.secret in the git directory, created on first use; never committed)' -r -F
complete -c desk -n "__fish_desk_using_subcommand serve" -l sync -d 'Run `desk sync` this often (e.g. 60s, 5m), so the team\'s remote receives web requests and requesters see agents\' replies pushed there' -r
complete -c desk -n "__fish_desk_using_subcommand serve" -l trusted-proxy -d 'A reverse proxy whose X-Forwarded-For header names the client (repeatable; loopback is always trusted), for the per-client rate limit' -r
complete -c desk -n "__fish_desk_using_subcommand serve" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand serve" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand serve" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand serve" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand serve" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand assign" -l team -d 'Also set the ticket\'s team' -r
complete -c desk -n "__fish_desk_using_subcommand assign" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand assign" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand assign" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand assign" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand assign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand assign" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand attach" -s m -l message -d 'The entry\'s text (default: "Attached NAME.")' -r
complete -c desk -n "__fish_desk_using_subcommand attach" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand attach" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand attach" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand attach" -l public -d 'Make the entry public (a reply the requester sees) instead of an internal note'
complete -c desk -n "__fish_desk_using_subcommand attach" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand attach" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand attach" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand reply" -s m -l message -d 'The message (`-` reads stdin)' -r
complete -c desk -n "__fish_desk_using_subcommand reply" -l from -d 'Record the message as written by this customer' -r
complete -c desk -n "__fish_desk_using_subcommand reply" -l macro -d 'Reply with a macro from .desk/macros/ (`desk macro list`)' -r
complete -c desk -n "__fish_desk_using_subcommand reply" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand reply" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand reply" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand reply" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand reply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand reply" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand note" -s m -l message -d 'The note (`-` reads stdin)' -r
complete -c desk -n "__fish_desk_using_subcommand note" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand note" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand note" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand note" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand note" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand note" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand resolve" -s m -l message -d 'Public reply sent with the resolution (`-` reads stdin)' -r
complete -c desk -n "__fish_desk_using_subcommand resolve" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand resolve" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand resolve" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand resolve" -l force -d 'Even though subtasks are still open'
complete -c desk -n "__fish_desk_using_subcommand resolve" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand resolve" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand status" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand status" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand status" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand status" -l force -d 'Even though subtasks are still open'
complete -c desk -n "__fish_desk_using_subcommand status" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand status" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand close" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand close" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand close" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand close" -l force -d 'Even though subtasks are still open'
complete -c desk -n "__fish_desk_using_subcommand close" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand close" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand close" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand reopen" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand reopen" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand reopen" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand reopen" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand reopen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand reopen" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand priority" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand priority" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand priority" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand priority" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand priority" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand priority" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand set" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand set" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand set" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand set" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand set" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand tag" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand tag" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand tag" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand tag" -l remove -d 'Remove instead of add'
complete -c desk -n "__fish_desk_using_subcommand tag" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand tag" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand tag" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand cc" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand cc" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand cc" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand cc" -l remove -d 'Remove instead of add'
complete -c desk -n "__fish_desk_using_subcommand cc" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand cc" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand cc" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand follow" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand follow" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand follow" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand follow" -l remove -d 'Remove instead of add'
complete -c desk -n "__fish_desk_using_subcommand follow" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand follow" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand follow" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand link" -s r -l relation -d 'How the first ticket relates to the other [default: relates]' -r -f -a "blocks\t''
blocked-by\t''
relates\t''
duplicates\t''
duplicated-by\t''"
complete -c desk -n "__fish_desk_using_subcommand link" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand link" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand link" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand link" -l remove -d 'Remove the link instead (without --relation: every link between the two)'
complete -c desk -n "__fish_desk_using_subcommand link" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand link" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand link" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand edit" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand edit" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand edit" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand edit" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand edit" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand log" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand log" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand log" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand log" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand log" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand merge" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand merge" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand merge" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand merge" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand merge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand merge" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand split" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand split" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand split" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand split" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand split" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand split" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand diff" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand diff" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand diff" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand diff" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand diff" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand renumber" -l keep -d 'During a merge: which side keeps the ID (default: the ticket created first)' -r -f -a "ours\t'The current branch\'s ticket'
theirs\t'The merged-in branch\'s ticket'"
complete -c desk -n "__fish_desk_using_subcommand renumber" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand renumber" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand renumber" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand renumber" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand renumber" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand renumber" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand redact" -l requester -d 'The customer\'s email address' -r
complete -c desk -n "__fish_desk_using_subcommand redact" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand redact" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand redact" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand redact" -l rewrite-history -d 'Also rewrite the history of local branches and tags (changes commit IDs)'
complete -c desk -n "__fish_desk_using_subcommand redact" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand redact" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand redact" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand sync" -l remote -d 'Remote to sync with (default: the branch\'s upstream remote, else origin)' -r
complete -c desk -n "__fish_desk_using_subcommand sync" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand sync" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand sync" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand sync" -l rebase -d 'Rebase local commits onto the upstream instead of merging'
complete -c desk -n "__fish_desk_using_subcommand sync" -l no-push -d 'Do not push'
complete -c desk -n "__fish_desk_using_subcommand sync" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand sync" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand ingest" -l mbox -d 'Read an mbox file of many messages' -r -F
complete -c desk -n "__fish_desk_using_subcommand ingest" -l maildir -d 'Read a Maildir (new/ and cur/)' -r -F
complete -c desk -n "__fish_desk_using_subcommand ingest" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand ingest" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand ingest" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand ingest" -l explain -d 'Say which rule placed each message'
complete -c desk -n "__fish_desk_using_subcommand ingest" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand ingest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand ingest" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand fetch" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand fetch" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand fetch" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand fetch" -l explain -d 'Say which rule placed each message'
complete -c desk -n "__fish_desk_using_subcommand fetch" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand fetch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand fetch" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand deliver" -l spool -d 'Write each message as <Message-ID>.eml into this directory' -r -F
complete -c desk -n "__fish_desk_using_subcommand deliver" -l sendmail -d 'Pipe each message to this sendmail-compatible program (`sendmail -t -oi`)' -r -F
complete -c desk -n "__fish_desk_using_subcommand deliver" -l smtp -d 'Send through SMTP: smtp://host:port (plain, local relay), smtp+starttls://host:587 or smtps://host:465; credentials from DESK_SMTP_USER and DESK_SMTP_PASSWORD' -r
complete -c desk -n "__fish_desk_using_subcommand deliver" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand deliver" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand deliver" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand deliver" -l mark-sent -d 'Record everything waiting as sent without sending (for a repository that used desk before)'
complete -c desk -n "__fish_desk_using_subcommand deliver" -l dry-run -d 'List what would be sent'
complete -c desk -n "__fish_desk_using_subcommand deliver" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand deliver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand deliver" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand export" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c desk -n "__fish_desk_using_subcommand export" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand export" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand export" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand export" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand export" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand import; and not __fish_seen_subcommand_from json csv zendesk help" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand import; and not __fish_seen_subcommand_from json csv zendesk help" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand import; and not __fish_seen_subcommand_from json csv zendesk help" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand import; and not __fish_seen_subcommand_from json csv zendesk help" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand import; and not __fish_seen_subcommand_from json csv zendesk help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand import; and not __fish_seen_subcommand_from json csv zendesk help" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand import; and not __fish_seen_subcommand_from json csv zendesk help" -f -a "json" -d 'Tickets exported by `desk export json`'
complete -c desk -n "__fish_desk_using_subcommand import; and not __fish_seen_subcommand_from json csv zendesk help" -f -a "csv" -d 'A CSV file, one ticket per row; columns named like desk fields map by themselves'
complete -c desk -n "__fish_desk_using_subcommand import; and not __fish_seen_subcommand_from json csv zendesk help" -f -a "zendesk" -d 'A Zendesk export: the incremental ticket export, with audits (the conversation and status changes) and users (emails, agents) when given'
complete -c desk -n "__fish_desk_using_subcommand import; and not __fish_seen_subcommand_from json csv zendesk help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from json" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from json" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from json" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from json" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from json" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from json" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from csv" -l map -d 'Columns to map: `Subject=title,Body=description,Email=requester` (fields: title, description, requester, status, priority, type, assignee, team, tags, cc, created, external, channel, and custom fields)' -r
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from csv" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from csv" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from csv" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from csv" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from csv" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from csv" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from zendesk" -l audits -d 'Ticket audits (`{"audits": [...]}`): comments, public and internal, and changes' -r -F
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from zendesk" -l users -d 'Users (`{"users": [...]}`): requester and agent emails' -r -F
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from zendesk" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from zendesk" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from zendesk" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from zendesk" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from zendesk" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from zendesk" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "json" -d 'Tickets exported by `desk export json`'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "csv" -d 'A CSV file, one ticket per row; columns named like desk fields map by themselves'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "zendesk" -d 'A Zendesk export: the incremental ticket export, with audits (the conversation and status changes) and users (emails, agents) when given'
complete -c desk -n "__fish_desk_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand sla; and not __fish_seen_subcommand_from reset report simulate help" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand sla; and not __fish_seen_subcommand_from reset report simulate help" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand sla; and not __fish_seen_subcommand_from reset report simulate help" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand sla; and not __fish_seen_subcommand_from reset report simulate help" -l explain -d 'List the intervals behind each figure'
complete -c desk -n "__fish_desk_using_subcommand sla; and not __fish_seen_subcommand_from reset report simulate help" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand sla; and not __fish_seen_subcommand_from reset report simulate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand sla; and not __fish_seen_subcommand_from reset report simulate help" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand sla; and not __fish_seen_subcommand_from reset report simulate help" -a "reset" -d 'Restart a ticket\'s SLA clocks from now (recorded in the ticket)'
complete -c desk -n "__fish_desk_using_subcommand sla; and not __fish_seen_subcommand_from reset report simulate help" -a "report" -d 'Compliance and response/resolution times, overall and by priority, agent and team'
complete -c desk -n "__fish_desk_using_subcommand sla; and not __fish_seen_subcommand_from reset report simulate help" -a "simulate" -d 'What compliance a proposed sla.yaml would have had, beside the current one'
complete -c desk -n "__fish_desk_using_subcommand sla; and not __fish_seen_subcommand_from reset report simulate help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from reset" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from reset" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from reset" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from reset" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from reset" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from report" -l since -d 'Only tickets created since (e.g. -30d, 2026-01-01)' -r
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from report" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from report" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from report" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from report" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from report" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from simulate" -l since -d 'Only tickets created since (e.g. -90d)' -r
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from simulate" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from simulate" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from simulate" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from simulate" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from simulate" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Restart a ticket\'s SLA clocks from now (recorded in the ticket)'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from help" -f -a "report" -d 'Compliance and response/resolution times, overall and by priority, agent and team'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from help" -f -a "simulate" -d 'What compliance a proposed sla.yaml would have had, beside the current one'
complete -c desk -n "__fish_desk_using_subcommand sla; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand time; and not __fish_seen_subcommand_from log help" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand time; and not __fish_seen_subcommand_from log help" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand time; and not __fish_seen_subcommand_from log help" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand time; and not __fish_seen_subcommand_from log help" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand time; and not __fish_seen_subcommand_from log help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand time; and not __fish_seen_subcommand_from log help" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand time; and not __fish_seen_subcommand_from log help" -f -a "log" -d 'Log time spent on a ticket (an internal time entry, by you)'
complete -c desk -n "__fish_desk_using_subcommand time; and not __fish_seen_subcommand_from log help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand time; and __fish_seen_subcommand_from log" -s m -l message -d 'What was done' -r
complete -c desk -n "__fish_desk_using_subcommand time; and __fish_seen_subcommand_from log" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand time; and __fish_seen_subcommand_from log" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand time; and __fish_seen_subcommand_from log" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand time; and __fish_seen_subcommand_from log" -l billable -d 'Billable to the customer'
complete -c desk -n "__fish_desk_using_subcommand time; and __fish_seen_subcommand_from log" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand time; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand time; and __fish_seen_subcommand_from log" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand time; and __fish_seen_subcommand_from help" -f -a "log" -d 'Log time spent on a ticket (an internal time entry, by you)'
complete -c desk -n "__fish_desk_using_subcommand time; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand timer; and not __fish_seen_subcommand_from start stop status cancel help" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand timer; and not __fish_seen_subcommand_from start stop status cancel help" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand timer; and not __fish_seen_subcommand_from start stop status cancel help" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand timer; and not __fish_seen_subcommand_from start stop status cancel help" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand timer; and not __fish_seen_subcommand_from start stop status cancel help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand timer; and not __fish_seen_subcommand_from start stop status cancel help" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand timer; and not __fish_seen_subcommand_from start stop status cancel help" -f -a "start" -d 'Start your timer on a ticket'
complete -c desk -n "__fish_desk_using_subcommand timer; and not __fish_seen_subcommand_from start stop status cancel help" -f -a "stop" -d 'Stop your timer and log the time on its ticket'
complete -c desk -n "__fish_desk_using_subcommand timer; and not __fish_seen_subcommand_from start stop status cancel help" -f -a "status" -d 'Show your running timer'
complete -c desk -n "__fish_desk_using_subcommand timer; and not __fish_seen_subcommand_from start stop status cancel help" -f -a "cancel" -d 'Drop your running timer without logging anything'
complete -c desk -n "__fish_desk_using_subcommand timer; and not __fish_seen_subcommand_from start stop status cancel help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from start" -s m -l message -d 'What you are doing (kept as the time entry\'s note)' -r
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from start" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from start" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from start" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from start" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from stop" -s m -l message -d 'What was done (replaces the note given at start)' -r
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from stop" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from stop" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from stop" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from stop" -l billable -d 'Billable to the customer'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from stop" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from stop" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from status" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from status" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from status" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from status" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from cancel" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from cancel" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from cancel" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from cancel" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from help" -f -a "start" -d 'Start your timer on a ticket'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop your timer and log the time on its ticket'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show your running timer'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Drop your running timer without logging anything'
complete -c desk -n "__fish_desk_using_subcommand timer; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand timesheet" -l agent -d 'Only this agent\'s time (`me` for yours)' -r
complete -c desk -n "__fish_desk_using_subcommand timesheet" -l since -d 'Logged at or after (2026-11-01, -7d, today)' -r
complete -c desk -n "__fish_desk_using_subcommand timesheet" -l until -d 'Logged before (2026-12-01, today)' -r
complete -c desk -n "__fish_desk_using_subcommand timesheet" -l by -d 'One row per ticket, day or agent' -r -f -a "ticket\t''
day\t''
agent\t''"
complete -c desk -n "__fish_desk_using_subcommand timesheet" -l format -d 'Output format (--json is the same as --format json)' -r -f -a "table\t'A table'
csv\t'CSV with a header line'
json\t'JSON (rows, totals and entries)'"
complete -c desk -n "__fish_desk_using_subcommand timesheet" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand timesheet" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand timesheet" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand timesheet" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand timesheet" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand timesheet" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand automate" -l range -d 'Commits to react to: `A..B` (or `B` for everything up to B), e.g. `origin/main@{1}..HEAD`' -r
complete -c desk -n "__fish_desk_using_subcommand automate" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand automate" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand automate" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand automate" -l tick -d 'Run the time-based rules (`every:`) over every ticket; schedule it hourly'
complete -c desk -n "__fish_desk_using_subcommand automate" -l hook -d 'Run for the commit git just made (what the post-commit hook calls); never fails'
complete -c desk -n "__fish_desk_using_subcommand automate" -l dry-run -d 'Print what would happen without committing'
complete -c desk -n "__fish_desk_using_subcommand automate" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand automate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand automate" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand rules; and not __fish_seen_subcommand_from list test help" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand rules; and not __fish_seen_subcommand_from list test help" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand rules; and not __fish_seen_subcommand_from list test help" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand rules; and not __fish_seen_subcommand_from list test help" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand rules; and not __fish_seen_subcommand_from list test help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand rules; and not __fish_seen_subcommand_from list test help" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand rules; and not __fish_seen_subcommand_from list test help" -f -a "list" -d 'List the rules'
complete -c desk -n "__fish_desk_using_subcommand rules; and not __fish_seen_subcommand_from list test help" -f -a "test" -d 'Run the rules tests in .desk/rules.test/ (a ticket, an event, the expected result)'
complete -c desk -n "__fish_desk_using_subcommand rules; and not __fish_seen_subcommand_from list test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from list" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from list" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from list" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from test" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from test" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from test" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from test" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the rules'
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "test" -d 'Run the rules tests in .desk/rules.test/ (a ticket, an event, the expected result)'
complete -c desk -n "__fish_desk_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand macro; and not __fish_seen_subcommand_from list apply help" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand macro; and not __fish_seen_subcommand_from list apply help" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand macro; and not __fish_seen_subcommand_from list apply help" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand macro; and not __fish_seen_subcommand_from list apply help" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand macro; and not __fish_seen_subcommand_from list apply help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand macro; and not __fish_seen_subcommand_from list apply help" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand macro; and not __fish_seen_subcommand_from list apply help" -f -a "list" -d 'List the macros'
complete -c desk -n "__fish_desk_using_subcommand macro; and not __fish_seen_subcommand_from list apply help" -f -a "apply" -d 'Apply a macro to a ticket: its reply (as you) and its field changes, in one commit'
complete -c desk -n "__fish_desk_using_subcommand macro; and not __fish_seen_subcommand_from list apply help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from list" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from list" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from list" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from apply" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from apply" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from apply" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from apply" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from apply" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the macros'
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Apply a macro to a ticket: its reply (as you) and its field changes, in one commit'
complete -c desk -n "__fish_desk_using_subcommand macro; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand outbox" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand outbox" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand outbox" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand outbox" -l full -d 'Show each message\'s text too'
complete -c desk -n "__fish_desk_using_subcommand outbox" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand outbox" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand outbox" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand hooks; and not __fish_seen_subcommand_from install help" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand hooks; and not __fish_seen_subcommand_from install help" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand hooks; and not __fish_seen_subcommand_from install help" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand hooks; and not __fish_seen_subcommand_from install help" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand hooks; and not __fish_seen_subcommand_from install help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand hooks; and not __fish_seen_subcommand_from install help" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand hooks; and not __fish_seen_subcommand_from install help" -f -a "install" -d 'Install the post-commit hook that runs automation rules after plain `git commit`s, and register the merge driver (both are per clone: git does not clone them)'
complete -c desk -n "__fish_desk_using_subcommand hooks; and not __fish_seen_subcommand_from install help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand hooks; and __fish_seen_subcommand_from install" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand hooks; and __fish_seen_subcommand_from install" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand hooks; and __fish_seen_subcommand_from install" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand hooks; and __fish_seen_subcommand_from install" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand hooks; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand hooks; and __fish_seen_subcommand_from install" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand hooks; and __fish_seen_subcommand_from help" -f -a "install" -d 'Install the post-commit hook that runs automation rules after plain `git commit`s, and register the merge driver (both are per clone: git does not clone them)'
complete -c desk -n "__fish_desk_using_subcommand hooks; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand agent; and not __fish_seen_subcommand_from add list help" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand agent; and not __fish_seen_subcommand_from add list help" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand agent; and not __fish_seen_subcommand_from add list help" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand agent; and not __fish_seen_subcommand_from add list help" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand agent; and not __fish_seen_subcommand_from add list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand agent; and not __fish_seen_subcommand_from add list help" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand agent; and not __fish_seen_subcommand_from add list help" -f -a "add" -d 'Add an agent (one commit to .desk/agents.yaml)'
complete -c desk -n "__fish_desk_using_subcommand agent; and not __fish_seen_subcommand_from add list help" -f -a "list" -d 'List the agents'
complete -c desk -n "__fish_desk_using_subcommand agent; and not __fish_seen_subcommand_from add list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from add" -l email -d 'Email address (matched against `git config user.email`)' -r
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from add" -l team -d 'Team to join (repeatable; teams are defined in .desk/teams.yaml)' -r
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from add" -l name -d 'Full name for display' -r
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from add" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from add" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from add" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from list" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from list" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from list" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add an agent (one commit to .desk/agents.yaml)'
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the agents'
complete -c desk -n "__fish_desk_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand check" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand check" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand check" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand check" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand check" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand merge-driver" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand merge-driver" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand merge-driver" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand merge-driver" -l install -d 'Register the driver in this repository\'s git config instead of merging'
complete -c desk -n "__fish_desk_using_subcommand merge-driver" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand merge-driver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand merge-driver" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand completions" -s C -d 'Run as if desk was started in DIR' -r -F
complete -c desk -n "__fish_desk_using_subcommand completions" -l as -d 'Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`' -r
complete -c desk -n "__fish_desk_using_subcommand completions" -l color -d 'When to use colours' -r -f -a "auto\t'When writing to a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c desk -n "__fish_desk_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout'
complete -c desk -n "__fish_desk_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c desk -n "__fish_desk_using_subcommand completions" -s V -l version -d 'Print version'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "init" -d 'Create a ticket repository from the built-in template'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "new" -d 'Create a ticket'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "show" -d 'Show a ticket: its fields and conversation, rendered for the terminal'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "list" -d 'List tickets as a table (open work by default)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "search" -d 'Search every ticket: free text over titles and conversations, plus query fields'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "view" -d 'Show a saved view from .desk/views.yaml (without NAME: list the views)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "dashboard" -d 'Counts at a glance: open work, SLA, load per agent and priority, created vs solved'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "index" -d 'Show the search index\'s state, or rebuild it'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "report" -d 'Reports with charts: volume, backlog, response and resolution times, SLA, workload'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "serve" -d 'Serve the request form, the JSON API and the requester portal over HTTP'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "assign" -d 'Assign a ticket to an agent, or unassign it with `none`'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "attach" -d 'Attach files to a ticket (stored under attachments/<ID>/, listed on a new entry)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "reply" -d 'Add a public reply, or a customer\'s message with --from'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "note" -d 'Add an internal note (agents only, never shown to customers)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "resolve" -d 'Solve a ticket, with a public reply when -m is given'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "status" -d 'Set a ticket\'s status (the workflow decides which moves are allowed)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "close" -d 'Close a ticket (final: it cannot be reopened or answered afterwards)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "reopen" -d 'Reopen a solved ticket'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "priority" -d 'Set a ticket\'s priority'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "set" -d 'Set custom ticket fields (defined under `fields:` in .desk/config.yaml)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "tag" -d 'Add tags to a ticket, or remove them with --remove'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "cc" -d 'Add customer CCs (they receive public replies), or remove them with --remove'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "follow" -d 'Follow a ticket (internal: followers are agents kept informed), or stop with --remove'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "link" -d 'Link two tickets (blocks, relates, duplicates), or remove a link with --remove'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "edit" -d 'Edit a ticket file in $EDITOR; it is validated before it is committed'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "log" -d 'Show a ticket\'s history from git: every commit that changed its file'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "merge" -d 'Merge a duplicate ticket into another'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "split" -d 'Move one message of a ticket to a new ticket (undo a wrong threading)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "diff" -d 'Summarise ticket changes between revisions in words (for reviews and CI)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "renumber" -d 'Give a ticket a new ID (the repair when two clones created the same ID)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "redact" -d 'Erase a customer\'s personal data (right to erasure)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "sync" -d 'Share work with the team: fetch, merge (with desk\'s merge driver), push'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "ingest" -d 'Turn incoming email into tickets and replies'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "fetch" -d 'Ingest the unseen mail of an IMAP mailbox'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "deliver" -d 'Send public replies and queued notifications by email'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "export" -d 'Export tickets with every field and entry, as JSON or CSV'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "import" -d 'Import tickets from another desk or helpdesk'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "sla" -d 'Show a ticket\'s SLA: targets, due times, met or breached, and metrics'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "time" -d 'Record time worked on a ticket'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "timer" -d 'A running timer per agent: start it when you begin work on a ticket, stop it to log the time'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "timesheet" -d 'Time logged on tickets, summed by ticket, day or agent'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "automate" -d 'Run automation rules on commits (--range, --hook) or on the clock (--tick)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "rules" -d 'Automation rules (.desk/rules.yaml)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "macro" -d 'Canned replies with actions, from .desk/macros/*.md'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "outbox" -d 'List the notifications rules queued, waiting to be delivered'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "hooks" -d 'Manage the git hooks desk uses'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "agent" -d 'Manage the support agents in .desk/agents.yaml'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "check" -d 'Validate the configuration and every ticket file'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "merge-driver" -d 'Merge a ticket file three ways (git calls this as a merge driver)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c desk -n "__fish_desk_using_subcommand help; and not __fish_seen_subcommand_from init new show list search view dashboard index report serve assign attach reply note resolve status close reopen priority set tag cc follow link edit log merge split diff renumber redact sync ingest fetch deliver export import sla time timer timesheet automate rules macro outbox hooks agent check merge-driver completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "json" -d 'Tickets exported by `desk export json`'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "csv" -d 'A CSV file, one ticket per row; columns named like desk fields map by themselves'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "zendesk" -d 'A Zendesk export: the incremental ticket export, with audits (the conversation and status changes) and users (emails, agents) when given'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from sla" -f -a "reset" -d 'Restart a ticket\'s SLA clocks from now (recorded in the ticket)'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from sla" -f -a "report" -d 'Compliance and response/resolution times, overall and by priority, agent and team'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from sla" -f -a "simulate" -d 'What compliance a proposed sla.yaml would have had, beside the current one'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from time" -f -a "log" -d 'Log time spent on a ticket (an internal time entry, by you)'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from timer" -f -a "start" -d 'Start your timer on a ticket'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from timer" -f -a "stop" -d 'Stop your timer and log the time on its ticket'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from timer" -f -a "status" -d 'Show your running timer'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from timer" -f -a "cancel" -d 'Drop your running timer without logging anything'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "list" -d 'List the rules'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "test" -d 'Run the rules tests in .desk/rules.test/ (a ticket, an event, the expected result)'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from macro" -f -a "list" -d 'List the macros'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from macro" -f -a "apply" -d 'Apply a macro to a ticket: its reply (as you) and its field changes, in one commit'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from hooks" -f -a "install" -d 'Install the post-commit hook that runs automation rules after plain `git commit`s, and register the merge driver (both are per clone: git does not clone them)'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "add" -d 'Add an agent (one commit to .desk/agents.yaml)'
complete -c desk -n "__fish_desk_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "list" -d 'List the agents'

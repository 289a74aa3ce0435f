use desk::automation::fixtures::{self, FIXTURES_DIR};
use desk::ops::automate;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Automation rules (.desk/rules.yaml)
#[derive(clap::Subcommand, Debug)]
pub enum RulesCommand {
    /// List the rules
    List,
    /// Run the rules tests in .desk/rules.test/ (a ticket, an event, the expected result)
    Test,
}

pub fn cmd_rules(cx: &Context, command: RulesCommand) -> CommandResult {
    let desk = cx.desk()?;
    let automation = automate::load(&desk).map_err(desk::Error::Config)?;
    match command {
        RulesCommand::List => {
            if cx.ui.json {
                let list: Vec<_> = automation
                    .rules
                    .iter()
                    .map(|r| {
                        serde_json::json!({ "name": r.name, "enabled": r.enabled, "trigger": runs_on(r), "line": r.line })
                    })
                    .collect();
                return cx.ui.out_json(&list);
            }
            let rows = automation
                .rules
                .iter()
                .map(|r| [r.name.clone(), if r.enabled { "yes".into() } else { "no".into() }, runs_on(r)]);
            cx.ui.out(&crate::cli::ui::plain_table(&["RULE", "ENABLED", "RUNS ON"], rows))
        }
        RulesCommand::Test => {
            let mut results = Vec::new();
            let mut broken = Vec::new();
            for name in desk.store.list_dir(FIXTURES_DIR)? {
                if !(name.ends_with(".yaml") || name.ends_with(".yml")) {
                    continue;
                }
                let path = format!("{FIXTURES_DIR}/{name}");
                let text = desk.store.read_text(&path)?.unwrap_or_default();
                match fixtures::run(&path, &text, &automation.rules, &desk.config, &automation.macros, desk.now()) {
                    Ok(outcome) => results.push((path, outcome)),
                    Err(message) => broken.push(message),
                }
            }
            let failed = results.iter().filter(|(_, o)| !o.failures.is_empty()).count() + broken.len();
            if cx.ui.json {
                let list: Vec<_> = results
                    .iter()
                    .map(|(path, o)| serde_json::json!({ "path": path, "name": o.name, "failures": o.failures }))
                    .collect();
                cx.ui.out_json(&serde_json::json!({ "tests": list, "errors": broken }))?;
            } else {
                for (path, outcome) in &results {
                    if outcome.failures.is_empty() {
                        cx.ui.out(&format!("ok    {path}: {}", outcome.name))?;
                    } else {
                        cx.ui.out(&format!("FAIL  {path}: {}", outcome.name))?;
                        for failure in &outcome.failures {
                            cx.ui.out(&format!("      {failure}"))?;
                        }
                    }
                }
                for message in &broken {
                    cx.ui.out(&format!("ERROR {message}"))?;
                }
                cx.ui.status(&format!("{} rules test(s), {failed} failed.", results.len() + broken.len()));
            }
            if failed > 0 { Err(CommandError::reported()) } else { Ok(()) }
        }
    }
}

/// `ticket.created, reply.public` or `every 1h`.
fn runs_on(rule: &desk::automation::Rule) -> String {
    match &rule.trigger {
        desk::automation::rules::Trigger::On(kinds) => kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(", "),
        desk::automation::rules::Trigger::Every(d) => format!("every {}", desk::sla::format_duration(*d)),
    }
}

use comfy_table::Table;
use serde_json::json;

use super::list::{self, ListArgs};
use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Show a saved view from .desk/views.yaml (without NAME: list the views)
///
/// `desk view mine` is `desk list --view mine`; a query after the name narrows it further.
#[derive(clap::Args, Debug)]
pub struct ViewArgs {
    /// The view's name
    name: Option<String>,
    #[command(flatten)]
    list: ListArgs,
}

pub fn cmd_view(cx: &Context, args: &ViewArgs) -> CommandResult {
    let Some(name) = &args.name else {
        let desk = cx.desk()?;
        let views = &desk.config.views;
        if cx.ui.json {
            let list: Vec<_> = views
                .iter()
                .map(|(name, v)| json!({"name": name, "description": v.description, "query": v.query, "sort": v.sort, "columns": v.columns, "group_by": v.group_by}))
                .collect();
            return cx.ui.out_json(&list);
        }
        let mut table = Table::new();
        table.load_style(comfy_table::presets::NOTHING);
        table.set_header(["VIEW", "DESCRIPTION", "QUERY"]);
        for (name, view) in views {
            table.add_row([name.clone(), view.description.clone().unwrap_or_default(), view.query.clone()]);
        }
        for column in table.column_iter_mut() {
            column.set_padding((0, 2));
        }
        return cx.ui.out(&table.lines().map(|l| l.trim_end().to_string()).collect::<Vec<_>>().join("\n"));
    };
    let mut list_args = args.list.clone();
    list_args.view = Some(name.clone());
    list::run(cx, &list_args, false)
}

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
        let rows = views
            .iter()
            .map(|(name, view)| [name.clone(), view.description.clone().unwrap_or_default(), view.query.clone()]);
        return cx.ui.out(&crate::cli::ui::plain_table(&["VIEW", "DESCRIPTION", "QUERY"], rows));
    };
    let mut list_args = args.list.clone();
    list_args.view = Some(name.clone());
    list::run(cx, &list_args, false)
}

//! Tests of the `desk` binary on real git repositories, checked with the `git` CLI.

mod common;
mod test_automation;
mod test_completions;
mod test_corpus;
mod test_email;
mod test_errors;
mod test_git;
mod test_merge;
mod test_portal;
mod test_regressions;
mod test_repair;
mod test_search_index;
mod test_ticket_work;
mod test_workflow;

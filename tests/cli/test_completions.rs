//! The committed completion scripts must match what the binary generates.

use std::path::Path;

use crate::common::TestEnv;

#[test]
fn completions_are_up_to_date() {
    let env = TestEnv::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [("bash", "desk.bash"), ("zsh", "_desk"), ("fish", "desk.fish")] {
        let out = env.desk_in(env.tmp.path(), &["completions", shell]).success();
        let generated = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        let committed = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        assert!(
            generated == committed,
            "completions/{file} is stale: run `scripts/completions.sh` (or `desk completions {shell} > completions/{file}`)"
        );
    }
}

//! The built-in `tickets-template/`, embedded in the binary, that `desk init` writes out.

/// `(repository-relative path, contents)` of every template file.
pub const FILES: &[(&str, &str)] = &[
    (".desk/agents.yaml", include_str!("../tickets-template/.desk/agents.yaml")),
    (".desk/config.yaml", include_str!("../tickets-template/.desk/config.yaml")),
    (".desk/macros/reset-password.md", include_str!("../tickets-template/.desk/macros/reset-password.md")),
    (".desk/macros/solved-thanks.md", include_str!("../tickets-template/.desk/macros/solved-thanks.md")),
    (".desk/portal.yaml", include_str!("../tickets-template/.desk/portal.yaml")),
    (".desk/priorities.yaml", include_str!("../tickets-template/.desk/priorities.yaml")),
    (
        ".desk/rules.test/assigned-means-open.yaml",
        include_str!("../tickets-template/.desk/rules.test/assigned-means-open.yaml"),
    ),
    (".desk/rules.test/auto-close.yaml", include_str!("../tickets-template/.desk/rules.test/auto-close.yaml")),
    (
        ".desk/rules.test/customer-reply-reopens.yaml",
        include_str!("../tickets-template/.desk/rules.test/customer-reply-reopens.yaml"),
    ),
    (".desk/rules.yaml", include_str!("../tickets-template/.desk/rules.yaml")),
    (".desk/sla.yaml", include_str!("../tickets-template/.desk/sla.yaml")),
    (".desk/teams.yaml", include_str!("../tickets-template/.desk/teams.yaml")),
    (".desk/types.yaml", include_str!("../tickets-template/.desk/types.yaml")),
    (".desk/views.yaml", include_str!("../tickets-template/.desk/views.yaml")),
    (".desk/workflows.yaml", include_str!("../tickets-template/.desk/workflows.yaml")),
    (".gitattributes", include_str!("../tickets-template/.gitattributes")),
    ("README.md", include_str!("../tickets-template/README.md")),
    ("ci/github-actions.yml", include_str!("../tickets-template/ci/github-actions.yml")),
    ("ci/github-deliver.yml", include_str!("../tickets-template/ci/github-deliver.yml")),
    ("ci/github-report.yml", include_str!("../tickets-template/ci/github-report.yml")),
    ("ci/gitlab-ci.yml", include_str!("../tickets-template/ci/gitlab-ci.yml")),
];

/// The contents of one template file.
pub fn file(path: &str) -> Option<&'static str> {
    FILES.iter().find(|(p, _)| *p == path).map(|(_, text)| *text)
}

/// The configuration `desk init` writes (what tests of the pure core run against).
pub fn config() -> crate::config::Config {
    crate::config::Config::load(|path| file(path).map(str::to_string))
        .unwrap_or_else(|e| unreachable!("the built-in template is valid: {e}"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }

    #[test]
    fn every_file_of_tickets_template_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tickets-template");
        let mut on_disk = Vec::new();
        walk(&root, &root, &mut on_disk);
        on_disk.sort();
        let embedded: Vec<String> = super::FILES.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(embedded, on_disk, "list every tickets-template file in src/template.rs");
    }
}

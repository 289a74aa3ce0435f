#!/bin/sh
# Benchmark: the post-commit hook (`desk automate --hook`) after a commit that assigns one
# ticket by hand, so the default rule "assigned means open" fires and commits: derive events,
# run the rules, write the follow-up commit and index entry. Whole process, median of runs.
#
# Usage: scripts/bench-hook.sh [SIZES]      e.g. scripts/bench-hook.sh "1000 100000"
# Uses the repositories of scripts/bench-new.sh ($BENCH_DIR, default /tmp/desk-bench).
set -eu
cd "$(dirname "$0")/.."
sizes="${1:-1000 100000}"
root="${BENCH_DIR:-/tmp/desk-bench}"
runs="${RUNS:-30}"
mkdir -p "$root"
cargo build --release --quiet --example generate
desk="$PWD/target/release/desk"
template="$PWD/tickets-template/.desk/rules.yaml"
for n in $sizes; do
  repo="$root/desk-$n"
  [ -d "$repo" ] || target/release/examples/generate "$repo" "$n" >/dev/null
  (
    cd "$repo"
    export DESK_AGENT=alice GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
      GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
    nohook="-c core.hooksPath=/dev/null"
    if [ ! -f .desk/rules.yaml ]; then
      cp "$template" .desk/rules.yaml
      git add .desk/rules.yaml && git $nohook commit -qm "rules from the template"
    fi
    # A new, unassigned ticket, assigned by hand and committed with git.
    file=$(git ls-files 'tickets/*' | head -5000 | xargs grep -L '^assignee:' | xargs grep -l '^status: new$' | head -1)
    sed -i 's/^status: new$/status: new\nassignee: alice/' "$file"
    git $nohook commit -qam "assign by hand"
    commit=$(git rev-parse HEAD)
    echo "## $n tickets ($file)"
    hyperfine -N --warmup 3 --runs "$runs" --prepare "git reset -q --hard $commit" \
      --export-markdown "$root/hook-$n.md" -n "desk automate --hook" "$desk automate --hook" >/dev/null
    cat "$root/hook-$n.md"
    git log -1 --format=%s
    git reset -q --hard "$commit~1"
  )
done

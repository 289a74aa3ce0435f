#!/bin/sh
# Benchmark: `desk new` (one ticket + one commit, as a whole process) at 1k, 10k and 100k
# tickets, beside `git add` + `git commit` of one new file in the same repositories and
# Fossil's `fossil ticket add` at the same sizes. Needs hyperfine and fossil (Debian packages).
#
# Usage: scripts/bench-new.sh [SIZES]      e.g. scripts/bench-new.sh "1000 100000"
# Repositories are cached under $BENCH_DIR (default /tmp/desk-bench); results go to stdout
# as Markdown tables and to $BENCH_DIR/results-*.md.
set -eu
cd "$(dirname "$0")/.."
sizes="${1:-1000 10000 100000}"
root="${BENCH_DIR:-/tmp/desk-bench}"
runs="${RUNS:-30}"
mkdir -p "$root"
cargo build --release --quiet --example generate
desk="$PWD/target/release/desk"
for n in $sizes; do
  repo="$root/desk-$n"
  [ -d "$repo" ] || target/release/examples/generate "$repo" "$n" >/dev/null
  fossil_repo="$root/fossil-$n"
  [ -d "$fossil_repo" ] || scripts/fossil-tickets.sh "$fossil_repo" "$n"
  echo "## $n tickets"
  (
    cd "$repo"
    export DESK_AGENT=alice GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
      GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com USER=bench
    hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$root/results-$n.md" \
      -n "desk new" "$desk new 'Benchmark ticket' -m 'Body text' --requester a@b.test" \
      -n "git add + git commit" "sh -c 'f=tickets/ZZ/\$(date +%s%N).md; mkdir -p tickets/ZZ; echo x > \$f; git add \$f; git commit -qm x'" \
      -n "fossil ticket add" "fossil ticket add -R $fossil_repo/repo.fossil title Bench status Open type Incident comment Body" \
      >/dev/null
    cat "$root/results-$n.md"
    git status --porcelain | grep -v '^?? ' || true
  )
done

#!/bin/sh
# Benchmark (issue 9): `desk export json` of the 100k repository, `desk import json` of that
# export into a new repository, and `desk report` over 100k tickets, as whole processes.
# Uses the repositories of scripts/bench-new.sh ($BENCH_DIR, default /tmp/desk-bench).
# Note: run it on a quiet filesystem; deleting a 100k-file tree just before slows file
# creation for a while (ext4), which doubles the import time.
set -eu
cd "$(dirname "$0")/.."
n="${1:-100000}"
root="${BENCH_DIR:-/tmp/desk-bench}"
cargo build --release --quiet --example generate
desk="$PWD/target/release/desk"
repo="$root/desk-$n"
[ -d "$repo" ] || target/release/examples/generate "$repo" "$n" >/dev/null
export DESK_AGENT=alice GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
target="$root/import-$n-$(date +%s)"
"$desk" init "$target" >/dev/null 2>&1
cp "$repo/.desk/agents.yaml" "$target/.desk/agents.yaml"
git -C "$target" commit -qam "the same agents"
echo "## export, import and report at $n tickets"
/usr/bin/time -f "desk export json: %e s, %M KB peak" "$desk" -C "$repo" export json -o "$root/export-$n.json"
/usr/bin/time -f "desk import json: %e s, %M KB peak" "$desk" -C "$target" import json "$root/export-$n.json"
/usr/bin/time -f "desk report --since -365d --json: %e s, %M KB peak" "$desk" -C "$repo" report --since -365d --json >/dev/null
/usr/bin/time -f "desk report --html: %e s" "$desk" -C "$repo" report --since -365d --html "$root/report-$n" 2>&1 | tail -1

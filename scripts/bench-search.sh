#!/bin/sh
# Benchmark (issue 3): `desk list --view` and `desk search` warm, the first query after one new
# commit, a full index rebuild and peak memory, at each size; at sizes up to 100k, beside the
# same queries with `rg` over the ticket files, Fossil tickets and Taskwarrior holding the same
# tickets (titles, status, type, first message). Needs hyperfine, rg, fossil, task, python3.
#
# Usage: scripts/bench-search.sh [SIZES]      e.g. scripts/bench-search.sh "1000 100000 1000000"
# Repositories are cached under $BENCH_DIR/search (default /tmp/desk-bench/search).
set -eu
cd "$(dirname "$0")/.."
sizes="${1:-1000 100000 1000000}"
root="${BENCH_DIR:-/tmp/desk-bench}/search"
runs="${RUNS:-20}"
rare="${RARE:-x1000}"      # a product model code: ~0.02 % of tickets (23 at 100k)
common="${COMMON:-timeout}" # a word in about half the tickets
mkdir -p "$root"
cargo build --release --quiet --example generate --bin desk
desk="$PWD/target/release/desk"
export DESK_AGENT=alice GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com USER=bench

# The same tickets for the peers: title, status, type, priority and the first message.
peers() {
  repo="$1"; n="$2"
  [ -f "$root/fossil-$n/repo.fossil" ] && [ -d "$root/task-$n" ] && return 0
  (cd "$repo" && "$desk" export json --output "$root/export-$n.json" >/dev/null)
  python3 - "$root/export-$n.json" "$root" "$n" <<'EOF'
import json, sys
export, root, n = sys.argv[1], sys.argv[2], sys.argv[3]
data = json.load(open(export))
tickets = data["tickets"] if isinstance(data, dict) else data
fossil = open(f"{root}/fossil-{n}.cmds", "w")
tasks = []
for t in tickets:
    body = (t.get("entries") or [{}])[0].get("body", "")
    status = {"new": "Open", "open": "Open", "pending": "Open", "on-hold": "Open"}.get(t["status"], "Closed")
    for a in ["title", t["title"], "status", status, "type", t["type"], "priority", t["priority"], "comment", body]:
        fossil.write(a.replace("\0", "") + "\0")
    task = {"description": t["title"], "status": "pending" if status == "Open" else "completed",
            "entry": t["created"].replace("-", "").replace(":", ""), "tags": t.get("tags", []),
            "annotations": [{"entry": t["created"].replace("-", "").replace(":", ""), "description": body}]}
    if status != "Open":
        task["end"] = task["entry"]
    tasks.append(task)
json.dump(tasks, open(f"{root}/task-{n}.json", "w"))
EOF
  rm -rf "$root/fossil-$n" && mkdir -p "$root/fossil-$n"
  (cd "$root/fossil-$n" && fossil init repo.fossil >/dev/null)
  # One `fossil ticket add` per ticket: Fossil has no bulk ticket import.
  xargs -0 -n 10 fossil ticket add -R "$root/fossil-$n/repo.fossil" <"$root/fossil-$n.cmds" >/dev/null
  rm -rf "$root/task-$n" && mkdir -p "$root/task-$n"
  printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\n' "$root/task-$n" >"$root/task-$n.rc"
  TASKRC="$root/task-$n.rc" task import "$root/task-$n.json" >/dev/null 2>&1
}

for n in $sizes; do
  repo="$root/desk-$n"
  [ -d "$repo" ] || target/release/examples/generate "$repo" "$n" >/dev/null
  echo "## $n tickets"
  cd "$repo"
  rows_view=$("$desk" list --view mine --format ids | wc -l)
  rows_rare=$("$desk" search "$rare" --format ids | wc -l)
  rows_common=$("$desk" search "$common" --format ids | wc -l)
  echo "rows: view mine $rows_view, search $rare $rows_rare, search $common $rows_common"
  # One warm-up: the page cache of an idle machine may have let go of the ticket files.
  hyperfine -N --warmup 1 --runs 3 --export-markdown "$root/rebuild-$n.md" -n "desk index --rebuild" "$desk index --rebuild" >/dev/null
  cat "$root/rebuild-$n.md"
  set -- -n "desk list --view unassigned" "$desk list --view unassigned --format ids" \
    -n "desk list --view mine" "$desk list --view mine --format ids" \
    -n "desk search $rare" "$desk search $rare --format ids" \
    -n "desk search $common" "$desk search $common --format ids" \
    -n "desk search $common (table)" "$desk search $common" \
    -n "desk list --view breached" "$desk list --view breached --format ids" \
    -n "desk dashboard" "$desk dashboard"
  if [ "$n" -le 100000 ]; then
    cd "$OLDPWD"; peers "$repo" "$n"; cd "$repo"
    fossil_repo="$root/fossil-$n/repo.fossil"
    set -- "$@" -n "rg open tickets" "rg -l -e '^status: (new|open|pending|on-hold)\$' tickets" \
      -n "rg -w $rare" "rg -l -i -w $rare tickets" \
      -n "rg -w $common" "rg -l -i -w $common tickets" \
      -n "fossil open tickets" "fossil ticket show 0 \"status='Open'\" -R $fossil_repo" \
      -n "fossil $rare" "fossil ticket show 0 \"title LIKE '%$rare%' OR comment LIKE '%$rare%'\" -R $fossil_repo" \
      -n "task pending" "env TASKRC=$root/task-$n.rc task status:pending ids" \
      -n "task /$rare/" "env TASKRC=$root/task-$n.rc task /$rare/ ids"
  fi
  # -i: rg and task exit 1 when nothing matches.
  hyperfine -N -i --warmup 3 --runs "$runs" --export-markdown "$root/query-$n.md" "$@" >/dev/null 2>&1
  cat "$root/query-$n.md"
  # The first query after one new commit (the index catches up with that commit only).
  hyperfine -N --runs "$runs" --export-markdown "$root/after-commit-$n.md" \
    --prepare "$desk new 'Bench ticket $rare' -m 'Body' --requester a@b.test" \
    -n "first desk search after desk new" "$desk search $rare --format ids" >/dev/null
  cat "$root/after-commit-$n.md"
  for q in "list --view mine --format ids" "search $rare --format ids" "search $common --format ids" "dashboard"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "peak memory, desk $q: %M KB" "$desk" $q >/dev/null
  done
  cd "$OLDPWD"
done

#!/usr/bin/env bash
# Simulation (issue 7): CLONES clones × OPS random operations each on shared tickets, syncing
# through one bare remote in random order; at the end every clone must be identical and every
# message present. Usage: scripts/simulate.sh [CLONES] [OPS]   (default 8 × 200)
set -euo pipefail
cd "$(dirname "$0")/.."
clones="${1:-8}"; ops="${2:-200}"
cargo build --release --quiet
desk="$PWD/target/release/desk"
dir="$(mktemp -d)"; trap 'rm -rf "$dir"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null DESK_AGENT=alice GIT_AUTHOR_NAME=sim GIT_AUTHOR_EMAIL=sim@example.com \
  GIT_COMMITTER_NAME=sim GIT_COMMITTER_EMAIL=sim@example.com
RANDOM=42
"$desk" init "$dir/origin" >/dev/null 2>&1
"$desk" -C "$dir/origin" agent add alice --email alice@example.com >/dev/null
git init -q --bare "$dir/remote.git"
git -C "$dir/origin" remote add origin "$dir/remote.git"
branch=$(git -C "$dir/origin" symbolic-ref --short HEAD)
git -C "$dir/origin" push -q -u origin "$branch"
for c in $(seq 1 "$clones"); do
  git clone -q "$dir/remote.git" "$dir/c$c"
  "$desk" -C "$dir/c$c" merge-driver --install 2>/dev/null
done
messages=0; tickets=0; syncs=0
start=$(date +%s.%N)
for step in $(seq 1 $((clones * ops))); do
  c=$((RANDOM % clones + 1)); d="$dir/c$c"
  mapfile -t ids < <("$desk" -C "$d" list --all --format ids)
  op=$((RANDOM % 6))
  if [ "${#ids[@]}" -eq 0 ] || [ "$op" -eq 0 ]; then
    "$desk" -C "$d" new "Ticket $step" -m "x" >/dev/null; tickets=$((tickets + 1))
  elif [ "$op" -le 2 ]; then
    "$desk" -C "$d" note "${ids[RANDOM % ${#ids[@]}]}" -m "message-$step-done" >/dev/null; messages=$((messages + 1))
  elif [ "$op" -eq 3 ]; then
    "$desk" -C "$d" tag "${ids[RANDOM % ${#ids[@]}]}" "t$((RANDOM % 4))" >/dev/null
  else
    "$desk" -C "$d" sync >/dev/null; syncs=$((syncs + 1))
  fi
done
for round in 1 2; do for c in $(seq 1 "$clones"); do "$desk" -C "$dir/c$c" sync >/dev/null; done; done
end=$(date +%s.%N)
trees=$(for c in $(seq 1 "$clones"); do git -C "$dir/c$c" rev-parse 'HEAD^{tree}'; done | sort -u | wc -l)
present=0
for step in $(seq 1 $((clones * ops))); do
  grep -rqs -- "message-$step-done" "$dir/c1/tickets" && present=$((present + 1))
done
"$desk" -C "$dir/c1" check >/dev/null
printf 'clones=%s ops=%s tickets=%s messages=%s syncs=%s distinct_trees=%s messages_present=%s seconds=%.1f\n' \
  "$clones" "$((clones * ops))" "$tickets" "$messages" "$syncs" "$trees" "$present" "$(echo "$end - $start" | bc)"
[ "$trees" -eq 1 ] && [ "$present" -eq "$messages" ]

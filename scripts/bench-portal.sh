#!/bin/sh
# Load test (issue 11): 500 form submissions from 50 concurrent clients to `desk serve` on a
# generated repository (100k tickets by default) while an agent runs `desk reply` in a loop.
# Then every submission must be exactly one new ticket, `git fsck` clean and the spool empty.
# Prints requests/s and p50/p99 latencies of the form page and of a submission.
#
# Usage: scripts/bench-portal.sh [TICKETS] [SUBMISSIONS] [CLIENTS] [RATE]
# RATE (submissions per second in all) paces the clients; without it they send as fast as they
# are answered (see examples/load_portal.rs).
set -eu
cd "$(dirname "$0")/.."
n="${1:-100000}"; submissions="${2:-500}"; clients="${3:-50}"; rate="${4:-}"
root="${BENCH_DIR:-/tmp/desk-bench}/portal"
mkdir -p "$root"
cargo build --release --quiet --example generate --example load_portal --bin desk
desk="$PWD/target/release/desk"
load="$PWD/target/release/examples/load_portal"
repo="$root/desk-$n"
[ -d "$repo" ] || target/release/examples/generate "$repo" "$n" >/dev/null
cd "$repo"
export DESK_AGENT=alice GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
# The load comes from one address: lift the per-client rate limit for the run.
printf 'requests_per_hour: 1000000\n' > .desk/portal.yaml
git add .desk/portal.yaml && git commit -qm "bench: no rate limit" || true
# Earlier runs' acknowledgements were never delivered: clear them as `desk deliver` would, so
# each run starts with the outbox of a deployment that sends its mail.
if [ -n "$(git ls-files outbox | head -1)" ]; then git rm -q -r outbox && git commit -qm "bench: outbox delivered"; fi
"$desk" list --format ids >/dev/null 2>&1 || true
before=$(git ls-files tickets | wc -l)
rm -f serve.out stop
"$desk" serve --addr 127.0.0.1:0 >serve.out 2>serve.err &
server=$!
while ! grep -q listening serve.out 2>/dev/null; do sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' serve.out | head -1)
# The agent answers the tickets it works on in turn (the 20 newest open ones), not one ticket
# that would grow by thousands of replies over the runs (a 741 KB ticket made each reply 40 ms).
targets=$("$desk" list 'sort:-created limit:20' --format ids | tr '\n' ' ')
# AGENT=off measures the server alone, without the agent's replies competing for the repository.
[ "${AGENT:-on}" = off ] && touch stop
( replies=0; while [ ! -f stop ]; do for target in $targets; do [ -f stop ] && break
    "$desk" reply "$target" -m "Agent reply $replies" >/dev/null 2>&1 && replies=$((replies + 1)); done; done
  echo "agent replies during the run: $replies" ) &
agent=$!
status=0
"$load" "$url" "$submissions" "$clients" $rate || status=$?
touch stop; wait "$agent"
kill "$server"; wait "$server" || true
after=$(git ls-files tickets | wc -l)
echo "tickets: $before -> $after ($((after - before)) new, $submissions submitted)"
echo "spool: $(ls .git/desk-spool 2>/dev/null | wc -l) waiting"
git fsck --no-progress --connectivity-only && echo "git fsck: clean"
rm -f stop
exit "$status"

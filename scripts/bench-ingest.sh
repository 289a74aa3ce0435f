#!/bin/sh
# Benchmark (issue 6): ingest throughput over the email corpus (tests/fixtures/email, as a
# Maildir, into a new repository), and single-message ingest latency into the 100k
# repository of scripts/bench-new.sh (a new ticket per run: a fresh Message-ID each time).
set -eu
cd "$(dirname "$0")/.."
root="${BENCH_DIR:-/tmp/desk-bench}"
cargo build --release --quiet --example generate
desk="$PWD/target/release/desk"
export DESK_AGENT=alice GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
work="$root/ingest-$(date +%s)"
mkdir -p "$work/Maildir/new" "$work/Maildir/cur" "$work/Maildir/tmp"
n=0
for f in $(find tests/fixtures/email -name '*.eml' | sort); do
  n=$((n + 1)); cp "$f" "$work/Maildir/new/$n.eml"
done
"$desk" init "$work/repo" >/dev/null 2>&1
start=$(date +%s.%N)
"$desk" -C "$work/repo" ingest --maildir "$work/Maildir" >/dev/null 2>&1 || true
end=$(date +%s.%N)
echo "corpus: $n messages in $(echo "$end - $start" | bc) s ($(echo "$n / ($end - $start)" | bc) messages/s)"
repo="$root/desk-100000"
[ -d "$repo" ] || target/release/examples/generate "$repo" 100000 >/dev/null
cd "$repo"
hyperfine -N --warmup 3 --runs 30 \
  -n "desk ingest (one new ticket, 100k repository)" \
  "sh -c 'printf \"From: jane@customer.test\nSubject: Camera\nMessage-ID: <\$(date +%s%N)@customer.test>\n\nIt stays dark.\n\" | $desk ingest'" \
  -n "the same shell pipeline without desk" \
  "sh -c 'printf \"From: jane@customer.test\nSubject: Camera\nMessage-ID: <\$(date +%s%N)@customer.test>\n\nIt stays dark.\n\" | true'"

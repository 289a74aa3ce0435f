#!/bin/sh
# Creates a Fossil repository with N tickets (for side-by-side benchmarks): fossil-tickets.sh DIR N
set -eu
dir="$1"; n="$2"
export USER="${USER:-bench}"
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
fossil init repo.fossil >/dev/null
fossil open repo.fossil >/dev/null
i=0
while [ "$i" -lt "$n" ]; do
  fossil ticket add title "Generated ticket $i" status Open type Incident comment "Body of ticket $i" >/dev/null
  i=$((i + 1))
done

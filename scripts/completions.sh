#!/bin/sh
# Regenerates completions/ from the CLI definition (a test fails when they are stale).
set -eu
cd "$(dirname "$0")/.."
cargo build --quiet
./target/debug/desk completions bash > completions/desk.bash
./target/debug/desk completions zsh > completions/_desk
./target/debug/desk completions fish > completions/desk.fish

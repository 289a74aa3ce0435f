#!/bin/sh
# Builds desk, creates a demo ticket repository with sample tickets, and lists them.
# Usage: scripts/demo.sh [DIR]   (default: a new temporary directory)
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet
desk="$PWD/target/release/desk"
dir="${1:-$(mktemp -d)/support}"
"$desk" init "$dir" >/dev/null 2>&1
cd "$dir"
"$desk" agent add alice --email alice@example.com --team support --name "Alice Martin" >/dev/null
"$desk" agent add bob --email bob@example.com --team support --team engineering --name "Bob Chen" >/dev/null
export DESK_AGENT=alice
new() { "$desk" new --json "$@" | sed -n 's/^  "id": "\(.*\)",$/\1/p'; }
a=$(new "Camera will not turn on" --requester jane@customer.test --priority high --type incident --tag camera -m "It stays dark, even after charging all night.")
b=$(new "Invoice shows the wrong VAT number" --requester finance@acme.test --type question -m "Our VAT number is DE123456789, the invoice says DE987654321.")
c=$(new "Export to CSV times out" --requester ops@bigcorp.test --priority urgent --type problem --tag export -m "Exports over 10k rows fail after 30 s.")
d=$(new "Add SSO for our team" --requester it@acme.test --priority low --type task -m "We would like to log in with our Okta accounts.")
e=$(new "Password reset mail never arrives" --requester sam@example.org --type incident -m "Tried three times today.")
"$desk" assign "$a" alice >/dev/null
"$desk" reply "$a" -m "Please hold the power button for ten seconds." >/dev/null
"$desk" reply "$a" --from jane@customer.test -m "Still dark." >/dev/null
"$desk" note "$a" -m "Known firmware bug, vendor case 77." >/dev/null
"$desk" assign "$c" bob --team engineering >/dev/null
"$desk" status "$c" open >/dev/null
"$desk" note "$c" --as bob -m "Query plan does a full scan; index missing." >/dev/null
"$desk" resolve "$b" -m "Corrected: the new invoice is attached to your account." >/dev/null
"$desk" status "$e" pending >/dev/null
"$desk" tag "$d" sso enterprise >/dev/null
echo "Demo repository: $dir"
echo
"$desk" list
echo
echo "Try: cd $dir && $desk show $a"

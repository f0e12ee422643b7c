#!/usr/bin/env bash
# The release package must not contain the end-to-end tests' hook (the `test-hooks` feature
# of checkup-app): it lets a script in the window save a report to a file it names. Unpacks
# the .deb and looks for the hook in every file, and in the release binary both packages
# carry. As a positive control, the test build of the app must contain it, so the search is
# known to find it.
set -euo pipefail
cd "$(dirname "$0")/.."

marker=checkupTestHooks
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

test_build=target/debug/checkup-app
if ! { [ -f "$test_build" ] && grep -qa "$marker" "$test_build"; }; then
  cargo build --quiet -p checkup-app --bin checkup-app --features test-hooks
fi
grep -qa "$marker" "$test_build" || { echo "positive control failed: the test build lacks $marker" >&2; exit 1; }

found=0
for deb in target/release/bundle/deb/*.deb; do
  dpkg-deb -x "$deb" "$work"
  if grep -rqa "$marker" "$work"; then echo "$deb contains the test hook" >&2; found=1; fi
done
if grep -qa "$marker" target/release/checkup-app; then
  echo "target/release/checkup-app (in every package) contains the test hook" >&2
  found=1
fi
[ "$found" -eq 0 ] && echo "release packages: no test hooks"
exit "$found"

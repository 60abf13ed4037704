#!/usr/bin/env bash
# Runs, as an unprivileged user, the test files that hold tests skipped for root (a directory root
# can always write, for instance). CI runs as root, so without this those tests would never run
# there. As a user other than root it has nothing to add: the main suite ran them already.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  echo "test-unprivileged: not root; the main suite ran these tests already"
  exit 0
fi

mapfile -t files < <(grep -rlE 'skipIf\(process\.getuid\?\.\(\) === 0\)' test src --include='*.test.ts' | sort)
if [ "${#files[@]}" = 0 ]; then
  echo "test-unprivileged: no test is skipped for root"
  exit 0
fi

user=nobody
group=$(id -gn "$user")
# The runner's config loader writes no temporary file into node_modules, which this user may not
# write; its HOME is a directory of its own.
home=$(mktemp -d)
chown "$user" "$home"
trap 'rm -rf "$home"' EXIT
if ! setpriv --reuid="$user" --regid="$group" --clear-groups test -r package.json -a -x node_modules; then
  echo "test-unprivileged: $user cannot read $(pwd) (a parent directory is closed to other users); NOT run: ${files[*]}"
  exit 0
fi
echo "test-unprivileged: ${files[*]} as $user"
setpriv --reuid="$user" --regid="$group" --clear-groups \
  env HOME="$home" node node_modules/vitest/vitest.mjs run --configLoader runner "${files[@]}"

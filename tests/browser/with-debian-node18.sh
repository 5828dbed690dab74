#!/usr/bin/env bash
# Runs the browser tests once more under Debian 12's own Node.js 18 (the version that
# `apt-get install nodejs` gives on bookworm), even on a machine with a newer Node.js installed:
# the package is downloaded from Debian's archive and unpacked into a temporary folder, never
# installed. Skipped when `node` is already version 18. Needs a configured build in build/.
#   tests/browser/with-debian-node18.sh [ctest arguments...]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(node --version | cut -d. -f1)" = v18 ]; then
  echo "node18: the machine's Node.js is already $(node --version); the browser tests ran under it"
  exit 0
fi
node18_version() { apt-cache madison nodejs | awk -F'|' '$2 ~ /^ *18\./ {gsub(/ /, "", $2); print $2; exit}'; }
version=$(node18_version)
[ -n "$version" ] || { apt-get update -qq; version=$(node18_version); }
[ -n "$version" ] || { echo "node18: no Node.js 18 in Debian's archive (apt-cache madison nodejs)" >&2; exit 1; }
# Debian's node 18 loads some of its built-in modules from other Debian packages, at fixed paths
# under /usr/share/nodejs: those packages (plain JavaScript, no node binary) are installed for real.
need=()
for p in node-acorn node-cjs-module-lexer node-undici; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"  # apt's download user must be able to write here
(cd "$work" && apt-get download -qq "nodejs=$version" "libnode108=$version")
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/root"; done
mkdir -p "$work/bin"
# A wrapper, so that only node (not Chromium or Java) sees the unpacked libnode.
printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$work/root/usr/lib/$(gcc -print-multiarch)" "$work/root/usr/bin/node" > "$work/bin/node"
chmod +x "$work/bin/node"
export PATH="$work/bin:$PATH"
echo "node18: running the browser tests under Debian's Node.js $(node --version) ($version)"
ctest --test-dir build --output-on-failure -L browser "$@"

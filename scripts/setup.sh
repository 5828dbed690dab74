#!/usr/bin/env bash
# Installs what kbgen needs on Debian 12, skipping whatever is already there.
#   scripts/setup.sh build   compiler and libraries
#   scripts/setup.sh test    the above plus node, lunr.js for node, chromium, nginx, java, npm packages
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
want_pkg() { dpkg -s "$1" >/dev/null 2>&1 || need+=("$1"); }
want_cmd() { command -v "$1" >/dev/null 2>&1 || need+=("$2"); }

for p in g++ cmake make pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev nlohmann-json3-dev \
         libyaml-cpp-dev libkainjow-mustache-dev libcli11-dev catch2 libjs-lunr libcpp-httplib-dev libicu-dev; do
  want_pkg "$p"
done
if [ "${1:-build}" = test ]; then
  want_cmd node nodejs
  want_cmd npm npm
  want_cmd java default-jre-headless
  # hyperfine, hugo and time: the benchmarks' smoke test (bench/run --quick).
  for p in node-lunr chromium hyperfine hugo time; do want_pkg "$p"; done
  [ -x /usr/sbin/nginx ] || need+=(nginx)
  # clang and its runtime (libFuzzer, sanitizers): the fuzz smoke run (tests/fuzz/run.sh).
  for p in clang libclang-rt-14-dev; do want_pkg "$p"; done
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${need[*]} (run as root, or: sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
  echo "setup: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ "${1:-build}" = test ] && [ -f tests/browser/package-lock.json ]; then
  if [ ! -d tests/browser/node_modules ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules ]; then
    npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
  fi
fi

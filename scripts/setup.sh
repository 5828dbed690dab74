#!/usr/bin/env bash
# Installs what kbgen needs on Debian 12, skipping whatever is already there.
#   scripts/setup.sh build   compiler and libraries
#   scripts/setup.sh test    the above plus node, lunr.js for node, chromium, firefox-esr, nginx, java, npm packages
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
want_pkg() { dpkg -s "$1" >/dev/null 2>&1 || need+=("$1"); }
want_cmd() { command -v "$1" >/dev/null 2>&1 || need+=("$2"); }

for p in g++ cmake make pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev nlohmann-json3-dev \
         libyaml-cpp-dev libyaml-dev libkainjow-mustache-dev libcli11-dev catch2 libjs-lunr libcpp-httplib-dev libicu-dev \
         libjemalloc-dev libsimdjson-dev; do
  want_pkg "$p"
done
if [ "${1:-build}" = test ]; then
  want_cmd node nodejs
  want_cmd npm npm
  want_cmd java default-jre-headless
  # hyperfine, hugo and time: the benchmarks' smoke test (bench/run --quick).
  for p in node-lunr chromium hyperfine hugo time; do want_pkg "$p"; done
  # firefox-esr: the reader's browser checks run in Firefox too (tests/browser/run.js, over WebDriver
  # BiDi); poppler-utils: pdftotext reads back the page a browser prints.
  for p in firefox-esr poppler-utils; do want_pkg "$p"; done
  # python3-bibtexparser: the citation test reads the BibTeX downloads as a reference manager would.
  want_pkg python3-bibtexparser
  # cmark-gfm: the reference renderer beside kbgen's for the CommonMark examples (tests/markdown).
  want_pkg cmark-gfm
  [ -x /usr/sbin/nginx ] || need+=(nginx)
  # clang and its runtime (libFuzzer, sanitizers): the fuzz smoke run (tests/fuzz/run.sh);
  # gumbo, an HTML5 parser, reads the raw-HTML filter's output as a browser would (fuzz_raw_html).
  for p in clang libclang-rt-14-dev libgumbo-dev; do want_pkg "$p"; done
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

# The versions the test tools need, checked before any test starts (tests/browser/README.md says
# why these). A wrong version is named with the way to fix it, instead of failing in a test.
check_versions() {
  local bad=0 v
  v=$(node --version 2>/dev/null | sed 's/^v//')
  if [ "${v%%.*}" -lt 18 ] 2>/dev/null || [ -z "$v" ]; then
    echo "setup: Node.js ${v:-(none)} is too old: the browser tests (playwright-core 1.61) need Node.js 18 or later;" \
         "install Debian 12's: apt-get install nodejs npm" >&2
    bad=1
  fi
  v=$(/usr/bin/chromium --version 2>/dev/null | grep -o '[0-9][0-9]*\.[0-9.]*' | head -1)
  if [ -z "$v" ]; then
    echo "setup: /usr/bin/chromium does not start: the browser tests drive Debian's Chromium;" \
         "apt-get install chromium (or point KB_CHROMIUM at a Chromium binary)" >&2
    [ -n "${KB_CHROMIUM:-}" ] || bad=1
  elif [ "${v%%.*}" -lt 110 ]; then
    echo "setup: Chromium $v is too old for playwright-core 1.61 (needs 110 or later): apt-get install --only-upgrade chromium" >&2
    bad=1
  fi
  v=$(/usr/bin/firefox-esr --version 2>/dev/null | grep -o '[0-9][0-9]*\.[0-9.]*' | head -1)
  if [ -z "$v" ]; then
    echo "setup: /usr/bin/firefox-esr does not start: the browser tests drive Debian's Firefox ESR too;" \
         "apt-get install firefox-esr (or point KB_FIREFOX at a Firefox binary)" >&2
    [ -n "${KB_FIREFOX:-}" ] || bad=1
  fi
  v=$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -1)
  if [ -z "$v" ] || [ "$v" -lt 11 ]; then
    echo "setup: Java ${v:-(none)} cannot run the Nu HTML checker (vnu.jar needs Java 11 or later):" \
         "apt-get install default-jre-headless" >&2
    bad=1
  fi
  return "$bad"
}
if [ "${1:-build}" = test ]; then
  check_versions || exit 1
fi

# npm packages of the tests, from their lock files: the browser tools, the CommonMark spec.
if [ "${1:-build}" = test ]; then
  for dir in tests/browser tests/markdown; do
    [ -f "$dir/package-lock.json" ] || continue
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    fi
  done
fi

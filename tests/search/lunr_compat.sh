#!/usr/bin/env bash
# Byte-for-byte compatibility of `kbgen lunr` with lunr.js 2.3.9 (Debian's node-lunr under
# nodejs): for the committed edge-case corpora, a generated corpus and any corpus given on the
# command line (e.g. the corpus `kbgen build` writes next to the site's index), the index must
# equal lunr.js's and answer the queries in queries.json identically; so must the index that
# lunr.js's Builder finishes from `kbgen lunr --state` (what the site ships).
# Usage: tests/search/lunr_compat.sh KBGEN [--only] [CORPUS.json ...]
#   --only: check just the corpora given, not the committed and generated ones.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kbgen="${1:?usage: lunr_compat.sh KBGEN [--only] [CORPUS.json ...]}"
shift
only=0
if [ "${1:-}" = "--only" ]; then
  only=1
  shift
fi

if ! command -v node > /dev/null; then
  echo "lunr_compat: node not found: apt-get install nodejs node-lunr" >&2
  exit 1
fi
if [ -z "${LUNR_JS:-}" ] && [ ! -e /usr/share/nodejs/lunr/index.js ] &&
   [ ! -e /usr/share/javascript/lunr/lunr.js ]; then
  echo "lunr_compat: lunr.js not found: apt-get install node-lunr" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
corpora=()
if [ $only = 0 ]; then
  node "$here/gen_corpus.js" 1500 > "$work/generated_corpus.json"
  node "$here/gen_corpus.js" 1500 unique > "$work/generated_unique_corpus.json"
  node "$here/gen_stem_corpus.js" > "$work/stemmer_corpus.json"
  # Over 2 MB of text: the only corpus here that kbgen indexes on every core, not on one
  # (kParallelTextBytes in generator/search/lunr_builder.cpp).
  node "$here/gen_corpus.js" 6000 unique > "$work/generated_large_corpus.json"
  corpora=("$here/edge_corpus.json" "$here/edge_fields_corpus.json"
           "$work/generated_corpus.json" "$work/generated_unique_corpus.json" "$work/stemmer_corpus.json"
           "$work/generated_large_corpus.json")
fi

status=0
for corpus in "${corpora[@]}" "$@"; do
  if [ ! -f "$corpus" ]; then
    echo "lunr_compat: no corpus at $corpus" >&2
    status=1
    continue
  fi
  if ! "$kbgen" lunr "$corpus" > "$work/ours.json"; then
    echo "lunr_compat: kbgen lunr $corpus failed" >&2
    status=1
    continue
  fi
  node "$here/compare_lunr.js" "$corpus" "$work/ours.json" "$here/queries.json" || status=1
  # The builder state the site ships must become the same index in lunr.js. A corpus that adds
  # a ref twice has no state form: kbgen must say so.
  if "$kbgen" lunr --state "$corpus" > "$work/state.json" 2> "$work/state.err"; then
    node "$here/compare_lunr.js" --state "$corpus" "$work/state.json" "$here/queries.json" || status=1
  elif ! grep -q 'is added more than once' "$work/state.err"; then
    echo "lunr_compat: kbgen lunr --state $corpus failed:" >&2
    cat "$work/state.err" >&2
    status=1
  fi
  # Next to a built site's corpus, the index the pages load must be this very state.
  # (search/corpus.json → search/index.js; search/notes-corpus.json → search/notes.js)
  name=$(basename "$corpus" .json)
  case "$name" in corpus) script=index.js ;; *-corpus) script=${name%-corpus}.js ;; *) script=none ;; esac
  script="$(dirname "$corpus")/$script"
  if [ -f "$script" ] && ! node -e '
      const fs = require("fs");
      process.exit(fs.readFileSync(process.argv[1], "utf8").includes(fs.readFileSync(process.argv[2], "utf8")) ? 0 : 1);
    ' "$script" "$work/state.json"; then
    echo "lunr_compat: $script does not contain the builder state built from $corpus" >&2
    status=1
  fi
done
exit $status

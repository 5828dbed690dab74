#!/usr/bin/env bash
# Benchmark: the C++ lunr index builder against lunr.js on the same corpus, in the same run.
# The corpus is every paragraph of the seed texts (about 2,200 documents, 1.3 MB of text),
# with a boosted title field. Both sides are timed in-process (no start-up, no file reading),
# best of several runs, building and serialising the index. Prints the ratio js_ms / cpp_ms.
#
# Usage: bench/lunr/run.sh [SEED_DIR]   (default: the repository's sources/)
# Needs: g++, libicu-dev, libsimdjson-dev, nlohmann-json3-dev, nodejs and node-lunr (or libjs-lunr).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seeds="${1:-$root/sources}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

node "$here/make_seed_corpus.js" "$seeds" > "$work/corpus.json"
g++ -std=c++20 -O3 -DNDEBUG -I"$root/generator" "$here/lunr_bench.cpp" \
  "$root"/generator/search/{js_string,js_number,lunr_tokenizer,lunr_pipeline,lunr_stemmer,corpus,lunr_builder}.cpp \
  "$root"/generator/util/parallel.cpp $(pkg-config --libs icu-uc simdjson) -pthread -o "$work/lunr_bench"

# The two indexes must be identical before their times mean anything.
node "$root/tests/search/lunr_js.js" "$work/corpus.json" > "$work/js.json"
"$work/lunr_bench" "$work/corpus.json" 1 "$work/cpp.json" > /dev/null
cmp -s "$work/js.json" "$work/cpp.json" || { echo "run.sh: indexes differ" >&2; exit 1; }
cpp=$("$work/lunr_bench" "$work/corpus.json" 30 | awk '/cpp_ms/ {print $2}')
js=$(node "$here/time_lunr_js.js" "$work/corpus.json" 5 | awk '/js_ms/ {print $2}')
docs=$(node -e "console.log(require('$work/corpus.json').documents.length)")
printf 'corpus: %s documents, %s bytes\n' "$docs" "$(wc -c < "$work/corpus.json")"
printf 'lunr.js (node %s): %.1f ms\n' "$(node --version)" "$js"
printf 'C++ build_lunr_index: %.1f ms\n' "$cpp"
awk -v js="$js" -v cpp="$cpp" 'BEGIN { printf "ratio: %.1fx faster (budget: at least 20x)\n", js / cpp }'

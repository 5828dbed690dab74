#!/usr/bin/env bash
# ThreadSanitizer on kbgen's threads (content parsing, Markdown, rendering, the search index):
# builds kbgen with clang and -fsanitize=thread in BUILD_DIR, then builds the real site and the
# fixture sites with 4 and 8 threads. Any report fails; the sites must equal a one-thread build.
#   tests/threads/run.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=${1:?source dir}
dir=${2:?build dir}
CC=clang CXX=clang++ cmake -S "$src" -B "$dir" -DKB_JEMALLOC=OFF -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1 -fsanitize=thread" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
cmake --build "$dir" -j"${KB_JOBS:-2}" --target kbgen
export TSAN_OPTIONS="halt_on_error=1:exitcode=66"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The real site, and the fixture sites put together as the Catch2 tests do (support.cpp, make_site).
sites=("$src")
for s in "$src"/tests/fixtures/sites/*/; do
  root="$work/root-$(basename "$s")"
  mkdir -p "$root/content"
  cp -r "$src/tests/fixtures/templates" "$root/templates"
  cp "$src/tests/fixtures/schema.yaml" "$root/content/schema.yaml"
  cp -r "$s". "$root/"
  sites+=("$root")
done
for root in "${sites[@]}"; do
  name=$(basename "$root")
  KB_THREADS=1 "$dir/kbgen" build --root "$root" --out "$work/$name-1" >"$work/log" 2>&1 ||
    { cat "$work/log" >&2; echo "threads: $name does not build with one thread" >&2; exit 1; }
  for t in 4 8; do
    KB_THREADS=$t "$dir/kbgen" build --root "$root" --out "$work/$name-$t" >"$work/log" 2>&1 ||
      { cat "$work/log" >&2; echo "threads: building $name with $t threads failed (66: a ThreadSanitizer report)" >&2; exit 1; }
    if ! diff -rq "$work/$name-1" "$work/$name-$t" >&2; then
      echo "threads: $name differs between 1 and $t threads" >&2
      exit 1
    fi
  done
  echo "threads: $name: no report with 4 and 8 threads, output equal to one thread's"
done

#!/usr/bin/env bash
# ThreadSanitizer on kbgen's threads (content parsing, Markdown, rendering, the search index):
# builds kbgen with clang and -fsanitize=thread in BUILD_DIR, then builds the real site and the
# fixture sites with 4 and 8 threads, and runs `kbgen serve` through three edits (recorded reads,
# search files after the pages), and the unit tests of the threads themselves (kb_tests "[util]":
# parallel_for from several callers, tasks on kept threads). Any report fails; the sites must
# equal a one-thread build.
#   tests/threads/run.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=${1:?source dir}
dir=${2:?build dir}
CC=clang CXX=clang++ cmake -S "$src" -B "$dir" -DKB_JEMALLOC=OFF -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1 -fsanitize=thread" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
cmake --build "$dir" -j"${KB_JOBS:-2}" --target kbgen kb_tests
export TSAN_OPTIONS="halt_on_error=1:exitcode=66"
"$dir/kb_tests" "[util]" >&2 || { echo "threads: kb_tests [util] failed (66: a ThreadSanitizer report)" >&2; exit 1; }
echo "threads: kb_tests [util]: no report"
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

# kbgen serve on a copy of the real site: views built on worker threads while their reads are
# recorded, then the search files made after the pages, on a thread of their own, through three
# edits to one mission. Any report stops the server (exit 66).
root="$work/serve-root"
mkdir -p "$root"
cp -r "$src/content" "$src/templates" "$src/assets" "$root/"
KB_THREADS=4 "$dir/kbgen" serve --root "$root" --out "$root/site" --port 0 >"$work/serve.log" 2>&1 &
serve=$!
wait_for() {  # COUNT PATTERN: waits (at most 300 s) until the log has COUNT lines matching PATTERN
  for _ in $(seq 3000); do
    [ "$(grep -c "$2" "$work/serve.log")" -ge "$1" ] && return 0
    kill -0 "$serve" 2>/dev/null || { cat "$work/serve.log" >&2; echo "threads: serve stopped" >&2; exit 1; }
    sleep 0.1
  done
  cat "$work/serve.log" >&2; echo "threads: serve printed no '$2'" >&2; kill "$serve"; exit 1
}
wait_for 1 "^built "
mission=$(ls "$root/content/missions" | head -1)
for n in 1 2 3; do
  printf '\nEdited under ThreadSanitizer, round %s.\n' "$n" >>"$root/content/missions/$mission"
  wait_for "$n" "search files updated"
done
kill "$serve"
wait "$serve" 2>/dev/null || true
if grep -q "ThreadSanitizer" "$work/serve.log"; then cat "$work/serve.log" >&2; exit 1; fi
echo "threads: serve: no report through 3 rebuilds with 4 threads"

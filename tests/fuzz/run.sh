#!/usr/bin/env bash
# Replays the regression corpus of the libFuzzer targets (tests/fuzz/*.cpp, built with clang by
# tests/sanitize/build.sh; tests/fuzz/regressions/TARGET/: inputs that once crashed), then fuzzes
# each target for a bounded time starting from its seed corpus (tests/fuzz/corpus/TARGET/).
#   tests/sanitize/build.sh SOURCE_DIR BUILD_DIR && tests/fuzz/run.sh SOURCE_DIR BUILD_DIR
#   (KB_FUZZ_SECONDS per target, default 20)
# A crash leaves its input in BUILD_DIR/artifacts/; after fixing the bug, copy it into
# tests/fuzz/regressions/TARGET/ so that it is replayed from then on.
set -euo pipefail
src=${1:?source dir}
dir=${2:?build dir}
seconds=${KB_FUZZ_SECONDS:-20}
jobs=${KB_JOBS:-2}

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
mkdir -p "$dir/artifacts"

targets=()
for f in "$src"/tests/fuzz/*.cpp; do targets+=("$(basename "$f" .cpp)"); done

fuzz_one() {
  local t=$1 bin="$dir/$1" log="$dir/$1.log"
  {
    local regress="$src/tests/fuzz/regressions/$t"
    if compgen -G "$regress/*" >/dev/null; then
      echo "== $t: replaying $(ls "$regress" | wc -l) regression inputs"
      "$bin" -rss_limit_mb=2048 -timeout=10 "$regress"/*
    fi
    local work="$dir/corpus/$t"
    mkdir -p "$work"
    echo "== $t: fuzzing for ${seconds}s"
    "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=16384 -print_final_stats=1 \
      -artifact_prefix="$dir/artifacts/$t-" "$work" "$src/tests/fuzz/corpus/$t"
  } >"$log" 2>&1
}

status=0
pids=()
names=()
for t in "${targets[@]}"; do
  fuzz_one "$t" &
  pids+=($!)
  names+=("$t")
  if [ "${#pids[@]}" -ge "$jobs" ]; then
    wait "${pids[0]}" || { echo "FAILED: ${names[0]}" >&2; tail -n 60 "$dir/${names[0]}.log" >&2; status=1; }
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  fi
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { echo "FAILED: ${names[$i]}" >&2; tail -n 60 "$dir/${names[$i]}.log" >&2; status=1; }
done
for t in "${targets[@]}"; do grep -h "stat::number_of_executed_units\|Done " "$dir/$t.log" | sed "s/^/$t: /" || true; done
exit "$status"

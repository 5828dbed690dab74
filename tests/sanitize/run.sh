#!/usr/bin/env bash
# Runs the Catch2 suite (unit, golden, invalid, CLI, ...) built by tests/sanitize/build.sh
# with AddressSanitizer and UndefinedBehaviorSanitizer. Any report from any process (the tests
# or the kbgen they start) fails the run. PART names one half of the suite (tests.cmake runs
# the two side by side), FILTER is its Catch2 test spec; without them, the whole suite runs.
#   tests/sanitize/build.sh SOURCE_DIR BUILD_DIR && tests/sanitize/run.sh SOURCE_DIR BUILD_DIR [PART FILTER]
set -euo pipefail
src=${1:?source dir}
dir=${2:?build dir}
part=${3:-all}
filter=${4:-~[threads]}

logs="$dir/sanitizer-reports-$part"
rm -rf "$logs"
mkdir -p "$logs"
# Reports go to files, not stderr: the tests compare kbgen's stderr exactly, and a report from
# a child process must not be lost in a captured stream.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:log_path=$logs/asan:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/ubsan"

# The unit, golden, invalid-site, CLI, serve, importer and fidelity tests. The two integration
# tests that rebuild the whole real site dozens of times (incremental edits, killed builds) run
# in the ordinary build only: under the sanitizers they would take most of the CI budget, so the
# instrumented kb_tests does not contain them (CMakeLists.txt). The thread-count test (two
# builds of the real site) runs in the ordinary build and under ThreadSanitizer (tests/threads).
status=0
log="$dir/sanitize-$part.log"
( cd "$src" && "$dir/kb_tests" "$filter" ) >"$log" 2>&1 || status=1
tail -n 3 "$log"
if compgen -G "$logs/*" >/dev/null; then
  echo "sanitizer reports:" >&2
  cat "$logs"/* >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  grep -h -B2 -A12 "FAILED" "$log" | head -200 >&2 || true
fi
exit "$status"

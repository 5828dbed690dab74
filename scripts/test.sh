#!/usr/bin/env bash
# README command 2: installs what is missing, builds, and runs every test (unit, golden, CLI,
# fidelity, lunr.js compatibility, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
# The instrumented build (ASan+UBSan, for the sanitizer suite and the fuzz run) is the longest
# path of the run: about 300 s alone on 2 cores, but 1007 s beside the tests. Its `nice -10` counted
# for little: Linux shares the CPU first between sessions (autogroups), and each browser the tests
# start runs in a session of its own. So it gets a session of its own too, whose priority is
# raised where the system allows it (as root; otherwise the normal one). It starts first, holding
# its lock; the test `instrumented_build` waits for the lock, then finds it built. Without this
# script, that test builds it itself.
if [ -z "${KB_NO_PREBUILD:-}" ] && command -v flock >/dev/null && command -v clang++ >/dev/null; then
  mkdir -p build/instrumented
  exec 9>build/instrumented.lock
  flock 9
  (setsid -w bash -c 'echo -10 >/proc/self/autogroup 2>/dev/null || true
                      exec nice -n -10 bash tests/sanitize/build.sh "$PWD" "$PWD/build/instrumented"' \
     >build/instrumented-prebuild.log 2>&1 || true) &
  exec 9>&-  # the background build keeps the lock until it is done
fi
# One test more than cores: the browser tests spend part of their time waiting for pages.
status=0
ctest --test-dir build --output-on-failure -j"$(( $(nproc) + 1 ))" "$@" || status=$?
wait  # the instrumented build, when the tests chosen did not wait for it: nothing outlives this
exit "$status"

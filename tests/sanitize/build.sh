#!/usr/bin/env bash
# One instrumented build for the sanitizer suite and the fuzz smoke run: kbgen, kb_tests and the
# libFuzzer targets, with AddressSanitizer and UndefinedBehaviorSanitizer, in BUILD_DIR. With
# clang (Debian: clang, libclang-rt-14-dev) the library also carries libFuzzer's coverage and the
# fuzz targets are built; without it, GCC builds the suite alone. Compiling the library once for
# both halves the time the two take.
#   tests/sanitize/build.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=${1:?source dir}
dir=${2:?build dir}
jobs=${KB_JOBS:-2}

targets=(kb_tests kbgen)
if command -v clang++ >/dev/null; then
  CC=clang CXX=clang++ cmake -S "$src" -B "$dir" -DKB_SANITIZE=ON -DKB_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" >/dev/null
  targets+=(kb_fuzz_targets)
else
  cmake -S "$src" -B "$dir" -DKB_SANITIZE=ON -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" >/dev/null
fi
cmake --build "$dir" -j"$jobs" --target "${targets[@]}"

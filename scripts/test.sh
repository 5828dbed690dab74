#!/usr/bin/env bash
# README command 2: installs what is missing, builds, and runs every test (unit, golden, CLI,
# fidelity, lunr.js compatibility, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
# One test more than cores: the browser tests spend part of their time waiting for pages (the
# last quiet run kept the 2 cores 66 % busy), and the instrumented build is the longest path.
ctest --test-dir build --output-on-failure -j"$(( $(nproc) + 1 ))" "$@"

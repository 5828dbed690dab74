#!/usr/bin/env bash
# README command 2: installs what is missing, builds, and runs every test (unit, golden, CLI,
# fidelity, lunr.js compatibility, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"

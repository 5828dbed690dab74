#!/usr/bin/env bash
# README command 1: installs what is missing, builds kbgen, generates the site into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
./build/kbgen build --root . --out site
echo "Open site/index.html in a browser (file://$(pwd)/site/index.html), or serve the site/ folder."

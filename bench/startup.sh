#!/usr/bin/env bash
# What a kbgen process pays before it does anything: `kbgen --version` beside an empty program
# linked with nothing, with libcpp-httplib (which loads OpenSSL, brotli and zlib and initialises
# OpenSSL) and with ICU, so the libraries' share of the start-up shows.
#   bench/startup.sh KBGEN [RUNS]      e.g. bench/startup.sh build/kbgen 100
# Needs hyperfine and g++ (Debian 12).
set -euo pipefail
kb=$(realpath "$1"); runs=${2:-100}
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
echo 'int main() { return 0; }' >"$d/empty.cpp"
g++ -O2 "$d/empty.cpp" -o "$d/empty"
g++ -O2 "$d/empty.cpp" -o "$d/empty-httplib" -Wl,--no-as-needed -lcpp-httplib
g++ -O2 "$d/empty.cpp" -o "$d/empty-icu" -Wl,--no-as-needed -licuuc -licui18n
hyperfine -N -w 5 -r "$runs" "$d/empty" "$d/empty-httplib" "$d/empty-icu" "$kb --version" 2>&1 |
  grep -E "^Benchmark|Time \(mean" | sed "s|$d/||"

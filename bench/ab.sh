#!/usr/bin/env bash
# Two kbgen binaries (or settings) on the same command, alternated in rounds with hyperfine: how
# the before/after figures in commit messages and bench/analysis.md are taken.
#   bench/ab.sh BEFORE AFTER RUNS ROUNDS ARGS...
#   e.g. bench/ab.sh /tmp/old/kbgen build/kbgen 100 3 lunr site/search/corpus.json
#        bench/ab.sh build/kbgen "env KB_THREADS=1 build/kbgen" 40 3 lunr site/search/corpus.json
#        bench/ab.sh /tmp/old/kbgen build/kbgen 30 2 build --root . --out /dev/shm/ab-site
# Prints each round's mean with user and system time, BEFORE first. Needs hyperfine.
set -euo pipefail
before=$1 after=$2 runs=$3 rounds=$4
shift 4
args=$(printf ' %q' "$@")
for round in $(seq "$rounds"); do
  echo "round $round"
  hyperfine -N -w 3 -r "$runs" "$before$args" "$after$args" 2>&1 | grep -E "^Benchmark|Time \(mean"
done

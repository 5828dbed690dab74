#!/usr/bin/env bash
# What a build costs in fresh memory: wall and processor time, peak memory, page faults, the
# huge pages the kernel zeroed for it (/proc/vmstat thp_fault_alloc) and the madvise and thread
# (clone3) calls it made (strace -c, a separate run). bench/analysis.md quotes these for the
# kept threads and jemalloc's settings (2026-12-02).
#   bench/faults.sh KBGEN SITE_ROOT   e.g. bench/faults.sh build/kbgen /dev/shm/synth-10000
# Needs /usr/bin/time and strace (Debian: time, strace).
set -euo pipefail
kbgen=${1:?kbgen binary}
root=${2:?site root}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
thp() { awk '/^thp_fault_alloc /{print $2}' /proc/vmstat; }
before=$(thp)
/usr/bin/time -f "wall %e s, user %U s, system %S s, peak %M KB, minor faults %R" \
  "$kbgen" build --root "$root" --out "$out/site" 2>&1 >/dev/null | tail -1
echo "huge pages faulted in (2 MB each): $(( $(thp) - before ))"
rm -rf "$out/site"
strace -f -c -e trace=madvise,clone3 "$kbgen" build --root "$root" --out "$out/site" 2>&1 >/dev/null |
  awk '$NF == "madvise" || $NF == "clone3" {print $NF " calls: " $4}'

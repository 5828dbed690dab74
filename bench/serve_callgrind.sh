#!/usr/bin/env bash
# Instructions per edit in `kbgen serve` (callgrind, one thread): runs serve on a copy of a site
# (default: this repository's) twice under callgrind, once with no edit and once with EDITS edits
# to the first mission (each once the last edit's search files are published), and prints the
# difference divided by EDITS: the whole process (rebuild and search files) and the main stages.
# Stable on a busy machine where wall time is not. Takes minutes (the first build runs under
# valgrind each time).
#   bench/serve_callgrind.sh KBGEN [EDITS] [SITE_ROOT]
set -euo pipefail
kb=$(realpath "$1"); n=${2:-4}; src=${3:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d "${TMPDIR:-/dev/shm}/kb-cgserve.XXXXXX")
trap 'rm -rf "$work"' EXIT
run() {  # run EDITS OUT: callgrind_annotate's inclusive counts of one serve run
  local d="$work/site-$1"
  mkdir -p "$d"
  cp -r "$src/content" "$src/templates" "$src/assets" "$d/"
  # kbgen-serve itself, as `kbgen serve` would exec it: valgrind does not follow an exec.
  KB_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$work/cg-$1" \
    "$(dirname "$kb")/kbgen-serve" serve --root "$d" --out "$d/site" --port 0 >/dev/null 2>"$d/log" &
  local pid=$!
  until grep -qs "^built" "$d/log"; do sleep 0.5; done
  local m c missions
  # The first mission (a glob, not `ls | head`, whose early exit fails the pipeline on a large site).
  missions=("$d"/content/missions/*.md); m=$(basename "${missions[0]}")
  for i in $(seq "$1"); do
    c=$(grep -c "search files updated" "$d/log" || true)
    echo "Edit $i added." >>"$d/content/missions/$m"
    until [ "$(grep -c "search files updated" "$d/log" || true)" -gt "$c" ]; do sleep 0.2; done
  done
  kill -INT "$pid"; wait "$pid" 2>/dev/null || true
  callgrind_annotate --inclusive=yes "$work/cg-$1" >"$2" 2>/dev/null
}
run 0 "$work/none"
run "$n" "$work/edits"
python3 - "$work/none" "$work/edits" "$n" <<'PY'
import re, sys
names = {"PROGRAM TOTALS": "whole process", "kb::pipeline::Session::generate(": "generate",
         "kb::render::render_site(": "render", "kb::graph::build_graph(": "graph",
         "kb::content::load_content(": "load", "kb::site::sync_output(": "sync"}
def counts(path):
    out = {}
    for line in open(path):
        m = re.match(r"\s*([\d,]+) \(", line)
        if not m: continue
        for key, name in names.items():
            if key in line and name not in out: out[name] = int(m.group(1).replace(",", ""))
    return out
none, edits, n = counts(sys.argv[1]), counts(sys.argv[2]), int(sys.argv[3])
for name in names.values():
    if name in edits:
        print(f"{name:14} {(edits[name] - none.get(name, 0)) / n / 1e6:8.1f} M instructions per edit")
PY
